//! Outputs are deterministic and written atomically: two runs give the same bytes; a run
//! that fails leaves no half file, no stray temporary file, and the previous file intact.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use assert_cmd::Command;

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/nmg-ip-2024-48-amendment-sample.qz"
);

fn quanze() -> Command {
    Command::cargo_bin("quanze").expect("the quanze binary")
}

/// Every command that writes a file, as arguments before `-o OUT`.
fn writers() -> Vec<Vec<&'static str>> {
    vec![
        vec!["table", BASE, "--format", "md"],
        vec!["table", BASE, "--format", "csv"],
        vec!["table", BASE, "--format", "json"],
        vec!["table", SAMPLE, "--format", "json"],
        vec!["consolidate", SAMPLE],
        vec!["diff", BASE, SAMPLE, "--format", "md"],
        vec!["diff", BASE, SAMPLE, "--format", "json"],
        vec!["--lang", "en", "diff", BASE, SAMPLE],
    ]
}

#[test]
fn two_runs_write_the_same_bytes() {
    let folder = tempfile::tempdir().expect("temp dir");
    for (index, args) in writers().into_iter().enumerate() {
        let mut outputs = Vec::new();
        for run in 0..2 {
            // No extension: the format is the command's default or its `--format`.
            let out = folder.path().join(format!("{index}-{run}"));
            let status = quanze().args(&args).arg("-o").arg(&out).output().expect("runs").status;
            assert_eq!(status.code(), Some(0), "{args:?}");
            outputs.push(std::fs::read(&out).expect("written"));
        }
        assert_eq!(outputs[0], outputs[1], "{args:?} differs between runs");
        assert!(!outputs[0].is_empty());
    }
    // And printing to the screen gives the same bytes as the file.
    let printed = quanze()
        .args(["table", BASE, "--format", "csv"])
        .output()
        .expect("runs")
        .stdout;
    let out = folder.path().join("screen.csv");
    quanze()
        .args(["table", BASE, "--format", "csv", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(printed, std::fs::read(&out).expect("written"));
}

#[test]
fn query_answers_are_the_same_every_time() {
    let run = || {
        quanze()
            .args(["query", SAMPLE, "--matter", "专利代理师考试考务", "--format", "json"])
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(run(), run());
}

/// The last step of a write (the rename over the target) fails when the target is a
/// folder: the run must say so, keep the folder as it was and leave no temporary file.
/// (This works even as root, where read-only permissions would not stop the write.)
#[test]
fn a_write_that_fails_at_the_last_step_leaves_no_trace() {
    let folder = tempfile::tempdir().expect("temp dir");
    let target = folder.path().join("table.md");
    std::fs::create_dir(&target).expect("mkdir");
    std::fs::write(target.join("keep"), "kept").expect("write");
    for args in writers() {
        let output = quanze().args(&args).arg("-o").arg(&target).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("table.md"));
        assert_eq!(std::fs::read_to_string(target.join("keep")).expect("kept"), "kept");
        assert_eq!(
            std::fs::read_dir(folder.path()).expect("list").count(),
            1,
            "stray file after {args:?}"
        );
    }
}

#[test]
fn an_output_into_a_missing_folder_fails_cleanly() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("no/such/folder/table.md");
    let output = quanze().args(["table", BASE, "-o"]).arg(&out).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(folder.path()).expect("list").count(), 0);
}

// ---- The format follows the name of `-o` (tests/outputs.rs, issue 13 item 4) ----------

const SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/sources/nmg-ip-2024-48.txt");

/// Runs quanze in `folder`: exit code and standard error.
fn run_in(folder: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let output = quanze().current_dir(folder).args(args).output().expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// What a file holds, judged from its first bytes.
fn sniff(path: &std::path::Path) -> &'static str {
    let bytes = std::fs::read(path).expect("written");
    let text = String::from_utf8_lossy(&bytes);
    if bytes.starts_with(b"PK") {
        "xlsx"
    } else if text.starts_with("<?xml") {
        "xml"
    } else if text.starts_with('{') || text.starts_with('[') {
        "json"
    } else if text.starts_with("# ") {
        "md"
    } else if text.starts_with("\u{FEFF}章节,") {
        // CSV begins with the byte-order mark Excel needs.
        "csv"
    } else if text.starts_with("<!DOCTYPE html>") {
        "html"
    } else {
        "other"
    }
}

#[test]
fn without_format_the_extension_of_the_output_chooses_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    for (name, holds) in [
        ("t.xlsx", "xlsx"),
        ("t.XLSX", "xlsx"),
        ("t.csv", "csv"),
        ("t.json", "json"),
        ("t.dmn", "xml"),
        ("t.xml", "xml"),
        ("t.md", "md"),
        ("t.markdown", "md"),
        ("t.txt", "md"),
        ("t", "md"),
    ] {
        let (code, stderr) = run_in(folder.path(), &["table", BASE, "-o", name]);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(sniff(&folder.path().join(name)), holds, "{name}");
        std::fs::remove_file(folder.path().join(name)).expect("remove");
    }
    for (args, name, holds) in [
        (vec!["diff", BASE, SAMPLE], "d.json", "json"),
        (vec!["diff", BASE, SAMPLE], "d.md", "md"),
        (vec!["coverage", BASE, "--source", SOURCE], "c.json", "json"),
        (vec!["report", BASE], "r.html", "html"),
    ] {
        let mut args = args.clone();
        args.extend(["-o", name]);
        let (code, stderr) = run_in(folder.path(), &args);
        assert!(matches!(code, Some(0 | 1)), "{args:?}: {stderr}");
        assert_eq!(sniff(&folder.path().join(name)), holds, "{args:?}");
    }
}

#[test]
fn a_format_the_extension_contradicts_is_refused_and_nothing_is_written() {
    let folder = tempfile::tempdir().expect("temp dir");
    for args in [
        vec!["table", BASE, "--format", "csv", "-o", "t.xlsx"],
        vec!["table", BASE, "--format", "md", "-o", "t.json"],
        vec!["table", BASE, "--format", "xlsx", "-o", "t.csv"],
        vec!["diff", BASE, SAMPLE, "--format", "md", "-o", "d.json"],
        vec!["coverage", BASE, "--source", SOURCE, "--format", "json", "-o", "c.md"],
    ] {
        let (code, stderr) = run_in(folder.path(), &args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        let format = args[args.iter().position(|a| *a == "--format").unwrap() + 1];
        assert!(stderr.contains(&format!("`--format {format}`")), "{args:?}: {stderr}");
        assert!(stderr.contains("扩展名"), "{args:?}: {stderr}");
    }
    let (_, stderr) = run_in(
        folder.path(),
        &["--lang", "en", "table", BASE, "--format", "csv", "-o", "t.xlsx"],
    );
    assert!(
        stderr.contains("`--format csv` writes CSV, but the extension `.xlsx` of `-o t.xlsx` says Excel"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(folder.path()).expect("folder").count(), 0);
}

#[test]
fn an_extension_the_command_does_not_write_is_refused_with_the_ones_it_does() {
    let folder = tempfile::tempdir().expect("temp dir");
    for (args, says) in [
        (vec!["table", BASE, "-o", "t.html"], "HTML"),
        (vec!["table", BASE, "-o", "t.xls"], "Excel"),
        (vec!["diff", BASE, SAMPLE, "-o", "d.csv"], "CSV"),
        (vec!["diff", BASE, SAMPLE, "-o", "d.xlsx"], "Excel"),
        (vec!["coverage", BASE, "--source", SOURCE, "-o", "c.csv"], "CSV"),
        (vec!["report", BASE, "-o", "r.csv"], "CSV"),
        (vec!["report", BASE, "-o", "r.txt"], "TXT"),
        (vec!["consolidate", SAMPLE, "-o", "a.md"], "Markdown"),
        (vec!["scaffold", BASE, "--for", "盟市", "-o", "s.json"], "JSON"),
    ] {
        let (code, stderr) = run_in(folder.path(), &args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&format!("表示 {says}")), "{args:?}: {stderr}");
        assert!(stderr.contains("能写"), "{args:?}: {stderr}");
    }
    // An extension that names no format: refused without `--format`, written with it.
    let (code, stderr) = run_in(folder.path(), &["table", BASE, "-o", "t.foo"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("csv (.csv)") && stderr.contains("`--format`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(folder.path()).expect("folder").count(), 0);
    let (code, stderr) = run_in(folder.path(), &["table", BASE, "--format", "csv", "-o", "t.foo"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(sniff(&folder.path().join("t.foo")), "csv");
    // A consolidated plan and a draft are `.qz` sources, or plain text.
    let (code, stderr) = run_in(folder.path(), &["consolidate", SAMPLE, "-o", "a.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn table_refuses_the_source_where_the_format_would_ignore_it() {
    for format in ["md", "csv", "json", "dmn"] {
        let output = quanze()
            .args(["table", BASE, "--format", format, "--source", SOURCE])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty(), "{format}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("`--source` 只用于 `--format xlsx`"), "{stderr}");
    }
}

/// CSV opens in Excel on Chinese Windows: UTF-8 with a byte-order mark by default, in a
/// chained table too, in an ordinary file (0644); `--no-bom` leaves the mark out, and is
/// refused with another format rather than ignored.
#[test]
fn csv_begins_with_a_byte_order_mark_unless_asked_not_to() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("t.csv");
    let status = quanze()
        .args(["table", BASE, "-o"])
        .arg(&out)
        .output()
        .expect("runs")
        .status;
    assert_eq!(status.code(), Some(0));
    let written = std::fs::read(&out).expect("written");
    assert!(
        written.starts_with("\u{FEFF}章节,事项".as_bytes()),
        "{:?}",
        &written[..12]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode & 0o644, 0o644, "{mode:o}");
    }
    let chained = quanze()
        .args(["table", SAMPLE, "--chain", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(chained.stdout.starts_with("\u{FEFF}文号,".as_bytes()));

    let bare = quanze()
        .args(["table", BASE, "--format", "csv", "--no-bom"])
        .output()
        .expect("runs");
    assert_eq!(bare.status.code(), Some(0));
    assert!(bare.stdout.starts_with("章节,事项".as_bytes()));
    assert_eq!(&written[3..], &bare.stdout[..], "the same table after the mark");

    let refused = quanze()
        .args(["--lang", "en", "table", BASE, "--format", "md", "--no-bom"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("`--no-bom` goes with `--format csv` only"));
}

/// On a terminal, no byte-order mark: a terminal is no spreadsheet, and the mark there is
/// an invisible character a reader copies along (before, it was written there too). The
/// terminal is util-linux's `script`, where it is installed.
#[test]
fn csv_on_a_terminal_has_no_byte_order_mark() {
    let has_script = std::process::Command::new("script").arg("--version").output().is_ok();
    if !has_script {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    }
    for streamed in [false, true] {
        let line = format!(
            "{} table {BASE} --format csv{}",
            env!("CARGO_BIN_EXE_quanze"),
            if streamed { " --chain" } else { "" }
        );
        let shown = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .output()
            .expect("runs");
        assert_eq!(shown.status.code(), Some(0), "{line}");
        assert!(!shown.stdout.is_empty(), "{line}");
        assert!(
            !shown.stdout.starts_with("\u{FEFF}".as_bytes()),
            "{line}: {:?}",
            &shown.stdout[..6]
        );
    }
}
