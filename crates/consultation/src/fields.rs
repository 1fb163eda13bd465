//! Rules shared by every field: required text, slugs and keys, no duplicates.

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;

use toml::Spanned;

use crate::error::{ConfigError, Source};

type Result<T> = std::result::Result<T, ConfigError>;

/// Rejects an empty list; `what` names one element.
pub(crate) fn non_empty<T>(
    src: Source<'_>,
    field: &str,
    raw: &Spanned<Vec<T>>,
    what: &str,
) -> Result<()> {
    if raw.get_ref().is_empty() {
        return Err(src.error(
            field,
            Some(raw.span()),
            format!("at least one {what} is required"),
        ));
    }
    Ok(())
}

/// A required free-text value: anything but blank.
pub(crate) fn text(src: Source<'_>, field: &str, raw: &Spanned<String>) -> Result<String> {
    if raw.get_ref().trim().is_empty() {
        return Err(src.error(field, Some(raw.span()), "must not be empty"));
    }
    Ok(raw.get_ref().clone())
}

/// A slug or key, used in URLs and exports: `^[a-z0-9][a-z0-9-]*$`.
pub(crate) fn slug(
    src: Source<'_>,
    field: &str,
    raw: &Spanned<String>,
    what: &str,
) -> Result<String> {
    let s = raw.get_ref();
    if !is_slug(s) {
        return Err(src.error(
            field,
            Some(raw.span()),
            format!(
                "invalid {what} {s:?}: use lowercase letters a-z, digits 0-9 and '-', \
                 starting with a letter or digit"
            ),
        ));
    }
    Ok(s.clone())
}

/// Whether `s` matches `^[a-z0-9][a-z0-9-]*$`.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Values seen so far in one list, to report duplicates with both places.
pub(crate) struct Seen<K> {
    first: HashMap<K, (String, Option<usize>)>,
}

impl<K> Default for Seen<K> {
    fn default() -> Self {
        Self {
            first: HashMap::new(),
        }
    }
}

impl<K: Eq + Hash + Clone + Debug> Seen<K> {
    pub(crate) fn insert(
        &mut self,
        src: Source<'_>,
        what: &str,
        field: &str,
        value: &Spanned<K>,
    ) -> Result<()> {
        let here = src.error(field, Some(value.span()), "");
        if let Some((first_field, first_line)) = self.first.get(value.get_ref()) {
            let line = first_line
                .map(|l| format!(" on line {l}"))
                .unwrap_or_default();
            return Err(ConfigError {
                message: format!(
                    "duplicate {what} {:?} (first used by {first_field}{line})",
                    value.get_ref()
                ),
                ..here
            });
        }
        self.first
            .insert(value.get_ref().clone(), (field.to_owned(), here.line));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_slug;

    #[test]
    fn slugs_are_lowercase_ascii_words_joined_by_hyphens() {
        for ok in ["wg1", "gcm-asia-pacific-2021-4", "1", "a-"] {
            assert!(is_slug(ok), "{ok:?}");
        }
        for bad in ["", "-wg", "WG1", "wg 1", "wg_1", "wé", "wg1\n"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }
}
