//! The decision table as CSV, one row per decision row, for spreadsheets and budget
//! systems. Written by the `csv` crate, so quoting is right whatever the plan's text holds.

use super::{Decision, Table, citations_text, mark_text, spending_text, unlisted_name};
use crate::describe;
use crate::text::Lang;

/// The columns of the flat table, as CSV and the workbook's first sheet have them.
pub const ZH_HEADER: [&str; 9] = [
    "章节",
    "事项",
    "原文表述",
    "条件",
    "财政事权",
    "支出责任",
    "方式",
    "待定理由",
    "出处",
];
pub const EN_HEADER: [&str; 9] = [
    "section",
    "matter",
    "wording",
    "condition",
    "power",
    "spending",
    "mark",
    "tbd_reason",
    "citation",
];

/// The header in the language asked for.
pub fn header(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => ZH_HEADER,
        Lang::En => EN_HEADER,
    }
}

pub fn to_csv(table: &Table, lang: Lang) -> Result<String, csv::Error> {
    let mut rows = CsvRows::new(Vec::new(), lang)?;
    rows.matters(table)?;
    rows.unlisted(table)?;
    let bytes = rows.finish()?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The header of a chained flat table: the plan each row comes from, then [`header`].
pub fn chain_header(lang: Lang) -> [&'static str; 10] {
    let [a, b, c, d, e, f, g, h, i] = header(lang);
    let document = match lang {
        Lang::Zh => "文号",
        Lang::En => "document",
    };
    [document, a, b, c, d, e, f, g, h, i]
}

/// One row of a chained flat table, cell by cell, in the order of [`chain_header`].
pub fn chain_cells(row: &super::ChainRow<'_>, lang: Lang) -> Vec<String> {
    let mut cells = vec![row.document.clone()];
    cells.extend(cells_of(row, lang));
    cells
}

fn cells_of(row: &super::ChainRow<'_>, lang: Lang) -> [String; 9] {
    cells(row.section, row.matter, row.wording, &row.condition, row.decision, lang)
}

/// The chained table as CSV (`tables` top first, the plan itself last): the rows of
/// [`super::chain_rows`], each with the plan it comes from.
pub fn chain_to_csv(tables: &[Table], lang: Lang) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(chain_header(lang))?;
    for row in super::chain_rows(tables, lang) {
        writer.write_record(chain_cells(&row, lang).iter().map(|f| inert(f)))?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The CSV table written a piece at a time — the matters of one table after another, the
/// catch-all last — so that a large plan's table never has to be held in memory whole
/// (`crate::compile::stream`).
pub struct CsvRows<W: std::io::Write> {
    writer: csv::Writer<W>,
    lang: Lang,
}

impl<W: std::io::Write> CsvRows<W> {
    /// Starts the table with its header row.
    pub fn new(out: W, lang: Lang) -> Result<Self, csv::Error> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(header(lang))?;
        Ok(CsvRows { writer, lang })
    }

    /// The rows of every matter of `table`.
    pub fn matters(&mut self, table: &Table) -> Result<(), csv::Error> {
        for matter in &table.matters {
            let section = matter.section.as_ref().map(|s| s.id.as_str()).unwrap_or("");
            let wording = matter.wording.as_deref().unwrap_or("");
            for row in &matter.rows {
                self.writer.write_record(record(
                    section,
                    &matter.name,
                    wording,
                    &row.condition,
                    &row.decision,
                    self.lang,
                ))?;
            }
        }
        Ok(())
    }

    /// The row of the catch-all for unlisted matters, if `table` has one.
    pub fn unlisted(&mut self, table: &Table) -> Result<(), csv::Error> {
        if let Some(unlisted) = &table.unlisted {
            let any = describe::every_case();
            let name = unlisted_name(self.lang);
            self.writer.write_record(record(
                table.unlisted_section_id(),
                name,
                "",
                any.get(self.lang),
                unlisted,
                self.lang,
            ))?;
        }
        Ok(())
    }

    /// One piece from `compile::stream`: a part's matters (`Some` tables), or at the end
    /// the declarations (`None`), whose catch-all is the last row.
    pub fn piece(
        &mut self,
        plan: &crate::ir::Plan,
        tables: Option<&[crate::check::MatterTable]>,
    ) -> Result<(), csv::Error> {
        let table = super::table(plan, tables.unwrap_or(&[]), self.lang);
        match tables {
            Some(_) => self.matters(&table),
            None => self.unlisted(&table),
        }
    }

    pub fn finish(self) -> Result<W, csv::Error> {
        self.writer.into_inner().map_err(|e| e.into_error().into())
    }
}

fn record(section: &str, matter: &str, wording: &str, condition: &str, decision: &Decision, lang: Lang) -> Vec<String> {
    cells(section, matter, wording, condition, decision, lang)
        .into_iter()
        .map(|f| inert(&f))
        .collect()
}

/// One row of the flat table, cell by cell, in the order of [`header`].
pub fn cells(
    section: &str,
    matter: &str,
    wording: &str,
    condition: &str,
    decision: &Decision,
    lang: Lang,
) -> [String; 9] {
    [
        section.to_string(),
        matter.to_string(),
        wording.to_string(),
        condition.to_string(),
        // A case left open says so where a reader looks for the level, not a blank
        // cell; the reason stands in its own column.
        match decision.tbd {
            Some(_) => describe::tbd().get(lang).to_string(),
            None => decision.power_text(lang),
        },
        match decision.tbd {
            Some(_) => describe::tbd().get(lang).to_string(),
            None => spending_text(decision, lang),
        },
        mark_text(decision, lang),
        decision.tbd.clone().unwrap_or_default(),
        citations_text(decision),
    ]
}

/// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and some
/// skip a leading tab or carriage return first). A plan's text is data, never a formula:
/// such a cell is written with a leading `'`.
fn inert(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_written_as_text() {
        assert_eq!(inert("=1+1"), "'=1+1");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("\t=1"), "'\t=1");
        assert_eq!(inert("自治区"), "自治区");
    }
}
