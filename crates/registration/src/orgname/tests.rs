use super::*;

#[test]
fn folds_case_and_spacing() {
    assert_eq!(
        normalise("  Migrant   FORUM\tin Asia "),
        "migrant forum in asia"
    );
}

#[test]
fn strips_punctuation_and_spells_ampersand() {
    assert_eq!(
        normalise("Migrants & Refugees, Inc."),
        "migrants and refugees"
    );
    assert_eq!(normalise("Asia-Pacific Network"), "asia pacific network");
    assert_eq!(normalise("Women's Rights Watch"), "womens rights watch");
}

#[test]
fn folds_diacritics() {
    assert_eq!(
        normalise("Hội Liên hiệp Phụ nữ Việt Nam"),
        "hoi lien hiep phu nu viet nam"
    );
    assert_eq!(normalise("Fundación Ñandú"), "fundacion nandu");
}

#[test]
fn drops_leading_the() {
    assert_eq!(
        normalise("The Migrant Forum in Asia"),
        "migrant forum in asia"
    );
    // Only a leading "the".
    assert_eq!(normalise("Forum of the Migrants"), "forum of the migrants");
}

#[test]
fn drops_legal_suffixes() {
    for (input, want) in [
        ("Acme Inc.", "acme"),
        ("Acme Incorporated", "acme"),
        ("Acme Ltd", "acme"),
        ("Acme Limited", "acme"),
        ("Acme LLC", "acme"),
        ("Acme LLP", "acme"),
        ("Acme Pvt. Ltd.", "acme"),
        ("Acme Private Limited", "acme"),
        ("Acme Co., Ltd.", "acme"),
        ("Acme Co.", "acme"),
        ("Acme Corp.", "acme"),
        ("Acme Corporation", "acme"),
        ("Acme PLC", "acme"),
        ("Acme GmbH", "acme"),
        ("Acme S.A.", "acme"),
        ("Acme e.V.", "acme"),
        ("Acme Pte. Ltd.", "acme"),
        ("Acme Pty Ltd", "acme"),
        ("Acme Sdn. Bhd.", "acme"),
        ("PT Acme Tbk", "acme"),
    ] {
        assert_eq!(normalise(input), want, "{input}");
    }
}

#[test]
fn keeps_words_that_are_not_legal_forms() {
    assert_eq!(normalise("Asia Foundation"), "asia foundation");
    assert_eq!(normalise("Migrant NGO Network"), "migrant ngo network");
    assert_eq!(
        normalise("Limited Means Collective"),
        "limited means collective"
    );
}

#[test]
fn never_removes_the_last_word() {
    assert_eq!(normalise("The"), "the");
    assert_eq!(normalise("The Co."), "co");
    assert_eq!(normalise("Limited"), "limited");
    assert_eq!(normalise("   "), "");
}

#[test]
fn drops_a_trailing_acronym_of_the_name() {
    assert_eq!(
        normalise("Migrant Forum in Asia (MFA)"),
        "migrant forum in asia"
    );
    assert_eq!(
        normalise("Asia Pacific Refugee Rights Network (APRRN)"),
        "asia pacific refugee rights network"
    );
    // Not the initials: kept, since it distinguishes organisations.
    assert_eq!(normalise("Red Cross (Nepal)"), "red cross nepal");
    assert_eq!(
        split_acronym("Red Cross (Nepal)"),
        ("Red Cross (Nepal)", None)
    );
    assert_eq!(
        split_acronym("Migrant Forum in Asia (MFA)"),
        ("Migrant Forum in Asia", Some("MFA"))
    );
}

#[test]
fn aliases_give_one_key_for_every_spelling() {
    let aliases = OrgAliases::from_pairs([("MFA", "Migrant Forum in Asia")]);
    let key = aliases.key("The Migrant Forum in Asia");
    assert_eq!(key, aliases.key("migrant forum in asia"));
    assert_eq!(key, aliases.key("MFA"));
    assert_eq!(key, aliases.key("M.F.A."));
    assert_eq!(key, aliases.key("Migrant Forum in Asia (MFA)"));
    assert_eq!(key, "migrant forum in asia");
    assert_ne!(key, aliases.key("Migrant Forum in Africa"));
}

#[test]
fn aliases_are_transitive_and_order_independent() {
    let mut aliases = OrgAliases::new();
    aliases.add("CGCM", "Civil Society for Global Commitments on Migration");
    aliases.add("Civil Society Global Commitments Migration", "CGCM");
    let a = aliases.key("cgcm");
    assert_eq!(
        a,
        aliases.key("Civil Society for Global Commitments on Migration")
    );
    assert_eq!(a, aliases.key("Civil Society Global Commitments Migration"));
    // Declaring an existing equivalence again changes nothing.
    aliases.add("CGCM", "Civil Society for Global Commitments on Migration");
    assert_eq!(a, aliases.key("CGCM"));
}

#[test]
fn learns_aliases_from_parenthesised_acronyms() {
    let mut aliases = OrgAliases::new();
    assert!(aliases.learn("Migrant Forum in Asia (MFA)"));
    assert!(!aliases.learn("Red Cross (Nepal)"));
    assert_eq!(aliases.key("MFA"), aliases.key("The Migrant Forum in Asia"));
    // Blank declarations are ignored.
    aliases.add("", "Something");
    assert_eq!(aliases.key(""), "");
}
