//! `quanze draft SOURCE.txt [--levels A,B] [--scope-words FILE] [-o PLAN.qz]`: a first plan
//! from the official text (`quanze::draft`), to check and complete.

use std::path::PathBuf;

use quanze::draft::{Refines, Request, ScopeWords, draft};
use quanze::render::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_clean, read_source, relative_to_output, unwritable_path};
use super::output::{DraftTarget, draft_output};
use super::write::deliver;

#[derive(clap::Args)]
pub struct Args {
    /// 原文（纯文本，UTF-8）/ the official text (plain text, UTF-8)
    source: PathBuf,

    /// 方案的层级，由高到低，逗号分隔（默认：从条款中找出）/ the plan's levels, highest first, comma-separated (default: found in the clauses)
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    levels: Vec<String>,

    /// 本方案细化的上级方案（.qz），其最低层级由本方案的层级细分 / the plan this one refines; its lowest level is divided into this plan's levels
    #[arg(long, value_name = "PARENT.qz")]
    refines: Option<PathBuf>,

    /// 追加的范围词表：每行“词 值”/ more scope words: one "word value" per line
    #[arg(long, value_name = "FILE")]
    scope_words: Option<PathBuf>,

    #[command(flatten)]
    target: DraftTarget,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    if let Err(outcome) = draft_output(&args.target, lang) {
        return outcome;
    }
    let mut sources = SourceSet::default();
    let source = match read_source(&args.source, &mut sources, lang) {
        Ok(file) => file,
        Err(outcome) => return outcome,
    };
    let extra = match &args.scope_words {
        Some(path) => match read_source(path, &mut sources, lang) {
            Ok(file) => Some(sources.text(file).to_string()),
            Err(outcome) => return outcome,
        },
        None => None,
    };
    let scope_words = match ScopeWords::new(extra.as_deref()) {
        Ok(words) => words,
        Err(bad) => {
            let (line, text) = (bad.line, bad.text);
            match lang {
                Lang::Zh => eprintln!("错误：范围词表第 {line} 行 `{text}` 不是“词 值”两项"),
                Lang::En => eprintln!("error: line {line} of the scope words, `{text}`, is not two words (word value)"),
            }
            return Outcome::Trouble;
        }
    };
    // The parent: its 文号 and lowest level, and its file as the draft will name it.
    let parent = match &args.refines {
        Some(path) => {
            let loaded = match load_clean(path, &BaseOptions::default(), &mut sources, lang) {
                Ok(loaded) => loaded,
                Err(outcome) => return outcome,
            };
            let Some((plan, _)) = loaded.compiled.clean_plan() else {
                return Outcome::Findings;
            };
            let (Some(number), Some(level)) = (plan.header.number.clone(), plan.levels.last()) else {
                match lang {
                    Lang::Zh => eprintln!("错误：上级方案 `{}` 没有文号或层级，无法细化", path.display()),
                    Lang::En => eprintln!(
                        "error: the parent plan `{}` has no number (文号) or no levels to refine",
                        path.display()
                    ),
                }
                return Outcome::Trouble;
            };
            let Some(relative) = relative_to_output(path, args.target.output.as_deref()) else {
                unwritable_path(path, lang);
                return Outcome::Trouble;
            };
            let matters: Vec<(String, String)> = plan
                .matters
                .iter()
                .map(|m| (m.name.clone(), m.wording.clone().unwrap_or_default()))
                .collect();
            Some((number, relative, level.name.clone(), matters))
        }
        None => None,
    };
    let levels: Vec<String> = args.levels.iter().map(|l| l.trim().to_string()).collect();
    let source_name = args.source.display().to_string();
    let drafted = draft(&Request {
        source: sources.text(source),
        levels: (!levels.is_empty()).then_some(levels.as_slice()),
        scope_words: &scope_words,
        source_name: &source_name,
        refines: parent.as_ref().map(|(number, path, level, matters)| Refines {
            number,
            path,
            level,
            matters,
        }),
    });
    match drafted {
        Ok(text) => deliver(args.target.output.as_deref(), &text, lang),
        // Names are made words, quotations kept on one line: the drafted text always
        // parses, so this is a bug of quanze's.
        Err(_) => {
            match lang {
                Lang::Zh => eprintln!("错误：草稿未能生成（quanze 的缺陷，请报告，并附上原文）"),
                Lang::En => {
                    eprintln!("error: the draft could not be made (a bug of quanze: please report it with the text)")
                }
            }
            Outcome::Trouble
        }
    }
}
