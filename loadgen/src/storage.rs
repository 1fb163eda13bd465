//! `loadgen storage-bench`: durable contributions per second through the
//! server's own notes store (`synchronous=FULL`, WAL), with group commit
//! (many inserts in flight, one transaction and one fsync per batch)
//! against one transaction per contribution (one insert in flight).
//!
//! The two modes alternate over several rounds, each on a fresh store, and
//! the summary gives the median of the rounds: on a shared machine, the
//! disk's speed drifts with what else is running, and interleaving keeps a
//! quiet (or busy) minute from favouring one mode.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;
use roundtable::anonymise::{Anonymiser, Draft};
use roundtable::storage::{NotesStore, SqliteNotes};
use serde::Serialize;

use crate::marker::Marker;
use crate::metrics::{Hist, Latency};

/// `loadgen storage-bench`.
#[derive(Debug, Args)]
pub struct StorageArgs {
    /// Directory for the bench databases; it must be on the disk you want
    /// to measure (default: a fresh directory under the system temp dir).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Seconds per mode and round.
    #[arg(long, default_value_t = 3.0)]
    pub seconds: f64,
    /// Contributions per mode and round: with this, each measurement
    /// inserts a fixed number into a fresh store (a consultation-sized
    /// table) instead of running for `--seconds`.
    #[arg(long)]
    pub posts: Option<u64>,
    /// Rounds; each runs both modes, one after the other.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Inserts in flight at once in the group-commit mode.
    #[arg(long, default_value_t = 256)]
    pub concurrency: usize,
}

/// One mode's result.
#[derive(Debug, Clone, Serialize)]
pub struct Mode {
    /// Inserts in flight at once.
    pub in_flight: usize,
    /// Contributions committed.
    pub committed: u64,
    /// Durable contributions per second.
    pub per_s: f64,
    /// Insert -> committed, per contribution.
    pub latency_ms: Latency,
}

/// One round: both modes, back to back.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// One transaction (and one fsync) per contribution.
    pub one_per_transaction: Mode,
    /// Group commit.
    pub group_commit: Mode,
    /// group / one-per-transaction, in this round.
    pub ratio: f64,
}

/// The benchmark's result.
#[derive(Debug, Clone, Serialize)]
pub struct StorageSummary {
    /// Where the databases were.
    pub dir: String,
    /// Median durable posts/s, one transaction per post.
    pub one_per_transaction_per_s: f64,
    /// Median durable posts/s with group commit.
    pub group_commit_per_s: f64,
    /// Median of the rounds' ratios.
    pub ratio: f64,
    /// Every round.
    pub rounds: Vec<Round>,
}

/// Runs both modes, prints a table and a JSON line.
pub async fn bench(args: StorageArgs) -> anyhow::Result<StorageSummary> {
    anyhow::ensure!(
        args.seconds > 0.0 && args.seconds <= 600.0,
        "--seconds must be between 0 and 600"
    );
    anyhow::ensure!(args.concurrency >= 2, "--concurrency must be at least 2");
    anyhow::ensure!(
        (1..=100).contains(&args.rounds),
        "--rounds must be between 1 and 100"
    );
    let tmp;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir().context("creating a temporary directory")?;
            tmp.path().to_owned()
        }
    };
    let secs = Duration::from_secs_f64(args.seconds);
    let each = match args.posts {
        Some(n) => format!("{n} posts"),
        None => format!("{:.0} s", args.seconds),
    };
    println!(
        "storage bench in {} (synchronous=FULL, WAL; {} rounds of {each} per mode, alternating)",
        dir.display(),
        args.rounds,
    );
    let mut rounds = Vec::with_capacity(args.rounds);
    for r in 0..args.rounds {
        let round = dir.join(format!("round-{r}"));
        let budget = match args.posts {
            Some(n) => Budget::Posts(n),
            None => Budget::Time(secs),
        };
        let one = measure(&round.join("one-per-transaction"), 1, budget).await?;
        let group = measure(&round.join("group-commit"), args.concurrency, budget).await?;
        let ratio = group.per_s / one.per_s.max(f64::MIN_POSITIVE);
        println!(
            "  round {}: one transaction/post {:>6.0} posts/s (p50 {:.2} ms) | group commit ({} in flight) {:>6.0} posts/s (p50 {:.1} ms, p99 {:.1} ms) | {:.1}x",
            r + 1,
            one.per_s,
            one.latency_ms.p50,
            group.in_flight,
            group.per_s,
            group.latency_ms.p50,
            group.latency_ms.p99,
            ratio
        );
        // Each round's stores are only needed while it runs.
        let _ = std::fs::remove_dir_all(&round);
        rounds.push(Round {
            one_per_transaction: one,
            group_commit: group,
            ratio,
        });
    }
    let median_of = |f: &dyn Fn(&Round) -> f64| median(rounds.iter().map(f).collect());
    let summary = StorageSummary {
        dir: dir.display().to_string(),
        one_per_transaction_per_s: median_of(&|r| r.one_per_transaction.per_s),
        group_commit_per_s: median_of(&|r| r.group_commit.per_s),
        ratio: median_of(&|r| r.ratio),
        rounds,
    };
    println!(
        "  median: one transaction/post {:.0} posts/s, group commit {:.0} posts/s, ratio {:.1}x (target >= 10x)",
        summary.one_per_transaction_per_s, summary.group_commit_per_s, summary.ratio
    );
    println!("{}", serde_json::to_string(&summary)?);
    Ok(summary)
}

/// The median (the mean of the middle two for an even count).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Inserts from `in_flight` concurrent tasks for `secs` into a fresh store.
/// How long one measurement runs.
#[derive(Debug, Clone, Copy)]
enum Budget {
    /// For this long.
    Time(Duration),
    /// Until this many contributions are committed.
    Posts(u64),
}

async fn measure(dir: &Path, in_flight: usize, budget: Budget) -> anyhow::Result<Mode> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let notes = Arc::new(SqliteNotes::open(dir).context("opening the notes store")?);
    let anonymiser = Arc::new(Anonymiser::new([7; 32]));
    let hist = Arc::new(Hist::default());
    let committed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let claimed = Arc::new(AtomicU64::new(0));
    let more = move |claimed: &AtomicU64| match budget {
        Budget::Time(secs) => start.elapsed() < secs,
        Budget::Posts(n) => claimed.fetch_add(1, Ordering::Relaxed) < n,
    };
    let mut tasks = Vec::with_capacity(in_flight);
    for _ in 0..in_flight {
        let (notes, anonymiser, hist, committed, claimed) = (
            notes.clone(),
            anonymiser.clone(),
            hist.clone(),
            committed.clone(),
            claimed.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let author = uuid::Uuid::new_v4();
            while more(&claimed) {
                let n = committed.load(Ordering::Relaxed);
                let text = Marker {
                    run: 0,
                    post: n as u32,
                    at_us: start.elapsed().as_micros() as u64,
                }
                .text(120);
                let key = uuid::Uuid::new_v4().to_string();
                let draft = Draft {
                    consultation: "bench",
                    room: "plenary",
                    objective: 1,
                    question: "progress",
                    text: &text,
                    key: &key,
                    author,
                    phase: 0,
                    pending: false,
                    org_mentions: 0,
                };
                let (new, _edit_key) = anonymiser.anonymise(draft);
                let t = Instant::now();
                notes.insert(new).await?;
                hist.record(t.elapsed());
                committed.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await.context("insert task")??;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let committed = committed.load(Ordering::Relaxed);
    Ok(Mode {
        in_flight,
        committed,
        per_s: committed as f64 / elapsed,
        latency_ms: hist.summary(),
    })
}
