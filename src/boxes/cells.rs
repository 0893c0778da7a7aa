//! The case space of a matter, cut into cells that no rule boundary crosses.
//!
//! Every rule names a union of boxes (one value set per dimension). Dimension by
//! dimension, the values of the current box are grouped by which boxes ("atoms") admit
//! them; each group becomes one child box, and only the atoms admitting the group go on
//! to the next dimension. At the last dimension every box is a cell whose cases are all
//! named by exactly the same rules. Values that behave alike are never separated, so the
//! number of cells follows the number of distinct rule boundaries, not the product of the
//! dimensions' sizes. This is the per-dimension sweep of Calvanese, Dumas, Laurson,
//! Maggi, Montali and Teinemaa, "Semantics and Analysis of DMN Decision Tables" (BPM
//! 2016), specialised to finite value sets.
//!
//! The walk uses an explicit stack, so no input can make it recurse deeply.

use std::collections::HashMap;

use crate::ir::{CaseBox, ValueSet, all_values};

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

/// At most this many cells are made for one matter. Rules that cut a matter into more
/// pieces than this (adversarial input, or a plan no one could read) stop the analysis
/// with a diagnostic instead of exhausting memory or time.
pub const MAX_CELLS: usize = 1_000_000;

/// The cell budget was exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyCells;

/// Cuts the space of `sizes` (values per dimension) into cells, for rules given as
/// `(rule index, boxes)`. The cells are disjoint and together cover every case. Stops
/// with [`TooManyCells`] past `budget` cells.
pub fn partition<'r>(
    sizes: &[usize],
    rules: impl IntoIterator<Item = (usize, &'r [CaseBox])>,
    budget: usize,
) -> Result<Vec<Cell>, TooManyCells> {
    let atoms: Vec<Atom<'r>> = rules
        .into_iter()
        .flat_map(|(rule, boxes)| boxes.iter().map(move |case_box| Atom { rule, case_box }))
        .filter(|atom| atom.case_box.iter().all(|set| *set != 0))
        .collect();
    let full: Vec<ValueSet> = sizes.iter().map(|size| all_values(*size)).collect();

    let mut cells = Vec::new();
    // (depth, box so far, atoms admitting every case of it)
    let mut stack: Vec<(usize, CaseBox, Vec<usize>)> = vec![(0, full.clone(), (0..atoms.len()).collect())];
    while let Some((depth, case_box, active)) = stack.pop() {
        // Nothing below this depth tells the active atoms apart: one cell.
        let undivided = active.iter().all(|a| {
            atoms
                .get(*a)
                .is_some_and(|atom| (depth..sizes.len()).all(|d| atom.case_box.get(d) == full.get(d)))
        });
        if depth >= sizes.len() || undivided {
            let mut rules: Vec<usize> = active.iter().filter_map(|a| atoms.get(*a)).map(|a| a.rule).collect();
            rules.dedup();
            cells.push(Cell { case_box, rules });
            if cells.len() > budget {
                return Err(TooManyCells);
            }
            continue;
        }
        let size = sizes.get(depth).copied().unwrap_or(0);
        let current = case_box.get(depth).copied().unwrap_or(0);
        // Group the values of this dimension by the atoms that admit them, in value order.
        let mut groups: Vec<(ValueSet, Vec<usize>)> = Vec::new();
        let mut group_of: HashMap<Vec<usize>, usize> = HashMap::new();
        for value in (0..size.min(64)).filter(|v| current & (1u64 << v) != 0) {
            let bit = 1u64 << value;
            let admitting: Vec<usize> = active
                .iter()
                .copied()
                .filter(|a| {
                    atoms
                        .get(*a)
                        .is_some_and(|atom| atom.case_box.get(depth).is_some_and(|s| s & bit != 0))
                })
                .collect();
            match group_of.get(&admitting) {
                Some(index) => {
                    if let Some(group) = groups.get_mut(*index) {
                        group.0 |= bit;
                    }
                }
                None => {
                    group_of.insert(admitting.clone(), groups.len());
                    groups.push((bit, admitting));
                }
            }
        }
        // Pushed in reverse so that cells come out in value order.
        for (set, admitting) in groups.into_iter().rev() {
            let mut child = case_box.clone();
            if let Some(slot) = child.get_mut(depth) {
                *slot = set;
            }
            stack.push((depth + 1, child, admitting));
        }
        if stack.len() > budget {
            return Err(TooManyCells);
        }
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_stops_a_cut_into_too_many_cells() {
        // Each rule splits one of 12 two-valued dimensions: 4096 cells.
        let rules: Vec<Vec<CaseBox>> = (0..12)
            .map(|d| vec![(0..12).map(|e| if e == d { 0b01 } else { 0b11 }).collect()])
            .collect();
        let listed = || rules.iter().enumerate().map(|(i, b)| (i, b.as_slice()));
        assert_eq!(partition(&[2; 12], listed(), 1000), Err(TooManyCells));
        assert_eq!(partition(&[2; 12], listed(), 5000).map(|c| c.len()), Ok(4096));
    }

    #[test]
    fn no_rules_make_one_cell_of_everything() {
        let cells = partition(&[2, 3], std::iter::empty(), MAX_CELLS).unwrap_or_default();
        assert_eq!(
            cells,
            vec![Cell {
                case_box: vec![0b11, 0b111],
                rules: vec![]
            }]
        );
    }

    #[test]
    fn values_named_alike_stay_together() {
        let rule_zero = vec![vec![0b001, 0b11]];
        let rule_one = vec![vec![0b110, 0b01]];
        let cells = partition(
            &[3, 2],
            [(0, rule_zero.as_slice()), (1, rule_one.as_slice())],
            MAX_CELLS,
        )
        .unwrap_or_default();
        assert_eq!(
            cells,
            vec![
                Cell {
                    case_box: vec![0b001, 0b11],
                    rules: vec![0]
                },
                Cell {
                    case_box: vec![0b110, 0b01],
                    rules: vec![1]
                },
                Cell {
                    case_box: vec![0b110, 0b10],
                    rules: vec![]
                },
            ]
        );
    }
}
