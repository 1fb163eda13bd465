//! Behaviour of the whole redactor, one rule or edge case per test.

use crate::{Directory, FlagKind, Kind, OrgEntry, Redaction, Redactor};

fn redactor() -> Redactor {
    let people = [
        "Nguyễn Thị Lan",
        "Somchai Wongsakul",
        "Ann Kowalski",
        "Will Harrington",
        "Hope Castillo",
        "May Thandar Win",
        "Li Na",
        "Kim Min-jun",
        "Maria Cristina dela Cruz",
        "Mohammad Rafiqul Islam",
        "Rose O'Connor",
        "Đỗ Quang Huy",
        "Sita Tamang",
    ];
    let org = |name: &str, aliases: &[&str]| OrgEntry {
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    };
    Redactor::new(&Directory {
        people: people.iter().map(|p| p.to_string()).collect(),
        organisations: vec![
            org("Migrant Forum in Asia", &["MFA"]),
            org("International Organization for Migration", &["IOM"]),
            org("International Labour Organization", &["ILO"]),
            org("Hope Harbour Shelter", &["HOPE"]),
            org("The Recruitment Accountability Project", &["RAP"]),
        ],
    })
}

fn out(text: &str) -> String {
    redactor().redact(text).text
}

fn kinds(r: &Redaction) -> Vec<Kind> {
    r.redactions.iter().map(|x| x.kind).collect()
}

#[test]
fn full_names_match_without_case_or_diacritics() {
    assert_eq!(out("nguyen thi lan spoke."), "[a participant] spoke.");
    assert_eq!(out("NGUYỄN THỊ LAN spoke."), "[a participant] spoke.");
    assert_eq!(
        out("Do Quang Huy and Đỗ Quang Huy"),
        "[a participant] and [a participant]"
    );
}

#[test]
fn single_name_words_match_with_possessives_kept() {
    assert_eq!(out("Lan's point"), "[a participant]'s point");
    assert_eq!(out("Somchai’s point"), "[a participant]’s point");
    assert_eq!(out("ask lan"), "ask [a participant]");
}

#[test]
fn names_inside_longer_words_never_match() {
    let text = "Annual planning on land, Annex 2, Islamic banking, Hopefully Willingness.";
    assert_eq!(out(text), text);
}

#[test]
fn multi_word_names_match_whole_in_either_order_and_merge() {
    assert_eq!(out("Thanks Lan Nguyen!"), "Thanks [a participant]!");
    assert_eq!(out("Min-jun Kim agreed"), "[a participant] agreed");
    assert_eq!(
        out("Maria Cristina de la Cruz said"),
        "[a participant] said"
    );
}

#[test]
fn honorifics_and_initials_go_with_the_name() {
    assert_eq!(
        out("I agree with Ms. Lan."),
        "I agree with [a participant]."
    );
    assert_eq!(out("S. Wongsakul asked"), "[a participant] asked");
    assert_eq!(out("Lan N. asked"), "[a participant]. asked");
}

#[test]
fn common_word_names_need_capitals_mid_sentence() {
    assert_eq!(
        out("I agree with Will on this."),
        "I agree with [a participant] on this."
    );
    assert_eq!(
        out("We will do it, with hope."),
        "We will do it, with hope."
    );
    assert_eq!(
        out("Thank you, Hope, for that."),
        "Thank you, [a participant], for that."
    );
    assert_eq!(out("Hope is not a strategy."), "Hope is not a strategy.");
    assert_eq!(out("Hope said so."), "[a participant] said so.");
    assert_eq!(
        out("Will's point stands."),
        "[a participant]'s point stands."
    );
}

#[test]
fn common_word_names_are_kept_inside_title_case_phrases() {
    let text = "The Young Hope Agenda was launched.";
    assert_eq!(out(text), text);
}

#[test]
fn months_stay_months_next_to_dates() {
    for text in [
        "In May 2021 we met.",
        "By May the data were out.",
        "On 3 May we met.",
    ] {
        assert_eq!(out(text), text);
    }
    assert_eq!(
        out("Thanks, May, for this."),
        "Thanks, [a participant], for this."
    );
    assert_eq!(
        out("May raised the point."),
        "[a participant] raised the point."
    );
}

#[test]
fn two_letter_names_must_be_written_as_names() {
    assert_eq!(out("I agree with Li."), "I agree with [a participant].");
    assert_eq!(
        out("Values marked NA or N/A were dropped."),
        "Values marked NA or N/A were dropped."
    );
    assert_eq!(out("Li Na asked"), "[a participant] asked");
}

#[test]
fn places_and_faiths_that_are_name_words_stay() {
    let text = "Islam and Buddhism are practised; Viet Nam and Sri Lanka too.";
    assert_eq!(out(text), text);
    assert_eq!(out("Mr Islam said so."), "[a participant] said so.");
    assert_eq!(
        out("Tamang communities face caste discrimination."),
        "Tamang communities face caste discrimination."
    );
}

#[test]
fn spelling_variants_and_near_misses_match() {
    assert_eq!(
        out("Mohammed Rafiqul Islam agreed"),
        "[a participant] agreed"
    );
    assert_eq!(out("Somchay agreed"), "[a participant] agreed");
    assert_eq!(out("Minjun agreed"), "[a participant] agreed");
}

#[test]
fn self_identifying_phrases_redact_the_organisation() {
    let cases = [
        ("We at MFA agree.", "We at [an organisation] agree."),
        (
            "we at the migrant forum in asia agree.",
            "we at [an organisation] agree.",
        ),
        ("I work for IOM.", "I work for [an organisation]."),
        (
            "As MFA, we call for zero fees.",
            "As [an organisation], we call for zero fees.",
        ),
        (
            "My organisation, ILO, agrees.",
            "My organisation, [an organisation], agrees.",
        ),
        (
            "On behalf of the ILO, thank you.",
            "On behalf of [an organisation], thank you.",
        ),
        (
            "We at the Bangkok office of IOM see it.",
            "We at the Bangkok office of [an organisation] see it.",
        ),
        (
            "I work for The Recruitment Accountability Project.",
            "I work for [an organisation].",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(out(text), expected, "{text}");
    }
}

#[test]
fn a_participants_affiliation_is_redacted_too() {
    assert_eq!(
        out("Lan from MFA agreed."),
        "[a participant] from [an organisation] agreed."
    );
    assert_eq!(
        out("The speaker from IOM agreed."),
        "The speaker from [an organisation] agreed."
    );
}

#[test]
fn content_mentions_are_flagged_not_redacted() {
    let r = redactor().redact("IOM's data portal and the ILO convention; as IOM has noted.");
    assert!(r.redactions.is_empty());
    let flagged: Vec<&str> = r.flags.iter().map(|f| &r.text[f.start..f.end]).collect();
    assert_eq!(flagged, ["IOM", "ILO", "IOM"]);
    assert!(
        r.flags
            .iter()
            .all(|f| f.kind == FlagKind::OrganisationMention)
    );
}

#[test]
fn flags_point_into_the_redacted_text() {
    let r = redactor().redact("Somchai Wongsakul cited ILO data; mail lan@example.org about IOM.");
    let flagged: Vec<&str> = r.flags.iter().map(|f| &r.text[f.start..f.end]).collect();
    assert_eq!(flagged, ["ILO", "IOM"]);
}

#[test]
fn acronyms_that_are_words_must_be_capitals() {
    assert_eq!(
        out("We at HOPE shelter survivors."),
        "We at [an organisation] shelter survivors."
    );
    let text = "We at the meeting have hope; rap music too.";
    assert_eq!(out(text), text);
}

#[test]
fn unregistered_organisations_after_strong_triggers_are_redacted() {
    assert_eq!(
        out("We at the Thai Fishers Network agree."),
        "We at [an organisation] agree."
    );
    assert_eq!(out("I work for a small NGO."), "I work for a small NGO.");
}

#[test]
fn contact_details_are_redacted_with_their_own_placeholders() {
    let r = Redactor::default()
        .redact("Mail lan@example.org, call +66 2 123 4567, see www.example.org or @lan_n.");
    assert_eq!(
        r.text,
        "Mail [email], call [phone], see [link] or [handle]."
    );
    assert_eq!(
        kinds(&r),
        [Kind::Email, Kind::Phone, Kind::Link, Kind::Handle]
    );
}

#[test]
fn numbers_that_are_not_phones_stay() {
    let text =
        "In 2021, 73% of 1,200 returnees (resolution 73/195, 2019-2021) paid USD 3.5 million.";
    assert_eq!(Redactor::default().redact(text).text, text);
}

#[test]
fn redactions_point_into_the_original_and_carry_no_text() {
    let text = "Thanks Somchai and lan@example.org!";
    let r = redactor().redact(text);
    let spans: Vec<&str> = r.redactions.iter().map(|x| &text[x.start..x.end]).collect();
    assert_eq!(spans, ["Somchai", "lan@example.org"]);
    let json = serde_json::to_string(&r.redactions).unwrap();
    assert!(
        !json.contains("Somchai") && !json.contains("lan@"),
        "{json}"
    );
    assert!(
        json.contains(r#""kind":"name""#) && json.contains(r#""placeholder":"[a participant]""#)
    );
}

#[test]
fn debug_output_does_not_list_registrants() {
    let debug = format!("{:?}", redactor());
    assert!(!debug.contains("Somchai"), "{debug}");
    assert!(debug.contains("people: 13"));
}

#[test]
fn empty_and_clean_texts_come_back_unchanged() {
    for text in [
        "",
        " ",
        "Data protection must apply to all databases.",
        "日本語のテキスト",
    ] {
        let r = redactor().redact(text);
        assert_eq!(r.text, text);
        assert!(r.redactions.is_empty() && r.flags.is_empty());
    }
}

#[test]
fn a_redactor_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Redactor>();
}

#[test]
fn pathological_long_inputs_stay_linear() {
    // Each of these was quadratic in an early draft; they must finish fast.
    let inputs = [
        format!("see http://a.b/{}", ")".repeat(100_000)),
        format!("http://{}", "a.b/".repeat(25_000)),
        format!("{} end", "we at of ".repeat(10_000)),
        "Lan ".repeat(25_000),
        "1 ".repeat(50_000),
        "a@".repeat(50_000),
    ];
    let redactor = redactor();
    for text in &inputs {
        let r = redactor.redact(text);
        assert!(r.text.len() <= text.len() * 8);
    }
}
