//! Properties of amendments and change reports on random plans:
//! - applying a random valid amendment gives the same table as writing the changed plan
//!   by hand;
//! - `diff X X` is empty, and so is the diff of two plans that decide alike but are
//!   written differently (matters reordered, rules merged);
//! - `diff A B` and `diff B A` mirror each other, case by case and level by level.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use quanze::compile::{compile, compile_amendment_texts};
use quanze::diff::{ChangeReport, compare};
use quanze::emit::{self, Table};
use quanze::text::Lang;

const LEVELS: [&str; 2] = ["自治区", "盟市"];
const D0: [&str; 3] = ["a", "b", "c"];
const D1: [&str; 2] = ["x", "y"];

#[derive(Clone, Debug)]
struct Rule {
    label: String,
    value: usize,
    level: usize,
    paragraph: String,
}

#[derive(Clone, Debug)]
struct Matter {
    name: String,
    wording: String,
    by_d1: bool,
    rules: Vec<Rule>,
}

#[derive(Clone, Debug)]
enum Op {
    Change(usize, usize),
    Replace(usize, usize),
    Remove,
    Rename,
}

fn matter(index: usize, by_d1: bool, levels: Vec<usize>) -> Matter {
    Matter {
        name: format!("M{index}"),
        wording: format!("M{index}"),
        by_d1,
        rules: levels
            .into_iter()
            .enumerate()
            .map(|(value, level)| Rule {
                label: format!("L{index}_{value}"),
                value,
                level,
                paragraph: format!("{index}.{value}"),
            })
            .collect(),
    }
}

fn plan_strategy() -> impl Strategy<Value = Vec<Matter>> {
    prop::collection::vec((any::<bool>(), prop::collection::vec(0..2usize, 3)), 1..5).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(index, (by_d1, levels))| matter(index, by_d1, levels))
            .collect()
    })
}

fn header(number: &str) -> String {
    format!("文件 \"示例\" {{ 文号 \"{number}\" }}\n层级 自治区 > 盟市\n维度 D0 {{ a, b, c }}\n维度 D1 {{ x, y }}\n")
}

fn render_rule(rule: &Rule) -> String {
    format!(
        "{}: D0 = {} => {} § \"{}\"",
        rule.label, D0[rule.value], LEVELS[rule.level], rule.paragraph
    )
}

fn render_plan(number: &str, matters: &[Matter]) -> String {
    let mut text = header(number);
    for m in matters {
        let by = if m.by_d1 { "D0, D1" } else { "D0" };
        text.push_str(&format!("事项 {} \"{}\" 按 {by} {{\n", m.name, m.wording));
        for rule in &m.rules {
            text.push_str(&format!("  {}\n", render_rule(rule)));
        }
        text.push_str("}\n");
    }
    text
}

fn table(text: &str) -> Table {
    let compiled = compile(0, text);
    let (plan, tables) = compiled.clean_plan().unwrap_or_else(|| panic!("clean plan:\n{text}"));
    emit::table(plan, tables, Lang::Zh)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn consolidating_a_random_amendment_equals_the_plan_written_by_hand(
        base in plan_strategy(),
        ops in prop::collection::vec(prop::option::of(prop_oneof![
            (0..3usize, 0..2usize).prop_map(|(r, l)| Op::Change(r, l)),
            (0..3usize, 0..2usize).prop_map(|(r, l)| Op::Replace(r, l)),
            Just(Op::Remove),
            Just(Op::Rename),
        ]), 5),
        added in prop::option::of(prop::collection::vec(0..2usize, 3)),
    ) {
        let mut amendment = String::from("修正案 \"修正\" {\n  文号 \"A1\"\n  修正 \"P1\"\n}\n");
        let mut by_hand: Vec<Matter> = Vec::new();
        for (index, m) in base.iter().enumerate() {
            let mut changed = m.clone();
            match ops.get(index).cloned().flatten() {
                None => {}
                Some(Op::Change(r, level)) => {
                    let rule = &mut changed.rules[r];
                    amendment.push_str(&format!(
                        "修改事项 {} {{\n  更改 {} => {} § \"改{index}\"\n}}\n",
                        m.name, rule.label, LEVELS[level]
                    ));
                    rule.level = level;
                    rule.paragraph = format!("改{index}");
                }
                Some(Op::Replace(r, level)) => {
                    let rule = &mut changed.rules[r];
                    rule.level = level;
                    rule.paragraph = format!("换{index}");
                    amendment.push_str(&format!(
                        "修改事项 {} {{\n  替换 \"{}.{}\" 为 {}\n}}\n",
                        m.name, index, r, render_rule(rule)
                    ));
                }
                Some(Op::Remove) => {
                    amendment.push_str(&format!("删除事项 {} § \"删{index}\"\n", m.name));
                    continue;
                }
                Some(Op::Rename) => {
                    changed.name = format!("N{index}");
                    amendment.push_str(&format!("更名事项 {} 为 N{index} § \"名{index}\"\n", m.name));
                }
            }
            by_hand.push(changed);
        }
        if let Some(levels) = added {
            let new = matter(9, false, levels);
            amendment.push_str(&render_plan("", std::slice::from_ref(&new)).lines().skip(4).collect::<Vec<_>>().join("\n"));
            amendment.push('\n');
            by_hand.push(new);
        }
        let base_text = render_plan("P1", &base);
        let result = compile_amendment_texts(&base_text, &amendment);
        let errors: Vec<_> = result.compiled.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str()).collect();
        prop_assert!(errors.is_empty(), "errors {:?} in\n{}", errors, amendment);
        let (plan, tables) = result.compiled.clean_plan().expect("clean");
        let amended = emit::to_json(&emit::table(plan, tables, Lang::Zh)).expect("json");
        let expected = emit::to_json(&table(&render_plan("P1", &by_hand))).expect("json");
        prop_assert_eq!(&amended, &expected);
        // The consolidated text is a plan with that same table.
        let consolidated = result.consolidated.expect("text");
        prop_assert_eq!(emit::to_json(&table(&consolidated)).expect("json"), expected);
    }

    #[test]
    fn a_plan_compared_with_itself_or_a_rewriting_of_it_has_no_change(base in plan_strategy()) {
        let text = render_plan("P1", &base);
        prop_assert!(compare(&table(&text), &table(&text), &[], Lang::Zh).expect("comparable").is_empty());
        // Rewritten: matters in reverse order, a comment, and each matter's rules with the
        // same level merged into one rule over a set of values.
        let mut rewritten = header("P1");
        rewritten.push_str("# rewritten\n");
        for m in base.iter().rev() {
            let by = if m.by_d1 { "D0, D1" } else { "D0" };
            rewritten.push_str(&format!("事项 {} \"{}\" 按 {by} {{\n", m.name, m.name));
            for (level, name) in LEVELS.iter().enumerate() {
                let values: Vec<&str> = m.rules.iter().filter(|r| r.level == level).map(|r| D0[r.value]).collect();
                if !values.is_empty() {
                    rewritten.push_str(&format!("  D0 = {{{}}} => {name} § \"x\"\n", values.join(", ")));
                }
            }
            rewritten.push_str("}\n");
        }
        prop_assert!(compare(&table(&text), &table(&rewritten), &[], Lang::Zh).expect("comparable").is_empty());
    }

    #[test]
    fn diff_a_b_mirrors_diff_b_a(a in plan_strategy(), b in plan_strategy()) {
        let (a, b) = (table(&render_plan("P1", &a)), table(&render_plan("P2", &b)));
        let forward = compare(&a, &b, &[], Lang::Zh).expect("comparable");
        let backward = compare(&b, &a, &[], Lang::Zh).expect("comparable");
        let sorted = |mut v: Vec<String>| { v.sort(); v };
        prop_assert_eq!(sorted(forward.added.clone()), sorted(backward.removed.clone()));
        prop_assert_eq!(sorted(forward.removed.clone()), sorted(backward.added.clone()));
        let swapped: BTreeMap<_, _> = cases(&backward).into_iter().map(|(k, (old, new))| (k, (new, old))).collect();
        prop_assert_eq!(cases(&forward), swapped);
        for level in LEVELS {
            let find = |report: &ChangeReport| report.levels.iter().find(|l| l.level == level).cloned().unwrap_or_default();
            let (f, g) = (find(&forward), find(&backward));
            prop_assert_eq!(sorted(f.gains_power), sorted(g.loses_power));
            prop_assert_eq!(sorted(f.loses_power), sorted(g.gains_power));
            prop_assert_eq!(sorted(f.gains_spending), sorted(g.loses_spending));
            prop_assert_eq!(sorted(f.loses_spending), sorted(g.gains_spending));
        }
    }
}

/// Every case of every changed matter, with its (old, new) decision as JSON text.
fn cases(report: &ChangeReport) -> BTreeMap<(String, String, String), (String, String)> {
    let mut map = BTreeMap::new();
    for matter in &report.changed {
        for region in &matter.regions {
            for a in D0 {
                for x in D1 {
                    let admits = |dimension: &str, value: &str| {
                        region
                            .when
                            .iter()
                            .find(|c| c.dimension == dimension)
                            .is_none_or(|c| c.values.iter().any(|v| v == value))
                    };
                    if admits("D0", a) && admits("D1", x) {
                        let old = serde_json::to_string(&region.change.old).expect("json");
                        let new = serde_json::to_string(&region.change.new).expect("json");
                        let previous = map.insert((matter.matter.clone(), a.to_string(), x.to_string()), (old, new));
                        assert!(previous.is_none(), "regions overlap");
                    }
                }
            }
        }
    }
    map
}
