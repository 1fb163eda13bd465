//! A (partial) assignment with incremental cost deltas for moves and swaps.

use super::problem::{ATTRS, Cost, NONE, Problem};

/// Group of an unplaced person.
pub(super) const UNPLACED: u32 = u32::MAX;

/// Counts per (attribute value, group) and group membership lists, kept in
/// step with `group` so every delta is O(1) (plus organisation size).
#[derive(Debug, Clone)]
pub(super) struct State<'p> {
    pub p: &'p Problem,
    /// Group of each person, or [`UNPLACED`].
    pub group: Vec<u32>,
    /// `count[a][v·k + g]`: people with value `v` of attribute `a` in `g`.
    count: [Vec<i64>; ATTRS],
    /// Members of each group, in no particular order.
    pub members: Vec<Vec<u32>>,
    /// Position of each placed person in its group's member list.
    pos: Vec<u32>,
}

impl<'p> State<'p> {
    /// Nobody placed yet.
    pub fn empty(p: &'p Problem) -> Self {
        State {
            p,
            group: vec![UNPLACED; p.n],
            count: std::array::from_fn(|a| vec![0; p.totals[a].len() * p.k]),
            members: vec![Vec::new(); p.k],
            pos: vec![0; p.n],
        }
    }

    /// Everybody placed as `groups` says.
    pub fn from_groups(p: &'p Problem, groups: &[usize]) -> Self {
        let mut s = State::empty(p);
        for (i, &g) in groups.iter().enumerate() {
            s.place(i, g);
        }
        s
    }

    /// Index of the (value, group) cell in an attribute's counts.
    #[inline]
    fn cell(&self, v: u32, g: usize) -> usize {
        v as usize * self.p.k + g
    }

    /// People with value `v` of attribute `a` in group `g`.
    #[inline]
    pub fn count(&self, a: usize, v: u32, g: usize) -> i64 {
        self.count[a][self.cell(v, g)]
    }

    /// Cost change of adding `delta` (±1) people with value `v` to cell (a, g).
    #[inline]
    fn cell_delta(&self, a: usize, v: u32, g: usize, delta: i64) -> Cost {
        let c = self.count(a, v, g);
        let before = self.p.scaled_dev(a, v, g, c);
        let after = self.p.scaled_dev(a, v, g, c + delta);
        self.p.cell_cost(after) - self.p.cell_cost(before)
    }

    /// People of organisation `o` in group `g`.
    #[inline]
    pub fn org_count(&self, o: u32, g: usize) -> i64 {
        let members = &self.p.org_members[o as usize];
        members
            .iter()
            .filter(|&&m| self.group[m as usize] == g as u32)
            .count() as i64
    }

    /// Organisation-conflict change of moving person `i` from `from` (or
    /// nowhere) to `to`.
    #[inline]
    fn org_delta(&self, i: usize, from: Option<usize>, to: usize) -> i64 {
        let o = self.p.org[i];
        if o == NONE {
            return 0;
        }
        let mut d = 0;
        if let Some(f) = from {
            let c = self.org_count(o, f);
            d += self.p.org_excess(o, c - 1) - self.p.org_excess(o, c);
        }
        let c = self.org_count(o, to);
        d + self.p.org_excess(o, c + 1) - self.p.org_excess(o, c)
    }

    /// Cost change of placing unplaced person `i` in `g`, counting only the
    /// cells, organisation and preference of `i`.
    pub fn place_delta(&self, i: usize, g: usize) -> Cost {
        let mut d = Cost::ZERO;
        for a in 0..ATTRS {
            d += self.cell_delta(a, self.p.values[a][i], g, 1);
        }
        d.org += self.org_delta(i, None, g);
        d.pref += self.p.unmet(i, g);
        d
    }

    /// Cost change of moving placed person `i` to group `to` (sizes change).
    pub fn move_delta(&self, i: usize, to: usize) -> Cost {
        let from = self.group[i] as usize;
        let mut d = Cost::ZERO;
        for a in 0..ATTRS {
            let v = self.p.values[a][i];
            d += self.cell_delta(a, v, from, -1) + self.cell_delta(a, v, to, 1);
        }
        d.org += self.org_delta(i, Some(from), to);
        d.pref += self.p.unmet(i, to) - self.p.unmet(i, from);
        d
    }

    /// Exact cost change of exchanging the groups of `i` and `j`.
    pub fn swap_delta(&self, i: usize, j: usize) -> Cost {
        let (gi, gj) = (self.group[i] as usize, self.group[j] as usize);
        debug_assert_ne!(gi, gj);
        let mut d = Cost::ZERO;
        for a in 0..ATTRS {
            let (vi, vj) = (self.p.values[a][i], self.p.values[a][j]);
            if vi != vj {
                d += self.cell_delta(a, vi, gi, -1)
                    + self.cell_delta(a, vi, gj, 1)
                    + self.cell_delta(a, vj, gj, -1)
                    + self.cell_delta(a, vj, gi, 1);
            }
        }
        if self.p.org[i] != self.p.org[j] {
            d.org += self.org_delta(i, Some(gi), gj) + self.org_delta(j, Some(gj), gi);
        }
        d.pref +=
            self.p.unmet(i, gj) - self.p.unmet(i, gi) + self.p.unmet(j, gi) - self.p.unmet(j, gj);
        d
    }

    /// Puts unplaced person `i` in group `g`.
    pub fn place(&mut self, i: usize, g: usize) {
        debug_assert_eq!(self.group[i], UNPLACED);
        for a in 0..ATTRS {
            let c = self.cell(self.p.values[a][i], g);
            self.count[a][c] += 1;
        }
        self.group[i] = g as u32;
        self.pos[i] = self.members[g].len() as u32;
        self.members[g].push(i as u32);
    }

    /// Takes placed person `i` out of their group.
    fn unplace(&mut self, i: usize) {
        let g = self.group[i] as usize;
        for a in 0..ATTRS {
            let c = self.cell(self.p.values[a][i], g);
            self.count[a][c] -= 1;
        }
        let at = self.pos[i] as usize;
        self.members[g].swap_remove(at);
        if let Some(&moved) = self.members[g].get(at) {
            self.pos[moved as usize] = at as u32;
        }
        self.group[i] = UNPLACED;
    }

    /// Moves placed person `i` to group `to`.
    pub fn relocate(&mut self, i: usize, to: usize) {
        self.unplace(i);
        self.place(i, to);
    }

    /// Exchanges the groups of `i` and `j`.
    pub fn swap(&mut self, i: usize, j: usize) {
        let (gi, gj) = (self.group[i] as usize, self.group[j] as usize);
        self.relocate(i, gj);
        self.relocate(j, gi);
    }

    /// The full cost of a complete assignment, from scratch.
    pub fn total_cost(&self) -> Cost {
        let p = self.p;
        let mut cost = Cost::ZERO;
        for a in 0..ATTRS {
            for v in 0..p.totals[a].len() as u32 {
                for g in 0..p.k {
                    cost += p.cell_cost(p.scaled_dev(a, v, g, self.count(a, v, g)));
                }
            }
        }
        for o in 0..p.org_members.len() as u32 {
            for g in 0..p.k {
                cost.org += p.org_excess(o, self.org_count(o, g));
            }
        }
        for (i, &g) in self.group.iter().enumerate() {
            cost.pref += p.unmet(i, g as usize);
        }
        cost
    }

    /// The group of every person, as `usize`.
    pub fn groups(&self) -> Vec<usize> {
        self.group.iter().map(|&g| g as usize).collect()
    }
}
