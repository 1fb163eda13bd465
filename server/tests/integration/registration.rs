//! Registration, CSV import, balanced assignment, links and purge, over
//! real HTTP (and the `roundtable` binary for the CLI paths).
//!
//! The built-in example's deadline (31 January 2021) has passed, so the
//! happy paths run a copy of it whose dates are moved to 2099. The deadline
//! edge itself (23:59 and 00:01 Bangkok) is tested with an injected clock
//! in `server/src/registration/rules/tests.rs`.

mod assignment;
mod import;
mod links;
mod purge;
mod rules;

pub use std::path::{Path, PathBuf};

pub use roundtable::Config;
pub use roundtable_consultation::Consultation;
pub use serde_json::{Value, json};

pub use crate::support::*;

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
