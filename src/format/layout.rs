//! The canonical layout: tokens into lines, lines indented by their braces, the rules of
//! a block in columns.
//!
//! The drafter's line breaks are kept (runs of blank lines become one), and a line is
//! begun wherever the layout wants one (an item, a field, a rule of a block, an
//! operation, after a block's `{`, before its `}`). Every decision is made from the tokens
//! and the line breaks between them, and the layout's own line breaks are kept on a second
//! run: formatting twice gives what formatting once gave.

use unicode_width::UnicodeWidthStr;

use super::Keywords;
use super::spelling::spelled;
use crate::syntax::{Column, Punctuation, Token, TokenKind};

/// At most this many columns of padding align a rule's arrow or citation with the other
/// rules of its block; a block whose widths differ more is not aligned in that column
/// (a long condition would push every other rule's arrow far to the right).
const MAX_PADDING: usize = 20;

/// One line of the layout.
struct Line {
    indent: usize,
    blank_before: bool,
    /// The tokens, written, with their place in a rule's columns.
    pieces: Vec<Piece>,
}

struct Piece {
    text: String,
    kind: TokenKind,
    column: Option<Column>,
}

/// The file `source` with its tokens `tokens` laid out.
pub fn lay_out(source: &str, tokens: &[Token], keywords: Keywords) -> String {
    let lines = lines(source, tokens, keywords);
    let aligned = columns(&lines);
    let mut out = String::with_capacity(source.len() + source.len() / 8);
    for (index, line) in lines.iter().enumerate() {
        if line.blank_before && index > 0 {
            out.push('\n');
        }
        out.push_str(&" ".repeat(line.indent));
        out.push_str(&written(line, aligned.get(index).copied().flatten()));
        out.push('\n');
    }
    out
}

/// The tokens cut into lines.
fn lines(source: &str, tokens: &[Token], keywords: Keywords) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut depth = 0usize;
    let mut previous: Option<&Token> = None;
    for token in tokens {
        let gap = source
            .get(previous.map_or(0, |p| p.span.end)..token.span.start)
            .unwrap_or("");
        let breaks = gap.matches('\n').count();
        let closes = token.kind == TokenKind::Mark(Punctuation::CloseBrace);
        let new_line = match previous {
            None => true,
            Some(previous) => {
                breaks > 0
                    || token.begins_line
                    || previous.kind == TokenKind::Comment
                    || (previous.block && previous.kind == TokenKind::Mark(Punctuation::OpenBrace))
                    || (token.block && closes)
            }
        };
        if new_line {
            let line_depth = if closes { depth.saturating_sub(1) } else { depth };
            let opened = previous.is_some_and(|p| p.kind == TokenKind::Mark(Punctuation::OpenBrace) && p.block);
            let continues = previous.is_some()
                && !token.begins_line
                && !closes
                && token.kind != TokenKind::Comment
                && !previous.is_some_and(|p| {
                    matches!(
                        p.kind,
                        TokenKind::Mark(Punctuation::OpenBrace | Punctuation::Comma) | TokenKind::Comment
                    )
                });
            lines.push(Line {
                indent: 2 * line_depth + if continues { 2 } else { 0 },
                blank_before: breaks >= 2 && !opened && !(token.block && closes),
                pieces: Vec::new(),
            });
        }
        match token.kind {
            TokenKind::Mark(Punctuation::OpenBrace) => depth += 1,
            TokenKind::Mark(Punctuation::CloseBrace) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some(line) = lines.last_mut() {
            line.pieces.push(Piece {
                text: spelled(source, token, keywords).into_owned(),
                kind: token.kind,
                column: token.column,
            });
        }
        previous = Some(token);
    }
    lines
}

/// What goes between two tokens on a line.
fn separator(before: &Piece, after: &Piece) -> &'static str {
    match (before.kind, after.kind) {
        (_, TokenKind::Comment) => "  ",
        (
            _,
            TokenKind::Mark(
                Punctuation::Comma | Punctuation::CloseParen | Punctuation::CloseBracket | Punctuation::LabelColon,
            ),
        ) => "",
        (TokenKind::Mark(Punctuation::OpenParen | Punctuation::OpenBracket), _) => "",
        (_, TokenKind::Mark(Punctuation::Citation)) => "  ",
        _ => " ",
    }
}

/// The widths a rule line's arrow and citation are padded to, for each line that is a
/// rule of a block written on one line; `None` for the others.
fn columns(lines: &[Line]) -> Vec<Option<(Option<usize>, Option<usize>)>> {
    let mut aligned = vec![None; lines.len()];
    let mut index = 0;
    while index < lines.len() {
        // A run of one-line rules at one indent, with comment lines between them.
        let Some(first) = lines.get(index).filter(|line| one_line_rule(line)) else {
            index += 1;
            continue;
        };
        let mut group = vec![index];
        let mut next = index + 1;
        while let Some(line) = lines.get(next) {
            if line.indent != first.indent || line.blank_before {
                break;
            }
            if one_line_rule(line) {
                group.push(next);
            } else if !only_comment(line) {
                break;
            }
            next += 1;
        }
        let widths: Vec<(usize, usize)> = group
            .iter()
            .filter_map(|i| lines.get(*i))
            .map(|line| {
                let (condition, outcome, _) = rule_parts(line);
                (condition.width(), outcome.width())
            })
            .collect();
        let column = |pick: fn(&(usize, usize)) -> usize| {
            let most = widths.iter().map(pick).max().unwrap_or(0);
            let least = widths.iter().map(pick).min().unwrap_or(0);
            (most - least <= MAX_PADDING).then_some(most)
        };
        let (arrow, citation) = (column(|w| w.0), column(|w| w.1));
        for i in group {
            if let Some(slot) = aligned.get_mut(i) {
                *slot = Some((arrow, citation));
            }
        }
        index = next;
    }
    aligned
}

fn one_line_rule(line: &Line) -> bool {
    let has = |column| line.pieces.iter().any(|piece| piece.column == Some(column));
    has(Column::Start) && has(Column::Arrow) && has(Column::Citation)
}

fn only_comment(line: &Line) -> bool {
    line.pieces.iter().all(|piece| piece.kind == TokenKind::Comment)
}

/// A one-line rule written in its three parts: up to the arrow, up to the citation, the
/// rest.
fn rule_parts(line: &Line) -> (String, String, String) {
    let arrow = line.pieces.iter().position(|p| p.column == Some(Column::Arrow));
    let citation = line.pieces.iter().position(|p| p.column == Some(Column::Citation));
    let (arrow, citation) = (arrow.unwrap_or(0), citation.unwrap_or(line.pieces.len()));
    let part = |range: std::ops::Range<usize>| joined(line.pieces.get(range).unwrap_or(&[]));
    (part(0..arrow), part(arrow..citation), part(citation..line.pieces.len()))
}

/// Pieces written with the separators between them.
fn joined(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut previous: Option<&Piece> = None;
    for piece in pieces {
        if let Some(before) = previous {
            out.push_str(separator(before, piece));
        }
        out.push_str(&piece.text);
        previous = Some(piece);
    }
    out
}

/// A line's text, its rule's arrow and citation padded to `aligned` when given.
fn written(line: &Line, aligned: Option<(Option<usize>, Option<usize>)>) -> String {
    let Some((arrow, citation)) = aligned else {
        return joined(&line.pieces);
    };
    let (condition, outcome, rest) = rule_parts(line);
    let pad = |text: &str, to: Option<usize>| " ".repeat(to.map_or(0, |to| to.saturating_sub(text.width())));
    format!(
        "{condition}{} {outcome}{}  {rest}",
        pad(&condition, arrow),
        pad(&outcome, citation)
    )
}
