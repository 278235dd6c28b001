//! Compiles the bucket policy and the RAM policies of `../policies/` into
//! `OUT_DIR/policies.rs`, which `src/main.rs` includes. Editing a policy reruns this
//! script (the builder prints `cargo:rerun-if-changed` for every file it reads); a policy
//! error fails the build with the error shown as a compiler shows it, and so does a
//! warning (`deny_warnings`) unless its code is allowed: the vendor's examples mask their
//! ids (`174649585760xxxx`), a reviewed `placeholder-value`.

use oss_policy_compiler::build::Builder;
use oss_policy_compiler::lint::WarningCode;
use oss_policy_runtime::PolicyKind;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    Builder::new()
        .policy("BucketPolicy", "../policies/bucket-s02-readonly-folders.json", PolicyKind::Bucket)
        .policy("ReaderRam", "../policies/ram-s08b-deny-outside-ip.json", PolicyKind::Ram)
        .policy("DelegateToAccessPoints", "../policies/bucket-s10-ip-or-vpc.json", PolicyKind::Bucket)
        .deny_warnings(true)
        .allow_warning(WarningCode::PlaceholderValue)
        .compile()?;
    Ok(())
}
