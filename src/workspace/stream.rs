//! Large plans read part by part: a plan checked as it is read, never held whole, and
//! read again for each output made from it; what a command gets when it may stream.

use crate::amend::BaseReference;
use crate::ast::Item;
use crate::chain;
use crate::check::MatterTable;
use crate::compile::{
    COMPILED_BY_PARTS, Compiled, Parts, Publishable, Streamed, Whole, compile_large, first_item, stream,
    stream_consolidated,
};
use crate::diagnostic::Diagnostic;
use crate::ir::Plan;
use crate::render::SourceSet;
use crate::source::SourceFile;
use crate::span::FileId;
use crate::syntax;
use std::path::{Path, PathBuf};

use super::Workspace;
use super::load::{
    Applying, CONSOLIDATED, Here, Loaded, amendment_number, clean_parent, compiled_whole, refines_reference,
    unusable_parent,
};

impl Workspace {
    /// A plan as `check` takes it: streamed part by part ([`stream`]) when it can be —
    /// against its parent, loaded and checked first, when its header says it refines one —
    /// else loaded whole ([`Workspace::load_plan`]). `read` is the file as [`Workspace::read_file`] read it.
    pub fn stream_or_load(
        &self,
        path: &Path,
        read: (SourceFile, Option<Diagnostic>),
        sources: &mut SourceSet,
        sink: impl FnMut(&Plan, Option<&[MatterTable]>),
    ) -> Result<Streamable, Box<Diagnostic>> {
        Ok(match self.inputs_read(path, read, sources)? {
            Readied::Ready(ready) => ready.stream(self, Streaming::AnyPlanAlone, sources, sink),
            Readied::Loaded(loaded) => Streamable::Loaded(loaded),
        })
    }

    /// The first step of [`Workspace::stream_or_load`]: every input read (the plan, and its parent up
    /// the chain), so that a command writing as it streams begins its output only when it
    /// knows every file it reads, and can refuse an output that is one of them.
    pub fn inputs_read(
        &self,
        path: &Path,
        read: (SourceFile, Option<Diagnostic>),
        sources: &mut SourceSet,
    ) -> Result<Readied, Box<Diagnostic>> {
        let name = path.display().to_string();
        if read.1.is_some() {
            return self
                .load_read_plan(path, read, sources)
                .map(|loaded| Readied::Loaded(Box::new(loaded)));
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
                let mut chain = vec![self.canonical_or_resolved(path)];
                match self.load_parent(path, file, &reference, sources, &mut chain) {
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

    /// An amendment (its header first), applied to its base: the plan it makes is streamed
    /// through `sink` when it is large, so that it is never held whole (issue 14); else, or
    /// where it cannot stream, compiled whole as [`Workspace::load_added`] compiles it. `None` when the
    /// file is not an amendment, or does not parse (`load_added` reports that).
    fn stream_amendment(
        &self,
        here: Here<'_>,
        sources: &mut SourceSet,
        sink: impl FnMut(&Plan, Option<&[MatterTable]>),
    ) -> Option<Streamable> {
        let Here { path, name, file } = here;
        let first = syntax::split_first(sources.text(file), 1).into_iter().next()?;
        if first.kind != syntax::PartKind::Amendment {
            return None;
        }
        let document = syntax::parse(file, sources.text(file)).ok()?;
        let number = amendment_number(&document);
        let applying = self.apply(here, &document, sources, &mut Vec::new());
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

    /// A plan as the commands that read it several times take it (the report, the
    /// workbook, the coverage of a source): streamed once to check it and then read again,
    /// part by part, when it is large (256 KB and more); else, and wherever it cannot stream,
    /// loaded whole.
    pub fn load_parts(&self, path: &Path, sources: &mut SourceSet) -> Result<Held, Box<Diagnostic>> {
        let read = self.read_file(path, sources.next_id())?;
        let ready = match self.inputs_read(path, read, sources)? {
            Readied::Ready(ready) => ready,
            Readied::Loaded(loaded) => return Ok(Held::Loaded(loaded)),
        };
        Ok(match ready.stream(self, Streaming::LargeOnly, sources, |_, _| {}) {
            Streamable::Streamed(streamed) => Held::Streamed(streamed),
            Streamable::Loaded(loaded) => Held::Loaded(loaded),
        })
    }
}

/// What [`Workspace::inputs_read`] gives.
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
        workspace: &Workspace,
        when: Streaming,
        sources: &mut SourceSet,
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
            if let Some(streamable) = workspace.stream_amendment(here, sources, &mut sink) {
                return streamable;
            }
            return Streamable::Loaded(Box::new(workspace.load_added(here, sources, &mut Vec::new())));
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
            plan_file: Some(file),
            ..Loaded::alone(&name, &path, compiled)
        }))
    }
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

/// What [`Workspace::load_parts`] gives.
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

    /// When the plan has errors: its matters without one, checked again
    /// ([`Loaded::publishable`]), for a plan held whole (a large plan is not compiled
    /// whole a second time).
    pub fn publishable(&self, sources: &SourceSet) -> Option<Publishable> {
        match self {
            Held::Streamed(_) => None,
            Held::Loaded(loaded) => loaded.publishable(sources),
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

/// A plan as [`Workspace::stream_or_load`] gives it.
pub enum Streamable {
    /// Checked part by part: only its diagnostics and counts remain, and how to stream it
    /// again.
    Streamed(Box<(Streamed, Replay)>),
    Loaded(Box<Loaded>),
}
