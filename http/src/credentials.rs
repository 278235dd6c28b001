//! Who signed: the host's credential store maps an AccessKey id (and, for STS
//! credentials, the security token) to the secret and the [`Principal`].
//!
//! ```
//! use oss_policy_http::credentials::{CredentialStore, StaticCredentials};
//! use oss_policy_runtime::Principal;
//! let mut store = StaticCredentials::new();
//! store.add("LTAI5tExample", "secret", None, Principal::RamUser { uid: "2021", account: "1746" });
//! let credential = store.credential("LTAI5tExample", None).unwrap();
//! assert_eq!(credential.principal, Principal::RamUser { uid: "2021", account: "1746" });
//! assert!(store.credential("LTAI5tExample", Some("a token")).is_none());
//! ```

use oss_policy_runtime::Principal;
use subtle::ConstantTimeEq as _;

/// A known credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credential<'s> {
    /// The AccessKey id.
    pub access_key_id: &'s str,
    /// The AccessKey secret.
    pub secret: &'s str,
    /// Who it is.
    pub principal: Principal<'s>,
}

/// The host's credentials.
pub trait CredentialStore: Sync {
    /// The credential of `access_key_id`, when `security_token` is the one it needs (none
    /// for long-term keys). `None` refuses the request (`InvalidAccessKeyId`).
    fn credential(&self, access_key_id: &str, security_token: Option<&str>) -> Option<Credential<'_>>;
}

/// An owned [`Principal`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum OwnedPrincipal {
    Account(String),
    RamUser(String, String),
    AssumedRole(String, String),
    Anonymous,
}

impl OwnedPrincipal {
    fn of(principal: Principal<'_>) -> OwnedPrincipal {
        match principal {
            Principal::Account { uid } => OwnedPrincipal::Account(uid.to_owned()),
            Principal::RamUser { uid, account } => OwnedPrincipal::RamUser(uid.to_owned(), account.to_owned()),
            Principal::AssumedRole { arn, account } => OwnedPrincipal::AssumedRole(arn.to_owned(), account.to_owned()),
            Principal::Anonymous => OwnedPrincipal::Anonymous,
        }
    }

    fn borrow(&self) -> Principal<'_> {
        match self {
            OwnedPrincipal::Account(uid) => Principal::Account { uid },
            OwnedPrincipal::RamUser(uid, account) => Principal::RamUser { uid, account },
            OwnedPrincipal::AssumedRole(arn, account) => Principal::AssumedRole { arn, account },
            OwnedPrincipal::Anonymous => Principal::Anonymous,
        }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    id: String,
    secret: String,
    token: Option<String>,
    principal: OwnedPrincipal,
}

/// A fixed list of credentials, for tests, tools and small gateways.
#[derive(Clone, Debug, Default)]
pub struct StaticCredentials {
    entries: Vec<Entry>,
}

impl StaticCredentials {
    /// No credentials.
    pub fn new() -> StaticCredentials {
        StaticCredentials::default()
    }

    /// Adds a credential; `token` is the security token of an STS credential.
    pub fn add(&mut self, id: &str, secret: &str, token: Option<&str>, principal: Principal<'_>) -> &mut Self {
        self.entries.push(Entry {
            id: id.to_owned(),
            secret: secret.to_owned(),
            token: token.map(str::to_owned),
            principal: OwnedPrincipal::of(principal),
        });
        self
    }
}

impl CredentialStore for StaticCredentials {
    fn credential(&self, access_key_id: &str, security_token: Option<&str>) -> Option<Credential<'_>> {
        let entry = self.entries.iter().find(|entry| entry.id == access_key_id)?;
        let token_ok = match (&entry.token, security_token) {
            (None, None) => true,
            (Some(expected), Some(given)) => bool::from(expected.as_bytes().ct_eq(given.as_bytes())),
            _ => false,
        };
        token_ok.then(|| Credential {
            access_key_id: &entry.id,
            secret: &entry.secret,
            principal: entry.principal.borrow(),
        })
    }
}
