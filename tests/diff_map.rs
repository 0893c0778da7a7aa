//! `diff OLD NEW --map 旧=新` (issue 16): two offices never choose the same names, so the
//! old plan's names are read as the new plan's; a matter the two split by different
//! dimensions is said to be so, not reported as the power flipping in every case.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-jbggfw-2018-6-excerpt.qz");

/// Writes `text` as `name` in `folder`, and its path.
fn write(folder: &std::path::Path, name: &str, text: &str) -> String {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn json_diff(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).expect("json")
}

#[test]
fn a_level_named_otherwise_compares_as_one_with_its_map() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = std::fs::read_to_string(SHARED).expect("plan");
    let old = write(folder.path(), "old.qz", &plan);
    let new = write(folder.path(), "new.qz", &plan.replace("地方", "省级"));

    let unmapped = json_diff(&[&old, &new]);
    assert_eq!(
        unmapped["changed"].as_array().map(Vec::len),
        Some(3),
        "every matter flips"
    );
    let mapped = json_diff(&[&old, &new, "--map", "地方=省级"]);
    assert_eq!(mapped["changed"], serde_json::json!([]), "{mapped}");
    assert_eq!(mapped["levels"], serde_json::json!([]), "{mapped}");
    // The report says what it was made with.
    assert_eq!(mapped["mapped"], serde_json::json!([{ "from": "地方", "to": "省级" }]));
    let (code, markdown, _) = run(&["diff", &old, &new, "--map", "地方=省级", "--exit-code"]);
    assert_eq!(code, Some(0), "nothing changed: {markdown}");
    assert!(markdown.contains("无变化"), "{markdown}");
    assert!(
        markdown.contains("- 名称对应（`--map`，原方案 → 新方案）：地方 → 省级"),
        "{markdown}"
    );
}

#[test]
fn a_value_named_otherwise_compares_as_one_with_its_map() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = std::fs::read_to_string(SHARED).expect("plan");
    let old = write(folder.path(), "old.qz", &plan);
    let new = write(folder.path(), "new.qz", &plan.replace("内蒙古,", "内蒙古自治区,"));
    let unmapped = json_diff(&[&old, &new]);
    assert_ne!(unmapped["changed"], serde_json::json!([]));
    let mapped = json_diff(&[&old, &new, "--map", "内蒙古=内蒙古自治区"]);
    assert_eq!(mapped["changed"], serde_json::json!([]), "{mapped}");
    // A real change still shows through the map: 第五档 pays 20% instead of 10%.
    let changed = plan
        .replace("内蒙古,", "内蒙古自治区,")
        .replace("{ 中央 10%, 地方 90% }", "{ 中央 20%, 地方 80% }");
    let new = write(folder.path(), "changed.qz", &changed);
    let mapped = json_diff(&[&old, &new, "--map", "内蒙古=内蒙古自治区"]);
    assert_eq!(mapped["changed"].as_array().map(Vec::len), Some(3), "{mapped}");
    assert_eq!(mapped["changed"][0]["regions"][0]["condition"], "省份 = {北京, 上海}");
}

#[test]
fn a_map_naming_nothing_is_refused() {
    let (code, _, said) = run(&["diff", SHARED, SHARED, "--map", "地放=省级"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("原方案没有叫 `地放` 的层级、维度、取值或事项"), "{said}");
    let (code, _, said) = run(&["diff", SHARED, SHARED, "--map", "地方=省级"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("新方案没有叫 `省级`"), "{said}");
    let (code, _, said) = run(&["diff", SHARED, SHARED, "--map", "中央=地方", "--map", "中央=省"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("两次给出 `中央` 的新名称"), "{said}");
    // Onto a name the old plan has of its own: two levels would become one.
    let (code, _, said) = run(&["diff", SHARED, SHARED, "--map", "中央=地方"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("原方案已有 `地方`，两者会并为一个名称"), "{said}");
    // Swapped, each is mapped away: accepted.
    let (code, _, said) = run(&["diff", SHARED, SHARED, "--map", "中央=地方", "--map", "地方=中央"]);
    assert_eq!(code, Some(0), "{said}");
    let (code, _, said) = run(&["diff", SHARED, SHARED, "--map", "中央"]);
    assert_eq!(code, Some(2), "{said}");
    let (_, _, said) = run(&["--lang", "en", "diff", SHARED, SHARED, "--map", "地放=省级"]);
    assert!(
        said.contains("the old plan has no level, dimension, value or matter named `地放`"),
        "{said}"
    );
}

fn split_by(dimension: &str, values: [&str; 2]) -> String {
    let [wide, own] = values;
    format!(
        "文件 \"甲\" {{\n  文号 \"甲〔2025〕1号\"\n}}\n层级 省 > 市\n维度 {dimension} {{ {wide}, {own} }}\n事项 执法 \"执法\" 按 {dimension} {{\n  {wide} => 省  § \"1\"\n  {own} => 市  § \"2\"\n}}\n未列事项 => 待定  § \"3\"\n"
    )
}

#[test]
fn a_matter_split_by_another_dimension_is_said_so_not_flipped() {
    let folder = tempfile::tempdir().expect("temp dir");
    let old = write(folder.path(), "old.qz", &split_by("范围", ["全省", "本市"]));
    let new = write(folder.path(), "new.qz", &split_by("辖区", ["全域", "市域"]));
    let report = json_diff(&[&old, &new]);
    let change = &report["changed"][0];
    assert_eq!(change["matter"], "执法");
    assert_eq!(change["regions"], serde_json::json!([]), "no flip in every case");
    assert_eq!(
        change["resplit"],
        serde_json::json!({ "old": ["范围"], "new": ["辖区"] })
    );
    assert_eq!(report["levels"], serde_json::json!([]), "no level gains or loses it");
    let (_, markdown, _) = run(&["diff", &old, &new]);
    assert!(
        markdown.contains("原方案按 范围 划分此事项，新方案按 辖区 划分：两者的情形无法逐一对应"),
        "{markdown}"
    );
    let (_, english, _) = run(&["--lang", "en", "diff", &old, &new]);
    assert!(
        english.contains("The old plan splits this matter by 范围, the new one by 辖区"),
        "{english}"
    );
    // Named as one, they compare case by case: nothing changed.
    let mapped = json_diff(&[
        &old,
        &new,
        "--map",
        "范围=辖区",
        "--map",
        "全省=全域",
        "--map",
        "本市=市域",
    ]);
    assert_eq!(mapped["changed"], serde_json::json!([]), "{mapped}");
    // A dimension added (the old decision now varies along it) still compares case by case.
    let finer = split_by("范围", ["全省", "本市"]).replace(
        "事项 执法 \"执法\" 按 范围 {",
        "维度 影响 { 重大, 一般 }\n事项 执法 \"执法\" 按 范围, 影响 {\n  范围 = 本市 ∧ 影响 = 重大 => 省  § \"2\" 优先于 市辖",
    );
    let finer = finer.replace("  本市 => 市  § \"2\"", "  市辖: 本市 => 市  § \"2\"");
    let new = write(folder.path(), "finer.qz", &finer);
    let (code, _, stderr) = run(&["check", &new]);
    assert_eq!(code, Some(0), "{stderr}");
    let report = json_diff(&[&old, &new]);
    assert!(report["changed"][0].get("resplit").is_none(), "{report}");
    assert_eq!(
        report["changed"][0]["regions"][0]["condition"],
        "范围 = 本市 ∧ 影响 = 重大"
    );
}
