//! An explanation as text for people (`Display`) and as JSON for tools
//! ([`Explanation::to_json`]).
//!
//! The text, for a request decided by a bucket policy's condition:
//!
//! ```text
//! Ignore: a RAM user or role of the bucket owner's account: Deny if any policy denies, else Allow if any allows; none does
//! request: ram-user:2021@1746 oss:GetObject acs:oss:cn-hangzhou:1746:example-bucket/a.txt
//! bucket policy: Ignore
//!   statement 0 `Office` (Allow): does not apply: condition `IpAddress` on `acs:SourceIp`: request value `10.0.0.1`, policy value `192.168.0.0/16`
//! ```

use std::fmt::{self, Display, Formatter};

use oss_policy_runtime::{Decision, PolicySource};
use serde_json::{Value, json};

use super::{
    Explanation, Failure, PolicyExplanation, RequestSummary, Standing, StatementExplanation, StatementRef, Step,
    TableRow, Verdict,
};
use crate::model::Effect;

impl Display for Explanation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.verdict {
            Verdict::Refused { kind, message } => writeln!(f, "Refused ({kind}): {message}")?,
            Verdict::Decided { decision, step, deciding } => {
                write!(f, "{decision}: {}", StepText { step, decision: *decision })?;
                if let Some(deciding) = deciding {
                    write!(f, "; decided by {}", StatementText(deciding))?;
                }
                writeln!(f)?;
            }
        }
        writeln!(f, "request: {}", self.request)?;
        for policy in &self.policies {
            write!(f, "{policy}")?;
        }
        Ok(())
    }
}

impl Display for RequestSummary {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.caller, self.action, self.resource)?;
        match &self.access_point {
            Some(name) => write!(f, " through access point `{name}`"),
            None => Ok(()),
        }
    }
}

/// A step in words, ending with what it gave.
struct StepText<'e> {
    step: &'e Step,
    decision: Decision,
}

impl Display for StepText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.step {
            Step::Direct(standing) => write!(f, "{}", StandingText { standing, decision: self.decision }),
            Step::AnonymousThroughAccessPoint => f.write_str("access points do not support anonymous access"),
            Step::AccessPoint(row) => write!(f, "{}", RowText(row)),
        }
    }
}

/// A standing in words, with the rule it follows.
struct StandingText<'e> {
    standing: &'e Standing,
    decision: Decision,
}

impl Display for StandingText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.standing, self.decision) {
            (Standing::BucketOwner, Decision::Deny) => f.write_str("the bucket owner's account, denied by the bucket policy"),
            (Standing::BucketOwner, _) => {
                f.write_str("the bucket owner's account is allowed unless the bucket policy denies (RAM policies do not bind it)")
            }
            (Standing::Anonymous, _) => f.write_str("an anonymous caller: the bucket policy's decision"),
            (Standing::OtherAccount { account }, _) => write!(
                f,
                "a caller of another account ({account}) than the bucket owner's: the bucket policy's decision (its RAM policies grant nothing here)"
            ),
            (Standing::Member, Decision::Ignore) => f.write_str(
                "a RAM user or role of the bucket owner's account: Deny if any policy denies, else Allow if any allows; none does",
            ),
            (Standing::Member, _) => f.write_str(
                "a RAM user or role of the bucket owner's account: Deny if any policy denies, else Allow if any allows",
            ),
        }
    }
}

/// A row of the nine-row table in words.
struct RowText<'e>(&'e TableRow);

impl Display for RowText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let row = self.0;
        write!(f, "through an access point: B (RAM and bucket policies) = {}", row.b)?;
        if row.delegation_missing() {
            f.write_str(
                " (Allow, but the bucket policy does not allow the request: the access point is not delegated)",
            )?;
        }
        write!(f, ", A (access point policy) = {}; Deny if either denies, Allow if both allow, else Ignore", row.a)
    }
}

/// A statement reference in words.
struct StatementText<'e>(&'e StatementRef);

impl Display for StatementText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}, statement {}", self.0.policy, self.0.statement)?;
        match &self.0.sid {
            Some(sid) => write!(f, " `{sid}`"),
            None => Ok(()),
        }
    }
}

impl Display for PolicyExplanation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.decision)?;
        if let Some(statement) = self.statement {
            write!(f, " by statement {statement}")?;
        }
        if self.source == PolicySource::AccessPoint && self.consulted {
            write!(f, " (on `{}`)", self.resource)?;
        }
        if !self.consulted {
            f.write_str(" (not consulted for this request)")?;
        }
        writeln!(f)?;
        for statement in &self.statements {
            writeln!(f, "  {statement}")?;
        }
        Ok(())
    }
}

impl Display for StatementExplanation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "statement {}", self.index)?;
        if let Some(sid) = &self.sid {
            write!(f, " `{sid}`")?;
        }
        write!(f, " ({}): ", effect_name(self.effect))?;
        match &self.failure {
            None => f.write_str("applies"),
            Some(failure) => write!(f, "does not apply: {failure}"),
        }
    }
}

impl Display for Failure {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Action { action, negated: false, entries } => {
                write!(f, "action `{action}` matches no `Action` entry ({})", List(entries))
            }
            Failure::Action { action, negated: true, entries } => {
                write!(f, "action `{action}` matches a `NotAction` entry ({})", List(entries))
            }
            Failure::Resource { resource, negated: false, entries } => {
                write!(f, "resource `{resource}` matches no `Resource` entry ({})", List(entries))
            }
            Failure::Resource { resource, negated: true, entries } => {
                write!(f, "resource `{resource}` matches a `NotResource` entry ({})", List(entries))
            }
            Failure::Principal { caller, entries } => {
                write!(f, "caller `{caller}` matches no `Principal` entry ({})", List(entries))
            }
            Failure::BucketOwnerRule => f.write_str(
                "the bucket-owner rule: a `*` principal without condition does not apply to the bucket owner's account",
            ),
            Failure::Condition { operator, key, request_values, policy_values } => {
                write!(f, "condition `{}` on `{key}`: ", operator.name())?;
                match request_values.as_slice() {
                    [] => f.write_str("key missing")?,
                    [one] => write!(f, "request value `{one}`")?,
                    several => write!(f, "request values {}", List(several))?,
                }
                let noun = if policy_values.len() == 1 { "policy value" } else { "policy values" };
                write!(f, ", {noun} {}", List(policy_values))
            }
        }
    }
}

/// Texts, each in backquotes, separated by commas.
struct List<'e>(&'e [String]);

impl Display for List<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, text) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{text}`")?;
        }
        Ok(())
    }
}

fn effect_name(effect: Effect) -> &'static str {
    match effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    }
}

/// A policy source as JSON names it: `ram[0]`, `bucket`, `access_point`.
fn source_name(source: PolicySource) -> String {
    match source {
        PolicySource::Ram(index) => format!("ram[{index}]"),
        PolicySource::Bucket => "bucket".to_owned(),
        PolicySource::AccessPoint => "access_point".to_owned(),
    }
}

impl Explanation {
    /// The explanation as JSON:
    ///
    /// `{"request": {"caller", "action", "resource", "access_point"}, "decision", "step",
    /// "deciding": {"policy", "statement", "sid"} | null, "policies": [...]}` for an evaluated
    /// request, where `step` is `{"rule": "bucket-owner" | "anonymous" | "other-account" |
    /// "member" | "anonymous-through-access-point" | "access-point", ...}`, and each policy is
    /// `{"policy", "consulted", "resource", "decision", "statement", "statements": [{"index",
    /// "sid", "effect", "applies", "failure"}]}` with `failure` `{"part": "action" | "resource"
    /// | "principal" | "bucket-owner-rule" | "condition", ...}`; `{"request", "refused":
    /// {"kind", "message"}, "policies": []}` for a refused one.
    pub fn to_json(&self) -> Value {
        let request = json!({
            "caller": self.request.caller, "action": self.request.action,
            "resource": self.request.resource, "access_point": self.request.access_point,
        });
        let policies: Vec<Value> = self.policies.iter().map(policy_json).collect();
        match &self.verdict {
            Verdict::Refused { kind, message } => json!({
                "request": request, "refused": {"kind": kind.as_str(), "message": message}, "policies": policies,
            }),
            Verdict::Decided { decision, step, deciding } => json!({
                "request": request,
                "decision": decision.as_str(),
                "step": step_json(step),
                "deciding": deciding.as_ref().map(|d| json!({
                    "policy": source_name(d.policy), "statement": d.statement, "sid": d.sid,
                })),
                "policies": policies,
            }),
        }
    }
}

fn standing_json(standing: &Standing) -> Value {
    match standing {
        Standing::BucketOwner => json!({"rule": "bucket-owner"}),
        Standing::Anonymous => json!({"rule": "anonymous"}),
        Standing::OtherAccount { account } => json!({"rule": "other-account", "account": account}),
        Standing::Member => json!({"rule": "member"}),
    }
}

fn step_json(step: &Step) -> Value {
    match step {
        Step::Direct(standing) => standing_json(standing),
        Step::AnonymousThroughAccessPoint => json!({"rule": "anonymous-through-access-point"}),
        Step::AccessPoint(row) => json!({
            "rule": "access-point",
            "standing": standing_json(&row.standing),
            "direct": row.direct.as_str(),
            "delegated": row.delegated,
            "delegation_missing": row.delegation_missing(),
            "b": row.b.as_str(),
            "a": row.a.as_str(),
        }),
    }
}

fn policy_json(policy: &PolicyExplanation) -> Value {
    let statements: Vec<Value> = policy
        .statements
        .iter()
        .map(|statement| {
            json!({
                "index": statement.index,
                "sid": statement.sid,
                "effect": effect_name(statement.effect),
                "applies": statement.failure.is_none(),
                "failure": statement.failure.as_ref().map(failure_json),
            })
        })
        .collect();
    json!({
        "policy": source_name(policy.source),
        "consulted": policy.consulted,
        "resource": policy.resource,
        "decision": policy.decision.as_str(),
        "statement": policy.statement,
        "statements": statements,
    })
}

fn failure_json(failure: &Failure) -> Value {
    let message = failure.to_string();
    match failure {
        Failure::Action { action, negated, entries } => {
            json!({"part": "action", "action": action, "negated": negated, "entries": entries, "message": message})
        }
        Failure::Resource { resource, negated, entries } => json!({
            "part": "resource", "resource": resource, "negated": negated, "entries": entries, "message": message,
        }),
        Failure::Principal { caller, entries } => {
            json!({"part": "principal", "caller": caller, "entries": entries, "message": message})
        }
        Failure::BucketOwnerRule => json!({"part": "bucket-owner-rule", "message": message}),
        Failure::Condition { operator, key, request_values, policy_values } => json!({
            "part": "condition", "operator": operator.name(), "key": key, "key_missing": request_values.is_empty(),
            "request_values": request_values, "policy_values": policy_values, "message": message,
        }),
    }
}
