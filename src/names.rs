//! Looking names up, with "did you mean" when a drafter's name is close to a declared one.

use crate::text::Text;
use crate::tr;

/// The declared name closest to `wanted`, if it is close enough to be a slip: at most one
/// edit in a short name, about one in three characters in a longer one. Distances count
/// characters, so a one-character slip in Chinese counts as one edit.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The help line for a suggestion.
pub fn did_you_mean(suggestion: &str) -> Text {
    tr!("是否想写 `{suggestion}`？", "did you mean `{suggestion}`?")
}

/// `a`、`b`、`c` (Chinese) or `a`, `b`, `c` (English) — a list of names for a message.
pub fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> Text {
    let quoted: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    Text::new(quoted.join("、"), quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_a_one_character_slip() {
        assert_eq!(closest("自治去", ["自治区", "盟市"]), Some("自治区"));
        assert_eq!(closest("mengshi", ["mengshi2", "zizhiqu"]), Some("mengshi2"));
    }

    #[test]
    fn ignores_unrelated_names() {
        assert_eq!(closest("旗县", ["自治区", "盟市"]), None);
    }
}
