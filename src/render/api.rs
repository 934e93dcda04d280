//! The Statuspage-compatible JSON API: the files under `api/v2/`, with the field names,
//! types and values of Atlassian Statuspage's public API v2, so that its clients, widgets
//! and aggregators read a vigie site unchanged. docs/api.md documents the mapping.

use chrono::{SecondsFormat, Utc};
use serde::Serialize;

use super::scope::Scope;
use crate::markdown::to_plain_text;
use crate::model::{
    ComponentStatus, Incident, Indicator, Instant, Maintenance, MaintenanceState,
    MaintenanceStatus, Site, StatusChange, UpdateStatus,
};
use crate::plan::ApiFile;

/// How many incidents (and maintenance windows) the full lists hold, as on Statuspage.
const LIST_LIMIT: usize = 50;

/// The JSON text of one API file.
pub fn render(scope: &Scope<'_>, file: ApiFile) -> Result<String, serde_json::Error> {
    let api = Api::new(scope);
    let page = api.page();
    match file {
        ApiFile::Summary => to_json(&Summary {
            page,
            components: api.components(),
            incidents: api.incidents(unresolved(scope)),
            scheduled_maintenances: api.maintenances(upcoming_or_active(scope)),
            status: api.status(),
        }),
        ApiFile::Status => to_json(&StatusFile {
            page,
            status: api.status(),
        }),
        ApiFile::Components => to_json(&ComponentsFile {
            page,
            components: api.components(),
        }),
        ApiFile::Incidents => to_json(&IncidentsFile {
            page,
            incidents: api.incidents(published(scope).take(LIST_LIMIT).collect()),
        }),
        ApiFile::UnresolvedIncidents => to_json(&IncidentsFile {
            page,
            incidents: api.incidents(unresolved(scope)),
        }),
        ApiFile::Maintenances => to_json(&MaintenancesFile {
            page,
            scheduled_maintenances: api
                .maintenances(scope.site.maintenances.iter().take(LIST_LIMIT).collect()),
        }),
        ApiFile::UpcomingMaintenances => to_json(&MaintenancesFile {
            page,
            scheduled_maintenances: api.maintenances(in_state(scope, MaintenanceState::Scheduled)),
        }),
        ApiFile::ActiveMaintenances => to_json(&MaintenancesFile {
            page,
            scheduled_maintenances: api.maintenances(
                scope
                    .site
                    .maintenances
                    .iter()
                    .filter(|m| m.state(scope.now).is_active())
                    .collect(),
            ),
        }),
    }
}

fn to_json(value: &impl Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value).map(|mut text| {
        text.push('\n');
        text
    })
}

/// Incidents that have started by the clock, newest first (the site's order).
fn published<'a>(scope: &Scope<'a>) -> impl Iterator<Item = &'a Incident> {
    let now = scope.now;
    scope
        .site
        .incidents
        .iter()
        .filter(move |i| i.started <= now)
}

fn unresolved<'a>(scope: &Scope<'a>) -> Vec<&'a Incident> {
    published(scope).filter(|i| !i.is_resolved()).collect()
}

fn in_state<'a>(scope: &Scope<'a>, state: MaintenanceState) -> Vec<&'a Maintenance> {
    scope
        .site
        .maintenances
        .iter()
        .filter(|m| m.state(scope.now) == state)
        .collect()
}

fn upcoming_or_active<'a>(scope: &Scope<'a>) -> Vec<&'a Maintenance> {
    scope
        .site
        .maintenances
        .iter()
        .filter(|m| {
            let state = m.state(scope.now);
            state == MaintenanceState::Scheduled || state.is_active()
        })
        .collect()
}

/// A time as Statuspage writes it: ISO 8601 with milliseconds, at the offset of the page's
/// timezone (`2026-11-23T10:25:00.000+01:00`; `Z` only for a page in UTC).
fn timestamp(config: &crate::model::Config, t: Instant) -> String {
    let local = config.local(t);
    if local.offset().local_minus_utc() == 0
        && config
            .timezone
            .is_none_or(|tz| tz.name() == "Etc/UTC" || tz.name() == "UTC")
    {
        return t
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true);
    }
    local.to_rfc3339_opts(SecondsFormat::Millis, false)
}

#[derive(Debug, Serialize)]
struct Summary {
    page: Page,
    components: Vec<Component>,
    incidents: Vec<IncidentJson>,
    scheduled_maintenances: Vec<IncidentJson>,
    status: Status,
}

#[derive(Debug, Serialize)]
struct StatusFile {
    page: Page,
    status: Status,
}

#[derive(Debug, Serialize)]
struct ComponentsFile {
    page: Page,
    components: Vec<Component>,
}

#[derive(Debug, Serialize)]
struct IncidentsFile {
    page: Page,
    incidents: Vec<IncidentJson>,
}

#[derive(Debug, Serialize)]
struct MaintenancesFile {
    page: Page,
    scheduled_maintenances: Vec<IncidentJson>,
}

#[derive(Debug, Clone, Serialize)]
struct Page {
    id: String,
    name: String,
    url: String,
    time_zone: String,
    updated_at: String,
}

#[derive(Debug, Serialize)]
struct Status {
    indicator: &'static str,
    description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Component {
    id: String,
    name: String,
    status: &'static str,
    created_at: String,
    updated_at: String,
    position: usize,
    description: Option<String>,
    showcase: bool,
    start_date: Option<String>,
    group_id: Option<String>,
    page_id: String,
    group: bool,
    only_show_if_degraded: bool,
    /// A group's members; absent on a component.
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Vec<String>>,
}

/// An incident, or a scheduled maintenance (which adds `scheduled_for` and
/// `scheduled_until`).
#[derive(Debug, Serialize)]
struct IncidentJson {
    id: String,
    name: String,
    status: &'static str,
    created_at: String,
    updated_at: String,
    monitoring_at: Option<String>,
    resolved_at: Option<String>,
    impact: &'static str,
    shortlink: String,
    started_at: String,
    page_id: String,
    incident_updates: Vec<IncidentUpdate>,
    components: Vec<Component>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_for: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_until: Option<String>,
}

#[derive(Debug, Serialize)]
struct IncidentUpdate {
    id: String,
    status: &'static str,
    body: String,
    incident_id: String,
    created_at: String,
    updated_at: String,
    display_at: String,
    affected_components: Option<Vec<AffectedComponent>>,
    deliver_notifications: bool,
    custom_tweet: Option<String>,
    tweet_id: Option<String>,
}

#[derive(Debug, Serialize)]
struct AffectedComponent {
    code: String,
    name: String,
    old_status: &'static str,
    new_status: &'static str,
}

/// What every object of the API shares: the site, the clock and the page's identity.
struct Api<'s, 'a> {
    scope: &'s Scope<'a>,
    site: &'a Site,
    base: &'s ApiBase,
}

/// What every file of the API shares, computed once for all of them (`Scope::api`).
pub struct ApiBase {
    page_id: String,
    /// The earliest time the content mentions: when components "were created".
    created_at: String,
    /// Every component and group, positioned, with its current status.
    components: Vec<Component>,
    changes: Changes,
    /// Each component's current status.
    statuses: std::collections::HashMap<String, ComponentStatus>,
}

/// The latest public event up to the clock, of the site and of each component: one pass
/// over incidents and maintenance.
#[derive(Default)]
struct Changes {
    site: Option<Instant>,
    by_component: std::collections::HashMap<String, Instant>,
}

impl Changes {
    fn of(site: &Site, now: Instant) -> Self {
        let mut changes = Changes::default();
        let mut note = |ids: &mut dyn Iterator<Item = &str>, at: Instant| {
            if at > now {
                return;
            }
            changes.site = changes.site.max(Some(at));
            for id in ids {
                let latest = changes.by_component.entry(id.to_string()).or_insert(at);
                *latest = (*latest).max(at);
            }
        };
        for incident in &site.incidents {
            note(
                &mut incident.affected.iter().map(|a| a.id.as_str()),
                incident.started,
            );
            for step in incident.component_steps() {
                note(&mut step.changes.iter().map(|c| c.component), step.at);
            }
            if let Some(latest) = incident.latest_update() {
                note(&mut std::iter::empty(), latest.at);
            }
        }
        for maintenance in &site.maintenances {
            if let Some(at) = maintenance.last_change(now) {
                note(&mut maintenance.components.iter().map(String::as_str), at);
            }
        }
        changes
    }
}

impl ApiBase {
    fn new(scope: &Scope<'_>) -> Self {
        let site = scope.site;
        let earliest = site
            .incidents
            .iter()
            .map(|i| i.started)
            .chain(site.maintenances.iter().map(|m| m.starts))
            .chain(
                site.maintenances
                    .iter()
                    .flat_map(|m| m.updates.iter().map(|u| u.at)),
            )
            .filter(|t| *t <= scope.now)
            .min()
            .unwrap_or(scope.now);
        let mut base = ApiBase {
            page_id: page_id(&site.config.base_url),
            created_at: timestamp(&site.config, earliest),
            components: Vec::new(),
            changes: Changes::of(site, scope.now),
            statuses: site
                .component_statuses(scope.now)
                .into_iter()
                .map(|(id, status)| (id.to_string(), status))
                .collect(),
        };
        base.components = Api {
            scope,
            site,
            base: &base,
        }
        .positioned_components();
        base
    }
}

impl<'s, 'a> Api<'s, 'a> {
    fn new(scope: &'s Scope<'a>) -> Self {
        Api {
            scope,
            site: scope.site,
            base: scope.api.get_or_init(|| ApiBase::new(scope)),
        }
    }

    /// A time as the page writes it.
    fn time(&self, t: Instant) -> String {
        timestamp(&self.site.config, t)
    }

    fn page(&self) -> Page {
        Page {
            id: self.base.page_id.clone(),
            name: self.site.config.title.clone(),
            url: self
                .scope
                .absolute_url("")
                .trim_end_matches('/')
                .to_string(),
            time_zone: self
                .site
                .config
                .timezone
                .map_or_else(|| "Etc/UTC".to_string(), |tz| tz.name().to_string()),
            updated_at: self.time(self.last_change(None)),
        }
    }

    /// The latest public event up to the clock (of one component, or of the whole site).
    fn last_change(&self, component: Option<&str>) -> Instant {
        let changes = &self.base.changes;
        match component {
            None => changes.site,
            Some(id) => changes.by_component.get(id).copied(),
        }
        .unwrap_or(self.scope.now)
    }

    fn status_of(&self, id: &str) -> ComponentStatus {
        self.base
            .statuses
            .get(id)
            .copied()
            .unwrap_or(ComponentStatus::Operational)
    }

    fn status(&self) -> Status {
        let indicator = self.site.indicator(self.scope.now);
        Status {
            indicator: indicator.as_str(),
            description: status_description(indicator),
        }
    }

    fn components(&self) -> Vec<Component> {
        self.base.components.clone()
    }

    /// The components an incident or a maintenance lists, as the components file shows them.
    fn listed<'i>(&self, ids: impl Iterator<Item = &'i str>) -> Vec<Component> {
        ids.filter_map(|id| self.base.components.iter().find(|c| !c.group && c.id == id))
            .cloned()
            .collect()
    }

    /// Every component, groups included, in config.toml's order; a group comes before its
    /// first member and counts in the positions.
    fn positioned_components(&self) -> Vec<Component> {
        let mut out: Vec<Component> = Vec::new();
        for component in &self.site.config.components {
            let group_id = component.group.as_deref().map(group_id);
            if let (Some(name), Some(id)) = (&component.group, &group_id)
                && !out.iter().any(|c| c.group && &c.id == id)
            {
                out.push(self.group(name, id));
            }
            let view = self.component(&component.id, group_id.clone());
            if let Some(id) = &group_id
                && let Some(group) = out.iter_mut().find(|c| c.group && &c.id == id)
            {
                group
                    .components
                    .get_or_insert_with(Vec::new)
                    .push(view.id.clone());
            }
            out.push(view);
        }
        give_positions(&mut out);
        self.give_groups_their_worst_status(&mut out);
        out
    }

    fn component(&self, id: &str, group_id: Option<String>) -> Component {
        let config = self.site.config.component(id);
        let status = self.status_of(id);
        Component {
            id: id.to_string(),
            name: config.map_or_else(|| id.to_string(), |c| c.name.clone()),
            status: status.as_str(),
            created_at: self.base.created_at.clone(),
            updated_at: self.time(self.last_change(Some(id))),
            position: 0,
            description: config.and_then(|c| c.description.clone()),
            showcase: true,
            start_date: None,
            group_id,
            page_id: self.base.page_id.clone(),
            group: false,
            only_show_if_degraded: false,
            components: None,
        }
    }

    fn group(&self, name: &str, id: &str) -> Component {
        Component {
            id: id.to_string(),
            name: name.to_string(),
            status: "operational",
            created_at: self.base.created_at.clone(),
            updated_at: self.base.created_at.clone(),
            position: 0,
            description: None,
            showcase: false,
            start_date: None,
            group_id: None,
            page_id: self.base.page_id.clone(),
            group: true,
            only_show_if_degraded: false,
            components: Some(Vec::new()),
        }
    }

    /// A group shows its most affected member's status and its latest change.
    fn give_groups_their_worst_status(&self, components: &mut [Component]) {
        let members: Vec<(Option<String>, ComponentStatus, String)> = components
            .iter()
            .filter(|c| !c.group)
            .map(|c| {
                let status = self.status_of(&c.id);
                (c.group_id.clone(), status, c.updated_at.clone())
            })
            .collect();
        for group in components.iter_mut().filter(|c| c.group) {
            let mine = members
                .iter()
                .filter(|(g, _, _)| g.as_deref() == Some(group.id.as_str()));
            if let Some(worst) = mine.clone().map(|(_, s, _)| *s).max() {
                group.status = worst.as_str();
            }
            if let Some(latest) = mine.map(|(_, _, u)| u).max() {
                group.updated_at = latest.clone();
            }
        }
    }

    fn incidents(&self, incidents: Vec<&Incident>) -> Vec<IncidentJson> {
        incidents.into_iter().map(|i| self.incident(i)).collect()
    }

    fn incident(&self, incident: &Incident) -> IncidentJson {
        // Every update: `check` refuses one dated after the clock (beyond a few minutes of
        // slack), so the API shows the same latest update as the pages, feeds and messages.
        let updates = incident.updates_in_order();
        let mut incident_updates: Vec<IncidentUpdate> = updates
            .iter()
            .zip(incident.component_steps())
            .enumerate()
            .map(|(n, (u, step))| {
                let affected = (!step.changes.is_empty()).then(|| self.affected(&step.changes));
                self.update(
                    &incident.slug,
                    n,
                    u.at,
                    u.status.as_str(),
                    &u.text,
                    affected,
                )
            })
            .collect();
        incident_updates.reverse();
        let first = updates.first().map_or(incident.started, |u| u.at);
        let latest = updates.last().map_or(incident.started, |u| u.at);
        IncidentJson {
            id: incident.slug.clone(),
            name: incident.title.clone(),
            status: incident.status().as_str(),
            created_at: self.time(first),
            updated_at: self.time(latest),
            monitoring_at: updates
                .iter()
                .find(|u| u.status == UpdateStatus::Monitoring)
                .map(|u| self.time(u.at)),
            resolved_at: incident.resolved_at().map(|t| self.time(t)),
            impact: incident.impact.as_str(),
            shortlink: self
                .scope
                .absolute_url(&format!("incidents/{}/", incident.slug)),
            started_at: self.time(incident.started),
            page_id: self.base.page_id.clone(),
            incident_updates,
            components: self.listed(incident.affected.iter().map(|a| a.id.as_str())),
            scheduled_for: None,
            scheduled_until: None,
        }
    }

    fn maintenances(&self, maintenances: Vec<&Maintenance>) -> Vec<IncidentJson> {
        maintenances
            .into_iter()
            .map(|m| self.maintenance(m))
            .collect()
    }

    fn maintenance(&self, maintenance: &Maintenance) -> IncidentJson {
        let now = self.scope.now;
        let mut incident_updates: Vec<IncidentUpdate> = self
            .maintenance_updates(maintenance)
            .into_iter()
            .enumerate()
            .map(|(n, u)| {
                let affected = u.moves.map(|(old, new)| {
                    self.affected(
                        &maintenance
                            .components
                            .iter()
                            .map(|id| StatusChange {
                                component: id,
                                old,
                                new,
                            })
                            .collect::<Vec<_>>(),
                    )
                });
                self.update(&maintenance.slug, n, u.at, u.status, &u.text, affected)
            })
            .collect();
        incident_updates.reverse();
        let state = maintenance.state(now);
        IncidentJson {
            id: maintenance.slug.clone(),
            name: maintenance.title.clone(),
            status: state.as_str(),
            created_at: self.time(maintenance.announced(now).unwrap_or(maintenance.starts)),
            updated_at: self.time(maintenance.last_change(now).unwrap_or(maintenance.starts)),
            monitoring_at: None,
            resolved_at: (state == MaintenanceState::Completed)
                .then(|| self.time(maintenance.completed_at())),
            impact: "maintenance",
            shortlink: self
                .scope
                .absolute_url(&format!("incidents/{}/", maintenance.slug)),
            started_at: self.time(maintenance.starts),
            page_id: self.base.page_id.clone(),
            incident_updates,
            components: self.listed(maintenance.components.iter().map(String::as_str)),
            scheduled_for: Some(self.time(maintenance.starts)),
            scheduled_until: Some(self.time(maintenance.ends)),
        }
    }

    /// A maintenance window's updates up to the clock, in time order, with the ones
    /// Statuspage posts by itself: `in_progress` when the window starts and `completed` when
    /// it ends, unless one was written, each moving the components to and from
    /// `under_maintenance`.
    fn maintenance_updates(&self, maintenance: &'a Maintenance) -> Vec<MaintenanceStep> {
        let now = self.scope.now;
        let lang = &self.scope.lang;
        let mut steps: Vec<MaintenanceStep> = maintenance
            .updates
            .iter()
            .filter(|u| u.at <= now)
            .map(|u| MaintenanceStep {
                at: u.at,
                status: u.status.as_str(),
                text: u.text.clone(),
                moves: None,
            })
            .collect();
        let automatic = [
            (
                maintenance.starts,
                MaintenanceStatus::InProgress,
                "maintenance_started_update",
                (
                    ComponentStatus::Operational,
                    ComponentStatus::UnderMaintenance,
                ),
            ),
            (
                maintenance.completed_at(),
                MaintenanceStatus::Completed,
                "maintenance_completed_update",
                (
                    ComponentStatus::UnderMaintenance,
                    ComponentStatus::Operational,
                ),
            ),
        ];
        for (at, status, text, moves) in automatic {
            if at > now {
                continue;
            }
            match steps.iter_mut().find(|s| s.status == status.as_str()) {
                Some(written) => written.moves = Some(moves),
                None => steps.push(MaintenanceStep {
                    at,
                    status: status.as_str(),
                    text: lang.text(text),
                    moves: Some(moves),
                }),
            }
        }
        steps.sort_by_key(|s| s.at);
        steps
    }

    fn update(
        &self,
        slug: &str,
        n: usize,
        at: Instant,
        status: &'static str,
        text: &str,
        affected_components: Option<Vec<AffectedComponent>>,
    ) -> IncidentUpdate {
        IncidentUpdate {
            id: format!("{slug}-{}", n + 1),
            status,
            body: to_plain_text(text),
            incident_id: slug.to_string(),
            created_at: self.time(at),
            updated_at: self.time(at),
            display_at: self.time(at),
            affected_components,
            deliver_notifications: true,
            custom_tweet: None,
            tweet_id: None,
        }
    }

    /// What one update did to the components, as Statuspage reports it.
    fn affected(&self, changes: &[StatusChange<'_>]) -> Vec<AffectedComponent> {
        changes
            .iter()
            .map(|change| AffectedComponent {
                code: change.component.to_string(),
                name: self.full_name(change.component),
                old_status: change.old.as_str(),
                new_status: change.new.as_str(),
            })
            .collect()
    }

    /// A component's name as Statuspage writes it in `affected_components`: `Group -
    /// Component` for a component of a group.
    fn full_name(&self, id: &str) -> String {
        match self.site.config.component(id) {
            Some(c) => match &c.group {
                Some(group) => format!("{group} - {}", c.name),
                None => c.name.clone(),
            },
            None => id.to_string(),
        }
    }
}

/// One update of a maintenance window, written or posted by itself.
struct MaintenanceStep {
    at: Instant,
    status: &'static str,
    text: String,
    /// The components' move, from and to, when the update starts or ends the work.
    moves: Option<(ComponentStatus, ComponentStatus)>,
}

/// Statuspage's positions: the groups and the components outside any group count from 1,
/// and the members of each group count from 1 inside it.
fn give_positions(components: &mut [Component]) {
    let mut counters: std::collections::HashMap<Option<String>, usize> =
        std::collections::HashMap::new();
    for component in components {
        let counter = counters.entry(component.group_id.clone()).or_insert(0);
        *counter += 1;
        component.position = *counter;
    }
}

/// Statuspage's English descriptions of the overall indicator, which its clients show.
fn status_description(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::None => "All Systems Operational",
        Indicator::Minor => "Minor Service Outage",
        Indicator::Major => "Partial System Outage",
        Indicator::Critical => "Major System Outage",
        Indicator::Maintenance => "Service Under Maintenance",
    }
}

/// A group's id: `group-` and its name made an address (`group-rapports`).
fn group_id(name: &str) -> String {
    format!("group-{}", crate::load::slugify(name))
}

/// A stable 12-character page id made from the site's address.
fn page_id(base_url: &str) -> String {
    let mut hash = super::fingerprint(base_url.trim_end_matches('/').as_bytes());
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..12)
        .map(|_| {
            let c = alphabet[(hash % 36) as usize] as char;
            hash /= 36;
            c
        })
        .collect()
}

/// What a webhook tells of, in Atlassian Statuspage's webhook payload.
#[derive(Debug, Clone, Copy)]
pub enum WebhookSubject<'a> {
    /// The incident of this slug, with its updates up to the clock.
    Incident(&'a str),
    /// The maintenance window of this slug.
    Maintenance(&'a str),
    /// A component's status changed at `at`.
    ComponentUpdate {
        component: &'a str,
        old: ComponentStatus,
        new: ComponentStatus,
        at: Instant,
    },
}

#[derive(Debug, Serialize)]
struct Webhook {
    meta: WebhookMeta,
    page: WebhookPage,
    #[serde(skip_serializing_if = "Option::is_none")]
    incident: Option<IncidentJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component_update: Option<ComponentUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<WebhookComponent>,
}

#[derive(Debug, Serialize)]
struct WebhookMeta {
    unsubscribe: String,
    documentation: String,
    /// The event's stable id: a receiver recognises a message it has already seen.
    event_id: String,
}

#[derive(Debug, Serialize)]
struct WebhookPage {
    id: String,
    status_indicator: &'static str,
    status_description: &'static str,
}

#[derive(Debug, Serialize)]
struct ComponentUpdate {
    id: String,
    component_id: String,
    old_status: &'static str,
    new_status: &'static str,
    created_at: String,
}

#[derive(Debug, Serialize)]
struct WebhookComponent {
    id: String,
    name: String,
    status: &'static str,
    created_at: String,
}

/// The body of a webhook about `subject`, as Statuspage's webhooks write it (`meta`, `page`,
/// then `incident`, or `component_update` and `component`), as of the scope's clock.
/// `None` when the site has no such incident or maintenance.
pub fn webhook(
    scope: &Scope<'_>,
    subject: WebhookSubject<'_>,
    event_id: &str,
    unsubscribe: &str,
) -> Option<String> {
    let api = Api::new(scope);
    let indicator = scope.site.indicator(scope.now);
    let mut body = Webhook {
        meta: WebhookMeta {
            unsubscribe: unsubscribe.to_string(),
            documentation: scope.absolute_url(""),
            event_id: event_id.to_string(),
        },
        page: WebhookPage {
            id: api.base.page_id.clone(),
            status_indicator: indicator.as_str(),
            status_description: status_description(indicator),
        },
        incident: None,
        component_update: None,
        component: None,
    };
    match subject {
        WebhookSubject::Incident(slug) => {
            let incident = scope.site.incidents.iter().find(|i| i.slug == slug)?;
            body.incident = Some(api.incident(incident));
        }
        WebhookSubject::Maintenance(slug) => {
            let maintenance = scope.site.maintenances.iter().find(|m| m.slug == slug)?;
            body.incident = Some(api.maintenance(maintenance));
        }
        WebhookSubject::ComponentUpdate {
            component,
            old,
            new,
            at,
        } => {
            let listed = api.component(component, None);
            body.component_update = Some(ComponentUpdate {
                id: event_id.replace('/', "-"),
                component_id: component.to_string(),
                old_status: old.as_str(),
                new_status: new.as_str(),
                created_at: api.time(at),
            });
            body.component = Some(WebhookComponent {
                id: listed.id,
                name: listed.name,
                status: new.as_str(),
                created_at: listed.created_at,
            });
        }
    }
    to_json(&body).ok()
}
