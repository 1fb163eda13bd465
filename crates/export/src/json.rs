//! JSON rendering, described by `docs/export-schema.json`.

use serde::Serialize;

use crate::ExportDoc;
use crate::view;

/// The `format_version` of the JSON export. It changes only when a change
/// could break a consumer (a field removed, renamed or retyped); added fields
/// keep the version.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    format_version: u32,
    #[serde(flatten)]
    doc: &'a ExportDoc,
}

/// Renders the notes as pretty-printed JSON: `format_version`, then the
/// [`ExportDoc`] fields, with empty sections left out and contributions in
/// export order, as in every other format. Absent summaries and notes are
/// `null`. The text is as given (not collapsed to one line).
pub fn json(doc: &ExportDoc) -> String {
    let shown = view::prepare(doc);
    let envelope = Envelope {
        format_version: FORMAT_VERSION,
        doc: &shown,
    };
    let mut out =
        serde_json::to_string_pretty(&envelope).expect("an export document always serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConsultationInfo, Scope};

    #[test]
    fn envelope_starts_with_the_format_version_and_parses_back() {
        let doc = ExportDoc {
            consultation: ConsultationInfo {
                slug: "c".into(),
                title: "T".into(),
                date: "2021-02-03".into(),
                time_zone: "Asia/Bangkok".into(),
            },
            scope: Scope::Objective { number: 23 },
            chatham_house: "Held under the Chatham House Rule.".into(),
            groups: vec![],
        };
        let text = json(&doc);
        assert!(text.starts_with("{\n  \"format_version\": 1,\n"), "{text}");
        let back: ExportDoc = serde_json::from_str(&text).unwrap();
        assert_eq!(back, doc);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["scope"],
            serde_json::json!({"kind": "objective", "number": 23})
        );
    }
}
