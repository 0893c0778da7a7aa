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

/// The TextMate grammar (grammar/quanze.tmLanguage.json, for VS Code and most editors):
/// every pattern compiles (node's RegExp, whose syntax for these patterns is Oniguruma's),
/// every keyword in both spellings is coloured as one, and a name that begins like a
/// keyword (`事项战略`, `levelsA`) is not.
#[test]
fn the_textmate_grammar_colours_every_keyword_and_no_name() {
    let node = Command::new("node").arg("--version").output().is_ok();
    if !node {
        let message = "the grammar test needs node";
        assert!(
            std::env::var("QUANZE_EXTERNAL_TESTS").as_deref() != Ok("require"),
            "{message}"
        );
        eprintln!("skipped: {message}");
        return;
    }
    let keywords: Vec<&str> = quanze::syntax::keywords::all()
        .iter()
        .flat_map(|k| [k.zh, k.en])
        .collect();
    let grammar = concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/quanze.tmLanguage.json");
    let script = r#"
const fs = require('fs');
const [grammarPath, keywordsJson] = process.argv.slice(1);
const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
const patterns = [];
const walk = (node) => {
  if (node && typeof node === 'object') {
    if (typeof node.match === 'string') patterns.push([node.name, new RegExp(node.match, 'u')]);
    Object.values(node).forEach(walk);
  }
};
walk(grammar.repository);
const keyword = new RegExp('^(?:' + grammar.repository.keyword.match + ')$', 'u');
const missed = JSON.parse(keywordsJson).filter((k) => !keyword.test(k));
if (missed.length) { console.error('not coloured: ' + missed.join(', ')); process.exit(1); }
const inName = new RegExp(grammar.repository.keyword.match, 'u');
for (const name of ['事项战略', 'levelsA', '盟市级']) {
  if (inName.test(name)) { console.error('a name coloured as a keyword: ' + name); process.exit(1); }
}
console.log('ok ' + patterns.length);
"#;
    let keywords_json = serde_json::to_string(&keywords).expect("JSON");
    let output = Command::new("node")
        .args(["-e", script, grammar, &keywords_json])
        .output()
        .expect("node runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    assert!(said.starts_with("ok "), "{said}");
}
