//! The embedded notes store: `notes.db`.
//!
//! Every table is `WITHOUT ROWID` and keyed by a (pseudo-)random UUID v4 or
//! a keyed hash, so rows sit in the file in random order: no rowid,
//! autoincrement or insertion-ordered layout from which arrival order could
//! be recovered. The only time kept is the agenda phase.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{
    AuthorAction, BoxFut, Curation, Db, Inserted, NotesStore, ReportOutcome, StoreError, Summary,
    SummarySave, VoteOutcome,
};
use crate::anonymise::{Contribution, NewContribution};

/// Schema versions, applied in order. Never edit a released entry; add one.
const MIGRATIONS: &[&str] = &["
CREATE TABLE contributions (
    id           TEXT    NOT NULL PRIMARY KEY,  -- random UUID v4
    consultation TEXT    NOT NULL,              -- consultation slug
    room         TEXT    NOT NULL,              -- 'plenary' or a group slug
    objective    INTEGER NOT NULL,
    question     TEXT    NOT NULL,              -- review-question key
    body         TEXT    NOT NULL,              -- redacted text
    phase        INTEGER NOT NULL,              -- agenda phase index: the only time kept
    hidden       SMALLINT NOT NULL DEFAULT 0,   -- 0/1, set by moderation
    idem_hash    BLOB    NOT NULL UNIQUE,       -- keyed hash of the client's idempotency key
    edit_hash    BLOB    NOT NULL               -- SHA-256 of the author's edit key
) WITHOUT ROWID;
", "
ALTER TABLE contributions ADD COLUMN pending SMALLINT NOT NULL DEFAULT 0; -- collected, not yet revealed
ALTER TABLE contributions ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;  -- participant reports
-- One row per vote: a keyed hash of (voter, contribution) whose key lives on
-- the identity side and is destroyed when the consultation closes.
CREATE TABLE ballots (
    ballot       BLOB NOT NULL PRIMARY KEY,
    contribution TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ballots_by_contribution ON ballots (contribution);
", "
-- Rapporteur curation. The original text is never rewritten by curation.
ALTER TABLE contributions ADD COLUMN key_point SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE contributions ADD COLUMN merged_into TEXT;   -- id of the surviving item
ALTER TABLE contributions ADD COLUMN note TEXT;          -- rapporteur's clarifying note
-- Rapporteurs' running summary per working group and objective.
CREATE TABLE summaries (
    consultation TEXT    NOT NULL,
    grp          TEXT    NOT NULL,
    objective    INTEGER NOT NULL,
    body         TEXT    NOT NULL,
    version      INTEGER NOT NULL,   -- bumped on every save: stale saves are refused
    PRIMARY KEY (consultation, grp, objective)
) WITHOUT ROWID;
", "
-- Organisations the redactor left in as content, for the rapporteur to check.
ALTER TABLE contributions ADD COLUMN org_mentions INTEGER NOT NULL DEFAULT 0;
", "
-- One row per report, keyed like ballots: one person's report counts once.
CREATE TABLE report_ballots (
    ballot       BLOB NOT NULL PRIMARY KEY,
    contribution TEXT NOT NULL
) WITHOUT ROWID;
", "
-- The id is now a keyed hash of the idempotency key (see anonymise.rs), so
-- the primary key makes inserts idempotent and the idem_hash column with
-- its second random-keyed B-tree goes: half the pages written per post.
CREATE TABLE contributions_v6 (
    id           TEXT     NOT NULL PRIMARY KEY,  -- pseudo-random UUID v4
    consultation TEXT     NOT NULL,              -- consultation slug
    room         TEXT     NOT NULL,              -- 'plenary' or a group slug
    objective    INTEGER  NOT NULL,
    question     TEXT     NOT NULL,              -- review-question key
    body         TEXT     NOT NULL,              -- redacted text
    phase        INTEGER  NOT NULL,              -- agenda phase index: the only time kept
    hidden       SMALLINT NOT NULL DEFAULT 0,    -- 0/1, set by moderation
    edit_hash    BLOB     NOT NULL,              -- SHA-256 of the author's edit key
    pending      SMALLINT NOT NULL DEFAULT 0,    -- collected, not yet revealed
    reports      INTEGER  NOT NULL DEFAULT 0,    -- participant reports
    key_point    SMALLINT NOT NULL DEFAULT 0,
    merged_into  TEXT,                           -- id of the surviving item
    note         TEXT,                           -- rapporteur's clarifying note
    org_mentions INTEGER  NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO contributions_v6
    SELECT id, consultation, room, objective, question, body, phase, hidden, edit_hash,
           pending, reports, key_point, merged_into, note, org_mentions
    FROM contributions;
DROP TABLE contributions;
ALTER TABLE contributions_v6 RENAME TO contributions;
"];

/// A contribution as stored, with its moderation state.
#[derive(Debug, Clone)]
pub struct StoredContribution {
    /// The unattributed contribution.
    pub contribution: Contribution,
    /// Hidden by moderation.
    pub hidden: bool,
    /// Collected, not yet revealed.
    pub pending: bool,
    /// Reports received.
    pub reports: u32,
}

/// The SQLite notes store.
#[derive(Clone)]
pub struct SqliteNotes {
    db: Db,
}

impl SqliteNotes {
    /// Opens `dir/notes.db`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Ok(SqliteNotes {
            db: Db::open(&dir.join("notes.db"), MIGRATIONS)?,
        })
    }

    /// The underlying database (for tests and the audit).
    pub fn db(&self) -> &Db {
        &self.db
    }
}

fn row_to_stored(r: &Row<'_>) -> rusqlite::Result<StoredContribution> {
    let id: String = r.get(0)?;
    Ok(StoredContribution {
        contribution: Contribution {
            id: Uuid::parse_str(&id).unwrap_or_default(),
            room: r.get(1)?,
            objective: r.get(2)?,
            question: r.get(3)?,
            text: r.get(4)?,
            phase: r.get(5)?,
            votes: r.get(9)?,
            key_point: r.get::<_, i64>(10)? != 0,
            merged_into: r
                .get::<_, Option<String>>(11)?
                .and_then(|m| Uuid::parse_str(&m).ok()),
            note: r.get(12)?,
            org_mentions: r.get(13)?,
        },
        hidden: r.get::<_, i64>(6)? != 0,
        pending: r.get::<_, i64>(7)? != 0,
        reports: r.get(8)?,
    })
}

fn author_check(
    c: &Connection,
    consultation: &str,
    id: Uuid,
    edit_hash: &[u8; 32],
) -> rusqlite::Result<AuthorAction> {
    let stored: Option<Vec<u8>> = c
        .query_row(
            "SELECT edit_hash FROM contributions WHERE id = ?1 AND consultation = ?2",
            params![id.to_string(), consultation],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match stored {
        None => AuthorAction::NotFound,
        Some(h) if constant_time_eq(&h, edit_hash) => AuthorAction::Done,
        Some(_) => AuthorAction::WrongKey,
    })
}

/// True when the consultation holds the contribution.
fn exists(c: &Connection, consultation: &str, id: Uuid) -> rusqlite::Result<bool> {
    c.query_row(
        "SELECT 1 FROM contributions WHERE id = ?1 AND consultation = ?2",
        params![id.to_string(), consultation],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl NotesStore for SqliteNotes {
    fn insert(&self, new: NewContribution) -> BoxFut<'_, Inserted> {
        Box::pin(self.db.write(move |c| {
            let k = new.contribution();
            // The id is a keyed hash of the idempotency key: a retried post
            // has the same id, and the primary key keeps it stored once.
            let n = c
                .prepare_cached(
                    "INSERT INTO contributions (id, consultation, room, objective, question, body, phase, edit_hash, pending, org_mentions)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (id) DO NOTHING",
                )?
                .execute(params![
                    k.id.to_string(),
                    new.consultation(),
                    k.room,
                    k.objective,
                    k.question,
                    k.text,
                    k.phase,
                    &new.edit_hash()[..],
                    new.pending() as i64,
                    k.org_mentions
                ])?;
            Ok(if n == 1 {
                Inserted::New
            } else {
                Inserted::Existing(k.id)
            })
        }))
    }

    fn load(&self, consultation: &str) -> BoxFut<'_, Vec<StoredContribution>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| {
            let mut stmt = c.prepare(
                "SELECT id, room, objective, question, body, phase, hidden, pending, reports,
                        (SELECT count(*) FROM ballots b WHERE b.contribution = c.id),
                        key_point, merged_into, note, org_mentions
                 FROM contributions c WHERE consultation = ?1 ORDER BY id",
            )?;
            stmt.query_map([consultation], row_to_stored)?.collect()
        }))
    }

    fn set_hidden(&self, consultation: &str, id: Uuid, hidden: bool) -> BoxFut<'_, bool> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let n = c.execute(
                "UPDATE contributions SET hidden = ?1, reports = CASE WHEN ?1 = 0 THEN 0 ELSE reports END
                 WHERE id = ?2 AND consultation = ?3",
                params![hidden as i64, id.to_string(), consultation],
            )?;
            Ok(n == 1)
        }))
    }

    fn edit(
        &self,
        consultation: &str,
        id: Uuid,
        edit_hash: [u8; 32],
        text: String,
        org_mentions: u32,
    ) -> BoxFut<'_, AuthorAction> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let verdict = author_check(c, &consultation, id, &edit_hash)?;
            if verdict == AuthorAction::Done {
                c.execute(
                    "UPDATE contributions SET body = ?1, org_mentions = ?2 WHERE id = ?3",
                    params![text, org_mentions, id.to_string()],
                )?;
            }
            Ok(verdict)
        }))
    }

    fn retract(
        &self,
        consultation: &str,
        id: Uuid,
        edit_hash: [u8; 32],
    ) -> BoxFut<'_, AuthorAction> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let verdict = author_check(c, &consultation, id, &edit_hash)?;
            if verdict == AuthorAction::Done {
                c.execute("DELETE FROM contributions WHERE id = ?1", [id.to_string()])?;
                c.execute(
                    "DELETE FROM ballots WHERE contribution = ?1",
                    [id.to_string()],
                )?;
                c.execute(
                    "DELETE FROM report_ballots WHERE contribution = ?1",
                    [id.to_string()],
                )?;
            }
            Ok(verdict)
        }))
    }

    fn delete_hidden(&self, consultation: &str, id: Uuid) -> BoxFut<'_, bool> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let n = c.execute(
                "DELETE FROM contributions WHERE id = ?1 AND consultation = ?2 AND hidden = 1",
                params![id.to_string(), consultation],
            )?;
            c.execute(
                "DELETE FROM ballots WHERE contribution = ?1",
                [id.to_string()],
            )?;
            c.execute(
                "UPDATE contributions SET merged_into = NULL WHERE merged_into = ?1",
                [id.to_string()],
            )?;
            Ok(n == 1)
        }))
    }

    fn vote(
        &self,
        consultation: &str,
        id: Uuid,
        ballot: [u8; 32],
        up: bool,
    ) -> BoxFut<'_, VoteOutcome> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            if !exists(c, &consultation, id)? {
                return Ok(VoteOutcome::NotFound);
            }
            let changed = if up {
                c.execute(
                    "INSERT INTO ballots (ballot, contribution) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    params![&ballot[..], id.to_string()],
                )?
            } else {
                c.execute("DELETE FROM ballots WHERE ballot = ?1 AND contribution = ?2", params![&ballot[..], id.to_string()])?
            };
            let votes: u32 =
                c.query_row("SELECT count(*) FROM ballots WHERE contribution = ?1", [id.to_string()], |r| r.get(0))?;
            Ok(if changed == 1 { VoteOutcome::Counted(votes) } else { VoteOutcome::Unchanged(votes) })
        }))
    }

    fn report(
        &self,
        consultation: &str,
        id: Uuid,
        ballot: [u8; 32],
        threshold: u32,
    ) -> BoxFut<'_, ReportOutcome> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            if !exists(c, &consultation, id)? {
                return Ok(ReportOutcome::NotFound);
            }
            let fresh = c.execute(
                "INSERT INTO report_ballots (ballot, contribution) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![&ballot[..], id.to_string()],
            )?;
            if fresh == 0 {
                return Ok(ReportOutcome::AlreadyReported);
            }
            let n = c.execute(
                "UPDATE contributions SET reports = reports + 1,
                        hidden = CASE WHEN reports + 1 >= ?3 THEN 1 ELSE hidden END
                 WHERE id = ?1 AND consultation = ?2",
                params![id.to_string(), consultation, threshold],
            )?;
            if n == 0 {
                return Ok(ReportOutcome::NotFound);
            }
            c.query_row(
                "SELECT reports, hidden FROM contributions WHERE id = ?1",
                [id.to_string()],
                |r| Ok(ReportOutcome::Counted(r.get(0)?, r.get::<_, i64>(1)? != 0)),
            )
        }))
    }

    fn reveal(&self, consultation: &str, room: &str) -> BoxFut<'_, usize> {
        let (consultation, room) = (consultation.to_owned(), room.to_owned());
        Box::pin(self.db.write(move |c| {
            c.execute(
                "UPDATE contributions SET pending = 0 WHERE consultation = ?1 AND room = ?2 AND pending = 1",
                params![consultation, room],
            )
        }))
    }

    fn curate(&self, consultation: &str, id: Uuid, change: Curation) -> BoxFut<'_, bool> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let id_s = id.to_string();
            let n = match change {
                Curation::KeyPoint(on) => c.execute(
                    "UPDATE contributions SET key_point = ?1 WHERE id = ?2 AND consultation = ?3",
                    params![on as i64, id_s, consultation],
                )?,
                Curation::MergeInto(into) => {
                    let into = into.map(|u| u.to_string());
                    // Items merged into this one follow it to the survivor.
                    if let Some(target) = &into {
                        c.execute(
                            "UPDATE contributions SET merged_into = ?1 WHERE merged_into = ?2 AND consultation = ?3",
                            params![target, id_s, consultation],
                        )?;
                    }
                    c.execute(
                        "UPDATE contributions SET merged_into = ?1 WHERE id = ?2 AND consultation = ?3",
                        params![into, id_s, consultation],
                    )?
                }
                Curation::Reassign { objective, question } => c.execute(
                    "UPDATE contributions SET objective = ?1, question = ?2 WHERE id = ?3 AND consultation = ?4",
                    params![objective, question, id_s, consultation],
                )?,
                Curation::Note(note) => c.execute(
                    "UPDATE contributions SET note = ?1 WHERE id = ?2 AND consultation = ?3",
                    params![note, id_s, consultation],
                )?,
            };
            Ok(n == 1)
        }))
    }

    fn summaries(&self, consultation: &str) -> BoxFut<'_, Vec<Summary>> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.read(move |c| {
            let mut stmt = c.prepare(
                "SELECT grp, objective, body, version FROM summaries WHERE consultation = ?1 ORDER BY grp, objective",
            )?;
            stmt.query_map([consultation], |r| {
                Ok(Summary { group: r.get(0)?, objective: r.get(1)?, text: r.get(2)?, version: r.get(3)? })
            })?
            .collect()
        }))
    }

    fn save_summary(&self, consultation: &str, s: Summary) -> BoxFut<'_, SummarySave> {
        let consultation = consultation.to_owned();
        Box::pin(self.db.write(move |c| {
            let current: Option<(String, u64)> = c
                .query_row(
                    "SELECT body, version FROM summaries WHERE consultation = ?1 AND grp = ?2 AND objective = ?3",
                    params![consultation, s.group, s.objective],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let have = current.as_ref().map_or(0, |(_, v)| *v);
            if have != s.version {
                let (text, version) = current.unwrap_or_default();
                return Ok(SummarySave::Stale { text, version });
            }
            let version = have + 1;
            c.execute(
                "INSERT INTO summaries (consultation, grp, objective, body, version) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (consultation, grp, objective) DO UPDATE SET body = excluded.body, version = excluded.version",
                params![consultation, s.group, s.objective, s.text, version],
            )?;
            Ok(SummarySave::Saved(version))
        }))
    }

    fn check(&self) -> BoxFut<'_, ()> {
        Box::pin(
            self.db
                .read(|c| c.query_row("SELECT count(*) FROM contributions", [], |_| Ok(()))),
        )
    }

    fn flush(&self) -> BoxFut<'_, ()> {
        Box::pin(self.db.checkpoint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anonymise::{Anonymiser, test_draft as draft};

    #[tokio::test]
    async fn a_retried_post_is_stored_once_under_the_same_id() {
        let dir = tempfile::tempdir().unwrap();
        let notes = SqliteNotes::open(dir.path()).unwrap();
        let a = Anonymiser::new([5; 32]);
        let (first, _) = a.anonymise(draft("key-0001"));
        let id = first.contribution().id;
        assert!(matches!(notes.insert(first).await.unwrap(), Inserted::New));
        let (retry, _) = a.anonymise(draft("key-0001"));
        match notes.insert(retry).await.unwrap() {
            Inserted::Existing(existing) => assert_eq!(existing, id),
            Inserted::New => panic!("a retry was stored twice"),
        }
        let (other, _) = a.anonymise(draft("key-0002"));
        assert!(matches!(notes.insert(other).await.unwrap(), Inserted::New));
        assert_eq!(notes.load("c").await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn upgrading_from_schema_5_keeps_every_contribution_and_drops_idem_hash() {
        let dir = tempfile::tempdir().unwrap();
        {
            let conn = Connection::open(dir.path().join("notes.db")).unwrap();
            for sql in &MIGRATIONS[..5] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch("PRAGMA user_version = 5").unwrap();
            conn.execute(
                "INSERT INTO contributions (id, consultation, room, objective, question, body, phase, hidden, idem_hash, edit_hash, pending, reports, key_point, note, org_mentions)
                 VALUES ('6f1c1c1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f', 'c', 'wg1', 2, 'gaps', 'Old text', 3, 1, x'01', x'02', 0, 2, 1, 'a note', 1)",
                [],
            )
            .unwrap();
        }
        let notes = SqliteNotes::open(dir.path()).unwrap();
        let all = notes.load("c").await.unwrap();
        assert_eq!(all.len(), 1);
        let old = &all[0];
        assert_eq!(
            old.contribution.id.to_string(),
            "6f1c1c1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"
        );
        assert_eq!(old.contribution.text, "Old text");
        assert_eq!((old.contribution.objective, old.contribution.phase), (2, 3));
        assert!(old.hidden && old.contribution.key_point);
        assert_eq!(old.reports, 2);
        assert_eq!(old.contribution.note.as_deref(), Some("a note"));
        assert_eq!(old.contribution.org_mentions, 1);
        let columns: Vec<String> = notes
            .db()
            .read(|c| {
                c.prepare("SELECT name FROM pragma_table_info('contributions')")?
                    .query_map([], |r| r.get(0))?
                    .collect()
            })
            .await
            .unwrap();
        assert!(!columns.iter().any(|c| c == "idem_hash"), "{columns:?}");
        let (new, _) = Anonymiser::new([5; 32]).anonymise(draft("key-0003"));
        assert!(matches!(notes.insert(new).await.unwrap(), Inserted::New));
        assert_eq!(notes.load("c").await.unwrap().len(), 2);
    }
}
