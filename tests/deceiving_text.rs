//! Names and text that deceive (issue 14): plans are untrusted input, pasted and
//! half-edited. Names that look the same are the same name or refused; control
//! characters never reach a terminal, a DMN file or a Markdown viewer raw.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::run;
use quanze::compile::{compile, compile_amendment_texts};

const HEADER: &str = "文件 \"示例\" { 文号 \"示例〔2024〕1号\" }\n层级 自治区 > 盟市\n";

/// A plan of two matters whose names are `first` and `second`, decided differently.
fn two_matters(first: &str, second: &str) -> String {
    format!(
        "{HEADER}事项 {first} \"作品登记\" => 自治区 § \"一(二)1\"\n事项 {second} \"作品登记\" => 盟市 § \"一(二)2\"\n"
    )
}

fn write(folder: &Path, name: &str, text: &str) -> String {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("writes the plan");
    path.to_string_lossy().into_owned()
}

/// Before: each of these printed a CSV of two rows both reading `作品登记` (or `作品登記`
/// and the like), decided differently, at exit 0.
#[test]
fn names_that_look_the_same_are_never_two_matters_at_exit_0() {
    let folder = tempfile::tempdir().expect("temp dir");
    let cases = [
        ("作品\u{200D}登记", "E0031", "U+200D ZERO WIDTH JOINER"),
        ("作品\u{200C}登记", "E0031", "U+200C ZERO WIDTH NON-JOINER"),
        ("作品\u{034F}登记", "E0031", "U+034F COMBINING GRAPHEME JOINER"),
        ("作品登记\u{FE0F}", "E0031", "U+FE0F VARIATION SELECTOR-16"),
        ("\u{3164}", "E0031", "U+3164 HANGUL FILLER"),
        // U+F900 is a compatibility ideograph of U+8C48 豈.
        ("\u{F900}品登记", "E0002", "U+F900 CJK COMPATIBILITY IDEOGRAPH-F900"),
        // Full-width letters are a slip for half-width ones.
        ("ＩＰ登记", "E0002", "U+FF29 FULLWIDTH LATIN CAPITAL LETTER I"),
        // NFD: e + U+0301 is é.
        ("cafe\u{0301}登记", "E0002", "U+0301 COMBINING ACUTE ACCENT"),
    ];
    let first_of = |second: &str| match second {
        s if s.starts_with('\u{F900}') => "\u{8C48}品登记",
        s if s.starts_with('Ｉ') => "IP登记",
        s if s.starts_with("cafe") => "caf\u{E9}登记",
        _ => "作品登记",
    };
    for (second, code, named) in cases {
        let plan = write(folder.path(), "plan.qz", &two_matters(first_of(second), second));
        let (status, stdout, stderr) = run(&["table", "--format", "csv", &plan]);
        assert_eq!(status, Some(1), "{second:?}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{second:?}: no table: {stdout}");
        assert!(stderr.contains(code), "{second:?}: {code} in {stderr}");
        assert!(stderr.contains(named), "{second:?}: {named} in {stderr}");
    }
}

/// Cyrillic among Latin letters is reported on the letter; Chinese mixed with Latin is not.
#[test]
fn a_cyrillic_letter_in_a_latin_word_is_reported_and_chinese_with_latin_is_not() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = write(folder.path(), "plan.qz", &two_matters("IP登记", "\u{0421}opyright登记"));
    let (status, _, stderr) = run(&["check", &plan]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stderr.contains("W0009"), "{stderr}");
    assert!(stderr.contains("U+0421 CYRILLIC CAPITAL LETTER ES"), "{stderr}");
    assert_eq!(
        stderr.matches("warning[W0009]").count(),
        1,
        "IP登记 is not reported: {stderr}"
    );
}

/// A name is compared normalised across files: an amendment naming `ＡＩ审查` (full-width)
/// changes the base's `AI审查`, with W0008 on the amendment's words.
#[test]
fn an_amendment_finds_a_matter_written_in_another_form() {
    let base = format!("{HEADER}事项 AI审查 \"AI 辅助审查\" => 自治区 § \"一1\"\n");
    let amendment = "修正案 \"修改\" { 文号 \"示例〔2025〕1号\" 印发 2025-01-01 修正 \"示例〔2024〕1号\" }\n\
                     修改事项 ＡＩ审查 { 更改 \"一1\" => 盟市 § \"修正一\" }\n";
    let compiled = compile_amendment_texts(&base, amendment).compiled;
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let slip = compiled.diagnostics.iter().find(|d| d.code.as_str() == "W0008");
    let label = slip.and_then(|d| d.primary.as_ref()).expect("W0008 with a label");
    assert_eq!(label.file, 1, "on the amendment");
}

/// W0010 anywhere, once per character; not again for a character refused in a name.
#[test]
fn bidirectional_controls_are_reported_wherever_they_are() {
    let plan =
        format!("{HEADER}# 注释\u{202E}反转\n事项 作品登记 \"作品\u{2066}登记\u{2069}\" => 自治区 § \"一(二)1\"\n");
    let compiled = compile(0, &plan);
    let bidi: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "W0010")
        .collect();
    assert_eq!(bidi.len(), 3, "{:?}", compiled.diagnostics);
    let in_name = "文件 \"示例\" { 文号 \"示例\u{202E}1号\" }\n层级 自治区 > 盟市\n";
    let codes: Vec<&str> = compile(0, in_name)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"E0031") && !codes.contains(&"W0010"), "{codes:?}");
}

/// Before: the DMN of a plan whose wording and citation held a form feed (as text copied
/// from a PDF does) was written at exit 0 and was not well-formed XML.
#[test]
fn a_control_character_in_a_quotation_never_reaches_a_dmn_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = write(
        folder.path(),
        "plan.qz",
        &format!(
            "{HEADER}事项 作品登记 \"作品\u{C}登记\" => 自治区 § \"一(\u{C}二)1\" \"作品登记\u{C}由自治区负责\"\n\
             事项 专利 \"专利\" => 盟市 § \"一(二)2\"\n"
        ),
    );
    let out = folder.path().join("plan.dmn");
    let (status, _, stderr) = run(&["table", &plan, "--format", "dmn", "-o", &out.to_string_lossy()]);
    if out.exists() {
        // Whatever was written must be XML; xmllint says whether it is.
        if let Ok(lint) = Command::new("xmllint").arg("--noout").arg(&out).output() {
            assert!(
                lint.status.success(),
                "not well-formed: {}",
                String::from_utf8_lossy(&lint.stderr)
            );
        }
    }
    assert_eq!(status, Some(1), "{stderr}");
    assert!(stderr.contains("E0032"), "{stderr}");
    assert!(stderr.contains("U+000C <control>"), "{stderr}");
    assert!(!out.exists(), "nothing written");
}

/// Before: the snippet of an error carried the wording's ESC sequences raw to the
/// terminal (OSC 52 sets the clipboard, `ESC [2J` clears the screen, hiding the error).
/// Now each control character is shown as its sign (`␛`), one character for one, and the
/// labels still point at the drafter's characters.
#[test]
fn an_escape_sequence_in_a_wording_never_reaches_the_terminal() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = write(
        folder.path(),
        "plan.qz",
        &format!("{HEADER}事项 作品登记 \"作品登记\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J\" => 自治去 § \"一(二)1\"\n"),
    );
    let (status, _, stderr) = run(&["check", &plan]);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{stderr:?}");
    assert!(stderr.contains("␛]52;c;cm0gLXJmIH4=␇␛[2J"), "{stderr}");
    // E0003's carets stand under 自治去 in the escaped line.
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("E0003"))
        .expect("E0003 is reported");
    let snippet = lines[at..]
        .iter()
        .find(|l| l.contains("=> 自治去"))
        .expect("its snippet");
    let carets = lines[at..].iter().find(|l| l.contains("^^^^^^")).expect("its carets");
    let before = snippet.split("自治去").next().unwrap_or_default();
    let width = unicode_width::UnicodeWidthStr::width(before);
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(carets.split('^').next().unwrap_or_default()),
        width,
        "{snippet}\n{carets}"
    );
}

/// Before: the Markdown table and the diff memo passed a wording's or a reason's HTML and
/// image syntax through, to run or load in a Markdown viewer.
#[test]
fn markdown_shows_html_and_images_as_text() {
    let folder = tempfile::tempdir().expect("temp dir");
    let hostile = "<script>alert(1)</script>![x](http://example.com/a.png)<img src=x onerror=alert(1)>|`code`";
    let plan = |outcome: &str| {
        format!(
            "{HEADER}事项 作品登记 \"{hostile}\" => {outcome} § \"一(二)1\" \"{hostile}\"\n\
             事项 专利 \"专利\" => 盟市 § \"一(二)2\"\n"
        )
    };
    let old = write(folder.path(), "old.qz", &plan("自治区"));
    let new = write(folder.path(), "new.qz", &plan(&format!("待定 \"{hostile}\"")));
    let (status, table, stderr) = run(&["table", &old]);
    assert_eq!(status, Some(0), "{stderr}");
    let (status, tbd_table, stderr) = run(&["table", &new]);
    assert_eq!(status, Some(0), "{stderr}");
    let (status, memo, stderr) = run(&["diff", &old, &new]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(memo.contains("待定"), "the memo shows the change: {memo}");
    for markdown in [&table, &tbd_table, &memo] {
        assert!(
            !markdown.contains("<script") && !markdown.contains("<img"),
            "{markdown}"
        );
        // An image or link needs `](` (or `][`, `]:`) with the `]` unescaped.
        let unescaped_link = markdown
            .match_indices("](")
            .any(|(at, _)| !markdown[..at].ends_with('\\'));
        assert!(!unescaped_link, "no image or link syntax: {markdown}");
        assert!(markdown.contains("![x\\](http"), "shown as text: {markdown}");
        assert!(
            markdown.contains("&lt;script>alert(1)&lt;/script>"),
            "shown as text: {markdown}"
        );
        assert!(markdown.contains("\\|\\`code\\`"), "{markdown}");
    }
    // The row keeps its five cells: the `|` in the reason does not cut one.
    let row = tbd_table
        .lines()
        .find(|l| l.starts_with("| ") && l.contains("alert"))
        .expect("the reason's row");
    assert_eq!(row.matches(" | ").count(), 4, "{row}");
}
