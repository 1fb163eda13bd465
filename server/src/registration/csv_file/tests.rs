use super::*;

#[test]
fn common_form_tool_headers_are_recognised() {
    for (h, c) in [
        ("Full name", Column::Name),
        ("Your name", Column::Name),
        ("E-mail", Column::Email),
        ("Email Address", Column::Email),
        ("Organization", Column::Organisation),
        ("Affiliation", Column::Organisation),
        ("Stakeholder category *", Column::Category),
        ("Country of residence", Column::Country),
        ("Preferred working group (optional)", Column::PreferredGroup),
        ("Accessibility needs", Column::Accessibility),
        ("I agree to the Chatham House Rule", Column::Consent),
        (
            "I agree to the Chatham House Rule (required)",
            Column::Consent,
        ),
        ("  CONSENT ", Column::Consent),
    ] {
        assert_eq!(column_for(h), Some(c), "{h}");
    }
    assert_eq!(column_for("Timestamp"), None);
}

#[test]
fn consent_cells() {
    for yes in [
        "yes",
        "TRUE",
        "1",
        "x",
        "Checked",
        "I agree",
        "Yes, I agree",
    ] {
        assert!(truthy(yes), "{yes}");
    }
    for no in ["", "no", "false", "0", "maybe"] {
        assert!(!truthy(no), "{no}");
    }
}

#[test]
fn quoted_fields_bom_and_first_last_names() {
    let csv = "\u{feff}First name,Last name,Email,Organisation,Category,Gender,Country,Consent\n\
               Ana,Reyes,a@example.org,\"Forum, Inc.\",Academia,F,PH,yes\n\
               Bo,,b@example.org,\"Line\nbreak\",Media,M,TH,no\n";
    let f = parse(csv.as_bytes());
    assert_eq!(f.header_error, None);
    assert_eq!(f.rows.len(), 2);
    let a = f.rows[0].form.as_ref().unwrap();
    assert_eq!(a.name.as_deref(), Some("Ana Reyes"));
    assert_eq!(a.organisation.as_deref(), Some("Forum, Inc."));
    assert_eq!(a.consent, Some(true));
    let b = &f.rows[1];
    assert_eq!((b.row, b.line), (3, 3));
    assert_eq!(b.form.as_ref().unwrap().consent, Some(false));
    assert_eq!(b.form.as_ref().unwrap().name.as_deref(), Some("Bo"));
}

#[test]
fn malformed_files_give_row_level_errors() {
    let f = parse(b"Name,Email\nA,a@example.org\n");
    assert!(f.header_error.unwrap().contains("organisation, category"));
    let f = parse(b"");
    assert!(f.header_error.unwrap().contains("empty"));
    let head = "Name,Email,Organisation,Category,Gender,Country,Consent\n";
    let mut bytes = head.as_bytes().to_vec();
    bytes.extend_from_slice(b"A,a@example.org,Org,Media,F,TH\n");
    bytes.extend_from_slice(b"B,b@example.org,Org\xff,Media,F,TH,yes\n");
    bytes.extend_from_slice(b",,,,,,\n");
    let f = parse(&bytes);
    assert_eq!(f.rows.len(), 3);
    assert!(f.rows[0].form.as_ref().unwrap_err().contains("6 fields"));
    assert!(f.rows[1].form.as_ref().unwrap_err().contains("UTF-8"));
    assert!(f.rows[2].form.as_ref().unwrap_err().contains("empty"));
    let f = parse(b"Name,Email,E-mail,Organisation,Category,Gender,Country,Consent\n");
    assert!(f.header_error.unwrap().contains("columns 2 and 3"));
}

#[test]
fn line_numbers_are_right_with_crlf_and_lf() {
    let header = "Name,Email,Organisation,Category,Gender,Country,Consent";
    let row = "A B,a@example.org,Org,civil-society,woman,TH,yes";
    for eol in ["\n", "\r\n"] {
        let text = format!("{header}{eol}{row}{eol}{row}{eol}");
        let parsed = parse(text.as_bytes());
        let lines: Vec<u64> = parsed.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3], "line endings {eol:?}");
    }
}
