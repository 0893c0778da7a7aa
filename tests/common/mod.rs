//! Running the `quanze` binary from the CLI tests (each test file is its own crate, so
//! they share this module by `mod common;`).

use std::path::Path;

use assert_cmd::Command;

/// Runs `quanze` with `args`, colours off: exit code, standard output, standard error.
#[allow(dead_code)] // each test crate includes this module; not all of them use this
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_in(Path::new("."), args)
}

/// [`run`] in the folder `folder`, as a user typing the command there.
#[allow(dead_code)] // each test crate includes this module; not all of them use this
pub fn run_in(folder: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::cargo_bin("quanze")
        .expect("the quanze binary")
        .env("NO_COLOR", "1")
        .current_dir(folder)
        .args(args)
        .output()
        .expect("quanze runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
