//! Prints a generated scale case (`oss_policy_benches::scale`) as a case file, for the
//! tools that read case files, such as `oss-policy bench` and `oss-policy eval`:
//!
//! ```text
//! cargo run -p oss-policy-benches --example scale_case -- bucket 10000 > scale.json
//! oss-policy bench scale.json --no-limits
//! ```
//!
//! (`check_loop`, beside it, takes the scale cases by name: `scale-bucket-10000`.)

use std::process::ExitCode;

use oss_policy_benches::scale::{Family, case_file};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [family, statements] = args.as_slice() else {
        eprintln!("usage: scale_case bucket|access-point STATEMENTS");
        return ExitCode::from(2);
    };
    let family = Family::ALL.into_iter().find(|f| f.name() == family);
    let (Some(family), Ok(statements)) = (family, statements.parse::<usize>()) else {
        eprintln!("unknown family `{family:?}` or bad statement count `{statements}`");
        return ExitCode::from(2);
    };
    match case_file(family, statements) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
