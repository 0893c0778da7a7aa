//! What an editor shows of a checked plan, for the language server (`quanze lsp`) and later
//! the workbench: the diagnostics of one file with their places as lines and UTF-16
//! columns (the Language Server Protocol's unit; a rare character outside the Basic
//! Multilingual Plane counts two), and the related places in other files (the parent's
//! rule). Text only: the adapters speak the protocol.

mod fixes;
mod names;
pub mod workbench;

use std::path::{Path, PathBuf};

pub use fixes::{Fix, fixes};
pub use names::{Named, occurrences, references, rename};

use crate::diagnostic::{Diagnostic, Label};
use crate::render::SourceSet;
use crate::span::Span;
use crate::text::Lang;
use crate::workspace::Checked;

/// A place in a text as an editor counts it: 0-based line, 0-based UTF-16 column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// Where each line of a text starts, to turn byte offsets into editor positions and back.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character's start).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|start| *start <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character: usize = self
            .text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .map(char::len_utf16)
            .sum();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of `position`: past a line's end, its end; past the text, its end;
    /// inside a surrogate pair, the character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(start) = usize::try_from(position.line).ok().and_then(|l| self.starts.get(l)) else {
            return self.text.len();
        };
        let line = self.text.get(*start..).unwrap_or_default();
        let line = line.split_inclusive('\n').next().unwrap_or_default();
        let wanted = usize::try_from(position.character).unwrap_or(usize::MAX);
        let mut units = 0;
        for (at, c) in line.char_indices() {
            if c == '\n' || units + c.len_utf16() > wanted {
                return start + at;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }
}

/// A diagnostic as an editor shows it in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorDiagnostic {
    pub range: Range,
    pub error: bool,
    pub code: &'static str,
    /// The message, its label and its notes, in the reader's language.
    pub message: String,
    /// The other places the diagnostic names (the other rule, the parent plan's rule), with
    /// what each says: the file, its range there, the words.
    pub related: Vec<(PathBuf, Range, String)>,
}

/// The diagnostics of a checked plan whose primary place is in the file `path` (as the
/// workspace names it), in the order of their place. A diagnostic with no place in any
/// file (the plan could not be read) stands at the file's start.
pub fn diagnostics_of(checked: &Checked, path: &Path, lang: Lang) -> Vec<EditorDiagnostic> {
    let sources = &checked.sources;
    let all: Vec<&Diagnostic> = match &checked.loaded {
        Ok(loaded) => loaded.compiled.diagnostics.iter().collect(),
        Err(unread) => vec![unread.as_ref()],
    };
    let file_of = |label: &Label| sources.name(label.file).map(PathBuf::from);
    let mut out = Vec::new();
    for diagnostic in all {
        let here = match &diagnostic.primary {
            Some(label) => file_of(label).is_some_and(|file| names_one_file(&file, path)),
            None => true,
        };
        if !here {
            continue;
        }
        let range = diagnostic.primary.as_ref().map_or(
            Range {
                start: Position { line: 0, character: 0 },
                end: Position { line: 0, character: 0 },
            },
            |label| range_in(sources, label),
        );
        let mut message = diagnostic.message.get(lang).to_string();
        if let Some(label) = &diagnostic.primary {
            let words = label.message.get(lang);
            if !words.is_empty() {
                message.push_str(&format!("（{words}）"));
            }
        }
        for note in &diagnostic.notes {
            message.push_str("\n= ");
            message.push_str(note.get(lang));
        }
        let related = diagnostic
            .secondary
            .iter()
            .filter_map(|label| {
                Some((
                    file_of(label)?,
                    range_in(sources, label),
                    label.message.get(lang).to_string(),
                ))
            })
            .collect();
        out.push(EditorDiagnostic {
            range,
            error: diagnostic.is_error(),
            code: diagnostic.code.as_str(),
            message,
            related,
        });
    }
    out
}

/// What the name under byte `offset` of the file `path` is, in words: a matter (its wording,
/// dimensions and rules), a dimension (its values), a level (its rank), a value (its
/// dimension). `None` off a name, or where the plan could not be resolved.
pub fn hover(checked: &Checked, path: &Path, offset: usize, lang: Lang) -> Option<(Range, String)> {
    name_hover(checked, path, offset, lang).or_else(|| rule_hover(checked, path, offset, lang))
}

/// Off a declared name, inside a rule: the cases it decides in words, its decision, and its
/// citation with the words it quotes.
fn rule_hover(checked: &Checked, path: &Path, offset: usize, lang: Lang) -> Option<(Range, String)> {
    let plan = own_plan(checked, path)?;
    let (matter, rule) = plan.matters.iter().find_map(|matter| {
        let rule = matter
            .rules
            .iter()
            .find(|r| r.span.start <= offset && offset < r.span.end)?;
        Some((matter, rule))
    })?;
    let cases: Vec<String> = if rule.otherwise {
        vec![
            match lang {
                Lang::Zh => "其余情形（本事项其他条款未决定的情形）",
                Lang::En => "every case no other rule of the matter decides",
            }
            .to_string(),
        ]
    } else {
        rule.region
            .iter()
            .map(|case_box| crate::describe::case_box(plan, matter, case_box).get(lang).to_string())
            .collect()
    };
    let outcome = crate::describe::outcome(plan, Some(matter), &rule.outcome);
    let paragraph = &rule.citation.paragraph;
    let quote = rule
        .citation
        .quote
        .as_deref()
        .map(|q| format!("“{q}”"))
        .unwrap_or_default();
    let said = match lang {
        Lang::Zh => format!(
            "事项 `{}` 的条款：{}\n决定为 {}\n出处 § {paragraph} {quote}",
            matter.name,
            cases.join(" 或 "),
            outcome.zh
        ),
        Lang::En => format!(
            "a rule of matter `{}`: {}\ndecides {}\ncited § {paragraph} {quote}",
            matter.name,
            cases.join(" or "),
            outcome.en
        ),
    };
    let text = checked.sources.text(plan.file);
    Some((LineIndex::new(text).range(rule.span), said.trim_end().to_string()))
}

fn name_hover(checked: &Checked, path: &Path, offset: usize, lang: Lang) -> Option<(Range, String)> {
    let (plan, text, span, word) = name_under(checked, path, offset)?;
    let zh = lang == Lang::Zh;
    let dimension_names = |ids: &[usize]| -> Vec<&str> {
        ids.iter()
            .filter_map(|id| plan.dimensions.get(*id))
            .map(|d| d.name.as_str())
            .collect()
    };
    let said = if let Some(matter) = plan.matters.iter().find(|m| m.name == word) {
        let wording = matter.wording.as_deref().unwrap_or_default();
        let by = dimension_names(&matter.dimensions).join("、");
        let rules = matter.rules.len();
        match (zh, by.is_empty()) {
            (true, true) => format!("事项 `{word}`：{wording}\n{rules} 条条款"),
            (true, false) => format!("事项 `{word}`：{wording}\n按 {by}；{rules} 条条款"),
            (false, true) => format!("matter `{word}`: {wording}\n{rules} rule(s)"),
            (false, false) => format!("matter `{word}`: {wording}\nby {by}; {rules} rule(s)"),
        }
    } else if let Some(dimension) = plan.dimensions.iter().find(|d| d.name == word) {
        let values = crate::names::list(dimension.values.iter().map(String::as_str));
        match zh {
            true => format!("维度 `{word}`：{} 个值 {}", dimension.values.len(), values.zh),
            false => format!("dimension `{word}`: {} values, {}", dimension.values.len(), values.en),
        }
    } else if let Some(rank) = plan.levels.iter().position(|l| l.name == word) {
        let all = crate::names::list(plan.levels.iter().map(|l| l.name.as_str()));
        match zh {
            true => format!(
                "层级 `{word}`：第 {} 级（共 {}：{}）",
                rank + 1,
                plan.levels.len(),
                all.zh
            ),
            false => format!(
                "level `{word}`: number {} of {} ({})",
                rank + 1,
                plan.levels.len(),
                all.en
            ),
        }
    } else {
        let of: Vec<&str> = plan
            .dimensions
            .iter()
            .filter(|d| d.values.iter().any(|v| v == word))
            .map(|d| d.name.as_str())
            .collect();
        let of = of.first()?;
        match zh {
            true => format!("维度 `{of}` 的值 `{word}`"),
            false => format!("`{word}`, a value of dimension `{of}`"),
        }
    };
    Some((LineIndex::new(text).range(span), said))
}

/// Where the name under byte `offset` of the file `path` is declared: the file and the
/// range there. A matter's, dimension's or level's name goes to its declaration, a value to
/// its dimension's; the name of a matter the plan takes from the plan it refines (not
/// `自设事项`), on its own declaration, goes to the parent's matter, and a level only the
/// parent declares (`细分 地方 => …`) to the parent's level, in the parent's file. `None`
/// off a name, or where the plan could not be resolved.
pub fn definition(checked: &Checked, path: &Path, offset: usize) -> Option<(PathBuf, Range)> {
    let (plan, text, span, word) = name_under(checked, path, offset)?;
    if let Some(above) = declared_above(checked, plan, span, word) {
        return Some(above);
    }
    let declared = plan
        .matters
        .iter()
        .find(|m| m.name == word)
        .map(|m| m.name_span)
        .or_else(|| plan.dimensions.iter().find(|d| d.name == word).map(|d| d.span))
        .or_else(|| plan.levels.iter().find(|l| l.name == word).map(|l| l.span))
        .or_else(|| {
            plan.dimensions
                .iter()
                .find(|d| !d.level_valued && d.values.iter().any(|v| v == word))
                .map(|d| d.span)
        })?;
    Some((path.to_path_buf(), LineIndex::new(text).range(declared)))
}

/// The declaration in the parent plan of the name `word` at `span`: the matter refined, on
/// the child's declaration of it; a level the child does not declare.
fn declared_above(checked: &Checked, plan: &crate::ir::Plan, span: Span, word: &str) -> Option<(PathBuf, Range)> {
    let parent = checked.loaded.as_ref().ok()?.parent.as_deref()?;
    let parent_plan = parent.compiled.plan.as_ref()?;
    let refined_here = plan
        .matters
        .iter()
        .any(|m| m.name == word && m.name_span == span && !m.own);
    let declared = if refined_here {
        parent_plan.matters.iter().find(|m| m.name == word)?.name_span
    } else if plan.levels.iter().all(|l| l.name != word) {
        parent_plan.levels.iter().find(|l| l.name == word)?.span
    } else {
        return None;
    };
    let parent_text = checked.sources.text(parent_plan.file);
    Some((parent.path.clone(), LineIndex::new(parent_text).range(declared)))
}

/// What may complete the word that ends at byte `offset` of `text`: the keywords in both
/// languages, and the names the text declares (levels, dimensions, values, value sets,
/// matters), each with what it is, those starting with what is typed; every one when
/// nothing is typed yet. The names are read from the syntax tree of the text, or of the
/// text without the word being typed; keywords only when neither parses.
pub fn completions(text: &str, offset: usize, lang: Lang) -> Vec<(String, String)> {
    let offset = offset.min(text.len());
    let typed = text
        .get(..offset)
        .and_then(|before| word_at(before, before.len()).and_then(|span| before.get(span.start..span.end)))
        .unwrap_or_default();
    let zh = lang == Lang::Zh;
    let mut out: Vec<(String, String)> = Vec::new();
    let mut offer = |word: &str, what: &str| {
        if word.starts_with(typed) && word != typed && !out.iter().any(|(w, _)| w == word) {
            out.push((word.to_string(), what.to_string()));
        }
    };
    for keyword in crate::syntax::keywords::all() {
        let what = if zh { "关键字" } else { "keyword" };
        offer(keyword.zh, what);
        offer(keyword.en, what);
    }
    // A word half typed often leaves the text unparsable: read it without that word then.
    let without_typed = format!(
        "{}{}",
        text.get(..offset - typed.len()).unwrap_or_default(),
        text.get(offset..).unwrap_or_default()
    );
    let document = crate::syntax::parse(0, text).or_else(|_| crate::syntax::parse(0, &without_typed));
    if let Ok(document) = document {
        for (_, named) in names::occurrences(&document) {
            match named {
                Named::Level(name) => offer(&name, if zh { "层级" } else { "level" }),
                Named::Dimension(name) => offer(&name, if zh { "维度" } else { "dimension" }),
                Named::Value { dimension, value } => offer(
                    &value,
                    &if zh {
                        format!("{dimension} 的值")
                    } else {
                        format!("a value of {dimension}")
                    },
                ),
                Named::ValueSet { dimension, set } => offer(
                    &set,
                    &if zh {
                        format!("{dimension} 的值集")
                    } else {
                        format!("a value set of {dimension}")
                    },
                ),
                Named::Matter(name) => offer(&name, if zh { "事项" } else { "matter" }),
                Named::Label { .. } => {}
            }
        }
    }
    out
}

/// What a stretch of text is, for colouring it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    Keyword,
    Comment,
    Quotation,
    /// A number, a date, a share.
    Number,
    Mark,
    Level,
    Dimension,
    Value,
    ValueSet,
    Matter,
    Label,
}

/// Every token of `text` with what it is, in order: keywords, comments, quotations, marks,
/// and each name as what it names (a level, a dimension, a value …). Empty when the text
/// does not parse (the editor keeps its last colours, the diagnostics say why).
pub fn highlights(text: &str) -> Vec<(Span, Highlight)> {
    use crate::syntax::TokenKind;
    let Ok((tokens, document)) = crate::syntax::tokens(0, text) else {
        return Vec::new();
    };
    let named: Vec<(Span, Named)> = names::occurrences(&document);
    tokens
        .iter()
        .map(|token| {
            let highlight = match token.kind {
                TokenKind::Keyword(_) => Highlight::Keyword,
                TokenKind::Comment => Highlight::Comment,
                TokenKind::Quotation => Highlight::Quotation,
                TokenKind::Mark(_) => Highlight::Mark,
                TokenKind::Word => match named.iter().find(|(span, _)| *span == token.span) {
                    Some((_, Named::Level(_))) => Highlight::Level,
                    Some((_, Named::Dimension(_))) => Highlight::Dimension,
                    Some((_, Named::Value { .. })) => Highlight::Value,
                    Some((_, Named::ValueSet { .. })) => Highlight::ValueSet,
                    Some((_, Named::Matter(_))) => Highlight::Matter,
                    Some((_, Named::Label { .. })) => Highlight::Label,
                    None => Highlight::Number,
                },
            };
            (token.span, highlight)
        })
        .collect()
}

/// The checked plan of the file `path`, its text, and the word at byte `offset` in it (its
/// place and its letters); `None` where the plan could not be resolved, for a file not the
/// plan's own (its parent's), or off a word.
fn name_under<'c>(
    checked: &'c Checked,
    path: &Path,
    offset: usize,
) -> Option<(&'c crate::ir::Plan, &'c str, Span, &'c str)> {
    let plan = own_plan(checked, path)?;
    let text = checked.sources.text(plan.file);
    let span = word_at(text, offset)?;
    Some((plan, text, span, text.get(span.start..span.end)?))
}

/// The resolved plan of a checked plan, when it was read from the file `path` (not from its
/// parent's, nor the consolidated text of an amendment).
fn own_plan<'c>(checked: &'c Checked, path: &Path) -> Option<&'c crate::ir::Plan> {
    let plan = checked.loaded.as_ref().ok()?.compiled.plan.as_ref()?;
    checked
        .sources
        .name(plan.file)
        .is_some_and(|name| names_one_file(Path::new(&name), path))
        .then_some(plan)
}

/// The word (letters, digits, `_`) around byte `offset`.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let offset = offset.min(text.len());
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(at, _)| at);
    let after = text.get(offset..)?;
    let end = offset + after.find(|c: char| !is_word(c)).unwrap_or(after.len());
    (end > start).then(|| Span::new(start, end))
}

fn range_in(sources: &SourceSet, label: &Label) -> Range {
    LineIndex::new(sources.text(label.file)).range(label.span)
}

/// Whether two names of a file are one file: the same path, or the same file once the
/// workspace's relative name is read from the project folder.
fn names_one_file(named: &Path, path: &Path) -> bool {
    named == path || path.ends_with(named) || named.ends_with(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_offers_keywords_and_the_plan_s_names() {
        let text = "层级 自治区 > 盟市\n维度 范围 { 全区性, 盟市 }\n事项 甲 按 范围 {\n  全区性 => 自治区 § \"1\"\n  范围 = 盟市 => 盟市 § \"2\"\n}\n维";
        let offered = completions(text, text.len(), Lang::Zh);
        assert!(
            offered.iter().any(|(w, what)| w == "维度" && what == "关键字"),
            "{offered:?}"
        );
        // A half-typed `范` leaves the text unparsable; without it, it parses: its names count.
        let typing = format!("{}范", text.trim_end_matches('维'));
        let offered = completions(&typing, typing.len(), Lang::Zh);
        assert_eq!(offered, [("范围".to_string(), "维度".to_string())]);
        let whole = text.trim_end_matches('维');
        let offered = completions(whole, whole.find("全区性 =>").expect("a rule") + "全".len(), Lang::En);
        assert_eq!(offered, [("全区性".to_string(), "a value of 范围".to_string())]);
    }

    #[test]
    fn names_are_coloured_as_what_they_name() {
        let text =
            "层级 自治区 > 盟市 # 两级\n维度 范围 { 全区性, 盟市 }\n事项 甲 按 范围 { 范围 = 盟市 => 盟市 § \"1\" }\n";
        let seen: Vec<(&str, Highlight)> = highlights(text)
            .into_iter()
            .map(|(span, h)| (text.get(span.start..span.end).unwrap_or_default(), h))
            .collect();
        assert!(seen.contains(&("层级", Highlight::Keyword)));
        assert!(seen.contains(&("# 两级", Highlight::Comment)));
        assert!(seen.contains(&("\"1\"", Highlight::Quotation)));
        assert!(seen.contains(&("甲", Highlight::Matter)));
        let meng: Vec<Highlight> = seen.iter().filter(|(w, _)| *w == "盟市").map(|(_, h)| *h).collect();
        assert_eq!(
            meng,
            [Highlight::Level, Highlight::Value, Highlight::Value, Highlight::Level]
        );
    }

    #[test]
    fn positions_count_utf16_units() {
        // `𠀀` is outside the Basic Multilingual Plane: two UTF-16 units, four bytes.
        let text = "甲\n𠀀乙 x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').expect("x");
        assert_eq!(index.position(x), Position { line: 1, character: 4 });
        assert_eq!(index.offset(Position { line: 1, character: 4 }), x);
        // Inside the surrogate pair: the character's start.
        assert_eq!(
            index.offset(Position { line: 1, character: 1 }),
            text.find('𠀀').expect("𠀀")
        );
        // Past the line's end: its end; past the text: its end.
        assert_eq!(index.offset(Position { line: 0, character: 9 }), "甲".len());
        assert_eq!(index.offset(Position { line: 9, character: 0 }), text.len());
        assert_eq!(index.position(text.len() + 5), Position { line: 2, character: 0 });
    }
}
