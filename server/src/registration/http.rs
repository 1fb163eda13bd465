//! The registration endpoints under `/api/v1/consultations/{slug}/`,
//! documented in docs/registration.md and docs/api.md.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use jiff::Timestamp;
use roundtable_registration::{Gender, Subregion, countries};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::rules::{self, Deadline, Form};
use super::{apply_groups, csv_file, import, links};
use crate::access::Role;
use crate::api::{Body, authenticate, base_url, live, organiser};
use crate::error::{ClientError, ErrorCode};
use crate::live::{Control, Live};
use crate::state::AppState;
use crate::storage::{Account, Registration};

mod assignment;

type ApiResult<T> = Result<T, ClientError>;

/// Largest CSV the import endpoint takes (about 100,000 rows).
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// The registration routes, to be nested under `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    let s = "/consultations/{slug}";
    Router::new()
        .route(&format!("{s}/registration"), get(form))
        .route(&format!("{s}/registrations"), get(list).post(create))
        .route(&format!("{s}/registrations.csv"), get(export))
        .route(
            &format!("{s}/registrations/import"),
            post(import_csv).layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .route(&format!("{s}/registrations/{{id}}"), delete(remove))
        .route(&format!("{s}/links.csv"), get(links_hint))
        .route(&format!("{s}/links/reissue"), post(reissue))
        .route(
            &format!("{s}/aliases"),
            get(list_aliases).post(add_alias).delete(remove_alias),
        )
        .merge(assignment::routes())
}

/// The organiser, or a facilitator of every room of this consultation.
async fn staff(app: &AppState, headers: &HeaderMap, slug: &str) -> ApiResult<Account> {
    let a = authenticate(app, headers).await?;
    match a.role {
        Role::Organiser => Ok(a),
        Role::Facilitator if a.scope.is_none() && a.consultation.as_deref() == Some(slug) => Ok(a),
        _ => Err(ClientError::forbidden(
            "only the organiser or a facilitator of every room may do this",
        )),
    }
}

/// An optional JSON body: empty means `T::default()`.
fn optional_body<T: DeserializeOwned + Default>(bytes: &Bytes) -> ApiResult<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let code = if e.is_data() {
            ErrorCode::InvalidField
        } else {
            ErrorCode::BadJson
        };
        ClientError::new(code, e.to_string())
    })
}

fn csv_response(filename: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn refresh(live: &Live) -> ApiResult<()> {
    live.refresh_redactor().await.map_err(ClientError::internal)
}

/// `GET …/registration`: what the form needs.
async fn form(State(app): State<Arc<AppState>>, Path(slug): Path<String>) -> ApiResult<Response> {
    let live = live(&app, &slug)?;
    let m = &live.model;
    let open = rules::check_open(m, Timestamp::now()).is_ok();
    let body = json!({
        "consultation": m.slug,
        "title": m.title,
        "open": open,
        "deadline": m.registration.deadline,
        "deadline_local": m.registration.deadline_local,
        "time_zone": m.time_zone,
        "per_organisation_cap": m.registration.per_organisation_cap,
        "chatham_house_notice": m.chatham_house_notice,
        "categories": m.stakeholder_categories.iter()
            .map(|c| json!({"key": c.key, "label": c.label})).collect::<Vec<_>>(),
        "genders": Gender::ALL.iter()
            .map(|g| json!({"value": g.as_str(), "label": g.label()})).collect::<Vec<_>>(),
        "subregions": Subregion::ALL.iter()
            .map(|s| json!({"value": s.as_str(), "label": s.label()})).collect::<Vec<_>>(),
        "countries": countries().iter()
            .map(|(code, name, sub)| json!({"code": code, "name": name, "subregion": sub.as_str()}))
            .collect::<Vec<_>>(),
        "groups": m.groups.iter()
            .map(|g| json!({"slug": g.slug, "name": g.name, "objectives": g.objectives}))
            .collect::<Vec<_>>(),
        "limits": {
            "name": rules::NAME_MAX,
            "email": rules::EMAIL_MAX,
            "organisation": rules::ORGANISATION_MAX,
            "accessibility": rules::ACCESSIBILITY_MAX,
        },
    });
    Ok(Json(body).into_response())
}

/// `POST …/registrations`: a public registration, or the organiser's
/// walk-in (with the organiser's token the deadline does not apply).
async fn create(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Body(form): Body<Form>,
) -> ApiResult<Response> {
    let live = live(&app, &slug)?;
    let deadline = if headers.contains_key(header::AUTHORIZATION) {
        organiser(&app, &headers).await?;
        Deadline::Waived
    } else {
        let allowed = app
            .registration_bucket
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take(std::time::Instant::now());
        if !allowed {
            return Err(ClientError::new(
                crate::error::ErrorCode::RateLimited,
                "too many registrations at once; please try again in a minute",
            ));
        }
        Deadline::Enforce(Timestamp::now())
    };
    let registrant = rules::validate(&live.model, &form, deadline)?;
    let done = super::register(&*app.identity, &live.model, &registrant).await?;
    refresh(&live).await?;
    if let Some(g) = &done.group {
        apply_groups(&live, &[(done.account.id, g.clone())]).await?;
    }
    let link = app.link(&base_url(&app, &headers), &done.token);
    let body = json!({
        "id": done.account.id,
        "link": link,
        "token": done.token.expose(),
        "group": done.group,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// A registration as the organiser's table shows it.
#[derive(Serialize)]
struct RegistrationView<'a> {
    id: Uuid,
    name: Option<&'a str>,
    email: Option<&'a str>,
    organisation: Option<&'a str>,
    category: &'a str,
    gender: &'a str,
    country: &'a str,
    country_name: Option<&'static str>,
    subregion: &'a str,
    preferred_group: Option<&'a str>,
    group: Option<&'a str>,
    accessibility: Option<&'a str>,
    revoked: bool,
}

impl<'a> From<&'a Registration> for RegistrationView<'a> {
    fn from(r: &'a Registration) -> Self {
        let a = &r.account;
        RegistrationView {
            id: a.id,
            name: a.name.as_deref(),
            email: a.email.as_deref(),
            organisation: a.organisation.as_deref(),
            category: &r.category,
            gender: &r.gender,
            country: &r.country,
            country_name: roundtable_registration::country_name(&r.country),
            subregion: &r.subregion,
            preferred_group: r.preferred_group.as_deref(),
            group: a.group.as_deref(),
            accessibility: r.accessibility.as_deref(),
            revoked: a.revoked,
        }
    }
}

/// `GET …/registrations`: the organiser's table.
async fn list(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let regs = app.identity.registrations(live.slug()).await?;
    let rows: Vec<RegistrationView<'_>> = regs.iter().map(RegistrationView::from).collect();
    Ok(Json(rows).into_response())
}

/// `GET …/registrations.csv`: the registrant export (identity store only).
async fn export(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let regs = app.identity.registrations(live.slug()).await?;
    let name = format!("{}-registrations.csv", live.slug());
    Ok(csv_response(&name, links::registrations_csv(&regs)))
}

/// `DELETE …/registrations/{id}`: removes a registrant and their data.
async fn remove(
    State(app): State<Arc<AppState>>,
    Path((slug, id)): Path<(String, Uuid)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    if !app.identity.delete_registration(live.slug(), id).await? {
        return Err(ClientError::not_found("no such registration"));
    }
    live.tell(id, Control::Revoked);
    live.groups.remove(&id);
    refresh(&live).await?;
    tracing::info!("registration deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST …/registrations/import?dry_run=true|false` with a CSV body.
async fn import_csv(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let dry_run = dry_run_param(query.as_deref())?;
    let file = csv_file::parse(&body);
    let report = import::import(&*app.identity, &live.model, file, dry_run, &mut |_, _| {}).await?;
    if !dry_run && report.accepted > 0 {
        refresh(&live).await?;
        apply_groups(&live, &report.placed()).await?;
    }
    Ok(Json(report).into_response())
}

fn dry_run_param(query: Option<&str>) -> ApiResult<bool> {
    let mut dry_run = false;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, "true"));
        if k != "dry_run" {
            return Err(ClientError::invalid(k, "unknown query parameter"));
        }
        dry_run = match v {
            "true" | "1" | "" => true,
            "false" | "0" => false,
            _ => return Err(ClientError::invalid("dry_run", "expected true or false")),
        };
    }
    Ok(dry_run)
}

/// `GET …/links.csv`: explains where the mail-merge CSV comes from.
async fn links_hint(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    live(&app, &slug)?;
    Err(ClientError::new(
        ErrorCode::Conflict,
        format!(
            "links are stored only as hashes and cannot be shown again; \
             POST /api/v1/consultations/{slug}/links/reissue issues new ones \
             (old links stop working) and returns the mail-merge CSV"
        ),
    ))
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReissueRequest {
    #[serde(default)]
    ids: Option<Vec<Uuid>>,
}

/// `POST …/links/reissue` (optional body `{"ids": [...]}`): new links for
/// every live registrant (or those named), as the mail-merge CSV.
async fn reissue(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let req: ReissueRequest = optional_body(&body)?;
    let base = base_url(&app, &headers);
    let rows = links::reissue(&*app.identity, &live.model, req.ids.as_deref(), |t| {
        app.link(&base, t)
    })
    .await?;
    // Sessions opened with the old links end now.
    for r in &rows {
        live.tell(r.id, Control::Revoked);
    }
    let name = format!("{}-links.csv", live.slug());
    Ok(csv_response(&name, links::links_csv(&rows)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasRequest {
    alias: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasName {
    alias: String,
}

async fn list_aliases(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<links::Alias>>> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    Ok(Json(links::aliases(&*app.identity, &live.model).await?))
}

async fn add_alias(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Body(req): Body<AliasRequest>,
) -> ApiResult<Response> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    let all = links::add_alias(&*app.identity, &live.model, &req.alias, &req.name).await?;
    refresh(&live).await?;
    Ok((StatusCode::CREATED, Json(all)).into_response())
}

async fn remove_alias(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Body(req): Body<AliasName>,
) -> ApiResult<StatusCode> {
    organiser(&app, &headers).await?;
    let live = live(&app, &slug)?;
    if !links::remove_alias(&*app.identity, &live.model, &req.alias).await? {
        return Err(ClientError::not_found("no such alias"));
    }
    refresh(&live).await?;
    Ok(StatusCode::NO_CONTENT)
}
