//! Three-way rotations for preferences.
//!
//! With three or more groups, honouring a preference can need a chain: `p`
//! moves to the group they prefer, somebody `q` from there moves to a third
//! group, and somebody `r` from that group takes `p`'s place. No exchange
//! between two groups can do that, so once the swap search has converged,
//! every unmet preference is tried as the start of such a rotation (or of a
//! plain exchange, when the third group is `p`'s own). The whole rotation
//! is kept only if the lexicographic cost improves, so it never buys a
//! preference with balance beyond ±1 or with an organisation conflict.

use super::problem::{Cost, NONE};
use super::state::State;

/// Rotations are tried on instances with at most this many person-group
/// pairs: the search is cubic in group size.
pub(super) const MAX_WORK: usize = 20_000;

/// Makes every improving rotation that starts with an unmet preference, in
/// person order; returns how many were made.
pub(super) fn rotate_preferences(s: &mut State<'_>) -> usize {
    let p = s.p;
    let mut made = 0;
    for i in 0..p.n {
        let (from, to) = (s.group[i] as usize, p.pref[i]);
        if to == NONE || to as usize == from {
            continue;
        }
        if let Some((q, g3, r)) = best_rotation(s, i, to as usize) {
            s.relocate(i, to as usize);
            s.relocate(q, g3);
            if let Some(r) = r {
                s.relocate(r, from);
            }
            made += 1;
        }
    }
    made
}

/// The best improving rotation that moves `i` to `to`: (q, q's new group,
/// r), where `r` is `None` when q simply takes i's place.
fn best_rotation(s: &mut State<'_>, i: usize, to: usize) -> Option<(usize, usize, Option<usize>)> {
    let p = s.p;
    let from = s.group[i] as usize;
    let mut best: Option<(Cost, usize, usize, Option<usize>)> = None;
    let mut consider = |d: Cost, q: usize, g3: usize, r: Option<usize>| {
        if d < Cost::ZERO && best.is_none_or(|b| d < b.0) {
            best = Some((d, q, g3, r));
        }
    };
    let d1 = s.move_delta(i, to);
    s.relocate(i, to);
    // Somebody who wants the group they are in would lose as much as `i`
    // gains, so only people who do not prefer their group are moved on.
    let settled = |x: usize, g: usize| p.pref[x] as usize == g;
    let qs: Vec<u32> = (s.members[to].iter().copied())
        .filter(|&q| q as usize != i && !settled(q as usize, to))
        .collect();
    for q in qs {
        let q = q as usize;
        for g3 in (0..p.k).filter(|&g| g != to && p.sizes[g] > 0) {
            let d2 = s.move_delta(q, g3);
            if g3 == from {
                consider(d1 + d2, q, g3, None);
                continue;
            }
            s.relocate(q, g3);
            for &r in &s.members[g3] {
                let r = r as usize;
                if r != q && !settled(r, g3) {
                    consider(d1 + d2 + s.move_delta(r, from), q, g3, Some(r));
                }
            }
            s.relocate(q, to);
        }
    }
    s.relocate(i, from);
    best.map(|(_, q, g3, r)| (q, g3, r))
}
