//! The coverage report in Markdown, for the drafter checking before publication.

use std::io::Write;

use super::{Coverage, Explanation, Problem};
use crate::text::Lang;

/// The report as one string (for tests and small plans; the CLI writes it with
/// [`write_markdown`]).
pub fn to_markdown(coverage: &Coverage, title: &str, source_name: &str, lang: Lang) -> String {
    let mut text = Vec::new();
    // Writing to memory does not fail, and every piece is a string.
    let _ = write_markdown(&mut text, coverage, title, source_name, lang);
    String::from_utf8_lossy(&text).into_owned()
}

/// Writes the report line by line: held as one string, the list of 6,000 citations that
/// point at nothing (the wrong source given) took more than the 431 KB plan itself.
pub fn write_markdown(
    out: &mut dyn Write,
    coverage: &Coverage,
    title: &str,
    source_name: &str,
    lang: Lang,
) -> std::io::Result<()> {
    let zh = lang == Lang::Zh;
    let sentences: usize = coverage.paragraphs.iter().map(|p| p.sentences.len()).sum();
    let covered: usize = coverage
        .paragraphs
        .iter()
        .map(|p| p.sentences.iter().filter(|s| s.covered).count())
        .sum();
    let explained: usize = coverage
        .paragraphs
        .iter()
        .filter(|p| p.explanation.is_some())
        .map(|p| p.sentences.iter().filter(|s| !s.covered).count())
        .sum();
    let uncovered = coverage.uncovered().count();
    let items = coverage.uncovered_items().count();
    let (paragraphs, dangling) = (coverage.paragraphs.len(), coverage.dangling.len());
    let title = cell(title);
    let source_name = source_name.replace('`', "'");
    if zh {
        writeln!(out, "# 出处覆盖：{title}\n")?;
        writeln!(
            out,
            "原文：`{source_name}` · {paragraphs} 段、{sentences} 句：条款引用 {covered} 句，说明不需划分 {explained} 句，未覆盖 {uncovered} 句；已引用的句子中未被引用的列举项 {items} 项；无效出处 {dangling} 处\n"
        )?;
    } else {
        writeln!(out, "# Source coverage: {title}\n")?;
        writeln!(
            out,
            "Source: `{source_name}` · {paragraphs} paragraphs, {sentences} sentences: {covered} cited by rules, {explained} explained as dividing nothing, {uncovered} not covered; {items} list items no rule cites in sentences cited otherwise; {dangling} citations pointing at nothing\n"
        )?;
    }
    writeln!(
        out,
        "## {}\n",
        if zh {
            "未覆盖的句子"
        } else {
            "Sentences no rule cites"
        }
    )?;
    if uncovered == 0 {
        writeln!(out, "{}\n", if zh { "无。" } else { "None." })?;
    }
    for (paragraph, sentence) in coverage.uncovered() {
        let (id, line, text) = (cell(&paragraph.id), paragraph.line, cell(&sentence.text));
        writeln!(
            out,
            "- {id}{}：{text}",
            if zh {
                format!("（第 {line} 行）")
            } else {
                format!(" (line {line})")
            }
        )?;
    }
    if uncovered > 0 {
        writeln!(out)?;
    }
    // A clause lists several matters in one sentence: one left out of the plan leaves
    // its item uncited while the sentence is cited by the others.
    writeln!(
        out,
        "## {}\n",
        if zh {
            "未被引用的列举项"
        } else {
            "List items no rule cites"
        }
    )?;
    if items == 0 {
        writeln!(out, "{}\n", if zh { "无。" } else { "None." })?;
    }
    for (paragraph, item) in coverage.uncovered_items() {
        let (id, line, item) = (cell(&paragraph.id), paragraph.line, cell(item));
        if zh {
            writeln!(out, "- {id}（第 {line} 行）：{item}")?;
        } else {
            writeln!(out, "- {id} (line {line}): {item}")?;
        }
    }
    if items > 0 {
        writeln!(out)?;
    }
    writeln!(
        out,
        "## {}\n",
        if zh {
            "无效出处"
        } else {
            "Citations pointing at nothing"
        }
    )?;
    if dangling == 0 {
        writeln!(out, "{}\n", if zh { "无。" } else { "None." })?;
    }
    for item in &coverage.dangling {
        let who = if item.matter.is_empty() {
            String::new()
        } else if zh {
            format!("事项 `{}` ", item.matter)
        } else {
            format!("matter `{}` ", item.matter)
        };
        let problem = match (item.problem, zh) {
            (Problem::NoParagraph, true) => "原文没有这一段".to_string(),
            (Problem::NoParagraph, false) => "the source has no such paragraph".to_string(),
            (Problem::QuoteNotFound, true) => {
                format!("引文不在该段中：“{}”", cell(item.quote.as_deref().unwrap_or("")))
            }
            (Problem::QuoteNotFound, false) => format!(
                "the quotation is not in that paragraph: “{}”",
                cell(item.quote.as_deref().unwrap_or(""))
            ),
        };
        let colon = if zh { "：" } else { ": " };
        writeln!(out, "- {who}§ \"{}\"{colon}{problem}", cell(&item.paragraph))?;
    }
    if dangling > 0 {
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", if zh { "逐段" } else { "Paragraph by paragraph" })?;
    writeln!(
        out,
        "{}\n|---|---|---|---|---|",
        if zh {
            "| 段落 | 行 | 引用它的事项 | 已覆盖句子 | 说明 |"
        } else {
            "| Paragraph | Line | Cited by | Sentences covered | Explanation |"
        }
    )?;
    for paragraph in &coverage.paragraphs {
        let covered = paragraph.sentences.iter().filter(|s| s.covered).count();
        let citing = paragraph.citing(lang);
        writeln!(
            out,
            "| {} | {} | {} | {covered}/{} | {} |",
            cell(&paragraph.id),
            paragraph.line,
            cell(&citing.join(if zh { "、" } else { ", " })),
            paragraph.sentences.len(),
            cell(&explanation(paragraph.explanation.as_ref(), zh))
        )?;
    }
    Ok(())
}

fn explanation(explanation: Option<&Explanation>, zh: bool) -> String {
    match (explanation, zh) {
        (None, _) => String::new(),
        (Some(Explanation::Undivided(reason)), true) => format!("不划分：{reason}"),
        (Some(Explanation::Undivided(reason)), false) => format!("divides nothing: {reason}"),
        (Some(other), true) => other.text(Lang::Zh),
        (Some(other), false) => other.text(Lang::En),
    }
}

/// Text from the plan or the source, anywhere in the report: see [`crate::markdown::text`].
fn cell(text: &str) -> String {
    crate::markdown::text(text)
}
