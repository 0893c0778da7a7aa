//! Every output of a chain of plans and an amendment written in English, asked for in
//! English, is English throughout: no Chinese character and no full-width mark that the
//! plans do not hold themselves (they hold none). Before, `query --chain` headed each plan
//! with `【】`, `diff` wrote `Title（number）`, and tables `to be determined（reason）`.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/english");

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{4E00}'..='\u{9FFF}')
}

/// `quanze --lang en ARGS` in the fixtures' folder: its exit code and everything it wrote.
fn english(args: &[&str]) -> (Option<i32>, String) {
    let output = assert_cmd::Command::cargo_bin("quanze")
        .expect("binary")
        .current_dir(FIXTURES)
        .arg("--lang")
        .arg("en")
        .args(args)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), text)
}

#[test]
fn the_plans_are_english_through_and_through() {
    for plan in ["parent.qz", "child.qz", "amendment.qz"] {
        let text = std::fs::read_to_string(Path::new(FIXTURES).join(plan)).expect("fixture");
        assert!(!text.chars().any(is_chinese), "{plan}");
    }
}

#[test]
fn every_output_in_english_is_english() {
    let mut asked: Vec<Vec<&str>> = vec![
        vec!["check", "child.qz"],
        vec!["check", "amendment.qz"],
        vec!["check", "child.qz", "--format", "json"],
        vec!["diff", "parent.qz", "amendment.qz"],
        vec!["diff", "parent.qz", "amendment.qz", "--format", "json"],
        vec!["consolidate", "amendment.qz"],
        vec![
            "query",
            "child.qz",
            "--matter",
            "enforcement",
            "--when",
            "impact=other",
            "--chain",
        ],
        vec!["query", "child.qz", "--matter", "foo", "--unlisted", "--chain"],
        vec![
            "query",
            "amendment.qz",
            "--matter",
            "enforcement",
            "--when",
            "impact=other",
        ],
        vec!["query", "child.qz", "--list"],
    ];
    for plan in ["parent.qz", "child.qz", "amendment.qz"] {
        for format in ["md", "csv", "json", "dmn"] {
            asked.push(vec!["table", plan, "--format", format]);
        }
    }
    for format in ["md", "csv", "json"] {
        asked.push(vec!["table", "child.qz", "--chain", "--format", format]);
    }
    for args in &asked {
        let (code, text) = english(args);
        assert_eq!(code, Some(0), "{args:?}\n{text}");
        let chinese: String = text.chars().filter(|c| is_chinese(*c)).collect();
        assert!(chinese.is_empty(), "{args:?} says {chinese:?}:\n{text}");
    }
    // English brackets with a space before them after a word.
    let (_, table) = english(&["table", "child.qz", "--format", "md"]);
    assert!(table.contains("to be determined (to be agreed)"), "{table}");
    let (_, diff) = english(&["diff", "parent.qz", "amendment.qz"]);
    assert!(diff.contains("Parent plan (sample) (P-2024-1)"), "{diff}");
    let (_, query) = english(&["query", "child.qz", "--matter", "foo", "--unlisted", "--chain"]);
    assert!(query.starts_with("[P-2024-1]\n"), "{query}");
    assert!(
        query.contains("to be determined\n"),
        "no colon without a reason: {query}"
    );
}
