//! The members of a grammar object: each known name at most once, nothing else.
//!
//! docs/SPEC.md section 1: member names are case-sensitive, and any other member or a
//! duplicated member is an error. [`known_members`] sorts an object's members into the
//! slots of the names the grammar knows and reports the rest: an `unknown-field` at the
//! member's name (with a "did you mean" when one is close), a `duplicate-field` at the
//! second and later occurrences of a name (only the first is validated further).

use crate::ErrorCode;
use crate::json::Member;
use crate::parse::path::Path;
use crate::parse::report::{Report, quote};
use crate::parse::suggest::closest;

/// The first member of each of `names` in `members`, by position in `names`.
pub(crate) fn known_members<'v, 'a, const N: usize>(
    members: &'v [Member<'a>],
    names: [&'static str; N],
    path: &Path<'_>,
    report: &mut Report<'_>,
) -> [Option<&'v Member<'a>>; N] {
    let mut found = [None; N];
    for member in members {
        let name = member.name.as_ref();
        let at = path.member(name);
        match names.iter().position(|known| *known == name).and_then(|i| found.get_mut(i)) {
            Some(slot @ None) => *slot = Some(member),
            Some(Some(_)) => {
                let message = format!("the member {} is given twice", quote(name));
                report.error(ErrorCode::DuplicateField, &at, member.name_span, message);
            }
            None => {
                let message = format!("unknown member {}", quote(name));
                let help = unknown_member_help(name, &names);
                report.error_with_help(ErrorCode::UnknownField, &at, member.name_span, message, help);
            }
        }
    }
    found
}

/// Why an unknown member is wrong, or what was probably meant.
fn unknown_member_help(name: &str, names: &[&'static str]) -> Option<String> {
    if name == "NotPrincipal" {
        return Some("`NotPrincipal` is not supported; list the principals in `Principal`".to_owned());
    }
    let known = closest(name, names.iter().copied())?;
    Some(if known.eq_ignore_ascii_case(name) {
        format!("member names are case-sensitive: write `{known}`")
    } else {
        format!("did you mean `{known}`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{self, Kind, Value};

    fn object<'v, 'a>(value: &'v Value<'a>) -> &'v [Member<'a>] {
        match &value.kind {
            Kind::Object(members) => members,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sorts_known_members_and_reports_the_rest() {
        let text = r#"{"B": 1, "x": 2, "A": 3, "B": 4, "effect": 5, "Bee": 6}"#;
        let value = json::parse(text).unwrap();
        let mut report = Report::new(text);
        let found = known_members(object(&value), ["A", "B", "Effect"], &Path::ROOT, &mut report);
        assert_eq!(found[0].map(|m| m.value.kind.clone()), Some(Kind::Number("3")));
        assert_eq!(found[1].map(|m| m.value.kind.clone()), Some(Kind::Number("1")));
        assert!(found[2].is_none());
        let errors = report.finish(Ok(())).unwrap_err();
        let got: Vec<_> =
            errors.iter().map(|e| (e.code().as_str(), e.path().to_owned(), e.span().start, e.help())).collect();
        let offset = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            got,
            [
                ("unknown-field", "x".to_owned(), offset(r#""x""#), None),
                ("duplicate-field", "B".to_owned(), offset(r#""B": 4"#), None),
                (
                    "unknown-field",
                    "effect".to_owned(),
                    offset(r#""effect""#),
                    Some("member names are case-sensitive: write `Effect`")
                ),
                ("unknown-field", "Bee".to_owned(), offset(r#""Bee""#), None),
            ]
        );
    }

    #[test]
    fn not_principal_is_named_as_unsupported() {
        let help = unknown_member_help("NotPrincipal", &["Principal"]).unwrap();
        assert!(help.contains("not supported"), "{help}");
        assert_eq!(unknown_member_help("Condtion", &["Condition"]).as_deref(), Some("did you mean `Condition`"));
    }
}
