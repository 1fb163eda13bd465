//! The registration rules as pure functions: no I/O, the clock passed in.
//!
//! [`validate`] turns what a registrant typed (a [`Form`]) into a
//! [`Registrant`] or the first rule it breaks, as a [`RuleError`] with its
//! own error code. The rules that need the registrations already stored
//! (one per email, at most N per organisation) are in
//! [`super::roster`]; they produce the same [`RuleError`]s.

use std::fmt;

use jiff::Timestamp;
use roundtable_consultation::Consultation;
use roundtable_registration::fields::{FieldError, clean_text};
use roundtable_registration::{
    Gender, Subregion, country_code, email_key, subregion_of, valid_email,
};
use serde::Deserialize;

use crate::error::{ClientError, ErrorCode};

/// Longest name, in characters.
pub const NAME_MAX: usize = 200;
/// Longest organisation name, in characters.
pub const ORGANISATION_MAX: usize = 300;
/// Longest email address, in characters.
pub const EMAIL_MAX: usize = 254;
/// Longest accessibility note, in characters.
pub const ACCESSIBILITY_MAX: usize = 1000;

/// What a registrant gave, as text: the JSON body of
/// `POST …/registrations`, or one CSV row. `Debug` hides the values.
#[derive(Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Organisation.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Stakeholder category: key or label.
    #[serde(default)]
    pub category: Option<String>,
    /// Gender, in any spelling [`Gender::parse`] reads.
    #[serde(default)]
    pub gender: Option<String>,
    /// Country: ISO 3166-1 alpha-2 code or name.
    #[serde(default)]
    pub country: Option<String>,
    /// Preferred working group: slug or name (optional).
    #[serde(default)]
    pub preferred_group: Option<String>,
    /// Accessibility needs (optional).
    #[serde(default)]
    pub accessibility: Option<String>,
    /// Agreement to the Chatham House Rule; must be `true`.
    #[serde(default)]
    pub consent: Option<bool>,
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Form").finish_non_exhaustive()
    }
}

/// A registrant whose every field is valid. `Debug` hides personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Registrant {
    /// Name, whitespace collapsed.
    pub name: String,
    /// Email, trimmed.
    pub email: String,
    /// Organisation, whitespace collapsed.
    pub organisation: String,
    /// Stakeholder category key.
    pub category: String,
    /// Gender.
    pub gender: Gender,
    /// ISO 3166-1 alpha-2 code.
    pub country: &'static str,
    /// ESCAP subregion of the country.
    pub subregion: Subregion,
    /// Preferred working-group slug.
    pub preferred_group: Option<String>,
    /// Accessibility needs.
    pub accessibility: Option<String>,
    /// The email's uniqueness key.
    pub email_key: String,
}

impl fmt::Debug for Registrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registrant")
            .field("category", &self.category)
            .field("subregion", &self.subregion)
            .finish_non_exhaustive()
    }
}

/// Whether the deadline applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// A public registration at this instant: refused at or after the
    /// deadline.
    Enforce(Timestamp),
    /// The organiser's import or walk-in: the deadline does not apply.
    Waived,
}

/// A broken registration rule. Messages name fields and rules, never the
/// values a registrant typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The deadline has passed.
    #[error("registration closed at {local} ({zone})")]
    Closed {
        /// The deadline as written, e.g. "2021-01-31 24:00".
        local: String,
        /// The consultation's time zone.
        zone: String,
    },
    /// A required field is missing or blank.
    #[error("{0}: required")]
    Missing(&'static str),
    /// A text field is too long.
    #[error("{field}: at most {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its limit.
        max: usize,
    },
    /// A text field holds control characters.
    #[error("{0}: contains control characters")]
    ControlCharacters(&'static str),
    /// Not a plausible email address.
    #[error("email: not a valid email address")]
    InvalidEmail,
    /// Not one of the consultation's stakeholder categories.
    #[error("category: not one of this consultation's stakeholder categories ({0})")]
    UnknownCategory(String),
    /// Not a recognised gender.
    #[error("gender: expected woman, man, non-binary, self-described or prefer not to say")]
    UnknownGender,
    /// Not an ISO 3166-1 country.
    #[error("country: not a known country; give an ISO 3166-1 code (e.g. TH) or its name")]
    UnknownCountry,
    /// Not one of the consultation's working groups.
    #[error("preferred_group: not a working group of this consultation ({0})")]
    UnknownGroup(String),
    /// The Chatham House Rule was not agreed to.
    #[error("consent: you must agree to the Chatham House Rule to register")]
    NoConsent,
    /// The email is already registered.
    #[error("this email address is already registered for this consultation")]
    DuplicateEmail,
    /// The organisation is full.
    #[error("this organisation already has {0} registrations, the most allowed")]
    OrganisationFull(u32),
}

impl RuleError {
    /// The stable error code clients branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            RuleError::Closed { .. } => ErrorCode::RegistrationClosed,
            RuleError::DuplicateEmail => ErrorCode::DuplicateEmail,
            RuleError::OrganisationFull(_) => ErrorCode::OrganisationFull,
            _ => ErrorCode::InvalidField,
        }
    }
}

impl From<RuleError> for ClientError {
    fn from(e: RuleError) -> Self {
        ClientError::new(e.code(), e.to_string())
    }
}

/// Refuses registration at or after the deadline. The deadline is an
/// instant already resolved in the consultation's zone ("24:00" is the end
/// of that day), so the comparison needs no zone.
pub fn check_open(model: &Consultation, now: Timestamp) -> Result<(), RuleError> {
    if now >= model.registration.deadline {
        return Err(RuleError::Closed {
            local: model.registration.deadline_local.clone(),
            zone: model.time_zone.clone(),
        });
    }
    Ok(())
}

/// Checks every field rule, in form order, and returns the first one
/// broken.
pub fn validate(
    model: &Consultation,
    form: &Form,
    deadline: Deadline,
) -> Result<Registrant, RuleError> {
    if let Deadline::Enforce(now) = deadline {
        check_open(model, now)?;
    }
    let name = required_text("name", form.name.as_deref(), NAME_MAX)?;
    let email = required("email", form.email.as_deref())?.trim().to_owned();
    if email.chars().count() > EMAIL_MAX {
        return Err(RuleError::TooLong {
            field: "email",
            max: EMAIL_MAX,
        });
    }
    if !valid_email(&email) {
        return Err(RuleError::InvalidEmail);
    }
    let organisation = required_text(
        "organisation",
        form.organisation.as_deref(),
        ORGANISATION_MAX,
    )?;
    let category = category(model, required("category", form.category.as_deref())?)?;
    let gender = Gender::parse(required("gender", form.gender.as_deref())?)
        .ok_or(RuleError::UnknownGender)?;
    let country = country_code(required("country", form.country.as_deref())?)
        .ok_or(RuleError::UnknownCountry)?;
    let subregion = subregion_of(country).ok_or(RuleError::UnknownCountry)?;
    let preferred_group = match form.preferred_group.as_deref().map(str::trim) {
        None => None,
        Some(g) if no_preference(g) => None,
        Some(g) => Some(group(model, g)?),
    };
    let accessibility = match form.accessibility.as_deref() {
        Some(a) if !a.trim().is_empty() => Some(text("accessibility", a, ACCESSIBILITY_MAX)?),
        _ => None,
    };
    if form.consent != Some(true) {
        return Err(RuleError::NoConsent);
    }
    Ok(Registrant {
        email_key: email_key(&email),
        name,
        email,
        organisation,
        category,
        gender,
        country,
        subregion,
        preferred_group,
        accessibility,
    })
}

/// Lowercase letters and digits only: "Working Group 1" → "workinggroup1".
pub fn fold_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn required<'a>(field: &'static str, v: Option<&'a str>) -> Result<&'a str, RuleError> {
    v.filter(|s| !s.trim().is_empty())
        .ok_or(RuleError::Missing(field))
}

fn required_text(field: &'static str, v: Option<&str>, max: usize) -> Result<String, RuleError> {
    text(field, required(field, v)?, max)
}

fn text(field: &'static str, v: &str, max: usize) -> Result<String, RuleError> {
    clean_text(field, v, max).map_err(|e| match e {
        FieldError::TooLong { field, max } => RuleError::TooLong { field, max },
        FieldError::ControlCharacters { field } => RuleError::ControlCharacters(field),
        _ => RuleError::Missing(field),
    })
}

/// A category by key or label, ignoring case, spacing and punctuation.
fn category(model: &Consultation, given: &str) -> Result<String, RuleError> {
    let key = fold_key(given);
    model
        .stakeholder_categories
        .iter()
        .find(|c| c.key == given.trim() || fold_key(&c.key) == key || fold_key(&c.label) == key)
        .map(|c| c.key.clone())
        .ok_or_else(|| {
            let keys: Vec<&str> = model
                .stakeholder_categories
                .iter()
                .map(|c| c.key.as_str())
                .collect();
            RuleError::UnknownCategory(keys.join(", "))
        })
}

/// A working group by slug or name: "wg1", "WG 1", "Working Group 1".
fn group(model: &Consultation, given: &str) -> Result<String, RuleError> {
    let key = fold_key(given);
    model
        .groups
        .iter()
        .find(|g| fold_key(&g.slug) == key || fold_key(&g.name) == key)
        .map(|g| g.slug.clone())
        .ok_or_else(|| {
            let slugs: Vec<&str> = model.groups.iter().map(|g| g.slug.as_str()).collect();
            RuleError::UnknownGroup(slugs.join(", "))
        })
}

/// Blank, "none", "no preference", "any", "-": no preferred group.
fn no_preference(s: &str) -> bool {
    matches!(
        fold_key(s).as_str(),
        "" | "none" | "nopreference" | "any" | "either" | "na" | "nopref"
    )
}

#[cfg(test)]
mod tests;
