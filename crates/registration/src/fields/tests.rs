use super::*;

#[test]
fn gender_serde_names_are_snake_case() {
    let names: Vec<String> = Gender::ALL
        .iter()
        .map(|g| serde_json::to_string(g).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "\"woman\"",
            "\"man\"",
            "\"non_binary\"",
            "\"self_described\"",
            "\"prefer_not_to_say\""
        ]
    );
    for g in Gender::ALL {
        assert_eq!(
            format!("\"{}\"", g.as_str()),
            serde_json::to_string(&g).unwrap()
        );
        assert_eq!(Gender::parse(g.as_str()), Some(g));
        assert_eq!(Gender::parse(g.label()), Some(g));
    }
}

#[test]
fn gender_parse_accepts_form_tool_spellings() {
    use Gender::*;
    for (input, want) in [
        ("Female", Woman),
        ("F", Woman),
        ("w", Woman),
        (" WOMAN ", Woman),
        ("Trans woman", Woman),
        ("Male", Man),
        ("M", Man),
        ("man", Man),
        ("Non-binary", NonBinary),
        ("non binary", NonBinary),
        ("NB", NonBinary),
        ("Genderqueer", NonBinary),
        ("Other", SelfDescribed),
        ("Prefer to self-describe: two-spirit", SelfDescribed),
        ("Other (please specify)", SelfDescribed),
        ("Prefer not to say", PreferNotToSay),
        ("prefer_not_to_say", PreferNotToSay),
        ("Decline to answer", PreferNotToSay),
    ] {
        assert_eq!(Gender::parse(input), Some(want), "{input}");
    }
}

#[test]
fn gender_parse_rejects_blank_and_unknown() {
    assert_eq!(Gender::parse(""), None);
    assert_eq!(Gender::parse("   "), None);
    assert_eq!(Gender::parse("Femal"), None);
    let err = "x".parse::<Gender>().unwrap_err();
    assert_eq!(err, FieldError::Gender("x".into()));
    assert!(err.to_string().contains("unrecognised gender"));
    assert_eq!("Female".parse::<Gender>(), Ok(Gender::Woman));
}

#[test]
fn valid_email_accepts_ordinary_addresses() {
    for email in [
        "ana@example.org",
        " ana@example.org ",
        "first.last+tag@mail.example.co.th",
        "o'brien@example.ie",
        "user_1@sub-domain.example.com",
        "nguyễn@ví-dụ.vn",
    ] {
        assert!(valid_email(email), "{email}");
    }
}

#[test]
fn valid_email_rejects_malformed_addresses() {
    let long_local = format!("{}@example.org", "a".repeat(65));
    let long_label = format!("a@{}.org", "b".repeat(64));
    for email in [
        "",
        "ana",
        "ana@",
        "@example.org",
        "ana@example",
        "ana@@example.org",
        "a@b@example.org",
        "ana@example.o",
        "ana@example.123",
        ".ana@example.org",
        "ana.@example.org",
        "a..na@example.org",
        "ana@-example.org",
        "ana@example-.org",
        "ana@example..org",
        "an a@example.org",
        "ana@exam ple.org",
        "\"ana\"@example.org",
        "ana@[192.168.0.1]",
        long_local.as_str(),
        long_label.as_str(),
    ] {
        assert!(!valid_email(email), "{email}");
    }
}

#[test]
fn email_key_trims_and_lowercases() {
    assert_eq!(
        email_key("  Ana.Silva@Example.ORG "),
        "ana.silva@example.org"
    );
    assert_eq!(email_key("ana@example.org"), email_key("ANA@EXAMPLE.ORG"));
}

#[test]
fn clean_text_trims_collapses_and_limits() {
    assert_eq!(
        clean_text("name", "  Ana \t Silva ", 50),
        Ok("Ana Silva".into())
    );
    assert_eq!(
        clean_text("name", "   ", 50),
        Err(FieldError::Blank { field: "name" })
    );
    assert_eq!(
        clean_text("name", "abcdef", 5),
        Err(FieldError::TooLong {
            field: "name",
            max: 5
        })
    );
    assert_eq!(
        clean_text("name", "ab\u{0}c", 5),
        Err(FieldError::ControlCharacters { field: "name" })
    );
    assert_eq!(clean_text("name", "Đà Nẵng", 7), Ok("Đà Nẵng".into()));
}
