//! Excerpts (节选, issue 16): a plan that encodes only part of its source. Against its
//! parent, the matters it leaves out are one W0011, not an E0030 each; `diff` lists the
//! matters an excerpt leaves out as not in the excerpt, not as removed; `query` does not
//! answer a matter an excerpt leaves out from its catch-all.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const NATIONAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-jbggfw-2018-6-excerpt.qz");

/// A provincial plan dividing one of the national plan's 32 matters given to 地方.
fn child(excerpt: bool) -> String {
    format!(
        "文件 \"下级\" {{\n  文号 \"下级〔2025〕1号\"\n  细化 \"国办发〔2023〕48号\" \"gbf-ip-2023-48-partial.qz\"\n  细分 地方 => 省 > 市\n{}}}\n层级 省 > 市\n维度 层面 {{ 全国, 地方 }}\n事项 风险预测预警 \"风险预测预警\" 按 层面 {{\n  地方 => 省  § \"1\"\n}}\n",
        if excerpt { "  节选\n" } else { "" }
    )
}

fn project(child_text: &str) -> (tempfile::TempDir, String) {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::copy(NATIONAL, folder.path().join("gbf-ip-2023-48-partial.qz")).expect("copy");
    let path = folder.path().join("child.qz");
    std::fs::write(&path, child_text).expect("write");
    (folder, path.display().to_string())
}

#[test]
fn an_excerpt_leaves_out_parent_matters_in_one_warning() {
    let (_folder, plan) = project(&child(true));
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("E0030"), "{stderr}");
    assert_eq!(stderr.matches("warning[W0011]").count(), 1, "{stderr}");
    assert!(
        stderr.contains("本方案为节选：`国办发〔2023〕48号` 划给 地方 的 31 个事项未列入"),
        "{stderr}"
    );
    // The first twenty by name, the rest counted: the note stays short.
    assert!(stderr.contains("`作品登记`"), "{stderr}");
    assert!(stderr.contains("等（另有 11 项）"), "{stderr}");
    let (code, _, _) = run(&["check", &plan, "--deny-warnings"]);
    assert_eq!(code, Some(1), "a warning all the same");
    let (_, _, english) = run(&["--lang", "en", "check", &plan]);
    assert!(
        english.contains("this plan is an excerpt and leaves out 31 of the matters `国办发〔2023〕48号` gives to 地方"),
        "{english}"
    );
    assert!(english.contains("and 11 more"), "{english}");
}

#[test]
fn without_the_mark_each_matter_left_out_is_e0030() {
    let (_folder, plan) = project(&child(false));
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr.matches("error[E0030]").count(), 31, "{stderr}");
    assert!(!stderr.contains("W0011"), "{stderr}");
}

#[test]
fn an_excerpt_still_divides_the_matters_it_lists_whole() {
    // 地方's part of the matter is left undecided: an excerpt is no licence for a gap.
    let text = child(true).replace("  地方 => 省  § \"1\"\n", "  全国 => 省  § \"1\"\n");
    let (_folder, plan) = project(&text);
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("E0008"), "{stderr}");
}

#[test]
fn the_excerpt_mark_stands_once() {
    let text = child(true).replace("  节选\n", "  节选\n  excerpt\n");
    let (_folder, plan) = project(&text);
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("节选标记"), "{stderr}");
}

#[test]
fn a_matter_the_parent_lists_and_the_excerpt_leaves_out_is_said_so_either_way() {
    let (_folder, plan) = project(&child(true));
    for unlisted in [false, true] {
        let mut args = vec!["query", plan.as_str(), "--matter", "作品登记"];
        if unlisted {
            args.push("--unlisted");
        }
        let (code, _, said) = run(&args);
        assert_eq!(code, Some(2), "{said}");
        assert!(said.contains("本方案为节选，没有列入事项 `作品登记`"), "{said}");
        assert!(!said.contains("--unlisted"), "no advice that leads nowhere: {said}");
    }
    // A name no plan lists: no advice to add --unlisted either.
    let (code, _, said) = run(&["query", SHARED, "--matter", "义务教育公用经费"]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("本方案为节选：未列入的事项可能在来源文件中另有划分"),
        "{said}"
    );
    assert!(!said.contains("加 `--unlisted`"), "{said}");
}

#[test]
fn query_does_not_answer_a_matter_an_excerpt_leaves_out() {
    let (code, _, stderr) = run(&["query", SHARED, "--matter", "学生资助", "--unlisted"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("本方案为节选"), "{stderr}");
    // Without the mark, the catch-all answers.
    let folder = tempfile::tempdir().expect("temp dir");
    let plain = folder.path().join("plain.qz");
    let text = std::fs::read_to_string(SHARED).expect("plan").replace("  节选\n", "");
    std::fs::write(&plain, text).expect("write");
    let plain = plain.display().to_string();
    let (code, answer, stderr) = run(&["query", &plain, "--matter", "学生资助", "--unlisted"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(answer.contains("待定"), "{answer}");
}

#[test]
fn diff_says_not_in_the_excerpt_rather_than_removed() {
    let folder = tempfile::tempdir().expect("temp dir");
    let full = std::fs::read_to_string(SHARED).expect("plan");
    // The old side: the three matters, not marked. The new: an excerpt of two.
    let old = folder.path().join("old.qz");
    std::fs::write(&old, full.replace("  节选\n", "")).expect("write");
    let start = full.find("  事项 计划生育扶助").expect("the matter");
    let end = start + full[start..].find("  }\n").expect("its end") + "  }\n".len();
    let two = format!("{}{}", &full[..start], &full[end..]);
    let new = folder.path().join("new.qz");
    std::fs::write(&new, &two).expect("write");
    let (old, new) = (old.display().to_string(), new.display().to_string());

    let (code, json, stderr) = run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["schema"], "quanze.diff/4");
    assert_eq!(json["not_in_excerpt"], serde_json::json!(["计划生育扶助"]));
    assert_eq!(json["removed"], serde_json::json!([]));
    // Left out is not lost: no level loses the matter.
    assert_eq!(json["levels"], serde_json::json!([]), "{json}");
    let (_, markdown, _) = run(&["diff", &old, &new]);
    assert!(markdown.contains("## 节选未列入的事项"), "{markdown}");
    // The other way round, the old plan the excerpt: the matter is not added either.
    let (_, json, _) = run(&["diff", &new, &old, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["not_in_excerpt"], serde_json::json!(["计划生育扶助"]));
    assert_eq!(json["added"], serde_json::json!([]));
    assert_eq!(json["levels"], serde_json::json!([]), "{json}");
    assert!(!markdown.contains("删除的事项"), "{markdown}");
    let (_, english, _) = run(&["--lang", "en", "diff", &old, &new]);
    assert!(english.contains("## Matters not in the excerpt"), "{english}");

    // Not marked, the same new plan removes the matter.
    let unmarked = folder.path().join("unmarked.qz");
    std::fs::write(&unmarked, two.replace("  节选\n", "")).expect("write");
    let unmarked = unmarked.display().to_string();
    let (_, json, _) = run(&["diff", &old, &unmarked, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["removed"], serde_json::json!(["计划生育扶助"]));
    assert_eq!(json["not_in_excerpt"], serde_json::json!([]));
    assert_ne!(json["levels"], serde_json::json!([]));
}

#[test]
fn tables_say_the_plan_is_an_excerpt() {
    let (code, json, _) = run(&["table", SHARED, "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["document"]["excerpt"], true);
    let (_, json, _) = run(&["table", NATIONAL, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(json["document"].get("excerpt").is_none(), "only an excerpt says so");
}
