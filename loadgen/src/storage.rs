//! `loadgen storage-bench`: durable contributions per second through the
//! server's own notes store (`synchronous=FULL`, WAL), with group commit
//! (many inserts in flight, one transaction and one fsync per batch)
//! against one transaction per contribution (one insert in flight).

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
    /// Seconds per mode.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
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

/// The benchmark's result.
#[derive(Debug, Clone, Serialize)]
pub struct StorageSummary {
    /// Where the databases were.
    pub dir: String,
    /// One transaction (and one fsync) per contribution.
    pub one_per_transaction: Mode,
    /// Group commit.
    pub group_commit: Mode,
    /// group / one-per-transaction.
    pub ratio: f64,
}

/// Runs both modes, prints a table and a JSON line.
pub async fn bench(args: StorageArgs) -> anyhow::Result<StorageSummary> {
    anyhow::ensure!(
        args.seconds > 0.0 && args.seconds <= 600.0,
        "--seconds must be between 0 and 600"
    );
    anyhow::ensure!(args.concurrency >= 2, "--concurrency must be at least 2");
    let tmp;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir().context("creating a temporary directory")?;
            tmp.path().to_owned()
        }
    };
    let secs = Duration::from_secs_f64(args.seconds);
    let one = measure(&dir.join("one-per-transaction"), 1, secs).await?;
    let group = measure(&dir.join("group-commit"), args.concurrency, secs).await?;
    let summary = StorageSummary {
        dir: dir.display().to_string(),
        ratio: group.per_s / one.per_s.max(f64::MIN_POSITIVE),
        one_per_transaction: one,
        group_commit: group,
    };
    println!(
        "storage bench in {} (synchronous=FULL, WAL, {:.0} s per mode)",
        summary.dir, args.seconds
    );
    for (name, m) in [
        ("one transaction/post", &summary.one_per_transaction),
        ("group commit", &summary.group_commit),
    ] {
        let l = &m.latency_ms;
        println!(
            "  {name:<21} {:>4} in flight: {:>9.0} durable posts/s  (commit p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms)",
            m.in_flight, m.per_s, l.p50, l.p99, l.max
        );
    }
    println!(
        "  ratio                 {:.1}x (target >= 10x)",
        summary.ratio
    );
    println!("{}", serde_json::to_string(&summary)?);
    Ok(summary)
}

/// Inserts from `in_flight` concurrent tasks for `secs` into a fresh store.
async fn measure(dir: &Path, in_flight: usize, secs: Duration) -> anyhow::Result<Mode> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let notes = Arc::new(SqliteNotes::open(dir).context("opening the notes store")?);
    let anonymiser = Arc::new(Anonymiser::new([7; 32]));
    let hist = Arc::new(Hist::default());
    let committed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + secs;
    let mut tasks = Vec::with_capacity(in_flight);
    for _ in 0..in_flight {
        let (notes, anonymiser, hist, committed) = (
            notes.clone(),
            anonymiser.clone(),
            hist.clone(),
            committed.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let author = uuid::Uuid::new_v4();
            while Instant::now() < deadline {
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
