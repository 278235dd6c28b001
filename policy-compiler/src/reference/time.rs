//! RFC 3339 times for the `Date*` operators (docs/SPEC.md section 3).
//!
//! A time is `YYYY-MM-DDTHH:MM:SS`, optionally `.` and one to nine digits of a second,
//! then an offset: `Z` or `±HH:MM` (`2026-01-01T08:00:00+08:00`, `2026-01-01T00:00:00Z`).
//! `T` and `Z` may be lower case (RFC 3339 section 5.6). Dates must exist (`02-29` only
//! in leap years of the proleptic Gregorian calendar).
//!
//! Times compare as **instants**: the offset is honoured, so the two examples above are
//! equal, and fractions compare exactly.
//!
//! **Choice** (docs/SPEC.md is silent): at most nine digits of a fraction (nanoseconds); a
//! longer fraction is not a time, so that no engine has to round.
//!
//! **Choice** (docs/SPEC.md is silent): a leap second (`:60`) is not a time here — RFC 3339
//! allows it only at real leap seconds, which a table-free parser cannot tell apart.

/// A point in time, comparable with `<` and `==`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Instant<'a> {
    // INVARIANT (instant-order): the derived order compares `seconds`, then `fraction`;
    // because `fraction` holds ASCII digits without trailing zeros, comparing it as text
    // compares the fractions as numbers (`"45"` < `"5"` as 0.45 < 0.5, `""` = 0).
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    seconds: i64,
    /// The digits of the fraction of a second, trailing zeros removed.
    fraction: &'a str,
}

/// The instant `text` names, when it is an RFC 3339 time with an offset.
pub(super) fn parse(text: &str) -> Option<Instant<'_>> {
    let (date, rest) = text.split_once(['T', 't'])?;
    let (year, month, day) = parse_date(date)?;
    let (time, offset_seconds) = split_offset(rest)?;
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) if is_digits(fraction) && fraction.len() <= 9 => (clock, fraction),
        Some(_) => return None,
        None => (time, ""),
    };
    let mut clock = clock.split(':');
    let hour = fixed_digits(clock.next()?, 2)?;
    let minute = fixed_digits(clock.next()?, 2)?;
    let second = fixed_digits(clock.next()?, 2)?;
    if clock.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let local_seconds = days_since_epoch(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(Instant { seconds: local_seconds - offset_seconds, fraction: fraction.trim_end_matches('0') })
}

/// `YYYY-MM-DD`, a date that exists.
fn parse_date(date: &str) -> Option<(i64, i64, i64)> {
    let mut parts = date.split('-');
    let year = fixed_digits(parts.next()?, 4)?;
    let month = fixed_digits(parts.next()?, 2)?;
    let day = fixed_digits(parts.next()?, 2)?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    Some((year, month, day))
}

/// Splits `HH:MM:SS[.frac]{Z|±HH:MM}` into the clock time and the offset in seconds
/// east of UTC.
fn split_offset(rest: &str) -> Option<(&str, i64)> {
    if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        return Some((time, 0));
    }
    let (time, offset) = rest.split_at_checked(rest.len().checked_sub(6)?)?;
    let (sign, offset) = match offset.split_at_checked(1)? {
        ("+", offset) => (1, offset),
        ("-", offset) => (-1, offset),
        _ => return None,
    };
    let (hours, minutes) = offset.split_once(':')?;
    let (hours, minutes) = (fixed_digits(hours, 2)?, fixed_digits(minutes, 2)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((time, sign * (hours * 3_600 + minutes * 60)))
}

/// The value of `text` when it is exactly `len` ASCII digits.
fn fixed_digits(text: &str, len: usize) -> Option<i64> {
    if text.len() != len || !is_digits(text) {
        return None;
    }
    text.parse().ok()
}

/// Whether `text` is one or more ASCII digits.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 0000-01-01 to `year-month-day` (years 0 to 9999).
fn days_since_year_zero(year: i64, month: i64, day: i64) -> i64 {
    // Years 0, 4, 8, ... are leap years, but not 100, 200, 300, 500, ...; year 0 is one.
    let leap_years_before = if year == 0 { 0 } else { (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400 + 1 };
    let days_before_year = 365 * year + leap_years_before;
    let days_before_month: i64 = (1..month).map(|m| days_in_month(year, m)).sum();
    days_before_year + days_before_month + (day - 1)
}

/// Days from 1970-01-01 to `year-month-day` (negative before).
fn days_since_epoch(year: i64, month: i64, day: i64) -> i64 {
    days_since_year_zero(year, month, day) - days_since_year_zero(1970, 1, 1)
}

#[cfg(test)]
mod tests {
    use super::{Instant, parse};

    fn seconds(text: &str) -> Option<i64> {
        parse(text).map(|instant| instant.seconds)
    }

    #[test]
    fn counts_seconds_since_the_epoch() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59Z", -1),
            ("1970-01-02T00:00:00+01:00", 86_400 - 3_600),
            ("1970-01-01T00:00:00-00:30", 1_800),
            ("2000-03-01T00:00:00Z", 951_868_800),
            ("2026-01-01T00:00:00Z", 1_767_225_600),
            ("0000-01-01T00:00:00Z", -62_167_219_200),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
            ("2024-02-29T12:00:00z", 1_709_208_000),
            ("2024-02-29t12:00:00Z", 1_709_208_000),
        ];
        for (text, want) in cases {
            assert_eq!(seconds(text), Some(want), "{text:?}");
        }
    }

    #[test]
    fn compares_instants() {
        let t = |text| parse(text).unwrap();
        // SPEC.md section 3: time zones honoured.
        assert_eq!(t("2026-01-01T08:00:00+08:00"), t("2026-01-01T00:00:00Z"));
        assert!(t("2026-01-01T08:00:00+08:00") < t("2026-01-01T07:00:00Z"));
        assert!(t("2026-01-01T00:00:00-01:00") > t("2026-01-01T00:30:00Z"));
        // Fractions compare exactly.
        assert_eq!(t("2026-01-01T00:00:00.500Z"), t("2026-01-01T00:00:00.5Z"));
        assert_eq!(t("2026-01-01T00:00:00.000Z"), t("2026-01-01T00:00:00Z"));
        assert!(t("2026-01-01T00:00:00.45Z") < t("2026-01-01T00:00:00.5Z"));
        assert!(t("2026-01-01T00:00:00.05Z") < t("2026-01-01T00:00:00.4Z"));
        assert!(t("2026-01-01T00:00:00Z") < t("2026-01-01T00:00:00.000000001Z"));
        assert!(t("2026-01-01T00:00:00.999Z") < t("2026-01-01T00:00:01Z"));
        assert_eq!(t("2026-01-01T00:00:00.25Z"), Instant { seconds: 1_767_225_600, fraction: "25" });
    }

    #[test]
    fn rejects_what_is_not_rfc_3339_with_an_offset() {
        let bad = [
            "2026-01-01T00:00:00.0000000001Z",
            "",
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00Z",
            "2026-1-01T00:00:00Z",
            "26-01-01T00:00:00Z",
            "+2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00.5.5Z",
            "2026-01-01T00:00:00+0800",
            "2026-01-01T00:00:00+8:00",
            "2026-01-01T00:00:00 +08:00",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+08:60",
            "2026-01-01T00:00:00ZZ",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T00:00:00:00Z",
            "２０２６-01-01T00:00:00Z",
            "2026-01-01T00:00:00+08:00月",
        ];
        for text in bad {
            assert_eq!(parse(text), None, "{text:?}");
        }
        assert!(parse("2000-02-29T00:00:00Z").is_some());
    }
}
