//! When a statement applies to a request (docs/SPEC.md sections 2 and 4).
//!
//! A statement applies when all of these hold:
//!
//! * **action**: some `Action` entry matches the request's action, or, for `NotAction`,
//!   none does. Entries are [wildcard] patterns matched ASCII
//!   case-insensitively (`oss:get*` matches `oss:GetObject`); a request action outside
//!   the known list is matched like any other (`oss:*` matches it);
//! * **resource**: some `Resource` entry matches the request's resource ARN,
//!   [segment by segment](super::arn), or, for `NotResource`, none does;
//! * **principal**: in bucket and access point policies, some `Principal` entry matches
//!   the caller ([`principal`]); RAM policies have no principal check;
//! * **bucket-owner rule**: in bucket policies, the statement is not set aside for the
//!   bucket owner's account (a `*` principal without condition;
//!   [`principal`]);
//! * **condition**: every clause [holds](super::condition).
//!
//! [`first_unmet`] names the first of these, in this order, that does not hold: an
//! [explanation](crate::explain) shows it, and a statement applies when there is none.

use oss_policy_runtime::{PolicyKind, Request};

use super::key::Values;
use super::{arn, condition, principal, wildcard};
use crate::model::{ConditionClause, PatternList, Statement};

/// The part of a statement that does not match a request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Unmet<'s, 'a> {
    /// `Action` / `NotAction`.
    Action,
    /// `Resource` / `NotResource`.
    Resource,
    /// `Principal`.
    Principal,
    /// The bucket-owner rule sets the statement aside.
    BucketOwnerRule,
    /// This clause of the condition does not hold for the request's values of its key
    /// (none: the key is missing).
    Condition(&'s ConditionClause, Vec<&'a str>),
}

/// The first part of `statement`, of a policy of `kind`, that does not match `request`,
/// whose resource ARN is `resource` (the request's resource parts, joined) and whose
/// condition values are `values`; `None` when the statement applies.
pub(crate) fn first_unmet<'s, 'a>(
    statement: &'s Statement,
    kind: PolicyKind,
    request: &Request<'a>,
    resource: &str,
    values: &Values<'_, 'a>,
) -> Option<Unmet<'s, 'a>> {
    if !list_matches(&statement.action, |pattern| action_matches(pattern, request.action)) {
        return Some(Unmet::Action);
    }
    if !list_matches(&statement.resource, |pattern| arn::matches(pattern, resource)) {
        return Some(Unmet::Resource);
    }
    if !principal_matches(statement, kind, request) {
        return Some(Unmet::Principal);
    }
    if kind == PolicyKind::Bucket && principal::owner_exempt(statement, request) {
        return Some(Unmet::BucketOwnerRule);
    }
    condition::first_unmet(&statement.condition, values).map(|(clause, values)| Unmet::Condition(clause, values))
}

/// `Action` / `Resource`: some entry matches; `NotAction` / `NotResource`: none does.
fn list_matches(list: &PatternList, entry_matches: impl Fn(&str) -> bool) -> bool {
    let some_entry_matches = list.patterns.iter().any(|pattern| entry_matches(pattern.as_str()));
    if list.negated { !some_entry_matches } else { some_entry_matches }
}

/// Whether the action pattern matches `action`, ASCII case-insensitively.
fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard::matches(&pattern.to_ascii_lowercase(), &action.to_ascii_lowercase())
}

/// The principal check of the policy's kind.
fn principal_matches(statement: &Statement, kind: PolicyKind, request: &Request<'_>) -> bool {
    match kind {
        // Identity-based: the policy is attached to the caller; there is nothing to check.
        PolicyKind::Ram => true,
        // Resource-based: some entry must match the caller. A statement without a
        // principal list (which the validator never lets through) matches no one.
        PolicyKind::Bucket | PolicyKind::AccessPoint => {
            statement.principal.as_deref().is_some_and(|entries| principal::matches_any(entries, &request.principal))
        }
    }
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::{Context, Key, PolicyKind, Principal, Request};

    use super::{Unmet, first_unmet};
    use crate::model::Operator::*;
    use crate::reference::key::Values;
    use crate::reference::testing::StatementBuilder;

    const OBJECT: &str = "acs:oss:cn-hangzhou:1746:example-bucket/dir/a.txt";
    const USER: Principal<'static> = Principal::RamUser { uid: "2021", account: "1746" };

    fn unmet(statement: StatementBuilder, kind: PolicyKind, request: &Request<'_>) -> Option<String> {
        let statement = statement.build();
        let values = Values::of(&request.context);
        first_unmet(&statement, kind, request, &request.resource.to_string(), &values).map(|unmet| match unmet {
            Unmet::Condition(clause, values) => format!("condition {} {values:?}", clause.key.as_str()),
            other => format!("{other:?}"),
        })
    }

    fn applies_to(statement: StatementBuilder, kind: PolicyKind, request: &Request<'_>) -> bool {
        unmet(statement, kind, request).is_none()
    }

    #[test]
    fn action_entries_match_case_insensitively() {
        let cases: [(&[&str], &str, bool); 12] = [
            (&["oss:GetObject"], "oss:GetObject", true),
            (&["oss:getobject"], "OSS:GETOBJECT", true),
            (&["oss:GetObject"], "oss:GetObjectAcl", false),
            (&["oss:Get*"], "oss:GetObjectAcl", true),
            (&["oss:get*"], "oss:GetObject", true),
            (&["oss:Get*"], "oss:PutObject", false),
            (&["oss:*"], "oss:NotAKnownAction", true),
            (&["*"], "imm:CreateProject", true),
            (&["oss:*"], "imm:CreateProject", false),
            (&["imm:*"], "imm:CreateProject", true),
            (&["oss:?etObject"], "oss:GetObject", true),
            (&["oss:PutObject", "oss:GetObject"], "oss:GetObject", true),
        ];
        for (patterns, action, want) in cases {
            let request = Request::new(USER, action, OBJECT);
            let statement = StatementBuilder::allow().action(patterns);
            assert_eq!(applies_to(statement, PolicyKind::Ram, &request), want, "{patterns:?} against {action:?}");
            let statement = StatementBuilder::allow().not_action(patterns);
            assert_eq!(
                applies_to(statement, PolicyKind::Ram, &request),
                !want,
                "NotAction {patterns:?} against {action:?}"
            );
        }
    }

    #[test]
    fn resource_entries_match_segment_by_segment() {
        let cases: [(&[&str], &str, bool); 8] = [
            (&["acs:oss:*:*:mybucket/abc*.txt"], "acs:oss:cn-hangzhou:1:mybucket/abc/x.txt", true),
            (&["acs:oss:*:*:mybucket/*"], "acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c", false),
            (&["acs:oss:*"], "acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c", true),
            (&["*"], "acs:ossvector:cn-hangzhou:1:vb/index", true),
            (&["acs:oss:*:*:*"], "acs:oss:cn-hangzhou", false),
            (&["acs:oss:*:*:mybucket", "acs:oss:*:*:mybucket/*"], "acs:oss:cn-hangzhou:1:mybucket", true),
            (&["acs:oss:*:*:mybucket", "acs:oss:*:*:mybucket/*"], "acs:oss:cn-hangzhou:1:mybucketx", false),
            (&["acs:oss:*:*:MYBUCKET/*"], "acs:oss:cn-hangzhou:1:mybucket/a", false),
        ];
        for (patterns, resource, want) in cases {
            let request = Request::new(USER, "oss:GetObject", resource);
            let statement = StatementBuilder::allow().resource(patterns);
            assert_eq!(applies_to(statement, PolicyKind::Ram, &request), want, "{patterns:?} against {resource:?}");
            let statement = StatementBuilder::allow().not_resource(patterns);
            let negated = applies_to(statement, PolicyKind::Ram, &request);
            assert_eq!(negated, !want, "NotResource {patterns:?} against {resource:?}");
        }
    }

    #[test]
    fn principals_are_checked_in_resource_policies_only() {
        let other = Request::new(Principal::RamUser { uid: "9999", account: "1746" }, "oss:GetObject", OBJECT);
        let named = || StatementBuilder::allow().principal(&["2021"]);
        assert!(applies_to(named(), PolicyKind::Bucket, &Request::new(USER, "oss:GetObject", OBJECT)));
        assert!(!applies_to(named(), PolicyKind::Bucket, &other));
        assert!(!applies_to(named(), PolicyKind::AccessPoint, &other));
        // RAM: the policy is the caller's own; no principal check.
        assert!(applies_to(StatementBuilder::allow(), PolicyKind::Ram, &other));
        // A resource policy's statement without principal matches no one (fail closed).
        assert!(!applies_to(StatementBuilder::allow(), PolicyKind::Bucket, &other));
        assert!(!applies_to(StatementBuilder::allow(), PolicyKind::AccessPoint, &other));
    }

    #[test]
    fn bucket_owner_rule() {
        let owner = Principal::Account { uid: "1746" };
        let owner_user = Principal::RamUser { uid: "2021", account: "1746" };
        let owner_role = Principal::AssumedRole { arn: "arn:sts::1746:assumed-role/r/s", account: "1746" };
        let stranger = Principal::Account { uid: "5555" };
        let request = |caller| Request::new(caller, "oss:GetObject", OBJECT).with_bucket_owner("1746");
        let to_everyone = || StatementBuilder::deny().principal(&["*"]);
        let to_everyone_in_a_list = || StatementBuilder::deny().principal(&["2021", "*"]);
        let to_everyone_with_condition =
            || StatementBuilder::deny().principal(&["*"]).condition(StringNotLike, "acs:SourceVpc", &["vpc-*"]);
        let to_owner = || StatementBuilder::deny().principal(&["1746"]);

        // A `*` statement without condition does not apply to the owner's account...
        assert!(!applies_to(to_everyone(), PolicyKind::Bucket, &request(owner)));
        assert!(!applies_to(to_everyone_in_a_list(), PolicyKind::Bucket, &request(owner)));
        // ...but to its RAM users and roles, to other callers, and when the owner is unknown.
        assert!(applies_to(to_everyone(), PolicyKind::Bucket, &request(owner_user)));
        assert!(applies_to(to_everyone(), PolicyKind::Bucket, &request(owner_role)));
        assert!(applies_to(to_everyone(), PolicyKind::Bucket, &request(stranger)));
        assert!(applies_to(to_everyone(), PolicyKind::Bucket, &Request::new(owner, "oss:GetObject", OBJECT)));
        // With a condition it applies to the owner too.
        assert!(applies_to(to_everyone_with_condition(), PolicyKind::Bucket, &request(owner)));
        // A statement naming the owner applies to the owner.
        assert!(applies_to(to_owner(), PolicyKind::Bucket, &request(owner)));
        // The rule is about bucket policies only.
        assert!(applies_to(to_everyone(), PolicyKind::AccessPoint, &request(owner)));
    }

    #[test]
    fn conditions_must_hold() {
        let context = Context::new().with(Key::SourceIp, "192.168.1.1").unwrap();
        let request = Request::new(USER, "oss:GetObject", OBJECT).with_context(context);
        let inside = StatementBuilder::allow().condition(IpAddress, "acs:SourceIp", &["192.168.0.0/16"]);
        let outside = StatementBuilder::allow().condition(IpAddress, "acs:SourceIp", &["10.0.0.0/8"]);
        assert!(applies_to(inside, PolicyKind::Ram, &request));
        assert!(!applies_to(outside, PolicyKind::Ram, &request));
    }

    #[test]
    fn the_first_part_that_fails_is_named_in_order() {
        let context = Context::new().with(Key::SourceIp, "192.168.1.1").unwrap();
        let owner = Principal::Account { uid: "1746" };
        let request = Request::new(owner, "oss:GetObject", OBJECT).with_context(context).with_bucket_owner("1746");
        let everything_wrong = || {
            StatementBuilder::allow()
                .action(&["oss:PutObject"])
                .resource(&["acs:oss:*:*:other/*"])
                .principal(&["2021"])
                .condition(IpAddress, "acs:SourceIp", &["10.0.0.0/8"])
        };
        let cases = [
            (everything_wrong(), PolicyKind::Bucket, Some("Action")),
            (everything_wrong().action(&["oss:Get*"]), PolicyKind::Bucket, Some("Resource")),
            (everything_wrong().action(&["*"]).resource(&["*"]), PolicyKind::Bucket, Some("Principal")),
            (StatementBuilder::allow().principal(&["*"]), PolicyKind::Bucket, Some("BucketOwnerRule")),
            (StatementBuilder::allow().principal(&["*"]), PolicyKind::AccessPoint, None),
            (
                StatementBuilder::allow()
                    .principal(&["1746"])
                    .condition(IpAddress, "acs:SourceIp", &["192.168.0.0/16"])
                    .condition(IpAddress, "acs:SourceIp", &["10.0.0.0/8"]),
                PolicyKind::Bucket,
                Some("condition acs:SourceIp [\"192.168.1.1\"]"),
            ),
            (
                StatementBuilder::allow().condition(StringEquals, "acs:SourceVpc", &["vpc-1"]),
                PolicyKind::Ram,
                Some("condition acs:SourceVpc []"),
            ),
        ];
        for (statement, kind, want) in cases {
            assert_eq!(unmet(statement, kind, &request).as_deref(), want);
        }
    }
}
