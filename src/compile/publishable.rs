//! The part of a plan with errors that can still be shown: its matters without an error,
//! checked again on their own. A drafter's report of a plan still being written shows
//! what is settled beside what is not (issue 19), and nothing it shows can be wrong: a
//! matter's table depends only on the declarations, the matter's own rules and the
//! parent's table, so a plan without the matters that have an error, checked again and
//! found without error, decides the others exactly as the whole plan will once mended.

use super::{Compiled, compile_refinement};
use crate::ast::{Document, Item, Matter};
use crate::check::MatterTable;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::Plan;
use crate::span::{FileId, Span};
use crate::{chain, syntax};

/// A plan with errors, without the matters that have one.
pub struct Publishable {
    /// Checked again: no error.
    pub plan: Plan,
    pub tables: Vec<MatterTable>,
    /// The matters left out for an error in them, in document order.
    pub withheld: Vec<String>,
    /// Whether some of the text could not be read (a syntax error outside the matters
    /// that parsed): a matter written there is not shown either, and is not named.
    pub unread: bool,
    /// Errors found only by checking again: a matter's gap that its check did not reach
    /// while a name elsewhere did not resolve. They withhold their matter, and a reader
    /// must be told why.
    pub found: Vec<Diagnostic>,
}

/// How many times the matters found with an error by the second check are left out in
/// turn before giving up (one is expected: a matter that used a declaration left out).
const ROUNDS: usize = 2;

/// The matters of the plan in `text` without an error among `diagnostics` (those of the
/// whole plan, checked against `parent` when it refines one), checked again. `None` when
/// nothing can be shown that would surely be right: an error outside every matter (in
/// the header, a declaration, the catch-all), a declaration that does not parse, an
/// amendment, or no matter left.
pub fn publishable(
    file: FileId,
    text: &str,
    diagnostics: &[Diagnostic],
    parent: Option<chain::Parent<'_>>,
) -> Option<Publishable> {
    let mut document = syntax::parsed_items(file, text)?;
    if document.amendment_header().is_some() {
        return None;
    }
    let mut withheld: Vec<Span> = Vec::new();
    let mut unread = false;
    for error in diagnostics.iter().filter(|d| d.is_error()) {
        match erring_matter(&document, file, error) {
            Some(Place::Matter(span)) => withheld.push(span),
            Some(Place::Unread) => unread = true,
            Some(Place::NotInThisPlan) => {}
            None => return None,
        }
    }
    let mut names = Vec::new();
    let mut found = Vec::new();
    for _ in 0..ROUNDS {
        names.extend(leave_out(&mut document, &withheld));
        if !has_matters(&document) {
            return None;
        }
        let compiled: Compiled = compile_refinement(file, &document, parent);
        let mut again = Vec::new();
        for error in compiled.diagnostics.into_iter().filter(Diagnostic::is_error) {
            match erring_matter(&document, file, &error) {
                Some(Place::Matter(span)) => {
                    again.push(span);
                    if !diagnostics.contains(&error) {
                        found.push(error);
                    }
                }
                Some(Place::NotInThisPlan) => {}
                Some(Place::Unread) | None => return None,
            }
        }
        if again.is_empty() {
            let plan = compiled.plan?;
            names.sort_by_key(|(start, _)| *start);
            return Some(Publishable {
                plan,
                tables: compiled.tables,
                withheld: names.into_iter().map(|(_, name)| name).collect(),
                unread,
                found,
            });
        }
        withheld = again;
    }
    None
}

/// Where an error stands, for what it withholds.
enum Place {
    /// In this matter (its span): the matter is left out.
    Matter(Span),
    /// In text that did not parse: whatever was written there is not shown.
    Unread,
    /// About a matter of the parent that this plan does not divide (E0030): it withholds
    /// nothing this plan has.
    NotInThisPlan,
}

fn erring_matter(document: &Document, file: FileId, error: &Diagnostic) -> Option<Place> {
    let label = error.primary.as_ref()?;
    if label.file != file {
        return None;
    }
    if let Some(matter) = matters(document).find(|m| m.span.start <= label.span.start && label.span.end <= m.span.end) {
        return Some(Place::Matter(matter.span));
    }
    match error.code {
        Code::E0001 => Some(Place::Unread),
        Code::E0030 => Some(Place::NotInThisPlan),
        _ => None,
    }
}

fn matters(document: &Document) -> impl Iterator<Item = &Matter> {
    document.items.iter().flat_map(|item| match item {
        Item::Matter(matter) => std::slice::from_ref(matter),
        Item::Section(section) => section.matters.as_slice(),
        _ => &[],
    })
}

fn has_matters(document: &Document) -> bool {
    matters(document).next().is_some()
}

/// Takes the matters whose span is in `spans` out of `document`; their names, each
/// with where it stands.
fn leave_out(document: &mut Document, spans: &[Span]) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let mut keep = |matter: &Matter| {
        let out = spans.contains(&matter.span);
        if out {
            names.push((matter.span.start, matter.name.value.clone()));
        }
        !out
    };
    document.items.retain_mut(|item| match item {
        Item::Matter(matter) => keep(matter),
        Item::Section(section) => {
            section.matters.retain(&mut keep);
            true
        }
        _ => true,
    });
    names
}
