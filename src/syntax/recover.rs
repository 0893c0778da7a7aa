//! Every syntax error of a file in one run, not only the first: after the first error
//! (the whole file's parse, unchanged), the rest of the rule block it stands in is read
//! again a line at a time, then every later top-level item on its own ([`split`]). A
//! drafter with four slips in four places learns of all four at once.
//!
//! What is read again never reports an error the first one caused: a later item starts
//! at a top-level keyword outside quotes and braces, so an unclosed quote or brace leaves
//! no later item; inside a rule block, reading starts again only on a line that begins a
//! rule (outside the quotes and braces the broken rule opened, with an arrow): a line that
//! does not goes on the broken rule (a rule may be written over several lines) and is
//! passed over, never reported.

use pest::Parser;

use super::split::{Part, PartKind};
use super::{QuanzeParser, Rule, expected};
use crate::ast::Document;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use crate::tr;

/// At most this many syntax errors are reported; the last says that more may follow.
pub const MAX_SYNTAX_ERRORS: usize = 20;

/// `first` (the file's first syntax error) and the errors after it, in the order of
/// their place, at most [`MAX_SYNTAX_ERRORS`]. In an amendment, each later operation is
/// read again on its own.
pub fn errors_from(file: FileId, source: &str, first: Diagnostic) -> Vec<Diagnostic> {
    let Some(at) = first.primary.as_ref().map(|label| label.span.start) else {
        return vec![first];
    };
    let parts = super::split(source);
    let amendment = parts.first().is_some_and(|part| part.kind == PartKind::Amendment);
    let mut errors = vec![first];
    let holding = parts
        .iter()
        .position(|part| part.span.start <= at && at < part.span.end);
    if let Some(part) = holding.and_then(|index| parts.get(index)) {
        errors.extend(later_rules(file, source, *part, at, amendment));
    }
    let later = parts.iter().filter(|part| part.span.start > at);
    for part in later {
        // One past the limit is enough to say that more follow.
        if errors.len() > MAX_SYNTAX_ERRORS {
            break;
        }
        let error = match amendment {
            true => operation_error(file, source, part.span),
            false => super::parse_part(file, source, part.span).err().map(|error| *error),
        };
        errors.extend(error);
    }
    if errors.len() > MAX_SYNTAX_ERRORS {
        errors.truncate(MAX_SYNTAX_ERRORS);
        if let Some(last) = errors.pop() {
            errors.push(last.note(tr!(
                "语法错误超过 {MAX_SYNTAX_ERRORS} 处，其余未列出；改正以上各处后再检查",
                "more than {MAX_SYNTAX_ERRORS} syntax errors: the rest are not listed; check again once these are mended"
            )));
        }
    }
    errors
}

/// The syntax error of the operations of an amendment in `span`, read on their own.
fn operation_error(file: FileId, source: &str, span: Span) -> Option<Diagnostic> {
    let text = source.get(span.start..span.end)?;
    let error = QuanzeParser::parse(Rule::amend_part, text).err()?;
    Some(shifted(expected::diagnostic(file, text, &error), span.start))
}

/// The items of a file that does not parse, those that parse on their own, so that the
/// checks can still be run on them beside the syntax errors. `None` when a declaration
/// (header, levels, a dimension, the catch-all, a limit) is among those that do not parse —
/// every matter depends on them — and for an amendment.
pub fn parsed_items(file: FileId, source: &str) -> Option<Document> {
    let parts = super::plan_parts(source)?;
    let mut document = Document {
        items: Vec::new(),
        findings: Vec::new(),
    };
    for (index, part) in parts.iter().enumerate() {
        match super::parse_part(file, source, super::read_span(index, part)) {
            Ok(parsed) => {
                document.items.extend(parsed.items);
                document.findings.extend(parsed.findings);
            }
            Err(_) if part.kind == PartKind::Declaration => return None,
            Err(_) => {
                if let Some(section) = super::pieces::section_without_broken_matters(file, source, part.span) {
                    document.items.extend(section.items);
                    document.findings.extend(section.findings);
                }
            }
        }
    }
    Some(document)
}

/// The syntax errors of the rules after `at` in the rule block of `part`, when the part
/// is one matter (`事项`; or an amended matter, `修改事项`, and its operations) and `at`
/// lies inside its block; and of what follows the block in the part (a misspelled keyword
/// is no item start: `事像` is read with the matter before), as operations in an
/// `amendment`.
fn later_rules(file: FileId, source: &str, part: Part, at: usize, amendment: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(text) = source.get(part.span.start..part.span.end) else {
        return found;
    };
    let Some(block) = block_kind(text) else {
        return found;
    };
    let Some(close) = block_close(text).map(|close| part.span.start + close) else {
        return found;
    };
    if at >= close {
        return found;
    }
    let brace_end = close
        + source
            .get(close..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8);
    let mut from = at;
    // Each turn starts on a later line: the loop ends.
    while found.len() <= MAX_SYNTAX_ERRORS
        && let Some(line) = next_rule_line(source, from, close, block)
    {
        let Some(rest) = source.get(line..brace_end) else {
            break;
        };
        let tail = match block {
            Block::Rules => Rule::rules_tail,
            Block::Operations => Rule::operations_tail,
        };
        let Err(error) = QuanzeParser::parse(tail, rest) else {
            break;
        };
        let diagnostic = shifted(expected::diagnostic(file, rest, &error), line);
        let place = diagnostic.primary.as_ref().map_or(line, |label| label.span.start);
        found.push(diagnostic);
        from = place.max(line);
    }
    // Only after a brace that begins its line: a brace further on in a line may be a
    // value set's, its `{` the very slip reported, and what follows it part of the rule.
    let line_start = source
        .get(..close)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |n| n + 1);
    let brace_begins_line = source
        .get(line_start..close)
        .is_some_and(|before| before.trim().is_empty());
    let tail = Span::new(brace_end, part.span.end);
    if brace_begins_line
        && source
            .get(tail.start..tail.end)
            .is_some_and(|text| !text.trim().is_empty())
    {
        // In an amendment, what follows is read as its operations are.
        let error = match amendment {
            true => operation_error(file, source, tail),
            false => super::parse_part(file, source, tail).err().map(|error| *error),
        };
        found.extend(error);
    }
    found
}

/// What a block read again line by line holds.
#[derive(Clone, Copy)]
enum Block {
    /// A matter's rules.
    Rules,
    /// An amended matter's operations (`修改事项 甲 { 更改 … }`).
    Operations,
}

/// The operations of an amended matter, each of which begins a line of its own.
const OPERATIONS: [&str; 8] = ["删除", "替换", "更改", "增加", "remove", "replace", "change", "add"];

/// What the block of the part holds, when the part is a single matter (`事项`) or an
/// amended matter (`修改事项`); `None` for anything else (a section of matters, whose inner
/// braces a rule block's reading would take for mistakes).
fn block_kind(text: &str) -> Option<Block> {
    let line = text
        .lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with("//"))?;
    let starts = |keywords: &[&str]| keywords.iter().any(|keyword| starts_with_word(line, keyword));
    if starts(&["事项", "自设事项", "matter", "own"]) {
        Some(Block::Rules)
    } else if starts(&["修改事项", "amend"]) {
        Some(Block::Operations)
    } else {
        None
    }
}

/// Whether `code` starts with the word `word`, not with a longer word (`增加维度值`).
fn starts_with_word(code: &str, word: &str) -> bool {
    code.strip_prefix(word)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !super::split::is_word_char(c)))
}

/// Reading outside quotes and comments: how deep in braces, whether in a quotation.
#[derive(Default)]
struct Reading {
    depth: usize,
    closing: Option<char>,
}

impl Reading {
    /// Reads `line` (no line break in it): its code outside quotes and comments; `None`
    /// when a brace closes one never opened (where the rule stands is then unknown).
    fn line(&mut self, line: &str) -> Option<String> {
        let mut code = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (self.closing, c) {
                (Some(end), c) if c == end => self.closing = None,
                (Some(_), _) => {}
                (None, '#') => break,
                (None, '/') if chars.peek() == Some(&'/') => break,
                (None, '"') => self.closing = Some('"'),
                (None, '“') => self.closing = Some('”'),
                (None, '{' | '｛') => {
                    self.depth += 1;
                    code.push(c);
                }
                (None, '}' | '｝') => {
                    self.depth = self.depth.checked_sub(1)?;
                    code.push(c);
                }
                (None, c) => code.push(c),
            }
        }
        // A quotation does not go on past its line (the grammar's quotes hold no break).
        if self.closing == Some('"') {
            self.closing = None;
        }
        Some(code)
    }
}

/// Where the rule block of a matter closes: the brace matching the block's opening one,
/// outside quotes and comments. `None` for a matter written with one inline rule (an
/// arrow before any brace: its braces are a share's) and for a block never closed.
fn block_close(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => while chars.next().is_some_and(|(_, c)| c != '"') {},
            '“' => while chars.next().is_some_and(|(_, c)| c != '”') {},
            '#' => while chars.next().is_some_and(|(_, c)| c != '\n') {},
            '/' if chars.peek().is_some_and(|(_, next)| *next == '/') => {
                while chars.next().is_some_and(|(_, c)| c != '\n') {}
            }
            '{' | '｛' => depth += 1,
            '}' | '｝' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at);
                }
            }
            '=' | '＝' | '⇒' | '→' if depth == 0 => {
                let arrow = matches!(c, '⇒' | '→') || chars.peek().is_some_and(|(_, next)| matches!(next, '>' | '＞'));
                if arrow {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

/// The start of the first line after the one holding `from`, before `close`, that
/// begins a rule: it starts outside any quotation and brace the broken rule opened, and
/// holds an arrow (in an amended matter: begins with an operation). A line that does not
/// goes on the rule before it (a condition, an outcome or a quotation written over several
/// lines) and is passed over.
fn next_rule_line(source: &str, from: usize, close: usize, block: Block) -> Option<usize> {
    let mut start = source.get(..from)?.rfind('\n').map_or(0, |n| n + 1);
    let mut reading = Reading::default();
    let mut first = true;
    loop {
        let rest = source.get(start..close)?;
        let line = rest.split('\n').next().unwrap_or("");
        let at_rest = reading.depth == 0 && reading.closing.is_none();
        let code = reading.line(line)?;
        let begins = match block {
            Block::Rules => holds_arrow(&code),
            Block::Operations => OPERATIONS.iter().any(|op| starts_with_word(code.trim_start(), op)),
        };
        if !first && at_rest && begins {
            return Some(start);
        }
        first = false;
        start += rest.find('\n')? + 1;
    }
}

/// Whether a line's code holds a rule's arrow (`=>` and its other spellings).
fn holds_arrow(code: &str) -> bool {
    ["=>", "＝＞", "=＞", "＝>", "⇒", "→"]
        .iter()
        .any(|arrow| code.contains(arrow))
}

/// `diagnostic`, found in a piece of the file that starts at `offset`, with its places
/// moved to the whole file.
fn shifted(mut diagnostic: Diagnostic, offset: usize) -> Diagnostic {
    for label in diagnostic.primary.iter_mut().chain(diagnostic.secondary.iter_mut()) {
        label.span = Span::new(label.span.start + offset, label.span.end + offset);
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::super::parse_or_errors;
    use super::MAX_SYNTAX_ERRORS;

    /// The lines (from 1) of every syntax error of `text`.
    fn error_lines(text: &str) -> Vec<usize> {
        let errors = parse_or_errors(0, text).err().unwrap_or_default();
        errors
            .iter()
            .filter_map(|d| d.primary.as_ref())
            .map(|label| text.get(..label.span.start).unwrap_or("").matches('\n').count() + 1)
            .collect()
    }

    const HEAD: &str = "文件 \"测试\" { 文号 \"测〔1〕号\" }\n层级 省 > 市\n维度 范围 { 全省, 本市 }\n";

    #[test]
    fn slips_in_several_items_are_all_reported() {
        let text = format!(
            "{HEAD}事项 甲 按 范围 {{\n  全省 => 省 § \"1\"\n  本市 => 市 \"2\"\n}}\n事像 乙 => 省 § \"3\"\n\
             事项 丙 按 范围 {{\n  全省 => 省 § \"4\"\n  本市 => 事权 省 支出 {{ 省 50%, 市 5O% }} § \"5\"\n}}\n"
        );
        assert_eq!(error_lines(&text), vec![6, 8, 11]);
    }

    #[test]
    fn slips_in_one_rule_block_are_all_reported() {
        let text = format!(
            "{HEAD}事项 甲 按 范围 {{\n  全省 => 省 § \"1\" 优先\n  本市 => 市 \"2\"\n  全省 => 市 § \"3\" §\n}}\n"
        );
        assert_eq!(error_lines(&text), vec![5, 6, 7]);
    }

    /// A rule written over several lines goes on past the line of its error: the lines
    /// after it, without an arrow, are not read as rules of their own.
    #[test]
    fn the_rest_of_a_broken_rule_is_not_an_error_of_its_own() {
        let text =
            format!("{HEAD}事项 甲 按 范围 {{\n  本市 =>\n    市 § \"2\" \"长的\n    引文\"\n  全省 => 市 \"3\"\n}}\n");
        assert_eq!(error_lines(&text), vec![6, 8]);
    }

    /// Inside an amended matter (`修改事项`), each operation after a broken one is read
    /// again, and a line that goes on an operation is not read as one of its own.
    #[test]
    fn slips_in_one_amended_matter_are_all_reported() {
        let head = "修正案 \"改\" {\n  文号 \"改〔1〕号\"\n  修正 \"测〔1〕号\"\n}\n";
        let text = format!(
            "{head}修改事项 甲 {{\n  更改 \"1\" => 省 \"修正一\"\n  删除 \"2\" \"修正二\"\n  增加 全省 => 市 § \"修正三\"\n  \
             替换 \"3\" 为 本市 => 市 \"修正四\"\n  remove \"4\"\n    § \"修正五\" \"引\" \"多\"\n}}\n"
        );
        assert_eq!(error_lines(&text), vec![6, 7, 9, 11]);
    }

    /// What follows an amended matter's block in its part is read as an amendment's
    /// operations: a misspelled operation is told the operations it could be, not the
    /// items of a plan.
    #[test]
    fn after_an_amended_matter_the_operations_are_expected() {
        let head = "修正案 \"改\" {\n  文号 \"改〔1〕号\"\n  修正 \"测〔1〕号\"\n}\n";
        let text = format!("{head}修改事项 甲 {{\n  更改 \"1\" => 省 \"x\"\n}}\n删除事像 乙 § \"y\"\n");
        let errors = parse_or_errors(0, &text).err().unwrap_or_default();
        assert_eq!(errors.len(), 2, "{errors:?}");
        let second = errors.get(1).map(|d| format!("{d:?}")).unwrap_or_default();
        assert!(second.contains("删除事项"), "{second}");
    }

    /// A brace that closes a value set whose `{` is missing ends no rule block: what
    /// follows it on the line is not read again as items.
    #[test]
    fn a_stray_brace_is_not_the_end_of_the_block() {
        let text = format!("{HEAD}事项 甲 按 范围 {{\n  全省, 本市}} => 省 § \"1\"\n  本市 => 市 § \"2\"\n}}\n");
        assert_eq!(error_lines(&text), vec![5]);
    }

    /// A comment may hold a brace, and a rule may open braces over several lines: neither
    /// is taken for the block's end or a rule's start.
    #[test]
    fn comments_and_braces_over_lines_are_read_through() {
        let text = format!(
            "{HEAD}事项 甲 按 范围 {{\n  本市 => 市 \"2\"\n  // 旧写法 }}\n  范围 = {{全省,\n    本市}} => 省 § \"3\"\n  全省 => 市 § \"4\" §\n}}\n"
        );
        assert_eq!(error_lines(&text), vec![5, 9]);
    }

    /// An unclosed quote or brace leaves no later item to read: one error, as before.
    #[test]
    fn an_unclosed_quote_or_brace_gives_one_error() {
        let quote = format!("{HEAD}事项 甲 => 省 § \"1\n事项 乙 => 省 § \"2\"\n事项 丙 => 省 § \"3\"\n");
        assert_eq!(error_lines(&quote).len(), 1);
        let brace = format!("{HEAD}事项 甲 按 范围 {{\n  全省 => 省 § \"1\"\n事项 乙 => 省 § 2\n");
        assert_eq!(error_lines(&brace).len(), 1);
    }

    /// An inline rule's braces (a share) are not a rule block: what follows the share is
    /// not read again as items.
    #[test]
    fn a_shared_inline_rule_is_no_rule_block() {
        let text = format!("{HEAD}事项 甲 => 事权 省 支出 {{ 省 33.333%, 市 66.667% }} 委托 § \"1\"\n");
        assert_eq!(error_lines(&text).len(), 1);
    }

    /// Beside the syntax errors, the matters that parsed are checked; a plan that refines
    /// another is not (a matter that did not parse would be a case left undivided), and
    /// neither is a plan whose declarations did not parse.
    #[test]
    fn parsed_matters_are_checked_beside_the_syntax_errors() {
        let codes = |text: &str| -> Vec<&'static str> {
            crate::compile::compile(0, text)
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect()
        };
        let plan =
            format!("{HEAD}事项 甲 按 范围 {{\n  本市 => 市 \"2\"\n}}\n事项 乙 按 范围 {{\n  全省 => 省 § \"3\"\n}}\n");
        assert_eq!(codes(&plan), vec!["E0001", "E0008"]);
        let child = plan.replacen("文号 \"测〔1〕号\"", "文号 \"测〔1〕号\" 细化 \"上〔1〕号\"", 1);
        assert_eq!(codes(&child), vec!["E0001"]);
        let broken_levels = plan.replacen("层级 省 > 市", "层级 省 > > 市", 1);
        // Both syntax errors, and no gap: the matters are not checked without their levels.
        assert_eq!(codes(&broken_levels), vec!["E0001", "E0001"]);
    }

    #[test]
    fn at_most_twenty_errors_are_reported_and_the_last_says_so() {
        let broken: String = (0..30).map(|i| format!("事项 m{i} => 省 \"{i}\"\n")).collect();
        let text = format!("{HEAD}{broken}");
        let errors = parse_or_errors(0, &text).err().unwrap_or_default();
        assert_eq!(errors.len(), MAX_SYNTAX_ERRORS);
        let last = errors.last().map(|d| d.notes.len()).unwrap_or_default();
        assert!(last >= 1, "{errors:?}");
    }
}
