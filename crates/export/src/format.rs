//! Export formats: names, extensions, content types and file names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{ExportDoc, Scope};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark Markdown, UTF-8.
    #[serde(rename = "md", alias = "markdown")]
    Markdown,
    /// RFC 4180 CSV, UTF-8 with a byte-order mark, CRLF line endings.
    Csv,
    /// JSON described by `docs/export-schema.json`.
    Json,
    /// Office Open XML word-processing document.
    Docx,
}

impl Format {
    /// Every format, in the order the product lists them.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Csv, Format::Json, Format::Docx];

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Docx => "docx",
        }
    }

    /// The HTTP `Content-Type` of the rendered bytes.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::Json => "application/json",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// A format name that is none of `md`, `markdown`, `csv`, `json`, `docx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown export format {:?}: expected md, markdown, csv, json or docx",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parses a format name, ignoring ASCII case and a leading dot.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        let name = name.strip_prefix('.').unwrap_or(name).to_ascii_lowercase();
        match name.as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "docx" => Ok(Format::Docx),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// A download file name for `doc` in `format`, e.g.
/// `gcm-ap-4-notes-wg1-objective-23.docx`: the consultation slug, the scope
/// and the extension, reduced to ASCII letters, digits and dashes.
pub fn file_name(doc: &ExportDoc, format: Format) -> String {
    let scope = match &doc.scope {
        Scope::Consultation => String::new(),
        Scope::Group { slug } => format!("-{slug}"),
        Scope::Objective { number } => format!("-objective-{number}"),
        Scope::GroupObjective { slug, number } => format!("-{slug}-objective-{number}"),
    };
    let stem = format!("{}-notes{scope}", doc.consultation.slug);
    let mut clean = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if !(c == '-' && (clean.is_empty() || clean.ends_with('-'))) {
            clean.push(c);
        }
    }
    let clean = clean.trim_end_matches('-');
    let clean = if clean.is_empty() { "notes" } else { clean };
    format!("{clean}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ConsultationInfo;

    #[test]
    fn format_parses_names_and_aliases() {
        for (name, format) in [
            ("md", Format::Markdown),
            ("Markdown", Format::Markdown),
            (".CSV", Format::Csv),
            ("json", Format::Json),
            (" docx ", Format::Docx),
        ] {
            assert_eq!(name.parse::<Format>(), Ok(format), "{name}");
        }
        let err = "pdf".parse::<Format>().unwrap_err();
        assert!(err.to_string().contains("\"pdf\""), "{err}");
    }

    #[test]
    fn format_round_trips_through_its_extension_and_serde() {
        for format in Format::ALL {
            assert_eq!(format.extension().parse::<Format>(), Ok(format));
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.extension()));
            assert_eq!(serde_json::from_str::<Format>(&json).unwrap(), format);
        }
        assert_eq!(
            serde_json::from_str::<Format>("\"markdown\"").unwrap(),
            Format::Markdown
        );
    }

    #[test]
    fn file_name_names_consultation_scope_and_extension() {
        let mut doc = ExportDoc {
            consultation: ConsultationInfo {
                slug: "GCM AP/4".into(),
                title: String::new(),
                date: String::new(),
                time_zone: String::new(),
            },
            scope: Scope::GroupObjective {
                slug: "wg1".into(),
                number: 23,
            },
            chatham_house: String::new(),
            groups: vec![],
        };
        assert_eq!(
            file_name(&doc, Format::Docx),
            "gcm-ap-4-notes-wg1-objective-23.docx"
        );
        doc.scope = Scope::Consultation;
        assert_eq!(file_name(&doc, Format::Markdown), "gcm-ap-4-notes.md");
        doc.consultation.slug = "../..".into();
        assert_eq!(file_name(&doc, Format::Csv), "notes.csv");
    }
}
