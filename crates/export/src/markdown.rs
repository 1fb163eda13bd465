//! CommonMark rendering.
//!
//! Every piece of text that came from a person (contributions, notes,
//! summaries, and also titles and names) is escaped so that it is shown as
//! written and can never become structure: no injected headings, lists,
//! block quotes, code blocks, links, images or raw HTML.

use std::fmt::Write as _;

use crate::ExportDoc;
use crate::view::{self, KEY_POINT, MERGED, NOTE, SUMMARY};

/// Renders the notes as CommonMark: a header (title, date, scope, Chatham
/// House notice), then `##` per working group, `###` per objective with the
/// rapporteur's summary, `####` per review question with its contributions
/// as a list. Empty sections are left out.
pub fn markdown(doc: &ExportDoc) -> String {
    let shown = view::prepare(doc);
    let mut blocks: Vec<String> = vec![
        format!("# {}", heading(&doc.consultation.title)),
        format!(
            "**Date:** {}",
            escape(&view::date_label(
                &doc.consultation.date,
                &doc.consultation.time_zone
            ))
        ),
        format!("**Scope:** {}", escape(&view::scope_label(doc))),
    ];
    blocks.extend(
        view::paragraphs(&doc.chatham_house)
            .iter()
            .map(|p| escape(p)),
    );
    if shown.groups.is_empty() {
        blocks.push(view::NOTHING_RECORDED.to_owned());
    }
    for group in &shown.groups {
        blocks.push(format!("## {}", heading(&group.name)));
        for objective in &group.objectives {
            let title = view::objective_heading(objective.number, &objective.title);
            blocks.push(format!("### {}", heading(&title)));
            let summary = objective.summary.as_deref().unwrap_or_default();
            for (i, paragraph) in view::paragraphs(summary).iter().enumerate() {
                let label = if i == 0 {
                    format!("**{SUMMARY}** ")
                } else {
                    String::new()
                };
                blocks.push(format!("{label}{}", escape(paragraph)));
            }
            for question in &objective.questions {
                blocks.push(format!("#### {}", heading(&question.text)));
                let mut list = String::new();
                for item in &question.items {
                    let marker = if item.key_point {
                        format!("**{KEY_POINT}** ")
                    } else {
                        String::new()
                    };
                    let votes = view::votes_suffix(item.votes);
                    let _ = writeln!(list, "- {marker}{}{votes}", escape(&item.text));
                    for original in &item.merged {
                        let _ = writeln!(list, "  - {MERGED} {}", escape(&original.text));
                    }
                    if let Some(note) = &item.note {
                        let _ = writeln!(list, "  - {NOTE} {}", escape(note));
                    }
                }
                blocks.push(list.trim_end().to_owned());
            }
        }
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// Heading content: escaped, and a trailing `#` kept from being read as the
/// optional closing sequence of an ATX heading.
fn heading(text: &str) -> String {
    let text = view::one_line(text);
    match text.strip_suffix('#') {
        Some(rest) if !rest.is_empty() => format!("{}\\#", escape_line(rest)),
        _ => escape_line(&text),
    }
}

/// Escapes person-written text for a place where it starts a block (a list
/// item, a paragraph) or sits inside one. The text is first put on one line.
///
/// - Inline: `\`, `` ` ``, `*`, `_`, `[`, `]` and `<` are backslash-escaped,
///   which rules out emphasis, code spans, links, images, autolinks and raw
///   HTML.
/// - `&` is escaped where it would start an entity (`&copy;`, `&#35;`), so
///   the text reads as written.
/// - At the start: `#`, `>`, `-`, `+`, `=`, `~`, `|` are escaped, as is the
///   `.` or `)` of an ordered-list marker like `1.`, which rules out
///   headings, block quotes, lists, thematic breaks, fences and tables.
pub(crate) fn escape(text: &str) -> String {
    escape_line(&view::one_line(text))
}

/// [`escape`] for text that is already on one line.
fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in text.char_indices() {
        let inline = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<')
            || (c == '&' && starts_entity(&text[i + 1..]));
        let at_start = i == 0 && matches!(c, '#' | '>' | '-' | '+' | '=' | '~' | '|');
        let list_number = i == digits && (1..=9).contains(&digits) && matches!(c, '.' | ')');
        if inline || at_start || list_number {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `rest`, the text after a `&`, makes it an HTML entity or a
/// numeric character reference, as CommonMark reads them.
fn starts_entity(rest: &str) -> bool {
    let Some((name, _)) = rest.split_once(';') else {
        return false;
    };
    let alnum = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some(decimal) = name.strip_prefix('#') {
        (1..=7).contains(&decimal.len()) && decimal.bytes().all(|b| b.is_ascii_digit())
    } else {
        name.len() <= 32 && alnum(name) && name.starts_with(|c: char| c.is_ascii_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markers_at_the_start_are_escaped() {
        assert_eq!(escape("# Heading"), "\\# Heading");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+66 2 123 4567"), "\\+66 2 123 4567");
        assert_eq!(escape("> quote"), "\\> quote");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("2021) year"), "2021\\) year");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("~~~"), "\\~~~");
        assert_eq!(escape("===="), "\\====");
        assert_eq!(escape("| a | b |"), "\\| a | b |");
    }

    #[test]
    fn markers_inside_the_text_are_left_alone() {
        assert_eq!(escape("SDG 10.7 - and #23 > 7"), "SDG 10.7 - and #23 > 7");
        assert_eq!(escape("1234567890. big"), "1234567890. big");
    }

    #[test]
    fn inline_markup_and_html_are_escaped() {
        assert_eq!(
            escape("*a* _b_ `c` [d](e) ![f](g) <img> \\"),
            "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) !\\[f\\](g) \\<img> \\\\"
        );
    }

    #[test]
    fn ampersands_are_escaped_only_where_they_would_start_an_entity() {
        assert_eq!(escape("return & reintegration"), "return & reintegration");
        assert_eq!(escape("R&D, &A1, &;"), "R&D, &A1, &;");
        assert_eq!(
            escape("R&D; &x y;"),
            "R\\&D; &x y;",
            "unknown names are escaped too"
        );
        assert_eq!(escape("&copy; &#35; &#x23;"), "\\&copy; \\&#35; \\&#x23;");
        assert_eq!(escape("&lt;script&gt;"), "\\&lt;script\\&gt;");
    }

    #[test]
    fn line_breaks_cannot_start_new_blocks() {
        assert_eq!(
            escape("ok\n# not a heading\n\n- nor a list"),
            "ok # not a heading - nor a list"
        );
        assert_eq!(escape("\n  # still escaped"), "\\# still escaped");
    }

    #[test]
    fn headings_keep_a_trailing_hash() {
        assert_eq!(heading("Learning C #"), "Learning C \\#");
        assert_eq!(heading("# x"), "\\# x");
        assert_eq!(heading("#"), "\\#");
        assert_eq!(heading("a\\#"), "a\\\\\\#");
    }
}
