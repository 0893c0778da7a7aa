//! The real plans in `policies/`: each checks clean, and its decision table is
//! snapshotted in every format (and is the same on every run).

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use quanze::compile::compile;
use quanze::emit;
use quanze::text::Lang;

fn table_of(text: &str) -> emit::Table {
    let compiled = compile(0, text);
    let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.is_empty(), "the real plan must check clean, got {codes:?}");
    let (plan, tables) = compiled.clean_plan().expect("a clean plan");
    emit::table(plan, tables, Lang::Zh)
}

#[test]
fn real_plans_check_clean_and_their_tables_are_stable() {
    insta::glob!("../policies", "*.qz", |path| {
        let text = std::fs::read_to_string(path).expect("readable policy");
        if is_amendment(&text) {
            return; // amendments are tested below, against their base
        }
        let table = table_of(&text);
        let markdown = emit::to_markdown(&table, Lang::Zh);
        let csv = emit::to_csv(&table, Lang::Zh).expect("csv");
        let json = emit::to_json(&table).expect("json");
        // Byte-identical across runs: a second compile gives the same bytes.
        let again = table_of(&text);
        assert_eq!(markdown, emit::to_markdown(&again, Lang::Zh));
        assert_eq!(csv, emit::to_csv(&again, Lang::Zh).expect("csv"));
        assert_eq!(json, emit::to_json(&again).expect("json"));
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        insta::assert_snapshot!(format!("{stem}.md"), markdown);
        insta::assert_snapshot!(format!("{stem}.csv"), csv);
        insta::assert_snapshot!(format!("{stem}.json"), json);
    });
}

/// Issue 2's promise: deleting any one rule either makes `check` report a gap naming that
/// matter, or (where an `otherwise` rule takes over) changes that matter's rows and no
/// other matter's.
#[test]
fn deleting_any_rule_of_the_real_plan_is_noticed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
    let text = std::fs::read_to_string(path).expect("readable policy");
    let document = quanze::syntax::parse(0, &text).expect("the plan parses");
    let original = table_of(&text);
    let mut deletions = 0;
    let matters = document.items.iter().flat_map(|item| match item {
        quanze::ast::Item::Section(section) => section.matters.iter().collect::<Vec<_>>(),
        quanze::ast::Item::Matter(matter) => vec![matter],
        _ => Vec::new(),
    });
    for matter in matters {
        {
            for rule in &matter.rules {
                // A matter's inline rule (`事项 X => …`) becomes an empty rule block.
                let inline = matches!(rule.condition, quanze::ast::Condition::Any(_))
                    && text.get(rule.span.start..rule.span.start + 2) == Some("=>");
                let replacement = if inline { "{ }" } else { "" };
                let mutant = format!("{}{replacement}{}", &text[..rule.span.start], &text[rule.span.end..]);
                deletions += 1;
                let compiled = compile(0, &mutant);
                let gap_named = compiled.diagnostics.iter().any(|d| {
                    d.code == quanze::diagnostic::Code::E0008
                        && d.message.en.contains(&format!("`{}`", matter.name.value))
                });
                if gap_named {
                    continue;
                }
                let (plan, tables) = compiled
                    .clean_plan()
                    .unwrap_or_else(|| panic!("deleting a rule of `{}` gave errors but no gap", matter.name.value));
                let changed = emit::table(plan, tables, Lang::Zh);
                for (before, after) in original.matters.iter().zip(&changed.matters) {
                    let before_json = serde_json::to_string(&before.rows).expect("json");
                    let after_json = serde_json::to_string(&after.rows).expect("json");
                    if before.name == matter.name.value {
                        assert_ne!(
                            before_json, after_json,
                            "deleting a rule of `{}` changed nothing",
                            before.name
                        );
                    } else {
                        assert_eq!(
                            before_json, after_json,
                            "deleting a rule of `{}` changed `{}`",
                            matter.name.value, before.name
                        );
                    }
                }
            }
        }
    }
    assert!(deletions > 50, "every rule was tried ({deletions})");
}

fn is_amendment(text: &str) -> bool {
    quanze::syntax::parse(0, text).is_ok_and(|d| d.amendment_header().is_some())
}

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/nmg-ip-2024-48-amendment-sample.qz"
);

/// The sample amendment: it checks clean against the real plan; its consolidated text
/// checks clean by itself and has the same table; the change report is snapshotted.
#[test]
fn the_sample_amendment_consolidates_and_reports_its_changes() {
    let base = std::fs::read_to_string(BASE).expect("base");
    let amendment = std::fs::read_to_string(SAMPLE).expect("amendment");
    let result = quanze::compile::compile_amendment_texts(&base, &amendment);
    let codes: Vec<&str> = result.compiled.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.is_empty(), "the sample amendment must check clean, got {codes:?}");
    let (plan, tables) = result.compiled.clean_plan().expect("a clean amended plan");
    let amended = emit::table(plan, tables, Lang::Zh);

    let consolidated = result.consolidated.expect("consolidated text");
    // Every comment and citation of the base survives consolidation.
    for line in base.lines().map(str::trim).filter(|l| l.starts_with('#')) {
        assert!(consolidated.contains(line), "lost comment: {line}");
    }
    let by_itself = table_of(&consolidated);
    assert_eq!(
        emit::to_json(&by_itself).expect("json"),
        emit::to_json(&amended).expect("json")
    );
    insta::assert_snapshot!("sample-amendment.consolidated.qz", consolidated);

    let report = quanze::diff::compare(&table_of(&base), &amended, &result.renames, Lang::Zh).expect("comparable");
    insta::assert_snapshot!("sample-amendment.diff.md", quanze::diff::to_markdown(&report, Lang::Zh));
    insta::assert_snapshot!(
        "sample-amendment.diff.json",
        quanze::diff::to_json(&report).expect("json")
    );
}
