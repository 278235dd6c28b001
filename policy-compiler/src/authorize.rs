//! One request from the command line (`oss-policy authorize`), as `cedar authorize` and
//! the cloud's policy simulator take it.
//!
//! The request is written as arguments and read here into a [`RequestSpec`], the request
//! of the case files, so it is built (and refused) exactly as a case file's:
//!
//! * `--principal`: `ram-user:UID@ACCOUNT`, `account:UID`, `role:ARN` or `anonymous`
//!   ([`principal`]). A role's account is the one its ARN names:
//!   `role:arn:sts::1746:assumed-role/reader/alice` is a session of account `1746`;
//! * `--context KEY=VALUE`, repeatable ([`context`]): the value is everything after the
//!   first `=`. Given again with the same key (names compared as docs/SPEC.md section 3
//!   compares them), a key that is not well known gets several values (tags, custom
//!   keys); a well-known key given twice is a key given twice, and the request is refused
//!   (`duplicate-key`). The keys the service sets (`oss:DataAccessPointArn`, ...) are
//!   dropped, as from any client request;
//! * `--access-point NAME,ARN,ACCOUNT,ORIGIN` ([`access_point`]), `ORIGIN` being
//!   `internet` or `vpc`.
//!
//! [`authorize`] then decides it with the chosen engine and explains it
//! ([`crate::explain`]); [`Answer`] is what the command prints and its exit status.
//!
//! ```
//! use oss_policy_compiler::authorize::{authorize, context, principal, request};
//! use oss_policy_compiler::explain::PolicySet;
//! use oss_policy_compiler::EngineName;
//!
//! let caller = principal("role:arn:sts::1746:assumed-role/reader/alice")?;
//! let context = context(&["oss:ExistingObjectTag/team=a".into(), "oss:ExistingObjectTag/team=b".into()])?;
//! let spec = request(caller, "oss:GetObject", "acs:oss:cn-hangzhou:1746:b/k", context, None);
//! // No policy at all: a role of the owner's account is not allowed (exit status 3).
//! let answer = authorize(&PolicySet::default(), EngineName::Compiled, "1746", &spec)?;
//! assert_eq!(answer.exit_status(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use oss_policy_runtime::{Decision, Key, same_key_name};
use serde_json::{Value, json};

use crate::EngineName;
use crate::cases::{AccessPointSpec, CaseEngines, CaseError, ContextValue, Outcome, PrincipalSpec, RequestSpec};
use crate::explain::{Explanation, PolicySet};

/// Reads `--principal`: `ram-user:UID@ACCOUNT`, `account:UID`, `role:ARN` or `anonymous`.
///
/// # Errors
/// A message saying what is expected, when `text` is none of these (an empty id is
/// accepted here and refused by the request's rules, `bad-caller`).
pub fn principal(text: &str) -> Result<PrincipalSpec, String> {
    let forms = "`ram-user:UID@ACCOUNT`, `account:UID`, `role:ARN` or `anonymous`";
    if text == "anonymous" {
        return Ok(PrincipalSpec::Anonymous);
    }
    let (kind, rest) = text.split_once(':').ok_or_else(|| format!("`{text}` is not a principal ({forms})"))?;
    match kind {
        "account" => Ok(PrincipalSpec::Account { uid: rest.to_owned() }),
        "ram-user" => {
            let (uid, account) = rest
                .rsplit_once('@')
                .ok_or_else(|| format!("`{text}`: a RAM user is `ram-user:UID@ACCOUNT`, with its account"))?;
            Ok(PrincipalSpec::RamUser { uid: uid.to_owned(), account: account.to_owned() })
        }
        "role" => {
            let account = rest
                .strip_prefix("arn:sts::")
                .and_then(|tail| tail.split_once(':'))
                .map(|(account, _)| account)
                .ok_or_else(|| {
                    format!("`{rest}` is not a session ARN (`arn:sts::{{account}}:assumed-role/{{role}}/{{session}}`)")
                })?;
            Ok(PrincipalSpec::AssumedRole { arn: rest.to_owned(), account: account.to_owned() })
        }
        _ => Err(format!("`{text}` is not a principal ({forms})")),
    }
}

/// Reads the `--context KEY=VALUE` arguments, in order: a key that is not well known,
/// given several times, gets its values as a list; a well-known key is kept once per
/// argument (so that one given twice is refused as a duplicate key).
///
/// # Errors
/// When an argument has no `=`, or an empty key.
pub fn context(arguments: &[String]) -> Result<Vec<(String, ContextValue)>, String> {
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    for argument in arguments {
        let (key, value) = argument
            .split_once('=')
            .filter(|(key, _)| !key.is_empty())
            .ok_or_else(|| format!("`{argument}` is not KEY=VALUE"))?;
        let earlier = if Key::from_name(key).is_some() {
            None
        } else {
            entries.iter_mut().find(|(name, _)| same_key_name(name, key))
        };
        match earlier {
            Some((_, values)) => values.push(value.to_owned()),
            None => entries.push((key.to_owned(), vec![value.to_owned()])),
        }
    }
    Ok(entries
        .into_iter()
        .map(|(key, mut values)| match values.len() {
            1 => (key, ContextValue::One(values.remove(0))),
            _ => (key, ContextValue::Many(values)),
        })
        .collect())
}

/// Reads `--access-point NAME,ARN,ACCOUNT,ORIGIN`.
///
/// # Errors
/// When there are not four parts, or `ORIGIN` is not `internet` or `vpc`.
pub fn access_point(text: &str) -> Result<AccessPointSpec, String> {
    match text.split(',').collect::<Vec<_>>().as_slice() {
        [name, arn, account, origin] => {
            if !matches!(*origin, "internet" | "vpc") {
                return Err(format!("`{origin}` is not a network origin (`internet` or `vpc`)"));
            }
            Ok(AccessPointSpec {
                name: (*name).to_owned(),
                arn: (*arn).to_owned(),
                account: (*account).to_owned(),
                network_origin: (*origin).to_owned(),
            })
        }
        _ => Err(format!("`{text}` is not NAME,ARN,ACCOUNT,ORIGIN")),
    }
}

/// The request of those parts.
pub fn request(
    principal: PrincipalSpec,
    action: &str,
    resource: &str,
    context: Vec<(String, ContextValue)>,
    access_point: Option<AccessPointSpec>,
) -> RequestSpec {
    RequestSpec {
        name: String::new(),
        principal,
        action: action.to_owned(),
        resource: resource.to_owned(),
        context,
        access_point,
        expect: None,
        refusal: None,
        expect_statement: None,
        why: None,
    }
}

/// The decision on one request, with its explanation.
#[derive(Debug)]
pub struct Answer {
    /// What the authorizer over the chosen engine said.
    pub outcome: Outcome,
    /// Why (from the reference evaluator; it agrees with every engine).
    pub explanation: Explanation,
}

/// Decides `spec` for a bucket owned by `bucket_owner` with `policies` built for `engine`,
/// and explains it.
///
/// # Errors
/// When the request is malformed (a network origin that is no origin).
pub fn authorize(
    policies: &PolicySet,
    engine: EngineName,
    bucket_owner: &str,
    spec: &RequestSpec,
) -> Result<Answer, CaseError> {
    let outcome = CaseEngines::build(policies, engine).outcome(Some(bucket_owner), spec)?;
    let explanation = spec.explain(Some(bucket_owner), policies)?;
    Ok(Answer { outcome, explanation })
}

impl Answer {
    /// The command's exit status: 0 for Allow, 3 for Deny or Ignore, 2 for a refusal.
    pub fn exit_status(&self) -> u8 {
        match &self.outcome {
            Outcome::Decided(authorization) if authorization.decision == Decision::Allow => 0,
            Outcome::Decided(_) => 3,
            Outcome::Refused(_) => 2,
        }
    }

    /// The text the command prints: the outcome (`Allow (bucket policy, statement 0)`,
    /// `Refused (unknown-action: ...)`), or with `explain` the explanation, whose first
    /// line is the decision and the step that made it.
    pub fn to_text(&self, explain: bool) -> String {
        if explain { self.explanation.to_string() } else { format!("{}\n", self.outcome) }
    }

    /// The JSON the command prints: `{"decision", "reason"}` or `{"refusal", "error"}`,
    /// and with `explain` the member `"explanation"` ([`Explanation::to_json`]).
    pub fn to_json(&self, explain: bool) -> Value {
        let mut answer = match &self.outcome {
            Outcome::Decided(authorization) => {
                json!({"decision": authorization.decision.as_str(), "reason": authorization.reason.to_string()})
            }
            Outcome::Refused(refusal) => json!({"refusal": refusal.kind().as_str(), "error": refusal.to_string()}),
        };
        if let (true, Some(members)) = (explain, answer.as_object_mut()) {
            members.insert("explanation".to_owned(), self.explanation.to_json());
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_are_read_in_their_four_forms() {
        assert_eq!(principal("anonymous"), Ok(PrincipalSpec::Anonymous));
        assert_eq!(principal("account:1746"), Ok(PrincipalSpec::Account { uid: "1746".into() }));
        assert_eq!(
            principal("ram-user:2021@1746"),
            Ok(PrincipalSpec::RamUser { uid: "2021".into(), account: "1746".into() })
        );
        let arn = "arn:sts::1746:assumed-role/reader/alice";
        assert_eq!(
            principal(&format!("role:{arn}")),
            Ok(PrincipalSpec::AssumedRole { arn: arn.into(), account: "1746".into() })
        );
        for bad in ["nobody", "user:1", "ram-user:2021", "role:acs:ram::1746:role/reader", "role:arn:sts::1746", ""] {
            assert!(principal(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn repeated_context_keys_give_several_values_unless_well_known() {
        let arguments: Vec<String> =
            ["custom:team=a", "acs:SourceVpc=vpc-1", "CUSTOM:Team=b", "x=y=z", "acs:sourcevpc=vpc-2"]
                .map(str::to_owned)
                .to_vec();
        let read = context(&arguments);
        let want = vec![
            ("custom:team".to_owned(), ContextValue::Many(vec!["a".into(), "b".into()])),
            ("acs:SourceVpc".to_owned(), ContextValue::One("vpc-1".into())),
            ("x".to_owned(), ContextValue::One("y=z".into())),
            ("acs:sourcevpc".to_owned(), ContextValue::One("vpc-2".into())),
        ];
        assert_eq!(read, Ok(want));
        assert!(context(&["novalue".to_owned()]).is_err());
        assert!(context(&["=value".to_owned()]).is_err());
        // Tag names are case-sensitive: two tags, one value each.
        let tags = context(&["oss:BucketTag/Team=a".to_owned(), "oss:BucketTag/team=b".to_owned()]);
        assert_eq!(tags.map(|entries| entries.len()), Ok(2));
    }

    #[test]
    fn access_points_have_four_parts_and_a_known_origin() {
        let read = access_point("ap-01,acs:oss:cn-hangzhou:1746:accesspoint/ap-01,1746,vpc");
        assert_eq!(read.map(|ap| (ap.name, ap.network_origin)), Ok(("ap-01".to_owned(), "vpc".to_owned())));
        assert!(access_point("ap-01,acs:oss:cn-hangzhou:1746:accesspoint/ap-01,1746").is_err());
        assert!(access_point("ap-01,acs:oss:cn-hangzhou:1746:accesspoint/ap-01,1746,lan").is_err());
    }

    #[test]
    fn a_well_known_key_given_twice_is_refused_and_exits_2() {
        let twice = context(&["acs:SourceVpc=vpc-1".to_owned(), "acs:SourceVpc=vpc-2".to_owned()]).unwrap();
        let spec = request(PrincipalSpec::Anonymous, "oss:GetObject", "acs:oss:r:1746:b/k", twice, None);
        let answer = authorize(&PolicySet::default(), EngineName::Compiled, "1746", &spec).unwrap();
        assert_eq!(answer.exit_status(), 2);
        assert_eq!(answer.explanation.refusal().map(|kind| kind.as_str()), Some("duplicate-key"));
        assert_eq!(answer.to_json(false)["refusal"], "duplicate-key");
    }
}
