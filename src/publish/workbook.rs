//! The decision table as an Excel workbook (rust_xlsxwriter), for the offices that live in
//! Excel: a sheet for the table, one for the findings, and one for the source: its
//! coverage paragraph by paragraph when the source text is given, else the citations the
//! table rests on. Chinese text, a frozen header row, an auto-filter, and columns as wide as
//! their text; the table's sheet opens with the plan's title and 文号 (a sheet printed or
//! passed on says which plan it is). Every cell is written as a string: a plan's text that
//! starts with `=` is data, never a formula.
//!
//! Excel's limits — 32,767 characters in a cell, 1,048,576 rows in a sheet — are checked on
//! every sheet before the workbook is made ([`Trouble::Limit`]), so that the drafter is
//! told which cell, in their language, and nothing is built or written.

use std::io::{Cursor, Seek, Write};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::compile::Parts;
use crate::coverage::Coverage;
use crate::describe;
use crate::emit::{Table, cells, chain_cells, chain_rows, unlisted_name};
use crate::ir::Plan;
use crate::render::JsonDiagnostic;
use crate::text::{Lang, Text};
use crate::tr;

/// The most characters Excel holds in a cell, counted as Excel counts them (UTF-16 code
/// units: a character outside the Basic Multilingual Plane counts twice).
pub const MAX_CELL_CHARACTERS: usize = 32_767;

/// The most rows of an Excel sheet, its title and header rows included.
pub const MAX_SHEET_ROWS: usize = 1_048_576;

/// The table sheet's first row: the plan's title, and its 文号 in brackets.
fn title_row(document: &crate::emit::Document, lang: Lang) -> String {
    match &document.number {
        Some(number) => format!("{}{}", document.title, lang.bracketed(number)),
        None => document.title.clone(),
    }
}

/// Why no workbook was made.
#[derive(Debug)]
pub enum Trouble {
    /// The plan's content does not fit one of Excel's limits: where, in words.
    Limit(Text),
    /// rust_xlsxwriter failed for another reason.
    Xlsx(XlsxError),
}

impl From<XlsxError> for Trouble {
    fn from(error: XlsxError) -> Self {
        Trouble::Xlsx(error)
    }
}

/// Columns are at most this wide (in characters of Latin width); longer text wraps.
const MAX_WIDTH: usize = 60;

struct Words {
    table: &'static str,
    /// The first sheet's columns, in words a reader of the sheet reads (CSV keeps its
    /// column keys, `tbd_reason`, for systems).
    table_header: [&'static str; 9],
    /// The plan column of a chained table.
    document: &'static str,
    /// The one row of a findings sheet without findings: a blank sheet would leave the
    /// reader wondering whether the check ran.
    no_findings: &'static str,
    findings: &'static str,
    citations: &'static str,
    findings_header: [&'static str; 7],
    citations_header: [&'static str; 5],
    coverage: &'static str,
    coverage_header: [&'static str; 7],
}

/// The columns that say which row a cell is on, when a limit is passed: for the table and
/// the citations the matter and the condition, for the findings the code, file and line,
/// for the coverage the paragraph and line. Indices into the one-plan headers; a chained
/// sheet has the 文号 column before them.
const TABLE_KEYS: [usize; 2] = [1, 3];
const CITATION_KEYS: [usize; 2] = [2, 3];
const FINDING_KEYS: [usize; 3] = [0, 2, 3];
const COVERAGE_KEYS: [usize; 2] = [0, 1];

const ZH: Words = Words {
    table: "决策表",
    table_header: crate::emit::ZH_HEADER,
    document: "文号",
    no_findings: "没有错误，没有警告",
    findings: "诊断",
    citations: "出处",
    findings_header: ["代码", "级别", "文件", "行", "列", "说明", "附注"],
    citations_header: ["段落", "原文", "事项", "条件", "标签"],
    coverage: "出处覆盖",
    coverage_header: [
        "段落",
        "行",
        "句子",
        "已被条款引用",
        "引用它的事项",
        "说明",
        "未被引用的列举项",
    ],
};

const EN: Words = Words {
    table: "Decision table",
    table_header: [
        "Section",
        "Matter",
        "Wording",
        "Condition",
        "Fiscal power",
        "Spending",
        "Mark",
        "Why to be determined",
        "Citation",
    ],
    document: "Document",
    no_findings: "no errors, no warnings",
    findings: "Findings",
    citations: "Citations",
    findings_header: ["Code", "Severity", "File", "Line", "Column", "Message", "Notes"],
    citations_header: ["Paragraph", "Quote", "Matter", "Condition", "Label"],
    coverage: "Source coverage",
    coverage_header: [
        "Paragraph",
        "Line",
        "Sentence",
        "Cited",
        "Cited by",
        "Explanation",
        "List items not cited",
    ],
};

/// The workbook's bytes, for a checked plan: its declarations (or the whole plan) and its
/// matters with their tables, part by part. The table and the citations are made matter by
/// matter each time they are read (four times: measured against Excel's limits, then
/// written), and with the feature `xlsx-temporary-files` (the command's) the worksheets
/// hold one row at a time (rust_xlsxwriter's constant memory mode, through temporary
/// files): neither the plan, nor the table of the whole plan, nor its cells need be held
/// (issue 14).
pub fn to_xlsx(
    declarations: &Plan,
    parts: &dyn Parts,
    findings: &[JsonDiagnostic],
    coverage: Option<&Coverage>,
    lang: Lang,
) -> Result<Vec<u8>, Trouble> {
    let mut bytes = Cursor::new(Vec::new());
    write_xlsx(&mut bytes, declarations, parts, findings, coverage, lang)?;
    Ok(bytes.into_inner())
}

/// [`to_xlsx`] written to `out` (the CLI's output file) rather than held: the workbook's
/// bytes, about the size of the plan, are not kept in memory beside it. Nothing is written
/// when a sheet passes Excel's limits.
pub fn write_xlsx<W: Write + Seek + Send>(
    out: W,
    declarations: &Plan,
    parts: &dyn Parts,
    findings: &[JsonDiagnostic],
    coverage: Option<&Coverage>,
    lang: Lang,
) -> Result<(), Trouble> {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    // Each matter's rows, then the catch-all's, as a row of the table and the rows of
    // its citations.
    let each_row = |visit: &mut dyn FnMut(Vec<String>, Vec<Vec<String>>)| {
        parts.each(&mut |plan, tables| {
            for one in tables.unwrap_or_default() {
                let table = crate::emit::table(plan, std::slice::from_ref(one), lang);
                for matter in &table.matters {
                    let section = matter.section.as_ref().map(|s| s.id.clone()).unwrap_or_default();
                    let wording = matter.wording.as_deref().unwrap_or("");
                    for row in &matter.rows {
                        let decision = &row.decision;
                        visit(
                            cells(&section, &matter.name, wording, &row.condition, decision, lang).to_vec(),
                            citation_rows(decision, &matter.name, &row.condition),
                        );
                    }
                }
            }
        });
        let table = crate::emit::table(declarations, &[], lang);
        if let Some(unlisted) = &table.unlisted {
            let (name, any) = (unlisted_name(lang), describe::every_case());
            visit(
                cells(table.unlisted_section_id(), name, "", any.get(lang), unlisted, lang).to_vec(),
                citation_rows(unlisted, name, any.get(lang)),
            );
        }
    };
    let rows = |emit: &mut dyn FnMut(&[String])| each_row(&mut |row, _| emit(&row));
    let citations = |emit: &mut dyn FnMut(&[String])| {
        each_row(&mut |_, citations| citations.iter().for_each(|citation| emit(citation)));
    };
    let title = title_row(&crate::emit::table(declarations, &[], lang).document, lang);
    finish(
        out,
        (&title, &words.table_header, &rows, &TABLE_KEYS),
        findings,
        coverage,
        (&words.citations_header, &citations, &CITATION_KEYS),
        lang,
    )
}

/// The citations sheet's rows for one row of the table: each rule that decides it, with
/// the matter and the condition (the catch-all's rule has no label).
fn citation_rows(decision: &crate::emit::Decision, matter: &str, condition: &str) -> Vec<Vec<String>> {
    decision
        .rules
        .iter()
        .map(|rule| {
            vec![
                rule.paragraph.clone(),
                rule.quote.clone().unwrap_or_default(),
                matter.to_string(),
                condition.to_string(),
                rule.label.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

/// The workbook of a chained table (`tables` top first, the plan itself last): the first
/// sheet holds the rows of [`crate::emit::chain_rows`], each with the plan it comes from
/// (文号), as the chained CSV has them; the citations sheet names the plan of each
/// citation too, since paragraph numbers repeat from plan to plan. `findings` are those
/// of every plan of the chain (each names its file).
pub fn write_chain_xlsx<W: Write + Seek + Send>(
    out: W,
    tables: &[Table],
    findings: &[JsonDiagnostic],
    lang: Lang,
) -> Result<(), Trouble> {
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
    let mut table_header = vec![words.document];
    table_header.extend(words.table_header);
    let mut citations_header = vec![words.document];
    citations_header.extend(words.citations_header);
    // The 文号 column first, then the one-plan columns: the keys name the 文号 too.
    let (table_keys, citation_keys) = ([0, 2, 4], [0, 3, 4]);
    // The plan itself (the last of the chain) names the sheet; its rows name the plans
    // they come from.
    let title = tables.last().map(|t| title_row(&t.document, lang)).unwrap_or_default();
    finish(
        out,
        (&title, &table_header, &held(&rows), &table_keys),
        findings,
        None,
        (&citations_header, &held(&citations), &citation_keys),
        lang,
    )
}

/// A sheet's rows, given one by one to the function passed, as often as they are read.
trait RowSource: Fn(&mut dyn FnMut(&[String])) {}

impl<F: Fn(&mut dyn FnMut(&[String]))> RowSource for F {}

type Rows<'a> = &'a dyn Fn(&mut dyn FnMut(&[String]));

/// The rows of `rows`, which are held already (findings, coverage, a chained table).
fn held(rows: &[Vec<String>]) -> impl RowSource + '_ {
    move |emit: &mut dyn FnMut(&[String])| rows.iter().for_each(|row| emit(row))
}

/// One sheet's content: its name, title row (the table's), header, rows, and the columns
/// that name a row.
struct Sheet<'a> {
    name: &'a str,
    title: Option<&'a str>,
    header: &'a [&'a str],
    rows: Rows<'a>,
    keys: &'a [usize],
}

/// The sheets after the first are the same for one plan and for a chain: the findings,
/// the citations, and with the source its coverage. Every sheet is checked against
/// Excel's limits before the workbook is made.
fn finish<W: Write + Seek + Send>(
    out: W,
    table: (&str, &[&str], Rows<'_>, &[usize]),
    findings: &[JsonDiagnostic],
    coverage: Option<&Coverage>,
    citations: (&[&str], Rows<'_>, &[usize]),
    lang: Lang,
) -> Result<(), Trouble> {
    let words = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    // The findings and the coverage are made into rows one at a time, as the sheet is
    // written: held as rows too, a plan whose 6,000 citations all dangle took 4.6 times
    // the file instead of 4 (tests/memory.rs).
    let finding_rows = move |emit: &mut dyn FnMut(&[String])| {
        for f in findings {
            emit(&finding_row(f));
        }
        if findings.is_empty() {
            emit(&[
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                words.no_findings.to_string(),
            ]);
        }
    };
    let held_coverage =
        coverage.map(|coverage| move |emit: &mut dyn FnMut(&[String])| each_coverage_row(coverage, lang, emit));
    // The citations always; with the source, its coverage after them (before, the
    // coverage took the citations' place, and the rules' quotations were lost).
    let mut sheets = vec![
        Sheet {
            name: words.table,
            title: Some(table.0),
            header: table.1,
            rows: table.2,
            keys: table.3,
        },
        Sheet {
            name: words.findings,
            title: None,
            header: &words.findings_header,
            rows: &finding_rows,
            keys: &FINDING_KEYS,
        },
        Sheet {
            name: words.citations,
            title: None,
            header: citations.0,
            rows: citations.1,
            keys: citations.2,
        },
    ];
    if let Some(rows) = &held_coverage {
        sheets.push(Sheet {
            name: words.coverage,
            title: None,
            header: &words.coverage_header,
            rows,
            keys: &COVERAGE_KEYS,
        });
    }
    if let Some(limit) = beyond_limits(&sheets) {
        return Err(Trouble::Limit(limit));
    }
    let mut workbook = Workbook::new();
    // A fixed creation time, as reproducible builds use (1980-01-01, the ZIP epoch): with
    // the clock's, the same plan gave a different file every second.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    for content in &sheets {
        sheet(new_sheet(&mut workbook)?, content)?;
    }
    Ok(workbook.save_to_writer(out)?)
}

/// A sheet written a row at a time through a temporary file (the command's choice: the
/// feature `xlsx-temporary-files`), so that a large plan's rows are never held.
#[cfg(feature = "xlsx-temporary-files")]
fn new_sheet(workbook: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    workbook.add_worksheet_with_constant_memory()
}

/// A sheet held in memory until the workbook is written: a library that does no IO.
#[cfg(not(feature = "xlsx-temporary-files"))]
fn new_sheet(workbook: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    Ok(workbook.add_worksheet())
}

/// The first place where the sheets pass one of Excel's limits, in words: the sheet, the
/// row (as Excel numbers it, the title and header rows first) and what is on it, the
/// column; and how many more cells are too long. `None` when everything fits.
fn beyond_limits(sheets: &[Sheet<'_>]) -> Option<Text> {
    for content in sheets {
        // The first row that does not fit: the one after Excel's last, counting the rows
        // above the data.
        let above = content.rows_above();
        let mut count = 0usize;
        let mut first = None;
        (content.rows)(&mut |row| {
            count += 1;
            if count + above == MAX_SHEET_ROWS + 1 {
                first = Some(which_row(content, row));
            }
        });
        let rows = count.saturating_add(above);
        if rows > MAX_SHEET_ROWS {
            let (sheet, beyond) = (content.name, MAX_SHEET_ROWS + 1);
            let which = first.unwrap_or_else(|| Text::new("", ""));
            return Some(tr!(
                "工作表「{sheet}」有 {rows} 行（含表头），Excel 一张工作表最多 {MAX_SHEET_ROWS} 行：从第 {beyond} 行（{which}）起放不下",
                "sheet `{sheet}` has {rows} rows (the header included), and an Excel sheet holds at most {MAX_SHEET_ROWS}: from row {beyond} ({which}) on they do not fit";
                which
            ));
        }
    }
    let mut first = None;
    let mut more = 0usize;
    for content in sheets {
        let mut index = 0usize;
        (content.rows)(&mut |row| {
            for (column, text) in row.iter().enumerate() {
                // A UTF-8 string has at least as many bytes as UTF-16 units: most cells
                // are settled without counting.
                if text.len() <= MAX_CELL_CHARACTERS {
                    continue;
                }
                let characters = text.encode_utf16().count();
                if characters <= MAX_CELL_CHARACTERS {
                    continue;
                }
                if first.is_some() {
                    more += 1;
                    continue;
                }
                let (sheet, number) = (content.name, index.saturating_add(content.rows_above() + 1));
                let title = content.header.get(column).copied().unwrap_or_default();
                let which = which_row(content, row);
                first = Some(tr!(
                    "工作表「{sheet}」第 {number} 行（{which}）的「{title}」列有 {characters} 个字符，Excel 一个单元格最多 {MAX_CELL_CHARACTERS} 个",
                    "the `{title}` cell of row {number} of sheet `{sheet}` ({which}) holds {characters} characters, and an Excel cell holds at most {MAX_CELL_CHARACTERS}";
                    which
                ));
            }
            index += 1;
        });
    }
    let first = first?;
    Some(match more {
        0 => first,
        more => Text::new(
            format!("{}；另有 {more} 个单元格也超出", first.zh),
            format!("{}; {more} more cells are too long too", first.en),
        ),
    })
}

impl Sheet<'_> {
    /// The rows above the data: the title's, when the sheet has one, and the header.
    fn rows_above(&self) -> usize {
        usize::from(self.title.is_some()) + 1
    }
}

/// What names a row: its key columns, each as `header「value」`, values cut short.
fn which_row(content: &Sheet<'_>, row: &[String]) -> Text {
    const SHOWN: usize = 40;
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for &column in content.keys {
        let (Some(title), Some(value)) = (content.header.get(column), row.get(column)) else {
            continue;
        };
        let mut shown: String = value.chars().take(SHOWN).collect();
        if value.chars().nth(SHOWN).is_some() {
            shown.push('…');
        }
        zh.push(format!("{title}「{shown}」"));
        en.push(format!("{title} `{shown}`"));
    }
    Text::new(zh.join("，"), en.join(", "))
}

/// One finding's row: its code, severity, place, message and notes.
fn finding_row(f: &JsonDiagnostic) -> Vec<String> {
    vec![
        f.code.to_string(),
        f.severity.to_string(),
        f.file.clone().unwrap_or_default(),
        f.start.map(|p| p.line.to_string()).unwrap_or_default(),
        f.start.map(|p| p.column.to_string()).unwrap_or_default(),
        f.message.clone(),
        f.notes.join("\n"),
    ]
}

/// One row per sentence of the source: whether a rule cites it (in part: some items of
/// its list not), or why none needs to.
fn each_coverage_row(coverage: &Coverage, lang: Lang, emit: &mut dyn FnMut(&[String])) {
    let (yes, partly, no) = match lang {
        Lang::Zh => ("是", "部分", "否"),
        Lang::En => ("yes", "partly", "no"),
    };
    for paragraph in &coverage.paragraphs {
        let explanation = paragraph.explanation.as_ref().map(|e| e.text(lang)).unwrap_or_default();
        let citing = crate::names::joined(paragraph.citing(lang).iter().map(String::as_str))
            .get(lang)
            .to_string();
        for sentence in &paragraph.sentences {
            emit(&[
                paragraph.id.clone(),
                paragraph.line.to_string(),
                sentence.text.clone(),
                (match (sentence.covered, sentence.is_covered()) {
                    (_, true) => yes,
                    (true, false) => partly,
                    (false, _) => no,
                })
                .to_string(),
                citing.clone(),
                explanation.clone(),
                sentence
                    .uncovered_items
                    .join(if lang == Lang::Zh { "、" } else { ", " }),
            ]);
        }
    }
}

/// One sheet: the title row when it has one, a bold header row, both frozen, with an
/// auto-filter over the data, and every column as wide as its widest cell (CJK characters
/// count double).
fn sheet(worksheet: &mut Worksheet, content: &Sheet<'_>) -> Result<(), XlsxError> {
    let header = content.header;
    worksheet.set_name(content.name)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let last_column = column_index(header.len().saturating_sub(1));
    let header_row = u32::from(content.title.is_some());
    if let Some(title) = content.title {
        // Across the table's columns, so that a long title is not cut at the first.
        let format = Format::new().set_bold().set_font_size(14);
        worksheet.merge_range(0, 0, 0, last_column, title, &format)?;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for (column, title) in header.iter().enumerate() {
        worksheet.write_string_with_format(header_row, column_index(column), *title, &bold)?;
    }
    // Rows are written in order, as constant memory mode asks; the first failure stops.
    let mut written: Result<u32, XlsxError> = Ok(header_row);
    (content.rows)(&mut |row| {
        let Ok(count) = written else { return };
        written = (|| {
            let row_number = count.checked_add(1).ok_or(XlsxError::RowColumnLimitError)?;
            for (column, text) in row.iter().enumerate() {
                worksheet.write_string_with_format(row_number, column_index(column), text, &wrap)?;
                if let Some(width) = widths.get_mut(column) {
                    let longest = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
                    *width = (*width).max(longest);
                }
            }
            Ok(row_number)
        })();
    });
    let last_row = written?;
    for (column, width) in widths.iter().enumerate() {
        worksheet.set_column_width(column_index(column), (*width).clamp(4, MAX_WIDTH) as f64 + 2.0)?;
    }
    worksheet.set_freeze_panes(header_row + 1, 0)?;
    // Printed on A4 landscape, as wide as one page, the title and header rows on every page.
    worksheet.set_landscape();
    worksheet.set_paper_size(9);
    worksheet.set_print_fit_to_pages(1, 0);
    worksheet.set_repeat_rows(0, header_row)?;
    worksheet.autofilter(header_row, 0, last_row, last_column)?;
    Ok(())
}

/// Sheets here have at most ten columns.
fn column_index(column: usize) -> u16 {
    u16::try_from(column).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::{MAX_CELL_CHARACTERS, MAX_SHEET_ROWS, Sheet, TABLE_KEYS, beyond_limits, held};
    use crate::emit::header;
    use crate::text::Lang;

    /// A table sheet past the row limit is refused, naming the first row that does not fit.
    /// (A plan with a million rows takes minutes to check: the bound is tested here, on the
    /// sheet's content, rows without cells but the one named.)
    #[test]
    fn a_sheet_past_the_row_limit_names_its_first_row_that_does_not_fit() {
        let header = header(Lang::Zh);
        let mut rows = vec![Vec::new(); MAX_SHEET_ROWS - 1];
        {
            let fits = [Sheet {
                name: "决策表",
                title: None,
                header: &header,
                rows: &held(&rows),
                keys: &TABLE_KEYS,
            }];
            assert_eq!(beyond_limits(&fits), None);
        }
        let row = ["", "m9", "", "范围 = 盟市"].map(String::from).to_vec();
        rows.push(row);
        let past = [Sheet {
            name: "决策表",
            title: None,
            header: &header,
            rows: &held(&rows),
            keys: &TABLE_KEYS,
        }];
        let said = beyond_limits(&past).expect("refused");
        assert_eq!(
            said.zh,
            "工作表「决策表」有 1048577 行（含表头），Excel 一张工作表最多 1048576 行：从第 1048577 行（事项「m9」，条件「范围 = 盟市」）起放不下"
        );
        // The columns are named as the sheet names them: here in Chinese.
        assert!(
            said.en
                .ends_with("from row 1048577 (事项 `m9`, 条件 `范围 = 盟市`) on they do not fit"),
            "{}",
            said.en
        );
    }

    /// The table's sheet has its title row above the header: one row fewer fits, and rows
    /// are numbered as Excel shows them, below both.
    #[test]
    fn the_title_row_counts_in_the_limits_and_in_the_row_numbers() {
        let header = header(Lang::Zh);
        let mut rows = vec![Vec::new(); MAX_SHEET_ROWS - 2];
        let sheet = |rows: &[Vec<String>]| {
            beyond_limits(&[Sheet {
                name: "决策表",
                title: Some("方案"),
                header: &header,
                rows: &held(rows),
                keys: &TABLE_KEYS,
            }])
        };
        assert_eq!(sheet(&rows), None);
        rows.push(["", "m9"].map(String::from).to_vec());
        let said = sheet(&rows).expect("refused");
        assert!(
            said.zh.starts_with("工作表「决策表」有 1048577 行（含表头）"),
            "{}",
            said.zh
        );
        assert!(
            said.zh.ends_with("从第 1048577 行（事项「m9」）起放不下"),
            "{}",
            said.zh
        );

        let long = "x".repeat(MAX_CELL_CHARACTERS + 1);
        let rows = vec![vec![String::new(), "a".to_string(), String::new(), long]];
        let said = sheet(&rows).expect("refused");
        assert!(said.zh.starts_with("工作表「决策表」第 3 行（事项「a」"), "{}", said.zh);
    }

    /// The first cell too long is named, the others counted; a long key is cut short.
    #[test]
    fn the_first_cell_too_long_is_named_and_the_others_counted() {
        let header = header(Lang::En);
        let long = "x".repeat(MAX_CELL_CHARACTERS + 1);
        let rows = vec![
            ["", "a", "", "fine"].map(String::from).to_vec(),
            vec![String::new(), "b".repeat(50), String::new(), long.clone(), long.clone()],
            vec![long],
        ];
        let sheets = [Sheet {
            name: "Decision table",
            title: None,
            header: &header,
            rows: &held(&rows),
            keys: &TABLE_KEYS,
        }];
        let said = beyond_limits(&sheets).expect("refused");
        let matter = format!("{}…", "b".repeat(40));
        assert!(
            said.en.starts_with(&format!(
                "the `condition` cell of row 3 of sheet `Decision table` (matter `{matter}`, condition `xxxx"
            )),
            "{}",
            said.en
        );
        assert!(said.en.ends_with("; 2 more cells are too long too"), "{}", said.en);
        assert!(said.zh.ends_with("；另有 2 个单元格也超出"), "{}", said.zh);
    }
}
