//! Size limits, origin allowlist, token placement, revocation.

use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

use crate::support::*;

#[tokio::test]
async fn a_65_kib_message_is_refused_with_1009() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    let big = format!(r#"{{"type":"ping","pad":"{}"}}"#, "x".repeat(65 * 1024));
    c.ws.send(Message::Text(big.into())).await.unwrap();
    assert_eq!(close_code(&mut c.ws).await, Some(1009));
}

#[tokio::test]
async fn fragments_adding_up_to_more_than_64_kib_are_refused_with_1009() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    let chunk = vec![b'x'; 30 * 1024];
    c.ws.send(Message::Frame(Frame::message(
        chunk.clone(),
        OpCode::Data(Data::Text),
        false,
    )))
    .await
    .unwrap();
    c.ws.send(Message::Frame(Frame::message(
        chunk.clone(),
        OpCode::Data(Data::Continue),
        false,
    )))
    .await
    .unwrap();
    c.ws.send(Message::Frame(Frame::message(
        chunk,
        OpCode::Data(Data::Continue),
        true,
    )))
    .await
    .unwrap();
    assert_eq!(close_code(&mut c.ws).await, Some(1009));
}

#[tokio::test]
async fn a_foreign_origin_is_refused_and_same_origin_allowed() {
    let server = TestServer::start().await;
    let req = request_with(&server.ws_url(), &[("Origin", "https://evil.example")]);
    let err = tokio_tungstenite::connect_async(req)
        .await
        .expect_err("foreign origin must be refused");
    match err {
        tokio_tungstenite::tungstenite::Error::Http(res) => assert_eq!(res.status(), 403),
        other => panic!("unexpected error {other}"),
    }
    let same = format!("http://{}", server.addr);
    let req = request_with(&server.ws_url(), &[("Origin", &same)]);
    tokio_tungstenite::connect_async(req)
        .await
        .expect("same origin is allowed");
}

#[tokio::test]
async fn a_configured_origin_is_allowed() {
    let config = roundtable::Config {
        allowed_origins: vec!["https://consult.example.org".into()],
        ..Default::default()
    };
    let server = TestServer::start_with(config).await;
    let req = request_with(
        &server.ws_url(),
        &[("Origin", "https://consult.example.org")],
    );
    tokio_tungstenite::connect_async(req)
        .await
        .expect("listed origin is allowed");
}

#[tokio::test]
async fn a_token_in_the_query_string_is_refused() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let url = format!("{}?token={t}", server.ws_url());
    let err = tokio_tungstenite::connect_async(url)
        .await
        .expect_err("query token must be refused");
    match err {
        tokio_tungstenite::tungstenite::Error::Http(res) => assert_eq!(res.status(), 403),
        other => panic!("unexpected error {other}"),
    }
}

#[tokio::test]
async fn a_bearer_header_authenticates_without_a_token_in_hello() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg2").await;
    let auth = format!("Bearer {t}");
    let req = request_with(&server.ws_url(), &[("Authorization", &auth)]);
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    send(&mut ws, &json!({"type": "hello", "protocol": 1})).await;
    let w = recv(&mut ws).await;
    assert_eq!(w["type"], "welcome");
    assert_eq!(w["role"], "participant");
    assert_eq!(w["room"], "wg2");
}

#[tokio::test]
async fn a_revoked_link_ends_the_session_and_stops_working() {
    let server = TestServer::start().await;
    let (id, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    let res = server
        .http
        .delete(server.url(&format!(
            "/api/v1/consultations/gcm-asia-pacific-2021-4/links/{id}"
        )))
        .bearer_auth(&server.organiser)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let e = c.recv_until(|m| m["type"] == "error").await;
    assert_eq!(e["code"], "unauthorized");
    assert_eq!(close_code(&mut c.ws).await, Some(4401));
    let mut ws = TestClient::raw(&server.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": t}),
    )
    .await;
    assert_eq!(recv(&mut ws).await["code"], "unauthorized");
}
