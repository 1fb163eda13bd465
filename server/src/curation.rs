//! The rapporteur's work: key points, merges, reassignments, notes, the
//! running summary per objective, and the report-back in the closing
//! plenary. Curation never rewrites a contribution's text.

use serde::Serialize;
use uuid::Uuid;

use crate::access::Role;
use crate::anonymise::Contribution;
use crate::error::{ClientError, ErrorCode};
use crate::facilitation::Reply;
use crate::live::{Live, PLENARY};
use crate::protocol::{ClientMsg, ServerMsg};
use crate::storage::{Account, Curation, Summary, SummarySave};

/// Longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 20_000;
/// Longest rapporteur's note, in characters.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// One working group's report-back.
#[derive(Debug, Clone, Serialize)]
pub struct ReportGroup {
    /// Group slug.
    pub slug: String,
    /// Group name.
    pub name: String,
    /// Its objectives with something to report.
    pub objectives: Vec<ReportObjective>,
}

/// One objective in a report-back.
#[derive(Debug, Clone, Serialize)]
pub struct ReportObjective {
    /// Objective number.
    pub number: u32,
    /// Objective title.
    pub title: String,
    /// The rapporteur's summary.
    pub summary: Option<String>,
    /// Key points, in random-id order.
    pub key_points: Vec<String>,
}

/// Rapporteurs of this group, and the organiser, may curate it.
pub fn may_curate(account: &Account, group: &str) -> Result<(), ClientError> {
    match account.role {
        Role::Organiser => Ok(()),
        Role::Rapporteur if account.scope.as_deref() == Some(group) => Ok(()),
        Role::Rapporteur => Err(ClientError::forbidden(
            "you are the rapporteur of another group",
        )),
        _ => Err(ClientError::forbidden(
            "only the group's rapporteur may do this",
        )),
    }
}

impl Live {
    /// Handles a curation message.
    pub async fn curate(&self, account: &Account, msg: ClientMsg) -> Reply {
        match msg {
            ClientMsg::KeyPoint { id, on } => {
                self.change(account, id, Curation::KeyPoint(on), "key_point")
                    .await
            }
            ClientMsg::Merge { id, into } => {
                if id == into {
                    return Err(ClientError::invalid(
                        "into",
                        "a contribution cannot be merged into itself",
                    ));
                }
                let room = self
                    .room_of(id)
                    .ok_or_else(|| ClientError::not_found("no such contribution"))?;
                let target = {
                    let st = room.lock();
                    st.visible.get(&into).cloned()
                };
                let target = target.ok_or_else(|| {
                    ClientError::invalid(
                        "into",
                        "merge into a visible contribution of the same group",
                    )
                })?;
                if target.merged_into.is_some() {
                    return Err(ClientError::invalid(
                        "into",
                        "that contribution is itself merged into another",
                    ));
                }
                self.change(account, id, Curation::MergeInto(Some(into)), "merge")
                    .await
            }
            ClientMsg::Unmerge { id } => {
                self.change(account, id, Curation::MergeInto(None), "unmerge")
                    .await
            }
            ClientMsg::Reassign {
                id,
                objective,
                question,
            } => {
                let room = self
                    .room_of(id)
                    .ok_or_else(|| ClientError::not_found("no such contribution"))?;
                if !room.objectives.contains(&objective) {
                    return Err(ClientError::invalid(
                        "objective",
                        "not an objective of this group",
                    ));
                }
                if self.model.question(&question).is_none() {
                    return Err(ClientError::invalid("question", "unknown review question"));
                }
                self.change(
                    account,
                    id,
                    Curation::Reassign {
                        objective,
                        question,
                    },
                    "reassign",
                )
                .await
            }
            ClientMsg::Note { id, text } => {
                let text = text
                    .map(|t| self.redact(t.trim()).text)
                    .filter(|t| !t.is_empty());
                if text
                    .as_ref()
                    .is_some_and(|t| t.chars().count() > MAX_NOTE_CHARS)
                {
                    return Err(ClientError::new(
                        ErrorCode::TooLarge,
                        format!("text: at most {MAX_NOTE_CHARS} characters"),
                    ));
                }
                self.change(account, id, Curation::Note(text), "note").await
            }
            ClientMsg::Summary {
                group,
                objective,
                text,
                version,
            } => {
                self.save_summary(account, group, objective, text, version)
                    .await
            }
            other => Err(ClientError::new(
                ErrorCode::Internal,
                format!("{} is not a curation message", other.kind()),
            )),
        }
    }

    async fn change(
        &self,
        account: &Account,
        id: Uuid,
        change: Curation,
        action: &'static str,
    ) -> Reply {
        let room = self
            .room_of(id)
            .ok_or_else(|| ClientError::not_found("no such contribution"))?;
        if room.id == PLENARY && account.role != Role::Organiser {
            return Err(ClientError::forbidden(
                "plenary contributions are curated by the organiser",
            ));
        }
        may_curate(account, &room.id)?;
        if !self
            .stores
            .notes
            .curate(self.slug(), id, change.clone())
            .await?
        {
            return Err(ClientError::not_found("no such contribution"));
        }
        room.publish(
            |st| {
                if let Curation::MergeInto(Some(into)) = &change {
                    for c in st.visible.values_mut().chain(st.hidden.values_mut()) {
                        if c.merged_into == Some(id) {
                            c.merged_into = Some(*into);
                        }
                    }
                }
                if let Some(c) = st.find_mut(&id) {
                    match &change {
                        Curation::KeyPoint(on) => c.key_point = *on,
                        Curation::MergeInto(into) => c.merged_into = *into,
                        Curation::Reassign {
                            objective,
                            question,
                        } => {
                            c.objective = *objective;
                            c.question = question.clone();
                        }
                        Curation::Note(note) => c.note = note.clone(),
                    }
                }
            },
            |seq, st| {
                st.visible.get(&id).map(|c| {
                    ServerMsg::Curated {
                        seq,
                        contribution: c,
                    }
                    .to_text()
                })
            },
        );
        self.publish_report_back();
        Ok(Some(ServerMsg::Done { action, id }.to_text()))
    }

    async fn save_summary(
        &self,
        account: &Account,
        group: Option<String>,
        objective: u32,
        text: String,
        version: u64,
    ) -> Reply {
        if !matches!(account.role, Role::Rapporteur | Role::Organiser) {
            return Err(ClientError::forbidden(
                "only the group's rapporteur may do this",
            ));
        }
        let group = group
            .or_else(|| account.scope.clone())
            .ok_or_else(|| ClientError::invalid("group", "name the working group"))?;
        may_curate(account, &group)?;
        let g = self
            .model
            .group(&group)
            .ok_or_else(|| ClientError::invalid("group", "no such working group"))?;
        if !g.objectives.contains(&objective) {
            return Err(ClientError::invalid(
                "objective",
                "not an objective of this group",
            ));
        }
        if text.chars().count() > MAX_SUMMARY_CHARS {
            return Err(ClientError::new(
                ErrorCode::TooLarge,
                format!("text: at most {MAX_SUMMARY_CHARS} characters"),
            ));
        }
        // Summaries are notes too: the same redaction applies.
        let text = self.redact(&text).text;
        let s = Summary {
            group: group.clone(),
            objective,
            text: text.clone(),
            version,
        };
        match self.stores.notes.save_summary(self.slug(), s).await? {
            SummarySave::Saved(version) => {
                self.summaries()
                    .insert((group.clone(), objective), (text.clone(), version));
                if let Some(room) = self.room(&group) {
                    room.publish(
                        |_| {},
                        |seq, _| {
                            Some(
                                ServerMsg::Summary {
                                    seq,
                                    group: &group,
                                    objective,
                                    text: &text,
                                    version,
                                }
                                .to_text(),
                            )
                        },
                    );
                }
                self.publish_report_back();
                Ok(Some(
                    ServerMsg::SummarySaved {
                        group: &group,
                        objective,
                        version,
                    }
                    .to_text(),
                ))
            }
            SummarySave::Stale {
                text: current,
                version: current_version,
            } => Ok(Some(
                ServerMsg::SummaryConflict {
                    group: &group,
                    objective,
                    text: &current,
                    version: current_version,
                    yours: &text,
                }
                .to_text(),
            )),
        }
    }

    /// The running summaries, by (group, objective): (text, version).
    pub(crate) fn summaries(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<(String, u32), (String, u64)>> {
        self.summaries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Summaries of one group, for its room's snapshot.
    pub fn group_summaries(&self, group: &str) -> Vec<Summary> {
        self.summaries()
            .iter()
            .filter(|((g, _), _)| g == group)
            .map(|((g, o), (t, v))| Summary {
                group: g.clone(),
                objective: *o,
                text: t.clone(),
                version: *v,
            })
            .collect()
    }

    /// Every group's summaries and key points, grouped by objective.
    pub fn report_back(&self) -> Vec<ReportGroup> {
        let summaries = self.summaries().clone();
        self.model
            .groups
            .iter()
            .filter_map(|g| {
                let room = self.room(&g.slug)?;
                let visible: Vec<Contribution> = room.lock().visible.values().cloned().collect();
                let objectives: Vec<ReportObjective> = g
                    .objectives
                    .iter()
                    .filter_map(|&n| {
                        let summary = summaries
                            .get(&(g.slug.clone(), n))
                            .map(|(t, _)| t.clone())
                            .filter(|t| !t.trim().is_empty());
                        let key_points: Vec<String> = visible
                            .iter()
                            .filter(|c| c.objective == n && c.key_point && c.merged_into.is_none())
                            .map(|c| c.text.clone())
                            .collect();
                        if summary.is_none() && key_points.is_empty() {
                            return None;
                        }
                        let title = self
                            .model
                            .objective(n)
                            .map(|o| o.title.clone())
                            .unwrap_or_default();
                        Some(ReportObjective {
                            number: n,
                            title,
                            summary,
                            key_points,
                        })
                    })
                    .collect();
                (!objectives.is_empty()).then(|| ReportGroup {
                    slug: g.slug.clone(),
                    name: g.name.clone(),
                    objectives,
                })
            })
            .collect()
    }

    /// Sends the report-back to the plenary.
    fn publish_report_back(&self) {
        let report = self.report_back();
        self.plenary().publish(
            |_| {},
            |seq, _| {
                Some(
                    ServerMsg::ReportBack {
                        seq,
                        groups: &report,
                    }
                    .to_text(),
                )
            },
        );
    }
}
