//! Value sets (`值集 第一档 : 省份 { … }`) and labels scoped to their matter: a tier list is
//! written once and every matter's tier rules name it (issue 16). A province left out of
//! every tier is a gap that names it; a province in two tiers is a conflict that names
//! both shares; a large plan with sets and repeated labels is still read part by part.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const TIERS: &str = "文件 \"分档\" { 文号 \"档〔2026〕1号\" }\n层级 中央 > 地方\n\
维度 省份 { 内蒙古, 广西, 河北, 山西, 大连, 北京, 上海 }\n\
值集 第一档 : 省份 { 内蒙古, 广西 }\n值集 第二档 : 省份 { 河北, 山西 }\n值集 第四档 : 省份 { 大连 }\n值集 第五档 : 省份 { 北京, 上海 }\n";

/// One matter's tier rules, each naming its set.
fn matter(name: &str, paragraph: &str) -> String {
    format!(
        "事项 {name} 按 省份 {{\n  第一档: 第一档 => 事权 中央 支出 {{ 中央 80%, 地方 20% }} § \"{paragraph}\"\n  \
         第二档: 省份 = 第二档 => 事权 中央 支出 {{ 中央 60%, 地方 40% }} § \"{paragraph}\"\n  \
         第四档: 省份 = 第四档 => 事权 中央 支出 {{ 中央 30%, 地方 70% }} § \"{paragraph}\"\n  \
         第五档: 省份 = {{第五档}} => 事权 中央 支出 {{ 中央 10%, 地方 90% }} § \"{paragraph}\"\n}}\n"
    )
}

fn write(folder: &std::path::Path, text: &str) -> String {
    let path = folder.join("plan.qz");
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn tiers_are_written_once_and_named_by_every_matter() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = write(
        folder.path(),
        &format!("{TIERS}{}{}", matter("助学金", "1"), matter("免学杂费", "2")),
    );
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, table, _) = run(&["table", &plan, "--format", "csv", "--no-bom"]);
    assert_eq!(code, Some(0));
    assert!(
        table.contains("免学杂费,,\"省份 = {内蒙古, 广西}\",中央,中央 80%、地方 20%"),
        "{table}"
    );
    let (_, answer, _) = run(&["query", &plan, "--matter", "免学杂费", "--when", "省份=大连"]);
    assert!(answer.contains("30%"), "{answer}");
    // The plan stands in the canonical layout of its own keywords once formatted, and
    // formatting keeps every set.
    let (code, _, stderr) = run(&["fmt", &plan]);
    assert_eq!(code, Some(0), "{stderr}");
    let formatted = std::fs::read_to_string(&plan).expect("read");
    assert!(formatted.contains("值集 第一档 : 省份 { 内蒙古, 广西 }"), "{formatted}");
    let (code, _, _) = run(&["check", &plan]);
    assert_eq!(code, Some(0));
}

#[test]
fn a_province_in_no_tier_is_a_gap_and_in_two_a_conflict() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dropped = TIERS.replace("值集 第五档 : 省份 { 北京, 上海 }", "值集 第五档 : 省份 { 上海 }");
    let plan = write(folder.path(), &format!("{dropped}{}", matter("助学金", "1")));
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[E0008]") && stderr.contains("北京"), "{stderr}");

    let twice = TIERS.replace(
        "值集 第二档 : 省份 { 河北, 山西 }",
        "值集 第二档 : 省份 { 河北, 山西, 大连 }",
    );
    let plan = write(folder.path(), &format!("{twice}{}", matter("助学金", "1")));
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[E0009]") && stderr.contains("大连"), "{stderr}");
    assert!(stderr.contains("60%") && stderr.contains("30%"), "{stderr}");
}

#[test]
fn a_set_and_a_bare_set_and_its_negation_read_as_its_values() {
    let folder = tempfile::tempdir().expect("temp dir");
    let text = format!("{TIERS}事项 扶助 按 省份 {{\n  第一档 => 中央 § \"3\"\n  省份 ≠ 第一档 => 地方 § \"3\"\n}}\n");
    let plan = write(folder.path(), &text);
    let (code, table, stderr) = run(&["table", &plan, "--format", "csv", "--no-bom"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        table.contains("\"省份 = {河北, 山西, 大连, 北京, 上海}\",地方"),
        "{table}"
    );
}

/// A plan of 256 KB and more is read part by part: its value sets are declarations, and
/// labels repeated from matter to matter no longer send it to the whole-file pipeline.
#[test]
fn a_large_plan_with_sets_and_repeated_labels_is_read_part_by_part() {
    let mut text = TIERS.to_string();
    let mut number = 0;
    while text.len() < quanze::compile::COMPILED_BY_PARTS + 1024 {
        text.push_str(&matter(&format!("事项{number}"), &number.to_string()));
        number += 1;
    }
    let parts = quanze::compile::compile_parts(0, &text, None).expect("read part by part");
    let whole = quanze::compile::compile(0, &text);
    assert!(whole.diagnostics.is_empty(), "{:?}", whole.diagnostics.first());
    assert_eq!(parts.diagnostics, whole.diagnostics);
    assert_eq!(parts.tables, whole.tables);
}

/// `移至 值 => 值集` moves a value into a set of its dimension and out of every other:
/// the consolidated plan has the sets rewritten, and diff reports the cases that changed in
/// every matter that names the tiers. A set the plan lacks, a value its dimension lacks,
/// and a value moved twice are refused.
#[test]
fn an_amendment_moves_a_value_between_tiers() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = write(
        folder.path(),
        &format!("{TIERS}{}{}", matter("助学金", "1"), matter("免学杂费", "2")),
    );
    let amend = |operations: &str| {
        let path = folder.path().join("amendment.qz");
        std::fs::write(
            &path,
            format!("修正案 \"调档\" {{\n  文号 \"档〔2026〕2号\"\n  修正 \"档〔2026〕1号\"\n}}\n\n{operations}"),
        )
        .expect("write");
        path.display().to_string()
    };
    let amendment = amend("移至 大连 => 第二档 § \"修正一\"\n");
    let (code, consolidated, stderr) = run(&["consolidate", &amendment, "--base", &plan]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        consolidated.contains("值集 第二档 : 省份 { 河北, 山西, 大连 }"),
        "{consolidated}"
    );
    assert!(consolidated.contains("值集 第四档 : 省份 { }"), "{consolidated}");
    let (code, report, stderr) = run(&["diff", &plan, &amendment, "--base", &plan]);
    assert_eq!(code, Some(0), "{stderr}");
    for matter in ["### 助学金", "### 免学杂费"] {
        assert!(report.contains(matter), "{report}");
    }
    assert_eq!(
        report
            .matches("| 省份 = 大连 | 事权 中央；支出 中央 30%、地方 70% | 事权 中央；支出 中央 60%、地方 40% |")
            .count(),
        2,
        "{report}"
    );

    for (operations, said) in [
        ("移至 大连 => 第九档 § \"修正一\"\n", "被修正的方案中没有值集 `第九档`"),
        (
            "移至 天津 => 第二档 § \"修正一\"\n",
            "值集 `第二档` 所属的维度 `省份` 没有值 `天津`",
        ),
        (
            "移至 大连 => 第二档 § \"修正一\"\n移至 大连 => 第一档 § \"修正二\"\n",
            "修正案两次修改 `大连`",
        ),
    ] {
        let amendment = amend(operations);
        let (code, _, stderr) = run(&["check", &amendment, "--base", &plan]);
        assert_eq!(code, Some(1), "{operations}");
        assert!(stderr.contains(said), "{operations}: {stderr}");
    }
}
