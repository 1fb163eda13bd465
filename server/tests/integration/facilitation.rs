//! Live facilitation through the protocol: phases and routing, moves,
//! broadcasts, help, moderation, collect-then-reveal, votes, presence.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn a_full_run_puts_everyone_in_the_right_room_at_each_phase() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let (_, a) = server.member("wg1", "Ana").await;
    let (_, b) = server.member("wg2", "Bui").await;
    let (_, c) = server.member("wg1", "Chen").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    let chen = server.client(&c).await;
    assert_eq!(ana.welcome["meeting"]["kind"], "lobby");
    assert_eq!(
        (ana.room.as_str(), bui.room.as_str()),
        ("plenary", "plenary")
    );

    fac.send(json!({"type": "advance"})).await;
    let m = ana.phase(1).await;
    assert_eq!(m["meeting"]["kind"], "plenary");
    assert_eq!(m["meeting"]["title"], "Opening plenary");
    assert_eq!(ana.room, "plenary");

    // Chen drops just before the working groups start and comes back after.
    let resume = chen.resume_point();
    drop(chen);
    fac.send(json!({"type": "advance"})).await;
    ana.moved_to("wg1").await;
    bui.moved_to("wg2").await;
    let chen = TestClient::join(&server.ws_url(), &c, Some(resume)).await;
    assert_eq!(
        chen.room, "wg1",
        "a reconnect mid-change lands in the new phase's room"
    );
    assert_eq!(chen.welcome["meeting"]["kind"], "working_groups");
    // A late joiner goes straight to their group.
    let (_, d) = server.member("wg2", "Dewi").await;
    let dewi = server.client(&d).await;
    assert_eq!(dewi.room, "wg2");

    fac.send(json!({"type": "advance"})).await;
    ana.moved_to("plenary").await;
    bui.moved_to("plenary").await;
    let late = server.client(&server.member("wg2", "Eka").await.1).await;
    assert_eq!(late.room, "plenary");
    assert_eq!(late.welcome["meeting"]["title"], "Closing plenary");

    fac.send(json!({"type": "go_back"})).await;
    ana.moved_to("wg1").await;
    fac.send(json!({"type": "close_groups"})).await;
    ana.moved_to("plenary").await;
    fac.send(json!({"type": "set_phase", "index": 4})).await;
    assert_eq!(ana.phase(4).await["meeting"]["kind"], "closed");
}

fn facilitator_actions(id: &Value, participant: &str) -> Vec<Value> {
    vec![
        json!({"type": "advance"}),
        json!({"type": "go_back"}),
        json!({"type": "set_phase", "index": 2}),
        json!({"type": "close_groups"}),
        json!({"type": "options", "self_select": true}),
        json!({"type": "timer", "room": "wg2", "action": "start", "seconds": 60}),
        json!({"type": "broadcast", "text": "hello", "room": "wg2"}),
        json!({"type": "move", "participant": participant, "room": "wg1"}),
        json!({"type": "hide", "id": id}),
        json!({"type": "restore", "id": id}),
        json!({"type": "mute", "id": id}),
        json!({"type": "remove", "participant": participant}),
        json!({"type": "collect", "room": "wg2", "on": true}),
        json!({"type": "reveal", "room": "wg2"}),
    ]
}

#[tokio::test]
async fn every_facilitator_action_is_forbidden_to_participants_rapporteurs_and_other_rooms() {
    let server = TestServer::start().await;
    let (pid, p) = server.participant("wg2").await;
    let mut part = server.client(&p).await;
    let ack = part
        .post(7, "progress", "Something to act on.", &key())
        .await;
    let mut rap = server.client(&server.rapporteur("wg2").await).await;
    let mut wg1 = server.client(&server.facilitator(Some("wg1")).await).await;
    for msg in facilitator_actions(&ack["id"], &pid) {
        assert_eq!(
            part.refused(msg.clone()).await,
            "forbidden",
            "participant: {msg}"
        );
        assert_eq!(
            rap.refused(msg.clone()).await,
            "forbidden",
            "rapporteur: {msg}"
        );
        assert_eq!(
            wg1.refused(msg.clone()).await,
            "forbidden",
            "WG1 facilitator in WG2: {msg}"
        );
    }
    assert_eq!(
        part.refused(json!({"type": "visit", "room": "wg2"})).await,
        "forbidden"
    );
    assert_eq!(
        rap.refused(json!({"type": "visit", "room": "wg1"})).await,
        "forbidden"
    );
    assert_eq!(
        wg1.refused(json!({"type": "visit", "room": "wg2"})).await,
        "forbidden"
    );
    // The WG2 facilitator may.
    let mut wg2 = server.client(&server.facilitator(Some("wg2")).await).await;
    wg2.act(json!({"type": "hide", "id": ack["id"]})).await;
    wg2.act(json!({"type": "broadcast", "text": "Five minutes left", "room": "wg2"}))
        .await;
}

#[tokio::test]
async fn moves_self_selection_and_closing_all_groups() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let (aid, a) = server.member("wg1", "Ana").await;
    let mut ana = server.client(&a).await;
    fac.send(json!({"type": "set_phase", "index": 2})).await;
    ana.moved_to("wg1").await;

    assert_eq!(
        ana.refused(json!({"type": "switch_room", "room": "wg2"}))
            .await,
        "forbidden"
    );
    fac.send(json!({"type": "options", "self_select": true}))
        .await;
    ana.recv_until(|m| m["type"] == "meeting" && m["meeting"]["self_select"] == true)
        .await;
    ana.send(json!({"type": "switch_room", "room": "wg2"}))
        .await;
    ana.moved_to("wg2").await;

    fac.act(json!({"type": "move", "participant": aid, "room": "wg1"}))
        .await;
    ana.moved_to("wg1").await;
    // The organiser's placement through the API sticks for live connections too.
    let url = format!("/api/v1/consultations/gcm-asia-pacific-2021-4/participants/{aid}/room");
    let res = server
        .http
        .put(server.url(&url))
        .bearer_auth(&server.organiser)
        .json(&json!({"room": "wg2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    ana.moved_to("wg2").await;
    fac.send(json!({"type": "go_back"})).await;
    ana.moved_to("plenary").await;
    fac.send(json!({"type": "advance"})).await;
    ana.moved_to("wg2").await;
    fac.act(json!({"type": "move", "participant": aid, "room": "wg1"}))
        .await;
    ana.moved_to("wg1").await;
    // The move sticks across a reconnect.
    assert_eq!(server.client(&a).await.room, "wg1");

    fac.send(json!({"type": "close_groups"})).await;
    ana.moved_to("plenary").await;
    assert_eq!(
        fac.refused(json!({"type": "close_groups"})).await,
        "conflict"
    );
}

#[tokio::test]
async fn broadcasts_reach_every_room_and_reconnecting_clients() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg2").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    fac.act(json!({"type": "broadcast", "text": "Please return in five minutes."}))
        .await;
    for c in [&mut ana, &mut bui] {
        let m = c.recv_until(|m| m["type"] == "broadcast").await;
        assert_eq!(m["broadcast"]["text"], "Please return in five minutes.");
    }
    fac.act(json!({"type": "broadcast", "text": "WG2 only", "room": "wg2"}))
        .await;
    bui.recv_until(|m| m["type"] == "broadcast" && m["broadcast"]["text"] == "WG2 only")
        .await;
    // A client that missed them gets them with its snapshot.
    let again = server.client(&b).await;
    let texts: Vec<&str> = again.start["broadcasts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Please return in five minutes.", "WG2 only"]);
    let ana2 = server.client(&a).await;
    assert_eq!(ana2.start["broadcasts"].as_array().unwrap().len(), 1);
    assert_eq!(
        fac.refused(json!({"type": "broadcast", "text": "  "}))
            .await,
        "invalid_field"
    );
}

#[tokio::test]
async fn help_requests_queue_for_facilitators_with_room_and_time() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let (_, a) = server
        .named("wg1", "Ana Reyes", "ana@example.org", "Example Org")
        .await;
    let mut ana = server.client(&a).await;
    ana.send(json!({"type": "help"})).await;
    let status = ana.recv_until(|m| m["type"] == "help_status").await;
    assert_eq!(status["status"], "open");
    let q = fac
        .recv_until(|m| m["type"] == "help_queue" && !m["requests"].as_array().unwrap().is_empty())
        .await;
    let req = &q["requests"][0];
    assert_eq!(req["room"], "wg1");
    assert!(req["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(req["name"], "Ana Reyes");
    fac.act(json!({"type": "help_ack", "id": req["id"]})).await;
    assert_eq!(
        ana.recv_until(|m| m["type"] == "help_status").await["status"],
        "acknowledged"
    );
    fac.act(json!({"type": "help_resolve", "id": req["id"]}))
        .await;
    assert_eq!(
        ana.recv_until(|m| m["type"] == "help_status").await["status"],
        "resolved"
    );
    fac.recv_until(|m| m["type"] == "help_queue" && m["requests"].as_array().unwrap().is_empty())
        .await;
}

#[tokio::test]
async fn the_third_report_hides_a_contribution_until_review() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let mut people = Vec::new();
    for _ in 0..4 {
        let (_, t) = server.participant("wg1").await;
        people.push(server.client(&t).await);
    }
    let ack = people[0]
        .post(1, "progress", "An abusive remark.", &key())
        .await;
    let id = ack["id"].clone();
    people[1].act(json!({"type": "report", "id": id})).await;
    assert_eq!(
        people[1].refused(json!({"type": "report", "id": id})).await,
        "conflict",
        "one report each"
    );
    people[2].act(json!({"type": "report", "id": id})).await;
    let fresh = server.client(&server.participant("wg1").await.1).await;
    assert_eq!(
        fresh.start["contributions"].as_array().unwrap().len(),
        1,
        "two reports do not hide"
    );
    people[3].act(json!({"type": "report", "id": id})).await;
    let gone = people[0].recv_until(|m| m["type"] == "removed").await;
    assert_eq!(gone["id"], id);
    let fresh = server.client(&server.participant("wg1").await.1).await;
    assert_eq!(fresh.start["contributions"], json!([]));
    let q = fac
        .recv_until(|m| m["type"] == "moderation" && m["items"][0]["hidden"] == true)
        .await;
    assert_eq!(q["items"][0]["reports"], 3);
    fac.act(json!({"type": "restore", "id": id})).await;
    people[3]
        .recv_until(|m| m["type"] == "contribution" && m["contribution"]["id"] == id)
        .await;
    // Moderating twice changes nothing and announces nothing.
    fac.act(json!({"type": "restore", "id": id})).await;
    fac.act(json!({"type": "hide", "id": id})).await;
    people[3].recv_until(|m| m["type"] == "removed").await;
    fac.act(json!({"type": "hide", "id": id})).await;
    people[3].expect_silence(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn a_muted_author_is_refused_and_the_facilitator_learns_nobody() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(Some("wg1")).await).await;
    let (_, a) = server
        .named("wg1", "Mutable Person", "mute@example.org", "Mute Org")
        .await;
    let (_, b) = server
        .named("wg1", "Other Person", "other@example.org", "Other Org")
        .await;
    let mut author = server.client(&a).await;
    let mut other = server.client(&b).await;
    let ack = author
        .post(1, "progress", "Something abusive.", &key())
        .await;
    let done = fac.act(json!({"type": "mute", "id": ack["id"]})).await;
    let keys: Vec<&String> = done.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["action", "id", "type"],
        "the facilitator gets no identity: {done}"
    );
    assert!(!done.to_string().contains("Mutable"));
    assert_eq!(author.refused(json!({"type": "post", "objective": 1, "question": "progress", "text": "again", "key": key()})).await, "forbidden");
    let ok = other
        .post(1, "progress", "Others still post.", &key())
        .await;
    assert_eq!(ok["type"], "ack");
}

#[tokio::test]
async fn a_removed_participant_is_disconnected_and_their_link_stops_working() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let (pid, p) = server.participant("wg1").await;
    let mut part = server.client(&p).await;
    fac.act(json!({"type": "remove", "participant": pid})).await;
    assert_eq!(
        part.recv_until(|m| m["type"] == "error").await["code"],
        "unauthorized"
    );
    let mut ws = TestClient::raw(&server.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": p}),
    )
    .await;
    assert_eq!(recv(&mut ws).await["code"], "unauthorized");
}

#[tokio::test]
async fn collect_then_reveal_shows_nothing_before_and_everything_after() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(Some("wg2")).await).await;
    let (_, a) = server.participant("wg2").await;
    let (_, b) = server.participant("wg2").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    fac.send(json!({"type": "collect", "room": "wg2", "on": true}))
        .await;
    bui.recv_until(|m| m["type"] == "meeting" && m["meeting"]["collecting"] == json!(["wg2"]))
        .await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let ack = ana
            .post(17, "challenges", &format!("Silent idea {i}"), &key())
            .await;
        assert_eq!(
            ack["pending"]["text"],
            format!("Silent idea {i}"),
            "the author sees their own"
        );
        ids.push(ack["id"].as_str().unwrap().to_owned());
    }
    bui.expect_silence(Duration::from_millis(400)).await;
    let fresh = server.client(&b).await;
    assert_eq!(fresh.start["contributions"], json!([]));
    assert_eq!(fresh.start["collecting"], true);
    assert!(
        fresh.start.get("pending").is_none(),
        "participants never get pending items"
    );
    // The facilitator can review them before the reveal.
    let mut fac_view = server.client(&server.facilitator(Some("wg2")).await).await;
    fac_view.send(json!({"type": "visit", "room": "wg2"})).await;
    fac_view.moved_to("wg2").await;
    assert_eq!(fac_view.start["pending"].as_array().map(Vec::len), Some(6));

    // One collected item is hidden before the reveal: it never shows.
    let extra = ana
        .post(17, "challenges", "Abusive silent idea", &key())
        .await;
    fac.act(json!({"type": "hide", "id": extra["id"]})).await;
    fac.send(json!({"type": "reveal", "room": "wg2"})).await;
    let revealed = bui.recv_until(|m| m["type"] == "revealed").await;
    assert!(!revealed.to_string().contains("Abusive silent idea"));
    let got: Vec<&str> = revealed["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(
        got,
        sorted.iter().map(String::as_str).collect::<Vec<_>>(),
        "all at once, in random-id order"
    );
    let fresh = server.client(&b).await;
    assert_eq!(fresh.start["contributions"].as_array().unwrap().len(), 6);
    assert_eq!(fresh.start["collecting"], false);
}

#[tokio::test]
async fn votes_count_once_and_can_be_taken_back() {
    let server = TestServer::start().await;
    let (aid, a) = server.participant("wg1").await;
    let (bid, b) = server.participant("wg1").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    let ack = ana
        .post(
            3,
            "recommendations",
            "Multilingual information centres.",
            &key(),
        )
        .await;
    let id = ack["id"].clone();
    bui.act(json!({"type": "vote", "id": id})).await;
    let v = ana.recv_until(|m| m["type"] == "votes").await;
    assert_eq!(v["votes"], 1);
    assert_eq!(
        bui.refused(json!({"type": "vote", "id": id})).await,
        "conflict"
    );
    ana.act(json!({"type": "vote", "id": id})).await;
    assert_eq!(bui.recv_until(|m| m["type"] == "votes").await["votes"], 2);
    bui.act(json!({"type": "unvote", "id": id})).await;
    assert_eq!(
        ana.recv_until(|m| m["type"] == "votes" && m["votes"] == 1)
            .await["votes"],
        1
    );
    assert_eq!(
        bui.refused(json!({"type": "unvote", "id": id})).await,
        "conflict"
    );
    let fresh = server.client(&a).await;
    assert_eq!(fresh.start["contributions"][0]["votes"], 1);
    // Closing the consultation destroys the vote secret: ballots become unlinkable.
    let mut fac = server.client(&server.facilitator(None).await).await;
    fac.send(json!({"type": "set_phase", "index": 4})).await;
    fac.phase(4).await;
    assert_eq!(
        bui.refused(json!({"type": "vote", "id": id})).await,
        "conflict",
        "no voting after the close"
    );
    assert_eq!(bui.refused(json!({"type": "post", "objective": 1, "question": "progress", "text": "late", "key": key()})).await, "conflict");

    // The notes files hold no participant identifier.
    let data = server.data.clone();
    let _tmp = server.stop().await;
    let identity = rusqlite::Connection::open(data.join("identity.db")).unwrap();
    let secrets: i64 = identity
        .query_row("SELECT count(*) FROM vote_secrets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(secrets, 0, "the vote secret is gone after the close");
    for f in notes_files(&data) {
        for who in [&aid, &bid, &a, &b] {
            assert!(
                byte_hits(&f, who).is_empty(),
                "{who} found in {}",
                f.display()
            );
        }
        let bytes = std::fs::read(&f).unwrap_or_default();
        for who in [&aid, &bid] {
            let raw = uuid::Uuid::parse_str(who).unwrap();
            assert!(
                !bytes.windows(16).any(|w| w == raw.as_bytes()),
                "raw account id in {}",
                f.display()
            );
        }
    }
}

#[tokio::test]
async fn presence_counts_for_everyone_and_names_only_for_facilitators() {
    let server = TestServer::start().await;
    let (_, a) = server
        .named("wg1", "Presence Ana", "pa@example.org", "PA Org")
        .await;
    let (_, b) = server
        .named("wg2", "Presence Bui", "pb@example.org", "PB Org")
        .await;
    let mut ana = server.client(&a).await;
    let _bui = server.client(&b).await;
    let p = ana
        .recv_until(|m| m["type"] == "presence" && m["rooms"]["wg2"] == 1)
        .await;
    assert_eq!(p["rooms"]["wg1"], 1);
    let mut fac = server.client(&server.facilitator(None).await).await;
    let roster = fac
        .recv_until(|m| m["type"] == "roster" && m["rooms"]["wg2"].is_array())
        .await;
    assert_eq!(roster["rooms"]["wg2"][0]["name"], "Presence Bui");
    ana.expect_silence(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn phase_timers_and_hidden_flags_survive_a_restart() {
    let server = TestServer::start().await;
    let ftoken = server.facilitator(None).await;
    let mut fac = server.client(&ftoken).await;
    let (_, a) = server.member("wg1", "Ana").await;
    let mut ana = server.client(&a).await;
    fac.send(json!({"type": "set_phase", "index": 2})).await;
    ana.moved_to("wg1").await;
    fac.send(json!({"type": "timer", "room": "wg1", "action": "start", "seconds": 1800}))
        .await;
    let t = ana.recv_until(|m| m["type"] == "timer").await;
    let ends_at = t["timer"]["ends_at"].clone();
    let ack = ana.post(1, "progress", "To be hidden.", &key()).await;
    fac.act(json!({"type": "hide", "id": ack["id"]})).await;
    let data = server.data.clone();
    let tmp = server.stop().await;

    let server = TestServer::start_in(&data, Default::default()).await;
    let ana = server.client(&a).await;
    assert_eq!(ana.welcome["meeting"]["phase"], 2);
    assert_eq!(ana.room, "wg1");
    assert_eq!(ana.start["timer"]["ends_at"], ends_at);
    assert_eq!(ana.start["contributions"], json!([]), "still hidden");
    drop(tmp);
}

#[tokio::test]
async fn in_scheduled_mode_the_server_follows_the_agenda_clock() {
    let server = TestServer::start().await;
    let mut org = server.client(&server.organiser.clone()).await;
    assert_eq!(org.welcome["role"], "organiser");
    let mut fac = server.client(&server.facilitator(None).await).await;
    assert_eq!(
        fac.refused(json!({"type": "schedule", "scheduled": true}))
            .await,
        "forbidden",
        "the organiser chooses"
    );
    org.send(json!({"type": "schedule", "scheduled": true}))
        .await;
    // The example took place on 3 February 2021: by the clock it is over.
    let m = fac.phase(4).await;
    assert_eq!(m["meeting"]["scheduled"], true);
    assert_eq!(m["meeting"]["kind"], "closed");
}

#[tokio::test]
async fn votes_and_reports_stay_in_the_room_and_a_report_counts_once_across_restarts() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg1").await;
    let (_, c) = server.participant("wg2").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    let mut chen = server.client(&c).await;
    let id = ana.post(1, "progress", "A point in WG1.", &key()).await["id"].clone();
    assert_eq!(
        chen.refused(json!({"type": "vote", "id": id})).await,
        "not_found",
        "not in your room"
    );
    assert_eq!(
        chen.refused(json!({"type": "report", "id": id})).await,
        "not_found"
    );
    bui.act(json!({"type": "report", "id": id})).await;
    let data = server.data.clone();
    drop((ana, bui, chen));
    let tmp = server.stop().await;

    let server = TestServer::start_in(&data, Default::default()).await;
    let mut bui = server.client(&b).await;
    assert_eq!(
        bui.refused(json!({"type": "report", "id": id})).await,
        "conflict",
        "one report each, even after a restart"
    );
    drop(tmp);
}

#[tokio::test]
async fn a_collected_item_hidden_and_restored_before_the_reveal_stays_unseen_until_the_reveal() {
    let server = TestServer::start().await;
    let mut fac = server.client(&server.facilitator(Some("wg2")).await).await;
    let (_, a) = server.participant("wg2").await;
    let (_, b) = server.participant("wg2").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    fac.send(json!({"type": "collect", "room": "wg2", "on": true}))
        .await;
    bui.recv_until(|m| m["type"] == "meeting" && m["meeting"]["collecting"] == json!(["wg2"]))
        .await;
    let id = ana
        .post(7, "progress", "Collected then moderated.", &key())
        .await["id"]
        .clone();
    fac.act(json!({"type": "hide", "id": id})).await;
    fac.act(json!({"type": "restore", "id": id})).await;
    bui.expect_silence(std::time::Duration::from_millis(300))
        .await;
    fac.send(json!({"type": "reveal", "room": "wg2"})).await;
    let r = bui.recv_until(|m| m["type"] == "revealed").await;
    assert_eq!(r["contributions"][0]["id"], id);
}

#[tokio::test]
async fn votes_stay_closed_after_the_consultation_closes_even_if_reopened() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg1").await;
    let mut ana = server.client(&a).await;
    let mut bui = server.client(&b).await;
    let id = ana.post(1, "progress", "Vote on me.", &key()).await["id"].clone();
    let mut fac = server.client(&server.facilitator(None).await).await;
    fac.send(json!({"type": "set_phase", "index": 4})).await;
    fac.phase(4).await;
    fac.send(json!({"type": "set_phase", "index": 0})).await;
    fac.phase(0).await;
    bui.recv_until(|m| m["type"] == "meeting" && m["meeting"]["phase"] == 0)
        .await;
    assert_eq!(
        bui.refused(json!({"type": "vote", "id": id})).await,
        "conflict"
    );
    ana.recv_until(|m| m["type"] == "meeting" && m["meeting"]["phase"] == 0)
        .await;
}
