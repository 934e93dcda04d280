//! An incident and a maintenance window: as listed, and on their own pages.

use serde::Serialize;

use crate::markdown::to_html;
use crate::model::{Incident, Instant, Maintenance, StatusChange, Update};

use super::*;

/// A public update.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    pub iso: String,
    pub when: String,
    pub status: Word,
    pub html: String,
    /// The components this update moved, with their new status.
    pub components: Vec<ComponentChangeView>,
}

/// A component an update moved: `API publique` to `Opérationnel`.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentChangeView {
    pub id: String,
    pub name: String,
    pub status: Word,
}

/// An incident, as shown in lists and at the top of its pages.
#[derive(Debug, Serialize)]
pub struct IncidentView<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub impact: Word,
    pub status: Word,
    pub started: String,
    pub started_iso: String,
    pub ended: Option<String>,
    pub ended_iso: Option<String>,
    pub duration: String,
    pub components: Vec<ComponentView<'a>>,
    /// Its latest update's `UpdateView`, as a template value.
    pub latest: Option<tera::Value>,
    pub next_update: Option<String>,
    pub next_update_iso: Option<String>,
    pub next_update_late: bool,
    /// What the promise says once it has passed, for the reader's browser to show at once
    /// when the page was built before that.
    pub next_update_late_text: Option<String>,
    pub postmortem_url: Option<String>,
    /// In a client's room, the address of their report of the incident.
    pub report_url: Option<String>,
}

/// A maintenance window, in lists and on its page.
#[derive(Debug, Serialize)]
pub struct MaintenanceView<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub state: Word,
    pub window: String,
    /// The same window, each time in its own `<time>` (each gets the reader's local time).
    pub span: SpanView,
    /// How long the window lasts: "3 h".
    pub duration: String,
    /// The window alone as an iCalendar file, to add it to a calendar.
    pub calendar_url: String,
    pub starts_iso: String,
    pub components: Vec<ComponentView<'a>>,
    pub description_html: String,
    pub updates: Vec<UpdateView>,
}

/// An incident's affected components, the most affected first, then in config.toml's order:
/// with their status now while it is open, with the worst it gave them once resolved.
pub(super) fn worst_first<'a>(
    scope: &Scope<'a>,
    incident: &'a Incident,
) -> impl Iterator<Item = (&'a str, &'static str)> {
    let components = &scope.site.config.components;
    let mut affected = if incident.is_resolved() {
        incident.worst_statuses()
    } else {
        incident.current_statuses()
    };
    affected.sort_by_key(|(id, status)| {
        let position = components.iter().position(|c| c.id == *id);
        (std::cmp::Reverse(*status), position)
    });
    affected
        .into_iter()
        .map(|(id, status)| (id, status.as_str()))
}

impl<'a> IncidentView<'a> {
    pub fn new(scope: &Scope<'a>, incident: &'a Incident) -> Self {
        let base = scope.incident_url(&incident.slug);
        let latest = incident
            .latest_update()
            .map(|u| UpdateView::new(scope, u, &base))
            .map(|view| {
                let step = incident.component_steps().pop();
                let view = view.moving(scope, step.map(|s| s.changes).unwrap_or_default());
                tera::Value::from_serializable(&view)
            });
        Self::with_latest(scope, incident, base, latest)
    }

    /// The view, given the incident's address and its latest update's view as a template
    /// value (for a page that has already made them).
    pub(super) fn with_latest(
        scope: &Scope<'a>,
        incident: &'a Incident,
        base: String,
        latest: Option<tera::Value>,
    ) -> Self {
        let config = &scope.site.config;
        let next = incident.next_update_due(config);
        let late = next.is_some_and(|n| n < scope.now);
        let next_update = next.map(|n| {
            let key = if late {
                "next_update_late"
            } else {
                "next_update_by"
            };
            scope.fill_time(key, n)
        });
        let ended = incident.resolved_at();
        IncidentView {
            slug: &incident.slug,
            title: &incident.title,
            impact: word(incident.impact.as_str(), &scope.lang.impact),
            status: word(incident.status().as_str(), &scope.lang.update_status),
            started: scope.datetime(incident.started),
            started_iso: incident.started.to_rfc3339(),
            ended: ended.map(|t| scope.datetime(t)),
            ended_iso: ended.map(|t| t.to_rfc3339()),
            duration: duration_text(scope, incident),
            components: component_views(scope, worst_first(scope, incident)),
            latest,
            next_update,
            next_update_iso: next.map(|n| n.to_rfc3339()),
            next_update_late: late,
            next_update_late_text: next.map(|n| scope.fill_time("next_update_late", n)),
            postmortem_url: postmortem_url(scope, incident, &base),
            report_url: report_url(scope, incident, &base),
            url: base,
        }
    }
}

/// How long the incident lasted, or "ongoing for …" while it is open.
pub(super) fn duration_text(scope: &Scope<'_>, incident: &Incident) -> String {
    let duration = scope.lang.duration(incident.duration(scope.now));
    if incident.resolved_at().is_some() {
        duration
    } else {
        scope.fill("ongoing_for", "duration", &duration)
    }
}

/// The address of the client's report of the incident, in a room that has one.
fn report_url(scope: &Scope<'_>, incident: &Incident, base: &str) -> Option<String> {
    let crate::model::Audience::Client(id) = scope.audience else {
        return None;
    };
    let client = scope.site.config.client(id)?;
    (incident.started <= scope.now && incident.is_reported_to(client))
        .then(|| format!("{base}report/"))
}

/// The address of the incident's postmortem, when this audience sees it; `base` is the
/// incident's.
pub(super) fn postmortem_url(scope: &Scope<'_>, incident: &Incident, base: &str) -> Option<String> {
    incident
        .postmortem_shown(scope.audience)
        .then(|| format!("{base}postmortem/"))
}

impl UpdateView {
    pub fn new(scope: &Scope<'_>, update: &Update, bundle: &str) -> Self {
        UpdateView {
            iso: update.at.to_rfc3339(),
            when: scope.datetime(update.at),
            status: word(update.status.as_str(), &scope.lang.update_status),
            html: to_html(&update.text, Some(bundle)),
            components: Vec::new(),
        }
    }

    /// The same update, saying which components it moved and to what.
    pub fn moving(mut self, scope: &Scope<'_>, changes: Vec<StatusChange<'_>>) -> Self {
        self.components = changes
            .into_iter()
            .map(|change| ComponentChangeView {
                id: change.component.to_string(),
                name: scope
                    .site
                    .config
                    .component(change.component)
                    .map_or_else(|| change.component.to_string(), |c| c.name.clone()),
                status: word(change.new.as_str(), &scope.lang.component_status),
            })
            .collect();
        self
    }
}

impl<'a> MaintenanceView<'a> {
    pub fn new(scope: &Scope<'a>, maintenance: &'a Maintenance) -> Self {
        let mut updates: Vec<_> = maintenance.updates.iter().collect();
        updates.sort_by_key(|u| std::cmp::Reverse(u.at));
        let bundle = scope.maintenance_url(&maintenance.slug);
        MaintenanceView {
            slug: &maintenance.slug,
            url: bundle.clone(),
            title: &maintenance.title,
            state: word(
                maintenance.state(scope.now).as_str(),
                &scope.lang.maintenance_state,
            ),
            window: window_text(scope, maintenance),
            span: SpanView::window(scope, maintenance),
            duration: scope.lang.duration(maintenance.ends - maintenance.starts),
            calendar_url: format!("{bundle}{}.ics", maintenance.slug),
            starts_iso: maintenance.starts.to_rfc3339(),
            components: component_views(
                scope,
                maintenance
                    .components
                    .iter()
                    .map(|id| (id.as_str(), "under_maintenance")),
            ),
            description_html: to_html(&maintenance.description, Some(&bundle)),
            updates: updates
                .into_iter()
                .map(|u| UpdateView {
                    iso: u.at.to_rfc3339(),
                    when: scope.datetime(u.at),
                    status: word(u.status.as_str(), &scope.lang.maintenance_state),
                    html: to_html(&u.text, Some(&bundle)),
                    components: Vec::new(),
                })
                .collect(),
        }
    }
}

/// "from Saturday 28 November 2026, 06:00 to 08:00".
pub(super) fn window_text(scope: &Scope<'_>, maintenance: &Maintenance) -> String {
    let start = scope.datetime(maintenance.starts);
    let end = scope.time_or_datetime_after(maintenance.starts, maintenance.ends);
    scope
        .lang
        .text("scheduled_for")
        .replace("{start}", &start)
        .replace("{end}", &end)
}

/// A window written "start → end" in pieces, so that each time is a `<time>` of its own
/// and the reader's local time follows the time it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct SpanView {
    pub before: String,
    pub start: String,
    pub start_iso: String,
    pub between: String,
    pub end: String,
    pub end_iso: String,
    pub after: String,
}

impl SpanView {
    /// A maintenance window, as `scheduled_for` words it.
    pub fn window(scope: &Scope<'_>, maintenance: &Maintenance) -> Self {
        let format = scope.lang.text("scheduled_for");
        let (before, rest) = format.split_once("{start}").unwrap_or(("", &format));
        let (between, after) = rest.split_once("{end}").unwrap_or((rest, ""));
        SpanView {
            before: before.to_string(),
            start: scope.datetime(maintenance.starts),
            start_iso: maintenance.starts.to_rfc3339(),
            between: between.to_string(),
            end: scope.time_or_datetime_after(maintenance.starts, maintenance.ends),
            end_iso: maintenance.ends.to_rfc3339(),
            after: after.to_string(),
        }
    }
}

/// `incidents/<slug>/index.html`.
#[derive(Debug, Serialize)]
pub struct IncidentPage<'a> {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub incident: IncidentView<'a>,
    /// Every update, newest first: each a `PageUpdateView`, made into a template value
    /// once for this list and the compact one.
    pub updates: Vec<tera::Value>,
    /// The updates before the latest, newest first, under the day they were posted.
    pub earlier: Vec<UpdateDayView>,
}

/// The updates of one local day, as a compact list.
#[derive(Debug, Serialize)]
pub struct UpdateDayView {
    pub date: String,
    pub iso: String,
    /// Each an update in the compact list: the same value as in the page's `updates`.
    pub updates: Vec<tera::Value>,
}

/// An update on its incident's page: its `UpdateView`'s fields, with `time` (its time of
/// day) and `status_changed` (the status differs from the update before it, or it is the
/// first update) beside them, which the compact list shows. Every update carries them, so
/// that a row of the compact list is the update's value itself, not a copy of it.
#[derive(Debug, Serialize)]
struct PageUpdateView {
    iso: String,
    when: String,
    status: Word,
    html: String,
    components: Vec<ComponentChangeView>,
    time: String,
    status_changed: bool,
}

impl PageUpdateView {
    fn new(view: UpdateView, time: String, status_changed: bool) -> Self {
        let UpdateView {
            iso,
            when,
            status,
            html,
            components,
        } = view;
        PageUpdateView {
            iso,
            when,
            status,
            html,
            components,
            time,
            status_changed,
        }
    }
}

/// The updates (newest first, each its local time and its value) after the first,
/// grouped by local day.
fn earlier_by_day(
    scope: &Scope<'_>,
    locals: &[Instant],
    values: &[tera::Value],
) -> Vec<UpdateDayView> {
    let mut days: Vec<UpdateDayView> = Vec::new();
    let mut last_day = None;
    for (local, value) in locals.iter().zip(values).skip(1) {
        let day = local.date_naive();
        match days.last_mut().filter(|_| last_day == Some(day)) {
            Some(last) => last.updates.push(value.clone()),
            None => {
                days.push(UpdateDayView {
                    date: scope.lang.date(day),
                    iso: day.to_string(),
                    updates: vec![value.clone()],
                });
                last_day = Some(day);
            }
        }
    }
    days
}

impl<'a> IncidentPage<'a> {
    pub fn new(scope: &'a Scope<'a>, incident: &'a Incident) -> Self {
        let base = scope.incident_url(&incident.slug);
        let mut updates: Vec<_> = incident.updates_in_order();
        updates.reverse();
        let mut steps = incident.component_steps();
        steps.reverse();
        let latest = incident.latest_update();
        let locals: Vec<Instant> = updates.iter().map(|u| scope.local(u.at)).collect();
        let values: Vec<tera::Value> = updates
            .iter()
            .zip(steps)
            .zip(&locals)
            .enumerate()
            .map(|(n, ((u, step), local))| {
                let view = UpdateView::new(scope, u, &base).moving(scope, step.changes);
                let before = updates.get(n + 1);
                let status_changed = before.is_none_or(|b| b.status != u.status);
                let time = scope.lang.time(*local);
                tera::Value::from_serializable(&PageUpdateView::new(view, time, status_changed))
            })
            .collect();
        let latest_view = updates
            .iter()
            .position(|u| latest.is_some_and(|l| std::ptr::eq(*u, l)))
            .and_then(|n| values.get(n).cloned());
        IncidentPage {
            site: SiteView::shared(scope, incident.is_active(scope.now)),
            incident: IncidentView::with_latest(scope, incident, base, latest_view),
            earlier: earlier_by_day(scope, &locals, &values),
            updates: values,
        }
    }
}

/// `maintenance/<slug>/index.html`.
#[derive(Debug, Serialize)]
pub struct MaintenancePage<'a> {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub maintenance: MaintenanceView<'a>,
}
