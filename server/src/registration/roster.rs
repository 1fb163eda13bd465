//! The registrations already made, in memory, for the rules that depend on
//! them: one registration per email, at most N per organisation, and where
//! a late registrant goes once an assignment has run.
//!
//! A [`Roster`] is built from one read of the identity store; an import
//! then checks and admits row after row against it, so rows of one file
//! are checked against each other too. The store checks the email and
//! organisation rules again when it writes (atomically), so two requests
//! racing each other cannot both take the last place of an organisation.

use std::collections::HashMap;

use roundtable_consultation::Consultation;
use roundtable_registration::{Candidate, GroupSpec, OrgAliases, place_late};
use uuid::Uuid;

use super::rules::{Registrant, RuleError};
use crate::storage::Registration;

/// The fields compared to decide that a re-imported row is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    name: String,
    organisation: String,
    category: String,
    gender: String,
    country: String,
    preferred_group: Option<String>,
    accessibility: Option<String>,
}

impl Snapshot {
    fn of(r: &Registrant) -> Snapshot {
        Snapshot {
            name: r.name.clone(),
            organisation: r.organisation.clone(),
            category: r.category.clone(),
            gender: r.gender.as_str().to_owned(),
            country: r.country.to_owned(),
            preferred_group: r.preferred_group.clone(),
            accessibility: r.accessibility.clone(),
        }
    }
}

/// What the roster says about a new registrant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// May be registered, under this organisation key.
    Accept {
        /// The organisation key to store.
        org_key: String,
    },
    /// The same email is registered with exactly these details.
    Unchanged(Uuid),
    /// Refused by a rule.
    Refused(RuleError),
}

/// Existing registrations of one consultation, as the rules need them.
pub struct Roster {
    aliases: OrgAliases,
    cap: u32,
    by_email: HashMap<String, (Uuid, Snapshot)>,
    org_counts: HashMap<String, u32>,
    /// Working-group slugs, in model order.
    groups: Vec<String>,
    specs: Vec<GroupSpec>,
    /// Set when an assignment has run: late registrants are then placed.
    assigned: bool,
    /// Placed registrants, for late placement.
    people: Vec<Candidate>,
    current: Vec<usize>,
}

impl Roster {
    /// Builds the roster from the stored registrations and aliases.
    pub fn new(
        model: &Consultation,
        stored: &[Registration],
        aliases: &[(String, String)],
        assigned: bool,
    ) -> Roster {
        let aliases = OrgAliases::from_pairs(aliases.iter().map(|(a, n)| (a, n)));
        let groups: Vec<String> = model.groups.iter().map(|g| g.slug.clone()).collect();
        let specs = group_specs(model);
        let mut roster = Roster {
            aliases,
            cap: model.registration.per_organisation_cap,
            by_email: HashMap::new(),
            org_counts: HashMap::new(),
            groups,
            specs,
            assigned,
            people: Vec::new(),
            current: Vec::new(),
        };
        for r in stored {
            let a = &r.account;
            let snapshot = Snapshot {
                name: a.name.clone().unwrap_or_default(),
                organisation: a.organisation.clone().unwrap_or_default(),
                category: r.category.clone(),
                gender: r.gender.clone(),
                country: r.country.clone(),
                preferred_group: r.preferred_group.clone(),
                accessibility: r.accessibility.clone(),
            };
            roster
                .by_email
                .insert(r.email_key.clone(), (a.id, snapshot));
            // Keys are recomputed: aliases may have changed since.
            let key = roster.aliases.key(a.organisation.as_deref().unwrap_or(""));
            *roster.org_counts.entry(key).or_default() += 1;
            if !a.revoked
                && let Some(g) = a.group.as_deref().and_then(|g| roster.index(g))
            {
                let c = candidate(
                    roster.people.len() as u64,
                    &r.subregion,
                    &r.gender,
                    &r.category,
                    roster.aliases.key(a.organisation.as_deref().unwrap_or("")),
                    r.preferred_group.as_deref().and_then(|p| roster.index(p)),
                );
                roster.people.push(c);
                roster.current.push(g);
            }
        }
        roster
    }

    /// The organisation key of a name under the declared aliases.
    pub fn org_key(&self, organisation: &str) -> String {
        self.aliases.key(organisation)
    }

    /// The per-organisation cap.
    pub fn cap(&self) -> u32 {
        self.cap
    }

    fn index(&self, slug: &str) -> Option<usize> {
        self.groups.iter().position(|g| g == slug)
    }

    /// Applies the email and organisation rules to `r`.
    pub fn check(&self, r: &Registrant) -> Verdict {
        if let Some((id, existing)) = self.by_email.get(&r.email_key) {
            return if *existing == Snapshot::of(r) {
                Verdict::Unchanged(*id)
            } else {
                Verdict::Refused(RuleError::DuplicateEmail)
            };
        }
        let org_key = self.org_key(&r.organisation);
        if self.org_counts.get(&org_key).copied().unwrap_or(0) >= self.cap {
            return Verdict::Refused(RuleError::OrganisationFull(self.cap));
        }
        Verdict::Accept { org_key }
    }

    /// The working group a late registrant goes to: the one that keeps the
    /// balance best ([`place_late`]). `None` before any assignment has run,
    /// or when every group is full.
    pub fn place(&self, r: &Registrant, org_key: &str) -> Option<String> {
        if !self.assigned {
            return None;
        }
        let newcomer = self.newcomer(r, org_key);
        match place_late(&self.people, &self.specs, &self.current, &newcomer) {
            Ok(g) => Some(self.groups[g].clone()),
            Err(e) => {
                tracing::warn!(error = %e, "late registrant left unplaced");
                None
            }
        }
    }

    fn newcomer(&self, r: &Registrant, org_key: &str) -> Candidate {
        candidate(
            self.people.len() as u64,
            r.subregion.as_str(),
            r.gender.as_str(),
            &r.category,
            org_key.to_owned(),
            r.preferred_group.as_deref().and_then(|p| self.index(p)),
        )
    }

    /// Records `r` as registered (and placed in `group`), so the next
    /// check sees it.
    pub fn admit(&mut self, id: Uuid, r: &Registrant, org_key: &str, group: Option<&str>) {
        self.by_email
            .insert(r.email_key.clone(), (id, Snapshot::of(r)));
        *self.org_counts.entry(org_key.to_owned()).or_default() += 1;
        if let Some(g) = group.and_then(|g| self.index(g)) {
            let c = self.newcomer(r, org_key);
            self.people.push(c);
            self.current.push(g);
        }
    }
}

/// The assignment's view of a registrant.
pub fn candidate(
    id: u64,
    subregion: &str,
    gender: &str,
    category: &str,
    org_key: String,
    preference: Option<usize>,
) -> Candidate {
    Candidate {
        id,
        subregion: subregion.to_owned(),
        gender: gender.to_owned(),
        category: category.to_owned(),
        org_key,
        preference,
    }
}

/// The consultation's working groups as the assignment sees them.
pub fn group_specs(model: &Consultation) -> Vec<GroupSpec> {
    model
        .groups
        .iter()
        .map(|g| GroupSpec {
            capacity: g.capacity.map(|c| c as usize),
        })
        .collect()
}
