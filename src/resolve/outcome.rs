//! Outcomes → levels, shares and affiliation references.

use super::{MatterContext, Resolver, SHARE};
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
                power, spending, mark, ..
            } => {
                let power = self.level_ref(matter, power);
                let spending = match spending {
                    None => power.map(ir::Spending::Level),
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
        if failed { None } else { Some(resolved) }
    }
}
