//! Rendering of a consultation's unattributed notes as Markdown, CSV, JSON
//! and DOCX.
//!
//! This crate is pure: it turns an [`ExportDoc`] into bytes and does no I/O.
//! The server builds the document from its notes store (hidden and retracted
//! contributions are already filtered out, contribution text is already
//! redacted) and decides where the bytes go (an HTTP response, a file written
//! by the CLI). Because every format is a pure function of the document, the
//! CLI and HTTP exports of the same notes are byte-for-byte identical.
//!
//! What the model cannot hold is as important as what it holds: there is no
//! author, organisation, session or timestamp field anywhere, so no export can
//! reveal them. Arrival order is hidden too: every renderer orders
//! contributions with [`sort_items`] (key points, then votes, then ascending
//! random id), whatever order the caller supplied.
//!
//! Module map:
//! - `view` (private): what every format shows: the scope
//!   filter, empty-section pruning, ordering and shared labels;
//! - `format`: [`Format`] names, extensions, content types, [`file_name`];
//! - `markdown`, `csv`, `json`, `docx`: one renderer each.
//!
//! The formats are described for people who consume them in `docs/exports.md`,
//! and the JSON shape in `docs/export-schema.json`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod csv;
mod docx;
mod format;
mod json;
mod markdown;
mod view;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use crate::csv::csv;
pub use crate::docx::docx;
pub use crate::format::{Format, UnknownFormat, file_name};
pub use crate::json::{FORMAT_VERSION, json};
pub use crate::markdown::markdown;

/// Everything one export shows: a consultation's notes, for one scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDoc {
    /// Which consultation the notes come from.
    pub consultation: ConsultationInfo,
    /// Which part of the consultation this export covers. Renderers drop any
    /// group or objective in [`groups`](Self::groups) outside the scope.
    pub scope: Scope,
    /// The Chatham House Rule notice printed under the title, e.g.
    /// "Held under the Chatham House Rule: ...".
    pub chatham_house: String,
    /// Working groups in consultation order.
    pub groups: Vec<GroupExport>,
}

/// The consultation an export comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationInfo {
    /// Short machine name, used in file names.
    pub slug: String,
    /// Full title, the heading of the export.
    pub title: String,
    /// The day of the consultation: an ISO date (`2021-02-03`), shown as
    /// "3 February 2021", or text that is shown as given.
    pub date: String,
    /// The consultation's IANA time zone, e.g. `Asia/Bangkok`.
    pub time_zone: String,
}

/// The part of a consultation an export covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// Every working group and objective.
    Consultation,
    /// One working group, all its objectives.
    Group {
        /// The group's slug.
        slug: String,
    },
    /// One objective across every group that discusses it.
    Objective {
        /// The objective's number, e.g. 23.
        number: u32,
    },
    /// One objective in one working group.
    GroupObjective {
        /// The group's slug.
        slug: String,
        /// The objective's number.
        number: u32,
    },
}

impl Scope {
    /// Whether notes of `group` on objective `number` belong in this scope.
    pub fn includes(&self, group: &str, number: u32) -> bool {
        match self {
            Scope::Consultation => true,
            Scope::Group { slug } => slug == group,
            Scope::Objective { number: n } => *n == number,
            Scope::GroupObjective { slug, number: n } => slug == group && *n == number,
        }
    }
}

/// One working group's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupExport {
    /// Short machine name, e.g. `wg1`.
    pub slug: String,
    /// Display name, e.g. "Working Group 1".
    pub name: String,
    /// The group's objectives in agenda order.
    pub objectives: Vec<ObjectiveExport>,
}

/// One objective as discussed in one working group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveExport {
    /// The objective's number, e.g. 23.
    pub number: u32,
    /// The objective's title.
    pub title: String,
    /// The rapporteur's running summary for this objective in this group.
    pub summary: Option<String>,
    /// Review questions in consultation order.
    pub questions: Vec<QuestionExport>,
}

/// The contributions answering one review question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionExport {
    /// Stable machine key, e.g. `progress`.
    pub key: String,
    /// The question as participants saw it.
    pub text: String,
    /// The visible contributions, in any order: renderers apply [`sort_items`].
    pub items: Vec<Item>,
}

/// One contribution, possibly the survivor of a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Random UUID v4 of the contribution.
    pub id: String,
    /// Contribution text, already redacted.
    pub text: String,
    /// Vote count; for a merged item, the sum over it and its originals.
    pub votes: u32,
    /// Marked as a key point by the rapporteur.
    pub key_point: bool,
    /// Contributions the rapporteur merged into this one.
    pub merged: Vec<MergedText>,
    /// The rapporteur's clarifying note.
    pub note: Option<String>,
}

/// A contribution merged into another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedText {
    /// Random UUID v4 of the original contribution.
    pub id: String,
    /// Its text, already redacted.
    pub text: String,
}

/// Orders contributions for every export: key points first, then by votes
/// (most first), ties broken by ascending id.
///
/// Ids are random UUID v4s, so the tie-break is a stable order that is
/// unrelated to when anything was posted: the export reveals no arrival
/// order, and exporting twice gives the same bytes.
pub fn sort_items(items: &mut [Item]) {
    items.sort_by(compare_items);
}

fn compare_items(a: &Item, b: &Item) -> Ordering {
    b.key_point
        .cmp(&a.key_point)
        .then(b.votes.cmp(&a.votes))
        .then_with(|| a.id.cmp(&b.id))
}

/// Renders `doc` in `format`.
pub fn render(doc: &ExportDoc, format: Format) -> Vec<u8> {
    match format {
        Format::Markdown => markdown(doc).into_bytes(),
        Format::Csv => csv(doc).into_bytes(),
        Format::Json => json(doc).into_bytes(),
        Format::Docx => docx(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, votes: u32, key_point: bool) -> Item {
        Item {
            id: id.into(),
            text: id.into(),
            votes,
            key_point,
            merged: vec![],
            note: None,
        }
    }

    #[test]
    fn sort_puts_key_points_first_then_votes_then_ascending_id() {
        let mut items = vec![
            item("c", 1, false),
            item("b", 5, false),
            item("e", 0, true),
            item("a", 1, false),
            item("d", 2, true),
        ];
        sort_items(&mut items);
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["d", "e", "b", "a", "c"]);
    }

    #[test]
    fn sort_ignores_input_order() {
        let mut forward = vec![
            item("a", 1, false),
            item("b", 1, false),
            item("c", 1, false),
        ];
        let mut backward: Vec<_> = forward.iter().rev().cloned().collect();
        sort_items(&mut forward);
        sort_items(&mut backward);
        assert_eq!(forward, backward);
    }

    #[test]
    fn scope_includes_only_its_groups_and_objectives() {
        let scope = Scope::GroupObjective {
            slug: "wg2".into(),
            number: 23,
        };
        assert!(scope.includes("wg2", 23));
        assert!(!scope.includes("wg1", 23));
        assert!(!scope.includes("wg2", 7));
        assert!(Scope::Objective { number: 23 }.includes("wg1", 23));
        assert!(Scope::Consultation.includes("any", 1));
    }
}
