//! `quanze query FILE --matter M --when dim=value…`: the decision for one case, and why.

use std::path::PathBuf;

use quanze::emit::{self, RuleRef};
use quanze::ir::Plan;
use quanze::lookup::matters::{DimensionEntry, MatterEntry};
use quanze::lookup::overall::Overall;
use quanze::lookup::{self, Answer, ChainAnswer, Link, Problem, Question, ShownLink};
use quanze::render::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, Held, Loaded, Replay, load_clean_parts, read_differently};

#[derive(clap::Args, Clone)]
pub struct Args {
    /// 方案或修正案文件（.qz）/ the plan or amendment
    file: PathBuf,

    /// 事项：名称或原文表述 / the matter: its name or its wording in the document
    #[arg(long, required_unless_present = "list")]
    matter: Option<String>,

    /// 情形：维度=值，可重复 / the case: dimension=value, repeatable
    #[arg(long, value_name = "DIM=VALUE", value_parser = parse_when)]
    when: Vec<(String, String)>,

    /// 确认所问事项是方案未列出的事项（由 `未列事项` 条款决定）/ confirm the matter is one the plan does not list (its `unlisted` rule decides)
    #[arg(long)]
    unlisted: bool,

    /// 列出方案的全部事项、表述、维度及其取值 / list the plan's matters, their wordings, dimensions and values
    #[arg(long, conflicts_with_all = ["matter", "when", "unlisted", "chain"])]
    list: bool,

    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// 显示整条方案链（上级方案逐级的决定）/ show the decision of every plan up the chain (`refines`)
    #[arg(long)]
    chain: bool,

    /// 按该日施行的文件作答：方案自施行日起，加上同目录中当日施行的修正案；上级方案当日未施行或已被修正时拒绝作答 / answer with the documents in force on this day: the plan from its effective date, with the amendment of it in force that day from its folder; refused when a plan above is not in force or amended that day
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<String>,

    #[command(flatten)]
    base: BaseOptions,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// 供人阅读 / for people
    Human,
    /// JSON
    Json,
}

fn parse_when(text: &str) -> Result<(String, String), String> {
    let split = text.split_once('=').or_else(|| text.split_once('＝'));
    match split {
        Some((dimension, value)) if !dimension.trim().is_empty() && !value.trim().is_empty() => {
            // Names are compared in NFKC, as the plan's are (`ＡＩ审查` is `AI审查`).
            use unicode_normalization::UnicodeNormalization;
            Ok((dimension.trim().nfkc().collect(), value.trim().nfkc().collect()))
        }
        _ => Err(format!(
            "写作 维度=值 / write it as dimension=value, e.g. 范围=盟市 (got `{text}`)"
        )),
    }
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    // `--on`: the question is put to the file in force that day.
    match super::on::file_in_force(&args.file, args.on.as_deref(), &args.base, lang) {
        Ok(file) if file == args.file => run_file(args, lang),
        Ok(file) => run_file(&Args { file, ..args.clone() }, lang),
        Err(outcome) => outcome,
    }
}

fn run_file(args: &Args, lang: Lang) -> Outcome {
    let mut sources = SourceSet::default();
    // A large plan is streamed to check it and read again, part by part, for the answer:
    // only the matters the question could mean are kept (or the list's entries).
    let held = match load_clean_parts(&args.file, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    match &held {
        Held::Loaded(loaded) => answer_whole(args, loaded, lang),
        Held::Streamed(streamed) => {
            let (streamed, replay) = &**streamed;
            answer_parts(args, &streamed.declarations, replay, &sources, lang)
        }
    }
}

/// The plans above `loaded`'s own, or above a streamed plan (its parent first), each as a
/// link with its document; `None` when one of them is not clean (never, once checked).
fn chain_of(first: Option<&Loaded>) -> Option<Vec<(Link<'_>, String)>> {
    let mut chain = Vec::new();
    let mut next = first;
    while let Some(current) = next {
        let (plan, tables) = current.compiled.clean_plan()?;
        let link = Link { plan, tables };
        chain.push((link, link.document()));
        next = current.parent.as_deref();
    }
    Some(chain)
}

/// The answer from a plan held whole, with the plans it refines.
fn answer_whole(args: &Args, loaded: &Loaded, lang: Lang) -> Outcome {
    // The plan asked, then every plan it refines: a case a plan above keeps is that plan's.
    let Some(chain) = chain_of(Some(loaded)) else {
        return Outcome::Findings;
    };
    if args.list {
        let plans: Vec<_> = chain.iter().map(|(link, name)| (link.plan, name.clone())).collect();
        let entries = lookup::matters::entries(&plans);
        let unlisted = chain.first().and_then(|(link, _)| link.plan.unlisted.as_ref());
        return print(args.format, &entries, || list_text(&entries, unlisted.is_some(), lang));
    }
    let links: Vec<Link<'_>> = chain.iter().map(|(link, _)| *link).collect();
    match answer(args, &links, &loaded.renames) {
        Ok(answer) => respond(args, &answer, lang),
        Err(problem) => refuse(&problem, lang),
    }
}

/// The answer from a large plan read part by part (or the large plan an amendment makes),
/// with the plans it refines (held whole, inputs of their own).
fn answer_parts(args: &Args, declarations: &Plan, replay: &Replay, sources: &SourceSet, lang: Lang) -> Outcome {
    let name = args.file.display().to_string();
    // An amendment's renames: a matter's old name is refused with its new one.
    let renames = replay.amended().map_or(&[][..], |amended| &amended.renames);
    let Some(above) = chain_of(replay.parent()) else {
        return read_differently(&name, lang);
    };
    let parts = replay.parts(sources);
    if args.list {
        let plans: Vec<_> = above.iter().map(|(link, name)| (link.plan, name.clone())).collect();
        let entries = lookup::parts::entries(&parts, &plans);
        if parts.failed() {
            return read_differently(&name, lang);
        }
        return print(args.format, &entries, || {
            list_text(&entries, declarations.unlisted.is_some(), lang)
        });
    }
    let wanted = args.matter.as_deref().unwrap_or_default();
    let (plan, tables) = lookup::parts::gather(declarations, &parts, wanted);
    if parts.failed() {
        return read_differently(&name, lang);
    }
    let mut links = vec![Link {
        plan: &plan,
        tables: &tables,
    }];
    links.extend(above.iter().map(|(link, _)| *link));
    // A name no plan of the chain lists, not said to be unlisted, is refused with the
    // close names of every plan: this plan's too, so that refusal reads its names (exit 2).
    let names_nothing = !args.unlisted
        && links
            .iter()
            .all(|link| !link.plan.matters.iter().any(|m| lookup::matters::could_mean(m, wanted)));
    if names_nothing {
        let named = lookup::parts::names(declarations, &parts);
        if parts.failed() {
            return read_differently(&name, lang);
        }
        let mut named_links = vec![Link {
            plan: &named,
            tables: &[],
        }];
        named_links.extend(above.iter().map(|(link, _)| *link));
        return match answer(args, &named_links, renames) {
            Ok(answer) => respond(args, &answer, lang),
            Err(problem) => refuse(&problem, lang),
        };
    }
    match answer(args, &links, renames) {
        Ok(answer) => respond(args, &answer, lang),
        Err(problem) => refuse(&problem, lang),
    }
}

/// The question asked, answered by the plans of `links` (the plan asked first).
fn answer(args: &Args, links: &[Link<'_>], renames: &[(String, String)]) -> Result<ChainAnswer, Problem> {
    let question = Question {
        matter: args.matter.clone().unwrap_or_default(),
        when: args.when.clone(),
    };
    lookup::answer(links, &question, args.unlisted, renames)
}

/// A question quanze cannot answer exactly: why, and what to ask instead (exit 2).
fn refuse(problem: &Problem, lang: Lang) -> Outcome {
    let prefix = match lang {
        Lang::Zh => "错误：",
        Lang::En => "error: ",
    };
    eprintln!("{prefix}{}", problem.message.get(lang));
    for note in &problem.notes {
        eprintln!("  = {}", note.get(lang));
    }
    Outcome::Trouble
}

/// The answer, or with `--chain` what every plan of the chain says.
fn respond(args: &Args, answer: &ChainAnswer, lang: Lang) -> Outcome {
    if args.chain {
        let links = answer.shown(lang);
        return print(args.format, &links, || chain_text(&links, lang));
    }
    print(args.format, &answer.answer, || human(&answer.answer, lang))
}

/// Writes `value` as JSON, or as the text `human` makes, to standard output.
fn print<T: serde::Serialize>(format: Format, value: &T, human: impl FnOnce() -> String) -> Outcome {
    let text = match format {
        Format::Json => match serde_json::to_string_pretty(value) {
            Ok(text) => text + "\n",
            Err(error) => {
                eprintln!("{error}");
                return Outcome::Trouble;
            }
        },
        // Words for people: the plan's names and quotations in them show their invisible
        // characters escaped, wherever the answer is read.
        Format::Human => quanze::unicode::escape_for_terminal(&human()).into_owned(),
    };
    if super::say(&text) {
        Outcome::Clean
    } else {
        Outcome::Trouble
    }
}

fn chain_text(links: &[ShownLink], lang: Lang) -> String {
    let mut text = String::new();
    // The level the plan keeping the case assigns it to, for the plans below it.
    let power = |document: &str| {
        links
            .iter()
            .find(|link| link.document == document)
            .and_then(|link| link.answer.as_ref())
            .map(|answer| answer.decision.power_text(lang))
            .unwrap_or_default()
    };
    for link in links {
        text.push_str(&format!("{}\n", lang.heading(&link.document)));
        if let Some(answer) = &link.answer {
            text.push_str(&human(answer, lang));
        }
        if let Some(above) = &link.kept_above_by {
            let level = power(above);
            text.push_str(&match lang {
                Lang::Zh => format!("  此情形由上级方案 {above} 划归 {level}，不由本方案划分\n"),
                Lang::En => {
                    format!("  the plan above, {above}, assigns this case to {level}: this plan does not divide it\n")
                }
            });
        }
        if let Some(note) = &link.note {
            text.push_str(&format!("  {note}\n"));
        }
    }
    text
}

/// `--list`: each matter with its wording, and the values a question can name.
fn list_text(entries: &[MatterEntry], catch_all: bool, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let dimension_text = |d: &DimensionEntry| match (&d.range, &d.unit) {
        (Some(range), Some(unit)) => format!("{} {range} {unit}", d.name),
        (Some(range), None) => format!("{} {range}", d.name),
        _ => format!("{} {{{}}}", d.name, d.values.join(", ")),
    };
    let mut text = String::new();
    for entry in entries {
        text.push_str(&entry.name);
        if let Some(wording) = &entry.wording {
            text.push_str(&format!("  “{wording}”"));
        }
        // The section the matter stands in, not a citation: no `§`.
        if let Some(section) = &entry.section {
            text.push_str(&match lang {
                Lang::Zh => format!("  （章节 {section}）"),
                Lang::En => format!("  (section {section})"),
            });
        }
        text.push('\n');
        for dimension in &entry.dimensions {
            let label = if zh { "按" } else { "by" };
            text.push_str(&format!("    {label} {}\n", dimension_text(dimension)));
        }
        for above in &entry.above {
            let shown: Vec<String> = above.dimensions.iter().map(dimension_text).collect();
            text.push_str(&match lang {
                Lang::Zh => format!("    上级方案 {} 按 {}\n", above.document, shown.join("；")),
                Lang::En => format!("    the plan above, {}, by {}\n", above.document, shown.join("; ")),
            });
        }
    }
    if catch_all {
        text.push_str(if zh {
            "（未列出的事项由 `未列事项` 条款决定：查询时加 `--unlisted`）\n"
        } else {
            "(a matter not listed is decided by the `unlisted` rule: ask with `--unlisted`)\n"
        });
    }
    text
}

fn human(answer: &Answer, lang: Lang) -> String {
    let decision = &answer.decision;
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let label = |zh_word: &str, en_word: &str| {
        if zh {
            format!("{zh_word}：")
        } else {
            format!("{en_word}: ")
        }
    };
    out.push_str(&format!("{}{}\n", label("事项", "matter"), answer.matter));
    if answer.unlisted {
        out.push_str(if zh {
            "（方案未列出此事项，按 `未列事项` 条款决定）\n"
        } else {
            "(the plan does not list this matter: its `unlisted` rule decides)\n"
        });
    }
    if !answer.case.is_empty() {
        let parts: Vec<String> = answer
            .case
            .iter()
            .map(|c| format!("{} = {}", c.dimension, c.value))
            .collect();
        out.push_str(&format!("{}{}\n", label("情形", "case"), parts.join(" ∧ ")));
    }
    let power = decision.power_text(lang);
    if let Some(above) = answer.kept_above_by.as_ref().filter(|_| !power.is_empty()) {
        out.push_str(&match lang {
            Lang::Zh => format!("由上级方案 {above} 划归 {power}，不由本方案划分\n"),
            Lang::En => {
                format!("the plan above, {above}, assigns this case to {power}: it is not this plan's to divide\n")
            }
        });
    }
    if !answer.not_needed.is_empty() {
        out.push_str(&format!(
            "{}{}\n",
            label("与结果无关", "does not matter"),
            answer.not_needed.join(if zh { "、" } else { ", " })
        ));
    }
    let joint = decision.power.len() > 1;
    match ((!power.is_empty()).then_some(&power), &decision.tbd) {
        (_, Some(reason)) if reason.is_empty() => out.push_str(if zh { "待定\n" } else { "to be determined\n" }),
        (_, Some(reason)) => {
            out.push_str(&format!("{}{reason}\n", label("待定", "to be determined")));
        }
        (Some(power), None) => {
            // A power held jointly says so: two names alone could read as a choice.
            let power = match (joint, zh) {
                (false, _) => power.clone(),
                (true, true) => format!("{power}（共同财政事权）"),
                (true, false) => format!("{power} (held jointly)"),
            };
            out.push_str(&format!("{}{power}\n", label("财政事权", "fiscal power")));
            out.push_str(&format!(
                "{}{}\n",
                label("支出责任", "spending"),
                emit::spending_text(decision, lang)
            ));
            let mark = emit::mark_text(decision, lang);
            if !mark.is_empty() {
                out.push_str(&format!("{}{mark}\n", label("方式", "by way of")));
            }
            if let Some(whole) = &answer.overall {
                out.push_str(&whole_chain_text(whole, lang));
            }
            if let Some(part) = &answer.share_of {
                let (document, level) = (&part.document, &part.level);
                out.push_str(&match lang {
                    Lang::Zh => format!(
                        "逐级合计：无法确定（上级方案 {document} 对这一问题没有唯一的答案，用 `--chain` 查看各级；上面的比例是 {document} 划给 {level} 部分之内的比例）\n"
                    ),
                    Lang::En => format!(
                        "whole chain: cannot be told (the plan above, {document}, has no single answer to this question: see `--chain`; the shares above are of the part {document} gives {level})\n"
                    ),
                });
            }
        }
        (None, None) => {}
    }
    let document = answer.kept_above_by.as_deref();
    for rule in &decision.rules {
        out.push_str(&format!("{}{}\n", label("依据", "decided by"), cite(document, rule)));
    }
    for rule in &answer.overridden {
        out.push_str(&format!(
            "{}{}\n",
            label("优先于", "takes precedence over"),
            cite(document, rule)
        ));
    }
    out
}

/// The decision of the whole chain, for an answer whose shares are of the part a plan
/// above gives: `自治区 50%` of 地方's 20% is 10% of the whole.
fn whole_chain_text(whole: &Overall, lang: Lang) -> String {
    let decision = emit::Decision {
        power: whole.power.clone(),
        spending: whole.spending.clone(),
        mark: None,
        tbd: None,
        rules: Vec::new(),
    };
    let (power, spending) = (decision.power_text(lang), emit::spending_text(&decision, lang));
    match lang {
        Lang::Zh => {
            format!("逐级合计：财政事权 {power}；支出责任 {spending}（上面的比例是上级方案划给本级部分之内的比例）\n")
        }
        Lang::En => format!(
            "whole chain: fiscal power {power}; spending {spending} (the shares above are of the part the plan above gives this plan's levels)\n"
        ),
    }
}

/// A rule as the answer cites it; a plan above's rule names that plan.
fn cite(document: Option<&str>, rule: &RuleRef) -> String {
    let mut text = format!("§ \"{}\"", rule.paragraph);
    if let Some(document) = document {
        text = format!("{document} {text}");
    }
    if let Some(label) = &rule.label {
        text = format!("{label} {text}");
    }
    if let Some(quote) = &rule.quote {
        text.push_str(&format!(" “{quote}”"));
    }
    text
}
