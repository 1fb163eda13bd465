//! The websocket endpoint `/ws`: one task per connection, one `select!`.
//!
//! Recoverable faults (bad JSON, a wrong field, a refused action) go back to
//! the client as an `error` message and the loop goes on. Fatal ones (bad
//! token, oversized message, idle, shutdown) close the socket with a code
//! and are logged once, without personal data.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade, close_code};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use futures_util::SinkExt as _;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tracing::Instrument as _;
use uuid::Uuid;

use crate::access::{bearer, hash_token, query_has_token};
use crate::error::{ClientError, ErrorCode};
use crate::gate::Gate;
use crate::live::{Control, Live, PostRequest};
use crate::protocol::{
    ClientMsg, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, Resume, RoomInfo, ServerMsg, request_type,
};
use crate::rate::TokenBucket;
use crate::room::{Event, Presence, Subscription};
use crate::state::AppState;
use crate::storage::Account;

/// Close code: the token is missing, wrong or revoked. Clients must not retry.
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// Close code: the client speaks another protocol version.
pub const CLOSE_PROTOCOL: u16 = 4400;
/// How long a closing server waits for the client's close reply.
const CLOSE_GRACE: Duration = Duration::from_secs(1);
/// Events delivered per socket write, at most.
const MAX_BATCH: usize = 256;
/// A socket that cannot take a write for this long is dropped.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Per open connection, how much later the last connection sends a
/// presence update than the first (see [`presence_window`]).
const PRESENCE_SPREAD_PER_CONNECTION: Duration = Duration::from_micros(200);

/// The window over which connections spread a presence update: about
/// 200 µs per connection of the consultation (what one small write costs
/// here, with room to spare), at most a second. A change seen by 5,000 connections then
/// costs a tenth of a core for a second instead of a 100 ms stall of every
/// room's deliveries; a meeting of 300 sees it within 60 ms.
fn presence_window(open: usize) -> Duration {
    let open = u32::try_from(open).unwrap_or(u32::MAX);
    PRESENCE_SPREAD_PER_CONNECTION
        .saturating_mul(open)
        .min(Duration::from_secs(1))
}

/// `GET /ws`: checks the query string and the origin, then upgrades.
pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if uri.query().is_some_and(query_has_token) {
        return ClientError::new(
            ErrorCode::Forbidden,
            "tokens are never accepted in a query string; send them in the hello message or an Authorization header",
        )
        .into_response();
    }
    if !origin_allowed(&headers, &app.config.allowed_origins) {
        return ClientError::forbidden("this origin may not open a websocket here").into_response();
    }
    let Ok(permit) = app.connection_slots.clone().try_acquire_owned() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "too many connections").into_response();
    };
    let header_token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
        .map(str::to_owned);
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        // The defaults (128 KiB each) cost ~135 KiB per idle connection.
        // tungstenite zeroes up to the read buffer's size each time the
        // socket is polled, which here is every wake-up of the connection:
        // 1 KiB holds any usual client message, and a longer one simply
        // takes a few reads.
        .read_buffer_size(1024)
        .write_buffer_size(8 * 1024)
        .max_write_buffer_size(4 * 1024 * 1024)
        .on_upgrade(move |socket| {
            let id = Uuid::new_v4().simple().to_string();
            let span = tracing::info_span!(
                "conn",
                id = &id[..8],
                role = tracing::field::Empty,
                consultation = tracing::field::Empty
            );
            async move {
                let _permit = permit;
                Conn::new(socket, app).run(header_token).await;
            }
            .instrument(span)
        })
}

/// Same-origin (by the `Host` header) or listed origins; requests without
/// an `Origin` header come from non-browser clients and are allowed.
pub fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if allowed
        .iter()
        .any(|a| a == "*" || a.trim_end_matches('/') == origin)
    {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// Where a connection is: its consultation, account and room subscription.
struct Session {
    live: Arc<Live>,
    conn: Uuid,
    account: Account,
    presence: Presence,
    sub: Subscription,
    last_seq: u64,
    /// Everything but the socket and the room's events.
    sources: Sources,
    /// Lets `sources` be polled only when one of them woke the task.
    sources_gate: Gate,
    _registration: crate::live::Registration,
}

/// Something other than the socket or the room's events that a connection
/// has to act on.
enum Wake {
    Shutdown,
    Control(Control),
    /// A consultation-wide message (phase, options).
    All(Result<Utf8Bytes, RecvError>),
    Staff(Result<crate::live::StaffMsg, RecvError>),
    /// New presence counts.
    Counts(Utf8Bytes),
    Ping,
    /// A channel the connection depends on has closed.
    Closed,
}

/// The connection's other sources, merged into one stream that the main
/// loop polls through a [`Gate`]: only when one of them woke the task,
/// instead of each re-registering with its channel on every one of a busy
/// server's ~50,000 delivery wake-ups a second (the merged stream then
/// polls only the source that woke).
type Sources = futures_util::stream::SelectAll<
    std::pin::Pin<Box<dyn futures_util::Stream<Item = Wake> + Send>>,
>;

/// Inputs of [`sources`].
struct SourceChannels {
    control: tokio::sync::mpsc::Receiver<Control>,
    all: tokio::sync::broadcast::Receiver<Utf8Bytes>,
    /// The latest presence counts (sent after a per-connection delay).
    counts: tokio::sync::watch::Receiver<Utf8Bytes>,
    staff: Option<tokio::sync::broadcast::Receiver<crate::live::StaffMsg>>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    ping_every: Duration,
}

fn sources(c: SourceChannels) -> Sources {
    use futures_util::stream::{self, StreamExt as _};
    let mut merged: Sources = stream::SelectAll::new();
    let mut shutdown = c.shutdown;
    merged.push(
        stream::once(async move {
            // A change, or the sender gone: either way the server stops.
            let _ = shutdown.changed().await;
            Wake::Shutdown
        })
        .boxed(),
    );
    merged.push(
        stream::unfold(c.control, |mut rx| async move {
            rx.recv().await.map(|m| (Wake::Control(m), rx))
        })
        .boxed(),
    );
    merged.push(broadcast_stream(c.all, Wake::All));
    if let Some(staff) = c.staff {
        merged.push(broadcast_stream(staff, Wake::Staff));
    }
    merged.push(
        stream::unfold(Some(c.counts), |rx| async move {
            let mut rx = rx?;
            match rx.changed().await {
                Ok(()) => {
                    let latest = rx.borrow_and_update().clone();
                    Some((Wake::Counts(latest), Some(rx)))
                }
                Err(_) => Some((Wake::Closed, None)),
            }
        })
        .boxed(),
    );
    let start = tokio::time::Instant::now() + c.ping_every;
    let ping = tokio::time::interval_at(start, c.ping_every);
    merged.push(
        stream::unfold(ping, |mut ping| async move {
            ping.tick().await;
            Some((Wake::Ping, ping))
        })
        .boxed(),
    );
    merged
}

/// A broadcast receiver as a stream of [`Wake`]s; `Closed` ends it.
fn broadcast_stream<T: Clone + Send + 'static>(
    rx: tokio::sync::broadcast::Receiver<T>,
    wake: fn(Result<T, RecvError>) -> Wake,
) -> std::pin::Pin<Box<dyn futures_util::Stream<Item = Wake> + Send>> {
    use futures_util::stream::{self, StreamExt as _};
    stream::unfold(Some(rx), move |rx| async move {
        let mut rx = rx?;
        match rx.recv().await {
            Err(RecvError::Closed) => Some((Wake::Closed, None)),
            got => Some((wake(got), Some(rx))),
        }
    })
    .boxed()
}

struct Conn {
    socket: WebSocket,
    app: Arc<AppState>,
    bucket: TokenBucket,
    last_seen: Instant,
    /// Lets the main loop poll the socket for reading only when it became
    /// readable (or last yielded a message), not on every room event.
    read_gate: Gate,
}

/// Why a connection ended.
enum End {
    Closed,
    PeerClosed,
    Fatal(u16, &'static str),
}

impl Conn {
    fn new(socket: WebSocket, app: Arc<AppState>) -> Conn {
        let bucket = TokenBucket::new(app.config.rate_per_sec, app.config.rate_burst);
        Conn {
            socket,
            app,
            bucket,
            last_seen: Instant::now(),
            read_gate: Gate::new(),
        }
    }

    async fn send(&mut self, text: Utf8Bytes) -> Result<(), End> {
        match tokio::time::timeout(SEND_TIMEOUT, self.socket.send(Message::Text(text))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::Closed),
            Err(_) => Err(End::Fatal(close_code::POLICY, "client too slow")),
        }
    }

    async fn error(&mut self, e: &ClientError, request: Option<&str>) -> Result<(), End> {
        self.error_about(e, request, (None, None)).await
    }

    async fn error_about(
        &mut self,
        e: &ClientError,
        request: Option<&str>,
        (key, id): (Option<String>, Option<Uuid>),
    ) -> Result<(), End> {
        let msg = ServerMsg::Error {
            code: e.code,
            message: &e.message,
            request,
            key: key.as_deref(),
            id,
        };
        self.send(msg.to_text()).await
    }

    async fn close(&mut self, code: u16, reason: &'static str) {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            self.socket.send(Message::Close(Some(frame))),
        )
        .await;
        // Wait briefly for the client's close reply before dropping the
        // socket: closing at once would answer whatever the client still
        // sends (a pong, its reply) with a reset, and a reset can discard
        // the close frame, and its code, before the client reads it.
        let _ = tokio::time::timeout(CLOSE_GRACE, async {
            while let Some(Ok(m)) = self.socket.recv().await {
                if matches!(m, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }

    async fn run(mut self, header_token: Option<String>) {
        let end = match self.handshake(header_token).await {
            Ok(session) => self.serve(session).await,
            Err(end) => end,
        };
        match end {
            End::Closed => tracing::debug!("connection closed"),
            End::PeerClosed => {
                // Sends the close reply tungstenite queued for us.
                let _ = tokio::time::timeout(Duration::from_secs(2), self.socket.flush()).await;
                tracing::debug!("connection closed by the client");
            }
            End::Fatal(code, reason) => {
                tracing::info!(code, reason, "closing connection");
                self.close(code, reason).await;
            }
        }
    }

    /// Waits for `hello`, authenticates, subscribes and sends the state.
    async fn handshake(&mut self, header_token: Option<String>) -> Result<Session, End> {
        let deadline = tokio::time::Instant::now() + self.app.config.hello_timeout;
        let mut shutdown = self.app.shutdown.clone();
        let (token, consultation, resume, with_model) = loop {
            let read = tokio::select! {
                r = tokio::time::timeout_at(deadline, self.socket.recv()) => r,
                _ = shutdown.changed() => return Err(End::Fatal(close_code::AWAY, "server shutting down")),
            };
            let text = match read {
                Err(_) => return Err(End::Fatal(close_code::POLICY, "no hello in time")),
                Ok(msg) => match self.incoming(msg)? {
                    Some(t) => t,
                    None => continue,
                },
            };
            match self.parse(&text).await? {
                Some(ClientMsg::Hello {
                    token,
                    protocol,
                    resume,
                    consultation,
                    model,
                }) => {
                    if protocol != PROTOCOL_VERSION {
                        let e = ClientError::new(
                            ErrorCode::UnsupportedProtocol,
                            format!("this server speaks protocol {PROTOCOL_VERSION}"),
                        );
                        self.error(&e, Some("hello")).await?;
                        return Err(End::Fatal(CLOSE_PROTOCOL, "unsupported protocol"));
                    }
                    break (header_token.clone().or(token), consultation, resume, model);
                }
                Some(other) => {
                    let e = ClientError::new(ErrorCode::NotHello, "say hello first");
                    self.error(&e, Some(other.kind())).await?;
                }
                None => {}
            }
        };
        let account = match token {
            Some(t) => self
                .app
                .identity
                .by_token_hash(hash_token(&t))
                .await
                .map_err(|e| {
                    ClientError::internal(e);
                    End::Fatal(close_code::ERROR, "identity store unavailable")
                })?,
            None => None,
        };
        let Some(account) = account else {
            let e = ClientError::new(
                ErrorCode::Unauthorized,
                "this link is not valid or has been revoked",
            );
            self.error(&e, Some("hello")).await?;
            return Err(End::Fatal(CLOSE_UNAUTHORIZED, "unauthorized"));
        };
        let slug = account.consultation.clone().or(consultation).or_else(|| {
            (self.app.consultations.len() == 1)
                .then(|| self.app.consultations.keys().next().cloned())
                .flatten()
        });
        let Some(live) = slug.as_deref().and_then(|s| self.app.live(s)) else {
            let e = ClientError::not_found("no such consultation on this server");
            self.error(&e, Some("hello")).await?;
            return Err(End::Fatal(close_code::POLICY, "unknown consultation"));
        };
        let span = tracing::Span::current();
        span.record("role", account.role.as_str());
        span.record("consultation", live.slug());
        let room = live.home_room(&account);
        let conn = Uuid::new_v4();
        let (control, registration) = live.register(conn, &account, &room.id);
        let all = live.all.subscribe();
        // Marks the current counts as seen: the handshake sends them below.
        let counts = live.presence_counts.subscribe();
        let staff = account.role.is_staff().then(|| live.staff.subscribe());
        let presence = enter(&room, account.role);
        let resumed = resume
            .as_ref()
            .filter(|r| r.epoch == self.app.epoch && r.room == room.id);
        let sub = match resumed.and_then(|r| room.subscribe_since(r.seq)) {
            Some(sub) => sub,
            None => room.subscribe_snapshot(),
        };
        let welcome = ServerMsg::Welcome {
            protocol: PROTOCOL_VERSION,
            role: account.role.as_str(),
            scope: account.scope.as_deref(),
            slug: live.slug(),
            model_version: &live.model_version,
            // The model (~7 KB) only on request: the socket's write buffer
            // keeps the capacity of the largest message sent through it for
            // the connection's life, so one big welcome would pin that much
            // memory on every idle connection. Clients fetch the model over
            // HTTP (cacheable by `model_version`) instead.
            consultation: with_model.then_some(&*live.model_json),
            room: &room.id,
            epoch: &self.app.epoch,
            meeting: live.meeting_view(),
        };
        self.send(welcome.to_text()).await?;
        tracing::info!(resumed = sub.snapshot.is_none(), "session started");
        let sources = sources(SourceChannels {
            control,
            all,
            counts,
            staff,
            shutdown: self.app.shutdown.clone(),
            ping_every: self.app.config.ping_interval,
        });
        let mut session = Session {
            live,
            conn,
            account,
            presence,
            last_seq: sub.seq,
            sub,
            sources,
            sources_gate: Gate::new(),
            _registration: registration,
        };
        self.send_start(&mut session, resume.as_ref()).await?;
        let (counts, roster) = session.live.presence();
        self.send(ServerMsg::Presence { rooms: &counts }.to_text())
            .await?;
        if session.account.role.is_staff() {
            self.send(ServerMsg::Roster { rooms: &roster }.to_text())
                .await?;
            self.send(session.live.help_queue_msg()).await?;
            self.send(session.live.moderation_msg()).await?;
        }
        Ok(session)
    }

    /// Sends a snapshot, or the replayed events and `resumed`.
    async fn send_start(&mut self, s: &mut Session, resume: Option<&Resume>) -> Result<(), End> {
        let room = s.presence.room().clone();
        match s.sub.snapshot.take() {
            Some(contributions) => {
                let info = RoomInfo {
                    id: &room.id,
                    name: &room.name,
                    objectives: &room.objectives,
                    present: room.present(),
                };
                let (timer, broadcasts, collecting) = {
                    let m = s.live.meeting();
                    (
                        m.timers.get(&room.id).cloned(),
                        m.broadcasts_for(&room.id),
                        m.collect.contains(&room.id),
                    )
                };
                let pending: Option<Vec<_>> = s
                    .account
                    .role
                    .is_staff()
                    .then(|| room.lock().pending.values().cloned().collect());
                let summaries = s.live.group_summaries(&room.id);
                let report_back = (room.id == crate::live::PLENARY).then(|| s.live.report_back());
                let msg = ServerMsg::Snapshot {
                    room: info,
                    seq: s.sub.seq,
                    server_time: s.live.now(),
                    contributions: &contributions,
                    timer: timer.as_ref(),
                    broadcasts: &broadcasts,
                    collecting,
                    pending: pending.as_deref(),
                    summaries: &summaries,
                    report_back: report_back.as_deref(),
                };
                self.send(msg.to_text()).await?;
            }
            None => {
                let replay = std::mem::take(&mut s.sub.replay);
                let replayed = replay.len();
                for e in replay {
                    self.feed(e.bytes).await?;
                }
                let from = resume.map_or(s.sub.seq, |r| r.seq);
                tracing::debug!(from, replayed, "resumed");
                self.send(
                    ServerMsg::Resumed {
                        room: &room.id,
                        seq: s.sub.seq,
                        replayed,
                    }
                    .to_text(),
                )
                .await?;
            }
        }
        s.last_seq = s.sub.seq;
        Ok(())
    }

    /// The main loop.
    async fn serve(&mut self, mut s: Session) -> End {
        use futures_util::StreamExt as _;
        // Presence goes out some time after it changes: the same fraction
        // (`counts_phase`) of the spreading window for this connection
        // every time.
        let counts_timer = tokio::time::sleep(Duration::ZERO);
        tokio::pin!(counts_timer);
        let mut counts: Option<Utf8Bytes> = None;
        let counts_phase = f64::from(s.conn.as_u128() as u16) / f64::from(u16::MAX);
        loop {
            let step = tokio::select! {
                msg = self.read_gate.wrap(self.socket.next()) => match self.incoming(msg) {
                    Ok(Some(text)) => self.handle_text(&mut s, &text).await,
                    Ok(None) => Ok(()),
                    Err(end) => Err(end),
                },
                ev = s.sub.rx.recv() => self.deliver(&mut s, ev).await,
                Some(wake) = s.sources_gate.wrap(s.sources.next()) => match wake {
                    Wake::Shutdown => Err(End::Fatal(close_code::AWAY, "server shutting down")),
                    Wake::Closed => Err(End::Closed),
                    Wake::Control(c) => self.control(&mut s, c).await,
                    Wake::Counts(latest) => {
                        // A change while one is due only updates what goes out.
                        if counts.replace(latest).is_none() {
                            let delay = presence_window(s.live.connections.len()).mul_f64(counts_phase);
                            counts_timer.as_mut().reset(tokio::time::Instant::now() + delay);
                        }
                        Ok(())
                    }
                    Wake::All(Ok(bytes)) => self.send(bytes).await,
                    // Consultation-wide messages are state; the next one
                    // supersedes a missed one.
                    Wake::All(Err(_)) => Ok(()),
                    Wake::Staff(Ok(msg)) => {
                        let mine = msg.room.as_deref().is_none_or(|r| s.account.scope.as_deref().is_none_or(|sc| sc == r));
                        if mine { self.send(msg.bytes).await } else { Ok(()) }
                    }
                    Wake::Staff(Err(_)) => match self.send(s.live.help_queue_msg()).await {
                        Ok(()) => self.send(s.live.moderation_msg()).await,
                        Err(e) => Err(e),
                    },
                    Wake::Ping => {
                        if self.last_seen.elapsed() > self.app.config.idle_timeout {
                            Err(End::Fatal(close_code::AWAY, "idle timeout"))
                        } else {
                            self.socket.send(Message::Ping(Default::default())).await.map_err(|_| End::Closed)
                        }
                    }
                },
                () = &mut counts_timer, if counts.is_some() => match counts.take() {
                    Some(latest) => self.send(latest).await,
                    None => Ok(()),
                },
            };
            if let Err(end) = step {
                return end;
            }
        }
    }

    /// Turns a socket read into text to handle, nothing, or the end.
    fn incoming(
        &mut self,
        msg: Option<Result<Message, axum::Error>>,
    ) -> Result<Option<String>, End> {
        match msg {
            None => Err(End::Closed),
            Some(Err(e)) if is_too_large(&e) => {
                Err(End::Fatal(close_code::SIZE, "message too large"))
            }
            Some(Err(_)) => Err(End::Closed),
            Some(Ok(m)) => {
                self.last_seen = Instant::now();
                match m {
                    Message::Text(t) => Ok(Some(t.as_str().to_owned())),
                    Message::Binary(_) => Ok(Some(String::new())),
                    Message::Ping(_) | Message::Pong(_) => Ok(None),
                    Message::Close(_) => Err(End::PeerClosed),
                }
            }
        }
    }

    /// Rate-limits and parses one client message; `None` when it was
    /// refused (the error has been sent).
    async fn parse(&mut self, text: &str) -> Result<Option<ClientMsg>, End> {
        if !self.bucket.take(Instant::now()) {
            let e = ClientError::new(ErrorCode::RateLimited, "too many messages; slow down");
            self.error(&e, None).await?;
            return Ok(None);
        }
        match serde_json::from_str::<ClientMsg>(text) {
            Ok(m) => Ok(Some(m)),
            Err(err) => {
                let e = classify_parse_error(text, &err);
                let kind = request_type(text);
                self.error(&e, kind.as_deref()).await?;
                Ok(None)
            }
        }
    }

    async fn handle_text(&mut self, s: &mut Session, text: &str) -> Result<(), End> {
        let Some(msg) = self.parse(text).await? else {
            return Ok(());
        };
        let kind = msg.kind();
        let reference = msg.reference();
        let live = s.live.clone();
        let here = s.presence.room().id.clone();
        let result: Result<Option<Utf8Bytes>, ClientError> = match msg {
            ClientMsg::Hello { .. } => Err(ClientError::new(
                ErrorCode::Conflict,
                "hello was already received",
            )),
            ClientMsg::Ping => Ok(Some(
                ServerMsg::Pong {
                    server_time: live.now(),
                }
                .to_text(),
            )),
            ClientMsg::Preview { text } => match crate::live::validate_text(&text) {
                Ok(t) => {
                    let r = live.redact(t);
                    let msg = ServerMsg::Preview {
                        text: &r.text,
                        redactions: &r.redactions,
                        flags: &r.flags,
                    };
                    Ok(Some(msg.to_text()))
                }
                Err(e) => Err(e),
            },
            ClientMsg::Post {
                objective,
                question,
                text,
                key,
            } => {
                let room = s.presence.room().clone();
                let req = PostRequest {
                    objective,
                    question: &question,
                    text: &text,
                    key: &key,
                };
                live.post(&s.account, &room, req).await.map(|a| {
                    let ack = ServerMsg::Ack {
                        key: &key,
                        id: a.id,
                        edit_key: &a.edit_key,
                        duplicate: a.duplicate,
                        pending: a.pending.as_ref(),
                        redactions: &a.redaction.redactions,
                        flags: &a.redaction.flags,
                    };
                    Some(ack.to_text())
                })
            }
            ClientMsg::Retract { id, edit_key } => {
                live.author_change(id, &edit_key, None).await.map(|()| {
                    Some(
                        ServerMsg::Done {
                            action: "retract",
                            id,
                        }
                        .to_text(),
                    )
                })
            }
            ClientMsg::Edit { id, edit_key, text } => live
                .author_change(id, &edit_key, Some(&text))
                .await
                .map(|()| Some(ServerMsg::Done { action: "edit", id }.to_text())),
            ClientMsg::Hide { id } => live
                .moderate(&s.account, id, true)
                .await
                .map(|()| Some(ServerMsg::Done { action: "hide", id }.to_text())),
            ClientMsg::Restore { id } => live.moderate(&s.account, id, false).await.map(|()| {
                Some(
                    ServerMsg::Done {
                        action: "restore",
                        id,
                    }
                    .to_text(),
                )
            }),
            other if other.is_curation() => live.curate(&s.account, other).await,
            other => live.facilitate(&s.account, s.conn, &here, other).await,
        };
        match result {
            Ok(Some(reply)) => self.send(reply).await,
            Ok(None) => Ok(()),
            Err(e) => self.error_about(&e, Some(kind), reference).await,
        }
    }

    /// Delivers one event and whatever else is already queued, then flushes
    /// once: one socket write for a burst instead of one per event.
    async fn deliver(
        &mut self,
        s: &mut Session,
        first: Result<Event, RecvError>,
    ) -> Result<(), End> {
        let mut next = first;
        for _ in 0..MAX_BATCH {
            match next {
                Ok(e) => {
                    if e.seq > s.last_seq {
                        s.last_seq = e.seq;
                        self.feed(e.bytes).await?;
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    // Too far behind: never skip silently. Flush what we
                    // have, then replay from the log or send a snapshot.
                    self.flush().await?;
                    return self.resync(s).await;
                }
                Err(RecvError::Closed) => return Err(End::Closed),
            }
            next = match s.sub.rx.try_recv() {
                Ok(e) => Ok(e),
                Err(TryRecvError::Lagged(n)) => Err(RecvError::Lagged(n)),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Closed) => Err(RecvError::Closed),
            };
        }
        self.flush().await
    }

    /// Queues a frame; it reaches the socket at the next flush (or when
    /// the write buffer fills, which is bounded by the same timeout).
    async fn feed(&mut self, text: Utf8Bytes) -> Result<(), End> {
        match tokio::time::timeout(SEND_TIMEOUT, self.socket.feed(Message::Text(text))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::Closed),
            Err(_) => Err(End::Fatal(close_code::POLICY, "client too slow")),
        }
    }

    async fn flush(&mut self) -> Result<(), End> {
        match tokio::time::timeout(SEND_TIMEOUT, self.socket.flush()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::Closed),
            Err(_) => Err(End::Fatal(close_code::POLICY, "client too slow")),
        }
    }

    async fn resync(&mut self, s: &mut Session) -> Result<(), End> {
        let room = s.presence.room().clone();
        tracing::debug!(room = %room.id, "receiver lagged; resyncing");
        let resume = Resume {
            epoch: self.app.epoch.clone(),
            room: room.id.clone(),
            seq: s.last_seq,
        };
        s.sub = room
            .subscribe_since(s.last_seq)
            .unwrap_or_else(|| room.subscribe_snapshot());
        self.send_start(s, Some(&resume)).await
    }

    async fn control(&mut self, s: &mut Session, c: Control) -> Result<(), End> {
        match c {
            Control::MoveTo(room_id) => {
                let Some(room) = s.live.room(&room_id) else {
                    return Ok(());
                };
                if room.id == s.presence.room().id {
                    return Ok(());
                }
                s.account.room = Some(room.id.clone());
                s.live.set_conn_room(s.conn, &room.id);
                s.presence = enter(&room, s.account.role);
                s.sub = room.subscribe_snapshot();
                self.send_start(s, None).await?;
                // Fresh counts now, rather than at the next presence tick.
                let (counts, _) = s.live.presence();
                self.send(ServerMsg::Presence { rooms: &counts }.to_text())
                    .await
            }
            Control::Send(bytes) => self.send(bytes).await,
            Control::Revoked => {
                let e = ClientError::new(ErrorCode::Unauthorized, "this link has been revoked");
                self.error(&e, None).await?;
                Err(End::Fatal(CLOSE_UNAUTHORIZED, "revoked"))
            }
        }
    }
}

/// Presence in a room: counted, except for the organiser, who watches.
fn enter(room: &Arc<crate::room::Room>, role: crate::access::Role) -> Presence {
    if role == crate::access::Role::Organiser {
        room.watch()
    } else {
        room.enter()
    }
}

/// Picks the error code for a message that did not parse.
fn classify_parse_error(text: &str, err: &serde_json::Error) -> ClientError {
    if text.is_empty() {
        return ClientError::new(
            ErrorCode::BadJson,
            "binary and empty messages are not accepted; send JSON text",
        );
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return ClientError::new(ErrorCode::BadJson, format!("not valid JSON: {err}"));
    };
    match value.get("type").and_then(|t| t.as_str()) {
        None => ClientError::invalid("type", "every message needs a string `type`"),
        Some(t) if !ClientMsg::KINDS.contains(&t) => ClientError::new(
            ErrorCode::UnknownType,
            format!(
                "unknown message type; known: {}",
                ClientMsg::KINDS.join(", ")
            ),
        ),
        Some(_) => ClientError::new(ErrorCode::InvalidField, err.to_string()),
    }
}

/// True when a read failed because the message exceeded the size limit.
fn is_too_large(e: &axum::Error) -> bool {
    use std::error::Error as _;
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(t) = s.downcast_ref::<tungstenite::Error>() {
            return matches!(t, tungstenite::Error::Capacity(_));
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_spreads_over_a_window_that_grows_with_connections_up_to_a_second() {
        assert_eq!(presence_window(0), Duration::ZERO);
        assert_eq!(presence_window(300), Duration::from_millis(60));
        assert_eq!(presence_window(5_000), Duration::from_secs(1));
        assert_eq!(presence_window(usize::MAX), Duration::from_secs(1));
    }
}
