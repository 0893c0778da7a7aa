//! `quanze fmt`: plans and amendments rewritten in the canonical layout (`quanze::format`),
//! each in place and atomically; `--check` writes nothing and names the files that would
//! change.

use std::path::{Path, PathBuf};

use std::io::Write;

use quanze::format::{Keywords, NotFormatted, Sink, format_into};
use quanze::render::SourceSet;
use quanze::source;
use quanze::text::{Lang, Text};
use quanze::workspace::refused;

use super::Outcome;
use super::files::print_diagnostics;
use super::read::read_regular;
use super::real_files::unread;
use super::write::{Pending, Problem, begin, failed};

#[derive(clap::Args)]
pub struct Args {
    /// 要排版的方案或修正案，或目录（其中所有 .qz 文件）/ plans or amendments to format, or folders (every .qz file in them)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// 不写文件，只列出排版会改动的文件（有则退出码为 1）/ write nothing; name the files formatting would change (exit 1 if any)
    #[arg(long)]
    check: bool,

    /// 关键字的语言：zh 中文，en English，keep 保持原样 / the keywords' language: zh, en, or keep as written
    #[arg(long, value_enum, default_value = "keep")]
    keywords: KeywordLanguage,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KeywordLanguage {
    Zh,
    En,
    Keep,
}

impl From<KeywordLanguage> for Keywords {
    fn from(language: KeywordLanguage) -> Self {
        match language {
            KeywordLanguage::Zh => Keywords::Zh,
            KeywordLanguage::En => Keywords::En,
            KeywordLanguage::Keep => Keywords::Keep,
        }
    }
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    let mut outcome = Outcome::Clean;
    for path in plan_files(&args.files, lang) {
        outcome = outcome.max(match path {
            Some(path) => format_file(&path, args, lang),
            None => Outcome::Trouble,
        });
    }
    outcome
}

/// The files named, a folder standing for the `.qz` files in it and its subfolders, in
/// name order; `None` for a folder that holds none (said on stderr: a mistyped folder
/// must not pass for a formatted one).
fn plan_files(named: &[PathBuf], lang: Lang) -> Vec<Option<PathBuf>> {
    let mut files = Vec::new();
    for path in named {
        if path.is_dir() {
            let mut found = Vec::new();
            plans_in(path, &mut found);
            if found.is_empty() {
                let shown = path.display();
                match lang {
                    Lang::Zh => eprintln!("错误：目录 `{shown}` 中没有 .qz 文件"),
                    Lang::En => eprintln!("error: the folder `{shown}` holds no .qz file"),
                }
                files.push(None);
            }
            found.sort();
            files.extend(found.into_iter().map(Some));
        } else {
            files.push(Some(path.clone()));
        }
    }
    files
}

fn plans_in(folder: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        // Links are not followed: a folder linking to itself would never end.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            plans_in(&path, found);
        } else if kind.is_file() && path.extension().is_some_and(|extension| extension == "qz") {
            found.push(path);
        }
    }
}

fn format_file(path: &Path, args: &Args, lang: Lang) -> Outcome {
    let name = path.display().to_string();
    let mut sources = SourceSet::default();
    // Read as a file only looked into, not as an input: fmt's output replaces it.
    let bytes = match read_regular(path) {
        Ok((bytes, _)) => bytes,
        Err(refusal) => {
            print_diagnostics(&sources, &[refused(&name, unread(refusal))], lang);
            return Outcome::Trouble;
        }
    };
    let (file, decode_error) = source::decode(sources.next_id(), &name, bytes);
    let file = sources.add(file);
    if let Some(diagnostic) = decode_error {
        print_diagnostics(&sources, &[diagnostic], lang);
        return Outcome::Findings;
    }
    let text = sources.text(file);
    // Compared as it is made, and written beside the file from the first difference on
    // (an already formatted file, even in a read-only folder, is never touched); with
    // `--check`, only compared.
    let destination = (!args.check).then_some(path);
    let mut compared = Compared::new(text, destination);
    let formatted = format_into(file, text, args.keywords.into(), &mut compared);
    let changed = !compared.same_as_source();
    let (pending, problem) = (compared.pending.take(), compared.failed.take());
    match formatted {
        Ok(()) => {}
        Err(NotFormatted::SyntaxErrors(errors)) => {
            print_diagnostics(&sources, &errors, lang);
            match lang {
                Lang::Zh => eprintln!("`{name}` 有语法错误，未排版"),
                Lang::En => eprintln!("`{name}` has syntax errors: it was not formatted"),
            }
            return Outcome::Findings;
        }
        Err(NotFormatted::MeaningChanged(why)) => {
            let why = why.get(lang);
            match lang {
                Lang::Zh => eprintln!("错误：`{name}` 未排版：{why}；这是 quanze 的缺陷，请报告此问题"),
                Lang::En => {
                    eprintln!("error: `{name}` was not formatted: {why}; this is a bug of quanze, please report it")
                }
            }
            return Outcome::Trouble;
        }
    }
    if !changed {
        return Outcome::Clean;
    }
    if args.check {
        match lang {
            Lang::Zh => eprintln!("需要排版：{name}"),
            Lang::En => eprintln!("would be formatted: {name}"),
        }
        return Outcome::Findings;
    }
    if let Some(problem) = problem {
        return failed(path, &problem, lang);
    }
    let Some(pending) = pending else {
        return failed(path, &Problem::Io(std::io::Error::other("no output was begun")), lang);
    };
    // An editor may have saved the file while it was formatted: replacing it now would
    // lose that text. Synced first, so that what is left is the instant between this
    // reading and the rename (commit syncs again, at no cost).
    if let Err(error) = pending.file().sync_all() {
        return failed(path, &Problem::Io(error), lang);
    }
    if !still_as_read(path, text) {
        drop(pending);
        return failed(path, &Problem::Refused(changed_meanwhile()), lang);
    }
    match pending.commit() {
        Ok(()) => {
            match lang {
                Lang::Zh => eprintln!("已排版：{name}"),
                Lang::En => eprintln!("formatted: {name}"),
            }
            Outcome::Clean
        }
        Err(error) => failed(path, &Problem::Io(error), lang),
    }
}

/// Whether the file at `path` still holds `text`, as it did when it was read. Compared a
/// piece at a time: read whole a second time, the file would add its size again to the
/// peak (tests/memory.rs).
fn still_as_read(path: &Path, text: &str) -> bool {
    use std::io::Read;
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    if !metadata.is_file() || metadata.len() != text.len() as u64 {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut expected = text.as_bytes();
    let mut piece = [0u8; 1 << 14];
    loop {
        match file.read(&mut piece) {
            Ok(0) => return expected.is_empty(),
            Ok(read) => match (piece.get(..read), expected.get(..read)) {
                (Some(got), Some(want)) if got == want => expected = expected.get(read..).unwrap_or_default(),
                _ => return false,
            },
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

fn changed_meanwhile() -> Text {
    Text::new(
        "排版期间文件被修改了（也许是编辑器保存了它）；为免丢失修改，未写入。请再运行一次 `quanze fmt`",
        "the file changed while it was formatted (an editor may have saved it); it was not replaced, so that nothing is lost. Run `quanze fmt` again",
    )
}

/// The formatted text compared with the file's as it comes, and, when there is a
/// `destination`, written to a file beside it from the first difference on.
struct Compared<'a> {
    source: &'a str,
    /// How much of the file the formatted text has matched so far.
    matched: usize,
    same: bool,
    destination: Option<&'a Path>,
    pending: Option<Pending>,
    failed: Option<Problem>,
}

impl<'a> Compared<'a> {
    fn new(source: &'a str, destination: Option<&'a Path>) -> Self {
        Compared {
            source,
            matched: 0,
            same: true,
            destination,
            pending: None,
            failed: None,
        }
    }

    fn same_as_source(&self) -> bool {
        self.same && self.matched == self.source.len()
    }

    /// `text` written to the output, begun (with what matched so far) if it is not yet.
    fn write(&mut self, text: &str) {
        if self.failed.is_some() {
            return;
        }
        let Some(destination) = self.destination else {
            return;
        };
        if self.pending.is_none() {
            match begin(destination) {
                Ok(pending) => {
                    let before = self.source.get(..self.matched).unwrap_or("");
                    if let Err(error) = pending.file().write_all(before.as_bytes()) {
                        self.failed = Some(Problem::Io(error));
                    }
                    self.pending = Some(pending);
                }
                Err(problem) => {
                    self.failed = Some(problem);
                    return;
                }
            }
        }
        if let Some(pending) = &self.pending
            && let Err(error) = pending.file().write_all(text.as_bytes())
        {
            self.failed = Some(Problem::Io(error));
        }
    }
}

impl Sink for Compared<'_> {
    fn piece(&mut self, text: &str) {
        let end = self.matched + text.len();
        if self.same && self.source.get(self.matched..end) == Some(text) {
            self.matched = end;
            return;
        }
        self.same = false;
        self.write(text);
    }

    fn restart(&mut self) {
        self.matched = 0;
        self.same = true;
        self.failed = None;
        // What was written is void; the output is begun again at the next difference.
        self.pending = None;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::still_as_read;

    /// The guard before the rename: a file saved by someone else since it was read is not
    /// replaced (before it, fmt renamed its output over the newer text).
    #[test]
    fn a_file_changed_since_it_was_read_is_not_as_read() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("方案.qz");
        std::fs::write(&path, "层级 中央 > 地方\n").unwrap();
        assert!(still_as_read(&path, "层级 中央 > 地方\n"));
        std::fs::write(&path, "层级 中央 > 省 > 地方\n").unwrap();
        assert!(!still_as_read(&path, "层级 中央 > 地方\n"));
        std::fs::remove_file(&path).unwrap();
        assert!(!still_as_read(&path, "层级 中央 > 地方\n"));
    }
}
