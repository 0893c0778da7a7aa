//! The resolved plan: every name looked up, every condition turned into sets of case
//! values. Produced by `crate::resolve`, read by `crate::check` and `crate::emit`.
//!
//! Indices (`LevelId`, `DimensionId`) point into the plan's own vectors; they are valid
//! by construction, and readers still use `get` so that no index can panic.

use crate::ast::Mark;
use crate::span::{FileId, Span};

pub type LevelId = usize;
pub type DimensionId = usize;

/// A set of values of one dimension, as a bit mask over the dimension's value indices.
/// Dimensions have at most [`MAX_VALUES`] values (checked in `resolve`, E0018).
pub type ValueSet = u64;

pub const MAX_VALUES: usize = 64;

/// The mask of a dimension with `count` values: every value.
pub fn all_values(count: usize) -> ValueSet {
    if count >= MAX_VALUES {
        u64::MAX
    } else {
        (1u64 << count) - 1
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub file: FileId,
    pub header: Header,
    /// Highest first.
    pub levels: Vec<Level>,
    pub dimensions: Vec<Dimension>,
    pub sections: Vec<Section>,
    pub matters: Vec<Matter>,
    pub unlisted: Option<Unlisted>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub title: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    pub basis: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dimension {
    pub name: String,
    pub span: Span,
    pub values: Vec<String>,
    /// The values are the document's levels, in the same order (for 按照隶属关系).
    pub level_valued: bool,
    /// For a numeric dimension: its unit, range, and the pieces its range is cut into at
    /// every threshold the plan uses; `values` are then the pieces' texts.
    pub numeric: Option<NumericDimension>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumericDimension {
    pub unit: Option<String>,
    pub range: crate::numeric::Interval,
    pub pieces: Vec<crate::numeric::Interval>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matter {
    pub name: String,
    pub name_span: Span,
    pub wording: Option<String>,
    pub section: Option<usize>,
    /// The dimensions that split this matter; a case is one value of each.
    pub dimensions: Vec<DimensionId>,
    /// In document order.
    pub rules: Vec<Rule>,
}

/// A product of value sets, one per dimension of the matter: the cases whose value of
/// every dimension lies in that dimension's set.
pub type CaseBox = Vec<ValueSet>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub label: Option<String>,
    /// The cases the rule names: a union of boxes (one per `或` alternative). Empty for an
    /// `otherwise` rule, whose cases are whatever no other rule names.
    pub region: Vec<CaseBox>,
    pub otherwise: bool,
    pub outcome: Outcome,
    pub citation: Citation,
    /// Indices (in the same matter) of the rules this one takes precedence over.
    pub overrides: Vec<usize>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Tbd(Option<String>),
    Assign {
        power: LevelRef,
        spending: Spending,
        mark: Option<Mark>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LevelRef {
    Level(LevelId),
    /// The case's value of the matter's dimension at this position (a level-valued one).
    ByDimension(usize),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Spending {
    Level(LevelRef),
    /// Levels with their share in hundredths of a percent, totalling 10000.
    Shares(Vec<(LevelId, u32)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub paragraph: String,
    pub quote: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlisted {
    pub outcome: Outcome,
    pub citation: Citation,
    pub span: Span,
}

impl Plan {
    pub fn level_name(&self, level: LevelId) -> &str {
        self.levels.get(level).map_or("?", |l| l.name.as_str())
    }

    pub fn dimension(&self, id: DimensionId) -> Option<&Dimension> {
        self.dimensions.get(id)
    }
}

/// 6000 → `60%`, 3333 → `33.33%`.
pub fn percent_text(hundredths: u32) -> String {
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    if fraction == 0 {
        format!("{whole}%")
    } else if fraction % 10 == 0 {
        format!("{whole}.{}%", fraction / 10)
    } else {
        format!("{whole}.{fraction:02}%")
    }
}
