//! The CSV export read back by a strict RFC 4180 reader.

use roundtable_export::csv;

use crate::fixture;

/// Splits RFC 4180 text (CRLF records, `"`-quoted fields) into records,
/// panicking on anything a strict reader would reject.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                assert!(
                    matches!(chars.peek(), Some(',' | '\r') | None),
                    "text after a closing quote"
                );
            }
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("bare LF ends a record"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    assert!(
        record.is_empty() && field.is_empty(),
        "last record lacks CRLF"
    );
    records
}

fn rows() -> Vec<Vec<String>> {
    let text = csv(&fixture::doc());
    let body = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a UTF-8 BOM");
    parse(body)
}

#[test]
fn csv_has_the_documented_header_and_nine_fields_per_row() {
    let rows = rows();
    assert_eq!(
        rows[0],
        [
            "group",
            "objective",
            "review_question",
            "id",
            "text",
            "votes",
            "key_point",
            "merged_into",
            "note"
        ]
    );
    for row in &rows {
        assert_eq!(row.len(), 9, "{row:?}");
    }
}

#[test]
fn csv_has_one_row_per_contribution_including_merged_originals() {
    let doc = fixture::doc();
    let mut expected = 0;
    for group in &doc.groups {
        for objective in &group.objectives {
            for question in &objective.questions {
                for item in &question.items {
                    expected += 1 + item.merged.len();
                }
            }
        }
    }
    assert_eq!(rows().len() - 1, expected);
}

#[test]
fn merged_originals_point_at_their_survivor_which_carries_the_summed_votes() {
    let rows = rows();
    let original = rows
        .iter()
        .find(|r| r[3] == "f0e9d8c7-b6a5-4943-8271-605f4e3d2c1b")
        .expect("merged original has its own row");
    let survivor_id = "c4a1e3f2-7b1d-4c2e-9a55-3f0d2b6e8a11";
    assert_eq!(original[7], survivor_id);
    assert_eq!(
        original[5], "",
        "an original's votes are counted in its survivor"
    );
    let survivor = rows.iter().find(|r| r[3] == survivor_id).unwrap();
    assert_eq!((survivor[5].as_str(), survivor[6].as_str()), ("7", "yes"));
    assert_eq!(survivor[7], "");
}

#[test]
fn no_cell_can_start_a_spreadsheet_formula() {
    let rows = rows();
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "cell {cell:?} could run as a formula"
        );
    }
    let texts: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert!(
        texts.contains(&format!("'{}", fixture::HYPERLINK).as_str()),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("'+66 2 ")));
    assert!(texts.iter().any(|t| t.starts_with("'-note: ")));
    assert!(texts.iter().any(|t| t.starts_with("'\tTabbed")));
    assert!(rows.iter().any(|r| r[8].starts_with("'@x ")));
}

#[test]
fn csv_keeps_text_exactly_apart_from_the_formula_guard() {
    let rows = rows();
    let texts: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert!(texts.contains(&fixture::INJECTION));
    assert!(texts.contains(&fixture::XML_SPECIALS));
}

#[test]
fn csv_has_no_author_or_time_columns() {
    let header = &rows()[0];
    for forbidden in [
        "author",
        "name",
        "email",
        "organisation",
        "time",
        "created",
        "timestamp",
    ] {
        assert!(!header.iter().any(|h| h.contains(forbidden)), "{forbidden}");
    }
}
