//! The case analysis of a matter, told as diagnostics on the drafter's text.

use super::analysis::{MatterAnalysis, Overlap, ReachingAbove};
use crate::boxes::writable;
use crate::describe;
use crate::diagnostic::{Code, Diagnostic, Region};
use crate::ir::{CaseBox, Matter, Plan};
use crate::text::Text;
use crate::tr;

/// At most this many regions are listed in one diagnostic's notes; the rest are counted.
const REGIONS_SHOWN: usize = 8;

/// At most this many regions are recorded in one diagnostic for machines (JSON, SARIF);
/// the rest are counted. Regions, like findings, are bounded so that the output of a
/// kilobyte crafted to overlap itself in every way stays kilobytes.
const REGIONS_RECORDED: usize = 200;

/// At most this many conflicts, overlaps, shadowed rules or rules deciding kept cases are
/// reported one by one per matter; past that one more diagnostic counts the rest. A plan
/// with more of one kind has one mistake repeated, which the first ones show.
const FINDINGS_SHOWN: usize = 20;

pub fn report(plan: &Plan, matter: &Matter, analysis: &MatterAnalysis, out: &mut Vec<Diagnostic>) {
    if analysis.too_complex {
        let name = &matter.name;
        out.push(
            Diagnostic::new(
                Code::E0018,
                tr!(
                    "事项 `{name}` 的条款把情形切分得过细，无法检查",
                    "the rules of matter `{name}` cut its cases into too many pieces to check"
                ),
            )
            .primary(plan.file, matter.name_span, tr!("此事项", "this matter"))
            .note(tr!(
                "条款的边界、例外和按层级划分的结果要求的检查工作超出了此事项的限额（与条款的数量成正比）；请把此事项拆成几个事项，或减少它的维度",
                "its rule boundaries, exceptions and outcomes by level ask for more checking work than the matter's allowance (which grows with its rules); split it into several matters, or use fewer dimensions"
            )),
        );
    }
    if !analysis.gaps.is_empty() {
        out.push(gap(plan, matter, &analysis.gaps));
    }
    let conflicts = analysis
        .conflicts
        .iter()
        .map(|c| Some(overlap(plan, matter, c, Code::E0009)));
    shown(plan, matter, Code::E0009, conflicts, out);
    let redundancies = analysis
        .redundancies
        .iter()
        .map(|r| Some(overlap(plan, matter, r, Code::W0001)));
    shown(plan, matter, Code::W0001, redundancies, out);
    let reaching = analysis.reaching_above.iter().map(|r| reaching_above(plan, matter, r));
    shown(plan, matter, Code::E0029, reaching, out);
    let shadowed = analysis
        .shadowed
        .iter()
        .map(|s| shadowed_rule(plan, matter, s.rule, &s.by));
    shown(plan, matter, Code::W0002, shadowed, out);
}

/// The first [`FINDINGS_SHOWN`] findings of one kind, then one that counts the rest. Only
/// those shown are composed.
fn shown(
    plan: &Plan,
    matter: &Matter,
    code: Code,
    findings: impl ExactSizeIterator<Item = Option<Diagnostic>>,
    out: &mut Vec<Diagnostic>,
) {
    let total = findings.len();
    out.extend(findings.take(FINDINGS_SHOWN).flatten());
    let more = total.saturating_sub(FINDINGS_SHOWN);
    if more == 0 {
        return;
    }
    let name = &matter.name;
    out.push(
        Diagnostic::new(
            code,
            tr!(
                "事项 `{name}` 另有 {more} 处同类问题未逐一列出",
                "matter `{name}` has {more} more findings of this kind, not listed one by one"
            ),
        )
        .primary(plan.file, matter.name_span, tr!("此事项", "this matter"))
        .note(tr!(
            "改正上面列出的问题后再检查；同类问题往往出自同一处写法",
            "correct those listed above and check again: findings of one kind often come from one way of writing"
        )),
    );
}

/// The boxes as regions a drafter can copy into a rule: a numeric set of several intervals
/// (`[0, 10) ∪ (50, ∞)`, no syntax) becomes one region per interval.
fn writable_boxes(plan: &Plan, matter: &Matter, boxes: &[CaseBox]) -> Vec<CaseBox> {
    let numeric: Vec<Option<&[crate::numeric::Interval]>> = matter
        .dimensions
        .iter()
        .map(|d| {
            plan.dimension(*d)
                .and_then(|d| d.numeric.as_ref())
                .map(|n| n.pieces.as_slice())
        })
        .collect();
    boxes.iter().flat_map(|b| writable(b, &numeric)).collect()
}

/// The first [`REGIONS_RECORDED`] regions, for machines (the notes show fewer), and how
/// many more there are.
fn regions(plan: &Plan, matter: &Matter, boxes: &[CaseBox]) -> (Vec<Region>, usize) {
    let recorded = boxes
        .iter()
        .take(REGIONS_RECORDED)
        .map(|b| Region {
            when: describe::constraints(plan, matter, b),
            condition: describe::case_box(plan, matter, b),
        })
        .collect();
    (recorded, boxes.len().saturating_sub(REGIONS_RECORDED))
}

/// Notes listing regions (`未决定：范围 = 盟市`), then one concrete example case.
fn region_notes(plan: &Plan, matter: &Matter, boxes: &[CaseBox], heading: &Text) -> Vec<Text> {
    if matter.dimensions.is_empty() {
        // One case only: the message has said it all.
        return Vec::new();
    }
    let mut notes: Vec<Text> = boxes
        .iter()
        .take(REGIONS_SHOWN)
        .map(|b| {
            let region = if describe::constraints(plan, matter, b).is_empty() {
                tr!("所有情形", "every case")
            } else {
                describe::case_box(plan, matter, b)
            };
            Text::new(
                format!("{}：{}", heading.zh, region.zh),
                format!("{}: {}", heading.en, region.en),
            )
        })
        .collect();
    let hidden = boxes.len().saturating_sub(REGIONS_SHOWN);
    if hidden > 0 {
        notes.push(tr!("……另有 {hidden} 处", "… and {hidden} more"));
    }
    // A region that is one case is its own example: saying it twice reads as two cases.
    if let Some(first) = boxes.first().filter(|b| !describe::names_one_case(plan, matter, b)) {
        let example = describe::example(plan, matter, first);
        notes.push(tr!("例如：{example}", "for example: {example}"; example));
    }
    notes
}

fn gap(plan: &Plan, matter: &Matter, gaps: &[CaseBox]) -> Diagnostic {
    let name = &matter.name;
    let message = if matter.rules.is_empty() {
        tr!("事项 `{name}` 没有任何条款", "matter `{name}` has no rule")
    } else {
        tr!(
            "事项 `{name}` 有情形未被任何条款决定",
            "matter `{name}` has cases that no rule decides"
        )
    };
    let mut diagnostic = Diagnostic::new(Code::E0008, message).primary(
        plan.file,
        matter.name_span,
        tr!("此事项存在缺口", "this matter has a gap"),
    );
    let gaps = writable_boxes(plan, matter, gaps);
    for note in region_notes(plan, matter, &gaps, &tr!("未决定", "undecided")) {
        diagnostic = diagnostic.note(note);
    }
    diagnostic = {
        let (recorded, omitted) = regions(plan, matter, &gaps);
        diagnostic.regions(recorded, omitted)
    };
    diagnostic.note(tr!(
        "为这些情形加一条条款；若原文写明“未列入……的”归某一级，用 `其余 => 层级`",
        "add a rule for these cases; where the text gives \"everything not listed\" to a level, write `otherwise => level`"
    ))
}

fn overlap(plan: &Plan, matter: &Matter, overlap: &Overlap, code: Code) -> Diagnostic {
    let names: Vec<String> = overlap.rules.iter().map(|r| describe::rule_name(matter, *r)).collect();
    let listed = names.join("、");
    let listed_en = names.join(", ");
    let name = &matter.name;
    let message = match code {
        Code::E0009 => tr!(
            "事项 `{name}` 的条款 {listed} 对同一情形作出不同决定",
            "rules {listed_en} of matter `{name}` decide the same cases differently"
        ),
        _ => tr!(
            "事项 `{name}` 的条款 {listed} 重复决定同一情形（结果相同）",
            "rules {listed_en} of matter `{name}` decide the same cases twice (alike)"
        ),
    };
    let mut diagnostic = Diagnostic::new(code, message);
    // The last rule written is where the overlap was introduced: the primary label.
    let mut rules = overlap.rules.iter().rev();
    if let Some(last) = rules.next().and_then(|r| matter.rules.get(*r)) {
        diagnostic = diagnostic.primary(plan.file, last.span, decides(plan, matter, last));
    }
    let mut earlier: Vec<&usize> = rules.collect();
    earlier.reverse();
    for rule in earlier.into_iter().filter_map(|r| matter.rules.get(*r)) {
        diagnostic = diagnostic.secondary(plan.file, rule.span, decides(plan, matter, rule));
    }
    let boxes = writable_boxes(plan, matter, &overlap.boxes);
    for note in region_notes(plan, matter, &boxes, &tr!("重叠的情形", "overlapping cases")) {
        diagnostic = diagnostic.note(note);
    }
    diagnostic = {
        let (recorded, omitted) = regions(plan, matter, &boxes);
        diagnostic.regions(recorded, omitted)
    };
    match code {
        Code::E0009 => diagnostic.note(tr!(
            "若一条是另一条的例外，在例外条款末尾写 `优先于 标签`；否则收窄其中一条的条件",
            "if one rule is an exception to the other, end the exception with `overrides label`; otherwise narrow one condition"
        )),
        _ => diagnostic.note(tr!(
            "删去重复的部分，或写 `优先于` 表明哪条是例外",
            "remove the repeated part, or write `overrides` to say which rule is the exception"
        )),
    }
}

/// `决定为 盟市（§ 一(三)2）`
fn decides(plan: &Plan, matter: &Matter, rule: &crate::ir::Rule) -> Text {
    let outcome = describe::outcome(plan, Some(matter), &rule.outcome);
    let (outcome_zh, outcome_en, paragraph) = (outcome.zh, outcome.en, &rule.citation.paragraph);
    tr!(
        "决定为 {outcome_zh}（§ {paragraph}）",
        "decides {outcome_en} (§ {paragraph})"
    )
}

fn shadowed_rule(plan: &Plan, matter: &Matter, rule_index: usize, by: &[usize]) -> Option<Diagnostic> {
    let rule = matter.rules.get(rule_index)?;
    let name = describe::rule_name(matter, rule_index);
    let (message, label) = if rule.otherwise {
        (
            tr!(
                "`其余` 条款不会生效：其他条款已决定所有情形",
                "the `otherwise` rule never applies: the other rules decide every case"
            ),
            tr!("没有留给它的情形", "no case is left for it"),
        )
    } else if by.is_empty() {
        (
            tr!("条款 {name} 的条件不包含任何情形", "rule {name} names no case"),
            tr!("条件自相矛盾", "the condition excludes every case"),
        )
    } else {
        (
            tr!(
                "条款 {name} 不会生效：它的每个情形都由优先的条款决定",
                "rule {name} never applies: rules that take precedence decide all of its cases"
            ),
            tr!("被完全覆盖", "entirely overridden"),
        )
    };
    let mut diagnostic = Diagnostic::new(Code::W0002, message).primary(plan.file, rule.span, label);
    if rule.otherwise && !matter.kept_above.is_empty() {
        diagnostic = diagnostic.note(tr!(
            "上级方案划归更高层级的情形不属于 `其余`：它只覆盖上级划给本级、本方案其他条款又未决定的情形",
            "cases the parent plan assigns above are not left to `otherwise`: it covers only cases the parent gives this plan's levels that no other rule decides"
        ));
    }
    for winner in by.iter().filter_map(|w| matter.rules.get(*w)) {
        diagnostic = diagnostic.secondary(
            plan.file,
            winner.span,
            tr!("优先于它的条款", "takes precedence over it"),
        );
    }
    Some(diagnostic.note(tr!(
        "删去这条条款，或改正它的条件",
        "remove the rule, or correct its condition"
    )))
}

/// E0029: a rule decides cases the plan it refines (or one above) keeps at a higher level.
fn reaching_above(plan: &Plan, matter: &Matter, reaching: &ReachingAbove) -> Option<Diagnostic> {
    let rule = matter.rules.get(reaching.rule)?;
    let kept = matter.kept_above.get(reaching.kept)?;
    let (name, document) = (&matter.name, &kept.document);
    let mut diagnostic = Diagnostic::new(
        Code::E0029,
        tr!(
            "事项 `{name}` 的条款决定了 `{document}` 已划归 {decision} 的情形",
            "a rule of matter `{name}` decides cases that `{document}` assigns to {decision}";
            decision = kept.decision
        ),
    )
    .primary(
        plan.file,
        rule.span,
        tr!("这些情形不由本方案划分", "these cases are not this plan's to divide"),
    );
    for (file, span) in &kept.rules {
        diagnostic = diagnostic.secondary(
            *file,
            *span,
            tr!("在此划归 {decision}", "assigned to {decision} here"; decision = kept.decision),
        );
    }
    let heading = tr!("已由上级划分", "assigned above");
    let boxes = writable_boxes(plan, matter, &reaching.boxes);
    for note in region_notes(plan, matter, &boxes, &heading) {
        diagnostic = diagnostic.note(note);
    }
    diagnostic = {
        let (recorded, omitted) = regions(plan, matter, &boxes);
        diagnostic.regions(recorded, omitted)
    };
    Some(diagnostic.note(tr!(
        "本方案只细分上级方案划给本级的情形；删去这些情形，或把条件限定在本级的情形内",
        "this plan divides only the cases its parent assigns to the level it divides: drop these cases, or narrow the condition to them"
    )))
}
