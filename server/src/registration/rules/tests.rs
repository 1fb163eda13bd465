use super::*;

fn model() -> Consultation {
    Consultation::example()
}

fn form() -> Form {
    Form {
        name: Some("  Ana   Reyes ".into()),
        email: Some(" Ana.Reyes@Example.org ".into()),
        organisation: Some("Migrant Forum in Asia".into()),
        category: Some("Civil society".into()),
        gender: Some("Female".into()),
        country: Some("Philippines".into()),
        preferred_group: Some("Working Group 2".into()),
        accessibility: Some("Captions, please".into()),
        consent: Some(true),
    }
}

/// A wall-clock time in Bangkok.
fn bangkok(s: &str) -> Timestamp {
    s.parse::<jiff::civil::DateTime>()
        .unwrap()
        .in_tz("Asia/Bangkok")
        .unwrap()
        .timestamp()
}

#[test]
fn a_complete_form_is_cleaned_and_keyed() {
    let r = validate(&model(), &form(), Deadline::Waived).unwrap();
    assert_eq!(r.name, "Ana Reyes");
    assert_eq!(r.email, "Ana.Reyes@Example.org");
    assert_eq!(r.email_key, "ana.reyes@example.org");
    assert_eq!(r.category, "civil-society");
    assert_eq!(r.gender, Gender::Woman);
    assert_eq!(r.country, "PH");
    assert_eq!(r.subregion, Subregion::SouthEastAsia);
    assert_eq!(r.preferred_group.as_deref(), Some("wg2"));
    assert_eq!(r.accessibility.as_deref(), Some("Captions, please"));
}

#[test]
fn the_deadline_is_the_end_of_31_january_in_bangkok() {
    let m = model();
    let before = bangkok("2021-01-31T23:59");
    let after = bangkok("2021-02-01T00:01");
    assert!(
        check_open(&m, before).is_ok(),
        "23:59 Bangkok is still open"
    );
    let err = check_open(&m, after).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RegistrationClosed);
    assert_eq!(
        err.to_string(),
        "registration closed at 2021-01-31 24:00 (Asia/Bangkok)"
    );
    // The full rule function takes the same injected clock.
    assert!(validate(&m, &form(), Deadline::Enforce(before)).is_ok());
    assert_eq!(
        validate(&m, &form(), Deadline::Enforce(after)).unwrap_err(),
        err
    );
    // Midnight itself is the deadline: closed.
    assert!(check_open(&m, bangkok("2021-02-01T00:00")).is_err());
    // An organiser's import ignores the deadline.
    assert!(validate(&m, &form(), Deadline::Waived).is_ok());
}

#[test]
fn each_required_field_has_its_own_error() {
    let m = model();
    type Change = fn(&mut Form);
    let cases: [(&str, Change); 7] = [
        ("name", |f| f.name = None),
        ("email", |f| f.email = Some("   ".into())),
        ("organisation", |f| f.organisation = None),
        ("category", |f| f.category = None),
        ("gender", |f| f.gender = Some(String::new())),
        ("country", |f| f.country = None),
        ("name", |f| f.name = Some("\t \n".into())),
    ];
    for (field, change) in cases {
        let mut f = form();
        change(&mut f);
        let err = validate(&m, &f, Deadline::Waived).unwrap_err();
        assert_eq!(err, RuleError::Missing(field));
        assert_eq!(err.code(), ErrorCode::InvalidField);
        assert_eq!(err.to_string(), format!("{field}: required"));
    }
}

#[test]
fn bad_values_are_named_without_echoing_them() {
    let m = model();
    let check = |change: fn(&mut Form), want: RuleError| {
        let mut f = form();
        change(&mut f);
        let err = validate(&m, &f, Deadline::Waived).unwrap_err();
        assert_eq!(err, want);
        assert_eq!(err.code(), ErrorCode::InvalidField);
    };
    check(|f| f.email = Some("ana@".into()), RuleError::InvalidEmail);
    check(
        |f| f.gender = Some("secret-value".into()),
        RuleError::UnknownGender,
    );
    check(
        |f| f.country = Some("Atlantis".into()),
        RuleError::UnknownCountry,
    );
    check(
        |f| f.name = Some("x".repeat(NAME_MAX + 1)),
        RuleError::TooLong {
            field: "name",
            max: NAME_MAX,
        },
    );
    check(
        |f| f.organisation = Some("Org\u{7}".into()),
        RuleError::ControlCharacters("organisation"),
    );
    check(|f| f.consent = Some(false), RuleError::NoConsent);
    check(|f| f.consent = None, RuleError::NoConsent);
    let mut f = form();
    f.category = Some("astronauts".into());
    let err = validate(&m, &f, Deadline::Waived).unwrap_err();
    assert!(matches!(err, RuleError::UnknownCategory(_)));
    assert!(!err.to_string().contains("astronauts"));
    let mut f = form();
    f.preferred_group = Some("wg9".into());
    let err = validate(&m, &f, Deadline::Waived).unwrap_err();
    assert_eq!(
        err.to_string(),
        "preferred_group: not a working group of this consultation (wg1, wg2)"
    );
    let mut f = form();
    f.gender = Some("secret-value".into());
    let err = validate(&m, &f, Deadline::Waived).unwrap_err();
    assert!(!err.to_string().contains("secret"));
}

#[test]
fn optional_fields_may_be_blank_or_say_no_preference() {
    let m = model();
    for pref in ["", "No preference", "none", "-"] {
        let mut f = form();
        f.preferred_group = Some(pref.into());
        f.accessibility = Some("  ".into());
        let r = validate(&m, &f, Deadline::Waived).unwrap();
        assert_eq!(r.preferred_group, None);
        assert_eq!(r.accessibility, None);
    }
    for pref in ["wg1", "WG 1", "working group 1"] {
        let mut f = form();
        f.preferred_group = Some(pref.into());
        let r = validate(&m, &f, Deadline::Waived).unwrap();
        assert_eq!(r.preferred_group.as_deref(), Some("wg1"));
    }
}

#[test]
fn the_distinct_codes_map_to_their_statuses() {
    assert_eq!(RuleError::DuplicateEmail.code(), ErrorCode::DuplicateEmail);
    assert_eq!(
        RuleError::OrganisationFull(2).code(),
        ErrorCode::OrganisationFull
    );
    assert_eq!(ErrorCode::DuplicateEmail.status(), 409);
    assert_eq!(ErrorCode::OrganisationFull.status(), 409);
    assert_eq!(ErrorCode::RegistrationClosed.status(), 403);
}
