//! What a client does with each message from the server: checks room
//! sequence continuity, counts deliveries and duplicates, matches acks and
//! errors to its posts.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::Client;
use crate::marker::Marker;

/// A message from the server, with only the fields loadgen reads.
#[derive(Deserialize)]
struct In<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default, borrow)]
    contribution: Option<Contrib<'a>>,
    #[serde(default, borrow)]
    contributions: Option<Vec<Contrib<'a>>>,
    #[serde(default, borrow)]
    key: Option<Cow<'a, str>>,
    #[serde(default)]
    duplicate: bool,
    #[serde(default, borrow)]
    code: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    request: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    epoch: Option<Cow<'a, str>>,
    #[serde(default)]
    room: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Contrib<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
}

impl Client {
    /// Handles one server message.
    pub(super) fn handle(&mut self, text: &str, now: Instant) {
        let Ok(m) = serde_json::from_str::<In<'_>>(text) else {
            *self
                .stats
                .errors
                .entry("unparsed_server_message".into())
                .or_default() += 1;
            return;
        };
        match m.kind.as_ref() {
            "contribution" => {
                if let Some(seq) = m.seq {
                    self.advance(seq);
                }
                if let Some(c) = m.contribution {
                    self.receive(&c.text, Some(now));
                }
            }
            "ack" => self.ack(m.key.as_deref().unwrap_or_default(), m.duplicate, now),
            "error" => self.refused(m.code.as_deref().unwrap_or("unknown"), m.request.as_deref()),
            "welcome" => {
                self.epoch = m.epoch.map(Cow::into_owned);
                if let Some(room) = m.room.as_ref().and_then(|r| r.as_str()) {
                    self.room = room.to_owned();
                }
            }
            "snapshot" => {
                if let Some(objectives) = m.room.as_ref().and_then(|r| r.get("objectives")) {
                    self.objectives =
                        serde_json::from_value(objectives.clone()).unwrap_or_default();
                }
                if self.joined_once {
                    self.stats.late_snapshots += 1;
                }
                self.last_seq = m.seq.unwrap_or(self.last_seq);
                for c in m.contributions.unwrap_or_default() {
                    self.receive(&c.text, None);
                }
                self.started = true;
            }
            "resumed" => {
                if self.started {
                    self.stats.resyncs += 1;
                }
                if let Some(seq) = m.seq.filter(|s| *s > self.last_seq) {
                    self.stats.gaps += seq - self.last_seq;
                    self.last_seq = seq;
                }
                self.started = true;
            }
            // Any other room event (edited, removed, and whatever later
            // protocol versions add) still takes a place in the sequence.
            _ => {
                if let Some(seq) = m.seq {
                    self.advance(seq);
                }
            }
        }
    }

    /// Checks room sequence continuity.
    fn advance(&mut self, seq: u64) {
        if seq <= self.last_seq {
            self.stats.repeats += 1;
            self.report_fault("repeated", seq);
            return;
        }
        if seq > self.last_seq + 1 {
            self.stats.gaps += seq - self.last_seq - 1;
            self.report_fault("gap", seq);
        }
        self.last_seq = seq;
    }

    /// Describes the first few sequence faults on stderr, for diagnosis.
    fn report_fault(&self, what: &str, seq: u64) {
        static REPORTED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        if REPORTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < 10 {
            eprintln!(
                "loadgen: {what} in room {:?} at client {}: last seq {}, then {seq}",
                self.room, self.id.index, self.last_seq
            );
        }
    }

    /// A contribution arrived live (`at` = receipt time) or in a snapshot.
    fn receive(&mut self, text: &str, at: Option<Instant>) {
        let shared = &self.shared;
        let (Some(m), Some(plan)) = (Marker::parse(text), shared.plan.get()) else {
            self.stats.foreign += 1;
            return;
        };
        if m.run != shared.run || m.post as usize >= plan.author.len() {
            self.stats.foreign += 1;
            return;
        }
        if plan.author[m.post as usize] == self.id.index {
            self.stats.echoes += 1;
            return;
        }
        if !self.seen.insert(m.post) {
            self.stats.duplicates += 1;
            return;
        }
        shared.ledger.delivered(m.post);
        match at {
            Some(now) => {
                let since = |us: u64| {
                    now.saturating_duration_since(shared.origin + Duration::from_micros(us))
                };
                shared.rec.delivery.record(since(m.at_us));
                if let Some(w) = shared.ledger.written_us(m.post) {
                    shared.rec.delivery_written.record(since(w));
                }
            }
            None => self.stats.from_snapshots += 1,
        }
    }

    fn ack(&mut self, key: &str, duplicate: bool, now: Instant) {
        let Some(i) = self.inflight.iter().position(|p| p.key == key) else {
            *self.stats.errors.entry("unmatched_ack".into()).or_default() += 1;
            return;
        };
        let p = self.inflight.remove(i).expect("position is in range");
        if duplicate && !p.retried {
            self.stats.duplicate_acks += 1;
        }
        let shared = &self.shared;
        let others = shared.others.get().map_or(0, |o| o[self.id.room_index]);
        if shared.ledger.acked(p.post, others)
            && let Some(plan) = shared.plan.get()
        {
            let due = plan.due(p.post);
            let took = now.saturating_duration_since(due);
            shared.rec.ack.record(took);
            shared
                .rec
                .ack_in_second(due.saturating_duration_since(shared.origin).as_secs(), took);
            if let Some(w) = shared.ledger.written_us(p.post) {
                let written = shared.origin + Duration::from_micros(w);
                shared
                    .rec
                    .ack_written
                    .record(now.saturating_duration_since(written));
            }
        }
    }

    /// An error answers the oldest unanswered post (the server handles a
    /// connection's messages in order; errors carry no key).
    fn refused(&mut self, code: &str, request: Option<&str>) {
        *self.stats.errors.entry(code.to_owned()).or_default() += 1;
        if matches!(request, None | Some("post"))
            && let Some(p) = self.inflight.pop_front()
        {
            self.shared.ledger.refused(p.post);
        }
    }
}
