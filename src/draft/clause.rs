//! One clause sentence of the official text read: the matters it lists and what it gives
//! them. The formula every plan of every province, league and city follows:
//! `将 A，B，C，确认为X级财政事权，由X承担支出责任。`, with `明确为` for `确认为`,
//! `按照隶属关系分别确认为…` (each level its own), `…共同财政事权` (power held jointly), and
//! the residual `其他未列事项…具体确定`.

/// What a clause gives the matters it lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// The power to `power`, the spending to `spending` (often the same level).
    Level { power: String, spending: String },
    /// Each case to the level the unit doing the work belongs to (`按照隶属关系`).
    ByAffiliation,
    /// Power held jointly by these levels; the shares are not in the sentence.
    Joint(Vec<String>),
}

/// A clause sentence: its list items (verbatim, as the source is read) and what it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub items: Vec<String>,
    pub given: Given,
}

/// How a sentence reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    Clause(Clause),
    /// `…其他未列事项，…具体确定…`: the catch-all.
    Unlisted,
    /// Not a clause: a preamble, 保障措施, a sentence of a form not known.
    Other,
}

const VERBS: [&str; 2] = ["确认为", "明确为"];
const AFFILIATION: &str = "按照隶属关系";

/// The reading of one sentence (whitespace removed, as `coverage::paragraphs` gives it).
pub fn read(sentence: &str) -> Reading {
    if sentence.contains("未列事项") {
        return Reading::Unlisted;
    }
    let Some((verb_at, verb)) = VERBS
        .iter()
        .filter_map(|verb| sentence.find(verb).map(|at| (at, *verb)))
        .min()
    else {
        return Reading::Other;
    };
    let list = sentence.get(..verb_at).unwrap_or_default();
    let rest = sentence.get(verb_at + verb.len()..).unwrap_or_default();
    let (list, by_affiliation) = match list.find(AFFILIATION) {
        Some(at) => (list.get(..at).unwrap_or_default(), true),
        None => (list, false),
    };
    let items = items(list);
    if items.is_empty() {
        return Reading::Other;
    }
    let given = if by_affiliation {
        Given::ByAffiliation
    } else {
        let Some(holder) = between(rest, "", "财政事权") else {
            return Reading::Other;
        };
        if let Some(joint) = holder.strip_suffix("共同") {
            Given::Joint(levels_in(joint))
        } else {
            let power = level_name(holder);
            let spending = between(rest, "由", "承担支出责任")
                .filter(|payer| !payer.contains("同级"))
                .map_or_else(|| power.clone(), level_name);
            Given::Level { power, spending }
        }
    };
    Reading::Clause(Clause { items, given })
}

/// The items of a clause's list: cut at `，` and `；` (a `、` joins the parts of one item,
/// which the drafter is asked to confirm), a leading `将`, `把` or `对` and a trailing
/// `等事项` left out.
fn items(list: &str) -> Vec<String> {
    let list = ["将", "把", "对"]
        .iter()
        .find_map(|lead| list.strip_prefix(lead))
        .unwrap_or(list);
    list.split(['，', '；', ','])
        .map(|item| item.strip_suffix("等事项").unwrap_or(item))
        .flat_map(matters_joined)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// An item cut at `、` when it reads as several matters: every part a phrase of its own (10
/// characters or more: `出版外国图书合同登记、复制境外音像制品委托合同登记`), the last without
/// a `的` of which the others would be the qualifiers (`专利权、集成电路布图设计专有权、
/// 计算机软件著作权的对外转让审查` is one matter), no `与` before the last part (`自治区与外国
/// 地方政府、地方组织开展…合作交流`: the list is the partner). Otherwise whole: `战略、规划、政策`.
fn matters_joined(item: &str) -> Vec<&str> {
    let parts: Vec<&str> = item.split('、').collect();
    let phrases = parts.iter().all(|part| part.chars().count() >= 10);
    let qualified = parts.last().is_some_and(|last| last.contains('的'));
    let partners = parts.iter().rev().skip(1).any(|part| part.contains('与'));
    if parts.len() > 1 && phrases && !qualified && !partners {
        parts
    } else {
        vec![item]
    }
}

/// The text of `text` between `open` (from the start when empty) and `close`.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = if open.is_empty() {
        0
    } else {
        text.find(open)? + open.len()
    };
    let rest = text.get(start..)?;
    let end = rest.find(close)?;
    rest.get(..end).filter(|found| !found.is_empty())
}

/// A level as a clause names it, without the `级` of `自治区级`.
fn level_name(text: &str) -> String {
    text.strip_suffix('级').unwrap_or(text).to_string()
}

/// The levels of `中央与地方`, `省、市、县`.
fn levels_in(text: &str) -> Vec<String> {
    text.split(['与', '和', '、'])
        .filter(|level| !level.is_empty())
        .map(level_name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_gives_its_list_to_its_level() {
        let reading = read(
            "将制定实施全区知识产权战略、规划、政策，开展全区性知识产权统计调查分析发布，确认为自治区级财政事权，由自治区承担支出责任。",
        );
        assert_eq!(
            reading,
            Reading::Clause(Clause {
                items: vec![
                    "制定实施全区知识产权战略、规划、政策".to_string(),
                    "开展全区性知识产权统计调查分析发布".to_string()
                ],
                given: Given::Level {
                    power: "自治区".to_string(),
                    spending: "自治区".to_string()
                },
            })
        );
    }

    #[test]
    fn affiliation_joint_and_the_catch_all_are_read() {
        let Reading::Clause(clause) = read(
            "将知识产权人才队伍建设，高等学校知识产权学科建设等事项，按照隶属关系分别确认为自治区级财政事权或盟市财政事权，由同级财政承担支出责任。",
        ) else {
            panic!("a clause");
        };
        assert_eq!(clause.given, Given::ByAffiliation);
        assert_eq!(clause.items, ["知识产权人才队伍建设", "高等学校知识产权学科建设"]);
        let Reading::Clause(joint) =
            read("将基本公共卫生服务，确认为中央与地方共同财政事权，由中央与地方共同承担支出责任。")
        else {
            panic!("a clause");
        };
        assert_eq!(joint.given, Given::Joint(vec!["中央".to_string(), "地方".to_string()]));
        assert_eq!(
            read("知识产权领域其他未列事项，按照改革的总体要求和事项特点具体确定财政事权和支出责任。"),
            Reading::Unlisted
        );
        assert_eq!(read("本实施方案自印发之日起实施。"), Reading::Other);
    }

    #[test]
    fn a_list_joined_by_dunhao_is_cut_only_into_phrases() {
        assert_eq!(
            matters_joined("出版外国图书合同登记、复制境外音像制品委托合同登记"),
            ["出版外国图书合同登记", "复制境外音像制品委托合同登记"]
        );
        assert_eq!(matters_joined("制定实施全区知识产权战略、规划、政策").len(), 1);
        assert_eq!(
            matters_joined("自治区与外国地方政府、地方组织开展知识产权合作交流").len(),
            1
        );
        assert_eq!(
            matters_joined("全区知识产权信息化、智能化基础设施建设和网络安全防护").len(),
            1
        );
        assert_eq!(
            matters_joined("技术出口中涉及专利权、集成电路布图设计专有权、计算机软件著作权的对外转让审查").len(),
            1
        );
    }
}
