//! The amendment workflow from the command line: check, consolidate, table, diff and
//! query on amendments; finding the base; refusing paths that leave the project folder.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

mod common;
use common::{run, run_in};

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
const PARENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz");
const PARENT_NAME: &str = "gbf-ip-2023-48-partial.qz";
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/nmg-ip-2024-48-amendment-sample.qz"
);

/// A folder holding a copy of the real plan and an amendment of it.
fn project(amendment: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::copy(BASE, folder.path().join("plan.qz")).expect("copy");
    // The plan refines the national plan, named by its file next to it.
    std::fs::copy(PARENT, folder.path().join(PARENT_NAME)).expect("copy");
    std::fs::write(folder.path().join("amendment.qz"), amendment).expect("write");
    folder
}

fn amendment(reference: &str, body: &str) -> String {
    format!("修正案 \"测试\" {{\n  文号 \"测试〔2025〕1号\"\n  修正 {reference}\n}}\n{body}\n")
}

fn path(folder: &Path, name: &str) -> String {
    folder.join(name).display().to_string()
}

#[test]
fn the_sample_amendment_checks_clean() {
    let (code, stdout, _) = run(&["check", SAMPLE]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("修正后的方案 34 个事项"), "{stdout}");
}

#[test]
fn consolidate_writes_a_plan_that_checks_clean_with_the_same_table() {
    let project = copy_of_the_project();
    let (code, _, stderr) = run_in(project.path(), &["consolidate", SAMPLE_IN_PROJECT, "-o", "amended.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run_in(project.path(), &["check", "amended.qz", "--deny-warnings"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (_, from_amendment, _) = run(&["table", SAMPLE, "--format", "json"]);
    let (_, from_consolidated, _) = run_in(project.path(), &["table", "amended.qz", "--format", "json"]);
    assert_eq!(from_amendment, from_consolidated);
}

/// The sample amendment, as the README's recipe names it from the project's root.
const SAMPLE_IN_PROJECT: &str = "policies/nmg-ip-2024-48-amendment-sample.qz";

/// A project folder holding a copy of `policies/` (its plans only).
fn copy_of_the_project() -> tempfile::TempDir {
    let project = tempfile::tempdir().expect("temp dir");
    let policies = project.path().join("policies");
    std::fs::create_dir(&policies).expect("mkdir");
    let source = Path::new(BASE).parent().expect("policies");
    for entry in std::fs::read_dir(source).expect("policies").flatten() {
        if entry.path().extension().is_some_and(|e| e == "qz") {
            std::fs::copy(entry.path(), policies.join(entry.file_name())).expect("copy");
        }
    }
    project
}

/// The README's recipe verbatim, typed at the project's root: consolidate, then check
/// the result. The consolidated plan refines 国办发〔2023〕48号, whose file the base names
/// relative to policies/: it is named anew relative to wherever the plan is written
/// (before, `check amended.qz` was E0027: `gbf-ip-2023-48-partial.qz` is not at the root).
#[test]
fn the_readme_recipe_consolidates_a_plan_that_checks_clean_where_it_is_written() {
    let project = copy_of_the_project();
    let at = project.path();
    let (code, _, stderr) = run_in(at, &["consolidate", SAMPLE_IN_PROJECT, "-o", "amended.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = run_in(at, &["check", "amended.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("34 个事项"), "{stdout}");
    let written = std::fs::read_to_string(at.join("amended.qz")).expect("written");
    assert!(
        written.contains("细化 \"国办发〔2023〕48号\" \"policies/gbf-ip-2023-48-partial.qz\""),
        "{written}"
    );
    // Beside the plans: the path is the base's again.
    let (code, _, stderr) = run_in(at, &["consolidate", SAMPLE_IN_PROJECT, "-o", "policies/amended.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run_in(at, &["check", "policies/amended.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    // In a subfolder of its own the parent lies outside the plan's folder: consolidate says
    // which `--root` to check it with, and with it the plan checks clean.
    std::fs::create_dir(at.join("out")).expect("mkdir");
    let (code, _, stderr) = run_in(at, &["consolidate", SAMPLE_IN_PROJECT, "-o", "out/amended.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("--root ."), "{stderr}");
    let (code, _, stderr) = run_in(at, &["check", "out/amended.qz", "--root", "."]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run_in(at, &["check", "out/amended.qz"]);
    assert_eq!(code, Some(1), "outside the default project folder, said so: {stderr}");
    assert!(stderr.contains("E0023"), "{stderr}");
    // To standard output: relative to the current folder, where `>` writes.
    let (code, stdout, stderr) = run_in(at, &["consolidate", SAMPLE_IN_PROJECT]);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::write(at.join("piped.qz"), stdout).expect("write");
    let (code, _, stderr) = run_in(at, &["check", "piped.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn consolidate_of_a_plan_is_a_usage_error() {
    let (code, stdout, stderr) = run(&["consolidate", BASE]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("不是修正案"), "{stderr}");
}

#[test]
fn an_amendment_with_a_gap_writes_nothing_and_exits_1() {
    let folder = project(&amendment(
        "\"内政办发〔2024〕48号\" \"plan.qz\"",
        "增加维度值 范围 { 跨盟市 } § \"一\"",
    ));
    let out = path(folder.path(), "amended.qz");
    std::fs::write(&out, "previous").expect("write");
    let (code, stdout, stderr) = run(&["consolidate", &path(folder.path(), "amendment.qz"), "-o", &out]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(stderr.contains("E0008") && stderr.contains("amendment.qz") && stderr.contains("plan.qz"));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "previous");
}

#[test]
fn the_base_is_found_by_its_number_in_the_amendments_folder() {
    let folder = project(&amendment(
        "\"内政办发〔2024〕48号\"",
        "修改事项 专利导航 { 更改 \"一(三)2\" => 自治区 § \"一\" }",
    ));
    let (code, _, stderr) = run(&["check", &path(folder.path(), "amendment.qz")]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_missing_base_is_reported_on_the_amendments_words() {
    let folder = project(&amendment("\"内政办发〔2024〕48号\" \"nothere.qz\"", ""));
    let (code, _, stderr) = run(&["check", &path(folder.path(), "amendment.qz")]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0022") && stderr.contains("没有这个文件"), "{stderr}");
    let folder = project(&amendment("\"内政办发〔2099〕1号\"", ""));
    let (code, _, stderr) = run(&["check", &path(folder.path(), "amendment.qz")]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0022"), "{stderr}");
}

#[test]
fn base_given_on_the_command_line_wins() {
    let folder = project(&amendment("\"内政办发〔2024〕48号\" \"nothere.qz\"", ""));
    let (code, _, stderr) = run(&["check", &path(folder.path(), "amendment.qz"), "--base", BASE]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_base_outside_the_project_folder_is_refused() {
    let outer = tempfile::tempdir().expect("temp dir");
    std::fs::copy(BASE, outer.path().join("plan.qz")).expect("copy");
    std::fs::copy(PARENT, outer.path().join(PARENT_NAME)).expect("copy");
    let inner = outer.path().join("project");
    std::fs::create_dir(&inner).expect("mkdir");
    std::fs::write(
        inner.join("amendment.qz"),
        amendment("\"内政办发〔2024〕48号\" \"../plan.qz\"", ""),
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", &path(&inner, "amendment.qz")]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0023"), "{stderr}");
    // A wider project folder allows it.
    let root = outer.path().display().to_string();
    let (code, _, stderr) = run(&["check", &path(&inner, "amendment.qz"), "--root", &root]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symlink_that_leaves_the_project_folder_is_refused() {
    let outer = tempfile::tempdir().expect("temp dir");
    std::fs::copy(BASE, outer.path().join("plan.qz")).expect("copy");
    let inner = outer.path().join("project");
    std::fs::create_dir(&inner).expect("mkdir");
    std::os::unix::fs::symlink(outer.path().join("plan.qz"), inner.join("link.qz")).expect("symlink");
    std::fs::write(
        inner.join("amendment.qz"),
        amendment("\"内政办发〔2024〕48号\" \"link.qz\"", ""),
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", &path(&inner, "amendment.qz")]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("E0023"), "{stderr}");
}

#[test]
fn diff_reports_changes_and_no_change() {
    let (code, stdout, _) = run(&["diff", BASE, SAMPLE]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("专利代理师考试考务") && stdout.contains("经 内政办发〔2025〕示例1号 修正"));
    let (code, stdout, _) = run(&["diff", BASE, BASE]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("无变化"));
    let (code, stdout, _) = run(&["--lang", "en", "diff", BASE, SAMPLE, "--format", "json"]);
    assert_eq!(code, Some(0));
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(report["schema"], "quanze.diff/4");
    assert_eq!(report["renamed"][0]["to"], "职能部门承担事项");
}

#[test]
fn query_answers_with_the_deciding_rule_and_asks_for_what_it_needs() {
    let (code, stdout, _) = run(&[
        "query",
        BASE,
        "--matter",
        "执法与重大案件查办",
        "--when",
        "影响=全区重大",
        // The national plan keeps 全国重大 cases for 中央: the region answers only the rest.
        "--when",
        "全国影响=其他",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("财政事权：自治区") && stdout.contains("一(四)1"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["query", BASE, "--matter", "执法与重大案件查办"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("请给出它的值") && stderr.contains("可选的值"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["query", BASE, "--matter", "战略规划政策", "--when", "范围=盟"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("是否想写 `盟市`"), "{stderr}");
    // A slip of a listed name is refused with the name it is close to, not answered by the
    // catch-all; said to be unlisted, the catch-all decides, with its citation.
    let (code, stdout, stderr) = run(&["query", BASE, "--matter", "作品登计"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stderr.contains("`作品登记`"), "{stderr}");
    let (code, stdout, _) = run(&["query", BASE, "--matter", "作品登计", "--unlisted"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("未列事项") && stdout.contains("一(七)3"), "{stdout}");
    // On an amendment: the amended plan answers.
    let (code, stdout, _) = run(&["query", SAMPLE, "--matter", "专利代理师考试考务", "--format", "json"]);
    assert_eq!(code, Some(0));
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(answer["power"], serde_json::json!(["盟市"]));
    assert_eq!(answer["mark"], "transfer");
    assert_eq!(answer["rules"][0]["paragraph"], "修正二");
}

#[test]
fn query_names_the_exception_and_the_rule_it_overrides() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"t\" { 文号 \"t1\" }\n层级 自治区 > 盟市\n维度 范围 { 全区性, 盟市 }\n\
         事项 甲 \"甲\" 按 范围 {\n  基本: 任意 => 盟市 § \"一\"\n  全区性 => 自治区 § \"二\" 优先于 基本\n}\n",
    )
    .expect("write");
    let (code, stdout, _) = run(&[
        "query",
        &plan.display().to_string(),
        "--matter",
        "甲",
        "--when",
        "范围=全区性",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("依据：§ \"二\"") && stdout.contains("优先于：基本 § \"一\""),
        "{stdout}"
    );
}

/// One dimension given two values names no case: a usage error naming it (it used to
/// say "这一情形没有决定" on a plan that checks clean).
#[test]
fn query_refuses_a_dimension_given_twice() {
    let (code, stdout, stderr) = common::run(&[
        "query",
        "policies/nmg-ip-2024-48.qz",
        "--matter",
        "侵权纠纷行政裁决调解",
        "--when",
        "影响=全区重大",
        "--when",
        "影响=一般",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("两次给出维度 `影响`"), "{stderr}");
    assert!(!stderr.contains("没有决定"), "{stderr}");
}

/// The real plan refines 国办发〔2023〕48号: an amendment of it is checked against that
/// parent, as the plan itself is. Deleting 作品登记, which the parent gives 地方, leaves
/// the parent's matter undivided (E0030); the amended plan alone would be clean, and
/// was reported clean before.
#[test]
fn an_amendment_of_a_refining_plan_is_checked_against_the_parent() {
    let folder = project(&amendment(
        "\"内政办发〔2024〕48号\" \"plan.qz\"",
        "删除事项 作品登记 § \"一\"",
    ));
    let amendment_path = path(folder.path(), "amendment.qz");
    let (code, _, stderr) = run(&["check", &amendment_path]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0030]") && stderr.contains("作品登记"),
        "{stderr}"
    );
    // Shown on the drafter's files (the base's 细分), never on the consolidated text.
    assert!(stderr.contains("plan.qz:"), "{stderr}");
    let out = path(folder.path(), "amended.qz");
    let (code, _, _) = run(&["consolidate", &amendment_path, "-o", &out]);
    assert_eq!(code, Some(1));
    assert!(!Path::new(&out).exists(), "nothing is written for a plan with errors");
}

/// The base's parent must be found: a base whose `细化` names a file that is not there
/// is E0027 on the base's line, not an amended plan checked alone.
#[test]
fn an_amendment_of_a_plan_whose_parent_is_missing_is_e0027() {
    let folder = project(&amendment("\"内政办发〔2024〕48号\" \"plan.qz\"", ""));
    std::fs::remove_file(folder.path().join(PARENT_NAME)).expect("remove");
    let (code, _, stderr) = run(&["check", &path(folder.path(), "amendment.qz")]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[E0027]"), "{stderr}");
    assert!(stderr.contains("plan.qz:"), "{stderr}");
}

/// A small chain: the parent keeps the cases of national weight at 中央. An amendment
/// adding a rule for them is E0029, shown on the amendment's operation.
#[test]
fn an_amendment_deciding_a_case_the_parent_keeps_is_e0029_on_the_operation() {
    let folder = tempfile::tempdir().expect("temp dir");
    let parent = "文件 \"上级\" {\n  文号 \"上级〔2025〕1号\"\n}\n层级 中央 > 地方\n维度 全国影响 { 全国重大, 一般 }\n事项 执法 \"知识产权执法\" 按 全国影响 {\n  全国重大 => 中央  § \"1\"\n  一般     => 地方  § \"2\"\n}\n";
    let child = "文件 \"下级\" {\n  文号 \"下级〔2025〕1号\"\n  细化 \"上级〔2025〕1号\" \"parent.qz\"\n  细分 地方 => 自治区 > 盟市\n}\n层级 自治区 > 盟市\n维度 全国影响 { 全国重大, 一般 }\n事项 执法 \"知识产权执法\" 按 全国影响 {\n  一般 => 盟市  § \"1\"\n}\n";
    std::fs::write(folder.path().join("parent.qz"), parent).expect("write");
    std::fs::write(folder.path().join("plan.qz"), child).expect("write");
    std::fs::write(
        folder.path().join("amendment.qz"),
        amendment(
            "\"下级〔2025〕1号\" \"plan.qz\"",
            "修改事项 执法 {\n  增加 全国重大 => 自治区 § \"修正一\"\n}",
        ),
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", &path(folder.path(), "amendment.qz")]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[E0029]"), "{stderr}");
    assert!(stderr.contains("amendment.qz:6:"), "on the added rule: {stderr}");
    assert!(stderr.contains("parent.qz:7:"), "with the parent's rule: {stderr}");
}

/// `--chain` on an amendment lists the parent's rows and answers too: the amended plan
/// keeps its place in the chain (it used to answer for the amended plan alone, at exit 0).
#[test]
fn the_chained_table_and_query_of_an_amendment_include_the_parent() {
    let (code, stdout, stderr) = run(&["table", SAMPLE, "--chain", "--format", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("国办发〔2023〕48号,"), "{stdout}");
    assert!(stdout.contains("内政办发〔2024〕48号,"), "{stdout}");
    let (code, stdout, stderr) = run(&["query", SAMPLE, "--matter", "专利代理师考试考务", "--chain"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("【国办发〔2023〕48号】"), "{stdout}");
    assert!(stdout.contains("§ \"修正二\""), "the amended plan answers: {stdout}");
}

/// The consolidated text is a plan in its base's language: the record comments and the
/// keywords an operation writes follow the base's keywords, not the language messages are
/// shown in (`--lang en` wrote English comments into a Chinese plan).
#[test]
fn the_consolidated_text_speaks_its_bases_language_whatever_the_messages() {
    let project = copy_of_the_project();
    let (code, stdout, stderr) = run_in(project.path(), &["--lang", "en", "consolidate", SAMPLE_IN_PROJECT]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("# 合并文本：经 内政办发〔2025〕示例1号 修正"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("Consolidated text") && !stdout.contains(" by 内政办发"),
        "{stdout}"
    );

    let base = "policy \"Sample\" {\n  number \"S-1\"\n}\nlevels Region > League\nmatter enforcement \"IP enforcement\" => Region cite \"1\"\nmatter publicity \"publicity\" => League cite \"2\"\n";
    let change = "amendment \"Change\" {\n  number \"S-2\"\n  amends \"S-1\" \"base.qz\"\n}\namend enforcement {\n  change \"1\" => League cite \"A.1\"\n}\nremove matter publicity cite \"A.2\"\n";
    let folder = tempfile::tempdir().expect("dir");
    std::fs::write(folder.path().join("base.qz"), base).expect("write");
    std::fs::write(folder.path().join("change.qz"), change).expect("write");
    let (code, stdout, stderr) = run_in(folder.path(), &["consolidate", "change.qz"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("# Consolidated text, as amended by S-2."), "{stdout}");
    assert!(
        stdout.contains("# matter removed by S-2 cite \"A.2\"") || stdout.contains("matter removed by S-2"),
        "{stdout}"
    );
    assert!(stdout.contains("  any "), "{stdout}");
    assert!(!stdout.contains('：') && !stdout.contains("任意"), "{stdout}");
}
