//! How each token is written in the canonical layout.

use std::borrow::Cow;

use super::Keywords;
use crate::syntax::{Punctuation, Token, TokenKind};

/// The token `token` of `source`, as the layout writes it.
pub fn spelled<'a>(source: &'a str, token: &Token, keywords: Keywords) -> Cow<'a, str> {
    let written = source.get(token.span.start..token.span.end).unwrap_or("");
    match token.kind {
        TokenKind::Keyword(keyword) => match keywords {
            Keywords::Zh => Cow::Borrowed(keyword.zh),
            Keywords::En => Cow::Borrowed(keyword.en),
            // `remove  matter` with its blanks made one space.
            Keywords::Keep if written.contains(char::is_whitespace) => Cow::Borrowed(keyword.en),
            Keywords::Keep => Cow::Borrowed(written),
        },
        TokenKind::Word => match written.contains('％') {
            true => Cow::Owned(written.replace('％', "%")),
            false => Cow::Borrowed(written),
        },
        TokenKind::Quotation => quotation(written),
        TokenKind::Comment => Cow::Borrowed(written.trim_end()),
        TokenKind::Mark(mark) => mark_spelled(mark, written, keywords),
    }
}

/// `“…”` as `"…"`, unless the quotation holds a `"` of its own.
fn quotation(written: &str) -> Cow<'_, str> {
    match written.strip_prefix('“').and_then(|rest| rest.strip_suffix('”')) {
        Some(inner) if !inner.contains('"') => Cow::Owned(format!("\"{inner}\"")),
        _ => Cow::Borrowed(written),
    }
}

fn mark_spelled(mark: Punctuation, written: &str, keywords: Keywords) -> Cow<'_, str> {
    let fixed = match mark {
        Punctuation::Arrow => "=>",
        Punctuation::Comma => ",",
        Punctuation::OpenBrace => "{",
        Punctuation::CloseBrace => "}",
        Punctuation::LabelColon | Punctuation::Colon => ":",
        Punctuation::OpenBracket => "[",
        Punctuation::CloseBracket => "]",
        Punctuation::OpenParen => "(",
        Punctuation::CloseParen => ")",
        Punctuation::Greater => ">",
        Punctuation::Comparison => comparison(written),
        Punctuation::Citation => match keywords {
            Keywords::Zh => "§",
            Keywords::En => "cite",
            Keywords::Keep => written,
        },
        Punctuation::And => match keywords {
            Keywords::Zh => "且",
            Keywords::En => "and",
            Keywords::Keep => written,
        },
        Punctuation::Or => match keywords {
            Keywords::Zh => "或",
            Keywords::En => "or",
            Keywords::Keep => written,
        },
        Punctuation::Infinity => return Cow::Owned(written.replace("inf", "∞")),
    };
    Cow::Borrowed(fixed)
}

/// A comparison in ASCII, however it was typed.
fn comparison(written: &str) -> &'static str {
    match written {
        "<=" | "＜＝" | "≤" => "<=",
        "<" | "＜" => "<",
        ">=" | "＞＝" | "≥" => ">=",
        ">" | "＞" => ">",
        "≠" | "!=" | "！＝" => "!=",
        _ => "=",
    }
}
