//! The request limits of docs/SPEC.md section 3: a request over them is refused before
//! evaluation ([`Refusal::OverLimit`](crate::Refusal::OverLimit)).
//!
//! The defaults are the service's own (an object key of at most 1,023 bytes) and bounds
//! no request the service accepts comes near (a context value of 8 KiB, 64 values for one
//! key, 64 keys); a gateway with other needs raises or removes them.
//!
//! ```
//! use oss_policy_runtime::RequestLimits;
//! let default = RequestLimits::default();
//! assert_eq!(default.object_key(), Some(1023));
//! let raised = RequestLimits::default().with_context_keys(Some(256));
//! assert_eq!(raised.context_keys(), Some(256));
//! assert_eq!(RequestLimits::none().object_key(), None);
//! ```

/// How large a request may be; `None` removes a limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestLimits {
    // INVARIANT (limit-max): `usize::MAX` stands for no limit, which no size is over, so
    // that a test against a limit is one comparison.
    object_key: usize,
    context_value: usize,
    values_per_key: usize,
    context_keys: usize,
}

impl Default for RequestLimits {
    /// The limits of docs/SPEC.md section 3.
    fn default() -> RequestLimits {
        RequestLimits::DEFAULT
    }
}

/// `limit`, `usize::MAX` for none.
const fn stored(limit: Option<usize>) -> usize {
    match limit {
        Some(limit) => limit,
        None => usize::MAX,
    }
}

/// The limit stored as `limit`.
const fn read(limit: usize) -> Option<usize> {
    if limit == usize::MAX { None } else { Some(limit) }
}

impl RequestLimits {
    /// The limits of docs/SPEC.md section 3, as a constant.
    pub const DEFAULT: RequestLimits =
        RequestLimits { object_key: 1023, context_value: 8192, values_per_key: 64, context_keys: 64 };

    /// No limits at all.
    pub const fn none() -> RequestLimits {
        RequestLimits {
            object_key: usize::MAX,
            context_value: usize::MAX,
            values_per_key: usize::MAX,
            context_keys: usize::MAX,
        }
    }

    /// The longest object key, in bytes (the resource after `{bucket}/`).
    pub const fn object_key(&self) -> Option<usize> {
        read(self.object_key)
    }

    /// The longest context value, in bytes.
    pub const fn context_value(&self) -> Option<usize> {
        read(self.context_value)
    }

    /// The most values one context key may carry.
    pub const fn values_per_key(&self) -> Option<usize> {
        read(self.values_per_key)
    }

    /// The most keys a context may hold.
    pub const fn context_keys(&self) -> Option<usize> {
        read(self.context_keys)
    }

    /// These limits with another object key limit.
    pub const fn with_object_key(mut self, bytes: Option<usize>) -> RequestLimits {
        self.object_key = stored(bytes);
        self
    }

    /// These limits with another context value limit.
    pub const fn with_context_value(mut self, bytes: Option<usize>) -> RequestLimits {
        self.context_value = stored(bytes);
        self
    }

    /// These limits with another limit on the values of one key.
    pub const fn with_values_per_key(mut self, values: Option<usize>) -> RequestLimits {
        self.values_per_key = stored(values);
        self
    }

    /// These limits with another limit on the number of context keys.
    pub const fn with_context_keys(mut self, keys: Option<usize>) -> RequestLimits {
        self.context_keys = stored(keys);
        self
    }

    /// Whether a request of a context of `keys` keys, whose longest value has `longest`
    /// bytes and whose most values of one key are `most`, and of a resource of
    /// `resource` bytes may be over a limit: four comparisons. The object key is part of
    /// the resource, so a resource no longer than the key limit has no longer key.
    #[inline(always)]
    pub(crate) fn may_be_exceeded(&self, keys: usize, longest: usize, most: usize, resource: usize) -> bool {
        (keys > self.context_keys)
            | (longest > self.context_value)
            | (most > self.values_per_key)
            | (resource > self.object_key)
    }
}

/// Whether `amount` is over `limit` (no limit: never).
#[inline]
pub(crate) fn over(amount: usize, limit: Option<usize>) -> bool {
    limit.is_some_and(|limit| amount > limit)
}
