//! The organiser API, as loadgen uses it: find the consultation and its
//! rooms, and create participants placed in a room.

use std::time::Duration;

use anyhow::{Context as _, bail};
use serde::Deserialize;
use serde_json::json;

use crate::target::Target;

/// The plenary room's id.
pub const PLENARY: &str = "plenary";

/// An organiser session against one server.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base: String,
    organiser: String,
}

/// A participant loadgen created: its token and room.
#[derive(Debug, Clone)]
pub struct Participant {
    /// The personal token for `hello`.
    pub token: String,
    /// The room the participant was placed in.
    pub room: String,
}

#[derive(Deserialize)]
struct Summary {
    slug: String,
}

#[derive(Deserialize)]
struct Model {
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    slug: String,
}

#[derive(Deserialize)]
struct Created {
    token: String,
    room: Option<String>,
}

impl Api {
    /// A client for `target` acting as the organiser.
    pub fn new(target: &Target, organiser: String) -> anyhow::Result<Api> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .no_proxy()
            .build()
            .context("building the HTTP client")?;
        Ok(Api {
            http,
            base: target.http.clone(),
            organiser,
        })
    }

    /// The consultation to use: `wanted`, or the server's only one.
    pub async fn consultation(&self, wanted: Option<&str>) -> anyhow::Result<String> {
        let url = format!("{}/api/v1/consultations", self.base);
        let res = self
            .http
            .get(&url)
            .send()
            .await
            .with_context(|| format!("GET {url}: is the server running?"))?;
        let all: Vec<Summary> = res
            .error_for_status()?
            .json()
            .await
            .context("reading the consultation list")?;
        let slugs: Vec<String> = all.into_iter().map(|s| s.slug).collect();
        match wanted {
            Some(w) if slugs.iter().any(|s| s == w) => Ok(w.to_owned()),
            Some(w) => bail!("the server has no consultation {w:?} (it has {slugs:?})"),
            None if slugs.len() == 1 => Ok(slugs[0].clone()),
            None => bail!(
                "the server runs {} consultations ({slugs:?}); choose one with --consultation",
                slugs.len()
            ),
        }
    }

    /// Room ids of a consultation: the plenary, then every working group.
    pub async fn rooms(&self, slug: &str) -> anyhow::Result<Vec<String>> {
        let url = format!("{}/api/v1/consultations/{slug}", self.base);
        let model: Model = self
            .http
            .get(&url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(std::iter::once(PLENARY.to_owned())
            .chain(model.groups.into_iter().map(|g| g.slug))
            .collect())
    }

    /// Creates a participant and places it in `room`.
    ///
    /// Today placement is part of link creation (`room` in the request).
    /// When the protocol's `move` lands, this is the one function to change:
    /// create the link without a room and move the participant over its
    /// websocket.
    pub async fn place(&self, slug: &str, room: &str) -> anyhow::Result<Participant> {
        let url = format!("{}/api/v1/consultations/{slug}/links", self.base);
        let res = self
            .http
            .post(&url)
            .bearer_auth(&self.organiser)
            .json(&json!({"role": "participant", "room": room}))
            .send()
            .await
            .with_context(|| format!("POST {url}"))?;
        let status = res.status();
        if !status.is_success() {
            let body = res.text().await.unwrap_or_default();
            bail!("creating a participant failed: {status}: {body}");
        }
        let created: Created = res.json().await.context("reading the created link")?;
        if created.room.as_deref().is_some_and(|r| r != room) {
            bail!(
                "asked for room {room:?}, the server placed the participant in {:?}",
                created.room
            );
        }
        Ok(Participant {
            token: created.token,
            room: room.to_owned(),
        })
    }
}
