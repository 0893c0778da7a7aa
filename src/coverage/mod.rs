//! Text coverage: which numbered paragraphs and sentences of the source text no rule
//! cites, and which citations point at nothing (a paragraph the text does not have, or a
//! quotation not in the paragraph cited).
//!
//! Input: a resolved plan and the source text. Output: a [`Coverage`]. A rule covers the
//! sentences its quotation lies in (a quotation may skip words with `……`); a rule that
//! quotes nothing covers its whole paragraph. The preamble and the colophon divide nothing
//! by nature; a body paragraph that divides nothing is named in the plan with `不划分`,
//! with the reason, and so counts as read.

mod markdown;
mod source_text;

use serde::Serialize;

pub use markdown::to_markdown;
pub use source_text::{Paragraph, Place, paragraphs};

use crate::ir::Plan;
use crate::text::Lang;

#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    pub paragraphs: Vec<ParagraphCoverage>,
    /// Citations that point at nothing.
    pub dangling: Vec<Dangling>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ParagraphCoverage {
    pub id: String,
    pub place: Place,
    /// The 1-based line of the source where the paragraph starts.
    pub line: usize,
    /// The matters whose rules cite it, in plan order, each once.
    pub cited_by: Vec<String>,
    /// Whether the catch-all for unlisted matters (`未列事项`) cites it.
    pub cited_by_catch_all: bool,
    pub sentences: Vec<SentenceCoverage>,
    /// Why the paragraph needs no rule.
    pub explanation: Option<Explanation>,
}

impl ParagraphCoverage {
    /// Every matter citing the paragraph, the catch-all last under its table name, as the
    /// report and the workbook list them.
    pub fn citing(&self, lang: Lang) -> Vec<String> {
        let mut citing = self.cited_by.clone();
        if self.cited_by_catch_all {
            citing.push(crate::emit::unlisted_name(lang).to_string());
        }
        citing
    }
}

impl Explanation {
    /// In the reader's language; the plan's own reason as written.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Explanation::Preamble, Lang::Zh) => "通知、标题和前言".to_string(),
            (Explanation::Preamble, Lang::En) => "the notice, the title and the preamble".to_string(),
            (Explanation::Colophon, Lang::Zh) => "版记".to_string(),
            (Explanation::Colophon, Lang::En) => "the colophon".to_string(),
            (Explanation::Undivided(reason), _) => reason.clone(),
        }
    }
}

/// Why a paragraph needs no rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "reason", rename_all = "lowercase")]
pub enum Explanation {
    /// The notice, the title, the preamble: before the first part.
    Preamble,
    /// 抄送 and what follows.
    Colophon,
    /// The plan's `不划分` line, with its reason.
    Undivided(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct SentenceCoverage {
    pub text: String,
    pub covered: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dangling {
    /// The matter of the citing rule; empty for a `不划分` line.
    pub matter: String,
    pub paragraph: String,
    pub quote: Option<String>,
    /// `no-paragraph` or `quote-not-found`.
    pub problem: &'static str,
}

impl Coverage {
    /// Sentences of body paragraphs that no rule covers and no `不划分` explains.
    pub fn uncovered(&self) -> impl Iterator<Item = (&ParagraphCoverage, &SentenceCoverage)> {
        self.paragraphs
            .iter()
            .filter(|p| p.explanation.is_none())
            .flat_map(|p| p.sentences.iter().filter(|s| !s.covered).map(move |s| (p, s)))
    }

    /// Whether every sentence is covered or explained and every citation points somewhere.
    pub fn is_complete(&self) -> bool {
        self.uncovered().next().is_none() && self.dangling.is_empty()
    }
}

/// One citation of the plan: (matter, paragraph, quote).
struct Cited<'p> {
    matter: &'p str,
    paragraph: &'p str,
    quote: Option<&'p str>,
}

pub fn coverage(plan: &Plan, source: &str) -> Coverage {
    let paragraphs = paragraphs(source);
    let mut cited: Vec<Cited<'_>> = Vec::new();
    for matter in &plan.matters {
        for rule in &matter.rules {
            cited.push(Cited {
                matter: &matter.name,
                paragraph: &rule.citation.paragraph,
                quote: rule.citation.quote.as_deref(),
            });
        }
    }
    if let Some(unlisted) = &plan.unlisted {
        cited.push(Cited {
            matter: "",
            paragraph: &unlisted.citation.paragraph,
            quote: unlisted.citation.quote.as_deref(),
        });
    }

    let mut report: Vec<ParagraphCoverage> = paragraphs
        .iter()
        .map(|p| ParagraphCoverage {
            id: p.id.clone(),
            place: p.place,
            line: p.line,
            cited_by: Vec::new(),
            cited_by_catch_all: false,
            sentences: p
                .sentences
                .iter()
                .map(|s| SentenceCoverage {
                    text: s.clone(),
                    covered: false,
                })
                .collect(),
            explanation: match p.place {
                Place::Preamble => Some(Explanation::Preamble),
                Place::Colophon => Some(Explanation::Colophon),
                Place::Body => None,
            },
        })
        .collect();
    let mut dangling = Vec::new();
    for citation in &cited {
        let Some((index, paragraph)) = paragraphs.iter().enumerate().find(|(_, p)| p.id == citation.paragraph) else {
            dangling.push(Dangling {
                matter: citation.matter.to_string(),
                paragraph: citation.paragraph.to_string(),
                quote: citation.quote.map(str::to_string),
                problem: "no-paragraph",
            });
            continue;
        };
        let Some(entry) = report.get_mut(index) else {
            continue;
        };
        if citation.matter.is_empty() {
            entry.cited_by_catch_all = true;
        } else if !entry.cited_by.iter().any(|m| m == citation.matter) {
            entry.cited_by.push(citation.matter.to_string());
        }
        match citation.quote {
            None => entry.sentences.iter_mut().for_each(|s| s.covered = true),
            Some(quote) => {
                if !mark_quote(paragraph, quote, &mut entry.sentences) {
                    dangling.push(Dangling {
                        matter: citation.matter.to_string(),
                        paragraph: citation.paragraph.to_string(),
                        quote: Some(quote.to_string()),
                        problem: "quote-not-found",
                    });
                }
            }
        }
    }
    for undivided in &plan.undivided {
        match report.iter_mut().find(|p| p.id == undivided.paragraph) {
            Some(entry) => entry.explanation = Some(Explanation::Undivided(undivided.reason.clone())),
            None => dangling.push(Dangling {
                matter: String::new(),
                paragraph: undivided.paragraph.clone(),
                quote: None,
                problem: "no-paragraph",
            }),
        }
    }
    Coverage {
        paragraphs: report,
        dangling,
    }
}

/// Marks the sentences the quotation's pieces lie in; false when a piece is not in the
/// paragraph. Pieces are found in order, each after the previous one.
fn mark_quote(paragraph: &Paragraph, quote: &str, sentences: &mut [SentenceCoverage]) -> bool {
    let normalized: String = quote.chars().filter(|c| !c.is_whitespace()).collect();
    let mut from = 0usize;
    let mut ranges = Vec::new();
    for piece in normalized.split("……").filter(|p| !p.is_empty()) {
        let Some(found) = paragraph.text.get(from..).and_then(|rest| rest.find(piece)) else {
            return false;
        };
        let start = from + found;
        ranges.push(start..start + piece.len());
        from = start + piece.len();
    }
    // Sentences as byte ranges of the paragraph's text.
    let mut offset = 0usize;
    for (sentence, coverage) in paragraph.sentences.iter().zip(sentences.iter_mut()) {
        let range = offset..offset + sentence.len();
        if ranges.iter().any(|r| r.start < range.end && range.start < r.end) {
            coverage.covered = true;
        }
        offset = range.end;
    }
    true
}
