//! The documentation a user of the repository has: `docs/SPEC.md` is well-formed (its
//! sources table, then the specification) and equals the project's master copy of the
//! specification wherever that copy sits beside the workspace; every reference of the
//! Markdown files and of the doc comments resolves to a file of the repository or to a
//! vendor document of the sources table (`testgen::docs`).

use std::fs;
use std::path::{Path, PathBuf};

use testgen::docs::{Repository, sources_table, spec_text};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_spec_is_its_sources_table_then_the_specification() {
    let spec = fs::read_to_string(root().join("docs/SPEC.md")).expect("docs/SPEC.md");
    let sources = sources_table(&spec).expect("a sources table");
    for cited in ["ram-policy.txt", "bucket-policy.txt", "access-points.txt", "get-access-point-policy.txt"] {
        assert!(sources.contains(cited), "the sources table lacks {cited}");
    }
    let text = spec_text(&spec).expect("the specification below the marker");
    assert!(text.starts_with("# Policy semantics\n"), "the specification starts with its title");
    for section in ["## 1. Documents", "## 5. The combined decision", "## 7. Warnings"] {
        assert!(text.contains(section), "the specification lacks {section}");
    }
    // The master copy, present only in the project's own development checkout.
    let master = root().join("../shared/SPEC.md");
    if master.exists() {
        let master = fs::read_to_string(&master).expect("the master copy");
        assert!(text == master, "docs/SPEC.md's text differs from {}", root().join("../shared/SPEC.md").display());
    }
}

#[test]
fn every_reference_of_the_documentation_resolves() {
    let root = root();
    let repository = Repository::scan(&root).expect("the workspace");
    let documents = repository.documents(&root).expect("readable documents");
    for expected in ["README.md", "BENCHMARKS.md", "conformance/README.md", "docs/SPEC.md", "docs/DESIGN.md"] {
        assert!(documents.iter().any(|d| d.path == expected), "{expected} was not checked");
    }
    let rust = documents.iter().filter(|d| d.path.ends_with(".rs")).count();
    assert!(rust > 100, "only {rust} Rust files were checked");
    let problems: Vec<String> =
        documents.iter().flat_map(|d| repository.check(d)).map(|problem| problem.to_string()).collect();
    assert!(problems.is_empty(), "{} references do not resolve:\n{}", problems.len(), problems.join("\n"));
}
