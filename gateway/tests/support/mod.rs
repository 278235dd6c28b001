//! What the gateway's tests share: an anonymous HTTP/1.1 request over loopback, and the
//! real binary run as a child process. Each test crate uses a part of it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the binary may take to start, or to show what a signal did.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// An anonymous request (an answer waited for at most 10 s); the status and headers
/// (lower-case names) of the answer.
pub fn send(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, HashMap<String, String>) {
    let (status, headers, _) = exchange(address, method, path, headers, body);
    (status, headers)
}

/// An anonymous request, as [`send`]; the answer's status, headers and body.
pub fn exchange(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, HashMap<String, String>, Vec<u8>) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let head_end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    (status, headers, answer[head_end + 4..].to_vec())
}

/// The gateway process, killed when dropped (a failing test included).
pub struct GatewayProcess {
    /// The process.
    pub child: Child,
    /// Where it listens.
    pub address: SocketAddr,
    stderr: Receiver<String>,
}

impl Drop for GatewayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl GatewayProcess {
    /// Starts `oss-policy-gateway --config FILE` and reads its first line for the address.
    pub fn start(config: &Path) -> GatewayProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oss-policy-gateway"))
            .arg("--config")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let errors = child.stderr.take().unwrap();
        let (lines, stderr) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(errors).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        // Guarded before the first read: a gateway that never prints is still killed.
        let mut gateway = GatewayProcess { child, address: SocketAddr::from(([127, 0, 0, 1], 0)), stderr };
        let (first, reader) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = first.send(line);
        });
        let line = reader.recv_timeout(PATIENCE).expect("the gateway printed no first line");
        let address =
            line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("first line: {line:?}"));
        gateway.address = address.parse().unwrap();
        gateway
    }

    /// Sends SIGHUP.
    pub fn hang_up(&self) {
        let status = Command::new("kill").arg("-HUP").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
    }

    /// Waits for a line of standard error containing `text`; the lines up to it.
    pub fn stderr_until(&self, text: &str) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(text);
                    seen.push(line);
                    if found {
                        return seen;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("no `{text}` on standard error; saw {seen:#?}")
                }
            }
        }
    }
}
