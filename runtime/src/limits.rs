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
    object_key: Option<usize>,
    context_value: Option<usize>,
    values_per_key: Option<usize>,
    context_keys: Option<usize>,
}

impl Default for RequestLimits {
    /// The limits of docs/SPEC.md section 3.
    fn default() -> RequestLimits {
        RequestLimits::DEFAULT
    }
}

impl RequestLimits {
    /// The limits of docs/SPEC.md section 3, as a constant.
    pub const DEFAULT: RequestLimits = RequestLimits {
        object_key: Some(1023),
        context_value: Some(8192),
        values_per_key: Some(64),
        context_keys: Some(64),
    };

    /// No limits at all.
    pub const fn none() -> RequestLimits {
        RequestLimits { object_key: None, context_value: None, values_per_key: None, context_keys: None }
    }

    /// The longest object key, in bytes (the resource after `{bucket}/`).
    pub const fn object_key(&self) -> Option<usize> {
        self.object_key
    }

    /// The longest context value, in bytes.
    pub const fn context_value(&self) -> Option<usize> {
        self.context_value
    }

    /// The most values one context key may carry.
    pub const fn values_per_key(&self) -> Option<usize> {
        self.values_per_key
    }

    /// The most keys a context may hold.
    pub const fn context_keys(&self) -> Option<usize> {
        self.context_keys
    }

    /// These limits with another object key limit.
    pub const fn with_object_key(mut self, bytes: Option<usize>) -> RequestLimits {
        self.object_key = bytes;
        self
    }

    /// These limits with another context value limit.
    pub const fn with_context_value(mut self, bytes: Option<usize>) -> RequestLimits {
        self.context_value = bytes;
        self
    }

    /// These limits with another limit on the values of one key.
    pub const fn with_values_per_key(mut self, values: Option<usize>) -> RequestLimits {
        self.values_per_key = values;
        self
    }

    /// These limits with another limit on the number of context keys.
    pub const fn with_context_keys(mut self, keys: Option<usize>) -> RequestLimits {
        self.context_keys = keys;
        self
    }
}

/// Whether `amount` is over `limit` (no limit: never).
#[inline]
pub(crate) fn over(amount: usize, limit: Option<usize>) -> bool {
    limit.is_some_and(|limit| amount > limit)
}
