//! Benchmarks of the oss-policy engines live in `benches/` of this crate (criterion);
//! this library holds what they share.
#![deny(missing_docs)]
