//! Storage: two separate stores behind two interfaces.
//!
//! - The **identity store** ([`IdentityStore`]) holds accounts: roles,
//!   hashed tokens, registrations and room placement.
//! - The **notes store** ([`NotesStore`]) holds contributions and what is
//!   derived from them. Its insert takes only a
//!   [`NewContribution`](crate::anonymise::NewContribution), which only the
//!   anonymiser can build; its schema has no column that can hold an
//!   identity, a session or a precise time.
//!
//! The embedded backend keeps each in its own SQLite file
//! (`identity.db`, `notes.db`), so the notes file and its backups can be
//! handed over without revealing anyone. A PostgreSQL backend implements the
//! same traits.

mod db;
mod identity;
mod notes;

use std::future::Future;
use std::pin::Pin;

use uuid::Uuid;

pub use db::Db;
pub use identity::{Account, NewAccount, SqliteIdentity};
pub use notes::{SqliteNotes, StoredContribution};

use crate::anonymise::{Contribution, NewContribution};

/// A boxed future, so the store traits can be used as trait objects.
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A storage failure. Its text never holds personal data or contribution
/// text (SQLite errors name tables and constraints, not values).
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Sqlite(String),
    /// The schema on disk does not fit this build.
    #[error("schema: {0}")]
    Schema(String),
    /// The store is shutting down.
    #[error("store closed")]
    Closed,
    /// An I/O or threading failure.
    #[error("i/o: {0}")]
    Io(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e.to_string())
    }
}

/// The outcome of inserting a contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now.
    New,
    /// A contribution with the same idempotency key was already stored.
    Existing(Uuid),
}

/// The outcome of an author's edit or retraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorAction {
    /// Done.
    Done,
    /// No such contribution in this consultation.
    NotFound,
    /// The edit key does not belong to this contribution.
    WrongKey,
}

/// The outcome of a vote or unvote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteOutcome {
    /// The ballot was added or removed; the new count.
    Counted(u32),
    /// Already voted (or, for an unvote, had not voted); the count.
    Unchanged(u32),
    /// No such contribution.
    NotFound,
}

/// A rapporteur's change to a contribution. None rewrites its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curation {
    /// Mark or unmark as a key point.
    KeyPoint(bool),
    /// Merge into another contribution (`None` undoes the merge).
    MergeInto(Option<Uuid>),
    /// Correct the objective and review question.
    Reassign {
        /// Objective number.
        objective: u32,
        /// Review-question key.
        question: String,
    },
    /// Set or clear the rapporteur's note.
    Note(Option<String>),
}

/// A working group's running summary for one objective.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Working-group slug.
    pub group: String,
    /// Objective number.
    pub objective: u32,
    /// The text.
    pub text: String,
    /// Saves so far (0 = never saved). A save must name the version it edits.
    pub version: u64,
}

/// The outcome of saving a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummarySave {
    /// Saved; the new version.
    Saved(u64),
    /// Refused: someone saved first. The current text and version.
    Stale {
        /// Current text.
        text: String,
        /// Current version.
        version: u64,
    },
}

/// Where contributions live. Implementations must never accept or store an
/// identity.
pub trait NotesStore: Send + Sync + 'static {
    /// Stores a contribution durably (idempotent on its idempotency hash).
    fn insert(&self, c: NewContribution) -> BoxFut<'_, Inserted>;
    /// Every contribution of a consultation, hidden ones included.
    fn load(&self, consultation: &str) -> BoxFut<'_, Vec<StoredContribution>>;
    /// Hides or restores; returns false when there is no such contribution.
    fn set_hidden(&self, consultation: &str, id: Uuid, hidden: bool) -> BoxFut<'_, bool>;
    /// Replaces the text if `edit_hash` matches.
    fn edit(
        &self,
        consultation: &str,
        id: Uuid,
        edit_hash: [u8; 32],
        text: String,
    ) -> BoxFut<'_, AuthorAction>;
    /// Deletes the contribution if `edit_hash` matches.
    fn retract(
        &self,
        consultation: &str,
        id: Uuid,
        edit_hash: [u8; 32],
    ) -> BoxFut<'_, AuthorAction>;
    /// Adds (`up`) or removes a ballot and returns the count.
    fn vote(
        &self,
        consultation: &str,
        id: Uuid,
        ballot: [u8; 32],
        up: bool,
    ) -> BoxFut<'_, VoteOutcome>;
    /// Counts a report; at `threshold` the contribution is hidden for
    /// review. Returns (reports, hidden), or `None` when there is no such
    /// contribution.
    fn report(
        &self,
        consultation: &str,
        id: Uuid,
        threshold: u32,
    ) -> BoxFut<'_, Option<(u32, bool)>>;
    /// Reveals every collected contribution of a room; returns how many.
    fn reveal(&self, consultation: &str, room: &str) -> BoxFut<'_, usize>;
    /// Applies a rapporteur's change; false when there is no such contribution.
    fn curate(&self, consultation: &str, id: Uuid, change: Curation) -> BoxFut<'_, bool>;
    /// Every running summary of a consultation.
    fn summaries(&self, consultation: &str) -> BoxFut<'_, Vec<Summary>>;
    /// Saves a summary if `s.version` is the current version.
    fn save_summary(&self, consultation: &str, s: Summary) -> BoxFut<'_, SummarySave>;
    /// Answers when the store works.
    fn check(&self) -> BoxFut<'_, ()>;
    /// Commits what is queued and folds the write-ahead log into the file.
    fn flush(&self) -> BoxFut<'_, ()>;
}

/// Where identities live: accounts, roles, hashed tokens, placement.
pub trait IdentityStore: Send + Sync + 'static {
    /// The secret that keys the anonymiser's hashes (created on first use).
    fn secret(&self) -> BoxFut<'_, [u8; 32]>;
    /// Creates an account; the token hash must be unique.
    fn create(&self, account: NewAccount) -> BoxFut<'_, Account>;
    /// The live (not revoked) account with this token hash.
    fn by_token_hash(&self, hash: [u8; 32]) -> BoxFut<'_, Option<Account>>;
    /// One account by id, within a consultation.
    fn get(&self, consultation: &str, id: Uuid) -> BoxFut<'_, Option<Account>>;
    /// Every account of a consultation.
    fn list(&self, consultation: &str) -> BoxFut<'_, Vec<Account>>;
    /// True when a live organiser account exists.
    fn has_organiser(&self) -> BoxFut<'_, bool>;
    /// Revokes; returns false when there is no such account.
    fn revoke(&self, consultation: &str, id: Uuid) -> BoxFut<'_, bool>;
    /// Places a participant in a room for the given phase (a working-group
    /// room also becomes their group); false when there is no such account.
    fn set_room(&self, consultation: &str, id: Uuid, room: &str, phase: u32) -> BoxFut<'_, bool>;
    /// The saved meeting state of a consultation (JSON), if any.
    fn load_meeting(&self, consultation: &str) -> BoxFut<'_, Option<String>>;
    /// Saves the meeting state; `state` is called when the write runs, so
    /// the newest state is what lands whatever the order of saves.
    fn save_meeting(
        &self,
        consultation: &str,
        state: Box<dyn FnOnce() -> String + Send>,
    ) -> BoxFut<'_, ()>;
    /// The consultation's vote secret, created on first use.
    fn vote_secret(&self, consultation: &str) -> BoxFut<'_, [u8; 32]>;
    /// Destroys the vote secret: ballots become unlinkable for good.
    fn destroy_vote_secret(&self, consultation: &str) -> BoxFut<'_, ()>;
    /// Answers when the store works.
    fn check(&self) -> BoxFut<'_, ()>;
    /// Commits what is queued.
    fn flush(&self) -> BoxFut<'_, ()>;
}

/// Turns a stored row into what clients see.
impl From<&StoredContribution> for Contribution {
    fn from(s: &StoredContribution) -> Self {
        s.contribution.clone()
    }
}
