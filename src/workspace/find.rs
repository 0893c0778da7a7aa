//! Finding the file a header refers to (by path, confined to the project folder, or by
//! 文号 in the referring file's folder), and reading files into a [`SourceSet`].

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::amend::{self, BaseReference};
use crate::chain;
use crate::diagnostic::Diagnostic;
use crate::render::SourceSet;
use crate::source::{self, SourceFile};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

use super::folder::{self, Index};
use super::{Unread, Workspace};

/// What a reference in a header names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    /// `修正`: the plan an amendment amends (the command's `--base` overrides it).
    AmendedPlan,
    /// `细化`: the plan a plan refines.
    Parent,
}

impl Workspace {
    /// The file a header refers to, and how to name it (see [`folder::shown`]): for an
    /// amendment the command's base first; else the file the header names (confined to
    /// the project folder), else the one plan in the referring file's folder with the
    /// named 文号.
    pub(super) fn find_referenced(
        &self,
        referring: &Path,
        file: FileId,
        reference: &BaseReference,
        wanted: Wanted,
    ) -> Result<(PathBuf, String), Box<Diagnostic>> {
        if let Some(base) = self.resolving.base.as_ref().filter(|_| wanted == Wanted::AmendedPlan) {
            return Ok((base.clone(), base.display().to_string()));
        }
        let folder = match referring.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let root = self.resolving.root.clone().unwrap_or_else(|| folder.clone());
        let place = reference.path.as_ref().unwrap_or(&reference.number);
        let (real_folder, real_root) = match (self.canonical(&folder), self.canonical(&root)) {
            (Some(real_folder), Some(real_root)) => (real_folder, real_root),
            _ => {
                let reason = Text::new("项目目录不存在", "the project folder does not exist");
                return Err(Box::new(not_found(wanted, file, place.span, &place.value, reason)));
            }
        };
        let Some(named) = &reference.path else {
            return self.find_by_number(&real_folder, &real_root, referring, file, reference, wanted);
        };
        let candidate = real_folder.join(&named.value);
        let shown = self.shown(&candidate, &real_root);
        let not_found = |reason: Text| Box::new(not_found(wanted, file, named.span, &shown, reason));
        let real = self
            .canonical(&candidate)
            .ok_or_else(|| not_found(Text::new("没有这个文件", "no such file")))?;
        if !real.starts_with(&real_root) {
            let root_shown = root.display().to_string();
            return Err(Box::new(amend::base::outside_root(
                file,
                named.span,
                &named.value,
                &root_shown,
            )));
        }
        let shown = self.shown(&real, &real_root);
        Ok((real, shown))
    }

    /// The plan in `folder` (canonical) whose 文号 is the one the referring file names,
    /// read only inside `root` (canonical).
    fn find_by_number(
        &self,
        folder: &Path,
        root: &Path,
        referring: &Path,
        file: FileId,
        reference: &BaseReference,
        kind: Wanted,
    ) -> Result<(PathBuf, String), Box<Diagnostic>> {
        let wanted = &reference.number.value;
        let not_found = |reason: Text| Box::new(not_found(kind, file, reference.number.span, wanted, reason));
        let index = self.index(folder, root).ok_or_else(|| {
            not_found(Text::new(
                "无法读取修正案所在目录",
                "the amendment's folder cannot be read",
            ))
        })?;
        let except = self.canonical_or_resolved(referring);
        let found = index.numbered(wanted, &except);
        if let [only] = found.as_slice() {
            return Ok((only.to_path_buf(), self.shown(only, root)));
        }
        if found.len() > 1 {
            // Two plans with one 文号 (a consolidated copy beside its base, say): choosing
            // one would be a guess, and a wrong one checks the plan against another text.
            let names: Vec<String> = found.iter().map(|path| self.shown(path, root)).collect();
            let names = crate::names::joined(names.iter().map(String::as_str));
            return Err(not_found(tr!(
                "目录中有几个方案的文号都是这个：{names}；请在文件头的文号后写明文件名",
                "several plans in the folder have this number: {names}; name the file after the number in the header";
                names
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

    /// The index of `folder` by 文号, built once (a chain found by 文号 asks the same
    /// folder at every level).
    fn index(&self, folder: &Path, root: &Path) -> Option<Rc<Index>> {
        let key = (folder.to_path_buf(), root.to_path_buf());
        if let Some((_, index)) = self.indexes.borrow().iter().find(|(k, _)| *k == key) {
            // Read for another plan, but this one depends on them as much.
            self.reads.borrow_mut().extend(index.files().map(Path::to_path_buf));
            return Some(Rc::clone(index));
        }
        let index = Rc::new(Index::of(self, folder, root)?);
        self.indexes.borrow_mut().push((key, Rc::clone(&index)));
        Some(index)
    }

    pub(super) fn shown(&self, real: &Path, root: &Path) -> String {
        let current = self.files.current_folder();
        folder::shown(real, root, current.as_deref())
    }

    /// Reads a file into `sources`: its id, its name, and E0017 if it is not UTF-8.
    pub fn read_into(
        &self,
        path: &Path,
        sources: &mut SourceSet,
    ) -> Result<(FileId, String, Option<Diagnostic>), Box<Diagnostic>> {
        let name = path.display().to_string();
        let (file, decode_error) = self.read_named(path, &name, sources)?;
        Ok((file, name, decode_error))
    }

    /// Reads a file into `sources` under `name`: its id, and E0017 if it is not UTF-8. A
    /// file that cannot be read, or is too large, is E0019 or E0018.
    pub(super) fn read_named(
        &self,
        path: &Path,
        name: &str,
        sources: &mut SourceSet,
    ) -> Result<(FileId, Option<Diagnostic>), Box<Diagnostic>> {
        let bytes = self.read(path).map_err(|unread| Box::new(refused(name, unread)))?;
        let (source, decode_error) = source::decode(sources.next_id(), name, bytes);
        Ok((sources.add(source), decode_error))
    }

    /// Reads a file as the source `file_id` (not yet in any [`SourceSet`]), as
    /// [`Workspace::read_into`] does: for a command that streams or loads what it read once.
    pub fn read_file(&self, path: &Path, file_id: FileId) -> Result<(SourceFile, Option<Diagnostic>), Box<Diagnostic>> {
        let name = path.display().to_string();
        let bytes = self.read(path).map_err(|unread| Box::new(refused(&name, unread)))?;
        Ok(source::decode(file_id, &name, bytes))
    }
}

fn not_found(wanted: Wanted, file: FileId, place: Span, looked_for: &str, reason: Text) -> Diagnostic {
    match wanted {
        Wanted::AmendedPlan => amend::base::not_found(file, place, looked_for, reason),
        Wanted::Parent => chain::parent_file::not_found(file, place, looked_for, reason),
    }
}

/// The diagnostic for a file that was not read: E0018 when too large, else E0019.
pub fn refused(name: &str, unread: Unread) -> Diagnostic {
    match unread {
        Unread::TooLarge(Some(bytes)) => source::too_large(name, bytes),
        Unread::TooLarge(None) => source::too_large_while_read(name),
        Unread::NotRegular(what) => source::unreadable(name, &what).note(Text::new(
            "quanze 只读取普通文件（不读设备、管道或套接字）",
            "quanze reads regular files only (not devices, pipes or sockets)",
        )),
        Unread::Missing => source::unreadable(name, &Text::new("文件不存在", "no such file")),
        Unread::Other(reason) => source::unreadable(name, &reason),
    }
}
