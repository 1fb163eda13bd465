//! The swap local search: exchanges between two groups, never moves, so
//! group sizes (and with them capacities) hold throughout.
//!
//! Scoring every pair of people is quadratic, so for each pair of groups
//! the search only scores exchanges likely to help, then applies every one
//! that the exact [`Cost`] delta says improves:
//!
//! - the best-ranked profiles of each side against each other, where a
//!   profile is a distinct (subregion, gender, category) triple and its rank
//!   is the best single-person move delta into the other group;
//! - for those and for everybody whose own move fixes an organisation
//!   conflict or honours a preference: the other side's people of the same
//!   profile (balance untouched), of every profile one attribute away (one
//!   attribute moves), and their own colleagues (no new conflict).
//!
//! When the chosen partner has already been exchanged in this scan, the next
//! person of the same profile stands in, so one scan can apply many
//! exchanges that need the same kind of partner.

use std::collections::HashMap;

use super::problem::{ATTRS, Cost, NONE, Problem};
use super::state::State;
use crate::rng::SplitMix64;

/// Profiles ranked against each other on both sides.
const TOP: usize = 12;
/// Profiles whose one-attribute neighbours on the other side are tried.
const NEIGHBOUR_TOP: usize = 24;
/// Pairs of groups with at most this many pairs of people try every
/// exchange, which makes small instances far less likely to stop in a poor
/// local optimum.
const EXHAUSTIVE: usize = 1024;
/// Passes over one scan's candidates (later passes pick up exchanges that
/// an earlier exchange and its repair unblocked).
const PASSES: usize = 4;
/// Compound exchanges (an exchange plus its repairs) tried per scan.
const COMPOUND_TRIES: usize = 32;
/// Upper bound on rounds over all pairs (a safety net; rounds stop as soon
/// as one changes nothing).
const MAX_ROUNDS: usize = 200;

/// One group of a pair: its people grouped by profile, each profile's people
/// sorted by how much their own move to the other group would cost.
pub(super) struct Side {
    /// (profile, move delta, person) for every member, sorted.
    all: Vec<(u32, Cost, u32)>,
    /// (move delta, first person) per profile present, sorted.
    pub(super) ranked: Vec<(Cost, u32)>,
    /// Members whose own move fixes an organisation conflict or honours a
    /// preference.
    gainers: Vec<u32>,
    /// `stamp[profile] == current stamp` when the entries below are valid.
    pub(super) stamp: Vec<u32>,
    /// Index in `all` of the profile's first, next unused, and past-last person.
    start: Vec<u32>,
    cursor: Vec<u32>,
    end: Vec<u32>,
}

impl Side {
    fn new(profiles: usize) -> Self {
        Side {
            all: Vec::new(),
            ranked: Vec::new(),
            gainers: Vec::new(),
            stamp: vec![0; profiles],
            start: vec![0; profiles],
            cursor: vec![0; profiles],
            end: vec![0; profiles],
        }
    }

    fn fill(&mut self, s: &State<'_>, from: usize, to: usize, stamp: u32) {
        self.all.clear();
        self.gainers.clear();
        for &i in &s.members[from] {
            let d = s.move_delta(i as usize, to);
            if d.org < 0 || d.pref < 0 {
                self.gainers.push(i);
            }
            self.all.push((s.p.profile[i as usize], d, i));
        }
        self.all.sort_unstable();
        self.ranked.clear();
        for (at, &(pr, d, i)) in self.all.iter().enumerate() {
            let slot = pr as usize;
            if self.stamp[slot] != stamp {
                self.stamp[slot] = stamp;
                self.start[slot] = at as u32;
                self.cursor[slot] = at as u32;
                self.ranked.push((d, i));
            }
            self.end[slot] = at as u32 + 1;
        }
        self.ranked.sort_unstable();
    }

    /// The person of `profile` whose move costs least, if any is here.
    fn first(&self, profile: u32, stamp: u32) -> Option<u32> {
        let pr = profile as usize;
        (self.stamp[pr] == stamp).then(|| self.all[self.start[pr] as usize].2)
    }

    /// The cheapest person of `profile` not yet exchanged in this scan.
    pub(super) fn next_unused(&mut self, profile: u32, used: &[bool]) -> Option<u32> {
        let pr = profile as usize;
        while self.cursor[pr] < self.end[pr] {
            let i = self.all[self.cursor[pr] as usize].2;
            if !used[i as usize] {
                return Some(i);
            }
            self.cursor[pr] += 1;
        }
        None
    }
}

/// Searches exchanges between groups until none improves the cost.
pub(super) struct Improver {
    /// Profile ids differing from each profile in exactly one attribute.
    pub(super) neighbours: Vec<Vec<u32>>,
    /// The pair's first group.
    pub(super) a: Side,
    /// The pair's second group.
    pub(super) b: Side,
    pub(super) stamp: u32,
    /// (delta, person in first group, person in second group).
    candidates: Vec<(Cost, u32, u32)>,
    /// People exchanged in the current scan (their side data is stale).
    pub(super) used: Vec<bool>,
    /// People already tried in a compound exchange in the current scan.
    tried: Vec<bool>,
    /// Profile of each person (a copy, so `resolve` needs no `State`).
    profile_of: Vec<u32>,
}

impl Improver {
    pub fn new(p: &Problem) -> Self {
        Improver {
            neighbours: neighbour_profiles(p),
            a: Side::new(p.profiles.len()),
            b: Side::new(p.profiles.len()),
            stamp: 0,
            candidates: Vec::new(),
            used: vec![false; p.n],
            tried: vec![false; p.n],
            profile_of: p.profile.clone(),
        }
    }

    /// Rounds over all pairs of non-empty groups (in a seeded order) until a
    /// round changes nothing.
    pub fn run(&mut self, s: &mut State<'_>, rng: &mut SplitMix64) {
        let open: Vec<usize> = (0..s.p.k).filter(|&g| s.p.sizes[g] > 0).collect();
        let mut pairs = Vec::new();
        for (x, &g1) in open.iter().enumerate() {
            for &g2 in &open[x + 1..] {
                pairs.push((g1, g2));
            }
        }
        rng.shuffle(&mut pairs);
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for &(g1, g2) in &pairs {
                while self.improve_pair(s, g1, g2) > 0 {
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The candidate at `at`, with people already exchanged in this scan
    /// replaced by the cheapest unused person of the same profile and side.
    fn resolve(&mut self, at: usize) -> Option<(usize, usize)> {
        let (_, i, j) = self.candidates[at];
        let (profile_i, profile_j) = (self.profile_of[i as usize], self.profile_of[j as usize]);
        let i = if self.used[i as usize] {
            self.a.next_unused(profile_i, &self.used)?
        } else {
            i
        };
        let j = if self.used[j as usize] {
            self.b.next_unused(profile_j, &self.used)?
        } else {
            j
        };
        Some((i as usize, j as usize))
    }

    /// One scan of the pair (g1, g2); returns the number of exchanges made.
    fn improve_pair(&mut self, s: &mut State<'_>, g1: usize, g2: usize) -> usize {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.a.stamp.fill(0);
            self.b.stamp.fill(0);
            self.stamp = 1;
        }
        let stamp = self.stamp;
        self.a.fill(s, g1, g2, stamp);
        self.b.fill(s, g2, g1, stamp);
        self.candidates.clear();
        if s.members[g1].len() * s.members[g2].len() <= EXHAUSTIVE {
            for &i in &s.members[g1] {
                for &j in &s.members[g2] {
                    self.candidates.push((Cost::ZERO, i, j));
                }
            }
        }
        for &(_, i) in self.a.ranked.iter().take(TOP) {
            for &(_, j) in self.b.ranked.iter().take(TOP) {
                self.candidates.push((Cost::ZERO, i, j));
            }
        }
        for (from, other, other_group, a_side) in
            [(&self.a, &self.b, g2, true), (&self.b, &self.a, g1, false)]
        {
            let top = from.ranked.iter().take(NEIGHBOUR_TOP).map(|&(_, i)| i);
            for i in top.chain(from.gainers.iter().copied()) {
                let mut push = |j: u32| {
                    self.candidates.push(if a_side {
                        (Cost::ZERO, i, j)
                    } else {
                        (Cost::ZERO, j, i)
                    })
                };
                partners(s, &self.neighbours, i, other, other_group, stamp, &mut push);
            }
        }
        for c in self.candidates.iter_mut() {
            c.0 = s.swap_delta(c.1 as usize, c.2 as usize);
        }
        self.candidates
            .retain(|c| c.0 < Cost::ZERO || blocked_gain(c.0));
        self.candidates.sort_unstable();
        self.candidates.dedup_by_key(|c| (c.1, c.2));

        // Apply, then pass over the remaining candidates again: an exchange
        // that used up the room in the ±1 band is followed by a repair that
        // restores it, which in turn unblocks the next.
        let mut applied = 0;
        let mut touched = Vec::new();
        for _ in 0..PASSES {
            let before = applied;
            for at in 0..self.candidates.len() {
                let Some((i, j)) = self.resolve(at) else {
                    continue;
                };
                if s.swap_delta(i, j) < Cost::ZERO {
                    s.swap(i, j);
                    self.mark(&[i, j], &mut touched);
                    applied += 1 + self.repair(s, i, j, &mut touched);
                }
            }
            if applied == before {
                break;
            }
        }
        // Gains that the band blocks on their own: try the most promising
        // with repairs, each person once and a bounded number per scan (a
        // try costs a scan of the profiles).
        let mut tried = Vec::new();
        for at in 0..self.candidates.len() {
            if tried.len() >= 2 * COMPOUND_TRIES {
                break;
            }
            let Some((i, j)) = self.resolve(at) else {
                continue;
            };
            let d = s.swap_delta(i, j);
            if d >= Cost::ZERO && blocked_gain(d) && !self.tried[i] && !self.tried[j] {
                self.tried[i] = true;
                self.tried[j] = true;
                tried.extend([i, j]);
                applied += self.compound(s, i, j, d, &mut touched);
            }
        }
        for i in touched {
            self.used[i] = false;
        }
        for i in tried {
            self.tried[i] = false;
        }
        applied
    }
}

/// An exchange that fixes a conflict or honours a preference but breaks the
/// band: worth trying together with repairs.
fn blocked_gain(d: Cost) -> bool {
    d.org < 0 || (d.org == 0 && d.pref < 0)
}

/// Calls `push` with people in `other_group` worth exchanging with `i`: the
/// cheapest person of `i`'s own profile (an exchange that leaves balance
/// untouched), of every profile one attribute away (an exchange that moves
/// one attribute only), and `i`'s colleagues (no new organisation conflict).
fn partners(
    s: &State<'_>,
    neighbours: &[Vec<u32>],
    i: u32,
    other: &Side,
    other_group: usize,
    stamp: u32,
    push: &mut impl FnMut(u32),
) {
    let p = s.p;
    let profile = p.profile[i as usize];
    let near = std::iter::once(profile).chain(neighbours[profile as usize].iter().copied());
    for j in near.filter_map(|pr| other.first(pr, stamp)) {
        push(j);
    }
    let o = p.org[i as usize];
    if o != NONE {
        for &m in &p.org_members[o as usize] {
            if s.group[m as usize] as usize == other_group {
                push(m);
            }
        }
    }
}

/// For each profile, the profiles that differ from it in one attribute.
fn neighbour_profiles(p: &Problem) -> Vec<Vec<u32>> {
    let by_triple: HashMap<[u32; ATTRS], u32> = p
        .profiles
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    (p.profiles.iter())
        .map(|&triple| {
            let mut near = Vec::new();
            for attr in 0..ATTRS {
                for v in 0..p.totals[attr].len() as u32 {
                    let mut t = triple;
                    t[attr] = v;
                    if v != triple[attr]
                        && let Some(&pr) = by_triple.get(&t)
                    {
                        near.push(pr);
                    }
                }
            }
            near
        })
        .collect()
}
