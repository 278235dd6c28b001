//! Principals of bucket and access point policies (docs/SPEC.md section 2, "Principal").
//!
//! The caller is an account (its `uid` is the account id), a RAM user (`uid`, owning
//! account), an assumed role (an STS session ARN) or anonymous. An entry of `Principal`:
//!
//! * `*` matches every caller, anonymous included;
//! * an entry starting with `arn:sts::` is a case-sensitive [ARN pattern](super::arn)
//!   matched against an assumed-role caller's session ARN
//!   (`arn:sts::10323xxxxx72056:assumed-role/role2-name/*` matches every session of that
//!   role);
//! * any other entry is a plain id, compared literally with an account's or a RAM
//!   user's `uid` — a `*` inside it (a masked `2081****`) is no wildcard.
//!
//! **Bucket-owner rule** (bucket policies only; bucket-policy.txt, "How policies affect
//! the bucket owner"): a statement whose `Principal` holds `*` and that has no
//! `Condition` does not apply when the caller is the bucket owner's **account** identity
//! itself — not its RAM users nor its roles.

use oss_policy_runtime::{Principal, Request};

use crate::model::{Spanned, Statement};

/// The entry that matches every caller.
const EVERYONE: &str = "*";

/// The prefix of STS session patterns.
const STS_PREFIX: &str = "arn:sts::";

/// Whether some entry of `entries` matches `caller`.
pub(super) fn matches_any(entries: &[Spanned<String>], caller: &Principal<'_>) -> bool {
    entries.iter().any(|entry| entry_matches(entry.as_str(), caller))
}

/// Whether one `Principal` entry matches `caller`.
fn entry_matches(entry: &str, caller: &Principal<'_>) -> bool {
    if entry == EVERYONE {
        return true;
    }
    if entry.starts_with(STS_PREFIX) {
        return match *caller {
            Principal::AssumedRole { arn, .. } => super::arn::matches(entry, arn),
            Principal::Account { .. } | Principal::RamUser { .. } | Principal::Anonymous => false,
        };
    }
    match *caller {
        Principal::Account { uid } | Principal::RamUser { uid, .. } => uid == entry,
        Principal::AssumedRole { .. } | Principal::Anonymous => false,
    }
}

/// Whether the bucket-owner rule sets `statement` aside for `request` (to be asked of
/// bucket policies only): its `Principal` holds `*`, it has no condition, and the caller
/// is the bucket owner's account itself.
pub(super) fn owner_exempt(statement: &Statement, request: &Request<'_>) -> bool {
    let to_everyone =
        statement.principal.as_ref().is_some_and(|entries| entries.iter().any(|entry| entry.as_str() == EVERYONE));
    to_everyone && statement.condition.is_empty() && caller_is_owner_account(request)
}

/// Whether the caller is the account that owns the bucket (known owner, account caller).
fn caller_is_owner_account(request: &Request<'_>) -> bool {
    match (request.principal, request.bucket_owner) {
        (Principal::Account { uid }, Some(owner)) => uid == owner,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::Principal;

    use super::matches_any;
    use crate::reference::testing::spanned;

    const ROLE_SESSION: &str = "arn:sts::10323xxxxx72056:assumed-role/role2-name/session-1";

    #[test]
    fn entries_match_callers() {
        let account = Principal::Account { uid: "20814xxxx" };
        let masked_account = Principal::Account { uid: "2081****" };
        let user = Principal::RamUser { uid: "20214760404935xxxx", account: "174649585760xxxx" };
        let role = Principal::AssumedRole { arn: ROLE_SESSION, account: "10323xxxxx72056" };
        let other_role = Principal::AssumedRole {
            arn: "arn:sts::10323xxxxx72056:assumed-role/role1-name/session-1",
            account: "10323xxxxx72056",
        };
        let anonymous = Principal::Anonymous;
        let cases: [(&[&str], Principal<'_>, bool); 22] = [
            // `*`: everyone, anonymous included.
            (&["*"], account, true),
            (&["*"], user, true),
            (&["*"], role, true),
            (&["*"], anonymous, true),
            // Plain ids: literally the caller's own uid.
            (&["20214760404935xxxx"], user, true),
            (&["174649585760xxxx"], user, false),
            (&["20814xxxx"], account, true),
            (&["20814XXXX"], account, false),
            (&["2081****"], account, false),
            (&["2081****"], masked_account, true),
            (&["2081*"], masked_account, false),
            (&["20814xxxx"], anonymous, false),
            (&["10323xxxxx72056"], role, false),
            (&[ROLE_SESSION], role, true),
            // STS patterns: segment-wise, case-sensitive, assumed roles only.
            (&["arn:sts::10323xxxxx72056:assumed-role/role2-name/*"], role, true),
            (&["arn:sts::10323xxxxx72056:assumed-role/role2-name/*"], other_role, false),
            (&["arn:sts::10323xxxxx72056:assumed-role/ROLE2-name/*"], role, false),
            (&["arn:sts::*:assumed-role/*"], role, true),
            (&["arn:sts::*"], user, false),
            (&["arn:sts::*"], anonymous, false),
            // A list: any entry.
            (&["20814xxxx", "arn:sts::10323xxxxx72056:assumed-role/role2-name/*"], role, true),
            (&["20814xxxx", "20214760404935xxxx"], anonymous, false),
        ];
        for (entries, caller, want) in cases {
            let entries: Vec<_> = entries.iter().map(|entry| spanned(entry)).collect();
            assert_eq!(matches_any(&entries, &caller), want, "{entries:?} against {caller:?}");
        }
    }
}
