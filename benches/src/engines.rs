//! The engines under benchmark, and the policies of a case built by one of them.
//!
//! An [`Engine`] is a name and a function that builds one policy of a case. The in-memory
//! compiled engine and the reference evaluator build from the policy's text; generated
//! code, compiled ahead of time, will find its policy by case name and [`Role`] — so it is
//! one more entry in [`ENGINES`], and every benchmark runs it.
//!
//! ```
//! use oss_policy_benches::cases::Case;
//! use oss_policy_benches::engines::{ENGINES, Policies};
//! use oss_policy_runtime::Decision;
//!
//! let case = Case::seed("bucket-s02-readonly-folders")?;
//! let request = case.request(Decision::Allow).ok_or("no Allow request")?;
//! for engine in ENGINES {
//!     let policies = Policies::build(engine, &case)?;
//!     let decision = policies.with_authorizer(|authorizer| case.authorize(authorizer, request))??;
//!     assert_eq!(decision, Decision::Allow, "{}", engine.name);
//! }
//! # Ok::<(), String>(())
//! ```

use oss_policy_compiler::{EngineName, Limits, parse_policy};
use oss_policy_runtime::{Authorizer, PolicyEngine, PolicyKind};

use crate::cases::Case;

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

/// A built policy, or why it could not be built.
pub type Built = Result<Box<dyn PolicyEngine>, String>;

/// An engine under benchmark.
#[derive(Clone, Copy, Debug)]
pub struct Engine {
    /// Its name in benchmark ids and reports.
    pub name: &'static str,
    /// Builds one policy.
    pub build: fn(&PolicySource<'_>) -> Built,
}

/// The in-memory compiled engine (`oss_policy_compiler::engine`).
pub const COMPILED: Engine = Engine { name: "compiled", build: |source| from_text(EngineName::Compiled, source) };

/// The reference evaluator (`oss_policy_compiler::reference`).
pub const REFERENCE: Engine = Engine { name: "reference", build: |source| from_text(EngineName::Reference, source) };

/// Every engine the benchmarks run, fastest expected first.
pub const ENGINES: &[Engine] = &[COMPILED, REFERENCE];

/// Parses a policy without the size limits (the scale policies exceed them) and builds it
/// for `engine`.
fn from_text(engine: EngineName, source: &PolicySource<'_>) -> Built {
    let policy = parse_policy(source.text, source.role.kind(), &Limits::none())
        .map_err(|errors| format!("{} {:?}: {}", source.case, source.role, errors.first()))?;
    Ok(engine.build(policy))
}

/// The policies of one case, built by one engine.
pub struct Policies {
    ram: Vec<Box<dyn PolicyEngine>>,
    bucket: Option<Box<dyn PolicyEngine>>,
    access_point: Option<Box<dyn PolicyEngine>>,
}

impl Policies {
    /// Builds every policy of `case` with `engine`.
    ///
    /// # Errors
    /// The first policy the engine cannot build.
    pub fn build(engine: &Engine, case: &Case) -> Result<Policies, String> {
        let mut policies = Policies { ram: Vec::new(), bucket: None, access_point: None };
        for (role, text) in case.policies() {
            let built = (engine.build)(&PolicySource { case: case.name(), role, text })?;
            match role {
                Role::Ram(_) => policies.ram.push(built),
                Role::Bucket => policies.bucket = Some(built),
                Role::AccessPoint => policies.access_point = Some(built),
            }
        }
        Ok(policies)
    }

    /// Calls `f` with the combined authorizer over these policies.
    ///
    /// # Errors
    /// When a policy is not of the kind its role needs (an engine that built the wrong
    /// policy).
    pub fn with_authorizer<R>(&self, f: impl FnOnce(&Authorizer<'_>) -> R) -> Result<R, String> {
        let ram: Vec<&dyn PolicyEngine> = self.ram.iter().map(|policy| policy.as_ref()).collect();
        let mut authorizer = Authorizer::new().with_ram(&ram).map_err(|error| error.to_string())?;
        if let Some(bucket) = &self.bucket {
            authorizer = authorizer.with_bucket(bucket.as_ref()).map_err(|error| error.to_string())?;
        }
        if let Some(access_point) = &self.access_point {
            authorizer = authorizer.with_access_point(access_point.as_ref()).map_err(|error| error.to_string())?;
        }
        Ok(f(&authorizer))
    }
}
