//! Timeline rows grouped by local day, shared by the timeline and the communication record.

use serde::Serialize;

use crate::model::Instant;

use super::*;

/// A row of the postmortem's timeline: a public update or a timeline entry marked public.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    pub iso: String,
    pub time: String,
    pub kind: String,
    pub who: Option<String>,
    pub html: String,
    pub is_update: bool,
    /// For a status-page update: the time it promised the next one by.
    pub promise: Option<String>,
    /// Whether the next communication came by then (in the communication record).
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
    for (at, row) in rows {
        let day = scope.local(at).date_naive();
        let iso = day.to_string();
        match days.last_mut() {
            Some(last) if last.iso == iso => last.rows.push(row),
            _ => days.push(TimelineDay {
                date: scope.lang.date(day),
                iso,
                rows: vec![row],
            }),
        }
    }
    days
}
