//! A deterministic, seeded generator of synthetic plans with a known number of planted
//! gaps and conflicts. Shared by `examples/synth` (the command), `tests/synth.rs` (a
//! check finds exactly what was planted) and `benches/` (the figures in BENCHMARKS.md).
//!
//! Each matter starts as a complete, conflict-free division of its case space: the whole
//! space is split again and again — a random box, a random dimension, its values cut in
//! two — until the matter has its share of rules; each final box is one rule. A planted
//! gap deletes one rule of a matter; a planted conflict adds a copy of one rule with
//! another level. Each planted defect gets a matter of its own, so a check reports
//! exactly one E0008 or E0009 per defect.

// Indexing here is into fixed tables with indices drawn below their length.
#![allow(clippy::indexing_slicing)]

use std::fmt::Write;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Clone, Debug)]
pub struct Spec {
    pub matters: usize,
    pub dimensions: usize,
    /// Values per listed dimension; for a numeric one, the number of stretches its
    /// thresholds cut it into.
    pub values: usize,
    /// Rules in all, spread evenly over the matters.
    pub rules: usize,
    pub gaps: usize,
    pub overlaps: usize,
    /// Numeric dimensions (with thresholds) instead of listed ones.
    pub numeric: bool,
    pub seed: u64,
}

/// A box: for each dimension, the range of value indices `[from, to)` it admits. Values
/// are cut into ranges, so the same boxes serve listed and numeric dimensions.
type Region = Vec<(usize, usize)>;

const LEVELS: [&str; 3] = ["省", "市", "县"];

/// The plan as text. Errors name a spec that cannot be met.
pub fn generate(spec: &Spec) -> Result<String, String> {
    generate_with_counties(spec, 0)
}

/// [`generate`], with the first dimension a county list of `counties` values (when not 0)
/// dealt at random into `spec.values` value sets, the tiers: the rules are the same text,
/// each `d0v…` then naming a tier instead of a value — the shape of a plan over China's
/// counties (issue 16), and the benchmark of large dimensions.
pub fn generate_with_counties(spec: &Spec, counties: usize) -> Result<String, String> {
    if spec.gaps + spec.overlaps > spec.matters {
        return Err(format!(
            "{} gaps and {} overlaps need at least {} matters",
            spec.gaps,
            spec.overlaps,
            spec.gaps + spec.overlaps
        ));
    }
    if spec.dimensions == 0 || spec.values < 2 || spec.values > 32 {
        return Err("need at least one dimension and 2 to 32 values".to_string());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut text = String::with_capacity(spec.rules * 80 + 1024);
    let _ = writeln!(
        text,
        "文件 \"合成方案 seed={}\" {{ 文号 \"合成〔{}〕号\" }}",
        spec.seed, spec.seed
    );
    let _ = writeln!(text, "层级 {}", LEVELS.join(" > "));
    for d in 0..spec.dimensions {
        if d == 0 && counties > 0 {
            write_counties(&mut text, spec, counties)?;
        } else if spec.numeric {
            let _ = writeln!(text, "维度 n{d} : 数值 万元 [0, ∞)");
        } else {
            let values: Vec<String> = (0..spec.values).map(|v| format!("d{d}v{v}")).collect();
            let _ = writeln!(text, "维度 d{d} {{ {} }}", values.join(", "));
        }
    }
    let per_matter = (spec.rules / spec.matters.max(1)).max(1);
    let extra = spec.rules.saturating_sub(per_matter * spec.matters);
    for m in 0..spec.matters {
        let target = per_matter + usize::from(m < extra);
        let mut regions = divide(&mut rng, spec, target);
        let by: Vec<String> = (0..spec.dimensions).map(|d| dimension_name(spec, d)).collect();
        let _ = writeln!(text, "事项 m{m} \"合成事项{m}\" 按 {} {{", by.join(", "));
        let mut levels: Vec<usize> = regions.iter().map(|_| rng.random_range(0..LEVELS.len())).collect();
        if m < spec.gaps && regions.len() < 2 {
            return Err(format!(
                "matter m{m} has one rule: too few to plant a gap; ask for more rules"
            ));
        }
        if m < spec.gaps {
            let removed = rng.random_range(0..regions.len());
            regions.remove(removed);
            levels.remove(removed);
        }
        for (index, (region, level)) in regions.iter().zip(&levels).enumerate() {
            let _ = writeln!(
                text,
                "  {} => {} § \"{m}.{index}\"",
                condition(spec, region),
                LEVELS[*level]
            );
        }
        if (spec.gaps..spec.gaps + spec.overlaps).contains(&m)
            && let (Some(region), Some(level)) = (regions.first(), levels.first())
        {
            let other = LEVELS[(level + 1) % LEVELS.len()];
            let _ = writeln!(text, "  {} => {other} § \"{m}.x\"", condition(spec, region));
        }
        let _ = writeln!(text, "}}");
    }
    Ok(text)
}

/// The county dimension `d0` (values `d0c0` …) and its tiers `d0v0` … as value sets, each
/// county in one tier: a shuffle of its own generator, so that the rules drawn after it are
/// those of the same seed without counties.
fn write_counties(text: &mut String, spec: &Spec, counties: usize) -> Result<(), String> {
    if spec.numeric || counties < spec.values {
        return Err(format!(
            "a county dimension is listed, with at least as many counties as tiers ({})",
            spec.values
        ));
    }
    let names: Vec<String> = (0..counties).map(|c| format!("d0c{c}")).collect();
    let _ = writeln!(text, "维度 d0 {{ {} }}", names.join(", "));
    let mut order: Vec<usize> = (0..counties).collect();
    let mut shuffle = ChaCha8Rng::seed_from_u64(spec.seed.wrapping_add(1));
    for at in (1..order.len()).rev() {
        order.swap(at, shuffle.random_range(0..=at));
    }
    for tier in 0..spec.values {
        let members: Vec<&str> = order
            .iter()
            .skip(tier)
            .step_by(spec.values)
            .map(|c| names[*c].as_str())
            .collect();
        let _ = writeln!(text, "值集 d0v{tier} : d0 {{ {} }}", members.join(", "));
    }
    Ok(())
}

/// The whole space split into `target` boxes (fewer if it cannot be split further).
fn divide(rng: &mut ChaCha8Rng, spec: &Spec, target: usize) -> Vec<Region> {
    let mut regions: Vec<Region> = vec![vec![(0, spec.values); spec.dimensions]];
    let mut stuck = 0;
    while regions.len() < target && stuck < 64 {
        let pick = rng.random_range(0..regions.len());
        let dimension = rng.random_range(0..spec.dimensions);
        let Some((from, to)) = regions.get(pick).and_then(|r| r.get(dimension)).copied() else {
            break;
        };
        if to - from < 2 {
            stuck += 1;
            continue;
        }
        stuck = 0;
        let cut = rng.random_range(from + 1..to);
        let mut upper = regions.get(pick).cloned().unwrap_or_default();
        if let Some(slot) = upper.get_mut(dimension) {
            *slot = (cut, to);
        }
        if let Some(slot) = regions.get_mut(pick).and_then(|r| r.get_mut(dimension)) {
            *slot = (from, cut);
        }
        regions.push(upper);
    }
    regions
}

fn dimension_name(spec: &Spec, d: usize) -> String {
    if spec.numeric { format!("n{d}") } else { format!("d{d}") }
}

/// Threshold `i` of a numeric dimension, in 万元: stretch `v` is `[1000·v, 1000·(v+1))`.
fn threshold(index: usize) -> usize {
    index * 1000
}

fn condition(spec: &Spec, region: &Region) -> String {
    let tests: Vec<String> = region
        .iter()
        .enumerate()
        .filter(|(_, (from, to))| !(*from == 0 && *to == spec.values))
        .map(|(d, (from, to))| {
            let name = dimension_name(spec, d);
            if spec.numeric {
                match (*from, *to == spec.values) {
                    (0, _) => format!("{name} < {}", threshold(*to)),
                    (_, true) => format!("{name} >= {}", threshold(*from)),
                    _ => format!("{name} = [{}, {})", threshold(*from), threshold(*to)),
                }
            } else {
                let values: Vec<String> = (*from..*to).map(|v| format!("d{d}v{v}")).collect();
                match values.as_slice() {
                    [one] => format!("{name} = {one}"),
                    _ => format!("{name} = {{{}}}", values.join(", ")),
                }
            }
        })
        .collect();
    if tests.is_empty() {
        "任意".to_string()
    } else {
        tests.join(" 且 ")
    }
}
