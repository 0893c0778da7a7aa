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
            let out = folder.path().join(format!("{index}-{run}.out"));
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
