//! Organisations: finding registered names and aliases, deciding whether a
//! mention reveals an affiliation (redact) or is content (flag), and
//! catching unregistered organisations after a strong self-identifying
//! phrase.
//!
//! A mention is an affiliation when the words around it say whose it is:
//! "we at X", "I work for the regional office of X", "as X, we…",
//! "at X, we…", "my X colleagues", "X, where I work", "we (X)", or when it is
//! tied to a participant: "Lan from X", "Somchai (X)", "X's Arjun Menon",
//! "the participant from X". Everything else ("IOM's data portal", "the ILO
//! convention", "as IOM has noted") is content.

use crate::dict::{Dict, Id, OrgCase, lex};
use crate::lexicon as lx;
use crate::text::Text;
use crate::token::Gap;

/// Compiled affiliation phrases (canonical word ids).
#[derive(Debug, Clone)]
pub(crate) struct Triggers {
    before: Vec<Box<[Id]>>,
    direct: Vec<Box<[Id]>>,
    leads: Vec<Box<[Id]>>,
    strong: Vec<Box<[Id]>>,
    after: Vec<Box<[Id]>>,
    role_leads: Vec<Box<[Id]>>,
    the: Id,
    and: Id,
    s: Id,
    at: Id,
    my: Id,
    our: Id,
    we: Id,
    i: Id,
    from: Id,
    of: Id,
}

impl Triggers {
    /// Compiles the lexicon's phrases with `phrase` (which interns words).
    pub(crate) fn compile(phrase: &mut dyn FnMut(&str) -> Box<[Id]>) -> Triggers {
        let mut list = |l: &[&str]| l.iter().map(|p| phrase(p)).collect::<Vec<_>>();
        let (before, strong, after, role_leads) = (
            list(lx::BEFORE),
            list(lx::STRONG),
            list(lx::AFTER),
            list(lx::ROLE_LEADS),
        );
        let (direct, leads) = (list(lx::DIRECT), list(lx::LEADS_NEEDING_PRONOUN));
        let mut one = |w: &str| phrase(w)[0];
        Triggers {
            before,
            direct,
            leads,
            strong,
            after,
            role_leads,
            the: one("the"),
            and: one("and"),
            s: one("s"),
            at: one("at"),
            my: one("my"),
            our: one("our"),
            we: one("we"),
            i: one("i"),
            from: one("from"),
            of: one("of"),
        }
    }
}

impl Triggers {
    /// Every trigger phrase.
    pub(crate) fn patterns(&self) -> impl Iterator<Item = &[Id]> {
        let lists = [
            &self.before,
            &self.direct,
            &self.leads,
            &self.strong,
            &self.role_leads,
        ];
        lists.into_iter().flatten().map(|p| &p[..])
    }
}

/// A registered organisation found in the text (word range).
#[derive(Debug, Clone)]
pub(crate) struct OrgMatch {
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// First word of the redaction when it is an affiliation ("the" included).
    pub(crate) lead: usize,
    pub(crate) affiliation: bool,
}

/// Finds registered organisations (longest first) and claims protected
/// phrases ("Viet Nam", "Ho Chi Minh City") so no name is found inside them.
pub(crate) fn find(t: &mut Text) -> Vec<OrgMatch> {
    let dict = t.dict;
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let Some(canon) = t.canon(i) else {
            i += 1;
            continue;
        };
        let info = &dict.info[canon as usize];
        let org = info
            .org_phrases
            .iter()
            .map(|&p| &dict.orgs[p as usize])
            .find(|p| t.starts_with(i, &p.ids) && case_ok(t, i, p.ids.len(), p.case));
        if let Some(p) = org {
            let last = i + p.ids.len();
            t.claim(i, last, 0);
            out.push(OrgMatch {
                first: i,
                last,
                lead: i,
                affiliation: false,
            });
            i = last;
            continue;
        }
        if let Some(p) = info
            .protected
            .iter()
            .map(|&p| &dict.protected[p as usize])
            .find(|p| t.starts_with(i, p))
        {
            t.claim(i, i + p.len(), 0);
            i += p.len();
            continue;
        }
        i += 1;
    }
    out
}

fn case_ok(t: &Text, i: usize, len: usize, case: OrgCase) -> bool {
    let shapes = || t.toks[i..i + len].iter().map(|tok| tok.shape);
    let caps = || shapes().all(|s| s.is_caps() || (!s.is_lower() && !s.is_title()));
    match case {
        OrgCase::Any => true,
        OrgCase::Caps => caps(),
        OrgCase::CapsOrLower => caps() || shapes().all(|s| s.is_lower() || s.is_numeric()),
        OrgCase::Title => shapes().all(|s| s.is_capitalised()),
    }
}

/// Decides which matches are affiliations.
pub(crate) fn classify(t: &Text, orgs: &mut [OrgMatch]) {
    let tr = &t.dict.triggers;
    for m in orgs.iter_mut() {
        let a = m.first;
        let with_the =
            a > 0 && t.canon(a - 1) == Some(tr.the) && t.gap(a).is_tight() && !t.claimed(a - 1);
        m.lead = if with_the { a - 1 } else { a };
        m.affiliation = is_affiliation(t, m.lead, m.first, m.last);
    }
    // "we at IOM and UNHCR": an organisation listed right after an
    // affiliation is one too.
    for k in 1..orgs.len() {
        if orgs[k - 1].affiliation && !orgs[k].affiliation {
            let (from, to) = (orgs[k - 1].last, orgs[k].lead);
            let joined = (from..to)
                .all(|j| t.canon(j) == Some(tr.and) || t.canon(j) == Some(tr.the))
                && (from..=to).all(|j| !t.gap(j).has(Gap::HARD | Gap::PERIOD | Gap::BREAK));
            if joined && to - from <= 2 {
                orgs[k].affiliation = true;
            }
        }
    }
}

fn is_affiliation(t: &Text, x: usize, a: usize, b: usize) -> bool {
    let tr = &t.dict.triggers;
    let n = t.len();
    let mut after = b;
    if after < n
        && t.canon(after) == Some(tr.s)
        && t.gap(after).len == 1
        && t.gap(after).has(Gap::JOIN)
    {
        after += 1;
    }
    let next = (after < n && t.gap(after).introduces()).then_some(after);
    if t.gap(x).introduces() {
        if before_with_fillers(t, x) {
            return true;
        }
        if x > 0 {
            let prev = t.canon(x - 1);
            let lead = tr.leads.iter().any(|p| t.ends_with_loose(x, p))
                || (prev == Some(tr.at) && t.sentence_start(x - 1));
            if lead && pronoun_after(t, after) {
                return true;
            }
            let mine = prev == Some(tr.my) || prev == Some(tr.our);
            if mine && x == a && after == b && next.is_some_and(|j| t.is(j, lex::POST_NOUN)) {
                return true;
            }
            let pronoun = prev == Some(tr.we) || prev == Some(tr.i);
            if pronoun && (t.gap(x).has(Gap::SOFT) || x < a) {
                return true;
            }
            if t.gap(x).has(Gap::OPEN) && t.is_name(x - 1) {
                return true;
            }
            let link = prev == Some(tr.from) || prev == Some(tr.at) || prev == Some(tr.of);
            if link && x >= 2 && t.is_name(x - 2) && t.gap(x - 1).introduces() {
                return true;
            }
        }
    }
    if let Some(j) = next {
        if after > b && t.is_name(j) && t.gap(j).is_tight() {
            return true;
        }
        if tr.after.iter().any(|p| t.starts_with(j, p)) {
            return true;
        }
    }
    false
}

/// After X (possessive skipped, from word `after`): optional role
/// words, then a pronoun ("as MFA coordinator, I…", "as IOM, we…").
fn pronoun_after(t: &Text, after: usize) -> bool {
    let mut j = after;
    let mut roles = 0;
    while j < t.len() && roles < 2 && t.is(j, lex::ROLE) && t.gap(j).is_tight() {
        j += 1;
        roles += 1;
    }
    j < t.len() && t.gap(j).introduces() && t.is(j, lex::PRONOUN)
}

/// A trigger phrase ends at `x`, possibly followed by filler words ("we at
/// the Bangkok office of", "as the coordinator of").
fn before_with_fillers(t: &Text, x: usize) -> bool {
    let tr = &t.dict.triggers;
    let (mut role, mut office, mut titles) = (false, false, 0);
    let mut p = x;
    for _ in 0..=6 {
        if (titles == 0 || office) && p > 0 && t.is(p - 1, lex::TRIGGER_END) {
            if tr.before.iter().any(|pat| t.ends_with_loose(p, pat)) {
                return true;
            }
            if role && tr.role_leads.iter().any(|pat| t.ends_with(p, pat)) {
                return true;
            }
            if p == x && tr.direct.iter().any(|pat| t.ends_with_loose(p, pat)) {
                return true;
            }
        }
        if p == 0 || t.claimed(p - 1) || (p != x && !t.gap(p).is_tight()) {
            return false;
        }
        let w = p - 1;
        let lx = t.lex(w);
        if lx & lex::ROLE != 0 {
            role = true;
        } else if lx & lex::OFFICE != 0 {
            office = true;
        } else if lx & lex::FILLER != 0 {
        } else if t.toks[w].shape.is_title() && !t.sentence_start(w) && t.toks[w].chars > 1 {
            titles += 1;
        } else {
            return false;
        }
        p = w;
    }
    false
}

/// After a strong trigger ("we at", "I work for", "my organisation,"), an
/// unregistered organisation-like name (two capitalised words or more, or
/// an acronym) is redacted too: the author's own organisation is always
/// identifying, registered under that spelling or not.
pub(crate) fn unregistered(t: &mut Text) -> Vec<(usize, usize)> {
    let dict: &Dict = t.dict;
    let tr = &dict.triggers;
    let mut out = Vec::new();
    let mut p = 1;
    while p < t.len() {
        let candidate = t.is(p - 1, lex::TRIGGER_END) && !t.claimed(p) && t.gap(p).introduces();
        if !candidate || !tr.strong.iter().any(|pat| t.ends_with(p, pat)) {
            p += 1;
            continue;
        }
        let q = if t.canon(p) == Some(tr.the) { p + 1 } else { p };
        let (mut j, mut caps, mut last) = (q, 0, None);
        while j < t.len() && j < q + 12 && !t.claimed(j) && (j == q || t.gap(j).is_tight()) {
            let tok = &t.toks[j];
            let acronym = tok.shape.is_caps() && (2..=8).contains(&tok.chars);
            if (acronym || tok.shape.is_title()) && !t.is(j, lex::PRONOUN) && tok.chars > 1 {
                caps += 1;
                last = Some(j);
            } else if !(j > q && t.is(j, lex::CONNECTOR)) {
                break;
            }
            j += 1;
        }
        let single_acronym = caps == 1 && t.toks[q].shape.is_caps() && last == Some(q);
        match last {
            Some(l) if caps >= 2 || single_acronym => {
                t.claim(p, l + 1, 0);
                out.push((p, l + 1));
                p = l + 1;
            }
            _ => p += 1,
        }
    }
    out
}
