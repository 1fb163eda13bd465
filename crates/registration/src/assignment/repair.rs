//! Repairs: an exchange that undoes another exchange's effect on one
//! attribute, using two other people.
//!
//! Honouring a preference or splitting colleagues often means exchanging two
//! people who differ in an attribute, which uses up the room that attribute
//! has in the ±1 band. A repair exchanges two *other* people who differ only
//! in that attribute, the other way round, so the band has room again. After
//! an improving exchange the best improving repair is made at once; an
//! exchange that the band blocks on its own is tried together with its
//! repairs, and kept only if the whole improves the cost.

use super::problem::{ATTRS, Cost};
use super::state::State;
use super::swaps::Improver;

impl Improver {
    /// Marks people as exchanged in this scan.
    pub(super) fn mark(&mut self, people: &[usize], touched: &mut Vec<usize>) {
        for &x in people {
            self.used[x] = true;
        }
        touched.extend_from_slice(people);
    }

    /// The best exchange of an unused `x` in the first group holding `j`'s
    /// value of attribute `a` with an unused `y` in the second group holding
    /// `i`'s value, `x` and `y` otherwise alike; after `i` (first group) and
    /// `j` (second group) were exchanged.
    fn best_repair(
        &mut self,
        s: &State<'_>,
        a: usize,
        i: usize,
        j: usize,
    ) -> Option<(Cost, usize, usize)> {
        let p = s.p;
        let (moved_out, moved_in) = (p.values[a][i], p.values[a][j]);
        let mut best: Option<(Cost, u32, u32)> = None;
        for at in 0..self.a.ranked.len() {
            let x_profile = p.profile[self.a.ranked[at].1 as usize];
            if p.profiles[x_profile as usize][a] != moved_in {
                continue;
            }
            for &y_profile in &self.neighbours[x_profile as usize] {
                if p.profiles[y_profile as usize][a] != moved_out
                    || self.b.stamp[y_profile as usize] != self.stamp
                {
                    continue;
                }
                let (Some(x), Some(y)) = (
                    self.a.next_unused(x_profile, &self.used),
                    self.b.next_unused(y_profile, &self.used),
                ) else {
                    continue;
                };
                let d = s.swap_delta(x as usize, y as usize);
                if best.is_none_or(|b| (d, x, y) < b) {
                    best = Some((d, x, y));
                }
            }
        }
        best.map(|(d, x, y)| (d, x as usize, y as usize))
    }

    /// After the improving exchange of `i` and `j`, makes the best improving
    /// repair for each attribute they differ in; returns repairs made.
    pub(super) fn repair(
        &mut self,
        s: &mut State<'_>,
        i: usize,
        j: usize,
        touched: &mut Vec<usize>,
    ) -> usize {
        let mut made = 0;
        for a in 0..ATTRS {
            if s.p.values[a][i] == s.p.values[a][j] {
                continue;
            }
            if let Some((d, x, y)) = self.best_repair(s, a, i, j)
                && d < Cost::ZERO
            {
                s.swap(x, y);
                self.mark(&[x, y], touched);
                made += 1;
            }
        }
        made
    }

    /// Exchanges `i` and `j` (whose delta `d` is not an improvement) together
    /// with the best repair for each attribute they differ in, and keeps all
    /// of it only if the total improves the cost; returns exchanges made.
    pub(super) fn compound(
        &mut self,
        s: &mut State<'_>,
        i: usize,
        j: usize,
        d: Cost,
        touched: &mut Vec<usize>,
    ) -> usize {
        let mut total = d;
        s.swap(i, j);
        self.used[i] = true;
        self.used[j] = true;
        let mut done = vec![(i, j)];
        for a in 0..ATTRS {
            if s.p.values[a][i] == s.p.values[a][j] {
                continue;
            }
            if let Some((d, x, y)) = self.best_repair(s, a, i, j) {
                s.swap(x, y);
                self.used[x] = true;
                self.used[y] = true;
                total += d;
                done.push((x, y));
            }
        }
        if total < Cost::ZERO {
            for &(x, y) in &done {
                touched.extend([x, y]);
            }
            return done.len();
        }
        for &(x, y) in done.iter().rev() {
            s.swap(x, y);
            self.used[x] = false;
            self.used[y] = false;
        }
        0
    }
}
