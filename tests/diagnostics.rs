//! One fixture per diagnostic code and keyword language (`CODE-what.zh.qz` with Chinese
//! keywords, rendered in Chinese; `CODE-what.en.qz` with English keywords, rendered in
//! English). Each snapshot holds the source and the rendered diagnostics, and each fixture
//! must produce the code its name starts with.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use quanze::chain::Parent;
use quanze::compile::{compile, compile_amendment_texts, compile_refining};
use quanze::diagnostic::Diagnostic;
use quanze::render::{SourceSet, render_plain};
use quanze::source::decode;
use quanze::text::Lang;

/// The fixture at `path` compiled as the CLI would (an amendment against
/// tests/fixtures/amendment-base.LANG.qz, a child against chain-parent.LANG.qz, file 0):
/// its sources, its text's file, its diagnostics, and the language of its keywords.
fn compiled_fixture(path: &std::path::Path) -> (SourceSet, usize, Vec<Diagnostic>, Lang) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lang = if name.ends_with(".en.qz") { Lang::En } else { Lang::Zh };
    let bytes = std::fs::read(path).unwrap_or_default();
    let mut sources = SourceSet::default();
    // An amendment fixture amends tests/fixtures/amendment-base.LANG.qz (file 0).
    let is_amendment = String::from_utf8_lossy(&bytes).contains(if lang == Lang::En {
        "amendment \""
    } else {
        "修正案 \""
    });
    let base_name = if lang == Lang::En {
        "amendment-base.en.qz"
    } else {
        "amendment-base.zh.qz"
    };
    // A fixture that refines a plan refines tests/fixtures/chain-parent.LANG.qz (file 0).
    let is_child = String::from_utf8_lossy(&bytes).contains(if lang == Lang::En { "refines \"" } else { "细化 \"" });
    let parent_name = if lang == Lang::En {
        "chain-parent.en.qz"
    } else {
        "chain-parent.zh.qz"
    };
    for (wanted, file_name) in [(is_amendment, base_name), (is_child, parent_name)] {
        if wanted {
            let base_path = path
                .parent()
                .and_then(|p| p.parent())
                .map(|p| p.join(file_name))
                .expect("fixtures folder");
            let base = std::fs::read(base_path).expect("base or parent plan");
            sources.add(decode(0, file_name, base).0);
        }
    }
    let (source, decode_error) = decode(sources.next_id(), &name, bytes);
    let file = sources.add(source);
    let text = sources.text(file);
    let diagnostics = match decode_error {
        Some(diagnostic) => vec![diagnostic],
        None if is_amendment => {
            compile_amendment_texts(sources.text(0), text, lang)
                .compiled
                .diagnostics
        }
        None if is_child => {
            let parent = compile(0, sources.text(0));
            let (plan, tables) = parent.clean_plan().expect("the parent fixture checks clean");
            compile_refining(file, text, Some(Parent { plan, tables })).diagnostics
        }
        None => compile(file, text).diagnostics,
    };
    (sources, file, diagnostics, lang)
}

#[test]
fn every_fixture_renders_its_diagnostic() {
    insta::glob!("fixtures/diagnostics/*.qz", |path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (sources, file, diagnostics, lang) = compiled_fixture(path);
        let text = sources.text(file);
        let expected_code = name.get(..5).unwrap_or_default();
        assert!(
            diagnostics.iter().any(|d| d.code.as_str() == expected_code),
            "{name} should produce {expected_code}, got {:?}",
            diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
        );
        let rendered = render_plain(&sources, &diagnostics, lang);
        insta::assert_snapshot!(format!("{text}\n----- diagnostics -----\n{rendered}"));
    });
}

/// Chinese punctuation quanze itself writes: in an English message it can only be a
/// Chinese word of ours leaking through (a list joined with `、`, `（无文号）`).
const CHINESE_PUNCTUATION: &[char] = &[
    '、', '，', '：', '；', '（', '）', '。', '《', '》', '【', '】', '！', '？',
];

/// A line of a rendered English diagnostic without what comes from the drafter's text: a
/// quoted source line (`12 │ …`), and what stands between backticks or quotation marks.
fn ours(line: &str) -> String {
    if line
        .trim_start()
        .split_once('│')
        .is_some_and(|(number, _)| number.trim().chars().all(|c| c.is_ascii_digit()))
    {
        return String::new();
    }
    let mut kept = String::new();
    let mut closing: Option<char> = None;
    for c in line.chars() {
        match (closing, c) {
            (None, '`') => closing = Some('`'),
            (None, '"') => closing = Some('"'),
            (None, '“') => closing = Some('”'),
            (Some(end), c) if c == end => closing = None,
            (Some(_), _) => {}
            (None, c) => kept.push(c),
        }
    }
    kept
}

/// Every fixture, whatever the language of its keywords, rendered in English: no Chinese
/// punctuation of ours. `tr!` once filled both languages from one argument, so a list
/// joined for Chinese reached English messages (W0006: `enforcement、publicity`).
#[test]
fn english_messages_carry_no_chinese_punctuation_of_ours() {
    let mut leaks = Vec::new();
    insta::glob!("fixtures/diagnostics/*.qz", |path| {
        let (sources, _, diagnostics, _) = compiled_fixture(path);
        let rendered = render_plain(&sources, &diagnostics, Lang::En);
        for line in rendered.lines() {
            if ours(line).contains(CHINESE_PUNCTUATION) {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                leaks.push(format!("{name}: {line}"));
            }
        }
    });
    assert!(
        leaks.is_empty(),
        "Chinese punctuation in English messages:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn every_code_has_a_fixture_in_both_languages() {
    let names: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnostics"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    for code in quanze::diagnostic::Code::ALL {
        // E0019 (a file that cannot be read) has no text to put in a fixture, and E0023 (a
        // path leaving the project folder) needs a folder: both are in tests/cli.rs. E0033
        // (past Excel's limits) is found only when a workbook is asked for, and needs a
        // 32,768-character quotation: tests/workbook.rs, in both languages.
        use quanze::diagnostic::Code;
        if matches!(code, Code::E0019 | Code::E0023 | Code::E0033) {
            continue;
        }
        for suffix in [".zh.qz", ".en.qz"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(code.as_str()) && n.ends_with(suffix)),
                "no fixture {}*{suffix}",
                code.as_str()
            );
        }
    }
}
