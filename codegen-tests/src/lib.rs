//! Policies compiled to Rust by the build.rs API (see `build.rs`), for the tests of
//! generated code: `tests/conformance.rs` runs every conformance decision case through
//! them, `tests/differential.rs` checks the random ones against the reference evaluator,
//! `tests/alloc.rs` counts their allocations. Clippy lints this crate with the
//! workspace's lints, generated code included, and the generated modules with
//! `clippy::pedantic` too: generated code is held to it, so that a user who lints their
//! own crate with it gets no warning from what the generator wrote.
//!
//! Not published: a part of the workspace's tests, not a crate to depend on (the crates
//! to use are listed on the front page of `oss-policy-runtime`). Feature `scale` also
//! compiles 1,000-statement policies (slow to build).
#![deny(rustdoc::broken_intra_doc_links)]
#![deny(missing_docs)]

use oss_policy_runtime::{PolicyEngine, PolicyKind};

/// The policies of the conformance decision cases.
#[warn(clippy::pedantic)]
pub mod conformance {
    oss_policy_runtime::include_policies!("conformance.rs");
}

/// Random policies, generated with the default decision tree.
#[warn(clippy::pedantic)]
pub mod random {
    oss_policy_runtime::include_policies!("random.rs");
}

/// Random policies, generated with leaves of one candidate: the decision tree splits by
/// resource and principal wherever it can.
#[warn(clippy::pedantic)]
pub mod random_split {
    oss_policy_runtime::include_policies!("random_split.rs");
}

/// Mid-sized policies of the shapes the decision tree splits on.
#[warn(clippy::pedantic)]
pub mod shaped {
    oss_policy_runtime::include_policies!("shaped.rs");
}

/// Policies of a thousand statements (feature `scale`).
#[cfg(feature = "scale")]
#[warn(clippy::pedantic)]
pub mod scale {
    oss_policy_runtime::include_policies!("scale.rs");
}

/// The generated policies of one decisions case file.
pub struct Policies {
    /// The case file's name, without `.json`.
    pub file: &'static str,
    /// Its RAM policies.
    pub ram: &'static [&'static dyn PolicyEngine],
    /// Its bucket policy.
    pub bucket: Option<&'static dyn PolicyEngine>,
    /// Its access point policy.
    pub access_point: Option<&'static dyn PolicyEngine>,
}

/// A policy the build script generated: its text and its generated type.
pub struct RandomPolicy {
    /// Its kind.
    pub kind: PolicyKind,
    /// The JSON the type was generated from.
    pub json: &'static str,
    /// The generated type.
    pub engine: &'static dyn PolicyEngine,
}

include!(concat!(env!("OUT_DIR"), "/tables.rs"));
