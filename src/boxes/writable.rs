//! Boxes as conditions a drafter can write. A numeric dimension's set may be several runs
//! of pieces — `[0, 10) ∪ (50, ∞)` — which no test can say (`∪` is no syntax, and `或`
//! inside a conjunction would bind wrongly), so such a box is told as one box per run.
//! The one exception is every piece but one point, which reads `投资额 ≠ 30`.

use crate::ir::{CaseBox, ValueSet};
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
        let parts = runs(set);
        if parts.len() < 2 || excluded_point(pieces, set).is_some() {
            continue;
        }
        result = result
            .into_iter()
            .flat_map(|whole| {
                parts.iter().map(move |part| {
                    let mut split = whole.clone();
                    if let Some(slot) = split.get_mut(position) {
                        *slot = part.clone();
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
pub fn excluded_point(pieces: &[Interval], set: &ValueSet) -> Option<Number> {
    let excluded = ValueSet::all(pieces.len()).without(set);
    if excluded.len() != 1 || runs(set).len() < 2 {
        return None;
    }
    let piece = pieces.get(excluded.first()?)?;
    match (piece.lo.value, piece.hi.value) {
        (Some(lo), Some(hi)) if lo == hi => Some(lo),
        _ => None,
    }
}

/// The runs of consecutive members of a set, lowest first.
fn runs(set: &ValueSet) -> Vec<ValueSet> {
    let mut runs: Vec<ValueSet> = Vec::new();
    let mut last: Option<usize> = None;
    for value in set.iter() {
        match runs.last_mut() {
            Some(run) if last == Some(value.wrapping_sub(1)) => run.insert(value),
            _ => runs.push(ValueSet::single(value)),
        }
        last = Some(value);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::pieces;
    use crate::value_set::bits;

    #[test]
    fn runs_are_split_and_one_missing_point_is_kept() {
        assert_eq!(runs(&bits(0b1101_1001)), [bits(0b1), bits(0b1_1000), bits(0b1100_0000)]);
        assert_eq!(runs(&ValueSet::all(200)), [ValueSet::all(200)]);
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
            writable(&vec![bits(0b11), bits(0b11011)], &numeric),
            [vec![bits(0b11), bits(0b11)], vec![bits(0b11), bits(0b11000)]]
        );
        // All but the point 10: one box, `≠ 10`.
        assert_eq!(excluded_point(&cut, &bits(0b11101)), Some(10_000_000));
        assert_eq!(
            writable(&vec![bits(0b1), bits(0b11101)], &numeric),
            [vec![bits(0b1), bits(0b11101)]]
        );
        // All but the last piece is one interval, not `≠`.
        assert_eq!(excluded_point(&cut, &bits(0b01111)), None);
    }
}
