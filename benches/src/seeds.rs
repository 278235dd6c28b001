//! The texts of the seed and combined cases, one list for the crate and its build script.
//!
//! This file uses nothing but `include_str!`, with paths relative to itself, so that
//! `build.rs` includes the very same list (`#[path = "src/seeds.rs"] mod seeds;`) to
//! generate code for every policy of these cases; [`crate::cases`] re-exports it.

/// The seed cases, (name, case file text): seed policies of the vendor documents, from
/// `conformance/decisions/` — bucket-policy.txt scenarios 2, 8, 10 and 12, ram-policy.txt
/// scenarios 5 and 8, and an access point policy with the bucket policy that delegates to
/// it.
pub const SEEDS: &[(&str, &str)] = &[
    ("bucket-s02-readonly-folders", include_str!("../../conformance/decisions/bucket-s02-readonly-folders.json")),
    ("bucket-s08-restrict-public-ip", include_str!("../../conformance/decisions/bucket-s08-restrict-public-ip.json")),
    ("bucket-s10-ip-or-vpc", include_str!("../../conformance/decisions/bucket-s10-ip-or-vpc.json")),
    ("bucket-s12-require-sts", include_str!("../../conformance/decisions/bucket-s12-require-sts.json")),
    ("ram-s05c-folders-console", include_str!("../../conformance/decisions/ram-s05c-folders-console.json")),
    ("ram-s08b-deny-outside-ip", include_str!("../../conformance/decisions/ram-s08b-deny-outside-ip.json")),
    ("ap-s03-vpc-individual", include_str!("../../conformance/decisions/ap-s03-vpc-individual.json")),
];

/// The combined case, (name, case file text): a RAM policy, a bucket policy and an access
/// point policy for requests through the access point (`benches/cases/combined.json`).
pub const COMBINED: (&str, &str) = ("combined-ram-bucket-access-point", include_str!("../cases/combined.json"));
