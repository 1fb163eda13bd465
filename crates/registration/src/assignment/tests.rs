use super::*;

pub(super) fn person(id: u64, sub: &str, gender: &str, cat: &str, org: &str) -> Candidate {
    Candidate {
        id,
        subregion: sub.into(),
        gender: gender.into(),
        category: cat.into(),
        org_key: org.into(),
        preference: None,
    }
}

#[test]
fn smoke() {
    let people: Vec<Candidate> = (0..40)
        .map(|i| {
            person(
                i,
                ["a", "b", "c"][i as usize % 3],
                ["w", "m"][i as usize % 2],
                ["x", "y", "z", "q"][i as usize % 4],
                &format!("o{}", i / 2),
            )
        })
        .collect();
    let groups = vec![GroupSpec::default(); 3];
    let a = assign(&people, &groups, 1).unwrap();
    let r = balance_report(&people, &groups, &a);
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
    assert!(r.within_one);
}

#[test]
#[ignore]
fn debug_pref_gap() {
    use super::problem::Problem;
    use super::state::State;
    let mut rng = crate::rng::SplitMix64::new(10);
    let mut people = Vec::new();
    let mut org = 0;
    while people.len() < 10000 {
        let size = 1 + rng.below(2);
        let sub = format!("s{}", rng.below(12).min(rng.below(12)));
        let cat = format!("c{}", rng.below(14).min(rng.below(14)));
        for _ in 0..size {
            let mut c = person(
                people.len() as u64,
                &sub,
                ["w", "m", "n", "p"][[0, 0, 1, 1, 2, 3][rng.below(6)].min(rng.below(4))],
                &cat,
                &format!("o{org}"),
            );
            c.preference = (rng.below(10) < 3).then(|| rng.below(2));
            people.push(c);
        }
        org += 1;
    }
    let groups = vec![GroupSpec::default(); 2];
    let a = assign(&people, &groups, 1).unwrap();
    let r = balance_report(&people, &groups, &a);
    println!(
        "honoured {}/{} dev {}",
        r.preferences_honoured, r.preferences_total, r.max_deviation
    );
    let sizes = target_sizes(people.len(), &groups).unwrap();
    let p = Problem::new(&people, &sizes);
    let s = State::from_groups(&p, &a);
    let (mut stuck, mut improvable, mut mate_block) = (0, 0, 0);
    for i in 0..people.len() {
        if p.unmet(i, a[i]) == 0 {
            continue;
        }
        let best = (0..people.len())
            .filter(|&j| a[j] != a[i])
            .map(|j| s.swap_delta(i, j))
            .min()
            .unwrap();
        if best < problem::Cost::ZERO {
            improvable += 1
        } else {
            stuck += 1;
            if best.org > 0 || best.band > 0 {
                mate_block += 1
            }
        }
    }
    println!("improvable {improvable} stuck {stuck} band/org-blocked {mate_block}");
}

fn excess(r: &BalanceReport) -> f64 {
    r.attributes
        .iter()
        .flat_map(|a| &a.values)
        .flat_map(|v| {
            v.per_group
                .iter()
                .zip(&v.expected)
                .map(|(&c, &e)| ((c as f64 - e).abs() - 1.0).max(0.0))
        })
        .sum()
}

#[test]
#[ignore]
fn debug_brute_force() {
    use crate::rng::SplitMix64;
    let seed: u64 = std::env::var("BF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(99);
    let mut rng = SplitMix64::new(seed);
    let (mut infeasible, mut infeasible_noorg, mut total, mut worse) = (0, 0, 0, 0);
    for case in 0..4000u64 {
        let k = 2 + rng.below(3);
        let n = 2 + rng.below(if k == 2 {
            11
        } else if k == 3 {
            9
        } else {
            7
        });
        let sv = 1 + rng.below(4);
        let gv = 1 + rng.below(3);
        let cv = 1 + rng.below(4);
        let with_orgs = rng.below(2) == 0;
        let with_prefs = rng.below(2) == 0;
        let with_caps = rng.below(4) == 0;
        let people: Vec<Candidate> = (0..n)
            .map(|i| {
                let org = if with_orgs {
                    format!("o{}", i / 2)
                } else {
                    String::new()
                };
                let mut c = person(
                    i as u64,
                    &format!("s{}", rng.below(sv)),
                    &format!("g{}", rng.below(gv)),
                    &format!("c{}", rng.below(cv)),
                    &org,
                );
                if with_prefs && rng.below(2) == 0 {
                    c.preference = Some(rng.below(k));
                }
                c
            })
            .collect();
        let mut groups = vec![GroupSpec::default(); k];
        if with_caps {
            groups[0].capacity = Some(rng.below(n / 2 + 1));
        }
        let Ok(sizes) = target_sizes(n, &groups) else {
            continue;
        };
        let ours = assign(&people, &groups, case).unwrap();
        let r = balance_report(&people, &groups, &ours);
        let key = |r: &BalanceReport| {
            (
                r.org_conflicts,
                (excess(r) * 1e6).round() as i64,
                r.preferences_total - r.preferences_honoured,
            )
        };
        let mut best = (usize::MAX, i64::MAX, usize::MAX);
        let mut best_dev = f64::MAX;
        let mut a = vec![0usize; n];
        loop {
            let mut sz = vec![0; k];
            for &g in &a {
                sz[g] += 1;
            }
            if sz == sizes {
                let rb = balance_report(&people, &groups, &a);
                best = best.min(key(&rb));
                best_dev = best_dev.min(rb.max_deviation);
            }
            let mut x = 0;
            while x < n {
                a[x] += 1;
                if a[x] < k {
                    break;
                }
                a[x] = 0;
                x += 1;
            }
            if x == n {
                break;
            }
        }
        total += 1;
        if best_dev > 1.0 + 1e-9 {
            infeasible += 1;
            println!(
                "INFEASIBLE n={n} k={k} caps={:?} best={best:?} dev={best_dev} {:?}",
                groups,
                people
                    .iter()
                    .map(|p| (
                        &p.subregion,
                        &p.gender,
                        &p.category,
                        &p.org_key,
                        p.preference
                    ))
                    .collect::<Vec<_>>()
            );
            if !with_orgs && !with_caps {
                infeasible_noorg += 1;
                println!(
                    "NO-ORG INFEASIBLE n={n} k={k} {:?}",
                    people
                        .iter()
                        .map(|p| (&p.subregion, &p.gender, &p.category))
                        .collect::<Vec<_>>()
                );
            }
        }
        if key(&r) > best {
            worse += 1;
            println!(
                "WORSE case {case} n={n} k={k} caps={with_caps}: ours {:?} best {:?}",
                key(&r),
                best
            );
        }
    }
    println!(
        "total {total} infeasible {infeasible} (without orgs/caps {infeasible_noorg}) worse {worse}"
    );
}

#[test]
#[ignore]
fn debug_stress() {
    use crate::rng::SplitMix64;
    let seed: u64 = std::env::var("BF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut rng = SplitMix64::new(seed);
    let (mut total, mut band_fail, mut org_fail, mut late_fail, mut late_org) = (0, 0, 0, 0, 0);
    let mut worst_late: f64 = 0.0;
    for case in 0..2000u64 {
        let k = 1 + rng.below(8);
        let n = rng.below(250);
        let sv = 1 + rng.below(12);
        let gv = 1 + rng.below(4);
        let cv = 1 + rng.below(14);
        let with_orgs = rng.below(2) == 0;
        let people: Vec<Candidate> = (0..n)
            .map(|i| {
                let org = if with_orgs {
                    format!("o{}", rng.below(n * 2 / 3 + 1))
                } else {
                    String::new()
                };
                let z = |r: &mut SplitMix64, m: usize| r.below(m).min(r.below(m));
                person(
                    i as u64,
                    &format!("s{}", z(&mut rng, sv)),
                    &format!("g{}", z(&mut rng, gv)),
                    &format!("c{}", z(&mut rng, cv)),
                    &org,
                )
            })
            .collect();
        let groups = vec![GroupSpec::default(); k];
        let a = assign(&people, &groups, case).unwrap();
        let r = balance_report(&people, &groups, &a);
        total += 1;
        // org feasibility: only orgs with size <= k are required split
        if r.org_conflicts > 0 {
            org_fail += 1;
            println!("ORG case {case} n={n} k={k} conflicts {}", r.org_conflicts);
        }
        if !r.within_one {
            band_fail += 1;
            println!(
                "BAND case {case} n={n} k={k} orgs={with_orgs} dev {}",
                r.max_deviation
            );
        }
        // late placements
        let mut people2 = people.clone();
        let mut a2 = a.clone();
        for j in 0..5 {
            let org = if with_orgs {
                format!("o{}", rng.below(n * 2 / 3 + 1))
            } else {
                String::new()
            };
            let newcomer = person(
                1000 + j,
                &format!("s{}", rng.below(sv)),
                &format!("g{}", rng.below(gv)),
                &format!("c{}", rng.below(cv)),
                &org,
            );
            let g = place_late(&people2, &groups, &a2, &newcomer).unwrap();
            people2.push(newcomer);
            a2.push(g);
            let r2 = balance_report(&people2, &groups, &a2);
            worst_late = worst_late.max(r2.max_deviation);
            if !r2.within_one {
                late_fail += 1;
                if late_fail < 4 {
                    println!(
                        "LATE case {case} n={n} k={k} j={j} before {} after {} sizes {:?} g={g} newcomer {:?}",
                        r.max_deviation,
                        r2.max_deviation,
                        r2.groups.iter().map(|g| g.size).collect::<Vec<_>>(),
                        (
                            &people2.last().unwrap().subregion,
                            &people2.last().unwrap().gender,
                            &people2.last().unwrap().category
                        )
                    );
                    for at in &r2.attributes {
                        for v in &at.values {
                            if v.max_deviation > 1.0 {
                                println!(
                                    "   {} {} {:?} {:?}",
                                    at.attribute, v.value, v.per_group, v.expected
                                );
                            }
                        }
                    }
                }
            }
            if r2.org_conflicts > r.org_conflicts {
                late_org += 1;
            }
        }
    }
    println!(
        "total {total} band_fail {band_fail} org_fail {org_fail} late_fail {late_fail} late_org {late_org} worst_late {worst_late}"
    );
}
