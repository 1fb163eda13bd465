//! Balanced assignment, overrides and late placement.

use super::*;

#[tokio::test]
async fn assignment_is_balanced_deterministic_and_can_be_overridden() {
    let s = open_server().await;
    assert_eq!(import(&s, synthetic(40), false).await["accepted"], 40);
    let (status, dry) = post(
        &s,
        "/assignment",
        &json!({"seed": 7, "dry_run": true}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 200, "{dry}");
    let report = &dry["report"];
    assert_eq!(report["within_one"], true);
    assert_eq!(report["org_conflicts"], 0);
    assert_eq!(dry["groups"][0]["size"], 20);
    assert_eq!(dry["groups"][1]["size"], 20);
    assert_eq!(report["attributes"][0]["attribute"], "subregion");
    assert!(
        get_json(&s, "/registrations")
            .await
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["group"].is_null())
    );

    let (_, real) = post(&s, "/assignment", &json!({"seed": 7}), Some(&s.organiser)).await;
    assert_eq!(
        real["report"], dry["report"],
        "the same seed gives the same assignment"
    );
    assert_eq!(real["changed"], 40);
    let current = get_json(&s, "/assignment/report").await;
    assert_eq!(current["report"], real["report"]);
    assert_eq!(current["seed"], 7);

    let regs = get_json(&s, "/registrations").await;
    let regs = regs.as_array().unwrap();
    let in_group = |g: &str| {
        regs.iter()
            .filter(|r| r["group"] == g)
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (wg1, wg2) = (in_group("wg1"), in_group("wg2"));
    assert_eq!((wg1.len(), wg2.len()), (20, 20));

    // A facilitator of every room may move; a room's facilitator may not.
    let scoped = s.facilitator(Some("wg1")).await;
    let (status, _) = post(
        &s,
        "/assignment/move",
        &json!({"participant": wg1[0], "group": "wg2"}),
        Some(&scoped),
    )
    .await;
    assert_eq!(status, 403);
    let fac = s.facilitator(None).await;
    let (status, moved) = post(
        &s,
        "/assignment/move",
        &json!({"participant": wg1[0], "group": "wg2"}),
        Some(&fac),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["assignment"]["groups"][1]["size"], 21);
    let (status, swapped) = post(
        &s,
        "/assignment/swap",
        &json!({"a": wg1[1], "b": wg2[0]}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 200, "{swapped}");
    let regs = get_json(&s, "/registrations").await;
    let group_of = |id: &str| {
        regs.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["group"]
            .clone()
    };
    assert_eq!(group_of(&wg1[0]), "wg2");
    assert_eq!(group_of(&wg1[1]), "wg2");
    assert_eq!(group_of(&wg2[0]), "wg1");
    let (status, body) = post(
        &s,
        "/assignment/swap",
        &json!({"a": wg1[0], "b": wg1[1]}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(
        (status, error(&body).0),
        (409, "conflict"),
        "both are in wg2 now"
    );
    let (status, body) = post(
        &s,
        "/assignment/move",
        &json!({"participant": wg1[0], "group": "plenary"}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!((status, error(&body).0), (400, "invalid_field"));
}

#[tokio::test]
async fn a_move_during_the_working_groups_moves_the_live_participant() {
    let s = open_server().await;
    let (_, ana) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    let (_, ben) = register(&s, person("Ben Ocampo", "ben@example.org", "Org B")).await;
    let (_, run) = post(&s, "/assignment", &json!({"seed": 1}), Some(&s.organiser)).await;
    assert_eq!(run["changed"], 2);
    let regs = get_json(&s, "/registrations").await;
    let ana_group = regs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ana["id"])
        .unwrap()["group"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = if ana_group == "wg1" { "wg2" } else { "wg1" };
    let mut fac = s.client(&s.facilitator(None).await).await;
    let mut client = s.client(ana["token"].as_str().unwrap()).await;
    fac.send(json!({"type": "set_phase", "index": 2})).await;
    client.moved_to(&ana_group).await;
    let (status, _) = post(
        &s,
        "/assignment/swap",
        &json!({"a": ana["id"], "b": ben["id"]}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 200);
    client.moved_to(other).await;
    // The override sticks across a reconnect in this phase.
    let again = s.client(ana["token"].as_str().unwrap()).await;
    assert_eq!(again.room, other);
}

#[tokio::test]
async fn a_late_registrant_goes_to_the_group_that_keeps_the_balance() {
    let s = open_server().await;
    assert_eq!(import(&s, synthetic(4), false).await["accepted"], 4);
    let (_, run) = post(&s, "/assignment", &json!({"seed": 3}), Some(&s.organiser)).await;
    assert_eq!(
        (
            run["groups"][0]["size"].as_u64(),
            run["groups"][1]["size"].as_u64()
        ),
        (Some(2), Some(2))
    );
    // Make it 3 against 1: the newcomer must go to wg2.
    let regs = get_json(&s, "/registrations").await;
    let someone_in_wg2 = regs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"] == "wg2")
        .unwrap()["id"]
        .clone();
    let (status, _) = post(
        &s,
        "/assignment/move",
        &json!({"participant": someone_in_wg2, "group": "wg1"}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 200);
    let (status, late) = register(&s, person("Late Comer", "late@example.org", "Org Late")).await;
    assert_eq!(status, 201);
    assert_eq!(late["group"], "wg2");
    // A walk-in through the import is placed the same way.
    let walk_in = b"Name,Email,Organisation,Category,Gender,Country,Consent\nWalk In,walk@example.org,Org Walk,media,man,FJ,yes\n";
    let r = import(&s, walk_in.to_vec(), false).await;
    assert!(r["rows"][0]["group"].is_string(), "{r}");
    let report = get_json(&s, "/assignment/report").await;
    assert_eq!(report["assigned"], 6);
    assert_eq!(report["unassigned"], 0);
}

#[tokio::test]
async fn the_cli_assign_prints_the_balance_report() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, synthetic(12)).unwrap();
    let d = dir.path().to_str().unwrap();
    let (_, out) = cli(&[
        "import-registrations",
        "--consultation",
        SLUG,
        csv.to_str().unwrap(),
        "--data",
        d,
    ])
    .await;
    assert!(out.contains("12 accepted"), "{out}");
    let args = ["assign", "--consultation", SLUG, "--seed", "5", "--data", d];
    let (code, dry) = cli(&[&args[..], &["--dry-run"][..]].concat()).await;
    assert_eq!(code, 0, "{dry}");
    assert!(
        dry.contains("12 registrants in 2 working groups (seed 5), dry run"),
        "{dry}"
    );
    assert!(
        dry.contains("every count within ±1 of its share: yes"),
        "{dry}"
    );
    assert!(dry.contains("organisation conflicts: 0"), "{dry}");
    let (_, real) = cli(&args).await;
    let table = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(
        table(&real),
        table(&dry),
        "the same seed prints the same table"
    );
}
