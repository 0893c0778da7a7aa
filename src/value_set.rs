//! A set of values of one dimension: a bit per value index.
//!
//! Most dimensions have a handful of values (levels, a few kinds of case), and the checker
//! spends its time intersecting their sets, so a set of up to 64 values is one machine word
//! kept inline ([`SmallVec`]), with no allocation; a dimension of counties (about 2,800
//! values) takes 45 words on the heap. Every set is kept in one form — no zero word at the
//! end — so that equal sets are equal words, and `Eq`, `Hash` and `Ord` can look at the
//! words alone. Sets are ordered as the numbers their bits write (the order a `u64` mask
//! had), so that anything sorted by sets comes out as before for small dimensions.

use std::cmp::Ordering;
use std::fmt;

use smallvec::SmallVec;

const WORD: usize = 64;

#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct ValueSet {
    /// Bit `i % 64` of word `i / 64` is value `i`. No zero word at the end.
    words: SmallVec<[u64; 1]>,
}

impl ValueSet {
    /// No value.
    pub fn empty() -> Self {
        ValueSet::default()
    }

    /// Every value of a dimension with `count` values.
    pub fn all(count: usize) -> Self {
        let mut words: SmallVec<[u64; 1]> = SmallVec::from_elem(u64::MAX, count / WORD);
        if !count.is_multiple_of(WORD) {
            words.push((1u64 << (count % WORD)) - 1);
        }
        ValueSet { words }
    }

    /// Value `index` alone.
    pub fn single(index: usize) -> Self {
        let mut set = ValueSet::empty();
        set.insert(index);
        set
    }

    pub fn insert(&mut self, index: usize) {
        let word = index / WORD;
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        if let Some(slot) = self.words.get_mut(word) {
            *slot |= 1u64 << (index % WORD);
        }
    }

    pub fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / WORD)
            .is_some_and(|word| word & (1u64 << (index % WORD)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.words.iter().map(|word| word.count_ones() as usize).sum()
    }

    /// The lowest value, if any.
    pub fn first(&self) -> Option<usize> {
        self.words
            .iter()
            .position(|word| *word != 0)
            .and_then(|at| Some(at * WORD + self.words.get(at)?.trailing_zeros() as usize))
    }

    /// The values, lowest first.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(at, word)| {
            let mut rest = *word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(at * WORD + bit)
            })
        })
    }

    /// The values in both.
    pub fn and(&self, other: &ValueSet) -> ValueSet {
        let mut words: SmallVec<[u64; 1]> = self.words.iter().zip(&other.words).map(|(a, b)| a & b).collect();
        trim(&mut words);
        ValueSet { words }
    }

    /// The values in either.
    pub fn or(&self, other: &ValueSet) -> ValueSet {
        let mut union = self.clone();
        union.add(other);
        union
    }

    /// The values of `self` not in `other`.
    pub fn without(&self, other: &ValueSet) -> ValueSet {
        let mut words: SmallVec<[u64; 1]> = self
            .words
            .iter()
            .enumerate()
            .map(|(at, a)| a & !other.words.get(at).copied().unwrap_or(0))
            .collect();
        trim(&mut words);
        ValueSet { words }
    }

    /// Adds every value of `other`.
    pub fn add(&mut self, other: &ValueSet) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (slot, word) in self.words.iter_mut().zip(&other.words) {
            *slot |= word;
        }
    }

    /// Keeps only the values also in `other`.
    pub fn keep(&mut self, other: &ValueSet) {
        self.words.truncate(other.words.len());
        for (slot, word) in self.words.iter_mut().zip(&other.words) {
            *slot &= word;
        }
        trim(&mut self.words);
    }

    /// Whether a value is in both.
    pub fn meets(&self, other: &ValueSet) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// Whether every value of `self` is in `other`.
    pub fn within(&self, other: &ValueSet) -> bool {
        self.words.len() <= other.words.len() && self.words.iter().zip(&other.words).all(|(a, b)| a & !b == 0)
    }

    /// How many machine words the set holds: the cost of one operation on it.
    pub fn words(&self) -> usize {
        self.words.len()
    }
}

impl FromIterator<usize> for ValueSet {
    fn from_iter<I: IntoIterator<Item = usize>>(indices: I) -> Self {
        let mut set = ValueSet::empty();
        for index in indices {
            set.insert(index);
        }
        set
    }
}

/// The set whose bits `mask` writes (value `i` is bit `i`): small sets in tests.
#[cfg(test)]
pub fn bits(mask: u64) -> ValueSet {
    (0..64).filter(|bit| mask & (1u64 << bit) != 0).collect()
}

/// Drops the zero words at the end: the one form of every set.
fn trim(words: &mut SmallVec<[u64; 1]>) {
    while words.last() == Some(&0) {
        words.pop();
    }
}

impl Ord for ValueSet {
    /// As the numbers the bits write: more words is larger, then from the highest word down.
    fn cmp(&self, other: &Self) -> Ordering {
        self.words
            .len()
            .cmp(&other.words.len())
            .then_with(|| self.words.iter().rev().cmp(other.words.iter().rev()))
    }
}

impl PartialOrd for ValueSet {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for ValueSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::ValueSet;

    #[test]
    fn sets_past_one_word_keep_their_values() {
        let set: ValueSet = [0, 63, 64, 2_999].into_iter().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 63, 64, 2_999]);
        assert_eq!(set.len(), 4);
        assert_eq!(set.first(), Some(0));
        assert!(set.contains(2_999) && !set.contains(2_998) && !set.contains(100_000));
        assert_eq!(ValueSet::all(3_000).len(), 3_000);
        assert_eq!(ValueSet::all(128).words(), 2);
    }

    #[test]
    fn one_set_has_one_form() {
        let high = ValueSet::single(200);
        let low = ValueSet::single(3);
        assert_eq!(high.and(&low), ValueSet::empty());
        assert!(high.and(&low).is_empty());
        assert_eq!(high.or(&low).without(&high), low);
        let mut kept = high.or(&low);
        kept.keep(&low);
        assert_eq!(kept, low);
        assert_eq!(ValueSet::all(64).without(&ValueSet::all(64)), ValueSet::empty());
    }

    #[test]
    fn tests_between_sets() {
        let all = ValueSet::all(100);
        let some: ValueSet = [5, 70].into_iter().collect();
        assert!(some.within(&all) && !all.within(&some));
        assert!(some.meets(&all) && !some.meets(&ValueSet::single(6)));
        assert!(ValueSet::empty().within(&some));
    }

    #[test]
    fn sets_order_as_the_numbers_their_bits_write() {
        let mut sets = vec![
            ValueSet::single(64),
            ValueSet::single(1),
            ValueSet::all(2),
            ValueSet::empty(),
        ];
        sets.sort();
        assert_eq!(
            sets,
            [
                ValueSet::empty(),
                ValueSet::single(1),
                ValueSet::all(2),
                ValueSet::single(64)
            ]
        );
    }
}
