//! Any text as a request of the case format: building, preparing and authorizing never panic.
//! The body is `testgen::fuzz::request`, which `cargo test` replays on `fuzz/seeds/request/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| testgen::fuzz::request(data));
