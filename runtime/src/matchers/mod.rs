//! Run-time matchers, shared by the in-memory compiled engine and generated code, so that
//! both decide with one implementation of docs/SPEC.md section 2 and 3's matching rules.
//! Every check here is allocation-free and never panics.
//!
//! * [`Text`]: a string in up to five borrowed parts (a derived access point resource),
//!   read as one without copying.
//! * [`glob`]: wildcard patterns (`*`, `?` = one Unicode character), linear in the input.
//! * [`arn`]: ARN patterns matched segment by segment.
//! * [`actions`]: action sets — a bitset over known action ids plus residual patterns.
//! * [`ip`]: CIDR sets.
//! * [`fold`]: Unicode per-character case folding for `StringEqualsIgnoreCase`.
//!
//! The reference evaluator of `oss-policy-compiler` deliberately shares none of this: an
//! oracle with the same bug as the engines it checks could not find it.

pub mod actions;
pub mod arn;
mod bytes;
mod chunk;
pub mod fold;
pub mod glob;
pub mod ip;
mod text;

pub(crate) use bytes::same;
pub use text::Text;
