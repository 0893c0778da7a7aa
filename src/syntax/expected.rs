//! Syntax errors in a drafter's words.
//!
//! pest reports the grammar rules it expected at the furthest point it reached. Those
//! names (`kw_matter`, `value_set`…) mean nothing to a drafter, so each is described here
//! in Chinese and English, and the message names what was found instead.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use super::keywords::{self, Keyword};
use crate::diagnostic::{Code, Diagnostic};
use crate::names::did_you_mean;
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

pub(super) fn diagnostic(file: FileId, source: &str, error: &Error<Rule>) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let positives: &[Rule] = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    // Where a new item could start, the text before is complete: the mistake is here.
    let between_items = positives
        .iter()
        .any(|r| matches!(r, Rule::EOI | Rule::file | Rule::kw_matter));
    let mut expected: Vec<Text> = Vec::new();
    // The keywords that would fit here, for "did you mean" on a misspelled one.
    let mut fitting: Vec<Keyword> = Vec::new();
    for expected_rule in positives {
        // At the start of an item pest names only the enclosing rule; say what an item
        // can begin with instead.
        let rules: Vec<Rule> = match expected_rule {
            Rule::file => ITEM_STARTS.to_vec(),
            other => vec![*other],
        };
        let rare: &[Rule] = if *expected_rule == Rule::file {
            &RARE_ITEM_STARTS
        } else {
            &[]
        };
        for candidate in rules.iter().chain(rare) {
            for keyword in keywords::of_rule(*candidate) {
                if !fitting.contains(keyword) {
                    fitting.push(*keyword);
                }
            }
        }
        // Between items, the rarer items (`自设事项`, `上限`, `不划分`) would only lengthen
        // the list of what could come; the common ones are named. The look for a rule's
        // label is no token of its own: its word is also the condition's.
        if (between_items && RARE_ITEM_STARTS.contains(expected_rule)) || *expected_rule == Rule::label_word {
            continue;
        }
        for text in rules.into_iter().map(describe) {
            if !expected.contains(&text) {
                expected.push(text);
            }
        }
    }
    let found = found_at(source, position);
    let span = Span::new(position, position + found.len());
    if let Some(diagnostic) = too_many_decimals(file, source, position, positives) {
        return diagnostic;
    }
    let found_text = if found.is_empty() {
        tr!("文件结尾", "the end of the file")
    } else {
        // A found backtick is quoted the Markdown way, `` ` ``, so it stays readable.
        let quoted = if found.contains('`') {
            format!("`` {found} ``")
        } else {
            format!("`{found}`")
        };
        Text::new(quoted.clone(), quoted)
    };
    let found_zh = &found_text.zh;
    let found_en = &found_text.en;
    let message = if expected.is_empty() {
        tr!("此处不能出现 {found_zh}", "unexpected {found_en}")
    } else {
        let wanted_zh = join(expected.iter().map(|t| t.zh.as_str()), "、", " 或 ");
        let wanted_en = join(expected.iter().map(|t| t.en.as_str()), ", ", " or ");
        tr!(
            "此处应为 {wanted_zh}，却是 {found_zh}",
            "expected {wanted_en}, found {found_en}"
        )
    };
    let mut diagnostic = Diagnostic::new(Code::E0001, message);
    // When what was expected is missing at the end of a line (a rule without its
    // citation), the drafter's mistake is after the last word written, not at the next
    // line's start. Only then: if what was expected could also begin a line (a condition,
    // `}`, an item), the line before may well be complete, and if what was found could
    // not begin one (`!`, a lone `=>`), the mistake is what was found.
    let line_before_incomplete = !expected.is_empty()
        && !positives.iter().any(|r| begins_a_line(*r))
        && found.chars().next().is_none_or(could_begin_a_line);
    let mut on_found_token = false;
    if let Some(quoted) = quoted_value_at_line_start(source, position, &found) {
        let value = source
            .get(quoted.start..quoted.end)
            .unwrap_or("")
            .trim_matches(['"', '“', '”']);
        return diagnostic
            .primary(
                file,
                quoted,
                tr!(
                    "被读作上一条款出处的引文",
                    "read as the quotation of the citation on the line before"
                ),
            )
            .secondary(
                file,
                span,
                tr!("于是这里的 `=>` 没有条件", "so this `=>` has no condition"),
            )
            .note(tr!(
                "条件中的值不加引号：写 `{value} =>`",
                "a value in a condition takes no quotes: write `{value} =>`"
            ));
    }
    match end_of_previous_line(source, position) {
        Some(end) if line_before_incomplete => {
            if let Some(stray) = stray_word_after_citation(source, end, positives) {
                let word = source.get(stray.start..stray.end).unwrap_or("");
                diagnostic = diagnostic
                    .primary(
                        file,
                        stray,
                        tr!("被当作下一条条款的开头", "read as the start of another rule"),
                    )
                    .note(tr!(
                        "条款的出处之后只能接 `优先于` 或注释；`{word}` 若是说明，请写在 `#` 之后",
                        "after a rule's citation only `overrides` or a comment may follow: if `{word}` is a remark, put it after `#`"
                    ));
            } else {
                diagnostic = diagnostic.primary(
                    file,
                    Span::new(end, end),
                    tr!("此后缺少内容", "something is missing after this"),
                );
            }
            if !found.is_empty() {
                diagnostic = diagnostic.secondary(file, span, tr!("接着出现的是这里", "what comes next is here"));
            }
        }
        _ => {
            on_found_token = true;
            diagnostic = diagnostic.primary(file, span, tr!("这里无法理解", "not understood here"));
        }
    }
    if (positives.contains(&Rule::rbrace) || found.is_empty())
        && let Some(open) = unclosed_brace(source, position)
    {
        diagnostic = diagnostic.secondary(file, open, tr!("这里的 `{{` 没有闭合", "this `{{` is never closed"));
    }
    if let Some(hint) = glued_keyword(source, position) {
        diagnostic = diagnostic.note(hint);
    } else if let Some(keyword) = on_found_token.then(|| keywords::suggest(&found, &fitting)).flatten() {
        // Only for the found word itself: a word at the start of the next line is most
        // likely the drafter's own name (`city`, one edit from `cite`).
        diagnostic = diagnostic.note(did_you_mean(keyword));
    }
    if let Some(braced) = values_without_braces(source, position, positives) {
        diagnostic = diagnostic.note(tr!(
            "几个取值要写在花括号里：`{braced}`",
            "several values go in braces: `{braced}`"
        ));
    }
    diagnostic
}

/// Rules pest may expect at the start of a line: a new item, a header field, a rule of a
/// block, the block's `}`. Expecting one of them means the text before may be complete.
fn begins_a_line(expected_rule: Rule) -> bool {
    matches!(
        expected_rule,
        Rule::EOI
            | Rule::file
            | Rule::header
            | Rule::levels_decl
            | Rule::dimension_decl
            | Rule::value_set_decl
            | Rule::section
            | Rule::matter
            | Rule::unlisted
            | Rule::limit_decl
            | Rule::undivided
            | Rule::amendment
            | Rule::amendment_header
            | Rule::amend_matter
            | Rule::remove_matter
            | Rule::rename_matter
            | Rule::extend_values
            | Rule::move_value
            | Rule::kw_policy
            | Rule::kw_levels
            | Rule::kw_dimension
            | Rule::kw_section
            | Rule::kw_matter
            | Rule::kw_own_matter
            | Rule::kw_unlisted
            | Rule::kw_limit
            | Rule::kw_undivided
            | Rule::kw_amendment
            | Rule::kw_amend
            | Rule::kw_remove_matter
            | Rule::kw_rename_matter
            | Rule::kw_extend
            | Rule::number_field
            | Rule::issued_field
            | Rule::basis_field
            | Rule::refines_field
            | Rule::subdivides_field
            | Rule::excerpt_field
            | Rule::effective_field
            | Rule::amends_field
            | Rule::kw_number
            | Rule::kw_issued
            | Rule::kw_basis
            | Rule::kw_refines
            | Rule::kw_subdivides
            | Rule::kw_excerpt
            | Rule::kw_effective
            | Rule::kw_amends
            | Rule::remove_rule
            | Rule::replace_rule
            | Rule::change_outcome
            | Rule::add_rule
            | Rule::kw_remove
            | Rule::kw_replace
            | Rule::kw_change
            | Rule::kw_add
            | Rule::rule
            | Rule::label
            | Rule::condition
            | Rule::disjunction
            | Rule::conjunction
            | Rule::test
            | Rule::test_bare
            | Rule::kw_otherwise
            | Rule::kw_any
            | Rule::rbrace
    )
}

/// What a line can begin with: a word (a name or keyword), `}`, a quoted text (a
/// citation's text put on the next line), `§`.
fn could_begin_a_line(c: char) -> bool {
    is_word(c) || matches!(c, '}' | '｝' | '"' | '“' | '§')
}

/// The end of the last non-blank text before `position`, when that text is on an earlier
/// line than `position` and is not a comment.
fn end_of_previous_line(source: &str, position: usize) -> Option<usize> {
    let before = source.get(..position)?;
    let end = before.trim_end().len();
    let skipped = before.get(end..)?;
    let line = before.get(..end)?.rsplit('\n').next()?;
    let in_comment = line.contains('#') || line.contains("//");
    (end > 0 && skipped.contains('\n') && !in_comment).then_some(end)
}

/// A lone word after a rule's citation on the same line (`§ "2" "引文" 注释`), which pest
/// reads as the condition of a next rule and then finds that rule unfinished: the word
/// itself is the slip, not something missing after it.
fn stray_word_after_citation(source: &str, end: usize, positives: &[Rule]) -> Option<Span> {
    if !positives.contains(&Rule::arrow) {
        return None;
    }
    let before = source.get(..end)?;
    let word = before.len() - before.trim_end_matches(is_word).len();
    let start = end - word;
    let ahead = before.get(..start)?;
    let gap = ahead.trim_end_matches([' ', '\t', '\u{3000}']);
    (word > 0 && gap.len() < ahead.len() && gap.ends_with(['"', '”'])).then(|| Span::new(start, end))
}

/// `"一般" => 盟市` at the start of a line: the quoted value is read as the quotation of
/// the citation that ends the line before (a citation's quotation may go on the next
/// line), and pest then finds an `=>` with no condition. The quoted text is the slip.
fn quoted_value_at_line_start(source: &str, position: usize, found: &str) -> Option<Span> {
    if !(found.starts_with("=>") || found.starts_with('＝')) {
        return None;
    }
    let before = source.get(..position)?.trim_end_matches([' ', '\t', '\u{3000}']);
    let close = before.chars().next_back().filter(|c| matches!(c, '"' | '”'))?;
    let inner = before.get(..before.len() - close.len_utf8())?;
    let open = inner.rfind(['"', '“'])?;
    let line_start = inner.get(..open)?;
    let opening_line = line_start.get(line_start.rfind('\n').map_or(0, |n| n + 1)..)?;
    opening_line
        .chars()
        .all(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
        .then(|| Span::new(open, before.len()))
}

/// The innermost `{` still open at `position`, when some `{` of the file is never closed:
/// the brace the drafter forgot to close (an unclosed matter inside a section is closed,
/// by count, by the section's `}`, and the section's brace is the one left over; the
/// matter's is still the one open where the text stops making sense). Quoted texts and
/// comments are skipped: a `{` there is the drafter's words.
fn unclosed_brace(source: &str, position: usize) -> Option<Span> {
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut innermost: Option<(usize, usize)> = None;
    let mut passed = false;
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !passed && at >= position {
            innermost = open.last().copied();
            passed = true;
        }
        let closing = match c {
            '"' => Some('"'),
            '“' => Some('”'),
            '#' => Some('\n'),
            '/' if chars.peek().is_some_and(|(_, next)| *next == '/') => Some('\n'),
            _ => None,
        };
        if let Some(closing) = closing {
            // A quoted text ends at its quote or the end of its line; a comment at the end
            // of its line.
            while let Some((_, inner)) = chars.next_if(|(_, inner)| *inner != '\n') {
                if inner == closing {
                    break;
                }
            }
            continue;
        }
        match c {
            '{' | '｛' => open.push((at, at + c.len_utf8())),
            '}' | '｝' => {
                open.pop();
            }
            _ => {}
        }
    }
    if !passed {
        innermost = open.last().copied();
    }
    if open.is_empty() {
        return None;
    }
    innermost.map(|(start, end)| Span::new(start, end))
}

/// `全区重大、一般 => 自治区`: values joined by a comma where a condition names one value.
/// The values, as the set the drafter meant (`{全区重大, 一般}`).
fn values_without_braces(source: &str, position: usize, positives: &[Rule]) -> Option<String> {
    if !positives.contains(&Rule::arrow) {
        return None;
    }
    let before = source.get(..position)?.trim_end_matches([' ', '\t', '\u{3000}']);
    let first = before.get(before.trim_end_matches(is_word).len()..)?;
    let mut values = vec![first];
    let mut rest = source.get(position..)?;
    while let Some(after) = rest.strip_prefix([',', '，', '、']) {
        let after = after.trim_start_matches([' ', '\t', '\u{3000}']);
        let word = after.get(..after.len() - after.trim_start_matches(is_word).len())?;
        values.push(word);
        rest = after.get(word.len()..)?.trim_start_matches([' ', '\t', '\u{3000}']);
    }
    (values.len() > 1 && values.iter().all(|v| !v.is_empty())).then(|| format!("{{{}}}", values.join(", ")))
}

/// `33.333%`: a share with more than two decimals, which the grammar's percentage does
/// not read, so pest says only that a percentage was expected at `33`.
fn too_many_decimals(file: FileId, source: &str, position: usize, positives: &[Rule]) -> Option<Diagnostic> {
    if !positives
        .iter()
        .any(|r| matches!(r, Rule::percent | Rule::share | Rule::shares | Rule::spending))
    {
        return None;
    }
    let rest = source.get(position..)?;
    let whole = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after_point = rest.get(whole..)?.strip_prefix('.')?;
    let decimals = after_point.len() - after_point.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let sign = after_point
        .get(decimals..)?
        .chars()
        .next()
        .filter(|c| matches!(c, '%' | '％'))?;
    if whole == 0 || decimals <= 2 {
        return None;
    }
    let end = position + whole + 1 + decimals + sign.len_utf8();
    let written = source.get(position..end)?;
    let number = source.get(position..end - sign.len_utf8())?;
    let rounded = number.parse::<f64>().ok().map(|n| format!("{n:.2}%"))?;
    Some(
        Diagnostic::new(
            Code::E0001,
            tr!(
                "份额最多两位小数，却是 `{written}`",
                "a share has at most two decimals, found `{written}`"
            ),
        )
        .primary(file, Span::new(position, end), tr!("小数位过多", "too many decimals"))
        .note(tr!(
            "四舍五入到两位小数（如 `{rounded}`），并让各份额合计仍为 100%",
            "round it to two decimals (such as `{rounded}`), keeping the shares' total at 100%"
        )),
    )
}

// The items a drafter most likely meant; `自设事项` and `上限` are left out of the list so
// that the message stays short.
const ITEM_STARTS: [Rule; 6] = [
    Rule::kw_policy,
    Rule::kw_levels,
    Rule::kw_dimension,
    Rule::kw_section,
    Rule::kw_matter,
    Rule::kw_unlisted,
];

/// The items left out of the list of what could come, still suggested for a slip.
const RARE_ITEM_STARTS: [Rule; 3] = [Rule::kw_own_matter, Rule::kw_limit, Rule::kw_undivided];

/// The token at `position`: up to the next space or punctuation, at most 24 characters,
/// so the message quotes what the drafter sees without quoting a whole 5 MB line.
fn found_at(source: &str, position: usize) -> String {
    let rest = source.get(position..).unwrap_or("");
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    if !is_word(first) {
        // An arrow is one token to the drafter: quote `=>`, not its `=`.
        return match (first, chars.next()) {
            ('=' | '＝', Some(second @ ('>' | '＞'))) => format!("{first}{second}"),
            _ => first.to_string(),
        };
    }
    std::iter::once(first)
        .chain(chars.take_while(|c| is_word(*c)))
        .take(24)
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A keyword run into the following word, with its own advice.
fn glued_keyword(source: &str, position: usize) -> Option<Text> {
    let rest = source.get(position..).unwrap_or("");
    let keywords = [
        "文件",
        "文号",
        "印发",
        "依据",
        "层级",
        "维度",
        "章节",
        "事项",
        "按",
        "其余",
        "任意",
        "待定",
        "事权",
        "支出",
        "委托",
        "优先于",
        "出处",
        "修正案",
        "数值",
        "属于",
        "施行",
        "修正",
        "修改事项",
        "删除事项",
        "更名事项",
        "增加维度值",
        "删除",
        "替换",
        "更改",
        "增加",
    ];
    let glued = keywords
        .iter()
        .find(|k| rest.starts_with(**k) && rest.chars().nth(k.chars().count()).is_some_and(is_word))?;
    Some(tr!(
        "关键字 `{glued}` 后面要留一个空格，否则会与后面的文字连成一个名称",
        "put a space after the keyword `{glued}`: without it, it runs into the following word as one name"
    ))
}

fn join<'a>(items: impl Iterator<Item = &'a str>, separator: &str, last: &str) -> String {
    let items: Vec<&str> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => (*only).to_string(),
        Some((final_item, rest)) => format!("{}{last}{final_item}", rest.join(separator)),
    }
}

fn keyword(zh: &str, en: &str) -> Text {
    Text::new(format!("`{zh}`"), format!("`{en}`"))
}

fn describe(expected_rule: Rule) -> Text {
    match expected_rule {
        Rule::EOI => tr!("文件结尾", "the end of the file"),
        Rule::header | Rule::kw_policy => keyword("文件", "policy"),
        Rule::number_field | Rule::kw_number => keyword("文号", "number"),
        Rule::issued_field | Rule::kw_issued => keyword("印发", "issued"),
        Rule::basis_field | Rule::kw_basis => keyword("依据", "basis"),
        Rule::excerpt_field | Rule::kw_excerpt => keyword("节选", "excerpt"),
        Rule::levels_decl | Rule::kw_levels | Rule::level_valued => keyword("层级", "levels"),
        Rule::dimension_decl | Rule::kw_dimension => keyword("维度", "dimension"),
        Rule::value_set_decl | Rule::kw_value_set => keyword("值集", "valueset"),
        Rule::section | Rule::kw_section => keyword("章节", "section"),
        Rule::matter | Rule::matter_head | Rule::kw_matter => keyword("事项", "matter"),
        Rule::unlisted | Rule::kw_unlisted => keyword("未列事项", "unlisted"),
        Rule::by_clause | Rule::kw_by | Rule::by_affiliation => keyword("按", "by"),
        Rule::kw_otherwise => keyword("其余", "otherwise"),
        Rule::kw_any => keyword("任意", "any"),
        Rule::tbd_outcome | Rule::kw_tbd => keyword("待定", "tbd"),
        Rule::explicit_outcome | Rule::kw_power => keyword("事权", "power"),
        Rule::kw_spending => keyword("支出", "spending"),
        Rule::mark | Rule::kw_delegated => keyword("委托", "delegated"),
        Rule::kw_transfer => keyword("转移支付", "transfer"),
        Rule::overrides | Rule::kw_overrides => keyword("优先于", "overrides"),
        Rule::citation | Rule::cite_mark | Rule::kw_cite => tr!("出处 `§ \"段落\"`", "a citation `§ \"paragraph\"`"),
        Rule::and_op | Rule::kw_and => keyword("且", "and"),
        Rule::or_op | Rule::kw_or => keyword("或", "or"),
        Rule::text | Rule::text_ascii | Rule::text_cn | Rule::section_title => {
            tr!("带引号的文字 `\"…\"`", "a quoted text `\"…\"`")
        }
        Rule::date | Rule::day => tr!("日期（如 `2024-11-21`）", "a date such as `2024-11-21`"),
        Rule::name | Rule::label | Rule::keyword | Rule::level_ref | Rule::holders | Rule::short_outcome => {
            tr!("名称", "a name")
        }
        Rule::value_list | Rule::value_set | Rule::set_values | Rule::lbrace => tr!("`{{`", "`{{`"),
        Rule::rbrace => tr!("`}}`", "`}}`"),
        Rule::rule_block | Rule::inline_rule | Rule::rule => tr!("条款", "a rule"),
        Rule::condition | Rule::disjunction | Rule::conjunction | Rule::test | Rule::test_bare => {
            tr!("条件", "a condition")
        }
        Rule::test_eq | Rule::eq_op => tr!("`=`", "`=`"),
        Rule::test_ne | Rule::ne_op => tr!("`≠`", "`≠`"),
        Rule::outcome => tr!("结果（层级或 `待定`）", "an outcome (a level or `tbd`)"),
        Rule::spending | Rule::shares | Rule::share => tr!("支出责任", "the spending"),
        Rule::percent => tr!("百分比（如 `60%`）", "a percentage such as `60%`"),
        Rule::arrow => tr!("`=>`", "`=>`"),
        Rule::gt => tr!("`>`", "`>`"),
        Rule::comma => tr!("`,`", "`,`"),
        Rule::colon => tr!("`:`", "`:`"),
        Rule::amendment | Rule::amendment_header | Rule::kw_amendment => keyword("修正案", "amendment"),
        Rule::effective_field | Rule::kw_effective => keyword("施行", "effective"),
        Rule::amends_field | Rule::kw_amends => keyword("修正", "amends"),
        Rule::amend_matter | Rule::kw_amend => keyword("修改事项", "amend"),
        Rule::remove_rule | Rule::kw_remove => keyword("删除", "remove"),
        Rule::replace_rule | Rule::kw_replace => keyword("替换", "replace"),
        Rule::kw_with => keyword("为", "with"),
        Rule::change_outcome | Rule::kw_change => keyword("更改", "change"),
        Rule::add_rule | Rule::kw_add => keyword("增加", "add"),
        Rule::remove_matter | Rule::kw_remove_matter => keyword("删除事项", "remove matter"),
        Rule::rename_matter | Rule::kw_rename_matter => keyword("更名事项", "rename"),
        Rule::kw_to => keyword("为", "to"),
        Rule::extend_values | Rule::kw_extend => keyword("增加维度值", "extend"),
        Rule::move_value | Rule::kw_move => keyword("移至", "move"),
        Rule::numeric_kind | Rule::kw_numeric => keyword("数值", "numeric"),
        Rule::kw_integer => keyword("整数", "integer"),
        Rule::kw_date => keyword("日期", "date"),
        Rule::refines_field | Rule::kw_refines => keyword("细化", "refines"),
        Rule::subdivides_field | Rule::kw_subdivides => keyword("细分", "subdivides"),
        Rule::kw_own_matter => keyword("自设事项", "own matter"),
        Rule::own_value | Rule::kw_own => keyword("自设", "own"),
        Rule::limit_decl | Rule::kw_limit => keyword("上限", "limit"),
        Rule::at_most => tr!("`≤`", "`≤`"),
        Rule::undivided | Rule::kw_undivided => keyword("不划分", "undivided"),
        Rule::unit => tr!("单位（如 `万元`）", "a unit such as `yuan`"),
        Rule::test_compare | Rule::compare_op => {
            tr!("比较（`<`、`<=`、`>`、`>=`）", "a comparison (`<`, `<=`, `>`, `>=`)")
        }
        Rule::test_range | Rule::kw_in => keyword("属于", "in"),
        Rule::interval | Rule::lbracket | Rule::lparen => {
            tr!("区间（如 `[5000, 10000)`）", "an interval such as `[5000, 10000)`")
        }
        Rule::rbracket | Rule::rparen => tr!("`]` 或 `)`", "`]` or `)`"),
        Rule::bound | Rule::number | Rule::infinity => {
            tr!("数（如 `5000`，或 `∞`）", "a number such as `5000`, or `∞`")
        }
        Rule::rule_target => tr!("条款标签或带引号的段落号", "a rule label or a quoted paragraph"),
        // The pieces of a long matter (pieces.rs) are never reported: one that does not parse
        // sends the matter back to the whole parse.
        Rule::file
        | Rule::head_piece
        | Rule::rules_piece
        | Rule::rules_tail
        | Rule::operations_tail
        | Rule::amend_part
        | Rule::end_piece
        | Rule::item
        | Rule::header_field
        | Rule::amendment_field
        | Rule::amend_item
        | Rule::rule_op
        | Rule::test_tail
        | Rule::value_item
        | Rule::label_ahead
        | Rule::label_word
        | Rule::comment_rest
        | Rule::WHITESPACE
        | Rule::COMMENT => tr!("内容", "content"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_found_backtick_stays_readable() {
        let error = super::super::parse(0, "`").err().map(|d| d.message.en);
        assert_eq!(
            error.as_deref(),
            Some("expected `policy`, `levels`, `dimension`, `section`, `matter` or `unlisted`, found `` ` ``")
        );
    }
}
