//! `quanze lsp` spoken to over stdio, as an editor speaks to it: JSON-RPC messages framed by
//! `Content-Length`. The real plan (with its parent) opened with a rule taken out shows the
//! gap, at the matter's name counted in UTF-16 units (a rare character before it is two);
//! putting the rule back clears it; formatting returns the canonical layout.

// A panic in a test is a failing test, not a drafter's crash.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Client {
    fn start(folder: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quanze"))
            .arg("lsp")
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("quanze lsp starts");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        Client { child, input, output }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.input.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).expect("a header line");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The next message with this method or this id.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.receive();
            if wanted(&message) {
                return message;
            }
        }
    }
}

fn diagnostics_for(client: &mut Client, uri: &str) -> Vec<Value> {
    let message = client.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    message["params"]["diagnostics"].as_array().expect("a list").clone()
}

#[test]
fn an_editor_sees_the_gap_where_it_is_and_its_fix() {
    let folder = tempfile::tempdir().expect("temp dir");
    for file in ["nmg-ip-2024-48.qz", "gbf-ip-2023-48-partial.qz"] {
        std::fs::copy(format!("policies/{file}"), folder.path().join(file)).expect("copy");
    }
    let path = folder.path().join("nmg-ip-2024-48.qz");
    let uri = url_of(&path);
    let real = std::fs::read_to_string(&path).expect("read");
    let rule = "    盟市   => 盟市    § \"一(一)2\" \"将制定实施盟市知识产权战略、规划、政策……确认为盟市财政事权，由盟市承担支出责任\"\n";
    assert!(real.contains(rule));
    let broken = real
        .replace(rule, "")
        .replace("事项 战略规划政策 ", "事项 𠀀战略规划政策 ");

    let mut client = Client::start(folder.path());
    client.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    let initialized = client.wait_for(|m| m["id"] == 1);
    assert_eq!(
        initialized["result"]["capabilities"]["documentFormattingProvider"],
        true
    );
    client.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "quanze", "version": 1, "text": broken}}}));
    let diagnostics = diagnostics_for(&mut client, &uri);
    let gap = diagnostics
        .iter()
        .find(|d| d["code"] == "E0008")
        .unwrap_or_else(|| panic!("a gap among {diagnostics:#?}"));
    let line = broken
        .lines()
        .position(|l| l.contains("事项 𠀀战略规划政策"))
        .expect("the line");
    // `  事项 ` is 5 units; `𠀀` two more, then six characters of one unit each.
    assert_eq!(gap["range"]["start"], json!({"line": line, "character": 5}));
    assert_eq!(gap["range"]["end"], json!({"line": line, "character": 13}));
    assert_eq!(gap["severity"], 1);
    assert!(gap["message"].as_str().expect("words").contains("盟市"), "{gap}");

    // The quick fix: a rule 待定 for the gap's cases closes it.
    client.send(
        json!({"jsonrpc": "2.0", "id": 10, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": gap["range"], "context": {"diagnostics": [gap]}}}),
    );
    let actions = client.wait_for(|m| m["id"] == 10);
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    let fixed = apply(&broken, action["edit"]["changes"][&uri].as_array().expect("edits"));
    assert!(
        fixed.contains("范围 = 盟市 => 待定 \"请决定此情形\" § \"待补\""),
        "{fixed}"
    );
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}}));
    let diagnostics = diagnostics_for(&mut client, &uri);
    assert!(diagnostics.iter().all(|d| d["code"] != "E0008"), "{diagnostics:#?}");

    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": real}]}}));
    let diagnostics = diagnostics_for(&mut client, &uri);
    assert!(diagnostics.iter().all(|d| d["severity"] != 1), "{diagnostics:#?}");

    // Hover on the dimension's name: its values.
    let declared = real
        .lines()
        .position(|l| l.starts_with("维度 范围"))
        .expect("the dimension");
    client.send(
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": declared, "character": 4}}}),
    );
    let hover = client.wait_for(|m| m["id"] == 4);
    let words = hover["result"]["contents"]["value"].as_str().expect("words");
    assert!(
        words.contains("维度 `范围`") && words.contains("全区性") && words.contains("盟市"),
        "{hover}"
    );
    assert_eq!(
        hover["result"]["range"]["start"],
        json!({"line": declared, "character": 3})
    );

    // Go to definition from a rule's value (`全区性`) to its dimension's declaration.
    let rule = real
        .lines()
        .position(|l| l.trim_start().starts_with("全区性 =>"))
        .expect("a rule");
    let column = real
        .lines()
        .nth(rule)
        .expect("the line")
        .find("全区性")
        .expect("the value");
    client.send(
        json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/definition", "params": {
        "textDocument": {"uri": uri}, "position": {"line": rule, "character": column + 1}}}),
    );
    let found = client.wait_for(|m| m["id"] == 5);
    assert_eq!(
        found["result"]["range"]["start"],
        json!({"line": declared, "character": 3}),
        "{found}"
    );

    // From a matter refined from the parent to the parent's matter, in the parent's file; from
    // the level the plan divides (`细分 地方 => …`) to the parent's level.
    let parent_text = std::fs::read_to_string(folder.path().join("gbf-ip-2023-48-partial.qz")).expect("read");
    let parent_uri = url_of(&folder.path().join("gbf-ip-2023-48-partial.qz"));
    let place_of = |text: &str, needle: &str, within: &str| {
        let line = text.lines().position(|l| l.contains(needle)).expect("the line");
        let column = text.lines().nth(line).unwrap().find(within).expect("the word");
        let character = text.lines().nth(line).unwrap()[..column].chars().count();
        (line, character)
    };
    for (needle, word, above_needle) in [
        ("事项 战略规划政策 ", "战略规划政策", "事项 战略规划政策 "),
        ("细分 地方 =>", "地方", "层级 中央 > 地方"),
    ] {
        let (line, character) = place_of(&real, needle, word);
        client.send(
            json!({"jsonrpc": "2.0", "id": 6, "method": "textDocument/definition", "params": {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character + 1}}}),
        );
        let found = client.wait_for(|m| m["id"] == 6);
        assert_eq!(found["result"]["uri"], parent_uri.as_str(), "{word}: {found}");
        let (above, at) = place_of(&parent_text, above_needle, word);
        assert_eq!(
            found["result"]["range"]["start"],
            json!({"line": above, "character": at}),
            "{word}: {found}"
        );
    }

    // Semantic tokens: the first line's keyword `层级`, then its two levels.
    client.send(
        json!({"jsonrpc": "2.0", "id": 11, "method": "textDocument/semanticTokens/full", "params": {
        "textDocument": {"uri": uri}}}),
    );
    let tokens = client.wait_for(|m| m["id"] == 11);
    let legend: Vec<String> = initialized["result"]["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
        .as_array()
        .expect("a legend")
        .iter()
        .map(|t| t.as_str().expect("a type").to_string())
        .collect();
    let data: Vec<u64> = tokens["result"]["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().expect("a number"))
        .collect();
    let mut decoded = Vec::new();
    let (mut line, mut start) = (0, 0);
    for token in data.chunks(5) {
        if token[0] > 0 {
            line += token[0];
            start = token[1];
        } else {
            start += token[1];
        }
        decoded.push((line, start, token[2], legend[token[3] as usize].clone()));
    }
    let levels_line = real
        .lines()
        .position(|l| l.starts_with("层级 自治区 > 盟市"))
        .expect("levels") as u64;
    let on_levels: Vec<(u64, u64, String)> = decoded
        .iter()
        .filter(|(l, ..)| *l == levels_line)
        .map(|(_, s, n, t)| (*s, *n, t.clone()))
        .collect();
    assert_eq!(
        on_levels,
        [
            (0, 2, "keyword".to_string()),
            (3, 3, "class".to_string()),
            (7, 1, "operator".to_string()),
            (9, 2, "class".to_string())
        ],
        "{tokens}"
    );

    // Completion of a half-typed keyword and of a dimension's name.
    let typing = format!("{real}维");
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typing}]}}));
    diagnostics_for(&mut client, &uri);
    let last = typing.lines().count() - 1;
    client.send(
        json!({"jsonrpc": "2.0", "id": 9, "method": "textDocument/completion", "params": {
        "textDocument": {"uri": uri}, "position": {"line": last, "character": 1}}}),
    );
    let offered = client.wait_for(|m| m["id"] == 9);
    let labels: Vec<&str> = offered["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&"维度"), "{offered}");
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": real}]}}));
    diagnostics_for(&mut client, &uri);

    // References of the level 盟市 are its places as a level, never the value 盟市 of 范围;
    // renaming it changes those and keeps the plan clean.
    let levels = real
        .lines()
        .position(|l| l.starts_with("层级 自治区 > 盟市"))
        .expect("the levels");
    let level_column = "层级 自治区 > ".chars().count();
    client.send(
        json!({"jsonrpc": "2.0", "id": 6, "method": "textDocument/references", "params": {
        "textDocument": {"uri": uri}, "position": {"line": levels, "character": level_column},
        "context": {"includeDeclaration": true}}}),
    );
    let found = client.wait_for(|m| m["id"] == 6);
    let places = found["result"].as_array().expect("places");
    let as_level = real.matches("=> 盟市").count() + 1;
    assert!(places.len() >= as_level, "{found}");
    client.send(
        json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/rename", "params": {
        "textDocument": {"uri": uri}, "position": {"line": levels, "character": level_column},
        "newName": "盟市级"}}),
    );
    let renamed = client.wait_for(|m| m["id"] == 7);
    let edits = renamed["result"]["changes"][&uri].as_array().expect("edits");
    assert_eq!(edits.len(), places.len(), "{renamed}");
    let applied = apply(&real, edits);
    assert!(
        applied.contains("层级 自治区 > 盟市级") && applied.contains("维度 范围 { 全区性, 盟市 }"),
        "{applied}"
    );
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": applied}]}}));
    let diagnostics = diagnostics_for(&mut client, &uri);
    let errors: Vec<&Value> = diagnostics.iter().filter(|d| d["severity"] == 1).collect();
    // The parent divides 地方 into 自治区 > 盟市 (`细分`): renamed in this plan's header too,
    // the chain still reads; only the parent's own names stay as they were.
    assert!(errors.is_empty(), "{errors:#?}");
    client.send(
        json!({"jsonrpc": "2.0", "id": 8, "method": "textDocument/rename", "params": {
        "textDocument": {"uri": uri}, "position": {"line": levels, "character": level_column},
        "newName": "自治区"}}),
    );
    let refused = client.wait_for(|m| m["id"] == 8);
    assert!(
        refused["error"]["message"]
            .as_str()
            .expect("why")
            .contains("已被同类的名称使用"),
        "{refused}"
    );

    let untidy = real.replacen("层级 自治区 > 盟市", "层级   自治区>盟市", 1);
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": untidy}]}}));
    diagnostics_for(&mut client, &uri);
    client.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/formatting", "params": {
        "textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}}),
    );
    let formatted = client.wait_for(|m| m["id"] == 2);
    let edits = formatted["result"].as_array().expect("edits");
    assert_eq!(edits.len(), 1, "{formatted}");
    assert!(
        edits[0]["newText"]
            .as_str()
            .expect("text")
            .contains("层级 自治区 > 盟市")
    );

    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.wait_for(|m| m["id"] == 3);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = client.child.wait().expect("it exits");
    assert!(status.success(), "{status}");
}

/// `text` with the edits applied (ranges in UTF-16 units, none overlapping).
fn apply(text: &str, edits: &[Value]) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().expect("line") as usize;
        let character = position["character"].as_u64().expect("character") as usize;
        let start: usize = lines[..line].iter().map(|l| l.len()).sum();
        let mut units = 0;
        for (at, c) in lines[line].char_indices() {
            if units >= character {
                return start + at;
            }
            units += c.len_utf16();
        }
        start + lines[line].len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

fn url_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// The server's replies on a small plan with a gap, a conflict and a misspelt value, written
/// as a reader checks them: each range shown under its line of the source, marked `^`.
#[test]
fn the_server_s_replies_read_as_marked_source() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("example.qz");
    let text = "文件 \"示例\" { }\n层级 自治区 > 盟市\n维度 范围 { 全区性, 盟市 }\n维度 影响 { 全区重大, 一般 }\n\n事项 甲 \"甲事项\" 按 范围 {\n  全区性 => 自治区 § \"1\"\n}\n\n事项 乙 按 影响 {\n  任意 => 盟市 § \"2\"\n  全区重大 => 自治区 § \"3\"\n}\n";
    std::fs::write(&path, text).expect("write");
    let uri = url_of(&path);
    let mut client = Client::start(folder.path());
    client.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    client.wait_for(|m| m["id"] == 1);
    client.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "quanze", "version": 1, "text": text}}}));
    // A misspelt value stops the checks of its plan (nothing is checked on names that do
    // not resolve): it has a file of its own.
    let typo_path = folder.path().join("typo.qz");
    let typo = "文件 \"错字\" { }\n层级 自治区 > 盟市\n维度 范围 { 全区性, 盟市 }\n\n事项 丙 按 范围 {\n  全区姓 => 自治区 § \"4\"\n  盟市 => 盟市 § \"5\"\n}\n";
    std::fs::write(&typo_path, typo).expect("write");
    let typo_uri = url_of(&typo_path);
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": typo_uri, "languageId": "quanze", "version": 1, "text": typo}}}));
    let mut shown = String::new();
    let mut all = Vec::new();
    for (uri, text) in [(&uri, text), (&typo_uri, typo)] {
        for diagnostic in diagnostics_for(&mut client, uri) {
            all.push((uri.clone(), text, diagnostic));
        }
    }
    for (uri, text, diagnostic) in all {
        let code = diagnostic["code"].as_str().unwrap_or_default();
        let first_line = diagnostic["message"]
            .as_str()
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default();
        shown += &format!(
            "diagnostic {code}: {first_line}\n{}",
            marked(text, &diagnostic["range"])
        );
        client.send(
            json!({"jsonrpc": "2.0", "id": 50, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}}),
        );
        let actions = client.wait_for(|m| m["id"] == 50);
        for action in actions["result"].as_array().expect("actions") {
            shown += &format!("  quick fix: {}\n", action["title"].as_str().unwrap_or_default());
            for edit in action["edit"]["changes"][&uri].as_array().expect("edits") {
                shown += &format!("    edit {:?} at\n", edit["newText"].as_str().unwrap_or_default());
                shown += &indented(&marked(text, &edit["range"]));
            }
        }
    }
    let at = |line: usize, character: usize| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    client.send(json!({"jsonrpc": "2.0", "id": 60, "method": "textDocument/hover", "params": at(2, 3)}));
    let hover = client.wait_for(|m| m["id"] == 60);
    shown += &format!(
        "hover on 范围: {}\n{}",
        hover["result"]["contents"]["value"].as_str().unwrap_or_default(),
        marked(text, &hover["result"]["range"])
    );
    client.send(json!({"jsonrpc": "2.0", "id": 64, "method": "textDocument/hover", "params": at(11, 17)}));
    let hover = client.wait_for(|m| m["id"] == 64);
    shown += &format!(
        "hover on a rule's citation: {}\n{}",
        hover["result"]["contents"]["value"].as_str().unwrap_or_default(),
        marked(text, &hover["result"]["range"])
    );
    client.send(json!({"jsonrpc": "2.0", "id": 61, "method": "textDocument/definition", "params": at(6, 10)}));
    let definition = client.wait_for(|m| m["id"] == 61);
    shown += &format!(
        "definition of 自治区 (line 7):\n{}",
        marked(text, &definition["result"]["range"])
    );
    let mut references = at(1, 10);
    references["context"] = json!({"includeDeclaration": true});
    client.send(json!({"jsonrpc": "2.0", "id": 62, "method": "textDocument/references", "params": references}));
    let found = client.wait_for(|m| m["id"] == 62);
    shown += "references of the level 盟市:\n";
    for location in found["result"].as_array().expect("locations") {
        shown += &indented(&marked(text, &location["range"]));
    }
    let mut rename = at(2, 3);
    rename["newName"] = json!("地域");
    client.send(json!({"jsonrpc": "2.0", "id": 63, "method": "textDocument/rename", "params": rename}));
    let renamed = client.wait_for(|m| m["id"] == 63);
    shown += "rename 范围 to 地域:\n";
    for edit in renamed["result"]["changes"][&uri].as_array().expect("edits") {
        shown += &indented(&marked(text, &edit["range"]));
    }
    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.wait_for(|m| m["id"] == 3);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    client.child.wait().expect("it exits");
    insta::assert_snapshot!("lsp_replies", shown);
}

/// The line of `range`'s start, numbered, and under it `^` from the start to the end (or to
/// the line's end), in display columns (a Chinese character is two wide).
fn marked(text: &str, range: &Value) -> String {
    use unicode_width::UnicodeWidthStr;
    let Some(line_number) = range["start"]["line"].as_u64() else {
        return format!("    (no range: {range})\n");
    };
    let line_number = line_number as usize;
    let line = text.lines().nth(line_number).unwrap_or_default();
    let column = |position: &Value| -> usize {
        let wanted = position["character"].as_u64().expect("character") as usize;
        let mut units = 0;
        let mut bytes = line.len();
        for (at, c) in line.char_indices() {
            if units >= wanted {
                bytes = at;
                break;
            }
            units += c.len_utf16();
        }
        line[..bytes].width()
    };
    let start = column(&range["start"]);
    let end = if range["end"]["line"] == range["start"]["line"] {
        column(&range["end"])
    } else {
        line.width()
    };
    let carets = "^".repeat(end.saturating_sub(start).max(1));
    format!("{:>3} | {line}\n    | {}{carets}\n", line_number + 1, " ".repeat(start))
}

fn indented(block: &str) -> String {
    block.lines().map(|l| format!("    {l}\n")).collect()
}
