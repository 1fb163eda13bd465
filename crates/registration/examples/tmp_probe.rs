use roundtable_registration::{Candidate, GroupSpec, assign, balance_report};
use std::time::Instant;
fn main() {
    let mut x: u64 = 12345;
    let mut r = |m: usize| { x ^= x << 13; x ^= x >> 7; x ^= x << 17; (x % m as u64) as usize };
    for case in 0..20 {
        let n = 100 + r(50);
        let k = 1 + r(8);
        let people: Vec<Candidate> = (0..n).map(|i| Candidate { id: i as u64, subregion: format!("s{}", r(6)), gender: format!("g{}", r(3)), category: format!("c{}", r(8)), org_key: format!("o{}", r(n) / 4), preference: { let p = r(2 * k); (p < k).then_some(p) } }).collect();
        let mut groups = vec![GroupSpec::default(); k];
        if case % 2 == 0 && k > 1 { groups[0].capacity = Some(r(n)); }
        let t = Instant::now();
        let a = assign(&people, &groups, 1).unwrap();
        let el = t.elapsed();
        let rep = balance_report(&people, &groups, &a);
        let sc = roundtable_registration::DBG.swap(0, std::sync::atomic::Ordering::Relaxed); let cc = roundtable_registration::DBG2.swap(0, std::sync::atomic::Ordering::Relaxed); println!("scans {sc} cands {cc} case {case} n={n} k={k} caps={:?} {:?} org={} within={} pref={}/{}", groups[0].capacity, el, rep.org_conflicts, rep.within_one, rep.preferences_honoured, rep.preferences_total);
    }
}
