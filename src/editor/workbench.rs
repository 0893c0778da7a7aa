//! What the workbench (`quanze serve`) shows beside the plan being edited, computed once per
//! edit: the findings of the file, the responsibility matrix and the decision table (of the
//! plan, or of its matters without an error while it has some), the official text's
//! paragraphs with the rules citing each, the colours of the text and the quick fixes.
//! Every place is a range of the edited file in an editor's units, so that a click on a
//! finding, a row or a paragraph can go to the rule; a place the file does not hold (the
//! consolidated text of an amendment, the parent plan) is left out rather than guessed.

use std::path::Path;

use serde::Serialize;

use super::{Fix, Highlight, LineIndex, Range, diagnostics_of, fixes, highlights, names_one_file};
use crate::check::MatterTable;
use crate::compile::Publishable;
use crate::emit::{self, Decision};
use crate::ir::Plan;
use crate::text::Lang;
use crate::workspace::Checked;

/// Everything the workbench's panes show of one checked text.
#[derive(Debug, Serialize)]
pub struct View {
    pub findings: Vec<Finding>,
    /// Levels, highest first: the matrix's columns.
    pub levels: Vec<String>,
    pub matters: Vec<MatterView>,
    /// What the plan decides for the matters it does not list, in words.
    pub unlisted: Option<String>,
    /// The matters not shown for an error in them, while the plan has errors.
    pub withheld: Vec<String>,
    /// Whether some of the text could not be read at all (a syntax error outside any
    /// matter): the tables may then miss a matter written there.
    pub unread: bool,
    /// The official text's paragraphs, when the workbench was given one.
    pub paragraphs: Vec<ParagraphView>,
    pub highlights: Vec<Coloured>,
    pub fixes: Vec<FixView>,
}

#[derive(Debug, Serialize)]
pub struct Finding {
    pub range: Range,
    pub error: bool,
    pub code: &'static str,
    pub message: String,
    /// The other places it names, in this file or another (the parent plan's rule).
    pub related: Vec<Related>,
}

#[derive(Debug, Serialize)]
pub struct Related {
    pub file: String,
    pub range: Range,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct MatterView {
    pub name: String,
    pub wording: Option<String>,
    /// The section's number and title, as the plan writes them.
    pub section: Option<String>,
    /// The matter's name in the edited file.
    pub at: Option<Range>,
    /// One cell per level, in the order of `levels`.
    pub cells: Vec<Cell>,
    pub rows: Vec<RowView>,
}

/// What a level does for a matter: in every case, in some, or in none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Share {
    All,
    Some,
    None,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    /// Holds the fiscal power (alone or jointly).
    pub power: Share,
    /// Pays (all or part).
    pub pays: Share,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub condition: String,
    pub power: String,
    pub spending: String,
    /// The reason a case is left open (待定), possibly empty.
    pub tbd: Option<String>,
    pub citations: String,
    /// The first rule deciding the row, in the edited file.
    pub at: Option<Range>,
}

#[derive(Debug, Serialize)]
pub struct ParagraphView {
    pub id: String,
    /// The 1-based line of the official text where it starts.
    pub line: usize,
    pub text: String,
    /// The matters whose rules cite it, each with its first citing rule in the edited file.
    pub cited_by: Vec<Citing>,
    /// A sentence or a list item of it that no rule cites and no `不划分` explains.
    pub uncovered: bool,
    /// Why it needs no rule (the preamble, the colophon, the plan's `不划分`).
    pub explanation: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Citing {
    pub matter: String,
    pub at: Option<Range>,
}

#[derive(Debug, Serialize)]
pub struct Coloured {
    pub range: Range,
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FixView {
    pub title: String,
    pub answers: Range,
    /// The ranges replaced (empty for an insertion) and their new text, in the text as it
    /// is.
    pub edits: Vec<EditView>,
}

#[derive(Debug, Serialize)]
pub struct EditView {
    pub range: Range,
    pub text: String,
}

/// The view of the file `path` of a checked plan, whose text is `text`, with the official
/// text `source` when there is one.
pub fn view(checked: &Checked, path: &Path, text: &str, source: Option<&str>, lang: Lang) -> View {
    let index = LineIndex::new(text);
    let findings = diagnostics_of(checked, path, lang)
        .into_iter()
        .map(|d| Finding {
            range: d.range,
            error: d.error,
            code: d.code,
            message: d.message,
            related: d
                .related
                .into_iter()
                .map(|(file, range, message)| Related {
                    file: file.display().to_string(),
                    range,
                    message,
                })
                .collect(),
        })
        .collect();
    let publishable = checked
        .loaded
        .as_ref()
        .ok()
        .and_then(|loaded| loaded.publishable(&checked.sources));
    let shown: Option<(&Plan, &[MatterTable])> = match (&checked.loaded, &publishable) {
        (Ok(loaded), _) if loaded.compiled.clean_plan().is_some() => loaded.compiled.clean_plan(),
        (_, Some(Publishable { plan, tables, .. })) => Some((plan, tables.as_slice())),
        _ => None,
    };
    // Places only where the shown plan was read from the edited file itself.
    let here = |plan: &Plan| {
        checked
            .sources
            .name(plan.file)
            .is_some_and(|name| names_one_file(Path::new(&name), path))
    };
    let mut out = View {
        findings,
        levels: Vec::new(),
        matters: Vec::new(),
        unlisted: None,
        withheld: publishable.as_ref().map(|p| p.withheld.clone()).unwrap_or_default(),
        unread: publishable.as_ref().is_some_and(|p| p.unread),
        paragraphs: Vec::new(),
        highlights: highlights(text)
            .into_iter()
            .map(|(span, kind)| Coloured {
                range: index.range(span),
                kind: kind_name(kind),
            })
            .collect(),
        fixes: fixes(checked, text, path, lang)
            .into_iter()
            .map(|f| fix_view(&index, f))
            .collect(),
    };
    if let Some((plan, tables)) = shown {
        let placed = here(plan);
        let at = |span| placed.then(|| index.range(span));
        let table = emit::table(plan, tables, lang);
        out.levels = table.levels.clone();
        out.unlisted = table.unlisted.as_ref().map(|u| decision_words(u, lang));
        out.matters = table
            .matters
            .iter()
            .zip(tables)
            .filter_map(|(rows, t)| Some((rows, t, plan.matters.get(t.matter)?)))
            .map(|(rows, t, matter)| MatterView {
                name: rows.name.clone(),
                wording: rows.wording.clone(),
                section: rows.section.as_ref().map(|s| {
                    format!("{} {}", s.id, s.title.as_deref().unwrap_or_default())
                        .trim()
                        .to_string()
                }),
                at: at(matter.name_span),
                cells: table
                    .levels
                    .iter()
                    .map(|level| Cell {
                        power: share(rows.rows.iter().map(|r| r.decision.holds_power(level))),
                        pays: share(
                            rows.rows
                                .iter()
                                .map(|r| r.decision.spending.iter().any(|s| &s.level == level)),
                        ),
                    })
                    .collect(),
                rows: rows
                    .rows
                    .iter()
                    .zip(&t.rows)
                    .map(|(row, decided)| RowView {
                        condition: row.condition.clone(),
                        power: row.decision.power_text(lang),
                        spending: emit::spending_text(&row.decision, lang),
                        tbd: row.decision.tbd.clone(),
                        citations: emit::citations_text(&row.decision),
                        at: decided
                            .rules
                            .first()
                            .and_then(|r| matter.rules.get(*r))
                            .and_then(|r| at(r.span)),
                    })
                    .collect(),
            })
            .collect();
    }
    // The paragraphs as the plan cites them all, its matters in error too (a gap withholds a
    // matter from the tables, not its citations): the plan as written when it resolved.
    let written = checked
        .loaded
        .as_ref()
        .ok()
        .and_then(|loaded| loaded.compiled.plan.as_ref())
        .or(shown.map(|(plan, _)| plan));
    if let (Some(plan), Some(source)) = (written, source) {
        let placed = here(plan);
        out.paragraphs = paragraphs(plan, source, lang, &|span| placed.then(|| index.range(span)));
    }
    out
}

/// The official text's paragraphs with what cites them.
fn paragraphs(
    plan: &Plan,
    source: &str,
    lang: Lang,
    at: &dyn Fn(crate::span::Span) -> Option<Range>,
) -> Vec<ParagraphView> {
    let coverage = crate::coverage::coverage(plan, source);
    let first_rule_citing = |matter: &str, paragraph: &str| {
        plan.matters
            .iter()
            .find(|m| m.name == matter)
            .and_then(|m| m.rules.iter().find(|r| r.citation.paragraph == paragraph))
            .and_then(|r| at(r.span))
    };
    coverage
        .paragraphs
        .iter()
        .map(|p| ParagraphView {
            id: p.id.clone(),
            line: p.line,
            text: p.sentences.iter().map(|s| s.text.as_str()).collect(),
            cited_by: p
                .cited_by
                .iter()
                .map(|matter| Citing {
                    matter: matter.clone(),
                    at: first_rule_citing(matter, &p.id),
                })
                .collect(),
            uncovered: p.explanation.is_none() && p.sentences.iter().any(|s| !s.is_covered()),
            explanation: p.explanation.as_ref().map(|e| e.text(lang)),
        })
        .collect()
}

fn share(mut each: impl Iterator<Item = bool> + Clone) -> Share {
    if each.clone().all(|b| b) {
        Share::All
    } else if each.any(|b| b) {
        Share::Some
    } else {
        Share::None
    }
}

/// A decision in words: `事权 自治区；支出 自治区`, or `待定`.
fn decision_words(decision: &Decision, lang: Lang) -> String {
    match (&decision.tbd, lang) {
        (Some(_), Lang::Zh) => "待定".to_string(),
        (Some(_), Lang::En) => "to be determined".to_string(),
        (None, Lang::Zh) => format!(
            "事权 {}；支出 {}",
            decision.power_text(lang),
            emit::spending_text(decision, lang)
        ),
        (None, Lang::En) => format!(
            "power: {}; spending: {}",
            decision.power_text(lang),
            emit::spending_text(decision, lang)
        ),
    }
}

fn fix_view(index: &LineIndex<'_>, fix: Fix) -> FixView {
    FixView {
        title: fix.title,
        answers: fix.answers,
        edits: fix
            .edits
            .into_iter()
            .map(|(span, text)| EditView {
                range: index.range(span),
                text,
            })
            .collect(),
    }
}

/// The class a colour is given by in the page (and the token type's name in editors).
fn kind_name(kind: Highlight) -> &'static str {
    match kind {
        Highlight::Keyword => "keyword",
        Highlight::Comment => "comment",
        Highlight::Quotation => "string",
        Highlight::Number => "number",
        Highlight::Mark => "operator",
        Highlight::Level => "level",
        Highlight::Dimension => "dimension",
        Highlight::Value => "value",
        Highlight::ValueSet => "valueset",
        Highlight::Matter => "matter",
        Highlight::Label => "label",
    }
}
