//! The syntax tree: what the drafter wrote, with spans, before any name is looked up.
//!
//! Produced by `crate::syntax`, consumed by `crate::resolve`. A name or value
//! ([`Spanned`]) compares without its place; a node's own places (its `span`, `keyword`,
//! `close`) take part in its equality, so two trees of texts laid out differently are
//! compared without their places (`crate::format`, which moves every place).

use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// A value together with where it was written. Two `Spanned` values are equal when their
/// values are, wherever they stand in the file.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// An identifier or quoted text as written.
pub type Name = Spanned<String>;

#[derive(Clone, Debug)]
pub struct Document {
    pub items: Vec<Item>,
    /// What the syntax phase found in how names and quotations are written (invisible
    /// and control characters, names not in their normal form, `syntax/written.rs`): the
    /// document parsed, and these go out with the later phases' diagnostics.
    pub findings: Vec<Diagnostic>,
}

/// Two documents are equal when their items are: the findings (diagnostics about how
/// names are written) are not part of what the text says.
impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for Document {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Header(Header),
    Levels(LevelsDecl),
    Dimension(DimensionDecl),
    ValueSet(ValueSetDecl),
    Section(Section),
    Matter(Matter),
    Unlisted(Unlisted),
    Limit(LimitDecl),
    Undivided(Undivided),
    // Only in an amendment (the grammar allows them nowhere else):
    AmendmentHeader(Header),
    AmendMatter(AmendMatter),
    RemoveMatter(RemoveMatter),
    RenameMatter(RenameMatter),
    ExtendValues(ExtendValues),
    MoveValue(MoveValue),
}

impl Document {
    /// The header of an amendment (`修正案`), when the document is one.
    pub fn amendment_header(&self) -> Option<&Header> {
        self.items.iter().find_map(|item| match item {
            Item::AmendmentHeader(header) => Some(header),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub keyword: Span,
    pub title: Name,
    pub fields: Vec<HeaderField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderField {
    /// 文号
    Number(Name),
    /// 印发 — the date as written; `resolve` checks that it is a real date.
    Issued(Name),
    /// 依据
    Basis(Vec<Name>),
    /// 施行 — the date a plan or an amendment takes effect, as written.
    Effective(Name),
    /// 节选 — the plan encodes only part of its source (the keyword's span).
    Excerpt(Span),
    /// 修正 — the plan an amendment amends: its 文号, and the file holding it when given.
    Amends { number: Name, path: Option<Name> },
    /// 细化 — the plan this plan refines: its 文号, and the file holding it when given.
    Refines { number: Name, path: Option<Name> },
    /// 细分 地方 => 自治区 > 盟市 — the parent's level this plan divides, and into which of
    /// its own levels (highest first).
    Subdivides { parent: Name, into: Vec<Name>, span: Span },
}

/// `不划分 "二" "理由"`: a paragraph of the source that divides nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undivided {
    pub paragraph: Name,
    pub reason: Name,
    pub span: Span,
}

/// `上限 旗县 支出 ≤ 40% § …`: at most this share of the plan's matters may put the
/// spending (or the power) on the level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitDecl {
    pub level: Name,
    pub kind: LimitKind,
    /// Hundredths of a percent, as for shares.
    pub hundredths: Spanned<u32>,
    pub citation: Option<Citation>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LimitKind {
    /// 支出: the level pays some of the matter in some case.
    Spending,
    /// 事权: the level holds the power in some case.
    Power,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelsDecl {
    pub keyword: Span,
    /// Highest first.
    pub levels: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DimensionDecl {
    pub name: Name,
    pub values: DimensionValues,
    /// Values written `自设`: the plan's own, which the plan it refines does not have.
    pub own: Vec<String>,
    pub span: Span,
}

/// `值集 第一档 : 省份 { 内蒙古, 广西 }`: values of a dimension named once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueSetDecl {
    pub name: Name,
    pub dimension: Name,
    pub values: Vec<Name>,
    /// The braces and what is between them: what an amendment that moves a value rewrites.
    pub list: Span,
    pub span: Span,
}

/// `移至 大连 => 第二档 § "…"`: a value moved into a value set of its dimension, and out
/// of every other set of that dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveValue {
    pub value: Name,
    pub set: Name,
    pub citation: Citation,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DimensionValues {
    Listed(Vec<Name>),
    /// `: 层级` — the values are the document's levels.
    Levels(Span),
    /// `: 数值 万元 [0, ∞)` — numbers, with an optional unit and range.
    Numeric {
        unit: Option<Name>,
        range: Option<Spanned<crate::numeric::Interval>>,
        /// `整数`: whole numbers only.
        integer: bool,
        /// `日期`: days, written `YYYY-MM-DD`.
        date: bool,
        /// The range was written in days (`[2025-01-01, ∞)`).
        range_in_days: bool,
        span: Span,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading's number as in the source, e.g. `一(一)`.
    pub id: Name,
    pub title: Option<Name>,
    pub matters: Vec<Matter>,
    pub unlisted: Vec<Unlisted>,
    pub span: Span,
    /// The closing brace.
    pub close: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matter {
    pub name: Name,
    /// `自设事项`: the plan's own matter, one the plan it refines does not list.
    pub own: bool,
    pub wording: Option<Name>,
    pub by: Vec<Name>,
    pub rules: Vec<Rule>,
    /// From `事项` to the end of the last rule or the closing brace.
    pub span: Span,
    /// The closing brace of the rule block; `None` for a matter with one inline rule.
    pub close: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub label: Option<Name>,
    pub condition: Condition,
    pub outcome: Outcome,
    pub citation: Citation,
    pub overrides: Vec<Name>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// `任意`, or a matter's inline rule: every case.
    Any(Span),
    /// `其余`: every case no other rule of the matter decides.
    Otherwise(Span),
    /// A disjunction (`或`) of conjunctions (`且`) of tests.
    Cases(Vec<Vec<Test>>, Span),
}

impl Condition {
    pub fn span(&self) -> Span {
        match self {
            Condition::Any(span) | Condition::Otherwise(span) | Condition::Cases(_, span) => *span,
        }
    }
}

/// One test on one dimension: `维度 = 值`, `维度 = {值, 值}`, `维度 ≠ 值`, or a bare value
/// whose dimension is found from the matter's dimensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub dimension: Option<Name>,
    pub negated: bool,
    pub values: Vec<Name>,
    /// On a numeric dimension, the numbers the test admits (`>= 5000` is `[5000, ∞)`);
    /// `values` is then empty. Boxed: most tests are of listed values, and a long matter
    /// holds every test of its rules at once.
    pub interval: Option<Box<Spanned<crate::numeric::Interval>>>,
    /// The unit written after the number, if any (`投资额 >= 10000 万元`).
    pub unit: Option<Name>,
    /// The numbers were written as days (`申报日 >= 2025-01-01`).
    pub days: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `待定 "reason"`: the text leaves the matter open.
    Tbd { reason: Option<Name>, span: Span },
    /// Power and spending. `spending: None` is the shorthand `=> 盟市`: spending at the
    /// level of the power (谁的财政事权谁承担支出责任).
    Assign {
        power: LevelRef,
        /// The other holders of a power held jointly (`事权 中央、地方`): empty when one
        /// level holds it.
        joint: Vec<LevelRef>,
        spending: Option<Spending>,
        mark: Option<Spanned<Mark>>,
        span: Span,
    },
}

impl Outcome {
    pub fn span(&self) -> Span {
        match self {
            Outcome::Tbd { span, .. } | Outcome::Assign { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelRef {
    Level(Name),
    /// `按 隶属`: the level is the case's value of that level-valued dimension.
    ByDimension(Name),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spending {
    Level(LevelRef),
    Shares(Vec<Share>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub level: Name,
    /// Hundredths of a percent: `33.33%` is 3333.
    pub hundredths: Spanned<u32>,
}

/// Why spending sits at another level than the power. Serialized as `delegated` /
/// `transfer` in the JSON table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// 委托
    Delegated,
    /// 转移支付
    Transfer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// The paragraph, e.g. `一(三)2`.
    pub paragraph: Name,
    /// The source sentence, quoted.
    pub quote: Option<Name>,
    /// From `§` to the end of the last quote.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlisted {
    pub keyword: Span,
    pub outcome: Outcome,
    pub citation: Citation,
}

/// `修改事项 M { … }`: operations on the rules of one matter of the amended plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmendMatter {
    pub keyword: Span,
    pub matter: Name,
    pub ops: Vec<RuleOp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleOp {
    /// `删除 目标 § …`
    Remove {
        target: RuleTarget,
        citation: Citation,
        span: Span,
    },
    /// `替换 目标 为 条款`: the new rule carries the operation's citation.
    Replace { target: RuleTarget, rule: Rule, span: Span },
    /// `更改 目标 => 结果 § …`: the same cases, another outcome.
    Change {
        target: RuleTarget,
        outcome: Outcome,
        citation: Citation,
        span: Span,
    },
    /// `增加 条款`
    Add { rule: Rule, span: Span },
}

impl RuleOp {
    pub fn span(&self) -> Span {
        match self {
            RuleOp::Remove { span, .. }
            | RuleOp::Replace { span, .. }
            | RuleOp::Change { span, .. }
            | RuleOp::Add { span, .. } => *span,
        }
    }
}

/// How an operation names a rule of the amended plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleTarget {
    /// By its label.
    Label(Name),
    /// By the paragraph its citation gives, e.g. `"一(三)2"`.
    Paragraph(Name),
}

impl RuleTarget {
    pub fn name(&self) -> &Name {
        match self {
            RuleTarget::Label(name) | RuleTarget::Paragraph(name) => name,
        }
    }
}

/// `删除事项 M § …`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoveMatter {
    pub matter: Name,
    pub citation: Citation,
    pub span: Span,
}

/// `更名事项 旧 为 新 § …`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameMatter {
    pub from: Name,
    pub to: Name,
    pub citation: Citation,
    pub span: Span,
}

/// `增加维度值 维度 { 值, … } § …`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtendValues {
    pub dimension: Name,
    pub values: Vec<Name>,
    pub citation: Citation,
    pub span: Span,
}
