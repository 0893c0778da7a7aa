//! The resolved plan: every name looked up, every condition turned into sets of case
//! values. Produced by `crate::resolve`, read by `crate::check` and `crate::emit`.
//!
//! Indices (`LevelId`, `DimensionId`) point into the plan's own vectors; they are valid
//! by construction, and readers still use `get` so that no index can panic.

use crate::ast::Mark;
use crate::span::{FileId, Span};

pub type LevelId = usize;
pub type DimensionId = usize;

pub use crate::value_set::ValueSet;

/// The most values a dimension may have (listed values, or pieces of a numeric range):
/// enough for every county of China (about 2,800). Checked in `resolve` (E0018), so that
/// a value set's words, and the work of every operation on them, stay bounded.
pub const MAX_VALUES: usize = 4096;

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
    /// `上限` declarations, in document order.
    pub limits: Vec<Limit>,
    /// `不划分`: paragraphs of the source that divide nothing, with the reason.
    pub undivided: Vec<Undivided>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undivided {
    pub paragraph: String,
    pub reason: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub title: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    /// `施行`: the day the plan takes effect, as written (a real date, checked).
    pub effective: Option<String>,
    pub basis: Vec<String>,
    /// `节选`: the plan encodes only part of its source, so the parent's matters it does not
    /// list are left out on purpose (one W0011, not an E0030 each). The mark's span.
    pub excerpt: Option<Span>,
    /// `细化`: the plan this one refines.
    pub refines: Option<ParentRef>,
    /// `细分`: the parent's level this plan divides into its own levels.
    pub subdivides: Option<Subdivision>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentRef {
    pub number: String,
    pub number_span: Span,
    /// The parent's file, relative to this plan's folder, when the header gives it.
    pub path: Option<String>,
    pub path_span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subdivision {
    /// The parent's level, e.g. `地方`, as written.
    pub parent_level: String,
    pub parent_level_span: Span,
    /// The whole `细分 … => …` field.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub level: LevelId,
    pub kind: crate::ast::LimitKind,
    /// Hundredths of a percent.
    pub hundredths: u32,
    pub citation: Option<Citation>,
    pub span: Span,
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
    /// Values declared `自设`: the plan's own, not expected in the plan it refines.
    pub own_values: Vec<String>,
    /// For a numeric dimension: its unit, range, and the pieces its range is cut into at
    /// every threshold the plan uses; `values` are then the pieces' texts.
    pub numeric: Option<NumericDimension>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumericDimension {
    pub unit: Option<String>,
    pub range: crate::numeric::Interval,
    pub pieces: Vec<crate::numeric::Interval>,
    /// `整数`: whole numbers only; the pieces are closed at whole numbers, and none holds
    /// no whole number. Set for `日期` too.
    pub integer: bool,
    /// `日期`: the numbers are days (days since 1970-01-01), written `YYYY-MM-DD`.
    pub notation: crate::numeric::Notation,
}

impl NumericDimension {
    /// A number of the dimension as a drafter writes it: `5000`, or `2025-01-01`.
    pub fn value_text(&self, value: crate::numeric::Number) -> String {
        self.notation.text(value)
    }

    /// An interval of the dimension as a drafter writes it after `=`.
    pub fn interval_text(&self, interval: &crate::numeric::Interval) -> String {
        interval.text_in(self.notation)
    }
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
    /// `自设事项`: the plan's own matter, which the plan it refines does not list.
    pub own: bool,
    /// Cases of this matter that the plan it refines (or a plan above that) keeps at a
    /// higher level: no rule of this plan may decide them, and no gap is reported there.
    /// Filled by `crate::chain`, read by `crate::check`.
    pub kept_above: Vec<KeptAbove>,
}

/// Cases an ancestor plan decides at a level above the one this plan divides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAbove {
    pub case_box: CaseBox,
    /// The ancestor plan's 文号 (or title).
    pub document: String,
    /// What the ancestor decides, in words, e.g. `中央`.
    pub decision: crate::text::Text,
    /// The ancestor's rules that decide it, for labels in its file.
    pub rules: Vec<(FileId, Span)>,
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
        power: Power,
        spending: Spending,
        mark: Option<Mark>,
    },
}

/// Who holds the fiscal power.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Power {
    /// One level, named or by affiliation.
    One(LevelRef),
    /// Several named levels jointly (共同财政事权): at least two, each once, in the
    /// plan's level order, so that two rules naming them in another order agree.
    Joint(Vec<LevelId>),
}

impl Power {
    /// The holders, as level references.
    pub fn holders(&self) -> Vec<LevelRef> {
        match self {
            Power::One(level) => vec![*level],
            Power::Joint(levels) => levels.iter().map(|l| LevelRef::Level(*l)).collect(),
        }
    }
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
    /// The section it is written in. Held whole, not as an index into `Plan::sections`:
    /// a plan checked part by part keeps only its declarations' sections to the end.
    pub section: Option<Section>,
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
