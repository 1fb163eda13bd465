//! Registration, CSV import, balanced assignment, links and purge, over
//! real HTTP (and the `roundtable` binary for the CLI paths).
//!
//! The built-in example's deadline (31 January 2021) has passed, so the
//! happy paths run a copy of it whose dates are moved to 2099. The deadline
//! edge itself (23:59 and 00:01 Bangkok) is tested with an injected clock
//! in `server/src/registration/rules/tests.rs`.

use std::path::{Path, PathBuf};

use roundtable::Config;
use roundtable_consultation::Consultation;
use serde_json::{Value, json};

use crate::support::*;

const SLUG: &str = "gcm-asia-pacific-2021-4";

fn api(path: &str) -> String {
    format!("/api/v1/consultations/{SLUG}{path}")
}

/// The example with its day and deadline moved to 2099: registration open.
fn open_model() -> Consultation {
    let toml = roundtable_consultation::EXAMPLE_TOML
        .replace("date = \"2021-02-03\"", "date = \"2099-02-03\"")
        .replace(
            "deadline = \"2021-01-31 24:00\"",
            "deadline = \"2099-01-31 24:00\"",
        );
    Consultation::from_toml_str(&toml, "open.toml").unwrap()
}

async fn open_server() -> TestServer {
    TestServer::start_with_models(Config::default(), vec![open_model()]).await
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn person(name: &str, email: &str, org: &str) -> Value {
    json!({
        "name": name, "email": email, "organisation": org,
        "category": "civil-society", "gender": "woman", "country": "TH",
        "consent": true,
    })
}

/// POSTs JSON (optionally with a bearer token); returns status and body.
async fn post(s: &TestServer, path: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
    let mut req = s.http.post(s.url(&api(path))).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn register(s: &TestServer, body: Value) -> (u16, Value) {
    post(s, "/registrations", &body, None).await
}

/// The error code and message of a refused request.
fn error(v: &Value) -> (&str, &str) {
    (
        v["error"]["code"].as_str().unwrap_or(""),
        v["error"]["message"].as_str().unwrap_or(""),
    )
}

async fn get_json(s: &TestServer, path: &str) -> Value {
    let res = s
        .http
        .get(s.url(&api(path)))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "GET {path}");
    res.json().await.unwrap()
}

async fn import(s: &TestServer, csv: Vec<u8>, dry_run: bool) -> Value {
    let res = s
        .http
        .post(s.url(&api(&format!("/registrations/import?dry_run={dry_run}"))))
        .bearer_auth(&s.organiser)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// (row, outcome, code) of every row of an import report.
fn outcomes(report: &Value) -> Vec<(u64, String, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["outcome"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Runs the `roundtable` binary; returns (exit code, stdout).
async fn cli(args: &[&str]) -> (i32, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .args(args)
        .env("ROUNDTABLE_LOG", "warn")
        .env_remove("ROUNDTABLE_CONSULTATIONS")
        .env_remove("ROUNDTABLE_DATA")
        .output()
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn the_form_describes_the_rules_and_the_2021_example_is_closed() {
    let s = TestServer::start().await;
    let res = s
        .http
        .get(s.url(&api("/registration")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let form: Value = res.json().await.unwrap();
    assert_eq!(form["open"], false);
    assert_eq!(form["deadline"], "2021-01-31T17:00:00Z");
    assert_eq!(form["deadline_local"], "2021-01-31 24:00");
    assert_eq!(form["time_zone"], "Asia/Bangkok");
    assert_eq!(form["per_organisation_cap"], 2);
    assert!(
        form["chatham_house_notice"]
            .as_str()
            .unwrap()
            .contains("Chatham House Rule")
    );
    assert_eq!(form["categories"].as_array().unwrap().len(), 15);
    assert_eq!(form["genders"].as_array().unwrap().len(), 5);
    let th = form["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "TH")
        .unwrap();
    assert_eq!(th["subregion"], "south_east_asia");
    assert_eq!(form["groups"][1]["slug"], "wg2");

    let (status, body) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    assert_eq!(status, 403);
    assert_eq!(
        error(&body),
        (
            "registration_closed",
            "registration closed at 2021-01-31 24:00 (Asia/Bangkok)"
        )
    );
    // The organiser may still register a walk-in.
    let body = person("Ana Reyes", "ana@example.org", "Org A");
    let (status, _) = post(&s, "/registrations", &body, Some(&s.organiser)).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_registration_returns_a_personal_link_that_joins() {
    let s = open_server().await;
    let form: Value = s
        .http
        .get(s.url(&api("/registration")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(form["open"], true);
    let (status, body) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    assert_eq!(status, 201, "{body}");
    let token = body["token"].as_str().unwrap();
    assert_eq!(
        body["link"],
        format!("http://{}/#token={token}", s.addr),
        "the link carries the token in its fragment"
    );
    let mut c = s.client(token).await;
    assert_eq!(c.welcome["role"], "participant");
    // The redactor learnt the new name at registration.
    let ack = c
        .post(
            1,
            "recommendations",
            "Ana Reyes thinks data matters.",
            &key(),
        )
        .await;
    assert_eq!(ack["redactions"][0]["kind"], "name", "{ack}");
    let regs = get_json(&s, "/registrations").await;
    assert_eq!(regs[0]["name"], "Ana Reyes");
    assert_eq!(regs[0]["country"], "TH");
    assert_eq!(regs[0]["subregion"], "south_east_asia");
    assert_eq!(regs[0]["id"], body["id"]);
}

#[tokio::test]
async fn each_field_rule_gives_its_own_error() {
    let s = open_server().await;
    let base = person("Ana Reyes", "ana@example.org", "Org A");
    let cases: &[(&str, Value, &str)] = &[
        ("name", Value::Null, "name: required"),
        ("email", json!("ana@"), "email: not a valid email address"),
        ("organisation", json!("  "), "organisation: required"),
        (
            "category",
            json!("astronauts"),
            "category: not one of this consultation's stakeholder categories",
        ),
        ("gender", json!("unlisted"), "gender: expected woman, man"),
        ("country", json!("Atlantis"), "country: not a known country"),
        (
            "preferred_group",
            json!("wg9"),
            "preferred_group: not a working group",
        ),
        (
            "consent",
            json!(false),
            "consent: you must agree to the Chatham House Rule",
        ),
    ];
    for (field, value, message) in cases {
        let mut body = base.clone();
        body[*field] = value.clone();
        let (status, answer) = register(&s, body).await;
        assert_eq!(status, 400, "{field}");
        let (code, got) = error(&answer);
        assert_eq!(code, "invalid_field", "{field}");
        assert!(got.starts_with(message), "{field}: {got}");
    }
    let mut body = base.clone();
    body.as_object_mut().unwrap().remove("consent");
    let (status, answer) = register(&s, body).await;
    assert_eq!((status, error(&answer).0), (400, "invalid_field"));
    let mut body = base.clone();
    body["nickname"] = json!("x");
    let (status, _) = register(&s, body).await;
    assert_eq!(status, 400, "unknown fields are refused");
    assert_eq!(
        get_json(&s, "/registrations").await,
        json!([]),
        "nothing stored"
    );
}

#[tokio::test]
async fn a_third_person_from_the_migrant_forum_in_asia_is_refused() {
    let s = open_server().await;
    let (status, _) = register(
        &s,
        person("Ana Reyes", "ana@example.org", "migrant forum in asia"),
    )
    .await;
    assert_eq!(status, 201);
    // Before the alias is declared, "MFA" is another organisation.
    let (status, _) = register(&s, person("Ben Ocampo", "ben@example.org", "MFA")).await;
    assert_eq!(status, 201);
    let (status, aliases) = post(
        &s,
        "/aliases",
        &json!({"alias": "MFA", "name": "Migrant Forum in Asia"}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        aliases,
        json!([{"alias": "MFA", "name": "Migrant Forum in Asia"}])
    );
    // Now both count for the Migrant Forum in Asia: a third is refused,
    // however its name is written.
    let (status, body) = register(
        &s,
        person("Chen Wei", "chen@example.org", "The Migrant Forum in Asia"),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(
        error(&body),
        (
            "organisation_full",
            "this organisation already has 2 registrations, the most allowed"
        )
    );
    let (status, _) = register(&s, person("Chen Wei", "chen@example.org", "Another Org")).await;
    assert_eq!(status, 201, "another organisation is fine");
    // Removing the alias splits them again.
    let res = s
        .http
        .delete(s.url(&api("/aliases")))
        .bearer_auth(&s.organiser)
        .json(&json!({"alias": "mfa"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let (status, _) = register(&s, person("Dita Sari", "dita@example.org", "M.F.A.")).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_duplicate_email_in_another_case_is_refused() {
    let s = open_server().await;
    let (status, _) = register(&s, person("Ana Reyes", "ana.reyes@example.org", "Org A")).await;
    assert_eq!(status, 201);
    let (status, body) = register(&s, person("Ana R.", " Ana.Reyes@EXAMPLE.org", "Org B")).await;
    assert_eq!(status, 409);
    assert_eq!(
        error(&body),
        (
            "duplicate_email",
            "this email address is already registered for this consultation"
        )
    );
}

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

/// A CSV of `n` registrants over four subregions, two genders, three
/// categories; organisations of two.
fn synthetic(n: usize) -> Vec<u8> {
    let mut csv = String::from("Name,Email,Organisation,Category,Gender,Country,Consent\n");
    let countries = ["TH", "IN", "FJ", "KZ"];
    let categories = ["academia", "media", "civil-society"];
    for i in 0..n {
        csv.push_str(&format!(
            "Person {i},p{i}@example.org,Org {},{},{},{},yes\n",
            i / 2,
            categories[i % 3],
            ["woman", "man"][(i / 2) % 2],
            countries[i % 4],
        ));
    }
    csv.into_bytes()
}

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
async fn reissued_links_come_as_a_mail_merge_csv_and_old_links_stop_working() {
    let s = open_server().await;
    let (_, ana) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    let (_, ben) = register(&s, person("Ben Ocampo", "ben@example.org", "Org B")).await;
    let res = s
        .http
        .get(s.url(&api("/links.csv")))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        error(&res.json().await.unwrap())
            .1
            .contains("links/reissue")
    );

    let res = s
        .http
        .post(s.url(&api("/links/reissue")))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "name,email,group,link");
    assert_eq!(lines.len(), 3);
    let ana_line = lines
        .iter()
        .find(|l| l.starts_with("Ana Reyes,ana@example.org,,http://"))
        .unwrap();
    let new_token = ana_line.split("#token=").nth(1).unwrap();

    let mut ws = TestClient::raw(&s.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": ana["token"]}),
    )
    .await;
    assert_eq!(
        recv(&mut ws).await["code"],
        "unauthorized",
        "the old link stopped working"
    );
    assert_eq!(s.client(new_token).await.welcome["role"], "participant");

    // Only the selected registrants.
    let res = s
        .http
        .post(s.url(&api("/links/reissue")))
        .bearer_auth(&s.organiser)
        .json(&json!({"ids": [ben["id"]]}))
        .send()
        .await
        .unwrap();
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains("Ben Ocampo"));
    // A participant's token is not the organiser's.
    let res = s
        .http
        .post(s.url(&api("/links/reissue")))
        .bearer_auth(new_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // The registrant export is a CSV from the identity store.
    let res = s
        .http
        .get(s.url(&api("/registrations.csv")))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    let export = res.text().await.unwrap();
    assert!(export.starts_with("id,name,email,organisation,category,gender,country,subregion"));
    assert_eq!(export.lines().count(), 3);
}

const CANARIES: &[(&str, &str, &str)] = &[
    (
        "Zanthia Quorrelby",
        "zanthia.q@purge-canary.example",
        "Vexmoor Purge Canary Alliance",
    ),
    (
        "Pemberton Oxlade",
        "p.oxlade@purge-canary.example",
        "Quillfeather Purge Canary Network",
    ),
    (
        "Thandiwe Brillstone",
        "tbrill@purge-canary.example",
        "Orrington Purge Canary Institute",
    ),
];

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

#[tokio::test]
async fn purge_leaves_no_registrant_bytes_in_the_identity_files_and_keeps_every_contribution() {
    let s = open_server().await;
    let mut tokens = Vec::new();
    for (name, email, org) in CANARIES {
        let (status, body) = register(&s, person(name, email, org)).await;
        assert_eq!(status, 201);
        tokens.push(body["token"].as_str().unwrap().to_owned());
    }
    let (status, _) = post(
        &s,
        "/aliases",
        &json!({"alias": "VMPCANARY", "name": CANARIES[0].2}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 201);
    for t in &tokens {
        let mut c = s.client(t).await;
        for j in 0..3 {
            let ack = c
                .post(
                    1,
                    "recommendations",
                    &format!("Recommendation {j} on safe migration."),
                    &key(),
                )
                .await;
            assert_eq!(ack["type"], "ack");
        }
    }
    let data = s.data.clone();
    let tmp = s.stop().await;
    let notes_before = bytes(&data.join("notes.db"));
    let d = data.to_str().unwrap();
    // Without --yes nothing happens.
    let (code, out) = cli(&["purge", "--consultation", SLUG, "--data", d]).await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("would delete 3 registrations"), "{out}");
    let (code, out) = cli(&["purge", "--consultation", SLUG, "--data", d, "--yes"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 registrations"), "{out}");

    let identity: Vec<PathBuf> = ["identity.db", "identity.db-wal", "identity.db-shm"]
        .iter()
        .map(|f| data.join(f))
        .collect();
    assert!(identity[0].exists());
    let mut needles: Vec<&str> = vec!["VMPCANARY"];
    for (name, email, org) in CANARIES {
        needles.extend([*name, *email, *org]);
        needles.extend(name.split(' '));
    }
    for f in &identity {
        for n in &needles {
            assert!(
                byte_hits(f, n).is_empty(),
                "{n:?} is still in {}",
                f.display()
            );
        }
    }
    assert!(!notes_before.is_empty());
    assert!(
        notes_before == bytes(&data.join("notes.db")),
        "the notes store was not touched"
    );

    let s = TestServer::start_in_with_models(&data, Config::default(), vec![open_model()]).await;
    assert_eq!(get_json(&s, "/registrations").await, json!([]));
    let mut ws = TestClient::raw(&s.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": tokens[0]}),
    )
    .await;
    assert_eq!(
        recv(&mut ws).await["code"],
        "unauthorized",
        "purged links are gone"
    );
    s.stop().await;
    let notes = roundtable::storage::SqliteNotes::open(&data).unwrap();
    use roundtable::storage::NotesStore as _;
    let stored = notes.load(SLUG).await.unwrap();
    assert_eq!(
        stored.len(),
        9,
        "every contribution is still in the notes store"
    );
    drop(tmp);
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

#[tokio::test]
async fn the_demo_seeds_once_and_reissues_its_links_on_a_second_start() {
    use roundtable::access::hash_token;
    let dir = tempfile::tempdir().unwrap();
    let token = |link: &str| link.split("#token=").nth(1).unwrap().to_owned();
    let mut earlier: Vec<(String, String)> = Vec::new();
    for _ in 0..2 {
        let (_stop, stopped) = tokio::sync::watch::channel(false);
        let config = Config {
            data_dir: dir.path().to_owned(),
            ..Config::default()
        };
        let state = roundtable::AppState::open(config, vec![Consultation::example()], stopped)
            .await
            .unwrap();
        let live = state.live(SLUG).unwrap();
        let links = roundtable::registration::demo::seed(&state, &live, "http://demo.test")
            .await
            .unwrap();
        let roles: Vec<&str> = links.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            roles,
            [
                "organiser",
                "plenary facilitator",
                "WG1 facilitator",
                "WG2 facilitator",
                "WG1 rapporteur",
                "WG2 rapporteur",
                "participant in WG1",
                "participant in WG2"
            ]
        );
        let regs = state.identity.registrations(SLUG).await.unwrap();
        assert_eq!(regs.len(), 60, "a second start does not duplicate");
        assert!(regs.iter().all(|r| r.account.group.is_some()));
        assert_eq!(state.identity.list(SLUG).await.unwrap().len(), 60 + 5);
        for (_, link) in &links {
            let found = state.identity.by_token_hash(hash_token(&token(link))).await;
            assert!(found.unwrap().is_some(), "every printed link works");
        }
        for (_, link) in &earlier {
            let found = state.identity.by_token_hash(hash_token(&token(link))).await;
            assert!(
                found.unwrap().is_none(),
                "the previous start's links stop working"
            );
        }
        state.flush().await.unwrap();
        earlier = links;
    }
}
