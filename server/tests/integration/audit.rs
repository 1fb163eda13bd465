//! The canary run: a scripted consultation with canary identities through
//! every feature, then `roundtable audit` over the notes store, the server
//! log and every export must report 0 hits — and a planted name must fail it.

use std::path::Path;
use std::process::Command;

use futures_util::SinkExt;
use serde_json::{Value, json};

use crate::durability::{start_with_log, token_of};
use crate::support::*;

const SLUG: &str = "gcm-asia-pacific-2021-4";
const CANARIES: &[(&str, &str, &str, &str)] = &[
    (
        "Zebediah Canaryworth",
        "zebediah@canary-audit.example",
        "Vexmoor Canary Alliance",
        "wg1",
    ),
    (
        "Philippa Wrenstock",
        "p.wrenstock@canary-audit.example",
        "Harrowgate Canary Institute",
        "wg1",
    ),
    (
        "Cassius Ombrellino",
        "cassius.o@canary-audit.example",
        "Quenby Canary Workers Union",
        "wg2",
    ),
];

struct Api {
    base: String,
    organiser: String,
    http: reqwest::Client,
}

impl Api {
    async fn link(&self, body: Value) -> String {
        let v: Value = self
            .http
            .post(format!("{}/api/v1/consultations/{SLUG}/links", self.base))
            .bearer_auth(&self.organiser)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["token"].as_str().unwrap().to_owned()
    }

    async fn export(&self, token: &str, query: &str) -> Vec<u8> {
        let res = self
            .http
            .get(format!(
                "{}/api/v1/consultations/{SLUG}/export?{query}",
                self.base
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "export {query}");
        res.bytes().await.unwrap().to_vec()
    }
}

fn audit(data: &Path, log: &Path, exports: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .args(["audit", "--data"])
        .arg(data)
        .arg("--logs")
        .arg(log)
        .arg("--exports")
        .arg(exports)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn a_canary_consultation_leaves_zero_audit_hits_and_a_planted_name_fails_the_audit() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let exports = tmp.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let log = tmp.path().join("roundtable.log");
    let bin = start_with_log(&data, Some(&log));
    let api = Api {
        base: bin.base.clone(),
        organiser: token_of(bin.organiser_link.as_ref().unwrap()),
        http: reqwest::Client::new(),
    };
    let ws = bin.base.replace("http://", "ws://") + "/ws";

    let mut people = Vec::new();
    for (name, email, org, group) in CANARIES {
        let t = api.link(json!({"role": "participant", "group": group, "name": name, "email": email, "organisation": org})).await;
        people.push(t);
    }
    let fac_token = api.link(json!({"role": "facilitator"})).await;
    let rap_token = api
        .link(json!({"role": "rapporteur", "group": "wg1"}))
        .await;
    let mut fac = TestClient::join(&ws, &fac_token, None).await;
    let mut a = TestClient::join(&ws, &people[0], None).await;
    let mut b = TestClient::join(&ws, &people[1], None).await;
    let mut c = TestClient::join(&ws, &people[2], None).await;
    let mut rap = TestClient::join(&ws, &rap_token, None).await;

    // Errors along the way.
    a.ws.send(tokio_tungstenite::tungstenite::Message::Text(
        "{oops Zebediah".into(),
    ))
    .await
    .unwrap();
    a.recv_until(|m| m["type"] == "error").await;
    assert_eq!(
        a.refused(json!({"type": "hide", "id": uuid::Uuid::new_v4()}))
            .await,
        "not_found"
    );

    // Working groups; posts that name, contact and affiliate canaries.
    fac.send(json!({"type": "set_phase", "index": 2})).await;
    a.moved_to("wg1").await;
    b.moved_to("wg1").await;
    c.moved_to("wg2").await;
    rap.send(json!({"type": "visit", "room": "wg1"})).await;
    rap.moved_to("wg1").await;
    let p1 = a
        .post(
            1,
            "progress",
            "As Philippa Wrenstock said, data by sex is missing.",
            &key(),
        )
        .await;
    let p2 = b
        .post(
            1,
            "progress",
            "We at Vexmoor Canary Alliance see the same; mail zebediah@canary-audit.example.",
            &key(),
        )
        .await;
    let p3 = b
        .post(
            3,
            "challenges",
            "Zebediah's point on information gaps stands.",
            &key(),
        )
        .await;
    let p4 = c
        .post(
            7,
            "practices",
            "Speaking for Quenby Canary Workers Union: firewalls work. Cassius out.",
            &key(),
        )
        .await;
    a.send(json!({"type": "preview", "text": "Cassius Ombrellino agrees"}))
        .await;
    a.recv_until(|m| m["type"] == "preview").await;
    // Votes, reports, moderation, curation, summary, reveal.
    a.act(json!({"type": "vote", "id": p2["id"]})).await;
    b.act(json!({"type": "vote", "id": p1["id"]})).await;
    b.act(json!({"type": "report", "id": p1["id"]})).await;
    fac.act(json!({"type": "hide", "id": p3["id"]})).await;
    rap.act(json!({"type": "merge", "id": p2["id"], "into": p1["id"]}))
        .await;
    rap.act(json!({"type": "key_point", "id": p1["id"], "on": true}))
        .await;
    rap.act(json!({"type": "note", "id": p1["id"], "text": "Philippa Wrenstock's framing."}))
        .await;
    rap.send(json!({"type": "summary", "objective": 1, "text": "Zebediah Canaryworth and others stressed data gaps.", "version": 0})).await;
    rap.recv_until(|m| m["type"] == "summary_saved").await;
    fac.send(json!({"type": "collect", "room": "wg2", "on": true}))
        .await;
    c.recv_until(|m| m["type"] == "meeting").await;
    c.post(
        17,
        "challenges",
        "Cassius Ombrellino notes hate speech online.",
        &key(),
    )
    .await;
    fac.send(json!({"type": "reveal", "room": "wg2"})).await;
    c.recv_until(|m| m["type"] == "revealed").await;
    a.act(json!({"type": "edit", "id": p1["id"], "edit_key": p1["edit_key"], "text": "As Philippa said: data by sex is missing."})).await;
    b.send(json!({"type": "help"})).await;
    b.recv_until(|m| m["type"] == "help_status").await;
    // A reconnect with resume.
    let resume = c.resume_point();
    drop(c);
    a.post(
        23,
        "recommendations",
        "Regional compact, says Zebediah.",
        &key(),
    )
    .await;
    let c = TestClient::join(&ws, &people[2], Some(resume)).await;
    assert_eq!(c.room, "wg2");
    assert!(p4["redactions"].as_array().unwrap().len() >= 2);
    fac.send(json!({"type": "advance"})).await;
    a.moved_to("plenary").await;

    // Exports of every format and scope, over HTTP and the CLI.
    for f in ["md", "csv", "json", "docx"] {
        for (i, scope) in ["", "&group=wg1", "&group=wg2", "&objective=1"]
            .iter()
            .enumerate()
        {
            let bytes = api
                .export(&api.organiser, &format!("format={f}{scope}"))
                .await;
            std::fs::write(exports.join(format!("notes-{i}.{f}")), bytes).unwrap();
        }
        let bytes = api.export(&rap_token, &format!("format={f}")).await;
        std::fs::write(exports.join(format!("rapporteur.{f}")), bytes).unwrap();
    }
    drop((a, b, c, fac, rap));
    // A clean stop (SIGTERM), as an operator would.
    Command::new("kill")
        .arg("-TERM")
        .arg(bin.child.id().to_string())
        .status()
        .unwrap();
    let mut bin = bin;
    let _ = bin.child.wait();

    let (ok, out) = audit(&data, &log, &exports);
    println!("{out}");
    assert!(ok, "the audit found identities:\n{out}");
    assert!(out.contains(" 0 hits"), "{out}");
    assert!(
        std::fs::metadata(&log).unwrap().len() > 0,
        "the log was written"
    );

    // Plant one name in an export: the audit must now fail.
    std::fs::write(
        exports.join("planted.md"),
        "Notes taken by Philippa Wrenstock.\n",
    )
    .unwrap();
    let (ok, out) = audit(&data, &log, &exports);
    assert!(!ok, "a planted name must fail the audit:\n{out}");
    assert!(out.contains("HIT") && out.contains("planted.md"));
    assert!(
        !out.contains("Philippa"),
        "the audit never prints the identity it found"
    );
}
