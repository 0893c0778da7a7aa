//! Looking names up, with "did you mean" when a drafter's name is close to a declared one.

use crate::text::Text;
use crate::tr;

/// The work one suggestion may take: a unit per candidate looked at, and the characters'
/// product per edit distance — a tenth of a millisecond, a thousand short names.
const EDIT_WORK: usize = 20_000;

/// The declared name closest to `wanted`, if it is close enough to be a slip. Ties go to
/// the candidate met first, so callers pass candidates in declaration order and the
/// suggestion never depends on anything else (see [`close_names`]).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    close_names(wanted, candidates).into_iter().next()
}

/// Every declared name close enough to `wanted` to be meant by it, best first:
///
/// 1. names that begin with `wanted` or with which `wanted` begins (`市` → `市县`);
/// 2. names that contain `wanted` or are contained in it (`纠纷` → `侵权纠纷行政裁决调解`);
/// 3. names at most one edit away in a short name, about one in three characters in a
///    longer one (`自治去` → `自治区`).
///
/// Chinese names are short — one character can be a whole level's name — so the first two
/// count for them from one character on; Latin names need three letters, or every short
/// word would be "close" to every long one. Within a kind, the smaller difference in
/// length (or fewer edits) comes first, then declaration order.
///
/// The work of one call is bounded ([`EDIT_WORK`]): a file of thousands of unknown names,
/// each looked up among thousands, would otherwise cost their product. Past the bound no
/// more candidates are looked at (edit distances stop first); a suggestion is a hint, and
/// the same input always gives the same one.
pub fn close_names<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let length = wanted.chars().count();
    let limit = (length / 3).max(1);
    let pieces_count = length >= 3 || !wanted.is_ascii();
    let mut ranked: Vec<(u8, usize, usize, &str)> = Vec::new();
    let mut work = 0usize;
    for (order, candidate) in candidates.into_iter().enumerate() {
        // Each candidate looked at costs a unit, an edit distance its characters' product.
        work = work.saturating_add(1);
        if work > EDIT_WORK {
            break;
        }
        if candidate == wanted || wanted.is_empty() {
            continue;
        }
        let candidate_length = candidate.chars().count();
        let difference = candidate_length.abs_diff(length);
        let rank = if pieces_count && (candidate.starts_with(wanted) || wanted.starts_with(candidate)) {
            Some((0, difference))
        } else if pieces_count && (candidate.contains(wanted) || wanted.contains(candidate)) {
            Some((1, difference))
        } else if difference > limit {
            // The distance is at least the difference in length.
            None
        } else {
            work = work.saturating_add(length.saturating_mul(candidate_length));
            if work > EDIT_WORK {
                None
            } else {
                let distance = strsim::levenshtein(wanted, candidate);
                (distance <= limit).then_some((2, distance))
            }
        };
        if let Some((kind, closeness)) = rank {
            ranked.push((kind, closeness, order, candidate));
        }
    }
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, _, _, candidate)| candidate).collect()
}

/// The help line for a suggestion.
pub fn did_you_mean(suggestion: &str) -> Text {
    tr!("是否想写 `{suggestion}`？", "did you mean `{suggestion}`?")
}

/// The most names a message lists; past them it counts the rest. A county-sized dimension's
/// 2,800 values would drown the message they explain, and a file naming a wrong value
/// thousands of times would print them thousands of times.
pub const LISTED_NAMES: usize = 20;

/// `a`、`b`、`c` (Chinese) or `a`, `b`, `c` (English) — a list of names for a message; past
/// [`LISTED_NAMES`], `… 等（另有 N 项）` / `… and N more`.
pub fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> Text {
    let mut quoted: Vec<String> = Vec::new();
    let mut more = 0usize;
    for name in names {
        if quoted.len() < LISTED_NAMES {
            quoted.push(format!("`{name}`"));
        } else {
            more += 1;
        }
    }
    let (zh, en) = (quoted.join("、"), quoted.join(", "));
    match more {
        0 => Text::new(zh, en),
        _ => Text::new(format!("{zh} 等（另有 {more} 项）"), format!("{en} and {more} more")),
    }
}

/// a、b、c (Chinese) or a, b, c (English): values or names written as they are.
pub fn joined<'a>(items: impl IntoIterator<Item = &'a str>) -> Text {
    let items: Vec<&str> = items.into_iter().collect();
    Text::new(items.join("、"), items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::{close_names, closest};

    #[test]
    fn finds_a_one_character_slip() {
        assert_eq!(closest("自治去", ["自治区", "盟市"]), Some("自治区"));
        assert_eq!(closest("mengshi", ["mengshi2", "zizhiqu"]), Some("mengshi2"));
    }

    #[test]
    fn ignores_unrelated_names() {
        assert_eq!(closest("旗县", ["自治区", "盟市"]), None);
        assert_eq!(closest("ab", ["abcdef"]), None);
    }

    #[test]
    fn a_prefix_beats_a_same_length_slip() {
        // `市` is one edit from `省` too, but a drafter who wrote `市` meant `市县`.
        assert_eq!(closest("市", ["省", "市县"]), Some("市县"));
        assert_eq!(
            closest("侵权纠纷", ["作品登记", "侵权纠纷行政裁决调解"]),
            Some("侵权纠纷行政裁决调解")
        );
        assert_eq!(
            closest("裁决调解", ["作品登记", "侵权纠纷行政裁决调解"]),
            Some("侵权纠纷行政裁决调解")
        );
    }

    #[test]
    fn ties_go_to_declaration_order() {
        assert_eq!(closest("甲c", ["甲a", "甲b"]), Some("甲a"));
        assert_eq!(closest("甲c", ["甲b", "甲a"]), Some("甲b"));
        assert_eq!(close_names("县", ["旗县", "市县"]), vec!["旗县", "市县"]);
    }
}
