//! Construction and attempts: where the swap search starts, and how many
//! times.
//!
//! 1. **Order.** People are shuffled with the seed, then stably sorted so
//!    that the rarest attribute values and rarest profiles go first, while
//!    every group still has room for them.
//! 2. **Greedy.** Each person goes to the group, among those below their
//!    target size, that least worsens organisation conflicts, then has the
//!    lowest sum over the three attributes of "count so far minus the share
//!    expected after this many people of the value" (Pocock–Simon
//!    minimisation with proportional shares). A preference is followed when
//!    it costs at most one person's worth of that running balance or, in
//!    the preference-first variant, whenever the group has room.
//! 3. **Swaps** ([`super::swaps`]) improve each start until no exchange
//!    helps. Sizes never change, so capacities hold throughout.
//! 4. **Attempts.** Balance-first, then (with preferences) preference-first,
//!    then, while organisation conflicts or deviations beyond ±1 remain,
//!    shuffled and random starts, more of them for small instances; the
//!    best by the lexicographic cost wins.
//! 5. **Rotations** ([`super::cycles`]) then look for three-way moves that
//!    honour more preferences, followed by swaps again.

use super::cycles;
use super::problem::{ATTRS, Cost, NONE, Problem};
use super::state::State;
use super::swaps::Improver;
use crate::rng::SplitMix64;

/// The order in which the greedy step places people.
pub(super) fn placement_order(p: &Problem, rng: &mut SplitMix64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..p.n).collect();
    rng.shuffle(&mut order);
    let mut profile_size = vec![0usize; p.profiles.len()];
    for &pr in &p.profile {
        profile_size[pr as usize] += 1;
    }
    let rarest = |i: usize| {
        (0..ATTRS)
            .map(|a| p.totals[a][p.values[a][i] as usize])
            .min()
            .unwrap_or(0)
    };
    order.sort_by_key(|&i| (rarest(i), profile_size[p.profile[i] as usize]));
    order
}

/// Places everybody greedily, filling every group to exactly its size;
/// `preference_first` follows every preference the group sizes allow.
pub(super) fn greedy<'p>(p: &'p Problem, order: &[usize], preference_first: bool) -> State<'p> {
    let mut s = State::empty(p);
    let n = p.n as i64;
    // placed[a][v]: people of value v already placed.
    let mut placed: [Vec<i64>; ATTRS] = std::array::from_fn(|a| vec![0; p.totals[a].len()]);
    let mut filled = vec![0i64; p.k];
    for &i in order {
        // (org conflicts, how far ahead of its running share, fill) per group.
        let mut best: Option<((i64, i64, i128), usize)> = None;
        let mut preferred: Option<(i64, i64)> = None;
        for (g, &size) in p.sizes.iter().enumerate() {
            if filled[g] >= size {
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
            && (preference_first || ahead <= key.1 + n)
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

/// Instances with at most this many person-group pairs also retry for
/// unmet preferences (often unavoidable, so larger instances do not spend
/// the time).
const PREFERENCE_RETRY_WORK: usize = 256;
/// Instances with at most this many person-group pairs use every attempt.
const TINY_WORK: usize = 64;
/// Attempts in a row that may fail to improve on the best before the
/// search concludes that what remains is unavoidable (tiny instances use
/// every attempt).
const PATIENCE: usize = 8;
/// Rounds of rotations (each followed by swaps) on the best attempt.
const ROTATION_ROUNDS: usize = 8;

/// Attempts while organisation conflicts or deviations beyond ±1 remain:
/// many for small instances, where the swap search can stop in a local
/// optimum and an attempt costs little; from a few thousand people on only
/// the balance-first and preference-first starts.
fn max_attempts(people: usize, has_preferences: bool) -> usize {
    (2_000 / people.max(1))
        .clamp(1, 64)
        .max(1 + usize::from(has_preferences))
}

/// Unmet preferences that group sizes alone force: more people want a
/// group than it holds.
fn preference_floor(p: &Problem) -> i64 {
    let mut wanted = vec![0i64; p.k];
    for &g in p.pref.iter().filter(|&&g| g != NONE) {
        wanted[g as usize] += 1;
    }
    (0..p.k).map(|g| (wanted[g] - p.sizes[g]).max(0)).sum()
}

/// The start of attempt `attempt`.
fn start<'p>(p: &'p Problem, attempt: usize, rng: &mut SplitMix64) -> State<'p> {
    match attempt {
        0 => greedy(p, &placement_order(p, rng), false),
        1 => greedy(p, &placement_order(p, rng), true),
        _ if attempt % 2 == 1 => {
            let mut order: Vec<usize> = (0..p.n).collect();
            rng.shuffle(&mut order);
            greedy(p, &order, false)
        }
        _ => random_fill(p, rng),
    }
}

/// The best assignment found (see the module documentation).
pub(super) fn solve(p: &Problem, seed: u64) -> Vec<usize> {
    let mut improver = Improver::new(p);
    let floor = preference_floor(p);
    let has_preferences = p.pref.iter().any(|&g| g != NONE);
    let mut best: Option<(Cost, State<'_>)> = None;
    let mut since_best = 0;
    for attempt in 0..max_attempts(p.n, has_preferences) {
        let mut rng = SplitMix64::new(seed ^ (attempt as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let mut state = start(p, attempt, &mut rng);
        improver.run(&mut state, &mut rng);
        let cost = state.total_cost();
        if best.as_ref().is_none_or(|(b, _)| cost < *b) {
            best = Some((cost, state));
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= PATIENCE && p.n * p.k > TINY_WORK {
                break;
            }
        }
        let tried_preferences = attempt >= 1 || !has_preferences;
        let small = p.n * p.k <= PREFERENCE_RETRY_WORK;
        if cost.org == 0 && cost.band == 0 && (cost.pref <= floor || (tried_preferences && !small))
        {
            break;
        }
    }
    let Some((_, mut state)) = best else {
        return Vec::new();
    };
    if p.n * p.k <= cycles::MAX_WORK {
        let mut rng = SplitMix64::new(seed.rotate_left(17));
        for _ in 0..ROTATION_ROUNDS {
            if state.total_cost().pref <= floor || cycles::rotate_preferences(&mut state) == 0 {
                break;
            }
            improver.run(&mut state, &mut rng);
        }
    }
    state.groups()
}

/// Everybody in a random group, each group filled to its size.
fn random_fill<'p>(p: &'p Problem, rng: &mut SplitMix64) -> State<'p> {
    let mut order: Vec<usize> = (0..p.n).collect();
    rng.shuffle(&mut order);
    let mut s = State::empty(p);
    let mut people = order.into_iter();
    for g in 0..p.k {
        for i in people.by_ref().take(p.sizes[g] as usize) {
            s.place(i, g);
        }
    }
    s
}
