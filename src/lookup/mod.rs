//! Lookups: who holds the power and who pays for one case of one matter, and why.
//!
//! Input: a checked plan (with the plans it refines, [`chain::Link`]), and a
//! [`Question`]. Output: an [`Answer`] (the decision, the rules that made it, the rules
//! they took precedence over, with citations, and the plan above that keeps the case when
//! one does) or a [`Problem`] with the question, in the drafter's words. A question
//! quanze cannot answer exactly — a matter name that is a slip, a value left open on which
//! the answer depends, anywhere up the chain — is a problem, never an approximate answer.

pub mod chain;
pub mod matters;
pub mod overall;
pub mod parts;

use serde::Serialize;

use crate::check::MatterTable;
use crate::emit::{self, Decision, RuleRef};
use crate::ir::{CaseBox, Matter, Plan, ValueSet};
use crate::names::{closest, did_you_mean, list};
use crate::text::Text;
use crate::tr;
pub use chain::{ChainAnswer, Link, LinkAnswer, ShownLink, answer};

/// A matter and some of its dimensions' values, as the user typed them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Question {
    pub matter: String,
    pub when: Vec<(String, String)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub matter: String,
    /// The values the question gave, in the matter's dimension order.
    pub case: Vec<CaseValue>,
    /// Dimensions of the matter the question left open because the answer is the same
    /// for every value.
    pub not_needed: Vec<String>,
    /// True when the plan does not list the matter and its catch-all (未列事项) decides.
    pub unlisted: bool,
    /// The plan above (its 文号) that keeps this case from the plan asked — assigns it to a
    /// level above the one that plan divides — when one does; the decision and rules are
    /// then that plan's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_above_by: Option<String>,
    #[serde(flatten)]
    pub decision: Decision,
    /// Rules that also name this case but give way to the deciding rules (exceptions).
    pub overridden: Vec<RuleRef>,
    /// For a plan that divides a level of the plan above: the decision of the whole chain,
    /// shares multiplied down (`地方 20%` divided `自治区 50%` is 自治区 10% of the whole),
    /// when it differs from this plan's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<overall::Overall>,
    /// When the whole chain's decision cannot be worked out (a plan above answers only for
    /// values the question left open): the plan above and its level whose part this plan's
    /// shares divide, so that they are not read as shares of the whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of: Option<overall::ShareOf>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseValue {
    pub dimension: String,
    pub value: String,
}

/// What is wrong with a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: Text,
    pub notes: Vec<Text>,
    /// The dimension whose value the question must give, when that is the problem.
    pub asks_for: Option<String>,
}

impl Problem {
    pub(crate) fn new(message: Text) -> Self {
        Problem {
            message,
            notes: Vec::new(),
            asks_for: None,
        }
    }

    pub(crate) fn note(mut self, note: Text) -> Self {
        self.notes.push(note);
        self
    }
}

/// The answer of one plan alone, in its own terms (its dimensions, its levels); a matter
/// it does not list is answered by its catch-all. [`answer`] puts the question to a whole
/// chain, and is what a surface calls.
pub(crate) fn lookup(plan: &Plan, tables: &[MatterTable], question: &Question) -> Result<Answer, Problem> {
    let Some((index, matter)) = plan.matters.iter().enumerate().find(|(_, m)| m.name == question.matter) else {
        return unlisted(plan, question);
    };
    let case_box = case_box(plan, matter, question)?;
    let rows: Vec<_> = tables
        .iter()
        .find(|t| t.matter == index)
        .map(|t| {
            t.rows
                .iter()
                .filter(|row| intersects(&row.case_box, &case_box))
                .collect()
        })
        .unwrap_or_default();
    let kept = matter.kept_above.iter().find(|k| intersects(&k.case_box, &case_box));
    if let (Some(kept), Some(first)) = (kept, rows.first()) {
        // Part of the question is this plan's, part its parent's: ask which.
        return Err(missing_value(plan, matter, question, &first.case_box, &kept.case_box));
    }
    if let Some(kept) = kept {
        let (document, zh, en) = (&kept.document, &kept.decision.zh, &kept.decision.en);
        return Err(Problem::new(tr!(
            "此情形由上级方案 `{document}` 划归 {zh}，不由本方案划分",
            "this case is assigned to {en} by the parent plan `{document}`: it is not this plan's to divide"
        )));
    }
    let Some(first) = rows.first() else {
        let name = &matter.name;
        return Err(Problem::new(tr!(
            "事项 `{name}` 的这一情形没有决定",
            "the plan decides no such case of matter `{name}`"
        )));
    };
    if let Some(other) = rows
        .iter()
        .find(|row| row.outcome != first.outcome || row.rules != first.rules)
    {
        return Err(missing_value(plan, matter, question, &first.case_box, &other.case_box));
    }
    let overridden = matter
        .rules
        .iter()
        .enumerate()
        .filter(|(r, rule)| {
            !rule.otherwise && !first.rules.contains(r) && rule.region.iter().any(|b| intersects(b, &case_box))
        })
        .map(|(_, rule)| emit::rule_ref(rule.label.clone(), &rule.citation))
        .collect();
    let deciding = first
        .rules
        .iter()
        .filter_map(|r| matter.rules.get(*r))
        .map(|rule| emit::rule_ref(rule.label.clone(), &rule.citation));
    let (case, not_needed) = described(plan, matter, question);
    Ok(Answer {
        matter: matter.name.clone(),
        case,
        not_needed,
        unlisted: false,
        kept_above_by: None,
        decision: emit::decision(plan, &first.outcome, deciding),
        overridden,
        overall: None,
        share_of: None,
    })
}

/// A matter the plan does not list: its catch-all decides, if it has one. Not in an
/// excerpt (`节选`): a matter it leaves out may be in its source, decided otherwise than
/// its catch-all says.
fn unlisted(plan: &Plan, question: &Question) -> Result<Answer, Problem> {
    let wanted = &question.matter;
    if plan.header.excerpt.is_some() {
        return Err(
            Problem::new(tr!("方案中没有事项 `{wanted}`", "the plan has no matter `{wanted}`"))
                .note(matters::excerpt_note()),
        );
    }
    let Some(catch_all) = &plan.unlisted else {
        return Err(
            Problem::new(tr!("方案中没有事项 `{wanted}`", "the plan has no matter `{wanted}`")).note(tr!(
                "方案也没有 `未列事项` 条款来决定未列出的事项",
                "nor does it have an `unlisted` rule for matters it does not list"
            )),
        );
    };
    Ok(Answer {
        matter: wanted.clone(),
        case: Vec::new(),
        not_needed: Vec::new(),
        unlisted: true,
        kept_above_by: None,
        decision: emit::decision(
            plan,
            &catch_all.outcome,
            std::iter::once(emit::rule_ref(None, &catch_all.citation)),
        ),
        overridden: Vec::new(),
        overall: None,
        share_of: None,
    })
}

/// The outcomes of the matter's table rows (and of the cases an ancestor keeps, as `None`)
/// that meet the question's cases in `plan`; the catch-all's outcome for a matter the plan
/// does not list; nothing when it has no catch-all either.
pub(crate) fn outcomes_met<'p>(
    plan: &'p Plan,
    tables: &'p [MatterTable],
    question: &Question,
) -> Result<Vec<Option<&'p crate::ir::Outcome>>, Problem> {
    let Some((index, matter)) = plan.matters.iter().enumerate().find(|(_, m)| m.name == question.matter) else {
        return Ok(plan.unlisted.iter().map(|u| Some(&u.outcome)).collect());
    };
    let case_box = case_box(plan, matter, question)?;
    let rows = tables
        .iter()
        .filter(|t| t.matter == index)
        .flat_map(|t| &t.rows)
        .filter(|row| intersects(&row.case_box, &case_box))
        .map(|row| Some(&row.outcome));
    let kept = matter
        .kept_above
        .iter()
        .filter(|k| intersects(&k.case_box, &case_box))
        .map(|_| None);
    Ok(rows.chain(kept).collect())
}

/// The box of cases the question names: one value where it gives one, every value where
/// it does not.
fn case_box(plan: &Plan, matter: &Matter, question: &Question) -> Result<CaseBox, Problem> {
    let dimensions: Vec<_> = matter.dimensions.iter().filter_map(|d| plan.dimension(*d)).collect();
    let mut case_box: CaseBox = dimensions.iter().map(|d| ValueSet::all(d.values.len())).collect();
    for (name, value) in &question.when {
        let Some(position) = dimensions.iter().position(|d| &d.name == name) else {
            let matter_name = &matter.name;
            let mut problem = Problem::new(tr!(
                "事项 `{matter_name}` 不按 `{name}` 划分",
                "matter `{matter_name}` is not split by `{name}`"
            ));
            let names = list(dimensions.iter().map(|d| d.name.as_str()));
            problem = match dimensions.is_empty() {
                true => problem.note(tr!(
                    "此事项不分情形，不需要 `--when`",
                    "this matter has one case only: no `--when` is needed"
                )),
                false => problem.note(tr!("此事项按 {names} 划分", "it is split by {names}"; names)),
            };
            return Err(problem);
        };
        let Some(dimension) = dimensions.get(position) else {
            continue;
        };
        if let Some(numeric) = &dimension.numeric {
            let index = numeric_piece(numeric, name, value)?;
            if let Some(set) = case_box.get_mut(position) {
                set.keep(&ValueSet::single(index));
            }
            continue;
        }
        let Some(value_index) = dimension.values.iter().position(|v| v == value) else {
            let mut problem = Problem::new(tr!(
                "`{value}` 不是维度 `{name}` 的值",
                "`{value}` is not a value of `{name}`"
            ));
            if let Some(suggestion) = closest(value, dimension.values.iter().map(String::as_str)) {
                problem = problem.note(did_you_mean(suggestion));
            }
            let values = list(dimension.values.iter().map(String::as_str));
            return Err(problem.note(tr!("可选的值：{values}", "the values are {values}"; values)));
        };
        if let Some(set) = case_box.get_mut(position) {
            set.keep(&ValueSet::single(value_index));
        }
    }
    Ok(case_box)
}

/// The piece of a date dimension holding the day the question gives (`2025-03-01`,
/// strictly: a number is no day).
/// The piece of `numeric` (the dimension `name`) that holds `number`, written `written`
/// in the question.
fn piece_holding(
    numeric: &crate::ir::NumericDimension,
    name: &str,
    written: &str,
    number: crate::numeric::Number,
) -> Result<usize, Problem> {
    numeric
        .pieces
        .iter()
        .position(|piece| piece.contains(number))
        .ok_or_else(|| {
            let range = numeric.interval_text(&numeric.range);
            Problem::new(tr!(
                "`{written}` 不在 `{name}` 的范围 {range} 内",
                "`{written}` lies outside the range {range} of `{name}`"
            ))
        })
}

fn day_piece(numeric: &crate::ir::NumericDimension, name: &str, written: &str) -> Result<usize, Problem> {
    let day = crate::calendar::Day::parse(written).map_err(|_| {
        Problem::new(tr!("`{written}` 不是日期", "`{written}` is not a date")).note(tr!(
            "`{name}` 是日期维度：写 年-月-日，如 --when {name}=2025-01-01",
            "`{name}` is a date dimension: give year-month-day, e.g. --when {name}=2025-01-01"
        ))
    })?;
    let number = crate::numeric::day_number(day);
    piece_holding(numeric, name, written, number)
}

/// The piece of a numeric dimension holding the number the question gives (a unit after
/// the number, as in `7000万元`, is allowed when it is the dimension's).
fn numeric_piece(numeric: &crate::ir::NumericDimension, name: &str, written: &str) -> Result<usize, Problem> {
    let digits = match &numeric.unit {
        Some(unit) => written.trim().trim_end_matches(unit.as_str()).trim(),
        None => written.trim(),
    };
    // Examples carry the unit the plan counts in: `5000` alone could be read in another.
    let unit = numeric.unit.as_deref().unwrap_or("");
    if numeric.notation == crate::numeric::Notation::Days {
        return day_piece(numeric, name, digits);
    }
    let Some(number) = crate::numeric::parse_number(digits) else {
        let problem = match unit_after_number(digits) {
            // `5000亿元` where the plan counts in 万元: a number, in another unit.
            Some(other) if !unit.is_empty() => Problem::new(tr!(
                "`{written}` 的单位 `{other}` 不是 `{name}` 的单位 `{unit}`",
                "`{written}` is in `{other}`, and `{name}` is counted in `{unit}`"
            ))
            .note(tr!(
                "请换算成 {unit} 再问，如 --when {name}=5000{unit}",
                "convert it to {unit} first, e.g. --when {name}=5000{unit}"
            )),
            _ => Problem::new(tr!("`{written}` 不是数", "`{written}` is not a number")).note(tr!(
                "`{name}` 是数值维度：写一个数，如 --when {name}=5000{unit}",
                "`{name}` is numeric: give a number, e.g. --when {name}=5000{unit}"
            )),
        };
        return Err(problem);
    };
    if numeric.integer && !crate::numeric::is_whole(number) {
        return Err(Problem::new(tr!(
            "`{written}` 不是整数，而 `{name}` 只取整数",
            "`{written}` is not a whole number, and `{name}` takes whole numbers only"
        ))
        .note(tr!(
            "写一个整数，如 --when {name}=5{unit}",
            "give a whole number, e.g. --when {name}=5{unit}"
        )));
    }
    piece_holding(numeric, name, written, number)
}

/// The word after a number (`5000亿元`: `亿元`); `None` when no number comes first.
fn unit_after_number(written: &str) -> Option<&str> {
    let end = written
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '-'))
        .map(|(at, _)| at)?;
    let (digits, word) = written.split_at(end);
    crate::numeric::parse_number(digits)?;
    let word = word.trim();
    (!word.is_empty()).then_some(word)
}

/// The question leaves open a dimension on which the answer depends: ask for it.
fn missing_value(plan: &Plan, matter: &Matter, question: &Question, one: &CaseBox, other: &CaseBox) -> Problem {
    let asked: Vec<&str> = question.when.iter().map(|(d, _)| d.as_str()).collect();
    let deciding = matter
        .dimensions
        .iter()
        .enumerate()
        .filter_map(|(position, d)| plan.dimension(*d).map(|dim| (position, dim)))
        .find(|(position, dim)| {
            !asked.contains(&dim.name.as_str())
                && one
                    .get(*position)
                    .zip(other.get(*position))
                    .is_some_and(|(a, b)| !a.meets(b))
        })
        .or_else(|| {
            matter
                .dimensions
                .iter()
                .enumerate()
                .filter_map(|(position, d)| plan.dimension(*d).map(|dim| (position, dim)))
                .find(|(_, dim)| !asked.contains(&dim.name.as_str()))
        });
    let matter_name = &matter.name;
    let Some((_, dimension)) = deciding else {
        return Problem::new(tr!(
            "无法确定 `{matter_name}` 的情形",
            "cannot tell which case of `{matter_name}` is meant"
        ));
    };
    let name = &dimension.name;
    let values = list(dimension.values.iter().map(String::as_str));
    let example = match &dimension.numeric {
        Some(numeric) => {
            let number = numeric
                .pieces
                .first()
                .map_or(String::new(), |p| numeric.value_text(p.example()));
            format!("{number}{}", numeric.unit.as_deref().unwrap_or(""))
        }
        None => dimension.values.first().cloned().unwrap_or_default(),
    };
    let mut problem = Problem::new(tr!(
        "事项 `{matter_name}` 的结果取决于 `{name}`：请给出它的值",
        "the answer for `{matter_name}` depends on `{name}`: give its value"
    ))
    .note(
        match dimension.numeric.as_ref().and_then(|numeric| numeric.unit.as_deref()) {
            Some(unit) => tr!("可选的值（以 {unit} 计）：{values}", "the values (in {unit}) are {values}"; values),
            None => tr!("可选的值：{values}", "the values are {values}"; values),
        },
    )
    .note(tr!(
        "例如：--when {name}={example}",
        "for example: --when {name}={example}"
    ));
    problem.asks_for = Some(name.clone());
    problem
}

fn intersects(a: &CaseBox, b: &CaseBox) -> bool {
    a.iter().zip(b).all(|(x, y)| x.meets(y))
}

/// The values the question gave, in the matter's order, and the dimensions it left open.
fn described(plan: &Plan, matter: &Matter, question: &Question) -> (Vec<CaseValue>, Vec<String>) {
    let mut case = Vec::new();
    let mut open = Vec::new();
    for dimension in matter.dimensions.iter().filter_map(|d| plan.dimension(*d)) {
        match question.when.iter().find(|(d, _)| *d == dimension.name) {
            Some((_, value)) => case.push(CaseValue {
                dimension: dimension.name.clone(),
                value: value.clone(),
            }),
            None => open.push(dimension.name.clone()),
        }
    }
    (case, open)
}
