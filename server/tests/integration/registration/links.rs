//! Re-issued links, the mail-merge CSV, the registrant export and the demo.

use super::*;

#[tokio::test]
async fn reissued_links_come_as_a_mail_merge_csv_and_old_links_stop_working() {
    let s = open_server().await;
    let (_, ana) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    let (_, ben) = register(&s, person("Ben Ocampo", "ben@example.org", "Org B")).await;
    let res = s
        .http
        .get(s.url(&api("/links.csv")))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        error(&res.json().await.unwrap())
            .1
            .contains("links/reissue")
    );

    let res = s
        .http
        .post(s.url(&api("/links/reissue")))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "name,email,group,link");
    assert_eq!(lines.len(), 3);
    let ana_line = lines
        .iter()
        .find(|l| l.starts_with("Ana Reyes,ana@example.org,,http://"))
        .unwrap();
    let new_token = ana_line.split("#token=").nth(1).unwrap();

    let mut ws = TestClient::raw(&s.ws_url()).await;
    send(
        &mut ws,
        &json!({"type": "hello", "protocol": 1, "token": ana["token"]}),
    )
    .await;
    assert_eq!(
        recv(&mut ws).await["code"],
        "unauthorized",
        "the old link stopped working"
    );
    assert_eq!(s.client(new_token).await.welcome["role"], "participant");

    // Only the selected registrants.
    let res = s
        .http
        .post(s.url(&api("/links/reissue")))
        .bearer_auth(&s.organiser)
        .json(&json!({"ids": [ben["id"]]}))
        .send()
        .await
        .unwrap();
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains("Ben Ocampo"));
    // A participant's token is not the organiser's.
    let res = s
        .http
        .post(s.url(&api("/links/reissue")))
        .bearer_auth(new_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // The registrant export is a CSV from the identity store.
    let res = s
        .http
        .get(s.url(&api("/registrations.csv")))
        .bearer_auth(&s.organiser)
        .send()
        .await
        .unwrap();
    let export = res.text().await.unwrap();
    assert!(export.starts_with("id,name,email,organisation,category,gender,country,subregion"));
    assert_eq!(export.lines().count(), 3);
}

#[tokio::test]
async fn the_demo_seeds_once_and_reissues_its_links_on_a_second_start() {
    use roundtable::access::hash_token;
    let dir = tempfile::tempdir().unwrap();
    let token = |link: &str| link.split("#token=").nth(1).unwrap().to_owned();
    let mut earlier: Vec<(String, String)> = Vec::new();
    for _ in 0..2 {
        let (_stop, stopped) = tokio::sync::watch::channel(false);
        let config = Config {
            data_dir: dir.path().to_owned(),
            ..Config::default()
        };
        let state = roundtable::AppState::open(config, vec![Consultation::example()], stopped)
            .await
            .unwrap();
        let live = state.live(SLUG).unwrap();
        let links = roundtable::registration::demo::seed(&state, &live, "http://demo.test")
            .await
            .unwrap();
        let roles: Vec<&str> = links.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            roles,
            [
                "organiser",
                "plenary facilitator",
                "WG1 facilitator",
                "WG2 facilitator",
                "WG1 rapporteur",
                "WG2 rapporteur",
                "participant in WG1",
                "participant in WG2"
            ]
        );
        let regs = state.identity.registrations(SLUG).await.unwrap();
        assert_eq!(regs.len(), 60, "a second start does not duplicate");
        assert!(regs.iter().all(|r| r.account.group.is_some()));
        assert_eq!(state.identity.list(SLUG).await.unwrap().len(), 60 + 5);
        for (_, link) in &links {
            let found = state.identity.by_token_hash(hash_token(&token(link))).await;
            assert!(found.unwrap().is_some(), "every printed link works");
        }
        for (_, link) in &earlier {
            let found = state.identity.by_token_hash(hash_token(&token(link))).await;
            assert!(
                found.unwrap().is_none(),
                "the previous start's links stop working"
            );
        }
        state.flush().await.unwrap();
        earlier = links;
    }
}
