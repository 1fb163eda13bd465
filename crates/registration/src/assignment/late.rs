//! Placing a registrant who arrives after the assignment was made.

use super::problem::Problem;
use super::state::State;
use super::{AssignError, Candidate, GroupSpec, check_preferences};

/// What `place_late` minimises, in order (see its documentation).
type LateKey = (i64, usize, i64, usize, i64, i128);

/// The group for a late `newcomer`, given everybody else's `current` group
/// (`current[i]` is the group of `people[i]`). Nobody already placed moves.
///
/// Among the groups with room, the choice minimises, in this order:
/// organisation conflicts; group sizes spreading more than two apart (or
/// further than they already are); deviations beyond ±1 of the
/// proportional shares (recomputed with the newcomer); group sizes
/// spreading more than one apart (or further than they already are); an
/// unmet preference; the sum of squared deviations. Ties go to the lowest
/// group index. So a late registrant may make one group two larger than
/// another when that keeps every share within ±1.
pub fn place_late(
    people: &[Candidate],
    groups: &[GroupSpec],
    current: &[usize],
    newcomer: &Candidate,
) -> Result<usize, AssignError> {
    let k = groups.len();
    if k == 0 {
        return Err(AssignError::NoGroups);
    }
    if current.len() != people.len() {
        return Err(AssignError::LengthMismatch {
            expected: people.len(),
            got: current.len(),
        });
    }
    if let Some((c, &group)) = people.iter().zip(current).find(|&(_, &g)| g >= k) {
        return Err(AssignError::GroupOutOfRange {
            id: c.id,
            group,
            groups: k,
        });
    }
    check_preferences(people.iter().chain(std::iter::once(newcomer)), k)?;

    let mut sizes = vec![0usize; k];
    for &g in current {
        sizes[g] += 1;
    }
    let has_room = |g: usize| groups[g].capacity.is_none_or(|c| sizes[g] < c);
    let rooms: Vec<usize> = (0..k).filter(|&g| has_room(g)).collect();
    if rooms.is_empty() {
        let available = groups.iter().map(|g| g.capacity.unwrap_or(0)).sum();
        return Err(AssignError::CapacityTooSmall {
            needed: people.len() + 1,
            available,
        });
    }
    let spread = |sizes: &[usize]| {
        let it = rooms.iter().map(|&g| sizes[g]);
        it.clone().max().unwrap_or(0) - it.min().unwrap_or(0)
    };
    let now = spread(&sizes);

    let mut everyone = people.to_vec();
    everyone.push(newcomer.clone());
    let mut assignment = current.to_vec();
    assignment.push(0);
    let mut problem = Problem::new(&everyone, &{
        let mut s = sizes.clone();
        s[rooms[0]] += 1;
        s
    });
    let mut best: Option<(LateKey, usize)> = None;
    for &g in &rooms {
        sizes[g] += 1;
        assignment[people.len()] = g;
        problem.set_sizes(&sizes);
        let cost = State::from_groups(&problem, &assignment).total_cost();
        let after = spread(&sizes);
        sizes[g] -= 1;
        let key = (
            cost.org,
            after.saturating_sub(now.max(2)),
            cost.band,
            after.saturating_sub(now.max(1)),
            cost.pref,
            cost.sq,
        );
        if best.as_ref().is_none_or(|(b, _)| key < *b) {
            best = Some((key, g));
        }
    }
    Ok(best.map(|(_, g)| g).expect("at least one group has room"))
}
