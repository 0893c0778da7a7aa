//! W0006: the 保障措施 principle, written as `上限 旗县 支出 ≤ 40%`. The share counted is of
//! matters, not of cases: cases of different matters are not comparable, and a drafter
//! reads "旗县 pays for 13 of the 25 matters". A matter counts when the level pays a
//! share (or holds the power) in at least one of its cases. With a parent, only the
//! matters that divide what the parent gives the divided level are counted (the child's
//! own matters are its own business); without one, every matter.

use super::{Parent, Refinement};
use crate::ast::LimitKind;
use crate::check::MatterTable;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, LevelId, LevelRef, Outcome, Plan, Spending};
use crate::names;
use crate::tr;

/// At most this many matters are named in the warning; the rest are counted.
const MATTERS_SHOWN: usize = 10;

/// W0006 of a whole plan: [`Limits`] over all its matters at once.
pub fn limits(parent: Option<Parent<'_>>, plan: &Plan, tables: &[MatterTable]) -> Vec<Diagnostic> {
    if plan.limits.is_empty() {
        return Vec::new();
    }
    // A parent that cannot be read against (its diagnostic is refine's): every matter
    // counts, as for a plan with no parent.
    let refinement = parent.and_then(|parent| Refinement::start(parent, plan).ok());
    let mut limits = Limits::new(plan);
    limits.add(refinement.as_ref(), plan, tables);
    limits.finish(plan)
}

/// The matters counted against a plan's `上限`, gathered a part of the plan at a time
/// (`compile::stream`): how many count, and for each limit how many of them the level
/// bears and the first names.
pub struct Limits {
    total: usize,
    /// One per limit of the plan, in order.
    burdened: Vec<Burdened>,
}

#[derive(Default)]
struct Burdened {
    count: usize,
    shown: Vec<String>,
}

impl Limits {
    pub fn new(plan: &Plan) -> Self {
        Limits {
            total: 0,
            burdened: plan.limits.iter().map(|_| Burdened::default()).collect(),
        }
    }

    /// Counts the matters of `plan` (a part, or the whole) whose `tables` are given. With a
    /// parent (`refinement`), only the matters that divide what the parent gives the
    /// divided level count.
    pub fn add(&mut self, refinement: Option<&Refinement<'_>>, plan: &Plan, tables: &[MatterTable]) {
        if plan.limits.is_empty() {
            return;
        }
        let counted = tables
            .iter()
            .filter_map(|t| plan.matters.get(t.matter).map(|m| (m, t)))
            .filter(|(matter, _)| refinement.is_none_or(|r| r.divides_parent_matter(matter)));
        for (matter, table) in counted {
            self.total += 1;
            for (limit, burdened) in plan.limits.iter().zip(&mut self.burdened) {
                if table
                    .rows
                    .iter()
                    .any(|row| bears(&row.outcome, limit.level, limit.kind))
                {
                    burdened.count += 1;
                    if burdened.shown.len() < MATTERS_SHOWN {
                        burdened.shown.push(matter.name.clone());
                    }
                }
            }
        }
    }

    /// W0006 for each limit the counted matters exceed.
    pub fn finish(self, plan: &Plan) -> Vec<Diagnostic> {
        let total = self.total;
        if total == 0 {
            return Vec::new();
        }
        plan.limits
            .iter()
            .zip(self.burdened)
            // Compared in hundredths of a percent, exactly: count / total > limit.
            .filter(|(limit, b)| (b.count as u128) * 10000 > u128::from(limit.hundredths) * (total as u128))
            .map(|(limit, b)| exceeded(plan, limit, &b, total))
            .collect()
    }
}

/// Whether the (concrete) outcome puts the spending, or the power, on the level.
fn bears(outcome: &Outcome, level: LevelId, kind: LimitKind) -> bool {
    let Outcome::Assign { power, spending, .. } = outcome else {
        return false;
    };
    let at = LevelRef::Level(level);
    match kind {
        LimitKind::Power => power.holders().contains(&at),
        LimitKind::Spending => match spending {
            Spending::Level(reference) => *reference == at,
            Spending::Shares(shares) => shares.iter().any(|(l, share)| *l == level && *share > 0),
        },
    }
}

fn exceeded(plan: &Plan, limit: &ir::Limit, burdened: &Burdened, total: usize) -> Diagnostic {
    let level = plan.level_name(limit.level);
    let count = burdened.count;
    let share = ir::percent_text(u32::try_from(count * 10000 / total).unwrap_or(10000));
    let bound = ir::percent_text(limit.hundredths);
    let what = match limit.kind {
        LimitKind::Spending => tr!("承担支出责任", "pays a share"),
        LimitKind::Power => tr!("承担财政事权", "holds the power"),
    };
    let hidden = count.saturating_sub(burdened.shown.len());
    let mut diagnostic = Diagnostic::new(
        Code::W0006,
        tr!(
            "{level} {what}的事项占 {share}（{count}/{total}），超过上限 {bound}",
            "{level} {what} in {share} of the matters ({count} of {total}), above the limit of {bound}";
            what
        ),
    )
    .primary(plan.file, limit.span, tr!("上限在此", "the limit"))
    .note(tr!("这些事项：{list}", "those matters: {list}"; list = names::joined(burdened.shown.iter().map(String::as_str))));
    if hidden > 0 {
        diagnostic = diagnostic.note(tr!("……另有 {hidden} 个", "… and {hidden} more"));
    }
    diagnostic.note(tr!(
        "一个事项只要有一种情形由 {level} {what}，就计入",
        "a matter counts when {level} {what} in any of its cases";
        what
    ))
}
