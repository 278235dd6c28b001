//! The in-memory compiled engine: a policy lowered ([`crate::ir`]) and planned into a
//! decision tree ([`crate::plan`]), decided by walking the tree without allocating.
//!
//! [`CompiledPolicy`] implements [`PolicyEngine`], so it plugs into the combined
//! [`Authorizer`](oss_policy_runtime::Authorizer) like any other engine, and decides the
//! same as the reference evaluator — the same decision and the same deciding statement
//! (docs/SPEC.md section 4) — at a cost that stays flat as statements grow.
//!
//! ```
//! use oss_policy_compiler::{engine::CompiledPolicy, Limits};
//! use oss_policy_runtime::{Decision, PolicyEngine, PolicyKind, Principal, Request};
//!
//! let text = r#"{"Version":"1","Statement":[
//!     {"Effect":"Allow","Action":"oss:GetObject","Principal":"*","Resource":"acs:oss:*:*:public/*"},
//!     {"Effect":"Deny","Action":"oss:*","Principal":"*","Resource":"acs:oss:*:*:public/secret/*"}]}"#;
//! let policy = CompiledPolicy::from_json(text, PolicyKind::Bucket, &Limits::default())?;
//! let read = |key: &str| {
//!     let resource = format!("acs:oss:cn-hangzhou:1:public/{key}");
//!     policy.evaluate(&Request::new(Principal::Anonymous, "oss:GetObject", &resource).with_bucket_owner("1"))
//! };
//! assert_eq!(read("a.txt")?.decision, Decision::Allow);
//! assert_eq!(read("secret/a.txt")?.decision, Decision::Deny);
//! assert_eq!(read("secret/a.txt")?.statement, Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How a request is decided
//!
//! 1. The request is [prepared](oss_policy_runtime::Prepared) once for all the policies
//!    of an authorization: its action's dense id looked up, its resource split into ARN
//!    segments.
//! 2. The engine walks the policy's decision tree ([`crate::plan`], the one the code
//!    generator prints): the action's id picks its class, and each node reached says how
//!    to go on — a walk down the literal-prefix trie along the resource's relative id,
//!    a binary search for the caller's id, every part of a merge. Small policies are one
//!    leaf per class.
//! 3. Each candidate of a leaf reached is checked for what the tree has not decided —
//!    cheapest first: the action for an action outside the known list, principal, the
//!    rest of the resource, conditions. The first applying Deny (by statement index)
//!    decides; else the first applying Allow; else Ignore.

mod conditions;
mod eval;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use oss_policy_runtime::{Evaluation, PolicyEngine, PolicyKind, Prepared, Request, RequestError};

use crate::ir::{self, ConditionKey, PolicyIr};
use crate::lint::{self, Warning};
use crate::model::Policy;
use crate::plan::Plan;
use crate::{Limits, PolicyErrors, parse_policy};

/// The most candidates a leaf of the engine's tree holds before the planner splits them:
/// fewer than generated code's ([`crate::plan::DEFAULT_LEAF_SIZE`]), for a candidate costs
/// the engine more to check than the code written for it (callgrind: a 10-statement scale
/// policy whose object class has six candidates takes 1,150 instructions per refused check
/// as one leaf, 550 split by resource).
const LEAF_SIZE: usize = 4;

/// A policy compiled for in-memory evaluation. Cheap to clone (the compiled form is
/// shared), `Send + Sync`; [`PolicyEngine::evaluate`] never allocates and never panics.
#[derive(Clone, Debug)]
pub struct CompiledPolicy {
    compiled: Arc<Compiled>,
}

/// The lowered statements, their decision tree, the warnings of the text and
/// the condition keys the policy reads.
#[derive(Debug)]
struct Compiled {
    ir: PolicyIr,
    plan: Plan,
    warnings: Vec<Warning>,
    condition_keys: Vec<String>,
}

impl CompiledPolicy {
    /// Compiles a validated policy.
    pub fn from_policy(policy: &Policy) -> CompiledPolicy {
        CompiledPolicy::from_ir(ir::lower(policy))
    }

    /// Wraps a policy already in indexed form.
    pub fn from_ir(ir: PolicyIr) -> CompiledPolicy {
        CompiledPolicy::with_warnings(ir, Vec::new())
    }

    fn with_warnings(ir: PolicyIr, warnings: Vec<Warning>) -> CompiledPolicy {
        let plan = Plan::new(&ir, LEAF_SIZE);
        let condition_keys = condition_keys(&ir);
        CompiledPolicy { compiled: Arc::new(Compiled { ir, plan, warnings, condition_keys }) }
    }

    /// Parses, validates and compiles a policy document of `kind`, and lints it: the
    /// warnings are kept for [`CompiledPolicy::warnings`] (a `PutBucketPolicy` handler
    /// can return them with its answer).
    ///
    /// # Errors
    /// Every error in the document ([`parse_policy`]).
    pub fn from_json(text: &str, kind: PolicyKind, limits: &Limits) -> Result<CompiledPolicy, PolicyErrors> {
        let policy = parse_policy(text, kind, limits)?;
        Ok(CompiledPolicy::with_warnings(ir::lower(&policy), lint::lint(&policy, text)))
    }

    /// The warnings of the text this policy was compiled from ([`lint::lint`]), in text
    /// order; none for a policy compiled from a model or an IR, which has no text.
    ///
    /// ```
    /// use oss_policy_compiler::{engine::CompiledPolicy, Limits};
    /// use oss_policy_runtime::PolicyKind;
    ///
    /// let text = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Principal":"*",
    ///   "Resource":"acs:oss:*:*:b/*","Condition":{"IpAddress":{"acs:SourceIP4":"203.0.113.0/24"},
    ///   "StringNotLike":{"acs:SourceVpc":"vpc-*"}}}]}"#;
    /// let policy = CompiledPolicy::from_json(text, PolicyKind::Bucket, &Limits::default())?;
    /// let codes: Vec<&str> = policy.warnings().iter().map(|w| w.code().as_str()).collect();
    /// assert_eq!(codes, ["unknown-condition-key"]);
    /// # Ok::<(), oss_policy_compiler::PolicyErrors>(())
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        &self.compiled.warnings
    }

    /// The lowered statements.
    pub fn ir(&self) -> &PolicyIr {
        &self.compiled.ir
    }

    /// The decision tree the engine walks.
    pub fn plan(&self) -> &Plan {
        &self.compiled.plan
    }

    /// The names of the condition keys the policy's conditions read, as the policy
    /// spells them (well-known keys as docs/SPEC.md does), sorted, each once. Collected when
    /// compiling.
    pub fn condition_keys(&self) -> &[String] {
        &self.compiled.condition_keys
    }

    /// Whether a condition reads a key whose name starts with `prefix` (compared ASCII
    /// case-insensitively, as key names are): `reads_key_prefix("oss:ExistingObjectTag/")`
    /// says whether deciding a request can need the stored object's tags, so that a host
    /// looks them up only for the policies that condition on them. A scan of the few
    /// distinct keys of the policy; no allocation.
    ///
    /// ```
    /// use oss_policy_compiler::{engine::CompiledPolicy, Limits};
    /// use oss_policy_runtime::PolicyKind;
    ///
    /// let text = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
    ///   "Resource":"acs:oss:*:*:b/*","Condition":{"StringEquals":{"oss:existingobjecttag/team":"a"}}}]}"#;
    /// let policy = CompiledPolicy::from_json(text, PolicyKind::Ram, &Limits::default())?;
    /// assert!(policy.reads_key_prefix("oss:ExistingObjectTag/"));
    /// assert!(!policy.reads_key_prefix("oss:RequestObjectTag/"));
    /// assert_eq!(policy.condition_keys(), ["oss:existingobjecttag/team"]);
    /// # Ok::<(), oss_policy_compiler::PolicyErrors>(())
    /// ```
    pub fn reads_key_prefix(&self, prefix: &str) -> bool {
        self.compiled.condition_keys.iter().any(|key| {
            key.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
        })
    }

    /// Decides `request` and counts the statements examined beyond the tree: the
    /// candidates whose remaining filters had to be checked. For tests and benchmarks
    /// that show the cost stays flat.
    #[doc(hidden)]
    ///
    /// # Errors
    /// A refusal, as [`PolicyEngine::evaluate`].
    pub fn evaluate_counting(&self, request: &Request<'_>) -> Result<(Evaluation, usize), RequestError> {
        let mut examined = 0usize;
        let evaluation =
            eval::evaluate(&self.compiled.ir, &self.compiled.plan, &Prepared::new(request)?, &mut examined);
        Ok((evaluation, examined))
    }

    /// Decides `request` through the engine's tree, through a tree split wherever it
    /// can be (leaves of one candidate), and through one leaf per action class. For
    /// tests: all three must decide alike. Plans the two other trees on every call.
    #[doc(hidden)]
    ///
    /// # Errors
    /// A refusal, as [`PolicyEngine::evaluate`].
    pub fn evaluate_each_way(&self, request: &Request<'_>) -> Result<[Evaluation; 3], RequestError> {
        let prepared = Prepared::new(request)?;
        let ir = &self.compiled.ir;
        let split = Plan::new(ir, 1);
        let whole = Plan::new(ir, usize::MAX);
        Ok([&self.compiled.plan, &split, &whole].map(|plan| eval::evaluate(ir, plan, &prepared, &mut ())))
    }
}

impl PolicyEngine for CompiledPolicy {
    fn kind(&self) -> PolicyKind {
        self.compiled.ir.kind
    }

    fn evaluate_prepared(&self, prepared: &Prepared<'_, '_>) -> Evaluation {
        eval::evaluate(&self.compiled.ir, &self.compiled.plan, prepared, &mut ())
    }
}

/// The names of the keys the conditions of `ir` read, sorted, each once.
fn condition_keys(ir: &PolicyIr) -> Vec<String> {
    let mut keys: Vec<String> = ir
        .statements
        .iter()
        .flat_map(|statement| &statement.conditions)
        .map(|condition| match &condition.key {
            ConditionKey::Known(key) => key.name().to_owned(),
            ConditionKey::Other(name) => name.clone(),
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}
