//! Merging disjoint boxes into fewer, larger ones, so that a drafter reads few, large
//! regions: `范围 = 盟市` rather than `范围 = 盟市 ∧ 影响 = 一般` plus `范围 = 盟市 ∧ 影响 = 全区重大`.

use super::FastMap;

use crate::ir::{CaseBox, ValueSet};

/// Merges pairwise-disjoint boxes: two boxes equal in every dimension but one become one
/// box with the union of that dimension's sets. Repeated until nothing merges. The union of
/// the result is the union of the input, and the result stays disjoint. The order is
/// deterministic: a merged box takes the place of its first part.
pub fn merge(mut boxes: Vec<CaseBox>) -> Vec<CaseBox> {
    let dimensions = boxes.first().map_or(0, Vec::len);
    loop {
        let before = boxes.len();
        for dimension in 0..dimensions {
            boxes = merge_along(boxes, dimension);
        }
        if boxes.len() == before {
            return boxes;
        }
    }
}

fn merge_along(boxes: Vec<CaseBox>, dimension: usize) -> Vec<CaseBox> {
    let mut merged: Vec<CaseBox> = Vec::with_capacity(boxes.len());
    let mut index_of: FastMap<CaseBox, usize> = FastMap::default();
    for case_box in boxes {
        // The box with this dimension blanked out: boxes sharing it differ only here.
        let mut key = case_box.clone();
        if let Some(slot) = key.get_mut(dimension) {
            *slot = ValueSet::empty();
        }
        match index_of.get(&key).and_then(|i| merged.get_mut(*i)) {
            Some(existing) => {
                if let (Some(slot), Some(set)) = (existing.get_mut(dimension), case_box.get(dimension)) {
                    slot.add(set);
                }
            }
            None => {
                index_of.insert(key, merged.len());
                merged.push(case_box);
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::merge;
    use crate::value_set::bits;

    #[test]
    fn merges_boxes_differing_in_one_dimension() {
        let boxes = vec![
            vec![bits(0b01), bits(0b01)],
            vec![bits(0b01), bits(0b10)],
            vec![bits(0b10), bits(0b11)],
        ];
        assert_eq!(merge(boxes), vec![vec![bits(0b11), bits(0b11)]]);
    }

    #[test]
    fn keeps_boxes_differing_in_two_dimensions() {
        let boxes = vec![vec![bits(0b01), bits(0b01)], vec![bits(0b10), bits(0b10)]];
        assert_eq!(merge(boxes.clone()), boxes);
    }
}
