//! The pipeline: text → syntax → resolve → check, and for an amendment text → syntax →
//! amend → (the consolidated text) syntax → resolve → check. The CLI and the tests call
//! this, never the phases one by one, so every caller sees the same diagnostics in the
//! same order.

use crate::amend::{self, Touch};
use crate::ast::{Document, Item};
use crate::check::{self, MatterTable};
use crate::diagnostic::{Diagnostic, Label};
use crate::ir::Plan;
use crate::span::{FileId, Span};
use crate::text::Lang;
use crate::{resolve, syntax, tr};

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
        Compiled {
            plan: None,
            tables: Vec::new(),
            diagnostics: vec![diagnostic],
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
    match syntax::parse(file, text) {
        Ok(document) => compile_document(file, &document),
        Err(diagnostic) => Compiled::stopped(*diagnostic),
    }
}

/// The pipeline after parsing, for a plan (not an amendment).
pub fn compile_document(file: FileId, document: &Document) -> Compiled {
    let resolved = resolve::resolve(file, document);
    let mut diagnostics = resolved.diagnostics;
    let mut tables = Vec::new();
    if let Some(plan) = &resolved.plan {
        let checked = check::check(plan);
        diagnostics.extend(checked.diagnostics);
        tables = checked.tables;
    }
    // Stable: diagnostics at one place keep the order the phases found them in.
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    Compiled {
        plan: resolved.plan,
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
///
/// A problem found in a matter that an operation changed has that operation as its
/// primary label, and the places in the base as secondary ones: the drafter sees what
/// their amendment did. A base plan with errors is reported as it is, and not amended.
pub fn compile_amendment(
    base: amend::Input<'_>,
    amendment: amend::Input<'_>,
    consolidated: FileId,
    lang: Lang,
) -> CompiledAmendment {
    let base_compiled = compile_document(base.file, base.document);
    if base_compiled.has_errors() {
        return CompiledAmendment {
            compiled: Compiled {
                plan: None,
                tables: Vec::new(),
                diagnostics: base_compiled.diagnostics,
            },
            consolidated: None,
            renames: Vec::new(),
        };
    }
    let consolidation = amend::consolidate(base, amendment, lang);
    let Some(text) = consolidation.text else {
        return CompiledAmendment {
            compiled: Compiled {
                plan: None,
                tables: Vec::new(),
                diagnostics: consolidation.diagnostics,
            },
            consolidated: None,
            renames: consolidation.renames,
        };
    };
    let (mut compiled, matters) = match syntax::parse(consolidated, &text) {
        Ok(document) => (compile_document(consolidated, &document), matter_spans(&document)),
        Err(diagnostic) => (Compiled::stopped(*diagnostic), Vec::new()),
    };
    for diagnostic in &mut compiled.diagnostics {
        let matter = diagnostic
            .primary
            .as_ref()
            .filter(|label| label.file == consolidated)
            .and_then(|label| {
                matters
                    .iter()
                    .find(|(span, _)| span.start <= label.span.start && label.span.start < span.end)
            })
            .map(|(_, name)| name.as_str());
        consolidation.map.relocate(consolidated, diagnostic);
        if let Some(matter) = matter {
            blame(diagnostic, amendment.file, matter, &consolidation.touches);
        }
    }
    let mut diagnostics = consolidation.diagnostics;
    diagnostics.append(&mut compiled.diagnostics);
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    compiled.diagnostics = diagnostics;
    CompiledAmendment {
        compiled,
        consolidated: Some(text),
        renames: consolidation.renames,
    }
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
/// left on it).
pub fn compile_amendment_texts(base: &str, amendment: &str, lang: Lang) -> CompiledAmendment {
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
        lang,
    )
}
