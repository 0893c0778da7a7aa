//! Phase 4, emit: a checked plan and its rows → the decision table, in Markdown, CSV or
//! JSON.
//!
//! [`Table`] is the one model of the table; every format renders it, so the formats can
//! never disagree. JSON is `Table` serialized as is; its schema is docs/table-json.md.
//! Output is deterministic: rows follow the document, nothing depends on hashing or time.

mod csv_format;
mod markdown;

use indexmap::IndexMap;
use serde::Serialize;

use crate::ast::Mark;
use crate::check::MatterTable;
use crate::describe;
use crate::ir::{self, LevelRef, Outcome, Plan, Spending};
use crate::numeric::Interval;
use crate::text::Lang;

/// A row's constrained dimension (shared with the change report and JSON diagnostics).
pub use crate::describe::Constraint;
pub use csv_format::{CsvRows, ZH_HEADER, cells, chain_cells, chain_header, chain_to_csv, header, to_csv};
pub use markdown::{MarkdownRows, chain_to_markdown, to_markdown};

/// The version of the JSON table format, bumped on any incompatible change.
pub const SCHEMA: &str = "quanze.table/2";

#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub schema: &'static str,
    pub document: Document,
    /// Highest first.
    pub levels: Vec<String>,
    pub matters: Vec<MatterRows>,
    /// What the plan says of matters it does not list, if it says anything.
    pub unlisted: Option<Decision>,
    /// The section the catch-all is written in, when it is written in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlisted_section: Option<SectionRef>,
}

impl Table {
    /// The catch-all as a matter of one row deciding every case, named `name`: for the
    /// outputs that show it as they show a matter (the DMN's tables, the report's matrix).
    pub fn unlisted_as_matter(&self, name: &str) -> Option<MatterRows> {
        self.unlisted.as_ref().map(|unlisted| MatterRows {
            name: name.to_string(),
            wording: None,
            section: self.unlisted_section.clone(),
            dimensions: Vec::new(),
            rows: vec![TableRow {
                when: Vec::new(),
                condition: String::new(),
                decision: unlisted.clone(),
            }],
        })
    }
}

impl Table {
    /// The id of the catch-all's section (empty when it stands outside the sections), for
    /// a flat table's section column.
    pub fn unlisted_section_id(&self) -> &str {
        self.unlisted_section.as_ref().map_or("", |s| s.id.as_str())
    }
}

/// The catch-all (`未列事项`) in a flat table's matter column (CSV, the workbook); its
/// condition is [`describe::every_case`].
pub fn unlisted_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "未列事项",
        Lang::En => "unlisted",
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub title: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    /// `施行`: the day the plan takes effect, when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    pub basis: Vec<String>,
    /// `节选`: the plan encodes only part of its source; a matter it does not list may be
    /// in the source all the same.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excerpt: bool,
    /// The plan this one refines (`细化`) and the level of it divided: the table divides
    /// only the cases that plan gives that level, and a reader must be told so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refines: Option<Refines>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Refines {
    /// The plan above's 文号.
    pub number: String,
    /// Its level that this plan divides (`细分 地方 => …`).
    pub level: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatterRows {
    pub name: String,
    pub wording: Option<String>,
    pub section: Option<SectionRef>,
    pub dimensions: Vec<DimensionRef>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionRef {
    pub id: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DimensionRef {
    pub name: String,
    /// Listed values; for a numeric dimension, the pieces its range is cut into.
    pub values: Vec<String>,
    /// Set for a numeric dimension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numeric: Option<NumericRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NumericRef {
    pub unit: Option<String>,
    pub range: Interval,
    /// The same pieces as `values`, as numbers.
    pub pieces: Vec<Interval>,
    /// Set for an integer dimension (`整数`): whole numbers only, each piece closed at
    /// whole numbers.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub integer: bool,
    /// Set for a date dimension (`日期`): its numbers are days since 1970-01-01, and its
    /// texts (`values`, conditions) are dates `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub date: bool,
}

impl NumericRef {
    pub fn notation(&self) -> crate::numeric::Notation {
        match self.date {
            true => crate::numeric::Notation::Days,
            false => crate::numeric::Notation::Numbers,
        }
    }

    /// A number of the dimension as written: `5000`, or `2025-01-01`.
    pub fn value_text(&self, value: crate::numeric::Number) -> String {
        self.notation().text(value)
    }

    /// An interval of the dimension as written after `=`.
    pub fn interval_text(&self, interval: &Interval) -> String {
        interval.text_in(self.notation())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    /// The constrained dimensions; a dimension not listed admits every value.
    pub when: Vec<Constraint>,
    /// The condition in the language's notation, e.g. `范围 = 盟市 ∧ 影响 = 一般`.
    pub condition: String,
    #[serde(flatten)]
    pub decision: Decision,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Decision {
    /// The levels holding the fiscal power: one, or several jointly (共同财政事权), in the
    /// plan's level order; empty when the outcome is to be determined.
    pub power: Vec<String>,
    /// Who pays, with shares in percent totalling 100; empty when to be determined.
    pub spending: Vec<ShareOut>,
    /// `delegated` (委托) or `transfer` (转移支付) when stated.
    pub mark: Option<Mark>,
    /// Set when the plan leaves the case open (待定): the reason, possibly empty.
    pub tbd: Option<String>,
    /// The rules that decide the row, in document order. (Left out where a decision is
    /// shown without its rules, as in a change report.)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleRef>,
}

impl Decision {
    /// The holders of the power as one text: `自治区`, `中央、地方` (`central, local`);
    /// empty when to be determined.
    pub fn power_text(&self, lang: crate::text::Lang) -> String {
        crate::names::joined(self.power.iter().map(String::as_str))
            .get(lang)
            .to_string()
    }

    /// Whether `level` holds the power, alone or jointly.
    pub fn holds_power(&self, level: &str) -> bool {
        self.power.iter().any(|holder| holder == level)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ShareOut {
    pub level: String,
    pub percent: serde_json::Number,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RuleRef {
    pub label: Option<String>,
    pub paragraph: String,
    pub quote: Option<String>,
}

/// Builds the table of a checked plan, of the matters whose tables are given (all of
/// them, or those a chained table shows). `lang` only chooses the words of the
/// `condition` texts for the every-case row (`任意` / `any`).
pub fn table<'t>(plan: &Plan, tables: impl IntoIterator<Item = &'t MatterTable>, lang: Lang) -> Table {
    let matters = tables
        .into_iter()
        .filter_map(|t| plan.matters.get(t.matter).map(|m| (m, t)))
        .map(|(matter, table)| MatterRows {
            name: matter.name.clone(),
            wording: matter.wording.clone(),
            section: matter.section.and_then(|s| plan.sections.get(s)).map(|s| SectionRef {
                id: s.id.clone(),
                title: s.title.clone(),
            }),
            dimensions: matter
                .dimensions
                .iter()
                .filter_map(|d| plan.dimension(*d))
                .map(|d| DimensionRef {
                    name: d.name.clone(),
                    values: d.values.clone(),
                    numeric: d.numeric.as_ref().map(|n| NumericRef {
                        unit: n.unit.clone(),
                        range: n.range,
                        pieces: n.pieces.clone(),
                        integer: n.integer,
                        date: n.notation == crate::numeric::Notation::Days,
                    }),
                })
                .collect(),
            rows: table
                .rows
                .iter()
                .map(|row| TableRow {
                    when: describe::constraints(plan, matter, &row.case_box),
                    condition: describe::case_box(plan, matter, &row.case_box).get(lang).to_string(),
                    decision: decision(
                        plan,
                        &row.outcome,
                        row.rules
                            .iter()
                            .filter_map(|r| matter.rules.get(*r))
                            .map(|r| rule_ref(r.label.clone(), &r.citation)),
                    ),
                })
                .collect(),
        })
        .collect();
    Table {
        schema: SCHEMA,
        document: Document {
            title: plan.header.title.clone(),
            number: plan.header.number.clone(),
            issued: plan.header.issued.clone(),
            effective: plan.header.effective.clone(),
            basis: plan.header.basis.clone(),
            excerpt: plan.header.excerpt.is_some(),
            refines: plan.header.refines.as_ref().map(|parent| Refines {
                number: parent.number.clone(),
                level: plan.header.subdivides.as_ref().map(|s| s.parent_level.clone()),
            }),
        },
        levels: plan.levels.iter().map(|l| l.name.clone()).collect(),
        matters,
        unlisted: plan
            .unlisted
            .as_ref()
            .map(|u| decision(plan, &u.outcome, std::iter::once(rule_ref(None, &u.citation)))),
        unlisted_section: plan
            .unlisted
            .as_ref()
            .and_then(|u| u.section.as_ref())
            .map(|s| SectionRef {
                id: s.id.clone(),
                title: s.title.clone(),
            }),
    }
}

pub fn rule_ref(label: Option<String>, citation: &ir::Citation) -> RuleRef {
    RuleRef {
        label,
        paragraph: citation.paragraph.clone(),
        quote: citation.quote.clone(),
    }
}

/// A row's outcome has its levels concrete (the check replaced `按 维度`); an unlisted
/// catch-all cannot take its level from a dimension (E0011), so every reference here is a
/// level.
pub fn decision(plan: &Plan, outcome: &Outcome, rules: impl Iterator<Item = RuleRef>) -> Decision {
    let level_name = |reference: &LevelRef| match reference {
        LevelRef::Level(level) => plan.level_name(*level).to_string(),
        LevelRef::ByDimension(_) => "?".to_string(),
    };
    let (power, spending, mark, tbd) = match outcome {
        Outcome::Tbd(reason) => (Vec::new(), Vec::new(), None, Some(reason.clone().unwrap_or_default())),
        Outcome::Assign { power, spending, mark } => {
            let shares = match spending {
                Spending::Level(level) => vec![ShareOut {
                    level: level_name(level),
                    percent: serde_json::Number::from(100u32),
                }],
                Spending::Shares(shares) => shares
                    .iter()
                    .map(|(level, hundredths)| ShareOut {
                        level: plan.level_name(*level).to_string(),
                        percent: percent_number(*hundredths),
                    })
                    .collect(),
            };
            let holders = power.holders().iter().map(level_name).collect();
            (holders, shares, *mark, None)
        }
    };
    Decision {
        power,
        spending,
        mark,
        tbd,
        rules: rules.collect(),
    }
}

/// 6000 → `60`, 3333 → `33.33`: whole percentages stay integers in JSON.
fn percent_number(hundredths: u32) -> serde_json::Number {
    if hundredths.is_multiple_of(100) {
        serde_json::Number::from(hundredths / 100)
    } else {
        serde_json::Number::from_f64(f64::from(hundredths) / 100.0).unwrap_or_else(|| serde_json::Number::from(0u32))
    }
}

/// The name a chained table gives a plan: its 文号, else its title.
pub fn document_name(table: &Table) -> String {
    table
        .document
        .number
        .clone()
        .unwrap_or_else(|| table.document.title.clone())
}

/// One row of a chained table: a row of one plan of the chain, under a matter of the last.
#[derive(Clone, Debug)]
pub struct ChainRow<'a> {
    /// The plan the row comes from ([`document_name`]).
    pub document: String,
    /// The section in that plan, if the matter has one there.
    pub section: &'a str,
    /// The matter, as the last plan names it.
    pub matter: &'a str,
    /// The matter's wording in the plan the row comes from.
    pub wording: &'a str,
    pub condition: String,
    pub decision: &'a Decision,
}

/// The rows of a chained table (`tables` top first, the plan itself last): for every
/// matter of the last plan, the rows of every plan of the chain, in chain order; a plan
/// that does not list the matter shows its catch-all (`（未列事项）`), if it has one. The
/// same rows as [`chain_to_markdown`] shows, for the flat formats (CSV, the workbook).
pub fn chain_rows(tables: &[Table], lang: Lang) -> Vec<ChainRow<'_>> {
    let Some(own) = tables.last() else {
        return Vec::new();
    };
    let indexed: Vec<(&Table, Matters<'_>)> = tables.iter().map(|t| (t, matters_by_name(t))).collect();
    let mut rows = Vec::new();
    for matter in &own.matters {
        for (table, matters) in &indexed {
            let document = document_name(table);
            match matters.get(matter.name.as_str()) {
                Some(theirs) => rows.extend(theirs.rows.iter().map(|row| ChainRow {
                    document: document.clone(),
                    section: theirs.section.as_ref().map_or("", |s| s.id.as_str()),
                    matter: &matter.name,
                    wording: theirs.wording.as_deref().unwrap_or(""),
                    condition: row.condition.clone(),
                    decision: &row.decision,
                })),
                None => rows.extend(table.unlisted.as_ref().map(|unlisted| ChainRow {
                    document,
                    section: table.unlisted_section_id(),
                    matter: &matter.name,
                    wording: "",
                    condition: lang.bracketed(unlisted_name(lang)),
                    decision: unlisted,
                })),
            }
        }
    }
    rows
}

/// A table's matters by name: the first of a name, as a search from the start finds it.
pub(crate) type Matters<'t> = IndexMap<&'t str, &'t MatterRows>;

/// [`Matters`] of `table`: a chained table of thousands of matters finds each plan's rows
/// at once, not by a walk through the plan.
pub(crate) fn matters_by_name(table: &Table) -> Matters<'_> {
    let mut matters = IndexMap::new();
    for matter in &table.matters {
        matters.entry(matter.name.as_str()).or_insert(matter);
    }
    matters
}

/// The table as pretty JSON with a final newline.
pub fn to_json(table: &Table) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(table)?;
    text.push('\n');
    Ok(text)
}

/// The JSON table written a piece at a time, as `crate::compile::stream` hands the pieces
/// over, so that a large plan's table is never held whole: byte for byte [`to_json`] of
/// the whole table (`tests/streaming.rs`). Each piece is serde_json's pretty text of one
/// field or one matter, indented to its depth in the whole: a JSON string holds no raw
/// line break, so every line break in that text is between tokens.
pub struct JsonRows<W: std::io::Write> {
    out: W,
    /// Whether the fields before `matters` have been written.
    started: bool,
    /// Whether a matter has been written (the next one needs a comma).
    any_matter: bool,
    /// Whether the last piece (the catch-all) has been written.
    ended: bool,
    lang: Lang,
    /// How deep the table stands in the document written: 0 alone, 1 as an element of a
    /// chained table's array (which then writes the line break after it).
    depth: usize,
}

impl<W: std::io::Write> JsonRows<W> {
    pub fn new(out: W, lang: Lang) -> Self {
        Self::at_depth(out, lang, 0)
    }

    /// The table as an element of an array, `depth` levels deep, as serde_json's pretty
    /// text of the array shows it, without a line break after its closing brace.
    pub fn at_depth(out: W, lang: Lang, depth: usize) -> Self {
        JsonRows {
            out,
            started: false,
            any_matter: false,
            ended: false,
            lang,
            depth,
        }
    }

    /// One piece from `compile::stream`: a part's matters (`Some` tables), or at the end
    /// the declarations (`None`), whose catch-all is the last field.
    pub fn piece(&mut self, plan: &Plan, tables: Option<&[MatterTable]>) -> std::io::Result<()> {
        let table = table(plan, tables.unwrap_or(&[]), self.lang);
        let depth = self.depth;
        let (field, matter) = (indent(depth + 1), indent(depth + 2));
        let mut text = String::new();
        if !self.started {
            // The field order of `Table`.
            text.push_str(&format!("{{{field}\"schema\": "));
            text.push_str(&nested(&table.schema, depth + 1)?);
            text.push_str(&format!(",{field}\"document\": "));
            text.push_str(&nested(&table.document, depth + 1)?);
            text.push_str(&format!(",{field}\"levels\": "));
            text.push_str(&nested(&table.levels, depth + 1)?);
            text.push_str(&format!(",{field}\"matters\": ["));
            self.started = true;
        }
        match tables {
            Some(_) => {
                for one in &table.matters {
                    if self.any_matter {
                        text.push(',');
                    }
                    text.push_str(&matter);
                    text.push_str(&nested(one, depth + 2)?);
                    self.any_matter = true;
                }
            }
            None => {
                if self.any_matter {
                    text.push_str(&field);
                }
                text.push(']');
                text.push_str(&format!(",{field}\"unlisted\": "));
                text.push_str(&nested(&table.unlisted, depth + 1)?);
                // As serde writes the whole table: only when the catch-all has a section.
                if let Some(section) = &table.unlisted_section {
                    text.push_str(&format!(",{field}\"unlisted_section\": "));
                    text.push_str(&nested(section, depth + 1)?);
                }
                text.push_str(&indent(depth));
                text.push('}');
                if depth == 0 {
                    text.push('\n');
                }
                self.ended = true;
            }
        }
        self.out.write_all(text.as_bytes())
    }

    /// The writer, once the last piece is written; an error if it never was (the JSON
    /// would be cut short).
    pub fn finish(self) -> std::io::Result<W> {
        if self.ended {
            Ok(self.out)
        } else {
            Err(std::io::Error::other("the table was not finished"))
        }
    }
}

/// `value` as serde_json's pretty text at `depth` (two spaces a level) inside a larger
/// document: every line after the first indented by the depth.
fn nested<T: Serialize + ?Sized>(value: &T, depth: usize) -> std::io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(text.replace('\n', &indent(depth)))
}

/// A line break and the indentation of `depth` in serde_json's pretty text.
fn indent(depth: usize) -> String {
    format!("\n{}", "  ".repeat(depth))
}

/// A decision's spending as one cell: `自治区`, `自治区 60%、盟市 40%`.
pub fn spending_text(decision: &Decision, lang: Lang) -> String {
    match decision.spending.as_slice() {
        [only] if only.percent == serde_json::Number::from(100u32) => only.level.clone(),
        shares => {
            let parts: Vec<String> = shares.iter().map(|s| format!("{} {}%", s.level, s.percent)).collect();
            parts.join(match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            })
        }
    }
}

pub fn mark_text(decision: &Decision, lang: Lang) -> String {
    decision
        .mark
        .map(|m| describe::mark(m).get(lang).to_string())
        .unwrap_or_default()
}

pub fn citations_text(decision: &Decision) -> String {
    decision
        .rules
        .iter()
        .map(|r| match &r.label {
            Some(label) => format!("§ {} ({label})", r.paragraph),
            None => format!("§ {}", r.paragraph),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use crate::ast::Mark;

    #[test]
    fn marks_are_named_as_the_schema_says() {
        assert_eq!(
            serde_json::to_value(Mark::Delegated).ok(),
            Some(serde_json::json!("delegated"))
        );
        assert_eq!(
            serde_json::to_value(Mark::Transfer).ok(),
            Some(serde_json::json!("transfer"))
        );
    }
}
