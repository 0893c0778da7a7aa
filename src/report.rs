//! Rendering diagnostics at the edge: codespan-reporting for people, JSON for systems.

use codespan_reporting::diagnostic::{
    Diagnostic as Rendered, Label as RenderedLabel, LabelStyle, Severity as RenderedSeverity,
};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::SourceFile;
use crate::span::FileId;
use crate::text::Lang;

/// The files diagnostics point into, indexed by `FileId`.
pub struct SourceSet {
    files: SimpleFiles<String, String>,
    count: usize,
}

impl Default for SourceSet {
    fn default() -> Self {
        SourceSet {
            files: SimpleFiles::new(),
            count: 0,
        }
    }
}

impl SourceSet {
    /// The id the next file added will get (codespan's file set does not say).
    pub fn next_id(&self) -> FileId {
        self.count
    }

    /// Takes the file (no copy of its text) and returns its id.
    pub fn add(&mut self, source: SourceFile) -> FileId {
        self.count += 1;
        self.files.add(source.name, source.text)
    }

    /// The name of a file added earlier.
    pub fn name(&self, file: FileId) -> Option<String> {
        self.files.name(file).ok()
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: FileId, byte: usize) -> Option<(usize, usize)> {
        let location = self.files.location(file, byte).ok()?;
        Some((location.line_number, location.column_number))
    }

    /// The text of a file added earlier.
    pub fn text(&self, file: FileId) -> &str {
        self.files.get(file).map_or("", |f| f.source().as_str())
    }
}

fn severity(severity: Severity) -> RenderedSeverity {
    match severity {
        Severity::Error => RenderedSeverity::Error,
        Severity::Warning => RenderedSeverity::Warning,
    }
}

fn label(label: &Label, style: LabelStyle, lang: Lang) -> RenderedLabel<usize> {
    RenderedLabel::new(style, label.file, label.span.start..label.span.end).with_message(label.message.get(lang))
}

pub fn to_codespan(diagnostic: &Diagnostic, lang: Lang) -> Rendered<usize> {
    let mut labels = Vec::with_capacity(1 + diagnostic.secondary.len());
    if let Some(primary) = &diagnostic.primary {
        labels.push(label(primary, LabelStyle::Primary, lang));
    }
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| label(l, LabelStyle::Secondary, lang)),
    );
    let mut notes: Vec<String> = diagnostic.notes.iter().map(|n| n.get(lang).to_string()).collect();
    let code = diagnostic.code.as_str();
    notes.push(match lang {
        Lang::Zh => format!("详见 `quanze explain {code}`"),
        Lang::En => format!("see `quanze explain {code}`"),
    });
    Rendered::new(severity(diagnostic.severity()))
        .with_code(code)
        .with_message(diagnostic.message.get(lang))
        .with_labels(labels)
        .with_notes(notes)
}

/// Plain text, as in the snapshot tests and when output is not a terminal.
pub fn render_plain(sources: &SourceSet, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        match term::emit_into_string(&config, &sources.files, &to_codespan(diagnostic, lang)) {
            Ok(text) => out.push_str(&text),
            // A span outside its file would be a bug in a phase; say the message anyway.
            Err(_) => {
                out.push_str(&format!(
                    "{}[{}]: {}\n",
                    severity_word(diagnostic),
                    diagnostic.code.as_str(),
                    diagnostic.message.get(lang)
                ));
            }
        }
    }
    out
}

/// Coloured output for a terminal.
pub fn render_to_terminal(sources: &SourceSet, diagnostics: &[Diagnostic], lang: Lang) {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let stream = StandardStream::stderr(ColorChoice::Auto);
    let mut lock = stream.lock();
    let config = Config::default();
    for diagnostic in diagnostics {
        // Writing to stderr can only fail if stderr is gone; nothing is left to tell then.
        let _ = term::emit_to_write_style(&mut lock, &config, &sources.files, &to_codespan(diagnostic, lang));
    }
}

fn severity_word(diagnostic: &Diagnostic) -> &'static str {
    match diagnostic.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[derive(Clone, Copy, Serialize)]
pub struct JsonPosition {
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub start: JsonPosition,
    pub end: JsonPosition,
    pub message: String,
    pub primary: bool,
}

/// One diagnostic for machines. Schema: docs/json-diagnostics.md.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub start: Option<JsonPosition>,
    pub end: Option<JsonPosition>,
    pub labels: Vec<JsonLabel>,
    pub notes: Vec<String>,
    /// The cases a gap, conflict or overlap concerns; empty for other diagnostics.
    pub regions: Vec<JsonRegion>,
}

/// A region of cases: its constrained dimensions, and the same as text.
#[derive(Serialize)]
pub struct JsonRegion {
    pub when: Vec<crate::describe::Constraint>,
    pub condition: String,
}

fn position(sources: &SourceSet, file: usize, byte: usize) -> Option<JsonPosition> {
    let location = sources.files.location(file, byte).ok()?;
    Some(JsonPosition {
        line: location.line_number,
        column: location.column_number,
    })
}

fn json_label(sources: &SourceSet, label: &Label, primary: bool, lang: Lang) -> Option<JsonLabel> {
    Some(JsonLabel {
        file: sources.files.name(label.file).ok()?,
        start: position(sources, label.file, label.span.start)?,
        end: position(sources, label.file, label.span.end)?,
        message: label.message.get(lang).to_string(),
        primary,
    })
}

/// The diagnostic's regions, in the JSON diagnostics' shape (SARIF carries the same).
pub fn json_regions(diagnostic: &Diagnostic, lang: Lang) -> Vec<JsonRegion> {
    diagnostic
        .regions
        .iter()
        .map(|r| JsonRegion {
            when: r.when.clone(),
            condition: r.condition.get(lang).to_string(),
        })
        .collect()
}

pub fn to_json(sources: &SourceSet, diagnostic: &Diagnostic, lang: Lang) -> JsonDiagnostic {
    let primary = diagnostic
        .primary
        .as_ref()
        .and_then(|l| json_label(sources, l, true, lang));
    let (file, start, end) = match &primary {
        Some(label) => (Some(label.file.clone()), Some(label.start), Some(label.end)),
        None => (None, None, None),
    };
    let labels = primary
        .into_iter()
        .chain(
            diagnostic
                .secondary
                .iter()
                .filter_map(|l| json_label(sources, l, false, lang)),
        )
        .collect();
    JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: severity_word(diagnostic),
        message: diagnostic.message.get(lang).to_string(),
        file,
        start,
        end,
        labels,
        notes: diagnostic.notes.iter().map(|n| n.get(lang).to_string()).collect(),
        regions: json_regions(diagnostic, lang),
    }
}

/// Diagnostics as the JSON array `quanze check --format json` prints, written one by one:
/// the same bytes as pretty-printing the whole array, and a newline.
pub fn write_json_diagnostics(
    out: &mut dyn std::io::Write,
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> std::io::Result<()> {
    if diagnostics.is_empty() {
        return out.write_all(b"[]\n");
    }
    out.write_all(b"[")?;
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        out.write_all(if index == 0 { b"\n  " } else { b",\n  " })?;
        out.write_all(pretty_at(&to_json(sources, diagnostic, lang), 1)?.as_bytes())?;
    }
    out.write_all(b"\n]\n")
}

/// serde_json's pretty text of `value` at `depth` (two spaces a level) in a larger
/// document: a JSON string holds no raw line break, so each one is between tokens.
pub(crate) fn pretty_at<T: serde::Serialize>(value: &T, depth: usize) -> std::io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}
