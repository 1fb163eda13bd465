//! One SQLite database file: a writer thread with group commit, a
//! checkpointer thread, and a small pool of read connections.
//!
//! Why a dedicated writer thread: SQLite allows one writer at a time, and
//! `synchronous=FULL` makes every commit an fsync. Funnelling every write
//! through one thread lets it take whatever is queued, run it all in one
//! transaction and pay for one fsync per batch ("group commit"). Each caller
//! is answered only after the batch that holds its write has committed, so
//! an acknowledgement always means "on disk".
//!
//! Each job runs inside its own savepoint: a job that fails rolls back alone
//! and the rest of its batch still commits.
//!
//! Why a checkpointer thread: SQLite's automatic checkpoint runs inside the
//! commit that crosses the threshold, so every post waiting on that batch
//! also waits for the WAL to be copied into the main file (2–3 ms, and far
//! more when the disk is busy). The writer's connection has
//! `wal_autocheckpoint = 0`; after each commit it nudges the checkpointer,
//! which runs `wal_checkpoint(PASSIVE)` on its own connection (never
//! blocking the writer) at most every [`CHECKPOINT_EVERY`]. When the WAL has
//! grown past [`WAL_RESTART_PAGES`] the checkpointer follows that with a
//! `RESTART` checkpoint, which briefly waits for the writer, so the WAL
//! file starts over instead of growing.
//!
//! Why a reader pool: reads (a token lookup on every `hello`, snapshots
//! after a restart) run on [`READERS`] dedicated threads, each with its own
//! connection (WAL lets them read beside the writer). A burst of reconnects
//! queues on them instead of starting a blocking-pool thread per lookup,
//! whose stacks and malloc arenas would stay resident.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::StoreError;

/// Most jobs committed in one transaction.
const MAX_BATCH: usize = 1024;
/// While writes arrive concurrently, commits start at most this often: a
/// write that arrives less than this after the previous commit began waits
/// for the rest of the interval, and whatever else arrives meanwhile joins
/// its batch (PostgreSQL's `commit_delay`). At S2's 1,000 posts a second
/// this turns 850 commits of one or two posts into at most 200 of several,
/// saving their fsyncs, WAL headers and thread switches (measured: 4–7% of
/// the server's core) for at most this much more latency. See [`Pacer`]
/// for when it applies.
const COMMIT_PACE: Duration = Duration::from_millis(5);
/// Writes queued that make a batch big enough to commit without pacing.
const PACE_ENOUGH: usize = 16;
/// Queue depth before callers wait: a bounded queue keeps a burst from
/// growing memory without limit and pushes back on the posters.
const QUEUE: usize = 16 * 1024;
/// Read connections, each on its own thread.
const READERS: usize = 4;
/// Reads queued before callers wait.
const READ_QUEUE: usize = 4 * 1024;
/// Shortest interval between two background checkpoints: a page written
/// by several commits in that time is copied into the main file once.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);
/// WAL size, in pages, past which the checkpointer also runs a `RESTART`
/// checkpoint (4,096 pages is 16 MiB at 4 KiB pages). Under steady writes
/// the WAL never starts over by itself: the writer begins each transaction
/// while the newest frames are not yet copied back, and SQLite restarts the
/// log only for a writer that finds it fully copied. `RESTART` waits for the
/// writer's current commit and holds the next one back while it copies the
/// few frames the `PASSIVE` pass just before it left (1–20 ms measured in
/// S2), so the WAL file is reused from its start instead of growing.
const WAL_RESTART_PAGES: i64 = 4 * 1024;

trait Job: Send {
    /// Jobs that cannot run inside a transaction (a WAL checkpoint).
    fn outside_transaction(&self) -> bool;
    fn run(&mut self, conn: &Connection) -> rusqlite::Result<()>;
    fn finish(self: Box<Self>, committed: Result<(), StoreError>);
}

struct TypedJob<R, F> {
    outside: bool,
    f: Option<F>,
    result: Option<rusqlite::Result<R>>,
    reply: oneshot::Sender<Result<R, StoreError>>,
}

impl<R: Send, F: FnOnce(&Connection) -> rusqlite::Result<R> + Send> Job for TypedJob<R, F> {
    fn outside_transaction(&self) -> bool {
        self.outside
    }

    fn run(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        let f = self.f.take().expect("a job runs once");
        if self.outside {
            self.result = Some(f(conn));
            return Ok(());
        }
        // Cached statements: parsing these three per job was a measurable
        // share of the writer's time under a burst.
        conn.prepare_cached("SAVEPOINT job")?.execute([])?;
        let result = f(conn);
        if result.is_err() {
            conn.prepare_cached("ROLLBACK TO job")?.execute([])?;
        }
        conn.prepare_cached("RELEASE job")?.execute([])?;
        self.result = Some(result);
        Ok(())
    }

    fn finish(self: Box<Self>, committed: Result<(), StoreError>) {
        let answer = match (committed, self.result) {
            (Ok(()), Some(Ok(r))) => Ok(r),
            (Ok(()), Some(Err(e))) => Err(StoreError::from(e)),
            (Ok(()), None) => Err(StoreError::Closed),
            (Err(e), _) => Err(e),
        };
        // The caller may have given up waiting; nothing to do then.
        let _ = self.reply.send(answer);
    }
}

/// Pragmas every connection gets. WAL lets readers run beside the writer;
/// `synchronous=FULL` makes a commit durable before it returns;
/// `secure_delete` overwrites deleted content instead of leaving it in free
/// pages.
fn open(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -65536;
         PRAGMA foreign_keys = ON;",
    )?;
    Ok(conn)
}

/// A read job: runs on one of the reader threads.
type ReadJob = Box<dyn FnOnce(&Connection) + Send>;

/// A database file with its writer thread, checkpointer and read pool.
#[derive(Clone)]
pub struct Db {
    tx: mpsc::Sender<Box<dyn Job>>,
    reads: mpsc::Sender<ReadJob>,
    writer: Arc<Mutex<Option<JoinHandle<()>>>>,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the file and applies pending migrations:
    /// `migrations[i]` brings the schema to `user_version = i + 1`.
    pub fn open(path: &Path, migrations: &[&str]) -> Result<Db, StoreError> {
        let mut conn = open(path)?;
        migrate(&mut conn, migrations)?;
        // Checkpoints happen on the checkpointer's connection, not inside a
        // commit that posts are waiting for.
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
        let name = file_name(path);
        let reads = spawn_readers(path, &name)?;
        let (nudge, nudged) = std::sync::mpsc::sync_channel::<()>(1);
        let checkpointer = spawn_checkpointer(open(path)?, nudged, &name)?;
        let (tx, mut rx) = mpsc::channel::<Box<dyn Job>>(QUEUE);
        let handle = std::thread::Builder::new()
            .name(format!("db-writer-{name}"))
            .spawn(move || {
                let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(64);
                let mut pacer = Pacer::default();
                while let Some(first) = rx.blocking_recv() {
                    let pause = pacer.pause(Instant::now(), 1 + rx.len());
                    if !pause.is_zero() {
                        std::thread::sleep(pause);
                    }
                    let started = Instant::now();
                    batch.push(first);
                    while batch.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    pacer.started(started, batch.len());
                    run_jobs(&conn, &mut batch);
                    // Full means a nudge is already pending: nothing lost.
                    if let Err(TrySendError::Disconnected(())) = nudge.try_send(()) {
                        tracing::warn!("checkpointer stopped");
                    }
                }
                // Every sender is gone: stop the checkpointer, then fold the
                // WAL back into the main file.
                drop(nudge);
                let _ = checkpointer.join();
                if let Err(e) = checkpoint(&conn, "TRUNCATE") {
                    tracing::warn!(error = %e, "checkpoint at close failed");
                }
            })
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(Db {
            tx,
            reads,
            writer: Arc::new(Mutex::new(Some(handle))),
            path: path.to_owned(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in the next group-committed transaction; resolves after the
    /// commit is on disk.
    pub async fn write<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        self.submit(false, f).await
    }

    async fn submit<R, F>(&self, outside: bool, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(TypedJob {
            outside,
            f: Some(f),
            result: None,
            reply,
        });
        self.tx.send(job).await.map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    /// Runs a read on one of the read connections, off the async threads.
    pub async fn read<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: ReadJob = Box::new(move |conn| {
            // The caller may have given up waiting; nothing to do then.
            let _ = reply.send(f(conn).map_err(StoreError::from));
        });
        self.reads.send(job).await.map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    /// Waits for queued writes to commit, checkpoints the WAL into the main
    /// file (so deleted content leaves the WAL too) and truncates it.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.submit(true, |c| {
            // SQLite answers "busy" at once, without its busy handler, when
            // another connection (the checkpointer) is checkpointing; that
            // takes milliseconds, so wait for it rather than report done
            // with content still in the WAL.
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if !checkpoint(c, "TRUNCATE")?.busy {
                    return Ok(());
                }
                if Instant::now() >= deadline {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the WAL could not be checkpointed".into()),
                    ));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        })
        .await
    }

    /// Stops the writer after the queue drains. Other clones of this `Db`
    /// keep their sender, so call this once every user is done.
    pub fn close(self) {
        let Db { tx, writer, .. } = self;
        drop(tx);
        let handle = writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            // The writer ends when the last sender is dropped; other clones
            // may still hold one, in which case it ends with them.
            if Arc::strong_count(&writer) == 1 {
                let _ = h.join();
            }
        }
    }
}

/// Starts the read pool: [`READERS`] threads sharing one queue, each with
/// its own connection. They end when every `Db` clone is dropped.
fn spawn_readers(path: &Path, name: &str) -> Result<mpsc::Sender<ReadJob>, StoreError> {
    let (tx, rx) = mpsc::channel::<ReadJob>(READ_QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..READERS {
        let conn = open(path)?;
        let rx = rx.clone();
        std::thread::Builder::new()
            .name(format!("db-reader-{name}-{i}"))
            .spawn(move || {
                loop {
                    // One idle reader waits on the queue; the others wait
                    // for the lock. The lock is released before the job runs.
                    let job = rx.lock().unwrap_or_else(|p| p.into_inner()).blocking_recv();
                    match job {
                        Some(job) => job(&conn),
                        None => break,
                    }
                }
            })
            .map_err(|e| StoreError::Io(e.to_string()))?;
    }
    Ok(tx)
}

/// Starts the checkpointer: after the writer's nudges, at most every
/// [`CHECKPOINT_EVERY`], a `PASSIVE` checkpoint (it copies what no reader
/// still needs and never waits for the writer); a `RESTART` one if the WAL
/// has grown past [`WAL_RESTART_PAGES`] anyway. Ends when the writer drops
/// its end of the channel.
fn spawn_checkpointer(
    conn: Connection,
    nudged: std::sync::mpsc::Receiver<()>,
    name: &str,
) -> Result<JoinHandle<()>, StoreError> {
    std::thread::Builder::new()
        .name(format!("db-checkpoint-{name}"))
        .spawn(move || {
            let mut last = Instant::now();
            loop {
                match nudged.recv() {
                    Ok(()) => {}
                    Err(_) => return,
                }
                // Let commits accumulate for a moment; leave at once when
                // the writer goes away (it checkpoints on its way out).
                let due = last + CHECKPOINT_EVERY;
                while let Some(wait) = due.checked_duration_since(Instant::now()) {
                    if let Err(RecvTimeoutError::Disconnected) = nudged.recv_timeout(wait) {
                        return;
                    }
                }
                last = Instant::now();
                match checkpoint(&conn, "PASSIVE") {
                    Ok(Checkpointed { pages, .. }) if pages > WAL_RESTART_PAGES => {
                        let started = Instant::now();
                        match checkpoint(&conn, "RESTART") {
                            Ok(done) => tracing::info!(
                                pages,
                                restarted = !done.busy,
                                ms = started.elapsed().as_millis() as u64,
                                "WAL restart checkpoint"
                            ),
                            Err(e) => tracing::warn!(error = %e, "WAL restart checkpoint failed"),
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "background checkpoint failed"),
                }
                if last.elapsed() > SLOW {
                    tracing::info!(ms = last.elapsed().as_millis() as u64, "slow checkpoint");
                }
            }
        })
        .map_err(|e| StoreError::Io(e.to_string()))
}

/// What a checkpoint reports.
struct Checkpointed {
    /// It could not finish: another connection was checkpointing, or (for
    /// `RESTART` and `TRUNCATE`) the writer or a reader was in the way.
    busy: bool,
    /// The WAL's size, in pages.
    pages: i64,
}

/// Runs `PRAGMA wal_checkpoint(mode)`.
fn checkpoint(conn: &Connection, mode: &str) -> rusqlite::Result<Checkpointed> {
    conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
        Ok(Checkpointed {
            busy: r.get::<_, i64>(0)? != 0,
            pages: r.get(1)?,
        })
    })
}

fn file_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Decides whether the writer waits before a commit ([`COMMIT_PACE`]).
///
/// Only after a batch that held more than one write: that is the sign of
/// concurrent writers, whom a short wait gathers into fewer commits. A
/// single writer that waits for each answer before its next write (an
/// import, a test, the one-per-transaction benchmark) always makes batches
/// of one, and pacing it would only slow it down; and a paced batch that
/// gathered nothing more turns pacing off again. Nor does it wait when
/// [`PACE_ENOUGH`] writes are already queued: under a burst the batch is
/// big already, and waiting would only cap the commits per second.
#[derive(Debug, Default)]
struct Pacer {
    /// When the previous commit started, if it showed concurrency.
    paced_since: Option<Instant>,
}

impl Pacer {
    /// How long to wait before a commit starting at `now` with `queued`
    /// writes waiting.
    fn pause(&self, now: Instant, queued: usize) -> Duration {
        match self.paced_since {
            Some(last) if queued < PACE_ENOUGH => {
                COMMIT_PACE.saturating_sub(now.saturating_duration_since(last))
            }
            _ => Duration::ZERO,
        }
    }

    /// A commit of `jobs` writes started at `at`.
    fn started(&mut self, at: Instant, jobs: usize) {
        self.paced_since = (jobs > 1).then_some(at);
    }
}

/// Runs queued jobs: runs of transactional jobs share one transaction; a
/// job that must run outside one ends the run before it.
fn run_jobs(conn: &Connection, batch: &mut Vec<Box<dyn Job>>) {
    let mut group: Vec<Box<dyn Job>> = Vec::with_capacity(batch.len());
    for mut job in batch.drain(..) {
        if job.outside_transaction() {
            finish_group(conn, &mut group);
            let ran = job.run(conn).map_err(StoreError::from);
            job.finish(ran);
        } else {
            group.push(job);
        }
    }
    finish_group(conn, &mut group);
}

fn finish_group(conn: &Connection, group: &mut Vec<Box<dyn Job>>) {
    if group.is_empty() {
        return;
    }
    let committed = run_batch(conn, group);
    for job in group.drain(..) {
        job.finish(committed.clone());
    }
}

/// A commit slower than this is logged: every post in it waited that long.
const SLOW: Duration = Duration::from_millis(50);

fn run_batch(conn: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), StoreError> {
    let started = Instant::now();
    let outcome = (|| {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for job in batch.iter_mut() {
            job.run(conn)?;
        }
        conn.execute_batch("COMMIT")
    })();
    let took = started.elapsed();
    if took > SLOW {
        tracing::warn!(
            ms = took.as_millis() as u64,
            jobs = batch.len(),
            "slow commit"
        );
    }
    match outcome {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            tracing::error!(error = %e, jobs = batch.len(), "batch failed to commit");
            Err(StoreError::from(e))
        }
    }
}

fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<(), StoreError> {
    let version: usize =
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if version > migrations.len() {
        return Err(StoreError::Schema(format!(
            "database schema version {version} is newer than this build knows ({})",
            migrations.len()
        )));
    }
    for (i, sql) in migrations.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &[&str] =
        &["CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;"];

    #[test]
    fn commits_are_paced_only_after_a_batch_of_concurrent_writes() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut p = Pacer::default();
        // An idle writer, and a single writer's batches of one: no wait.
        assert_eq!(p.pause(t0, 1), Duration::ZERO);
        p.started(t0, 1);
        assert_eq!(p.pause(t0 + ms(1), 1), Duration::ZERO);
        // After a batch of several: the next commit waits out the rest of
        // the interval, never more, and not at all once it has passed.
        p.started(t0, 3);
        assert_eq!(p.pause(t0, 1), COMMIT_PACE);
        assert_eq!(p.pause(t0 + ms(1), 1), COMMIT_PACE - ms(1));
        assert_eq!(p.pause(t0 + COMMIT_PACE, 1), Duration::ZERO);
        assert_eq!(p.pause(t0 + ms(50), 1), Duration::ZERO);
        // A clock that seems to go backwards never makes the wait longer.
        p.started(t0 + ms(1), 2);
        assert_eq!(p.pause(t0, 1), COMMIT_PACE);
        // Enough writes already queued: commit at once.
        assert_eq!(p.pause(t0, PACE_ENOUGH), Duration::ZERO);
        assert_eq!(p.pause(t0, PACE_ENOUGH - 1), COMMIT_PACE);
        // A paced batch that gathered nothing more turns pacing off.
        p.started(t0 + ms(6), 1);
        assert_eq!(p.pause(t0 + ms(7), 1), Duration::ZERO);
    }

    #[tokio::test]
    async fn concurrent_writes_commit_and_a_failing_job_fails_alone() {
        let dir = tempdir();
        let db = Db::open(&dir.join("t.db"), SCHEMA).unwrap();
        db.write(|c| c.execute("INSERT INTO t VALUES ('k0', 0)", []))
            .await
            .unwrap();
        let mut handles = Vec::new();
        for i in 1..200 {
            let db = db.clone();
            handles.push(tokio::spawn(async move {
                db.write(move |c| c.execute("INSERT INTO t VALUES (?1, ?2)", (format!("k{i}"), i)))
                    .await
            }));
        }
        // A duplicate key fails inside its own savepoint.
        let dup = db
            .write(|c| c.execute("INSERT INTO t VALUES ('k0', 1)", []))
            .await;
        for h in handles {
            assert_eq!(h.await.unwrap().unwrap(), 1);
        }
        assert!(dup.is_err(), "duplicate primary key must fail");
        let n: i64 = db
            .read(|c| c.query_row("SELECT count(*) FROM t", [], |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(n, 200);
    }

    #[tokio::test]
    async fn reopening_does_not_rerun_migrations() {
        let dir = tempdir();
        let path = dir.join("m.db");
        let db = Db::open(&path, SCHEMA).unwrap();
        db.write(|c| c.execute("INSERT INTO t VALUES ('a', 1)", []))
            .await
            .unwrap();
        db.close();
        let db = Db::open(&path, SCHEMA).unwrap();
        let n: i64 = db
            .read(|c| c.query_row("SELECT count(*) FROM t", [], |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(n, 1);
        let newer = Db::open(&path, &[]);
        assert!(matches!(newer, Err(StoreError::Schema(_))));
    }

    /// Inserts row `i` with a key padded to `pad` bytes, so that a few rows
    /// fill pages and the WAL.
    async fn insert_padded(db: &Db, i: i64, pad: usize) {
        db.write(move |c| {
            c.execute(
                "INSERT INTO t VALUES (?1, ?2)",
                (format!("{i:04}{}", "x".repeat(pad)), i),
            )
        })
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn commits_reach_the_main_file_through_the_checkpointer_not_the_writer() {
        let dir = tempdir();
        let path = dir.join("c.db");
        let db = Db::open(&path, SCHEMA).unwrap();
        let auto: i64 = db
            .write(|c| c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(auto, 0, "the writer must never checkpoint inside a commit");
        let before = std::fs::metadata(&path).unwrap().len();
        for i in 0..50 {
            insert_padded(&db, i, 2000).await;
        }
        // WAL mode: the main file only grows when a checkpoint copies pages
        // into it, and nobody here asks for one.
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::fs::metadata(&path).unwrap().len() <= before {
            assert!(Instant::now() < deadline, "no background checkpoint ran");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        db.close();
    }

    #[tokio::test]
    async fn an_explicit_checkpoint_empties_the_wal_even_while_another_runs() {
        let dir = tempdir();
        let path = dir.join("k.db");
        let db = Db::open(&path, SCHEMA).unwrap();
        // Another connection checkpointing all the time, as the background
        // checkpointer may be when a retraction asks for one.
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let other = {
            let (path, stop) = (path.clone(), stop.clone());
            std::thread::spawn(move || {
                let conn = open(&path).unwrap();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = checkpoint(&conn, "PASSIVE");
                }
            })
        };
        let wal = dir.join("k.db-wal");
        for i in 0..100 {
            insert_padded(&db, i, 3000).await;
            db.checkpoint().await.unwrap();
            let left = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
            assert_eq!(left, 0, "write {i}: the WAL still holds {left} bytes");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        other.join().unwrap();
    }

    #[tokio::test]
    async fn reads_run_side_by_side_on_the_pool() {
        let dir = tempdir();
        let db = Db::open(&dir.join("r.db"), SCHEMA).unwrap();
        // Each read waits until all of them have started: this finishes only
        // if READERS reads run at once, on as many connections.
        let barrier = Arc::new(std::sync::Barrier::new(READERS));
        let reads = (0..READERS).map(|_| {
            let barrier = barrier.clone();
            db.read(move |c| {
                barrier.wait();
                c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))
            })
        });
        let all = tokio::time::timeout(
            Duration::from_secs(10),
            futures_util::future::join_all(reads),
        )
        .await
        .expect("reads were serialised");
        assert!(all.into_iter().all(|r| r.unwrap() == 0));
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rt-db-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
