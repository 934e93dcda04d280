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

/// The anchor of the timeline's rows at `at`'s local minute.
pub fn anchor(scope: &Scope<'_>, at: Instant) -> String {
    format!("t-{}", scope.local(at).format("%Y%m%d-%H%M"))
}

/// Gives the first row of each minute its anchor; rows are in time order.
pub fn anchor_minutes(scope: &Scope<'_>, rows: &mut [(Instant, TimelineRow)]) {
    let mut previous = None;
    for (at, row) in rows {
        let id = anchor(scope, *at);
        if previous.as_ref() != Some(&id) {
            row.id = Some(id.clone());
        }
        previous = Some(id);
    }
}
