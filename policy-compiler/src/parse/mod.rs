//! Text → validated model.
//!
//! [`parse_policy`] runs in stages, each reporting every error it can find:
//!
//! 1. the size limit on the whole text (`too-large`), before anything is parsed;
//! 2. the JSON grammar ([`crate::json`]; `syntax`, at the offset where the text stops
//!    being JSON);
//! 3. the length of every string (`field-too-long`);
//! 4. the policy grammar of docs/SPEC.md section 1 (the document here, statements in
//!    [`statement`], conditions in [`condition`]).
//!
//! Errors carry the code, the JSON path and the span of the offending value, and come
//! back sorted by their place in the text; the model exists only when there is none.
//!
//! ```
//! use oss_policy_compiler::{parse_policy, Limits};
//! use oss_policy_runtime::PolicyKind;
//!
//! let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow",
//!   "Action": ["oss:GetObjet"], "Resource": "acs:oss:*:*:b/*"}]}"#;
//! let errors = parse_policy(text, PolicyKind::Ram, &Limits::default()).unwrap_err();
//! let first = errors.first();
//! assert_eq!(first.code().as_str(), "unknown-action");
//! assert_eq!(first.path(), "Statement[0].Action[0]");
//! assert_eq!((first.line(), first.column()), (2, 14));
//! assert_eq!(first.help(), Some("did you mean `oss:GetObject`"));
//! ```

mod condition;
mod members;
mod path;
mod report;
mod statement;
pub(crate) mod suggest;

use oss_policy_runtime::PolicyKind;

use crate::json::{self, Kind, Value};
use crate::model::{Policy, Span, Statement};
use crate::parse::members::known_members;
use crate::parse::path::Path;
use crate::parse::report::{Report, Reported, collect, quote};
use crate::parse::statement::check_statement;
use crate::{ErrorCode, Limits, PolicyErrors};

/// Parses and validates a policy document of `kind`.
///
/// # Errors
/// Every error found, in text order (the first is the one at the smallest offset). A
/// document over the size limit yields `too-large` alone and one that is not JSON
/// `syntax` alone; otherwise all errors of the later stages are reported together.
/// Never panics, whatever the text.
pub fn parse_policy(text: &str, kind: PolicyKind, limits: &Limits) -> Result<Policy, PolicyErrors> {
    let mut report = Report::new(text);
    let document = Span { start: 0, end: text.len() };
    if let Some(message) = limits.document_excess(kind, text) {
        let reported = report.error(ErrorCode::TooLarge, &Path::ROOT, document, message);
        return report.finish(Err(reported));
    }
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(error) => {
            let start = error.offset.min(text.len());
            let end = text.get(start..).and_then(|rest| rest.chars().next()).map_or(start, |c| start + c.len_utf8());
            let help = error.help.map(str::to_owned);
            let reported =
                report.error_with_help(ErrorCode::Syntax, &Path::ROOT, Span { start, end }, error.message, help);
            return report.finish(Err(reported));
        }
    };
    if let Some(limit) = limits.max_string_bytes {
        check_lengths(&root, &Path::ROOT, limit, &mut report);
    }
    let policy = check_document(&root, kind, &mut report);
    report.finish(policy)
}

/// The kind of a document when none is given: a statement carrying `Principal` makes it
/// a resource policy — an access point policy when every `Resource` entry is an
/// `accesspoint/` ARN (`acs:oss:{region}:{account}:accesspoint/...`), else a bucket
/// policy — and a document without one is a RAM policy (also text that is not a policy
/// at all). Never panics.
pub fn detect_kind(text: &str) -> PolicyKind {
    let Ok(Value { kind: Kind::Object(members), .. }) = json::parse(text) else {
        return PolicyKind::Ram;
    };
    let statements: Vec<&[json::Member<'_>]> = members
        .iter()
        .filter(|member| member.name == "Statement")
        .flat_map(|member| match &member.value.kind {
            Kind::Array(statements) => statements.iter().collect(),
            _ => vec![&member.value],
        })
        .filter_map(|statement| match &statement.kind {
            Kind::Object(members) => Some(members.as_slice()),
            _ => None,
        })
        .collect();
    let members_named = |name: &'static str| {
        statements.iter().flat_map(move |members| members.iter().filter(move |member| member.name == name))
    };
    if members_named("Principal").next().is_none() {
        return PolicyKind::Ram;
    }
    let mut resources = members_named("Resource").flat_map(|member| match &member.value.kind {
        Kind::Array(items) => items.iter().collect(),
        _ => vec![&member.value],
    });
    let is_access_point = |value: &Value<'_>| match &value.kind {
        Kind::String(text) => text.splitn(5, ':').nth(4).is_some_and(|relative| relative.starts_with("accesspoint/")),
        _ => false,
    };
    let mut any = false;
    if resources.all(|value| {
        any = true;
        is_access_point(value)
    }) && any
    {
        PolicyKind::AccessPoint
    } else {
        PolicyKind::Bucket
    }
}

/// Every string — values and member names — at most `limit` bytes (docs/SPEC.md section 1,
/// "Limits"). The recursion is bounded by the JSON parser's depth limit.
fn check_lengths(value: &Value<'_>, path: &Path<'_>, limit: usize, report: &mut Report<'_>) {
    let too_long = |text: &str| (text.len() > limit).then(|| too_long_message(text.len(), limit));
    match &value.kind {
        Kind::String(text) => {
            if let Some(message) = too_long(text) {
                report.error(ErrorCode::FieldTooLong, path, value.span, message);
            }
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_lengths(item, &path.index(i), limit, report);
            }
        }
        Kind::Object(members) => {
            for member in members {
                let at = path.member(&member.name);
                if let Some(message) = too_long(&member.name) {
                    report.error(ErrorCode::FieldTooLong, &at, member.name_span, message);
                }
                check_lengths(&member.value, &at, limit, report);
            }
        }
        Kind::Null | Kind::Bool(_) | Kind::Number(_) => {}
    }
}

fn too_long_message(bytes: usize, limit: usize) -> String {
    format!("the string has {bytes} bytes, over the limit of {limit}")
}

/// The document: an object of `Version` (the string `"1"`) and `Statement` (a non-empty
/// list of statements).
fn check_document(root: &Value<'_>, kind: PolicyKind, report: &mut Report<'_>) -> Result<Policy, Reported> {
    let Kind::Object(members) = &root.kind else {
        return Err(report.wrong_type(&Path::ROOT, &root.kind, root.span, "an object"));
    };
    let [version, statements] = known_members(members, ["Version", "Statement"], &Path::ROOT, report);
    let missing = |name: &str, report: &mut Report<'_>| {
        report.error(ErrorCode::MissingField, &Path::ROOT, root.span, format!("the policy has no `{name}`"))
    };
    let version = match version {
        None => Err(missing("Version", report)),
        Some(member) => match &member.value.kind {
            Kind::String(text) if text == "1" => Ok(()),
            other => {
                let shown = match other {
                    Kind::String(text) => quote(text),
                    Kind::Number(text) => quote(text),
                    other => other.describe().to_owned(),
                };
                let message = format!("the version must be the string `\"1\"`, not {shown}");
                let path = Path::ROOT.member("Version");
                Err(report.error(ErrorCode::BadVersion, &path, member.value.span, message))
            }
        },
    };
    let statements = match statements {
        None => Err(missing("Statement", report)),
        Some(member) => check_statements(&member.value, kind, report),
    };
    version?;
    Ok(Policy { kind, statements: statements? })
}

/// `Statement`: a non-empty list of statements, each validated even after a bad one.
fn check_statements(value: &Value<'_>, kind: PolicyKind, report: &mut Report<'_>) -> Result<Vec<Statement>, Reported> {
    let path = Path::ROOT.member("Statement");
    match &value.kind {
        Kind::Array(items) if items.is_empty() => {
            Err(report.error(ErrorCode::EmptyList, &path, value.span, "the policy has no statement".to_owned()))
        }
        Kind::Array(items) => {
            collect(items.iter().enumerate().map(|(i, item)| check_statement(item, &path.index(i), kind, report)))
        }
        other => Err(report.wrong_type(&path, other, value.span, "a list of statements")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConditionClause, Effect, Operator, Spanned};

    const RAM: PolicyKind = PolicyKind::Ram;
    const BUCKET: PolicyKind = PolicyKind::Bucket;
    const AP: PolicyKind = PolicyKind::AccessPoint;

    /// The errors of `text` as (code, path), in the order reported.
    fn errors(text: &str, kind: PolicyKind) -> Vec<(String, String)> {
        errors_of(text, kind, &Limits::default())
    }

    fn errors_of(text: &str, kind: PolicyKind, limits: &Limits) -> Vec<(String, String)> {
        match parse_policy(text, kind, limits) {
            Ok(policy) => panic!("accepted {text}: {policy:?}"),
            Err(errors) => errors.iter().map(|e| (e.code().as_str().to_owned(), e.path().to_owned())).collect(),
        }
    }

    /// A statement with `members` spliced in, in a document of one statement.
    fn one(members: &str) -> String {
        format!(r#"{{"Version":"1","Statement":[{{{members}}}]}}"#)
    }

    const RW: &str = r#""Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*""#;

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {text}"));
        Span { start, end: start + needle.len() }
    }

    #[test]
    fn a_valid_policy_becomes_the_normalised_model() {
        let text = r#"{"Version":"1","Statement":[
            {"Sid":"read","Effect":"Allow","Action":"oss:GetObject","Principal":[],
             "Resource":["acs:oss:*:*:b/*","acs:oss:*:*:b"],
             "Condition":{"NumericLessThan":{"custom:n":10},"Bool":{"acs:SecureTransport":[true,"False"]},
                          "IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}},
            {"Effect":"Deny","NotAction":["oss:Delete*","ram:PassRole","imm:Anything"],"Principal":"*",
             "NotResource":"acs:oss:*:*:b/keep/*","Condition":{}}]}"#;
        let policy = parse_policy(text, BUCKET, &Limits::default()).unwrap();
        assert_eq!(policy.kind, BUCKET);
        let [first, second] = &policy.statements[..] else { panic!("{policy:?}") };
        assert_eq!(first.sid.as_deref(), Some("read"));
        assert_eq!(first.effect, Effect::Allow);
        assert!(!first.action.negated);
        let texts = |list: &[Spanned<String>]| list.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&first.action.patterns), ["oss:GetObject"]);
        assert_eq!(first.action.patterns[0].span, span_of(text, r#""oss:GetObject""#));
        assert_eq!(texts(&first.resource.patterns), ["acs:oss:*:*:b/*", "acs:oss:*:*:b"]);
        let principal = first.principal.as_ref().unwrap();
        assert_eq!(texts(principal), ["*"]);
        assert_eq!(principal[0].span, span_of(text, "[]"));
        let clauses: Vec<_> = first
            .condition
            .iter()
            .map(|ConditionClause { operator, key, values }| (*operator, key.value.clone(), texts(values)))
            .collect();
        assert_eq!(
            clauses,
            [
                (Operator::NumericLessThan, "custom:n".to_owned(), vec!["10".to_owned()]),
                (Operator::Bool, "acs:SecureTransport".to_owned(), vec!["true".to_owned(), "False".to_owned()]),
                (
                    Operator::IpAddress,
                    "acs:SourceIp".to_owned(),
                    vec!["10.0.0.0/8".to_owned(), "2001:db8::/32".to_owned()]
                ),
            ]
        );
        assert_eq!(first.condition[0].key.span, span_of(text, r#""custom:n""#));
        let ten = text.find(":10}").unwrap() + 1;
        assert_eq!(first.condition[0].values[0].span, Span { start: ten, end: ten + 2 });
        assert_eq!(second.sid, None);
        assert_eq!(second.effect, Effect::Deny);
        assert!(second.action.negated && second.resource.negated);
        assert_eq!(texts(&second.action.patterns), ["oss:Delete*", "ram:PassRole", "imm:Anything"]);
        assert_eq!(texts(second.principal.as_ref().unwrap()), ["*"]);
        assert!(second.condition.is_empty());
        assert!(text.get(second.span.start..second.span.end).unwrap().starts_with(r#"{"Effect":"Deny""#));
    }

    #[test]
    fn ram_policies_have_no_principal_and_other_kinds_require_one() {
        let ram = parse_policy(&one(RW), RAM, &Limits::default()).unwrap();
        assert_eq!(ram.statements[0].principal, None);
        for kind in [BUCKET, AP] {
            assert_eq!(errors(&one(RW), kind), [("principal-required".to_owned(), "Statement[0]".to_owned())]);
            let with = one(&format!(r#"{RW},"Principal":["1","arn:sts::1:assumed-role/r/*"]"#));
            assert_eq!(
                parse_policy(&with, kind, &Limits::default()).unwrap().statements[0].principal.as_ref().unwrap().len(),
                2
            );
        }
    }

    #[test]
    fn messages_speak_good_english_and_show_the_time_format() {
        let help =
            |kind| parse_policy(&one(RW), kind, &Limits::default()).unwrap_err().first().help().map(str::to_owned);
        assert!(
            help(AP).is_some_and(|help| help.starts_with("an access point policy statement names")),
            "{:?}",
            help(AP)
        );
        assert!(help(BUCKET).is_some_and(|help| help.starts_with("a bucket policy statement names")));
        let time = one(&format!(r#"{RW},"Condition":{{"DateLessThan":{{"acs:CurrentTime":"2026-01-01 08:00:00"}}}}"#));
        let errors = parse_policy(&time, RAM, &Limits::default()).unwrap_err();
        assert_eq!(
            errors.first().message(),
            "`2026-01-01 08:00:00` is not an RFC 3339 time with an offset, such as `2026-01-01T08:00:00+08:00`"
        );
    }

    /// A document of some kind and the (code, path) of each error it must yield.
    type Case = (PolicyKind, String, Vec<(&'static str, &'static str)>);

    #[test]
    fn each_rule_reports_its_code_at_its_path() {
        let stmt = |extra: &str| one(&format!("{RW},{extra}"));
        let cond = |condition: &str| stmt(&format!(r#""Condition":{condition}"#));
        // (kind, document, [(code, path)]) — codes and paths from SPEC.md sections 1 and 6.
        let cases: Vec<Case> = vec![
            (RAM, "[]".into(), vec![("wrong-type", "")]),
            (
                RAM,
                r#"{"Statement":[{}],"Version":"1","Id":"x"}"#.into(),
                vec![
                    ("missing-field", "Statement[0]"),
                    ("missing-field", "Statement[0]"),
                    ("missing-field", "Statement[0]"),
                    ("unknown-field", "Id"),
                ],
            ),
            (RAM, r#"{"Version":"1"}"#.into(), vec![("missing-field", "")]),
            (RAM, r#"{}"#.into(), vec![("missing-field", ""), ("missing-field", "")]),
            (
                RAM,
                r#"{"Version":1,"Statement":[]}"#.into(),
                vec![("bad-version", "Version"), ("empty-list", "Statement")],
            ),
            (
                RAM,
                r#"{"Version":"2","Statement":"x"}"#.into(),
                vec![("bad-version", "Version"), ("wrong-type", "Statement")],
            ),
            (
                RAM,
                r#"{"Version":"1","Version":"1","Statement":[1]}"#.into(),
                vec![("duplicate-field", "Version"), ("wrong-type", "Statement[0]")],
            ),
            (RAM, stmt(r#""Sid":7"#), vec![("wrong-type", "Statement[0].Sid")]),
            (
                RAM,
                one(r#""Effect":"deny","Action":"oss:GetObject","Resource":"*""#),
                vec![("bad-effect", "Statement[0].Effect")],
            ),
            (
                RAM,
                one(r#""Effect":null,"Action":"oss:GetObject","Resource":"*""#),
                vec![("bad-effect", "Statement[0].Effect")],
            ),
            (
                RAM,
                one(r#""Effect":["Allow"],"Action":"oss:GetObject","Resource":"*""#),
                vec![("bad-effect", "Statement[0].Effect")],
            ),
            (
                RAM,
                stmt(r#""NotAction":[]"#),
                vec![("action-and-not-action", "Statement[0]"), ("empty-list", "Statement[0].NotAction")],
            ),
            (RAM, stmt(r#""NotResource":"x""#), vec![("resource-and-not-resource", "Statement[0]")]),
            (
                RAM,
                one(r#""Effect":"Allow","Action":[true],"Resource":{}"#),
                vec![("wrong-type", "Statement[0].Action[0]"), ("wrong-type", "Statement[0].Resource")],
            ),
            (
                RAM,
                one(r#""Effect":"Allow","Action":"OSS:getobjet","Resource":"*""#),
                vec![("unknown-action", "Statement[0].Action")],
            ),
            (
                RAM,
                one(r#""Effect":"Allow","Action":["oss:GetObject","oss:","Oss:X"],"Resource":"*""#),
                vec![("unknown-action", "Statement[0].Action[1]"), ("unknown-action", "Statement[0].Action[2]")],
            ),
            (RAM, stmt(r#""NotPrincipal":["1"]"#), vec![("unknown-field", "Statement[0].NotPrincipal")]),
            (RAM, stmt(r#""Principal":"*""#), vec![("principal-not-allowed", "Statement[0].Principal")]),
            (
                BUCKET,
                stmt(r#""Principal":{"RAM":["acs:ram::1:root"]}"#),
                vec![("wrong-type", "Statement[0].Principal")],
            ),
            (BUCKET, stmt(r#""Principal":["1",2]"#), vec![("wrong-type", "Statement[0].Principal[1]")]),
            (BUCKET, stmt(r#""Principal":null"#), vec![("wrong-type", "Statement[0].Principal")]),
            (RAM, cond("[]"), vec![("wrong-type", "Statement[0].Condition")]),
            (RAM, cond(r#"{"StringEquals":[]}"#), vec![("wrong-type", "Statement[0].Condition.StringEquals")]),
            (RAM, cond(r#"{"StringEquals":{}}"#), vec![("empty-list", "Statement[0].Condition.StringEquals")]),
            (RAM, cond(r#"{"StringEquals":{"k":[]}}"#), vec![("empty-list", "Statement[0].Condition.StringEquals.k")]),
            (
                RAM,
                cond(r#"{"StringEquals":{"k":null,"j":{},"i":["a",null,[]]}}"#),
                vec![
                    ("wrong-type", "Statement[0].Condition.StringEquals.k"),
                    ("wrong-type", "Statement[0].Condition.StringEquals.j"),
                    ("wrong-type", "Statement[0].Condition.StringEquals.i[1]"),
                    ("wrong-type", "Statement[0].Condition.StringEquals.i[2]"),
                ],
            ),
            (
                RAM,
                cond(r#"{"StringEquals":{"k":"a"},"StringEquals":{"k":"b"}}"#),
                vec![("duplicate-field", "Statement[0].Condition.StringEquals")],
            ),
            (
                RAM,
                cond(r#"{"StringEquals":{"k":"a","k":"b"}}"#),
                vec![("duplicate-field", "Statement[0].Condition.StringEquals.k")],
            ),
            (
                RAM,
                cond(
                    r#"{"stringEquals":{"k":"a"},"Null":{"k":"true"},"IpAddressIncludeBorder":{"acs:SourceIp":"1.2.3.4"}}"#,
                ),
                vec![
                    ("unknown-operator", "Statement[0].Condition.stringEquals"),
                    ("unknown-operator", "Statement[0].Condition.Null"),
                    ("unknown-operator", "Statement[0].Condition.IpAddressIncludeBorder"),
                ],
            ),
            (
                RAM,
                cond(r#"{"ForAnyValue:StringEquals":{"k":"a"},"StringLikeIfExists":{"k":"a"}}"#),
                vec![
                    ("unknown-operator", "Statement[0].Condition.ForAnyValue:StringEquals"),
                    ("unknown-operator", "Statement[0].Condition.StringLikeIfExists"),
                ],
            ),
            (
                RAM,
                cond(
                    r#"{"NumericEquals":{"n":["1",true,1e3]},"Bool":{"b":1},"DateEquals":{"t":"2026-01-01"},"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8x"}}"#,
                ),
                vec![
                    ("bad-condition-value", "Statement[0].Condition.NumericEquals.n[1]"),
                    ("bad-condition-value", "Statement[0].Condition.NumericEquals.n[2]"),
                    ("bad-condition-value", "Statement[0].Condition.Bool.b"),
                    ("bad-condition-value", "Statement[0].Condition.DateEquals.t"),
                    ("bad-condition-value", "Statement[0].Condition.NotIpAddress.acs:SourceIp"),
                ],
            ),
        ];
        for (kind, text, expected) in cases {
            let expected: Vec<_> = expected.into_iter().map(|(c, p)| (c.to_owned(), p.to_owned())).collect();
            assert_eq!(errors(&text, kind), expected, "{kind} {text}");
        }
    }

    #[test]
    fn accepted_variants() {
        let cases: &[(PolicyKind, String)] = &[
            (
                RAM,
                one(
                    r#""Effect":"Allow","Action":["*","oss:*","oss:Get?bject","ram:PassRole","GetObject"],"Resource":"*""#,
                ),
            ),
            (
                RAM,
                one(&format!(
                    r#"{RW},"Condition":{{"StringLike":{{"k":["","*"]}},"StringEqualsIgnoreCase":{{"acs:sourceip":1e3}}}}"#
                )),
            ),
            (RAM, one(&format!(r#"{RW},"Condition":{{"StringEquals":{{"acs:SourceIp":"a","acs:sourceip":"b"}}}}"#))),
            (RAM, one(&format!(r#"{RW},"Sid":"""#))),
            (AP, one(&format!(r#"{RW},"Principal":"26571698800555****""#))),
            (RAM, format!(" \n{}\n ", one(RW))),
        ];
        for (kind, text) in cases {
            if let Err(errors) = parse_policy(text, *kind, &Limits::default()) {
                panic!("{text}: {errors}");
            }
        }
    }

    #[test]
    fn spans_point_at_the_offending_place() {
        let text = one(&format!(r#"{RW},"Comment":"x""#));
        let error = parse_policy(&text, RAM, &Limits::default()).unwrap_err();
        assert_eq!(error.first().span(), span_of(&text, r#""Comment""#));

        let text = r#"{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}"#;
        let error = parse_policy(text, RAM, &Limits::default()).unwrap_err();
        assert_eq!(error.first().span(), span_of(text, r#"{"Effect":"Allow","Resource":"*"}"#));

        let text = r#"{"Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}"#;
        let error = parse_policy(text, RAM, &Limits::default()).unwrap_err();
        assert_eq!((error.first().path(), error.first().span()), ("", Span { start: 0, end: text.len() }));

        let text = one(&format!(r#"{RW},"Condition":{{"IpAddress":{{"acs:SourceIp":["1.2.3.4","1.2.3.400"]}}}}"#));
        let error = parse_policy(&text, RAM, &Limits::default()).unwrap_err();
        assert_eq!(error.first().span(), span_of(&text, r#""1.2.3.400""#));

        let text = one(&format!(r#"{RW},"Condition":{{"IpAdress":{{"acs:SourceIp":"1.2.3.4"}}}}"#));
        let error = parse_policy(&text, RAM, &Limits::default()).unwrap_err();
        assert_eq!(error.first().span(), span_of(&text, r#""IpAdress""#));
        assert_eq!(error.first().help(), Some("did you mean `IpAddress`"));
    }

    #[test]
    fn syntax_errors_point_at_where_the_text_stops_being_json() {
        // (text, line, column) of the failure.
        let cases: &[(&str, usize, usize)] = &[
            ("{\n  \"Version\": \"1\",\n  \"Statement\": [,]\n}", 3, 17),
            ("{\"Version\":\"1\"", 1, 15),
            ("", 1, 1),
            ("{\n\t\"报告\": 'x'}", 2, 8),
        ];
        for &(text, line, column) in cases {
            let errors = parse_policy(text, RAM, &Limits::default()).unwrap_err();
            assert_eq!(errors.len(), 1, "{text}");
            let error = errors.first();
            assert_eq!(error.code(), ErrorCode::Syntax, "{text}");
            assert_eq!(error.path(), "", "{text}");
            assert_eq!((error.line(), error.column()), (line, column), "{text}: {error}");
        }
    }

    #[test]
    fn every_error_is_reported_in_text_order() {
        let text = r#"{"Version":"1","Statement":[
  {"Effect":"Allow","Action":"oss:GetObjet","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"x"}}},
  {"Effect":"Permit","Action":"oss:GetObject","Resource":"*","Comment":1},
  {"Action":"oss:PutObjekt","Resource":"*"}
]}"#;
        let errors = parse_policy(text, RAM, &Limits::default()).unwrap_err();
        let got: Vec<_> = errors.iter().map(|e| (e.code().as_str(), e.path(), e.line(), e.column())).collect();
        assert_eq!(
            got,
            [
                ("unknown-action", "Statement[0].Action", 2, 30),
                ("bad-condition-value", "Statement[0].Condition.IpAddress.acs:SourceIp", 2, 101),
                ("bad-effect", "Statement[1].Effect", 3, 13),
                ("unknown-field", "Statement[1].Comment", 3, 62),
                ("missing-field", "Statement[2]", 4, 3),
                ("unknown-action", "Statement[2].Action", 4, 13),
            ]
        );
        let offsets: Vec<_> = errors.iter().map(|e| e.span().start).collect();
        assert!(offsets.is_sorted());
    }

    #[test]
    fn limits_apply_to_the_document_and_to_every_string() {
        let resource = |name: &str| one(&format!(r#""Effect":"Allow","Action":"oss:GetObject","Resource":"{name}""#));
        let long = "a".repeat(4_096);
        let text = resource(&long);
        let errors = parse_policy(&text, RAM, &Limits::default()).unwrap_err();
        let first = errors.first();
        assert_eq!((first.code(), first.path()), (ErrorCode::FieldTooLong, "Statement[0].Resource"));
        assert_eq!(first.span(), span_of(&text, &format!("\"{long}\"")));
        assert!(parse_policy(&resource(&"a".repeat(4_095)), RAM, &Limits::default()).is_ok());
        let raised = Limits { max_string_bytes: Some(5_000), ..Limits::default() };
        assert!(parse_policy(&text, RAM, &raised).is_ok());

        let huge = resource(&"a".repeat(7_000));
        assert_eq!(errors_of(&huge, RAM, &raised), [("too-large".to_owned(), "".to_owned())]);
        let ram_limit = Limits { ram_policy_chars: Some(100_000), ..Limits::default() };
        assert_eq!(
            errors_of(&huge, RAM, &ram_limit),
            [("field-too-long".to_owned(), "Statement[0].Resource".to_owned())]
        );
        assert!(parse_policy(&huge, RAM, &Limits::none()).is_ok());

        // A bucket policy is limited in bytes, a RAM policy in characters.
        let five: Vec<_> = (0..5).map(|_| format!("\"{}\"", "报".repeat(1_100))).collect();
        let ram = one(&format!(r#""Effect":"Allow","Action":"oss:GetObject","Resource":[{}]"#, five.join(",")));
        assert!(parse_policy(&ram, RAM, &Limits::default()).is_ok());
        let bucket = ram.replace(r#""Effect""#, r#""Principal":"*","Effect""#);
        assert!(bucket.len() > 16_384 && bucket.chars().count() < 6_144);
        let errors = parse_policy(&bucket, BUCKET, &Limits::default()).unwrap_err();
        assert_eq!(errors.first().code(), ErrorCode::TooLarge);
        assert_eq!(errors.first().span(), Span { start: 0, end: bucket.len() });

        // Member names count too.
        let text = one(&format!(r#"{RW},"Condition":{{"StringEquals":{{"{long}":"v"}}}}"#));
        let errors = parse_policy(&text, RAM, &Limits::default()).unwrap_err();
        assert_eq!(errors.first().code(), ErrorCode::FieldTooLong);
        assert_eq!(errors.first().span(), span_of(&text, &format!("\"{long}\"")));
    }

    #[test]
    fn detects_the_kind_from_principal_and_resources() {
        let cases: &[(&str, PolicyKind)] = &[
            (r#"{"Version":"1","Statement":[{"Effect":"Allow"},{"Principal":"*"}]}"#, BUCKET),
            (r#"{"Statement":{"Principal":[]}}"#, BUCKET),
            (
                r#"{"Statement":[{"Principal":"*","Resource":["acs:oss:*:1:accesspoint/ap/object/*","acs:oss:*:1:accesspoint/ap"]}]}"#,
                AP,
            ),
            (
                r#"{"Statement":[{"Principal":"*","Resource":"acs:oss:*:1:accesspoint/ap/object/*"},{"Principal":"*","Resource":"acs:oss:*:*:b/*"}]}"#,
                BUCKET,
            ),
            (r#"{"Statement":[{"Principal":"*","Resource":"*"}]}"#, BUCKET),
            (r#"{"Statement":[{"Principal":"*","NotResource":"acs:oss:*:1:accesspoint/ap"}]}"#, BUCKET),
            (r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, RAM),
            (r#"{"Principal":"*","Statement":[]}"#, RAM),
            (r#"{"Statement":[{"NotPrincipal":"*"}]}"#, RAM),
            (r#"{"Statement":[{"Principal":"*"}"#, RAM),
            ("not json", RAM),
            ("", RAM),
            ("[[[[", RAM),
        ];
        for &(text, kind) in cases {
            assert_eq!(detect_kind(text), kind, "{text}");
        }
        assert_eq!(detect_kind(&"[".repeat(100_000)), RAM);
    }
}
