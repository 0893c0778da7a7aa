//! Phase 3, check: [`ir::Plan`] → [`Checked`] (findings and the decision table).
//!
//! - [`analysis`] (with [`precedence`], and [`crate::boxes`] for the geometry): the exact case analysis of
//!   each matter — gaps (E0008), conflicts (E0009), redundant overlaps (W0001), shadowed
//!   rules (W0002) — and the table's rows.
//! - [`reaching`]: which rules name cases an ancestor plan keeps above (E0029).
//! - [`findings`]: those results as diagnostics on the drafter's text.
//! - [`delegation`]: spending at another level than the power without a mark (W0003).
//! - [`unused`]: levels and dimensions declared but never used (W0004).
//!
//! The check never fails and never panics on a resolved plan; it only reports.

pub mod analysis;
mod delegation;
mod findings;
mod precedence;
mod reaching;
mod unused;

use crate::boxes::Budget;
use crate::diagnostic::Diagnostic;
use crate::ir::Plan;

pub use analysis::{MatterAnalysis, Row, analyze};

/// The decision rows of one matter (index into `plan.matters`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterTable {
    pub matter: usize,
    pub rows: Vec<Row>,
}

pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub tables: Vec<MatterTable>,
}

pub fn check(plan: &Plan) -> Checked {
    check_sharing(plan, &mut analysis::pool())
}

/// [`check`] drawing on `pool`, an allowance shared with the other parts of the same plan
/// (`compile::stream`), whose fixed part the caller gave once ([`analysis::pool`]).
pub fn check_sharing(plan: &Plan, pool: &mut Budget) -> Checked {
    let mut diagnostics = Vec::new();
    let mut tables = Vec::with_capacity(plan.matters.len());
    for (index, matter) in plan.matters.iter().enumerate() {
        let analysis = analyze(plan, matter, pool);
        findings::report(plan, matter, &analysis, &mut diagnostics);
        tables.push(MatterTable {
            matter: index,
            rows: analysis.rows,
        });
    }
    delegation::report(plan, &mut diagnostics);
    unused::report(plan, &mut diagnostics);
    Checked { diagnostics, tables }
}
