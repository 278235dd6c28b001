//! Tests of the lint rules: for every code of docs/SPEC.md section 7, documents that trigger
//! it (with the path it is reported at) and near misses that do not.

use oss_policy_runtime::PolicyKind;

use super::*;
use crate::{Limits, parse_policy};

const RAM: PolicyKind = PolicyKind::Ram;
const BUCKET: PolicyKind = PolicyKind::Bucket;
const AP: PolicyKind = PolicyKind::AccessPoint;

/// The (code, path) of every warning of a document of statements `statements`.
fn warnings(kind: PolicyKind, statements: &str) -> Vec<(String, String)> {
    let text = format!(r#"{{"Version":"1","Statement":[{statements}]}}"#);
    let policy = parse_policy(&text, kind, &Limits::default()).unwrap_or_else(|e| panic!("{text}: {e}"));
    lint(&policy, &text).iter().map(|w| (w.code().as_str().to_owned(), w.path().to_owned())).collect()
}

/// The paths at which `code` is reported.
fn at(kind: PolicyKind, statements: &str, code: &str) -> Vec<String> {
    warnings(kind, statements).into_iter().filter(|(c, _)| c == code).map(|(_, path)| path).collect()
}

fn none(kind: PolicyKind, statements: &str, code: &str) {
    assert_eq!(at(kind, statements, code), Vec::<String>::new(), "{code} in {statements}");
}

/// A bucket policy statement for account `1` on `b`'s objects, with `extra` members.
fn stmt(effect: &str, action: &str, resource: &str, extra: &str) -> String {
    format!(r#"{{"Effect":"{effect}","Action":{action},"Principal":["1"],"Resource":{resource}{extra}}}"#)
}

fn ram(effect: &str, action: &str, resource: &str, extra: &str) -> String {
    format!(r#"{{"Effect":"{effect}","Action":{action},"Resource":{resource}{extra}}}"#)
}

#[test]
fn codes_are_stable_and_round_trip() {
    let names: Vec<&str> = WarningCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "unknown-condition-key",
            "action-never-oss",
            "resource-never-oss",
            "action-resource-level",
            "unreachable-statement",
            "placeholder-value",
            "kind-mismatch",
            "public-access",
            "empty-condition",
            "duplicate-statement",
            "consecutive-wildcards",
            "source-ip-without-vpc",
        ]
    );
    for code in WarningCode::ALL {
        assert_eq!(WarningCode::from_name(code.as_str()), Some(*code));
    }
}

#[test]
fn the_misspelt_key_of_the_issue_warns_with_the_known_key() {
    let text = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Principal":"*",
"Resource":"acs:oss:*:*:b/*","Condition":{"IpAddress":{"acs:SourceIP4":["203.0.113.0/24"]},
"StringNotLike":{"acs:SourceVpc":"vpc-*"}}}]}"#;
    let policy = parse_policy(text, BUCKET, &Limits::default()).unwrap();
    let warnings = lint(&policy, text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert_eq!(warning.code(), WarningCode::UnknownConditionKey);
    assert_eq!(warning.path(), "Statement[0].Condition.IpAddress.acs:SourceIP4");
    assert_eq!((warning.line(), warning.column()), (2, 56));
    assert_eq!(warning.help(), Some("did you mean `acs:SourceIp`"));
    assert_eq!(&text[warning.span().start..warning.span().end], r#""acs:SourceIP4""#);
}

#[test]
fn unknown_condition_keys() {
    let code = "unknown-condition-key";
    let with = |condition: &str| {
        ram("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, &format!(r#","Condition":{condition}"#))
    };
    for key in ["acs:SourceIP4", "acs:SorceIp", "aws:SourceIp", "s3:prefix", "SourceIp", "oss:BucketTag/"] {
        let condition = format!(r#"{{"StringEquals":{{"{key}":"x"}}}}"#);
        assert_eq!(at(RAM, &with(&condition), code), [format!("Statement[0].Condition.StringEquals.{key}")], "{key}");
    }
    // Near misses: known keys in any case, tag families, other services' keys.
    for key in [
        "acs:SourceIp",
        "ACS:SOURCEIP",
        "oss:Prefix",
        "oss:ExistingObjectTag/Status",
        "acs:RequestTag/team",
        "custom:n",
        "imm:X",
    ] {
        none(RAM, &with(&format!(r#"{{"StringEquals":{{"{key}":"x"}}}}"#)), code);
    }
}

#[test]
fn actions_that_never_match_oss() {
    let code = "action-never-oss";
    let b = |action: &str| stmt("Allow", action, r#""acs:oss:*:*:b/*""#, "");
    assert_eq!(
        at(BUCKET, &b(r#"["oss:GetObject","s3:GetObject","ecs:*"]"#), code),
        ["Statement[0].Action[1]", "Statement[0].Action[2]"]
    );
    assert_eq!(at(AP, &b(r#""s3:GetObject""#), code), ["Statement[0].Action"]);
    assert_eq!(at(RAM, &ram("Allow", r#"["oss:Gte*","imm:*"]"#, r#""*""#, ""), code), ["Statement[0].Action[0]"]);
    // Near misses: patterns that match OSS actions, other services in RAM policies, NotAction.
    none(BUCKET, &b(r#"["oss:Get*","*","oss:*","*Object","OSS:getobject"]"#), code);
    none(RAM, &ram("Allow", r#"["imm:*","ram:PassRole","ecs:*"]"#, r#""*""#, ""), code);
    none(
        BUCKET,
        r#"{"Effect":"Deny","NotAction":"s3:GetObject","Principal":["1"],"Resource":"acs:oss:*:*:b/*"}"#,
        code,
    );
}

#[test]
fn resources_that_never_match_oss() {
    let code = "resource-never-oss";
    let b = |resource: &str| stmt("Allow", r#""oss:GetObject""#, resource, "");
    assert_eq!(
        at(BUCKET, &b(r#"["arn:aws:s3:::b/*","acs:ecs:*:*:*","b/*","acs:oss:*:*:b/*"]"#), code),
        ["Statement[0].Resource[0]", "Statement[0].Resource[1]", "Statement[0].Resource[2]"]
    );
    assert_eq!(at(RAM, &ram("Allow", r#""oss:*""#, r#""arn:aws:s3:::b""#, ""), code), ["Statement[0].Resource"]);
    // An access point policy: entries that can match no access point resource.
    assert_eq!(
        at(AP, &b(r#"["acs:oss:*:*:b/*","acs:oss:*:1:accesspoint/ap/object/*","*"]"#), code),
        ["Statement[0].Resource[0]"]
    );
    // Near misses: OSS and vector resources, `*`, another service's grant in a RAM
    // policy, a RAM statement with a non-`oss:` action, NotResource.
    none(BUCKET, &b(r#"["*","acs:oss:*","acs:oss:*:*:b","acs:ossvector:*:*:v/*","acs:*"]"#), code);
    none(RAM, &ram("Allow", r#""imm:*""#, r#""acs:imm:*:*:*""#, ""), code);
    none(RAM, &ram("Allow", r#"["oss:GetObject","imm:*"]"#, r#""acs:imm:*:*:*""#, ""), code);
    none(BUCKET, r#"{"Effect":"Deny","Action":"oss:*","Principal":["1"],"NotResource":"arn:aws:s3:::b"}"#, code);
}

#[test]
fn actions_whose_level_fits_no_resource() {
    let code = "action-resource-level";
    let r = |action: &str, resource: &str| ram("Allow", action, resource, "");
    assert_eq!(
        at(RAM, &r(r#"["oss:ListObjects","oss:GetObject"]"#, r#""acs:oss:*:*:b/*""#), code),
        ["Statement[0].Action[0]"]
    );
    assert_eq!(at(RAM, &r(r#""oss:GetObject""#, r#""acs:oss:*:*:b""#), code), ["Statement[0].Action"]);
    assert_eq!(at(RAM, &r(r#""oss:ListBuckets""#, r#""acs:oss:*:*:b""#), code), ["Statement[0].Action"]);
    // Near misses: `oss:Get*` on a bucket (GetBucketAcl fits), `*` segments, both kinds
    // of resource, vector actions, other services, NotResource.
    none(RAM, &r(r#""oss:Get*""#, r#""acs:oss:*:*:b""#), code);
    none(RAM, &r(r#"["oss:ListObjects","oss:GetObject","oss:ListBuckets"]"#, r#"["acs:oss:*:*:*"]"#), code);
    none(RAM, &r(r#"["oss:ListObjects","oss:GetObject"]"#, r#"["acs:oss:*:*:b","acs:oss:*:*:b/*"]"#), code);
    none(RAM, &r(r#"["oss:ListObjects"]"#, r#""*""#), code);
    none(RAM, &r(r#"["oss:PutVectors","imm:*"]"#, r#""acs:oss:*:*:b/*""#), code);
    none(
        RAM,
        &ram("Allow", r#""oss:ListObjects""#, r#"null"#, "")
            .replace(r#","Resource":null"#, r#","NotResource":"acs:oss:*:*:b/*""#),
        code,
    );
}

#[test]
fn statements_that_can_never_apply() {
    let code = "unreachable-statement";
    // Every action or every resource flagged.
    assert_eq!(at(BUCKET, &stmt("Deny", r#""s3:*""#, r#""acs:oss:*:*:b/*""#, ""), code), ["Statement[0]"]);
    assert_eq!(at(BUCKET, &stmt("Deny", r#""oss:*""#, r#""arn:aws:s3:::b/*""#, ""), code), ["Statement[0]"]);
    assert_eq!(at(RAM, &ram("Allow", r#""oss:ListObjects""#, r#""acs:oss:*:*:b/*""#, ""), code), ["Statement[0]"]);
    // An Allow covered by an unconditioned Deny (RAM: no principals).
    let allow = ram(
        "Allow",
        r#""oss:GetObject""#,
        r#""acs:oss:*:*:b/x/*""#,
        r#","Condition":{"Bool":{"acs:SecureTransport":"true"}}"#,
    );
    let deny = ram("Deny", r#""oss:Get*""#, r#""acs:oss:*:*:b/*""#, "");
    assert_eq!(at(RAM, &format!("{allow},{deny}"), code), ["Statement[0]"]);
    // Bucket policy: a `*` Deny covers a `*` Allow without condition.
    let star = |effect: &str, extra: &str| {
        format!(r#"{{"Effect":"{effect}","Action":"oss:*","Principal":"*","Resource":"acs:oss:*:*:b/*"{extra}}}"#)
    };
    assert_eq!(at(BUCKET, &format!("{},{}", star("Allow", ""), star("Deny", "")), code), ["Statement[0]"]);
    let ap_allow = stmt("Allow", r#""oss:*""#, r#""acs:oss:*:1:accesspoint/ap/object/*""#, "");
    assert_eq!(
        at(AP, &format!("{ap_allow},{}", star("Deny", "").replace("acs:oss:*:*:b/*", "*")), code),
        ["Statement[0]"]
    );

    // Near misses. Only one entry of several flagged.
    none(BUCKET, &stmt("Deny", r#"["s3:*","oss:GetObject"]"#, r#""acs:oss:*:*:b/*""#, ""), code);
    // A conditioned Deny covers nothing.
    let conditioned = ram("Deny", r#""oss:*""#, r#""*""#, r#","Condition":{"Bool":{"acs:SecureTransport":"false"}}"#);
    none(RAM, &format!("{allow},{conditioned}"), code);
    // A Deny narrower in actions, resources, or principals.
    none(
        RAM,
        &format!(
            "{},{}",
            ram("Allow", r#""oss:*""#, r#""acs:oss:*:*:b/*""#, ""),
            ram("Deny", r#""oss:Get*""#, r#""*""#, "")
        ),
        code,
    );
    none(
        RAM,
        &format!(
            "{},{}",
            ram("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, ""),
            ram("Deny", r#""oss:*""#, r#""acs:oss:*:*:b/x/*""#, "")
        ),
        code,
    );
    none(
        BUCKET,
        &format!(
            "{},{}",
            stmt("Allow", r#""oss:*""#, r#""*""#, "").replace(r#"["1"]"#, r#"["1","2"]"#),
            stmt("Deny", r#""oss:*""#, r#""*""#, "")
        ),
        code,
    );
    // The bucket-owner rule: a `*` Deny does not stop the owner, whom an Allow naming an
    // id or carrying a condition still lets in.
    none(BUCKET, &format!("{},{}", stmt("Allow", r#""oss:*""#, r#""acs:oss:*:*:b/*""#, ""), star("Deny", "")), code);
    none(
        BUCKET,
        &format!("{},{}", star("Allow", r#","Condition":{"Bool":{"acs:SecureTransport":"true"}}"#), star("Deny", "")),
        code,
    );
    // A NotAction Allow is wider than any Deny but `*`; an Allow of another service's
    // action is not covered by `oss:*`.
    none(
        RAM,
        &format!(
            "{},{}",
            ram("Allow", r#""*""#, r#""*""#, "").replace(r#""Action""#, r#""NotAction""#),
            ram("Deny", r#""oss:*""#, r#""*""#, "")
        ),
        code,
    );
    none(
        RAM,
        &format!("{},{}", ram("Allow", r#""imm:*""#, r#""*""#, ""), ram("Deny", r#""oss:*""#, r#""*""#, "")),
        code,
    );
}

#[test]
fn placeholder_values() {
    let code = "placeholder-value";
    let text = stmt(
        "Allow",
        r#""oss:GetObject""#,
        r#"["acs:oss:{region-id}:*:b/*","acs:oss:*:174649585760xxxx:b/*","acs:oss:*:*:b/*"]"#,
        "",
    )
    .replace(r#"["1"]"#, r#"["20214760404935xxxx","<UID>"]"#);
    assert_eq!(
        at(BUCKET, &text, code),
        [
            "Statement[0].Principal[0]",
            "Statement[0].Principal[1]",
            "Statement[0].Resource[0]",
            "Statement[0].Resource[1]"
        ]
    );
    assert_eq!(
        at(
            RAM,
            &ram(
                "Allow",
                r#""oss:*""#,
                r#""*""#,
                r#","Condition":{"StringEquals":{"oss:DataAccessPointAccount":"1746****"}}"#
            ),
            code
        ),
        ["Statement[0].Condition.StringEquals.oss:DataAccessPointAccount"]
    );
    none(
        BUCKET,
        &stmt("Allow", r#""oss:GetObject""#, r#"["acs:oss:cn-hangzhou:1746495857602745:b/2024/{}/*"]"#, ""),
        code,
    );
}

#[test]
fn kind_mismatches() {
    let code = "kind-mismatch";
    let ap_resource = r#"["acs:oss:*:1:accesspoint/ap/object/*","acs:oss:*:1:accesspoint/ap"]"#;
    assert_eq!(at(BUCKET, &stmt("Allow", r#""oss:GetObject""#, ap_resource, ""), code), [""]);
    assert_eq!(at(AP, &stmt("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, ""), code), [""]);
    // Near misses: one bucket resource among access points; `*` in an access point policy.
    none(
        BUCKET,
        &stmt("Allow", r#""oss:GetObject""#, r#"["acs:oss:*:1:accesspoint/ap/object/*","acs:oss:*:*:b/*"]"#, ""),
        code,
    );
    none(AP, &stmt("Allow", r#""oss:GetObject""#, r#""*""#, ""), code);
    none(AP, &stmt("Allow", r#""oss:GetObject""#, ap_resource, ""), code);
}

#[test]
fn public_access() {
    let code = "public-access";
    for principal in [r#""*""#, "[]", r#"["1","*"]"#] {
        let text = format!(
            r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":{principal},"Resource":"acs:oss:*:*:b/*"}}"#
        );
        assert_eq!(at(BUCKET, &text, code), ["Statement[0].Principal"], "{principal}");
        assert_eq!(at(AP, &text, code), ["Statement[0].Principal"], "{principal}");
    }
    // Near misses: a condition, a Deny, named principals.
    let conditioned = r#"{"Effect":"Allow","Action":"oss:GetObject","Principal":"*","Resource":"acs:oss:*:*:b/*","Condition":{"StringLike":{"acs:SourceVpc":"vpc-*"}}}"#;
    none(BUCKET, conditioned, code);
    none(BUCKET, &conditioned.replace("Allow", "Deny"), code);
    none(BUCKET, &stmt("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, ""), code);
}

#[test]
fn empty_conditions() {
    let code = "empty-condition";
    assert_eq!(
        at(RAM, &ram("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, r#","Condition":{}"#), code),
        ["Statement[0].Condition"]
    );
    none(
        RAM,
        &ram(
            "Allow",
            r#""oss:GetObject""#,
            r#""acs:oss:*:*:b/*""#,
            r#","Condition":{"Bool":{"acs:SecureTransport":true}}"#,
        ),
        code,
    );
    none(RAM, &ram("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, ""), code);
}

#[test]
fn duplicate_statements() {
    let code = "duplicate-statement";
    let first = r#"{"Sid":"a","Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Resource":"acs:oss:*:*:b/*","Condition":{"NumericLessThan":{"acs:n":10},"Bool":{"acs:SecureTransport":true}}}"#;
    let same = r#"{"Effect":"Allow","Action":["OSS:putobject","oss:GetObject"],"Resource":["acs:oss:*:*:b/*"],"Condition":{"Bool":{"ACS:securetransport":"true"},"NumericLessThan":{"acs:N":"10"}}}"#;
    assert_eq!(at(RAM, &format!("{first},{same},{same}"), code), ["Statement[1]", "Statement[2]"]);
    // Near misses: another effect, resource case, value, tag name case, NotAction.
    none(RAM, &format!("{first},{}", same.replace("Allow", "Deny")), code);
    none(RAM, &format!("{first},{}", same.replace("b/*", "B/*")), code);
    none(RAM, &format!("{first},{}", same.replace(r#""10""#, r#""11""#)), code);
    let tag = |name: &str| {
        ram(
            "Allow",
            r#""oss:GetObject""#,
            r#""*""#,
            &format!(r#","Condition":{{"StringEquals":{{"oss:ExistingObjectTag/{name}":"x"}}}}"#),
        )
    };
    none(RAM, &format!("{},{}", tag("Key"), tag("key")), code);
    assert_eq!(
        at(RAM, &format!("{},{}", tag("Key"), tag("Key").replace("oss:Existing", "OSS:existing")), code),
        ["Statement[1]"]
    );
    none(
        RAM,
        &format!(
            "{},{}",
            ram("Allow", r#""oss:GetObject""#, r#""*""#, ""),
            ram("Allow", r#""oss:GetObject""#, r#""*""#, "").replace(r#""Action""#, r#""NotAction""#)
        ),
        code,
    );
}

#[test]
fn consecutive_wildcards() {
    let code = "consecutive-wildcards";
    let text = stmt("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/**""#, "");
    assert_eq!(at(BUCKET, &text, code), ["Statement[0].Resource"]);
    assert_eq!(at(AP, &text, code), ["Statement[0].Resource"]);
    none(RAM, &ram("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/**""#, ""), code);
    none(BUCKET, &stmt("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*/*""#, ""), code);
}

#[test]
fn source_ip_without_vpc() {
    let code = "source-ip-without-vpc";
    let ip = r#","Condition":{"IpAddress":{"acs:SourceIp":"203.0.113.5"}}"#;
    assert_eq!(
        at(BUCKET, &stmt("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, ip), code),
        ["Statement[0].Condition.IpAddress.acs:SourceIp"]
    );
    // Near misses: with acs:SourceVpc in the same statement (any case), in a RAM policy.
    let both =
        r#","Condition":{"NotIpAddress":{"acs:SourceIp":"203.0.113.5"},"StringNotLike":{"ACS:SourceVPC":"vpc-*"}}"#;
    none(BUCKET, &stmt("Deny", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, both), code);
    none(RAM, &ram("Allow", r#""oss:GetObject""#, r#""acs:oss:*:*:b/*""#, ip), code);
    none(AP, &stmt("Allow", r#""oss:GetObject""#, r#""acs:oss:*:1:accesspoint/ap/object/*""#, ip), code);
}

#[test]
fn warnings_come_in_text_order_once_per_value() {
    let text =
        stmt("Allow", r#"["s3:GetObject","oss:GetObject"]"#, r#""acs:oss:*:1746****:b/*""#, r#","Condition":{}"#);
    let found = warnings(BUCKET, &format!("{text},{text}"));
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "action-never-oss",
            "placeholder-value",
            "consecutive-wildcards",
            "empty-condition",
            "duplicate-statement",
            "action-never-oss",
            "placeholder-value",
            "consecutive-wildcards",
            "empty-condition"
        ]
    );
}
