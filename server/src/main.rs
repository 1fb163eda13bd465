//! The `roundtable` command: reads flags and environment, then calls the
//! library.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use roundtable::storage::{IdentityStore as _, SqliteIdentity, SqliteNotes};
use roundtable::{AppState, Config};
use roundtable_consultation::Consultation;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "roundtable",
    version,
    about = "Closed multi-stakeholder consultations under the Chatham House Rule",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Issue a new organiser link (existing ones stay valid).
    OrganiserLink {
        #[command(flatten)]
        target: Target,
        /// Base URL the link should start with.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
    },
    /// Export unattributed notes, byte for byte what the HTTP export gives.
    Export {
        #[command(flatten)]
        target: Target,
        /// Consultation slug.
        #[arg(long = "consultation")]
        slug: Option<String>,
        /// md, csv, json or docx.
        #[arg(long)]
        format: String,
        /// Only this working group (or `plenary`).
        #[arg(long)]
        group: Option<String>,
        /// Only this objective.
        #[arg(long)]
        objective: Option<u32>,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Byte-scan the notes store, logs and exports for every registered
    /// name, email, organisation, alias and token. Exits 1 on any hit.
    Audit {
        /// Data directory holding identity.db and notes.db.
        #[arg(long = "data", env = "ROUNDTABLE_DATA", default_value = "./data")]
        data: PathBuf,
        /// Log files to scan; repeatable.
        #[arg(long = "logs", num_args = 1..)]
        logs: Vec<PathBuf>,
        /// A directory of export files to scan (recursively).
        #[arg(long = "exports")]
        exports: Vec<PathBuf>,
        /// Identities to look for when the identity store has been purged:
        /// one per line, `name:`, `email:` or `org:` (bare lines are names).
        #[arg(long = "names")]
        names: Option<PathBuf>,
    },
    /// Import registrations from a form tool's CSV (same rules as the API;
    /// the deadline does not apply). Exits 1 when a row is rejected.
    ImportRegistrations {
        #[command(flatten)]
        target: Target,
        /// Consultation slug.
        #[arg(long = "consultation")]
        slug: String,
        /// The CSV file.
        file: PathBuf,
        /// Check every row and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Assign every registrant to a working group and print the balance
    /// report.
    Assign {
        #[command(flatten)]
        target: Target,
        /// Consultation slug.
        #[arg(long = "consultation")]
        slug: String,
        /// Seed: the same seed and registrations give the same assignment
        /// (default: random, printed).
        #[arg(long)]
        seed: Option<u64>,
        /// Compute and print, but save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete every registrant's personal data and token from the identity
    /// store (the notes store is not touched). Stop the server first.
    Purge {
        #[command(flatten)]
        target: Target,
        /// Consultation slug.
        #[arg(long = "consultation")]
        slug: String,
        /// Really delete (without it, only counts are shown).
        #[arg(long)]
        yes: bool,
    },
    /// Check consultation files and print what they hold.
    CheckConsultation {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Where the data is and which consultations exist (for subcommands).
#[derive(Args, Clone)]
struct Target {
    /// Data directory holding identity.db and notes.db.
    #[arg(long = "data", env = "ROUNDTABLE_DATA", default_value = "./data")]
    data: PathBuf,
    /// Consultation file (TOML); repeatable. Default: the built-in example.
    #[arg(
        long = "consultation-file",
        env = "ROUNDTABLE_CONSULTATIONS",
        value_delimiter = ','
    )]
    files: Vec<PathBuf>,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Data directory for identity.db and notes.db.
    #[arg(long = "data", env = "ROUNDTABLE_DATA", default_value = "./data")]
    data: PathBuf,
    /// Consultation file (TOML); repeat for several. Default: the built-in example.
    #[arg(
        long = "consultation",
        env = "ROUNDTABLE_CONSULTATIONS",
        value_delimiter = ','
    )]
    consultations: Vec<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "ROUNDTABLE_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// Public base URL used in printed links (default: http://<bind>).
    #[arg(long, env = "ROUNDTABLE_PUBLIC_URL")]
    public_url: Option<String>,
    /// Extra origin allowed to open websockets; repeatable. Same-origin is always allowed.
    #[arg(
        long = "allowed-origin",
        env = "ROUNDTABLE_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    allowed_origins: Vec<String>,
    /// Sustained messages per second per connection.
    #[arg(long, env = "ROUNDTABLE_RATE", default_value_t = 20.0)]
    rate: f64,
    /// Burst of messages per connection.
    #[arg(long, env = "ROUNDTABLE_BURST", default_value_t = 60.0)]
    burst: f64,
    /// Most simultaneous websocket connections.
    #[arg(long, env = "ROUNDTABLE_MAX_CONNECTIONS", default_value_t = 20_000)]
    max_connections: usize,
    /// Seed the example consultation with about 60 fictional registrants,
    /// assign them, and print one link per role (idempotent: links are
    /// re-issued on every start).
    #[arg(long)]
    demo: bool,
}

fn load_models(files: &[PathBuf]) -> anyhow::Result<Vec<Consultation>> {
    if files.is_empty() {
        return Ok(vec![Consultation::example()]);
    }
    files
        .iter()
        .map(|f| Consultation::load(f).map_err(anyhow::Error::from))
        .collect()
}

/// The consultation a subcommand works on: by slug, or the only one.
fn pick(models: Vec<Consultation>, slug: Option<&str>) -> anyhow::Result<Consultation> {
    let known: Vec<String> = models.iter().map(|m| m.slug.clone()).collect();
    match slug {
        Some(s) => models
            .into_iter()
            .find(|m| m.slug == s)
            .with_context(|| format!("no consultation {s:?}; known: {known:?}")),
        None if models.len() == 1 => Ok(models.into_iter().next().expect("one model")),
        None => anyhow::bail!(
            "several consultations are loaded; choose one with --consultation (known: {known:?})"
        ),
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("ROUNDTABLE_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        None => runtime.block_on(serve(cli.serve)),
        Some(Command::Serve(args)) => runtime.block_on(serve(args)),
        Some(Command::OrganiserLink { target, base }) => runtime.block_on(async {
            let (_stop, stopped) = tokio::sync::watch::channel(false);
            let config = Config {
                data_dir: target.data,
                ..Config::default()
            };
            let state = AppState::open(config, load_models(&target.files)?, stopped).await?;
            let token = state.new_organiser().await?;
            println!("{}", state.link(&base, &token));
            state.flush().await
        }),
        Some(Command::Export {
            target,
            slug,
            format,
            group,
            objective,
            out,
        }) => runtime.block_on(async {
            let model = pick(load_models(&target.files)?, slug.as_deref())?;
            let format = format
                .parse()
                .map_err(|e| anyhow::anyhow!("--format: {e}"))?;
            let scope = roundtable::export::scope(&model, group.as_deref(), objective)
                .map_err(|e| anyhow::anyhow!(e.message))?;
            let notes = open_notes(&target.data)?;
            let (_, bytes) = roundtable::export::render(&notes, &model, scope, format).await?;
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
            Ok(())
        }),
        Some(Command::Audit {
            data,
            logs,
            exports,
            names,
        }) => {
            let mut needles = roundtable::audit::Needles::default();
            if let Some(f) = &names {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("reading {}", f.display()))?;
                needles.from_list(&text);
            }
            identity_needles(&data, &mut needles)?;
            let mut files = roundtable::audit::notes_files(&data);
            anyhow::ensure!(!files.is_empty(), "no notes store in {}", data.display());
            files.extend(logs);
            for dir in &exports {
                files.extend(roundtable::audit::files_under(dir));
            }
            let report = roundtable::audit::scan_files(&needles, &files)?;
            for hit in &report.hits {
                println!("{hit}");
            }
            println!(
                "audit: {} identities checked, {} files scanned, {} hits",
                report.identities,
                report.files,
                report.hits.len()
            );
            if !report.hits.is_empty() {
                std::process::exit(1);
            }
            Ok(())
        }
        Some(Command::ImportRegistrations {
            target,
            slug,
            file,
            dry_run,
        }) => runtime.block_on(import_registrations(target, slug, file, dry_run)),
        Some(Command::Assign {
            target,
            slug,
            seed,
            dry_run,
        }) => runtime.block_on(assign(target, slug, seed, dry_run)),
        Some(Command::Purge { target, slug, yes }) => runtime.block_on(purge(target, slug, yes)),
        Some(Command::CheckConsultation { files }) => {
            for f in &files {
                let c = Consultation::load(f)?;
                println!(
                    "{}: ok — {} ({}), {} agenda items, {} objectives, {} groups",
                    f.display(),
                    c.slug,
                    c.date,
                    c.agenda.len(),
                    c.objectives.len(),
                    c.groups.len()
                );
            }
            Ok(())
        }
    }
}

/// Reads every name, email, organisation, alias and token hash from the
/// identity store (read-only; works while the server runs).
fn identity_needles(data: &Path, needles: &mut roundtable::audit::Needles) -> anyhow::Result<()> {
    let path = data.join("identity.db");
    if !path.exists() {
        return Ok(());
    }
    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    // Personal data is the participants'; staff accounts carry role labels
    // at most. Every account's token is looked for.
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN role = 'participant' THEN name END,
                CASE WHEN role = 'participant' THEN email END,
                CASE WHEN role = 'participant' THEN organisation END,
                token_hash
         FROM accounts",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Vec<u8>>(3)?,
        ))
    })?;
    for row in rows {
        let (name, email, org, hash) = row?;
        name.inspect(|n| needles.name(n));
        email.inspect(|e| needles.email(e));
        org.inspect(|o| needles.organisation(o));
        if let Ok(h) = <[u8; 32]>::try_from(hash.as_slice()) {
            needles.token_hash(h);
        }
    }
    let has_aliases: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'org_aliases'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    if has_aliases {
        let mut stmt = conn.prepare("SELECT alias, name FROM org_aliases")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (alias, name) = row?;
            needles.organisation(&alias);
            needles.organisation(&name);
        }
    }
    Ok(())
}

/// Opens only the identity store (never the notes store).
fn open_identity(data: &Path, must_exist: bool) -> anyhow::Result<SqliteIdentity> {
    anyhow::ensure!(
        !must_exist || data.join("identity.db").exists(),
        "no identity store in {}",
        data.display()
    );
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    SqliteIdentity::open(data).context("opening the identity store")
}

/// Checkpoints and closes the identity store, waiting for its writer.
async fn close_identity(identity: SqliteIdentity) -> anyhow::Result<()> {
    identity.flush().await?;
    let db = identity.db().clone();
    drop(identity);
    db.close();
    Ok(())
}

async fn import_registrations(
    target: Target,
    slug: String,
    file: PathBuf,
    dry_run: bool,
) -> anyhow::Result<()> {
    use roundtable::registration::{csv_file, import};
    let model = pick(load_models(&target.files)?, Some(&slug))?;
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let parsed = csv_file::parse(&bytes);
    let identity = open_identity(&target.data, false)?;
    let mut progress = |done: usize, total: usize| {
        if total >= import::BATCH {
            eprintln!("{done}/{total} rows");
        }
    };
    let report = import::import(&identity, &model, parsed, dry_run, &mut progress).await?;
    close_identity(identity).await?;
    for r in &report.rows {
        let what = match (&r.code, &r.reason) {
            (Some(code), Some(reason)) => format!("rejected ({code}): {reason}"),
            _ => serde_json::to_value(r.outcome)?
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        };
        let group = r
            .group
            .as_deref()
            .map(|g| format!(" → {g}"))
            .unwrap_or_default();
        println!("row {} (line {}): {what}{group}", r.row, r.line);
    }
    if !report.ignored_columns.is_empty() {
        println!("ignored columns: {}", report.ignored_columns.join(", "));
    }
    println!(
        "{}{} accepted, {} rejected, {} unchanged",
        if dry_run {
            "dry run, nothing written: "
        } else {
            ""
        },
        report.accepted,
        report.rejected,
        report.unchanged
    );
    if report.accepted > 0 && !dry_run {
        println!(
            "imported registrants have no link yet: POST /api/v1/consultations/{slug}/links/reissue gives the mail-merge CSV"
        );
    }
    if report.rejected > 0 {
        std::process::exit(1);
    }
    Ok(())
}

async fn assign(
    target: Target,
    slug: String,
    seed: Option<u64>,
    dry_run: bool,
) -> anyhow::Result<()> {
    let model = pick(load_models(&target.files)?, Some(&slug))?;
    let identity = open_identity(&target.data, true)?;
    let seed = seed.unwrap_or_else(roundtable::registration::random_seed);
    let outcome = roundtable::registration::assign::run(&identity, &model, seed, dry_run).await;
    close_identity(identity).await?;
    let (view, _) = outcome.map_err(|e| anyhow::anyhow!(e))?;
    print!("{}", roundtable::registration::assign::render(&view));
    Ok(())
}

async fn purge(target: Target, slug: String, yes: bool) -> anyhow::Result<()> {
    let model = pick(load_models(&target.files)?, Some(&slug))?;
    let identity = open_identity(&target.data, true)?;
    if !yes {
        let n = identity.registrations(&model.slug).await?.len();
        let participants = identity
            .list(&model.slug)
            .await?
            .iter()
            .filter(|a| a.role == roundtable::access::Role::Participant)
            .count();
        close_identity(identity).await?;
        println!(
            "would delete {n} registrations and {participants} participant accounts of {slug}; run again with --yes"
        );
        std::process::exit(2);
    }
    let report = roundtable::registration::purge(&identity, &model.slug).await;
    close_identity(identity).await?;
    let report = report?;
    println!(
        "purged {slug}: {} registrations, {} participant accounts and their links, {} aliases deleted; \
         personal data cleared from {} staff accounts; identity.db rebuilt (VACUUM); notes store untouched",
        report.registrations, report.participants, report.aliases, report.staff_cleared
    );
    Ok(())
}

fn open_notes(data: &Path) -> anyhow::Result<SqliteNotes> {
    anyhow::ensure!(
        data.join("notes.db").exists(),
        "no notes store in {}",
        data.display()
    );
    SqliteNotes::open(data).context("opening the notes store")
}

/// Binds with a deep accept queue: when a whole room reconnects at once
/// (a restart, a network blip), the default of 128 drops connection
/// attempts and costs clients a second of backoff (measured in
/// docs/performance.md).
async fn bind(address: &str) -> std::io::Result<TcpListener> {
    let mut last = None;
    for addr in tokio::net::lookup_host(address).await? {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(addr).and_then(|()| socket.listen(4096)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("the address resolved to nothing")))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let models = load_models(&args.consultations)?;
    let listener = bind(&args.bind)
        .await
        .with_context(|| format!("binding {}", args.bind))?;
    let addr: SocketAddr = listener.local_addr()?;
    let base = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let config = Config {
        data_dir: args.data.clone(),
        allowed_origins: args.allowed_origins,
        rate_per_sec: args.rate,
        rate_burst: args.burst,
        max_connections: args.max_connections,
        public_url: args.public_url,
        ..Config::default()
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let state = AppState::open(config, models, stopped).await?;
    println!(
        "Roundtable {} listening on {base}",
        env!("CARGO_PKG_VERSION")
    );
    for live in state.consultations.values() {
        println!("  consultation {}: {}", live.slug(), live.model.title);
    }
    if args.demo {
        let example = Consultation::example().slug;
        let mut slugs: Vec<&String> = state.consultations.keys().collect();
        slugs.sort();
        let slug = slugs
            .iter()
            .find(|s| **s == &example)
            .or(slugs.first())
            .map(|s| s.to_string())
            .context("no consultation to seed")?;
        let live = state.live(&slug).context("no consultation to seed")?;
        let links = roundtable::registration::demo::seed(&state, &live, &base).await?;
        println!("Demo links for {slug} (new on every start; keep them private):");
        for (role, link) in links {
            println!("  {role:<24} {link}");
        }
    } else {
        print_organiser(&state, &base).await?;
    }
    tracing::info!(%addr, consultations = state.consultations.len(), "serving");
    roundtable::run(listener, state, stop, shutdown_signal()).await
}

async fn print_organiser(state: &AppState, base: &str) -> anyhow::Result<()> {
    match state.ensure_organiser().await? {
        Some(token) => {
            println!("Organiser link (shown once; keep it private):");
            println!("  {}", state.link(base, &token));
        }
        None => println!(
            "Organiser link: issued on first start; `roundtable organiser-link` issues a new one."
        ),
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
