//! Shared server state and its configuration.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use roundtable_consultation::Consultation;
use tokio::sync::watch;

use crate::access::{Role, Token};
use crate::anonymise::Anonymiser;
use crate::live::{Live, Stores};
use crate::meeting::MeetingState;
use crate::storage::{IdentityStore, NewAccount, NotesStore, SqliteIdentity, SqliteNotes};

/// Runtime settings. `Config::default()` is what `roundtable serve` uses
/// unless told otherwise.
#[derive(Debug, Clone)]
pub struct Config {
    /// Data directory holding `identity.db` and `notes.db`.
    pub data_dir: PathBuf,
    /// Extra origins allowed to open websockets (same-origin always is).
    pub allowed_origins: Vec<String>,
    /// Messages per second a connection may send, sustained.
    pub rate_per_sec: f64,
    /// Messages a connection may send in a burst.
    pub rate_burst: f64,
    /// Server ping interval.
    pub ping_interval: Duration,
    /// A connection silent for this long is closed.
    pub idle_timeout: Duration,
    /// A client must say `hello` within this time.
    pub hello_timeout: Duration,
    /// Most simultaneous websocket connections.
    pub max_connections: usize,
    /// Public base URL for links (default: `http://<bind address>`).
    pub public_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            allowed_origins: Vec::new(),
            rate_per_sec: 20.0,
            rate_burst: 60.0,
            ping_interval: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(60),
            hello_timeout: Duration::from_secs(15),
            max_connections: 20_000,
            public_url: None,
        }
    }
}

/// Everything a request handler needs.
pub struct AppState {
    /// Settings.
    pub config: Config,
    /// Identifies this server run (random); resume only works within one.
    pub epoch: String,
    /// Registrations, roles, tokens.
    pub identity: Arc<dyn IdentityStore>,
    /// Contributions.
    pub notes: Arc<dyn NotesStore>,
    /// The one builder of storable contributions.
    pub anonymiser: Anonymiser,
    /// Running consultations by slug.
    pub consultations: HashMap<String, Arc<Live>>,
    /// Flips to true when the server shuts down.
    pub shutdown: watch::Receiver<bool>,
    /// Bounds simultaneous websocket connections.
    pub connection_slots: Arc<tokio::sync::Semaphore>,
    /// Throttles the public registration form server-wide (no addresses
    /// are kept to throttle per client).
    pub registration_bucket: std::sync::Mutex<crate::rate::TokenBucket>,
}

impl AppState {
    /// Opens the stores in `config.data_dir` and loads the consultations.
    pub async fn open(
        config: Config,
        models: Vec<Consultation>,
        shutdown: watch::Receiver<bool>,
    ) -> anyhow::Result<Arc<AppState>> {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data directory {}", config.data_dir.display()))?;
        let identity =
            SqliteIdentity::open(&config.data_dir).context("opening the identity store")?;
        let notes = SqliteNotes::open(&config.data_dir).context("opening the notes store")?;
        let secret = identity
            .secret()
            .await
            .context("reading the server secret")?;
        let identity: Arc<dyn IdentityStore> = Arc::new(identity);
        let notes: Arc<dyn NotesStore> = Arc::new(notes);
        let stores = Stores {
            identity: identity.clone(),
            notes: notes.clone(),
            anonymiser: Anonymiser::new(secret),
        };
        let mut consultations = HashMap::new();
        for model in models {
            let slug = model.slug.clone();
            anyhow::ensure!(
                !consultations.contains_key(&slug),
                "two consultations share the slug {slug:?}"
            );
            let stored = notes.load(&slug).await.context("loading contributions")?;
            let meeting = match identity
                .load_meeting(&slug)
                .await
                .context("loading the meeting state")?
            {
                Some(json) => {
                    serde_json::from_str(&json).context("reading the saved meeting state")?
                }
                None => MeetingState::default(),
            };
            let summaries = notes.summaries(&slug).await.context("loading summaries")?;
            let live = Live::new(model, stored, summaries, meeting, stores.clone());
            live.refresh_redactor()
                .await
                .context("building the redactor")?;
            live.start(shutdown.clone());
            consultations.insert(slug, live);
        }
        let epoch = uuid::Uuid::new_v4().simple().to_string();
        Ok(Arc::new(AppState {
            connection_slots: Arc::new(tokio::sync::Semaphore::new(config.max_connections)),
            registration_bucket: std::sync::Mutex::new(crate::rate::TokenBucket::new(10.0, 100.0)),
            config,
            epoch,
            identity,
            notes,
            anonymiser: stores.anonymiser,
            consultations,
            shutdown,
        }))
    }

    /// A running consultation by slug.
    pub fn live(&self, slug: &str) -> Option<Arc<Live>> {
        self.consultations.get(slug).cloned()
    }

    /// Creates the server-wide organiser account when none exists and
    /// returns its token (shown once).
    pub async fn ensure_organiser(&self) -> anyhow::Result<Option<Token>> {
        if self.identity.has_organiser().await? {
            return Ok(None);
        }
        Ok(Some(self.new_organiser().await?))
    }

    /// Issues a new organiser token (the old ones stay valid until revoked).
    pub async fn new_organiser(&self) -> anyhow::Result<Token> {
        let token = Token::generate();
        self.identity
            .create(NewAccount {
                consultation: None,
                role: Role::Organiser,
                scope: None,
                token_hash: token.hash(),
                room: None,
                room_phase: None,
                group: None,
                name: None,
                email: None,
                organisation: None,
            })
            .await?;
        Ok(token)
    }

    /// The link that carries a token in its fragment.
    pub fn link(&self, base: &str, token: &Token) -> String {
        format!("{}/#token={}", base.trim_end_matches('/'), token.expose())
    }

    /// Commits everything queued and checkpoints both databases.
    pub async fn flush(&self) -> anyhow::Result<()> {
        self.notes
            .flush()
            .await
            .context("flushing the notes store")?;
        self.identity
            .flush()
            .await
            .context("flushing the identity store")?;
        Ok(())
    }
}
