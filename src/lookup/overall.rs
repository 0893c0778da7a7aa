//! Shares of shares down a chain. 国办发〔2018〕6号 gives 地方 20% of a matter's spending
//! in 内蒙古; a regional plan divides 地方's part 自治区 50%, 盟市 50%. Asked of the regional
//! plan, the answer `自治区 50%、盟市 50%` is its own, of 地方's part: of the whole, 中央 pays
//! 80%, 自治区 10% and 盟市 10%, and a reader must not take 50% for the whole. The shares
//! are multiplied exactly (decimal fractions, no floating point), and the power held by
//! the divided level passes to the holders the plan below names.

use serde::Serialize;

use crate::emit::{Decision, ShareOut};

/// The decision of the whole chain in every plan's own levels: the levels holding the
/// power, and each level's share of the whole spending.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overall {
    pub power: Vec<String>,
    pub spending: Vec<ShareOut>,
}

/// The part of the plan above that a plan's shares divide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShareOf {
    /// The plan above: its 文号, else its title.
    pub document: String,
    /// Its level that the plan below divides.
    pub level: String,
}

/// One plan's answer in the chain, from the top: its decision, and the level of it that
/// the plan below divides (`None` for the plan asked, at the bottom).
pub struct Step<'a> {
    pub decision: &'a Decision,
    pub divided: Option<&'a str>,
}

/// A share of the whole as an exact decimal fraction: `numerator / 10^exponent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fraction {
    numerator: u128,
    exponent: u32,
}

impl Fraction {
    /// A percentage as written (`80`, `33.33`), as a fraction of the whole.
    fn of_percent(percent: &serde_json::Number) -> Option<Fraction> {
        let text = percent.to_string();
        let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
        if !whole.bytes().chain(decimals.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = format!("{whole}{decimals}");
        let exponent = u32::try_from(decimals.len()).ok()?.checked_add(2)?;
        Some(Fraction {
            numerator: digits.parse().ok()?,
            exponent,
        })
    }

    /// The product, `None` past what 128 bits hold (a chain far deeper than any real one).
    fn times(self, other: Fraction) -> Option<Fraction> {
        Some(Fraction {
            numerator: self.numerator.checked_mul(other.numerator)?,
            exponent: self.exponent.checked_add(other.exponent)?,
        })
    }

    fn plus(self, other: Fraction) -> Option<Fraction> {
        let exponent = self.exponent.max(other.exponent);
        let scaled = |f: Fraction| f.numerator.checked_mul(10u128.checked_pow(exponent - f.exponent)?);
        Some(Fraction {
            numerator: scaled(self)?.checked_add(scaled(other)?)?,
            exponent,
        })
    }

    /// As a percentage: `10`, `6.6666`; whole percentages stay integers.
    fn percent(self) -> Option<serde_json::Number> {
        let exponent = self.exponent.checked_sub(2)?;
        let digits = self.numerator.to_string();
        let width = usize::try_from(exponent).ok()?;
        let padded = format!("{digits:0>width$}", width = width + 1);
        let (whole, decimals) = padded.split_at(padded.len() - width);
        let decimals = decimals.trim_end_matches('0');
        if decimals.is_empty() {
            return whole.parse::<u64>().ok().map(serde_json::Number::from);
        }
        format!("{whole}.{decimals}").parse().ok()
    }
}

/// The whole chain's decision, when there is more than one plan, every plan decides (no
/// 待定), and each divided level holds a share of the plan above's spending; `None` else.
pub fn overall(steps: &[Step<'_>]) -> Option<Overall> {
    let (first, below) = steps.split_first()?;
    if below.is_empty() || first.decision.tbd.is_some() {
        return None;
    }
    let mut power = first.decision.power.clone();
    let mut shares: Vec<(String, Fraction)> = first
        .decision
        .spending
        .iter()
        .map(|share| Some((share.level.clone(), Fraction::of_percent(&share.percent)?)))
        .collect::<Option<_>>()?;
    let mut divided = first.divided;
    for step in below {
        let level = divided?;
        if step.decision.tbd.is_some() {
            return None;
        }
        let position = shares.iter().position(|(name, _)| name == level)?;
        let (_, part) = shares.remove(position);
        let mut divided_shares = Vec::new();
        for share in &step.decision.spending {
            divided_shares.push((share.level.clone(), part.times(Fraction::of_percent(&share.percent)?)?));
        }
        for (offset, share) in divided_shares.into_iter().enumerate() {
            shares.insert(position + offset, share);
        }
        if let Some(held) = power.iter().position(|name| name == level) {
            power.remove(held);
            for (offset, holder) in step.decision.power.iter().enumerate() {
                power.insert(held + offset, holder.clone());
            }
        }
        divided = step.divided;
    }
    Some(Overall {
        power: deduplicated(power),
        spending: summed(shares)?,
    })
}

fn deduplicated(names: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        if !kept.contains(&name) {
            kept.push(name);
        }
    }
    kept
}

/// Shares of one level named twice (a plan below naming a level as one above does) as one.
fn summed(shares: Vec<(String, Fraction)>) -> Option<Vec<ShareOut>> {
    let mut kept: Vec<(String, Fraction)> = Vec::new();
    for (level, share) in shares {
        match kept.iter_mut().find(|(name, _)| *name == level) {
            Some((_, total)) => *total = total.plus(share)?,
            None => kept.push((level, share)),
        }
    }
    kept.into_iter()
        .map(|(level, share)| {
            Some(ShareOut {
                level,
                percent: share.percent()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn decision(power: &[&str], spending: &[(&str, &str)]) -> Decision {
        Decision {
            power: power.iter().map(|p| p.to_string()).collect(),
            spending: spending
                .iter()
                .map(|(level, percent)| ShareOut {
                    level: level.to_string(),
                    percent: percent.parse().unwrap(),
                })
                .collect(),
            mark: None,
            tbd: None,
            rules: Vec::new(),
        }
    }

    fn shown(overall: &Overall) -> Vec<String> {
        overall
            .spending
            .iter()
            .map(|s| format!("{} {}", s.level, s.percent))
            .collect()
    }

    #[test]
    fn a_share_of_a_share_is_their_product() {
        let national = decision(&["中央", "地方"], &[("中央", "80"), ("地方", "20")]);
        let regional = decision(&["自治区", "盟市"], &[("自治区", "50"), ("盟市", "50")]);
        let steps = [
            Step {
                decision: &national,
                divided: Some("地方"),
            },
            Step {
                decision: &regional,
                divided: None,
            },
        ];
        let overall = overall(&steps).expect("an overall decision");
        assert_eq!(shown(&overall), ["中央 80", "自治区 10", "盟市 10"]);
        assert_eq!(overall.power, ["中央", "自治区", "盟市"]);
    }

    #[test]
    fn fractions_stay_exact() {
        let top = decision(&["省"], &[("省", "66.67"), ("市县", "33.33")]);
        let below = decision(&["市"], &[("市", "33.33"), ("县", "66.67")]);
        let steps = [
            Step {
                decision: &top,
                divided: Some("市县"),
            },
            Step {
                decision: &below,
                divided: None,
            },
        ];
        let overall = overall(&steps).expect("an overall decision");
        // 33.33% × 33.33% = 11.108889%, exactly; and the shares still total 100%.
        assert_eq!(shown(&overall), ["省 66.67", "市 11.108889", "县 22.221111"]);
        assert_eq!(overall.power, ["省"], "the divided level held no power");
    }

    #[test]
    fn one_plan_or_an_open_case_has_no_overall() {
        let only = decision(&["省"], &[("省", "100")]);
        assert!(
            overall(&[Step {
                decision: &only,
                divided: None
            }])
            .is_none()
        );
        let mut open = decision(&[], &[]);
        open.tbd = Some(String::new());
        let steps = [
            Step {
                decision: &open,
                divided: Some("地方"),
            },
            Step {
                decision: &only,
                divided: None,
            },
        ];
        assert!(overall(&steps).is_none());
    }
}
