//! The decision table as an Excel workbook (rust_xlsxwriter), for the offices that live in
//! Excel: a sheet for the table, one for the findings, and one for the source: its
//! coverage paragraph by paragraph when the source text is given, else the citations the
//! table rests on. Chinese text, a frozen header row, an auto-filter, and columns as wide as
//! their text. Every cell is written as a string: a plan's text that starts with `=` is
//! data, never a formula.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::coverage::Coverage;
use crate::describe;
use crate::emit::{Table, cells, chain_cells, chain_header, chain_rows, header, unlisted_name};
use crate::report::JsonDiagnostic;
use crate::text::Lang;

/// Columns are at most this wide (in characters of Latin width); longer text wraps.
const MAX_WIDTH: usize = 60;

struct Words {
    table: &'static str,
    findings: &'static str,
    citations: &'static str,
    findings_header: [&'static str; 7],
    citations_header: [&'static str; 5],
    coverage: &'static str,
    coverage_header: [&'static str; 6],
}

const ZH: Words = Words {
    table: "决策表",
    findings: "诊断",
    citations: "出处",
    findings_header: ["代码", "级别", "文件", "行", "列", "说明", "附注"],
    citations_header: ["段落", "原文", "事项", "条件", "标签"],
    coverage: "出处覆盖",
    coverage_header: ["段落", "行", "句子", "已被条款引用", "引用它的事项", "说明"],
};

const EN: Words = Words {
    table: "Decision table",
    findings: "Findings",
    citations: "Citations",
    findings_header: ["code", "severity", "file", "line", "column", "message", "notes"],
    citations_header: ["paragraph", "quote", "matter", "condition", "label"],
    coverage: "Source coverage",
    coverage_header: ["paragraph", "line", "sentence", "cited", "cited by", "explanation"],
};

/// The workbook's bytes.
pub fn to_xlsx(
    table: &Table,
    findings: &[JsonDiagnostic],
    coverage: Option<&Coverage>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };

    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut citations: Vec<Vec<String>> = Vec::new();
    for matter in &table.matters {
        let section = matter.section.as_ref().map(|s| s.id.clone()).unwrap_or_default();
        for row in &matter.rows {
            let decision = &row.decision;
            let wording = matter.wording.as_deref().unwrap_or("");
            rows.push(cells(&section, &matter.name, wording, &row.condition, decision, lang).to_vec());
            for rule in &decision.rules {
                citations.push(vec![
                    rule.paragraph.clone(),
                    rule.quote.clone().unwrap_or_default(),
                    matter.name.clone(),
                    row.condition.clone(),
                    rule.label.clone().unwrap_or_default(),
                ]);
            }
        }
    }
    if let Some(unlisted) = &table.unlisted {
        let (name, any) = (unlisted_name(lang), describe::every_case());
        rows.push(cells("", name, "", any.get(lang), unlisted, lang).to_vec());
        for rule in &unlisted.rules {
            citations.push(vec![
                rule.paragraph.clone(),
                rule.quote.clone().unwrap_or_default(),
                name.to_string(),
                any.get(lang).to_string(),
                String::new(),
            ]);
        }
    }
    finish(
        (&header(lang), &rows),
        findings,
        coverage,
        (&words.citations_header, &citations),
        lang,
    )
}

/// The workbook of a chained table (`tables` top first, the plan itself last): the first
/// sheet holds the rows of [`crate::emit::chain_rows`], each with the plan it comes from
/// (文号), as the chained CSV has them; the citations sheet names the plan of each
/// citation too, since paragraph numbers repeat from plan to plan. `findings` are those
/// of every plan of the chain (each names its file).
pub fn chain_to_xlsx(tables: &[Table], findings: &[JsonDiagnostic], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let mut rows = Vec::new();
    let mut citations = Vec::new();
    for row in chain_rows(tables, lang) {
        rows.push(chain_cells(&row, lang));
        for rule in &row.decision.rules {
            citations.push(vec![
                row.document.clone(),
                rule.paragraph.clone(),
                rule.quote.clone().unwrap_or_default(),
                row.matter.to_string(),
                row.condition.clone(),
                rule.label.clone().unwrap_or_default(),
            ]);
        }
    }
    let document = chain_header(lang)[0];
    let mut citations_header = vec![document];
    citations_header.extend(words.citations_header);
    finish(
        (&chain_header(lang), &rows),
        findings,
        None,
        (&citations_header, &citations),
        lang,
    )
}

/// The sheets after the first are the same for one plan and for a chain: the findings,
/// then the coverage of the source, or else the citations.
fn finish(
    table: (&[&str], &[Vec<String>]),
    findings: &[JsonDiagnostic],
    coverage: Option<&Coverage>,
    citations: (&[&str], &[Vec<String>]),
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let mut workbook = Workbook::new();
    sheet(workbook.add_worksheet(), words.table, table.0, table.1)?;

    let findings: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                f.code.to_string(),
                f.severity.to_string(),
                f.file.clone().unwrap_or_default(),
                f.start.map(|p| p.line.to_string()).unwrap_or_default(),
                f.start.map(|p| p.column.to_string()).unwrap_or_default(),
                f.message.clone(),
                f.notes.join("\n"),
            ]
        })
        .collect();
    sheet(
        workbook.add_worksheet(),
        words.findings,
        &words.findings_header,
        &findings,
    )?;
    match coverage {
        Some(coverage) => {
            let rows = coverage_rows(coverage, lang);
            sheet(workbook.add_worksheet(), words.coverage, &words.coverage_header, &rows)?;
        }
        None => sheet(workbook.add_worksheet(), words.citations, citations.0, citations.1)?,
    }
    workbook.save_to_buffer()
}

/// One row per sentence of the source: whether a rule cites it, or why none needs to.
fn coverage_rows(coverage: &Coverage, lang: Lang) -> Vec<Vec<String>> {
    let (yes, no) = match lang {
        Lang::Zh => ("是", "否"),
        Lang::En => ("yes", "no"),
    };
    let mut rows = Vec::new();
    for paragraph in &coverage.paragraphs {
        let explanation = paragraph.explanation.as_ref().map(|e| e.text(lang)).unwrap_or_default();
        let citing = paragraph.citing(lang).join("、");
        for sentence in &paragraph.sentences {
            rows.push(vec![
                paragraph.id.clone(),
                paragraph.line.to_string(),
                sentence.text.clone(),
                (if sentence.covered { yes } else { no }).to_string(),
                citing.clone(),
                explanation.clone(),
            ]);
        }
    }
    rows
}

/// One sheet: a bold header row, frozen, with an auto-filter over the data, and every
/// column as wide as its widest cell (CJK characters count double).
fn sheet(worksheet: &mut Worksheet, name: &str, header: &[&str], rows: &[Vec<String>]) -> Result<(), XlsxError> {
    worksheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for (column, title) in header.iter().enumerate() {
        worksheet.write_string_with_format(0, column_index(column), *title, &bold)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let row_number = u32::try_from(index + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (column, text) in row.iter().enumerate() {
            worksheet.write_string_with_format(row_number, column_index(column), text, &wrap)?;
            if let Some(width) = widths.get_mut(column) {
                let longest = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
                *width = (*width).max(longest);
            }
        }
    }
    for (column, width) in widths.iter().enumerate() {
        worksheet.set_column_width(column_index(column), (*width).clamp(4, MAX_WIDTH) as f64 + 2.0)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_column = column_index(header.len().saturating_sub(1));
    worksheet.autofilter(0, 0, last_row, last_column)?;
    Ok(())
}

/// Sheets here have at most ten columns.
fn column_index(column: usize) -> u16 {
    u16::try_from(column).unwrap_or(u16::MAX)
}
