//! Conditions → boxes of case values.

use super::{MatterContext, Resolver};
use crate::ast::{self, Condition};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{CaseBox, ValueSet};
use crate::names::{closest, list};
use crate::syntax::keywords;
use crate::tr;

impl Resolver {
    /// The boxes a condition names, and whether it is the matter's `otherwise` rule.
    pub(super) fn region(&mut self, matter: &MatterContext<'_>, condition: &Condition) -> (Vec<CaseBox>, bool) {
        let every_case: CaseBox = matter
            .dimensions
            .iter()
            .map(|d| ValueSet::all(self.dimensions.get(*d).map_or(0, |d| d.values.len())))
            .collect();
        match condition {
            Condition::Any(_) => (vec![every_case], false),
            Condition::Otherwise(_) => (Vec::new(), true),
            Condition::Cases(disjuncts, _) => {
                let mut boxes = Vec::with_capacity(disjuncts.len());
                for conjunction in disjuncts {
                    let mut case_box = every_case.clone();
                    for test in conjunction {
                        if let Some((position, set)) = self.test(matter, test)
                            && let Some(slot) = case_box.get_mut(position)
                        {
                            slot.keep(&set);
                        }
                    }
                    boxes.push(case_box);
                }
                (boxes, false)
            }
        }
    }

    /// One test → (position of its dimension among the matter's, the values it admits).
    fn test(&mut self, matter: &MatterContext<'_>, test: &ast::Test) -> Option<(usize, ValueSet)> {
        let position = match &test.dimension {
            Some(name) => self.test_dimension(matter, name)?,
            None => self.bare_value_dimension(matter, test.values.first()?)?,
        };
        let dimension_id = *matter.dimensions.get(position)?;
        let numeric = self.dimensions.get(dimension_id).and_then(|d| d.numeric.clone());
        match (&test.interval, numeric) {
            (Some(interval), Some(numeric)) => {
                let set = self.numeric_set(dimension_id, &numeric, test, interval)?;
                return Some((position, set));
            }
            (Some(interval), None) => {
                self.mismatched(dimension_id, interval.span, true);
                return None;
            }
            (None, Some(_)) => {
                let span = test.values.first().map_or(test.span, |v| v.span);
                self.mismatched(dimension_id, span, false);
                return None;
            }
            (None, None) => {}
        }
        let mut set = ValueSet::empty();
        for value in &test.values {
            // A value first, the common case: no value set is named like a value (E0034).
            if let Some(index) = self.value_position(dimension_id, &value.value) {
                set.insert(index);
                continue;
            }
            // A value set (`值集`) of the dimension stands for its values.
            if let Some((values, _)) = self.value_sets.get(&(dimension_id, value.value.clone())) {
                set.add(values);
                continue;
            }
            let index = self.value_index(dimension_id, value)?;
            set.insert(index);
        }
        if test.negated {
            let count = self.dimensions.get(dimension_id).map_or(0, |d| d.values.len());
            set = ValueSet::all(count).without(&set);
        }
        Some((position, set))
    }

    /// E0026: a number compared with a listed dimension, or a value with a numeric one.
    fn mismatched(&mut self, dimension_id: usize, span: crate::span::Span, number_given: bool) {
        let Some(dimension) = self.dimensions.get(dimension_id) else {
            return;
        };
        let name = dimension.name.clone();
        let diagnostic = if number_given {
            let values = list(dimension.values.iter().map(String::as_str));
            Diagnostic::new(
                Code::E0026,
                tr!(
                    "`{name}` 不是数值维度，不能与数比较",
                    "`{name}` is not numeric: it cannot be compared with a number"
                ),
            )
            .primary(self.file, span, tr!("这里写了数", "a number here"))
            .note(tr!("`{name}` 的值有：{values}", "the values of `{name}` are {values}"; values))
        } else {
            Diagnostic::new(
                Code::E0026,
                tr!(
                    "`{name}` 是数值维度，要与数比较",
                    "`{name}` is numeric: compare it with a number"
                ),
            )
            .primary(self.file, span, tr!("这里写了名称", "a name here"))
            .note(tr!(
                "例如 `{name} >= 10000` 或 `{name} = [5000, 10000)`",
                "for example `{name} >= 10000` or `{name} = [5000, 10000)`"
            ))
        };
        self.report(diagnostic);
    }

    /// The position among the matter's dimensions of a dimension named in a test.
    fn test_dimension(&mut self, matter: &MatterContext<'_>, name: &ast::Name) -> Option<usize> {
        let id = self.find_dimension(name)?;
        if let Some(position) = matter.dimensions.iter().position(|d| *d == id) {
            return Some(position);
        }
        self.not_splitting(matter, name);
        None
    }

    /// E0007: a dimension that exists, used on a matter not split by it.
    pub(super) fn not_splitting(&mut self, matter: &MatterContext<'_>, name: &ast::Name) {
        let (dimension, matter_name) = (&name.value, matter.name);
        let mut diagnostic = Diagnostic::new(
            Code::E0007,
            tr!(
                "事项 `{matter_name}` 不按维度 `{dimension}` 划分",
                "matter `{matter_name}` is not split by dimension `{dimension}`"
            ),
        )
        .primary(
            self.file,
            name.span,
            tr!("此事项未列出这个维度", "not a dimension of this matter"),
        );
        if matter.dimensions.is_empty() {
            diagnostic = diagnostic.note(tr!(
                "在事项名称后写 `按 {dimension}`，让它按这个维度划分",
                "write `by {dimension}` after the matter's name to split it by this dimension"
            ));
        } else {
            let dimensions = list(
                matter
                    .dimensions
                    .iter()
                    .filter_map(|d| self.dimensions.get(*d))
                    .map(|d| d.name.as_str()),
            );
            diagnostic = diagnostic.note(tr!(
                "此事项按 {dimensions} 划分；如需按 `{dimension}` 划分，请把它加到 `按` 之后",
                "the matter is split by {dimensions}; to split it by `{dimension}` too, add it after `by`";
                dimensions
            ));
        }
        self.report(diagnostic);
    }

    /// A value written without its dimension belongs to exactly one of the matter's.
    fn bare_value_dimension(&mut self, matter: &MatterContext<'_>, value: &ast::Name) -> Option<usize> {
        let owners: Vec<usize> = matter
            .dimensions
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                self.dimensions
                    .get(**d)
                    .is_some_and(|d| d.values.contains(&value.value))
                    || self.value_sets.contains_key(&(**d, value.value.clone()))
            })
            .map(|(position, _)| position)
            .collect();
        let names_of = |positions: &[usize], resolver: &Resolver| {
            positions
                .iter()
                .filter_map(|p| matter.dimensions.get(*p))
                .filter_map(|d| resolver.dimensions.get(*d))
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        };
        match owners.as_slice() {
            [only] => Some(*only),
            [] => {
                let (wanted, matter_name) = (&value.value, matter.name);
                let mut diagnostic = Diagnostic::new(
                    Code::E0005,
                    tr!(
                        "`{wanted}` 不是事项 `{matter_name}` 任何维度的值",
                        "`{wanted}` is not a value of any dimension of matter `{matter_name}`"
                    ),
                )
                .primary(self.file, value.span, tr!("未知的值", "unknown value"));
                let all: Vec<&str> = matter
                    .dimensions
                    .iter()
                    .filter_map(|d| self.dimensions.get(*d))
                    .flat_map(|d| d.values.iter().map(String::as_str))
                    .collect();
                if let Some(suggestion) = closest(wanted, all.iter().copied()) {
                    diagnostic = diagnostic.suggest(suggestion);
                } else if let Some(keyword) = keywords::suggest(wanted, &[keywords::OTHERWISE, keywords::ANY]) {
                    // `其他 =>` is the everyday word for the keyword `其余`, read here as a value.
                    diagnostic = diagnostic.note(tr!(
                        "是否想写关键字 `{keyword}`？",
                        "did you mean the keyword `{keyword}`?"
                    ));
                }
                // A value of a dimension the matter is not split by: `按 维度` forgotten.
                let forgotten = self
                    .dimensions
                    .iter()
                    .enumerate()
                    .find(|(id, d)| !matter.dimensions.contains(id) && d.values.contains(wanted));
                if let Some((_, dimension)) = forgotten {
                    let dimension = &dimension.name;
                    diagnostic = diagnostic.note(tr!(
                        "`{wanted}` 是维度 `{dimension}` 的值：若此事项按它划分，在事项名称和表述后写 `按 {dimension}`",
                        "`{wanted}` is a value of dimension `{dimension}`: if the matter is split by it, write `by {dimension}` after the matter's name and wording"
                    ));
                } else if matter.dimensions.is_empty() {
                    diagnostic = diagnostic.note(tr!(
                        "此事项没有 `按` 维度，只能写 `任意` 或直接写 `=> 结果`",
                        "the matter has no `by` dimensions: write `any`, or the outcome directly after `=>`"
                    ));
                }
                self.report(diagnostic);
                None
            }
            several => {
                let names = names_of(several, self);
                let listed = list(names.iter().map(String::as_str));
                let wanted = &value.value;
                let example = names.first().cloned().unwrap_or_default();
                let diagnostic = Diagnostic::new(
                    Code::E0006,
                    tr!(
                        "`{wanted}` 同时是 {listed} 的值，无法判断指哪一个",
                        "`{wanted}` is a value of {listed}: it is not clear which one is meant";
                        listed
                    ),
                )
                .primary(self.file, value.span, tr!("有歧义的值", "ambiguous value"))
                .note(tr!(
                    "写明维度，如 `{example} = {wanted}`",
                    "name the dimension, e.g. `{example} = {wanted}`"
                ));
                self.report(diagnostic);
                None
            }
        }
    }

    /// Where `value` stands among the dimension's values, if it is one.
    fn value_position(&self, dimension_id: usize, value: &str) -> Option<usize> {
        self.value_positions
            .get(dimension_id)
            .and_then(|positions| positions.get(value))
            .copied()
    }

    pub(super) fn value_index(&mut self, dimension_id: usize, value: &ast::Name) -> Option<usize> {
        if let Some(index) = self.value_position(dimension_id, &value.value) {
            return Some(index);
        }
        let dimension = self.dimensions.get(dimension_id)?;
        let (wanted, dimension_name) = (&value.value, &dimension.name);
        let mut diagnostic = Diagnostic::new(
            Code::E0005,
            tr!(
                "`{wanted}` 不是维度 `{dimension_name}` 的值",
                "`{wanted}` is not a value of dimension `{dimension_name}`"
            ),
        )
        .primary(self.file, value.span, tr!("不在此维度中", "not in this dimension"));
        if let Some(suggestion) = closest(wanted, dimension.values.iter().map(String::as_str)) {
            diagnostic = diagnostic.suggest(suggestion);
        }
        let values = list(dimension.values.iter().map(String::as_str));
        diagnostic = diagnostic.note(tr!(
            "`{dimension_name}` 的值有：{values}",
            "the values of `{dimension_name}` are {values}";
            values
        ));
        self.report(diagnostic);
        None
    }
}
