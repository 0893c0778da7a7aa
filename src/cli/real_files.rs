//! The real file system, as the workspace reads it: only regular files, never more than
//! the size limit (`read.rs`), each one remembered as an input of the command so that no
//! output replaces it.

use std::path::{Path, PathBuf};

use quanze::text::Text;
use quanze::workspace::{FileSystem, Unread};

use super::read::{Refusal, read_input, read_regular};

/// The file system the command runs on.
pub struct RealFiles;

impl FileSystem for RealFiles {
    fn read(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        read_input(path).map_err(unread)
    }

    fn look_into(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        read_regular(path).map(|(bytes, _)| bytes).map_err(unread)
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }

    fn plan_files(&self, folder: &Path) -> Option<Vec<PathBuf>> {
        let plans = std::fs::read_dir(folder)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "qz"))
            .collect();
        Some(plans)
    }

    fn current_folder(&self) -> Option<PathBuf> {
        std::env::current_dir().and_then(|current| current.canonicalize()).ok()
    }
}

/// Why a file was not read, in the workspace's terms (for its diagnostic).
pub fn unread(refusal: Refusal) -> Unread {
    match refusal {
        Refusal::TooLarge(size) => Unread::TooLarge(size),
        Refusal::NotRegular(what) => Unread::NotRegular(what),
        Refusal::Io(error) => match error.kind() {
            std::io::ErrorKind::NotFound => Unread::Missing,
            std::io::ErrorKind::PermissionDenied => Unread::Other(Text::new("没有读取权限", "permission denied")),
            _ => Unread::Other(Text::new(error.to_string(), error.to_string())),
        },
    }
}
