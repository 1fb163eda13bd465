//! `roundtable serve --demo`: about sixty obviously fictional registrants
//! ("Zorbel Exampleton" of "Example Org Alpha"), a balanced assignment,
//! and one link per role, so a newcomer can open every view at once.
//!
//! The names are invented words on purpose: registered names are redacted
//! from contributions, so "Demo Participant 01" would redact every
//! "participant" anyone writes.
//!
//! Idempotent: the registrants go through the import path, so a second
//! start finds them `unchanged`; the assignment runs only once; the staff
//! and participant accounts are found again and get new links (their old
//! links stop working).

use anyhow::Context as _;
use roundtable_consultation::Consultation;
use uuid::Uuid;

use super::csv_file::{ParsedFile, ParsedRow};
use super::rules::Form;
use super::{apply_groups, assign, import};
use crate::access::{Role, Token};
use crate::live::Live;
use crate::state::AppState;
use crate::storage::NewAccount;

/// How many registrants the demo seeds.
pub const DEMO_PEOPLE: usize = 60;
/// The seed of the demo's assignment.
pub const DEMO_SEED: u64 = 2021;
/// The name of the demo's organiser account.
const DEMO_ORGANISER: &str = "Demo organiser";

/// Organisation names: the first twenty send two people, the rest one.
const ORGS: [&str; 40] = [
    "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
    "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "Sigma", "Tau", "Upsilon", "Phi", "Chi",
    "Psi", "Omega", "Bravo", "Charlie", "Echo", "Foxtrot", "Golf", "Hotel", "Juliett", "Kilo",
    "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra",
];

/// Invented given names and family names: 12 × 5 = 60 people.
const GIVEN: [&str; 12] = [
    "Zorbel", "Quillan", "Vexa", "Plimby", "Tarrow", "Nimsey", "Orvin", "Brellow", "Kazzle",
    "Mirrow", "Fendle", "Yarby",
];
const FAMILY: [&str; 5] = [
    "Exampleton",
    "Demoford",
    "Sampleby",
    "Placeholm",
    "Testwick",
];

/// Countries across the five ESCAP subregions.
const COUNTRIES: [&str; 24] = [
    "TH", "IN", "CN", "KZ", "FJ", "VN", "BD", "JP", "UZ", "PG", "PH", "NP", "KR", "KG", "WS", "ID",
    "PK", "MN", "TJ", "AU", "MY", "LK", "NZ", "TR",
];

const GENDERS: [&str; 8] = [
    "woman",
    "man",
    "woman",
    "man",
    "non_binary",
    "woman",
    "man",
    "prefer_not_to_say",
];

/// The demo registrants, as forms.
pub fn forms(model: &Consultation) -> Vec<Form> {
    let categories = &model.stakeholder_categories;
    (0..DEMO_PEOPLE)
        .map(|i| {
            let org = if i < 40 { i / 2 } else { i - 20 };
            let preferred_group = match i % 4 {
                0 => model.groups.first(),
                1 => model.groups.get(1),
                _ => None,
            }
            .map(|g| g.slug.clone());
            Form {
                name: Some(format!("{} {}", GIVEN[i % 12], FAMILY[(i / 12) % 5])),
                email: Some(format!("demo{:02}@example.org", i + 1)),
                organisation: Some(format!("Example Org {}", ORGS[org % ORGS.len()])),
                category: categories
                    .get((i * 7) % categories.len().max(1))
                    .map(|c| c.key.clone()),
                gender: Some(GENDERS[i % GENDERS.len()].to_owned()),
                country: Some(COUNTRIES[(i * 5) % COUNTRIES.len()].to_owned()),
                preferred_group,
                accessibility: (i % 15 == 0).then(|| "Live captions".to_owned()),
                consent: Some(true),
            }
        })
        .collect()
}

/// Seeds the consultation and returns one (role, link) per role.
pub async fn seed(
    state: &AppState,
    live: &Live,
    base: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let store = &*state.identity;
    let model = &live.model;
    let rows = forms(model)
        .into_iter()
        .enumerate()
        .map(|(i, form)| ParsedRow {
            row: i + 2,
            line: i as u64 + 2,
            form: Ok(form),
        })
        .collect();
    let file = ParsedFile {
        header_error: None,
        ignored: Vec::new(),
        rows,
    };
    let report = import::import(store, model, file, false, &mut |_, _| {})
        .await
        .context("seeding the demo registrants")?;
    anyhow::ensure!(
        report.rejected == 0,
        "the demo registrants were refused: {:?}",
        report
            .rows
            .iter()
            .filter_map(|r| r.reason.as_deref())
            .collect::<Vec<_>>()
    );
    if store.assignment_run(live.slug()).await?.is_none() {
        let (_, pairs) = assign::run(store, model, DEMO_SEED, false)
            .await
            .map_err(|e| anyhow::anyhow!("demo assignment: {e}"))?;
        apply_groups(live, &pairs).await?;
    }
    live.refresh_redactor().await?;

    let mut links = Vec::new();
    let organiser = match store
        .find_named(None, Role::Organiser, DEMO_ORGANISER)
        .await?
    {
        Some(a) => a.id,
        None => create(state, None, Role::Organiser, None, Some(DEMO_ORGANISER)).await?,
    };
    links.push((
        "organiser".to_owned(),
        fresh_link(state, organiser, base).await?,
    ));
    let mut staff = vec![("plenary facilitator".to_owned(), Role::Facilitator, None)];
    for g in &model.groups {
        let label = g.slug.to_uppercase();
        staff.push((
            format!("{label} facilitator"),
            Role::Facilitator,
            Some(g.slug.clone()),
        ));
    }
    for g in &model.groups {
        let label = g.slug.to_uppercase();
        staff.push((
            format!("{label} rapporteur"),
            Role::Rapporteur,
            Some(g.slug.clone()),
        ));
    }
    // Staff links carry no name: a staff name would be redacted from
    // contributions like a participant's.
    let accounts = store.list(live.slug()).await?;
    for (label, role, scope) in staff {
        let found = accounts
            .iter()
            .find(|a| a.role == role && a.scope == scope && !a.revoked)
            .map(|a| a.id);
        let id = match found {
            Some(id) => id,
            None => create(state, Some(live.slug()), role, scope, None).await?,
        };
        links.push((label, fresh_link(state, id, base).await?));
    }
    let mut regs = store.registrations(live.slug()).await?;
    regs.sort_by(|a, b| a.account.name.cmp(&b.account.name));
    for g in model.groups.iter().take(2) {
        if let Some(r) = regs
            .iter()
            .find(|r| r.account.group.as_deref() == Some(g.slug.as_str()) && !r.account.revoked)
        {
            let label = format!("participant in {}", g.slug.to_uppercase());
            links.push((label, fresh_link(state, r.account.id, base).await?));
        }
    }
    tracing::info!(
        accepted = report.accepted,
        unchanged = report.unchanged,
        "demo seeded"
    );
    Ok(links)
}

async fn create(
    state: &AppState,
    consultation: Option<&str>,
    role: Role,
    scope: Option<String>,
    name: Option<&str>,
) -> anyhow::Result<Uuid> {
    let account = state
        .identity
        .create(NewAccount {
            consultation: consultation.map(str::to_owned),
            role,
            scope,
            token_hash: Token::generate().hash(),
            room: None,
            room_phase: None,
            group: None,
            name: name.map(str::to_owned),
            email: None,
            organisation: None,
        })
        .await?;
    Ok(account.id)
}

/// A new token for an account; its old link stops working.
async fn fresh_link(state: &AppState, id: Uuid, base: &str) -> anyhow::Result<String> {
    let token = Token::generate();
    let n = state
        .identity
        .replace_tokens(vec![(id, token.hash())])
        .await?;
    anyhow::ensure!(n == 1, "demo account vanished");
    Ok(state.link(base, &token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_registrants_are_valid_spread_and_capped() {
        let model = Consultation::example();
        let forms = forms(&model);
        assert_eq!(forms.len(), DEMO_PEOPLE);
        let mut orgs = std::collections::HashMap::new();
        for f in &forms {
            let r = super::super::rules::validate(&model, f, super::super::rules::Deadline::Waived)
                .expect("every demo registrant is valid");
            *orgs.entry(r.organisation).or_insert(0u32) += 1;
        }
        assert!(
            orgs.values()
                .all(|&n| n <= model.registration.per_organisation_cap)
        );
    }

    #[test]
    fn demo_names_leave_ordinary_words_alone() {
        let model = Consultation::example();
        let forms = forms(&model);
        let mut names: Vec<String> = forms.iter().filter_map(|f| f.name.clone()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), DEMO_PEOPLE, "names are unique");
        let mut orgs: Vec<String> = forms
            .iter()
            .filter_map(|f| f.organisation.clone())
            .collect();
        orgs.dedup();
        let dir = roundtable_redact::Directory {
            people: names,
            organisations: orgs
                .into_iter()
                .map(|name| roundtable_redact::OrgEntry {
                    name,
                    aliases: Vec::new(),
                })
                .collect(),
        };
        let r = roundtable_redact::Redactor::new(&dir);
        let text = "Every participant of the demo agreed. For example, one organisation \
                    tested a sample of data; Participant voices matter.";
        assert_eq!(r.redact(text).text, text);
        let named = "Zorbel Exampleton said so.";
        assert_ne!(r.redact(named).text, named);
    }
}
