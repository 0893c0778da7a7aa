//! Cases and outcomes in a drafter's words, shared by the diagnostics of `check` and the
//! tables of `emit`. Descriptions use the language's own notation (`范围 = 盟市 ∧ 影响 = 一般`)
//! so that a drafter can paste a described gap back into a rule.

use crate::ast::Mark;
use crate::ir::{CaseBox, LevelRef, Matter, NumericDimension, Outcome, Plan, Power, Spending, ValueSet, percent_text};
use serde::Serialize;

use crate::numeric::{self, Interval};
use crate::text::Text;
use crate::tr;

/// The values of one dimension named by a set, in declaration order.
pub fn set_values<'p>(plan: &'p Plan, matter: &Matter, position: usize, set: &ValueSet) -> Vec<&'p str> {
    let Some(dimension) = matter.dimensions.get(position).and_then(|d| plan.dimension(*d)) else {
        return Vec::new();
    };
    set.iter()
        .filter_map(|index| dimension.values.get(index))
        .map(String::as_str)
        .collect()
}

/// One constrained dimension of a set of cases, as machines read it: in the decision
/// table's rows, the change report's regions and the JSON diagnostics' regions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Constraint {
    pub dimension: String,
    /// The values admitted; for a numeric dimension, the intervals as text.
    pub values: Vec<String>,
    /// For a numeric dimension, the same intervals as numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intervals: Vec<Interval>,
    /// For a numeric dimension declared with a unit: the unit the numbers are in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// The constrained dimensions of a box, omitting dimensions where every value is admitted.
pub fn constraints(plan: &Plan, matter: &Matter, case_box: &CaseBox) -> Vec<Constraint> {
    let mut result = Vec::new();
    for (position, set) in case_box.iter().enumerate() {
        let Some(dimension) = matter.dimensions.get(position).and_then(|d| plan.dimension(*d)) else {
            continue;
        };
        if *set == ValueSet::all(dimension.values.len()) {
            continue;
        }
        let constraint = match &dimension.numeric {
            Some(numeric) => {
                let intervals = joined(numeric, set);
                Constraint {
                    dimension: dimension.name.clone(),
                    values: intervals.iter().map(Interval::text).collect(),
                    intervals,
                    unit: numeric.unit.clone(),
                }
            }
            None => Constraint {
                dimension: dimension.name.clone(),
                values: set_values(plan, matter, position, set)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                intervals: Vec::new(),
                unit: None,
            },
        };
        result.push(constraint);
    }
    result
}

/// The pieces of a numeric dimension in `set`, as the fewest intervals.
fn joined(numeric: &NumericDimension, set: &ValueSet) -> Vec<Interval> {
    let indices: Vec<usize> = set.iter().filter(|i| *i < numeric.pieces.len()).collect();
    numeric::join_pieces(&numeric.pieces, &indices)
}

/// A set of a numeric dimension's pieces in the language's notation: `[5000, 10000)`, or
/// intervals joined by `∪`.
fn intervals_text(numeric: &NumericDimension, set: &ValueSet) -> String {
    let texts: Vec<String> = joined(numeric, set).iter().map(|i| numeric.interval_text(i)).collect();
    texts.join(" ∪ ")
}

/// The condition of a row that holds in every case: an unconstrained row, or the
/// catch-all for unlisted matters.
pub fn every_case() -> Text {
    tr!("任意", "any")
}

/// `范围 = 盟市 ∧ 影响 ≠ 一般`; a box of every case is `任意` / `any`.
pub fn case_box(plan: &Plan, matter: &Matter, case_box: &CaseBox) -> Text {
    let mut parts = Vec::new();
    for (position, set) in case_box.iter().enumerate() {
        let Some(dimension) = matter.dimensions.get(position).and_then(|d| plan.dimension(*d)) else {
            continue;
        };
        let all = ValueSet::all(dimension.values.len());
        if *set == all {
            continue;
        }
        let name = &dimension.name;
        if let Some(numeric) = &dimension.numeric {
            let unit = numeric.unit.as_ref().map_or(String::new(), |u| format!(" {u}"));
            // Everything but one threshold inside the range reads, and is written,
            // `投资额 ≠ 30`; as two intervals joined by `∪` it is longer and no syntax. (Without
            // an end point, `(0, ∞)` is one interval and stays as it is.)
            if let Some(point) = crate::boxes::excluded_point(&numeric.pieces, set) {
                let point = numeric.value_text(point);
                parts.push(format!("{name} ≠ {point}{unit}"));
            } else {
                parts.push(format!("{name} = {}{unit}", intervals_text(numeric, set)));
            }
            continue;
        }
        let admitted = set_values(plan, matter, position, set);
        let excluded = set_values(plan, matter, position, &all.without(set));
        // Whichever is shorter to read: the values admitted, or the one value excluded.
        let part = if excluded.len() == 1 && admitted.len() > 1 {
            format!("{name} ≠ {}", braces(&excluded))
        } else {
            format!("{name} = {}", braces(&admitted))
        };
        parts.push(part);
    }
    if parts.is_empty() {
        every_case()
    } else {
        let joined = parts.join(" ∧ ");
        Text::new(joined.clone(), joined)
    }
}

fn braces(values: &[&str]) -> String {
    match values {
        [one] => (*one).to_string(),
        _ => format!("{{{}}}", values.join(", ")),
    }
}

/// Whether [`case_box`] names one case outright: every dimension written with one value,
/// a numeric one with a single number. Its [`example`] would only say it again. (A
/// dimension of one value is left out of the description, so its example says more.)
pub fn names_one_case(plan: &Plan, matter: &Matter, case_box: &CaseBox) -> bool {
    case_box.iter().enumerate().all(|(position, set)| {
        let Some(dimension) = matter.dimensions.get(position).and_then(|d| plan.dimension(*d)) else {
            return false;
        };
        if set.len() != 1 || *set == ValueSet::all(dimension.values.len()) {
            return false;
        }
        match &dimension.numeric {
            Some(numeric) => set
                .first()
                .and_then(|index| numeric.pieces.get(index))
                .is_some_and(|piece| piece.lo.value.is_some() && piece.lo.value == piece.hi.value),
            None => true,
        }
    })
}

/// One concrete case inside the box: the first admitted value of every dimension.
pub fn example(plan: &Plan, matter: &Matter, case_box: &CaseBox) -> Text {
    let parts: Vec<String> = case_box
        .iter()
        .enumerate()
        .filter_map(|(position, set)| {
            let dimension = matter.dimensions.get(position).and_then(|d| plan.dimension(*d))?;
            if let Some(numeric) = &dimension.numeric {
                let piece = joined(numeric, set).into_iter().next()?;
                let unit = numeric.unit.as_ref().map_or(String::new(), |u| format!(" {u}"));
                return Some(format!(
                    "{} = {}{unit}",
                    dimension.name,
                    numeric.value_text(piece.example())
                ));
            }
            let first = set_values(plan, matter, position, set).first().copied()?;
            Some(format!("{} = {first}", dimension.name))
        })
        .collect();
    Text::new(parts.join("，"), parts.join(", "))
}

pub fn level_ref(plan: &Plan, matter: Option<&Matter>, level: LevelRef) -> Text {
    match level {
        LevelRef::Level(id) => {
            let name = plan.level_name(id);
            Text::new(name, name)
        }
        LevelRef::ByDimension(position) => {
            let dimension = matter
                .and_then(|m| m.dimensions.get(position))
                .and_then(|d| plan.dimension(*d))
                .map_or("?", |d| d.name.as_str());
            tr!("按{dimension}", "by {dimension}")
        }
    }
}

pub fn spending(plan: &Plan, matter: Option<&Matter>, spending: &Spending) -> Text {
    match spending {
        Spending::Level(level) => level_ref(plan, matter, *level),
        Spending::Shares(shares) => {
            let parts: Vec<String> = shares
                .iter()
                .map(|(level, hundredths)| format!("{} {}", plan.level_name(*level), percent_text(*hundredths)))
                .collect();
            Text::new(parts.join("、"), parts.join(", "))
        }
    }
}

pub fn mark(mark: Mark) -> Text {
    match mark {
        Mark::Delegated => tr!("委托", "delegated"),
        Mark::Transfer => tr!("转移支付", "transfer"),
    }
}

/// The word for a case the plan leaves open.
pub fn tbd() -> Text {
    tr!("待定", "to be determined")
}

/// `自治区`, `事权 自治区，支出 盟市（委托）`, `待定（理由）`.
pub fn outcome(plan: &Plan, matter: Option<&Matter>, outcome: &Outcome) -> Text {
    match outcome {
        Outcome::Tbd(reason) => match reason {
            Some(reason) => tr!("待定（{reason}）", "to be determined ({reason})"),
            None => tbd(),
        },
        Outcome::Assign {
            power,
            spending: paid,
            mark: marked,
        } => {
            if let Power::One(one) = power
                && *paid == Spending::Level(*one)
                && marked.is_none()
            {
                return level_ref(plan, matter, *one);
            }
            let power = self::power(plan, matter, power);
            let paid = spending(plan, matter, paid);
            let mut text = tr!(
                "事权 {power}，支出 {paid}",
                "power {power}, spending {paid}";
                power, paid
            );
            if let Some(marked) = marked {
                let marked = self::mark(*marked);
                text.zh.push_str(&format!("（{}）", marked.zh));
                text.en.push_str(&format!(" ({})", marked.en));
            }
            text
        }
    }
}

/// Who holds the power: `自治区`, `按 隶属`, or jointly `中央、地方` (`central, local`).
pub fn power(plan: &Plan, matter: Option<&Matter>, power: &Power) -> Text {
    match power {
        Power::One(level) => level_ref(plan, matter, *level),
        Power::Joint(levels) => crate::names::joined(levels.iter().map(|l| plan.level_name(*l))),
    }
}

/// How a rule is named in messages: its label, or its citation.
pub fn rule_name(matter: &Matter, index: usize) -> String {
    match matter.rules.get(index) {
        Some(rule) => match &rule.label {
            Some(label) => format!("`{label}`"),
            None => format!("`§ {}`", rule.citation.paragraph),
        },
        None => "?".to_string(),
    }
}
