//! Classifies the benchmark's GetObject N times (default 1,000,000): a steady loop for
//! instruction counts, which do not depend on the machine's load the way times do.
//!
//! ```text
//! cargo build --release -p oss-policy-http --example classify_loop
//! valgrind --tool=callgrind target/release/examples/classify_loop 1000
//! valgrind --tool=callgrind target/release/examples/classify_loop 11000
//! ```
//! (the difference of the two totals / 10,000 = instructions per classification).
#![allow(clippy::unwrap_used)]

#[path = "../benches/support/mod.rs"]
mod support;

use oss_policy_http::{Classifier, NoDirectory};

fn main() {
    let n: usize = std::env::args().nth(1).map_or(1_000_000, |a| a.parse().unwrap());
    let (endpoints, method, uri, headers) = support::get_object();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &NoDirectory);
    let mut key_bytes = 0;
    for _ in 0..n {
        let classified = classifier
            .classify(std::hint::black_box(&method), std::hint::black_box(&uri), std::hint::black_box(&headers))
            .unwrap();
        key_bytes += classified.key.map_or(0, |key| key.len());
    }
    println!("{key_bytes}");
}
