//! Numbers and intervals of numeric dimensions (`维度 投资额 : 数值 万元 [0, ∞)`).
//!
//! A numeric dimension is checked exactly by cutting its range at every threshold the plan
//! uses: the pieces — each threshold as a point, and the open stretches between them —
//! are the dimension's values, and every condition is a union of pieces. So the checker's
//! case analysis, written for listed values, is exact for numbers too, and gaps come out
//! as intervals in the drafter's unit.
//!
//! Numbers are exact decimals, kept as whole millionths.

use serde::Serialize;

/// A number in millionths: `12.5` is `12_500_000`.
pub type Number = i128;

const SCALE: Number = 1_000_000;

/// `-12.5` → -12_500_000. `None` for more than six decimals or a number too large.
pub fn parse_number(text: &str) -> Option<Number> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || fraction.len() > 6 || whole.len() > 24 {
        return None;
    }
    let whole: Number = whole.parse().ok()?;
    let padded = format!("{fraction:0<6}");
    let fraction: Number = if fraction.is_empty() { 0 } else { padded.parse().ok()? };
    let value = whole.checked_mul(SCALE)?.checked_add(fraction)?;
    Some(if negative { -value } else { value })
}

/// 12_500_000 → `12.5`; whole numbers have no decimal point.
pub fn number_text(value: Number) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let (whole, fraction) = (magnitude / SCALE.unsigned_abs(), magnitude % SCALE.unsigned_abs());
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        let decimals = format!("{fraction:06}");
        format!("{sign}{whole}.{}", decimals.trim_end_matches('0'))
    }
}

/// How a dimension's numbers are written: as numbers, or as days (`日期`), a day being the
/// whole number of days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Notation {
    #[default]
    Numbers,
    Days,
}

impl Notation {
    /// `12.5`, or `2025-01-01` for a day.
    pub fn text(self, value: Number) -> String {
        match self {
            Notation::Numbers => number_text(value),
            Notation::Days => day_of(value).map_or_else(|| number_text(value), |day| day.to_string()),
        }
    }
}

/// The number a day stands for: its days since 1970-01-01, whole.
pub fn day_number(day: crate::calendar::Day) -> Number {
    Number::from(day.number()) * SCALE
}

/// The day a whole number of days stands for, when the calendar has it.
fn day_of(value: Number) -> Option<crate::calendar::Day> {
    if value % SCALE != 0 {
        return None;
    }
    crate::calendar::Day::from_number(i64::try_from(value / SCALE).ok()?)
}

/// One end of an interval: a number (included or not), or infinity (`value: None`).
/// Serialized with the number as the drafter wrote it (`12.5`, not millionths).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bound {
    pub value: Option<Number>,
    pub closed: bool,
}

impl Serialize for Bound {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let value: Option<serde_json::Number> = self.value.and_then(|v| number_text(v).parse().ok());
        let mut state = serializer.serialize_struct("Bound", 2)?;
        state.serialize_field("value", &value)?;
        state.serialize_field("closed", &self.closed)?;
        state.end()
    }
}

impl Bound {
    pub const INFINITE: Bound = Bound {
        value: None,
        closed: false,
    };

    pub fn at(value: Number, closed: bool) -> Bound {
        Bound {
            value: Some(value),
            closed,
        }
    }
}

/// A stretch of numbers; `lo.value: None` is −∞, `hi.value: None` is +∞.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Interval {
    pub lo: Bound,
    pub hi: Bound,
}

impl Interval {
    pub const EVERYTHING: Interval = Interval {
        lo: Bound::INFINITE,
        hi: Bound::INFINITE,
    };

    pub fn point(value: Number) -> Interval {
        Interval {
            lo: Bound::at(value, true),
            hi: Bound::at(value, true),
        }
    }

    pub fn is_empty(&self) -> bool {
        match (self.lo.value, self.hi.value) {
            (Some(lo), Some(hi)) => lo > hi || (lo == hi && !(self.lo.closed && self.hi.closed)),
            _ => false,
        }
    }

    pub fn contains(&self, value: Number) -> bool {
        let above = match self.lo.value {
            None => true,
            Some(lo) => value > lo || (value == lo && self.lo.closed),
        };
        let below = match self.hi.value {
            None => true,
            Some(hi) => value < hi || (value == hi && self.hi.closed),
        };
        above && below
    }

    /// Whether some number lies in both.
    pub fn meets(&self, other: &Interval) -> bool {
        !self.intersection(other).is_empty()
    }

    /// The numbers in both (possibly empty).
    fn intersection(&self, other: &Interval) -> Interval {
        let lo = match (self.lo.value, other.lo.value) {
            (None, _) => other.lo,
            (_, None) => self.lo,
            (Some(a), Some(b)) if a == b => Bound::at(a, self.lo.closed && other.lo.closed),
            (Some(a), Some(b)) => {
                if a > b {
                    self.lo
                } else {
                    other.lo
                }
            }
        };
        let hi = match (self.hi.value, other.hi.value) {
            (None, _) => other.hi,
            (_, None) => self.hi,
            (Some(a), Some(b)) if a == b => Bound::at(a, self.hi.closed && other.hi.closed),
            (Some(a), Some(b)) => {
                if a < b {
                    self.hi
                } else {
                    other.hi
                }
            }
        };
        Interval { lo, hi }
    }

    /// The parts of `self` below and above `range` that are worth a drafter's attention:
    /// each non-empty, lower one first. A part is left out where `self` runs to infinity on
    /// that side and also reaches into the range: `投资额 < 50` on `[0, 100]` means "below
    /// 50", and its numbers under 0 are no slip.
    pub fn outside(&self, range: &Interval) -> Vec<Interval> {
        let reaches_in = self.meets(range);
        let below = range.lo.value.map(|lo| Interval {
            lo: Bound::INFINITE,
            hi: Bound::at(lo, !range.lo.closed),
        });
        let above = range.hi.value.map(|hi| Interval {
            lo: Bound::at(hi, !range.hi.closed),
            hi: Bound::INFINITE,
        });
        let open_ended = [self.lo.value.is_none(), self.hi.value.is_none()];
        [below, above]
            .into_iter()
            .zip(open_ended)
            .filter_map(|(side, open)| Some(self.intersection(&side?)).filter(|_| !(open && reaches_in)))
            .filter(|part| !part.is_empty())
            .collect()
    }

    /// Whether every number of `other` is in `self`.
    pub fn covers(&self, other: &Interval) -> bool {
        let lower = match (self.lo.value, other.lo.value) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a < b || (a == b && (self.lo.closed || !other.lo.closed)),
        };
        let upper = match (self.hi.value, other.hi.value) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b < a || (a == b && (self.hi.closed || !other.hi.closed)),
        };
        lower && upper
    }

    /// What a drafter writes after `=` in a test: `[5000, 10000)`, `(-∞, 5000)`, and `100`
    /// for a point (`投资额 = 100`; `[100]` is no syntax). An empty interval such as
    /// `[5, 5)` keeps both ends, so it never reads as the point it does not contain.
    pub fn text(&self) -> String {
        self.text_in(Notation::Numbers)
    }

    /// [`Interval::text`] with the numbers in `notation` (`[2025-01-01, ∞)`).
    pub fn text_in(&self, notation: Notation) -> String {
        if let (Some(lo), Some(hi)) = (self.lo.value, self.hi.value)
            && lo == hi
            && self.lo.closed
            && self.hi.closed
        {
            return notation.text(lo);
        }
        self.range_text_in(notation)
    }

    /// Always both ends, `[100, 100]` for a point: what a declaration's range needs
    /// (`数值 万元 [0, ∞)`), where a bare number is no syntax.
    pub fn range_text(&self) -> String {
        self.range_text_in(Notation::Numbers)
    }

    /// [`Interval::range_text`] with the numbers in `notation`.
    pub fn range_text_in(&self, notation: Notation) -> String {
        let lo = match self.lo.value {
            None => "(-∞".to_string(),
            Some(v) => format!("{}{}", if self.lo.closed { "[" } else { "(" }, notation.text(v)),
        };
        let hi = match self.hi.value {
            None => "∞)".to_string(),
            Some(v) => format!("{}{}", notation.text(v), if self.hi.closed { "]" } else { ")" }),
        };
        format!("{lo}, {hi}")
    }

    /// A number of the interval a drafter would pick as an example: its closed lower end,
    /// else a whole number inside it.
    pub fn example(&self) -> Number {
        match (self.lo.value, self.hi.value) {
            (Some(lo), _) if self.lo.closed => lo,
            (Some(lo), Some(hi)) => {
                let next_whole = (lo.div_euclid(SCALE) + 1) * SCALE;
                if next_whole < hi {
                    next_whole
                } else {
                    lo + (hi - lo) / 2
                }
            }
            (Some(lo), None) => (lo.div_euclid(SCALE) + 1) * SCALE,
            (None, Some(hi)) => {
                let below = (hi.div_euclid(SCALE) - 1) * SCALE;
                if self.hi.closed { hi } else { below.min(hi - 1) }
            }
            (None, None) => 0,
        }
    }

    /// The union of two touching or overlapping intervals, lower one first.
    fn join(&self, next: &Interval) -> Interval {
        Interval {
            lo: self.lo,
            hi: next.hi,
        }
    }
}

/// The pieces of `range` cut at `thresholds`: each threshold inside the range as a point,
/// and the stretches between. In order; together they are exactly the range.
pub fn pieces(range: Interval, thresholds: &[Number]) -> Vec<Interval> {
    let mut cuts: Vec<Number> = thresholds.iter().copied().filter(|t| range.contains(*t)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len() * 2 + 1);
    let mut lower = range.lo;
    for cut in cuts {
        let before = Interval {
            lo: lower,
            hi: Bound::at(cut, false),
        };
        if !before.is_empty() {
            pieces.push(before);
        }
        pieces.push(Interval::point(cut));
        lower = Bound::at(cut, false);
    }
    let last = Interval {
        lo: lower,
        hi: range.hi,
    };
    if !last.is_empty() {
        pieces.push(last);
    }
    pieces
}

/// Whether `value` is a whole number.
pub fn is_whole(value: Number) -> bool {
    value.rem_euclid(SCALE) == 0
}

impl Interval {
    /// The whole numbers of the interval, as an interval closed at whole numbers (empty
    /// when it holds none): `(5, 6)` holds none, `(1, 5]` is `[2, 5]`.
    pub fn whole(&self) -> Interval {
        let lo = self.lo.value.map(|v| {
            let up = v.div_euclid(SCALE) * SCALE;
            match (up == v, self.lo.closed) {
                (true, true) => v,
                (true, false) => v + SCALE,
                (false, _) => up + SCALE,
            }
        });
        let hi = self.hi.value.map(|v| {
            let down = v.div_euclid(SCALE) * SCALE;
            match (down == v, self.hi.closed) {
                (true, true) => v,
                (true, false) => v - SCALE,
                (false, _) => down,
            }
        });
        Interval {
            lo: lo.map_or(Bound::INFINITE, |v| Bound::at(v, true)),
            hi: hi.map_or(Bound::INFINITE, |v| Bound::at(v, true)),
        }
    }
}

/// The pieces of an integer dimension: each piece's whole numbers, closed, the pieces
/// that hold none left out. Cut at `5` and `6` (`[1, 5]`, `[6, 10]`), the stretch `(5, 6)`
/// holds no whole number: no false gap between them.
pub fn whole_pieces(pieces: Vec<Interval>) -> Vec<Interval> {
    pieces
        .into_iter()
        .map(|piece| piece.whole())
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// Pieces (indices into `pieces`, ascending) as the fewest intervals: neighbouring pieces
/// touch, so runs of consecutive indices join.
pub fn join_pieces(pieces: &[Interval], indices: &[usize]) -> Vec<Interval> {
    let mut joined: Vec<(usize, Interval)> = Vec::new();
    for index in indices {
        let Some(piece) = pieces.get(*index) else {
            continue;
        };
        match joined.last_mut() {
            Some((last, interval)) if *last + 1 == *index => {
                *interval = interval.join(piece);
                *last = *index;
            }
            _ => joined.push((*index, *piece)),
        }
    }
    joined.into_iter().map(|(_, interval)| interval).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        assert_eq!(parse_number("12.5"), Some(12_500_000));
        assert_eq!(parse_number("-3"), Some(-3_000_000));
        assert_eq!(parse_number("0.000001"), Some(1));
        assert_eq!(parse_number("0.0000001"), None);
        assert_eq!(number_text(12_500_000), "12.5");
        assert_eq!(number_text(-3_000_000), "-3");
        assert_eq!(number_text(1), "0.000001");
    }

    #[test]
    fn a_range_is_cut_into_points_and_stretches() {
        let range = Interval {
            lo: Bound::at(0, true),
            hi: Bound::INFINITE,
        };
        let texts: Vec<String> = pieces(range, &[5000 * SCALE, 10000 * SCALE, -5])
            .iter()
            .map(Interval::text)
            .collect();
        assert_eq!(texts, ["[0, 5000)", "5000", "(5000, 10000)", "10000", "(10000, ∞)"]);
        let cut = pieces(range, &[0]);
        assert_eq!(cut.iter().map(Interval::text).collect::<Vec<_>>(), ["0", "(0, ∞)"]);
    }

    #[test]
    fn a_point_reads_as_a_number_and_an_empty_interval_keeps_its_ends() {
        assert_eq!(Interval::point(30 * SCALE).text(), "30");
        assert_eq!(Interval::point(30 * SCALE).range_text(), "[30, 30]");
        let empty = Interval {
            lo: Bound::at(5 * SCALE, true),
            hi: Bound::at(5 * SCALE, false),
        };
        assert!(empty.is_empty());
        assert_eq!(empty.text(), "[5, 5)");
        let negative = Interval {
            lo: Bound::at(-5 * SCALE, true),
            hi: Bound::at(-1_500_000, false),
        };
        assert_eq!(negative.text(), "[-5, -1.5)");
    }

    #[test]
    fn the_parts_outside_a_range_are_those_a_drafter_wrote() {
        let range = Interval {
            lo: Bound::at(0, true),
            hi: Bound::at(100 * SCALE, true),
        };
        let outside = |lo: Bound, hi: Bound| -> Vec<String> {
            Interval { lo, hi }.outside(&range).iter().map(Interval::text).collect()
        };
        let at = |v: Number, closed: bool| Bound::at(v * SCALE, closed);
        assert_eq!(outside(at(0, true), at(999, true)), ["(100, 999]"]);
        assert_eq!(outside(at(-5, true), at(100, true)), ["[-5, 0)"]);
        // `>= -5`: the numbers below 0 were written; those above 100 were not.
        assert_eq!(outside(at(-5, true), Bound::INFINITE), ["[-5, 0)"]);
        assert!(outside(Bound::INFINITE, at(50, false)).is_empty());
        assert!(outside(at(0, true), at(100, true)).is_empty());
        // Wholly outside: all of it, even running to infinity.
        assert_eq!(outside(Bound::INFINITE, at(-5, false)), ["(-∞, -5)"]);
        assert_eq!(outside(at(100, false), at(200, true)), ["(100, 200]"]);
        assert_eq!(outside(at(100, true), at(200, true)), ["(100, 200]"]);
        assert!(Interval::EVERYTHING.outside(&range).is_empty());
    }

    #[test]
    fn joined_pieces_read_as_intervals() {
        let all = pieces(Interval::EVERYTHING, &[5 * SCALE, 10 * SCALE]);
        let joined = join_pieces(&all, &[1, 2, 4]);
        let texts: Vec<String> = joined.iter().map(Interval::text).collect();
        assert_eq!(texts, ["[5, 10)", "(10, ∞)"]);
        let covering = Interval {
            lo: Bound::at(5 * SCALE, true),
            hi: Bound::INFINITE,
        };
        let inside: Vec<usize> = (0..all.len()).filter(|i| covering.covers(&all[*i])).collect();
        assert_eq!(inside, [1, 2, 3, 4]);
        assert_eq!(all[2].example(), 6 * SCALE);
        assert_eq!(all[0].example(), 4 * SCALE);
    }
}
