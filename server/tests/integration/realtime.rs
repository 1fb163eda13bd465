//! Rooms and unattributed realtime contributions.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::*;

fn has_no_identity(c: &Value) {
    let obj = c.as_object().expect("a contribution is an object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    let expected = [
        "id",
        "key_point",
        "merged_into",
        "note",
        "objective",
        "org_mentions",
        "phase",
        "question",
        "room",
        "text",
        "votes",
    ];
    assert_eq!(
        keys, expected,
        "a contribution carries exactly these fields, none about its author: {c}"
    );
}

#[tokio::test]
async fn the_model_comes_in_welcome_on_request_and_over_http_by_version() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let plain = server.client(&a).await;
    let version = plain.welcome["model_version"]
        .as_str()
        .expect("welcome names the model version")
        .to_owned();
    assert_eq!(version.len(), 16, "{version}");
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()), "{version}");
    assert!(plain.welcome.get("consultation").is_none());

    // Simple clients ask for the model in welcome.
    let full = server.client_with_model(&a).await;
    let model = &full.welcome["consultation"];
    assert_eq!(model["time_zone"], "Asia/Bangkok");
    assert_eq!(model["agenda"][0]["start"], "2021-02-03T04:00:00Z");
    assert_eq!(full.welcome["slug"], "gcm-asia-pacific-2021-4");
    assert_eq!(full.welcome["model_version"], version.as_str());
    assert_eq!(full.start["type"], "snapshot");

    // The others fetch the same JSON over HTTP, tagged with the version.
    let url = server.url("/api/v1/consultations/gcm-asia-pacific-2021-4");
    let http = reqwest::Client::new();
    let res = http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag = format!("\"{version}\"");
    assert_eq!(res.headers()["etag"], etag.as_str());
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(res.json::<Value>().await.unwrap(), *model);

    // A current copy is revalidated without a body; a stale one is not.
    let res = http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!(res.headers()["etag"], etag.as_str());
    assert!(res.bytes().await.unwrap().is_empty());
    let res = http
        .get(&url)
        .header("if-none-match", "\"0000000000000000\"")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), *model);
}

#[tokio::test]
async fn two_participants_in_one_room_see_each_others_posts_live_without_author() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg1").await;
    let mut alice = server.client(&a).await;
    let mut bob = server.client(&b).await;
    assert_eq!(alice.room, "wg1");
    assert_eq!(alice.welcome["role"], "participant");
    assert_eq!(alice.welcome["slug"], "gcm-asia-pacific-2021-4");
    assert!(
        alice.welcome.get("consultation").is_none(),
        "the model comes only on request: {}",
        alice.welcome
    );
    assert_eq!(alice.start["room"]["objectives"], json!([1, 3, 23]));

    let ack = alice
        .post(
            1,
            "progress",
            "Disaggregated data by sex is still rare.",
            &key(),
        )
        .await;
    assert_eq!(ack["type"], "ack", "{ack}");
    let seen = bob.recv_until(|m| m["type"] == "contribution").await;
    assert_eq!(seen["contribution"]["id"], ack["id"]);
    assert_eq!(
        seen["contribution"]["text"],
        "Disaggregated data by sex is still rare."
    );
    has_no_identity(&seen["contribution"]);
    // The author sees it too, identical: nothing marks it as theirs.
    let own = alice.recv_until(|m| m["type"] == "contribution").await;
    assert_eq!(own, seen);

    let ack = bob
        .post(
            23,
            "recommendations",
            "Regional data-sharing agreements.",
            &key(),
        )
        .await;
    let seen = alice.recv_until(|m| m["type"] == "contribution").await;
    assert_eq!(seen["contribution"]["id"], ack["id"]);
    has_no_identity(&seen["contribution"]);
}

#[tokio::test]
async fn a_participant_in_another_room_does_not_see_them() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let (_, c) = server.participant("wg2").await;
    let mut alice = server.client(&a).await;
    let mut carol = server.client(&c).await;
    alice
        .post(
            3,
            "challenges",
            "Information reaches migrants too late.",
            &key(),
        )
        .await;
    carol.expect_silence(Duration::from_millis(500)).await;
    // A newcomer to wg2 sees nothing of wg1 in the snapshot either.
    let (_, d) = server.participant("wg2").await;
    let dave = server.client(&d).await;
    assert_eq!(dave.start["contributions"], json!([]));
    // A newcomer to wg1 does.
    let (_, e) = server.participant("wg1").await;
    let erin = server.client(&e).await;
    assert_eq!(erin.start["contributions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_retried_post_with_the_same_key_creates_no_duplicate() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg2").await;
    let (_, b) = server.participant("wg2").await;
    let mut alice = server.client(&a).await;
    let mut bob = server.client(&b).await;
    let k = key();
    let first = alice
        .post(
            7,
            "practices",
            "Firewalls between services and immigration enforcement.",
            &k,
        )
        .await;
    let second = alice
        .post(
            7,
            "practices",
            "Firewalls between services and immigration enforcement.",
            &k,
        )
        .await;
    assert_eq!(first["duplicate"], false);
    assert_eq!(second["duplicate"], true);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(
        first["edit_key"], second["edit_key"],
        "a retry must get the capability back"
    );
    bob.recv_until(|m| m["type"] == "contribution").await;
    bob.expect_silence(Duration::from_millis(400)).await;
    // Even across a reconnect, the same key maps to the same contribution.
    let mut again = server.client(&a).await;
    let third = again
        .post(
            7,
            "practices",
            "Firewalls between services and immigration enforcement.",
            &k,
        )
        .await;
    assert_eq!(third["id"], first["id"]);
    let fresh = server.client(&b).await;
    assert_eq!(fresh.start["contributions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn moving_a_participant_through_the_api_sends_a_snapshot_of_the_new_room() {
    let server = TestServer::start().await;
    let (id, a) = server.participant("plenary").await;
    let mut alice = server.client(&a).await;
    assert_eq!(alice.room, "plenary");
    let res = server
        .http
        .put(server.url(&format!(
            "/api/v1/consultations/gcm-asia-pacific-2021-4/participants/{id}/room"
        )))
        .bearer_auth(&server.organiser)
        .json(&json!({"room": "wg2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let snap = alice.recv_until(|m| m["type"] == "snapshot").await;
    assert_eq!(snap["room"]["id"], "wg2");
    let ack = alice
        .post(17, "challenges", "Xenophobic narratives online.", &key())
        .await;
    assert_eq!(ack["type"], "ack");
    // The placement persists: a new connection starts in wg2.
    let again = server.client(&a).await;
    assert_eq!(again.room, "wg2");
}

#[tokio::test]
async fn authors_edit_and_retract_with_their_key_and_nobody_else_can() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg1").await;
    let mut alice = server.client(&a).await;
    let mut bob = server.client(&b).await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    fac.send(json!({"type": "visit", "room": "wg1"})).await;
    fac.moved_to("wg1").await;
    let ack = alice.post(1, "progress", "First version.", &key()).await;
    let id = ack["id"].clone();
    let edit_key = ack["edit_key"].as_str().unwrap().to_owned();
    // Bob's own key and a forged one are refused.
    let bob_ack = bob.post(1, "progress", "Bob's point.", &key()).await;
    bob.send(json!({"type": "retract", "id": id, "edit_key": bob_ack["edit_key"]}))
        .await;
    let e = bob.recv_until(|m| m["type"] == "error").await;
    assert_eq!(e["code"], "forbidden");
    bob.send(json!({"type": "edit", "id": id, "edit_key": "forged-key-forged-key", "text": "x"}))
        .await;
    let e = bob.recv_until(|m| m["type"] == "error").await;
    assert_eq!(e["code"], "forbidden");

    alice
        .send(json!({"type": "edit", "id": id, "edit_key": edit_key, "text": "Second version."}))
        .await;
    alice
        .recv_until(|m| m["type"] == "done" && m["action"] == "edit")
        .await;
    let edited = bob.recv_until(|m| m["type"] == "edited").await;
    assert_eq!(edited["contribution"]["text"], "Second version.");

    alice
        .send(json!({"type": "retract", "id": id, "edit_key": edit_key}))
        .await;
    alice
        .recv_until(|m| m["type"] == "done" && m["action"] == "retract")
        .await;
    let removed = bob.recv_until(|m| m["type"] == "removed").await;
    assert_eq!(removed["id"], id);
    let fresh = server.client(&b).await;
    assert_eq!(
        fresh.start["contributions"].as_array().unwrap().len(),
        1,
        "only Bob's remains"
    );
}

#[tokio::test]
async fn a_facilitator_hides_and_restores_and_participants_cannot() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let f = server
        .create_link(json!({"role": "facilitator", "room": "wg1"}))
        .await;
    let f2 = server
        .create_link(json!({"role": "facilitator", "room": "wg2"}))
        .await;
    let mut alice = server.client(&a).await;
    let mut fac = server.client(f["token"].as_str().unwrap()).await;
    let mut other = server.client(f2["token"].as_str().unwrap()).await;
    // In the lobby a group's facilitator starts in the plenary; they visit their room.
    assert_eq!(fac.room, "plenary");
    fac.send(json!({"type": "visit", "room": "wg1"})).await;
    let snap = fac.recv_until(|m| m["type"] == "snapshot").await;
    assert_eq!(snap["room"]["id"], "wg1");
    let ack = alice.post(1, "progress", "Abusive text.", &key()).await;
    let id = ack["id"].clone();
    fac.recv_until(|m| m["type"] == "contribution").await;

    alice.send(json!({"type": "hide", "id": id})).await;
    assert_eq!(
        alice.recv_until(|m| m["type"] == "error").await["code"],
        "forbidden"
    );
    other.send(json!({"type": "hide", "id": id})).await;
    assert_eq!(
        other.recv_until(|m| m["type"] == "error").await["code"],
        "forbidden"
    );

    fac.send(json!({"type": "hide", "id": id})).await;
    let removed = alice.recv_until(|m| m["type"] == "removed").await;
    assert_eq!(removed["id"], id);
    let fresh = server.client(&a).await;
    assert_eq!(fresh.start["contributions"], json!([]));

    fac.send(json!({"type": "restore", "id": id})).await;
    let back = alice.recv_until(|m| m["type"] == "contribution").await;
    assert_eq!(back["contribution"]["id"], id);
}

#[tokio::test]
async fn reusing_someone_elses_idempotency_key_claims_nothing() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg1").await;
    let mut alice = server.client(&a).await;
    let mut mallory = server.client(&b).await;
    let k = "shared-idempotency-key-123";
    let first = alice.post(1, "progress", "Alice's point.", k).await;
    let second = mallory.post(1, "progress", "Mallory's point.", k).await;
    assert_eq!(
        second["duplicate"], false,
        "another author's key is not a retry"
    );
    assert_ne!(second["id"], first["id"]);
    assert_ne!(second["edit_key"], first["edit_key"]);
    assert_eq!(
        mallory
            .refused(json!({"type": "retract", "id": first["id"], "edit_key": second["edit_key"]}))
            .await,
        "forbidden"
    );
}

#[tokio::test]
async fn a_client_close_gets_a_close_reply() {
    use futures_util::{SinkExt, StreamExt};
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let mut c = server.client(&a).await;
    c.ws.send(tokio_tungstenite::tungstenite::Message::Close(None))
        .await
        .unwrap();
    let reply = tokio::time::timeout(WAIT, async {
        while let Some(m) = c.ws.next().await {
            if let Ok(tokio_tungstenite::tungstenite::Message::Close(_)) = m {
                return true;
            }
        }
        false
    })
    .await
    .unwrap();
    assert!(reply, "the server answers a close frame with one");
}
