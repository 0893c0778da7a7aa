//! The synthetic plan generator (examples/synth) plants exactly the gaps and conflicts it
//! is asked for, and a check finds exactly those: one E0008 per planted gap, one E0009 per
//! planted conflict, nothing else — for listed and numeric dimensions, over many seeds.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../examples/synth/generator.rs"]
mod generator;

use generator::{Spec, generate};
use quanze::compile::compile;

fn codes(spec: &Spec) -> Vec<String> {
    let text = generate(spec).expect("a plan");
    let compiled = compile(0, &text);
    let mut codes: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() != "W0004") // a level no rule happens to use
        .map(|d| d.code.as_str().to_string())
        .collect();
    codes.sort();
    codes
}

#[test]
fn a_check_finds_exactly_what_was_planted() {
    for seed in 0..40 {
        for numeric in [false, true] {
            let spec = Spec {
                matters: 12,
                dimensions: 4,
                values: 5,
                rules: 240,
                gaps: 3,
                overlaps: 4,
                numeric,
                seed,
            };
            let mut expected = vec!["E0008".to_string(); 3];
            expected.extend(vec!["E0009".to_string(); 4]);
            assert_eq!(codes(&spec), expected, "seed {seed}, numeric {numeric}");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let spec = Spec {
        matters: 3,
        dimensions: 3,
        values: 4,
        rules: 30,
        gaps: 1,
        overlaps: 1,
        numeric: false,
        seed: 9,
    };
    assert_eq!(generate(&spec), generate(&spec));
    assert_ne!(generate(&spec), generate(&Spec { seed: 10, ..spec }));
}

#[test]
fn a_spec_that_cannot_be_met_is_refused() {
    let spec = Spec {
        matters: 1,
        dimensions: 2,
        values: 3,
        rules: 5,
        gaps: 1,
        overlaps: 1,
        numeric: false,
        seed: 1,
    };
    assert!(generate(&spec).is_err());
}
