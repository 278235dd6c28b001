//! The load test: GetObject of one small object, signed V4 with the caller's key, over
//! loopback keep-alive connections, against two gateways of one configuration in this
//! process — one that authorizes ([`Gateway::from_config`]) and the baseline that
//! authorizes nothing ([`Gateway::without_authorization`]) — in alternating rounds.
//!
//! Each round sends a fixed number of requests over `concurrency` connections (one
//! client thread each, a request at a time) and reports requests per second and the
//! clients' p50 / p99 latency, and from the server's own counters
//! ([`crate::timing::ServerTimes`]) the server time per request and the share of it
//! spent authorizing. The run is bounded: it stops after its rounds, and every read has
//! a timeout. Both gateways listen on `127.0.0.1` only, whatever the configuration says.
//!
//! ```text
//! cargo run --release -p oss-policy-gateway --example load -- --requests 20000 --concurrency 4
//! ```
//!
//! A request that is not answered `200` with the object's bytes is a failure; the
//! example exits with an error when any request failed. Speed is reported, never
//! asserted.

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use http::{HeaderMap, HeaderValue, Method, Uri};
use oss_policy_http::{Classifier, Endpoint, NoDirectory, sigv4};

use crate::Gateway;
use crate::config::Config;
use crate::store::Attributes;
use crate::timing::Totals;

/// What to send.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The bucket of the object (configured).
    pub bucket: String,
    /// The object's key.
    pub key: String,
    /// The size of the object, in bytes.
    pub object_bytes: usize,
    /// The AccessKey id of the caller (configured, allowed to read the object).
    pub access_key_id: String,
    /// Requests per round and gateway.
    pub requests: usize,
    /// Connections, each a client thread.
    pub concurrency: usize,
    /// Rounds; each runs the authorizing gateway, then the baseline.
    pub rounds: usize,
    /// The gateways' worker threads.
    pub server_threads: usize,
    /// Which gateways run.
    pub gateways: Gateways,
}

/// Which gateways a run loads: both (the comparison), or one alone (to profile it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gateways {
    /// The authorizing gateway, then the baseline, in each round.
    Both,
    /// The authorizing gateway only.
    Authorizing,
    /// The baseline only.
    Baseline,
}

impl Gateways {
    /// Whether each gateway run authorizes, in the order they run.
    fn authorized(self) -> &'static [bool] {
        match self {
            Gateways::Both => &[true, false],
            Gateways::Authorizing => &[true],
            Gateways::Baseline => &[false],
        }
    }
}

/// The most requests a round may send, connections a run may open, and rounds it may run.
const MAX_REQUESTS: usize = 10_000_000;
const MAX_CONCURRENCY: usize = 256;
const MAX_ROUNDS: usize = 50;
/// The largest object, in bytes.
const MAX_OBJECT_BYTES: usize = 64 << 20;
/// How long a client waits for any read or write.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection signs its request again after this many (a V4 signature is accepted
/// for 15 minutes around its `x-oss-date`).
const RESIGN_EVERY: usize = 1_000;

/// One round against one gateway.
#[derive(Clone, Debug)]
pub struct Round {
    /// Whether the gateway authorized.
    pub authorized: bool,
    /// Requests sent.
    pub requests: usize,
    /// Requests not answered `200` with the object's bytes.
    pub failures: usize,
    /// The round's wall-clock time.
    pub elapsed: Duration,
    /// The clients' median latency.
    pub p50: Duration,
    /// The clients' 99th-percentile latency.
    pub p99: Duration,
    /// The server's counters over the round.
    pub server: Totals,
}

impl Round {
    /// Requests per second.
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// The server's time per request, in microseconds.
    pub fn server_micros(&self) -> f64 {
        self.server.handle_nanos as f64 / 1_000.0 / self.server.requests.max(1) as f64
    }

    /// The time authorizing per request, in microseconds.
    pub fn authorize_micros(&self) -> f64 {
        self.server.authorize_nanos as f64 / 1_000.0 / self.server.requests.max(1) as f64
    }

    /// The share of the server's time spent authorizing, in percent.
    pub fn authorize_percent(&self) -> f64 {
        100.0 * self.server.authorize_nanos as f64 / self.server.handle_nanos.max(1) as f64
    }
}

impl Settings {
    /// Why the settings cannot run, if they cannot.
    fn problem(&self) -> Option<String> {
        let bounds = [
            ("requests", self.requests, MAX_REQUESTS),
            ("concurrency", self.concurrency, MAX_CONCURRENCY),
            ("rounds", self.rounds, MAX_ROUNDS),
            ("server threads", self.server_threads, MAX_CONCURRENCY),
            ("object bytes", self.object_bytes, MAX_OBJECT_BYTES),
        ];
        if let Some((name, value, max)) = bounds.iter().find(|(_, value, max)| *value == 0 || value > max) {
            return Some(format!("{name} must be 1 to {max}, not {value}"));
        }
        (self.requests < self.concurrency).then(|| "fewer requests than connections".to_owned())
    }
}

/// Runs the load test on `config` (its listen address, data folder and audit log
/// replaced by loopback and files under `scratch`): `settings.rounds` rounds of the
/// authorizing gateway then the baseline (or the one of [`Settings::gateways`]), after a
/// warm-up of each.
///
/// # Errors
/// Settings out of bounds, a caller the configuration lacks, a gateway that cannot
/// start or store the object.
pub fn run(settings: &Settings, config: &Config, scratch: &Path) -> Result<Vec<Round>, String> {
    if let Some(problem) = settings.problem() {
        return Err(problem);
    }
    let secret = config
        .credentials
        .iter()
        .find(|c| c.access_key_id == settings.access_key_id)
        .map(|c| c.access_key_secret.clone())
        .ok_or_else(|| format!("no credential `{}` is configured", settings.access_key_id))?;
    let object: Vec<u8> = (0..settings.object_bytes).map(|i| (i % 251) as u8).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.server_threads)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let mut gateways = Vec::new();
    for &authorized in settings.gateways.authorized() {
        let built = if authorized {
            Gateway::from_config(scratch_config(config, scratch, "authorizing"))
        } else {
            Gateway::without_authorization(scratch_config(config, scratch, "baseline"))
        };
        let gateway = built.map_err(|errors| errors.join("\n"))?;
        gateway
            .state()
            .store
            .put(&settings.bucket, &settings.key, &object, Attributes::default())
            .map_err(|e| format!("cannot store the object: {}", e.message))?;
        let (listener, address) = runtime.block_on(gateway.bind()).map_err(|e| format!("cannot listen: {e}"))?;
        runtime.spawn(gateway.serve(listener));
        gateways.push((gateway, address, authorized));
    }
    let client = Client { settings, object: &object, secret: &secret, region: &config.region };
    let warm_up = (settings.requests / 10).clamp(settings.concurrency, 2_000);
    for (gateway, address, _) in &gateways {
        client.round(*address, warm_up);
        gateway.state().times.take();
    }
    let mut rounds = Vec::new();
    for _ in 0..settings.rounds {
        for (gateway, address, authorized) in &gateways {
            let (elapsed, mut latencies) = client.round(*address, settings.requests);
            let server = gateway.state().times.take();
            latencies.sort_unstable();
            rounds.push(Round {
                authorized: *authorized,
                requests: settings.requests,
                failures: settings.requests - latencies.len(),
                elapsed,
                p50: percentile(&latencies, 50),
                p99: percentile(&latencies, 99),
                server,
            });
        }
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(rounds)
}

/// `config` for a gateway named `name` of the run: loopback, its own data folder and
/// audit log under `scratch`.
fn scratch_config(config: &Config, scratch: &Path, name: &str) -> Config {
    let mut config = config.clone();
    config.listen = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    config.data_dir = scratch.join(format!("{name}-data"));
    config.audit_log = Some(scratch.join(format!("{name}-audit.jsonl")));
    config
}

/// The `p`th percentile of sorted `values` (nearest rank).
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or_default()
}

/// The clients of a run.
struct Client<'a> {
    settings: &'a Settings,
    object: &'a [u8],
    secret: &'a str,
    region: &'a str,
}

impl Client<'_> {
    /// Sends `requests` to `address` over the configured connections: the wall-clock
    /// time and the latency of every success (the rest failed).
    fn round(&self, address: SocketAddr, requests: usize) -> (Duration, Vec<Duration>) {
        let connections = self.settings.concurrency;
        let start = Instant::now();
        let latencies: Vec<Duration> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..connections)
                .map(|i| {
                    let share = requests / connections + usize::from(i < requests % connections);
                    scope.spawn(move || self.connection(address, share))
                })
                .collect();
            threads.into_iter().flat_map(|t| t.join().unwrap_or_default()).collect()
        });
        (start.elapsed(), latencies)
    }

    /// One connection sending `requests` GetObjects one after the other: the latency of
    /// each answered `200` with the object's bytes. An I/O error or a malformed answer
    /// ends the connection (its remaining requests fail).
    fn connection(&self, address: SocketAddr, requests: usize) -> Vec<Duration> {
        let mut latencies = Vec::with_capacity(requests);
        let Ok(mut stream) = TcpStream::connect(address) else { return latencies };
        let configured = stream.set_read_timeout(Some(IO_TIMEOUT)).and(stream.set_write_timeout(Some(IO_TIMEOUT)));
        if configured.and(stream.set_nodelay(true)).is_err() {
            return latencies;
        }
        let mut buffer = Vec::with_capacity(self.object.len() + 1024);
        let mut chunk = vec![0_u8; 16 << 10];
        let mut request = Vec::new();
        for i in 0..requests {
            if i % RESIGN_EVERY == 0 {
                match self.signed_request(address) {
                    Ok(signed) => request = signed,
                    Err(_) => break,
                }
            }
            let start = Instant::now();
            match exchange(&mut stream, &request, &mut chunk, &mut buffer) {
                Ok((200, body)) if body == self.object => latencies.push(start.elapsed()),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        latencies
    }

    /// The GetObject request of the object, signed V4 now by the project's own signing
    /// functions (path-style: the host is an address).
    fn signed_request(&self, address: SocketAddr) -> Result<Vec<u8>, String> {
        let settings = self.settings;
        let path = format!("/{}/{}", settings.bucket, settings.key);
        let stamp = oss_policy_http::time::rfc3339(SystemTime::now()).replace(['-', ':'], "");
        let date = stamp.get(..8).unwrap_or_default().to_owned();
        let value = |text: &str| HeaderValue::from_str(text).map_err(|e| e.to_string());
        let mut headers = HeaderMap::new();
        headers.insert("host", value(&address.to_string())?);
        headers.insert("x-oss-date", value(&stamp)?);
        headers.insert("x-oss-content-sha256", HeaderValue::from_static("UNSIGNED-PAYLOAD"));
        let uri: Uri = path.parse().map_err(|e: http::uri::InvalidUri| e.to_string())?;
        let endpoints: [Endpoint; 0] = [];
        let classifier = Classifier::new(&endpoints, self.region, &NoDirectory);
        let classified = classifier.classify(&Method::GET, &uri, &headers).map_err(|e| e.to_string())?;
        let canonical =
            sigv4::canonical_request(&classified, &[], false, "UNSIGNED-PAYLOAD").map_err(|e| e.to_string())?;
        let to_sign = sigv4::string_to_sign(&stamp, &date, self.region, &canonical);
        let signature = sigv4::sign(&sigv4::signing_key(self.secret, &date, self.region), &to_sign);
        let mut text = format!("GET {path} HTTP/1.1\r\n");
        for (name, value) in &headers {
            text.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap_or_default()));
        }
        text.push_str(&format!(
            "authorization: {} Credential={}/{date}/{}/oss/aliyun_v4_request,Signature={signature}\r\n\r\n",
            sigv4::ALGORITHM,
            settings.access_key_id,
            self.region
        ));
        Ok(text.into_bytes())
    }
}

/// The longest answer head read.
const MAX_HEAD: usize = 64 << 10;

/// Writes `request` and reads its answer into `buffer`, `chunk` at a time: the status
/// and the body.
///
/// # Errors
/// An I/O error, a timeout, or an answer that is not HTTP/1.1 with a `Content-Length`.
fn exchange<'b>(
    stream: &mut TcpStream,
    request: &[u8],
    chunk: &mut [u8],
    buffer: &'b mut Vec<u8>,
) -> std::io::Result<(u16, &'b [u8])> {
    let malformed = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    stream.write_all(request)?;
    buffer.clear();
    let mut fill = |buffer: &mut Vec<u8>| -> std::io::Result<()> {
        let read = stream.read(chunk)?;
        if read == 0 {
            return Err(malformed("connection closed"));
        }
        buffer.extend_from_slice(chunk.get(..read).unwrap_or_default());
        Ok(())
    };
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > MAX_HEAD {
            return Err(malformed("answer head too long"));
        }
        fill(buffer)?;
    };
    let head = std::str::from_utf8(buffer.get(..head_end).unwrap_or_default()).map_err(|_| malformed("head"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.strip_prefix("HTTP/1.1 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| malformed("status line"))?;
    let length: usize = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .filter(|length| *length <= MAX_OBJECT_BYTES)
        .ok_or_else(|| malformed("no Content-Length"))?;
    while buffer.len() < head_end + length {
        fill(buffer)?;
    }
    if buffer.len() > head_end + length {
        return Err(malformed("more than Content-Length"));
    }
    Ok((status, buffer.get(head_end..).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<Duration> = (1..=200).map(Duration::from_micros).collect();
        assert_eq!(percentile(&values, 50), Duration::from_micros(100));
        assert_eq!(percentile(&values, 99), Duration::from_micros(198));
        assert_eq!(percentile(&values[..1], 99), Duration::from_micros(1));
        assert_eq!(percentile(&[], 50), Duration::ZERO);
    }
}
