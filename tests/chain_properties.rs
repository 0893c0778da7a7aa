//! The scaffold against the checker: a skeleton of a league plan, filled with any complete
//! assignment, checks clean against the regional plan (itself checked against the national
//! one); emptying any one filled matter leaves exactly one gap, and deleting it exactly one
//! gap across documents.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use quanze::chain::Parent;
use quanze::compile::{Compiled, compile, compile_refining};
use quanze::diagnostic::Code;
use quanze::scaffold::{Request, scaffold};
use quanze::text::Lang;

const NATIONAL: &str = include_str!("../policies/gbf-ip-2023-48-partial.qz");
const REGION: &str = include_str!("../policies/nmg-ip-2024-48.qz");
const PLACEHOLDER: &str = "# 在此写下划分";

fn region() -> (Compiled, Compiled) {
    let national = compile(0, NATIONAL);
    let (plan, tables) = national.clean_plan().expect("national plan clean");
    let region = compile_refining(1, REGION, Some(Parent { plan, tables }));
    assert!(!region.has_errors(), "{:?}", region.diagnostics);
    (national, region)
}

fn skeleton(region: &Compiled) -> String {
    let (plan, tables) = region.clean_plan().expect("region clean");
    let level = plan.levels.iter().position(|l| l.name == "盟市").expect("盟市");
    scaffold(&Request {
        parent: Parent { plan, tables },
        level,
        levels: &["盟市本级".to_string(), "旗县".to_string()],
        parent_path: "nmg-ip-2024-48.qz",
        lang: Lang::Zh,
    })
}

/// The skeleton with the n-th placeholder replaced by `fill(n)` (None keeps it).
fn filled(skeleton: &str, fill: impl Fn(usize) -> Option<String>) -> String {
    let mut count = 0;
    skeleton
        .lines()
        .map(|line| {
            let text = if line.trim_start().starts_with(PLACEHOLDER) {
                let decision = fill(count);
                count += 1;
                decision.map_or(line.to_string(), |d| format!("    {d}"))
            } else {
                line.to_string()
            };
            text + "\n"
        })
        .collect()
}

fn errors(region: &Compiled, text: &str) -> Vec<Code> {
    let (plan, tables) = region.clean_plan().expect("region clean");
    compile_refining(2, text, Some(Parent { plan, tables }))
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect()
}

/// One decision, chosen by a number: either level, a split of spending, or by affiliation
/// where the matter has a level-valued dimension.
fn decision(choice: u8, affiliation: Option<&str>) -> String {
    match (choice % 4, affiliation) {
        (0, _) => "任意 => 盟市本级  § \"1\"".to_string(),
        (1, _) => "任意 => 旗县  § \"1\"".to_string(),
        (2, _) => "任意 => 事权 旗县，支出 盟市本级 60%、旗县 40% 转移支付  § \"1\"".to_string(),
        (_, Some(dimension)) => format!("任意 => 按 {dimension}  § \"1\""),
        (_, None) => "任意 => 盟市本级  § \"1\"".to_string(),
    }
}

/// Per placeholder, the level-valued dimension its matter is split by, if any.
fn affiliations(skeleton: &str) -> Vec<Option<String>> {
    let mut found = Vec::new();
    let mut last_by: Option<String> = None;
    for line in skeleton.lines() {
        if line.trim_start().starts_with("事项 ") {
            last_by = line
                .split(" 按 ")
                .nth(1)
                .map(|rest| rest.trim_end_matches(" {").split(", ").next().unwrap_or("").to_string());
        }
        if line.trim_start().starts_with(PLACEHOLDER) {
            found.push(last_by.take());
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_complete_filling_checks_clean_and_each_removal_is_one_gap(choices in prop::collection::vec(any::<u8>(), 24), removed in 0usize..24) {
        let (_national, region) = region();
        let skeleton = skeleton(&region);
        let by = affiliations(&skeleton);
        prop_assert_eq!(by.len(), 24);
        let choose = |n: usize| Some(decision(choices[n], by[n].as_deref()));
        let complete = filled(&skeleton, choose);
        prop_assert_eq!(errors(&region, &complete), Vec::<Code>::new());

        // Emptied: the matter is there with no decision — one gap.
        let emptied = filled(&skeleton, |n| if n == removed { None } else { choose(n) });
        prop_assert_eq!(errors(&region, &emptied), vec![Code::E0008]);

        // Deleted: the parent's matter has no counterpart — one gap across documents.
        let mut count = 0;
        let mut skip = false;
        let deleted: String = emptied
            .lines()
            .filter(|line| {
                if line.trim_start().starts_with("事项 ") {
                    skip = count == removed;
                    count += 1;
                }
                let keep = !skip;
                if skip && line.trim() == "}" {
                    skip = false;
                }
                keep
            })
            .map(|line| format!("{line}\n"))
            .collect();
        prop_assert_eq!(errors(&region, &deleted), vec![Code::E0030]);
    }
}

#[test]
fn the_empty_skeleton_has_one_gap_per_matter() {
    let (_national, region) = region();
    let skeleton = skeleton(&region);
    let found = errors(&region, &skeleton);
    assert_eq!(found.len(), 24);
    assert!(found.iter().all(|c| *c == Code::E0008), "{found:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A child plan with any one line deleted or replaced by noise is checked against its
    /// parent without a panic, and a clean result still means a clean table.
    #[test]
    fn an_edited_child_never_panics(line in 0usize..120, noise in "[a-z =>{}§\"甲乙盟市旗县本级]{0,12}", delete in any::<bool>()) {
        let (_national, region) = region();
        let league = include_str!("../policies/nmg-ip-league-sample.qz");
        let edited: String = league
            .lines()
            .enumerate()
            .filter_map(|(n, text)| match (n == line, delete) {
                (true, true) => None,
                (true, false) => Some(format!("{noise}\n")),
                _ => Some(format!("{text}\n")),
            })
            .collect();
        let (plan, tables) = region.clean_plan().expect("region clean");
        let compiled = compile_refining(2, &edited, Some(Parent { plan, tables }));
        if let Some((plan, tables)) = compiled.clean_plan() {
            prop_assert_eq!(tables.len(), plan.matters.len());
        }
    }
}
