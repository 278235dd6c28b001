//! Compiles every benchmark policy to Rust with the build.rs API
//! (`oss_policy_compiler::build::Builder`), for the `generated` engine
//! (`src/generated.rs`):
//!
//! * every policy of the seed and combined cases (`src/seeds.rs`, included here as it is
//!   in the crate: one list);
//! * with feature `scale`, every policy of the scale cases at every size of
//!   `testgen::scale::SIZES` (slow to compile, hence the feature);
//!
//! one type per policy, named after its case and role (`BucketS02ReadonlyFoldersBucket`,
//! `ScaleAccessPoint1000AccessPoint`), into `OUT_DIR/generated.rs`, and the table of them,
//! `(case, role, constructor)`, into `OUT_DIR/generated_table.rs`. Policies are compiled
//! without size limits, as the other engines of the benchmarks parse them.

#[path = "src/seeds.rs"]
mod seeds;

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use oss_policy_compiler::Limits;
use oss_policy_compiler::build::{Builder, type_name};
use oss_policy_compiler::cases::CaseFile;
use oss_policy_compiler::lint::WarningCode;
use oss_policy_runtime::PolicyKind;
use testgen::scale::{Family, SIZES, case_file, case_name};

fn main() -> Result<(), Box<dyn Error>> {
    for watched in ["build.rs", "src/seeds.rs", "cases", "../conformance/decisions"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let scale = std::env::var_os("CARGO_FEATURE_SCALE").is_some();
    let mut cases: Vec<(String, String)> = seeds::SEEDS
        .iter()
        .chain([&seeds::COMBINED])
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect();
    if scale {
        for family in Family::ALL {
            for statements in SIZES {
                cases.push((case_name(family, statements), case_file(family, statements)?));
            }
        }
    }
    let started = Instant::now();
    let mut builder = Builder::new();
    // The benchmarked policies are the vendor's examples as published (masked ids and
    // all): their warnings are known and reviewed (policy-compiler's seed snapshot).
    builder.allow_warnings(WarningCode::ALL.iter().copied());
    builder.out_dir(&out_dir).file_name("generated.rs").limits(Limits::none());
    let mut table = String::from("&[\n");
    for (name, text) in &cases {
        let file = CaseFile::from_json(text).map_err(|error| format!("{name}: {error}"))?;
        let base = type_name(name);
        let policies = &file.policies;
        let ram = policies.ram.iter().enumerate().map(|(i, policy)| (format!("Ram({i})"), PolicyKind::Ram, policy));
        let bucket = policies.bucket.iter().map(|policy| ("Bucket".to_owned(), PolicyKind::Bucket, policy));
        let access_point =
            policies.access_point.iter().map(|policy| ("AccessPoint".to_owned(), PolicyKind::AccessPoint, policy));
        for (role, kind, policy) in ram.chain(bucket).chain(access_point) {
            let type_name = format!("{base}{}", type_name(&role));
            builder.policy_text(&type_name, kind, policy.get(), &format!("{name} ({role})"));
            let _ = writeln!(table, "    ({name:?}, Role::{role}, || Box::new(policies::{type_name})),");
        }
    }
    table.push(']');
    let path = builder.compile()?;
    write_if_changed(out_dir.join("generated_table.rs"), &table)?;
    if scale {
        let size = std::fs::metadata(&path)?.len();
        println!(
            "cargo:warning=generated code for {} cases (scale included) in {:.1?}: {} ({:.1} MiB)",
            cases.len(),
            started.elapsed(),
            path.display(),
            size as f64 / 1024.0 / 1024.0
        );
    }
    Ok(())
}

/// Writes `text` to `path` unless it holds it already, so that an unchanged table does not
/// rebuild the crate.
fn write_if_changed(path: PathBuf, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text)
}
