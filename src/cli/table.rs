//! `quanze table FILE`: the decision table of a plan that checks without errors.

use std::path::PathBuf;

use quanze::emit;
use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{compile_file, print_diagnostics, write_atomically};

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
    let compiled = match compile_file(&args.file, &mut sources) {
        Ok((_, compiled)) => compiled,
        Err(diagnostic) => {
            print_diagnostics(&sources, &[*diagnostic], lang);
            return Outcome::Trouble;
        }
    };
    print_diagnostics(&sources, &compiled.diagnostics, lang);
    let Some((plan, tables)) = compiled.clean_plan() else {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => "方案有错误，未生成决策表",
                Lang::En => "the plan has errors: no table was written",
            }
        );
        return Outcome::Findings;
    };
    let table = emit::table(plan, tables, lang);
    let rendered = match args.format {
        Format::Md => Ok(emit::to_markdown(&table, lang)),
        Format::Csv => emit::to_csv(&table, lang).map_err(|e| e.to_string()),
        Format::Json => emit::to_json(&table).map_err(|e| e.to_string()),
    };
    let text = match rendered {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{error}");
            return Outcome::Trouble;
        }
    };
    match &args.output {
        None => {
            print!("{text}");
            Outcome::Clean
        }
        Some(path) => match write_atomically(path, &text) {
            Ok(()) => Outcome::Clean,
            Err(error) => {
                let shown = path.display();
                match lang {
                    Lang::Zh => eprintln!("错误：无法写入 `{shown}`：{error}"),
                    Lang::En => eprintln!("error: cannot write `{shown}`: {error}"),
                }
                Outcome::Trouble
            }
        },
    }
}
