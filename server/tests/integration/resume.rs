//! Resume after reconnect: exactly once, in order; a fresh snapshot after a
//! restart.

use serde_json::Value;

use crate::support::*;

fn fast() -> roundtable::Config {
    roundtable::Config {
        rate_per_sec: 1000.0,
        rate_burst: 1000.0,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_client_that_missed_100_posts_gets_each_exactly_once_in_order() {
    let server = TestServer::start_with(fast()).await;
    let (_, a) = server.participant("wg1").await;
    let (_, b) = server.participant("wg1").await;
    let mut alice = server.client(&a).await;
    let mut bob = server.client(&b).await;
    bob.post(1, "progress", "Before the drop.", &key()).await;
    alice.recv_until(|m| m["type"] == "contribution").await;
    let resume = alice.resume_point();
    drop(alice);

    let mut posted = Vec::new();
    for i in 0..100 {
        let ack = bob
            .post(3, "challenges", &format!("Missed contribution {i}"), &key())
            .await;
        posted.push(ack["id"].clone());
    }
    let alice = TestClient::join(&server.ws_url(), &a, Some(resume)).await;
    assert_eq!(alice.start["type"], "resumed");
    assert_eq!(alice.start["replayed"], 100);
    let ids: Vec<Value> = alice
        .replayed
        .iter()
        .map(|m| m["contribution"]["id"].clone())
        .collect();
    assert_eq!(
        ids, posted,
        "each missed contribution exactly once, in delivery order"
    );
    let seqs: Vec<u64> = alice
        .replayed
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "no gap, no repeat"
    );
}

#[tokio::test]
async fn after_a_restart_a_resume_gets_a_fresh_snapshot_with_a_new_epoch() {
    let server = TestServer::start_with(fast()).await;
    let (_, a) = server.participant("wg2").await;
    let mut alice = server.client(&a).await;
    for i in 0..5 {
        alice
            .post(17, "recommendations", &format!("Point {i}"), &key())
            .await;
    }
    alice
        .recv_until(|m| m["type"] == "contribution" && m["seq"] == 5)
        .await;
    let resume = alice.resume_point();
    let old_epoch = alice.epoch.clone();
    drop(alice);
    let data = server.data.clone();
    let tmp = server.stop().await;

    let server = TestServer::start_in(&data, fast()).await;
    let alice = TestClient::join(&server.ws_url(), &a, Some(resume)).await;
    assert_ne!(alice.epoch, old_epoch);
    assert_eq!(alice.start["type"], "snapshot");
    assert_eq!(alice.start["contributions"].as_array().unwrap().len(), 5);
    drop(tmp);
}

#[tokio::test]
async fn a_resume_point_from_another_room_gets_a_snapshot() {
    let server = TestServer::start().await;
    let (_, a) = server.participant("wg1").await;
    let alice = server.client(&a).await;
    let mut resume = alice.resume_point();
    resume["room"] = "wg2".into();
    let again = TestClient::join(&server.ws_url(), &a, Some(resume)).await;
    assert_eq!(again.start["type"], "snapshot");
}
