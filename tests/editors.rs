//! A real editor on `quanze lsp`: Debian's neovim (0.7), headless, with its built-in LSP
//! client and tests/nvim/lsp.lua, on a copy of the real plan and its parent: diagnostics as
//! typed (a rule taken out is a gap, put back it is gone), renaming a dimension, formatting. neovim is
//! installed by .ci/run (QUANZE_EXTERNAL_TESTS=require); elsewhere the test is skipped with
//! a message.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::process::Command;

fn neovim_present() -> bool {
    let present = Command::new("nvim").arg("--version").output().is_ok();
    if !present {
        let message = "the editor test needs neovim (Debian's package `neovim`)";
        assert!(
            std::env::var("QUANZE_EXTERNAL_TESTS").as_deref() != Ok("require"),
            "{message}"
        );
        eprintln!("skipped: {message}");
    }
    present
}

#[test]
fn neovim_s_client_gets_diagnostics_and_formatting() {
    if !neovim_present() {
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    for file in ["nmg-ip-2024-48.qz", "gbf-ip-2023-48-partial.qz"] {
        std::fs::copy(format!("policies/{file}"), folder.path().join(file)).expect("copy");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nvim/lsp.lua");
    let output = Command::new("nvim")
        .args([
            "--headless",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-c",
            &format!("luafile {script}"),
        ])
        .env("QUANZE_BIN", env!("CARGO_BIN_EXE_quanze"))
        .env("QUANZE_PLAN", folder.path().join("nmg-ip-2024-48.qz"))
        .env("HOME", folder.path())
        .current_dir(folder.path())
        .output()
        .expect("nvim runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    assert!(said.contains("ok"), "{said}");
}
