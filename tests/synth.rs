//! The synthetic plan generator (examples/synth) plants exactly the gaps and conflicts it
//! is asked for, and a check finds exactly those: one E0008 per planted gap, one E0009 per
//! planted conflict, nothing else — for listed and numeric dimensions, over many seeds.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../examples/synth/generator.rs"]
mod generator;

mod common;

use generator::{Spec, generate, generate_with_counties};
use quanze::compile::compile;

fn codes(spec: &Spec) -> Vec<String> {
    codes_of(&generate(spec).expect("a plan"))
}

fn codes_of(text: &str) -> Vec<String> {
    let compiled = compile(0, text);
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

/// The benchmark's shape of a plan over China's counties (issue 16): 3,000 counties dealt
/// into 8 tiers, nine more dimensions; what is planted is found, and nothing else.
fn counties_spec(gaps: usize, overlaps: usize) -> Spec {
    Spec {
        matters: 2,
        dimensions: 10,
        values: 8,
        rules: 600,
        gaps,
        overlaps,
        numeric: false,
        seed: 5,
    }
}

#[test]
fn a_plan_over_three_thousand_counties_finds_what_was_planted() {
    let clean = generate_with_counties(&counties_spec(0, 0), 3000).expect("a plan");
    assert_eq!(codes_of(&clean), Vec::<String>::new());
    let defective = generate_with_counties(&counties_spec(1, 1), 3000).expect("a plan");
    assert_eq!(codes_of(&defective), ["E0008", "E0009"]);
}

#[test]
fn a_county_left_out_of_every_tier_is_a_gap_that_names_it() {
    let clean = generate_with_counties(&counties_spec(0, 0), 3000).expect("a plan");
    let left_out: String = clean
        .lines()
        .map(|line| match line.starts_with("值集") {
            true => format!("{}\n", line.replace(" d0c1234,", "").replace(", d0c1234 }", " }")),
            false => format!("{line}\n"),
        })
        .collect();
    assert_ne!(left_out, clean, "the county is in a tier");
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("counties.qz");
    std::fs::write(&plan, &left_out).expect("write");
    let (code, _, stderr) = common::run(&["check", &plan.display().to_string()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("E0008"), "{stderr}");
    assert!(stderr.contains("d0 = d0c1234"), "{stderr}");
}
