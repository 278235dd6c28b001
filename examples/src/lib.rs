//! Runnable examples: `cargo run --example quickstart`.
//!
//! Not published: the examples of the README, not a crate to depend on (the crates to use
//! are listed on the front page of `oss-policy-runtime`). No features.
#![deny(rustdoc::broken_intra_doc_links)]
