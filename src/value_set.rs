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

#[derive(Default, PartialEq, Eq)]
pub struct ValueSet {
    /// Bit `i % 64` of word `i / 64` is value `i`. No zero word at the end.
    words: SmallVec<[u64; 1]>,
}

/// A copy of the words at once: SmallVec's own `clone` goes through an iterator a word
/// at a time, and the checker clones a set for every box it cuts (a tenth of a 10,000-rule
/// check's instructions went there, BENCHMARKS.md).
impl Clone for ValueSet {
    #[inline]
    fn clone(&self) -> Self {
        ValueSet {
            words: SmallVec::from_slice(&self.words),
        }
    }
}

/// Each word as a whole number (a hasher's `write_u64`), not the words as bytes, as the
/// derived hash would write them: the checker hashes a box of sets for every box it
/// merges ([`crate::boxes::FastMap`]). Equal sets have equal words (one form), so equal
/// sets hash alike.
impl std::hash::Hash for ValueSet {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.words.as_slice() {
            [] => state.write_u64(0),
            [word] => state.write_u64(*word),
            words => {
                state.write_usize(words.len());
                words.iter().for_each(|word| state.write_u64(*word));
            }
        }
    }
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

    /// The set of a dimension's first 64 values whose bits `word` writes: one word, held
    /// inline (the common case, taken before the general loops of `and` and `without`).
    #[inline]
    fn of_word(word: u64) -> Self {
        match word {
            0 => ValueSet::empty(),
            _ => ValueSet {
                words: SmallVec::from_buf([word]),
            },
        }
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

    #[inline]
    pub fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / WORD)
            .is_some_and(|word| word & (1u64 << (index % WORD)) != 0)
    }

    #[inline]
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
    #[inline]
    pub fn and(&self, other: &ValueSet) -> ValueSet {
        if let ([a], [b]) = (self.words.as_slice(), other.words.as_slice()) {
            return ValueSet::of_word(a & b);
        }
        let mut words: SmallVec<[u64; 1]> = self.words.iter().zip(&other.words).map(|(a, b)| a & b).collect();
        trim(&mut words);
        ValueSet { words }
    }

    /// The values in either.
    #[inline]
    pub fn or(&self, other: &ValueSet) -> ValueSet {
        let mut union = self.clone();
        union.add(other);
        union
    }

    /// The values of `self` not in `other`.
    #[inline]
    pub fn without(&self, other: &ValueSet) -> ValueSet {
        if let ([a], [b]) = (self.words.as_slice(), other.words.as_slice()) {
            return ValueSet::of_word(a & !b);
        }
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
    #[inline]
    pub fn add(&mut self, other: &ValueSet) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (slot, word) in self.words.iter_mut().zip(&other.words) {
            *slot |= word;
        }
    }

    /// Keeps only the values also in `other`.
    #[inline]
    pub fn keep(&mut self, other: &ValueSet) {
        self.words.truncate(other.words.len());
        for (slot, word) in self.words.iter_mut().zip(&other.words) {
            *slot &= word;
        }
        trim(&mut self.words);
    }

    /// Whether a value is in both.
    #[inline]
    pub fn meets(&self, other: &ValueSet) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// Whether every value of `self` is in `other`.
    #[inline]
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
