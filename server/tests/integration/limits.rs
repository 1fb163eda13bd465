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

/// Reads the socket for `d`, answering pings (tungstenite does that as it
/// reads); returns how many pings came and whether the socket closed.
async fn listen_for(ws: &mut Ws, d: std::time::Duration) -> (usize, Option<Option<u16>>) {
    use futures_util::StreamExt;
    let deadline = tokio::time::Instant::now() + d;
    let mut pings = 0;
    while let Ok(m) = tokio::time::timeout_at(deadline, ws.next()).await {
        match m {
            Some(Ok(Message::Ping(_))) => pings += 1,
            Some(Ok(Message::Close(f))) => return (pings, Some(f.map(|f| u16::from(f.code)))),
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return (pings, Some(None)),
        }
    }
    (pings, None)
}

#[tokio::test]
async fn a_client_that_answers_pings_stays_and_a_silent_one_is_closed_with_1001() {
    let config = roundtable::Config {
        ping_interval: std::time::Duration::from_millis(100),
        idle_timeout: std::time::Duration::from_millis(500),
        ..Default::default()
    };
    let server = TestServer::start_with(config).await;
    let (_, t1) = server.participant("wg1").await;
    let (_, t2) = server.participant("wg1").await;
    let mut listening = server.client(&t1).await;
    let mut silent = server.client(&t2).await;

    // Three idle timeouts long: the listener's pongs keep it open.
    let (pings, closed) =
        listen_for(&mut listening.ws, std::time::Duration::from_millis(1500)).await;
    assert!(
        pings >= 5,
        "expected a ping every 100 ms, got {pings} in 1.5 s"
    );
    assert_eq!(closed, None, "a client answering pings was closed");
    let ack = listening
        .post(1, "progress", "still here after the idle timeout", &key())
        .await;
    assert_eq!(ack["type"], "ack", "{ack}");

    // The silent client read nothing, so it answered no ping: going away.
    // Read the raw bytes, so that not even a pong goes back: pings, then a
    // close frame with 1001 and the reason, then the end of the stream.
    let bytes = raw_until_eof(&mut silent.ws).await;
    assert!(
        bytes.windows(2).any(|w| w == [0x89, 0x00]),
        "the silent client was never pinged"
    );
    let mut close = vec![0x88, 2 + 12, 0x03, 0xE9];
    close.extend_from_slice(b"idle timeout");
    assert!(
        bytes.windows(close.len()).any(|w| w == close.as_slice()),
        "no 1001 \"idle timeout\" close frame in {bytes:?}"
    );
}

/// Reads the socket's raw bytes, answering nothing, until the server
/// closes it.
async fn raw_until_eof(ws: &mut Ws) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let tokio_tungstenite::MaybeTlsStream::Plain(tcp) = ws.get_mut() else {
        panic!("expected a plain TCP socket");
    };
    let mut bytes = Vec::new();
    tokio::time::timeout(WAIT, tcp.read_to_end(&mut bytes))
        .await
        .expect("the server never closed the socket")
        .expect("reading the socket failed");
    bytes
}

#[tokio::test]
async fn stopping_the_server_closes_every_session_with_1001() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let mut participant = server.client(&t).await;
    let facilitator = server.facilitator(Some("wg1")).await;
    let mut staff = server.client(&facilitator).await;
    let stopping = tokio::spawn(server.stop());
    assert_eq!(close_code(&mut participant.ws).await, Some(1001));
    assert_eq!(close_code(&mut staff.ws).await, Some(1001));
    stopping.await.unwrap();
}
