//! What every format shows, decided once: which sections survive, in which
//! order, and the labels the human-readable formats share.

use crate::{ExportDoc, Scope, sort_items};

/// The document as every format shows it:
///
/// - groups and objectives outside the scope are dropped, so the header's
///   scope line is true by construction;
/// - blank summaries and notes become `None`;
/// - a question without contributions, an objective without contributions
///   or summary, and a group with no objective left are dropped;
/// - contributions are ordered by [`sort_items`], merged originals by
///   ascending id, so no arrival order survives.
pub(crate) fn prepare(doc: &ExportDoc) -> ExportDoc {
    let mut out = doc.clone();
    out.groups.retain_mut(|group| {
        let slug = group.slug.as_str();
        group.objectives.retain_mut(|objective| {
            if !doc.scope.includes(slug, objective.number) {
                return false;
            }
            blank_to_none(&mut objective.summary);
            objective.questions.retain_mut(|question| {
                for item in &mut question.items {
                    blank_to_none(&mut item.note);
                    item.merged.sort_by(|a, b| a.id.cmp(&b.id));
                }
                sort_items(&mut question.items);
                !question.items.is_empty()
            });
            objective.summary.is_some() || !objective.questions.is_empty()
        });
        !group.objectives.is_empty()
    });
    out
}

fn blank_to_none(text: &mut Option<String>) {
    if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
        *text = None;
    }
}

/// The line shown when nothing in scope has a contribution or a summary.
pub(crate) const NOTHING_RECORDED: &str =
    "No contributions or rapporteur summaries were recorded for this scope.";

/// "Working Group 1, objective 23", "All working groups" and the like, for
/// the header.
pub(crate) fn scope_label(doc: &ExportDoc) -> String {
    let group_name = |slug: &str| {
        doc.groups
            .iter()
            .find(|g| g.slug == slug)
            .map_or_else(|| slug.to_owned(), |g| g.name.clone())
    };
    match &doc.scope {
        Scope::Consultation => "All working groups".to_owned(),
        Scope::Group { slug } => group_name(slug),
        Scope::Objective { number } => format!("Objective {number}, all working groups"),
        Scope::GroupObjective { slug, number } => {
            format!("{}, objective {number}", group_name(slug))
        }
    }
}

/// "3 February 2021 (Asia/Bangkok)": an ISO date spelt out, other text as
/// given, and the time zone when there is one.
pub(crate) fn date_label(date: &str, time_zone: &str) -> String {
    let date = iso_date_in_words(date.trim()).unwrap_or_else(|| date.trim().to_owned());
    match time_zone.trim() {
        "" => date,
        zone => format!("{date} ({zone})"),
    }
}

fn iso_date_in_words(date: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year) && digits(month) && digits(day)) {
        return None;
    }
    let month_name = MONTHS.get(month.parse::<usize>().ok()?.checked_sub(1)?)?;
    let day: u32 = day.parse().ok()?;
    (1..=31)
        .contains(&day)
        .then(|| format!("{day} {month_name} {year}"))
}

/// "Objective 23: Strengthen international cooperation", or "Objective 23"
/// when the title is blank.
pub(crate) fn objective_heading(number: u32, title: &str) -> String {
    match one_line(title).as_str() {
        "" => format!("Objective {number}"),
        title => format!("Objective {number}: {title}"),
    }
}

/// " (3 votes)", " (1 vote)", or nothing for no votes.
pub(crate) fn votes_suffix(votes: u32) -> String {
    match votes {
        0 => String::new(),
        1 => " (1 vote)".to_owned(),
        n => format!(" ({n} votes)"),
    }
}

/// Label before a key point.
pub(crate) const KEY_POINT: &str = "Key point:";
/// Label before a merged original.
pub(crate) const MERGED: &str = "Merged:";
/// Label before a rapporteur's note.
pub(crate) const NOTE: &str = "Rapporteur's note:";
/// Label before an objective's summary.
pub(crate) const SUMMARY: &str = "Rapporteur's summary.";

/// The text on one line: every run of whitespace, line breaks included,
/// becomes one space, and the ends are trimmed.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text as paragraphs, split at blank lines, each on one line.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter().map(|p| one_line(&p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_spelt_out_and_other_text_is_kept() {
        assert_eq!(
            date_label("2021-02-03", "Asia/Bangkok"),
            "3 February 2021 (Asia/Bangkok)"
        );
        assert_eq!(date_label("3 February 2021", ""), "3 February 2021");
        assert_eq!(date_label("2021-13-03", ""), "2021-13-03");
        assert_eq!(date_label("2021-00-03", ""), "2021-00-03");
        assert_eq!(date_label("2021-1-03", ""), "2021-1-03");
    }

    #[test]
    fn vote_counts_read_naturally_and_zero_is_omitted() {
        assert_eq!(votes_suffix(0), "");
        assert_eq!(votes_suffix(1), " (1 vote)");
        assert_eq!(votes_suffix(12), " (12 votes)");
    }

    #[test]
    fn text_collapses_to_one_line_or_to_paragraphs() {
        assert_eq!(one_line("  a\r\n b\t\tc \n"), "a b c");
        assert_eq!(
            paragraphs("first\nline\r\n\r\n  \nsecond  para\n"),
            ["first line", "second para"]
        );
        assert!(paragraphs(" \n ").is_empty());
    }
}
