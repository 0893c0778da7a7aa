//! [`stream`]: a plan checked part by part, its table rows handed on as each part is
//! checked, so that no more than one part's matters are ever held.

use super::parts::{Chains, Unique, prepare};
use crate::ast::Document;
use crate::chain::{self, Limits, Refinement};
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
    /// The declarations alone, as the sink was given them last.
    pub declarations: Plan,
}

/// Compiles a plan item by item, for plans too large to hold whole: the declarations
/// (header, levels, dimensions, catch-all) are read and resolved first; then each matter,
/// or section of matters, is parsed, resolved and checked on its own against them
/// (against its `parent` too, for a plan in a chain), handed to `sink` with its table
/// rows, and dropped. Peak memory is the file plus one item (and the parent), not pest's
/// tokens and the syntax tree of the whole file (BENCHMARKS.md, target 3).
///
/// `sink` receives, in document order, a plan holding the declarations and one part's
/// matters, with `Some` of their tables; then, once, the declarations alone with `None`
/// (its `unlisted` is the catch-all).
///
/// A plan with numeric dimensions is read twice: first every part for the thresholds its
/// rules compare numbers with (the whole plan's cut every dimension), then to check.
///
/// Gives the same diagnostics as [`super::compile_refinement`]. Where it could not
/// promise that — an amendment, a plan in a chain without its `parent`, a part that does
/// not parse on its own, names declared twice across parts, an error among the
/// declarations, in a part or against the parent's header — it returns `None` before or
/// after calling `sink`: the caller then discards what the sink made and compiles the
/// whole file ([`super::compile_parts`] holds the plan whole).
pub fn stream(
    file: FileId,
    text: &str,
    parent: Option<chain::Parent<'_>>,
    sink: impl FnMut(&Plan, Option<&[MatterTable]>),
) -> Option<Streamed> {
    stream_with(file, text, parent, &mut |_| {}, sink)
}

/// [`stream`], showing each part's syntax tree to `documents` before it is resolved and
/// dropped (the consolidated text of an amendment notes where its matters stand).
pub(super) fn stream_with(
    file: FileId,
    text: &str,
    parent: Option<chain::Parent<'_>>,
    documents: &mut dyn FnMut(&Document),
    mut sink: impl FnMut(&Plan, Option<&[MatterTable]>),
) -> Option<Streamed> {
    let chains = if parent.is_some() {
        Chains::Allowed
    } else {
        Chains::Refused
    };
    let prepared = prepare(file, text, chains)?;
    let mut declared = Declared::new(
        file,
        &prepared.declarations,
        parent.map(|p| p.plan),
        prepared.cuts.as_ref(),
    );
    let mut plan: Plan = declared.plan()?.clone();
    let declared_catch_all = plan.unlisted.clone();
    // Kept by phase and joined in the whole pipeline's order (resolve, the parent, check,
    // the limits) before the stable sort by place, so that findings at one place come
    // in the same order.
    let mut resolved = declared.take_diagnostics();
    let mut refined = Vec::new();
    let mut checked = Vec::new();
    let mut refinement = match parent.map(|parent| Refinement::start(parent, &plan)) {
        Some(Ok(refinement)) => Some(refinement),
        // Stopped at the parent's header (E0027, E0028): the whole pipeline reports it.
        Some(Err(_)) => return None,
        None => None,
    };
    let mut limits = Limits::new(&plan);
    // The declarations checked alone: what they are found to be on their own (the
    // catch-all's mark, W0003).
    let mut usage = check::Usage::new(&plan);
    checked.extend(check::check_part(&plan, &mut check::analysis::pool(), &mut usage).diagnostics);
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
        documents(&document);
        let part_resolved = declared.part(&document);
        drop(document);
        if declared.failed() {
            return None;
        }
        resolved.extend(declared.take_diagnostics());
        let from_section = part_resolved.unlisted.is_some();
        if from_section && declared_catch_all.is_some() {
            // Two catch-alls: the whole pipeline's E0002.
            return None;
        }
        plan.sections = part_resolved.sections;
        plan.matters = part_resolved.matters;
        plan.unlisted = part_resolved.unlisted.or_else(|| declared_catch_all.clone());
        if let Some(refinement) = &mut refinement {
            refinement.matters(&mut plan, &mut refined);
        }
        let part_checked = check::check_part(&plan, &mut pool, &mut usage);
        limits.add(refinement.as_ref(), &plan, &part_checked.tables);
        matters += plan.matters.len();
        rules += plan.matters.iter().map(|m| m.rules.len()).sum::<usize>();
        sink(&plan, Some(&part_checked.tables));
        if from_section {
            section_catch_all = plan.unlisted.clone();
        }
        // What is in the declarations (the catch-all's mark) was reported alone.
        checked.extend(
            part_checked
                .diagnostics
                .into_iter()
                .filter(|diagnostic| !prepared.in_declarations(diagnostic)),
        );
    }
    plan.sections = Vec::new();
    plan.matters = Vec::new();
    plan.unlisted = section_catch_all.or(declared_catch_all);
    sink(&plan, None);
    let mut diagnostics = resolved;
    if let Some(refinement) = &refinement {
        diagnostics.extend(refinement.missing(&plan));
        diagnostics.append(&mut refined);
        diagnostics.extend(refinement.unknown_values(&plan));
    }
    diagnostics.append(&mut checked);
    usage.report(&plan, &mut diagnostics);
    diagnostics.extend(limits.finish(&plan));
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    Some(Streamed {
        diagnostics,
        matters,
        rules,
        declarations: plan,
    })
}
