//! Where the server's time goes: two counters of nanoseconds, summed over every request
//! since the last [`ServerTimes::take`] — the whole of [`crate::server::handle`] (from
//! the request read to the answer built and its audit line written), and inside it the
//! authorization of the request's checks (the decisions, their audit records and the
//! answer to a denial). Relaxed atomics: no lock, no allocation, two clock reads per
//! span.
//!
//! The load test (`gateway/examples/load.rs`, [`crate::load`]) reads them after a run:
//! the share of the server's time spent authorizing is measured here, not only inferred
//! from the difference between a run with authorization and one without.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The counters.
#[derive(Debug, Default)]
pub struct ServerTimes {
    requests: AtomicU64,
    handle_nanos: AtomicU64,
    authorize_nanos: AtomicU64,
}

/// The counters' values at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Requests handled.
    pub requests: u64,
    /// Nanoseconds in [`crate::server::handle`], summed.
    pub handle_nanos: u64,
    /// Nanoseconds authorizing checks, summed.
    pub authorize_nanos: u64,
}

/// Nanoseconds since `start`, saturated.
fn nanos_since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

impl ServerTimes {
    /// Adds one request that began handling at `start`.
    pub fn add_request(&self, start: Instant) {
        self.handle_nanos.fetch_add(nanos_since(start), Ordering::Relaxed);
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds an authorization that began at `start`.
    pub fn add_authorization(&self, start: Instant) {
        self.authorize_nanos.fetch_add(nanos_since(start), Ordering::Relaxed);
    }

    /// The totals so far, the counters set back to zero.
    pub fn take(&self) -> Totals {
        Totals {
            requests: self.requests.swap(0, Ordering::Relaxed),
            handle_nanos: self.handle_nanos.swap(0, Ordering::Relaxed),
            authorize_nanos: self.authorize_nanos.swap(0, Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_returns_the_sums_and_starts_again_from_zero() {
        let times = ServerTimes::default();
        let start = Instant::now();
        std::thread::sleep(std::time::Duration::from_millis(2));
        times.add_authorization(start);
        times.add_request(start);
        times.add_request(Instant::now());
        let totals = times.take();
        assert_eq!(totals.requests, 2);
        assert!(totals.authorize_nanos >= 2_000_000, "{totals:?}");
        assert!(totals.handle_nanos >= totals.authorize_nanos, "{totals:?}");
        assert_eq!(times.take(), Totals::default());
    }
}
