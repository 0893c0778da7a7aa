//! `quanze diff OLD NEW`: what changes between two plans, or between a plan and an
//! amendment of it — decision by decision, not line by line.

use std::path::PathBuf;

use quanze::diff;
use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_clean};
use super::output::{Kind, choose};
use super::write::deliver;

#[derive(clap::Args)]
pub struct Args {
    /// 原方案（或修正案）/ the old plan (or amendment)
    old: PathBuf,

    /// 新方案或修正案 / the new plan, or an amendment
    new: PathBuf,

    /// 报告格式（默认按 -o 的扩展名，否则 md）/ report format (default: from the extension of -o, else md)
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
    /// JSON (docs/diff-json.md)
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
    let old = match load_clean(&args.old, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let new = match load_clean(&args.new, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let (Some((old_plan, old_tables)), Some((new_plan, new_tables))) =
        (old.compiled.clean_plan(), new.compiled.clean_plan())
    else {
        return Outcome::Findings;
    };
    if let Some(reason) = diff::not_versions(old_plan, new_plan) {
        let prefix = match lang {
            Lang::Zh => "错误：",
            Lang::En => "error: ",
        };
        eprintln!("{prefix}{}", reason.get(lang));
        return Outcome::Trouble;
    }
    let compared = diff::compare_versions(
        &diff::Version::of_plan(old_plan, old_tables, lang),
        &diff::Version::of_plan(new_plan, new_tables, lang),
        &new.renames,
        lang,
    );
    // Both plans are sound; the question is one quanze cannot answer whole (exit 2, as
    // `query` refuses an incomplete question), and a partial report would mislead.
    let mut report = match compared {
        Ok(report) => report,
        Err(refusal) => {
            let prefix = match lang {
                Lang::Zh => "错误：",
                Lang::En => "error: ",
            };
            eprintln!("{prefix}{}", refusal.message().get(lang));
            eprintln!("  = {}", refusal.note().get(lang));
            return Outcome::Trouble;
        }
    };
    report.old.amended_by = old.amendment.clone();
    report.new.amended_by = new.amendment.clone();
    let rendered = match format {
        Format::Md => Ok(diff::to_markdown(&report, lang)),
        Format::Json => diff::to_json(&report).map_err(|e| e.to_string()),
    };
    match rendered {
        Ok(text) => deliver(args.output.as_deref(), &text, lang),
        Err(error) => {
            eprintln!("{error}");
            Outcome::Trouble
        }
    }
}
