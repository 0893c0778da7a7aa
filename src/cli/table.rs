//! `quanze table FILE`: the decision table of a plan (or of an amended plan) that checks
//! without errors.

use std::path::PathBuf;

use indexmap::IndexSet;
use quanze::compile::{Parts, Whole};
use quanze::diagnostic::{Code, Diagnostic};
use quanze::emit::{self, CsvRows};
use quanze::ir::Plan;
use quanze::render::SourceSet;
use quanze::text::Lang;
use quanze::tr;

use super::Outcome;
use super::files::{
    BaseOptions, Loaded, Readied, Streamable, Streaming, clean, load_clean_parts, load_plan, nothing_written,
    print_diagnostics, read_differently, read_source,
};
use super::output::{Kind, choose};
use super::write::{self, deliver};

#[derive(clap::Args, Clone)]
pub struct Args {
    /// 方案文件（.qz）/ the plan file
    file: PathBuf,

    /// 表格格式（默认按 -o 的扩展名，否则 md）/ table format (default: from the extension of -o, else md)
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// 写入此文件（默认输出到屏幕）/ write to this file instead of standard output
    #[arg(short, long)]
    output: Option<PathBuf>,

    /// 原文（纯文本）：xlsx 在出处表之后加一张逐句的出处覆盖表（仅 xlsx）/ the source text: the workbook gains a sheet of its coverage, sentence by sentence, after the citations (xlsx only)
    #[arg(long, value_name = "TEXT")]
    source: Option<PathBuf>,

    /// 同时列出上级方案逐级的决定（md、csv、json、xlsx）/ show, matter by matter, the decisions of every plan up the chain (md, csv, json, xlsx)
    #[arg(long)]
    chain: bool,

    /// CSV 开头不加字节顺序标记（BOM）。默认加上：中文 Windows 上的 Excel 靠它才能把文件读作 UTF-8（仅 csv；显示在终端上时不加）/ write CSV without the byte-order mark (BOM) that Excel on Chinese Windows needs to read it as UTF-8 (csv only; written by default, except on a terminal)
    #[arg(long)]
    no_bom: bool,

    /// 按该日施行的文件作答：方案自施行日起，加上同目录中当日施行的修正案；上级方案当日未施行或已被修正时拒绝作答 / answer with the documents in force on this day: the plan from its effective date, with the amendment of it in force that day from its folder; refused when a plan above is not in force or amended that day
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<String>,

    #[command(flatten)]
    base: BaseOptions,
}

/// U+FEFF at the start of a CSV file: Excel reads a CSV without it in the system's code
/// page (GBK on Chinese Windows), and every Chinese word comes out garbled.
const BYTE_ORDER_MARK: &str = "\u{FEFF}";

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

/// The formats and the extensions that name them (`-o 表.xlsx` writes a workbook).
const KINDS: [Kind<Format>; 5] = [
    Kind::markdown(Format::Md),
    Kind {
        format: Format::Csv,
        name: "csv",
        what: "CSV",
        extensions: &["csv"],
        plain_text: false,
    },
    Kind::json(Format::Json),
    Kind {
        format: Format::Xlsx,
        name: "xlsx",
        what: "Excel",
        extensions: &["xlsx"],
        plain_text: false,
    },
    Kind {
        format: Format::Dmn,
        name: "dmn",
        what: "DMN",
        extensions: &["dmn", "xml"],
        plain_text: false,
    },
];

pub fn run(args: &Args, lang: Lang) -> Outcome {
    // `--on`: the question is put to the file in force that day.
    match super::on::file_in_force(&args.file, args.on.as_deref(), &args.base, lang) {
        Ok(file) if file == args.file => run_file(args, lang),
        Ok(file) => run_file(&Args { file, ..args.clone() }, lang),
        Err(outcome) => outcome,
    }
}

fn run_file(args: &Args, lang: Lang) -> Outcome {
    let format = match choose(&KINDS, args.format, Format::Md, args.output.as_deref(), lang) {
        Ok(format) => format,
        Err(outcome) => return outcome,
    };
    if let Some(refused) = refuse_combination(args, format, lang) {
        return refused;
    }
    if format == Format::Xlsx && !args.chain {
        return write_workbook(args, lang);
    }
    let mut sources = SourceSet::default();
    let loaded = if matches!(format, Format::Csv | Format::Md | Format::Json | Format::Dmn) && !args.chain {
        match stream_table(args, format, lang, &mut sources) {
            Ok(outcome) => return outcome,
            Err(loaded) => *loaded,
        }
    } else {
        load_plan(&args.file, &args.base, &mut sources)
    };
    let loaded = match clean(loaded, &sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let Some((plan, tables)) = loaded.compiled.clean_plan() else {
        return Outcome::Findings;
    };
    if args.chain {
        return match format {
            Format::Json => chain_json(&loaded, args.output.as_deref(), lang),
            Format::Csv => {
                let csv = emit::chain_to_csv(&chain_tables(&loaded, plan, lang), lang);
                deliver_text(csv.map(|csv| with_bom(csv, args)), args, lang)
            }
            Format::Xlsx => {
                let chain = chain_tables(&loaded, plan, lang);
                let mut findings = Vec::new();
                let mut next = Some(&loaded);
                while let Some(current) = next {
                    findings.splice(
                        0..0,
                        current
                            .compiled
                            .diagnostics
                            .iter()
                            .map(|d| quanze::render::to_json(&sources, d, lang)),
                    );
                    next = current.parent.as_deref();
                }
                deliver_workbook(
                    args,
                    &sources,
                    lang,
                    |out| quanze::publish::workbook::write_chain_xlsx(out, &chain, &findings, lang),
                    || true,
                )
            }
            Format::Md => deliver(
                args.output.as_deref(),
                &emit::chain_to_markdown(&chain_tables(&loaded, plan, lang), lang),
                lang,
            ),
            // Refused by refuse_combination: never another format in its place.
            Format::Dmn => Outcome::Trouble,
        };
    }
    // Written matter table by matter table, as streaming writes them: neither the table
    // of the whole plan nor its text is held (issue 14), and the bytes are the same.
    let written = write_table(args, format, lang, |pieces| {
        Whole { plan, tables }.each(&mut |plan, tables| pieces.piece(plan, tables));
        Filled::Written
    });
    // Every format but xlsx (written above) has its piece writer.
    written.unwrap_or(Outcome::Trouble)
}

/// The workbook of one plan: a large plan is streamed to check it and read again part by
/// part to make the workbook (`--source`'s coverage too), never held whole.
fn write_workbook(args: &Args, lang: Lang) -> Outcome {
    let mut sources = SourceSet::default();
    let held = match load_clean_parts(&args.file, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    let findings: Vec<_> = held
        .diagnostics()
        .iter()
        .map(|d| quanze::render::to_json(&sources, d, lang))
        .collect();
    let source = match args.source.as_deref().map(|path| read_source(path, &mut sources, lang)) {
        None => None,
        Some(Ok(file)) => Some(file),
        Some(Err(outcome)) => return outcome,
    };
    let Some((plan, parts)) = held.clean(&sources) else {
        return Outcome::Findings;
    };
    let coverage = source.map(|file| quanze::coverage::coverage_of_parts(plan, &parts, sources.text(file)));
    deliver_workbook(
        args,
        &sources,
        lang,
        |out| quanze::publish::workbook::write_xlsx(out, plan, &parts, &findings, coverage.as_ref(), lang),
        || !parts.failed(),
    )
}

/// The tables of the chain, top first, for the formats that show this plan's matters
/// only (every format but JSON: [`chain_json`]): a plan above gives the tables of those
/// alone (a large parent's whole table took 29 times its file for a child of a few lines).
fn chain_tables(loaded: &Loaded, own: &Plan, lang: Lang) -> Vec<emit::Table> {
    let shown: IndexSet<&str> = own.matters.iter().map(|m| m.name.as_str()).collect();
    let mut chain: Vec<emit::Table> = Vec::new();
    let mut next = Some(loaded);
    let mut own_plan = true;
    while let Some(current) = next {
        if let Some((plan, tables)) = current.compiled.clean_plan() {
            let whole = std::mem::replace(&mut own_plan, false);
            let wanted = tables.iter().filter(|t| {
                whole
                    || plan
                        .matters
                        .get(t.matter)
                        .is_some_and(|m| shown.contains(m.name.as_str()))
            });
            chain.push(emit::table(plan, wanted, lang));
        }
        next = current.parent.as_deref();
    }
    chain.reverse();
    chain
}

/// Every plan's whole table, top first, as one JSON array, written matter by matter as
/// the table of a plan alone is (the same bytes as serde_json's pretty text of the array
/// of tables): a large parent's table is never held, as table or as text.
fn chain_json(loaded: &Loaded, output: Option<&std::path::Path>, lang: Lang) -> Outcome {
    let mut chain: Vec<(&Plan, &[quanze::check::MatterTable])> = Vec::new();
    let mut next = Some(loaded);
    while let Some(current) = next {
        chain.extend(current.compiled.clean_plan());
        next = current.parent.as_deref();
    }
    chain.reverse();
    write::deliver_streamed(output, lang, |out| {
        out.write_all(b"[")?;
        for (index, (plan, tables)) in chain.into_iter().enumerate() {
            out.write_all(if index == 0 { b"\n  " } else { b",\n  " })?;
            let mut rows = emit::JsonRows::at_depth(&mut *out, lang, 1);
            let mut failed = Ok(());
            Whole { plan, tables }.each(&mut |plan, tables| {
                if failed.is_ok() {
                    failed = rows.piece(plan, tables);
                }
            });
            failed?;
            rows.finish()?;
        }
        out.write_all(b"\n]\n")
    })
}

/// Refuses the flags that would change nothing in the format asked for, or that the
/// format cannot honour: each would otherwise be ignored at exit 0.
fn refuse_combination(args: &Args, format: Format, lang: Lang) -> Option<Outcome> {
    let refusal = if format == Format::Xlsx && args.output.is_none() {
        tr!(
            "错误：`--format xlsx` 须用 `-o 文件.xlsx` 指定输出文件",
            "error: `--format xlsx` needs an output file: `-o FILE.xlsx`"
        )
    } else if args.chain && format == Format::Dmn {
        tr!(
            "错误：`--chain` 不能输出 DMN：DMN 文件只容纳一个方案的决策表（每个事项一张），无法标明各行来自哪个方案；请用 `--format md`、`csv`、`json` 或 `xlsx`",
            "error: `--chain` cannot be written as DMN: a DMN file holds one plan's decision tables (one per matter) and cannot say which plan a row comes from; use `--format md`, `csv`, `json` or `xlsx`"
        )
    } else if args.source.is_some() && format != Format::Xlsx {
        tr!(
            "错误：`--source` 只用于 `--format xlsx`（工作簿的出处覆盖表）；其他格式不会用到它。原文的覆盖情况请用 `quanze coverage`",
            "error: `--source` goes with `--format xlsx` only (the workbook's coverage sheet); other formats would not use it. For the source's coverage use `quanze coverage`"
        )
    } else if args.no_bom && format != Format::Csv {
        tr!(
            "错误：`--no-bom` 只用于 `--format csv`；其他格式没有字节顺序标记",
            "error: `--no-bom` goes with `--format csv` only; other formats have no byte-order mark"
        )
    } else if args.source.is_some() && args.chain {
        tr!(
            "错误：`--chain` 与 `--source` 不能同时使用：原文只是本方案的，而链式工作簿包含上级方案的各行；出处覆盖请去掉 `--chain`",
            "error: `--chain` and `--source` do not go together: the source is this plan's alone, while the chained workbook holds the rows of the plans above it too; leave out `--chain` for the coverage sheet"
        )
    } else {
        return None;
    };
    eprintln!("{}", refusal.get(lang));
    Some(Outcome::Trouble)
}

/// A CSV text with the byte-order mark in front, when [`wants_bom`].
fn with_bom(csv: String, args: &Args) -> String {
    match wants_bom(args) {
        false => csv,
        true => format!("{BYTE_ORDER_MARK}{csv}"),
    }
}

/// Whether the CSV begins with the byte-order mark: for Excel, so unless `--no-bom` or
/// it is shown on a terminal, which is no spreadsheet (the mark there is a stray
/// invisible character a reader may copy). Redirected to a file (`> 表.csv`) it keeps it.
fn wants_bom(args: &Args) -> bool {
    use std::io::IsTerminal;
    let on_a_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    !args.no_bom && !on_a_terminal
}

fn deliver_text<E: std::fmt::Display>(rendered: Result<String, E>, args: &Args, lang: Lang) -> Outcome {
    match rendered {
        Ok(text) => deliver(args.output.as_deref(), &text, lang),
        Err(error) => {
            eprintln!("{error}");
            Outcome::Trouble
        }
    }
}

/// Writes the workbook; a plan whose content passes one of Excel's limits is E0033 (exit
/// 1), found before the workbook was made: nothing is written.
/// Writes the workbook `write` makes into the output file, committed only when it was
/// made whole and the plan read the same every time (`read_alike`): a refused workbook
/// (Excel's limits) or a failed one replaces nothing.
fn deliver_workbook(
    args: &Args,
    sources: &SourceSet,
    lang: Lang,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> Result<(), quanze::publish::workbook::Trouble>,
    read_alike: impl FnOnce() -> bool,
) -> Outcome {
    // Refused before anything was built when there is no output file (refuse_combination).
    let Some(path) = args.output.as_deref() else {
        return Outcome::Trouble;
    };
    let pending = match write::begin(path) {
        Ok(pending) => pending,
        Err(problem) => return write::failed(path, &problem, lang),
    };
    let mut out = std::io::BufWriter::new(pending.file());
    let made = write(&mut out);
    let flushed = std::io::Write::flush(&mut out);
    drop(out);
    match made {
        Ok(()) if !read_alike() => read_differently(&args.file.display().to_string(), lang),
        Ok(()) => match flushed.and_then(|()| pending.commit()) {
            Ok(()) => Outcome::Clean,
            Err(error) => write::failed(path, &write::Problem::Io(error), lang),
        },
        Err(quanze::publish::workbook::Trouble::Limit(limit)) => {
            let diagnostic = Diagnostic::new(Code::E0033, limit).note(tr!(
                "工作簿未生成，没有写入任何文件。请缩短过长的文字，或把方案拆成几个文件；CSV 和 JSON 没有这些限制（`--format csv`、`--format json`）",
                "no workbook was made and nothing was written. Shorten the text that is too long, or split the plan into several files; CSV and JSON have no such limits (`--format csv`, `--format json`)"
            ));
            print_diagnostics(sources, &[diagnostic], lang);
            Outcome::Findings
        }
        // Writing the file failed (a full disk): said as for every output.
        Err(quanze::publish::workbook::Trouble::Xlsx(rust_xlsxwriter::XlsxError::IoError(error))) => {
            write::failed(path, &write::Problem::Io(error), lang)
        }
        Err(quanze::publish::workbook::Trouble::Xlsx(error)) => {
            eprintln!("{error}");
            Outcome::Trouble
        }
    }
}

/// A table written a piece at a time as the plan is checked (`compile::stream`).
enum Rows<W: std::io::Write> {
    Csv(Box<CsvRows<W>>),
    Md(emit::MarkdownRows<W>),
    Json(emit::JsonRows<W>),
    Dmn(quanze::publish::dmn::DmnRows<W>),
}

impl<W: std::io::Write> Rows<W> {
    fn new(format: Format, mut out: W, bom: bool, lang: Lang) -> Option<Self> {
        match format {
            Format::Csv => {
                if bom {
                    out.write_all(BYTE_ORDER_MARK.as_bytes()).ok()?;
                }
                CsvRows::new(out, lang).ok().map(|rows| Rows::Csv(Box::new(rows)))
            }
            Format::Md => Some(Rows::Md(emit::MarkdownRows::new(out, lang))),
            Format::Json => Some(Rows::Json(emit::JsonRows::new(out, lang))),
            Format::Dmn => Some(Rows::Dmn(quanze::publish::dmn::DmnRows::new(out, lang))),
            Format::Xlsx => None,
        }
    }

    fn piece(&mut self, plan: &quanze::ir::Plan, tables: Option<&[quanze::check::MatterTable]>) -> std::io::Result<()> {
        match self {
            Rows::Csv(rows) => rows.piece(plan, tables).map_err(csv_io),
            Rows::Md(rows) => rows.piece(plan, tables),
            Rows::Json(rows) => rows.piece(plan, tables),
            Rows::Dmn(rows) => rows.piece(plan, tables),
        }
    }

    fn finish(self) -> std::io::Result<W> {
        match self {
            Rows::Csv(rows) => rows.finish().map_err(csv_io),
            Rows::Md(rows) => rows.finish(),
            Rows::Json(rows) => rows.finish(),
            Rows::Dmn(rows) => rows.finish(),
        }
    }
}

/// A CSV writer's error as the error of the write that failed, so that its reason is said
/// as every other output's ([`write::io_words`]); csv's own conversion hides it in `Other`.
fn csv_io(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        kind => std::io::Error::other(format!("{kind:?}")),
    }
}

/// The table of a plan (CSV, Markdown, JSON or DMN) written matter by matter as it is
/// checked, against its parent when it refines one, so that a plan of any size fits in
/// memory (`compile::stream`). `Err` with the plan loaded whole when it cannot be
/// streamed (an amendment, a plan with errors, …): nothing written here remains, and the
/// caller writes the table of what was loaded. Either path writes the same bytes
/// (`tests/streaming.rs`).
fn stream_table(
    args: &Args,
    format: Format,
    lang: Lang,
    sources: &mut SourceSet,
) -> Result<Outcome, Box<Result<Loaded, Box<Diagnostic>>>> {
    let workspace = args.base.workspace();
    let read = workspace
        .read_file(&args.file, sources.next_id())
        .map_err(|unreadable| Box::new(Err(unreadable)))?;
    // Every input is read before the output is begun, which refuses to replace one.
    let ready = match workspace
        .inputs_read(&args.file, read, sources)
        .map_err(|unreadable| Box::new(Err(unreadable)))?
    {
        Readied::Ready(ready) => ready,
        Readied::Loaded(loaded) => return Err(Box::new(Ok(*loaded))),
    };
    let mut whole = None;
    let written = write_table(args, format, lang, |pieces| {
        let streamed = ready.stream(&workspace, Streaming::AnyPlanAlone, sources, |plan, tables| {
            pieces.piece(plan, tables);
        });
        let streamed = match streamed {
            Streamable::Streamed(streamed) => streamed.0,
            Streamable::Loaded(loaded) => {
                whole = Some(Ok(*loaded));
                return Filled::Unstreamable;
            }
        };
        print_diagnostics(sources, &streamed.diagnostics, lang);
        if streamed.diagnostics.iter().any(|d| d.is_error()) {
            nothing_written(&args.file.display().to_string(), lang);
            return Filled::Stopped(Outcome::Findings);
        }
        Filled::Written
    });
    match written {
        Some(outcome) => Ok(outcome),
        // No table could be begun (no temporary file): the plan is loaded to be written whole.
        None => Err(Box::new(
            whole.unwrap_or_else(|| workspace.load_plan(&args.file, sources)),
        )),
    }
}

/// How filling a table with pieces went.
enum Filled {
    Written,
    /// Nothing is to be written, for this reason.
    Stopped(Outcome),
    /// The plan cannot be streamed: the caller compiles it whole.
    Unstreamable,
}

/// A table's pieces, and why the first that could not be written was not (a full disk).
struct Pieces<W: std::io::Write> {
    rows: Rows<W>,
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> Pieces<W> {
    fn piece(&mut self, plan: &quanze::ir::Plan, tables: Option<&[quanze::check::MatterTable]>) {
        if self.failed.is_none() {
            self.failed = self.rows.piece(plan, tables).err();
        }
    }
}

/// Writes the table that `fill` gives piece by piece, in `format` (not xlsx), to `-o`
/// (beside it, then renamed over it) or to the screen (through an anonymous temporary
/// file, so that nothing is printed for a plan that turns out to have errors). `None`
/// when `fill` finds the plan cannot be streamed: nothing written remains.
fn write_table(
    args: &Args,
    format: Format,
    lang: Lang,
    fill: impl for<'f> FnOnce(&mut Pieces<std::io::BufWriter<&'f std::fs::File>>) -> Filled,
) -> Option<Outcome> {
    let pending = match args.output.as_deref() {
        Some(path) => match write::begin(path) {
            Ok(pending) => Some(pending),
            Err(problem) => return Some(write::failed(path, &problem, lang)),
        },
        None => None,
    };
    let mut screen = match pending {
        Some(_) => None,
        None => Some(tempfile::tempfile().ok()?),
    };
    let written = {
        let out = pending.as_ref().map(write::Pending::file).or(screen.as_ref())?;
        let mut pieces = Pieces {
            rows: Rows::new(format, std::io::BufWriter::new(out), wants_bom(args), lang)?,
            failed: None,
        };
        match fill(&mut pieces) {
            Filled::Written => {}
            Filled::Stopped(outcome) => return Some(outcome),
            Filled::Unstreamable => return None,
        }
        let Pieces { rows, failed } = pieces;
        let finished = rows.finish().and_then(|mut out| std::io::Write::flush(&mut out));
        match failed {
            Some(error) => Err(error),
            None => finished,
        }
    };
    if let Err(error) = written {
        return Some(match args.output.as_deref() {
            Some(path) => write::failed(path, &write::Problem::Io(error), lang),
            None => screen_failed(&error, lang),
        });
    }
    Some(match (pending, args.output.as_deref(), screen.as_mut()) {
        (Some(pending), Some(path), _) => match pending.commit() {
            Ok(()) => Outcome::Clean,
            Err(error) => write::failed(path, &write::Problem::Io(error), lang),
        },
        (_, _, Some(screen)) => {
            let copied =
                std::io::Seek::rewind(screen).and_then(|()| std::io::copy(screen, &mut std::io::stdout().lock()));
            if copied.is_ok() {
                Outcome::Clean
            } else {
                Outcome::Trouble
            }
        }
        // A file to write and no destination, or neither: not made above.
        _ => Outcome::Trouble,
    })
}

/// A table for the screen is gathered in an anonymous temporary file first (so that a
/// plan with errors prints nothing): says why that failed.
fn screen_failed(error: &std::io::Error, lang: Lang) -> Outcome {
    let words = write::io_words(error);
    match lang {
        Lang::Zh => eprintln!("错误：无法为屏幕输出写入临时文件：{}", words.zh),
        Lang::En => eprintln!(
            "error: cannot write the table for the screen to a temporary file: {}",
            words.en
        ),
    }
    Outcome::Trouble
}
