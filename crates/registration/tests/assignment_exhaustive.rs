//! On instances small enough to enumerate every assignment, assignment
//! reaches the true optimum of its objective: fewest organisation
//! conflicts, then least deviation beyond ±1, then fewest unmet
//! preferences.

mod common;

use common::{Orgs, all_assignments, instance, objective};
use proptest::prelude::*;
use roundtable_registration::assign;
use roundtable_registration::assignment::target_sizes;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn assignment_is_optimal_on_tiny_instances(
        inst in instance(0..=8, 2..=3, Orgs::Any, true, true),
        pairs in any::<bool>(),
    ) {
        let mut inst = inst;
        if pairs {
            for (i, p) in inst.people.iter_mut().enumerate() {
                p.org_key = format!("org-{}", i / 2);
            }
        }
        let k = inst.groups.len();
        let n = inst.people.len();
        let sizes = target_sizes(n, &inst.groups).unwrap();
        let ours = objective(&inst.people, k, &assign(&inst.people, &inst.groups, inst.seed).unwrap());
        let mut best = (usize::MAX, i64::MAX, usize::MAX);
        all_assignments(n, &sizes, |a| best = best.min(objective(&inst.people, k, a)));
        prop_assert_eq!(ours, best);
    }
}
