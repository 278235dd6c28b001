//! Any text as any kind of policy: parsing and linting never panic; what parses is decided.
//! The body is `testgen::fuzz::parse`, which `cargo test` replays on `fuzz/seeds/parse/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| testgen::fuzz::parse(data));
