//! A plan read item by item: the declarations first, then each matter (or section of
//! matters) parsed, resolved against them and its syntax tree dropped before the next is
//! read. pest's tokens and the syntax tree of a whole file take 30 to 75 times its size
//! (BENCHMARKS.md, target 3b); read this way, only one item's are held at a time.
//!
//! [`compile_parts`] builds the whole resolved plan this way, for every command that
//! needs it (a plan in a chain, with `上限`, a query, a diff, a report…);
//! [`super::stream`] never holds more than one part's matters.

use indexmap::IndexSet;

use super::{Compiled, finish};
use crate::ast::{Document, HeaderField, Item};
use crate::diagnostic::Diagnostic;
use crate::ir::Plan;
use crate::resolve::{self, Declared};
use crate::span::{FileId, Span};
use crate::{chain, syntax};

/// Files at least this large are compiled item by item by [`compile_large`]. Below it
/// the whole-file pipeline costs little in absolute terms (a few megabytes) and a little
/// less time.
pub const COMPILED_BY_PARTS: usize = 1 << 18;

/// Whether [`prepare`] accepts a plan in a chain.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Chains {
    /// [`super::stream`] without a parent: a plan that refines another must be checked
    /// against it, and the caller has not loaded it.
    Refused,
    Allowed,
}

/// A plan's text cut into its items, the declarations read and the thresholds of every
/// numeric dimension known.
pub(super) struct Prepared {
    /// The parts holding matters, in document order.
    pub matters: Vec<syntax::Part>,
    /// Every declaration of the plan (header, levels, dimensions, a catch-all, limits…).
    pub declarations: Document,
    /// Where the declarations stand, in file order.
    pub declared: Vec<Span>,
    /// For a plan with numeric dimensions, the numbers every rule compares them with.
    pub cuts: Option<resolve::Thresholds>,
}

impl Prepared {
    /// Whether `diagnostic` points into the declarations.
    pub fn in_declarations(&self, diagnostic: &Diagnostic) -> bool {
        // The spans are in file order: the last one starting at or before the label is
        // the only one that can hold it (a binary search, since a plan may declare
        // thousands of dimensions and have as many findings).
        diagnostic.primary.as_ref().is_some_and(|label| {
            let after = self.declared.partition_point(|s| s.start <= label.span.start);
            after
                .checked_sub(1)
                .and_then(|index| self.declared.get(index))
                .is_some_and(|s| label.span.start < s.end)
        })
    }
}

/// Cuts `text` into its items and reads its declarations. `None` where reading it item
/// by item could not promise what the whole-file pipeline gives: an amendment (compiled
/// as one consolidated text), a part that does not parse alone (the whole file's syntax
/// error is the one to show), findings on how a part is written (W0010 reaches comments
/// between parts), and, when `chains` refuses them, a plan in a chain.
pub(super) fn prepare(file: FileId, text: &str, chains: Chains) -> Option<Prepared> {
    if !syntax::bidi_controls(file, text).is_empty() {
        return None;
    }
    let chained = |item: &Item| match item {
        Item::Header(header) => header
            .fields
            .iter()
            .any(|f| matches!(f, HeaderField::Refines { .. } | HeaderField::Subdivides { .. })),
        _ => false,
    };
    let refused = |items: &[Item]| chains == Chains::Refused && items.iter().any(chained);
    // An amendment, or a plan in a chain streamed without its parent, is told by its
    // first item, before the rest of the file is scanned.
    match syntax::split_first(text, 1).first() {
        Some(first) if first.kind == syntax::PartKind::Amendment => return None,
        Some(first)
            if first.kind == syntax::PartKind::Declaration
                && refused(&syntax::parse_part(file, text, Span::new(0, first.span.end)).ok()?.items) =>
        {
            return None;
        }
        _ => {}
    }
    let parts = syntax::split(text);
    if parts.is_empty() || parts.iter().any(|p| p.kind == syntax::PartKind::Amendment) {
        return None;
    }
    let mut declarations = Document {
        items: Vec::new(),
        findings: Vec::new(),
    };
    let mut declared = Vec::new();
    let mut matters = Vec::new();
    for (index, part) in parts.into_iter().enumerate() {
        if part.kind == syntax::PartKind::Matters {
            // Text before the first item is read with it, as parse_by_parts does; a plan
            // that starts with a matter has no header, and is left to the whole pipeline.
            if index == 0 {
                return None;
            }
            matters.push(part);
            continue;
        }
        // What stands before the first item (comments, or text that is the file's
        // syntax error) is read with it.
        let span = if index == 0 {
            Span::new(0, part.span.end)
        } else {
            part.span
        };
        let document = syntax::parse_part(file, text, span).ok()?;
        if !document.findings.is_empty() || refused(&document.items) {
            return None;
        }
        declarations.items.extend(document.items);
        declared.push(span);
    }
    let numeric = declarations.items.iter().any(
        |item| matches!(item, Item::Dimension(d) if matches!(d.values, crate::ast::DimensionValues::Numeric { .. })),
    );
    // A numeric dimension is cut at every threshold any rule of the plan compares it
    // with, so each part must be resolved knowing the thresholds of all: a first pass
    // reads them (parsing each part again costs time, not memory: one part at a time).
    let cuts = if numeric {
        let mut cuts = resolve::Thresholds::new();
        for part in &matters {
            let document = syntax::parse_part(file, text, part.span).ok()?;
            for (dimension, numbers) in resolve::thresholds(&document) {
                let known = cuts.entry(dimension).or_default();
                known.extend(numbers);
                // At most 31 distinct thresholds resolve (E0018): kept distinct, the
                // list stays that small whatever the size of the plan.
                known.sort_unstable();
                known.dedup();
            }
        }
        Some(cuts)
    } else {
        None
    };
    Some(Prepared {
        matters,
        declarations,
        declared,
        cuts,
    })
}

/// The names that must be unique in the whole plan (matters, sections, a catch-all in a
/// section), as the parts declare them. (A rule label is unique in its matter only, and a
/// matter is never cut between parts: resolving the part checks it.) Resolving a part sees only its
/// own names, so a name declared again in another part is caught here, and the caller
/// leaves the plan to the whole-file pipeline, whose E0002 names both places.
#[derive(Default)]
pub(super) struct Unique(IndexSet<String>);

impl Unique {
    /// Whether the names of `document` (one part) are new, and it holds only matters and
    /// sections.
    pub fn admit(&mut self, document: &Document) -> bool {
        for item in &document.items {
            let (matters, catch_all, section) = match item {
                Item::Matter(matter) => (std::slice::from_ref(matter), None, None),
                Item::Section(section) => (
                    section.matters.as_slice(),
                    (!section.unlisted.is_empty()).then(|| "unlisted".to_string()),
                    Some(format!("§{}", section.id.value)),
                ),
                _ => return false,
            };
            let keys = matters
                .iter()
                .map(|m| format!("m:{}", m.name.value))
                .chain(catch_all)
                .chain(section);
            for key in keys {
                if !self.0.insert(key) {
                    return false;
                }
            }
        }
        true
    }
}

/// The first item of a plan's text, parsed with what precedes it: how a caller learns
/// whether a large plan refines another (its header) without parsing the whole file.
/// `None` for an amendment, and when the first item is not a declaration or does not
/// parse alone.
pub fn first_item(file: FileId, text: &str) -> Option<Document> {
    let first = syntax::split_first(text, 1).into_iter().next()?;
    if first.kind != syntax::PartKind::Declaration {
        return None;
    }
    syntax::parse_part(file, text, Span::new(0, first.span.end)).ok()
}

/// [`super::compile_refinement`] of a plan's text, item by item when it is large
/// ([`COMPILED_BY_PARTS`], [`compile_parts`]), else parsed whole.
pub fn compile_large(file: FileId, text: &str, parent: Option<chain::Parent<'_>>) -> Compiled {
    if text.len() >= COMPILED_BY_PARTS
        && let Some(compiled) = compile_parts(file, text, parent)
    {
        return compiled;
    }
    match syntax::parse_or_errors(file, text) {
        Ok(document) => super::compile_refinement(file, &document, parent),
        Err(errors) => super::with_syntax_errors(file, text, errors, parent),
    }
}

/// [`super::compile_refinement`] of a plan's text, the syntax tree of one item at a
/// time: each matter (or section) is parsed, resolved against the declarations
/// ([`Declared`]) and dropped; the resolved plan is then checked whole, against its
/// parent, as the whole-file pipeline checks it. Same plan, same diagnostics
/// (`tests/streaming.rs`). `None` where [`prepare`] or the names of the parts
/// ([`Unique`]) could not promise that, and wherever resolving finds an error: the caller
/// then compiles the whole file, whose diagnostics are the ones to show.
pub fn compile_parts(file: FileId, text: &str, parent: Option<chain::Parent<'_>>) -> Option<Compiled> {
    compile_parts_with(file, text, parent, |_| {})
}

/// [`compile_parts`], showing each part's syntax tree to `each` before it is dropped (the
/// consolidated text of an amendment notes where its matters stand).
pub(super) fn compile_parts_with(
    file: FileId,
    text: &str,
    parent: Option<chain::Parent<'_>>,
    mut each: impl FnMut(&Document),
) -> Option<Compiled> {
    let prepared = prepare(file, text, Chains::Allowed)?;
    let parent_plan = parent.map(|p| p.plan);
    let mut declared = Declared::new(file, &prepared.declarations, parent_plan, prepared.cuts.as_ref());
    let mut plan: Plan = declared.plan()?.clone();
    let catch_all_declared = plan.unlisted.is_some();
    let mut unique = Unique::default();
    for part in &prepared.matters {
        let document = syntax::parse_part(file, text, part.span).ok()?;
        if !document.findings.is_empty() || !unique.admit(&document) {
            return None;
        }
        let resolved = declared.part(&document);
        if declared.failed() {
            return None;
        }
        each(&document);
        let offset = plan.sections.len();
        plan.matters.extend(resolved.matters.into_iter().map(|mut matter| {
            matter.section = matter.section.map(|s| s + offset);
            matter
        }));
        plan.sections.extend(resolved.sections);
        // A catch-all inside a section: one in the whole plan (the names above keep a
        // second out), and none besides the declarations'.
        if resolved.unlisted.is_some() {
            if catch_all_declared {
                return None;
            }
            plan.unlisted = resolved.unlisted;
        }
    }
    Some(finish(Some(plan), declared.take_diagnostics(), parent))
}
