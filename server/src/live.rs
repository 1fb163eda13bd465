//! A consultation while it runs: its rooms, who is connected, and the
//! operations that change its notes.
//!
//! The connection registry maps a connection to an account id and a control
//! channel, in memory only; it is how a facilitator's move or a revoked link
//! reaches a live socket. It is never written anywhere.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use dashmap::DashMap;
use roundtable_consultation::Consultation;
use serde_json::value::RawValue;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::access::Role;
use crate::anonymise::{Contribution, Draft, edit_hash};
use crate::error::{ClientError, ErrorCode};
use crate::protocol::ServerMsg;
use crate::room::Room;
use crate::state::AppState;
use crate::storage::{Account, AuthorAction, Inserted, StoredContribution};

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
}

struct ConnHandle {
    account: Uuid,
    control: mpsc::Sender<Control>,
}

/// A running consultation.
pub struct Live {
    /// The consultation model.
    pub model: Arc<Consultation>,
    /// The model as JSON, serialized once for every welcome.
    pub model_json: Box<RawValue>,
    /// Plenary plus one room per working group.
    pub rooms: HashMap<String, Arc<Room>>,
    phase: AtomicU32,
    connections: DashMap<Uuid, ConnHandle>,
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

/// What the author's acknowledgement carries.
pub struct Acked {
    /// Contribution id.
    pub id: Uuid,
    /// The edit capability.
    pub edit_key: String,
    /// A retry of an earlier post.
    pub duplicate: bool,
}

impl Live {
    /// Builds the rooms and fills them from stored contributions.
    pub fn new(model: Consultation, stored: Vec<StoredContribution>) -> Arc<Live> {
        let mut rooms = HashMap::new();
        let all: Vec<u32> = model.objectives.iter().map(|o| o.number).collect();
        rooms.insert(PLENARY.to_owned(), Arc::new(Room::new(PLENARY, "Plenary", all)));
        for g in &model.groups {
            rooms.insert(g.slug.clone(), Arc::new(Room::new(&g.slug, &g.name, g.objectives.clone())));
        }
        for s in stored {
            let Some(room) = rooms.get(&s.contribution.room) else { continue };
            let mut st = room.lock();
            let map = if s.hidden { &mut st.hidden } else { &mut st.visible };
            map.insert(s.contribution.id, s.contribution);
        }
        let model_json = serde_json::value::to_raw_value(&model).expect("the consultation model serializes");
        Arc::new(Live {
            model: Arc::new(model),
            model_json,
            rooms,
            phase: AtomicU32::new(0),
            connections: DashMap::new(),
        })
    }

    /// The consultation slug.
    pub fn slug(&self) -> &str {
        &self.model.slug
    }

    /// A room by id.
    pub fn room(&self, id: &str) -> Option<Arc<Room>> {
        self.rooms.get(id).cloned()
    }

    /// The current agenda phase index.
    pub fn phase(&self) -> u32 {
        self.phase.load(Ordering::Relaxed)
    }

    /// The room an account starts in.
    pub fn home_room(&self, account: &Account) -> Arc<Room> {
        let wanted = match account.role {
            Role::Participant => account.room.as_deref(),
            Role::Facilitator | Role::Rapporteur => account.scope.as_deref(),
            Role::Organiser => None,
        };
        wanted.and_then(|r| self.room(r)).unwrap_or_else(|| self.rooms[PLENARY].clone())
    }

    /// Registers a live connection; returns its control receiver and a
    /// guard that unregisters it.
    pub fn register(self: &Arc<Self>, conn: Uuid, account: Uuid) -> (mpsc::Receiver<Control>, Registration) {
        let (control, rx) = mpsc::channel(16);
        self.connections.insert(conn, ConnHandle { account, control });
        (rx, Registration { live: self.clone(), conn })
    }

    /// Sends a control message to every live connection of an account.
    pub fn tell(&self, account: Uuid, msg: Control) -> usize {
        // Collect senders first: never hold a DashMap guard while sending.
        let targets: Vec<_> =
            self.connections.iter().filter(|c| c.account == account).map(|c| c.control.clone()).collect();
        targets.iter().filter(|tx| tx.try_send(msg.clone()).is_ok()).count()
    }

    /// The room that holds a contribution (visible or hidden).
    fn room_of(&self, id: Uuid) -> Option<Arc<Room>> {
        self.rooms.values().find(|r| {
            let st = r.lock();
            st.visible.contains_key(&id) || st.hidden.contains_key(&id)
        })
        .cloned()
    }

    /// Validates, anonymises, durably stores and broadcasts a post.
    pub async fn post(&self, app: &AppState, account: &Account, room: &Room, req: PostRequest<'_>) -> Result<Acked, ClientError> {
        let PostRequest { objective, question, text, key } = req;
        if account.role != Role::Participant {
            return Err(ClientError::forbidden("only participants post contributions"));
        }
        let text = validate_text(text)?;
        if !room.objectives.contains(&objective) {
            return Err(ClientError::invalid(
                "objective",
                format!("objective {objective} is not discussed in this room (allowed: {:?})", room.objectives),
            ));
        }
        if self.model.question(question).is_none() {
            return Err(ClientError::invalid("question", "unknown review question"));
        }
        validate_key(key)?;
        let draft = Draft {
            consultation: self.slug(),
            room: &room.id,
            objective,
            question,
            text,
            key,
            phase: self.phase(),
        };
        let (new, edit_key) = app.anonymiser.anonymise(draft);
        let contribution = new.contribution().clone();
        match app.notes.insert(new).await? {
            Inserted::New => {
                let id = contribution.id;
                room.publish(
                    |st| {
                        st.visible.insert(id, contribution.clone());
                    },
                    |seq, _| Some(ServerMsg::Contribution { seq, contribution: &contribution }.to_text()),
                );
                Ok(Acked { id, edit_key, duplicate: false })
            }
            Inserted::Existing(id) => Ok(Acked { id, edit_key, duplicate: true }),
        }
    }

    /// Hides or restores a contribution (facilitators and the organiser).
    pub async fn moderate(&self, app: &AppState, account: &Account, id: Uuid, hide: bool) -> Result<(), ClientError> {
        let room = self.room_of(id).ok_or_else(|| ClientError::not_found("no such contribution"))?;
        may_facilitate(account, &room.id)?;
        if !app.notes.set_hidden(self.slug(), id, hide).await? {
            return Err(ClientError::not_found("no such contribution"));
        }
        room.publish(
            |st| {
                let (from, to) = if hide { (&mut st.visible, &mut st.hidden) } else { (&mut st.hidden, &mut st.visible) };
                if let Some(c) = from.remove(&id) {
                    to.insert(id, c);
                }
            },
            |seq, st| {
                Some(match st.visible.get(&id) {
                    Some(c) if !hide => ServerMsg::Contribution { seq, contribution: c }.to_text(),
                    _ => ServerMsg::Removed { seq, id }.to_text(),
                })
            },
        );
        Ok(())
    }

    /// Edits (`Some(text)`) or retracts (`None`) with the author's edit key.
    pub async fn author_change(&self, app: &AppState, id: Uuid, edit_key: &str, text: Option<&str>) -> Result<(), ClientError> {
        let room = self.room_of(id).ok_or_else(|| ClientError::not_found("no such contribution"))?;
        let hash = edit_hash(edit_key);
        let verdict = match text {
            Some(t) => {
                let t = validate_text(t)?.to_owned();
                let verdict = app.notes.edit(self.slug(), id, hash, t.clone()).await?;
                if verdict == AuthorAction::Done {
                    room.publish(
                        |st| {
                            for map in [&mut st.visible, &mut st.hidden] {
                                if let Some(c) = map.get_mut(&id) {
                                    c.text = t.clone();
                                }
                            }
                        },
                        |seq, st| st.visible.get(&id).map(|c| ServerMsg::Edited { seq, contribution: c }.to_text()),
                    );
                }
                verdict
            }
            None => {
                let verdict = app.notes.retract(self.slug(), id, hash).await?;
                if verdict == AuthorAction::Done {
                    room.publish(
                        |st| {
                            st.visible.remove(&id);
                            st.hidden.remove(&id);
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
            AuthorAction::WrongKey => Err(ClientError::forbidden("that edit key does not belong to this contribution")),
        }
    }

    /// Every visible contribution, for exports and tests: random-id order.
    pub fn visible(&self) -> Vec<Contribution> {
        let mut all: Vec<Contribution> =
            self.rooms.values().flat_map(|r| r.lock().visible.values().cloned().collect::<Vec<_>>()).collect();
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

fn validate_text(text: &str) -> Result<&str, ClientError> {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 {
        return Err(ClientError::invalid("text", "a contribution cannot be empty"));
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
        Err(ClientError::invalid("key", "the idempotency key must be 8 to 128 printable ASCII characters"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits() {
        assert_eq!(validate_text("  hi ").unwrap(), "hi");
        assert_eq!(validate_text("   ").unwrap_err().code, ErrorCode::InvalidField);
        let long = "é".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(validate_text(&long).unwrap_err().code, ErrorCode::TooLarge);
        assert!(validate_text(&"é".repeat(MAX_TEXT_CHARS)).is_ok(), "the limit counts characters, not bytes");
    }

    #[test]
    fn idempotency_keys() {
        assert!(validate_key("0b5c3f1e-9a").is_ok());
        assert!(validate_key("short").is_err());
        assert!(validate_key("has space in it").is_err());
    }
}
