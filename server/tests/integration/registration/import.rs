//! CSV import through the API and the `roundtable` binary.

use super::*;

#[tokio::test]
async fn a_csv_dry_run_writes_nothing_a_real_run_imports_and_a_rerun_changes_nothing() {
    let s = open_server().await;
    let csv = std::fs::read(fixture("registrations.csv")).unwrap();
    let expected: Vec<(u64, String, String)> = [
        (2, "accepted", ""),
        (3, "accepted", ""),
        (4, "accepted", ""),
        (5, "rejected", "organisation_full"),
        (6, "rejected", "invalid_field"),
        (7, "rejected", "invalid_field"),
        (8, "rejected", "duplicate_email"),
        (9, "rejected", "invalid_field"),
        (10, "accepted", ""),
    ]
    .iter()
    .map(|(r, o, c)| (*r, o.to_string(), c.to_string()))
    .collect();

    let dry = import(&s, csv.clone(), true).await;
    assert_eq!(outcomes(&dry), expected, "{dry}");
    assert_eq!(
        (dry["accepted"].as_u64(), dry["rejected"].as_u64()),
        (Some(4), Some(5))
    );
    assert_eq!(dry["ignored_columns"], json!(["Timestamp"]));
    assert_eq!(
        dry["rows"][2]["line"], 5,
        "row 4 starts after a quoted line break"
    );
    assert!(
        dry["rows"][4]["reason"]
            .as_str()
            .unwrap()
            .starts_with("email:")
    );
    assert_eq!(
        get_json(&s, "/registrations").await,
        json!([]),
        "a dry run writes nothing"
    );

    let real = import(&s, csv.clone(), false).await;
    assert_eq!(outcomes(&real), expected);
    assert!(real["rows"][0]["id"].is_string());
    let regs = get_json(&s, "/registrations").await;
    assert_eq!(regs.as_array().unwrap().len(), 4);
    let lan = regs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "lan.nguyen@example.org")
        .unwrap();
    assert_eq!(lan["name"], "Nguyen, Thi Lan");
    assert_eq!(
        lan["organisation"],
        "Institute for Migration Studies, Hanoi"
    );
    assert_eq!(
        lan["accessibility"],
        "Sign language interpretation, and captions"
    );
    assert_eq!(lan["preferred_group"], "wg1");

    let again = import(&s, csv, false).await;
    let rerun: Vec<_> = outcomes(&again)
        .into_iter()
        .map(|(r, o, _)| (r, o))
        .collect();
    for (row, outcome) in &rerun {
        let before = &expected[(*row - 2) as usize].1;
        let want = if before == "accepted" {
            "unchanged"
        } else {
            "rejected"
        };
        assert_eq!(outcome, want, "row {row}");
    }
    assert_eq!(again["unchanged"], 4);
    assert_eq!(
        get_json(&s, "/registrations").await,
        regs,
        "a re-import changes nothing"
    );
}

#[tokio::test]
async fn a_malformed_csv_gives_row_level_errors() {
    let s = open_server().await;
    let csv = std::fs::read(fixture("registrations-malformed.csv")).unwrap();
    let r = import(&s, csv, false).await;
    let rows = outcomes(&r);
    assert_eq!(rows[0], (2, "accepted".into(), "".into()));
    assert_eq!(rows[1], (3, "rejected".into(), "malformed_row".into()));
    assert_eq!(rows[2], (4, "rejected".into(), "malformed_row".into()));
    assert!(
        r["rows"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("4 fields but the header has 7")
    );

    let mut bad = b"Name,Email,Organisation,Category,Gender,Country,Consent\n".to_vec();
    bad.extend_from_slice(b"Bo \xff,bo@example.org,Org,Media,M,TH,yes\n");
    let r = import(&s, bad, false).await;
    assert_eq!(
        outcomes(&r),
        vec![(2, "rejected".into(), "malformed_row".into())]
    );
    assert!(r["rows"][0]["reason"].as_str().unwrap().contains("UTF-8"));

    let r = import(&s, b"Name;Email;Organisation\nA;b;c\n".to_vec(), false).await;
    assert_eq!(
        outcomes(&r),
        vec![(1, "rejected".into(), "malformed_row".into())]
    );
    assert!(
        r["rows"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("lacks required columns")
    );
    assert_eq!(
        get_json(&s, "/registrations")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_cli_import_reports_every_row_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let file = fixture("registrations.csv");
    let file = file.to_str().unwrap();
    let args = [
        "import-registrations",
        "--consultation",
        SLUG,
        file,
        "--data",
        data,
    ];
    let (code, out) = cli(&[&args[..], &["--dry-run"][..]].concat()).await;
    assert_eq!(code, 1, "rejected rows make the exit code 1:\n{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("row ")).count(),
        9,
        "{out}"
    );
    assert!(
        out.contains("row 5 (line 6): rejected (organisation_full)"),
        "{out}"
    );
    assert!(out.contains("dry run, nothing written: 4 accepted, 5 rejected, 0 unchanged"));
    // The CLI imports after the deadline (the example's has passed).
    let (_, out) = cli(&args).await;
    assert!(out.contains("4 accepted, 5 rejected, 0 unchanged"), "{out}");
    let (_, out) = cli(&args).await;
    assert!(out.contains("0 accepted, 5 rejected, 4 unchanged"), "{out}");
    let s = TestServer::start_in(dir.path(), Config::default()).await;
    assert_eq!(
        get_json(&s, "/registrations")
            .await
            .as_array()
            .unwrap()
            .len(),
        4
    );
}
