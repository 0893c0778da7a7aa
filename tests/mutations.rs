//! Mutation testing on the real plan: every single-rule mutant of
//! `policies/nmg-ip-2024-48.qz` — a rule deleted, a level of its outcome changed to each
//! other level, a value of its condition swapped for each other value of its dimension, a
//! share changed — is either reported as an error (gap, conflict, share total…) or changes
//! the decision table. None may pass silently with the table unchanged.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use indexmap::IndexMap;

use quanze::ast::{Condition, DimensionValues, Document, Item, LevelRef, Matter, Outcome, Spending};
use quanze::compile::compile;
use quanze::emit;
use quanze::span::Span;
use quanze::text::Lang;

const PLAN: &str = include_str!("../policies/nmg-ip-2024-48.qz");

struct Mutant {
    what: String,
    span: Span,
    replacement: String,
}

fn matters(document: &Document) -> Vec<&Matter> {
    document
        .items
        .iter()
        .flat_map(|item| match item {
            Item::Section(section) => section.matters.iter().collect::<Vec<_>>(),
            Item::Matter(matter) => vec![matter],
            _ => Vec::new(),
        })
        .collect()
}

fn level_refs(outcome: &Outcome) -> Vec<&quanze::ast::Name> {
    let mut names = Vec::new();
    if let Outcome::Assign {
        power, joint, spending, ..
    } = outcome
    {
        for holder in std::iter::once(power).chain(joint) {
            if let LevelRef::Level(name) = holder {
                names.push(name);
            }
        }
        match spending {
            Some(Spending::Level(LevelRef::Level(name))) => names.push(name),
            Some(Spending::Shares(shares)) => names.extend(shares.iter().map(|s| &s.level)),
            _ => {}
        }
    }
    names
}

fn mutants(text: &str) -> Vec<Mutant> {
    let document = quanze::syntax::parse(0, text).expect("the plan parses");
    let mut levels: Vec<String> = Vec::new();
    let mut dimensions: IndexMap<String, Vec<String>> = IndexMap::new();
    for item in &document.items {
        match item {
            Item::Levels(declaration) => levels = declaration.levels.iter().map(|l| l.value.clone()).collect(),
            Item::Dimension(declaration) => {
                let values = match &declaration.values {
                    DimensionValues::Listed(values) => values.iter().map(|v| v.value.clone()).collect(),
                    DimensionValues::Levels(_) | DimensionValues::Numeric { .. } => Vec::new(),
                };
                dimensions.insert(declaration.name.value.clone(), values);
            }
            _ => {}
        }
    }
    for values in dimensions.values_mut().filter(|v| v.is_empty()) {
        values.clone_from(&levels);
    }
    let mut found = Vec::new();
    for matter in matters(&document) {
        let name = &matter.name.value;
        for (index, rule) in matter.rules.iter().enumerate() {
            let at = format!("{name} rule {index}");
            let deletion = if matter.close.is_some() {
                String::new()
            } else {
                "{ }".to_string()
            };
            found.push(Mutant {
                what: format!("{at}: deleted"),
                span: rule.span,
                replacement: deletion,
            });
            for level in level_refs(&rule.outcome) {
                for other in levels.iter().filter(|l| **l != level.value) {
                    found.push(Mutant {
                        what: format!("{at}: level {} → {other}", level.value),
                        span: level.span,
                        replacement: other.clone(),
                    });
                }
            }
            if let Condition::Cases(disjuncts, _) = &rule.condition {
                for test in disjuncts.iter().flatten() {
                    for value in &test.values {
                        let dimension = match &test.dimension {
                            Some(d) => Some(d.value.clone()),
                            None => matter
                                .by
                                .iter()
                                .map(|b| b.value.clone())
                                .find(|b| dimensions.get(b).is_some_and(|v| v.contains(&value.value))),
                        };
                        let Some(values) = dimension.and_then(|d| dimensions.get(&d)) else {
                            continue;
                        };
                        for other in values.iter().filter(|v| **v != value.value) {
                            found.push(Mutant {
                                what: format!("{at}: value {} → {other}", value.value),
                                span: value.span,
                                replacement: other.clone(),
                            });
                        }
                    }
                }
            }
            if let Outcome::Assign {
                spending: Some(Spending::Shares(shares)),
                ..
            } = &rule.outcome
            {
                for share in shares {
                    let changed = (share.hundredths.value + 1000) % 10_000;
                    found.push(Mutant {
                        what: format!("{at}: share of {} changed", share.level.value),
                        span: share.hundredths.span,
                        replacement: format!("{}%", changed / 100),
                    });
                }
            }
        }
    }
    found
}

/// The outcome of a mutant: `Some(table JSON)` when it checks without errors.
fn table_json(text: &str) -> Option<String> {
    let compiled = compile(0, text);
    let (plan, tables) = compiled.clean_plan()?;
    emit::to_json(&emit::table(plan, tables, Lang::Zh)).ok()
}

fn assert_every_mutant_is_caught(text: &str) -> usize {
    let original = table_json(text).expect("the plan checks clean");
    let all = mutants(text);
    let mut silent = Vec::new();
    for mutant in &all {
        let mut mutated = text.to_string();
        mutated.replace_range(mutant.span.start..mutant.span.end, &mutant.replacement);
        if table_json(&mutated).as_ref() == Some(&original) {
            silent.push(mutant.what.clone());
        }
    }
    assert!(silent.is_empty(), "mutants that pass silently: {silent:#?}");
    all.len()
}

#[test]
fn every_single_rule_mutant_of_the_real_plan_is_reported_or_changes_the_table() {
    let count = assert_every_mutant_is_caught(PLAN);
    // 54 deletions, and the level changes and value swaps of those rules (146 in all).
    assert!(count >= 140, "only {count} mutants generated");
}

#[test]
fn every_mutant_of_the_amended_plan_with_shares_is_caught_too() {
    let amendment = include_str!("../policies/nmg-ip-2024-48-amendment-sample.qz");
    let result = quanze::compile::compile_amendment_texts(PLAN, amendment);
    let consolidated = result.consolidated.expect("the sample amendment applies");
    assert!(mutants(&consolidated).iter().any(|m| m.what.contains("share")));
    assert_every_mutant_is_caught(&consolidated);
}
