//! The consultation model: what is discussed, by whom, and when.
//!
//! A consultation is described by a TOML file (format documented in
//! `docs/consultation-format.md`): title and theme, the day and time zone, an
//! agenda of plenary and working-group items, the objectives under review,
//! the working groups and the objectives each one discusses, the review
//! questions every contribution answers, the stakeholder categories used to
//! balance participation, the registration rules and the Chatham House
//! notice shown to everyone who joins.
//!
//! [`Consultation::from_toml_str`] and [`Consultation::load`] read and check
//! such a file; any problem comes back as a [`ConfigError`] naming the file,
//! the field and the line. A [`Consultation`] that exists is valid: agenda in
//! order without overlaps, every group objective defined, no duplicate keys,
//! registration closing before the event starts.
//!
//! The modules, in the order data flows through them:
//!
//! - `raw`: the file as written, with spans, deserialized by serde;
//! - `clock`: the written date and time formats and local-to-instant rules;
//! - `fields`: rules shared by all fields (required text, slugs, duplicates);
//! - `validate`: the checks, turning `raw` into the model below;
//! - `error`: [`ConfigError`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod clock;
mod error;
mod fields;
mod raw;
mod validate;

use std::path::Path;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

pub use error::ConfigError;
pub use fields::is_slug;
pub use validate::RESERVED_GROUP_SLUG;

/// The text of the shipped example, the fourth stakeholder consultation of the
/// Asia-Pacific Regional Review of the Global Compact for Migration.
pub const EXAMPLE_TOML: &str = include_str!("../../../consultations/gcm-asia-pacific-2021-4.toml");

/// The file name of the shipped example, used as its origin in errors.
pub const EXAMPLE_FILE: &str = "consultations/gcm-asia-pacific-2021-4.toml";

/// A validated consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consultation {
    /// Identifier used in URLs, `[a-z0-9-]+`. Unique across the consultations
    /// a server loads (the server checks that across files).
    pub slug: String,
    /// Full title, e.g. "Fourth Stakeholder Consultation for the Asia-Pacific
    /// Regional Review of …".
    pub title: String,
    /// The theme under discussion.
    pub theme: String,
    /// IANA time zone name as written in the file, e.g. `"Asia/Bangkok"`.
    pub time_zone: String,
    /// The resolved [`time_zone`](Self::time_zone).
    #[serde(skip)]
    pub tz: TimeZone,
    /// The day of the consultation, in [`time_zone`](Self::time_zone).
    pub date: Date,
    /// The agenda in time order; items do not overlap and at least one is a
    /// plenary.
    pub agenda: Vec<AgendaItem>,
    /// The objectives under review, in the order written.
    pub objectives: Vec<Objective>,
    /// The working groups; each discusses at least one objective.
    pub groups: Vec<WorkingGroup>,
    /// The questions every contribution answers.
    pub review_questions: Vec<ReviewQuestion>,
    /// Stakeholder categories used to balance participation.
    pub stakeholder_categories: Vec<StakeholderCategory>,
    /// Who may register, and until when.
    pub registration: RegistrationRules,
    /// The Chatham House Rule as participants must agree to it.
    pub chatham_house_notice: String,
}

/// Where participants are during an agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    /// Everyone together in the plenary room.
    Plenary,
    /// Each participant in their working group's room, in parallel.
    WorkingGroups,
}

/// One item of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    /// Plenary or parallel working groups.
    pub kind: AgendaKind,
    /// E.g. "Opening plenary".
    pub title: String,
    /// When the item starts.
    pub start: Timestamp,
    /// When the item ends; after [`start`](Self::start).
    pub end: Timestamp,
    /// The start as written, on the consultation's wall clock.
    pub start_local: Time,
    /// The end as written, on the consultation's wall clock.
    pub end_local: Time,
}

/// An objective under review, e.g. GCM objective 1 ("Data").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objective {
    /// The objective's number, unique within the consultation.
    pub number: u32,
    /// Short title, e.g. "Data".
    pub title: String,
    /// Full title and background, as in the concept note.
    pub description: String,
}

/// A working group: a breakout room discussing some of the objectives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingGroup {
    /// Identifier used in URLs, e.g. `"wg1"`; never `"plenary"`.
    pub slug: String,
    /// Display name, e.g. "Working Group 1".
    pub name: String,
    /// Numbers of the objectives discussed, in order; at least one, each
    /// defined in [`Consultation::objectives`].
    pub objectives: Vec<u32>,
    /// Maximum number of participants, if limited.
    pub capacity: Option<u32>,
}

/// A question every contribution answers, e.g. "Formulate recommendations".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewQuestion {
    /// Stable identifier, e.g. `"progress"`.
    pub key: String,
    /// The question as shown to participants.
    pub text: String,
}

/// A stakeholder category used to balance participation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StakeholderCategory {
    /// Stable identifier, e.g. `"civil-society"`.
    pub key: String,
    /// Display label, e.g. "Civil society".
    pub label: String,
}

/// Who may register, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationRules {
    /// When registration closes; not after the first agenda item starts.
    pub deadline: Timestamp,
    /// The deadline as written, on the consultation's wall clock, e.g.
    /// `"2021-01-31 24:00"` (24:00 is the end of that day).
    pub deadline_local: String,
    /// How many people one organisation may register; at least 1.
    pub per_organisation_cap: u32,
}

impl Consultation {
    /// Parses and validates a consultation from TOML text; `origin` is the
    /// file name used in errors.
    pub fn from_toml_str(src: &str, origin: &str) -> Result<Consultation, ConfigError> {
        let src = error::Source {
            text: src,
            file: origin,
        };
        let raw = raw::parse(src)?;
        validate::validate(src, raw)
    }

    /// Reads, parses and validates a consultation file.
    pub fn load(path: &Path) -> Result<Consultation, ConfigError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: origin.clone(),
            field: String::new(),
            line: None,
            message: format!("cannot read consultation file: {e}"),
        })?;
        Self::from_toml_str(&text, &origin)
    }

    /// The shipped example ([`EXAMPLE_TOML`]).
    ///
    /// # Panics
    ///
    /// Only if the shipped file is invalid, which a test rules out.
    pub fn example() -> Consultation {
        Self::from_toml_str(EXAMPLE_TOML, EXAMPLE_FILE)
            .unwrap_or_else(|e| panic!("the shipped example consultation is invalid: {e}"))
    }

    /// The objective with this number.
    pub fn objective(&self, number: u32) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.number == number)
    }

    /// The working group with this slug.
    pub fn group(&self, slug: &str) -> Option<&WorkingGroup> {
        self.groups.iter().find(|g| g.slug == slug)
    }

    /// The review question with this key.
    pub fn question(&self, key: &str) -> Option<&ReviewQuestion> {
        self.review_questions.iter().find(|q| q.key == key)
    }

    /// The stakeholder category with this key.
    pub fn category(&self, key: &str) -> Option<&StakeholderCategory> {
        self.stakeholder_categories.iter().find(|c| c.key == key)
    }

    /// Renders the consultation in the file format; reading the result back
    /// with [`from_toml_str`](Self::from_toml_str) gives an equal value.
    /// Comments and layout of the original file are not kept.
    pub fn to_toml_string(&self) -> String {
        let hhmm = |t: Time| t.strftime("%H:%M").to_string();
        let out = raw::OutConsultation {
            slug: &self.slug,
            title: &self.title,
            theme: &self.theme,
            time_zone: &self.time_zone,
            date: self.date.to_string(),
            chatham_house_notice: &self.chatham_house_notice,
            registration: raw::OutRegistration {
                deadline: &self.registration.deadline_local,
                per_organisation_cap: self.registration.per_organisation_cap,
            },
            agenda: (self.agenda.iter())
                .map(|a| raw::OutAgendaItem {
                    kind: a.kind,
                    title: &a.title,
                    start: hhmm(a.start_local),
                    end: hhmm(a.end_local),
                })
                .collect(),
            objectives: (self.objectives.iter())
                .map(|o| raw::OutObjective {
                    number: o.number,
                    title: &o.title,
                    description: &o.description,
                })
                .collect(),
            groups: (self.groups.iter())
                .map(|g| raw::OutGroup {
                    slug: &g.slug,
                    name: &g.name,
                    objectives: &g.objectives,
                    capacity: g.capacity,
                })
                .collect(),
            review_questions: (self.review_questions.iter())
                .map(|q| raw::OutQuestion {
                    key: &q.key,
                    text: &q.text,
                })
                .collect(),
            stakeholder_categories: (self.stakeholder_categories.iter())
                .map(|c| raw::OutCategory {
                    key: &c.key,
                    label: &c.label,
                })
                .collect(),
        };
        toml::to_string_pretty(&out).expect("the consultation model always serializes to TOML")
    }
}
