//! Every request of the conformance decision cases (`conformance/decisions/*.json`)
//! through the generated types of their policies, via the combined authorizer: the same
//! checks as the in-memory engines' runner (`testgen::conformance`), decisions and
//! deciding statements.

use std::path::Path;

use codegen_tests::CONFORMANCE;
use oss_policy_compiler::cases::CaseEngines;
use oss_policy_runtime::PolicyEngine;
use testgen::conformance::{check_decisions, json_files, read_decisions};

fn boxed(policy: &'static dyn PolicyEngine) -> Box<dyn PolicyEngine> {
    Box::new(policy)
}

#[test]
fn generated_code_passes_the_conformance_decisions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/decisions");
    let files = json_files(&dir);
    let mut failures = Vec::new();
    let mut requests = 0;
    for file in &files {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let policies = CONFORMANCE
            .iter()
            .find(|policies| policies.file == stem)
            .unwrap_or_else(|| panic!("{}: not compiled by build.rs (rebuild)", file.display()));
        let cases = read_decisions(file);
        assert_eq!(policies.ram.len(), cases.policies.ram.len(), "{}", file.display());
        assert_eq!(policies.bucket.is_some(), cases.policies.bucket.is_some(), "{}", file.display());
        assert_eq!(policies.access_point.is_some(), cases.policies.access_point.is_some(), "{}", file.display());
        let engines = CaseEngines::new(
            policies.ram.iter().map(|policy| boxed(*policy)).collect(),
            policies.bucket.map(boxed),
            policies.access_point.map(boxed),
        );
        let label = format!("{} (generated code)", file.display());
        requests += check_decisions(&cases, &engines, &label, &mut failures);
    }
    println!("{} files, {requests} requests through generated code", files.len());
    assert_eq!(files.len(), CONFORMANCE.len(), "every compiled file is a case file");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(!files.is_empty() && requests > 0, "nothing ran");
}
