//! Reading the drafter's files, which are untrusted input: only regular files are read
//! (a device never ends, a pipe may never open), never more than the size limit, and
//! every file a command reads is remembered so that no output of the command replaces it
//! (`write.rs`).

use std::fs::File;
use std::path::Path;
use std::sync::Mutex;

use quanze::source::{MAX_SOURCE_BYTES, read_at_most};
use quanze::text::Text;
use same_file::Handle;

/// Why a file was not read.
pub enum Refusal {
    /// It is not a regular file (a folder, a device, a pipe, a socket): what it is.
    NotRegular(Text),
    /// Larger than [`MAX_SOURCE_BYTES`]: its size, when the file system says it.
    TooLarge(Option<u64>),
    Io(std::io::Error),
}

/// The inputs read so far by this process (one command), with the names they were read
/// by: an output that is one of them is refused.
static INPUTS: Mutex<Vec<(Handle, String)>> = Mutex::new(Vec::new());

/// Reads the regular file at `path` (following symlinks), at most the size limit, and
/// remembers it as an input of the command.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Refusal> {
    let (bytes, file) = read_regular(path)?;
    if let Ok(handle) = Handle::from_file(file)
        && let Ok(mut inputs) = INPUTS.lock()
    {
        inputs.push((handle, path.display().to_string()));
    }
    Ok(bytes)
}

/// Reads the regular file at `path`, at most the size limit, without remembering it: for
/// files only looked into (the plans of a folder searched for a 文号).
pub fn read_regular(path: &Path) -> Result<(Vec<u8>, File), Refusal> {
    // Checked before opening: opening a pipe waits for a writer, maybe for ever.
    let metadata = std::fs::metadata(path).map_err(Refusal::Io)?;
    if !metadata.is_file() {
        return Err(Refusal::NotRegular(kind(&metadata)));
    }
    if metadata.len() > MAX_SOURCE_BYTES {
        return Err(Refusal::TooLarge(Some(metadata.len())));
    }
    let file = open_without_waiting(path).map_err(Refusal::Io)?;
    // The path may name something else by now: what counts is what was opened.
    let opened = file.metadata().map_err(Refusal::Io)?;
    if !opened.is_file() {
        return Err(Refusal::NotRegular(kind(&opened)));
    }
    // A file that grows while it is read is still read no further than the limit.
    let bytes = read_at_most(&file, MAX_SOURCE_BYTES, opened.len()).map_err(Refusal::Io)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(Refusal::TooLarge(None));
    }
    Ok((bytes, file))
}

/// The name under which `target` was read, if it is one of the command's inputs (the
/// same file, however it is named: links, `..`, another spelling).
pub fn input_named(target: &Path) -> Option<String> {
    let handle = Handle::from_path(target).ok()?;
    let inputs = INPUTS.lock().ok()?;
    inputs
        .iter()
        .find(|(input, _)| *input == handle)
        .map(|(_, name)| name.clone())
}

/// Opens for reading without blocking on a pipe that appeared after the check (on unix;
/// reads of a regular file are unaffected by the flag).
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular file is, in words.
pub fn kind(metadata: &std::fs::Metadata) -> Text {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return Text::new("这是一个目录", "it is a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_char_device() || file_type.is_block_device() {
            return Text::new("这是一个设备文件，不是普通文件", "it is a device, not a regular file");
        }
        if file_type.is_fifo() {
            return Text::new(
                "这是一个命名管道（FIFO），不是普通文件",
                "it is a named pipe (FIFO), not a regular file",
            );
        }
        if file_type.is_socket() {
            return Text::new("这是一个套接字，不是普通文件", "it is a socket, not a regular file");
        }
    }
    Text::new("这不是普通文件", "it is not a regular file")
}
