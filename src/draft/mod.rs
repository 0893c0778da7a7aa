//! `quanze draft`: a first plan from the official text. Every plan of every province,
//! league and city follows one formula — `将 A，B，C，确认为X级财政事权，由X承担支出责任。`,
//! mirrored once per level with the scope word swapped — so the text is read clause by
//! clause (`clause.rs`), each list item one matter quoting the item verbatim with its
//! citation, mirrored items paired into one matter split by `范围` (`scope.rs`), the header
//! from the notice (`header.rs`). What it does not understand stays in the plan as a
//! `# 未识别` comment, never dropped. Deterministic: no model, no network; the same text
//! gives the same bytes. Text only: the CLI reads and writes the files.

mod clause;
mod header;
mod scope;

use std::fmt::Write;

use indexmap::IndexMap;

pub use scope::{BadLine, ScopeWords};

use crate::coverage::{Place, heading_titles, paragraphs};
use crate::format::{Keywords, NotFormatted, format};
use clause::{Given, Reading};

pub struct Request<'a> {
    pub source: &'a str,
    /// The levels, highest first; found in the clauses when not given.
    pub levels: Option<&'a [String]>,
    pub scope_words: &'a ScopeWords,
    /// The source file as the plan's first comment names it.
    pub source_name: &'a str,
    /// The plan this one refines (`--refines`), if any.
    pub refines: Option<Refines<'a>>,
}

/// The plan a drafted plan refines: its 文号, its file as the drafted plan names it, and the
/// level of it that the drafted plan's levels divide.
#[derive(Clone, Copy)]
pub struct Refines<'a> {
    pub number: &'a str,
    pub path: &'a str,
    pub level: &'a str,
    /// The parent's matters, name and wording: a drafted matter of the same words takes the
    /// parent's name, so that the chain's checks find it.
    pub matters: &'a [(String, String)],
}

/// One list item of a clause, where it stands and what the clause gives it.
#[derive(Clone, Debug)]
struct Entry {
    paragraph: String,
    item: String,
    /// The scope word's place in the item and the `范围` value it votes for.
    scope: Option<(std::ops::Range<usize>, String)>,
    key: String,
    given: Given,
    /// `未列入…的X`: the cases of X no other level's item takes (`其余`).
    residual: bool,
}

/// A heading's matters and comments, in the order of the text.
#[derive(Default)]
struct Section {
    title: String,
    pieces: Vec<Piece>,
}

enum Piece {
    /// The entries of one matter.
    Matter(Vec<Entry>),
    /// A sentence not understood, with its paragraph.
    Unread(String, String),
}

/// The drafted plan, formatted. `Err` only if the formatter refuses what was drafted,
/// which would be a bug of the drafter: the text it writes always parses.
pub fn draft(request: &Request<'_>) -> Result<String, NotFormatted> {
    let text = draft_text(request);
    format(0, &text, Keywords::Zh)
}

fn draft_text(request: &Request<'_>) -> String {
    let titles: IndexMap<String, String> = heading_titles(request.source).into_iter().collect();
    let mut sections: IndexMap<String, Section> = IndexMap::new();
    let mut unlisted: Option<(String, String)> = None;
    let mut found_levels: Vec<String> = Vec::new();
    for paragraph in paragraphs(request.source).iter().filter(|p| p.place == Place::Body) {
        let heading = heading_of(&paragraph.id);
        let section = sections.entry(heading.clone()).or_insert_with(|| Section {
            title: titles.get(&heading).cloned().unwrap_or_default(),
            pieces: Vec::new(),
        });
        for sentence in &paragraph.sentences {
            match clause::read(sentence) {
                Reading::Clause(clause) => {
                    if let Given::Level { power, spending } = &clause.given {
                        for level in [power, spending] {
                            if !found_levels.contains(level) {
                                found_levels.push(level.clone());
                            }
                        }
                    }
                    for item in clause.items {
                        let scope = request
                            .scope_words
                            .find(&item)
                            .map(|(range, value)| (range, value.to_string()));
                        // `未列入中央、自治区财政事权的知识产权侵权纠纷…`: the rest of a matter
                        // another level's item names, its words after `的`.
                        let rest = item
                            .strip_prefix("未列入")
                            .and_then(|tail| tail.split_once('的'))
                            .map(|(_, matter)| matter.to_string());
                        let entry = Entry {
                            paragraph: paragraph.id.clone(),
                            key: match &rest {
                                Some(matter) => scope::key(matter, None),
                                None => scope::key(&item, scope.as_ref().map(|(range, _)| range.clone())),
                            },
                            scope: scope.filter(|_| rest.is_none()),
                            residual: rest.is_some(),
                            item,
                            given: clause.given.clone(),
                        };
                        place(section, entry);
                    }
                }
                Reading::Unlisted if unlisted.is_none() => {
                    unlisted = Some((paragraph.id.clone(), sentence.clone()));
                }
                Reading::Unlisted | Reading::Other => {
                    section
                        .pieces
                        .push(Piece::Unread(paragraph.id.clone(), sentence.clone()));
                }
            }
        }
    }
    let levels: Vec<String> = match request.levels {
        Some(levels) => levels.to_vec(),
        None => found_levels,
    };
    write_plan(request, &levels, &sections, unlisted.as_ref())
}

/// `一(三)2` → `一(三)`, `二1` → `二`.
fn heading_of(id: &str) -> String {
    id.trim_end_matches(|c: char| c.is_ascii_digit()).to_string()
}

/// How many of a section's latest pieces an item's mirror is looked for in.
const MIRROR_LOOKBACK: usize = 512;

/// Adds the entry to the matter of its section it mirrors (another level, the same words
/// once the scope words are out), or as a matter of its own.
fn place(section: &mut Section, entry: Entry) {
    let pairs = matches!(entry.given, Given::Level { .. });
    // The mirror stands in the paragraph after, a few dozen items back at most: looking
    // at the latest matters only keeps a section of thousands of items linear.
    let mirrored = section
        .pieces
        .iter_mut()
        .rev()
        .take(MIRROR_LOOKBACK)
        .find_map(|piece| match piece {
            Piece::Matter(entries)
                if pairs
                    && entries
                        .iter()
                        .all(|other| matches!(other.given, Given::Level { .. }) && other.given != entry.given)
                    && entries.iter().any(|other| scope::same_matter(&other.key, &entry.key)) =>
            {
                Some(entries)
            }
            _ => None,
        });
    match mirrored {
        Some(entries) => entries.push(entry),
        None => section.pieces.push(Piece::Matter(vec![entry])),
    }
}

fn write_plan(
    request: &Request<'_>,
    levels: &[String],
    sections: &IndexMap<String, Section>,
    unlisted: Option<&(String, String)>,
) -> String {
    let mut out = String::new();
    let header = header::header(request.source);
    let _ = writeln!(
        out,
        "# 由 quanze draft 从 {} 生成：请逐条核对后再用。",
        one_line(request.source_name)
    );
    let _ = writeln!(
        out,
        "文件 {} {{",
        quoted(header.title.as_deref().unwrap_or("（标题未识别）"))
    );
    if let Some(number) = &header.number {
        let _ = writeln!(out, "  文号 {}", quoted(number));
    }
    if let Some(issued) = &header.issued {
        let _ = writeln!(out, "  印发 {issued}");
    }
    if let Some(effective) = &header.effective {
        let _ = writeln!(out, "  施行 {effective}");
    }
    if !header.basis.is_empty() {
        let basis: Vec<String> = header.basis.iter().map(|b| quoted(b)).collect();
        let _ = writeln!(out, "  依据 {}", basis.join(", "));
    }
    if let Some(refines) = request.refines {
        let _ = writeln!(out, "  细化 {} {}", quoted(refines.number), quoted(refines.path));
        if !levels.is_empty() {
            let into: Vec<String> = levels.iter().map(|l| name(l)).collect();
            let _ = writeln!(out, "  细分 {} => {}", name(refines.level), into.join(" > "));
        }
    }
    let _ = writeln!(out, "}}\n");

    let level_names: Vec<String> = levels.iter().map(|l| name(l)).collect();
    if level_names.is_empty() {
        let _ = writeln!(out, "# 未识别：条款中没有找到层级，请用 --levels 给出。");
    } else {
        let _ = writeln!(out, "层级 {}", level_names.join(" > "));
    }
    let matters = || {
        sections
            .values()
            .flat_map(|s| &s.pieces)
            .filter_map(|piece| match piece {
                Piece::Matter(entries) => Some(entries),
                Piece::Unread(..) => None,
            })
    };
    let scope_values = scope_values(levels, matters());
    let split_by_scope = matters().any(|entries| splits_by_scope(entries) && !by_unit(entries));
    if split_by_scope {
        let values: Vec<String> = levels.iter().map(|level| scope_value(&scope_values, level)).collect();
        let _ = writeln!(
            out,
            "\n# 条款中标明范围的词（{}）：事项所涉的地域。",
            scope_words_seen(matters()).join("、")
        );
        let _ = writeln!(out, "维度 范围 {{ {} }}", values.join(", "));
    }
    if matters().any(|entries| by_unit(entries) || entries.iter().any(|e| e.given == Given::ByAffiliation)) {
        let _ = writeln!(out, "\n# 按照隶属关系：承担事项的单位所属的层级。");
        let _ = writeln!(out, "维度 隶属 : 层级");
    }

    let mut names = Names::default();
    for (heading, section) in sections {
        let _ = writeln!(out, "\n章节 {} {} {{", quoted(heading), quoted(&section.title));
        for piece in &section.pieces {
            match piece {
                Piece::Unread(paragraph, sentence) => {
                    let _ = writeln!(out, "  # 未识别（{paragraph}）：{}", one_line(sentence));
                }
                Piece::Matter(entries) => {
                    write_matter(request, &mut out, entries, levels, &scope_values, &mut names);
                }
            }
        }
        let _ = writeln!(out, "}}");
    }
    if let Some((paragraph, sentence)) = unlisted {
        let words = sentence.trim_end_matches(['。', '；']);
        let _ = writeln!(
            out,
            "\n未列事项 => 待定 {} § {} {}",
            quoted(words),
            quoted(paragraph),
            quoted(words)
        );
    }
    out
}

/// The `范围` value that stands for each level: the value its own items' scope words vote
/// for most (`全区`, `全区性`, `区内` all vote `全区性`), the first such on a tie; the level's
/// name when none of its items has a scope word.
fn scope_values<'e>(levels: &[String], matters: impl Iterator<Item = &'e Vec<Entry>>) -> IndexMap<String, String> {
    let mut votes: IndexMap<(String, String), usize> = IndexMap::new();
    for entry in matters.flatten() {
        if let (Given::Level { power, .. }, Some((_, value))) = (&entry.given, &entry.scope) {
            *votes.entry((power.clone(), value.clone())).or_default() += 1;
        }
    }
    levels
        .iter()
        .map(|level| {
            let mut best: Option<(&str, usize)> = None;
            for ((voter, value), count) in &votes {
                if voter == level && best.is_none_or(|(_, most)| *count > most) {
                    best = Some((value.as_str(), *count));
                }
            }
            (
                level.clone(),
                best.map_or_else(|| level.clone(), |(value, _)| value.to_string()),
            )
        })
        .collect()
}

fn scope_value(values: &IndexMap<String, String>, level: &str) -> String {
    name(values.get(level).map_or(level, String::as_str))
}

/// The scope words the items use, in the order first seen.
fn scope_words_seen<'e>(matters: impl Iterator<Item = &'e Vec<Entry>>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for entry in matters.flatten() {
        if let Some(word) = entry
            .scope
            .as_ref()
            .and_then(|(range, _)| entry.item.get(range.clone()))
            && !seen.iter().any(|w| w == word)
        {
            seen.push(word.to_string());
        }
    }
    seen
}

/// Whether a matter is written split by `范围`: mirrored items, one of them with a scope word.
fn splits_by_scope(entries: &[Entry]) -> bool {
    entries.len() > 1 && entries.iter().any(|e| e.scope.is_some())
}

/// Whether mirrored items name the unit that does the work (`自治区级职能部门及所属机构承担的
/// 事项` against `盟市职能部门…`): each level's own units, the `隶属` dimension, not a scope.
fn by_unit(entries: &[Entry]) -> bool {
    splits_by_scope(entries) && entries.iter().all(|e| e.key.contains("承担"))
}

fn write_matter(
    request: &Request<'_>,
    out: &mut String,
    entries: &[Entry],
    levels: &[String],
    scope_values: &IndexMap<String, String>,
    names: &mut Names,
) {
    // The words of a matter are those of an item that names it, not of `未列入…`.
    let Some(first) = entries.iter().find(|e| !e.residual).or(entries.first()) else {
        return;
    };
    let wording = match &first.scope {
        Some((range, _)) => format!(
            "{}{}",
            first.item.get(..range.start).unwrap_or_default(),
            first.item.get(range.end..).unwrap_or_default()
        ),
        None => first.item.clone(),
    };
    let parents = request.refines.map_or(&[][..], |refines| refines.matters);
    let parent = parents
        .iter()
        .find(|(_, words)| scope::same_matter(&scope::key(words, None), &first.key))
        .map(|(name, _)| name.as_str());
    let matter = unique_name(parent.unwrap_or(&first.key), names);
    for entry in entries.iter().filter(|e| e.item.contains('、') && !e.residual) {
        let parts: Vec<&str> = entry.item.split('、').collect();
        let _ = writeln!(
            out,
            "  # 请确认：“{}”是一个事项，还是 {} 个（{}）？",
            one_line(&entry.item),
            parts.len(),
            one_line(&parts.join(" / "))
        );
    }
    let cite = |entry: &Entry| format!("§ {} {}", quoted(&entry.paragraph), quoted(&entry.item));
    let by_affiliation = first.given == Given::ByAffiliation;
    let by_unit = by_unit(entries);
    let by = if by_affiliation || by_unit {
        " 按 隶属"
    } else if splits_by_scope(entries) {
        " 按 范围"
    } else {
        ""
    };
    let head = format!("  事项 {matter} {}{by}", quoted(&wording));
    if let [only] = entries {
        let _ = writeln!(out, "{head}\n    => {} {}", outcome(&only.given, levels), cite(only));
        return;
    }
    let _ = writeln!(out, "{head} {{");
    for entry in entries {
        let condition = match (&entry.given, splits_by_scope(entries)) {
            _ if entry.residual => "其余".to_string(),
            (Given::Level { power, .. }, true) if by_unit => format!("隶属 = {}", name(power)),
            (Given::Level { power, .. }, true) => format!("范围 = {}", scope_value(scope_values, power)),
            _ => "任意".to_string(),
        };
        let _ = writeln!(
            out,
            "    {condition} => {} {}",
            outcome(&entry.given, levels),
            cite(entry)
        );
    }
    let _ = writeln!(out, "  }}");
}

/// A clause's outcome in the plan's words; a level the plan does not declare is left 待定
/// with the clause's words, for the drafter to settle.
fn outcome(given: &Given, levels: &[String]) -> String {
    let known = |level: &String| levels.contains(level);
    match given {
        Given::Level { power, spending } if known(power) && known(spending) => {
            if power == spending {
                name(power)
            } else {
                format!("事权 {} 支出 {}", name(power), name(spending))
            }
        }
        Given::Level { power, spending } => {
            quoted_tbd(&format!("财政事权 {power}，支出责任 {spending}：不是方案的层级"))
        }
        Given::ByAffiliation => "按 隶属".to_string(),
        Given::Joint(holders) => quoted_tbd(&format!("{}共同财政事权，分担比例待定", holders.join("与"))),
    }
}

fn quoted_tbd(words: &str) -> String {
    format!("待定 {}", quoted(words))
}

/// A name the language accepts, from `text`: its Chinese characters, ASCII letters and
/// digits, at most 16, never a keyword, never a digit first. Only those: a name is a
/// Unicode word, and `㊁` is alphanumeric without being a word character (the fuzzer
/// found it).
fn name(text: &str) -> String {
    let word = |c: &char| c.is_ascii_alphanumeric() || *c == '_' || ('\u{4E00}'..='\u{9FFF}').contains(c);
    let mut name: String = text.chars().filter(word).take(16).collect();
    if name.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        name.insert_str(0, "事项");
    }
    if crate::syntax::keywords::is_keyword(&name) {
        name.push_str("事项");
    }
    name
}

/// The matter names given so far, and for each name the number to try next: numbering
/// the thousandth `甲` does not try the 999 before it.
#[derive(Default)]
struct Names {
    used: indexmap::IndexSet<String>,
    next: IndexMap<String, usize>,
}

/// [`name`] of `text`, numbered when a matter already has it.
fn unique_name(text: &str, names: &mut Names) -> String {
    let base = name(text);
    let mut count = names.next.get(&base).copied().unwrap_or(1);
    let mut candidate = if count == 1 {
        base.clone()
    } else {
        format!("{base}{count}")
    };
    while names.used.contains(&candidate) {
        count += 1;
        candidate = format!("{base}{count}");
    }
    names.next.insert(base, count + 1);
    names.used.insert(candidate.clone());
    candidate
}

/// `text` as a quoted text of the language: `"…"`, or `“…”` when it holds `"`; a mark that
/// would close both is replaced by its full-width twin. Never a line break.
fn quoted(text: &str) -> String {
    let text = one_line(text);
    if !text.contains('"') {
        return format!("\"{text}\"");
    }
    format!("“{}”", text.replace('”', "＂"))
}

fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_never_breaks_the_language() {
        assert_eq!(quoted("甲\"乙\n"), "“甲\"乙 ”");
        assert_eq!(quoted("“甲”"), "\"“甲”\"");
        assert_eq!(name("12、事项"), "事项12事项");
        assert_eq!(name("事项"), "事项事项");
        assert_eq!(name("㊁合理划分"), "合理划分");
    }
}
