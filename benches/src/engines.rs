//! The engines under benchmark, and the policies of a case built by one of them.
//!
//! An [`Engine`] is a name and a function that builds one policy of a case. The in-memory
//! compiled engine and the reference evaluator build from the policy's text; generated
//! code, compiled ahead of time by this crate's build script, finds its policy by case
//! name and [`Role`] — so it is one more entry in [`ENGINES`], and every benchmark runs it.
//!
//! Generated code exists only for the policies the build script compiled: every seed and
//! combined policy always, the scale policies only with feature `scale` (they take long to
//! compile). For any other scale case, [`GENERATED`] builds [`Built::Skipped`], saying
//! which feature to turn on, and the benchmarks skip it there; every other failure is an
//! error.
//!
//! ```
//! use oss_policy_benches::cases::Case;
//! use oss_policy_benches::engines::{ENGINES, Policies};
//! use oss_policy_runtime::Decision;
//!
//! let case = Case::seed("bucket-s02-readonly-folders")?;
//! let request = case.request(Decision::Allow).ok_or("no Allow request")?;
//! for engine in ENGINES {
//!     let policies = Policies::build(engine, &case)?.required()?;
//!     let decision = policies.with_authorizer(case.bucket_owner(), |authorizer| case.authorize(authorizer, request))??;
//!     assert_eq!(decision, Decision::Allow, "{}", engine.name);
//! }
//! # Ok::<(), String>(())
//! ```

use oss_policy_compiler::{EngineName, Limits, parse_policy};
use oss_policy_runtime::{Authorizer, PolicyEngine, PolicyKind};

use crate::cases::Case;
use crate::generated;

/// Which policy of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The RAM policy at this position of the caller's list.
    Ram(usize),
    /// The bucket policy.
    Bucket,
    /// The access point policy.
    AccessPoint,
}

impl Role {
    /// The kind of document a policy in this role is.
    pub const fn kind(self) -> PolicyKind {
        match self {
            Role::Ram(_) => PolicyKind::Ram,
            Role::Bucket => PolicyKind::Bucket,
            Role::AccessPoint => PolicyKind::AccessPoint,
        }
    }
}

/// One policy to build: the case it belongs to, its role there, and its text.
#[derive(Clone, Copy, Debug)]
pub struct PolicySource<'a> {
    /// The case's name (`bucket-s02-readonly-folders`, `scale-bucket-1000`).
    pub case: &'a str,
    /// The policy's role in the case.
    pub role: Role,
    /// The policy document.
    pub text: &'a str,
}

/// What an engine made of one policy, or of every policy of a case.
pub enum Built<T> {
    /// Ready to decide.
    Ready(T),
    /// The engine has no code for it in this build: generated code for a policy the build
    /// script did not compile (the scale cases without feature `scale`). Benchmarks skip the
    /// engine there; the message says which feature to turn on.
    Skipped(String),
}

impl<T> Built<T> {
    /// The built value, or `None` when it was skipped.
    pub fn ready(self) -> Option<T> {
        match self {
            Built::Ready(value) => Some(value),
            Built::Skipped(_) => None,
        }
    }

    /// The built value, for a tool that needs it.
    ///
    /// # Errors
    /// When it was skipped: the message says which feature to turn on.
    pub fn required(self) -> Result<T, String> {
        match self {
            Built::Ready(value) => Ok(value),
            Built::Skipped(why) => Err(why),
        }
    }
}

/// A built policy, skipped, or why it could not be built.
pub type BuiltPolicy = Result<Built<Box<dyn PolicyEngine>>, String>;

/// An engine under benchmark.
#[derive(Clone, Copy, Debug)]
pub struct Engine {
    /// Its name in benchmark ids and reports.
    pub name: &'static str,
    /// Builds one policy.
    pub build: fn(&PolicySource<'_>) -> BuiltPolicy,
    /// Whether the engine's code was compiled ahead of time (generated code): `build` only
    /// finds it, and the `compile` benchmark, which times compiling at run time, skips it.
    pub ahead_of_time: bool,
}

/// The in-memory compiled engine (`oss_policy_compiler::engine`).
pub const COMPILED: Engine =
    Engine { name: "compiled", build: |source| from_text(EngineName::Compiled, source), ahead_of_time: false };

/// Generated code: every benchmark policy compiled to Rust by the build.rs API
/// (`oss_policy_compiler::build::Builder`) when this crate was built.
pub const GENERATED: Engine = Engine { name: "generated", build: generated::build, ahead_of_time: true };

/// The reference evaluator (`oss_policy_compiler::reference`).
pub const REFERENCE: Engine =
    Engine { name: "reference", build: |source| from_text(EngineName::Reference, source), ahead_of_time: false };

/// Every engine the benchmarks run, fastest expected first.
pub const ENGINES: &[Engine] = &[COMPILED, GENERATED, REFERENCE];

/// Parses a policy without the size limits (the scale policies exceed them) and builds it
/// for `engine`.
fn from_text(engine: EngineName, source: &PolicySource<'_>) -> BuiltPolicy {
    let policy = parse_policy(source.text, source.role.kind(), &Limits::none())
        .map_err(|errors| format!("{} {:?}: {}", source.case, source.role, errors.first()))?;
    Ok(Built::Ready(engine.build(policy)))
}

/// The policies of one case, built by one engine.
pub struct Policies {
    ram: Vec<Box<dyn PolicyEngine>>,
    bucket: Option<Box<dyn PolicyEngine>>,
    access_point: Option<Box<dyn PolicyEngine>>,
}

impl Policies {
    /// Builds every policy of `case` with `engine`; [`Built::Skipped`] when the engine
    /// skips one of them.
    ///
    /// # Errors
    /// The first policy the engine cannot build.
    pub fn build(engine: &Engine, case: &Case) -> Result<Built<Policies>, String> {
        let mut policies = Policies { ram: Vec::new(), bucket: None, access_point: None };
        for (role, text) in case.policies() {
            let built = match (engine.build)(&PolicySource { case: case.name(), role, text })? {
                Built::Ready(built) => built,
                Built::Skipped(why) => return Ok(Built::Skipped(why)),
            };
            match role {
                Role::Ram(_) => policies.ram.push(built),
                Role::Bucket => policies.bucket = Some(built),
                Role::AccessPoint => policies.access_point = Some(built),
            }
        }
        Ok(Built::Ready(policies))
    }

    /// Calls `f` with the combined authorizer over these policies, for a bucket owned by
    /// `bucket_owner`.
    ///
    /// # Errors
    /// When a policy is not of the kind its role needs (an engine that built the wrong
    /// policy).
    pub fn with_authorizer<R>(&self, bucket_owner: &str, f: impl FnOnce(&Authorizer<'_>) -> R) -> Result<R, String> {
        let mut authorizer = Authorizer::new(bucket_owner).with_ram(&self.ram).map_err(|error| error.to_string())?;
        if let Some(bucket) = &self.bucket {
            authorizer = authorizer.with_bucket(bucket.as_ref()).map_err(|error| error.to_string())?;
        }
        if let Some(access_point) = &self.access_point {
            authorizer = authorizer.with_access_point(access_point.as_ref()).map_err(|error| error.to_string())?;
        }
        Ok(f(&authorizer))
    }
}
