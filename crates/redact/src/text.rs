//! The per-call working state: the text's words, their keys, and which
//! words are already taken by a match.

use crate::dict::{Dict, Id, lex};
use crate::token::{Gap, Token, tokenize};

/// Word taken by an organisation, protected phrase or name.
pub(crate) const CLAIMED: u8 = 1;
/// Word redacted as (part of) a name.
pub(crate) const NAME: u8 = 2;

/// A text being redacted.
pub(crate) struct Text<'a> {
    pub(crate) keys: String,
    pub(crate) toks: Vec<Token>,
    pub(crate) marks: Vec<u8>,
    pub(crate) dict: &'a Dict,
}

impl<'a> Text<'a> {
    /// Tokenises `text` around the `skip` ranges and looks every word up.
    pub(crate) fn new(text: &str, skip: &[(usize, usize)], dict: &'a Dict) -> Text<'a> {
        let mut keys = String::with_capacity(text.len());
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        tokenize(text, skip, &mut keys, &mut toks);
        for t in &mut toks {
            t.id = dict.lookup(&keys[t.key.0 as usize..t.key.1 as usize]);
        }
        let marks = vec![0; toks.len()];
        Text {
            keys,
            toks,
            marks,
            dict,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }
    pub(crate) fn key(&self, i: usize) -> &str {
        let (s, e) = self.toks[i].key;
        &self.keys[s as usize..e as usize]
    }
    pub(crate) fn gap(&self, i: usize) -> Gap {
        self.toks[i].gap
    }
    /// The canonical id of word `i` (spelling variants share one).
    pub(crate) fn canon(&self, i: usize) -> Option<Id> {
        self.toks[i].id.map(|id| self.dict.info[id as usize].canon)
    }
    /// Lexicon flags of word `i`.
    pub(crate) fn lex(&self, i: usize) -> u32 {
        self.toks[i]
            .id
            .map_or(0, |id| self.dict.info[id as usize].lex)
    }
    pub(crate) fn is(&self, i: usize, flag: u32) -> bool {
        self.lex(i) & flag != 0
    }
    pub(crate) fn claimed(&self, i: usize) -> bool {
        self.marks[i] & CLAIMED != 0
    }
    pub(crate) fn is_name(&self, i: usize) -> bool {
        self.marks[i] & NAME != 0
    }
    pub(crate) fn claim(&mut self, from: usize, to: usize, mark: u8) {
        for m in &mut self.marks[from..to] {
            *m |= CLAIMED | mark;
        }
    }
    /// Whether word `i` is part of some registered person's name.
    pub(crate) fn is_person_word(&self, i: usize) -> bool {
        self.toks[i]
            .id
            .is_some_and(|id| self.dict.info[id as usize].person.is_some())
    }

    /// Word `i` is an honorific that introduces word `i + 1`.
    pub(crate) fn honorific_before(&self, i: usize) -> bool {
        if i == 0 || self.claimed(i - 1) || !self.gap(i).joins_name() {
            return false;
        }
        let lx = self.lex(i - 1);
        lx & lex::HONORIFIC_ABBR != 0
            || (lx & lex::HONORIFIC != 0 && self.toks[i - 1].shape.is_title())
    }

    /// Word `i` starts a sentence (a full stop after "Dr" or an initial
    /// does not end one).
    pub(crate) fn sentence_start(&self, i: usize) -> bool {
        let g = self.gap(i);
        if !g.ends_sentence() {
            return false;
        }
        if g.has(Gap::START | Gap::HARD | Gap::NEWLINE) || i == 0 {
            return true;
        }
        let prev = &self.toks[i - 1];
        !(prev.chars <= 2 || self.is(i - 1, lex::HONORIFIC))
    }

    /// Word `i` is followed by a possessive "'s" / "’s".
    pub(crate) fn possessive(&self, i: usize) -> bool {
        let j = i + 1;
        j < self.len() && self.key(j) == "s" && {
            let g = self.gap(j);
            g.len == 1 && g.has(Gap::JOIN)
        }
    }

    /// Words `at - pat.len() .. at` are `pat`, joined by spaces.
    pub(crate) fn ends_with(&self, at: usize, pat: &[Id]) -> bool {
        at >= pat.len() && self.starts_with(at - pat.len(), pat)
    }

    /// Words `at - pat.len() .. at` are `pat`, joined by spaces or commas
    /// ("We, at CFR").
    pub(crate) fn ends_with_loose(&self, at: usize, pat: &[Id]) -> bool {
        at >= pat.len()
            && pat.iter().enumerate().all(|(k, &id)| {
                let j = at - pat.len() + k;
                self.canon(j) == Some(id) && (k == 0 || self.gap(j).introduces())
            })
    }

    /// Words `from .. from + pat.len()` are `pat`, joined by spaces.
    pub(crate) fn starts_with(&self, from: usize, pat: &[Id]) -> bool {
        from + pat.len() <= self.len()
            && pat.iter().enumerate().all(|(k, &id)| {
                let j = from + k;
                self.canon(j) == Some(id) && (k == 0 || self.gap(j).is_tight())
            })
    }
}
