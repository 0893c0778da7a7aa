//! Reading plans and writing outputs.

use std::io::{IsTerminal, Write};
use std::path::Path;

use quanze::compile::{Compiled, compile};
use quanze::diagnostic::Diagnostic;
use quanze::report::{self, SourceSet};
use quanze::source::{self, MAX_SOURCE_BYTES, SourceFile};
use quanze::text::{Lang, Text};

/// Reads a plan into `sources` and compiles it. A file that cannot be read, or is too
/// large to read, is a diagnostic without a place (E0019, E0018); bytes that are not
/// UTF-8 stop the file at E0017.
pub fn compile_file(path: &Path, sources: &mut SourceSet) -> Result<(String, Compiled), Box<Diagnostic>> {
    let (source, decode_error) = load(path, sources.next_id())?;
    let name = source.name.clone();
    let file = sources.add(source);
    let compiled = match decode_error {
        Some(diagnostic) => Compiled::stopped(diagnostic),
        None => compile(file, sources.text(file)),
    };
    Ok((name, compiled))
}

fn load(path: &Path, file_id: usize) -> Result<(SourceFile, Option<Diagnostic>), Box<Diagnostic>> {
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| Box::new(source::unreadable(&name, &io_reason(&e))))?;
    if metadata.is_dir() {
        let reason = Text::new("这是一个目录", "it is a directory");
        return Err(Box::new(source::unreadable(&name, &reason)));
    }
    if metadata.len() > MAX_SOURCE_BYTES {
        return Err(Box::new(source::too_large(&name, metadata.len())));
    }
    let bytes = std::fs::read(path).map_err(|e| Box::new(source::unreadable(&name, &io_reason(&e))))?;
    Ok(source::decode(file_id, &name, bytes))
}

fn io_reason(error: &std::io::Error) -> Text {
    match error.kind() {
        std::io::ErrorKind::NotFound => Text::new("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => Text::new("没有读取权限", "permission denied"),
        _ => Text::new(error.to_string(), error.to_string()),
    }
}

/// Diagnostics for people, on stderr: coloured on a terminal, plain otherwise.
pub fn print_diagnostics(sources: &SourceSet, diagnostics: &[Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        return;
    }
    if std::io::stderr().is_terminal() {
        report::render_to_terminal(sources, diagnostics, lang);
    } else {
        eprint!("{}", report::render_plain(sources, diagnostics, lang));
    }
}

/// Writes `contents` to `path` without ever leaving a half-written file: the text goes
/// to a temporary file in the same folder, which then replaces `path` in one rename. On
/// any failure the previous file at `path`, if any, is untouched.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    temporary.write_all(contents.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}
