//! Writing outputs. An output is written to a temporary file in the folder of its
//! destination, which then replaces the destination in one rename: a failed run leaves
//! the old file as it was. The destination is checked first:
//!
//! - one of the files the command read (the plan, its parent or base, a source text),
//!   however named, is refused: the output would replace its own input;
//! - a symbolic link is followed: the file it points to is written (atomically), the link
//!   stays; a link to nothing is refused;
//! - anything but a regular file (a device, a pipe, a socket, a folder) is refused: a
//!   rename would replace the node itself, and writing through it is not atomic.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use quanze::text::{Lang, Text};
use quanze::tr;

use super::Outcome;
use super::read::{input_named, kind};

/// Writes `text` to `output`, or to standard output when there is none.
pub fn deliver(output: Option<&Path>, text: &str, lang: Lang) -> Outcome {
    let Some(path) = output else {
        return if super::say(text) {
            Outcome::Clean
        } else {
            Outcome::Trouble
        };
    };
    deliver_bytes(path, text.as_bytes(), lang)
}

/// Writes bytes (a text, a workbook) to `path`, atomically.
pub fn deliver_bytes(path: &Path, bytes: &[u8], lang: Lang) -> Outcome {
    let written = begin(path).and_then(|pending| {
        pending.file().write_all(bytes).map_err(Problem::Io)?;
        pending.commit().map_err(Problem::Io)
    });
    match written {
        Ok(()) => Outcome::Clean,
        Err(problem) => failed(path, &problem, lang),
    }
}

/// Why an output was not written.
pub enum Problem {
    /// The destination is not one quanze writes to: why.
    Refused(Text),
    Io(std::io::Error),
}

/// Says why `path` was not written; the exit status for it.
pub fn failed(path: &Path, problem: &Problem, lang: Lang) -> Outcome {
    let shown = path.display();
    match (problem, lang) {
        (Problem::Refused(why), Lang::Zh) => eprintln!("错误：不写入 `{shown}`：{}", why.zh),
        (Problem::Refused(why), Lang::En) => eprintln!("error: not writing `{shown}`: {}", why.en),
        (Problem::Io(error), Lang::Zh) => eprintln!("错误：无法写入 `{shown}`：{error}"),
        (Problem::Io(error), Lang::En) => eprintln!("error: cannot write `{shown}`: {error}"),
    }
    Outcome::Trouble
}

/// An output being written: a temporary file beside its destination.
pub struct Pending {
    temporary: tempfile::NamedTempFile,
    destination: PathBuf,
}

/// Starts writing to `path`, once it is known to be a file quanze may replace.
pub fn begin(path: &Path) -> Result<Pending, Problem> {
    let destination = destination(path)?;
    let folder = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temporary = tempfile::NamedTempFile::new_in(folder).map_err(Problem::Io)?;
    // A temporary file is private (0600); the output is an ordinary file: it keeps the
    // permissions of the file it replaces, or gets the usual ones.
    let permissions = std::fs::metadata(&destination)
        .map(|existing| existing.permissions())
        .ok()
        .or_else(usual_permissions);
    if let Some(permissions) = permissions {
        temporary.as_file().set_permissions(permissions).map_err(Problem::Io)?;
    }
    Ok(Pending { temporary, destination })
}

impl Pending {
    pub fn file(&self) -> &File {
        self.temporary.as_file()
    }

    /// The output, complete, replaces its destination.
    pub fn commit(self) -> std::io::Result<()> {
        self.temporary.as_file().sync_all()?;
        self.temporary.persist(&self.destination).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The file to replace for an output named `path`: the file a symlink points to, or
/// `path` itself; refused when it is not a regular file or is one of the inputs.
fn destination(path: &Path) -> Result<PathBuf, Problem> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let destination = if is_link {
        std::fs::canonicalize(path).map_err(|_| {
            Problem::Refused(Text::new(
                "它是一个符号链接，指向的文件不存在；请直接写明要写入的文件",
                "it is a symbolic link to a file that does not exist; name the file to write instead",
            ))
        })?
    } else {
        path.to_path_buf()
    };
    match std::fs::metadata(&destination) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(destination),
        Err(error) => Err(Problem::Io(error)),
        Ok(metadata) if metadata.is_file() => match input_named(&destination) {
            Some(input) => Err(Problem::Refused(tr!(
                "它就是本命令读取的输入 `{input}`；输出从不替换输入，请换一个输出文件",
                "it is `{input}`, which this command reads; an output never replaces an input: choose another output file"
            ))),
            None => Ok(destination),
        },
        Ok(metadata) => {
            let what = kind(&metadata);
            Err(Problem::Refused(Text::new(
                format!(
                    "{}；quanze 只写普通文件，不会替换设备、管道或目录（输出到屏幕请去掉 `-o`）",
                    what.zh
                ),
                format!(
                    "{}; quanze writes regular files only and never replaces a device, a pipe or a folder (leave out `-o` to write to standard output)",
                    what.en
                ),
            )))
        }
    }
}

#[cfg(unix)]
fn usual_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a temporary file already has ordinary permissions.
#[cfg(not(unix))]
fn usual_permissions() -> Option<std::fs::Permissions> {
    None
}
