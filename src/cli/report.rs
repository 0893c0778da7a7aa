//! `quanze report FILE -o report.html`: the self-contained HTML report of a plan.

use std::path::PathBuf;

use quanze::compile::{Parts, Whole};
use quanze::diagnostic::Diagnostic;
use quanze::publish::html::{Report, ShownDiagnostic, Withheld, write_html};
use quanze::render::{SourceSet, render_plain};
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_parts, read_differently_text};
use super::output::{Kind, choose};
use super::write::deliver_streamed;

#[derive(clap::Args)]
pub struct Args {
    /// 方案或修正案文件（.qz）/ the plan or amendment
    file: PathBuf,

    /// 写入此文件（默认输出到屏幕）/ write to this file instead of standard output
    #[arg(short, long)]
    output: Option<PathBuf>,

    /// 在页上注明生成日期（如 2026-12-03）；默认不注明，同一方案每次生成的报告完全相同
    /// / the date the page says it was made (e.g. 2026-12-03); without it the page has no
    /// date, and the same plan gives the same page byte for byte
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,

    #[command(flatten)]
    base: BaseOptions,
}

/// The day asked for, as a page writes it: quanze does not read the clock, so the date on
/// a page is always the one asked for.
fn date(asked: Option<&str>, lang: Lang) -> Result<Option<String>, Outcome> {
    asked
        .map(|text| super::on::day("--date", text, lang).map(|day| day.to_string()))
        .transpose()
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
    let date = match date(args.date.as_deref(), lang) {
        Ok(date) => date,
        Err(outcome) => return outcome,
    };
    let mut sources = SourceSet::default();
    // A large plan is streamed to check it, then read again part by part as the page is
    // written: never held whole.
    let held = match load_parts(&args.file, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    let name = args.file.display().to_string();
    let clean = held.clean(&sources);
    // A plan with errors: its matters without one, when they can be shown surely right.
    let publishable = held.publishable(&sources);
    let title = held
        .title()
        .or(publishable.as_ref().map(|p| p.plan.header.title.as_str()))
        .map_or_else(|| name.clone(), str::to_string);
    // Every error, with those found only by checking the matters again, in the order of
    // their place.
    let mut all: Vec<&Diagnostic> = held.diagnostics().iter().collect();
    all.extend(publishable.iter().flat_map(|p| &p.found));
    all.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    let diagnostics = all
        .into_iter()
        .map(|d| ShownDiagnostic {
            error: d.is_error(),
            zh: render_plain(&sources, std::slice::from_ref(d), Lang::Zh),
            en: render_plain(&sources, std::slice::from_ref(d), Lang::En),
        })
        .collect();
    let settled = publishable.as_ref().map(|p| Whole {
        plan: &p.plan,
        tables: &p.tables,
    });
    let shown = match (&clean, &settled) {
        (Some((plan, parts)), _) => Some((*plan, parts as &dyn Parts)),
        (None, Some(whole)) => Some((whole.plan, whole as &dyn Parts)),
        (None, None) => None,
    };
    let report = Report {
        title,
        plan: shown,
        lang,
        diagnostics,
        file: name.clone(),
        date,
        withheld: publishable.as_ref().map(|p| Withheld {
            matters: p.withheld.clone(),
            unread: p.unread,
        }),
    };
    // The report is written even for a plan with errors: it shows them. The exit status
    // still says so.
    let written = deliver_streamed(args.output.as_deref(), lang, |out| {
        write_html(out, &report)?;
        if clean.as_ref().is_some_and(|(_, parts)| parts.failed()) {
            // Not committed: nothing half-made replaces an earlier report.
            return Err(std::io::Error::other(read_differently_text(&name, lang)));
        }
        Ok(())
    });
    if written == Outcome::Clean && held.has_errors() {
        Outcome::Findings
    } else {
        written
    }
}
