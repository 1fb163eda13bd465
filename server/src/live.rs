//! A consultation while it runs: its rooms, who is connected, and the
//! operations on its notes. Facilitation (phases, timers, moves, help,
//! moderation, votes) is in [`crate::facilitation`].
//!
//! Three things here live only in memory and are never written anywhere:
//! the connection registry (connection → account, how a move or a revoked
//! link reaches a live socket), the author map (contribution → account,
//! needed to mute an author without revealing them) and who reported what.
//! The author map and the reports are forgotten when the consultation
//! closes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use dashmap::{DashMap, DashSet};
use roundtable_consultation::Consultation;
use serde_json::value::RawValue;
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

use crate::access::Role;
use crate::anonymise::{Anonymiser, Contribution, Draft, edit_hash};
use crate::error::{ClientError, ErrorCode};
use crate::meeting::MeetingState;
use crate::protocol::ServerMsg;
use crate::room::Room;
use crate::storage::{
    Account, AuthorAction, IdentityStore, Inserted, NotesStore, StoredContribution,
};

/// The plenary room's id.
pub const PLENARY: &str = "plenary";
/// Longest contribution, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Instructions to a live connection from elsewhere in the server.
#[derive(Debug, Clone)]
pub enum Control {
    /// Move to this room.
    MoveTo(String),
    /// The link was revoked: end the session.
    Revoked,
    /// Send this message as it is.
    Send(Utf8Bytes),
}

/// A message for facilitators, tagged with the room it concerns.
#[derive(Debug, Clone)]
pub struct StaffMsg {
    /// The room, or `None` for every facilitator.
    pub room: Option<String>,
    /// The serialized message.
    pub bytes: Utf8Bytes,
}

/// A live connection, as the registry knows it.
pub struct ConnHandle {
    /// The account.
    pub account: Uuid,
    /// Its role.
    pub role: Role,
    /// Its scope (facilitator room, rapporteur group).
    pub scope: Option<String>,
    /// The participant's display name, for facilitators' rosters only.
    pub name: Option<String>,
    /// The room it is in now.
    pub room: String,
    /// How to reach it.
    pub control: mpsc::Sender<Control>,
}

/// The stores and keys a consultation needs.
#[derive(Clone)]
pub struct Stores {
    /// Identity side.
    pub identity: Arc<dyn IdentityStore>,
    /// Notes side.
    pub notes: Arc<dyn NotesStore>,
    /// Builds storable contributions.
    pub anonymiser: Anonymiser,
}

/// A running consultation.
pub struct Live {
    /// The consultation model.
    pub model: Arc<Consultation>,
    /// The model as JSON, serialized once: the API answer, and `welcome`s
    /// that ask for it.
    pub model_json: Box<RawValue>,
    /// Identifies `model_json`'s content: the first 16 hex digits of its
    /// SHA-256. Sent in `welcome`; the `ETag` of the model's API resource.
    pub model_version: String,
    /// Plenary plus one room per working group.
    pub rooms: HashMap<String, Arc<Room>>,
    /// Stores and keys.
    pub stores: Stores,
    /// Phase, options, timers, broadcasts (persisted).
    pub(crate) meeting: Arc<Mutex<MeetingState>>,
    /// Consultation-wide messages that must go out at once (phase,
    /// options).
    pub(crate) all: broadcast::Sender<Utf8Bytes>,
    /// The latest `presence` message. State, not events: each connection
    /// sends the newest one, at a moment of its own (see `ws.rs`), so that
    /// one change does not become thousands of writes in the same
    /// millisecond.
    pub(crate) presence_counts: tokio::sync::watch::Sender<Utf8Bytes>,
    /// Messages for facilitators.
    pub(crate) staff: broadcast::Sender<StaffMsg>,
    pub(crate) connections: DashMap<Uuid, ConnHandle>,
    /// Contribution → author account. Memory only; forgotten at close.
    pub(crate) authors: DashMap<Uuid, Uuid>,
    /// Muted accounts. Memory only.
    pub(crate) muted: DashSet<Uuid>,
    /// Report counts by contribution.
    pub(crate) reports: DashMap<Uuid, u32>,
    /// Timer generation by room: a timer task acts only while current.
    pub(crate) timer_gen: Mutex<HashMap<String, u64>>,
    /// Open help requests.
    pub(crate) help: Mutex<Vec<crate::facilitation::HelpRequest>>,
    /// Participants' working groups as known to live connections.
    pub(crate) groups: DashMap<Uuid, String>,
    /// A weak handle on itself, for timer tasks.
    pub(crate) me: std::sync::OnceLock<std::sync::Weak<Live>>,
    /// The redactor for this consultation's registered people and
    /// organisations; swapped whole when they change.
    redactor: std::sync::RwLock<Arc<roundtable_redact::Redactor>>,
    /// The directory the current redactor was built from. Held for the
    /// whole of a refresh, so refreshes apply in order.
    redactor_source: tokio::sync::Mutex<Option<roundtable_redact::Directory>>,
    /// Running summaries by (group, objective): (text, version).
    pub(crate) summaries: Mutex<std::collections::BTreeMap<(String, u32), (String, u64)>>,
    /// Wall-clock time and tokio time at start: see [`Live::now`].
    clock: (jiff::Timestamp, tokio::time::Instant),
}

/// Removes a connection from the registry when dropped.
pub struct Registration {
    live: Arc<Live>,
    conn: Uuid,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.live.connections.remove(&self.conn);
    }
}

/// What the author's acknowledgement carries.
pub struct Acked {
    /// Contribution id.
    pub id: Uuid,
    /// The edit capability.
    pub edit_key: String,
    /// A retry of an earlier post.
    pub duplicate: bool,
    /// Collected for a reveal: the author's own copy (nobody else sees it).
    pub pending: Option<Contribution>,
    /// What was redacted and flagged (byte ranges in the author's text).
    pub redaction: roundtable_redact::Redaction,
}

/// A post as the client sent it.
pub struct PostRequest<'a> {
    /// Objective number.
    pub objective: u32,
    /// Review-question key.
    pub question: &'a str,
    /// Text as typed.
    pub text: &'a str,
    /// Idempotency key.
    pub key: &'a str,
}

/// A short, stable identifier of a model's JSON: the first 16 hex digits
/// (64 bits) of its SHA-256.
fn model_version(json: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    Sha256::digest(json.as_bytes())[..8]
        .iter()
        .fold(String::with_capacity(16), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl Live {
    /// Builds the rooms and fills them from stored contributions.
    pub fn new(
        model: Consultation,
        stored: Vec<StoredContribution>,
        summaries: Vec<crate::storage::Summary>,
        meeting: MeetingState,
        stores: Stores,
    ) -> Arc<Live> {
        let mut rooms = HashMap::new();
        let all: Vec<u32> = model.objectives.iter().map(|o| o.number).collect();
        rooms.insert(
            PLENARY.to_owned(),
            Arc::new(Room::new(PLENARY, "Plenary", all)),
        );
        for g in &model.groups {
            rooms.insert(
                g.slug.clone(),
                Arc::new(Room::new(&g.slug, &g.name, g.objectives.clone())),
            );
        }
        let reports = DashMap::new();
        for s in stored {
            let Some(room) = rooms.get(&s.contribution.room) else {
                continue;
            };
            if s.reports > 0 {
                reports.insert(s.contribution.id, s.reports);
            }
            let mut st = room.lock();
            if s.hidden && s.pending {
                st.hidden_pending.insert(s.contribution.id);
            }
            let map = if s.hidden {
                &mut st.hidden
            } else if s.pending {
                &mut st.pending
            } else {
                &mut st.visible
            };
            map.insert(s.contribution.id, s.contribution);
        }
        let model_json =
            serde_json::value::to_raw_value(&model).expect("the consultation model serializes");
        let model_version = model_version(model_json.get());
        let live = Arc::new(Live {
            model: Arc::new(model),
            model_json,
            model_version,
            rooms,
            stores,
            meeting: Arc::new(Mutex::new(meeting)),
            all: broadcast::channel(64).0,
            presence_counts: tokio::sync::watch::Sender::new(Utf8Bytes::default()),
            staff: broadcast::channel(256).0,
            connections: DashMap::new(),
            authors: DashMap::new(),
            muted: DashSet::new(),
            reports,
            timer_gen: Mutex::new(HashMap::new()),
            help: Mutex::new(Vec::new()),
            groups: DashMap::new(),
            me: std::sync::OnceLock::new(),
            clock: (jiff::Timestamp::now(), tokio::time::Instant::now()),
            redactor: std::sync::RwLock::new(Arc::new(roundtable_redact::Redactor::default())),
            redactor_source: tokio::sync::Mutex::new(None),
            summaries: Mutex::new(
                summaries
                    .into_iter()
                    .map(|s| ((s.group, s.objective), (s.text, s.version)))
                    .collect(),
            ),
        });
        let _ = live.me.set(Arc::downgrade(&live));
        live
    }

    /// Now, as wall-clock time advanced by tokio's monotonic clock. Timers
    /// are scheduled on tokio's clock; deriving their end instants from the
    /// same clock keeps the two consistent (and lets tests pause time).
    pub fn now(&self) -> jiff::Timestamp {
        let elapsed = jiff::SignedDuration::try_from(self.clock.1.elapsed()).unwrap_or_default();
        self.clock.0.checked_add(elapsed).unwrap_or(self.clock.0)
    }

    /// Redacts names, contacts and self-identifying affiliations. Pure
    /// and fast; the redactor is cloned out of its lock first.
    pub fn redact(&self, text: &str) -> roundtable_redact::Redaction {
        let r = self
            .redactor
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        r.redact(text)
    }

    /// Rebuilds the redactor from the identity store: every registered
    /// person's name and organisation (and the organiser's aliases).
    /// Call after registrations change.
    pub async fn refresh_redactor(&self) -> Result<(), crate::storage::StoreError> {
        let mut source = self.redactor_source.lock().await;
        let accounts = self.stores.identity.list(self.slug()).await?;
        let aliases = self.stores.identity.org_aliases(self.slug()).await?;
        let mut people: Vec<String> = accounts.iter().filter_map(|a| a.name.clone()).collect();
        people.sort();
        people.dedup();
        let mut orgs: std::collections::BTreeMap<String, Vec<String>> =
            std::collections::BTreeMap::new();
        for org in accounts.iter().filter_map(|a| a.organisation.clone()) {
            orgs.entry(org).or_default();
        }
        for (alias, full) in aliases {
            orgs.entry(full).or_default().push(alias);
        }
        let dir = roundtable_redact::Directory {
            people,
            organisations: orgs
                .into_iter()
                .map(|(name, aliases)| roundtable_redact::OrgEntry { name, aliases })
                .collect(),
        };
        if source.as_ref() == Some(&dir) {
            return Ok(());
        }
        // Building the automaton for thousands of names takes milliseconds
        // of CPU: off the async workers, so no delivery waits for it.
        let (built, dir) = tokio::task::spawn_blocking(move || {
            (Arc::new(roundtable_redact::Redactor::new(&dir)), dir)
        })
        .await
        .map_err(|e| crate::storage::StoreError::Io(e.to_string()))?;
        *self.redactor.write().unwrap_or_else(|p| p.into_inner()) = built;
        *source = Some(dir);
        Ok(())
    }

    /// The consultation slug.
    pub fn slug(&self) -> &str {
        &self.model.slug
    }

    /// A room by id.
    pub fn room(&self, id: &str) -> Option<Arc<Room>> {
        self.rooms.get(id).cloned()
    }

    /// The plenary room.
    pub fn plenary(&self) -> Arc<Room> {
        self.rooms[PLENARY].clone()
    }

    /// The meeting state. Never hold the guard across an `.await`.
    pub fn meeting(&self) -> MutexGuard<'_, MeetingState> {
        self.meeting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current agenda phase index.
    pub fn phase(&self) -> u32 {
        self.meeting().phase
    }

    /// The room an account belongs in now.
    pub fn home_room(&self, account: &Account) -> Arc<Room> {
        let phase = self.phase();
        // An explicit placement holds for the phase it was made in.
        if account.role == Role::Participant
            && account.room_phase == Some(phase)
            && let Some(room) = account.room.as_deref().and_then(|r| self.room(r))
        {
            return room;
        }
        let kind = crate::meeting::phase_kind(&self.model, phase);
        let current = match account.role {
            Role::Participant => account.room.as_deref(),
            Role::Facilitator | Role::Rapporteur => account.scope.as_deref(),
            Role::Organiser => None,
        }
        .filter(|r| self.rooms.contains_key(*r))
        .unwrap_or(PLENARY);
        let target = crate::meeting::room_for(
            kind,
            account.role,
            account.group.as_deref(),
            account.scope.as_deref(),
            current,
            PLENARY,
        );
        self.room(&target).unwrap_or_else(|| self.plenary())
    }

    /// Registers a live connection; returns its control receiver and a
    /// guard that unregisters it.
    pub fn register(
        self: &Arc<Self>,
        conn: Uuid,
        account: &Account,
        room: &str,
    ) -> (mpsc::Receiver<Control>, Registration) {
        let (control, rx) = mpsc::channel(64);
        let handle = ConnHandle {
            account: account.id,
            role: account.role,
            scope: account.scope.clone(),
            name: account.name.clone(),
            room: room.to_owned(),
            control,
        };
        self.connections.insert(conn, handle);
        if let Some(g) = &account.group {
            self.groups.insert(account.id, g.clone());
        }
        (
            rx,
            Registration {
                live: self.clone(),
                conn,
            },
        )
    }

    /// Records the room a connection is in now.
    pub fn set_conn_room(&self, conn: Uuid, room: &str) {
        if let Some(mut h) = self.connections.get_mut(&conn) {
            h.room = room.to_owned();
            // However a participant got into a working group (assignment,
            // a facilitator, the organiser, self-selection), it is their
            // group from now on: the next working-group phase takes them there.
            if h.role == Role::Participant && room != PLENARY {
                self.groups.insert(h.account, room.to_owned());
            }
        }
    }

    /// Sends a control message to every live connection of an account.
    pub fn tell(&self, account: Uuid, msg: Control) -> usize {
        // Collect senders first: never hold a DashMap guard while sending.
        let targets: Vec<_> = self
            .connections
            .iter()
            .filter(|c| c.account == account)
            .map(|c| c.control.clone())
            .collect();
        targets
            .iter()
            .filter(|tx| tx.try_send(msg.clone()).is_ok())
            .count()
    }

    /// Publishes a message to facilitators concerned with `room`.
    pub fn tell_staff(&self, room: Option<&str>, bytes: Utf8Bytes) {
        let _ = self.staff.send(StaffMsg {
            room: room.map(str::to_owned),
            bytes,
        });
    }

    /// The room that holds a contribution (in any state).
    pub fn room_of(&self, id: Uuid) -> Option<Arc<Room>> {
        self.rooms.values().find(|r| r.lock().holds(&id)).cloned()
    }

    /// Validates, anonymises, durably stores and broadcasts a post.
    pub async fn post(
        &self,
        account: &Account,
        room: &Room,
        req: PostRequest<'_>,
    ) -> Result<Acked, ClientError> {
        let PostRequest {
            objective,
            question,
            text,
            key,
        } = req;
        if account.role != Role::Participant {
            return Err(ClientError::forbidden(
                "only participants post contributions",
            ));
        }
        self.ensure_open()?;
        if self.muted.contains(&account.id) {
            return Err(ClientError::forbidden(
                "a facilitator has muted you for the rest of this session",
            ));
        }
        let redaction = self.redact(validate_text(text)?);
        let text = redaction.text.as_str();
        if !room.objectives.contains(&objective) {
            return Err(ClientError::invalid(
                "objective",
                format!(
                    "objective {objective} is not discussed in this room (allowed: {:?})",
                    room.objectives
                ),
            ));
        }
        if self.model.question(question).is_none() {
            return Err(ClientError::invalid("question", "unknown review question"));
        }
        validate_key(key)?;
        let (phase, pending) = {
            let m = self.meeting();
            (m.phase, m.collect.contains(&room.id))
        };
        let draft = Draft {
            consultation: self.slug(),
            room: &room.id,
            objective,
            question,
            text,
            key,
            author: account.id,
            phase,
            pending,
            org_mentions: redaction.flags.len() as u32,
        };
        let (new, edit_key) = self.stores.anonymiser.anonymise(draft);
        let contribution = new.contribution().clone();
        match self.stores.notes.insert(new).await? {
            Inserted::New => {
                let id = contribution.id;
                self.authors.insert(id, account.id);
                if pending {
                    room.lock().pending.insert(id, contribution.clone());
                    let msg = ServerMsg::Pending {
                        room: &room.id,
                        contribution: &contribution,
                    };
                    self.tell_staff(Some(&room.id), msg.to_text());
                    return Ok(Acked {
                        id,
                        edit_key,
                        duplicate: false,
                        pending: Some(contribution),
                        redaction,
                    });
                }
                room.publish(
                    |st| {
                        st.visible.insert(id, contribution.clone());
                    },
                    |seq, _| {
                        Some(
                            ServerMsg::Contribution {
                                seq,
                                contribution: &contribution,
                            }
                            .to_text(),
                        )
                    },
                );
                Ok(Acked {
                    id,
                    edit_key,
                    duplicate: false,
                    pending: None,
                    redaction,
                })
            }
            Inserted::Existing(id) => Ok(Acked {
                id,
                edit_key,
                duplicate: true,
                pending: None,
                redaction,
            }),
        }
    }

    /// Edits (`Some(text)`) or retracts (`None`) with the author's edit key.
    pub async fn author_change(
        &self,
        id: Uuid,
        edit_key: &str,
        text: Option<&str>,
    ) -> Result<(), ClientError> {
        let room = self
            .room_of(id)
            .ok_or_else(|| ClientError::not_found("no such contribution"))?;
        let hash = edit_hash(edit_key);
        let notes = &self.stores.notes;
        let verdict = match text {
            Some(t) => {
                let redaction = self.redact(validate_text(t)?);
                let mentions = redaction.flags.len() as u32;
                let t = redaction.text;
                let verdict = notes
                    .edit(self.slug(), id, hash, t.clone(), mentions)
                    .await?;
                if verdict == AuthorAction::Done {
                    room.publish(
                        |st| {
                            if let Some(c) = st.find_mut(&id) {
                                c.text = t.clone();
                                c.org_mentions = mentions;
                            }
                        },
                        |seq, st| {
                            st.visible.get(&id).map(|c| {
                                ServerMsg::Edited {
                                    seq,
                                    contribution: c,
                                }
                                .to_text()
                            })
                        },
                    );
                }
                verdict
            }
            None => {
                let verdict = notes.retract(self.slug(), id, hash).await?;
                if verdict == AuthorAction::Done {
                    self.authors.remove(&id);
                    self.reports.remove(&id);
                    room.publish(
                        |st| {
                            st.visible.remove(&id);
                            st.hidden.remove(&id);
                            st.pending.remove(&id);
                        },
                        |seq, _| Some(ServerMsg::Removed { seq, id }.to_text()),
                    );
                }
                verdict
            }
        };
        match verdict {
            AuthorAction::Done => Ok(()),
            AuthorAction::NotFound => Err(ClientError::not_found("no such contribution")),
            AuthorAction::WrongKey => Err(ClientError::forbidden(
                "that edit key does not belong to this contribution",
            )),
        }
    }

    /// Every visible contribution, in random-id order.
    pub fn visible(&self) -> Vec<Contribution> {
        let mut all: Vec<Contribution> = self
            .rooms
            .values()
            .flat_map(|r| r.lock().visible.values().cloned().collect::<Vec<_>>())
            .collect();
        all.sort_by_key(|c| c.id);
        all
    }
}

/// Facilitators of this room (or of every room) and the organiser may act.
pub fn may_facilitate(account: &Account, room: &str) -> Result<(), ClientError> {
    match account.role {
        Role::Organiser => Ok(()),
        Role::Facilitator if account.scope.as_deref().is_none_or(|s| s == room) => Ok(()),
        Role::Facilitator => Err(ClientError::forbidden("you facilitate another room")),
        _ => Err(ClientError::forbidden("only a facilitator may do this")),
    }
}

/// The plenary facilitator (unscoped or scoped to the plenary) and the
/// organiser run the agenda.
pub fn may_run_agenda(account: &Account) -> Result<(), ClientError> {
    match account.role {
        Role::Organiser => Ok(()),
        Role::Facilitator if account.scope.as_deref().is_none_or(|s| s == PLENARY) => Ok(()),
        Role::Facilitator => Err(ClientError::forbidden(
            "only the plenary facilitator runs the agenda",
        )),
        _ => Err(ClientError::forbidden("only a facilitator may do this")),
    }
}

/// Checks a contribution's text: 1 to 2,000 characters after trimming.
pub fn validate_text(text: &str) -> Result<&str, ClientError> {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 {
        return Err(ClientError::invalid(
            "text",
            "a contribution cannot be empty",
        ));
    }
    if n > MAX_TEXT_CHARS {
        return Err(ClientError::new(
            ErrorCode::TooLarge,
            format!("text: {n} characters; at most {MAX_TEXT_CHARS} are allowed"),
        ));
    }
    Ok(t)
}

fn validate_key(key: &str) -> Result<(), ClientError> {
    let ok = (8..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(ClientError::invalid(
            "key",
            "the idempotency key must be 8 to 128 printable ASCII characters",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits() {
        assert_eq!(validate_text("  hi ").unwrap(), "hi");
        assert_eq!(
            validate_text("   ").unwrap_err().code,
            ErrorCode::InvalidField
        );
        let long = "é".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(validate_text(&long).unwrap_err().code, ErrorCode::TooLarge);
        assert!(
            validate_text(&"é".repeat(MAX_TEXT_CHARS)).is_ok(),
            "the limit counts characters, not bytes"
        );
    }

    #[test]
    fn idempotency_keys() {
        assert!(validate_key("0b5c3f1e-9a").is_ok());
        assert!(validate_key("short").is_err());
        assert!(validate_key("has space in it").is_err());
    }

    #[test]
    fn model_versions_are_short_stable_hashes() {
        // SHA-256("abc") = ba7816bf8f01cfea...
        assert_eq!(model_version("abc"), "ba7816bf8f01cfea");
        assert_ne!(model_version("{}"), model_version("{ }"));
    }
}
