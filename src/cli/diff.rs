//! `quanze diff OLD NEW`: what changes between two plans, or between a plan and an
//! amendment of it — decision by decision, not line by line.

use std::path::PathBuf;

use quanze::diff;
use quanze::render::SourceSet;
use quanze::text::Lang;

use super::files::{BaseOptions, load_clean_parts, read_differently, read_differently_text};
use super::output::{Kind, choose};
use super::write::deliver_streamed;
use super::{Outcome, refuse};

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

    /// 有变化时退出码为 1，没有变化为 0（同 `git diff --exit-code`），供脚本判断 / exit 1 when something changed and 0 when nothing did (as `git diff --exit-code`), for scripts
    #[arg(long)]
    exit_code: bool,

    /// 把原方案的名称读作新方案的名称：旧=新，可重复；层级、维度、取值、事项都适用 / read a name of the old plan as the new plan's: OLD=NEW, repeatable; for levels, dimensions, values and matters
    #[arg(long = "map", value_name = "OLD=NEW", value_parser = parse_pair)]
    map: Vec<(String, String)>,

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

/// `旧=新` (or `旧＝新`), each side a name, compared in NFKC as the plans' names are.
fn parse_pair(text: &str) -> Result<(String, String), String> {
    use unicode_normalization::UnicodeNormalization;
    match text.split_once('=').or_else(|| text.split_once('＝')) {
        Some((old, new)) if !old.trim().is_empty() && !new.trim().is_empty() => {
            Ok((old.trim().nfkc().collect(), new.trim().nfkc().collect()))
        }
        _ => Err(format!(
            "写作 旧名=新名 / write it as OLD=NEW, e.g. 盟市=地市 (got `{text}`)"
        )),
    }
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    let format = match choose(&KINDS, args.format, Format::Md, args.output.as_deref(), lang) {
        Ok(format) => format,
        Err(outcome) => return outcome,
    };
    let mut sources = SourceSet::default();
    // Each plan is read part by part when it is large (issue 14): only the old plan's rows
    // of the matters both have are held, and the report's changed matters as text.
    let old = match load_clean_parts(&args.old, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    let new = match load_clean_parts(&args.new, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    let (Some((old_plan, old_parts)), Some((new_plan, new_parts))) = (old.clean(&sources), new.clean(&sources)) else {
        return Outcome::Findings;
    };
    if let Some(reason) = diff::not_versions(old_plan, new_plan) {
        return refuse(&reason, None, lang);
    }
    let format = match format {
        Format::Md => diff::Format::Markdown,
        Format::Json => diff::Format::Json,
    };
    let map = match diff::NameMap::new(&args.map) {
        Ok(map) => map,
        Err(reason) => return refuse(&reason, None, lang),
    };
    let old_version = diff::Version::of_parts(old_plan, &old_parts, lang);
    let new_version = diff::Version::of_parts(new_plan, &new_parts, lang);
    // A name of the map that neither plan has is a slip: comparing anyway would silently
    // map nothing.
    if let Some(reason) = map.unknown_names(&old_version, &new_version) {
        return refuse(&reason, None, lang);
    }
    let old_version = old_version.mapped(map);
    let compared = diff::compare_written(&old_version, &new_version, new.renames(), lang, format);
    let read_alike = || {
        [(&old_parts, &args.old), (&new_parts, &args.new)]
            .into_iter()
            .find(|(parts, _)| parts.failed())
            .map_or(Ok(()), |(_, path)| Err(path.display().to_string()))
    };
    if let Err(name) = read_alike() {
        return read_differently(&name, lang);
    }
    // Both plans are sound; the question is one quanze cannot answer whole (exit 2, as
    // `query` refuses an incomplete question), and a partial report would mislead.
    let mut written = match compared {
        Ok(written) => written,
        Err(refusal) => return refuse(&refusal.message(), Some(&refusal.note()), lang),
    };
    written.report.old.amended_by = old.amendment().map(str::to_string);
    written.report.new.amended_by = new.amendment().map(str::to_string);
    let changed = written.changes_anything();
    // The changed matters are compared again as they are written: a plan that reads
    // differently now (never expected) leaves no output file.
    let outcome = deliver_streamed(args.output.as_deref(), lang, |out| {
        written.write(out)?;
        read_alike().map_err(|name| std::io::Error::other(read_differently_text(&name, lang)))
    });
    match outcome {
        Outcome::Clean if args.exit_code && changed => Outcome::Findings,
        other => other,
    }
}
