//! The document header, the levels and the dimensions.

use super::{DIMENSION, LEVEL, Resolver, VALUE, VALUE_SET};
use crate::ast::{self, Document, HeaderField, Item};
use crate::calendar;
use crate::diagnostic::{Code, Diagnostic};
use crate::fast_map::FastMap;
use crate::ir::{self, MAX_VALUES};

/// Each threshold inside the range cuts a piece into three (below, the point, above): this
/// many keep a numeric dimension within [`MAX_VALUES`] pieces.
const MOST_THRESHOLDS: usize = (MAX_VALUES - 1) / 2;
use crate::numeric::{self, Interval};
use crate::span::{FileId, Span};
use crate::tr;

impl Resolver {
    pub(super) fn header(&mut self, document: &Document) -> Option<ir::Header> {
        let mut headers = document.items.iter().filter_map(|item| match item {
            Item::Header(header) => Some(header),
            _ => None,
        });
        let Some(first) = headers.next() else {
            self.missing(
                tr!("文件头 `文件 \"标题\" {{ … }}`", "header `policy \"title\" {{ … }}`"),
                document,
            );
            return None;
        };
        for again in headers {
            self.repeated(tr!("文件头", "document header"), again.keyword, first.keyword);
        }
        let mut header = ir::Header {
            title: first.title.value.clone(),
            ..ir::Header::default()
        };
        let [mut number_span, mut issued_span, mut effective_span]: [Option<Span>; 3] = [None; 3];
        for field in &first.fields {
            match field {
                HeaderField::Number(number) => {
                    self.once(tr!("文号", "document number"), &mut number_span, number.span);
                    header.number = Some(number.value.clone());
                }
                HeaderField::Issued(date) => {
                    self.once(tr!("印发日期", "issue date"), &mut issued_span, date.span);
                    self.check_date(date);
                    header.issued = Some(date.value.clone());
                }
                HeaderField::Effective(date) => {
                    self.once(tr!("施行日期", "effective date"), &mut effective_span, date.span);
                    self.check_date(date);
                    header.effective = Some(date.value.clone());
                }
                HeaderField::Excerpt(span) => self.once(tr!("节选标记", "excerpt mark"), &mut header.excerpt, *span),
                HeaderField::Basis(documents) => {
                    header.basis.extend(documents.iter().map(|d| d.value.clone()));
                }
                // Only an amendment's header has this; amendments are not resolved as plans.
                HeaderField::Amends { .. } => {}
                // Read once the levels are known (`chain_declarations.rs`).
                HeaderField::Refines { .. } | HeaderField::Subdivides { .. } => {}
            }
        }
        Some(header)
    }

    /// A header field written once: `first` holds where it was first written, and a field
    /// written again is reported there.
    fn once(&mut self, what: crate::text::Text, first: &mut Option<Span>, span: Span) {
        match *first {
            Some(first) => self.repeated(what, span, first),
            None => *first = Some(span),
        }
    }

    /// E0016: something every document must have is missing. The label sits at the start
    /// of the file, where it belongs.
    fn missing(&mut self, what: crate::text::Text, document: &Document) {
        let mut diagnostic = Diagnostic::new(Code::E0016, tr!("缺少{what}", "the document has no {what}"; what))
            .primary(
                self.file,
                Span::new(0, 0),
                tr!("文件从这里开始", "the document starts here"),
            );
        if document.items.is_empty() {
            diagnostic = diagnostic.note(tr!("文件是空的", "the file is empty"));
        }
        self.report(diagnostic);
    }

    fn check_date(&mut self, date: &ast::Name) {
        if let Some(diagnostic) = bad_date(self.file, date) {
            self.report(diagnostic);
        }
    }

    pub(super) fn levels(&mut self, document: &Document) {
        let mut declarations = document.items.iter().filter_map(|item| match item {
            Item::Levels(levels) => Some(levels),
            _ => None,
        });
        let Some(first) = declarations.next() else {
            self.missing(
                tr!("层级声明 `层级 甲 > 乙`", "levels declaration `levels A > B`"),
                document,
            );
            return;
        };
        for again in declarations {
            self.repeated(tr!("层级声明", "levels declaration"), again.keyword, first.keyword);
        }
        for level in &first.levels {
            if let Some(existing) = self.level_index.get(&level.value) {
                let first_span = self.levels.get(*existing).map_or(level.span, |l| l.span);
                self.duplicate(&LEVEL, &level.value, level.span, first_span);
                continue;
            }
            self.level_index.insert(level.value.clone(), self.levels.len());
            self.levels.push(ir::Level {
                name: level.value.clone(),
                span: level.span,
            });
        }
    }

    /// `值集 第一档 : 省份 { … }`: the values the set stands for, kept for the conditions
    /// that name it. A set of a numeric dimension, or named like a value of its dimension
    /// (a condition could not tell which is meant), is E0034.
    pub(super) fn value_set(&mut self, declaration: &ast::ValueSetDecl) {
        let Some(id) = self.find_dimension(&declaration.dimension) else {
            return;
        };
        let Some(dimension) = self.dimensions.get(id) else {
            return;
        };
        let (name, dimension_name) = (&declaration.name.value, dimension.name.clone());
        let problem = if dimension.numeric.is_some() {
            Some((
                tr!(
                    "数值维度 `{dimension_name}` 不能有值集",
                    "numeric dimension `{dimension_name}` cannot have a value set"
                ),
                tr!(
                    "数值维度按区间写条件，如 `{dimension_name} >= 10000`",
                    "a numeric dimension's conditions are ranges, e.g. `{dimension_name} >= 10000`"
                ),
            ))
        } else if dimension.values.contains(name) {
            Some((
                tr!(
                    "值集 `{name}` 与维度 `{dimension_name}` 的值同名",
                    "value set `{name}` has the name of a value of dimension `{dimension_name}`"
                ),
                tr!(
                    "条件中的 `{name}` 无法判断指值还是值集：给值集另起一个名字",
                    "`{name}` in a condition could mean the value or the set: give the set another name"
                ),
            ))
        } else {
            None
        };
        if let Some((message, note)) = problem {
            let diagnostic = Diagnostic::new(Code::E0034, message)
                .primary(self.file, declaration.name.span, tr!("这个值集", "this value set"))
                .note(note);
            self.report(diagnostic);
            return;
        }
        if let Some((_, first)) = self.value_sets.get(&(id, name.clone())) {
            let first = *first;
            self.duplicate(&VALUE_SET, name, declaration.name.span, first);
            return;
        }
        let mut set = ir::ValueSet::empty();
        let mut all_found = true;
        for value in &declaration.values {
            match self.value_index(id, value) {
                Some(index) => set.insert(index),
                None => all_found = false,
            }
        }
        if all_found {
            self.value_sets.insert((id, name.clone()), (set, declaration.name.span));
        }
    }

    pub(super) fn dimension(&mut self, declaration: &ast::DimensionDecl) {
        let name = &declaration.name;
        if let Some(existing) = self.dimension_index.get(&name.value) {
            let first_span = self.dimensions.get(*existing).map_or(name.span, |d| d.span);
            self.duplicate(&DIMENSION, &name.value, name.span, first_span);
            return;
        }
        let (values, level_valued, numeric) = match &declaration.values {
            ast::DimensionValues::Levels(_) => (self.levels.iter().map(|l| l.name.clone()).collect(), true, None),
            ast::DimensionValues::Listed(listed) => (self.listed_values(listed), false, None),
            ast::DimensionValues::Numeric {
                unit,
                range,
                integer,
                date,
                range_in_days,
                ..
            } => {
                let notation = match date {
                    true => numeric::Notation::Days,
                    false => numeric::Notation::Numbers,
                };
                if let Some(range) = range.as_ref().filter(|_| range_in_days != date) {
                    self.days_or_numbers(&name.value, notation, range.span);
                    return;
                }
                let Some(numeric) = self.numeric_dimension(name, unit.as_ref(), range.as_ref(), *integer, notation)
                else {
                    return;
                };
                let texts = numeric.pieces.iter().map(|p| numeric.interval_text(p)).collect();
                (texts, false, Some(numeric))
            }
        };
        if numeric.is_some() && values.len() > MAX_VALUES {
            let (count, dimension) = (values.len(), &name.value);
            let diagnostic = Diagnostic::new(
                Code::E0018,
                tr!(
                    "数值维度 `{dimension}` 的阈值太多：切分成 {count} 段，超过上限 {MAX_VALUES}",
                    "numeric dimension `{dimension}` has too many thresholds: {count} pieces, more than the limit of {MAX_VALUES}"
                ),
            )
            .primary(self.file, name.span, tr!("阈值太多", "too many thresholds"))
            .note(tr!(
                "一个数值维度在全方案中最多用 {MOST_THRESHOLDS} 个不同的阈值；请合并相近的阈值，或拆分维度",
                "a numeric dimension may use at most {MOST_THRESHOLDS} distinct thresholds in a plan: merge close thresholds, or split the dimension"
            ));
            self.report(diagnostic);
            return;
        }
        if values.len() > MAX_VALUES {
            let (count, dimension) = (values.len(), &name.value);
            let diagnostic = Diagnostic::new(
                Code::E0018,
                tr!(
                    "维度 `{dimension}` 有 {count} 个值，超过上限 {MAX_VALUES}",
                    "dimension `{dimension}` has {count} values, more than the limit of {MAX_VALUES}"
                ),
            )
            .primary(self.file, name.span, tr!("值太多", "too many values"))
            .note(tr!(
                "把这个维度拆成几个维度，或把相近的值合并",
                "split it into several dimensions, or merge values that are decided alike"
            ));
            self.report(diagnostic);
            return;
        }
        self.dimension_index.insert(name.value.clone(), self.dimensions.len());
        // A value written twice is found at its first place, as a search would find it.
        let mut positions: FastMap<String, usize> = FastMap::with_capacity_and_hasher(values.len(), Default::default());
        for (at, value) in values.iter().enumerate() {
            positions.entry(value.clone()).or_insert(at);
        }
        self.value_positions.push(positions);
        self.dimensions.push(ir::Dimension {
            name: name.value.clone(),
            span: name.span,
            values,
            level_valued,
            own_values: declaration.own.clone(),
            numeric,
        });
    }

    /// A numeric dimension's range (E0026 when empty), cut at the plan's thresholds.
    fn numeric_dimension(
        &mut self,
        name: &ast::Name,
        unit: Option<&ast::Name>,
        range: Option<&ast::Spanned<Interval>>,
        integer: bool,
        notation: numeric::Notation,
    ) -> Option<ir::NumericDimension> {
        let range_value = range.map_or(Interval::EVERYTHING, |r| r.value);
        if let Some(range) = range.filter(|r| r.value.is_empty()) {
            let (dimension, written) = (&name.value, range.value.text_in(notation));
            self.report(
                Diagnostic::new(
                    Code::E0026,
                    tr!(
                        "数值维度 `{dimension}` 的范围 {written} 是空的",
                        "the range {written} of numeric dimension `{dimension}` is empty"
                    ),
                )
                .primary(
                    self.file,
                    range.span,
                    tr!("没有数落在这个范围内", "no number lies in this range"),
                )
                .note(tr!(
                    "先写下限，再写上限，如 `[0, ∞)`",
                    "write the lower end first, e.g. `[0, ∞)`"
                )),
            );
            return None;
        }
        if integer
            && let Some(range) = range
            && [range.value.lo.value, range.value.hi.value]
                .into_iter()
                .flatten()
                .any(|bound| !numeric::is_whole(bound))
        {
            self.not_whole(&name.value, range.span, &range.value.range_text_in(notation));
            return None;
        }
        let thresholds = self.thresholds.get(&name.value).cloned().unwrap_or_default();
        let pieces = numeric::pieces(range_value, &thresholds);
        Some(ir::NumericDimension {
            unit: unit.map(|u| u.value.clone()),
            range: range_value,
            pieces: if integer { numeric::whole_pieces(pieces) } else { pieces },
            integer,
            notation,
        })
    }

    /// E0026: a number of an integer dimension (its range, or a condition) that is not a
    /// whole number.
    pub(super) fn not_whole(&mut self, name: &str, span: Span, written: &str) {
        self.report(
            Diagnostic::new(
                Code::E0026,
                tr!(
                    "整数维度 `{name}` 只取整数，{written} 中有小数",
                    "integer dimension `{name}` takes whole numbers only, and {written} has a fraction"
                ),
            )
            .primary(self.file, span, tr!("这里有小数", "a fraction here"))
            .note(tr!(
                "整数维度的条件和范围只写整数，如 `{name} = [1, 5]`；需要小数时把维度声明为 `数值`",
                "write whole numbers in an integer dimension's conditions and range, e.g. `{name} = [1, 5]`; for fractions declare it `numeric`"
            )),
        );
    }

    fn listed_values(&mut self, listed: &[ast::Name]) -> Vec<String> {
        let mut values: Vec<String> = Vec::with_capacity(listed.len());
        for (index, value) in listed.iter().enumerate() {
            let earlier = listed.iter().take(index).find(|v| v.value == value.value);
            match earlier {
                Some(first) => self.duplicate(&VALUE, &value.value, value.span, first.span),
                None => values.push(value.value.clone()),
            }
        }
        values
    }
}

/// E0015 when a date as written names no day of the calendar.
pub fn bad_date(file: FileId, date: &ast::Name) -> Option<Diagnostic> {
    if is_real_date(&date.value) {
        return None;
    }
    let written = &date.value;
    let diagnostic = Diagnostic::new(
        Code::E0015,
        tr!("`{written}` 不是一个存在的日期", "`{written}` is not a real date"),
    )
    .primary(file, date.span, tr!("没有这一天", "no such day"))
    .note(tr!(
        "日期写作 年-月-日，如 `2024-11-21`",
        "write dates as year-month-day, e.g. `2024-11-21`"
    ));
    Some(diagnostic)
}

/// `YYYY-M-D` naming a day of the Gregorian calendar.
pub fn is_real_date(text: &str) -> bool {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    calendar::days_in_month(year, month).is_some_and(|days| (1..=days).contains(&day))
}

#[cfg(test)]
mod tests {
    use super::is_real_date;

    #[test]
    fn dates() {
        assert!(is_real_date("2024-11-21"));
        assert!(is_real_date("2024-2-29"));
        assert!(!is_real_date("2023-02-29"));
        assert!(!is_real_date("2024-13-01"));
        assert!(!is_real_date("2024-04-31"));
        assert!(!is_real_date("2024-04-00"));
    }
}
