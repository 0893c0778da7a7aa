//! The syntax tree: what the drafter wrote, with spans, before any name is looked up.
//!
//! Produced by `crate::syntax`, consumed by `crate::resolve`. Equality ignores spans.

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Header(Header),
    Levels(LevelsDecl),
    Dimension(DimensionDecl),
    Section(Section),
    Matter(Matter),
    Unlisted(Unlisted),
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DimensionValues {
    Listed(Vec<Name>),
    /// `: 层级` — the values are the document's levels.
    Levels(Span),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading's number as in the source, e.g. `一(一)`.
    pub id: Name,
    pub title: Option<Name>,
    pub matters: Vec<Matter>,
    pub unlisted: Vec<Unlisted>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matter {
    pub name: Name,
    pub wording: Option<Name>,
    pub by: Vec<Name>,
    pub rules: Vec<Rule>,
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlisted {
    pub keyword: Span,
    pub outcome: Outcome,
    pub citation: Citation,
}
