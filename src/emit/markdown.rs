//! The decision table as Markdown, for the drafting memo and for review.

use std::fmt::Write;

use super::{Decision, Table, citations_text, document_name, mark_text, spending_text};
use crate::describe;
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
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
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
    let mut current_section: Option<&str> = None;
    for matter in &table.matters {
        let section = matter.section.as_ref().map(|s| s.id.as_str());
        if section != current_section {
            if let Some(s) = &matter.section {
                let title = s.title.as_deref().map(|t| format!(" {}", cell(t))).unwrap_or_default();
                let _ = writeln!(out, "## {}{title}\n", cell(&s.id));
            }
            current_section = section;
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
    }
    if let Some(unlisted) = &table.unlisted {
        let _ = writeln!(out, "## {}\n\n{}\n{}", words.unlisted, words.header, words.rule);
        let any = describe::every_case();
        let _ = writeln!(out, "{}", decision_row(any.get(lang), unlisted, words, lang));
    }
    out
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
        for table in tables {
            let name = cell(&document_name(table));
            match table.matters.iter().find(|m| m.name == matter.name) {
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
                        let any = format!("（{}）", words.unlisted);
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
        Some(reason) => (format!("{}（{}）", words.tbd, cell(reason)), words.tbd.to_string()),
        None => (
            decision.power.clone().unwrap_or_default(),
            spending_text(decision, lang),
        ),
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
