//! Snapshot tests: every format of the fixture against `tests/golden/`.

use std::path::PathBuf;

use roundtable_export::{Format, csv, docx, json, markdown, render, sort_items};

use crate::docx_package::Package;
use crate::fixture;

/// Compares `actual` with the golden file `name`, or rewrites the golden
/// file when `UPDATE_GOLDEN=1`.
pub fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "reading {}: {e}; create it with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let (line, (want, got)) = expected
            .split('\n')
            .zip(actual.split('\n'))
            .enumerate()
            .find(|(_, (want, got))| want != got)
            .unwrap_or((
                expected.lines().count().min(actual.lines().count()),
                ("<end>", "<end>"),
            ));
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {want:?}\n  actual: {got:?}\n\
             If the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.",
            line + 1
        );
    }
}

#[test]
fn markdown_matches_golden() {
    check("notes.md", &markdown(&fixture::doc()));
}

#[test]
fn markdown_of_one_group_objective_matches_golden() {
    check("wg2-objective-23.md", &markdown(&fixture::scoped_doc()));
}

#[test]
fn markdown_with_nothing_recorded_matches_golden() {
    check("empty.md", &markdown(&fixture::empty_doc()));
}

#[test]
fn csv_matches_golden() {
    check("notes.csv", &csv(&fixture::doc()));
}

#[test]
fn json_matches_golden() {
    check("notes.json", &json(&fixture::doc()));
}

#[test]
fn docx_document_xml_matches_golden() {
    let package = Package::open(&docx(&fixture::doc()));
    check("notes.document.xml", package.text("word/document.xml"));
}

#[test]
fn render_gives_each_formats_bytes() {
    let doc = fixture::doc();
    assert_eq!(render(&doc, Format::Markdown), markdown(&doc).into_bytes());
    assert_eq!(render(&doc, Format::Csv), csv(&doc).into_bytes());
    assert_eq!(render(&doc, Format::Json), json(&doc).into_bytes());
    assert_eq!(render(&doc, Format::Docx), docx(&doc));
}

#[test]
fn every_format_is_byte_for_byte_deterministic() {
    for format in Format::ALL {
        assert_eq!(
            render(&fixture::doc(), format),
            render(&fixture::doc(), format),
            "{format}"
        );
    }
}

#[test]
fn no_format_depends_on_the_order_items_arrive_in() {
    let doc = fixture::doc();
    let mut shuffled = doc.clone();
    for group in &mut shuffled.groups {
        for objective in &mut group.objectives {
            for question in &mut objective.questions {
                question.items.reverse();
                let turn = question.items.len().min(1);
                question.items.rotate_left(turn);
                for item in &mut question.items {
                    item.merged.reverse();
                }
            }
        }
    }
    assert_ne!(doc, shuffled, "the shuffle must change something");
    for format in Format::ALL {
        assert_eq!(render(&doc, format), render(&shuffled, format), "{format}");
    }
}

#[test]
fn exports_list_items_in_sort_order() {
    let doc = fixture::doc();
    let mut items = doc.groups[0].objectives[0].questions[0].items.clone();
    sort_items(&mut items);
    let md = markdown(&doc);
    let positions: Vec<usize> = items
        .iter()
        .map(|item| md.find(&item.text).expect("item text is in the Markdown"))
        .collect();
    assert!(positions.is_sorted(), "{positions:?}");
    assert!(items[0].key_point);
}
