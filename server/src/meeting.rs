//! Meeting state: agenda phase, options, timers and broadcasts — the pure
//! rules, with no I/O.
//!
//! Phases follow the agenda: `0` is the lobby, `1..=n` are the agenda
//! items, `n + 1` is closed. The state is persisted (as JSON, on the
//! identity side, so the notes store keeps no clock times) and survives a
//! restart.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use jiff::Timestamp;
use roundtable_consultation::{AgendaKind, Consultation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::Role;

/// Reports that hide a contribution until a facilitator reviews it (as in
/// Decidim).
pub const DEFAULT_REPORT_THRESHOLD: u32 = 3;
/// Clients are warned this long before a timer ends.
pub const TIMER_WARNING: Duration = Duration::from_secs(60);
/// Broadcasts kept for clients that reconnect.
const KEPT_BROADCASTS: usize = 20;

/// Everything about a running meeting that must survive a restart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct MeetingState {
    /// Current phase index.
    pub phase: u32,
    /// Follow the agenda clock instead of the facilitator.
    pub scheduled: bool,
    /// Participants may switch working groups themselves.
    pub self_select: bool,
    /// Return everyone to the plenary when the working-group timer ends.
    pub auto_return: bool,
    /// Rooms collecting contributions hidden until a reveal.
    pub collect: BTreeSet<String>,
    /// Timers by room.
    pub timers: BTreeMap<String, TimerState>,
    /// Recent broadcasts, newest last.
    pub broadcasts: Vec<Broadcast>,
    /// Reports that hold a contribution for review.
    pub report_threshold: u32,
    /// Set when the consultation first closes: the vote secret is gone,
    /// so votes stay closed even if a facilitator goes back.
    pub votes_sealed: bool,
}

impl Default for MeetingState {
    fn default() -> Self {
        MeetingState {
            phase: 0,
            scheduled: false,
            self_select: false,
            auto_return: false,
            collect: BTreeSet::new(),
            timers: BTreeMap::new(),
            broadcasts: Vec::new(),
            report_threshold: DEFAULT_REPORT_THRESHOLD,
            votes_sealed: false,
        }
    }
}

/// A room timer. The server holds the end instant; clients count down.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TimerState {
    /// Counting down to `ends_at`.
    Running {
        /// When it ends.
        ends_at: Timestamp,
        /// Its full length, for progress displays.
        total_ms: u64,
    },
    /// Stopped with time left.
    Paused {
        /// Time left.
        remaining_ms: u64,
        /// Its full length.
        total_ms: u64,
    },
}

impl TimerState {
    /// Time left at `now`.
    pub fn remaining(&self, now: Timestamp) -> Duration {
        match self {
            TimerState::Running { ends_at, .. } => {
                let ms = ends_at.as_millisecond() - now.as_millisecond();
                Duration::from_millis(ms.max(0) as u64)
            }
            TimerState::Paused { remaining_ms, .. } => Duration::from_millis(*remaining_ms),
        }
    }
}

/// A timer action from a facilitator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerAction {
    /// Start (or restart) with `seconds`.
    Start,
    /// Pause, keeping the time left.
    Pause,
    /// Resume a paused timer.
    Resume,
    /// Add `seconds` (running or paused).
    Extend,
    /// Remove the timer.
    Cancel,
}

/// Applies a timer action; `Err` explains why it does not apply.
pub fn apply_timer(
    current: Option<&TimerState>,
    action: TimerAction,
    seconds: Option<u64>,
    now: Timestamp,
) -> Result<Option<TimerState>, &'static str> {
    let secs = |s: Option<u64>| match s {
        Some(s) if (1..=24 * 3600).contains(&s) => Ok(Duration::from_secs(s)),
        _ => Err("seconds must be between 1 and 86400"),
    };
    let running = |left: Duration, total_ms: u64| {
        let ends_at = now
            .checked_add(jiff::SignedDuration::try_from(left).unwrap_or_default())
            .unwrap_or(now);
        TimerState::Running { ends_at, total_ms }
    };
    match (action, current) {
        (TimerAction::Start, _) => {
            let d = secs(seconds)?;
            Ok(Some(running(d, d.as_millis() as u64)))
        }
        (TimerAction::Cancel, Some(_)) => Ok(None),
        (_, None) => Err("there is no timer in this room"),
        (TimerAction::Pause, Some(t @ TimerState::Running { total_ms, .. })) => {
            Ok(Some(TimerState::Paused {
                remaining_ms: t.remaining(now).as_millis() as u64,
                total_ms: *total_ms,
            }))
        }
        (TimerAction::Pause, Some(TimerState::Paused { .. })) => Err("the timer is already paused"),
        (
            TimerAction::Resume,
            Some(TimerState::Paused {
                remaining_ms,
                total_ms,
            }),
        ) => Ok(Some(running(
            Duration::from_millis(*remaining_ms),
            *total_ms,
        ))),
        (TimerAction::Resume, Some(TimerState::Running { .. })) => {
            Err("the timer is already running")
        }
        (TimerAction::Extend, Some(t)) => {
            let d = secs(seconds)?;
            let add = d.as_millis() as u64;
            Ok(Some(match t {
                TimerState::Running { total_ms, .. } => {
                    running(t.remaining(now) + d, total_ms + add)
                }
                TimerState::Paused {
                    remaining_ms,
                    total_ms,
                } => TimerState::Paused {
                    remaining_ms: remaining_ms + add,
                    total_ms: total_ms + add,
                },
            }))
        }
    }
}

/// A facilitator's message to every room or to one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Broadcast {
    /// Random id, so clients can dismiss it.
    pub id: Uuid,
    /// Target room, or `None` for every room.
    pub room: Option<String>,
    /// The message.
    pub text: String,
}

impl MeetingState {
    /// Keeps a broadcast, dropping the oldest beyond the limit.
    pub fn add_broadcast(&mut self, b: Broadcast) {
        self.broadcasts.push(b);
        let excess = self.broadcasts.len().saturating_sub(KEPT_BROADCASTS);
        self.broadcasts.drain(..excess);
    }

    /// Broadcasts a client in `room` should see.
    pub fn broadcasts_for(&self, room: &str) -> Vec<Broadcast> {
        self.broadcasts
            .iter()
            .filter(|b| b.room.as_deref().is_none_or(|r| r == room))
            .cloned()
            .collect()
    }
}

/// What kind of phase an index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Before the opening.
    Lobby,
    /// A plenary agenda item.
    Plenary,
    /// Parallel working groups.
    WorkingGroups,
    /// After the closing.
    Closed,
}

/// The kind of phase `index` is in `model`'s agenda.
pub fn phase_kind(model: &Consultation, index: u32) -> PhaseKind {
    let n = model.agenda.len() as u32;
    match index {
        0 => PhaseKind::Lobby,
        i if i > n => PhaseKind::Closed,
        i => match model.agenda[(i - 1) as usize].kind {
            AgendaKind::Plenary => PhaseKind::Plenary,
            AgendaKind::WorkingGroups => PhaseKind::WorkingGroups,
        },
    }
}

/// The last valid phase index (closed).
pub fn closed_phase(model: &Consultation) -> u32 {
    model.agenda.len() as u32 + 1
}

/// The phase the agenda clock says it is at `now`.
pub fn phase_at(model: &Consultation, now: Timestamp) -> u32 {
    let Some(first) = model.agenda.first() else {
        return 0;
    };
    if now < first.start {
        return 0;
    }
    for (i, item) in model.agenda.iter().enumerate() {
        if now < item.end {
            return i as u32 + 1;
        }
    }
    closed_phase(model)
}

/// The first plenary phase after `index`, for "close all working groups".
pub fn next_plenary(model: &Consultation, index: u32) -> Option<u32> {
    (index + 1..=closed_phase(model))
        .find(|&i| matches!(phase_kind(model, i), PhaseKind::Plenary | PhaseKind::Closed))
}

/// The room someone belongs in during a phase: their own working group in
/// the working-group phase, the plenary otherwise. Facilitators and
/// rapporteurs follow their scope; an unscoped facilitator or the organiser
/// stays in `current`.
pub fn room_for(
    kind: PhaseKind,
    role: Role,
    group: Option<&str>,
    scope: Option<&str>,
    current: &str,
    plenary: &str,
) -> String {
    let own = match role {
        Role::Participant => group,
        Role::Rapporteur => scope,
        Role::Facilitator => match scope {
            Some(s) => Some(s),
            None => return current.to_owned(),
        },
        Role::Organiser => return current.to_owned(),
    };
    match (kind, own) {
        (PhaseKind::WorkingGroups, Some(g)) => g.to_owned(),
        // Without a group in the working-group phase, stay where you are
        // (the plenary room stays open for them and the facilitator).
        (PhaseKind::WorkingGroups, None) => current.to_owned(),
        _ => plenary.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Consultation {
        Consultation::example()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_example_has_lobby_three_items_and_closed() {
        let m = example();
        let kinds: Vec<PhaseKind> = (0..=closed_phase(&m)).map(|i| phase_kind(&m, i)).collect();
        assert_eq!(
            kinds,
            [
                PhaseKind::Lobby,
                PhaseKind::Plenary,
                PhaseKind::WorkingGroups,
                PhaseKind::Plenary,
                PhaseKind::Closed
            ]
        );
        assert_eq!(next_plenary(&m, 2), Some(3));
        assert_eq!(next_plenary(&m, 3), Some(4));
    }

    #[test]
    fn the_clock_maps_to_phases_in_bangkok_time() {
        let m = example();
        assert_eq!(phase_at(&m, ts("2021-02-03T03:59:59Z")), 0);
        assert_eq!(
            phase_at(&m, ts("2021-02-03T04:00:00Z")),
            1,
            "11:00 Bangkok opens the plenary"
        );
        assert_eq!(phase_at(&m, ts("2021-02-03T05:00:00Z")), 2);
        assert_eq!(phase_at(&m, ts("2021-02-03T07:29:59Z")), 3);
        assert_eq!(
            phase_at(&m, ts("2021-02-03T07:30:00Z")),
            4,
            "14:30 Bangkok closes"
        );
    }

    #[test]
    fn routing_by_role_and_phase() {
        use PhaseKind::*;
        let p = "plenary";
        assert_eq!(
            room_for(WorkingGroups, Role::Participant, Some("wg2"), None, p, p),
            "wg2"
        );
        assert_eq!(
            room_for(Plenary, Role::Participant, Some("wg2"), None, "wg2", p),
            "plenary"
        );
        assert_eq!(
            room_for(Lobby, Role::Participant, Some("wg2"), None, "wg2", p),
            "plenary"
        );
        assert_eq!(
            room_for(WorkingGroups, Role::Participant, None, None, p, p),
            "plenary"
        );
        assert_eq!(
            room_for(WorkingGroups, Role::Rapporteur, None, Some("wg1"), p, p),
            "wg1"
        );
        assert_eq!(
            room_for(Plenary, Role::Rapporteur, None, Some("wg1"), "wg1", p),
            "plenary"
        );
        assert_eq!(
            room_for(WorkingGroups, Role::Facilitator, None, None, p, p),
            "plenary"
        );
        assert_eq!(
            room_for(WorkingGroups, Role::Facilitator, None, Some("wg1"), p, p),
            "wg1"
        );
        assert_eq!(
            room_for(Closed, Role::Organiser, None, None, "wg1", p),
            "wg1"
        );
    }

    #[test]
    fn timer_start_pause_resume_extend_cancel() {
        let t0 = ts("2021-02-03T05:00:00Z");
        let t = apply_timer(None, TimerAction::Start, Some(600), t0)
            .unwrap()
            .unwrap();
        assert_eq!(t.remaining(t0), Duration::from_secs(600));
        let later = ts("2021-02-03T05:04:00Z");
        let paused = apply_timer(Some(&t), TimerAction::Pause, None, later)
            .unwrap()
            .unwrap();
        assert_eq!(
            paused.remaining(ts("2021-02-03T06:00:00Z")),
            Duration::from_secs(360),
            "paused time stands still"
        );
        let ext = apply_timer(Some(&paused), TimerAction::Extend, Some(120), later)
            .unwrap()
            .unwrap();
        assert_eq!(ext.remaining(later), Duration::from_secs(480));
        let resumed = apply_timer(Some(&ext), TimerAction::Resume, None, later)
            .unwrap()
            .unwrap();
        assert!(matches!(
            resumed,
            TimerState::Running {
                total_ms: 720_000,
                ..
            }
        ));
        assert_eq!(
            resumed.remaining(ts("2021-02-03T05:05:00Z")),
            Duration::from_secs(420)
        );
        assert_eq!(
            apply_timer(Some(&resumed), TimerAction::Cancel, None, later).unwrap(),
            None
        );
        assert!(apply_timer(None, TimerAction::Pause, None, later).is_err());
        assert!(apply_timer(Some(&resumed), TimerAction::Resume, None, later).is_err());
        assert!(apply_timer(None, TimerAction::Start, Some(0), later).is_err());
    }

    #[test]
    fn broadcasts_are_kept_per_room_and_bounded() {
        let mut m = MeetingState::default();
        for i in 0..30 {
            let room = if i % 2 == 0 {
                None
            } else {
                Some("wg1".to_owned())
            };
            m.add_broadcast(Broadcast {
                id: Uuid::new_v4(),
                room,
                text: format!("b{i}"),
            });
        }
        assert_eq!(m.broadcasts.len(), KEPT_BROADCASTS);
        assert_eq!(m.broadcasts_for("wg1").len(), KEPT_BROADCASTS);
        assert_eq!(m.broadcasts_for("wg2").len(), KEPT_BROADCASTS / 2);
        let round: MeetingState =
            serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(round, m);
    }
}
