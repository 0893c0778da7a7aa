//! Date dimensions (`维度 申报日 : 日期 [2025-01-01, 2026-12-31]`, issue 16): whole days,
//! written YYYY-MM-DD, compared like numbers. `[2025-01-01, 2025-06-30]` and
//! `[2025-07-01, 2025-12-31]` leave no gap; gaps, tables and answers say dates; a number
//! on a date dimension, a date on a numeric one and a day the calendar lacks are refused.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const HEAD: &str =
    "文件 \"日期\" { 文号 \"日期〔2026〕1号\" }\n层级 省 > 市\n维度 申报日 : 日期 [2025-01-01, 2026-12-31]\n";

fn plan(folder: &std::path::Path, rules: &str) -> String {
    let path = folder.join("plan.qz");
    let text = format!("{HEAD}事项 补助 \"补助资金\" 按 申报日 {{\n{rules}}}\n未列事项 => 待定  § \"9\"\n");
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

const HALVES: &str =
    "  申报日 = [2025-01-01, 2025-06-30] => 省  § \"1\"\n  申报日 = [2025-07-01, 2025-12-31] => 市  § \"2\"\n";

#[test]
fn neighbouring_days_leave_no_gap_and_a_missing_day_is_named() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = plan(
        folder.path(),
        &format!("{HALVES}  申报日 >= 2026-01-02 => 省  § \"3\"\n"),
    );
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(1));
    // One day is missing, and only it: not the stretch between 06-30 and 07-01.
    assert!(stderr.contains("未决定：申报日 = 2026-01-01"), "{stderr}");
    assert_eq!(stderr.matches("error[E0008]").count(), 1, "{stderr}");

    let path = plan(
        folder.path(),
        &format!("{HALVES}  申报日 >= 2026-01-01 => 省  § \"3\"\n"),
    );
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(0), "{stderr}");
    let (_, table, _) = run(&["table", &path]);
    assert!(table.contains("| 申报日 = [2026-01-01, 2026-12-31] | 省 |"), "{table}");
    let (code, answer, _) = run(&["query", &path, "--matter", "补助", "--when", "申报日=2025-07-01"]);
    assert_eq!(code, Some(0));
    assert!(answer.contains("财政事权：市"), "{answer}");
    // A number is no day: read as one, 20000 would be 2024-10-04.
    let (code, _, refused) = run(&["query", &path, "--matter", "补助", "--when", "申报日=20000"]);
    assert_eq!(code, Some(2));
    assert!(refused.contains("`20000` 不是日期"), "{refused}");
    let (code, _, refused) = run(&["query", &path, "--matter", "补助", "--when", "申报日=2027-01-01"]);
    assert_eq!(code, Some(2));
    assert!(
        refused.contains("不在 `申报日` 的范围 [2025-01-01, 2026-12-31] 内"),
        "{refused}"
    );

    // Machines read days since 1970-01-01, and are told so.
    let (_, json, _) = run(&["table", &path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let numeric = &json["matters"][0]["dimensions"][0]["numeric"];
    assert_eq!(numeric["date"], true);
    assert_eq!(numeric["range"]["lo"]["value"], 20089);
    // DMN compares FEEL dates.
    let (_, dmn, _) = run(&["table", &path, "--format", "dmn"]);
    assert!(dmn.contains(r#"typeRef="date""#), "{dmn}");
    assert!(
        dmn.contains(r#"<text>[date("2025-07-01")..date("2025-12-31")]</text>"#),
        "{dmn}"
    );
    // The formatter keeps the days as written.
    let (code, _, stderr) = run(&["fmt", &path]);
    assert_eq!(code, Some(0), "{stderr}");
    let formatted = std::fs::read_to_string(&path).expect("read");
    assert!(formatted.contains("申报日 = [2025-07-01, 2025-12-31]"), "{formatted}");
}

#[test]
fn days_and_numbers_do_not_mix_and_a_day_must_exist() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = plan(
        folder.path(),
        "  申报日 >= 20000 => 省  § \"1\"\n  其余 => 市  § \"2\"\n",
    );
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0026"), "{stderr}");
    assert!(stderr.contains("日期维度 `申报日` 的条件要写日期"), "{stderr}");

    let path = plan(
        folder.path(),
        "  申报日 >= 2025-02-30 => 省  § \"1\"\n  其余 => 市  § \"2\"\n",
    );
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0015"), "{stderr}");
    assert!(stderr.contains("`2025-02-30` 不是一个存在的日期"), "{stderr}");

    let numbers = folder.path().join("numbers.qz");
    std::fs::write(
        &numbers,
        "文件 \"数\" { 文号 \"数〔2026〕1号\" }\n层级 省 > 市\n维度 投资额 : 数值 万元\n\
         事项 审批 \"项目审批\" 按 投资额 {\n  投资额 >= 2025-01-01 => 省  § \"1\"\n  其余 => 市  § \"2\"\n}\n",
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", &numbers.display().to_string()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("维度 `投资额` 不是日期维度，不能写日期"), "{stderr}");

    let range = folder.path().join("range.qz");
    std::fs::write(
        &range,
        "文件 \"日\" { 文号 \"日〔2026〕1号\" }\n层级 省 > 市\n维度 申报日 : 日期 [0, 100]\n\
         事项 补助 \"补助\" 按 申报日 {\n  申报日 >= 2025-01-01 => 省  § \"1\"\n  其余 => 市  § \"2\"\n}\n",
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", &range.display().to_string()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("日期维度 `申报日` 的条件要写日期"), "{stderr}");
}

/// English plans write `date`; messages say dates in English.
#[test]
fn an_english_plan_writes_date() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("plan.qz");
    std::fs::write(
        &path,
        "policy \"Dates\" { number \"D-2026-1\" }\nlevels province > city\ndimension filed : date [2025-01-01, ∞)\n\
         matter grant \"grants\" by filed {\n  filed < 2025-07-01 => province  § \"1\"\n  filed > 2025-07-01 => city  § \"2\"\n}\nunlisted => tbd  § \"3\"\n",
    )
    .expect("write");
    let (code, _, stderr) = run(&["--lang", "en", "check", &path.display().to_string()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("undecided: filed = 2025-07-01"), "{stderr}");
}
