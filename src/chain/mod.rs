//! The chain of plans: a plan that refines another (`细化`) divides one of its parent's
//! levels (`细分 地方 => 自治区 > 盟市`) and must decide, in its own terms, every case the
//! parent gives that level — and no case the parent keeps above it.
//!
//! Input: the parent's checked plan and tables ([`Parent`]), and the child's resolved
//! plan. Output: diagnostics, and the child's plan with [`ir::Matter::kept_above`] filled,
//! which `crate::check` then honours (no gap there, `其余` does not reach there, a rule that
//! names those cases is E0029). So the child's own gap check is already "across
//! documents" for the matters it lists; what this phase reports itself is what the child
//! cannot even say:
//!
//! - E0027: the file named holds a plan with another 文号.
//! - E0028: the divided level is not one of the parent's levels.
//! - E0030: a parent matter (or value of a shared dimension) given to the divided level
//!   that the child does not decide.
//! - W0005: a child matter, or a value of a shared dimension, the parent does not know,
//!   unless the matter is declared the child's own (`自设事项`).
//! - W0006 ([`limits`], after check): a level's share of the matters above a `上限`.
//!
//! Matching is by name: a matter of the child refines the parent's matter of the same
//! name; a dimension of the child is the parent's dimension of the same name. A
//! level-valued dimension's values are mapped through the subdivision (the child's
//! `自治区` and `盟市` are the parent's `地方`); a numeric one's pieces meet the parent's
//! where their intervals overlap. A parent dimension the child does not split by is one
//! the child's decision does not depend on: the child divides only the part the parent
//! gives the divided level, whatever that part's value of it.

mod limits;
pub mod parent_file;
mod project;
pub mod repoint;

use indexmap::{IndexMap, IndexSet};

use crate::boxes::{Budget, merge, partition};
use crate::check::MatterTable;
use crate::describe;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, CaseBox, KeptAbove, LevelId, LevelRef, Outcome, Plan, Spending, ValueSet};
use crate::names::{self, closest, did_you_mean};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

pub use limits::{Limits, limits};
use project::Projection;

/// A checked parent plan, free of errors.
#[derive(Clone, Copy)]
pub struct Parent<'a> {
    pub plan: &'a Plan,
    pub tables: &'a [MatterTable],
}

impl Parent<'_> {
    /// How the parent is named in messages: its 文号, else its title.
    pub fn name(&self) -> String {
        self.plan
            .header
            .number
            .clone()
            .unwrap_or_else(|| self.plan.header.title.clone())
    }

    /// The parent's level the child divides, if the child names one the parent has.
    pub fn divided_level(&self, child: &Plan) -> Option<LevelId> {
        let wanted = &child.header.subdivides.as_ref()?.parent_level;
        self.plan.levels.iter().position(|l| &l.name == wanted)
    }
}

/// How a parent's decision of some cases stands to the divided level.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Class {
    /// The divided level holds the power or pays a share: the child must divide it.
    Divided,
    /// 待定: the child may decide it or leave it.
    Open,
    /// Another level alone: the child may not touch it.
    Above { document: String, decision: Text },
}

/// A row of the parent's table, or cases the parent itself had kept above it.
struct ParentRow {
    case_box: CaseBox,
    class: Class,
    rules: Vec<(FileId, Span)>,
}

/// The child checked against its parent whole: [`Refinement`] over every matter at once.
pub fn refine(parent: Parent<'_>, child: &mut Plan) -> Vec<Diagnostic> {
    let mut refinement = match Refinement::start(parent, child) {
        Ok(refinement) => refinement,
        Err(stopped) => return stopped,
    };
    let mut matters = Vec::new();
    refinement.matters(child, &mut matters);
    let mut out = refinement.missing(child);
    out.append(&mut matters);
    out.extend(unknown_values(parent, child));
    out
}

/// A child checked against its parent a part of its matters at a time
/// (`compile::stream`), with the same diagnostics, in the same order once sorted by
/// place, as [`refine`]: [`Refinement::missing`] first, then each matter's, then
/// [`Refinement::unknown_values`].
pub struct Refinement<'a> {
    parent: Parent<'a>,
    level: LevelId,
    subdivision: ir::Subdivision,
    parent_name: String,
    /// The parent's matters by name, and their tables by matter: a child of thousands of
    /// matters finds each counterpart at once, not by a walk through the parent.
    parent_matters: IndexMap<&'a str, usize>,
    tables: IndexMap<usize, &'a MatterTable>,
    /// The names of the child's matters seen so far.
    names_in_child: IndexSet<String>,
}

impl<'a> Refinement<'a> {
    /// `Err` with what stops the check of a child against this parent: another 文号
    /// (E0027), no `细分` (resolve has said so), a level the parent lacks (E0028).
    pub fn start(parent: Parent<'a>, child: &Plan) -> Result<Self, Vec<Diagnostic>> {
        if let Some(diagnostic) = number_mismatch(parent, child) {
            return Err(vec![diagnostic]);
        }
        let Some(subdivision) = child.header.subdivides.clone() else {
            return Err(Vec::new());
        };
        let Some(level) = parent.divided_level(child) else {
            return Err(vec![unknown_level(parent, child.file, &subdivision)]);
        };
        let mut parent_matters = IndexMap::new();
        for (index, matter) in parent.plan.matters.iter().enumerate() {
            // The first of a name, as a search from the start would find it.
            parent_matters.entry(matter.name.as_str()).or_insert(index);
        }
        let mut tables = IndexMap::new();
        for table in parent.tables {
            tables.entry(table.matter).or_insert(table);
        }
        Ok(Refinement {
            parent,
            level,
            subdivision,
            parent_name: parent.name(),
            parent_matters,
            tables,
            names_in_child: IndexSet::new(),
        })
    }

    /// The parent's decisions of its matter `index`, classed against the divided level.
    fn parent_rows(&self, index: usize) -> Vec<ParentRow> {
        let table = self.tables.get(&index).copied();
        match self.parent.plan.matters.get(index) {
            Some(matter) => rows_of(self.parent, matter, table, self.level),
            None => Vec::new(),
        }
    }

    /// Each of `child`'s matters (all of them, or the part being checked) against its
    /// counterpart in the parent: E0030 for values it lacks, W0005 for a matter the parent
    /// does not know, and the cases the parent keeps above filled in.
    pub fn matters(&mut self, child: &mut Plan, out: &mut Vec<Diagnostic>) {
        let level = self.level;
        for index in 0..child.matters.len() {
            let Some(child_matter) = child.matters.get(index) else {
                continue;
            };
            self.names_in_child.insert(child_matter.name.clone());
            let counterpart = self.parent_matters.get(child_matter.name.as_str()).copied();
            let kept = match counterpart.and_then(|i| self.parent.plan.matters.get(i).map(|m| (i, m))) {
                Some((parent_index, parent_matter)) => {
                    let rows = self.parent_rows(parent_index);
                    let projection = Projection::new(self.parent.plan, parent_matter, child, child_matter, level);
                    out.extend(missing_values(
                        self.parent,
                        child,
                        child_matter,
                        &projection,
                        &rows,
                        level,
                    ));
                    kept_above(child, child_matter, &projection, &rows).unwrap_or_else(|diagnostic| {
                        // Not worked out: an error, so no table is made as if the parent kept nothing.
                        out.push(*diagnostic);
                        Vec::new()
                    })
                }
                None => unknown_matter(self.parent, &self.parent_name, child, child_matter, level, out),
            };
            if let Some(matter) = child.matters.get_mut(index) {
                matter.kept_above = kept;
            }
        }
    }

    /// E0030 for each parent matter given to the divided level that none of the child's
    /// matters seen ([`Refinement::matters`]) divides, unless the child's catch-all
    /// decides it; for an excerpt (`节选`), one W0011 naming them all. `child` holds the
    /// child's declarations and its catch-all.
    pub fn missing(&self, child: &Plan) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let child_decides_unlisted = matches!(
            child.unlisted.as_ref().map(|u| &u.outcome),
            Some(Outcome::Assign { .. })
        );
        if child_decides_unlisted {
            return out;
        }
        let mut left_out = Vec::new();
        for (index, parent_matter) in self.parent.plan.matters.iter().enumerate() {
            if self.names_in_child.contains(&parent_matter.name) {
                continue;
            }
            let rows = self.parent_rows(index);
            let divided: Vec<&ParentRow> = rows.iter().filter(|r| r.class == Class::Divided).collect();
            if divided.is_empty() {
                continue;
            }
            if child.header.excerpt.is_some() {
                left_out.push(parent_matter.name.as_str());
            } else {
                out.push(missing_matter(
                    self.parent,
                    child,
                    &self.subdivision,
                    &parent_matter.name,
                    &divided,
                ));
            }
        }
        if let (Some(mark), false) = (child.header.excerpt, left_out.is_empty()) {
            out.push(excerpt_leaves_out(
                self.parent,
                child,
                &self.subdivision,
                mark,
                &left_out,
            ));
        }
        out
    }

    /// W0005 for the values of the child's dimensions the parent does not know.
    pub fn unknown_values(&self, child: &Plan) -> Vec<Diagnostic> {
        unknown_values(self.parent, child)
    }

    /// Whether the child's `matter` divides what the parent gives the divided level (it
    /// counts toward the child's `上限`).
    pub fn divides_parent_matter(&self, matter: &ir::Matter) -> bool {
        self.parent_matters
            .get(matter.name.as_str())
            .is_some_and(|index| self.parent_rows(*index).iter().any(|r| r.class == Class::Divided))
    }
}

/// E0027: the file found holds a plan with another 文号 than the header names.
fn number_mismatch(parent: Parent<'_>, child: &Plan) -> Option<Diagnostic> {
    let reference = child.header.refines.as_ref()?;
    let found = parent.plan.header.number.as_deref().unwrap_or("");
    if found == reference.number {
        return None;
    }
    let wanted = &reference.number;
    let shown = match found {
        "" => Text::new("（无文号）", "(no number)"),
        number => Text::new(number, number),
    };
    let diagnostic = Diagnostic::new(
        Code::E0027,
        tr!(
            "上级方案文件的文号是 `{shown}`，不是 `{wanted}`",
            "the parent plan's file is numbered `{shown}`, not `{wanted}`";
            shown
        ),
    );
    Some(match reference.path_span {
        Some(path) => diagnostic
            .primary(child.file, path, tr!("这个文件", "this file"))
            .secondary(child.file, reference.number_span, tr!("细化的方案", "the plan refined")),
        None => diagnostic.primary(
            child.file,
            reference.number_span,
            tr!("找到的上级方案不是这个文号", "the parent plan found has another number"),
        ),
    })
}

/// E0028: `细分` names a level the parent does not have.
fn unknown_level(parent: Parent<'_>, file: FileId, subdivision: &ir::Subdivision) -> Diagnostic {
    let (wanted, document) = (&subdivision.parent_level, parent.name());
    let levels = || parent.plan.levels.iter().map(|l| l.name.as_str());
    let mut diagnostic = Diagnostic::new(
        Code::E0028,
        tr!(
            "上级方案 `{document}` 没有层级 `{wanted}`",
            "the parent plan `{document}` has no level `{wanted}`"
        ),
    )
    .primary(
        file,
        subdivision.parent_level_span,
        tr!("上级方案的层级", "a level of the parent plan"),
    );
    if let Some(close) = closest(wanted, levels()) {
        diagnostic = diagnostic.note(did_you_mean(close));
    }
    let listed = names::list(levels());
    diagnostic.note(tr!("上级方案的层级：{listed}", "the parent's levels: {listed}"; listed))
}

/// The parent's decisions of one of its matters (`table`, its rows), classed against
/// the divided level.
fn rows_of(parent: Parent<'_>, matter: &ir::Matter, table: Option<&MatterTable>, level: LevelId) -> Vec<ParentRow> {
    let document = parent.name();
    let mut rows: Vec<ParentRow> = table
        .map(|t| t.rows.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|row| ParentRow {
            case_box: row.case_box.clone(),
            class: class(parent.plan, Some(matter), &row.outcome, level, &document),
            rules: row
                .rules
                .iter()
                .filter_map(|r| matter.rules.get(*r))
                .map(|r| (parent.plan.file, r.span))
                .collect(),
        })
        .collect();
    rows.extend(matter.kept_above.iter().map(|kept| ParentRow {
        case_box: kept.case_box.clone(),
        class: Class::Above {
            document: kept.document.clone(),
            decision: kept.decision.clone(),
        },
        rules: kept.rules.clone(),
    }));
    rows
}

fn class(plan: &Plan, matter: Option<&ir::Matter>, outcome: &Outcome, level: LevelId, document: &str) -> Class {
    match gives_level(outcome, level) {
        None => Class::Open,
        Some(true) => Class::Divided,
        Some(false) => Class::Above {
            document: document.to_string(),
            decision: describe::outcome(plan, matter, outcome),
        },
    }
}

/// How a parent's decision stands to the level a child divides: `Some(true)` when that
/// level holds the power or pays a share (the child divides it), `Some(false)` when other
/// levels alone hold it (kept above: not the child's), `None` when it is 待定 (the child
/// may decide it). Shared by the chain check and chained lookups, so both read a parent
/// the same way.
pub fn gives_level(outcome: &Outcome, level: LevelId) -> Option<bool> {
    match outcome {
        Outcome::Tbd(_) => None,
        Outcome::Assign { power, spending, .. } => {
            let is_level = |reference: &LevelRef| *reference == LevelRef::Level(level);
            let pays = match spending {
                Spending::Level(reference) => is_level(reference),
                Spending::Shares(shares) => shares.iter().any(|(l, share)| *l == level && *share > 0),
            };
            Some(power.holders().iter().any(is_level) || pays)
        }
    }
}

/// Cases kept above for one reason: (document, decision, its rules, the cases).
type KeptGroup = (String, Text, Vec<(FileId, Span)>, Vec<CaseBox>);

/// The cases of a child matter that every compatible parent case keeps above.
fn kept_above(
    child: &Plan,
    matter: &ir::Matter,
    projection: &Projection,
    rows: &[ParentRow],
) -> Result<Vec<KeptAbove>, Box<Diagnostic>> {
    let boxes: Vec<CaseBox> = rows.iter().map(|row| projection.child_box(&row.case_box)).collect();
    let sizes = project::sizes(child, matter);
    let mut budget = Budget::scaled(boxes.len(), &sizes);
    let Ok(cells) = partition(
        &sizes,
        boxes.iter().enumerate().map(|(i, b)| (i, std::slice::from_ref(b))),
        &mut budget,
    ) else {
        return Err(Box::new(too_complex(child, matter)));
    };
    // Grouped by what the parent decides there, in the order first met.
    let mut groups: Vec<KeptGroup> = Vec::new();
    for cell in cells {
        let compatible: Vec<&ParentRow> = cell.rules.iter().filter_map(|r| rows.get(*r)).collect();
        let Some(first) = compatible.first() else {
            continue;
        };
        let Class::Above { document, decision } = &first.class else {
            continue;
        };
        if !compatible.iter().all(|row| matches!(row.class, Class::Above { .. })) {
            continue;
        }
        let spans = compatible.iter().flat_map(|row| row.rules.iter().copied());
        match groups.iter_mut().find(|(d, t, _, _)| d == document && t == decision) {
            Some((_, _, rules, boxes)) => {
                for span in spans {
                    if !rules.contains(&span) {
                        rules.push(span);
                    }
                }
                boxes.push(cell.case_box);
            }
            None => {
                let mut rules: Vec<(FileId, Span)> = Vec::new();
                for span in spans {
                    if !rules.contains(&span) {
                        rules.push(span);
                    }
                }
                groups.push((document.clone(), decision.clone(), rules, vec![cell.case_box]));
            }
        }
    }
    Ok(groups
        .into_iter()
        .flat_map(|(document, decision, rules, boxes)| {
            merge(boxes).into_iter().map(move |case_box| KeptAbove {
                case_box,
                document: document.clone(),
                decision: decision.clone(),
                rules: rules.clone(),
            })
        })
        .collect())
}

/// E0018: the parent's rows laid on a child matter cut it too finely to work out which
/// of its cases the parent keeps above.
fn too_complex(child: &Plan, matter: &ir::Matter) -> Diagnostic {
    let name = &matter.name;
    Diagnostic::new(
        Code::E0018,
        tr!(
            "上级方案的划分把事项 `{name}` 的情形切分得过细，无法确定哪些情形由上级保留",
            "the parent plan's division cuts the cases of matter `{name}` too finely to work out which it keeps above"
        ),
    )
    .primary(child.file, matter.name_span, tr!("此事项", "this matter"))
    .note(tr!(
        "请把此事项拆成几个事项，或减少它的维度",
        "split it into several matters, or give it fewer dimensions"
    ))
}

/// E0030: a parent matter given to the divided level that the child does not list.
fn missing_matter(
    parent: Parent<'_>,
    child: &Plan,
    subdivision: &ir::Subdivision,
    matter: &str,
    divided: &[&ParentRow],
) -> Diagnostic {
    let (level, document) = (&subdivision.parent_level, parent.name());
    let mut diagnostic = Diagnostic::new(
        Code::E0030,
        tr!(
            "`{document}` 划给 {level} 的事项 `{matter}`，本方案没有划分",
            "`{document}` gives matter `{matter}` to {level}, and this plan does not divide it"
        ),
    )
    .primary(
        child.file,
        subdivision.span,
        tr!("本方案细分 {level}", "this plan divides {level}"),
    );
    for (file, span) in divided.iter().flat_map(|row| row.rules.iter()).take(3) {
        diagnostic = diagnostic.secondary(
            *file,
            *span,
            tr!("上级方案在此划给 {level}", "the parent gives it to {level} here"),
        );
    }
    diagnostic.note(tr!(
        "加上事项 `{matter}` 并决定每一情形；`quanze scaffold` 可生成所有此类事项的框架",
        "add matter `{matter}` and decide each of its cases; `quanze scaffold` writes a skeleton of every such matter"
    ))
}

/// W0011: the parent matters given to the divided level that an excerpt does not list,
/// once, at its `节选` mark (the first [`names::LISTED_NAMES`] named, the rest counted).
fn excerpt_leaves_out(
    parent: Parent<'_>,
    child: &Plan,
    subdivision: &ir::Subdivision,
    mark: Span,
    left_out: &[&str],
) -> Diagnostic {
    let (level, document, count) = (&subdivision.parent_level, parent.name(), left_out.len());
    let list = names::list(left_out.iter().copied());
    Diagnostic::new(
        Code::W0011,
        tr!(
            "本方案为节选：`{document}` 划给 {level} 的 {count} 个事项未列入",
            "this plan is an excerpt and leaves out {count} of the matters `{document}` gives to {level}"
        ),
    )
    .primary(
        child.file,
        mark,
        tr!("节选，未列入的事项不逐一报错", "an excerpt: the matters left out are not each an error"),
    )
    .note(tr!("未列入：{list}", "left out: {list}"; list))
    .note(tr!(
        "这些情形本方案未作划分；要完整划分时，去掉 `节选` 并逐项加上（`quanze scaffold` 可生成框架）",
        "this plan does not divide those cases; to divide them all, remove `excerpt` and add each (`quanze scaffold` writes a skeleton)"
    ))
}

/// E0030: cases the parent gives the divided level that the child matter cannot name,
/// because its dimension lacks the value.
fn missing_values(
    parent: Parent<'_>,
    child: &Plan,
    matter: &ir::Matter,
    projection: &Projection,
    rows: &[ParentRow],
    level: LevelId,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for shared in projection.shared() {
        let mut orphans: Vec<String> = Vec::new();
        let mut spans: Vec<(FileId, Span)> = Vec::new();
        for row in rows.iter().filter(|r| r.class == Class::Divided) {
            let Some(set) = row.case_box.get(shared.parent_position) else {
                continue;
            };
            for value in projection.orphans(shared, set, level) {
                if !orphans.contains(&value) {
                    orphans.push(value);
                }
                for span in &row.rules {
                    if !spans.contains(span) {
                        spans.push(*span);
                    }
                }
            }
        }
        if orphans.is_empty() {
            continue;
        }
        let (name, dimension, document) = (&matter.name, &shared.name, parent.name());
        let divided = parent.plan.level_name(level);
        let mut diagnostic = Diagnostic::new(
            Code::E0030,
            tr!(
                "`{document}` 把事项 `{name}` 中 {dimension} = {values} 的情形划给 {divided}，本方案无法划分",
                "`{document}` gives the cases of matter `{name}` with {dimension} = {values} to {divided}, and this plan cannot divide them";
                values = names::joined(orphans.iter().map(String::as_str))
            ),
        )
        .primary(
            child.file,
            matter.name_span,
            tr!("此事项的维度 `{dimension}` 没有这些值", "this matter's dimension `{dimension}` lacks those values"),
        );
        for (file, span) in spans.into_iter().take(3) {
            diagnostic = diagnostic.secondary(
                file,
                span,
                tr!("上级方案在此划给 {divided}", "the parent gives them to {divided} here"),
            );
        }
        out.push(diagnostic.note(tr!(
            "给维度 `{dimension}` 加上这些值，并决定相应情形",
            "add those values to dimension `{dimension}` and decide their cases"
        )));
    }
    out
}

/// A child matter the parent does not list: kept above entirely when the parent's
/// catch-all gives unlisted matters to a higher level; otherwise W0005 unless declared
/// the child's own.
fn unknown_matter(
    parent: Parent<'_>,
    parent_name: &str,
    child: &Plan,
    matter: &ir::Matter,
    level: LevelId,
    out: &mut Vec<Diagnostic>,
) -> Vec<KeptAbove> {
    let catch_all = parent.plan.unlisted.as_ref();
    if let Some(unlisted) = catch_all
        && let Class::Above { document, decision } = class(parent.plan, None, &unlisted.outcome, level, parent_name)
    {
        let case_box: CaseBox = project::sizes(child, matter)
            .iter()
            .map(|n| ValueSet::all(*n))
            .collect();
        return vec![KeptAbove {
            case_box,
            document,
            decision,
            rules: vec![(parent.plan.file, unlisted.span)],
        }];
    }
    if matter.own {
        return Vec::new();
    }
    let name = &matter.name;
    let mut diagnostic = Diagnostic::new(
        Code::W0005,
        tr!(
            "事项 `{name}` 不在上级方案 `{parent_name}` 中",
            "matter `{name}` is not in the parent plan `{parent_name}`"
        ),
    )
    .primary(
        child.file,
        matter.name_span,
        tr!("上级方案没有这个事项", "the parent does not list it"),
    );
    if let Some(close) = closest(name, parent.plan.matters.iter().map(|m| m.name.as_str())) {
        diagnostic = diagnostic.note(tr!(
            "上级方案有事项 `{close}`：若是同一事项，请用上级的名称",
            "the parent lists `{close}`: if it is the same matter, use the parent's name"
        ));
    }
    if let Some(unlisted) = catch_all {
        diagnostic = diagnostic.secondary(
            parent.plan.file,
            unlisted.span,
            tr!("上级方案的未列事项条款", "the parent's rule for unlisted matters"),
        );
    }
    out.push(diagnostic.note(tr!(
        "若这是本方案自设的事项，写作 `自设事项 {name}`",
        "if it is this plan's own matter, declare it `own matter {name}`"
    )));
    Vec::new()
}

/// W0005: values of a dimension the parent also has (by name) that the parent's lacks.
/// Level-valued dimensions are mapped through the subdivision and never reported.
fn unknown_values(parent: Parent<'_>, child: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for dimension in &child.dimensions {
        let Some(theirs) = parent.plan.dimensions.iter().find(|d| d.name == dimension.name) else {
            continue;
        };
        if dimension.level_valued || theirs.level_valued || dimension.numeric.is_some() || theirs.numeric.is_some() {
            continue;
        }
        let unknown: Vec<&str> = dimension
            .values
            .iter()
            .filter(|v| !theirs.values.contains(v) && !dimension.own_values.contains(v))
            .map(String::as_str)
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let (name, values, document) = (&dimension.name, names::joined(unknown.iter().copied()), parent.name());
        let known = names::list(theirs.values.iter().map(String::as_str));
        out.push(
            Diagnostic::new(
                Code::W0005,
                tr!(
                    "维度 `{name}` 的值 {values} 不在上级方案 `{document}` 的同名维度中",
                    "values {values} of dimension `{name}` are not in the parent plan `{document}`'s dimension of that name";
                    values
                ),
            )
            .primary(child.file, dimension.span, tr!("上级方案没有这些值", "the parent lacks these values"))
            .secondary(parent.plan.file, theirs.span, tr!("上级方案的同名维度", "the parent's dimension"))
            .note(tr!("上级方案的值：{known}", "the parent's values: {known}"; known))
            .note(tr!(
                "若这是本方案自设的值，写作 `自设 值`；若要区分上级不区分的情形，也可另设一个维度（换一个名称）",
                "if a value is this plan's own, write it `own value`; or, to distinguish cases the parent does not, declare a dimension of this plan's own, under another name"
            )),
        );
    }
    out
}

/// What the parent gives a level of one matter: the boxes of the rows that put the power
/// or a share of the spending on it, and the rules deciding them (indices into the
/// matter's rules, in order). Empty when the level has no part of the matter.
pub fn given_to(parent: Parent<'_>, matter: &ir::Matter, level: LevelId) -> (Vec<CaseBox>, Vec<usize>) {
    let index = parent.plan.matters.iter().position(|m| std::ptr::eq(m, matter));
    let mut boxes = Vec::new();
    let mut rules: Vec<usize> = Vec::new();
    for table in parent.tables.iter().filter(|t| Some(t.matter) == index) {
        for row in &table.rows {
            if class(parent.plan, Some(matter), &row.outcome, level, "") == Class::Divided {
                boxes.push(row.case_box.clone());
                rules.extend(&row.rules);
            }
        }
    }
    rules.sort_unstable();
    rules.dedup();
    (boxes, rules)
}
