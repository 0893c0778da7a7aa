//! The decision table as DMN 1.3 XML (OMG Decision Model and Notation), for rule engines:
//! one decision per matter, its table with hit policy UNIQUE (the rows are disjoint), one
//! input per dimension with its allowed values, and the power, the spending, the mark and
//! the citation as outputs. Written with quick-xml; valid against DMN13.xsd and evaluated
//! by a FEEL interpreter in tests/dmn.rs.
//!
//! Inputs are FEEL names equal to the dimension names; entries are FEEL unary tests:
//! `"盟市"`, `"全区重大","一般"`, `[5000..10000)`, `>= 10000`, or `-` for any value.

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::emit::{Decision, DimensionRef, MatterRows, Table, citations_text, mark_text};
use crate::numeric::{Bound, Interval, Notation};
use crate::text::Lang;

const NAMESPACE: &str = "https://www.omg.org/spec/DMN/20191111/MODEL/";

/// The DMN document. Fails only if writing to memory fails.
pub fn to_dmn(table: &Table, lang: Lang) -> Result<String, std::io::Error> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    start(&mut writer, table)?;
    for (index, matter) in table.matters.iter().enumerate() {
        decision(&mut writer, index + 1, matter, &table.levels, lang)?;
    }
    end(&mut writer, table, table.matters.len(), lang)?;
    String::from_utf8(writer.into_inner()).map_err(std::io::Error::other)
}

/// The DMN document written a piece at a time, as [`crate::emit::CsvRows`] writes CSV:
/// a part's matters as `compile::stream` checks them (or a plan's matter tables one by
/// one), then the catch-all. No table of the whole plan, nor the document, is held: the
/// same bytes as [`to_dmn`] (tests/streaming.rs).
pub struct DmnRows<W: std::io::Write> {
    writer: Writer<W>,
    lang: Lang,
    started: bool,
    ended: bool,
    /// Decisions written so far: the next one's number.
    decisions: usize,
}

impl<W: std::io::Write> DmnRows<W> {
    pub fn new(out: W, lang: Lang) -> Self {
        DmnRows {
            writer: Writer::new_with_indent(out, b' ', 2),
            lang,
            started: false,
            ended: false,
            decisions: 0,
        }
    }

    /// One piece: `Some` tables of the plan's matters, or at the end `None`, for the
    /// catch-all and the document's close.
    pub fn piece(
        &mut self,
        plan: &crate::ir::Plan,
        tables: Option<&[crate::check::MatterTable]>,
    ) -> std::io::Result<()> {
        let table = crate::emit::table(plan, tables.unwrap_or(&[]), self.lang);
        if !self.started {
            start(&mut self.writer, &table)?;
            self.started = true;
        }
        match tables {
            Some(_) => {
                for matter in &table.matters {
                    self.decisions += 1;
                    decision(&mut self.writer, self.decisions, matter, &table.levels, self.lang)?;
                }
            }
            None => {
                end(&mut self.writer, &table, self.decisions, self.lang)?;
                self.ended = true;
            }
        }
        Ok(())
    }

    /// The writer, once the last piece is written; an error if it never was.
    pub fn finish(self) -> std::io::Result<W> {
        if self.ended {
            Ok(self.writer.into_inner())
        } else {
            Err(std::io::Error::other("the DMN document was not finished"))
        }
    }
}

/// The XML declaration and the opening `definitions`, named after the plan.
fn start<W: std::io::Write>(writer: &mut Writer<W>, table: &Table) -> Result<(), std::io::Error> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let name = table
        .document
        .number
        .clone()
        .unwrap_or_else(|| table.document.title.clone());
    let mut definitions = BytesStart::new("definitions");
    definitions.push_attribute(("xmlns", NAMESPACE));
    definitions.push_attribute(("id", "definitions"));
    definitions.push_attribute(("name", name.as_str()));
    definitions.push_attribute(("namespace", "https://quanze.invalid/plans"));
    writer.write_event(Event::Start(definitions))
}

/// The catch-all's decision (after the `decisions` of the matters) and the close.
fn end<W: std::io::Write>(
    writer: &mut Writer<W>,
    table: &Table,
    decisions: usize,
    lang: Lang,
) -> Result<(), std::io::Error> {
    if let Some(catch_all) = table.unlisted_as_matter(crate::emit::unlisted_name(lang)) {
        decision(writer, decisions + 1, &catch_all, &table.levels, lang)?;
    }
    writer.write_event(Event::End(BytesEnd::new("definitions")))?;
    writer.get_mut().write_all(b"\n")
}

/// One matter's decision table. Its outputs: the level holding the power (the holders,
/// `中央、地方`, and `joint` true, when held jointly), then for each of
/// the plan's `levels` its share of the spending in percent, as a number (0 when it pays
/// nothing, `null` when the outcome is to be determined) — a system adds and compares
/// numbers, it cannot read `自治区 60%、盟市 40%` — then the mark and the citations.
fn decision<W: std::io::Write>(
    writer: &mut Writer<W>,
    number: usize,
    matter: &MatterRows,
    levels: &[String],
    lang: Lang,
) -> Result<(), std::io::Error> {
    let id = format!("d{number}");
    let mut element = BytesStart::new("decision");
    element.push_attribute(("id", id.as_str()));
    element.push_attribute(("name", matter.name.as_str()));
    writer.write_event(Event::Start(element))?;
    if let Some(wording) = &matter.wording {
        text_element(writer, "description", wording)?;
    }
    let mut table = BytesStart::new("decisionTable");
    table.push_attribute(("id", format!("{id}_table").as_str()));
    table.push_attribute(("hitPolicy", "UNIQUE"));
    writer.write_event(Event::Start(table))?;
    for (position, dimension) in matter.dimensions.iter().enumerate() {
        input(writer, &format!("{id}_in{}", position + 1), dimension, lang)?;
    }
    for (index, output) in outputs(levels, lang).iter().enumerate() {
        let mut element = BytesStart::new("output");
        element.push_attribute(("id", format!("{id}_out{}", index + 1).as_str()));
        element.push_attribute(("name", output.name.as_str()));
        element.push_attribute(("label", output.label.as_str()));
        element.push_attribute(("typeRef", output.type_ref));
        writer.write_event(Event::Empty(element))?;
    }
    for (index, row) in matter.rows.iter().enumerate() {
        let rule_id = format!("{id}_r{}", index + 1);
        let mut rule = BytesStart::new("rule");
        rule.push_attribute(("id", rule_id.as_str()));
        writer.write_event(Event::Start(rule))?;
        for (position, dimension) in matter.dimensions.iter().enumerate() {
            let test = match row.when.iter().find(|c| c.dimension == dimension.name) {
                None => "-".to_string(),
                Some(constraint) if dimension.numeric.is_some() => ranges(&constraint.intervals, notation(dimension)),
                Some(constraint) => strings(&constraint.values),
            };
            entry(writer, "inputEntry", &format!("{rule_id}_in{}", position + 1), &test)?;
        }
        for (index, literal) in outputs_of(&row.decision, levels, lang).iter().enumerate() {
            entry(writer, "outputEntry", &format!("{rule_id}_out{}", index + 1), literal)?;
        }
        writer.write_event(Event::End(BytesEnd::new("rule")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("decisionTable")))?;
    writer.write_event(Event::End(BytesEnd::new("decision")))?;
    Ok(())
}

/// An input. A number is in its dimension's unit, and the label says which (`投资额（万元）`),
/// so that no system reads 亿元 where the plan counts 万元 (docs/dmn.md).
fn input<W: std::io::Write>(
    writer: &mut Writer<W>,
    id: &str,
    dimension: &DimensionRef,
    lang: Lang,
) -> Result<(), std::io::Error> {
    let mut element = BytesStart::new("input");
    element.push_attribute(("id", id));
    let label = match dimension.numeric.as_ref().and_then(|numeric| numeric.unit.as_deref()) {
        Some(unit) => format!("{}{}", dimension.name, lang.after_word(unit)),
        None => dimension.name.clone(),
    };
    element.push_attribute(("label", label.as_str()));
    writer.write_event(Event::Start(element))?;
    let type_ref = match &dimension.numeric {
        Some(numeric) if numeric.date => "date",
        Some(_) => "number",
        None => "string",
    };
    let mut expression = BytesStart::new("inputExpression");
    expression.push_attribute(("id", format!("{id}_expression").as_str()));
    expression.push_attribute(("typeRef", type_ref));
    writer.write_event(Event::Start(expression))?;
    text_element(writer, "text", &dimension.name)?;
    writer.write_event(Event::End(BytesEnd::new("inputExpression")))?;
    let allowed = match &dimension.numeric {
        Some(numeric) => ranges(&[numeric.range], numeric.notation()),
        None => strings(&dimension.values),
    };
    if allowed != "-" {
        let mut values = BytesStart::new("inputValues");
        values.push_attribute(("id", format!("{id}_values").as_str()));
        writer.write_event(Event::Start(values))?;
        text_element(writer, "text", &allowed)?;
        writer.write_event(Event::End(BytesEnd::new("inputValues")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("input")))?;
    Ok(())
}

/// `<inputEntry id="…"><text>…</text></inputEntry>` and the like.
fn entry<W: std::io::Write>(writer: &mut Writer<W>, tag: &str, id: &str, text: &str) -> Result<(), std::io::Error> {
    let mut element = BytesStart::new(tag);
    element.push_attribute(("id", id));
    writer.write_event(Event::Start(element))?;
    text_element(writer, "text", text)?;
    writer.write_event(Event::End(BytesEnd::new(tag)))?;
    Ok(())
}

fn text_element<W: std::io::Write>(writer: &mut Writer<W>, tag: &str, text: &str) -> Result<(), std::io::Error> {
    writer.write_event(Event::Start(BytesStart::new(tag)))?;
    // Only `&`, `<` and `>` need escaping in element text; quotes stay readable.
    writer.write_event(Event::Text(BytesText::from_escaped(partial_escape(text))))?;
    writer.write_event(Event::End(BytesEnd::new(tag)))?;
    Ok(())
}

/// An output column of a matter's table.
struct Output {
    name: String,
    label: String,
    type_ref: &'static str,
}

/// The outputs: the power, whether it is held jointly, each level's share of the spending, the mark, the citations.
fn outputs(levels: &[String], lang: Lang) -> Vec<Output> {
    let zh = lang == Lang::Zh;
    let text = |name: &str, zh_label: &str, en_label: &str| Output {
        name: name.to_string(),
        label: if zh { zh_label } else { en_label }.to_string(),
        type_ref: "string",
    };
    let mut outputs = vec![text("power", "财政事权", "fiscal power")];
    // Whether the power is held jointly (共同财政事权): the holders then stand in
    // `power` joined by `、`, and a system need not read that text to tell.
    outputs.push(Output {
        name: "joint".to_string(),
        label: if zh { "共同财政事权" } else { "held jointly" }.to_string(),
        type_ref: "boolean",
    });
    outputs.extend(levels.iter().enumerate().map(|(index, level)| Output {
        // A name a rule engine keys the result by: the level's place, since a level's
        // name may hold what an identifier may not.
        name: format!("share{}", index + 1),
        label: if zh {
            format!("{level} 支出份额（%）")
        } else {
            format!("{level} spending share (%)")
        },
        type_ref: "number",
    }));
    outputs.push(text("mark", "方式", "delegated or transfer"));
    outputs.push(text("citation", "出处", "citation"));
    outputs
}

/// A row's output entries, as FEEL literals, in the order of [`outputs`].
fn outputs_of(decision: &Decision, levels: &[String], lang: Lang) -> Vec<String> {
    let literal = |value: Option<String>| value.as_deref().map_or_else(|| "null".to_string(), string);
    let mark = mark_text(decision, lang);
    let decided = !decision.power.is_empty();
    let holders = decided.then(|| decision.power.join("、"));
    let mut entries = vec![literal(holders)];
    entries.push(match decided {
        false => "null".to_string(),
        true => (decision.power.len() > 1).to_string(),
    });
    entries.extend(levels.iter().map(|level| {
        match decided {
            false => "null".to_string(),
            true => decision
                .spending
                .iter()
                .find(|share| &share.level == level)
                .map_or_else(|| "0".to_string(), |share| share.percent.to_string()),
        }
    }));
    entries.push(literal((!mark.is_empty()).then_some(mark)));
    entries.push(literal(Some(citations_text(decision))));
    entries
}

/// A FEEL string literal.
fn string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A FEEL list of string literals as a unary test: `"a","b"`.
fn strings(values: &[String]) -> String {
    values.iter().map(|v| string(v)).collect::<Vec<_>>().join(",")
}

/// How a dimension's numbers are written in FEEL: numbers, or `date("2025-01-01")`.
fn notation(dimension: &DimensionRef) -> Notation {
    dimension.numeric.as_ref().map_or(Notation::Numbers, |n| n.notation())
}

/// Intervals as FEEL unary tests: `[5000..10000)`, `>= 10000`, `< 5000`, `5000`; `-` for
/// the whole line. Days are FEEL dates: `>= date("2025-01-01")`.
fn ranges(intervals: &[Interval], notation: Notation) -> String {
    let tests: Vec<String> = intervals.iter().filter_map(|i| range(i, notation)).collect();
    if tests.is_empty() {
        "-".to_string()
    } else {
        tests.join(",")
    }
}

fn range(interval: &Interval, notation: Notation) -> Option<String> {
    let number = |bound: &Bound| {
        bound.value.map(|value| match notation {
            Notation::Numbers => notation.text(value),
            Notation::Days => format!("date(\"{}\")", notation.text(value)),
        })
    };
    match (number(&interval.lo), number(&interval.hi)) {
        (None, None) => None,
        (Some(lo), None) => Some(format!("{} {lo}", if interval.lo.closed { ">=" } else { ">" })),
        (None, Some(hi)) => Some(format!("{} {hi}", if interval.hi.closed { "<=" } else { "<" })),
        (Some(lo), Some(hi)) if lo == hi => Some(lo),
        (Some(lo), Some(hi)) => Some(format!(
            "{}{lo}..{hi}{}",
            if interval.lo.closed { "[" } else { "(" },
            if interval.hi.closed { "]" } else { ")" }
        )),
    }
}
