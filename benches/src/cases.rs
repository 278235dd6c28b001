//! Benchmark cases: policies and requests in the conformance format
//! (`conformance/README.md`), with the decision each request must get.
//!
//! * [`SEEDS`]: seed policies of the vendor documents, from `conformance/decisions/` —
//!   bucket-policy.txt scenarios 2, 8, 10 and 12, ram-policy.txt scenarios 5 and 8, and an
//!   access point policy with the bucket policy that delegates to it.
//! * [`COMBINED`]: a RAM policy, a bucket policy and an access point policy for one
//!   request through the access point (`benches/cases/combined.json`).
//! * [`crate::scale`] generates the large ones.
//!
//! [`Case::named`] finds any of them by name, as the command-line tools take it.
//!
//! A benchmark times a request only after checking that the engine decides it as the case
//! expects: the time of a wrong answer is worth nothing.

use oss_policy_compiler::cases::{CaseFile, Expect, RequestSpec};
use oss_policy_runtime::{Authorizer, Decision, Request};

pub use crate::seeds::{COMBINED, SEEDS};

use crate::engines::Role;
use crate::scale;

/// The outcomes a benchmark times, each with the first request of a case that expects it.
pub const OUTCOMES: [Decision; 3] = [Decision::Allow, Decision::Deny, Decision::Ignore];

/// A benchmark case.
#[derive(Debug)]
pub struct Case {
    name: String,
    file: CaseFile,
}

impl Case {
    /// Reads a case file.
    ///
    /// # Errors
    /// When the text is not a decisions case file, or a request cannot be built.
    pub fn from_json(name: impl Into<String>, text: &str) -> Result<Case, String> {
        let name = name.into();
        let file = CaseFile::from_json(text).map_err(|error| format!("{name}: {error}"))?;
        Ok(Case { name, file })
    }

    /// The seed case of that name ([`SEEDS`]).
    ///
    /// # Errors
    /// When there is none.
    pub fn seed(name: &str) -> Result<Case, String> {
        let (name, text) = SEEDS
            .iter()
            .find(|(seed, _)| *seed == name)
            .ok_or_else(|| format!("no seed case `{name}` (the seed cases: {})", seed_names()))?;
        Case::from_json(*name, text)
    }

    /// Every seed case.
    ///
    /// # Errors
    /// When one does not read.
    pub fn seeds() -> Result<Vec<Case>, String> {
        SEEDS.iter().map(|(name, text)| Case::from_json(*name, text)).collect()
    }

    /// The combined case ([`COMBINED`]).
    ///
    /// # Errors
    /// When it does not read.
    pub fn combined() -> Result<Case, String> {
        Case::from_json(COMBINED.0, COMBINED.1)
    }

    /// The case called `name`: a seed case, `combined` (or the combined case's full name),
    /// or a scale case such as `scale-bucket-1000` ([`scale::case_name`]).
    ///
    /// # Errors
    /// When there is none, or it does not read.
    pub fn named(name: &str) -> Result<Case, String> {
        if name == "combined" || name == COMBINED.0 {
            return Case::combined();
        }
        if let Some((family, statements)) = scale::parse_case_name(name) {
            return scale::case(family, statements);
        }
        if !SEEDS.iter().any(|(seed, _)| *seed == name) {
            return Err(format!(
                "no case `{name}` (the cases: {}, `combined`, `scale-bucket-{{statements}}`, `scale-access-point-{{statements}}`)",
                seed_names()
            ));
        }
        Case::seed(name)
    }

    /// The case's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The case file.
    pub fn file(&self) -> &CaseFile {
        &self.file
    }

    /// Every policy of the case with its role.
    pub fn policies(&self) -> impl Iterator<Item = (Role, &str)> {
        let policies = &self.file.policies;
        let ram = policies.ram.iter().enumerate().map(|(i, raw)| (Role::Ram(i), raw.get()));
        let bucket = policies.bucket.iter().map(|raw| (Role::Bucket, raw.get()));
        let access_point = policies.access_point.iter().map(|raw| (Role::AccessPoint, raw.get()));
        ram.chain(bucket).chain(access_point)
    }

    /// The first request that expects `decision`, if any.
    pub fn request(&self, decision: Decision) -> Option<&RequestSpec> {
        self.file.requests.iter().find(|spec| spec.expect == Some(Expect::Decision(decision)))
    }

    /// The account that owns the case's bucket (empty when the file names none: every
    /// request is then refused).
    pub fn bucket_owner(&self) -> &str {
        self.file.bucket_owner.as_deref().unwrap_or("")
    }

    /// Builds `spec`'s request (for this case's bucket owner) and calls `f` with it.
    ///
    /// # Errors
    /// When the request cannot be built.
    pub fn with_request<R>(&self, spec: &RequestSpec, f: impl FnOnce(&Request<'_>) -> R) -> Result<R, String> {
        spec.with_request(self.file.bucket_owner.as_deref(), f).map_err(|error| format!("{}: {error}", self.name))
    }

    /// Authorizes `spec`'s request and checks the decision against its `expect`.
    ///
    /// # Errors
    /// When the request cannot be built or is refused, or the decision is not the
    /// expected one.
    pub fn authorize(&self, authorizer: &Authorizer<'_>, spec: &RequestSpec) -> Result<Decision, String> {
        let decision = self.with_request(spec, |request| authorizer.authorize(request))?;
        let decision = decision.map_err(|error| format!("{}, {}: {error}", self.name, spec.name))?.decision;
        match spec.expect {
            Some(expected) if expected != Expect::Decision(decision) => {
                Err(format!("{}, {}: decided {decision}, expected {expected}", self.name, spec.name))
            }
            _ => Ok(decision),
        }
    }
}

/// The names of the seed cases, for errors: `a`, `b`.
fn seed_names() -> String {
    let names: Vec<String> = SEEDS.iter().map(|(name, _)| format!("`{name}`")).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::{ENGINES, GENERATED, Policies};

    #[test]
    fn every_engine_decides_the_seed_and_combined_cases_as_expected() {
        let mut cases = Case::seeds().unwrap();
        cases.push(Case::combined().unwrap());
        // Generated code is one of the engines, and it has code for every policy of these
        // cases (`required` fails on a policy the build script did not generate).
        assert!(ENGINES.iter().any(|engine| engine.name == GENERATED.name));
        for case in &cases {
            for engine in ENGINES {
                let policies = Policies::build(engine, case).unwrap().required().unwrap();
                for spec in &case.file().requests {
                    let decision = policies.with_authorizer(case.bucket_owner(), |a| case.authorize(a, spec)).unwrap();
                    assert!(decision.is_ok(), "{}: {decision:?}", engine.name);
                }
            }
        }
        // Every outcome is benchmarked for the combined case and at least two per seed.
        let combined = Case::combined().unwrap();
        assert!(OUTCOMES.iter().all(|&outcome| combined.request(outcome).is_some()));
        for case in &cases {
            assert!(
                OUTCOMES.iter().filter(|&&outcome| case.request(outcome).is_some()).count() >= 2,
                "{}",
                case.name()
            );
        }
    }

    #[test]
    fn cases_are_found_by_name() {
        let table = [
            ("bucket-s02-readonly-folders", Some("bucket-s02-readonly-folders")),
            ("combined", Some(COMBINED.0)),
            (COMBINED.0, Some(COMBINED.0)),
            ("scale-bucket-10", Some("scale-bucket-10")),
            ("scale-access-point-100", Some("scale-access-point-100")),
            ("bucket-s02", None),
            ("scale-bucket-ten", None),
            ("", None),
        ];
        for (name, want) in table {
            let got = Case::named(name);
            assert_eq!(got.as_ref().ok().map(Case::name), want, "{name}: {got:?}");
        }
        let unknown = Case::named("nope").unwrap_err();
        assert!(unknown.contains("`ap-s03-vpc-individual`") && unknown.contains("`combined`"), "{unknown}");
    }
}
