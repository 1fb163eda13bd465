//! The consultation file exactly as written, with the position of every value.
//!
//! Reading happens in two steps. First the TOML is deserialized into these
//! structs, which mirror the file format (strings as written, every value
//! wrapped in [`Spanned`] so that errors can name a line) and reject unknown
//! fields. Then [`crate::validate`] checks them and builds the model. Keeping
//! the two apart means the model types never carry spans and the checks never
//! deal with TOML.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::AgendaKind;
use crate::error::{ConfigError, Source};

/// The whole file. See `docs/consultation-format.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConsultation {
    pub slug: Spanned<String>,
    pub title: Spanned<String>,
    pub theme: Spanned<String>,
    pub time_zone: Spanned<String>,
    pub date: Spanned<String>,
    pub chatham_house_notice: Spanned<String>,
    pub registration: RawRegistration,
    pub agenda: Spanned<Vec<Spanned<RawAgendaItem>>>,
    #[serde(default)]
    pub objectives: Vec<Spanned<RawObjective>>,
    #[serde(default)]
    pub groups: Vec<Spanned<RawGroup>>,
    pub review_questions: Spanned<Vec<Spanned<RawQuestion>>>,
    pub stakeholder_categories: Spanned<Vec<Spanned<RawCategory>>>,
}

/// `[registration]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegistration {
    pub deadline: Spanned<String>,
    pub per_organisation_cap: Spanned<u32>,
}

/// One `[[agenda]]` item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAgendaItem {
    pub kind: Spanned<AgendaKind>,
    pub title: Spanned<String>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
}

/// One `[[objectives]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawObjective {
    pub number: Spanned<u32>,
    pub title: Spanned<String>,
    pub description: Spanned<String>,
}

/// One `[[groups]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGroup {
    pub slug: Spanned<String>,
    pub name: Spanned<String>,
    pub objectives: Spanned<Vec<Spanned<u32>>>,
    pub capacity: Option<Spanned<u32>>,
}

/// One `[[review_questions]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub key: Spanned<String>,
    pub text: Spanned<String>,
}

/// One `[[stakeholder_categories]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub key: Spanned<String>,
    pub label: Spanned<String>,
}

/// Parses TOML text into the raw structs; syntax errors, type errors,
/// unknown fields and missing fields come back as [`ConfigError`]s.
pub(crate) fn parse(src: Source<'_>) -> Result<RawConsultation, ConfigError> {
    let de = toml::Deserializer::parse(src.text).map_err(|e| src.syntax_error(&e))?;
    serde_path_to_error::deserialize(de).map_err(|e| src.field_error(e))
}

/// The file format for writing: the same shape as [`RawConsultation`],
/// borrowed from a model, without spans.
#[derive(Serialize)]
pub(crate) struct OutConsultation<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub theme: &'a str,
    pub time_zone: &'a str,
    pub date: String,
    pub chatham_house_notice: &'a str,
    pub registration: OutRegistration<'a>,
    pub agenda: Vec<OutAgendaItem<'a>>,
    pub objectives: Vec<OutObjective<'a>>,
    pub groups: Vec<OutGroup<'a>>,
    pub review_questions: Vec<OutQuestion<'a>>,
    pub stakeholder_categories: Vec<OutCategory<'a>>,
}

/// `[registration]` for writing.
#[derive(Serialize)]
pub(crate) struct OutRegistration<'a> {
    pub deadline: &'a str,
    pub per_organisation_cap: u32,
}

/// `[[agenda]]` for writing.
#[derive(Serialize)]
pub(crate) struct OutAgendaItem<'a> {
    pub kind: AgendaKind,
    pub title: &'a str,
    pub start: String,
    pub end: String,
}

/// `[[objectives]]` for writing.
#[derive(Serialize)]
pub(crate) struct OutObjective<'a> {
    pub number: u32,
    pub title: &'a str,
    pub description: &'a str,
}

/// `[[groups]]` for writing.
#[derive(Serialize)]
pub(crate) struct OutGroup<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub objectives: &'a [u32],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
}

/// `[[review_questions]]` for writing.
#[derive(Serialize)]
pub(crate) struct OutQuestion<'a> {
    pub key: &'a str,
    pub text: &'a str,
}

/// `[[stakeholder_categories]]` for writing.
#[derive(Serialize)]
pub(crate) struct OutCategory<'a> {
    pub key: &'a str,
    pub label: &'a str,
}
