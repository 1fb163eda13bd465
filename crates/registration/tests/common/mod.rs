//! Instance generators and an independent cost evaluator shared by the
//! assignment property tests.

#![allow(dead_code)]

use proptest::prelude::*;
use roundtable_registration::{Candidate, GroupSpec};

/// An assignment input.
#[derive(Debug, Clone)]
pub struct Instance {
    pub people: Vec<Candidate>,
    pub groups: Vec<GroupSpec>,
    pub seed: u64,
}

/// How organisations are generated.
#[derive(Debug, Clone, Copy)]
pub enum Orgs {
    /// Nobody shares an organisation.
    None,
    /// One or two people per organisation (the concept note's rule).
    Pairs,
    /// Organisations of any size, up to a quarter of everybody.
    Any,
}

/// Random instances: `n` people with up to 12 subregions, 4 genders and 14
/// categories (skewed, so rare values occur), `k` groups.
pub fn instance(
    n: std::ops::RangeInclusive<usize>,
    k: std::ops::RangeInclusive<usize>,
    orgs: Orgs,
    prefs: bool,
    caps: bool,
) -> impl Strategy<Value = Instance> {
    (n, k, 1usize..=12, 1usize..=4, 1usize..=14, any::<u64>()).prop_flat_map(
        move |(n, k, sv, gv, cv, seed)| {
            let person = (
                0..sv,
                0..sv,
                0..gv,
                0..cv,
                0..cv,
                any::<bool>(),
                0..n.max(1),
                0..k * 2,
            );
            let capacity =
                (0..5u8, 0..=n).prop_map(move |(roll, c)| (caps && roll < 2).then_some(c));
            (
                proptest::collection::vec(person, n),
                proptest::collection::vec(capacity, k),
            )
                .prop_map(move |(rows, capacities)| {
                    let mut pair_open = false;
                    let people = (rows.iter().enumerate())
                        .map(|(i, &(s1, s2, g, c1, c2, flip, slot, pref))| {
                            let org_key = match orgs {
                                Orgs::None => String::new(),
                                Orgs::Pairs => {
                                    // Join the previous person's organisation
                                    // half the time, never making a third.
                                    let join = pair_open && flip;
                                    pair_open = !join;
                                    format!("org-{}", if join { i - 1 } else { i })
                                }
                                Orgs::Any => format!("org-{}", slot / 4),
                            };
                            Candidate {
                                id: i as u64,
                                subregion: format!("s{}", s1.min(s2)),
                                gender: format!("g{g}"),
                                category: format!("c{}", c1.min(c2)),
                                org_key,
                                preference: (prefs && pref < k).then_some(pref),
                            }
                        })
                        .collect::<Vec<_>>();
                    let mut groups: Vec<GroupSpec> = capacities
                        .iter()
                        .map(|&capacity| GroupSpec { capacity })
                        .collect();
                    let total: usize = groups.iter().map(|g| g.capacity.unwrap_or(n)).sum();
                    if total < n {
                        groups[k - 1].capacity = None;
                    }
                    Instance {
                        people,
                        groups,
                        seed,
                    }
                })
        },
    )
}

/// (organisation conflicts, deviation beyond ±1 scaled by n, unmet
/// preferences) of an assignment with the given group sizes, computed
/// directly from the definitions.
pub fn objective(people: &[Candidate], k: usize, assignment: &[usize]) -> (usize, i64, usize) {
    use std::collections::BTreeMap;
    let n = people.len() as i64;
    let mut sizes = vec![0i64; k];
    for &g in assignment {
        sizes[g] += 1;
    }
    let mut excess = 0;
    let attrs: [fn(&Candidate) -> &str; 3] = [|c| &c.subregion, |c| &c.gender, |c| &c.category];
    for attr in attrs {
        let mut counts: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
        for (c, &g) in people.iter().zip(assignment) {
            counts.entry(attr(c)).or_insert_with(|| vec![0; k])[g] += 1;
        }
        for per_group in counts.values() {
            let t: i64 = per_group.iter().sum();
            for g in 0..k {
                excess += ((per_group[g] * n - t * sizes[g]).abs() - n).max(0);
            }
        }
    }
    let open = sizes.iter().filter(|&&s| s > 0).count().max(1);
    let mut orgs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, &g) in people.iter().zip(assignment) {
        if !c.org_key.is_empty() {
            orgs.entry(&c.org_key).or_insert_with(|| vec![0; k])[g] += 1;
        }
    }
    let conflicts = orgs
        .values()
        .map(|per| {
            let m: usize = per.iter().sum();
            let allow = m.div_ceil(open);
            per.iter().map(|&c| c.saturating_sub(allow)).sum::<usize>()
        })
        .sum();
    let unmet = (people.iter().zip(assignment))
        .filter(|(c, g)| c.preference.is_some_and(|p| p != **g))
        .count();
    (conflicts, excess, unmet)
}

/// Every assignment with exactly the given group sizes (for tiny instances).
pub fn all_assignments(n: usize, sizes: &[usize], mut visit: impl FnMut(&[usize])) {
    fn rec(i: usize, a: &mut Vec<usize>, left: &mut [usize], visit: &mut dyn FnMut(&[usize])) {
        if i == a.len() {
            visit(a);
            return;
        }
        for g in 0..left.len() {
            if left[g] > 0 {
                left[g] -= 1;
                a[i] = g;
                rec(i + 1, a, left, visit);
                left[g] += 1;
            }
        }
    }
    let mut left = sizes.to_vec();
    rec(0, &mut vec![0; n], &mut left, &mut visit);
}
