//! One fixture per diagnostic code and keyword language (`CODE-what.zh.qz` with Chinese
//! keywords, rendered in Chinese; `CODE-what.en.qz` with English keywords, rendered in
//! English). Each snapshot holds the source and the rendered diagnostics, and each fixture
//! must produce the code its name starts with.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use quanze::chain::Parent;
use quanze::compile::{compile, compile_amendment_texts, compile_refining};
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
        let is_child =
            String::from_utf8_lossy(&bytes).contains(if lang == Lang::En { "refines \"" } else { "细化 \"" });
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
