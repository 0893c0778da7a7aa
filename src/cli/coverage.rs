//! `quanze coverage FILE --source TEXT`: which paragraphs and sentences of the source no
//! rule cites, and which citations point at nothing.

use std::path::PathBuf;

use quanze::coverage::{self, Coverage};
use quanze::render::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_clean_parts, read_differently, read_source};
use super::output::{Kind, choose};
use super::write::deliver_streamed;

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
    // A large plan is streamed, its citations counted part by part, not held whole.
    let held = match load_clean_parts(&args.file, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    let source = match read_source(&args.source, &mut sources, lang) {
        Ok(file) => file,
        Err(outcome) => return outcome,
    };
    let Some((plan, parts)) = held.clean(&sources) else {
        return Outcome::Findings;
    };
    let report: Coverage = coverage::coverage_of_parts(plan, &parts, sources.text(source));
    if parts.failed() {
        return read_differently(&args.file.display().to_string(), lang);
    }
    let complete = report.is_complete();
    // Written piece by piece, not held whole: the list of citations that point at nothing
    // can be as long as the plan (tests/memory.rs).
    let outcome = deliver_streamed(args.output.as_deref(), lang, |out| match format {
        Format::Md => coverage::write_markdown(
            out,
            &report,
            &plan.header.title,
            &args.source.display().to_string(),
            lang,
        ),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)
        }
    });
    if outcome == Outcome::Clean && !complete {
        Outcome::Findings
    } else {
        outcome
    }
}
