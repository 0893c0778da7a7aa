//! The library is the compiler: it reads nothing, writes nothing and knows no terminal or
//! command line. Files, streams, the environment, processes and argument parsing belong to
//! the command (`src/main.rs`, `src/cli/`), which hands the library text and writers; the
//! language server and the workbench will do the same. `cargo build --lib
//! --no-default-features` (in `.ci/run`) proves the library builds without the command's
//! crates; this test fails on a use of what only the edge may use, anywhere else in `src/`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

/// What only the edge uses: IO of files and standard streams, the environment, processes,
/// threads and sockets, the terminal's colours, the command line's parser. A text check,
/// line by line: it reads no macro's expansion and no path written over several lines,
/// which `cargo clippy --lib --no-default-features` (in `.ci/run`) covers for the crates
/// only the command has.
const EDGE_ONLY: &[&str] = &[
    "std::fs",
    "std::io::stdout",
    "std::io::stderr",
    "std::io::stdin",
    "std::env",
    "std::process",
    "std::net",
    "std::thread",
    "File::",
    "OpenOptions",
    "println!",
    "eprintln!",
    "print!",
    "eprint!",
    "dbg!",
    "termcolor",
    "clap::",
    "tempfile",
    // The file system through a path, and the command's own crates.
    "canonicalize(",
    "read_dir(",
    ".metadata(",
    "symlink_metadata",
    ".exists()",
    "std::os::",
    "libc::",
    "signal_hook",
    "same_file",
    // A grouped import (`use std::{fs, env}`) would hide what it names: the library
    // names its std paths whole.
    "use std::{",
];

fn library_files(folder: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "cli") {
                library_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "main.rs") {
            out.push(path);
        }
    }
}

/// Whether `token` stands in `line` as a name of its own, not the end of a longer one
/// (`SimpleFile::new` is no `File::`).
fn uses(line: &str, token: &str) -> bool {
    line.match_indices(token).any(|(at, _)| {
        !line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn the_library_uses_nothing_only_the_edge_may_use() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    library_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "the library's files were not found: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for (number, line) in text.lines().enumerate() {
            // Comments may name what the code may not use.
            if line.trim_start().starts_with("//") {
                continue;
            }
            for token in EDGE_ONLY.iter().filter(|token| uses(line, token)) {
                let shown = file.strip_prefix(&src).unwrap_or(file).display();
                found.push(format!("src/{shown}:{}: `{token}` in `{}`", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the library must do no IO and know no terminal or command line (put it in src/cli/):\n{}",
        found.join("\n")
    );
}

/// The check itself sees a use, and not a longer name that ends like one.
#[test]
fn the_check_tells_a_use_from_a_longer_name() {
    assert!(uses("let file = std::fs::read(path);", "std::fs"));
    assert!(uses("    println!(\"x\");", "println!"));
    assert!(!uses("SimpleFile::new(name, text)", "File::"));
    assert!(!uses("eprintln!(\"x\")", "println!"));
}
