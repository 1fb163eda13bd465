//! Greedy construction followed by a swap local search.
//!
//! 1. **Order.** People are shuffled with the seed, then stably sorted so
//!    that the rarest attribute values and rarest profiles go first, while
//!    every group still has room for them.
//! 2. **Greedy.** Each person goes to the group, among those below their
//!    target size, that least worsens organisation conflicts, then has the
//!    lowest sum over the three attributes of "count so far minus the share
//!    expected after this many people of the value" (Pocock–Simon
//!    minimisation with proportional shares), then honours their preference.
//! 3. **Swaps.** For each pair of groups, candidate exchanges are scored
//!    exactly with the lexicographic [`Cost`] and every improving one is
//!    applied; this repeats until a full round over all pairs improves
//!    nothing. Sizes never change, so capacities hold throughout.

use std::collections::HashMap;

use super::problem::{ATTRS, Cost, NONE, Problem};
use super::state::State;
use crate::rng::SplitMix64;

/// Candidates taken from the top of each side's ranked list.
const TOP: usize = 12;
/// Candidates whose one-attribute neighbours on the other side are tried.
const NEIGHBOUR_TOP: usize = 24;
/// Upper bound on rounds over all pairs (a safety net; rounds stop as soon
/// as one finds nothing to improve).
const MAX_ROUNDS: usize = 200;

/// The order in which the greedy step places people.
pub(super) fn placement_order(p: &Problem, rng: &mut SplitMix64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..p.n).collect();
    rng.shuffle(&mut order);
    let mut profile_size = vec![0usize; p.profiles.len()];
    for &pr in &p.profile {
        profile_size[pr as usize] += 1;
    }
    let rarest = |i: usize| (0..ATTRS).map(|a| p.totals[a][p.values[a][i] as usize]).min().unwrap_or(0);
    order.sort_by_key(|&i| (rarest(i), profile_size[p.profile[i] as usize]));
    order
}

/// Places everybody greedily, filling every group to exactly its size.
pub(super) fn greedy<'p>(p: &'p Problem, order: &[usize]) -> State<'p> {
    let mut s = State::empty(p);
    let n = p.n as i64;
    // placed[a][v]: people of value v already placed.
    let mut placed: [Vec<i64>; ATTRS] = std::array::from_fn(|a| vec![0; p.totals[a].len()]);
    let mut filled = vec![0i64; p.k];
    for &i in order {
        // (org conflicts, how far ahead of its running share, fill) per group.
        let mut best: Option<((i64, i64, i128), usize)> = None;
        let mut preferred: Option<(i64, i64)> = None;
        for g in 0..p.k {
            if filled[g] >= p.sizes[g] {
                continue;
            }
            let d = s.place_delta(i, g);
            // Σ_a (c·n − s·(x+1)): how far ahead of its running share g is.
            let ahead: i64 = (0..ATTRS)
                .map(|a| {
                    let v = p.values[a][i];
                    s.count(a, v, g) * n - p.sizes[g] * (placed[a][v as usize] + 1)
                })
                .sum();
            let fill = i128::from(filled[g]) * 1_000_000 / i128::from(p.sizes[g]);
            let key = (d.org, ahead, fill);
            if best.is_none_or(|(b, _)| key < b) {
                best = Some((key, g));
            }
            if p.pref[i] as usize == g {
                preferred = Some((d.org, ahead));
            }
        }
        let (key, mut g) = best.expect("target sizes sum to the number of people");
        // Honour the preference when it costs at most one person's worth of
        // running balance; the swap search restores the rest.
        if let Some((org, ahead)) = preferred
            && org == key.0
            && ahead <= key.1 + n
        {
            g = p.pref[i] as usize;
        }
        s.place(i, g);
        filled[g] += 1;
        for a in 0..ATTRS {
            placed[a][p.values[a][i] as usize] += 1;
        }
    }
    s
}

/// Profile lookup for one-attribute neighbours.
pub(super) struct Profiles {
    by_triple: HashMap<[u32; ATTRS], u32>,
}

impl Profiles {
    pub fn new(p: &Problem) -> Self {
        let by_triple = p.profiles.iter().enumerate().map(|(i, t)| (*t, i as u32)).collect();
        Profiles { by_triple }
    }
}

/// Per-profile best representative of one side of a group pair.
struct Side {
    /// (move delta, person), one per profile present, sorted ascending.
    ranked: Vec<(Cost, u32)>,
    /// stamp[profile] == current stamp when `rep[profile]` is valid.
    stamp: Vec<u32>,
    rep: Vec<u32>,
}

impl Side {
    fn new(profiles: usize) -> Self {
        Side { ranked: Vec::new(), stamp: vec![0; profiles], rep: vec![0; profiles] }
    }

    fn fill(&mut self, s: &State<'_>, from: usize, to: usize, stamp: u32) {
        self.ranked.clear();
        let mut best: Vec<(Cost, u32)> = Vec::new();
        for &i in &s.members[from] {
            let pr = s.p.profile[i as usize] as usize;
            let d = s.move_delta(i as usize, to);
            if self.stamp[pr] != stamp {
                self.stamp[pr] = stamp;
                self.rep[pr] = best.len() as u32;
                best.push((d, i));
            } else {
                let slot = &mut best[self.rep[pr] as usize];
                if (d, i) < *slot {
                    *slot = (d, i);
                }
            }
        }
        best.sort_unstable();
        for (at, &(_, i)) in best.iter().enumerate() {
            self.rep[s.p.profile[i as usize] as usize] = at as u32;
        }
        self.ranked = best;
    }

    /// The representative of `profile` on this side, if present.
    fn get(&self, profile: u32, stamp: u32) -> Option<u32> {
        let pr = profile as usize;
        (self.stamp[pr] == stamp).then(|| self.ranked[self.rep[pr] as usize].1)
    }
}

/// Searches exchanges between groups until no exchange improves the cost.
pub(super) struct Improver {
    profiles: Profiles,
    a: Side,
    b: Side,
    stamp: u32,
    candidates: Vec<(Cost, u32, u32)>,
    used: Vec<bool>,
}

impl Improver {
    pub fn new(p: &Problem) -> Self {
        Improver {
            profiles: Profiles::new(p),
            a: Side::new(p.profiles.len()),
            b: Side::new(p.profiles.len()),
            stamp: 0,
            candidates: Vec::new(),
            used: vec![false; p.n],
        }
    }

    /// Runs rounds over all group pairs (in a seeded order) until a round
    /// changes nothing.
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

    /// One scan of the pair (g1, g2); returns the number of swaps applied.
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
        let (a, b) = (&self.a, &self.b);
        for &(_, i) in a.ranked.iter().take(TOP) {
            for &(_, j) in b.ranked.iter().take(TOP) {
                self.candidates.push((Cost::ZERO, i, j));
            }
        }
        for (from, other, other_group, a_side) in [(a, b, g2, true), (b, a, g1, false)] {
            // The best-ranked people, and everybody whose own move would fix
            // an organisation conflict or honour a preference (their rank can
            // hide behind a band change that an exchange cancels).
            let gainers = (from.ranked.iter().enumerate())
                .filter(|(at, (d, _))| *at < NEIGHBOUR_TOP || d.org < 0 || d.pref < 0);
            for (_, &(_, i)) in gainers {
                let mut push = |j: u32| self.candidates.push(if a_side { (Cost::ZERO, i, j) } else { (Cost::ZERO, j, i) });
                partners(s, &self.profiles, i, other, other_group, stamp, &mut push);
            }
        }

        for c in self.candidates.iter_mut() {
            c.0 = s.swap_delta(c.1 as usize, c.2 as usize);
        }
        self.candidates.retain(|c| c.0 < Cost::ZERO);
        self.candidates.sort_unstable();
        self.candidates.dedup_by_key(|c| (c.1, c.2));
        let mut applied = 0;
        for &(_, i, j) in &self.candidates {
            let (i, j) = (i as usize, j as usize);
            if self.used[i] || self.used[j] {
                continue;
            }
            if s.swap_delta(i, j) < Cost::ZERO {
                s.swap(i, j);
                self.used[i] = true;
                self.used[j] = true;
                applied += 1;
            }
        }
        for &(_, i, j) in &self.candidates {
            self.used[i as usize] = false;
            self.used[j as usize] = false;
        }
        applied
    }
}

/// Calls `push` with people in `other_group` worth exchanging with `i`: the
/// representative of `i`'s own profile (an exchange that leaves balance
/// untouched), of every profile that differs from it in one attribute (an
/// exchange that moves one attribute only), and `i`'s colleagues (an
/// exchange that never adds an organisation conflict).
fn partners(
    s: &State<'_>,
    profiles: &Profiles,
    i: u32,
    other: &Side,
    other_group: usize,
    stamp: u32,
    push: &mut impl FnMut(u32),
) {
    let p = s.p;
    let triple = p.profiles[p.profile[i as usize] as usize];
    let mut try_triple = |t: [u32; ATTRS]| {
        if let Some(&pr) = profiles.by_triple.get(&t)
            && let Some(j) = other.get(pr, stamp)
        {
            push(j);
        }
    };
    try_triple(triple);
    for attr in 0..ATTRS {
        for v in 0..p.totals[attr].len() as u32 {
            if v != triple[attr] {
                let mut t = triple;
                t[attr] = v;
                try_triple(t);
            }
        }
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
