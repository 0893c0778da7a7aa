//! Phase 1, syntax: source text → [`ast::Document`].
//!
//! pest does the parsing (grammar in `grammar/quanze.pest`); this module walks the pairs
//! into the syntax tree and turns a pest error into a drafter's diagnostic (E0001) in
//! words, never grammar-rule names (see [`expected`]).

mod expected;
pub mod keywords;
mod pieces;
mod recover;
mod split;
mod tokens;
mod written;

pub use recover::{MAX_SYNTAX_ERRORS, errors_from, parsed_items};
pub use split::{Part, PartKind, split, split_first};
pub use tokens::{Column, Punctuation, Token, TokenKind, tokens};

use pest::Parser;
use pest::iterators::Pair;
use unicode_normalization::UnicodeNormalization;

use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tr;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/quanze.pest"]
struct QuanzeParser;

/// A plan is parsed a run of items of about this size at a time ([`parse_by_parts`]).
/// pest keeps its tokens (some 8 bytes for every byte parsed) in one vector that doubles
/// as it grows: parsed whole, the real plan's 15 KB had it grow to 164 KB, past malloc's
/// threshold for a mapping of its own, and the fresh pages and the unmapping cost `check`
/// about a millisecond of system time, more than all its instructions (BENCHMARKS.md). A
/// run of 2 KB is parsed in the memory the run before it freed.
const CHUNK: usize = 1 << 11;

/// Parses one file. A syntax error stops the phase: there is one diagnostic, at the
/// first place the text stops making sense.
pub fn parse(file: FileId, source: &str) -> Result<Document, Box<Diagnostic>> {
    if source.len() > CHUNK
        && let Some(document) = parse_by_parts(file, source)
    {
        return Ok(document);
    }
    parse_whole(file, source)
}

/// The whole file in one pest parse, never by parts: what [`parse_by_parts`] is
/// compared with (tests/streaming.rs).
pub fn parse_at_once(file: FileId, source: &str) -> Result<Document, Box<Diagnostic>> {
    parse_whole(file, source)
}

/// [`parse`], and on a syntax error every syntax error of the file ([`errors_from`]), in
/// the order of their place: what a drafter is shown when the file does not parse.
pub fn parse_or_errors(file: FileId, source: &str) -> Result<Document, Vec<Diagnostic>> {
    parse(file, source).map_err(|first| errors_from(file, source, *first))
}

/// The same tree as parsing the whole file at once, built a run of items at a time
/// ([`split`], runs of about [`CHUNK`] bytes; an item larger than that alone): pest's
/// tokens for a whole file take about 44 times its size, for one run they are gone before
/// the next is read, so only the tree itself is held (issue 14).
/// `None` for an amendment (never split) and wherever an item does not parse alone: the
/// caller then parses the whole file, and reports its syntax error as always.
pub fn parse_by_parts(file: FileId, source: &str) -> Option<Document> {
    parse_parts_shrunk(file, source, &mut |_| {})
}

/// [`parse`] item by item, each item handed to `shrink` as soon as it is built, so that
/// only shrunk items are ever held together (an amendment's large base keeps the rules of
/// the matters it amends only: `crate::amend::outline`). Where the file does not parse
/// item by item, it is parsed whole, then shrunk.
pub fn parse_shrunk(
    file: FileId,
    source: &str,
    shrink: &mut dyn FnMut(&mut Item),
) -> Result<Document, Box<Diagnostic>> {
    if let Some(document) = parse_parts_shrunk(file, source, shrink) {
        return Ok(document);
    }
    let mut document = parse_whole(file, source)?;
    document.items.iter_mut().for_each(shrink);
    Ok(document)
}

/// [`parse_by_parts`], each part's items shrunk before the next part is parsed.
fn parse_parts_shrunk(file: FileId, source: &str, shrink: &mut dyn FnMut(&mut Item)) -> Option<Document> {
    let parts = plan_parts(source).filter(|parts| !parts.is_empty())?;
    let mut document = Document {
        items: Vec::new(),
        findings: Vec::new(),
    };
    for run in runs(&parts) {
        let mut parsed = parse_part(file, source, run).ok()?;
        parsed.items.iter_mut().for_each(&mut *shrink);
        document.items.extend(parsed.items);
        document.findings.extend(parsed.findings);
    }
    // As `parse_whole` does: bidirectional controls anywhere, comments between parts too.
    let bidi = written::bidi_controls(file, source, &document.findings);
    document.findings.extend(bidi);
    document
        .findings
        .sort_by_key(|d| d.primary.as_ref().map(|l| l.span.start));
    Some(document)
}

/// The stretches of text [`parse_by_parts`] parses at once: consecutive items
/// ([`read_span`]) joined until a run holds [`CHUNK`] bytes; an item of that size or more
/// is a run of its own (a long matter is then parsed in pieces, `pieces.rs`).
fn runs(parts: &[Part]) -> Vec<Span> {
    let mut runs: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    for (index, part) in parts.iter().enumerate() {
        let span = read_span(index, part);
        current = match current {
            Some(run) if run.end - run.start < CHUNK && span.end - span.start < CHUNK => {
                Some(Span::new(run.start, span.end))
            }
            Some(run) => {
                runs.push(run);
                Some(span)
            }
            None => Some(span),
        };
    }
    runs.extend(current);
    runs
}

/// The top-level items of a plan's text ([`split`]); `None` for an amendment, which is
/// never read item by item.
fn plan_parts(source: &str) -> Option<Vec<Part>> {
    let parts = split(source);
    (!parts.iter().any(|part| part.kind == PartKind::Amendment)).then_some(parts)
}

/// The stretches of a plan's text read one item at a time ([`split`], [`read_span`]): they
/// follow each other from the start of the file to its end. `None` for an amendment, and
/// for a text with no item (only comments, or nothing).
pub fn item_spans(source: &str) -> Option<Vec<Span>> {
    let parts = plan_parts(source).filter(|parts| !parts.is_empty())?;
    Some(
        parts
            .iter()
            .enumerate()
            .map(|(index, part)| read_span(index, part))
            .collect(),
    )
}

/// What is read as the part `index` of a file: what comes before the first item is read
/// with it (comments there are skipped as pest skips them, and anything else is the
/// whole file's error, not ignored).
fn read_span(index: usize, part: &Part) -> Span {
    if index == 0 {
        Span::new(0, part.span.end)
    } else {
        part.span
    }
}

fn parse_whole(file: FileId, source: &str) -> Result<Document, Box<Diagnostic>> {
    let mut pairs = QuanzeParser::parse(Rule::file, source)
        .map_err(|error| Box::new(expected::diagnostic(file, source, &error)))?;
    let root = pairs.next().ok_or_else(|| shape_bug(file, Span::default()))?;
    let builder = Builder::new(file, 0);
    let mut document = builder.document(root)?;
    let bidi = written::bidi_controls(file, source, &document.findings);
    document.findings.extend(bidi);
    document
        .findings
        .sort_by_key(|d| d.primary.as_ref().map(|l| l.span.start));
    Ok(document)
}

/// Parses the part `span` of a file (one or more whole items, as [`split`] finds them);
/// every span in the tree is a place in the whole file.
pub fn parse_part(file: FileId, source: &str, span: Span) -> Result<Document, Box<Diagnostic>> {
    if let Some(document) = pieces::long_matter(file, source, span) {
        return Ok(document);
    }
    let part = source.get(span.start..span.end).unwrap_or("");
    let mut pairs = QuanzeParser::parse(Rule::file, part).map_err(|error| {
        let mut diagnostic = expected::diagnostic(file, part, &error);
        for label in diagnostic.primary.iter_mut().chain(diagnostic.secondary.iter_mut()) {
            label.span = Span::new(label.span.start + span.start, label.span.end + span.start);
        }
        Box::new(diagnostic)
    })?;
    let root = pairs.next().ok_or_else(|| shape_bug(file, span))?;
    Builder::new(file, span.start).document(root)
}

/// The bidirectional controls of a whole file (W0010), which [`parse`] adds to the
/// document's findings: [`parse_part`] sees only its part, and no comment between parts.
pub fn bidi_controls(file: FileId, source: &str) -> Vec<Diagnostic> {
    written::bidi_controls(file, source, &[])
}

/// pest's bare parse of a whole file, building no syntax tree: whether the text parses.
/// Only for measuring the pipeline against the parser alone (benches/pipeline.rs).
pub fn parses(source: &str) -> bool {
    QuanzeParser::parse(Rule::file, source).is_ok()
}

/// The grammar guarantees the shape of every pair this module reads; a pair of another
/// shape is a bug in quanze, reported (never a panic) so the drafter can send it to us.
fn shape_bug(file: FileId, span: Span) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(
            Code::E0001,
            tr!(
                "语法树结构异常（这是 quanze 的缺陷，请报告）",
                "unexpected syntax tree shape (a bug in quanze, please report it)"
            ),
        )
        .primary(file, span, tr!("此处", "here")),
    )
}

struct Builder {
    file: FileId,
    /// Where the parsed text starts in the file.
    offset: usize,
    /// How names and quotations are written (`written.rs`); the walk only reads pairs, so
    /// it adds to these through a shared reference.
    findings: std::cell::RefCell<Vec<Diagnostic>>,
}

type Built<T> = Result<T, Box<Diagnostic>>;

impl Builder {
    fn new(file: FileId, offset: usize) -> Builder {
        Builder {
            file,
            offset,
            findings: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// A place in the whole file: pest's positions are in the text it was given, which is
    /// one item of the file when parsing item by item (`parse_item`).
    fn at(&self, span: pest::Span<'_>) -> Span {
        Span::new(self.offset + span.start(), self.offset + span.end())
    }

    /// A pair's span without the whitespace and comments pest lets a sequence swallow after
    /// its last token (`a ~ b?` keeps the space it skipped looking for `b`): labels underline
    /// the drafter's words, not the line break after them.
    fn tight(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        let mut end = pair.as_span().end();
        let mut current = pair.clone();
        // Quoted text is one token: its inner pair ends before the closing quote.
        while current.as_rule() != Rule::text {
            let Some(last) = current.clone().into_inner().next_back() else {
                break;
            };
            end = last.as_span().end();
            current = last;
        }
        Span::new(self.offset + start, self.offset + end)
    }

    /// An identifier, in the form names are compared in (NFKC, `written.rs`).
    fn name(&self, pair: Pair<'_, Rule>) -> Name {
        let span = self.at(pair.as_span());
        let findings = &mut self.findings.borrow_mut();
        let value = written::name(self.file, pair.as_str(), span.start, written::Form::Nfkc, findings);
        Name::new(value, span)
    }

    /// A quoted text without its quotes; the span covers the quotes too, so a label on it
    /// underlines what the drafter sees as one token. Kept as written.
    fn text(&self, pair: Pair<'_, Rule>) -> Name {
        let span = self.at(pair.as_span());
        let inner = pair.into_inner().next();
        let (raw, start) = inner.map_or(("", span.start), |p| (p.as_str(), self.offset + p.as_span().start()));
        written::quotation(self.file, raw, start, &mut self.findings.borrow_mut());
        Name::new(raw.to_string(), span)
    }

    /// A quoted text that names something (a 文号, a paragraph), in the form such names are
    /// compared in (NFC, `written.rs`).
    fn text_name(&self, pair: Pair<'_, Rule>) -> Name {
        let span = self.at(pair.as_span());
        let inner = pair.into_inner().next();
        let (raw, start) = inner.map_or(("", span.start), |p| (p.as_str(), self.offset + p.as_span().start()));
        let findings = &mut self.findings.borrow_mut();
        let value = written::name(self.file, raw, start, written::Form::Nfc, findings);
        Name::new(value, span)
    }

    fn first_text(&self, pair: Pair<'_, Rule>) -> Option<Name> {
        pair.into_inner()
            .find(|p| p.as_rule() == Rule::text)
            .map(|p| self.text(p))
    }

    fn all_texts(&self, pair: Pair<'_, Rule>) -> Vec<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::text)
            .map(|p| self.text(p))
            .collect()
    }

    /// Every name in `pair`, those of a value set (`{甲, 乙}`) and of an own value (`自设 甲`)
    /// included: no name holds another, so the names at any depth are these.
    fn all_names(&self, pair: Pair<'_, Rule>) -> Vec<Name> {
        // Counted first, so that the list is allocated once at its size: most hold one name
        // and a long matter holds thousands of lists at once (issue 14), and a list grown
        // then shrunk to fit cost a large parse a tenth of its time (issue 16).
        let pairs = pair.into_inner().flatten().filter(|p| p.as_rule() == Rule::name);
        let mut names = Vec::with_capacity(pairs.clone().count());
        names.extend(pairs.map(|p| self.name(p)));
        names
    }

    fn need<T>(&self, value: Option<T>, span: Span) -> Built<T> {
        value.ok_or_else(|| shape_bug(self.file, span))
    }

    fn document(&self, root: Pair<'_, Rule>) -> Built<Document> {
        let mut items = Vec::new();
        for pair in root.into_inner() {
            if pair.as_rule() == Rule::amendment {
                for inner in pair.into_inner() {
                    self.item(inner, &mut items)?;
                }
            } else {
                self.item(pair, &mut items)?;
            }
        }
        Ok(Document {
            items,
            findings: self.findings.take(),
        })
    }

    fn item(&self, pair: Pair<'_, Rule>, items: &mut Vec<Item>) -> Built<()> {
        let item = match pair.as_rule() {
            Rule::header => Item::Header(self.header(pair)?),
            Rule::amendment_header => Item::AmendmentHeader(self.header(pair)?),
            Rule::levels_decl => Item::Levels(self.levels(pair)?),
            Rule::dimension_decl => Item::Dimension(self.dimension(pair)?),
            Rule::value_set_decl => Item::ValueSet(self.value_set(pair)?),
            Rule::section => Item::Section(self.section(pair)?),
            Rule::matter => Item::Matter(self.matter(pair)?),
            Rule::unlisted => Item::Unlisted(self.unlisted(pair)?),
            Rule::limit_decl => Item::Limit(self.limit(pair)?),
            Rule::undivided => {
                let span = self.tight(&pair);
                let mut texts = pair.into_inner().filter(|p| p.as_rule() == Rule::text);
                Item::Undivided(Undivided {
                    paragraph: self.need(texts.next().map(|p| self.text_name(p)), span)?,
                    reason: self.need(texts.next().map(|p| self.text(p)), span)?,
                    span,
                })
            }
            Rule::amend_matter => Item::AmendMatter(self.amend_matter(pair)?),
            Rule::remove_matter => Item::RemoveMatter(self.remove_matter(pair)?),
            Rule::rename_matter => Item::RenameMatter(self.rename_matter(pair)?),
            Rule::extend_values => Item::ExtendValues(self.extend_values(pair)?),
            Rule::move_value => Item::MoveValue(self.move_value(pair)?),
            _ => return Ok(()),
        };
        items.push(item);
        Ok(())
    }

    fn amend_matter(&self, pair: Pair<'_, Rule>) -> Built<AmendMatter> {
        let span = self.at(pair.as_span());
        let (mut keyword, mut matter, mut ops) = (None, None, Vec::new());
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_amend => keyword = Some(self.at(part.as_span())),
                Rule::name => matter = Some(self.name(part)),
                Rule::remove_rule | Rule::replace_rule | Rule::change_outcome | Rule::add_rule => {
                    ops.push(self.rule_op(part)?);
                }
                _ => {}
            }
        }
        Ok(AmendMatter {
            keyword: self.need(keyword, span)?,
            matter: self.need(matter, span)?,
            ops,
        })
    }

    fn rule_op(&self, pair: Pair<'_, Rule>) -> Built<RuleOp> {
        let span = self.tight(&pair);
        let kind = pair.as_rule();
        let (mut target, mut rule, mut outcome, mut citation) = (None, None, None, None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::rule_target => {
                    let inner = self.need(part.into_inner().next(), span)?;
                    target = Some(match inner.as_rule() {
                        Rule::text => RuleTarget::Paragraph(self.text_name(inner)),
                        _ => RuleTarget::Label(self.name(inner)),
                    });
                }
                Rule::rule => rule = Some(self.rule(part)?),
                Rule::outcome => outcome = Some(self.outcome(part)?),
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        Ok(match kind {
            Rule::remove_rule => RuleOp::Remove {
                target: self.need(target, span)?,
                citation: self.need(citation, span)?,
                span,
            },
            Rule::replace_rule => RuleOp::Replace {
                target: self.need(target, span)?,
                rule: self.need(rule, span)?,
                span,
            },
            Rule::change_outcome => RuleOp::Change {
                target: self.need(target, span)?,
                outcome: self.need(outcome, span)?,
                citation: self.need(citation, span)?,
                span,
            },
            _ => RuleOp::Add {
                rule: self.need(rule, span)?,
                span,
            },
        })
    }

    fn remove_matter(&self, pair: Pair<'_, Rule>) -> Built<RemoveMatter> {
        let span = self.tight(&pair);
        let (mut matter, mut citation) = (None, None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => matter = Some(self.name(part)),
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        Ok(RemoveMatter {
            matter: self.need(matter, span)?,
            citation: self.need(citation, span)?,
            span,
        })
    }

    fn rename_matter(&self, pair: Pair<'_, Rule>) -> Built<RenameMatter> {
        let span = self.tight(&pair);
        let (mut names, mut citation) = (Vec::new(), None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => names.push(self.name(part)),
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Ok(RenameMatter {
            from: self.need(names.next(), span)?,
            to: self.need(names.next(), span)?,
            citation: self.need(citation, span)?,
            span,
        })
    }

    fn extend_values(&self, pair: Pair<'_, Rule>) -> Built<ExtendValues> {
        let span = self.tight(&pair);
        let (mut dimension, mut values, mut citation) = (None, Vec::new(), None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => dimension = Some(self.name(part)),
                Rule::value_list => values = self.all_names(part),
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        Ok(ExtendValues {
            dimension: self.need(dimension, span)?,
            values,
            citation: self.need(citation, span)?,
            span,
        })
    }

    fn header(&self, pair: Pair<'_, Rule>) -> Built<Header> {
        let span = self.at(pair.as_span());
        let (mut keyword, mut title, mut fields) = (None, None, Vec::new());
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_policy | Rule::kw_amendment => keyword = Some(self.at(part.as_span())),
                Rule::text => title = Some(self.text(part)),
                Rule::number_field => {
                    let number = part.into_inner().find(|p| p.as_rule() == Rule::text);
                    fields.push(HeaderField::Number(self.need(number.map(|p| self.text_name(p)), span)?));
                }
                Rule::issued_field => {
                    let date = part
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::date)
                        .map(|p| Name::new(p.as_str().to_string(), self.at(p.as_span())));
                    fields.push(HeaderField::Issued(self.need(date, span)?));
                }
                Rule::basis_field => fields.push(HeaderField::Basis(self.all_texts(part))),
                Rule::excerpt_field => fields.push(HeaderField::Excerpt(self.tight(&part))),
                Rule::effective_field => {
                    let date = part
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::date)
                        .map(|p| Name::new(p.as_str().to_string(), self.at(p.as_span())));
                    fields.push(HeaderField::Effective(self.need(date, span)?));
                }
                // Both name another plan the same way: its 文号, then its file if given.
                Rule::amends_field | Rule::refines_field => {
                    let amends = part.as_rule() == Rule::amends_field;
                    let mut texts = part.into_inner().filter(|p| p.as_rule() == Rule::text);
                    let number = self.need(texts.next().map(|p| self.text_name(p)), span)?;
                    let path = texts.next().map(|p| self.text(p));
                    fields.push(if amends {
                        HeaderField::Amends { number, path }
                    } else {
                        HeaderField::Refines { number, path }
                    });
                }
                Rule::subdivides_field => {
                    let field_span = self.tight(&part);
                    let mut names = self.all_names(part).into_iter();
                    let parent = self.need(names.next(), field_span)?;
                    fields.push(HeaderField::Subdivides {
                        parent,
                        into: names.collect(),
                        span: field_span,
                    });
                }
                _ => {}
            }
        }
        Ok(Header {
            keyword: self.need(keyword, span)?,
            title: self.need(title, span)?,
            fields,
        })
    }

    fn levels(&self, pair: Pair<'_, Rule>) -> Built<LevelsDecl> {
        let span = self.at(pair.as_span());
        let mut keyword = None;
        let mut levels = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_levels => keyword = Some(self.at(part.as_span())),
                Rule::name => levels.push(self.name(part)),
                _ => {}
            }
        }
        Ok(LevelsDecl {
            keyword: self.need(keyword, span)?,
            levels,
        })
    }

    fn dimension(&self, pair: Pair<'_, Rule>) -> Built<DimensionDecl> {
        let span = self.tight(&pair);
        let (mut dim_name, mut values, mut own) = (None, None, Vec::new());
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => dim_name = Some(self.name(part)),
                Rule::level_valued => values = Some(DimensionValues::Levels(self.at(part.as_span()))),
                Rule::numeric_kind => values = Some(self.numeric_kind(part)?),
                Rule::value_list => {
                    own = part
                        .clone()
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::own_value)
                        .flat_map(|p| p.into_inner().filter(|q| q.as_rule() == Rule::name))
                        .map(|p| p.as_str().nfkc().collect())
                        .collect();
                    values = Some(DimensionValues::Listed(self.all_names(part)));
                }
                _ => {}
            }
        }
        Ok(DimensionDecl {
            name: self.need(dim_name, span)?,
            values: self.need(values, span)?,
            own,
            span,
        })
    }

    fn value_set(&self, pair: Pair<'_, Rule>) -> Built<ValueSetDecl> {
        let span = self.tight(&pair);
        let mut names = Vec::new();
        let (mut values, mut list) = (Vec::new(), None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => names.push(self.name(part)),
                Rule::set_values => {
                    list = Some(self.tight(&part));
                    values = self.all_names(part);
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Ok(ValueSetDecl {
            name: self.need(names.next(), span)?,
            dimension: self.need(names.next(), span)?,
            values,
            list: self.need(list, span)?,
            span,
        })
    }

    fn move_value(&self, pair: Pair<'_, Rule>) -> Built<MoveValue> {
        let span = self.tight(&pair);
        let (mut names, mut citation) = (Vec::new(), None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => names.push(self.name(part)),
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Ok(MoveValue {
            value: self.need(names.next(), span)?,
            set: self.need(names.next(), span)?,
            citation: self.need(citation, span)?,
            span,
        })
    }

    fn numeric_kind(&self, pair: Pair<'_, Rule>) -> Built<DimensionValues> {
        let span = self.tight(&pair);
        let (mut unit, mut range, mut integer) = (None, None, false);
        let (mut date, mut range_in_days) = (false, false);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::unit => unit = part.into_inner().next().map(|p| self.name(p)),
                Rule::interval => {
                    range_in_days = in_days(&part);
                    range = Some(self.interval(part)?);
                }
                Rule::kw_integer => integer = true,
                Rule::kw_date => date = true,
                _ => {}
            }
        }
        Ok(DimensionValues::Numeric {
            unit,
            range,
            integer: integer || date,
            date,
            range_in_days,
            span,
        })
    }

    /// `[5000, 10000)`: the brackets say whether each end is included.
    fn interval(&self, pair: Pair<'_, Rule>) -> Built<Spanned<crate::numeric::Interval>> {
        use crate::numeric::{Bound, Interval};
        let span = self.tight(&pair);
        let (mut lo_closed, mut hi_closed) = (true, true);
        let mut bounds = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::lparen => lo_closed = false,
                Rule::rparen => hi_closed = false,
                Rule::bound => bounds.push(self.bound(part)?),
                _ => {}
            }
        }
        let mut bounds = bounds.into_iter();
        let (lo, hi) = (self.need(bounds.next(), span)?, self.need(bounds.next(), span)?);
        Ok(Spanned::new(
            Interval {
                lo: Bound {
                    value: lo,
                    closed: lo_closed && lo.is_some(),
                },
                hi: Bound {
                    value: hi,
                    closed: hi_closed && hi.is_some(),
                },
            },
            span,
        ))
    }

    /// A number, or `None` for infinity.
    fn bound(&self, pair: Pair<'_, Rule>) -> Built<Option<crate::numeric::Number>> {
        let span = self.tight(&pair);
        let inner = self.need(pair.into_inner().next(), span)?;
        match inner.as_rule() {
            Rule::number => Ok(Some(self.number(&inner)?)),
            Rule::day => Ok(Some(self.day(&inner)?)),
            _ => Ok(None),
        }
    }

    /// A day as written (`2025-01-01`), as its number of days since 1970-01-01; a day the
    /// calendar lacks (`2025-02-30`) is E0015.
    fn day(&self, pair: &Pair<'_, Rule>) -> Built<crate::numeric::Number> {
        let written = pair.as_str();
        match crate::calendar::Day::parse(written) {
            Ok(day) => Ok(crate::numeric::day_number(day)),
            Err(_) => Err(Box::new(
                Diagnostic::new(
                    Code::E0015,
                    tr!("`{written}` 不是一个存在的日期", "`{written}` is not a real date"),
                )
                .primary(self.file, self.at(pair.as_span()), tr!("没有这一天", "no such day"))
                .note(tr!(
                    "日期写作 年-月-日，如 `2025-01-01`",
                    "write dates as year-month-day, e.g. `2025-01-01`"
                )),
            )),
        }
    }

    /// A number as written; too many decimals or digits is a syntax error in words.
    fn number(&self, pair: &Pair<'_, Rule>) -> Built<crate::numeric::Number> {
        let span = self.at(pair.as_span());
        crate::numeric::parse_number(pair.as_str()).ok_or_else(|| {
            let written = pair.as_str();
            Box::new(
                Diagnostic::new(
                    Code::E0001,
                    tr!(
                        "数 `{written}` 太长：最多 24 位整数、6 位小数",
                        "the number `{written}` is too long: at most 24 digits and 6 decimals"
                    ),
                )
                .primary(self.file, span, tr!("无法表示的数", "number out of range")),
            )
        })
    }

    fn section(&self, pair: Pair<'_, Rule>) -> Built<Section> {
        let span = self.tight(&pair);
        let (mut id, mut title, mut close) = (None, None, None);
        let (mut matters, mut unlisted) = (Vec::new(), Vec::new());
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::text => id = Some(self.text_name(part)),
                Rule::section_title => {
                    title = part.into_inner().next().map(|inner| match inner.as_rule() {
                        Rule::text => self.text(inner),
                        _ => self.name(inner),
                    })
                }
                Rule::matter => matters.push(self.matter(part)?),
                Rule::unlisted => unlisted.push(self.unlisted(part)?),
                Rule::rbrace => close = Some(self.at(part.as_span())),
                _ => {}
            }
        }
        Ok(Section {
            id: self.need(id, span)?,
            title,
            matters,
            unlisted,
            span,
            close: self.need(close, span)?,
        })
    }

    fn limit(&self, pair: Pair<'_, Rule>) -> Built<LimitDecl> {
        let span = self.tight(&pair);
        let (mut level, mut kind, mut hundredths, mut citation) = (None, LimitKind::Spending, None, None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::name => level = Some(self.name(part)),
                Rule::kw_power => kind = LimitKind::Power,
                Rule::percent => {
                    let value = parse_hundredths(part.as_str());
                    hundredths = Some(Spanned::new(self.need(value, span)?, self.at(part.as_span())));
                }
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        Ok(LimitDecl {
            level: self.need(level, span)?,
            kind,
            hundredths: self.need(hundredths, span)?,
            citation,
            span,
        })
    }

    fn matter(&self, pair: Pair<'_, Rule>) -> Built<Matter> {
        let span = self.tight(&pair);
        let (mut matter_name, mut wording, mut close) = (None, None, None);
        let (mut by, mut rules, mut own) = (Vec::new(), Vec::new(), false);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_own_matter => own = true,
                Rule::name => matter_name = Some(self.name(part)),
                Rule::text => wording = Some(self.text(part)),
                Rule::by_clause => by = self.all_names(part),
                Rule::inline_rule => rules.push(self.rule(part)?),
                Rule::rule_block => {
                    for inner in part.into_inner() {
                        match inner.as_rule() {
                            Rule::rule => rules.push(self.rule(inner)?),
                            Rule::rbrace => close = Some(self.at(inner.as_span())),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(Matter {
            name: self.need(matter_name, span)?,
            own,
            wording,
            by,
            rules,
            span,
            close,
        })
    }

    /// A rule of a block, or a matter's inline rule (which has no condition: every case).
    fn rule(&self, pair: Pair<'_, Rule>) -> Built<crate::ast::Rule> {
        let span = self.tight(&pair);
        let (mut label, mut condition, mut outcome, mut citation) = (None, None, None, None);
        let mut overrides = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::label => label = part.into_inner().next().map(|p| self.name(p)),
                Rule::condition => condition = Some(self.condition(part)?),
                Rule::arrow if condition.is_none() => condition = Some(Condition::Any(self.at(part.as_span()))),
                Rule::outcome => outcome = Some(self.outcome(part)?),
                Rule::citation => citation = Some(self.citation(part)?),
                Rule::overrides => overrides = self.all_names(part),
                _ => {}
            }
        }
        Ok(crate::ast::Rule {
            label,
            condition: self.need(condition, span)?,
            outcome: self.need(outcome, span)?,
            citation: self.need(citation, span)?,
            overrides,
            span,
        })
    }

    fn unlisted(&self, pair: Pair<'_, Rule>) -> Built<Unlisted> {
        let span = self.at(pair.as_span());
        let (mut keyword, mut outcome, mut citation) = (None, None, None);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_unlisted => keyword = Some(self.at(part.as_span())),
                Rule::outcome => outcome = Some(self.outcome(part)?),
                Rule::citation => citation = Some(self.citation(part)?),
                _ => {}
            }
        }
        Ok(Unlisted {
            keyword: self.need(keyword, span)?,
            outcome: self.need(outcome, span)?,
            citation: self.need(citation, span)?,
        })
    }

    fn condition(&self, pair: Pair<'_, Rule>) -> Built<Condition> {
        let span = self.tight(&pair);
        let inner = self.need(pair.into_inner().next(), span)?;
        match inner.as_rule() {
            Rule::kw_otherwise => Ok(Condition::Otherwise(span)),
            Rule::kw_any => Ok(Condition::Any(span)),
            _ => {
                let mut disjuncts = Vec::new();
                for conjunction in inner.into_inner().filter(|p| p.as_rule() == Rule::conjunction) {
                    let mut tests = Vec::new();
                    for test in conjunction.into_inner().filter(|p| p.as_rule() == Rule::test) {
                        tests.push(self.test(test)?);
                    }
                    // Room for four grown to fit: a test is large, and a long matter holds
                    // every rule's tests at once.
                    tests.shrink_to_fit();
                    disjuncts.push(tests);
                }
                disjuncts.shrink_to_fit();
                Ok(Condition::Cases(disjuncts, span))
            }
        }
    }

    fn test(&self, pair: Pair<'_, Rule>) -> Built<Test> {
        let span = self.tight(&pair);
        let mut parts = pair.into_inner();
        let first = self.need(parts.next(), span)?;
        let (dimension, form) = match (first.as_rule(), parts.next()) {
            (Rule::name, Some(form)) => (Some(self.name(first)), form),
            // A name alone is a bare value; its dimension is found from the matter's.
            (Rule::name, None) => {
                return Ok(Test {
                    dimension: None,
                    negated: false,
                    values: vec![self.name(first)],
                    interval: None,
                    unit: None,
                    days: false,
                    span,
                });
            }
            (_, _) => (None, first),
        };
        if matches!(form.as_rule(), Rule::test_compare | Rule::test_range) {
            return self.numeric_test(dimension, form, span);
        }
        let negated = form.as_rule() == Rule::test_ne;
        let values = form
            .into_inner()
            .find(|p| p.as_rule() == Rule::value_set)
            .map(|p| self.all_names(p))
            .unwrap_or_default();
        Ok(Test {
            dimension,
            negated,
            values,
            interval: None,
            unit: None,
            days: false,
            span,
        })
    }

    /// `投资额 >= 5000` or `投资额 = [5000, 10000)`: a test on a numeric dimension.
    fn numeric_test(&self, dimension: Option<Name>, form: Pair<'_, Rule>, span: Span) -> Built<Test> {
        use crate::numeric::{Bound, Interval};
        let (mut operator, mut interval, mut negated) = (None, None, false);
        let (mut unit, mut days) = (None, false);
        for part in form.into_inner() {
            match part.as_rule() {
                Rule::unit => unit = part.into_inner().next().map(|p| self.name(p)),
                Rule::compare_op => operator = Some(part.as_str().to_string()),
                Rule::interval => {
                    days = in_days(&part);
                    interval = Some(Box::new(self.interval(part)?));
                }
                Rule::number | Rule::day => {
                    days = part.as_rule() == Rule::day;
                    let value = match days {
                        true => self.day(&part)?,
                        false => self.number(&part)?,
                    };
                    let number_span = self.at(part.as_span());
                    let op = operator.as_deref().unwrap_or("=");
                    let admitted = match op {
                        "<" | "＜" => Interval {
                            lo: Bound::INFINITE,
                            hi: Bound::at(value, false),
                        },
                        "<=" | "＜＝" | "≤" => Interval {
                            lo: Bound::INFINITE,
                            hi: Bound::at(value, true),
                        },
                        ">" | "＞" => Interval {
                            lo: Bound::at(value, false),
                            hi: Bound::INFINITE,
                        },
                        ">=" | "＞＝" | "≥" => Interval {
                            lo: Bound::at(value, true),
                            hi: Bound::INFINITE,
                        },
                        _ => Interval::point(value),
                    };
                    negated = matches!(op, "≠" | "!=" | "！＝");
                    interval = Some(Box::new(Spanned::new(admitted, number_span)));
                }
                _ => {}
            }
        }
        Ok(Test {
            dimension,
            negated,
            values: Vec::new(),
            interval,
            unit,
            days,
            span,
        })
    }

    fn outcome(&self, pair: Pair<'_, Rule>) -> Built<Outcome> {
        let span = self.tight(&pair);
        let form = self.need(pair.into_inner().next(), span)?;
        match form.as_rule() {
            Rule::tbd_outcome => Ok(Outcome::Tbd {
                reason: self.first_text(form),
                span,
            }),
            Rule::short_outcome => {
                let level = self.need(form.into_inner().next(), span)?;
                Ok(Outcome::Assign {
                    power: self.level_ref(level)?,
                    joint: Vec::new(),
                    spending: None,
                    mark: None,
                    span,
                })
            }
            _ => {
                let (mut holders, mut spending, mut mark) = (Vec::new(), None, None);
                for part in form.into_inner() {
                    match part.as_rule() {
                        Rule::holders => {
                            for holder in part.into_inner().filter(|p| p.as_rule() == Rule::level_ref) {
                                holders.push(self.level_ref(holder)?);
                            }
                        }
                        Rule::spending => spending = Some(self.spending(part)?),
                        Rule::mark => mark = Some(self.mark(part)?),
                        _ => {}
                    }
                }
                let mut holders = holders.into_iter();
                Ok(Outcome::Assign {
                    power: self.need(holders.next(), span)?,
                    joint: holders.collect(),
                    spending,
                    mark,
                    span,
                })
            }
        }
    }

    fn level_ref(&self, pair: Pair<'_, Rule>) -> Built<LevelRef> {
        let span = self.at(pair.as_span());
        let inner = self.need(pair.into_inner().next(), span)?;
        match inner.as_rule() {
            Rule::by_affiliation => {
                let dim = inner
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::name)
                    .map(|p| self.name(p));
                Ok(LevelRef::ByDimension(self.need(dim, span)?))
            }
            _ => Ok(LevelRef::Level(self.name(inner))),
        }
    }

    fn spending(&self, pair: Pair<'_, Rule>) -> Built<Spending> {
        let span = self.at(pair.as_span());
        if let Some(level) = pair.clone().into_inner().find(|p| p.as_rule() == Rule::level_ref) {
            return Ok(Spending::Level(self.level_ref(level)?));
        }
        let shares = self.need(pair.into_inner().find(|p| p.as_rule() == Rule::shares), span)?;
        let mut result = Vec::new();
        for share in shares.into_inner().filter(|p| p.as_rule() == Rule::share) {
            let share_span = self.at(share.as_span());
            let (mut level, mut hundredths) = (None, None);
            for part in share.into_inner() {
                match part.as_rule() {
                    Rule::name => level = Some(self.name(part)),
                    Rule::percent => {
                        let value = parse_hundredths(part.as_str());
                        hundredths = Some(Spanned::new(self.need(value, share_span)?, self.at(part.as_span())));
                    }
                    _ => {}
                }
            }
            result.push(Share {
                level: self.need(level, share_span)?,
                hundredths: self.need(hundredths, share_span)?,
            });
        }
        Ok(Spending::Shares(result))
    }

    fn mark(&self, pair: Pair<'_, Rule>) -> Built<Spanned<Mark>> {
        let span = self.tight(&pair);
        let inner = self.need(pair.into_inner().next(), span)?;
        let mark = match inner.as_rule() {
            Rule::kw_delegated => Mark::Delegated,
            _ => Mark::Transfer,
        };
        Ok(Spanned::new(mark, span))
    }

    fn citation(&self, pair: Pair<'_, Rule>) -> Built<Citation> {
        let span = self.tight(&pair);
        let mut texts = pair.into_inner().filter(|p| p.as_rule() == Rule::text);
        Ok(Citation {
            paragraph: self.need(texts.next().map(|p| self.text_name(p)), span)?,
            quote: texts.next().map(|p| self.text(p)),
            span,
        })
    }
}

/// `60%` → 6000, `33.33％` → 3333. The grammar admits at most three integer digits and two
/// decimals, so the value always fits.
fn parse_hundredths(percent: &str) -> Option<u32> {
    let digits = percent.trim_end_matches(['%', '％']);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole: u32 = whole.parse().ok()?;
    let fraction: u32 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<u32>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    Some(whole * 100 + fraction)
}

/// Whether an interval's ends were written as days (`[2025-01-01, ∞)`).
fn in_days(interval: &Pair<'_, Rule>) -> bool {
    interval
        .clone()
        .into_inner()
        .flatten()
        .any(|p| p.as_rule() == Rule::day)
}

#[cfg(test)]
mod tests {
    use super::parse_hundredths;

    #[test]
    fn percentages_become_hundredths() {
        assert_eq!(parse_hundredths("60%"), Some(6000));
        assert_eq!(parse_hundredths("33.33％"), Some(3333));
        assert_eq!(parse_hundredths("12.5%"), Some(1250));
        assert_eq!(parse_hundredths("100%"), Some(10000));
    }
}
