//! One statement (docs/SPEC.md section 1): `Sid`, `Effect`, `Action`/`NotAction`,
//! `Resource`/`NotResource`, `Principal` as the kind requires, `Condition`.
//!
//! Each rule is one `check_*` function. Errors about the statement as a whole (a missing
//! member, `Action` with `NotAction`, no `Principal` where one is required) point at the
//! statement object; the others at the offending value.

use oss_policy_runtime::PolicyKind;

use crate::ErrorCode;
use crate::actions;
use crate::json::{Kind, Member, Value};
use crate::limits::a_kind;
use crate::model::{Effect, PatternList, Span, Spanned, Statement};
use crate::parse::condition::check_condition;
use crate::parse::members::known_members;
use crate::parse::path::Path;
use crate::parse::report::{Report, Reported, collect, quote};
use crate::parse::suggest::closest;

/// The members a statement may have.
const MEMBERS: [&str; 8] =
    ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition"];

/// Validates the statement `value` at `path` of a policy of `kind`.
pub(crate) fn check_statement(
    value: &Value<'_>,
    path: &Path<'_>,
    kind: PolicyKind,
    report: &mut Report<'_>,
) -> Result<Statement, Reported> {
    let Kind::Object(members) = &value.kind else {
        return Err(report.wrong_type(path, &value.kind, value.span, "an object"));
    };
    let [sid, effect, action, not_action, resource, not_resource, principal, condition] =
        known_members(members, MEMBERS, path, report);
    let at = Whole { path, span: value.span };
    let sid = sid.map(|member| check_sid(member, path, report)).transpose();
    let effect = check_effect(effect, at, report);
    let action = check_either(action, not_action, at, Either::ACTION, report);
    let resource = check_either(resource, not_resource, at, Either::RESOURCE, report);
    let principal = check_principal(principal, at, kind, report);
    let condition = match condition {
        Some(member) => check_condition(&member.value, &path.member("Condition"), report),
        None => Ok(Vec::new()),
    };
    Ok(Statement {
        sid: sid?,
        effect: effect?,
        action: action?,
        resource: resource?,
        principal: principal?,
        condition: condition?,
        span: value.span,
    })
}

/// The statement as a whole, for errors about it.
#[derive(Clone, Copy)]
struct Whole<'p, 'q> {
    path: &'p Path<'q>,
    span: Span,
}

impl Whole<'_, '_> {
    fn error(self, code: ErrorCode, message: String, report: &mut Report<'_>) -> Reported {
        report.error(code, self.path, self.span, message)
    }
}

/// `Sid`: an optional string, kept for explanations.
fn check_sid(member: &Member<'_>, path: &Path<'_>, report: &mut Report<'_>) -> Result<String, Reported> {
    match &member.value.kind {
        Kind::String(text) => Ok(text.to_string()),
        other => Err(report.wrong_type(&path.member("Sid"), other, member.value.span, "a string")),
    }
}

/// `Effect`: required, exactly `"Allow"` or `"Deny"`; any other value of any type is
/// `bad-effect`.
fn check_effect(member: Option<&Member<'_>>, at: Whole<'_, '_>, report: &mut Report<'_>) -> Result<Effect, Reported> {
    let Some(member) = member else {
        return Err(at.error(ErrorCode::MissingField, "the statement has no `Effect`".to_owned(), report));
    };
    match &member.value.kind {
        Kind::String(text) if text == "Allow" => Ok(Effect::Allow),
        Kind::String(text) if text == "Deny" => Ok(Effect::Deny),
        other => {
            let shown = match other {
                Kind::String(text) => quote(text),
                other => other.describe().to_owned(),
            };
            let message = format!("the effect must be `Allow` or `Deny`, not {shown}");
            let help = match other {
                Kind::String(text) => closest(text, ["Allow", "Deny"]).map(|known| format!("did you mean `{known}`")),
                _ => None,
            };
            Err(report.error_with_help(
                ErrorCode::BadEffect,
                &at.path.member("Effect"),
                member.value.span,
                message,
                help,
            ))
        }
    }
}

/// A pair of members of which a statement has exactly one: `Action` / `NotAction`,
/// `Resource` / `NotResource`.
#[derive(Clone, Copy)]
struct Either {
    positive: &'static str,
    negative: &'static str,
    both: ErrorCode,
    /// Whether entries are actions, checked against the known OSS actions.
    actions: bool,
}

impl Either {
    const ACTION: Either =
        Either { positive: "Action", negative: "NotAction", both: ErrorCode::ActionAndNotAction, actions: true };
    const RESOURCE: Either = Either {
        positive: "Resource",
        negative: "NotResource",
        both: ErrorCode::ResourceAndNotResource,
        actions: false,
    };
}

/// Exactly one of the pair, a non-empty list of strings (a single string is a list of
/// one). Both lists are validated even when both are given, so that all their errors show.
fn check_either(
    positive: Option<&Member<'_>>,
    negative: Option<&Member<'_>>,
    at: Whole<'_, '_>,
    pair: Either,
    report: &mut Report<'_>,
) -> Result<PatternList, Reported> {
    let list = |member: &Member<'_>, name: &str, report: &mut Report<'_>| {
        let path = at.path.member(name);
        if pair.actions {
            check_strings(&member.value, &path, report, check_action)
        } else {
            check_strings(&member.value, &path, report, |_, _, _, _| Ok(()))
        }
    };
    match (positive, negative) {
        (Some(positive), None) => Ok(PatternList { negated: false, patterns: list(positive, pair.positive, report)? }),
        (None, Some(negative)) => Ok(PatternList { negated: true, patterns: list(negative, pair.negative, report)? }),
        (Some(positive), Some(negative)) => {
            let message = format!("the statement has both `{}` and `{}`", pair.positive, pair.negative);
            let both = at.error(pair.both, message, report);
            // Still report what is wrong inside each.
            let _ = list(positive, pair.positive, report);
            let _ = list(negative, pair.negative, report);
            Err(both)
        }
        (None, None) => {
            let message = format!("the statement has neither `{}` nor `{}`", pair.positive, pair.negative);
            Err(at.error(ErrorCode::MissingField, message, report))
        }
    }
}

/// An action entry: one without wildcards whose service is `oss` (in any case) must be
/// a known OSS action (docs/SPEC.md section 2, "Action"). Other services are accepted.
fn check_action(entry: &str, path: &Path<'_>, span: Span, report: &mut Report<'_>) -> Result<(), Reported> {
    let is_pattern = entry.contains(['*', '?']);
    let is_oss = entry.split_once(':').is_some_and(|(service, _)| service.eq_ignore_ascii_case("oss"));
    if is_pattern || !is_oss || actions::action_id(entry).is_some() {
        return Ok(());
    }
    let message = format!("unknown action {}", quote(entry));
    let help = actions::suggest_action(entry).map(|known| format!("did you mean `{known}`"));
    Err(report.error_with_help(ErrorCode::UnknownAction, path, span, message, help))
}

/// `Principal`: absent in a RAM policy; required in the others, a string or a list of
/// strings, `[]` meaning `["*"]`. The `{"RAM": [...]}` object form is not supported.
fn check_principal(
    member: Option<&Member<'_>>,
    at: Whole<'_, '_>,
    kind: PolicyKind,
    report: &mut Report<'_>,
) -> Result<Option<Vec<Spanned<String>>>, Reported> {
    let path = at.path.member("Principal");
    match member {
        None if kind.requires_principal() => {
            let message = "the statement has no `Principal`".to_owned();
            let help = format!("{} policy statement names who it applies to; `\"*\"` is everyone", a_kind(kind));
            Err(report.error_with_help(ErrorCode::PrincipalRequired, at.path, at.span, message, Some(help)))
        }
        None => Ok(None),
        Some(member) if !kind.requires_principal() => {
            let message = "`Principal` is not allowed in a RAM policy".to_owned();
            let help = "a RAM policy applies to the identities it is attached to; `Principal` belongs in bucket and access point policies".to_owned();
            Err(report.error_with_help(ErrorCode::PrincipalNotAllowed, &path, member.value.span, message, Some(help)))
        }
        Some(member) => match &member.value.kind {
            Kind::Array(items) if items.is_empty() => {
                Ok(Some(vec![Spanned { value: "*".to_owned(), span: member.value.span }]))
            }
            Kind::Object(_) => {
                let message = "`Principal` must be a string or a list of strings, not an object".to_owned();
                let help = "the `{\"RAM\": [...]}` form belongs to RAM role trust policies and is not supported here"
                    .to_owned();
                Err(report.error_with_help(ErrorCode::WrongType, &path, member.value.span, message, Some(help)))
            }
            _ => check_strings(&member.value, &path, report, |_, _, _, _| Ok(())).map(Some),
        },
    }
}

/// A non-empty list of strings, or a single string as a list of one; `entry` checks each.
fn check_strings(
    value: &Value<'_>,
    path: &Path<'_>,
    report: &mut Report<'_>,
    mut entry: impl FnMut(&str, &Path<'_>, Span, &mut Report<'_>) -> Result<(), Reported>,
) -> Result<Vec<Spanned<String>>, Reported> {
    match &value.kind {
        Kind::String(text) => {
            entry(text, path, value.span, report)?;
            Ok(vec![Spanned { value: text.to_string(), span: value.span }])
        }
        Kind::Array(items) if items.is_empty() => {
            let message = format!("`{path}` must not be an empty list");
            Err(report.error(ErrorCode::EmptyList, path, value.span, message))
        }
        Kind::Array(items) => collect(items.iter().enumerate().map(|(i, item)| {
            let at = path.index(i);
            match &item.kind {
                Kind::String(text) => {
                    entry(text, &at, item.span, report).map(|()| Spanned { value: text.to_string(), span: item.span })
                }
                other => Err(report.wrong_type(&at, other, item.span, "a string")),
            }
        })),
        other => Err(report.wrong_type(path, other, value.span, "a string or a list of strings")),
    }
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::PolicyKind;

    use crate::{Limits, parse_policy};

    #[test]
    fn a_misspelt_effect_gets_a_suggestion() {
        let help = |effect: &str| {
            let text =
                format!(r#"{{"Version":"1","Statement":[{{"Effect":{effect},"Action":"oss:*","Resource":"*"}}]}}"#);
            let errors = parse_policy(&text, PolicyKind::Ram, &Limits::default()).unwrap_err();
            assert_eq!(errors.first().code().as_str(), "bad-effect");
            errors.first().help().map(str::to_owned)
        };
        assert_eq!(help(r#""Alow""#).as_deref(), Some("did you mean `Allow`"));
        assert_eq!(help(r#""deny""#).as_deref(), Some("did you mean `Deny`"));
        assert_eq!(help(r#""Permit""#), None);
        assert_eq!(help("true"), None);
    }
}
