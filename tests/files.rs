//! A plan file is untrusted input (issue 14, "Files"): inputs are regular files read with
//! a bound, outputs never replace an input or a non-regular file, chains are bounded,
//! the 文号 lookup stays in the project folder.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// Runs `quanze` in `folder`, killed after `seconds`: exit code (None when killed),
/// standard output, standard error.
fn run_for(seconds: u64, folder: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::cargo_bin("quanze")
        .expect("the quanze binary")
        .env("NO_COLOR", "1")
        .current_dir(folder)
        .args(args)
        .timeout(Duration::from_secs(seconds))
        .output()
        .expect("quanze runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn run_in(folder: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    run_for(60, folder, args)
}

/// A small clean plan with the 文号 `number`, refining `parent` (文号, file) when given.
fn plan(number: &str, parent: Option<(&str, &str)>) -> String {
    match parent {
        None => format!("文件 \"{number}\" {{ 文号 \"{number}\" 印发 2024-01-01 }}\n层级 甲 > 乙\n事项 a \"a\" => 甲 § \"1\"\n"),
        Some((parent_number, file)) => {
            let file = if file.is_empty() { String::new() } else { format!(" \"{file}\"") };
            format!(
                "文件 \"{number}\" {{\n  文号 \"{number}\"\n  印发 2024-01-01\n  细化 \"{parent_number}\"{file}\n  细分 甲 => 甲 > 乙\n}}\n层级 甲 > 乙\n事项 a \"a\" => 甲 § \"1\"\n"
            )
        }
    }
}

fn write(folder: &Path, name: &str, text: &str) {
    std::fs::write(folder.join(name), text).expect("write");
}

#[test]
fn the_sketch_plans_check_clean() {
    let folder = tempfile::tempdir().expect("temp dir");
    write(folder.path(), "p.qz", &plan("P-1", None));
    write(folder.path(), "c.qz", &plan("C-1", Some(("P-1", "p.qz"))));
    write(folder.path(), "d.qz", &plan("D-1", Some(("C-1", ""))));
    let (code, stdout, stderr) = run_in(folder.path(), &["check", "p.qz", "c.qz", "d.qz"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}

/// `/dev/zero` has length 0 by its metadata and never ends: read, it grew without bound.
#[cfg(unix)]
#[test]
fn a_device_is_refused_not_read() {
    let folder = tempfile::tempdir().expect("temp dir");
    for lang in ["zh", "en"] {
        let (code, _, stderr) = run_for(20, folder.path(), &["--lang", lang, "check", "/dev/zero"]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("E0019"), "{stderr}");
        let said = if lang == "zh" { "设备" } else { "a device" };
        assert!(stderr.contains(said), "{stderr}");
    }
}

/// A named pipe as the parent: opening it waited for a writer for ever.
#[cfg(unix)]
#[test]
fn a_pipe_named_as_the_parent_is_refused_not_waited_for() {
    let folder = tempfile::tempdir().expect("temp dir");
    let made = std::process::Command::new("mkfifo")
        .arg(folder.path().join("p.qz"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    write(folder.path(), "c.qz", &plan("C-1", Some(("P-1", "p.qz"))));
    let (code, _, stderr) = run_for(20, folder.path(), &["check", "c.qz"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("E0027") && stderr.contains("命名管道"), "{stderr}");
    // Found by its 文号 instead, a pipe is not even opened: no plan has the number.
    write(folder.path(), "c.qz", &plan("C-1", Some(("P-1", ""))));
    let (code, _, stderr) = run_for(20, folder.path(), &["check", "c.qz"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("E0027"), "{stderr}");
}

/// However long a source is, no more than the limit and one byte is read from it.
#[test]
fn a_source_is_read_no_further_than_the_limit() {
    let bytes = quanze::source::read_at_most(std::io::repeat(b'x'), 1000).expect("reads");
    assert_eq!(bytes.len(), 1001);
    let bytes = quanze::source::read_at_most(&b"short"[..], 1000).expect("reads");
    assert_eq!(bytes, b"short");
}
