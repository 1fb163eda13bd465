//! The real binary: first start, and an acknowledged contribution surviving
//! SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::support::*;

pub struct Binary {
    pub child: Child,
    pub base: String,
    pub organiser_link: Option<String>,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `roundtable` on port 0 and reads its banner.
fn start(data: &Path) -> Binary {
    start_with_log(data, None)
}

/// Starts `roundtable` on port 0, its log (at debug level for Roundtable's
/// own crates) going to `log` when given, and reads its banner.
pub fn start_with_log(data: &Path, log: Option<&Path>) -> Binary {
    let stderr = match log {
        Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
        None => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .args(["--bind", "127.0.0.1:0", "--data"])
        .arg(data)
        .env(
            "ROUNDTABLE_LOG",
            if log.is_some() {
                "info,roundtable=debug"
            } else {
                "warn"
            },
        )
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the roundtable binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut base = None;
    let mut organiser_link = None;
    while let Some(Ok(line)) = lines.next() {
        if let Some(rest) = line.split("listening on ").nth(1) {
            base = Some(rest.trim().to_owned());
        }
        if line.contains("#token=") {
            organiser_link = Some(line.trim().to_owned());
        }
        if line.starts_with("Organiser link")
            && organiser_link.is_none()
            && !line.contains("shown once")
        {
            break;
        }
        if organiser_link.is_some() {
            break;
        }
    }
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Binary {
        child,
        base: base.expect("the banner names the URL"),
        organiser_link,
    }
}

pub fn token_of(link: &str) -> String {
    link.split("#token=").nth(1).unwrap().to_owned()
}

#[tokio::test]
async fn first_start_prints_url_and_organiser_link_and_is_healthy() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = start(tmp.path());
    assert!(bin.base.starts_with("http://127.0.0.1:"));
    let link = bin
        .organiser_link
        .clone()
        .expect("first start prints an organiser link");
    assert!(link.starts_with(&bin.base));
    assert!(token_of(&link).len() >= 22, "at least 128 bits");
    let res = reqwest::get(format!("{}/healthz", bin.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    // The organiser token works against the API.
    let res = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/consultations/gcm-asia-pacific-2021-4/links",
            bin.base
        ))
        .bearer_auth(token_of(&link))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_acknowledged_contribution_survives_sigkill() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = start(tmp.path());
    let organiser = token_of(bin.organiser_link.as_ref().unwrap());
    let link: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/consultations/gcm-asia-pacific-2021-4/links",
            bin.base
        ))
        .bearer_auth(&organiser)
        .json(&json!({"role": "participant", "room": "wg2"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = link["token"].as_str().unwrap().to_owned();
    let ws_url = bin.base.replace("http://", "ws://") + "/ws";
    let mut c = TestClient::join(&ws_url, &token, None).await;
    let text = "Acknowledged means on disk, even through kill -9.";
    let ack = c.post(7, "challenges", text, &key()).await;
    assert_eq!(ack["type"], "ack");
    drop(bin); // SIGKILL, right after the ack.

    let bin = start(tmp.path());
    assert!(
        bin.organiser_link.is_none(),
        "the organiser link is shown only on first start"
    );
    let ws_url = bin.base.replace("http://", "ws://") + "/ws";
    let c = TestClient::join(&ws_url, &token, None).await;
    let items = c.start["contributions"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], ack["id"]);
    assert_eq!(items[0]["text"], text);
}
