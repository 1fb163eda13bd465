//! Structural checks of the Markdown: contributions cannot change its shape.

use roundtable_export::markdown;

use crate::fixture::{self, OBJ1, OBJ7, OBJ17, OBJ23, QUESTIONS};

#[test]
fn the_only_headings_are_the_documents_own_and_empty_sections_are_skipped() {
    let doc = fixture::doc();
    let md = markdown(&doc);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    let q = |i: usize| format!("#### {}", QUESTIONS[i].1);
    let expected = [
        format!("# {}", doc.consultation.title),
        "## Working Group 1".into(),
        format!("### Objective 1: {OBJ1}"),
        q(0),
        q(4),
        format!("### Objective 23: {OBJ23}"),
        q(1),
        q(3),
        q(4),
        "## Working Group 2".into(),
        format!("### Objective 7: {OBJ7}"),
        q(1),
        format!("### Objective 17: {OBJ17}"),
        format!("### Objective 23: {OBJ23}"),
        q(4),
    ];
    assert_eq!(headings, expected);
}

#[test]
fn list_lines_are_exactly_the_contributions_merges_and_notes() {
    let md = markdown(&fixture::doc());
    let top = md.lines().filter(|l| l.starts_with("- ")).count();
    let nested = md.lines().filter(|l| l.starts_with("  - ")).count();
    assert_eq!(top, 15, "one bullet per contribution");
    assert_eq!(nested, 5, "3 merged originals and 2 non-blank notes");
    let other_list_like = md
        .lines()
        .filter(|l| !l.starts_with("- ") && !l.starts_with("  - "))
        .filter(|l| {
            l.trim_start().starts_with(['-', '+', '>', '<', '`', '~'])
                || l.starts_with("* ")
                || l.starts_with(char::is_numeric)
        })
        .count();
    assert_eq!(other_list_like, 0);
}

#[test]
fn injected_markup_is_shown_as_text() {
    let md = markdown(&fixture::doc());
    let line = md
        .lines()
        .find(|l| l.contains("Heading injection"))
        .unwrap();
    assert_eq!(
        line,
        "- \\# Heading injection - fake list item 1. fake numbered item > quote \\<script>alert(1)\\</script> \\[link\\](http://evil.example) (5 votes)"
    );
    assert!(
        !md.contains("<script") || md.matches("\\<script").count() == md.matches("<script").count()
    );
    assert!(md.contains("\n\n\\# Not a heading: the second paragraph starts with a hash.\n"));
}

#[test]
fn vote_counts_key_points_merges_and_notes_read_as_documented() {
    let md = markdown(&fixture::doc());
    assert!(md.contains(
        "- **Key point:** Labour migration data is still not disaggregated by sex and age. (7 votes)\n\
         \x20 - Merged: Age and gender breakdowns are missing from labour statistics.\n\
         \x20 - Merged: No sex-disaggregated data on labour migrants.\n\
         \x20 - Rapporteur's note: Raised in both rounds of discussion.\n"
    ), "{md}");
    assert!(md.contains("- Some countries now publish quarterly migration statistics. (1 vote)\n"));
    assert!(
        md.contains("- Twin cities of origin and destination.\n"),
        "no count for 0 votes"
    );
    assert!(md.contains("**Rapporteur's summary.** Data gaps dominate. Participants agreed"));
}

#[test]
fn an_export_with_nothing_recorded_says_so_in_one_line() {
    let md = markdown(&fixture::empty_doc());
    assert!(
        md.ends_with(
            "\n\nNo contributions or rapporteur summaries were recorded for this scope.\n"
        )
    );
    assert_eq!(md.lines().filter(|l| l.starts_with('#')).count(), 1);
}

#[test]
fn a_scoped_export_shows_only_its_scope() {
    let md = markdown(&fixture::scoped_doc());
    assert!(md.contains("**Scope:** Working Group 2, objective 23\n"));
    assert!(md.contains("**Date:** 3 February 2021 (Asia/Bangkok)\n"));
    assert!(!md.contains("Working Group 1"));
    assert!(!md.contains("Objective 7"));
    assert!(md.contains("Twin cities"));
}
