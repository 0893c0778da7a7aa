//! Days of the Gregorian calendar, written `YYYY-MM-DD`: the date a report is stamped
//! with, the day a question asks about (`--on`), the values of a date dimension. A day is
//! counted as a whole number (days since 1970-01-01), so that dates compare, and ranges of
//! them meet, as whole numbers do.

use std::fmt;

/// A day of the calendar, from 0001-01-01 to 9999-12-31.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

/// Why a text is no day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotADay {
    /// Not written `YYYY-MM-DD` (four digits, two, two).
    Shape,
    /// Written so, but the calendar has no such day (`2026-02-30`, `2026-13-01`, year 0).
    NoSuchDay,
}

impl Day {
    /// The day written `YYYY-MM-DD` in `text`, strictly: `2026-1-5` and `26-01-05` are
    /// refused, as a reader could take them for another day.
    pub fn parse(text: &str) -> Result<Day, NotADay> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes.iter().enumerate().all(|(at, b)| match at {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err(NotADay::Shape);
        }
        let number = |range: std::ops::Range<usize>| text.get(range).and_then(|t| t.parse::<u32>().ok());
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
            return Err(NotADay::Shape);
        };
        Day::from_parts(year, month, day).ok_or(NotADay::NoSuchDay)
    }

    /// The day `year-month-day`, when the calendar has it (years 1 to 9999).
    pub fn from_parts(year: u32, month: u32, day: u32) -> Option<Day> {
        if !(1..=9999).contains(&year) || !(1..=days_in_month(year, month)?).contains(&day) {
            return None;
        }
        Some(Day(days_from_civil(i64::from(year), i64::from(month), i64::from(day))))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn number(self) -> i64 {
        self.0
    }

    /// The day `number` days after 1970-01-01, when it lies in years 1 to 9999.
    pub fn from_number(number: i64) -> Option<Day> {
        let (year, _, _) = civil_from_days(number);
        (1..=9999).contains(&year).then_some(Day(number))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.0);
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

/// How many days `month` of `year` has; `None` for no month.
pub fn days_in_month(year: u32, month: u32) -> Option<u32> {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html):
// exact for every day of the proleptic Gregorian calendar, in whole-number arithmetic.

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(number: i64) -> (i64, i64, i64) {
    let z = number + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{Day, NotADay};

    #[test]
    fn days_are_read_strictly_and_counted() {
        let day = |text| Day::parse(text);
        assert_eq!(day("1970-01-01").map(Day::number), Ok(0));
        assert_eq!(day("2024-02-29").map(Day::number), Ok(19_782));
        assert_eq!(day("2023-02-29"), Err(NotADay::NoSuchDay));
        assert_eq!(day("2026-02-30"), Err(NotADay::NoSuchDay));
        assert_eq!(day("2026-13-01"), Err(NotADay::NoSuchDay));
        assert_eq!(day("0000-01-01"), Err(NotADay::NoSuchDay));
        for shape in [
            "26-12-03",
            "2026-12-3",
            "2026/12/03",
            "２０２６-12-03",
            "2026-12-031",
            "",
        ] {
            assert_eq!(day(shape), Err(NotADay::Shape), "{shape}");
        }
    }

    #[test]
    fn every_day_is_written_back_as_read() {
        let first = Day::parse("0001-01-01").map(Day::number).unwrap_or(0);
        let last = Day::parse("9999-12-31").map(Day::number).unwrap_or(0);
        // Every 97th day over the whole range, and the days around a leap year's end.
        for number in (first..=last).step_by(97).chain(19_700..19_800) {
            let Some(day) = Day::from_number(number) else {
                panic!("{number}");
            };
            assert_eq!(Day::parse(&day.to_string()), Ok(day), "{number}");
        }
        assert_eq!(Day::from_number(first - 1), None);
        assert_eq!(Day::from_number(last + 1), None);
    }
}
