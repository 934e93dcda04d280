//! Status derivation: what an incident, a maintenance, a component and the whole site are
//! at a given moment. Pure functions of the model and the clock.

use chrono::Duration;
use serde::Serialize;

use super::{
    ComponentStatus, Config, Impact, Incident, Instant, Maintenance, MaintenanceStatus,
    PostmortemState, Site, UpdateStatus,
};

/// Where a maintenance window stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceState {
    Scheduled,
    InProgress,
    Verifying,
    Completed,
}

impl MaintenanceState {
    pub const fn as_str(self) -> &'static str {
        match self {
            MaintenanceState::Scheduled => "scheduled",
            MaintenanceState::InProgress => "in_progress",
            MaintenanceState::Verifying => "verifying",
            MaintenanceState::Completed => "completed",
        }
    }

    /// Whether components are under maintenance in this state.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            MaintenanceState::InProgress | MaintenanceState::Verifying
        )
    }
}

/// The overall indicator of the site (Statuspage's `status.indicator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    None,
    Maintenance,
    Minor,
    Major,
    Critical,
}

impl Indicator {
    pub const fn as_str(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Maintenance => "maintenance",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
        }
    }
}

impl Incident {
    /// Updates in time order (the file may list them in any order).
    pub fn updates_in_order(&self) -> Vec<&super::Update> {
        let mut updates: Vec<_> = self.updates.iter().collect();
        updates.sort_by_key(|u| u.at);
        updates
    }

    /// The most recent public update, if any.
    pub fn latest_update(&self) -> Option<&super::Update> {
        self.updates.iter().max_by_key(|u| u.at)
    }

    /// When the incident last changed by `now`: its latest update by then, else its start.
    /// The feeds list incidents in this order.
    pub fn last_updated(&self, now: Instant) -> Instant {
        let at = self
            .updates
            .iter()
            .map(|u| u.at)
            .filter(|at| *at <= now)
            .max();
        at.unwrap_or(self.started)
    }

    /// The incident's status: that of its latest update, `investigating` before any.
    pub fn status(&self) -> UpdateStatus {
        self.latest_update()
            .map_or(UpdateStatus::Investigating, |u| u.status)
    }

    pub fn is_resolved(&self) -> bool {
        self.status() == UpdateStatus::Resolved
    }

    /// When the incident was resolved: the time of its latest update, once that is `resolved`.
    pub fn resolved_at(&self) -> Option<Instant> {
        self.latest_update()
            .filter(|u| u.status == UpdateStatus::Resolved)
            .map(|u| u.at)
    }

    /// Whether its postmortem has a page for this audience: published and resolved for the
    /// public; any postmortem that was started, for the team.
    pub fn postmortem_shown(&self, audience: super::Audience) -> bool {
        match audience {
            super::Audience::Public | super::Audience::Client(_) => {
                self.postmortem.state == PostmortemState::Published && self.is_resolved()
            }
            super::Audience::Internal => self.postmortem.state != PostmortemState::None,
        }
    }

    /// Whether the incident is open at `now`: started and not yet resolved.
    pub fn is_active(&self, now: Instant) -> bool {
        self.started <= now && !self.is_resolved()
    }

    /// The promised cadence of updates for this incident.
    pub fn cadence(&self, config: &Config) -> Duration {
        self.cadence.unwrap_or(config.cadence)
    }

    /// When the next public update is due: the time promised by the latest update, or
    /// the latest update (or the start) plus the cadence. `None` once resolved.
    pub fn next_update_due(&self, config: &Config) -> Option<Instant> {
        if self.is_resolved() {
            return None;
        }
        match self.latest_update() {
            Some(update) => Some(update.next.unwrap_or(update.at + self.cadence(config))),
            None => Some(self.started + self.cadence(config)),
        }
    }

    /// How long the incident lasted, or has lasted so far at `now`.
    pub fn duration(&self, now: Instant) -> Duration {
        self.resolved_at().unwrap_or(now) - self.started
    }
}

impl Maintenance {
    /// The maintenance's state at `now`: the latest update posted by `now` wins when it says
    /// completed or verifying; otherwise the window decides.
    pub fn state(&self, now: Instant) -> MaintenanceState {
        let latest = self
            .updates
            .iter()
            .filter(|u| u.at <= now)
            .max_by_key(|u| u.at);
        match latest.map(|u| u.status) {
            Some(MaintenanceStatus::Completed) => return MaintenanceState::Completed,
            Some(MaintenanceStatus::Verifying) => return MaintenanceState::Verifying,
            Some(MaintenanceStatus::InProgress) if now < self.ends => {
                return MaintenanceState::InProgress;
            }
            _ => {}
        }
        if now < self.starts {
            MaintenanceState::Scheduled
        } else if now < self.ends {
            MaintenanceState::InProgress
        } else {
            MaintenanceState::Completed
        }
    }

    /// When the maintenance was announced, by `now`: its first update, else its start.
    /// `None` for a window still to come that no update has announced yet.
    pub fn announced(&self, now: Instant) -> Option<Instant> {
        self.updates
            .iter()
            .map(|u| u.at)
            .chain([self.starts])
            .filter(|at| *at <= now)
            .min()
    }

    /// When the maintenance last changed by `now`: an update, its start, its end. `None`
    /// when nothing has happened yet.
    pub fn last_change(&self, now: Instant) -> Option<Instant> {
        self.updates
            .iter()
            .map(|u| u.at)
            .chain([self.starts, self.completed_at()])
            .filter(|at| *at <= now)
            .max()
    }

    /// When the maintenance actually finished: its `completed` update, or the window's end.
    pub fn completed_at(&self) -> Instant {
        self.updates
            .iter()
            .filter(|u| u.status == MaintenanceStatus::Completed)
            .map(|u| u.at)
            .min()
            .unwrap_or(self.ends)
    }
}

impl Site {
    /// Incidents open at `now`, most severe first, then most recent first.
    pub fn active_incidents(&self, now: Instant) -> Vec<&Incident> {
        let mut active: Vec<_> = self.incidents.iter().filter(|i| i.is_active(now)).collect();
        active.sort_by(|a, b| b.impact.cmp(&a.impact).then(b.started.cmp(&a.started)));
        active
    }

    /// Maintenance windows in progress or being verified at `now`.
    pub fn active_maintenances(&self, now: Instant) -> Vec<&Maintenance> {
        self.maintenances
            .iter()
            .filter(|m| m.state(now).is_active())
            .collect()
    }

    /// Maintenance windows still to come at `now`, soonest first.
    pub fn upcoming_maintenances(&self, now: Instant) -> Vec<&Maintenance> {
        let mut upcoming: Vec<_> = self
            .maintenances
            .iter()
            .filter(|m| m.state(now) == MaintenanceState::Scheduled)
            .collect();
        upcoming.sort_by_key(|m| m.starts);
        upcoming
    }

    /// What open incidents and active maintenance say of components at `now`: one
    /// `(component id, status)` for each component each of them touches.
    fn component_reports(&self, now: Instant) -> impl Iterator<Item = (&str, ComponentStatus)> {
        let from_incidents = self
            .incidents
            .iter()
            .filter(move |i| i.is_active(now))
            .flat_map(move |i| {
                i.segments()
                    .into_iter()
                    .filter(move |s| s.covers(now))
                    .map(|s| (s.component, s.status))
            });
        let from_maintenance = self.active_maintenances(now).into_iter().flat_map(|m| {
            m.components
                .iter()
                .map(|id| (id.as_str(), ComponentStatus::UnderMaintenance))
        });
        from_incidents.chain(from_maintenance)
    }

    /// Every component's status at `now`, in one pass over incidents and maintenance.
    pub fn component_statuses(
        &self,
        now: Instant,
    ) -> std::collections::HashMap<&str, ComponentStatus> {
        let mut statuses: std::collections::HashMap<&str, ComponentStatus> = self
            .config
            .components
            .iter()
            .map(|c| (c.id.as_str(), ComponentStatus::Operational))
            .collect();
        for (id, status) in self.component_reports(now) {
            if let Some(current) = statuses.get_mut(id) {
                *current = (*current).max(status);
            }
        }
        statuses
    }

    /// A component's status at `now`: the worst status given by open incidents that affect
    /// it, or `under_maintenance` during an active window, else `operational`.
    pub fn component_status(&self, id: &str, now: Instant) -> ComponentStatus {
        self.component_reports(now)
            .filter(|(of, _)| *of == id)
            .map(|(_, status)| status)
            .max()
            .unwrap_or(ComponentStatus::Operational)
    }

    /// The overall indicator at `now`: the worst impact of open incidents, else
    /// `maintenance` during an active window, else `none`.
    pub fn indicator(&self, now: Instant) -> Indicator {
        let worst = self.active_incidents(now).iter().map(|i| i.impact).max();
        match worst {
            Some(Impact::Critical) => Indicator::Critical,
            Some(Impact::Major) => Indicator::Major,
            Some(Impact::Minor) => Indicator::Minor,
            Some(Impact::None) | None if !self.active_maintenances(now).is_empty() => {
                Indicator::Maintenance
            }
            _ => Indicator::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;
    use crate::model::testing::{at, config, incident, maintenance};

    #[test]
    fn next_update_is_the_promise_or_the_cadence() {
        let promised = incident(
            Impact::Major,
            &[(
                "2026-01-01T10:05:00Z",
                UpdateStatus::Identified,
                Some("2026-01-01T10:30:00Z"),
            )],
        );
        assert_eq!(
            promised.next_update_due(&config()),
            Some(at("2026-01-01T10:30:00Z"))
        );
        let silent = incident(
            Impact::Major,
            &[("2026-01-01T10:05:00Z", UpdateStatus::Identified, None)],
        );
        assert_eq!(
            silent.next_update_due(&config()),
            Some(at("2026-01-01T12:05:00Z"))
        );
        let none_yet = incident(Impact::Major, &[]);
        assert_eq!(
            none_yet.next_update_due(&config()),
            Some(at("2026-01-01T12:00:00Z"))
        );
        let resolved = incident(
            Impact::Major,
            &[("2026-01-01T11:00:00Z", UpdateStatus::Resolved, None)],
        );
        assert_eq!(resolved.next_update_due(&config()), None);
        assert_eq!(resolved.resolved_at(), Some(at("2026-01-01T11:00:00Z")));
    }

    #[test]
    fn a_reopened_incident_is_active_again() {
        let reopened = incident(
            Impact::Minor,
            &[
                ("2026-01-01T11:00:00Z", UpdateStatus::Resolved, None),
                ("2026-01-01T12:00:00Z", UpdateStatus::Investigating, None),
            ],
        );
        assert!(!reopened.is_resolved());
        assert!(reopened.is_active(at("2026-01-01T13:00:00Z")));
    }

    #[test]
    fn maintenance_alone_sets_the_maintenance_indicator() {
        let site = Site {
            config: config(),
            incidents: Vec::new(),
            maintenances: vec![maintenance("2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z")],
        };
        assert_eq!(site.indicator(at("2026-01-01T09:00:00Z")), Indicator::None);
        assert_eq!(
            site.indicator(at("2026-01-01T11:00:00Z")),
            Indicator::Maintenance
        );
        assert_eq!(
            site.component_status("api", at("2026-01-01T11:00:00Z")),
            ComponentStatus::UnderMaintenance
        );
        assert_eq!(site.indicator(at("2026-01-01T12:00:00Z")), Indicator::None);
    }

    #[test]
    fn the_worst_open_incident_sets_the_indicator() {
        let site = Site {
            config: config(),
            incidents: vec![
                incident(Impact::Minor, &[]),
                incident(Impact::Critical, &[]),
            ],
            maintenances: vec![maintenance("2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z")],
        };
        assert_eq!(
            site.indicator(at("2026-01-01T11:00:00Z")),
            Indicator::Critical
        );
        assert_eq!(
            site.component_status("api", at("2026-01-01T11:00:00Z")),
            ComponentStatus::MajorOutage
        );
    }

    #[test]
    fn a_component_shows_the_status_the_latest_update_gave_it() {
        let mut open = incident(
            Impact::Major,
            &[
                ("2026-01-01T10:05:00Z", UpdateStatus::Investigating, None),
                ("2026-01-01T10:40:00Z", UpdateStatus::Identified, None),
            ],
        );
        open.updates[1].components = vec![crate::model::ComponentChange {
            id: "api".into(),
            status: ComponentStatus::DegradedPerformance,
            pos: Pos::default(),
        }];
        let site = Site {
            config: config(),
            incidents: vec![open],
            maintenances: Vec::new(),
        };
        assert_eq!(
            site.component_status("api", at("2026-01-01T10:39:00Z")),
            ComponentStatus::MajorOutage
        );
        assert_eq!(
            site.component_status("api", at("2026-01-01T10:41:00Z")),
            ComponentStatus::DegradedPerformance
        );
    }

    #[test]
    fn a_completed_update_ends_maintenance_early() {
        let mut m = maintenance("2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z");
        m.updates.push(crate::model::MaintenanceUpdate {
            at: at("2026-01-01T10:40:00Z"),
            status: MaintenanceStatus::Completed,
            text: String::new(),
            pos: Pos::default(),
        });
        assert_eq!(
            m.state(at("2026-01-01T10:30:00Z")),
            MaintenanceState::InProgress
        );
        assert_eq!(
            m.state(at("2026-01-01T11:00:00Z")),
            MaintenanceState::Completed
        );
        assert_eq!(m.completed_at(), at("2026-01-01T10:40:00Z"));
    }
}
