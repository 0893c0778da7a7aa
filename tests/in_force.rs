//! `--on DAY` (issue 16): `query` and `table` answer with the documents in force that day —
//! the plan from its 施行 (or 印发), with the amendment of it in force that day found in
//! its folder — and say which on stderr. A day before the plan, two amendments in force at
//! once, an amendment without 施行: refused (exit 2), never answered from another text.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
const AMENDMENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/nmg-ip-2024-48-amendment-sample.qz"
);
const NATIONAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz");

/// 专利代理师考试考务: 自治区's in the plan, 盟市's from the sample amendment (施行 2025-07-01).
fn exam(file: &str, on: &str) -> (Option<i32>, String, String) {
    run(&["query", file, "--matter", "专利代理师考试考务", "--on", on])
}

#[test]
fn before_the_amendment_the_plan_answers_and_after_it_the_amended_plan() {
    let (code, answer, said) = exam(PLAN, "2025-03-01");
    assert_eq!(code, Some(0), "{said}");
    assert!(answer.contains("财政事权：自治区"), "{answer}");
    assert!(
        said.contains("按 2025-03-01 施行的文件作答：《内蒙古自治区知识产权领域自治区与盟市财政事权和支出责任划分改革实施方案》（内政办发〔2024〕48号，自 2024-11-21 起施行），无施行中的修正案"),
        "{said}"
    );
    let (code, answer, said) = exam(PLAN, "2025-07-01");
    assert_eq!(code, Some(0), "{said}");
    assert!(answer.contains("财政事权：盟市"), "{answer}");
    assert!(said.contains("经《关于修改〈内蒙古"), "{said}");
    assert!(
        said.contains("（内政办发〔2025〕示例1号，自 2025-07-01 起施行）"),
        "{said}"
    );
    // Asked of the amendment, a day before it takes effect: its plan answers.
    let (code, answer, said) = exam(AMENDMENT, "2025-06-30");
    assert_eq!(code, Some(0), "{said}");
    assert!(answer.contains("财政事权：自治区"), "{answer}");
    let (_, _, said) = run(&[
        "--lang",
        "en",
        "query",
        PLAN,
        "--matter",
        "专利代理师考试考务",
        "--on",
        "2025-08-01",
    ]);
    assert!(said.contains("answered as in force on 2025-08-01: “"), "{said}");
    assert!(said.contains(", as amended by “"), "{said}");
}

#[test]
fn without_on_the_file_answers_as_it_is() {
    let (code, answer, said) = run(&["query", PLAN, "--matter", "专利代理师考试考务"]);
    assert_eq!(code, Some(0));
    assert!(answer.contains("财政事权：自治区"), "{answer}");
    assert!(!said.contains("施行的文件作答"), "{said}");
}

#[test]
fn a_day_before_the_plan_is_refused() {
    let (code, answer, said) = exam(PLAN, "2024-11-20");
    assert_eq!(code, Some(2));
    assert!(answer.is_empty(), "{answer}");
    assert!(said.contains("自 2024-11-21 起施行，2024-11-20 时尚未施行"), "{said}");
    let (code, _, said) = exam(PLAN, "2024-11-21");
    assert_eq!(code, Some(0), "{said}");
}

#[test]
fn a_plan_without_an_effective_date_is_refused() {
    // Its 印发 is not taken for it: a plan may take effect on another day.
    let text: String = std::fs::read_to_string(PLAN)
        .expect("plan")
        .lines()
        .filter(|line| !line.starts_with("  施行 "))
        .map(|line| format!("{line}\n"))
        .collect();
    let (_folder, plan) = project(&[]);
    std::fs::write(&plan, text).expect("write");
    let (code, _, said) = exam(&plan, "2025-03-01");
    assert_eq!(code, Some(2));
    assert!(said.contains("没有写明施行日期"), "{said}");
}

#[test]
fn a_day_that_is_no_day_is_refused() {
    for (day, said_of_it) in [("2025-7-1", "不是 年-月-日 的写法"), ("2025-02-30", "日历上没有这一天")]
    {
        let (code, _, said) = exam(PLAN, day);
        assert_eq!(code, Some(2), "{day}");
        assert!(said.contains(said_of_it), "{day}: {said}");
    }
}

/// The real plan, its parent and the sample amendment in a folder of their own, with
/// `extra` amendments beside them.
fn project(extra: &[(&str, String)]) -> (tempfile::TempDir, String) {
    let folder = tempfile::tempdir().expect("temp dir");
    for file in [PLAN, AMENDMENT, NATIONAL] {
        let name = std::path::Path::new(file).file_name().expect("name");
        std::fs::copy(file, folder.path().join(name)).expect("copy");
    }
    for (name, text) in extra {
        std::fs::write(folder.path().join(name), text).expect("write");
    }
    let plan = folder.path().join("nmg-ip-2024-48.qz").display().to_string();
    (folder, plan)
}

fn second_amendment(effective: Option<&str>) -> String {
    let sample = std::fs::read_to_string(AMENDMENT).expect("the sample");
    let text = sample.replace("内政办发〔2025〕示例1号", "内政办发〔2025〕示例2号");
    match effective {
        Some(day) => text.replace("施行 2025-07-01", &format!("施行 {day}")),
        None => text.replace("  施行 2025-07-01\n", ""),
    }
}

#[test]
fn two_amendments_in_force_at_once_are_refused() {
    let (_folder, plan) = project(&[("second.qz", second_amendment(Some("2025-09-01")))]);
    let (code, _, said) = exam(&plan, "2025-08-01");
    assert_eq!(code, Some(0), "only the first is in force: {said}");
    assert!(said.contains("内政办发〔2025〕示例1号"), "{said}");
    let (code, answer, said) = exam(&plan, "2025-09-01");
    assert_eq!(code, Some(2), "{answer}");
    assert!(
        said.contains("2025-09-01 时有几个修正案同时施行：内政办发〔2025〕示例1号、内政办发〔2025〕示例2号"),
        "{said}"
    );
}

#[test]
fn an_amendment_without_an_effective_date_is_refused() {
    let (_folder, plan) = project(&[("second.qz", second_amendment(None))]);
    let (code, _, said) = exam(&plan, "2025-08-01");
    assert_eq!(code, Some(2));
    assert!(said.contains("修正案 `内政办发〔2025〕示例2号`（"), "{said}");
    assert!(
        said.contains("second.qz）没有写明施行日期"),
        "the file is named: {said}"
    );
    // Not yet issued that day (印发 2025-06-20), it cannot be in force: no refusal.
    let (code, _, said) = exam(&plan, "2025-06-01");
    assert_eq!(code, Some(0), "{said}");
}

const LEAGUE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-league-sample.qz");

/// The league sample, which refines the real plan, with an effective date of its own.
fn league_project() -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(LEAGUE).expect("the league sample").replace(
        "  文号 \"示例〔2025〕1号\"\n",
        "  文号 \"示例〔2025〕1号\"\n  施行 2025-01-01\n",
    );
    let (folder, _) = project(&[("league.qz", text)]);
    let league = folder.path().join("league.qz").display().to_string();
    (folder, league)
}

#[test]
fn a_plan_above_amended_that_day_is_refused_not_read_unamended() {
    let (_folder, league) = league_project();
    let (code, answer, said) = exam(&league, "2025-03-01");
    assert_eq!(code, Some(0), "{said}");
    assert!(answer.contains("自治区"), "{answer}");
    assert!(
        said.contains("；上级方案：《内蒙古自治区知识产权领域自治区与盟市财政事权和支出责任划分改革实施方案》（内政办发〔2024〕48号，自 2024-11-21 起施行）"),
        "{said}"
    );
    assert!(
        said.contains("（国办发〔2023〕48号，未写明施行日期，按现行文本）"),
        "{said}"
    );
    // From 2025-07-01 the region's plan is amended (专利代理师考试考务 moves to 盟市): the
    // league plan divides the text before it, and answering from that would be wrong.
    let (code, answer, said) = exam(&league, "2025-08-01");
    assert_eq!(code, Some(2), "{answer}");
    assert!(
        said.contains("在 2025-08-01 时已由 内政办发〔2025〕示例1号 修正"),
        "{said}"
    );
    // Before the region's plan took effect, the league's cannot answer either.
    let text = std::fs::read_to_string(&league)
        .expect("league")
        .replace("施行 2025-01-01", "施行 2024-01-01");
    std::fs::write(&league, text).expect("write");
    let (code, _, said) = exam(&league, "2024-06-01");
    assert_eq!(code, Some(2));
    assert!(said.contains("上级方案《内蒙古自治区"), "{said}");
    assert!(said.contains("自 2024-11-21 起施行，2024-06-01 时尚未施行"), "{said}");
}

#[test]
fn the_table_on_a_day_is_the_table_in_force() {
    let (code, before, said) = run(&["table", PLAN, "--format", "json", "--on", "2025-06-30"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(!before.contains("数据知识产权登记"), "the amendment adds it later");
    let (code, after, said) = run(&["table", PLAN, "--format", "json", "--on", "2025-07-01"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(after.contains("数据知识产权登记"), "added by the amendment in force");
    assert!(said.contains("经《关于修改"), "{said}");
    let (code, _, said) = run(&["table", PLAN, "--on", "2020-01-01"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("尚未施行"), "{said}");
}
