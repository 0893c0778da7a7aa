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
pub use unused::Usage;

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
    let mut usage = Usage::new(plan);
    let mut checked = check_part(plan, &mut analysis::pool(), &mut usage);
    usage.report(plan, &mut checked.diagnostics);
    checked
}

/// [`check`] of one part of a plan (`compile::stream`): its work drawn from `pool`, an
/// allowance shared with the other parts, whose fixed part the caller gave once
/// ([`analysis::pool`]); what it uses added to `usage`, which the caller reports once
/// every part is checked (W0004).
pub fn check_part(plan: &Plan, pool: &mut Budget, usage: &mut Usage) -> Checked {
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
    usage.add(plan);
    Checked { diagnostics, tables }
}
