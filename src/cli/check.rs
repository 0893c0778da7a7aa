//! `quanze check FILE...`: report every problem of each plan.

use std::path::PathBuf;

use quanze::diagnostic::{Diagnostic, Severity};
use quanze::render::{self, SourceSet};
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, Streamable, print_diagnostics};

#[derive(clap::Args)]
pub struct Args {
    /// 要检查的方案文件（.qz）/ plan files to check
    #[arg(required = true)]
    files: Vec<PathBuf>,

    /// 有警告也视为未通过（退出码 1）/ fail (exit 1) on warnings too
    #[arg(long)]
    deny_warnings: bool,

    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    #[command(flatten)]
    base: BaseOptions,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// 供人阅读 / for people
    Human,
    /// 每条诊断一个 JSON 对象（数组）/ a JSON array, one object per diagnostic
    Json,
    /// SARIF 2.1.0，供代码评审系统逐行显示 / SARIF 2.1.0, for code-review systems
    Sarif,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    let mut sources = SourceSet::default();
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut trouble = false;
    let mut summaries: Vec<String> = Vec::new();
    let workspace = args.base.workspace();
    for path in &args.files {
        // Read once: streamed when it can be (against its parent when it refines one),
        // else loaded whole from what was read.
        let loaded = match workspace.read_file(path, sources.next_id()) {
            Ok(read) => match workspace.stream_or_load(path, read, &mut sources, |_, _| {}) {
                Ok(Streamable::Streamed(streamed)) => {
                    let (streamed, replay) = *streamed;
                    if !streamed.diagnostics.iter().any(Diagnostic::is_error) {
                        summaries.push(summary(
                            &path.display().to_string(),
                            streamed.matters,
                            streamed.rules,
                            replay.amended().is_some(),
                            lang,
                        ));
                    }
                    all.extend(streamed.diagnostics);
                    continue;
                }
                Ok(Streamable::Loaded(loaded)) => Ok(*loaded),
                Err(diagnostic) => Err(diagnostic),
            },
            Err(unreadable) => Err(unreadable),
        };
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(diagnostic) => {
                trouble = true;
                all.push(*diagnostic);
                continue;
            }
        };
        let name = &loaded.name;
        if let Some((plan, _)) = loaded.compiled.clean_plan() {
            let rules: usize = plan.matters.iter().map(|m| m.rules.len()).sum();
            let matters = plan.matters.len();
            summaries.push(summary(name, matters, rules, loaded.amendment.is_some(), lang));
        }
        // A gap or conflict in a matter the first check did not reach (a name elsewhere
        // did not resolve) is found by checking the matters without an error again, as
        // the report does: a drafter mends every error in one round (issue 19).
        let found = loaded.publishable(&sources).map(|p| p.found).unwrap_or_default();
        let mut these = loaded.compiled.diagnostics;
        if !found.is_empty() {
            these.extend(found);
            these.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
        }
        all.extend(these);
    }

    let errors = all.iter().filter(|d| d.severity() == Severity::Error).count();
    let warnings = all.len() - errors;
    match args.format {
        // Written diagnostic by diagnostic: a plan with many findings would otherwise hold
        // them all a second time, as JSON values (issue 14).
        Format::Json => trouble |= !write_out(|out| render::write_json_diagnostics(out, &sources, &all, lang)),
        Format::Sarif => trouble |= !write_out(|out| quanze::publish::sarif::write_sarif(out, &sources, &all, lang)),
        Format::Human => {
            print_diagnostics(&sources, &all, lang);
            for summary in &summaries {
                trouble |= !super::say(&format!("{summary}\n"));
            }
            if errors + warnings > 0 {
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("共 {errors} 个错误、{warnings} 个警告"),
                        Lang::En => format!("{errors} error(s), {warnings} warning(s)"),
                    }
                );
            }
        }
    }
    if trouble {
        Outcome::Trouble
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn summary(name: &str, matters: usize, rules: usize, amended: bool, lang: Lang) -> String {
    // `1 matter, 1 rule`: English counts in the singular for one.
    let counted = |count: usize, word: &str| match count {
        1 => format!("1 {word}"),
        _ => format!("{count} {word}s"),
    };
    let (matters_en, rules_en) = (counted(matters, "matter"), counted(rules, "rule"));
    match (lang, amended) {
        (Lang::Zh, false) => format!("{name}：{matters} 个事项、{rules} 条条款，无缺口、无冲突"),
        (Lang::Zh, true) => format!("{name}：修正后的方案 {matters} 个事项、{rules} 条条款，无缺口、无冲突"),
        (Lang::En, false) => format!("{name}: {matters_en}, {rules_en}: no gaps, no conflicts"),
        (Lang::En, true) => {
            format!("{name}: the amended plan has {matters_en}, {rules_en}: no gaps, no conflicts")
        }
    }
}

/// Writes to standard output through `write`, as [`super::say`] does: a reader that went
/// away is no error of ours; any other failure is reported, and `false` returned.
fn write_out(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> bool {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| std::io::Write::flush(&mut out)) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(error) => {
            eprintln!("error: standard output: {error}");
            false
        }
    }
}
