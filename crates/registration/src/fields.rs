//! Registration fields: gender, e-mail address and free text.
//!
//! Values arrive from form tools (CSV exports) as free text; these functions
//! turn them into the values the rest of Roundtable stores and balances on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::text::fold;

/// A registrant's gender as asked on the registration form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Woman (including "female", "F", "trans woman").
    Woman,
    /// Man (including "male", "M", "trans man").
    Man,
    /// Non-binary (including "NB", "genderqueer").
    NonBinary,
    /// The registrant described their gender in their own words.
    SelfDescribed,
    /// The registrant preferred not to say.
    PreferNotToSay,
}

impl Gender {
    /// Every value, in form order.
    pub const ALL: [Gender; 5] = [
        Gender::Woman,
        Gender::Man,
        Gender::NonBinary,
        Gender::SelfDescribed,
        Gender::PreferNotToSay,
    ];

    /// The serde name, e.g. `"non_binary"`: the value to put in
    /// [`crate::assignment::Candidate::gender`].
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Woman => "woman",
            Gender::Man => "man",
            Gender::NonBinary => "non_binary",
            Gender::SelfDescribed => "self_described",
            Gender::PreferNotToSay => "prefer_not_to_say",
        }
    }

    /// A label for forms and reports.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Woman => "Woman",
            Gender::Man => "Man",
            Gender::NonBinary => "Non-binary",
            Gender::SelfDescribed => "Self-described",
            Gender::PreferNotToSay => "Prefer not to say",
        }
    }

    /// Reads the spellings form tools produce, ignoring case, spacing and
    /// punctuation: "Female"/"F"/"W" → `Woman`, "Male"/"M" → `Man`,
    /// "Non-binary"/"NB" → `NonBinary`, "Other"/"Prefer to self-describe:
    /// …" → `SelfDescribed`, "Prefer not to say"/"Decline to answer" →
    /// `PreferNotToSay`, and the serde names. `None` for blank or
    /// unrecognised text (the caller decides whether that is an error).
    pub fn parse(input: &str) -> Option<Gender> {
        let key: String = fold(input).chars().filter(|c| *c != ' ').collect();
        let gender = match key.as_str() {
            "woman" | "women" | "female" | "f" | "w" | "ciswoman" | "transwoman" | "femme" => {
                Gender::Woman
            }
            "man" | "men" | "male" | "m" | "cisman" | "transman" => Gender::Man,
            "nonbinary" | "nb" | "enby" | "genderqueer" | "nonbinarygenderqueer" => {
                Gender::NonBinary
            }
            "selfdescribed"
            | "selfdescribe"
            | "prefertoselfdescribe"
            | "other"
            | "another"
            | "notlisted"
            | "notlistedhere" => Gender::SelfDescribed,
            "prefernottosay"
            | "prefernottoanswer"
            | "prefernottodisclose"
            | "prefernot"
            | "rathernotsay"
            | "declinetoanswer"
            | "declinetostate"
            | "declined"
            | "undisclosed"
            | "notdisclosed" => Gender::PreferNotToSay,
            _ if key.starts_with("prefertoselfdescribe")
                || key.starts_with("selfdescribe")
                || key.starts_with("other") =>
            {
                Gender::SelfDescribed
            }
            _ => return None,
        };
        Some(gender)
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A registration field value that cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// The gender text is not one of the recognised spellings.
    #[error(
        "unrecognised gender {0:?}; expected woman, man, non-binary, self-described or prefer not to say"
    )]
    Gender(String),
    /// A required text field is blank.
    #[error("{field} is required")]
    Blank {
        /// Which field.
        field: &'static str,
    },
    /// A text field is longer than allowed.
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// The limit, in characters.
        max: usize,
    },
    /// A text field contains control characters.
    #[error("{field} contains control characters")]
    ControlCharacters {
        /// Which field.
        field: &'static str,
    },
}

impl FromStr for Gender {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Gender::parse(s).ok_or_else(|| FieldError::Gender(s.trim().to_owned()))
    }
}

/// Whether `email` is a plausible address: pragmatic, not RFC 5322.
///
/// Accepted: `local@domain` after trimming, at most 254 characters; the local
/// part is 1–64 characters from letters, digits and ``!#$%&'*+-/=?^_`{|}~.``,
/// without leading, trailing or doubled dots; the domain has at least two
/// dot-separated labels of 1–63 letters, digits or hyphens, no label starts
/// or ends with a hyphen, and the last label is at least two characters and
/// not all digits. Letters may be non-ASCII (internationalised addresses).
/// Rejected on purpose: quoted local parts, comments and IP-literal domains,
/// which registration forms never legitimately produce.
pub fn valid_email(email: &str) -> bool {
    let email = email.trim();
    if email.chars().count() > 254 {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    valid_local(local) && valid_domain(domain)
}

fn valid_local(local: &str) -> bool {
    let len = local.chars().count();
    (1..=64).contains(&len)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || domain.chars().count() > 253 {
        return false;
    }
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.chars().count())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(label_ok)
        && tld.chars().count() >= 2
        && !tld.chars().all(|c| c.is_ascii_digit())
}

/// The key under which an address is unique: trimmed and lowercased, so
/// "Ana@Example.org " and "ana@example.org" are one registrant.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Cleans a free-text field (a name, an organisation): trims, collapses
/// runs of whitespace to one space, and rejects blank values, control
/// characters and values longer than `max` characters.
pub fn clean_text(field: &'static str, value: &str, max: usize) -> Result<String, FieldError> {
    if value.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(FieldError::ControlCharacters { field });
    }
    let cleaned = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(FieldError::Blank { field });
    }
    if cleaned.chars().count() > max {
        return Err(FieldError::TooLong { field, max });
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests;
