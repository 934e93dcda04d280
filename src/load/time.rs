//! Reading times and durations as people write them in incident files.
//!
//! A time is written in one of three ways:
//! - with its offset: `2026-11-06T18:40+01:00`, `2026-11-06 18:40 +01:00`, `...Z`;
//! - as a local date and time: `2026-11-06 18:40`, read in the site's timezone;
//! - as a clock time alone: `18:40` or `18h40`, the first such time at or after the entry
//!   before it (for the first entry of a list: the incident's start).
//!
//! A local time that falls twice (clocks going back) is the earlier of the two; one that
//! does not exist (clocks going forward) is an error.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};
use chrono_tz::Tz;

use crate::model::Instant;

/// A time as written, before it is placed on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenTime {
    Exact(Instant),
    Local(NaiveDateTime),
    Clock(NaiveTime),
}

/// Why a written time cannot be placed on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeProblem {
    pub message: String,
    pub hint: String,
}

const EXAMPLES: &str = "write `18:40`, `2026-11-06 18:40` or `2026-11-06T18:40+01:00`";

/// Parses a written time without placing it.
pub fn parse_time(text: &str) -> Result<WrittenTime, TimeProblem> {
    let text = text.trim();
    let problem = || TimeProblem {
        message: format!("`{text}` is not a time"),
        hint: EXAMPLES.to_string(),
    };
    if text.is_empty() {
        return Err(TimeProblem {
            message: "the time is missing".into(),
            hint: EXAMPLES.into(),
        });
    }
    if let Some(clock) = parse_clock(text) {
        return Ok(WrittenTime::Clock(clock));
    }
    let normalized = text.replacen(' ', "T", 1);
    if let Ok(exact) = DateTime::parse_from_rfc3339(&with_seconds(&normalized)) {
        return Ok(WrittenTime::Exact(exact));
    }
    let (local, offset) = split_offset(&normalized);
    let local = local.trim_end();
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M"))
        .map_err(|_| problem())?;
    match offset {
        None => Ok(WrittenTime::Local(naive)),
        Some(offset) => offset
            .from_local_datetime(&naive)
            .single()
            .map(WrittenTime::Exact)
            .ok_or_else(problem),
    }
}

/// `18:40`, `18h40`, `18h`, `8:05`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let (hours, minutes) = text
        .split_once(':')
        .or_else(|| text.split_once(['h', 'H']))?;
    if hours.is_empty() || hours.len() > 2 || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let minutes = if minutes.is_empty() { "00" } else { minutes };
    if minutes.len() != 2 || !minutes.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// Adds `:00` seconds to `2026-11-06T18:40+01:00` so that RFC 3339 accepts it.
fn with_seconds(text: &str) -> String {
    let Some(t) = text.find('T') else {
        return text.to_string();
    };
    let rest = &text[t + 1..];
    let clock_len = rest.find(['+', '-', 'Z', 'z', ' ']).unwrap_or(rest.len());
    if rest[..clock_len].matches(':').count() == 1 {
        format!(
            "{}{}:00{}",
            &text[..=t],
            &rest[..clock_len],
            &rest[clock_len..].trim_start()
        )
    } else {
        text.replace(' ', "")
    }
}

/// Splits a trailing ` +01:00` / `+0100` offset off a local time.
fn split_offset(text: &str) -> (&str, Option<FixedOffset>) {
    let Some(t) = text.find('T') else {
        return (text, None);
    };
    let Some(sign_at) = text[t..].rfind(['+', '-']).map(|i| i + t) else {
        return (text, None);
    };
    let digits: String = text[sign_at + 1..]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() != 4 {
        return (text, None);
    }
    let hours: i32 = digits[..2].parse().unwrap_or(0);
    let minutes: i32 = digits[2..].parse().unwrap_or(0);
    let seconds = (hours * 3600 + minutes * 60)
        * if &text[sign_at..=sign_at] == "-" {
            -1
        } else {
            1
        };
    (&text[..sign_at], FixedOffset::east_opt(seconds))
}

/// Places a written time on the timeline.
///
/// `tz` is the site's timezone; `after` is the entry before (or the incident's start), which
/// gives a clock time its date.
pub fn resolve_time(
    written: WrittenTime,
    tz: Option<Tz>,
    after: Option<Instant>,
) -> Result<Instant, TimeProblem> {
    match written {
        WrittenTime::Exact(instant) => Ok(instant),
        WrittenTime::Local(naive) => resolve_local(naive, tz, after),
        WrittenTime::Clock(clock) => {
            let Some(after) = after else {
                return Err(TimeProblem {
                    message: format!("`{}` has no date", clock.format("%H:%M")),
                    hint: "the first time of a file needs its date: write `2026-11-06 18:40`"
                        .into(),
                });
            };
            let day = match tz {
                Some(tz) => after.with_timezone(&tz).date_naive(),
                None => after.date_naive(),
            };
            let same_day = resolve_local(day.and_time(clock), tz, Some(after))?;
            if same_day >= after {
                return Ok(same_day);
            }
            let next_day = day.succ_opt().unwrap_or(day);
            resolve_local(next_day.and_time(clock), tz, Some(after))
        }
    }
}

/// How far after the entry before it a time written without a date may fall: further, the
/// writer most likely meant another day, and must say which.
pub const BARE_TIME_REACH: Duration = Duration::hours(12);

/// A time written without a date that falls more than `BARE_TIME_REACH` after the entry
/// it follows: the two days it could mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FarBareTime {
    /// As written: `00:15`.
    pub written: String,
    /// How the time reads: the first such time after the reference (`2026-12-02 00:15`).
    pub read: NaiveDateTime,
    /// The same time a day earlier, before the reference (`2026-12-01 00:15`).
    pub earlier: NaiveDateTime,
    /// How long after the reference it reads.
    pub gap: Duration,
}

/// The problem with `text`, read as `resolved` after `reference`, when it is a time without
/// a date more than `BARE_TIME_REACH` after the reference.
pub fn bare_time_too_far(text: &str, reference: Instant, resolved: Instant) -> Option<FarBareTime> {
    let Ok(WrittenTime::Clock(_)) = parse_time(text) else {
        return None;
    };
    let gap = resolved - reference;
    if gap <= BARE_TIME_REACH {
        return None;
    }
    let read = resolved.naive_local();
    Some(FarBareTime {
        written: text.trim().to_string(),
        read,
        earlier: read - Duration::days(1),
        gap,
    })
}

impl FarBareTime {
    fn shown(t: NaiveDateTime) -> String {
        t.format("%Y-%m-%d %H:%M").to_string()
    }

    /// As the time of an update, after the update above it (or the incident's start).
    pub fn of_update(&self) -> TimeProblem {
        TimeProblem {
            message: format!(
                "`{}` reads as {}, {} after the update above: a time without a date must \
                 be within 12 h of it",
                self.written,
                Self::shown(self.read),
                crate::model::format_duration(self.gap),
            ),
            hint: format!(
                "write `{}` if you mean that day, or `{}` if you mean the day before (and \
                 put the update in its place, in time order)",
                Self::shown(self.read),
                Self::shown(self.earlier),
            ),
        }
    }

    /// As the promise of the next update, after the update or timeline entry (`maker`)
    /// that makes it.
    pub fn of_promise(&self, maker: &str) -> TimeProblem {
        TimeProblem {
            message: format!(
                "`next {}` reads as {}, {} after this {maker}: {} on {} has already passed",
                self.written,
                Self::shown(self.read),
                crate::model::format_duration(self.gap),
                self.earlier.format("%H:%M"),
                self.earlier.format("%Y-%m-%d"),
            ),
            hint: format!(
                "write `next {}` if you mean the next day, or promise a later time or a \
                 duration such as `next 2h`",
                Self::shown(self.read),
            ),
        }
    }
}

/// A local date and time in the site's timezone, or in the offset of `after` when the site
/// has no timezone.
fn resolve_local(
    naive: NaiveDateTime,
    tz: Option<Tz>,
    after: Option<Instant>,
) -> Result<Instant, TimeProblem> {
    let shown = naive.format("%Y-%m-%d %H:%M");
    match (tz, after) {
        (Some(tz), _) => match tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => Ok(t.fixed_offset()),
            LocalResult::Ambiguous(earlier, _) => Ok(earlier.fixed_offset()),
            LocalResult::None => Err(TimeProblem {
                message: format!("{shown} does not exist in {tz}: the clocks moved forward"),
                hint: format!(
                    "write the time with its offset, e.g. `{}`",
                    offset_example(naive)
                ),
            }),
        },
        (None, Some(after)) => after
            .offset()
            .from_local_datetime(&naive)
            .single()
            .ok_or_else(|| TimeProblem {
                message: format!("{shown} cannot be read"),
                hint: EXAMPLES.into(),
            }),
        (None, None) => Err(TimeProblem {
            message: format!("{shown} has no offset and the site has no timezone"),
            hint: format!(
                "add `timezone = \"Europe/Paris\"` (an IANA name) to config.toml, \
                 or write the offset: `{}`",
                offset_example(naive)
            ),
        }),
    }
}

fn offset_example(naive: NaiveDateTime) -> String {
    format!("{}+01:00", naive.format("%Y-%m-%dT%H:%M"))
}

/// Parses a date written `2026-11-20`.
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeProblem> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| TimeProblem {
        message: format!("`{}` is not a date", text.trim()),
        hint: "write the date as `2026-11-20`".into(),
    })
}

/// Parses a duration: `2h`, `90min`, `1h30`, `45 min`, `1d`, `1 j 2 h`.
pub fn parse_duration(text: &str) -> Result<Duration, TimeProblem> {
    let problem = || TimeProblem {
        message: format!("`{}` is not a duration", text.trim()),
        hint: "write it like `2h`, `90min`, `1h30` or `1d`".into(),
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut total = Duration::zero();
    let mut rest = compact.as_str();
    let mut last_unit = None;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let number: i64 = rest[..digits].parse().map_err(|_| problem())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let minutes_per_unit = match unit.to_lowercase().as_str() {
            "d" | "j" | "day" | "days" | "jour" | "jours" => 24 * 60,
            "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" => 60,
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            "" if last_unit == Some(60) => 1,
            _ => return Err(problem()),
        };
        last_unit = Some(minutes_per_unit);
        total += Duration::minutes(number.checked_mul(minutes_per_unit).ok_or_else(problem)?);
    }
    if total <= Duration::zero() {
        return Err(problem());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> Option<Tz> {
        Some(chrono_tz::Europe::Paris)
    }

    fn at(text: &str) -> Instant {
        DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn resolve(text: &str, after: Option<Instant>) -> Result<Instant, TimeProblem> {
        parse_time(text).and_then(|w| resolve_time(w, paris(), after))
    }

    #[test]
    fn reads_every_written_form() {
        let expected = at("2026-11-06T18:40:00+01:00");
        for text in [
            "2026-11-06T18:40+01:00",
            "2026-11-06T18:40:00+01:00",
            "2026-11-06 18:40 +01:00",
            "2026-11-06 18:40+0100",
            "2026-11-06 18:40",
            "2026-11-06T17:40Z",
        ] {
            assert_eq!(resolve(text, None), Ok(expected), "{text}");
        }
    }

    #[test]
    fn offsets_without_a_colon_or_with_minutes_are_read_to_the_minute() {
        // Each time as written, and the instant it is, with its own offset.
        for (text, expected) in [
            ("2026-11-06 18:40-0500", "2026-11-06T18:40:00-05:00"),
            ("2026-11-06T18:40-0500", "2026-11-06T18:40:00-05:00"),
            ("2026-11-06 18:40 -05:00", "2026-11-06T18:40:00-05:00"),
            ("2026-11-06 18:40 +0530", "2026-11-06T18:40:00+05:30"),
            ("2026-11-06 18:40:15 +0530", "2026-11-06T18:40:15+05:30"),
            ("2026-11-06 18:40+05:30", "2026-11-06T18:40:00+05:30"),
            ("2026-11-06 18:40 -0330", "2026-11-06T18:40:00-03:30"),
            ("2026-11-06 18:40 +0000", "2026-11-06T18:40:00+00:00"),
        ] {
            let read = resolve(text, None).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(read.to_rfc3339(), expected, "{text}");
        }
        // 18:40 at -05:00 is 23:40 in UTC: read 10 hours off, it would be 13:40.
        assert_eq!(
            resolve("2026-11-06 18:40-0500", None),
            Ok(at("2026-11-06T23:40:00Z"))
        );
    }

    #[test]
    fn clock_times_follow_the_previous_entry() {
        let friday = at("2026-11-06T18:40:00+01:00");
        assert_eq!(
            resolve("20:55", Some(friday)),
            Ok(at("2026-11-06T20:55:00+01:00"))
        );
        assert_eq!(resolve("18h40", Some(friday)), Ok(friday));
        assert_eq!(
            resolve("08:00", Some(friday)),
            Ok(at("2026-11-07T08:00:00+01:00"))
        );
        assert_eq!(
            resolve("8h", Some(friday)),
            Ok(at("2026-11-07T08:00:00+01:00"))
        );
    }

    #[test]
    fn clock_time_without_reference_is_refused() {
        let problem = resolve("18:40", None).unwrap_err();
        assert_eq!(problem.message, "`18:40` has no date");
    }

    #[test]
    fn daylight_saving_changes_have_a_defined_result() {
        // 2026-10-25 02:30 happens twice in Paris: the earlier one (+02:00) is taken.
        assert_eq!(
            resolve("2026-10-25 02:30", None),
            Ok(at("2026-10-25T02:30:00+02:00"))
        );
        // 2026-03-29 02:30 does not exist in Paris.
        let problem = resolve("2026-03-29 02:30", None).unwrap_err();
        assert_eq!(
            problem.message,
            "2026-03-29 02:30 does not exist in Europe/Paris: the clocks moved forward"
        );
        assert_eq!(
            problem.hint,
            "write the time with its offset, e.g. `2026-03-29T02:30+01:00`"
        );
        // A clock time after the change takes the new offset.
        let before = at("2026-10-24T23:00:00+02:00");
        assert_eq!(
            resolve("09:00", Some(before)),
            Ok(at("2026-10-25T09:00:00+01:00"))
        );
    }

    #[test]
    fn local_time_without_timezone_says_how_to_fix_it() {
        let written = parse_time("2026-11-06 18:40").unwrap();
        let problem = resolve_time(written, None, None).unwrap_err();
        assert_eq!(
            problem.message,
            "2026-11-06 18:40 has no offset and the site has no timezone"
        );
        assert!(problem.hint.contains("timezone = \"Europe/Paris\""));
    }

    #[test]
    fn a_missing_time_is_named_as_such() {
        assert_eq!(parse_time(" ").unwrap_err().message, "the time is missing");
    }

    #[test]
    fn non_times_are_refused() {
        for text in [
            "",
            "tomorrow",
            "25:00",
            "18:4",
            "2026-13-01 10:00",
            "18:40:99",
            "018:40",
            "0018h40",
            "1840h",
        ] {
            assert!(parse_time(text).is_err(), "{text}");
        }
    }

    #[test]
    fn dates_read_as_written() {
        assert_eq!(
            parse_date(" 2026-11-20 ").map(|d| d.to_string()),
            Ok("2026-11-20".to_string())
        );
        let problem = parse_date("20/11/2026").unwrap_err();
        assert_eq!(problem.message, "`20/11/2026` is not a date");
        assert_eq!(problem.hint, "write the date as `2026-11-20`");
    }

    #[test]
    fn durations_read_as_written() {
        assert_eq!(parse_duration("2h"), Ok(Duration::hours(2)));
        assert_eq!(parse_duration("90min"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration("1h30"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration("1 h 30 min"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration("1j"), Ok(Duration::days(1)));
        assert!(parse_duration("0h").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("30").is_err());
        assert!(parse_duration("").is_err());
    }
}
