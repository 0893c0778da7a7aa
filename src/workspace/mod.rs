//! The workspace: the files of a project and everything that reads them. It finds the
//! plan a `细化` refines and the plan a `修正` amends (by path or by 文号), confines both to
//! the project folder, refuses circles and chains too deep, reads large plans part by
//! part, and compiles what it read. It reaches files only through a [`FileSystem`]: the
//! command gives it the real one, tests and editors [`MemoryFiles`] or unsaved text
//! ([`Workspace::update`]). Every surface — the command, the tests, the editors — loads
//! plans here and nowhere else.

mod files;
mod find;
mod folder;
mod in_force;
mod load;
mod stream;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use files::{FileSystem, MemoryFiles, Unread, lexically_resolved};
pub use find::refused;
pub use in_force::{DocumentInForce, InForce};
pub use load::Loaded;
pub use stream::{Amended, Held, PartsOf, Readied, Ready, Replay, Replayed, Streamable, Streaming};

use crate::diagnostic::Diagnostic;
use crate::render::SourceSet;

use folder::Index;

/// How references are resolved: what the command line may say instead of the header.
#[derive(Clone, Debug, Default)]
pub struct Resolving {
    /// The plan an amendment amends, whatever its header says.
    pub base: Option<PathBuf>,
    /// The project folder that referenced files must stay in (default: the folder of the
    /// file that refers to them).
    pub root: Option<PathBuf>,
}

/// The files of a project, read through a [`FileSystem`], with text not yet saved laid
/// over them, and the plans checked so far.
pub struct Workspace {
    files: Box<dyn FileSystem>,
    resolving: Resolving,
    /// Text not yet saved, by canonical path: read instead of the file.
    buffers: BTreeMap<PathBuf, String>,
    /// The folders indexed by 文号 so far.
    indexes: RefCell<Vec<Indexed>>,
    /// The canonical paths of the files read since the last [`Workspace::take_reads`].
    reads: RefCell<Vec<PathBuf>>,
    /// The plans checked by [`Workspace::check`], by canonical path.
    checked: BTreeMap<PathBuf, Checked>,
}

/// A folder indexed by 文号: (the folder, the project folder), both canonical, and its
/// index.
type Indexed = ((PathBuf, PathBuf), Rc<Index>);

/// A plan checked by [`Workspace::check`]: its sources (for rendering), the plan loaded
/// (or why it could not be read), and every file its check read.
pub struct Checked {
    /// The path the plan was first asked by: its diagnostics name it so, when it is
    /// checked again too.
    pub path: PathBuf,
    pub sources: SourceSet,
    pub loaded: Result<Loaded, Box<Diagnostic>>,
    pub reads: Vec<PathBuf>,
}

impl Workspace {
    pub fn new(files: impl FileSystem + 'static, resolving: Resolving) -> Self {
        Workspace {
            files: Box::new(files),
            resolving,
            buffers: BTreeMap::new(),
            indexes: RefCell::new(Vec::new()),
            reads: RefCell::new(Vec::new()),
            checked: BTreeMap::new(),
        }
    }

    /// The plan or amendment at `path` checked (with its chain), kept until a file it
    /// read changes.
    pub fn check(&mut self, path: &Path) -> &Checked {
        let key = self.canonical_or_resolved(path);
        let checked = match self.checked.remove(&key) {
            Some(checked) => checked,
            None => self.checked_now(path),
        };
        self.checked.entry(key).or_insert(checked)
    }

    /// The file at `path` reads `text` from now on (an editor's unsaved text): every plan
    /// checked so far that read it — the plan itself, a child when its parent changes, an
    /// amendment when its base changes — is checked again. Their canonical paths, in
    /// order.
    pub fn update(&mut self, path: &Path, text: String) -> Vec<PathBuf> {
        let key = self.canonical_or_resolved(path);
        self.buffers.insert(key.clone(), text);
        self.check_readers_again(&key)
    }

    /// The file at `path` reads from the file system again (an editor closed it without
    /// saving): the plans that read it are checked again, as by [`Workspace::update`].
    pub fn forget(&mut self, path: &Path) -> Vec<PathBuf> {
        let key = self.canonical_or_resolved(path);
        match self.buffers.remove(&key) {
            Some(_) => self.check_readers_again(&key),
            None => Vec::new(),
        }
    }

    /// Every plan checked so far that read the file `key` (canonical), checked again.
    fn check_readers_again(&mut self, key: &Path) -> Vec<PathBuf> {
        // A 文号 may have changed: folders are indexed again when asked.
        self.indexes.borrow_mut().clear();
        let stale: Vec<PathBuf> = self
            .checked
            .iter()
            .filter(|(_, checked)| checked.reads.iter().any(|read| read == key))
            .map(|(plan, _)| plan.clone())
            .collect();
        for plan in &stale {
            let asked = self
                .checked
                .get(plan)
                .map_or_else(|| plan.clone(), |checked| checked.path.clone());
            let checked = self.checked_now(&asked);
            self.checked.insert(plan.clone(), checked);
        }
        stale
    }

    fn checked_now(&self, path: &Path) -> Checked {
        self.reads.borrow_mut().clear();
        let mut sources = SourceSet::default();
        let loaded = self.load_plan(path, &mut sources);
        Checked {
            path: path.to_path_buf(),
            sources,
            loaded,
            reads: self.take_reads(),
        }
    }

    /// The canonical paths of the files read since the last call, in the order read.
    pub fn take_reads(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.reads.borrow_mut())
    }

    /// The bytes of the file at `path`: the unsaved text when there is one, else the
    /// file's. Every file read is remembered, for [`Workspace::update`].
    fn read(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        self.read_as(path, |files| files.read(path))
    }

    /// [`Workspace::read`] of a file only looked into ([`FileSystem::look_into`]); it is
    /// remembered all the same: a plan found by 文号 depends on every plan looked into.
    fn look_into(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        self.read_as(path, |files| files.look_into(path))
    }

    fn read_as(
        &self,
        path: &Path,
        read: impl FnOnce(&dyn FileSystem) -> Result<Vec<u8>, Unread>,
    ) -> Result<Vec<u8>, Unread> {
        let key = self.canonical_or_resolved(path);
        self.reads.borrow_mut().push(key.clone());
        match self.buffers.get(&key) {
            Some(text) => Ok(text.clone().into_bytes()),
            None => read(self.files.as_ref()),
        }
    }

    /// The path resolved by the file system, or, for a file that exists only as unsaved
    /// text, against the current folder.
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.files.canonical(path).or_else(|| {
            let key = self.canonical_or_resolved(path);
            self.buffers.contains_key(&key).then_some(key)
        })
    }

    /// The canonical path of `path`; for a file not (yet) on disk, its folder's canonical
    /// path and its name, so that unsaved text is keyed as the file will be once saved
    /// (through a linked folder too).
    fn canonical_or_resolved(&self, path: &Path) -> PathBuf {
        if let Some(canonical) = self.files.canonical(path) {
            return canonical;
        }
        let resolved = self.resolved(path);
        let folder = resolved.parent().and_then(|folder| self.files.canonical(folder));
        match (folder, resolved.file_name()) {
            (Some(folder), Some(name)) => folder.join(name),
            _ => resolved,
        }
    }

    fn resolved(&self, path: &Path) -> PathBuf {
        match self.files.current_folder() {
            Some(current) => lexically_resolved(&current.join(path)),
            None => lexically_resolved(path),
        }
    }

    /// The plan files of `folder`: the file system's and those that exist only as
    /// unsaved text.
    fn plan_files(&self, folder: &Path) -> Option<Vec<PathBuf>> {
        let mut files = self.files.plan_files(folder)?;
        let real = self.canonical(folder);
        for unsaved in self.buffers.keys() {
            if unsaved.parent() == real.as_deref()
                && unsaved.extension().is_some_and(|extension| extension == "qz")
                && self.files.canonical(unsaved).is_none()
            {
                files.push(unsaved.clone());
            }
        }
        Some(files)
    }
}
