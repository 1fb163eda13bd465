//! Contact details: e-mail addresses (also "name [at] host [dot] org"),
//! links (`http(s)://`, `www.`, and bare domains with a known top-level
//! domain such as `linkedin.com/in/…` or `t.me/…`), handles (`@someone`),
//! and phone numbers (see [`crate::phone`]).
//!
//! Every link is redacted: a link can name the author's organisation or
//! profile, and the redactor cannot tell a public report from a personal
//! page.

use crate::Kind;
use crate::handles::{handle, messenger_id};
use crate::phone;

/// A contact detail: byte range and kind.
pub(crate) type Span = (usize, usize, Kind);

/// Top-level domains recognised in bare domains (`example.org/page`).
const TLDS: &[&str] = &[
    "com", "org", "net", "int", "gov", "edu", "info", "biz", "io", "co", "me", "ly", "to",
    "network", "asia", "ngo", "ong", "app", "dev", "online", "site", "news", "global", "tv", "be",
    "th", "vn", "ph", "id", "np", "bd", "cn", "kr", "jp", "in", "pk", "au", "nz", "fj", "ws", "my",
    "sg", "lk", "mm", "kh", "la", "hk", "tw", "mn", "af", "bt", "mv", "tl", "pg", "sb", "vu", "ki",
    "nr", "tk", "nu", "ck", "fm", "mh", "pw", "ir", "uk", "us", "ca", "de", "fr", "ch", "eu", "ae",
    "sa", "qa", "kw", "om", "bh", "ru", "kz", "uz", "ly", "gl", "gd", "social", "page", "link",
    "blog",
];

/// TLDs that are also words ("in", "to", "me"): a bare domain ending in one
/// needs a path or three labels ("t.me/x", "example.co.in").
const WORD_TLDS: &[&str] = &[
    "in", "to", "me", "my", "id", "la", "be", "co", "us", "page", "link",
];

/// Finds all contact details, sorted and disjoint.
pub(crate) fn scan(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let b = text.as_bytes();
    // Every contact detail contains one of these bytes: `@`, a dot between
    // letters or digits, `://`, `[at]`, " AT ", or a colon after an app name.
    let interesting = |c: &u8| matches!(c, b'@' | b'.' | b':' | b'[' | b'(' | b'{' | b'A');
    let mut linked_to = 0;
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(interesting) {
        i += k;
        match b[i] {
            b'@' => out.extend(email(text, i).or_else(|| handle(text, i))),
            b'[' | b'(' | b'{' if b.len() >= i + 4 => {
                let word = &b[i + 1..i + 4];
                if word.eq_ignore_ascii_case(b"at]") || word.eq_ignore_ascii_case(b"at)") {
                    out.extend(obfuscated_email(text, i, 4));
                }
            }
            b'A' if i > 0 && b[i - 1] == b' ' && b.get(i + 1..i + 3) == Some(b"T ") => {
                let email = obfuscated_email(text, i, 2);
                out.extend(email.filter(|s| text[s.0..s.1].contains(" DOT ")));
            }
            b':' if b.get(i + 1..i + 3) == Some(b"//") => {
                let start = b[..i]
                    .iter()
                    .rposition(|x| !x.is_ascii_alphabetic())
                    .map_or(0, |p| p + 1);
                if start >= linked_to
                    && let Some(span) = link(text, start)
                {
                    out.push(span);
                    linked_to = span.1;
                    i = span.1.max(i + 1);
                    continue;
                }
            }
            b':' => out.extend(messenger_id(text, i)),
            b'.' if i > 0 && i >= linked_to && b[i - 1].is_ascii_alphanumeric() => {
                // The host-like run around the dot is tried once, from its start.
                let start = b[..i]
                    .iter()
                    .rposition(|&x| !is_host_byte(x))
                    .map_or(0, |p| p + 1);
                let end = i + b[i..]
                    .iter()
                    .position(|&x| !is_host_byte(x))
                    .unwrap_or(b.len() - i);
                let after_at = start > 0 && b[start - 1] == b'@';
                if !after_at
                    && b[start].is_ascii_alphanumeric()
                    && let Some(span) = link(text, start)
                {
                    out.push(span);
                    linked_to = span.1;
                    i = span.1.max(i + 1);
                    continue;
                }
                i = end.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut kept: Vec<Span> = Vec::with_capacity(out.len());
    for s in out {
        if kept.last().is_none_or(|k| s.0 >= k.1) {
            kept.push(s);
        }
    }
    phone::scan(text, &mut kept);
    kept.sort_by_key(|s| s.0);
    kept
}

fn is_host_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_'
}

pub(crate) fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// `local@domain.tld` around the `@` at `at`.
fn email(text: &str, at: usize) -> Option<Span> {
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_local_char(c))
        .last()
        .map(|(i, _)| i)?;
    let start = start + text[start..at].find(|c: char| c != '.')?;
    let end = domain_end(text, at + 1)?;
    Some((start, end, Kind::Email))
}

/// The end of a `host.tld` starting at `from`, if valid.
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let mut end = from
        + rest
            .find(|c: char| !is_domain_char(c))
            .unwrap_or(rest.len());
    while end > from && matches!(text.as_bytes()[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let host = &text[from..end];
    let tld = host.rsplit_once('.')?.1;
    let labels_ok = host.split('.').all(|l| !l.is_empty());
    (labels_ok && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)).then_some(end)
}

/// `name [at] host [dot] org`, `name(at)host.org`, `name AT host DOT org`
/// (the "at" marker starts at `open` and is `marker` bytes long).
fn obfuscated_email(text: &str, open: usize, marker: usize) -> Option<Span> {
    let before = text[..open].trim_end_matches(' ');
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_local_char(c))
        .last()
        .map(|(i, _)| i)?;
    let mut pos = open + marker;
    let mut labels = 0;
    let mut end = pos;
    let mut last_label = "";
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches(' ');
        let label_len = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(trimmed.len());
        if label_len == 0 {
            break;
        }
        let label_start = pos + (rest.len() - trimmed.len());
        last_label = &text[label_start..label_start + label_len];
        labels += 1;
        end = label_start + label_len;
        let after = &text[end..];
        let sep = ["[dot]", "(dot)", " [dot] ", " (dot) ", "."]
            .iter()
            .find(|s| {
                after.len() >= s.len()
                    && after.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes())
            })
            .or_else(|| after.starts_with(" DOT ").then_some(&" DOT "));
        match sep {
            Some(s)
                if after[s.len()..].starts_with(|c: char| {
                    c.is_alphanumeric() || c == ' ' || c == '[' || c == '('
                }) =>
            {
                pos = end + s.len();
            }
            _ => break,
        }
    }
    let tld_ok = last_label.chars().count() >= 2 && last_label.chars().all(char::is_alphabetic);
    (labels >= 2 && tld_ok).then_some((start, end, Kind::Email))
}

/// A link starting at `i` (the start of a word).
fn link(text: &str, i: usize) -> Option<Span> {
    let rest = &text[i..];
    let starts = |p: &str| {
        rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let schemed = ["http://", "https://", "ftp://"].into_iter().any(starts);
    let www = starts("www.");
    if schemed || www {
        let end = url_end(text, i);
        return (end > i + 7 || www && end > i + 6).then_some((i, end, Kind::Link));
    }
    // A bare domain: labels of [A-Za-z0-9-] joined by dots.
    let bytes = rest.as_bytes();
    let host_len = bytes
        .iter()
        .position(|&c| !is_host_byte(c) || c == b'_')
        .unwrap_or(bytes.len());
    if !bytes[..host_len].contains(&b'.') {
        return None;
    }
    let host = rest[..host_len].trim_end_matches(['.', '-']);
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let tld = *labels.last()?;
    let host_end = i + host.len();
    let has_path = text[host_end..].starts_with('/');
    // With a path, any lower-case TLD will do ("forms.gle/…").
    let path_tld =
        has_path && (2..=6).contains(&tld.len()) && tld.bytes().all(|c| c.is_ascii_lowercase());
    let letters = labels[0].chars().any(|c| c.is_ascii_alphabetic());
    if !(TLDS.contains(&tld) || path_tld) || !letters {
        return None;
    }
    if WORD_TLDS.contains(&tld) && labels.len() < 3 && !has_path {
        return None;
    }
    let end = if has_path {
        url_end(text, host_end)
    } else {
        host_end
    };
    Some((i, end, Kind::Link))
}

/// The end of a URL starting at `i`: up to whitespace or a quote, minus
/// trailing punctuation and unbalanced closing brackets.
fn url_end(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    let stop = rest
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”' | '‘' | '’' | '«' | '»')
        })
        .unwrap_or(rest.len());
    let mut url = &rest[..stop];
    // Bracket balance, kept up to date as the end is trimmed (linear time).
    let count = |c: u8| url.bytes().filter(|&b| b == c).count() as isize;
    let mut balance = [
        count(b'(') - count(b')'),
        count(b'[') - count(b']'),
        count(b'{') - count(b'}'),
    ];
    while let Some(last) = url.chars().next_back() {
        let bracket = match last {
            ')' => Some(0),
            ']' => Some(1),
            '}' => Some(2),
            _ => None,
        };
        let unbalanced = bracket.is_some_and(|k| balance[k] < 0);
        if !(unbalanced || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*')) {
            break;
        }
        if let Some(k) = bracket {
            balance[k] += 1;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    i + url.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Kind)> {
        scan(text)
            .into_iter()
            .map(|(s, e, k)| (&text[s..e], k))
            .collect()
    }

    #[test]
    fn emails_are_found_with_their_trailing_full_stop_left_out() {
        assert_eq!(
            found("Contact: info@apdc-data.org."),
            [("info@apdc-data.org", Kind::Email)]
        );
        assert_eq!(
            found("x budi.santoso+gcm@gmail.com y"),
            [("budi.santoso+gcm@gmail.com", Kind::Email)]
        );
        assert_eq!(
            found("Mail nguyễn.lan@skdc.vn now"),
            [("nguyễn.lan@skdc.vn", Kind::Email)]
        );
    }

    #[test]
    fn obfuscated_emails_are_found() {
        assert_eq!(
            found("to rowena [at] bayanihan [dot] ph please")[0].0,
            "rowena [at] bayanihan [dot] ph"
        );
        assert_eq!(found("is lan(at)skdc.org.vn")[0].0, "lan(at)skdc.org.vn");
    }

    #[test]
    fn capitalised_at_and_dot_spell_an_email() {
        let text = "me: somchai AT mmwn DOT org.";
        assert_eq!(found(text), [("somchai AT mmwn DOT org", Kind::Email)]);
        assert!(found("We AT IOM believe").is_empty());
    }

    #[test]
    fn links_with_scheme_www_or_known_domain() {
        assert_eq!(
            found("see (https://x.org/a_(b)).")[0].0,
            "https://x.org/a_(b)"
        );
        assert_eq!(
            found("See www.apdc-data.org, now")[0].0,
            "www.apdc-data.org"
        );
        assert_eq!(found("at t.me/pima_pacific.")[0].0, "t.me/pima_pacific");
        assert_eq!(
            found("on linkedin.com/in/somchai-w")[0].0,
            "linkedin.com/in/somchai-w"
        );
    }

    #[test]
    fn abbreviations_and_files_are_not_links() {
        assert!(found("e.g. this, i.e. that, U.S. data, ofw-2019.csv, Thailand.In").is_empty());
        assert!(found("version 2.1.3 and 10.7.2").is_empty());
    }
}
