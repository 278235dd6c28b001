//! Any bytes as an HTTP request: classification and its checks never panic.
//! The body is `testgen::fuzz::http`, which `cargo test` replays on `fuzz/seeds/http/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| testgen::fuzz::http(data));
