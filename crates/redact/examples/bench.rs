//! Redaction benchmark: a 2,000-character contribution against a directory
//! of 1,000 registrants and 500 organisations.
//!
//! ```text
//! cargo run --release -p roundtable-redact --example bench
//! ```
//!
//! Reports the build time of `Redactor::new` and the median, p99 and mean
//! time of `Redactor::redact` per call for three texts: a typical
//! contribution (names, organisations, contact details, numbers), a dense
//! one (a name or contact in most sentences), and one with nothing to
//! redact.

use roundtable_redact::{Directory, OrgEntry, Redactor};
use std::hint::black_box;
use std::time::{Duration, Instant};

const GIVEN: &[&str] = &[
    "Somchai",
    "Siriporn",
    "Kanya",
    "Lan",
    "Minh",
    "Hằng",
    "Huy",
    "Mai",
    "Maria",
    "Jose",
    "Rowena",
    "Grace",
    "Sri",
    "Budi",
    "Dewi",
    "Siti",
    "Prakash",
    "Sita",
    "Bishnu",
    "Anita",
    "Rafiqul",
    "Farhana",
    "Tanvir",
    "Nusrat",
    "Wei",
    "Na",
    "Xiaoming",
    "Mei-ling",
    "Min-jun",
    "Ji-yeon",
    "Sione",
    "Mele",
    "Iosefa",
    "Losana",
    "Priya",
    "Arjun",
    "Sunita",
    "Rajesh",
    "Ayesha",
    "Imran",
    "Usman",
    "Dilani",
    "Aung",
    "Sokha",
    "Nurul",
    "Ganesh",
    "Yuki",
    "Batbayar",
    "Zahra",
    "Anne-Marie",
    "Will",
    "Hope",
    "Rose",
    "Ann",
    "Jürgen",
    "Chloé",
    "James",
    "Liam",
    "Ravinesh",
];
const FAMILY: &[&str] = &[
    "Wongsakul",
    "Chaiyaphum",
    "Rattanakorn",
    "Nguyễn",
    "Trần",
    "Phạm",
    "Lê",
    "Đỗ",
    "Võ",
    "dela Cruz",
    "Santos",
    "Bautista",
    "Mendoza",
    "Reyes",
    "Wahyuni",
    "Santoso",
    "Lestari",
    "Rahmawati",
    "Gurung",
    "Tamang",
    "Adhikari",
    "Thapa Magar",
    "Islam",
    "Akter",
    "Chowdhury",
    "Jahan",
    "Wang",
    "Li",
    "Zhang",
    "Chen",
    "Wong",
    "Kim",
    "Park",
    "Choi",
    "Tupou",
    "Taufa",
    "Leota",
    "Vunivalu",
    "Raghavan",
    "Menon",
    "Devi",
    "Singh",
    "Siddiqui",
    "Qureshi",
    "Tariq",
    "Perera",
    "Chea",
    "binti Ahmad",
    "a/l Muthu",
    "Tanaka",
    "Dorj",
    "Ahmadi",
    "Dubois",
    "Harrington",
    "Castillo",
    "O'Connor",
    "Kowalski",
    "Müller",
    "Lefèvre",
    "Whitfield",
    "O'Sullivan",
    "Prasad",
    "Faleolo",
];
const ORG_A: &[&str] = &[
    "Mekong",
    "Pacific",
    "Himalayan",
    "Bengal",
    "Andaman",
    "Lanka",
    "Java",
    "Luzon",
    "Mindanao",
    "Sulu",
    "Coral",
    "Tasman",
    "Gobi",
    "Indus",
    "Ganges",
    "Irrawaddy",
    "Chao Phraya",
    "Red River",
    "Borneo",
    "Timor",
];
const ORG_B: &[&str] = &[
    "Migrant Workers",
    "Returnee",
    "Domestic Workers",
    "Seafarers",
    "Labour Mobility",
    "Data",
    "Women Migrants",
    "Fair Recruitment",
    "Refugee Rights",
    "Diaspora",
    "Health",
    "Legal Aid",
    "Remittance",
    "Youth Mobility",
    "Climate Mobility",
];
const ORG_C: &[&str] = &[
    "Network",
    "Alliance",
    "Foundation",
    "Forum",
    "Collective",
    "Council",
    "Centre",
    "Union",
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() % list.len()]
    }
}

fn directory() -> Directory {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let people = (0..1000)
        .map(|_| format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY)))
        .collect();
    let organisations = (0..500)
        .map(|i| {
            let name = format!(
                "{} {} {} {}",
                rng.pick(ORG_A),
                rng.pick(ORG_B),
                rng.pick(ORG_C),
                i
            );
            let acronym: String = name
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .collect();
            OrgEntry {
                name,
                aliases: vec![format!("{}{}", acronym.to_uppercase(), i)],
            }
        })
        .chain(
            [
                ("International Organization for Migration", "IOM"),
                ("International Labour Organization", "ILO"),
                ("Migrant Forum in Asia", "MFA"),
            ]
            .map(|(n, a)| OrgEntry {
                name: n.into(),
                aliases: vec![a.into()],
            }),
        )
        .collect();
    Directory {
        people,
        organisations,
    }
}

const TYPICAL: &[&str] = &[
    "I would like to build on what Somchai said about cross-border data sharing between Thailand and Myanmar.",
    "We at MFA have documented wage theft since 2010, and IOM's Displacement Tracking Matrix confirms the trend.",
    "In 2021, 73% of surveyed returnees reported unpaid wages; resolutions 73/195 and 73/326 are relevant.",
    "Nguyễn Thị Lan's point about sex-disaggregated data is crucial for objective 1.",
    "Please write to lan.nguyen@example.org or call +66 2 123 4567 for the questionnaire.",
    "The ILO convention on domestic workers has been ratified by only a few countries in the region.",
    "Between 2015 and 2020 departures grew by 4.5% a year, with 250 000 workers leaving in 2019.",
    "Consular services should be available online and in the languages migrants actually speak.",
    "As Will noted, firewalls between health services and immigration enforcement protect everyone.",
    "The full report is at https://www.example.org/reports/wage-theft-2020 and on @mfa_asia.",
    "Discrimination against migrants increased during the pandemic, and media coverage made it worse.",
    "Local authorities should be involved in data collection, with communities and trade unions.",
    "Hope is not a strategy: we need funding for pre-departure orientation and reintegration.",
    "Lao PDR and Viet Nam signed a labour agreement; Hong Kong and Singapore host many domestic workers.",
    "The annual planning cycle does not include migrants' organisations, which is a gap to close.",
    "International cooperation on return and reintegration remains weak across the region.",
    "Evidence-based public discourse requires accurate, timely and disaggregated data.",
    "Recruitment fees averaged USD 1,200 or 3.5 months of wages in the 2019-2021 survey.",
];

const DENSE: &[&str] = &[
    "Somchai Wongsakul, Priya Raghavan and Kim Min-jun agreed with Grace Mendoza.",
    "Email rowena.b@example.ph, phone 081-234-5678, or see linkedin.com/in/someone.",
    "I work for the Mekong Migrant Workers Network 3 and my colleagues at IOM agree with Lan.",
    "Sione's and Mele's figures from Tonga differ from Dewi Lestari's estimates.",
    "As MFA, we thank Ayesha Siddiqui, Imran Qureshi and Usman Tariq for the data.",
    "Tanvir Ahmed Chowdhury (BOWWC) and Sita Tamang spoke about returnees; call +977-1-4412345.",
];

const CLEAN: &[&str] = &[
    "Migrant workers need access to information in their own languages before departure.",
    "Data protection rules must apply to all migration databases, public and private.",
    "Discrimination against migrants increased during the pandemic in several countries.",
    "Climate change is a growing driver of mobility in the Pacific and in South Asia.",
    "The working group recommends a regional data platform with strong safeguards.",
    "Pre-departure orientation should include information on rights and complaint channels.",
];

fn text_of(sentences: &[&str], chars: usize) -> String {
    let mut text = String::new();
    for s in sentences.iter().cycle() {
        if text.chars().count() + s.chars().count() > chars {
            break;
        }
        text.push_str(s);
        text.push(' ');
    }
    text
}

/// CPU time this thread has run, from Linux's schedstat (nanoseconds);
/// None elsewhere. Unlike wall time it excludes time spent preempted,
/// which dominates the tail on a busy shared machine.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let dir = directory();
    let mut builds: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(Redactor::new(black_box(&dir)));
            t.elapsed()
        })
        .collect();
    builds.sort();
    println!(
        "Redactor::new: {} people, {} organisations: median {:.2} ms (of 5 builds)",
        dir.people.len(),
        dir.organisations.len(),
        us(builds[2]) / 1000.0
    );
    let redactor = Redactor::new(&dir);
    for (label, sentences) in [("typical", TYPICAL), ("dense", DENSE), ("clean", CLEAN)] {
        let text = text_of(sentences, 2000);
        let r = redactor.redact(&text);
        for _ in 0..500 {
            black_box(redactor.redact(black_box(&text)));
        }
        let cpu_before = cpu_ns();
        let mut times: Vec<Duration> = (0..20_000)
            .map(|_| {
                let t = Instant::now();
                black_box(redactor.redact(black_box(&text)));
                t.elapsed()
            })
            .collect();
        let cpu = match (cpu_before, cpu_ns()) {
            (Some(a), Some(b)) => format!("{:.1} µs", (b - a) as f64 / 1000.0 / times.len() as f64),
            _ => "n/a".to_owned(),
        };
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        times.sort();
        println!(
            "redact {label:<8} {} chars, {:>2} redactions, {:>2} flags: median {:.1} µs, p99 {:.1} µs, mean {:.1} µs, CPU {cpu} per call (20,000 calls)",
            text.chars().count(),
            r.redactions.len(),
            r.flags.len(),
            us(percentile(&times, 0.5)),
            us(percentile(&times, 0.99)),
            us(mean)
        );
    }
}
