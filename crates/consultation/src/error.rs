//! [`ConfigError`]: what is wrong with a consultation file, and where.

use std::fmt;
use std::ops::Range;

use serde_path_to_error::Segment;

/// Marker that `toml::Spanned` puts in the serde path; never shown to users.
const SPANNED_KEY_PREFIX: &str = "$__serde_spanned_private";

/// An invalid consultation file: which file, which field, which line, and why.
///
/// `Display` renders `"{file}:{line}: {field}: {message}"`, for example
/// `gcm.toml:42: groups[1].objectives[2]: unknown objective 24 (defined: 1, 3, 7, 17, 23)`.
/// `:{line}` is left out when the line is unknown (for example a required
/// top-level field that is missing), and `{field}: ` is left out when the
/// error is not about one field (a TOML syntax error, or a file that cannot be
/// read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file name the consultation was loaded from (the `origin` given to
    /// [`Consultation::from_toml_str`](crate::Consultation::from_toml_str)).
    pub file: String,
    /// Path to the offending field, with 0-based indices into arrays of
    /// tables, e.g. `"agenda[2].start"` or `"groups[1].objectives[2]"`.
    /// Empty when the error is not about one field.
    pub field: String,
    /// The 1-based line of the offending value, where known.
    pub line: Option<usize>,
    /// What is wrong, in words meant for the person editing the file.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The file being read: turns byte spans into line numbers for errors.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    pub(crate) file: &'a str,
}

impl Source<'_> {
    /// An error about `field`, located at the start of `span`.
    pub(crate) fn error(
        &self,
        field: impl Into<String>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            file: self.file.to_owned(),
            field: field.into(),
            line: span.map(|span| line_at(self.text, span.start)),
            message: message.into(),
        }
    }

    /// Converts an error from the TOML parser (before any field is read).
    pub(crate) fn syntax_error(&self, err: &toml::de::Error) -> ConfigError {
        let mut message = err.message().to_owned();
        if message == "duplicate key" {
            // The parser does not say which key; the span does.
            if let Some(key) = err.span().and_then(|span| self.text.get(span)) {
                message = format!("duplicate key `{}`", key.trim());
            }
        }
        self.error("", err.span(), message)
    }

    /// Converts a type error, unknown field or missing field found while
    /// reading the parsed TOML into the raw structs.
    pub(crate) fn field_error(
        &self,
        err: serde_path_to_error::Error<toml::de::Error>,
    ) -> ConfigError {
        let mut field = display_path(err.path());
        let inner = err.into_inner();
        let mut span = inner.span();
        let mut message = inner.message().to_owned();
        if let Some(missing) = backticked(&message, "missing field ") {
            // serde reports the table that lacks the field; name the field
            // itself. The span is the table's header: a useful line for
            // `[[agenda]]` items, but meaningless at the top of the file.
            if field.is_empty() {
                span = None;
            }
            field = join(&field, missing);
            message = "this required field is missing".to_owned();
        } else if message.starts_with("invalid type: map, expected")
            && span.as_ref().is_some_and(|s| self.starts_with_digit(s))
        {
            // toml hands an unquoted date or time (`date = 2021-02-03`,
            // `start = 11:00`) to serde as a map; say what to write instead.
            message = "dates and times must be quoted strings, e.g. \
                 date = \"2021-02-03\", start = \"11:00\", \
                 deadline = \"2021-01-31 24:00\""
                .to_owned();
        }
        self.error(field, span, message)
    }

    fn starts_with_digit(&self, span: &Range<usize>) -> bool {
        self.text
            .get(span.clone())
            .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_digit()))
    }
}

/// The 1-based line on which byte `offset` of `text` lies.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Renders a serde path as `groups[1].objectives[2]`, hiding the internal
/// keys that `toml::Spanned` adds.
fn display_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } if key.starts_with(SPANNED_KEY_PREFIX) => {}
            Segment::Map { key } => out = join(&out, key),
            Segment::Enum { variant } => out = join(&out, variant),
            Segment::Unknown => out = join(&out, "?"),
        }
    }
    out
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// `backticked("missing field `x`", "missing field ")` is `Some("x")`.
fn backticked<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message
        .strip_prefix(prefix)?
        .strip_prefix('`')?
        .split('`')
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: Option<usize>, field: &str) -> ConfigError {
        ConfigError {
            file: "c.toml".into(),
            field: field.into(),
            line,
            message: "bad".into(),
        }
    }

    #[test]
    fn display_has_file_line_field_and_message() {
        assert_eq!(
            err(Some(7), "agenda[2].start").to_string(),
            "c.toml:7: agenda[2].start: bad"
        );
    }

    #[test]
    fn display_omits_unknown_line_and_empty_field() {
        assert_eq!(err(None, "title").to_string(), "c.toml: title: bad");
        assert_eq!(err(Some(3), "").to_string(), "c.toml:3: bad");
    }

    #[test]
    fn line_at_counts_newlines_before_offset() {
        let text = "a\nbb\nccc";
        assert_eq!(line_at(text, 0), 1);
        assert_eq!(line_at(text, 1), 1);
        assert_eq!(line_at(text, 2), 2);
        assert_eq!(line_at(text, 5), 3);
        assert_eq!(line_at(text, 999), 3);
    }

    #[test]
    fn backticked_extracts_the_name() {
        assert_eq!(
            backticked("missing field `slug`", "missing field "),
            Some("slug")
        );
        assert_eq!(backticked("unknown field `x`", "missing field "), None);
    }
}
