//! The condition context of a request (SPEC.md section 3).
//!
//! The keys SPEC.md names are **well known** ([`Key`]): they live in typed fields, so a
//! compiled check reads a field instead of hashing a name. Three of them are typed and
//! parsed once, when the context is built: `acs:SourceIp` (an address),
//! `acs:SecureTransport` (a boolean) and `acs:CurrentTime` (an RFC 3339 time). Every other
//! key (tags, custom keys) is an [`ContextEntry`] in a borrowed slice, and may carry several
//! values.
//!
//! ```
//! use oss_policy_runtime::{Context, ContextEntry, Key};
//! let tags = [ContextEntry { key: "oss:ExistingObjectTag/status", values: &["draft"] }];
//! let context = Context::new()
//!     .with(Key::SourceIp, "203.0.113.5")?
//!     .with(Key::SourceVpc, "vpc-1")?
//!     .with_extra(&tags)?;
//! assert_eq!(context.source_ip().map(|ip| ip.to_string()).as_deref(), Some("203.0.113.5"));
//! assert_eq!(context.get(Key::SourceVpc), Some("vpc-1"));
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```
//!
//! The three keys the service sets for access point requests
//! ([`Key::is_service_set`]) are overwritten or removed by the combined authorizer, whatever
//! the client put there.

use core::net::IpAddr;

use crate::error::RequestError;
use crate::value::{Timestamp, parse_bool, parse_time};

/// The value type of a well-known key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// Text.
    String,
    /// An IPv4 or IPv6 address.
    Ip,
    /// `true` / `false`.
    Bool,
    /// An RFC 3339 time.
    Time,
}

macro_rules! well_known_keys {
    ($($variant:ident => $name:literal, $ty:ident, $doc:literal;)*) => {
        /// A condition key with a known meaning (SPEC.md section 3).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Key {
            $(#[doc = $doc] $variant,)*
        }

        impl Key {
            /// Every well-known key, in declaration order (`ALL[k.index()] == k`).
            pub const ALL: &'static [Key] = &[$(Key::$variant,)*];

            /// The key's canonical name, as SPEC.md spells it.
            pub const fn name(self) -> &'static str {
                match self { $(Key::$variant => $name,)* }
            }

            /// The type of the key's value.
            pub const fn value_type(self) -> KeyType {
                match self { $(Key::$variant => KeyType::$ty,)* }
            }
        }
    };
}

well_known_keys! {
    SourceIp => "acs:SourceIp", Ip, "The caller's address.";
    SecureTransport => "acs:SecureTransport", Bool, "Whether the request came over HTTPS.";
    CurrentTime => "acs:CurrentTime", Time, "The time of the request.";
    SourceVpc => "acs:SourceVpc", String, "The VPC id of the request; absent from internet requests.";
    AccessId => "acs:AccessId", String, "The AccessKey id used.";
    UserAgent => "acs:UserAgent", String, "The client's user agent.";
    Prefix => "oss:Prefix", String, "The `prefix` parameter of ListObjects.";
    Delimiter => "oss:Delimiter", String, "The `delimiter` parameter of ListObjects.";
    XOssAcl => "oss:x-oss-acl", String, "The bucket ACL header.";
    XOssObjectAcl => "oss:x-oss-object-acl", String, "The object ACL header.";
    DataAccessPointArn => "oss:DataAccessPointArn", String, "Set by the service: the access point's ARN.";
    DataAccessPointAccount => "oss:DataAccessPointAccount", String, "Set by the service: the access point's account.";
    AccessPointNetworkOrigin => "oss:AccessPointNetworkOrigin", String, "Set by the service: `internet` or `vpc`.";
}

/// The number of well-known keys.
const KEY_COUNT: usize = Key::ALL.len();

/// The keys only the service sets ([`Key::is_service_set`]), in the order the authorizer
/// gives their values.
const SERVICE_KEYS: [Key; 3] = [Key::DataAccessPointArn, Key::DataAccessPointAccount, Key::AccessPointNetworkOrigin];

impl Key {
    /// The key's position in [`Key::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The well-known key of that name, compared ASCII case-insensitively (condition key
    /// names are case-insensitive).
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|key| key.name().eq_ignore_ascii_case(name))
    }

    /// Whether only the service sets this key (the access point keys): the combined
    /// authorizer sets it for requests through an access point and removes it from all
    /// others.
    pub const fn is_service_set(self) -> bool {
        matches!(self, Key::DataAccessPointArn | Key::DataAccessPointAccount | Key::AccessPointNetworkOrigin)
    }
}

/// Whether two condition key names name the same key: ASCII case-insensitive, except
/// that the tag name after `/` in `oss:ExistingObjectTag/`, `oss:RequestObjectTag/` and
/// `oss:BucketTag/` is case-sensitive (SPEC.md section 3).
pub fn same_key_name(a: &str, b: &str) -> bool {
    const TAG_PREFIXES: [&str; 3] = ["oss:ExistingObjectTag/", "oss:RequestObjectTag/", "oss:BucketTag/"];
    for prefix in TAG_PREFIXES {
        let n = prefix.len();
        let (Some(a_head), Some(b_head)) = (a.get(..n), b.get(..n)) else {
            continue;
        };
        if a_head.eq_ignore_ascii_case(prefix) && b_head.eq_ignore_ascii_case(prefix) {
            return a.get(n..) == b.get(n..);
        }
    }
    a.eq_ignore_ascii_case(b)
}

/// A key that is not well known, with its values (one or more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContextEntry<'a> {
    /// The key's name (`oss:ExistingObjectTag/status`, `custom:level`).
    pub key: &'a str,
    /// The key's values; a request key with several values holds when any of them matches.
    pub values: &'a [&'a str],
}

/// A typed value with the text the request gave (string operators compare the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Typed<'a, T> {
    /// The text as the request gave it.
    pub text: &'a str,
    /// The parsed value.
    pub value: T,
}

/// The condition context of one request. Build it with [`Context::new`] and the `with*`
/// methods; they validate as they go, so a context that exists can be evaluated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Context<'a> {
    source_ip: Option<Typed<'a, IpAddr>>,
    secure_transport: Option<Typed<'a, bool>>,
    current_time: Option<Typed<'a, Timestamp>>,
    // INVARIANT (text-of-typed-keys): `text[k.index()]` is the text of every present key,
    // typed or not, so that string operators and explanations see one place.
    text: [Option<&'a str>; KEY_COUNT],
    extra: &'a [ContextEntry<'a>],
}

impl<'a> Context<'a> {
    /// An empty context: no key is present.
    pub const fn new() -> Context<'a> {
        Context { source_ip: None, secure_transport: None, current_time: None, text: [None; KEY_COUNT], extra: &[] }
    }

    /// Sets a well-known key from its text. Typed keys are parsed here, once.
    ///
    /// # Errors
    /// [`RequestError`] naming the key when a typed value does not parse.
    pub fn with(mut self, key: Key, text: &'a str) -> Result<Context<'a>, RequestError> {
        let bad = || RequestError::bad_value(key.name(), text);
        match key.value_type() {
            KeyType::Ip => self.source_ip = Some(Typed { text, value: text.parse().map_err(|_| bad())? }),
            KeyType::Bool => self.secure_transport = Some(Typed { text, value: parse_bool(text).ok_or_else(bad)? }),
            KeyType::Time => self.current_time = Some(Typed { text, value: parse_time(text).ok_or_else(bad)? }),
            KeyType::String => {}
        }
        if let Some(slot) = self.text.get_mut(key.index()) {
            *slot = Some(text);
        }
        Ok(self)
    }

    /// Sets the keys that are not well known (tags, custom keys).
    ///
    /// # Errors
    /// [`RequestError`] when an entry names a well-known key (set those with
    /// [`Context::with`]), has no values, or names the same key as another entry.
    pub fn with_extra(mut self, entries: &'a [ContextEntry<'a>]) -> Result<Context<'a>, RequestError> {
        for (i, entry) in entries.iter().enumerate() {
            if Key::from_name(entry.key).is_some() {
                return Err(RequestError::well_known_in_extra(entry.key));
            }
            if entry.values.is_empty() {
                return Err(RequestError::no_values(entry.key));
            }
            if entries.iter().take(i).any(|earlier| same_key_name(earlier.key, entry.key)) {
                return Err(RequestError::duplicate_key(entry.key));
            }
        }
        self.extra = entries;
        Ok(self)
    }

    /// The text of a well-known key, when present.
    #[inline]
    pub fn get(&self, key: Key) -> Option<&'a str> {
        self.text.get(key.index()).copied().flatten()
    }

    /// `acs:SourceIp`, parsed.
    #[inline]
    pub fn source_ip(&self) -> Option<IpAddr> {
        self.source_ip.map(|t| t.value)
    }

    /// `acs:SecureTransport`, parsed.
    #[inline]
    pub fn secure_transport(&self) -> Option<bool> {
        self.secure_transport.map(|t| t.value)
    }

    /// `acs:CurrentTime`, parsed.
    #[inline]
    pub fn current_time(&self) -> Option<Timestamp> {
        self.current_time.map(|t| t.value)
    }

    /// The keys that are not well known.
    #[inline]
    pub fn extra(&self) -> &'a [ContextEntry<'a>] {
        self.extra
    }

    /// The values of a key that is not well known, found by [`same_key_name`].
    pub fn extra_values(&self, name: &str) -> Option<&'a [&'a str]> {
        self.extra.iter().find(|entry| same_key_name(entry.key, name)).map(|entry| entry.values)
    }

    /// Every present well-known key with its text, in [`Key::ALL`] order.
    pub fn well_known(&self) -> impl Iterator<Item = (Key, &'a str)> + '_ {
        Key::ALL.iter().zip(self.text.iter()).filter_map(|(key, text)| text.map(|t| (*key, t)))
    }

    /// Whether any of the three service-set keys is present.
    pub(crate) fn has_service_keys(&self) -> bool {
        SERVICE_KEYS.iter().any(|&key| self.get(key).is_some())
    }

    /// Sets or removes the three service-set keys, whatever the client gave (the combined
    /// authorizer's job; SPEC.md section 3).
    pub(crate) fn with_service_keys(mut self, keys: Option<[&'a str; 3]>) -> Context<'a> {
        for (i, key) in SERVICE_KEYS.into_iter().enumerate() {
            if let Some(slot) = self.text.get_mut(key.index()) {
                *slot = keys.and_then(|values| values.get(i).copied());
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_are_case_insensitive_but_tag_names_are_not() {
        assert!(same_key_name("acs:SourceIp", "ACS:sourceip"));
        assert!(same_key_name("oss:ExistingObjectTag/status", "OSS:existingobjecttag/status"));
        assert!(!same_key_name("oss:ExistingObjectTag/status", "oss:ExistingObjectTag/Status"));
        assert!(!same_key_name("oss:BucketTag/a", "oss:RequestObjectTag/a"));
        assert!(same_key_name("custom:Level", "custom:level"));
        assert_eq!(Key::from_name("acs:sourcevpc"), Some(Key::SourceVpc));
        assert_eq!(Key::from_name("acs:SourceVpcs"), None);
    }

    #[test]
    fn keys_are_indexed_in_order() {
        for (i, key) in Key::ALL.iter().enumerate() {
            assert_eq!(key.index(), i);
        }
    }

    #[test]
    fn typed_keys_are_parsed_once_and_bad_values_named() -> Result<(), RequestError> {
        let context = Context::new()
            .with(Key::SourceIp, "2001:db8::1")?
            .with(Key::SecureTransport, "TRUE")?
            .with(Key::CurrentTime, "2026-01-01T00:00:00Z")?;
        assert_eq!(context.secure_transport(), Some(true));
        assert_eq!(context.get(Key::SecureTransport), Some("TRUE"));
        assert!(context.current_time().is_some());
        for (key, text) in [(Key::SourceIp, "1.2.3"), (Key::SecureTransport, "yes"), (Key::CurrentTime, "today")] {
            let error = Context::new().with(key, text).unwrap_err();
            assert!(error.to_string().contains(key.name()), "{error}");
        }
        Ok(())
    }

    #[test]
    fn extra_entries_are_checked() {
        let ok = [ContextEntry { key: "custom:a", values: &["1", "2"] }];
        assert!(Context::new().with_extra(&ok).is_ok());
        let well_known = [ContextEntry { key: "acs:SOURCEVPC", values: &["vpc-1"] }];
        assert!(Context::new().with_extra(&well_known).is_err());
        let empty = [ContextEntry { key: "custom:a", values: &[] }];
        assert!(Context::new().with_extra(&empty).is_err());
        let twice =
            [ContextEntry { key: "custom:a", values: &["1"] }, ContextEntry { key: "CUSTOM:A", values: &["2"] }];
        assert!(Context::new().with_extra(&twice).is_err());
    }
}
