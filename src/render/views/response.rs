//! The views of how the response went, on the postmortem: the response metrics with their
//! definitions, the milestones, and the customer-communication record with its cadence.

use serde::Serialize;

use super::timeline::{TimelineDay, TimelineRow, by_day};
use crate::markdown::to_html;
use crate::model::{Channel, Communication, Incident, Milestone, TimelineKind, Visibility};
use crate::render::i18n::Lang;
use crate::render::scope::Scope;

/// One response metric.
#[derive(Debug, Serialize)]
pub struct MetricView {
    pub name: String,
    /// The duration, or "unknown" when a milestone is missing.
    pub value: String,
    pub known: bool,
    pub definition: String,
}

/// One milestone and when it happened.
#[derive(Debug, Serialize)]
pub struct MilestoneView {
    pub name: String,
    pub when: Option<String>,
    pub iso: Option<String>,
}

/// The response in numbers.
#[derive(Debug, Serialize)]
pub struct ResponseView {
    pub metrics: Vec<MetricView>,
    pub milestones: Vec<MilestoneView>,
}

impl ResponseView {
    pub fn new(scope: &Scope<'_>, incident: &Incident) -> Self {
        let lang = &scope.lang;
        let metrics = incident
            .metrics()
            .into_iter()
            .map(|metric| {
                let key = metric.kind.as_str();
                MetricView {
                    name: lang.text(&format!("metric_{key}")),
                    value: metric
                        .value
                        .map_or_else(|| lang.text("unknown"), |d| signed_duration(lang, d)),
                    known: metric.value.is_some(),
                    definition: lang.text(&format!("metric_{key}_definition")),
                }
            })
            .collect();
        let milestones = Milestone::ALL
            .iter()
            .map(|&m| {
                let at = incident.milestone(m);
                MilestoneView {
                    name: Lang::word(&lang.milestone, m.as_str()),
                    when: at.map(|t| lang.datetime(scope.local(t))),
                    iso: at.map(|t| t.to_rfc3339()),
                }
            })
            .collect();
        ResponseView {
            metrics,
            milestones,
        }
    }
}

/// A duration that may be negative (a milestone before the one it counts from).
fn signed_duration(lang: &Lang, d: chrono::Duration) -> String {
    if d < chrono::Duration::zero() {
        format!("−{}", lang.duration(-d))
    } else {
        lang.duration(d)
    }
}

/// The record of what customers were told.
#[derive(Debug, Serialize)]
pub struct CommunicationView {
    pub days: Vec<TimelineDay>,
    /// "Promises kept: 17 of 18", "Longest silence: …".
    pub summary: Vec<String>,
    /// One sentence per broken promise.
    pub broken: Vec<String>,
    /// Public fallback entries: the workarounds offered.
    pub workarounds: Vec<TimelineRow>,
    /// Public feedback entries: what customers said.
    pub feedback: Vec<TimelineRow>,
}

impl CommunicationView {
    pub fn new(scope: &Scope<'_>, incident: &Incident, bundle: &str) -> Self {
        let lang = &scope.lang;
        let record = incident.communication_record(scope.site.config.cadence, scope.audience);
        let rows = record
            .communications
            .iter()
            .map(|c| (c.at, communication_row(scope, c, bundle)))
            .collect();
        let mut summary = vec![
            lang.text("promises_kept")
                .replace("{kept}", &record.promises_kept.to_string())
                .replace("{made}", &record.promises_made.to_string()),
        ];
        if let Some((from, to)) = record.longest_silence {
            summary.push(
                lang.text("longest_silence")
                    .replace("{duration}", &lang.duration(to - from))
                    .replace("{from}", &lang.datetime(scope.local(from)))
                    .replace("{to}", &lang.datetime(scope.local(to))),
            );
        }
        let broken = record
            .broken()
            .map(|(_, promise)| {
                let due = lang.datetime(scope.local(promise.due));
                match (promise.kept_by, promise.lateness()) {
                    (Some(at), Some(late)) => lang
                        .text("promise_broken_late")
                        .replace("{due}", &due)
                        .replace("{at}", &lang.time(scope.local(at)))
                        .replace("{late}", &lang.duration(late)),
                    _ => lang.text("promise_broken_never").replace("{due}", &due),
                }
            })
            .collect();
        let public_of = |kind: TimelineKind| -> Vec<TimelineRow> {
            incident
                .timeline
                .iter()
                .filter(|e| e.kind == kind && e.visibility == Visibility::Public)
                .map(|e| TimelineRow {
                    iso: e.at.to_rfc3339(),
                    time: lang.datetime(scope.local(e.at)),
                    kind: Lang::word(&lang.timeline_kind, e.kind.as_str()),
                    who: e.who.clone(),
                    html: to_html(&e.text, Some(bundle)),
                    is_update: false,
                    promise: None,
                    promise_kept: None,
                    internal: false,
                })
                .collect()
        };
        CommunicationView {
            days: by_day(scope, rows),
            summary,
            broken,
            workarounds: public_of(TimelineKind::Fallback),
            feedback: public_of(TimelineKind::Feedback),
        }
    }
}

/// A communication as the record lists it: a status-page update shows its status and
/// promise (its text is in the timeline); a call, a message or a check-in keeps its text.
fn communication_row(scope: &Scope<'_>, c: &Communication<'_>, bundle: &str) -> TimelineRow {
    let lang = &scope.lang;
    let mut kind = match c.channel {
        Channel::StatusPage => format!(
            "{} · {}",
            lang.text("status_page_update"),
            c.status
                .map(|s| Lang::word(&lang.update_status, s.as_str()))
                .unwrap_or_default()
        ),
        Channel::Call => Lang::word(&lang.timeline_kind, "call"),
        Channel::Message => Lang::word(&lang.timeline_kind, "message"),
        Channel::CheckIn => Lang::word(&lang.timeline_kind, "check-in"),
    };
    if let Some(named) = c.named_channel {
        kind = format!("{kind} · {named}");
    }
    let who = who_to_whom(c.who, c.audience);
    TimelineRow {
        iso: c.at.to_rfc3339(),
        time: lang.time(scope.local(c.at)),
        kind,
        who,
        html: if c.channel == Channel::StatusPage {
            String::new()
        } else {
            to_html(c.text, Some(bundle))
        },
        is_update: c.channel == Channel::StatusPage,
        promise: c.promise.map(|p| {
            if p.explicit {
                scope.promise(c.at, p.due)
            } else {
                lang.text("next_update_implied")
                    .replace("{time}", &lang.time(scope.local(p.due)))
                    .replace("{cadence}", &lang.duration(p.due - c.at))
            }
        }),
        promise_kept: c.promise.map(|p| p.is_kept()),
        internal: c.visibility == crate::model::Visibility::Internal,
    }
}

/// Who spoke and to whom, as a record's row says it: `CSM → client`, `CSM`, `→ client`.
pub fn who_to_whom(who: Option<&str>, audience: Option<&str>) -> Option<String> {
    match (who, audience) {
        (Some(who), Some(to)) => Some(format!("{who} → {to}")),
        (Some(who), None) => Some(who.to_string()),
        (None, Some(to)) => Some(format!("→ {to}")),
        (None, None) => None,
    }
}
