//! The assignment endpoints: run, report, move, swap.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::{ApiResult, live, optional_body, staff};
use crate::api::{Body, organiser};
use crate::live::Live;
use crate::registration::{apply_groups, assign};
use crate::state::AppState;

/// The assignment routes, to be nested under `/api/v1`.
pub(super) fn routes() -> Router<Arc<AppState>> {
    let s = "/consultations/{slug}/assignment";
    Router::new()
        .route(s, post(run_assignment))
        .route(&format!("{s}/report"), get(report))
        .route(&format!("{s}/move"), post(move_one))
        .route(&format!("{s}/swap"), post(swap))
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignRequest {
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    dry_run: bool,
}

/// `POST …/assignment` (optional body `{"seed": n, "dry_run": bool}`).
async fn run_assignment(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let req: AssignRequest = optional_body(&body)?;
    let seed = req.seed.unwrap_or_else(crate::registration::random_seed);
    let (view, pairs) = assign::run(&*app.identity, &live.model, seed, req.dry_run).await?;
    apply_groups(&live, &pairs).await?;
    Ok(Json(view).into_response())
}

/// `GET …/assignment/report`: the balance as the groups stand.
async fn report(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    staff(&app, &headers, &slug).await?;
    let live = live(&app, &slug)?;
    Ok(Json(assign::current(&*app.identity, &live.model).await?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveRequest {
    participant: Uuid,
    group: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SwapRequest {
    a: Uuid,
    b: Uuid,
}

async fn overridden(
    app: &AppState,
    live: &Live,
    moved: Vec<(Uuid, String)>,
) -> ApiResult<Response> {
    apply_groups(live, &moved).await?;
    let view = assign::current(&*app.identity, &live.model).await?;
    let moved: Vec<_> = moved
        .into_iter()
        .map(|(participant, group)| json!({"participant": participant, "group": group}))
        .collect();
    Ok(Json(json!({"moved": moved, "assignment": view})).into_response())
}

/// `POST …/assignment/move` `{"participant": id, "group": slug}`.
async fn move_one(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Body(req): Body<MoveRequest>,
) -> ApiResult<Response> {
    staff(&app, &headers, &slug).await?;
    let live = live(&app, &slug)?;
    let moved = assign::move_one(&*app.identity, &live.model, req.participant, &req.group).await?;
    overridden(&app, &live, vec![moved]).await
}

/// `POST …/assignment/swap` `{"a": id, "b": id}`.
async fn swap(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Body(req): Body<SwapRequest>,
) -> ApiResult<Response> {
    staff(&app, &headers, &slug).await?;
    let live = live(&app, &slug)?;
    let moved = assign::swap(&*app.identity, &live.model, req.a, req.b).await?;
    overridden(&app, &live, moved).await
}
