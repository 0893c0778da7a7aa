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

// ---- Outputs never replace an input (item 1) ------------------------------------------

/// A folder with the plan `p` (no extension, so every command may name it as an output),
/// the plan `c.qz` refining it, and `a.qz`, an amendment of `p`.
fn project() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    write(folder.path(), "p", &plan("P-1", None));
    write(folder.path(), "c.qz", &plan("C-1", Some(("P-1", "p"))));
    write(
        folder.path(),
        "a.qz",
        "修正案 \"A\" {\n  文号 \"A-1\"\n  印发 2025-01-01\n  修正 \"P-1\" \"p\"\n}\n修改事项 a {\n  更改 \"1\" => 乙 § \"一\"\n}\n",
    );
    folder
}

/// Runs `args` in `folder` and requires a refusal (exit 2) that left `kept` as it was.
fn refused(folder: &Path, args: &[&str], kept: &str) {
    let before = std::fs::read(folder.join(kept)).expect("read");
    let (code, stdout, stderr) = run_in(folder, args);
    assert_eq!(code, Some(2), "{args:?}: {stdout}{stderr}");
    assert!(stderr.contains("输入"), "{args:?}: {stderr}");
    assert_eq!(std::fs::read(folder.join(kept)).expect("read"), before, "{args:?} replaced {kept}");
    let names: Vec<_> = std::fs::read_dir(folder).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(".tmp")), "{names:?}");
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let folder = project();
    let at = folder.path();
    refused(at, &["table", "p", "--format", "md", "-o", "p"], "p");
    refused(at, &["table", "p", "--format", "csv", "-o", "p"], "p");
    refused(at, &["table", "p", "--format", "json", "-o", "./p"], "p");
    refused(at, &["report", "p", "-o", "p"], "p");
    refused(at, &["diff", "p", "c.qz", "-o", "p"], "p");
    // The parent and the base, which the command read without being named.
    refused(at, &["table", "c.qz", "--format", "md", "-o", "p"], "p");
    refused(at, &["table", "c.qz", "--format", "csv", "-o", "p"], "p");
    refused(at, &["consolidate", "a.qz", "-o", "p"], "p");
    refused(at, &["diff", "p", "a.qz", "-o", "p"], "p");
    refused(at, &["scaffold", "p", "--for", "甲", "--force", "-o", "p"], "p");
    write(at, "source.txt", "一、甲负责。\n");
    refused(at, &["coverage", "p", "--source", "source.txt", "-o", "source.txt"], "source.txt");
}

/// The same file by another name (a hard link) is the same input.
#[test]
fn an_input_is_known_by_identity_not_by_name() {
    let folder = project();
    std::fs::hard_link(folder.path().join("p"), folder.path().join("q")).expect("link");
    refused(folder.path(), &["table", "c.qz", "--format", "md", "-o", "q"], "p");
    refused(folder.path(), &["consolidate", "a.qz", "-o", "q"], "q");
}

// ---- Outputs never replace a link or a node (item 2) -----------------------------------

/// A symbolic link is written through: the file it points to gets the output, atomically,
/// and the link stays a link. A link to nothing is refused.
#[cfg(unix)]
#[test]
fn an_output_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let folder = project();
    let at = folder.path();
    std::fs::create_dir(at.join("out")).expect("mkdir");
    write(&at.join("out"), "table.md", "old");
    std::os::unix::fs::symlink("out/table.md", at.join("link.md")).expect("symlink");
    let (code, _, stderr) = run_in(at, &["table", "p", "-o", "link.md"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(std::fs::symlink_metadata(at.join("link.md")).expect("link").file_type().is_symlink());
    let written = std::fs::read_to_string(at.join("out/table.md")).expect("target");
    assert!(written.contains("| a |") || written.contains("a"), "{written}");
    assert_ne!(written, "old");
    // A link to an input is that input.
    std::os::unix::fs::symlink("p", at.join("to-p.md")).expect("symlink");
    refused(at, &["table", "c.qz", "-o", "to-p.md"], "p");
    // A link to nothing: refused, the link kept.
    std::os::unix::fs::symlink("nowhere/x.md", at.join("dangling.md")).expect("symlink");
    let (code, _, stderr) = run_in(at, &["--lang", "en", "table", "p", "-o", "dangling.md"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert!(std::fs::symlink_metadata(at.join("dangling.md")).expect("link").file_type().is_symlink());
}

/// A named pipe, and (as root) a device, are refused: a rename would have replaced the
/// node itself with a regular file.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_pipe_or_a_device_is_refused_and_kept() {
    use std::os::unix::fs::FileTypeExt;
    let folder = project();
    let at = folder.path();
    let made = std::process::Command::new("mkfifo").arg(at.join("pipe")).status().expect("mkfifo");
    assert!(made.success());
    let mut nodes = vec!["pipe"];
    // A copy of /dev/full (character device 1, 7), where we may make one.
    let device = std::process::Command::new("mknod")
        .arg(at.join("full"))
        .args(["c", "1", "7"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if device {
        nodes.push("full");
    } else {
        eprintln!("no device node made here (not root): the device case is not run");
    }
    for node in nodes {
        for (lang, format) in [("zh", "csv"), ("en", "md")] {
            let (code, _, stderr) = run_for(20, at, &["--lang", lang, "table", "p", "--format", format, "-o", node]);
            assert_eq!(code, Some(2), "{node}: {stderr}");
            let said = if lang == "zh" { "只写普通文件" } else { "regular files only" };
            assert!(stderr.contains(said), "{stderr}");
            let kind = std::fs::symlink_metadata(at.join(node)).expect("node").file_type();
            assert!(kind.is_fifo() || kind.is_char_device(), "{node} replaced");
        }
    }
}
