//! `quanze table --format xlsx`: the workbook read back (calamine) holds the same table as
//! the JSON output, cell by cell; a plan's text that looks like a formula stays text.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");

fn quanze(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("quanze")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs")
}

fn cells(workbook: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Vec<String>> {
    let range = workbook.worksheet_range(sheet).expect("sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(text) => text.clone(),
                    Data::Empty => String::new(),
                    other => panic!("a cell that is not text: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// The table's sheet: its title row (the plan's title and 文号, one cell across the
/// columns), and the rows below it, header first.
fn titled(workbook: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> (String, Vec<Vec<String>>) {
    let mut rows = cells(workbook, sheet);
    let title = rows.remove(0);
    assert!(title[1..].iter().all(String::is_empty), "one cell: {title:?}");
    (title[0].clone(), rows)
}

#[test]
fn the_workbook_holds_the_json_table_cell_by_cell() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("表.xlsx");
    let shown = path.display().to_string();
    let output = quanze(&["table", PLAN, "--format", "xlsx", "-o", &shown]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&quanze(&["table", PLAN, "--format", "json"]).stdout).expect("json");

    let mut workbook: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["决策表", "诊断", "出处"]);
    let (title, table) = titled(&mut workbook, "决策表");
    assert_eq!(
        title,
        "内蒙古自治区知识产权领域自治区与盟市财政事权和支出责任划分改革实施方案（内政办发〔2024〕48号）"
    );
    assert_eq!(
        table[0],
        [
            "章节",
            "事项",
            "原文表述",
            "条件",
            "财政事权",
            "支出责任",
            "方式",
            "待定理由",
            "出处"
        ]
    );
    let mut expected: Vec<(String, String, String, String)> = Vec::new();
    for matter in json["matters"].as_array().expect("matters") {
        for row in matter["rows"].as_array().expect("rows") {
            expected.push((
                matter["name"].as_str().unwrap_or("").to_string(),
                row["condition"].as_str().unwrap_or("").to_string(),
                row["power"][0].as_str().unwrap_or("").to_string(),
                row["spending"][0]["level"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    let found: Vec<(String, String, String, String)> = table[1..]
        .iter()
        .filter(|row| row[1] != "未列事项")
        .map(|row| {
            (
                row[1].clone(),
                row[3].clone(),
                row[4].clone(),
                row[5].split(' ').next().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(table.last().expect("rows")[1], "未列事项");
    // The catch-all's row carries the section it is written in, as the JSON says.
    assert_eq!(json["unlisted_section"]["id"], "一(七)");
    assert_eq!(table.last().expect("rows")[0], "一(七)");
    // A case left open reads 待定 where a reader looks for the level (before, two blank
    // cells that read like a row someone forgot to fill).
    assert_eq!(table.last().expect("rows")[4], "待定");
    assert_eq!(table.last().expect("rows")[5], "待定");

    let citations = cells(&mut workbook, "出处");
    assert!(
        citations
            .iter()
            .any(|row| row[0] == "一(四)2" && row[2] == "执法与重大案件查办")
    );
    let findings = cells(&mut workbook, "诊断");
    // The real plan has no findings: the header, and a row that says so (before, the
    // header alone, and a reader could not tell a clean check from none).
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(findings[1][5], "没有错误，没有警告");
}

#[test]
fn text_that_looks_like_a_formula_is_written_as_text() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 “=HYPERLINK(\"http://x\")” { 文号 \"@1\" }\n层级 甲 > 乙\n事项 m \"=1+1\" => 甲 § \"+1\" \"-2\"\n",
    )
    .expect("write");
    let out = folder.path().join("out.xlsx");
    let (plan, out) = (plan.display().to_string(), out.display().to_string());
    let output = quanze(&["table", &plan, "--format", "xlsx", "-o", &out]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut workbook: Xlsx<_> = open_workbook(&out).expect("a workbook");
    let (_, table) = titled(&mut workbook, "决策表");
    assert_eq!(table[1][2], "=1+1");
    let formulas = workbook.worksheet_formula("决策表").expect("formulas");
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere");

    let csv = quanze(&["table", &plan, "--format", "csv"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(text.contains(",'=1+1,"), "{text}");
}

#[test]
fn xlsx_needs_an_output_file() {
    let output = quanze(&["table", PLAN, "--format", "xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn with_the_source_its_coverage_follows_the_citations() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("table.xlsx").display().to_string();
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/sources/nmg-ip-2024-48.txt");
    let output = quanze(&["table", PLAN, "--format", "xlsx", "--source", source, "-o", &path]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("a workbook");
    // The citations stay, with the rules' quotations (before, the coverage replaced them).
    assert_eq!(workbook.sheet_names(), ["决策表", "诊断", "出处", "出处覆盖"]);
    let citations = cells(&mut workbook, "出处");
    assert!(citations.iter().any(|row| row[0] == "一(四)2" && !row[1].is_empty()));
    let coverage = cells(&mut workbook, "出处覆盖");
    assert_eq!(
        coverage[0],
        [
            "段落",
            "行",
            "句子",
            "已被条款引用",
            "引用它的事项",
            "说明",
            "未被引用的列举项"
        ]
    );
    // Every sentence of the body is cited, or explained; every list item too.
    for row in &coverage[1..] {
        assert!(row[3] == "是" || !row[5].is_empty(), "{row:?}");
        assert!(row[6].is_empty(), "{row:?}");
    }
    assert!(coverage.iter().any(|row| row[0] == "二2" && row[5] == "施行日期"));
    // The catch-all cites 一(七)3 and is named among the matters citing it, as in
    // `quanze coverage`.
    assert!(
        coverage.iter().any(|row| row[0] == "一(七)3" && row[4] == "未列事项"),
        "{coverage:?}"
    );
}

#[test]
fn the_chained_workbook_holds_the_chained_csv_and_names_the_plan_of_each_citation() {
    let league = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-league-sample.qz");
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("链.xlsx").display().to_string();
    // The format comes from the extension: no `--format`.
    let output = quanze(&["table", league, "--chain", "-o", &path]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = quanze(&["table", league, "--chain", "--format", "csv"]);
    let expected: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.stdout.as_slice())
        .records()
        .map(|record| record.expect("a record").iter().map(str::to_string).collect())
        .collect();

    let mut workbook: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["决策表", "诊断", "出处"]);
    let (title, table) = titled(&mut workbook, "决策表");
    assert_eq!(
        title,
        "某盟市知识产权领域盟市与旗县（市、区）财政事权和支出责任划分方案（示例）（示例〔2025〕1号）"
    );
    assert_eq!(table[0][0], "文号");
    assert_eq!(table, expected, "the first sheet is the chained CSV, cell by cell");
    for plan in ["国办发〔2023〕48号", "内政办发〔2024〕48号", "示例〔2025〕1号"] {
        assert!(table.iter().any(|row| row[0] == plan), "{plan}");
    }

    let citations = cells(&mut workbook, "出处");
    assert_eq!(citations[0], ["文号", "段落", "原文", "事项", "条件", "标签"]);
    assert!(citations.iter().any(|row| row[0] == "国办发〔2023〕48号"));
    assert!(
        citations
            .iter()
            .any(|row| row[0] == "示例〔2025〕1号" && row[3] == "专利导航")
    );
    let findings = cells(&mut workbook, "诊断");
    assert_eq!(
        findings.len(),
        2,
        "the three plans check clean: the header and the row saying so"
    );
}

/// A plan whose rule for 全区 quotes `quote`.
fn plan_quoting(quote: &str) -> String {
    format!(
        "文件 \"P\" {{ 文号 \"P-1\" 印发 2024-01-01 }}\n层级 甲 > 乙\n维度 范围 {{ 全区, 盟市 }}\n事项 m1 \"事项一\" 按 范围 {{\n  全区 => 甲 § \"一(1)\" \"{quote}\"\n  盟市 => 乙 § \"一(2)\"\n}}\n"
    )
}

/// A quotation longer than an Excel cell holds (32,767 characters, as Excel counts them)
/// failed at export, in English, with no place (`Excel string length exceeds...`, exit 2).
/// Now it is E0033 before anything is built, naming the sheet, row, matter, condition and
/// column in the drafter's language (exit 1); the old output is kept, nothing is left.
#[test]
fn a_quotation_too_long_for_a_cell_is_e0041_with_its_place_and_nothing_is_written() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    let out = folder.path().join("out.xlsx");
    let (plan_shown, out_shown) = (plan.display().to_string(), out.display().to_string());
    // 32,768 characters, and 16,384 characters outside the BMP (two units each): too long.
    for quote in ["长".repeat(32_768), "𠀀".repeat(16_384)] {
        std::fs::write(&plan, plan_quoting(&quote)).expect("write");
        std::fs::write(&out, "the old workbook").expect("write");
        for (lang, said) in [
            (
                "zh",
                "error[E0033]: 工作表「出处」第 2 行（事项「m1」，条件「范围 = 全区」）的「原文」列有 32768 个字符，Excel 一个单元格最多 32767 个",
            ),
            (
                "en",
                "error[E0033]: the `Quote` cell of row 2 of sheet `Citations` (Matter `m1`, Condition `范围 = 全区`) holds 32768 characters, and an Excel cell holds at most 32767",
            ),
        ] {
            let output = quanze(&["--lang", lang, "table", &plan_shown, "-o", &out_shown]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains(said), "{stderr}");
            assert_eq!(std::fs::read(&out).expect("out"), b"the old workbook");
            let names: Vec<_> = std::fs::read_dir(folder.path())
                .expect("list")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(names.len(), 2, "{names:?}");
        }
    }
    // Exactly as long as a cell holds: written, and read back whole.
    std::fs::write(&plan, plan_quoting(&"长".repeat(32_767))).expect("write");
    let output = quanze(&["table", &plan_shown, "-o", &out_shown]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut workbook: Xlsx<_> = open_workbook(&out).expect("a workbook");
    assert_eq!(cells(&mut workbook, "出处")[1][1].chars().count(), 32_767);
}

/// An English workbook's columns are in words (before, the CSV keys such as `tbd_reason`),
/// and every sheet prints on A4 landscape, one page wide, its header row on every page.
#[test]
fn an_english_workbook_speaks_words_and_prints_on_a4_landscape() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("out.xlsx");
    let out_shown = out.display().to_string();
    let output = quanze(&["--lang", "en", "table", PLAN, "--format", "xlsx", "-o", &out_shown]);
    assert_eq!(output.status.code(), Some(0));
    let mut workbook: Xlsx<_> = open_workbook(&out).expect("a workbook");
    let (title, table) = titled(&mut workbook, "Decision table");
    assert!(title.ends_with("(内政办发〔2024〕48号)"), "{title}");
    assert_eq!(
        table[0],
        [
            "Section",
            "Matter",
            "Wording",
            "Condition",
            "Fiscal power",
            "Spending",
            "Mark",
            "Why to be determined",
            "Citation"
        ]
    );
    let findings = cells(&mut workbook, "Findings");
    assert_eq!(findings[1][5], "no errors, no warnings");
    // The print setup, as Excel stores it in each sheet's XML.
    let file = std::fs::File::open(&out).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    for index in 1..=3 {
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("xl/worksheets/sheet{index}.xml")).expect("sheet"),
            &mut xml,
        )
        .expect("read");
        assert!(xml.contains(r#"orientation="landscape""#), "sheet {index}: {xml}");
        assert!(xml.contains(r#"paperSize="9""#), "sheet {index}");
        assert!(xml.contains(r#"fitToHeight="0""#), "sheet {index}");
    }
    let mut names = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").expect("workbook"), &mut names).expect("read");
    assert_eq!(names.matches("_xlnm.Print_Titles").count(), 3, "{names}");
    // The table's sheet repeats its title and header rows on every printed page.
    assert!(names.contains("'Decision table'!$1:$2"), "{names}");
}
