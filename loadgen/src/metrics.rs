//! Latency histograms shared by every client task, and the counters each
//! client task keeps for itself and hands back at the end.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Highest latency a histogram tracks (larger values are clamped).
const MAX_US: u64 = 10 * 60 * 1_000_000;

/// One latency distribution, recorded in microseconds.
pub struct Hist(Mutex<Histogram<u64>>);

impl Default for Hist {
    fn default() -> Self {
        Hist(Mutex::new(
            Histogram::new_with_bounds(1, MAX_US, 3).expect("valid histogram bounds"),
        ))
    }
}

impl Hist {
    /// Records one duration.
    pub fn record(&self, d: Duration) {
        let us = (d.as_micros() as u64).clamp(1, MAX_US);
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .saturating_record(us);
    }

    /// Percentiles in milliseconds.
    pub fn summary(&self) -> Latency {
        let h = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
        Latency {
            count: h.len(),
            p50: ms(0.50),
            p90: ms(0.90),
            p99: ms(0.99),
            p999: ms(0.999),
            max: h.max() as f64 / 1000.0,
        }
    }
}

/// Percentiles of a latency distribution, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Latency {
    /// Samples.
    pub count: u64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Largest.
    pub max: f64,
}

/// The histograms of a run.
#[derive(Default)]
pub struct Recorder {
    /// Post due -> ack.
    pub ack: Hist,
    /// Post due -> receipt by each other member of the room.
    pub delivery: Hist,
    /// Connect + hello -> snapshot, per client, at set-up.
    pub setup: Hist,
    /// Post written -> ack: the server's part of the ack latency.
    pub ack_written: Hist,
    /// Post written -> receipt: the delivery latency without loadgen's
    /// send lag.
    pub delivery_written: Hist,
    /// Post due -> written to the socket: loadgen's own lag. Large values
    /// mean loadgen, not the server, was the bottleneck.
    pub send_lag: Hist,
    /// Drop -> resumed (or snapshot), per client, in the reconnect storm.
    pub resume: Hist,
    /// Largest ack latency among the posts due in each second, in µs, by
    /// the second (from the loadgen's origin) they were due: shows whether
    /// a tail is spread over the run or a few stalls.
    pub ack_worst_by_second: Mutex<BTreeMap<u64, u64>>,
}

impl Recorder {
    /// Records an ack latency for a post due `due_s` seconds after origin.
    pub fn ack_in_second(&self, due_s: u64, d: Duration) {
        let us = d.as_micros() as u64;
        let mut m = self
            .ack_worst_by_second
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let worst = m.entry(due_s).or_default();
        *worst = (*worst).max(us);
    }

    /// The worst ack latency of each second of the run, in ms, first
    /// second first.
    pub fn ack_worst_per_second_ms(&self) -> Vec<f64> {
        let m = self
            .ack_worst_by_second
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let (Some(first), Some(last)) = (m.keys().next(), m.keys().next_back()) else {
            return Vec::new();
        };
        (*first..=*last)
            .map(|s| m.get(&s).map_or(0.0, |us| *us as f64 / 1000.0))
            .collect()
    }
}

/// What one client saw, summed over clients at the end.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ClientStats {
    /// Posts written (retries included).
    pub posts_written: u64,
    /// Posts written again after a reconnect (same idempotency key).
    pub retried: u64,
    /// Receipts of a post this client had already received.
    pub duplicates: u64,
    /// Acks that said `duplicate: true` for a post never retried.
    pub duplicate_acks: u64,
    /// Sequence numbers skipped in the room stream.
    pub gaps: u64,
    /// Events whose `seq` was not above the last one seen.
    pub repeats: u64,
    /// Own posts echoed back (not counted as deliveries).
    pub echoes: u64,
    /// Contributions from other runs or without a marker.
    pub foreign: u64,
    /// Mid-stream `resumed` after the server found this client lagging.
    pub resyncs: u64,
    /// Snapshots received after set-up (a resume too far back, or a lag).
    pub late_snapshots: u64,
    /// Contributions first seen in such a snapshot (not timed).
    pub from_snapshots: u64,
    /// Connections lost without being asked to drop.
    pub disconnects: u64,
    /// Reconnects that completed.
    pub reconnects: u64,
    /// Reconnects that gave up.
    pub failed_reconnects: u64,
    /// Error replies, by code.
    pub errors: BTreeMap<String, u64>,
}

impl ClientStats {
    /// Adds another client's counts.
    pub fn merge(&mut self, o: &ClientStats) {
        self.posts_written += o.posts_written;
        self.retried += o.retried;
        self.duplicates += o.duplicates;
        self.duplicate_acks += o.duplicate_acks;
        self.gaps += o.gaps;
        self.repeats += o.repeats;
        self.echoes += o.echoes;
        self.foreign += o.foreign;
        self.resyncs += o.resyncs;
        self.late_snapshots += o.late_snapshots;
        self.from_snapshots += o.from_snapshots;
        self.disconnects += o.disconnects;
        self.reconnects += o.reconnects;
        self.failed_reconnects += o.failed_reconnects;
        for (k, v) in &o.errors {
            *self.errors.entry(k.clone()).or_default() += v;
        }
    }
}

/// A fixed-size set of post indices: has this client received post `g`?
pub struct Seen {
    bits: Vec<u64>,
    len: usize,
}

impl Seen {
    /// Room for posts `0..n`.
    pub fn new(n: usize) -> Seen {
        Seen {
            bits: vec![0; n.div_ceil(64)],
            len: n,
        }
    }

    /// Marks `g`; false when it was already marked (or out of range).
    pub fn insert(&mut self, g: u32) -> bool {
        if g as usize >= self.len {
            return false;
        }
        let (word, bit) = (&mut self.bits[g as usize / 64], 1u64 << (g % 64));
        let new = *word & bit == 0;
        *word |= bit;
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_marks_each_post_once() {
        let mut s = Seen::new(130);
        assert!(s.insert(129));
        assert!(!s.insert(129));
        assert!(s.insert(0));
        assert!(!s.insert(130), "out of range is never new");
    }

    #[test]
    fn percentiles_are_in_milliseconds() {
        let h = Hist::default();
        for ms in 1..=100 {
            h.record(Duration::from_millis(ms));
        }
        let s = h.summary();
        assert_eq!(s.count, 100);
        assert!(
            (s.p50 - 50.0).abs() < 0.1 && (s.max - 100.0).abs() < 0.1,
            "{s:?}"
        );
    }
}
