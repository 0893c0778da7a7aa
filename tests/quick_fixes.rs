//! The quick fixes the language server and the workbench offer (`quanze::editor::fixes`):
//! each one, applied to the text, leaves a plan whose diagnostic is gone and which means what
//! the fix says.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

use quanze::editor::{Fix, fixes};
use quanze::text::Lang;
use quanze::workspace::{MemoryFiles, Resolving, Workspace};

const PATH: &str = "/plans/方案.qz";

const HEAD: &str = "文件 \"示例\" { }\n层级 自治区 > 盟市\n维度 范围 { 全区性, 盟市 }\n维度 影响 { 全区重大, 一般 }\n";

/// The codes of the errors of `text` (the head's unused dimension warns: left out), and its
/// fixes.
fn checked(text: &str, lang: Lang) -> (Vec<String>, Vec<Fix>) {
    let mut workspace = Workspace::new(MemoryFiles::new().with(PATH, text), Resolving::default());
    let checked = workspace.check(Path::new(PATH));
    let codes = checked
        .loaded
        .as_ref()
        .map(|l| {
            l.compiled
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code.as_str().to_string())
                .collect()
        })
        .unwrap_or_default();
    (codes, fixes(checked, text, Path::new(PATH), lang))
}

/// `text` with the fix's edits applied (they are ranges of `text`, in order).
fn applied(text: &str, fix: &Fix) -> String {
    let mut out = text.to_string();
    for (span, new) in fix.edits.iter().rev() {
        out.replace_range(span.start..span.end, new);
    }
    out
}

#[test]
fn a_gap_is_closed_by_rules_to_be_decided_or_by_an_otherwise_rule() {
    let text = format!("{HEAD}事项 甲 按 范围 {{\n  全区性 => 自治区 § \"1\"\n}}\n");
    let (codes, offered) = checked(&text, Lang::Zh);
    assert_eq!(codes, ["E0008"]);
    let titles: Vec<&str> = offered.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(titles, ["为缺口加 1 条待定条款", "加一条 `其余` 条款（待定）"]);
    let with_rules = applied(&text, &offered[0]);
    assert!(
        with_rules.contains("  范围 = 盟市 => 待定 \"请决定此情形\" § \"待补\"\n}"),
        "{with_rules}"
    );
    assert!(checked(&with_rules, Lang::Zh).0.iter().all(|c| c != "E0008"));
    let with_otherwise = applied(&text, &offered[1]);
    assert!(with_otherwise.contains("  其余 => 待定"), "{with_otherwise}");
    assert!(checked(&with_otherwise, Lang::Zh).0.iter().all(|c| c != "E0008"));
}

#[test]
fn a_conflict_is_resolved_by_making_either_rule_the_exception() {
    let text = format!("{HEAD}事项 甲 按 影响 {{\n  任意 => 盟市 § \"1\"\n  全区重大 => 自治区 § \"2\" \"原文\"\n}}\n");
    let (codes, offered) = checked(&text, Lang::Zh);
    assert_eq!(codes, ["E0009"]);
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert_eq!(offered[0].title, "第 7 行（§ 2）的条款是例外：优先于第 6 行（§ 1）");
    // The later rule overrides the earlier, which gets a label to be named by.
    let later_wins = applied(&text, &offered[0]);
    assert!(
        later_wins.contains("  通则: 任意 => 盟市 § \"1\"\n  全区重大 => 自治区 § \"2\" \"原文\" 优先于 通则\n"),
        "{later_wins}"
    );
    assert_eq!(checked(&later_wins, Lang::Zh).0, Vec::<String>::new());
    // The other way round: the general rule wins everywhere; the other is then shadowed,
    // which the checker says (the drafter chose it).
    let earlier_wins = applied(&text, &offered[1]);
    assert!(
        earlier_wins.contains("  任意 => 盟市 § \"1\" 优先于 通则\n  通则: 全区重大"),
        "{earlier_wins}"
    );
    assert!(checked(&earlier_wins, Lang::Zh).0.iter().all(|c| c != "E0009"));

    // A rule already labelled keeps its label; one already overriding another lists both.
    let labelled = format!(
        "{HEAD}事项 甲 按 影响, 范围 {{\n  基本: 范围 = 盟市 => 盟市 § \"1\"\n  本级: 范围 = 全区性 => 自治区 § \"3\"\n  全区重大 => 自治区 § \"2\" 优先于 本级\n}}\n"
    );
    let (codes, offered) = checked(&labelled, Lang::En);
    assert_eq!(codes, ["E0009"], "{labelled}");
    let fixed = applied(&labelled, &offered[0]);
    assert!(fixed.contains("§ \"2\" 优先于 本级, 基本\n"), "{fixed}");
    assert_eq!(
        offered[0].title,
        "the rule on line 8 (§ 2) is the exception: it overrides line 6 (§ 1)"
    );
    assert_eq!(checked(&fixed, Lang::Zh).0, Vec::<String>::new());
}

#[test]
fn a_misspelt_name_is_replaced_by_the_one_suggested() {
    let text = format!("{HEAD}事项 甲 按 范围 {{\n  全区姓 => 自治区 § \"1\"\n  盟市 => 盟市 § \"2\"\n}}\n");
    let (codes, offered) = checked(&text, Lang::Zh);
    assert_eq!(codes, ["E0005"]);
    let fix = offered
        .iter()
        .find(|f| f.title == "改为 `全区性`")
        .expect("a did-you-mean");
    let fixed = applied(&text, fix);
    assert!(fixed.contains("  全区性 => 自治区"), "{fixed}");
    assert_eq!(checked(&fixed, Lang::Zh).0, Vec::<String>::new());

    let text = format!("{HEAD}事项 甲 按 范围 {{\n  任意 => 自治去 § \"1\"\n}}\n");
    let (codes, offered) = checked(&text, Lang::En);
    assert_eq!(codes, ["E0003"]);
    assert_eq!(offered[0].title, "change to `自治区`");
    assert_eq!(checked(&applied(&text, &offered[0]), Lang::Zh).0, Vec::<String>::new());
}
