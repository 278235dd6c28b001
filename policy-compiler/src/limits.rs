//! Size limits on policy documents (docs/SPEC.md section 1).
//!
//! The defaults are the cloud service's: a bucket or access point policy of at most
//! 16,384 bytes, a RAM policy of at most 6,144 characters, and every string value at most
//! 4,095 bytes. Scale tests and private gateways need more: raise a limit, or lift them
//! all with [`Limits::none`].
//!
//! ```
//! use oss_policy_compiler::Limits;
//! let strict = Limits::default();
//! assert_eq!(strict.bucket_policy_bytes, Some(16_384));
//! let large = Limits { bucket_policy_bytes: Some(1 << 20), ..Limits::default() };
//! assert_eq!(Limits::none().max_string_bytes, None);
//! # let _ = large;
//! ```

use oss_policy_runtime::PolicyKind;

/// Size limits; `None` removes a limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Bucket and access point policies: the document text in bytes, white space included.
    pub bucket_policy_bytes: Option<usize>,
    /// RAM policies: the document text in characters.
    pub ram_policy_chars: Option<usize>,
    /// Every string value, in bytes.
    pub max_string_bytes: Option<usize>,
}

impl Limits {
    /// The cloud service's limits (also [`Limits::default`]).
    pub const CLOUD: Limits =
        Limits { bucket_policy_bytes: Some(16_384), ram_policy_chars: Some(6_144), max_string_bytes: Some(4_095) };

    /// No limits at all.
    pub const fn none() -> Limits {
        Limits { bucket_policy_bytes: None, ram_policy_chars: None, max_string_bytes: None }
    }

    /// Whether a document `text` of `kind` is over the limit, as a message when it is.
    pub(crate) fn document_excess(&self, kind: PolicyKind, text: &str) -> Option<String> {
        match kind {
            PolicyKind::Ram => {
                let limit = self.ram_policy_chars?;
                let chars = text.chars().count();
                (chars > limit).then(|| format!("the RAM policy has {chars} characters, over the limit of {limit}"))
            }
            PolicyKind::Bucket | PolicyKind::AccessPoint => {
                let limit = self.bucket_policy_bytes?;
                let bytes = text.len();
                (bytes > limit)
                    .then(|| format!("the {} policy has {bytes} bytes, over the limit of {limit}", kind_words(kind)))
            }
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::CLOUD
    }
}

/// The kind in words, for messages.
pub(crate) fn kind_words(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Ram => "RAM",
        PolicyKind::Bucket => "bucket",
        PolicyKind::AccessPoint => "access point",
    }
}

/// [`kind_words`] after its indefinite article: `a RAM`, `a bucket`, `an access point`.
pub(crate) fn a_kind(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Ram => "a RAM",
        PolicyKind::Bucket => "a bucket",
        PolicyKind::AccessPoint => "an access point",
    }
}
