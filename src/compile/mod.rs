//! The pipeline: text → syntax → resolve → check, and for an amendment text → syntax →
//! amend → (the consolidated text) syntax → resolve → check. The CLI and the tests call
//! this, never the phases one by one, so every caller sees the same diagnostics in the
//! same order.

use crate::amend::{self, Touch};
use crate::ast::{Document, HeaderField, Item};
use crate::check::{self, MatterTable};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::ir::Plan;
use crate::span::{FileId, Span};
use crate::{chain, resolve, syntax, tr};

mod parts;
mod publishable;
mod stream;

pub use parts::{COMPILED_BY_PARTS, compile_large, compile_parts, first_item};
pub use publishable::{Publishable, publishable};
use stream::stream_with;
pub use stream::{Streamed, stream};

/// A checked plan given a part at a time, as [`stream`] gives it to its sink: each part
/// (a plan holding the declarations and some of the matters) with the tables of its
/// matters, in document order, then the declarations alone with `None` (its `unlisted` is
/// the catch-all). Read as often as a writer needs (the report reads it three times),
/// from a plan held whole ([`Whole`]) or by streaming its file again.
pub trait Parts {
    fn each(&self, sink: &mut dyn FnMut(&Plan, Option<&[MatterTable]>));
}

/// A plan held whole, given as [`Parts`]: the whole plan with one matter's table at a
/// time.
#[derive(Clone, Copy)]
pub struct Whole<'a> {
    pub plan: &'a Plan,
    pub tables: &'a [MatterTable],
}

impl Parts for Whole<'_> {
    fn each(&self, sink: &mut dyn FnMut(&Plan, Option<&[MatterTable]>)) {
        for table in self.tables {
            sink(self.plan, Some(std::slice::from_ref(table)));
        }
        sink(self.plan, None);
    }
}

pub struct Compiled {
    /// The resolved plan, when the text parsed and every name resolved.
    pub plan: Option<Plan>,
    /// The decision rows of each matter, when the plan was checked.
    pub tables: Vec<MatterTable>,
    /// In the order of their place in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// A file that could not go through the pipeline at all (not text, not parsable).
    pub fn stopped(diagnostic: Diagnostic) -> Self {
        Self::stopped_by(vec![diagnostic])
    }

    /// A file that does not parse, with every syntax error found in it.
    pub fn stopped_by(diagnostics: Vec<Diagnostic>) -> Self {
        Compiled {
            plan: None,
            tables: Vec::new(),
            diagnostics,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The checked plan and its table, only when nothing is wrong with it: a table of a
    /// plan with a gap or a conflict would publish a wrong answer.
    pub fn clean_plan(&self) -> Option<(&Plan, &[MatterTable])> {
        if self.has_errors() {
            return None;
        }
        self.plan.as_ref().map(|plan| (plan, self.tables.as_slice()))
    }
}

pub fn compile(file: FileId, text: &str) -> Compiled {
    match syntax::parse_or_errors(file, text) {
        Ok(document) => compile_document(file, &document),
        Err(errors) => with_syntax_errors(file, text, errors, None),
    }
}

/// A plan's text that does not parse: its syntax errors, and beside them what the checks
/// find in the items that parsed ([`syntax::parsed_items`]) — a name that is not
/// declared, a gap or a conflict in a matter written whole, and, in a chain, a matter that
/// divides what its `parent` keeps above — so that one run shows all a drafter must mend.
/// Only what an item says of itself is kept: what depends on the items that did not
/// parse (a level or dimension no rule uses, W0004; the share of matters above a `上限`,
/// W0006; a header or levels line missing, E0016, most likely unreadable; a parent's
/// matter this plan does not divide, E0030, most likely among them) would be said
/// wrongly. Without a matter that parsed there is nothing to check; a plan that refines
/// another is checked only against its parent (without it, a case the plan keeps for
/// itself would look like a gap). Nothing is made of it (no plan, no table).
pub fn with_syntax_errors(
    file: FileId,
    text: &str,
    mut errors: Vec<Diagnostic>,
    parent: Option<chain::Parent<'_>>,
) -> Compiled {
    let document = syntax::parsed_items(file, text).filter(|document| {
        let refines = document.items.iter().any(|item| {
            matches!(item, Item::Header(header)
                if header.fields.iter().any(|f| matches!(f, HeaderField::Refines { .. })))
        });
        let matters = document
            .items
            .iter()
            .any(|item| matches!(item, Item::Matter(_) | Item::Section(_)));
        matters && (!refines || parent.is_some())
    });
    if let Some(document) = document {
        let checked = compile_refinement(file, &document, parent);
        errors.extend(
            checked
                .diagnostics
                .into_iter()
                .filter(|d| !matches!(d.code, Code::W0004 | Code::W0006 | Code::E0016 | Code::E0030)),
        );
        errors.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    }
    Compiled::stopped_by(errors)
}

/// The pipeline after parsing, for a plan (not an amendment), on its own: a plan that
/// refines another is checked as if it stood alone (see [`compile_refinement`]).
pub fn compile_document(file: FileId, document: &Document) -> Compiled {
    compile_refinement(file, document, None)
}

/// A plan's text checked against its parent (already compiled and clean), as the CLI
/// does for a plan with `细化`. For tests and tools that hold both texts.
pub fn compile_refining(file: FileId, text: &str, parent: Option<chain::Parent<'_>>) -> Compiled {
    match syntax::parse_or_errors(file, text) {
        Ok(document) => compile_refinement(file, &document, parent),
        Err(errors) => with_syntax_errors(file, text, errors, parent),
    }
}

/// The pipeline after parsing, for a plan in a chain: resolve → chain (against the
/// parent, when there is one) → check → the limits of `上限`.
pub fn compile_refinement(file: FileId, document: &Document, parent: Option<chain::Parent<'_>>) -> Compiled {
    let mut compiled = compile_items(file, document, parent);
    compiled.diagnostics.extend(document.findings.iter().cloned());
    compiled
        .diagnostics
        .sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    compiled
}

/// [`compile_refinement`] without the document's own findings: for the consolidated text
/// of an amendment, whose findings are those of the base and the amendment, reported on
/// their own files.
fn compile_items(file: FileId, document: &Document, parent: Option<chain::Parent<'_>>) -> Compiled {
    let resolved = resolve::resolve_refining(file, document, parent.map(|p| p.plan));
    finish(resolved.plan, resolved.diagnostics, parent)
}

/// The pipeline after resolve: the plan (when it resolved) checked against its parent,
/// then as a plan, then for its `上限`; every diagnostic in the order of its place.
fn finish(mut plan: Option<Plan>, mut diagnostics: Vec<Diagnostic>, parent: Option<chain::Parent<'_>>) -> Compiled {
    let mut tables = Vec::new();
    if let Some(plan) = &mut plan {
        if let Some(parent) = parent {
            diagnostics.extend(chain::refine(parent, plan));
        }
        let checked = check::check(plan);
        diagnostics.extend(checked.diagnostics);
        diagnostics.extend(chain::limits(parent, plan, &checked.tables));
        tables = checked.tables;
    }
    // Stable: diagnostics at one place keep the order the phases found them in.
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    Compiled {
        plan,
        tables,
        diagnostics,
    }
}

/// A compiled amendment: the consolidated plan, checked, with every diagnostic on the
/// drafter's own files.
pub struct CompiledAmendment {
    pub compiled: Compiled,
    /// The consolidated plan's text, when the amendment could be applied.
    pub consolidated: Option<String>,
    /// Matters renamed, old name → new name.
    pub renames: Vec<(String, String)>,
}

/// Applies `amendment` to `base` and checks the result as a whole. `consolidated` is the
/// file id the consolidated text is compiled under; no label is left pointing into it.
/// When the base refines another plan, `parent` is that plan (checked, clean): the base
/// and the amended plan are both checked against it, as the base alone would be.
///
/// A problem found in a matter that an operation changed has that operation as its
/// primary label, and the places in the base as secondary ones: the drafter sees what
/// their amendment did. A base plan with errors is reported as it is, and not amended.
pub fn compile_amendment(
    base: amend::Input<'_>,
    amendment: amend::Input<'_>,
    consolidated: FileId,
    parent: Option<chain::Parent<'_>>,
) -> CompiledAmendment {
    match consolidate_checked(base, amendment, parent) {
        Ok(applied) => compile_consolidated(applied, consolidated, parent),
        Err(stopped) => *stopped,
    }
}

/// An amendment applied to its checked base: the first stage of [`compile_amendment`].
/// A caller holding a large base's syntax tree drops it before the second stage
/// ([`compile_consolidated`]), which reads the consolidated text item by item.
pub struct Applied {
    text: String,
    consolidation: amend::Consolidation,
    /// How the base and the amendment are written (their syntax findings).
    findings: Vec<Diagnostic>,
    amendment: FileId,
}

/// The base checked (as it stands, against its parent) and the amendment applied to it;
/// `Err` with the result when it stops there: the base has errors (reported as they are),
/// or the amendment does not apply.
pub fn consolidate_checked(
    base: amend::Input<'_>,
    amendment: amend::Input<'_>,
    parent: Option<chain::Parent<'_>>,
) -> Result<Applied, Box<CompiledAmendment>> {
    if let Some(diagnostics) = base_errors(base, parent) {
        return Err(not_applied(diagnostics, Vec::new()));
    }
    let mut consolidation = amend::consolidate(base, amendment);
    // How the base (clean, or it would have stopped above) and the amendment are written.
    let findings: Vec<Diagnostic> = base
        .document
        .findings
        .iter()
        .chain(&amendment.document.findings)
        .cloned()
        .collect();
    let Some(text) = consolidation.text.take() else {
        let mut diagnostics = consolidation.diagnostics;
        diagnostics.extend(findings);
        diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
        return Err(not_applied(diagnostics, consolidation.renames));
    };
    Ok(Applied {
        text,
        consolidation,
        findings,
        amendment: amendment.file,
    })
}

/// The base's diagnostics, when one is an error. Only they are kept: the checked base is
/// dropped before the amended plan is compiled. A large base is streamed (its tree may be
/// an [`amend::outline`], without most rules), or compiled from its text where it cannot be.
fn base_errors(base: amend::Input<'_>, parent: Option<chain::Parent<'_>>) -> Option<Vec<Diagnostic>> {
    let diagnostics = if base.text.len() < amend::OUTLINED_FROM {
        compile_refinement(base.file, base.document, parent).diagnostics
    } else {
        match stream(base.file, base.text, parent, |_, _| {}) {
            Some(streamed) => streamed.diagnostics,
            None => compile_large(base.file, base.text, parent).diagnostics,
        }
    };
    diagnostics.iter().any(Diagnostic::is_error).then_some(diagnostics)
}

/// An amendment that was not applied: no plan, only why.
fn not_applied(diagnostics: Vec<Diagnostic>, renames: Vec<(String, String)>) -> Box<CompiledAmendment> {
    Box::new(CompiledAmendment {
        compiled: Compiled {
            plan: None,
            tables: Vec::new(),
            diagnostics,
        },
        consolidated: None,
        renames,
    })
}

/// The second stage of [`compile_amendment`]: the consolidated text compiled under the
/// file id `consolidated` (item by item when it is large, [`parts::compile_parts_with`]),
/// every diagnostic moved onto the drafter's files.
pub fn compile_consolidated(
    applied: Applied,
    consolidated: FileId,
    parent: Option<chain::Parent<'_>>,
) -> CompiledAmendment {
    let Applied {
        text,
        consolidation,
        findings,
        amendment,
    } = applied;
    let mut matters: Vec<(Span, String)> = Vec::new();
    let by_parts = (text.len() >= COMPILED_BY_PARTS)
        .then(|| parts::compile_parts_with(consolidated, &text, parent, |part| matters.extend(matter_spans(part))))
        .flatten();
    let mut compiled = match by_parts {
        Some(compiled) => compiled,
        None => {
            matters.clear();
            match syntax::parse(consolidated, &text) {
                Ok(document) => {
                    matters = matter_spans(&document);
                    compile_items(consolidated, &document, parent)
                }
                Err(diagnostic) => Compiled::stopped(*diagnostic),
            }
        }
    };
    let found = std::mem::take(&mut compiled.diagnostics);
    compiled.diagnostics = relocated(
        consolidation.diagnostics,
        findings,
        (amendment, consolidated),
        (&matters, &consolidation.touches, &consolidation.map),
        found,
    );
    CompiledAmendment {
        compiled,
        consolidated: Some(text),
        renames: consolidation.renames,
    }
}

/// [`compile_consolidated`] for a large consolidated text that a command reads once or
/// part by part (`check`, `table`, `consolidate`…): streamed as a plan alone is
/// ([`stream_with`]), its rows handed to `sink`, so that the amended plan is never held
/// whole (issue 14). The same diagnostics, moved onto the drafter's files; `None` where
/// the text cannot stream (the caller then compiles it: [`compile_consolidated`]).
pub fn stream_consolidated(
    applied: &Applied,
    consolidated: FileId,
    parent: Option<chain::Parent<'_>>,
    sink: impl FnMut(&Plan, Option<&[MatterTable]>),
) -> Option<Streamed> {
    let mut matters: Vec<(Span, String)> = Vec::new();
    let streamed = stream_with(
        consolidated,
        &applied.text,
        parent,
        &mut |document| matters.extend(matter_spans(document)),
        sink,
    )?;
    let Streamed {
        diagnostics: found,
        matters: count,
        rules,
        declarations,
    } = streamed;
    let consolidation = &applied.consolidation;
    let diagnostics = relocated(
        consolidation.diagnostics.clone(),
        applied.findings.clone(),
        (applied.amendment, consolidated),
        (&matters, &consolidation.touches, &consolidation.map),
        found,
    );
    Some(Streamed {
        diagnostics,
        matters: count,
        rules,
        declarations,
    })
}

impl Applied {
    /// The consolidated plan's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Matters the amendment renamed, old name → new name.
    pub fn renames(&self) -> &[(String, String)] {
        &self.consolidation.renames
    }

    /// The consolidated plan's text, the rest dropped.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// The diagnostics of an amended plan on the drafter's files: the amendment's own
/// (`ahead`), how the two files are written (`findings`), then what compiling the
/// consolidated text (`consolidated`, spans into it) `found`, each moved onto the base or
/// the amendment — and, in a matter an operation changed, onto that operation. `matters`:
/// the consolidated text's matters with their extents, in file order.
fn relocated(
    ahead: Vec<Diagnostic>,
    findings: Vec<Diagnostic>,
    (amendment, consolidated): (FileId, FileId),
    (matters, touches, map): (&[(Span, String)], &[Touch], &amend::SourceMap),
    mut found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    for diagnostic in &mut found {
        // Matters are in file order: the last one starting at or before the label.
        let matter = diagnostic
            .primary
            .as_ref()
            .filter(|label| label.file == consolidated)
            .and_then(|label| {
                let after = matters.partition_point(|(span, _)| span.start <= label.span.start);
                after
                    .checked_sub(1)
                    .and_then(|index| matters.get(index))
                    .filter(|(span, _)| label.span.start < span.end)
            })
            .map(|(_, name)| name.as_str());
        map.relocate(consolidated, diagnostic);
        if let Some(matter) = matter {
            blame(diagnostic, amendment, matter, touches);
        }
    }
    let mut diagnostics = ahead;
    diagnostics.extend(findings);
    diagnostics.append(&mut found);
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    diagnostics
}

/// Every matter of a document with its extent.
fn matter_spans(document: &Document) -> Vec<(Span, String)> {
    let mut spans = Vec::new();
    for item in &document.items {
        match item {
            Item::Matter(matter) => spans.push((matter.span, matter.name.value.clone())),
            Item::Section(section) => {
                spans.extend(section.matters.iter().map(|m| (m.span, m.name.value.clone())));
            }
            _ => {}
        }
    }
    spans
}

/// Makes the operations that changed `matter` the primary label of a problem found in
/// it, unless the problem already points into the amendment.
fn blame(diagnostic: &mut Diagnostic, amendment: FileId, matter: &str, touches: &[Touch]) {
    let mut operations = touches.iter().filter(|t| t.matter == matter).map(|t| t.operation);
    if let Some(primary) = diagnostic.primary.as_ref().filter(|label| label.file == amendment) {
        // Already on the amendment's words: name the matter's other changes beside it.
        let at = primary.span;
        let others: Vec<Span> = operations
            .filter(|op| !(op.start <= at.start && at.end <= op.end))
            .collect();
        for operation in others {
            diagnostic.secondary.push(Label {
                file: amendment,
                span: operation,
                message: tr!("同一事项的另一项修改", "another change to the same matter"),
            });
        }
        return;
    }
    let Some(first) = operations.next() else {
        return;
    };
    let before = diagnostic.primary.replace(Label {
        file: amendment,
        span: first,
        message: tr!("修正案的这项修改之后出现", "appears after this change by the amendment"),
    });
    let mut demoted: Vec<Label> = before.into_iter().collect();
    let mut seen = vec![first];
    for operation in operations {
        if !seen.contains(&operation) {
            seen.push(operation);
            demoted.push(Label {
                file: amendment,
                span: operation,
                message: tr!("同一事项的另一项修改", "another change to the same matter"),
            });
        }
    }
    demoted.append(&mut diagnostic.secondary);
    diagnostic.secondary = demoted;
}

/// [`compile_amendment`] from two texts, for tests and embedders: the base is file 0,
/// the amendment file 1, and the consolidated text is compiled as file 2 (no label is
/// left on it). A base that refines another plan is checked as if it stood alone.
pub fn compile_amendment_texts(base: &str, amendment: &str) -> CompiledAmendment {
    let stopped = |diagnostic: Diagnostic| CompiledAmendment {
        compiled: Compiled::stopped(diagnostic),
        consolidated: None,
        renames: Vec::new(),
    };
    let base_document = match syntax::parse(0, base) {
        Ok(document) => document,
        Err(diagnostic) => return stopped(*diagnostic),
    };
    let amendment_document = match syntax::parse(1, amendment) {
        Ok(document) => document,
        Err(diagnostic) => return stopped(*diagnostic),
    };
    compile_amendment(
        amend::Input {
            file: 0,
            text: base,
            document: &base_document,
        },
        amend::Input {
            file: 1,
            text: amendment,
            document: &amendment_document,
        },
        2,
        None,
    )
}
