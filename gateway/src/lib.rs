//! `oss-policy-gateway`: an OSS-compatible object server that the vendor's SDKs talk to,
//! enforcing compiled policies on every request.
//!
//! * [`config`]: the TOML configuration; [`policies`]: policy files and bodies compiled.
//! * [`state`]: buckets, policy slots, credentials; the per-request [`state::Snapshot`]
//!   that gives each check the authorizer of its own bucket.
//! * [`server`]: one request from the wire to the answer; [`ops`]: the operations.
//! * [`store`]: objects on disk, keys never used as paths, atomic writes.
//! * [`xml`], [`error`]: OSS's answers; [`audit`]: one JSON line per request.
//! * [`timing`]: where the server's time goes; [`load`]: the load test, which reads it.
//!
//! [`Gateway`] ties them together: [`Gateway::load`] (refuses a configuration or a policy
//! with errors, every error listed), [`Gateway::bind`], [`Gateway::serve`] and
//! [`Gateway::reload`] (SIGHUP in the binary).
//!
//! # Which crate
//!
//! Most users depend on the facade crate `oss-policy`: it re-exports the runtime and,
//! under features, the macro, the compiler and the HTTP crate. The crates:
//!
//! * `oss-policy-runtime`: what a check needs at run time — requests, the
//!   `PolicyEngine` trait, the combined `Authorizer`, the known actions. Enough for a
//!   server that only runs policies compiled at build time.
//! * `oss-policy-compiler`: policy text to decisions — the parser and validator with
//!   precise errors, the linter, the in-memory engine for policies that arrive at run
//!   time (`CompiledPolicy`), the build.rs API, explanations, the `oss-policy` CLI.
//! * `oss-policy-macros`: the `policy!` macro, a policy compiled into Rust when your
//!   crate builds.
//! * `oss-policy-http`: OSS REST requests classified into the checks they need, with the
//!   context of the wire and their signatures verified.
//! * `oss-policy-gateway` (this crate): an OSS-compatible object server enforcing policies (a
//!   binary and a library).
//!
//! # Features
//!
//! None: the crate has no optional parts.
//!
//! Citations: "docs/SPEC.md section N" is the specification of the repository
//! (docs/SPEC.md); vendor pages are cited by the short names of its sources table
//! (`bucket-policy.txt scenario 2`), which gives each page's title and address.
#![deny(rustdoc::broken_intra_doc_links)]
#![deny(missing_docs)]

pub mod audit;
pub mod config;
pub mod error;
pub mod load;
pub mod ops;
pub mod policies;
pub mod server;
pub mod state;
pub mod store;
pub mod timing;
pub mod xml;

use std::net::SocketAddr;
use std::path::Path;

use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::policies::FilePolicies;
use crate::state::State;

/// A configured gateway.
#[derive(Clone, Copy)]
pub struct Gateway {
    state: &'static State,
}

impl Gateway {
    /// Loads the configuration file `path` and every policy it names.
    ///
    /// # Errors
    /// Every error found, `FILE:LINE:COL: ...` where there is a place.
    pub fn load(path: &Path) -> Result<Gateway, Vec<String>> {
        Gateway::from_config(Config::load(path)?)
    }

    /// A gateway for `config`.
    ///
    /// # Errors
    /// See [`Gateway::load`].
    pub fn from_config(config: Config) -> Result<Gateway, Vec<String>> {
        let files = FilePolicies::load(&config)?;
        Ok(Gateway::serving(State::new(config, files)?))
    }

    /// **For measurement only**: a gateway for `config` that decides no check — every
    /// request of an operation with known actions, signed or anonymous, is served as if
    /// allowed (signatures are still verified). It is the baseline of the load test
    /// ([`crate::load`]), which compares it with [`Gateway::from_config`]. Neither the
    /// command line nor the configuration file can reach it; building one prints a
    /// warning on standard error.
    ///
    /// # Errors
    /// See [`Gateway::load`].
    pub fn without_authorization(config: Config) -> Result<Gateway, Vec<String>> {
        let files = FilePolicies::load(&config)?;
        let mut state = State::new(config, files)?;
        state.authorize = false;
        eprintln!("warning: this gateway authorizes nothing (a load-test baseline)");
        Ok(Gateway::serving(state))
    }

    /// The gateway serving from `state`, which lives until the process ends (every
    /// connection borrows it).
    fn serving(state: State) -> Gateway {
        Gateway { state: Box::leak(Box::new(state)) }
    }

    /// The state.
    pub fn state(&self) -> &'static State {
        self.state
    }

    /// Binds the configured address.
    ///
    /// # Errors
    /// An address that cannot be bound.
    pub async fn bind(&self) -> std::io::Result<(TcpListener, SocketAddr)> {
        let listener = TcpListener::bind(self.state.config.listen).await?;
        let address = listener.local_addr()?;
        Ok((listener, address))
    }

    /// Serves connections from `listener` until the task is dropped.
    pub async fn serve(self, listener: TcpListener) {
        let state = self.state;
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    eprintln!("accept: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            tokio::spawn(async move {
                let service = service_fn(move |request| async move {
                    Ok::<_, std::convert::Infallible>(server::handle(state, peer, request).await)
                });
                let _ =
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    }

    /// Reloads every policy file of the configuration; on any error the policies in
    /// force stay.
    ///
    /// # Errors
    /// Every error of the files.
    pub fn reload(&self) -> Result<(), Vec<String>> {
        let files = FilePolicies::load(&self.state.config)?;
        self.state.install(files);
        Ok(())
    }
}
