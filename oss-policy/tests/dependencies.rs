//! What each feature of the facade builds: a user who compiles policies at run time
//! (`compiler`) builds no code generator and no command line — neither syn nor clap —
//! and the runtime alone builds none of the compiler. Asked of cargo itself
//! (`cargo tree`, normal dependencies of the target), so a dependency added anywhere in
//! the graph is caught.

use std::process::Command;

/// The packages `cargo tree` lists for the facade with `features` (normal dependencies,
/// for the target; host-only proc-macros and build scripts are not built into the
/// user's program, but `cargo tree -e normal` still lists proc-macro crates, so those
/// show here too).
#[expect(clippy::expect_used, reason = "test helper: a failure fails the test")]
fn packages(features: &str) -> Vec<String> {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["tree", "--quiet", "-p", "oss-policy", "--no-default-features", "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let output = command.output().expect("cargo runs");
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

const CODE_GENERATION: [&str; 6] = ["syn", "quote", "proc-macro2", "prettyplease", "serde_derive", "clap"];

fn built<'a>(packages: &[String], names: &[&'a str]) -> Vec<&'a str> {
    names.iter().copied().filter(|name| packages.iter().any(|package| package == name)).collect()
}

#[test]
fn the_runtime_alone_builds_no_compiler() {
    let packages = packages("");
    assert!(packages.iter().any(|p| p == "oss-policy-runtime"), "{packages:?}");
    assert_eq!(built(&packages, &["oss-policy-compiler", "oss-policy-macros", "serde_json"]), Vec::<&str>::new());
    assert_eq!(built(&packages, &CODE_GENERATION), Vec::<&str>::new(), "{packages:?}");
}

#[test]
fn compiling_at_run_time_builds_neither_syn_nor_clap() {
    let packages = packages("compiler");
    assert!(packages.iter().any(|p| p == "oss-policy-compiler"), "{packages:?}");
    assert_eq!(built(&packages, &CODE_GENERATION), Vec::<&str>::new(), "{packages:?}");
}

#[test]
fn the_macros_and_the_build_api_bring_the_code_generator() {
    // The other side of the two tests above: the check can see syn where it is.
    assert!(built(&packages("macros"), &CODE_GENERATION).contains(&"syn"));
    let build = packages("build");
    assert!(built(&build, &CODE_GENERATION).contains(&"prettyplease"), "{build:?}");
    assert!(!built(&build, &CODE_GENERATION).contains(&"clap"), "{build:?}");
}
