//! The assignment problem in index form, and the cost the search minimises.
//!
//! Attribute values, organisations and preferences are interned to small
//! integers once, so the search only touches flat arrays. All arithmetic is
//! exact: the deviation of a group's count `c` of a value from its
//! proportional share `t·s/n` is kept scaled by `n` as the integer
//! `D = c·n − t·s`, so `|D| ≤ n` means "within ±1".

use std::collections::BTreeMap;
use std::ops::{Add, AddAssign, Sub};

use super::Candidate;

/// Number of balanced attributes: subregion, gender, category.
pub(super) const ATTRS: usize = 3;
/// The attribute names, in index order.
pub(super) const ATTR_NAMES: [&str; ATTRS] = ["subregion", "gender", "category"];
/// "No organisation-mates" / "no preference".
pub(super) const NONE: u32 = u32::MAX;

/// What an assignment costs, compared lexicographically: organisation
/// conflicts first, then deviations beyond ±1, then unmet preferences, then
/// the sum of squared deviations. A change is an improvement when its delta
/// is below [`Cost::ZERO`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(super) struct Cost {
    /// People beyond their organisation's fair share in a group.
    pub org: i64,
    /// Sum over cells of `max(0, |D| − n)`: how far deviations go beyond ±1.
    pub band: i64,
    /// Preferences not honoured.
    pub pref: i64,
    /// Sum of `D²`.
    pub sq: i128,
}

impl Cost {
    pub const ZERO: Cost = Cost {
        org: 0,
        band: 0,
        pref: 0,
        sq: 0,
    };
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            org: self.org + o.org,
            band: self.band + o.band,
            pref: self.pref + o.pref,
            sq: self.sq + o.sq,
        }
    }
}

impl AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        *self = *self + o;
    }
}

impl Sub for Cost {
    type Output = Cost;
    fn sub(self, o: Cost) -> Cost {
        Cost {
            org: self.org - o.org,
            band: self.band - o.band,
            pref: self.pref - o.pref,
            sq: self.sq - o.sq,
        }
    }
}

/// The interned problem: people, group sizes and the fixed expectations.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    /// Number of people.
    pub n: usize,
    /// Number of groups.
    pub k: usize,
    /// Target size of each group (the search keeps sizes fixed).
    pub sizes: Vec<i64>,
    /// Value index of each person, per attribute.
    pub values: [Vec<u32>; ATTRS],
    /// Distinct value names per attribute, sorted.
    pub names: [Vec<String>; ATTRS],
    /// People per value, per attribute.
    pub totals: [Vec<i64>; ATTRS],
    /// Organisation index per person ([`NONE`] without organisation-mates).
    pub org: Vec<u32>,
    /// Members of each organisation that has at least two people.
    pub org_members: Vec<Vec<u32>>,
    /// Per organisation, how many of its people one group may hold without
    /// a conflict: ⌈members / non-empty groups⌉ (1 when it has no more
    /// people than there are groups).
    pub org_allow: Vec<i64>,
    /// Preferred group per person ([`NONE`] for none).
    pub pref: Vec<u32>,
    /// Profile (distinct attribute triple) per person.
    pub profile: Vec<u32>,
    /// The attribute triple of each profile.
    pub profiles: Vec<[u32; ATTRS]>,
}

fn intern<'a>(items: impl Iterator<Item = &'a str> + Clone) -> (Vec<u32>, Vec<String>) {
    let mut ids: BTreeMap<&str, u32> = items.clone().map(|s| (s, 0)).collect();
    for (i, id) in ids.values_mut().enumerate() {
        *id = i as u32;
    }
    let names = ids.keys().map(|s| (*s).to_owned()).collect();
    (items.map(|s| ids[s]).collect(), names)
}

impl Problem {
    /// Interns `people` for groups of the given `sizes` (which sum to the
    /// number of people). Out-of-range preferences must be rejected before.
    pub fn new(people: &[Candidate], sizes: &[usize]) -> Problem {
        let n = people.len();
        let k = sizes.len();
        let (sub, sub_names) = intern(people.iter().map(|p| p.subregion.as_str()));
        let (gnd, gnd_names) = intern(people.iter().map(|p| p.gender.as_str()));
        let (cat, cat_names) = intern(people.iter().map(|p| p.category.as_str()));
        let values = [sub, gnd, cat];
        let names = [sub_names, gnd_names, cat_names];
        let totals = std::array::from_fn(|a| {
            let mut t = vec![0i64; names[a].len()];
            for &v in &values[a] {
                t[v as usize] += 1;
            }
            t
        });

        let mut by_org: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (i, p) in people.iter().enumerate() {
            if !p.org_key.is_empty() {
                by_org.entry(p.org_key.as_str()).or_default().push(i as u32);
            }
        }
        let mut org = vec![NONE; n];
        let mut org_members = Vec::new();
        for members in by_org.into_values().filter(|m| m.len() >= 2) {
            for &i in &members {
                org[i as usize] = org_members.len() as u32;
            }
            org_members.push(members);
        }

        let pref = people
            .iter()
            .map(|p| p.preference.filter(|&g| g < k).map_or(NONE, |g| g as u32))
            .collect();

        let mut profile_ids: BTreeMap<[u32; ATTRS], u32> = BTreeMap::new();
        let triple = |i: usize| -> [u32; ATTRS] { std::array::from_fn(|a| values[a][i]) };
        profile_ids.extend((0..n).map(|i| (triple(i), 0)));
        let mut profiles = Vec::with_capacity(profile_ids.len());
        for (t, id) in profile_ids.iter_mut() {
            *id = profiles.len() as u32;
            profiles.push(*t);
        }
        let profile = (0..n).map(|i| profile_ids[&triple(i)]).collect();

        let mut problem = Problem {
            n,
            k,
            sizes: Vec::new(),
            values,
            names,
            totals,
            org,
            org_members,
            org_allow: Vec::new(),
            pref,
            profile,
            profiles,
        };
        problem.set_sizes(sizes);
        problem
    }

    /// Sets the group sizes, which fix the proportional shares and each
    /// organisation's fair share per group.
    pub fn set_sizes(&mut self, sizes: &[usize]) {
        debug_assert_eq!(sizes.len(), self.k);
        self.sizes = sizes.iter().map(|&s| s as i64).collect();
        let open = sizes.iter().filter(|&&s| s > 0).count().max(1) as i64;
        self.org_allow = self
            .org_members
            .iter()
            .map(|m| (m.len() as i64 + open - 1) / open)
            .collect();
    }

    /// Scaled deviation `D = c·n − t·s` of a cell holding `count` people.
    #[inline]
    pub fn scaled_dev(&self, a: usize, v: u32, g: usize, count: i64) -> i64 {
        count * self.n as i64 - self.totals[a][v as usize] * self.sizes[g]
    }

    /// Cost of one cell with scaled deviation `d`.
    #[inline]
    pub fn cell_cost(&self, d: i64) -> Cost {
        let n = self.n as i64;
        Cost {
            org: 0,
            band: (d.abs() - n).max(0),
            pref: 0,
            sq: i128::from(d) * i128::from(d),
        }
    }

    /// Conflicts of an organisation with `count` people in one group.
    #[inline]
    pub fn org_excess(&self, o: u32, count: i64) -> i64 {
        (count - self.org_allow[o as usize]).max(0)
    }

    /// Whether person `i` in group `g` has an unmet preference (0 or 1).
    #[inline]
    pub fn unmet(&self, i: usize, g: usize) -> i64 {
        let p = self.pref[i];
        i64::from(p != NONE && p as usize != g)
    }
}
