//! Benchmark of balanced working-group assignment on synthetic registrants.
//!
//! Run with:
//! `cargo run --release -p roundtable-registration --example assign_bench`
//!
//! Registrants have one of 12 subregion values, 4 genders and 14 stakeholder
//! categories, drawn with skewed (Zipf-like) frequencies; organisations have
//! one or two people, and the two share subregion and category (colleagues
//! from one office), which is what makes splitting them interact with
//! balance. Each instance is assigned without preferences, then again with a
//! random preference for 30% of people.

use std::time::Instant;

use roundtable_registration::{Candidate, GroupSpec, assign, balance_report};

/// SplitMix64, so the data are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Index drawn with weight 1/(i+1) (Zipf-like skew).
    fn zipf(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

fn registrants(count: usize, seed: u64) -> Vec<Candidate> {
    let mut rng = Rng(seed);
    let genders = ["woman", "man", "non_binary", "prefer_not_to_say"];
    let mut people = Vec::with_capacity(count);
    let mut org = 0;
    while people.len() < count {
        let size = if rng.below(2) == 0 { 1 } else { 2 }.min(count - people.len());
        let subregion = format!("subregion-{:02}", rng.zipf(12));
        let category = format!("category-{:02}", rng.zipf(14));
        for _ in 0..size {
            let g = match rng.below(100) {
                0..=47 => 0,
                48..=92 => 1,
                93..=96 => 2,
                _ => 3,
            };
            people.push(Candidate {
                id: people.len() as u64,
                subregion: subregion.clone(),
                gender: genders[g].to_owned(),
                category: category.clone(),
                org_key: format!("org-{org}"),
                preference: None,
            });
        }
        org += 1;
    }
    people
}

fn run(people: &[Candidate], k: usize, label: &str) {
    let groups = vec![GroupSpec::default(); k];
    let start = Instant::now();
    let assignment = assign(people, &groups, 2021).expect("assignment");
    let elapsed = start.elapsed();
    let report = balance_report(people, &groups, &assignment);
    let dev = |a: usize| report.attributes[a].max_deviation;
    let sizes: Vec<usize> = report.groups.iter().map(|g| g.size).collect();
    let spread = sizes.iter().max().unwrap() - sizes.iter().min().unwrap();
    println!(
        "{:>6} {:>3} {:<6} {:>8.1} {:>9.3} {:>7.3} {:>9.3} {:>7.3} {:>6} {:>9} {:>7} {:>9}",
        people.len(),
        k,
        label,
        elapsed.as_secs_f64() * 1000.0,
        dev(0),
        dev(1),
        dev(2),
        report.deviation_lower_bound,
        if report.max_deviation <= report.deviation_lower_bound + 1e-9 {
            "yes"
        } else {
            "no"
        },
        report.org_conflicts,
        spread,
        format!(
            "{}/{}",
            report.preferences_honoured, report.preferences_total
        ),
    );
}

fn main() {
    println!(
        "{:>6} {:>3} {:<6} {:>8} {:>9} {:>7} {:>9} {:>7} {:>6} {:>9} {:>7} {:>9}",
        "people",
        "k",
        "prefs",
        "ms",
        "subregion",
        "gender",
        "category",
        "bound",
        "optim",
        "org-confl",
        "spread",
        "honoured"
    );
    for (count, seed) in [(300, 3), (10_000, 10)] {
        let people = registrants(count, seed);
        let mut with_prefs = people.clone();
        let mut rng = Rng(seed ^ 0xFEED);
        for k in [2, 5, 20] {
            run(&people, k, "none");
            for p in with_prefs.iter_mut() {
                p.preference = (rng.below(10) < 3).then(|| rng.below(k));
            }
            run(&with_prefs, k, "30%");
        }
    }
}
