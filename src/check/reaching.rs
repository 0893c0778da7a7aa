//! E0029's question: which of the cases an ancestor plan keeps above
//! ([`Matter::kept_above`]) does a rule name *explicitly*?
//!
//! A rule's condition speaks only of the dimensions it tests. On the others it says
//! nothing, so it covers only what the parent gives this plan there: `一般 => 盟市` on a
//! matter also split by the parent's 全国影响 decides the 一般 cases the parent gives this
//! plan, and its 全国重大 cases are simply not its own (docs/codes/E0029.md). It names kept
//! cases only where its tested values alone pick them out: a case `x` of the rule is named
//! explicitly when every case that agrees with `x` on the tested dimensions is kept above
//! (`全国影响 = 全国重大 => 自治区`; or any rule of a matter the parent keeps whole).
//!
//! A dimension counts as tested when the rule's box does not admit every value of it (the
//! box is all the condition leaves; `{甲, 乙}` naming every value reads as not testing).
//! Per box of the rule (one per `或` alternative): the box, minus the cylinder over its
//! tested dimensions of the box's cases that are not kept, is what it names above.

use crate::boxes::{Budget, TooManyCells, partition, width};
use crate::ir::{CaseBox, Matter, ValueSet};

/// A cell of the matter's partition that the parent keeps above.
pub struct KeptCell {
    pub case_box: CaseBox,
    /// The first entry of `kept_above` containing it.
    pub kept: usize,
    /// The ordinary rules whose region contains it.
    pub rules: Vec<usize>,
}

/// A cell of the matter's partition that is this plan's to decide, with the ordinary
/// rules whose region contains it.
pub struct FreeCell {
    pub case_box: CaseBox,
    pub rules: Vec<usize>,
}

/// Per rule that names kept cases explicitly: (rule, kept entry, cases), disjoint for
/// each rule, the rules in ascending order.
pub fn explicitly_named(
    matter: &Matter,
    sizes: &[usize],
    kept: &[KeptCell],
    free: &[FreeCell],
    budget: &mut Budget,
) -> Result<Vec<(usize, usize, CaseBox)>, TooManyCells> {
    let mut rules: Vec<usize> = kept.iter().flat_map(|cell| cell.rules.iter().copied()).collect();
    rules.sort_unstable();
    rules.dedup();
    let mut found = Vec::new();
    for rule in rules {
        let Some(atoms) = matter.rules.get(rule).map(|r| r.region.as_slice()) else {
            continue;
        };
        // Each rule looks at every free cell, once per box: charged, so that many rules over
        // many cells stop at the matter's allowance instead of growing as their product.
        budget.charge(free.len().saturating_mul(atoms.len()).saturating_mul(width(sizes)))?;
        // For each box of the rule: its free cases, spread over the dimensions it leaves open.
        let cylinders: Vec<Vec<CaseBox>> = atoms
            .iter()
            .map(|atom| {
                free.iter()
                    .filter(|cell| cell.rules.contains(&rule) && within(&cell.case_box, atom))
                    .map(|cell| cylinder(&cell.case_box, atom, sizes))
                    .collect()
            })
            .collect();
        let count = atoms.len();
        let pieces = atoms
            .iter()
            .enumerate()
            .map(|(i, atom)| (i, std::slice::from_ref(atom)))
            .chain(cylinders.iter().enumerate().map(|(i, c)| (count + i, c.as_slice())));
        let named = partition(sizes, pieces, budget)?
            .into_iter()
            .filter(|cell| (0..count).any(|i| cell.rules.contains(&i) && !cell.rules.contains(&(count + i))));
        for cell in named {
            for kept_cell in kept.iter().filter(|k| k.rules.contains(&rule)) {
                let common: CaseBox = cell
                    .case_box
                    .iter()
                    .zip(&kept_cell.case_box)
                    .map(|(a, b)| a.and(b))
                    .collect();
                if common.iter().all(|set| !set.is_empty()) {
                    found.push((rule, kept_cell.kept, common));
                }
            }
        }
    }
    Ok(found)
}

/// Is `inner` inside `outer`? (A cell is inside or outside each box of a rule, never
/// across its edge.)
fn within(inner: &CaseBox, outer: &CaseBox) -> bool {
    inner.iter().zip(outer).all(|(a, b)| a.within(b))
}

/// `cell` with every dimension `atom` does not test opened to all its values.
fn cylinder(cell: &CaseBox, atom: &CaseBox, sizes: &[usize]) -> CaseBox {
    cell.iter()
        .zip(atom)
        .zip(sizes)
        .map(|((set, tested), size)| {
            let all = ValueSet::all(*size);
            if all.within(tested) { all } else { set.clone() }
        })
        .collect()
}
