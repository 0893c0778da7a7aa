//! The change report as Markdown, for a drafting memo.

use std::fmt::Write;

use super::{Change, ChangeReport, DocumentRef, MatterChange};
use crate::emit::{self, Decision};
use crate::text::Lang;

pub fn to_markdown(report: &ChangeReport, lang: Lang) -> String {
    let mut out = head(report, !report.changed.is_empty(), lang);
    for (index, matter) in report.changed.iter().enumerate() {
        changed_matter(&mut out, matter, index == 0, lang);
    }
    out.push_str(&tail(report, lang));
    out
}

fn words(lang: Lang, zh_words: &'static str, en_words: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh_words,
        Lang::En => en_words,
    }
}

/// The title and the two plans; then either that nothing changed, or the matters renamed,
/// added and removed. `any_changed`: whether some matter's decision changed (the report's
/// `changed` may be written apart, [`super::Written`]).
pub(super) fn head(report: &ChangeReport, any_changed: bool, lang: Lang) -> String {
    let words = |zh_words, en_words| words(lang, zh_words, en_words);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", words("变更报告", "Change report"));
    // Each language's own colon: `原方案：`, `Old: `.
    let _ = writeln!(out, "- {}{}", words("原方案：", "Old: "), document(&report.old, lang));
    let _ = writeln!(out, "- {}{}", words("新方案：", "New: "), document(&report.new, lang));
    if !report.mapped.is_empty() {
        let pairs: Vec<String> = report
            .mapped
            .iter()
            .map(|pair| format!("{} → {}", cell(&pair.from), cell(&pair.to)))
            .collect();
        let _ = writeln!(
            out,
            "- {}{}",
            words(
                "名称对应（`--map`，原方案 → 新方案）：",
                "Names read as one (`--map`, old → new): "
            ),
            pairs.join(words("、", ", "))
        );
    }
    out.push('\n');
    if report.is_empty() && !any_changed {
        let _ = writeln!(
            out,
            "{}",
            words(
                "无变化：两个方案对每一情形的决定都相同。",
                "No change: both plans decide every case alike."
            )
        );
        return out;
    }
    if !report.renamed.is_empty() {
        let _ = writeln!(out, "## {}\n", words("更名的事项", "Matters renamed"));
        for renamed in &report.renamed {
            let _ = writeln!(out, "- {} → {}", cell(&renamed.from), cell(&renamed.to));
        }
        out.push('\n');
    }
    if !report.added.is_empty() {
        let _ = writeln!(out, "## {}\n", words("新增的事项", "Matters added"));
        for name in &report.added {
            let _ = writeln!(out, "- {}", cell(name));
        }
        out.push('\n');
    }
    if !report.removed.is_empty() {
        let _ = writeln!(out, "## {}\n", words("删除的事项", "Matters removed"));
        for name in &report.removed {
            let _ = writeln!(out, "- {}", cell(name));
        }
        out.push('\n');
    }
    if !report.not_in_excerpt.is_empty() {
        let _ = writeln!(out, "## {}\n", words("节选未列入的事项", "Matters not in the excerpt"));
        let _ = writeln!(
            out,
            "{}\n",
            words(
                "一方为节选：以下事项只在另一方列出，是节选未列入，并非新增或删除，不计入各层级的变化。",
                "One plan is an excerpt: these matters are listed by the other only, left out of the excerpt rather than added or removed, and count in no level's changes."
            )
        );
        for name in &report.not_in_excerpt {
            let _ = writeln!(out, "- {}", cell(name));
        }
        out.push('\n');
    }
    out
}

/// One matter whose decision changed; the first under the heading of them all.
pub(super) fn changed_matter(out: &mut String, matter: &MatterChange, first: bool, lang: Lang) {
    let words = |zh_words, en_words| words(lang, zh_words, en_words);
    if first {
        let _ = writeln!(
            out,
            "## {}\n",
            words("决定有变化的事项", "Matters whose decision changed")
        );
    }
    let _ = writeln!(out, "### {}\n", cell(&matter.matter));
    if let Some(resplit) = &matter.resplit {
        let (old, new) = (cell(&resplit.old.join("、")), cell(&resplit.new.join("、")));
        let (old_en, new_en) = (cell(&resplit.old.join(", ")), cell(&resplit.new.join(", ")));
        let said = match lang {
            Lang::Zh => format!(
                "原方案按 {old} 划分此事项，新方案按 {new} 划分：两者的情形无法逐一对应，未逐情形比较。若两边的维度实为同一维度（或取值实为同一取值），用 `--map 旧名=新名` 对应后再比较。"
            ),
            Lang::En => format!(
                "The old plan splits this matter by {old_en}, the new one by {new_en}: their cases do not line up, so they are not compared case by case. If a dimension (or value) of one is the other's under another name, compare with `--map OLD=NEW`."
            ),
        };
        let _ = writeln!(out, "{said}\n");
        return;
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} |",
        words("情形", "Cases"),
        words("原决定", "Before"),
        words("新决定", "After")
    );
    out.push_str("|---|---|---|\n");
    for region in &matter.regions {
        let (before, after) = sides(&region.change, lang);
        let _ = writeln!(out, "| {} | {before} | {after} |", cell(&region.condition));
    }
    out.push('\n');
}

/// The catch-all's change and the summary by level, after the changed matters.
pub(super) fn tail(report: &ChangeReport, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let words = |zh_words, en_words| words(lang, zh_words, en_words);
    let mut out = String::new();
    if let Some(change) = &report.unlisted {
        let (before, after) = sides(change, lang);
        let _ = writeln!(out, "## {}\n", words("未列事项", "Unlisted matters"));
        let _ = writeln!(out, "{before} → {after}\n");
    }
    if !report.levels.is_empty() {
        let _ = writeln!(out, "## {}\n", words("各层级的变化", "By level"));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            words("层级", "Level"),
            words("新增事权", "Gains power"),
            words("失去事权", "Loses power"),
            words("新增支出责任", "Gains spending"),
            words("失去支出责任", "Loses spending")
        );
        out.push_str("|---|---|---|---|---|\n");
        let join = |names: &[String]| cell(&names.join(if zh { "、" } else { ", " }));
        for level in &report.levels {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&level.level),
                join(&level.gains_power),
                join(&level.loses_power),
                join(&level.gains_spending),
                join(&level.loses_spending)
            );
        }
        out.push('\n');
    }
    out
}

fn document(document: &DocumentRef, lang: Lang) -> String {
    let base = match &document.number {
        Some(number) => format!("{}{}", cell(&document.title), lang.after_word(&cell(number))),
        None => cell(&document.title),
    };
    match (&document.amended_by, lang) {
        (Some(by), Lang::Zh) => format!("{base}，经 {} 修正", cell(by)),
        (Some(by), Lang::En) => format!("{base}, as amended by {}", cell(by)),
        (None, _) => base,
    }
}

fn sides(change: &Change, lang: Lang) -> (String, String) {
    (decision(change.old.as_ref(), lang), decision(change.new.as_ref(), lang))
}

/// `事权 自治区；支出 自治区 60%、盟市 40%`.
fn decision(decision: Option<&Decision>, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let Some(decision) = decision else {
        return if zh { "（无此情形）" } else { "(no such case)" }.to_string();
    };
    if let Some(reason) = &decision.tbd {
        let word = if zh { "待定" } else { "to be determined" };
        return cell(&if reason.is_empty() {
            word.to_string()
        } else {
            format!("{word}{}{reason}", if zh { "：" } else { ": " })
        });
    }
    let power = decision.power_text(lang);
    let spending = emit::spending_text(decision, lang);
    let mark = emit::mark_text(decision, lang);
    let text = match (zh, mark.is_empty()) {
        (true, true) => format!("事权 {power}；支出 {spending}"),
        (true, false) => format!("事权 {power}；支出 {spending}（{mark}）"),
        (false, true) => format!("power {power}; spending {spending}"),
        (false, false) => format!("power {power}; spending {spending} ({mark})"),
    };
    cell(&text)
}

/// Text from the plans, in a cell, a heading or a list: see [`crate::markdown::text`].
fn cell(text: &str) -> String {
    crate::markdown::text(text)
}
