//! What every benchmark does before it times anything: build the policies, check each
//! request's decision, and stop the whole run on a broken fixture.

use std::fmt::Display;

/// The value, or the end of the run: a benchmark whose fixture is broken (a policy that
/// does not compile, a request decided otherwise than expected) would time a wrong answer.
pub fn or_exit<T, E: Display>(result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => {
            eprintln!("benchmark set-up failed: {error}");
            std::process::exit(1)
        }
    }
}
