//! Running the `quanze` binary from the CLI tests (each test file is its own crate, so
//! they share this module by `mod common;`).

use assert_cmd::Command;

/// Runs `quanze` with `args`, colours off: exit code, standard output, standard error.
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::cargo_bin("quanze")
        .expect("the quanze binary")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("quanze runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
