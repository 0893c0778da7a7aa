//! The drafter's text in Markdown (decision tables, change memos, coverage reports).
//!
//! Plan files and source texts are untrusted: a wording holding `<script>`, `<img
//! onerror=…>` or `![x](http://…)` would run or load in the Markdown viewers offices use, and
//! a `|` would break a table. Markdown has no "verbatim" inline, so every character with a
//! meaning is escaped.

/// `text` as Markdown shows it literally, on one line, inside a table cell or anywhere:
///
/// - `<` and `&` as entities (`&lt;`, `&amp;`), which every Markdown dialect honours —
///   unlike a backslash before `<` — so no HTML tag, autolink or entity is read;
/// - `]` with a backslash where a link or image would go on (`](`, `][`, `]:`), so none is
///   ever read, while an interval such as `[0, 10)` stays as a drafter writes it in the
///   tables people read raw on a terminal;
/// - `` ` ``, `|` and `\` with a backslash (CommonMark, GFM): no code span, no cell
///   boundary, and a drafter's `\` cannot undo the next escape;
/// - line breaks as spaces (a cell is one line);
/// - control and invisible characters escaped as on a terminal (`␛`, `\u{202e}`).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let shown = crate::unicode::escape_for_terminal(text);
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            ']' if chars.peek().is_some_and(|next| matches!(next, '(' | '[' | ':')) => out.push_str("\\]"),
            '`' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn html_images_and_pipes_are_shown_not_read() {
        assert_eq!(text("<script>alert(1)</script>"), "&lt;script>alert(1)&lt;/script>");
        assert_eq!(
            text("![x](http://example.com/a.png)"),
            "![x\\](http://example.com/a.png)"
        );
        assert_eq!(text("a|b\\`c`\nd"), "a\\|b\\\\\\`c\\` d");
        assert_eq!(text("&lt;"), "&amp;lt;");
        assert_eq!(text("作品登记\u{1b}[2J"), "作品登记␛[2J");
        assert_eq!(text("[x]: http://example.com"), "[x\\]: http://example.com");
        assert_eq!(text("投资额 = [0, 10) 万元"), "投资额 = [0, 10) 万元");
    }
}
