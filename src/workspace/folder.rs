//! The plans of a folder by their 文号, for a `细化` or `修正` that names no file. A
//! folder is read once per workspace (a chain found by 文号 asks the same folder at every
//! level), and only files inside the project folder are read: a link in the folder that
//! leads outside it is not followed, as an explicit path would be refused (E0023).

use std::path::{Path, PathBuf};

use crate::ast::{HeaderField, Item};

use super::Workspace;

/// One folder's plans, in name order.
pub struct Index {
    /// Each plan file inside the project folder: its canonical path and its 文号.
    plans: Vec<(PathBuf, Option<String>)>,
    /// How many `.qz` files lead outside the project folder (not read).
    pub outside: usize,
}

impl Index {
    /// The index of `folder` (canonical), reading only what lies in `root` (canonical).
    /// `None` when the folder cannot be listed.
    pub fn of(files: &Workspace, folder: &Path, root: &Path) -> Option<Index> {
        let mut found = files.plan_files(folder)?;
        found.sort();
        let mut plans = Vec::new();
        let mut outside = 0;
        for file in found {
            let Some(real) = files.canonical(&file) else {
                continue;
            };
            if !real.starts_with(root) {
                outside += 1;
                continue;
            }
            let number = plan_number(files, &real);
            plans.push((real, number));
        }
        Some(Index { plans, outside })
    }

    /// The plan files read to make the index.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.plans.iter().map(|(path, _)| path.as_path())
    }

    /// The plans (in name order) with the 文号 `number`, other than `except`.
    pub fn numbered(&self, number: &str, except: &Path) -> Vec<&Path> {
        self.plans
            .iter()
            .filter(|(path, found)| found.as_deref() == Some(number) && path != except)
            .map(|(path, _)| path.as_path())
            .collect()
    }
}

/// The 文号 of the plan in `path`, if it is a readable plan whose header has one. Only the
/// header is read: a plan with a syntax error further down is still found by its 文号, and
/// then reported with its errors (E0027), not as missing.
fn plan_number(files: &Workspace, path: &Path) -> Option<String> {
    let bytes = files.look_into(path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let document = crate::compile::first_item(0, &text)?;
    document.items.iter().find_map(|item| match item {
        Item::Header(header) => header.fields.iter().find_map(|field| match field {
            HeaderField::Number(number) => Some(number.value.clone()),
            _ => None,
        }),
        _ => None,
    })
}

/// How a file found through a reference is named in messages and outputs: relative to
/// the current folder (`current`, canonical) when that is inside the project folder
/// `root` (canonical), else relative to the project folder; so no folder name above the
/// project reaches a published file, and the names are the same in every checkout.
pub fn shown(real: &Path, root: &Path, current: Option<&Path>) -> String {
    let relative = match current.filter(|current| current.starts_with(root)) {
        Some(current) => pathdiff::diff_paths(real, current),
        None => real.strip_prefix(root).ok().map(Path::to_path_buf),
    };
    relative.unwrap_or_else(|| real.to_path_buf()).display().to_string()
}
