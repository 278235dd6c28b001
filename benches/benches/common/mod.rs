//! The criterion settings every benchmark file shares: short warm-up and measurement, so
//! that the whole suite runs in minutes on a small shared machine. Command-line options
//! (`--warm-up-time`, `--measurement-time`, `--sample-size`) still override them.

use std::time::Duration;

use criterion::Criterion;

/// Criterion with one second of warm-up, two of measurement, fifty samples.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args()
}
