//! One fixture per diagnostic code and keyword language (`CODE-what.zh.qz` with Chinese
//! keywords, rendered in Chinese; `CODE-what.en.qz` with English keywords, rendered in
//! English). Each snapshot holds the source and the rendered diagnostics, and each fixture
//! must produce the code its name starts with.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use quanze::compile::compile;
use quanze::report::{SourceSet, render_plain};
use quanze::source::decode;
use quanze::text::Lang;

#[test]
fn every_fixture_renders_its_diagnostic() {
    insta::glob!("fixtures/diagnostics/*.qz", |path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lang = if name.ends_with(".en.qz") { Lang::En } else { Lang::Zh };
        let bytes = std::fs::read(path).unwrap_or_default();
        let (source, decode_error) = decode(0, &name, bytes);
        let mut sources = SourceSet::default();
        let file = sources.add(source);
        let text = sources.text(file);
        let diagnostics = match decode_error {
            Some(diagnostic) => vec![diagnostic],
            None => compile(file, text).diagnostics,
        };
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

#[test]
fn every_code_has_a_fixture_in_both_languages() {
    let names: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnostics"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    for code in quanze::diagnostic::Code::ALL {
        // E0019 (a file that cannot be read) has no text to put in a fixture: tests/cli.rs.
        if code == quanze::diagnostic::Code::E0019 {
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
