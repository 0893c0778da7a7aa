//! Which rule wins where rules overlap.
//!
//! `A 优先于 B` makes A an exception to B: where both apply, A decides. Precedence is
//! transitive (an exception to an exception also beats the rule underneath). `resolve`
//! has already rejected circles, so the relation is a strict order.
//!
//! The transitive closure is kept as interval lists (Agrawal, Borgida and Jagadish,
//! "Efficient management of transitive relationships in large data and knowledge bases",
//! SIGMOD 1989): the rules are numbered in reverse post-order of a depth-first walk along
//! the `优先于` edges, and what a rule beats is a few ranges of those numbers. A chain of
//! sixteen thousand exceptions is then one range per rule, not a hundred million pairs,
//! and a tree of exceptions likewise; what other shapes add is charged to the matter's
//! [`Budget`], like everything the check does.

use crate::boxes::{Budget, TooManyCells};

/// A range of places (inclusive).
type Range = (usize, usize);

pub struct Precedence {
    /// Per rule, its place in the numbering.
    place: Vec<usize>,
    /// Per rule, the places of the rules it beats, as sorted disjoint ranges.
    beats: Vec<Vec<Range>>,
}

/// A cell's rules sorted into those that decide it and those an exception beats.
pub struct Contest {
    pub winners: Vec<usize>,
    /// (beaten rule, one rule of the cell that beats it).
    pub beaten: Vec<(usize, usize)>,
}

impl Precedence {
    pub fn new(overrides: &[Vec<usize>], budget: &mut Budget) -> Result<Self, TooManyCells> {
        let order = post_order(overrides);
        let count = overrides.len();
        let mut place = vec![0; count];
        for (position, rule) in order.iter().rev().enumerate() {
            if let Some(slot) = place.get_mut(*rule) {
                *slot = position;
            }
        }
        // In post-order every rule comes after the rules it overrides: their ranges are
        // ready when it is reached.
        let mut beats: Vec<Vec<Range>> = vec![Vec::new(); count];
        for rule in &order {
            let mut ranges: Vec<Range> = Vec::new();
            for loser in overrides.get(*rule).into_iter().flatten() {
                let at = place.get(*loser).copied().unwrap_or(0);
                ranges.push((at, at));
                ranges.extend(beats.get(*loser).into_iter().flatten().copied());
            }
            budget.charge(ranges.len() + 1)?;
            let merged = merge_ranges(ranges);
            if let Some(slot) = beats.get_mut(*rule) {
                *slot = merged;
            }
        }
        Ok(Precedence { place, beats })
    }

    /// The rules of `active` that no other rule of `active` takes precedence over, and for
    /// each other one a rule of `active` that beats it.
    pub fn contest(&self, active: &[usize], budget: &mut Budget) -> Result<Contest, TooManyCells> {
        // (range of places, the rule of the cell beating them)
        let mut covered: Vec<(Range, usize)> = Vec::new();
        for rule in active {
            for range in self.beats.get(*rule).into_iter().flatten() {
                covered.push((*range, *rule));
            }
        }
        if covered.is_empty() {
            return Ok(Contest {
                winners: active.to_vec(),
                beaten: Vec::new(),
            });
        }
        budget.charge(covered.len() + active.len())?;
        covered.sort_unstable();
        // Disjoint pieces of the union, each credited to one rule that covers it.
        let mut pieces: Vec<(Range, usize)> = Vec::with_capacity(covered.len());
        for ((start, end), by) in covered {
            let from = match pieces.last() {
                Some(((_, last_end), _)) if *last_end >= end => continue,
                Some(((_, last_end), _)) if *last_end >= start => last_end + 1,
                _ => start,
            };
            pieces.push(((from, end), by));
        }
        let mut contest = Contest {
            winners: Vec::new(),
            beaten: Vec::new(),
        };
        for rule in active {
            let at = self.place.get(*rule).copied().unwrap_or(0);
            let piece = pieces.partition_point(|((_, end), _)| *end < at);
            match pieces.get(piece).filter(|((start, _), _)| *start <= at) {
                Some((_, by)) => contest.beaten.push((*rule, *by)),
                None => contest.winners.push(*rule),
            }
        }
        Ok(contest)
    }
}

/// The rules in post-order of a depth-first walk along `overrides` edges from every rule
/// not yet visited, in document order. Iterative: a chain of any length walks on the heap.
fn post_order(overrides: &[Vec<usize>]) -> Vec<usize> {
    let count = overrides.len();
    let mut visited = vec![false; count];
    let mut order = Vec::with_capacity(count);
    // (rule, index of the next edge to follow)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if visited.get(root).copied().unwrap_or(true) {
            continue;
        }
        if let Some(seen) = visited.get_mut(root) {
            *seen = true;
        }
        stack.push((root, 0));
        while let Some((rule, next)) = stack.last_mut() {
            let (rule, edge) = (*rule, *next);
            *next += 1;
            match overrides.get(rule).and_then(|edges| edges.get(edge)) {
                Some(loser) => {
                    if let Some(seen) = visited.get_mut(*loser)
                        && !*seen
                    {
                        *seen = true;
                        stack.push((*loser, 0));
                    }
                }
                None => {
                    order.push(rule);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// Sorted, disjoint ranges covering the same places; adjacent ranges join.
fn merge_ranges(mut ranges: Vec<Range>) -> Vec<Range> {
    ranges.sort_unstable();
    let mut merged: Vec<Range> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some((_, last_end)) if start <= last_end.saturating_add(1) => *last_end = (*last_end).max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::Precedence;
    use crate::boxes::Budget;

    fn precedence(overrides: &[Vec<usize>]) -> Precedence {
        let mut budget = Budget::of(1_000_000);
        match Precedence::new(overrides, &mut budget) {
            Ok(precedence) => precedence,
            Err(_) => Precedence {
                place: Vec::new(),
                beats: Vec::new(),
            },
        }
    }

    fn winners(precedence: &Precedence, active: &[usize]) -> Vec<usize> {
        precedence
            .contest(active, &mut Budget::of(1_000_000))
            .map(|c| c.winners)
            .unwrap_or_default()
    }

    #[test]
    fn precedence_is_transitive() {
        // 2 overrides 1, 1 overrides 0
        let precedence = precedence(&[vec![], vec![0], vec![1]]);
        assert_eq!(winners(&precedence, &[0, 2]), vec![2]);
        assert_eq!(winners(&precedence, &[0, 1, 2]), vec![2]);
        assert_eq!(winners(&precedence, &[0]), vec![0]);
        let contest = precedence.contest(&[0, 2], &mut Budget::of(100));
        assert_eq!(contest.map(|c| c.beaten).unwrap_or_default(), vec![(0, 2)]);
    }

    #[test]
    fn rules_without_a_path_between_them_both_win() {
        // 0 and 1 both override 2; 3 stands alone; 4 overrides 0 and 3
        let precedence = precedence(&[vec![2], vec![2], vec![], vec![], vec![0, 3]]);
        assert_eq!(winners(&precedence, &[0, 1, 2, 3]), vec![0, 1, 3]);
        assert_eq!(winners(&precedence, &[1, 2]), vec![1]);
        assert_eq!(winners(&precedence, &[1, 3, 4]), vec![1, 4]);
        assert_eq!(winners(&precedence, &[2, 4]), vec![4]);
    }

    #[test]
    fn precedence_agrees_with_the_closure_on_every_small_order() {
        // Every order on five rules whose edges go from a later rule to an earlier one
        // (so there is no circle): the ranges answer as the closure computed by hand.
        let pairs: Vec<(usize, usize)> = (0..5).flat_map(|w| (0..w).map(move |l| (w, l))).collect();
        for mask in 0u32..(1 << pairs.len()) {
            let mut overrides = vec![Vec::new(); 5];
            for (bit, (winner, loser)) in pairs.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    overrides[*winner].push(*loser);
                }
            }
            let mut closure = [[false; 5]; 5];
            for winner in 0..5 {
                let mut stack = overrides[winner].clone();
                while let Some(loser) = stack.pop() {
                    if !closure[winner][loser] {
                        closure[winner][loser] = true;
                        stack.extend(overrides[loser].iter().copied());
                    }
                }
            }
            let precedence = precedence(&overrides);
            for active_mask in 1u32..32 {
                let active: Vec<usize> = (0..5).filter(|r| active_mask & (1 << r) != 0).collect();
                let expected: Vec<usize> = active
                    .iter()
                    .copied()
                    .filter(|a| !active.iter().any(|b| closure[*b][*a]))
                    .collect();
                assert_eq!(winners(&precedence, &active), expected, "{overrides:?} {active:?}");
                let contest = precedence.contest(&active, &mut Budget::of(1000));
                for (loser, by) in contest.map(|c| c.beaten).unwrap_or_default() {
                    assert!(closure[by][loser], "{overrides:?}: {by} does not beat {loser}");
                }
            }
        }
    }

    #[test]
    fn a_long_chain_is_one_range_a_rule() {
        // Each rule overrides the one before: 0 ← 1 ← … ← 9999.
        let overrides: Vec<Vec<usize>> = (0..10_000).map(|r| if r == 0 { vec![] } else { vec![r - 1] }).collect();
        let mut budget = Budget::of(40_000);
        let built = Precedence::new(&overrides, &mut budget);
        assert!(built.is_ok(), "a chain costs a few units a rule");
        let precedence = precedence(&overrides);
        assert!(precedence.beats.iter().all(|ranges| ranges.len() <= 1));
        assert_eq!(winners(&precedence, &[0, 5000]), vec![5000]);
        let every: Vec<usize> = (0..10_000).collect();
        assert_eq!(winners(&precedence, &every), vec![9999]);
    }
}
