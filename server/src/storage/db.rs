//! One SQLite database file: a writer thread with group commit, plus a read
//! connection.
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

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::StoreError;

/// Most jobs committed in one transaction.
const MAX_BATCH: usize = 1024;
/// Queue depth before callers wait: a bounded queue keeps a burst from
/// growing memory without limit and pushes back on the posters.
const QUEUE: usize = 16 * 1024;

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
        conn.execute_batch("SAVEPOINT job")?;
        let result = f(conn);
        if result.is_ok() {
            conn.execute_batch("RELEASE job")?;
        } else {
            conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
        }
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

/// A database file with its writer thread and read connection.
#[derive(Clone)]
pub struct Db {
    tx: mpsc::Sender<Box<dyn Job>>,
    reader: Arc<Mutex<Connection>>,
    writer: Arc<Mutex<Option<JoinHandle<()>>>>,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the file and applies pending migrations:
    /// `migrations[i]` brings the schema to `user_version = i + 1`.
    pub fn open(path: &Path, migrations: &[&str]) -> Result<Db, StoreError> {
        let mut conn = open(path)?;
        migrate(&mut conn, migrations)?;
        let reader = open(path)?;
        let (tx, mut rx) = mpsc::channel::<Box<dyn Job>>(QUEUE);
        let handle = std::thread::Builder::new()
            .name(format!("db-writer-{}", file_name(path)))
            .spawn(move || {
                let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(64);
                while let Some(first) = rx.blocking_recv() {
                    batch.push(first);
                    while batch.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    run_jobs(&conn, &mut batch);
                }
                // Every sender is gone: fold the WAL back into the main file.
                if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
                    tracing::warn!(error = %e, "checkpoint at close failed");
                }
            })
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(Db {
            tx,
            reader: Arc::new(Mutex::new(reader)),
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

    /// Runs a read on the read connection, off the async threads.
    pub async fn read<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let reader = self.reader.clone();
        tokio::task::spawn_blocking(move || {
            let conn = reader.lock().unwrap_or_else(|p| p.into_inner());
            f(&conn).map_err(StoreError::from)
        })
        .await
        .map_err(|e| StoreError::Io(e.to_string()))?
    }

    /// Waits for queued writes to commit, checkpoints the WAL into the main
    /// file (so deleted content leaves the WAL too) and truncates it.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.submit(true, |c| {
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
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

fn file_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
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

fn run_batch(conn: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), StoreError> {
    let outcome = (|| {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for job in batch.iter_mut() {
            job.run(conn)?;
        }
        conn.execute_batch("COMMIT")
    })();
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

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rt-db-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
