//! The words that mark a matter's scope (`全区性`, `盟市`, `本地区` …): a plan lists a matter
//! once per level with the scope word swapped (`全区知识产权服务业监管` for the region,
//! `盟市知识产权服务业监管` for the leagues and cities), and the two are one matter split by
//! a `范围` dimension. The words come from a data table (`scope_words.txt`) that a drafter
//! can extend (`quanze draft --scope-words FILE`).

/// The table shipped with quanze.
const SHIPPED: &str = include_str!("scope_words.txt");

/// Scope words and the `范围` value each votes for, the longest words first.
#[derive(Clone, Debug)]
pub struct ScopeWords {
    words: Vec<(String, String)>,
}

/// A line of a table that is not `word value`: its 1-based number and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub text: String,
}

impl ScopeWords {
    /// The shipped table, and `extra` (the same form) after it.
    pub fn new(extra: Option<&str>) -> Result<ScopeWords, BadLine> {
        let mut words = Vec::new();
        read_table(SHIPPED, &mut words)?;
        if let Some(extra) = extra {
            read_table(extra, &mut words)?;
        }
        // Longer first, so that `全区性` is found before `全区`; stable, so that a word's
        // later line (the drafter's) comes after the shipped one, and the first found wins.
        words.sort_by_key(|(word, _): &(String, String)| std::cmp::Reverse(word.chars().count()));
        Ok(ScopeWords { words })
    }

    /// The first scope word of `item` (the earliest, the longest there), with where it stands
    /// and the value it votes for.
    pub fn find<'w>(&'w self, item: &str) -> Option<(std::ops::Range<usize>, &'w str)> {
        // `自治区财政事权` names a level's power, not a scope (`未列入中央、自治区财政事权的…`).
        self.words
            .iter()
            .filter_map(|(word, value)| {
                item.match_indices(word.as_str())
                    .map(|(at, _)| at..at + word.len())
                    .find(|range| !item.get(range.end..).is_some_and(|rest| rest.starts_with("财政事权")))
                    .map(|range| (range, value.as_str()))
            })
            .min_by_key(|(range, _)| range.start)
    }
}

fn read_table(text: &str, into: &mut Vec<(String, String)>) -> Result<(), BadLine> {
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(word), Some(value), None) => into.push((word.to_string(), value.to_string())),
            _ => {
                return Err(BadLine {
                    line: index + 1,
                    text: line.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// What two mirrored items share once their scope words are out: `的` and a leading verb
/// of the kind a drafter adds to one side only (`开展全区性…` against `盟市…`) left out too.
pub fn key(item: &str, scope: Option<std::ops::Range<usize>>) -> String {
    let without: String = match scope {
        Some(range) => format!(
            "{}{}",
            item.get(..range.start).unwrap_or_default(),
            item.get(range.end..).unwrap_or_default()
        ),
        None => item.to_string(),
    };
    let without = ["开展", "推动", "组织"]
        .iter()
        .find_map(|verb| without.strip_prefix(verb))
        .unwrap_or(&without)
        .to_string();
    without.replace('的', "")
}

/// Whether two keys name one matter: the same words, or one the end of the other (a verb
/// or a qualifier written on one side only).
pub fn same_matter(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    shorter >= 4 && (a.ends_with(b) || b.ends_with(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrored_items_share_a_key() {
        let words = ScopeWords::new(None).expect("the shipped table reads");
        let region = "开展全区性知识产权统计调查分析发布";
        let league = "盟市知识产权统计调查分析发布";
        let (r, value) = words.find(region).expect("a scope word");
        assert_eq!(value, "全区性");
        let (l, _) = words.find(league).expect("a scope word");
        assert!(same_matter(&key(region, Some(r)), &key(league, Some(l))));
        let a = "推动知识产权信息在区内的传播利用和融合应用";
        let b = "推动知识产权信息在本地区传播利用和融合应用";
        assert_eq!(key(a, words.find(a).map(|f| f.0)), key(b, words.find(b).map(|f| f.0)));
    }

    #[test]
    fn a_table_line_not_of_two_words_is_refused() {
        let refused = ScopeWords::new(Some("全县 县\n全县性\n")).expect_err("a bad line");
        assert_eq!(refused.line, 2);
    }
}
