//! `quanze report`: one self-contained HTML file. Every string from the plan is escaped;
//! a plan with errors gets a report of its errors; and in a real headless browser
//! (tests/js/report-check.mjs, Debian's chromium via playwright-core) the real plan's page
//! loads with no console error, its matrix has one row per matter, and the filters and the
//! language switch work. The screenshot goes to the test's target folder.
//!
//! The browser part needs `npm ci --prefix tests/js` and chromium (installed by .ci/run,
//! which sets QUANZE_EXTERNAL_TESTS=require); elsewhere it is skipped with a message.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;
use std::process::Command;

mod common;

const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
const JS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js");

fn report(plan: &str, out: &Path) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_quanze"))
        .args(["report", plan, "-o"])
        .arg(out)
        .status()
        .expect("runs")
        .code()
}

#[test]
fn every_string_from_the_plan_is_escaped_and_nothing_is_fetched() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"<script>alert(1)</script>\" { 文号 \"a&b\" }\n层级 甲 > 乙\n事项 m \"<img src=x onerror=alert(2)>\" => 甲 § \"1\" “</td><b>”\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(0));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(!html.contains("<script>alert"), "unescaped title");
    assert!(!html.contains("<img"), "unescaped wording");
    assert!(!html.contains("</td><b>"), "unescaped quote");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a&amp;b"));
    for outside in ["http://", "https://", "<link", "src=\""] {
        assert!(!html.contains(outside), "the page refers outside itself: {outside}");
    }
    // Links stay inside the page: a matrix row to its matter's table.
    assert_eq!(html.matches("href=\"").count(), html.matches("href=\"#").count());
}

/// The page without what it shows only in Chinese: `<span lang="zh">…</span>`, `<pre
/// lang="zh">…</pre>`, and the switch's label (the other language's name in its script).
fn shown_in_english(html: &str) -> String {
    let mut rest = html;
    let mut shown = String::new();
    let hidden = [
        ("<span lang=\"zh\">", "</span>"),
        ("lang=\"zh\">", "</pre>"),
        ("<button id=\"language\"", "</button>"),
    ];
    while let Some((at, (_, close))) = hidden
        .iter()
        .filter_map(|pair| rest.find(pair.0).map(|at| (at, *pair)))
        .min_by_key(|(at, _)| *at)
    {
        shown.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = after.find(close).map_or("", |end| &after[end + close.len()..]);
    }
    shown.push_str(rest);
    shown
}

/// `report --lang en` of a plan written in English opens in English, and what it shows in
/// English is English throughout: the table's conditions (`any`, not `任意`), the basis
/// joined with `; ` (before, the page opened in Chinese, and conditions stayed Chinese
/// after the switch).
#[test]
fn an_english_report_opens_in_english_and_shows_no_chinese() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "policy \"Sample\" { number \"S-1\" basis \"Act A\", \"Act B\" }\nlevels Central > Local\n\
         dimension scope { national, other }\nmatter enforcement \"IP enforcement\" by scope {\n  \
         national => Central cite \"1.1\"\n  otherwise => tbd \"to be agreed\" cite \"1.2\"\n}\n\
         matter registration \"registration\" {\n  any => power Central spending { Central 60%, Local 40% } transfer cite \"1.3\"\n}\n\
         unlisted => Local cite \"1.4\"\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    let status = Command::new(env!("CARGO_BIN_EXE_quanze"))
        .args(["--lang", "en", "report"])
        .arg(&plan)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(0));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(html.contains(r#"<html lang="en" data-lang="en">"#), "{html}");
    let english = shown_in_english(&html);
    let chinese: Vec<char> = english
        .chars()
        .filter(|c| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{4E00}'..='\u{9FFF}'))
        .collect();
    assert!(chinese.is_empty(), "Chinese shown in English: {chinese:?}\n{english}");
    assert!(english.contains("Act A; Act B"), "{english}");
    assert!(english.contains(">any<") || english.contains("any"), "{english}");
    // The Chinese page still has its Chinese conditions, to switch to.
    assert!(html.contains("<span lang=\"zh\">任意</span>"), "{html}");
    // By default the page opens in Chinese.
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(0));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(html.contains(r#"<html lang="zh-CN" data-lang="zh">"#));
}

/// The matrix says which cases are each level's, in the plan's words: a level with one
/// part in every case gets no condition; else each part names its cases, three at most
/// and then how many more, linked to the matter's table (before, every such cell read
/// "部分情形").
#[test]
fn each_level_s_cell_names_its_cases() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"例\" { }\n层级 甲 > 乙\n维度 范围 { 全区性, 一, 二, 三, 四 }\n\
         事项 m 按 范围 {\n  全区性 => 甲 § \"1\"\n  一 => 乙 § \"2\"\n  二 => 乙 § \"3\"\n  三 => 乙 § \"4\"\n  四 => 乙 § \"5\"\n}\n\
         事项 n { 任意 => 事权 甲 支出 { 甲 60%, 乙 40% } § \"6\" }\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(0));
    let html = std::fs::read_to_string(&out).expect("html");
    let matrix = &html[html.find("class=\"matrix\"").expect("matrix")..html.find("id=\"matter-1\"").expect("tables")];
    let rows: Vec<&str> = matrix.split("<tr data-filtered").skip(1).collect();
    assert_eq!(rows.len(), 2, "{matrix}");
    let cells = |row: &str| -> Vec<String> {
        row.split("<td class=\"level\" data-level=")
            .skip(1)
            .map(|cell| cell.to_string())
            .collect()
    };
    let m = cells(rows[0]);
    assert!(
        m[0].contains("<div class=\"case\"><span lang=\"zh\">范围 = 全区性</span>"),
        "{}",
        m[0]
    );
    assert_eq!(
        m[1].matches("<div class=\"case\">").count(),
        4,
        "three cases and one line for the rest: {}",
        m[1]
    );
    assert!(
        m[1].contains("范围 = 一") && m[1].contains("范围 = 三") && !m[1].contains("范围 = 四"),
        "{}",
        m[1]
    );
    assert!(
        m[1].contains("<a href=\"#matter-1\"><span lang=\"zh\">另有 1 种情形（见决策表）"),
        "{}",
        m[1]
    );
    // The same part in every case: no condition.
    let n = cells(rows[1]);
    assert!(!n[0].contains("class=\"case\"") && n[0].contains("60%"), "{}", n[0]);
    assert!(!n[1].contains("class=\"case\"") && n[1].contains("40%"), "{}", n[1]);
    assert!(!html.contains("部分情形"));
}

#[test]
fn a_plan_with_errors_gets_a_report_of_its_errors() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"有缺口\" { }\n层级 甲 > 乙\n维度 d { x, y }\n事项 m 按 d {\n  x => 甲 § \"1\"\n}\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(1));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(html.contains("error[E0008]"), "{html}");
    // The status stands at the top, before the first heading of the page's body.
    let status = html.find("检查结果：1 个错误、").expect("the status");
    assert!(status < html.find("<h2").expect("a heading"), "{html}");
    assert!(html.contains("决策表不予生成"));
    assert!(!html.contains("class=\"matrix\""));
}

/// The matrix of a report: its rows' matter names, the catch-all's as `未列事项`.
fn matrix_matters(html: &str) -> Vec<String> {
    let start = html.find("class=\"matrix\"").expect("matrix");
    let end = html[start..].find("</table>").expect("end") + start;
    html[start..end]
        .split("<tr data-filtered")
        .skip(1)
        .map(|row| {
            let link = row.find("<a href=").expect("link");
            let name = &row[link..];
            let name = &name[name.find('>').expect("link's end") + 1..];
            let name = name.strip_prefix("<span lang=\"zh\">").unwrap_or(name);
            name[..name.find('<').expect("name's end")].to_string()
        })
        .collect()
}

/// A plan with errors still shows its header, and the matrix and tables of the matters
/// without an error, with a note of what is left out; a matter's gap that the check could
/// not reach while a name elsewhere did not resolve is found by checking again, and shown
/// (before, the page had the diagnostics alone). What it shows is what the plan shows once
/// the erring matters are mended or taken out.
#[test]
fn a_plan_with_errors_shows_its_matters_without_one() {
    let folder = tempfile::tempdir().expect("temp dir");
    let head = "文件 \"起草中\" { 文号 \"例〔2026〕1号\" }\n层级 甲 > 乙\n维度 d { x, y }\n";
    let good = "事项 好 按 d {\n  x => 甲 § \"1\"\n  y => 乙 § \"2\"\n}\n";
    let broken = "事项 缺 按 d {\n  x => 甲 § \"3\"\n}\n事项 错名 按 d {\n  x => 丙 § \"4\"\n  y => 甲 § \"5\"\n}\n事项 破 按 d {\n  x => => 甲 § \"6\"\n}\n";
    let unlisted = "未列事项 => 乙 § \"7\"\n";
    let plan = folder.path().join("plan.qz");
    std::fs::write(&plan, format!("{head}{good}{broken}{unlisted}")).expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(1));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(
        html.contains("<h1>起草中</h1>") && html.contains("例〔2026〕1号"),
        "{html}"
    );
    assert_eq!(matrix_matters(&html), ["好", "未列事项"]);
    assert_eq!(html.matches("有错误的 2 个事项未列入：缺、错名").count(), 2, "{html}");
    assert!(html.contains("无法读取的文字"), "{html}");
    for code in ["error[E0001]", "error[E0003]", "error[E0008]"] {
        assert!(html.contains(code), "{code}: {html}");
    }
    assert!(html.contains("检查结果：3 个错误、"), "{html}");
    // `check` finds the same gap: a drafter mends every error in one round.
    let checked = Command::new(env!("CARGO_BIN_EXE_quanze"))
        .args(["check", plan.to_str().expect("path")])
        .output()
        .expect("run quanze");
    let said = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    for code in ["error[E0001]", "error[E0003]", "error[E0008]"] {
        assert!(said.contains(code), "{code}: {said}");
    }
    assert!(said.contains("共 3 个错误"), "{said}");

    // The same tables as the plan without the matters in error.
    let mended = folder.path().join("mended.qz");
    std::fs::write(&mended, format!("{head}{good}{unlisted}")).expect("write");
    let clean = folder.path().join("clean.html");
    assert_eq!(report(mended.to_str().expect("path"), &clean), Some(0));
    let clean = std::fs::read_to_string(&clean).expect("html");
    let tables = |page: &str| {
        page[page.find("<section id=").expect("tables")..page.find("<h2><span lang=\"zh\">诊断").expect("end")]
            .to_string()
    };
    assert_eq!(tables(&html), tables(&clean));
}

/// A slip in one matter of a section leaves out that matter, not the section's others
/// (before, the whole section was left out, and its matters were named nowhere).
#[test]
fn a_slip_in_a_section_leaves_out_its_matter_only() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"起草中\" { }\n层级 甲 > 乙\n维度 d { x, y }\n\
         章节 \"一\" \"第一部分\" {\n  事项 好 => 甲 § \"1\"\n  事项 破 按 d {\n    x => => 甲 § \"2\"\n  }\n  事项 也好 => 乙 § \"3\"\n}\n\
         未列事项 => 乙 § \"4\"\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(1));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(html.contains("error[E0001]"), "{html}");
    assert_eq!(matrix_matters(&html), ["好", "也好", "未列事项"], "{html}");
    assert!(html.contains("第一部分") && html.contains("无法读取的文字"), "{html}");
}

/// What cannot be shown surely right is not shown: an error outside every matter (here a
/// level used by the catch-all that is not declared) leaves the page without tables.
#[test]
fn an_error_outside_the_matters_withholds_every_table() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"起草中\" { }\n层级 甲 > 乙\n事项 好 => 甲 § \"1\"\n未列事项 => 丙 § \"2\"\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(1));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(
        html.contains("error[E0003]") && html.contains("决策表不予生成"),
        "{html}"
    );
    assert!(!html.contains("class=\"matrix\""), "{html}");
}

/// In a chain, a matter of the parent that the plan does not divide (E0030) withholds
/// nothing the plan has: the matter in error is left out, and the one that divides its
/// part is shown.
#[test]
fn a_plan_in_a_chain_with_errors_shows_its_matters_without_one() {
    let folder = tempfile::tempdir().expect("temp dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("chain-parent.zh.qz"), folder.path().join("parent.qz")).expect("copy");
    let plan = folder.path().join("child.qz");
    std::fs::write(
        &plan,
        "文件 \"下级\" {\n  文号 \"下级〔2024〕2号\"\n  细化 \"上级〔2024〕1号\"\n  细分 地方 => 自治区 > 盟市\n}\n\
         层级 自治区 > 盟市\n维度 影响 { 全国重大, 其他 }\n\
         事项 执法 \"知识产权执法\" 按 影响 {\n  其他 => 盟市 § \"2\"\n}\n\
         事项 宣传 \"宣传教育\" => 丙 § \"3\"\n",
    )
    .expect("write");
    let out = folder.path().join("report.html");
    assert_eq!(report(plan.to_str().expect("path"), &out), Some(1));
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(html.contains("error[E0003]"), "{html}");
    assert_eq!(matrix_matters(&html), ["执法"], "{html}");
    assert!(html.contains("未列入：宣传"), "{html}");
}

#[test]
fn the_real_plan_report_works_in_a_browser() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("report.html");
    assert_eq!(report(PLAN, &out), Some(0));
    let html = std::fs::read_to_string(&out).expect("html");
    // What a reader asks first, at the top: the check's result, and what made the page.
    assert!(html.contains("检查结果：完整，无冲突，无警告"), "{html}");
    let made = format!("由 quanze {} 根据 <code>{PLAN}</code> 生成", env!("CARGO_PKG_VERSION"));
    assert!(html.contains(&made), "{html}");
    assert_eq!(
        html.matches("<tr data-filtered").count(),
        34,
        "one matrix row per matter, and the catch-all's"
    );
    // Each row links to its matter's table, the catch-all's to its own.
    for number in 1..=33 {
        assert!(html.contains(&format!("href=\"#matter-{number}\"")), "{number}");
        assert!(html.contains(&format!("<section id=\"matter-{number}\"")), "{number}");
    }
    assert!(html.contains("href=\"#unlisted\"") && html.contains("<h3 id=\"unlisted\">"));
    // On paper: A4 landscape, headers repeated.
    assert!(html.contains("@page { size: A4 landscape;") && html.contains("thead { display: table-header-group; }"));

    let Some(chromium) = common::browser() else {
        return;
    };
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report.png");
    let output = Command::new("node")
        .arg(Path::new(JS).join("report-check.mjs"))
        .arg(&out)
        .args(["34", "盟市", "24"])
        .arg(&screenshot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        std::fs::metadata(&screenshot).is_ok_and(|m| m.len() > 10_000),
        "a screenshot was taken"
    );
}

/// Whether an outside tool is on PATH.
fn on_path(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// A page as pdftoppm's `-gray` writes it (binary PGM): width, height and one byte per
/// pixel, 0 black to 255 white.
struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

fn read_pgm(path: &Path) -> Gray {
    let bytes = std::fs::read(path).expect("page");
    // "P5\n<width> <height>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "{}", path.display());
    let (width, height): (usize, usize) = (fields[1].parse().expect("width"), fields[2].parse().expect("height"));
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), width * height, "{}", path.display());
    Gray { width, height, pixels }
}

/// The real plan's report printed as a reader prints it: chromium's print to PDF, its
/// pages turned into pictures by pdftoppm and read back. A4 landscape; nothing in the
/// outer margins of any page, and the tables as wide as the space between them (a table
/// too wide would be cut off, or the page shrunk to fit it); on every page of the matrix its header, on every page of decision tables theirs
/// (repeated, and with the last column, 出处); every citation of the page on paper, none
/// lost at a page's foot. PNG pages go to the test's target folder (docs/report-print.png
/// is one of them).
#[test]
fn the_real_plan_report_prints_on_a4_landscape() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if !Path::new(&chromium).exists() || !on_path("pdftoppm") || !on_path("pdftotext") {
        let message = format!("the print test needs {chromium} and poppler-utils (pdftoppm, pdftotext)");
        assert!(
            std::env::var("QUANZE_EXTERNAL_TESTS").as_deref() != Ok("require"),
            "{message}"
        );
        eprintln!("skipped: {message}");
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let html = folder.path().join("report.html");
    assert_eq!(report(PLAN, &html), Some(0));
    let pdf = folder.path().join("report.pdf");
    let printed = Command::new("timeout")
        .arg("120")
        .arg(&chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        printed.status.success() && pdf.exists(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );

    let gray = folder.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "30", "-gray"])
        .arg(&pdf)
        .arg(&gray)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let mut pages: Vec<_> = std::fs::read_dir(folder.path())
        .expect("folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pages.sort();
    assert!((8..=30).contains(&pages.len()), "{} pages", pages.len());
    // At 30 dots per inch a millimetre is 30 / 25.4 dots; the margin is 12 mm, 8 of
    // which must stay blank.
    let blank = (8.0 * 30.0 / 25.4) as usize;
    for path in &pages {
        let page = read_pgm(path);
        let ratio = page.width as f64 / page.height as f64;
        assert!(
            (ratio - 297.0 / 210.0).abs() < 0.02,
            "A4 landscape: {}x{}",
            page.width,
            page.height
        );
        // Table rules are a light grey (about 224 here): they count.
        let ink = |x: usize, y: usize| page.pixels[y * page.width + x] < 240;
        let mut in_margin = Vec::new();
        for y in 0..page.height {
            for x in 0..page.width {
                let margin = x < blank || x >= page.width - blank || y < blank || y >= page.height - blank;
                if margin && ink(x, y) {
                    in_margin.push((x, y));
                }
            }
        }
        assert!(
            in_margin.is_empty(),
            "{}: ink in the margin at {:?}",
            path.display(),
            &in_margin[..in_margin.len().min(5)]
        );
        assert!(page.pixels.iter().any(|p| *p < 128), "{}: a blank page", path.display());
        // The tables fill the width between the margins: chromium shrinks a page whose
        // content is too wide to fit, and then the tables end short of the right margin.
        let right = (0..page.width)
            .rev()
            .find(|x| (0..page.height).any(|y| ink(*x, y)))
            .expect("ink");
        let edge = page.width - (12.0 * 30.0 / 25.4) as usize;
        assert!(
            right + 2 >= edge,
            "{}: the content ends at {right}, the margin at {edge}: shrunk to fit",
            path.display()
        );
    }

    let text_of = |page: usize| -> String {
        let output = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let texts: Vec<String> = (1..=pages.len()).map(text_of).collect();
    let tables_from = texts
        .iter()
        .position(|t| t.contains("决策表"))
        .expect("the tables' heading");
    for (number, text) in texts.iter().enumerate() {
        if number < tables_from || (number == tables_from && !text.contains("§ ")) {
            assert!(
                text.contains("章节") && text.contains("待定"),
                "page {}: the matrix's header\n{text}",
                number + 1
            );
        } else if text.contains("§ ") {
            assert!(
                text.contains("条件") && text.contains("出处"),
                "page {}: the tables' header\n{text}",
                number + 1
            );
        }
    }
    let source = std::fs::read_to_string(&html).expect("html");
    let citations: usize = texts.iter().map(|t| t.matches("§ ").count()).sum();
    assert_eq!(citations, source.matches("§ ").count(), "every citation on paper");

    let pictures = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-print");
    let status = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg(&pictures)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
}

/// The page is dated only when asked (`--date`): by default the same plan gives the same
/// page, byte for byte; a day the calendar has not is refused.
#[test]
fn the_page_is_dated_only_when_asked() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("report.html");
    let run = |date: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_quanze"));
        command.args(["report", PLAN, "-o"]).arg(&out);
        if let Some(date) = date {
            command.args(["--date", date]);
        }
        command.output().expect("runs")
    };
    assert_eq!(run(None).status.code(), Some(0));
    let undated = std::fs::read_to_string(&out).expect("html");
    let made = |page: &str| {
        page[page.find("<p class=\"made\">").expect("made")..]
            .split("</p>")
            .next()
            .expect("p")
            .to_string()
    };
    assert!(!made(&undated).contains("2026"), "{}", made(&undated));
    assert_eq!(run(Some("2026-12-03")).status.code(), Some(0));
    let dated = std::fs::read_to_string(&out).expect("html");
    assert!(
        made(&dated).contains("<span lang=\"zh\">于 2026-12-03 由 quanze ")
            && made(&dated).contains(" on 2026-12-03</span>"),
        "{}",
        made(&dated)
    );
    let refused = run(Some("2026-02-30"));
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert_eq!(said, "错误：`--date 2026-02-30`：日历上没有这一天\n");
    // A day a reader could take for another is refused, in the reader's language only.
    for shape in ["26-12-03", "2026-12-3", "2026/12/03"] {
        let refused = run(Some(shape));
        assert_eq!(refused.status.code(), Some(2), "{shape}");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("不是 年-月-日 的写法"),
            "{shape}"
        );
    }
    assert_eq!(run(Some("0000-01-01")).status.code(), Some(2));
    // The refused run left the page as it was.
    assert_eq!(std::fs::read_to_string(&out).expect("html"), dated);
}
