//! The condition context of a request (docs/SPEC.md section 3).
//!
//! The keys docs/SPEC.md names are **well known** ([`Key`]): they live in typed fields, so a
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
//! The three keys the service sets for access point requests ([`Key::is_service_set`])
//! never come from a client: [`Context::with`] and [`Context::with_extra`] drop them
//! (docs/SPEC.md section 3: dropped, not a reason to refuse), and only the combined authorizer
//! sets them, for a request through an access point. So no path — the authorizer or an
//! engine's own `evaluate` — honours a client's `oss:DataAccessPointArn`.
//!
//! A context is checked as it is built: a typed value that does not parse and a key given
//! twice (names equal under docs/SPEC.md's case rules) are refused there. An IPv4-mapped
//! `acs:SourceIp` (`::ffff:1.2.3.4`) is the IPv4 address, and its text, for string
//! operators, is the dotted IPv4 text (docs/SPEC.md section 3).

use core::net::IpAddr;

use crate::error::{Refusal, RequestError};
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

impl KeyType {
    /// What a value of this type looks like, for the message of a value that is not one.
    pub const fn expected(self) -> &'static str {
        match self {
            KeyType::String => "text",
            KeyType::Ip => "an IPv4 or IPv6 address (`192.168.0.1`, `2001:db8::1`, `::ffff:192.168.0.1`)",
            KeyType::Bool => "`true` or `false`",
            KeyType::Time => "an RFC 3339 time with its offset (`2026-12-04T21:09:12Z`, `2026-12-05T05:09:12+08:00`)",
        }
    }
}

macro_rules! well_known_keys {
    ($($variant:ident => $name:literal, $ty:ident, $doc:literal;)*) => {
        /// A condition key with a known meaning (docs/SPEC.md section 3).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Key {
            $(#[doc = $doc] $variant,)*
        }

        impl Key {
            /// Every well-known key, in declaration order (`ALL[k.index()] == k`).
            pub const ALL: &'static [Key] = &[$(Key::$variant,)*];

            /// The key's canonical name, as docs/SPEC.md spells it.
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

/// The key prefixes after which the tag name is case-sensitive.
const TAG_PREFIXES: [&str; 3] = ["oss:ExistingObjectTag/", "oss:RequestObjectTag/", "oss:BucketTag/"];

/// Whether two condition key names name the same key: ASCII case-insensitive, except
/// that the tag name after `/` in `oss:ExistingObjectTag/`, `oss:RequestObjectTag/` and
/// `oss:BucketTag/` is case-sensitive (docs/SPEC.md section 3).
pub fn same_key_name(a: &str, b: &str) -> bool {
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
    // What the request limits read (SPEC.md section 3), worked out as the context is
    // built: how many well-known keys a client set, the longest value and the most values
    // of one key.
    size: ContextSize,
}

/// The size of a context, for the request limits: the well-known keys (set one by one)
/// and the extra entries (set at once) apart, so that setting the extra entries again
/// replaces their share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct ContextSize {
    /// The well-known keys set by the client.
    well_known: usize,
    /// The longest well-known value, in bytes.
    longest_well_known: usize,
    /// The extra entries, the dropped service-set keys aside.
    extra: usize,
    /// The longest extra value, in bytes.
    longest_extra: usize,
    /// The most values of one extra entry.
    most_extra_values: usize,
}

/// What the request limits read of a context (docs/SPEC.md section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Size {
    /// How many keys the client set.
    pub(crate) keys: usize,
    /// The longest value, in bytes.
    pub(crate) longest_value: usize,
    /// The most values one key carries.
    pub(crate) most_values: usize,
}

impl<'a> Context<'a> {
    /// An empty context: no key is present.
    pub const fn new() -> Context<'a> {
        Context {
            source_ip: None,
            secure_transport: None,
            current_time: None,
            text: [None; KEY_COUNT],
            extra: &[],
            size: ContextSize {
                well_known: 0,
                longest_well_known: 0,
                extra: 0,
                longest_extra: 0,
                most_extra_values: 0,
            },
        }
    }

    /// Sets a well-known key from its text. Typed keys are parsed here, once. A key only
    /// the service sets ([`Key::is_service_set`]) is dropped: a client cannot set it.
    ///
    /// # Errors
    /// [`RequestError`] naming the key when a typed value does not parse
    /// ([`Refusal::BadContextValue`]) or the key is already set
    /// ([`Refusal::DuplicateKey`]).
    pub fn with(mut self, key: Key, text: &'a str) -> Result<Context<'a>, RequestError> {
        if key.is_service_set() {
            return Ok(self);
        }
        let Some(slot) = self.text.get(key.index()) else {
            return Ok(self);
        };
        if slot.is_some() {
            return Err(RequestError::duplicate_key(key.name()));
        }
        let bad = || RequestError::bad_value(key.name(), text, key.value_type().expected());
        let mut text = text;
        match key.value_type() {
            KeyType::Ip => {
                let (value, dotted) = parse_source_ip(text).ok_or_else(bad)?;
                text = dotted;
                self.source_ip = Some(Typed { text, value });
            }
            KeyType::Bool => self.secure_transport = Some(Typed { text, value: parse_bool(text).ok_or_else(bad)? }),
            KeyType::Time => self.current_time = Some(Typed { text, value: parse_time(text).ok_or_else(bad)? }),
            KeyType::String => {}
        }
        if let Some(slot) = self.text.get_mut(key.index()) {
            *slot = Some(text);
        }
        self.size.well_known += 1;
        self.size.longest_well_known = self.size.longest_well_known.max(text.len());
        Ok(self)
    }

    /// Sets a well-known key given as a list of values (as a case file or a JSON body may
    /// give it): one value is [`Context::with`]; none or several are refused, since a
    /// well-known key has one value (docs/SPEC.md section 3). A service-set key is dropped.
    ///
    /// # Errors
    /// As [`Context::with`], and [`Refusal::BadContextValue`] for a list that is not of
    /// one value.
    pub fn with_values(self, key: Key, values: &[&'a str]) -> Result<Context<'a>, RequestError> {
        match values {
            _ if key.is_service_set() => Ok(self),
            [one] => self.with(key, one),
            _ => Err(RequestError::about_key(
                Refusal::BadContextValue,
                key.name(),
                format!("context key `{}` takes one value, not a list of {}", key.name(), values.len()),
            )),
        }
    }

    /// Sets the keys that are not well known (tags, custom keys). An entry naming a key
    /// only the service sets is dropped: it stays in the slice but no lookup sees it.
    ///
    /// Checking that no key is given twice compares names pairwise for a short list and
    /// sorts them (allocating, here and not at check time) for a long one, so building
    /// takes O(n log n) whatever the entries.
    ///
    /// # Errors
    /// [`RequestError`] when an entry names another well-known key (set those with
    /// [`Context::with`]) or has no values ([`Refusal::BadContextValue`]), or names the
    /// same key as another entry ([`Refusal::DuplicateKey`]).
    pub fn with_extra(mut self, entries: &'a [ContextEntry<'a>]) -> Result<Context<'a>, RequestError> {
        let mut size = ContextSize { extra: 0, longest_extra: 0, most_extra_values: 0, ..self.size };
        for entry in entries {
            match Key::from_name(entry.key) {
                Some(key) if key.is_service_set() => continue,
                Some(_) => {
                    return Err(RequestError::about_key(
                        Refusal::BadContextValue,
                        entry.key,
                        format!("`{}` is a well-known key; set it with `Context::with`", entry.key),
                    ));
                }
                None => {}
            }
            if entry.values.is_empty() {
                return Err(RequestError::about_key(
                    Refusal::BadContextValue,
                    entry.key,
                    format!("context key `{}` has no values", entry.key),
                ));
            }
            size.extra += 1;
            size.most_extra_values = size.most_extra_values.max(entry.values.len());
            let longest = entry.values.iter().map(|value| value.len()).max().unwrap_or(0);
            size.longest_extra = size.longest_extra.max(longest);
        }
        if let Some(twice) = given_twice(entries) {
            return Err(RequestError::duplicate_key(twice));
        }
        self.extra = entries;
        self.size = size;
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

    /// The values of a key that is not well known, found by [`same_key_name`]; `None`
    /// for a well-known name (those are read with [`Context::get`]).
    pub fn extra_values(&self, name: &str) -> Option<&'a [&'a str]> {
        if Key::from_name(name).is_some() {
            return None;
        }
        self.extra.iter().find(|entry| same_key_name(entry.key, name)).map(|entry| entry.values)
    }

    /// How many keys the client set, and how large the largest is (the request limits).
    #[inline]
    pub(crate) fn size(&self) -> Size {
        let size = self.size;
        let well_known_values = usize::from(size.well_known > 0);
        Size {
            keys: size.well_known + size.extra,
            longest_value: size.longest_well_known.max(size.longest_extra),
            most_values: well_known_values.max(size.most_extra_values),
        }
    }

    /// Every present well-known key with its text, in [`Key::ALL`] order.
    pub fn well_known(&self) -> impl Iterator<Item = (Key, &'a str)> + '_ {
        Key::ALL.iter().zip(self.text.iter()).filter_map(|(key, text)| text.map(|t| (*key, t)))
    }

    /// Sets the three service-set keys (the combined authorizer's job, for a request
    /// through an access point; docs/SPEC.md section 3).
    pub(crate) fn set_service_keys(&mut self, values: [&'a str; 3]) {
        for (key, value) in SERVICE_KEYS.into_iter().zip(values) {
            if let Some(slot) = self.text.get_mut(key.index()) {
                *slot = Some(value);
            }
        }
    }
}

/// An `acs:SourceIp` value: the address, an IPv4-mapped IPv6 address as the IPv4 address
/// it maps, with the text string operators compare — the dotted IPv4 text of a mapped
/// address (`::ffff:1.2.3.4` → `1.2.3.4`). A mapped address not written with a dotted
/// tail (`::ffff:102:304`) has no text of its own to borrow, and is refused rather than
/// compared as a text it does not have.
fn parse_source_ip(text: &str) -> Option<(IpAddr, &str)> {
    let address: IpAddr = text.parse().ok()?;
    match (address, address.to_canonical()) {
        (IpAddr::V6(_), IpAddr::V4(v4)) => {
            let (_, dotted) = text.rsplit_once(':')?;
            (dotted.parse().ok() == Some(v4)).then_some((IpAddr::V4(v4), dotted))
        }
        _ => Some((address, text)),
    }
}

/// The first key of `entries` that an earlier entry names too ([`same_key_name`]), the
/// dropped service-set keys aside.
fn given_twice<'a>(entries: &[ContextEntry<'a>]) -> Option<&'a str> {
    /// Up to this many entries, names are compared pairwise.
    const PAIRWISE: usize = 16;
    if entries.len() <= PAIRWISE {
        return entries.iter().enumerate().find_map(|(i, entry)| {
            entries.iter().take(i).any(|earlier| same_key_name(earlier.key, entry.key)).then_some(entry.key)
        });
    }
    let mut names: Vec<(String, usize)> =
        entries.iter().enumerate().map(|(i, entry)| (canonical_key_name(entry.key), i)).collect();
    names.sort_unstable();
    let later = names.windows(2).filter_map(|pair| match pair {
        [(a, _), (b, j)] if a == b => Some(*j),
        _ => None,
    });
    later.min().and_then(|i| entries.get(i)).map(|entry| entry.key)
}

/// One spelling for all the names [`same_key_name`] equates: ASCII lower case, but for
/// the tag name after a tag prefix, kept as it is.
fn canonical_key_name(name: &str) -> String {
    for prefix in TAG_PREFIXES {
        if let Some(head) = name.get(..prefix.len()).filter(|head| head.eq_ignore_ascii_case(prefix)) {
            return format!("{}{}", head.to_ascii_lowercase(), name.get(prefix.len()..).unwrap_or(""));
        }
    }
    name.to_ascii_lowercase()
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
        // The message names the key, the value and the form the value should take.
        let rows = [
            (Key::SourceIp, "1.2.3", "IPv4 or IPv6 address"),
            (Key::SecureTransport, "yes", "`true` or `false`"),
            (Key::CurrentTime, "today", "RFC 3339 time"),
            (Key::CurrentTime, "2026-01-01 00:00:00", "`2026-12-04T21:09:12Z`"),
        ];
        for (key, text, form) in rows {
            let error = Context::new().with(key, text).unwrap_err();
            let message = error.to_string();
            assert!(message.contains(key.name()) && message.contains(text) && message.contains(form), "{message}");
            assert_eq!(error.kind(), Refusal::BadContextValue);
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
