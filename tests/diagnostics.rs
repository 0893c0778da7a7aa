//! One fixture per diagnostic code and keyword language (`CODE-what.zh.qz` with Chinese
//! keywords, rendered in Chinese; `CODE-what.en.qz` with English keywords, rendered in
//! English). Each snapshot holds the source and the rendered diagnostics, and each fixture
//! must produce the code its name starts with.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

use quanze::diagnostic::Diagnostic;
use quanze::render::{SourceSet, render_plain};
use quanze::text::Lang;
use quanze::workspace::{MemoryFiles, Resolving, Workspace};

/// The fixture at `path` loaded through the library's workspace, as the command loads
/// it, from an in-memory folder holding the fixture and the plan its header names by 文号
/// (an amendment amends tests/fixtures/amendment-base.LANG.qz, a child refines
/// chain-parent.LANG.qz): its sources, its text's file, its diagnostics, and the language
/// of its keywords.
fn compiled_fixture(path: &Path) -> (SourceSet, usize, Vec<Diagnostic>, Lang) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lang = if name.ends_with(".en.qz") { Lang::En } else { Lang::Zh };
    let fixtures = path.parent().and_then(Path::parent).expect("the fixtures folder");
    let mut files = MemoryFiles::new().in_folder("/fixtures");
    files.insert(&name, std::fs::read(path).expect("the fixture"));
    for plan in ["amendment-base", "chain-parent"] {
        let plan = format!("{plan}.{}.qz", if lang == Lang::En { "en" } else { "zh" });
        files.insert(
            &plan,
            std::fs::read(fixtures.join(&plan)).expect("the base and the parent"),
        );
    }
    let workspace = Workspace::new(files, Resolving::default());
    let mut sources = SourceSet::default();
    let diagnostics = match workspace.load_plan(Path::new(&name), &mut sources) {
        Ok(loaded) => loaded.compiled.diagnostics,
        Err(unread) => vec![*unread],
    };
    (sources, 0, diagnostics, lang)
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

/// Every fixture written in English (`*.en.qz`), rendered in English: no Chinese
/// character outside what comes from the drafter's text — no Chinese word of ours.
#[test]
fn english_fixtures_render_without_chinese_words_of_ours() {
    let mut leaks = Vec::new();
    insta::glob!("fixtures/diagnostics/*.en.qz", |path| {
        let (sources, _, diagnostics, _) = compiled_fixture(path);
        let rendered = render_plain(&sources, &diagnostics, Lang::En);
        for line in rendered.lines() {
            if ours(line)
                .chars()
                .any(|c| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{4E00}'..='\u{9FFF}'))
            {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                leaks.push(format!("{name}: {line}"));
            }
        }
    });
    assert!(leaks.is_empty(), "Chinese in English messages:\n{}", leaks.join("\n"));
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
