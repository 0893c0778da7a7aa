//! Joint power (共同财政事权, issue 16): `事权 中央、地方 支出 { 中央 80%, 地方 20% }` gives
//! the power to both levels, whatever the shares. The real shared-domain excerpt
//! (国办发〔2018〕6号, policies/) checks clean; a province left out of its tiers is a gap
//! naming it, 大连 in two tiers a conflict naming both shares; every output shows both
//! levels as holders.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const EXCERPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-jbggfw-2018-6-excerpt.qz");
const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/sources/gbf-jbggfw-2018-6-excerpt.txt"
);

fn excerpt() -> String {
    std::fs::read_to_string(EXCERPT).expect("the excerpt")
}

fn write(folder: &std::path::Path, text: &str) -> String {
    let path = folder.join("plan.qz");
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn the_excerpt_checks_clean_and_inner_mongolia_pays_a_fifth() {
    let (code, _, stderr) = run(&["check", EXCERPT]);
    assert_eq!(code, Some(0), "{stderr}");
    // Every sentence of the source excerpt is cited.
    let (code, coverage, _) = run(&["coverage", EXCERPT, "--source", SOURCE]);
    assert_eq!(code, Some(0), "{coverage}");
    assert!(coverage.contains("未覆盖 0 句"), "{coverage}");

    let (code, answer, _) = run(&["query", EXCERPT, "--matter", "中职助学金", "--when", "省份=内蒙古"]);
    assert_eq!(code, Some(0));
    assert!(answer.contains("财政事权：中央、地方（共同财政事权）"), "{answer}");
    assert!(answer.contains("支出责任：中央 80%、地方 20%"), "{answer}");
    let (_, json, _) = run(&[
        "query",
        EXCERPT,
        "--matter",
        "计划生育扶助",
        "--when",
        "省份=大连",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["power"], serde_json::json!(["中央", "地方"]));
    assert_eq!(json["spending"][0]["percent"], 30);
    let (_, english, _) = run(&[
        "--lang",
        "en",
        "query",
        EXCERPT,
        "--matter",
        "中职助学金",
        "--when",
        "省份=北京",
    ]);
    assert!(english.contains("中央, 地方 (held jointly)"), "{english}");
}

#[test]
fn a_province_left_out_of_the_tiers_is_a_gap_naming_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    let text = excerpt().replacen("宁夏, 新疆 }", "新疆 }", 1);
    assert_ne!(text, excerpt());
    let plan = write(folder.path(), &text);
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0008"), "{stderr}");
    assert!(stderr.contains("未决定：省份 = 宁夏"), "{stderr}");
}

#[test]
fn dalian_in_two_tiers_is_a_conflict_naming_both_shares() {
    let folder = tempfile::tempdir().expect("temp dir");
    let text = excerpt().replacen("{ 辽宁, 福建, 山东 }", "{ 辽宁, 福建, 山东, 大连 }", 1);
    assert_ne!(text, excerpt());
    let plan = write(folder.path(), &text);
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0009"), "{stderr}");
    assert!(stderr.contains("省份 = 大连"), "{stderr}");
    assert!(stderr.contains("中央 50%"), "{stderr}");
    assert!(stderr.contains("中央 30%"), "{stderr}");
    assert!(stderr.contains("事权 中央、地方"), "{stderr}");
}

/// The tables say both holders: CSV and Markdown name them in one cell, JSON lists them,
/// DMN joins them and says `joint`, the report's matrix marks both levels 共同事权.
#[test]
fn every_output_shows_both_levels_as_holders() {
    let (code, csv, _) = run(&["table", EXCERPT, "--format", "csv", "--no-bom"]);
    assert_eq!(code, Some(0));
    assert!(
        csv.contains("中职助学金,中等职业教育国家助学金,\"省份 = {内蒙古, 广西, 重庆, 四川, 贵州, 云南, 西藏, 陕西, 甘肃, 青海, 宁夏, 新疆}\",中央、地方,中央 80%、地方 20%"),
        "{csv}"
    );
    let (_, markdown, _) = run(&["table", EXCERPT]);
    assert!(markdown.contains("| 中央、地方 | 中央 10%、地方 90% |"), "{markdown}");
    let (_, json, _) = run(&["table", EXCERPT, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["schema"], "quanze.table/2");
    assert_eq!(
        json["matters"][0]["rows"][0]["power"],
        serde_json::json!(["中央", "地方"])
    );
    // The catch-all is undecided: no holder.
    assert_eq!(json["unlisted"]["power"], serde_json::json!([]));
    let (_, dmn, _) = run(&["table", EXCERPT, "--format", "dmn"]);
    assert!(
        dmn.contains(r#"name="joint" label="共同财政事权" typeRef="boolean""#),
        "{dmn}"
    );
    assert!(dmn.contains("<text>\"中央、地方\"</text>"), "{dmn}");
    assert!(dmn.contains("<text>true</text>"), "{dmn}");

    let folder = tempfile::tempdir().expect("temp dir");
    let report = folder.path().join("report.html");
    let shown = report.display().to_string();
    let (code, _, stderr) = run(&["report", EXCERPT, "-o", &shown]);
    assert_eq!(code, Some(0), "{stderr}");
    let html = std::fs::read_to_string(&report).expect("report");
    let matrix = html.split("class=\"matrix\"").nth(1).expect("a matrix");
    let first_row = matrix.split("</tr>").nth(1).expect("a row");
    for level in ["中央", "地方"] {
        let cell = first_row
            .split(&format!("data-level=\"{level}\">"))
            .nth(1)
            .and_then(|rest| rest.split("</td>").next())
            .expect("the level's cell");
        assert!(cell.contains("共同事权"), "{level}: {cell}");
    }
}

/// The holders are a set: `事权 地方、中央` is `事权 中央、地方`, so two rules that say so
/// for the same cases agree; one holder named twice is E0002, and `按 隶属` among them
/// E0035 (a case's own level is one level).
#[test]
fn holders_are_a_set_of_named_levels() {
    let folder = tempfile::tempdir().expect("temp dir");
    let head = "文件 \"共同\" { 文号 \"示例〔2026〕1号\" }\n层级 中央 > 地方 > 县\n维度 隶属 : 层级\n";
    let plan = write(
        folder.path(),
        &format!(
            "{head}事项 补助 \"补助\" {{\n  a: 任意 => 事权 中央、地方 支出 {{ 中央 50%, 地方 50% }} § \"1\"\n  \
             b: 任意 => 事权 地方、中央 支出 {{ 地方 50%, 中央 50% }} § \"2\"\n}}\n未列事项 => 待定 § \"3\"\n"
        ),
    );
    let (code, _, stderr) = run(&["check", &plan]);
    assert_ne!(code, Some(2), "{stderr}");
    assert!(
        !stderr.contains("E0009"),
        "the same outcome twice is no conflict: {stderr}"
    );

    let plan = write(
        folder.path(),
        &format!(
            "{head}事项 补助 \"补助\" => 事权 中央、地方、中央 支出 {{ 中央 50%, 地方 50% }} § \"1\"\n未列事项 => 待定 § \"3\"\n"
        ),
    );
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0002"), "{stderr}");
    assert!(stderr.contains("共同财政事权的层级 `中央` 重复声明"), "{stderr}");

    // Spending with none of the holders is W0003, as for a single holder.
    let plan = write(
        folder.path(),
        &format!("{head}事项 补助 \"补助\" => 事权 中央、地方 支出 县 § \"1\"\n未列事项 => 待定 § \"3\"\n"),
    );
    let (_, _, stderr) = run(&["check", &plan]);
    assert!(stderr.contains("W0003"), "{stderr}");
    assert!(stderr.contains("财政事权在 中央、地方"), "{stderr}");
}

/// A matter that becomes joint: diff says 地方 gains the power and 中央 keeps it.
#[test]
fn diff_reports_the_level_that_joins_the_power() {
    let folder = tempfile::tempdir().expect("temp dir");
    let old = folder.path().join("old.qz");
    let new = folder.path().join("new.qz");
    let head = "文件 \"共同\" { 文号 \"示例〔2026〕1号\" }\n层级 中央 > 地方\n";
    std::fs::write(
        &old,
        format!("{head}事项 补助 \"补助\" => 事权 中央 支出 {{ 中央 80%, 地方 20% }} § \"1\"\n"),
    )
    .expect("write");
    std::fs::write(
        &new,
        format!("{head}事项 补助 \"补助\" => 事权 中央、地方 支出 {{ 中央 80%, 地方 20% }} § \"1\"\n"),
    )
    .expect("write");
    let (code, diff, stderr) = run(&["diff", &old.display().to_string(), &new.display().to_string()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(diff.contains("中央、地方"), "{diff}");
    let (_, json, _) = run(&[
        "diff",
        &old.display().to_string(),
        &new.display().to_string(),
        "--format",
        "json",
    ]);
    assert!(json.contains("gains_power"), "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let text = json.to_string();
    assert!(text.contains("\"gains_power\":[\"补助\"]"), "{text}");
}

/// A child plan divides 地方's side of a joint matter: the parent's joint power gives
/// 地方 a part, so the child must divide every joint matter (E0030 for one left out), and
/// may divide it jointly again; the chained answer shows each plan's holders and shares.
#[test]
fn a_child_plan_divides_the_local_side_of_a_joint_matter() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::copy(EXCERPT, folder.path().join("parent.qz")).expect("copy");
    let head = "文件 \"下级\" {\n  文号 \"示例〔2026〕1号\"\n  细化 \"国办发〔2018〕6号\" \"parent.qz\"\n  细分 地方 => 自治区 > 盟市\n}\n层级 自治区 > 盟市\n";
    let joint =
        "事项 中职助学金 \"中等职业教育国家助学金\" => 事权 自治区, 盟市 支出 { 自治区 50%, 盟市 50% }  § \"1\"\n";
    let rest = "事项 高中免学杂费 \"普通高中教育免学杂费补助\" => 自治区  § \"1\"\n未列事项 => 待定  § \"2\"\n";
    let child = folder.path().join("child.qz");
    std::fs::write(&child, format!("{head}{joint}{rest}")).expect("write");
    let child = child.display().to_string();
    let (code, _, stderr) = run(&["check", &child]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0030"), "{stderr}");
    assert!(stderr.contains("`计划生育扶助`"), "{stderr}");

    let last = "事项 计划生育扶助 \"计划生育扶助保障\" => 盟市  § \"1\"\n";
    std::fs::write(&child, format!("{head}{joint}{last}{rest}")).expect("write");
    let (code, _, stderr) = run(&["check", &child]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, answer, _) = run(&[
        "query",
        &child,
        "--matter",
        "中职助学金",
        "--when",
        "省份=内蒙古",
        "--chain",
    ]);
    assert_eq!(code, Some(0), "{answer}");
    assert!(
        answer.contains("财政事权：中央、地方（共同财政事权）\n支出责任：中央 80%、地方 20%"),
        "{answer}"
    );
    assert!(
        answer.contains("财政事权：自治区、盟市（共同财政事权）\n支出责任：自治区 50%、盟市 50%"),
        "{answer}"
    );
    // The region's 50% is of 地方's 20%: the answer says what each pays of the whole.
    let (code, answer, _) = run(&["query", &child, "--matter", "中职助学金", "--when", "省份=内蒙古"]);
    assert_eq!(code, Some(0), "{answer}");
    assert!(
        answer.contains("逐级合计：财政事权 中央、自治区、盟市；支出责任 中央 80%、自治区 10%、盟市 10%"),
        "{answer}"
    );
    let (_, json, _) = run(&[
        "query",
        &child,
        "--matter",
        "计划生育扶助",
        "--when",
        "省份=北京",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["overall"]["power"], serde_json::json!(["中央", "盟市"]));
    assert_eq!(
        json["overall"]["spending"],
        serde_json::json!([{ "level": "中央", "percent": 10 }, { "level": "盟市", "percent": 90 }])
    );
    // Asked without the province the plan above needs, the whole cannot be told: said so,
    // with whose part the shares are.
    let (code, answer, _) = run(&["query", &child, "--matter", "中职助学金"]);
    assert_eq!(code, Some(0), "{answer}");
    assert!(
        answer.contains("逐级合计：无法确定（上级方案 国办发〔2018〕6号 对这一问题没有唯一的答案"),
        "{answer}"
    );
    assert!(
        answer.contains("上面的比例是 国办发〔2018〕6号 划给 地方 部分之内的比例"),
        "{answer}"
    );
    // A plan alone has no whole-chain line: its shares are of the whole.
    let (_, alone, _) = run(&["query", EXCERPT, "--matter", "中职助学金", "--when", "省份=内蒙古"]);
    assert!(!alone.contains("逐级合计"), "{alone}");
}
