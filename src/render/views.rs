//! The views templates receive: serializable structs built from the model, one constructor
//! per view. Every computed value (local times, durations, "next update by") is computed
//! here, so templates only lay things out.

use chrono::{Datelike, Duration};
use serde::Serialize;

use super::i18n::Lang;
use super::markdown::to_html;
use super::response::{CommunicationView, ResponseView};
use crate::model::{
    ActionItem, Incident, Instant, Maintenance, Site, TimelineEntry, Update, Visibility,
};

/// What every view needs: the site, its language, the clock and the output's URL prefix.
pub struct Scope<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub now: Instant,
    pub base: String,
    pub stylesheet: String,
    pub script: String,
    pub audience: crate::model::Audience,
    /// Every incident started by the clock and every maintenance window, newest first, by
    /// position in the site: sorted once, cut into history pages.
    pub history: std::sync::OnceLock<Vec<HistoryRef>>,
    /// The open action items of the postmortems shown, the most urgent first, by position
    /// (incident, item): sorted once, cut into pages.
    pub open_actions: std::sync::OnceLock<OpenActions>,
}

/// An entry of the history, by its position in `site.incidents` or `site.maintenances`.
#[derive(Debug, Clone, Copy)]
pub enum HistoryRef {
    Incident(usize),
    Maintenance(usize),
}

impl<'a> Scope<'a> {
    /// The entries of history page `page` (from 1), newest first, and how many entries
    /// the history has (sorted on first use).
    fn history_page(&self, page: usize) -> (Vec<HistoryItem<'a>>, usize) {
        let site = self.site;
        let all = self.history.get_or_init(|| history_order(site, self.now));
        let items = all
            .iter()
            .skip((page - 1) * crate::plan::HISTORY_PAGE_SIZE)
            .take(crate::plan::HISTORY_PAGE_SIZE)
            .map(|r| match *r {
                HistoryRef::Incident(n) => HistoryItem::Incident(&site.incidents[n]),
                HistoryRef::Maintenance(n) => HistoryItem::Maintenance(&site.maintenances[n]),
            })
            .collect();
        (items, all.len())
    }

    /// The open action items of the postmortems shown, the most urgent first: the soonest
    /// due, then the highest priority, then the latest incident (sorted on first use).
    fn open_actions(&self) -> &OpenActions {
        let site = self.site;
        self.open_actions.get_or_init(|| {
            let mut order: Vec<(usize, usize)> = site
                .incidents
                .iter()
                .enumerate()
                .filter(|(_, i)| i.postmortem_shown(self.audience))
                .flat_map(|(n, i)| i.postmortem.open_action_items().map(move |(m, _)| (n, m)))
                .collect();
            let item = |&(n, m): &(usize, usize)| &site.incidents[n].postmortem.action_items[m];
            order.sort_by_key(|at| {
                let item = item(at);
                (
                    item.due.is_none(),
                    item.due,
                    item.priority,
                    std::cmp::Reverse(site.incidents[at.0].started),
                )
            });
            let today = self.local(self.now).date_naive();
            let overdue = order.iter().filter(|at| item(at).is_overdue(today)).count();
            OpenActions { order, overdue }
        })
    }
}

/// The open action items, by position (incident, item) in the site, the most urgent first,
/// and how many of them are overdue.
#[derive(Debug, Default)]
pub struct OpenActions {
    order: Vec<(usize, usize)>,
    overdue: usize,
}

impl Scope<'_> {
    /// A time in the site's timezone (or as written, when the site has none).
    pub fn local(&self, t: Instant) -> Instant {
        self.site.config.local(t)
    }

    fn datetime(&self, t: Instant) -> String {
        self.lang.datetime(self.local(t))
    }

    /// "Next update promised by 20:55", with the date when it is another day than `at`.
    pub fn promise(&self, at: Instant, next: Instant) -> String {
        let next = self.local(next);
        let when = if next.date_naive() == self.local(at).date_naive() {
            self.lang.time(next)
        } else {
            self.lang.datetime(next)
        };
        self.fill("next_update_promised", "time", &when)
    }

    /// The string `key` with `{time}` filled by `t`: the time alone today, else the date and
    /// time, with the words of `key_day` (French says "au plus tard le mercredi 2 décembre
    /// à 09:00", "au plus tard à 09:00").
    fn fill_time(&self, key: &str, t: Instant) -> String {
        let local = self.local(t);
        if local.date_naive() == self.local(self.now).date_naive() {
            return self.fill(key, "time", &self.lang.time(local));
        }
        self.lang
            .text_or(&format!("{key}_day"), key)
            .replace("{time}", &self.lang.datetime(local))
    }

    pub fn fill(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.text(key).replace(&format!("{{{name}}}"), value)
    }

    /// The full address of a path of the site (`incidents/x/`), for feeds and the API.
    pub fn absolute_url(&self, path: &str) -> String {
        let base = self.site.config.base_url.trim_end_matches('/');
        let prefix = self.base.trim_end_matches('/');
        let origin = base.strip_suffix(prefix).unwrap_or(base);
        format!("{origin}{}{path}", self.base)
    }

    pub fn incident_url(&self, slug: &str) -> String {
        format!("{}incidents/{slug}/", self.base)
    }

    pub fn maintenance_url(&self, slug: &str) -> String {
        format!("{}maintenance/{slug}/", self.base)
    }
}

/// A word and its code, e.g. `{ code: "major_outage", text: "Panne majeure" }`: templates
/// use the code for the style and always show the text.
#[derive(Debug, Clone, Serialize)]
pub struct Word {
    pub code: &'static str,
    pub text: String,
}

/// What every page shows: title, navigation, language, times note.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub lang: &'a str,
    pub base: &'a str,
    pub stylesheet: &'a str,
    pub script: &'a str,
    pub status_as_of: String,
    pub times_note: String,
    /// The site's IANA timezone, for the script that adds the reader's local times.
    pub timezone: Option<&'static str>,
    /// Seconds between reloads while something is active on the page; none otherwise.
    pub refresh: Option<u32>,
    /// The team's internal site: marked noindex, and says so on every page.
    pub internal: bool,
}

impl<'a> SiteView<'a> {
    pub fn new(scope: &'a Scope<'a>) -> Self {
        let config = &scope.site.config;
        let zone = config.timezone.map_or_else(
            || scope.local(scope.now).format("UTC%:z").to_string(),
            |tz| tz.name().to_string(),
        );
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            lang: &config.language,
            base: &scope.base,
            stylesheet: &scope.stylesheet,
            script: &scope.script,
            status_as_of: scope.fill("status_as_of", "datetime", &scope.datetime(scope.now)),
            times_note: scope.fill("times_in", "timezone", &zone),
            timezone: config.timezone.map(|tz| tz.name()),
            refresh: None,
            internal: scope.audience == crate::model::Audience::Internal,
        }
    }

    /// The same, for a page that reloads itself while `active`.
    pub fn refreshing(scope: &'a Scope<'a>, active: bool) -> Self {
        SiteView {
            refresh: active.then_some(REFRESH_SECONDS),
            ..SiteView::new(scope)
        }
    }
}

/// How often a page with an active incident or maintenance reloads itself.
pub const REFRESH_SECONDS: u32 = 120;

/// A component on the status page with its current status.
#[derive(Debug, Serialize)]
pub struct ComponentView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub status: Word,
    /// The recent days, on the status page only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime: Option<UptimeView>,
}

/// How many days the uptime bars cover.
pub const UPTIME_DAYS: u32 = 90;

/// A component's recent days: one bar a day and the share of time it was up.
#[derive(Debug, Serialize)]
pub struct UptimeView {
    /// "99,95 % de disponibilité"
    pub percent: String,
    pub days: Vec<UptimeDayView>,
    /// The days something happened, as sentences, for screen readers.
    pub notable: Vec<String>,
}

/// One bar.
#[derive(Debug, Serialize)]
pub struct UptimeDayView {
    pub iso: String,
    /// The status code, for the colour.
    pub code: &'static str,
    /// "vendredi 13 novembre 2026 : Panne majeure pendant 360 min (Rapports…)"
    pub text: String,
}

impl UptimeView {
    fn new(scope: &Scope<'_>, days: &[crate::model::UptimeDay<'_>]) -> Self {
        let ratio = Site::uptime_ratio(days);
        let views: Vec<UptimeDayView> = days.iter().map(|d| uptime_day(scope, d)).collect();
        let notable = days
            .iter()
            .zip(&views)
            .filter(|(d, _)| d.worst != crate::model::ComponentStatus::Operational)
            .map(|(_, v)| v.text.clone())
            .collect();
        UptimeView {
            percent: scope.fill("uptime_percent", "value", &percent(scope, ratio)),
            days: views,
            notable,
        }
    }
}

/// A ratio as a percentage with two decimals, rounded down so that any downtime shows.
fn percent(scope: &Scope<'_>, ratio: f64) -> String {
    let hundredths = (ratio * 10_000.0).floor() as u64;
    format!(
        "{}{}{:02}",
        hundredths / 100,
        scope.lang.text("decimal_separator"),
        hundredths % 100
    )
}

fn uptime_day(scope: &Scope<'_>, day: &crate::model::UptimeDay<'_>) -> UptimeDayView {
    let date = scope.lang.date(day.date);
    let titles: Vec<&str> = day
        .incidents
        .iter()
        .filter_map(|slug| scope.site.incidents.iter().find(|i| i.slug == *slug))
        .map(|i| i.title.as_str())
        .chain(
            day.maintenances
                .iter()
                .filter_map(|slug| scope.site.maintenances.iter().find(|m| m.slug == *slug))
                .map(|m| m.title.as_str()),
        )
        .collect();
    let text = if titles.is_empty() {
        format!(
            "{date}{}{}",
            scope.lang.text("colon"),
            scope.lang.text("no_incidents_day")
        )
    } else {
        let status = Lang::word(&scope.lang.component_status, day.worst.as_str());
        let minutes = scope.lang.duration(Duration::minutes(day.affected_minutes));
        format!(
            "{date}{}{}",
            scope.lang.text("colon"),
            scope
                .lang
                .text("uptime_day")
                .replace("{status}", &status)
                .replace("{duration}", &minutes)
                .replace("{what}", &titles.join(", "))
        )
    };
    UptimeDayView {
        iso: day.date.to_string(),
        code: day.worst.as_str(),
        text,
    }
}

/// Components under one group heading (no heading for ungrouped ones).
#[derive(Debug, Serialize)]
pub struct GroupView<'a> {
    pub name: Option<&'a str>,
    pub components: Vec<ComponentView<'a>>,
    pub status: Word,
}

/// A public update.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    pub iso: String,
    pub when: String,
    pub status: Word,
    pub html: String,
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
    pub duration: String,
    pub components: Vec<ComponentView<'a>>,
    pub latest: Option<UpdateView>,
    pub next_update: Option<String>,
    pub next_update_iso: Option<String>,
    pub next_update_late: bool,
    pub postmortem_url: Option<String>,
}

/// A maintenance window, in lists and on its page.
#[derive(Debug, Serialize)]
pub struct MaintenanceView<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub state: Word,
    pub window: String,
    pub starts_iso: String,
    pub components: Vec<ComponentView<'a>>,
    pub description_html: String,
    pub updates: Vec<UpdateView>,
}

fn word(code: &'static str, table: &std::collections::BTreeMap<String, String>) -> Word {
    Word {
        code,
        text: Lang::word(table, code),
    }
}

fn component_views<'a>(
    scope: &Scope<'a>,
    ids: impl Iterator<Item = (&'a str, &'static str)>,
) -> Vec<ComponentView<'a>> {
    ids.filter_map(|(id, status)| {
        let component = scope.site.config.component(id)?;
        Some(ComponentView {
            id: &component.id,
            name: &component.name,
            description: component.description.as_deref(),
            status: word(status, &scope.lang.component_status),
            uptime: None,
        })
    })
    .collect()
}

/// An incident's affected components, the most affected first, then in config.toml's order.
fn worst_first<'a>(
    scope: &Scope<'a>,
    incident: &'a Incident,
) -> impl Iterator<Item = (&'a str, &'static str)> {
    let components = &scope.site.config.components;
    let mut affected: Vec<_> = incident.affected.iter().collect();
    affected.sort_by_key(|a| {
        let position = components.iter().position(|c| c.id == a.id);
        (std::cmp::Reverse(a.status), position)
    });
    affected
        .into_iter()
        .map(|a| (a.id.as_str(), a.status.as_str()))
}

impl<'a> IncidentView<'a> {
    pub fn new(scope: &Scope<'a>, incident: &'a Incident) -> Self {
        let base = scope.incident_url(&incident.slug);
        let latest = incident
            .latest_update()
            .map(|u| UpdateView::new(scope, u, &base));
        Self::with_latest(scope, incident, base, latest)
    }

    /// The view, given the incident's address and its latest update's view (for a page
    /// that has already made them).
    fn with_latest(
        scope: &Scope<'a>,
        incident: &'a Incident,
        base: String,
        latest: Option<UpdateView>,
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
            duration: duration_text(scope, incident),
            components: component_views(scope, worst_first(scope, incident)),
            latest,
            next_update,
            next_update_iso: next.map(|n| n.to_rfc3339()),
            next_update_late: late,
            postmortem_url: postmortem_url(scope, incident, &base),
            url: base,
        }
    }
}

/// How long the incident lasted, or "ongoing for …" while it is open.
fn duration_text(scope: &Scope<'_>, incident: &Incident) -> String {
    let duration = scope.lang.duration(incident.duration(scope.now));
    if incident.resolved_at().is_some() {
        duration
    } else {
        scope.fill("ongoing_for", "duration", &duration)
    }
}

/// The address of the incident's postmortem, when this audience sees it; `base` is the
/// incident's.
fn postmortem_url(scope: &Scope<'_>, incident: &Incident, base: &str) -> Option<String> {
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
        }
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
                })
                .collect(),
        }
    }
}

impl Scope<'_> {
    /// The end of a window: its time alone when on the same day as the start.
    fn time_or_datetime_after(&self, start: Instant, end: Instant) -> String {
        if self.local(start).date_naive() == self.local(end).date_naive() {
            self.lang.time(self.local(end))
        } else {
            self.datetime(end)
        }
    }
}

/// The overall state of the site.
#[derive(Debug, Serialize)]
pub struct BannerView {
    pub indicator: Word,
}

/// A day of the recent history on the status page.
#[derive(Debug, Serialize)]
pub struct DayView<'a> {
    pub date: String,
    /// The day as `YYYY-MM-DD`; empty for a run of quiet days.
    pub iso: String,
    pub incidents: Vec<IncidentView<'a>>,
    /// Incidents that started on an earlier day and were still open during this one.
    pub continuing: Vec<ContinuingView<'a>>,
    /// Maintenance windows that began that day.
    pub maintenances: Vec<MaintenanceView<'a>>,
}

/// An incident still open on a day after the one it started.
#[derive(Debug, Serialize)]
pub struct ContinuingView<'a> {
    pub url: String,
    pub title: &'a str,
    /// "since Friday 13 November"
    pub since: String,
}

/// "from Saturday 28 November 2026, 06:00 to 08:00".
fn window_text(scope: &Scope<'_>, maintenance: &Maintenance) -> String {
    let start = scope.datetime(maintenance.starts);
    let end = scope.time_or_datetime_after(maintenance.starts, maintenance.ends);
    scope
        .lang
        .text("scheduled_for")
        .replace("{start}", &start)
        .replace("{end}", &end)
}

/// `index.html`.
#[derive(Debug, Serialize)]
pub struct StatusPage<'a> {
    pub site: SiteView<'a>,
    pub banner: BannerView,
    pub groups: Vec<GroupView<'a>>,
    pub active_incidents: Vec<IncidentView<'a>>,
    pub active_maintenance: Vec<MaintenanceView<'a>>,
    pub upcoming_maintenance: Vec<MaintenanceView<'a>>,
    pub days: Vec<DayView<'a>>,
}

impl<'a> StatusPage<'a> {
    pub fn new(scope: &'a Scope<'a>) -> Self {
        let site = scope.site;
        let indicator = site.indicator(scope.now);
        let active = !site.active_incidents(scope.now).is_empty()
            || !site.active_maintenances(scope.now).is_empty();
        StatusPage {
            site: SiteView::refreshing(scope, active),
            banner: BannerView {
                indicator: word(indicator.as_str(), &scope.lang.indicator),
            },
            groups: groups(scope),
            active_incidents: site
                .active_incidents(scope.now)
                .into_iter()
                .map(|i| IncidentView::new(scope, i))
                .collect(),
            active_maintenance: site
                .active_maintenances(scope.now)
                .into_iter()
                .map(|m| MaintenanceView::new(scope, m))
                .collect(),
            upcoming_maintenance: site
                .upcoming_maintenances(scope.now)
                .into_iter()
                .map(|m| MaintenanceView::new(scope, m))
                .collect(),
            days: recent_days(scope),
        }
    }
}

/// Components grouped in the order of config.toml; a group's status is its worst member's.
fn groups<'a>(scope: &Scope<'a>) -> Vec<GroupView<'a>> {
    let mut groups: Vec<GroupView<'a>> = Vec::new();
    let statuses = scope.site.component_statuses(scope.now);
    let uptime = scope.site.uptime_by_component(UPTIME_DAYS, scope.now);
    for component in &scope.site.config.components {
        let status = statuses
            .get(component.id.as_str())
            .copied()
            .unwrap_or(crate::model::ComponentStatus::Operational);
        let days = uptime
            .get(component.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let view = ComponentView {
            id: &component.id,
            name: &component.name,
            description: component.description.as_deref(),
            status: word(status.as_str(), &scope.lang.component_status),
            uptime: Some(UptimeView::new(scope, days)),
        };
        let name = component.group.as_deref();
        match groups.iter_mut().find(|g| g.name == name && name.is_some()) {
            Some(group) => group.components.push(view),
            None => groups.push(GroupView {
                name,
                components: vec![view],
                status: word("operational", &scope.lang.component_status),
            }),
        }
    }
    for group in &mut groups {
        let worst = group
            .components
            .iter()
            .filter_map(|c| crate::model::ComponentStatus::parse(c.status.code))
            .max()
            .unwrap_or(crate::model::ComponentStatus::Operational);
        group.status = word(worst.as_str(), &scope.lang.component_status);
    }
    groups
}

/// The past `history_days` days, today first, each with the incidents that started then
/// and those still open from an earlier day. A run of days with neither is one entry
/// ("17 – 26 November: no incidents reported").
fn recent_days<'a>(scope: &Scope<'a>) -> Vec<DayView<'a>> {
    let today = scope.local(scope.now).date_naive();
    let mut days: Vec<DayView<'a>> = Vec::new();
    let mut quiet: Option<(chrono::NaiveDate, chrono::NaiveDate)> = None;
    for back in 0..scope.site.config.history_days {
        let Some(day) = today.checked_sub_signed(Duration::days(i64::from(back))) else {
            break;
        };
        let incidents = started_on(scope, day);
        let continuing = open_on(scope, day);
        let maintenances = maintenance_on(scope, day);
        if incidents.is_empty() && continuing.is_empty() && maintenances.is_empty() {
            quiet = Some(quiet.map_or((day, day), |(newest, _)| (newest, day)));
            continue;
        }
        days.extend(
            quiet
                .take()
                .map(|(newest, oldest)| quiet_days(scope, newest, oldest)),
        );
        days.push(DayView {
            date: scope.lang.date(day),
            iso: day.to_string(),
            incidents,
            continuing,
            maintenances,
        });
    }
    days.extend(quiet.map(|(newest, oldest)| quiet_days(scope, newest, oldest)));
    days
}

/// The incidents that started on a local day, up to now.
fn started_on<'a>(scope: &Scope<'a>, day: chrono::NaiveDate) -> Vec<IncidentView<'a>> {
    scope
        .site
        .incidents
        .iter()
        .filter(|i| i.started <= scope.now && scope.local(i.started).date_naive() == day)
        .map(|i| IncidentView::new(scope, i))
        .collect()
}

/// The maintenance windows that began on a local day, up to now.
fn maintenance_on<'a>(scope: &Scope<'a>, day: chrono::NaiveDate) -> Vec<MaintenanceView<'a>> {
    scope
        .site
        .maintenances
        .iter()
        .filter(|m| m.starts <= scope.now && scope.local(m.starts).date_naive() == day)
        .map(|m| MaintenanceView::new(scope, m))
        .collect()
}

/// The incidents that started before a local day and were not resolved before it began.
fn open_on<'a>(scope: &Scope<'a>, day: chrono::NaiveDate) -> Vec<ContinuingView<'a>> {
    scope
        .site
        .incidents
        .iter()
        .filter(|i| {
            let started = scope.local(i.started).date_naive();
            let ended = i
                .resolved_at()
                .filter(|at| *at <= scope.now)
                .map(|at| scope.local(at).date_naive());
            started < day && ended.is_none_or(|ended| ended >= day)
        })
        .map(|i| ContinuingView {
            url: scope.incident_url(&i.slug),
            title: &i.title,
            since: scope.fill(
                "continuing_since",
                "date",
                &scope.lang.short_date(scope.local(i.started).date_naive()),
            ),
        })
        .collect()
}

/// One entry for the quiet days from `newest` back to `oldest`.
fn quiet_days<'a>(
    scope: &Scope<'_>,
    newest: chrono::NaiveDate,
    oldest: chrono::NaiveDate,
) -> DayView<'a> {
    let date = if oldest == newest {
        scope.lang.date(newest)
    } else {
        format!(
            "{} – {}",
            scope.lang.short_date(oldest),
            scope.lang.date(newest)
        )
    };
    let iso = if oldest == newest {
        newest.to_string()
    } else {
        String::new()
    };
    DayView {
        date,
        iso,
        incidents: Vec::new(),
        continuing: Vec::new(),
        maintenances: Vec::new(),
    }
}

/// `incidents/<slug>/index.html`.
#[derive(Debug, Serialize)]
pub struct IncidentPage<'a> {
    pub site: SiteView<'a>,
    pub incident: IncidentView<'a>,
    pub updates: Vec<UpdateView>,
}

impl<'a> IncidentPage<'a> {
    pub fn new(scope: &'a Scope<'a>, incident: &'a Incident) -> Self {
        let base = scope.incident_url(&incident.slug);
        let mut updates: Vec<_> = incident.updates_in_order();
        updates.reverse();
        let latest = incident.latest_update();
        let views: Vec<UpdateView> = updates
            .iter()
            .map(|u| UpdateView::new(scope, u, &base))
            .collect();
        let latest_view = updates
            .iter()
            .position(|u| latest.is_some_and(|l| std::ptr::eq(*u, l)))
            .map(|n| views[n].clone());
        IncidentPage {
            site: SiteView::refreshing(scope, incident.is_active(scope.now)),
            incident: IncidentView::with_latest(scope, incident, base, latest_view),
            updates: views,
        }
    }
}

/// A titled section of a postmortem.
#[derive(Debug, Serialize)]
pub struct SectionView {
    pub id: &'static str,
    pub title: String,
    pub html: String,
}

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

/// An action item.
#[derive(Debug, Serialize)]
pub struct ActionItemView {
    pub html: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub due_iso: Option<String>,
    pub state: Word,
    pub kind: Option<Word>,
    pub priority: Option<Word>,
    pub link: Option<String>,
    pub reason: Option<String>,
    /// Open after its due date, on the day of the build.
    pub overdue: bool,
}

/// `incidents/<slug>/postmortem/index.html`.
#[derive(Debug, Serialize)]
pub struct PostmortemPage<'a> {
    pub site: SiteView<'a>,
    pub incident: IncidentView<'a>,
    pub heading: String,
    /// Summary, impact, trigger, causes, detection, resolution, lessons: the ones written.
    pub sections: Vec<SectionView>,
    pub response: ResponseView,
    /// The internal notes, on the internal site only.
    pub internal_notes: Option<String>,
    pub chart: Option<super::chart::ChartView>,
    pub timeline: Vec<TimelineDay>,
    pub communications: CommunicationView,
    pub action_items: Vec<ActionItemView>,
}

impl<'a> PostmortemPage<'a> {
    pub fn new(scope: &'a Scope<'a>, incident: &'a Incident) -> Self {
        let bundle = scope.incident_url(&incident.slug);
        let pm = &incident.postmortem;
        let section = |id: &'static str, text: &str| {
            (!text.trim().is_empty()).then(|| SectionView {
                id,
                title: scope.lang.text(&format!("pm_{id}")),
                html: to_html(text, Some(&bundle)),
            })
        };
        let timeline = public_timeline(scope, incident, &bundle);
        PostmortemPage {
            site: SiteView::new(scope),
            incident: IncidentView::new(scope, incident),
            heading: scope
                .lang
                .text("postmortem_of")
                .replace("{title}", &incident.title),
            sections: pm
                .sections()
                .into_iter()
                .filter_map(|(id, text)| section(id, text))
                .collect(),
            response: ResponseView::new(scope, incident),
            internal_notes: (scope.audience == crate::model::Audience::Internal
                && !incident.internal_notes.trim().is_empty())
            .then(|| to_html(&incident.internal_notes, Some(&bundle))),
            chart: super::chart::ChartView::new(scope, incident),
            timeline: by_day(scope, timeline),
            communications: CommunicationView::new(scope, incident, &bundle),
            action_items: pm
                .action_items
                .iter()
                .map(|a| ActionItemView::new(scope, a, &bundle))
                .collect(),
        }
    }
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

/// The public updates and the public timeline entries, in time order.
fn public_timeline(
    scope: &Scope<'_>,
    incident: &Incident,
    bundle: &str,
) -> Vec<(Instant, TimelineRow)> {
    let updates = incident.updates.iter().map(|u| {
        (
            u.at,
            TimelineRow {
                iso: u.at.to_rfc3339(),
                time: scope.lang.time(scope.local(u.at)),
                kind: format!(
                    "{} · {}",
                    scope.lang.text("status_page_update"),
                    Lang::word(&scope.lang.update_status, u.status.as_str())
                ),
                who: None,
                html: to_html(&u.text, Some(bundle)),
                is_update: true,
                promise: u.next.map(|next| scope.promise(u.at, next)),
                promise_kept: None,
                internal: false,
            },
        )
    });
    let entries = incident
        .timeline
        .iter()
        .filter(|e| scope.audience.sees(e.visibility))
        .map(|e: &TimelineEntry| {
            (
                e.at,
                TimelineRow {
                    iso: e.at.to_rfc3339(),
                    time: scope.lang.time(scope.local(e.at)),
                    kind: Lang::word(&scope.lang.timeline_kind, e.kind.as_str()),
                    who: e.who.clone(),
                    html: to_html(&e.text, Some(bundle)),
                    is_update: false,
                    promise: e.next.map(|next| scope.promise(e.at, next)),
                    promise_kept: None,
                    internal: e.visibility == Visibility::Internal,
                },
            )
        });
    let mut rows: Vec<_> = updates.chain(entries).collect();
    rows.sort_by_key(|(at, _)| *at);
    rows
}

impl ActionItemView {
    fn new(scope: &Scope<'_>, item: &ActionItem, bundle: &str) -> Self {
        let today = scope.local(scope.now).date_naive();
        ActionItemView {
            html: to_html(&item.text, Some(bundle)),
            owner: item.owner.clone(),
            due: item.due.map(|d| scope.lang.plain_date(d)),
            due_iso: item.due.map(|d| d.to_string()),
            state: word(item.state.as_str(), &scope.lang.action_state),
            kind: item.kind.map(|k| word(k.as_str(), &scope.lang.action_kind)),
            priority: item
                .priority
                .map(|p| word(p.as_str(), &scope.lang.priority)),
            link: item.link.clone(),
            reason: item.reason.clone(),
            overdue: item.is_overdue(today),
        }
    }
}

/// An open action item on the page of all of them, with the postmortem it comes from.
#[derive(Debug, Serialize)]
pub struct OpenActionView<'a> {
    pub item: ActionItemView,
    pub incident: &'a str,
    pub postmortem_url: String,
}

/// `action-items/index.html` and `action-items/page/N/index.html`: the open action items
/// of every published postmortem, the most urgent first.
#[derive(Debug, Serialize)]
pub struct ActionItemsPage<'a> {
    pub site: SiteView<'a>,
    pub items: Vec<OpenActionView<'a>>,
    /// "12 open action items, 2 overdue." (all of them, on every page)
    pub summary: String,
    /// "Page 2 of 5", when there is more than one.
    pub page_label: Option<String>,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

impl<'a> ActionItemsPage<'a> {
    /// Page `page` of the open action items, counting from 1.
    pub fn new(scope: &'a Scope<'a>, page: usize) -> Self {
        let actions = scope.open_actions();
        let (open, overdue) = (actions.order.len(), actions.overdue);
        let size = crate::plan::ACTION_ITEMS_PAGE_SIZE;
        let first = ((page - 1) * size).min(open);
        let items = actions.order[first..(first + size).min(open)]
            .iter()
            .map(|&(n, m)| {
                let incident = &scope.site.incidents[n];
                let item = &incident.postmortem.action_items[m];
                let bundle = scope.incident_url(&incident.slug);
                OpenActionView {
                    item: ActionItemView::new(scope, item, &bundle),
                    incident: &incident.title,
                    postmortem_url: format!("{bundle}postmortem/"),
                }
            })
            .collect::<Vec<_>>();
        let summary = scope
            .lang
            .text("open_actions_summary")
            .replace("{open}", &open.to_string())
            .replace("{overdue}", &overdue.to_string());
        let pages = crate::plan::page_count(open, size);
        let url = |n: usize| format!("{}{}", scope.base, crate::plan::action_items_path(n));
        ActionItemsPage {
            site: SiteView::new(scope),
            items,
            summary,
            page_label: page_label(scope, page, pages),
            previous_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < pages).then(|| url(page + 1)),
        }
    }
}

/// "Page 2 of 5", when there is more than one page.
fn page_label(scope: &Scope<'_>, page: usize, pages: usize) -> Option<String> {
    (pages > 1).then(|| {
        scope
            .lang
            .text("page_of")
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    })
}

/// `maintenance/<slug>/index.html`.
#[derive(Debug, Serialize)]
pub struct MaintenancePage<'a> {
    pub site: SiteView<'a>,
    pub maintenance: MaintenanceView<'a>,
}

/// One row of the history.
#[derive(Debug, Serialize)]
pub struct HistoryEntry<'a> {
    pub kind: &'static str,
    pub url: String,
    pub title: &'a str,
    /// The incident's status, or the maintenance's state.
    pub label: Word,
    /// An incident's impact.
    pub impact: Option<Word>,
    pub when: String,
    pub iso: String,
    pub detail: String,
    pub postmortem_url: Option<String>,
}

/// A month of history.
#[derive(Debug, Serialize)]
pub struct MonthView<'a> {
    pub title: String,
    pub id: String,
    pub entries: Vec<HistoryEntry<'a>>,
}

/// `history/index.html` and `history/page/N/index.html`.
#[derive(Debug, Serialize)]
pub struct HistoryPage<'a> {
    pub site: SiteView<'a>,
    pub months: Vec<MonthView<'a>>,
    /// "Page 2 of 5", when there is more than one.
    pub page_label: Option<String>,
    pub newer_url: Option<String>,
    pub older_url: Option<String>,
}

/// An entry of the history before it is shown: when, and which item.
#[derive(Debug, Clone, Copy)]
enum HistoryItem<'a> {
    Incident(&'a Incident),
    Maintenance(&'a Maintenance),
}

impl<'a> HistoryItem<'a> {
    fn at(self) -> Instant {
        match self {
            HistoryItem::Incident(i) => i.started,
            HistoryItem::Maintenance(m) => m.starts,
        }
    }
}

/// Every incident started by the clock and every maintenance window, newest first.
fn history_order(site: &Site, now: Instant) -> Vec<HistoryRef> {
    let mut items: Vec<(Instant, HistoryRef)> = site
        .incidents
        .iter()
        .enumerate()
        .filter(|(_, i)| i.started <= now)
        .map(|(n, i)| (i.started, HistoryRef::Incident(n)))
        .chain(
            site.maintenances
                .iter()
                .enumerate()
                .map(|(n, m)| (m.starts, HistoryRef::Maintenance(n))),
        )
        .collect();
    items.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    items.into_iter().map(|(_, r)| r).collect()
}

impl<'a> HistoryPage<'a> {
    /// History page `page`, counting from 1.
    pub fn new(scope: &'a Scope<'a>, page: usize) -> Self {
        let (items, total) = scope.history_page(page);
        let pages = crate::plan::page_count(total, crate::plan::HISTORY_PAGE_SIZE);
        let mut months: Vec<MonthView<'a>> = Vec::new();
        for item in items {
            let local = scope.local(item.at()).date_naive();
            let id = format!("{}-{:02}", local.year(), local.month());
            let entry = history_entry(scope, item);
            match months.last_mut() {
                Some(month) if month.id == id => month.entries.push(entry),
                _ => months.push(MonthView {
                    title: scope.lang.month_year(local.year(), local.month0()),
                    id,
                    entries: vec![entry],
                }),
            }
        }
        let url = |n: usize| format!("{}{}", scope.base, crate::plan::history_path(n));
        HistoryPage {
            site: SiteView::new(scope),
            months,
            page_label: page_label(scope, page, pages),
            newer_url: (page > 1).then(|| url(page - 1)),
            older_url: (page < pages).then(|| url(page + 1)),
        }
    }
}

fn history_entry<'a>(scope: &Scope<'a>, item: HistoryItem<'a>) -> HistoryEntry<'a> {
    match item {
        HistoryItem::Incident(incident) => {
            let url = scope.incident_url(&incident.slug);
            HistoryEntry {
                kind: "incident",
                postmortem_url: postmortem_url(scope, incident, &url),
                url,
                title: &incident.title,
                label: word(incident.status().as_str(), &scope.lang.update_status),
                impact: Some(word(incident.impact.as_str(), &scope.lang.impact)),
                when: scope.datetime(incident.started),
                iso: incident.started.to_rfc3339(),
                detail: duration_text(scope, incident),
            }
        }
        HistoryItem::Maintenance(maintenance) => HistoryEntry {
            kind: "maintenance",
            url: scope.maintenance_url(&maintenance.slug),
            title: &maintenance.title,
            label: word(
                maintenance.state(scope.now).as_str(),
                &scope.lang.maintenance_state,
            ),
            impact: None,
            when: window_text(scope, maintenance),
            iso: maintenance.starts.to_rfc3339(),
            detail: String::new(),
            postmortem_url: None,
        },
    }
}

/// `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundPage<'a> {
    pub site: SiteView<'a>,
}
