//! The run's plan and its ledger: which client posts what and when, and
//! what became of every post.
//!
//! The plan is fixed before the first post: post `g` is due at
//! `t0 + g / rate` and belongs to sender `g mod senders`, so the send
//! timeline never depends on how fast the server answers (open loop).
//!
//! The ledger counts, per post, its answer and how many *other* members of
//! its room received it. It is shared by every client task and only touched
//! through atomics.

use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Post not sent yet.
const PLANNED: u8 = 0;
/// Written to the socket, no answer yet.
const SENT: u8 = 1;
/// Acknowledged: durably stored.
const ACKED: u8 = 2;
/// Answered with an error.
const REFUSED: u8 = 3;

/// Who posts what and when.
pub struct Plan {
    /// When post 0 is due.
    pub t0: Instant,
    /// Posts per second, all senders together.
    pub rate: f64,
    /// Client index of each post's author.
    pub author: Vec<u32>,
}

impl Plan {
    /// `total` posts spread round-robin over `senders` (client indices).
    pub fn new(t0: Instant, rate: f64, total: usize, senders: &[u32]) -> Plan {
        let author = (0..total).map(|g| senders[g % senders.len()]).collect();
        Plan { t0, rate, author }
    }

    /// When post `g` is due.
    pub fn due(&self, g: u32) -> Instant {
        self.t0 + Duration::from_secs_f64(f64::from(g) / self.rate)
    }
}

struct Slot {
    state: AtomicU8,
    delivered: AtomicU32,
    /// When the post was first written, microseconds since the run's
    /// origin, plus one (0 = not written).
    written_us: AtomicU64,
}

/// What became of every post.
pub struct Ledger {
    slots: Vec<Slot>,
    /// Posts answered (acked or refused).
    pub answered: AtomicU64,
    /// Posts acknowledged.
    pub acks: AtomicU64,
    /// Deliveries owed for the acked posts: room members minus the author.
    pub expected: AtomicU64,
    /// First receipts by a member other than the author, acked or not yet.
    pub delivered: AtomicU64,
}

/// Totals computed at the end of a run.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Tally {
    /// Planned posts never written (their client had failed).
    pub unsent: u64,
    /// Posts written to a socket.
    pub sent: u64,
    /// Posts acknowledged.
    pub acked: u64,
    /// Posts answered with an error.
    pub refused: u64,
    /// Posts sent and never answered.
    pub unanswered: u64,
    /// Deliveries owed for acked posts.
    pub expected: u64,
    /// Deliveries of acked posts received (first receipts only).
    pub delivered: u64,
    /// Owed deliveries that never arrived.
    pub lost: u64,
    /// Receipts of posts that were never acked (not owed, not lost).
    pub unacked_deliveries: u64,
}

impl Ledger {
    /// A ledger for `total` posts.
    pub fn new(total: usize) -> Ledger {
        let slots = (0..total)
            .map(|_| Slot {
                state: AtomicU8::new(PLANNED),
                delivered: AtomicU32::new(0),
                written_us: AtomicU64::new(0),
            })
            .collect();
        Ledger {
            slots,
            answered: AtomicU64::new(0),
            acks: AtomicU64::new(0),
            expected: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
        }
    }

    /// Number of planned posts.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Post `g` was written to a socket `at_us` microseconds after the
    /// run's origin (the first write counts; retries do not).
    pub fn sent(&self, g: u32, at_us: u64) {
        let s = &self.slots[g as usize];
        if s.state
            .compare_exchange(PLANNED, SENT, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
        {
            s.written_us.store(at_us + 1, Ordering::Relaxed);
        }
    }

    /// When post `g` was first written, in microseconds since the origin.
    pub fn written_us(&self, g: u32) -> Option<u64> {
        self.slots[g as usize]
            .written_us
            .load(Ordering::Relaxed)
            .checked_sub(1)
    }

    /// Post `g` was acknowledged; `others` room members are owed it.
    /// Returns false when it had already been answered.
    pub fn acked(&self, g: u32, others: u32) -> bool {
        let s = &self.slots[g as usize];
        if s.state.swap(ACKED, Ordering::Relaxed) == ACKED {
            return false;
        }
        self.answered.fetch_add(1, Ordering::Relaxed);
        self.acks.fetch_add(1, Ordering::Relaxed);
        self.expected
            .fetch_add(u64::from(others), Ordering::Relaxed);
        true
    }

    /// Post `g` was refused.
    pub fn refused(&self, g: u32) {
        if self.slots[g as usize]
            .state
            .swap(REFUSED, Ordering::Relaxed)
            != REFUSED
        {
            self.answered.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A member other than the author received post `g` for the first time.
    pub fn delivered(&self, g: u32) {
        self.slots[g as usize]
            .delivered
            .fetch_add(1, Ordering::Relaxed);
        self.delivered.fetch_add(1, Ordering::Relaxed);
    }

    /// True when every sent post is answered and every owed delivery came.
    pub fn settled(&self, sent: u64) -> bool {
        self.answered.load(Ordering::Relaxed) >= sent
            && self.delivered.load(Ordering::Relaxed) >= self.expected.load(Ordering::Relaxed)
    }

    /// Counts everything, post by post. `others(g)` is how many members
    /// besides the author were in post `g`'s room.
    pub fn tally(&self, others: impl Fn(u32) -> u32) -> Tally {
        let mut t = Tally::default();
        for (g, s) in self.slots.iter().enumerate() {
            let state = s.state.load(Ordering::Relaxed);
            if state == PLANNED {
                t.unsent += 1;
                continue;
            }
            t.sent += 1;
            let got = u64::from(s.delivered.load(Ordering::Relaxed));
            if state == ACKED {
                let owed = u64::from(others(g as u32));
                t.acked += 1;
                t.expected += owed;
                t.delivered += got.min(owed);
                t.lost += owed.saturating_sub(got);
            } else {
                if state == SENT {
                    t.unanswered += 1;
                } else {
                    t.refused += 1;
                }
                t.unacked_deliveries += got;
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_round_robin_on_a_fixed_timeline() {
        let t0 = Instant::now();
        let plan = Plan::new(t0, 4.0, 6, &[7, 8, 9]);
        assert_eq!(plan.author, vec![7, 8, 9, 7, 8, 9]);
        assert_eq!(plan.due(2) - t0, Duration::from_millis(500));
    }

    #[test]
    fn the_tally_counts_losses_refusals_and_silence() {
        let l = Ledger::new(4);
        for g in 0..3 {
            l.sent(g, 10);
        }
        assert_eq!((l.written_us(0), l.written_us(3)), (Some(10), None));
        assert!(l.acked(0, 2));
        assert!(!l.acked(0, 2), "a second ack is not counted twice");
        l.delivered(0);
        l.refused(1);
        let t = l.tally(|_| 2);
        assert_eq!(
            (t.sent, t.acked, t.refused, t.unanswered, t.unsent),
            (3, 1, 1, 1, 1)
        );
        assert_eq!((t.expected, t.delivered, t.lost), (2, 1, 1));
        assert!(!l.settled(3));
    }
}
