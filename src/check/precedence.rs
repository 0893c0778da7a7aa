//! Which rule wins where rules overlap.
//!
//! `A 优先于 B` makes A an exception to B: where both apply, A decides. Precedence is
//! transitive (an exception to an exception also beats the rule underneath). `resolve`
//! has already rejected circles, so the relation is a strict order.

/// For each rule, the rules it takes precedence over, directly or through others.
pub struct Precedence {
    beats: Vec<Vec<bool>>,
}

impl Precedence {
    pub fn new(overrides: &[Vec<usize>]) -> Self {
        let count = overrides.len();
        let mut beats = vec![vec![false; count]; count];
        for (winner, row) in beats.iter_mut().enumerate() {
            // Everything reachable from `winner` along `overrides` edges.
            let mut stack: Vec<usize> = overrides.get(winner).cloned().unwrap_or_default();
            while let Some(loser) = stack.pop() {
                match row.get_mut(loser) {
                    Some(seen) if !*seen => {
                        *seen = true;
                        stack.extend(overrides.get(loser).into_iter().flatten().copied());
                    }
                    _ => {}
                }
            }
        }
        Precedence { beats }
    }

    pub fn beats(&self, winner: usize, loser: usize) -> bool {
        self.beats
            .get(winner)
            .and_then(|r| r.get(loser))
            .copied()
            .unwrap_or(false)
    }

    /// The rules of `active` that no other rule of `active` takes precedence over.
    pub fn winners(&self, active: &[usize]) -> Vec<usize> {
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
