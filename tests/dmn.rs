//! `quanze table --format dmn`: the export is valid DMN 1.3 (xmllint against the OMG
//! schema DMN13.xsd shipped in bpmn.io's dmn-moddle) and it runs: tests/js/dmn-check.mjs
//! reads it with dmn-moddle, evaluates every rule with the FEEL interpreter feelin, and
//! compares each answer with `quanze query`.
//!
//! The tools come from `npm ci --prefix tests/js` and Debian's libxml2-utils, both
//! installed by .ci/run, which sets QUANZE_EXTERNAL_TESTS=require so that a missing tool
//! fails the run there; elsewhere a missing tool skips these tests with a message.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

const JS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js");
const REAL_PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");

/// Whether node, the npm packages and xmllint are here; panics when they must be.
fn tools_present() -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let packages =
        Path::new(JS).join("node_modules/dmn-moddle").exists() && Path::new(JS).join("node_modules/feelin").exists();
    let xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    let present = node && packages && xmllint;
    if !present {
        let message = format!(
            "DMN tests need node ({node}), `npm ci --prefix tests/js` ({packages}) and xmllint from libxml2-utils ({xmllint})"
        );
        assert!(
            std::env::var("QUANZE_EXTERNAL_TESTS").as_deref() != Ok("require"),
            "{message}"
        );
        eprintln!("skipped: {message}");
    }
    present
}

fn export(plan: &str, folder: &Path) -> PathBuf {
    let out = folder.join("table.dmn");
    let status = Command::new(env!("CARGO_BIN_EXE_quanze"))
        .args(["table", plan, "--format", "dmn", "-o"])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    out
}

fn schema_valid(dmn: &Path) -> (bool, String) {
    let output = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(Path::new(JS).join("node_modules/dmn-moddle/resources/dmn/xsd/DMN13.xsd"))
        .arg(dmn)
        .output()
        .expect("xmllint runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn runs_as_query_answers(dmn: &Path, plan: &str) -> (bool, String) {
    let output = Command::new("node")
        .arg(Path::new(JS).join("dmn-check.mjs"))
        .arg(dmn)
        .arg(env!("CARGO_BIN_EXE_quanze"))
        .arg(plan)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn the_real_plan_exports_valid_dmn_that_answers_as_quanze_query() {
    if !tools_present() {
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let dmn = export(REAL_PLAN, folder.path());
    let (valid, errors) = schema_valid(&dmn);
    assert!(valid, "{errors}");
    // The DMN holds the plan's own rows: how it divides what the national plan gives 地方.
    // `quanze query` on the plan answers for the whole chain (a case the national plan
    // keeps is 中央's, and a question must say which), so the rows are compared with the
    // plan read alone, without its `细化` — the same rows, as the equal exports show.
    let alone = folder.path().join("alone.qz");
    let text = std::fs::read_to_string(REAL_PLAN).expect("plan");
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("细化") && !line.trim_start().starts_with("细分"))
        .collect();
    std::fs::write(&alone, kept.join("\n")).expect("write");
    let alone = alone.display().to_string();
    let own_folder = tempfile::tempdir().expect("temp dir");
    let own = export(&alone, own_folder.path());
    assert_eq!(
        std::fs::read_to_string(&own).expect("dmn"),
        std::fs::read_to_string(&dmn).expect("dmn")
    );
    let (ran, report) = runs_as_query_answers(&dmn, &alone);
    assert!(ran, "{report}");
    assert!(report.contains("58 rules evaluated"), "{report}");

    // The check is not vacuous: one output changed is caught.
    let text = std::fs::read_to_string(&dmn).expect("dmn");
    let tampered = text.replacen("<text>\"自治区\"</text>", "<text>\"盟市\"</text>", 1);
    assert_ne!(text, tampered);
    std::fs::write(&dmn, tampered).expect("write");
    let (ran, report) = runs_as_query_answers(&dmn, &alone);
    assert!(!ran, "a wrong output passed: {report}");
    // And a share changed is caught too.
    let tampered = text.replacen("<text>100</text>", "<text>90</text>", 1);
    assert_ne!(text, tampered);
    std::fs::write(&dmn, tampered).expect("write");
    let (ran, report) = runs_as_query_answers(&dmn, &alone);
    assert!(!ran, "a wrong share passed: {report}");
}

#[test]
fn numeric_thresholds_become_feel_ranges_that_run() {
    if !tools_present() {
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("numeric.qz");
    std::fs::write(
        &plan,
        "文件 \"数值\" { 文号 \"数值〔2025〕1号\" }\n层级 省 > 市\n维度 投资额 : 数值 万元 [0, ∞)\n维度 范围 { 全省, 本市 }\n\
         事项 审批 \"项目审批\" 按 投资额, 范围 {\n  投资额 >= 10000 => 省  § \"1\"\n  投资额 < 10000 且 范围 = 全省 => 省  § \"2\"\n  投资额 < 10000 且 范围 = 本市 => 市  § \"3\"\n}\n\
         事项 补助 \"补助\" 按 投资额 {\n  投资额 = 5000 => 省  § \"4\"\n  投资额 属于 (5000, 8000] => 事权 市，支出 省 50%、市 50% 转移支付  § \"5\"\n  其余 => 市  § \"6\"\n}\n",
    )
    .expect("write");
    let plan = plan.display().to_string();
    let dmn = export(&plan, folder.path());
    let text = std::fs::read_to_string(&dmn).expect("dmn");
    assert!(text.contains("<text>&gt;= 10000</text>"), "{text}");
    assert!(text.contains("<text>(5000..8000]</text>"), "{text}");
    // The unit is in the input's label, and each level's share is a number of its own.
    assert!(text.contains(r#"label="投资额（万元）""#), "{text}");
    assert!(
        text.contains(r#"name="share1" label="省 支出份额（%）" typeRef="number""#),
        "{text}"
    );
    assert!(text.contains("<text>50</text>"), "{text}");
    let (valid, errors) = schema_valid(&dmn);
    assert!(valid, "{errors}");
    let (ran, report) = runs_as_query_answers(&dmn, &plan);
    assert!(ran, "{report}");
}

/// A power held jointly (the 国办发〔2018〕6号 excerpt): the DMN names both holders in
/// `power`, says `joint` as a boolean, and every row answers as `quanze query` does, each
/// tier's shares included.
#[test]
fn joint_power_is_its_own_output_and_answers_as_quanze_query() {
    if !tools_present() {
        return;
    }
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-jbggfw-2018-6-excerpt.qz");
    let folder = tempfile::tempdir().expect("temp dir");
    let dmn = export(plan, folder.path());
    let (valid, errors) = schema_valid(&dmn);
    assert!(valid, "{errors}");
    let (ran, report) = runs_as_query_answers(&dmn, plan);
    assert!(ran, "{report}");
    assert!(report.contains("15 rules evaluated"), "{report}");
    // Not vacuous: a row said to be held by one level alone is caught.
    let text = std::fs::read_to_string(&dmn).expect("dmn");
    let tampered = text.replacen("<text>true</text>", "<text>false</text>", 1);
    assert_ne!(text, tampered);
    std::fs::write(&dmn, tampered).expect("write");
    let (ran, report) = runs_as_query_answers(&dmn, plan);
    assert!(!ran, "a wrong joint passed: {report}");
}
