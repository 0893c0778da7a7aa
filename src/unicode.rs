//! Characters that deceive a reader: invisible ones, bidirectional controls, terminal
//! controls — what they are called, and how to show them harmlessly.
//!
//! Plans are untrusted input (pasted from PDFs and web pages, sent by another office): a
//! name may hold a character nobody sees, and a quotation may hold bytes a terminal obeys.
//! The syntax phase refuses or reports them (`syntax/written.rs`); the human outputs show
//! them escaped ([`escape_for_terminal`]).

use std::borrow::Cow;

use unicode_security::GeneralSecurityProfile;
use unicode_security::general_security_profile::IdentifierType;

/// `U+200D ZERO WIDTH JOINER`: a character as a diagnostic names it, by code point and
/// Unicode name, since the character itself may be invisible or look like another.
/// A control character has no Unicode name; it is labelled `<control>`, as in the
/// Unicode Character Database.
pub fn describe(c: char) -> String {
    match unicode_names2::name(c) {
        Some(name) => format!("U+{:04X} {name}", u32::from(c)),
        None if c.is_control() => format!("U+{:04X} <control>", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// A character that renders as nothing (Unicode's Default_Ignorable_Code_Point): zero
/// widths, joiners, the combining grapheme joiner, variation selectors, bidirectional
/// controls, Hangul fillers, tags. Taken from the UTS #39 identifier types, which give
/// U+206A–U+206F and U+E0001 as Deprecated rather than Default_Ignorable although they
/// are default-ignorable format characters too.
pub fn is_invisible(c: char) -> bool {
    // Every default-ignorable character lies in U+00AD–U+33FF or from U+FE00 on: ASCII,
    // Latin-1 and the CJK blocks (most of a plan's text) are answered without the table.
    let code = u32::from(c);
    if code < 0xAD || (0x3400..0xFE00).contains(&code) {
        return false;
    }
    c.identifier_type() == Some(IdentifierType::Default_Ignorable) || matches!(c, '\u{206A}'..='\u{206F}' | '\u{E0001}')
}

/// The embeddings, overrides and isolates that reorder how a line is displayed — the
/// characters of Trojan Source (CVE-2021-42574), the same list as rustc's
/// `text_direction_codepoint_in_literal` lint.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A control character (C0 but tab, line feed and carriage return; DEL; C1): something a
/// terminal or an XML parser acts on, never a letter of a plan.
pub fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// What a terminal must not receive raw: controls (an ESC sequence can set the clipboard
/// or clear the screen), a carriage return inside a line (it rewinds the line, hiding what
/// came before), and invisible characters — bidirectional controls among them, which make
/// a terminal that reorders show another text than the one read; shown escaped, the others
/// become visible, and a label's carets can point at them.
fn unsafe_for_terminal(c: char, next: Option<char>) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n') && !(c == '\r' && next == Some('\n'))) || is_invisible(c)
}

/// `text` with every character unsafe for a terminal written visibly ([`shown_as`]);
/// borrowed when there is none (the usual case).
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(escape(text).0)
}

/// Whether `text` holds a character unsafe for a terminal: a look without copying, for
/// the usual text that has none.
pub fn needs_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\t' | b'\n' | 0x20..=0x7E => at += 1,
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 1,
            0x00..=0x1F | 0x7F => return true,
            // U+4000–U+DFFF (most CJK text), U+3000–U+30FF (CJK punctuation, kana) and
            // U+FF00–U+FF7F (full-width forms), three bytes each: no control, nothing
            // invisible.
            0xE4..=0xED => at += 3,
            0xE3 if matches!(bytes.get(at + 1), Some(0x80..=0x83)) => at += 3,
            0xEF if matches!(bytes.get(at + 1), Some(0xBC..=0xBD)) => at += 3,
            _ => {
                let mut rest = text.get(at..).unwrap_or_default().chars();
                let Some(c) = rest.next() else {
                    return false;
                };
                if unsafe_for_terminal(c, rest.next()) {
                    return true;
                }
                at += c.len_utf8();
            }
        }
    }
    false
}

/// A C0 control or DEL as its Control Pictures sign (`␛` for ESC, `␌` for a form feed):
/// one character for one, so the columns codespan counts stay those of the file; any
/// other character as rustc writes it, `\u{200d}`, since no sign stands for it.
fn shown_as(c: char) -> String {
    match u32::from(c) {
        code @ 0..=0x1F => char::from_u32(0x2400 + code).map_or_else(String::new, String::from),
        0x7F => "\u{2421}".to_string(),
        code => format!("\\u{{{code:x}}}"),
    }
}

/// `original` escaped for a terminal, and how to move its byte offsets into the escaped
/// text: the escapes are longer than the characters they stand for.
pub fn escape(original: &str) -> (String, Shifts) {
    let mut text = String::new();
    let mut shifts = Vec::new();
    let mut added = 0;
    let mut chars = original.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !unsafe_for_terminal(c, chars.peek().map(|&(_, next)| next)) {
            text.push(c);
            continue;
        }
        let escape = shown_as(c);
        added += escape.len() - c.len_utf8();
        text.push_str(&escape);
        shifts.push((at, added));
    }
    (text, Shifts(shifts))
}

/// For each escaped character, its offset in the original and how many bytes the escapes
/// up to and including it added.
pub struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    /// Whether nothing was escaped.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where the byte at `offset` of the original stands in the escaped text. An offset
    /// at an escaped character maps to the start of its escape, so a span keeps covering
    /// exactly the characters it covered.
    pub fn offset(&self, offset: usize) -> usize {
        let before = self.0.partition_point(|&(at, _)| at < offset);
        let added = before
            .checked_sub(1)
            .and_then(|last| self.0.get(last))
            .map_or(0, |&(_, added)| added);
        offset + added
    }
}

#[cfg(test)]
mod tests {
    use super::{describe, escape, escape_for_terminal, is_invisible};

    #[test]
    fn names_characters_by_code_point() {
        assert_eq!(describe('\u{200D}'), "U+200D ZERO WIDTH JOINER");
        assert_eq!(describe('\u{0441}'), "U+0441 CYRILLIC SMALL LETTER ES");
    }

    #[test]
    fn invisible_characters() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{034F}', '\u{FE0F}', '\u{3164}', '\u{202E}', '\u{206A}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', '中', '\u{0301}', '\u{3000}'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn escapes_controls_and_keeps_offsets() {
        let original = "a\u{1b}]52;c;eA==\u{7}b\r\nc\rd\u{202E}e";
        let (escaped, shifts) = escape(original);
        assert_eq!(escaped, "a\u{241b}]52;c;eA==\u{2407}b\r\nc\u{240d}d\\u{202e}e");
        assert!(!escaped.contains('\u{1b}'));
        for (at, c) in original.char_indices() {
            let moved = shifts.offset(at);
            let shown = escaped.get(moved..).unwrap_or_default();
            assert!(
                shown.starts_with(c) || shown.starts_with(&super::shown_as(c)),
                "{at} {c:?} → {moved}"
            );
        }
        assert_eq!(shifts.offset(original.len()), escaped.len());
        assert_eq!(escape_for_terminal("作品登记\t"), "作品登记\t");
    }
}
