//! Known OSS actions (re-exported from the runtime, where action ids live) and the
//! "did you mean" suggestion for an unknown one.

pub use oss_policy_runtime::actions::{ActionId, ActionLevel, KNOWN_ACTIONS, KnownAction, action_id};
