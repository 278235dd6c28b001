//! Compiles OSS access policies — RAM policies, bucket policies, access point policies —
//! from JSON into something that decides requests.
//!
//! The pipeline (docs/DESIGN.md): policy text → [`parse_policy`] (a position-keeping JSON
//! parser, then validation with precise errors) → [`model::Policy`] → one of the engines:
//!
//! * [`engine::CompiledPolicy`]: the policy lowered statement by statement ([`ir`]:
//!   action bitsets, parsed ARN patterns, flat condition programs), planned into a
//!   decision tree ([`plan`]: action classes, a resource trie, principal splits) and
//!   walked in memory — for policies that arrive at run time. A check allocates
//!   nothing and costs about the length of the request, not the number of statements.
//! * [`reference`](mod@reference): the interpreted evaluator, a direct transcription of
//!   docs/SPEC.md, the oracle every other engine is tested against.
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
//!
//! # Which crate
//!
//! Most users depend on the facade crate `oss-policy`: it re-exports the runtime and,
//! under features, the macro, the compiler and the HTTP crate. The crates:
//!
//! * `oss-policy-runtime`: what a check needs at run time — requests, the
//!   `PolicyEngine` trait, the combined `Authorizer`, the known actions. Enough for a
//!   server that only runs policies compiled at build time.
//! * `oss-policy-compiler` (this crate): policy text to decisions — the parser and validator
//!   with precise errors, the linter, the in-memory engine for policies that arrive at run
//!   time (`CompiledPolicy`), the build.rs API, explanations, the `oss-policy` CLI.
//! * `oss-policy-macros`: the `policy!` macro, a policy compiled into Rust when your
//!   crate builds.
//! * `oss-policy-http`: OSS REST requests classified into the checks they need, with the
//!   context of the wire and their signatures verified.
//! * `oss-policy-gateway`: an OSS-compatible object server enforcing policies (a binary
//!   and a library).
//!
//! # Features
//!
//! * `codegen` (default): code generation — the `codegen` module, the build.rs API
//!   (`build`) and the expansion of `policy!`; brings syn, quote, proc-macro2 and
//!   prettyplease.
//! * `cli` (default, implies `codegen`): the `oss-policy` command-line tool (clap).
//! * `http` (default): `oss-policy http classify`, through `oss-policy-http`.
//!
//! A server that compiles policies at run time needs none of them:
//! `default-features = false` keeps syn and clap out of its build.
//!
//! Citations: "docs/SPEC.md section N" is the specification of the repository
//! (docs/SPEC.md); vendor pages are cited by the short names of its sources table
//! (`bucket-policy.txt scenario 2`), which gives each page's title and address.
#![deny(rustdoc::broken_intra_doc_links)]
#![deny(missing_docs)]

pub mod actions;
#[cfg(feature = "testing")]
pub mod authorize;
#[cfg(feature = "codegen")]
pub mod build;
#[cfg(feature = "testing")]
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
#[cfg(feature = "testing")]
mod select;
#[cfg(feature = "testing")]
pub mod suite;

pub use error::{ErrorCode, PolicyError, PolicyErrors, line_column};
pub use limits::Limits;
pub use parse::{detect_kind, parse_policy};
pub use read::PolicyBytes;
#[cfg(feature = "testing")]
pub use select::EngineName;

/// The README's examples, compiled and run as doctests (the HTTP one needs the `http`
/// feature, on by default).
#[doc = include_str!("../../README.md")]
#[cfg(all(doctest, feature = "http"))]
pub struct ReadmeDoctests;
