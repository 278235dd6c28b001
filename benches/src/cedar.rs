//! The benchmark cases translated to [cedar-policy](https://docs.rs/cedar-policy) (feature
//! `peers`), to time a general-purpose policy engine on the same questions.
//!
//! # The translation
//!
//! Each statement becomes one Cedar policy (`Allow` → `permit`, `Deny` → `forbid`) with
//! the id `ram{i}-{n}`, `bucket-{n}` or `access-point-{n}`; everything is in its `when`
//! clause but an `Action` list of known action names, which becomes the scope
//! `action in [...]`.
//!
//! * **Entities.** The caller is `Uid::"{uid}"` (an account or a RAM user), `Sts::"{arn}"`
//!   (an assumed role) or `Anonymous::"anonymous"`; the resource is `Resource::"{arn}"`; the
//!   action is `Action::"{name}"`, with the known action's canonical name (action names
//!   are case-insensitive). ARNs carry their segments as attributes: `seg0`..`seg3` (the
//!   segments that end at a colon) and `rest0`..`rest4` (from the start of a segment to the
//!   end), so that a pattern is matched **segment by segment** (docs/SPEC.md section 2): the
//!   pattern `acs:oss:*:1:b/*` is `resource has rest4 && resource.seg3 like "1" &&
//!   resource.rest4 like "b/*"` (segments `*` are not tested).
//! * **Actions.** Exact names of known actions → `action in [...]`; wildcard entries and
//!   names outside the known list → `context.action like "..."` over the ASCII-lower-case
//!   request action and pattern; `NotAction` negates.
//! * **Principals.** `*` → `true`; ids → `[Uid::"...", ...].contains(principal)` (ids are
//!   compared literally); `arn:sts::` patterns → `principal is Sts` and its segments.
//! * **Conditions.** Key names are lower-cased (but the tag name after `/` in the tag
//!   keys) on both sides; the request's context holds each present key as a string, its
//!   lower-cased form under `lower:{key}`, a boolean under `bool:{key}` when the text is
//!   one, and `acs:SourceIp` as an `ipaddr` under `ip:acs:sourceip`. `StringEquals` →
//!   `==`, `StringEqualsIgnoreCase` → `==` on `lower:`, `StringLike` → `like`, `IpAddress`
//!   → `isInRange`, `Bool` → `==`; each guarded by `has` (a missing key: a positive
//!   operator does not hold, a negated one does), values OR-ed, negated operators negated.
//! * **The combined decision** (docs/SPEC.md section 5). Cedar decides `Allow` when some permit
//!   applies and no forbid does, and `Deny` otherwise; a `Deny` that some forbid caused is
//!   the explicit Deny, one without is Ignore. A direct request is one call over the RAM
//!   and bucket statements together (Deny if any denies, else Allow if any allows), plus a
//!   permit for the bucket owner's account. Three request facts, worked out when the
//!   request is built like the rest of its context, carry the rules on who is bound:
//!   `context.ownerCaller` (the bucket owner's account: RAM statements and bucket
//!   statements for `*` without a condition do not apply to it), `context.ramApplies`
//!   (not anonymous, not another account, not the owner) and
//!   `context.throughAccessPoint`. A request through an access point is two calls: B over
//!   the RAM and bucket statements, where RAM permits and the owner's permit do not count
//!   (without the bucket policy's own Allow, the access point is not delegated), and A
//!   over the access point statements on the derived access point resource; the result
//!   is Deny if either denies, Allow if both allow, Ignore otherwise. The service-set keys
//!   are set or removed as the combined authorizer does.
//!
//! # Gaps
//!
//! Cedar's `like` has `*` but no `?`, and whole-string patterns only; so a pattern with
//! `?` (or a `"` or `\`), a `Numeric*` or `Date*` operator, an `IpAddress` on a key other
//! than `acs:SourceIp`, and a request key with several values are not translated: the
//! translation reports them and the benchmarks use none of them. Cedar stops at the
//! first matching forbid or permit only in its decision, not in its explanation, so the
//! deciding statement is not compared, only the decision.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, Policy, PolicyId, PolicySet,
    RestrictedExpression,
};
use oss_policy_compiler::cases::RequestSpec;
use oss_policy_compiler::model::{ConditionClause, Effect, OperatorFamily, PatternList, Statement};
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::actions::{KNOWN_ACTIONS, action_id};
use oss_policy_runtime::matchers::fold::fold;
use oss_policy_runtime::value::{IpBlock, parse_bool};
use oss_policy_runtime::{Decision, Key, Principal, Request};

use crate::cases::Case;
use crate::engines::Role;

/// A case's policies in Cedar: the set a direct request (or B) is decided by, and the set
/// of the access point policy (A).
pub struct CedarCase {
    direct: PolicySet,
    access_point: PolicySet,
    authorizer: Authorizer,
}

/// One request of a case, built for Cedar before any timing.
pub struct CedarRequest {
    /// The decision without asking Cedar (an anonymous caller through an access point).
    fixed: Option<Decision>,
    direct: cedar_policy::Request,
    access_point: Option<cedar_policy::Request>,
    entities: Entities,
}

impl CedarCase {
    /// Translates every policy of `case`.
    ///
    /// # Errors
    /// A policy that does not parse, or uses what the translation leaves out (module docs).
    pub fn translate(case: &Case) -> Result<CedarCase, String> {
        let mut direct = PolicySet::new();
        let mut access_point = PolicySet::new();
        for (role, text) in case.policies() {
            let policy = parse_policy(text, role.kind(), &Limits::none())
                .map_err(|errors| format!("{} {role:?}: {}", case.name(), errors.first()))?;
            let (prefix, set) = match role {
                Role::Ram(i) => (format!("ram{i}"), &mut direct),
                Role::Bucket => ("bucket".to_owned(), &mut direct),
                Role::AccessPoint => ("access-point".to_owned(), &mut access_point),
            };
            for (n, statement) in policy.statements.iter().enumerate() {
                let id = format!("{prefix}-{n}");
                let text = statement_text(role, statement).map_err(|error| format!("{} {id}: {error}", case.name()))?;
                add(set, &id, &text)?;
            }
        }
        add(
            &mut direct,
            "bucket-owner",
            "permit(principal, action, resource) when { context.ownerCaller && !context.throughAccessPoint };",
        )?;
        Ok(CedarCase { direct, access_point, authorizer: Authorizer::new() })
    }

    /// Builds `spec`'s request of `case` for Cedar.
    ///
    /// # Errors
    /// When the request cannot be built or translated.
    pub fn request(&self, case: &Case, spec: &RequestSpec) -> Result<CedarRequest, String> {
        case.with_request(spec, build_request)?
    }

    /// Decides a request: the timed call (one or two `is_authorized`).
    pub fn decide(&self, request: &CedarRequest) -> Decision {
        if let Some(decision) = request.fixed {
            return decision;
        }
        let decide = |cedar: &cedar_policy::Request, set: &PolicySet| {
            decision(&self.authorizer.is_authorized(cedar, set, &request.entities))
        };
        let b = decide(&request.direct, &self.direct);
        match &request.access_point {
            None => b,
            Some(through) => match (b, decide(through, &self.access_point)) {
                (Decision::Deny, _) | (_, Decision::Deny) => Decision::Deny,
                (Decision::Allow, Decision::Allow) => Decision::Allow,
                _ => Decision::Ignore,
            },
        }
    }
}

fn add(set: &mut PolicySet, id: &str, text: &str) -> Result<(), String> {
    let policy = Policy::parse(Some(PolicyId::new(id)), text).map_err(|error| format!("{id}: {error}: {text}"))?;
    set.add(policy).map_err(|error| format!("{id}: {error}"))
}

/// Cedar's answer as a three-valued decision: a Deny caused by a forbid is explicit.
fn decision(response: &cedar_policy::Response) -> Decision {
    match response.decision() {
        cedar_policy::Decision::Allow => Decision::Allow,
        cedar_policy::Decision::Deny if response.diagnostics().reason().next().is_some() => Decision::Deny,
        cedar_policy::Decision::Deny => Decision::Ignore,
    }
}

/// One statement as Cedar policy text.
fn statement_text(role: Role, statement: &Statement) -> Result<String, String> {
    let effect = match statement.effect {
        Effect::Allow => "permit",
        Effect::Deny => "forbid",
    };
    let (scope, action) = actions(&statement.action)?;
    let mut when = vec![action, resources(&statement.resource)?];
    if let Some(principal) = &statement.principal {
        when.push(principals(principal.iter().map(|entry| entry.as_str()))?);
        let any = principal.iter().any(|entry| entry.as_str() == "*");
        if role == Role::Bucket && any && statement.condition.is_empty() {
            when.push("!context.ownerCaller".to_owned());
        }
    }
    for clause in &statement.condition {
        when.push(condition(clause)?);
    }
    match (role, statement.effect) {
        (Role::Ram(_), Effect::Allow) => when.push("context.ramApplies && !context.throughAccessPoint".to_owned()),
        (Role::Ram(_), Effect::Deny) => when.push("context.ramApplies".to_owned()),
        _ => {}
    }
    let when: Vec<String> = when.into_iter().filter(|part| part != "true").map(|part| format!("({part})")).collect();
    let when = if when.is_empty() { "true".to_owned() } else { when.join(" && ") };
    Ok(format!("{effect}(principal, action{scope}, resource) when {{ {when} }};"))
}

/// The action scope (for a list of known names only) and condition.
fn actions(list: &PatternList) -> Result<(String, String), String> {
    let mut known = Vec::new();
    let mut patterns = Vec::new();
    for entry in list.patterns.iter().map(|entry| entry.as_str()) {
        match action_id(entry).and_then(|id| KNOWN_ACTIONS.get(usize::from(id))) {
            Some(action) if !entry.contains('*') => known.push(format!("Action::{}", quote(action.name)?)),
            _ => patterns.push(like("context.action", &entry.to_ascii_lowercase())?),
        }
    }
    if !list.negated && patterns.is_empty() {
        return Ok((format!(" in [{}]", known.join(", ")), "true".to_owned()));
    }
    if !known.is_empty() {
        patterns.push(format!("[{}].contains(action)", known.join(", ")));
    }
    let any = patterns.join(" || ");
    Ok((String::new(), if list.negated { format!("!({any})") } else { any }))
}

/// The resource condition: any pattern matches (none, for `NotResource`).
fn resources(list: &PatternList) -> Result<String, String> {
    let any: Vec<String> =
        list.patterns.iter().map(|pattern| arn_pattern("resource", pattern.as_str())).collect::<Result<_, _>>()?;
    let any = any.join(" || ");
    Ok(if list.negated { format!("!({any})") } else { any })
}

/// An ARN pattern matched segment by segment against the ARN attributes of `subject`.
fn arn_pattern(subject: &str, pattern: &str) -> Result<String, String> {
    let segments: Vec<&str> = pattern.splitn(5, ':').collect();
    let last = segments.len() - 1;
    let mut parts = vec![format!("{subject} has rest{last}")];
    for (i, segment) in segments.iter().enumerate().take(last) {
        if *segment != "*" {
            parts.push(like(&format!("{subject}.seg{i}"), segment)?);
        }
    }
    parts.push(like(&format!("{subject}.rest{last}"), segments.get(last).copied().unwrap_or(""))?);
    Ok(format!("({})", parts.join(" && ")))
}

/// The principal condition of a bucket or access point policy statement.
fn principals<'e>(entries: impl Iterator<Item = &'e str>) -> Result<String, String> {
    let mut ids = Vec::new();
    let mut any = Vec::new();
    for entry in entries {
        if entry == "*" {
            return Ok("true".to_owned());
        } else if entry.starts_with("arn:sts::") {
            any.push(format!("(principal is Sts && {})", arn_pattern("principal", entry)?));
        } else {
            ids.push(format!("Uid::{}", quote(entry)?));
        }
    }
    if !ids.is_empty() {
        any.push(format!("[{}].contains(principal)", ids.join(", ")));
    }
    Ok(any.join(" || "))
}

/// One condition clause.
fn condition(clause: &ConditionClause) -> Result<String, String> {
    let key = normalize_key(clause.key.as_str());
    let values = clause.values.iter().map(|value| value.as_str());
    let (attribute, tests): (String, Vec<String>) = match clause.operator.family() {
        OperatorFamily::String => {
            let attribute = format!("context[{}]", quote(&key)?);
            (key, values.map(|v| Ok(format!("{attribute} == {}", quote(v)?))).collect::<Result<_, String>>()?)
        }
        OperatorFamily::StringIgnoreCase => {
            let name = format!("lower:{key}");
            let attribute = format!("context[{}]", quote(&name)?);
            (name, values.map(|v| Ok(format!("{attribute} == {}", quote(&fold(v))?))).collect::<Result<_, String>>()?)
        }
        OperatorFamily::StringLike => {
            let attribute = format!("context[{}]", quote(&key)?);
            (key, values.map(|v| like(&attribute, v)).collect::<Result<_, String>>()?)
        }
        OperatorFamily::Bool => {
            let name = format!("bool:{key}");
            let attribute = format!("context[{}]", quote(&name)?);
            let tests = values.filter_map(parse_bool).map(|b| format!("{attribute} == {b}")).collect();
            (name, tests)
        }
        OperatorFamily::Ip if key == "acs:sourceip" => {
            let name = format!("ip:{key}");
            let attribute = format!("context[{}]", quote(&name)?);
            let tests = values
                .filter_map(IpBlock::parse)
                .map(|block| format!("{attribute}.isInRange(ip(\"{}\"))", cidr(block)))
                .collect();
            (name, tests)
        }
        family => return Err(format!("{family:?} on `{key}` is not translated")),
    };
    let any = if tests.is_empty() { "false".to_owned() } else { tests.join(" || ") };
    let positive = format!("context has {} && ({any})", quote(&attribute)?);
    Ok(if clause.operator.is_negated() { format!("!({positive})") } else { positive })
}

/// A block as Cedar's `ip` takes it.
fn cidr(block: IpBlock) -> String {
    match block {
        IpBlock::V4 { network, prefix } => format!("{}/{prefix}", core::net::Ipv4Addr::from(network)),
        IpBlock::V6 { network, prefix } => format!("{}/{prefix}", core::net::Ipv6Addr::from(network)),
    }
}

/// A condition key's name with the case that matters: lower-case, but the tag name after
/// `/` in the tag keys (docs/SPEC.md section 3).
fn normalize_key(name: &str) -> String {
    for prefix in ["oss:ExistingObjectTag/", "oss:RequestObjectTag/", "oss:BucketTag/"] {
        if let (Some(head), Some(tag)) = (name.get(..prefix.len()), name.get(prefix.len()..))
            && head.eq_ignore_ascii_case(prefix)
        {
            return format!("{}{tag}", prefix.to_ascii_lowercase());
        }
    }
    name.to_ascii_lowercase()
}

/// A Cedar string literal.
fn quote(text: &str) -> Result<String, String> {
    if text.contains(['"', '\\']) {
        return Err(format!("`{text}` has a quote or a backslash"));
    }
    Ok(format!("\"{text}\""))
}

/// `{subject} like "{pattern}"`: the same `*`; Cedar has no `?`.
fn like(subject: &str, pattern: &str) -> Result<String, String> {
    if pattern.contains('?') {
        return Err(format!("`{pattern}` has `?`, which Cedar's `like` lacks"));
    }
    Ok(format!("{subject} like {}", quote(pattern)?))
}

/// The Cedar request(s) for one request, built before any timing.
fn build_request(request: &Request<'_>) -> Result<CedarRequest, String> {
    let resource = request.resource.to_string();
    let owner = matches!((request.principal, request.bucket_owner), (Principal::Account { uid }, Some(o)) if uid == o);
    let other_account = matches!((request.principal.account(), request.bucket_owner), (Some(a), Some(o)) if a != o);
    let anonymous = matches!(request.principal, Principal::Anonymous);
    let facts = [
        ("ownerCaller", owner),
        ("ramApplies", !owner && !other_account && !anonymous),
        ("throughAccessPoint", request.access_point.is_some()),
    ];
    let principal = principal_entity(request.principal)?;
    let action_name = match action_id(request.action).and_then(|id| KNOWN_ACTIONS.get(usize::from(id))) {
        Some(known) => known.name.to_owned(),
        None => request.action.to_ascii_lowercase(),
    };
    let action = uid("Action", &action_name)?;
    let context = context(request, &facts)?;
    let mut entities = vec![principal.clone(), arn_entity("Resource", &resource)?];
    let build = |resource: &str| {
        cedar_policy::Request::new(principal.uid(), action.clone(), uid("Resource", resource)?, context.clone(), None)
            .map_err(|error| error.to_string())
    };
    let direct = build(&resource)?;
    let (fixed, access_point) = match request.access_point {
        None => (None, None),
        Some(_) if anonymous => (Some(Decision::Ignore), None),
        Some(point) => {
            let derived = access_point_resource(&resource, point.name)?;
            entities.push(arn_entity("Resource", &derived)?);
            (None, Some(build(&derived)?))
        }
    };
    let entities = Entities::from_entities(entities, None).map_err(|error| error.to_string())?;
    Ok(CedarRequest { fixed, direct, access_point, entities })
}

/// The request's context, with the service-set keys set or removed as the combined
/// authorizer does, and the facts.
fn context(request: &Request<'_>, facts: &[(&str, bool)]) -> Result<Context, String> {
    let mut pairs: Vec<(String, RestrictedExpression)> =
        vec![("action".to_owned(), RestrictedExpression::new_string(request.action.to_ascii_lowercase()))];
    pairs.extend(facts.iter().map(|(name, value)| ((*name).to_owned(), RestrictedExpression::new_bool(*value))));
    let mut keys: Vec<(String, &str)> = request
        .context
        .well_known()
        .filter(|(key, _)| !key.is_service_set())
        .map(|(key, text)| (normalize_key(key.name()), text))
        .collect();
    if let Some(point) = request.access_point {
        let service = [
            (Key::DataAccessPointArn, point.arn),
            (Key::DataAccessPointAccount, point.account),
            (Key::AccessPointNetworkOrigin, point.network_origin.as_str()),
        ];
        keys.extend(service.map(|(key, text)| (normalize_key(key.name()), text)));
    }
    for entry in request.context.extra() {
        let [text] = entry.values else { return Err(format!("`{}` has several values", entry.key)) };
        keys.push((normalize_key(entry.key), text));
    }
    for (name, text) in keys {
        if let Some(value) = parse_bool(text) {
            pairs.push((format!("bool:{name}"), RestrictedExpression::new_bool(value)));
        }
        if name == "acs:sourceip" {
            pairs.push((format!("ip:{name}"), RestrictedExpression::new_ip(text)));
        }
        pairs.push((format!("lower:{name}"), RestrictedExpression::new_string(fold(text))));
        pairs.push((name, RestrictedExpression::new_string(text.to_owned())));
    }
    Context::from_pairs(pairs).map_err(|error| error.to_string())
}

/// The caller's entity.
fn principal_entity(principal: Principal<'_>) -> Result<Entity, String> {
    match principal {
        Principal::Account { uid: id } | Principal::RamUser { uid: id, .. } => {
            Ok(Entity::new_no_attrs(uid("Uid", id)?, HashSet::new()))
        }
        Principal::AssumedRole { arn, .. } => arn_entity("Sts", arn),
        Principal::Anonymous => Ok(Entity::new_no_attrs(uid("Anonymous", "anonymous")?, HashSet::new())),
    }
}

/// An entity named by an ARN, with its segments as attributes: `seg{i}` for the segments
/// that end at a colon, `rest{i}` from the start of segment `i` to the end.
fn arn_entity(kind: &str, arn: &str) -> Result<Entity, String> {
    let pieces: Vec<&str> = arn.splitn(5, ':').collect();
    let mut attributes = HashMap::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i + 1 < pieces.len() {
            attributes.insert(format!("seg{i}"), RestrictedExpression::new_string((*piece).to_owned()));
        }
        let rest = pieces.get(i..).unwrap_or_default().join(":");
        attributes.insert(format!("rest{i}"), RestrictedExpression::new_string(rest));
    }
    Entity::new(uid(kind, arn)?, attributes, HashSet::new()).map_err(|error| error.to_string())
}

fn uid(kind: &str, id: &str) -> Result<EntityUid, String> {
    let kind = EntityTypeName::from_str(kind).map_err(|error| error.to_string())?;
    Ok(EntityUid::from_type_name_and_id(kind, EntityId::new(id)))
}

/// The access point resource of docs/SPEC.md section 5: `acs:oss:{region}:{account}:accesspoint/{ap}`
/// for the bucket, `.../accesspoint/{ap}/object/{key}` for an object.
fn access_point_resource(bucket_arn: &str, access_point: &str) -> Result<String, String> {
    let pieces: Vec<&str> = bucket_arn.splitn(5, ':').collect();
    let not_an_arn = || format!("`{bucket_arn}` is not a bucket or object ARN of OSS");
    let [acs, oss, region, account, relative] = pieces.as_slice() else { return Err(not_an_arn()) };
    if (*acs, *oss) != ("acs", "oss") || relative.is_empty() || relative.starts_with('/') {
        return Err(not_an_arn());
    }
    let prefix = format!("acs:oss:{region}:{account}:accesspoint/{access_point}");
    Ok(match relative.split_once('/') {
        Some((_, key)) => format!("{prefix}/object/{key}"),
        None => prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::{Policies, REFERENCE};
    use crate::scale::{Family, case};

    fn agree(case: &Case) {
        let cedar = CedarCase::translate(case).unwrap();
        let reference = Policies::build(&REFERENCE, case).unwrap().required().unwrap();
        for spec in &case.file().requests {
            let want = reference.with_authorizer(case.bucket_owner(), |a| case.authorize(a, spec)).unwrap().unwrap();
            let got = cedar.decide(&cedar.request(case, spec).unwrap());
            assert_eq!(got, want, "{}: {}", case.name(), spec.name);
        }
    }

    #[test]
    fn every_benchmark_request_is_decided_as_the_reference_evaluator_decides() {
        for case in Case::seeds().unwrap() {
            agree(&case);
        }
        agree(&Case::combined().unwrap());
        for family in Family::ALL {
            for statements in [10, 100, 1_000] {
                agree(&case(family, statements).unwrap());
            }
        }
    }

    #[test]
    fn patterns_match_segment_by_segment() {
        assert_eq!(
            arn_pattern("resource", "acs:oss:*:1:b/*").unwrap(),
            r#"(resource has rest4 && resource.seg0 like "acs" && resource.seg1 like "oss" && resource.seg3 like "1" && resource.rest4 like "b/*")"#
        );
        assert_eq!(arn_pattern("resource", "*").unwrap(), r#"(resource has rest0 && resource.rest0 like "*")"#);
        assert!(arn_pattern("resource", "acs:oss:*:1:b/?").is_err());
        assert_eq!(normalize_key("OSS:ExistingObjectTag/Status"), "oss:existingobjecttag/Status");
        assert_eq!(normalize_key("ACS:SourceIp"), "acs:sourceip");
    }
}
