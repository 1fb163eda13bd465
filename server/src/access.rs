//! Roles, tokens and who may do what.
//!
//! A token is 256 random bits, shown once (in a link's URL fragment) and
//! stored only as its SHA-256. Clients present it in the first websocket
//! message or an `Authorization: Bearer` header, never in a query string.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the whole server: consultations, links, exports, purge.
    Organiser,
    /// Runs one room, or every room when unscoped.
    Facilitator,
    /// Curates and exports one working group.
    Rapporteur,
    /// Posts, votes, edits and retracts their own contributions.
    Participant,
}

impl Role {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Facilitator => "facilitator",
            Role::Rapporteur => "rapporteur",
            Role::Participant => "participant",
        }
    }

    /// Facilitators and the organiser: they get staff messages (help and
    /// moderation queues, rosters) and see collected, unrevealed posts.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Facilitator | Role::Organiser)
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "organiser" => Role::Organiser,
            "facilitator" => Role::Facilitator,
            "rapporteur" => Role::Rapporteur,
            "participant" => Role::Participant,
            _ => return None,
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A freshly made secret token. Its `Debug` never shows the value.
pub struct Token(String);

impl Token {
    /// 256 bits from the operating system's generator.
    pub fn generate() -> Token {
        Token(URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
    }

    /// The token text, to put in a link once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the identity store keeps.
    pub fn hash(&self) -> [u8; 32] {
        hash_token(&self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(..)")
    }
}

/// SHA-256 of a presented token.
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.trim().as_bytes()).into()
}

/// `N` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random generator failed");
    b
}

/// The token from an `Authorization: Bearer ...` header value.
pub fn bearer(value: &str) -> Option<&str> {
    let (scheme, rest) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

/// True when a query string carries anything that looks like a credential.
/// Such requests are refused: query strings end up in proxy logs and
/// browser history.
pub fn query_has_token(query: &str) -> bool {
    query.split('&').any(|pair| {
        let key = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
        matches!(
            key.as_str(),
            "token" | "access_token" | "t" | "auth" | "key" | "bearer"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hash_stably() {
        let a = Token::generate();
        let b = Token::generate();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), 43, "256 bits in unpadded base64url");
        assert_eq!(a.hash(), hash_token(a.expose()));
        assert_eq!(format!("{a:?}"), "Token(..)");
    }

    #[test]
    fn bearer_header_parsing() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
    }

    #[test]
    fn query_tokens_are_spotted() {
        assert!(query_has_token("token=abc"));
        assert!(query_has_token("x=1&access_token=abc"));
        assert!(!query_has_token("lang=en"));
    }

    #[test]
    fn roles_round_trip() {
        for r in [
            Role::Organiser,
            Role::Facilitator,
            Role::Rapporteur,
            Role::Participant,
        ] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
