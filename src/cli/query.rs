//! `quanze query FILE --matter M --when dim=value…`: the decision for one case, and why.

use std::path::PathBuf;

use quanze::emit::{self, RuleRef};
use quanze::lookup::{self, Answer, Question};
use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, Loaded, load_clean};

#[derive(clap::Args)]
pub struct Args {
    /// 方案或修正案文件（.qz）/ the plan or amendment
    file: PathBuf,

    /// 事项名称 / the matter
    #[arg(long)]
    matter: String,

    /// 情形：维度=值，可重复 / the case: dimension=value, repeatable
    #[arg(long, value_name = "DIM=VALUE", value_parser = parse_when)]
    when: Vec<(String, String)>,

    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// 显示整条方案链（上级方案逐级的决定）/ show the decision of every plan up the chain (`细化`)
    #[arg(long)]
    chain: bool,

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
            Ok((dimension.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "写作 维度=值 / write it as dimension=value, e.g. 范围=盟市 (got `{text}`)"
        )),
    }
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    let mut sources = SourceSet::default();
    let loaded = match load_clean(&args.file, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let Some((plan, tables)) = loaded.compiled.clean_plan() else {
        return Outcome::Findings;
    };
    let question = Question {
        matter: args.matter.clone(),
        when: args.when.clone(),
    };
    if args.chain {
        return chain(&loaded, &question, args.format, lang);
    }
    let answer = match lookup::lookup(plan, tables, &question) {
        Ok(answer) => answer,
        Err(problem) => {
            let prefix = match lang {
                Lang::Zh => "错误：",
                Lang::En => "error: ",
            };
            eprintln!("{prefix}{}", problem.message.get(lang));
            for note in &problem.notes {
                eprintln!("  = {}", note.get(lang));
            }
            return Outcome::Trouble;
        }
    };
    let text = match args.format {
        Format::Json => match serde_json::to_string_pretty(&answer) {
            Ok(text) => text + "\n",
            Err(error) => {
                eprintln!("{error}");
                return Outcome::Trouble;
            }
        },
        Format::Human => {
            if let Some(close) = answer.unlisted.then(|| lookup::suggestion(plan, &question)).flatten() {
                match lang {
                    Lang::Zh => eprintln!("提示：方案中有事项 `{close}`，是不是指它？"),
                    Lang::En => eprintln!("hint: the plan lists `{close}`: is that the matter meant?"),
                }
            }
            human(&answer, lang)
        }
    };
    if super::say(&text) {
        Outcome::Clean
    } else {
        Outcome::Trouble
    }
}

/// One plan's answer in a chained query: the decision, or why there is none.
#[derive(serde::Serialize)]
struct Link {
    document: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<Answer>,
    /// Why this plan gives no decision (kept above, not listed, a value missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

/// `--chain`: the question put to every plan from the top of the chain down, each seeing
/// it in its own terms (its dimensions, its levels).
fn chain(loaded: &Loaded, question: &Question, format: Format, lang: Lang) -> Outcome {
    let mut plans: Vec<&Loaded> = Vec::new();
    let mut next = Some(loaded);
    while let Some(current) = next {
        plans.push(current);
        next = current.parent.as_deref();
    }
    let known = |name: &str| {
        plans.iter().any(|l| {
            l.compiled.plan.as_ref().is_some_and(|plan| {
                plan.matters
                    .iter()
                    .filter(|m| m.name == question.matter)
                    .flat_map(|m| &m.dimensions)
                    .filter_map(|d| plan.dimension(*d))
                    .any(|d| d.name == name)
            })
        })
    };
    if let Some((unknown, _)) = question.when.iter().find(|(name, _)| !known(name)) {
        match lang {
            Lang::Zh => eprintln!("错误：链中没有哪个方案的事项 `{}` 按 `{unknown}` 划分", question.matter),
            Lang::En => eprintln!(
                "error: no plan in the chain splits matter `{}` by `{unknown}`",
                question.matter
            ),
        }
        return Outcome::Trouble;
    }
    // The user's values, with each lower plan's levels named as the level they divide,
    // step by step up the chain; each plan is asked only about its own dimensions.
    let mut links: Vec<Link> = Vec::new();
    let mut mapped = question.clone();
    for (index, link) in plans.iter().enumerate() {
        if let Some(lower) = index.checked_sub(1).and_then(|i| plans.get(i)) {
            mapped = up(lower, &mapped);
        }
        let Some((plan, tables)) = link.compiled.clean_plan() else {
            continue;
        };
        let asked = lookup::restrict(plan, &mapped);
        let document = plan.header.number.clone().unwrap_or_else(|| plan.header.title.clone());
        links.push(match lookup::lookup(plan, tables, &asked) {
            Ok(answer) => Link {
                document,
                answer: Some(answer),
                problem: None,
            },
            Err(problem) => Link {
                document,
                answer: None,
                problem: Some(problem.message.get(lang).to_string()),
            },
        });
    }
    links.reverse();
    let text = match format {
        Format::Json => match serde_json::to_string_pretty(&links) {
            Ok(text) => text + "\n",
            Err(error) => {
                eprintln!("{error}");
                return Outcome::Trouble;
            }
        },
        Format::Human => {
            let mut text = String::new();
            for link in &links {
                text.push_str(&format!("【{}】\n", link.document));
                if let Some(answer) = &link.answer {
                    text.push_str(&human(answer, lang));
                }
                if let Some(problem) = &link.problem {
                    text.push_str(&format!("  {problem}\n"));
                }
            }
            text
        }
    };
    if super::say(&text) {
        Outcome::Clean
    } else {
        Outcome::Trouble
    }
}

/// The question as the plan above `lower` names things: a value of a level-valued dimension
/// of `lower` that is one of its levels becomes the parent's level it divides.
fn up(lower: &Loaded, question: &Question) -> Question {
    let Some(plan) = lower.compiled.plan.as_ref() else {
        return question.clone();
    };
    let Some(divided) = plan.header.subdivides.as_ref().map(|s| &s.parent_level) else {
        return question.clone();
    };
    let level_valued = |name: &str| plan.dimensions.iter().any(|d| d.name == name && d.level_valued);
    let is_level = |value: &str| plan.levels.iter().any(|l| l.name == value);
    Question {
        matter: question.matter.clone(),
        when: question
            .when
            .iter()
            .map(|(dimension, value)| {
                let value = if level_valued(dimension) && is_level(value) {
                    divided.clone()
                } else {
                    value.clone()
                };
                (dimension.clone(), value)
            })
            .collect(),
    }
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
    if !answer.not_needed.is_empty() {
        out.push_str(&format!(
            "{}{}\n",
            label("与结果无关", "does not matter"),
            answer.not_needed.join(if zh { "、" } else { ", " })
        ));
    }
    match (&decision.power, &decision.tbd) {
        (_, Some(reason)) => {
            out.push_str(&format!("{}{reason}\n", label("待定", "to be determined")));
        }
        (Some(power), None) => {
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
        }
        (None, None) => {}
    }
    for rule in &decision.rules {
        out.push_str(&format!("{}{}\n", label("依据", "decided by"), cite(rule)));
    }
    for rule in &answer.overridden {
        out.push_str(&format!("{}{}\n", label("优先于", "takes precedence over"), cite(rule)));
    }
    out
}

fn cite(rule: &RuleRef) -> String {
    let mut text = format!("§ \"{}\"", rule.paragraph);
    if let Some(label) = &rule.label {
        text = format!("{label} {text}");
    }
    if let Some(quote) = &rule.quote {
        text.push_str(&format!(" “{quote}”"));
    }
    text
}
