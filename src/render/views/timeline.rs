//! Timeline rows grouped by local day, with an anchor on the first row of each minute for
//! the communication audit to link to.

use serde::Serialize;

use crate::model::Instant;

use super::*;

/// A row of the postmortem's timeline: a public update or a timeline entry marked public.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    /// The anchor of the first row of its minute (`t-20261113-2242`), for links to it.
    pub id: Option<String>,
    pub iso: String,
    pub time: String,
    pub kind: String,
    pub who: Option<String>,
    pub html: String,
    pub is_update: bool,
    /// For a status-page update: the time it promised the next one by.
    pub promise: Option<String>,
    /// Whether the next communication came by then (for a customer communication).
    pub promise_kept: Option<bool>,
    /// An internal entry, shown only on the internal site.
    pub internal: bool,
}

/// The rows of one local day, under the day's date.
#[derive(Debug, Serialize)]
pub struct TimelineDay {
    pub date: String,
    pub iso: String,
    pub rows: Vec<TimelineRow>,
}

/// Rows in time order, grouped under the local day they happened on.
pub fn by_day(scope: &Scope<'_>, rows: Vec<(Instant, TimelineRow)>) -> Vec<TimelineDay> {
    let mut days: Vec<TimelineDay> = Vec::new();
    let mut current = None;
    for (at, row) in rows {
        let day = scope.local(at).date_naive();
        match days.last_mut() {
            Some(last) if current == Some(day) => last.rows.push(row),
            _ => {
                current = Some(day);
                days.push(TimelineDay {
                    date: scope.lang.date(day),
                    iso: day.to_string(),
                    rows: vec![row],
                });
            }
        }
    }
    days
}

/// The anchor of the timeline's rows at `at`'s local minute.
pub fn anchor(scope: &Scope<'_>, at: Instant) -> String {
    minute_anchor(scope.local(at))
}

/// The anchor of a local minute, `t-20261113-2242`: written digit by digit for the years
/// of four digits, by chrono's `%Y` for the others (which it signs).
fn minute_anchor(local: Instant) -> String {
    use chrono::{Datelike, Timelike};
    let year = local.year();
    if !(0..=9999).contains(&year) {
        return format!("t-{}", local.format("%Y%m%d-%H%M"));
    }
    let mut text = String::with_capacity(15);
    text.push_str("t-");
    push_digits(&mut text, year.unsigned_abs(), 4);
    push_digits(&mut text, local.month(), 2);
    push_digits(&mut text, local.day(), 2);
    text.push('-');
    push_digits(&mut text, local.hour(), 2);
    push_digits(&mut text, local.minute(), 2);
    text
}

/// Writes `number`'s last `width` digits, with zeros in front.
fn push_digits(text: &mut String, number: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (number / 10u32.pow(place) % 10) as u8;
        text.push(char::from(b'0' + digit));
    }
}

/// Gives the first row of each minute its anchor; rows are in time order.
pub fn anchor_minutes(scope: &Scope<'_>, rows: &mut [(Instant, TimelineRow)]) {
    let mut previous = None;
    for (at, row) in rows {
        let local = scope.local(*at);
        // The local minute: the local time without its seconds.
        let minute = local.naive_local().and_utc().timestamp().div_euclid(60);
        if previous != Some(minute) {
            row.id = Some(minute_anchor(local));
        }
        previous = Some(minute);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_anchor_reads_as_chrono_writes_it() {
        for text in [
            "2026-11-13T22:42:59+01:00",
            "2026-01-02T03:04:00-05:30",
            "0999-12-31T23:59:00+00:00",
            "0000-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
        ] {
            let at = chrono::DateTime::parse_from_rfc3339(text).unwrap();
            assert_eq!(
                minute_anchor(at),
                format!("t-{}", at.format("%Y%m%d-%H%M")),
                "{text}"
            );
        }
        let far = chrono::DateTime::parse_from_rfc3339("2026-11-13T22:42:00+01:00").unwrap()
            + chrono::Duration::days(3_000_000);
        assert_eq!(
            minute_anchor(far),
            format!("t-{}", far.format("%Y%m%d-%H%M"))
        );
        assert_eq!(
            minute_anchor(
                chrono::DateTime::parse_from_rfc3339("2026-11-13T22:42:00+01:00").unwrap()
            ),
            "t-20261113-2242"
        );
    }
}
