//! Errors found while reading the TOML itself: syntax, types, unknown and
//! missing fields. Each names the file, the field and the line.

mod common;

use common::*;

#[test]
fn base_document_is_valid() {
    let c = parse(BASE);
    assert_eq!(c.slug, "test-consultation");
    assert_eq!(c.group("wg2").unwrap().capacity, Some(40));
}

#[test]
fn syntax_error_names_the_line_and_no_field() {
    let src = edit(
        "title = \"Test consultation\"",
        "title = \"Test consultation",
    );
    let err = error(&src);
    assert_eq!(err.file, FILE);
    assert_eq!(err.field, "");
    assert_eq!(err.line, Some(line_of(&src, "title = \"Test")));
    assert!(err.message.contains("string"), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "{FILE}:{}: {}",
            line_of(&src, "title = \"Test"),
            err.message
        )
    );
}

#[test]
fn duplicate_key_is_a_syntax_error_naming_the_key() {
    let src = edit("theme = ", "title = \"Again\"\ntheme = ");
    let err = error(&src);
    assert_eq!(err.field, "");
    assert_eq!(err.line, Some(line_of(&src, "title = \"Again\"")));
    assert_eq!(err.message, "duplicate key `title`");
}

#[test]
fn wrong_type_names_the_field_path_and_line() {
    let src = edit("per_organisation_cap = 2", "per_organisation_cap = \"two\"");
    assert_rejected(
        &src,
        "registration.per_organisation_cap",
        "per_organisation_cap",
        "invalid type",
    );
}

#[test]
fn wrong_type_inside_an_array_names_the_element() {
    let src = edit("objectives = [1, 3, 23]", "objectives = [1, \"3\", 23]");
    assert_rejected(&src, "groups[0].objectives[1]", "\"3\"", "invalid type");
}

#[test]
fn negative_cap_is_a_type_error() {
    let src = edit("per_organisation_cap = 2", "per_organisation_cap = -1");
    assert_rejected(
        &src,
        "registration.per_organisation_cap",
        "per_organisation_cap",
        "-1",
    );
}

#[test]
fn unknown_field_in_a_table_array_is_named() {
    let src = edit("capacity = 40", "capacity = 40\ncolour = \"blue\"");
    assert_rejected(&src, "groups[1].colour", "colour", "unknown field `colour`");
}

#[test]
fn unknown_top_level_field_is_named() {
    let src = edit("theme = ", "venue = \"Bangkok\"\ntheme = ");
    assert_rejected(&src, "venue", "venue", "unknown field `venue`");
}

#[test]
fn unknown_field_in_registration_is_named() {
    let src = edit(
        "per_organisation_cap = 2",
        "per_organisation_cap = 2\nper_org_cap = 2",
    );
    assert_rejected(
        &src,
        "registration.per_org_cap",
        "per_org_cap = 2",
        "unknown field `per_org_cap`",
    );
}

#[test]
fn missing_field_in_a_table_array_points_at_its_header() {
    let src = edit("name = \"Working Group 2\"\n", "");
    assert_rejected(
        &src,
        "groups[1].name",
        "[[groups]]\nslug = \"wg2\"",
        "required field is missing",
    );
}

#[test]
fn missing_field_in_registration_points_at_its_header() {
    let src = edit("deadline = \"2021-01-31 24:00\"\n", "");
    assert_rejected(
        &src,
        "registration.deadline",
        "[registration]",
        "required field is missing",
    );
}

#[test]
fn wrong_type_for_an_optional_field_is_named() {
    let src = edit("capacity = 40", "capacity = \"forty\"");
    assert_rejected(&src, "groups[1].capacity", "forty", "invalid type");
}

#[test]
fn missing_top_level_field_is_named_without_a_line() {
    let src = edit("theme = \"Testing the format\"\n", "");
    let err = error(&src);
    assert_eq!(err.field, "theme");
    assert_eq!(err.line, None);
    assert_eq!(err.to_string(), format!("{FILE}: theme: {}", err.message));
}

#[test]
fn missing_agenda_is_rejected() {
    let start = BASE.find("[[agenda]]").unwrap();
    let end = BASE.find("[[objectives]]").unwrap();
    let src = format!("{}{}", &BASE[..start], &BASE[end..]);
    let err = error(&src);
    assert_eq!((err.field.as_str(), err.line), ("agenda", None));
}

#[test]
fn unknown_agenda_kind_lists_the_valid_kinds() {
    let src = edit("kind = \"working_groups\"", "kind = \"breakout\"");
    assert_rejected(&src, "agenda[1].kind", "breakout", "`working_groups`");
}

#[test]
fn unquoted_toml_dates_and_times_get_a_quoting_hint() {
    let src = edit("date = \"2021-02-03\"", "date = 2021-02-03");
    assert_rejected(&src, "date", "date = ", "must be quoted strings");
    let src = edit("start = \"11:00\"", "start = 11:00:00");
    assert_rejected(
        &src,
        "agenda[0].start",
        "11:00:00",
        "must be quoted strings",
    );
}

#[test]
fn objectives_and_groups_may_be_left_out_when_no_working_groups_are_scheduled() {
    let agenda_wg = "[[agenda]]\nkind = \"working_groups\"\ntitle = \"Working groups\"\n\
                     start = \"11:45\"\nend = \"13:30\"\n\n";
    let src = edit(agenda_wg, "");
    let start = src.find("[[objectives]]").unwrap();
    let end = src.find("[[review_questions]]").unwrap();
    let src = format!("{}{}", &src[..start], &src[end..]);
    let c = parse(&src);
    assert!(c.objectives.is_empty() && c.groups.is_empty());
    assert_eq!(c.agenda.len(), 2);
}

#[test]
fn error_display_has_file_line_field_and_message() {
    let src = edit("objectives = [1, 3, 23]", "objectives = [1, 4, 23]");
    let line = line_of(&src, "[1, 4, 23]");
    assert_eq!(
        error(&src).to_string(),
        format!(
            "test.toml:{line}: groups[0].objectives[1]: unknown objective 4 \
             (defined in [[objectives]]: 1, 3, 23)"
        )
    );
}
