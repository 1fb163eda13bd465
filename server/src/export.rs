//! Unattributed exports: building the export document from the notes store
//! (the renderers live in `roundtable-export`), over HTTP and for the CLI.
//!
//! Both paths read the notes store, never memory, so the CLI and the HTTP
//! endpoint write the same bytes. Hidden, retracted and not-yet-revealed
//! contributions are never exported; nothing in an export carries a time
//! or an arrival order.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use roundtable_consultation::Consultation;
use roundtable_export::{
    ConsultationInfo, ExportDoc, Format, GroupExport, Item, MergedText, ObjectiveExport,
    QuestionExport, Scope,
};
use serde::Deserialize;

use crate::access::Role;
use crate::api::authenticate;
use crate::error::ClientError;
use crate::live::PLENARY;
use crate::state::AppState;
use crate::storage::{NotesStore, StoredContribution, Summary};

/// Builds the export document for `scope` from stored notes. Pure.
pub fn build(
    model: &Consultation,
    stored: &[StoredContribution],
    summaries: &[Summary],
    scope: Scope,
) -> ExportDoc {
    let shown: Vec<&StoredContribution> =
        stored.iter().filter(|s| !s.hidden && !s.pending).collect();
    let mut merged: BTreeMap<uuid::Uuid, Vec<&StoredContribution>> = BTreeMap::new();
    for s in &shown {
        if let Some(into) = s.contribution.merged_into {
            merged.entry(into).or_default().push(s);
        }
    }
    let mut rooms: Vec<(String, String, Vec<u32>)> = vec![(
        PLENARY.to_owned(),
        "Plenary".to_owned(),
        model.objectives.iter().map(|o| o.number).collect(),
    )];
    rooms.extend(
        model
            .groups
            .iter()
            .map(|g| (g.slug.clone(), g.name.clone(), g.objectives.clone())),
    );
    let groups = rooms
        .into_iter()
        .map(|(slug, name, objectives)| {
            let objectives = objectives
                .iter()
                .map(|&n| {
                    let questions = model
                        .review_questions
                        .iter()
                        .map(|q| {
                            let items = shown
                                .iter()
                                .filter(|s| {
                                    let c = &s.contribution;
                                    c.room == slug
                                        && c.objective == n
                                        && c.question == q.key
                                        && c.merged_into.is_none()
                                })
                                .map(|s| {
                                    item(
                                        s,
                                        merged
                                            .get(&s.contribution.id)
                                            .map(Vec::as_slice)
                                            .unwrap_or(&[]),
                                    )
                                })
                                .collect();
                            QuestionExport {
                                key: q.key.clone(),
                                text: q.text.clone(),
                                items,
                            }
                        })
                        .collect();
                    let summary = summaries
                        .iter()
                        .find(|s| s.group == slug && s.objective == n)
                        .map(|s| s.text.clone())
                        .filter(|t| !t.trim().is_empty());
                    let title = model
                        .objective(n)
                        .map(|o| o.title.clone())
                        .unwrap_or_default();
                    ObjectiveExport {
                        number: n,
                        title,
                        summary,
                        questions,
                    }
                })
                .collect();
            GroupExport {
                slug,
                name,
                objectives,
            }
        })
        .collect();
    ExportDoc {
        consultation: ConsultationInfo {
            slug: model.slug.clone(),
            title: model.title.clone(),
            date: model.date.strftime("%-d %B %Y").to_string(),
            time_zone: model.time_zone.clone(),
        },
        scope,
        chatham_house: format!(
            "Held under the Chatham House Rule. {}",
            model.chatham_house_notice.trim()
        ),
        groups,
    }
}

fn item(s: &StoredContribution, merged: &[&StoredContribution]) -> Item {
    let c = &s.contribution;
    Item {
        id: c.id.to_string(),
        text: c.text.clone(),
        votes: c.votes + merged.iter().map(|m| m.contribution.votes).sum::<u32>(),
        key_point: c.key_point,
        merged: merged
            .iter()
            .map(|m| MergedText {
                id: m.contribution.id.to_string(),
                text: m.contribution.text.clone(),
            })
            .collect(),
        note: c.note.clone(),
    }
}

/// The scope from optional group and objective filters, checked against
/// the model.
pub fn scope(
    model: &Consultation,
    group: Option<&str>,
    objective: Option<u32>,
) -> Result<Scope, ClientError> {
    if let Some(g) = group
        && g != PLENARY
        && model.group(g).is_none()
    {
        return Err(ClientError::invalid(
            "group",
            format!("no working group {g:?}"),
        ));
    }
    if let Some(n) = objective
        && model.objective(n).is_none()
    {
        return Err(ClientError::invalid(
            "objective",
            format!("no objective {n}"),
        ));
    }
    Ok(match (group, objective) {
        (None, None) => Scope::Consultation,
        (Some(g), None) => Scope::Group { slug: g.to_owned() },
        (None, Some(n)) => Scope::Objective { number: n },
        (Some(g), Some(n)) => Scope::GroupObjective {
            slug: g.to_owned(),
            number: n,
        },
    })
}

/// Renders an export straight from the notes store.
pub async fn render(
    notes: &dyn NotesStore,
    model: &Consultation,
    scope: Scope,
    format: Format,
) -> Result<(ExportDoc, Vec<u8>), crate::storage::StoreError> {
    let stored = notes.load(&model.slug).await?;
    let summaries = notes.summaries(&model.slug).await?;
    let doc = build(model, &stored, &summaries, scope);
    let bytes = roundtable_export::render(&doc, format);
    Ok((doc, bytes))
}

/// Query of `GET /api/v1/consultations/{slug}/export`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    format: String,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    objective: Option<u32>,
}

/// `GET /api/v1/consultations/{slug}/export?format=md|csv|json|docx[&group=][&objective=]`:
/// a rapporteur exports their group; the organiser exports anything.
pub async fn http_export(
    State(app): State<Arc<AppState>>,
    Path(slug): Path<String>,
    Query(q): Query<ExportQuery>,
    headers: HeaderMap,
) -> Result<Response, ClientError> {
    let account = authenticate(&app, &headers).await?;
    let live = crate::api::live(&app, &slug)?;
    let format: Format = q
        .format
        .parse()
        .map_err(|_| ClientError::invalid("format", "one of md, csv, json, docx"))?;
    let group = match account.role {
        Role::Organiser => q.group,
        Role::Rapporteur => {
            let own = account.scope.clone();
            if q.group.is_some() && q.group != own {
                return Err(ClientError::forbidden(
                    "a rapporteur exports only their own working group",
                ));
            }
            own
        }
        _ => {
            return Err(ClientError::forbidden(
                "only rapporteurs and the organiser export notes",
            ));
        }
    };
    if account.role != Role::Organiser && account.consultation.as_deref() != Some(live.slug()) {
        return Err(ClientError::forbidden(
            "this link belongs to another consultation",
        ));
    }
    let scope = scope(&live.model, group.as_deref(), q.objective)?;
    let (doc, bytes) = render(app.notes.as_ref(), &live.model, scope, format).await?;
    tracing::info!(format = %format, "export");
    let name = roundtable_export::file_name(&doc, format);
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anonymise::Contribution;
    use uuid::Uuid;

    fn c(n: u128, room: &str, objective: u32, question: &str, text: &str) -> StoredContribution {
        StoredContribution {
            contribution: Contribution {
                id: Uuid::from_u128(n),
                room: room.into(),
                objective,
                question: question.into(),
                text: text.into(),
                phase: 2,
                votes: 0,
                key_point: false,
                merged_into: None,
                note: None,
                org_mentions: 0,
            },
            hidden: false,
            pending: false,
            reports: 0,
        }
    }

    /// A fixed data set: two groups sharing objective 23, a merge, key
    /// points, hidden and unrevealed items, a formula-like text.
    fn fixture() -> (Vec<StoredContribution>, Vec<Summary>) {
        let mut v = vec![
            c(
                0x10,
                "wg1",
                1,
                "progress",
                "Sex-disaggregated data remains rare.",
            ),
            c(
                0x11,
                "wg1",
                1,
                "progress",
                "Data by sex is seldom published.",
            ),
            c(
                0x12,
                "wg1",
                23,
                "recommendations",
                "A regional data compact.",
            ),
            c(
                0x13,
                "wg1",
                3,
                "challenges",
                "=HYPERLINK(\"http://evil\",\"click\")",
            ),
            c(0x14, "wg1", 3, "challenges", "Hidden abuse."),
            c(
                0x20,
                "wg2",
                7,
                "practices",
                "Firewalls between services and enforcement.",
            ),
            c(
                0x21,
                "wg2",
                23,
                "recommendations",
                "Joint labour-migration protocols.",
            ),
            c(0x22, "wg2", 17, "challenges", "Not yet revealed."),
            c(
                0x30,
                "plenary",
                23,
                "progress",
                "Plenary remark on cooperation.",
            ),
        ];
        v[0].contribution.key_point = true;
        v[0].contribution.votes = 2;
        v[1].contribution.merged_into = Some(Uuid::from_u128(0x10));
        v[1].contribution.votes = 3;
        v[2].contribution.note = Some("Echoed by several speakers.".into());
        v[4].hidden = true;
        v[5].contribution.votes = 4;
        v[6].contribution.key_point = true;
        v[7].pending = true;
        let summaries = vec![Summary {
            group: "wg2".into(),
            objective: 7,
            text: "Vulnerability is policy-made.".into(),
            version: 3,
        }];
        (v, summaries)
    }

    fn golden(name: &str, got: &[u8]) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, got).unwrap();
        }
        let want = std::fs::read(&path).unwrap_or_else(|_| {
            panic!(
                "missing golden {}; run with UPDATE_GOLDEN=1",
                path.display()
            )
        });
        assert!(
            want == got,
            "{name} differs from its golden file; inspect with UPDATE_GOLDEN=1 and git diff"
        );
    }

    #[test]
    fn every_format_matches_its_golden_file() {
        let model = Consultation::example();
        let (stored, summaries) = fixture();
        let doc = build(&model, &stored, &summaries, Scope::Consultation);
        golden("notes.md", roundtable_export::markdown(&doc).as_bytes());
        golden("notes.csv", roundtable_export::csv(&doc).as_bytes());
        golden("notes.json", roundtable_export::json(&doc).as_bytes());
        let docx = roundtable_export::docx(&doc);
        assert_eq!(&docx[..2], b"PK");
        assert_eq!(
            docx,
            roundtable_export::docx(&build(&model, &stored, &summaries, Scope::Consultation)),
            "deterministic"
        );
    }

    #[test]
    fn hidden_and_unrevealed_items_are_left_out_and_merges_sum_votes() {
        let model = Consultation::example();
        let (stored, summaries) = fixture();
        let md =
            roundtable_export::markdown(&build(&model, &stored, &summaries, Scope::Consultation));
        assert!(!md.contains("Hidden abuse") && !md.contains("Not yet revealed"));
        assert!(
            md.contains("Data by sex is seldom published."),
            "merged originals keep their text"
        );
        assert!(
            md.contains("(5 votes)"),
            "the survivor sums its merged votes:\n{md}"
        );
        let csv = roundtable_export::csv(&build(&model, &stored, &summaries, Scope::Consultation));
        assert!(csv.contains("'=HYPERLINK"), "formula neutralised");
        let wg2 = roundtable_export::markdown(&build(
            &model,
            &stored,
            &summaries,
            Scope::Group { slug: "wg2".into() },
        ));
        assert!(!wg2.contains("regional data compact") && wg2.contains("Joint labour-migration"));
    }

    #[test]
    fn scopes_are_checked_against_the_model() {
        let model = Consultation::example();
        assert!(scope(&model, Some("wg9"), None).is_err());
        assert!(scope(&model, None, Some(2)).is_err());
        assert_eq!(
            scope(&model, Some("wg1"), Some(23)).unwrap(),
            Scope::GroupObjective {
                slug: "wg1".into(),
                number: 23
            }
        );
    }
}
