//! The examples in README.md and docs/language.md are real: every fenced block that is a
//! whole document (starts with a header) checks without errors.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use quanze::compile::compile;

fn documents_in(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start().starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(block), true) => {
                let first = block.trim_start();
                if first.starts_with("文件") || first.starts_with("policy") {
                    blocks.push(block.clone());
                }
                current = None;
            }
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

#[test]
fn documented_examples_check_clean() {
    for file in ["README.md", "docs/language.md"] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let markdown = std::fs::read_to_string(&path).expect("readable");
        let documents = documents_in(&markdown);
        assert!(!documents.is_empty(), "{file} has examples");
        for document in documents {
            let compiled = compile(0, &document);
            let errors: Vec<_> = compiled
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.en.clone())
                .collect();
            assert!(errors.is_empty(), "{file}: example fails: {errors:?}\n{document}");
        }
    }
}
