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

pub use markdown::{to_markdown, write_markdown};
pub use source_text::{Paragraph, Place, as_read, heading_titles, paragraphs};

use indexmap::IndexMap;

use crate::compile::Parts;
use crate::ir::{Matter, Plan};
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
    /// The items of a clause sentence's list (`将 A，B，C，确认为…`) that no rule's quotation
    /// reaches: a matter left out of a list whose other items are cited (before, the
    /// sentence counted as covered, and the plan passed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncovered_items: Vec<String>,
}

impl SentenceCoverage {
    /// Whether the sentence, and every item of its list, is cited.
    pub fn is_covered(&self) -> bool {
        self.covered && self.uncovered_items.is_empty()
    }
}

/// One citation that points at nothing. Kept small (boxed strings, a one-byte problem):
/// a plan can hold one per rule, and when all of them dangle (the wrong source given) the
/// list was the largest thing the coverage held: 1.7 times a 431 KB plan of 6,000 rules.
#[derive(Clone, Debug, Serialize)]
pub struct Dangling {
    /// The matter of the citing rule; empty for a `不划分` line.
    pub matter: Box<str>,
    pub paragraph: Box<str>,
    pub quote: Option<Box<str>>,
    pub problem: Problem,
}

/// Why a citation points at nothing; serialised `no-paragraph` or `quote-not-found`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// The source has no paragraph of that number.
    NoParagraph,
    /// The paragraph is there but the quotation is not in it.
    QuoteNotFound,
}

impl Coverage {
    /// Sentences of body paragraphs that no rule covers and no `不划分` explains.
    pub fn uncovered(&self) -> impl Iterator<Item = (&ParagraphCoverage, &SentenceCoverage)> {
        self.paragraphs
            .iter()
            .filter(|p| p.explanation.is_none())
            .flat_map(|p| p.sentences.iter().filter(|s| !s.covered).map(move |s| (p, s)))
    }

    /// The list items no rule cites, of sentences that rules cite otherwise: (paragraph,
    /// item).
    pub fn uncovered_items(&self) -> impl Iterator<Item = (&ParagraphCoverage, &str)> {
        self.paragraphs
            .iter()
            .filter(|p| p.explanation.is_none())
            .flat_map(|p| {
                p.sentences
                    .iter()
                    .filter(|s| s.covered)
                    .flat_map(move |s| s.uncovered_items.iter().map(move |item| (p, item.as_str())))
            })
    }

    /// Whether every sentence and list item is covered or explained and every citation
    /// points somewhere.
    pub fn is_complete(&self) -> bool {
        self.uncovered().next().is_none() && self.uncovered_items().next().is_none() && self.dangling.is_empty()
    }
}

/// The coverage of a whole plan held in memory: [`Tally`] over its matters, in order,
/// then its catch-all and its `不划分`.
pub fn coverage(plan: &Plan, source: &str) -> Coverage {
    let mut tally = Tally::new(source);
    tally.matters(plan.matters.iter());
    tally.finish(plan)
}

/// The coverage of a plan given part by part (`compile::Parts`): its declarations (or the
/// whole plan) and each part's matters.
pub fn coverage_of_parts(declarations: &Plan, parts: &dyn Parts, source: &str) -> Coverage {
    let mut tally = Tally::new(source);
    parts.each(&mut |part, tables| {
        tally.matters(
            tables
                .unwrap_or_default()
                .iter()
                .filter_map(|t| part.matters.get(t.matter)),
        );
    });
    tally.finish(declarations)
}

/// A source's coverage, counted as the plan's citations come: a matter at a time
/// ([`Tally::matters`]), so that a plan read part by part (`compile::Parts`) need not be
/// held whole. Each citation finds its paragraph by its number in an index, not by a walk
/// through the source.
struct Tally {
    paragraphs: Vec<Paragraph>,
    /// The first paragraph of each number.
    by_id: IndexMap<String, usize>,
    /// The paragraphs under each heading, by its number (`二`, `一(三)`): a citation of a
    /// heading (`§ "一(三)"`) cites the paragraphs under it.
    by_heading: IndexMap<String, Vec<usize>>,
    report: Vec<ParagraphCoverage>,
    /// What the quotations reach of each paragraph's text, as byte ranges (the whole text
    /// for a rule that quotes nothing): the list items are read against them at the end.
    quoted: Vec<Vec<std::ops::Range<usize>>>,
    dangling: Vec<Dangling>,
}

impl Tally {
    fn new(source: &str) -> Self {
        let paragraphs = paragraphs(source);
        let mut by_id = IndexMap::new();
        let mut by_heading: IndexMap<String, Vec<usize>> = IndexMap::new();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            by_id.entry(paragraph.id.clone()).or_insert(index);
            if paragraph.place == Place::Body {
                for heading in headings(&paragraph.id) {
                    by_heading.entry(heading).or_default().push(index);
                }
            }
        }
        let report = paragraphs
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
                        uncovered_items: Vec::new(),
                    })
                    .collect(),
                explanation: match p.place {
                    Place::Preamble => Some(Explanation::Preamble),
                    Place::Colophon => Some(Explanation::Colophon),
                    Place::Body => None,
                },
            })
            .collect();
        Tally {
            quoted: vec![Vec::new(); paragraphs.len()],
            paragraphs,
            by_id,
            by_heading,
            report,
            dangling: Vec::new(),
        }
    }

    /// Counts the citations of `matters` (of a plan, or of one part of it), in order. A
    /// matter's wording found in a paragraph it cites reaches that list item too: a clause
    /// such as `A，B，C，按照隶属关系分别确认为…` is quoted by its verb, once per matter,
    /// and each matter's wording says which item is its own.
    fn matters<'p>(&mut self, matters: impl Iterator<Item = &'p Matter>) {
        for matter in matters {
            // Each paragraph the matter cites is searched for its wording once.
            let mut searched: Vec<&str> = Vec::new();
            for rule in &matter.rules {
                let paragraph = rule.citation.paragraph.as_str();
                self.cite(&matter.name, paragraph, rule.citation.quote.as_deref());
                if let Some(wording) = &matter.wording
                    && !searched.contains(&paragraph)
                {
                    searched.push(paragraph);
                    self.find_wording(paragraph, wording);
                }
            }
        }
    }

    /// Where `wording` stands in the paragraph numbered `paragraph`, added to what the
    /// quotations reach; nothing when it is not there (a wording may be the drafter's own).
    fn find_wording(&mut self, paragraph: &str, wording: &str) {
        let Some(index) = self.by_id.get(&source_text::paragraph_number(paragraph)).copied() else {
            return;
        };
        let (Some(text), Some(quoted)) = (self.paragraphs.get(index), self.quoted.get_mut(index)) else {
            return;
        };
        let wording = source_text::as_read(wording);
        if let Some(at) = text.text.find(&wording).filter(|_| !wording.is_empty()) {
            quoted.push(at..at + wording.len());
        }
    }

    /// The coverage, once every matter is counted: the catch-all's citation and the
    /// paragraphs `不划分` explains, from `declarations` (the plan, or its declarations).
    fn finish(mut self, declarations: &Plan) -> Coverage {
        if let Some(unlisted) = &declarations.unlisted {
            self.cite("", &unlisted.citation.paragraph, unlisted.citation.quote.as_deref());
        }
        for undivided in &declarations.undivided {
            match self
                .by_id
                .get(&undivided.paragraph)
                .and_then(|i| self.report.get_mut(*i))
            {
                Some(entry) => entry.explanation = Some(Explanation::Undivided(undivided.reason.clone())),
                None => self.dangling.push(Dangling {
                    matter: Box::default(),
                    paragraph: undivided.paragraph.as_str().into(),
                    quote: None,
                    problem: Problem::NoParagraph,
                }),
            }
        }
        self.list_items();
        Coverage {
            paragraphs: self.report,
            dangling: self.dangling,
        }
    }

    /// Each cited sentence's list items that no quotation reaches. The ranges reached are
    /// sorted and merged first, and each item looks up the one that could reach it: a
    /// paragraph of thousands of items cited by thousands of rules costs their sum, not
    /// their product.
    fn list_items(&mut self) {
        for ((paragraph, entry), quoted) in self.paragraphs.iter().zip(&mut self.report).zip(&mut self.quoted) {
            if entry.explanation.is_some() {
                continue;
            }
            let reached = merged(quoted);
            let mut offset = 0usize;
            for (sentence, coverage) in paragraph.sentences.iter().zip(&mut entry.sentences) {
                if coverage.covered {
                    for item in source_text::list_items(sentence) {
                        let (start, end) = (offset + item.start, offset + item.end);
                        // The first range ending after the item starts reaches it if it
                        // starts before the item ends.
                        let first = reached.partition_point(|r| r.end <= start);
                        if reached.get(first).is_none_or(|r| r.start >= end) {
                            coverage.uncovered_items.extend(sentence.get(item).map(str::to_string));
                        }
                    }
                }
                offset += sentence.len();
            }
        }
    }

    /// One citation: by `matter` (the catch-all's when empty) of `paragraph` — a
    /// paragraph's number, or a heading's (the paragraphs under it, the quotation found in
    /// the first that holds it) — quoting `quote`.
    fn cite(&mut self, matter: &str, paragraph: &str, quote: Option<&str>) {
        let number = source_text::paragraph_number(paragraph);
        let candidates: Vec<usize> = match self.by_id.get(&number) {
            Some(index) => vec![*index],
            None => self.by_heading.get(&number).cloned().unwrap_or_default(),
        };
        if candidates.is_empty() {
            self.dangling.push(Dangling {
                matter: matter.into(),
                paragraph: paragraph.into(),
                quote: quote.map(Into::into),
                problem: Problem::NoParagraph,
            });
            return;
        }
        let found = match quote {
            // Without a quotation the whole of each paragraph is cited.
            None => candidates.clone(),
            Some(quote) => candidates
                .iter()
                .copied()
                .find(|index| self.quote_in(*index, quote))
                .into_iter()
                .collect(),
        };
        if found.is_empty() {
            self.dangling.push(Dangling {
                matter: matter.into(),
                paragraph: paragraph.into(),
                quote: quote.map(Into::into),
                problem: Problem::QuoteNotFound,
            });
            return;
        }
        for index in found {
            let (Some(paragraph_text), Some(entry), Some(quoted)) = (
                self.paragraphs.get(index),
                self.report.get_mut(index),
                self.quoted.get_mut(index),
            ) else {
                continue;
            };
            // A matter's rules are counted together, and names are unique: a matter
            // already named for this paragraph is the last one named.
            if matter.is_empty() {
                entry.cited_by_catch_all = true;
            } else if entry.cited_by.last().is_none_or(|m| m != matter) {
                entry.cited_by.push(matter.to_string());
            }
            match quote {
                None => {
                    entry.sentences.iter_mut().for_each(|s| s.covered = true);
                    quoted.push(0..paragraph_text.text.len());
                }
                Some(quote) => {
                    mark_quote(paragraph_text, quote, &mut entry.sentences, quoted);
                }
            }
        }
    }

    /// Whether the quotation's pieces are in paragraph `index`, in order.
    fn quote_in(&self, index: usize, quote: &str) -> bool {
        self.paragraphs.get(index).is_some_and(|p| pieces(p, quote).is_some())
    }
}

/// The headings a body paragraph stands under, by number: `一(三)2` under `一(三)` and
/// `一`, `二1` under `二`.
fn headings(id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let part: String = id.chars().take_while(|c| !c.is_ascii_digit() && *c != '(').collect();
    if part.is_empty() {
        return out;
    }
    let sectioned = id.get(part.len()..).is_some_and(|rest| rest.starts_with('('));
    if let Some(section) = id.find(')').filter(|_| sectioned).and_then(|close| id.get(..=close)) {
        out.push(section.to_string());
    }
    out.push(part);
    out
}

/// `ranges` sorted and merged where they overlap or touch (taken: they are not needed
/// after).
fn merged(ranges: &mut Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for range in ranges.drain(..) {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// Where the quotation's pieces lie in the paragraph's text, found in order, each after
/// the previous one; `None` when a piece is not there.
fn pieces(paragraph: &Paragraph, quote: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let normalized = source_text::as_read(quote);
    let mut from = 0usize;
    let mut ranges = Vec::new();
    for piece in normalized.split("……").filter(|p| !p.is_empty()) {
        let found = paragraph.text.get(from..).and_then(|rest| rest.find(piece))?;
        let start = from + found;
        ranges.push(start..start + piece.len());
        from = start + piece.len();
    }
    Some(ranges)
}

/// Marks the sentences the quotation's pieces lie in, and adds the pieces' ranges to
/// `quoted`; false when a piece is not in the paragraph.
fn mark_quote(
    paragraph: &Paragraph,
    quote: &str,
    sentences: &mut [SentenceCoverage],
    quoted: &mut Vec<std::ops::Range<usize>>,
) -> bool {
    let Some(ranges) = pieces(paragraph, quote) else {
        return false;
    };
    // Sentences as byte ranges of the paragraph's text.
    let mut offset = 0usize;
    for (sentence, coverage) in paragraph.sentences.iter().zip(sentences.iter_mut()) {
        let range = offset..offset + sentence.len();
        if ranges.iter().any(|r| r.start < range.end && range.start < r.end) {
            coverage.covered = true;
        }
        offset = range.end;
    }
    quoted.extend(ranges);
    true
}
