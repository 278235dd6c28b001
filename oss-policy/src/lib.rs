//! Alibaba Cloud OSS access policies — RAM policies, bucket policies, access point
//! policies — compiled into matchers that authorize a request in nanoseconds without
//! allocating. This is the one crate to depend on; its features choose what you build:
//!
//! | feature    | what it adds | what it builds |
//! |------------|--------------|----------------|
//! | (none)     | the runtime at this crate's root: [`Request`], [`Principal`], [`Context`], [`PolicyEngine`], [`Authorizer`], [`include_policies!`] | the runtime only (memchr, arrayvec, wide) |
//! | `macros`   | [`policy!`]: a policy compiled into Rust when your crate builds | + the compiler and syn, for the proc-macro (host only) |
//! | `compiler` | policies that arrive at run time: [`CompiledPolicy`], [`parse_policy`], [`Limits`], [`PolicyErrors`], [`lint`] | + the compiler and serde_json; no syn, no clap |
//! | `build`    | the build.rs API, [`build::Builder`] (use it in `[build-dependencies]`) | + syn, quote, prettyplease (host only) |
//! | `http`     | [`http`]: OSS REST requests classified into checks, signatures verified | + http, quick-xml, hmac, sha1/sha2 |
//!
//! ```toml
//! [dependencies]
//! oss-policy = { version = "0.1", features = ["macros", "compiler"] }
//!
//! [build-dependencies]
//! oss-policy = { version = "0.1", features = ["build"] }
//! ```
//!
//! Code that `policy!` and [`build::Builder`] generate names this crate (`::oss_policy`),
//! so no other dependency is needed. The crates behind the features —
//! `oss-policy-runtime`, `oss-policy-macros`, `oss-policy-compiler`, `oss-policy-http` —
//! can be used directly too; this one only re-exports them.
//!
//! # Four ways to hold a policy
//!
//! Every engine implements [`PolicyEngine`], and the [`Authorizer`] combines any of them
//! for one bucket (RAM policies of the caller, the bucket policy, the access point
//! policy):
//!
//! * [`policy!`] (feature `macros`): the policy written in your source or a file next to
//!   it, compiled into a unit struct whose check is code;
//! * [`build::Builder`] (feature `build`): policy files compiled by your `build.rs` into
//!   the same code, included with [`include_policies!`];
//! * [`CompiledPolicy`] (feature `compiler`): a policy that arrives at run time (an API
//!   call, a configuration file), lowered into an indexed in-memory form;
//! * your own type implementing [`PolicyEngine`].
//!
//! ```
//! # #[cfg(all(feature = "macros", feature = "compiler"))]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use oss_policy::{Authorizer, CompiledPolicy, Decision, Limits, PolicyKind, Principal, Request};
//!
//! oss_policy::policy!(
//!     /// Anyone may read the public bucket.
//!     pub PublicRead,
//!     kind = bucket,
//!     json = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
//!         "Principal": "*", "Resource": "acs:oss:*:*:public-bucket/*"}]}"#,
//! );
//!
//! // A RAM policy that arrived at run time.
//! let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:PutObject",
//!     "Resource": "acs:oss:*:*:public-bucket/uploads/*"}]}"#;
//! let uploads = CompiledPolicy::from_json(text, PolicyKind::Ram, &Limits::default())?;
//!
//! let ram = [uploads];
//! let authorizer = Authorizer::new("1746").with_bucket(&PublicRead)?.with_ram(&ram)?;
//! let reader = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1746:public-bucket/a.txt");
//! assert_eq!(authorizer.authorize(&reader)?.decision, Decision::Allow);
//! let user = Principal::RamUser { uid: "2021", account: "1746" };
//! let upload = Request::new(user, "oss:PutObject", "acs:oss:cn-hangzhou:1746:public-bucket/uploads/b.txt");
//! assert_eq!(authorizer.authorize(&upload)?.decision, Decision::Allow);
//! # Ok(())
//! # }
//! # #[cfg(not(all(feature = "macros", feature = "compiler")))]
//! # fn main() {}
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use oss_policy_runtime::*;

#[cfg(feature = "compiler")]
pub use oss_policy_compiler::{
    ErrorCode, Limits, PolicyError, PolicyErrors, detect_kind, engine::CompiledPolicy, line_column, lint, model,
    parse_policy,
};

/// The whole compiler, for what the root does not re-export (the reference evaluator,
/// explanations of decisions, diagnostics rendering).
#[cfg(feature = "compiler")]
pub use oss_policy_compiler as compiler;

/// OSS REST requests classified into the checks to authorize, with V4 and V1 signature
/// verification: the crate `oss-policy-http`.
#[cfg(feature = "http")]
pub use oss_policy_http as http;

#[cfg(feature = "build")]
pub mod build;

/// Compiles an OSS access policy into a unit struct implementing [`PolicyEngine`], when
/// your crate builds.
///
/// `policy!([attributes] [visibility] Name, kind = ram | bucket | access-point, json = "..." | file = "path", ...)`:
/// the arguments of `oss_policy_macros::policy!` (its docs list them all: `limits`,
/// `deny_warnings`, `allow(...)`), with generated code naming this crate, wherever it is
/// re-exported from. `crate = path` names another path to it.
///
/// ```
/// use oss_policy::{Authorizer, Decision, Principal, Request};
///
/// oss_policy::policy!(
///     pub(crate) PublicRead,
///     kind = bucket,
///     json = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
///         "Principal": "*", "Resource": "acs:oss:*:*:public-bucket/*"}]}"#,
/// );
///
/// let authorizer = Authorizer::new("1").with_bucket(&PublicRead)?;
/// let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:public-bucket/a.txt");
/// assert_eq!(authorizer.authorize(&request)?.decision, Decision::Allow);
/// # Ok::<(), oss_policy::RequestError>(())
/// ```
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! policy {
    ($($input:tt)*) => {
        $crate::__macros::policy_in! { {$crate} $($input)* }
    };
}

/// What [`policy!`] expands to.
#[cfg(feature = "macros")]
#[doc(hidden)]
pub mod __macros {
    pub use oss_policy_macros::policy_in;
}
