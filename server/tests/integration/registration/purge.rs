//! Purging registrants' personal data.

use super::*;

const CANARIES: &[(&str, &str, &str)] = &[
    (
        "Zanthia Quorrelby",
        "zanthia.q@purge-canary.example",
        "Vexmoor Purge Canary Alliance",
    ),
    (
        "Pemberton Oxlade",
        "p.oxlade@purge-canary.example",
        "Quillfeather Purge Canary Network",
    ),
    (
        "Thandiwe Brillstone",
        "tbrill@purge-canary.example",
        "Orrington Purge Canary Institute",
    ),
];

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

#[tokio::test]
async fn purge_leaves_no_registrant_bytes_in_the_identity_files_and_keeps_every_contribution() {
    let s = open_server().await;
    let mut tokens = Vec::new();
    for (name, email, org) in CANARIES {
        let (status, body) = register(&s, person(name, email, org)).await;
        assert_eq!(status, 201);
        tokens.push(body["token"].as_str().unwrap().to_owned());
    }
    let (status, _) = post(
        &s,
        "/aliases",
        &json!({"alias": "VMPCANARY", "name": CANARIES[0].2}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 201);
    for t in &tokens {
        let mut c = s.client(t).await;
        for j in 0..3 {
            let ack = c
                .post(
                    1,
                    "recommendations",
                    &format!("Recommendation {j} on safe migration."),
                    &key(),
                )
                .await;
            assert_eq!(ack["type"], "ack");
        }
    }
    let data = s.data.clone();
    let tmp = s.stop().await;
    let notes_before = bytes(&data.join("notes.db"));
    let d = data.to_str().unwrap();
    // Without --yes nothing happens.
    let (code, out) = cli(&["purge", "--consultation", SLUG, "--data", d]).await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("would delete 3 registrations"), "{out}");
    let (code, out) = cli(&["purge", "--consultation", SLUG, "--data", d, "--yes"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 registrations"), "{out}");

    let identity: Vec<PathBuf> = ["identity.db", "identity.db-wal", "identity.db-shm"]
        .iter()
        .map(|f| data.join(f))
        .collect();
    assert!(identity[0].exists());
    let mut needles: Vec<&str> = vec!["VMPCANARY"];
    for (name, email, org) in CANARIES {
        needles.extend([*name, *email, *org]);
        needles.extend(name.split(' '));
    }
    for f in &identity {
        for n in &needles {
            assert!(
                byte_hits(f, n).is_empty(),
                "{n:?} is still in {}",
                f.display()
            );
        }
    }
    assert!(!notes_before.is_empty());
    assert!(
        notes_before == bytes(&data.join("notes.db")),
        "the notes store was not touched"
    );

    let s = TestServer::start_in_with_models(&data, Config::default(), vec![open_model()]).await;
    assert_eq!(get_json(&s, "/registrations").await, json!([]));
    let mut ws = TestClient::raw(&s.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": tokens[0]}),
    )
    .await;
    assert_eq!(
        recv(&mut ws).await["code"],
        "unauthorized",
        "purged links are gone"
    );
    s.stop().await;
    let notes = roundtable::storage::SqliteNotes::open(&data).unwrap();
    use roundtable::storage::NotesStore as _;
    let stored = notes.load(SLUG).await.unwrap();
    assert_eq!(
        stored.len(),
        9,
        "every contribution is still in the notes store"
    );
    drop(tmp);
}
