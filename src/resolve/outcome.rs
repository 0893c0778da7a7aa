//! Outcomes → levels, shares and affiliation references.

use super::{Kind, MatterContext, Resolver, SHARE};

/// A holder of a jointly held power, in "named twice" (E0002).
const JOINT_HOLDER: Kind = Kind::new("共同财政事权的层级", "holder of the joint power");
use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, LevelId, percent_text};
use crate::span::Span;
use crate::tr;

impl Resolver {
    pub(super) fn outcome(&mut self, matter: &MatterContext<'_>, outcome: &ast::Outcome) -> Option<ir::Outcome> {
        match outcome {
            ast::Outcome::Tbd { reason, .. } => Some(ir::Outcome::Tbd(reason.as_ref().map(|r| r.value.clone()))),
            ast::Outcome::Assign {
                power,
                joint,
                spending,
                mark,
                ..
            } => {
                let first = self.level_ref(matter, power);
                let power = match joint.is_empty() {
                    true => first.map(ir::Power::One),
                    false => self.joint_power(matter, power, joint),
                };
                let spending = match spending {
                    None => first.map(ir::Spending::Level),
                    Some(ast::Spending::Level(level)) => self.level_ref(matter, level).map(ir::Spending::Level),
                    Some(ast::Spending::Shares(shares)) => self.shares(shares).map(ir::Spending::Shares),
                };
                Some(ir::Outcome::Assign {
                    power: power?,
                    spending: spending?,
                    mark: mark.as_ref().map(|m| m.value),
                })
            }
        }
    }

    /// `事权 中央、地方`: the holders of a power held jointly, each a level named once
    /// (E0002), never `按 维度` (E0035: a case's own level is one level, and joint power
    /// is the same levels in every case), in the plan's level order.
    fn joint_power(
        &mut self,
        matter: &MatterContext<'_>,
        first: &ast::LevelRef,
        others: &[ast::LevelRef],
    ) -> Option<ir::Power> {
        let mut holders: Vec<(LevelId, Span)> = Vec::with_capacity(others.len() + 1);
        let mut failed = false;
        for holder in std::iter::once(first).chain(others) {
            let name = match holder {
                ast::LevelRef::Level(name) => name,
                ast::LevelRef::ByDimension(name) => {
                    self.joint_by_dimension(name);
                    failed = true;
                    continue;
                }
            };
            let Some(ir::LevelRef::Level(level)) = self.level_ref(matter, holder) else {
                failed = true;
                continue;
            };
            if let Some((_, first)) = holders.iter().find(|(l, _)| *l == level) {
                let first = *first;
                self.duplicate(&JOINT_HOLDER, &name.value, name.span, first);
                failed = true;
                continue;
            }
            holders.push((level, name.span));
        }
        if failed {
            return None;
        }
        let mut levels: Vec<LevelId> = holders.into_iter().map(|(level, _)| level).collect();
        levels.sort_unstable();
        Some(ir::Power::Joint(levels))
    }

    /// E0035: `按 维度` among the holders of a power held jointly.
    fn joint_by_dimension(&mut self, name: &ast::Name) {
        let dimension = &name.value;
        let diagnostic = Diagnostic::new(
            Code::E0035,
            tr!(
                "共同财政事权要写明各个层级，不能按维度 `{dimension}` 确定",
                "a jointly held power names its levels: it cannot take one from dimension `{dimension}`"
            ),
        )
        .primary(
            self.file,
            name.span,
            tr!("按维度确定的层级", "a level by dimension"),
        )
        .note(tr!(
            "写出共同承担事权的层级，如 `事权 中央、地方`；各情形层级不同时，按情形分条写",
            "name the levels that hold it, as in `power central, local`; when the level differs by case, write a rule per case"
        ));
        self.report(diagnostic);
    }

    fn level_ref(&mut self, matter: &MatterContext<'_>, level: &ast::LevelRef) -> Option<ir::LevelRef> {
        match level {
            ast::LevelRef::Level(name) => self.find_level(name).map(ir::LevelRef::Level),
            ast::LevelRef::ByDimension(name) => {
                let id = self.find_dimension(name)?;
                let Some(position) = matter.dimensions.iter().position(|d| *d == id) else {
                    if matter.index == usize::MAX {
                        self.not_level_valued(name, true);
                    } else {
                        self.not_splitting(matter, name);
                    }
                    return None;
                };
                if !self.dimensions.get(id).is_some_and(|d| d.level_valued) {
                    self.not_level_valued(name, false);
                    return None;
                }
                Some(ir::LevelRef::ByDimension(position))
            }
        }
    }

    /// E0011: `按 维度` needs a dimension whose values are the levels, splitting the matter.
    fn not_level_valued(&mut self, name: &ast::Name, in_catch_all: bool) {
        let dimension = &name.value;
        let diagnostic = if in_catch_all {
            Diagnostic::new(
                Code::E0011,
                tr!(
                    "`未列事项` 条款不能按维度 `{dimension}` 确定层级",
                    "the `unlisted` rule cannot take its level from dimension `{dimension}`"
                ),
            )
            .primary(
                self.file,
                name.span,
                tr!("未列事项没有维度", "unlisted matters have no dimensions"),
            )
            .note(tr!("写一个层级，或写 `待定`", "name a level, or write `tbd`"))
        } else {
            Diagnostic::new(
                Code::E0011,
                tr!(
                    "维度 `{dimension}` 的值不是层级，不能用 `按 {dimension}` 确定层级",
                    "the values of dimension `{dimension}` are not levels: `by {dimension}` cannot give a level"
                ),
            )
            .primary(
                self.file,
                name.span,
                tr!("不是以层级为值的维度", "not a level-valued dimension"),
            )
            .note(tr!(
                "按照隶属关系确定层级时，把维度声明为 `维度 {dimension} : 层级`",
                "for a level by affiliation, declare the dimension as `dimension {dimension} : levels`"
            ))
        };
        self.report(diagnostic);
    }

    fn shares(&mut self, shares: &[ast::Share]) -> Option<Vec<(LevelId, u32)>> {
        let mut resolved: Vec<(LevelId, u32)> = Vec::with_capacity(shares.len());
        let mut spans: Vec<Span> = Vec::with_capacity(shares.len());
        let mut failed = false;
        for share in shares {
            let Some(level) = self.find_level(&share.level) else {
                failed = true;
                continue;
            };
            if let Some(position) = resolved.iter().position(|(l, _)| *l == level) {
                let first = spans.get(position).copied().unwrap_or(share.level.span);
                self.duplicate(&SHARE, &share.level.value, share.level.span, first);
                failed = true;
                continue;
            }
            resolved.push((level, share.hundredths.value));
            spans.push(share.level.span);
        }
        let total: u32 = shares.iter().map(|s| s.hundredths.value).sum();
        if total != 10_000 {
            let span = match (shares.first(), shares.last()) {
                (Some(first), Some(last)) => first.level.span.to(last.hundredths.span),
                _ => Span::default(),
            };
            let total_text = percent_text(total);
            let diagnostic = Diagnostic::new(
                Code::E0010,
                tr!(
                    "支出份额合计 {total_text}，应为 100%",
                    "the spending shares total {total_text}, not 100%"
                ),
            )
            .primary(self.file, span, tr!("合计 {total_text}", "total {total_text}"));
            self.report(diagnostic);
            failed = true;
        }
        // Shares are a set: `{地方 50%, 中央 50%}` decides what `{中央 50%, 地方 50%}`
        // decides, so they are kept in the plan's level order (before, written in
        // another order, two rules deciding alike were a conflict, E0009).
        resolved.sort_unstable();
        if failed { None } else { Some(resolved) }
    }
}
