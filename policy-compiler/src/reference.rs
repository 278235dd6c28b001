//! The reference evaluator.
use oss_policy_runtime::{Evaluation, PolicyEngine, PolicyKind, Request};

use crate::model::Policy;

/// A policy evaluated by the reference evaluator.
#[derive(Clone, Debug)]
pub struct ReferencePolicy {
    policy: Policy,
}

impl ReferencePolicy {
    /// Wraps a validated policy.
    pub fn new(policy: Policy) -> ReferencePolicy {
        ReferencePolicy { policy }
    }
}

impl PolicyEngine for ReferencePolicy {
    fn kind(&self) -> PolicyKind {
        self.policy.kind
    }

    fn evaluate(&self, request: &Request<'_>) -> Evaluation {
        let _ = request;
        todo!()
    }
}
