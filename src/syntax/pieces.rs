//! A long matter parsed a piece at a time: its head, runs of its rules, its closing brace.
//! pest keeps every token of what it parses until the parse ends, about 44 times the text
//! (BENCHMARKS.md): one matter of 16,000 rules (1.2 MB) took 96 MB while every other item
//! of a large plan is parsed alone ([`super::split`]). Pieces are cut at line breaks; a cut
//! that falls inside a rule (a rule written over several lines, a value set across a line)
//! leaves a piece that does not parse on its own, and the matter is then parsed whole, as
//! before. A cut between two rules gives the same rules as the whole parse: no rule can go
//! on past a line that ends a whole rule into a line that begins one. Pieces being
//! independent, the command parses them on every core (the `parallel` feature).

use pest::Parser;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use super::{Builder, QuanzeParser, Rule};
use crate::ast::{Document, Item};
use crate::span::{FileId, Span};

/// From this size on, a part that is one matter is parsed in pieces.
const LONG_MATTER: usize = 1 << 16;

/// About how much of the rule block one piece holds.
const PIECE: usize = 1 << 15;

/// The part `span` of `source` as [`super::parse_part`] parses it, when it is one long
/// matter and every piece parses; `None` otherwise (the caller parses the part whole).
pub(super) fn long_matter(file: FileId, source: &str, span: Span) -> Option<Document> {
    let part = source.get(span.start..span.end)?;
    if part.len() < LONG_MATTER {
        return None;
    }
    let open = block_open(part)?;
    let close = part.rfind(['}', '｝'])?;
    let mut findings = Vec::new();

    let head = Builder::new(file, span.start);
    let head_pair = QuanzeParser::parse(Rule::head_piece, part.get(..open)?)
        .ok()?
        .next()?
        .into_inner()
        .find(|pair| pair.as_rule() == Rule::matter_head)?;
    let mut matter = head.matter(head_pair).ok()?;
    findings.extend(head.findings.take());

    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut at = open;
    while at < close {
        let end = cut(part, at, close);
        pieces.push((at, end));
        at = end;
    }
    let read = read_pieces(file, part, span.start, &pieces)?;
    // Room for every rule at once: the matter's vector is not copied as it grows.
    matter
        .rules
        .reserve_exact(read.iter().map(|(rules, _)| rules.len()).sum());
    for (rules, found) in read {
        matter.rules.extend(rules);
        findings.extend(found);
    }

    let end = Builder::new(file, span.start + close);
    let brace = QuanzeParser::parse(Rule::end_piece, part.get(close..)?)
        .ok()?
        .next()?
        .into_inner()
        .find(|pair| pair.as_rule() == Rule::rbrace)?;
    let brace = end.at(brace.as_span());
    matter.close = Some(brace);
    matter.span = Span::new(matter.span.start, brace.end);
    Some(Document {
        items: vec![Item::Matter(matter)],
        findings,
    })
}

/// Every piece's rules, in order; `None` when one does not parse alone. With the `parallel`
/// feature (the command's) on every core at once, rayon keeping their order: pest is most
/// of the time a large plan takes (BENCHMARKS.md).
#[cfg(feature = "parallel")]
fn read_pieces(file: FileId, part: &str, offset: usize, pieces: &[(usize, usize)]) -> Option<Vec<Piece>> {
    pieces
        .par_iter()
        .map(|(at, end)| rules_of(file, part, offset, *at, *end))
        .collect()
}

/// Every piece's rules, in order, one after another: the library alone starts no thread.
#[cfg(not(feature = "parallel"))]
fn read_pieces(file: FileId, part: &str, offset: usize, pieces: &[(usize, usize)]) -> Option<Vec<Piece>> {
    pieces
        .iter()
        .map(|(at, end)| rules_of(file, part, offset, *at, *end))
        .collect()
}

/// A piece's rules, and what the walk noticed of their writing.
type Piece = (Vec<crate::ast::Rule>, Vec<crate::diagnostic::Diagnostic>);

/// The rules of the piece `at..end` of `part` (which starts at `offset` in the file), and
/// what the walk noticed of their writing; `None` when the piece does not parse alone.
fn rules_of(file: FileId, part: &str, offset: usize, at: usize, end: usize) -> Option<Piece> {
    let builder = Builder::new(file, offset + at);
    let piece = QuanzeParser::parse(Rule::rules_piece, part.get(at..end)?)
        .ok()?
        .next()?;
    let rules = piece
        .into_inner()
        .filter(|pair| pair.as_rule() == Rule::rule)
        .map(|pair| builder.rule(pair).ok())
        .collect::<Option<Vec<_>>>()?;
    Some((rules, builder.findings.take()))
}

/// Just past the first brace of `part` outside quotes and comments: where a matter's rule
/// block opens, if the part is a matter with one.
fn block_open(part: &str) -> Option<usize> {
    let mut chars = part.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' | '｛' => return Some(at + c.len_utf8()),
            '"' => while chars.next().is_some_and(|(_, c)| c != '"') {},
            '“' => while chars.next().is_some_and(|(_, c)| c != '”') {},
            '#' => while chars.next().is_some_and(|(_, c)| c != '\n') {},
            '/' if chars.peek().is_some_and(|(_, c)| *c == '/') => {
                while chars.next().is_some_and(|(_, c)| c != '\n') {}
            }
            _ => {}
        }
    }
    None
}

/// Where the piece that starts at `at` ends: just past the first line break after about
/// [`PIECE`] bytes, or at `close`.
fn cut(part: &str, at: usize, close: usize) -> usize {
    let mut target = at + PIECE;
    while target < close && !part.is_char_boundary(target) {
        target += 1;
    }
    part.get(target..close)
        .and_then(|rest| rest.find('\n'))
        .map_or(close, |line_end| target + line_end + 1)
}

/// The part `span` of `source`, a section (`章节`) that does not parse whole, with the
/// matters and catch-alls in it that parse on their own: a slip in one matter leaves out
/// that matter, not its section's others (issue 19). `None` when the part is no section,
/// or its heading does not parse.
pub(super) fn section_without_broken_matters(file: FileId, source: &str, span: Span) -> Option<Document> {
    let part = source.get(span.start..span.end)?;
    let open = block_open(part)?;
    let close = part.rfind(['}', '｝'])?;
    if close < open {
        return None;
    }
    // The heading read with an empty block: every span of it is a place in the file; the
    // closing brace, read right after the heading, is set to the real one below.
    let heading = format!("{}}}", part.get(..open)?);
    let root = QuanzeParser::parse(Rule::file, &heading).ok()?.next()?;
    let read = Builder::new(file, span.start).document(root).ok()?;
    let mut findings = read.findings;
    let Some(Item::Section(mut section)) = read.items.into_iter().next() else {
        return None;
    };
    let brace = part.get(close..)?.chars().next().map_or(1, char::len_utf8);
    section.close = Span::new(span.start + close, span.start + close + brace);
    section.span = Span::new(section.span.start, section.close.end);

    let body = part.get(open..close)?;
    for inner in super::split(body) {
        let inner = Span::new(span.start + open + inner.span.start, span.start + open + inner.span.end);
        let Ok(parsed) = super::parse_part(file, source, inner) else {
            continue;
        };
        for item in parsed.items {
            match item {
                Item::Matter(matter) => section.matters.push(matter),
                Item::Unlisted(unlisted) => section.unlisted.push(unlisted),
                // Nothing else stands in a section: text that reads as another item is
                // not the section's, and is left out with the broken matter.
                _ => {}
            }
        }
        findings.extend(parsed.findings);
    }
    Some(Document {
        items: vec![Item::Section(section)],
        findings,
    })
}
