//! Cutting a file into its top-level items without parsing it, so that a large plan can be
//! parsed, checked and written item by item (`crate::compile::stream`): pest's tokens for
//! a whole file take about 44 times the file's size (BENCHMARKS.md).
//!
//! An item starts at a top-level keyword (`文件`, `层级`, `维度`, `章节`, `事项`, `自设事项`,
//! `未列事项`, `上限`, and an amendment's operations `修改事项`, `删除事项`, `更名事项`,
//! `增加维度值`, in either language) standing at depth 0, outside quotes and comments, at
//! the start of a word. `层级` right after `:` is a dimension's `: 层级`, not a new item. The cut need not
//! be perfect: a part that does not parse on its own sends the caller back to parsing the
//! whole file, which gives the same diagnostics as always.

use crate::span::Span;

/// What a part of the file declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// Header, levels, dimensions, the catch-all: needed before any matter is resolved.
    Declaration,
    /// A matter, or a section of matters.
    Matters,
    /// An amendment: never split.
    Amendment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub span: Span,
    pub kind: PartKind,
}

const DECLARATIONS: [&str; 16] = [
    "文件",
    "policy",
    "层级",
    "levels",
    "维度",
    "dimension",
    "值集",
    "valueset",
    "未列事项",
    "unlisted",
    "修正案",
    "amendment",
    "上限",
    "limit",
    "不划分",
    "undivided",
];
const MATTERS: [&str; 5] = ["章节", "section", "事项", "matter", "自设事项"];
/// The operations of an amendment (`remove matter` is found by its first word: at the top
/// level, `remove` begins nothing else).
const OPERATIONS: [&str; 10] = [
    "修改事项",
    "amend",
    "删除事项",
    "remove",
    "更名事项",
    "rename",
    "增加维度值",
    "extend",
    "移至",
    "move",
];

/// The file's top-level items, in order; text before the first one (comments, blanks)
/// belongs to nothing.
pub fn split(source: &str) -> Vec<Part> {
    split_first(source, usize::MAX)
}

/// The first `count` of the file's top-level items (fewer when it has fewer), without
/// reading past them: `split_first(text, 1)` is the header of a plan, found without
/// scanning the rest of the file.
pub fn split_first(source: &str, count: usize) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut depth = 0usize;
    let mut after_colon = false;
    let mut previous_is_word = false;
    let mut index = 0usize;
    while let Some(c) = source.get(index..).and_then(|rest| rest.chars().next()) {
        // Comments and quotations are skipped with a search for their end, not a char at
        // a time: the real plan is half comments, and `check` splits every plan it reads.
        let mut next = match c {
            '#' => line_end(source, index + 1),
            '/' if source.get(index + 1..).is_some_and(|rest| rest.starts_with('/')) => line_end(source, index + 1),
            '"' => quotation_end(source, index + 1, '"'),
            '“' => quotation_end(source, index + '“'.len_utf8(), '”'),
            _ => index + c.len_utf8(),
        };
        match c {
            '{' | '｛' => depth += 1,
            '}' | '｝' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            // No item starts inside braces, and the way back to depth 0 is a closing
            // brace, which is no word and no colon: what lies between the comments,
            // quotations and braces there is skipped unread.
            previous_is_word = false;
            index = next_mark(source, next);
            continue;
        }
        let is_word = is_word_char(c);
        if depth == 0 && is_word && !previous_is_word {
            let rest = source.get(index..).unwrap_or("");
            let keyword = DECLARATIONS
                .iter()
                .chain(MATTERS.iter())
                .chain(OPERATIONS.iter())
                .copied()
                .find(|k| rest.strip_prefix(*k).is_some_and(ends_word));
            // `own matter` is read whole: its `matter` begins no item of its own.
            let own = own_matter(rest);
            // `remove matter` too: its `matter` begins no item of its own either.
            if let Some(length) = own.or_else(|| two_words(rest, "remove")) {
                next = index + length;
            }
            if let Some(keyword) = keyword.or(own.map(|_| "自设事项")) {
                let levels_of_dimension = after_colon && matches!(keyword, "层级" | "levels");
                if !levels_of_dimension {
                    if let Some(last) = parts.last_mut() {
                        last.span.end = index;
                    }
                    if parts.len() >= count {
                        return parts;
                    }
                    let kind = if matches!(keyword, "修正案" | "amendment") {
                        PartKind::Amendment
                    } else if MATTERS.contains(&keyword) || OPERATIONS.contains(&keyword) {
                        PartKind::Matters
                    } else {
                        PartKind::Declaration
                    };
                    parts.push(Part {
                        span: Span::new(index, source.len()),
                        kind,
                    });
                }
            }
        }
        if !c.is_whitespace() {
            after_colon = c == ':' || c == '：';
        }
        previous_is_word = is_word;
        index = next;
    }
    parts
}

/// Whether a keyword found at the start of a word ends there (`事项` is a keyword, `事项表`
/// a name).
fn ends_word(after: &str) -> bool {
    !after.starts_with(is_word_char)
}

/// Whether `c` continues a word as the grammar reads words (`XID_CONTINUE`, the table
/// pest's grammar uses): `市·事项` is one name, so `事项` there begins no item.
pub(super) fn is_word_char(c: char) -> bool {
    pest::unicode::XID_CONTINUE(c) || c == '_'
}

/// Whether `rest` starts with the English `own matter` (`自设事项`), written with any
/// blanks between its two words as the grammar allows: read as the word `matter` alone,
/// the `own` before it would end the previous item, which then parses on its own no more.
/// Its length when it does.
fn own_matter(rest: &str) -> Option<usize> {
    two_words(rest, "own")
}

/// Whether `rest` starts with `first` and `matter` with blanks between (`own matter`,
/// `remove matter`), and its length when it does.
fn two_words(rest: &str, first: &str) -> Option<usize> {
    let after = rest
        .strip_prefix(first)
        .filter(|after| after.starts_with([' ', '\t']))?;
    let after = after.trim_start_matches([' ', '\t']).strip_prefix("matter")?;
    ends_word(after).then(|| rest.len() - after.len())
}

/// The first place from `from` on where a comment, a quotation or a brace may start (or
/// the end of the text): `#`, `/`, `"`, `{`, `}`, or the first byte of `“`, `｛`, `｝`
/// (0xE2, 0xEF). Those are ASCII or UTF-8 lead bytes, never inside a character, so the
/// place found is a character boundary.
fn next_mark(source: &str, from: usize) -> usize {
    source
        .as_bytes()
        .get(from..)
        .and_then(|rest| {
            rest.iter()
                .position(|b| matches!(b, b'#' | b'/' | b'"' | b'{' | b'}' | 0xE2 | 0xEF))
        })
        .map_or(source.len(), |at| from + at)
}

/// Where the line that `from` is on ends: its `\n`, or the end of the text.
fn line_end(source: &str, from: usize) -> usize {
    source
        .get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(source.len(), |at| from + at)
}

/// Just past the `close` that ends a quotation opened before `from`, or, when the line
/// ends first, its `\n` (an unclosed quotation stops at its line).
fn quotation_end(source: &str, from: usize, close: char) -> usize {
    let end = line_end(source, from);
    source
        .get(from..end)
        .and_then(|line| line.find(close))
        .map_or(end, |at| from + at + close.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_cut_at_top_level_keywords_only() {
        let source = "文件 \"t\" { 文号 \"事项\" }\n层级 a > b\n维度 隶属 : 层级\n# 事项 in a comment\n事项 m \"事项\" => a § \"1\"\n章节 \"一\" { 事项 n => a § \"2\" }\n";
        let parts = split(source);
        let kinds: Vec<PartKind> = parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PartKind::Declaration,
                PartKind::Declaration,
                PartKind::Declaration,
                PartKind::Matters,
                PartKind::Matters
            ]
        );
        let texts: Vec<&str> = parts.iter().map(|p| source[p.span.start..p.span.end].trim()).collect();
        assert_eq!(texts[2], "维度 隶属 : 层级\n# 事项 in a comment");
        assert_eq!(texts[4], "章节 \"一\" { 事项 n => a § \"2\" }");
        assert_eq!(split_first(source, 2), parts[..2]);
        assert_eq!(split_first(source, 0), []);
    }

    #[test]
    fn braces_in_comments_and_quotations_inside_braces_do_not_count() {
        let source = "事项 a {\n x => b § \"}\" # }\n // }\n “}” ｛ 层级 ｝ /x }\n事项 c => d § \"1\"\n";
        let parts = split(source);
        let texts: Vec<&str> = parts.iter().map(|p| source[p.span.start..p.span.end].trim()).collect();
        assert_eq!(
            texts,
            [
                "事项 a {\n x => b § \"}\" # }\n // }\n “}” ｛ 层级 ｝ /x }",
                "事项 c => d § \"1\""
            ]
        );
    }

    /// Found by streaming the English fixtures: `own matter` was cut before `matter`, so
    /// the item before it ended in a stray `own`, did not parse alone, and a plan with
    /// an own matter was never read item by item.
    #[test]
    fn an_english_own_matter_is_one_item() {
        let source = "matter a => b cite \"1\"\nown  matter c => b cite \"2\"\nmatter owner => b cite \"3\"\n";
        let texts: Vec<&str> = split(source)
            .iter()
            .map(|p| source[p.span.start..p.span.end].trim())
            .collect();
        assert_eq!(
            texts,
            [
                "matter a => b cite \"1\"",
                "own  matter c => b cite \"2\"",
                "matter owner => b cite \"3\""
            ]
        );
        assert_eq!(own_matter("own matters"), None);
        assert_eq!(own_matter("owner matter"), None);
    }
}
