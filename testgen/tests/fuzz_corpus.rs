//! Replays the committed seed corpus of every fuzz target (`fuzz/seeds/{target}/`)
//! through the target's own body ([`testgen::fuzz`]): what the fuzzer starts from, and
//! every input it once crashed on (saved there after the fix), is checked by `cargo test`.

use std::path::Path;

#[expect(clippy::unwrap_used, clippy::panic, reason = "test helper: a failure fails the test")]
fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "{}: only {} seed inputs", dir.display(), inputs.len());
    for input in inputs {
        let data = std::fs::read(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        run(&data);
    }
}

#[test]
fn parse_corpus() {
    replay("parse", testgen::fuzz::parse);
}

#[test]
fn differential_corpus() {
    replay("differential", testgen::fuzz::differential);
}

#[test]
fn request_corpus() {
    replay("request", testgen::fuzz::request);
}

#[test]
fn http_corpus() {
    replay("http", testgen::fuzz::http);
}
