//! Applying text edits to the base plan, keeping track of where every byte came from.

use super::source_map::{Origin, SourceMap};
use crate::span::{FileId, Span};

/// A piece of replacement text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// This span of the base plan, as written.
    Base(Span),
    /// This span of the amendment, as written.
    Amendment(Span),
    /// Text quanze writes (a record comment, a separator) for the operation at this span
    /// of the amendment.
    Generated(String, Span),
}

/// Replace `range` of the base with `pieces`. An insertion has an empty range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Span,
    pub pieces: Vec<Piece>,
}

impl Edit {
    pub fn insert(at: usize, pieces: Vec<Piece>) -> Self {
        Edit {
            range: Span::new(at, at),
            pieces,
        }
    }

    pub fn replace(range: Span, pieces: Vec<Piece>) -> Self {
        Edit { range, pieces }
    }
}

/// The base text with the edits applied, and its source map. Edits must not overlap
/// (the amendment check guarantees that no two operations touch the same text); an edit
/// that would is skipped rather than corrupting the text. Insertions at one place keep
/// the order they were given in, and come before a replacement starting there.
pub fn apply(
    base_text: &str,
    amendment_text: &str,
    files: (FileId, FileId),
    mut edits: Vec<Edit>,
) -> (String, SourceMap) {
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end > edit.range.start));
    let mut text = String::with_capacity(base_text.len() + 1024);
    let mut map = SourceMap::new(files.0, files.1);
    let mut cursor = 0;
    for edit in edits {
        if edit.range.start < cursor {
            continue;
        }
        copy_base(base_text, Span::new(cursor, edit.range.start), &mut text, &mut map);
        for piece in edit.pieces {
            match piece {
                Piece::Base(span) => copy_base(base_text, span, &mut text, &mut map),
                Piece::Amendment(span) => {
                    let words = amendment_text.get(span.start..span.end).unwrap_or("");
                    text.push_str(words);
                    map.push(words.len(), Origin::Amendment(span.start));
                }
                Piece::Generated(words, operation) => {
                    text.push_str(&words);
                    map.push(words.len(), Origin::Generated(operation));
                }
            }
        }
        cursor = edit.range.end;
    }
    copy_base(base_text, Span::new(cursor, base_text.len()), &mut text, &mut map);
    (text, map)
}

fn copy_base(base_text: &str, span: Span, text: &mut String, map: &mut SourceMap) {
    let words = base_text.get(span.start..span.end).unwrap_or("");
    text.push_str(words);
    map.push(words.len(), Origin::Base(span.start));
}

/// The offset where the line holding `position` starts.
pub fn line_start(text: &str, position: usize) -> usize {
    text.get(..position)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1)
}

/// The offset just past the end of the line holding `position` (past its `\n`).
pub fn next_line(text: &str, position: usize) -> usize {
    text.get(position..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |newline| position + newline + 1)
}

/// The spaces before the first word of the line holding `position`.
pub fn indent(text: &str, position: usize) -> String {
    let start = line_start(text, position);
    text.get(start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t' || *c == '\u{3000}')
        .collect()
}

/// Whether only spaces stand between the start of its line and `position`.
pub fn starts_line(text: &str, position: usize) -> bool {
    let start = line_start(text, position);
    text.get(start..position).is_some_and(|before| before.trim().is_empty())
}

/// The whole lines of `span` when nothing but spaces stands before it and nothing but
/// spaces or a comment after it on its last line; `None` when it shares a line with
/// other words.
pub fn whole_lines(text: &str, span: Span) -> Option<Span> {
    if !starts_line(text, span.start) {
        return None;
    }
    let end = next_line(text, span.end);
    let rest = text.get(span.end..end)?.trim();
    let only_comment = rest.is_empty() || rest.starts_with('#') || rest.starts_with("//");
    only_comment.then(|| Span::new(line_start(text, span.start), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_place_and_map_back() {
        let base = "a\n  rule one\n  rule two # note\n}\n";
        let amendment = "NEW";
        let two = base.find("rule two").unwrap_or(0);
        let edits = vec![
            Edit::replace(
                whole_lines(base, Span::new(two, two + 8)).unwrap_or_default(),
                vec![Piece::Generated("  # gone\n".into(), Span::new(0, 3))],
            ),
            Edit::insert(
                line_start(base, base.len() - 2),
                vec![Piece::Amendment(Span::new(0, 3))],
            ),
        ];
        let (text, map) = apply(base, amendment, (0, 1), edits);
        assert_eq!(text, "a\n  rule one\n  # gone\nNEW}\n");
        assert_eq!(map.place(Span::new(4, 8)), (0, Span::new(4, 8)));
        assert_eq!(map.place(Span::new(22, 25)), (1, Span::new(0, 3)));
    }

    #[test]
    fn lines() {
        let text = "x\n  y z\n";
        assert_eq!(indent(text, 5), "  ");
        assert!(starts_line(text, 4));
        assert!(!starts_line(text, 6));
        assert_eq!(next_line(text, 4), text.len());
    }
}
