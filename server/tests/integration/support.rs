//! Test harness: a server on port 0 that stops on drop, a typed websocket
//! client with `recv_until`, and helpers for links and byte scans.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use roundtable::{AppState, Config};
use roundtable_consultation::Consultation;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single wait in a test may take before it fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// An in-process server on 127.0.0.1:0.
pub struct TestServer {
    pub addr: std::net::SocketAddr,
    pub organiser: String,
    pub data: PathBuf,
    _tmp: Option<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    pub http: reqwest::Client,
}

impl TestServer {
    /// A server with default settings on a fresh data directory.
    pub async fn start() -> TestServer {
        Self::start_with(Config::default()).await
    }

    /// A server with these settings on a fresh data directory.
    pub async fn start_with(config: Config) -> TestServer {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().to_owned();
        let mut s = Self::start_in(&data, config).await;
        s._tmp = Some(tmp);
        s
    }

    /// A server on an existing data directory (for restarts).
    pub async fn start_in(data: &Path, config: Config) -> TestServer {
        Self::start_in_with_models(data, config, vec![Consultation::example()]).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Stops gracefully and waits; keeps the data directory alive when
    /// returned (for restarts).
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap().unwrap();
        }
        self._tmp.take()
    }

    /// POST a link as the organiser; returns the JSON answer.
    pub async fn create_link(&self, body: Value) -> Value {
        let res = self
            .http
            .post(self.url("/api/v1/consultations/gcm-asia-pacific-2021-4/links"))
            .bearer_auth(&self.organiser)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "creating a link failed");
        res.json().await.unwrap()
    }

    /// A participant link placed in `room`: (account id, token).
    pub async fn participant(&self, room: &str) -> (String, String) {
        let v = self
            .create_link(json!({"role": "participant", "room": room}))
            .await;
        (
            v["id"].as_str().unwrap().to_owned(),
            v["token"].as_str().unwrap().to_owned(),
        )
    }

    /// A named participant (personal data in the identity store).
    pub async fn named(&self, room: &str, name: &str, email: &str, org: &str) -> (String, String) {
        let body = json!({"role": "participant", "room": room, "name": name, "email": email, "organisation": org});
        let v = self.create_link(body).await;
        (
            v["id"].as_str().unwrap().to_owned(),
            v["token"].as_str().unwrap().to_owned(),
        )
    }

    /// Connects and completes `hello` (welcome + snapshot consumed).
    pub async fn client(&self, token: &str) -> TestClient {
        TestClient::join(&self.ws_url(), token, None).await
    }

    /// Like [`TestServer::client`], asking for the model in `welcome`.
    pub async fn client_with_model(&self, token: &str) -> TestClient {
        let hello = json!({"type": "hello", "protocol": 1, "token": token, "model": true});
        TestClient::join_hello(&self.ws_url(), hello).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A websocket client that speaks JSON.
pub struct TestClient {
    pub ws: Ws,
    pub welcome: Value,
    pub room: String,
    pub epoch: String,
    pub last_seq: u64,
    /// The first state message after welcome (snapshot or resumed).
    pub start: Value,
    /// Events replayed before `resumed`.
    pub replayed: Vec<Value>,
}

impl TestClient {
    /// Opens a raw socket (no hello).
    pub async fn raw(url: &str) -> Ws {
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        ws
    }

    /// Connects, says hello (optionally resuming) and reads the start.
    pub async fn join(url: &str, token: &str, resume: Option<Value>) -> TestClient {
        let mut hello = json!({"type": "hello", "protocol": 1, "token": token});
        if let Some(r) = resume {
            hello["resume"] = r;
        }
        Self::join_hello(url, hello).await
    }

    /// Connects, sends `hello` as given and reads the start.
    pub async fn join_hello(url: &str, hello: Value) -> TestClient {
        let mut ws = Self::raw(url).await;
        send(&mut ws, &hello).await;
        let welcome = recv(&mut ws).await;
        assert_eq!(
            welcome["type"], "welcome",
            "expected welcome, got {welcome}"
        );
        let mut replayed = Vec::new();
        let start = loop {
            let m = recv(&mut ws).await;
            match m["type"].as_str() {
                Some("snapshot") | Some("resumed") => break m,
                _ => replayed.push(m),
            }
        };
        let room = welcome["room"].as_str().unwrap().to_owned();
        let epoch = welcome["epoch"].as_str().unwrap().to_owned();
        let last_seq = start["seq"].as_u64().unwrap();
        TestClient {
            ws,
            welcome,
            room,
            epoch,
            last_seq,
            start,
            replayed,
        }
    }

    pub async fn send(&mut self, v: Value) {
        send(&mut self.ws, &v).await;
    }

    /// The next JSON message (pings skipped); tracks `seq`.
    pub async fn recv(&mut self) -> Value {
        let v = recv(&mut self.ws).await;
        if let Some(s) = v["seq"].as_u64() {
            self.last_seq = self.last_seq.max(s);
        }
        v
    }

    /// Reads until a message matches, failing after `WAIT`.
    pub async fn recv_until(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let v = tokio::time::timeout_at(deadline, self.recv())
                .await
                .expect("timed out waiting for a message");
            if pred(&v) {
                return v;
            }
        }
    }

    /// No room event or reply arrives within `d` (presence updates and
    /// pings aside).
    pub async fn expect_silence(&mut self, d: Duration) {
        let deadline = tokio::time::Instant::now() + d;
        while let Ok(v) = tokio::time::timeout_at(deadline, self.recv()).await {
            if !matches!(v["type"].as_str(), Some("presence" | "roster")) {
                panic!("expected silence, got {v}");
            }
        }
    }

    /// Posts and waits for the ack (or an error).
    pub async fn post(&mut self, objective: u32, question: &str, text: &str, key: &str) -> Value {
        self.send(json!({"type": "post", "objective": objective, "question": question, "text": text, "key": key}))
            .await;
        self.recv_until(|m| (m["type"] == "ack" && m["key"] == key) || m["type"] == "error")
            .await
    }

    /// The resume point to hand to `join`.
    pub fn resume_point(&self) -> Value {
        json!({"epoch": self.epoch, "room": self.room, "seq": self.last_seq})
    }
}

pub async fn send(ws: &mut Ws, v: &Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

pub async fn recv(ws: &mut Ws) -> Value {
    loop {
        let m = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("timed out waiting for a message")
            .expect("socket ended")
            .expect("socket error");
        match m {
            Message::Text(t) => return serde_json::from_str(&t).unwrap(),
            Message::Close(f) => {
                return json!({"type": "__close", "code": f.map(|f| u16::from(f.code))});
            }
            _ => continue,
        }
    }
}

/// Reads until the server closes; returns the close code.
pub async fn close_code(ws: &mut Ws) -> Option<u16> {
    loop {
        match tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("timed out waiting for close")
        {
            Some(Ok(Message::Close(f))) => return f.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return None,
        }
    }
}

/// A websocket request with extra headers.
pub fn request_with(
    url: &str,
    headers: &[(&str, &str)],
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut req = url.into_client_request().unwrap();
    for (k, v) in headers {
        req.headers_mut().insert(
            tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    req
}

/// Every offset at which `needle` occurs in the file, case-insensitively
/// for ASCII (a byte scan, not a query).
pub fn byte_hits(path: &Path, needle: &str) -> Vec<usize> {
    let Ok(hay) = std::fs::read(path) else {
        return Vec::new();
    };
    let hay: Vec<u8> = hay.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase().into_bytes();
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(i, _)| i)
        .collect()
}

/// The notes database and its WAL and shared-memory files.
pub fn notes_files(data: &Path) -> Vec<PathBuf> {
    ["notes.db", "notes.db-wal", "notes.db-shm"]
        .iter()
        .map(|f| data.join(f))
        .collect()
}

/// A unique idempotency key.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl TestServer {
    /// A participant assigned to a working group but not placed anywhere:
    /// the agenda decides their room. Returns (account id, token).
    pub async fn member(&self, group: &str, name: &str) -> (String, String) {
        let v = self
            .create_link(json!({"role": "participant", "group": group, "name": name}))
            .await;
        (
            v["id"].as_str().unwrap().to_owned(),
            v["token"].as_str().unwrap().to_owned(),
        )
    }

    /// A facilitator link (`room` None = every room); returns the token.
    pub async fn facilitator(&self, room: Option<&str>) -> String {
        let v = self
            .create_link(json!({"role": "facilitator", "room": room}))
            .await;
        v["token"].as_str().unwrap().to_owned()
    }

    /// A rapporteur link for a group; returns the token.
    pub async fn rapporteur(&self, group: &str) -> String {
        let v = self
            .create_link(json!({"role": "rapporteur", "group": group}))
            .await;
        v["token"].as_str().unwrap().to_owned()
    }
}

impl TestClient {
    /// Sends and waits for the `done` for this action, or fails on an error.
    pub async fn act(&mut self, msg: Value) -> Value {
        self.send(msg.clone()).await;
        let r = self
            .recv_until(|m| m["type"] == "done" || m["type"] == "error")
            .await;
        assert_eq!(r["type"], "done", "{msg} failed: {r}");
        r
    }

    /// Sends and returns the error code it must produce.
    pub async fn refused(&mut self, msg: Value) -> String {
        self.send(msg.clone()).await;
        let r = self.recv_until(|m| m["type"] == "error").await;
        r["code"].as_str().unwrap().to_owned()
    }

    /// Waits until this client is moved to `room` (a new snapshot).
    pub async fn moved_to(&mut self, room: &str) {
        let snap = self.recv_until(|m| m["type"] == "snapshot").await;
        assert_eq!(snap["room"]["id"], room, "moved to the wrong room");
        self.room = room.to_owned();
        self.start = snap;
    }

    /// Waits for the meeting to reach `phase`.
    pub async fn phase(&mut self, phase: u64) -> Value {
        self.recv_until(|m| m["type"] == "meeting" && m["meeting"]["phase"] == phase)
            .await
    }
}

impl TestServer {
    /// A server running `models` (instead of the built-in example) on a
    /// fresh data directory.
    pub async fn start_with_models(config: Config, models: Vec<Consultation>) -> TestServer {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().to_owned();
        let mut s = Self::start_in_with_models(&data, config, models).await;
        s._tmp = Some(tmp);
        s
    }

    /// A server running `models` on an existing data directory.
    pub async fn start_in_with_models(
        data: &Path,
        config: Config,
        models: Vec<Consultation>,
    ) -> TestServer {
        let config = Config {
            data_dir: data.to_owned(),
            ..config
        };
        let (stop_tx, stopped) = tokio::sync::watch::channel(false);
        let state = AppState::open(config, models, stopped).await.unwrap();
        let organiser = match state.ensure_organiser().await.unwrap() {
            Some(t) => t.expose().to_owned(),
            None => state.new_organiser().await.unwrap().expose().to_owned(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(roundtable::run(listener, state, stop_tx, async {
            let _ = rx.await;
        }));
        TestServer {
            addr,
            organiser,
            data: data.to_owned(),
            _tmp: None,
            stop: Some(stop),
            task: Some(task),
            http: reqwest::Client::new(),
        }
    }
}
