//! Change reports: what an amendment, or a new version of a plan, changes — compared as
//! decisions, not as text.
//!
//! Input: the decision tables ([`emit::Table`]) of the old and the new plan, and the
//! matters renamed between them. Output: a [`ChangeReport`]. Each matter present in both
//! is compared case by case: the rows of both tables are laid over one case space (the
//! union of their dimensions and values) and cut into cells no row boundary crosses
//! ([`crate::boxes::partition`]); cells whose decision differs are merged back into few
//! regions. So two plans that decide every case alike report no change, however their
//! rules are split, ordered or commented.

mod mapping;
mod markdown;

use std::borrow::Cow;

use indexmap::{IndexMap, IndexSet};

use serde::Serialize;

use crate::boxes::{Budget, excluded_point, merge, partition, writable};
use crate::compile::Parts;
use crate::emit::{self, Constraint, Decision, DimensionRef, MatterRows, NumericRef};
use crate::ir::{CaseBox, MAX_VALUES, Plan, ValueSet};
use crate::numeric::{self, Bound, Interval, Number};
use crate::text::{Lang, Text};
use crate::tr;

pub use mapping::NameMap;
pub use markdown::to_markdown;

/// The version of the JSON change report, bumped on any incompatible change.
pub const SCHEMA: &str = "quanze.diff/4";

#[derive(Clone, Debug, Serialize)]
pub struct ChangeReport {
    pub schema: &'static str,
    pub old: DocumentRef,
    pub new: DocumentRef,
    /// Matters only the new plan has, in its order.
    pub added: Vec<String>,
    /// Matters only the old plan has, in its order.
    pub removed: Vec<String>,
    /// Matters only one plan has when the other is an excerpt (`节选`): left out of the
    /// excerpt, not removed from (or added to) the plan, so no level gains or loses them.
    pub not_in_excerpt: Vec<String>,
    pub renamed: Vec<Renamed>,
    /// The names of the old plan read as the new plan's (`--map`), as given.
    pub mapped: Vec<Renamed>,
    /// Matters in both whose decision changed for some cases, in the new plan's order.
    pub changed: Vec<MatterChange>,
    /// What the catch-all for unlisted matters decides, when that changed.
    pub unlisted: Option<Change>,
    /// For each level (the new plan's, then any only the old one has): the matters where
    /// it gains or loses the power or a share of the spending.
    pub levels: Vec<LevelChange>,
}

impl ChangeReport {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.not_in_excerpt.is_empty()
            && self.renamed.is_empty()
            && self.changed.is_empty()
            && self.unlisted.is_none()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentRef {
    pub title: String,
    pub number: Option<String>,
    /// The 文号 of the amendment applied to it, when the side is an amendment.
    pub amended_by: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatterChange {
    /// The matter's name in the new plan.
    pub matter: String,
    pub regions: Vec<Region>,
    /// Set when the versions split the matter by different dimensions (neither version's
    /// dimensions among the other's): their cases do not line up, so `regions` is empty
    /// rather than a flip of the power in every case. `--map` reads two names as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resplit: Option<Resplit>,
}

/// The dimensions each version splits a matter by, when they differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resplit {
    pub old: Vec<String>,
    pub new: Vec<String>,
}

/// The dimensions of both versions, when neither version's are all the other's: a
/// dimension added (the old decision now varies along it) or dropped compares case by
/// case; one traded for another does not.
fn resplit(old: &Kept, new: &MatterRows) -> Option<Resplit> {
    let names = |dimensions: &[DimensionRef]| dimensions.iter().map(|d| d.name.clone()).collect::<Vec<_>>();
    let (old, new) = (names(&old.dimensions), names(&new.dimensions));
    let within = |some: &[String], all: &[String]| some.iter().all(|name| all.contains(name));
    (!within(&old, &new) && !within(&new, &old)).then_some(Resplit { old, new })
}

/// Cases of one matter whose decision changed the same way.
#[derive(Clone, Debug, Serialize)]
pub struct Region {
    /// The constrained dimensions; a dimension not listed admits every value.
    pub when: Vec<Constraint>,
    /// The same in the language's notation; `任意` / `any` for every case.
    pub condition: String,
    #[serde(flatten)]
    pub change: Change,
}

/// A decision before and after; `None` where the case did not exist (a value or a
/// matter added or removed).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub old: Option<Decision>,
    pub new: Option<Decision>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    pub level: String,
    pub gains_power: Vec<String>,
    pub loses_power: Vec<String>,
    pub gains_spending: Vec<String>,
    pub loses_spending: Vec<String>,
}

/// Why two versions of a matter cannot be compared case by case. A report without the
/// matter would be incomplete and one comparing it anyway wrong, so there is no report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uncomparable {
    /// The matter's name in the new plan.
    pub matter: String,
    pub dimension: String,
    pub reason: Reason,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Together the versions give the dimension more values (or, numeric, more pieces)
    /// than a case box holds. Each alone is within the limit (E0018); their union may not be.
    TooManyValues { count: usize, numeric: bool },
    /// The numbers are in different units (`万元`, `元`): 5000 of one is not 5000 of the other.
    UnitChanged { old: Option<String>, new: Option<String> },
    /// Numbers in one version, listed values in the other: no case of one is a case of the other.
    KindChanged { old_numeric: bool },
    /// The two versions' rows laid over each other take more work than the budget of a
    /// matter (E0018's limit): each version alone was within it, their overlay is not.
    TooComplex,
}

impl Uncomparable {
    pub fn message(&self) -> Text {
        let (matter, dimension) = (&self.matter, &self.dimension);
        match &self.reason {
            Reason::TooManyValues { count, numeric: true } => tr!(
                "无法比较事项 `{matter}`：两个版本的阈值把数值维度 `{dimension}` 共切分成 {count} 段，超过上限 {MAX_VALUES}",
                "cannot compare matter `{matter}`: the thresholds of both versions together cut numeric dimension `{dimension}` into {count} pieces, more than the limit of {MAX_VALUES}"
            ),
            Reason::TooManyValues { count, numeric: false } => tr!(
                "无法比较事项 `{matter}`：维度 `{dimension}` 在两个版本中共有 {count} 个值，超过上限 {MAX_VALUES}",
                "cannot compare matter `{matter}`: dimension `{dimension}` has {count} values in the two versions together, more than the limit of {MAX_VALUES}"
            ),
            Reason::UnitChanged { old, new } => {
                let unit = |u: &Option<String>, zh: bool| match (u, zh) {
                    (Some(u), _) => format!("`{u}`"),
                    (None, true) => "无单位".to_string(),
                    (None, false) => "no unit".to_string(),
                };
                let (old_zh, new_zh, old_en, new_en) =
                    (unit(old, true), unit(new, true), unit(old, false), unit(new, false));
                tr!(
                    "无法比较事项 `{matter}`：数值维度 `{dimension}` 的单位由 {old_zh} 改为 {new_zh}，两个版本的数不能直接比较",
                    "cannot compare matter `{matter}`: the unit of numeric dimension `{dimension}` changed from {old_en} to {new_en}, so the numbers of the two versions do not compare"
                )
            }
            Reason::KindChanged { old_numeric: true } => tr!(
                "无法比较事项 `{matter}`：维度 `{dimension}` 在原方案中是数值维度，在新方案中列出取值，两个版本的情形无法对应",
                "cannot compare matter `{matter}`: dimension `{dimension}` is numeric in the old plan but lists its values in the new one, so the cases of the two versions do not correspond"
            ),
            Reason::TooComplex => tr!(
                "无法比较事项 `{matter}`：两个版本的条款叠加后把情形切分得过细，超出检查的限额",
                "cannot compare matter `{matter}`: the rows of its two versions laid over each other cut its cases too finely, past the checking allowance"
            ),
            Reason::KindChanged { old_numeric: false } => tr!(
                "无法比较事项 `{matter}`：维度 `{dimension}` 在原方案中列出取值，在新方案中是数值维度，两个版本的情形无法对应",
                "cannot compare matter `{matter}`: dimension `{dimension}` lists its values in the old plan but is numeric in the new one, so the cases of the two versions do not correspond"
            ),
        }
    }

    pub fn note(&self) -> Text {
        match self.reason {
            Reason::TooManyValues { .. } | Reason::TooComplex => tr!(
                "变更报告必须逐一比较每个值；未比较的变化会被遗漏，因此不输出报告",
                "a change report compares every value; changes past the limit would be left out, so no report is written"
            ),
            Reason::UnitChanged { .. } | Reason::KindChanged { .. } => tr!(
                "比较结果会是错的，因此不输出报告；请用同一种写法的两个版本比较",
                "a comparison would be wrong, so no report is written; compare two versions that state the dimension alike"
            ),
        }
    }
}

/// Why two plans are not two versions of one plan, when one refines the other (`细化`):
/// a parent and its child divide between different levels, so comparing them case by
/// case would report every case as changed hands. `None` when they may be versions.
pub fn not_versions(old: &crate::ir::Plan, new: &crate::ir::Plan) -> Option<Text> {
    let refines = |child: &crate::ir::Plan, parent: &crate::ir::Plan| {
        let number = parent.header.number.as_deref()?;
        (child.header.refines.as_ref()?.number == number).then(|| number.to_string())
    };
    let (parent, child) = match (refines(old, new), refines(new, old)) {
        (Some(parent), _) => (parent, old.header.number.clone().unwrap_or_default()),
        (None, Some(parent)) => (parent, new.header.number.clone().unwrap_or_default()),
        (None, None) => return None,
    };
    Some(tr!(
        "`{child}` 细化 `{parent}`：两者是上下级方案，不是同一方案的两个版本，不能逐情形比较；`quanze table --chain` 逐级列出两者的决定",
        "`{child}` refines `{parent}`: they are a plan and the plan above it, not two versions of one plan, and do not compare case by case; `quanze table --chain` lists both plans' decisions"
    ))
}

/// One version of a plan as [`compare`] reads it: the head of its table (document,
/// levels, catch-all) and its matters, each made into rows only when it is read, so that
/// a diff of two checked plans never holds the table of either (issue 14).
pub struct Version<'a> {
    head: emit::Table,
    matters: Matters<'a>,
    /// The names read as others (`diff --map`): empty but for the old version.
    map: NameMap,
}

enum Matters<'a> {
    Made(&'a [MatterRows]),
    Parts { parts: &'a dyn Parts, lang: Lang },
}

impl<'a> Version<'a> {
    /// A version whose table is made already.
    pub fn of_table(table: &'a emit::Table) -> Self {
        Version {
            head: emit::Table {
                schema: table.schema,
                document: table.document.clone(),
                levels: table.levels.clone(),
                matters: Vec::new(),
                unlisted: table.unlisted.clone(),
                unlisted_section: table.unlisted_section.clone(),
            },
            matters: Matters::Made(&table.matters),
            map: NameMap::default(),
        }
    }

    /// The version with its names read as `map` says (`diff --map`), for comparing it with
    /// a plan that names things otherwise. Check [`NameMap::unknown_names`] first.
    pub fn mapped(mut self, map: NameMap) -> Self {
        map.head(&mut self.head);
        self.map = map;
        self
    }

    /// A checked plan read part by part ([`Parts`]: held whole, or streamed again from its
    /// file): `declarations` holds its header, levels, dimensions and catch-all.
    pub fn of_parts(declarations: &Plan, parts: &'a dyn Parts, lang: Lang) -> Self {
        Version {
            head: emit::table(declarations, &[], lang),
            matters: Matters::Parts { parts, lang },
            map: NameMap::default(),
        }
    }

    /// Each matter's name, in the plan's order, without making its rows.
    fn each_name(&self, visit: &mut dyn FnMut(&str)) {
        let map = &self.map;
        match &self.matters {
            Matters::Made(matters) => matters.iter().for_each(|matter| visit(map.name(&matter.name))),
            Matters::Parts { parts, .. } => parts.each(&mut |plan, tables| {
                for table in tables.unwrap_or_default() {
                    if let Some(matter) = plan.matters.get(table.matter) {
                        visit(map.name(&matter.name));
                    }
                }
            }),
        }
    }

    /// Each matter's rows, in the plan's order, in the names it is compared under.
    fn each(&self, visit: &mut dyn FnMut(Cow<'_, MatterRows>)) {
        if self.map.is_empty() {
            return self.each_unmapped(visit);
        }
        self.each_unmapped(&mut |matter| visit(Cow::Owned(self.map.matter(matter.into_owned()))));
    }

    /// Each matter's rows, in the plan's order, as the plan names them.
    fn each_unmapped(&self, visit: &mut dyn FnMut(Cow<'_, MatterRows>)) {
        match &self.matters {
            Matters::Made(matters) => matters.iter().for_each(|matter| visit(Cow::Borrowed(matter))),
            Matters::Parts { parts, lang } => parts.each(&mut |plan, tables| {
                if let Some(tables) = tables {
                    emit::table(plan, tables, *lang)
                        .matters
                        .into_iter()
                        .for_each(|matter| visit(Cow::Owned(matter)));
                }
            }),
        }
    }
}

/// Compares two plans' tables. `renames` maps old matter names to new ones (from an
/// amendment); other matters are matched by name. `Err` when a matter in both cannot be
/// compared case by case: no report rather than one missing its changes.
pub fn compare(
    old: &emit::Table,
    new: &emit::Table,
    renames: &[(String, String)],
    lang: Lang,
) -> Result<ChangeReport, Uncomparable> {
    compare_versions(&Version::of_table(old), &Version::of_table(new), renames, lang)
}

/// [`compare`] of two versions, each a table or a checked plan.
pub fn compare_versions(
    old: &Version<'_>,
    new: &Version<'_>,
    renames: &[(String, String)],
    lang: Lang,
) -> Result<ChangeReport, Uncomparable> {
    let comparison = Comparison::new(old, new, renames);
    let mut levels = comparison.levels();
    let mut changed = Vec::new();
    comparison.each_change(lang, Some(&mut levels), &mut |matter| changed.push(matter))?;
    let mut report = comparison.report(levels);
    report.changed = changed;
    Ok(report)
}

/// The formats a change report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// Two versions compared, to be written ([`Written::write`]) in the same bytes as
/// [`to_markdown`] or [`to_json`] of the whole report — without holding the report's
/// changed matters: they are compared again and written one by one. Two unrelated 4 MB
/// plans gave 8 MB of report, held as 127 MB of values (BENCHMARKS.md, issue 14).
pub struct Written<'v, 'a> {
    /// Everything but the changed matters (`changed` is empty); the caller may fill in
    /// what the two files are (`amended_by`).
    pub report: ChangeReport,
    comparison: Comparison<'v, 'a>,
    any_changed: bool,
    format: Format,
    lang: Lang,
}

/// Compares two versions once, for the summary by level and to know that every matter
/// in both compares: `Err` before anything is written. [`Written::write`] then compares
/// them again, writing.
pub fn compare_written<'v, 'a>(
    old: &'v Version<'a>,
    new: &'v Version<'a>,
    renames: &[(String, String)],
    lang: Lang,
    format: Format,
) -> Result<Written<'v, 'a>, Uncomparable> {
    let comparison = Comparison::new(old, new, renames);
    let mut levels = comparison.levels();
    let mut any_changed = false;
    comparison.each_change(lang, Some(&mut levels), &mut |_| any_changed = true)?;
    Ok(Written {
        report: comparison.report(levels),
        comparison,
        any_changed,
        format,
        lang,
    })
}

impl Written<'_, '_> {
    /// Whether the report has any change to tell: a matter added, removed, renamed or
    /// deciding some case otherwise, or the catch-all deciding otherwise.
    pub fn changes_anything(&self) -> bool {
        self.any_changed || !self.report.is_empty()
    }

    /// The report, as [`to_markdown`] or [`to_json`] writes it.
    pub fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let lang = self.lang;
        match self.format {
            Format::Markdown => {
                out.write_all(markdown::head(&self.report, self.any_changed, lang).as_bytes())?;
                self.each_changed(&mut |matter, first| {
                    let mut text = String::new();
                    markdown::changed_matter(&mut text, matter, first, lang);
                    out.write_all(text.as_bytes())
                })?;
                out.write_all(markdown::tail(&self.report, lang).as_bytes())
            }
            Format::Json => self.write_json(out),
        }
    }

    /// The report as `to_json` writes it: its fields in order, each pretty-printed one
    /// level in (JSON strings hold no line break, so indenting every line of a value is
    /// indenting the value), the changed matters as they are compared again.
    fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let report = &self.report;
        let field = |out: &mut dyn std::io::Write, name: &str, value: &dyn erased::Value, last: bool| {
            write!(out, "  \"{name}\": ")?;
            write_indented(out, &value.pretty()?, "  ")?;
            out.write_all(if last { b"\n" } else { b",\n" })
        };
        out.write_all(b"{\n")?;
        field(out, "schema", &report.schema, false)?;
        field(out, "old", &report.old, false)?;
        field(out, "new", &report.new, false)?;
        field(out, "added", &report.added, false)?;
        field(out, "removed", &report.removed, false)?;
        field(out, "not_in_excerpt", &report.not_in_excerpt, false)?;
        field(out, "renamed", &report.renamed, false)?;
        field(out, "mapped", &report.mapped, false)?;
        out.write_all(b"  \"changed\": ")?;
        if self.any_changed {
            self.each_changed(&mut |matter, first| {
                out.write_all(if first { b"[\n    " } else { b",\n    " })?;
                let element = serde_json::to_string_pretty(matter).map_err(std::io::Error::other)?;
                write_indented(out, &element, "    ")
            })?;
            out.write_all(b"\n  ],\n")?;
        } else {
            out.write_all(b"[],\n")?;
        }
        field(out, "unlisted", &report.unlisted, false)?;
        field(out, "levels", &report.levels, true)?;
        out.write_all(b"}\n")
    }

    /// The changed matters, compared again, each handed to `write` with whether it is
    /// the first.
    fn each_changed(&self, write: &mut dyn FnMut(&MatterChange, bool) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut first = true;
        let mut written = Ok(());
        let compared = self.comparison.each_change(self.lang, None, &mut |matter| {
            if written.is_ok() {
                written = write(&matter, first);
                first = false;
            }
        });
        // They compared the first time; not now only if a version read differently.
        compared.map_err(|refusal| std::io::Error::other(refusal.message().get(self.lang).to_string()))?;
        written
    }
}

/// `text` with every line but the first indented by `indent`.
fn write_indented(out: &mut dyn std::io::Write, text: &str, indent: &str) -> std::io::Result<()> {
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A report field of any type, pretty-printed on its own.
mod erased {
    pub trait Value {
        fn pretty(&self) -> std::io::Result<String>;
    }

    impl<T: serde::Serialize> Value for T {
        fn pretty(&self) -> std::io::Result<String> {
            serde_json::to_string_pretty(self).map_err(std::io::Error::other)
        }
    }
}

/// Two versions matched by name: the old one read once, and the rows of the matters the
/// new one has kept; the new one is read matter by matter against them, once or twice.
/// Matched through maps, not by scanning lists: a diff of n matters costs n log n, not n²
/// (80,000 matters took minutes).
struct Comparison<'v, 'a> {
    old: &'v Version<'a>,
    new: &'v Version<'a>,
    renames: Vec<(String, String)>,
    old_names: IndexSet<String>,
    new_names: IndexSet<String>,
    /// The old rows of each matter in both, by its new name.
    before: IndexMap<String, Kept>,
    /// The decisions of the rows kept, each once.
    decisions: IndexSet<Decision>,
    removed: Vec<String>,
    /// The old plan's matters the new one, an excerpt, leaves out.
    not_in_excerpt: Vec<String>,
    /// What the removed matters change, recorded after the new plan's (as they are listed).
    removals: Levels,
}

impl<'v, 'a> Comparison<'v, 'a> {
    fn new(old: &'v Version<'a>, new: &'v Version<'a>, renames: &[(String, String)]) -> Self {
        let renamed_to: IndexMap<&str, &str> = renames.iter().map(|(from, to)| (from.as_str(), to.as_str())).collect();
        let new_name = |name: &str| renamed_to.get(name).map_or(name.to_string(), |to| (*to).to_string());
        let mut new_names: IndexSet<String> = IndexSet::new();
        new.each_name(&mut |name| {
            new_names.insert(name.to_string());
        });
        let mut old_names: IndexSet<String> = IndexSet::new();
        let mut before: IndexMap<String, Kept> = IndexMap::new();
        let mut decisions: IndexSet<Decision> = IndexSet::new();
        let (mut removed, mut not_in_excerpt) = (Vec::new(), Vec::new());
        let new_is_excerpt = new.head.document.excerpt;
        let mut removals = Levels::new(&new.head, &old.head);
        old.each(&mut |matter| {
            old_names.insert(matter.name.clone());
            let name = new_name(&matter.name);
            if new_names.contains(&name) {
                before.insert(name, Kept::new(&matter, &mut decisions));
                return;
            }
            if new_is_excerpt {
                not_in_excerpt.push(matter.name.clone());
                return;
            }
            for row in &matter.rows {
                let change = Change {
                    old: Some(bare(&row.decision)),
                    new: None,
                };
                removals.record(&matter.name, &change);
            }
            removed.push(matter.name.clone());
        });
        Comparison {
            old,
            new,
            renames: renames.to_vec(),
            old_names,
            new_names,
            before,
            decisions,
            removed,
            not_in_excerpt,
            removals,
        }
    }

    /// An empty summary by level, for [`Self::each_change`] to fill.
    fn levels(&self) -> Levels {
        Levels::new(&self.new.head, &self.old.head)
    }

    /// Reads the new version, comparing each matter with its old rows: hands on each
    /// matter whose decision changed, and records in `levels` what every matter of the
    /// new version changes. `Err` at the first matter that cannot be compared.
    fn each_change(
        &self,
        lang: Lang,
        mut levels: Option<&mut Levels>,
        changed: &mut dyn FnMut(MatterChange),
    ) -> Result<(), Uncomparable> {
        let mut refused = None;
        self.new.each(&mut |matter| {
            if refused.is_some() {
                return;
            }
            let Some(before) = self.before.get(&matter.name) else {
                // Left out of an old excerpt, not added: no level gains it.
                if self.old.head.document.excerpt {
                    return;
                }
                for row in &matter.rows {
                    let change = Change {
                        old: None,
                        new: Some(bare(&row.decision)),
                    };
                    if let Some(levels) = levels.as_deref_mut() {
                        levels.record(&matter.name, &change);
                    }
                }
                return;
            };
            if let Some(resplit) = resplit(before, &matter) {
                changed(MatterChange {
                    matter: matter.name.clone(),
                    regions: Vec::new(),
                    resplit: Some(resplit),
                });
                return;
            }
            match compare_matter(before, &self.decisions, &matter, lang) {
                Ok(regions) => {
                    if let Some(levels) = levels.as_deref_mut() {
                        for region in &regions {
                            levels.record(&matter.name, &region.change);
                        }
                    }
                    if !regions.is_empty() {
                        changed(MatterChange {
                            matter: matter.name.clone(),
                            regions,
                            resplit: None,
                        });
                    }
                }
                Err(refusal) => refused = Some(refusal),
            }
        });
        refused.map_or(Ok(()), Err)
    }

    /// The report without its changed matters, `levels` filled by [`Self::each_change`].
    fn report(&self, mut levels: Levels) -> ChangeReport {
        levels.then(&self.removals);
        let only_new = self
            .new_names
            .iter()
            .filter(|name| !self.before.contains_key(name.as_str()))
            .cloned();
        // A matter the old plan, an excerpt, leaves out is not added by the new one.
        let (added, not_in_old_excerpt): (Vec<String>, Vec<String>) = match self.old.head.document.excerpt {
            true => (Vec::new(), only_new.collect()),
            false => (only_new.collect(), Vec::new()),
        };
        let renamed = self
            .renames
            .iter()
            .filter(|(from, to)| self.old_names.contains(from.as_str()) && self.new_names.contains(to.as_str()))
            .map(|(from, to)| Renamed {
                from: from.clone(),
                to: to.clone(),
            })
            .collect();
        let unlisted = Some(Change {
            old: self.old.head.unlisted.as_ref().map(bare),
            new: self.new.head.unlisted.as_ref().map(bare),
        })
        .filter(|change| change.old != change.new);
        ChangeReport {
            schema: SCHEMA,
            old: document_ref(&self.old.head),
            new: document_ref(&self.new.head),
            added,
            removed: self.removed.clone(),
            not_in_excerpt: self.not_in_excerpt.iter().cloned().chain(not_in_old_excerpt).collect(),
            renamed,
            mapped: self
                .old
                .map
                .pairs()
                .map(|(from, to)| Renamed {
                    from: from.to_string(),
                    to: to.to_string(),
                })
                .collect(),
            changed: Vec::new(),
            unlisted,
            levels: levels.finish(),
        }
    }
}

/// The old version of a matter as the comparison keeps it while it reads the new one:
/// its dimensions, and each row as a box of them with its decision (without its rules),
/// an index into decisions shared by every matter. A row as text — its condition, each
/// value's name — took about 1 KB; kept, a few dozen bytes (issue 14).
struct Kept {
    dimensions: Vec<DimensionRef>,
    rows: Vec<(CaseBox, usize)>,
}

impl Kept {
    fn new(matter: &MatterRows, decisions: &mut IndexSet<Decision>) -> Self {
        let rows = matter
            .rows
            .iter()
            .map(|row| {
                let (index, _) = decisions.insert_full(bare(&row.decision));
                (own_box(&matter.dimensions, &row.when), index)
            })
            .collect();
        Kept {
            dimensions: matter.dimensions.clone(),
            rows,
        }
    }
}

/// A row's cases as a box of its matter's dimensions: the values named, or for a numeric
/// dimension the pieces within the intervals; every value of a dimension not constrained.
fn own_box(dimensions: &[DimensionRef], when: &[Constraint]) -> CaseBox {
    dimensions
        .iter()
        .map(|dimension| {
            let Some(constraint) = when.iter().find(|c| c.dimension == dimension.name) else {
                return ValueSet::all(dimension.values.len());
            };
            match &dimension.numeric {
                Some(numeric) => numeric
                    .pieces
                    .iter()
                    .enumerate()
                    .filter(|(_, piece)| constraint.intervals.iter().any(|i| i.covers(piece)))
                    .map(|(index, _)| index)
                    .collect(),
                None => {
                    let named: IndexSet<&str> = constraint.values.iter().map(String::as_str).collect();
                    dimension
                        .values
                        .iter()
                        .enumerate()
                        .filter(|(_, value)| named.contains(value.as_str()))
                        .map(|(index, _)| index)
                        .collect()
                }
            }
        })
        .collect()
}

fn document_ref(table: &emit::Table) -> DocumentRef {
    DocumentRef {
        title: table.document.title.clone(),
        number: table.document.number.clone(),
        amended_by: None,
    }
}

/// A decision without the rules that made it: what is compared.
fn bare(decision: &Decision) -> Decision {
    Decision {
        rules: Vec::new(),
        ..decision.clone()
    }
}

/// One dimension of the space both versions of a matter are compared in.
struct SpaceDimension {
    name: String,
    /// Listed: the union of both versions' values. Numeric: the texts of `pieces`.
    values: Vec<String>,
    /// Listed: where each value is in `values` (a county-sized dimension is looked up, not
    /// searched). Empty for a numeric one.
    positions: IndexMap<String, usize>,
    /// Numeric: the pieces of the hull of both ranges, cut at both versions' thresholds.
    pieces: Option<Vec<Interval>>,
    /// Numeric: the unit the numbers are in.
    unit: Option<String>,
    /// Numeric: how its numbers are written, as numbers or days.
    notation: numeric::Notation,
}

/// The dimensions of both versions of a matter.
struct Space {
    dimensions: Vec<SpaceDimension>,
}

impl Space {
    /// `Err` when a dimension has more values, or pieces, than a [`ValueSet`] holds.
    fn new(old: &[DimensionRef], new: &MatterRows) -> Result<Self, Uncomparable> {
        let mut dimensions: Vec<SpaceDimension> = Vec::new();
        let all: Vec<&DimensionRef> = old.iter().chain(&new.dimensions).collect();
        for dimension in &all {
            if dimensions.iter().any(|d| d.name == dimension.name) {
                continue;
            }
            // The old version's first, where both have it.
            let versions: Vec<&&DimensionRef> = all.iter().filter(|d| d.name == dimension.name).collect();
            let numeric: Vec<&NumericRef> = versions.iter().filter_map(|d| d.numeric.as_ref()).collect();
            let refuse = |reason| Uncomparable {
                matter: new.name.clone(),
                dimension: dimension.name.clone(),
                reason,
            };
            if !numeric.is_empty() && numeric.len() != versions.len() {
                let old_numeric = versions.first().is_some_and(|d| d.numeric.is_some());
                return Err(refuse(Reason::KindChanged { old_numeric }));
            }
            // Days in one version and numbers in the other compare no better than two
            // units: a date dimension's "unit" is said as 日期.
            let unit = |n: &NumericRef| match n.date {
                true => Some("日期".to_string()),
                false => n.unit.clone(),
            };
            if let [before, after] = numeric.as_slice()
                && unit(before) != unit(after)
            {
                return Err(refuse(Reason::UnitChanged {
                    old: unit(before),
                    new: unit(after),
                }));
            }
            if numeric.is_empty() {
                let mut values: Vec<String> = Vec::new();
                let mut positions: IndexMap<String, usize> = IndexMap::new();
                for value in versions.iter().flat_map(|d| &d.values) {
                    if !positions.contains_key(value) {
                        positions.insert(value.clone(), values.len());
                        values.push(value.clone());
                    }
                }
                dimensions.push(SpaceDimension {
                    name: dimension.name.clone(),
                    values,
                    positions,
                    pieces: None,
                    unit: None,
                    notation: numeric::Notation::Numbers,
                });
            } else {
                let pieces = common_pieces(&numeric);
                let Some(first) = numeric.first() else {
                    continue;
                };
                dimensions.push(SpaceDimension {
                    name: dimension.name.clone(),
                    values: pieces.iter().map(|p| first.interval_text(p)).collect(),
                    positions: IndexMap::new(),
                    pieces: Some(pieces),
                    unit: first.unit.clone(),
                    notation: first.notation(),
                });
            }
        }
        // A value past the limit would make sets past what a plan may hold.
        if let Some(wide) = dimensions.iter().find(|d| d.values.len() > MAX_VALUES) {
            return Err(Uncomparable {
                matter: new.name.clone(),
                dimension: wide.name.clone(),
                reason: Reason::TooManyValues {
                    count: wide.values.len(),
                    numeric: wide.pieces.is_some(),
                },
            });
        }
        Ok(Space { dimensions })
    }

    fn sizes(&self) -> Vec<usize> {
        self.dimensions.iter().map(|d| d.values.len()).collect()
    }

    /// The pieces of each numeric dimension; `None` for a listed one.
    fn numeric(&self) -> Vec<Option<&[Interval]>> {
        self.dimensions.iter().map(|d| d.pieces.as_deref()).collect()
    }

    /// The values named, or for a numeric dimension the pieces within the intervals.
    fn mask(&self, position: usize, names: &[String], intervals: &[Interval]) -> ValueSet {
        let Some(dimension) = self.dimensions.get(position) else {
            return ValueSet::empty();
        };
        match &dimension.pieces {
            Some(pieces) => pieces
                .iter()
                .enumerate()
                .filter(|(_, piece)| intervals.iter().any(|i| i.covers(piece)))
                .map(|(index, _)| index)
                .collect(),
            None => names
                .iter()
                .filter_map(|name| dimension.positions.get(name))
                .copied()
                .collect(),
        }
    }

    /// A row of one version as a box of the common space: where the version has the
    /// dimension, the row's values (or all the version's values); where it does not,
    /// every value (the version's decision does not depend on it).
    /// The boxes of a kept version's rows in the common space: each bit of a row's own box
    /// stands for the values of the space it covers (the same values, or the pieces within a
    /// piece); a dimension the version does not have admits every value, as in [`Self::row_box`].
    fn kept_boxes(&self, kept: &Kept) -> Vec<CaseBox> {
        // For each dimension of the space: the version's dimension, and what each of its
        // bits stands for.
        let translation: Vec<Option<(usize, Vec<Vec<usize>>)>> = self
            .dimensions
            .iter()
            .enumerate()
            .map(|(position, space_dimension)| {
                let index = kept.dimensions.iter().position(|d| d.name == space_dimension.name)?;
                let dimension = kept.dimensions.get(index)?;
                let bits = (0..dimension.values.len())
                    .map(|bit| {
                        let names = dimension.values.get(bit..=bit).unwrap_or_default();
                        let pieces = dimension
                            .numeric
                            .as_ref()
                            .and_then(|n| n.pieces.get(bit..=bit))
                            .unwrap_or_default();
                        self.mask(position, names, pieces).iter().collect()
                    })
                    .collect();
                Some((index, bits))
            })
            .collect();
        kept.rows
            .iter()
            .map(|(own, _)| {
                translation
                    .iter()
                    .zip(&self.dimensions)
                    .map(|(translated, space_dimension)| match translated {
                        Some((index, bits)) => own
                            .get(*index)
                            .into_iter()
                            .flat_map(ValueSet::iter)
                            .filter_map(|bit| bits.get(bit))
                            .flatten()
                            .copied()
                            .collect(),
                        None => ValueSet::all(space_dimension.values.len()),
                    })
                    .collect()
            })
            .collect()
    }

    fn row_box(&self, version: &[DimensionRef], when: &[Constraint]) -> CaseBox {
        (0..self.dimensions.len())
            .map(|position| {
                let name = self.dimensions.get(position).map_or("", |d| d.name.as_str());
                if let Some(constraint) = when.iter().find(|c| c.dimension == name) {
                    return self.mask(position, &constraint.values, &constraint.intervals);
                }
                match version.iter().find(|d| d.name == name) {
                    Some(dimension) => {
                        let range: Vec<Interval> = dimension.numeric.iter().map(|n| n.range).collect();
                        self.mask(position, &dimension.values, &range)
                    }
                    None => ValueSet::all(self.dimensions.get(position).map_or(0, |d| d.values.len())),
                }
            })
            .collect()
    }

    /// The box's constraints, and its condition in the language's notation (as
    /// `describe::case_box` writes a plan's): a numeric dimension with its unit, and `≠`
    /// for all but one number. The box is [`writable`]: one interval per numeric dimension.
    fn describe(&self, case_box: &CaseBox, lang: Lang) -> (Vec<Constraint>, String) {
        let mut when = Vec::new();
        let mut parts = Vec::new();
        for (position, set) in case_box.iter().enumerate() {
            let Some(dimension) = self.dimensions.get(position) else {
                continue;
            };
            let admitted: Vec<usize> = set.iter().filter(|index| *index < dimension.values.len()).collect();
            if admitted.len() == dimension.values.len() {
                continue;
            }
            let constraint = match &dimension.pieces {
                Some(pieces) => {
                    let intervals = numeric::join_pieces(pieces, &admitted);
                    let unit = dimension.unit.as_ref().map_or(String::new(), |u| format!(" {u}"));
                    let name = &dimension.name;
                    parts.push(match excluded_point(pieces, set) {
                        Some(point) => format!("{name} ≠ {}{unit}", dimension.notation.text(point)),
                        None => {
                            let texts: Vec<String> = intervals.iter().map(|i| i.text_in(dimension.notation)).collect();
                            format!("{name} = {}{unit}", texts.join(" ∪ "))
                        }
                    });
                    Constraint {
                        dimension: dimension.name.clone(),
                        values: intervals.iter().map(|i| i.text_in(dimension.notation)).collect(),
                        intervals,
                        unit: dimension.unit.clone(),
                    }
                }
                None => {
                    let values: Vec<String> = admitted
                        .iter()
                        .filter_map(|i| dimension.values.get(*i))
                        .cloned()
                        .collect();
                    parts.push(match values.as_slice() {
                        [one] => format!("{} = {one}", dimension.name),
                        several => format!("{} = {{{}}}", dimension.name, several.join(", ")),
                    });
                    Constraint {
                        dimension: dimension.name.clone(),
                        values,
                        intervals: Vec::new(),
                        unit: None,
                    }
                }
            };
            when.push(constraint);
        }
        let condition = if parts.is_empty() {
            crate::describe::every_case().get(lang).to_string()
        } else {
            parts.join(" ∧ ")
        };
        (when, condition)
    }
}

/// The pieces of the hull of both versions' ranges, cut at the thresholds of both.
fn common_pieces(versions: &[&NumericRef]) -> Vec<Interval> {
    let lowest = |a: Bound, b: Bound| match (a.value, b.value) {
        (None, _) | (_, None) => Bound::INFINITE,
        (Some(x), Some(y)) if x < y || (x == y && a.closed) => a,
        _ => b,
    };
    let highest = |a: Bound, b: Bound| match (a.value, b.value) {
        (None, _) | (_, None) => Bound::INFINITE,
        (Some(x), Some(y)) if x > y || (x == y && a.closed) => a,
        _ => b,
    };
    let hull = versions.iter().skip(1).fold(
        versions.first().map_or(Interval::EVERYTHING, |v| v.range),
        |hull, version| Interval {
            lo: lowest(hull.lo, version.range.lo),
            hi: highest(hull.hi, version.range.hi),
        },
    );
    let thresholds: Vec<Number> = versions
        .iter()
        .flat_map(|v| v.pieces.iter().chain(std::iter::once(&v.range)))
        .flat_map(|piece| [piece.lo.value, piece.hi.value])
        .flatten()
        .collect();
    let pieces = numeric::pieces(hull, &thresholds);
    // Whole numbers in both versions: a stretch between two of them holds no case.
    match versions.iter().all(|v| v.integer) {
        true => numeric::whole_pieces(pieces),
        false => pieces,
    }
}

/// The regions of one matter whose decision changed.
fn compare_matter(
    old: &Kept,
    decisions: &IndexSet<Decision>,
    new: &MatterRows,
    lang: Lang,
) -> Result<Vec<Region>, Uncomparable> {
    let space = Space::new(&old.dimensions, new)?;
    let old_boxes: Vec<Vec<CaseBox>> = space.kept_boxes(old).into_iter().map(|b| vec![b]).collect();
    let new_boxes: Vec<Vec<CaseBox>> = new
        .rows
        .iter()
        .map(|r| vec![space.row_box(&new.dimensions, &r.when)])
        .collect();
    let old_count = old_boxes.len();
    let rows = old_boxes
        .iter()
        .chain(&new_boxes)
        .enumerate()
        .map(|(index, boxes)| (index, boxes.as_slice()));
    // Changed cells grouped by (old decision, new decision), in the order first met.
    let mut groups: Vec<(Change, Vec<CaseBox>)> = Vec::new();
    // Each side was checked within the budget; their overlay may not be.
    let sizes = space.sizes();
    let mut budget = Budget::scaled(old_boxes.len() + new_boxes.len(), &sizes);
    let Ok(cells) = partition(&sizes, rows, &mut budget) else {
        return Err(Uncomparable {
            matter: new.name.clone(),
            dimension: String::new(),
            reason: Reason::TooComplex,
        });
    };
    for cell in cells {
        let before = cell
            .rules
            .iter()
            .find(|r| **r < old_count)
            .and_then(|r| old.rows.get(*r))
            .and_then(|(_, decision)| decisions.get_index(*decision));
        let after = cell
            .rules
            .iter()
            .find(|r| **r >= old_count)
            .and_then(|r| new.rows.get(r - old_count));
        if before.is_none() && after.is_none() {
            continue;
        }
        let change = Change {
            old: before.cloned(),
            new: after.map(|row| bare(&row.decision)),
        };
        if change.old == change.new {
            continue;
        }
        match groups.iter_mut().find(|(c, _)| *c == change) {
            Some((_, boxes)) => boxes.push(cell.case_box),
            None => groups.push((change, vec![cell.case_box])),
        }
    }
    let mut regions = Vec::new();
    let numeric = space.numeric();
    for (change, boxes) in groups {
        for case_box in merge(boxes).iter().flat_map(|b| writable(b, &numeric)) {
            let (when, condition) = space.describe(&case_box, lang);
            regions.push(Region {
                when,
                condition,
                change: change.clone(),
            });
        }
    }
    Ok(regions)
}

/// The per-level summary, built as changes are found.
struct Levels {
    entries: Vec<LevelChange>,
    /// (level, list, matter) already recorded: a matter is listed once per list.
    recorded: IndexSet<(String, List, String)>,
}

/// The four lists of a [`LevelChange`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum List {
    GainsPower,
    LosesPower,
    GainsSpending,
    LosesSpending,
}

impl Levels {
    fn new(new: &emit::Table, old: &emit::Table) -> Self {
        let mut entries: Vec<LevelChange> = Vec::new();
        for level in new.levels.iter().chain(&old.levels) {
            if !entries.iter().any(|e| &e.level == level) {
                entries.push(LevelChange {
                    level: level.clone(),
                    ..LevelChange::default()
                });
            }
        }
        Levels {
            entries,
            recorded: IndexSet::new(),
        }
    }

    fn record(&mut self, matter: &str, change: &Change) {
        let power = |d: &Option<Decision>| d.as_ref().map(|d| d.power.clone()).unwrap_or_default();
        let payers = |d: &Option<Decision>| -> Vec<String> {
            d.as_ref()
                .map(|d| d.spending.iter().map(|s| s.level.clone()).collect())
                .unwrap_or_default()
        };
        let (old_power, new_power) = (power(&change.old), power(&change.new));
        // A level gains the power when it holds it now and did not (alone or jointly).
        for level in new_power.iter().filter(|l| !old_power.contains(l)) {
            self.add(level, matter, List::GainsPower);
        }
        for level in old_power.iter().filter(|l| !new_power.contains(l)) {
            self.add(level, matter, List::LosesPower);
        }
        let (old_payers, new_payers) = (payers(&change.old), payers(&change.new));
        for level in new_payers.iter().filter(|l| !old_payers.contains(l)) {
            self.add(level, matter, List::GainsSpending);
        }
        for level in old_payers.iter().filter(|l| !new_payers.contains(l)) {
            self.add(level, matter, List::LosesSpending);
        }
    }

    fn add(&mut self, level: &str, matter: &str, list: List) {
        let Some(entry) = self.entries.iter_mut().find(|e| e.level == level) else {
            return;
        };
        if !self.recorded.insert((level.to_string(), list, matter.to_string())) {
            return;
        }
        match list {
            List::GainsPower => entry.gains_power.push(matter.to_string()),
            List::LosesPower => entry.loses_power.push(matter.to_string()),
            List::GainsSpending => entry.gains_spending.push(matter.to_string()),
            List::LosesSpending => entry.loses_spending.push(matter.to_string()),
        }
    }

    /// Records after these what `later` recorded, in its order: as if recorded here.
    fn then(&mut self, later: &Levels) {
        for (level, list, matter) in &later.recorded {
            self.add(level, matter, *list);
        }
    }

    fn finish(self) -> Vec<LevelChange> {
        self.entries
            .into_iter()
            .filter(|e| {
                !(e.gains_power.is_empty()
                    && e.loses_power.is_empty()
                    && e.gains_spending.is_empty()
                    && e.loses_spending.is_empty())
            })
            .collect()
    }
}

/// The report as pretty JSON with a final newline (schema: docs/diff-json.md).
pub fn to_json(report: &ChangeReport) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}
