//! The `quanze` command as a drafter runs it: exit codes, outputs, files written.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use assert_cmd::Command;

const REAL_PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/diagnostics/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn quanze() -> Command {
    Command::cargo_bin("quanze").expect("the quanze binary")
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_of_the_real_plan_exits_0() {
    let output = quanze().args(["check", REAL_PLAN]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stdout_of(&output).contains("33 个事项"));
    assert!(stderr_of(&output).is_empty());
}

#[test]
fn check_with_errors_exits_1() {
    let output = quanze()
        .args(["check", &fixture("E0008-gap.zh.qz")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_of(&output).contains("error[E0008]"));
}

#[test]
fn warnings_pass_unless_denied() {
    let file = fixture("W0004-unused-declarations.en.qz");
    let output = quanze().args(["check", &file]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr_of(&output).contains("warning[W0004]"));
    let denied = quanze()
        .args(["check", "--deny-warnings", &file])
        .output()
        .expect("runs");
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn a_missing_file_exits_2() {
    let output = quanze().args(["check", "no-such-plan.qz"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("E0019"));
    assert!(stderr_of(&output).contains("no-such-plan.qz"));
}

#[test]
fn a_directory_exits_2() {
    let output = quanze()
        .args(["check", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("huge.qz");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk is used, but the size says 257 MB.
    file.set_len(quanze::source::MAX_SOURCE_BYTES + 1).expect("set_len");
    let output = quanze()
        .args(["check", "--lang", "en"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("E0018"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(quanze().output().expect("runs").status.code(), Some(2));
    assert_eq!(quanze().args(["check"]).output().expect("runs").status.code(), Some(2));
    assert_eq!(
        quanze().args(["frobnicate"]).output().expect("runs").status.code(),
        Some(2)
    );
    let bad_format = quanze()
        .args(["table", REAL_PLAN, "--format", "pdf"])
        .output()
        .expect("runs");
    assert_eq!(bad_format.status.code(), Some(2));
}

#[test]
fn json_diagnostics_carry_code_place_and_message() {
    let output = quanze()
        .args([
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            &fixture("E0009-conflict.en.qz"),
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let first = &parsed[0];
    assert_eq!(first["code"], "E0009");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["start"]["line"], 8);
    assert_eq!(first["start"]["column"], 3);
    assert!(
        first["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("E0009-conflict.en.qz"))
    );
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("decide the same cases differently"))
    );
    assert_eq!(first["labels"].as_array().map(Vec::len), Some(2));
}

/// A gap, a conflict or an overlap carries its cases as data (`regions`), not only as the
/// text of a note: a listed dimension by its values, a numeric one by its intervals and unit.
#[test]
fn json_diagnostics_carry_the_regions_of_gaps_and_overlaps() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("gap.qz");
    std::fs::write(
        &plan,
        "文件 \"示例\" { 文号 \"示例〔2024〕1号\" }\n层级 自治区 > 盟市\n维度 影响 { 全区重大, 一般 }\n\
         维度 投资额 : 数值 万元 [0, ∞)\n\n事项 项目审批 \"项目审批\" 按 影响, 投资额 {\n\
         \x20 影响 = 全区重大 => 自治区 § \"一\"\n\
         \x20 影响 = 一般 且 投资额 >= 5000 => 盟市 § \"二\"\n\
         \x20 影响 = 一般 且 投资额 >= 8000 => 盟市 § \"三\"\n}\n",
    )
    .expect("write");
    let output = quanze()
        .args(["check", "--format", "json", &plan.display().to_string()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let gap = parsed
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "E0008"))
        .expect("a gap");
    assert_eq!(
        gap["regions"],
        serde_json::json!([{
            "when": [
                { "dimension": "影响", "values": ["一般"] },
                {
                    "dimension": "投资额",
                    "values": ["[0, 5000)"],
                    "intervals": [{ "lo": { "value": 0, "closed": true }, "hi": { "value": 5000, "closed": false } }],
                    "unit": "万元"
                }
            ],
            "condition": "影响 = 一般 ∧ 投资额 = [0, 5000) 万元"
        }])
    );
    // The text note is kept, saying the same.
    assert!(
        gap["notes"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n == "未决定：影响 = 一般 ∧ 投资额 = [0, 5000) 万元"))
    );
    let overlap = parsed
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "W0001"))
        .expect("an overlap");
    assert_eq!(
        overlap["regions"][0]["when"][1]["intervals"][0]["lo"],
        serde_json::json!({ "value": 8000, "closed": true })
    );
    assert_eq!(
        overlap["regions"][0]["condition"],
        "影响 = 一般 ∧ 投资额 = [8000, ∞) 万元"
    );
    // A diagnostic about no cases has none.
    let output = quanze()
        .args(["check", "--format", "json", &fixture("E0004-unknown-dimension.zh.qz")])
        .output()
        .expect("runs");
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(parsed[0]["regions"], serde_json::json!([]));
}

#[test]
fn check_of_a_clean_plan_in_json_is_an_empty_array() {
    let output = quanze()
        .args(["check", "--format", "json", REAL_PLAN])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(parsed, serde_json::json!([]));
}

#[test]
fn table_prints_markdown_and_writes_each_format() {
    let output = quanze().args(["table", REAL_PLAN]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout_of(&output).starts_with("# 内蒙古自治区知识产权领域"));
    let folder = tempfile::tempdir().expect("temp dir");
    for format in ["md", "csv", "json"] {
        let path = folder.path().join(format!("table.{format}"));
        let output = quanze()
            .args(["table", REAL_PLAN, "--format", format, "-o"])
            .arg(&path)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
        let written = std::fs::read_to_string(&path).expect("written");
        let printed = stdout_of(
            &quanze()
                .args(["table", REAL_PLAN, "--format", format])
                .output()
                .expect("runs"),
        );
        assert_eq!(written, printed, "{format}: -o and standard output agree");
    }
    // Nothing but the three tables: no temporary files left behind.
    assert_eq!(std::fs::read_dir(folder.path()).expect("list").count(), 3);
}

#[test]
fn table_of_a_plan_with_errors_writes_nothing_and_keeps_the_old_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("table.csv");
    std::fs::write(&path, "the previous good table").expect("write");
    let output = quanze()
        .args([
            "table",
            &fixture("E0009-literal-book-contracts.zh.qz"),
            "--format",
            "csv",
            "-o",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout_of(&output).is_empty());
    assert!(stderr_of(&output).contains("未生成结果"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        "the previous good table"
    );
    assert_eq!(std::fs::read_dir(folder.path()).expect("list").count(), 1);
}

#[test]
fn table_headers_follow_the_language() {
    let english = stdout_of(
        &quanze()
            .args(["table", "--lang", "en", "--format", "csv", REAL_PLAN])
            .output()
            .expect("runs"),
    );
    assert!(english.starts_with("\u{FEFF}section,matter,wording,condition,power,spending,mark,tbd_reason,citation"));
    let chinese = stdout_of(
        &quanze()
            .args(["table", "--format", "csv", REAL_PLAN])
            .output()
            .expect("runs"),
    );
    assert!(chinese.starts_with("\u{FEFF}章节,事项,原文表述,条件,财政事权,支出责任,方式,待定理由,出处"));
}

#[test]
fn explain_prints_every_code() {
    for code in quanze::diagnostic::Code::ALL {
        let output = quanze().args(["explain", code.as_str()]).output().expect("runs");
        assert_eq!(output.status.code(), Some(0));
        let text = stdout_of(&output);
        assert!(text.starts_with(&format!("# {}", code.as_str())), "{text}");
        assert!(
            text.contains("```"),
            "{}: the explanation has an example",
            code.as_str()
        );
    }
    let lower = quanze().args(["explain", "e0008"]).output().expect("runs");
    assert_eq!(lower.status.code(), Some(0));
}

/// `--lang en explain` is the English half of the page, with an example of its own in
/// English keywords and names, under an English title: no Chinese word or mark at all
/// (before, the title and the example were Chinese); the default the Chinese half (before,
/// both printed the whole bilingual page, Chinese first).
#[test]
fn explain_speaks_the_chosen_language() {
    for code in quanze::diagnostic::Code::ALL {
        let english = quanze()
            .args(["--lang", "en", "explain", code.as_str()])
            .output()
            .expect("runs");
        let text = stdout_of(&english);
        assert!(text.contains("```qz"), "{}: an example: {text}", code.as_str());
        assert!(text.starts_with(&format!("# {}: ", code.as_str())), "{text}");
        let chinese =
            |c: char| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{4E00}'..='\u{9FFF}');
        assert!(
            !text.chars().any(chinese),
            "{}: Chinese in English: {text}",
            code.as_str()
        );
        let chinese = quanze().args(["explain", code.as_str()]).output().expect("runs");
        assert!(!stdout_of(&chinese).contains("\n---\n"), "{}", code.as_str());
    }
}

/// A command line that does not parse is said in Chinese by default (clap says it in
/// English: before, "error: the following required arguments were not provided"), with
/// what was possible and what was probably meant; in English with `--lang en`; exit 2.
#[test]
fn usage_errors_speak_the_chosen_language() {
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["table"],
            &["错误：缺少必需的参数：<FILE>", "用法：quanze table [选项] <FILE>"],
        ),
        (
            &["table", "x.qz", "--format", "xls"],
            &["`xls` 无效", "可用的值：md、csv、json、xlsx、dmn", "也许是：`xlsx`"],
        ),
        (&["tabel", "x.qz"], &["错误：没有命令 `tabel`", "也许是：`table`"]),
        (&["table", "x.qz", "--bogus"], &["错误：没有参数 `--bogus`"]),
        // clap suggests nothing for `help`'s value (before, no suggestion at all).
        (&["help", "tabel"], &["错误：没有命令 `tabel`", "也许是：`table`"]),
    ];
    for (args, said) in cases {
        let output = quanze().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = stderr_of(&output);
        for words in said {
            assert!(stderr.contains(words), "{args:?}: {stderr}");
        }
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
        let english = quanze().arg("--lang").arg("en").args(args).output().expect("runs");
        assert_eq!(english.status.code(), Some(2), "{args:?}");
        let stderr = stderr_of(&english);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("错误"), "{args:?}: {stderr}");
    }
    let english = quanze().args(["--lang", "en", "help", "tabel"]).output().expect("runs");
    assert!(stderr_of(&english).contains("a similar subcommand exists: 'table'"));
    // No command at all is the help on stderr, exit 2, in the language given (before,
    // `quanze --lang en` alone said "'quanze' requires a subcommand").
    for (args, words) in [(&[][..], "用法：quanze"), (&["--lang", "en"][..], "Usage: quanze")] {
        let output = quanze().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr_of(&output).contains(words), "{args:?}: {}", stderr_of(&output));
        assert!(stderr_of(&output).contains("check"), "{args:?}");
    }
    // Help and the version are not errors.
    assert_eq!(quanze().arg("--version").output().expect("runs").status.code(), Some(0));
    assert_eq!(
        quanze().args(["table", "--help"]).output().expect("runs").status.code(),
        Some(0)
    );
}

/// `--help` speaks the language asked for: in Chinese (the default) clap's headings,
/// placeholders, flags and value lists too, and each `中文 / English` text in its Chinese
/// half; in English the English half, with no Chinese at all (before, every help showed
/// both halves under English headings).
#[test]
fn help_speaks_the_chosen_language() {
    let commands = [
        "check",
        "table",
        "diff",
        "query",
        "consolidate",
        "report",
        "coverage",
        "scaffold",
        "draft",
        "lsp",
        "fmt",
        "explain",
    ];
    let mut lines: Vec<Vec<&str>> = vec![vec!["--help"], vec!["-h"], vec!["help", "diff"]];
    lines.extend(commands.iter().map(|command| vec![*command, "--help"]));
    for args in &lines {
        let chinese = quanze().args(args).output().expect("runs");
        assert_eq!(chinese.status.code(), Some(0), "{args:?}");
        let help = stdout_of(&chinese);
        assert!(help.contains("用法：quanze"), "{args:?}: {help}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "[OPTIONS]",
            "Print help",
            "possible values",
            "default:",
            " / ",
        ] {
            assert!(!help.contains(english), "{args:?}: `{english}` in\n{help}");
        }
        let english = quanze().args(["--lang", "en"]).args(args).output().expect("runs");
        assert_eq!(english.status.code(), Some(0), "{args:?}");
        let help = stdout_of(&english);
        assert!(help.contains("Usage: quanze"), "{args:?}: {help}");
        let chinese: Vec<char> = help
            .chars()
            .filter(|c| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{4E00}'..='\u{9FFF}'))
            .collect();
        assert!(chinese.is_empty(), "{args:?}: {chinese:?} in\n{help}");
    }
    let table = stdout_of(&quanze().args(["table", "-h"]).output().expect("runs"));
    assert!(
        table.contains("选项:") && table.contains("参数:") && table.contains("显示帮助"),
        "{table}"
    );
    assert!(table.contains("［可选：md（Markdown）、csv"), "{table}");
    assert!(table.contains("默认：zh］"), "{table}");
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    let output = quanze().args(["explain", "E9999"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("E0008"));
}

/// A full disk behind a redirection is a tool error (exit 2), not a clean run; a reader
/// that goes away (`| head`) is not an error at all.
#[cfg(target_os = "linux")]
#[test]
fn writing_to_a_full_standard_output_is_a_tool_error() {
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/nmg-ip-2024-48.qz");
    for args in [
        vec!["table", plan],
        vec!["explain", "E0008"],
        vec!["check", plan, "--format", "sarif"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_quanze"))
            .args(&args)
            .stdout(full)
            .stderr(std::process::Stdio::null())
            .status()
            .expect("runs");
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
}

/// A Chinese input method types `＝＞`, `＞＝`, `＜＝`, `！＝`: each reads as its ASCII
/// operator, so the plan checks clean and its table is the ASCII plan's, row for row.
#[test]
fn full_width_operators_read_as_their_ascii_forms() {
    let ascii = "文件 \"示例\" { 文号 \"示例〔2024〕1号\" }\n\
                 层级 自治区 > 盟市\n\
                 维度 影响 { 全区重大, 一般 }\n\
                 维度 投资额 : 数值 万元 [0, ∞)\n\
                 事项 裁决 \"侵权纠纷的行政裁决\" 按 影响 {\n\
                 \x20 全区重大 => 自治区 § \"一(四)1\"\n\
                 \x20 影响 != 全区重大 => 盟市 § \"一(四)2\"\n\
                 }\n\
                 事项 项目 \"项目\" 按 投资额 {\n\
                 \x20 投资额 >= 10000 => 自治区 § \"一(五)1\"\n\
                 \x20 投资额 < 5000 => 盟市 § \"一(五)2\"\n\
                 \x20 投资额 = [5000, 10000) => 事权 自治区 支出 { 自治区 50%, 盟市 50% } § \"一(五)3\"\n\
                 }\n\
                 事项 其他项目 \"其他项目\" 按 投资额 {\n\
                 \x20 投资额 <= 100 => 盟市 § \"一(六)1\"\n\
                 \x20 投资额 > 100 => 自治区 § \"一(六)2\"\n\
                 }\n\
                 未列事项 => 待定 \"具体确定\" § \"一(七)3\"\n";
    let full_width = ascii
        .replace("=>", "＝＞")
        .replace(">=", "＞＝")
        .replace("<=", "＜＝")
        .replace("!=", "！＝")
        .replace(" > ", " ＞ ")
        .replace(" < ", " ＜ ");
    assert!(full_width.contains("＝＞") && full_width.contains("＞＝") && full_width.contains("＜＝"));
    assert!(full_width.contains("！＝") && full_width.contains(" ＜ ") && !full_width.contains("=>"));
    let folder = tempfile::tempdir().expect("temp dir");
    let mut tables = Vec::new();
    for (name, text) in [("ascii.qz", ascii), ("full-width.qz", full_width.as_str())] {
        let path = folder.path().join(name);
        std::fs::write(&path, text).expect("write plan");
        let check = quanze().arg("check").arg(&path).output().expect("runs");
        assert_eq!(check.status.code(), Some(0), "{name}: {}", stderr_of(&check));
        assert!(stderr_of(&check).is_empty(), "{name}: {}", stderr_of(&check));
        let table = quanze()
            .args(["table", "--format", "csv"])
            .arg(&path)
            .output()
            .expect("runs");
        assert_eq!(table.status.code(), Some(0), "{name}: {}", stderr_of(&table));
        tables.push(stdout_of(&table));
    }
    assert_eq!(tables[0], tables[1]);
    // Each operator kept its meaning: `≠`, `>=` including, `<=` including, `>` excluding.
    for row in ["影响 = 一般", "[10000, ∞) 万元", "[0, 100] 万元", "(100, ∞) 万元"] {
        assert!(tables[0].contains(row), "{row} in {}", tables[0]);
    }
}

/// A question about a numeric dimension is answered in the plan's unit, and every example
/// it is given carries that unit (before, `--when 投资额=5000`, which a reader counting in
/// 亿元 would misread); a number in another unit is refused as such, not as "no number".
#[test]
fn numeric_questions_speak_the_plans_unit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("num.qz");
    std::fs::write(
        &plan,
        "文件 \"数值\" { 文号 \"数值〔2025〕1号\" }\n层级 省 > 市\n维度 投资额 : 数值 万元 [0, ∞)\n\
         事项 审批 \"项目审批\" 按 投资额 {\n  投资额 >= 10000 => 省  § \"1\"\n  投资额 < 10000 => 市  § \"2\"\n}\n",
    )
    .expect("write");
    let plan = plan.display().to_string();
    let ask = |when: Option<&str>| {
        let mut args = vec!["query", plan.as_str(), "--matter", "审批"];
        if let Some(when) = when {
            args.extend(["--when", when]);
        }
        let output = quanze().args(&args).output().expect("runs");
        (output.status.code(), stderr_of(&output))
    };
    let (code, stderr) = ask(None);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("可选的值（以 万元 计）"), "{stderr}");
    assert!(stderr.contains("例如：--when 投资额=0万元"), "{stderr}");
    let (code, stderr) = ask(Some("投资额=5000亿元"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("`5000亿元` 的单位 `亿元` 不是 `投资额` 的单位 `万元`"),
        "{stderr}"
    );
    assert!(stderr.contains("--when 投资额=5000万元"), "{stderr}");
    let (code, stderr) = ask(Some("投资额=很多"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("`很多` 不是数") && stderr.contains("投资额=5000万元"),
        "{stderr}"
    );
    let (code, stderr) = ask(Some("投资额=5000万元"));
    assert_eq!(code, Some(0), "{stderr}");
}

/// A rule label is unique in its matter only: two matters may label their tier rules
/// alike (before: E0002 on the second), an exception names its own matter's rule, an
/// amendment changes one matter's `第一档` and not the other's; two rules of one matter
/// labelled alike are still E0002.
#[test]
fn labels_are_unique_in_their_matter_only() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("plan.qz");
    std::fs::write(
        &plan,
        "文件 \"分档\" { 文号 \"档〔2026〕1号\" }\n层级 中央 > 地方\n维度 档 { 一, 二 }\n\
         事项 甲 按 档 {\n  第一档: 一 => 中央 § \"1\"\n  第二档: 二 => 地方 § \"2\"\n}\n\
         事项 乙 按 档 {\n  第一档: 任意 => 中央 § \"3\"\n  第二档: 二 => 地方 § \"4\" 优先于 第一档\n}\n",
    )
    .expect("write");
    let plan = plan.display().to_string();
    let output = quanze().args(["check", &plan]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));

    let amendment = folder.path().join("amendment.qz");
    std::fs::write(
        &amendment,
        "修正案 \"调整\" {\n  文号 \"档〔2026〕2号\"\n  修正 \"档〔2026〕1号\"\n}\n\n修改事项 乙 {\n  更改 第一档 => 地方 § \"修正一\"\n}\n",
    )
    .expect("write");
    let amendment = amendment.display().to_string();
    let output = quanze()
        .args(["table", &amendment, "--base", &plan, "--format", "csv", "--no-bom"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let table = stdout_of(&output);
    assert!(table.contains(",甲,,档 = 一,中央,中央,"), "{table}");
    assert!(table.contains(",乙,,档 = 一,地方,地方,"), "{table}");

    let twice = folder.path().join("twice.qz");
    std::fs::write(
        &twice,
        "文件 \"分档\" { }\n层级 中央 > 地方\n维度 档 { 一, 二 }\n\
         事项 甲 按 档 {\n  第一档: 一 => 中央 § \"1\"\n  第一档: 二 => 地方 § \"2\"\n}\n",
    )
    .expect("write");
    let output = quanze().arg("check").arg(&twice).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains("error[E0002]: 条款标签 `第一档` 重复声明"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn arguments_are_listed_in_the_order_they_are_given() {
    // Under the Chinese heading clap sorted them by name: <NEW> before <OLD>.
    for lang in ["zh", "en"] {
        let help = stdout_of(
            &quanze()
                .args(["--lang", lang, "diff", "--help"])
                .output()
                .expect("runs"),
        );
        let (old, new) = (help.find("  <OLD>"), help.find("  <NEW>"));
        assert!(old.is_some() && old < new, "{lang}: {help}");
    }
}

#[test]
fn english_counts_one_in_the_singular() {
    let folder = tempfile::tempdir().expect("temp dir");
    let plan = folder.path().join("one.qz");
    std::fs::write(
        &plan,
        "文件 \"一\" {\n  文号 \"一〔2025〕1号\"\n}\n层级 省 > 市\n事项 执法 \"执法\" => 省  § \"1\"\n未列事项 => 待定  § \"2\"\n",
    )
    .expect("write");
    let output = quanze()
        .args(["--lang", "en", "check"])
        .arg(&plan)
        .output()
        .expect("runs");
    let said = stdout_of(&output);
    assert!(said.contains(": 1 matter, 1 rule: no gaps, no conflicts"), "{said}");
}
