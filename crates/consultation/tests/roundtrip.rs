//! Writing a consultation with `to_toml_string` and reading it back gives the
//! same consultation.

mod common;

use common::*;
use roundtable_consultation::Consultation;

fn round_trip(c: &Consultation) -> Consultation {
    Consultation::from_toml_str(&c.to_toml_string(), "written.toml")
        .unwrap_or_else(|e| panic!("{e}\n{}", c.to_toml_string()))
}

#[test]
fn base_round_trips_including_optional_capacity() {
    let c = parse(BASE);
    let again = round_trip(&c);
    assert_eq!(again, c);
    assert_eq!(again.group("wg2").unwrap().capacity, Some(40));
    assert_eq!(again.group("wg1").unwrap().capacity, None);
}

#[test]
fn awkward_text_round_trips_unchanged() {
    let mut c = parse(BASE);
    c.title = "Quotes \"\"\" and 'single' and back\\slash".into();
    c.theme = "Línea uno\nline two\n\n\tindented, trailing space ".into();
    c.chatham_house_notice = "\"Quoted\" at the start and end: \"".into();
    c.objectives[0].description = "Title\n\nParagraph with \"triple win\".".into();
    assert_eq!(round_trip(&c), c);
}

#[test]
fn deadline_is_written_back_as_it_was_written() {
    for written in ["2021-01-31 24:00", "2021-02-01 00:00", "2021-01-30 09:15"] {
        let c = parse(&edit("\"2021-01-31 24:00\"", &format!("{written:?}")));
        let again = round_trip(&c);
        assert_eq!(again.registration.deadline_local, written);
        assert_eq!(again.registration.deadline, c.registration.deadline);
    }
}

#[test]
fn end_of_day_and_next_midnight_are_the_same_instant() {
    let end_of_day = parse(BASE);
    let midnight = parse(&edit("\"2021-01-31 24:00\"", "\"2021-02-01 00:00\""));
    assert_eq!(
        end_of_day.registration.deadline,
        midnight.registration.deadline
    );
}

#[test]
fn agenda_breaks_and_times_round_trip() {
    let c = parse(&edit("start = \"13:30\"", "start = \"13:45\""));
    let again = round_trip(&c);
    assert_eq!(again.agenda, c.agenda);
    assert!(c.to_toml_string().contains("start = \"13:45\""));
}
