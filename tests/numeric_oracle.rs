//! Numeric dimensions against a brute-force oracle that never cuts anything into pieces.
//!
//! Random matters over one or two numeric dimensions (thresholds from a small set, with
//! `<`, `<=`, `>`, `>=`, `=`, `≠` and half-open intervals, with or without a declared
//! range) and a listed dimension are written as plan text and compiled. The oracle
//! evaluates every rule's condition directly on numbers, at every threshold, just below
//! and just above it, and beyond the extremes; the checker's gaps, conflicts and rows,
//! looked up at the same numbers, must agree. Integer dimensions (`整数`) are sampled at
//! whole numbers only, with closed intervals that end and begin at neighbouring whole
//! numbers (`[1, 10]`, `[11, 20]`): the checker must find no gap between them, where a
//! `数值` dimension has one (10.5). Date dimensions (`日期`) are integer ones written in
//! days: the number t is the day t days after 1970-01-01, so the oracle's numbers stay
//! the same and the plan's text says them as dates.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use quanze::check::analyze;
use quanze::compile::compile;
use quanze::ir::{CaseBox, Outcome};
use quanze::numeric::parse_number;

const THRESHOLDS: [i64; 4] = [0, 10, 20, 30];
const LEVELS: [&str; 2] = ["甲", "乙"];

#[derive(Clone, Debug)]
enum NumericTest {
    Compare(&'static str, i64),
    /// `[lo, hi)` when `closed_low`, else `(lo, hi]`.
    Interval(i64, i64, bool),
    /// `[lo, hi]`.
    Closed(i64, i64),
}

impl NumericTest {
    /// Evaluated on numbers in tenths, so that 9.5 is 95.
    fn holds(&self, tenths: i64) -> bool {
        match self {
            NumericTest::Compare(op, t) => {
                let t = t * 10;
                match *op {
                    "<" => tenths < t,
                    "<=" => tenths <= t,
                    ">" => tenths > t,
                    ">=" => tenths >= t,
                    "=" => tenths == t,
                    _ => tenths != t,
                }
            }
            NumericTest::Interval(lo, hi, closed_low) => {
                let (lo, hi) = (lo * 10, hi * 10);
                if *closed_low {
                    lo <= tenths && tenths < hi
                } else {
                    lo < tenths && tenths <= hi
                }
            }
            NumericTest::Closed(lo, hi) => lo * 10 <= tenths && tenths <= hi * 10,
        }
    }

    fn text(&self, dimension: &str, dates: bool) -> String {
        let n = |number: &i64| written(*number, dates);
        match self {
            NumericTest::Compare(op, t) => format!("{dimension} {op} {}", n(t)),
            NumericTest::Interval(lo, hi, true) => format!("{dimension} = [{}, {})", n(lo), n(hi)),
            NumericTest::Interval(lo, hi, false) => format!("{dimension} = ({}, {}]", n(lo), n(hi)),
            NumericTest::Closed(lo, hi) => format!("{dimension} = [{}, {}]", n(lo), n(hi)),
        }
    }
}

/// A threshold as the plan writes it: the number, or on a date dimension the day that many
/// days after 1970-01-01.
fn written(number: i64, dates: bool) -> String {
    match dates {
        true => quanze::calendar::Day::from_number(number).expect("a day").to_string(),
        false => number.to_string(),
    }
}

#[derive(Clone, Debug)]
struct Rule {
    /// Per numeric dimension, a test or none.
    tests: Vec<Option<NumericTest>>,
    /// A value of the listed dimension, or none.
    kind: Option<usize>,
    level: usize,
    otherwise: bool,
}

#[derive(Clone, Debug)]
struct Model {
    numeric: usize,
    ranged: bool,
    /// The numeric dimensions are `整数` (or `日期`).
    integer: bool,
    /// The numeric dimensions are `日期`: integers written as days.
    dates: bool,
    rules: Vec<Rule>,
}

fn numeric_test() -> impl Strategy<Value = NumericTest> {
    let threshold = || prop::sample::select(THRESHOLDS.to_vec());
    prop_oneof![
        (prop::sample::select(vec!["<", "<=", ">", ">=", "=", "≠"]), threshold())
            .prop_map(|(op, t)| NumericTest::Compare(op, t)),
        (threshold(), threshold(), any::<bool>())
            .prop_filter("a non-empty interval", |(lo, hi, _)| lo < hi)
            .prop_map(|(lo, hi, closed)| NumericTest::Interval(lo, hi, closed)),
        // Beginning at a threshold or at the whole number after it: `[11, 20]` after
        // `[1, 10]`.
        (threshold(), 0..2i64, threshold())
            .prop_filter("a non-empty interval", |(lo, step, hi)| lo + step < *hi)
            .prop_map(|(lo, step, hi)| NumericTest::Closed(lo + step, hi)),
    ]
}

fn model() -> impl Strategy<Value = Model> {
    (1..=2usize, any::<bool>(), 0..3usize).prop_flat_map(|(numeric, ranged, kind)| {
        let (integer, dates) = (kind > 0, kind == 2);
        let rule = (
            prop::collection::vec(prop::option::of(numeric_test()), numeric),
            prop::option::of(0..2usize),
            0..2usize,
            prop::bool::weighted(0.1),
        )
            .prop_map(|(tests, kind, level, otherwise)| Rule {
                tests,
                kind,
                level,
                otherwise,
            });
        prop::collection::vec(rule, 1..7).prop_map(move |mut rules| {
            // At most one `otherwise` rule.
            let mut seen = false;
            for rule in &mut rules {
                let first = rule.otherwise && !seen;
                seen |= rule.otherwise;
                rule.otherwise = first;
            }
            Model {
                numeric,
                ranged,
                integer,
                dates,
                rules,
            }
        })
    })
}

fn text(model: &Model) -> String {
    let mut text = String::from("文件 \"t\" { 文号 \"t\" }\n层级 甲 > 乙\n");
    for d in 0..model.numeric {
        let range = match model.ranged {
            true => format!(" [{}, ∞)", written(0, model.dates)),
            false => String::new(),
        };
        let kind = match (model.dates, model.integer) {
            (true, _) => "日期",
            (false, true) => "整数 元",
            (false, false) => "数值 元",
        };
        text.push_str(&format!("维度 n{d} : {kind}{range}\n"));
    }
    text.push_str("维度 种类 { 甲类, 乙类 }\n");
    let by: Vec<String> = (0..model.numeric)
        .map(|d| format!("n{d}"))
        .chain(["种类".to_string()])
        .collect();
    text.push_str(&format!("事项 m \"m\" 按 {} {{\n", by.join(", ")));
    for (index, rule) in model.rules.iter().enumerate() {
        let mut tests: Vec<String> = rule
            .tests
            .iter()
            .enumerate()
            .filter_map(|(d, t)| t.as_ref().map(|t| t.text(&format!("n{d}"), model.dates)))
            .collect();
        if let Some(kind) = rule.kind {
            tests.push(format!("种类 = {}", ["甲类", "乙类"][kind]));
        }
        let condition = if rule.otherwise {
            "其余".to_string()
        } else if tests.is_empty() {
            "任意".to_string()
        } else {
            tests.join(" 且 ")
        };
        text.push_str(&format!("  {condition} => {} § \"{index}\"\n", LEVELS[rule.level]));
    }
    text.push_str("}\n");
    text
}

/// Sample numbers, in tenths: every threshold and the whole number after it, half a unit
/// either side (whole numbers either side on an integer dimension), and beyond.
fn samples(ranged: bool, integer: bool) -> Vec<i64> {
    let mut points = vec![-50, 350];
    for t in THRESHOLDS {
        for at in [t * 10, t * 10 + 10] {
            if integer {
                points.extend([at - 10, at, at + 10]);
            } else {
                points.extend([at - 5, at, at + 5]);
            }
        }
    }
    points.sort_unstable();
    points.dedup();
    points.retain(|p| !ranged || *p >= 0);
    points.sort_unstable();
    points
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Gap,
    Conflict(Vec<usize>),
    Decided(Vec<usize>, usize),
}

fn oracle(model: &Model, numbers: &[i64], kind: usize) -> Verdict {
    let active: Vec<usize> = (0..model.rules.len())
        .filter(|r| {
            let rule = &model.rules[*r];
            !rule.otherwise
                && rule.kind.is_none_or(|k| k == kind)
                && rule
                    .tests
                    .iter()
                    .zip(numbers)
                    .all(|(t, n)| t.as_ref().is_none_or(|t| t.holds(*n)))
        })
        .collect();
    let winners = if active.is_empty() {
        match model.rules.iter().position(|r| r.otherwise) {
            Some(o) => vec![o],
            None => return Verdict::Gap,
        }
    } else {
        active
    };
    let levels: Vec<usize> = winners.iter().map(|w| model.rules[*w].level).collect();
    if levels.iter().all(|l| *l == levels[0]) {
        Verdict::Decided(winners, levels[0])
    } else {
        Verdict::Conflict(winners)
    }
}

fn in_box(case_box: &CaseBox, case: &[usize]) -> bool {
    case_box.iter().zip(case).all(|(set, value)| set.contains(*value))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn numeric_checking_agrees_with_evaluating_numbers(model in model()) {
        let source = text(&model);
        let compiled = compile(0, &source);
        let plan = compiled.plan.as_ref().unwrap_or_else(|| panic!("resolves:\n{source}"));
        let matter = &plan.matters[0];
        let analysis = analyze(plan, matter, &mut quanze::check::analysis::pool());
        let points = samples(model.ranged, model.integer);
        // On an integer dimension every piece holds a whole number: a stretch between
        // two (10.5) is no case, and so no gap.
        if model.integer {
            for dimension in &matter.dimensions {
                if let Some(numeric) = &plan.dimensions[*dimension].numeric {
                    prop_assert!(numeric.pieces.iter().all(|p| !p.whole().is_empty()), "{:?}\n{}", numeric.pieces, source);
                }
            }
        }
        let mut grid: Vec<Vec<i64>> = vec![Vec::new()];
        for _ in 0..model.numeric {
            grid = grid
                .into_iter()
                .flat_map(|prefix| points.iter().map(move |p| [prefix.clone(), vec![*p]].concat()))
                .collect();
        }
        for numbers in &grid {
            for kind in 0..2 {
                // The case's pieces, found from the numbers by the dimensions' own pieces.
                let mut case: Vec<usize> = numbers
                    .iter()
                    .enumerate()
                    .map(|(d, tenths)| {
                        let value = parse_number(&format!("{}", *tenths as f64 / 10.0)).expect("number");
                        let numeric = plan.dimensions[matter.dimensions[d]].numeric.as_ref().expect("numeric");
                        numeric.pieces.iter().position(|p| p.contains(value)).expect("a piece holds it")
                    })
                    .collect();
                case.push(kind);
                let found = if analysis.gaps.iter().any(|b| in_box(b, &case)) {
                    Verdict::Gap
                } else if let Some(conflict) = analysis.conflicts.iter().find(|c| c.boxes.iter().any(|b| in_box(b, &case))) {
                    Verdict::Conflict(conflict.rules.clone())
                } else {
                    let row = analysis.rows.iter().find(|r| in_box(&r.case_box, &case)).expect("a row");
                    let level = match &row.outcome {
                        Outcome::Assign { power: quanze::ir::Power::One(quanze::ir::LevelRef::Level(l)), .. } => *l,
                        other => panic!("unexpected outcome {other:?}"),
                    };
                    Verdict::Decided(row.rules.clone(), level)
                };
                prop_assert_eq!(&found, &oracle(&model, numbers, kind), "at {:?}/{} in\n{}", numbers, kind, source);
            }
        }
    }
}
