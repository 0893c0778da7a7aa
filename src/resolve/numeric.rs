//! A test on a numeric dimension → the pieces it admits, and what is wrong with its
//! numbers: a unit other than the dimension's, an empty interval (E0026), numbers outside
//! the declared range (W0007).

use super::Resolver;
use crate::ast;
use crate::ast::Spanned;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{NumericDimension, ValueSet};
use crate::numeric::{Bound, Interval, Notation};
use crate::text::Text;
use crate::tr;

impl Resolver {
    /// The pieces of `numeric` that `interval` (the test's numbers) admits; `None` after an
    /// error.
    pub(super) fn numeric_set(
        &mut self,
        dimension_id: usize,
        numeric: &NumericDimension,
        test: &ast::Test,
        interval: &Spanned<Interval>,
    ) -> Option<ValueSet> {
        if let Some(unit) = &test.unit
            && numeric.unit.as_ref() != Some(&unit.value)
        {
            self.wrong_unit(dimension_id, unit, numeric.unit.as_deref());
            return None;
        }
        if test.days != (numeric.notation == Notation::Days) {
            let name = self
                .dimensions
                .get(dimension_id)
                .map_or(String::new(), |d| d.name.clone());
            self.days_or_numbers(&name, numeric.notation, interval.span);
            return None;
        }
        if numeric.integer
            && [interval.value.lo.value, interval.value.hi.value]
                .into_iter()
                .flatten()
                .any(|bound| !crate::numeric::is_whole(bound))
        {
            let name = self
                .dimensions
                .get(dimension_id)
                .map_or(String::new(), |d| d.name.clone());
            self.not_whole(&name, interval.span, &numeric.interval_text(&interval.value));
            return None;
        }
        // On an integer dimension `(5, 6)` holds no number.
        let empty = match numeric.integer {
            true => interval.value.whole().is_empty(),
            false => interval.value.is_empty(),
        };
        if empty {
            self.empty_interval(dimension_id, numeric.notation, interval);
            return None;
        }
        let outside = interval.value.outside(&numeric.range);
        if !outside.is_empty() {
            let wholly = !interval.value.meets(&numeric.range);
            self.outside_range(dimension_id, numeric, &outside, wholly, test.span);
        }
        let mut set: ValueSet = numeric
            .pieces
            .iter()
            .enumerate()
            .filter(|(_, piece)| interval.value.covers(piece))
            .map(|(index, _)| index)
            .collect();
        if test.negated {
            set = ValueSet::all(numeric.pieces.len()).without(&set);
        }
        Some(set)
    }

    /// E0026: a day on a dimension of numbers, or a number on a dimension of days: read
    /// as the other, `20000` would be a day of 2024 and `2025-01-01` a count of days.
    pub(super) fn days_or_numbers(&mut self, name: &str, notation: Notation, span: crate::span::Span) {
        let (message, label, note) = match notation {
            Notation::Days => (
                tr!(
                    "日期维度 `{name}` 的条件要写日期",
                    "date dimension `{name}` is compared with dates"
                ),
                tr!("这里写的是数", "a number here"),
                tr!(
                    "日期写作 年-月-日，如 `{name} >= 2025-01-01`",
                    "write dates as year-month-day, e.g. `{name} >= 2025-01-01`"
                ),
            ),
            Notation::Numbers => (
                tr!(
                    "维度 `{name}` 不是日期维度，不能写日期",
                    "dimension `{name}` is not a date dimension: it takes no dates"
                ),
                tr!("这里写的是日期", "a date here"),
                tr!(
                    "按日期划分时，把维度声明为 `维度 {name} : 日期`",
                    "to split by dates, declare `dimension {name} : date`"
                ),
            ),
        };
        self.report(
            Diagnostic::new(Code::E0026, message)
                .primary(self.file, span, label)
                .note(note),
        );
    }

    /// E0026: a unit other than the dimension's.
    fn wrong_unit(&mut self, dimension_id: usize, unit: &ast::Name, declared: Option<&str>) {
        let name = self
            .dimensions
            .get(dimension_id)
            .map_or(String::new(), |d| d.name.clone());
        let written = &unit.value;
        let note = match declared {
            Some(declared) => tr!(
                "`{name}` 以 `{declared}` 为单位；请换算成 `{declared}`",
                "`{name}` is in `{declared}`: convert the number to `{declared}`"
            ),
            None => tr!(
                "`{name}` 声明时没有单位；删去单位，或在声明中写上单位",
                "`{name}` was declared without a unit: drop the unit here, or declare it"
            ),
        };
        self.report(
            Diagnostic::new(
                Code::E0026,
                tr!(
                    "单位 `{written}` 与维度 `{name}` 不符",
                    "the unit `{written}` does not fit dimension `{name}`"
                ),
            )
            .primary(self.file, unit.span, tr!("单位不符", "wrong unit"))
            .note(note),
        );
    }

    /// E0026: `[10, 5]`, `[5, 5)`: an interval with no number in it. Read as a rule that
    /// names no case, it would hide a slip in its ends (as docs/codes/E0026.md says).
    fn empty_interval(&mut self, dimension_id: usize, notation: Notation, interval: &Spanned<Interval>) {
        let name = self
            .dimensions
            .get(dimension_id)
            .map_or(String::new(), |d| d.name.clone());
        let written = interval.value.text_in(notation);
        let (lo, hi) = (interval.value.lo, interval.value.hi);
        let note = match (lo.value, hi.value) {
            // Ends swapped: the same brackets, the numbers in order.
            (Some(a), Some(b)) if a > b => {
                let swapped = Interval {
                    lo: Bound { value: Some(b), ..lo },
                    hi: Bound { value: Some(a), ..hi },
                }
                .text_in(notation);
                tr!(
                    "先写下限，再写上限：`{name} = {swapped}`",
                    "write the lower end first: `{name} = {swapped}`"
                )
            }
            (Some(a), _) => {
                let point = Interval::point(a).text_in(notation);
                tr!(
                    "只含一个数时写 `{name} = {point}`；区间两端都要用方括号才包含这个数",
                    "for one number write `{name} = {point}`; an interval holds its ends only in square brackets"
                )
            }
            _ => tr!("先写下限，再写上限", "write the lower end first"),
        };
        self.report(
            Diagnostic::new(
                Code::E0026,
                tr!(
                    "区间 `{written}` 是空的：没有一个数在其中",
                    "the interval `{written}` is empty: no number lies in it"
                ),
            )
            .primary(self.file, interval.span, tr!("空区间", "empty interval"))
            .note(note),
        );
    }

    /// W0007: numbers of a test that the dimension's declared range leaves out. No case has
    /// them, so that part of the rule silently decides nothing; a slip in an end, or a range
    /// declared too narrow, would otherwise pass unseen.
    fn outside_range(
        &mut self,
        dimension_id: usize,
        numeric: &NumericDimension,
        parts: &[Interval],
        wholly: bool,
        span: crate::span::Span,
    ) {
        let Some(dimension) = self.dimensions.get(dimension_id) else {
            return;
        };
        let (name, declared_at) = (dimension.name.clone(), dimension.span);
        let unit = numeric.unit.as_ref().map_or(String::new(), |u| format!(" {u}"));
        let texts: Vec<String> = parts
            .iter()
            .map(|p| format!("{}{unit}", numeric.interval_text(p)))
            .collect();
        let parts = Text::new(texts.join(" 和 "), texts.join(" and "));
        let lie = if texts.len() == 1 { "lies" } else { "lie" };
        let range = format!("{}{unit}", numeric.range.range_text_in(numeric.notation));
        let label = if wholly {
            tr!("条件完全在取值范围之外", "wholly outside the range")
        } else {
            tr!("条件部分超出取值范围", "partly outside the range")
        };
        self.report(
            Diagnostic::new(
                Code::W0007,
                tr!(
                    "{parts} 在 `{name}` 的取值范围 {range} 之外",
                    "{parts} {lie} outside the range {range} of `{name}`";
                    parts
                ),
            )
            .primary(self.file, span, label)
            .secondary(
                self.file,
                declared_at,
                tr!("取值范围在此声明", "the range is declared here"),
            )
            .note(tr!(
                "取值范围外没有情形，条款的这一部分不决定任何情形；请改正区间的端点，或在声明中放宽取值范围",
                "no case lies outside the range, so this part of the rule decides nothing: correct the end, or widen the range where the dimension is declared"
            )),
        );
    }
}
