//! Amendments: an amendment document applied to the plan it amends gives the
//! consolidated plan, as source text.
//!
//! Input: the base plan and the amendment, each as text and syntax tree. Output: a
//! [`Consolidation`] — the consolidated text (the base's own words, comments and
//! citations, edited in place), a [`SourceMap`] from that text back to the two files,
//! and which matters each operation touched. The consolidated text then goes through
//! the ordinary pipeline (`crate::compile::compile_amendment`); its diagnostics are
//! mapped back, so a drafter never sees the generated text.
//!
//! Working on the text rather than on the resolved plan is what lets `consolidate` keep
//! every comment and citation of the base, and lets a diagnostic in the consolidated
//! plan point at the base's words or the amendment's.
//!
//! This phase checks the amendment itself: every target exists (E0020), no target is
//! changed twice (E0021), a citation names one rule (E0024), values are added only to
//! listed dimensions (E0025), the amended plan is the one named (E0022).

pub mod base;
mod operations;
mod source_map;
mod splice;

use indexmap::IndexSet;

use crate::ast::{Document, Header, HeaderField, Item, Name};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tr;

pub use source_map::SourceMap;

/// One document given to the phase.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub document: &'a Document,
}

/// The plan an amendment names (its `修正` line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseReference {
    /// The 文号 of the amended plan.
    pub number: Name,
    /// The file holding it, relative to the amendment, when the amendment says.
    pub path: Option<Name>,
}

/// The result of applying an amendment.
#[derive(Clone, Debug, Default)]
pub struct Consolidation {
    /// The consolidated plan's text; `None` when the amendment itself has errors.
    pub text: Option<String>,
    pub map: SourceMap,
    /// The matters (by their name in the consolidated plan) each operation changed.
    pub touches: Vec<Touch>,
    /// Matters renamed, old name → new name, in the amendment's order.
    pub renames: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Touch {
    pub matter: String,
    /// The operation, in the amendment.
    pub operation: Span,
}

/// From this size on, an amendment's base is read as an [`outline`]: its whole syntax
/// tree is about 30 times its text (BENCHMARKS.md, issue 14).
pub const OUTLINED_FROM: usize = 1 << 18;

/// The base plan's syntax tree as [`consolidate`] needs it: whole when the text is under
/// [`OUTLINED_FROM`]; from that size on, parsed item by item and kept with the rules of
/// only the matters `amendment` amends, removes or renames (every other matter keeps its
/// name, wording, dimensions and place). A base read this way is checked from its text,
/// not from this tree (`crate::compile::consolidate_checked`).
pub fn outline(file: FileId, text: &str, amendment: &Document) -> Result<Document, Box<Diagnostic>> {
    if text.len() < OUTLINED_FROM {
        return crate::syntax::parse(file, text);
    }
    let named: IndexSet<&str> = amendment
        .items
        .iter()
        .filter_map(|item| match item {
            Item::AmendMatter(block) => Some(block.matter.value.as_str()),
            Item::RemoveMatter(removal) => Some(removal.matter.value.as_str()),
            Item::RenameMatter(rename) => Some(rename.from.value.as_str()),
            _ => None,
        })
        .collect();
    let mut outline_matter = |matter: &mut crate::ast::Matter| {
        if !named.contains(matter.name.value.as_str()) {
            matter.rules = Vec::new();
        }
    };
    crate::syntax::parse_shrunk(file, text, &mut |item| match item {
        Item::Matter(matter) => outline_matter(matter),
        Item::Section(section) => section.matters.iter_mut().for_each(&mut outline_matter),
        _ => {}
    })
}

/// Reads the `修正` line of an amendment's header: E0016 when it is missing, E0002 when
/// it is written twice.
pub fn base_reference(file: FileId, document: &Document) -> Result<BaseReference, Box<Diagnostic>> {
    let header = document.amendment_header();
    let mut references = header
        .into_iter()
        .flat_map(|h| &h.fields)
        .filter_map(|field| match field {
            HeaderField::Amends { number, path } => Some((number, path)),
            _ => None,
        });
    let Some((number, path)) = references.next() else {
        let span = header.map_or(Span::default(), |h| h.keyword.to(h.title.span));
        return Err(Box::new(
            Diagnostic::new(
                Code::E0016,
                tr!(
                    "修正案没有写明所修正的方案",
                    "the amendment does not say which plan it amends"
                ),
            )
            .primary(file, span, tr!("缺少 `修正` 一行", "no `amends` line in this header"))
            .note(tr!(
                "在修正案的文件头中写：`修正 \"内政办发〔2024〕48号\" \"方案文件.qz\"`",
                "write in the amendment's header: `amends \"No. 48\" \"plan-file.qz\"`"
            )),
        ));
    };
    if let Some((again, _)) = references.next() {
        return Err(Box::new(
            Diagnostic::new(
                Code::E0002,
                tr!("一个修正案只能修正一个方案", "an amendment amends one plan only"),
            )
            .primary(file, again.span, tr!("又写了一次", "written again here"))
            .secondary(file, number.span, tr!("第一次在此", "first written here")),
        ));
    }
    Ok(BaseReference {
        number: number.clone(),
        path: path.clone(),
    })
}

/// Applies `amendment` to `base`. The record comments the consolidated text gains where
/// something was removed, replaced or renamed are in the language of the base's keywords.
pub fn consolidate(base: Input<'_>, amendment: Input<'_>) -> Consolidation {
    let mut diagnostics = header_problems(base, amendment);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Consolidation {
            diagnostics,
            ..Consolidation::default()
        };
    }
    let planned = operations::plan(base, amendment);
    diagnostics.extend(planned.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Consolidation {
            diagnostics,
            ..Consolidation::default()
        };
    }
    let (text, map) = splice::apply(base.text, amendment.text, (base.file, amendment.file), planned.edits);
    Consolidation {
        text: Some(text),
        map,
        touches: planned.touches,
        renames: planned.renames,
        diagnostics,
    }
}

/// The amendment's dates are real, and the base is the plan the amendment names.
fn header_problems(base: Input<'_>, amendment: Input<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(header) = amendment.document.amendment_header() else {
        return problems;
    };
    for field in &header.fields {
        if let HeaderField::Issued(date) | HeaderField::Effective(date) = field {
            problems.extend(crate::resolve::bad_date(amendment.file, date));
        }
    }
    let Ok(reference) = base_reference(amendment.file, amendment.document) else {
        return problems;
    };
    let base_header = base.document.items.iter().find_map(|item| match item {
        crate::ast::Item::Header(header) => Some(header),
        _ => None,
    });
    let base_number = base_header.and_then(number);
    if base_number.map(|n| n.value.as_str()) != Some(reference.number.value.as_str()) {
        let wanted = &reference.number.value;
        let mut diagnostic = Diagnostic::new(
            Code::E0022,
            tr!(
                "所给的方案不是修正案所修正的 `{wanted}`",
                "the plan given is not `{wanted}`, the plan this amendment amends"
            ),
        )
        .primary(
            amendment.file,
            reference.number.span,
            tr!("修正案修正此方案", "the amendment names this plan"),
        );
        diagnostic = match (base_number, base_header) {
            (Some(found), _) => {
                let found_text = &found.value;
                diagnostic.secondary(
                    base.file,
                    found.span,
                    tr!("这个方案的文号是 `{found_text}`", "this plan is `{found_text}`"),
                )
            }
            (None, Some(header)) => diagnostic.secondary(
                base.file,
                header.title.span,
                tr!("这个方案没有文号", "this plan has no document number"),
            ),
            (None, None) => diagnostic,
        };
        problems.push(diagnostic);
    }
    problems
}

fn number(header: &Header) -> Option<&Name> {
    header.fields.iter().find_map(|field| match field {
        HeaderField::Number(number) => Some(number),
        _ => None,
    })
}
