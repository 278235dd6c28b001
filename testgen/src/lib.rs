//! Test support shared by the test suites of the workspace (not published):
//!
//! * [`random`]: seeded random policies and requests, for differential tests of every
//!   engine against the reference evaluator (`policy-compiler/tests/compiled_differential.rs`
//!   and the generated code of `codegen-tests/`);
//! * [`shrink`]: shrinking a failing policy to a minimal one;
//! * [`coverage`]: which features decided a case;
//! * [`conformance`]: the runner of the conformance decision cases, over any engines;
//! * [`fuzz`]: the bodies of the fuzz targets of `fuzz/`, which `cargo test` replays on
//!   the committed seed corpus;
//! * [`scale`]: policies of any size shaped like real use, for the scaling benchmarks
//!   (`oss-policy-benches` and its build script);
//! * [`docs`]: the checks of the repository's documentation (every reference resolves
//!   to a file of the repository).
//!
//! Not published: a part of the workspace's tests, not a crate to depend on (the crates
//! to use are listed on the front page of `oss-policy-runtime`). No features.
#![deny(rustdoc::broken_intra_doc_links)]
#![deny(missing_docs)]
#![expect(
    clippy::indexing_slicing,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test support: indices are drawn below lengths, and a harness fails loudly"
)]

pub mod conformance;
pub mod coverage;
pub mod docs;
pub mod fuzz;
pub mod random;
pub mod scale;
pub mod shrink;
