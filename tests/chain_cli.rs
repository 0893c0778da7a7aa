//! The chain of plans from the command line: 国办发〔2023〕48号 (partial) → 内政办发〔2024〕
//! 48号 → a sample league plan; scaffolding a child plan; chained query and table; the
//! parent that cannot be found or closes a circle.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

mod common;
use common::run;

const NATIONAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz");
const REGION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
const LEAGUE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-league-sample.qz");

/// A folder with copies of the national and regional plans, and `child` written in it.
fn project(child: Option<&str>) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    for plan in [NATIONAL, REGION] {
        let name = Path::new(plan).file_name().expect("name");
        std::fs::copy(plan, folder.path().join(name)).expect("copy");
    }
    if let Some(text) = child {
        std::fs::write(folder.path().join("child.qz"), text).expect("write");
    }
    folder
}

fn in_folder(folder: &Path, name: &str) -> String {
    folder.join(name).display().to_string()
}

#[test]
fn the_three_plans_check_clean_together() {
    let (code, stdout, stderr) = run(&["check", NATIONAL, REGION, LEAGUE, "--deny-warnings"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("24 个事项"), "{stdout}");
}

#[test]
fn the_scaffold_fails_with_one_gap_per_matter_and_fills_to_clean() {
    let folder = project(None);
    let draft = in_folder(folder.path(), "draft.qz");
    let region = in_folder(folder.path(), "nmg-ip-2024-48.qz");
    let (code, _, stderr) = run(&[
        "scaffold",
        &region,
        "--for",
        "盟市",
        "--levels",
        "盟市本级,旗县",
        "-o",
        &draft,
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&draft).expect("draft");
    assert!(
        text.contains("细化 \"内政办发〔2024〕48号\" \"nmg-ip-2024-48.qz\""),
        "{text}"
    );
    let matters = text.matches("\n  事项 ").count();
    assert_eq!(matters, 24);
    let (code, _, stderr) = run(&["check", &draft]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr.matches("error[E0008]").count(), matters, "{stderr}");
    assert_eq!(stderr.matches("error[").count(), matters, "{stderr}");
    // Its levels are unused only until its matters are written: no W0004 for them yet
    // (before, one for each of the draft's levels).
    assert!(!stderr.contains("W0004"), "{stderr}");

    // Writing the draft again does not overwrite it.
    let (code, _, stderr) = run(&["scaffold", &region, "--for", "盟市", "-o", &draft]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--force"), "{stderr}");
}

#[test]
fn an_unknown_level_to_scaffold_is_a_usage_error_with_a_suggestion() {
    let (code, stdout, stderr) = run(&["scaffold", REGION, "--for", "盟"]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("`盟市`"), "{stderr}");
}

#[test]
fn a_chained_query_answers_at_every_level() {
    let (code, stdout, stderr) = run(&[
        "query",
        LEAGUE,
        "--matter",
        "人才队伍建设",
        "--when",
        "隶属=旗县",
        "--chain",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let national = stdout.find("【国办发〔2023〕48号】").expect("national");
    let region = stdout.find("【内政办发〔2024〕48号】").expect("region");
    let league = stdout.find("【示例〔2025〕1号】").expect("league");
    assert!(national < region && region < league, "{stdout}");
    assert!(stdout.contains("情形：隶属 = 地方"), "{stdout}");
    assert!(stdout.contains("情形：隶属 = 盟市"), "{stdout}");
    assert!(stdout.contains("财政事权：旗县"), "{stdout}");
    assert!(stdout.contains("§ \"一(七)1\""), "{stdout}");

    let (code, stdout, _) = run(&[
        "query",
        LEAGUE,
        "--matter",
        "维权援助",
        "--when",
        "辖区=旗县",
        "--when",
        "层面=地方",
        "--when",
        "范围=盟市",
        "--chain",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let links: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(links.as_array().map(Vec::len), Some(3));
    assert_eq!(links[0]["answer"]["power"], serde_json::json!(["地方"]));
    assert_eq!(links[1]["answer"]["power"], serde_json::json!(["盟市"]));
    assert_eq!(links[2]["answer"]["power"], serde_json::json!(["旗县"]));
    assert_eq!(links[2]["answer"]["mark"], "transfer");
}

/// A plan above that splits the matter by a value the question leaves open, some of whose
/// cases it keeps above: the plan below cannot answer for all of them, so the value is
/// asked for. (Before, the league answered 旗县 at exit 0, the national plan's 中央 cases
/// included.)
#[test]
fn a_chained_query_asks_for_the_value_a_plan_above_depends_on() {
    for chained in [true, false] {
        let mut args = vec!["query", LEAGUE, "--matter", "维权援助", "--when", "辖区=旗县"];
        if chained {
            args.push("--chain");
        }
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, Some(2), "{stdout}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(
            stderr.contains("取决于 `层面`") && stderr.contains("上级方案 `国办发〔2023〕48号`"),
            "{stderr}"
        );
    }
}

/// Issue 13, item 1: a case the parent keeps above is answered as the parent's, never by
/// the child's residual clause ("未列入中央、自治区财政事权的……") — with and without
/// `--chain`, in words and in a JSON field. Before, `--chain` printed 盟市 for the region
/// citing 一(四)2 at exit 0, and without it the parent's dimension was refused.
#[test]
fn a_query_on_a_case_the_parent_keeps_is_answered_by_the_parent() {
    let case = [
        "query",
        REGION,
        "--matter",
        "侵权纠纷行政裁决调解",
        "--when",
        "影响=一般",
        "--when",
        "全国影响=全国重大",
    ];
    let (code, stdout, stderr) = run(&case);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("由上级方案 国办发〔2023〕48号 划归 中央，不由本方案划分"),
        "{stdout}"
    );
    assert!(stdout.contains("财政事权：中央"), "{stdout}");
    assert!(stdout.contains("依据：国办发〔2023〕48号 § \"一(四)\""), "{stdout}");
    assert!(!stdout.contains("一(四)2") && !stdout.contains("盟市"), "{stdout}");

    let (code, stdout, _) = run(&[&case[..], &["--format", "json"]].concat());
    assert_eq!(code, Some(0));
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(answer["kept_above_by"], "国办发〔2023〕48号");
    assert_eq!(answer["power"], serde_json::json!(["中央"]));
    assert_eq!(answer["rules"][0]["paragraph"], "一(四)");

    let (code, stdout, _) = run(&[&case[..], &["--chain"]].concat());
    assert_eq!(code, Some(0));
    let region = stdout.find("【内政办发〔2024〕48号】").expect("region");
    let below = stdout.get(region..).unwrap_or_default();
    assert!(
        below.contains("此情形由上级方案 国办发〔2023〕48号 划归 中央，不由本方案划分"),
        "{stdout}"
    );
    assert!(!stdout.contains("一(四)2"), "{stdout}");

    let (code, stdout, _) = run(&[&case[..], &["--chain", "--format", "json"]].concat());
    assert_eq!(code, Some(0));
    let links: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(links[0]["answer"]["power"], serde_json::json!(["中央"]));
    assert_eq!(links[1]["kept_above_by"], "国办发〔2023〕48号");
    assert!(links[1].get("answer").is_none(), "{stdout}");

    // The part the parent gives down is the region's to answer.
    let given = [&case[..6], &["--when", "全国影响=其他"]].concat();
    let (code, stdout, _) = run(&given);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("财政事权：盟市") && stdout.contains("一(四)2"),
        "{stdout}"
    );
}

/// Issue 13, item 2: a matter named by a prefix of a listed name is refused with the name
/// (exit 2), not answered 待定 by the catch-all; the matter's own wording in the document
/// means that matter; `--unlisted` confirms a matter no plan lists, and `--when` on it is
/// refused. Before, both names answered 待定 through 未列事项 at exit 0, ignoring `--when`.
#[test]
fn a_matter_is_meant_by_its_name_or_wording_and_a_close_name_is_refused() {
    let (code, stdout, stderr) = run(&["query", REGION, "--matter", "侵权纠纷", "--when", "影响=一般"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("`侵权纠纷行政裁决调解`") && stderr.contains("--unlisted"),
        "{stderr}"
    );

    let (code, stdout, stderr) = run(&[
        "query",
        REGION,
        "--matter",
        "知识产权侵权纠纷的行政裁决和行政调解",
        "--when",
        "影响=一般",
        "--when",
        "全国影响=其他",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("事项：侵权纠纷行政裁决调解"), "{stdout}");
    assert!(
        stdout.contains("财政事权：盟市") && !stdout.contains("待定"),
        "{stdout}"
    );

    let (code, stdout, _) = run(&["query", REGION, "--matter", "侵权纠纷", "--unlisted"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("待定") && stdout.contains("一(七)3"), "{stdout}");
    let (code, _, stderr) = run(&[
        "query",
        REGION,
        "--matter",
        "侵权纠纷",
        "--unlisted",
        "--when",
        "影响=一般",
    ]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("去掉 `--when`"), "{stderr}");
    let (code, _, stderr) = run(&["query", REGION, "--matter", "作品登记", "--unlisted"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("去掉 `--unlisted`"), "{stderr}");

    // A name close to nothing listed is answered by the catch-all only when the user says
    // it is not listed (it may be another office's word for a listed matter).
    let (code, _, stderr) = run(&["query", REGION, "--matter", "商标注册"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`--unlisted`"), "{stderr}");
    let (code, stdout, _) = run(&["query", REGION, "--matter", "商标注册", "--unlisted"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("方案未列出此事项"), "{stdout}");
}

/// The values given for a plan above stay in the answer's case (the answer holds for
/// them); a dimension the asked plan shares with the plan above (隶属, level-valued) is
/// asked for in the asked plan's values; an amendment's renamed matter, asked by its old
/// name, is refused with the new one. Before, the case dropped 全国影响 = 其他, the
/// question was `--when 隶属=中央` (a value the region refuses), and the old name got the
/// catch-all's 待定 at exit 0.
#[test]
fn a_chained_answer_keeps_every_value_and_asks_in_the_plans_own_terms() {
    let (code, stdout, _) = run(&[
        "query",
        REGION,
        "--matter",
        "侵权纠纷行政裁决调解",
        "--when",
        "影响=一般",
        "--when",
        "全国影响=其他",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(answer["case"][1]["dimension"], "全国影响");
    assert_eq!(answer["case"][1]["value"], "其他");

    let (code, _, stderr) = run(&["query", REGION, "--matter", "人才队伍建设"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`自治区`、`盟市`") && !stderr.contains("隶属=中央"),
        "{stderr}"
    );

    let amendment = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/nmg-ip-2024-48-amendment-sample.qz"
    );
    let (code, stdout, stderr) = run(&["query", amendment, "--matter", "职能部门及所属机构承担事项"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stderr.contains("更名为 `职能部门承担事项`"), "{stderr}");
}

/// `--list`: every matter with its wording, its dimensions and values, and what the plans
/// above split it by, in words and JSON.
#[test]
fn the_matters_can_be_listed() {
    let (code, stdout, stderr) = run(&["query", REGION, "--list"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("侵权纠纷行政裁决调解  “知识产权侵权纠纷的行政裁决和行政调解”  （章节 一(四)）"),
        "{stdout}"
    );
    assert!(stdout.contains("    按 影响 {全区重大, 一般}"), "{stdout}");
    assert!(
        stdout.contains("    上级方案 国办发〔2023〕48号 按 全国影响 {全国重大, 其他}"),
        "{stdout}"
    );
    assert!(stdout.contains("--unlisted"), "{stdout}");
    let (code, stdout, _) = run(&["query", REGION, "--list", "--format", "json"]);
    assert_eq!(code, Some(0));
    let matters: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(matters.as_array().map(Vec::len), Some(33));
    let (code, _, _) = run(&["query", REGION, "--list", "--matter", "作品登记"]);
    assert_eq!(code, Some(2), "--list lists; it does not answer");
}

#[test]
fn a_query_on_a_case_the_parent_keeps_says_so() {
    let child = "文件 \"下级\" {\n  文号 \"下级〔2025〕1号\"\n  细化 \"国办发〔2023〕48号\" \"gbf-ip-2023-48-partial.qz\"\n  细分 地方 => 省 > 市\n}\n层级 省 > 市\n维度 层面 { 全国, 地方 }\n事项 风险预测预警 \"风险预测预警\" 按 层面 {\n  地方 => 省  § \"1\"\n}\n";
    let folder = project(Some(child));
    let path = in_folder(folder.path(), "child.qz");
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(1), "the other matters the parent gives 地方 are missing");
    assert!(stderr.contains("error[E0030]"), "{stderr}");
    assert!(!stderr.contains("E0008"), "the kept case is no gap: {stderr}");
}

#[test]
fn the_chained_table_lists_every_plan_per_matter() {
    let (code, stdout, stderr) = run(&["table", LEAGUE, "--chain"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("国办发〔2023〕48号 → 内政办发〔2024〕48号 → 示例〔2025〕1号"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| 国办发〔2023〕48号 | 层面 = 全国 | 中央 | 中央 |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| 示例〔2025〕1号 | 辖区 = 旗县 | 旗县 | 盟市本级 50%、旗县 50% |"),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["table", LEAGUE, "--chain", "--format", "json"]);
    assert_eq!(code, Some(0));
    let tables: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(tables.as_array().map(Vec::len), Some(3));
}

/// The chained JSON is every plan's whole table, top first, in one array: written matter
/// by matter, it must be the bytes of serde_json's pretty array of the tables each plan
/// gives alone, in both languages.
#[test]
fn the_chained_json_is_the_array_of_every_plans_own_table() {
    for lang in ["zh", "en"] {
        let own: Vec<String> = [NATIONAL, REGION, LEAGUE]
            .iter()
            .map(|plan| {
                let (code, stdout, stderr) = run(&["--lang", lang, "table", plan, "--format", "json"]);
                assert_eq!(code, Some(0), "{stderr}");
                stdout
            })
            .collect();
        let expected = format!(
            "[\n  {}\n]\n",
            own.iter()
                .map(|table| table.trim_end().replace('\n', "\n  "))
                .collect::<Vec<_>>()
                .join(",\n  ")
        );
        let (code, chained, stderr) = run(&["--lang", lang, "table", LEAGUE, "--chain", "--format", "json"]);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(chained, expected);
    }
}

#[test]
fn the_chained_csv_names_the_plan_of_every_row() {
    let (code, stdout, stderr) = run(&["table", LEAGUE, "--chain", "--format", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("\u{FEFF}文号,章节,事项,原文表述,条件,财政事权,支出责任,方式,待定理由,出处")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.contains(
            &"国办发〔2023〕48号,一(一),战略规划政策,制定实施知识产权战略、规划、政策,层面 = 全国,中央,中央,,,§ 一(一)"
        ),
        "{stdout}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("示例〔2025〕1号,") && r.contains(",辖区 = 旗县,旗县,盟市本级 50%、旗县 50%,")),
        "{stdout}"
    );
    // As many rows as the chained Markdown table has.
    let (_, markdown, _) = run(&["table", LEAGUE, "--chain"]);
    let plans = [
        "| 国办发〔2023〕48号 |",
        "| 内政办发〔2024〕48号 |",
        "| 示例〔2025〕1号 |",
    ];
    let markdown_rows = markdown
        .lines()
        .filter(|l| plans.iter().any(|p| l.starts_with(p)))
        .count();
    assert_eq!(rows.len(), markdown_rows);
    // And with the whole-file `-o`, the same bytes.
    let folder = tempfile::tempdir().expect("temp dir");
    let out = in_folder(folder.path(), "chain.csv");
    let (code, _, stderr) = run(&["table", LEAGUE, "--chain", "-o", &out]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).expect("written"), stdout);
}

#[test]
fn a_chained_table_is_refused_as_dmn_and_with_a_source() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = in_folder(folder.path(), "chain.dmn");
    for args in [
        vec!["table", LEAGUE, "--chain", "--format", "dmn"],
        vec!["table", LEAGUE, "--chain", "-o", &out],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("DMN 文件只容纳一个方案的决策表"), "{stderr}");
    }
    let (_, _, stderr) = run(&["--lang", "en", "table", LEAGUE, "--chain", "--format", "dmn"]);
    assert!(
        stderr.contains("a DMN file holds one plan's decision tables"),
        "{stderr}"
    );
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/sources/nmg-ip-2024-48.txt");
    let xlsx = in_folder(folder.path(), "chain.xlsx");
    let (code, _, stderr) = run(&["table", LEAGUE, "--chain", "--source", source, "-o", &xlsx]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("`--chain` 与 `--source` 不能同时使用"), "{stderr}");
    assert_eq!(std::fs::read_dir(folder.path()).expect("folder").count(), 0);
}

#[test]
fn a_limit_below_the_sample_league_share_warns() {
    let text = std::fs::read_to_string(LEAGUE).expect("league");
    let lowered = text.replace("上限 旗县 支出 <= 50%", "上限 旗县 支出 <= 40%");
    assert_ne!(text, lowered);
    let folder = project(None);
    std::fs::write(folder.path().join("league.qz"), lowered).expect("write");
    let path = in_folder(folder.path(), "league.qz");
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(0), "a warning only: {stderr}");
    assert!(
        stderr.contains("warning[W0006]: 旗县 承担支出责任的事项占 45.83%（11/24），超过上限 40%"),
        "{stderr}"
    );
}

#[test]
fn a_missing_parent_is_e0027_on_the_refines_line() {
    let child =
        "文件 \"下级\" {\n  细化 \"国办发〔2023〕48号\" \"nowhere.qz\"\n  细分 地方 => 省 > 市\n}\n层级 省 > 市\n";
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(folder.path().join("child.qz"), child).expect("write");
    let (code, _, stderr) = run(&["check", &in_folder(folder.path(), "child.qz")]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[E0027]: 找不到上级方案"), "{stderr}");
    assert!(stderr.contains("child.qz:2:"), "{stderr}");
}

#[test]
fn a_parent_outside_the_project_folder_is_refused() {
    let folder = project(None);
    let inner = folder.path().join("league");
    std::fs::create_dir(&inner).expect("dir");
    let child = "文件 \"下级\" {\n  细化 \"内政办发〔2024〕48号\" \"../nmg-ip-2024-48.qz\"\n  细分 盟市 => 本级 > 旗县\n}\n层级 本级 > 旗县\n";
    std::fs::write(inner.join("child.qz"), child).expect("write");
    let path = in_folder(&inner, "child.qz");
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0023"), "{stderr}");
    // With the wider project folder named, the parent is found.
    let root = folder.path().display().to_string();
    let (_, _, stderr) = run(&["check", &path, "--root", &root]);
    assert!(!stderr.contains("E0023"), "{stderr}");
}

#[test]
fn plans_refining_each_other_in_a_circle_are_e0027() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = |own: &str, other: &str| {
        format!(
            "文件 \"{own}\" {{\n  文号 \"{own}\"\n  细化 \"{other}\" \"{other}.qz\"\n  细分 甲 => 甲\n}}\n层级 甲\n事项 m => 甲 § \"1\"\n"
        )
    };
    std::fs::write(folder.path().join("a.qz"), plan("a", "b")).expect("write");
    std::fs::write(folder.path().join("b.qz"), plan("b", "a")).expect("write");
    let (code, _, stderr) = run(&["check", &in_folder(folder.path(), "a.qz")]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[E0027]: 方案的细化关系成环"), "{stderr}");
}

#[test]
fn an_english_scaffold_uses_english_keywords_and_fails_per_matter() {
    let folder = project(None);
    let national = in_folder(folder.path(), "gbf-ip-2023-48-partial.qz");
    let draft = in_folder(folder.path(), "draft.qz");
    let (code, _, stderr) = run(&["--lang", "en", "scaffold", &national, "--for", "地方", "-o", &draft]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&draft).expect("draft");
    assert!(
        text.contains("refines \"国办发〔2023〕48号\" \"gbf-ip-2023-48-partial.qz\""),
        "{text}"
    );
    assert!(text.contains("subdivides 地方 => 地方_own > lower"), "{text}");
    let matters = text.matches("\n  matter ").count();
    let (code, _, stderr) = run(&["--lang", "en", "check", &draft]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr.matches("error[E0008]").count(), matters, "{stderr}");
    assert_eq!(stderr.matches("error[").count(), matters, "{stderr}");
}

/// A parent that keeps the cases of national weight at 中央 and gives the rest to 地方.
const WEIGHTED_PARENT: &str = "文件 \"上级\" {\n  文号 \"上级〔2025〕1号\"\n}\n层级 中央 > 地方\n维度 全国影响 { 全国重大, 一般 }\n事项 执法 \"知识产权执法\" 按 全国影响 {\n  全国重大 => 中央  § \"1\"\n  一般     => 地方  § \"2\"\n}\n";

/// A child of [`WEIGHTED_PARENT`] splitting 执法 by the parent's 全国影响 and its own 影响.
fn weighted_child(rules: &str) -> String {
    format!(
        "文件 \"下级\" {{\n  文号 \"下级〔2025〕1号\"\n  细化 \"上级〔2025〕1号\" \"parent.qz\"\n  细分 地方 => 自治区 > 盟市\n}}\n层级 自治区 > 盟市\n维度 全国影响 {{ 全国重大, 一般 }}\n维度 影响 {{ 全区重大, 一般 }}\n事项 执法 \"知识产权执法\" 按 全国影响, 影响 {{\n{rules}}}\n"
    )
}

#[test]
fn a_rule_not_testing_the_parents_dimension_covers_only_the_part_given() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(folder.path().join("parent.qz"), WEIGHTED_PARENT).expect("write");
    // Neither rule tests 全国影响: each covers only the 一般 cases the parent gives 地方.
    let clean = weighted_child("  影响 = 全区重大 => 自治区  § \"1\"\n  影响 = 一般 => 盟市  § \"2\"\n");
    std::fs::write(folder.path().join("child.qz"), &clean).expect("write");
    let child = in_folder(folder.path(), "child.qz");
    let (code, _, stderr) = run(&["check", &child, "--deny-warnings"]);
    assert_eq!(code, Some(0), "{stderr}");
    // The table has only the part the parent gives 地方.
    let (code, stdout, stderr) = run(&["table", &child, "--format", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.contains("全国重大"), "{stdout}");
    assert!(stdout.contains("全国影响 = 一般"), "{stdout}");
    // A rule that names the kept value is E0029, and only that rule.
    let reaching = weighted_child(
        "  影响 = 全区重大 => 自治区  § \"1\"\n  影响 = 一般 => 盟市  § \"2\"\n  全国影响 = 全国重大 => 自治区  § \"3\"\n",
    );
    std::fs::write(folder.path().join("child.qz"), &reaching).expect("write");
    let (code, _, stderr) = run(&["check", &child]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.matches("error[E0029]").count(), 1, "{stderr}");
    assert!(stderr.contains("child.qz:12:"), "on the third rule: {stderr}");
}

/// The parent cuts 投资额 at 50 (中央 from 50 on); the child at 20 only. Its pieces were
/// cut at its own thresholds alone, so `投资额 >= 20 => 自治区` seemed to decide the
/// parent's 中央 cases, and the child's table and query answered 自治区 for 投资额 = 80 at
/// exit 0. The child's pieces are now cut at the parent's thresholds too.
#[test]
fn a_child_numeric_range_across_the_parents_threshold_is_e0029() {
    let folder = tempfile::tempdir().expect("temp dir");
    let parent = "文件 \"上级\" { 文号 \"上级〔2025〕1号\" }\n层级 中央 > 地方\n维度 投资额 : 数值 万元 [0, ∞)\n事项 建设 \"建设\" 按 投资额 {\n  投资额 >= 50 => 中央  § \"1\"\n  投资额 < 50  => 地方  § \"2\"\n}\n";
    std::fs::write(folder.path().join("parent.qz"), parent).expect("write");
    let child = |upper: &str| {
        format!(
            "文件 \"下级\" {{\n  文号 \"下级〔2025〕1号\"\n  细化 \"上级〔2025〕1号\" \"parent.qz\"\n  细分 地方 => 自治区 > 盟市\n}}\n层级 自治区 > 盟市\n维度 投资额 : 数值 万元 [0, ∞)\n事项 建设 \"建设\" 按 投资额 {{\n  {upper} => 自治区  § \"1\"\n  投资额 < 20  => 盟市  § \"2\"\n}}\n"
        )
    };
    let path = in_folder(folder.path(), "child.qz");
    std::fs::write(&path, child("投资额 >= 20")).expect("write");
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[E0029]"), "{stderr}");
    assert!(stderr.contains("投资额 = [50, ∞) 万元"), "{stderr}");
    let (code, stdout, _) = run(&["query", &path, "--matter", "建设", "--when", "投资额=80"]);
    assert_ne!(code, Some(0), "no answer from a plan with errors: {stdout}");
    // Written as the part the parent gives: clean, and 80 is the parent's.
    std::fs::write(&path, child("投资额 = [20, 50)")).expect("write");
    let (code, _, stderr) = run(&["check", &path, "--deny-warnings"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = run(&["query", &path, "--matter", "建设", "--when", "投资额=80"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("由上级方案 上级〔2025〕1号 划归 中央") && stdout.contains("财政事权：中央"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(&["query", &path, "--matter", "建设", "--when", "投资额=30"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("财政事权：自治区"), "{stdout}");
}

/// A parent file with no 文号 is said to have none in the drafter's language: the
/// English message once read `（无文号）`, the Chinese words filling both languages.
#[test]
fn a_parent_without_a_number_is_said_so_in_english() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        folder.path().join("parent.qz"),
        "文件 \"父\" { }\n层级 中央 > 地方\n未列事项 => 地方 § \"1\"\n",
    )
    .expect("write");
    let child = folder.path().join("child.qz");
    std::fs::write(
        &child,
        "文件 \"子\" {\n  文号 \"子〔1〕号\"\n  细化 \"父〔1〕号\" \"parent.qz\"\n  细分 地方 => 省 > 市\n}\n层级 省 > 市\n未列事项 => 省 § \"1\"\n",
    )
    .expect("write");
    let child = child.to_str().expect("UTF-8");
    let (code, _, stderr) = run(&["--lang", "en", "check", child]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the parent plan's file is numbered `(no number)`, not `父〔1〕号`"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&["check", child]);
    assert!(stderr.contains("上级方案文件的文号是 `（无文号）`"), "{stderr}");
}
