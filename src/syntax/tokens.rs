//! The lossless side of the syntax: every word, mark and comment of a file with its place,
//! in order, read from the same parse as the syntax tree. Whitespace alone lies between
//! two tokens, so the tokens and the text between them give back the file byte for byte;
//! what the tree drops — comments, blank lines, the spelling of each keyword (中文 or
//! English, full-width marks) — the tokens keep. The formatter (`crate::format`) lays them
//! out again.

use pest::Parser;
use pest::iterators::Pair;

use super::keywords::{self, Keyword};
use super::{Builder, QuanzeParser, Rule, expected};
use crate::ast::Document;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

/// One token of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Whether the token begins a line in the canonical layout: an item, a header field,
    /// a rule of a block, an operation of an amendment.
    pub begins_line: bool,
    /// Whether it is the brace of a block whose contents stand on lines of their own (a
    /// header, a section, a matter's rules, an amended matter's operations), not of a
    /// list of values.
    pub block: bool,
    /// For a rule of a block: the place of the token in the rule's columns.
    pub column: Option<Column>,
}

/// The columns the rules of a block are aligned in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The first token of the rule.
    Start,
    /// Its arrow.
    Arrow,
    /// Its citation mark.
    Citation,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Keyword(Keyword),
    /// A name, a number, a date, a share.
    Word,
    /// A quotation, with its quotes.
    Quotation,
    Mark(Punctuation),
    /// A comment, from `#` or `//` to the end of its line.
    Comment,
}

/// A mark, whatever way it was typed (full-width, a symbol, a keyword).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Punctuation {
    Arrow,
    Comma,
    OpenBrace,
    CloseBrace,
    /// After a rule's label.
    LabelColon,
    /// In a dimension's declaration (`: 层级`, `: 数值`).
    Colon,
    OpenBracket,
    CloseBracket,
    OpenParen,
    CloseParen,
    Greater,
    /// `=`, `!=`, `<=`… in a test; `≤` in a limit.
    Comparison,
    /// `§`, or the keyword `出处`/`cite`.
    Citation,
    /// `∧`, or the keyword `且`/`and`.
    And,
    /// `∨`, or the keyword `或`/`or`.
    Or,
    /// `∞`, `+∞`, `-inf`…
    Infinity,
}

/// The tokens of `source` and its syntax tree, from one parse of the whole text; `Err`
/// with the first syntax error.
pub fn tokens(file: FileId, source: &str) -> Result<(Vec<Token>, Document), Box<Diagnostic>> {
    let mut pairs = QuanzeParser::parse(Rule::file, source)
        .map_err(|error| Box::new(expected::diagnostic(file, source, &error)))?;
    let root = pairs.next().ok_or_else(|| super::shape_bug(file, Span::default()))?;
    let mut tokens = Vec::new();
    collect(root.clone(), None, &mut tokens);
    let document = Builder::new(file, 0).document(root)?;
    Ok((with_comments(source, tokens), document))
}

/// The tokens under `pair` (whose parent rule is `parent`), in order.
fn collect(pair: Pair<'_, Rule>, parent: Option<Rule>, tokens: &mut Vec<Token>) {
    let this = pair.as_rule();
    let span = Span::new(pair.as_span().start(), pair.as_span().end());
    let kind = match this {
        Rule::text => Some(TokenKind::Quotation),
        Rule::name | Rule::number | Rule::date | Rule::day | Rule::percent => Some(TokenKind::Word),
        Rule::cite_mark => Some(TokenKind::Mark(Punctuation::Citation)),
        Rule::and_op => Some(TokenKind::Mark(Punctuation::And)),
        Rule::or_op => Some(TokenKind::Mark(Punctuation::Or)),
        Rule::compare_op | Rule::eq_op | Rule::ne_op | Rule::at_most => Some(TokenKind::Mark(Punctuation::Comparison)),
        Rule::infinity => Some(TokenKind::Mark(Punctuation::Infinity)),
        Rule::arrow => Some(TokenKind::Mark(Punctuation::Arrow)),
        Rule::comma => Some(TokenKind::Mark(Punctuation::Comma)),
        Rule::lbrace => Some(TokenKind::Mark(Punctuation::OpenBrace)),
        Rule::rbrace => Some(TokenKind::Mark(Punctuation::CloseBrace)),
        Rule::colon if parent == Some(Rule::rule) => Some(TokenKind::Mark(Punctuation::LabelColon)),
        Rule::colon => Some(TokenKind::Mark(Punctuation::Colon)),
        Rule::lbracket => Some(TokenKind::Mark(Punctuation::OpenBracket)),
        Rule::rbracket => Some(TokenKind::Mark(Punctuation::CloseBracket)),
        Rule::lparen => Some(TokenKind::Mark(Punctuation::OpenParen)),
        Rule::rparen => Some(TokenKind::Mark(Punctuation::CloseParen)),
        Rule::gt => Some(TokenKind::Mark(Punctuation::Greater)),
        other => keyword(other).map(TokenKind::Keyword),
    };
    if let Some(kind) = kind {
        let block = matches!(kind, TokenKind::Mark(Punctuation::OpenBrace | Punctuation::CloseBrace))
            && matches!(
                parent,
                Some(Rule::header | Rule::section | Rule::rule_block | Rule::amendment_header | Rule::amend_matter)
            );
        tokens.push(Token {
            span,
            kind,
            begins_line: false,
            block,
            column: None,
        });
        return;
    }
    let first = tokens.len();
    let in_block = parent == Some(Rule::rule_block);
    for inner in pair.into_inner() {
        let inner_rule = inner.as_rule();
        let before = tokens.len();
        collect(inner, Some(this), tokens);
        // A rule's own arrow and citation (not those of a rule it replaces or adds).
        if this == Rule::rule && in_block {
            let column = match inner_rule {
                Rule::arrow => Some(Column::Arrow),
                Rule::citation => Some(Column::Citation),
                _ => None,
            };
            if let (Some(column), Some(token)) = (column, tokens.get_mut(before)) {
                token.column = Some(column);
            }
        }
    }
    let begins_line = match this {
        Rule::rule => in_block,
        other => LINES.contains(&other),
    };
    if let Some(token) = tokens.get_mut(first) {
        token.begins_line |= begins_line;
        if this == Rule::rule && in_block {
            token.column = Some(Column::Start);
        }
    }
}

/// The constructs that begin a line of their own.
const LINES: [Rule; 28] = [
    Rule::header,
    Rule::levels_decl,
    Rule::dimension_decl,
    Rule::value_set_decl,
    Rule::section,
    Rule::matter,
    Rule::unlisted,
    Rule::limit_decl,
    Rule::undivided,
    Rule::number_field,
    Rule::issued_field,
    Rule::basis_field,
    Rule::refines_field,
    Rule::subdivides_field,
    Rule::excerpt_field,
    Rule::amendment_header,
    Rule::effective_field,
    Rule::amends_field,
    Rule::amend_matter,
    Rule::remove_rule,
    Rule::replace_rule,
    Rule::change_outcome,
    Rule::add_rule,
    Rule::remove_matter,
    Rule::rename_matter,
    Rule::extend_values,
    Rule::move_value,
    Rule::amendment,
];

/// The keyword a grammar rule reads, both spellings.
fn keyword(read: Rule) -> Option<Keyword> {
    Some(match read {
        Rule::kw_policy => keywords::POLICY,
        Rule::kw_number => keywords::NUMBER,
        Rule::kw_issued => keywords::ISSUED,
        Rule::kw_basis => keywords::BASIS,
        Rule::kw_levels => keywords::LEVELS,
        Rule::kw_dimension => keywords::DIMENSION,
        Rule::kw_value_set => keywords::VALUE_SET,
        Rule::kw_move => keywords::MOVE,
        Rule::kw_section => keywords::SECTION,
        Rule::kw_matter => keywords::MATTER,
        Rule::kw_unlisted => keywords::UNLISTED,
        Rule::kw_by => keywords::BY,
        Rule::kw_otherwise => keywords::OTHERWISE,
        Rule::kw_any => keywords::ANY,
        Rule::kw_tbd => keywords::TBD,
        Rule::kw_power => keywords::POWER,
        Rule::kw_spending => keywords::SPENDING,
        Rule::kw_delegated => keywords::DELEGATED,
        Rule::kw_transfer => keywords::TRANSFER,
        Rule::kw_overrides => keywords::OVERRIDES,
        Rule::kw_cite => keywords::CITE,
        Rule::kw_and => keywords::AND,
        Rule::kw_or => keywords::OR,
        Rule::kw_amendment => keywords::AMENDMENT,
        Rule::kw_effective => keywords::EFFECTIVE,
        Rule::kw_amends => keywords::AMENDS,
        Rule::kw_amend => keywords::AMEND,
        Rule::kw_remove => keywords::REMOVE,
        Rule::kw_replace => keywords::REPLACE,
        Rule::kw_with => keywords::WITH,
        Rule::kw_change => keywords::CHANGE,
        Rule::kw_add => keywords::ADD,
        Rule::kw_remove_matter => keywords::REMOVE_MATTER,
        Rule::kw_rename_matter => keywords::RENAME_MATTER,
        Rule::kw_to => keywords::TO,
        Rule::kw_extend => keywords::EXTEND,
        Rule::kw_numeric => keywords::NUMERIC,
        Rule::kw_integer => keywords::INTEGER,
        Rule::kw_date => keywords::DATE,
        Rule::kw_in => keywords::IN,
        Rule::kw_refines => keywords::REFINES,
        Rule::kw_subdivides => keywords::SUBDIVIDES,
        Rule::kw_own_matter => keywords::OWN_MATTER,
        Rule::kw_own => keywords::OWN,
        Rule::kw_limit => keywords::LIMIT,
        Rule::kw_undivided => keywords::UNDIVIDED,
        Rule::kw_excerpt => keywords::EXCERPT,
        _ => return None,
    })
}

/// The tokens with the comments between them (pest skips comments silently): only
/// whitespace and comments lie between two tokens of the parse.
fn with_comments(source: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut all = Vec::with_capacity(tokens.len());
    let mut cursor = 0;
    for token in tokens {
        comments_in(source, Span::new(cursor, token.span.start), &mut all);
        cursor = token.span.end;
        all.push(token);
    }
    comments_in(source, Span::new(cursor, source.len()), &mut all);
    all
}

/// The comments in `gap`, a stretch of whitespace and comments.
fn comments_in(source: &str, gap: Span, out: &mut Vec<Token>) {
    let Some(text) = source.get(gap.start..gap.end) else {
        return;
    };
    let mut index = 0;
    while let Some(rest) = text.get(index..) {
        let Some(offset) = rest.find(['#', '/']) else {
            return;
        };
        let start = index + offset;
        let end = text
            .get(start..)
            .and_then(|from| from.find(['\n', '\r']))
            .map_or(text.len(), |n| start + n);
        out.push(Token {
            span: Span::new(gap.start + start, gap.start + end),
            kind: TokenKind::Comment,
            begins_line: false,
            block: false,
            column: None,
        });
        index = end;
    }
}
