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

/// Debian's chromium (or `$CHROMIUM`) and the npm packages of tests/js, for the tests that
/// drive a real browser: the browser's path, or `None` after saying the test is skipped — a
/// failure instead under QUANZE_EXTERNAL_TESTS=require (as in .ci/run).
#[allow(dead_code)] // each test crate includes this module; not all of them use this
pub fn browser() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let packages = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/js/node_modules/playwright-core"
    ));
    if Path::new(&chromium).exists() && packages.exists() {
        return Some(chromium);
    }
    let message = format!("the browser test needs {chromium} and `npm ci --prefix tests/js`");
    assert!(
        std::env::var("QUANZE_EXTERNAL_TESTS").as_deref() != Ok("require"),
        "{message}"
    );
    eprintln!("skipped: {message}");
    None
}
