//! Choosing an engine by name, for the CLI and the tests that run every engine.

use std::fmt;

use oss_policy_runtime::PolicyEngine;

use crate::engine::CompiledPolicy;
use crate::model::Policy;
use crate::reference::ReferencePolicy;

/// An engine that can decide requests against a [`Policy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EngineName {
    /// The interpreted reference evaluator ([`crate::reference`]).
    Reference,
    /// The in-memory compiled engine ([`crate::engine`]).
    Compiled,
}

impl EngineName {
    /// Every engine.
    pub const ALL: &'static [EngineName] = &[EngineName::Reference, EngineName::Compiled];

    /// The engine's name on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            EngineName::Reference => "reference",
            EngineName::Compiled => "compiled",
        }
    }

    /// The engine of that name.
    pub fn from_name(name: &str) -> Option<EngineName> {
        EngineName::ALL.iter().copied().find(|engine| engine.as_str() == name)
    }

    /// Builds this engine for `policy`.
    pub fn build(self, policy: Policy) -> Box<dyn PolicyEngine> {
        match self {
            EngineName::Reference => Box::new(ReferencePolicy::new(policy)),
            EngineName::Compiled => Box::new(CompiledPolicy::from_policy(&policy)),
        }
    }
}

impl fmt::Display for EngineName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}
