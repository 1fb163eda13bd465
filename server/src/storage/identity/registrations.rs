//! The registration tables of `identity.db`: `registrations`,
//! `org_aliases` and `assignment_runs` (schema in the parent's
//! migrations). Plain functions on a connection; the parent wraps them in
//! the writer thread or the read connection.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{COLUMNS, row_to_account};
use crate::storage::{NewRegistration, PurgeReport, RegisterOutcome, Registration, StoreError};

/// The account columns, prefixed for a join, in `row_to_account`'s order.
fn account_columns() -> String {
    COLUMNS
        .split(',')
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks and inserts each registration; see
/// [`crate::storage::IdentityStore::register`].
pub(super) fn register(
    c: &Connection,
    regs: Vec<NewRegistration>,
) -> rusqlite::Result<Vec<RegisterOutcome>> {
    let mut out = Vec::with_capacity(regs.len());
    for r in regs {
        let taken: i64 = c.query_row(
            "SELECT count(*) FROM registrations WHERE consultation = ?1 AND email_key = ?2",
            params![r.consultation, r.email_key],
            |row| row.get(0),
        )?;
        if taken > 0 {
            out.push(RegisterOutcome::DuplicateEmail);
            continue;
        }
        let same_org: i64 = c.query_row(
            "SELECT count(*) FROM registrations WHERE consultation = ?1 AND org_key = ?2",
            params![r.consultation, r.org_key],
            |row| row.get(0),
        )?;
        if same_org >= i64::from(r.per_organisation_cap) {
            out.push(RegisterOutcome::OrganisationFull);
            continue;
        }
        let id = Uuid::new_v4().to_string();
        c.execute(
            "INSERT INTO accounts (id, consultation, role, token_hash, grp, name, email, organisation)
             VALUES (?1, ?2, 'participant', ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                r.consultation,
                &r.token_hash[..],
                r.group,
                r.name,
                r.email,
                r.organisation
            ],
        )?;
        c.execute(
            "INSERT INTO registrations (account, consultation, category, gender, country, subregion,
                                        preferred_group, accessibility, org_key, email_key, consent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
            params![
                id,
                r.consultation,
                r.category,
                r.gender,
                r.country,
                r.subregion,
                r.preferred_group,
                r.accessibility,
                r.org_key,
                r.email_key
            ],
        )?;
        let account = c.query_row(
            &format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"),
            [&id],
            row_to_account,
        )?;
        out.push(RegisterOutcome::Created(account));
    }
    Ok(out)
}

/// Every registration of a consultation, by account id.
pub(super) fn list(c: &Connection, consultation: &str) -> rusqlite::Result<Vec<Registration>> {
    let mut stmt = c.prepare(&format!(
        "SELECT {}, r.category, r.gender, r.country, r.subregion, r.preferred_group,
                r.accessibility, r.org_key, r.email_key
         FROM registrations r JOIN accounts a ON a.id = r.account
         WHERE r.consultation = ?1 ORDER BY a.id",
        account_columns()
    ))?;
    let base = COLUMNS.split(',').count();
    stmt.query_map([consultation], |row| {
        Ok(Registration {
            account: row_to_account(row)?,
            category: row.get(base)?,
            gender: row.get(base + 1)?,
            country: row.get(base + 2)?,
            subregion: row.get(base + 3)?,
            preferred_group: row.get(base + 4)?,
            accessibility: row.get(base + 5)?,
            org_key: row.get(base + 6)?,
            email_key: row.get(base + 7)?,
        })
    })?
    .collect()
}

/// Deletes one registrant's account (the registration row goes with it).
pub(super) fn delete(c: &Connection, consultation: &str, id: Uuid) -> rusqlite::Result<bool> {
    let id = id.to_string();
    let n = c.execute(
        "DELETE FROM registrations WHERE account = ?1 AND consultation = ?2",
        params![id, consultation],
    )?;
    if n == 0 {
        return Ok(false);
    }
    c.execute(
        "DELETE FROM accounts WHERE id = ?1 AND consultation = ?2 AND role = 'participant'",
        params![id, consultation],
    )?;
    Ok(true)
}

/// Replaces the aliases and the organisation keys.
pub(super) fn set_aliases(
    c: &Connection,
    consultation: &str,
    aliases: Vec<(String, String)>,
    org_keys: Vec<(Uuid, String)>,
) -> rusqlite::Result<()> {
    c.execute(
        "DELETE FROM org_aliases WHERE consultation = ?1",
        [consultation],
    )?;
    let mut insert =
        c.prepare("INSERT INTO org_aliases (consultation, alias, name) VALUES (?1, ?2, ?3)")?;
    for (alias, name) in aliases {
        insert.execute(params![consultation, alias, name])?;
    }
    let mut update = c.prepare(
        "UPDATE registrations SET org_key = ?1 WHERE account = ?2 AND consultation = ?3",
    )?;
    for (id, key) in org_keys {
        update.execute(params![key, id.to_string(), consultation])?;
    }
    Ok(())
}

/// Sets working groups and, with `run`, records the assignment.
pub(super) fn set_groups(
    c: &Connection,
    consultation: &str,
    groups: Vec<(Uuid, String)>,
    run: Option<u64>,
) -> rusqlite::Result<usize> {
    let mut update = c.prepare(
        "UPDATE accounts SET grp = ?1
         WHERE id = ?2 AND consultation = ?3 AND role = 'participant' AND grp IS NOT ?1",
    )?;
    let mut changed = 0;
    for (id, group) in groups {
        changed += update.execute(params![group, id.to_string(), consultation])?;
    }
    if let Some(seed) = run {
        c.execute(
            "INSERT INTO assignment_runs (consultation, seed) VALUES (?1, ?2)
             ON CONFLICT (consultation) DO UPDATE SET seed = excluded.seed",
            // SQLite integers are signed: the seed's bits are kept as they are.
            params![consultation, seed as i64],
        )?;
    }
    Ok(changed)
}

/// The recorded assignment's seed.
pub(super) fn assignment_run(c: &Connection, consultation: &str) -> rusqlite::Result<Option<u64>> {
    c.query_row(
        "SELECT seed FROM assignment_runs WHERE consultation = ?1",
        [consultation],
        |r| r.get::<_, i64>(0).map(|s| s as u64),
    )
    .optional()
}

/// New token hashes for live accounts.
pub(super) fn replace_tokens(
    c: &Connection,
    tokens: Vec<(Uuid, [u8; 32])>,
) -> rusqlite::Result<usize> {
    let mut update =
        c.prepare("UPDATE accounts SET token_hash = ?1 WHERE id = ?2 AND revoked = 0")?;
    let mut changed = 0;
    for (id, hash) in tokens {
        changed += update.execute(params![&hash[..], id.to_string()])?;
    }
    Ok(changed)
}

/// Deletes every registrant's personal data and token in a consultation.
pub(super) fn purge(c: &Connection, consultation: &str) -> rusqlite::Result<PurgeReport> {
    let registrations = c.execute(
        "DELETE FROM registrations WHERE consultation = ?1",
        [consultation],
    )?;
    let aliases = c.execute(
        "DELETE FROM org_aliases WHERE consultation = ?1",
        [consultation],
    )?;
    c.execute(
        "DELETE FROM assignment_runs WHERE consultation = ?1",
        [consultation],
    )?;
    let participants = c.execute(
        "DELETE FROM accounts WHERE consultation = ?1 AND role = 'participant'",
        [consultation],
    )?;
    let staff_cleared = c.execute(
        "UPDATE accounts SET name = NULL, email = NULL, organisation = NULL
         WHERE consultation = ?1
           AND (name IS NOT NULL OR email IS NOT NULL OR organisation IS NOT NULL)",
        [consultation],
    )?;
    // Broadcasts are free text a facilitator typed; they go with the rest.
    c.execute(
        "UPDATE meetings SET state = json_set(state, '$.broadcasts', json('[]'))
         WHERE consultation = ?1",
        [consultation],
    )?;
    Ok(PurgeReport {
        registrations,
        participants,
        staff_cleared,
        aliases,
    })
}

/// Rebuilds the database file so no deleted content survives in free
/// pages. Runs on its own connection: `VACUUM` cannot run inside the
/// writer's transactions.
pub(super) async fn vacuum(path: &Path) -> Result<(), StoreError> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || -> Result<(), StoreError> {
        let conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute_batch("PRAGMA secure_delete = ON; VACUUM;")?;
        Ok(())
    })
    .await
    .map_err(|e| StoreError::Io(e.to_string()))?
}
