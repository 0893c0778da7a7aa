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
//!
//! An interrupted run (Ctrl-C, `kill`: SIGINT, SIGTERM, SIGHUP) removes the temporary
//! files of its unfinished outputs, then ends by the signal it received, as if it had not
//! caught it: a shell reports 130, 143 or 129, and a shell loop stops at a Ctrl-C instead
//! of going on to its next command (which it does for a child that exits normally).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tempfile::TempPath;

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

/// Writes what `write` produces, piece by piece, to `output` (atomically, as
/// [`deliver_bytes`]) or to standard output: a large output (a report) is never held
/// whole. On a terminal it is gathered and shown through [`super::say`], which escapes
/// control characters.
pub fn deliver_streamed(
    output: Option<&Path>,
    lang: Lang,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Outcome {
    use std::io::IsTerminal;
    let Some(path) = output else {
        let stdout = std::io::stdout();
        if stdout.is_terminal() {
            let mut bytes = Vec::new();
            if let Err(error) = write(&mut bytes) {
                return stdout_failed(&error, lang);
            }
            return if super::say(&String::from_utf8_lossy(&bytes)) {
                Outcome::Clean
            } else {
                Outcome::Trouble
            };
        }
        let mut out = std::io::BufWriter::new(stdout.lock());
        return match write(&mut out).and_then(|()| out.flush()) {
            Ok(()) => Outcome::Clean,
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Clean,
            Err(error) => stdout_failed(&error, lang),
        };
    };
    let written = begin(path).and_then(|pending| {
        let mut out = std::io::BufWriter::new(pending.file());
        write(&mut out).and_then(|()| out.flush()).map_err(Problem::Io)?;
        drop(out);
        pending.commit().map_err(Problem::Io)
    });
    match written {
        Ok(()) => Outcome::Clean,
        Err(problem) => failed(path, &problem, lang),
    }
}

/// Writes a text to `path`, atomically.
fn deliver_bytes(path: &Path, bytes: &[u8], lang: Lang) -> Outcome {
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
        (Problem::Io(error), Lang::Zh) => eprintln!("错误：无法写入 `{shown}`：{}", io_words(error).zh),
        (Problem::Io(error), Lang::En) => eprintln!("error: cannot write `{shown}`: {}", io_words(error).en),
    }
    Outcome::Trouble
}

/// Says why standard output was not written; the exit status for it.
fn stdout_failed(error: &std::io::Error, lang: Lang) -> Outcome {
    let words = io_words(error);
    match lang {
        Lang::Zh => eprintln!("错误：无法写入标准输出：{}", words.zh),
        Lang::En => eprintln!("error: cannot write to standard output: {}", words.en),
    }
    Outcome::Trouble
}

/// Why a write failed, in the drafter's language where the reason is a common one, and
/// never naming the hidden temporary file the output was being written to (tempfile's
/// errors end with its path, `.tmpXXXXXX`, which the drafter never chose or saw: the
/// system's error inside is said instead).
pub fn io_words(error: &std::io::Error) -> Text {
    use std::io::ErrorKind;
    let inner = error
        .get_ref()
        .and_then(|wrapped| wrapped.source())
        .and_then(|source| source.downcast_ref::<std::io::Error>());
    if let Some(inner) = inner {
        return io_words(inner);
    }
    match error.kind() {
        ErrorKind::NotFound => Text::new("所在的文件夹不存在", "its folder does not exist"),
        ErrorKind::PermissionDenied => Text::new("没有写入权限", "permission denied"),
        ErrorKind::StorageFull => Text::new("磁盘空间不足", "the disk is full"),
        ErrorKind::QuotaExceeded => Text::new("超出磁盘配额", "the disk quota is exceeded"),
        ErrorKind::ReadOnlyFilesystem => Text::new("文件系统只读", "the file system is read-only"),
        ErrorKind::FileTooLarge => Text::new("文件超过系统允许的大小", "the file is larger than the system allows"),
        // The operating system's words for the error alone, without a path.
        _ => {
            let words = match error.raw_os_error() {
                Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
                // Not from the system: one of quanze's own reasons.
                None => error.to_string(),
            };
            Text::new(words.clone(), words)
        }
    }
}

/// An output being written: a temporary file beside its destination. The temporary file's
/// path is held by [`TEMPORARIES`], not here, so that an interruption can remove it.
pub struct Pending {
    file: File,
    temporary: PathBuf,
    destination: PathBuf,
}

/// The temporary files of the outputs not yet committed. Each is created and registered,
/// committed (renamed) and unregistered, or dropped (removed) and unregistered, with the
/// lock held; the interruption handler removes them all with the lock held and ends the
/// process without letting it go. So a temporary file is either committed by its writer
/// or removed, never left behind, and no output is committed after an interruption.
static TEMPORARIES: Mutex<Vec<TempPath>> = Mutex::new(Vec::new());

/// The registry, even if a thread panicked while holding it: the list itself stays valid.
fn temporaries() -> MutexGuard<'static, Vec<TempPath>> {
    TEMPORARIES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts writing to `path`, once it is known to be a file quanze may replace.
pub fn begin(path: &Path) -> Result<Pending, Problem> {
    let destination = destination(path)?;
    let folder = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    watch_interruptions();
    let pending = {
        let mut temporaries = temporaries();
        let (file, temporary) = tempfile::NamedTempFile::new_in(folder)
            .map_err(Problem::Io)?
            .into_parts();
        let pending = Pending {
            file,
            temporary: temporary.to_path_buf(),
            destination,
        };
        temporaries.push(temporary);
        pending
    };
    // A temporary file is private (0600); the output is an ordinary file: it keeps the
    // permissions of the file it replaces, or gets the usual ones.
    let permissions = std::fs::metadata(&pending.destination)
        .map(|existing| existing.permissions())
        .ok()
        .or_else(usual_permissions);
    if let Some(permissions) = permissions {
        pending.file.set_permissions(permissions).map_err(Problem::Io)?;
    }
    Ok(pending)
}

impl Pending {
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The output, complete, replaces its destination.
    pub fn commit(self) -> std::io::Result<()> {
        self.file.sync_all()?;
        let mut temporaries = temporaries();
        let found = temporaries
            .iter()
            .position(|registered| **registered == *self.temporary)
            .ok_or_else(|| std::io::Error::other("the temporary file was removed"))?;
        // Renamed with the lock held: the interruption handler cannot remove it meanwhile.
        // A failed rename drops the temporary file, which removes it.
        temporaries
            .swap_remove(found)
            .persist(&self.destination)
            .map_err(|e| e.error)
    }
}

impl Drop for Pending {
    /// An output given up (a failed write, an error found late): its temporary file is
    /// removed, under the lock like everything done to the registry.
    fn drop(&mut self) {
        let mut temporaries = temporaries();
        if let Some(found) = temporaries
            .iter()
            .position(|registered| **registered == *self.temporary)
        {
            drop(temporaries.swap_remove(found));
        }
    }
}

/// From the first output on, SIGINT, SIGTERM and SIGHUP remove every registered temporary
/// file, then end the process by that signal. The signals are watched by a thread of their
/// own (signal-hook's self-pipe), since removing files and taking a lock are not things a
/// signal handler may do. Set up once; `begin` returns only after it is in place, so no
/// temporary file exists unwatched. Should it fail (no thread, no pipe), the signals keep
/// their usual effect: the output is still written atomically, only an interruption would
/// leave the temporary file, as it did before.
#[cfg(unix)]
fn watch_interruptions() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        let (ready, watching) = std::sync::mpsc::channel();
        // The signals are registered on the thread that waits for them: if the thread
        // cannot be made, none is caught and ignored for want of a waiter.
        let spawned = std::thread::Builder::new().name("interruptions".into()).spawn(move || {
            let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]);
            // The receiver waits for this very message; nothing to do if it is gone.
            let _ = ready.send(());
            if let Ok(mut signals) = signals
                && let Some(signal) = signals.forever().next()
            {
                let mut temporaries = temporaries();
                // Dropping a temporary path removes its file.
                temporaries.clear();
                // Ends the process (the lock still held): the signal's own default action.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
        if spawned.is_ok() {
            // Returns once the signals are registered, or once the thread ended without.
            let _ = watching.recv();
        }
    });
}

/// Elsewhere an interrupted run may leave its temporary file (the output stays as it was).
#[cfg(not(unix))]
fn watch_interruptions() {}

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

#[cfg(test)]
mod tests {
    use super::io_words;

    /// tempfile wraps the system's error with the temporary file's path; what is said is
    /// the system's error alone (it ended with `at path "…/.tmpXXXXXX"`).
    #[test]
    fn a_temporary_files_error_is_said_without_its_path() {
        let folder = std::env::temp_dir().join("quanze-no-such-folder").join("deeper");
        let Err(error) = tempfile::NamedTempFile::new_in(&folder) else {
            panic!("a temporary file in a folder that does not exist");
        };
        assert!(error.to_string().contains(".tmp"), "tempfile names its path: {error}");
        assert_eq!(io_words(&error).en, "its folder does not exist");
        // A kind without words of its own: the system's words, no path.
        let wrapped = std::io::Error::other(Wrapped(std::io::Error::from_raw_os_error(24)));
        let words = io_words(&wrapped);
        assert!(
            words.en.contains("os error 24") && !words.en.contains(".tmp"),
            "{}",
            words.en
        );
        assert_eq!(io_words(&std::io::Error::other("own reason")).zh, "own reason");
    }

    /// An error wrapping the system's, as tempfile's `PathError` does.
    #[derive(Debug)]
    struct Wrapped(std::io::Error);

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{} at path \"/x/.tmpAbC123\"", self.0)
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
}
