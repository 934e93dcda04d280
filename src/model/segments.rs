//! Component status per update: what an incident gives each of its components, minute by
//! minute. The front matter's `components:` holds each status from `started`; an update
//! that names a component (`api: operational`) moves it from the update's time; resolving
//! sets every component back to operational, and a reopening update gives each the status
//! it had before the resolution, unless it names another.

use super::{ComponentStatus, Incident, Instant, UpdateStatus};

/// A stretch of time during which an incident gave one component one status.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<'a> {
    pub component: &'a str,
    pub from: Instant,
    /// `None` while the incident is still open.
    pub to: Option<Instant>,
    pub status: ComponentStatus,
}

impl Segment<'_> {
    /// Whether the segment covers the instant `t`.
    pub fn covers(&self, t: Instant) -> bool {
        self.from <= t && self.to.is_none_or(|to| t < to)
    }
}

/// One component's status before and after one update.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatusChange<'a> {
    pub component: &'a str,
    pub old: ComponentStatus,
    pub new: ComponentStatus,
}

/// What one update did to the incident's components, in the order of `updates_in_order`.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentStep<'a> {
    pub at: Instant,
    /// Every affected component's status after the update, in the front matter's order.
    pub statuses: Vec<(&'a str, ComponentStatus)>,
    /// The components whose status the update changed. The first update reports every
    /// component, from operational: it is when clients learn of the incident.
    pub changes: Vec<StatusChange<'a>>,
}

impl Incident {
    /// Each update's effect on the components, in time order.
    pub fn component_steps(&self) -> Vec<ComponentStep<'_>> {
        let mut current: Vec<(&str, ComponentStatus)> = self
            .affected
            .iter()
            .map(|a| (a.id.as_str(), a.status))
            .collect();
        let mut before_resolution = current.clone();
        let mut resolved = false;
        let mut steps = Vec::with_capacity(self.updates.len());
        for (n, update) in self.updates_in_order().into_iter().enumerate() {
            let old = if n == 0 {
                current
                    .iter()
                    .map(|(id, _)| (*id, ComponentStatus::Operational))
                    .collect()
            } else {
                current.clone()
            };
            if update.status == UpdateStatus::Resolved {
                if !resolved {
                    before_resolution = current.clone();
                }
                for (_, status) in &mut current {
                    *status = ComponentStatus::Operational;
                }
            } else if resolved {
                current = before_resolution.clone();
            }
            resolved = update.status == UpdateStatus::Resolved;
            for change in &update.components {
                if let Some(entry) = current.iter_mut().find(|(id, _)| *id == change.id) {
                    entry.1 = change.status;
                }
            }
            let changes = old
                .iter()
                .zip(&current)
                .filter(|(before, after)| n == 0 || before.1 != after.1)
                .map(|(before, after)| StatusChange {
                    component: after.0,
                    old: before.1,
                    new: after.1,
                })
                .collect();
            steps.push(ComponentStep {
                at: update.at,
                statuses: current.clone(),
                changes,
            });
        }
        steps
    }

    /// Every stretch of one status the incident gave a component while it was open,
    /// operational ones included, in time order for each component.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut open: Vec<Option<Segment<'_>>> = self
            .affected
            .iter()
            .map(|a| {
                Some(Segment {
                    component: a.id.as_str(),
                    from: self.started,
                    to: None,
                    status: a.status,
                })
            })
            .collect();
        let mut closed = Vec::new();
        let updates = self.updates_in_order();
        for (step, update) in self.component_steps().into_iter().zip(updates) {
            let resolving = update.status == UpdateStatus::Resolved;
            for (slot, (id, status)) in open.iter_mut().zip(&step.statuses) {
                let moves = slot.as_ref().is_none_or(|s| s.status != *status);
                if !(resolving || moves) {
                    continue;
                }
                if let Some(ended) = slot.take().filter(|s| s.from < step.at) {
                    closed.push(Segment {
                        to: Some(step.at),
                        ..ended
                    });
                }
                *slot = (!resolving).then_some(Segment {
                    component: id,
                    from: step.at,
                    to: None,
                    status: *status,
                });
            }
        }
        closed.extend(open.into_iter().flatten());
        closed.sort_by(|a, b| a.component.cmp(b.component).then(a.from.cmp(&b.from)));
        closed
    }

    /// The status the incident gives component `id` at `t`: `None` when it does not affect
    /// it then (not listed, not started, or resolved).
    pub fn status_at(&self, id: &str, t: Instant) -> Option<ComponentStatus> {
        self.segments()
            .into_iter()
            .find(|s| s.component == id && s.covers(t))
            .map(|s| s.status)
    }

    /// Each affected component's status after the latest update (from `started` before
    /// any), in the front matter's order.
    pub fn current_statuses(&self) -> Vec<(&str, ComponentStatus)> {
        self.component_steps().pop().map_or_else(
            || {
                self.affected
                    .iter()
                    .map(|a| (a.id.as_str(), a.status))
                    .collect()
            },
            |step| step.statuses,
        )
    }

    /// Each affected component's worst status over the incident's life.
    pub fn worst_statuses(&self) -> Vec<(&str, ComponentStatus)> {
        let segments = self.segments();
        self.affected
            .iter()
            .map(|a| {
                let worst = segments
                    .iter()
                    .filter(|s| s.component == a.id)
                    .map(|s| s.status)
                    .max()
                    .unwrap_or(a.status);
                (a.id.as_str(), worst)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{at, incident};
    use crate::model::{AffectedComponent, ComponentChange, Impact, Pos};

    /// `api` major outage and `exports` partial outage from 10:00; the updates given.
    /// An update of a test: its time, its status and the components it sets.
    type Written<'a> = (&'a str, UpdateStatus, &'a [(&'a str, ComponentStatus)]);

    fn two_components(updates: &[Written<'_>]) -> Incident {
        let times: Vec<_> = updates.iter().map(|(t, s, _)| (*t, *s, None)).collect();
        let mut i = incident(Impact::Major, &times);
        i.affected.push(AffectedComponent {
            id: "exports".into(),
            status: ComponentStatus::PartialOutage,
            pos: Pos::default(),
        });
        for (update, (_, _, changes)) in i.updates.iter_mut().zip(updates) {
            update.components = changes
                .iter()
                .map(|(id, status)| ComponentChange {
                    id: (*id).into(),
                    status: *status,
                    pos: Pos::default(),
                })
                .collect();
        }
        i
    }

    fn spans(i: &Incident) -> Vec<(String, String, Option<String>, ComponentStatus)> {
        i.segments()
            .into_iter()
            .map(|s| {
                (
                    s.component.to_string(),
                    s.from.format("%H:%M").to_string(),
                    s.to.map(|t| t.format("%H:%M").to_string()),
                    s.status,
                )
            })
            .collect()
    }

    use ComponentStatus::{MajorOutage, Operational, PartialOutage};

    #[test]
    fn an_update_moves_one_component_and_leaves_the_other() {
        let i = two_components(&[
            ("2026-01-01T10:15:00Z", UpdateStatus::Investigating, &[]),
            (
                "2026-01-01T10:40:00Z",
                UpdateStatus::Identified,
                &[("api", Operational)],
            ),
        ]);
        assert_eq!(
            spans(&i),
            [
                (
                    "api".into(),
                    "10:00".into(),
                    Some("10:40".into()),
                    MajorOutage
                ),
                ("api".into(), "10:40".into(), None, Operational),
                ("exports".into(), "10:00".into(), None, PartialOutage),
            ]
        );
        assert_eq!(
            i.status_at("api", at("2026-01-01T10:39:00Z")),
            Some(MajorOutage)
        );
        assert_eq!(
            i.status_at("api", at("2026-01-01T10:40:00Z")),
            Some(Operational)
        );
        assert_eq!(i.status_at("api", at("2026-01-01T09:59:00Z")), None);
        assert_eq!(
            i.current_statuses(),
            [("api", Operational), ("exports", PartialOutage)]
        );
        assert_eq!(
            i.worst_statuses(),
            [("api", MajorOutage), ("exports", PartialOutage)]
        );
    }

    #[test]
    fn each_update_reports_what_it_changed_the_first_from_operational() {
        let i = two_components(&[
            ("2026-01-01T10:15:00Z", UpdateStatus::Investigating, &[]),
            (
                "2026-01-01T10:40:00Z",
                UpdateStatus::Identified,
                &[("api", Operational), ("exports", PartialOutage)],
            ),
            ("2026-01-01T11:00:00Z", UpdateStatus::Resolved, &[]),
        ]);
        let changes: Vec<Vec<_>> = i
            .component_steps()
            .into_iter()
            .map(|s| {
                s.changes
                    .into_iter()
                    .map(|c| (c.component, c.old, c.new))
                    .collect()
            })
            .collect();
        assert_eq!(
            changes,
            [
                vec![
                    ("api", Operational, MajorOutage),
                    ("exports", Operational, PartialOutage)
                ],
                vec![("api", MajorOutage, Operational)],
                vec![("exports", PartialOutage, Operational)],
            ]
        );
    }

    #[test]
    fn resolving_ends_every_segment_and_reopening_restores_the_statuses() {
        let i = two_components(&[
            (
                "2026-01-01T10:15:00Z",
                UpdateStatus::Investigating,
                &[("exports", MajorOutage)],
            ),
            ("2026-01-01T11:00:00Z", UpdateStatus::Resolved, &[]),
            ("2026-01-01T12:00:00Z", UpdateStatus::Investigating, &[]),
        ]);
        assert_eq!(
            spans(&i),
            [
                (
                    "api".into(),
                    "10:00".into(),
                    Some("11:00".into()),
                    MajorOutage
                ),
                ("api".into(), "12:00".into(), None, MajorOutage),
                (
                    "exports".into(),
                    "10:00".into(),
                    Some("10:15".into()),
                    PartialOutage
                ),
                (
                    "exports".into(),
                    "10:15".into(),
                    Some("11:00".into()),
                    MajorOutage
                ),
                ("exports".into(), "12:00".into(), None, MajorOutage),
            ]
        );
        assert_eq!(i.status_at("api", at("2026-01-01T11:30:00Z")), None);
    }

    #[test]
    fn a_resolved_incident_has_no_open_segment() {
        let i = two_components(&[("2026-01-01T11:00:00Z", UpdateStatus::Resolved, &[])]);
        assert!(i.segments().iter().all(|s| s.to.is_some()));
        assert_eq!(i.status_at("exports", at("2026-01-01T11:00:00Z")), None);
        assert_eq!(
            i.current_statuses(),
            [("api", Operational), ("exports", Operational)]
        );
    }

    #[test]
    fn an_update_at_the_start_replaces_the_front_matter_s_status_which_lasts_no_time() {
        let i = two_components(&[
            (
                "2026-01-01T10:00:00Z",
                UpdateStatus::Investigating,
                &[("api", PartialOutage)],
            ),
            ("2026-01-01T11:00:00Z", UpdateStatus::Resolved, &[]),
        ]);
        assert_eq!(
            spans(&i),
            [
                (
                    "api".into(),
                    "10:00".into(),
                    Some("11:00".into()),
                    PartialOutage
                ),
                (
                    "exports".into(),
                    "10:00".into(),
                    Some("11:00".into()),
                    PartialOutage
                ),
            ]
        );
        assert_eq!(
            i.worst_statuses(),
            [("api", PartialOutage), ("exports", PartialOutage)]
        );
    }
}
