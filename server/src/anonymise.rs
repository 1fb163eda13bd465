//! The anonymity boundary.
//!
//! A participant's post arrives with an identity attached (the server must
//! know who is connected to run the meeting). [`Anonymiser::anonymise`] is
//! the one place where a post becomes something the notes store accepts: a
//! [`NewContribution`], whose fields are private to this module. It has no
//! author, session, address or precise time, so identity cannot reach the
//! notes store and still compile.
//!
//! Two keyed hashes make retries and authorship checks possible without a
//! link to the author:
//! - the contribution's id is a UUID v4 whose 122 random bits are
//!   HMAC(secret, "id", consultation, author, client idempotency key): as
//!   unpredictable as a random id to anyone without the secret, and a
//!   retried post maps to the same id, so the primary key alone makes
//!   storing idempotent (one B-tree per insert instead of two);
//! - the edit key = HMAC(secret, "edit", consultation, author, idempotency
//!   key) is returned only to the author; the store keeps its SHA-256.
//!
//! The secret lives on the identity side, so the notes store alone cannot
//! recompute either.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A contribution as clients and exports see it: no author, no time, no
/// arrival order.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Contribution {
    /// Pseudo-random id (UUID v4; see the module documentation).
    pub id: Uuid,
    /// `plenary` or a working-group slug.
    pub room: String,
    /// Objective number.
    pub objective: u32,
    /// Review-question key.
    pub question: String,
    /// The (redacted) text.
    pub text: String,
    /// Agenda phase index during which it was posted: the only time kept.
    pub phase: u32,
    /// Upvotes (its own; a merge survivor's total adds its merged items').
    pub votes: u32,
    /// Marked as a key point by the rapporteur.
    pub key_point: bool,
    /// Merged by the rapporteur into this other contribution.
    pub merged_into: Option<Uuid>,
    /// The rapporteur's clarifying note.
    pub note: Option<String>,
    /// Organisations mentioned as content (not redacted): the rapporteur
    /// checks they do not identify the author.
    pub org_mentions: u32,
}

/// What the notes store accepts. Only [`Anonymiser::anonymise`] builds one.
#[derive(Debug)]
pub struct NewContribution {
    contribution: Contribution,
    pending: bool,
    consultation: String,
    edit_hash: [u8; 32],
}

impl NewContribution {
    /// The unattributed contribution.
    pub fn contribution(&self) -> &Contribution {
        &self.contribution
    }
    /// Collected for a later reveal rather than shown at once.
    pub fn pending(&self) -> bool {
        self.pending
    }
    /// The consultation slug.
    pub fn consultation(&self) -> &str {
        &self.consultation
    }
    /// SHA-256 of the edit key.
    pub fn edit_hash(&self) -> &[u8; 32] {
        &self.edit_hash
    }
}

/// A post as it arrives, still next to its author. Not storable.
pub struct Draft<'a> {
    /// Consultation slug.
    pub consultation: &'a str,
    /// Room the author is in.
    pub room: &'a str,
    /// Objective number (already validated against the room).
    pub objective: u32,
    /// Review-question key (already validated).
    pub question: &'a str,
    /// The text as typed.
    pub text: &'a str,
    /// The client's idempotency key.
    pub key: &'a str,
    /// The author's account. It keys the two hashes (so nobody else can
    /// claim a post by reusing its idempotency key) and goes no further:
    /// without the client's random key, which is never stored, the hashes
    /// cannot be recomputed for any account.
    pub author: Uuid,
    /// Current agenda phase index.
    pub phase: u32,
    /// The room collects contributions hidden until a reveal.
    pub pending: bool,
    /// Organisation mentions the redactor flagged.
    pub org_mentions: u32,
}

/// Builds storable contributions out of drafts.
#[derive(Clone)]
pub struct Anonymiser {
    secret: [u8; 32],
}

type HmacSha256 = Hmac<Sha256>;

impl Anonymiser {
    /// An anonymiser keyed with the identity side's secret.
    pub fn new(secret: [u8; 32]) -> Self {
        Anonymiser { secret }
    }

    fn keyed(&self, label: &str, consultation: &str, author: Uuid, key: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        let author = author.simple().to_string();
        for part in [label, consultation, author.as_str(), key] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.finalize().into_bytes().into()
    }

    /// Strips the author and returns the storable contribution plus the edit
    /// key for the author's acknowledgement. `text` must already be the
    /// redacted text (see [`crate::live::Live::redact`]).
    pub fn anonymise(&self, draft: Draft<'_>) -> (NewContribution, String) {
        let edit_key =
            URL_SAFE_NO_PAD.encode(self.keyed("edit", draft.consultation, draft.author, draft.key));
        let id = self.keyed("id", draft.consultation, draft.author, draft.key);
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&id[..16]);
        let contribution = Contribution {
            id: uuid::Builder::from_random_bytes(bytes).into_uuid(),
            room: draft.room.to_owned(),
            objective: draft.objective,
            question: draft.question.to_owned(),
            text: draft.text.to_owned(),
            phase: draft.phase,
            votes: 0,
            key_point: false,
            merged_into: None,
            note: None,
            org_mentions: draft.org_mentions,
        };
        let new = NewContribution {
            contribution,
            pending: draft.pending,
            consultation: draft.consultation.to_owned(),
            edit_hash: edit_hash(&edit_key),
        };
        (new, edit_key)
    }

    /// A ballot: one participant's vote on one contribution, as the notes
    /// store keeps it. Keyed with the consultation's vote secret (identity
    /// side, destroyed when the consultation closes), so the store alone
    /// cannot tell who voted, nor link two ballots of one voter.
    pub fn ballot(vote_secret: &[u8; 32], account: uuid::Uuid, contribution: Uuid) -> [u8; 32] {
        Self::keyed_ballot(vote_secret, "vote", account, contribution)
    }

    /// A report ballot: like [`Anonymiser::ballot`], under another label,
    /// so one person's report counts once, even across restarts.
    pub fn report_ballot(
        vote_secret: &[u8; 32],
        account: uuid::Uuid,
        contribution: Uuid,
    ) -> [u8; 32] {
        Self::keyed_ballot(vote_secret, "report", account, contribution)
    }

    fn keyed_ballot(
        vote_secret: &[u8; 32],
        label: &str,
        account: uuid::Uuid,
        contribution: Uuid,
    ) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(vote_secret).expect("HMAC takes any key length");
        if label != "vote" {
            // Votes keep their original keying (no label) so ballots
            // stored before labels existed still match.
            mac.update(label.as_bytes());
        }
        mac.update(account.as_bytes());
        mac.update(contribution.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// SHA-256 of an edit key, as the notes store keeps it.
pub fn edit_hash(edit_key: &str) -> [u8; 32] {
    Sha256::digest(edit_key.as_bytes()).into()
}

/// A draft for tests: one author, one room, the given idempotency key.
#[cfg(test)]
pub(crate) fn test_draft(key: &str) -> Draft<'_> {
    Draft {
        consultation: "c",
        room: "wg1",
        objective: 1,
        question: "progress",
        text: "Data should be disaggregated by sex.",
        key,
        author: Uuid::from_u128(42),
        phase: 2,
        pending: false,
        org_mentions: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::test_draft as draft;
    use super::*;

    #[test]
    fn same_idempotency_key_gives_the_same_id_and_edit_key() {
        let a = Anonymiser::new([7; 32]);
        let (one, k1) = a.anonymise(draft("k-1"));
        let (two, k2) = a.anonymise(draft("k-1"));
        assert_eq!(one.contribution().id, two.contribution().id);
        assert_eq!(k1, k2);
        assert_eq!(one.edit_hash(), &edit_hash(&k1));
        assert_eq!(one.contribution().id.get_version_num(), 4);
        let (three, _) = a.anonymise(draft("k-2"));
        assert_ne!(one.contribution().id, three.contribution().id);
    }

    #[test]
    fn another_author_reusing_a_key_gets_neither_the_row_nor_the_capability() {
        let a = Anonymiser::new([3; 32]);
        let (mine, my_key) = a.anonymise(draft("shared-key"));
        let mut theirs = draft("shared-key");
        theirs.author = Uuid::from_u128(43);
        let (other, their_key) = a.anonymise(theirs);
        assert_ne!(mine.contribution().id, other.contribution().id);
        assert_ne!(my_key, their_key);
    }

    #[test]
    fn hashes_depend_on_the_secret_and_the_key() {
        let (a, ka) = Anonymiser::new([1; 32]).anonymise(draft("k"));
        let (b, kb) = Anonymiser::new([2; 32]).anonymise(draft("k"));
        let (c, _) = Anonymiser::new([1; 32]).anonymise(draft("other"));
        assert_ne!(a.contribution().id, b.contribution().id);
        assert_ne!(ka, kb);
        assert_ne!(a.contribution().id, c.contribution().id);
        // The edit key is not derivable from what the store keeps.
        assert_ne!(a.contribution().id.as_bytes()[..], edit_hash(&ka)[..16]);
    }
}
