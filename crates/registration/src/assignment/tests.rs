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
        .map(|i| person(i, ["a", "b", "c"][i as usize % 3], ["w", "m"][i as usize % 2], ["x", "y", "z", "q"][i as usize % 4], &format!("o{}", i / 2)))
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
            let mut c = person(people.len() as u64, &sub, ["w", "m", "n", "p"][[0, 0, 1, 1, 2, 3][rng.below(6)].min(rng.below(4))], &cat, &format!("o{org}"));
            c.preference = (rng.below(10) < 3).then(|| rng.below(2));
            people.push(c);
        }
        org += 1;
    }
    let groups = vec![GroupSpec::default(); 2];
    let a = assign(&people, &groups, 1).unwrap();
    let r = balance_report(&people, &groups, &a);
    println!("honoured {}/{} dev {}", r.preferences_honoured, r.preferences_total, r.max_deviation);
    let sizes = target_sizes(people.len(), &groups).unwrap();
    let p = Problem::new(&people, &sizes);
    let s = State::from_groups(&p, &a);
    let (mut stuck, mut improvable, mut mate_block) = (0, 0, 0);
    for i in 0..people.len() {
        if p.unmet(i, a[i]) == 0 { continue; }
        let best = (0..people.len()).filter(|&j| a[j] != a[i]).map(|j| s.swap_delta(i, j)).min().unwrap();
        if best < problem::Cost::ZERO { improvable += 1 } else { stuck += 1; if best.org > 0 || best.band > 0 { mate_block += 1 } }
    }
    println!("improvable {improvable} stuck {stuck} band/org-blocked {mate_block}");
}

fn excess(r: &BalanceReport) -> f64 {
    r.attributes.iter().flat_map(|a| &a.values).flat_map(|v| v.per_group.iter().zip(&v.expected).map(|(&c, &e)| ((c as f64 - e).abs() - 1.0).max(0.0))).sum()
}

#[test]
#[ignore]
fn debug_brute_force() {
    use crate::rng::SplitMix64;
    let seed: u64 = std::env::var("BF_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(99);
    let mut rng = SplitMix64::new(seed);
    let (mut infeasible, mut infeasible_noorg, mut total, mut worse) = (0, 0, 0, 0);
    for case in 0..4000u64 {
        let k = 2 + rng.below(3);
        let n = 2 + rng.below(if k == 2 { 11 } else if k == 3 { 9 } else { 7 });
        let sv = 1 + rng.below(4);
        let gv = 1 + rng.below(3);
        let cv = 1 + rng.below(4);
        let with_orgs = rng.below(2) == 0;
        let with_prefs = rng.below(2) == 0;
        let with_caps = rng.below(4) == 0;
        let people: Vec<Candidate> = (0..n)
            .map(|i| {
                let org = if with_orgs { format!("o{}", rng.below(n)) } else { String::new() };
                let mut c = person(i as u64, &format!("s{}", rng.below(sv)), &format!("g{}", rng.below(gv)), &format!("c{}", rng.below(cv)), &org);
                if with_prefs && rng.below(2) == 0 { c.preference = Some(rng.below(k)); }
                c
            })
            .collect();
        let mut groups = vec![GroupSpec::default(); k];
        if with_caps { groups[0].capacity = Some(rng.below(n / 2 + 1)); }
        let Ok(sizes) = target_sizes(n, &groups) else { continue };
        let ours = assign(&people, &groups, case).unwrap();
        let r = balance_report(&people, &groups, &ours);
        let key = |r: &BalanceReport| (r.org_conflicts, (excess(r) * 1e6).round() as i64, r.preferences_total - r.preferences_honoured);
        let mut best = (usize::MAX, i64::MAX, usize::MAX);
        let mut best_dev = f64::MAX;
        let mut a = vec![0usize; n];
        loop {
            let mut sz = vec![0; k];
            for &g in &a { sz[g] += 1; }
            if sz == sizes {
                let rb = balance_report(&people, &groups, &a);
                best = best.min(key(&rb));
                best_dev = best_dev.min(rb.max_deviation);
            }
            let mut x = 0;
            while x < n { a[x] += 1; if a[x] < k { break; } a[x] = 0; x += 1; }
            if x == n { break; }
        }
        total += 1;
        if best_dev > 1.0 + 1e-9 {
            infeasible += 1;
            if !with_orgs && !with_caps { infeasible_noorg += 1; println!("NO-ORG INFEASIBLE n={n} k={k} {:?}", people.iter().map(|p| (&p.subregion, &p.gender, &p.category)).collect::<Vec<_>>()); }
        }
        if key(&r) > best { worse += 1; println!("WORSE case {case} n={n} k={k} caps={with_caps}: ours {:?} best {:?}", key(&r), best); }
    }
    println!("total {total} infeasible {infeasible} (without orgs/caps {infeasible_noorg}) worse {worse}");
}
