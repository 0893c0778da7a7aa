//! The publication report: one self-contained HTML file (no network) that a reader takes in
//! at a glance — the document header, a responsibility matrix (matters × levels, power and
//! spending marked, shares shown), the full decision table with citations, and the
//! diagnostics with their source snippets; filters by section and level; Chinese, with
//! English a click away. Built with maud, which escapes every string from the policy.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::describe;
use crate::emit::{Decision, MatterRows, Table, mark_text, spending_text};
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
    /// The decision table, when the plan has no errors.
    pub table: Option<&'a Table>,
    pub diagnostics: Vec<ShownDiagnostic>,
}

/// A text in both languages; the page shows the one chosen.
fn both(zh: &str, en: &str) -> Markup {
    html! { span lang="zh" { (zh) } span lang="en" { (en) } }
}

pub fn to_html(report: &Report<'_>) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="zh-CN" data-lang="zh" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (report.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (header(report))
                main {
                    (controls(report.table))
                    @match report.table {
                        Some(table) => {
                            (matrix(table))
                            (decision_table(table))
                        }
                        None => {
                            p.summary { (both("方案有错误，决策表不予生成；请先改正下列错误。", "The plan has errors: no decision table is shown until they are fixed.")) }
                        }
                    }
                    (diagnostics(&report.diagnostics))
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string()
}

fn header(report: &Report<'_>) -> Markup {
    html! {
        header.page {
            h1 { (report.title) }
            @if let Some(table) = report.table {
                @if let Some(number) = &table.document.number { p { (both("文号：", "Number: ")) (number) } }
                @if let Some(issued) = &table.document.issued { p { (both("印发：", "Issued: ")) (issued) } }
                @if !table.document.basis.is_empty() { p { (both("依据：", "Basis: ")) (table.document.basis.join("；")) } }
                p { (both("层级：", "Levels: ")) (table.levels.join(" > ")) }
            }
        }
    }
}

fn controls(table: Option<&Table>) -> Markup {
    let sections = table.map(sections).unwrap_or_default();
    let levels: &[String] = table.map_or(&[], |t| t.levels.as_slice());
    html! {
        nav.controls {
            label for="section-filter" { (both("章节", "Section")) }
            select id="section-filter" {
                option value="" { "—" }
                @for (id, title) in &sections { option value=(id) { (id) " " (title) } }
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

/// The sections in document order, each once: (id, title).
fn sections(table: &Table) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for matter in &table.matters {
        if let Some(section) = &matter.section
            && !found.iter().any(|(id, _)| *id == section.id)
        {
            found.push((section.id.clone(), section.title.clone().unwrap_or_default()));
        }
    }
    found
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

fn matrix(table: &Table) -> Markup {
    html! {
        h2 { (both("责任矩阵", "Responsibility matrix")) }
        p.summary {
            (both("显示事项数：", "Matters shown: ")) span id="matrix-count" { (table.matters.len()) }
            " · " span.power { (both("事权", "power")) } " " span.pay { (both("支出", "spending")) }
        }
        table.matrix {
            thead { tr {
                th { (both("事项", "Matter")) }
                th { (both("章节", "Section")) }
                @for level in &table.levels { th { (level) } }
                th { (both("待定", "To be determined")) }
            } }
            tbody {
                @for matter in &table.matters {
                    tr data-filtered="" data-section=(section_id(matter)) data-levels=(levels_in(matter).join(" ")) {
                        td { (matter.name) @if let Some(wording) = &matter.wording { br; span.wording { (wording) } } }
                        td { (section_id(matter)) }
                        @for level in &table.levels { td.level { (cell(matter, level)) } }
                        td.level { @if matter.rows.iter().any(|r| r.decision.tbd.is_some()) { span.tbd { (both("待定", "tbd")) } } }
                    }
                }
            }
        }
    }
}

fn section_id(matter: &MatterRows) -> String {
    matter.section.as_ref().map(|s| s.id.clone()).unwrap_or_default()
}

/// What one level holds in one matter: the power (in all its cases, or some), and the
/// shares of spending it pays.
fn cell(matter: &MatterRows, level: &str) -> Markup {
    let rows = matter.rows.len();
    let power = matter
        .rows
        .iter()
        .filter(|r| r.decision.power.as_deref() == Some(level))
        .count();
    let mut shares: Vec<String> = Vec::new();
    let mut paying = 0;
    for row in &matter.rows {
        if let Some(share) = row.decision.spending.iter().find(|s| s.level == level) {
            paying += 1;
            let text = format!("{}%", share.percent);
            if !shares.contains(&text) {
                shares.push(text);
            }
        }
    }
    html! {
        @if power > 0 {
            span.power { (both("事权", "power")) }
            @if power < rows { " " span.partial { (both("部分情形", "some cases")) } }
            br;
        }
        @if paying > 0 {
            span.pay { (both("支出", "spending")) " " (shares.join("/")) }
            @if paying < rows { " " span.partial { (both("部分情形", "some cases")) } }
        }
    }
}

fn decision_table(table: &Table) -> Markup {
    html! {
        h2 { (both("决策表", "Decision table")) }
        @for matter in &table.matters {
            section data-filtered="" data-section=(section_id(matter)) data-levels=(levels_in(matter).join(" ")) {
                h3 { (section_id(matter)) " " (matter.name) }
                @if let Some(wording) = &matter.wording { p.wording { (wording) } }
                table {
                    thead { tr {
                        th { (both("条件", "Condition")) }
                        th { (both("财政事权", "Fiscal power")) }
                        th { (both("支出责任", "Spending")) }
                        th { (both("方式", "Mark")) }
                        th { (both("出处", "Citation")) }
                    } }
                    tbody {
                        @for row in &matter.rows { (decision_row(html! { (row.condition) }, &row.decision)) }
                    }
                }
            }
        }
        @if let Some(unlisted) = &table.unlisted {
            @let any = describe::every_case();
            h3 { (both("未列事项", "Unlisted matters")) }
            table { tbody { (decision_row(both(&any.zh, &any.en), unlisted)) } }
        }
    }
}

fn decision_row(condition: Markup, decision: &Decision) -> Markup {
    html! {
        tr {
            td { (condition) }
            @match &decision.tbd {
                Some(reason) => {
                    td.tbd colspan="2" { (both("待定", "to be determined")) @if !reason.is_empty() { "：" (reason) } }
                }
                None => {
                    td.power { (decision.power.clone().unwrap_or_default()) }
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
