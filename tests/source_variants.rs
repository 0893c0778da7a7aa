//! The source reader on the real text as it arrives (issue 17): half-width marks from a web
//! page or a PDF extraction, a page flattened onto one line, a web page's noise before the
//! title and after the text. Each variant is made from policies/sources/ here; coverage and
//! draft must read it as they read the text itself.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use quanze::compile::compile;
use quanze::coverage::{Coverage, coverage};
use quanze::draft::{Request, ScopeWords, draft};

const SOURCE: &str = include_str!("../policies/sources/nmg-ip-2024-48.txt");
const PLAN: &str = include_str!("../policies/nmg-ip-2024-48.qz");

fn coverage_of(source: &str) -> Coverage {
    let compiled = compile(0, PLAN);
    coverage(compiled.plan.as_ref().expect("the real plan resolves"), source)
}

/// What a coverage says of each paragraph: its number, the matters citing it, which
/// sentences are covered, the list items left out.
fn summary(coverage: &Coverage) -> Vec<(String, Vec<String>, Vec<bool>, usize)> {
    coverage
        .paragraphs
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                p.cited_by.clone(),
                p.sentences.iter().map(|s| s.covered).collect(),
                p.sentences.iter().map(|s| s.uncovered_items.len()).sum(),
            )
        })
        .collect()
}

fn half_width(text: &str) -> String {
    text.replace('，', ",")
        .replace('；', ";")
        .replace('（', "(")
        .replace('）', ")")
        .replace('：', ":")
}

fn flattened(text: &str) -> String {
    text.lines().map(str::trim).collect()
}

fn with_web_noise(text: &str) -> String {
    format!(
        "当前位置：首页 > 政务公开 > 政策文件\n索引号：11150000011519620X/2024-01234\n发文机关：内蒙古自治区人民政府办公厅\n\
         发布时间：2024-11-25 10:30\n字号：[ 大 中 小 ]  浏览次数：1234\n{text}\n【打印本页】【关闭窗口】\n\
         相关链接：国务院办公厅\n主办单位：内蒙古自治区人民政府办公厅\n版权所有 © 2024\n"
    )
}

fn drafted(source: &str) -> String {
    let words = ScopeWords::new(None).expect("the shipped scope words");
    draft(&Request {
        source,
        levels: None,
        scope_words: &words,
        source_name: "t.txt",
        refines: None,
    })
    .expect("a draft")
}

#[test]
fn half_width_marks_read_as_the_text() {
    let original = coverage_of(SOURCE);
    assert!(original.is_complete());
    let variant = half_width(SOURCE);
    assert_ne!(variant, SOURCE);
    assert_eq!(summary(&coverage_of(&variant)), summary(&original));
    assert_eq!(drafted(&variant), drafted(SOURCE));
}

#[test]
fn a_web_page_s_noise_reads_as_the_text() {
    let variant = with_web_noise(SOURCE);
    let read = coverage_of(&variant);
    let body = |c: &Coverage| {
        summary(c)
            .into_iter()
            .filter(|(id, ..)| !id.starts_with('序') && id != "版记")
            .collect::<Vec<_>>()
    };
    assert_eq!(body(&read), body(&coverage_of(SOURCE)));
    assert!(read.is_complete(), "{:?}", read.dangling);
    // The header the draft finds is the document's, not the page's.
    let plan = drafted(&variant);
    assert!(plan.contains("文号 \"内政办发〔2024〕48号\""), "{plan}");
    assert!(
        plan.contains("文件 \"内蒙古自治区知识产权领域自治区与盟市财政事权和支出责任划分改革实施方案\""),
        "{plan}"
    );
}

/// A page flattened onto one line is cut back at its headings and clause sentences. What
/// the headings cannot tell is the end of 二1, a paragraph of no clause: the last sentence
/// (`本实施方案自印发之日起实施`, 二2) is read as part of it, and the plan's `不划分 "二2"`
/// points at nothing; every other paragraph reads as in the text.
#[test]
fn a_flattened_page_is_cut_back_into_its_paragraphs() {
    let variant = flattened(SOURCE);
    assert_eq!(variant.lines().count(), 1);
    let read = coverage_of(&variant);
    let original = coverage_of(SOURCE);
    let clauses = |c: &Coverage| {
        summary(c)
            .into_iter()
            .filter(|(id, ..)| id.starts_with('一'))
            .collect::<Vec<_>>()
    };
    assert_eq!(clauses(&read), clauses(&original));
    assert_eq!(read.uncovered().count(), 0);
    let dangling: Vec<&str> = read.dangling.iter().map(|d| &*d.paragraph).collect();
    assert_eq!(dangling, ["二2"]);
    assert_eq!(
        drafted(&variant).matches("事项 ").count(),
        drafted(SOURCE).matches("事项 ").count()
    );
}
