//! `diff` matches matters through maps: 80,000 matters took 210 s when every matter was
//! looked up by scanning lists (`Vec::contains`, a linear search per level list).

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::time::{Duration, Instant};

use quanze::compile::compile;
use quanze::emit;
use quanze::text::Lang;

/// A table of `count` matters named `prefix0`, `prefix1`, …, each deciding everything
/// for `level`: one small plan compiled, its matter copied.
fn table(count: usize, prefix: &str, level: &str) -> emit::Table {
    let text = format!("文件 \"P\" {{ 文号 \"P-1\" }}\n层级 甲 > 乙\n事项 m \"m\" => {level} § \"1\"\n");
    let compiled = compile(0, &text);
    let (plan, tables) = compiled.clean_plan().expect("a clean plan");
    let mut table = emit::table(plan, tables, Lang::Zh);
    let matter = table.matters.pop().expect("one matter");
    table.matters = (0..count)
        .map(|index| {
            let mut copy = matter.clone();
            copy.name = format!("{prefix}{index}");
            copy
        })
        .collect();
    table
}

#[test]
fn a_diff_of_many_matters_takes_time_in_proportion() {
    let count = 40_000;
    // Every old matter removed, every new one added, and half the new ones renamed from
    // an old one: each path of the matching runs for every matter.
    let old = table(count, "old", "甲");
    let new = table(count, "new", "乙");
    let renames: Vec<(String, String)> = (0..count / 2).map(|i| (format!("old{i}"), format!("new{i}"))).collect();
    let started = Instant::now();
    let report = quanze::diff::compare(&old, &new, &renames, Lang::Zh).expect("comparable");
    let took = started.elapsed();
    assert_eq!(report.added.len(), count / 2);
    assert_eq!(report.removed.len(), count / 2);
    assert_eq!(report.renamed.len(), count / 2);
    assert_eq!(report.changed.len(), count / 2);
    let gains = report.levels.iter().find(|l| l.level == "乙").expect("乙 gains");
    assert_eq!(gains.gains_power.len(), count);
    // Quadratic, this was over a minute; it is well under a second (a wide margin for a
    // busy machine and a debug build).
    assert!(took < Duration::from_secs(10), "{took:?}");
}
