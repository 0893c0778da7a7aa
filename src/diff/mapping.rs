//! `diff OLD NEW --map 旧=新`: two offices never choose the same names, so the old plan's
//! names are read as the new plan's before the two are compared. A name is mapped wherever
//! the old plan uses it — a level (in every decision), a dimension, a listed value, a
//! matter — since one word means one thing in a plan (`盟市` the level and `盟市` the value
//! of `范围` are renamed together, as the drafter would rename them).

use indexmap::{IndexMap, IndexSet};

use crate::emit::{self, Decision, MatterRows};
use crate::text::Text;
use crate::tr;

use super::Version;

/// The old names and the new names they stand for.
#[derive(Clone, Debug, Default)]
pub struct NameMap {
    pairs: IndexMap<String, String>,
}

impl NameMap {
    /// The map of `pairs` (old, new); `Err` when an old name is mapped twice, or two old
    /// names to one new name (the two would become one, and their changes would merge).
    pub fn new(pairs: &[(String, String)]) -> Result<Self, Text> {
        let mut map = IndexMap::new();
        let mut targets = IndexSet::new();
        for (old, new) in pairs {
            if map.insert(old.clone(), new.clone()).is_some() {
                return Err(tr!(
                    "`--map` 两次给出 `{old}` 的新名称",
                    "`--map` gives `{old}` a new name twice"
                ));
            }
            if !targets.insert(new.clone()) {
                return Err(tr!(
                    "`--map` 把两个名称都对应到 `{new}`",
                    "`--map` maps two names to `{new}`"
                ));
            }
        }
        Ok(NameMap { pairs: map })
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs, old name first, as given.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(old, new)| (old.as_str(), new.as_str()))
    }

    /// `name` as the new plan calls it.
    pub(super) fn name<'a>(&'a self, name: &'a str) -> &'a str {
        self.pairs.get(name).map_or(name, String::as_str)
    }

    fn rename(&self, name: &mut String) {
        if let Some(new) = self.pairs.get(name.as_str()) {
            name.clone_from(new);
        }
    }

    /// The head of the old version's table in the new plan's names: its levels and the
    /// catch-all's decision.
    pub(super) fn head(&self, table: &mut emit::Table) {
        table.levels.iter_mut().for_each(|level| self.rename(level));
        if let Some(decision) = table.unlisted.as_mut() {
            self.decision(decision);
        }
    }

    /// A matter of the old version in the new plan's names: its name, its dimensions and
    /// their listed values (not a numeric dimension's pieces, which are numbers), and each
    /// row's constraints and decision.
    pub(super) fn matter(&self, mut matter: MatterRows) -> MatterRows {
        self.rename(&mut matter.name);
        let listed: IndexSet<String> = matter
            .dimensions
            .iter()
            .filter(|dimension| dimension.numeric.is_none())
            .map(|dimension| dimension.name.clone())
            .collect();
        for dimension in &mut matter.dimensions {
            if dimension.numeric.is_none() {
                dimension.values.iter_mut().for_each(|value| self.rename(value));
            }
            self.rename(&mut dimension.name);
        }
        for row in &mut matter.rows {
            for constraint in &mut row.when {
                if listed.contains(&constraint.dimension) {
                    constraint.values.iter_mut().for_each(|value| self.rename(value));
                }
                self.rename(&mut constraint.dimension);
            }
            self.decision(&mut row.decision);
        }
        matter
    }

    fn decision(&self, decision: &mut Decision) {
        decision.power.iter_mut().for_each(|level| self.rename(level));
        for share in &mut decision.spending {
            self.rename(&mut share.level);
        }
    }

    /// Why the map cannot be meant as given: an old name the old plan does not use, or a
    /// new name the new plan does not (a slip would otherwise compare nothing, silently).
    /// `old` is read before it is mapped.
    pub fn unknown_names(&self, old: &Version<'_>, new: &Version<'_>) -> Option<Text> {
        let (old_names, new_names) = (names(old), names(new));
        if let Some(name) = self
            .pairs
            .keys()
            .find(|name| !old_names.contains(name.as_str()))
            .cloned()
        {
            return Some(tr!(
                "`--map {name}=…`：原方案没有叫 `{name}` 的层级、维度、取值或事项",
                "`--map {name}=…`: the old plan has no level, dimension, value or matter named `{name}`"
            ));
        }
        // `中央=地方` where the old plan has a 地方 of its own, not mapped away: two names
        // of the old plan would become one, and their decisions would read as one level's.
        if let Some((old, new)) = self
            .pairs
            .iter()
            .find(|(_, new)| old_names.contains(new.as_str()) && !self.pairs.contains_key(new.as_str()))
        {
            return Some(tr!(
                "`--map {old}={new}`：原方案已有 `{new}`，两者会并为一个名称",
                "`--map {old}={new}`: the old plan has a `{new}` of its own, and the two would become one"
            ));
        }
        if let Some(name) = self
            .pairs
            .values()
            .find(|name| !new_names.contains(name.as_str()))
            .cloned()
        {
            return Some(tr!(
                "`--map …={name}`：新方案没有叫 `{name}` 的层级、维度、取值或事项",
                "`--map …={name}`: the new plan has no level, dimension, value or matter named `{name}`"
            ));
        }
        None
    }
}

/// Every level, dimension, listed value and matter name of a version, as it is written.
fn names(version: &Version<'_>) -> IndexSet<String> {
    let mut names: IndexSet<String> = version.head.levels.iter().cloned().collect();
    version.each_unmapped(&mut |matter| {
        names.insert(matter.name.clone());
        for dimension in &matter.dimensions {
            names.insert(dimension.name.clone());
            if dimension.numeric.is_none() {
                names.extend(dimension.values.iter().cloned());
            }
        }
    });
    names
}
