//! The keywords of the language, both spellings, for "did you mean" on a misspelled
//! keyword.
//!
//! A slip is only suggested as a keyword the grammar accepts at that place (the syntax
//! error's expected rules, or the few keywords a resolve check knows fit): `city` is one
//! edit from `cite`, and suggesting `cite` for a level named `city` would mislead.

use super::Rule;

/// One keyword in its two spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyword {
    pub zh: &'static str,
    pub en: &'static str,
}

const fn kw(zh: &'static str, en: &'static str) -> Keyword {
    Keyword { zh, en }
}

pub const POLICY: Keyword = kw("文件", "policy");
pub const NUMBER: Keyword = kw("文号", "number");
pub const ISSUED: Keyword = kw("印发", "issued");
pub const BASIS: Keyword = kw("依据", "basis");
pub const LEVELS: Keyword = kw("层级", "levels");
pub const DIMENSION: Keyword = kw("维度", "dimension");
pub const SECTION: Keyword = kw("章节", "section");
pub const MATTER: Keyword = kw("事项", "matter");
pub const UNLISTED: Keyword = kw("未列事项", "unlisted");
pub const BY: Keyword = kw("按", "by");
pub const OTHERWISE: Keyword = kw("其余", "otherwise");
pub const ANY: Keyword = kw("任意", "any");
pub const TBD: Keyword = kw("待定", "tbd");
pub const POWER: Keyword = kw("事权", "power");
pub const SPENDING: Keyword = kw("支出", "spending");
pub const DELEGATED: Keyword = kw("委托", "delegated");
pub const TRANSFER: Keyword = kw("转移支付", "transfer");
pub const OVERRIDES: Keyword = kw("优先于", "overrides");
pub const CITE: Keyword = kw("出处", "cite");
pub const AND: Keyword = kw("且", "and");
pub const OR: Keyword = kw("或", "or");
pub const AMENDMENT: Keyword = kw("修正案", "amendment");
pub const EFFECTIVE: Keyword = kw("施行", "effective");
pub const AMENDS: Keyword = kw("修正", "amends");
pub const AMEND: Keyword = kw("修改事项", "amend");
pub const REMOVE: Keyword = kw("删除", "remove");
pub const REPLACE: Keyword = kw("替换", "replace");
pub const WITH: Keyword = kw("为", "with");
pub const CHANGE: Keyword = kw("更改", "change");
pub const ADD: Keyword = kw("增加", "add");
pub const REMOVE_MATTER: Keyword = kw("删除事项", "remove matter");
pub const RENAME_MATTER: Keyword = kw("更名事项", "rename");
pub const TO: Keyword = kw("为", "to");
pub const EXTEND: Keyword = kw("增加维度值", "extend");
pub const NUMERIC: Keyword = kw("数值", "numeric");
pub const IN: Keyword = kw("属于", "in");
pub const REFINES: Keyword = kw("细化", "refines");
pub const SUBDIVIDES: Keyword = kw("细分", "subdivides");
pub const OWN_MATTER: Keyword = kw("自设事项", "own matter");
pub const OWN: Keyword = kw("自设", "own");
pub const LIMIT: Keyword = kw("上限", "limit");
pub const UNDIVIDED: Keyword = kw("不划分", "undivided");
pub const VALUE_SET: Keyword = kw("值集", "valueset");
pub const MOVE: Keyword = kw("移至", "move");
pub const INTEGER: Keyword = kw("整数", "integer");
pub const DATE: Keyword = kw("日期", "date");
pub const EXCERPT: Keyword = kw("节选", "excerpt");

/// Every keyword, in the grammar's order (a test keeps this list and the grammar's `kw_`
/// rules the same).
const ALL: [Keyword; 47] = [
    POLICY,
    NUMBER,
    ISSUED,
    BASIS,
    LEVELS,
    DIMENSION,
    VALUE_SET,
    SECTION,
    MATTER,
    UNLISTED,
    BY,
    OTHERWISE,
    ANY,
    TBD,
    POWER,
    SPENDING,
    DELEGATED,
    TRANSFER,
    OVERRIDES,
    CITE,
    AND,
    OR,
    AMENDMENT,
    EFFECTIVE,
    AMENDS,
    AMEND,
    REMOVE,
    REPLACE,
    WITH,
    CHANGE,
    ADD,
    REMOVE_MATTER,
    RENAME_MATTER,
    TO,
    EXTEND,
    MOVE,
    NUMERIC,
    INTEGER,
    DATE,
    IN,
    REFINES,
    SUBDIVIDES,
    OWN_MATTER,
    OWN,
    LIMIT,
    UNDIVIDED,
    EXCERPT,
];

/// Words drafters write for a keyword that no edit distance finds: the everyday word
/// (其他 for 其余, 根据 for 依据), the source's own phrase (其他未列事项), the full term
/// (支出责任, 财政事权). A word may stand for several keywords; the one the grammar
/// accepts at the place wins.
const SLIPS: &[(&str, &[&str])] = &[
    ("其他", &["其余"]),
    ("其它", &["其余"]),
    ("其他情形", &["其余"]),
    ("其余情形", &["其余"]),
    ("根据", &["依据", "按"]),
    ("依照", &["依据", "按"]),
    ("按照", &["按"]),
    ("其他未列事项", &["未列事项"]),
    ("其他事项", &["未列事项"]),
    ("未列明事项", &["未列事项"]),
    ("任何", &["任意"]),
    ("所有", &["任意"]),
    ("未定", &["待定"]),
    ("待议", &["待定"]),
    ("财政事权", &["事权"]),
    ("支出责任", &["支出"]),
    ("级别", &["层级"]),
    ("章", &["章节"]),
    ("来源", &["出处"]),
    ("else", &["otherwise"]),
    ("others", &["otherwise"]),
    ("rest", &["otherwise"]),
    ("tbc", &["tbd"]),
    ("undecided", &["tbd"]),
    ("all", &["any"]),
    ("every", &["any"]),
    ("chapter", &["section"]),
    ("citation", &["cite"]),
    ("source", &["cite"]),
];

/// The keywords a grammar rule begins with, when pest names the rule rather than its
/// keyword (it names the outermost rule that failed at the place).
pub(super) fn of_rule(expected_rule: Rule) -> &'static [Keyword] {
    match expected_rule {
        Rule::header | Rule::kw_policy => &[POLICY],
        Rule::number_field | Rule::kw_number => &[NUMBER],
        Rule::issued_field | Rule::kw_issued => &[ISSUED],
        Rule::basis_field | Rule::kw_basis => &[BASIS],
        Rule::levels_decl | Rule::kw_levels | Rule::level_valued => &[LEVELS],
        Rule::dimension_decl | Rule::kw_dimension => &[DIMENSION],
        Rule::value_set_decl | Rule::kw_value_set => &[VALUE_SET],
        Rule::section | Rule::kw_section => &[SECTION],
        Rule::matter => &[MATTER, OWN_MATTER],
        Rule::kw_matter => &[MATTER],
        Rule::unlisted | Rule::kw_unlisted => &[UNLISTED],
        Rule::by_clause | Rule::kw_by | Rule::by_affiliation => &[BY],
        Rule::condition => &[OTHERWISE, ANY],
        Rule::kw_otherwise => &[OTHERWISE],
        Rule::kw_any => &[ANY],
        Rule::outcome => &[TBD, POWER],
        Rule::tbd_outcome | Rule::kw_tbd => &[TBD],
        Rule::explicit_outcome | Rule::kw_power => &[POWER],
        Rule::kw_spending => &[SPENDING],
        Rule::mark => &[DELEGATED, TRANSFER],
        Rule::kw_delegated => &[DELEGATED],
        Rule::kw_transfer => &[TRANSFER],
        Rule::overrides | Rule::kw_overrides => &[OVERRIDES],
        Rule::citation | Rule::cite_mark | Rule::kw_cite => &[CITE],
        Rule::and_op | Rule::kw_and => &[AND],
        Rule::or_op | Rule::kw_or => &[OR],
        Rule::amendment | Rule::amendment_header | Rule::kw_amendment => &[AMENDMENT],
        Rule::effective_field | Rule::kw_effective => &[EFFECTIVE],
        Rule::amends_field | Rule::kw_amends => &[AMENDS],
        Rule::amend_matter | Rule::kw_amend => &[AMEND],
        Rule::remove_rule | Rule::kw_remove => &[REMOVE],
        Rule::replace_rule | Rule::kw_replace => &[REPLACE],
        Rule::kw_with => &[WITH],
        Rule::change_outcome | Rule::kw_change => &[CHANGE],
        Rule::add_rule | Rule::kw_add => &[ADD],
        Rule::remove_matter | Rule::kw_remove_matter => &[REMOVE_MATTER],
        Rule::rename_matter | Rule::kw_rename_matter => &[RENAME_MATTER],
        Rule::kw_to => &[TO],
        Rule::extend_values | Rule::kw_extend => &[EXTEND],
        Rule::move_value | Rule::kw_move => &[MOVE],
        Rule::numeric_kind => &[NUMERIC, INTEGER, DATE],
        Rule::kw_numeric => &[NUMERIC],
        Rule::kw_integer => &[INTEGER],
        Rule::kw_date => &[DATE],
        Rule::test_range | Rule::kw_in => &[IN],
        Rule::refines_field | Rule::kw_refines => &[REFINES],
        Rule::subdivides_field | Rule::kw_subdivides => &[SUBDIVIDES],
        Rule::kw_own_matter => &[OWN_MATTER],
        Rule::own_value | Rule::kw_own => &[OWN],
        Rule::limit_decl | Rule::kw_limit => &[LIMIT],
        Rule::undivided | Rule::kw_undivided => &[UNDIVIDED],
        Rule::excerpt_field | Rule::kw_excerpt => &[EXCERPT],
        _ => &[],
    }
}

/// The keyword among `candidates` that `word` most likely misspells, in the spelling of
/// the word's own script (`纬度` → `维度`, `dimenson` → `dimension`): a known slip, or a
/// keyword within a small edit distance. `None` when nothing is close: a word that is
/// simply some name must not be turned into a keyword.
/// Every keyword, both spellings: what an editor offers to complete.
pub fn all() -> &'static [Keyword] {
    &ALL
}

/// Whether `word` is a keyword, in either spelling: it cannot stand as a name.
pub fn is_keyword(word: &str) -> bool {
    ALL.iter().any(|keyword| keyword.zh == word || keyword.en == word)
}

pub fn suggest(word: &str, candidates: &[Keyword]) -> Option<&'static str> {
    if word.is_empty() {
        return None;
    }
    let ascii = word.is_ascii();
    let spellings = || {
        candidates
            .iter()
            .map(move |k| if ascii { k.en } else { k.zh })
            // A two-word keyword (`remove matter`) is never one found word.
            .filter(|k| !k.contains(' '))
    };
    let lowered = word.to_lowercase();
    let known = SLIPS
        .iter()
        .filter(|(slip, _)| *slip == lowered)
        .flat_map(|(_, targets)| targets.iter())
        .find(|target| spellings().any(|k| k == **target));
    if let Some(target) = known {
        return spellings().find(|k| k == target);
    }
    spellings()
        // The keyword itself, found where it cannot stand, is no slip.
        .filter(|k| *k != word)
        .map(|k| (strsim::osa_distance(&lowered, k), k))
        .filter(|(distance, k)| *distance <= edits_allowed(k))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// How many edits still read as a slip of `keyword`: one character of a Chinese keyword
/// (`纬度`, `事向`), one letter of a short English word and two of a long one; none for
/// a one-character keyword (`按`, `或`) or a two- or three-letter one (`by`, `any`),
/// which one edit turns into too many ordinary words.
fn edits_allowed(keyword: &str) -> usize {
    let length = keyword.chars().count();
    match (keyword.is_ascii(), length) {
        (false, 1) | (true, 0..=3) => 0,
        (false, _) | (true, 4..=6) => 1,
        (true, _) => 2,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// Every spelling of every `kw_` rule of the grammar is in the table, and the reverse.
    #[test]
    fn the_table_is_the_grammar() {
        let grammar = include_str!("../../grammar/quanze.pest");
        let mut in_grammar: Vec<String> = Vec::new();
        for line in grammar.lines().filter(|l| l.starts_with("kw_")) {
            let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
            // `"remove" ~ (" " | "\t")+ ~ "matter"`: the words around the spaces.
            let words: Vec<&str> = quoted
                .into_iter()
                .filter(|q| !q.trim().is_empty() && *q != "\\t")
                .collect();
            match words.as_slice() {
                [zh, en] => in_grammar.extend([zh.to_string(), en.to_string()]),
                [zh, first, second] => in_grammar.extend([zh.to_string(), format!("{first} {second}")]),
                other => panic!("unexpected keyword rule {line}: {other:?}"),
            }
        }
        let in_table: Vec<String> = ALL.iter().flat_map(|k| [k.zh.to_string(), k.en.to_string()]).collect();
        assert_eq!(in_grammar, in_table);
    }

    /// The `keyword` rule that keeps keywords out of names is grouped by code-point block
    /// for speed: every spelling must still be in it (a keyword left out would be read as a
    /// name where a name may stand), and a longer word that starts with one is a name.
    #[test]
    fn no_keyword_is_a_name() {
        use pest::Parser;
        let whole_name = |text: &str| {
            super::super::QuanzeParser::parse(Rule::name, text)
                .map(|mut pairs| pairs.next().unwrap().as_str() == text)
                .unwrap_or(false)
        };
        for keyword in ALL {
            for spelling in [keyword.zh, keyword.en] {
                // `remove matter`, `own matter`: the first word is the keyword.
                let word = spelling.split(' ').next().unwrap();
                assert!(!whole_name(word), "the keyword {word} is read as a name");
                assert!(whole_name(&format!("{word}甲")), "{word}甲 is not read as a name");
            }
        }
        for name in [
            "知识产权",
            "盟市",
            "自治区",
            "其他",
            "a",
            "mattered",
            "修正案文本",
            "Zone",
        ] {
            assert!(whole_name(name), "{name} is not read as a name");
        }
    }

    #[test]
    fn slips_and_misspellings_find_their_keyword() {
        let items = [POLICY, LEVELS, DIMENSION, SECTION, MATTER, UNLISTED];
        assert_eq!(suggest("纬度", &items), Some("维度"));
        assert_eq!(suggest("层次", &items), Some("层级"));
        assert_eq!(suggest("事向", &items), Some("事项"));
        assert_eq!(suggest("其他未列事项", &items), Some("未列事项"));
        assert_eq!(suggest("dimenson", &items), Some("dimension"));
        assert_eq!(suggest("Matter", &items), Some("matter"));
        assert_eq!(suggest("levles", &items), Some("levels"));
        assert_eq!(suggest("其他", &[OTHERWISE, ANY]), Some("其余"));
        assert_eq!(suggest("根据", &[NUMBER, ISSUED, BASIS]), Some("依据"));
        assert_eq!(suggest("根据", &[BY]), Some("按"));
        assert_eq!(suggest("otherwize", &[OTHERWISE, ANY]), Some("otherwise"));
    }

    #[test]
    fn names_stay_names() {
        assert_eq!(
            suggest("自治区", &[POLICY, LEVELS, DIMENSION, SECTION, MATTER, UNLISTED]),
            None
        );
        assert_eq!(suggest("影响", &[BY]), None);
        assert_eq!(suggest("be", &[BY]), None);
        assert_eq!(suggest("an", &[ANY, AND]), None);
        // Only a keyword that fits the place is suggested.
        assert_eq!(suggest("其他", &[BY]), None);
    }
}
