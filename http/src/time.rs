//! `acs:CurrentTime` as the wire carries it: ISO 8601 in UTC, to the second
//! (`2026-01-01T00:00:00Z`, docs/SPEC.md section 3), written into a fixed 20-byte buffer.
//!
//! [`rfc3339`] is called for every request (the condition context, the audit line), so it
//! neither allocates nor goes through `format!`: the date comes from the day number by
//! Howard Hinnant's `civil_from_days`, and each field is written as its digits.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use oss_policy_http::time::rfc3339;
//!
//! let time = rfc3339(UNIX_EPOCH + Duration::from_secs(951_868_799));
//! assert_eq!(time.as_str(), "2000-02-29T23:59:59Z");
//! ```
//!
//! A time before 1970 is written as `1970-01-01T00:00:00Z`, one after year 9999 (which
//! four digits cannot say) as `9999-12-31T23:59:59Z`: a clock that far off is clamped to
//! the nearest time the format has, never written in another shape.

use std::fmt;
use std::ops::Deref;
use std::time::{SystemTime, UNIX_EPOCH};

/// The length of `YYYY-MM-DDTHH:MM:SSZ`.
const LEN: usize = 20;

/// The last second four-digit years reach, `9999-12-31T23:59:59Z`.
const LAST_SECOND: u64 = 253_402_300_799;

/// A time formatted `YYYY-MM-DDTHH:MM:SSZ`, held by value (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rfc3339([u8; LEN]);

impl Rfc3339 {
    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(&self.0).unwrap_or("1970-01-01T00:00:00Z")
    }
}

impl Deref for Rfc3339 {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// `time` in UTC, to the second (clamped as the module docs say).
pub fn rfc3339(time: SystemTime) -> Rfc3339 {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).min(LAST_SECOND);
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    let mut out = *b"0000-00-00T00:00:00Z";
    write_digits(&mut out[0..4], year);
    write_digits(&mut out[5..7], month);
    write_digits(&mut out[8..10], day);
    write_digits(&mut out[11..13], rest / 3600);
    write_digits(&mut out[14..16], rest % 3600 / 60);
    write_digits(&mut out[17..19], rest % 60);
    Rfc3339(out)
}

/// Writes the last `field.len()` decimal digits of `value` into `field`.
fn write_digits(field: &mut [u8], mut value: u64) {
    for digit in field.iter_mut().rev() {
        // `value % 10` is below 10, so the cast keeps it whole.
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The calendar date of a day number since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: u64) -> String {
        rfc3339(UNIX_EPOCH + Duration::from_secs(seconds)).to_string()
    }

    /// The seconds since the epoch of each instant were computed apart from this code
    /// (`date -u -d 2000-02-29T23:59:59Z +%s`).
    #[test]
    fn known_instants() {
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(946_684_799), "1999-12-31T23:59:59Z");
        assert_eq!(at(951_868_799), "2000-02-29T23:59:59Z", "2000 is a leap year (divisible by 400)");
        assert_eq!(at(1_702_743_657), "2023-12-16T16:20:57Z");
        assert_eq!(at(2_147_483_648), "2038-01-19T03:14:08Z", "past the signed 32-bit seconds");
        assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00Z", "2100 is not a leap year");
        assert_eq!(at(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn times_outside_four_digit_years_are_clamped() {
        assert_eq!(at(253_402_300_800), "9999-12-31T23:59:59Z");
        assert_eq!(at(u64::MAX / 2), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(UNIX_EPOCH - Duration::from_secs(1)).as_str(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn every_second_of_a_day_has_the_shape() {
        for second in (0..86_400).step_by(61) {
            let text = at(1_700_000_000 + second);
            let bytes = text.as_bytes();
            assert_eq!(bytes.len(), 20);
            for (i, b) in bytes.iter().enumerate() {
                let expected = match i {
                    4 | 7 => Some(b'-'),
                    10 => Some(b'T'),
                    13 | 16 => Some(b':'),
                    19 => Some(b'Z'),
                    _ => None,
                };
                match expected {
                    Some(sep) => assert_eq!(*b, sep, "{text}"),
                    None => assert!(b.is_ascii_digit(), "{text}"),
                }
            }
        }
    }
}
