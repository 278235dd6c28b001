//! Generated policies of any size, shaped like real use, for the scaling benchmarks: the
//! generator is [`testgen::scale`] (re-exported here), shared with the build script that
//! compiles the same policies ahead of time for the `generated` engine (feature `scale`);
//! this module turns its case files into benchmark [`Case`]s.
//!
//! Statements come in blocks of ten: per-user folder grants with `oss:ListObjects` prefix
//! conditions ([`Family::Bucket`]) or per-department grants on an access point
//! ([`Family::AccessPoint`]), each block with an IP and a VPC deny. Each case has two
//! requests: `near-end`, which a statement near the end allows, and `no-match`, which no
//! statement matches and so gets `Ignore`.
//!
//! ```
//! use oss_policy_benches::scale::{Family, case};
//! let case = case(Family::Bucket, 100)?;
//! assert_eq!(case.name(), "scale-bucket-100");
//! assert_eq!(case.policies().count(), 1);
//! assert_eq!(case.file().requests.len(), 2);
//! # Ok::<(), String>(())
//! ```

pub use testgen::scale::{
    ACCESS_POINT, ACCOUNT, BUCKET, Family, REGION, SIZES, case_file, case_name, delegating_bucket_policy,
    parse_case_name, policy, uid,
};

use crate::cases::Case;

/// The case of `family` at `statements` statements ([`case_name`], [`case_file`]).
///
/// # Errors
/// When the generated case does not read (a bug in the generator).
pub fn case(family: Family, statements: usize) -> Result<Case, String> {
    Case::from_json(case_name(family, statements), &case_file(family, statements)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::{ENGINES, GENERATED, Policies};
    use oss_policy_runtime::Decision;

    #[test]
    fn every_engine_decides_the_requests_as_expected() {
        for family in Family::ALL {
            for statements in [10, 100] {
                let case = case(family, statements).unwrap();
                for engine in ENGINES {
                    // Generated code for the scale cases exists only with the feature.
                    let Some(policies) = Policies::build(engine, &case).unwrap().ready() else {
                        assert!(engine.name == GENERATED.name && !cfg!(feature = "scale"), "{}", engine.name);
                        continue;
                    };
                    for spec in &case.file().requests {
                        let decision = policies
                            .with_authorizer(case.bucket_owner(), |a| case.authorize(a, spec))
                            .unwrap()
                            .unwrap();
                        assert_eq!(
                            Some(oss_policy_compiler::cases::Expect::Decision(decision)),
                            spec.expect,
                            "{} {} {}",
                            engine.name,
                            case.name(),
                            spec.name
                        );
                    }
                }
                assert!(case.request(Decision::Allow).is_some() && case.request(Decision::Ignore).is_some());
            }
        }
    }
}
