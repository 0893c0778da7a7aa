//! `quanze table FILE`: the decision table of a plan (or of an amended plan) that checks
//! without errors.

use std::path::PathBuf;

use quanze::emit;
use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, deliver, load_clean};

#[derive(clap::Args)]
pub struct Args {
    /// 方案文件（.qz）/ the plan file
    file: PathBuf,

    /// 表格格式 / table format
    #[arg(long, value_enum, default_value = "md")]
    format: Format,

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
    /// CSV (UTF-8)
    Csv,
    /// JSON (docs/table-json.md)
    Json,
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
    let table = emit::table(plan, tables, lang);
    let rendered = match args.format {
        Format::Md => Ok(emit::to_markdown(&table, lang)),
        Format::Csv => emit::to_csv(&table, lang).map_err(|e| e.to_string()),
        Format::Json => emit::to_json(&table).map_err(|e| e.to_string()),
    };
    match rendered {
        Ok(text) => deliver(args.output.as_deref(), &text, lang),
        Err(error) => {
            eprintln!("{error}");
            Outcome::Trouble
        }
    }
}
