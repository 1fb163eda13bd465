//! Handles: `@someone`, and IDs after a messaging app's name ("Skype:
//! somchai.w", "WeChat ID: lan_nguyen88").

use crate::Kind;
use crate::contact::{Span, is_local_char};

/// `@handle` at `at` (not part of an e-mail address).
pub(crate) fn handle(text: &str, at: usize) -> Option<Span> {
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
pub(crate) fn messenger_id(text: &str, colon: usize) -> Option<Span> {
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

#[cfg(test)]
mod tests {
    use crate::Kind;
    use crate::contact::scan;

    fn found(text: &str) -> Vec<(&str, Kind)> {
        scan(text)
            .into_iter()
            .map(|(s, e, k)| (&text[s..e], k))
            .collect()
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
    fn handles_need_a_letter_and_no_preceding_word() {
        assert_eq!(
            found("DM @rowena.bautista."),
            [("@rowena.bautista", Kind::Handle)]
        );
        assert!(found("starts @ 11:00").is_empty());
        assert!(found("at @10am").is_empty());
    }
}
