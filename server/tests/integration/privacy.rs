//! The notes store never holds an identity: a byte scan of the database,
//! its WAL and shared-memory file.

use crate::support::*;

const PEOPLE: &[(&str, &str, &str)] = &[
    (
        "Zanthia Quorrelby",
        "zanthia.q@canary-mail.example",
        "Vexmoor Migrant Canary Alliance",
    ),
    (
        "Pemberton Oxlade-Rusk",
        "p.oxlade@canary-mail.example",
        "Quillfeather Diaspora Canary Network",
    ),
    (
        "Thandiwe Nakashima-Brill",
        "tnb@canary-mail.example",
        "Orrington Canary Labour Institute",
    ),
];

#[tokio::test]
async fn named_participants_leave_no_identity_in_the_notes_files() {
    let server = TestServer::start().await;
    let mut tokens = Vec::new();
    for (i, (name, email, org)) in PEOPLE.iter().enumerate() {
        let room = if i % 2 == 0 { "wg1" } else { "wg2" };
        let (_, t) = server.named(room, name, email, org).await;
        tokens.push(t);
    }
    for (i, t) in tokens.iter().enumerate() {
        let mut c = server.client(t).await;
        let objective = if c.room == "wg1" { 1 } else { 7 };
        for j in 0..5 {
            let ack = c
                .post(
                    objective,
                    "recommendations",
                    &format!("Recommendation {i}-{j} on safe migration."),
                    &key(),
                )
                .await;
            assert_eq!(ack["type"], "ack");
        }
    }
    let mut needles: Vec<String> = Vec::new();
    for (name, email, org) in PEOPLE {
        needles.extend([name.to_string(), email.to_string(), org.to_string()]);
        needles.extend(name.split(' ').map(str::to_owned));
    }
    needles.extend(tokens.iter().cloned());
    let data = server.data.clone();
    // While running (content in the WAL) and after a clean stop.
    let scan = |when: &str| {
        let files = notes_files(&data);
        assert!(files[0].exists());
        let mut scanned = 0;
        for f in &files {
            if let Ok(meta) = std::fs::metadata(f) {
                scanned += meta.len();
            }
            for n in &needles {
                let hits = byte_hits(f, n);
                assert!(
                    hits.is_empty(),
                    "{when}: found an identity in {} at {hits:?}",
                    f.display()
                );
            }
        }
        assert!(scanned > 0);
    };
    scan("running");
    // The identity store does hold them: the scan is able to find things.
    assert!(
        !byte_hits(&data.join("identity.db"), PEOPLE[0].0).is_empty()
            || !byte_hits(&data.join("identity.db-wal"), PEOPLE[0].0).is_empty()
    );
    let tmp = server.stop().await;
    scan("stopped");
    drop(tmp);
}

/// Kendall's tau between two orderings of the same ids.
fn kendall_tau(order: &[String], reference: &[String]) -> f64 {
    let rank: std::collections::HashMap<&str, usize> = reference
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let r: Vec<usize> = order.iter().map(|id| rank[id.as_str()]).collect();
    let (mut concordant, mut discordant) = (0i64, 0i64);
    for i in 0..r.len() {
        for j in i + 1..r.len() {
            if r[i] < r[j] {
                concordant += 1;
            } else {
                discordant += 1;
            }
        }
    }
    (concordant - discordant) as f64 / (concordant + discordant) as f64
}

#[tokio::test]
async fn snapshot_and_export_order_do_not_reveal_submission_order() {
    let config = roundtable::Config {
        rate_per_sec: 10_000.0,
        rate_burst: 10_000.0,
        ..Default::default()
    };
    let server = TestServer::start_with(config).await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    // Pipeline the posts (acks come after group commits), in a known order.
    let mut submitted = Vec::new();
    let keys: Vec<String> = (0..500).map(|_| key()).collect();
    for (i, k) in keys.iter().enumerate() {
        c.send(serde_json::json!({"type": "post", "objective": 1, "question": "progress", "text": format!("Point number {i}"), "key": k})).await;
    }
    let mut by_key = std::collections::HashMap::new();
    while by_key.len() < 500 {
        let m = c.recv_until(|m| m["type"] == "ack").await;
        by_key.insert(
            m["key"].as_str().unwrap().to_owned(),
            m["id"].as_str().unwrap().to_owned(),
        );
    }
    for k in &keys {
        submitted.push(by_key[k].clone());
    }
    let fresh = server.client(&t).await;
    let snapshot: Vec<String> = fresh.start["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(snapshot.len(), 500);
    let tau = kendall_tau(&snapshot, &submitted);
    println!("snapshot order: Kendall tau = {tau:.4}");
    assert!(
        tau.abs() < 0.1,
        "snapshot order follows submission order: tau = {tau}"
    );

    let json: serde_json::Value = server
        .http
        .get(
            server
                .url("/api/v1/consultations/gcm-asia-pacific-2021-4/export?format=json&group=wg1"),
        )
        .bearer_auth(&server.organiser)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut exported = Vec::new();
    for g in json["groups"].as_array().unwrap() {
        for o in g["objectives"].as_array().unwrap() {
            for q in o["questions"].as_array().unwrap() {
                for item in q["items"].as_array().unwrap() {
                    exported.push(item["id"].as_str().unwrap().to_owned());
                }
            }
        }
    }
    assert_eq!(exported.len(), 500);
    let tau = kendall_tau(&exported, &submitted);
    println!("export order: Kendall tau = {tau:.4}");
    assert!(
        tau.abs() < 0.1,
        "export order follows submission order: tau = {tau}"
    );
}

#[test]
fn kendall_tau_is_one_for_the_same_order_and_minus_one_reversed() {
    let a: Vec<String> = (0..10).map(|i| i.to_string()).collect();
    let mut b = a.clone();
    assert_eq!(kendall_tau(&a, &b), 1.0);
    b.reverse();
    assert_eq!(kendall_tau(&b, &a), -1.0);
}

#[tokio::test]
async fn no_notes_table_can_hold_an_identity_or_a_precise_time() {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    server
        .client(&t)
        .await
        .post(1, "progress", "x", &key())
        .await;
    let data = server.data.clone();
    let _tmp = server.stop().await;
    let conn = rusqlite::Connection::open(data.join("notes.db")).unwrap();
    let mut tables: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.sort();
    assert!(!tables.is_empty());
    let forbidden = [
        "author",
        "participant",
        "account",
        "user",
        "session",
        "token",
        "conn",
        "ip",
        "addr",
        "email",
        "name",
        "organisation",
        "organization",
        "device",
        "agent",
        "time",
        "date",
        "created",
        "updated",
        "at",
        "seq",
        "order",
        "position",
        "rank",
        "counter",
        "rowid",
    ];
    for (table, sql) in &tables {
        assert!(
            sql.contains("WITHOUT ROWID"),
            "{table} keeps a rowid, which records insertion order"
        );
        assert!(
            !sql.to_uppercase().contains("AUTOINCREMENT"),
            "{table} uses AUTOINCREMENT"
        );
        let cols: Vec<(String, String)> = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(1).unwrap(),
                    r.get::<_, String>(2).unwrap(),
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (col, ty) in cols {
            let words: Vec<&str> = col.split('_').collect();
            for f in forbidden {
                assert!(
                    !words.contains(&f),
                    "{table}.{col} looks like it could hold an identity or a time"
                );
            }
            let ty = ty.to_uppercase();
            assert!(
                !ty.contains("DATE") && !ty.contains("TIME"),
                "{table}.{col} has a time type {ty}"
            );
        }
    }
}

#[tokio::test]
async fn a_retracted_or_deleted_canary_text_is_gone_from_the_database_and_the_wal_after_a_checkpoint()
 {
    let server = TestServer::start().await;
    let (_, t) = server.participant("wg1").await;
    let mut c = server.client(&t).await;
    let mut fac = server.client(&server.facilitator(None).await).await;
    let abusive = c
        .post(
            1,
            "progress",
            "Obnoxious-Canary-Deletion-5521 abuse",
            &key(),
        )
        .await;
    assert_eq!(
        fac.refused(serde_json::json!({"type": "delete", "id": abusive["id"]}))
            .await,
        "conflict",
        "hide first"
    );
    fac.act(serde_json::json!({"type": "hide", "id": abusive["id"]}))
        .await;
    fac.act(serde_json::json!({"type": "delete", "id": abusive["id"]}))
        .await;
    let canary = "Quixotic-Canary-Retraction-7341 should vanish";
    let ack = c.post(1, "progress", canary, &key()).await;
    let keep = c
        .post(1, "progress", "Another point that stays.", &key())
        .await;
    assert_eq!(keep["type"], "ack");
    c.act(serde_json::json!({"type": "retract", "id": ack["id"], "edit_key": ack["edit_key"]}))
        .await;
    let data = server.data.clone();
    let _tmp = server.stop().await; // a clean stop checkpoints and truncates the WAL
    for f in notes_files(&data) {
        assert!(
            byte_hits(&f, "Quixotic-Canary-Retraction-7341").is_empty(),
            "retracted text left in {}",
            f.display()
        );
    }
    assert!(
        !byte_hits(&data.join("notes.db"), "Another point that stays").is_empty(),
        "the scan can find text"
    );
}
