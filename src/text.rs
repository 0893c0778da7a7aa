//! Bilingual text. Every message a drafter reads exists in Chinese and in English; the
//! language is chosen once, at the edge (the CLI), never inside a phase.

/// The language a drafter reads messages and tables in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// One message in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// Words that are the same in both languages: a name, a date, a number.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Text {
            zh: text.clone(),
            en: text,
        }
    }

    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl Lang {
    /// `text` in the brackets of the language: `（未列事项）` in Chinese, `(unlisted)` in
    /// English.
    pub fn bracketed(self, text: &str) -> String {
        match self {
            Lang::Zh => format!("（{text}）"),
            Lang::En => format!("({text})"),
        }
    }

    /// `text` in brackets after a word: `待定（理由）`, `to be determined (reason)` — a space
    /// before the bracket in English only.
    pub fn after_word(self, text: &str) -> String {
        match self {
            Lang::Zh => self.bracketed(text),
            Lang::En => format!(" {}", self.bracketed(text)),
        }
    }

    /// A document's number as a heading of its own: `【国发〔2024〕1号】`, `[P-2024-1]`.
    pub fn heading(self, text: &str) -> String {
        match self {
            Lang::Zh => format!("【{text}】"),
            Lang::En => format!("[{text}]"),
        }
    }
}

/// `tr!("中文 {x}", "english {x}")`: both strings formatted with the same arguments —
/// for what reads the same in both languages (a name, a number, the drafter's text).
///
/// What is said in words of ours takes its own language in each: `tr!("这些事项：{list}",
/// "those matters: {list}"; list = names::list(…))` binds `list` to a [`Text`] and gives
/// the Chinese string its `zh` and the English one its `en`, so no `、` or `（无文号）` of
/// the Chinese side reaches an English message; `; list` alone takes the `Text` named
/// `list`.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::text::Text::new(format!($zh), format!($en))
    };
    ($zh:literal, $en:literal; $($name:ident $(= $value:expr)?),+ $(,)?) => {{
        $(let $name: &$crate::text::Text = &$crate::tr!(@value $name $($value)?);)+
        let zh = {
            $(let $name = &$name.zh;)+
            format!($zh)
        };
        let en = {
            $(let $name = &$name.en;)+
            format!($en)
        };
        $crate::text::Text::new(zh, en)
    }};
    // `; list` is `; list = list`, as in a struct's fields.
    (@value $name:ident) => {
        $name
    };
    (@value $name:ident $value:expr) => {
        $value
    };
}
