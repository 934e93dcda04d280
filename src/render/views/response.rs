//! The views of how the response went, on the postmortem: the response metrics with their
//! definitions and the milestones they run between, and the audit of the customer
//! communication (promises kept, longest silence, broken promises), which points into the
//! timeline rather than repeating it.

use serde::Serialize;

use super::timeline::{TimelineRow, anchor};
use crate::markdown::to_html;
use crate::model::{
    Channel, Communication, CommunicationRecord, Incident, Instant, Milestone, TimelineKind,
    Visibility,
};
use crate::render::i18n::Lang;
use crate::render::scope::Scope;

/// One response metric.
#[derive(Debug, Serialize)]
pub struct MetricView {
    pub name: String,
    /// The duration, or "unknown" when a milestone is missing.
    pub value: String,
    pub known: bool,
    /// The milestones it runs between, when each happened: `18:00 → 18:40`.
    pub span: String,
    pub definition: String,
}

/// The response in numbers.
#[derive(Debug, Serialize)]
pub struct ResponseView {
    pub metrics: Vec<MetricView>,
}

impl ResponseView {
    pub fn new(scope: &Scope<'_>, incident: &Incident) -> Self {
        let lang = &scope.lang;
        // Each milestone's local time, looked up once: the metrics' spans share them.
        let milestones: Vec<(Milestone, Option<Instant>)> = Milestone::ALL
            .iter()
            .map(|&m| (m, incident.milestone(m).map(|t| scope.local(t))))
            .collect();
        let local = |milestone: Milestone| match milestones.iter().find(|(m, _)| *m == milestone) {
            Some((_, at)) => *at,
            None => incident.milestone(milestone).map(|t| scope.local(t)),
        };
        let metrics = incident
            .metrics()
            .into_iter()
            .map(|metric| {
                let key = metric.kind.as_str();
                let (from, to) = metric.kind.span();
                MetricView {
                    name: lang.text(&["metric_", key].concat()),
                    value: metric
                        .value
                        .map_or_else(|| lang.text("unknown"), |d| signed_duration(lang, d)),
                    known: metric.value.is_some(),
                    span: metric_span(lang, local(from), local(to)),
                    definition: lang.text(&["metric_", key, "_definition"].concat()),
                }
            })
            .collect();
        ResponseView { metrics }
    }
}

/// When a metric's two milestones happened (their local times, when known), `18:00 →
/// 18:40`; the end names its day when it is not the start's, an unknown milestone says so.
fn metric_span(lang: &Lang, from: Option<Instant>, to: Option<Instant>) -> String {
    let unknown = || lang.text("unknown");
    let start = from.map_or_else(unknown, |t| lang.time(t));
    let end = match (from, to) {
        (_, None) => unknown(),
        (Some(from), Some(to)) if from.date_naive() == to.date_naive() => lang.time(to),
        (_, Some(to)) => format!("{} {}", lang.short_date(to.date_naive()), lang.time(to)),
    };
    format!("{start} → {end}")
}

/// A duration that may be negative (a milestone before the one it counts from).
fn signed_duration(lang: &Lang, d: chrono::Duration) -> String {
    if d < chrono::Duration::zero() {
        format!("−{}", lang.duration(-d))
    } else {
        lang.duration(d)
    }
}

/// The audit of what customers were told: the figures, and a link to the timeline row of
/// each broken promise, workaround offered and customer feedback (each told once, there).
#[derive(Debug, Serialize)]
pub struct CommunicationView {
    /// Whether anything was told at all: without it, the page has no such section.
    pub any: bool,
    /// "Promises kept: 17 of 18", "Longest silence: …".
    pub summary: Vec<String>,
    /// One sentence per broken promise, linked to the update that made it.
    pub broken: Vec<RowLink>,
    /// Public fallback entries: the workarounds offered.
    pub workarounds: Vec<RowLink>,
    /// Public feedback entries: what customers said.
    pub feedback: Vec<RowLink>,
}

/// A sentence that links to a row of the timeline.
#[derive(Debug, Serialize)]
pub struct RowLink {
    pub text: String,
    pub href: String,
}

impl RowLink {
    fn new(scope: &Scope<'_>, at: Instant, text: String) -> Self {
        RowLink {
            text,
            href: format!("#{}", anchor(scope, at)),
        }
    }
}

impl CommunicationView {
    pub fn new(scope: &Scope<'_>, incident: &Incident) -> Self {
        let record = incident.communication_record(scope.site.config.cadence, scope.audience);
        Self::of_record(scope, incident, &record)
    }

    /// The audit of `record`, the incident's communication record for the scope's audience
    /// (for a page that has already made it).
    pub fn of_record(
        scope: &Scope<'_>,
        incident: &Incident,
        record: &CommunicationRecord<'_>,
    ) -> Self {
        let lang = &scope.lang;
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
            .map(|(made_by, promise)| {
                let due = lang.datetime(scope.local(promise.due));
                let text = match (promise.kept_by, promise.lateness()) {
                    (Some(at), Some(late)) => lang
                        .text("promise_broken_late")
                        .replace("{due}", &due)
                        .replace("{at}", &lang.time(scope.local(at)))
                        .replace("{late}", &lang.duration(late)),
                    _ => lang.text("promise_broken_never").replace("{due}", &due),
                };
                RowLink::new(scope, made_by.at, text)
            })
            .collect();
        let public_of = |kind: TimelineKind| -> Vec<RowLink> {
            incident
                .timeline
                .iter()
                .filter(|e| e.kind == kind && e.visibility == Visibility::Public)
                .map(|e| {
                    let when = lang.datetime(scope.local(e.at));
                    let text = match &e.who {
                        Some(who) => format!("{when} · {who}"),
                        None => when,
                    };
                    RowLink::new(scope, e.at, text)
                })
                .collect()
        };
        CommunicationView {
            any: !record.communications.is_empty(),
            summary,
            broken,
            workarounds: public_of(TimelineKind::Fallback),
            feedback: public_of(TimelineKind::Feedback),
        }
    }
}

/// A communication as the timeline shows it: what was said, on which channel, by whom to
/// whom, and the next update it promised with whether the next communication kept it.
pub fn communication_row(scope: &Scope<'_>, c: &Communication<'_>, bundle: &str) -> TimelineRow {
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
        id: None,
        iso: c.at.to_rfc3339(),
        time: lang.time(scope.local(c.at)),
        kind,
        who,
        html: to_html(c.text, Some(bundle)),
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
