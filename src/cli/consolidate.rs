//! `quanze consolidate AMENDMENT`: the amended plan as one `.qz` source, with the base's
//! comments and citations, written only when the amended plan checks without errors.
//!
//! When the base refines another plan, the consolidated text names the parent's file
//! relative to where it is written (the current folder for standard output), so that it
//! finds the same parent there: the base's `细化` path is relative to the base's folder.

use std::path::{Path, PathBuf};

use quanze::chain::repoint::with_parent_path;
use quanze::render::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_clean_parts, relative_to_output, unwritable_path};
use super::output::{PLAN_TEXT, choose};
use super::write::deliver;

#[derive(clap::Args)]
pub struct Args {
    /// 修正案文件（.qz）/ the amendment
    file: PathBuf,

    /// 写入此文件（默认输出到屏幕）；`细化` 中上级方案的文件改写为相对于此文件所在目录（输出到屏幕时相对于当前目录）/ write to this file instead of standard output; the parent's file in `refines` is rewritten relative to this file's folder (to the current folder for standard output)
    #[arg(short, long)]
    output: Option<PathBuf>,

    #[command(flatten)]
    base: BaseOptions,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    if let Err(outcome) = choose(&PLAN_TEXT, None, (), args.output.as_deref(), lang) {
        return outcome;
    }
    let mut sources = SourceSet::default();
    // A large amended plan is checked as it streams, never held whole (issue 14).
    let held = match load_clean_parts(&args.file, &args.base, &mut sources, lang) {
        Ok(held) => held,
        Err(outcome) => return outcome,
    };
    let Some(text) = held.consolidated() else {
        let name = args.file.display();
        match lang {
            Lang::Zh => eprintln!("错误：`{name}` 不是修正案（文件应以 `修正案 \"标题\" {{ … }}` 开头）"),
            Lang::En => {
                eprintln!("error: `{name}` is not an amendment (it should open with `amendment \"title\" {{ … }}`)")
            }
        }
        return Outcome::Trouble;
    };
    let output = args.output.as_deref();
    let Some(parent) = held.parent() else {
        return deliver(output, text, lang);
    };
    let Some((text, path)) = relative_to_output(&parent.path, output)
        .and_then(|path| with_parent_path(text, &path).map(|text| (text, path)))
    else {
        unwritable_path(&parent.path, lang);
        return Outcome::Trouble;
    };
    let outcome = deliver(output, &text, lang);
    if outcome == Outcome::Clean && (path.starts_with("../") || path.starts_with('/')) {
        outside_hint(&path, &project_folder(&parent.path, output), lang);
    }
    outcome
}

/// The parent lies outside the consolidated plan's folder, which is its project folder
/// by default: checking it needs a wider `--root` (E0023 says so too).
fn outside_hint(path: &str, root: &str, lang: Lang) {
    match lang {
        Lang::Zh => eprintln!("提示：合并文本的上级方案 `{path}` 在其所在目录之外；检查它时请加 `--root {root}`"),
        Lang::En => eprintln!(
            "hint: the consolidated plan's parent `{path}` lies outside its folder; check it with `--root {root}`"
        ),
    }
}

/// The nearest folder holding both the parent and the output, as the current folder
/// names it.
fn project_folder(parent: &Path, output: Option<&Path>) -> String {
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let folder = match output.and_then(Path::parent) {
        Some(folder) if !folder.as_os_str().is_empty() => absolute(folder),
        _ => absolute(Path::new(".")),
    };
    let parent = absolute(parent);
    let common: PathBuf = parent
        .components()
        .zip(folder.components())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    let shown = pathdiff::diff_paths(&common, absolute(Path::new("."))).unwrap_or(common);
    if shown.as_os_str().is_empty() {
        ".".to_string()
    } else {
        shown.display().to_string()
    }
}
