//! The written forms of dates and times in a consultation file, and how a
//! local wall-clock time becomes an instant.
//!
//! The formats are deliberately narrow (`"YYYY-MM-DD"`, `"HH:MM"`,
//! `"YYYY-MM-DD HH:MM"`): organisers copy times from a concept note, and a
//! strict format catches `"11h"` or `"25:00"` at load time rather than in the
//! meeting. Errors are plain strings; the caller adds file, field and line.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};

/// Whether `"24:00"` (the end of the day) is accepted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndOfDay {
    /// Only in the registration deadline, where "31 January at 24:00" is how
    /// concept notes say "until the end of the 31st".
    Allowed,
    /// Everywhere else: an agenda time is a moment within `date`.
    Rejected,
}

/// A written `"HH:MM"`: either a time of day or the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClockTime {
    /// `"00:00"` to `"23:59"`.
    At(Time),
    /// `"24:00"`: midnight at the end of the day.
    EndOfDay,
}

/// Parses `"HH:MM"` on a 24-hour clock.
pub(crate) fn parse_time(s: &str, end_of_day: EndOfDay) -> Result<ClockTime, String> {
    if !time_shape(s) {
        return Err(format!(
            "invalid time {s:?}: expected \"HH:MM\" on a 24-hour clock, e.g. \"11:00\" or \"14:30\""
        ));
    }
    let b = s.as_bytes();
    let hour = i8::try_from(two_digits(&b[0..2])).expect("two digits fit in i8");
    let minute = i8::try_from(two_digits(&b[3..5])).expect("two digits fit in i8");
    if minute > 59 {
        return Err(format!(
            "invalid time {s:?}: minute {minute} is out of range 00-59"
        ));
    }
    match (hour, minute, end_of_day) {
        (24, 0, EndOfDay::Allowed) => Ok(ClockTime::EndOfDay),
        (24, 0, EndOfDay::Rejected) => Err(format!(
            "invalid time {s:?}: \"24:00\" (end of day) is only allowed in \
             registration.deadline; use a time from \"00:00\" to \"23:59\""
        )),
        (24.., _, EndOfDay::Allowed) => Err(format!(
            "invalid time {s:?}: hour {hour} is out of range 00-23 (\"24:00\" is the only time with hour 24)"
        )),
        (24.., _, EndOfDay::Rejected) => Err(format!(
            "invalid time {s:?}: hour {hour} is out of range 00-23"
        )),
        _ => Ok(ClockTime::At(
            Time::new(hour, minute, 0, 0).expect("hour and minute are in range"),
        )),
    }
}

/// Parses a calendar date written `"YYYY-MM-DD"`.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    if !date_shape(s) {
        return Err(format!(
            "invalid date {s:?}: expected \"YYYY-MM-DD\", e.g. \"2021-02-03\""
        ));
    }
    let b = s.as_bytes();
    let year = i16::try_from(two_digits(&b[0..2]) * 100 + two_digits(&b[2..4]))
        .expect("four digits fit in i16");
    let month = i8::try_from(two_digits(&b[5..7])).expect("two digits fit in i8");
    let day = i8::try_from(two_digits(&b[8..10])).expect("two digits fit in i8");
    Date::new(year, month, day).map_err(|_| {
        format!("invalid date {s:?}: there is no day {day} in month {month} of {year}")
    })
}

/// Parses a local deadline written `"YYYY-MM-DD HH:MM"`, where `"24:00"`
/// means the end of that day (midnight at the start of the next).
pub(crate) fn parse_deadline(s: &str) -> Result<DateTime, String> {
    let (date, time) = s
        .split_once(' ')
        .filter(|(date, time)| date_shape(date) && time_shape(time))
        .ok_or_else(|| {
            format!(
                "invalid deadline {s:?}: expected \"YYYY-MM-DD HH:MM\", e.g. \"2021-01-31 24:00\""
            )
        })?;
    let date = parse_date(date)?;
    match parse_time(time, EndOfDay::Allowed)? {
        ClockTime::At(time) => Ok(date.to_datetime(time)),
        ClockTime::EndOfDay => date
            .tomorrow()
            .map(|next| next.to_datetime(Time::midnight()))
            .map_err(|_| format!("invalid deadline {s:?}: the day after {date} is out of range")),
    }
}

/// The instant at which the wall clock in `tz` shows `dt`.
///
/// A local time that is skipped or repeated by a daylight-saving change is
/// rejected rather than guessed: organisers must say which instant they mean.
pub(crate) fn instant(tz: &TimeZone, tz_name: &str, dt: DateTime) -> Result<Timestamp, String> {
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    let shown = dt.strftime("%Y-%m-%d %H:%M");
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => ambiguous
            .unambiguous()
            .map_err(|e| format!("{shown} in {tz_name} is out of range: {e}")),
        AmbiguousOffset::Gap { .. } => Err(format!(
            "{shown} does not exist in {tz_name}: clocks skip it at a daylight-saving change"
        )),
        AmbiguousOffset::Fold { .. } => Err(format!(
            "{shown} happens twice in {tz_name} (clocks go back at a daylight-saving change); \
             choose a time that is not repeated"
        )),
    }
}

/// Whether `s` looks like `"HH:MM"` (digits in the right places).
fn time_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
}

/// Whether `s` looks like `"YYYY-MM-DD"` (digits in the right places).
fn date_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

fn two_digits(b: &[u8]) -> u16 {
    u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn at(h: i8, m: i8) -> Result<ClockTime, String> {
        Ok(ClockTime::At(time(h, m, 0, 0)))
    }

    #[test]
    fn times_parse_on_a_24_hour_clock() {
        assert_eq!(parse_time("00:00", EndOfDay::Rejected), at(0, 0));
        assert_eq!(parse_time("11:00", EndOfDay::Rejected), at(11, 0));
        assert_eq!(parse_time("23:59", EndOfDay::Rejected), at(23, 59));
    }

    #[test]
    fn malformed_times_are_rejected_with_the_expected_shape() {
        for bad in [
            "11h", "11:0", "1:00", "11:00:00", "11-00", "ab:cd", " 11:00", "",
        ] {
            let err = parse_time(bad, EndOfDay::Allowed).unwrap_err();
            assert!(err.contains("expected \"HH:MM\""), "{bad:?}: {err}");
        }
    }

    #[test]
    fn out_of_range_hours_and_minutes_are_named() {
        let err = parse_time("25:00", EndOfDay::Rejected).unwrap_err();
        assert!(err.contains("hour 25 is out of range 00-23"), "{err}");
        let err = parse_time("24:30", EndOfDay::Allowed).unwrap_err();
        assert!(err.contains("hour 24 is out of range"), "{err}");
        let err = parse_time("10:60", EndOfDay::Rejected).unwrap_err();
        assert!(err.contains("minute 60 is out of range 00-59"), "{err}");
    }

    #[test]
    fn end_of_day_is_only_accepted_when_allowed() {
        assert_eq!(
            parse_time("24:00", EndOfDay::Allowed),
            Ok(ClockTime::EndOfDay)
        );
        let err = parse_time("24:00", EndOfDay::Rejected).unwrap_err();
        assert!(
            err.contains("only allowed in registration.deadline"),
            "{err}"
        );
    }

    #[test]
    fn dates_must_be_iso_and_real() {
        assert_eq!(parse_date("2021-02-03"), Ok(date(2021, 2, 3)));
        assert!(parse_date("3 Feb 2021").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("2021-2-3").unwrap_err().contains("YYYY-MM-DD"));
        let err = parse_date("2021-02-30").unwrap_err();
        assert!(err.contains("no day 30 in month 2 of 2021"), "{err}");
    }

    #[test]
    fn deadline_24_00_is_midnight_at_the_start_of_the_next_day() {
        assert_eq!(
            parse_deadline("2021-01-31 24:00"),
            Ok(date(2021, 2, 1).at(0, 0, 0, 0))
        );
        assert_eq!(
            parse_deadline("2021-12-31 24:00"),
            Ok(date(2022, 1, 1).at(0, 0, 0, 0))
        );
        assert_eq!(
            parse_deadline("2021-01-31 17:30"),
            Ok(date(2021, 1, 31).at(17, 30, 0, 0))
        );
        for bad in [
            "2021-01-31T24:00",
            "2021-01-31",
            "31 Jan 2021 24:00",
            "2021-01-31 24h",
        ] {
            let err = parse_deadline(bad).unwrap_err();
            assert!(
                err.contains("expected \"YYYY-MM-DD HH:MM\""),
                "{bad:?}: {err}"
            );
        }
        let err = parse_deadline("2021-02-30 12:00").unwrap_err();
        assert!(err.contains("no day 30"), "{err}");
    }

    #[test]
    fn instants_follow_the_zone_and_refuse_dst_gaps_and_folds() {
        let bangkok = TimeZone::get("Asia/Bangkok").unwrap();
        let ts = instant(&bangkok, "Asia/Bangkok", date(2021, 2, 3).at(11, 0, 0, 0)).unwrap();
        assert_eq!(ts.to_string(), "2021-02-03T04:00:00Z");

        let ny = TimeZone::get("America/New_York").unwrap();
        let gap = instant(&ny, "America/New_York", date(2021, 3, 14).at(2, 30, 0, 0));
        assert!(gap.unwrap_err().contains("does not exist"));
        let fold = instant(&ny, "America/New_York", date(2021, 11, 7).at(1, 30, 0, 0));
        assert!(fold.unwrap_err().contains("happens twice"));
    }
}
