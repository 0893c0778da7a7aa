//! `quanze coverage`: the real plan covers its source text completely (every sentence
//! cited or explained, every citation and quotation found); a plan that misses a sentence
//! or misquotes is told where.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::run;

const PLAN: &str = "policies/nmg-ip-2024-48.qz";
const SOURCE: &str = "policies/sources/nmg-ip-2024-48.txt";

#[test]
fn the_real_plan_covers_its_source_completely() {
    let (code, report, stderr) = run(&["coverage", PLAN, "--source", SOURCE]);
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("real-plan-coverage.md", report);
    let (code, json, _) = run(&["coverage", PLAN, "--source", SOURCE, "--format", "json", "--lang", "en"]);
    assert_eq!(code, Some(0));
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["dangling"].as_array().map(Vec::len), Some(0));
    assert_eq!(value["paragraphs"][0]["explanation"]["kind"], "preamble");
}

#[test]
fn a_missed_sentence_and_a_misquote_are_findings() {
    let folder = tempfile::tempdir().expect("temp dir");
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz")).expect("plan");
    // Drop the 不划分 lines, misquote one rule, and cite a paragraph that does not exist.
    let edited: String = text
        .lines()
        .filter(|line| !line.starts_with("不划分"))
        .map(|line| format!("{line}\n"))
        .collect::<String>()
        .replace("\"开展全区性知识产权统计调查分析发布\"", "\"开展全区知识产权统计调查\"")
        .replace("§ \"一(六)1\"", "§ \"一(六)9\"");
    let plan = folder.path().join("plan.qz");
    std::fs::write(&plan, edited).expect("write");
    // The plan refines the national plan, named by its file next to it.
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz"),
        folder.path().join("gbf-ip-2023-48-partial.qz"),
    )
    .expect("copy");
    let plan = plan.display().to_string();
    let (code, report, stderr) = run(&["coverage", &plan, "--source", SOURCE]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        report.contains("- 二2（第 185 行）：本实施方案自印发之日起实施。"),
        "{report}"
    );
    assert!(
        report.contains("事项 `统计调查分析发布` § \"一(一)1\"：引文不在该段中：“开展全区知识产权统计调查”"),
        "{report}"
    );
    assert!(
        report.contains("事项 `对外国合作交流` § \"一(六)9\"：原文没有这一段"),
        "{report}"
    );
    // The paragraph whose only rule now cites a missing one is uncovered.
    assert!(report.contains("- 一(六)1"), "{report}");
}

/// A matter left out of the plan whose list item shares a sentence with cited ones is
/// told, with its paragraph, line and words (before, the sentence counted as covered and
/// `coverage` passed, exit 0); a clause quoted by its verb alone (`按照隶属关系分别确认为…`)
/// has its items reached by the matters' wordings.
#[test]
fn a_matter_left_out_of_a_list_is_a_finding() {
    let folder = tempfile::tempdir().expect("temp dir");
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz")).expect("plan");
    // Standing alone (the parent would miss the matter first: E0030), without one matter.
    let edited: String = text
        .lines()
        .filter(|line| !line.starts_with("  细化 ") && !line.starts_with("  细分 "))
        .filter(|line| !line.contains("复制境外音像制品委托合同登记"))
        .map(|line| format!("{line}\n"))
        .collect();
    let plan = folder.path().join("plan.qz");
    std::fs::write(&plan, edited).expect("write");
    let plan = plan.display().to_string();
    let (code, _, stderr) = run(&["check", &plan]);
    assert_eq!(code, Some(0), "the plan itself is clean: {stderr}");
    let (code, report, stderr) = run(&["coverage", &plan, "--source", SOURCE]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(report.contains("未被引用的列举项 1 项"), "{report}");
    assert!(
        report.contains("- 一(三)1（第 65 行）：复制境外音像制品委托合同登记\n"),
        "{report}"
    );
    let (code, report, _) = run(&["coverage", &plan, "--source", SOURCE, "--lang", "en"]);
    assert_eq!(code, Some(1));
    assert!(
        report.contains("- 一(三)1 (line 65): 复制境外音像制品委托合同登记\n"),
        "{report}"
    );
    let (_, json, _) = run(&["coverage", &plan, "--source", SOURCE, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let items: Vec<&serde_json::Value> = value["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .flat_map(|p| p["sentences"].as_array().into_iter().flatten())
        .filter_map(|s| s.get("uncovered_items"))
        .collect();
    assert_eq!(items, [&serde_json::json!(["复制境外音像制品委托合同登记"])]);
}

/// The real source as texts arrive from web pages and PDF extractions: half-width marks
/// (`,` `;` `(` `)`) in the source, or in the plan's quotations and citations
/// (`§ "一（一）1"`), read as the full-width marks they stand for; and a citation of a
/// heading (`§ "一(三)"`) cites the paragraphs under it, its quotation found in the first
/// that holds it. Each variant covers the source completely, as the original does (before,
/// every quotation with a mark of the other width was "not in that paragraph").
#[test]
fn the_source_and_the_plan_may_write_marks_half_width() {
    let folder = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let source = std::fs::read_to_string(format!("{root}/{SOURCE}")).expect("source");
    let plan = std::fs::read_to_string(format!("{root}/{PLAN}")).expect("plan");
    std::fs::copy(
        format!("{root}/policies/gbf-ip-2023-48-partial.qz"),
        folder.path().join("gbf-ip-2023-48-partial.qz"),
    )
    .expect("copy");
    let half = |text: &str| {
        text.replace('，', ",")
            .replace('；', ";")
            .replace('（', "(")
            .replace('）', ")")
    };
    // The plan's quotations half width, and its citations full width.
    let mut quoted_half = String::new();
    for line in plan.lines() {
        let line = match line.split_once(" § \"") {
            Some((rule, citation)) => format!("{rule} § \"{}", half(citation).replace('(', "（").replace(')', "）")),
            None => line.to_string(),
        };
        quoted_half.push_str(&line);
        quoted_half.push('\n');
    }
    // A heading cited whole: the first rule of 一(三) cites its section.
    let heading_cited = plan.replacen("§ \"一(三)1\"", "§ \"一(三)\"", 1);
    assert_ne!(heading_cited, plan);
    // A web page: its header before the title, its footer after the text, no colophon.
    let body = &source[..source.find(" 抄送").expect("the colophon")];
    let web = format!(
        "首页 > 政务公开 > 政策文件\n索引号：11150000MB0000000A/2024-01234 发布时间：2024-11-26\n字号：大 中 小\n{body}\n【打印本页】【关闭窗口】\n分享到：\n扫一扫在手机打开当前页\n主办单位：内蒙古自治区人民政府办公厅\n"
    );
    let variants = [
        ("a web page", web, plan.clone()),
        ("source half width", half(&source), plan.clone()),
        ("quotations half width", source.clone(), quoted_half),
        ("a heading cited", source.clone(), heading_cited),
    ];
    for (what, source, plan) in variants {
        let (source_path, plan_path) = (folder.path().join("source.txt"), folder.path().join("plan.qz"));
        std::fs::write(&source_path, &source).expect("write");
        std::fs::write(&plan_path, &plan).expect("write");
        let (code, report, stderr) = run(&[
            "coverage",
            &plan_path.display().to_string(),
            "--source",
            &source_path.display().to_string(),
        ]);
        assert_eq!(code, Some(0), "{what}: {stderr}\n{report}");
        assert!(
            report.contains("未覆盖 0 句；已引用的句子中未被引用的列举项 0 项；无效出处 0 处"),
            "{what}: {report}"
        );
    }
}

#[test]
fn a_missing_source_is_a_tool_error() {
    let (code, stdout, stderr) = run(&["coverage", PLAN, "--source", "nowhere.txt"]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("E0019"), "{stderr}");
}

proptest::proptest! {
    /// Any text, however it is broken into lines, reads into paragraphs without a panic,
    /// and every sentence of every paragraph is reported once.
    #[test]
    fn any_source_text_is_read_without_a_panic(
        text in "(确认为|明确为|【打印|[一二（）、。；，将甲乙 \n抄送0-9a-z,;()])*"
    ) {
        let paragraphs = quanze::coverage::paragraphs(&text);
        for paragraph in &paragraphs {
            proptest::prop_assert_eq!(paragraph.sentences.concat(), paragraph.text.clone());
        }
        // A paragraph, a heading and a wording cited, with quotations of either width.
        let plan = quanze::compile::compile(
            0,
            "文件 \"t\" {}\n层级 甲\n事项 m \"甲乙\" => 甲 § \"一(一)1\" \"将甲\"\n事项 n => 甲 § \"一\" \"甲,乙\"\n事项 o => 甲 § \"二\"\n",
        );
        let (plan, _) = plan.clean_plan().expect("clean");
        let coverage = quanze::coverage::coverage(plan, &text);
        let sentences: usize = paragraphs.iter().map(|p| p.sentences.len()).sum();
        proptest::prop_assert_eq!(coverage.paragraphs.iter().map(|p| p.sentences.len()).sum::<usize>(), sentences);
        // Every list item reported is a piece of its sentence.
        for paragraph in &coverage.paragraphs {
            for sentence in &paragraph.sentences {
                for item in &sentence.uncovered_items {
                    proptest::prop_assert!(!item.is_empty() && sentence.text.contains(item.as_str()));
                }
            }
        }
    }
}
