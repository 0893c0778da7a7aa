//! The workbench's files: the plans of the served folder, saving one atomically, and the
//! recovery file that keeps a plan's unsaved text while it is edited, so that a closed tab
//! or a stopped server loses nothing: the next opening offers it back.

use std::io::Write;
use std::path::{Path, PathBuf};

use quanze::workspace::{FileSystem, Unread};

use super::super::read::{Refusal, read_regular};
use super::super::real_files::{RealFiles, unread};
use super::super::write::{Problem, begin, io_words};
use quanze::text::Text;

/// Where recovery files are kept, inside the served folder (a name no plan search reads:
/// hidden, and its files do not end in `.qz`), one file per plan.
pub const RECOVERY_FOLDER: &str = ".quanze-recovery";

/// How deep and how many plans the file list goes, so that serving a large folder (a home
/// folder by mistake) stays quick.
const MAX_DEPTH: usize = 6;
const MAX_PLANS: usize = 2_000;

/// The real file system as the workbench reads it: as the command does, except that the
/// plans read are not remembered as the inputs of the process (the command refuses to
/// write over an input; the workbench saves the very file it read).
pub struct WorkbenchFiles;

impl FileSystem for WorkbenchFiles {
    fn read(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        read_regular(path).map(|(bytes, _)| bytes).map_err(unread)
    }

    fn look_into(&self, path: &Path) -> Result<Vec<u8>, Unread> {
        RealFiles.look_into(path)
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        RealFiles.canonical(path)
    }

    fn plan_files(&self, folder: &Path) -> Option<Vec<PathBuf>> {
        RealFiles.plan_files(folder)
    }

    fn current_folder(&self) -> Option<PathBuf> {
        RealFiles.current_folder()
    }
}

/// The plans under `root`, as paths relative to it with `/`, sorted; hidden folders,
/// `target` and `node_modules` left out.
pub fn plans_under(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![(root.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                let skipped = name.starts_with('.') || name == "target" || name == "node_modules";
                if !skipped && depth < MAX_DEPTH {
                    folders.push((path, depth + 1));
                }
            } else if name.ends_with(".qz")
                && found.len() < MAX_PLANS
                && let Ok(relative) = path.strip_prefix(root)
            {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    found
}

/// The recovery file of the plan `relative` (as the page names it), to read or remove: only
/// a regular file in a real folder `.quanze-recovery` of `root`, never through a link (a
/// folder received from elsewhere may carry links that lead out of it).
pub fn existing_recovery(root: &Path, relative: &str) -> Option<PathBuf> {
    let folder = root.join(RECOVERY_FOLDER);
    let is_real_folder = std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_dir());
    let file = folder.join(recovery_name(relative));
    let is_real_file = std::fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_file());
    (is_real_folder && is_real_file).then_some(file)
}

/// The recovery file of the plan `relative`, to write: the folder made when missing; refused
/// when the folder or the file is anything but a real folder and a regular file (a link).
pub fn recovery_to_write(root: &Path, relative: &str) -> Result<PathBuf, Text> {
    let folder = root.join(RECOVERY_FOLDER);
    let refused = || {
        Text::new(
            format!("`{RECOVERY_FOLDER}` 或其中的文件不是普通目录或文件（可能是链接），未写入恢复文件"),
            format!(
                "`{RECOVERY_FOLDER}` or a file in it is not a plain folder or file (a link?): no recovery file written"
            ),
        )
    };
    match std::fs::symlink_metadata(&folder) {
        Ok(metadata) if metadata.file_type().is_dir() => {}
        Ok(_) => return Err(refused()),
        // `create_dir` makes the folder itself: a link put there meanwhile makes it fail.
        Err(_) => std::fs::create_dir(&folder).map_err(|error| io_words(&error))?,
    }
    let file = folder.join(recovery_name(relative));
    match std::fs::symlink_metadata(&file) {
        Ok(metadata) if !metadata.file_type().is_file() => Err(refused()),
        _ => Ok(file),
    }
}

/// One file name for a plan's path in the folder: `/` and `%` written `%2F` and `%25`.
fn recovery_name(relative: &str) -> String {
    format!("{}.recovery", relative.replace('%', "%25").replace('/', "%2F"))
}

/// Writes `text` to `path` atomically (a temporary file renamed over it).
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Text> {
    let pending = begin(path).map_err(|problem| match problem {
        Problem::Refused(reason) => reason,
        Problem::Io(error) => io_words(&error),
    })?;
    pending
        .file()
        .write_all(text.as_bytes())
        .and_then(|()| pending.commit())
        .map_err(|error| io_words(&error))
}

/// The text of a file as UTF-8, or why not.
pub fn read_text(path: &Path) -> Result<String, Text> {
    let (bytes, _) = read_regular(path).map_err(|refusal| match refusal {
        Refusal::TooLarge(_) => Text::new("文件过大", "the file is too large"),
        Refusal::NotRegular(what) => what,
        Refusal::Io(error) => io_words(&error),
    })?;
    String::from_utf8(bytes).map_err(|_| Text::new("不是 UTF-8 编码的文本", "not UTF-8 text"))
}
