//! Naming the parent's file anew when a plan's text is written somewhere else.
//!
//! `细化 "文号" "file"` names the parent relative to the plan's own folder. A consolidated
//! plan (`quanze consolidate`) is the base's text written to another place: copied
//! unchanged, the file named would no longer be the parent. The CLI works out the path
//! from the new place; this writes it into the header.

use crate::ast::{HeaderField, Item};
use crate::span::Span;
use crate::syntax;

/// `text` (a plan that refines another) with its `细化` naming `path` as the parent's
/// file: the file given is replaced, or added after the 文号 when there is none. `None`
/// when the text names no parent, or `path` cannot be written as a quoted text (it would
/// not read back as `path`): the caller refuses rather than write a plan that lies.
pub fn with_parent_path(text: &str, path: &str) -> Option<String> {
    let (number, file) = refines(text)?;
    let quoted = if path.contains('"') {
        format!("“{path}”")
    } else {
        format!("\"{path}\"")
    };
    let (range, replacement) = match file {
        Some(span) => (span, quoted.clone()),
        None => (Span::new(number.end, number.end), format!(" {quoted}")),
    };
    let mut rewritten = String::with_capacity(text.len() + replacement.len());
    rewritten.push_str(text.get(..range.start)?);
    rewritten.push_str(&replacement);
    rewritten.push_str(text.get(range.end..)?);
    // Read back: the header must now name exactly `path`.
    let (_, written) = refines(&rewritten)?;
    let written = written.and_then(|span| rewritten.get(span.start..span.end))?;
    (written == quoted).then_some(rewritten)
}

/// The spans of the 文号 and of the file (quotes included) in a plan's `细化`.
fn refines(text: &str) -> Option<(Span, Option<Span>)> {
    let document = syntax::parse(0, text).ok()?;
    document.items.iter().find_map(|item| match item {
        Item::Header(header) => header.fields.iter().find_map(|field| match field {
            HeaderField::Refines { number, path } => Some((number.span, path.as_ref().map(|p| p.span))),
            _ => None,
        }),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "文件 \"下级\" {\n  文号 \"下级〔2025〕1号\"\n  细化 \"上级〔2025〕1号\" \"parent.qz\"\n  细分 地方 => 自治区 > 盟市\n}\n层级 自治区 > 盟市\n";

    #[test]
    fn the_file_named_is_replaced() {
        let rewritten = with_parent_path(PLAN, "../policies/parent.qz");
        assert_eq!(
            rewritten.as_deref(),
            Some(PLAN.replace("\"parent.qz\"", "\"../policies/parent.qz\"").as_str())
        );
    }

    #[test]
    fn a_file_is_added_when_the_parent_was_found_by_number() {
        let by_number = PLAN.replace(" \"parent.qz\"", "");
        let rewritten = with_parent_path(&by_number, "policies/parent.qz");
        assert_eq!(
            rewritten.as_deref(),
            Some(PLAN.replace("parent.qz", "policies/parent.qz").as_str())
        );
    }

    #[test]
    fn a_path_that_cannot_be_quoted_is_refused() {
        assert_eq!(with_parent_path(PLAN, "a\"b”c"), None);
        assert_eq!(with_parent_path(PLAN, "a\nb"), None);
        // A plan refining nothing has no parent to name.
        assert_eq!(with_parent_path("文件 \"t\" { }\n层级 甲\n", "p.qz"), None);
    }
}
