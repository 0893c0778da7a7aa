//! `quanze table FILE`: the decision table of a plan (or of an amended plan) that checks
//! without errors.

use std::path::PathBuf;

use quanze::compile::stream;
use quanze::emit::{self, CsvRows};
use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, deliver, deliver_bytes, load_clean, print_diagnostics, read_into};

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

    /// 原文（纯文本）：xlsx 的第三张表改为逐句的出处覆盖 / the source text: the workbook's third sheet becomes its coverage, sentence by sentence
    #[arg(long, value_name = "TEXT")]
    source: Option<PathBuf>,

    /// 同时列出上级方案逐级的决定（md、json）/ show, matter by matter, the decisions of every plan up the chain (md, json)
    #[arg(long)]
    chain: bool,

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
    /// Excel 工作簿（需 -o）/ an Excel workbook (needs -o)
    Xlsx,
    /// DMN 1.3 XML：每个事项一张决策表 / DMN 1.3 XML, one decision table per matter
    Dmn,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    if args.chain && args.format == Format::Csv {
        match lang {
            Lang::Zh => eprintln!("错误：`--chain` 只能与 `--format md` 或 `--format json` 一起用"),
            Lang::En => eprintln!("error: `--chain` goes with `--format md` or `--format json` only"),
        }
        return Outcome::Trouble;
    }
    if args.format == Format::Xlsx && args.output.is_none() {
        match lang {
            Lang::Zh => eprintln!("错误：`--format xlsx` 须用 `-o 文件.xlsx` 指定输出文件"),
            Lang::En => eprintln!("error: `--format xlsx` needs an output file: `-o FILE.xlsx`"),
        }
        return Outcome::Trouble;
    }
    if args.format == Format::Csv
        && let Some(outcome) = stream_csv(args, lang)
    {
        return outcome;
    }
    let mut sources = SourceSet::default();
    let loaded = match load_clean(&args.file, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let Some((plan, tables)) = loaded.compiled.clean_plan() else {
        return Outcome::Findings;
    };
    if args.chain {
        let mut chain: Vec<emit::Table> = Vec::new();
        let mut next = Some(&loaded);
        while let Some(current) = next {
            if let Some((plan, tables)) = current.compiled.clean_plan() {
                chain.push(emit::table(plan, tables, lang));
            }
            next = current.parent.as_deref();
        }
        chain.reverse();
        let rendered = match args.format {
            Format::Json => serde_json::to_string_pretty(&chain)
                .map(|text| text + "\n")
                .map_err(|e| e.to_string()),
            _ => Ok(emit::chain_to_markdown(&chain, lang)),
        };
        return match rendered {
            Ok(text) => deliver(args.output.as_deref(), &text, lang),
            Err(error) => {
                eprintln!("{error}");
                Outcome::Trouble
            }
        };
    }
    let table = emit::table(plan, tables, lang);
    if args.format == Format::Xlsx {
        let findings: Vec<_> = loaded
            .compiled
            .diagnostics
            .iter()
            .map(|d| quanze::report::to_json(&sources, d, lang))
            .collect();
        let coverage = match &args.source {
            None => None,
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => Some(quanze::coverage::coverage(plan, &text)),
                Err(error) => {
                    let shown = path.display();
                    match lang {
                        Lang::Zh => eprintln!("错误：无法读取原文 `{shown}`：{error}"),
                        Lang::En => eprintln!("error: cannot read the source `{shown}`: {error}"),
                    }
                    return Outcome::Trouble;
                }
            },
        };
        let workbook = quanze::workbook::to_xlsx(&table, &findings, coverage.as_ref(), lang);
        return match (workbook, args.output.as_deref()) {
            (Ok(bytes), Some(path)) => deliver_bytes(path, &bytes, lang),
            (Err(error), _) => {
                eprintln!("{error}");
                Outcome::Trouble
            }
            (Ok(_), None) => Outcome::Trouble,
        };
    }
    let rendered = match args.format {
        Format::Xlsx => Err(String::new()),
        Format::Md => Ok(emit::to_markdown(&table, lang)),
        Format::Csv => emit::to_csv(&table, lang).map_err(|e| e.to_string()),
        Format::Json => emit::to_json(&table).map_err(|e| e.to_string()),
        Format::Dmn => quanze::dmn::to_dmn(&table, lang).map_err(|e| e.to_string()),
    };
    match rendered {
        Ok(text) => deliver(args.output.as_deref(), &text, lang),
        Err(error) => {
            eprintln!("{error}");
            Outcome::Trouble
        }
    }
}

/// The CSV table of a plan written matter by matter as it is checked, so that a plan of any
/// size fits in memory (`compile::stream`). `None` when the plan cannot be streamed (an
/// amendment, numeric dimensions, …): then the whole-file path runs, and nothing written
/// here remains.
fn stream_csv(args: &Args, lang: Lang) -> Option<Outcome> {
    let mut sources = SourceSet::default();
    let (file, _, decode_error) = read_into(&args.file, &mut sources).ok()?;
    if decode_error.is_some() {
        return None;
    }
    let folder = match args.output.as_deref().and_then(std::path::Path::parent) {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        Some(_) => std::path::PathBuf::from("."),
        None => std::env::temp_dir(),
    };
    let temporary = tempfile::NamedTempFile::new_in(folder).ok()?;
    let mut rows = CsvRows::new(std::io::BufWriter::new(temporary.as_file()), lang).ok()?;
    let mut failed = false;
    let streamed = stream(file, sources.text(file), |plan, tables| {
        failed |= rows.piece(plan, tables).is_err();
    })?;
    print_diagnostics(&sources, &streamed.diagnostics, lang);
    if streamed.diagnostics.iter().any(|d| d.is_error()) {
        let name = args.file.display();
        match lang {
            Lang::Zh => eprintln!("`{name}` 有错误，未生成结果"),
            Lang::En => eprintln!("`{name}` has errors: nothing was written"),
        }
        return Some(Outcome::Findings);
    }
    let finished = rows
        .finish()
        .ok()
        .and_then(|mut out| std::io::Write::flush(&mut out).ok());
    if failed || finished.is_none() {
        return Some(write_failed(args.output.as_deref().unwrap_or(&args.file), lang));
    }
    Some(match &args.output {
        Some(path) => match temporary
            .as_file()
            .sync_all()
            .and_then(|()| temporary.persist(path).map(|_| ()).map_err(|e| e.error))
        {
            Ok(()) => Outcome::Clean,
            Err(_) => write_failed(path, lang),
        },
        None => {
            let copied = std::fs::File::open(temporary.path())
                .and_then(|mut file| std::io::copy(&mut file, &mut std::io::stdout().lock()));
            if copied.is_ok() {
                Outcome::Clean
            } else {
                Outcome::Trouble
            }
        }
    })
}

fn write_failed(path: &std::path::Path, lang: Lang) -> Outcome {
    let shown = path.display();
    match lang {
        Lang::Zh => eprintln!("错误：无法写入 `{shown}`"),
        Lang::En => eprintln!("error: cannot write `{shown}`"),
    }
    Outcome::Trouble
}
