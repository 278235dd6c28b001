//! Explanations: why the combined decision on one request is what it is.
//!
//! [`PolicySet::explain`] decides a request as the combined authorizer does (docs/SPEC.md
//! section 5), but from the [reference evaluator](crate::reference) and with everything
//! written down, so that it is plainly right and a person can follow it:
//!
//! * the **decision** and the section 5 **step** that produced it ([`Step`]): the bucket
//!   owner's account (allowed unless the bucket policy denies), a caller of another
//!   account or an anonymous one (the bucket policy alone), a RAM user or role of the
//!   owner's account (any Deny, else any Allow), an anonymous caller through an access
//!   point, and for access points the nine-row table with its delegation rule;
//! * the **deciding statement** where one decided, as the authorizer's
//!   [`Authorization::statement`](oss_policy_runtime::Authorization::statement) names it;
//! * for **every statement of every policy**, whether it applies and, if not, the first
//!   part that failed ([`Failure`]): action, resource, principal, the bucket-owner rule,
//!   or a condition clause with the request's values and the policy's (none: the key is
//!   missing);
//! * for a request that is refused before evaluation, the refusal (kind and message),
//!   found by the same rules the authorizer applies.
//!
//! Explaining allocates (it is not on the checking path) and walks every statement of
//! every policy, even those the step does not consult ([`PolicyExplanation::consulted`]),
//! since "why did my statement not apply?" is the question people ask.
//! [`Explanation::to_json`] gives the structure for tools, and `Display` a text for
//! people. A test checks, on every request of the conformance files, that the decision
//! and deciding statement are the authorizer's, over every engine.
//!
//! ```
//! use oss_policy_compiler::explain::{Failure, PolicySet, Step, Standing};
//! use oss_policy_compiler::{Limits, parse_policy};
//! use oss_policy_runtime::{Context, Decision, Key, PolicyKind, Principal, Request};
//!
//! let text = r#"{"Version": "1", "Statement": [{"Sid": "Office", "Effect": "Allow",
//!     "Action": "oss:GetObject", "Principal": "*", "Resource": "acs:oss:*:*:example-bucket/*",
//!     "Condition": {"IpAddress": {"acs:SourceIp": "192.168.0.0/16"}}}]}"#;
//! let policies = PolicySet {
//!     bucket: Some(parse_policy(text, PolicyKind::Bucket, &Limits::default())?),
//!     ..PolicySet::default()
//! };
//! let caller = Principal::RamUser { uid: "2021", account: "1746" };
//! let request = Request::new(caller, "oss:GetObject", "acs:oss:cn-hangzhou:1746:example-bucket/a.txt")
//!     .with_context(Context::new().with(Key::SourceIp, "10.0.0.1")?);
//! let explanation = policies.explain("1746", &request);
//! assert_eq!(explanation.decision(), Some(Decision::Ignore));
//! assert_eq!(explanation.step(), Some(&Step::Direct(Standing::Member)));
//! let statement = &explanation.policies[0].statements[0];
//! assert_eq!(statement.sid.as_deref(), Some("Office"));
//! assert!(matches!(&statement.failure, Some(Failure::Condition { key, request_values, .. })
//!     if key == "acs:SourceIp" && request_values == &["10.0.0.1"]));
//! println!("{explanation}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use oss_policy_runtime::{Authorizer, Decision, PolicySource, Principal, Refusal, Request, RequestError};

use crate::model::{Effect, Operator, Policy};
use crate::reference::{self, Unmet, Values};

mod combine;
mod render;
#[cfg(test)]
mod tests;

/// The caller's policies, as validated documents: what is explained against.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    /// The caller's RAM policies, in order ([`PolicySource::Ram`] is the position here).
    pub ram: Vec<Policy>,
    /// The bucket policy, when the bucket has one.
    pub bucket: Option<Policy>,
    /// The access point policy, used for requests through an access point.
    pub access_point: Option<Policy>,
}

/// Why the combined decision on one request is what it is (see the [module
/// docs](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The request, as the CLI spells it.
    pub request: RequestSummary,
    /// The decision and its step, or the refusal.
    pub verdict: Verdict,
    /// Every policy with every statement, in the order RAM policies, bucket policy,
    /// access point policy; empty for a refused request.
    pub policies: Vec<PolicyExplanation>,
}

/// The request in a few words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSummary {
    /// `account:UID`, `ram-user:UID@ACCOUNT`, `role:ARN` or `anonymous`.
    pub caller: String,
    /// The action.
    pub action: String,
    /// The resource ARN (the bucket ARN for a request through an access point).
    pub resource: String,
    /// The access point's name, for a request through one.
    pub access_point: Option<String>,
}

/// The outcome of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The request was evaluated.
    Decided {
        /// The combined decision.
        decision: Decision,
        /// The docs/SPEC.md section 5 step that produced it.
        step: Step,
        /// The statement that decided, where one did.
        deciding: Option<StatementRef>,
    },
    /// The request was refused before evaluation (docs/SPEC.md section 6).
    Refused {
        /// The refusal's kind.
        kind: Refusal,
        /// What is wrong, for people.
        message: String,
    },
}

/// The step of docs/SPEC.md section 5 that decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A direct request, decided by where the caller stands.
    Direct(Standing),
    /// Access points do not support anonymous access: Ignore.
    AnonymousThroughAccessPoint,
    /// A request through an access point: the nine-row table.
    AccessPoint(TableRow),
}

/// Where the caller stands towards the bucket (docs/SPEC.md section 5, "Direct request").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The bucket owner's account itself: Allow, unless the bucket policy decides Deny;
    /// RAM policies do not bind it.
    BucketOwner,
    /// An anonymous caller: the bucket policy's decision.
    Anonymous,
    /// A caller of another account than the bucket owner's: the bucket policy's
    /// decision; its own account's RAM policies grant nothing here.
    OtherAccount {
        /// The caller's account.
        account: String,
    },
    /// A RAM user or role of the bucket owner's account: Deny if any RAM policy or the
    /// bucket policy denies, else Allow if any allows, else Ignore.
    Member,
}

/// A row of the nine-row table of access points (docs/SPEC.md section 5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// Where the caller stands, for the direct decision.
    pub standing: Standing,
    /// The direct decision of RAM and bucket policies, before delegation.
    pub direct: Decision,
    /// Whether the bucket policy itself allows the request, delegating to the access point.
    pub delegated: bool,
    /// B: the direct decision after delegation (an Allow without delegation is Ignore).
    pub b: Decision,
    /// A: the access point policy's decision (Ignore without one).
    pub a: Decision,
}

impl TableRow {
    /// Whether the row is Ignore because delegation is missing: B would be Allow, but the
    /// bucket policy does not allow the request.
    pub fn delegation_missing(&self) -> bool {
        self.direct == Decision::Allow && !self.delegated
    }
}

/// A statement of one of the policies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy.
    pub policy: PolicySource,
    /// The statement's index in it, from 0.
    pub statement: u32,
    /// Its `Sid`, where given.
    pub sid: Option<String>,
}

/// One policy's part in the explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyExplanation {
    /// Which policy.
    pub source: PolicySource,
    /// Whether the step consults it (RAM policies do not bind the bucket owner's account
    /// nor grant another account anything; an access point policy only speaks for
    /// requests through the access point).
    pub consulted: bool,
    /// The resource it was evaluated against: the access point resource for the access
    /// point policy of a request through it, the request's resource otherwise.
    pub resource: String,
    /// The policy's own decision (docs/SPEC.md section 4).
    pub decision: Decision,
    /// The statement that decided it.
    pub statement: Option<u32>,
    /// Every statement, in order.
    pub statements: Vec<StatementExplanation>,
}

/// Whether one statement applies, and if not why.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementExplanation {
    /// The index, from 0.
    pub index: u32,
    /// The `Sid`, where given.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The first part that failed; `None` when the statement applies.
    pub failure: Option<Failure>,
}

/// The first part of a statement that does not match the request.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// No `Action` entry matches the action (`NotAction`: one does).
    Action {
        /// The request's action.
        action: String,
        /// Whether the list is `NotAction`.
        negated: bool,
        /// The entries.
        entries: Vec<String>,
    },
    /// No `Resource` entry matches the resource (`NotResource`: one does).
    Resource {
        /// The resource the policy was evaluated against.
        resource: String,
        /// Whether the list is `NotResource`.
        negated: bool,
        /// The entries.
        entries: Vec<String>,
    },
    /// No `Principal` entry matches the caller.
    Principal {
        /// The caller ([`RequestSummary::caller`]).
        caller: String,
        /// The entries.
        entries: Vec<String>,
    },
    /// The bucket-owner rule: a `*` principal without condition does not apply to the
    /// bucket owner's account.
    BucketOwnerRule,
    /// A condition clause does not hold.
    Condition {
        /// The operator.
        operator: Operator,
        /// The key, as the policy writes it.
        key: String,
        /// The request's values for the key; empty when the key is missing.
        request_values: Vec<String>,
        /// The policy's values.
        policy_values: Vec<String>,
    },
}

impl PolicySet {
    /// How many statements the policies hold in all.
    pub fn statement_count(&self) -> usize {
        let all = self.ram.iter().chain(&self.bucket).chain(&self.access_point);
        all.map(|policy| policy.statements.len()).sum()
    }

    /// Explains the combined decision on `request` for a bucket owned by `bucket_owner`,
    /// under the default request limits, as
    /// [`Authorizer::new(bucket_owner)`](Authorizer::new) over these policies decides it.
    pub fn explain(&self, bucket_owner: &str, request: &Request<'_>) -> Explanation {
        let summary = RequestSummary::of(request);
        // The refusal rules are the authorizer's and do not depend on the policies.
        if let Err(refusal) = Authorizer::new(bucket_owner).authorize(request) {
            return Explanation::refused(summary, &refusal);
        }
        let request = &Request { bucket_owner: Some(bucket_owner), ..*request };
        let resource = request.resource.to_string();
        let service = request.access_point.map(|ap| [ap.arn, ap.account, ap.network_origin.as_str()]);
        let values = Values { context: &request.context, service };
        let access_point_resource = request
            .access_point
            .map(|ap| combine::access_point_resource(&resource, ap.name))
            .unwrap_or(resource.clone());
        let explain =
            |source, policy: &Policy, resource: &str| explain_policy(source, policy, request, resource, &values);
        let mut policies: Vec<PolicyExplanation> = Vec::new();
        for (index, policy) in self.ram.iter().enumerate() {
            policies.push(explain(PolicySource::Ram(index), policy, &resource));
        }
        if let Some(policy) = &self.bucket {
            policies.push(explain(PolicySource::Bucket, policy, &resource));
        }
        if let Some(policy) = &self.access_point {
            policies.push(explain(PolicySource::AccessPoint, policy, &access_point_resource));
        }
        let verdict = combine::combine(request, bucket_owner, &mut policies);
        Explanation { request: summary, verdict, policies }
    }
}

/// One policy's decision with each statement's first unmet part.
fn explain_policy(
    source: PolicySource,
    policy: &Policy,
    request: &Request<'_>,
    resource: &str,
    values: &Values<'_, '_>,
) -> PolicyExplanation {
    let (evaluation, unmet) = reference::walk(policy, request, resource, values);
    let statements = policy
        .statements
        .iter()
        .zip(unmet)
        .enumerate()
        .map(|(index, (statement, unmet))| StatementExplanation {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            sid: statement.sid.clone(),
            effect: statement.effect,
            failure: unmet.map(|unmet| failure(unmet, statement, request, resource)),
        })
        .collect();
    PolicyExplanation {
        source,
        consulted: false,
        resource: resource.to_owned(),
        decision: evaluation.decision,
        statement: evaluation.statement,
        statements,
    }
}

/// The owned, self-contained form of the reference's unmet part.
fn failure(
    unmet: Unmet<'_, '_>,
    statement: &crate::model::Statement,
    request: &Request<'_>,
    resource: &str,
) -> Failure {
    let texts = |entries: &[crate::model::Spanned<String>]| entries.iter().map(|entry| entry.value.clone()).collect();
    match unmet {
        Unmet::Action => Failure::Action {
            action: request.action.to_owned(),
            negated: statement.action.negated,
            entries: texts(&statement.action.patterns),
        },
        Unmet::Resource => Failure::Resource {
            resource: resource.to_owned(),
            negated: statement.resource.negated,
            entries: texts(&statement.resource.patterns),
        },
        Unmet::Principal => Failure::Principal {
            caller: caller_text(&request.principal),
            entries: statement.principal.as_deref().map(texts).unwrap_or_default(),
        },
        Unmet::BucketOwnerRule => Failure::BucketOwnerRule,
        Unmet::Condition(clause, values) => Failure::Condition {
            operator: clause.operator,
            key: clause.key.value.clone(),
            request_values: values.into_iter().map(str::to_owned).collect(),
            policy_values: texts(&clause.values),
        },
    }
}

/// The caller as the CLI's `--principal` spells it.
fn caller_text(principal: &Principal<'_>) -> String {
    match *principal {
        Principal::Account { uid } => format!("account:{uid}"),
        Principal::RamUser { uid, account } => format!("ram-user:{uid}@{account}"),
        Principal::AssumedRole { arn, .. } => format!("role:{arn}"),
        Principal::Anonymous => "anonymous".to_owned(),
    }
}

impl RequestSummary {
    /// The summary of a request from its parts.
    pub fn new(principal: &Principal<'_>, action: &str, resource: &str, access_point: Option<&str>) -> RequestSummary {
        RequestSummary {
            caller: caller_text(principal),
            action: action.to_owned(),
            resource: resource.to_owned(),
            access_point: access_point.map(str::to_owned),
        }
    }

    /// The summary of `request`.
    pub fn of(request: &Request<'_>) -> RequestSummary {
        let resource = request.resource.to_string();
        RequestSummary::new(&request.principal, request.action, &resource, request.access_point.map(|ap| ap.name))
    }
}

impl Explanation {
    /// The explanation of a request refused before evaluation (as it was built, say).
    pub fn refused(request: RequestSummary, refusal: &RequestError) -> Explanation {
        let verdict = Verdict::Refused { kind: refusal.kind(), message: refusal.to_string() };
        Explanation { request, verdict, policies: Vec::new() }
    }

    /// The combined decision; `None` for a refused request.
    pub fn decision(&self) -> Option<Decision> {
        match self.verdict {
            Verdict::Decided { decision, .. } => Some(decision),
            Verdict::Refused { .. } => None,
        }
    }

    /// The step that decided; `None` for a refused request.
    pub fn step(&self) -> Option<&Step> {
        match &self.verdict {
            Verdict::Decided { step, .. } => Some(step),
            Verdict::Refused { .. } => None,
        }
    }

    /// The refusal's kind, for a refused request.
    pub fn refusal(&self) -> Option<Refusal> {
        match self.verdict {
            Verdict::Refused { kind, .. } => Some(kind),
            Verdict::Decided { .. } => None,
        }
    }

    /// The deciding statement, where one decided.
    pub fn deciding(&self) -> Option<&StatementRef> {
        match &self.verdict {
            Verdict::Decided { deciding, .. } => deciding.as_ref(),
            Verdict::Refused { .. } => None,
        }
    }
}
