//! Questions to a plan read part by part ([`Parts`]), for plans too large to hold whole:
//! only what the question needs is kept — the matters it could mean with their tables, or
//! the list's entries — never the checked plan.

use crate::check::MatterTable;
use crate::compile::Parts;
use crate::ir::{Matter, Plan};

use super::matters::{MatterEntry, could_mean, entry};

/// The plan a question about `wanted` needs, gathered from `parts`: the `declarations`
/// with only the matters `wanted` could mean (by name or by wording, in document order)
/// and their tables. Asked of it, [`super::answer`] answers as of the whole plan; only a
/// refusal of a name no plan lists would suggest fewer close names (none of this plan's),
/// so the caller asks the whole plan again for that one.
pub fn gather(declarations: &Plan, parts: &dyn Parts, wanted: &str) -> (Plan, Vec<MatterTable>) {
    let mut gathered = Plan {
        matters: Vec::new(),
        sections: Vec::new(),
        ..declarations.clone()
    };
    let mut tables = Vec::new();
    parts.each(&mut |part, part_tables| {
        for table in part_tables.unwrap_or_default() {
            let Some(matter) = part.matters.get(table.matter).filter(|m| could_mean(m, wanted)) else {
                continue;
            };
            let mut matter = matter.clone();
            // The part numbers its sections from its own first: the gathered plan renumbers.
            matter.section = matter.section.and_then(|s| part.sections.get(s)).map(|section| {
                match gathered.sections.iter().position(|s| s == section) {
                    Some(index) => index,
                    None => {
                        gathered.sections.push(section.clone());
                        gathered.sections.len() - 1
                    }
                }
            });
            tables.push(MatterTable {
                matter: gathered.matters.len(),
                rows: table.rows.clone(),
            });
            gathered.matters.push(matter);
        }
    });
    (gathered, tables)
}

/// Every matter's entry of `--list`, from the plan's parts, with what the plans `above`
/// (each with its document) say of it: as [`super::matters::entries`] of the whole plan.
pub fn entries(parts: &dyn Parts, above: &[(&Plan, String)]) -> Vec<MatterEntry> {
    let mut entries = Vec::new();
    parts.each(&mut |part, tables| {
        for table in tables.unwrap_or_default() {
            if let Some(matter) = part.matters.get(table.matter) {
                entries.push(entry(part, matter, above));
            }
        }
    });
    entries
}

/// The plan's matters as a refusal of a name no plan lists needs them: the
/// `declarations` with every matter's name and wording, in document order, and nothing
/// else (no rules, no tables). [`super::answer`] refuses such a name with the close names
/// of the whole plan, and needs no more of it.
pub fn names(declarations: &Plan, parts: &dyn Parts) -> Plan {
    let mut named = Plan {
        matters: Vec::new(),
        sections: Vec::new(),
        ..declarations.clone()
    };
    parts.each(&mut |part, tables| {
        for table in tables.unwrap_or_default() {
            if let Some(matter) = part.matters.get(table.matter) {
                named.matters.push(Matter {
                    name: matter.name.clone(),
                    name_span: matter.name_span,
                    wording: matter.wording.clone(),
                    section: None,
                    dimensions: Vec::new(),
                    rules: Vec::new(),
                    own: matter.own,
                    kept_above: Vec::new(),
                });
            }
        }
    });
    named
}
