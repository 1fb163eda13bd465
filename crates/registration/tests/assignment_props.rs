//! Property tests of balanced assignment (proptest; a modest number of
//! cases per property keeps the suite fast; PROPTEST_CASES raises it).

mod common;

use common::{Instance, Orgs, instance, objective};
use proptest::prelude::*;
use roundtable_registration::assignment::target_sizes;
use roundtable_registration::{
    BalanceReport, Candidate, GroupSpec, assign, balance_report, place_late,
};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn sizes(assignment: &[usize], k: usize) -> Vec<usize> {
    let mut sizes = vec![0; k];
    for &g in assignment {
        sizes[g] += 1;
    }
    sizes
}

fn report(inst: &Instance, assignment: &[usize]) -> BalanceReport {
    balance_report(&inst.people, &inst.groups, assignment)
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn sizes_capacities_and_seed_determine_the_result(
        inst in instance(0..=80, 1..=6, Orgs::Any, true, true)
    ) {
        check_sizes_capacities_and_seed(&inst)?;
    }
}

fn check_sizes_capacities_and_seed(inst: &Instance) -> Result<(), TestCaseError> {
    let k = inst.groups.len();
    let a = assign(&inst.people, &inst.groups, inst.seed).unwrap();
    prop_assert_eq!(a.len(), inst.people.len());
    prop_assert!(a.iter().all(|&g| g < k));
    let got = sizes(&a, k);
    for (g, spec) in inst.groups.iter().enumerate() {
        prop_assert!(
            spec.capacity.is_none_or(|c| got[g] <= c),
            "group {} over capacity",
            g
        );
    }
    prop_assert_eq!(
        &got,
        &target_sizes(inst.people.len(), &inst.groups).unwrap()
    );
    // Same input, same seed: same assignment.
    prop_assert_eq!(a, assign(&inst.people, &inst.groups, inst.seed).unwrap());
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn without_capacities_sizes_differ_by_at_most_one(
        inst in instance(0..=100, 1..=8, Orgs::Pairs, true, false)
    ) {
        let a = assign(&inst.people, &inst.groups, inst.seed).unwrap();
        let got = sizes(&a, inst.groups.len());
        prop_assert!(got.iter().max().unwrap() - got.iter().min().unwrap() <= 1);
    }

    #[test]
    fn every_value_is_within_one_of_its_share(
        inst in instance(20..=200, 1..=8, Orgs::None, false, false)
    ) {
        // Below a few dozen people three attributes can make ±1 impossible
        // (see docs/assignment.md); there the exhaustive test proves the
        // result optimal instead.
        let a = assign(&inst.people, &inst.groups, inst.seed).unwrap();
        let r = report(&inst, &a);
        prop_assert!(r.within_one, "max deviation {}", r.max_deviation);
        prop_assert!(r.max_deviation <= 1.0 + 1e-9);
        prop_assert!(r.deviation_lower_bound <= r.max_deviation + 1e-9);
    }

    #[test]
    fn organisations_with_pairs_are_split_and_balanced(
        inst in instance(0..=200, 2..=8, Orgs::Pairs, false, false)
    ) {
        let a = assign(&inst.people, &inst.groups, inst.seed).unwrap();
        let r = report(&inst, &a);
        prop_assert_eq!(r.org_conflicts, 0);
        // Colleagues never share a group when there are at least as many
        // groups as colleagues.
        for (i, x) in inst.people.iter().enumerate() {
            for (j, y) in inst.people.iter().enumerate().skip(i + 1) {
                prop_assert!(x.org_key != y.org_key || a[i] != a[j]);
            }
        }
        // The org split can make ±1 impossible in tiny instances (see
        // docs/assignment.md); from a few dozen people on it never has.
        if inst.people.len() >= 40 {
            prop_assert!(r.within_one, "max deviation {}", r.max_deviation);
        }
    }

    #[test]
    fn large_organisations_are_spread_evenly(
        inst in instance(0..=150, 1..=6, Orgs::Any, false, false)
    ) {
        let a = assign(&inst.people, &inst.groups, inst.seed).unwrap();
        prop_assert_eq!(objective(&inst.people, inst.groups.len(), &a).0, 0);
        prop_assert_eq!(report(&inst, &a).org_conflicts, 0);
    }

    #[test]
    fn preferences_that_fit_a_balanced_assignment_are_all_honoured(
        base in instance(1..=30, 2..=5, Orgs::None, false, false)
    ) {
        // Every group gets an identical copy of the same people, each
        // preferring their copy's group: a perfectly balanced assignment
        // honours every preference, so assignment must find one.
        let k = base.groups.len();
        let people: Vec<Candidate> = (0..k)
            .flat_map(|g| base.people.iter().map(move |c| Candidate {
                id: (g * 1000) as u64 + c.id,
                preference: Some(g),
                ..c.clone()
            }))
            .collect();
        let groups = vec![GroupSpec::default(); k];
        let a = assign(&people, &groups, base.seed).unwrap();
        let r = balance_report(&people, &groups, &a);
        prop_assert_eq!(r.preferences_honoured, people.len());
        prop_assert!(r.within_one);
    }

    #[test]
    fn one_popular_group_is_filled_with_people_who_want_it(
        inst in instance(20..=150, 2..=6, Orgs::None, false, false)
    ) {
        let mut people = inst.people.clone();
        for p in &mut people {
            p.preference = Some(0);
        }
        let a = assign(&people, &inst.groups, inst.seed).unwrap();
        let r = balance_report(&people, &inst.groups, &a);
        // Preferences never change sizes or balance...
        prop_assert_eq!(sizes(&a, inst.groups.len()), target_sizes(people.len(), &inst.groups).unwrap());
        prop_assert!(r.within_one);
        // ...but everybody in group 0 wanted it.
        prop_assert_eq!(r.preferences_honoured, r.groups[0].size);
    }

    #[test]
    fn preferences_never_cost_balance_beyond_one(
        inst in instance(20..=150, 1..=6, Orgs::None, true, false)
    ) {
        let a = assign(&inst.people, &inst.groups, inst.seed).unwrap();
        prop_assert!(report(&inst, &a).within_one);
    }

    #[test]
    fn late_registrants_go_where_balance_is_best(
        inst in instance(1..=80, 1..=6, Orgs::Pairs, true, true),
        late in instance(1..=5, 1..=1, Orgs::None, false, false),
    ) {
        let k = inst.groups.len();
        let mut people = inst.people.clone();
        let mut a = assign(&people, &inst.groups, inst.seed).unwrap();
        for (j, newcomer) in late.people.iter().enumerate() {
            let mut newcomer = newcomer.clone();
            newcomer.id = 10_000 + j as u64;
            // Half the newcomers are colleagues of somebody already placed.
            if j % 2 == 0 && !people.is_empty() {
                newcomer.org_key = people[j % people.len()].org_key.clone();
            }
            let Ok(g) = place_late(&people, &inst.groups, &a, &newcomer) else {
                // Only when every group is full.
                let now = sizes(&a, k);
                prop_assert!(inst.groups.iter().enumerate().all(|(g, s)| s.capacity.is_some_and(|c| now[g] >= c)));
                break;
            };
            prop_assert!(inst.groups[g].capacity.is_none_or(|c| sizes(&a, k)[g] < c));
            // No other group with room would have been better on
            // (organisation conflicts, deviation beyond ±1) without
            // spreading sizes more than two apart.
            let mut with = people.clone();
            with.push(newcomer.clone());
            let before = sizes(&a, k);
            let spread = |s: &[usize]| {
                let open: Vec<usize> = (0..k).filter(|&g| inst.groups[g].capacity.is_none_or(|c| before[g] < c)).map(|g| s[g]).collect();
                open.iter().max().unwrap() - open.iter().min().unwrap()
            };
            let score = |g: usize| {
                let mut b = a.clone();
                b.push(g);
                let o = objective(&with, k, &b);
                let mut s = before.clone();
                s[g] += 1;
                (o.0, spread(&s).saturating_sub(spread(&before).max(2)), o.1)
            };
            let chosen = score(g);
            for other in (0..k).filter(|&o| inst.groups[o].capacity.is_none_or(|c| before[o] < c)) {
                prop_assert!(chosen <= score(other), "group {} {:?} beats chosen {} {:?}", other, score(other), g, chosen);
            }
            people = with;
            a.push(g);
        }
    }
}
