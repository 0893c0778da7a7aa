//! Phase 2, resolve: [`ast::Document`] → [`ir::Plan`].
//!
//! Looks every name up (levels, dimensions, values, rule labels), turns each condition
//! into boxes of case values and each outcome into level indices, and reports what does
//! not resolve: duplicates (E0002), unknown names (E0003, E0004, E0005, E0012), values
//! of the wrong or several dimensions (E0006, E0007), shares that do not total 100
//! (E0010), bad affiliation outcomes (E0011), cyclic or misplaced exceptions (E0013,
//! E0014), bad dates (E0015), missing declarations (E0016), too many values (E0018),
//! numbers on the wrong dimension, in the wrong unit or in an empty interval (E0026), and
//! numbers outside a dimension's declared range (W0007, in `numeric.rs`).
//!
//! A plan is produced only when nothing failed to resolve: checking a plan with holes
//! would report gaps that are only echoes of a misspelt name.

mod chain_declarations;
mod condition;
mod declarations;
pub use declarations::{bad_date, is_real_date};
mod exceptions;
mod numeric;

mod outcome;

use indexmap::IndexMap;

use crate::ast::{self, Document, Item};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, DimensionId, LevelId, Plan};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;

use crate::names::{self, closest};
use crate::syntax::keywords;

/// The result of resolving one document: the plan when it resolved cleanly, and every
/// problem found either way.
pub struct Resolved {
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn resolve(file: FileId, document: &Document) -> Resolved {
    resolve_refining(file, document, None)
}

/// [`resolve`] for a plan that refines `parent` (`crate::chain`): a numeric dimension
/// the parent also has (by name) is cut at the parent's thresholds as well as its own.
/// Otherwise one piece could straddle a place where the parent's decision changes — half
/// kept above, half given to this plan — and no box of pieces could tell the halves apart:
/// a rule would seem to decide the kept half, and the table would say so.
pub fn resolve_refining(file: FileId, document: &Document, parent: Option<&Plan>) -> Resolved {
    resolve_cut(file, document, parent, None)
}

/// Where numeric dimensions are cut: every number a condition compares a dimension with,
/// by dimension name.
pub type Thresholds = IndexMap<String, Vec<crate::numeric::Number>>;

/// [`resolve_refining`], with numeric dimensions also cut at `elsewhere`: the thresholds
/// of the rest of the plan, when `document` is one part of it (`crate::compile::stream`
/// resolves a plan matter by matter, and each must be cut as the whole plan is).
pub fn resolve_cut(
    file: FileId,
    document: &Document,
    parent: Option<&Plan>,
    elsewhere: Option<&Thresholds>,
) -> Resolved {
    let mut resolver = Resolver::cut(file, document, parent, elsewhere);
    let plan = resolver.document(document);
    let failed = resolver.diagnostics.iter().any(Diagnostic::is_error);
    Resolved {
        plan: if failed { None } else { plan },
        diagnostics: resolver.diagnostics,
    }
}

impl Resolver {
    /// A resolver for `document`, numeric dimensions cut at the thresholds of its own
    /// conditions, of `elsewhere` and of the parent's pieces.
    fn cut(file: FileId, document: &Document, parent: Option<&Plan>, elsewhere: Option<&Thresholds>) -> Self {
        let mut thresholds = thresholds(document);
        for (dimension, numbers) in elsewhere.into_iter().flatten() {
            thresholds.entry(dimension.clone()).or_default().extend(numbers);
        }
        for dimension in parent.iter().flat_map(|p| &p.dimensions) {
            if let Some(numeric) = &dimension.numeric {
                let bounds = numeric.pieces.iter().flat_map(|piece| [piece.lo.value, piece.hi.value]);
                thresholds
                    .entry(dimension.name.clone())
                    .or_default()
                    .extend(bounds.flatten());
            }
        }
        Resolver {
            file,
            diagnostics: Vec::new(),
            levels: Vec::new(),
            level_index: IndexMap::new(),
            dimensions: Vec::new(),
            dimension_index: IndexMap::new(),
            value_positions: Vec::new(),
            value_sets: IndexMap::new(),
            thresholds,
        }
    }
}

/// What one part of a plan declares: its sections, matters and catch-alls, resolved.
/// A matter's `section` indexes `sections`.
pub struct Part {
    pub sections: Vec<ir::Section>,
    pub matters: Vec<ir::Matter>,
    pub unlisted: Option<ir::Unlisted>,
}

/// A plan's declarations (header, levels, dimensions, limits, a catch-all outside any
/// section), resolved once, against which its matters are then resolved part by part
/// (`crate::compile::parts`): neither the syntax tree of the whole plan nor a copy of the
/// declarations per part is ever made, so a plan read item by item costs what reading
/// it whole does, with one item's tree in memory at a time.
pub struct Declared {
    resolver: Resolver,
    plan: Option<Plan>,
}

impl Declared {
    /// Resolves `declarations` (a document of declarations only), numeric dimensions cut
    /// at their own thresholds, the parent's and `elsewhere` (those of every part).
    pub fn new(file: FileId, declarations: &Document, parent: Option<&Plan>, elsewhere: Option<&Thresholds>) -> Self {
        let mut resolver = Resolver::cut(file, declarations, parent, elsewhere);
        let plan = resolver.document(declarations);
        Declared { resolver, plan }
    }

    /// The plan of the declarations alone (no matter), unless something failed.
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref().filter(|_| !self.failed())
    }

    /// Whether an error has been found, in the declarations or in a part.
    pub fn failed(&self) -> bool {
        self.resolver.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Resolves the sections and matters of `document`, one part of the plan.
    /// Names are looked up among the declarations only: a rule label, matter or section
    /// that another part also declares is not seen here, so the caller checks that names
    /// are unique across parts.
    pub fn part(&mut self, document: &Document) -> Part {
        self.resolver.part(document)
    }

    /// Every problem found so far, in the order found; taken, so that the next call
    /// gives only those found after it.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.resolver.diagnostics)
    }
}

struct Resolver {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
    levels: Vec<ir::Level>,
    level_index: IndexMap<String, LevelId>,
    dimensions: Vec<ir::Dimension>,
    dimension_index: IndexMap<String, DimensionId>,
    /// For each dimension, the position of each of its values: a county list of thousands
    /// is looked up, not searched, for every value a condition names.
    value_positions: Vec<crate::fast_map::FastMap<String, usize>>,
    /// The value sets (`值集`), by dimension and name: the values each stands for, and
    /// where it is declared.
    value_sets: IndexMap<(DimensionId, String), (ir::ValueSet, Span)>,
    /// Every number a condition compares a dimension with, by dimension name: where
    /// numeric dimensions are cut.
    thresholds: Thresholds,
}

/// The numbers each dimension is compared with anywhere in the document.
pub fn thresholds(document: &Document) -> Thresholds {
    let mut found: Thresholds = IndexMap::new();
    let matters = document.items.iter().flat_map(|item| match item {
        Item::Matter(matter) => std::slice::from_ref(matter).iter(),
        Item::Section(section) => section.matters.iter(),
        _ => [].iter(),
    });
    for matter in matters {
        for rule in &matter.rules {
            let ast::Condition::Cases(disjuncts, _) = &rule.condition else {
                continue;
            };
            for test in disjuncts.iter().flatten() {
                if let (Some(dimension), Some(interval)) = (&test.dimension, &test.interval) {
                    let bounds = [interval.value.lo.value, interval.value.hi.value];
                    found
                        .entry(dimension.value.clone())
                        .or_default()
                        .extend(bounds.into_iter().flatten());
                }
            }
        }
    }
    found
}

/// What a kind of declared thing is called, for duplicate messages.
struct Kind {
    zh: &'static str,
    en: &'static str,
}

impl Kind {
    const fn new(zh: &'static str, en: &'static str) -> Self {
        Kind { zh, en }
    }
}

const LEVEL: Kind = Kind::new("层级", "level");
const DIMENSION: Kind = Kind::new("维度", "dimension");
const VALUE: Kind = Kind::new("维度值", "value");
const MATTER: Kind = Kind::new("事项", "matter");
const LABEL: Kind = Kind::new("条款标签", "rule label");
const VALUE_SET: Kind = Kind::new("值集", "value set");
const SECTION: Kind = Kind::new("章节", "section");
const SHARE: Kind = Kind::new("支出份额的层级", "share for level");

impl Resolver {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn duplicate(&mut self, kind: &Kind, name: &str, again: Span, first: Span) {
        let kind = Text::new(kind.zh, kind.en);
        let diagnostic = Diagnostic::new(
            Code::E0002,
            tr!("{kind} `{name}` 重复声明", "{kind} `{name}` is declared twice"; kind),
        )
        .primary(self.file, again, tr!("再次声明", "declared again here"))
        .secondary(self.file, first, tr!("首次声明在此", "first declared here"));
        self.report(diagnostic);
    }

    /// A construct that may appear once, written twice (a header, a levels line…).
    fn repeated(&mut self, what: Text, again: Span, first: Span) {
        let diagnostic = Diagnostic::new(Code::E0002, tr!("{what}只能写一次", "only one {what} is allowed"; what))
            .primary(self.file, again, tr!("又写了一次", "written again here"))
            .secondary(self.file, first, tr!("第一次在此", "first written here"));
        self.report(diagnostic);
    }

    fn document(&mut self, document: &Document) -> Option<Plan> {
        let mut header = self.header(document);
        self.levels(document);
        if let Some(header) = header.as_mut() {
            self.refinement(document, header);
        }
        let limits = self.limits(document);
        for item in &document.items {
            if let Item::Dimension(dimension) = item {
                self.dimension(dimension);
            }
        }
        for item in &document.items {
            if let Item::ValueSet(set) = item {
                self.value_set(set);
            }
        }
        let Part {
            sections,
            matters,
            unlisted,
        } = self.part(document);
        Some(Plan {
            file: self.file,
            header: header?,
            levels: self.levels.clone(),
            dimensions: self.dimensions.clone(),
            sections,
            matters,
            unlisted,
            limits,
            undivided: document
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Undivided(undivided) => Some(ir::Undivided {
                        paragraph: undivided.paragraph.value.clone(),
                        reason: undivided.reason.value.clone(),
                        span: undivided.span,
                    }),
                    _ => None,
                })
                .collect(),
        })
    }

    /// The sections, matters and catch-alls of `document`, resolved.
    fn part(&mut self, document: &Document) -> Part {
        let (sections, matter_asts, unlisted_asts) = self.collect_matters(document);
        let labels = self.labels(&matter_asts);
        let mut matters = Vec::with_capacity(matter_asts.len());
        for (index, (matter, section)) in matter_asts.iter().enumerate() {
            if let Some(resolved) = self.matter(index, matter, *section, &labels) {
                matters.push(resolved);
            }
        }
        let unlisted = self.unlisted(&unlisted_asts);
        Part {
            sections,
            matters,
            unlisted,
        }
    }

    /// Matters in document order with the section they stand in; sections; catch-alls.
    #[allow(clippy::type_complexity)]
    fn collect_matters<'d>(
        &mut self,
        document: &'d Document,
    ) -> (
        Vec<ir::Section>,
        Vec<(&'d ast::Matter, Option<usize>)>,
        Vec<(&'d ast::Unlisted, Option<ir::Section>)>,
    ) {
        let mut sections = Vec::new();
        let mut section_spans: IndexMap<&str, Span> = IndexMap::new();
        let mut matters = Vec::new();
        let mut unlisted = Vec::new();
        for item in &document.items {
            match item {
                Item::Section(section) => {
                    if let Some(first) = section_spans.get(section.id.value.as_str()) {
                        self.duplicate(&SECTION, &section.id.value, section.id.span, *first);
                    } else {
                        section_spans.insert(&section.id.value, section.id.span);
                    }
                    let index = sections.len();
                    let ir_section = ir::Section {
                        id: section.id.value.clone(),
                        title: section.title.as_ref().map(|t| t.value.clone()),
                    };
                    unlisted.extend(section.unlisted.iter().map(|u| (u, Some(ir_section.clone()))));
                    sections.push(ir_section);
                    matters.extend(section.matters.iter().map(|m| (m, Some(index))));
                }
                Item::Matter(matter) => matters.push((matter, None)),
                Item::Unlisted(catch_all) => unlisted.push((catch_all, None)),
                Item::Header(_)
                | Item::Levels(_)
                | Item::Dimension(_)
                | Item::AmendmentHeader(_)
                | Item::AmendMatter(_)
                | Item::RemoveMatter(_)
                | Item::RenameMatter(_)
                | Item::ExtendValues(_)
                | Item::MoveValue(_)
                | Item::Limit(_)
                | Item::ValueSet(_)
                | Item::Undivided(_) => {}
            }
        }
        let mut seen: IndexMap<&str, Span> = IndexMap::new();
        for (matter, _) in &matters {
            if let Some(first) = seen.get(matter.name.value.as_str()) {
                self.duplicate(&MATTER, &matter.name.value, matter.name.span, *first);
            } else {
                seen.insert(&matter.name.value, matter.name.span);
            }
        }
        (sections, matters, unlisted)
    }

    /// Every rule label of the document, with the matter and rule it names. A label is
    /// unique in its matter only: every matter may label its tier rules `第一档` …, and an
    /// amendment names a rule by its matter and label (issue 16).
    fn labels(&mut self, matters: &[(&ast::Matter, Option<usize>)]) -> Labels {
        let mut labels = Labels::default();
        for (matter_index, (matter, _)) in matters.iter().enumerate() {
            for (rule_index, rule) in matter.rules.iter().enumerate() {
                let Some(label) = &rule.label else { continue };
                let key = (matter_index, label.value.clone());
                if let Some(first) = labels.in_matters.get(&key) {
                    let first = first.span;
                    self.duplicate(&LABEL, &label.value, label.span, first);
                } else {
                    let target = LabelTarget {
                        matter: matter_index,
                        rule: rule_index,
                        span: label.span,
                    };
                    labels.anywhere.entry(label.value.clone()).or_insert(target);
                    labels.in_matters.insert(key, target);
                }
            }
        }
        labels
    }

    fn matter(
        &mut self,
        index: usize,
        matter: &ast::Matter,
        section: Option<usize>,
        labels: &Labels,
    ) -> Option<ir::Matter> {
        let (dimensions, all_found) = self.matter_dimensions(matter);
        let context = MatterContext {
            index,
            name: &matter.name.value,
            dimensions: &dimensions,
        };
        let mut rules = Vec::with_capacity(matter.rules.len());
        let mut otherwise_span: Option<Span> = None;
        for rule in &matter.rules {
            // With a dimension of `按` unknown (reported), every value named in a condition
            // would be reported again as belonging to no dimension: skip them.
            let (region, otherwise) = match (&rule.condition, all_found) {
                (ast::Condition::Otherwise(_), _) | (_, true) => self.region(&context, &rule.condition),
                (_, false) => (Vec::new(), false),
            };
            if otherwise {
                let span = rule.condition.span();
                match otherwise_span {
                    Some(first) => self.repeated(
                        tr!("一个事项的 `其余` 条款", "`otherwise` rule per matter"),
                        span,
                        first,
                    ),
                    None => otherwise_span = Some(span),
                }
            }
            // An outcome that failed to resolve has been reported, and the plan will not be
            // produced; a stand-in keeps the rule indices aligned for the exception checks.
            let outcome = self.outcome(&context, &rule.outcome).unwrap_or(ir::Outcome::Tbd(None));
            rules.push(ir::Rule {
                label: rule.label.as_ref().map(|l| l.value.clone()),
                region,
                otherwise,
                outcome,
                citation: citation(&rule.citation),
                overrides: Vec::new(),
                span: rule.span,
            });
        }
        // Exceptions are resolved once every rule of the matter exists, since a rule may
        // take precedence over one written after it.
        self.exceptions(&context, matter, &mut rules, labels);
        Some(ir::Matter {
            name: matter.name.value.clone(),
            name_span: matter.name.span,
            wording: matter.wording.as_ref().map(|w| w.value.clone()),
            section,
            dimensions,
            rules,
            own: matter.own,
            kept_above: Vec::new(),
        })
    }

    /// The matter's dimensions, and whether every one named was found.
    fn matter_dimensions(&mut self, matter: &ast::Matter) -> (Vec<DimensionId>, bool) {
        let mut dimensions: Vec<DimensionId> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut all_found = true;
        for name in &matter.by {
            let Some(id) = self.find_dimension(name) else {
                all_found = false;
                continue;
            };
            if let Some(position) = dimensions.iter().position(|d| *d == id) {
                let first = spans.get(position).copied().unwrap_or(name.span);
                self.duplicate(&DIMENSION, &name.value, name.span, first);
            } else {
                dimensions.push(id);
                spans.push(name.span);
            }
        }
        (dimensions, all_found)
    }

    fn unlisted(&mut self, catch_alls: &[(&ast::Unlisted, Option<ir::Section>)]) -> Option<ir::Unlisted> {
        let ((first, section), rest) = catch_alls.split_first()?;
        for (again, _) in rest {
            self.repeated(tr!("`未列事项` 条款", "`unlisted` rule"), again.keyword, first.keyword);
        }
        let context = MatterContext {
            index: usize::MAX,
            name: "",
            dimensions: &[],
        };
        let outcome = self.outcome(&context, &first.outcome)?;
        Some(ir::Unlisted {
            outcome,
            citation: citation(&first.citation),
            span: first.keyword.to(first.citation.paragraph.span),
            section: section.clone(),
        })
    }

    fn find_level(&mut self, name: &ast::Name) -> Option<LevelId> {
        if let Some(id) = self.level_index.get(&name.value) {
            return Some(*id);
        }
        if self.levels.is_empty() {
            // No levels at all is E0016, already reported: every level name would echo it.
            return None;
        }
        let wanted = &name.value;
        let mut diagnostic = Diagnostic::new(
            Code::E0003,
            tr!("没有名为 `{wanted}` 的层级", "no level is named `{wanted}`"),
        )
        .primary(self.file, name.span, tr!("未声明的层级", "unknown level"));
        if let Some(suggestion) = closest(wanted, self.levels.iter().map(|l| l.name.as_str())) {
            diagnostic = diagnostic.suggest(suggestion);
        } else if let Some(keyword) = keywords::suggest(wanted, &[keywords::TBD]) {
            // `=> 待订`: a slip of the keyword, read as a level's name.
            diagnostic = diagnostic.note(tr!(
                "是否想写关键字 `{keyword}`？",
                "did you mean the keyword `{keyword}`?"
            ));
        }
        let declared = names::list(self.levels.iter().map(|l| l.name.as_str()));
        diagnostic = diagnostic.note(tr!("已声明的层级：{declared}", "declared levels: {declared}"; declared));
        self.report(diagnostic);
        None
    }

    fn find_dimension(&mut self, name: &ast::Name) -> Option<DimensionId> {
        if let Some(id) = self.dimension_index.get(&name.value) {
            return Some(*id);
        }
        let wanted = &name.value;
        let mut diagnostic = Diagnostic::new(
            Code::E0004,
            tr!("没有名为 `{wanted}` 的维度", "no dimension is named `{wanted}`"),
        )
        .primary(self.file, name.span, tr!("未声明的维度", "unknown dimension"));
        if let Some(suggestion) = closest(wanted, self.dimensions.iter().map(|d| d.name.as_str())) {
            diagnostic = diagnostic.suggest(suggestion);
        } else {
            diagnostic = diagnostic.note(tr!(
                "维度须先用 `维度 {wanted} {{ 值, … }}` 声明",
                "declare it first: `dimension {wanted} {{ value, … }}`"
            ));
        }
        self.report(diagnostic);
        None
    }
}

/// The rule labels of a document: by matter, and the first of each label anywhere (to
/// tell a label of another matter, E0014, from one that is nowhere, E0012).
#[derive(Default)]
struct Labels {
    in_matters: IndexMap<(usize, String), LabelTarget>,
    anywhere: IndexMap<String, LabelTarget>,
}

/// Where a rule label points.
#[derive(Clone, Copy)]
struct LabelTarget {
    matter: usize,
    rule: usize,
    span: Span,
}

/// The matter whose rules are being resolved.
struct MatterContext<'m> {
    index: usize,
    name: &'m str,
    dimensions: &'m [DimensionId],
}

fn citation(citation: &ast::Citation) -> ir::Citation {
    ir::Citation {
        paragraph: citation.paragraph.value.clone(),
        quote: citation.quote.as_ref().map(|q| q.value.clone()),
    }
}
