//! Which matter a question means, and the list a user chooses from.
//!
//! A budget officer types a matter as they know it: the plan's short name, the document's
//! own wording, or part of either. A name or wording the plans list means that matter. A
//! name close to a listed one (a prefix, a part, a slip of a character or two) is refused
//! with the names it is close to: answering it through the catch-all (`未列事项`) would
//! give a listed matter another matter's answer. Only when the user says the matter is
//! not listed (`--unlisted`) does the catch-all answer a close name.

use serde::Serialize;

use crate::ir::{Matter, Plan};
use crate::names::close_names;
use crate::text::Text;
use crate::tr;

use super::Problem;

/// What a matter name given by a user means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Meant {
    /// A matter some plan of the chain lists, by its name.
    Listed(String),
    /// A matter no plan lists: their catch-alls answer it.
    Unlisted(String),
}

/// How many close names a refusal lists: enough to find the one meant, few enough to read.
const SUGGESTIONS: usize = 5;

/// The matter `wanted` means in `plans` (the plan asked first, then those it refines).
/// `renamed`: matters an amendment renamed (old name, new name), whose old name now names
/// nothing — said so, rather than answered as a matter no plan lists.
pub fn meant(plans: &[&Plan], wanted: &str, unlisted: bool, renamed: &[(String, String)]) -> Result<Meant, Problem> {
    let wanted = wanted.trim();
    if let Some((_, new)) = renamed.iter().find(|(old, _)| old == wanted) {
        return Err(Problem::new(tr!(
            "修正案已把事项 `{wanted}` 更名为 `{new}`",
            "the amendment renamed matter `{wanted}` to `{new}`"
        ))
        .note(tr!(
            "用新名称查询：--matter {new}",
            "ask by its new name: --matter {new}"
        )));
    }
    let matters = || plans.iter().flat_map(|plan| &plan.matters);
    let wanted_name = name_of(wanted);
    let by_name = matters().find(|m| m.name == wanted_name);
    let by_wording = || matters().find(|m| is_worded(m, wanted));
    let found = by_name.or_else(by_wording);
    // An excerpt (`节选`) answers only what it lists: a matter it leaves out may be divided
    // otherwise in its source, so neither a plan above nor its catch-all answers for it.
    let excerpt = plans.first().filter(|plan| plan.header.excerpt.is_some());
    if let Some(asked) = excerpt
        && let Some(matter) = found.filter(|m| !asked.matters.iter().any(|own| own.name == m.name))
    {
        let name = &matter.name;
        return Err(Problem::new(tr!(
            "本方案为节选，没有列入事项 `{name}`",
            "the plan is an excerpt and does not list matter `{name}`"
        ))
        .note(excerpt_note())
        .note(tr!(
            "上级方案列有此事项：可直接查询上级方案",
            "a plan above lists it: ask that plan"
        )));
    }
    if let Some(matter) = found {
        if unlisted {
            let name = &matter.name;
            return Err(Problem::new(tr!(
                "方案列有事项 `{name}`，不能按未列事项查询",
                "the plan lists matter `{name}`: it cannot be asked as an unlisted matter"
            ))
            .note(tr!("去掉 `--unlisted`", "leave out `--unlisted`")));
        }
        return Ok(Meant::Listed(matter.name.clone()));
    }
    if unlisted {
        return Ok(Meant::Unlisted(wanted.to_string()));
    }
    // Not listed: answered only when the user says so, since a name that is merely not
    // the plan's (a slip, another office's word for a listed matter) would otherwise get
    // the catch-all's answer.
    let close = close_matters(plans, wanted);
    let mut problem = if close.is_empty() {
        Problem::new(tr!(
            "方案中没有名为 `{wanted}` 的事项",
            "the plan lists no matter named `{wanted}`"
        ))
    } else {
        Problem::new(tr!(
            "方案中没有名为 `{wanted}` 的事项，但有相近的事项",
            "the plan lists no matter named `{wanted}`, but some close to it"
        ))
    };
    for matter in close {
        problem = problem.note(describe_choice(matter));
    }
    if excerpt.is_some() {
        return Err(problem.note(excerpt_note()));
    }
    Err(problem.note(tr!(
        "若指的是方案列出的事项，请用它的名称或原文表述（`--list` 列出全部事项）；若确是方案未列出的事项，加 `--unlisted`，由 `未列事项` 条款回答",
        "if you mean a matter the plan lists, use its name or its wording (`--list` lists every matter); if the matter is indeed not listed, add `--unlisted`, and the `unlisted` rule answers"
    )))
}

/// Why an excerpt answers no matter it leaves out.
pub(super) fn excerpt_note() -> Text {
    tr!(
        "本方案为节选：未列入的事项可能在来源文件中另有划分，本方案不能回答（`--list` 列出本方案的事项）",
        "the plan is an excerpt: a matter it leaves out may be divided otherwise in its source, so the plan cannot answer (`--list` lists its matters)"
    )
}

/// A name as the plan's are compared: in NFKC (`ＡＩ审查` is `AI审查`).
fn name_of(wanted: &str) -> String {
    unicode_normalization::UnicodeNormalization::nfkc(wanted.trim()).collect()
}

/// Whether `matter`'s wording in the document is `wanted`.
fn is_worded(matter: &Matter, wanted: &str) -> bool {
    matter.wording.as_deref().map(str::trim) == Some(wanted.trim())
}

/// Whether [`meant`] could take `wanted` to mean `matter`, by its name or by its wording.
/// Every other matter can only change which names a refusal suggests.
pub fn could_mean(matter: &Matter, wanted: &str) -> bool {
    matter.name == name_of(wanted) || is_worded(matter, wanted)
}

/// The listed matters close to `wanted` by name or by wording, best first, each once.
fn close_matters<'p>(plans: &[&'p Plan], wanted: &str) -> Vec<&'p Matter> {
    let matters: Vec<&Matter> = plans.iter().flat_map(|plan| &plan.matters).collect();
    let names = close_names(wanted, matters.iter().map(|m| m.name.as_str()));
    let wordings = close_names(wanted, matters.iter().filter_map(|m| m.wording.as_deref()));
    let mut close: Vec<&Matter> = Vec::new();
    let found = names
        .iter()
        .filter_map(|name| matters.iter().find(|m| m.name == *name))
        .chain(
            wordings
                .iter()
                .filter_map(|wording| matters.iter().find(|m| m.wording.as_deref() == Some(*wording))),
        );
    for matter in found {
        if close.len() < SUGGESTIONS && !close.iter().any(|m| m.name == matter.name) {
            close.push(matter);
        }
    }
    close
}

fn describe_choice(matter: &Matter) -> Text {
    let name = &matter.name;
    match &matter.wording {
        Some(wording) => tr!("`{name}`：“{wording}”", "`{name}`: “{wording}”"),
        None => tr!("`{name}`", "`{name}`"),
    }
}

/// One matter of a plan, as `query --list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct MatterEntry {
    pub name: String,
    pub wording: Option<String>,
    pub section: Option<String>,
    /// The dimensions the plan splits the matter by, with their values.
    pub dimensions: Vec<DimensionEntry>,
    /// Dimensions the plans above split the same matter by: a case they keep above is
    /// told apart by them, so a question may need their values too.
    pub above: Vec<AboveEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DimensionEntry {
    pub name: String,
    /// The values to choose from; empty for a numeric dimension.
    pub values: Vec<String>,
    /// A numeric dimension's range, as the drafter wrote it (`[0, ∞)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AboveEntry {
    pub document: String,
    pub dimensions: Vec<DimensionEntry>,
}

/// The matters of `plans[0]`, in document order, with what the plans above split them by
/// (`plans` as in [`meant`], with each plan's name for messages).
pub fn entries(plans: &[(&Plan, String)]) -> Vec<MatterEntry> {
    let Some((asked, _)) = plans.first() else {
        return Vec::new();
    };
    let above = plans.get(1..).unwrap_or_default();
    asked.matters.iter().map(|matter| entry(asked, matter, above)).collect()
}

/// The entry of `matter` of the plan `asked` (a plan, or a part of it that holds the
/// matter), with what the plans `above` (each with its document) say of it.
pub fn entry(asked: &Plan, matter: &Matter, above: &[(&Plan, String)]) -> MatterEntry {
    MatterEntry {
        name: matter.name.clone(),
        wording: matter.wording.clone(),
        section: matter.section.and_then(|s| asked.sections.get(s)).map(|s| s.id.clone()),
        dimensions: dimensions(asked, matter),
        above: above
            .iter()
            .filter_map(|(plan, document)| {
                let theirs = plan.matters.iter().find(|m| m.name == matter.name)?;
                let dimensions = dimensions(plan, theirs);
                (!dimensions.is_empty()).then(|| AboveEntry {
                    document: document.clone(),
                    dimensions,
                })
            })
            .collect(),
    }
}

fn dimensions(plan: &Plan, matter: &Matter) -> Vec<DimensionEntry> {
    matter
        .dimensions
        .iter()
        .filter_map(|d| plan.dimension(*d))
        .map(|dimension| match &dimension.numeric {
            Some(numeric) => DimensionEntry {
                name: dimension.name.clone(),
                values: Vec::new(),
                range: Some(numeric.range.range_text()),
                unit: numeric.unit.clone(),
            },
            None => DimensionEntry {
                name: dimension.name.clone(),
                values: dimension.values.clone(),
                range: None,
                unit: None,
            },
        })
        .collect()
}
