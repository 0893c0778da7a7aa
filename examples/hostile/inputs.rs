//! Small plans crafted to cost as much as possible (issue 14): each is a few kilobytes
//! and, before the work budget, cost minutes and gigabytes, or printed gigabytes. Shared
//! by tests/bounds.rs (which checks each stays bounded) and the `hostile` example (which
//! writes them out for the figures in BENCHMARKS.md).

/// One hostile plan: a file name and its text.
pub struct Hostile {
    pub name: &'static str,
    pub text: String,
}

fn two_valued(count: usize) -> String {
    (0..count)
        .map(|i| format!("dimension d{i} {{ x{i}, y{i} }}\n"))
        .collect()
}

fn by(count: usize) -> String {
    (0..count).map(|i| format!("d{i}")).collect::<Vec<_>>().join(", ")
}

/// 64 levels, two level-valued dimensions and twelve two-valued ones.
fn levels_header() -> String {
    let levels: Vec<String> = (0..64).map(|i| format!("L{i}")).collect();
    format!(
        "policy \"h\" {{ number \"h1\" }}\nlevels {}\ndimension f0 : levels\ndimension f1 : levels\n{}",
        levels.join(" > "),
        two_valued(12)
    )
}

/// A matter whose every cell splits into 64 × 64 pieces along `power by f0 spending by
/// f1`: a base and twelve exceptions, labelled with `tag` (labels are file-wide).
fn costly_matter(tag: &str) -> String {
    let mut text = format!("matter m{tag} \"m\" by f0, f1, {} {{\n", by(12));
    text.push_str(&format!(
        "  b{tag}: any => power by f0 spending by f1 delegated § \"1\"\n"
    ));
    for i in 0..12 {
        text.push_str(&format!(
            "  r{tag}_{i}: d{i} = x{i} => power by f0 spending by f1 transfer § \"2\" overrides b{tag}\n"
        ));
    }
    text.push_str("}\n");
    text
}

/// One [`costly_matter`]: 4,096 cells, each split 64 × 64 ways.
pub fn levels_by_dimension() -> Hostile {
    Hostile {
        name: "levels-by-dimension.qz",
        text: levels_header() + &costly_matter(""),
    }
}

/// Nineteen exceptions to one base, and fifty rules overriding all nineteen: every one of
/// 2^19 cells carries some sixty rules.
pub fn many_exceptions() -> Hostile {
    let mut text = format!("policy \"h\" {{ number \"h1\" }}\nlevels a > b\n{}", two_valued(19));
    text.push_str(&format!("matter m \"m\" by {} {{\n  base: any => b § \"1\"\n", by(19)));
    for i in 0..19 {
        text.push_str(&format!("  r{i}: d{i} = x{i} => a § \"2\" overrides base\n"));
    }
    let all: Vec<String> = (0..19).map(|i| format!("r{i}")).collect();
    for j in 0..50 {
        text.push_str(&format!("  t{j}: any => b § \"3\" overrides {}\n", all.join(", ")));
    }
    text.push_str("}\n");
    Hostile {
        name: "many-exceptions.qz",
        text,
    }
}

/// Eight dimensions of eight values and 800 rules of eight `或` alternatives each, every
/// rule an exception to the base: 6,400 boxes at odd angles.
pub fn scattered_alternatives() -> Hostile {
    let mut text = String::from("policy \"h\" { number \"h1\" }\nlevels a > b\n");
    for d in 0..8 {
        let values: Vec<String> = (0..8).map(|v| format!("v{d}_{v}")).collect();
        text.push_str(&format!("dimension d{d} {{ {} }}\n", values.join(", ")));
    }
    text.push_str(&format!("matter m \"m\" by {} {{\n  base: any => b § \"1\"\n", by(8)));
    // A fixed linear congruential sequence: the same file every time, no dependency.
    let mut state: u64 = 12345;
    let mut next = |bound: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % bound
    };
    for r in 0..800 {
        let alternatives: Vec<String> = (0..8)
            .map(|_| {
                let a = next(8);
                let b = (a + 1 + next(7)) % 8;
                format!("d{a} = v{a}_{} 且 d{b} = v{b}_{}", next(8), next(8))
            })
            .collect();
        let outcome = if r % 2 == 0 { "a" } else { "b" };
        text.push_str(&format!(
            "  r{r}: {} => {outcome} § \"2\" overrides base\n",
            alternatives.join(" 或 ")
        ));
    }
    text.push_str("}\n");
    Hostile {
        name: "scattered-alternatives.qz",
        text,
    }
}

/// `any => a` and, for each of `dimensions` two-valued dimensions, `d = x => a`: every set
/// of rules overlaps somewhere, 2^D − 1 redundant overlaps.
pub fn redundant_overlaps(dimensions: usize) -> Hostile {
    let mut text = format!(
        "policy \"h\" {{ number \"h1\" }}\nlevels a > b\n{}",
        two_valued(dimensions)
    );
    text.push_str(&format!(
        "matter m \"m\" by {} {{\n  any => a § \"1\"\n",
        by(dimensions)
    ));
    for i in 0..dimensions {
        text.push_str(&format!("  d{i} = x{i} => a § \"2\"\n"));
    }
    text.push_str("}\n");
    Hostile {
        name: "redundant-overlaps.qz",
        text,
    }
}

/// A chain of precedence `rules` long: each rule an exception to the one before. Clean
/// (`shadowed` false): a base on every case, then each rule names a case of its own among
/// 32 × 32 × 32, so every rule decides somewhere and the plan checks clean. Shadowed: every
/// rule names every case, so all but the last never apply (W0002 each).
pub fn exception_chain(rules: usize, shadowed: bool) -> Hostile {
    let values = |d: usize| (0..32).map(|v| format!("v{d}_{v}")).collect::<Vec<_>>().join(", ");
    let mut text = String::from("policy \"h\" { number \"h1\" }\nlevels a > b\n");
    for d in 0..3 {
        text.push_str(&format!("dimension d{d} {{ {} }}\n", values(d)));
    }
    text.push_str("matter m \"m\" by d0, d1, d2 {\n");
    for r in 0..rules {
        let condition = if shadowed || r == 0 {
            "any".to_string()
        } else {
            format!(
                "d0 = v0_{} 且 d1 = v1_{} 且 d2 = v2_{}",
                r % 32,
                (r / 32) % 32,
                (r / 1024) % 32
            )
        };
        let overrides = match r {
            0 => String::new(),
            _ => format!(" overrides r{}", r - 1),
        };
        text.push_str(&format!("  r{r}: {condition} => a § \"1\"{overrides}\n"));
    }
    text.push_str("}\n");
    Hostile {
        name: if shadowed {
            "shadowed-chain.qz"
        } else {
            "exception-chain.qz"
        },
        text,
    }
}

/// `copies` matters each built like [`levels_by_dimension`]'s: the fixed part of the
/// allowance is the plan's, not each matter's, so they cost about as much as one.
pub fn many_costly_matters(copies: usize) -> Hostile {
    let mut text = levels_header();
    for copy in 0..copies {
        text.push_str(&costly_matter(&copy.to_string()));
    }
    Hostile {
        name: "many-costly-matters.qz",
        text,
    }
}

/// `dimensions` declarations no matter uses and `matters` one-line matters (5,000 and
/// 10,000: 416 KB). Checked part by part, each part was checked against every declaration
/// again (and each W0004 matched against every other), and the file ran for more than ten
/// minutes; now once in all.
pub fn many_declarations(dimensions: usize, matters: usize) -> Hostile {
    let mut text = String::from("policy \"h\" { number \"h1\" }\nlevels A > B\n");
    text.push_str(&two_valued(dimensions));
    for i in 0..matters {
        text.push_str(&format!("matter m{i} => A § \"1\"\n"));
    }
    Hostile {
        name: "many-declarations.qz",
        text,
    }
}

/// Every input above, at the sizes issue 14 reported.
#[allow(dead_code)] // the example writes them all; tests/bounds.rs takes them one by one
pub fn all() -> Vec<Hostile> {
    vec![
        levels_by_dimension(),
        many_exceptions(),
        scattered_alternatives(),
        redundant_overlaps(19),
        exception_chain(16_000, false),
        exception_chain(8_000, true),
        many_costly_matters(200),
        many_declarations(5_000, 10_000),
    ]
}
