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

/// `tr!("中文 {x}", "english {x}")`: both strings formatted with the same arguments.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::text::Text::new(format!($zh), format!($en))
    };
}
