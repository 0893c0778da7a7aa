//! The plans of a folder by their 文号, for a `细化` or `修正` that names no file. A
//! folder is read once per command (a chain found by 文号 asks the same folder at every
//! level), and only files inside the project folder are read: a link in the folder that
//! leads outside it is not followed, as an explicit path would be refused (E0023).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use quanze::ast::{HeaderField, Item};
use quanze::syntax;

use super::read::read_regular;

/// One folder's plans, in name order.
pub struct Index {
    /// Each plan file inside the project folder: its canonical path and its 文号.
    plans: Vec<(PathBuf, Option<String>)>,
    /// How many `.qz` files lead outside the project folder (not read).
    pub outside: usize,
}

impl Index {
    /// The plans (in name order) with the 文号 `number`, other than `except`.
    pub fn numbered(&self, number: &str, except: &Path) -> Vec<&Path> {
        self.plans
            .iter()
            .filter(|(path, found)| found.as_deref() == Some(number) && path != except)
            .map(|(path, _)| path.as_path())
            .collect()
    }
}

/// The indexes built so far by this process (one command): (folder, project folder),
/// both canonical.
type Indexes = Vec<((PathBuf, PathBuf), Arc<Index>)>;
static INDEXES: Mutex<Indexes> = Mutex::new(Vec::new());

/// The index of `folder` (canonical), reading only what lies in `root` (canonical).
/// `None` when the folder cannot be listed.
pub fn index(folder: &Path, root: &Path) -> Option<Arc<Index>> {
    let key = (folder.to_path_buf(), root.to_path_buf());
    if let Some((_, index)) = INDEXES.lock().ok()?.iter().find(|(k, _)| *k == key) {
        return Some(Arc::clone(index));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "qz"))
        .collect();
    files.sort();
    let mut plans = Vec::new();
    let mut outside = 0;
    for file in files {
        let Ok(real) = file.canonicalize() else {
            continue;
        };
        if !real.starts_with(root) {
            outside += 1;
            continue;
        }
        let number = plan_number(&real);
        plans.push((real, number));
    }
    let index = Arc::new(Index { plans, outside });
    INDEXES.lock().ok()?.push((key, Arc::clone(&index)));
    Some(index)
}

/// The 文号 of the plan in `path`, if it is a readable plan that has one.
fn plan_number(path: &Path) -> Option<String> {
    let (bytes, _) = read_regular(path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let document = syntax::parse(0, &text).ok()?;
    document.items.iter().find_map(|item| match item {
        Item::Header(header) => header.fields.iter().find_map(|field| match field {
            HeaderField::Number(number) => Some(number.value.clone()),
            _ => None,
        }),
        _ => None,
    })
}

/// How a file found through a reference is named in messages and outputs: relative to
/// the current folder when that is inside the project folder `root` (canonical), else
/// relative to the project folder; so no folder name above the project reaches a
/// published file, and the names are the same in every checkout.
pub fn shown(real: &Path, root: &Path) -> String {
    let current = std::env::current_dir()
        .and_then(|current| current.canonicalize())
        .ok()
        .filter(|current| current.starts_with(root));
    let relative = match current {
        Some(current) => pathdiff::diff_paths(real, current),
        None => real.strip_prefix(root).ok().map(Path::to_path_buf),
    };
    relative.unwrap_or_else(|| real.to_path_buf()).display().to_string()
}
