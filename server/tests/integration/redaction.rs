//! In-text redaction before storage and broadcast, with a preview for the
//! author and the redactions listed in the ack.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn names_contacts_and_affiliations_are_redacted_before_anyone_sees_them() {
    let server = TestServer::start().await;
    server
        .named(
            "wg1",
            "Siriporn Chaiyasit",
            "siriporn@example.org",
            "Mekong Migration Network",
        )
        .await;
    let (_, a) = server
        .named(
            "wg1",
            "Nguyễn Thị Lan",
            "lan@example.vn",
            "Hanoi Labour Rights Centre",
        )
        .await;
    let (_, b) = server.participant("wg1").await;
    let mut lan = server.client(&a).await;
    let mut other = server.client(&b).await;

    let text = "As Siriporn said, we at Mekong Migration Network share data; write to lan@example.vn or call +66 2 123 4567.";
    lan.send(json!({"type": "preview", "text": text})).await;
    let preview = lan.recv_until(|m| m["type"] == "preview").await;
    let shown = preview["text"].as_str().unwrap();
    assert!(
        !shown.contains("Siriporn") && !shown.contains("Mekong") && !shown.contains("lan@"),
        "{shown}"
    );
    let kinds: Vec<&str> = preview["redactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    for k in ["name", "affiliation", "email", "phone"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    // Ranges point into the author's own text, so the client can highlight them.
    let first = &preview["redactions"][0];
    let (s, e) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Siriporn");
    other
        .expect_silence(std::time::Duration::from_millis(300))
        .await;

    let ack = lan.post(1, "practices", text, &key()).await;
    assert_eq!(ack["redactions"].as_array().unwrap().len(), kinds.len());
    let seen = other.recv_until(|m| m["type"] == "contribution").await;
    assert_eq!(seen["contribution"]["text"], preview["text"]);

    // A lowercase, diacritic-free mention and a possessive are caught too.
    let ack = lan
        .post(1, "practices", "nguyen thi lan's point stands.", &key())
        .await;
    assert_eq!(ack["redactions"][0]["kind"], "name");
    let seen = other.recv_until(|m| m["type"] == "contribution").await;
    assert!(
        !seen["contribution"]["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("nguyen")
    );
}

#[tokio::test]
async fn organisation_mentions_as_content_stay_and_are_flagged() {
    let server = TestServer::start().await;
    server
        .named(
            "wg1",
            "Aroha Ngata",
            "aroha@example.nz",
            "International Labour Organization",
        )
        .await;
    let (_, b) = server.participant("wg1").await;
    let mut c = server.client(&b).await;
    let ack = c
        .post(
            23,
            "progress",
            "The International Labour Organization convention is widely cited.",
            &key(),
        )
        .await;
    assert_eq!(ack["redactions"], json!([]));
    assert_eq!(ack["flags"].as_array().unwrap().len(), 1);
    let seen = c.recv_until(|m| m["type"] == "contribution").await;
    assert!(
        seen["contribution"]["text"]
            .as_str()
            .unwrap()
            .contains("International Labour Organization")
    );
    assert_eq!(seen["contribution"]["org_mentions"], 1);
}

#[tokio::test]
async fn edits_summaries_and_notes_are_redacted_too() {
    let server = TestServer::start().await;
    server
        .named(
            "wg2",
            "Tevita Fifita",
            "tevita@example.to",
            "Pacific Diaspora Forum",
        )
        .await;
    let (_, a) = server.participant("wg2").await;
    let mut c = server.client(&a).await;
    let mut rap = server.client(&server.rapporteur("wg2").await).await;
    rap.send(json!({"type": "visit", "room": "wg2"})).await;
    rap.moved_to("wg2").await;
    let ack = c.post(7, "progress", "Clean text.", &key()).await;
    c.act(json!({"type": "edit", "id": ack["id"], "edit_key": ack["edit_key"], "text": "Tevita Fifita disagreed."})).await;
    let edited = rap.recv_until(|m| m["type"] == "edited").await;
    assert!(
        !edited["contribution"]["text"]
            .as_str()
            .unwrap()
            .contains("Tevita")
    );
    rap.act(json!({"type": "note", "id": ack["id"], "text": "Raised by Tevita."}))
        .await;
    rap.send(json!({"type": "summary", "objective": 7, "text": "Tevita Fifita summarised it.", "version": 0})).await;
    rap.recv_until(|m| m["type"] == "summary_saved").await;
    let fresh = server.client(&a).await;
    let all = fresh.start.to_string();
    assert!(!all.contains("Tevita"), "{all}");
}
