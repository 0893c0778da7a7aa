//! Hostile inputs (issue 14): small files crafted to cost minutes and gigabytes, or to
//! print gigabytes. Each runs the binary under a memory cap and a generous time limit (a
//! guard against minutes, not a figure: the figures are in BENCHMARKS.md), and its output
//! must stay small. Before the work budget, the first three took 16–93 s and 4.7–12.6 GB,
//! the overlaps printed 868 MB of warnings, and the exception chains took 47 s and 148 s.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../examples/hostile/inputs.rs"]
mod inputs;

use std::time::Duration;

use inputs::Hostile;

/// Virtual memory allowed to one run, in KiB: a debug binary needs some tens of MB here.
const MEMORY_CAP_KIB: u64 = 1_500_000;

/// What one run of `quanze check` on a hostile input gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn check(hostile: &Hostile, format: &str) -> Run {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join(hostile.name);
    std::fs::write(&path, &hostile.text).expect("write");
    let output = assert_cmd::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_quanze"))
        .args(["--lang", "en", "check", "--format", format])
        .arg(&path)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The most output a run may make: SARIF carries every code's explanation (some 128 KB
/// whatever the plan), the rest a few findings and at most 200 regions each.
fn output_bound(format: &str) -> usize {
    match format {
        "sarif" => 512_000,
        "json" => 256_000,
        _ => 64_000,
    }
}

/// Stopped with E0018 on the matter, in every format, with little output.
fn refused_as_too_complex(hostile: Hostile) {
    for format in ["human", "json", "sarif"] {
        let run = check(&hostile, format);
        assert_eq!(run.code, Some(1), "{}: {format}: {}", hostile.name, run.stderr);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(said.contains("E0018"), "{}: {format}: {said}", hostile.name);
        assert!(
            said.len() < output_bound(format),
            "{}: {format}: {} bytes",
            hostile.name,
            said.len()
        );
    }
}

#[test]
fn outcomes_by_level_on_many_cells_stop_at_the_budget() {
    refused_as_too_complex(inputs::levels_by_dimension());
}

#[test]
fn rules_overriding_many_exceptions_stop_at_the_budget() {
    refused_as_too_complex(inputs::many_exceptions());
}

#[test]
fn scattered_alternatives_stop_at_the_budget() {
    refused_as_too_complex(inputs::scattered_alternatives());
}

/// 2^D − 1 redundant overlaps: a few of them are shown, the rest counted, in every format.
#[test]
fn redundant_overlaps_are_shown_a_few_and_counted() {
    for dimensions in [10, 19] {
        let hostile = inputs::redundant_overlaps(dimensions);
        for format in ["human", "json", "sarif"] {
            let run = check(&hostile, format);
            let said = format!("{}{}", run.stdout, run.stderr);
            assert!(
                said.len() < output_bound(format),
                "{dimensions}: {format}: {} bytes",
                said.len()
            );
            if dimensions == 10 {
                assert_eq!(run.code, Some(0), "warnings only: {said}");
                assert!(said.contains("1003 more findings of this kind"), "{said}");
            } else {
                assert!(said.contains("E0018"), "{said}");
            }
        }
    }
}

/// A clean plan of 16,000 rules in one chain of exceptions (1.2 MB) checks clean; 8,000
/// rules that shadow each other give a few W0002, each naming one rule above it.
#[test]
fn chains_of_exceptions_check_in_full_with_bounded_output() {
    let clean = check(&inputs::exception_chain(16_000, false), "human");
    assert_eq!(clean.code, Some(0), "{}", clean.stderr);
    assert!(!clean.stderr.contains("E0018"), "{}", clean.stderr);

    let shadowed = check(&inputs::exception_chain(8_000, true), "human");
    assert_eq!(shadowed.code, Some(0), "{}", shadowed.stderr);
    assert_eq!(
        shadowed.stderr.matches("warning[W0002]").count(),
        21,
        "{}",
        shadowed.stderr
    );
    assert!(shadowed.stderr.contains("7979 more findings"), "{}", shadowed.stderr);
    assert!(shadowed.stderr.len() < 64_000, "{} bytes", shadowed.stderr.len());
}

/// Two hundred matters each crafted like the first: the fixed part of the allowance is
/// the plan's, so the file costs about what one such matter does (with an allowance per
/// matter it ran for more than five minutes).
#[test]
fn many_costly_matters_share_one_allowance() {
    let run = check(&inputs::many_costly_matters(200), "human");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[E0018]").count(), 200, "{}", run.stderr);
}

/// Thousands of declarations and thousands of matters, checked part by part (the plan is
/// large): each part was checked against every declaration again, for more than ten
/// minutes; now the declarations are resolved and counted once.
#[test]
fn declarations_are_not_checked_again_for_every_matter() {
    let run = check(&inputs::many_declarations(5_000, 10_000), "json");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("\"W0004\"").count(),
        5_000 + 1,
        "every dimension and level B"
    );
}

/// A child plan of 5,000 matters its parent (5,000 others) does not list: each W0005 looks
/// for a close parent name, and each look is bounded (names::EDIT_WORK) — they cost their
/// product before (119 s in a debug build).
#[test]
fn unknown_names_are_looked_up_within_a_bound() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut parent = String::from("文件 \"上级\" { 文号 \"上级〔2025〕1号\" }\n层级 中央 > 地方\n");
    let mut child = String::from(
        "文件 \"下级\" {\n  文号 \"下级〔2025〕1号\"\n  细化 \"上级〔2025〕1号\" \"parent.qz\"\n  细分 地方 => 省 > 市\n}\n层级 省 > 市\n",
    );
    for i in 0..5000 {
        parent.push_str(&format!("事项 甲事项{i:05} \"甲{i}\" => 中央 § \"1\"\n"));
        child.push_str(&format!("事项 乙事项{i:05} \"乙{i}\" => 省 § \"1\"\n"));
    }
    std::fs::write(folder.path().join("parent.qz"), parent).expect("write");
    let path = folder.path().join("child.qz");
    std::fs::write(&path, child).expect("write");
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_quanze"))
        .arg("check")
        .arg(&path)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "warnings only: {stderr}");
    assert_eq!(stderr.matches("warning[W0005]").count(), 5000);
}
