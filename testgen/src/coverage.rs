//! Coverage: which features of a policy decided a case, so that a differential run can
//! show it exercised what matters.

use oss_policy_compiler::model::{Effect, OperatorFamily, Policy};
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_runtime::actions::action_id;
use oss_policy_runtime::{Decision, Evaluation, Key, PolicyEngine, PolicyKind};

use crate::random::{RequestData, with_request};

/// The features of `policy` and `data` that decided `evaluation` (the reference's).
pub fn features(
    policy: &Policy,
    data: &RequestData,
    evaluation: Evaluation,
    reference: &ReferencePolicy,
) -> Vec<String> {
    let mut out = Vec::new();
    // The rule matters when the decision changes with an owner that is no caller's.
    let owner_rule_matters = policy.kind == PolicyKind::Bucket
        && with_request(&RequestData { bucket_owner: Some("0"), ..data.clone() }, |request| {
            reference.evaluate(request)
        }) != Ok(evaluation);
    if owner_rule_matters {
        out.push("bucket-owner rule".to_owned());
    }
    let Some(index) = evaluation.statement else { return out };
    let statement = &policy.statements[index as usize];
    let mut add = |name: &str| out.push(name.to_owned());
    add(&format!("decided {:?}", policy.kind));
    if statement.action.negated {
        add("NotAction");
    }
    if statement.resource.negated {
        add("NotResource");
    }
    for pattern in statement.action.patterns.iter().map(|p| p.as_str()) {
        if pattern.contains('*') {
            add("action *");
        }
        if pattern.contains('?') {
            add("action ?");
        }
    }
    if action_id(&data.action).is_none() {
        add("request action outside the known list");
    }
    for pattern in statement.resource.patterns.iter().map(|p| p.as_str()) {
        let segments = pattern.splitn(5, ':').count();
        let relative = pattern.splitn(5, ':').nth(4).unwrap_or("");
        if segments < 5 {
            add("resource pattern of fewer than five segments");
        } else if relative.starts_with('*') {
            add("resource relative id starting with *");
        } else if relative.contains('*') {
            add("resource * after a literal prefix");
        }
        if pattern.contains('?') {
            add("resource ?");
        }
    }
    if data.resource.len() > 1 {
        add("resource in parts");
    }
    for entry in statement.principal.iter().flatten().map(|p| p.as_str()) {
        add(match entry {
            "*" => "principal *",
            e if e.starts_with("arn:sts::") => "principal arn:sts::",
            _ => "principal id",
        });
    }
    for clause in &statement.condition {
        add(&format!("operator {}", clause.operator.name()));
        let present = with_request(data, |request| {
            let key = clause.key.as_str();
            match Key::from_name(key) {
                Some(key) => request.context.get(key).is_some(),
                None => request.context.extra_values(key).is_some(),
            }
        });
        if clause.operator.is_negated() && !present {
            add("negated operator, key missing");
        }
        if let Some((_, values)) = data.extra.iter().find(|(key, _)| key.eq_ignore_ascii_case(clause.key.as_str()))
            && values.len() > 1
        {
            add("multi-valued key");
        }
        match clause.operator.family() {
            OperatorFamily::Ip => {
                if clause.values.iter().any(|v| v.as_str().contains(':')) {
                    add("IPv6 block");
                }
                if clause.values.iter().any(|v| v.as_str().contains('.')) {
                    add("IPv4 block");
                }
            }
            OperatorFamily::Date(_) if clause.values.iter().any(|v| !v.as_str().ends_with('Z')) => {
                add("time zone offset");
            }
            OperatorFamily::String | OperatorFamily::StringIgnoreCase | OperatorFamily::StringLike
                if matches!(Key::from_name(clause.key.as_str()), Some(Key::SourceIp | Key::SecureTransport)) =>
            {
                add("string operator on a typed key");
            }
            _ => {}
        }
    }
    let statements_of = |effect: Effect| policy.statements.iter().filter(|s| s.effect == effect).count();
    if evaluation.decision == Decision::Deny && statements_of(Effect::Allow) > 0 {
        let allows = Policy {
            kind: policy.kind,
            statements: policy.statements.iter().filter(|s| s.effect == Effect::Allow).cloned().collect(),
        };
        let allowed = with_request(data, |request| ReferencePolicy::new(allows).evaluate(request));
        if allowed.is_ok_and(|evaluation| evaluation.decision == Decision::Allow) {
            add("deny over an applying allow");
        }
    }
    if statements_of(evaluation_effect(evaluation)) > 1 {
        add("several statements of the deciding effect");
    }
    out
}

fn evaluation_effect(evaluation: Evaluation) -> Effect {
    if evaluation.decision == Decision::Deny { Effect::Deny } else { Effect::Allow }
}

/// The features a differential run must have seen decide cases.
pub const REQUIRED_FEATURES: &[&str] = &[
    "decided Ram",
    "decided Bucket",
    "decided AccessPoint",
    "NotAction",
    "NotResource",
    "action *",
    "action ?",
    "request action outside the known list",
    "resource pattern of fewer than five segments",
    "resource relative id starting with *",
    "resource * after a literal prefix",
    "resource ?",
    "resource in parts",
    "principal *",
    "principal id",
    "principal arn:sts::",
    "negated operator, key missing",
    "multi-valued key",
    "IPv4 block",
    "IPv6 block",
    "time zone offset",
    "string operator on a typed key",
    "deny over an applying allow",
    "several statements of the deciding effect",
    "bucket-owner rule",
];
