//! The rules that refuse a request before any policy sees it (docs/SPEC.md sections 2, 3 and
//! 5): an action that is not `{service}:{name}` or an `oss:` action outside the known
//! table, an unknown bucket owner, a malformed caller, an inconsistent access point, and a
//! request over the [request limits](RequestLimits). [`Prepared`](crate::Prepared) runs
//! them, so every path to a decision — the authorizer and every engine's `evaluate` —
//! passes them.
//!
//! Their cost is kept off the common path: a known action needs no more check than the
//! lookup that found it, a caller a few length tests, and the limits three comparisons
//! of sizes the [`Context`](crate::Context) counted as it was built. The work of a rule
//! that fails, or of a rare shape (an assumed role, an access point, a resource longer
//! than the key limit), is out of line.

use crate::actions::ActionId;
use crate::error::{Refusal, RequestError};
use crate::limits::{RequestLimits, over};
use crate::matchers::arn::{self, Arn};
use crate::matchers::same;
use crate::request::{AccessPoint, Principal, Request};

/// Runs every rule on `request`, whose action `id` was looked up and whose resource is
/// `resource`, for a bucket owned by `owner`.
#[inline(always)]
pub(crate) fn check(
    request: &Request<'_>,
    id: Option<ActionId>,
    resource: &Arn<'_>,
    owner: Option<&str>,
    limits: &RequestLimits,
) -> Result<(), RequestError> {
    if id.is_none() {
        check_unknown_action(request.action)?;
    }
    if owner.is_none_or(str::is_empty) {
        return Err(no_bucket_owner());
    }
    check_caller(request.principal)?;
    if let Some(access_point) = request.access_point {
        check_access_point(access_point)?;
    }
    check_limits(request, resource, limits)
}

/// docs/SPEC.md section 2: an action the table does not know is evaluated only when it is of
/// another service than `oss` and well-formed.
#[cold]
#[inline(never)]
fn check_unknown_action(action: &str) -> Result<(), RequestError> {
    let part =
        |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match action.split_once(':') {
        Some((service, name)) if part(service) && part(name) => {
            if service.eq_ignore_ascii_case("oss") {
                Err(RequestError::new(Refusal::UnknownAction, format!("`{action}` is not a known OSS action")))
            } else {
                Ok(())
            }
        }
        _ => Err(RequestError::new(
            Refusal::BadAction,
            format!(
                "`{}` is not an action: `{{service}}:{{name}}`, of ASCII letters, digits, `-` and `_`",
                action.escape_debug()
            ),
        )),
    }
}

#[cold]
fn no_bucket_owner() -> RequestError {
    RequestError::new(Refusal::NoBucketOwner, "the bucket owner is not known: every request names it".to_owned())
}

/// docs/SPEC.md section 5: ids and accounts are non-empty; an assumed role's ARN is its
/// account's.
#[inline]
fn check_caller(principal: Principal<'_>) -> Result<(), RequestError> {
    let (id, account) = match principal {
        Principal::Account { uid } => (uid, uid),
        Principal::RamUser { uid, account } => (uid, account),
        Principal::AssumedRole { arn, account } => return check_assumed_role(arn, account),
        Principal::Anonymous => return Ok(()),
    };
    if id.is_empty() || account.is_empty() {
        return Err(bad_caller(format!("the caller {principal:?} has an empty id or account")));
    }
    Ok(())
}

/// An assumed role's ARN is `arn:sts::{account}:assumed-role/{role}/{session}`, every
/// part non-empty, `{account}` the caller's account.
#[cold]
#[inline(never)]
fn check_assumed_role(arn: &str, account: &str) -> Result<(), RequestError> {
    let well_formed = arn
        .strip_prefix("arn:sts::")
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(of, rest)| Some((of, rest.strip_prefix("assumed-role/")?.split_once('/')?)))
        .is_some_and(|(of, (role, session))| {
            !account.is_empty() && of == account && !role.is_empty() && !session.is_empty()
        });
    if well_formed {
        Ok(())
    } else {
        Err(bad_caller(format!(
            "the assumed role `{arn}` is not `arn:sts::{account}:assumed-role/{{role}}/{{session}}` of its account `{account}`"
        )))
    }
}

#[cold]
fn bad_caller(message: String) -> RequestError {
    RequestError::new(Refusal::BadCaller, message)
}

/// docs/SPEC.md section 5: the access point's name cannot carry a path or a pattern into the
/// derived resource, and its ARN is `acs:oss:{region}:{account}:accesspoint/{name}`.
#[cold]
#[inline(never)]
fn check_access_point(access_point: AccessPoint<'_>) -> Result<(), RequestError> {
    let AccessPoint { name, arn, account, .. } = access_point;
    let bad = |why: &str| RequestError::new(Refusal::BadAccessPoint, format!("access point `{name}` ({arn}): {why}"));
    let forbidden = |c: char| matches!(c, '/' | ':' | '*' | '?') || c.is_whitespace();
    if name.is_empty() || name.contains(forbidden) {
        return Err(bad("a name is non-empty, without `/`, `:`, `*`, `?` or white space"));
    }
    if account.is_empty() {
        return Err(bad("its account is empty"));
    }
    // Five segments, split at the first four colons (SPEC.md section 2); the region is
    // not constrained.
    let mut segments = arn.splitn(arn::SEGMENTS, ':');
    let consistent = segments.next() == Some("acs")
        && segments.next() == Some("oss")
        && segments.next().is_some()
        && segments.next() == Some(account)
        && segments.next().and_then(|relative| relative.strip_prefix("accesspoint/")) == Some(name);
    if consistent { Ok(()) } else { Err(bad("its ARN is not `acs:oss:{region}:{account}:accesspoint/{name}`")) }
}

/// docs/SPEC.md section 3, "Request limits".
#[inline]
fn check_limits(request: &Request<'_>, resource: &Arn<'_>, limits: &RequestLimits) -> Result<(), RequestError> {
    let size = request.context.size();
    let context_over = over(size.keys, limits.context_keys())
        | over(size.longest_value, limits.context_value())
        | over(size.most_values, limits.values_per_key());
    // The object key is part of the resource: a resource no longer than the limit has no
    // longer key.
    if context_over || over(request.resource.len(), limits.object_key()) {
        return over_limit(request, resource, limits);
    }
    Ok(())
}

/// Which limit a request that may be over one is over, if any.
#[cold]
#[inline(never)]
fn over_limit(request: &Request<'_>, resource: &Arn<'_>, limits: &RequestLimits) -> Result<(), RequestError> {
    let refuse = |what: String| Err(RequestError::new(Refusal::OverLimit, what));
    let size = request.context.size();
    if over(size.keys, limits.context_keys()) {
        return refuse(format!("the context has {} keys, over the limit of {:?}", size.keys, limits.context_keys()));
    }
    if over(size.longest_value, limits.context_value()) {
        return refuse(format!(
            "a context value of {} bytes is over the limit of {:?}",
            size.longest_value,
            limits.context_value()
        ));
    }
    if over(size.most_values, limits.values_per_key()) {
        return refuse(format!(
            "a context key with {} values is over the limit of {:?}",
            size.most_values,
            limits.values_per_key()
        ));
    }
    let key = object_key_length(resource);
    if over(key, limits.object_key()) {
        return refuse(format!("an object key of {key} bytes is over the limit of {:?}", limits.object_key()));
    }
    Ok(())
}

/// The length of the object key of a resource (what follows `{bucket}/` in the relative
/// id); 0 when it names no object.
fn object_key_length(resource: &Arn<'_>) -> usize {
    let Some(relative) = resource.rest(arn::SEGMENTS - 1) else {
        return 0;
    };
    let slash = relative.parts().flatten().position(|&b| b == b'/');
    slash.map_or(0, |slash| relative.len() - slash - 1)
}

/// Whether `request` carries a bucket owner other than `owner` (the authorizer's).
#[inline]
pub(crate) fn other_owner(request: &Request<'_>, owner: &str) -> Result<(), RequestError> {
    match request.bucket_owner {
        Some(given) if !same(given.as_bytes(), owner.as_bytes()) => Err(RequestError::new(
            Refusal::NoBucketOwner,
            format!("the request names bucket owner `{given}`, the authorizer's bucket is owned by `{owner}`"),
        )),
        _ => Ok(()),
    }
}
