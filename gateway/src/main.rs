//! `oss-policy-gateway --config FILE`: prints `listening on http://HOST:PORT` as its
//! first line of standard output, then serves until killed. SIGHUP reloads the policy
//! files; a reload that fails keeps the policies in force and says why on standard error.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use oss_policy_gateway::Gateway;

fn config_path() -> Result<PathBuf, String> {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next(), args.next()) {
        (Some("--config"), Some(path), None) => Ok(PathBuf::from(path)),
        _ => Err("usage: oss-policy-gateway --config FILE".to_owned()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let path = match config_path() {
        Ok(path) => path,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    let gateway = match Gateway::load(&path) {
        Ok(gateway) => gateway,
        Err(errors) => {
            for error in errors {
                eprintln!("error: {error}");
            }
            eprintln!("oss-policy-gateway: not started");
            return ExitCode::FAILURE;
        }
    };
    let (listener, address) = match gateway.bind().await {
        Ok(bound) => bound,
        Err(error) => {
            eprintln!("error: cannot listen on {}: {error}", gateway.state().config.listen);
            return ExitCode::FAILURE;
        }
    };
    // SIGHUP is handled before the address is printed: a SIGHUP right after the line is
    // a reload, not the signal's default (ending the process).
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(hangups) => {
            tokio::spawn(reload_on_hangup(gateway, hangups));
        }
        Err(error) => eprintln!("warning: SIGHUP cannot be handled ({error}); policy files will not be reloaded"),
    }
    println!("listening on http://{address}");
    let _ = std::io::stdout().flush();
    gateway.serve(listener).await;
    ExitCode::SUCCESS
}

/// Reloads the policy files on each of the `hangups`.
async fn reload_on_hangup(gateway: Gateway, mut hangups: tokio::signal::unix::Signal) {
    while hangups.recv().await.is_some() {
        match gateway.reload() {
            Ok(()) => eprintln!("reload: policy files reloaded"),
            Err(errors) => {
                eprintln!("reload failed, the policies in force stay:");
                for error in errors {
                    eprintln!("  {error}");
                }
            }
        }
    }
}
