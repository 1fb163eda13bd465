//! RFC 4180 CSV rendering, safe to open in a spreadsheet.

use crate::ExportDoc;
use crate::view;

/// The header row.
pub(crate) const COLUMNS: [&str; 9] = [
    "group",
    "objective",
    "review_question",
    "id",
    "text",
    "votes",
    "key_point",
    "merged_into",
    "note",
];

/// Renders one row per contribution, merged originals included, as RFC 4180
/// CSV: UTF-8 with a byte-order mark (so Excel reads the text as UTF-8),
/// CRLF line endings, fields quoted only when they need it.
///
/// Columns: `group` (name), `objective` (number), `review_question` (text),
/// `id`, `text`, `votes`, `key_point` (`yes`/`no`), `merged_into` (the id of
/// the surviving item, on a merged original's row), `note`. A surviving
/// item's `votes` is the sum over it and its originals, whose own `votes` are
/// blank. Each survivor's row is followed by its originals' rows.
///
/// A field that a spreadsheet could run as a formula (one starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) is
/// prefixed with `'`, so "+66 2 123 4567" arrives as `'+66 2 123 4567`.
pub fn csv(doc: &ExportDoc) -> String {
    let shown = view::prepare(doc);
    let mut out = String::from("\u{feff}");
    row(&mut out, &COLUMNS);
    for group in &shown.groups {
        for objective in &group.objectives {
            let number = objective.number.to_string();
            for question in &objective.questions {
                for item in &question.items {
                    let votes = item.votes.to_string();
                    let key_point = if item.key_point { "yes" } else { "no" };
                    let note = item.note.as_deref().unwrap_or_default();
                    row(
                        &mut out,
                        &[
                            &group.name,
                            &number,
                            &question.text,
                            &item.id,
                            &item.text,
                            &votes,
                            key_point,
                            "",
                            note,
                        ],
                    );
                    for original in &item.merged {
                        row(
                            &mut out,
                            &[
                                &group.name,
                                &number,
                                &question.text,
                                &original.id,
                                &original.text,
                                "",
                                "no",
                                &item.id,
                                "",
                            ],
                        );
                    }
                }
            }
        }
    }
    out
}

fn row(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, field);
    }
    out.push_str("\r\n");
}

/// Appends one field: neutralised against formula injection, then quoted
/// (with inner quotes doubled) if it holds a comma, quote or line break.
fn push_field(out: &mut String, field: &str) {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);
    let quote = field.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, text);
        out
    }

    #[test]
    fn plain_fields_are_written_as_they_are() {
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field(""), "");
        assert_eq!(field("การย้ายถิ่น"), "การย้ายถิ่น");
    }

    #[test]
    fn fields_with_separators_quotes_or_breaks_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\r\nlines"), "\"two\r\nlines\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formula_like_fields_are_neutralised() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+66 2 123 4567"), "'+66 2 123 4567");
        assert_eq!(field("-note"), "'-note");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("＝1+1"), "'＝1+1");
        assert_eq!(
            field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("a = b"), "a = b");
    }
}
