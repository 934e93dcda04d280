//! A language file: the theme's strings, the names of months and days, date formats and
//! the words for every status. Dates and durations are formatted here, in Rust.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Timelike};
use serde::Deserialize;

use crate::diagnostic::Error;
use crate::model::Instant;

/// How dates and times are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formats {
    pub date: Pattern,
    pub short_date: Pattern,
    pub time: Pattern,
    pub datetime: Pattern,
    pub month_year: Pattern,
    /// A date without its weekday, for due dates: `{day} {month} {year}`.
    pub plain_date: Pattern,
    /// How the first day of a month is written where it differs (`1er` in French).
    #[serde(default)]
    pub first_day: Option<String>,
}

/// A format such as `{weekday} {day} {month} {year}`, split once into text and fields, so
/// that each of the many dates of a site is written in one pass.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct Pattern(Vec<Piece>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// The fields a format can hold, each written `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Weekday,
    Day,
    Month,
    Year,
    Hour,
    Minute,
    Date,
    Time,
}

impl Field {
    const ALL: [Field; 8] = [
        Field::Weekday,
        Field::Day,
        Field::Month,
        Field::Year,
        Field::Hour,
        Field::Minute,
        Field::Date,
        Field::Time,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::Weekday => "weekday",
            Field::Day => "day",
            Field::Month => "month",
            Field::Year => "year",
            Field::Hour => "hour",
            Field::Minute => "minute",
            Field::Date => "date",
            Field::Time => "time",
        }
    }
}

impl From<String> for Pattern {
    fn from(format: String) -> Self {
        let mut pieces = Vec::new();
        let mut rest = format.as_str();
        while !rest.is_empty() {
            let field = rest.strip_prefix('{').and_then(|after| {
                Field::ALL.into_iter().find(|f| {
                    after
                        .strip_prefix(f.name())
                        .is_some_and(|r| r.starts_with('}'))
                })
            });
            let (piece, taken) = match field {
                Some(field) => (Piece::Field(field), field.name().len() + 2),
                None => {
                    let end = rest[1..].find('{').map_or(rest.len(), |i| i + 1);
                    (Piece::Text(rest[..end].to_string()), end)
                }
            };
            match (pieces.last_mut(), piece) {
                (Some(Piece::Text(text)), Piece::Text(more)) => text.push_str(&more),
                (_, piece) => pieces.push(piece),
            }
            rest = &rest[taken..];
        }
        Pattern(pieces)
    }
}

impl Pattern {
    /// The pattern with each field written by `field`; a field it does not write (one that
    /// means nothing in this format) stays as written.
    fn fill(&self, field: impl FnMut(Field, &mut String) -> bool) -> String {
        let mut out = String::with_capacity(32);
        self.fill_into(&mut out, field);
        out
    }

    /// The same, written at the end of `out`.
    fn fill_into(&self, out: &mut String, mut field: impl FnMut(Field, &mut String) -> bool) {
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Field(f) => {
                    if !field(*f, out) {
                        out.push('{');
                        out.push_str(f.name());
                        out.push('}');
                    }
                }
            }
        }
    }
}

/// The short units of a duration (`2 j 14 h 30 min`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    pub day: String,
    pub hour: String,
    pub minute: String,
}

/// One language file, as read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lang {
    pub code: String,
    pub name: String,
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
    pub formats: Formats,
    pub units: Units,
    pub impact: BTreeMap<String, String>,
    pub component_status: BTreeMap<String, String>,
    pub update_status: BTreeMap<String, String>,
    pub maintenance_state: BTreeMap<String, String>,
    pub indicator: BTreeMap<String, String>,
    pub timeline_kind: BTreeMap<String, String>,
    pub action_state: BTreeMap<String, String>,
    pub milestone: BTreeMap<String, String>,
    pub action_kind: BTreeMap<String, String>,
    pub priority: BTreeMap<String, String>,
    pub strings: BTreeMap<String, String>,
}

impl Lang {
    /// Reads a language file; `name` is shown in errors.
    pub fn parse(text: &str, name: &str) -> Result<Self, Error> {
        let lang: Lang = toml::from_str(text).map_err(|e| {
            Error::new(format!("the language file {name} cannot be read")).caused_by(&e)
        })?;
        if lang.months.len() != 12 || lang.weekdays.len() != 7 {
            return Err(Error::new(format!(
                "the language file {name} needs 12 months and 7 weekdays (Monday first)"
            )));
        }
        Ok(lang)
    }

    /// A theme string; the key itself when the file lacks it, so a gap shows, not a crash.
    pub fn text(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The theme string `key`, or `fallback`'s when the file lacks `key` (a site's own
    /// language file written before `key` existed).
    pub fn text_or(&self, key: &str, fallback: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.text(fallback))
    }

    /// The word for a vocabulary value, from one of the word tables.
    pub fn word(table: &BTreeMap<String, String>, key: &str) -> String {
        table
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.replace('_', " "))
    }

    /// `vendredi 13 novembre 2026`
    pub fn date(&self, date: NaiveDate) -> String {
        self.fill_date(&self.formats.date, date)
    }

    /// `vendredi 13 novembre`
    pub fn short_date(&self, date: NaiveDate) -> String {
        self.fill_date(&self.formats.short_date, date)
    }

    /// `13 novembre 2026`
    pub fn plain_date(&self, date: NaiveDate) -> String {
        self.fill_date(&self.formats.plain_date, date)
    }

    fn fill_date(&self, format: &Pattern, date: NaiveDate) -> String {
        format.fill(|field, out| self.write_date_field(field, date, out))
    }

    fn write_date_field(&self, field: Field, date: NaiveDate, out: &mut String) -> bool {
        match field {
            Field::Weekday => {
                out.push_str(&self.weekdays[date.weekday().num_days_from_monday() as usize]);
            }
            Field::Day => match (&self.formats.first_day, date.day()) {
                (Some(first), 1) => out.push_str(first),
                (_, day) => {
                    push_number(out, day, 1);
                }
            },
            Field::Month => out.push_str(&self.months[date.month0() as usize]),
            Field::Year => push_year(out, date.year()),
            _ => return false,
        }
        true
    }

    pub fn time(&self, t: Instant) -> String {
        self.formats
            .time
            .fill(|field, out| write_time_field(field, t, out))
    }

    pub fn datetime(&self, t: Instant) -> String {
        self.formats.datetime.fill(|field, out| {
            match field {
                Field::Date => {
                    let date = t.date_naive();
                    self.formats
                        .date
                        .fill_into(out, |field, out| self.write_date_field(field, date, out));
                }
                Field::Time => {
                    self.formats
                        .time
                        .fill_into(out, |field, out| write_time_field(field, t, out));
                }
                _ => return false,
            }
            true
        })
    }

    pub fn month_year(&self, year: i32, month0: u32) -> String {
        self.formats.month_year.fill(|field, out| {
            match field {
                Field::Month => out.push_str(&self.months[month0 as usize % 12]),
                Field::Year => push_year(out, year),
                _ => return false,
            }
            true
        })
    }

    /// `2 j 14 h 30 min`: days, hours and minutes, leaving out the zero ones.
    pub fn duration(&self, d: Duration) -> String {
        let minutes = d.num_minutes().max(0);
        let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        let mut out = String::with_capacity(24);
        for (count, unit) in [(days, &self.units.day), (hours, &self.units.hour)] {
            if count > 0 {
                push_count(&mut out, count, unit);
            }
        }
        if mins > 0 || out.is_empty() {
            push_count(&mut out, mins, &self.units.minute);
        }
        out
    }
}

/// Writes a part of a duration, `count` (never negative) and its `unit`, at the end of
/// `out`, after a space when it is not the first part: `14 h`.
fn push_count(out: &mut String, count: i64, unit: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    match u32::try_from(count) {
        Ok(count) => {
            push_number(out, count, 1);
        }
        Err(_) => out.push_str(&count.to_string()),
    }
    out.push(' ');
    out.push_str(unit);
}

/// Writes the hour or the minute of a time; true, for `Pattern::fill`.
fn write_time_field(field: Field, t: Instant, out: &mut String) -> bool {
    match field {
        Field::Hour => push_number(out, t.hour(), 2),
        Field::Minute => push_number(out, t.minute(), 2),
        _ => false,
    }
}

/// Writes a year as `{year}` would, without the formatting machinery.
fn push_year(out: &mut String, year: i32) {
    match u32::try_from(year) {
        Ok(year) => {
            push_number(out, year, 1);
        }
        Err(_) => out.push_str(&year.to_string()),
    }
}

/// Writes `number` with at least `width` digits; true, for `Pattern::fill`.
/// Writes `number` in decimal, padded with zeros to `width` digits, as `{number:0width$}`
/// would, without the formatting machinery: every date and time of every page goes through
/// here.
fn push_number(out: &mut String, number: u32, width: usize) -> bool {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    let mut rest = number;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in digits.len() - start..width {
        out.push('0');
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::LANGUAGES;

    #[test]
    fn numbers_are_padded_as_the_standard_formatting_pads_them() {
        for number in [0, 7, 9, 10, 42, 99, 100, 2026, 4_294_967_295] {
            for width in [0, 1, 2, 4] {
                let mut out = String::from("x");
                push_number(&mut out, number, width);
                assert_eq!(
                    out,
                    format!("x{number:0width$}"),
                    "{number} at width {width}"
                );
            }
        }
    }

    #[test]
    fn years_are_written_as_the_standard_formatting_writes_them() {
        for year in [-44, -1, 0, 7, 999, 2026, 10_000] {
            let mut out = String::from("x");
            push_year(&mut out, year);
            assert_eq!(out, format!("x{year}"));
        }
    }

    #[test]
    fn a_date_and_time_is_the_date_and_the_time_in_the_language_s_format() {
        for (code, _) in LANGUAGES {
            let l = lang(code);
            for text in ["2026-11-01T00:05:00+01:00", "1999-03-27T23:59:00-05:00"] {
                let t =
                    chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{e}"));
                let expected = l.formats.datetime.fill(|field, out| {
                    match field {
                        Field::Date => out.push_str(&l.date(t.date_naive())),
                        Field::Time => out.push_str(&l.time(t)),
                        _ => return false,
                    }
                    true
                });
                assert_eq!(l.datetime(t), expected, "{code} {text}");
                assert!(
                    l.datetime(t).contains(&t.year().to_string()),
                    "{code} {text}"
                );
            }
        }
    }

    fn lang(code: &str) -> Lang {
        let text = LANGUAGES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, t)| *t)
            .unwrap_or("");
        Lang::parse(text, code).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_language_has_every_key_of_english() {
        let english = lang("en");
        for (code, _) in LANGUAGES {
            let other = lang(code);
            for (name, a, b) in [
                ("strings", &english.strings, &other.strings),
                ("impact", &english.impact, &other.impact),
                (
                    "component_status",
                    &english.component_status,
                    &other.component_status,
                ),
                (
                    "update_status",
                    &english.update_status,
                    &other.update_status,
                ),
                (
                    "maintenance_state",
                    &english.maintenance_state,
                    &other.maintenance_state,
                ),
                ("indicator", &english.indicator, &other.indicator),
                (
                    "timeline_kind",
                    &english.timeline_kind,
                    &other.timeline_kind,
                ),
                ("action_state", &english.action_state, &other.action_state),
            ] {
                for key in a.keys() {
                    assert!(b.contains_key(key), "{code}.toml lacks {name}.{key}");
                }
            }
        }
    }

    #[test]
    fn word_tables_cover_every_vocabulary_word() {
        use crate::model::*;
        for (code, _) in LANGUAGES {
            let l = lang(code);
            for w in Impact::ALL {
                assert!(l.impact.contains_key(w.as_str()), "{code} impact {w}");
            }
            for w in ComponentStatus::ALL {
                assert!(l.component_status.contains_key(w.as_str()), "{code} {w}");
            }
            for w in UpdateStatus::ALL {
                assert!(l.update_status.contains_key(w.as_str()), "{code} {w}");
            }
            for w in TimelineKind::ALL {
                assert!(l.timeline_kind.contains_key(w.as_str()), "{code} {w}");
            }
            for w in ActionState::ALL {
                assert!(l.action_state.contains_key(w.as_str()), "{code} {w}");
            }
            for w in ActionKind::ALL {
                assert!(l.action_kind.contains_key(w.as_str()), "{code} {w}");
            }
            for w in Priority::ALL {
                assert!(l.priority.contains_key(w.as_str()), "{code} {w}");
            }
            for w in Milestone::ALL {
                assert!(l.milestone.contains_key(w.as_str()), "{code} {w}");
            }
            for m in crate::model::MetricKind::ALL {
                let key = format!("metric_{}", m.as_str());
                assert!(l.strings.contains_key(&key), "{code} {key}");
                assert!(
                    l.strings.contains_key(&format!("{key}_definition")),
                    "{code} {key}"
                );
            }
        }
    }

    #[test]
    fn a_format_keeps_what_is_not_one_of_its_fields() {
        let mut fr = lang("fr");
        fr.formats.time = Pattern::from("{hour} h {minute} {day} {{minute}} {zone} {".to_string());
        fr.formats.datetime = Pattern::from("le {date} à {time}{".to_string());
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-13T08:05:00+01:00")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fr.time(t), "08 h 05 {day} {05} {zone} {");
        assert_eq!(
            fr.datetime(t),
            "le vendredi 13 novembre 2026 à 08 h 05 {day} {05} {zone} {{"
        );
    }

    #[test]
    fn dates_and_durations_read_naturally() {
        let fr = lang("fr");
        let en = lang("en");
        let friday = NaiveDate::from_ymd_opt(2026, 11, 6).unwrap_or_default();
        assert_eq!(fr.date(friday), "vendredi 6 novembre 2026");
        assert_eq!(en.date(friday), "Friday 6 November 2026");
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(fr.plain_date(first), "1er décembre 2026");
        assert_eq!(fr.short_date(first), "mardi 1er décembre");
        assert_eq!(en.plain_date(first), "1 December 2026");
        let d = Duration::minutes(2 * 1440 + 14 * 60 + 30);
        assert_eq!(fr.duration(d), "2 j 14 h 30 min");
        assert_eq!(en.duration(d), "2 d 14 h 30 min");
        assert_eq!(en.duration(Duration::zero()), "0 min");
    }

    /// A duration as it was written part by part, each with `format!`, then joined.
    fn duration_by_parts(lang: &Lang, d: Duration) -> String {
        let minutes = d.num_minutes().max(0);
        let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        let mut parts = Vec::new();
        if days > 0 {
            parts.push(format!("{days} {}", lang.units.day));
        }
        if hours > 0 {
            parts.push(format!("{hours} {}", lang.units.hour));
        }
        if mins > 0 || parts.is_empty() {
            parts.push(format!("{mins} {}", lang.units.minute));
        }
        parts.join(" ")
    }

    #[test]
    fn every_duration_reads_as_its_parts_joined() {
        let fr = lang("fr");
        let en = lang("en");
        let minutes = (0..3 * 1440 + 5)
            .chain([-90, 10_000 * 1440 + 59, i64::from(u32::MAX) * 1440 + 61])
            .chain([i64::MAX / 60_000, i64::MIN / 60_000]);
        for m in minutes {
            let d = Duration::minutes(m);
            assert_eq!(fr.duration(d), duration_by_parts(&fr, d), "{m}");
            assert_eq!(en.duration(d), duration_by_parts(&en, d), "{m}");
        }
    }
}
