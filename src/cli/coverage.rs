//! `quanze coverage FILE --source TEXT`: which paragraphs and sentences of the source no
//! rule cites, and which citations point at nothing.

use std::path::PathBuf;

use quanze::coverage::{self, Coverage};
use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_clean, read_into};
use super::output::{Kind, choose};
use super::write::deliver;

#[derive(clap::Args)]
pub struct Args {
    /// 方案文件（.qz）/ the plan
    file: PathBuf,

    /// 原文（纯文本，UTF-8）/ the source text (plain text, UTF-8)
    #[arg(long, value_name = "TEXT")]
    source: PathBuf,

    /// 输出格式（默认按 -o 的扩展名，否则 md）/ output format (default: from the extension of -o, else md)
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// 写入此文件（默认输出到屏幕）/ write to this file instead of standard output
    #[arg(short, long)]
    output: Option<PathBuf>,

    #[command(flatten)]
    base: BaseOptions,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Markdown
    Md,
    /// JSON
    Json,
}

/// The formats and the extensions that name them.
const KINDS: [Kind<Format>; 2] = [Kind::markdown(Format::Md), Kind::json(Format::Json)];

pub fn run(args: &Args, lang: Lang) -> Outcome {
    let format = match choose(&KINDS, args.format, Format::Md, args.output.as_deref(), lang) {
        Ok(format) => format,
        Err(outcome) => return outcome,
    };
    let mut sources = SourceSet::default();
    let loaded = match load_clean(&args.file, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let Some((plan, _)) = loaded.compiled.clean_plan() else {
        return Outcome::Findings;
    };
    let problem = match read_into(&args.source, &mut sources) {
        Ok((file, _, None)) => Ok(file),
        Ok((_, _, Some(diagnostic))) => Err(diagnostic),
        Err(diagnostic) => Err(*diagnostic),
    };
    let source = match problem {
        Ok(file) => file,
        Err(diagnostic) => {
            super::files::print_diagnostics(&sources, &[diagnostic], lang);
            return Outcome::Trouble;
        }
    };
    let report: Coverage = coverage::coverage(plan, sources.text(source));
    let complete = report.is_complete();
    let rendered = match format {
        Format::Md => Ok(coverage::to_markdown(
            &report,
            &plan.header.title,
            &args.source.display().to_string(),
            lang,
        )),
        Format::Json => serde_json::to_string_pretty(&report)
            .map(|t| t + "\n")
            .map_err(|e| e.to_string()),
    };
    let outcome = match rendered {
        Ok(text) => deliver(args.output.as_deref(), &text, lang),
        Err(error) => {
            eprintln!("{error}");
            Outcome::Trouble
        }
    };
    if outcome == Outcome::Clean && !complete {
        Outcome::Findings
    } else {
        outcome
    }
}
