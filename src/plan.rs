//! Plan: turns the model into the flat list of outputs to produce.

use crate::model::{Audience, Incident, Instant, Maintenance, Site};

/// One output of the build.
#[derive(Debug, Clone)]
pub enum Job<'a> {
    StatusPage,
    Incident(&'a Incident),
    Postmortem(&'a Incident),
    Maintenance(&'a Maintenance),
    /// The maintenance window's page again at `incidents/<slug>/`, where Statuspage serves
    /// a maintenance and where its clients (and the API's `shortlink`) open it.
    MaintenanceAlias(&'a Maintenance),
    /// A page of the open action items, counting from 1 (`action-items/index.html`).
    ActionItems(usize),
    /// `reliability/index.html`.
    Reliability,
    /// A page of the history, counting from 1.
    History(usize),
    NotFound,
    Stylesheet,
    Script,
    /// `embed.js`, at a stable address for other sites to include.
    Embed,
    /// `embed/index.html`: the current status, small, for other sites to frame.
    EmbedPage,
    /// A file of the Statuspage-compatible JSON API.
    Api(ApiFile),
    /// `history.atom` or `history.rss`.
    Feed(FeedKind),
    /// A component's own feed: `history/<id>.atom`, `history/<id>.rss`.
    ComponentFeed(FeedKind, &'a str),
    /// `maintenance.ics`.
    Calendar,
    /// `maintenance/<slug>/<slug>.ics`: one window, for "add to calendar".
    MaintenanceEvent(&'a Maintenance),
    /// `badges/status.svg` (no component) or `badges/<component>.svg`.
    Badge(Option<&'a str>),
    /// A file of an incident's or a maintenance's folder (an image), copied beside its page.
    Asset {
        /// `incidents` or `maintenance`: the output folder of the page it belongs to.
        kind: &'static str,
        slug: &'a str,
        file: &'a std::path::Path,
    },
}

/// The files of the API, by path under `api/v2/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFile {
    Summary,
    Status,
    Components,
    Incidents,
    UnresolvedIncidents,
    Maintenances,
    UpcomingMaintenances,
    ActiveMaintenances,
}

impl ApiFile {
    pub const ALL: [ApiFile; 8] = [
        ApiFile::Summary,
        ApiFile::Status,
        ApiFile::Components,
        ApiFile::Incidents,
        ApiFile::UnresolvedIncidents,
        ApiFile::Maintenances,
        ApiFile::UpcomingMaintenances,
        ApiFile::ActiveMaintenances,
    ];

    /// The file's path under the output folder.
    pub fn path(self) -> &'static str {
        match self {
            ApiFile::Summary => "api/v2/summary.json",
            ApiFile::Status => "api/v2/status.json",
            ApiFile::Components => "api/v2/components.json",
            ApiFile::Incidents => "api/v2/incidents.json",
            ApiFile::UnresolvedIncidents => "api/v2/incidents/unresolved.json",
            ApiFile::Maintenances => "api/v2/scheduled-maintenances.json",
            ApiFile::UpcomingMaintenances => "api/v2/scheduled-maintenances/upcoming.json",
            ApiFile::ActiveMaintenances => "api/v2/scheduled-maintenances/active.json",
        }
    }
}

/// The formats of the history feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Atom,
    Rss,
}

/// Every job of a public build of `site`.
pub fn plan(site: &Site, now: Instant, audience: Audience) -> Vec<Job<'_>> {
    let mut jobs = vec![
        Job::StatusPage,
        Job::Reliability,
        Job::NotFound,
        Job::Stylesheet,
        Job::Script,
        Job::Embed,
        Job::EmbedPage,
    ];
    jobs.extend((1..=history_pages(site, now)).map(Job::History));
    jobs.extend((1..=action_item_pages(site, audience)).map(Job::ActionItems));
    jobs.extend(ApiFile::ALL.map(Job::Api));
    jobs.extend([
        Job::Feed(FeedKind::Atom),
        Job::Feed(FeedKind::Rss),
        Job::Calendar,
        Job::Badge(None),
    ]);
    for component in &site.config.components {
        jobs.extend([FeedKind::Atom, FeedKind::Rss].map(|k| Job::ComponentFeed(k, &component.id)));
    }
    jobs.extend(
        site.config
            .components
            .iter()
            .map(|c| Job::Badge(Some(c.id.as_str()))),
    );
    for incident in &site.incidents {
        jobs.push(Job::Incident(incident));
        if incident.postmortem_shown(audience) {
            jobs.push(Job::Postmortem(incident));
        }
    }
    for maintenance in &site.maintenances {
        jobs.push(Job::Maintenance(maintenance));
        jobs.push(Job::MaintenanceEvent(maintenance));
        jobs.push(Job::MaintenanceAlias(maintenance));
    }
    for incident in &site.incidents {
        jobs.extend(incident.assets.iter().map(|file| Job::Asset {
            kind: "incidents",
            slug: &incident.slug,
            file,
        }));
    }
    for maintenance in &site.maintenances {
        jobs.extend(maintenance.assets.iter().map(|file| Job::Asset {
            kind: "maintenance",
            slug: &maintenance.slug,
            file,
        }));
    }
    jobs
}

/// How many incidents and maintenance windows a history page lists.
pub const HISTORY_PAGE_SIZE: usize = 50;

/// How many history pages the site has (at least one, which may say there is nothing).
pub fn history_pages(site: &Site, now: Instant) -> usize {
    let count =
        site.incidents.iter().filter(|i| i.started <= now).count() + site.maintenances.len();
    page_count(count, HISTORY_PAGE_SIZE)
}

/// How many pages `entries` fill, `page_size` a page: at least one, which may say there
/// is nothing.
pub fn page_count(entries: usize, page_size: usize) -> usize {
    entries.div_ceil(page_size).max(1)
}

/// How many open action items a page of `action-items/` lists.
pub const ACTION_ITEMS_PAGE_SIZE: usize = 100;

/// How many pages of open action items the site has (at least one, which may say there
/// is none).
pub fn action_item_pages(site: &Site, audience: Audience) -> usize {
    let count: usize = site
        .incidents
        .iter()
        .filter(|i| i.postmortem_shown(audience))
        .map(|i| i.postmortem.open_action_items().count())
        .sum();
    page_count(count, ACTION_ITEMS_PAGE_SIZE)
}

/// The address of page `page` of the open action items (1 is `action-items/`).
pub fn action_items_path(page: usize) -> String {
    if page <= 1 {
        "action-items/".to_string()
    } else {
        format!("action-items/page/{page}/")
    }
}

/// The address of history page `page` (1 is `history/`).
pub fn history_path(page: usize) -> String {
    if page <= 1 {
        "history/".to_string()
    } else {
        format!("history/page/{page}/")
    }
}
