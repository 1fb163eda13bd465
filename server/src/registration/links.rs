//! What the organiser hands out and declares: personal links (re-issued,
//! because tokens are stored only as hashes), mail-merge and registrant
//! CSVs, and organisation aliases.

use std::borrow::Cow;

use roundtable_consultation::Consultation;
use roundtable_registration::fields::clean_text;
use roundtable_registration::{OrgAliases, normalise};
use serde::Serialize;
use uuid::Uuid;

use super::RegistrationError;
use super::rules::ORGANISATION_MAX;
use crate::access::Token;
use crate::storage::{IdentityStore, Registration};

/// One line of the mail-merge CSV. `Debug` is not derived: it holds a link.
#[derive(Serialize)]
pub struct LinkRow {
    /// Account id.
    pub id: Uuid,
    /// Registrant's name.
    pub name: String,
    /// Registrant's email.
    pub email: String,
    /// Working group, if assigned.
    pub group: Option<String>,
    /// The new personal link.
    pub link: String,
}

/// Issues new tokens to every live registrant (or those in `ids`); their
/// old links stop working at once. `link` turns a token into a link.
pub async fn reissue(
    store: &dyn IdentityStore,
    model: &Consultation,
    ids: Option<&[Uuid]>,
    link: impl Fn(&Token) -> String,
) -> Result<Vec<LinkRow>, RegistrationError> {
    let live: Vec<Registration> = store
        .registrations(&model.slug)
        .await?
        .into_iter()
        .filter(|r| !r.account.revoked)
        .collect();
    let chosen: Vec<&Registration> = match ids {
        None => live.iter().collect(),
        Some(ids) => {
            let found: Vec<&Registration> = live
                .iter()
                .filter(|r| ids.contains(&r.account.id))
                .collect();
            if found.len() != ids.len() {
                return Err(RegistrationError::NotFound(format!(
                    "{} of the {} ids are not live registrants of this consultation",
                    ids.len() - found.len(),
                    ids.len()
                )));
            }
            found
        }
    };
    let mut tokens = Vec::with_capacity(chosen.len());
    let mut rows = Vec::with_capacity(chosen.len());
    for r in chosen {
        let token = Token::generate();
        tokens.push((r.account.id, token.hash()));
        rows.push(LinkRow {
            id: r.account.id,
            name: r.account.name.clone().unwrap_or_default(),
            email: r.account.email.clone().unwrap_or_default(),
            group: r.account.group.clone(),
            link: link(&token),
        });
    }
    store.replace_tokens(tokens).await?;
    tracing::info!(links = rows.len(), "links reissued");
    Ok(rows)
}

/// A spreadsheet cannot take a cell for a formula: cells starting with
/// `=`, `+`, `-`, `@`, tab or carriage return get a leading apostrophe.
fn cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn csv_text(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| cell(c).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The mail-merge CSV: `name,email,group,link`.
pub fn links_csv(rows: &[LinkRow]) -> String {
    csv_text(
        &["name", "email", "group", "link"],
        rows.iter().map(|r| {
            vec![
                r.name.clone(),
                r.email.clone(),
                r.group.clone().unwrap_or_default(),
                r.link.clone(),
            ]
        }),
    )
}

/// The registrant export: every registration, read from the identity
/// store only.
pub fn registrations_csv(regs: &[Registration]) -> String {
    csv_text(
        &[
            "id",
            "name",
            "email",
            "organisation",
            "category",
            "gender",
            "country",
            "subregion",
            "preferred_group",
            "group",
            "accessibility",
            "revoked",
        ],
        regs.iter().map(|r| {
            let a = &r.account;
            vec![
                a.id.to_string(),
                a.name.clone().unwrap_or_default(),
                a.email.clone().unwrap_or_default(),
                a.organisation.clone().unwrap_or_default(),
                r.category.clone(),
                r.gender.clone(),
                r.country.clone(),
                r.subregion.clone(),
                r.preferred_group.clone().unwrap_or_default(),
                a.group.clone().unwrap_or_default(),
                r.accessibility.clone().unwrap_or_default(),
                a.revoked.to_string(),
            ]
        }),
    )
}

/// An organisation alias as the API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Alias {
    /// The alias, typically an acronym ("MFA").
    pub alias: String,
    /// The full name ("Migrant Forum in Asia").
    pub name: String,
}

/// The declared aliases.
pub async fn aliases(
    store: &dyn IdentityStore,
    model: &Consultation,
) -> Result<Vec<Alias>, RegistrationError> {
    let mut all: Vec<Alias> = store
        .org_aliases(&model.slug)
        .await?
        .into_iter()
        .map(|(alias, name)| Alias { alias, name })
        .collect();
    all.sort_by(|a, b| a.alias.cmp(&b.alias));
    Ok(all)
}

fn alias_text(field: &'static str, v: &str) -> Result<String, RegistrationError> {
    let t = clean_text(field, v, ORGANISATION_MAX).map_err(|e| RegistrationError::Invalid {
        field,
        why: e.to_string(),
    })?;
    if normalise(&t).is_empty() {
        return Err(RegistrationError::Invalid {
            field,
            why: "has no letters or digits".into(),
        });
    }
    Ok(t)
}

/// Declares that `alias` names the organisation `name` (replacing an
/// earlier declaration of the same alias). Registrations are re-keyed, so
/// the per-organisation cap and the assignment count them as one.
pub async fn add_alias(
    store: &dyn IdentityStore,
    model: &Consultation,
    alias: &str,
    name: &str,
) -> Result<Vec<Alias>, RegistrationError> {
    let (alias, name) = (alias_text("alias", alias)?, alias_text("name", name)?);
    let key = normalise(&alias);
    let mut all = aliases(store, model).await?;
    all.retain(|a| normalise(&a.alias) != key);
    all.push(Alias { alias, name });
    save(store, model, &all).await?;
    tracing::info!(aliases = all.len(), "alias declared");
    aliases(store, model).await
}

/// Removes an alias (compared in normalised form). False when there was
/// none.
pub async fn remove_alias(
    store: &dyn IdentityStore,
    model: &Consultation,
    alias: &str,
) -> Result<bool, RegistrationError> {
    let key = normalise(alias);
    let mut all = aliases(store, model).await?;
    let before = all.len();
    all.retain(|a| normalise(&a.alias) != key);
    if all.len() == before {
        return Ok(false);
    }
    save(store, model, &all).await?;
    tracing::info!(aliases = all.len(), "alias removed");
    Ok(true)
}

async fn save(
    store: &dyn IdentityStore,
    model: &Consultation,
    all: &[Alias],
) -> Result<(), RegistrationError> {
    let table = OrgAliases::from_pairs(all.iter().map(|a| (&a.alias, &a.name)));
    let keys: Vec<(Uuid, String)> = store
        .registrations(&model.slug)
        .await?
        .iter()
        .map(|r| {
            let org = r.account.organisation.as_deref().unwrap_or("");
            (r.account.id, table.key(org))
        })
        .collect();
    let pairs = all
        .iter()
        .map(|a| (a.alias.clone(), a.name.clone()))
        .collect();
    store.set_aliases(&model.slug, pairs, keys).await?;
    Ok(())
}
