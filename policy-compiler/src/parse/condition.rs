//! `Condition` (docs/SPEC.md sections 1 and 3): operator names (case-sensitive) map to
//! blocks, a block maps key names to a value or a non-empty list of values.
//!
//! A value is a string, or a JSON number or boolean taken as its source text (`10` is
//! `"10"`, `1e3` is `"1e3"`). Values are checked for their operator here, at compile
//! time, with the runtime's own parsers — so that what the compiler accepts is exactly
//! what the engines can read: decimal numbers, RFC 3339 times, `true`/`false`, IP
//! addresses and CIDR blocks; string operators take any text. `"Condition": {}` is no
//! condition; an empty block or an empty value list is `empty-list`. Unsupported
//! operators (`...IfExists`, `ForAnyValue:`, `Null`, `IpAddressIncludeBorder`) are
//! `unknown-operator`, at the operator's name.

use std::collections::HashSet;

use oss_policy_runtime::value::{IpBlock, parse_bool, parse_number, parse_time};

use crate::ErrorCode;
use crate::json::{Kind, Member, Value};
use crate::model::{ConditionClause, Operator, OperatorFamily, Spanned};
use crate::parse::path::Path;
use crate::parse::report::{Report, Reported, collect, quote};
use crate::parse::suggest::closest;

/// Validates the `Condition` value at `path`, flattened into one clause per (operator,
/// key) pair in document order.
pub(crate) fn check_condition(
    value: &Value<'_>,
    path: &Path<'_>,
    report: &mut Report<'_>,
) -> Result<Vec<ConditionClause>, Reported> {
    let Kind::Object(operators) = &value.kind else {
        return Err(report.wrong_type(path, &value.kind, value.span, "an object of operators"));
    };
    let blocks = collect(unique_members(operators, path, report).into_iter().map(|member| {
        let at = path.member(&member.name);
        match Operator::from_name(&member.name) {
            Some(operator) => check_block(operator, &member.value, &at, report),
            None => {
                let message = format!("unknown condition operator {}", quote(&member.name));
                let help = unknown_operator_help(&member.name);
                Err(report.error_with_help(ErrorCode::UnknownOperator, &at, member.name_span, message, help))
            }
        }
    }));
    blocks.map(|blocks| blocks.into_iter().flatten().collect())
}

/// One operator's block: a non-empty object of keys to values.
fn check_block(
    operator: Operator,
    value: &Value<'_>,
    path: &Path<'_>,
    report: &mut Report<'_>,
) -> Result<Vec<ConditionClause>, Reported> {
    let Kind::Object(keys) = &value.kind else {
        return Err(report.wrong_type(path, &value.kind, value.span, "an object of condition keys"));
    };
    if keys.is_empty() {
        let message = format!("the `{}` block names no condition key", operator.name());
        return Err(report.error(ErrorCode::EmptyList, path, value.span, message));
    }
    collect(unique_members(keys, path, report).into_iter().map(|member| {
        let values = check_values(operator.family(), &member.value, &path.member(&member.name), report)?;
        Ok(ConditionClause {
            operator,
            key: Spanned { value: member.name.to_string(), span: member.name_span },
            values,
        })
    }))
}

/// A key's values: one scalar, or a non-empty list of scalars.
fn check_values(
    family: OperatorFamily,
    value: &Value<'_>,
    path: &Path<'_>,
    report: &mut Report<'_>,
) -> Result<Vec<Spanned<String>>, Reported> {
    match &value.kind {
        Kind::Array(items) if items.is_empty() => {
            let message = format!("`{path}` must not be an empty list");
            Err(report.error(ErrorCode::EmptyList, path, value.span, message))
        }
        Kind::Array(items) => {
            collect(items.iter().enumerate().map(|(i, item)| check_value(family, item, &path.index(i), report)))
        }
        _ => check_value(family, value, path, report).map(|value| vec![value]),
    }
}

/// One value: a string, number or boolean as text, readable for the operator's family.
fn check_value(
    family: OperatorFamily,
    value: &Value<'_>,
    path: &Path<'_>,
    report: &mut Report<'_>,
) -> Result<Spanned<String>, Reported> {
    let text = match &value.kind {
        Kind::String(text) => text.to_string(),
        Kind::Number(text) => (*text).to_owned(),
        Kind::Bool(flag) => flag.to_string(),
        other => return Err(report.wrong_type(path, other, value.span, "a string, a number or a boolean")),
    };
    if let Some((expected, help)) = unreadable(family, &text) {
        let message = format!("{} is not {expected}", quote(&text));
        return Err(report.error_with_help(ErrorCode::BadConditionValue, path, value.span, message, help));
    }
    Ok(Spanned { value: text, span: value.span })
}

/// What a value of `family` must be, and a hint, when `text` is not one.
fn unreadable(family: OperatorFamily, text: &str) -> Option<(&'static str, Option<String>)> {
    match family {
        OperatorFamily::String | OperatorFamily::StringIgnoreCase | OperatorFamily::StringLike => None,
        OperatorFamily::Numeric(_) => parse_number(text).is_none().then(|| {
            let help =
                "numbers are decimal: an optional `-`, digits, optionally `.` and digits, such as `10` or `-2.5`";
            ("a decimal number", Some(help.to_owned()))
        }),
        OperatorFamily::Date(_) => parse_time(text).is_none().then(|| {
            let help = "a date, `T`, a time, then `Z` or an offset such as `+08:00`";
            ("an RFC 3339 time with an offset, such as `2026-01-01T08:00:00+08:00`", Some(help.to_owned()))
        }),
        OperatorFamily::Bool => parse_bool(text).is_none().then_some(("`true` or `false`", None)),
        OperatorFamily::Ip => IpBlock::parse(text).is_none().then(|| {
            let help = text.contains('*').then(|| "a masked address is not an address; write it in full".to_owned());
            ("an IP address or CIDR block", help)
        }),
    }
}

/// Why an operator is unknown: one of the unsupported forms, a case slip, or a typo.
fn unknown_operator_help(name: &str) -> Option<String> {
    let unsupported = if name.ends_with("IfExists") {
        Some("`...IfExists` operators are not supported")
    } else if name.starts_with("ForAnyValue:") || name.starts_with("ForAllValues:") {
        Some("`ForAnyValue:` and `ForAllValues:` operators are not supported")
    } else if name == "Null" {
        Some("the `Null` operator is not supported")
    } else if name == "IpAddressIncludeBorder" {
        Some("`IpAddressIncludeBorder` is not supported; use `IpAddress`")
    } else {
        None
    };
    if let Some(unsupported) = unsupported {
        return Some(unsupported.to_owned());
    }
    let known = closest(name, Operator::ALL.iter().map(|op| op.name()))?;
    Some(if known.eq_ignore_ascii_case(name) {
        format!("operator names are case-sensitive: write `{known}`")
    } else {
        format!("did you mean `{known}`")
    })
}

/// The members of an operator or key object, reporting a name given twice
/// (`duplicate-field`) and keeping its first occurrence.
fn unique_members<'v, 'a>(members: &'v [Member<'a>], path: &Path<'_>, report: &mut Report<'_>) -> Vec<&'v Member<'a>> {
    let mut seen = HashSet::with_capacity(members.len());
    let mut unique = Vec::with_capacity(members.len());
    for member in members {
        if seen.insert(member.name.as_ref()) {
            unique.push(member);
        } else {
            let message = format!("the member {} is given twice", quote(&member.name));
            report.error(ErrorCode::DuplicateField, &path.member(&member.name), member.name_span, message);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_must_read_as_their_operator_family() {
        use crate::model::Comparison::LessThan;
        // (family, text, readable) — from SPEC.md section 3.
        let cases: &[(OperatorFamily, &str, bool)] = &[
            (OperatorFamily::String, "", true),
            (OperatorFamily::StringLike, "vpc-*", true),
            (OperatorFamily::StringIgnoreCase, "1e3", true),
            (OperatorFamily::Numeric(LessThan), "10", true),
            (OperatorFamily::Numeric(LessThan), "-2.5", true),
            (OperatorFamily::Numeric(LessThan), "1e3", false),
            (OperatorFamily::Numeric(LessThan), ".5", false),
            (OperatorFamily::Numeric(LessThan), "+1", false),
            (OperatorFamily::Numeric(LessThan), "ten", false),
            (OperatorFamily::Date(LessThan), "2026-01-01T08:00:00+08:00", true),
            (OperatorFamily::Date(LessThan), "2026-01-01T00:00:00Z", true),
            (OperatorFamily::Date(LessThan), "2024-13-01T00:00:00Z", false),
            (OperatorFamily::Date(LessThan), "2026-01-01", false),
            (OperatorFamily::Bool, "true", true),
            (OperatorFamily::Bool, "FALSE", true),
            (OperatorFamily::Bool, "yes", false),
            (OperatorFamily::Ip, "192.168.0.0/16", true),
            (OperatorFamily::Ip, "10.1.2.3/8", true),
            (OperatorFamily::Ip, "2001:db8::/32", true),
            (OperatorFamily::Ip, "203.0.113.5", true),
            (OperatorFamily::Ip, "192.168.0.0/33", false),
            (OperatorFamily::Ip, "256.1.1.1", false),
            (OperatorFamily::Ip, "101.***.***.100", false),
        ];
        for &(family, text, readable) in cases {
            assert_eq!(unreadable(family, text).is_none(), readable, "{family:?} {text}");
        }
        let (_, help) = unreadable(OperatorFamily::Ip, "101.***.***.100").unwrap();
        assert!(help.unwrap().contains("masked"));
    }

    #[test]
    fn unsupported_operators_are_named_so() {
        let cases: &[(&str, &str)] = &[
            ("StringNotEqualsIfExists", "IfExists"),
            ("ForAnyValue:StringEquals", "ForAnyValue:"),
            ("ForAllValues:StringLike", "ForAllValues:"),
            ("Null", "`Null`"),
            ("IpAddressIncludeBorder", "`IpAddressIncludeBorder`"),
            ("StringEqual", "did you mean `StringEquals`"),
            ("stringequals", "case-sensitive: write `StringEquals`"),
        ];
        for &(name, words) in cases {
            assert!(Operator::from_name(name).is_none(), "{name}");
            let help = unknown_operator_help(name).unwrap_or_default();
            assert!(help.contains(words), "{name}: {help}");
        }
        assert_eq!(unknown_operator_help("Frobnicate"), None);
    }
}
