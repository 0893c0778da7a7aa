//! The streaming pipeline (`compile::stream`, used for large CSV tables) gives exactly what
//! the whole-file pipeline gives: the same diagnostics and the same CSV, on the real plan,
//! on every diagnostic fixture it accepts, and on synthetic plans with planted defects.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../examples/synth/generator.rs"]
mod generator;

use quanze::compile::{compile, stream};
use quanze::emit::{self, CsvRows};
use quanze::report::{SourceSet, render_plain};
use quanze::source::SourceFile;
use quanze::text::Lang;

fn rendered(text: &str, diagnostics: &[quanze::diagnostic::Diagnostic]) -> String {
    let mut sources = SourceSet::default();
    sources.add(SourceFile {
        name: "plan.qz".to_string(),
        text: text.to_string(),
    });
    render_plain(&sources, diagnostics, Lang::En)
}

/// `Some((rendered diagnostics, csv))` from streaming, when it streams.
fn streamed(text: &str) -> Option<(String, Option<String>)> {
    let mut rows = CsvRows::new(Vec::new(), Lang::Zh).expect("header");
    let result = stream(0, text, |plan, tables| rows.piece(plan, tables).expect("rows"))?;
    let clean = !result.diagnostics.iter().any(|d| d.is_error());
    let csv = String::from_utf8(rows.finish().expect("csv")).expect("utf-8");
    Some((rendered(text, &result.diagnostics), clean.then_some(csv)))
}

fn whole(text: &str) -> (String, Option<String>) {
    let compiled = compile(0, text);
    let csv = compiled
        .clean_plan()
        .map(|(plan, tables)| emit::to_csv(&emit::table(plan, tables, Lang::Zh), Lang::Zh).expect("csv"));
    (rendered(text, &compiled.diagnostics), csv)
}

#[test]
fn the_real_plan_streams_to_the_same_table() {
    // A plan in a chain is checked against its parent, which streaming does not do: the
    // plan is streamed here as it stands alone, without its `细化` and `细分` lines.
    let text: String = include_str!("../policies/nmg-ip-2024-48.qz")
        .lines()
        .filter(|line| !line.trim_start().starts_with("细化") && !line.trim_start().starts_with("细分"))
        .map(|line| format!("{line}\n"))
        .collect();
    let result = streamed(&text).expect("the real plan streams");
    assert_eq!(result, whole(&text));
}

#[test]
fn fixtures_stream_to_the_same_diagnostics_or_fall_back() {
    let mut streamed_count = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnostics")).expect("dir") {
        let path = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(result) = streamed(&text) {
            assert_eq!(result, whole(&text), "{}", path.display());
            streamed_count += 1;
        }
    }
    assert!(streamed_count > 10, "only {streamed_count} fixtures streamed");
}

#[test]
fn synthetic_plans_with_planted_defects_stream_alike() {
    for seed in 0..20 {
        let spec = generator::Spec {
            matters: 15,
            dimensions: 3,
            values: 4,
            rules: 150,
            gaps: 2,
            overlaps: 3,
            numeric: false,
            seed,
        };
        let text = generator::generate(&spec).expect("plan");
        assert_eq!(streamed(&text).expect("streams"), whole(&text), "seed {seed}");
        let clean = generator::generate(&generator::Spec {
            gaps: 0,
            overlaps: 0,
            ..spec
        })
        .expect("plan");
        let result = streamed(&clean).expect("streams");
        assert!(result.1.is_some());
        assert_eq!(result, whole(&clean), "seed {seed}, clean");
    }
}

/// `quanze table --format csv` streams; its output is the whole-file pipeline's table.
#[test]
fn the_cli_csv_is_the_whole_file_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
    let output = assert_cmd::Command::cargo_bin("quanze")
        .expect("binary")
        .args(["table", path, "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = include_str!("../policies/nmg-ip-2024-48.qz");
    assert_eq!(
        Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        whole(text).1
    );
}
