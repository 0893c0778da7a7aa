//! W0006: the 保障措施 principle, written as `上限 旗县 支出 ≤ 40%`. The share counted is of
//! matters, not of cases: cases of different matters are not comparable, and a drafter
//! reads "旗县 pays for 13 of the 25 matters". A matter counts when the level pays a
//! share (or holds the power) in at least one of its cases. With a parent, only the
//! matters that divide what the parent gives the divided level are counted (the child's
//! own matters are its own business); without one, every matter.

use super::{Class, Parent, parent_rows};
use crate::ast::LimitKind;
use crate::check::MatterTable;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, LevelId, LevelRef, Outcome, Plan, Spending};
use crate::tr;

/// At most this many matters are named in the warning; the rest are counted.
const MATTERS_SHOWN: usize = 10;

pub fn limits(parent: Option<Parent<'_>>, plan: &Plan, tables: &[MatterTable]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if plan.limits.is_empty() {
        return out;
    }
    let counted: Vec<(&ir::Matter, &MatterTable)> = tables
        .iter()
        .filter_map(|t| plan.matters.get(t.matter).map(|m| (m, t)))
        .filter(|(matter, _)| divides_parent_matter(parent, plan, matter))
        .collect();
    let total = counted.len();
    if total == 0 {
        return out;
    }
    for limit in &plan.limits {
        let burdened: Vec<&str> = counted
            .iter()
            .filter(|(_, table)| {
                table
                    .rows
                    .iter()
                    .any(|row| bears(&row.outcome, limit.level, limit.kind))
            })
            .map(|(matter, _)| matter.name.as_str())
            .collect();
        let count = burdened.len();
        // Compared in hundredths of a percent, exactly: count / total > limit.
        if (count as u128) * 10000 <= u128::from(limit.hundredths) * (total as u128) {
            continue;
        }
        out.push(exceeded(plan, limit, &burdened, total));
    }
    out
}

fn divides_parent_matter(parent: Option<Parent<'_>>, plan: &Plan, matter: &ir::Matter) -> bool {
    let Some(parent) = parent else {
        return true;
    };
    let Some(level) = parent.divided_level(plan) else {
        return true;
    };
    parent
        .plan
        .matters
        .iter()
        .find(|m| m.name == matter.name)
        .is_some_and(|theirs| {
            parent_rows(parent, theirs, level)
                .iter()
                .any(|r| r.class == Class::Divided)
        })
}

/// Whether the (concrete) outcome puts the spending, or the power, on the level.
fn bears(outcome: &Outcome, level: LevelId, kind: LimitKind) -> bool {
    let Outcome::Assign { power, spending, .. } = outcome else {
        return false;
    };
    let at = LevelRef::Level(level);
    match kind {
        LimitKind::Power => *power == at,
        LimitKind::Spending => match spending {
            Spending::Level(reference) => *reference == at,
            Spending::Shares(shares) => shares.iter().any(|(l, share)| *l == level && *share > 0),
        },
    }
}

fn exceeded(plan: &Plan, limit: &ir::Limit, burdened: &[&str], total: usize) -> Diagnostic {
    let level = plan.level_name(limit.level);
    let count = burdened.len();
    let share = ir::percent_text(u32::try_from(count * 10000 / total).unwrap_or(10000));
    let bound = ir::percent_text(limit.hundredths);
    let (what_zh, what_en) = match limit.kind {
        LimitKind::Spending => ("承担支出责任", "pays a share"),
        LimitKind::Power => ("承担财政事权", "holds the power"),
    };
    let shown: Vec<&str> = burdened.iter().take(MATTERS_SHOWN).copied().collect();
    let hidden = count.saturating_sub(MATTERS_SHOWN);
    let list = shown.join("、");
    let mut diagnostic = Diagnostic::new(
        Code::W0006,
        tr!(
            "{level} {what_zh}的事项占 {share}（{count}/{total}），超过上限 {bound}",
            "{level} {what_en} in {share} of the matters ({count} of {total}), above the limit of {bound}"
        ),
    )
    .primary(plan.file, limit.span, tr!("上限在此", "the limit"))
    .note(tr!("这些事项：{list}", "those matters: {list}"));
    if hidden > 0 {
        diagnostic = diagnostic.note(tr!("……另有 {hidden} 个", "… and {hidden} more"));
    }
    diagnostic.note(tr!(
        "一个事项只要有一种情形由 {level} {what_zh}，就计入",
        "a matter counts when {level} {what_en} in any of its cases"
    ))
}
