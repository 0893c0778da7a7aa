//! Which rule wins where rules overlap.
//!
//! `A 优先于 B` makes A an exception to B: where both apply, A decides. Precedence is
//! transitive (an exception to an exception also beats the rule underneath). `resolve`
//! has already rejected circles, so the relation is a strict order.

/// For each rule, the rules it takes precedence over, directly or through others, sorted.
/// Sparse: a plan of ten thousand rules with a handful of exceptions costs a handful of
/// entries, not a ten-thousand-square matrix.
pub struct Precedence {
    beats: Vec<Vec<usize>>,
}

impl Precedence {
    pub fn new(overrides: &[Vec<usize>]) -> Self {
        let beats = (0..overrides.len())
            .map(|winner| {
                // Everything reachable from `winner` along `overrides` edges.
                let mut reached: Vec<usize> = Vec::new();
                let mut stack: Vec<usize> = overrides.get(winner).cloned().unwrap_or_default();
                while let Some(loser) = stack.pop() {
                    if let Err(place) = reached.binary_search(&loser) {
                        reached.insert(place, loser);
                        stack.extend(overrides.get(loser).into_iter().flatten().copied());
                    }
                }
                reached
            })
            .collect();
        Precedence { beats }
    }

    pub fn beats(&self, winner: usize, loser: usize) -> bool {
        self.beats
            .get(winner)
            .is_some_and(|beaten| beaten.binary_search(&loser).is_ok())
    }

    /// The rules of `active` that no other rule of `active` takes precedence over.
    pub fn winners(&self, active: &[usize]) -> Vec<usize> {
        let contested = active
            .iter()
            .any(|rule| self.beats.get(*rule).is_some_and(|b| !b.is_empty()));
        if !contested {
            return active.to_vec();
        }
        active
            .iter()
            .copied()
            .filter(|rule| !active.iter().any(|other| self.beats(*other, *rule)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Precedence;

    #[test]
    fn precedence_is_transitive() {
        // 2 overrides 1, 1 overrides 0
        let precedence = Precedence::new(&[vec![], vec![0], vec![1]]);
        assert!(precedence.beats(2, 0));
        assert_eq!(precedence.winners(&[0, 2]), vec![2]);
        assert_eq!(precedence.winners(&[0]), vec![0]);
    }
}
