//! The compiled directory: one hash table from folded word to id, and per id
//! what that word is (a name token and when it may match alone, a lexicon
//! word, the first word of which person, organisation or protected phrases).
//!
//! Matching a text then costs one hash lookup per word, plus a few for words
//! that look like a misspelt name (see [`Dict::fuzzy`]).

use crate::Directory;
use crate::fold::key;
use crate::fx::{FxMap, deletions};
use crate::lexicon as lx;
use crate::orgs::Triggers;
use crate::token::{Gap, words};
use std::collections::HashSet;

/// Word id.
pub(crate) type Id = u32;

/// When a name token may be redacted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alone {
    /// Never on its own (particles, initials, places, faiths).
    Never,
    /// Two letters: only written as a name ("Li", not "LI" or "li").
    Title,
    /// A common English word: capitalised mid-sentence, possessive, or after
    /// an honorific.
    Common,
    /// Any case, anywhere.
    Any,
}

/// Lexicon flags of a word.
pub(crate) mod lex {
    pub(crate) const HONORIFIC: u32 = 1;
    pub(crate) const HONORIFIC_ABBR: u32 = 1 << 1;
    pub(crate) const COMMON: u32 = 1 << 2;
    pub(crate) const MONTH: u32 = 1 << 3;
    pub(crate) const MONTH_PREP: u32 = 1 << 4;
    pub(crate) const REPORT: u32 = 1 << 5;
    pub(crate) const MODAL: u32 = 1 << 6;
    pub(crate) const PRONOUN: u32 = 1 << 7;
    pub(crate) const FILLER: u32 = 1 << 8;
    pub(crate) const OFFICE: u32 = 1 << 9;
    pub(crate) const ROLE: u32 = 1 << 10;
    pub(crate) const POST_NOUN: u32 = 1 << 11;
    pub(crate) const CONNECTOR: u32 = 1 << 12;
    pub(crate) const PARTICLE: u32 = 1 << 13;
    pub(crate) const NEVER_ALONE: u32 = 1 << 14;
    pub(crate) const VOCATIVE_NEXT: u32 = 1 << 15;
    /// Last word of an affiliation trigger phrase.
    pub(crate) const TRIGGER_END: u32 = 1 << 16;
    pub(crate) const NOT_PERSON_AFTER: u32 = 1 << 17;
    pub(crate) const PLACE_PREFIX: u32 = 1 << 18;
    pub(crate) const AND_PRONOUN: u32 = 1 << 19;
}

/// How an organisation's name or alias must be written to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrgCase {
    /// Any case (multi-word names, long distinctive names).
    Any,
    /// In capitals ("HOPE", "RAP": aliases that are words or two letters).
    Caps,
    /// In capitals or all lower case ("MFA", "mfa"; not "Mfa").
    CapsOrLower,
    /// Capitalised (single-word names that are common words).
    Title,
}

/// What the dictionary knows about one word.
#[derive(Debug, Clone, Default)]
pub(crate) struct Info {
    /// The id phrases are written with (spelling variants share it).
    pub(crate) canon: Id,
    /// Lexicon flags (`lex::*`).
    pub(crate) lex: u32,
    /// Set when the word is part of a registered person's name.
    pub(crate) person: Option<Alone>,
    /// Person phrases starting with this word, longest first.
    pub(crate) person_phrases: Vec<u32>,
    /// Organisation phrases starting with this word, longest first.
    pub(crate) org_phrases: Vec<u32>,
    /// Protected phrases starting with this word, longest first.
    pub(crate) protected: Vec<u32>,
}

/// A multi-word person name (or part of one).
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pub(crate) ids: Box<[Id]>,
    /// Has a word that may match alone in any case: then the whole phrase
    /// matches in any case; otherwise every word must be capitalised.
    pub(crate) distinctive: bool,
}

/// An organisation name or alias.
#[derive(Debug, Clone)]
pub(crate) struct OrgPhrase {
    pub(crate) ids: Box<[Id]>,
    pub(crate) case: OrgCase,
}

/// The compiled directory.
#[derive(Clone)]
pub(crate) struct Dict {
    ids: FxMap<Box<str>, Id>,
    pub(crate) info: Vec<Info>,
    pub(crate) people: Vec<Phrase>,
    pub(crate) orgs: Vec<OrgPhrase>,
    pub(crate) protected: Vec<Box<[Id]>>,
    fuzzy: FxMap<u64, (Id, u8)>,
    pub(crate) triggers: Triggers,
    pub(crate) registered_people: usize,
    pub(crate) registered_orgs: usize,
}

struct Builder {
    ids: FxMap<Box<str>, Id>,
    info: Vec<Info>,
    variant_of: FxMap<String, usize>,
}

impl Builder {
    fn intern(&mut self, key: &str) -> Id {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.info.len() as Id;
        self.ids.insert(key.into(), id);
        self.info.push(Info {
            canon: id,
            ..Info::default()
        });
        id
    }

    fn flag_words(&mut self, list: &[&str], flag: u32) {
        for w in list {
            let id = self.intern(&key(w));
            self.info[id as usize].lex |= flag;
        }
    }

    /// Interns every word of `phrase` and returns their canonical ids.
    pub(crate) fn phrase(&mut self, phrase: &str) -> Box<[Id]> {
        words(phrase).iter().map(|(k, _)| self.canon(k)).collect()
    }

    fn canon(&mut self, key: &str) -> Id {
        let id = self.intern(key);
        self.info[id as usize].canon
    }

    fn policy(&self, key: &str, id: Id) -> Alone {
        let lex = self.info[id as usize].lex;
        let chars = key.chars().count();
        if chars <= 1 || lex & (lex::PARTICLE | lex::NEVER_ALONE) != 0 {
            Alone::Never
        } else if lex & (lex::COMMON | lex::MONTH) != 0 {
            Alone::Common
        } else if chars == 2 {
            Alone::Title
        } else {
            Alone::Any
        }
    }

    /// Marks `key` (and its spelling variants) as a name word; returns its
    /// canonical id.
    fn person_word(&mut self, key: &str) -> Id {
        let group: Vec<String> = match self.variant_of.get(key) {
            Some(&g) => lx::VARIANTS[g]
                .iter()
                .map(|w| crate::fold::key(w))
                .collect(),
            None => vec![key.to_owned()],
        };
        for k in &group {
            let id = self.intern(k);
            let policy = self.policy(k, id);
            self.info[id as usize].person = Some(policy);
        }
        self.canon(key)
    }
}

impl Dict {
    pub(crate) fn build(dir: &Directory) -> Dict {
        let mut b = Builder {
            ids: FxMap::default(),
            info: Vec::new(),
            variant_of: FxMap::default(),
        };
        for (list, flag) in [
            (lx::PARTICLES, lex::PARTICLE),
            (lx::NEVER_ALONE, lex::NEVER_ALONE),
            (lx::MONTHS, lex::MONTH),
            (lx::MONTH_PREPS, lex::MONTH_PREP),
            (lx::COMMON, lex::COMMON),
            (
                lx::HONORIFIC_ABBREVIATIONS,
                lex::HONORIFIC | lex::HONORIFIC_ABBR,
            ),
            (lx::HONORIFICS, lex::HONORIFIC),
            (lx::REPORT_VERBS, lex::REPORT),
            (lx::MODAL_AFTER_NAME, lex::MODAL),
            (lx::PRONOUNS, lex::PRONOUN),
            (lx::FILLERS, lex::FILLER),
            (lx::OFFICES, lex::OFFICE),
            (lx::ROLES, lex::ROLE),
            (lx::POST_NOUNS, lex::POST_NOUN),
            (lx::CONNECTORS, lex::CONNECTOR),
            (lx::VOCATIVE_NEXT, lex::VOCATIVE_NEXT),
            (lx::NOT_A_PERSON_AFTER, lex::NOT_PERSON_AFTER),
            (lx::PLACE_PREFIXES, lex::PLACE_PREFIX),
            (lx::AND_PRONOUNS, lex::AND_PRONOUN),
        ] {
            b.flag_words(list, flag);
        }
        // Spelling variants share the id of the first spelling.
        for (g, group) in lx::VARIANTS.iter().enumerate() {
            let head = b.intern(&key(group[0]));
            for w in *group {
                let k = key(w);
                let id = b.intern(&k);
                b.info[id as usize].canon = head;
                b.variant_of.insert(k, g);
            }
        }
        let triggers = Triggers::compile(&mut |p: &str| b.phrase(p));
        // Every spelling of a trigger's last word gates the trigger checks.
        let ends: HashSet<Id> = triggers
            .patterns()
            .filter_map(|p| p.last().copied())
            .collect();
        for info in &mut b.info {
            if ends.contains(&info.canon) {
                info.lex |= lex::TRIGGER_END;
            }
        }
        let mut protected = Vec::new();
        for p in lx::PROTECTED {
            protected.push(b.phrase(p));
        }
        let people = people_phrases(&mut b, &dir.people);
        let orgs = org_phrases(&mut b, dir);
        let mut dict = Dict {
            ids: b.ids,
            info: b.info,
            people,
            orgs,
            protected,
            fuzzy: FxMap::default(),
            triggers,
            registered_people: dir.people.len(),
            registered_orgs: dir.organisations.len(),
        };
        dict.index();
        dict
    }

    /// Fills the per-word phrase lists and the fuzzy table.
    fn index(&mut self) {
        for (i, p) in self.people.iter().enumerate() {
            self.info[p.ids[0] as usize].person_phrases.push(i as u32);
        }
        for (i, p) in self.orgs.iter().enumerate() {
            self.info[p.ids[0] as usize].org_phrases.push(i as u32);
        }
        for (i, p) in self.protected.iter().enumerate() {
            self.info[p[0] as usize].protected.push(i as u32);
        }
        let (people, orgs, prot) = (&self.people, &self.orgs, &self.protected);
        for info in &mut self.info {
            info.person_phrases
                .sort_by_key(|&i| std::cmp::Reverse(people[i as usize].ids.len()));
            info.org_phrases
                .sort_by_key(|&i| std::cmp::Reverse(orgs[i as usize].ids.len()));
            info.protected
                .sort_by_key(|&i| std::cmp::Reverse(prot[i as usize].len()));
        }
        for (k, &id) in &self.ids {
            let info = &self.info[id as usize];
            if info.person == Some(Alone::Any) && info.lex == 0 && k.is_ascii() && k.len() >= 5 {
                for h in deletions(k.as_bytes()) {
                    self.fuzzy.entry(h).or_insert((id, k.as_bytes()[0]));
                }
            }
        }
    }

    /// The id of a folded word.
    pub(crate) fn lookup(&self, key: &str) -> Option<Id> {
        self.ids.get(key).copied()
    }

    /// A registered name word (five letters or more) that starts with the
    /// same letter as `key` (six or more) and equals it once at most one
    /// letter is deleted from each: one substitution, insertion, deletion or
    /// swap ("Somchay" → "Somchai", "Choudhury" → "Chowdhury"), or two
    /// close changes ("Siriphon" → "Siriporn").
    pub(crate) fn fuzzy(&self, key: &str) -> Option<Id> {
        if !key.is_ascii() || key.len() < 6 || key.len() > 32 || self.fuzzy.is_empty() {
            return None;
        }
        let first = key.as_bytes()[0];
        deletions(key.as_bytes()).find_map(|h| match self.fuzzy.get(&h) {
            Some(&(id, f)) if f == first => Some(id),
            _ => None,
        })
    }
}

fn people_phrases(b: &mut Builder, people: &[String]) -> Vec<Phrase> {
    let mut seen: HashSet<Box<[Id]>> = HashSet::new();
    let mut out = Vec::new();
    for name in people {
        let ws = words(name);
        let ids: Vec<Id> = ws.iter().map(|(k, _)| b.person_word(k)).collect();
        // "Min-jun" is also written "Minjun".
        for pair in ws.windows(2) {
            let gap: Gap = pair[1].1;
            if gap.has(Gap::JOIN) && !gap.has(Gap::SPACE) {
                b.person_word(&format!("{}{}", pair[0].0, pair[1].0));
            }
        }
        let n = ids.len();
        if n < 2 {
            continue;
        }
        // Given-first and family-first orders, then every part of two words
        // or more, plus first + last.
        let mut orders = vec![ids.clone()];
        let mut last_first = vec![ids[n - 1]];
        last_first.extend_from_slice(&ids[..n - 1]);
        orders.push(last_first);
        let mut rest_first = ids[1..].to_vec();
        rest_first.push(ids[0]);
        orders.push(rest_first);
        let mut candidates: Vec<Vec<Id>> = vec![vec![ids[0], ids[n - 1]], vec![ids[n - 1], ids[0]]];
        for o in &orders {
            for len in 2..=n {
                for start in 0..=n - len {
                    candidates.push(o[start..start + len].to_vec());
                }
            }
        }
        for c in candidates {
            let c: Box<[Id]> = c.into();
            if seen.insert(c.clone()) {
                let distinctive = c
                    .iter()
                    .any(|&id| b.info[id as usize].person == Some(Alone::Any));
                out.push(Phrase {
                    ids: c,
                    distinctive,
                });
            }
        }
    }
    out
}

fn org_phrases(b: &mut Builder, dir: &Directory) -> Vec<OrgPhrase> {
    let the = b.canon("the");
    let mut out = Vec::new();
    for org in &dir.organisations {
        for form in std::iter::once(&org.name).chain(&org.aliases) {
            let mut ids: Vec<Id> = b.phrase(form).into();
            if ids.len() > 1 && ids[0] == the {
                ids.remove(0);
            }
            if ids.is_empty() {
                continue;
            }
            let case = if ids.len() > 1 {
                OrgCase::Any
            } else {
                let info = &b.info[ids[0] as usize];
                let word_like = info.lex & (lex::COMMON | lex::MONTH | lex::PRONOUN) != 0
                    || info.person.is_some();
                let letters = form.chars().filter(|c| c.is_alphanumeric()).count();
                let caps =
                    form.chars().any(char::is_uppercase) && !form.chars().any(char::is_lowercase);
                match (caps, word_like || letters <= 2) {
                    (true, true) => OrgCase::Caps,
                    (true, false) => OrgCase::CapsOrLower,
                    (false, true) => OrgCase::Title,
                    (false, false) => OrgCase::Any,
                }
            };
            out.push(OrgPhrase {
                ids: ids.into(),
                case,
            });
        }
    }
    out
}
