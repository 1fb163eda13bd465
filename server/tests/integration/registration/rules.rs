//! Each registration rule over HTTP, with its own error.

use super::*;

#[tokio::test]
async fn the_form_describes_the_rules_and_the_2021_example_is_closed() {
    let s = TestServer::start().await;
    let res = s
        .http
        .get(s.url(&api("/registration")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let form: Value = res.json().await.unwrap();
    assert_eq!(form["open"], false);
    assert_eq!(form["deadline"], "2021-01-31T17:00:00Z");
    assert_eq!(form["deadline_local"], "2021-01-31 24:00");
    assert_eq!(form["time_zone"], "Asia/Bangkok");
    assert_eq!(form["per_organisation_cap"], 2);
    assert!(
        form["chatham_house_notice"]
            .as_str()
            .unwrap()
            .contains("Chatham House Rule")
    );
    assert_eq!(form["categories"].as_array().unwrap().len(), 15);
    assert_eq!(form["genders"].as_array().unwrap().len(), 5);
    let th = form["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "TH")
        .unwrap();
    assert_eq!(th["subregion"], "south_east_asia");
    assert_eq!(form["groups"][1]["slug"], "wg2");

    let (status, body) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    assert_eq!(status, 403);
    assert_eq!(
        error(&body),
        (
            "registration_closed",
            "registration closed at 2021-01-31 24:00 (Asia/Bangkok)"
        )
    );
    // The organiser may still register a walk-in.
    let body = person("Ana Reyes", "ana@example.org", "Org A");
    let (status, _) = post(&s, "/registrations", &body, Some(&s.organiser)).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_registration_returns_a_personal_link_that_joins() {
    let s = open_server().await;
    let form: Value = s
        .http
        .get(s.url(&api("/registration")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(form["open"], true);
    let (status, body) = register(&s, person("Ana Reyes", "ana@example.org", "Org A")).await;
    assert_eq!(status, 201, "{body}");
    let token = body["token"].as_str().unwrap();
    assert_eq!(
        body["link"],
        format!("http://{}/#token={token}", s.addr),
        "the link carries the token in its fragment"
    );
    let mut c = s.client(token).await;
    assert_eq!(c.welcome["role"], "participant");
    // The redactor learnt the new name at registration.
    let ack = c
        .post(
            1,
            "recommendations",
            "Ana Reyes thinks data matters.",
            &key(),
        )
        .await;
    assert_eq!(ack["redactions"][0]["kind"], "name", "{ack}");
    let regs = get_json(&s, "/registrations").await;
    assert_eq!(regs[0]["name"], "Ana Reyes");
    assert_eq!(regs[0]["country"], "TH");
    assert_eq!(regs[0]["subregion"], "south_east_asia");
    assert_eq!(regs[0]["id"], body["id"]);
}

#[tokio::test]
async fn each_field_rule_gives_its_own_error() {
    let s = open_server().await;
    let base = person("Ana Reyes", "ana@example.org", "Org A");
    let cases: &[(&str, Value, &str)] = &[
        ("name", Value::Null, "name: required"),
        ("email", json!("ana@"), "email: not a valid email address"),
        ("organisation", json!("  "), "organisation: required"),
        (
            "category",
            json!("astronauts"),
            "category: not one of this consultation's stakeholder categories",
        ),
        ("gender", json!("unlisted"), "gender: expected woman, man"),
        ("country", json!("Atlantis"), "country: not a known country"),
        (
            "preferred_group",
            json!("wg9"),
            "preferred_group: not a working group",
        ),
        (
            "consent",
            json!(false),
            "consent: you must agree to the Chatham House Rule",
        ),
    ];
    for (field, value, message) in cases {
        let mut body = base.clone();
        body[*field] = value.clone();
        let (status, answer) = register(&s, body).await;
        assert_eq!(status, 400, "{field}");
        let (code, got) = error(&answer);
        assert_eq!(code, "invalid_field", "{field}");
        assert!(got.starts_with(message), "{field}: {got}");
    }
    let mut body = base.clone();
    body.as_object_mut().unwrap().remove("consent");
    let (status, answer) = register(&s, body).await;
    assert_eq!((status, error(&answer).0), (400, "invalid_field"));
    let mut body = base.clone();
    body["nickname"] = json!("x");
    let (status, _) = register(&s, body).await;
    assert_eq!(status, 400, "unknown fields are refused");
    assert_eq!(
        get_json(&s, "/registrations").await,
        json!([]),
        "nothing stored"
    );
}

#[tokio::test]
async fn a_third_person_from_the_migrant_forum_in_asia_is_refused() {
    let s = open_server().await;
    let (status, _) = register(
        &s,
        person("Ana Reyes", "ana@example.org", "migrant forum in asia"),
    )
    .await;
    assert_eq!(status, 201);
    // Before the alias is declared, "MFA" is another organisation.
    let (status, _) = register(&s, person("Ben Ocampo", "ben@example.org", "MFA")).await;
    assert_eq!(status, 201);
    let (status, aliases) = post(
        &s,
        "/aliases",
        &json!({"alias": "MFA", "name": "Migrant Forum in Asia"}),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        aliases,
        json!([{"alias": "MFA", "name": "Migrant Forum in Asia"}])
    );
    // Now both count for the Migrant Forum in Asia: a third is refused,
    // however its name is written.
    let (status, body) = register(
        &s,
        person("Chen Wei", "chen@example.org", "The Migrant Forum in Asia"),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(
        error(&body),
        (
            "organisation_full",
            "this organisation already has 2 registrations, the most allowed"
        )
    );
    let (status, _) = register(&s, person("Chen Wei", "chen@example.org", "Another Org")).await;
    assert_eq!(status, 201, "another organisation is fine");
    // Removing the alias splits them again.
    let res = s
        .http
        .delete(s.url(&api("/aliases")))
        .bearer_auth(&s.organiser)
        .json(&json!({"alias": "mfa"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let (status, _) = register(&s, person("Dita Sari", "dita@example.org", "M.F.A.")).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_duplicate_email_in_another_case_is_refused() {
    let s = open_server().await;
    let (status, _) = register(&s, person("Ana Reyes", "ana.reyes@example.org", "Org A")).await;
    assert_eq!(status, 201);
    let (status, body) = register(&s, person("Ana R.", " Ana.Reyes@EXAMPLE.org", "Org B")).await;
    assert_eq!(status, 409);
    assert_eq!(
        error(&body),
        (
            "duplicate_email",
            "this email address is already registered for this consultation"
        )
    );
}
