//! Finds the public events of a site, each with a stable id: the updates of incidents, the
//! component status changes they make, maintenance windows announced, started and
//! completed, postmortems published. Internal entries and notes are never events.

use chrono::Utc;

use crate::model::{Audience, ComponentStatus, Incident, Instant, Maintenance, Site};

/// Something clients are told about, once.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// Stable across runs: `incident/SLUG/update/20261120T211000Z`.
    pub id: String,
    /// When it happened (for the horizon and the order of sending).
    pub at: Instant,
    /// The components it touches.
    pub components: Vec<&'a str>,
    pub subject: Subject<'a>,
}

/// What an event is about.
#[derive(Debug, Clone)]
pub enum Subject<'a> {
    /// Update number `number` (in time order) of an incident; the first is the new incident.
    Update {
        incident: &'a Incident,
        number: usize,
    },
    /// Update `number` moved `component` from `old` to `new`.
    ComponentChange {
        incident: &'a Incident,
        number: usize,
        component: &'a str,
        old: ComponentStatus,
        new: ComponentStatus,
    },
    Maintenance {
        maintenance: &'a Maintenance,
        phase: Phase,
    },
    Postmortem {
        incident: &'a Incident,
    },
}

/// Where a maintenance window stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Scheduled,
    Started,
    Completed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Scheduled => "scheduled",
            Phase::Started => "started",
            Phase::Completed => "completed",
        }
    }
}

impl Event<'_> {
    /// `incident`, `component`, `maintenance` or `postmortem`: what a destination asks for.
    pub fn kind(&self) -> &'static str {
        match self.subject {
            Subject::Update { .. } => "incident",
            Subject::ComponentChange { .. } => "component",
            Subject::Maintenance { .. } => "maintenance",
            Subject::Postmortem { .. } => "postmortem",
        }
    }

    /// The id of the thread's first event, which later ones answer.
    pub fn thread_root(&self) -> String {
        match &self.subject {
            Subject::Update { incident, .. }
            | Subject::ComponentChange { incident, .. }
            | Subject::Postmortem { incident } => incident
                .updates_in_order()
                .first()
                .map_or_else(|| self.id.clone(), |u| update_id(incident, u.at)),
            Subject::Maintenance { maintenance, .. } => {
                format!("maintenance/{}/scheduled", maintenance.slug)
            }
        }
    }
}

/// Every public event that has happened by `now`, oldest first.
pub fn public_events(site: &Site, now: Instant) -> Vec<Event<'_>> {
    let mut events = Vec::new();
    for incident in &site.incidents {
        incident_events(incident, now, &mut events);
    }
    for maintenance in &site.maintenances {
        maintenance_events(maintenance, now, &mut events);
    }
    events.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    events
}

fn incident_events<'a>(incident: &'a Incident, now: Instant, events: &mut Vec<Event<'a>>) {
    let affected: Vec<&str> = incident.affected.iter().map(|a| a.id.as_str()).collect();
    let updates = incident.updates_in_order();
    for (number, (update, step)) in updates.iter().zip(incident.component_steps()).enumerate() {
        if update.at > now {
            break;
        }
        let id = update_id(incident, update.at);
        for change in &step.changes {
            events.push(Event {
                id: format!(
                    "component/{}/{}/{}",
                    change.component,
                    incident.slug,
                    stamp(update.at)
                ),
                at: update.at,
                components: vec![change.component],
                subject: Subject::ComponentChange {
                    incident,
                    number,
                    component: change.component,
                    old: change.old,
                    new: change.new,
                },
            });
        }
        events.push(Event {
            id,
            at: update.at,
            components: affected.clone(),
            subject: Subject::Update { incident, number },
        });
    }
    if incident.postmortem_shown(Audience::Public)
        && incident.resolved_at().is_some_and(|t| t <= now)
        && let Some(last) = updates.last().map(|u| u.at).filter(|t| *t <= now)
    {
        events.push(Event {
            id: format!("incident/{}/postmortem", incident.slug),
            at: last,
            components: affected,
            subject: Subject::Postmortem { incident },
        });
    }
}

fn maintenance_events<'a>(maintenance: &'a Maintenance, now: Instant, events: &mut Vec<Event<'a>>) {
    let components: Vec<&str> = maintenance.components.iter().map(String::as_str).collect();
    let phases = [
        // A window on the page is announced: by its first update, else from the first run
        // that finds it.
        (
            Phase::Scheduled,
            Some(maintenance.announced(now).unwrap_or(now)),
        ),
        (Phase::Started, Some(maintenance.starts)),
        (Phase::Completed, Some(maintenance.completed_at())),
    ];
    for (phase, at) in phases {
        let Some(at) = at.filter(|at| *at <= now) else {
            continue;
        };
        events.push(Event {
            id: format!("maintenance/{}/{}", maintenance.slug, phase.as_str()),
            at,
            components: components.clone(),
            subject: Subject::Maintenance { maintenance, phase },
        });
    }
}

fn update_id(incident: &Incident, at: Instant) -> String {
    format!("incident/{}/update/{}", incident.slug, stamp(at))
}

/// A time in UTC, to the second, as ids write it: `20261120T211000Z`.
fn stamp(at: Instant) -> String {
    at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_to_the_second() {
        let at =
            chrono::DateTime::parse_from_rfc3339("2026-11-20T22:10:05+01:00").unwrap_or_default();
        assert_eq!(stamp(at), "20261120T211005Z");
    }
}
