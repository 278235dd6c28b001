//! The rules about any string value of the document (docs/SPEC.md section 7):
//! `placeholder-value` and `consecutive-wildcards`.
//!
//! Every string of the JSON tree is read once — `Sid`, actions, resources, principals,
//! condition values alike — by plain scans, linear in its length.

use oss_policy_runtime::PolicyKind;

use super::{Finding, WarningCode};
use crate::json::{Kind, Value};
use crate::model::Span;

/// Runs both rules over every string value of `tree`.
pub(crate) fn check(kind: PolicyKind, tree: &Value<'_>, findings: &mut Vec<Finding>) {
    strings(tree, &mut |text, span| {
        if let Some(placeholder) = placeholder(text) {
            let message = format!("`{}` is a placeholder left from documentation", shorten(placeholder.text));
            let help = match placeholder.form {
                Form::Masked => "a masked id matches no real account, user or resource; write the id in full",
                Form::Template => "replace it with the real value",
            };
            findings.push(Finding::new(WarningCode::PlaceholderValue, span, message).with_help(help));
        }
        if kind != PolicyKind::Ram && text.contains("**") {
            let message = "the value contains `**`".to_owned();
            let help =
                "the service rejects `**` in bucket and access point policies on upload; one `*` matches the same";
            findings.push(Finding::new(WarningCode::ConsecutiveWildcards, span, message).with_help(help));
        }
    });
}

/// Calls `each` with every string value (not member names) of the tree, in text order.
/// The recursion is bounded by the JSON parser's depth limit.
fn strings(value: &Value<'_>, each: &mut impl FnMut(&str, Span)) {
    match &value.kind {
        Kind::String(text) => each(text, value.span),
        Kind::Array(items) => items.iter().for_each(|item| strings(item, each)),
        Kind::Object(members) => members.iter().for_each(|member| strings(&member.value, each)),
        Kind::Null | Kind::Bool(_) | Kind::Number(_) => {}
    }
}

/// What a placeholder looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `{region-id}`, `<BucketName>`, `${...}`.
    Template,
    /// `174649585760xxxx`, `1746****`, `10323xxxxx72056`.
    Masked,
}

#[derive(Debug, PartialEq, Eq)]
struct Placeholder<'t> {
    text: &'t str,
    form: Form,
}

/// The first placeholder in `text`: `{...}` or `<...>` around letters, digits, `-` and
/// `_`; `${...}`; or a masked id — two or more digits followed by two or more `x`, `X`
/// or `*` (and any digits after).
fn placeholder(text: &str) -> Option<Placeholder<'_>> {
    let bytes = text.as_bytes();
    let template = |at: usize| -> Option<usize> {
        let open = *bytes.get(at)?;
        if open == b'$' && bytes.get(at + 1) == Some(&b'{') {
            return text.get(at + 2..)?.find('}').map(|end| at + 2 + end + 1);
        }
        let close = match open {
            b'{' => b'}',
            b'<' => b'>',
            _ => return None,
        };
        let inner =
            bytes.get(at + 1..)?.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_').count();
        (inner > 0 && bytes.get(at + 1 + inner) == Some(&close)).then_some(at + inner + 2)
    };
    let masked = |at: usize| -> Option<usize> {
        let run = |from: usize, class: fn(&u8) -> bool| {
            bytes.get(from..).map_or(0, |rest| rest.iter().take_while(|b| class(b)).count())
        };
        let digits = run(at, u8::is_ascii_digit);
        let mask = run(at + digits, |b| matches!(b, b'x' | b'X' | b'*'));
        (digits >= 2 && mask >= 2).then(|| at + digits + mask + run(at + digits + mask, u8::is_ascii_digit))
    };
    let mut at = 0;
    while at < bytes.len() {
        let starts_digits = bytes.get(at).is_some_and(u8::is_ascii_digit)
            && (at == 0 || !bytes.get(at - 1).is_some_and(u8::is_ascii_digit));
        let found = template(at)
            .map(|end| (end, Form::Template))
            .or_else(|| starts_digits.then(|| masked(at)).flatten().map(|end| (end, Form::Masked)));
        if let Some((end, form)) = found {
            return text.get(at..end).map(|text| Placeholder { text, form });
        }
        at += 1;
    }
    None
}

/// A value of at most 80 characters, for a message.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 80 { text.to_owned() } else { text.chars().take(80).chain("…".chars()).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_as_spec_section_7_describes() {
        let cases: &[(&str, Option<(&str, Form)>)] = &[
            ("acs:oss:{region-id}:*:b", Some(("{region-id}", Form::Template))),
            ("<BucketName>", Some(("<BucketName>", Form::Template))),
            ("acs:oss:*:*:b/${aws:username}/*", Some(("${aws:username}", Form::Template))),
            ("174649585760xxxx", Some(("174649585760xxxx", Form::Masked))),
            ("acs:oss:*:1746****:b", Some(("1746****", Form::Masked))),
            ("arn:sts::10323xxxxx72056:assumed-role/r/*", Some(("10323xxxxx72056", Form::Masked))),
            ("20214760404935XXXX", Some(("20214760404935XXXX", Form::Masked))),
            // Near misses.
            ("acs:oss:*:*:b/{}", None),
            ("a{b c}", None),
            ("<a.b>", None),
            ("vpc-t4nlw426y44rd3iq4xxxx", None),
            ("1x", None),
            ("12x", None),
            ("1xx", None),
            ("acs:oss:*:*:b/2024/*", None),
            ("acs:oss:*:*:b/*", None),
            ("${", None),
            ("", None),
        ];
        for &(text, expected) in cases {
            let found = placeholder(text).map(|p| (p.text, p.form));
            assert_eq!(found, expected, "{text}");
        }
    }
}
