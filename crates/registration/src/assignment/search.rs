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

use super::cycles;
use super::problem::{ATTRS, Cost, NONE, Problem};
use super::state::State;
use super::swaps::Improver;
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
    let rarest = |i: usize| {
        (0..ATTRS)
            .map(|a| p.totals[a][p.values[a][i] as usize])
            .min()
            .unwrap_or(0)
    };
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

/// Instances with at most this many person-group pairs also retry for
/// unmet preferences (which are often unavoidable, so larger instances do
/// not spend the time).
const PREFERENCE_RETRY_WORK: usize = 600;

/// Attempts on instances whose first attempt leaves organisation conflicts
/// or deviations beyond ±1 (or, on small instances, unmet preferences): many for small instances, where the swap search
/// can stop in a local optimum and an attempt costs little; one from a few
/// thousand people on, where the first attempt is practically always the
/// answer and more would only cost time.
fn max_attempts(people: usize) -> usize {
    (2_000 / people.max(1)).clamp(1, 64)
}

/// The best assignment found: attempt 0 starts from the greedy placement,
/// later ones alternately from the greedy placement in a plain shuffled
/// order and from a random placement; each is improved by the swap search.
/// Stops early at an attempt with no conflict, no deviation beyond ±1 and
/// (on small instances) no more unmet preferences than group sizes force.
pub(super) fn solve(p: &Problem, seed: u64) -> Vec<usize> {
    let mut improver = Improver::new(p);
    // Preferences that cannot all be met: more people want a group than it holds.
    let mut wanted = vec![0i64; p.k];
    for &g in p.pref.iter().filter(|&&g| g != NONE) {
        wanted[g as usize] += 1;
    }
    let pref_floor: i64 = (0..p.k).map(|g| (wanted[g] - p.sizes[g]).max(0)).sum();
    let mut best: Option<(Cost, Vec<usize>)> = None;
    for attempt in 0..max_attempts(p.n) {
        let mut rng = SplitMix64::new(seed ^ (attempt as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let mut state = match attempt % 2 {
            _ if attempt == 0 => greedy(p, &placement_order(p, &mut rng)),
            1 => {
                let mut order: Vec<usize> = (0..p.n).collect();
                rng.shuffle(&mut order);
                greedy(p, &order)
            }
            _ => random_fill(p, &mut rng),
        };
        improver.run(&mut state, &mut rng);
        if p.n * p.k <= cycles::MAX_WORK {
            while state.total_cost().pref > 0 && cycles::rotate_preferences(&mut state) > 0 {
                improver.run(&mut state, &mut rng);
            }
        }
        let cost = state.total_cost();
        if best.as_ref().is_none_or(|(b, _)| cost < *b) {
            best = Some((cost, state.groups()));
        }
        if cost.org == 0 && cost.band == 0 && (cost.pref <= pref_floor || p.n * p.k > PREFERENCE_RETRY_WORK)
        {
            break;
        }
    }
    best.map(|(_, groups)| groups).unwrap_or_default()
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
