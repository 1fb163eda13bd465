//! # roundtable-redact
//!
//! The in-text half of the Chatham House guarantee: before a contribution is
//! stored or broadcast, [`Redactor::redact`] replaces what would identify
//! its author or another participant with neutral placeholders:
//!
//! | found | placeholder | module |
//! |---|---|---|
//! | a registered person's name, in full or in part | `[a participant]` | `names` |
//! | an organisation named in a self-identifying phrase ("we at X") or tied to a participant ("Lan from X") | `[an organisation]` | `orgs` |
//! | e-mail addresses | `[email]` | `contact` |
//! | phone numbers | `[phone]` | `phone` |
//! | links | `[link]` | `contact` |
//! | handles (`@someone`, "Skype: …") | `[handle]` | `handles` |
//!
//! Other mentions of a registered organisation are content ("IOM's data
//! portal"): they stay, and are returned as [`Flag`]s for the rapporteur.
//!
//! The redactor is pure: no I/O, no logging, no panics on any input. It is
//! compiled once per consultation from the [`Directory`] (`Redactor::new`)
//! and reused for every contribution. [`Redacted`] entries carry byte ranges
//! into the author's own text and never the matched text, so they can be
//! sent back to the author and counted in logs without leaking anything.
//!
//! One call runs in passes over the text: `contact` (and `phone`, `handles`)
//! find contact details on the raw bytes; `token` splits the rest into words
//! with folded keys (`fold`), each looked up once in the compiled directory
//! (`dict`, word lists in `lexicon`); `orgs` finds organisations and
//! protected place names, then unregistered organisations after strong
//! self-identifying phrases; `names` finds people; `orgs` then decides which
//! organisation mentions are affiliations; the output is assembled here.
//!
//! Matching ignores case and diacritics; the policy for short and
//! common-word name tokens ("Li", "Will", "May") is in `names` and the word
//! lists in `lexicon`. `docs/redaction.md` describes the rules and the
//! measured precision, recall and speed.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod contact;
mod dict;
mod fold;
mod fx;
mod handles;
mod lexicon;
mod names;
mod orgs;
mod phone;
mod text;
mod token;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// The registrations a consultation's redactor knows about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// Full names as registered ("Nguyễn Thị Lan").
    pub people: Vec<String>,
    /// Registered organisations.
    pub organisations: Vec<OrgEntry>,
}

/// A registered organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgEntry {
    /// Its name ("Migrant Forum in Asia"); a leading "The" is ignored.
    pub name: String,
    /// Other names it goes by, usually acronyms ("MFA").
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// What a redaction replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A registered person's name.
    Name,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A link.
    Link,
    /// A social-media handle.
    Handle,
    /// An organisation that reveals an affiliation.
    Affiliation,
}

impl Kind {
    /// The neutral text that replaces a match of this kind.
    pub const fn placeholder(self) -> &'static str {
        match self {
            Kind::Name => "[a participant]",
            Kind::Email => "[email]",
            Kind::Phone => "[phone]",
            Kind::Link => "[link]",
            Kind::Handle => "[handle]",
            Kind::Affiliation => "[an organisation]",
        }
    }
}

/// One replacement. Deliberately without the replaced text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// What was replaced.
    pub kind: Kind,
    /// Byte range in the ORIGINAL text.
    pub start: usize,
    /// End of the byte range (exclusive) in the original text.
    pub end: usize,
    /// What it was replaced with.
    pub placeholder: &'static str,
}

/// What a flag points the rapporteur to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A registered organisation mentioned as content, left in the text.
    OrganisationMention,
}

/// Something left in the text for the rapporteur to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Why it is flagged.
    pub kind: FlagKind,
    /// Byte range in the REDACTED output text.
    pub start: usize,
    /// End of the byte range (exclusive) in the output text.
    pub end: usize,
}

/// The result of redacting one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// The text with placeholders.
    pub text: String,
    /// The replacements, in text order, disjoint.
    pub redactions: Vec<Redacted>,
    /// Organisation mentions kept in `text`, in text order.
    pub flags: Vec<Flag>,
}

impl Redaction {
    /// How many replacements of `kind` were made (what a log may record).
    pub fn count(&self, kind: Kind) -> usize {
        self.redactions.iter().filter(|r| r.kind == kind).count()
    }
}

/// Compiled matchers for one consultation's directory.
#[derive(Clone)]
pub struct Redactor {
    dict: dict::Dict,
}

impl std::fmt::Debug for Redactor {
    /// Counts only: a debug print must not list registrants.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor")
            .field("people", &self.dict.registered_people)
            .field("organisations", &self.dict.registered_orgs)
            .finish()
    }
}

impl Default for Redactor {
    /// A redactor with an empty directory: contact details only.
    fn default() -> Self {
        Redactor::new(&Directory::default())
    }
}

impl Redactor {
    /// Compiles `dir`. Build once per consultation; rebuild when
    /// registrations change.
    pub fn new(dir: &Directory) -> Redactor {
        Redactor {
            dict: dict::Dict::build(dir),
        }
    }

    /// Redacts `text`. Pure; never panics.
    pub fn redact(&self, text: &str) -> Redaction {
        let contacts = contact::scan(text);
        let skip: Vec<(usize, usize)> = contacts.iter().map(|c| (c.0, c.1)).collect();
        let mut t = text::Text::new(text, &skip, &self.dict);
        let mut orgs = orgs::find(&mut t);
        let unregistered = orgs::unregistered(&mut t);
        let names = names::find(&mut t);
        orgs::classify(&t, &mut orgs);

        let tok = |i: usize| &t.toks[i];
        let mut hits: Vec<(usize, usize, Kind)> = contacts;
        hits.extend(
            names
                .iter()
                .map(|&(a, b)| (tok(a).start, tok(b - 1).end, Kind::Name)),
        );
        hits.extend(
            unregistered
                .iter()
                .map(|&(a, b)| (tok(a).start, tok(b - 1).end, Kind::Affiliation)),
        );
        let mut mentions = Vec::new();
        for m in &orgs {
            if m.affiliation {
                hits.push((tok(m.lead).start, tok(m.last - 1).end, Kind::Affiliation));
            } else {
                mentions.push((tok(m.first).start, tok(m.last - 1).end));
            }
        }
        hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
        mentions.sort_unstable();
        assemble(text, &hits, &mentions)
    }
}

/// Writes the output text and maps flags into it.
fn assemble(text: &str, hits: &[(usize, usize, Kind)], mentions: &[(usize, usize)]) -> Redaction {
    let mut out = String::with_capacity(text.len() + 16 * hits.len());
    let mut redactions: Vec<Redacted> = Vec::with_capacity(hits.len());
    let mut flags = Vec::with_capacity(mentions.len());
    let mut mentions = mentions.iter().peekable();
    let mut copied = 0;
    let mut flag_until =
        |out: &String, copied: usize, upto: usize, mentions: &mut std::iter::Peekable<_>| {
            while let Some(&&(s, e)) = mentions.peek() {
                if e > upto {
                    break;
                }
                if s >= copied {
                    // Output and input are aligned at `copied`.
                    let (start, end) = (out.len() + (s - copied), out.len() + (e - copied));
                    flags.push(Flag {
                        kind: FlagKind::OrganisationMention,
                        start,
                        end,
                    });
                }
                mentions.next();
            }
        };
    for &(start, end, kind) in hits {
        if start < copied || end <= start {
            continue; // overlapping: the earlier, longer match already covers it
        }
        flag_until(&out, copied, start, &mut mentions);
        out.push_str(&text[copied..start]);
        out.push_str(kind.placeholder());
        redactions.push(Redacted {
            kind,
            start,
            end,
            placeholder: kind.placeholder(),
        });
        copied = end;
    }
    flag_until(&out, copied, text.len(), &mut mentions);
    out.push_str(&text[copied..]);
    Redaction {
        text: out,
        redactions,
        flags,
    }
}
