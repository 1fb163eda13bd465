//! Working-group assignment of registrants: running the balanced
//! assignment, its balance report, and the overrides (move one person,
//! swap two). The algorithm itself is the pure
//! [`roundtable_registration::assign`]; this module feeds it the stored
//! registrations and stores the result as each participant's group.

use std::fmt::Write as _;

use roundtable_consultation::Consultation;
use roundtable_registration::{BalanceReport, Candidate, OrgAliases, assign, balance_report};
use serde::Serialize;
use uuid::Uuid;

use super::RegistrationError;
use super::roster::{candidate, group_specs};
use crate::access::Role;
use crate::storage::{IdentityStore, Registration};

/// A working group in an assignment result.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Slug, e.g. `wg1`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Registrants in it.
    pub size: usize,
    /// Capacity, if limited.
    pub capacity: Option<u32>,
}

/// An assignment (run, or as it stands) with its balance report. Counts
/// only: no names, no organisations.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentView {
    /// The seed used (for a run) or recorded (for a report); `None` when
    /// no assignment has run.
    pub seed: Option<u64>,
    /// Nothing was saved.
    pub dry_run: bool,
    /// Registrants with a working group.
    pub assigned: usize,
    /// Registrants without one.
    pub unassigned: usize,
    /// Participants whose working group changed (0 in a dry run or a report).
    pub changed: usize,
    /// The groups, in the consultation's order (`report.groups[i]` is
    /// `groups[i]`).
    pub groups: Vec<GroupView>,
    /// Per group and attribute value: counts, proportional shares and the
    /// largest deviation.
    pub report: BalanceReport,
}

/// Registrants taking part (links not revoked), with their candidates.
fn candidates(
    model: &Consultation,
    regs: &[Registration],
    aliases: &[(String, String)],
) -> Vec<Candidate> {
    let aliases = OrgAliases::from_pairs(aliases.iter().map(|(a, n)| (a, n)));
    let index = |slug: &str| model.groups.iter().position(|g| g.slug == slug);
    regs.iter()
        .enumerate()
        .map(|(i, r)| {
            candidate(
                i as u64,
                &r.subregion,
                &r.gender,
                &r.category,
                aliases.key(r.account.organisation.as_deref().unwrap_or("")),
                r.preferred_group.as_deref().and_then(index),
            )
        })
        .collect()
}

async fn active(
    store: &dyn IdentityStore,
    model: &Consultation,
) -> Result<(Vec<Registration>, Vec<Candidate>), RegistrationError> {
    let regs: Vec<Registration> = store
        .registrations(&model.slug)
        .await?
        .into_iter()
        .filter(|r| !r.account.revoked)
        .collect();
    let aliases = store.org_aliases(&model.slug).await?;
    let people = candidates(model, &regs, &aliases);
    Ok((regs, people))
}

fn view(
    model: &Consultation,
    people: &[Candidate],
    groups_of: &[usize],
    seed: Option<u64>,
    dry_run: bool,
    changed: usize,
) -> AssignmentView {
    let specs = group_specs(model);
    let report = balance_report(people, &specs, groups_of);
    let assigned = groups_of.iter().filter(|&&g| g < specs.len()).count();
    AssignmentView {
        seed,
        dry_run,
        assigned,
        unassigned: people.len() - assigned,
        changed,
        groups: model
            .groups
            .iter()
            .zip(&report.groups)
            .map(|(g, b)| GroupView {
                slug: g.slug.clone(),
                name: g.name.clone(),
                size: b.size,
                capacity: g.capacity,
            })
            .collect(),
        report,
    }
}

/// Runs the balanced assignment over every registrant; unless `dry_run`,
/// stores each participant's group and records the run (later
/// registrants are then placed on arrival). Returns the result and the
/// (account, group) pairs to tell live connections about.
pub async fn run(
    store: &dyn IdentityStore,
    model: &Consultation,
    seed: u64,
    dry_run: bool,
) -> Result<(AssignmentView, Vec<(Uuid, String)>), RegistrationError> {
    let (regs, people) = active(store, model).await?;
    let groups_of = assign(&people, &group_specs(model), seed)?;
    let pairs: Vec<(Uuid, String)> = regs
        .iter()
        .zip(&groups_of)
        .map(|(r, &g)| (r.account.id, model.groups[g].slug.clone()))
        .collect();
    let changed = if dry_run {
        0
    } else {
        store
            .set_groups(&model.slug, pairs.clone(), Some(seed))
            .await?
    };
    tracing::info!(people = people.len(), changed, dry_run, "assignment ran");
    let result = view(model, &people, &groups_of, Some(seed), dry_run, changed);
    Ok((result, if dry_run { Vec::new() } else { pairs }))
}

/// The balance of the groups as they stand (after a run and any moves).
pub async fn current(
    store: &dyn IdentityStore,
    model: &Consultation,
) -> Result<AssignmentView, RegistrationError> {
    let (regs, people) = active(store, model).await?;
    let groups_of: Vec<usize> = regs
        .iter()
        .map(|r| {
            r.account
                .group
                .as_deref()
                .and_then(|g| model.groups.iter().position(|m| m.slug == g))
                .unwrap_or(usize::MAX)
        })
        .collect();
    let seed = store.assignment_run(&model.slug).await?;
    Ok(view(model, &people, &groups_of, seed, false, 0))
}

/// A live participant of the consultation, or `not_found`.
async fn participant(
    store: &dyn IdentityStore,
    model: &Consultation,
    id: Uuid,
) -> Result<crate::storage::Account, RegistrationError> {
    match store.get(&model.slug, id).await? {
        Some(a) if a.role == Role::Participant && !a.revoked => Ok(a),
        _ => Err(RegistrationError::NotFound(
            "no such participant in this consultation".into(),
        )),
    }
}

/// Moves one participant to a working group (the organiser's or a
/// facilitator's override). Refused when the group is at capacity.
pub async fn move_one(
    store: &dyn IdentityStore,
    model: &Consultation,
    id: Uuid,
    group: &str,
) -> Result<(Uuid, String), RegistrationError> {
    let Some(target) = model.group(group) else {
        let slugs: Vec<&str> = model.groups.iter().map(|g| g.slug.as_str()).collect();
        return Err(RegistrationError::Invalid {
            field: "group",
            why: format!("not a working group ({})", slugs.join(", ")),
        });
    };
    let account = participant(store, model, id).await?;
    if account.group.as_deref() != Some(group)
        && let Some(cap) = target.capacity
    {
        let members = store
            .list(&model.slug)
            .await?
            .iter()
            .filter(|a| a.role == Role::Participant && !a.revoked)
            .filter(|a| a.group.as_deref() == Some(group))
            .count();
        if members >= cap as usize {
            return Err(RegistrationError::Conflict(format!(
                "{group} is full (capacity {cap}); swap two people instead"
            )));
        }
    }
    store
        .set_groups(&model.slug, vec![(id, group.to_owned())], None)
        .await?;
    tracing::info!("participant moved");
    Ok((id, group.to_owned()))
}

/// Swaps the working groups of two participants.
pub async fn swap(
    store: &dyn IdentityStore,
    model: &Consultation,
    a: Uuid,
    b: Uuid,
) -> Result<Vec<(Uuid, String)>, RegistrationError> {
    if a == b {
        return Err(RegistrationError::Invalid {
            field: "b",
            why: "name two different participants".into(),
        });
    }
    let (pa, pb) = (
        participant(store, model, a).await?,
        participant(store, model, b).await?,
    );
    let group = |p: &crate::storage::Account| {
        p.group
            .clone()
            .filter(|g| model.group(g).is_some())
            .ok_or_else(|| {
                RegistrationError::Conflict(
                    "a participant has no working group yet; move them instead".into(),
                )
            })
    };
    let (ga, gb) = (group(&pa)?, group(&pb)?);
    if ga == gb {
        return Err(RegistrationError::Conflict(format!(
            "both are in {ga}: nothing to swap"
        )));
    }
    let pairs = vec![(a, gb), (b, ga)];
    store.set_groups(&model.slug, pairs.clone(), None).await?;
    tracing::info!("participants swapped");
    Ok(pairs)
}

/// The balance report as a plain-text table, for the command line.
pub fn render(v: &AssignmentView) -> String {
    let mut out = String::new();
    let r = &v.report;
    let seed = v.seed.map_or("none".to_owned(), |s| s.to_string());
    let _ = writeln!(
        out,
        "{} registrants in {} working groups (seed {seed}){}",
        v.assigned + v.unassigned,
        v.groups.len(),
        if v.dry_run {
            ", dry run: nothing saved"
        } else {
            ""
        }
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<8} {:<24} {:>5} {:>9} {:>8} {:>11}",
        "group", "name", "size", "capacity", "max dev", "preferences"
    );
    for (g, b) in v.groups.iter().zip(&r.groups) {
        let _ = writeln!(
            out,
            "{:<8} {:<24} {:>5} {:>9} {:>8.2} {:>11}",
            g.slug,
            truncate(&g.name, 24),
            g.size,
            g.capacity.map_or("-".to_owned(), |c| c.to_string()),
            b.max_deviation,
            format!("{}/{}", b.preferences_honoured, b.preferred_by)
        );
    }
    for attr in &r.attributes {
        let _ = writeln!(out);
        let mut head = format!("{:<34} {:>5}", attr.attribute, "total");
        for g in &v.groups {
            let _ = write!(head, " {:>13}", g.slug);
        }
        let _ = writeln!(out, "{head} {:>8}", "max dev");
        for val in &attr.values {
            let mut line = format!("{:<34} {:>5}", truncate(&val.value, 34), val.total);
            for (n, e) in val.per_group.iter().zip(&val.expected) {
                let _ = write!(line, " {:>13}", format!("{n} ({e:.2})"));
            }
            let _ = writeln!(out, "{line} {:>8.2}", val.max_deviation);
        }
    }
    let _ = writeln!(out);
    let optimal = if r.max_deviation <= r.deviation_lower_bound + 1e-9 {
        "optimal"
    } else {
        "not proven optimal"
    };
    let _ = writeln!(
        out,
        "largest deviation {:.2} (lower bound {:.2}: {optimal}); every count within ±1 of its share: {}",
        r.max_deviation,
        r.deviation_lower_bound,
        if r.within_one { "yes" } else { "no" }
    );
    let _ = writeln!(
        out,
        "organisation conflicts: {}; preferences honoured: {}/{}; unassigned: {}",
        r.org_conflicts, r.preferences_honoured, r.preferences_total, v.unassigned
    );
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
