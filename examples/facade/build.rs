//! Compiles the quickstart's two policies (`../policies/`) into `OUT_DIR/policies.rs`
//! with the facade's builder, whose generated code names `::oss_policy`. The vendor's
//! examples mask their ids (`20214760404935xxxx`): a reviewed `placeholder-value`.

use oss_policy::PolicyKind;
use oss_policy::build::Builder;
use oss_policy::lint::WarningCode;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    Builder::new()
        .policy("BuiltReadonlyFolders", "../policies/bucket-s02-readonly-folders.json", PolicyKind::Bucket)
        .policy("BuiltDenyOutsideOffice", "../policies/ram-s08b-deny-outside-ip.json", PolicyKind::Ram)
        .deny_warnings(true)
        .allow_warning(WarningCode::PlaceholderValue)
        .compile()?;
    Ok(())
}
