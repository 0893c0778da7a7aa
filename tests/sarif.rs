//! `quanze check --format sarif`: valid SARIF 2.1.0 (against the OASIS schema,
//! tests/schemas/sarif-schema-2.1.0.json), with every diagnostic where it belongs.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use assert_cmd::Command;
use serde_json::Value;

const SCHEMA: &str = include_str!("schemas/sarif-schema-2.1.0.json");

fn sarif(args: &[&str]) -> (Option<i32>, Value) {
    let output = Command::cargo_bin("quanze")
        .expect("binary")
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .expect("runs");
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    (output.status.code(), log)
}

fn assert_valid(log: &Value) {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema");
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for uri in uris(log) {
        assert!(
            uri.chars().all(|c| c.is_ascii_graphic() && !"\"<>\\^`{|}".contains(c)),
            "not a URI reference: {uri}"
        );
    }
}

/// Every `artifactLocation.uri` in the log.
fn uris(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) => map
            .iter()
            .flat_map(|(key, inner)| match (key.as_str(), inner) {
                ("uri", Value::String(uri)) => vec![uri.clone()],
                _ => uris(inner),
            })
            .collect(),
        Value::Array(items) => items.iter().flat_map(uris).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_fixture_gives_valid_sarif() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnostics");
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .expect("fixtures")
        .map(|e| e.expect("entry").path().display().to_string())
        .filter(|p| p.ends_with(".qz"))
        .collect();
    files.sort();
    let arguments: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, log) = sarif(&arguments);
    assert_eq!(code, Some(1));
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= files.len(), "one result or more per fixture");
    for result in results {
        let rule = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][rule]["id"], result["ruleId"]);
    }
}

#[test]
fn a_conflict_points_at_both_rules_with_lines_and_columns() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/diagnostics/E0009-conflict.en.qz"
    );
    let (code, log) = sarif(&[fixture, "--lang", "en"]);
    assert_eq!(code, Some(1));
    assert_valid(&log);
    // Rule 3 (line 9) conflicts with rule 1 (line 7): reported on rule 3, rule 1 related.
    let result = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 9)
        .expect("a finding on line 9");
    assert_eq!(result["ruleId"], "E0009");
    assert_eq!(result["level"], "error");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startColumn"], 3);
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .expect("text")
            .contains("decide the same cases differently")
    );
    // The overlapping cases as data, as in the JSON diagnostics.
    let region = &result["properties"]["regions"][0];
    let condition = region["condition"].as_str().expect("a region's condition");
    assert!(
        result["message"]["text"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("overlapping cases: {condition}"))),
        "{condition}"
    );
    assert!(region["when"].as_array().is_some_and(|w| !w.is_empty()));
}

#[test]
fn a_chain_finding_has_its_parent_rule_as_a_related_location_and_the_real_plans_are_clean() {
    let league = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-league-sample.qz");
    let (code, log) = sarif(&[league]);
    assert_eq!(code, Some(0));
    assert_valid(&log);
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));

    let folder = tempfile::tempdir().expect("temp dir");
    let region = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
    let national = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/gbf-ip-2023-48-partial.qz");
    std::fs::copy(region, folder.path().join("区 方案.qz")).expect("copy");
    std::fs::copy(national, folder.path().join("gbf-ip-2023-48-partial.qz")).expect("copy");
    let child = "文件 \"下级\" {\n  细化 \"内政办发〔2024〕48号\" \"区 方案.qz\"\n  细分 盟市 => 本级 > 旗县\n}\n层级 本级 > 旗县\n事项 对外国合作交流 \"合作交流\" => 本级  § \"1\"\n";
    let path = folder.path().join("child.qz");
    std::fs::write(&path, child).expect("write");
    let (code, log) = sarif(&[path.to_str().expect("utf-8 path")]);
    assert_eq!(code, Some(1));
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let reaching = results.iter().find(|r| r["ruleId"] == "E0029").expect("E0029");
    let parent_uri = reaching["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert!(
        parent_uri.ends_with("%E5%8C%BA%20%E6%96%B9%E6%A1%88.qz"),
        "{parent_uri}"
    );
}

/// A file `a:b.qz` became the URI `a:b.qz`, read as the scheme `a`; a backslash in a
/// file name (a character of the name on unix) became `/`, another file.
#[cfg(unix)]
#[test]
fn a_colon_or_a_backslash_in_a_file_name_stays_in_a_relative_reference() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = "文件 \"P\" { 文号 \"P-1\" }\n层级 甲 > 乙\n事项 a \"a\" => 丙 § \"1\"\n";
    for (name, uri) in [("a:b.qz", "a%3Ab.qz"), ("a\\b.qz", "a%5Cb.qz")] {
        std::fs::write(folder.path().join(name), plan).expect("write");
        let output = Command::cargo_bin("quanze")
            .expect("binary")
            .current_dir(folder.path())
            .args(["check", "--format", "sarif", name])
            .output()
            .expect("runs");
        let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
        assert_valid(&log);
        assert_eq!(uris(&log).first().map(String::as_str), Some(uri), "{name}");
    }
}
