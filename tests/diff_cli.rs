//! `quanze diff` from the command line, on generated plans: what it must refuse rather than
//! answer incompletely, and how it writes numeric cases.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

mod common;
use common::run;

/// A plan with one dimension, declared as `declaration`, and one matter 登记 split by it.
fn plan(dimension: &str, declaration: &str, rules: &str) -> String {
    format!(
        "文件 \"示例\" {{ 文号 \"示例〔2025〕1号\" }}\n层级 自治区 > 盟市\n维度 {dimension} {declaration}\n\n事项 登记 \"登记\" 按 {dimension} {{\n{rules}}}\n"
    )
}

/// A plan whose matter 登记 is split by 地区, with the given values and rules.
fn listed(values: &[String], rules: &str) -> String {
    plan("地区", &format!("{{ {} }}", values.join(", ")), rules)
}

/// Rules giving each of `[from, from + 1)` … `[to - 1, to)` to 自治区: thresholds
/// `from` to `to`, which cut 投资额 into about twice as many pieces.
fn steps(from: u32, to: u32) -> String {
    (from..to)
        .map(|i| format!("  投资额 = [{i}, {}) => 自治区 § \"{i}\"\n", i + 1))
        .collect()
}

fn write(folder: &Path, name: &str, text: &str) -> String {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn values(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|i| format!("v{i:02}")).collect()
}

/// A dimension of more than 64 values is compared value by value: the change in v68 (one
/// machine word of values past the first) is reported. Before value sets grew past 64
/// values, the diff refused this pair.
#[test]
fn diff_compares_a_dimension_past_64_values() {
    let folder = tempfile::tempdir().expect("temp dir");
    let old = write(
        folder.path(),
        "old.qz",
        &listed(&values(1..=60), "  任意 => 自治区 § \"一\"\n"),
    );
    let new = write(
        folder.path(),
        "new.qz",
        &listed(
            &values(5..=68),
            "  地区 = v68 => 盟市 § \"一\"\n  其余 => 自治区 § \"二\"\n",
        ),
    );
    let (code, stdout, stderr) = run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let text = report.to_string();
    assert!(text.contains("v68") && text.contains("盟市"), "{stdout}");
}

/// Each plan has at most 4,096 values (E0018), but together they have 4,100: the diff
/// refuses, naming the dimension and the count, rather than compare them in part.
#[test]
fn diff_refuses_a_dimension_whose_versions_together_exceed_the_limit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let old = write(
        folder.path(),
        "old.qz",
        &listed(&values(1..=4000), "  任意 => 自治区 § \"一\"\n"),
    );
    let new = write(
        folder.path(),
        "new.qz",
        &listed(
            &values(101..=4100),
            "  地区 = v4100 => 盟市 § \"一\"\n  其余 => 自治区 § \"二\"\n",
        ),
    );
    let (code, stdout, stderr) = run(&["diff", &old, &new]);
    assert_eq!(code, Some(2), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.is_empty(), "no partial report: {stdout}");
    assert!(
        stderr.contains("登记") && stderr.contains("`地区`") && stderr.contains("4100") && stderr.contains("4096"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["--lang", "en", "diff", &old, &new, "--format", "json"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("`地区`") && stderr.contains("4100 values"), "{stderr}");
}

/// The same limit for a numeric dimension: each version's thresholds cut 投资额 into about
/// 2,200 pieces, both versions' together into about 4,400.
#[test]
fn diff_refuses_a_numeric_dimension_cut_into_more_pieces_than_the_limit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let declaration = ": 数值 万元 [0, ∞)";
    let old = write(
        folder.path(),
        "old.qz",
        &plan(
            "投资额",
            declaration,
            &format!(
                "  投资额 < 1 => 自治区 § \"甲\"\n{}  投资额 >= 1100 => 自治区 § \"乙\"\n",
                steps(1, 1100)
            ),
        ),
    );
    let new = write(
        folder.path(),
        "new.qz",
        &plan(
            "投资额",
            declaration,
            &format!(
                "  投资额 < 2000 => 自治区 § \"甲\"\n{}  投资额 >= 3100 => 盟市 § \"乙\"\n",
                steps(2000, 3100)
            ),
        ),
    );
    for file in [&old, &new] {
        let (code, _, stderr) = run(&["check", file]);
        assert_eq!(code, Some(0), "{stderr}");
    }
    let (code, stdout, stderr) = run(&["diff", &old, &new]);
    assert_eq!(code, Some(2), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.is_empty(), "no partial report: {stdout}");
    assert!(
        stderr.contains("`投资额`") && stderr.contains("4404 段") && stderr.contains("4096"),
        "{stderr}"
    );
}

/// A numeric case of the change report reads as a drafter writes it: with the unit, one
/// interval per line (`[0, 10) ∪ (50, ∞)` is no syntax, so such cases take two lines), and
/// all but one number as `≠`. Before, the unit was dropped and the union printed as is.
#[test]
fn diff_writes_numeric_cases_with_their_unit_and_as_conditions_a_drafter_can_write() {
    let folder = tempfile::tempdir().expect("temp dir");
    let declaration = ": 数值 万元 [0, ∞)";
    let old = write(
        folder.path(),
        "old.qz",
        &plan("投资额", declaration, "  任意 => 自治区 § \"一\"\n"),
    );
    let split = write(
        folder.path(),
        "split.qz",
        &plan(
            "投资额",
            declaration,
            "  投资额 = [10, 50] => 自治区 § \"一\"\n  其余 => 盟市 § \"二\"\n",
        ),
    );
    let (code, stdout, stderr) = run(&["diff", &old, &split]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("| 投资额 = [0, 10) 万元 |") && stdout.contains("| 投资额 = (50, ∞) 万元 |"),
        "{stdout}"
    );
    assert!(!stdout.contains('∪'), "{stdout}");
    let (_, json, _) = run(&["diff", &old, &split, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    let regions = report["changed"][0]["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 2);
    assert_eq!(regions[1]["when"][0]["unit"], "万元");
    assert_eq!(regions[1]["when"][0]["values"], serde_json::json!(["(50, ∞)"]));

    let point = write(
        folder.path(),
        "point.qz",
        &plan(
            "投资额",
            declaration,
            "  投资额 = 30 => 自治区 § \"一\"\n  其余 => 盟市 § \"二\"\n",
        ),
    );
    let (code, stdout, stderr) = run(&["--lang", "en", "diff", &old, &point]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("| 投资额 ≠ 30 万元 |"), "{stdout}");
}

/// Numbers in different units cannot be compared as they stand: 5000 万元 is not 5000 元.
/// Before, the change report said "no change" at exit 0. Nor can a dimension compared by
/// numbers in one version and by listed values in the other be: before, every case of the
/// new version was reported as not existing.
#[test]
fn diff_refuses_a_dimension_whose_unit_or_kind_changed() {
    let folder = tempfile::tempdir().expect("temp dir");
    let rules = "  投资额 < 5000 => 盟市 § \"一\"\n  投资额 >= 5000 => 自治区 § \"二\"\n";
    let old = write(folder.path(), "old.qz", &plan("投资额", ": 数值 万元 [0, ∞)", rules));
    let yuan = write(folder.path(), "yuan.qz", &plan("投资额", ": 数值 元 [0, ∞)", rules));
    let (code, stdout, stderr) = run(&["diff", &old, &yuan]);
    assert_eq!(code, Some(2), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("`投资额`") && stderr.contains("万元") && stderr.contains("元"),
        "{stderr}"
    );
    let listed = write(
        folder.path(),
        "listed.qz",
        &plan(
            "投资额",
            "{ 大, 小 }",
            "  小 => 盟市 § \"一\"\n  大 => 自治区 § \"二\"\n",
        ),
    );
    let (code, stdout, stderr) = run(&["--lang", "en", "diff", &old, &listed]);
    assert_eq!(code, Some(2), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("`投资额`") && stderr.contains("numeric"), "{stderr}");
}

/// A plan of twenty two-valued dimensions whose matter is decided cell by cell along the
/// dimensions `split` (one rule per combination, alternating levels).
fn combinations(split: std::ops::Range<usize>) -> String {
    let mut text = String::from("文件 \"示例\" { 文号 \"示例〔2025〕1号\" }\n层级 自治区 > 盟市\n");
    for d in 0..20 {
        text.push_str(&format!("维度 d{d} {{ 甲{d}, 乙{d} }}\n"));
    }
    let by: Vec<String> = (0..20).map(|d| format!("d{d}")).collect();
    text.push_str(&format!("事项 登记 \"登记\" 按 {} {{\n", by.join(", ")));
    let width = split.len();
    for combination in 0..(1usize << width) {
        let tests: Vec<String> = split
            .clone()
            .enumerate()
            .map(|(bit, d)| {
                let value = if combination & (1 << bit) == 0 { "甲" } else { "乙" };
                format!("d{d} = {value}{d}")
            })
            .collect();
        let level = if combination.count_ones() % 2 == 0 {
            "自治区"
        } else {
            "盟市"
        };
        text.push_str(&format!("  {} => {level} § \"{combination}\"\n", tests.join(" 且 ")));
    }
    text.push_str("}\n");
    text
}

/// Each version cuts the matter along ten dimensions of its own (1,024 rows each, checked
/// in full), so their overlay has a million cells: past the checking allowance. The matter
/// used to be listed as "not compared" in a report that exited 0, its changes missing from
/// the per-level summary; now the whole diff is refused (exit 2), naming the matter.
#[test]
fn diff_refuses_a_matter_whose_versions_together_are_too_complex() {
    let folder = tempfile::tempdir().expect("temp dir");
    let old = write(folder.path(), "old.qz", &combinations(0..10));
    let new = write(folder.path(), "new.qz", &combinations(10..20));
    let (code, _, stderr) = run(&["check", &old]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = run(&["diff", &old, &new]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("无法比较事项 `登记`"), "{stderr}");
}

/// A plan and the plan it refines are not two versions: diff refuses (exit 2) instead of
/// reporting every case as changing hands between levels the two do not share (it said
/// 自治区 → 中央 for cases the region never had, at exit 0).
#[test]
fn diff_refuses_a_plan_and_the_plan_it_refines() {
    let region = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
    let national = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz");
    for (old, new) in [(region, national), (national, region)] {
        let (code, stdout, stderr) = run(&["diff", old, new]);
        assert_eq!(code, Some(2), "{stdout}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(stderr.contains("不是同一方案的两个版本"), "{stderr}");
    }
}

/// The report's head names the two plans with each language's own colon: the English
/// report read `- Old：…` with the Chinese full-width colon.
#[test]
fn an_english_report_names_the_plans_with_an_english_colon() {
    let root = env!("CARGO_MANIFEST_DIR");
    let base = format!("{root}/policies/nmg-ip-2024-48.qz");
    let amendment = format!("{root}/policies/nmg-ip-2024-48-amendment-sample.qz");
    let (code, english, _) = run(&["--lang", "en", "diff", &base, &amendment]);
    assert_eq!(code, Some(0));
    assert!(
        english.contains("\n- Old: 内蒙古") && english.contains("\n- New: 内蒙古"),
        "{english}"
    );
    assert!(!english.contains("Old：") && !english.contains("New："), "{english}");
    let (code, chinese, _) = run(&["diff", &base, &amendment]);
    assert_eq!(code, Some(0));
    assert!(
        chinese.contains("\n- 原方案：内蒙古") && chinese.contains("\n- 新方案：内蒙古"),
        "{chinese}"
    );
}

/// `--exit-code` says whether anything changed, as `git diff --exit-code` does: 1 when the
/// amendment changes the plan, 0 for a plan against itself; without it, 0 either way.
#[test]
fn exit_code_says_whether_anything_changed() {
    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let plan = policies.join("nmg-ip-2024-48.qz").display().to_string();
    let amendment = policies
        .join("nmg-ip-2024-48-amendment-sample.qz")
        .display()
        .to_string();
    let (code, stdout, stderr) = run(&["diff", &plan, &amendment, "--exit-code"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains("出版外国图书合同登记"),
        "the report is written all the same: {stdout}"
    );
    let (code, _, stderr) = run(&["diff", &plan, &plan, "--exit-code"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&["diff", &plan, &amendment]);
    assert_eq!(code, Some(0), "{stderr}");
}
