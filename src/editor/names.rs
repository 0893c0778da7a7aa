//! Every name of a plan's text and what it names, for references and rename: `盟市` the
//! level and `盟市` the value of `范围` are two things, and renaming one leaves the other.
//! Read from the syntax tree alone, so that a text with a gap or a conflict (the usual
//! state of a draft) still has its names.

use crate::ast::{self, Condition, DimensionValues, Document, HeaderField, Item, LevelRef, Outcome, Spending};
use crate::span::Span;

/// What a name names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    Level(String),
    Dimension(String),
    Value { dimension: String, value: String },
    ValueSet { dimension: String, set: String },
    Matter(String),
    Label { matter: String, label: String },
}

/// A dimension as the text declares it: its values, whether they are the levels, its sets.
struct Declared<'d> {
    name: &'d str,
    values: Vec<&'d str>,
    levels: bool,
    sets: Vec<&'d str>,
}

/// Every name of the document with what it names, in the order of the text's items.
pub fn occurrences(document: &Document) -> Vec<(Span, Named)> {
    let mut declared: Vec<Declared<'_>> = Vec::new();
    for item in &document.items {
        if let Item::Dimension(dimension) = item {
            declared.push(Declared {
                name: &dimension.name.value,
                values: match &dimension.values {
                    DimensionValues::Listed(values) => values.iter().map(|v| v.value.as_str()).collect(),
                    _ => Vec::new(),
                },
                levels: matches!(dimension.values, DimensionValues::Levels(_)),
                sets: Vec::new(),
            });
        }
    }
    for item in &document.items {
        if let Item::ValueSet(set) = item
            && let Some(dimension) = declared.iter_mut().find(|d| d.name == set.dimension.value)
        {
            dimension.sets.push(&set.name.value);
        }
    }
    let mut out = Vec::new();
    for item in &document.items {
        match item {
            Item::Header(header) => {
                for field in &header.fields {
                    if let HeaderField::Subdivides { into, .. } = field {
                        out.extend(into.iter().map(level));
                    }
                }
            }
            Item::Levels(levels) => out.extend(levels.levels.iter().map(level)),
            Item::Dimension(dimension) => {
                out.push((dimension.name.span, Named::Dimension(dimension.name.value.clone())));
                if let DimensionValues::Listed(values) = &dimension.values {
                    out.extend(
                        values
                            .iter()
                            .map(|v| (v.span, value_of(&dimension.name.value, &v.value))),
                    );
                }
            }
            Item::ValueSet(set) => {
                let dimension = &set.dimension.value;
                out.push((
                    set.name.span,
                    Named::ValueSet {
                        dimension: dimension.clone(),
                        set: set.name.value.clone(),
                    },
                ));
                out.push((set.dimension.span, Named::Dimension(dimension.clone())));
                out.extend(set.values.iter().map(|v| (v.span, value_of(dimension, &v.value))));
            }
            Item::Section(section) => {
                for matter in &section.matters {
                    matter_names(matter, &declared, &mut out);
                }
                for unlisted in &section.unlisted {
                    outcome_names(&unlisted.outcome, &mut out);
                }
            }
            Item::Matter(matter) => matter_names(matter, &declared, &mut out),
            Item::Unlisted(unlisted) => outcome_names(&unlisted.outcome, &mut out),
            Item::Limit(limit) => out.push(level(&limit.level)),
            _ => {}
        }
    }
    out
}

fn level(name: &ast::Name) -> (Span, Named) {
    (name.span, Named::Level(name.value.clone()))
}

fn value_of(dimension: &str, value: &str) -> Named {
    Named::Value {
        dimension: dimension.to_string(),
        value: value.to_string(),
    }
}

fn matter_names(matter: &ast::Matter, declared: &[Declared<'_>], out: &mut Vec<(Span, Named)>) {
    let name = &matter.name.value;
    out.push((matter.name.span, Named::Matter(name.clone())));
    out.extend(matter.by.iter().map(|d| (d.span, Named::Dimension(d.value.clone()))));
    let label = |n: &ast::Name| {
        (
            n.span,
            Named::Label {
                matter: name.clone(),
                label: n.value.clone(),
            },
        )
    };
    for rule in &matter.rules {
        out.extend(rule.label.iter().map(label));
        if let Condition::Cases(disjuncts, _) = &rule.condition {
            for test in disjuncts.iter().flatten() {
                if let Some(dimension) = &test.dimension {
                    out.push((dimension.span, Named::Dimension(dimension.value.clone())));
                }
                for value in &test.values {
                    let of = |d: &&Declared<'_>| {
                        d.levels || d.values.contains(&value.value.as_str()) || d.sets.contains(&value.value.as_str())
                    };
                    // The test's dimension, or the first of the matter's that has the value.
                    let dimension = match &test.dimension {
                        Some(named) => declared.iter().find(|d| d.name == named.value),
                        None => declared
                            .iter()
                            .filter(|d| matter.by.iter().any(|b| b.value == d.name))
                            .find(|d| !d.levels && of(d)),
                    };
                    let named = match dimension {
                        Some(d) if d.levels => Named::Level(value.value.clone()),
                        Some(d) if d.sets.contains(&value.value.as_str()) => Named::ValueSet {
                            dimension: d.name.to_string(),
                            set: value.value.clone(),
                        },
                        Some(d) => value_of(d.name, &value.value),
                        None => continue,
                    };
                    out.push((value.span, named));
                }
            }
        }
        outcome_names(&rule.outcome, out);
        out.extend(rule.overrides.iter().map(label));
    }
}

fn outcome_names(outcome: &Outcome, out: &mut Vec<(Span, Named)>) {
    let Outcome::Assign {
        power, joint, spending, ..
    } = outcome
    else {
        return;
    };
    let level_ref = |reference: &LevelRef| match reference {
        LevelRef::Level(name) => level(name),
        LevelRef::ByDimension(name) => (name.span, Named::Dimension(name.value.clone())),
    };
    out.push(level_ref(power));
    out.extend(joint.iter().map(level_ref));
    match spending {
        Some(Spending::Level(reference)) => out.push(level_ref(reference)),
        Some(Spending::Shares(shares)) => out.extend(shares.iter().map(|share| level(&share.level))),
        None => {}
    }
}

/// What the name at byte `offset` names, and every place the text names it.
pub fn references(document: &Document, offset: usize) -> Option<(Named, Vec<Span>)> {
    let all = occurrences(document);
    let (_, named) = all
        .iter()
        .find(|(span, _)| span.start <= offset && offset <= span.end)?;
    let places = all.iter().filter(|(_, n)| n == named).map(|(span, _)| *span).collect();
    Some((named.clone(), places))
}

/// The edits renaming what the name at byte `offset` of `text` names to `new`, each place
/// once; `Err` with the reason when `new` is no name the language accepts, or is taken by
/// another of the same kind (two levels, two dimensions … of one spelling).
pub fn rename(text: &str, offset: usize, new: &str) -> Result<Vec<(Span, String)>, crate::text::Text> {
    use crate::tr;
    let document = crate::syntax::parse(0, text)
        .map_err(|_| tr!("方案有语法错误，先改正它", "the plan has a syntax error: mend it first"))?;
    let Some((named, places)) = references(&document, offset) else {
        return Err(tr!("光标处不是名称", "there is no name here"));
    };
    let word_only = crate::syntax::parse(0, &format!("层级 {new}"))
        .ok()
        .and_then(|d| match d.items.first() {
            Some(Item::Levels(levels)) => levels.levels.first().map(|l| l.value == new),
            _ => None,
        })
        .unwrap_or(false);
    if !word_only {
        return Err(tr!(
            "`{new}` 不能作名称：须是词（汉字、字母、数字），且不是关键字",
            "`{new}` cannot be a name: it must be a word (letters, digits), not a keyword"
        ));
    }
    let renamed = match &named {
        Named::Level(_) => Named::Level(new.to_string()),
        Named::Dimension(_) => Named::Dimension(new.to_string()),
        Named::Value { dimension, .. } => value_of(dimension, new),
        Named::ValueSet { dimension, .. } => Named::ValueSet {
            dimension: dimension.clone(),
            set: new.to_string(),
        },
        Named::Matter(_) => Named::Matter(new.to_string()),
        Named::Label { matter, .. } => Named::Label {
            matter: matter.clone(),
            label: new.to_string(),
        },
    };
    if renamed != named && occurrences(&document).iter().any(|(_, n)| *n == renamed) {
        return Err(tr!(
            "`{new}` 已被同类的名称使用",
            "`{new}` is taken by another name of the same kind"
        ));
    }
    Ok(places.into_iter().map(|span| (span, new.to_string())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_and_a_value_of_one_spelling_are_two_things() {
        let text = "层级 自治区 > 盟市\n维度 范围 { 全区性, 盟市 }\n\
                    事项 甲 按 范围 {\n  全区性 => 自治区 § \"1\"\n  范围 = 盟市 => 盟市 § \"2\"\n}\n";
        let document = crate::syntax::parse(0, text).expect("parses");
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).map(|(at, _)| at).expect("there");
        let (named, places) = references(&document, at("盟市", 0)).expect("a level");
        assert_eq!(named, Named::Level("盟市".to_string()));
        assert_eq!(places.len(), 2, "the declaration and the outcome");
        let (named, places) = references(&document, at("盟市", 1)).expect("a value");
        assert_eq!(named, value_of("范围", "盟市"));
        assert_eq!(places.len(), 2, "the declaration and the test");
        let (_, places) = references(&document, at("全区性", 1)).expect("a bare value");
        assert_eq!(places.len(), 2);
        // Renaming the level leaves the value.
        let edits = rename(text, at("盟市", 0), "盟市级").expect("renamed");
        assert_eq!(
            edits.iter().map(|(s, _)| s.start).collect::<Vec<_>>(),
            [at("盟市", 0), at("盟市", 3)]
        );
        assert!(
            rename(text, at("盟市", 0), "自治区").is_err(),
            "a level of that name exists"
        );
        assert!(rename(text, at("盟市", 0), "事项").is_err(), "a keyword");
        assert!(rename(text, at("盟市", 0), "a b").is_err(), "two words");
    }
}
