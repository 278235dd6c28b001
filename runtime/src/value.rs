//! Parsing of typed values: numbers, times, booleans, IP addresses and CIDR blocks.
//!
//! Used when a request is built (the typed context keys of docs/SPEC.md section 3 are parsed
//! once, never at check time) and when a policy is compiled (condition values). The
//! grammar is docs/SPEC.md's:
//!
//! * numbers are decimal: an optional `-`, digits, optionally `.` and digits (`10`, `-3`,
//!   `2.5`; not `1e3`, `.5`, `+1`), compared as IEEE doubles;
//! * times are RFC 3339 with an offset (`2026-01-01T08:00:00+08:00`, `...Z`), compared as
//!   instants; a leap second (`:60`) and a fraction of more than nine digits (beyond
//!   nanoseconds) are rejected;
//! * booleans are `true` / `false` in any case;
//! * addresses are IPv4 or IPv6; a CIDR block's host bits are ignored (`10.1.2.3/8` is
//!   `10.0.0.0/8`), and a bare address is a block of one;
//! * an IPv4-mapped IPv6 address is IPv4: a request's `::ffff:1.2.3.4` is `1.2.3.4`
//!   ([`parse_address`]), and a policy block inside `::ffff:0:0/96` with a prefix of 96
//!   or more is the IPv4 block it maps (`::ffff:1.2.3.0/120` is `1.2.3.0/24`).
//!
//! ```
//! use oss_policy_runtime::value::{parse_number, parse_time, IpBlock};
//! assert_eq!(parse_number("-2.5"), Some(-2.5));
//! assert_eq!(parse_number("1e3"), None);
//! let a = parse_time("2026-01-01T08:00:00+08:00").unwrap();
//! let b = parse_time("2026-01-01T00:00:00Z").unwrap();
//! assert_eq!(a, b);
//! let block = IpBlock::parse("10.1.2.3/8").unwrap();
//! assert!(block.contains("10.200.0.1".parse().unwrap()));
//! let mapped = IpBlock::parse("::ffff:1.2.3.0/120").unwrap();
//! assert_eq!(mapped, IpBlock::parse("1.2.3.0/24").unwrap());
//! assert!(mapped.contains(oss_policy_runtime::value::parse_address("::ffff:1.2.3.4").unwrap()));
//! ```

use core::net::IpAddr;

/// An instant: seconds and nanoseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch (negative before it).
    pub seconds: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

/// Parses a decimal number as docs/SPEC.md section 3 defines it; `None` when it is not one.
pub fn parse_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    text.parse().ok()
}

/// Parses `true` or `false` in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Parses an RFC 3339 date-time with an offset into an instant.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0i64, |acc, &d| d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0')))
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut at = 19;
    let mut nanos: u32 = 0;
    if sep(at, b".") {
        at += 1;
        let start = at;
        let mut scale = 100_000_000u32;
        while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
            nanos += u32::from(d - b'0') * scale;
            scale /= 10;
            at += 1;
        }
        if at == start || at - start > 9 {
            return None;
        }
    }
    let offset_seconds = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if at + 6 == b.len() && sep(at + 3, b":") => {
            let (oh, om) = (num(at + 1, 2)?, num(at + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let magnitude = oh * 3600 + om * 60;
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some(Timestamp { seconds, nanos })
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A CIDR block (or a single address), IPv4 or IPv6, with host bits cleared.
///
/// An IPv4 address never falls in an IPv6 block nor the reverse (docs/SPEC.md section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IpBlock {
    /// An IPv4 block: the network as an integer and the prefix length (0..=32).
    V4 {
        /// The network address, host bits cleared.
        network: u32,
        /// The prefix length.
        prefix: u8,
    },
    /// An IPv6 block: the network as an integer and the prefix length (0..=128).
    V6 {
        /// The network address, host bits cleared.
        network: u128,
        /// The prefix length.
        prefix: u8,
    },
}

impl IpBlock {
    /// Parses `addr` or `addr/len`; `None` when the address or the length is invalid. A
    /// block inside `::ffff:0:0/96` with a prefix of 96 or more is the IPv4 block it maps.
    pub fn parse(text: &str) -> Option<IpBlock> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, len)) => {
                if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (addr, Some(len.parse::<u8>().ok()?))
            }
            None => (text, None),
        };
        match addr.parse::<IpAddr>().ok()? {
            IpAddr::V4(v4) => {
                let prefix = prefix.unwrap_or(32);
                (prefix <= 32).then(|| IpBlock::V4 { network: u32::from(v4) & mask32(prefix), prefix })
            }
            IpAddr::V6(v6) => {
                let prefix = prefix.unwrap_or(128);
                let bits = u128::from(v6);
                match prefix.checked_sub(96) {
                    // The 96 bits of `::ffff:0:0/96` are all inside the prefix: the block
                    // is the IPv4 block of the last 32 bits.
                    Some(v4_prefix @ 0..=32) if bits >> 32 == 0xffff => {
                        let v4 = u32::try_from(bits & u128::from(u32::MAX)).ok()?;
                        Some(IpBlock::V4 { network: v4 & mask32(v4_prefix), prefix: v4_prefix })
                    }
                    _ => (prefix <= 128).then(|| IpBlock::V6 { network: bits & mask128(prefix), prefix }),
                }
            }
        }
    }

    /// Whether `addr` lies inside the block.
    pub fn contains(&self, addr: IpAddr) -> bool {
        match (*self, addr) {
            (IpBlock::V4 { network, prefix }, IpAddr::V4(a)) => u32::from(a) & mask32(prefix) == network,
            (IpBlock::V6 { network, prefix }, IpAddr::V6(a)) => u128::from(a) & mask128(prefix) == network,
            _ => false,
        }
    }
}

/// Parses a request's address: IPv4 or IPv6, an IPv4-mapped IPv6 address as the IPv4
/// address it maps (`::ffff:1.2.3.4` is `1.2.3.4`: a dual-stack server sees its IPv4
/// callers so).
pub fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>().ok().map(|address| address.to_canonical())
}

fn mask32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_spec_grammar() {
        for (text, want) in [("10", Some(10.0)), ("-3", Some(-3.0)), ("2.5", Some(2.5)), ("007", Some(7.0))] {
            assert_eq!(parse_number(text), want, "{text}");
        }
        for text in ["1e3", ".5", "+1", "", "-", "1.", "1.2.3", " 1", "0x10", "NaN", "inf"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn times_honour_offsets_and_reject_bad_dates() {
        let t = |s: &str| parse_time(s);
        assert_eq!(t("1970-01-01T00:00:00Z"), Some(Timestamp { seconds: 0, nanos: 0 }));
        assert_eq!(t("1970-01-02T00:00:00+01:00").map(|x| x.seconds), Some(86_400 - 3600));
        assert_eq!(t("2000-03-01T00:00:00Z").map(|x| x.seconds), Some(951_868_800));
        assert_eq!(t("2026-01-01T08:00:00+08:00"), t("2026-01-01T00:00:00Z"));
        assert_eq!(t("2026-01-01T00:00:00.5Z").map(|x| x.nanos), Some(500_000_000));
        assert!(t("2024-02-29T00:00:00Z").is_some());
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00+0800",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00.0000000001Z",
            "2024-01-01T00:00:00Zjunk",
            "",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn ip_blocks_ignore_host_bits_and_never_mix_families() {
        let block = |s: &str| IpBlock::parse(s).unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(block("10.1.2.3/8"), block("10.0.0.0/8"));
        assert!(block("192.168.0.0/16").contains(ip("192.168.3.4")));
        assert!(!block("192.168.0.0/16").contains(ip("192.169.0.1")));
        assert!(block("0.0.0.0/0").contains(ip("8.8.8.8")));
        assert!(!block("0.0.0.0/0").contains(ip("::1")));
        assert!(block("::/0").contains(ip("2001:db8::1")));
        assert!(!block("::/0").contains(ip("1.2.3.4")));
        assert!(block("203.0.113.5").contains(ip("203.0.113.5")));
        assert!(!block("203.0.113.5").contains(ip("203.0.113.6")));
        // IPv4-mapped: the request's address is IPv4, a policy block of prefix 96 or more
        // inside `::ffff:0:0/96` the IPv4 block; a shorter one stays IPv6.
        let mapped = |s: &str| parse_address(s).unwrap();
        assert_eq!(mapped("::ffff:1.2.3.4"), ip("1.2.3.4"));
        assert_eq!(mapped("::FFFF:102:304"), ip("1.2.3.4"));
        assert_eq!(mapped("::1.2.3.4"), ip("::1.2.3.4"));
        assert!(block("1.2.3.0/24").contains(mapped("::ffff:1.2.3.4")));
        assert_eq!(block("::ffff:1.2.3.0/120"), block("1.2.3.0/24"));
        assert_eq!(block("::ffff:1.2.3.4"), block("1.2.3.4/32"));
        assert_eq!(block("::ffff:0:0/96"), block("0.0.0.0/0"));
        assert!(matches!(block("::ffff:0:0/95"), IpBlock::V6 { prefix: 95, .. }));
        assert!(!block("::/0").contains(mapped("::ffff:1.2.3.4")));
        assert!(matches!(block("::fffe:1.2.3.4/120"), IpBlock::V6 { .. }));
        for bad in
            ["192.168.0.0/33", "::/129", "256.1.1.1", "101.***.***.100", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/+8", "x"]
        {
            assert_eq!(IpBlock::parse(bad), None, "{bad}");
        }
    }
}
