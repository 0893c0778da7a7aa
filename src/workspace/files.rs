//! The one door through which the compiler reaches files: a small trait, implemented on
//! the real file system by the command (`src/cli/real_files.rs`) and in memory here, for
//! tests and for an editor's unsaved text.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::source::MAX_SOURCE_BYTES;
use crate::text::Text;

/// Why a file was not read.
pub enum Unread {
    /// There is no such file.
    Missing,
    /// It is not a regular file (a folder, a device, a pipe, a socket): what it is.
    NotRegular(Text),
    /// Larger than [`MAX_SOURCE_BYTES`]: its size, when it is known.
    TooLarge(Option<u64>),
    /// Any other reason, in words (permission denied…).
    Other(Text),
}

/// What the compiler asks of a file system. Every path it is given is one the drafter
/// wrote or one this trait returned; the compiler confines what it reads to the project
/// folder by the canonical paths this trait gives.
pub trait FileSystem {
    /// The bytes of the regular file at `path`, never more than [`MAX_SOURCE_BYTES`]
    /// (a larger file is [`Unread::TooLarge`]). The file is an input of the command.
    fn read(&self, path: &Path) -> Result<Vec<u8>, Unread>;

    /// [`FileSystem::read`] of a file only looked into (the plans of a folder searched
    /// for a 文号), which is not an input of the command.
    fn look_into(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        self.read(path)
    }

    /// The path with every link, `.` and `..` resolved, when the file or folder exists.
    fn canonical(&self, path: &Path) -> Option<PathBuf>;

    /// The `.qz` files of `folder` (not resolved), in any order; `None` when it cannot be
    /// listed.
    fn plan_files(&self, folder: &Path) -> Option<Vec<PathBuf>>;

    /// The current folder, canonical, when there is one: names of files found through a
    /// reference are shown relative to it.
    fn current_folder(&self) -> Option<PathBuf>;
}

/// Files held in memory: the in-memory twin of the real file system, for tests and for
/// text not yet saved. Paths are resolved lexically against the current folder (`/`
/// unless set): there are no links.
#[derive(Clone)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, Vec<u8>>,
    current: PathBuf,
}

impl Default for MemoryFiles {
    fn default() -> Self {
        MemoryFiles {
            files: BTreeMap::new(),
            current: PathBuf::from("/"),
        }
    }
}

impl MemoryFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// The same files, with `folder` (resolved against the current one) as the current
    /// folder.
    pub fn in_folder(mut self, folder: impl AsRef<Path>) -> Self {
        self.current = self.resolved(folder.as_ref());
        self
    }

    /// The file at `path` holds `bytes` from now on.
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        let path = self.resolved(path.as_ref());
        self.files.insert(path, bytes.into());
    }

    /// [`MemoryFiles::insert`], as a builder.
    pub fn with(mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) -> Self {
        self.insert(path, bytes);
        self
    }

    /// `path` made absolute against the current folder, `.` and `..` resolved.
    fn resolved(&self, path: &Path) -> PathBuf {
        lexically_resolved(&self.current.join(path))
    }

    fn is_folder(&self, path: &Path) -> bool {
        path == Path::new("/") || self.files.keys().any(|file| file.starts_with(path) && file != path)
    }
}

/// `path` with `.` and `..` resolved without a file system (`..` above the root stays at
/// the root, as in a real one).
pub fn lexically_resolved(path: &Path) -> PathBuf {
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => resolved.push(other.as_os_str()),
        }
    }
    resolved
}

impl FileSystem for MemoryFiles {
    fn read(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        let path = self.resolved(path);
        match self.files.get(&path) {
            Some(bytes) if bytes.len() as u64 > MAX_SOURCE_BYTES => Err(Unread::TooLarge(Some(bytes.len() as u64))),
            Some(bytes) => Ok(bytes.clone()),
            None if self.is_folder(&path) => Err(Unread::NotRegular(Text::new("这是一个目录", "it is a directory"))),
            None => Err(Unread::Missing),
        }
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        let path = self.resolved(path);
        (self.files.contains_key(&path) || self.is_folder(&path)).then_some(path)
    }

    fn plan_files(&self, folder: &Path) -> Option<Vec<PathBuf>> {
        let folder = self.resolved(folder);
        if !self.is_folder(&folder) {
            return None;
        }
        let plans = self
            .files
            .keys()
            .filter(|file| file.parent() == Some(folder.as_path()))
            .filter(|file| file.extension().is_some_and(|extension| extension == "qz"))
            .cloned()
            .collect();
        Some(plans)
    }

    fn current_folder(&self) -> Option<PathBuf> {
        Some(self.current.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_current_folder_without_links() {
        let files = MemoryFiles::new()
            .in_folder("/project")
            .with("a.qz", "A")
            .with("sub/b.qz", "B");
        assert_eq!(
            files.canonical(Path::new("sub/../a.qz")),
            Some(PathBuf::from("/project/a.qz"))
        );
        assert_eq!(files.canonical(Path::new("sub")), Some(PathBuf::from("/project/sub")));
        assert_eq!(files.canonical(Path::new("c.qz")), None);
        assert!(matches!(files.read(Path::new("./sub/b.qz")), Ok(bytes) if bytes == b"B"));
        assert!(matches!(files.read(Path::new("sub")), Err(Unread::NotRegular(_))));
        assert!(matches!(files.read(Path::new("c.qz")), Err(Unread::Missing)));
        assert_eq!(
            files.plan_files(Path::new(".")),
            Some(vec![PathBuf::from("/project/a.qz")])
        );
        assert_eq!(files.plan_files(Path::new("nowhere")), None);
    }
}
