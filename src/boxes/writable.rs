//! Boxes as conditions a drafter can write. A numeric dimension's set may be several runs
//! of pieces — `[0, 10) ∪ (50, ∞)` — which no test can say (`∪` is no syntax, and `或`
//! inside a conjunction would bind wrongly), so such a box is told as one box per run.
//! The one exception is every piece but one point, which reads `投资额 ≠ 30`.

use crate::ir::{CaseBox, ValueSet, all_values};
use crate::numeric::{Interval, Number};

/// `case_box` split so that each numeric dimension (`numeric[position]` holds its pieces)
/// admits one run of neighbouring pieces, or all but one point. Listed dimensions are left
/// as they are: `{甲, 乙}` is syntax. The boxes are disjoint, their union is `case_box`,
/// and they come in the order of the pieces.
pub fn writable(case_box: &CaseBox, numeric: &[Option<&[Interval]>]) -> Vec<CaseBox> {
    let mut result = vec![case_box.clone()];
    for (position, set) in case_box.iter().enumerate() {
        let Some(Some(pieces)) = numeric.get(position) else {
            continue;
        };
        let parts = runs(*set);
        if parts.len() < 2 || excluded_point(pieces, *set).is_some() {
            continue;
        }
        result = result
            .into_iter()
            .flat_map(|whole| {
                parts.iter().map(move |part| {
                    let mut split = whole.clone();
                    if let Some(slot) = split.get_mut(position) {
                        *slot = *part;
                    }
                    split
                })
            })
            .collect();
    }
    result
}

/// The number a set of pieces leaves out when it admits every other piece and that one is a
/// single number inside the range (not an end: `(0, ∞)` is one interval and says so).
pub fn excluded_point(pieces: &[Interval], set: ValueSet) -> Option<Number> {
    let excluded = all_values(pieces.len()) & !set;
    if excluded.count_ones() != 1 || runs(set).len() < 2 {
        return None;
    }
    let piece = pieces.get(excluded.trailing_zeros() as usize)?;
    match (piece.lo.value, piece.hi.value) {
        (Some(lo), Some(hi)) if lo == hi => Some(lo),
        _ => None,
    }
}

/// The runs of consecutive members of a set, lowest first.
fn runs(set: ValueSet) -> Vec<ValueSet> {
    let mut runs = Vec::new();
    let mut rest = set;
    while rest != 0 {
        let start = rest.trailing_zeros();
        let length = (rest >> start).trailing_ones();
        let ones = 1u64.checked_shl(length).map_or(ValueSet::MAX, |bit| bit - 1);
        let run = ones << start;
        runs.push(run);
        rest &= !run;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::pieces;

    #[test]
    fn runs_are_split_and_one_missing_point_is_kept() {
        assert_eq!(runs(0b1101_1001), [0b1, 0b1_1000, 0b1100_0000]);
        assert_eq!(runs(ValueSet::MAX), [ValueSet::MAX]);
        // [0, 10) 10 (10, 50) 50 (50, ∞) on [0, ∞)
        let cut = pieces(
            Interval {
                lo: crate::numeric::Bound::at(0, true),
                hi: crate::numeric::Bound::INFINITE,
            },
            &[10_000_000, 50_000_000],
        );
        let numeric = [None, Some(cut.as_slice())];
        // All but (10, 50), on a listed dimension's {0, 1}: two boxes.
        assert_eq!(
            writable(&vec![0b11, 0b11011], &numeric),
            [vec![0b11, 0b11], vec![0b11, 0b11000]]
        );
        // All but the point 10: one box, `≠ 10`.
        assert_eq!(excluded_point(&cut, 0b11101), Some(10_000_000));
        assert_eq!(writable(&vec![0b1, 0b11101], &numeric), [vec![0b1, 0b11101]]);
        // All but the last piece is one interval, not `≠`.
        assert_eq!(excluded_point(&cut, 0b01111), None);
    }
}
