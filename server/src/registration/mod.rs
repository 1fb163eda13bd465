//! Registration and working-group assignment (docs/registration.md).
//!
//! The flow, in the order a consultation meets it:
//!
//! - [`rules`]: the pure rules a registration must pass (deadline in the
//!   consultation's zone, required fields, consent), with the clock passed
//!   in;
//! - [`roster`]: the rules that depend on earlier registrations (one per
//!   email, at most N per organisation after name normalisation and
//!   aliases) and where a late registrant goes;
//! - [`csv_file`] and [`import`]: bulk import from a form tool's CSV, one
//!   function behind both the CLI and the API;
//! - [`assign`]: the balanced assignment, its balance report, and the
//!   organiser's overrides;
//! - [`links`]: re-issued personal links as a mail-merge CSV, the
//!   registrant export, organisation aliases;
//! - [`demo`]: `roundtable serve --demo`;
//! - [`http`]: the endpoints.
//!
//! Everything personal stays in the identity store. Nothing here reads or
//! writes the notes store, and log lines carry counts and codes only.

pub mod assign;
pub mod csv_file;
pub mod demo;
pub mod http;
pub mod import;
pub mod links;
pub mod roster;
pub mod rules;

use roundtable_consultation::Consultation;
use roundtable_registration::AssignError;
use uuid::Uuid;

use crate::access::Token;
use crate::error::{ClientError, ErrorCode};
use crate::live::{Control, Live};
use crate::meeting::{PhaseKind, phase_kind};
use crate::storage::{Account, IdentityStore, PurgeReport, RegisterOutcome, StoreError};

pub use http::routes;
use roster::{Roster, Verdict};
use rules::{Registrant, RuleError};

/// Why a registration operation failed.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    /// A registration rule was broken.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// The identity store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No assignment is possible (e.g. capacities too small).
    #[error(transparent)]
    Assign(#[from] AssignError),
    /// A request field is invalid.
    #[error("{field}: {why}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        why: String,
    },
    /// The thing named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
}

impl From<RegistrationError> for ClientError {
    fn from(e: RegistrationError) -> Self {
        match e {
            RegistrationError::Rule(r) => r.into(),
            RegistrationError::Store(s) => ClientError::internal(s),
            RegistrationError::Assign(a) => ClientError::new(ErrorCode::Conflict, a.to_string()),
            RegistrationError::Invalid { field, why } => ClientError::invalid(field, why),
            RegistrationError::NotFound(m) => ClientError::not_found(m),
            RegistrationError::Conflict(m) => ClientError::new(ErrorCode::Conflict, m),
        }
    }
}

/// A registration that was stored.
pub struct Registered {
    /// The new participant account.
    pub account: Account,
    /// Its token: shown once, in the registrant's link.
    pub token: Token,
    /// The working group, when an assignment had already run.
    pub group: Option<String>,
}

/// Registers one validated registrant: checks the email and organisation
/// rules against the stored registrations, places a late registrant when
/// an assignment has run, and stores the account with a fresh token.
pub async fn register(
    store: &dyn IdentityStore,
    model: &Consultation,
    registrant: &Registrant,
) -> Result<Registered, RegistrationError> {
    let stored = store.registrations(&model.slug).await?;
    let aliases = store.org_aliases(&model.slug).await?;
    let assigned = store.assignment_run(&model.slug).await?.is_some();
    let roster = Roster::new(model, &stored, &aliases, assigned);
    let org_key = match roster.check(registrant) {
        Verdict::Accept { org_key } => org_key,
        // Registering again, even identically, cannot hand out the link
        // again: that is what the organiser's re-issue is for.
        Verdict::Unchanged(_) => return Err(RuleError::DuplicateEmail.into()),
        Verdict::Refused(e) => return Err(e.into()),
    };
    let group = roster.place(registrant, &org_key);
    let (new, token) =
        import::new_registration(model, registrant, org_key, group.clone(), roster.cap());
    let outcome = store.register(vec![new]).await?.pop();
    match outcome {
        Some(RegisterOutcome::Created(account)) => {
            tracing::info!(placed = group.is_some(), "registration accepted");
            Ok(Registered {
                account,
                token,
                group,
            })
        }
        Some(RegisterOutcome::DuplicateEmail) => Err(RuleError::DuplicateEmail.into()),
        Some(RegisterOutcome::OrganisationFull) => {
            Err(RuleError::OrganisationFull(roster.cap()).into())
        }
        None => Err(StoreError::Closed.into()),
    }
}

/// Deletes every registrant's personal data and token in a consultation
/// (see [`IdentityStore::purge`]). The notes store is not touched.
pub async fn purge(
    store: &dyn IdentityStore,
    consultation: &str,
) -> Result<PurgeReport, StoreError> {
    let report = store.purge(consultation).await?;
    tracing::info!(
        registrations = report.registrations,
        participants = report.participants,
        "personal data purged"
    );
    Ok(report)
}

/// Tells a running consultation about new working groups: the next phase
/// change routes these participants there. During the working-group phase
/// they move now, and the placement is stored for this phase so that a
/// reconnect lands there too (it overrides an earlier move in this phase).
pub async fn apply_groups(live: &Live, groups: &[(Uuid, String)]) -> Result<(), StoreError> {
    let phase = live.phase();
    let now = phase_kind(&live.model, phase) == PhaseKind::WorkingGroups;
    if now {
        // Concurrent writes share the store's group commit.
        let store = &live.stores.identity;
        let writes = groups
            .iter()
            .map(|(id, group)| store.set_room(live.slug(), *id, group, phase));
        for written in futures_util::future::join_all(writes).await {
            written?;
        }
    }
    for (id, group) in groups {
        live.groups.insert(*id, group.clone());
        if now {
            live.tell(*id, Control::MoveTo(group.clone()));
        }
    }
    Ok(())
}

/// A random seed, for an assignment run without one.
pub fn random_seed() -> u64 {
    u64::from_le_bytes(crate::access::random_bytes::<8>())
}
