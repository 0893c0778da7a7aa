//! Reading plans and amendments for the command: the workspace over the real file system
//! (the loading itself is the library's, `quanze::workspace`), with what the command says
//! about it on stderr.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use quanze::diagnostic::Diagnostic;
use quanze::render::{self, SourceSet};
use quanze::span::FileId;
use quanze::text::Lang;
use quanze::workspace::{Resolving, Workspace};

pub use quanze::workspace::{Held, Loaded, Readied, Replay, Streamable, Streaming};

use super::real_files::RealFiles;

/// Where an amendment's base is found, shared by every subcommand that reads plans.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct BaseOptions {
    /// 修正案所修正的方案文件（默认按修正案文件头寻找）/ the plan an amendment amends (default: as its header says)
    #[arg(long, value_name = "FILE")]
    pub base: Option<PathBuf>,

    /// 项目目录：修正案引用的文件不得超出此目录（默认为修正案所在目录）/ project folder that files an amendment refers to must stay in (default: the amendment's folder)
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

impl BaseOptions {
    /// The workspace of the real file system, resolving references as these options say.
    pub fn workspace(&self) -> Workspace {
        let resolving = Resolving {
            base: self.base.clone(),
            root: self.root.clone(),
        };
        Workspace::new(RealFiles, resolving)
    }
}

/// Loads a plan for a command that needs it free of errors (`table`, `query`,
/// `consolidate`…): prints its diagnostics, and says so when it has errors. `Err` is the
/// exit status to end with.
pub fn load_clean(
    path: &Path,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Loaded, super::Outcome> {
    let loaded = load_plan(path, options, sources);
    clean(loaded, sources, lang)
}

/// What [`load_clean`] does with a plan once loaded.
pub fn clean(
    loaded: Result<Loaded, Box<Diagnostic>>,
    sources: &SourceSet,
    lang: Lang,
) -> Result<Loaded, super::Outcome> {
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(diagnostic) => {
            print_diagnostics(sources, &[*diagnostic], lang);
            return Err(super::Outcome::Trouble);
        }
    };
    print_diagnostics(sources, &loaded.compiled.diagnostics, lang);
    if loaded.compiled.clean_plan().is_none() {
        nothing_written(&loaded.name, lang);
        return Err(super::Outcome::Findings);
    }
    Ok(loaded)
}

/// Says that the plan `name` has errors, so nothing was written.
pub fn nothing_written(name: &str, lang: Lang) {
    match lang {
        Lang::Zh => eprintln!("`{name}` 有错误，未生成结果"),
        Lang::En => eprintln!("`{name}` has errors: nothing was written"),
    }
}

/// Says that a large plan, read again part by part, did not read as it did the first
/// time (never expected: the same text, the same parent), so nothing was written.
pub fn read_differently(name: &str, lang: Lang) -> super::Outcome {
    let text = read_differently_text(name, lang);
    match lang {
        Lang::Zh => eprintln!("错误：{text}"),
        Lang::En => eprintln!("error: {text}"),
    }
    super::Outcome::Trouble
}

/// What [`read_differently`] says.
pub fn read_differently_text(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("再次读取 `{name}` 时结果与第一次不同，未生成结果；请重试，若仍如此请报告此问题"),
        Lang::En => format!(
            "`{name}` did not read the same the second time: nothing was written; try again, and report it if it happens again"
        ),
    }
}

/// The path of `file` as a plan written to `output` names it: relative to the folder the
/// plan is written to (the current folder for standard output), with `/` on every
/// system. `None` when it is not Unicode: a lossy spelling would name another file.
pub fn relative_to_output(file: &Path, output: Option<&Path>) -> Option<String> {
    let folder = match output.and_then(Path::parent) {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let relative = pathdiff::diff_paths(absolute(file), absolute(&folder)).unwrap_or_else(|| absolute(file));
    // The root of an absolute path (no relative one exists) joins as the leading `/`.
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| match c {
            std::path::Component::RootDir => Some(""),
            other => other.as_os_str().to_str(),
        })
        .collect();
    Some(parts?.join("/"))
}

/// Says that `file` cannot be named in a plan's text (see [`relative_to_output`]).
pub fn unwritable_path(file: &Path, lang: Lang) {
    let shown = file.display();
    match lang {
        Lang::Zh => eprintln!("错误：无法在方案文本中写出路径 `{shown}`（须是 Unicode，且不含引号）"),
        Lang::En => eprintln!(
            "error: the path `{shown}` cannot be written in a plan's text (it must be Unicode, without quotes)"
        ),
    }
}

/// Reads a plan or an amendment into `sources` and compiles it
/// ([`Workspace::load_plan`]).
pub fn load_plan(path: &Path, options: &BaseOptions, sources: &mut SourceSet) -> Result<Loaded, Box<Diagnostic>> {
    options.workspace().load_plan(path, sources)
}

/// A plan as the commands that read it several times take it
/// ([`Workspace::load_parts`]); when it cannot be read, the diagnostic is shown and the
/// exit status given.
pub fn load_parts(
    path: &Path,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Held, super::Outcome> {
    options.workspace().load_parts(path, sources).map_err(|diagnostic| {
        print_diagnostics(sources, &[*diagnostic], lang);
        super::Outcome::Trouble
    })
}

/// [`load_parts`] for an output made only from a plan without errors (the workbook, the
/// coverage): its diagnostics shown, and when one is an error, that nothing was written.
pub fn load_clean_parts(
    path: &Path,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Held, super::Outcome> {
    let held = load_parts(path, options, sources, lang)?;
    print_diagnostics(sources, held.diagnostics(), lang);
    if held.has_errors() {
        nothing_written(&path.display().to_string(), lang);
        return Err(super::Outcome::Findings);
    }
    Ok(held)
}

/// A source text (`--source`) read into `sources`; when it cannot be read or is not
/// UTF-8, the diagnostic is shown and the exit status given.
pub fn read_source(path: &Path, sources: &mut SourceSet, lang: Lang) -> Result<FileId, super::Outcome> {
    let diagnostic = match BaseOptions::default().workspace().read_into(path, sources) {
        Ok((file, _, None)) => return Ok(file),
        Ok((_, _, Some(diagnostic))) => diagnostic,
        Err(diagnostic) => *diagnostic,
    };
    print_diagnostics(sources, &[diagnostic], lang);
    Err(super::Outcome::Trouble)
}

/// Diagnostics for people, on stderr: coloured on a terminal, plain otherwise.
pub fn print_diagnostics(sources: &SourceSet, diagnostics: &[Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        return;
    }
    if std::io::stderr().is_terminal() {
        use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
        let stream = StandardStream::stderr(ColorChoice::Auto);
        render::render_styled(&mut stream.lock(), sources, diagnostics, lang);
    } else {
        // One at a time: the text of many findings is not held whole (issue 14).
        for diagnostic in diagnostics {
            eprint!(
                "{}",
                render::render_plain(sources, std::slice::from_ref(diagnostic), lang)
            );
        }
    }
}
