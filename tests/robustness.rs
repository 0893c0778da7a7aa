//! Bad input never panics or hangs: every input gets diagnostics, however wrong.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use quanze::compile::compile;
use quanze::source::decode;

const REAL_PLAN: &str = include_str!("../policies/nmg-ip-2024-48.qz");

/// Decodes and compiles like the CLI does; returns the codes reported.
fn codes_for(bytes: Vec<u8>) -> Vec<&'static str> {
    let (source, decode_error) = decode(0, "input.qz", bytes);
    if let Some(diagnostic) = decode_error {
        return vec![diagnostic.code.as_str()];
    }
    let mut sources = quanze::render::SourceSet::default();
    let file = sources.add(source);
    let compiled = compile(file, sources.text(file));
    // Rendering must not panic either.
    let _ = quanze::render::render_plain(&sources, &compiled.diagnostics, quanze::text::Lang::En);
    compiled.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn empty_file_reports_missing_declarations() {
    assert_eq!(codes_for(Vec::new()), vec!["E0016", "E0016"]);
}

#[test]
fn non_utf8_bytes_are_reported_where_they_start() {
    assert_eq!(codes_for(b"policy \"x\" { }\n\xc3\x28".to_vec()), vec!["E0017"]);
}

#[test]
fn binary_garbage_is_a_syntax_error() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 & 0x7f)
        .collect();
    let codes = codes_for(garbage);
    assert_eq!(codes.len(), 1);
    assert!(codes[0] == "E0001" || codes[0] == "E0017", "{codes:?}");
}

#[test]
fn a_five_megabyte_line_is_handled() {
    let mut text = String::from("policy \"x\" { }\nlevels a > b\nmatter m => a § \"1\"\n# ");
    text.push_str(&"长".repeat(5 * 1024 * 1024 / 3));
    assert!(codes_for(text.clone().into_bytes()).contains(&"W0004"));
    // The same line as one giant name where a keyword is expected.
    let giant = format!("policy \"x\" {{ }}\nlevels a > b\n{}", "名".repeat(5 * 1024 * 1024 / 3));
    assert_eq!(codes_for(giant.into_bytes()), vec!["E0001"]);
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let nested = format!("policy \"x\" {{ }}\nlevels a > b\nmatter m {}", "{".repeat(200_000));
    assert_eq!(codes_for(nested.into_bytes()), vec!["E0001"]);
    let sets = format!(
        "policy \"x\" {{ }}\nlevels a > b\ndimension d {{ v }}\nmatter m by d {{ d = {} }}",
        "{".repeat(200_000)
    );
    assert_eq!(codes_for(sets.into_bytes()), vec!["E0001"]);
}

/// pest runs without its stack guard (Cargo.toml: the guard costs 14% of every parse), which
/// is safe only while no rule of the grammar reaches itself: then the parser's depth is
/// bounded by the grammar, whatever the input. A recursive rule added later fails here.
#[test]
fn no_grammar_rule_reaches_itself() {
    let grammar = include_str!("../grammar/quanze.pest");
    let rules = grammar_rules(grammar);
    // Every rule opens a line with `name =`: the reader found them all, and no more.
    let declared = grammar
        .lines()
        .filter(|line| line.split_once('=').is_some_and(|(head, _)| is_rule_name(head)))
        .count();
    assert_eq!(rules.len(), declared);
    for start in rules.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![start.as_str()];
        while let Some(rule) = stack.pop() {
            for called in &rules[rule] {
                assert_ne!(called, start, "rule `{start}` reaches itself through `{rule}`");
                if seen.insert(called.as_str()) {
                    stack.push(called);
                }
            }
        }
    }
}

fn is_rule_name(head: &str) -> bool {
    let name = head.trim_end();
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Each rule of a pest grammar with the rules its body names (strings and comments
/// removed; outside strings, pest's braces enclose a rule's body or a repetition count).
fn grammar_rules(grammar: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut plain = String::new();
    let mut chars = grammar.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                while let Some(inner) = chars.next() {
                    if inner == '\\' {
                        chars.next();
                    } else if inner == c {
                        break;
                    }
                }
                plain.push(' ');
            }
            '/' if chars.peek() == Some(&'/') => {
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        break;
                    }
                }
                plain.push('\n');
            }
            other => plain.push(other),
        }
    }
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut bodies = Vec::new();
    let mut rest = plain.as_str();
    while let Some(open) = rest.find('{') {
        let head = &rest[..open];
        // Repetitions (`ASCII_DIGIT{1, 2}`) nest their braces inside a body.
        let mut depth = 0;
        let close = rest[open..]
            .char_indices()
            .find_map(|(at, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(open + at)
            })
            .expect("every body is closed");
        let name = head.split('=').next().and_then(|left| words(left).pop());
        bodies.push((name.expect("a rule name before `=`"), words(&rest[open + 1..close])));
        rest = &rest[close + 1..];
    }
    let names: std::collections::BTreeSet<String> = bodies.iter().map(|(name, _)| name.clone()).collect();
    bodies
        .into_iter()
        .map(|(name, body)| (name, body.into_iter().filter(|w| names.contains(w)).collect()))
        .collect()
}

#[test]
fn a_huge_plan_checks() {
    let mut text = String::from("policy \"x\" { }\nlevels a > b\ndimension d { v1, v2, v3 }\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "matter m{i} by d {{ v1 => a § \"{i}\"  otherwise => b § \"{i}\" }}\n"
        ));
    }
    assert!(codes_for(text.into_bytes()).is_empty());
}

#[test]
fn a_hundred_dimensions_on_one_matter() {
    let mut text = String::from("policy \"x\" { }\nlevels a > b\n");
    let names: Vec<String> = (0..100).map(|i| format!("d{i}")).collect();
    for name in &names {
        text.push_str(&format!("dimension {name} {{ x, y }}\n"));
    }
    text.push_str(&format!("matter m by {} {{ d0 = x => a § \"1\" }}\n", names.join(", ")));
    assert_eq!(codes_for(text.into_bytes()), vec!["W0004", "E0008"]);
}

/// Rules that each split a different two-valued dimension cut a matter into 2^n pieces: past
/// the limit the checker stops with E0018 on that matter instead of exhausting memory.
#[test]
fn a_matter_cut_into_too_many_pieces_is_a_limit_not_a_hang() {
    let mut text = String::from("policy \"x\" { }\nlevels a > b\n");
    let names: Vec<String> = (0..21).map(|i| format!("d{i}")).collect();
    for name in &names {
        text.push_str(&format!("dimension {name} {{ x, y }}\n"));
    }
    text.push_str(&format!("matter m by {} {{\n", names.join(", ")));
    for (index, name) in names.iter().enumerate() {
        text.push_str(&format!("  {name} = x => a § \"{index}\"\n"));
    }
    text.push_str("}\n");
    assert_eq!(codes_for(text.into_bytes()), vec!["W0004", "E0018"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Any edit of the real plan — a deletion, an insertion, a replacement — leaves quanze
    /// reporting, never panicking.
    #[test]
    fn no_edit_of_the_real_plan_panics(
        start in 0usize..REAL_PLAN.len(),
        length in 0usize..64,
        insert in "[ -~一二三自治区盟市事项按其余=>§{}\"“”:：,，\n]{0,12}",
    ) {
        let bytes = REAL_PLAN.as_bytes();
        let start = start.min(bytes.len());
        let end = (start + length).min(bytes.len());
        let mut edited = bytes[..start].to_vec();
        edited.extend_from_slice(insert.as_bytes());
        edited.extend_from_slice(&bytes[end..]);
        let _ = codes_for(edited);
    }

    /// Arbitrary bytes never panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = codes_for(bytes);
    }
}
