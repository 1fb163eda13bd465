//! Organisation names: normalisation and declared aliases.
//!
//! The concept note allows "no more than two people per organization", and
//! assignment splits colleagues across working groups. Both need one key per
//! organisation, however registrants typed its name. [`normalise`] removes
//! the differences that never distinguish two organisations (case, spacing,
//! punctuation, diacritics, a leading "The", legal-form suffixes);
//! [`OrgAliases`] adds the organiser's declared acronyms.

use std::collections::HashMap;

use crate::text::fold;

/// Legal-form suffixes dropped from the end of a name, longest first, as
/// words after [`normalise`]'s folding ("e.V." has become "ev", "S.A." "sa").
///
/// Only legal forms are listed: words such as "Foundation", "Network" or
/// "Association" distinguish real organisations and are kept.
pub const LEGAL_SUFFIXES: &[&[&str]] = &[
    &["private", "limited"],
    &["pvt", "ltd"],
    &["pte", "ltd"],
    &["pty", "ltd"],
    &["sdn", "bhd"],
    &["co", "ltd"],
    &["inc"],
    &["incorporated"],
    &["ltd"],
    &["limited"],
    &["llc"],
    &["llp"],
    &["co"],
    &["corp"],
    &["corporation"],
    &["plc"],
    &["gmbh"],
    &["sa"],
    &["ev"],
    &["tbk"],
];

/// Legal-form prefixes dropped from the start of a name ("PT" = Indonesian
/// Perseroan Terbatas).
pub const LEGAL_PREFIXES: &[&str] = &["pt"];

/// Short words ignored when checking that "(ABC)" abbreviates the name
/// before it.
const ACRONYM_STOP_WORDS: &[&str] = &["in", "of", "for", "and", "the", "on", "de", "du", "des"];

/// The comparison form of an organisation name.
///
/// Rules, in order:
/// 1. a trailing parenthesised acronym of the name is dropped:
///    "Migrant Forum in Asia (MFA)" → "migrant forum in asia"
///    (only when its letters are the initials of the name, with or without
///    short words such as "in", "of", "and");
/// 2. case, spacing, punctuation and diacritics are folded (see the crate's
///    text folding: "e.V." → "ev", "&" → "and", "Đ" → "d");
/// 3. a leading "the" is dropped, then a leading legal prefix ([`LEGAL_PREFIXES`]);
/// 4. trailing legal-form suffixes ([`LEGAL_SUFFIXES`]) are dropped,
///    repeatedly ("Acme Co., Ltd." → "acme").
///
/// Steps 3 and 4 never remove the last word, so "The Co" stays "co".
pub fn normalise(name: &str) -> String {
    let (full, _) = split_acronym(name);
    strip_forms(&fold(full))
}

/// Splits "Full Name (ACR)" into the full name and its acronym when the
/// acronym's letters are the initials of the full name; otherwise returns
/// the whole input and `None`.
pub fn split_acronym(name: &str) -> (&str, Option<&str>) {
    let trimmed = name.trim();
    let Some(body) = trimmed.strip_suffix(')') else {
        return (trimmed, None);
    };
    let Some(open) = body.rfind('(') else {
        return (trimmed, None);
    };
    let (full, inner) = (body[..open].trim_end(), body[open + 1..].trim());
    let acronym = fold(inner);
    if acronym.is_empty() || acronym.contains(' ') {
        return (trimmed, None);
    }
    let full_folded = strip_forms(&fold(full));
    let words: Vec<&str> = full_folded.split(' ').filter(|w| !w.is_empty()).collect();
    let initials = |skip_stop: bool| -> String {
        words
            .iter()
            .filter(|w| !(skip_stop && ACRONYM_STOP_WORDS.contains(w)))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    if words.len() >= 2 && (acronym == initials(false) || acronym == initials(true)) {
        (full, Some(inner))
    } else {
        (trimmed, None)
    }
}

fn strip_forms(folded: &str) -> String {
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    if words.len() > 1 && LEGAL_PREFIXES.contains(&words[0]) {
        words.remove(0);
    }
    'strip: loop {
        for suffix in LEGAL_SUFFIXES {
            if words.len() > suffix.len() && words.ends_with(suffix) {
                words.truncate(words.len() - suffix.len());
                continue 'strip;
            }
        }
        break;
    }
    words.join(" ")
}

/// Declared equivalences between organisation names, typically an acronym
/// and the full name ("MFA" ↔ "Migrant Forum in Asia").
///
/// Names are compared in [`normalise`]d form. Declarations are transitive:
/// declaring A↔B and B↔C makes A, B and C one organisation.
#[derive(Debug, Clone, Default)]
pub struct OrgAliases {
    /// Union-find parent links between normalised names.
    parent: HashMap<String, String>,
}

impl OrgAliases {
    /// No aliases: [`OrgAliases::key`] is then [`normalise`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the table from `(alias, full name)` pairs.
    pub fn from_pairs<I, A, B>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (A, B)>,
        A: AsRef<str>,
        B: AsRef<str>,
    {
        let mut aliases = Self::new();
        for (alias, full) in pairs {
            aliases.add(alias.as_ref(), full.as_ref());
        }
        aliases
    }

    /// Declares that `alias` and `full` name the same organisation. The key
    /// of both becomes the key `full` had. Blank names are ignored.
    pub fn add(&mut self, alias: &str, full: &str) {
        let (a, f) = (normalise(alias), normalise(full));
        if a.is_empty() || f.is_empty() {
            return;
        }
        let (ra, rf) = (self.root(&a), self.root(&f));
        if ra != rf {
            self.parent.insert(ra, rf);
        }
    }

    /// Learns the alias in a name written "Full Name (ACR)", when ACR is the
    /// initials of the full name. Returns whether an alias was learnt.
    pub fn learn(&mut self, name: &str) -> bool {
        match split_acronym(name) {
            (full, Some(acronym)) => {
                self.add(acronym, full);
                true
            }
            _ => false,
        }
    }

    /// The canonical organisation key of `name`: equal for every spelling
    /// that [`normalise`] folds together and for every declared alias.
    pub fn key(&self, name: &str) -> String {
        self.root(&normalise(name))
    }

    fn root(&self, normalised: &str) -> String {
        let mut current = normalised;
        // Parent chains are acyclic by construction (a root only ever gets a
        // parent that is another root), so this terminates.
        while let Some(next) = self.parent.get(current) {
            current = next;
        }
        current.to_owned()
    }
}

#[cfg(test)]
mod tests;
