//! Laying a parent matter's cases onto the child matter of the same name: dimension by
//! dimension, which of the child's values a parent value set admits.

use crate::ir::{CaseBox, Dimension, LevelId, Matter, Plan, ValueSet};

/// A dimension both matters split by (same name, same kind).
pub struct Shared {
    pub name: String,
    pub parent_position: usize,
    pub child_position: usize,
    kind: Kind,
    /// For a listed or numeric dimension: per parent value (index), the child's values it
    /// stands for — the value of the same name, or the pieces meeting the parent's piece.
    /// Worked out once, so that laying a box down costs the values it names, not the
    /// product of two county-sized lists.
    child_values: Vec<Vec<usize>>,
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
                child_values: child_values(kind, parent_dimension, child_dimension),
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
            .map(|n| ValueSet::all(*n))
            .collect();
        for shared in &self.shared {
            let Some(set) = parent_box.get(shared.parent_position) else {
                continue;
            };
            let admitted = self.admitted(shared, set);
            if let Some(slot) = result.get_mut(shared.child_position) {
                *slot = admitted;
            }
        }
        result
    }

    /// The child's values of a shared dimension compatible with the parent's `set`.
    fn admitted(&self, shared: &Shared, set: &ValueSet) -> ValueSet {
        let Some((_, child)) = self.dimensions(shared) else {
            return ValueSet::empty();
        };
        match shared.kind {
            // The child's levels are all the parent's divided level.
            Kind::Levels if set.contains(self.level) => ValueSet::all(child.values.len()),
            Kind::Levels => ValueSet::empty(),
            Kind::Listed | Kind::Numeric => set
                .iter()
                .filter_map(|index| shared.child_values.get(index))
                .flatten()
                .copied()
                .collect(),
        }
    }

    /// The parent's values in `set` that no value of the child's dimension stands for.
    pub fn orphans(&self, shared: &Shared, set: &ValueSet, level: LevelId) -> Vec<String> {
        let Some((parent, child)) = self.dimensions(shared) else {
            return Vec::new();
        };
        let mut orphans = Vec::new();
        for index in set.iter() {
            let Some(value) = parent.values.get(index) else {
                continue;
            };
            let represented = match shared.kind {
                Kind::Levels => index == level,
                Kind::Listed => shared.child_values.get(index).is_some_and(|values| !values.is_empty()),
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

/// Per value of the parent's dimension, the child's values it stands for (see
/// [`Shared::child_values`]); nothing for level-valued dimensions.
fn child_values(kind: Kind, parent: &Dimension, child: &Dimension) -> Vec<Vec<usize>> {
    match kind {
        Kind::Levels => Vec::new(),
        Kind::Listed => {
            let index_of: indexmap::IndexMap<&str, usize> =
                child.values.iter().enumerate().map(|(i, v)| (v.as_str(), i)).collect();
            parent
                .values
                .iter()
                .map(|value| index_of.get(value.as_str()).copied().into_iter().collect())
                .collect()
        }
        Kind::Numeric => match (&parent.numeric, &child.numeric) {
            (Some(theirs), Some(ours)) => theirs
                .pieces
                .iter()
                .map(|piece| {
                    ours.pieces
                        .iter()
                        .enumerate()
                        .filter(|(_, other)| other.meets(piece))
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect(),
            _ => Vec::new(),
        },
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
