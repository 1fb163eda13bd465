use super::*;

#[test]
fn table_covers_all_iso_countries_sorted_and_unique() {
    let rows = countries();
    assert_eq!(rows.len(), 249);
    assert!(rows.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(
        rows.iter()
            .all(|r| r.0.len() == 2 && r.0.chars().all(|c| c.is_ascii_uppercase()))
    );
}

#[test]
fn escap_membership_counts_match_the_official_list() {
    // 49 regional members + 9 associate members; the four non-regional
    // members (FR, NL, GB, US) are OutsideRegion.
    let count = |s| countries().iter().filter(|r| r.2 == s).count();
    assert_eq!(count(Subregion::EastAndNorthEastAsia), 7);
    assert_eq!(count(Subregion::SouthEastAsia), 11);
    assert_eq!(count(Subregion::SouthAndSouthWestAsia), 10);
    assert_eq!(count(Subregion::NorthAndCentralAsia), 9);
    assert_eq!(count(Subregion::Pacific), 21);
    assert_eq!(count(Subregion::OutsideRegion), 249 - 58);
}

#[test]
fn known_countries_map_to_their_subregion() {
    use Subregion::*;
    for (code, want) in [
        ("TH", SouthEastAsia),
        ("th", SouthEastAsia),
        (" VN ", SouthEastAsia),
        ("TL", SouthEastAsia),
        ("CN", EastAndNorthEastAsia),
        ("HK", EastAndNorthEastAsia),
        ("MO", EastAndNorthEastAsia),
        ("IN", SouthAndSouthWestAsia),
        ("TR", SouthAndSouthWestAsia),
        ("IR", SouthAndSouthWestAsia),
        ("RU", NorthAndCentralAsia),
        ("KZ", NorthAndCentralAsia),
        ("GE", NorthAndCentralAsia),
        ("FJ", Pacific),
        ("NU", Pacific),
        ("CK", Pacific),
        ("GU", Pacific),
        ("US", OutsideRegion),
        ("FR", OutsideRegion),
        ("DE", OutsideRegion),
        ("TW", OutsideRegion),
    ] {
        assert_eq!(subregion_of(code), Some(want), "{code}");
    }
}

#[test]
fn unknown_codes_are_none() {
    for code in ["", "X", "XX", "THA", "ZZ", "1A", "ÉÉ"] {
        assert_eq!(subregion_of(code), None, "{code}");
        assert_eq!(country_name(code), None, "{code}");
    }
}

#[test]
fn country_names_are_iso_short_names() {
    assert_eq!(country_name("vn"), Some("Viet Nam"));
    assert_eq!(country_name("KR"), Some("Korea, Republic of"));
    assert_eq!(country_name("TR"), Some("Türkiye"));
}

#[test]
fn country_code_accepts_codes_and_everyday_names() {
    for (input, want) in [
        ("TH", "TH"),
        ("Thailand", "TH"),
        ("viet nam", "VN"),
        ("Vietnam", "VN"),
        ("Republic of Korea", "KR"),
        ("South Korea", "KR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Lao PDR", "LA"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Micronesia (Federated States of)", "FM"),
        ("Côte d'Ivoire", "CI"),
        ("United States of America", "US"),
    ] {
        assert_eq!(country_code(input), Some(want), "{input}");
    }
    assert_eq!(country_code("Atlantis"), None);
    assert_eq!(country_code(""), None);
}

#[test]
fn subregion_serde_names_labels_and_parsing_round_trip() {
    for s in Subregion::ALL {
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", s.as_str()));
        assert_eq!(serde_json::from_str::<Subregion>(&json).unwrap(), s);
        assert_eq!(s.as_str().parse::<Subregion>().unwrap(), s);
        assert_eq!(s.label().parse::<Subregion>().unwrap(), s);
    }
    assert_eq!(Subregion::SouthEastAsia.to_string(), "South-East Asia");
    assert!("Antarctica".parse::<Subregion>().is_err());
}
