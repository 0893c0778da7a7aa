//! A question put to a plan and to every plan it refines (`细化`).
//!
//! A child plan divides only what its parent gives the divided level; what the parent
//! keeps above (for example 中央's part of a national matter) is the parent's answer, not
//! the child's, whatever the child's own rules would say of a case shaped like it. So the
//! question goes down the chain from the top: the first plan that keeps the case above
//! answers it, and a plan whose answer varies with a value the question left open — some
//! of those cases kept above, some given down — asks for that value instead of letting a
//! plan below answer for cases it does not own.

use crate::chain::{Parent, gives_level};
use crate::check::MatterTable;
use crate::ir::Plan;
use crate::names::{closest, did_you_mean, list};
use crate::text::Text;
use crate::tr;

use super::matters::{Meant, meant};
use super::overall::{Overall, ShareOf, Step, overall};
use super::{Answer, CaseValue, Problem, Question, lookup, outcomes_met};

/// One plan of a chain, checked and free of errors.
#[derive(Clone, Copy)]
pub struct Link<'a> {
    pub plan: &'a Plan,
    pub tables: &'a [MatterTable],
}

impl Link<'_> {
    /// How the plan is named in answers: its 文号, else its title.
    pub fn document(&self) -> String {
        Parent {
            plan: self.plan,
            tables: self.tables,
        }
        .name()
    }
}

/// What one plan of the chain says of the question.
#[derive(Clone, Debug)]
pub struct LinkAnswer {
    pub document: String,
    /// The plan's own answer, in its own terms.
    pub answer: Option<Answer>,
    /// Set on a plan below the one that keeps the case above: that plan's 文号.
    pub kept_above_by: Option<String>,
    /// Why the plan gives no answer of its own although the chain does: it does not list
    /// the matter, or its answer varies with a value the question left open while every
    /// such case is still given down to the plan below.
    pub note: Option<Text>,
}

/// The chain's answer, and what each plan of it says (the top plan first).
#[derive(Clone, Debug)]
pub struct ChainAnswer {
    pub answer: Answer,
    pub links: Vec<LinkAnswer>,
}

/// One plan's part in a chained answer as it is shown (`query --chain`), its note in one
/// language.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ShownLink {
    pub document: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// The plan above that keeps this case: this plan does not divide it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_above_by: Option<String>,
    /// Why this plan gives no answer of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ChainAnswer {
    /// What every plan of the chain says, as shown in `lang`.
    pub fn shown(&self, lang: crate::text::Lang) -> Vec<ShownLink> {
        self.links
            .iter()
            .map(|link| ShownLink {
                document: link.document.clone(),
                answer: link.answer.clone(),
                kept_above_by: link.kept_above_by.clone(),
                note: link.note.as_ref().map(|note| note.get(lang).to_string()),
            })
            .collect()
    }
}

/// Puts `question` to `chain` — the plan asked first, then its parent, up to the top.
/// `unlisted` is the user's word that the matter is one no plan lists (a name not listed
/// is otherwise refused: it may be a slip); `renamed`, the matters an amendment renamed.
pub fn answer(
    chain: &[Link<'_>],
    question: &Question,
    unlisted: bool,
    renamed: &[(String, String)],
) -> Result<ChainAnswer, Problem> {
    let Some(asked) = chain.first() else {
        return Err(Problem::new(tr!("没有可查询的方案", "there is no plan to ask")));
    };
    given_once(question)?;
    let plans: Vec<&Plan> = chain.iter().map(|link| link.plan).collect();
    let name = match meant(&plans, &question.matter, unlisted, renamed)? {
        Meant::Listed(name) => {
            every_dimension_known(chain, &name, question)?;
            name
        }
        Meant::Unlisted(name) => {
            if let Some((dimension, _)) = question.when.first() {
                return Err(Problem::new(tr!(
                    "方案未列出事项 `{name}`，它不按 `{dimension}` 划分：未列事项只有一种情形",
                    "no plan lists matter `{name}`, so it is not split by `{dimension}`: an unlisted matter has one case"
                ))
                .note(tr!("去掉 `--when`", "leave out `--when`")));
            }
            name
        }
    };
    let question = Question {
        matter: name,
        when: question.when.clone(),
    };
    // The question in each plan's terms: a lower plan's levels become the level it divides.
    let mut questions = vec![question.clone()];
    for pair in chain.windows(2) {
        if let (Some(lower), Some(last)) = (pair.first(), questions.last()) {
            questions.push(up(lower.plan, last));
        }
    }
    // A value that is not one of its dimension's is the user's slip, wherever it is: said
    // first, before any plan asks for a value the question left open.
    for (link, own) in chain.iter().zip(&questions) {
        outcomes_met(link.plan, link.tables, &restrict(link.plan, own))?;
    }
    let mut links = Vec::new();
    for (index, link) in chain.iter().enumerate().skip(1).rev() {
        let (Some(below), Some(own)) = (chain.get(index - 1), questions.get(index)) else {
            continue;
        };
        let own = restrict(link.plan, own);
        let document = link.document();
        let outcomes = outcomes_met(link.plan, link.tables, &own).map_err(|p| from_above(p, &document))?;
        if outcomes.is_empty() {
            links.push(LinkAnswer {
                document,
                answer: None,
                kept_above_by: None,
                note: Some(tr!("不列此事项", "does not list this matter")),
            });
            continue;
        }
        let level = Parent {
            plan: link.plan,
            tables: link.tables,
        }
        .divided_level(below.plan);
        // `None` in `outcomes` is a case an ancestor keeps; `gives_level` is `None` for 待定,
        // which the plan below may decide.
        let kept: Vec<bool> = outcomes
            .iter()
            .map(|outcome| match (outcome, level) {
                (None, _) => true,
                (Some(outcome), Some(level)) => gives_level(outcome, level) == Some(false),
                (Some(_), None) => false,
            })
            .collect();
        let own_answer = lookup(link.plan, link.tables, &own);
        if kept.iter().all(|k| *k) {
            let mut answer = own_answer.map_err(|p| from_above(p, &document))?;
            links.push(LinkAnswer {
                document: document.clone(),
                answer: Some(answer.clone()),
                kept_above_by: None,
                note: None,
            });
            links.extend(chain.iter().take(index).rev().map(|lower| LinkAnswer {
                document: lower.document(),
                answer: None,
                kept_above_by: Some(document.clone()),
                note: None,
            }));
            answer.kept_above_by = Some(document.clone());
            answer.matter = question.matter.clone();
            answer.case = question
                .when
                .iter()
                .map(|(dimension, value)| CaseValue {
                    dimension: dimension.clone(),
                    value: value.clone(),
                })
                .collect();
            return Ok(ChainAnswer { answer, links });
        }
        if kept.iter().any(|k| *k) {
            let problem = own_answer.err().unwrap_or_else(|| {
                Problem::new(tr!(
                    "无法确定 `{document}` 是否把这一情形划归上级",
                    "cannot tell whether `{document}` keeps this case above"
                ))
            });
            // A dimension the plan asked splits by too (a level-valued one, mapped up): ask
            // for it in that plan's terms, whose values the user can give.
            if let Some(dimension) = &problem.asks_for
                && dimension_names(asked.plan, &question.matter).contains(dimension)
                && let Err(own) = lookup(asked.plan, asked.tables, &restrict(asked.plan, &question))
            {
                return Err(own);
            }
            return Err(from_above(problem, &document));
        }
        let (answer, note) = match own_answer {
            Ok(answer) => (Some(answer), None),
            Err(problem) => (None, Some(problem.message)),
        };
        links.push(LinkAnswer {
            document,
            answer,
            kept_above_by: None,
            note,
        });
    }
    let own = restrict(asked.plan, &question);
    let mut answer = lookup(asked.plan, asked.tables, &own)?;
    // The values given for the plans above stay in the case: the answer holds for them.
    for (dimension, value) in &question.when {
        if !answer.case.iter().any(|c| &c.dimension == dimension) {
            answer.case.push(CaseValue {
                dimension: dimension.clone(),
                value: value.clone(),
            });
        }
    }
    match whole_chain(chain, &links, &answer) {
        Ok(whole) => answer.overall = whole,
        Err(share_of) => answer.share_of = share_of,
    }
    links.push(LinkAnswer {
        document: asked.document(),
        answer: Some(answer.clone()),
        kept_above_by: None,
        note: None,
    });
    Ok(ChainAnswer { answer, links })
}

/// The decision of the whole chain for the plan asked, its shares multiplied down from the
/// top (`overall`), when every plan above answers and the whole differs from the asked
/// plan's own decision. `Err` when a plan above gives no answer for the question as asked:
/// the part of the plan just above that the asked plan's shares divide. `links` are the
/// plans above, the top first; `chain`, the plan asked first.
fn whole_chain(chain: &[Link<'_>], links: &[LinkAnswer], asked: &Answer) -> Result<Option<Overall>, Option<ShareOf>> {
    let Some(above) = links
        .iter()
        .map(|link| link.answer.as_ref())
        .collect::<Option<Vec<&Answer>>>()
    else {
        let share_of = chain.get(1).zip(chain.first()).and_then(|(upper, lower)| {
            Some(ShareOf {
                document: upper.document(),
                level: divided_level(upper, lower)?,
            })
        });
        return Err(share_of);
    };
    // The level each plan above divides, from the top: the plan below it in the chain says.
    let divided: Vec<Option<String>> = (1..chain.len())
        .rev()
        .map(|index| divided_level(chain.get(index)?, chain.get(index - 1)?))
        .collect();
    let mut steps: Vec<Step<'_>> = above
        .iter()
        .zip(&divided)
        .map(|(answer, level)| Step {
            decision: &answer.decision,
            divided: level.as_deref(),
        })
        .collect();
    steps.push(Step {
        decision: &asked.decision,
        divided: None,
    });
    Ok(
        overall(&steps)
            .filter(|whole| whole.power != asked.decision.power || whole.spending != asked.decision.spending),
    )
}

/// The name of the level of `upper` that `lower`, the plan refining it, divides.
fn divided_level(upper: &Link<'_>, lower: &Link<'_>) -> Option<String> {
    let parent = Parent {
        plan: upper.plan,
        tables: upper.tables,
    };
    let level = parent.divided_level(lower.plan)?;
    upper.plan.levels.get(level).map(|l| l.name.clone())
}

/// Two values of one dimension name no single case: a usage error, not a gap.
fn given_once(question: &Question) -> Result<(), Problem> {
    for (index, (name, value)) in question.when.iter().enumerate() {
        if let Some((_, other)) = question.when.iter().take(index).find(|(earlier, _)| earlier == name) {
            return Err(Problem::new(tr!(
                "`--when` 两次给出维度 `{name}`（`{other}` 与 `{value}`）：每个维度只能取一个值",
                "`--when` gives dimension `{name}` twice (`{other}` and `{value}`): one value per dimension"
            )));
        }
    }
    Ok(())
}

/// A problem met in a plan above the one asked: it says which plan.
fn from_above(problem: Problem, document: &str) -> Problem {
    problem.note(tr!(
        "这是上级方案 `{document}` 的划分",
        "this is how the plan above, `{document}`, divides the matter"
    ))
}

/// Every dimension the question names splits the matter in some plan of the chain.
fn every_dimension_known(chain: &[Link<'_>], matter: &str, question: &Question) -> Result<(), Problem> {
    let splits: Vec<(String, Vec<&str>)> = chain
        .iter()
        .filter_map(|link| {
            let found = link.plan.matters.iter().find(|m| m.name == matter)?;
            let names = found
                .dimensions
                .iter()
                .filter_map(|d| link.plan.dimension(*d))
                .map(|d| d.name.as_str())
                .collect();
            Some((link.document(), names))
        })
        .collect();
    let Some((name, _)) = question
        .when
        .iter()
        .find(|(name, _)| !splits.iter().any(|(_, names)| names.contains(&name.as_str())))
    else {
        return Ok(());
    };
    let mut problem = Problem::new(tr!(
        "事项 `{matter}` 不按 `{name}` 划分",
        "matter `{matter}` is not split by `{name}`"
    ));
    if let Some(close) = closest(name, splits.iter().flat_map(|(_, names)| names.iter().copied())) {
        problem = problem.note(did_you_mean(close));
    }
    for (document, names) in &splits {
        problem = problem.note(if names.is_empty() {
            tr!("`{document}` 中此事项不分情形", "in `{document}` it has one case only")
        } else {
            let listed = list(names.iter().copied());
            tr!("`{document}` 按 {listed} 划分", "`{document}` splits it by {listed}"; listed)
        });
    }
    Err(problem)
}

/// The names of the dimensions `plan` splits `matter` by.
fn dimension_names(plan: &Plan, matter: &str) -> Vec<String> {
    plan.matters
        .iter()
        .filter(|m| m.name == matter)
        .flat_map(|m| &m.dimensions)
        .filter_map(|d| plan.dimension(*d))
        .map(|d| d.name.clone())
        .collect()
}

/// The question as a plan in a chain sees it: only the dimensions its matter has (a plan
/// lower down may split by more, a plan above by others). The caller names levels in this
/// plan's terms.
fn restrict(plan: &Plan, question: &Question) -> Question {
    let own = dimension_names(plan, &question.matter);
    Question {
        matter: question.matter.clone(),
        when: question
            .when
            .iter()
            .filter(|(name, _)| own.contains(name))
            .cloned()
            .collect(),
    }
}

/// The question as the plan above `lower` names things: a value of a level-valued
/// dimension of `lower` that is one of its levels becomes the parent's level it divides.
fn up(lower: &Plan, question: &Question) -> Question {
    let Some(divided) = lower.header.subdivides.as_ref().map(|s| &s.parent_level) else {
        return question.clone();
    };
    let level_valued = |name: &str| lower.dimensions.iter().any(|d| d.name == name && d.level_valued);
    let is_level = |value: &str| lower.levels.iter().any(|l| l.name == value);
    Question {
        matter: question.matter.clone(),
        when: question
            .when
            .iter()
            .map(|(dimension, value)| {
                let value = if level_valued(dimension) && is_level(value) {
                    divided.clone()
                } else {
                    value.clone()
                };
                (dimension.clone(), value)
            })
            .collect(),
    }
}
