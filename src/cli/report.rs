//! `quanze report FILE -o report.html`: the self-contained HTML report of a plan.

use std::path::PathBuf;

use quanze::html::{Report, ShownDiagnostic, write_html};
use quanze::report::{SourceSet, render_plain};
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_plan, print_diagnostics};
use super::output::{Kind, choose};
use super::write::deliver_streamed;

#[derive(clap::Args)]
pub struct Args {
    /// 方案或修正案文件（.qz）/ the plan or amendment
    file: PathBuf,

    /// 写入此文件（默认输出到屏幕）/ write to this file instead of standard output
    #[arg(short, long)]
    output: Option<PathBuf>,

    #[command(flatten)]
    base: BaseOptions,
}

/// The one format this command writes, and the extensions that name it.
const KINDS: [Kind<()>; 1] = [Kind {
    format: (),
    name: "html",
    what: "HTML",
    extensions: &["html", "htm"],
    plain_text: false,
}];

pub fn run(args: &Args, lang: Lang) -> Outcome {
    if let Err(outcome) = choose(&KINDS, None, (), args.output.as_deref(), lang) {
        return outcome;
    }
    let mut sources = SourceSet::default();
    let loaded = match load_plan(&args.file, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(diagnostic) => {
            print_diagnostics(&sources, &[*diagnostic], lang);
            return Outcome::Trouble;
        }
    };
    let compiled = &loaded.compiled;
    let title = compiled
        .plan
        .as_ref()
        .map_or_else(|| loaded.name.clone(), |plan| plan.header.title.clone());
    let diagnostics = compiled
        .diagnostics
        .iter()
        .map(|d| ShownDiagnostic {
            error: d.is_error(),
            zh: render_plain(&sources, std::slice::from_ref(d), Lang::Zh),
            en: render_plain(&sources, std::slice::from_ref(d), Lang::En),
        })
        .collect();
    let report = Report {
        title,
        plan: compiled.clean_plan(),
        lang,
        diagnostics,
    };
    // The report is written even for a plan with errors: it shows them. The exit status
    // still says so.
    let written = deliver_streamed(args.output.as_deref(), lang, |out| write_html(out, &report));
    if written == Outcome::Clean && compiled.has_errors() {
        Outcome::Findings
    } else {
        written
    }
}
