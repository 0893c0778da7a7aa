//! Diagnostics as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the
//! format code-review systems read to show findings inline. Built with serde_json values,
//! validated against the official schema in tests/sarif.rs.
//!
//! Every code is a rule of the tool, with its explanation (docs/codes/) as help; every
//! diagnostic is a result with its primary label as the location and its secondary labels
//! as related locations. Columns count Unicode code points (`columnKind`), as the drafter's
//! Chinese text is read.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

use crate::diagnostic::{Code, Diagnostic, Label, Severity};
use crate::render::SourceSet;
use crate::text::Lang;

/// The characters escaped in a file path used as a URI reference: what is not allowed in
/// one (RFC 3986), keeping `/` as the separator; and `:`, so that a name like `a:b.qz` is
/// not read as the scheme `a` (RFC 3986 §4.2).
const PATH: &AsciiSet = &CONTROLS
    .add(b':')
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub fn to_sarif(sources: &SourceSet, diagnostics: &[Diagnostic], lang: Lang) -> Value {
    let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let results: Vec<Value> = diagnostics.iter().map(|d| result(sources, d, lang)).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "quanze",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// [`to_sarif`] as pretty JSON with a final newline, written result by result: the same
/// bytes as `serde_json::to_string_pretty(&to_sarif(..))` and a newline, without holding
/// every result as a `Value` at once (a `Value` tree takes many times its text: with 20,000
/// findings in a 44 MB plan, 583 MB — issue 14).
pub fn write_sarif(
    out: &mut dyn std::io::Write,
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> std::io::Result<()> {
    let skeleton = serde_json::to_string_pretty(&to_sarif(sources, &[], lang))?;
    // The results' place in the skeleton: inside a JSON string a quote is escaped, so this
    // text, quotes and all, can only be the field itself.
    const EMPTY: &str = "\"results\": []";
    let (before, after) = match skeleton.split_once(EMPTY) {
        Some(halves) if !diagnostics.is_empty() => halves,
        _ => (skeleton.as_str(), ""),
    };
    out.write_all(before.as_bytes())?;
    if !after.is_empty() {
        // `$schema`/`runs` [ { `results` [ result … ] } ]: a result is at depth 4.
        out.write_all(b"\"results\": [")?;
        for (index, diagnostic) in diagnostics.iter().enumerate() {
            out.write_all(if index == 0 { b"\n        " } else { b",\n        " })?;
            out.write_all(crate::render::pretty_at(&result(sources, diagnostic, lang), 4)?.as_bytes())?;
        }
        out.write_all(b"\n      ]")?;
        out.write_all(after.as_bytes())?;
    }
    out.write_all(b"\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(code: Code) -> Value {
    let explanation = code.explanation();
    // The page's first line: `# E0008: 缺口 / gap ...`.
    let title = explanation.lines().next().unwrap_or("").trim_start_matches('#').trim();
    let title = title.split_once(": ").map_or(title, |(_, rest)| rest);
    json!({
        "id": code.as_str(),
        "shortDescription": { "text": title },
        "fullDescription": { "text": explanation },
        "help": { "text": explanation, "markdown": explanation },
        "defaultConfiguration": { "level": level(code.severity()) },
    })
}

fn result(sources: &SourceSet, diagnostic: &Diagnostic, lang: Lang) -> Value {
    let mut message = diagnostic.message.get(lang).to_string();
    for note in &diagnostic.notes {
        message.push_str("\n= ");
        message.push_str(note.get(lang));
    }
    let code = diagnostic.code;
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(code.as_str()));
    let index = Code::ALL.iter().position(|c| *c == code).unwrap_or(0);
    result.insert("ruleIndex".into(), json!(index));
    result.insert("level".into(), json!(level(diagnostic.severity())));
    result.insert("message".into(), json!({ "text": message }));
    if let Some(location) = diagnostic
        .primary
        .as_ref()
        .and_then(|l| location(sources, l, lang, None))
    {
        result.insert("locations".into(), json!([location]));
    }
    let related: Vec<Value> = diagnostic
        .secondary
        .iter()
        .enumerate()
        .filter_map(|(index, label)| location(sources, label, lang, Some(index)))
        .collect();
    if !related.is_empty() {
        result.insert("relatedLocations".into(), Value::Array(related));
    }
    // The cases of a gap or overlap, as in the JSON diagnostics (docs/json-diagnostics.md).
    let regions = crate::render::json_regions(diagnostic, lang);
    if !regions.is_empty() {
        let omitted = diagnostic.regions_omitted;
        result.insert(
            "properties".into(),
            json!({ "regions": regions, "regions_omitted": omitted }),
        );
    }
    Value::Object(result)
}

fn location(sources: &SourceSet, label: &Label, lang: Lang, id: Option<usize>) -> Option<Value> {
    let (start_line, start_column) = sources.line_column(label.file, label.span.start)?;
    let (end_line, end_column) = sources.line_column(label.file, label.span.end)?;
    let name = sources.name(label.file)?;
    let uri = utf8_percent_encode(&separators(&name), PATH).to_string();
    let mut location = Map::new();
    if let Some(id) = id {
        location.insert("id".into(), json!(id));
    }
    location.insert("message".into(), json!({ "text": label.message.get(lang) }));
    location.insert(
        "physicalLocation".into(),
        json!({
            "artifactLocation": { "uri": uri },
            "region": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            }
        }),
    );
    Some(Value::Object(location))
}

/// A file name with `/` between folders. Only where `\\` is the separator is it one; on
/// unix it is a character of the name, escaped like any other.
fn separators(name: &str) -> String {
    if std::path::MAIN_SEPARATOR == '\\' {
        name.replace('\\', "/")
    } else {
        name.to_string()
    }
}
