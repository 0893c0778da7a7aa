//! A plan or an amendment read and compiled whole, with the plans it depends on: the
//! parent it refines (up the chain) and the base it amends.

use std::path::{Path, PathBuf};

use crate::amend::{self, BaseReference};
use crate::ast::{Document, HeaderField, Item};
use crate::chain;
use crate::compile::{
    Applied, COMPILED_BY_PARTS, Compiled, Publishable, compile_consolidated, compile_large, compile_refinement,
    consolidate_checked, first_item, with_syntax_errors,
};
use crate::diagnostic::Diagnostic;
use crate::render::SourceSet;
use crate::source::SourceFile;
use crate::span::FileId;
use crate::syntax;

use super::Workspace;
use super::find::Wanted;

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
    /// The plan's own text in the sources, when the file is a plan (not an amendment)
    /// read as text: what a report of a plan with errors reads again for the matters
    /// without one ([`crate::compile::publishable`]).
    pub plan_file: Option<FileId>,
}

impl Loaded {
    /// A plan or file compiled on its own: no parent, not an amendment (the others start
    /// from it).
    pub(super) fn alone(name: &str, path: &Path, compiled: Compiled) -> Self {
        Loaded {
            name: name.to_string(),
            path: path.to_path_buf(),
            compiled,
            consolidated: None,
            renames: Vec::new(),
            amendment: None,
            parent: None,
            plan_file: None,
        }
    }

    /// When the plan has errors: its matters without one, checked again
    /// ([`crate::compile::publishable`]), for a plan that is not an amendment and whose
    /// parent, when it refines one, has no error.
    pub fn publishable(&self, sources: &SourceSet) -> Option<Publishable> {
        if !self.compiled.diagnostics.iter().any(Diagnostic::is_error) || self.amendment.is_some() {
            return None;
        }
        let file = self.plan_file?;
        let parent = match &self.parent {
            Some(parent) => {
                let (plan, tables) = parent.compiled.clean_plan()?;
                Some(chain::Parent { plan, tables })
            }
            None => None,
        };
        crate::compile::publishable(file, sources.text(file), &self.compiled.diagnostics, parent)
    }
}

/// The file id the consolidated text of an amendment is compiled under. Every label
/// pointing into it is moved to the drafter's files before anything is shown.
pub(super) const CONSOLIDATED: FileId = usize::MAX;

/// The file being loaded: where it is, how messages name it, its id.
#[derive(Clone, Copy)]
pub(super) struct Here<'a> {
    pub path: &'a Path,
    pub name: &'a str,
    pub file: FileId,
}

/// The first stage of an amendment: the base found, read and checked (against its
/// parent), and the amendment applied to it.
pub(super) enum Applying {
    /// It stops here (the base or its parent not found or with errors, the amendment not
    /// applying): what to report, as a loaded plan.
    Stopped(Box<Loaded>),
    /// Applied: the consolidated text to compile, with the base's parent (loaded, clean).
    Applied(Box<(Applied, Option<Loaded>)>),
}

impl Workspace {
    /// Reads a plan or an amendment into `sources` and compiles it. A file that cannot be
    /// read, or is too large to read, is a diagnostic without a place (E0019, E0018);
    /// bytes that are not UTF-8 stop the file at E0017.
    pub fn load_plan(&self, path: &Path, sources: &mut SourceSet) -> Result<Loaded, Box<Diagnostic>> {
        let name = path.display().to_string();
        self.load_in_chain(path, &name, None, sources, &mut Vec::new())
    }

    /// [`Workspace::load_plan`] of a file already read by [`Workspace::read_file`] as the
    /// next source of `sources`.
    pub fn load_read_plan(
        &self,
        path: &Path,
        read: (SourceFile, Option<Diagnostic>),
        sources: &mut SourceSet,
    ) -> Result<Loaded, Box<Diagnostic>> {
        let name = path.display().to_string();
        self.load_in_chain(path, &name, Some(read), sources, &mut Vec::new())
    }

    /// [`Workspace::load_plan`], for a plan reached through the `细化` of the plans in
    /// `chain` (their canonical paths, the child first): a plan already there closes a
    /// circle. `name` is how the file is named in messages.
    fn load_in_chain(
        &self,
        path: &Path,
        name: &str,
        read: Option<(SourceFile, Option<Diagnostic>)>,
        sources: &mut SourceSet,
        chain: &mut Vec<PathBuf>,
    ) -> Result<Loaded, Box<Diagnostic>> {
        let (file, decode_error) = match read {
            Some((source, decode_error)) => (sources.add(source), decode_error),
            None => self.read_named(path, name, sources)?,
        };
        if let Some(diagnostic) = decode_error {
            return Ok(Loaded::alone(name, path, Compiled::stopped(diagnostic)));
        }
        let here = Here { path, name, file };
        Ok(self.load_added(here, sources, chain))
    }

    /// [`Workspace::load_in_chain`] of a file already in `sources`, as UTF-8.
    pub(super) fn load_added(&self, here: Here<'_>, sources: &mut SourceSet, chain: &mut Vec<PathBuf>) -> Loaded {
        let Here { path, name, file } = here;
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
            return self.plan_loaded(here, refines_reference(&first), &compile, sources, chain);
        }
        let document = match syntax::parse_or_errors(file, sources.text(file)) {
            Ok(document) => document,
            Err(errors) => {
                // The items that parsed are checked against the parent, when the header
                // that names it is one of them.
                let reference = syntax::parsed_items(file, sources.text(file))
                    .as_ref()
                    .and_then(refines_reference);
                let checked = std::cell::Cell::new(false);
                let compile = |text: &str, parent: Option<chain::Parent<'_>>| {
                    checked.set(true);
                    with_syntax_errors(file, text, errors.clone(), parent)
                };
                let mut loaded = self.plan_loaded(here, reference, &compile, sources, chain);
                // The parent could not be found or has errors: the plan's own syntax errors
                // still stand, before what was said of its parent.
                if !checked.get() {
                    let about_parent = std::mem::take(&mut loaded.compiled.diagnostics);
                    loaded.compiled = Compiled::stopped_by(errors.into_iter().chain(about_parent).collect());
                }
                return loaded;
            }
        };
        if document.amendment_header().is_none() {
            let compile = |_: &str, parent: Option<chain::Parent<'_>>| compile_refinement(file, &document, parent);
            return self.plan_loaded(here, refines_reference(&document), &compile, sources, chain);
        }
        let mut loaded = match self.apply(here, &document, sources, chain) {
            Ok(Applying::Stopped(loaded)) => *loaded,
            Ok(Applying::Applied(applied)) => {
                let (applied, parent) = *applied;
                compiled_whole(here, applied, parent)
            }
            Err(diagnostic) => Loaded::alone(name, path, Compiled::stopped(*diagnostic)),
        };
        loaded.amendment = amendment_number(&document);
        loaded
    }

    /// A plan (not an amendment) compiled by `compile`: against the plan it refines,
    /// loaded first, when `reference` names one; else alone.
    fn plan_loaded(
        &self,
        here: Here<'_>,
        reference: Option<BaseReference>,
        compile: &dyn Fn(&str, Option<chain::Parent<'_>>) -> Compiled,
        sources: &mut SourceSet,
        chain: &mut Vec<PathBuf>,
    ) -> Loaded {
        let Here { path, name, file } = here;
        let Some(reference) = reference else {
            return Loaded {
                plan_file: Some(file),
                ..Loaded::alone(name, path, compile(sources.text(file), None))
            };
        };
        chain.push(self.canonical_or_resolved(path));
        let loaded = self.child(here, compile, &reference, sources, chain);
        chain.pop();
        let loaded = loaded.unwrap_or_else(|diagnostic| Loaded::alone(name, path, Compiled::stopped(*diagnostic)));
        Loaded {
            plan_file: Some(file),
            ..loaded
        }
    }

    /// A plan that refines another: the parent is loaded (and its own parent, up the
    /// chain) and checked first, then the plan is checked against it.
    fn child(
        &self,
        here: Here<'_>,
        compile: &dyn Fn(&str, Option<chain::Parent<'_>>) -> Compiled,
        reference: &BaseReference,
        sources: &mut SourceSet,
        chain: &mut Vec<PathBuf>,
    ) -> Result<Loaded, Box<Diagnostic>> {
        let Here { path, name, file } = here;
        let parent = self.load_parent(path, file, reference, sources, chain)?;
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
    pub(super) fn load_parent(
        &self,
        path: &Path,
        file: FileId,
        reference: &BaseReference,
        sources: &mut SourceSet,
        chain: &mut Vec<PathBuf>,
    ) -> Result<Loaded, Box<Diagnostic>> {
        let place = reference.path.as_ref().unwrap_or(&reference.number).span;
        // Checked before the parent is read: a chain of thousands of generated files would
        // otherwise be read (and recursed into) to the end.
        if chain.len() >= chain::parent_file::MAX_CHAIN {
            return Err(Box::new(chain::parent_file::too_deep(file, place)));
        }
        let (parent_path, shown) = self.find_referenced(path, file, reference, Wanted::Parent)?;
        let canonical = self.canonical_or_resolved(&parent_path);
        if chain.contains(&canonical) {
            return Err(Box::new(chain::parent_file::cycle(file, place, &shown)));
        }
        let parent = self
            .load_in_chain(&parent_path, &shown, None, sources, chain)
            .map_err(|unreadable| {
                let reason = unreadable.message.clone();
                Box::new(chain::parent_file::not_found(file, place, &shown, reason))
            })?;
        if parent.amendment.is_some() {
            return Err(Box::new(chain::parent_file::is_amendment(file, place, &shown)));
        }
        Ok(parent)
    }

    /// An amendment's base found, read (as an outline when large) and checked against its
    /// own parent, and the amendment applied to it. The amendment stands in `chain` while
    /// its base's parents are loaded: a parent that is this amendment closes a circle
    /// (without it, a plan refining an amendment of itself was followed 64 levels deep).
    pub(super) fn apply(
        &self,
        here: Here<'_>,
        document: &Document,
        sources: &mut SourceSet,
        chain: &mut Vec<PathBuf>,
    ) -> Result<Applying, Box<Diagnostic>> {
        chain.push(self.canonical_or_resolved(here.path));
        let applied = self.apply_in_chain(here, document, sources, chain);
        chain.pop();
        applied
    }

    fn apply_in_chain(
        &self,
        here: Here<'_>,
        document: &Document,
        sources: &mut SourceSet,
        chain: &mut Vec<PathBuf>,
    ) -> Result<Applying, Box<Diagnostic>> {
        let Here { path, name, file } = here;
        let reference = amend::base_reference(file, document)?;
        let (base_path, shown) = self.find_referenced(path, file, &reference, Wanted::AmendedPlan)?;
        let place = reference.path.as_ref().unwrap_or(&reference.number).span;
        let (base_file, decode_error) = self.read_named(&base_path, &shown, sources).map_err(|unreadable| {
            let reason = unreadable.message.clone();
            Box::new(amend::base::not_found(file, place, &shown, reason))
        })?;
        if let Some(diagnostic) = decode_error {
            return Err(Box::new(diagnostic));
        }
        // A large base is read as an outline: only the matters the amendment names keep
        // their rules (its whole tree is about 30 times its text).
        let base_document = amend::outline(base_file, sources.text(base_file), document)?;
        if base_document.amendment_header().is_some() {
            return Err(Box::new(amend::base::base_is_amendment(file, place, &shown)));
        }
        let parent = match refines_reference(&base_document) {
            Some(reference) => {
                chain.push(self.canonical_or_resolved(&base_path));
                let parent = self.load_parent(&base_path, base_file, &reference, sources, chain);
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
}

/// How messages name an amendment: its 文号, else its title.
pub(super) fn amendment_number(document: &Document) -> Option<String> {
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

/// The plan an applied amendment makes, compiled whole (and held).
pub(super) fn compiled_whole(here: Here<'_>, applied: Applied, parent: Option<Loaded>) -> Loaded {
    let result = compile_consolidated(applied, CONSOLIDATED, clean_parent(parent.as_ref()));
    Loaded {
        consolidated: result.consolidated,
        renames: result.renames,
        parent: parent.map(Box::new),
        ..Loaded::alone(here.name, here.path, result.compiled)
    }
}

/// A loaded parent as the plans below it are checked against it, when it is clean.
pub(super) fn clean_parent(parent: Option<&Loaded>) -> Option<chain::Parent<'_>> {
    let (plan, tables) = parent?.compiled.clean_plan()?;
    Some(chain::Parent { plan, tables })
}

/// The `细化` of a plan's header, as a reference to find like an amendment's base.
pub(super) fn refines_reference(document: &Document) -> Option<BaseReference> {
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

/// A plan (file `file`) whose parent has errors: the parent's diagnostics, and E0027 on
/// the `细化` that names it. Nothing is checked against a parent that is not sound.
pub(super) fn unusable_parent(parent: &Loaded, file: FileId, reference: &BaseReference) -> Compiled {
    let place = reference.path.as_ref().unwrap_or(&reference.number).span;
    let mut diagnostics = parent.compiled.diagnostics.clone();
    diagnostics.push(chain::parent_file::has_errors(file, place, &parent.name));
    Compiled {
        plan: None,
        tables: Vec::new(),
        diagnostics,
    }
}
