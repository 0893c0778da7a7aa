//! The one diagnostic type of the compiler.
//!
//! Every phase reports problems as [`Diagnostic`]s: a stable code (see [`Code`]), a
//! severity, a message, a primary label on the exact span of the drafter's text,
//! secondary labels on the other places involved, and notes. Messages are [`Text`], so
//! each exists in Chinese and English. Rendering (codespan-reporting, JSON) happens only
//! at the edge, in `crate::render`.

use crate::describe::Constraint;
use crate::span::{FileId, Span};
use crate::text::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Every code, and what is derived from it, from one list: the enum, [`Code::ALL`], the
/// printed form and the page of `docs/codes/` (a code without its page does not build).
macro_rules! codes {
    ($($code:ident),+ $(,)?) => {
        /// Stable diagnostic codes. Append-only: a code, once published, keeps its meaning;
        /// a retired code is never reused. Each has a long explanation in
        /// `docs/codes/CODE.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code),+
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code)),+
                }
            }

            /// The long explanation, as written in `docs/codes/CODE.md`.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => include_str!(concat!("../docs/codes/", stringify!($code), ".md"))),+
                }
            }
        }
    };
}

// In the order the codes were published: new codes go at the end.
codes! {
    E0001, E0002, E0003, E0004, E0005, E0006, E0007, E0008,
    E0009, E0010, E0011, E0012, E0013, E0014, E0015, E0016,
    E0017, E0018, E0019, E0020, E0021, E0022, E0023, E0024,
    E0025, E0026, E0027, E0028, E0029, E0030, W0001, W0002,
    W0003, W0004, W0005, W0006, W0007, E0031, E0032, W0008,
    W0009, W0010, E0033, E0034, E0035, W0011,
}

impl Code {
    /// The code as printed (`E0008`), in either case (`e0008`).
    pub fn parse(text: &str) -> Option<Code> {
        let wanted = text.trim().to_ascii_uppercase();
        Code::ALL.iter().copied().find(|code| code.as_str() == wanted)
    }

    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The long explanation in one language: a page of `docs/codes/` holds the Chinese
    /// text with its example, then `---` and the English text with its own example written
    /// in English keywords and names. In English: the title's code and English words, then
    /// the English half; in Chinese, everything before `---`.
    pub fn explanation_in(self, lang: crate::text::Lang) -> String {
        let page = self.explanation();
        let Some((chinese, english)) = page.split_once("\n---\n") else {
            return page.to_string();
        };
        match lang {
            crate::text::Lang::Zh => format!("{}\n", chinese.trim_end()),
            crate::text::Lang::En => {
                // `# E0002: 重复声明 / declared twice`: the code and the English words.
                let title = page.lines().next().unwrap_or_default();
                let title = match (title.split_once(": "), title.rsplit_once('/')) {
                    (Some((code, _)), Some((_, words))) => format!("{code}: {}", words.trim()),
                    _ => title.to_string(),
                };
                format!("{title}\n\n{}\n", english.trim())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: Text,
}

/// A set of cases a diagnostic is about — a gap, an overlap — for machines: the same
/// region as a note gives in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The constrained dimensions; a dimension not listed admits every value, and no
    /// constraint at all is every case.
    pub when: Vec<Constraint>,
    /// The same in the drafter's notation: `范围 = 盟市 ∧ 投资额 = [0, 5000) 万元`.
    pub condition: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: Text,
    /// Where the problem is, in the drafter's own text. `None` only for problems that have
    /// no place in any file (a file that cannot be read) or whose place is in an output
    /// (E0033: a workbook's sheet, row and column, said in the message).
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub notes: Vec<Text>,
    /// The cases concerned, one region per box, when the diagnostic is about cases (E0008
    /// gaps, E0009 conflicts, W0001 overlaps, E0029 cases decided above); else empty.
    pub regions: Vec<Region>,
    /// Regions left out of `regions` past the number a diagnostic records (see
    /// `check::findings`), so that a kilobyte of input cannot make gigabytes of output.
    pub regions_omitted: usize,
    /// The name the drafter probably meant, in place of the primary label's text (a
    /// did-you-mean): its note says it in words, and an editor offers it as a quick fix.
    pub replacement: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: Text) -> Self {
        Diagnostic {
            code,
            message,
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            regions: Vec::new(),
            regions_omitted: 0,
            replacement: None,
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    pub fn primary(mut self, file: FileId, span: Span, message: Text) -> Self {
        self.primary = Some(Label { file, span, message });
        self
    }

    pub fn secondary(mut self, file: FileId, span: Span, message: Text) -> Self {
        self.secondary.push(Label { file, span, message });
        self
    }

    /// The name the drafter probably meant, for the primary label's text: said in a note,
    /// and kept for an editor's quick fix.
    pub fn suggest(mut self, meant: &str) -> Self {
        self.notes.push(crate::names::did_you_mean(meant));
        self.replacement = Some(meant.to_string());
        self
    }

    pub fn note(mut self, note: Text) -> Self {
        self.notes.push(note);
        self
    }

    pub fn regions(mut self, regions: Vec<Region>, omitted: usize) -> Self {
        self.regions = regions;
        self.regions_omitted = omitted;
        self
    }
}
