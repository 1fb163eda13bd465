//! One simulated participant: a websocket task that joins, posts when the
//! plan says so, checks every event it receives, and resumes after a drop.
//!
//! A client never waits for an ack before its next post (open loop). Its
//! posts stay in `inflight` until answered; after a reconnect they are sent
//! again with the same idempotency key, as a real client would.

use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures_util::{FutureExt as _, SinkExt as _, StreamExt as _};
use serde::Serialize;
use serde_json::json;
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::ledger::{Ledger, Plan};
use crate::marker::Marker;
use crate::metrics::{ClientStats, Recorder, Seen};

mod receive;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What every client task shares.
pub struct Shared {
    /// `ws://…/ws`.
    pub ws_url: String,
    /// This run's id, written in every marker.
    pub run: u64,
    /// The instant markers count from.
    pub origin: Instant,
    /// Length of contribution texts.
    pub text_len: usize,
    /// What became of every post.
    pub ledger: Ledger,
    /// Who posts what and when; set once every client has joined.
    pub plan: OnceLock<Plan>,
    /// Per room index: members other than an author (connected members - 1).
    pub others: OnceLock<Vec<u32>>,
    /// Latency histograms.
    pub rec: Recorder,
    /// Bounds connections being opened at once.
    pub gate: Semaphore,
    /// Longest a connection attempt (all retries) may take.
    pub connect_timeout: Duration,
}

/// Instructions to a client task.
#[derive(Debug, Clone, Copy)]
pub enum Cmd {
    /// Post planned post `g` now.
    Post(u32),
    /// Drop the connection and resume (the reconnect storm).
    Drop,
    /// Close and hand back the counts.
    Stop,
}

/// Who the client is.
pub struct Identity {
    /// Index among the run's clients.
    pub index: u32,
    /// Personal token.
    pub token: String,
    /// Index of its room in the run's room list.
    pub room_index: usize,
}

/// What a client task hands back.
pub struct Outcome {
    /// Counters.
    pub stats: ClientStats,
    /// When the storm's resume completed.
    pub resumed_at: Option<Instant>,
}

#[derive(Serialize)]
struct Post<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    objective: u32,
    question: &'static str,
    text: &'a str,
    key: &'a str,
}

struct Inflight {
    key: String,
    post: u32,
    retried: bool,
    json: String,
}

/// A participant's state across connections.
pub struct Client {
    id: Identity,
    shared: Arc<Shared>,
    ws: Option<Ws>,
    epoch: Option<String>,
    room: String,
    objectives: Vec<u32>,
    last_seq: u64,
    started: bool,
    joined_once: bool,
    inflight: VecDeque<Inflight>,
    seen: Seen,
    stats: ClientStats,
}

/// The socket settings loadgen uses: small buffers, like the server's.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        // tungstenite zero-fills this much before every read attempt.
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
}

impl Client {
    /// A client that has not connected yet.
    pub fn new(id: Identity, shared: Arc<Shared>) -> Client {
        let seen = Seen::new(shared.ledger.len());
        Client {
            id,
            shared,
            ws: None,
            epoch: None,
            room: String::new(),
            objectives: Vec::new(),
            last_seq: 0,
            started: false,
            joined_once: false,
            inflight: VecDeque::new(),
            seen,
            stats: ClientStats::default(),
        }
    }

    /// Joins (reporting the set-up time on `ready`), then serves commands
    /// and events until told to stop.
    pub async fn run(
        mut self,
        mut rx: mpsc::Receiver<Cmd>,
        ready: tokio::sync::oneshot::Sender<Option<Duration>>,
    ) -> Outcome {
        let joined = self.connect(false).await;
        let _ = ready.send(joined.as_ref().ok().copied());
        let mut resumed_at = None;
        if joined.is_err() {
            return Outcome {
                stats: self.stats,
                resumed_at,
            };
        }
        while let Some(ws) = self.ws.as_mut() {
            tokio::select! {
                msg = ws.next() => {
                    if !self.frames(msg).await {
                        break;
                    }
                }
                cmd = rx.recv() => match cmd {
                    Some(Cmd::Post(g)) => self.post(g).await,
                    Some(Cmd::Drop) => {
                        let dropped = Instant::now();
                        self.ws = None;
                        if self.connect(true).await.is_err() {
                            break;
                        }
                        self.shared.rec.resume.record(dropped.elapsed());
                        resumed_at = Some(Instant::now());
                    }
                    Some(Cmd::Stop) | None => break,
                },
            }
        }
        if let Some(mut ws) = self.ws.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), ws.close(None)).await;
        }
        Outcome {
            stats: self.stats,
            resumed_at,
        }
    }

    /// Handles a frame and every frame already buffered behind it, without
    /// going back through `select!` for each. False when the client gives up.
    async fn frames(&mut self, first: Option<Result<Message, WsError>>) -> bool {
        let mut msg = first;
        loop {
            match msg {
                Some(Ok(Message::Text(t))) => self.handle(t.as_str(), Instant::now()),
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    self.stats.disconnects += 1;
                    return self.connect(true).await.is_ok();
                }
                Some(Ok(_)) => {}
            }
            match self.ws.as_mut().and_then(|ws| ws.next().now_or_never()) {
                Some(next) => msg = next,
                None => return true,
            }
        }
    }

    /// Connects and says hello (resuming when asked and possible), retrying
    /// until the connect timeout; then sends unanswered posts again.
    /// Returns the time from the start of the first attempt (after waiting
    /// for a free slot in the gate) to the snapshot or `resumed`.
    async fn connect(&mut self, resume: bool) -> anyhow::Result<Duration> {
        self.ws = None;
        let shared = self.shared.clone();
        let _permit = shared.gate.acquire().await.context("gate closed")?;
        let started = Instant::now();
        let deadline = tokio::time::Instant::now() + shared.connect_timeout;
        let mut last_error = None;
        while tokio::time::Instant::now() < deadline {
            match tokio::time::timeout_at(deadline, self.join(resume)).await {
                Ok(Ok(ws)) => {
                    self.ws = Some(ws);
                    if resume {
                        self.stats.reconnects += 1;
                    }
                    self.joined_once = true;
                    let took = started.elapsed();
                    self.resend().await?;
                    return Ok(took);
                }
                Ok(Err(e)) => last_error = Some(e),
                Err(_) => break,
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if resume {
            self.stats.failed_reconnects += 1;
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("connect timed out")))
    }

    /// One attempt: open the socket, hello, read until snapshot or resumed.
    async fn join(&mut self, resume: bool) -> anyhow::Result<Ws> {
        let url = self.shared.ws_url.as_str();
        let (mut ws, _) =
            tokio_tungstenite::connect_async_with_config(url, Some(ws_config()), true).await?;
        let mut hello = json!({"type": "hello", "protocol": 1, "token": self.id.token});
        if let (true, Some(epoch)) = (resume, &self.epoch) {
            hello["resume"] = json!({"epoch": epoch, "room": self.room, "seq": self.last_seq});
        }
        ws.send(Message::Text(hello.to_string().into())).await?;
        self.started = false;
        while !self.started {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => {
                    if t.contains("\"type\":\"error\"") {
                        bail!("the server refused hello: {t}");
                    }
                    self.handle(t.as_str(), Instant::now());
                }
                Some(Ok(Message::Close(f))) => bail!("closed during hello: {f:?}"),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => bail!("socket ended during hello"),
            }
        }
        Ok(ws)
    }

    /// Sends again every post that has no answer yet (same key).
    async fn resend(&mut self) -> anyhow::Result<()> {
        let Some(ws) = self.ws.as_mut() else {
            return Ok(());
        };
        for p in self.inflight.iter_mut() {
            p.retried = true;
            self.stats.retried += 1;
            self.stats.posts_written += 1;
            ws.feed(Message::Text(p.json.clone().into())).await?;
        }
        ws.flush().await?;
        Ok(())
    }

    /// Writes planned post `g`.
    async fn post(&mut self, g: u32) {
        let shared = self.shared.clone();
        let Some(plan) = shared.plan.get() else {
            return;
        };
        let due = plan.due(g);
        shared
            .rec
            .send_lag
            .record(Instant::now().saturating_duration_since(due));
        let marker = Marker {
            run: shared.run,
            post: g,
            at_us: due.duration_since(shared.origin).as_micros() as u64,
        };
        let text = marker.text(shared.text_len);
        let key = uuid::Uuid::new_v4().to_string();
        let objective = self
            .objectives
            .get(g as usize % self.objectives.len().max(1))
            .copied()
            .unwrap_or(1);
        let post = Post {
            kind: "post",
            objective,
            question: "progress",
            text: &text,
            key: &key,
        };
        let json = serde_json::to_string(&post).expect("a post serializes");
        self.inflight.push_back(Inflight {
            key,
            post: g,
            retried: false,
            json: json.clone(),
        });
        shared.ledger.sent(
            g,
            Instant::now().duration_since(shared.origin).as_micros() as u64,
        );
        self.stats.posts_written += 1;
        let Some(ws) = self.ws.as_mut() else { return };
        if ws.send(Message::Text(json.into())).await.is_err() {
            // Still in flight: sent again after the reconnect that the
            // failed read will trigger.
            self.stats.disconnects += 1;
            let _ = self.connect(true).await;
        }
    }
}
