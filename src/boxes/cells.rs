//! The case space of a matter, cut into cells that no rule boundary crosses.
//!
//! Every rule names a union of boxes (one value set per dimension), its "atoms". The walk
//! starts from the whole space with every atom active. At each box it picks one dimension
//! and groups that dimension's values by which active atoms admit them; each group becomes
//! a child box, and only the atoms admitting the group stay active in it. A box in which
//! every active atom admits every case is a cell: all its cases are named by exactly the
//! same rules. Values that behave alike are never separated, so the number of cells
//! follows the rule boundaries, not the product of the dimensions' sizes.
//!
//! This is the per-dimension sweep of Calvanese, Dumas, Laurson, Maggi, Montali and
//! Teinemaa, "Semantics and Analysis of DMN Decision Tables" (BPM 2016), specialised to
//! finite value sets, with one change: the dimension to cut is chosen box by box instead of
//! in a fixed order. A clean cut comes first — a dimension whose values fall into groups
//! that no atom spans, so no rule is sliced; else the cut that carries the fewest atoms
//! into the children. Rules written as a decision tree (split on one dimension, then
//! another within each part) are then cut along the tree, and ten thousand rules make
//! about ten thousand cells, where a fixed order could make millions.
//!
//! The walk uses an explicit stack, so no input can make it recurse deeply.

use super::FastMap;

use super::budget::{Budget, TooManyCells, width};
use crate::ir::{CaseBox, ValueSet};

/// A box of cases and the rules (indices, ascending) whose region contains all of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub case_box: CaseBox,
    pub rules: Vec<usize>,
}

/// One box of one rule.
struct Atom<'r> {
    rule: usize,
    case_box: &'r CaseBox,
}

/// Cuts the space of `sizes` (values per dimension) into cells, for rules given as
/// `(rule index, boxes)`. The cells are disjoint and together cover every case. Each box
/// looked at is charged to `budget` (its active atoms times the dimensions), and each cell
/// made (its rules and dimensions): past the allowance, [`TooManyCells`].
pub fn partition<'r>(
    sizes: &[usize],
    rules: impl IntoIterator<Item = (usize, &'r [CaseBox])>,
    budget: &mut Budget,
) -> Result<Vec<Cell>, TooManyCells> {
    let atoms: Vec<Atom<'r>> = rules
        .into_iter()
        .flat_map(|(rule, boxes)| boxes.iter().map(move |case_box| Atom { rule, case_box }))
        .filter(|atom| atom.case_box.iter().all(|set| !set.is_empty()))
        .collect();
    let full: CaseBox = sizes.iter().map(|size| ValueSet::all(*size)).collect();

    let mut cells = Vec::new();
    // (box so far, atoms admitting some case of it)
    let mut stack: Vec<(CaseBox, Vec<usize>)> = vec![(full, (0..atoms.len()).collect())];
    let width = width(sizes);
    while let Some((case_box, active)) = stack.pop() {
        budget.charge(active.len().max(1).saturating_mul(width))?;
        let covering = |atom: &usize| {
            atoms.get(*atom).is_some_and(|atom| {
                atom.case_box
                    .iter()
                    .zip(&case_box)
                    .all(|(set, current)| current.within(set))
            })
        };
        // Dimensions on which some active atom admits only part of the box.
        let open: Vec<usize> = (0..sizes.len())
            .filter(|d| {
                let Some(current) = case_box.get(*d) else {
                    return false;
                };
                active.iter().any(|a| {
                    atoms
                        .get(*a)
                        .and_then(|atom| atom.case_box.get(*d))
                        .is_some_and(|set| !current.within(set))
                })
            })
            .collect();
        if open.is_empty() || active.iter().all(covering) {
            let mut rules: Vec<usize> = active.iter().filter_map(|a| atoms.get(*a)).map(|a| a.rule).collect();
            rules.dedup();
            budget.charge(rules.len() + width)?;
            cells.push(Cell { case_box, rules });
            continue;
        }
        // A clean cut first: values no active atom links, split apart, slice no atom.
        let clean = open
            .iter()
            .map(|d| (*d, components(&atoms, &active, &case_box, *d)))
            .filter(|(_, parts)| parts.len() > 1)
            .max_by_key(|(d, parts)| (parts.len(), std::cmp::Reverse(*d)));
        if let Some((dimension, parts)) = clean {
            for part in parts.into_iter().rev() {
                let admitting = admitting(&atoms, &active, dimension, &part);
                let mut child = case_box.clone();
                if let Some(slot) = child.get_mut(dimension) {
                    *slot = part;
                }
                stack.push((child, admitting));
            }
            continue;
        }
        // Otherwise the cut that carries the fewest atoms into the children.
        let mut best: Option<(usize, usize, Vec<Group>)> = None;
        for dimension in open {
            let groups = group_values(&atoms, &active, &case_box, dimension);
            let carried: usize = groups.iter().map(|(_, admitting)| admitting.len()).sum();
            if best.as_ref().is_none_or(|(least, _, _)| carried < *least) {
                best = Some((carried, dimension, groups));
            }
        }
        let Some((_, dimension, groups)) = best else {
            continue;
        };
        // Pushed in reverse so that cells come out in value order.
        for (set, admitting) in groups.into_iter().rev() {
            let mut child = case_box.clone();
            if let Some(slot) = child.get_mut(dimension) {
                *slot = set;
            }
            stack.push((child, admitting));
        }
    }
    Ok(cells)
}

/// The values of `dimension` in `case_box` that active atoms link together (an atom links
/// all the values it admits), each linked group a part; values no atom admits form one
/// part of their own. In order of their lowest value.
fn components(atoms: &[Atom<'_>], active: &[usize], case_box: &CaseBox, dimension: usize) -> Vec<ValueSet> {
    let Some(current) = case_box.get(dimension) else {
        return Vec::new();
    };
    let mut parts: Vec<ValueSet> = Vec::new();
    let mut admitted = ValueSet::empty();
    for atom in active.iter().filter_map(|a| atoms.get(*a)) {
        let Some(set) = atom.case_box.get(dimension) else {
            continue;
        };
        let mut joined = set.and(current);
        if joined.is_empty() {
            continue;
        }
        if joined == *current {
            // One atom links every value: one part, and no clean cut.
            return vec![joined];
        }
        // Only values already in a part can join parts: a county-sized dimension whose
        // rules each name their own counties makes thousands of parts, never rescanned.
        if joined.meets(&admitted) {
            parts.retain(|part| {
                if part.meets(&joined) {
                    joined.add(part);
                    false
                } else {
                    true
                }
            });
        }
        admitted.add(&joined);
        parts.push(joined);
    }
    let unadmitted = current.without(&admitted);
    if !unadmitted.is_empty() {
        parts.push(unadmitted);
    }
    parts.sort_unstable_by_key(ValueSet::first);
    parts
}

/// The active atoms that admit some value of `values` on `dimension`.
fn admitting(atoms: &[Atom<'_>], active: &[usize], dimension: usize, values: &ValueSet) -> Vec<usize> {
    active
        .iter()
        .copied()
        .filter(|a| {
            atoms
                .get(*a)
                .and_then(|atom| atom.case_box.get(dimension))
                .is_some_and(|set| set.meets(values))
        })
        .collect()
}

/// Values of one dimension, and the atoms (indices) admitting every one of them.
type Group = (ValueSet, Vec<usize>);

/// The values of `dimension` in `case_box`, grouped by the active atoms admitting them, in
/// value order.
///
/// An atom admitting every value of the box is in every group, and one admitting none in
/// no group: only the others tell values apart, and each of those is read once, value by
/// value of what it admits. The work follows what the rules name, not the size of the
/// dimension times the rules.
fn group_values(atoms: &[Atom<'_>], active: &[usize], case_box: &CaseBox, dimension: usize) -> Vec<Group> {
    let Some(current) = case_box.get(dimension) else {
        return Vec::new();
    };
    let values: Vec<usize> = current.iter().collect();
    let mut everywhere: Vec<usize> = Vec::new();
    let mut admitted_by: Vec<Vec<usize>> = vec![Vec::new(); values.len()];
    for &index in active {
        let Some(set) = atoms.get(index).and_then(|atom| atom.case_box.get(dimension)) else {
            continue;
        };
        if current.within(set) {
            everywhere.push(index);
            continue;
        }
        for value in set.and(current).iter() {
            if let Some(slot) = values.binary_search(&value).ok().and_then(|at| admitted_by.get_mut(at)) {
                slot.push(index);
            }
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: FastMap<&[usize], usize> = FastMap::default();
    for (value, admitting) in values.iter().zip(&admitted_by) {
        match group_of.get(admitting.as_slice()) {
            Some(at) => {
                if let Some(group) = groups.get_mut(*at) {
                    group.0.insert(*value);
                }
            }
            None => {
                group_of.insert(admitting.as_slice(), groups.len());
                groups.push((ValueSet::single(*value), merged(&everywhere, admitting)));
            }
        }
    }
    groups
}

/// Two ascending lists of atoms as one, ascending.
fn merged(one: &[usize], other: &[usize]) -> Vec<usize> {
    let mut all = Vec::with_capacity(one.len() + other.len());
    all.extend_from_slice(one);
    all.extend_from_slice(other);
    all.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value_set::bits;

    #[test]
    fn the_budget_stops_a_cut_into_too_many_cells() {
        // Each rule splits one of 12 two-valued dimensions: 4096 cells.
        let rules: Vec<Vec<CaseBox>> = (0..12)
            .map(|d| vec![(0..12).map(|e| if e == d { bits(0b01) } else { bits(0b11) }).collect()])
            .collect();
        let listed = || rules.iter().enumerate().map(|(i, b)| (i, b.as_slice()));
        assert_eq!(
            partition(&[2; 12], listed(), &mut Budget::of(50_000)),
            Err(TooManyCells)
        );
        assert_eq!(
            partition(&[2; 12], listed(), &mut Budget::of(1_000_000)).map(|c| c.len()),
            Ok(4096)
        );
    }

    #[test]
    fn no_rules_make_one_cell_of_everything() {
        let cells = partition(&[2, 3], std::iter::empty(), &mut Budget::of(100)).unwrap_or_default();
        assert_eq!(
            cells,
            vec![Cell {
                case_box: vec![bits(0b11), bits(0b111)],
                rules: vec![]
            }]
        );
    }

    #[test]
    fn values_named_alike_stay_together() {
        let rule_zero = vec![vec![bits(0b001), bits(0b11)]];
        let rule_one = vec![vec![bits(0b110), bits(0b01)]];
        let cells = partition(
            &[3, 2],
            [(0, rule_zero.as_slice()), (1, rule_one.as_slice())],
            &mut Budget::of(1000),
        )
        .unwrap_or_default();
        assert_eq!(
            cells,
            vec![
                Cell {
                    case_box: vec![bits(0b001), bits(0b11)],
                    rules: vec![0]
                },
                Cell {
                    case_box: vec![bits(0b110), bits(0b01)],
                    rules: vec![1]
                },
                Cell {
                    case_box: vec![bits(0b110), bits(0b10)],
                    rules: vec![]
                },
            ]
        );
    }
}
