//! The rules that refuse a request before any policy sees it (docs/SPEC.md sections 2, 3 and
//! 5): an action that is not `{service}:{name}` or an `oss:` action outside the known
//! table, an unknown bucket owner, a malformed caller, an inconsistent access point, and a
//! request over the [request limits](RequestLimits). [`Prepared`](crate::Prepared) runs
//! them, so every path to a decision — the authorizer and every engine's `evaluate` —
//! passes them.
//!
//! Their cost is kept off the common path: a request that plainly passes them all (a
//! known action, a caller of non-empty ids that is not an assumed role, no access point,
//! sizes the [`Context`](crate::Context) counted as it was built within the limits) is
//! told by one test of a few comparisons. Any other runs the rules one by one, out of
//! line, and the first that fails describes the refusal.

use crate::actions::{ActionId, action_id};
use crate::error::{Refusal, RequestError};
use crate::limits::{RequestLimits, over};
use crate::matchers::arn::{self, Arn};
use crate::matchers::{Text, same};
use crate::request::{AccessPoint, Principal, Request};

/// Proof that a request passed the rules, with its action's dense id: only [`admit`]
/// makes one, and [`Prepared`](crate::Prepared) is built from one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Admitted {
    action: Option<ActionId>,
}

impl Admitted {
    /// The request's action id ([`action_id`]).
    #[inline(always)]
    pub(crate) fn action(self) -> Option<ActionId> {
        self.action
    }
}

/// Runs every rule on `request` for a bucket owned by `owner`; looks its action up.
///
/// Most requests are plainly evaluable: a known action, a bucket owner, a caller that is
/// anonymous, an account or a RAM user with non-empty ids, no access point, within the
/// limits. That is one test of a few comparisons, with no branch per rule; any other
/// request runs the rules one by one, out of line, which say what is wrong if anything is.
#[inline(always)]
pub(crate) fn admit(
    request: &Request<'_>,
    owner: Option<&str>,
    limits: &RequestLimits,
) -> Result<Admitted, RequestError> {
    let action = action_id(request.action);
    if !is_plainly_evaluable(request, action, owner, limits) {
        check_each_rule(request, action, owner, limits)?;
    }
    Ok(Admitted { action })
}

/// [`admit`] for a bucket owned by `owner` (the authorizer's), which a request naming its
/// own owner must agree with.
#[inline(always)]
pub(crate) fn admit_for_owner(
    request: &Request<'_>,
    owner: &str,
    limits: &RequestLimits,
) -> Result<Admitted, RequestError> {
    if let Some(given) = request.bucket_owner
        && !same(given.as_bytes(), owner.as_bytes())
    {
        return Err(other_owner(given, owner));
    }
    admit(request, Some(owner), limits)
}

/// The common case of [`admit`]: every rule holds at a glance.
#[inline(always)]
fn is_plainly_evaluable(
    request: &Request<'_>,
    id: Option<ActionId>,
    owner: Option<&str>,
    limits: &RequestLimits,
) -> bool {
    let owner_known = owner.is_some_and(|owner| !owner.is_empty());
    id.is_some()
        & owner_known
        & is_well_formed_caller(request.principal)
        & request.access_point.is_none()
        & !may_be_over(request, limits)
}

/// Every rule, in turn: the first that fails is the refusal.
#[inline(never)]
fn check_each_rule(
    request: &Request<'_>,
    id: Option<ActionId>,
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
    if may_be_over(request, limits) {
        return over_limit(request, limits);
    }
    Ok(())
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
fn check_caller(principal: Principal<'_>) -> Result<(), RequestError> {
    if is_well_formed_caller(principal) {
        return Ok(());
    }
    Err(bad_caller(match principal {
        Principal::AssumedRole { arn, account } => format!(
            "the assumed role `{arn}` is not `arn:sts::{account}:assumed-role/{{role}}/{{session}}` of its account `{account}`"
        ),
        _ => format!("the caller {principal:?} has an empty id or account"),
    }))
}

/// The test of [`check_caller`], on the common path too: a few length tests, and for an
/// assumed role [`is_assumed_role_of`].
#[inline(always)]
fn is_well_formed_caller(principal: Principal<'_>) -> bool {
    match principal {
        Principal::Anonymous => true,
        Principal::Account { uid } => !uid.is_empty(),
        Principal::RamUser { uid, account } => !uid.is_empty() & !account.is_empty(),
        Principal::AssumedRole { arn, account } => is_assumed_role_of(arn, account),
    }
}

/// Whether `arn` is `arn:sts::{account}:assumed-role/{role}/{session}`, every part
/// non-empty, `{account}` the caller's account: byte comparisons left to
/// right, and two searches for a byte. The account segment ends at the first colon after
/// `arn:sts::`, so an account holding one is never its own; the role ends at the first
/// `/` after `assumed-role/`, and the session is the rest.
#[inline]
fn is_assumed_role_of(arn: &str, account: &str) -> bool {
    let Some(role_and_session) = arn
        .as_bytes()
        .strip_prefix(b"arn:sts::")
        .and_then(|rest| rest.strip_prefix(account.as_bytes()))
        .and_then(|rest| rest.strip_prefix(b":assumed-role/"))
    else {
        return false;
    };
    !account.is_empty()
        && memchr::memchr(b':', account.as_bytes()).is_none()
        && memchr::memchr(b'/', role_and_session).is_some_and(|slash| slash > 0 && slash + 1 < role_and_session.len())
}

#[cold]
fn bad_caller(message: String) -> RequestError {
    RequestError::new(Refusal::BadCaller, message)
}

/// docs/SPEC.md section 5: the access point's name cannot carry a path or a pattern into the
/// derived resource, and its ARN is `acs:oss:{region}:{account}:accesspoint/{name}`.
///
/// Every request through an access point passes here, so the test is a few byte
/// comparisons rather than a split of the ARN: the ARN is read once, left to right.
#[inline(never)]
fn check_access_point(access_point: AccessPoint<'_>) -> Result<(), RequestError> {
    let AccessPoint { name, arn, account, .. } = access_point;
    if name.is_empty() || !name.bytes().all(plain_name_byte) && !is_name_of_other_text(name) {
        return Err(bad_access_point(access_point, "a name is non-empty, without `/`, `:`, `*`, `?` or white space"));
    }
    if account.is_empty() {
        return Err(bad_access_point(access_point, "its account is empty"));
    }
    if !access_point_arn_is(arn.as_bytes(), account.as_bytes(), name.as_bytes()) {
        return Err(bad_access_point(access_point, "its ARN is not `acs:oss:{region}:{account}:accesspoint/{name}`"));
    }
    Ok(())
}

/// The ASCII bytes a name may not hold: `/`, `:`, `*`, `?` and white space (as
/// [`char::is_whitespace`] has it: space, tab, line feed, vertical tab, form feed, return).
const NOT_IN_NAME: u128 = 1 << b'/'
    | 1 << b':'
    | 1 << b'*'
    | 1 << b'?'
    | 1 << b' '
    | 1 << b'\t'
    | 1 << b'\n'
    | 1 << 0x0b
    | 1 << 0x0c
    | 1 << b'\r';

/// Whether `byte` is an ASCII byte a name may hold: the common case, a test of a mask.
#[inline]
fn plain_name_byte(byte: u8) -> bool {
    byte < 0x80 && NOT_IN_NAME >> byte & 1 == 0
}

/// The test of a name that is not all plain ASCII: its ASCII characters as
/// [`plain_name_byte`] has them, and none of Unicode's other white space.
#[cold]
#[inline(never)]
fn is_name_of_other_text(name: &str) -> bool {
    name.chars().all(|c| if c.is_ascii() { plain_name_byte(c as u8) } else { !c.is_whitespace() })
}

/// Whether `arn` is `acs:oss:{region}:{account}:accesspoint/{name}`: five segments split
/// at the first four colons (docs/SPEC.md section 2), the region not constrained. The
/// name (checked first) holds no colon, so it is the whole fifth segment; read from the
/// end, what is left is `{region}:{account}`, split at its first colon.
#[inline]
fn access_point_arn_is(arn: &[u8], account: &[u8], name: &[u8]) -> bool {
    let Some(region_and_account) = arn
        .strip_suffix(name)
        .and_then(|rest| rest.strip_suffix(b":accesspoint/"))
        .and_then(|rest| rest.strip_prefix(b"acs:oss:"))
    else {
        return false;
    };
    // The first colon ends the region; the account follows it and holds none.
    memchr::memchr(b':', region_and_account)
        .and_then(|colon| region_and_account.get(colon + 1..))
        .is_some_and(|after| after == account && memchr::memchr(b':', account).is_none())
}

#[cold]
fn bad_access_point(access_point: AccessPoint<'_>, why: &str) -> RequestError {
    let AccessPoint { name, arn, .. } = access_point;
    RequestError::new(Refusal::BadAccessPoint, format!("access point `{name}` ({arn}): {why}"))
}

/// docs/SPEC.md section 3, "Request limits": whether the request may be over one
/// ([`over_limit`] tells).
#[inline(always)]
fn may_be_over(request: &Request<'_>, limits: &RequestLimits) -> bool {
    let size = request.context.size();
    limits.may_be_exceeded(size.keys, size.longest_value, size.most_values, request.resource.len())
}

/// Which limit a request that may be over one is over, if any.
#[cold]
fn over_limit(request: &Request<'_>, limits: &RequestLimits) -> Result<(), RequestError> {
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
    let key = object_key_length(&Arn::new(Text::from_resource(&request.resource)));
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

/// The refusal of a request naming bucket owner `given` to the authorizer of a bucket
/// owned by `owner`.
#[cold]
fn other_owner(given: &str, owner: &str) -> RequestError {
    RequestError::new(
        Refusal::NoBucketOwner,
        format!("the request names bucket owner `{given}`, the authorizer's bucket is owned by `{owner}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::NetworkOrigin;

    /// The rule as docs/SPEC.md section 5 states it, written plainly: the oracle of the byte
    /// comparisons of `check_access_point`.
    fn consistent_as_spec_says(name: &str, arn: &str, account: &str) -> bool {
        let forbidden = |c: char| matches!(c, '/' | ':' | '*' | '?') || c.is_whitespace();
        let mut segments = arn.splitn(arn::SEGMENTS, ':');
        !name.is_empty()
            && !name.contains(forbidden)
            && !account.is_empty()
            && segments.next() == Some("acs")
            && segments.next() == Some("oss")
            && segments.next().is_some()
            && segments.next() == Some(account)
            && segments.next().and_then(|relative| relative.strip_prefix("accesspoint/")) == Some(name)
    }

    /// The assumed-role rule written plainly: the oracle of `is_assumed_role_of`.
    fn assumed_role_as_spec_says(arn: &str, account: &str) -> bool {
        arn.strip_prefix("arn:sts::")
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(of, rest)| Some((of, rest.strip_prefix("assumed-role/")?.split_once('/')?)))
            .is_some_and(|(of, (role, session))| {
                !account.is_empty() && of == account && !role.is_empty() && !session.is_empty()
            })
    }

    #[test]
    fn assumed_roles_are_checked_as_spec_section_5_says() {
        let accounts = ["1746", "", "17", "1:2", "17460"];
        let tails = ["r/s", "r/s/t", "/s", "r/", "r", "", "r:x/s", "点/会"];
        let mut arns = vec![String::new(), "arn:sts::".to_owned(), "arn:sts::1746".to_owned()];
        for account in accounts {
            for tail in tails {
                arns.push(format!("arn:sts::{account}:assumed-role/{tail}"));
                arns.push(format!("arn:sts:x:{account}:assumed-role/{tail}"));
                arns.push(format!("arn:sts::{account}:role/{tail}"));
                arns.push(format!("arn:sts::{account}assumed-role/{tail}"));
            }
        }
        let mut well_formed = 0;
        for account in accounts {
            for arn in &arns {
                let want = assumed_role_as_spec_says(arn, account);
                well_formed += usize::from(want);
                assert_eq!(is_assumed_role_of(arn, account), want, "{arn:?} {account:?}");
                let caller = Principal::AssumedRole { arn, account };
                assert_eq!(check_caller(caller).is_ok(), want, "{arn:?} {account:?}");
            }
        }
        assert!(well_formed >= 6, "{well_formed}");
    }

    #[test]
    fn access_points_are_checked_as_spec_section_5_says() {
        let names = [
            "ap-01",
            "",
            "ap/01",
            "ap:01",
            "ap*",
            "a?",
            "a b",
            "a\tb",
            "a\u{b}b",
            "a\u{85}b",
            "a\u{3000}b",
            "点",
            "ap-01x",
        ];
        let accounts = ["1746", "", "17", "1:2", "1746x"];
        let mut arns = Vec::new();
        for name in names {
            for account in accounts {
                for region in ["cn-hangzhou", "", "r:x"] {
                    arns.push(format!("acs:oss:{region}:{account}:accesspoint/{name}"));
                }
                arns.push(format!("acs:oss:r:{account}:accesspoint/{name}/object/k"));
                arns.push(format!("acs:ram:r:{account}:accesspoint/{name}"));
                arns.push(format!("acs:oss:r:{account}:bucket/{name}"));
                arns.push(format!("acs:oss:r:{account}accesspoint/{name}"));
            }
        }
        arns.extend(["", "acs:oss:", "acs:oss:r", "acs:oss:r:", "acs:oss:r:1746:"].map(str::to_owned));
        let mut consistent = 0;
        for name in names {
            for account in accounts {
                for arn in &arns {
                    let access_point = AccessPoint { name, arn, account, network_origin: NetworkOrigin::Internet };
                    let want = consistent_as_spec_says(name, arn, account);
                    consistent += usize::from(want);
                    let got = check_access_point(access_point);
                    assert_eq!(got.is_ok(), want, "{name:?} {arn:?} {account:?}");
                    if let Err(error) = got {
                        assert_eq!(error.kind(), Refusal::BadAccessPoint);
                    }
                }
            }
        }
        // The grid holds consistent access points, not only refusals.
        assert!(consistent >= 6, "{consistent}");
    }
}
