//! The reference evaluator: the oracle every fast engine is tested against.
//!
//! It is a direct transcription of docs/SPEC.md sections 2 to 4 over the [policy
//! model](crate::model), written to be read, not to be fast: it walks every statement of
//! the policy for every request, matches strings with plain loops and allocates freely.
//! Each rule lives in one small module that cites the docs/SPEC.md section it transcribes:
//!
//! | module | rule | docs/SPEC.md |
//! | --- | --- | --- |
//! | `wildcard` | `*` and `?` patterns over whole strings, per character | 2, "Wildcard patterns" |
//! | `arn` | ARN patterns matched segment by segment (resources, `arn:sts::` principals) | 2, "Resource" |
//! | `principal` | `Principal` entries against the caller; the bucket-owner rule | 2, "Principal" |
//! | `key` | condition key names (case-insensitive but for tag names) and the request's values | 3 |
//! | `condition` | clauses, operators, negation, missing keys | 3 |
//! | `number`, `time`, `cidr` | decimal numbers, RFC 3339 instants, IP blocks | 3 |
//! | `statement` | when a statement applies: action, resource, principal, owner rule, condition; else the first part that fails | 2, 4 |
//! | this module | the policy's decision | 4 |
//!
//! The combined decision of docs/SPEC.md section 5 over reference evaluations, with every
//! statement's first failing part, is [`explain`](crate::explain).
//!
//! It shares **no** matching code with the runtime or the compiled engines — no
//! `oss_policy_runtime::value` parser, no key-name helper, no action ids, no parsed
//! context values (it reads every key's text and parses it itself) — so that a bug in
//! their shared code cannot hide from it. It only leans on the standard library to read
//! IP address text and to turn a checked decimal into an `f64`.
//!
//! # The decision (docs/SPEC.md section 4)
//!
//! A statement *applies* when its action, resource, principal and condition all match
//! (see `statement`). Then:
//!
//! * **Deny** when some applying statement is `Deny`; the first such statement decides;
//! * else **Allow** when some applying statement is `Allow`; the first such decides;
//! * else **Ignore**: nothing applied (an implicit deny).
//!
//! Statements are numbered from 0 in document order.
//!
//! ```
//! use oss_policy_compiler::model::{Effect, PatternList, Policy, Span, Spanned, Statement};
//! use oss_policy_compiler::reference::ReferencePolicy;
//! use oss_policy_runtime::{Decision, PolicyEngine, PolicyKind, Principal, Request};
//!
//! let list = |text: &str| PatternList {
//!     negated: false,
//!     patterns: vec![Spanned { value: text.to_owned(), span: Span::default() }],
//! };
//! let statement = Statement {
//!     sid: None,
//!     effect: Effect::Allow,
//!     action: list("oss:Get*"),
//!     resource: list("acs:oss:*:*:mybucket/*"),
//!     principal: None,
//!     condition: Vec::new(),
//!     span: Span::default(),
//! };
//! let policy = ReferencePolicy::new(Policy { kind: PolicyKind::Ram, statements: vec![statement] });
//! let caller = Principal::RamUser { uid: "2021", account: "1746" };
//!
//! let read = Request::new(caller, "oss:GetObject", "acs:oss:cn-hangzhou:1746:mybucket/a.txt")
//!     .with_bucket_owner("1746");
//! assert_eq!(policy.evaluate(&read)?.decision, Decision::Allow);
//! assert_eq!(policy.evaluate(&read)?.statement, Some(0));
//!
//! // A wildcard does not reach across the colons of an ARN (docs/SPEC.md section 2).
//! let other = Request::new(caller, "oss:GetObject", "acs:oss:cn-hangzhou:1746:other/x:y:mybucket/a")
//!     .with_bucket_owner("1746");
//! assert_eq!(policy.evaluate(&other)?.decision, Decision::Ignore);
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```
use oss_policy_runtime::{Evaluation, PolicyEngine, PolicyKind, Prepared, Request};

use crate::model::{Effect, Policy};

mod arn;
mod cidr;
mod condition;
mod key;
mod number;
mod principal;
mod statement;

pub(crate) use key::Values;
pub(crate) use statement::Unmet;
#[cfg(test)]
mod testing;
mod time;
mod wildcard;

/// A policy decided by the reference evaluator (see the [module docs](self)).
#[derive(Clone, Debug)]
pub struct ReferencePolicy {
    policy: Policy,
}

impl ReferencePolicy {
    /// Wraps a validated policy.
    pub fn new(policy: Policy) -> ReferencePolicy {
        ReferencePolicy { policy }
    }

    /// The policy it decides with.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
}

impl PolicyEngine for ReferencePolicy {
    fn kind(&self) -> PolicyKind {
        self.policy.kind
    }

    /// Decides the prepared request by docs/SPEC.md section 4 (reading the request itself, not
    /// what was prepared, but for the bucket owner it was prepared for); never panics.
    fn evaluate_prepared(&self, prepared: &Prepared<'_, '_>) -> Evaluation {
        let request = &Request { bucket_owner: Some(prepared.bucket_owner()), ..*prepared.request() };
        let resource = request.resource.to_string();
        let (evaluation, _) = walk(&self.policy, request, &resource, &Values::of(&request.context));
        evaluation
    }
}

/// Walks every statement of `policy` for `request` (its bucket owner set), whose resource
/// ARN is `resource` and whose condition values are `values`: the policy's decision, and
/// each statement's first unmet part (`None`: it applies), in document order. The
/// reference's decision and an [explanation](crate::explain) both come from here.
pub(crate) fn walk<'s, 'a>(
    policy: &'s Policy,
    request: &Request<'a>,
    resource: &str,
    values: &Values<'_, 'a>,
) -> (Evaluation, Vec<Option<Unmet<'s, 'a>>>) {
    let mut first_deny = None;
    let mut first_allow = None;
    let mut parts = Vec::with_capacity(policy.statements.len());
    for (index, statement) in policy.statements.iter().enumerate() {
        let unmet = statement::first_unmet(statement, policy.kind, request, resource, values);
        if unmet.is_none() {
            let first = match statement.effect {
                Effect::Deny => &mut first_deny,
                Effect::Allow => &mut first_allow,
            };
            first.get_or_insert(index);
        }
        parts.push(unmet);
    }
    (decide(first_deny, first_allow), parts)
}

/// The decision, from the positions of the first applying `Deny` and `Allow` statements.
fn decide(first_deny: Option<usize>, first_allow: Option<usize>) -> Evaluation {
    match (first_deny, first_allow) {
        // An explicit deny wins over every allow.
        (Some(deny), _) => Evaluation::deny(statement_number(deny)),
        // No deny: the first allow decides.
        (None, Some(allow)) => Evaluation::allow(statement_number(allow)),
        // Nothing applied: an implicit deny.
        (None, None) => Evaluation::IGNORE,
    }
}

/// A statement's position as the `u32` of [`Evaluation::statement`]. The document size
/// limits keep positions far below `u32::MAX`; were one above, it would saturate rather
/// than change the decision.
fn statement_number(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::{
        AccessPoint, Authorizer, Context, Decision, Evaluation, Key, NetworkOrigin, PolicyEngine, PolicyKind,
        PolicySource, Principal, Reason, Request, Resource,
    };

    use super::testing::{StatementBuilder, policy};
    use crate::model::Operator::*;

    const OBJECT: &str = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/dir/a.txt";
    const USER: Principal<'static> = Principal::RamUser { uid: "20214760404935xxxx", account: "174649585760xxxx" };

    fn get(caller: Principal<'static>) -> Request<'static> {
        Request::new(caller, "oss:GetObject", OBJECT).with_bucket_owner("174649585760xxxx")
    }

    #[test]
    fn deny_wins_and_the_first_applying_statement_decides() {
        let allow = || StatementBuilder::allow().action(&["oss:Get*"]);
        let deny = || StatementBuilder::deny().action(&["oss:GetObject"]);
        let not_applying = || StatementBuilder::deny().action(&["oss:PutObject"]);
        let cases = [
            (vec![allow()], Evaluation::allow(0)),
            (vec![not_applying(), allow(), allow()], Evaluation::allow(1)),
            (vec![allow(), deny()], Evaluation::deny(1)),
            (vec![allow(), not_applying(), deny(), deny()], Evaluation::deny(2)),
            (vec![deny(), allow()], Evaluation::deny(0)),
            (vec![not_applying()], Evaluation::IGNORE),
            (vec![], Evaluation::IGNORE),
        ];
        for (statements, want) in cases {
            let count = statements.len();
            assert_eq!(policy(PolicyKind::Ram, statements).evaluate(&get(USER)), Ok(want), "{count} statements");
        }
    }

    #[test]
    fn kind_and_policy_are_kept() {
        let reference = policy(PolicyKind::AccessPoint, [StatementBuilder::allow().principal(&["*"])]);
        assert_eq!(reference.kind(), PolicyKind::AccessPoint);
        assert_eq!(reference.policy().statements.len(), 1);
    }

    #[test]
    fn a_resource_in_parts_is_matched_as_one_arn() {
        let reference = policy(
            PolicyKind::AccessPoint,
            [StatementBuilder::allow()
                .principal(&["*"])
                .resource(&["acs:oss:cn-hangzhou:174649585760xxxx:accesspoint/ap-01/object/dir/*"])],
        );
        let mut request = get(USER);
        request.resource = Resource::from_parts([
            "acs:oss:cn-hangzhou:174649585760xxxx:",
            "accesspoint/",
            "ap-01",
            "/object/",
            "dir/a.txt",
        ]);
        assert_eq!(reference.evaluate(&request), Ok(Evaluation::allow(0)));
        request.resource =
            Resource::from_parts(["acs:oss:cn-hangzhou:174649585760xxxx:", "accesspoint/", "ap-01", "/object/", "a"]);
        assert_eq!(reference.evaluate(&request), Ok(Evaluation::IGNORE));
    }

    #[test]
    fn spec_example_masked_principal_is_literal() {
        let reference = policy(PolicyKind::Bucket, [StatementBuilder::allow().principal(&["2081****"])]);
        let masked = Principal::Account { uid: "2081****" };
        let real = Principal::Account { uid: "20814747" };
        assert_eq!(reference.evaluate(&get(masked)), Ok(Evaluation::allow(0)));
        assert_eq!(reference.evaluate(&get(real)), Ok(Evaluation::IGNORE));
    }

    #[test]
    fn spec_example_sts_role_sessions() {
        // bucket-policy.txt scenario 4.
        let reference = policy(
            PolicyKind::Bucket,
            [StatementBuilder::allow()
                .action(&["oss:GetObject"])
                .principal(&["arn:sts::10323xxxxx72056:assumed-role/role2-name/*"])
                .resource(&["acs:oss:*:174649585760xxxx:example-bucket/*"])],
        );
        let session = |arn| Principal::AssumedRole { arn, account: "10323xxxxx72056" };
        let any_session = session("arn:sts::10323xxxxx72056:assumed-role/role2-name/alice");
        let other_role = session("arn:sts::10323xxxxx72056:assumed-role/role1-name/alice");
        assert_eq!(reference.evaluate(&get(any_session)), Ok(Evaluation::allow(0)));
        assert_eq!(reference.evaluate(&get(other_role)), Ok(Evaluation::IGNORE));
        assert_eq!(reference.evaluate(&get(Principal::Account { uid: "10323xxxxx72056" })), Ok(Evaluation::IGNORE));
    }

    #[test]
    fn spec_example_deny_outside_vpc() {
        // bucket-policy.txt scenario 6: a request without `acs:SourceVpc` is denied.
        let reference = policy(
            PolicyKind::Bucket,
            [
                StatementBuilder::allow().principal(&["*"]),
                StatementBuilder::deny().principal(&["*"]).condition(StringNotLike, "acs:SourceVpc", &["vpc-*"]),
            ],
        );
        let internet = get(Principal::Anonymous);
        let vpc = get(Principal::Anonymous).with_context(Context::new().with(Key::SourceVpc, "vpc-t4nl").unwrap());
        assert_eq!(reference.evaluate(&internet), Ok(Evaluation::deny(1)));
        assert_eq!(reference.evaluate(&vpc), Ok(Evaluation::allow(0)));
    }

    #[test]
    fn spec_example_bucket_owner_rule() {
        let reference = policy(
            PolicyKind::Bucket,
            [StatementBuilder::deny().principal(&["*"]), StatementBuilder::allow().principal(&["174649585760xxxx"])],
        );
        let owner = get(Principal::Account { uid: "174649585760xxxx" }).with_bucket_owner("174649585760xxxx");
        let owner_user = get(USER).with_bucket_owner("174649585760xxxx");
        assert_eq!(reference.evaluate(&owner), Ok(Evaluation::allow(1)));
        assert_eq!(reference.evaluate(&owner_user), Ok(Evaluation::deny(0)));
    }

    #[test]
    fn access_point_keys_are_read_from_the_context() {
        // The combined authorizer sets these keys; the reference only reads them. A
        // client cannot set them: the context drops them.
        let reference = policy(
            PolicyKind::Bucket,
            [StatementBuilder::allow().principal(&["*"]).condition(
                StringEquals,
                "oss:DataAccessPointAccount",
                &["174649585760xxxx"],
            )],
        );
        let access_point = policy(PolicyKind::AccessPoint, [StatementBuilder::allow().principal(&["*"])]);
        let claimed = Context::new().with(Key::DataAccessPointAccount, "174649585760xxxx").unwrap();
        let through = get(USER).through_access_point(AccessPoint {
            name: "ap-01",
            arn: "acs:oss:cn-hangzhou:174649585760xxxx:accesspoint/ap-01",
            account: "174649585760xxxx",
            network_origin: NetworkOrigin::Internet,
        });
        let authorizer = Authorizer::new("174649585760xxxx").with_bucket(&reference).unwrap();
        let authorizer = authorizer.with_access_point(&access_point).unwrap();
        let authorization = authorizer.authorize(&through).unwrap();
        assert_eq!(authorization.decision, Decision::Allow);
        assert_eq!(authorization.reason, Reason::Statement { policy: PolicySource::AccessPoint, statement: 0 });
        assert_eq!(reference.evaluate(&get(USER).with_context(claimed)).unwrap().decision, Decision::Ignore);
        assert_eq!(authorizer.authorize(&get(USER).with_context(claimed)).unwrap().decision, Decision::Ignore);
    }
}
