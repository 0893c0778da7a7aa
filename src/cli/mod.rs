//! Command-line interface: one file per subcommand.
//!
//! Exit codes: 0 clean, 1 findings (errors, or warnings with `--deny-warnings`), 2 usage
//! or I/O problems (clap's own usage errors also exit 2).

mod check;
mod consolidate;
mod coverage;
mod diff;
mod draft;
mod explain;
mod files;
mod fmt;
mod help;
mod lsp;
mod on;
mod output;
mod query;
mod read;
mod real_files;
mod report;
mod scaffold;
mod serve;
mod table;
mod usage;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quanze::text::{Lang, Text};

#[derive(Parser)]
#[command(
    name = "quanze",
    version,
    about = "权责 — 财政事权和支出责任划分方案的编译器 / compiler for fiscal power and spending responsibility plans",
    long_about = "检查方案是否完整、无冲突，并生成决策表。 / Checks that a plan decides every case exactly once, and emits its decision table."
)]
struct Cli {
    /// 消息和表头的语言 / language of messages and table headers
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: Language,

    #[command(subcommand)]
    command: Command,
}

/// The library's [`Lang`] as the command line names it: the library knows no argument
/// parser.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Language {
    /// 中文 / Chinese
    Zh,
    /// 英文 / English
    En,
}

impl From<Language> for Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::Zh => Lang::Zh,
            Language::En => Lang::En,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// 检查方案：缺口、冲突、名称错误等 / check plans for gaps, conflicts and errors
    Check(check::Args),
    /// 生成决策表 / emit the decision table of a plan
    Table(table::Args),
    /// 两个版本之间决定的变化（方案对方案，或方案对修正案）/ what changes between two plans, or a plan and its amendment
    Diff(diff::Args),
    /// 查询某一情形由谁负责、依据哪条条款 / who holds the power and who pays for one case, and why
    Query(query::Args),
    /// 生成修正后的方案合并文本 / write the amended plan as one source file
    Consolidate(consolidate::Args),
    /// 生成独立的 HTML 报告（责任矩阵、决策表、诊断）/ a self-contained HTML report: matrix, table, diagnostics
    Report(report::Args),
    /// 原文中哪些段落、句子没有条款引用，哪些出处无效 / which paragraphs and sentences of the source no rule cites
    Coverage(coverage::Args),
    /// 为细化某一层级的下级方案生成草稿 / write the skeleton of a plan that divides one of the parent's levels
    Scaffold(scaffold::Args),
    /// 从原文生成方案草稿（逐条引用原文）/ draft a plan from the official text, each matter quoting it
    Draft(draft::Args),
    /// 编辑器的语言服务器（标准输入输出上的 LSP）/ the language server for editors (LSP on stdio)
    Lsp(lsp::Args),
    /// 在浏览器中编辑方案的本地工作台（原文、方案、结果三栏）/ the local workbench: edit a plan in the browser beside its official text and results
    Serve(serve::Args),
    /// 排版方案文件（缩进、对齐、标点；保留注释）/ lay plans out canonically (indent, columns, marks; comments kept)
    Fmt(fmt::Args),
    /// 解释诊断代码 / explain a diagnostic code, e.g. `quanze explain E0008`
    Explain(explain::Args),
}

/// Refuses a question quanze cannot answer as asked (exit 2): why, and what to do.
pub fn refuse(reason: &Text, note: Option<&Text>, lang: Lang) -> Outcome {
    let prefix = match lang {
        Lang::Zh => "错误：",
        Lang::En => "error: ",
    };
    eprintln!("{prefix}{}", reason.get(lang));
    if let Some(note) = note {
        eprintln!("  = {}", note.get(lang));
    }
    Outcome::Trouble
}

/// Writes to standard output. A reader that went away (`quanze … | head`) is not an
/// error of ours: the rest is dropped instead of panicking as `print!` would. Any other
/// failure (a full disk behind a redirection) is reported, and `false` returned.
///
/// On a terminal, control and invisible characters are shown escaped (`␛`, `\u{202e}`):
/// a plan's comment copied into a consolidated text, or a source text's sentence in a
/// coverage report, could otherwise send the terminal an escape sequence. Redirected,
/// the output is the data as it is (a CSV, a plan), byte for byte.
pub fn say(text: &str) -> bool {
    use std::io::{IsTerminal, Write};
    let mut out = std::io::stdout().lock();
    let text = match out.is_terminal() {
        true => quanze::unicode::escape_for_terminal(text),
        false => std::borrow::Cow::Borrowed(text),
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(error) => {
            eprintln!("error: standard output: {error}");
            false
        }
    }
}

/// How a run ended.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Outcome {
    Clean = 0,
    Findings = 1,
    Trouble = 2,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(outcome as u8)
    }
}

pub fn run() -> ExitCode {
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&arguments) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, &arguments),
    };
    let lang = Lang::from(cli.lang);
    let outcome = match cli.command {
        Command::Check(args) => check::run(&args, lang),
        Command::Fmt(args) => fmt::run(&args, lang),
        Command::Table(args) => table::run(&args, lang),
        Command::Diff(args) => diff::run(&args, lang),
        Command::Query(args) => query::run(&args, lang),
        Command::Consolidate(args) => consolidate::run(&args, lang),
        Command::Scaffold(args) => scaffold::run(&args, lang),
        Command::Draft(args) => draft::run(&args, lang),
        Command::Lsp(args) => lsp::run(&args, lang),
        Command::Serve(args) => serve::run(&args, lang),
        Command::Coverage(args) => coverage::run(&args, lang),
        Command::Report(args) => report::run(&args, lang),
        Command::Explain(args) => explain::run(&args, lang),
    };
    outcome.into()
}

/// A command line that does not parse: said in Chinese unless English was asked for
/// (clap's own words then), exit 2; help and the version as clap prints them, in the
/// language asked for. The line is read again by the command with its help in that
/// language (only then: a command line that parses never pays for it).
fn usage_error(error: &clap::Error, arguments: &[std::ffi::OsString]) -> ExitCode {
    use clap::CommandFactory;
    let english = usage::asked_english(arguments);
    let again = help::in_language(Cli::command(), english)
        .try_get_matches_from(arguments)
        .err();
    let mut again = again;
    if let Some(again) = again.as_mut() {
        usage::suggest_command(again, &Cli::command());
    }
    let error = again.as_ref().unwrap_or(error);
    if error.kind() == clap::error::ErrorKind::MissingSubcommand {
        // `quanze --lang en` alone asks what bare `quanze` asks: the help, in the
        // language given (before, clap's bare "requires a subcommand").
        let mut command = help::in_language(Cli::command(), english);
        eprintln!("{}", command.render_help());
        return ExitCode::from(Outcome::Trouble as u8);
    }
    let chinese = (!english).then(|| usage::in_chinese(error)).flatten();
    match chinese {
        Some(message) => {
            eprintln!("{message}");
            ExitCode::from(Outcome::Trouble as u8)
        }
        None => {
            // Help and the version go to stdout (exit 0); an error to stderr (exit 2).
            let printed = error.print();
            match (printed, error.use_stderr()) {
                (Ok(()), false) => ExitCode::SUCCESS,
                _ => ExitCode::from(Outcome::Trouble as u8),
            }
        }
    }
}
