//! Checks a [`RawConsultation`] and builds the [`Consultation`] model.
//!
//! Every check returns the first problem as a [`ConfigError`] that names the
//! field (`groups[1].objectives[2]`) and the line of the offending value.
//! Checks run roughly in file order (the registration deadline after the
//! agenda it is compared with), so the error shown is usually the one nearest
//! the top of the file.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use toml::Spanned;

use crate::clock::{self, ClockTime, EndOfDay};
use crate::error::{ConfigError, Source};
use crate::fields::{Seen, non_empty, slug, text};
use crate::raw::{
    RawAgendaItem, RawCategory, RawConsultation, RawGroup, RawObjective, RawQuestion,
    RawRegistration,
};
use crate::{
    AgendaItem, AgendaKind, Consultation, Objective, RegistrationRules, ReviewQuestion,
    StakeholderCategory, WorkingGroup,
};

/// Group slug kept for the plenary room, which every participant is in
/// outside the working-group sessions.
pub const RESERVED_GROUP_SLUG: &str = "plenary";

type Result<T> = std::result::Result<T, ConfigError>;

/// The consultation's day and zone, for turning agenda times into instants.
struct Day<'a> {
    date: Date,
    tz: &'a TimeZone,
    tz_name: &'a str,
}

pub(crate) fn validate(src: Source<'_>, raw: RawConsultation) -> Result<Consultation> {
    let slug = slug(src, "slug", &raw.slug, "slug")?;
    let title = text(src, "title", &raw.title)?;
    let theme = text(src, "theme", &raw.theme)?;
    let time_zone = raw.time_zone.get_ref().clone();
    let tz = TimeZone::get(&time_zone).map_err(|_| {
        src.error(
            "time_zone",
            Some(raw.time_zone.span()),
            format!(
                "unknown time zone {time_zone:?}: expected an IANA time zone name such as \"Asia/Bangkok\""
            ),
        )
    })?;
    let date = clock::parse_date(raw.date.get_ref())
        .map_err(|m| src.error("date", Some(raw.date.span()), m))?;
    let chatham_house_notice = text(src, "chatham_house_notice", &raw.chatham_house_notice)?;
    let day = Day {
        date,
        tz: &tz,
        tz_name: &time_zone,
    };
    let agenda = agenda(src, &raw.agenda, &day, raw.groups.len())?;
    let registration = registration(src, &raw.registration, &day, &agenda)?;
    let objectives = objectives(src, &raw.objectives)?;
    let groups = groups(src, &raw.groups, &objectives)?;
    let review_questions = questions(src, &raw.review_questions)?;
    let stakeholder_categories = categories(src, &raw.stakeholder_categories)?;
    Ok(Consultation {
        slug,
        title,
        theme,
        time_zone,
        tz,
        date,
        agenda,
        objectives,
        groups,
        review_questions,
        stakeholder_categories,
        registration,
        chatham_house_notice,
    })
}

fn agenda(
    src: Source<'_>,
    raw: &Spanned<Vec<Spanned<RawAgendaItem>>>,
    day: &Day<'_>,
    group_count: usize,
) -> Result<Vec<AgendaItem>> {
    let mut items: Vec<AgendaItem> = Vec::with_capacity(raw.get_ref().len());
    for (i, item) in raw.get_ref().iter().enumerate() {
        let item = item.get_ref();
        let at = |name: &str| format!("agenda[{i}].{name}");
        let kind = *item.kind.get_ref();
        if kind == AgendaKind::WorkingGroups && group_count == 0 {
            return Err(src.error(
                at("kind"),
                Some(item.kind.span()),
                "a working_groups item needs at least one [[groups]] entry",
            ));
        }
        let title = text(src, &at("title"), &item.title)?;
        let start_local = agenda_time(src, &at("start"), &item.start)?;
        let end_local = agenda_time(src, &at("end"), &item.end)?;
        if end_local < start_local {
            return Err(src.error(
                at("end"),
                Some(item.end.span()),
                format!(
                    "ends at {} but starts at {}: an agenda item cannot run past midnight \
                     (all agenda times are on `date`, {})",
                    hhmm(end_local),
                    hhmm(start_local),
                    day.date
                ),
            ));
        }
        if end_local == start_local {
            return Err(src.error(
                at("end"),
                Some(item.end.span()),
                format!(
                    "ends when it starts ({}): an agenda item must end after it starts",
                    hhmm(start_local)
                ),
            ));
        }
        if let Some(prev) = items.last()
            && start_local < prev.end_local
        {
            return Err(src.error(
                at("start"),
                Some(item.start.span()),
                format!(
                    "starts at {}, before agenda[{}] ({:?}) ends at {}: agenda items must be \
                     in time order and must not overlap",
                    hhmm(start_local),
                    i - 1,
                    prev.title,
                    hhmm(prev.end_local)
                ),
            ));
        }
        let instant = |field: &str, time: Time, span| {
            clock::instant(day.tz, day.tz_name, day.date.to_datetime(time))
                .map_err(|m| src.error(at(field), Some(span), m))
        };
        items.push(AgendaItem {
            kind,
            title,
            start: instant("start", start_local, item.start.span())?,
            end: instant("end", end_local, item.end.span())?,
            start_local,
            end_local,
        });
    }
    if !items.iter().any(|item| item.kind == AgendaKind::Plenary) {
        return Err(src.error(
            "agenda",
            Some(raw.span()),
            "the agenda needs at least one item with kind = \"plenary\"",
        ));
    }
    Ok(items)
}

fn agenda_time(src: Source<'_>, field: &str, raw: &Spanned<String>) -> Result<Time> {
    match clock::parse_time(raw.get_ref(), EndOfDay::Rejected) {
        Ok(ClockTime::At(time)) => Ok(time),
        Ok(ClockTime::EndOfDay) => unreachable!("end of day is rejected"),
        Err(m) => Err(src.error(field, Some(raw.span()), m)),
    }
}

fn registration(
    src: Source<'_>,
    raw: &RawRegistration,
    day: &Day<'_>,
    agenda: &[AgendaItem],
) -> Result<RegistrationRules> {
    let cap = &raw.per_organisation_cap;
    if *cap.get_ref() < 1 {
        return Err(src.error(
            "registration.per_organisation_cap",
            Some(cap.span()),
            "must be at least 1 (the number of people one organisation may register)",
        ));
    }
    let field = "registration.deadline";
    let written = raw.deadline.get_ref();
    let span = raw.deadline.span();
    let local =
        clock::parse_deadline(written).map_err(|m| src.error(field, Some(span.clone()), m))?;
    let deadline = clock::instant(day.tz, day.tz_name, local)
        .map_err(|m| src.error(field, Some(span.clone()), m))?;
    let first = agenda.first().expect("validated agenda has a plenary item");
    if deadline > first.start {
        return Err(src.error(
            field,
            Some(span),
            format!(
                "registration closes at {written} ({}), after the consultation starts at {} {}",
                day.tz_name,
                day.date,
                hhmm(first.start_local)
            ),
        ));
    }
    Ok(RegistrationRules {
        deadline,
        deadline_local: written.clone(),
        per_organisation_cap: *cap.get_ref(),
    })
}

fn objectives(src: Source<'_>, raw: &[Spanned<RawObjective>]) -> Result<Vec<Objective>> {
    let mut seen = Seen::default();
    let mut out = Vec::with_capacity(raw.len());
    for (i, objective) in raw.iter().enumerate() {
        let objective = objective.get_ref();
        let at = |name: &str| format!("objectives[{i}].{name}");
        let number = &objective.number;
        if *number.get_ref() < 1 {
            return Err(src.error(
                at("number"),
                Some(number.span()),
                "objective numbers start at 1",
            ));
        }
        seen.insert(src, "objective number", &at("number"), number)?;
        out.push(Objective {
            number: *number.get_ref(),
            title: text(src, &at("title"), &objective.title)?,
            description: text(src, &at("description"), &objective.description)?,
        });
    }
    Ok(out)
}

fn groups(
    src: Source<'_>,
    raw: &[Spanned<RawGroup>],
    objectives: &[Objective],
) -> Result<Vec<WorkingGroup>> {
    let mut seen = Seen::default();
    let mut out = Vec::with_capacity(raw.len());
    for (i, group) in raw.iter().enumerate() {
        let group = group.get_ref();
        let at = |name: &str| format!("groups[{i}].{name}");
        let slug = slug(src, &at("slug"), &group.slug, "group slug")?;
        if slug == RESERVED_GROUP_SLUG {
            return Err(src.error(
                at("slug"),
                Some(group.slug.span()),
                format!("{RESERVED_GROUP_SLUG:?} is reserved for the plenary room; choose another group slug"),
            ));
        }
        seen.insert(src, "group slug", &at("slug"), &group.slug)?;
        let name = text(src, &at("name"), &group.name)?;
        if group.objectives.get_ref().is_empty() {
            return Err(src.error(
                at("objectives"),
                Some(group.objectives.span()),
                "a working group must discuss at least one objective",
            ));
        }
        let mut listed = Seen::default();
        for (j, number) in group.objectives.get_ref().iter().enumerate() {
            let field = format!("groups[{i}].objectives[{j}]");
            if !objectives.iter().any(|o| o.number == *number.get_ref()) {
                let defined: Vec<String> =
                    objectives.iter().map(|o| o.number.to_string()).collect();
                let defined = if defined.is_empty() {
                    "none".to_owned()
                } else {
                    defined.join(", ")
                };
                return Err(src.error(
                    field,
                    Some(number.span()),
                    format!(
                        "unknown objective {} (defined in [[objectives]]: {defined})",
                        number.get_ref()
                    ),
                ));
            }
            listed.insert(src, "objective", &field, number)?;
        }
        if let Some(capacity) = &group.capacity
            && *capacity.get_ref() < 1
        {
            return Err(src.error(
                at("capacity"),
                Some(capacity.span()),
                "capacity must be at least 1 (leave it out for no limit)",
            ));
        }
        out.push(WorkingGroup {
            slug,
            name,
            objectives: group
                .objectives
                .get_ref()
                .iter()
                .map(|n| *n.get_ref())
                .collect(),
            capacity: group.capacity.as_ref().map(|c| *c.get_ref()),
        });
    }
    Ok(out)
}

fn questions(
    src: Source<'_>,
    raw: &Spanned<Vec<Spanned<RawQuestion>>>,
) -> Result<Vec<ReviewQuestion>> {
    non_empty(src, "review_questions", raw, "review question")?;
    let mut seen = Seen::default();
    let mut out = Vec::with_capacity(raw.get_ref().len());
    for (i, question) in raw.get_ref().iter().enumerate() {
        let question = question.get_ref();
        let at = |name: &str| format!("review_questions[{i}].{name}");
        let key = slug(src, &at("key"), &question.key, "key")?;
        seen.insert(src, "review question key", &at("key"), &question.key)?;
        let text = text(src, &at("text"), &question.text)?;
        out.push(ReviewQuestion { key, text });
    }
    Ok(out)
}

fn categories(
    src: Source<'_>,
    raw: &Spanned<Vec<Spanned<RawCategory>>>,
) -> Result<Vec<StakeholderCategory>> {
    non_empty(src, "stakeholder_categories", raw, "stakeholder category")?;
    let mut seen = Seen::default();
    let mut out = Vec::with_capacity(raw.get_ref().len());
    for (i, category) in raw.get_ref().iter().enumerate() {
        let category = category.get_ref();
        let at = |name: &str| format!("stakeholder_categories[{i}].{name}");
        let key = slug(src, &at("key"), &category.key, "key")?;
        seen.insert(src, "stakeholder category key", &at("key"), &category.key)?;
        let label = text(src, &at("label"), &category.label)?;
        out.push(StakeholderCategory { key, label });
    }
    Ok(out)
}

fn hhmm(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}
