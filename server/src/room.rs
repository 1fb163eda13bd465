//! A room: the plenary or one working group.
//!
//! A room owns its visible contributions, a sequence counter, a short
//! in-memory log of recent events for resume, and a broadcast channel.
//! Every event is serialized once; the bytes are shared by every receiver.
//!
//! Ordering: an event gets its `seq`, enters the log and is sent on the
//! channel while the room's lock is held, so `seq` order is delivery order.
//! A subscriber that subscribes and reads state under the same lock sees
//! every later event exactly once and no earlier one.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::anonymise::Contribution;

/// Events kept in memory for resume. Older events are dropped; a client
/// further behind gets a fresh snapshot. Never written to disk.
const LOG_CAPACITY: usize = 4096;
/// Broadcast channel depth. A receiver that falls further behind is told it
/// lagged and resyncs from the log or a snapshot; it never slows the room.
const CHANNEL_CAPACITY: usize = 1024;

/// One serialized event with its room sequence number.
#[derive(Clone, Debug)]
pub struct Event {
    /// Room sequence number.
    pub seq: u64,
    /// The JSON text, shared by every receiver.
    pub bytes: Utf8Bytes,
}

/// Mutable room state, guarded by the room's lock.
#[derive(Default)]
pub struct RoomState {
    seq: u64,
    log: VecDeque<Event>,
    /// Visible contributions, keyed (and so ordered) by random id.
    pub visible: BTreeMap<Uuid, Contribution>,
    /// Hidden by moderation: kept for restore, never sent.
    pub hidden: BTreeMap<Uuid, Contribution>,
    /// Collected for a later reveal: shown only to facilitators.
    pub pending: BTreeMap<Uuid, Contribution>,
    /// Hidden items that were collected and not yet revealed.
    pub hidden_pending: std::collections::BTreeSet<Uuid>,
}

impl RoomState {
    /// A contribution wherever it is in this room.
    pub fn find_mut(&mut self, id: &Uuid) -> Option<&mut Contribution> {
        if self.visible.contains_key(id) {
            return self.visible.get_mut(id);
        }
        if self.hidden.contains_key(id) {
            return self.hidden.get_mut(id);
        }
        self.pending.get_mut(id)
    }

    /// True when the room holds the contribution in any state.
    pub fn holds(&self, id: &Uuid) -> bool {
        self.visible.contains_key(id)
            || self.hidden.contains_key(id)
            || self.pending.contains_key(id)
    }
}

impl RoomState {
    /// The last sequence number issued.
    pub fn seq(&self) -> u64 {
        self.seq
    }
}

/// A room.
pub struct Room {
    /// `plenary` or a working-group slug.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Objectives discussed here.
    pub objectives: Vec<u32>,
    state: Mutex<RoomState>,
    tx: broadcast::Sender<Event>,
    present: AtomicUsize,
}

/// What a new subscriber gets: a receiver plus a consistent starting point.
pub struct Subscription {
    /// Events after `seq`.
    pub rx: broadcast::Receiver<Event>,
    /// The starting point.
    pub seq: u64,
    /// Either a snapshot of visible contributions...
    pub snapshot: Option<Vec<Contribution>>,
    /// ...or the events after the resume point.
    pub replay: Vec<Event>,
}

impl Room {
    /// An empty room.
    pub fn new(id: &str, name: &str, objectives: Vec<u32>) -> Room {
        let (tx, _) = broadcast::channel(CHANNEL_CAPACITY);
        Room {
            id: id.to_owned(),
            name: name.to_owned(),
            objectives,
            state: Mutex::new(RoomState::default()),
            tx,
            present: AtomicUsize::new(0),
        }
    }

    /// Locks the state. Never hold the guard across an `.await`.
    pub fn lock(&self) -> MutexGuard<'_, RoomState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Subscribes and takes a snapshot under one lock.
    pub fn subscribe_snapshot(&self) -> Subscription {
        let st = self.lock();
        // Subscribe before reading state: nothing can slip between the two.
        let rx = self.tx.subscribe();
        Subscription {
            rx,
            seq: st.seq,
            snapshot: Some(st.visible.values().cloned().collect()),
            replay: Vec::new(),
        }
    }

    /// Subscribes and returns the events after `seq`, when the log still
    /// holds all of them; `None` means "send a snapshot instead".
    pub fn subscribe_since(&self, seq: u64) -> Option<Subscription> {
        let st = self.lock();
        if seq > st.seq {
            return None;
        }
        let oldest = st.log.front().map_or(st.seq + 1, |e| e.seq);
        if seq + 1 < oldest {
            return None;
        }
        let rx = self.tx.subscribe();
        let replay = st.log.iter().filter(|e| e.seq > seq).cloned().collect();
        Some(Subscription {
            rx,
            seq: st.seq,
            snapshot: None,
            replay,
        })
    }

    /// Applies `change` and publishes the event `render(seq, state)` made
    /// from it, under one lock. `render` returns `None` to publish nothing.
    pub fn publish<C, R>(&self, change: C, render: R) -> Option<u64>
    where
        C: FnOnce(&mut RoomState),
        R: FnOnce(u64, &RoomState) -> Option<Utf8Bytes>,
    {
        let mut st = self.lock();
        change(&mut st);
        let seq = st.seq + 1;
        let bytes = render(seq, &st)?;
        st.seq = seq;
        let event = Event { seq, bytes };
        if st.log.len() == LOG_CAPACITY {
            st.log.pop_front();
        }
        st.log.push_back(event.clone());
        // No receivers is fine: nobody is in the room.
        let _ = self.tx.send(event);
        Some(seq)
    }

    /// People connected here now.
    pub fn present(&self) -> usize {
        self.present.load(Ordering::Relaxed)
    }

    /// Counts a connection in; the guard counts it out on drop.
    pub fn enter(self: &std::sync::Arc<Self>) -> Presence {
        self.present.fetch_add(1, Ordering::Relaxed);
        Presence {
            room: self.clone(),
            counted: true,
        }
    }

    /// Follows a room without counting as present (the organiser watches;
    /// they are not in the meeting).
    pub fn watch(self: &std::sync::Arc<Self>) -> Presence {
        Presence {
            room: self.clone(),
            counted: false,
        }
    }
}

/// Counts one connection as present in a room while it lives.
pub struct Presence {
    room: std::sync::Arc<Room>,
    counted: bool,
}

impl Presence {
    /// The room.
    pub fn room(&self) -> &std::sync::Arc<Room> {
        &self.room
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        if self.counted {
            self.room.present.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Utf8Bytes> {
        Some(s.to_owned().into())
    }

    #[test]
    fn resume_replays_exactly_the_missed_events() {
        let room = Room::new("wg1", "WG1", vec![1]);
        for i in 0..10 {
            room.publish(|_| {}, |_, _| text(&format!("e{i}")));
        }
        let sub = room.subscribe_since(7).expect("still in the log");
        assert_eq!(
            sub.replay.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![8, 9, 10]
        );
        assert_eq!(sub.seq, 10);
        assert!(room.subscribe_since(10).unwrap().replay.is_empty());
        assert!(
            room.subscribe_since(11).is_none(),
            "a seq from the future means another epoch"
        );
    }

    #[test]
    fn resume_too_far_back_asks_for_a_snapshot() {
        let room = Room::new("wg1", "WG1", vec![1]);
        for _ in 0..LOG_CAPACITY + 5 {
            room.publish(|_| {}, |_, _| text("e"));
        }
        assert!(room.subscribe_since(2).is_none());
        assert!(room.subscribe_since(6).is_some());
    }

    #[test]
    fn subscribers_get_later_events_only() {
        let room = Room::new("plenary", "Plenary", vec![]);
        room.publish(|_| {}, |_, _| text("before"));
        let mut sub = room.subscribe_snapshot();
        room.publish(|_| {}, |_, _| text("after"));
        let e = sub.rx.try_recv().unwrap();
        assert_eq!((e.seq, e.bytes.as_str()), (2, "after"));
        assert!(sub.rx.try_recv().is_err());
    }

    #[test]
    fn presence_counts_in_and_out() {
        let room = std::sync::Arc::new(Room::new("wg2", "WG2", vec![]));
        let a = room.enter();
        let b = room.enter();
        assert_eq!(room.present(), 2);
        drop(a);
        assert_eq!(room.present(), 1);
        drop(b);
        assert_eq!(room.present(), 0);
    }
}
