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
