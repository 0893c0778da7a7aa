//! Quick fixes: edits an editor offers beside a diagnostic, each one the drafter's choice
//! (nothing is applied unasked). A gap is closed by rules to be decided (待定, kept visible
//! until decided) or by one `其余` rule; a conflict by making one rule the exception to the
//! other (`优先于`, labelling the other when it has no label); a misspelt name by the name
//! the diagnostic suggests.

use std::path::Path;

use super::{LineIndex, Range, names_one_file};
use crate::ast::{Condition, Document, Item, Matter, Rule};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::text::Lang;
use crate::workspace::Checked;

/// A quick fix: what it does, the diagnostic it answers (its range), and its edits: byte
/// ranges of the file and their new text, each range in the text as it is (an insertion is
/// an empty range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub answers: Range,
    pub edits: Vec<(Span, String)>,
}

/// The quick fixes of the file `path` of a checked plan whose text is `text`.
pub fn fixes(checked: &Checked, text: &str, path: &Path, lang: Lang) -> Vec<Fix> {
    let Ok(document) = crate::syntax::parse(0, text) else {
        return Vec::new();
    };
    let Ok(loaded) = checked.loaded.as_ref() else {
        return Vec::new();
    };
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    for diagnostic in &loaded.compiled.diagnostics {
        let Some(label) = diagnostic.primary.as_ref() else {
            continue;
        };
        let in_this_file = checked
            .sources
            .name(label.file)
            .is_some_and(|name| names_one_file(Path::new(&name), path));
        if !in_this_file {
            continue;
        }
        let answers = index.range(label.span);
        let found = match diagnostic.code.as_str() {
            "E0008" => gap_fixes(&document, text, diagnostic, label.span, lang),
            "E0009" => conflict_fixes(&document, text, diagnostic, label.span, lang),
            _ => Vec::new(),
        };
        out.extend(found.into_iter().map(|(title, edits)| Fix { title, answers, edits }));
        if let Some(meant) = &diagnostic.replacement {
            let title = match lang {
                Lang::Zh => format!("改为 `{meant}`"),
                Lang::En => format!("change to `{meant}`"),
            };
            out.push(Fix {
                title,
                answers,
                edits: vec![(label.span, meant.clone())],
            });
        }
    }
    out
}

type Found = Vec<(String, Vec<(Span, String)>)>;

fn matters(document: &Document) -> impl Iterator<Item = &Matter> {
    document.items.iter().flat_map(|item| match item {
        Item::Matter(matter) => std::slice::from_ref(matter).iter(),
        Item::Section(section) => section.matters.iter(),
        _ => [].iter(),
    })
}

/// A gap of a matter with a rule block (its name is the label): one 待定 rule per gap
/// region (the regions in the drafter's notation), or one `其余` rule, inserted before the
/// block's closing brace.
fn gap_fixes(document: &Document, text: &str, diagnostic: &Diagnostic, name: Span, lang: Lang) -> Found {
    let Some(close) = matters(document).find(|m| m.name.span == name).and_then(|m| m.close) else {
        return Vec::new();
    };
    // The keywords in Chinese, as the plans are written (either may be mixed).
    let (reason, paragraph) = match lang {
        Lang::Zh => ("请决定此情形", "待补"),
        Lang::En => ("decide these cases", "to do"),
    };
    let rules: String = diagnostic
        .regions
        .iter()
        .map(|region| {
            let condition = region.condition.get(lang);
            let condition = if condition.is_empty() { "任意" } else { condition };
            format!("  {condition} => 待定 \"{reason}\" § \"{paragraph}\"\n")
        })
        .collect();
    // At the start of the closing brace's line, so the new rules stand as the others.
    let line_start = text
        .get(..close.start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |at| at + 1);
    let at = if text.get(line_start..close.start).is_some_and(|s| s.trim().is_empty()) {
        line_start
    } else {
        close.start
    };
    let here = Span::new(at, at);
    let mut found = Vec::new();
    if !rules.is_empty() {
        let title = match lang {
            Lang::Zh => format!("为缺口加 {} 条待定条款", diagnostic.regions.len()),
            Lang::En => format!("add {} rule(s) to be decided for the gap", diagnostic.regions.len()),
        };
        found.push((title, vec![(here, rules)]));
    }
    let title = match lang {
        Lang::Zh => "加一条 `其余` 条款（待定）".to_string(),
        Lang::En => "add an `otherwise` rule (to be decided)".to_string(),
    };
    found.push((
        title,
        vec![(here, format!("  其余 => 待定 \"{reason}\" § \"{paragraph}\"\n"))],
    ));
    found
}

/// A conflict between two rules (the later one is the label, the earlier the secondary
/// label): either may be made the exception to the other with `优先于`.
fn conflict_fixes(document: &Document, text: &str, diagnostic: &Diagnostic, later: Span, lang: Lang) -> Found {
    let [earlier] = diagnostic.secondary.as_slice() else {
        return Vec::new();
    };
    let Some(matter) = matters(document).find(|m| m.rules.iter().any(|r| r.span == later)) else {
        return Vec::new();
    };
    let rule_at = |span: Span| matter.rules.iter().find(|r| r.span == span);
    let (Some(later), Some(earlier)) = (rule_at(later), rule_at(earlier.span)) else {
        return Vec::new();
    };
    let line_of = |rule: &Rule| LineIndex::new(text).position(rule.span.start).line + 1;
    // A rule for every case (`任意`) is the general one: the other is offered as the
    // exception first.
    let pairs = if matches!(later.condition, Condition::Any(_)) {
        [(earlier, later), (later, earlier)]
    } else {
        [(later, earlier), (earlier, later)]
    };
    let mut found = Vec::new();
    for (exception, general) in pairs {
        let mut edits = Vec::new();
        let label = match &general.label {
            Some(label) => label.value.clone(),
            None => {
                let label = free_label(matter, text);
                edits.push((Span::new(general.span.start, general.span.start), format!("{label}: ")));
                label
            }
        };
        let joined = if exception.overrides.is_empty() {
            " 优先于 "
        } else {
            ", "
        };
        edits.push((
            Span::new(exception.span.end, exception.span.end),
            format!("{joined}{label}"),
        ));
        edits.sort_by_key(|(span, _)| span.start);
        let (exception_line, general_line) = (line_of(exception), line_of(general));
        let (exception_cited, general_cited) = (&exception.citation.paragraph.value, &general.citation.paragraph.value);
        let title = match lang {
            Lang::Zh => format!(
                "第 {exception_line} 行（§ {exception_cited}）的条款是例外：优先于第 {general_line} 行（§ {general_cited}）"
            ),
            Lang::En => format!(
                "the rule on line {exception_line} (§ {exception_cited}) is the exception: it overrides line {general_line} (§ {general_cited})"
            ),
        };
        found.push((title, edits));
    }
    found
}

/// A label found nowhere in the text (so that it is no other name too, such as a value):
/// `通则`, else `通则2`, `通则3` …
fn free_label(matter: &Matter, text: &str) -> String {
    let taken = |name: &str| {
        text.contains(name)
            || matter
                .rules
                .iter()
                .any(|r| r.label.as_ref().is_some_and(|l| l.value == name))
    };
    std::iter::once("通则".to_string())
        .chain((2..).map(|n| format!("通则{n}")))
        .find(|name| !taken(name))
        .unwrap_or_default()
}
