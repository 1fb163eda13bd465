//! Importing registrations in bulk: the one function behind both
//! `roundtable import-registrations` and `POST …/registrations/import`.
//!
//! Every row goes through the same rules as a public registration, except
//! the deadline (the organiser may import after it). Rows are checked in
//! file order against what is stored and against the rows before them;
//! accepted rows are written in batches of [`BATCH`], one transaction each.
//! A row whose email is already registered with identical details is
//! `unchanged` and writes nothing, so re-importing a file changes nothing.

use roundtable_consultation::Consultation;
use serde::Serialize;
use uuid::Uuid;

use super::csv_file::{ParsedFile, ParsedRow};
use super::roster::{Roster, Verdict};
use super::rules::{self, Deadline, Registrant, RuleError};
use crate::access::Token;
use crate::storage::{IdentityStore, NewRegistration, RegisterOutcome, StoreError};

/// Rows written per transaction, and how often progress is reported.
pub const BATCH: usize = 500;

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Registered (or, in a dry run, would be).
    Accepted,
    /// Refused; see the reason.
    Rejected,
    /// Already registered with exactly these details: nothing written.
    Unchanged,
}

/// One row's outcome. Never holds what the row said.
#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    /// Record number, the header being row 1.
    pub row: usize,
    /// Line the record starts on.
    pub line: u64,
    /// Accepted, rejected or unchanged.
    pub outcome: Outcome,
    /// For a rejected row: the error code (`malformed_row` for a row that
    /// could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For a rejected row: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The participant's account id (accepted in a real run, or unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// The working group a late registrant was placed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The outcome of a whole import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// Nothing was written.
    pub dry_run: bool,
    /// One entry per row, header included when it is unusable.
    pub rows: Vec<RowReport>,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// Rows already registered identically.
    pub unchanged: usize,
    /// Header cells that map to no field, ignored.
    pub ignored_columns: Vec<String>,
}

impl ImportReport {
    fn push(&mut self, r: RowReport) {
        match r.outcome {
            Outcome::Accepted => self.accepted += 1,
            Outcome::Rejected => self.rejected += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
        self.rows.push(r);
    }

    /// Working groups given to late registrants: (account, group).
    pub fn placed(&self) -> Vec<(Uuid, String)> {
        self.rows
            .iter()
            .filter(|r| r.outcome == Outcome::Accepted)
            .filter_map(|r| Some((r.id?, r.group.clone()?)))
            .collect()
    }
}

fn rejected(row: usize, line: u64, code: &str, reason: String) -> RowReport {
    RowReport {
        row,
        line,
        outcome: Outcome::Rejected,
        code: Some(code.to_owned()),
        reason: Some(reason),
        id: None,
        group: None,
    }
}

fn refused(row: usize, line: u64, e: RuleError) -> RowReport {
    let code = serde_json::to_value(e.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    rejected(row, line, &code, e.to_string())
}

/// Imports a parsed file. `progress(done, total)` is called every
/// [`BATCH`] rows and once more for the last rows.
pub async fn import(
    store: &dyn IdentityStore,
    model: &Consultation,
    file: ParsedFile,
    dry_run: bool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport {
        dry_run,
        rows: Vec::new(),
        accepted: 0,
        rejected: 0,
        unchanged: 0,
        ignored_columns: file.ignored,
    };
    if let Some(e) = file.header_error {
        report.push(rejected(1, 1, "malformed_row", e));
        return Ok(report);
    }
    let stored = store.registrations(&model.slug).await?;
    let aliases = store.org_aliases(&model.slug).await?;
    let assigned = store.assignment_run(&model.slug).await?.is_some();
    let mut roster = Roster::new(model, &stored, &aliases, assigned);
    drop(stored);

    let total = file.rows.len();
    let mut pending: Vec<(RowReport, NewRegistration)> = Vec::new();
    for (done, ParsedRow { row, line, form }) in file.rows.into_iter().enumerate() {
        let checked = form
            .map_err(|e| rejected(row, line, "malformed_row", e))
            .and_then(|f| {
                rules::validate(model, &f, Deadline::Waived).map_err(|e| refused(row, line, e))
            });
        match checked {
            Err(r) => report.push(r),
            Ok(registrant) => match roster.check(&registrant) {
                Verdict::Refused(e) => report.push(refused(row, line, e)),
                Verdict::Unchanged(id) => report.push(RowReport {
                    row,
                    line,
                    outcome: Outcome::Unchanged,
                    code: None,
                    reason: None,
                    id: (!id.is_nil()).then_some(id),
                    group: None,
                }),
                Verdict::Accept { org_key } => {
                    let group = roster.place(&registrant, &org_key);
                    // In a dry run no account exists: a placeholder id
                    // keeps the roster's bookkeeping and is not reported.
                    roster.admit(Uuid::nil(), &registrant, &org_key, group.as_deref());
                    let accepted = RowReport {
                        row,
                        line,
                        outcome: Outcome::Accepted,
                        code: None,
                        reason: None,
                        id: None,
                        group: group.clone(),
                    };
                    if dry_run {
                        report.push(accepted);
                    } else {
                        let new =
                            new_registration(model, &registrant, org_key, group, roster.cap());
                        pending.push((accepted, new.0));
                    }
                }
            },
        }
        if pending.len() >= BATCH {
            write(store, &mut pending, &mut report, roster.cap()).await?;
        }
        if (done + 1).is_multiple_of(BATCH) {
            progress(done + 1, total);
        }
    }
    write(store, &mut pending, &mut report, roster.cap()).await?;
    report.rows.sort_by_key(|r| r.row);
    if !total.is_multiple_of(BATCH) {
        progress(total, total);
    }
    tracing::info!(
        accepted = report.accepted,
        rejected = report.rejected,
        unchanged = report.unchanged,
        dry_run,
        "registrations imported"
    );
    Ok(report)
}

/// Writes the pending rows in one transaction and reports them.
async fn write(
    store: &dyn IdentityStore,
    pending: &mut Vec<(RowReport, NewRegistration)>,
    report: &mut ImportReport,
    cap: u32,
) -> Result<(), StoreError> {
    if pending.is_empty() {
        return Ok(());
    }
    let (rows, regs): (Vec<RowReport>, Vec<NewRegistration>) = pending.drain(..).unzip();
    let outcomes = store.register(regs).await?;
    for (mut r, outcome) in rows.into_iter().zip(outcomes) {
        // The store re-checks atomically; it only disagrees with the
        // roster when a registration raced this import.
        let r = match outcome {
            RegisterOutcome::Created(account) => {
                r.id = Some(account.id);
                r
            }
            RegisterOutcome::DuplicateEmail => refused(r.row, r.line, RuleError::DuplicateEmail),
            RegisterOutcome::OrganisationFull => {
                refused(r.row, r.line, RuleError::OrganisationFull(cap))
            }
        };
        report.push(r);
    }
    Ok(())
}

/// A registration ready to store, with its fresh token.
pub fn new_registration(
    model: &Consultation,
    r: &Registrant,
    org_key: String,
    group: Option<String>,
    cap: u32,
) -> (NewRegistration, Token) {
    let token = Token::generate();
    let new = NewRegistration {
        consultation: model.slug.clone(),
        token_hash: token.hash(),
        name: r.name.clone(),
        email: r.email.clone(),
        organisation: r.organisation.clone(),
        category: r.category.clone(),
        gender: r.gender.as_str().to_owned(),
        country: r.country.to_owned(),
        subregion: r.subregion.as_str().to_owned(),
        preferred_group: r.preferred_group.clone(),
        accessibility: r.accessibility.clone(),
        org_key,
        email_key: r.email_key.clone(),
        group,
        per_organisation_cap: cap,
    };
    (new, token)
}
