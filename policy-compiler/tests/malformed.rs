//! Hostile and broken documents: `parse_policy` must reject each with the right code and
//! place, never panic, never overflow the stack, and stay linear on large input.

// Marks the helpers as test code, so that clippy.toml's test allowances cover them.
#![cfg(test)]

use oss_policy_compiler::{ErrorCode, Limits, PolicyError, detect_kind, parse_policy};
use oss_policy_runtime::PolicyKind;
use proptest::prelude::*;

const VALID: &str = r#"{
  "Version": "1",
  "Statement": [
    {
      "Sid": "读取 \u62a5\u544a \uD83D\uDE00",
      "Effect": "Allow",
      "Action": ["oss:GetObject", "oss:ListObjects"],
      "Principal": ["20214760404935xxxx"],
      "Resource": ["acs:oss:*:174649585760xxxx:example-bucket/报告/*"],
      "Condition": {
        "IpAddress": {"acs:SourceIp": ["192.168.0.0/16", "2001:db8::/32"]},
        "NumericLessThan": {"custom:level": [10, -2.5]},
        "Bool": {"acs:SecureTransport": true}
      }
    }
  ]
}"#;

fn first(text: &str, kind: PolicyKind, limits: &Limits) -> PolicyError {
    match parse_policy(text, kind, limits) {
        Ok(policy) => panic!("accepted: {policy:?}"),
        Err(errors) => errors.first().clone(),
    }
}

#[test]
fn the_valid_document_is_valid() {
    let policy = parse_policy(VALID, PolicyKind::Bucket, &Limits::default()).unwrap();
    assert_eq!(policy.statements.len(), 1);
    assert_eq!(policy.statements[0].sid.as_deref(), Some("读取 报告 😀"));
    assert_eq!(detect_kind(VALID), PolicyKind::Bucket);
}

#[test]
fn every_prefix_is_a_syntax_error_at_its_end() {
    let boundaries = (0..VALID.len()).filter(|&end| VALID.is_char_boundary(end));
    let mut count = 0;
    for end in boundaries {
        let prefix = &VALID[..end];
        let errors = match parse_policy(prefix, PolicyKind::Bucket, &Limits::default()) {
            Ok(_) => panic!("prefix of {end} bytes accepted"),
            Err(errors) => errors,
        };
        assert_eq!(errors.len(), 1, "{end}: {errors}");
        let error = errors.first();
        assert_eq!(error.code(), ErrorCode::Syntax, "{end}: {error}");
        assert_eq!(error.path(), "", "{end}");
        // The text ends early, so the error points just past its end.
        assert_eq!(error.span().start, end, "{end}: {error}");
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        assert_eq!((error.line(), error.column()), (line, column), "{end}");
        assert_eq!(detect_kind(prefix), PolicyKind::Ram, "{end}");
        count += 1;
    }
    assert!(count > 400, "{count}");
}

/// Runs `f` on a thread with a 256 KiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(256 * 1024).spawn(f).unwrap().join().unwrap()
}

#[test]
fn ten_thousand_levels_of_nesting_are_a_syntax_error_on_a_small_stack() {
    let arrays = "[".repeat(10_000) + &"]".repeat(10_000);
    let objects = r#"{"a":"#.repeat(10_000) + "1" + &"}".repeat(10_000);
    let in_condition = VALID.replace("[10, -2.5]", &("[".repeat(10_000) + &"]".repeat(10_000)));
    let unclosed = format!(r#"{{"Version":"1","Statement":{}"#, "[{\"x\":".repeat(10_000));
    for text in [arrays, objects, in_condition, unclosed] {
        let (code, path, kind) = on_small_stack(move || {
            let error = first(&text, PolicyKind::Bucket, &Limits::none());
            (error.code(), error.path().to_owned(), detect_kind(&text))
        });
        assert_eq!((code, path.as_str(), kind), (ErrorCode::Syntax, "", PolicyKind::Ram));
    }
}

#[test]
fn nesting_within_the_limit_is_validated_on_a_small_stack() {
    let depth = 100;
    let arrays = VALID.replace("[10, -2.5]", &("[".repeat(depth) + &"]".repeat(depth)));
    let long = "x".repeat(5_000);
    let objects = VALID
        .replace(r#""Effect""#, &format!(r#""X":{}"{long}"{},"Effect""#, r#"{"a":"#.repeat(depth), "}".repeat(depth)));
    let results = on_small_stack(move || {
        [arrays, objects].map(|text| {
            let errors = parse_policy(&text, PolicyKind::Bucket, &Limits::default()).unwrap_err();
            errors.iter().map(|e| (e.code(), e.path().to_owned())).collect::<Vec<_>>()
        })
    });
    let [arrays, objects] = results;
    assert_eq!(arrays, [(ErrorCode::WrongType, "Statement[0].Condition.NumericLessThan.custom:level[0]".to_owned())]);
    let deep_path = format!("Statement[0].X{}", ".a".repeat(depth));
    assert_eq!(objects, [(ErrorCode::UnknownField, "Statement[0].X".to_owned()), (ErrorCode::FieldTooLong, deep_path)]);
}

#[test]
fn wrong_typed_members_are_wrong_type_at_their_path() {
    let statement =
        |members: &str| format!(r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Principal":"*",{members}}}]}}"#);
    let action = r#""Action":"oss:GetObject""#;
    let resource = r#""Resource":"*""#;
    let with = |member: &str| statement(&format!("{action},{resource},{member}"));
    let mut cases: Vec<(String, &str)> = Vec::new();
    for bad in ["1", "true", "null", r#""x""#, r#"{"Effect":"Allow"}"#] {
        cases.push((format!(r#"{{"Version":"1","Statement":{bad}}}"#), "Statement"));
    }
    for bad in ["1", r#""s""#, "null", "[]", "false"] {
        cases.push((format!(r#"{{"Version":"1","Statement":[{bad}]}}"#), "Statement[0]"));
    }
    for bad in ["1", "true", "null", "{}"] {
        cases.push((statement(&format!(r#""Action":{bad},{resource}"#)), "Statement[0].Action"));
        cases.push((statement(&format!(r#""NotAction":{bad},{resource}"#)), "Statement[0].NotAction"));
        cases.push((statement(&format!(r#"{action},"Resource":{bad}"#)), "Statement[0].Resource"));
        cases.push((statement(&format!(r#"{action},"NotResource":{bad}"#)), "Statement[0].NotResource"));
        cases.push((statement(&format!(r#""Action":["oss:GetObject",{bad}],{resource}"#)), "Statement[0].Action[1]"));
        cases.push((statement(&format!(r#"{action},"Resource":[{bad}]"#)), "Statement[0].Resource[0]"));
        cases.push((with(&format!(r#""Sid":{bad}"#)), "Statement[0].Sid"));
    }
    for bad in ["1", "true", "null", r#"{"RAM":["acs:ram::1:root"]}"#, "{}"] {
        let text =
            format!(r#"{{"Version":"1","Statement":[{{"Effect":"Allow",{action},{resource},"Principal":{bad}}}]}}"#);
        cases.push((text, "Statement[0].Principal"));
        let text = format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow",{action},{resource},"Principal":["1",{bad}]}}]}}"#
        );
        cases.push((text, "Statement[0].Principal[1]"));
    }
    for bad in ["[]", r#""x""#, "1", "null"] {
        cases.push((with(&format!(r#""Condition":{bad}"#)), "Statement[0].Condition"));
        cases.push((with(&format!(r#""Condition":{{"StringEquals":{bad}}}"#)), "Statement[0].Condition.StringEquals"));
    }
    for bad in ["null", "{}", r#"{"a":"b"}"#] {
        let condition = format!(r#""Condition":{{"StringLike":{{"k":{bad}}}}}"#);
        cases.push((with(&condition), "Statement[0].Condition.StringLike.k"));
    }
    for bad in ["null", "{}", "[]", r#"["a"]"#] {
        let condition = format!(r#""Condition":{{"StringLike":{{"k":["a",{bad}]}}}}"#);
        cases.push((with(&condition), "Statement[0].Condition.StringLike.k[1]"));
    }
    for (text, path) in &cases {
        let error = first(text, PolicyKind::Bucket, &Limits::default());
        assert_eq!((error.code(), error.path()), (ErrorCode::WrongType, *path), "{text}: {error}");
    }
    // Version and Effect of another type have codes of their own (SPEC.md section 1).
    let error = first(r#"{"Version":1,"Statement":[]}"#, PolicyKind::Ram, &Limits::default());
    assert_eq!((error.code(), error.path()), (ErrorCode::BadVersion, "Version"));
    for bad in ["1", "true", "null", "[\"Allow\"]", "{}"] {
        let text = format!(r#"{{"Version":"1","Statement":[{{"Effect":{bad},{action},{resource}}}]}}"#);
        let error = first(&text, PolicyKind::Ram, &Limits::default());
        assert_eq!((error.code(), error.path()), (ErrorCode::BadEffect, "Statement[0].Effect"), "{text}");
    }
}

/// A valid bucket policy of `statements` statements (about 200 bytes each).
fn big_policy(statements: usize) -> String {
    let mut text = String::from(r#"{"Version":"1","Statement":["#);
    for i in 0..statements {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Principal":["2021476040{i:08}"],"Resource":["acs:oss:*:174649585760xxxx:bucket-{i}/*"],"Condition":{{"NumericLessThan":{{"custom:n":{i}}}}}}}"#
        ));
    }
    text.push_str("]}");
    text
}

#[test]
fn a_ten_megabyte_document_parses_without_limits_and_is_too_large_with_them() {
    let text = big_policy(55_000);
    assert!(text.len() > 10_000_000, "{}", text.len());
    let started = std::time::Instant::now();
    let policy = parse_policy(&text, PolicyKind::Bucket, &Limits::none()).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(policy.statements.len(), 55_000);
    assert_eq!(policy.statements[54_999].condition[0].values[0].value, "54999");
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");

    let error = first(&text, PolicyKind::Bucket, &Limits::default());
    assert_eq!((error.code(), error.path(), error.span().start), (ErrorCode::TooLarge, "", 0));

    // One statement with an error deep inside the big document is found at its place.
    let (at, _) = text.match_indices("oss:PutObject").nth(53_999).unwrap();
    let broken = format!("{}oss:PutObjekt{}", &text[..at], &text[at + "oss:PutObject".len()..]);
    let errors = parse_policy(&broken, PolicyKind::Bucket, &Limits::none()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors.first().path(), "Statement[53999].Action[1]");

    // An error in every statement: all are reported, at their places, in linear time.
    let everywhere = text.replace(r#""Effect":"Allow""#, r#""Effect":"allow""#);
    let started = std::time::Instant::now();
    let errors = parse_policy(&everywhere, PolicyKind::Bucket, &Limits::none()).unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(errors.len(), 55_000);
    let last = errors.iter().last().unwrap();
    assert_eq!((last.code(), last.path()), (ErrorCode::BadEffect, "Statement[54999].Effect"));
    assert_eq!((last.line(), last.column()), (1, everywhere.rfind(r#""allow""#).unwrap() + 1));
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");
}

#[test]
fn a_ten_megabyte_string_is_field_too_long_unless_limits_are_lifted() {
    let name = "a".repeat(10 * 1024 * 1024);
    let text = format!(r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"oss:{name}","Resource":"*"}}]}}"#);
    let raised = Limits { ram_policy_chars: None, ..Limits::default() };
    let error = first(&text, PolicyKind::Ram, &raised);
    assert_eq!((error.code(), error.path()), (ErrorCode::FieldTooLong, "Statement[0].Action"));
    // Without limits the action is unknown, and too far from every name to suggest one.
    let error = first(&text, PolicyKind::Ram, &Limits::none());
    assert_eq!((error.code(), error.help()), (ErrorCode::UnknownAction, None));
    assert!(error.message().len() < 200, "the message quotes the whole name");
}

#[test]
fn a_misspelt_action_is_reported_at_its_line_and_column_with_a_suggestion() {
    let text = "{\n  \"Version\": \"1\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": [\"oss:ListObjects\", \"oss:GetObjet\"],\n    \"Resource\": \"acs:oss:*:*:mybucket/*\"\n  }]\n}";
    let errors = parse_policy(text, PolicyKind::Ram, &Limits::default()).unwrap_err();
    assert_eq!(errors.len(), 1);
    let error = errors.first();
    assert_eq!(error.code(), ErrorCode::UnknownAction);
    assert_eq!(error.path(), "Statement[0].Action[1]");
    assert_eq!((error.line(), error.column()), (5, 35));
    let help = error.help().unwrap();
    assert!(help.contains("did you mean `oss:GetObject`"), "{help}");
    assert!(error.to_string().starts_with("5:35: error[unknown-action]: "), "{error}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Stable twin of a fuzz target: any text is parsed or rejected, never a panic, and
    /// a rejection's errors are sorted and point inside the text.
    #[test]
    fn any_text_is_parsed_or_rejected(text in any::<String>()) {
        check_never_panics(&text);
    }

    /// JSON-shaped noise reaches the validator more often than arbitrary text.
    #[test]
    fn json_shaped_text_is_parsed_or_rejected(text in r#"[\[\]{}":, a-zA-Z0-9*\\.\-]{0,80}"#) {
        check_never_panics(&text);
    }

    /// One edit of the valid document.
    #[test]
    fn an_edited_document_is_parsed_or_rejected(at in 0..VALID.len(), byte in any::<u8>()) {
        let mut bytes = VALID.as_bytes().to_vec();
        bytes[at] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            check_never_panics(&text);
        }
    }
}

fn check_never_panics(text: &str) {
    let _ = detect_kind(text);
    for kind in [PolicyKind::Ram, PolicyKind::Bucket, PolicyKind::AccessPoint] {
        if let Err(errors) = parse_policy(text, kind, &Limits::default()) {
            let starts: Vec<_> = errors.iter().map(|e| e.span().start).collect();
            assert!(starts.is_sorted());
            assert!(errors.iter().all(|e| e.span().start <= e.span().end && e.span().end <= text.len()));
        }
    }
}
