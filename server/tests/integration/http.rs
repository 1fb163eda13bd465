//! HTTP: health, headers, the organiser API's access rules.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn healthz_answers_200_with_security_headers() {
    let server = TestServer::start().await;
    let res = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn the_web_client_is_served() {
    let server = TestServer::start().await;
    let res = reqwest::get(server.url("/")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.text().await.unwrap().contains("Roundtable"));
}

#[tokio::test]
async fn the_api_lists_the_example_consultation() {
    let server = TestServer::start().await;
    let all: serde_json::Value = reqwest::get(server.url("/api/v1/consultations"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all[0]["slug"], "gcm-asia-pacific-2021-4");
    let one: serde_json::Value =
        reqwest::get(server.url("/api/v1/consultations/gcm-asia-pacific-2021-4"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(one["time_zone"], "Asia/Bangkok");
    let res = reqwest::get(server.url("/api/v1/consultations/nope"))
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn organiser_endpoints_refuse_other_roles_and_bad_input() {
    let server = TestServer::start().await;
    let url = server.url("/api/v1/consultations/gcm-asia-pacific-2021-4/links");
    let res = server
        .http
        .post(&url)
        .json(&json!({"role": "participant"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let (_, p) = server.participant("wg1").await;
    let res = server
        .http
        .post(&url)
        .bearer_auth(&p)
        .json(&json!({"role": "participant"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");

    let bad = |body: &'static str| {
        let req = server
            .http
            .post(&url)
            .bearer_auth(&server.organiser)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let v: serde_json::Value = res.json().await.unwrap();
            (status, v["error"]["code"].as_str().unwrap().to_owned())
        }
    };
    assert_eq!(bad("{oops").await, (400, "bad_json".into()));
    assert_eq!(
        bad(r#"{"role":"admin"}"#).await,
        (400, "invalid_field".into())
    );
    assert_eq!(
        bad(r#"{"role":"rapporteur"}"#).await,
        (400, "invalid_field".into())
    );
    assert_eq!(
        bad(r#"{"role":"participant","room":"wg9"}"#).await,
        (400, "invalid_field".into())
    );
    assert_eq!(
        bad(r#"{"role":"participant","colour":"red"}"#).await,
        (400, "invalid_field".into())
    );

    let r = server
        .create_link(json!({"role": "rapporteur", "group": "wg2"}))
        .await;
    assert_eq!(r["scope"], "wg2");
    assert!(r["link"].as_str().unwrap().contains("/#token="));
    let list: serde_json::Value = server
        .http
        .get(&url)
        .bearer_auth(&server.organiser)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        list.to_string()
            .find(r["token"].as_str().unwrap())
            .is_none(),
        "tokens are never listed"
    );
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404_not_the_web_client() {
    let server = TestServer::start().await;
    let res = reqwest::get(server.url("/api/v1/nothing-here"))
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}
