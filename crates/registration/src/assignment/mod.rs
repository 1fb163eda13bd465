//! Balanced working-group assignment.
//!
//! The concept note asks for participation "balanced with regard to
//! locations, genders and thematic and sectoral areas of work" and for
//! colleagues to be spread out. [`assign`] puts every registrant in a
//! working group so that, at the same time:
//!
//! - group sizes are as equal as the capacities allow (they differ by at
//!   most one among groups whose capacity is not binding);
//! - for each subregion, gender and stakeholder category, every group holds
//!   its proportional share (value total × group size ÷ people) within ±1;
//! - people from one organisation are in different groups whenever the
//!   organisation has no more people than there are groups (otherwise no
//!   group holds more than ⌈members ÷ groups⌉ of them);
//! - preferences are honoured wherever that keeps every share within ±1.
//!
//! Priorities, when they collide: capacity (hard), then the organisation
//! split, then the ±1 band, then preferences, then the finest balance (sum
//! of squared deviations). docs/assignment.md describes the algorithm, the
//! cases where the targets are mathematically out of reach, and measured
//! figures. The same input and seed always give the same assignment.

use serde::{Deserialize, Serialize};

mod cycles;
mod late;
mod problem;
mod repair;
mod report;
mod search;
mod state;
mod swaps;

pub use late::place_late;
pub use report::{AttributeBalance, BalanceReport, GroupBalance, ValueBalance, balance_report};

use problem::Problem;

/// A registrant as the assignment sees them: only the balanced attributes,
/// the organisation key and the preference, never a name or an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The registration's id, only echoed in errors.
    pub id: u64,
    /// Subregion (e.g. [`crate::subregion::Subregion::as_str`]); any text
    /// works, equal strings are equal values.
    pub subregion: String,
    /// Gender (e.g. [`crate::fields::Gender::as_str`]).
    pub gender: String,
    /// Stakeholder category key.
    pub category: String,
    /// Organisation key ([`crate::orgname::OrgAliases::key`]); empty for
    /// none, which never conflicts with anybody.
    pub org_key: String,
    /// Preferred working group, as an index into the groups.
    pub preference: Option<usize>,
}

/// A working group as the assignment sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupSpec {
    /// Most people the group may hold; `None` for no limit.
    pub capacity: Option<usize>,
}

/// Why no assignment could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignError {
    /// There are no working groups.
    #[error("there are no working groups to assign people to")]
    NoGroups,
    /// The capacities add up to fewer places than people.
    #[error("{needed} people need a place but the working groups hold only {available}")]
    CapacityTooSmall {
        /// People to place.
        needed: usize,
        /// Sum of the capacities.
        available: usize,
    },
    /// A preference names a group that does not exist.
    #[error("registration {id} prefers working group {preference}, but groups are numbered 0 to {}", groups - 1)]
    PreferenceOutOfRange {
        /// The registration's id.
        id: u64,
        /// The preferred group index.
        preference: usize,
        /// Number of groups.
        groups: usize,
    },
    /// `place_late` got a current assignment of the wrong length.
    #[error("the current assignment has {got} entries for {expected} people")]
    LengthMismatch {
        /// Number of people.
        expected: usize,
        /// Entries in the assignment.
        got: usize,
    },
    /// `place_late` got a current assignment naming a group that does not exist.
    #[error(
        "registration {id} is assigned to working group {group}, but there are only {groups} groups"
    )]
    GroupOutOfRange {
        /// The registration's id.
        id: u64,
        /// The group index.
        group: usize,
        /// Number of groups.
        groups: usize,
    },
}

/// Group sizes as equal as the capacities allow ("water filling"): the
/// smallest level L with Σ min(capacity, L) ≥ people; every group gets
/// min(capacity, L − 1) and the remaining people go one each to the groups
/// that can take L, lowest index first.
pub fn target_sizes(people: usize, groups: &[GroupSpec]) -> Result<Vec<usize>, AssignError> {
    if groups.is_empty() {
        return Err(AssignError::NoGroups);
    }
    let cap = |g: &GroupSpec| g.capacity.unwrap_or(usize::MAX);
    if groups.iter().all(|g| g.capacity.is_some()) {
        let available = groups
            .iter()
            .map(|g| g.capacity.unwrap_or(0))
            .fold(0usize, usize::saturating_add);
        if available < people {
            return Err(AssignError::CapacityTooSmall {
                needed: people,
                available,
            });
        }
    }
    let holds = |level: usize| {
        groups
            .iter()
            .map(|g| cap(g).min(level))
            .fold(0usize, usize::saturating_add)
    };
    let (mut lo, mut hi) = (0usize, people);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) >= people {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    let level = lo;
    let mut sizes: Vec<usize> = groups
        .iter()
        .map(|g| cap(g).min(level.saturating_sub(1)))
        .collect();
    let mut left = people - sizes.iter().sum::<usize>();
    for (size, g) in sizes.iter_mut().zip(groups) {
        if left > 0 && cap(g) >= level {
            *size += 1;
            left -= 1;
        }
    }
    debug_assert_eq!(left, 0);
    Ok(sizes)
}

fn check_preferences<'a>(
    people: impl IntoIterator<Item = &'a Candidate>,
    groups: usize,
) -> Result<(), AssignError> {
    for c in people {
        if let Some(preference) = c.preference.filter(|&g| g >= groups) {
            return Err(AssignError::PreferenceOutOfRange {
                id: c.id,
                preference,
                groups,
            });
        }
    }
    Ok(())
}

/// Assigns each person a working group; returns the group index of
/// `people[i]` at position `i`. Deterministic for a given input and `seed`.
pub fn assign(
    people: &[Candidate],
    groups: &[GroupSpec],
    seed: u64,
) -> Result<Vec<usize>, AssignError> {
    let sizes = target_sizes(people.len(), groups)?;
    check_preferences(people, groups.len())?;
    let problem = Problem::new(people, &sizes);
    Ok(search::solve(&problem, seed))
}

#[cfg(test)]
mod tests;
