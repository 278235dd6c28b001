//! Run-time support for [oss-policy](https://example.invalid/oss-policy): everything a
//! policy check needs, and nothing more — no JSON, no code generation.
//!
//! * [`Request`]: a borrowed request — [`Principal`], action, [`Resource`], [`Context`]
//!   (typed well-known keys plus a slice for the rest), bucket owner, [`AccessPoint`].
//! * [`Decision`] and [`Evaluation`]: one policy's three-valued decision with the
//!   deciding statement (docs/SPEC.md section 4).
//! * [`PolicyEngine`]: the trait every engine implements — the reference evaluator, the
//!   in-memory compiled engine and generated code.
//! * [`Prepared`]: a request with its action id and resource segments worked out once,
//!   for all the policies that decide it.
//! * [`Authorizer`]: the combined decision of RAM, bucket and access point policies
//!   (docs/SPEC.md section 5), written once over the trait, allocation-free.
//! * [`actions`]: the known OSS actions and their dense ids.
//! * [`value`]: the parsers of typed values (numbers, times, booleans, CIDR blocks).
//! * [`matchers`]: the allocation-free matchers compiled policies run (wildcards, ARNs,
//!   action sets, CIDR sets, case folding).
//! * [`include_policies!`]: includes the policies a build script compiled with
//!   `oss_policy_compiler::build::Builder`.
//!
//! Policies themselves are compiled by `oss-policy-compiler`.
//!
//! # Which crate
//!
//! Most users depend on the facade crate `oss-policy`: it re-exports the runtime and,
//! under features, the macro, the compiler and the HTTP crate. The crates:
//!
//! * `oss-policy-runtime` (this crate): what a check needs at run time — requests, the
//!   `PolicyEngine` trait, the combined `Authorizer`, the known actions. Enough for a server
//!   that only runs policies compiled at build time.
//! * `oss-policy-compiler`: policy text to decisions — the parser and validator with
//!   precise errors, the linter, the in-memory engine for policies that arrive at run
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
//! None: the crate has no optional parts.
//!
//! Citations: "docs/SPEC.md section N" is the specification of the repository
//! (docs/SPEC.md); vendor pages are cited by the short names of its sources table
//! (`bucket-policy.txt scenario 2`), which gives each page's title and address.
#![deny(rustdoc::broken_intra_doc_links)]
#![deny(missing_docs)]

pub mod actions;
mod authorizer;
mod context;
mod decision;
mod error;
mod limits;
pub mod matchers;
mod prepared;
mod ram;
mod request;
mod validate;
pub mod value;

// The support of generated code, named after this crate's version (see its docs).
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private_v0_1;

pub use authorizer::{Authorization, Authorizer, PolicySource, Reason};
pub use context::{Context, ContextEntry, Key, KeyType, Typed, same_key_name};
pub use decision::{Decision, Evaluation, PolicyEngine, PolicyKind, UnknownPolicyKind};
pub use error::{Refusal, RequestError};
pub use limits::RequestLimits;
pub use prepared::Prepared;
pub use ram::{PolicyList, RamPolicies};
pub use request::{AccessPoint, NetworkOrigin, Principal, Request, Resource};

/// Includes the Rust code a build script generated with `oss-policy-compiler`'s
/// `build::Builder`: `policies.rs` in `OUT_DIR`, or the file named. It needs a build
/// script, so the example is not a doctest: `examples/build-rs/` is this example as a
/// crate, built and run by the test suite.
///
/// ```text
/// // build.rs: Builder::new().policy("BucketPolicy", "policies/bucket.json", PolicyKind::Bucket).compile()?;
/// oss_policy_runtime::include_policies!();
/// let authorizer = oss_policy_runtime::Authorizer::new("174649585760xxxx").with_bucket(&BucketPolicy)?;
/// ```
#[macro_export]
macro_rules! include_policies {
    () => {
        include!(concat!(env!("OUT_DIR"), "/policies.rs"));
    };
    ($file:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $file));
    };
}

#[cfg(test)]
mod auto_traits {
    use super::*;

    fn assert_auto<T: Send + Sync + core::panic::UnwindSafe + core::panic::RefUnwindSafe>() {}

    #[test]
    fn public_types_are_send_sync_unwind_safe() {
        assert_auto::<Request<'static>>();
        assert_auto::<Context<'static>>();
        assert_auto::<Authorization>();
        assert_auto::<Evaluation>();
        assert_auto::<RequestError>();
    }
}
