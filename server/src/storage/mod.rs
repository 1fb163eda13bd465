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

/// The outcome of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportOutcome {
    /// Counted: (reports now, hidden now).
    Counted(u32, bool),
    /// This person had reported it before.
    AlreadyReported,
    /// No such contribution.
    NotFound,
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
    /// Replaces the (redacted) text and its organisation-mention count if
    /// `edit_hash` matches.
    fn edit(
        &self,
        consultation: &str,
        id: Uuid,
        edit_hash: [u8; 32],
        text: String,
        org_mentions: u32,
    ) -> BoxFut<'_, AuthorAction>;
    /// Deletes the contribution if `edit_hash` matches.
    fn retract(
        &self,
        consultation: &str,
        id: Uuid,
        edit_hash: [u8; 32],
    ) -> BoxFut<'_, AuthorAction>;
    /// Deletes a hidden contribution for good (with its ballots); false
    /// when there is no such hidden contribution.
    fn delete_hidden(&self, consultation: &str, id: Uuid) -> BoxFut<'_, bool>;
    /// Adds (`up`) or removes a ballot and returns the count.
    fn vote(
        &self,
        consultation: &str,
        id: Uuid,
        ballot: [u8; 32],
        up: bool,
    ) -> BoxFut<'_, VoteOutcome>;
    /// Counts a report once per report ballot; at `threshold` the
    /// contribution is hidden for review.
    fn report(
        &self,
        consultation: &str,
        id: Uuid,
        ballot: [u8; 32],
        threshold: u32,
    ) -> BoxFut<'_, ReportOutcome>;
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
    /// The organiser's organisation aliases: (alias, full name).
    fn org_aliases(&self, consultation: &str) -> BoxFut<'_, Vec<(String, String)>>;
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

    // Registration (see `crate::registration` and docs/registration.md).

    /// Stores registrations in one transaction, each checked atomically
    /// against the registrations already stored: an `email_key` already
    /// registered in the consultation gives
    /// [`RegisterOutcome::DuplicateEmail`], an `org_key` that already has
    /// `per_organisation_cap` registrations gives
    /// [`RegisterOutcome::OrganisationFull`]. One outcome per input, in order.
    fn register(&self, registrations: Vec<NewRegistration>) -> BoxFut<'_, Vec<RegisterOutcome>>;
    /// Every registration of a consultation (revoked links included),
    /// ordered by account id.
    fn registrations(&self, consultation: &str) -> BoxFut<'_, Vec<Registration>>;
    /// Deletes a registrant: the account, its personal data and its
    /// registration. False when there is no such registration.
    fn delete_registration(&self, consultation: &str, id: Uuid) -> BoxFut<'_, bool>;
    /// Replaces the consultation's organisation aliases and, in the same
    /// transaction, the registrations' organisation keys computed with them.
    fn set_aliases(
        &self,
        consultation: &str,
        aliases: Vec<(String, String)>,
        org_keys: Vec<(Uuid, String)>,
    ) -> BoxFut<'_, ()>;
    /// Sets participants' working groups; with `run`, also records that an
    /// assignment ran with that seed (later registrants are then placed on
    /// arrival). Returns how many accounts changed.
    fn set_groups(
        &self,
        consultation: &str,
        groups: Vec<(Uuid, String)>,
        run: Option<u64>,
    ) -> BoxFut<'_, usize>;
    /// The seed of the consultation's last recorded assignment, if one ran.
    fn assignment_run(&self, consultation: &str) -> BoxFut<'_, Option<u64>>;
    /// Gives live (not revoked) accounts new token hashes: the old tokens
    /// stop working at once. Returns how many accounts changed.
    fn replace_tokens(&self, tokens: Vec<(Uuid, [u8; 32])>) -> BoxFut<'_, usize>;
    /// The first live account with this role and name (`consultation`
    /// `None`: a server-wide account). Used by the demo to stay idempotent.
    fn find_named(
        &self,
        consultation: Option<&str>,
        role: crate::access::Role,
        name: &str,
    ) -> BoxFut<'_, Option<Account>>;
    /// Deletes every registrant's personal data and token in a
    /// consultation: registrations, participant accounts, aliases, the
    /// assignment record, and names, emails and organisations on the
    /// remaining (staff) accounts. The bytes must really be gone from the
    /// store's files (SQLite: `VACUUM` and a truncating checkpoint).
    fn purge(&self, consultation: &str) -> BoxFut<'_, PurgeReport>;
    /// Answers when the store works.
    fn check(&self) -> BoxFut<'_, ()>;
    /// Commits what is queued.
    fn flush(&self) -> BoxFut<'_, ()>;
}

/// A registration to store (see [`IdentityStore::register`]). Every field
/// is already validated. `Debug` hides personal data.
pub struct NewRegistration {
    /// Consultation slug.
    pub consultation: String,
    /// SHA-256 of the registrant's new token.
    pub token_hash: [u8; 32],
    /// Name (personal data).
    pub name: String,
    /// Email as given (personal data).
    pub email: String,
    /// Organisation as given (personal data).
    pub organisation: String,
    /// Stakeholder category key.
    pub category: String,
    /// Gender value (`woman`, `man`, `non_binary`, `self_described`,
    /// `prefer_not_to_say`).
    pub gender: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// ESCAP subregion derived from the country.
    pub subregion: String,
    /// Preferred working-group slug.
    pub preferred_group: Option<String>,
    /// Accessibility needs (personal data).
    pub accessibility: Option<String>,
    /// Organisation key (normalised name and aliases).
    pub org_key: String,
    /// Email key (trimmed, lowercased): unique per consultation.
    pub email_key: String,
    /// Working group to place them in now (a late registrant after an
    /// assignment ran), if any.
    pub group: Option<String>,
    /// Most registrations one organisation may have.
    pub per_organisation_cap: u32,
}

impl std::fmt::Debug for NewRegistration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewRegistration")
            .field("consultation", &self.consultation)
            .finish_non_exhaustive()
    }
}

/// What became of one [`NewRegistration`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterOutcome {
    /// Stored: the new participant account.
    Created(Account),
    /// Refused: the email is already registered in this consultation.
    DuplicateEmail,
    /// Refused: the organisation already has as many registrations as the
    /// consultation allows.
    OrganisationFull,
}

/// A stored registration with its account. `Debug` hides personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    /// The participant account (name, email, organisation, group, revoked).
    pub account: Account,
    /// Stakeholder category key.
    pub category: String,
    /// Gender value.
    pub gender: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// ESCAP subregion value.
    pub subregion: String,
    /// Preferred working-group slug.
    pub preferred_group: Option<String>,
    /// Accessibility needs.
    pub accessibility: Option<String>,
    /// Organisation key.
    pub org_key: String,
    /// Email key.
    pub email_key: String,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("account", &self.account)
            .field("category", &self.category)
            .field("subregion", &self.subregion)
            .finish_non_exhaustive()
    }
}

/// What a purge deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PurgeReport {
    /// Registrations deleted.
    pub registrations: usize,
    /// Participant accounts (and so their tokens) deleted.
    pub participants: usize,
    /// Staff accounts whose name, email or organisation was cleared.
    pub staff_cleared: usize,
    /// Organisation aliases deleted.
    pub aliases: usize,
}

/// Turns a stored row into what clients see.
impl From<&StoredContribution> for Contribution {
    fn from(s: &StoredContribution) -> Self {
        s.contribution.clone()
    }
}
