//! No hash-map order reaches an output: each process gets its own hash seed, so the same
//! input is checked by many processes and every run must print the same bytes. The inputs
//! have ties on purpose — names equally close to a mistyped one, two operations touching a
//! removed matter — where an unordered map once chose differently from run to run.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use std::path::Path;

const RUNS: usize = 12;

const PLAN: &str = r#"文件 "平局" { 文号 "测〔2026〕1号" }
层级 省 > 市县
维度 范围 { 全省, 市县域 }
事项 甲 "甲" 按 范围 {
  甲a: 全省 => 省 § "1"
  甲b: 市县域 => 市县 § "2"
  任意 => 市 § "3" 优先于 甲c
}
"#;

const BASE: &str = r#"文件 "底" { 文号 "底〔2026〕1号" }
层级 省 > 市县
事项 事一 "一" => 省 § "1"
事项 事二 "二" => 省 § "2"
事项 事三 "三" => 省 § "3"
事项 事四 "四" => 省 § "4"
"#;

const AMENDMENT: &str = r#"修正案 "改" { 文号 "改〔2026〕1号" 印发 2026-01-01 修正 "底〔2026〕1号" "base.qz" }
删除事项 事五 § "一"
更名事项 事一 为 新一 § "二"
修改事项 事一 { 更改 "1" => 市县 § "三" }
删除事项 事一 § "四"
"#;

fn runs(folder: &Path, file: &str, format: &str) -> Vec<String> {
    let path = folder.join(file);
    let path = path.to_str().expect("a UTF-8 path");
    (0..RUNS)
        .map(|_| {
            let (_, stdout, stderr) = common::run(&["check", path, "--format", format]);
            stdout + &stderr
        })
        .collect()
}

fn assert_same(outputs: &[String]) -> &str {
    let first = outputs.first().expect("at least one run");
    for (run, output) in outputs.iter().enumerate() {
        assert_eq!(output, first, "run {run} printed something else than run 0");
    }
    first
}

#[test]
fn suggestions_and_first_changes_are_the_same_in_every_process() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(folder.path().join("plan.qz"), PLAN).unwrap();
    std::fs::write(folder.path().join("base.qz"), BASE).unwrap();
    std::fs::write(folder.path().join("amend.qz"), AMENDMENT).unwrap();
    for format in ["human", "json", "sarif"] {
        let plan = assert_same(&runs(folder.path(), "plan.qz", format)).to_string();
        let amendment = assert_same(&runs(folder.path(), "amend.qz", format)).to_string();
        if format == "human" {
            // Ties go to declaration order; a prefix beats a same-length slip.
            assert!(plan.contains("是否想写 `甲a`"), "{plan}");
            assert!(plan.contains("是否想写 `市县`"), "{plan}");
            assert!(amendment.contains("是否想写 `事一`"), "{amendment}");
            // The removal of 事一 clashes with the operations before it: the first in the
            // file is the one named first changed (the renaming, line 3).
            let first_change = amendment
                .lines()
                .skip_while(|line| !line.starts_with("3 │ 更名事项"))
                .nth(1)
                .unwrap_or_default();
            assert!(first_change.contains("第一次修改在此"), "{amendment}");
        }
    }
}

/// A workbook written twice, a second apart, is the same file: its creation time is
/// fixed. Before, it was the clock's, and every export of the same plan differed.
#[test]
fn a_workbook_is_the_same_file_every_time() {
    let folder = tempfile::tempdir().expect("dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(&plan, PLAN.replace("任意 => 市 § \"3\" 优先于 甲c\n", "")).expect("write");
    let written = |name: &str| {
        let out = folder.path().join(name);
        let (code, _, stderr) = common::run(&[
            "table",
            plan.to_str().expect("UTF-8"),
            "-o",
            out.to_str().expect("UTF-8"),
        ]);
        assert_eq!(code, Some(0), "{stderr}");
        std::fs::read(out).expect("read")
    };
    let first = written("a.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(first == written("b.xlsx"), "the two workbooks differ");
}
