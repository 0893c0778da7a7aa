//! Reading a source document (the official text, as extracted to plain text) into numbered
//! paragraphs, the way rules cite them: `一(三)2` is part 一, heading （三）, its second
//! paragraph; a paragraph under a part with no heading is `二1`.
//!
//! The text comes from PDF extraction: lines break mid-sentence, blank lines sit between
//! them, and spaces stray into numbers (`48 号`). So whitespace is dropped, and a paragraph
//! ends where a line ends with `。`. Text before the first part (the notice, the title, the
//! preamble, and a web page's header) is the preamble; from a line starting with `抄送` (or a
//! web page's footer: `【打印本页】`, `分享到`, …) on, the colophon. Neither divides anything.

/// Where a paragraph stands in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    Preamble,
    Body,
    Colophon,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// `一(三)2`, `二1`; `序1`… in the preamble, `版记` for the colophon.
    pub id: String,
    pub place: Place,
    /// The paragraph's text with all whitespace removed.
    pub text: String,
    /// Its sentences (cut after `。`, `；` and `？`), in order, whitespace removed.
    pub sentences: Vec<String>,
    /// The 1-based line of the source where it starts.
    pub line: usize,
}

const NUMERALS: &str = "一二三四五六七八九十";

/// How the end of a document begins: its colophon (`抄送`), or, in a text copied from a
/// web page that has none, the page's footer. Text from there on divides nothing. (The
/// page's header, before the title, stands in the preamble already.)
const END_MARKS: [&str; 12] = [
    "抄送",
    "【打印",
    "打印本页",
    "【关闭",
    "关闭窗口",
    "分享到",
    "扫一扫",
    "相关链接",
    "相关文件",
    "附件下载",
    "主办单位",
    "版权所有",
];

/// `一、主要内容` → `一`.
fn part_heading(line: &str) -> Option<String> {
    let (number, rest) = line.split_once('、')?;
    (!number.is_empty() && number.chars().all(|c| NUMERALS.contains(c)) && !rest.contains('。'))
        .then(|| number.to_string())
}

/// `（三）知识产权运用促进` → `三`.
fn section_heading(line: &str) -> Option<String> {
    let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let end = rest.find(['）', ')'])?;
    let number = rest.get(..end)?;
    let after = rest.get(end..)?.trim_start_matches(['）', ')']);
    (!number.is_empty() && number.chars().all(|c| NUMERALS.contains(c)) && !after.contains('。'))
        .then(|| number.to_string())
}

/// A mark as the official text writes it: full width. Texts copied from web pages and PDF
/// extractions mix in half-width `,` `;` `:` `(` `)` `?` `!`, and drafters type either in
/// quotations: both sides are read with the full-width mark, so that they meet.
pub fn full_width_mark(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        other => other,
    }
}

/// A quotation as the source is read: whitespace dropped, marks full width.
pub fn as_read(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(full_width_mark)
        .collect()
}

/// A citation's paragraph number as the reader numbers paragraphs: `一（一）1` is
/// `一(一)1`, spaces dropped.
pub fn paragraph_number(cited: &str) -> String {
    cited
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// The headings of the body, in order: a part's number (`一`) or a section's (`一(三)`),
/// and its title as written (`知识产权运用促进`), whitespace removed.
pub fn heading_titles(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut part: Option<String> = None;
    for raw in source.lines() {
        let line = as_read(raw);
        if END_MARKS.iter().any(|mark| line.starts_with(mark)) {
            break;
        }
        if let Some(number) = part_heading(&line) {
            let title = line.get(number.len() + '、'.len_utf8()..).unwrap_or_default();
            out.push((number.clone(), title.to_string()));
            part = Some(number);
        } else if let (Some(part), Some(number)) = (&part, section_heading(&line)) {
            let title = line
                .find(['）', ')'])
                .and_then(|close| line.get(close..))
                .map(|rest| rest.trim_start_matches(['）', ')']))
                .unwrap_or_default();
            out.push((format!("{part}({number})"), title.to_string()));
        }
    }
    out
}

pub fn paragraphs(source: &str) -> Vec<Paragraph> {
    let mut reader = Reader::default();
    for (index, raw) in source.lines().enumerate() {
        for line in unflattened(&as_read(raw)) {
            if !line.is_empty() {
                reader.line(line, index + 1);
            }
        }
    }
    reader.flush();
    reader.out
}

/// A line of a page flattened onto one line (a web page copied whole, a PDF extracted
/// without its breaks) cut back into the lines the reader knows: before each heading that
/// follows a sentence's end (`。一、`, `。（三）`), after a heading's title, and after each
/// sentence that ends a clause (`…确认为…。`, `…具体确定…。`) when the next begins a
/// paragraph ([`begins_paragraph`]), and before the colophon (`。抄送`, a web page's footer).
/// A line with no heading after a sentence's end is an ordinary line, kept whole: an
/// extraction's own lines are never cut.
fn unflattened(line: &str) -> Vec<String> {
    let flattened = line
        .match_indices('。')
        .any(|(at, mark)| line.get(at + mark.len()..).is_some_and(starts_with_heading));
    if !flattened {
        return vec![line.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    // Where the sentence being read begins in `current`: a clause is looked for in it
    // alone, so a long line costs its length, not its square.
    let mut sentence = 0usize;
    for (at, c) in line.char_indices() {
        let here = line.get(at..).unwrap_or_default();
        let colophon = current.ends_with('。') && END_MARKS.iter().any(|mark| here.starts_with(mark));
        // A heading, and the colophon, begin a line of their own.
        if !current.is_empty() && (starts_with_heading(here) || colophon) {
            out.push(std::mem::take(&mut current));
            sentence = 0;
        }
        current.push(c);
        let rest = line.get(at + c.len_utf8()..).unwrap_or_default();
        let last = current.get(sentence..).unwrap_or_default();
        let ends_clause = c == '。'
            && (CLAUSE_VERBS.iter().any(|verb| last.contains(verb)) || last.contains("具体确定"))
            && begins_paragraph(rest);
        // A heading's title is short: a long run is no heading's, and is not read again.
        let ends_title = current.len() <= HEADING_TITLE && heading_title_ends(&current, rest);
        if ends_clause || ends_title {
            out.push(std::mem::take(&mut current));
            sentence = 0;
        } else if c == '。' {
            sentence = current.len();
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the sentence `text` starts reads as a paragraph's first: a clause (`将…`), the
/// residual (`…其他未列事项…`), a heading, or nothing more. A clause that begins otherwise
/// (`自治区级职能部门…承担的事项，确认为…`) goes on the paragraph before it.
fn begins_paragraph(text: &str) -> bool {
    let sentence = text.split('。').next().unwrap_or_default();
    text.is_empty()
        || text.starts_with(['将', '把', '对'])
        || sentence.contains("未列事项")
        || starts_with_heading(text)
        || END_MARKS.iter().any(|mark| text.starts_with(mark))
}

/// The most bytes a heading with its title is read as (`（三）知识产权运用促进` is 33).
const HEADING_TITLE: usize = 240;

/// Whether `text` starts with a part heading's number (`一、`) or a section's (`（三）`).
fn starts_with_heading(text: &str) -> bool {
    let numbered = |rest: &str, close: &[char]| {
        let number: String = rest.chars().take_while(|c| NUMERALS.contains(*c)).collect();
        !number.is_empty() && rest.get(number.len()..).is_some_and(|tail| tail.starts_with(close))
    };
    numbered(text, &['、'])
        || text
            .strip_prefix(['（', '('])
            .is_some_and(|rest| numbered(rest, &['）', ')']))
}

/// Whether a heading being read (`（一）知识产权宏观管理`) has its whole title: the text after
/// it begins a paragraph (`将…`, `各盟市…`, `为…`) or another heading.
fn heading_title_ends(current: &str, rest: &str) -> bool {
    (part_heading(current).is_some() || section_heading(current).is_some())
        && !current.ends_with(['、', '）', ')'])
        && (rest.starts_with(['将', '把', '对', '各', '为']) || starts_with_heading(rest))
}

/// Where the reading stands: the heading the text is under, and the paragraph being read.
struct Reader {
    out: Vec<Paragraph>,
    place: Place,
    part: Option<String>,
    section: Option<String>,
    /// Paragraphs read so far under the current heading.
    counter: usize,
    /// The paragraph being read, and the line it started on.
    current: Option<(String, usize)>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            out: Vec::new(),
            place: Place::Preamble,
            part: None,
            section: None,
            counter: 0,
            current: None,
        }
    }
}

impl Reader {
    fn line(&mut self, line: String, number: usize) {
        if self.place != Place::Colophon && END_MARKS.iter().any(|mark| line.starts_with(mark)) {
            self.flush();
            self.place = Place::Colophon;
        }
        if self.place != Place::Colophon {
            if let Some(part) = part_heading(&line) {
                self.flush();
                self.place = Place::Body;
                self.part = Some(part);
                self.section = None;
                self.counter = 0;
                return;
            }
            if self.place == Place::Body
                && let Some(section) = section_heading(&line)
            {
                self.flush();
                self.section = Some(section);
                self.counter = 0;
                return;
            }
        }
        let ends = line.ends_with('。');
        match &mut self.current {
            Some((text, _)) => text.push_str(&line),
            None => self.current = Some((line, number)),
        }
        if ends && self.place != Place::Colophon {
            self.flush();
        }
    }

    /// Ends the paragraph being read, numbering it under its heading.
    fn flush(&mut self) {
        let Some((text, line)) = self.current.take() else {
            return;
        };
        self.counter += 1;
        let counter = self.counter;
        let id = match (self.place, &self.part, &self.section) {
            (Place::Preamble, _, _) => format!("序{counter}"),
            (Place::Colophon, _, _) => "版记".to_string(),
            (Place::Body, Some(part), Some(section)) => format!("{part}({section}){counter}"),
            (Place::Body, Some(part), None) => format!("{part}{counter}"),
            (Place::Body, None, _) => format!("{counter}"),
        };
        let sentences = sentences(&text);
        self.out.push(Paragraph {
            id,
            place: self.place,
            text,
            sentences,
            line,
        });
    }
}

/// The verbs of a clause sentence: what comes before them is the list of matters the
/// clause gives (`将 A，B，C，确认为自治区级财政事权`).
const CLAUSE_VERBS: [&str; 2] = ["确认为", "明确为"];

/// What a clause sentence's list is cut into: `，` between items, `、` within a list that
/// may be one matter or several (`执法、快速协同保护、维权援助`) — each piece counts.
const ITEM_MARKS: [char; 4] = ['，', '、', '；', ','];

/// The list items of a clause sentence, as byte ranges of `sentence`: the pieces of what
/// comes before its verb (`确认为`, `明确为`), a leading `将`, `把` or `对` left out. Empty
/// for a sentence that is no clause (a preamble, 保障措施): it is covered as a whole.
pub fn list_items(sentence: &str) -> Vec<std::ops::Range<usize>> {
    let Some(verb) = CLAUSE_VERBS.iter().filter_map(|verb| sentence.find(verb)).min() else {
        return Vec::new();
    };
    let list = sentence.get(..verb).unwrap_or_default();
    let start = ["将", "把", "对"]
        .iter()
        .find_map(|lead| list.starts_with(lead).then_some(lead.len()))
        .unwrap_or(0);
    let mut items = Vec::new();
    let mut from = start;
    for (at, mark) in list
        .char_indices()
        .filter(|(at, c)| *at >= start && ITEM_MARKS.contains(c))
    {
        if at > from {
            items.push(from..at);
        }
        from = at + mark.len_utf8();
    }
    if list.len() > from {
        items.push(from..list.len());
    }
    items
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '。' | '；' | '？' | '！') {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_numbered_as_citations_name_them() {
        let source = "通知\n\n一、主要内容\n\n（一）宏观管理\n\n将甲，确认为\n\n自治区级财政事权。\n\n将乙，确认为盟市财政事权。\n（二）授权\n将丙。\n二、保障措施\n各盟市要落实。本方案自印发之日起实施。\n抄送：各部门。\n";
        let found: Vec<(String, Place)> = paragraphs(source).into_iter().map(|p| (p.id, p.place)).collect();
        let expected = [
            ("序1", Place::Preamble),
            ("一(一)1", Place::Body),
            ("一(一)2", Place::Body),
            ("一(二)1", Place::Body),
            ("二1", Place::Body),
            ("版记", Place::Colophon),
        ];
        assert_eq!(found, expected.map(|(id, place)| (id.to_string(), place)));
        let first = paragraphs(source).into_iter().nth(1).map(|p| p.text);
        assert_eq!(first.as_deref(), Some("将甲，确认为自治区级财政事权。"));
    }

    #[test]
    fn a_clause_sentence_s_list_is_cut_into_its_items() {
        let items = |sentence: &str| -> Vec<String> {
            list_items(sentence)
                .into_iter()
                .filter_map(|range| sentence.get(range).map(str::to_string))
                .collect()
        };
        assert_eq!(
            items("将制定实施战略、规划，开展统计调查，确认为自治区级财政事权，由自治区承担支出责任。"),
            ["制定实施战略", "规划", "开展统计调查"]
        );
        assert_eq!(
            items("按照隶属关系分别确认为自治区级财政事权或盟市财政事权。"),
            ["按照隶属关系分别"]
        );
        assert_eq!(items("对甲，明确为盟市财政事权。"), ["甲"]);
        assert!(items("各盟市要落实。").is_empty());
        assert!(items("将，确认为甲。").is_empty());
    }
}
