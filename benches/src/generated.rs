//! The `generated` engine: the benchmark policies compiled to Rust ahead of time by
//! `build.rs` with the build.rs API (`oss_policy_compiler::build::Builder`), one unit
//! struct per policy, found by case name and role.
//!
//! The build script compiles every policy of the seed and combined cases
//! ([`crate::cases::SEEDS`], [`crate::cases::COMBINED`]) and, with feature `scale`, of
//! the scale cases at every size of [`crate::scale::SIZES`]; it writes the types to
//! `OUT_DIR/generated.rs` and the table of them to `OUT_DIR/generated_table.rs`.

use oss_policy_runtime::PolicyEngine;

use crate::engines::{Built, BuiltPolicy, PolicySource, Role};
use crate::scale::parse_case_name;

/// The generated types.
mod policies {
    oss_policy_runtime::include_policies!("generated.rs");
}

/// One generated policy: its case, its role there, and its type (a unit struct: boxing it
/// does not allocate).
type Entry = (&'static str, Role, fn() -> Box<dyn PolicyEngine>);

/// Every generated policy.
static POLICIES: &[Entry] = include!(concat!(env!("OUT_DIR"), "/generated_table.rs"));

/// The generated code of `source`'s policy (its case and role: the build script compiled
/// the same text); skipped for a scale case this build did not compile.
pub(crate) fn build(source: &PolicySource<'_>) -> BuiltPolicy {
    let found = POLICIES.iter().find(|(case, role, _)| *case == source.case && *role == source.role);
    if let Some((_, _, policy)) = found {
        return Ok(Built::Ready(policy()));
    }
    match parse_case_name(source.case) {
        Some(_) if !cfg!(feature = "scale") => Ok(Built::Skipped(format!(
            "no generated code for `{}`: build with `--features scale` for the scale cases",
            source.case
        ))),
        _ => Err(format!("no generated code for the {:?} policy of `{}`", source.role, source.case)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_policies_are_found_and_scale_ones_need_the_feature() {
        let source = |case, role| PolicySource { case, role, text: "" };
        let ready = |case, role| matches!(build(&source(case, role)), Ok(Built::Ready(_)));
        assert!(ready("bucket-s02-readonly-folders", Role::Bucket));
        assert!(ready("combined-ram-bucket-access-point", Role::Ram(0)));
        assert!(ready("combined-ram-bucket-access-point", Role::AccessPoint));
        // A role the case does not have, and a case that is not a benchmark's.
        assert!(build(&source("bucket-s02-readonly-folders", Role::Ram(0))).is_err());
        assert!(build(&source("bucket-s02", Role::Bucket)).is_err());
        let scale = build(&source("scale-access-point-100", Role::AccessPoint));
        if cfg!(feature = "scale") {
            assert!(matches!(scale, Ok(Built::Ready(_))));
        } else {
            let Ok(Built::Skipped(why)) = scale else { panic!("scale code without the feature") };
            assert!(why.contains("--features scale"), "{why}");
        }
    }
}
