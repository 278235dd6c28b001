//! A crate that depends on `oss-policy` alone and holds the quickstart's two policies —
//! bucket-policy.txt scenario 2 (a RAM user may read and list two folders) and
//! ram-policy.txt scenario 8 (read `mybucket`, deny everything outside 192.168.0.0/16) —
//! in each of the ways the facade offers:
//!
//! * [`ReadonlyFolders`] and [`DenyOutsideOffice`]: compiled by `oss_policy::policy!`;
//! * [`BuiltReadonlyFolders`] and [`BuiltDenyOutsideOffice`]: compiled by `build.rs`
//!   (`oss_policy::build::Builder`), included with `oss_policy::include_policies!`;
//! * [`run_time`]: the same files compiled when the program runs (`CompiledPolicy`);
//!
//! and [`authorizer`] combines any of them for the bucket.

use oss_policy::{Authorizer, CompiledPolicy, Limits, PolicyEngine, PolicyErrors, PolicyKind};

oss_policy::policy!(
    /// bucket-policy.txt scenario 2, compiled by `policy!`.
    pub ReadonlyFolders,
    kind = bucket,
    file = "../policies/bucket-s02-readonly-folders.json",
    allow(placeholder-value),
);
oss_policy::policy!(
    /// ram-policy.txt scenario 8, compiled by `policy!`.
    pub DenyOutsideOffice,
    kind = ram,
    file = "../policies/ram-s08b-deny-outside-ip.json",
);

oss_policy::include_policies!();

/// The account that owns the bucket of the vendor's examples.
pub const OWNER: &str = "174649585760xxxx";

/// The bucket policy and the RAM policy, compiled at run time.
///
/// # Errors
/// Never for these files; a policy that does not compile gives every error.
pub fn run_time() -> Result<(CompiledPolicy, CompiledPolicy), PolicyErrors> {
    let bucket = include_str!("../../policies/bucket-s02-readonly-folders.json");
    let ram = include_str!("../../policies/ram-s08b-deny-outside-ip.json");
    Ok((
        CompiledPolicy::from_json(bucket, PolicyKind::Bucket, &Limits::default())?,
        CompiledPolicy::from_json(ram, PolicyKind::Ram, &Limits::default())?,
    ))
}

/// The authorizer of the bucket owned by [`OWNER`], with `bucket` as its bucket policy
/// and `ram` as the caller's RAM policies.
///
/// # Errors
/// When `bucket` is not a bucket policy or one of `ram` not a RAM policy.
pub fn authorizer<'p>(
    bucket: &'p dyn PolicyEngine,
    ram: &'p [&'p dyn PolicyEngine],
) -> Result<Authorizer<'p>, oss_policy::RequestError> {
    Authorizer::new(OWNER).with_bucket(bucket)?.with_ram(ram)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oss_policy::{Context, Decision, Key, Principal, Request};

    const READER: Principal<'static> = Principal::RamUser { uid: "20214760404935xxxx", account: OWNER };
    const HANGZHOU_2020: &str = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg";

    /// The quickstart's requests with the decisions docs/SPEC.md section 5 gives them: the
    /// bucket policy grants the reader `hangzhou/2020/*` and listing it; the RAM policy
    /// denies everything from outside 192.168.0.0/16; the owner's account is allowed by
    /// default; nothing grants an upload or an anonymous read.
    fn requests() -> Vec<(&'static str, Request<'static>, Decision)> {
        let office = Context::new().with(Key::SourceIp, "192.168.1.20").unwrap();
        let cafe = Context::new().with(Key::SourceIp, "203.0.113.5").unwrap();
        let listing = office.with(Key::Prefix, "hangzhou/2020/").unwrap();
        let bucket = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket";
        let hangzhou_2021 = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2021/a.jpg";
        vec![
            (
                "read from the office",
                Request::new(READER, "oss:GetObject", HANGZHOU_2020).with_context(office),
                Decision::Allow,
            ),
            (
                "read from a cafe",
                Request::new(READER, "oss:GetObject", HANGZHOU_2020).with_context(cafe),
                Decision::Deny,
            ),
            ("read 2021", Request::new(READER, "oss:GetObject", hangzhou_2021).with_context(office), Decision::Ignore),
            ("list 2020", Request::new(READER, "oss:ListObjects", bucket).with_context(listing), Decision::Allow),
            ("upload", Request::new(READER, "oss:PutObject", HANGZHOU_2020).with_context(office), Decision::Ignore),
            (
                "the owner deletes",
                Request::new(Principal::Account { uid: OWNER }, "oss:DeleteObject", HANGZHOU_2020),
                Decision::Allow,
            ),
            ("anonymous read", Request::new(Principal::Anonymous, "oss:GetObject", HANGZHOU_2020), Decision::Ignore),
        ]
    }

    fn decisions(authorizer: &Authorizer<'_>) -> Vec<(&'static str, Decision)> {
        requests()
            .into_iter()
            .map(|(what, request, _)| (what, authorizer.authorize(&request).unwrap().decision))
            .collect()
    }

    fn expected() -> Vec<(&'static str, Decision)> {
        requests().into_iter().map(|(what, _, decision)| (what, decision)).collect()
    }

    #[test]
    fn policies_compiled_by_the_macro_decide() {
        assert_eq!(decisions(&authorizer(&ReadonlyFolders, &[&DenyOutsideOffice]).unwrap()), expected());
    }

    #[test]
    fn policies_compiled_by_the_build_script_decide() {
        assert_eq!(decisions(&authorizer(&BuiltReadonlyFolders, &[&BuiltDenyOutsideOffice]).unwrap()), expected());
    }

    #[test]
    fn policies_compiled_at_run_time_decide() {
        let (bucket, ram) = run_time().unwrap();
        assert_eq!(decisions(&authorizer(&bucket, &[&ram]).unwrap()), expected());
    }

    #[test]
    fn engines_of_every_way_mix_in_one_authorizer() {
        let (bucket, ram) = run_time().unwrap();
        assert_eq!(
            decisions(&authorizer(&bucket, &[&DenyOutsideOffice, &BuiltDenyOutsideOffice, &ram]).unwrap()),
            expected()
        );
        assert_eq!(decisions(&authorizer(&BuiltReadonlyFolders, &[&ram]).unwrap()), expected());
    }

    #[test]
    fn the_generated_types_are_of_their_kinds() {
        assert_eq!(ReadonlyFolders.kind(), PolicyKind::Bucket);
        assert_eq!(BuiltDenyOutsideOffice.kind(), PolicyKind::Ram);
        assert!(authorizer(&DenyOutsideOffice, &[]).is_err(), "a RAM policy is no bucket policy");
    }
}
