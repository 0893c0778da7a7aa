//! The drafter's files as text. Reading bytes from disk is the CLI's job; this module
//! turns bytes into text the phases can read, or into a diagnostic saying why not.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tr;

/// Files larger than this are refused before they are read (E0018).
pub const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads from `reader` at most `limit` bytes and one more: one byte past the limit says
/// the source is too large, and no source (a device, a pipe) is read without end. Room for
/// the `expected` bytes (a file's size; never more than the limit) is made first, so a
/// file is read in one or two calls rather than in a dozen growing ones.
pub fn read_at_most(reader: impl std::io::Read, limit: u64, expected: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let room = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// One file to compile: its name as the drafter gave it, and its text. When the bytes
/// were not UTF-8, `text` is a lossy copy, kept so the error can show where it broke.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Decodes a file's bytes. Invalid UTF-8 is E0017, labelled at the first bad byte.
pub fn decode(file: FileId, name: &str, bytes: Vec<u8>) -> (SourceFile, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (
            SourceFile {
                name: name.to_string(),
                text,
            },
            None,
        ),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // The lossy copy is identical up to `offset`, where U+FFFD (3 bytes) stands.
            let span = Span::new(offset, (offset + '\u{FFFD}'.len_utf8()).min(text.len()));
            let diagnostic = Diagnostic::new(
                Code::E0017,
                tr!("文件不是 UTF-8 编码的文本", "the file is not UTF-8 text"),
            )
            .primary(
                file,
                span,
                tr!("从这里开始无法按 UTF-8 读取", "not valid UTF-8 from here"),
            )
            .note(tr!(
                "请把文件另存为 UTF-8 编码（例如在编辑器的“另存为”中选择 UTF-8）；GBK 等编码需先转换",
                "save the file as UTF-8 (most editors offer it under \"Save as\"); convert GBK or other encodings first"
            ));
            (
                SourceFile {
                    name: name.to_string(),
                    text,
                },
                Some(diagnostic),
            )
        }
    }
}

/// E0018 for a file over [`MAX_SOURCE_BYTES`].
pub fn too_large(name: &str, bytes: u64) -> Diagnostic {
    let megabytes = bytes / (1024 * 1024);
    let limit = MAX_SOURCE_BYTES / (1024 * 1024);
    Diagnostic::new(
        Code::E0018,
        tr!(
            "文件 `{name}` 有 {megabytes} MB，超过上限 {limit} MB",
            "file `{name}` is {megabytes} MB, more than the limit of {limit} MB"
        ),
    )
    .note(tr!("把方案拆成几个文件分别检查", "split the plan into several files"))
}

/// E0018 for a file found larger than [`MAX_SOURCE_BYTES`] while it was read (its size
/// was not known beforehand).
pub fn too_large_while_read(name: &str) -> Diagnostic {
    let limit = MAX_SOURCE_BYTES / (1024 * 1024);
    Diagnostic::new(
        Code::E0018,
        tr!(
            "文件 `{name}` 超过上限 {limit} MB",
            "file `{name}` is larger than the limit of {limit} MB"
        ),
    )
    .note(tr!("把方案拆成几个文件分别检查", "split the plan into several files"))
}

/// E0019: the file could not be read at all.
pub fn unreadable(name: &str, reason: &crate::text::Text) -> Diagnostic {
    Diagnostic::new(
        Code::E0019,
        tr!(
            "无法读取文件 `{name}`：{reason}",
            "cannot read file `{name}`: {reason}";
            reason = *reason
        ),
    )
}
