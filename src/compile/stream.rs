//! [`stream`]: a plan checked part by part, its table rows handed on as each part is
//! checked, so that no more than one part's matters are ever held.

use super::parts::{Chains, Unique, prepare};
use crate::check::{self, MatterTable};
use crate::diagnostic::Diagnostic;
use crate::ir::Plan;
use crate::resolve::Declared;
use crate::span::FileId;
use crate::syntax;

/// What [`stream`] found in a whole plan.
pub struct Streamed {
    /// In the order of their place in the file, as [`super::compile`] gives them.
    pub diagnostics: Vec<Diagnostic>,
    pub matters: usize,
    pub rules: usize,
}

/// Compiles a plan item by item, for plans too large to hold whole: the declarations
/// (header, levels, dimensions, catch-all) are read and resolved first; then each matter,
/// or section of matters, is parsed, resolved and checked on its own against them, handed
/// to `sink` with its table rows, and dropped. Peak memory is the file plus one item, not
/// pest's tokens and the syntax tree of the whole file (BENCHMARKS.md, target 3).
///
/// `sink` receives, in document order, a plan holding the declarations and one part's
/// matters, with `Some` of their tables; then, once, the declarations alone with `None`
/// (its `unlisted` is the catch-all).
///
/// A plan with numeric dimensions is read twice: first every part for the thresholds its
/// rules compare numbers with (the whole plan's cut every dimension), then to check.
///
/// Gives the same diagnostics as [`super::compile`]. Where it could not promise that — an
/// amendment, a plan with `上限` or in a chain, a part that does not parse on its own,
/// names declared twice across parts, an error among the declarations or in a part — it
/// returns `None` before or after calling `sink`: the caller then discards what the sink
/// made and compiles the whole file ([`super::compile_parts`] holds the plan whole).
pub fn stream(file: FileId, text: &str, mut sink: impl FnMut(&Plan, Option<&[MatterTable]>)) -> Option<Streamed> {
    let prepared = prepare(file, text, Chains::Refused)?;
    let mut declared = Declared::new(file, &prepared.declarations, None, prepared.cuts.as_ref());
    let mut plan: Plan = declared.plan()?.clone();
    let declared_catch_all = plan.unlisted.clone();
    // The declarations checked alone: what they are found to be on their own (the
    // catch-all's mark, W0003).
    let mut usage = check::Usage::new(&plan);
    let alone = check::check_part(&plan, &mut check::analysis::pool(), &mut usage);
    let mut diagnostics = declared.take_diagnostics();
    diagnostics.extend(alone.diagnostics);
    let mut unique = Unique::default();
    let (mut matters, mut rules) = (0, 0);
    // One allowance for the whole plan, as `compile` gives it: its fixed part once, each
    // part adding what its matters bring (check::check_part).
    let mut pool = check::analysis::pool();
    let mut section_catch_all = None;
    for part in &prepared.matters {
        let document = syntax::parse_part(file, text, part.span).ok()?;
        if !document.findings.is_empty() || !unique.admit(&document) {
            return None;
        }
        let resolved = declared.part(&document);
        drop(document);
        if declared.failed() {
            return None;
        }
        diagnostics.extend(declared.take_diagnostics());
        let from_section = resolved.unlisted.is_some();
        if from_section && declared_catch_all.is_some() {
            // Two catch-alls: the whole pipeline's E0002.
            return None;
        }
        plan.sections = resolved.sections;
        plan.matters = resolved.matters;
        plan.unlisted = resolved.unlisted.or_else(|| declared_catch_all.clone());
        let checked = check::check_part(&plan, &mut pool, &mut usage);
        matters += plan.matters.len();
        rules += plan.matters.iter().map(|m| m.rules.len()).sum::<usize>();
        sink(&plan, Some(&checked.tables));
        if from_section {
            section_catch_all = plan.unlisted.clone();
        }
        // What is in the declarations (the catch-all's mark) was reported alone.
        diagnostics.extend(
            checked
                .diagnostics
                .into_iter()
                .filter(|diagnostic| !prepared.in_declarations(diagnostic)),
        );
    }
    plan.sections = Vec::new();
    plan.matters = Vec::new();
    plan.unlisted = section_catch_all.or(declared_catch_all);
    sink(&plan, None);
    usage.report(&plan, &mut diagnostics);
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    Some(Streamed {
        diagnostics,
        matters,
        rules,
    })
}
