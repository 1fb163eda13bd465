//! Contact details: e-mail addresses (also "name [at] host [dot] org"),
//! links (`http(s)://`, `www.`, and bare domains with a known top-level
//! domain such as `linkedin.com/in/…` or `t.me/…`), handles (`@someone`),
//! and phone numbers (see [`crate::phone`]).
//!
//! Every link is redacted: a link can name the author's organisation or
//! profile, and the redactor cannot tell a public report from a personal
//! page.

use crate::Kind;
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
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'@' => {
                if let Some(s) = email(text, i).or_else(|| handle(text, i)) {
                    out.push(s);
                }
            }
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
            b':' => out.extend(messenger_id(text, i)),
            _ if c.is_ascii_alphanumeric()
                && (i == 0 || !is_host_byte(b[i - 1]) && b[i - 1] != b'@') =>
            {
                // A word: only one with a dot, or a scheme, can start a link.
                let run = b[i..]
                    .iter()
                    .position(|&x| !is_host_byte(x))
                    .unwrap_or(b.len() - i);
                let schemed = matches!(c, b'h' | b'H' | b'w' | b'W' | b'f' | b'F');
                if schemed || b[i..i + run].contains(&b'.') {
                    out.extend(link(text, i));
                }
                i += run.max(1);
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

fn is_local_char(c: char) -> bool {
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

/// Messaging apps whose IDs follow a colon: "Skype: somchai.w",
/// "WeChat ID: lan_nguyen88" ("line" and "x" only with "ID").
const MESSENGERS: &[&str] = &[
    "skype",
    "wechat",
    "kakaotalk",
    "kakao",
    "zalo",
    "telegram",
    "signal",
    "instagram",
    "ig",
    "tiktok",
    "twitter",
    "facebook",
    "fb",
    "whatsapp",
    "viber",
    "imo",
    "discord",
    "snapchat",
    "threads",
    "bluesky",
    "mastodon",
    "messenger",
    "line",
    "x",
];

/// The ID after "Skype:" / "WeChat ID:" (the colon is at `colon`). It must
/// look like an ID (a digit, `_` or `.` inside) or end the clause.
fn messenger_id(text: &str, colon: usize) -> Option<Span> {
    let before = text[..colon].trim_end();
    let mut words = before.rsplit(|c: char| !c.is_ascii_alphanumeric());
    let last = words.next()?.to_ascii_lowercase();
    let (app, with_id) = if matches!(last.as_str(), "id" | "handle" | "username" | "name") {
        (words.next()?.to_ascii_lowercase(), true)
    } else {
        (last, false)
    };
    if !MESSENGERS.contains(&app.as_str()) || (matches!(app.as_str(), "line" | "x") && !with_id) {
        return None;
    }
    let after = &text[colon + 1..];
    let start = colon + 1 + after.len() - after.trim_start().len();
    let rest = &text[start..];
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
        .unwrap_or(rest.len());
    let id = rest[..len].trim_end_matches(['.', '-']);
    let first = id.chars().next()?;
    let looks_like_id = id.contains(|c: char| c.is_ascii_digit() || c == '_' || c == '.');
    let ends_clause = rest[id.len()..]
        .chars()
        .next()
        .is_none_or(|c| matches!(c, '\n' | ')' | ',' | ';' | '.'));
    let ok = (first.is_alphabetic() || first == '@')
        && id.chars().count() >= 3
        && (looks_like_id || ends_clause);
    ok.then_some((start, start + id.len(), Kind::Handle))
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

/// `@handle` at `at` (not part of an e-mail address).
fn handle(text: &str, at: usize) -> Option<Span> {
    let prev_ok = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(is_local_char(c) || c == '@'));
    let rest = &text[at + 1..];
    let first = rest.chars().next()?;
    if !prev_ok || !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let mut len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    while len > 0 && rest.as_bytes()[len - 1] == b'.' {
        len -= 1;
    }
    (rest[..len].chars().count() >= 2).then_some((at, at + 1 + len, Kind::Handle))
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
    loop {
        let Some(last) = url.chars().next_back() else {
            break;
        };
        let unbalanced = |open: char, close: char| {
            last == close && url.matches(open).count() < url.matches(close).count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
            || unbalanced('{', '}')
        {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            break;
        }
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
    fn messenger_ids_follow_an_app_name_and_a_colon() {
        assert_eq!(found("Skype: somchai.w"), [("somchai.w", Kind::Handle)]);
        assert_eq!(
            found("WeChat ID: lan_nguyen88, thanks"),
            [("lan_nguyen88", Kind::Handle)]
        );
        assert!(found("Skype: available on request").is_empty());
        assert!(found("Line: the next item").is_empty());
    }

    #[test]
    fn capitalised_at_and_dot_spell_an_email() {
        let text = "me: somchai AT mmwn DOT org.";
        assert_eq!(found(text), [("somchai AT mmwn DOT org", Kind::Email)]);
        assert!(found("We AT IOM believe").is_empty());
    }

    #[test]
    fn handles_need_a_letter_and_no_preceding_word() {
        assert_eq!(
            found("DM @rowena.bautista."),
            [("@rowena.bautista", Kind::Handle)]
        );
        assert!(found("starts @ 11:00").is_empty());
        assert!(found("at @10am").is_empty());
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
