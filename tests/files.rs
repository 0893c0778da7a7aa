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
        None => format!(
            "文件 \"{number}\" {{ 文号 \"{number}\" 印发 2024-01-01 }}\n层级 甲 > 乙\n事项 a \"a\" => 甲 § \"1\"\n"
        ),
        Some((parent_number, file)) => {
            let file = if file.is_empty() {
                String::new()
            } else {
                format!(" \"{file}\"")
            };
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
    let bytes = quanze::source::read_at_most(std::io::repeat(b'x'), 1000, 0).expect("reads");
    assert_eq!(bytes.len(), 1001);
    let bytes = quanze::source::read_at_most(&b"short"[..], 1000, 0).expect("reads");
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
    assert_eq!(
        std::fs::read(folder.join(kept)).expect("read"),
        before,
        "{args:?} replaced {kept}"
    );
    let names: Vec<_> = std::fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(
        names.iter().all(|n| !n.to_string_lossy().starts_with(".tmp")),
        "{names:?}"
    );
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let folder = project();
    let at = folder.path();
    refused(at, &["table", "p", "--format", "md", "-o", "p"], "p");
    refused(at, &["table", "p", "--format", "csv", "-o", "p"], "p");
    refused(at, &["table", "p", "--format", "json", "-o", "./p"], "p");
    refused(at, &["report", "p", "-o", "p"], "p");
    write(at, "p2.qz", &plan("P-2", None));
    refused(at, &["diff", "p", "p2.qz", "-o", "p"], "p");
    // The parent and the base, which the command read without being named.
    refused(at, &["table", "c.qz", "--format", "md", "-o", "p"], "p");
    refused(at, &["table", "c.qz", "--format", "csv", "-o", "p"], "p");
    refused(at, &["consolidate", "a.qz", "-o", "p"], "p");
    refused(at, &["diff", "p", "a.qz", "-o", "p"], "p");
    refused(at, &["scaffold", "p", "--for", "甲", "--force", "-o", "p"], "p");
    write(at, "source.txt", "一、甲负责。\n");
    refused(
        at,
        &["coverage", "p", "--source", "source.txt", "-o", "source.txt"],
        "source.txt",
    );
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
    assert!(
        std::fs::symlink_metadata(at.join("link.md"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
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
    assert!(
        std::fs::symlink_metadata(at.join("dangling.md"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

/// A named pipe, and (as root) a device, are refused: a rename would have replaced the
/// node itself with a regular file.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_pipe_or_a_device_is_refused_and_kept() {
    use std::os::unix::fs::FileTypeExt;
    let folder = project();
    let at = folder.path();
    let made = std::process::Command::new("mkfifo")
        .arg(at.join("pipe"))
        .status()
        .expect("mkfifo");
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
            let said = if lang == "zh" {
                "只写普通文件"
            } else {
                "regular files only"
            };
            assert!(stderr.contains(said), "{stderr}");
            let kind = std::fs::symlink_metadata(at.join(node)).expect("node").file_type();
            assert!(kind.is_fifo() || kind.is_char_device(), "{node} replaced");
        }
    }
}

// ---- Chains are bounded, the folder read once (item 5) --------------------------------

/// `count` plans in `folder`, `q0.qz` at the top, each refining the one before — by file,
/// or by 文号 alone.
fn chain(folder: &Path, count: usize, by_file: bool) {
    write(folder, "q0.qz", &plan("Q-0", None));
    for index in 1..count {
        let (number, file) = (format!("Q-{}", index - 1), format!("q{}.qz", index - 1));
        let file = if by_file { file.as_str() } else { "" };
        write(
            folder,
            &format!("q{index}.qz"),
            &plan(&format!("Q-{index}"), Some((&number, file))),
        );
    }
}

/// A chain thousands of plans deep overflowed the stack (exit 134). A chain holds at
/// most 64 plans: past that, E0018 on the `细化` that goes too far.
#[test]
fn a_chain_deeper_than_the_bound_is_e0018_not_a_crash() {
    let folder = tempfile::tempdir().expect("temp dir");
    chain(folder.path(), 2000, true);
    for lang in ["zh", "en"] {
        let (code, _, stderr) = run_for(60, folder.path(), &["--lang", lang, "check", "q1999.qz"]);
        assert_eq!(code, Some(1), "{}", stderr.get(..2000).unwrap_or(&stderr));
        assert_eq!(stderr.matches("error[E0018]").count(), 1);
        assert!(stderr.contains("64"), "{}", stderr.get(..2000).unwrap_or(&stderr));
        // The plan at the limit names the parent it does not read.
        assert!(
            stderr.contains("q1936.qz:4:"),
            "{}",
            stderr.get(..3000).unwrap_or(&stderr)
        );
    }
    // 64 plans are a chain like any other.
    let (code, _, stderr) = run_in(folder.path(), &["check", "q63.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// A chain found by 文号 read the whole folder again at every level (1,500 files: 18 s).
/// Each file is read once a command now; here 60 levels over 1,060 files.
#[test]
fn a_chain_found_by_number_reads_the_folder_once() {
    let folder = tempfile::tempdir().expect("temp dir");
    chain(folder.path(), 60, false);
    for index in 0..1000 {
        write(
            folder.path(),
            &format!("other{index:04}.qz"),
            &plan(&format!("O-{index}"), None),
        );
    }
    let started = std::time::Instant::now();
    let (code, _, stderr) = run_in(folder.path(), &["check", "q59.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "{took:?}");
}

// ---- The 文号 lookup stays in the project (item 3) ------------------------------------

/// A link in the plan's folder to a plan outside the project was found by its 文号 and
/// read (its text quoted in the diagnostics) without the check an explicit path gets.
#[cfg(unix)]
#[test]
fn the_number_lookup_does_not_follow_links_out_of_the_project() {
    let outside = tempfile::tempdir().expect("temp dir");
    // Outside: a plan with the wanted 文号 and an error that would quote its text.
    write(
        outside.path(),
        "secret.qz",
        "文件 \"P\" { 文号 \"P-1\" 印发 2024-01-01 }\n层级 甲 > 乙\n事项 a \"机密的事项\" => 丙 § \"1\"\n",
    );
    let folder = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(outside.path().join("secret.qz"), folder.path().join("p.qz")).expect("link");
    write(folder.path(), "c.qz", &plan("C-1", Some(("P-1", ""))));
    for (lang, said) in [("zh", "项目目录之外"), ("en", "outside the project folder")] {
        let (code, stdout, stderr) = run_in(folder.path(), &["--lang", lang, "check", "c.qz"]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("E0027") && stderr.contains(said), "{stderr}");
        assert!(!stderr.contains("机密") && !stdout.contains("机密"), "{stderr}");
    }
    // A wider --root takes it in, as for an explicit path.
    let (code, _, stderr) = run_in(folder.path(), &["check", "c.qz", "--root", "/"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("E0003"), "{stderr}");
}

// ---- Plans found through a reference are named relative to the project (item 7) ------

/// The parent was named by its absolute path in diagnostics, JSON and SARIF: a folder
/// name leaked into published files, and the bytes differed between checkouts.
#[test]
fn a_parent_is_named_relative_to_the_project_not_by_absolute_path() {
    let folder = tempfile::tempdir().expect("temp dir");
    let project = folder.path().join("project");
    std::fs::create_dir(&project).expect("mkdir");
    // A parent with an error: its diagnostics are shown with the child's.
    write(
        &project,
        "p.qz",
        "文件 \"P\" { 文号 \"P-1\" 印发 2024-01-01 }\n层级 甲 > 乙\n事项 a \"a\" => 丙 § \"1\"\n",
    );
    write(&project, "c.qz", &plan("C-1", Some(("P-1", "p.qz"))));
    write(&project, "d.qz", &plan("D-1", Some(("P-1", ""))));
    let absolute = folder.path().canonicalize().expect("real path").display().to_string();
    let child = project.join("c.qz").display().to_string();
    let by_number = project.join("d.qz").display().to_string();
    for (at, child, by_number) in [
        (project.as_path(), "c.qz", "d.qz"),
        // From elsewhere, the child named by an absolute path: the parent still relative.
        (Path::new("/"), child.as_str(), by_number.as_str()),
    ] {
        for format in ["human", "json", "sarif"] {
            for plan in [child, by_number] {
                let (code, stdout, stderr) = run_in(at, &["check", plan, "--format", format]);
                assert_eq!(code, Some(1), "{stderr}");
                let parent_named = stdout.contains("\"p.qz\"") || stderr.contains("p.qz:3:");
                assert!(parent_named, "{format}: {stdout}{stderr}");
                let parent_line = |text: &str| text.lines().any(|l| l.contains(&absolute) && l.contains("p.qz"));
                assert!(
                    !parent_line(&stdout) && !parent_line(&stderr),
                    "{format}: {stdout}{stderr}"
                );
            }
        }
    }
}

// ---- An interrupted write leaves nothing behind (item 8) ------------------------------

/// The names of the temporary files in `folder`.
fn temporaries(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".tmp"))
        .collect()
}

/// Ctrl-C or `kill` while `table --format csv -o out.csv` runs left its `.tmpXXXX` beside
/// `out.csv`. The run is made to be caught in the middle, whatever the machine's speed:
/// the plan's 3,000 matters each have a warning (W0003), printed to a pipe this test does
/// not read until the end, so the run fills the pipe (about 1.3 MB of warnings, more than
/// any pipe holds) and waits there, its temporary file written and not yet renamed.
#[cfg(unix)]
#[test]
fn an_interrupted_write_removes_its_temporary_file_and_keeps_the_old_output() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    use std::time::Instant;
    let mut plan = String::from("文件 \"P\" { 文号 \"P-1\" 印发 2024-01-01 }\n层级 甲 > 乙\n");
    for index in 0..3000 {
        plan.push_str(&format!("事项 m{index} \"事项{index}\" => 事权 甲 支出 乙 § \"1\"\n"));
    }
    for (signal, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let folder = tempfile::tempdir().expect("temp dir");
        let at = folder.path();
        write(at, "big.qz", &plan);
        write(at, "out.csv", "the old table\n");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("quanze"))
            .current_dir(at)
            .args(["table", "big.qz", "--format", "csv", "-o", "out.csv"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("quanze starts");
        let started = Instant::now();
        while temporaries(at).is_empty() {
            assert!(child.try_wait().expect("status").is_none(), "ended before writing");
            assert!(started.elapsed() < Duration::from_secs(120), "no temporary file");
            std::thread::sleep(Duration::from_millis(20));
        }
        let sent = std::process::Command::new("kill")
            .args(["-s", signal, &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let ended = loop {
            if let Some(ended) = child.try_wait().expect("status") {
                break ended;
            }
            if started.elapsed() > Duration::from_secs(180) {
                child.kill().expect("kill");
                panic!("SIG{signal}: still running");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Ended by the signal itself, which a shell reports as 128 + its number (130, 143, 129).
        assert_eq!(ended.signal(), Some(number), "SIG{signal}: {ended:?}");
        assert_eq!(temporaries(at), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(
            std::fs::read_to_string(at.join("out.csv")).expect("out.csv"),
            "the old table\n",
            "SIG{signal}"
        );
    }
}

/// Two plans in the folder share the 文号 a child names without a file (a consolidated copy
/// beside its base, say): the parent is not guessed. Before, the first by name was taken
/// silently and the child checked against it.
#[test]
fn two_plans_with_one_number_are_not_guessed_between() {
    let folder = tempfile::tempdir().expect("temp dir");
    write(folder.path(), "a-parent.qz", &plan("上级1号", None));
    write(folder.path(), "b-copy.qz", &plan("上级1号", None));
    write(folder.path(), "child.qz", &plan("下级1号", Some(("上级1号", ""))));
    let (code, stdout, stderr) = run_in(folder.path(), &["check", "child.qz"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("E0027") && stderr.contains("a-parent.qz") && stderr.contains("b-copy.qz"),
        "{stderr}"
    );
}

/// An output that cannot be written says why, in the drafter's language, and never names
/// the hidden temporary file it was being written to: a folder that does not exist (the
/// message ended with tempfile's `at path "…/.tmpXXXXXX"`), and a write that fails half
/// way, as on a full disk (a file-size limit here; the streamed table said only "cannot
/// write", with no reason). Nothing is left behind.
#[cfg(unix)]
#[test]
fn an_output_that_cannot_be_written_says_why() {
    use std::os::unix::process::CommandExt;
    let folder = tempfile::tempdir().expect("dir");
    // The real plan, with the national plan it refines.
    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for (from, to) in [
        ("nmg-ip-2024-48.qz", "plan.qz"),
        ("gbf-ip-2023-48-partial.qz", "gbf-ip-2023-48-partial.qz"),
    ] {
        std::fs::copy(policies.join(from), folder.path().join(to)).expect("copied");
    }
    let (code, _, stderr) = run_in(folder.path(), &["table", "plan.qz", "-o", "nowhere/out.csv"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("无法写入 `nowhere/out.csv`：所在的文件夹不存在"),
        "{stderr}"
    );
    assert!(!stderr.contains(".tmp"), "{stderr}");

    for (format, name) in [
        ("csv", "out.csv"),
        ("md", "out.md"),
        ("json", "out.json"),
        ("dmn", "out.dmn"),
    ] {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("quanze"));
        command
            .current_dir(folder.path())
            .args(["table", "plan.qz", "--format", format, "-o", name]);
        // SAFETY: between fork and exec only async-signal-safe calls: a limit on the size of
        // the files the child writes, and SIGXFSZ ignored so that a write past it fails
        // (EFBIG) instead of killing the child.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 4096,
                    rlim_max: 4096,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
        let output = command.output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{format}: {stderr}");
        assert!(
            stderr.contains(&format!("无法写入 `{name}`：文件超过系统允许的大小")),
            "{format}: {stderr}"
        );
        assert!(!stderr.contains(".tmp"), "{format}: {stderr}");
    }
    let mut left: Vec<_> = std::fs::read_dir(folder.path())
        .expect("list")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["gbf-ip-2023-48-partial.qz", "plan.qz"], "nothing left behind");
}
