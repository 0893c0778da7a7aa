//! Every fuzz seed, and every input that ever crashed a fuzz target (fuzz/regressions/),
//! run through the bodies of all the fuzz targets on the stable toolchain.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../fuzz/bodies.rs"]
mod bodies;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz");
    let mut folders = vec![format!("{root}/regressions")];
    for target in ["parse", "check", "emit", "amend", "fmt"] {
        folders.push(format!("{root}/seeds/{target}"));
    }
    let mut inputs = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(&folder).expect("fuzz folder").flatten() {
            let path = entry.path();
            if path.is_file() && !path.ends_with(".keep") {
                inputs.push((path.display().to_string(), std::fs::read(&path).expect("readable")));
            }
        }
    }
    inputs.sort();
    inputs
}

#[test]
fn every_seed_and_past_crash_runs_through_every_target() {
    let inputs = inputs();
    assert!(inputs.len() > 50, "the seed corpus is missing");
    for (name, data) in &inputs {
        let run = std::panic::catch_unwind(|| {
            bodies::parse(data);
            bodies::check(data);
            bodies::emit(data);
            bodies::amend(data);
            bodies::fmt(data);
            bodies::draft(data);
        });
        assert!(run.is_ok(), "{name} makes a fuzz target fail");
    }
}
