//! Reading plans and amendments, finding an amendment's base, writing outputs.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use quanze::amend::{self, BaseReference};
use quanze::ast::{Document, HeaderField, Item};
use quanze::chain;
use quanze::check::MatterTable;
use quanze::compile::{
    Applied, COMPILED_BY_PARTS, Compiled, Parts, Streamed, Whole, compile_consolidated, compile_large,
    compile_refinement, consolidate_checked, first_item, stream, stream_consolidated, with_syntax_errors,
};
use quanze::diagnostic::Diagnostic;
use quanze::ir::Plan;
use quanze::render::{self, SourceSet};
use quanze::source::{self, SourceFile};
use quanze::span::{FileId, Span};
use quanze::syntax;
use quanze::text::{Lang, Text};

use super::folder;
use super::read::{Refusal, read_input};

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

/// A plan read and compiled: a plan file as it is, an amendment as the consolidated
/// plan.
pub struct Loaded {
    pub name: String,
    /// The file read: the path given, or the one a header led to.
    pub path: PathBuf,
    pub compiled: Compiled,
    /// The consolidated plan's text, when the file is an amendment that could be applied.
    pub consolidated: Option<String>,
    /// Matters the amendment renamed, old name → new name.
    pub renames: Vec<(String, String)>,
    /// The amendment's 文号 (or title), when the file is an amendment.
    pub amendment: Option<String>,
    /// The plan this one refines (`细化`), loaded and checked, when it has one.
    pub parent: Option<Box<Loaded>>,
}

impl Loaded {
    /// A plan or file compiled on its own: no parent, not an amendment (the others start
    /// from it).
    fn alone(name: &str, path: &Path, compiled: Compiled) -> Self {
        Loaded {
            name: name.to_string(),
            path: path.to_path_buf(),
            compiled,
            consolidated: None,
            renames: Vec::new(),
            amendment: None,
            parent: None,
        }
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
    let loaded = load_plan(path, options, sources, lang);
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

/// The file id the consolidated text of an amendment is compiled under. Every label
/// pointing into it is moved to the drafter's files before anything is shown.
const CONSOLIDATED: FileId = usize::MAX;

/// Reads a plan or an amendment into `sources` and compiles it. A file that cannot be
/// read, or is too large to read, is a diagnostic without a place (E0019, E0018); bytes
/// that are not UTF-8 stop the file at E0017.
pub fn load_plan(
    path: &Path,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Loaded, Box<Diagnostic>> {
    let name = path.display().to_string();
    load_in_chain(path, &name, None, options, sources, lang, &mut Vec::new())
}

/// [`load_plan`] of a file already read by [`load`] as the next source of `sources`
/// (`check` reads a plan once, for streaming and then, if it cannot stream, for this).
fn load_read_plan(
    path: &Path,
    read: (SourceFile, Option<Diagnostic>),
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Loaded, Box<Diagnostic>> {
    let name = path.display().to_string();
    load_in_chain(path, &name, Some(read), options, sources, lang, &mut Vec::new())
}

/// [`load_plan`], for a plan reached through the `细化` of the plans in `chain` (their
/// canonical paths, the child first): a plan already there closes a circle. `name` is
/// how the file is named in messages.
#[allow(clippy::too_many_arguments)]
fn load_in_chain(
    path: &Path,
    name: &str,
    read: Option<(SourceFile, Option<Diagnostic>)>,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Result<Loaded, Box<Diagnostic>> {
    let (file, decode_error) = match read {
        Some((source, decode_error)) => (sources.add(source), decode_error),
        None => read_named(path, name, sources)?,
    };
    if let Some(diagnostic) = decode_error {
        return Ok(Loaded::alone(name, path, Compiled::stopped(diagnostic)));
    }
    let here = Here { path, name, file };
    Ok(load_added(&here, options, sources, lang, chain))
}

/// [`load_in_chain`] of a file already in `sources`, as UTF-8.
fn load_added(
    here: &Here<'_>,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Loaded {
    let Here { path, name, file } = *here;
    let stopped = |diagnostic: Diagnostic| Loaded::alone(name, path, Compiled::stopped(diagnostic));
    // A large plan is compiled item by item, never holding its whole syntax tree
    // (compile::compile_parts); its header alone says whether it refines another, and
    // only when that item is the header: a `细化` written further down is found by
    // parsing the whole file.
    let large = sources.text(file).len() >= COMPILED_BY_PARTS;
    let header_first = large
        .then(|| first_item(file, sources.text(file)))
        .flatten()
        .filter(|first| matches!(first.items.first(), Some(Item::Header(_))));
    if let Some(first) = header_first {
        let compile = |text: &str, parent: Option<chain::Parent<'_>>| compile_large(file, text, parent);
        return plan_loaded(here, refines_reference(&first), &compile, options, sources, lang, chain);
    }
    let document = match syntax::parse_or_errors(file, sources.text(file)) {
        Ok(document) => document,
        Err(errors) => {
            let compiled = with_syntax_errors(file, sources.text(file), errors);
            return Loaded::alone(name, path, compiled);
        }
    };
    if document.amendment_header().is_none() {
        let compile = |_: &str, parent: Option<chain::Parent<'_>>| compile_refinement(file, &document, parent);
        return plan_loaded(
            here,
            refines_reference(&document),
            &compile,
            options,
            sources,
            lang,
            chain,
        );
    }
    let mut loaded = match amendment(here, &document, options, sources, lang, chain) {
        Ok(loaded) => loaded,
        Err(diagnostic) => stopped(*diagnostic),
    };
    loaded.amendment = amendment_number(&document);
    loaded
}

/// How messages name an amendment: its 文号, else its title.
fn amendment_number(document: &Document) -> Option<String> {
    document.amendment_header().map(|header| {
        header
            .fields
            .iter()
            .find_map(|field| match field {
                HeaderField::Number(number) => Some(number.value.clone()),
                _ => None,
            })
            .unwrap_or_else(|| header.title.value.clone())
    })
}

/// A plan as `check` takes it: streamed part by part ([`stream`]) when it can be —
/// against its parent, loaded and checked first, when its header says it refines one —
/// else loaded whole ([`load_plan`]). `read` is the file as [`load`] read it.
pub fn stream_or_load(
    path: &Path,
    read: (SourceFile, Option<Diagnostic>),
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    sink: impl FnMut(&Plan, Option<&[MatterTable]>),
) -> Result<Streamable, Box<Diagnostic>> {
    Ok(match inputs_read(path, read, options, sources, lang)? {
        Readied::Ready(ready) => ready.stream(Streaming::AnyPlanAlone, options, sources, lang, sink),
        Readied::Loaded(loaded) => Streamable::Loaded(loaded),
    })
}

/// The first step of [`stream_or_load`]: every input read (the plan, and its parent up
/// the chain), so that a command writing as it streams begins its output only when it
/// knows every file it reads, and can refuse an output that is one of them.
pub fn inputs_read(
    path: &Path,
    read: (SourceFile, Option<Diagnostic>),
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Readied, Box<Diagnostic>> {
    let name = path.display().to_string();
    if read.1.is_some() {
        return load_read_plan(path, read, options, sources, lang).map(|loaded| Readied::Loaded(Box::new(loaded)));
    }
    let file = sources.add(read.0);
    let reference = first_item(file, sources.text(file))
        .filter(|first| matches!(first.items.first(), Some(Item::Header(_))))
        .as_ref()
        .and_then(refines_reference);
    let parent = match reference {
        // A `细化` further down is found by stream (which refuses the plan without its
        // parent) and then by the whole-file path.
        None => None,
        Some(reference) => {
            let mut chain = vec![path.canonicalize().unwrap_or_else(|_| path.to_path_buf())];
            match load_parent(path, file, &reference, options, sources, lang, &mut chain) {
                Ok(parent) => Some((Box::new(parent), reference)),
                Err(diagnostic) => {
                    let stopped = Loaded::alone(&name, path, Compiled::stopped(*diagnostic));
                    return Ok(Readied::Loaded(Box::new(stopped)));
                }
            }
        }
    };
    Ok(Readied::Ready(Ready {
        path: path.to_path_buf(),
        name,
        file,
        parent,
    }))
}

/// What [`inputs_read`] gives.
pub enum Readied {
    /// Read, to be streamed.
    Ready(Ready),
    /// Loaded whole already (a file that is not UTF-8, a parent that could not be read).
    Loaded(Box<Loaded>),
}

/// A plan read, with its parent (loaded and checked) when it refines one.
pub struct Ready {
    path: PathBuf,
    name: String,
    file: FileId,
    parent: Option<(Box<Loaded>, BaseReference)>,
}

impl Ready {
    /// The plan streamed through `sink` when it can be (`when` says which plans are
    /// worth it), else loaded whole (what `sink` was given then is to be discarded).
    pub fn stream(
        self,
        when: Streaming,
        options: &BaseOptions,
        sources: &mut SourceSet,
        lang: Lang,
        mut sink: impl FnMut(&Plan, Option<&[MatterTable]>),
    ) -> Streamable {
        let Ready {
            path,
            name,
            file,
            parent,
        } = self;
        let large = sources.text(file).len() >= COMPILED_BY_PARTS;
        let Some((parent, reference)) = parent else {
            if (large || when == Streaming::AnyPlanAlone)
                && let Some(streamed) = stream(file, sources.text(file), None, &mut sink)
            {
                return Streamable::Streamed(Box::new((
                    streamed,
                    Replay {
                        file,
                        parent: None,
                        amended: None,
                    },
                )));
            }
            let here = Here {
                path: &path,
                name: &name,
                file,
            };
            if let Some(streamable) = stream_amendment(&here, options, sources, lang, &mut sink) {
                return streamable;
            }
            return Streamable::Loaded(Box::new(load_added(&here, options, sources, lang, &mut Vec::new())));
        };
        let compiled = match parent.compiled.clean_plan() {
            Some((plan, tables)) => {
                let chained = chain::Parent { plan, tables };
                // A small plan in a chain (every real plan so far) is compiled whole: a few
                // megabytes at most, and cutting it into items and reading its header
                // again would cost `check` of the real plan 7% more instructions.
                if large && let Some(streamed) = stream(file, sources.text(file), Some(chained), &mut sink) {
                    let replay = Replay {
                        file,
                        parent: Some(parent),
                        amended: None,
                    };
                    return Streamable::Streamed(Box::new((streamed, replay)));
                }
                compile_large(file, sources.text(file), Some(chained))
            }
            None => unusable_parent(&parent, file, &reference),
        };
        Streamable::Loaded(Box::new(Loaded {
            parent: Some(parent),
            ..Loaded::alone(&name, &path, compiled)
        }))
    }
}

/// An amendment (its header first), applied to its base: the plan it makes is streamed
/// through `sink` when it is large, so that it is never held whole (issue 14); else, or
/// where it cannot stream, compiled whole as [`load_added`] compiles it. `None` when the
/// file is not an amendment, or does not parse (`load_added` reports that).
fn stream_amendment(
    here: &Here<'_>,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    sink: impl FnMut(&Plan, Option<&[MatterTable]>),
) -> Option<Streamable> {
    let Here { path, name, file } = *here;
    let first = syntax::split_first(sources.text(file), 1).into_iter().next()?;
    if first.kind != syntax::PartKind::Amendment {
        return None;
    }
    let document = syntax::parse(file, sources.text(file)).ok()?;
    let number = amendment_number(&document);
    let applying = apply(here, &document, options, sources, lang, &mut Vec::new());
    let (applied, parent) = match applying {
        Ok(Applying::Applied(applied)) => *applied,
        Ok(Applying::Stopped(loaded)) => {
            return Some(Streamable::Loaded(Box::new(Loaded {
                amendment: number,
                ..*loaded
            })));
        }
        Err(diagnostic) => {
            return Some(Streamable::Loaded(Box::new(Loaded {
                amendment: number,
                ..Loaded::alone(name, path, Compiled::stopped(*diagnostic))
            })));
        }
    };
    let parent_plan = clean_parent(parent.as_ref());
    if applied.text().len() >= COMPILED_BY_PARTS
        && let Some(streamed) = stream_consolidated(&applied, CONSOLIDATED, parent_plan, sink)
    {
        let renames = applied.renames().to_vec();
        let replay = Replay {
            file: CONSOLIDATED,
            parent: parent.map(Box::new),
            amended: Some(Box::new(Amended {
                text: applied.into_text(),
                renames,
                number,
            })),
        };
        return Some(Streamable::Streamed(Box::new((streamed, replay))));
    }
    Some(Streamable::Loaded(Box::new(Loaded {
        amendment: number,
        ..compiled_whole(here, applied, parent)
    })))
}

/// Which plans [`Ready::stream`] streams.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Streaming {
    /// Every plan alone (`check`, `table`: read once), and a plan in a chain from 256 KB on.
    AnyPlanAlone,
    /// Plans of 256 KB and more only: for commands that read the plan several times
    /// (the report, the workbook), a small plan is cheaper held whole.
    LargeOnly,
}

/// A plan streamed once, to be streamed again by a command that reads it several times.
pub struct Replay {
    file: FileId,
    /// The parent it was checked against, clean.
    parent: Option<Box<Loaded>>,
    /// For an amendment: the plan it makes, streamed again from its text.
    amended: Option<Box<Amended>>,
}

/// The plan an amendment makes, streamed ([`Ready::stream`]).
pub struct Amended {
    /// The consolidated text: what is streamed again, and what `consolidate` writes.
    pub text: String,
    /// Matters the amendment renamed, old name → new name.
    pub renames: Vec<(String, String)>,
    /// The amendment's 文号 (or title).
    pub number: Option<String>,
}

impl Replay {
    /// The parent the plan was checked against, when it refines one.
    pub fn parent(&self) -> Option<&Loaded> {
        self.parent.as_deref()
    }

    /// The amended plan, when the file streamed is an amendment.
    pub fn amended(&self) -> Option<&Amended> {
        self.amended.as_deref()
    }

    /// The plan's parts as [`Parts`]: streamed again each time they are read.
    pub fn parts<'a>(&'a self, sources: &'a SourceSet) -> Replayed<'a> {
        Replayed {
            replay: self,
            sources,
            failed: std::cell::Cell::new(false),
        }
    }
}

/// [`Replay::parts`].
pub struct Replayed<'a> {
    replay: &'a Replay,
    sources: &'a SourceSet,
    failed: std::cell::Cell<bool>,
}

impl Replayed<'_> {
    /// Whether a reading did not stream as the first one did. Never expected (the same
    /// text, the same parent); a command writes nothing when it happens.
    pub fn failed(&self) -> bool {
        self.failed.get()
    }
}

impl Parts for Replayed<'_> {
    fn each(&self, sink: &mut dyn FnMut(&Plan, Option<&[MatterTable]>)) {
        let file = self.replay.file;
        let parent = match &self.replay.parent {
            Some(loaded) => match loaded.compiled.clean_plan() {
                Some((plan, tables)) => Some(chain::Parent { plan, tables }),
                None => {
                    self.failed.set(true);
                    return;
                }
            },
            None => None,
        };
        let text = match &self.replay.amended {
            Some(amended) => amended.text.as_str(),
            None => self.sources.text(file),
        };
        if stream(file, text, parent, sink).is_none() {
            self.failed.set(true);
        }
    }
}

/// A plan as the commands that read it several times take it (the report, the
/// workbook, the coverage of a source): streamed once to check it and then read again,
/// part by part, when it is large (256 KB and more); else, and wherever it cannot stream,
/// loaded whole. When a file cannot be read, the diagnostic is shown and the exit status
/// given.
pub fn load_parts(
    path: &Path,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
) -> Result<Held, super::Outcome> {
    let readied = load(path, sources.next_id()).and_then(|read| inputs_read(path, read, options, sources, lang));
    let ready = match readied {
        Ok(Readied::Ready(ready)) => ready,
        Ok(Readied::Loaded(loaded)) => return Ok(Held::Loaded(loaded)),
        Err(diagnostic) => {
            print_diagnostics(sources, &[*diagnostic], lang);
            return Err(super::Outcome::Trouble);
        }
    };
    Ok(
        match ready.stream(Streaming::LargeOnly, options, sources, lang, |_, _| {}) {
            Streamable::Streamed(streamed) => Held::Streamed(streamed),
            Streamable::Loaded(loaded) => Held::Loaded(loaded),
        },
    )
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

/// What [`load_parts`] gives.
pub enum Held {
    Streamed(Box<(Streamed, Replay)>),
    Loaded(Box<Loaded>),
}

impl Held {
    /// Every diagnostic of the plan, in the order of their place.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Held::Streamed(streamed) => &streamed.0.diagnostics,
            Held::Loaded(loaded) => &loaded.compiled.diagnostics,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics().iter().any(Diagnostic::is_error)
    }

    /// Matters an amendment renamed, old name → new name (none for a plan).
    pub fn renames(&self) -> &[(String, String)] {
        match self {
            Held::Streamed(streamed) => streamed.1.amended().map_or(&[], |amended| &amended.renames),
            Held::Loaded(loaded) => &loaded.renames,
        }
    }

    /// The amendment's 文号 (or title), when the file is an amendment.
    pub fn amendment(&self) -> Option<&str> {
        match self {
            Held::Streamed(streamed) => streamed.1.amended().and_then(|amended| amended.number.as_deref()),
            Held::Loaded(loaded) => loaded.amendment.as_deref(),
        }
    }

    /// The plan an amendment makes, as text, when the file is an amendment that applies.
    pub fn consolidated(&self) -> Option<&str> {
        match self {
            Held::Streamed(streamed) => streamed.1.amended().map(|amended| amended.text.as_str()),
            Held::Loaded(loaded) => loaded.consolidated.as_deref(),
        }
    }

    /// The plan this one (or the plan an amendment amends) refines, loaded.
    pub fn parent(&self) -> Option<&Loaded> {
        match self {
            Held::Streamed(streamed) => streamed.1.parent(),
            Held::Loaded(loaded) => loaded.parent.as_deref(),
        }
    }

    /// The plan's title, when its header could be read.
    pub fn title(&self) -> Option<&str> {
        match self {
            Held::Streamed(streamed) => Some(&streamed.0.declarations.header.title),
            Held::Loaded(loaded) => loaded.compiled.plan.as_ref().map(|plan| plan.header.title.as_str()),
        }
    }

    /// The plan's declarations (its header, levels, dimensions, catch-all) and its
    /// parts, when it has no error.
    pub fn clean<'a>(&'a self, sources: &'a SourceSet) -> Option<(&'a Plan, PartsOf<'a>)> {
        if self.has_errors() {
            return None;
        }
        match self {
            Held::Streamed(streamed) => Some((&streamed.0.declarations, PartsOf::Replayed(streamed.1.parts(sources)))),
            Held::Loaded(loaded) => {
                let (plan, tables) = loaded.compiled.clean_plan()?;
                Some((plan, PartsOf::Whole(Whole { plan, tables })))
            }
        }
    }
}

/// The parts of a plan, held whole or streamed again ([`Held::clean`]).
pub enum PartsOf<'a> {
    Whole(Whole<'a>),
    Replayed(Replayed<'a>),
}

impl PartsOf<'_> {
    /// Whether a reading did not stream as the first one did: never expected, and then
    /// nothing is to be written.
    pub fn failed(&self) -> bool {
        match self {
            PartsOf::Whole(_) => false,
            PartsOf::Replayed(replayed) => replayed.failed(),
        }
    }
}

impl Parts for PartsOf<'_> {
    fn each(&self, sink: &mut dyn FnMut(&Plan, Option<&[MatterTable]>)) {
        match self {
            PartsOf::Whole(whole) => whole.each(sink),
            PartsOf::Replayed(replayed) => replayed.each(sink),
        }
    }
}

/// A plan as [`stream_or_load`] gives it.
pub enum Streamable {
    /// Checked part by part: only its diagnostics and counts remain, and how to stream it
    /// again.
    Streamed(Box<(Streamed, Replay)>),
    Loaded(Box<Loaded>),
}

/// The file being loaded: where it is, how messages name it, its id.
struct Here<'a> {
    path: &'a Path,
    name: &'a str,
    file: FileId,
}

/// A plan (not an amendment) compiled by `compile`: against the plan it refines, loaded
/// first, when `reference` names one; else alone.
fn plan_loaded(
    here: &Here<'_>,
    reference: Option<BaseReference>,
    compile: &dyn Fn(&str, Option<chain::Parent<'_>>) -> Compiled,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Loaded {
    let Here { path, name, file } = *here;
    let Some(reference) = reference else {
        return Loaded::alone(name, path, compile(sources.text(file), None));
    };
    chain.push(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()));
    let loaded = child(path, name, file, compile, &reference, options, sources, lang, chain);
    chain.pop();
    loaded.unwrap_or_else(|diagnostic| Loaded::alone(name, path, Compiled::stopped(*diagnostic)))
}

/// An amendment: its base is found and read, and, when the base refines another plan,
/// that parent is loaded (up the chain) so that both the base and the amended plan are
/// checked against it, as the base itself would be.
fn amendment(
    here: &Here<'_>,
    document: &Document,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Result<Loaded, Box<Diagnostic>> {
    Ok(match apply(here, document, options, sources, lang, chain)? {
        Applying::Stopped(loaded) => *loaded,
        Applying::Applied(applied) => {
            let (applied, parent) = *applied;
            compiled_whole(here, applied, parent)
        }
    })
}

/// The plan an applied amendment makes, compiled whole (and held).
fn compiled_whole(here: &Here<'_>, applied: Applied, parent: Option<Loaded>) -> Loaded {
    let result = compile_consolidated(applied, CONSOLIDATED, clean_parent(parent.as_ref()));
    Loaded {
        consolidated: result.consolidated,
        renames: result.renames,
        parent: parent.map(Box::new),
        ..Loaded::alone(here.name, here.path, result.compiled)
    }
}

/// A loaded parent as the plans below it are checked against it, when it is clean.
fn clean_parent(parent: Option<&Loaded>) -> Option<chain::Parent<'_>> {
    let (plan, tables) = parent?.compiled.clean_plan()?;
    Some(chain::Parent { plan, tables })
}

/// The first stage of [`amendment`]: the base found, read and checked (against its
/// parent), and the amendment applied to it.
enum Applying {
    /// It stops here (the base or its parent not found or with errors, the amendment not
    /// applying): what to report, as a loaded plan.
    Stopped(Box<Loaded>),
    /// Applied: the consolidated text to compile, with the base's parent (loaded, clean).
    Applied(Box<(Applied, Option<Loaded>)>),
}

fn apply(
    here: &Here<'_>,
    document: &Document,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Result<Applying, Box<Diagnostic>> {
    let Here { path, name, file } = *here;
    let reference = amend::base_reference(file, document)?;
    let (base_path, shown) = find_referenced(path, file, &reference, options, Wanted::AmendedPlan)?;
    let place = reference.path.as_ref().unwrap_or(&reference.number).span;
    let (base_file, decode_error) = read_named(&base_path, &shown, sources).map_err(|unreadable| {
        let reason = unreadable.message.clone();
        Box::new(amend::base::not_found(file, place, &shown, reason))
    })?;
    if let Some(diagnostic) = decode_error {
        return Err(Box::new(diagnostic));
    }
    // A large base is read as an outline: only the matters the amendment names keep their
    // rules (its whole tree is about 30 times its text).
    let base_document = amend::outline(base_file, sources.text(base_file), document)?;
    if base_document.amendment_header().is_some() {
        return Err(Box::new(amend::base::base_is_amendment(file, place, &shown)));
    }
    let parent = match refines_reference(&base_document) {
        Some(reference) => {
            chain.push(base_path.canonicalize().unwrap_or_else(|_| base_path.clone()));
            let parent = load_parent(&base_path, base_file, &reference, options, sources, lang, chain);
            chain.pop();
            let parent = parent?;
            if parent.compiled.clean_plan().is_none() {
                let compiled = unusable_parent(&parent, base_file, &reference);
                return Ok(Applying::Stopped(Box::new(Loaded {
                    parent: Some(Box::new(parent)),
                    ..Loaded::alone(name, path, compiled)
                })));
            }
            Some(parent)
        }
        None => None,
    };
    let parent_plan = clean_parent(parent.as_ref());
    let applied = consolidate_checked(
        amend::Input {
            file: base_file,
            text: sources.text(base_file),
            document: &base_document,
        },
        amend::Input {
            file,
            text: sources.text(file),
            document,
        },
        parent_plan,
        lang,
    );
    Ok(match applied {
        Ok(applied) => Applying::Applied(Box::new((applied, parent))),
        Err(stopped) => Applying::Stopped(Box::new(Loaded {
            consolidated: stopped.consolidated,
            renames: stopped.renames,
            parent: parent.map(Box::new),
            ..Loaded::alone(name, path, stopped.compiled)
        })),
    })
}

/// The `细化` of a plan's header, as a reference to find like an amendment's base.
fn refines_reference(document: &Document) -> Option<BaseReference> {
    document.items.iter().find_map(|item| match item {
        Item::Header(header) => header.fields.iter().find_map(|field| match field {
            HeaderField::Refines { number, path } => Some(BaseReference {
                number: number.clone(),
                path: path.clone(),
            }),
            _ => None,
        }),
        _ => None,
    })
}

/// A plan that refines another: the parent is loaded (and its own parent, up the chain)
/// and checked first, then the plan is checked against it.
#[allow(clippy::too_many_arguments)]
fn child(
    path: &Path,
    name: &str,
    file: FileId,
    compile: &dyn Fn(&str, Option<chain::Parent<'_>>) -> Compiled,
    reference: &BaseReference,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Result<Loaded, Box<Diagnostic>> {
    let parent = load_parent(path, file, reference, options, sources, lang, chain)?;
    let compiled = match parent.compiled.clean_plan() {
        Some((plan, tables)) => compile(sources.text(file), Some(chain::Parent { plan, tables })),
        None => unusable_parent(&parent, file, reference),
    };
    Ok(Loaded {
        parent: Some(Box::new(parent)),
        ..Loaded::alone(name, path, compiled)
    })
}

/// The plan that the plan in `path` (file `file`) refines, by its `细化` `reference`,
/// loaded and checked (with its own parent, up the chain). `chain` holds the canonical
/// paths of the plans below it: the parent being one of them closes a circle.
#[allow(clippy::too_many_arguments)]
fn load_parent(
    path: &Path,
    file: FileId,
    reference: &BaseReference,
    options: &BaseOptions,
    sources: &mut SourceSet,
    lang: Lang,
    chain: &mut Vec<PathBuf>,
) -> Result<Loaded, Box<Diagnostic>> {
    let place = reference.path.as_ref().unwrap_or(&reference.number).span;
    // Checked before the parent is read: a chain of thousands of generated files would
    // otherwise be read (and recursed into) to the end.
    if chain.len() >= chain::parent_file::MAX_CHAIN {
        return Err(Box::new(chain::parent_file::too_deep(file, place)));
    }
    let (parent_path, shown) = find_referenced(path, file, reference, options, Wanted::Parent)?;
    let canonical = parent_path.canonicalize().unwrap_or_else(|_| parent_path.clone());
    if chain.contains(&canonical) {
        return Err(Box::new(chain::parent_file::cycle(file, place, &shown)));
    }
    let parent = load_in_chain(&parent_path, &shown, None, options, sources, lang, chain).map_err(|unreadable| {
        let reason = unreadable.message.clone();
        Box::new(chain::parent_file::not_found(file, place, &shown, reason))
    })?;
    if parent.amendment.is_some() {
        return Err(Box::new(chain::parent_file::is_amendment(file, place, &shown)));
    }
    Ok(parent)
}

/// A plan (file `file`) whose parent has errors: the parent's diagnostics, and E0027 on
/// the `细化` that names it. Nothing is checked against a parent that is not sound.
fn unusable_parent(parent: &Loaded, file: FileId, reference: &BaseReference) -> Compiled {
    let place = reference.path.as_ref().unwrap_or(&reference.number).span;
    let mut diagnostics = parent.compiled.diagnostics.clone();
    diagnostics.push(chain::parent_file::has_errors(file, place, &parent.name));
    Compiled {
        plan: None,
        tables: Vec::new(),
        diagnostics,
    }
}

/// What a reference in a header names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// `修正`: the plan an amendment amends (`--base` overrides it).
    AmendedPlan,
    /// `细化`: the plan a plan refines.
    Parent,
}

/// The file a header refers to, and how to name it (see [`folder::shown`]): for an
/// amendment `--base` first; else the file the header names (confined to the project
/// folder), else the one plan in the referring file's folder with the named 文号.
fn find_referenced(
    referring: &Path,
    file: FileId,
    reference: &BaseReference,
    options: &BaseOptions,
    wanted: Wanted,
) -> Result<(PathBuf, String), Box<Diagnostic>> {
    if let Some(base) = options.base.as_ref().filter(|_| wanted == Wanted::AmendedPlan) {
        return Ok((base.clone(), base.display().to_string()));
    }
    let folder = match referring.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let root = options.root.clone().unwrap_or_else(|| folder.clone());
    let place = reference.path.as_ref().unwrap_or(&reference.number);
    let (real_folder, real_root) = match (folder.canonicalize(), root.canonicalize()) {
        (Ok(real_folder), Ok(real_root)) => (real_folder, real_root),
        _ => {
            let reason = Text::new("项目目录不存在", "the project folder does not exist");
            return Err(Box::new(not_found(wanted, file, place.span, &place.value, reason)));
        }
    };
    let Some(named) = &reference.path else {
        return find_by_number(&real_folder, &real_root, referring, file, reference, wanted);
    };
    let candidate = real_folder.join(&named.value);
    let shown = folder::shown(&candidate, &real_root);
    let not_found = |reason: Text| Box::new(not_found(wanted, file, named.span, &shown, reason));
    let real = candidate
        .canonicalize()
        .map_err(|_| not_found(Text::new("没有这个文件", "no such file")))?;
    if !real.starts_with(&real_root) {
        let root_shown = root.display().to_string();
        return Err(Box::new(amend::base::outside_root(
            file,
            named.span,
            &named.value,
            &root_shown,
        )));
    }
    let shown = folder::shown(&real, &real_root);
    Ok((real, shown))
}

/// The plan in `folder` (canonical) whose 文号 is the one the referring file names, read
/// only inside `root` (canonical).
fn find_by_number(
    folder: &Path,
    root: &Path,
    referring: &Path,
    file: FileId,
    reference: &BaseReference,
    kind: Wanted,
) -> Result<(PathBuf, String), Box<Diagnostic>> {
    let wanted = &reference.number.value;
    let not_found = |reason: Text| Box::new(not_found(kind, file, reference.number.span, wanted, reason));
    let index = folder::index(folder, root).ok_or_else(|| {
        not_found(Text::new(
            "无法读取修正案所在目录",
            "the amendment's folder cannot be read",
        ))
    })?;
    let except = referring.canonicalize().unwrap_or_else(|_| referring.to_path_buf());
    let found = index.numbered(wanted, &except);
    if let [only] = found.as_slice() {
        return Ok((only.to_path_buf(), folder::shown(only, root)));
    }
    if found.len() > 1 {
        // Two plans with one 文号 (a consolidated copy beside its base, say): choosing one
        // would be a guess, and a wrong one checks the plan against another text.
        let names: Vec<String> = found.iter().map(|path| folder::shown(path, root)).collect();
        let (zh, en) = (names.join("、"), names.join(", "));
        return Err(not_found(Text::new(
            format!("目录中有几个方案的文号都是这个：{zh}；请在文件头的文号后写明文件名"),
            format!("several plans in the folder have this number: {en}; name the file after the number in the header"),
        )));
    }
    let mut reason = match kind {
        Wanted::AmendedPlan => Text::new(
            "修正案所在目录中没有这个文号的方案",
            "no plan with this number in the amendment's folder",
        ),
        Wanted::Parent => Text::new(
            "本方案所在目录中没有这个文号的方案",
            "no plan with this number in this plan's folder",
        ),
    };
    if index.outside > 0 {
        let outside = index.outside;
        reason
            .zh
            .push_str(&format!("（另有 {outside} 个 .qz 文件链接到项目目录之外，未读取）"));
        reason.en.push_str(&format!(
            " ({outside} .qz file(s) link outside the project folder and were not read)"
        ));
    }
    Err(not_found(reason))
}

fn not_found(wanted: Wanted, file: FileId, place: Span, looked_for: &str, reason: Text) -> Diagnostic {
    match wanted {
        Wanted::AmendedPlan => amend::base::not_found(file, place, looked_for, reason),
        Wanted::Parent => chain::parent_file::not_found(file, place, looked_for, reason),
    }
}

/// Reads a file into `sources`: its id, its name, and E0017 if it is not UTF-8.
pub fn read_into(
    path: &Path,
    sources: &mut SourceSet,
) -> Result<(FileId, String, Option<Diagnostic>), Box<Diagnostic>> {
    let name = path.display().to_string();
    let (file, decode_error) = read_named(path, &name, sources)?;
    Ok((file, name, decode_error))
}

/// A source text (`--source`) read into `sources`; when it cannot be read or is not
/// UTF-8, the diagnostic is shown and the exit status given.
pub fn read_source(path: &Path, sources: &mut SourceSet, lang: Lang) -> Result<FileId, super::Outcome> {
    let diagnostic = match read_into(path, sources) {
        Ok((file, _, None)) => return Ok(file),
        Ok((_, _, Some(diagnostic))) => diagnostic,
        Err(diagnostic) => *diagnostic,
    };
    print_diagnostics(sources, &[diagnostic], lang);
    Err(super::Outcome::Trouble)
}

/// Reads a file into `sources` under `name`: its id, and E0017 if it is not UTF-8. A
/// file that cannot be read, or is too large, is E0019 or E0018.
fn read_named(
    path: &Path,
    name: &str,
    sources: &mut SourceSet,
) -> Result<(FileId, Option<Diagnostic>), Box<Diagnostic>> {
    let bytes = read_input(path).map_err(|refusal| Box::new(refused(name, refusal)))?;
    let (source, decode_error) = source::decode(sources.next_id(), name, bytes);
    Ok((sources.add(source), decode_error))
}

/// The diagnostic for a file that was not read: E0018 when too large, else E0019.
fn refused(name: &str, refusal: Refusal) -> Diagnostic {
    match refusal {
        Refusal::TooLarge(Some(bytes)) => source::too_large(name, bytes),
        Refusal::TooLarge(None) => source::too_large_while_read(name),
        Refusal::NotRegular(what) => source::unreadable(name, &what).note(Text::new(
            "quanze 只读取普通文件（不读设备、管道或套接字）",
            "quanze reads regular files only (not devices, pipes or sockets)",
        )),
        Refusal::Io(error) => source::unreadable(name, &io_reason(&error)),
    }
}

/// Reads a file as the source `file_id` (not yet in any [`SourceSet`]), as [`read_into`]
/// does: for [`stream_or_load`], which streams or loads what was read once.
pub fn load(path: &Path, file_id: usize) -> Result<(SourceFile, Option<Diagnostic>), Box<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = read_input(path).map_err(|refusal| Box::new(refused(&name, refusal)))?;
    Ok(source::decode(file_id, &name, bytes))
}

fn io_reason(error: &std::io::Error) -> Text {
    match error.kind() {
        std::io::ErrorKind::NotFound => Text::new("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => Text::new("没有读取权限", "permission denied"),
        _ => Text::new(error.to_string(), error.to_string()),
    }
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
