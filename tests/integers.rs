//! Integer dimensions (`维度 人数 : 整数 人 [1, 100]`): ranges that end and begin at
//! neighbouring whole numbers (`[1, 5]`, `[6, 10]`) leave no gap, where a `数值` dimension
//! has one between 5 and 6; gaps, tables, answers and diffs speak whole numbers; a
//! fraction is refused (issue 16).

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

fn plan(kind: &str, rules: &str) -> String {
    format!("文件 \"整数\" {{ }}\n层级 中央 > 地方\n维度 人数 : {kind} 人 [1, 100]\n事项 补助 按 人数 {{\n{rules}}}\n")
}

const RULES: &str =
    "  人数 = [1, 5]  => 地方 § \"1\"\n  人数 = [6, 10] => 中央 § \"2\"\n  人数 >= 12     => 中央 § \"3\"\n";

fn write(folder: &std::path::Path, name: &str, text: &str) -> String {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn neighbouring_whole_numbers_leave_no_gap() {
    let folder = tempfile::tempdir().expect("temp dir");
    // The same rules on a 数值 dimension: the numbers between 5 and 6, and 10 and 12.
    let real = write(folder.path(), "real.qz", &plan("数值", RULES));
    let (code, _, stderr) = run(&["check", &real]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("(5, 6) 人"), "{stderr}");
    // On an integer dimension, only 11 is undecided.
    let whole = write(folder.path(), "whole.qz", &plan("整数", RULES));
    let (code, _, stderr) = run(&["check", &whole]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("未决定：人数 = 11 人\n"), "{stderr}");
    let (code, _, stderr) = run(&["--lang", "en", "check", &whole]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("undecided: 人数 = 11 人"), "{stderr}");

    let mended = write(
        folder.path(),
        "mended.qz",
        &plan("整数", &RULES.replace(">= 12", ">= 11")),
    );
    let (code, table, stderr) = run(&["table", &mended, "--format", "csv", "--no-bom"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        table.contains("\"人数 = [6, 10] 人\",中央") && table.contains("\"人数 = [11, 100] 人\",中央"),
        "{table}"
    );
    let (_, json, _) = run(&["table", &mended, "--format", "json"]);
    assert!(json.contains("\"integer\": true"), "{json}");
    let (code, answer, _) = run(&["query", &mended, "--matter", "补助", "--when", "人数=6人"]);
    assert_eq!(code, Some(0));
    assert!(answer.contains("财政事权：中央"), "{answer}");
    let (code, _, stderr) = run(&["query", &mended, "--matter", "补助", "--when", "人数=5.5人"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`5.5人` 不是整数，而 `人数` 只取整数"), "{stderr}");

    // diff compares whole numbers: no case between 3 and 4.
    let moved = write(
        folder.path(),
        "moved.qz",
        &plan(
            "整数",
            &RULES
                .replace(">= 12", ">= 11")
                .replace("[1, 5]", "[1, 3]")
                .replace("[6, 10]", "[4, 10]"),
        ),
    );
    let (code, report, stderr) = run(&["diff", &mended, &moved]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        report.contains("| 人数 = [4, 5] 人 | 事权 地方；支出 地方 | 事权 中央；支出 中央 |"),
        "{report}"
    );
    assert!(!report.contains("(3, 4)"), "{report}");
}

#[test]
fn a_fraction_on_an_integer_dimension_is_e0026() {
    let folder = tempfile::tempdir().expect("temp dir");
    let condition = write(
        folder.path(),
        "condition.qz",
        &plan("整数", "  人数 < 5.5 => 地方 § \"1\"\n  其余 => 中央 § \"2\"\n"),
    );
    let (code, _, stderr) = run(&["check", &condition]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error[E0026]: 整数维度 `人数` 只取整数，(-∞, 5.5) 中有小数"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&["--lang", "en", "check", &condition]);
    assert!(
        stderr.contains("integer dimension `人数` takes whole numbers only, and (-∞, 5.5) has a fraction"),
        "{stderr}"
    );
    let range = write(
        folder.path(),
        "range.qz",
        &plan("整数", "  任意 => 中央 § \"1\"\n").replace("[1, 100]", "[0.5, 100]"),
    );
    let (code, _, stderr) = run(&["check", &range]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error[E0026]: 整数维度 `人数` 只取整数，[0.5, 100] 中有小数"),
        "{stderr}"
    );
    // No whole number between 5 and 6: an empty condition.
    let empty = write(
        folder.path(),
        "empty.qz",
        &plan("整数", "  人数 = (5, 6) => 地方 § \"1\"\n  其余 => 中央 § \"2\"\n"),
    );
    let (code, _, stderr) = run(&["check", &empty]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[E0026]"), "{stderr}");
}
