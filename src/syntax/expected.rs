//! Syntax errors in a drafter's words.
//!
//! pest reports the grammar rules it expected at the furthest point it reached. Those
//! names (`kw_matter`, `value_set`…) mean nothing to a drafter, so each is described here
//! in Chinese and English, and the message names what was found instead.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

pub(super) fn diagnostic(file: FileId, source: &str, error: &Error<Rule>) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let mut expected: Vec<Text> = Vec::new();
    // Where a new item could start, the text before is complete: the mistake is here.
    let mut between_items = false;
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        between_items = positives
            .iter()
            .any(|r| matches!(r, Rule::EOI | Rule::file | Rule::kw_matter));
        for expected_rule in positives {
            // Between items, the rarer items (`自设事项`, `上限`, `不划分`) would only
            // lengthen the list of what could come; the common ones are named.
            if between_items && matches!(expected_rule, Rule::kw_own_matter | Rule::kw_limit | Rule::kw_undivided) {
                continue;
            }
            // At the start of an item pest names only the enclosing rule; say what an
            // item can begin with instead.
            let texts = match expected_rule {
                Rule::file => ITEM_STARTS.iter().map(|r| describe(*r)).collect(),
                other => vec![describe(*other)],
            };
            for text in texts {
                if !expected.contains(&text) {
                    expected.push(text);
                }
            }
        }
    }
    let found = found_at(source, position);
    let span = Span::new(position, position + found.len());
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
    // When what was expected is missing at the end of a line (a rule without its citation),
    // the drafter's mistake is after the last word written, not at the next line's start.
    match end_of_previous_line(source, position) {
        Some(end) if !expected.is_empty() && !between_items => {
            diagnostic = diagnostic.primary(
                file,
                Span::new(end, end),
                tr!("此后缺少内容", "something is missing after this"),
            );
            if !found.is_empty() {
                diagnostic = diagnostic.secondary(file, span, tr!("接着出现的是这里", "what comes next is here"));
            }
        }
        _ => diagnostic = diagnostic.primary(file, span, tr!("这里无法理解", "not understood here")),
    }
    if let Some(hint) = hint(source, position) {
        diagnostic = diagnostic.note(hint);
    }
    diagnostic
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

/// The token at `position`: up to the next space or punctuation, at most 24 characters,
/// so the message quotes what the drafter sees without quoting a whole 5 MB line.
fn found_at(source: &str, position: usize) -> String {
    let rest = source.get(position..).unwrap_or("");
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    if !is_word(first) {
        return first.to_string();
    }
    std::iter::once(first)
        .chain(chars.take_while(|c| is_word(*c)))
        .take(24)
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A common slip with its own advice.
fn hint(source: &str, position: usize) -> Option<Text> {
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
        Rule::levels_decl | Rule::kw_levels | Rule::level_valued => keyword("层级", "levels"),
        Rule::dimension_decl | Rule::kw_dimension => keyword("维度", "dimension"),
        Rule::section | Rule::kw_section => keyword("章节", "section"),
        Rule::matter | Rule::kw_matter => keyword("事项", "matter"),
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
        Rule::date => tr!("日期（如 `2024-11-21`）", "a date such as `2024-11-21`"),
        Rule::name | Rule::label | Rule::keyword | Rule::level_ref | Rule::short_outcome => {
            tr!("名称", "a name")
        }
        Rule::value_list | Rule::value_set | Rule::lbrace => tr!("`{{`", "`{{`"),
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
        Rule::numeric_kind | Rule::kw_numeric => keyword("数值", "numeric"),
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
        Rule::file
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
