//! The shipped example reproduces the concept note of the fourth GCM
//! Asia-Pacific stakeholder consultation, and survives a round trip.

use jiff::civil::{date, time};
use roundtable_consultation::{AgendaKind, Consultation, EXAMPLE_TOML};

#[test]
fn example_loads_with_the_concept_notes_identity_day_and_zone() {
    let c = Consultation::example();
    assert_eq!(c.slug, "gcm-asia-pacific-2021-4");
    assert_eq!(
        c.title,
        "Fourth Stakeholder Consultation for the Asia-Pacific Regional Review of the \
         Implementation of the Global Compact for Safe, Orderly and Regular Migration (GCM)"
    );
    assert_eq!(
        c.theme,
        "Improving value-driven and evidence-based policymaking and public debate, \
         and enhancing cooperation on migration"
    );
    assert_eq!(c.time_zone, "Asia/Bangkok");
    assert_eq!(c.tz.iana_name(), Some("Asia/Bangkok"));
    assert_eq!(c.date, date(2021, 2, 3));
}

#[test]
fn example_agenda_runs_from_11_00_to_14_30_bangkok() {
    let c = Consultation::example();
    let kinds: Vec<AgendaKind> = c.agenda.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AgendaKind::Plenary,
            AgendaKind::WorkingGroups,
            AgendaKind::Plenary
        ]
    );
    let first = c.agenda.first().unwrap();
    let last = c.agenda.last().unwrap();
    assert_eq!(first.start_local, time(11, 0, 0, 0));
    assert_eq!(last.end_local, time(14, 30, 0, 0));
    assert_eq!(first.start.to_string(), "2021-02-03T04:00:00Z");
    assert_eq!(last.end.to_string(), "2021-02-03T07:30:00Z");
    for pair in c.agenda.windows(2) {
        assert_eq!(pair[0].end, pair[1].start, "no gaps between sessions");
    }
}

#[test]
fn example_has_exactly_the_five_objectives_and_two_groups() {
    let c = Consultation::example();
    let objectives: Vec<(u32, &str)> = (c.objectives.iter())
        .map(|o| (o.number, o.title.as_str()))
        .collect();
    assert_eq!(
        objectives,
        [
            (1, "Data"),
            (3, "Information"),
            (7, "Vulnerabilities"),
            (17, "Discrimination and evidence-based public discourse"),
            (23, "International cooperation"),
        ]
    );
    let groups: Vec<(&str, &str, &[u32])> = (c.groups.iter())
        .map(|g| (g.slug.as_str(), g.name.as_str(), g.objectives.as_slice()))
        .collect();
    assert_eq!(
        groups,
        [
            ("wg1", "Working Group 1", &[1, 3, 23][..]),
            ("wg2", "Working Group 2", &[7, 17, 23][..]),
        ]
    );
    assert!(c.groups.iter().all(|g| g.capacity.is_none()));
}

#[test]
fn example_objective_descriptions_are_full_title_then_section_9_paragraph() {
    let c = Consultation::example();
    let expect = [
        (
            1,
            "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
            "Asia-Pacific countries generally collect data on movements of people,",
            "for migrants and communities in countries of origin, transit and destination.",
        ),
        (
            3,
            "Provide accurate and timely information at all stages of migration",
            "Safe, orderly and regular migration thus requires informed and empowered migrants.",
            "targeted to a specific audience and in a language or medium that is comprehensible.",
        ),
        (
            7,
            "Address and reduce vulnerabilities in migration",
            "This objective provides a normative guide to addressing and reducing vulnerabilities",
            "particularly those in irregular situations, can also be in situations of vulnerability.",
        ),
        (
            17,
            "Eliminate all forms of discrimination and promote evidence-based public discourse \
             to shape perceptions of migration",
            "The principles of non-discrimination and elimination of racial discrimination",
            "and applies equally to all migrants, regardless of status.",
        ),
        (
            23,
            "Strengthen international cooperation and global partnerships for safe, orderly \
             and regular migration",
            "As Member States recognized in the Global Compact for Migration, \"no State can \
             address migration on its own because of its inherently transnational nature\"",
            "as well as support achievement of SDG 17.",
        ),
    ];
    for (number, full_title, opening, ending) in expect {
        let d = &c.objective(number).unwrap().description;
        let (title, paragraph) = d.split_once("\n\n").expect("title, blank line, paragraph");
        assert_eq!(title, full_title);
        assert!(
            paragraph.starts_with(opening),
            "objective {number}: {paragraph}"
        );
        assert!(
            paragraph.ends_with(ending),
            "objective {number}: {paragraph}"
        );
        assert!(
            !paragraph.contains('\n') && !paragraph.contains("  "),
            "{paragraph:?}"
        );
    }
    // The page break inside objective 1's paragraph is joined up.
    assert!(
        (c.objective(1).unwrap().description)
            .contains("These data cover origin country and sex, although tabulations by sex")
    );
}

#[test]
fn example_review_questions_are_section_2_in_order() {
    let c = Consultation::example();
    let questions: Vec<(&str, &str)> = (c.review_questions.iter())
        .map(|q| (q.key.as_str(), q.text.as_str()))
        .collect();
    assert_eq!(
        questions,
        [
            (
                "progress",
                "Take stock of the overall progress of implementation of objectives to date"
            ),
            (
                "challenges",
                "Identify key challenges, opportunities, gaps and emerging issues"
            ),
            (
                "practices",
                "Identify established and emerging good practices and lessons learnt"
            ),
            (
                "resources",
                "Identify resource requirements and capacity building needs"
            ),
            ("recommendations", "Formulate recommendations"),
        ]
    );
}

#[test]
fn example_stakeholder_categories_merge_resolution_73_195() {
    let c = Consultation::example();
    let keys: Vec<&str> = (c.stakeholder_categories.iter())
        .map(|s| s.key.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "migrants",
            "diasporas",
            "migrant-organisations",
            "local-communities",
            "local-authorities",
            "civil-society",
            "academia",
            "private-sector",
            "parliamentarians",
            "trade-unions",
            "national-human-rights-institutions",
            "media",
            "faith-based-organisations",
            "red-cross-red-crescent",
            "other",
        ]
    );
    assert_eq!(
        c.category("red-cross-red-crescent").unwrap().label,
        "International Red Cross and Red Crescent Movement"
    );
}

#[test]
fn example_registration_closes_at_the_end_of_31_january_bangkok() {
    let c = Consultation::example();
    assert_eq!(c.registration.deadline_local, "2021-01-31 24:00");
    assert_eq!(c.registration.deadline.to_string(), "2021-01-31T17:00:00Z");
    assert_eq!(c.registration.per_organisation_cap, 2);
}

#[test]
fn example_chatham_house_notice_is_section_3_verbatim() {
    assert_eq!(
        Consultation::example().chatham_house_notice,
        "The consultation is a closed meeting and will not be recorded. In order to have \
         open and frank discussions, it will follow the Chatham House Rule, which means that \
         participants are free to use the information received but may not reveal the \
         identity or the affiliation of the speaker(s), or of any other participant."
    );
}

#[test]
fn lookups_find_by_number_slug_and_key_and_miss_otherwise() {
    let c = Consultation::example();
    assert_eq!(c.objective(17).unwrap().number, 17);
    assert!(c.objective(2).is_none());
    assert_eq!(c.group("wg2").unwrap().name, "Working Group 2");
    assert!(c.group("plenary").is_none());
    assert_eq!(
        c.question("recommendations").unwrap().text,
        "Formulate recommendations"
    );
    assert!(c.question("other").is_none());
    assert_eq!(c.category("civil-society").unwrap().label, "Civil society");
    assert!(c.category("civil society").is_none());
}

#[test]
fn example_round_trips_through_the_file_format() {
    let c = Consultation::example();
    let text = c.to_toml_string();
    let again = Consultation::from_toml_str(&text, "round-trip.toml").unwrap();
    assert_eq!(again, c);
    assert_eq!(again.to_toml_string(), text);
}

#[test]
fn load_reads_the_shipped_file_from_disk() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../consultations/gcm-asia-pacific-2021-4.toml");
    let loaded = Consultation::load(&path).unwrap();
    assert_eq!(
        loaded,
        Consultation::from_toml_str(EXAMPLE_TOML, "x").unwrap()
    );
}

#[test]
fn load_reports_an_unreadable_file_by_name() {
    let err = Consultation::load(std::path::Path::new("/nonexistent/c.toml")).unwrap_err();
    assert_eq!(err.file, "/nonexistent/c.toml");
    assert_eq!(err.line, None);
    assert!(
        err.message.starts_with("cannot read consultation file"),
        "{err}"
    );
}

#[test]
fn json_uses_rfc3339_instants_iso_dates_and_snake_case_kinds_without_tz() {
    let json = serde_json::to_value(Consultation::example()).unwrap();
    assert_eq!(json["date"], "2021-02-03");
    assert_eq!(json["time_zone"], "Asia/Bangkok");
    assert!(json.get("tz").is_none());
    assert_eq!(json["agenda"][0]["kind"], "plenary");
    assert_eq!(json["agenda"][1]["kind"], "working_groups");
    assert_eq!(json["agenda"][0]["start"], "2021-02-03T04:00:00Z");
    assert_eq!(json["agenda"][0]["start_local"], "11:00:00");
    assert_eq!(json["agenda"][2]["end_local"], "14:30:00");
    assert_eq!(json["registration"]["deadline"], "2021-01-31T17:00:00Z");
    assert_eq!(json["registration"]["deadline_local"], "2021-01-31 24:00");
    assert_eq!(
        json["groups"][0]["objectives"],
        serde_json::json!([1, 3, 23])
    );
    assert_eq!(json["groups"][0]["capacity"], serde_json::Value::Null);
}
