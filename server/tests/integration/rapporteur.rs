//! The rapporteur: curation live in the room, running summaries with stale
//! saves refused, report-back in the plenary, and unattributed exports.

use serde_json::{Value, json};

use crate::support::*;

const SLUG: &str = "gcm-asia-pacific-2021-4";

async fn export(server: &TestServer, token: &str, query: &str) -> reqwest::Response {
    server
        .http
        .get(server.url(&format!("/api/v1/consultations/{SLUG}/export?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn curation_is_live_for_the_room_and_never_rewrites_text() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let mut ana = server.client(&a).await;
    let mut rap = server.client(&server.rapporteur("wg1").await).await;
    let mut rap2 = server.client(&server.rapporteur("wg2").await).await;
    let one = ana
        .post(1, "progress", "Sex-disaggregated data is rare.", &key())
        .await["id"]
        .clone();
    let two = ana
        .post(1, "progress", "Data by sex is hardly published.", &key())
        .await["id"]
        .clone();
    let three = ana
        .post(3, "progress", "This is really about information.", &key())
        .await["id"]
        .clone();

    rap.act(json!({"type": "key_point", "id": one, "on": true}))
        .await;
    let c = ana.recv_until(|m| m["type"] == "curated").await;
    assert_eq!(c["contribution"]["key_point"], true);
    assert_eq!(c["contribution"]["text"], "Sex-disaggregated data is rare.");

    rap.act(json!({"type": "merge", "id": two, "into": one}))
        .await;
    let c = ana
        .recv_until(|m| m["type"] == "curated" && m["contribution"]["id"] == two)
        .await;
    assert_eq!(c["contribution"]["merged_into"], one);
    assert_eq!(
        c["contribution"]["text"], "Data by sex is hardly published.",
        "a merge keeps each original text"
    );

    rap.act(json!({"type": "reassign", "id": three, "objective": 3, "question": "challenges"}))
        .await;
    let c = ana
        .recv_until(|m| m["type"] == "curated" && m["contribution"]["id"] == three)
        .await;
    assert_eq!(
        (
            c["contribution"]["objective"].clone(),
            c["contribution"]["question"].clone()
        ),
        (json!(3), json!("challenges"))
    );
    rap.act(json!({"type": "note", "id": three, "text": "Refers to pre-departure orientation."}))
        .await;
    let c = ana
        .recv_until(|m| m["type"] == "curated" && m["contribution"]["id"] == three)
        .await;
    assert_eq!(
        c["contribution"]["note"],
        "Refers to pre-departure orientation."
    );

    rap.act(json!({"type": "unmerge", "id": two})).await;
    let c = ana
        .recv_until(|m| m["type"] == "curated" && m["contribution"]["id"] == two)
        .await;
    assert!(c["contribution"]["merged_into"].is_null());

    // Wrong group, wrong role, bad reassignment.
    assert_eq!(
        rap2.refused(json!({"type": "key_point", "id": one, "on": true}))
            .await,
        "forbidden"
    );
    assert_eq!(
        ana.refused(json!({"type": "key_point", "id": one, "on": true}))
            .await,
        "forbidden"
    );
    assert_eq!(
        rap.refused(json!({"type": "reassign", "id": one, "objective": 7, "question": "progress"}))
            .await,
        "invalid_field"
    );
    assert_eq!(
        rap.refused(json!({"type": "merge", "id": one, "into": one}))
            .await,
        "invalid_field"
    );
}

#[tokio::test]
async fn a_stale_summary_save_is_refused_with_the_current_text_and_nothing_is_lost() {
    let server = TestServer::start().await;
    let token = server.rapporteur("wg2").await;
    let mut r1 = server.client(&token).await;
    let mut r2 = server.client(&server.rapporteur("wg2").await).await;
    let (_, p) = server.participant("wg2").await;
    let mut part = server.client(&p).await;

    r1.send(json!({"type": "summary", "objective": 7, "text": "First draft.", "version": 0}))
        .await;
    let saved = r1.recv_until(|m| m["type"] == "summary_saved").await;
    assert_eq!(saved["version"], 1);
    let live = part.recv_until(|m| m["type"] == "summary").await;
    assert_eq!(live["text"], "First draft.");

    // Both start from version 1; the first save wins, the second is refused.
    r1.send(
        json!({"type": "summary", "objective": 7, "text": "Rapporteur one's edit.", "version": 1}),
    )
    .await;
    assert_eq!(
        r1.recv_until(|m| m["type"] == "summary_saved").await["version"],
        2
    );
    r2.send(
        json!({"type": "summary", "objective": 7, "text": "Rapporteur two's edit.", "version": 1}),
    )
    .await;
    let conflict = r2.recv_until(|m| m["type"] == "summary_conflict").await;
    assert_eq!(conflict["text"], "Rapporteur one's edit.");
    assert_eq!(conflict["version"], 2);
    assert_eq!(conflict["yours"], "Rapporteur two's edit.");
    // Merged and saved against the current version.
    r2.send(json!({"type": "summary", "objective": 7, "text": "Rapporteur one's edit. Rapporteur two's edit.", "version": 2})).await;
    assert_eq!(
        r2.recv_until(|m| m["type"] == "summary_saved").await["version"],
        3
    );
    let fresh = server.client(&p).await;
    assert_eq!(
        fresh.start["summaries"][0]["text"],
        "Rapporteur one's edit. Rapporteur two's edit."
    );
    assert_eq!(
        r1.refused(json!({"type": "summary", "objective": 1, "text": "x", "version": 0}))
            .await,
        "invalid_field"
    );
    assert_eq!(
        part.refused(json!({"type": "summary", "objective": 7, "text": "x", "version": 3}))
            .await,
        "forbidden"
    );
}

#[tokio::test]
async fn the_closing_plenary_sees_every_groups_summaries_and_key_points() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let (_, a) = server.member("wg1", "Ana").await;
    let (_, b) = server.member("wg2", "Bui").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    let mut r1 = server.client(&server.rapporteur("wg1").await).await;
    let mut r2 = server.client(&server.rapporteur("wg2").await).await;
    fac.send(json!({"type": "set_phase", "index": 2})).await;
    ana.moved_to("wg1").await;
    bui.moved_to("wg2").await;
    let k1 = ana
        .post(23, "recommendations", "A regional data compact.", &key())
        .await["id"]
        .clone();
    let k2 = bui
        .post(
            23,
            "recommendations",
            "Joint labour-migration protocols.",
            &key(),
        )
        .await["id"]
        .clone();
    r1.act(json!({"type": "key_point", "id": k1, "on": true}))
        .await;
    r2.act(json!({"type": "key_point", "id": k2, "on": true}))
        .await;
    r2.send(json!({"type": "summary", "objective": 17, "text": "Counter xenophobic narratives.", "version": 0})).await;
    r2.recv_until(|m| m["type"] == "summary_saved").await;
    fac.send(json!({"type": "advance"})).await;
    ana.moved_to("plenary").await;
    let rb = ana.start["report_back"].clone();
    let groups: Vec<&str> = rb
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["slug"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["wg1", "wg2"]);
    assert_eq!(rb[0]["objectives"][0]["number"], 23);
    assert_eq!(
        rb[0]["objectives"][0]["key_points"],
        json!(["A regional data compact."])
    );
    let wg2: &Value = &rb[1];
    assert_eq!(wg2["objectives"][0]["number"], 17);
    assert_eq!(
        wg2["objectives"][0]["summary"],
        "Counter xenophobic narratives."
    );
    assert_eq!(
        wg2["objectives"][1]["key_points"],
        json!(["Joint labour-migration protocols."])
    );
}

#[tokio::test]
async fn export_authorization() {
    let server = TestServer::start().await;
    let (_, p) = server.participant("wg1").await;
    let r1 = server.rapporteur("wg1").await;
    assert_eq!(export(&server, &p, "format=md").await.status(), 403);
    assert_eq!(
        export(&server, &r1, "format=md&group=wg2").await.status(),
        403
    );
    let own = export(&server, &r1, "format=md").await;
    assert_eq!(own.status(), 200);
    assert_eq!(
        export(&server, &r1, "format=md&group=wg1&objective=3")
            .await
            .status(),
        200
    );
    for f in ["md", "csv", "json", "docx"] {
        let res = export(&server, &server.organiser, &format!("format={f}")).await;
        assert_eq!(res.status(), 200, "organiser {f}");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains(&format!(".{f}"))
        );
    }
    assert_eq!(
        export(&server, &server.organiser, "format=pdf")
            .await
            .status(),
        400
    );
    assert_eq!(
        export(&server, &server.organiser, "format=md&group=wg9")
            .await
            .status(),
        400
    );
    let res = server
        .http
        .get(server.url(&format!("/api/v1/consultations/{SLUG}/export?format=md")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

const CANARIES: &[(&str, &str, &str)] = &[
    (
        "Xanthippe Quillborough",
        "xq@canary-export.example",
        "Zephyrine Canary Collective",
    ),
    (
        "Bartholomew Ingleby-Vask",
        "biv@canary-export.example",
        "Marrowgate Canary Foundation",
    ),
    (
        "Oriel Thistlewood",
        "ot@canary-export.example",
        "Fennimore Canary Trust",
    ),
];

#[tokio::test]
async fn no_export_of_any_format_or_scope_holds_a_canary_and_the_cli_writes_the_same_bytes() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let mut hidden = Vec::new();
    for (i, (name, email, org)) in CANARIES.iter().enumerate() {
        let room = ["wg1", "wg2", "wg1"][i];
        let (_, t) = server.named(room, name, email, org).await;
        let mut c = server.client(&t).await;
        let objective = if room == "wg1" { 1 } else { 7 };
        c.post(
            objective,
            "challenges",
            &format!("Point {i} about gaps in protection."),
            &key(),
        )
        .await;
        c.post(23, "recommendations", "=HYPERLINK(\"http://x\")", &key())
            .await;
        hidden.push(
            c.post(23, "progress", "This one gets hidden.", &key())
                .await["id"]
                .clone(),
        );
    }
    for id in hidden {
        fac.act(json!({"type": "hide", "id": id})).await;
    }
    let r1 = server.rapporteur("wg1").await;
    let mut rap = server.client(&r1).await;
    rap.send(json!({"type": "summary", "objective": 1, "text": "Gaps in protection were raised.", "version": 0})).await;
    rap.recv_until(|m| m["type"] == "summary_saved").await;

    let scopes = [
        "",
        "&group=wg1",
        "&group=wg2",
        "&objective=23",
        "&group=wg2&objective=23",
    ];
    let tmp = tempfile::tempdir().unwrap();
    for f in ["md", "csv", "json", "docx"] {
        for scope in scopes {
            let bytes = export(&server, &server.organiser, &format!("format={f}{scope}"))
                .await
                .bytes()
                .await
                .unwrap();
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            let inflated = if f == "docx" {
                docx_text(&bytes)
            } else {
                text.clone()
            };
            for (name, email, org) in CANARIES {
                for needle in [*name, *email, *org].into_iter().chain(name.split(' ')) {
                    let n = needle.to_lowercase();
                    assert!(
                        !text.contains(&n) && !inflated.contains(&n),
                        "{needle} in {f}{scope}"
                    );
                }
            }
            assert!(
                !inflated.contains("this one gets hidden"),
                "a hidden item in {f}{scope}"
            );
            if f == "csv" {
                assert!(
                    !text.contains("\n=hyperlink") && !text.contains(",=hyperlink"),
                    "formula not neutralised"
                );
            }
        }
        // The CLI writes the same bytes as HTTP.
        let out = tmp.path().join(format!("notes.{f}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
            .args([
                "export",
                "--consultation",
                SLUG,
                "--format",
                f,
                "--group",
                "wg1",
                "--data",
            ])
            .arg(&server.data)
            .arg("--out")
            .arg(&out)
            .env("ROUNDTABLE_LOG", "error")
            .status()
            .unwrap();
        assert!(status.success());
        let http = export(&server, &r1, &format!("format={f}&group=wg1"))
            .await
            .bytes()
            .await
            .unwrap();
        assert_eq!(
            std::fs::read(&out).unwrap(),
            http.to_vec(),
            "CLI and HTTP differ for {f}"
        );
    }
    let md = export(&server, &server.organiser, "format=md")
        .await
        .text()
        .await
        .unwrap();
    assert!(md.contains("Gaps in protection were raised."));
    assert!(md.contains("Point 0 about gaps in protection."));
    assert!(md.contains("Chatham House Rule"));
}

/// The text of a DOCX's main part, lowercased.
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("Heading1") || xml.contains("Heading2"),
        "real Word headings"
    );
    xml.to_lowercase()
}
