//! The figures of BENCHMARKS.md: each phase of the pipeline on synthetic plans from
//! examples/synth/generator.rs, at the sizes issue 4 sets targets for, and the growth of
//! the check with rules and dimensions. Run with `cargo bench --bench pipeline`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../examples/synth/generator.rs"]
mod generator;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use generator::{Spec, generate, generate_with_counties};
use quanze::text::Lang;

fn spec(matters: usize, dimensions: usize, values: usize, rules: usize, numeric: bool) -> Spec {
    Spec {
        matters,
        dimensions,
        values,
        rules,
        gaps: 0,
        overlaps: 0,
        numeric,
        seed: 1,
    }
}

/// Parse, resolve and check (with the table rows) of one plan, phase by phase.
fn phases(c: &mut Criterion, name: &str, spec: &Spec) {
    let text = generate(spec).expect("a plan");
    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("parse", |b| {
        b.iter(|| quanze::syntax::parse(0, black_box(&text)).expect("parses"))
    });
    let document = quanze::syntax::parse(0, &text).expect("parses");
    group.bench_function("resolve", |b| {
        b.iter(|| quanze::resolve::resolve(0, black_box(&document)))
    });
    let plan = quanze::resolve::resolve(0, &document).plan.expect("resolves");
    group.bench_function("check", |b| b.iter(|| quanze::check::check(black_box(&plan))));
    group.bench_function("whole pipeline", |b| {
        b.iter(|| {
            let compiled = quanze::compile::compile(0, black_box(&text));
            let (plan, tables) = compiled.clean_plan().expect("clean");
            emit_csv(plan, tables)
        })
    });
    group.finish();
}

fn emit_csv(plan: &quanze::ir::Plan, tables: &[quanze::check::MatterTable]) -> String {
    quanze::emit::to_csv(&quanze::emit::table(plan, tables, Lang::Zh), Lang::Zh).expect("csv")
}

fn targets(c: &mut Criterion) {
    phases(
        c,
        "target 1: 10 dims x 8 values, 10k rules",
        &spec(1, 10, 8, 10_000, false),
    );
    phases(c, "target 2: 12 numeric dims, 2k rules", &spec(1, 12, 8, 2_000, true));
    throughput(c);
}

/// Target 3 in one run: the whole pipeline to the CSV table against pest's bare parse of
/// the same text (a 4.5 MB plan of 2,000 matters; BENCHMARKS.md has the 45 MB
/// whole-process run).
fn throughput(c: &mut Criterion) {
    let text = generate(&spec(2_000, 3, 6, 60_000, false)).expect("a plan");
    let mut group = c.benchmark_group("target 3: 2k matters");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.bench_function("pest bare parse", |b| {
        b.iter(|| quanze::syntax::parses(black_box(&text)))
    });
    group.bench_function(
        "streaming pipeline to CSV (what `quanze table --format csv` runs)",
        |b| {
            b.iter(|| {
                let mut rows = quanze::emit::CsvRows::new(Vec::new(), Lang::Zh).expect("header");
                quanze::compile::stream(0, black_box(&text), None, |plan, tables| {
                    rows.piece(plan, tables).expect("rows")
                })
                .expect("streams");
                rows.finish().expect("csv")
            })
        },
    );
    group.bench_function("whole pipeline to CSV", |b| {
        b.iter(|| {
            let compiled = quanze::compile::compile(0, black_box(&text));
            let (plan, tables) = compiled.clean_plan().expect("clean");
            emit_csv(plan, tables)
        })
    });
    group.finish();
}

/// Check time against the number of rules (one matter, 8 dimensions of 8 values) and
/// against the number of dimensions (one matter, 10k rules).
fn growth(c: &mut Criterion) {
    let mut group = c.benchmark_group("growth");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for rules in [1_000, 10_000, 100_000] {
        let plan = resolved(&spec(1, 8, 8, rules, false));
        group.bench_with_input(BenchmarkId::new("check, rules", rules), &plan, |b, plan| {
            b.iter(|| quanze::check::check(black_box(plan)))
        });
    }
    for dimensions in [4, 8, 12] {
        let plan = resolved(&spec(1, dimensions, 8, 10_000, false));
        group.bench_with_input(BenchmarkId::new("check, dimensions", dimensions), &plan, |b, plan| {
            b.iter(|| quanze::check::check(black_box(plan)))
        });
    }
    group.finish();
}

/// Issue 16: parsing 100,000 rules of 10 dimensions on one core and on every core (a long
/// matter's pieces are parsed at once, syntax/pieces.rs), in MB/s; and the check of the
/// same 10,000 rules with a first dimension of 8 values and of 3,000 counties in 8 tiers.
fn issue_16(c: &mut Criterion) {
    let text = generate(&spec(1, 10, 8, 100_000, false)).expect("a plan");
    let mut group = c.benchmark_group("issue 16: parse 100k rules x 10 dims");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(text.len() as u64));
    let one_core = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    group.bench_function("one core", |b| {
        b.iter(|| one_core.install(|| quanze::syntax::parse(0, black_box(&text)).expect("parses")))
    });
    group.bench_function("every core", |b| {
        b.iter(|| quanze::syntax::parse(0, black_box(&text)).expect("parses"))
    });
    group.finish();

    let mut group = c.benchmark_group("issue 16: check 10k rules x 10 dims");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let small = resolved(&spec(1, 10, 8, 10_000, false));
    let counties = resolved_text(&generate_with_counties(&spec(1, 10, 8, 10_000, false), 3000).expect("a plan"));
    group.bench_function("first dimension 8 values", |b| {
        b.iter(|| quanze::check::check(black_box(&small)))
    });
    group.bench_function("first dimension 3,000 counties", |b| {
        b.iter(|| quanze::check::check(black_box(&counties)))
    });
    group.finish();
}

/// Issue 17: `quanze draft` of the real official text (target: under 50 ms).
fn issue_17(c: &mut Criterion) {
    let source = include_str!("../policies/sources/nmg-ip-2024-48.txt");
    let words = quanze::draft::ScopeWords::new(None).expect("the shipped scope words");
    let mut group = c.benchmark_group("issue 17");
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    group.bench_function("draft the real text", |b| {
        b.iter(|| {
            quanze::draft::draft(&quanze::draft::Request {
                source: black_box(source),
                levels: None,
                scope_words: &words,
                source_name: "nmg-ip-2024-48.txt",
                refines: None,
            })
            .expect("a draft")
        })
    });
    group.finish();
}

/// Issue 18: an edit of the real plan to its diagnostics, warm, as the language server
/// runs it: the workspace told of the new text (`update`), the plan checked again with its
/// parent (`check`), the diagnostics placed in the editor's units (target: one frame,
/// 16 ms).
fn issue_18(c: &mut Criterion) {
    use quanze::workspace::{MemoryFiles, Resolving, Workspace};
    let plan = include_str!("../policies/nmg-ip-2024-48.qz");
    let parent = include_str!("../policies/gbf-ip-2023-48-partial.qz");
    let files = MemoryFiles::new()
        .in_folder("/p")
        .with("nmg-ip-2024-48.qz", plan)
        .with("gbf-ip-2023-48-partial.qz", parent);
    let mut workspace = Workspace::new(files, Resolving::default());
    let path = std::path::Path::new("/p/nmg-ip-2024-48.qz");
    let first = workspace.check(path);
    assert!(
        first.loaded.as_ref().is_ok_and(|loaded| !loaded.compiled.has_errors()),
        "the real plan loads with its parent, clean"
    );
    // Two texts in turn, a keystroke apart, so that every round checks anew.
    let texts = [plan.to_string(), format!("{plan}#")];
    let mut round = 0usize;
    let mut group = c.benchmark_group("issue 18");
    group.sample_size(50).measurement_time(Duration::from_secs(5));
    group.bench_function("edit to diagnostics, real plan with its parent", |b| {
        b.iter(|| {
            round += 1;
            workspace.update(path, texts[round % 2].clone());
            let checked = workspace.check(path);
            quanze::editor::diagnostics_of(checked, path, Lang::Zh)
        })
    });
    // The workbench answers each edit with everything its panes show: the findings, the
    // matrix and decision table, the official text's paragraphs with who cites them, the
    // colours and the fixes, as JSON (what `quanze serve` sends the page).
    let source = include_str!("../policies/sources/nmg-ip-2024-48.txt");
    group.bench_function("edit to the workbench's view, real plan with its parent", |b| {
        b.iter(|| {
            round += 1;
            let text = &texts[round % 2];
            workspace.update(path, text.clone());
            let checked = workspace.check(path);
            let view = quanze::editor::workbench::view(checked, path, text, Some(source), Lang::Zh);
            serde_json::to_vec(&view).expect("JSON")
        })
    });
    group.finish();
}

fn resolved(spec: &Spec) -> quanze::ir::Plan {
    resolved_text(&generate(spec).expect("a plan"))
}

fn resolved_text(text: &str) -> quanze::ir::Plan {
    let document = quanze::syntax::parse(0, text).expect("parses");
    quanze::resolve::resolve(0, &document).plan.expect("resolves")
}

criterion_group!(benches, targets, growth, issue_16, issue_17, issue_18);
criterion_main!(benches);
