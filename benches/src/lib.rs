//! What the criterion benchmarks of `benches/` share (run them with
//! `cargo bench -p oss-policy-benches`; BENCHMARKS.md has the results):
//!
//! * [`engines`]: the engines under test — the in-memory compiled engine and the reference
//!   evaluator; generated code is one more entry of [`engines::ENGINES`];
//! * [`cases`]: the seed and combined cases, with the decision each request must get;
//! * [`scale`]: generated policies of 10 to 10,000 statements shaped like real use;
//! * [`run`]: what every benchmark does before it times anything;
//! * `cedar` (feature `peers`): the same cases translated to cedar-policy.
#![deny(missing_docs)]

pub mod cases;
#[cfg(feature = "peers")]
pub mod cedar;
pub mod engines;
pub mod run;
pub mod scale;
