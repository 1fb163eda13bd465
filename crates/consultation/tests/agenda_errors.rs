//! Errors in the day, the zone, the agenda and the registration deadline.

mod common;

use common::*;

#[test]
fn unknown_time_zone_is_rejected() {
    let src = edit("\"Asia/Bangkok\"", "\"Asia/Bangkk\"");
    assert_rejected(
        &src,
        "time_zone",
        "Asia/Bangkk",
        "unknown time zone \"Asia/Bangkk\"",
    );
}

#[test]
fn impossible_date_is_rejected() {
    let src = edit("\"2021-02-03\"", "\"2021-02-30\"");
    assert_rejected(&src, "date", "2021-02-30", "no day 30 in month 2");
    let src = edit("\"2021-02-03\"", "\"3 February 2021\"");
    assert_rejected(&src, "date", "3 February", "YYYY-MM-DD");
}

#[test]
fn hour_out_of_range_is_rejected() {
    let src = edit("start = \"11:00\"", "start = \"25:00\"");
    assert_rejected(
        &src,
        "agenda[0].start",
        "25:00",
        "hour 25 is out of range 00-23",
    );
}

#[test]
fn minute_out_of_range_is_rejected() {
    let src = edit("end = \"11:45\"", "end = \"11:60\"");
    assert_rejected(&src, "agenda[0].end", "11:60", "minute 60 is out of range");
}

#[test]
fn malformed_time_is_rejected_with_the_expected_format() {
    let src = edit("start = \"11:00\"", "start = \"11h\"");
    assert_rejected(&src, "agenda[0].start", "11h", "expected \"HH:MM\"");
    let src = edit("end = \"14:30\"", "end = \"2:30 pm\"");
    assert_rejected(&src, "agenda[2].end", "2:30 pm", "expected \"HH:MM\"");
}

#[test]
fn end_of_day_24_00_is_rejected_in_the_agenda() {
    let src = edit("end = \"14:30\"", "end = \"24:00\"");
    assert_rejected(
        &src,
        "agenda[2].end",
        "end = \"24:00\"",
        "only allowed in registration.deadline",
    );
}

#[test]
fn item_ending_before_it_starts_would_wrap_past_midnight() {
    let src = edit(
        "start = \"13:30\"\nend = \"14:30\"",
        "start = \"23:30\"\nend = \"00:30\"",
    );
    assert_rejected(&src, "agenda[2].end", "00:30", "cannot run past midnight");
}

#[test]
fn item_of_zero_length_is_rejected() {
    let src = edit("end = \"14:30\"", "end = \"13:30\" # zero");
    assert_rejected(&src, "agenda[2].end", "# zero", "must end after it starts");
}

#[test]
fn overlapping_items_are_rejected_at_the_later_start() {
    let src = edit("start = \"11:45\"", "start = \"11:30\"");
    assert_rejected(
        &src,
        "agenda[1].start",
        "11:30",
        "before agenda[0] (\"Opening plenary\") ends at 11:45",
    );
}

#[test]
fn items_out_of_order_are_rejected() {
    let src = edit(
        "start = \"13:30\"\nend = \"14:30\"",
        "start = \"09:00\"\nend = \"10:00\"",
    );
    assert_rejected(&src, "agenda[2].start", "09:00", "must be in time order");
}

#[test]
fn gaps_between_items_are_allowed_as_breaks() {
    let src = edit("start = \"13:30\"", "start = \"13:45\"");
    let c = parse(&src);
    assert!(c.agenda[2].start > c.agenda[1].end);
}

#[test]
fn agenda_without_a_plenary_is_rejected() {
    let src = edit(
        "kind = \"plenary\"\ntitle = \"Opening",
        "kind = \"working_groups\"\ntitle = \"Opening",
    );
    let src = replace(&src, "kind = \"plenary\"", "kind = \"working_groups\"");
    assert_rejected(
        &src,
        "agenda",
        "[[agenda]]\nkind = \"working_groups\"\ntitle = \"Opening",
        "at least one item with kind = \"plenary\"",
    );
}

#[test]
fn empty_agenda_is_rejected() {
    let start = BASE.find("[[agenda]]").unwrap();
    let end = BASE.find("[[objectives]]").unwrap();
    let src = format!("{}{}", &BASE[..start], &BASE[end..]);
    let src = replace(
        &src,
        "date = \"2021-02-03\"\n",
        "date = \"2021-02-03\"\nagenda = []\n",
    );
    assert_rejected(&src, "agenda", "agenda = []", "at least one item");
}

#[test]
fn working_groups_item_needs_a_group() {
    let start = BASE.find("[[groups]]").unwrap();
    let end = BASE.find("[[review_questions]]").unwrap();
    let src = format!("{}{}", &BASE[..start], &BASE[end..]);
    assert_rejected(
        &src,
        "agenda[1].kind",
        "working_groups",
        "needs at least one [[groups]] entry",
    );
}

#[test]
fn agenda_title_must_not_be_blank() {
    let src = edit("title = \"Closing plenary\"", "title = \"  \"");
    assert_rejected(&src, "agenda[2].title", "\"  \"", "must not be empty");
}

#[test]
fn local_time_skipped_by_daylight_saving_is_rejected() {
    let src = edit("\"Asia/Bangkok\"", "\"America/New_York\"");
    let src = replace(&src, "\"2021-02-03\"", "\"2021-03-14\"");
    let src = replace(&src, "start = \"11:00\"", "start = \"02:30\"");
    assert_rejected(
        &src,
        "agenda[0].start",
        "02:30",
        "does not exist in America/New_York",
    );
}

#[test]
fn agenda_instants_follow_the_zone() {
    let src = edit("\"Asia/Bangkok\"", "\"Europe/Paris\"");
    let c = parse(&src);
    assert_eq!(c.agenda[0].start.to_string(), "2021-02-03T10:00:00Z");
    assert_eq!(c.registration.deadline.to_string(), "2021-01-31T23:00:00Z");
}

#[test]
fn deadline_after_the_event_starts_is_rejected() {
    let src = edit("\"2021-01-31 24:00\"", "\"2021-02-03 11:01\"");
    assert_rejected(
        &src,
        "registration.deadline",
        "2021-02-03 11:01",
        "after the consultation starts",
    );
    let src = edit("\"2021-01-31 24:00\"", "\"2021-02-03 24:00\"");
    assert_rejected(
        &src,
        "registration.deadline",
        "2021-02-03 24:00",
        "after the consultation starts",
    );
}

#[test]
fn deadline_at_the_event_start_is_allowed() {
    let c = parse(&edit("\"2021-01-31 24:00\"", "\"2021-02-03 11:00\""));
    assert_eq!(c.registration.deadline, c.agenda[0].start);
}

#[test]
fn deadline_24_00_is_the_end_of_that_day_in_the_zone() {
    let c = parse(BASE);
    assert_eq!(c.registration.deadline.to_string(), "2021-01-31T17:00:00Z");
    assert_eq!(c.registration.deadline_local, "2021-01-31 24:00");
}

#[test]
fn malformed_deadline_is_rejected() {
    let src = edit("\"2021-01-31 24:00\"", "\"31 January 2021\"");
    assert_rejected(
        &src,
        "registration.deadline",
        "31 January",
        "expected \"YYYY-MM-DD HH:MM\"",
    );
    let src = edit("\"2021-01-31 24:00\"", "\"2021-01-31 24:30\"");
    assert_rejected(
        &src,
        "registration.deadline",
        "24:30",
        "hour 24 is out of range",
    );
}

#[test]
fn cap_below_one_is_rejected() {
    let src = edit("per_organisation_cap = 2", "per_organisation_cap = 0");
    assert_rejected(
        &src,
        "registration.per_organisation_cap",
        "per_organisation_cap",
        "at least 1",
    );
}
