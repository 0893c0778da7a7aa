//! How much work one question about one matter may take.
//!
//! Counting cells alone does not bound the work: a cell carries every rule that covers it,
//! an outcome `按 维度` is split per level, and exceptions are followed through their
//! chains. So every step that costs time or memory is charged here, in units of about one
//! value-set test each, and the question stops with [`TooManyCells`] (E0018) once the
//! allowance is spent. The allowance grows with what the drafter wrote — a fixed part,
//! plus a part per box of every rule and dimension — so that a plan of ten thousand
//! well-formed rules checks in full, while a kilobyte crafted to cut its cases into
//! millions of pieces stops in milliseconds, with memory bounded by the allowance.
//!
//! The fixed part is given once per plan, not once per matter: a plan's matters draw
//! their allowances from one pool ([`Budget::take`]), so a file of a thousand crafted
//! matters costs no more than one.

/// The fixed part of a matter's allowance: some tens of milliseconds of work.
pub const BASE_WORK: usize = 4_000_000;

/// The allowance added per box of a rule, per dimension of the matter (per 64 values of a
/// larger dimension: see [`width`]).
pub const WORK_PER_BOX_AND_DIMENSION: usize = 64;

/// What one value-set test on a box of dimensions of `sizes` values costs: a unit per
/// dimension, or per machine word of a dimension of more than 64 values (a county-sized
/// dimension is 45 words, and so 45 times the work of a small one).
pub fn width(sizes: &[usize]) -> usize {
    sizes.iter().map(|size| size.div_ceil(64).max(1)).sum::<usize>().max(1)
}

/// The work was more than the allowance: the question is too complex to answer here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyCells;

/// What is left of an allowance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    left: usize,
}

impl Budget {
    /// The allowance for rules of `boxes` boxes in all over dimensions of `sizes` values:
    /// the fixed part and [`Budget::for_rules`].
    pub fn scaled(boxes: usize, sizes: &[usize]) -> Self {
        let mut budget = Budget { left: BASE_WORK };
        budget.give_back(Budget::for_rules(boxes, sizes));
        budget
    }

    /// Up to `wanted` of what is left, for one part of the work (a matter); the rest of
    /// this allowance waits for the parts after it.
    pub fn take(&mut self, wanted: &Budget) -> Budget {
        let taken = wanted.left.min(self.left);
        self.left -= taken;
        Budget { left: taken }
    }

    /// What a part did not spend, back to the pool it was taken from.
    pub fn give_back(&mut self, rest: Budget) {
        self.left = self.left.saturating_add(rest.left);
    }

    /// The part of an allowance that grows with the rules: so much per box of a matter's
    /// rules and unit of [`width`], without the fixed part (given once per plan, by the
    /// caller).
    pub fn for_rules(boxes: usize, sizes: &[usize]) -> Self {
        Budget {
            left: boxes
                .saturating_mul(width(sizes))
                .saturating_mul(WORK_PER_BOX_AND_DIMENSION),
        }
    }

    /// An allowance of exactly `units`.
    pub fn of(units: usize) -> Self {
        Budget { left: units }
    }

    /// Spends `units`, or says the allowance is spent.
    pub fn charge(&mut self, units: usize) -> Result<(), TooManyCells> {
        match self.left.checked_sub(units) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(TooManyCells)
            }
        }
    }
}
