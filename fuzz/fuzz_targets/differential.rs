//! A policy text that parses: the reference evaluator and the in-memory engine agree on random requests.
//! The body is `testgen::fuzz::differential`, which `cargo test` replays on `fuzz/seeds/differential/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| testgen::fuzz::differential(data));
