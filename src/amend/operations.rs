//! Each operation of an amendment checked against the base plan and turned into text
//! edits of the base.

use indexmap::IndexMap;

use super::splice::{Edit, Piece, indent, line_start, next_line, starts_line, whole_lines};
use super::{Input, Touch};
use crate::ast::{
    self, AmendMatter, Citation, DimensionDecl, DimensionValues, ExtendValues, HeaderField, Item, MoveValue,
    RemoveMatter, RenameMatter, RuleOp, RuleTarget, ValueSetDecl,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::names::{closest, did_you_mean, list};
use crate::span::Span;
use crate::text::{Lang, Text};
use crate::tr;

pub struct Planned {
    pub edits: Vec<Edit>,
    pub touches: Vec<Touch>,
    pub renames: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn plan(base: Input<'_>, amendment: Input<'_>) -> Planned {
    let mut planner = Planner {
        base,
        amendment,
        lang: keywords_of(base),
        index: BaseIndex::new(base.document),
        edits: Vec::new(),
        touches: Vec::new(),
        renames: Vec::new(),
        diagnostics: Vec::new(),
        claimed: IndexMap::new(),
        rule_ops: IndexMap::new(),
        moves: Vec::new(),
    };
    planner.header_record();
    for item in &amendment.document.items {
        match item {
            Item::AmendMatter(block) => planner.amend_matter(block),
            Item::RemoveMatter(removal) => planner.remove_matter(removal),
            Item::RenameMatter(rename) => planner.rename_matter(rename),
            Item::ExtendValues(extension) => planner.extend_values(extension),
            Item::MoveValue(moving) => planner.move_value(moving),
            Item::Dimension(dimension) => planner.add_dimension(dimension),
            Item::Section(section) => planner.add_section(section),
            Item::Matter(matter) => planner.append(matter.span),
            // Limits and value sets are not amendment items (the grammar does not admit
            // them there).
            Item::Header(_)
            | Item::AmendmentHeader(_)
            | Item::Levels(_)
            | Item::Unlisted(_)
            | Item::Limit(_)
            | Item::ValueSet(_)
            | Item::Undivided(_) => {}
        }
    }
    planner.rule_edits();
    planner.extension_touches();
    planner.value_set_edits();
    Planned {
        edits: planner.edits,
        touches: planner.touches,
        renames: planner.renames,
        diagnostics: planner.diagnostics,
    }
}

/// The base plan's declarations, by name.
struct BaseIndex<'d> {
    matters: Vec<&'d ast::Matter>,
    matter_index: IndexMap<&'d str, usize>,
    sections: IndexMap<&'d str, &'d ast::Section>,
    dimensions: IndexMap<&'d str, &'d DimensionDecl>,
    value_sets: Vec<&'d ValueSetDecl>,
    /// The end of the last declaration before the sections and matters (header, levels,
    /// dimensions): where new dimensions go.
    declarations_end: usize,
}

impl<'d> BaseIndex<'d> {
    fn new(document: &'d ast::Document) -> Self {
        let mut index = BaseIndex {
            matters: Vec::new(),
            matter_index: IndexMap::new(),
            sections: IndexMap::new(),
            dimensions: IndexMap::new(),
            value_sets: Vec::new(),
            declarations_end: 0,
        };
        for item in &document.items {
            match item {
                Item::Matter(matter) => index.add_matter(matter),
                Item::Section(section) => {
                    index.sections.entry(&section.id.value).or_insert(section);
                    section.matters.iter().for_each(|m| index.add_matter(m));
                }
                Item::Dimension(dimension) => {
                    index.dimensions.entry(&dimension.name.value).or_insert(dimension);
                    index.declarations_end = index.declarations_end.max(dimension.span.end);
                }
                Item::ValueSet(set) => {
                    index.value_sets.push(set);
                    index.declarations_end = index.declarations_end.max(set.span.end);
                }
                Item::Levels(levels) => {
                    let end = levels.levels.last().map_or(levels.keyword.end, |l| l.span.end);
                    index.declarations_end = index.declarations_end.max(end);
                }
                Item::Header(header) => {
                    let end = header
                        .fields
                        .iter()
                        .fold(header.title.span.end, |end, field| end.max(field_end(field)));
                    index.declarations_end = index.declarations_end.max(end);
                }
                _ => {}
            }
        }
        index
    }

    fn add_matter(&mut self, matter: &'d ast::Matter) {
        self.matter_index
            .entry(&matter.name.value)
            .or_insert(self.matters.len());
        self.matters.push(matter);
    }
}

fn field_end(field: &HeaderField) -> usize {
    match field {
        HeaderField::Number(name) | HeaderField::Issued(name) | HeaderField::Effective(name) => name.span.end,
        HeaderField::Basis(names) => names.last().map_or(0, |n| n.span.end),
        HeaderField::Amends { number, path } | HeaderField::Refines { number, path } => {
            path.as_ref().unwrap_or(number).span.end
        }
        HeaderField::Subdivides { span, .. } | HeaderField::Excerpt(span) => span.end,
    }
}

/// What an operation lays claim to: two operations may not claim the same thing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Claim {
    /// A rule: (matter, rule), indices in the base.
    Rule(usize, usize),
    /// A whole matter, removed.
    Matter(usize),
    /// A matter's name, changed.
    Name(usize),
    /// A value added to a dimension.
    Value(String, String),
}

/// A checked operation on a rule of a base matter.
enum RuleChange<'a> {
    Remove(usize, &'a Citation, Span),
    Replace(usize, &'a ast::Rule, Span),
    Change(usize, &'a ast::Outcome, &'a Citation, Span),
    Add(&'a ast::Rule, Span),
}

/// The language the base plan's keywords are written in (its header's keyword): the
/// record comments and the keywords an operation writes into the base (`任意`) follow it,
/// so that the consolidated text reads as one document in whatever language the messages
/// are shown.
fn keywords_of(base: Input<'_>) -> Lang {
    let header = base.document.items.iter().find_map(|item| match item {
        Item::Header(header) => Some(header.keyword),
        _ => None,
    });
    match header.and_then(|keyword| base.text.get(keyword.start..keyword.end)) {
        Some(keyword) if keyword.is_ascii() => Lang::En,
        _ => Lang::Zh,
    }
}

struct Planner<'a> {
    base: Input<'a>,
    amendment: Input<'a>,
    /// The language of the base's keywords, which the words written into it follow.
    lang: Lang,
    index: BaseIndex<'a>,
    edits: Vec<Edit>,
    touches: Vec<Touch>,
    renames: Vec<(String, String)>,
    diagnostics: Vec<Diagnostic>,
    claimed: IndexMap<Claim, Span>,
    /// Checked rule operations by base matter, in the amendment's order.
    rule_ops: IndexMap<usize, Vec<RuleChange<'a>>>,
    /// Values moved between value sets, in the amendment's order: (the dimension, the
    /// value, the set it goes into, the operation). Each set's list is written once, when
    /// every move is known.
    moves: Vec<(String, String, String, Span)>,
}

impl<'a> Planner<'a> {
    fn base_text(&self, span: Span) -> &'a str {
        self.base.text.get(span.start..span.end).unwrap_or("")
    }

    /// The amendment's 文号 (or its title): how record comments name it.
    fn amendment_name(&self) -> String {
        let header = self.amendment.document.amendment_header();
        header
            .and_then(|h| {
                h.fields.iter().find_map(|field| match field {
                    HeaderField::Number(number) => Some(number.value.clone()),
                    _ => None,
                })
            })
            .or_else(|| header.map(|h| h.title.value.clone()))
            .unwrap_or_default()
    }

    /// A comment line recording an operation, e.g. `# 依 内政办发〔2025〕9号 § "一" 删除：…`.
    fn record(&self, what: Text, citation: Option<&Citation>, detail: &str) -> String {
        let by = self.amendment_name();
        let cited = citation.map_or(String::new(), |c| format!(" § \"{}\"", c.paragraph.value));
        let detail = one_line(detail);
        match self.lang {
            Lang::Zh => format!("# 依 {by}{cited} {}：{detail}", what.zh),
            Lang::En => format!("# {} by {by}{cited}: {detail}", what.en),
        }
    }

    fn header_record(&mut self) {
        let Some(header) = self.amendment.document.amendment_header() else {
            return;
        };
        let effective = header.fields.iter().find_map(|field| match field {
            HeaderField::Effective(date) => Some(date.value.clone()),
            _ => None,
        });
        let by = self.amendment_name();
        let words = match (self.lang, effective) {
            (Lang::Zh, Some(date)) => {
                format!("# 合并文本：经 {by} 修正（{date} 施行）。由 quanze consolidate 生成。\n")
            }
            (Lang::Zh, None) => format!("# 合并文本：经 {by} 修正。由 quanze consolidate 生成。\n"),
            (Lang::En, Some(date)) => {
                format!("# Consolidated text, as amended by {by} (effective {date}). Written by quanze consolidate.\n")
            }
            (Lang::En, None) => format!("# Consolidated text, as amended by {by}. Written by quanze consolidate.\n"),
        };
        let operation = header.keyword.to(header.title.span);
        self.edits
            .push(Edit::insert(0, vec![Piece::Generated(words, operation)]));
    }

    /// Claims `claim` for the operation at `span`; E0021 when another operation has it.
    fn claim(&mut self, claim: Claim, span: Span, what: &str) -> bool {
        if let Some(first) = self.claimed.get(&claim) {
            let diagnostic = Diagnostic::new(
                Code::E0021,
                tr!("修正案两次修改 `{what}`", "the amendment changes `{what}` twice"),
            )
            .primary(self.amendment.file, span, tr!("再次修改", "changed again here"))
            .secondary(self.amendment.file, *first, tr!("第一次修改在此", "first changed here"))
            .note(tr!(
                "每一处只能由一项修改处理；请合并为一项",
                "each thing may be changed by one operation only: merge them into one"
            ));
            self.diagnostics.push(diagnostic);
            return false;
        }
        self.claimed.insert(claim, span);
        true
    }

    /// The base matter an operation names; E0020 when there is none.
    fn find_matter(&mut self, name: &ast::Name) -> Option<usize> {
        if let Some(index) = self.index.matter_index.get(name.value.as_str()) {
            return Some(*index);
        }
        let wanted = &name.value;
        let mut diagnostic = Diagnostic::new(
            Code::E0020,
            tr!(
                "被修正的方案中没有事项 `{wanted}`",
                "the amended plan has no matter `{wanted}`"
            ),
        )
        .primary(self.amendment.file, name.span, tr!("找不到此事项", "no such matter"));
        let renamed = self.amendment.document.items.iter().find_map(|item| match item {
            Item::RenameMatter(rename) if rename.to.value == name.value => Some(rename),
            _ => None,
        });
        if let Some(rename) = renamed {
            let old = &rename.from.value;
            diagnostic = diagnostic
                .secondary(
                    self.amendment.file,
                    rename.to.span,
                    tr!("这是更名后的名称", "this is the new name"),
                )
                .note(tr!(
                    "修正案中按原方案的名称指称事项：写 `{old}`",
                    "an amendment names matters as the amended plan does: write `{old}`"
                ));
        } else if let Some(suggestion) = closest(wanted, self.index.matter_index.keys().copied()) {
            diagnostic = diagnostic.note(did_you_mean(suggestion));
        }
        self.diagnostics.push(diagnostic);
        None
    }

    /// The rule of base matter `matter` that `target` names: E0020 when none, E0024 when
    /// a paragraph is cited by several.
    fn find_rule(&mut self, matter: usize, target: &RuleTarget) -> Option<usize> {
        let base_matter = *self.index.matters.get(matter)?;
        let matching: Vec<usize> = base_matter
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| match target {
                RuleTarget::Label(label) => rule.label.as_ref().is_some_and(|l| l.value == label.value),
                RuleTarget::Paragraph(paragraph) => rule.citation.paragraph.value == paragraph.value,
            })
            .map(|(index, _)| index)
            .collect();
        let matter_name = &base_matter.name.value;
        let wanted = &target.name().value;
        let span = target.name().span;
        match matching.as_slice() {
            [only] => return Some(*only),
            [] => {
                let (message, known) = match target {
                    RuleTarget::Label(_) => (
                        tr!(
                            "事项 `{matter_name}` 中没有标签为 `{wanted}` 的条款",
                            "matter `{matter_name}` has no rule labelled `{wanted}`"
                        ),
                        base_matter
                            .rules
                            .iter()
                            .filter_map(|r| r.label.as_ref())
                            .map(|l| l.value.as_str())
                            .collect::<Vec<_>>(),
                    ),
                    RuleTarget::Paragraph(_) => (
                        tr!(
                            "事项 `{matter_name}` 中没有引用 `{wanted}` 的条款",
                            "no rule of matter `{matter_name}` cites `{wanted}`"
                        ),
                        base_matter
                            .rules
                            .iter()
                            .map(|r| r.citation.paragraph.value.as_str())
                            .collect(),
                    ),
                };
                let mut diagnostic = Diagnostic::new(Code::E0020, message)
                    .primary(self.amendment.file, span, tr!("找不到此条款", "no such rule"))
                    .secondary(self.base.file, base_matter.name.span, tr!("事项在此", "the matter"));
                if let Some(suggestion) = closest(wanted, known.iter().copied()) {
                    diagnostic = diagnostic.note(did_you_mean(suggestion));
                }
                let note = match (target, known.is_empty()) {
                    (RuleTarget::Label(_), true) => tr!(
                        "该事项的条款都没有标签：可用带引号的段落号指称条款，如 `\"一(三)2\"`",
                        "none of its rules has a label: name a rule by the paragraph it cites, e.g. `\"一(三)2\"`"
                    ),
                    (RuleTarget::Label(_), false) => {
                        let labels = list(known.iter().copied());
                        let (zh, en) = (labels.zh, labels.en);
                        tr!("该事项的条款标签有：{zh}", "its rules are labelled {en}")
                    }
                    (RuleTarget::Paragraph(_), _) => {
                        let paragraphs = list(known.iter().copied());
                        let (zh, en) = (paragraphs.zh, paragraphs.en);
                        tr!("该事项的条款引用：{zh}", "its rules cite {en}")
                    }
                };
                self.diagnostics.push(diagnostic.note(note));
            }
            several => {
                let mut diagnostic = Diagnostic::new(
                    Code::E0024,
                    tr!(
                        "事项 `{matter_name}` 中有多条条款引用 `{wanted}`",
                        "several rules of matter `{matter_name}` cite `{wanted}`"
                    ),
                )
                .primary(self.amendment.file, span, tr!("指的是哪一条？", "which one is meant?"));
                for rule in several.iter().filter_map(|r| base_matter.rules.get(*r)) {
                    diagnostic = diagnostic.secondary(
                        self.base.file,
                        rule.citation.paragraph.span,
                        tr!("引用 `{wanted}`", "cites `{wanted}`"),
                    );
                }
                self.diagnostics.push(diagnostic.note(tr!(
                    "用条款的标签指称它：在原方案中给这些条款加上标签（`标签: 条件 => …`）",
                    "name the rule by its label: give these rules labels in the amended plan (`label: condition => …`)"
                )));
            }
        }
        None
    }

    fn amend_matter(&mut self, block: &'a AmendMatter) {
        let Some(matter) = self.find_matter(&block.matter) else {
            return;
        };
        for op in &block.ops {
            let change = match op {
                RuleOp::Add { rule, span } => Some(RuleChange::Add(rule, *span)),
                RuleOp::Remove { target, citation, span } => self
                    .claimed_rule(matter, target, *span)
                    .map(|r| RuleChange::Remove(r, citation, *span)),
                RuleOp::Replace { target, rule, span } => self
                    .claimed_rule(matter, target, *span)
                    .map(|r| RuleChange::Replace(r, rule, *span)),
                RuleOp::Change {
                    target,
                    outcome,
                    citation,
                    span,
                } => self
                    .claimed_rule(matter, target, *span)
                    .map(|r| RuleChange::Change(r, outcome, citation, *span)),
            };
            if let Some(change) = change {
                if self.claimed.contains_key(&Claim::Matter(matter)) {
                    let name = block.matter.value.clone();
                    self.claim(Claim::Matter(matter), op.span(), &name);
                    continue;
                }
                self.rule_ops.entry(matter).or_default().push(change);
            }
        }
    }

    fn claimed_rule(&mut self, matter: usize, target: &RuleTarget, span: Span) -> Option<usize> {
        let rule = self.find_rule(matter, target)?;
        let what = target.name().value.clone();
        self.claim(Claim::Rule(matter, rule), span, &what).then_some(rule)
    }

    fn remove_matter(&mut self, removal: &RemoveMatter) {
        let Some(matter) = self.find_matter(&removal.matter) else {
            return;
        };
        let name = removal.matter.value.clone();
        let touched = self.rule_ops.contains_key(&matter) || self.claimed.contains_key(&Claim::Name(matter));
        if touched {
            // Removing a matter that another operation changes: report against the one
            // written first in the amendment.
            let first = self
                .claimed
                .iter()
                .filter(|(claim, _)| matches!(claim, Claim::Rule(m, _) | Claim::Name(m) if *m == matter))
                .map(|(_, span)| *span)
                .min_by_key(|span| span.start);
            if let Some(first) = first {
                self.claimed.insert(Claim::Matter(matter), first);
            }
        }
        if !self.claim(Claim::Matter(matter), removal.span, &name) {
            return;
        }
        let Some(base_matter) = self.index.matters.get(matter).copied() else {
            return;
        };
        let record = self.record(tr!("删除事项", "matter removed"), Some(&removal.citation), &name);
        self.remove_lines(base_matter.span, record, removal.span);
    }

    /// Removes `span` of the base, leaving the record comment in its place when it stood
    /// on lines of its own.
    fn remove_lines(&mut self, span: Span, record: String, operation: Span) {
        match whole_lines(self.base.text, span) {
            Some(lines) => {
                let words = format!("{}{record}\n", indent(self.base.text, span.start));
                self.edits
                    .push(Edit::replace(lines, vec![Piece::Generated(words, operation)]));
            }
            None => self.edits.push(Edit::replace(span, Vec::new())),
        }
    }

    /// A record comment on its own line above the line holding `position`, when that line
    /// starts there (otherwise the comment would swallow the words before it).
    fn record_above(&mut self, position: usize, record: String, operation: Span) {
        if starts_line(self.base.text, position) {
            let words = format!("{}{record}\n", indent(self.base.text, position));
            self.edits.push(Edit::insert(
                line_start(self.base.text, position),
                vec![Piece::Generated(words, operation)],
            ));
        }
    }

    fn rename_matter(&mut self, rename: &RenameMatter) {
        let Some(matter) = self.find_matter(&rename.from) else {
            return;
        };
        let old = rename.from.value.clone();
        if self.claimed.contains_key(&Claim::Matter(matter)) {
            self.claim(Claim::Matter(matter), rename.span, &old);
            return;
        }
        if !self.claim(Claim::Name(matter), rename.span, &old) {
            return;
        }
        let Some(base_matter) = self.index.matters.get(matter).copied() else {
            return;
        };
        let record = self.record(tr!("更名，原名", "renamed, formerly"), Some(&rename.citation), &old);
        self.record_above(base_matter.span.start, record, rename.span);
        self.edits.push(Edit::replace(
            base_matter.name.span,
            vec![Piece::Amendment(rename.to.span)],
        ));
        self.renames.push((old, rename.to.value.clone()));
        self.touches.push(Touch {
            matter: rename.to.value.clone(),
            operation: rename.span,
        });
    }

    fn extend_values(&mut self, extension: &ExtendValues) {
        let name = &extension.dimension;
        let Some(declaration) = self.index.dimensions.get(name.value.as_str()).copied() else {
            let wanted = &name.value;
            let mut diagnostic = Diagnostic::new(
                Code::E0020,
                tr!(
                    "被修正的方案中没有维度 `{wanted}`",
                    "the amended plan has no dimension `{wanted}`"
                ),
            )
            .primary(self.amendment.file, name.span, tr!("找不到此维度", "no such dimension"));
            if let Some(suggestion) = closest(wanted, self.index.dimensions.keys().copied()) {
                diagnostic = diagnostic.note(did_you_mean(suggestion));
            }
            self.diagnostics.push(diagnostic);
            return;
        };
        let DimensionValues::Listed(values) = &declaration.values else {
            let wanted = &name.value;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0025,
                    tr!(
                        "维度 `{wanted}` 的值就是方案的层级，不能单独增加",
                        "the values of `{wanted}` are the plan's levels: values cannot be added to it"
                    ),
                )
                .primary(
                    self.amendment.file,
                    name.span,
                    tr!("此维度取层级为值", "its values are the levels"),
                )
                .secondary(self.base.file, declaration.span, tr!("声明在此", "declared here")),
            );
            return;
        };
        let mut pieces = Vec::new();
        for value in &extension.values {
            let claim = Claim::Value(name.value.clone(), value.value.clone());
            if self.claim(claim, value.span, &value.value) {
                pieces.push(Piece::Generated(", ".to_string(), extension.span));
                pieces.push(Piece::Amendment(value.span));
            }
        }
        let Some(last) = values.last() else {
            return;
        };
        let added: Vec<&str> = extension.values.iter().map(|v| v.value.as_str()).collect();
        let record = self.record(
            tr!("增加维度值", "values added"),
            Some(&extension.citation),
            &format!("{} {{{}}}", name.value, added.join(", ")),
        );
        self.record_above(declaration.span.start, record, extension.span);
        self.edits.push(Edit::insert(last.span.end, pieces));
    }

    /// `移至 大连 => 第二档`: checked against the base (the set, a value of its dimension,
    /// moved once), recorded above the set, and noted for [`Planner::value_set_edits`].
    fn move_value(&mut self, moving: &MoveValue) {
        let wanted = &moving.set.value;
        let named: Vec<&ValueSetDecl> = self
            .index
            .value_sets
            .iter()
            .copied()
            .filter(|set| set.name.value == *wanted)
            .collect();
        let [target] = named.as_slice() else {
            let mut diagnostic = Diagnostic::new(
                Code::E0020,
                match named.len() {
                    0 => tr!(
                        "被修正的方案中没有值集 `{wanted}`",
                        "the amended plan has no value set `{wanted}`"
                    ),
                    _ => tr!(
                        "被修正的方案中有几个值集都叫 `{wanted}`（属于不同维度）",
                        "the amended plan has several value sets named `{wanted}` (of different dimensions)"
                    ),
                },
            )
            .primary(
                self.amendment.file,
                moving.set.span,
                tr!("找不到此值集", "no such value set"),
            );
            if let Some(suggestion) = closest(wanted, self.index.value_sets.iter().map(|s| s.name.value.as_str())) {
                diagnostic = diagnostic.note(did_you_mean(suggestion));
            }
            self.diagnostics.push(diagnostic);
            return;
        };
        let dimension = target.dimension.value.clone();
        let value = &moving.value.value;
        let known = match self.index.dimensions.get(dimension.as_str()).map(|d| &d.values) {
            Some(DimensionValues::Listed(values)) => values.iter().any(|v| v.value == *value),
            // A set of a dimension whose values are the levels, or of none: the check of
            // the consolidated plan says what is wrong.
            _ => true,
        };
        if !known {
            let mut diagnostic = Diagnostic::new(
                Code::E0020,
                tr!(
                    "值集 `{wanted}` 所属的维度 `{dimension}` 没有值 `{value}`",
                    "dimension `{dimension}` of value set `{wanted}` has no value `{value}`"
                ),
            )
            .primary(
                self.amendment.file,
                moving.value.span,
                tr!("找不到此值", "no such value"),
            )
            .secondary(self.base.file, target.span, tr!("值集在此", "the value set is here"));
            if let Some(DimensionValues::Listed(values)) =
                self.index.dimensions.get(dimension.as_str()).map(|d| &d.values)
                && let Some(suggestion) = closest(value, values.iter().map(|v| v.value.as_str()))
            {
                diagnostic = diagnostic.note(did_you_mean(suggestion));
            }
            self.diagnostics.push(diagnostic);
            return;
        }
        if !self.claim(Claim::Value(dimension.clone(), value.clone()), moving.value.span, value) {
            return;
        }
        let record = self.record(
            tr!("移入值集", "value moved"),
            Some(&moving.citation),
            &format!("{value} => {wanted}"),
        );
        self.record_above(target.span.start, record, moving.span);
        for matter in &self.index.matters {
            if matter.by.iter().any(|d| d.value == dimension) {
                let name = self
                    .renames
                    .iter()
                    .find(|(old, _)| *old == matter.name.value)
                    .map_or(matter.name.value.clone(), |(_, new)| new.clone());
                self.touches.push(Touch {
                    matter: name,
                    operation: moving.span,
                });
            }
        }
        self.moves.push((dimension, value.clone(), wanted.clone(), moving.span));
    }

    /// Each value set a move changes, written again once: its values in the base's
    /// order less those moved out, then those moved in, in the amendment's order.
    fn value_set_edits(&mut self) {
        for set in &self.index.value_sets {
            let dimension = &set.dimension.value;
            let moves: Vec<&(String, String, String, Span)> =
                self.moves.iter().filter(|(d, _, _, _)| d == dimension).collect();
            let moved = |value: &str| moves.iter().any(|(_, v, _, _)| v == value);
            let mut values: Vec<&str> = set
                .values
                .iter()
                .map(|v| v.value.as_str())
                .filter(|v| !moved(v))
                .collect();
            let into: Vec<&(String, String, String, Span)> = moves
                .iter()
                .copied()
                .filter(|(_, _, to, _)| *to == set.name.value)
                .collect();
            values.extend(into.iter().map(|(_, v, _, _)| v.as_str()));
            let before: Vec<&str> = set.values.iter().map(|v| v.value.as_str()).collect();
            if values == before {
                continue;
            }
            let operation = into
                .first()
                .map(|(_, _, _, span)| *span)
                .or_else(|| {
                    moves
                        .iter()
                        .find(|(_, v, _, _)| before.contains(&v.as_str()))
                        .map(|(_, _, _, span)| *span)
                })
                .unwrap_or(set.list);
            let written = match values.is_empty() {
                true => "{ }".to_string(),
                false => format!("{{ {} }}", values.join(", ")),
            };
            self.edits
                .push(Edit::replace(set.list, vec![Piece::Generated(written, operation)]));
        }
    }

    fn add_dimension(&mut self, dimension: &DimensionDecl) {
        let at = next_line(self.base.text, self.index.declarations_end);
        let mut pieces = Vec::new();
        if !self.base.text.get(..at).is_some_and(|before| before.ends_with('\n')) {
            pieces.push(Piece::Generated("\n".to_string(), dimension.span));
        }
        pieces.push(Piece::Amendment(dimension.span));
        pieces.push(Piece::Generated("\n".to_string(), dimension.span));
        self.edits.push(Edit::insert(at, pieces));
    }

    /// A section of the amendment: its matters go into the base's section of the same
    /// number, or the whole section is added at the end when the base has none.
    fn add_section(&mut self, section: &'a ast::Section) {
        let Some(base_section) = self.index.sections.get(section.id.value.as_str()).copied() else {
            self.append(section.span);
            return;
        };
        let close = base_section.close;
        let own_line = starts_line(self.base.text, close.start);
        let inner_indent = format!("{}  ", indent(self.base.text, close.start));
        let spans = section
            .matters
            .iter()
            .map(|m| m.span)
            .chain(section.unlisted.iter().map(|u| u.keyword.to(u.citation.span)));
        for span in spans {
            let pieces = if own_line {
                vec![
                    Piece::Generated(format!("\n{inner_indent}"), span),
                    Piece::Amendment(span),
                    Piece::Generated("\n".to_string(), span),
                ]
            } else {
                vec![
                    Piece::Generated(" ".to_string(), span),
                    Piece::Amendment(span),
                    Piece::Generated(" ".to_string(), span),
                ]
            };
            let at = if own_line {
                line_start(self.base.text, close.start)
            } else {
                close.start
            };
            self.edits.push(Edit::insert(at, pieces));
        }
    }

    /// Adds a matter or section of the amendment at the end of the plan.
    fn append(&mut self, span: Span) {
        let end = self.base.text.len();
        let separator = if self.base.text.ends_with('\n') { "\n" } else { "\n\n" };
        self.edits.push(Edit::insert(
            end,
            vec![
                Piece::Generated(separator.to_string(), span),
                Piece::Amendment(span),
                Piece::Generated("\n".to_string(), span),
            ],
        ));
    }

    /// The edits of every checked rule operation, matter by matter.
    fn rule_edits(&mut self) {
        let mut matters: Vec<usize> = self.rule_ops.keys().copied().collect();
        matters.sort_unstable();
        for matter in matters {
            let Some(changes) = self.rule_ops.shift_remove(&matter) else {
                continue;
            };
            let Some(base_matter) = self.index.matters.get(matter).copied() else {
                continue;
            };
            let name = self
                .renames
                .iter()
                .find(|(old, _)| *old == base_matter.name.value)
                .map_or(base_matter.name.value.clone(), |(_, new)| new.clone());
            for change in &changes {
                let operation = match change {
                    RuleChange::Remove(_, _, span)
                    | RuleChange::Replace(_, _, span)
                    | RuleChange::Change(_, _, _, span)
                    | RuleChange::Add(_, span) => *span,
                };
                self.touches.push(Touch {
                    matter: name.clone(),
                    operation,
                });
            }
            match base_matter.close {
                Some(close) => self.block_edits(base_matter, close, &changes),
                None => self.inline_edits(base_matter, &changes),
            }
        }
    }

    fn rule_indent(&self, matter: &ast::Matter) -> String {
        match matter.rules.first() {
            Some(rule) if starts_line(self.base.text, rule.span.start) => indent(self.base.text, rule.span.start),
            _ => format!("{}  ", indent(self.base.text, matter.span.start)),
        }
    }

    fn block_edits(&mut self, matter: &ast::Matter, close: Span, changes: &[RuleChange<'a>]) {
        let rule_indent = self.rule_indent(matter);
        for change in changes {
            match change {
                RuleChange::Remove(rule, citation, operation) => {
                    let Some(rule) = matter.rules.get(*rule) else { continue };
                    let record = self.record(tr!("删除", "removed"), Some(citation), self.base_text(rule.span));
                    self.remove_lines(rule.span, record, *operation);
                }
                RuleChange::Replace(rule, new, operation) => {
                    let Some(rule) = matter.rules.get(*rule) else { continue };
                    let record = self.record(tr!("替换", "replaced"), Some(&new.citation), self.base_text(rule.span));
                    self.record_above(rule.span.start, record, *operation);
                    self.edits
                        .push(Edit::replace(rule.span, vec![Piece::Amendment(new.span)]));
                }
                RuleChange::Change(rule, outcome, citation, operation) => {
                    let Some(rule) = matter.rules.get(*rule) else { continue };
                    let record = self.record(tr!("更改", "changed"), Some(citation), self.base_text(rule.span));
                    self.record_above(rule.span.start, record, *operation);
                    let old = Span::new(rule.outcome.span().start, rule.citation.span.end);
                    let new = Span::new(outcome.span().start, citation.span.end);
                    self.edits.push(Edit::replace(old, vec![Piece::Amendment(new)]));
                }
                RuleChange::Add(rule, operation) => {
                    let pieces = if starts_line(self.base.text, close.start) {
                        vec![
                            Piece::Generated(rule_indent.clone(), *operation),
                            Piece::Amendment(rule.span),
                            Piece::Generated("\n".to_string(), *operation),
                        ]
                    } else {
                        vec![
                            Piece::Generated(" ".to_string(), *operation),
                            Piece::Amendment(rule.span),
                            Piece::Generated(" ".to_string(), *operation),
                        ]
                    };
                    let at = if starts_line(self.base.text, close.start) {
                        line_start(self.base.text, close.start)
                    } else {
                        close.start
                    };
                    self.edits.push(Edit::insert(at, pieces));
                }
            }
        }
    }

    /// A matter written with one inline rule (`事项 X "…" => 自治区 § …`) becomes a rule
    /// block, its rule an every-case rule, and the operations apply inside it.
    fn inline_edits(&mut self, matter: &ast::Matter, changes: &[RuleChange<'a>]) {
        let Some(inline) = matter.rules.first() else {
            return;
        };
        let outer = indent(self.base.text, matter.span.start);
        let inner = format!("{outer}  ");
        let every_case = match self.lang {
            Lang::Zh => "任意",
            Lang::En => "any",
        };
        let first_operation = changes.first().map_or(Span::default(), |c| match c {
            RuleChange::Remove(_, _, span)
            | RuleChange::Replace(_, _, span)
            | RuleChange::Change(_, _, _, span)
            | RuleChange::Add(_, span) => *span,
        });
        // From the end of the matter's heading (name, wording, `按` clause), so the brace
        // stands on the heading's line whatever line the inline rule was on.
        let heading_end = [
            Some(matter.name.span.end),
            matter.wording.as_ref().map(|w| w.span.end),
            matter.by.last().map(|b| b.span.end),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(inline.span.start)
        .min(inline.span.start);
        let mut pieces = vec![Piece::Generated(" {\n".to_string(), first_operation)];
        let old_text = self.base_text(inline.span);
        let on_inline = changes.iter().find(|c| !matches!(c, RuleChange::Add(..)));
        match on_inline {
            None => pieces.extend([
                Piece::Generated(format!("{inner}{every_case} "), first_operation),
                Piece::Base(inline.span),
                Piece::Generated("\n".to_string(), first_operation),
            ]),
            Some(RuleChange::Remove(_, citation, operation)) => {
                let record = self.record(tr!("删除", "removed"), Some(citation), old_text);
                pieces.push(Piece::Generated(format!("{inner}{record}\n"), *operation));
            }
            Some(RuleChange::Replace(_, new, operation)) => {
                let record = self.record(tr!("替换", "replaced"), Some(&new.citation), old_text);
                pieces.extend([
                    Piece::Generated(format!("{inner}{record}\n{inner}"), *operation),
                    Piece::Amendment(new.span),
                    Piece::Generated("\n".to_string(), *operation),
                ]);
            }
            Some(RuleChange::Change(_, outcome, citation, operation)) => {
                let record = self.record(tr!("更改", "changed"), Some(citation), old_text);
                pieces.extend([
                    Piece::Generated(format!("{inner}{record}\n{inner}{every_case} => "), *operation),
                    Piece::Amendment(Span::new(outcome.span().start, citation.span.end)),
                    Piece::Generated("\n".to_string(), *operation),
                ]);
            }
            Some(RuleChange::Add(..)) => {}
        }
        for change in changes {
            if let RuleChange::Add(rule, operation) = change {
                pieces.extend([
                    Piece::Generated(inner.clone(), *operation),
                    Piece::Amendment(rule.span),
                    Piece::Generated("\n".to_string(), *operation),
                ]);
            }
        }
        pieces.push(Piece::Generated(format!("{outer}}}"), first_operation));
        self.edits
            .push(Edit::replace(Span::new(heading_end, inline.span.end), pieces));
    }

    /// A value added to a dimension must be decided by every matter split by it: each
    /// such matter is touched by the extension.
    fn extension_touches(&mut self) {
        for item in &self.amendment.document.items {
            let Item::ExtendValues(extension) = item else {
                continue;
            };
            for matter in &self.index.matters {
                if matter.by.iter().any(|d| d.value == extension.dimension.value) {
                    let name = self
                        .renames
                        .iter()
                        .find(|(old, _)| *old == matter.name.value)
                        .map_or(matter.name.value.clone(), |(_, new)| new.clone());
                    self.touches.push(Touch {
                        matter: name,
                        operation: extension.span,
                    });
                }
            }
        }
    }
}

/// A rule as one line, for a record comment: runs of white space become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
