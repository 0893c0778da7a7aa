//! What a name may contain, and what quoted text may not (docs/language.md, "Names").
//!
//! Names are compared in their normal form, so that two names that look the same are the
//! same name: identifiers in NFKC (as Python compares identifiers: full-width letters and
//! digits, compatibility ideographs and decomposed accents are slips, never a second
//! name), quoted names (文号, paragraphs) in NFC (NFKC would turn the full-width brackets
//! of `一（四）` into ASCII ones, which a drafter writes on purpose). A name written
//! otherwise than its normal form is read in that form and reported (W0008), so the text
//! gets fixed for other tools too. What normalisation cannot make the same is refused or
//! reported: an invisible character in a name (E0031), Cyrillic or Greek letters inside a
//! Latin word (W0009), a control character in quoted text (E0032), and — anywhere in the
//! file — a bidirectional control (W0010).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};
use unicode_script::{Script, UnicodeScript};

use crate::diagnostic::{Code, Diagnostic, Label};
use crate::span::{FileId, Span};
use crate::text::Text;
use crate::tr;
use crate::unicode::{describe, is_bidi_control, is_control, is_invisible};

/// Which normal form a name is compared in.
#[derive(Clone, Copy)]
pub(super) enum Form {
    /// An identifier (`name` in the grammar).
    Nfkc,
    /// A quoted name: a 文号, a paragraph.
    Nfc,
}

/// A name as compared, with what is wrong with how it is written added to `findings`.
/// `start` is where `raw` begins in the file.
pub(super) fn name(file: FileId, raw: &str, start: usize, form: Form, findings: &mut Vec<Diagnostic>) -> String {
    // Most names are plain: printable ASCII, or already normal (the quick checks answer
    // without allocating); only the rest are normalised.
    let plain = raw.bytes().all(|b| (b' '..=b'~').contains(&b));
    if plain {
        return raw.to_string();
    }
    // CJK unified ideographs alone (most Chinese names) are normal in every form and hold
    // nothing to refuse or warn of.
    if raw.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return raw.to_string();
    }
    let normal: String = match form {
        Form::Nfkc if is_nfkc_quick(raw.chars()) == IsNormalized::Yes => raw.to_string(),
        Form::Nfc if is_nfc_quick(raw.chars()) == IsNormalized::Yes => raw.to_string(),
        Form::Nfkc => raw.nfkc().collect(),
        Form::Nfc => raw.nfc().collect(),
    };
    let controls = controls(file, raw, start);
    let invisible = invisible(file, raw, start);
    let refused = controls.is_some() || invisible.is_some();
    findings.extend(controls);
    findings.extend(invisible);
    if !refused {
        findings.extend(not_normal(file, raw, &normal, start));
        findings.extend(mixed_scripts(file, raw, start));
    }
    normal
}

/// Quoted text that is not a name (a title, a wording, a quotation, a reason, a file):
/// kept as written, but a control character in it is refused.
pub(super) fn quotation(file: FileId, raw: &str, start: usize, findings: &mut Vec<Diagnostic>) {
    findings.extend(controls(file, raw, start));
}

/// `作品\u{200d}登记`: the name with what cannot be seen, or must not reach a terminal,
/// written as an escape, for a message.
fn shown(raw: &str) -> String {
    raw.chars()
        .map(|c| match is_invisible(c) || c.is_control() {
            true => format!("\\u{{{:x}}}", u32::from(c)),
            false => c.to_string(),
        })
        .collect()
}

/// The places of the characters of `raw` that `wanted` picks, as spans in the file.
fn places(raw: &str, start: usize, wanted: impl Fn(char) -> bool) -> Vec<(Span, char)> {
    raw.char_indices()
        .filter(|&(_, c)| wanted(c))
        .map(|(at, c)| (Span::new(start + at, start + at + c.len_utf8()), c))
        .collect()
}

/// One diagnostic for the characters at `places`: the first is the primary label, the
/// others secondary ones, each naming its character.
fn on_characters(file: FileId, code: Code, message: Text, places: &[(Span, char)], note: Text) -> Option<Diagnostic> {
    let ((first, c), rest) = places.split_first()?;
    let named = |c: char| Text::new(describe(c), describe(c));
    let mut diagnostic = Diagnostic::new(code, message).primary(file, *first, named(*c));
    for (span, c) in rest {
        diagnostic = diagnostic.secondary(file, *span, named(*c));
    }
    Some(diagnostic.note(note))
}

fn controls(file: FileId, raw: &str, start: usize) -> Option<Diagnostic> {
    // A control is a byte below 0x20, DEL, or a C1 control (C2 80–C2 9F): most texts have
    // none of those bytes, and are not walked character by character.
    if !raw.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2) {
        return None;
    }
    let places = places(raw, start, is_control);
    let first = describe(places.first()?.1);
    on_characters(
        file,
        Code::E0032,
        tr!(
            "引号中的文字含有控制字符 {first}",
            "quoted text holds a control character, {first}"
        ),
        &places,
        tr!(
            "控制字符不是文字（常见的是从 PDF 复制来的换页符，或终端转义序列）：终端会执行它，DMN（XML）和表格不能如实保存它。删去它，或换成空格。",
            "a control character is not text (often a form feed copied from a PDF, or a terminal escape sequence): a terminal acts on it, and DMN (XML) and spreadsheets cannot hold it as written. Delete it, or write a space instead."
        ),
    )
}

fn invisible(file: FileId, raw: &str, start: usize) -> Option<Diagnostic> {
    let places = places(raw, start, is_invisible);
    let first = describe(places.first()?.1);
    let name = shown(raw);
    let note = if raw.chars().all(is_invisible) {
        tr!(
            "这个名称只由看不见的字符组成，读者看到的是空白。请写出名称。",
            "this name is made of invisible characters only: a reader sees a blank. Write the name."
        )
    } else {
        tr!(
            "看不见的字符使两个看起来相同的名称成为不同的名称（例如 `作品登记` 和 `作品\\u{{200d}}登记` 会是两个事项）。删去它。",
            "an invisible character makes two names that look the same different names (`作品登记` and `作品\\u{{200d}}登记` would be two matters). Delete it."
        )
    };
    on_characters(
        file,
        Code::E0031,
        tr!(
            "名称 `{name}` 中有看不见的字符 {first}",
            "the name `{name}` holds an invisible character, {first}"
        ),
        &places,
        note,
    )
}

/// W0008: the characters from the first to the last that normalisation changes.
fn not_normal(file: FileId, raw: &str, normal: &str, start: usize) -> Option<Diagnostic> {
    if raw == normal {
        return None;
    }
    let prefix: usize = raw
        .chars()
        .zip(normal.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = raw
        .get(prefix..)
        .unwrap_or_default()
        .chars()
        .rev()
        .zip(normal.get(prefix..).unwrap_or_default().chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let end = raw.len().saturating_sub(suffix).max(prefix);
    let changed = raw.get(prefix..end).unwrap_or_default();
    let mut named: Vec<String> = changed.chars().take(3).map(describe).collect();
    if changed.chars().count() > 3 {
        named.push("…".to_string());
    }
    let named = named.join(", ");
    let shown_raw = shown(raw);
    Some(
        Diagnostic::new(
            Code::W0008,
            tr!(
                "名称 `{shown_raw}` 不是规范写法，按 `{normal}` 读",
                "the name `{shown_raw}` is not written in its normal form; it is read as `{normal}`"
            ),
        )
        .primary(
            file,
            Span::new(start + prefix, start + end),
            tr!("{named}：应写作 `{normal}`", "{named}: write `{normal}`"),
        )
        .note(tr!(
            "全角字母和数字、兼容汉字（如 U+F900）、分解的字符与其规范写法看起来相同，quanze 把它们当作同一个名称；请改为规范写法，使搜索、表格等其他工具也把它们看作同一个。",
            "full-width letters and digits, compatibility ideographs (such as U+F900) and decomposed characters look like their normal form, and quanze takes them as the same name; write the normal form, so that search, spreadsheets and other tools do too."
        )),
    )
}

/// Scripts where a name mixes with Latin letters as a matter of course (`5G网络`, `IP保护`):
/// their characters end a Latin word instead of being letters in it.
fn ends_a_word(script: Script) -> bool {
    matches!(
        script,
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo | Script::Common
    )
}

/// W0009: a word with Latin letters that also has letters of another script — Cyrillic
/// `с` and Greek `ο` look like Latin `c` and `o`. The letters not of the word's most
/// common script (Latin on a tie) are marked.
fn mixed_scripts(file: FileId, raw: &str, start: usize) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Only a word with a Latin letter can mix in a look-alike: a name of Chinese alone
    // (most of them) needs no script look-ups.
    if !raw
        .chars()
        .any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
    {
        return found;
    }
    let mut word: Vec<(usize, char, Script)> = Vec::new();
    let mut chars = raw.char_indices().map(|(at, c)| (at, c, c.script())).peekable();
    while let Some((at, c, script)) = chars.next() {
        if !ends_a_word(script) {
            word.push((at, c, script));
        }
        let last = chars.peek().is_none_or(|&(_, _, next)| ends_a_word(next));
        if last && !word.is_empty() {
            found.extend(mixed_word(file, raw, start, &word));
            word.clear();
        }
    }
    found
}

fn mixed_word(file: FileId, raw: &str, start: usize, word: &[(usize, char, Script)]) -> Option<Diagnostic> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for &(_, _, script) in word.iter().filter(|(_, _, s)| *s != Script::Inherited) {
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, count)) => *count += 1,
            None => counts.push((script, 1)),
        }
    }
    if counts.len() < 2 || !counts.iter().any(|(s, _)| *s == Script::Latin) {
        return None;
    }
    let kept = counts
        .iter()
        .max_by_key(|&&(script, count)| (count, script == Script::Latin))
        .map(|(script, _)| *script)?;
    let places: Vec<(Span, char)> = word
        .iter()
        .filter(|(_, _, script)| *script != kept && *script != Script::Inherited)
        .map(|&(at, c, _)| (Span::new(start + at, start + at + c.len_utf8()), c))
        .collect();
    let text: String = word.iter().map(|(_, c, _)| c).collect();
    let name = shown(raw);
    let kept = match kept {
        Script::Latin => Text::new("拉丁", "Latin"),
        Script::Cyrillic => Text::new("西里尔", "Cyrillic"),
        Script::Greek => Text::new("希腊", "Greek"),
        other => Text::new(other.full_name(), other.full_name()),
    };
    on_characters(
        file,
        Code::W0009,
        tr!(
            "名称 `{name}` 的字母词 `{text}` 混用了不同文字的字母",
            "in the name `{name}`, the word `{text}` mixes letters of different scripts"
        ),
        &places,
        tr!(
            "不同文字的字母可能看起来一样（西里尔字母 `с`、希腊字母 `ο` 与拉丁字母 `c`、`o`），却是不同的名称：用键盘输入的同名引用会找不到它。请把这个词全部写成{kept}字母。",
            "letters of different scripts can look the same (Cyrillic `с`, Greek `ο` and Latin `c`, `o`) yet make a different name: a reference typed on a keyboard will not find it. Write the whole word in {kept} letters.";
            kept
        ),
    )
}

/// W0010: every bidirectional control in the file — in comments, quotations, anywhere —
/// except those already refused as part of a name (E0031, in `refused`).
pub fn bidi_controls(file: FileId, source: &str, refused: &[Diagnostic]) -> Vec<Diagnostic> {
    let in_refused = |span: Span| {
        refused
            .iter()
            .filter(|d| d.code == Code::E0031)
            .flat_map(|d| d.primary.iter().chain(d.secondary.iter()))
            .any(|label: &Label| label.file == file && label.span == span)
    };
    // Every bidirectional control is encoded E2 80 AA–AE or E2 81 A6–A9: a file without
    // those bytes (the usual case) is not walked character by character.
    let bytes = source.as_bytes();
    let any = memchr::memchr_iter(0xE2, bytes).any(|at| {
        matches!(
            bytes.get(at + 1..at + 3),
            Some([0x80, 0xAA..=0xAE] | [0x81, 0xA6..=0xA9])
        )
    });
    if !any {
        return Vec::new();
    }
    places(source, 0, is_bidi_control)
        .into_iter()
        .filter(|&(span, _)| !in_refused(span))
        .filter_map(|place| {
            let named = describe(place.1);
            on_characters(
                file,
                Code::W0010,
                tr!("双向文本控制字符 {named}", "bidirectional text control character {named}"),
                &[place],
                tr!(
                    "它改变一行文字的显示顺序，使显示出来的与 quanze 读到的不同（Trojan Source，CVE-2021-42574）。方案的文字不需要它：删去它。",
                    "it reorders how a line is displayed, so that what is shown differs from what quanze reads (Trojan Source, CVE-2021-42574). A plan's text does not need it: delete it."
                ),
            )
        })
        .collect()
}
