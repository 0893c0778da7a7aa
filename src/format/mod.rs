//! `quanze fmt`: a plan or an amendment in the canonical layout — two spaces of indent a
//! level, one rule per line, the arrows and citations of a block's rules in columns,
//! ASCII marks, one blank line at most — with every comment kept where it was and the
//! drafter's order untouched (document order is meaning to a drafter). The keywords are
//! kept as written, or all put in one language.
//!
//! The layout is made from the file's tokens (`syntax::tokens`), which keep what the
//! syntax tree drops. Before it is given out, the formatted text is parsed again and must
//! give the same syntax tree and the same comments, in order; otherwise nothing is given
//! (a formatter that changed a plan's meaning would be worse than none).

mod layout;
mod spelling;

use crate::diagnostic::Diagnostic;
use crate::span::FileId;
use crate::syntax::{self, Token, TokenKind};
use crate::text::Text;
use crate::tr;

/// The language the keywords are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keywords {
    /// 中文: `事项`, `按`, `§`.
    Zh,
    /// English: `matter`, `by`, `cite`.
    En,
    /// Each keyword as the drafter wrote it.
    Keep,
}

/// Why a file was not formatted.
#[derive(Debug)]
pub enum NotFormatted {
    /// The file does not parse: every syntax error found (it is never half formatted).
    SyntaxErrors(Vec<Diagnostic>),
    /// The formatted text would not mean what the file means: what differs. Never
    /// expected; the file is left as it is.
    MeaningChanged(Text),
}

/// Where the formatted text goes, piece by piece.
pub trait Sink {
    /// The next piece of the formatted text.
    fn piece(&mut self, text: &str);
    /// Everything given so far is void: the text is given again from its start.
    fn restart(&mut self);
}

impl Sink for String {
    fn piece(&mut self, text: &str) {
        self.push_str(text);
    }

    fn restart(&mut self) {
        self.clear();
    }
}

/// The file `source` (file `file`, for the places of syntax errors) in the canonical
/// layout, its keywords as `keywords` says.
pub fn format(file: FileId, source: &str, keywords: Keywords) -> Result<String, NotFormatted> {
    let mut formatted = String::new();
    format_into(file, source, keywords, &mut formatted)?;
    Ok(formatted)
}

/// [`format`], its text given to `sink` item by item.
///
/// A plan is formatted item by item (`syntax::item_spans`), so that only one item's
/// tokens and layout are held at a time (pest's tokens for a whole file take dozens of
/// times its size): the items' layouts are the whole file's, each item beginning at no
/// indent. An amendment, and a plan whose items do not parse one by one, is formatted
/// whole (the sink is then restarted). On `Err`, what the sink was given is void.
pub fn format_into(file: FileId, source: &str, keywords: Keywords, sink: &mut dyn Sink) -> Result<(), NotFormatted> {
    let Some(items) = syntax::item_spans(source) else {
        return format_whole(file, source, keywords).map(|whole| sink.piece(&whole));
    };
    for (index, span) in items.iter().enumerate() {
        let item = source.get(span.start..span.end).unwrap_or("");
        match format_whole(file, item, keywords) {
            Ok(laid_out) => sink.piece(&laid_out),
            // Read whole: its syntax errors at their places in the file, or it parses whole.
            Err(NotFormatted::SyntaxErrors(_)) => {
                sink.restart();
                return format_whole(file, source, keywords).map(|whole| sink.piece(&whole));
            }
            Err(changed) => return Err(changed),
        }
        // The blank line between two items ends the first one's text.
        let trailing = item.get(item.trim_end().len()..).unwrap_or("");
        if trailing.matches('\n').count() >= 2 && index + 1 < items.len() {
            sink.piece("\n");
        }
    }
    Ok(())
}

/// [`format`] of a whole text at once.
fn format_whole(file: FileId, source: &str, keywords: Keywords) -> Result<String, NotFormatted> {
    let (tokens, document) = syntax::tokens(file, source)
        .map_err(|first| NotFormatted::SyntaxErrors(syntax::errors_from(file, source, *first)))?;
    // A comment read into a token (a mark that skipped what followed it) would be lost
    // by the layout, and on both sides of the check below: refused here.
    let swallowed = tokens.iter().any(|token| {
        !matches!(token.kind, TokenKind::Comment | TokenKind::Quotation)
            && source
                .get(token.span.start..token.span.end)
                .is_some_and(|text| text.contains('#') || text.contains("//"))
    });
    if swallowed {
        return Err(NotFormatted::MeaningChanged(tr!(
            "排版会丢失一处注释",
            "the layout would lose a comment"
        )));
    }
    let formatted = layout::lay_out(source, &tokens, keywords);
    let (tokens_again, again) = syntax::tokens(file, &formatted)
        .map_err(|_| NotFormatted::MeaningChanged(tr!("排版后的文本不能解析", "the formatted text does not parse")))?;
    if without_places(&again) != without_places(&document)
        || words(source, &tokens).ne(words(&formatted, &tokens_again))
    {
        return Err(NotFormatted::MeaningChanged(tr!(
            "排版后的文本读出的方案与原文不同",
            "the formatted text reads as another plan"
        )));
    }
    if comments(source, &tokens).ne(comments(&formatted, &tokens_again)) {
        return Err(NotFormatted::MeaningChanged(tr!(
            "排版后的文本的注释与原文不同",
            "the formatted text's comments differ from the file's"
        )));
    }
    Ok(formatted)
}

/// The syntax tree written out without its places (the tree's equality compares the
/// places its nodes carry, and the layout moves every one of them).
fn without_places(document: &crate::ast::Document) -> String {
    let written = format!("{:?}", document.items);
    let mut out = String::with_capacity(written.len());
    let mut rest = written.as_str();
    while let Some(start) = rest.find("Span { start: ") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start..).unwrap_or("");
        rest = after.find('}').and_then(|end| after.get(end + 1..)).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The tokens of a text other than comments, each as the Chinese layout spells it: the
/// same words and marks in the same order, whatever the spelling and the spaces.
fn words<'a>(source: &'a str, tokens: &'a [Token]) -> impl Iterator<Item = std::borrow::Cow<'a, str>> {
    tokens
        .iter()
        .filter(|token| token.kind != TokenKind::Comment)
        .map(|token| spelling::spelled(source, token, Keywords::Zh))
}

/// The comments of a text, in order, without the spaces after them (which the layout
/// drops).
fn comments<'a>(source: &'a str, tokens: &'a [Token]) -> impl Iterator<Item = &'a str> {
    tokens
        .iter()
        .filter(|token| token.kind == TokenKind::Comment)
        .map(|token| source.get(token.span.start..token.span.end).unwrap_or("").trim_end())
}
