//! The publication report: one self-contained HTML file (no network) that a reader takes in
//! at a glance — the document header, a responsibility matrix (matters × levels, power and
//! spending marked, shares shown), the full decision table with citations, and the
//! diagnostics with their source snippets; filters by section and level; Chinese, with
//! English a click away. Built with maud, which escapes every string from the policy.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use std::io::Write;

use crate::compile::Parts;
use crate::describe;
use crate::emit::{self, Decision, MatterRows, Table, mark_text, spending_text};
use crate::ir::Plan;
use crate::text::Lang;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// A diagnostic as the report shows it: rendered (with its snippet) in both languages.
pub struct ShownDiagnostic {
    pub error: bool,
    pub zh: String,
    pub en: String,
}

pub struct Report<'a> {
    /// The plan's title, or the file's name when the plan did not resolve.
    pub title: String,
    /// When the plan has no errors: its declarations (or the whole plan) and its matters
    /// with their tables, part by part (read three times: the sections, the matrix, the
    /// decision tables).
    pub plan: Option<(&'a Plan, &'a dyn Parts)>,
    /// The language the page opens in (the switch shows the other).
    pub lang: Lang,
    pub diagnostics: Vec<ShownDiagnostic>,
    /// The plan's file, as the command was given it: the page says what it was made from.
    pub file: String,
    /// The day the page says it was made, when asked (`report --date`): by default the
    /// page has no date, so that the same plan gives the same page.
    pub date: Option<String>,
    /// When the plan has errors and `plan` holds its matters without one: what is left out.
    pub withheld: Option<Withheld>,
}

/// What the report of a plan with errors leaves out ([`crate::compile::Publishable`]).
pub struct Withheld {
    /// The matters with an error, by name.
    pub matters: Vec<String>,
    /// Whether some text could not be read, and the matters written there are left out
    /// unnamed.
    pub unread: bool,
}

/// A text in both languages; the page shows the one chosen.
fn both(zh: &str, en: &str) -> Markup {
    html! { span lang="zh" { (zh) } span lang="en" { (en) } }
}

/// The page, as one string (for tests and small plans; the CLI writes it with
/// [`write_html`]).
pub fn to_html(report: &Report<'_>) -> String {
    let mut page = Vec::new();
    // Writing to memory does not fail, and every piece is a string.
    let _ = write_html(&mut page, report);
    String::from_utf8_lossy(&page).into_owned()
}

/// Writes the page piece by piece: the head, each matter's row of the matrix and then
/// each matter's decision table, each made from the plan as it is written, then the
/// diagnostics. Neither the table of the whole plan nor the page is held (issue 14).
pub fn write_html(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    // The document, the levels and the catch-all: the table of no matter.
    let table = report.plan.map(|(plan, _)| emit::table(plan, &[], report.lang));
    let head = html! {
        (DOCTYPE)
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (report.title) }
            style { (PreEscaped(STYLE)) }
        }
    };
    // maud writes whole elements; the page's outer ones are opened and closed here.
    let head = head.into_string();
    let (doctype, head) = head.split_at_checked(DOCTYPE_LENGTH).unwrap_or(("", &head));
    out.write_all(doctype.as_bytes())?;
    // The page opens in the language asked for; the switch shows the other.
    out.write_all(match report.lang {
        Lang::Zh => br#"<html lang="zh-CN" data-lang="zh">"#.as_slice(),
        Lang::En => br#"<html lang="en" data-lang="en">"#.as_slice(),
    })?;
    out.write_all(head.as_bytes())?;
    out.write_all(b"<body>")?;
    write_markup(out, header(&report.title, table.as_ref()))?;
    out.write_all(b"<main>")?;
    write_markup(out, status(report))?;
    // One pass for what comes before the rows: the sections (for the filter) and how
    // many matters there are; then one for the matrix and one for the tables.
    let outline = report.plan.map(|(_, parts)| outline(parts)).unwrap_or_default();
    write_markup(out, controls(&outline.sections, table.as_ref()))?;
    match (report.plan, &table) {
        (Some((_, parts)), Some(table)) => {
            let shown = outline.matters + usize::from(table.unlisted.is_some());
            write_markup(out, matrix_head(shown, table, report.withheld.as_ref()))?;
            // Each row links to its matter's table: both passes number the matters alike.
            let mut number = 0;
            each_matter(parts, &mut |rows| {
                number += 1;
                write_markup(out, matrix_row(rows, report.lang, table, number))
            })?;
            write_markup(out, unlisted_matrix_row(table))?;
            out.write_all(b"</tbody></table>")?;
            write_markup(out, html! { h2 { (both("决策表", "Decision table")) } })?;
            let mut number = 0;
            each_matter(parts, &mut |rows| {
                number += 1;
                write_markup(out, matter_table(rows, report.lang, number))
            })?;
            write_markup(out, unlisted_table(table))?;
        }
        _ => write_markup(
            out,
            html! { p.summary { (both("方案有错误，且无法确定哪些事项不受影响，决策表不予生成；请先改正下列错误。", "The plan has errors, and which matters they leave untouched cannot be told: no decision table is shown until they are fixed.")) } },
        )?,
    }
    write_markup(out, diagnostics(&report.diagnostics))?;
    out.write_all(b"</main>")?;
    write_markup(out, html! { script { (PreEscaped(SCRIPT)) } })?;
    out.write_all(b"</body></html>")
}

/// Each matter's rows, in document order, given to `write`; the first failure to write
/// stops the writing and is returned.
fn each_matter(parts: &dyn Parts, write: &mut dyn FnMut(&BothRows) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut failed = None;
    parts.each(&mut |plan, tables| {
        for one in tables.unwrap_or_default() {
            if failed.is_some() {
                return;
            }
            let one = std::slice::from_ref(one);
            let english = emit::table(plan, one, Lang::En).matters;
            for (zh, en) in emit::table(plan, one, Lang::Zh).matters.iter().zip(&english) {
                if failed.is_none() {
                    failed = write(&BothRows { zh, en }).err();
                }
            }
        }
    });
    failed.map_or(Ok(()), Err)
}

/// A matter's rows with their conditions written in each language (`任意` and `any`,
/// `且` and `and`): the page shows the one chosen and switches to the other.
struct BothRows<'a> {
    zh: &'a MatterRows,
    en: &'a MatterRows,
}

impl BothRows<'_> {
    fn of(&self, lang: Lang) -> &MatterRows {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The length of maud's `<!DOCTYPE html>`.
const DOCTYPE_LENGTH: usize = "<!DOCTYPE html>".len();

fn write_markup(out: &mut dyn Write, markup: Markup) -> std::io::Result<()> {
    out.write_all(markup.into_string().as_bytes())
}

fn header(title: &str, table: Option<&Table>) -> Markup {
    html! {
        header.page {
            h1 { (title) }
            @if let Some(table) = table {
                @if let Some(number) = &table.document.number { p { (both("文号：", "Number: ")) (number) } }
                @if let Some(issued) = &table.document.issued { p { (both("印发：", "Issued: ")) (issued) } }
                @if !table.document.basis.is_empty() {
                    p { (both("依据：", "Basis: ")) (both(&table.document.basis.join("；"), &table.document.basis.join("; "))) }
                }
                p { (both("层级：", "Levels: ")) (table.levels.join(" > ")) }
            }
        }
    }
}

/// What a reader asks first: whether the plan is complete and without conflict (or how
/// many errors and warnings it has), and what the page was made from — the file and the
/// quanze that made it (and the day, when asked).
fn status(report: &Report<'_>) -> Markup {
    let errors = report.diagnostics.iter().filter(|d| d.error).count();
    let warnings = report.diagnostics.len() - errors;
    let version = env!("CARGO_PKG_VERSION");
    html! {
        p.status.(if errors > 0 { "failed" } else { "passed" }) {
            @if errors == 0 && warnings == 0 {
                (both("检查结果：完整，无冲突，无警告", "Checked: complete, no conflicts, no warnings"))
            } @else if errors == 0 {
                span lang="zh" { "检查结果：完整，无冲突；" (warnings) " 个警告（见文末）" }
                span lang="en" { "Checked: complete, no conflicts; " (warnings) " warning(s) (at the end)" }
            } @else {
                span lang="zh" { "检查结果：" (errors) " 个错误、" (warnings) " 个警告（见文末）" }
                span lang="en" { "Checked: " (errors) " error(s), " (warnings) " warning(s) (at the end)" }
            }
        }
        @if let Some(withheld) = &report.withheld { (withheld_note(withheld)) }
        p.made {
            span lang="zh" {
                @if let Some(date) = &report.date { "于 " (date) " " }
                "由 quanze " (version) " 根据 " code { (report.file) } " 生成"
            }
            span lang="en" {
                "Made by quanze " (version) " from " code { (report.file) }
                @if let Some(date) = &report.date { " on " (date) }
            }
        }
    }
}

/// What a report of a plan with errors leaves out, said at the top and above the matrix:
/// a reader of either must not take the page for the whole plan.
fn withheld_note(withheld: &Withheld) -> Markup {
    let count = withheld.matters.len();
    let zh_names = withheld.matters.join("、");
    let en_names = withheld.matters.join(", ");
    html! {
        p.withheld {
            span lang="zh" {
                "方案尚有错误：下列矩阵和决策表只含没有错误的事项"
                @if count > 0 { "；有错误的 " (count) " 个事项未列入：" (zh_names) }
                @if withheld.unread { "；无法读取的文字（见文末）中的事项也未列入" }
                "。"
            }
            span lang="en" {
                "The plan still has errors: the matrix and the tables below hold only the matters without one"
                @if count > 0 { "; the " (count) " matter(s) with an error are left out: " (en_names) }
                @if withheld.unread { "; so is any matter in the text that could not be read (at the end)" }
                "."
            }
        }
    }
}

fn controls(sections: &[(String, String)], table: Option<&Table>) -> Markup {
    let levels: &[String] = table.map_or(&[], |t| t.levels.as_slice());
    html! {
        nav.controls {
            label for="section-filter" { (both("章节", "Section")) }
            select id="section-filter" {
                option value="" { "—" }
                @for (id, title) in sections { option value=(id) { (id) " " (title) } }
            }
            label for="level-filter" { (both("层级", "Level")) }
            select id="level-filter" {
                option value="" { "—" }
                @for level in levels { option value=(level) { (level) } }
            }
            button id="language" type="button" { (both("English", "中文")) }
        }
    }
}

/// What the page says before the matters' rows.
#[derive(Default)]
struct Outline {
    /// The sections of the table's matters in document order, each once: (id, title).
    sections: Vec<(String, String)>,
    /// How many matter tables the plan has.
    matters: usize,
}

fn outline(parts: &dyn Parts) -> Outline {
    let mut found: indexmap::IndexMap<String, String> = indexmap::IndexMap::new();
    let mut matters = 0;
    parts.each(&mut |plan, tables| {
        let tables = tables.unwrap_or_default();
        matters += tables.len();
        let of_matters = tables
            .iter()
            .filter_map(|t| plan.matters.get(t.matter))
            .filter_map(|matter| matter.section.and_then(|s| plan.sections.get(s)));
        for section in of_matters {
            if !found.contains_key(&section.id) {
                found.insert(section.id.clone(), section.title.clone().unwrap_or_default());
            }
        }
    });
    Outline {
        sections: found.into_iter().collect(),
        matters,
    }
}

/// The levels that hold the power or pay in some row of the matter (for the level filter).
fn levels_in(matter: &MatterRows) -> Vec<String> {
    let mut levels: Vec<String> = Vec::new();
    for row in &matter.rows {
        let decision = &row.decision;
        for level in decision.power.iter().chain(decision.spending.iter().map(|s| &s.level)) {
            if !levels.contains(level) {
                levels.push(level.clone());
            }
        }
    }
    levels
}

/// The matrix up to its body, which the matters' rows fill.
fn matrix_head(matters: usize, table: &Table, withheld: Option<&Withheld>) -> Markup {
    html! {
        h2 { (both("责任矩阵", "Responsibility matrix")) }
        p.summary {
            (both("显示事项数：", "Matters shown: ")) span id="matrix-count" { (matters) }
            " · " span.power { (both("事权", "power")) } " " span.pay { (both("支出", "spending")) }
        }
        @if let Some(withheld) = withheld { (withheld_note(withheld)) }
        (PreEscaped(r#"<table class="matrix">"#))
        thead { tr {
            th { (both("事项", "Matter")) }
            th { (both("章节", "Section")) }
            @for level in &table.levels { th data-level=(level) { (level) } }
            th { (both("待定", "To be determined")) }
        } }
        (PreEscaped("<tbody>"))
    }
}

fn matrix_row(both_rows: &BothRows<'_>, lang: Lang, table: &Table, number: usize) -> Markup {
    let matter = both_rows.of(lang);
    html! {
        tr data-filtered="" data-section=(section_id(matter)) data-levels=(levels_in(matter).join(" ")) {
            td {
                a href=(format!("#matter-{number}")) { (matter.name) }
                @if let Some(wording) = &matter.wording { br; span.wording { (wording) } }
            }
            td { (section_id(matter)) }
            @for level in &table.levels { td.level data-level=(level) { (cell(both_rows, level, &format!("#matter-{number}"))) } }
            td.level { @if matter.rows.iter().any(|r| r.decision.tbd.is_some()) { span.tbd { (both("待定", "tbd")) } } }
        }
    }
}

/// The catch-all's row of the matrix, linked to its table: what the plan gives the
/// matters it does not list.
fn unlisted_matrix_row(table: &Table) -> Markup {
    let (Some(unlisted), Some(catch_all)) = (&table.unlisted, table.unlisted_as_matter("")) else {
        return html! {};
    };
    html! {
        tr data-filtered="" data-section=(table.unlisted_section_id()) data-levels=(levels_in(&catch_all).join(" ")) {
            td { a href="#unlisted" { (both("未列事项", "Unlisted matters")) } }
            td { (table.unlisted_section_id()) }
            @for level in &table.levels { td.level data-level=(level) { (cell(&BothRows { zh: &catch_all, en: &catch_all }, level, "#unlisted")) } }
            td.level { @if unlisted.tbd.is_some() { span.tbd { (both("待定", "tbd")) } } }
        }
    }
}

fn section_id(matter: &MatterRows) -> String {
    matter.section.as_ref().map(|s| s.id.clone()).unwrap_or_default()
}

/// What a level holds in one case of a matter: the power or not, and its share of the
/// spending.
#[derive(PartialEq, Eq)]
struct Part {
    power: bool,
    /// The power is held jointly with another level (共同财政事权).
    joint: bool,
    share: Option<String>,
}

fn part_of(decision: &Decision, level: &str) -> Option<Part> {
    let power = decision.holds_power(level);
    let joint = power && decision.power.len() > 1;
    let share = decision
        .spending
        .iter()
        .find(|s| s.level == level)
        .map(|s| format!("{}%", s.percent));
    (power || share.is_some()).then_some(Part { power, joint, share })
}

/// The cases a cell names for one part before it says how many more there are: the
/// matrix stays a page a reader scans, and the matter's table, a click away, has them all.
const CASES_NAMED: usize = 3;

/// What one level holds in one matter, and in which cases, named in the drafter's words
/// (`范围 = 盟市`): a 盟市 reader sees their part, not "some cases". A level with the
/// same part in every case gets no condition.
fn cell(matter: &BothRows<'_>, level: &str, table_link: &str) -> Markup {
    let rows = matter.zh.rows.iter().zip(&matter.en.rows);
    let mut parts: Vec<(Part, Vec<(&str, &str)>)> = Vec::new();
    for (zh, en) in rows {
        let Some(part) = part_of(&zh.decision, level) else {
            continue;
        };
        let case = (zh.condition.as_str(), en.condition.as_str());
        match parts.iter_mut().find(|(known, _)| *known == part) {
            Some((_, cases)) => cases.push(case),
            None => parts.push((part, vec![case])),
        }
    }
    let every_case = matches!(parts.as_slice(), [(_, cases)] if cases.len() == matter.zh.rows.len());
    html! {
        @for (part, cases) in &parts {
            div.part {
                @if part.joint { span.power { (both("共同事权", "joint power")) } }
                @else if part.power { span.power { (both("事权", "power")) } }
                @if let Some(share) = &part.share {
                    @if part.power { " " }
                    span.pay { (both("支出", "spending")) " " (share) }
                }
                @if !every_case {
                    @for (zh, en) in cases.iter().take(CASES_NAMED) { div.case { (both(zh, en)) } }
                    @if let Some(more) = cases.len().checked_sub(CASES_NAMED).filter(|more| *more > 0) {
                        div.case { a href=(table_link) {
                            span lang="zh" { "另有 " (more) " 种情形（见决策表）" }
                            span lang="en" { (more) " more case(s) (in the decision table)" }
                        } }
                    }
                }
            }
        }
    }
}

fn matter_table(both_rows: &BothRows<'_>, lang: Lang, number: usize) -> Markup {
    let matter = both_rows.of(lang);
    let conditions = both_rows.zh.rows.iter().zip(&both_rows.en.rows);
    html! {
        section id=(format!("matter-{number}")) data-filtered="" data-section=(section_id(matter)) data-levels=(levels_in(matter).join(" ")) {
            h3 { (section_id(matter)) " " (matter.name) }
            @if let Some(wording) = &matter.wording { p.wording { (wording) } }
            table.decisions {
                (decisions_head())
                tbody {
                    @for (zh, en) in conditions { (decision_row(both(&zh.condition, &en.condition), &zh.decision)) }
                }
            }
        }
    }
}

/// The header of every decision table, the catch-all's too: on paper it is repeated on
/// each page a table runs on.
fn decisions_head() -> Markup {
    html! {
        thead { tr {
            th { (both("条件", "Condition")) }
            th { (both("财政事权", "Fiscal power")) }
            th { (both("支出责任", "Spending")) }
            th { (both("方式", "Mark")) }
            th { (both("出处", "Citation")) }
        } }
    }
}

fn unlisted_table(table: &Table) -> Markup {
    html! {
        @if let Some(unlisted) = &table.unlisted {
            @let any = describe::every_case();
            h3 id="unlisted" { (both("未列事项", "Unlisted matters")) }
            table.decisions { (decisions_head()) tbody { (decision_row(both(&any.zh, &any.en), unlisted)) } }
        }
    }
}

fn decision_row(condition: Markup, decision: &Decision) -> Markup {
    let mut levels: Vec<&str> = decision.power.iter().map(String::as_str).collect();
    levels.extend(
        decision
            .spending
            .iter()
            .map(|s| s.level.as_str())
            .filter(|l| !decision.holds_power(l)),
    );
    html! {
        // The level filter hides the cases in which the level has no part.
        tr data-row-levels=(levels.join(" ")) {
            td { (condition) }
            @match &decision.tbd {
                Some(reason) => {
                    td.tbd colspan="2" { (both("待定", "to be determined")) @if !reason.is_empty() { (both("：", ": ")) (reason) } }
                }
                None => {
                    td.power { span lang="zh" { (decision.power_text(Lang::Zh)) } span lang="en" { (decision.power_text(Lang::En)) } }
                    td.pay { span lang="zh" { (spending_text(decision, Lang::Zh)) } span lang="en" { (spending_text(decision, Lang::En)) } }
                }
            }
            td { span lang="zh" { (mark_text(decision, Lang::Zh)) } span lang="en" { (mark_text(decision, Lang::En)) } }
            td {
                @for rule in &decision.rules {
                    div {
                        "§ " (rule.paragraph)
                        @if let Some(label) = &rule.label { " (" (label) ")" }
                        @if let Some(quote) = &rule.quote { br; span.quote { "“" (quote) "”" } }
                    }
                }
            }
        }
    }
}

fn diagnostics(shown: &[ShownDiagnostic]) -> Markup {
    let errors = shown.iter().filter(|d| d.error).count();
    let warnings = shown.len() - errors;
    html! {
        h2 { (both("诊断", "Diagnostics")) }
        p.summary {
            span lang="zh" { (errors) " 个错误、" (warnings) " 个警告" }
            span lang="en" { (errors) " error(s), " (warnings) " warning(s)" }
        }
        @for diagnostic in shown {
            @let class = if diagnostic.error { "diagnostic error" } else { "diagnostic warning" };
            pre class=(class) lang="zh" { (diagnostic.zh) }
            pre class=(class) lang="en" { (diagnostic.en) }
        }
    }
}
