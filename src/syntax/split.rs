//! Cutting a file into its top-level items without parsing it, so that a large plan can be
//! parsed, checked and written item by item (`crate::compile::stream`): pest's tokens for
//! a whole file take about 44 times the file's size (BENCHMARKS.md).
//!
//! An item starts at a top-level keyword (`文件`, `层级`, `维度`, `章节`, `事项`, `自设事项`,
//! `未列事项`, `上限`, in either language) standing at depth 0, outside quotes and comments, at the start of a
//! word. `层级` right after `:` is a dimension's `: 层级`, not a new item. The cut need not
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

const DECLARATIONS: [&str; 14] = [
    "文件",
    "policy",
    "层级",
    "levels",
    "维度",
    "dimension",
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

/// The file's top-level items, in order; text before the first one (comments, blanks)
/// belongs to nothing.
pub fn split(source: &str) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut depth = 0usize;
    let mut after_colon = false;
    let mut previous_is_word = false;
    let mut chars = source.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '#' => skip_line(&mut chars),
            '/' if chars.peek().is_some_and(|(_, next)| *next == '/') => skip_line(&mut chars),
            '"' => skip_until(&mut chars, '"'),
            '“' => skip_until(&mut chars, '”'),
            '{' | '｛' => depth += 1,
            '}' | '｝' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let is_word = c.is_alphanumeric() || c == '_';
        if depth == 0 && is_word && !previous_is_word {
            let rest = source.get(index..).unwrap_or("");
            let keyword = DECLARATIONS.iter().chain(MATTERS.iter()).find(|k| {
                rest.strip_prefix(**k)
                    .is_some_and(|after| !after.starts_with(|n: char| n.is_alphanumeric() || n == '_'))
            });
            if let Some(keyword) = keyword {
                let levels_of_dimension = after_colon && matches!(*keyword, "层级" | "levels");
                if !levels_of_dimension {
                    if let Some(last) = parts.last_mut() {
                        last.span.end = index;
                    }
                    let kind = if matches!(*keyword, "修正案" | "amendment") {
                        PartKind::Amendment
                    } else if MATTERS.contains(keyword) {
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
    }
    parts
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    while chars.next_if(|(_, c)| *c != '\n').is_some() {}
}

fn skip_until(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, close: char) {
    while let Some((_, c)) = chars.next_if(|(_, c)| *c != '\n') {
        if c == close {
            return;
        }
    }
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
    }
}
