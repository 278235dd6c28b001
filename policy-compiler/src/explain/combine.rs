//! The combined decision of docs/SPEC.md section 5, over the policies' own decisions,
//! transcribed step by step (and independently of the runtime's authorizer, which a test
//! holds it equal to).

use oss_policy_runtime::{Decision, PolicySource, Principal, Request};

use super::{PolicyExplanation, Standing, StatementRef, Step, TableRow, Verdict};

/// The verdict on an evaluated `request` (its refusals already ruled out) for a bucket
/// owned by `owner`, from each policy's explanation; marks the policies the step consults.
pub(super) fn combine(request: &Request<'_>, owner: &str, policies: &mut [PolicyExplanation]) -> Verdict {
    let standing = standing(&request.principal, owner);
    let decided = |decision, step, deciding| Verdict::Decided { decision, step, deciding };
    if request.access_point.is_none() {
        let (decision, deciding) = direct(&standing, policies);
        return decided(decision, Step::Direct(standing), deciding);
    }
    // "Access points do not support anonymous access": no policy is asked.
    if standing == Standing::Anonymous {
        return decided(Decision::Ignore, Step::AnonymousThroughAccessPoint, None);
    }
    let (direct_decision, direct_deciding) = direct(&standing, policies);
    // Delegation: the bucket policy itself allows the request.
    let delegated = decision_of(policies, PolicySource::Bucket).0 == Decision::Allow;
    let b = if direct_decision == Decision::Allow && !delegated { Decision::Ignore } else { direct_decision };
    let (a, a_deciding) = decision_of(policies, PolicySource::AccessPoint);
    consult(policies, |source| source == PolicySource::AccessPoint);
    let (decision, deciding) = match (b, a) {
        (Decision::Deny, _) => (Decision::Deny, direct_deciding),
        (_, Decision::Deny) => (Decision::Deny, a_deciding),
        (Decision::Allow, Decision::Allow) => (Decision::Allow, a_deciding),
        _ => (Decision::Ignore, None),
    };
    let row = TableRow { standing, direct: direct_decision, delegated, b, a };
    decided(decision, Step::AccessPoint(row), deciding)
}

/// Where `caller` stands towards a bucket owned by `owner`.
fn standing(caller: &Principal<'_>, owner: &str) -> Standing {
    match (*caller, caller.account()) {
        (Principal::Account { uid }, _) if uid == owner => Standing::BucketOwner,
        (_, None) => Standing::Anonymous,
        (_, Some(account)) if account != owner => Standing::OtherAccount { account: account.to_owned() },
        (_, Some(_)) => Standing::Member,
    }
}

/// The direct decision (docs/SPEC.md section 5, "Direct request") and its deciding statement.
fn direct(standing: &Standing, policies: &mut [PolicyExplanation]) -> (Decision, Option<StatementRef>) {
    match standing {
        Standing::BucketOwner => {
            consult(policies, |source| source == PolicySource::Bucket);
            match decision_of(policies, PolicySource::Bucket) {
                // Allowed by default; the bucket policy's statement is cited when it speaks.
                (Decision::Ignore, _) => (Decision::Allow, None),
                spoken => spoken,
            }
        }
        Standing::Anonymous | Standing::OtherAccount { .. } => {
            consult(policies, |source| source == PolicySource::Bucket);
            decision_of(policies, PolicySource::Bucket)
        }
        Standing::Member => {
            let ram_or_bucket = |source| matches!(source, PolicySource::Ram(_) | PolicySource::Bucket);
            consult(policies, ram_or_bucket);
            // RAM policies in order, then the bucket policy: the first Deny, else the first Allow.
            [Decision::Deny, Decision::Allow]
                .into_iter()
                .find_map(|wanted| {
                    policies
                        .iter()
                        .find(|policy| ram_or_bucket(policy.source) && policy.decision == wanted)
                        .map(|policy| (wanted, deciding(policy)))
                })
                .unwrap_or((Decision::Ignore, None))
        }
    }
}

/// Marks the policies whose source passes `which` as consulted.
fn consult(policies: &mut [PolicyExplanation], which: impl Fn(PolicySource) -> bool) {
    for policy in policies.iter_mut().filter(|policy| which(policy.source)) {
        policy.consulted = true;
    }
}

/// The decision of the policy from `source` and its deciding statement; Ignore when there
/// is no such policy.
fn decision_of(policies: &[PolicyExplanation], source: PolicySource) -> (Decision, Option<StatementRef>) {
    policies
        .iter()
        .find(|policy| policy.source == source)
        .map_or((Decision::Ignore, None), |policy| (policy.decision, deciding(policy)))
}

/// The statement that decided `policy`.
fn deciding(policy: &PolicyExplanation) -> Option<StatementRef> {
    let statement = policy.statement?;
    let sid = policy.statements.iter().find(|explained| explained.index == statement).and_then(|s| s.sid.clone());
    Some(StatementRef { policy: policy.source, statement, sid })
}

/// The access point resource the access point policy sees (docs/SPEC.md section 5):
/// `acs:oss:{region}:{account}:accesspoint/{name}` for a bucket ARN,
/// `.../accesspoint/{name}/object/{key}` for an object ARN, region and account kept.
/// `bucket_arn` passed the authorizer's checks, so it has the five segments.
pub(super) fn access_point_resource(bucket_arn: &str, name: &str) -> String {
    let fourth_colon = bucket_arn.match_indices(':').nth(3).map_or(bucket_arn.len(), |(at, _)| at + 1);
    let (prefix, relative) = bucket_arn.split_at_checked(fourth_colon).unwrap_or((bucket_arn, ""));
    match relative.split_once('/') {
        Some((_, key)) => format!("{prefix}accesspoint/{name}/object/{key}"),
        None => format!("{prefix}accesspoint/{name}"),
    }
}
