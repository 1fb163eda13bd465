//! The embedded identity store: `identity.db`.
//!
//! Accounts (role, scope, hashed token, placement) and, for participants,
//! the personal data they registered with. Nothing here is ever copied to
//! the notes store.

use std::fmt;
use std::path::Path;

use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use super::{
    BoxFut, Db, IdentityStore, NewRegistration, PurgeReport, RegisterOutcome, Registration,
    StoreError,
};
use crate::access::{Role, random_bytes};

const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE server_secret (
    k     INTEGER NOT NULL PRIMARY KEY CHECK (k = 1),
    value BLOB    NOT NULL
);
CREATE TABLE accounts (
    id           TEXT NOT NULL PRIMARY KEY,   -- random UUID v4
    consultation TEXT,                        -- NULL for the server-wide organiser
    role         TEXT NOT NULL,
    scope        TEXT,                        -- facilitator: room (NULL = all); rapporteur: group
    token_hash   BLOB NOT NULL UNIQUE,
    revoked      SMALLINT NOT NULL DEFAULT 0,
    room         TEXT,                        -- participant: current placement
    grp          TEXT,                        -- participant: assigned working group
    name         TEXT,
    email        TEXT,
    organisation TEXT
) WITHOUT ROWID;
CREATE INDEX accounts_by_consultation ON accounts (consultation);
",
    "
-- Operational meeting state (phase, timers, options, broadcasts) as JSON.
CREATE TABLE meetings (
    consultation TEXT NOT NULL PRIMARY KEY,
    state        TEXT NOT NULL
) WITHOUT ROWID;
-- Keys the ballots in the notes store; deleted when the consultation closes.
CREATE TABLE vote_secrets (
    consultation TEXT NOT NULL PRIMARY KEY,
    secret       BLOB NOT NULL
) WITHOUT ROWID;
",
    "
-- The phase in which `room` was set: an explicit placement holds for that
-- phase only; afterwards the agenda decides.
ALTER TABLE accounts ADD COLUMN room_phase INTEGER;
",
    "
-- Registration: the attributes a participant registered with (name, email
-- and organisation stay on `accounts`), the organiser's organisation
-- aliases, and whether an assignment has run.
CREATE TABLE registrations (
    account         TEXT NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    consultation    TEXT NOT NULL,
    category        TEXT NOT NULL,              -- stakeholder category key
    gender          TEXT NOT NULL,              -- woman, man, non_binary, ...
    country         TEXT NOT NULL,              -- ISO 3166-1 alpha-2
    subregion       TEXT NOT NULL,              -- ESCAP subregion, from the country
    preferred_group TEXT,                       -- working-group slug
    accessibility   TEXT,
    org_key         TEXT NOT NULL,              -- normalised organisation, aliases applied
    email_key       TEXT NOT NULL,              -- trimmed, lowercased email
    consent         SMALLINT NOT NULL CHECK (consent = 1),
    UNIQUE (consultation, email_key)
) WITHOUT ROWID;
CREATE INDEX registrations_by_org ON registrations (consultation, org_key);
CREATE TABLE org_aliases (
    consultation TEXT NOT NULL,
    alias        TEXT NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (consultation, alias)
) WITHOUT ROWID;
CREATE TABLE assignment_runs (
    consultation TEXT NOT NULL PRIMARY KEY,
    seed         INTEGER NOT NULL
) WITHOUT ROWID;
",
];

mod registrations;

/// An account as read back. `Debug` hides personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// Random id.
    pub id: Uuid,
    /// Consultation slug; `None` for the server-wide organiser.
    pub consultation: Option<String>,
    /// Role.
    pub role: Role,
    /// Facilitator room or rapporteur group; `None` = unscoped.
    pub scope: Option<String>,
    /// Revoked links no longer authenticate.
    pub revoked: bool,
    /// Participant's current room.
    pub room: Option<String>,
    /// The phase in which `room` was set.
    pub room_phase: Option<u32>,
    /// Participant's assigned working group.
    pub group: Option<String>,
    /// Display name (personal data).
    pub name: Option<String>,
    /// Email (personal data).
    pub email: Option<String>,
    /// Organisation (personal data).
    pub organisation: Option<String>,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("role", &self.role)
            .field("scope", &self.scope)
            .field("revoked", &self.revoked)
            .finish_non_exhaustive()
    }
}

/// What is needed to create an account.
pub struct NewAccount {
    /// Consultation slug, `None` for the organiser.
    pub consultation: Option<String>,
    /// Role.
    pub role: Role,
    /// Scope (see [`Account::scope`]).
    pub scope: Option<String>,
    /// SHA-256 of the token.
    pub token_hash: [u8; 32],
    /// Initial room for a participant.
    pub room: Option<String>,
    /// The phase in which that room was chosen.
    pub room_phase: Option<u32>,
    /// Assigned working group (defaults to `room` when that is a group).
    pub group: Option<String>,
    /// Personal data, if any.
    pub name: Option<String>,
    /// Personal data, if any.
    pub email: Option<String>,
    /// Personal data, if any.
    pub organisation: Option<String>,
}

const COLUMNS: &str =
    "id, consultation, role, scope, revoked, room, grp, name, email, organisation, room_phase";

fn row_to_account(r: &Row<'_>) -> rusqlite::Result<Account> {
    let id: String = r.get(0)?;
    let role: String = r.get(2)?;
    Ok(Account {
        id: Uuid::parse_str(&id).unwrap_or_default(),
        consultation: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Participant),
        scope: r.get(3)?,
        revoked: r.get::<_, i64>(4)? != 0,
        room: r.get(5)?,
        group: r.get(6)?,
        name: r.get(7)?,
        email: r.get(8)?,
        organisation: r.get(9)?,
        room_phase: r.get(10)?,
    })
}

/// The SQLite identity store.
#[derive(Clone)]
pub struct SqliteIdentity {
    db: Db,
}

impl SqliteIdentity {
    /// Opens `dir/identity.db`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Ok(SqliteIdentity {
            db: Db::open(&dir.join("identity.db"), MIGRATIONS)?,
        })
    }

    /// The underlying database.
    pub fn db(&self) -> &Db {
        &self.db
    }
}

impl IdentityStore for SqliteIdentity {
    fn secret(&self) -> BoxFut<'_, [u8; 32]> {
        let fresh = random_bytes::<32>();
        Box::pin(self.db.write(move |c| {
            c.execute(
                "INSERT INTO server_secret (k, value) VALUES (1, ?1) ON CONFLICT DO NOTHING",
                [&fresh[..]],
            )?;
            let v: Vec<u8> =
                c.query_row("SELECT value FROM server_secret WHERE k = 1", [], |r| {
                    r.get(0)
                })?;
            let mut out = [0u8; 32];
            out.copy_from_slice(&v[..32.min(v.len())]);
            Ok(out)
        }))
    }

    fn create(&self, a: NewAccount) -> BoxFut<'_, Account> {
        Box::pin(self.db.write(move |c| {
            let id = Uuid::new_v4();
            c.execute(
                "INSERT INTO accounts (id, consultation, role, scope, token_hash, room, name, email, organisation, room_phase, grp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, COALESCE(?11, CASE WHEN ?6 = 'plenary' THEN NULL ELSE ?6 END))",
                params![
                    id.to_string(),
                    a.consultation,
                    a.role.as_str(),
                    a.scope,
                    &a.token_hash[..],
                    a.room,
                    a.name,
                    a.email,
                    a.organisation,
                    a.room_phase,
                    a.group
                ],
            )?;
            c.query_row(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"), [id.to_string()], row_to_account)
        }))
    }

    fn by_token_hash(&self, hash: [u8; 32]) -> BoxFut<'_, Option<Account>> {
        Box::pin(self.db.read(move |c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM accounts WHERE token_hash = ?1 AND revoked = 0"),
                [&hash[..]],
                row_to_account,
            )
            .optional()
        }))
    }

    fn get(&self, consultation: &str, id: Uuid) -> BoxFut<'_, Option<Account>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1 AND consultation = ?2"),
                params![id.to_string(), consultation],
                row_to_account,
            )
            .optional()
        }))
    }

    fn list(&self, consultation: &str) -> BoxFut<'_, Vec<Account>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM accounts WHERE consultation = ?1 ORDER BY role, id"
            ))?;
            stmt.query_map([consultation], row_to_account)?.collect()
        }))
    }

    fn has_organiser(&self) -> BoxFut<'_, bool> {
        Box::pin(self.db.read(|c| {
            c.query_row(
                "SELECT count(*) FROM accounts WHERE role = 'organiser' AND revoked = 0",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
        }))
    }

    fn revoke(&self, consultation: &str, id: Uuid) -> BoxFut<'_, bool> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let n = c.execute(
                "UPDATE accounts SET revoked = 1 WHERE id = ?1 AND consultation = ?2",
                params![id.to_string(), consultation],
            )?;
            Ok(n == 1)
        }))
    }

    fn set_room(&self, consultation: &str, id: Uuid, room: &str, phase: u32) -> BoxFut<'_, bool> {
        let consultation = consultation.to_owned();
        let room = room.to_owned();
        Box::pin(self.db.write(move |c| {
            let n = c.execute(
                "UPDATE accounts SET room = ?1, room_phase = ?4, grp = CASE WHEN ?1 = 'plenary' THEN grp ELSE ?1 END
                 WHERE id = ?2 AND consultation = ?3 AND role = 'participant'",
                params![room, id.to_string(), consultation, phase],
            )?;
            Ok(n == 1)
        }))
    }

    fn org_aliases(&self, consultation: &str) -> BoxFut<'_, Vec<(String, String)>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| {
            let exists: i64 = c.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'org_aliases'",
                [],
                |r| r.get(0),
            )?;
            if exists == 0 {
                return Ok(Vec::new());
            }
            let mut stmt =
                c.prepare("SELECT alias, name FROM org_aliases WHERE consultation = ?1")?;
            stmt.query_map([consultation], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        }))
    }

    fn load_meeting(&self, consultation: &str) -> BoxFut<'_, Option<String>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| {
            c.query_row(
                "SELECT state FROM meetings WHERE consultation = ?1",
                [consultation],
                |r| r.get(0),
            )
            .optional()
        }))
    }

    fn save_meeting(
        &self,
        consultation: &str,
        state: Box<dyn FnOnce() -> String + Send>,
    ) -> BoxFut<'_, ()> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            c.execute(
                "INSERT INTO meetings (consultation, state) VALUES (?1, ?2)
                 ON CONFLICT (consultation) DO UPDATE SET state = excluded.state",
                params![consultation, state()],
            )?;
            Ok(())
        }))
    }

    fn vote_secret(&self, consultation: &str) -> BoxFut<'_, [u8; 32]> {
        let consultation = consultation.to_owned();
        let fresh = random_bytes::<32>();
        Box::pin(self.db.write(move |c| {
            c.execute(
                "INSERT INTO vote_secrets (consultation, secret) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![consultation, &fresh[..]],
            )?;
            let v: Vec<u8> =
                c.query_row("SELECT secret FROM vote_secrets WHERE consultation = ?1", [consultation], |r| r.get(0))?;
            let mut out = [0u8; 32];
            out.copy_from_slice(&v[..32.min(v.len())]);
            Ok(out)
        }))
    }

    fn destroy_vote_secret(&self, consultation: &str) -> BoxFut<'_, ()> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            c.execute(
                "DELETE FROM vote_secrets WHERE consultation = ?1",
                [consultation],
            )?;
            Ok(())
        }))
    }

    fn register(&self, regs: Vec<NewRegistration>) -> BoxFut<'_, Vec<RegisterOutcome>> {
        Box::pin(self.db.write(move |c| registrations::register(c, regs)))
    }

    fn registrations(&self, consultation: &str) -> BoxFut<'_, Vec<Registration>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| registrations::list(c, &consultation)))
    }

    fn delete_registration(&self, consultation: &str, id: Uuid) -> BoxFut<'_, bool> {
        let consultation = consultation.to_owned();
        Box::pin(
            self.db
                .write(move |c| registrations::delete(c, &consultation, id)),
        )
    }

    fn set_aliases(
        &self,
        consultation: &str,
        aliases: Vec<(String, String)>,
        org_keys: Vec<(Uuid, String)>,
    ) -> BoxFut<'_, ()> {
        let consultation = consultation.to_owned();
        Box::pin(
            self.db
                .write(move |c| registrations::set_aliases(c, &consultation, aliases, org_keys)),
        )
    }

    fn set_groups(
        &self,
        consultation: &str,
        groups: Vec<(Uuid, String)>,
        run: Option<u64>,
    ) -> BoxFut<'_, usize> {
        let consultation = consultation.to_owned();
        Box::pin(
            self.db
                .write(move |c| registrations::set_groups(c, &consultation, groups, run)),
        )
    }

    fn assignment_run(&self, consultation: &str) -> BoxFut<'_, Option<u64>> {
        let consultation = consultation.to_owned();
        Box::pin(
            self.db
                .read(move |c| registrations::assignment_run(c, &consultation)),
        )
    }

    fn replace_tokens(&self, tokens: Vec<(Uuid, [u8; 32])>) -> BoxFut<'_, usize> {
        Box::pin(
            self.db
                .write(move |c| registrations::replace_tokens(c, tokens)),
        )
    }

    fn find_named(
        &self,
        consultation: Option<&str>,
        role: Role,
        name: &str,
    ) -> BoxFut<'_, Option<Account>> {
        let consultation = consultation.map(str::to_owned);
        let name = name.to_owned();
        Box::pin(self.db.read(move |c| {
            c.query_row(
                &format!(
                    "SELECT {COLUMNS} FROM accounts
                     WHERE consultation IS ?1 AND role = ?2 AND name = ?3 AND revoked = 0
                     ORDER BY id LIMIT 1"
                ),
                params![consultation, role.as_str(), name],
                row_to_account,
            )
            .optional()
        }))
    }

    fn purge(&self, consultation: &str) -> BoxFut<'_, PurgeReport> {
        let consultation = consultation.to_owned();
        Box::pin(async move {
            let report = self
                .db
                .write(move |c| registrations::purge(c, &consultation))
                .await?;
            // Deleted rows are zeroed (secure_delete) but the WAL may still
            // hold earlier page images and the file free pages: rebuild the
            // file, then fold the WAL back in and truncate it.
            registrations::vacuum(self.db.path()).await?;
            self.db.checkpoint().await?;
            Ok(report)
        })
    }

    fn check(&self) -> BoxFut<'_, ()> {
        Box::pin(
            self.db
                .read(|c| c.query_row("SELECT count(*) FROM accounts", [], |_| Ok(()))),
        )
    }

    fn flush(&self) -> BoxFut<'_, ()> {
        Box::pin(self.db.checkpoint())
    }
}

impl From<StoreError> for std::io::Error {
    fn from(e: StoreError) -> Self {
        std::io::Error::other(e.to_string())
    }
}
