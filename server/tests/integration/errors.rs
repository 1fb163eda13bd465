//! Every protocol error code, produced for real. A recoverable error keeps
//! the connection open: each test posts successfully afterwards.

use futures_util::SinkExt;
use serde_json::json;

use crate::support::*;

async fn expect_error(c: &mut TestClient, msg: serde_json::Value, code: &str) -> serde_json::Value {
    c.send(msg).await;
    let e = c.recv_until(|m| m["type"] == "error").await;
    assert_eq!(e["code"], code, "{e}");
    assert!(!e["message"].as_str().unwrap().is_empty());
    e
}

async fn still_works(c: &mut TestClient) {
    let ack = c
        .post(1, "progress", "Still connected after an error.", &key())
        .await;
    assert_eq!(
        ack["type"], "ack",
        "the connection must survive a recoverable error: {ack}"
    );
}

#[tokio::test]
async fn bad_json_unknown_type_and_invalid_fields_are_recoverable() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;

    c.ws.send(tokio_tungstenite::tungstenite::Message::Text(
        "{not json".into(),
    ))
    .await
    .unwrap();
    let e = c.recv_until(|m| m["type"] == "error").await;
    assert_eq!(e["code"], "bad_json");

    let e = expect_error(
        &mut c,
        json!({"type": "shout", "text": "hi"}),
        "unknown_type",
    )
    .await;
    assert!(e["request"].is_null() || e["request"] == "shout");

    // An objective this room does not discuss (7 belongs to WG2).
    let e = expect_error(
        &mut c,
        json!({"type": "post", "objective": 7, "question": "progress", "text": "x", "key": key()}),
        "invalid_field",
    )
    .await;
    assert_eq!(e["request"], "post");
    assert!(e["message"].as_str().unwrap().starts_with("objective"));
    expect_error(
        &mut c,
        json!({"type": "post", "objective": 1, "question": "vibes", "text": "x", "key": key()}),
        "invalid_field",
    )
    .await;
    expect_error(
        &mut c,
        json!({"type": "post", "objective": 1, "question": "progress", "text": "  ", "key": key()}),
        "invalid_field",
    )
    .await;
    expect_error(&mut c, json!({"type": "post", "objective": "one", "question": "progress", "text": "x", "key": key()}), "invalid_field").await;
    expect_error(
        &mut c,
        json!({"type": "post", "objective": 1, "question": "progress", "text": "x", "key": "k"}),
        "invalid_field",
    )
    .await;
    // An author field is refused outright: the protocol has no place for one.
    expect_error(
        &mut c,
        json!({"type": "post", "objective": 1, "question": "progress", "text": "x", "key": key(), "author": "me"}),
        "invalid_field",
    )
    .await;
    expect_error(&mut c, json!({"type": "hello", "protocol": 1}), "conflict").await;
    still_works(&mut c).await;
}

#[tokio::test]
async fn too_large_forbidden_and_not_found() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    let long = "a".repeat(2001);
    expect_error(
        &mut c,
        json!({"type": "post", "objective": 1, "question": "progress", "text": long, "key": key()}),
        "too_large",
    )
    .await;
    expect_error(
        &mut c,
        json!({"type": "hide", "id": uuid::Uuid::new_v4()}),
        "not_found",
    )
    .await;
    let ack = c.post(1, "progress", "Mine.", &key()).await;
    expect_error(
        &mut c,
        json!({"type": "hide", "id": ack["id"]}),
        "forbidden",
    )
    .await;
    expect_error(
        &mut c,
        json!({"type": "retract", "id": uuid::Uuid::new_v4(), "edit_key": "whatever-key"}),
        "not_found",
    )
    .await;
    still_works(&mut c).await;
}

#[tokio::test]
async fn a_facilitator_cannot_post_contributions() {
    let server = TestServer::start().await;
    let f = server.create_link(json!({"role": "facilitator"})).await;
    let mut c = server.client(f["token"].as_str().unwrap()).await;
    expect_error(
        &mut c,
        json!({"type": "post", "objective": 1, "question": "progress", "text": "x", "key": key()}),
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn rate_limited_then_recovers() {
    let config = roundtable::Config {
        rate_per_sec: 5.0,
        rate_burst: 5.0,
        ..Default::default()
    };
    let server = TestServer::start_with(config).await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    for _ in 0..20 {
        c.send(json!({"type": "ping"})).await;
    }
    let e = c.recv_until(|m| m["type"] == "error").await;
    assert_eq!(e["code"], "rate_limited");
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    c.send(json!({"type": "ping"})).await;
    c.recv_until(|m| m["type"] == "pong").await;
}

#[tokio::test]
async fn unauthorized_not_hello_and_unsupported_protocol() {
    let server = TestServer::start().await;
    // A wrong token: error, then close 4401.
    let mut ws = TestClient::raw(&server.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": "not-a-real-token"}),
    )
    .await;
    let e = recv(&mut ws).await;
    assert_eq!(e["code"], "unauthorized");
    assert_eq!(close_code(&mut ws).await, Some(4401));

    // Anything before hello is refused, and hello still works afterwards.
    let (_, t) = server.participant("wg1").await;
    let mut ws = TestClient::raw(&server.ws_url()).await;
    send(&mut ws, &json!({"type": "ping"})).await;
    assert_eq!(recv(&mut ws).await["code"], "not_hello");
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": t}),
    )
    .await;
    assert_eq!(recv(&mut ws).await["type"], "welcome");

    let mut ws = TestClient::raw(&server.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 99, "token": t}),
    )
    .await;
    assert_eq!(recv(&mut ws).await["code"], "unsupported_protocol");
    assert_eq!(close_code(&mut ws).await, Some(4400));
}
