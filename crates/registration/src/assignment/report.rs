//! How balanced an assignment is, for the organiser to see.

use serde::{Deserialize, Serialize};

use super::problem::{ATTR_NAMES, ATTRS, Problem};
use super::state::State;
use super::{Candidate, GroupSpec};

/// The balance of a whole assignment. Counts only: no names, no
/// organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceReport {
    /// One entry per working group, in group order.
    pub groups: Vec<GroupBalance>,
    /// Subregion, gender and category, in that order.
    pub attributes: Vec<AttributeBalance>,
    /// Largest |count − proportional share| over every attribute value and
    /// group.
    pub max_deviation: f64,
    /// No assignment of these people with these group sizes can have a
    /// `max_deviation` below this (each value's best rounding taken on its
    /// own). Equal to `max_deviation` means the assignment is optimal.
    pub deviation_lower_bound: f64,
    /// Whether every count is within ±1 of its proportional share.
    pub within_one: bool,
    /// People beyond their organisation's fair share of a group: more than
    /// one per group when the organisation has no more people than there are
    /// non-empty groups, more than ⌈people ÷ groups⌉ otherwise.
    pub org_conflicts: usize,
    /// People placed in the group they preferred.
    pub preferences_honoured: usize,
    /// People who stated a preference.
    pub preferences_total: usize,
    /// People left out of the report because the assignment has no valid
    /// group for them (0 for any result of `assign`).
    pub unassigned: usize,
}

/// One working group's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBalance {
    /// Group index.
    pub group: usize,
    /// People in the group.
    pub size: usize,
    /// The group's capacity, if any.
    pub capacity: Option<usize>,
    /// Largest deviation from proportional share within this group.
    pub max_deviation: f64,
    /// People who preferred this group.
    pub preferred_by: usize,
    /// Of those, people placed in it.
    pub preferences_honoured: usize,
}

/// The balance of one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeBalance {
    /// `"subregion"`, `"gender"` or `"category"`.
    pub attribute: String,
    /// One entry per distinct value, sorted by value.
    pub values: Vec<ValueBalance>,
    /// Largest deviation over this attribute's values.
    pub max_deviation: f64,
}

/// The spread of one attribute value over the groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueBalance {
    /// The value, as given in the candidates.
    pub value: String,
    /// People with this value.
    pub total: usize,
    /// People with this value in each group.
    pub per_group: Vec<usize>,
    /// Proportional share of each group: total × group size ÷ people.
    pub expected: Vec<f64>,
    /// Largest |per_group − expected|.
    pub max_deviation: f64,
}

/// Measures `assignment` (`assignment[i]` is the group of `people[i]`).
/// Entries beyond `groups` or missing are counted in `unassigned` and
/// otherwise ignored.
pub fn balance_report(
    people: &[Candidate],
    groups: &[GroupSpec],
    assignment: &[usize],
) -> BalanceReport {
    let k = groups.len();
    let placed: Vec<(usize, usize)> = (0..people.len())
        .filter_map(|i| assignment.get(i).filter(|&&g| g < k).map(|&g| (i, g)))
        .collect();
    let chosen: Vec<Candidate> = placed.iter().map(|&(i, _)| people[i].clone()).collect();
    let group_of: Vec<usize> = placed.iter().map(|&(_, g)| g).collect();
    let mut sizes = vec![0usize; k];
    for &g in &group_of {
        sizes[g] += 1;
    }
    let problem = Problem::new(&chosen, &sizes);
    let state = State::from_groups(&problem, &group_of);
    let n = problem.n as i64;
    let as_f64 = |scaled: i64| {
        if n == 0 {
            0.0
        } else {
            scaled as f64 / n as f64
        }
    };

    let mut group_dev = vec![0i64; k];
    let (mut worst, mut bound) = (0i64, 0i64);
    let attributes = (0..ATTRS)
        .map(|a| {
            let mut attr_worst = 0i64;
            let values = (0..problem.names[a].len())
                .map(|v| {
                    let v32 = v as u32;
                    let total = problem.totals[a][v];
                    let per_group: Vec<usize> =
                        (0..k).map(|g| state.count(a, v32, g) as usize).collect();
                    let dev =
                        (0..k).map(|g| problem.scaled_dev(a, v32, g, state.count(a, v32, g)).abs());
                    let mut value_worst = 0;
                    for (g, d) in dev.enumerate() {
                        group_dev[g] = group_dev[g].max(d);
                        value_worst = value_worst.max(d);
                    }
                    attr_worst = attr_worst.max(value_worst);
                    bound = bound.max(row_lower_bound(total, &problem.sizes, n));
                    ValueBalance {
                        value: problem.names[a][v].clone(),
                        total: total as usize,
                        per_group,
                        expected: problem.sizes.iter().map(|&s| as_f64(total * s)).collect(),
                        max_deviation: as_f64(value_worst),
                    }
                })
                .collect();
            worst = worst.max(attr_worst);
            AttributeBalance {
                attribute: ATTR_NAMES[a].to_owned(),
                values,
                max_deviation: as_f64(attr_worst),
            }
        })
        .collect();

    let cost = state.total_cost();
    let mut preferred_by = vec![0usize; k];
    let mut honoured = vec![0usize; k];
    let mut preferences_total = 0;
    for (c, &g) in chosen.iter().zip(&group_of) {
        if let Some(pref) = c.preference {
            preferences_total += 1;
            if let Some(slot) = preferred_by.get_mut(pref) {
                *slot += 1;
            }
            if pref == g {
                honoured[g] += 1;
            }
        }
    }
    BalanceReport {
        groups: (0..k)
            .map(|g| GroupBalance {
                group: g,
                size: sizes[g],
                capacity: groups[g].capacity,
                max_deviation: as_f64(group_dev[g]),
                preferred_by: preferred_by[g],
                preferences_honoured: honoured[g],
            })
            .collect(),
        attributes,
        max_deviation: as_f64(worst),
        deviation_lower_bound: as_f64(bound),
        within_one: worst <= n,
        org_conflicts: cost.org as usize,
        preferences_honoured: honoured.iter().sum(),
        preferences_total,
        unassigned: people.len() - placed.len(),
    }
}

/// The smallest possible largest scaled deviation `max_g |c_g·n − t·s_g|`
/// of one value over integer counts `c_g` summing to `t` (each value on its
/// own, so a lower bound for the whole assignment). Some rounding of the
/// shares always reaches a deviation below one, so the optimum is one of
/// the distances from a share to its floor or ceiling.
pub(super) fn row_lower_bound(total: i64, sizes: &[i64], n: i64) -> i64 {
    if n == 0 {
        return 0;
    }
    let mut candidates: Vec<i64> = vec![0];
    for &s in sizes {
        let r = (total * s).rem_euclid(n);
        candidates.extend([r, n - r]);
    }
    candidates.sort_unstable();
    let feasible = |d: i64| {
        let (mut lo_sum, mut hi_sum) = (0i64, 0i64);
        for &s in sizes {
            let e = total * s;
            let lo = ((e - d).max(0) + n - 1) / n;
            let hi = ((e + d).div_euclid(n)).min(s);
            if lo > hi {
                return false;
            }
            lo_sum += lo;
            hi_sum += hi;
        }
        lo_sum <= total && total <= hi_sum
    };
    candidates.into_iter().find(|&d| feasible(d)).unwrap_or(n)
}
