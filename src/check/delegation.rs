//! W0003: spending at another level than the power, with no word of why.
//!
//! The reform's principle is 谁的财政事权谁承担支出责任. Spending elsewhere is legitimate
//! only as a delegation (委托) or through transfer payments (转移支付), and the plan must
//! say which. Shares that include the power's own level are a joint responsibility and
//! need no mark.

use crate::describe;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Matter, Outcome, Plan, Spending};
use crate::span::Span;
use crate::tr;

pub fn report(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for matter in &plan.matters {
        for rule in &matter.rules {
            if let Some(diagnostic) = unmarked(plan, Some(matter), &rule.outcome, rule.span) {
                out.push(diagnostic);
            }
        }
    }
    if let Some(unlisted) = &plan.unlisted
        && let Some(diagnostic) = unmarked(plan, None, &unlisted.outcome, unlisted.span)
    {
        out.push(diagnostic);
    }
}

fn unmarked(plan: &Plan, matter: Option<&Matter>, outcome: &Outcome, span: Span) -> Option<Diagnostic> {
    let Outcome::Assign {
        power,
        spending,
        mark: None,
    } = outcome
    else {
        return None;
    };
    // Spending is elsewhere when no level that pays holds the power (for a joint
    // power: none of its holders pays).
    let holders = power.holders();
    let elsewhere = match spending {
        Spending::Level(level) => !holders.contains(level),
        Spending::Shares(shares) => !shares
            .iter()
            .any(|(level, _)| holders.contains(&crate::ir::LevelRef::Level(*level))),
    };
    if !elsewhere {
        return None;
    }
    let power_text = describe::power(plan, matter, power);
    let paid = describe::spending(plan, matter, spending);
    Some(
        Diagnostic::new(
            Code::W0003,
            tr!(
                "财政事权在 {power}，支出责任却在 {paid}，未注明委托或转移支付",
                "the power is at {power} but the spending at {paid}, with no delegation or transfer stated";
                power = power_text,
                paid
            ),
        )
        .primary(plan.file, span, tr!("事权与支出责任不在同一级", "power and spending at different levels"))
        .note(tr!(
            "若属委托，在支出后写 `委托`；若通过转移支付，写 `转移支付`",
            "if the power is delegated, write `delegated` after the spending; if paid through transfers, write `transfer`"
        )),
    )
}
