//! Laying a parent matter's cases onto the child matter of the same name: dimension by
//! dimension, which of the child's values a parent value set admits.

use crate::ir::{CaseBox, Dimension, LevelId, Matter, Plan, ValueSet, all_values};

/// A dimension both matters split by (same name, same kind).
pub struct Shared {
    pub name: String,
    pub parent_position: usize,
    pub child_position: usize,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Listed,
    /// Both level-valued: the child's levels are all the parent's divided level.
    Levels,
    Numeric,
}

pub struct Projection<'p> {
    parent_plan: &'p Plan,
    parent_matter: &'p Matter,
    child_plan: &'p Plan,
    child_matter: &'p Matter,
    shared: Vec<Shared>,
    level: LevelId,
}

impl<'p> Projection<'p> {
    pub fn new(
        parent_plan: &'p Plan,
        parent_matter: &'p Matter,
        child_plan: &'p Plan,
        child_matter: &'p Matter,
        level: LevelId,
    ) -> Self {
        let mut shared = Vec::new();
        for (child_position, child_id) in child_matter.dimensions.iter().enumerate() {
            let Some(child_dimension) = child_plan.dimension(*child_id) else {
                continue;
            };
            let found = parent_matter.dimensions.iter().enumerate().find(|(_, id)| {
                parent_plan
                    .dimension(**id)
                    .is_some_and(|d| d.name == child_dimension.name)
            });
            let Some((parent_position, parent_id)) = found else {
                continue;
            };
            let Some(parent_dimension) = parent_plan.dimension(*parent_id) else {
                continue;
            };
            let kind = match (kind(parent_dimension), kind(child_dimension)) {
                (a, b) if a == b => a,
                // Same name, different kinds: not the same distinction; the child's
                // decision is taken as not depending on the parent's.
                _ => continue,
            };
            shared.push(Shared {
                name: child_dimension.name.clone(),
                parent_position,
                child_position,
                kind,
            });
        }
        Projection {
            parent_plan,
            parent_matter,
            child_plan,
            child_matter,
            shared,
            level,
        }
    }

    pub fn shared(&self) -> &[Shared] {
        &self.shared
    }

    fn dimensions(&self, shared: &Shared) -> Option<(&'p Dimension, &'p Dimension)> {
        let parent = self
            .parent_matter
            .dimensions
            .get(shared.parent_position)
            .and_then(|id| self.parent_plan.dimension(*id))?;
        let child = self
            .child_matter
            .dimensions
            .get(shared.child_position)
            .and_then(|id| self.child_plan.dimension(*id))?;
        Some((parent, child))
    }

    /// The child's cases compatible with some case of the parent's box: on a shared
    /// dimension the values the parent's set admits, on the child's own dimensions every
    /// value.
    pub fn child_box(&self, parent_box: &CaseBox) -> CaseBox {
        let mut result: CaseBox = sizes(self.child_plan, self.child_matter)
            .iter()
            .map(|n| all_values(*n))
            .collect();
        for shared in &self.shared {
            let set = parent_box.get(shared.parent_position).copied().unwrap_or(0);
            let mask = self.admitted(shared, set);
            if let Some(slot) = result.get_mut(shared.child_position) {
                *slot = mask;
            }
        }
        result
    }

    /// The child's values of a shared dimension compatible with the parent's `set`.
    fn admitted(&self, shared: &Shared, set: ValueSet) -> ValueSet {
        let Some((parent, child)) = self.dimensions(shared) else {
            return 0;
        };
        let has = |index: usize| index < 64 && set & (1u64 << index) != 0;
        let mut mask = 0;
        for (index, value) in child.values.iter().enumerate().take(64) {
            let admitted = match shared.kind {
                Kind::Levels => has(self.level),
                Kind::Listed => parent.values.iter().position(|v| v == value).is_some_and(has),
                Kind::Numeric => match (&parent.numeric, &child.numeric) {
                    (Some(theirs), Some(ours)) => ours.pieces.get(index).is_some_and(|piece| {
                        theirs
                            .pieces
                            .iter()
                            .enumerate()
                            .any(|(u, other)| has(u) && other.meets(piece))
                    }),
                    _ => false,
                },
            };
            if admitted {
                mask |= 1u64 << index;
            }
        }
        mask
    }

    /// The parent's values in `set` that no value of the child's dimension stands for.
    pub fn orphans(&self, shared: &Shared, set: ValueSet, level: LevelId) -> Vec<String> {
        let Some((parent, child)) = self.dimensions(shared) else {
            return Vec::new();
        };
        let mut orphans = Vec::new();
        for (index, value) in parent.values.iter().enumerate().take(64) {
            if set & (1u64 << index) == 0 {
                continue;
            }
            let represented = match shared.kind {
                Kind::Levels => index == level,
                Kind::Listed => child.values.contains(value),
                Kind::Numeric => match (&parent.numeric, &child.numeric) {
                    (Some(theirs), Some(ours)) => theirs.pieces.get(index).is_some_and(|piece| ours.range.meets(piece)),
                    _ => true,
                },
            };
            if !represented {
                orphans.push(value.clone());
            }
        }
        orphans
    }
}

fn kind(dimension: &Dimension) -> Kind {
    if dimension.level_valued {
        Kind::Levels
    } else if dimension.numeric.is_some() {
        Kind::Numeric
    } else {
        Kind::Listed
    }
}

/// Values per dimension of a matter.
pub fn sizes(plan: &Plan, matter: &Matter) -> Vec<usize> {
    matter
        .dimensions
        .iter()
        .map(|d| plan.dimension(*d).map_or(0, |d| d.values.len()))
        .collect()
}
