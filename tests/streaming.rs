//! The streaming pipeline (`compile::stream`, used for large CSV tables) gives exactly what
//! the whole-file pipeline gives: the same diagnostics and the same CSV, on the real plan,
//! on every diagnostic fixture it accepts, and on synthetic plans with planted defects.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../examples/synth/generator.rs"]
mod generator;

mod common;

use quanze::compile::{compile, compile_parts, compile_refining, stream};
use quanze::emit::{self, CsvRows};
use quanze::ir::Plan;
use quanze::render::{SourceSet, render_plain};
use quanze::source::SourceFile;
use quanze::text::Lang;

/// What `quanze check` prints of the diagnostics, in each of its formats: human, JSON,
/// SARIF.
fn rendered(text: &str, diagnostics: &[quanze::diagnostic::Diagnostic]) -> String {
    rendered_in(&sources_of(&[text]), diagnostics)
}

/// Each text as a source, file 0 first: a chain's plans, the parent first.
fn sources_of(texts: &[&str]) -> SourceSet {
    let mut sources = SourceSet::default();
    for (index, text) in texts.iter().enumerate() {
        sources.add(SourceFile {
            name: format!("plan{index}.qz"),
            text: (*text).to_string(),
        });
    }
    sources
}

/// [`rendered`], for diagnostics that may point into any of `sources`.
fn rendered_in(sources: &SourceSet, diagnostics: &[quanze::diagnostic::Diagnostic]) -> String {
    let json: Vec<_> = diagnostics
        .iter()
        .map(|d| quanze::render::to_json(sources, d, Lang::En))
        .collect();
    let sarif = quanze::publish::sarif::to_sarif(sources, diagnostics, Lang::Zh);
    format!(
        "{}\n{}\n{}",
        render_plain(sources, diagnostics, Lang::En),
        serde_json::to_string_pretty(&json).expect("json"),
        serde_json::to_string_pretty(&sarif).expect("sarif")
    )
}

/// A clean plan's tables: CSV, Markdown and JSON.
#[derive(Debug, PartialEq)]
struct Tables {
    csv: String,
    markdown: String,
    json: String,
    dmn: String,
}

/// `Some((rendered diagnostics, tables))` from streaming, when it streams.
fn streamed(text: &str) -> Option<(String, Option<Tables>)> {
    let (diagnostics, tables) = streamed_in_chain(0, text, None)?;
    Some((rendered(text, &diagnostics), tables))
}

/// What streaming file `file` against `parent` gives: its diagnostics, and its tables
/// when it is clean.
fn streamed_in_chain(
    file: usize,
    text: &str,
    parent: Option<quanze::chain::Parent<'_>>,
) -> Option<(Vec<quanze::diagnostic::Diagnostic>, Option<Tables>)> {
    let mut csv = CsvRows::new(Vec::new(), Lang::Zh).expect("header");
    let mut markdown = emit::MarkdownRows::new(Vec::new(), Lang::Zh);
    let mut json = emit::JsonRows::new(Vec::new(), Lang::Zh);
    let mut dmn = quanze::publish::dmn::DmnRows::new(Vec::new(), Lang::Zh);
    let result = stream(file, text, parent, |plan, tables| {
        csv.piece(plan, tables).expect("rows");
        markdown.piece(plan, tables).expect("rows");
        json.piece(plan, tables).expect("rows");
        dmn.piece(plan, tables).expect("rows");
    })?;
    let clean = !result.diagnostics.iter().any(|d| d.is_error());
    let tables = Tables {
        csv: String::from_utf8(csv.finish().expect("csv")).expect("utf-8"),
        markdown: String::from_utf8(markdown.finish().expect("md")).expect("utf-8"),
        json: String::from_utf8(json.finish().expect("json")).expect("utf-8"),
        dmn: String::from_utf8(dmn.finish().expect("dmn")).expect("utf-8"),
    };
    Some((result.diagnostics, clean.then_some(tables)))
}

/// The tables of a compiled plan, when it is clean, as [`streamed_in_chain`] gives them.
fn tables_of(compiled: &quanze::compile::Compiled) -> Option<Tables> {
    compiled.clean_plan().map(|(plan, tables)| {
        let table = emit::table(plan, tables, Lang::Zh);
        Tables {
            csv: emit::to_csv(&table, Lang::Zh).expect("csv"),
            markdown: emit::to_markdown(&table, Lang::Zh),
            json: emit::to_json(&table).expect("json"),
            dmn: quanze::publish::dmn::to_dmn(&table, Lang::Zh).expect("dmn"),
        }
    })
}

fn whole(text: &str) -> (String, Option<Tables>) {
    let (diagnostics, tables, _) = described(text, compile(0, text));
    (diagnostics, tables)
}

/// The real plan as it stands alone, without its `细化` and `细分` lines: a plan in a
/// chain is checked against its parent, which streaming does not do.
fn real_plan_alone() -> String {
    include_str!("../policies/nmg-ip-2024-48.qz")
        .lines()
        .filter(|line| !line.trim_start().starts_with("细化") && !line.trim_start().starts_with("细分"))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn the_real_plan_streams_to_the_same_table() {
    let text = real_plan_alone();
    let result = streamed(&text).expect("the real plan streams");
    assert!(result.1.is_some());
    assert_eq!(result, whole(&text));
}

/// A numeric dimension no rule uses made streaming fall back to the whole file before
/// (issue 14): it streams now, to the same diagnostics (W0004) and tables.
#[test]
fn an_unused_numeric_dimension_streams() {
    let text = real_plan_alone().replacen("\n维度 ", "\n维度 投资额 : 数值 万元 [0, ∞)\n维度 ", 1);
    assert_ne!(text, real_plan_alone());
    let result = streamed(&text).expect("streams");
    assert!(result.0.contains("W0004"), "{}", result.0);
    assert_eq!(result, whole(&text));
}

/// Numeric dimensions are cut at the thresholds of every matter of the plan, not only of
/// the part being checked: streaming reads them all first.
#[test]
fn numeric_plans_stream_alike() {
    for seed in 0..10 {
        let spec = generator::Spec {
            matters: 8,
            dimensions: 3,
            values: 4,
            rules: 80,
            gaps: 2,
            overlaps: 2,
            numeric: true,
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
        assert!(result.1.is_some(), "seed {seed}: {}", result.0);
        assert_eq!(result, whole(&clean), "seed {seed}, clean");
    }
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
        whole(text).1.map(|t| format!("\u{FEFF}{}", t.csv))
    );
}

/// `quanze table` in Markdown and JSON, and `quanze check` in every format, stream a plan
/// that streams; what they print is the whole-file pipeline's.
#[test]
fn the_cli_streams_to_the_whole_file_outputs() {
    let spec = generator::Spec {
        matters: 12,
        dimensions: 3,
        values: 4,
        rules: 100,
        gaps: 0,
        overlaps: 0,
        numeric: true,
        seed: 7,
    };
    let text = generator::generate(&spec).expect("plan");
    let folder = tempfile::tempdir().expect("dir");
    let path = folder.path().join("plan.qz");
    std::fs::write(&path, &text).expect("write");
    let run = |args: &[&str]| {
        let output = assert_cmd::Command::cargo_bin("quanze")
            .expect("binary")
            .args(args)
            .arg(&path)
            .output()
            .expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let tables = whole(&text).1.expect("clean");
    assert_eq!(run(&["table", "--format", "md"]), (Some(0), tables.markdown));
    assert_eq!(run(&["table", "--format", "json"]), (Some(0), tables.json));
    assert_eq!(
        run(&["table", "--format", "csv"]),
        (Some(0), format!("\u{FEFF}{}", tables.csv))
    );

    // A clean plan: an empty JSON array, and SARIF with no results.
    assert_eq!(run(&["check", "--format", "json"]), (Some(0), "[]\n".to_string()));
    let empty = quanze::publish::sarif::to_sarif(&SourceSet::default(), &[], Lang::Zh);
    assert_eq!(
        run(&["check", "--format", "sarif"]),
        (
            Some(0),
            format!("{}\n", serde_json::to_string_pretty(&empty).expect("sarif"))
        )
    );

    // With planted gaps, every format of `check` says what the whole-file pipeline finds.
    let defective = generator::generate(&generator::Spec {
        gaps: 2,
        overlaps: 2,
        ..spec
    })
    .expect("plan");
    std::fs::write(&path, &defective).expect("write");
    let compiled = compile(0, &defective);
    let mut sources = SourceSet::default();
    sources.add(SourceFile {
        name: path.display().to_string(),
        text: defective.clone(),
    });
    let json: Vec<_> = compiled
        .diagnostics
        .iter()
        .map(|d| quanze::render::to_json(&sources, d, Lang::Zh))
        .collect();
    let sarif = quanze::publish::sarif::to_sarif(&sources, &compiled.diagnostics, Lang::Zh);
    assert_eq!(
        run(&["check", "--format", "json"]),
        (
            Some(1),
            format!("{}\n", serde_json::to_string_pretty(&json).expect("json"))
        )
    );
    assert_eq!(
        run(&["check", "--format", "sarif"]),
        (
            Some(1),
            format!("{}\n", serde_json::to_string_pretty(&sarif).expect("sarif"))
        )
    );
    let output = assert_cmd::Command::cargo_bin("quanze")
        .expect("binary")
        .arg("check")
        .arg(&path)
        .output()
        .expect("runs");
    let plain = render_plain(&sources, &compiled.diagnostics, Lang::Zh);
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with(&plain),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A large file is parsed item by item (`syntax::parse_by_parts`); the tree, spans
/// included (Debug shows them; `==` ignores them), is the whole-file parse's, or it hands
/// back to that parse. Text before the first item that is not a comment is an error either
/// way, never skipped.
#[test]
fn parsing_by_parts_builds_the_whole_files_tree() {
    let mut texts: Vec<String> = Vec::new();
    for folder in ["tests/fixtures/diagnostics", "policies"] {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for entry in std::fs::read_dir(folder).expect("dir") {
            if let Ok(text) = std::fs::read_to_string(entry.expect("entry").path()) {
                texts.push(text);
            }
        }
    }
    for (seed, numeric) in [(1, false), (2, true)] {
        texts.push(
            generator::generate(&generator::Spec {
                matters: 30,
                dimensions: 3,
                values: 4,
                rules: 200,
                gaps: 2,
                overlaps: 2,
                numeric,
                seed,
            })
            .expect("plan"),
        );
    }
    let mut by_parts = 0;
    for text in &texts {
        let whole = quanze::syntax::parse_at_once(0, text).ok();
        if let Some(document) = quanze::syntax::parse_by_parts(0, text) {
            assert_eq!(Some(format!("{document:?}")), whole.map(|w| format!("{w:?}")), "{text}");
            by_parts += 1;
        }
    }
    assert!(by_parts > 50, "only {by_parts} files parsed by parts");
    let real = real_plan_alone();
    assert!(quanze::syntax::parse_by_parts(0, &format!("stray words\n{real}")).is_none());
    assert!(quanze::syntax::parse_by_parts(0, &format!("# a comment\n{real}")).is_some());
}

/// A streamed table is written with the permissions of the whole-file path's output (the
/// usual ones for a new file), not those of the temporary file it is written to first
/// (0600): before, a streamed CSV came out readable by its owner only.
#[cfg(unix)]
#[test]
fn a_streamed_table_file_has_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().expect("dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(&plan, real_plan_alone()).expect("write");
    let mode = |format: &str, plan: &std::path::Path| {
        let out = folder.path().join(format!("out.{format}"));
        let status = assert_cmd::Command::cargo_bin("quanze")
            .expect("binary")
            .args(["table", "--format", format, "-o"])
            .arg(&out)
            .arg(plan)
            .output()
            .expect("runs")
            .status;
        assert_eq!(status.code(), Some(0), "{format}");
        std::fs::metadata(&out).expect("written").permissions().mode() & 0o777
    };
    // The real plan in its chain is read whole; the same plan alone streams.
    let whole = mode(
        "dmn",
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz")),
    );
    for format in ["csv", "md", "json"] {
        assert_eq!(mode(format, &plan), whole, "{format}");
    }
}

/// What `compile_parts` (the whole plan, item by item) gives, rendered as [`whole`]
/// renders the whole-file pipeline's, with the plan itself: `None` when it falls back.
fn by_parts(text: &str, parent: Option<quanze::chain::Parent<'_>>) -> Option<(String, Option<Tables>, Option<Plan>)> {
    let compiled = compile_parts(0, text, parent)?;
    Some(described(text, compiled))
}

/// The rendered diagnostics, the tables (when clean) and the plan of a compiled text.
fn described(text: &str, compiled: quanze::compile::Compiled) -> (String, Option<Tables>, Option<Plan>) {
    let tables = tables_of(&compiled);
    (rendered(text, &compiled.diagnostics), tables, compiled.plan)
}

fn whole_with_plan(text: &str) -> (String, Option<Tables>, Option<Plan>) {
    described(text, compile(0, text))
}

/// The whole plan built item by item (`compile_parts`, for commands that need all of
/// it) is the whole-file pipeline's plan, with the same diagnostics and tables: on the
/// real plan, numeric and listed synthetic plans with planted defects, and every fixture
/// it accepts.
#[test]
fn compiling_by_parts_gives_the_whole_files_plan() {
    let real = real_plan_alone();
    let result = by_parts(&real, None).expect("the real plan compiles by parts");
    assert!(result.1.is_some());
    assert_eq!(result, whole_with_plan(&real));
    for (seed, numeric) in (0..12).map(|seed| (seed, seed % 2 == 0)) {
        let spec = generator::Spec {
            matters: 12,
            dimensions: 3,
            values: 4,
            rules: 120,
            gaps: 2,
            overlaps: 2,
            numeric,
            seed,
        };
        let text = generator::generate(&spec).expect("plan");
        assert_eq!(
            by_parts(&text, None).expect("by parts"),
            whole_with_plan(&text),
            "seed {seed}"
        );
        let clean = generator::generate(&generator::Spec {
            gaps: 0,
            overlaps: 0,
            ..spec
        })
        .expect("plan");
        let result = by_parts(&clean, None).expect("by parts");
        assert!(result.1.is_some(), "seed {seed}: {}", result.0);
        assert_eq!(result, whole_with_plan(&clean), "seed {seed}, clean");
    }
    let mut accepted = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnostics")).expect("dir") {
        let path = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(result) = by_parts(&text, None) {
            assert_eq!(result, whole_with_plan(&text), "{}", path.display());
            accepted += 1;
        }
    }
    assert!(accepted > 10, "only {accepted} fixtures compiled by parts");
}

/// A plan in a chain (and one with `上限`) is compiled by parts against its parent as
/// the whole-file pipeline compiles it: the real plan under the national one, the
/// league's sample (with a limit) under the real plan.
#[test]
fn plans_in_a_chain_compile_by_parts_alike() {
    let national = include_str!("../policies/gbf-ip-2023-48-partial.qz");
    let region = include_str!("../policies/nmg-ip-2024-48.qz");
    let league = include_str!("../policies/nmg-ip-league-sample.qz");
    assert!(league.contains("上限"));
    let top = compile(0, national);
    let (plan, tables) = top.clean_plan().expect("the national plan is clean");
    let parent = quanze::chain::Parent { plan, tables };
    let result = by_parts(region, Some(parent)).expect("by parts");
    assert!(result.1.is_some(), "{}", result.0);
    assert_eq!(result, described(region, compile_refining(0, region, Some(parent))));
    let middle = compile_refining(0, region, Some(parent));
    let (plan, tables) = middle.clean_plan().expect("the real plan is clean");
    let parent = quanze::chain::Parent { plan, tables };
    let result = by_parts(league, Some(parent)).expect("by parts");
    assert_eq!(result, described(league, compile_refining(0, league, Some(parent))));
}

/// The CLI writes a whole plan's table (a plan in a chain, an amendment) matter table by
/// matter table with the streaming writers, never building the table of the whole plan
/// or its text: the same bytes as the whole-table functions, in every format.
#[test]
fn a_whole_plan_written_table_by_table_is_its_table() {
    let mut texts = vec![real_plan_alone()];
    for seed in 0..6 {
        texts.push(
            generator::generate(&generator::Spec {
                matters: 10,
                dimensions: 3,
                values: 4,
                rules: 80,
                gaps: 0,
                overlaps: 0,
                numeric: seed % 2 == 1,
                seed,
            })
            .expect("plan"),
        );
    }
    for text in &texts {
        let compiled = compile(0, text);
        let (plan, tables) = compiled.clean_plan().expect("clean");
        let mut csv = CsvRows::new(Vec::new(), Lang::En).expect("header");
        let mut markdown = emit::MarkdownRows::new(Vec::new(), Lang::En);
        let mut json = emit::JsonRows::new(Vec::new(), Lang::En);
        let mut dmn = quanze::publish::dmn::DmnRows::new(Vec::new(), Lang::En);
        for piece in tables.iter().map(std::slice::from_ref).map(Some).chain([None]) {
            csv.piece(plan, piece).expect("rows");
            markdown.piece(plan, piece).expect("rows");
            json.piece(plan, piece).expect("rows");
            dmn.piece(plan, piece).expect("rows");
        }
        let table = emit::table(plan, tables, Lang::En);
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("utf-8");
        assert_eq!(
            text(csv.finish().expect("csv")),
            emit::to_csv(&table, Lang::En).expect("csv")
        );
        assert_eq!(
            text(markdown.finish().expect("md")),
            emit::to_markdown(&table, Lang::En)
        );
        assert_eq!(text(json.finish().expect("json")), emit::to_json(&table).expect("json"));
        assert_eq!(
            text(dmn.finish().expect("dmn")),
            quanze::publish::dmn::to_dmn(&table, Lang::En).expect("dmn")
        );
    }
}

/// A clean synthetic plan (seed 3) just past the size from which plans are compiled item
/// by item.
fn just_large_enough() -> String {
    let plan = generator::generate(&generator::Spec {
        matters: 150,
        dimensions: 3,
        values: 6,
        rules: 4500,
        gaps: 0,
        overlaps: 0,
        numeric: false,
        seed: 3,
    })
    .expect("plan");
    assert!(plan.len() >= quanze::compile::COMPILED_BY_PARTS, "{}", plan.len());
    plan
}

/// An amendment to a large plan: its consolidated text is compiled item by item, and a
/// problem the amendment makes is still put on the operation that made it, with the same
/// plan as the whole-file pipeline gives for that text.
#[test]
fn a_large_amended_plan_compiles_by_parts_alike() {
    let base = just_large_enough();
    let amendment = "修正案 \"改\" {\n  文号 \"改〔2〕号\"\n  修正 \"合成〔3〕号\" \"base.qz\"\n}\n修改事项 m5 {\n  删除 \"5.0\" § \"修正一\"\n}\n";
    let result = quanze::compile::compile_amendment_texts(&base, amendment);
    let errors: Vec<_> = result.compiled.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let primary = errors[0].primary.as_ref().expect("a place");
    assert_eq!(
        (errors[0].code.as_str(), primary.file),
        ("E0008", 1),
        "on the amendment's operation"
    );
    let consolidated = result.consolidated.expect("applied");
    let whole = compile(2, &consolidated);
    assert_eq!(result.compiled.plan, whole.plan);
    assert_eq!(result.compiled.tables, whole.tables);
}

/// A large plan whose header (with its `细化`) is not its first item is still checked
/// against its parent: the item-by-item path, which learns of a parent from the first
/// item, leaves it to the whole-file pipeline. (It was checked as if it stood alone: none
/// of its matters, which the parent does not list, was reported.)
#[test]
fn a_large_plan_whose_header_comes_later_is_checked_against_its_parent() {
    let folder = tempfile::tempdir().expect("dir");
    let parent = "文件 \"父\" { 文号 \"父〔1〕号\" }\n层级 中央 > 地方\n未列事项 => 地方 § \"1\"\n";
    std::fs::write(folder.path().join("parent.qz"), parent).expect("write");
    let plan = just_large_enough();
    let mut lines = plan.lines();
    let (_, levels) = (lines.next(), lines.next().expect("levels"));
    let header =
        "文件 \"子\" {\n  文号 \"子〔1〕号\"\n  细化 \"父〔1〕号\" \"parent.qz\"\n  细分 地方 => 省 > 市 > 县\n}";
    let child: String = [levels, header]
        .into_iter()
        .chain(lines)
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(child.len() >= quanze::compile::COMPILED_BY_PARTS);
    let path = folder.path().join("child.qz");
    std::fs::write(&path, child).expect("write");
    let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("quanze"))
        .args(["--lang", "en", "check"])
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("warning[W0005]").count(), 150, "{stderr}");
}

const NATIONAL: &str = include_str!("../policies/gbf-ip-2023-48-partial.qz");
const REGION: &str = include_str!("../policies/nmg-ip-2024-48.qz");
const LEAGUE: &str = include_str!("../policies/nmg-ip-league-sample.qz");

/// The national plan (file 0) and the real plan under it (file 1), both clean.
fn national_and_region() -> (quanze::compile::Compiled, quanze::compile::Compiled) {
    let national = compile(0, NATIONAL);
    let (plan, tables) = national.clean_plan().expect("the national plan is clean");
    let region = compile_refining(1, REGION, Some(quanze::chain::Parent { plan, tables }));
    assert!(region.clean_plan().is_some(), "{:?}", region.diagnostics);
    (national, region)
}

/// Whether streaming `text` (file `file`) against `parent` gives what the whole-file
/// pipeline gives, rendered against `sources`; `None` when it does not stream.
fn streams_in_chain_alike(
    sources: &SourceSet,
    file: usize,
    text: &str,
    parent: quanze::chain::Parent<'_>,
) -> Option<Result<(), String>> {
    let (diagnostics, tables) = streamed_in_chain(file, text, Some(parent))?;
    let whole = compile_refining(file, text, Some(parent));
    let (streamed, expected) = (
        rendered_in(sources, &diagnostics),
        rendered_in(sources, &whole.diagnostics),
    );
    Some(if streamed != expected {
        Err(format!("streamed:\n{streamed}\nwhole:\n{expected}"))
    } else if tables != tables_of(&whole) {
        Err("the tables differ".to_string())
    } else {
        Ok(())
    })
}

/// A plan in a chain streams against its parent to exactly what the whole-file pipeline
/// gives: the real plan under the national one, the league's sample (with `上限`) under
/// the real plan, and every diagnostic fixture that refines `chain-parent`, in both
/// languages. Before, a plan in a chain was never streamed.
#[test]
fn plans_in_a_chain_stream_against_their_parent_alike() {
    let (national, region) = national_and_region();
    let sources = sources_of(&[NATIONAL, REGION, LEAGUE]);
    let (plan, tables) = national.clean_plan().expect("clean");
    let parent = quanze::chain::Parent { plan, tables };
    let (_, region_tables) =
        streamed_in_chain(1, REGION, Some(parent)).expect("the real plan streams under its parent");
    assert!(region_tables.is_some(), "the real plan is clean");
    assert_eq!(streams_in_chain_alike(&sources, 1, REGION, parent), Some(Ok(())));
    let (plan, tables) = region.clean_plan().expect("clean");
    let parent = quanze::chain::Parent { plan, tables };
    assert!(LEAGUE.contains("上限"));
    assert_eq!(streams_in_chain_alike(&sources, 2, LEAGUE, parent), Some(Ok(())));

    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut streamed_fixtures = Vec::new();
    for (lang, refines) in [("zh", "细化 \""), ("en", "refines \"")] {
        let parent_text = std::fs::read_to_string(format!("{fixtures}/chain-parent.{lang}.qz")).expect("parent");
        let top = compile(0, &parent_text);
        let (plan, tables) = top.clean_plan().expect("the parent fixture is clean");
        let parent = quanze::chain::Parent { plan, tables };
        for entry in std::fs::read_dir(format!("{fixtures}/diagnostics")).expect("dir") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !name.ends_with(&format!(".{lang}.qz")) || !text.contains(refines) {
                continue;
            }
            let sources = sources_of(&[&parent_text, &text]);
            if let Some(alike) = streams_in_chain_alike(&sources, 1, &text, parent) {
                assert_eq!(alike, Ok(()), "{name}");
                streamed_fixtures.push(name);
            }
        }
    }
    // What the chain check finds part by part streams; what stops it at the header
    // (E0027, E0028) is left to the whole pipeline.
    for code in ["E0029", "E0030", "W0005", "W0006"] {
        for lang in ["zh", "en"] {
            assert!(
                streamed_fixtures
                    .iter()
                    .any(|n| n.starts_with(code) && n.ends_with(&format!(".{lang}.qz"))),
                "no {code} {lang} fixture streamed: {streamed_fixtures:?}"
            );
        }
    }
}

/// Skeletons of a league plan under the real plan, filled, emptied (a gap) and with a
/// matter deleted (a gap across documents, E0030) stream as they compile whole.
#[test]
fn filled_and_broken_children_stream_alike() {
    let (_national, region) = national_and_region();
    let (plan, tables) = region.clean_plan().expect("clean");
    let parent = quanze::chain::Parent { plan, tables };
    let level = plan.levels.iter().position(|l| l.name == "盟市").expect("盟市");
    let skeleton = quanze::scaffold::scaffold(&quanze::scaffold::Request {
        parent,
        level,
        levels: &["盟市本级".to_string(), "旗县".to_string()],
        parent_path: "nmg-ip-2024-48.qz",
        lang: Lang::Zh,
    });
    let decisions = [
        "任意 => 盟市本级  § \"1\"",
        "任意 => 旗县  § \"1\"",
        "任意 => 事权 旗县，支出 盟市本级 60%、旗县 40% 转移支付  § \"1\"",
    ];
    for seed in 0..6usize {
        let mut count = 0;
        let mut deleting = false;
        let mut child = String::new();
        for line in skeleton.lines() {
            if line.trim_start().starts_with("事项 ") {
                count += 1;
                // Every fifth matter of some variants is deleted: E0030 from the parent.
                deleting = seed % 2 == 1 && (count + seed) % 5 == 0;
            }
            if deleting {
                if line.trim() == "}" {
                    deleting = false;
                }
                continue;
            }
            if line.trim_start().starts_with("# 在此写下划分") {
                // Some left empty: a gap.
                if (count * 7 + seed) % 11 != 0 {
                    let decision = decisions.get((count + seed) % decisions.len()).expect("decision");
                    child.push_str(&format!("    {decision}\n"));
                }
                continue;
            }
            child.push_str(line);
            child.push('\n');
        }
        let sources = sources_of(&[NATIONAL, REGION, &child]);
        assert_eq!(
            streams_in_chain_alike(&sources, 2, &child, parent),
            Some(Ok(())),
            "seed {seed}:\n{child}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    /// The league's sample with any one line deleted or replaced by noise either falls
    /// back to the whole pipeline or streams to exactly what it gives.
    #[test]
    fn an_edited_child_streams_alike_or_falls_back(
        line in 0usize..120,
        noise in "[a-z =>{}§\"甲乙盟市旗县本级]{0,12}",
        delete in proptest::prelude::any::<bool>(),
    ) {
        let (_national, region) = national_and_region();
        let (plan, tables) = region.clean_plan().expect("clean");
        let parent = quanze::chain::Parent { plan, tables };
        let edited: String = LEAGUE
            .lines()
            .enumerate()
            .filter_map(|(n, text)| match (n == line, delete) {
                (true, true) => None,
                (true, false) => Some(format!("{noise}\n")),
                _ => Some(format!("{text}\n")),
            })
            .collect();
        let sources = sources_of(&[NATIONAL, REGION, &edited]);
        if let Some(alike) = streams_in_chain_alike(&sources, 2, &edited, parent) {
            proptest::prop_assert_eq!(alike, Ok(()));
        }
    }
}

/// `quanze ARGS`, with its exit code and standard output, in `folder`.
fn quanze_in(folder: &std::path::Path, args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let output = assert_cmd::Command::cargo_bin("quanze")
        .expect("binary")
        .current_dir(folder)
        .args(args)
        .output()
        .expect("runs");
    (output.status.code(), output.stdout)
}

/// The commands that read a plan several times (coverage, the report, the workbook, a
/// query) stream a large plan once to check it and again to write: their output is the
/// one the whole plan gives, for a plan alone and in a chain.
#[test]
fn large_plans_read_again_part_by_part_give_the_whole_plans_outputs() {
    let folder = tempfile::tempdir().expect("dir");
    let text = just_large_enough();
    std::fs::write(folder.path().join("plan.qz"), &text).expect("write");
    // Some of the paragraphs the rules cite (the others dangle), and one nobody cites.
    let source = "一、总则\n0.0 甲。\n1.1 乙。\n99.9 丙。\n";
    std::fs::write(folder.path().join("source.txt"), source).expect("write");
    let compiled = compile(0, &text);
    let (plan, _) = compiled.clean_plan().expect("clean");
    let coverage = quanze::coverage::coverage(plan, source);
    let expected = format!("{}\n", serde_json::to_string_pretty(&coverage).expect("json"));
    assert_eq!(
        quanze_in(
            folder.path(),
            &["coverage", "plan.qz", "--source", "source.txt", "--format", "json"]
        ),
        (Some(1), expected.into_bytes())
    );

    // The same plan as the child of a small parent, every matter its own.
    let parent = "文件 \"父\" { 文号 \"父〔1〕号\" }\n层级 中央 > 地方\n未列事项 => 地方 § \"1\"\n";
    let (_, rest) = text.split_once('\n').expect("a header line");
    let child = format!(
        "文件 \"子\" {{\n  文号 \"子〔1〕号\"\n  细化 \"父〔1〕号\" \"parent.qz\"\n  细分 地方 => 省 > 市 > 县\n}}\n{}",
        rest.replace("\n事项 ", "\n自设事项 ")
    );
    std::fs::write(folder.path().join("parent.qz"), parent).expect("write");
    std::fs::write(folder.path().join("child.qz"), &child).expect("write");
    let top = compile(0, parent);
    let (parent_plan, parent_tables) = top.clean_plan().expect("clean");
    let chained = compile_refining(
        1,
        &child,
        Some(quanze::chain::Parent {
            plan: parent_plan,
            tables: parent_tables,
        }),
    );
    for (name, compiled, lang) in [("plan.qz", &compiled, Lang::Zh), ("child.qz", &chained, Lang::En)] {
        let (plan, tables) = compiled.clean_plan().expect("clean");
        assert!(compiled.diagnostics.is_empty(), "{name}: no diagnostic to render");
        {
            let whole = quanze::compile::Whole { plan, tables };
            let page = quanze::publish::html::to_html(&quanze::publish::html::Report {
                title: plan.header.title.clone(),
                plan: Some((plan, &whole)),
                lang,
                diagnostics: Vec::new(),
                file: name.to_string(),
                date: None,
                withheld: None,
            });
            let flag = if lang == Lang::En { "en" } else { "zh" };
            assert_eq!(
                quanze_in(folder.path(), &["--lang", flag, "report", name]),
                (Some(0), page.into_bytes()),
                "{name} {flag}"
            );
            let workbook =
                quanze::publish::workbook::to_xlsx(plan, &whole, &[], Some(&coverage), lang).expect("workbook");
            let (code, _) = quanze_in(
                folder.path(),
                &[
                    "--lang",
                    flag,
                    "table",
                    name,
                    "--source",
                    "source.txt",
                    "-o",
                    "out.xlsx",
                ],
            );
            assert_eq!(code, Some(0), "{name} {flag}");
            assert!(
                std::fs::read(folder.path().join("out.xlsx")).expect("written") == workbook,
                "{name} {flag}: the workbook differs"
            );
        }
        let mut links = vec![quanze::lookup::Link { plan, tables }];
        if name == "child.qz" {
            links.push(quanze::lookup::Link {
                plan: parent_plan,
                tables: parent_tables,
            });
        }
        queries_answer_as_the_whole_plan(folder.path(), name, &links);
    }
}

/// `quanze query` of the large plan `name`, whose chain is `links` (held whole): the list,
/// and questions by name and by wording, complete or not, `--chain`, `--unlisted`, and a
/// name no plan lists (whose refusal suggests the plan's close names), as the library
/// answers them from the whole plan.
fn queries_answer_as_the_whole_plan(folder: &std::path::Path, name: &str, links: &[quanze::lookup::Link<'_>]) {
    let json = |value: &dyn erased::Json| format!("{}\n", value.text());
    let plans: Vec<(&Plan, String)> = links.iter().map(|link| (link.plan, link.document())).collect();
    let entries = quanze::lookup::matters::entries(&plans);
    assert_eq!(
        common::run_in(folder, &["query", name, "--list", "--format", "json"]),
        (Some(0), json(&entries), String::new()),
        "{name} --list"
    );
    let asked = links.first().expect("the plan asked").plan;
    let mut questions: Vec<(String, Vec<String>, bool, bool)> = Vec::new();
    for matter in [
        asked.matters.first(),
        asked.matters.get(asked.matters.len() / 2),
        asked.matters.last(),
    ]
    .into_iter()
    .flatten()
    {
        // Every value given (the first of each dimension), then one left open.
        let when: Vec<String> = matter
            .dimensions
            .iter()
            .filter_map(|&d| asked.dimensions.get(d))
            .filter_map(|d| Some(format!("{}={}", d.name, d.values.first()?)))
            .collect();
        let wording = matter.wording.clone().unwrap_or_else(|| matter.name.clone());
        questions.push((matter.name.clone(), when.clone(), false, false));
        questions.push((wording, when.clone(), true, false));
        questions.push((
            matter.name.clone(),
            when.get(1..).unwrap_or_default().to_vec(),
            false,
            false,
        ));
        questions.push((matter.name.clone(), Vec::new(), false, true));
    }
    // A slip of a listed name, and a matter the plan does not list, said so.
    let slip = format!("{}0", asked.matters.first().expect("a matter").name);
    questions.push((slip.clone(), Vec::new(), false, false));
    questions.push((slip, Vec::new(), false, true));
    for (matter, when, chained, unlisted) in questions {
        let question = quanze::lookup::Question {
            matter: matter.clone(),
            when: when
                .iter()
                .filter_map(|w| w.split_once('='))
                .map(|(d, v)| (d.to_string(), v.to_string()))
                .collect(),
        };
        let expected = match quanze::lookup::answer(links, &question, unlisted, &[]) {
            Ok(answer) if chained => (Some(0), json(&answer.shown(Lang::Zh)), String::new()),
            Ok(answer) => (Some(0), json(&answer.answer), String::new()),
            Err(problem) => {
                let mut said = format!("错误：{}\n", problem.message.get(Lang::Zh));
                for note in &problem.notes {
                    said.push_str(&format!("  = {}\n", note.get(Lang::Zh)));
                }
                (Some(2), String::new(), said)
            }
        };
        let mut args = vec!["query", name, "--matter", &matter, "--format", "json"];
        for w in &when {
            args.extend(["--when", w.as_str()]);
        }
        if chained {
            args.push("--chain");
        }
        if unlisted {
            args.push("--unlisted");
        }
        assert_eq!(common::run_in(folder, &args), expected, "{args:?}");
    }
}

/// Values written as `quanze query --format json` writes them.
mod erased {
    pub trait Json {
        fn text(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn text(&self) -> String {
            serde_json::to_string_pretty(self).expect("json")
        }
    }
}

/// A plan given part by part as `compile::stream` gives it (what the CLI's replay does).
struct StreamedParts<'a> {
    file: usize,
    text: &'a str,
    parent: Option<quanze::chain::Parent<'a>>,
}

impl quanze::compile::Parts for StreamedParts<'_> {
    fn each(&self, sink: &mut dyn FnMut(&Plan, Option<&[quanze::check::MatterTable]>)) {
        let streamed = stream(self.file, self.text, self.parent, |plan, tables| sink(plan, tables));
        assert!(streamed.is_some(), "streams");
    }
}

/// A question to the real plan, read part by part (its matters in sections, numbered in
/// each part from its own first), is answered as by the whole plan: each matter asked by
/// name and by wording, and the list. Only what the question could mean is gathered.
#[test]
fn the_real_plan_read_part_by_part_answers_as_the_whole() {
    let (national, region) = national_and_region();
    let (top, top_tables) = national.clean_plan().expect("clean");
    let (plan, tables) = region.clean_plan().expect("clean");
    let parent = quanze::chain::Parent {
        plan: top,
        tables: top_tables,
    };
    let parts = StreamedParts {
        file: 1,
        text: REGION,
        parent: Some(parent),
    };
    let above = quanze::lookup::Link {
        plan: top,
        tables: top_tables,
    };
    let whole = [quanze::lookup::Link { plan, tables }, above];
    let declarations = Plan {
        matters: Vec::new(),
        sections: Vec::new(),
        ..plan.clone()
    };
    let shown = |answer: Result<quanze::lookup::ChainAnswer, quanze::lookup::Problem>| match answer {
        Ok(answer) => serde_json::to_string(&answer.answer).expect("json"),
        Err(problem) => format!("{:?}", problem.message),
    };
    assert!(plan.matters.iter().any(|m| m.section.is_some()), "sections to renumber");
    for matter in &plan.matters {
        for wanted in [Some(&matter.name), matter.wording.as_ref()].into_iter().flatten() {
            let (gathered, gathered_tables) = quanze::lookup::parts::gather(&declarations, &parts, wanted);
            assert_eq!(gathered.matters.len(), 1, "{wanted}: the one matter it means");
            let question = quanze::lookup::Question {
                matter: wanted.clone(),
                when: Vec::new(),
            };
            let asked = [
                quanze::lookup::Link {
                    plan: &gathered,
                    tables: &gathered_tables,
                },
                above,
            ];
            assert_eq!(
                shown(quanze::lookup::answer(&asked, &question, false, &[])),
                shown(quanze::lookup::answer(&whole, &question, false, &[])),
                "{wanted}"
            );
        }
    }
    let plans = [(plan, "region".to_string()), (top, "national".to_string())];
    let above = plans.get(1..).expect("above");
    let listed = quanze::lookup::parts::entries(&parts, above);
    assert_eq!(
        serde_json::to_string(&listed).expect("json"),
        serde_json::to_string(&quanze::lookup::matters::entries(&plans)).expect("json")
    );
}

/// `quanze diff` reads two large plans part by part and writes the changed matters as it
/// finds them: its report is, byte for byte, the one the library makes from the two
/// plans' whole tables — with matters added, removed, changed and unchanged, in Markdown
/// and JSON, in both languages.
#[test]
fn a_diff_of_large_plans_read_part_by_part_is_the_whole_plans_report() {
    let folder = tempfile::tempdir().expect("dir");
    let old = just_large_enough();
    // Other rules for the same matters, ten matters more; and the old plan with its first
    // matter decided anew, the others as they were.
    let new = generator::generate(&generator::Spec {
        matters: 160,
        dimensions: 3,
        values: 6,
        rules: 4800,
        gaps: 0,
        overlaps: 0,
        numeric: false,
        seed: 5,
    })
    .expect("plan");
    let (first, rest) = old.split_once("\n事项 m1 ").expect("a second matter");
    let touched = format!("{}\n事项 m1 {rest}", first.replace("=> 县 ", "=> 市 "));
    assert_ne!(touched, old, "the first matter decides something for 县");
    for (name, text) in [("old.qz", &old), ("new.qz", &new), ("touched.qz", &touched)] {
        assert!(text.len() >= quanze::compile::COMPILED_BY_PARTS, "{name}");
        std::fs::write(folder.path().join(name), text).expect("write");
    }
    let table = |text: &str, lang| {
        let compiled = compile(0, text);
        let (plan, tables) = compiled.clean_plan().expect("clean");
        emit::table(plan, tables, lang)
    };
    let [old_zh, new_zh, touched_zh] = [&old, &new, &touched].map(|text| table(text, Lang::Zh));
    let [old_en, new_en] = [&old, &new].map(|text| table(text, Lang::En));
    // Matters added, removed, changed in part, none changed: each in one language and one
    // format (a debug build takes seconds a run).
    let cases = [
        ("old.qz", "new.qz", &old_zh, &new_zh, Lang::Zh, "md"),
        ("new.qz", "old.qz", &new_en, &old_en, Lang::En, "md"),
        ("old.qz", "touched.qz", &old_zh, &touched_zh, Lang::Zh, "json"),
        ("old.qz", "old.qz", &old_en, &old_en, Lang::En, "json"),
    ];
    for (before, after, before_table, after_table, lang, format) in cases {
        let report = quanze::diff::compare(before_table, after_table, &[], lang).expect("comparable");
        assert!(before == after || !report.is_empty(), "{before} → {after}: changes");
        let expected = match format {
            "md" => quanze::diff::to_markdown(&report, lang),
            _ => quanze::diff::to_json(&report).expect("json"),
        };
        let flag = if lang == Lang::En { "en" } else { "zh" };
        assert_eq!(
            quanze_in(
                folder.path(),
                &["--lang", flag, "diff", before, after, "--format", format]
            ),
            (Some(0), expected.into_bytes()),
            "{before} → {after}, {flag}, {format}"
        );
    }
}

/// An amendment of a large base reads the base as an outline (`amend::outline`: only the
/// matters it amends, removes or renames keep their rules) and checks it from its text:
/// the consolidated plan and every diagnostic are those the whole base gives
/// (`compile_amendment_texts`), for an amendment that applies cleanly and for one with
/// errors of every kind (a gap it opens, a rule or a matter it cannot find, a value added
/// to a dimension that every matter split by it must now decide).
#[test]
fn an_amendment_of_a_large_base_reads_it_as_an_outline_alike() {
    let folder = tempfile::tempdir().expect("dir");
    let base = just_large_enough();
    assert!(base.len() >= quanze::amend::OUTLINED_FROM);
    std::fs::write(folder.path().join("base.qz"), &base).expect("write");
    let header = "修正案 \"改\" {\n  文号 \"改〔2〕号\"\n  修正 \"合成〔3〕号\" \"base.qz\"\n}\n";
    let clean = format!(
        "{header}修改事项 m5 {{\n  更改 \"5.0\" => 省 § \"修正一\"\n}}\n删除事项 m6 § \"修正二\"\n更名事项 m7 为 m7新 § \"修正三\"\n"
    );
    let broken = format!(
        "{header}修改事项 m5 {{\n  删除 \"5.0\" § \"修正一\"\n}}\n修改事项 m8 {{\n  删除 \"9.9\" § \"修正二\"\n}}\n删除事项 m99999 § \"修正三\"\n增加维度值 d0 {{ d0v6 }} § \"修正四\"\n"
    );
    // Applies, but opens gaps: in m5, and for the new value in every matter split by d0,
    // each put on the operation that opened it.
    let gapped =
        format!("{header}修改事项 m5 {{\n  删除 \"5.0\" § \"修正一\"\n}}\n增加维度值 d0 {{ d0v6 }} § \"修正二\"\n");
    for (name, amendment, code) in [
        ("clean.qz", &clean, 0),
        ("broken.qz", &broken, 1),
        ("gapped.qz", &gapped, 1),
    ] {
        std::fs::write(folder.path().join(name), amendment).expect("write");
        let result = quanze::compile::compile_amendment_texts(&base, amendment);
        let mut sources = SourceSet::default();
        sources.add(SourceFile {
            name: "base.qz".to_string(),
            text: base.clone(),
        });
        sources.add(SourceFile {
            name: name.to_string(),
            text: amendment.clone(),
        });
        // The CLI reads the amendment first: the same diagnostics, in another order of files.
        let mut expected: Vec<String> = result
            .compiled
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::to_value(quanze::render::to_json(&sources, d, Lang::En))
                    .expect("json")
                    .to_string()
            })
            .collect();
        let (status, out) = quanze_in(folder.path(), &["--lang", "en", "check", name, "--format", "json"]);
        let found: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("a JSON array");
        let mut found: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        expected.sort();
        found.sort();
        assert_eq!(status, Some(code), "{name}");
        assert!(!found.is_empty() || code == 0, "{name}: findings");
        assert_eq!(result.consolidated.is_some(), name != "broken.qz", "{name}: applied");
        assert_eq!(found, expected, "{name}");
        // The plan a clean amendment makes, streamed: its tables, the change report
        // against the base, a question by a renamed matter's old name (refused with its new
        // one), a report page, as the library makes them from the whole plans.
        if code == 0 {
            let tables = tables_of(&result.compiled).expect("clean");
            // The command's CSV begins with the byte-order mark Excel needs.
            let csv = format!("\u{FEFF}{}", tables.csv);
            for (format, expected) in [("csv", &csv), ("md", &tables.markdown), ("dmn", &tables.dmn)] {
                let (status, out) = quanze_in(folder.path(), &["table", name, "--format", format]);
                assert_eq!(status, Some(0), "{name} {format}");
                assert!(out == expected.as_bytes(), "{name}: the {format} table differs");
            }
            let base_table = {
                let compiled = compile(0, &base);
                let (plan, tables) = compiled.clean_plan().expect("clean");
                emit::table(plan, tables, Lang::Zh)
            };
            let (plan, tables) = result.compiled.clean_plan().expect("clean");
            let mut report = quanze::diff::compare(
                &base_table,
                &emit::table(plan, tables, Lang::Zh),
                &result.renames,
                Lang::Zh,
            )
            .expect("comparable");
            report.new.amended_by = Some("改〔2〕号".to_string());
            let (status, out) = quanze_in(folder.path(), &["diff", "base.qz", name]);
            assert_eq!(status, Some(0), "{name} diff");
            assert!(
                out == quanze::diff::to_markdown(&report, Lang::Zh).into_bytes(),
                "{name}: the change report differs"
            );
            let (status, _, stderr) = common::run_in(folder.path(), &["query", name, "--matter", "m7"]);
            assert_eq!(status, Some(2), "{name}: m7 was renamed");
            assert!(stderr.contains("更名为 `m7新`"), "{name}: {stderr}");
        }
        // `consolidate` writes a plan without errors only.
        if let Some(consolidated) = result.consolidated.as_ref().filter(|_| code == 0) {
            let (status, _) = quanze_in(folder.path(), &["--lang", "en", "consolidate", name, "-o", "out.qz"]);
            assert_eq!(status, Some(0), "{name}");
            let written = std::fs::read_to_string(folder.path().join("out.qz")).expect("written");
            assert!(&written == consolidated, "{name}: the consolidated text differs");
        }
    }
}

/// A long matter is parsed a piece at a time (`syntax/pieces.rs`: its head, runs of rules,
/// its closing brace) into the tree the whole parse gives, spans and findings included —
/// rules one a line, with labels, comments holding braces and quotes, full-width braces,
/// a name that is not in NFKC; and where a cut falls inside a rule written over several
/// lines, the piece does not parse and the matter is parsed whole. pest's tokens for one
/// matter of 16,000 rules took 96 MB (BENCHMARKS.md).
#[test]
fn a_long_matter_parsed_in_pieces_is_the_whole_parses_tree() {
    let header = "文件 \"长\" { 文号 \"长〔1〕号\" }\n层级 省 > 市\n维度 d { a, b }\n";
    let one_a_line = |open: &str, close: &str, rules: usize| {
        let mut text = format!("{header}# 一个很长的事项 {{ \"引号\n事项 长事项 \"很长的事项\" 按 d {open}\n");
        for r in 0..rules {
            let condition = if r == 0 { "任意" } else { "d = a" };
            let overrides = if r == 0 {
                String::new()
            } else {
                format!(" 优先于 r{}", r - 1)
            };
            text.push_str(&format!(
                "  r{r}: {condition} => 省 § \"{r}\" “第{r}条”{overrides}  # }} “\n"
            ));
        }
        text.push_str(&format!("{close}  # 完\n未列事项 => 市 § \"0\"\n"));
        text
    };
    let over_lines = {
        let mut text = format!("{header}事项 多行 按 d {{\n");
        for r in 0..3000 {
            text.push_str(&format!("  d = {{a,\n    b}} 且 d = a\n    => 省 § \"{r}\"\n"));
        }
        text.push_str("}\n");
        text
    };
    let fullwidth = one_a_line("｛", "｝", 1500).replace("长事项", "ＡＩ长事项");
    for (text, pieces) in [
        (one_a_line("{", "}", 1500), true),
        (fullwidth, true),
        (over_lines, false),
    ] {
        assert!(text.len() > 1 << 16 && text.len() < 1 << 20, "{}", text.len());
        // parse_at_once parses the whole file at once; parse_by_parts parses runs of
        // items, the long matter alone and in pieces.
        let whole = quanze::syntax::parse_at_once(0, &text).expect("parses");
        let by_parts = quanze::syntax::parse_by_parts(0, &text).expect("parses by parts");
        assert!(
            format!("{by_parts:?}") == format!("{whole:?}"),
            "the tree differs (pieces: {pieces})"
        );
        let matter = whole.items.iter().find_map(|item| match item {
            quanze::ast::Item::Matter(matter) => Some(matter),
            _ => None,
        });
        assert!(matter.is_some_and(|m| m.rules.len() >= 1500));
    }
}
