//! The `policy!` macro: an OSS access policy compiled into Rust when your crate builds.
//!
//! ```
//! use oss_policy_macros::policy;
//! use oss_policy_runtime::{Authorizer, Decision, Principal, Request};
//!
//! policy!(
//!     /// Anyone may read the public bucket.
//!     pub PublicRead,
//!     kind = bucket,
//!     json = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
//!         "Principal": "*", "Resource": "acs:oss:*:*:public-bucket/*"}]}"#,
//! );
//!
//! let authorizer = Authorizer::new("1").with_bucket(&PublicRead)?;
//! let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:public-bucket/a.txt");
//! assert_eq!(authorizer.authorize(&request)?.decision, Decision::Allow);
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```
//!
//! The type implements `oss_policy_runtime::PolicyEngine` with a check written as code
//! (a dispatch on the action, a walk down resource prefixes, specialised statement
//! checks): no parsing, no interpretation and no allocation at run time. Your crate
//! depends on `oss-policy-runtime` (the generated code names it) and on this crate.
//!
//! # Arguments
//!
//! `policy!([attributes] [visibility] Name, kind = ..., json = "..." | file = "...", [limits = ...])`
//!
//! * `kind`: `ram`, `bucket` or `access-point`;
//! * `json`: the policy as a string literal (a raw string reads best), or
//! * `file`: a path relative to your crate's directory (`CARGO_MANIFEST_DIR`); the file
//!   is included with `include_str!`, so editing it rebuilds your crate;
//! * `limits`: `default` (the cloud service's size limits) or `none` (large policies);
//! * `crate`: the path generated code names the runtime by (`::oss_policy_runtime` by
//!   default; the `oss-policy` facade's `policy!` passes its own path).
//!
//! Attributes before the name (doc comments, lint attributes) go on the type; without a
//! doc comment the type gets one describing the policy. The type derives `Clone`, `Copy`,
//! `Debug`, `Default`, `PartialEq`, `Eq` and `Hash`. Generated code names the runtime as
//! `::oss_policy_runtime` (depend on it under that name) unless `crate = path` says
//! otherwise; with the `oss-policy` facade, use its `oss_policy::policy!`, which needs no
//! other dependency.
//!
//! # Errors
//!
//! A policy that does not compile is one compile error spanning the JSON literal (or the
//! file argument) — the macro cannot point inside a string — whose message gives the
//! line and column inside the JSON, the docs/SPEC.md error code, the offending line and the
//! suggestion:
//!
//! ```text
//! error: policy error[unknown-action] at line 3, column 17 of the JSON: unknown action `oss:GetObjet`
//!          |
//!        3 |       "Action": "oss:GetObjet",
//!          |                 ^^^^^^^^^^^^^^
//!          = help: did you mean `oss:GetObject`
//! ```
//!
//! The type is still defined (deciding nothing), so that the error is the only one.
//!
//! The expansion lives in `oss_policy_compiler::codegen::expand_policy_macro`, shared
//! with the build.rs API (`oss_policy_compiler::build`); this crate only calls it.
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
//! * `oss-policy-macros` (this crate): the `policy!` macro, a policy compiled into Rust when
//!   your crate builds.
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

use proc_macro::TokenStream;

/// Compiles an OSS access policy into a unit struct implementing
/// `oss_policy_runtime::PolicyEngine`; see the [crate docs](crate).
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    oss_policy_compiler::codegen::expand_policy_macro(input.into(), manifest_dir().as_deref()).into()
}

/// `policy!` for a crate that re-exports the runtime (the `oss-policy` facade): the input
/// is `{path} ...` — the path generated code names the runtime by unless the arguments
/// give `crate = ...`, then the arguments of [`policy!`].
#[doc(hidden)]
#[proc_macro]
pub fn policy_in(input: TokenStream) -> TokenStream {
    let mut input = proc_macro2::TokenStream::from(input).into_iter();
    let runtime = match input.next() {
        Some(proc_macro2::TokenTree::Group(group)) => group.stream(),
        _ => {
            let error = r#"compile_error!("`policy_in!` takes `{runtime path}` before the arguments of `policy!`");"#;
            return error.parse().unwrap_or_default();
        }
    };
    oss_policy_compiler::codegen::expand_policy_macro_in(runtime, input.collect(), manifest_dir().as_deref()).into()
}

/// The invoking crate's directory, which `file` paths are relative to.
fn manifest_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from)
}
