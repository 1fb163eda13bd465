//! Roundtable: closed multi-stakeholder consultations under the Chatham
//! House Rule.
//!
//! A map of the crate:
//! - [`state`]: configuration and the shared [`state::AppState`];
//! - [`storage`]: the identity store and the notes store, two SQLite files
//!   behind two traits;
//! - [`anonymise`]: the one place a post becomes a storable, unattributed
//!   contribution;
//! - [`live`] and [`room`]: a running consultation, its rooms, fan-out and
//!   the in-memory resume log;
//! - [`protocol`] and [`ws`]: the websocket protocol and its connection task;
//! - [`api`], [`web`]: the JSON API, the web client and security headers;
//! - [`access`], [`rate`], [`error`]: tokens and roles, rate limits, error codes.
//!
//! [`run`] serves on a bound listener until `shutdown` resolves, which makes
//! the server easy to start in tests on port 0.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod anonymise;
pub mod api;
pub mod audit;
pub mod curation;
pub mod error;
pub mod export;
pub mod facilitation;
mod gate;
pub mod live;
pub mod meeting;
pub mod protocol;
pub mod rate;
pub mod registration;
pub mod room;
pub mod state;
pub mod storage;
pub mod web;
pub mod ws;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;

pub use state::{AppState, Config};

/// The whole HTTP application.
pub fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/ws", get(ws::upgrade))
        .nest("/api/v1", api::routes())
        .fallback(web::static_file)
        .layer(axum::middleware::from_fn(web::security_headers))
        .with_state(state)
}

/// `GET /healthz`: 200 when both stores answer, 503 otherwise.
async fn healthz(State(app): State<Arc<AppState>>) -> impl IntoResponse {
    let (identity, notes) = tokio::join!(app.identity.check(), app.notes.check());
    match (identity, notes) {
        (Ok(()), Ok(())) => (StatusCode::OK, "ok"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "a store is not answering"),
    }
}

/// Serves until `shutdown` resolves, then closes every websocket (1001),
/// waits briefly for them to go, and flushes both stores.
pub async fn run(
    listener: TcpListener,
    state: Arc<AppState>,
    stop: tokio::sync::watch::Sender<bool>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = app(state.clone());
    let stop_tx = stop.clone();
    let signal = async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .await?;
    // Upgraded websockets are not tracked by the HTTP server: wait for their
    // tasks to hand back their connection slots.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while state.connection_slots.available_permits() < state.config.max_connections
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    state.flush().await?;
    tracing::info!("stopped");
    Ok(())
}
