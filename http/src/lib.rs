//! From HTTP to authorization: OSS REST requests (over the [`http`] crate's types, what
//! hyper, axum and tower use) classified into the operation they are, turned into the
//! checks that must all be allowed, with the context the wire carries, and their V4 or V1
//! signatures verified.
//!
//! * [`routes`]: addressing (virtual-hosted, path-style, custom domains, access point
//!   aliases) and the [`Operation`] of a request; [`table`]: the operations;
//!   [`index`]: the table indexed by method and selectors, at compile time.
//! * [`decode`]: percent-decoding, once.
//! * [`checks`](mod@checks): the checks of an operation (copy sources, multi-delete keys, versions,
//!   tags); [`multidelete`]: the keys of a multi-delete body.
//! * [`context`]: the condition keys of the wire; [`time`](mod@time): `acs:CurrentTime` as it writes it.
//! * [`verify`], [`sigv4`], [`sigv1`], [`credentials`]: who signed.
//! * [`authorize`]: the checks decided by the runtime's `Authorizer`.
//! * [`cli`]: `oss-policy http classify`.
//! * [`errors`]: the OSS error codes.
//!
//! # Which crate
//!
//! Most users depend on the facade crate `oss-policy`: it re-exports the runtime and,
//! under features, the macro, the compiler and the HTTP crate. The crates:
//!
//! * `oss-policy-runtime`: what a check needs at run time — requests, the
//!   `PolicyEngine` trait, the combined `Authorizer`, the known actions. Enough for a
//!   server that only runs policies compiled at build time.
//! * `oss-policy-compiler`: policy text to decisions — the parser and validator with
//!   precise errors, the linter, the in-memory engine for policies that arrive at run
//!   time (`CompiledPolicy`), the build.rs API, explanations, the `oss-policy` CLI.
//! * `oss-policy-macros`: the `policy!` macro, a policy compiled into Rust when your
//!   crate builds.
//! * `oss-policy-http` (this crate): OSS REST requests classified into the checks they need,
//!   with the context of the wire and their signatures verified.
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

pub mod authorize;
pub mod checks;
pub mod cli;
pub mod context;
pub mod credentials;
pub mod decode;
pub mod errors;
pub mod index;
pub mod multidelete;
pub mod routes;
pub mod sigv1;
pub mod sigv4;
pub mod table;
pub mod time;
pub mod verify;

pub use checks::{Check, Checks, Role, Target, checks};
pub use errors::{ErrorCode, OssError};
pub use routes::{AccessPointAlias, Classified, Classifier, Directory, Endpoint, NoDirectory, Style};
pub use table::{Operation, Rule};
pub use verify::{Caller, Signature, Verifier};
