//! Rendering diagnostics at the edge: codespan-reporting for people, JSON for systems.

use codespan_reporting::diagnostic::{
    Diagnostic as Rendered, Label as RenderedLabel, LabelStyle, Severity as RenderedSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile, SimpleFiles};
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::SourceFile;
use crate::span::FileId;
use crate::text::Lang;
use crate::unicode::{Shifts, escape, escape_for_terminal, needs_escape};

/// The files diagnostics point into, indexed by `FileId`.
pub struct SourceSet {
    files: SimpleFiles<String, String>,
    /// For each file, its text as a terminal may show it, when that differs (see
    /// [`Shown`]).
    /// Worked out when a diagnostic is first drawn: a run that shows none (a clean check)
    /// never looks.
    shown: Vec<std::cell::OnceCell<Option<Shown>>>,
    count: usize,
}

/// A file whose text holds control or invisible characters, which reach no terminal raw
/// (an escape sequence in a quotation could clear the screen and hide the real error):
/// snippets are drawn from a copy with each written `\u{1b}`, and every label's span is
/// moved into the copy by `shifts`, so it still covers exactly the drafter's characters.
/// Only such files get a copy; positions for machines (JSON, SARIF) stay in the original.
struct Shown {
    file: SimpleFile<String, String>,
    shifts: Shifts,
}

impl Default for SourceSet {
    fn default() -> Self {
        SourceSet {
            files: SimpleFiles::new(),
            shown: Vec::new(),
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
        self.shown.push(std::cell::OnceCell::new());
        self.files.add(source.name, source.text)
    }

    fn shown(&self, file: FileId) -> Option<&Shown> {
        let added = self.files.get(file).ok()?;
        self.shown
            .get(file)?
            .get_or_init(|| {
                // Most files hold nothing to escape: looked at, not copied.
                let text = added.source();
                needs_escape(text).then(|| {
                    let (escaped, shifts) = escape(text);
                    Shown {
                        file: SimpleFile::new(added.name().clone(), escaped),
                        shifts,
                    }
                })
            })
            .as_ref()
    }

    /// A span of `file` as a range of the text a terminal is given.
    fn shown_range(&self, file: FileId, start: usize, end: usize) -> std::ops::Range<usize> {
        match self.shown(file) {
            Some(shown) => shown.shifts.offset(start)..shown.shifts.offset(end),
            None => start..end,
        }
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

/// The files as a terminal is shown them: the escaped copy of a file that has one.
struct Terminal<'s>(&'s SourceSet);

impl<'a, 's: 'a> Files<'a> for Terminal<'s> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, file: FileId) -> Result<String, FilesError> {
        self.0.files.name(file)
    }

    fn source(&'a self, file: FileId) -> Result<&'a str, FilesError> {
        match self.0.shown(file) {
            Some(shown) => Ok(shown.file.source().as_str()),
            None => self.0.files.source(file),
        }
    }

    fn line_index(&'a self, file: FileId, byte: usize) -> Result<usize, FilesError> {
        match self.0.shown(file) {
            Some(shown) => shown.file.line_index((), byte),
            None => self.0.files.line_index(file, byte),
        }
    }

    fn line_range(&'a self, file: FileId, line: usize) -> Result<std::ops::Range<usize>, FilesError> {
        match self.0.shown(file) {
            Some(shown) => shown.file.line_range((), line),
            None => self.0.files.line_range(file, line),
        }
    }
}

/// A message for a terminal: a name or quotation inside it is the drafter's text.
fn said(text: &str) -> String {
    escape_for_terminal(text).into_owned()
}

fn label(sources: &SourceSet, label: &Label, style: LabelStyle, lang: Lang) -> RenderedLabel<usize> {
    let range = sources.shown_range(label.file, label.span.start, label.span.end);
    RenderedLabel::new(style, label.file, range).with_message(said(label.message.get(lang)))
}

fn to_codespan(sources: &SourceSet, diagnostic: &Diagnostic, lang: Lang) -> Rendered<usize> {
    let mut labels = Vec::with_capacity(1 + diagnostic.secondary.len());
    if let Some(primary) = &diagnostic.primary {
        labels.push(label(sources, primary, LabelStyle::Primary, lang));
    }
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| label(sources, l, LabelStyle::Secondary, lang)),
    );
    let mut notes: Vec<String> = diagnostic.notes.iter().map(|n| said(n.get(lang))).collect();
    let code = diagnostic.code.as_str();
    notes.push(match lang {
        Lang::Zh => format!("详见 `quanze explain {code}`"),
        Lang::En => format!("see `quanze explain {code}`"),
    });
    Rendered::new(severity(diagnostic.severity()))
        .with_code(code)
        .with_message(said(diagnostic.message.get(lang)))
        .with_labels(labels)
        .with_notes(notes)
}

/// Plain text, as in the snapshot tests and when output is not a terminal: it may be shown
/// on one (`quanze check 2>&1 | less -R`), so it is escaped as for one.
pub fn render_plain(sources: &SourceSet, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        match term::emit_into_string(&config, &Terminal(sources), &to_codespan(sources, diagnostic, lang)) {
            Ok(text) => out.push_str(&text),
            // A span outside its file would be a bug in a phase; say the message anyway.
            Err(_) => {
                out.push_str(&format!(
                    "{}[{}]: {}\n",
                    severity_word(diagnostic),
                    diagnostic.code.as_str(),
                    said(diagnostic.message.get(lang))
                ));
            }
        }
    }
    out
}

/// The diagnostics drawn as for a terminal, in colour where `out` takes colour (the CLI
/// gives it standard error). The library writes into what the edge gives it; it opens no
/// stream of its own.
pub fn render_styled<W: codespan_reporting::term::WriteStyle + ?Sized>(
    out: &mut W,
    sources: &SourceSet,
    diagnostics: &[Diagnostic],
    lang: Lang,
) {
    let config = Config::default();
    for diagnostic in diagnostics {
        // Writing to stderr can only fail if stderr is gone; nothing is left to tell then.
        let _ = term::emit_to_write_style(
            out,
            &config,
            &Terminal(sources),
            &to_codespan(sources, diagnostic, lang),
        );
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
    /// How many more regions there are than `regions` records (0 when it has every one).
    pub regions_omitted: usize,
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
        regions_omitted: diagnostic.regions_omitted,
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
