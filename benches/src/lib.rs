//! What the criterion benchmarks of `benches/` share (run them with
//! `cargo bench -p oss-policy-benches`; BENCHMARKS.md has the results):
//!
//! * [`engines`]: the engines under test — the in-memory compiled engine, generated code
//!   (compiled ahead of time by `build.rs` for every benchmark policy; for the scale
//!   policies only with feature `scale`) and the reference evaluator;
//! * [`cases`]: the seed and combined cases, with the decision each request must get;
//! * [`scale`]: generated policies of 10 to 10,000 statements shaped like real use;
//! * [`run`]: what every benchmark does before it times anything;
//! * `cedar` (feature `peers`): the same cases translated to cedar-policy.
//!
//! Not published: a part of the workspace's measurements, not a crate to depend on (the
//! crates to use are listed on the front page of `oss-policy-runtime`). Features:
//! `peers` (the cedar-policy comparison, a heavy dependency) and `scale` (generated code
//! for the scale policies too, slow to compile).
#![deny(rustdoc::broken_intra_doc_links)]
#![deny(missing_docs)]

pub mod cases;
#[cfg(feature = "peers")]
pub mod cedar;
pub mod engines;
mod generated;
pub mod run;
pub mod scale;
mod seeds;
