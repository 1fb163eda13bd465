//! Names of registered people.
//!
//! At each word, in order: the longest registered multi-word name (or part
//! of one, in either order) that starts there; two short words that spell
//! one registered word ("Xiao Ming" / "Xiaoming", "Minjun" / "Min-jun");
//! one registered word, if its policy allows it alone (see [`Alone`]); a
//! capitalised word within one edit of a registered word ("Somchay").
//! Neighbouring matches are merged, across particles ("de la"), into one
//! placeholder, and an honorific before a name goes with it ("Ms. Lan").

use crate::dict::{Alone, Phrase, lex};
use crate::text::{NAME, Text};
use crate::token::Gap;

/// Finds names; returns their word ranges (honorific included), merged.
pub(crate) fn find(t: &mut Text) -> Vec<(usize, usize)> {
    let dict = t.dict;
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t.claimed(i) {
            i += 1;
            continue;
        }
        let len = phrase_at(t, i).or_else(|| joined_at(t, i)).or_else(|| {
            let tok = &t.toks[i];
            let alone = match tok.id.and_then(|id| dict.info[id as usize].person) {
                Some(policy) => alone_ok(t, i, policy),
                None => {
                    let unknown = tok.id.is_none_or(|id| dict.info[id as usize].lex == 0);
                    unknown
                        && tok.shape.is_title()
                        && tok.chars >= 6
                        && dict.fuzzy(t.key(i)).is_some()
                }
            };
            (alone && !attribute(t, i)).then_some(1)
        });
        match len {
            Some(len) => {
                let (first, last) = with_initials(t, i, i + len);
                t.claim(first, last, NAME);
                hits.push((first, last));
                i = last;
            }
            None => i += 1,
        }
    }
    merge(t, hits)
}

/// Extends a name over an honorific before it and over initials written
/// with a full stop ("Ms. Lan", "S. Wongsakul", "Lan N.").
fn with_initials(t: &Text, mut first: usize, mut last: usize) -> (usize, usize) {
    let initial = |j: usize| {
        let tok = &t.toks[j];
        tok.chars == 1 && tok.shape.is_caps() && t.key(j) != "i" && !t.claimed(j)
    };
    while first > 0 && initial(first - 1) && t.gap(first).has(Gap::PERIOD) && joins(t, first) {
        first -= 1;
    }
    if t.honorific_before(first) {
        first -= 1;
    }
    while last < t.len() && initial(last) && joins(t, last) {
        let dotted = last + 1 >= t.len() || t.gap(last + 1).has(Gap::PERIOD);
        if !dotted {
            break;
        }
        last += 1;
    }
    (first, last)
}

/// A single name word used as a place, people or building ("Tamang
/// communities", "Gurung and Tamang communities", "Aung San Road",
/// "San Jose"), unless an honorific says otherwise.
fn attribute(t: &Text, i: usize) -> bool {
    if t.honorific_before(i) {
        return false;
    }
    let noun_at = |j: usize| j < t.len() && t.gap(j).is_tight() && t.is(j, lex::NOT_PERSON_AFTER);
    let listed = i + 3 < t.len()
        && (t.key(i + 1) == "and" || t.gap(i + 1).has(Gap::SOFT))
        && t.is_person_word(i + 2)
        && noun_at(i + 3);
    let place =
        i > 0 && t.is(i - 1, lex::PLACE_PREFIX) && t.toks[i - 1].shape.is_title() && joins(t, i);
    noun_at(i + 1) || listed || place
}

/// The longest registered multi-word name starting at `i`.
fn phrase_at(t: &Text, i: usize) -> Option<usize> {
    let dict = t.dict;
    let canon = t.canon(i)?;
    dict.info[canon as usize]
        .person_phrases
        .iter()
        .map(|&p| &dict.people[p as usize])
        .find(|p| phrase_matches(t, i, p))
        .map(|p| p.ids.len())
}

fn phrase_matches(t: &Text, i: usize, p: &Phrase) -> bool {
    let n = p.ids.len();
    if i + n > t.len() {
        return false;
    }
    let words_ok = p.ids.iter().enumerate().all(|(k, &id)| {
        let j = i + k;
        !t.claimed(j) && t.canon(j) == Some(id) && (k == 0 || joins(t, j))
    });
    words_ok && (p.distinctive || (i..i + n).all(|j| t.toks[j].shape.is_capitalised()))
}

/// Word `j` continues the name that word `j - 1` belongs to: a full stop
/// only after an abbreviation or initial ("Ma. Cristina", "N. T. Lan").
fn joins(t: &Text, j: usize) -> bool {
    let g = t.gap(j);
    g.joins_name() && (!g.has(Gap::PERIOD) || t.toks[j - 1].chars <= 2)
}

/// Two short words that together spell one registered word.
fn joined_at(t: &Text, i: usize) -> Option<usize> {
    let j = i + 1;
    if j >= t.len() || t.claimed(j) || !t.gap(j).is_tight() {
        return None;
    }
    let (a, b) = (&t.toks[i], &t.toks[j]);
    let plausible = t.is_person_word(i)
        || t.is_person_word(j)
        || (a.shape.is_capitalised() && b.shape.is_capitalised());
    let sizes = (2..=6).contains(&a.chars) && (2..=6).contains(&b.chars);
    if !sizes || a.key.1 != b.key.0 || !plausible {
        return None;
    }
    let joined = &t.keys[a.key.0 as usize..b.key.1 as usize];
    let id = t.dict.lookup(joined)?;
    let policy = t.dict.info[id as usize].person?;
    alone_ok(t, i, policy).then_some(2)
}

/// Whether registered word `i` may be redacted on its own.
fn alone_ok(t: &Text, i: usize, policy: Alone) -> bool {
    let tok = &t.toks[i];
    let honorific = t.honorific_before(i) && tok.chars > 1;
    match policy {
        Alone::Any => true,
        Alone::Title => honorific || tok.shape.is_title(),
        Alone::Never => {
            let place_or_faith = t.is(i, lex::NEVER_ALONE);
            place_or_faith && (honorific || (tok.shape.is_title() && next_is(t, i, lex::REPORT)))
        }
        Alone::Common => honorific || (tok.shape.is_title() && common_word_ok(t, i)),
    }
}

fn next_is(t: &Text, i: usize, flag: u32) -> bool {
    i + 1 < t.len() && t.gap(i + 1).is_tight() && t.is(i + 1, flag)
}

/// A capitalised common word ("Will", "Hope", "May") as a name: not a month
/// next to a date; mid-sentence and not inside a Title Case Phrase; or
/// sentence-initial but possessive, followed by a reporting verb, or by
/// "and" plus another name.
fn common_word_ok(t: &Text, i: usize) -> bool {
    let n = t.len();
    let numeric = |j: usize| j < n && t.toks[j].shape.is_numeric();
    if t.is(i, lex::MONTH) {
        let after_prep = i > 0 && t.is(i - 1, lex::MONTH_PREP) && t.gap(i).is_tight();
        if after_prep || numeric(i + 1) || (i > 0 && numeric(i - 1)) {
            return false;
        }
    }
    if t.possessive(i) {
        return true;
    }
    if t.sentence_start(i) {
        let and_name = i + 2 < n
            && t.key(i + 1) == "and"
            && ((t.is_person_word(i + 2) && t.toks[i + 2].shape.is_title())
                || t.is(i + 2, lex::AND_PRONOUN));
        // "Hope, could you share the slides?"
        let vocative = i + 1 < n
            && t.gap(i + 1).has(Gap::SOFT)
            && t.gap(i + 1).len <= 2
            && t.is(i + 1, lex::VOCATIVE_NEXT);
        return next_is(t, i, lex::REPORT | lex::MODAL) || and_name || vocative;
    }
    let titled = |j: usize| {
        let tok = &t.toks[j];
        tok.shape.is_title() && tok.chars > 1 && !t.is_person_word(j) && !t.is(j, lex::HONORIFIC)
    };
    let next_titled = i + 1 < n && t.gap(i + 1).is_tight() && titled(i + 1);
    let prev_titled = i > 0 && t.gap(i).is_tight() && titled(i - 1) && !t.sentence_start(i - 1);
    !(next_titled || prev_titled)
}

/// Merges names separated only by spaces, hyphens or particles.
fn merge(t: &mut Text, hits: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(hits.len());
    for (first, last) in hits {
        if let Some(prev) = out.last_mut() {
            let between = prev.1..first;
            let particles = between
                .clone()
                .all(|j| !t.claimed(j) && t.is(j, lex::PARTICLE));
            let gaps = (prev.1..=first).all(|j| joins(t, j));
            if particles && gaps && first - prev.1 <= 3 {
                t.claim(prev.1, first, NAME);
                prev.1 = last;
                continue;
            }
        }
        out.push((first, last));
    }
    out
}
