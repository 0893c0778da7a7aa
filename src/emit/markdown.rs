//! The decision table as Markdown, for the drafting memo and for review.

use std::fmt::Write;

use super::{
    Decision, MatterRows, Matters, Table, citations_text, document_name, mark_text, matters_by_name, spending_text,
};
use crate::check::MatterTable;
use crate::describe;
use crate::ir::Plan;
use crate::text::Lang;

struct Words {
    number: &'static str,
    issued: &'static str,
    basis: &'static str,
    header: &'static str,
    rule: &'static str,
    unlisted: &'static str,
    tbd: &'static str,
    separator: &'static str,
}

const ZH: Words = Words {
    number: "文号",
    issued: "印发",
    basis: "依据",
    header: "| 条件 | 财政事权 | 支出责任 | 方式 | 出处 |",
    rule: "|---|---|---|---|---|",
    unlisted: "未列事项",
    tbd: "待定",
    separator: "：",
};

const EN: Words = Words {
    number: "Number",
    issued: "Issued",
    basis: "Basis",
    header: "| Condition | Fiscal power | Spending | Mark | Citation |",
    rule: "|---|---|---|---|---|",
    unlisted: "Unlisted matters",
    tbd: "to be determined",
    separator: ": ",
};

pub fn to_markdown(table: &Table, lang: Lang) -> String {
    let words = words(lang);
    let mut out = head(table, words, lang);
    let mut current_section: Option<String> = None;
    for matter in &table.matters {
        out.push_str(&matter_text(matter, &mut current_section, words, lang));
    }
    out.push_str(&unlisted_text(table, words, lang));
    out
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The title and the document's facts.
fn head(table: &Table, words: &Words, lang: Lang) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(out, "# {}\n", cell(&table.document.title));
    let mut facts = Vec::new();
    if let Some(number) = &table.document.number {
        facts.push(format!("{}{}{}", words.number, words.separator, cell(number)));
    }
    if let Some(issued) = &table.document.issued {
        facts.push(format!("{}{}{}", words.issued, words.separator, cell(issued)));
    }
    if !table.document.basis.is_empty() {
        let basis: Vec<String> = table.document.basis.iter().map(|b| cell(b)).collect();
        facts.push(format!("{}{}{}", words.basis, words.separator, basis.join("；")));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "{}\n", facts.join(" · "));
    }
    if let Some(refines) = &table.document.refines {
        let (number, level) = (
            cell(&refines.number),
            refines.level.as_deref().map(cell).unwrap_or_default(),
        );
        let _ = writeln!(
            out,
            "{}\n",
            match lang {
                Lang::Zh => format!(
                    "> 本方案细化上级方案 {number}：本表只划分它划给 {level} 的情形；上级方案保留的情形由它决定（`quanze table --chain` 逐级列出）。"
                ),
                Lang::En => format!(
                    "> This plan refines {number}: this table divides only the cases that plan gives {level}; the cases it keeps are its own to decide (`quanze table --chain` lists every plan's rows)."
                ),
            }
        );
    }
    out
}

/// One matter's rows, under its section's heading when the section changes here
/// (`current_section` is the section of the matter before).
fn matter_text(matter: &MatterRows, current_section: &mut Option<String>, words: &Words, lang: Lang) -> String {
    let mut out = String::new();
    let section = matter.section.as_ref().map(|s| s.id.as_str());
    if section != current_section.as_deref() {
        if let Some(s) = &matter.section {
            let title = s.title.as_deref().map(|t| format!(" {}", cell(t))).unwrap_or_default();
            let _ = writeln!(out, "## {}{title}\n", cell(&s.id));
        }
        *current_section = section.map(str::to_string);
    }
    let _ = writeln!(out, "### {}\n", cell(&matter.name));
    if let Some(wording) = &matter.wording {
        let _ = writeln!(out, "> {}\n", cell(wording));
    }
    let _ = writeln!(out, "{}\n{}", words.header, words.rule);
    for row in &matter.rows {
        let _ = writeln!(out, "{}", decision_row(&row.condition, &row.decision, words, lang));
    }
    out.push('\n');
    out
}

/// The catch-all's section, when the plan has one.
fn unlisted_text(table: &Table, words: &Words, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(unlisted) = &table.unlisted {
        let _ = writeln!(out, "## {}\n\n{}\n{}", words.unlisted, words.header, words.rule);
        let any = describe::every_case();
        let _ = writeln!(out, "{}", decision_row(any.get(lang), unlisted, words, lang));
    }
    out
}

/// The Markdown table written a piece at a time, as `crate::compile::stream` hands the
/// pieces over, so that a large plan's table is never held whole; byte for byte
/// [`to_markdown`] of the whole table (`tests/streaming.rs`).
pub struct MarkdownRows<W: std::io::Write> {
    out: W,
    lang: Lang,
    /// Whether the title has been written.
    started: bool,
    /// Whether the last piece (the catch-all) has been written.
    ended: bool,
    current_section: Option<String>,
}

impl<W: std::io::Write> MarkdownRows<W> {
    pub fn new(out: W, lang: Lang) -> Self {
        MarkdownRows {
            out,
            lang,
            started: false,
            ended: false,
            current_section: None,
        }
    }

    /// One piece from `compile::stream`: a part's matters (`Some` tables), or at the end
    /// the declarations (`None`), whose catch-all is the last section.
    pub fn piece(&mut self, plan: &Plan, tables: Option<&[MatterTable]>) -> std::io::Result<()> {
        let words = words(self.lang);
        let table = super::table(plan, tables.unwrap_or(&[]), self.lang);
        let mut text = String::new();
        if !self.started {
            text = head(&table, words, self.lang);
            self.started = true;
        }
        match tables {
            Some(_) => {
                for matter in &table.matters {
                    text.push_str(&matter_text(matter, &mut self.current_section, words, self.lang));
                }
            }
            None => {
                text.push_str(&unlisted_text(&table, words, self.lang));
                self.ended = true;
            }
        }
        self.out.write_all(text.as_bytes())
    }

    /// The writer, once the last piece is written; an error if it never was (the table
    /// would be cut short).
    pub fn finish(self) -> std::io::Result<W> {
        if self.ended {
            Ok(self.out)
        } else {
            Err(std::io::Error::other("the table was not finished"))
        }
    }
}

/// The table of a plan with, for every one of its matters, the rows of every plan above it
/// in the chain (`tables` top first, the plan itself last): the decision at each level of
/// the chain, each with its citation.
pub fn chain_to_markdown(tables: &[Table], lang: Lang) -> String {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let Some(own) = tables.last() else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}
",
        cell(&own.document.title)
    );
    let chain: Vec<String> = tables.iter().map(|t| cell(&document_name(t))).collect();
    let _ = writeln!(
        out,
        "{}
",
        chain.join(" → ")
    );
    let (plan_column, plan_rule) = match lang {
        Lang::Zh => ("| 方案 ", "|---"),
        Lang::En => ("| Plan ", "|---"),
    };
    let indexed: Vec<(&Table, Matters<'_>)> = tables.iter().map(|t| (t, matters_by_name(t))).collect();
    for matter in &own.matters {
        let _ = writeln!(
            out,
            "### {}
",
            cell(&matter.name)
        );
        if let Some(wording) = &matter.wording {
            let _ = writeln!(
                out,
                "> {}
",
                cell(wording)
            );
        }
        let _ = writeln!(
            out,
            "{plan_column}{}
{plan_rule}{}",
            words.header, words.rule
        );
        for (table, matters) in &indexed {
            let name = cell(&document_name(table));
            match matters.get(matter.name.as_str()) {
                Some(theirs) => {
                    for row in &theirs.rows {
                        let _ = writeln!(
                            out,
                            "| {name} {}",
                            decision_row(&row.condition, &row.decision, words, lang)
                        );
                    }
                }
                None => {
                    if let Some(unlisted) = &table.unlisted {
                        let any = lang.bracketed(words.unlisted);
                        let _ = writeln!(out, "| {name} {}", decision_row(&any, unlisted, words, lang));
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

fn decision_row(condition: &str, decision: &Decision, words: &Words, lang: Lang) -> String {
    let (power, spending) = match &decision.tbd {
        Some(reason) if reason.is_empty() => (words.tbd.to_string(), words.tbd.to_string()),
        Some(reason) => (
            format!("{}{}", words.tbd, lang.after_word(&cell(reason))),
            words.tbd.to_string(),
        ),
        None => (decision.power_text(lang), spending_text(decision, lang)),
    };
    format!(
        "| {} | {} | {} | {} | {} |",
        cell(condition),
        cell(&power),
        cell(&spending),
        mark_text(decision, lang),
        cell(&citations_text(decision))
    )
}

/// Text from the plan, in a cell or a heading: see [`crate::markdown::text`].
fn cell(text: &str) -> String {
    crate::markdown::text(text)
}
