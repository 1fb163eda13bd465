//! The JSON API under `/api/v1/`, documented in `docs/api.md`.
//!
//! Organiser endpoints take `Authorization: Bearer <token>`. Errors are
//! `{"error": {"code": "...", "message": "..."}}` with the codes of the
//! websocket protocol.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::access::{Role, Token, bearer, hash_token};
use crate::error::{ClientError, ErrorCode};
use crate::live::{Control, Live, PLENARY};
use crate::state::AppState;
use crate::storage::{Account, NewAccount};

type ApiResult<T> = Result<T, ClientError>;

/// The API routes.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/consultations", get(list_consultations))
        .route("/consultations/{slug}", get(get_consultation))
        .route(
            "/consultations/{slug}/links",
            get(list_links).post(create_link),
        )
        .route("/consultations/{slug}/links/{id}", delete(revoke_link))
        .route(
            "/consultations/{slug}/participants/{id}/room",
            put(place_participant),
        )
        .route(
            "/consultations/{slug}/export",
            get(crate::export::http_export),
        )
        .merge(crate::registration::routes())
        .fallback(|| async { ClientError::not_found("no such API endpoint") })
}

/// JSON body extractor whose rejection is one of our error codes.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ClientError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(JsonRejection::JsonSyntaxError(e)) => {
                Err(ClientError::new(ErrorCode::BadJson, e.body_text()))
            }
            Err(JsonRejection::JsonDataError(e)) => {
                Err(ClientError::new(ErrorCode::InvalidField, e.body_text()))
            }
            Err(JsonRejection::BytesRejection(_)) => Err(ClientError::new(
                ErrorCode::TooLarge,
                "request body too large",
            )),
            Err(e) => Err(ClientError::new(ErrorCode::BadJson, e.body_text())),
        }
    }
}

/// The account behind the request's bearer token.
pub async fn authenticate(app: &AppState, headers: &HeaderMap) -> ApiResult<Account> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
        .ok_or_else(|| {
            ClientError::new(
                ErrorCode::Unauthorized,
                "send Authorization: Bearer <token>",
            )
        })?;
    app.identity
        .by_token_hash(hash_token(token))
        .await?
        .ok_or_else(|| {
            ClientError::new(
                ErrorCode::Unauthorized,
                "this token is not valid or has been revoked",
            )
        })
}

/// The organiser behind the request, or `forbidden`.
pub async fn organiser(app: &AppState, headers: &HeaderMap) -> ApiResult<Account> {
    let account = authenticate(app, headers).await?;
    if account.role != Role::Organiser {
        return Err(ClientError::forbidden("only the organiser may do this"));
    }
    Ok(account)
}

/// The running consultation named in a path, or a JSON `not_found`.
pub(crate) fn live(app: &AppState, slug: &str) -> ApiResult<Arc<Live>> {
    app.live(slug)
        .ok_or_else(|| ClientError::not_found(format!("no consultation {slug:?}")))
}

/// The base URL for links: configured, or from the request's `Host`.
pub fn base_url(app: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &app.config.public_url {
        return u.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

#[derive(Serialize)]
struct Summary<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    time_zone: &'a str,
}

async fn list_consultations(State(app): State<Arc<AppState>>) -> Json<Vec<serde_json::Value>> {
    let mut all: Vec<_> = app
        .consultations
        .values()
        .map(|l| {
            let m = &l.model;
            json!(Summary {
                slug: &m.slug,
                title: &m.title,
                date: m.date.to_string(),
                time_zone: &m.time_zone
            })
        })
        .collect();
    all.sort_by(|a, b| a["slug"].as_str().cmp(&b["slug"].as_str()));
    Json(all)
}

/// The public consultation model. Its `ETag` is the `model_version` that
/// `welcome` carries; clients revalidate (`no-cache`) and get 304 when their
/// copy is current.
async fn get_consultation(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let live = live(&app, &slug)?;
    let etag = format!("\"{}\"", live.model_version);
    let cache = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "no-cache".to_owned()),
    ];
    if if_none_match(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(header::CONTENT_TYPE, "application/json")],
        live.model_json.get().to_owned(),
    )
        .into_response())
}

/// True when an `If-None-Match` header names `etag` (or is `*`). Weak
/// validators (`W/"..."`) match too, as RFC 9110 asks for this header.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// Request to create a link.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewLink {
    role: String,
    /// Facilitator: room (absent = every room). Participant: initial room.
    #[serde(default)]
    room: Option<String>,
    /// Rapporteur: the working group. Participant: the assigned working
    /// group (where the working-group phase takes them).
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    organisation: Option<String>,
}

#[derive(Serialize)]
struct LinkView {
    id: Uuid,
    role: Role,
    scope: Option<String>,
    room: Option<String>,
    group: Option<String>,
    revoked: bool,
}

impl From<&Account> for LinkView {
    fn from(a: &Account) -> Self {
        LinkView {
            id: a.id,
            role: a.role,
            scope: a.scope.clone(),
            room: a.room.clone(),
            group: a.group.clone(),
            revoked: a.revoked,
        }
    }
}

async fn list_links(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<LinkView>>> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let accounts = app.identity.list(live.slug()).await?;
    Ok(Json(accounts.iter().map(LinkView::from).collect()))
}

fn optional_text(field: &str, v: Option<String>, max: usize) -> ApiResult<Option<String>> {
    match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() > max => Err(ClientError::invalid(
            field,
            format!("at most {max} characters"),
        )),
        other => Ok(other),
    }
}

async fn create_link(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Body(req): Body<NewLink>,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let role = Role::parse(&req.role)
        .filter(|r| *r != Role::Organiser)
        .ok_or_else(|| {
            ClientError::invalid("role", "must be participant, facilitator or rapporteur")
        })?;
    let known_room = |field: &str, r: &Option<String>| -> ApiResult<()> {
        match r {
            Some(r) if live.room(r).is_none() => {
                Err(ClientError::invalid(field, format!("no room {r:?}")))
            }
            _ => Ok(()),
        }
    };
    known_room("room", &req.room)?;
    known_room("group", &req.group)?;
    if req.group.as_deref() == Some(PLENARY) {
        return Err(ClientError::invalid(
            "group",
            "the plenary is not a working group",
        ));
    }
    let (scope, room, group) = match role {
        Role::Facilitator => (req.room.clone(), None, None),
        Role::Rapporteur => match req.group.clone() {
            Some(g) => (Some(g), None, None),
            None => {
                return Err(ClientError::invalid(
                    "group",
                    "a rapporteur needs a working group",
                ));
            }
        },
        _ => (None, req.room.clone(), req.group.clone()),
    };
    let token = Token::generate();
    let account = app
        .identity
        .create(NewAccount {
            consultation: Some(live.slug().to_owned()),
            role,
            scope,
            token_hash: token.hash(),
            room_phase: room.as_ref().map(|_| live.phase()),
            room,
            group,
            name: optional_text("name", req.name, 200)?,
            email: optional_text("email", req.email, 320)?,
            organisation: optional_text("organisation", req.organisation, 300)?,
        })
        .await?;
    if account.name.is_some() || account.organisation.is_some() {
        live.refresh_redactor().await?;
    }
    let link = app.link(&base_url(&app, &headers), &token);
    tracing::info!(role = %account.role, "link created");
    let body = json!({
        "id": account.id,
        "role": account.role,
        "scope": account.scope,
        "room": account.room,
        "group": account.group,
        "token": token.expose(),
        "link": link,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn revoke_link(
    State(app): State<Arc<AppState>>,
    Path((slug, id)): Path<(String, Uuid)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    if !app.identity.revoke(live.slug(), id).await? {
        return Err(ClientError::not_found("no such link"));
    }
    live.tell(id, Control::Revoked);
    tracing::info!("link revoked");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Placement {
    room: String,
}

async fn place_participant(
    State(app): State<Arc<AppState>>,
    Path((slug, id)): Path<(String, Uuid)>,
    headers: HeaderMap,
    Body(req): Body<Placement>,
) -> ApiResult<StatusCode> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    if live.room(&req.room).is_none() {
        return Err(ClientError::invalid(
            "room",
            format!("no room {:?}", req.room),
        ));
    }
    if !app
        .identity
        .set_room(live.slug(), id, &req.room, live.phase())
        .await?
    {
        return Err(ClientError::not_found("no such participant"));
    }
    live.tell(id, Control::MoveTo(req.room));
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_entity_tags() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_NONE_MATCH, v.parse().unwrap());
            h
        };
        let etag = "\"0123456789abcdef\"";
        assert!(if_none_match(&with(etag), etag));
        assert!(if_none_match(&with("\"x\", W/\"0123456789abcdef\""), etag));
        assert!(if_none_match(&with("*"), etag));
        assert!(!if_none_match(&with("\"x\""), etag));
        assert!(!if_none_match(&with("0123456789abcdef"), etag));
        assert!(!if_none_match(&HeaderMap::new(), etag));
    }
}
