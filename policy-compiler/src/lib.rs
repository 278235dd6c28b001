//! Compiles OSS access policies — RAM policies, bucket policies, access point policies —
//! from JSON into something that decides requests.
//!
//! The pipeline (DESIGN.md): policy text → [`parse_policy`] (a position-keeping JSON
//! parser, then validation with precise errors) → [`model::Policy`] → one of the engines:
//!
//! * [`engine::CompiledPolicy`]: the policy lowered statement by statement ([`ir`]:
//!   action bitsets, parsed ARN patterns, flat condition programs), planned into a
//!   decision tree ([`plan`]: action classes, a resource trie, principal splits) and
//!   walked in memory — for policies that arrive at run time. A check allocates
//!   nothing and costs about the length of the request, not the number of statements.
//! * [`reference`](mod@reference): the interpreted evaluator, a direct transcription of
//!   SPEC.md, the oracle every other engine is tested against.
//! * `codegen` (feature `codegen`, on by default): the policy written out as Rust — a
//!   type whose check is the same decision tree in code — for policies known at build time,
//!   through the `policy!` macro of `oss-policy-macros`, the build.rs API `build`, or
//!   `oss-policy compile`.
//!
//! Every engine implements [`oss_policy_runtime::PolicyEngine`], so the combined
//! authorizer of the runtime works over any of them.
//!
//! ```
//! use oss_policy_compiler::{engine::CompiledPolicy, Limits};
//! use oss_policy_runtime::{Authorizer, Decision, PolicyKind, Principal, Request};
//!
//! // A bucket policy set through an API at run time.
//! let text = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
//!     "Principal":"*","Resource":"acs:oss:*:*:public-bucket/*"}]}"#;
//! let policy = CompiledPolicy::from_json(text, PolicyKind::Bucket, &Limits::default())?;
//! let authorizer = Authorizer::new("1").with_bucket(&policy)?;
//! let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:public-bucket/a.txt");
//! assert_eq!(authorizer.authorize(&request)?.decision, Decision::Allow);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod actions;
pub mod authorize;
#[cfg(feature = "codegen")]
pub mod build;
pub mod cases;
#[cfg(feature = "codegen")]
pub mod codegen;
pub mod diagnostic;
pub mod engine;
mod error;
pub mod explain;
pub mod inputs;
pub mod ir;
mod json;
mod limits;
pub mod lint;
pub mod model;
mod parse;
pub mod plan;
mod read;
pub mod reference;
mod select;
pub mod suite;

pub use error::{ErrorCode, PolicyError, PolicyErrors, line_column};
pub use limits::Limits;
pub use parse::{detect_kind, parse_policy};
pub use read::PolicyBytes;
pub use select::EngineName;

/// The README's examples, compiled and run as doctests (the HTTP one needs the `http`
/// feature, on by default).
#[doc = include_str!("../../README.md")]
#[cfg(all(doctest, feature = "http"))]
pub struct ReadmeDoctests;
