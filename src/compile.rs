//! The pipeline: text → syntax → resolve → check, and for an amendment text → syntax →
//! amend → (the consolidated text) syntax → resolve → check. The CLI and the tests call
//! this, never the phases one by one, so every caller sees the same diagnostics in the
//! same order.

use crate::amend::{self, Touch};
use crate::ast::{Document, Item};
use crate::boxes::Budget;
use crate::check::{self, MatterTable};
use crate::diagnostic::{Diagnostic, Label};
use crate::ir::Plan;
use crate::span::{FileId, Span};
use crate::text::Lang;
use crate::{chain, resolve, syntax, tr};

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

/// The pipeline after parsing, for a plan (not an amendment), on its own: a plan that
/// refines another is checked as if it stood alone (see [`compile_refinement`]).
pub fn compile_document(file: FileId, document: &Document) -> Compiled {
    compile_refinement(file, document, None)
}

/// A plan's text checked against its parent (already compiled and clean), as the CLI
/// does for a plan with `细化`. For tests and tools that hold both texts.
pub fn compile_refining(file: FileId, text: &str, parent: Option<chain::Parent<'_>>) -> Compiled {
    match syntax::parse(file, text) {
        Ok(document) => compile_refinement(file, &document, parent),
        Err(diagnostic) => Compiled::stopped(*diagnostic),
    }
}

/// The pipeline after parsing, for a plan in a chain: resolve → chain (against the
/// parent, when there is one) → check → the limits of `上限`.
pub fn compile_refinement(file: FileId, document: &Document, parent: Option<chain::Parent<'_>>) -> Compiled {
    let mut compiled = compile_items(file, document, parent, None, None);
    compiled.diagnostics.extend(document.findings.iter().cloned());
    compiled
        .diagnostics
        .sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    compiled
}

/// [`compile_refinement`] without the document's own findings: for the consolidated text
/// of an amendment, whose findings are those of the base and the amendment, reported on
/// their own files; and for one part of a plan, its numeric dimensions cut at the
/// thresholds of the rest of the plan too (`elsewhere`) and its work drawn from the
/// allowance all parts share (`pool`), as [`stream`] needs.
fn compile_items(
    file: FileId,
    document: &Document,
    parent: Option<chain::Parent<'_>>,
    elsewhere: Option<&resolve::Thresholds>,
    pool: Option<&mut Budget>,
) -> Compiled {
    let mut resolved = resolve::resolve_cut(file, document, parent.map(|p| p.plan), elsewhere);
    let mut diagnostics = resolved.diagnostics;
    let mut tables = Vec::new();
    if let Some(plan) = &mut resolved.plan {
        if let Some(parent) = parent {
            diagnostics.extend(chain::refine(parent, plan));
        }
        let checked = match pool {
            Some(pool) => check::check_sharing(plan, pool),
            None => check::check(plan),
        };
        diagnostics.extend(checked.diagnostics);
        diagnostics.extend(chain::limits(parent, plan, &checked.tables));
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
    lang: Lang,
) -> CompiledAmendment {
    let base_compiled = compile_refinement(base.file, base.document, parent);
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
    // How the base (clean, or it would have stopped above) and the amendment are written.
    let findings = base
        .document
        .findings
        .iter()
        .chain(&amendment.document.findings)
        .cloned();
    let Some(text) = consolidation.text else {
        let mut diagnostics = consolidation.diagnostics;
        diagnostics.extend(findings);
        diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
        return CompiledAmendment {
            compiled: Compiled {
                plan: None,
                tables: Vec::new(),
                diagnostics,
            },
            consolidated: None,
            renames: consolidation.renames,
        };
    };
    let (mut compiled, matters) = match syntax::parse(consolidated, &text) {
        Ok(document) => (
            compile_items(consolidated, &document, parent, None, None),
            matter_spans(&document),
        ),
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
    diagnostics.extend(findings);
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
/// left on it). A base that refines another plan is checked as if it stood alone.
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
        None,
        lang,
    )
}

/// What [`stream`] found in a whole plan.
pub struct Streamed {
    /// In the order of their place in the file, as [`compile`] gives them.
    pub diagnostics: Vec<Diagnostic>,
    pub matters: usize,
    pub rules: usize,
}

/// Compiles a plan item by item, for plans too large to hold whole: the declarations
/// (header, levels, dimensions, catch-all) are read first; then each matter, or section of
/// matters, is parsed, resolved and checked on its own against them, handed to `sink` with
/// its table rows, and dropped. Peak memory is the file plus one item, not pest's tokens
/// and the syntax tree of the whole file (BENCHMARKS.md, target 3).
///
/// `sink` receives, in document order, a plan holding just the declarations and one
/// part's matters, with `Some` of their tables; then, once, the declarations alone with
/// `None` (its `unlisted` is the catch-all).
///
/// A plan with numeric dimensions is read twice: first every part for the thresholds its
/// rules compare numbers with (the whole plan's cut every dimension), then to check.
///
/// Gives the same diagnostics as [`compile`]. Where it could not promise that — an
/// amendment, a plan with `上限` or in a chain, a part that does not parse
/// on its own, names declared twice across parts, errors among the declarations — it
/// returns `None` before or after calling `sink`: the caller then discards what the sink
/// made and compiles the whole file.
pub fn stream(file: FileId, text: &str, mut sink: impl FnMut(&Plan, Option<&[MatterTable]>)) -> Option<Streamed> {
    // Findings on how the text is written are rare and per file (W0010 reaches comments
    // between parts): such a plan is compiled whole.
    if !syntax::bidi_controls(file, text).is_empty() {
        return None;
    }
    // A limit counts over every matter, and a plan in a chain is checked against its
    // parent: neither is a per-part question.
    let chained = |item: &Item| match item {
        Item::Limit(_) => true,
        Item::Header(header) => header.fields.iter().any(|f| {
            matches!(
                f,
                crate::ast::HeaderField::Refines { .. } | crate::ast::HeaderField::Subdivides { .. }
            )
        }),
        _ => false,
    };
    // `check` tries every plan here first: a plan in a chain (most real plans) or an
    // amendment is told by its first item, before the rest of the file is scanned, so
    // that falling back costs little more than reading the header.
    match syntax::split_first(text, 1).first() {
        Some(first) if first.kind == syntax::PartKind::Amendment => return None,
        Some(first)
            if first.kind == syntax::PartKind::Declaration
                && syntax::parse_part(file, text, first.span)
                    .ok()?
                    .items
                    .iter()
                    .any(chained) =>
        {
            return None;
        }
        _ => {}
    }
    let parts = syntax::split(text);
    if parts.iter().any(|p| p.kind == syntax::PartKind::Amendment) {
        return None;
    }
    let mut declarations: Vec<Item> = Vec::new();
    let mut declared: Vec<Span> = Vec::new();
    for part in parts.iter().filter(|p| p.kind == syntax::PartKind::Declaration) {
        let document = syntax::parse_part(file, text, part.span).ok()?;
        if !document.findings.is_empty() {
            return None;
        }
        let items = document.items;
        if items.iter().any(chained) {
            return None;
        }
        declarations.extend(items);
        declared.push(part.span);
    }
    let numeric = declarations.iter().any(
        |item| matches!(item, Item::Dimension(d) if matches!(d.values, crate::ast::DimensionValues::Numeric { .. })),
    );
    // A numeric dimension is cut at every threshold any rule of the plan compares it
    // with, so each part must be resolved knowing the thresholds of all: a first pass
    // reads them (parsing each part again costs time, not memory: one part at a time).
    let cuts = if numeric {
        let mut cuts = resolve::Thresholds::new();
        for part in parts.iter().filter(|p| p.kind == syntax::PartKind::Matters) {
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
    let alone = compile_items(
        file,
        &Document {
            items: declarations.clone(),
            findings: Vec::new(),
        },
        None,
        cuts.as_ref(),
        None,
    );
    if alone.has_errors() {
        return None;
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    // A level or dimension is unused when every part finds it unused.
    let mut unused: Vec<(Diagnostic, usize)> = alone
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::diagnostic::Code::W0004)
        .map(|d| (d.clone(), 0))
        .collect();
    diagnostics.extend(
        alone
            .diagnostics
            .into_iter()
            .filter(|d| d.code != crate::diagnostic::Code::W0004),
    );
    let in_declarations = |d: &Diagnostic| {
        d.primary
            .as_ref()
            .is_some_and(|l| declared.iter().any(|s| s.start <= l.span.start && l.span.start < s.end))
    };
    let mut names: indexmap::IndexSet<String> = indexmap::IndexSet::new();
    let (mut matters, mut rules, mut pieces) = (0, 0, 0);
    // One allowance for the whole plan, as `compile` gives it: its fixed part once, each
    // part adding what its matters bring (check::check_sharing).
    let mut pool = check::analysis::pool();
    let mut catch_all: Option<Plan> = None;
    for part in parts.iter().filter(|p| p.kind == syntax::PartKind::Matters) {
        let document = syntax::parse_part(file, text, part.span).ok()?;
        if !document.findings.is_empty() {
            return None;
        }
        // Names must be unique across parts; a catch-all inside a section is rare.
        for item in &document.items {
            let (part_matters, catch_all_key, section) = match item {
                Item::Matter(matter) => (std::slice::from_ref(matter), None, None),
                Item::Section(section) => {
                    let catch_all_key = (!section.unlisted.is_empty()).then(|| "unlisted".to_string());
                    (
                        section.matters.as_slice(),
                        catch_all_key,
                        Some(format!("§{}", section.id.value)),
                    )
                }
                _ => return None,
            };
            let keys = part_matters
                .iter()
                .map(|m| format!("m:{}", m.name.value))
                .chain(part_matters.iter().flat_map(|m| {
                    m.rules
                        .iter()
                        .filter_map(|r| r.label.as_ref())
                        .map(|l| format!("l:{}", l.value))
                }))
                .chain(catch_all_key)
                .chain(section);
            for key in keys {
                if !names.insert(key) {
                    return None;
                }
            }
        }
        let mut items = declarations.clone();
        items.extend(document.items);
        let compiled = compile_items(
            file,
            &Document {
                items,
                findings: Vec::new(),
            },
            None,
            cuts.as_ref(),
            Some(&mut pool),
        );
        let plan = compiled.plan?;
        matters += plan.matters.len();
        rules += plan.matters.iter().map(|m| m.rules.len()).sum::<usize>();
        pieces += 1;
        sink(&plan, Some(&compiled.tables));
        // A catch-all written inside a section: the last row of the table comes from here.
        if plan.unlisted.is_some() && catch_all.is_none() {
            catch_all = Some(plan);
        }
        for diagnostic in compiled.diagnostics {
            if diagnostic.code == crate::diagnostic::Code::W0004 {
                if let Some(entry) = unused.iter_mut().find(|(d, _)| *d == diagnostic) {
                    entry.1 += 1;
                }
            } else if !in_declarations(&diagnostic) {
                diagnostics.push(diagnostic);
            }
        }
    }
    if let Some(plan) = catch_all.as_ref().or(alone.plan.as_ref()) {
        sink(plan, None);
    }
    diagnostics.extend(unused.into_iter().filter(|(_, count)| *count == pieces).map(|(d, _)| d));
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    Some(Streamed {
        diagnostics,
        matters,
        rules,
    })
}
