//! The case analysis of one matter: gaps, conflicts, redundant overlaps, shadowed rules,
//! and the disjoint rows of its decision table. Exact: every case of the matter lies in
//! exactly one cell (see [`boxes`](crate::boxes)), and each cell is judged as a whole.

use super::precedence::Precedence;
use super::reaching::{FreeCell, KeptCell, explicitly_named};
use crate::boxes::merge;
use crate::boxes::{BASE_WORK, Budget, FastMap, TooManyCells, partition};
use crate::ir::{CaseBox, LevelRef, Matter, Outcome, Plan, Power, Spending, ValueSet};

/// What the analysis found in one matter. Rules are indices into `matter.rules`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatterAnalysis {
    /// Cases no rule decides (and no `otherwise` rule takes), merged into few boxes.
    pub gaps: Vec<CaseBox>,
    /// Rules that decide the same cases differently, none an exception of another.
    pub conflicts: Vec<Overlap>,
    /// Rules that decide the same cases alike, none an exception of another.
    pub redundancies: Vec<Overlap>,
    /// Rules that never decide a case.
    pub shadowed: Vec<Shadowed>,
    /// The decision table: disjoint rows covering every decided case.
    pub rows: Vec<Row>,
    /// The analysis took more work than the matter's [`Budget`] allows (its rules cut it
    /// too finely): not analysed.
    pub too_complex: bool,
    /// Rules whose condition names cases the parent plan keeps at a higher level
    /// ([`Matter::kept_above`]) explicitly (see [`super::reaching`]): (rule, index into
    /// `kept_above`, the cases).
    pub reaching_above: Vec<ReachingAbove>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReachingAbove {
    pub rule: usize,
    pub kept: usize,
    pub boxes: Vec<CaseBox>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub rules: Vec<usize>,
    pub boxes: Vec<CaseBox>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadowed {
    pub rule: usize,
    /// The rules that take precedence over it wherever it applies (empty when the rule
    /// names no case at all, or is an `otherwise` rule that other rules leave no room for).
    pub by: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub case_box: CaseBox,
    /// The outcome with every `按 维度` replaced by the level of the row's case.
    pub outcome: Outcome,
    /// The rules that decide the row: one, or several that agree.
    pub rules: Vec<usize>,
}

/// The analysis of one matter, its work taken from `pool`, the plan's allowance
/// (boxes::Budget): what the drafter wrote sets how much work it may take.
///
/// The pool holds the plan's fixed part once; each matter adds the part its own rules
/// bring before taking its allowance, so a plan checked whole and one checked part by
/// part (`compile::stream`) allow every matter the same work.
pub fn analyze(plan: &Plan, matter: &Matter, pool: &mut Budget) -> MatterAnalysis {
    let sizes = sizes(plan, matter);
    pool.give_back(Budget::for_rules(written(matter), &sizes));
    let mut budget = pool.take(&Budget::scaled(written(matter), &sizes));
    let analysis = analyze_within(matter, &sizes, &mut budget).unwrap_or_else(|TooManyCells| MatterAnalysis {
        too_complex: true,
        ..MatterAnalysis::default()
    });
    pool.give_back(budget);
    analysis
}

/// A plan's pool: the fixed part of the allowance, once (each matter adds its own part).
pub fn pool() -> Budget {
    Budget::of(BASE_WORK)
}

fn sizes(plan: &Plan, matter: &Matter) -> Vec<usize> {
    matter
        .dimensions
        .iter()
        .map(|d| plan.dimension(*d).map_or(0, |d| d.values.len()))
        .collect()
}

/// The boxes the drafter wrote for a matter (one per `或` alternative of each rule), and
/// the cases kept above that take part in its partition.
fn written(matter: &Matter) -> usize {
    matter.rules.iter().map(|rule| rule.region.len()).sum::<usize>() + matter.kept_above.len()
}

fn analyze_within(matter: &Matter, sizes: &[usize], budget: &mut Budget) -> Result<MatterAnalysis, TooManyCells> {
    let ordinary = matter
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| !rule.otherwise)
        .map(|(index, rule)| (index, rule.region.as_slice()));
    // Cases an ancestor plan keeps above this plan's levels take part in the partition as
    // pseudo-rules numbered after the real ones, so that no cell straddles their edge.
    let kept_base = matter.rules.len();
    let kept = matter
        .kept_above
        .iter()
        .enumerate()
        .map(|(index, kept)| (kept_base + index, std::slice::from_ref(&kept.case_box)));
    let ordinary = ordinary.chain(kept);
    let otherwise = matter.rules.iter().position(|rule| rule.otherwise);
    let overrides: Vec<Vec<usize>> = matter.rules.iter().map(|rule| rule.overrides.clone()).collect();
    let precedence = Precedence::new(&overrides, budget)?;

    let cells = partition(sizes, ordinary, budget)?;
    let mut tally = Tally::new(matter.rules.len());
    // Kept as they go by, for the question of which rules name kept cases explicitly.
    let mut kept_cells: Vec<KeptCell> = Vec::new();
    let mut free_cells: Vec<FreeCell> = Vec::new();
    for cell in cells {
        // Kept above: not this plan's case. No gap here, the residual (`其余`) does not
        // reach here, and no rule decides it: a rule's region is only what the parent
        // gives this plan. Whether a rule names it explicitly (E0029) is asked below.
        if let Some(kept) = cell.rules.iter().find(|r| **r >= kept_base) {
            let rules: Vec<usize> = cell.rules.iter().copied().filter(|r| *r < kept_base).collect();
            if !rules.is_empty() {
                kept_cells.push(KeptCell {
                    case_box: cell.case_box,
                    kept: kept - kept_base,
                    rules,
                });
            }
            continue;
        }
        if !matter.kept_above.is_empty() && !cell.rules.is_empty() {
            free_cells.push(FreeCell {
                case_box: cell.case_box.clone(),
                rules: cell.rules.clone(),
            });
        }
        if cell.rules.is_empty() {
            match otherwise {
                Some(rule) => tally.decided(matter, &[rule], &cell.case_box, budget)?,
                None => tally.gaps.push(cell.case_box),
            }
            continue;
        }
        let contest = precedence.contest(&cell.rules, budget)?;
        for (loser, winner) in contest.beaten {
            if let Some(by) = tally.beaten_by.get_mut(loser) {
                by.push(winner);
            }
        }
        tally.decided(matter, &contest.winners, &cell.case_box, budget)?;
    }
    for (rule, kept, case_box) in explicitly_named(matter, sizes, &kept_cells, &free_cells, budget)? {
        tally.reaching_above.add((rule, kept), case_box);
        // Reported as E0029, not also as a rule that never applies.
        if let Some(slot) = tally.used.get_mut(rule) {
            *slot = true;
        }
    }
    Ok(tally.finish())
}

struct Tally {
    gaps: Vec<CaseBox>,
    conflicts: Grouped<Vec<usize>>,
    redundancies: Grouped<Vec<usize>>,
    rows: Grouped<(Vec<usize>, Outcome)>,
    reaching_above: Grouped<(usize, usize)>,
    /// Per rule: does it decide (or help decide) some case?
    used: Vec<bool>,
    /// Per rule: the rules that beat it where it applies.
    beaten_by: Vec<Vec<usize>>,
}

impl Tally {
    fn new(rules: usize) -> Self {
        Tally {
            gaps: Vec::new(),
            conflicts: Grouped::default(),
            redundancies: Grouped::default(),
            rows: Grouped::default(),
            reaching_above: Grouped::default(),
            used: vec![false; rules],
            beaten_by: vec![Vec::new(); rules],
        }
    }

    /// `winners` decide the cell: a row if they agree on every case, a conflict where not.
    /// An outcome `按 维度` is judged level by level: each piece is charged to `budget`, so
    /// that levels × cells cannot grow past the matter's allowance.
    fn decided(
        &mut self,
        matter: &Matter,
        winners: &[usize],
        case_box: &CaseBox,
        budget: &mut Budget,
    ) -> Result<(), TooManyCells> {
        for rule in winners {
            if let Some(slot) = self.used.get_mut(*rule) {
                *slot = true;
            }
        }
        let outcomes: Vec<&Outcome> = winners
            .iter()
            .filter_map(|r| matter.rules.get(*r))
            .map(|r| &r.outcome)
            .collect();
        let mut split_along: Vec<usize> = outcomes.iter().flat_map(|o| dimensions_used(o)).collect();
        split_along.sort_unstable();
        split_along.dedup();
        let pieces = split_along
            .iter()
            .map(|d| case_box.get(*d).map_or(1, ValueSet::len))
            .fold(1usize, usize::saturating_mul);
        // A piece is kept (a row or a conflict with its box, rules and outcome, some hundreds
        // of bytes): charged by its size, four units a word, so that the allowance bounds
        // memory too.
        budget.charge(
            pieces
                .saturating_mul(case_box.len() + winners.len())
                .saturating_mul(4)
                .max(winners.len()),
        )?;
        for piece in split(case_box, &split_along) {
            let concrete: Vec<Outcome> = outcomes.iter().map(|o| concretize(o, &piece)).collect();
            let agreed = concrete.first().filter(|first| concrete.iter().all(|o| o == *first));
            match agreed {
                Some(outcome) => {
                    if winners.len() > 1 {
                        self.redundancies.add(winners.to_vec(), piece.clone());
                    }
                    self.rows.add((winners.to_vec(), outcome.clone()), piece);
                }
                None => self.conflicts.add(winners.to_vec(), piece),
            }
        }
        Ok(())
    }

    fn finish(self) -> MatterAnalysis {
        let mut shadowed = Vec::new();
        for (rule, used) in self.used.iter().enumerate() {
            if *used {
                continue;
            }
            let mut by = self.beaten_by.get(rule).cloned().unwrap_or_default();
            by.sort_unstable();
            by.dedup();
            shadowed.push(Shadowed { rule, by });
        }
        let mut rows: Vec<Row> = self
            .rows
            .into_merged()
            .into_iter()
            .flat_map(|((rules, outcome), boxes)| {
                boxes.into_iter().map(move |case_box| Row {
                    case_box,
                    outcome: outcome.clone(),
                    rules: rules.clone(),
                })
            })
            .collect();
        // Document order: by the first deciding rule; ties keep the order of the cells.
        rows.sort_by_key(|row| row.rules.first().copied().unwrap_or(usize::MAX));
        MatterAnalysis {
            gaps: merge(self.gaps),
            conflicts: overlaps(self.conflicts),
            redundancies: overlaps(self.redundancies),
            shadowed,
            rows,
            too_complex: false,
            reaching_above: self
                .reaching_above
                .into_merged()
                .into_iter()
                .map(|((rule, kept), boxes)| ReachingAbove { rule, kept, boxes })
                .collect(),
        }
    }
}

fn overlaps(grouped: Grouped<Vec<usize>>) -> Vec<Overlap> {
    grouped
        .into_merged()
        .into_iter()
        .map(|(rules, boxes)| Overlap { rules, boxes })
        .collect()
}

/// Boxes gathered under a key, keys kept in first-seen order.
struct Grouped<K> {
    keys: Vec<K>,
    boxes: Vec<Vec<CaseBox>>,
    index: FastMap<K, usize>,
}

impl<K> Default for Grouped<K> {
    fn default() -> Self {
        Grouped {
            keys: Vec::new(),
            boxes: Vec::new(),
            index: FastMap::default(),
        }
    }
}

impl<K: Clone + Eq + std::hash::Hash> Grouped<K> {
    fn add(&mut self, key: K, case_box: CaseBox) {
        match self.index.get(&key).and_then(|i| self.boxes.get_mut(*i)) {
            Some(boxes) => boxes.push(case_box),
            None => {
                self.index.insert(key.clone(), self.keys.len());
                self.keys.push(key);
                self.boxes.push(vec![case_box]);
            }
        }
    }

    fn into_merged(self) -> Vec<(K, Vec<CaseBox>)> {
        self.keys.into_iter().zip(self.boxes.into_iter().map(merge)).collect()
    }
}

/// The matter's dimension positions an outcome takes its level from.
fn dimensions_used(outcome: &Outcome) -> Vec<usize> {
    let mut used = Vec::new();
    if let Outcome::Assign { power, spending, .. } = outcome {
        if let Power::One(LevelRef::ByDimension(position)) = power {
            used.push(*position);
        }
        if let Spending::Level(LevelRef::ByDimension(position)) = spending {
            used.push(*position);
        }
    }
    used
}

/// The box cut into one box per value along each of `dimensions`.
fn split(case_box: &CaseBox, dimensions: &[usize]) -> Vec<CaseBox> {
    let mut pieces = vec![case_box.clone()];
    for dimension in dimensions {
        pieces = pieces
            .into_iter()
            .flat_map(|piece| {
                let values: Vec<usize> = piece
                    .get(*dimension)
                    .map(|set| set.iter().collect())
                    .unwrap_or_default();
                values.into_iter().map(move |value| {
                    let mut single = piece.clone();
                    if let Some(slot) = single.get_mut(*dimension) {
                        *slot = ValueSet::single(value);
                    }
                    single
                })
            })
            .collect();
    }
    pieces
}

/// The outcome with `按 维度` replaced by the level that is the piece's (single) value of
/// that dimension. Level-valued dimensions list the levels in order, so the value's index
/// is the level's.
fn concretize(outcome: &Outcome, piece: &CaseBox) -> Outcome {
    let level = |reference: LevelRef| match reference {
        LevelRef::ByDimension(position) => {
            // A piece's set is never empty; were it so, the level would be none of the plan's.
            LevelRef::Level(piece.get(position).and_then(ValueSet::first).unwrap_or(usize::MAX))
        }
        fixed => fixed,
    };
    match outcome {
        Outcome::Assign { power, spending, mark } => Outcome::Assign {
            power: match power {
                Power::One(reference) => Power::One(level(*reference)),
                joint => joint.clone(),
            },
            spending: match spending {
                Spending::Level(reference) => Spending::Level(level(*reference)),
                shares => shares.clone(),
            },
            mark: *mark,
        },
        tbd => tbd.clone(),
    }
}
