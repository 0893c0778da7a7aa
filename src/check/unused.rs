//! W0004: levels and dimensions declared but never used.
//!
//! A dimension is used when a matter is split by it. A level is used when an outcome
//! names it, or when some outcome takes its level from a level-valued dimension (then
//! every level can be the answer). While a matter has no rule yet (a draft, as `quanze
//! scaffold` writes it: E0008 says so), no level is reported: it may be that matter's. Single values of a used dimension are never reported:
//! each value defines cases that some rule (or the `otherwise` rule) decides, whether or
//! not a rule names it.

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{LevelRef, Outcome, Plan, Spending};
use crate::tr;

/// What the matters seen so far use: a plan checked part by part (`compile::stream`)
/// adds each part, then reports once, so that the cost is one pass over the matters and
/// one over the declarations, not the declarations once per part.
pub struct Usage {
    level_used: Vec<bool>,
    by_affiliation: bool,
    /// Some matter has no rule yet.
    unwritten: bool,
    dimension_used: Vec<bool>,
}

impl Usage {
    pub fn new(plan: &Plan) -> Self {
        Usage {
            level_used: vec![false; plan.levels.len()],
            by_affiliation: false,
            unwritten: false,
            dimension_used: vec![false; plan.dimensions.len()],
        }
    }

    /// Marks what the matters and the catch-all of `plan` use.
    pub fn add(&mut self, plan: &Plan) {
        self.unwritten |= plan.matters.iter().any(|matter| matter.rules.is_empty());
        for matter in &plan.matters {
            for id in &matter.dimensions {
                if let Some(used) = self.dimension_used.get_mut(*id) {
                    *used = true;
                }
            }
        }
        let outcomes = plan
            .matters
            .iter()
            .flat_map(|m| m.rules.iter().map(|r| &r.outcome))
            .chain(plan.unlisted.as_ref().map(|u| &u.outcome));
        for outcome in outcomes {
            let Outcome::Assign { power, spending, .. } = outcome else {
                continue;
            };
            let mut references = power.holders();
            match spending {
                Spending::Level(level) => references.push(*level),
                Spending::Shares(shares) => references.extend(shares.iter().map(|(l, _)| LevelRef::Level(*l))),
            }
            for reference in references {
                match reference {
                    LevelRef::Level(level) => {
                        if let Some(used) = self.level_used.get_mut(level) {
                            *used = true;
                        }
                    }
                    LevelRef::ByDimension(_) => self.by_affiliation = true,
                }
            }
        }
    }

    /// W0004 for every level and dimension nothing added has used.
    pub fn report(&self, plan: &Plan, out: &mut Vec<Diagnostic>) {
        let (level_used, by_affiliation) = (&self.level_used, self.by_affiliation);
        if !by_affiliation && !self.unwritten {
            for (level, used) in plan.levels.iter().zip(level_used) {
                if !*used {
                    let name = &level.name;
                    out.push(
                        Diagnostic::new(
                            Code::W0004,
                            tr!(
                                "层级 `{name}` 已声明，但没有条款用到",
                                "level `{name}` is declared but no rule uses it"
                            ),
                        )
                        .primary(plan.file, level.span, tr!("未使用的层级", "unused level"))
                        .note(tr!(
                            "若本方案确实不给这一级划分任何事项，可从 `层级` 中删去",
                            "if the plan really gives this level nothing, remove it from `levels`"
                        )),
                    );
                }
            }
        }
        for (dimension, used) in plan.dimensions.iter().zip(&self.dimension_used) {
            if *used {
                continue;
            }
            let name = &dimension.name;
            out.push(
                Diagnostic::new(
                    Code::W0004,
                    tr!(
                        "维度 `{name}` 已声明，但没有事项按它划分",
                        "dimension `{name}` is declared but no matter is split by it"
                    ),
                )
                .primary(plan.file, dimension.span, tr!("未使用的维度", "unused dimension"))
                .note(tr!(
                    "在事项后写 `按 {name}` 使用它，或删去这个声明",
                    "use it with `by {name}` after a matter's name, or remove the declaration"
                )),
            );
        }
    }
}
