//! The status page: the overall state, components with their uptime bars, what is active
//! and the recent days.

use chrono::Duration;
use serde::Serialize;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Instant, Site, UptimeDay};
use crate::render::i18n::Lang;

use super::*;

/// How many days the uptime bars cover.
pub const UPTIME_DAYS: u32 = 90;

/// How many of those days a phone shows: the figure beside them describes these.
pub const PHONE_UPTIME_DAYS: usize = 30;

/// A component's recent days: one bar a day and the share of time it was up.
#[derive(Debug, Serialize)]
pub struct UptimeView {
    /// "99,95 % de disponibilité", over the 90 days the bars show on a wide screen.
    pub percent: String,
    /// The same over the last 30 days, the bars a phone shows.
    pub percent_phone: String,
    pub days: Vec<UptimeDayView>,
    /// Whether any day has words: the bars are then a list for screen readers.
    pub notable: bool,
}

/// One bar.
#[derive(Debug, Serialize)]
pub struct UptimeDayView {
    /// The status code, for the colour: `operational` for a quiet day.
    pub code: &'static str,
    /// "samedi 14 novembre : Panne majeure pendant 360 min (Rapports…)", only for a day
    /// an incident or a maintenance window touched: a quiet day's bar says nothing, so
    /// that the bars of a long list of components stay light.
    pub text: Option<String>,
}

impl UptimeView {
    /// The bars of one component; those before `described_from` show their colour only.
    fn new(
        scope: &Scope<'_>,
        titles: &Titles<'_>,
        days: &[UptimeDay<'_>],
        described_from: Option<NaiveDate>,
    ) -> Self {
        let ratio = Site::uptime_ratio(days);
        let recent = &days[days.len().saturating_sub(PHONE_UPTIME_DAYS)..];
        let ratio_phone = Site::uptime_ratio(recent);
        let days: Vec<UptimeDayView> = (days.iter())
            .map(|d| match described_from {
                Some(from) if d.date < from => UptimeDayView {
                    code: d.worst.as_str(),
                    text: None,
                },
                _ => uptime_day(scope, titles, d),
            })
            .collect();
        UptimeView {
            percent: scope.fill("uptime_percent", "value", &percent(scope, ratio)),
            percent_phone: scope.fill("uptime_percent", "value", &percent(scope, ratio_phone)),
            notable: days.iter().any(|d| d.text.is_some()),
            days,
        }
    }
}

/// A ratio as a percentage with two decimals, rounded down so that any downtime shows.
pub fn percent(scope: &Scope<'_>, ratio: f64) -> String {
    let hundredths = (ratio * 10_000.0).floor() as u64;
    format!(
        "{}{}{:02}",
        hundredths / 100,
        scope.lang.text("decimal_separator"),
        hundredths % 100
    )
}

/// The titles of the site's incidents and maintenance windows by slug, found once for all
/// the bars of a page.
pub struct Titles<'a> {
    incidents: HashMap<&'a str, &'a str>,
    maintenances: HashMap<&'a str, &'a str>,
}

impl<'a> Titles<'a> {
    pub fn new(site: &'a Site) -> Self {
        Titles {
            incidents: (site.incidents.iter())
                .map(|i| (i.slug.as_str(), i.title.as_str()))
                .collect(),
            maintenances: (site.maintenances.iter())
                .map(|m| (m.slug.as_str(), m.title.as_str()))
                .collect(),
        }
    }
}

fn uptime_day(scope: &Scope<'_>, titles: &Titles<'_>, day: &UptimeDay<'_>) -> UptimeDayView {
    let text = is_busy(day).then(|| {
        let status = Lang::word(&scope.lang.component_status, day.worst.as_str());
        let minutes = scope.lang.duration(Duration::minutes(day.affected_minutes));
        format!(
            "{}{}{}",
            scope.lang.short_date(day.date),
            scope.lang.text("colon"),
            scope
                .lang
                .text("uptime_day")
                .replace("{status}", &status)
                .replace("{duration}", &minutes)
                .replace("{what}", &uptime_day_what(scope, titles, day))
        )
    });
    UptimeDayView {
        code: day.worst.as_str(),
        text,
    }
}

/// How many bars with words the status page holds at most, over all its components: the
/// words of a busy day's bar (its date, status, duration and what touched it) are most of
/// the page's weight. On a history busier than that, the bars of the most recent days keep
/// their words, as many days as fit, and the older ones show their colour only; the page
/// says from which day, and the history lists every day.
pub const UPTIME_WORDS: usize = 250;

/// The first day whose bars have words, when the bars of the 90 days would have more than
/// `UPTIME_WORDS` in all: the most recent days whose busy bars fit.
fn described_from<'a, 'b: 'a>(
    components: impl Iterator<Item = &'a [UptimeDay<'b>]>,
) -> Option<NaiveDate> {
    let mut busy: std::collections::BTreeMap<NaiveDate, usize> = Default::default();
    for days in components {
        for day in days.iter().filter(|d| is_busy(d)) {
            *busy.entry(day.date).or_default() += 1;
        }
    }
    let mut described = 0;
    let mut from = None;
    for (date, count) in busy.iter().rev() {
        described += count;
        if described > UPTIME_WORDS {
            return Some(from.unwrap_or(*date + Duration::days(1)));
        }
        from = Some(*date);
    }
    None
}

/// Whether an incident or a maintenance window touched the component that day: its bar
/// then has words.
fn is_busy(day: &UptimeDay<'_>) -> bool {
    !(day.incidents.is_empty() && day.maintenances.is_empty())
}

/// How many incidents or maintenance windows a day's bar names; the others are counted.
/// A busy history touches every component every day: the bars' words stay bounded.
pub const UPTIME_DAY_TITLES: usize = 1;

/// What touched a component on a day: the first title, then how many more
/// ("Exports slow and 3 more").
fn uptime_day_what(scope: &Scope<'_>, titles: &Titles<'_>, day: &UptimeDay<'_>) -> String {
    let incident_titles = day
        .incidents
        .iter()
        .filter_map(|slug| titles.incidents.get(slug).copied());
    let maintenance_titles = day
        .maintenances
        .iter()
        .filter_map(|slug| titles.maintenances.get(slug).copied());
    let titles: Vec<&str> = incident_titles
        .chain(maintenance_titles)
        .take(UPTIME_DAY_TITLES)
        .collect();
    let total = day.incidents.len() + day.maintenances.len();
    let mut what = titles.join(", ");
    if total > titles.len() {
        what.push_str(&scope.fill(
            "uptime_day_more",
            "count",
            &(total - titles.len()).to_string(),
        ));
    }
    what
}

/// Components under one group heading (no heading for ungrouped ones).
#[derive(Debug, Serialize)]
pub struct GroupView<'a> {
    pub name: Option<std::borrow::Cow<'a, str>>,
    pub components: Vec<ComponentView<'a>>,
    pub status: Word,
    /// Ungrouped components on a page that has groups: headed "Other services", so that
    /// they never read as members of the group above.
    pub other: bool,
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
    /// On a busy day, what the page leaves out, with where the history lists it.
    pub more: Option<MoreView>,
}

/// How many entries a day of the status page lists at most (incidents that started that
/// day, then maintenance windows, then incidents still open from an earlier day): a busy
/// day says how many more and links to the history, so the page stays small whatever the
/// history.
pub const DAY_ENTRIES: usize = 5;

/// How many entries the recent days list in all: once they are listed, the older days
/// only say how many they had, whatever `history_days` is.
pub const PAGE_ENTRIES: usize = 25;

/// The entries a busy day leaves out: "12 more in the history".
#[derive(Debug, Serialize)]
pub struct MoreView {
    pub count: usize,
    pub text: String,
    /// The history page that lists the first entry left out.
    pub url: String,
}

/// An incident still open on a day after the one it started.
#[derive(Debug, Serialize)]
pub struct ContinuingView<'a> {
    pub url: String,
    pub title: &'a str,
    /// "since Friday 13 November"
    pub since: String,
    /// The last update posted that day: what changed; none on a day without one.
    pub latest: Option<UpdateView>,
}

/// `index.html`.
#[derive(Debug, Serialize)]
pub struct StatusPage<'a> {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub banner: BannerView,
    pub groups: Vec<GroupView<'a>>,
    /// "The bars before Saturday 24 October show their colour only…", on a busy history.
    pub uptime_note: Option<String>,
    pub active_incidents: Vec<IncidentView<'a>>,
    pub active_maintenance: Vec<MaintenanceView<'a>>,
    pub upcoming_maintenance: Vec<MaintenanceView<'a>>,
    /// Upcoming windows past the first `UPCOMING_ENTRIES`, counted, with where they are.
    pub upcoming_more: Option<MoreView>,
    pub days: Vec<DayView<'a>>,
    pub subscribe: super::subscribe::SubscribeView,
}

/// How many upcoming maintenance windows the status page shows, the soonest first.
pub const UPCOMING_ENTRIES: usize = 5;

impl<'a> StatusPage<'a> {
    pub fn new(scope: &'a Scope<'a>) -> Self {
        let upcoming = scope.site.upcoming_maintenances(scope.now);
        let (groups, uptime_note) = groups(scope);
        StatusPage {
            groups,
            uptime_note,
            upcoming_maintenance: upcoming
                .iter()
                .take(UPCOMING_ENTRIES)
                .map(|m| MaintenanceView::new(scope, m))
                .collect(),
            upcoming_more: upcoming_more(scope, &upcoming),
            days: recent_days(scope),
            ..StatusPage::current(scope)
        }
    }

    /// What is happening now only: the state, the open incidents and the maintenance in
    /// progress, without components, upcoming windows or recent days (the embedded status
    /// shows no more, and the uptime bars are the costliest part of the page).
    pub fn current(scope: &'a Scope<'a>) -> Self {
        let site = scope.site;
        let indicator = site.indicator(scope.now);
        let active_incidents = site.active_incidents(scope.now);
        let active_maintenance = site.active_maintenances(scope.now);
        let active = !active_incidents.is_empty() || !active_maintenance.is_empty();
        StatusPage {
            site: SiteView::shared(scope, active),
            banner: BannerView {
                indicator: word(indicator.as_str(), &scope.lang.indicator),
            },
            groups: Vec::new(),
            uptime_note: None,
            active_incidents: active_incidents
                .into_iter()
                .map(|i| IncidentView::new(scope, i))
                .collect(),
            active_maintenance: active_maintenance
                .into_iter()
                .map(|m| MaintenanceView::new(scope, m))
                .collect(),
            upcoming_maintenance: Vec::new(),
            upcoming_more: None,
            days: Vec::new(),
            subscribe: super::subscribe::SubscribeView::new(scope),
        }
    }
}

/// The upcoming windows the page leaves out: the history lists every window, the latest
/// first, so its first page holds the soonest of them.
fn upcoming_more(scope: &Scope<'_>, upcoming: &[&crate::model::Maintenance]) -> Option<MoreView> {
    let mut left_out = LeftOut::default();
    let mut room = UPCOMING_ENTRIES;
    left_out.cut(&mut upcoming.to_vec(), &mut room, |m| m.starts);
    left_out.view(scope, "upcoming_more")
}

/// Components grouped in the order of config.toml; a group's status is its worst member's.
/// The components, and when the bars of a busy history have words only from a recent day,
/// the sentence that says so.
fn groups<'a>(scope: &Scope<'a>) -> (Vec<GroupView<'a>>, Option<String>) {
    let mut groups: Vec<GroupView<'a>> = Vec::new();
    let uptime = scope.site.uptime_by_component(UPTIME_DAYS, scope.now);
    let titles = Titles::new(scope.site);
    let days_of = |id: &str| uptime.get(id).map_or(&[][..], Vec::as_slice);
    let components = &scope.site.config.components;
    let described = described_from(components.iter().map(|c| days_of(&c.id)));
    for component in components {
        let status = scope.component_status(&component.id);
        let days = days_of(&component.id);
        let view = ComponentView {
            id: &component.id,
            name: &component.name,
            description: component.description.as_deref(),
            status: word(status.as_str(), &scope.lang.component_status),
            uptime: Some(UptimeView::new(scope, &titles, days, described)),
        };
        let name = component.group.as_deref();
        // A group gathers its members wherever they are listed; ungrouped components
        // listed one after another share one block.
        let home = match name {
            Some(_) => groups.iter_mut().find(|g| g.name.as_deref() == name),
            None => groups.last_mut().filter(|g| g.name.is_none()),
        };
        match home {
            Some(group) => group.components.push(view),
            None => groups.push(GroupView {
                name: name.map(std::borrow::Cow::Borrowed),
                components: vec![view],
                status: word("operational", &scope.lang.component_status),
                other: false,
            }),
        }
    }
    theirs_first(scope, &mut groups);
    let grouped = groups.iter().any(|g| g.name.is_some());
    for group in &mut groups {
        group.other = grouped && group.name.is_none();
        let worst = group
            .components
            .iter()
            .filter_map(|c| crate::model::ComponentStatus::parse(c.status.code))
            .max()
            .unwrap_or(crate::model::ComponentStatus::Operational);
        group.status = word(worst.as_str(), &scope.lang.component_status);
    }
    let note = described.map(|from| {
        (scope.lang.text("uptime_described_from")).replace("{date}", &scope.lang.short_date(from))
    });
    (groups, note)
}

/// In a client's room, the components they use, moved to a group of their own, first.
fn theirs_first(scope: &Scope<'_>, groups: &mut Vec<GroupView<'_>>) {
    let crate::model::Audience::Client(id) = scope.audience else {
        return;
    };
    let Some(client) = scope.site.config.client(id) else {
        return;
    };
    let mut theirs = Vec::new();
    for wanted in &client.components {
        for group in groups.iter_mut() {
            if let Some(at) = group.components.iter().position(|c| c.id == wanted) {
                theirs.push(group.components.remove(at));
            }
        }
    }
    groups.retain(|g| !g.components.is_empty());
    if !theirs.is_empty() {
        groups.insert(
            0,
            GroupView {
                name: Some(scope.lang.text("your_components").into()),
                components: theirs,
                status: word("operational", &scope.lang.component_status),
                other: false,
            },
        );
    }
}

/// The past `history_days` days, today first, each with the incidents that started then
/// and those still open from an earlier day. A run of days with neither is one entry
/// ("17 – 26 November: no incidents reported").
fn recent_days<'a>(scope: &Scope<'a>) -> Vec<DayView<'a>> {
    let today = scope.local(scope.now).date_naive();
    let recent = Recent::of(scope, today);
    let mut days: Vec<DayView<'a>> = Vec::new();
    let mut quiet: Option<(chrono::NaiveDate, chrono::NaiveDate)> = None;
    let mut page_room = PAGE_ENTRIES;
    for back in 0..scope.site.config.history_days {
        let Some(day) = today.checked_sub_signed(Duration::days(i64::from(back))) else {
            break;
        };
        let entries = DayEntries {
            incidents: recent.started_on(scope, day),
            maintenances: recent.maintenance_on(scope, day),
            continuing: recent.open_on(day),
        };
        if entries.is_empty() {
            quiet = Some(quiet.map_or((day, day), |(newest, _)| (newest, day)));
            continue;
        }
        days.extend(
            quiet
                .take()
                .map(|(newest, oldest)| quiet_days(scope, newest, oldest)),
        );
        days.push(entries.into_day(scope, day, &mut page_room));
    }
    days.extend(quiet.map(|(newest, oldest)| quiet_days(scope, newest, oldest)));
    days
}

/// The incidents and maintenance windows the recent days can list, in the site's order,
/// with their local dates: found in one pass over the history, so that each day looks at
/// these only.
struct Recent<'a> {
    /// Each incident that started in the recent days or was not resolved before them,
    /// with the local date it started and the one it was resolved (by the clock).
    incidents: Vec<(&'a crate::model::Incident, NaiveDate, Option<NaiveDate>)>,
    /// Each window that began in the recent days, with its local date.
    maintenances: Vec<(&'a crate::model::Maintenance, NaiveDate)>,
}

impl<'a> Recent<'a> {
    fn of(scope: &Scope<'a>, today: NaiveDate) -> Self {
        // Two days before the first recent day, in UTC: no time zone's day starts earlier.
        let cutoff = today
            .checked_sub_signed(Duration::days(
                i64::from(scope.site.config.history_days) + 2,
            ))
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|midnight| midnight.and_utc().fixed_offset());
        let recent = |at: Instant| cutoff.is_none_or(|cutoff| at >= cutoff);
        let date = |at: Instant| scope.local(at).date_naive();
        let incidents = (scope.site.incidents.iter())
            .filter_map(|i| {
                let ended = i.resolved_at().filter(|at| *at <= scope.now);
                (recent(i.started) || ended.is_none_or(recent))
                    .then(|| (i, date(i.started), ended.map(date)))
            })
            .collect();
        let maintenances = (scope.site.maintenances.iter())
            .filter(|m| recent(m.starts))
            .map(|m| (m, date(m.starts)))
            .collect();
        Recent {
            incidents,
            maintenances,
        }
    }

    /// The incidents that started on a local day, up to now.
    fn started_on(&self, scope: &Scope<'a>, day: NaiveDate) -> Vec<&'a crate::model::Incident> {
        (self.incidents.iter())
            .filter(|(i, started, _)| i.started <= scope.now && *started == day)
            .map(|(i, _, _)| *i)
            .collect()
    }

    /// The maintenance windows that began on a local day, up to now.
    fn maintenance_on(
        &self,
        scope: &Scope<'a>,
        day: NaiveDate,
    ) -> Vec<&'a crate::model::Maintenance> {
        (self.maintenances.iter())
            .filter(|(m, starts)| m.starts <= scope.now && *starts == day)
            .map(|(m, _)| *m)
            .collect()
    }

    /// The incidents that started before a local day and were not resolved before it began.
    fn open_on(&self, day: NaiveDate) -> Vec<&'a crate::model::Incident> {
        (self.incidents.iter())
            .filter(|(_, started, ended)| *started < day && ended.is_none_or(|ended| ended >= day))
            .map(|(i, _, _)| *i)
            .collect()
    }
}

/// An incident on the day it started, with the last update it had that day (so that a day
/// says what happened on it, not how the incident ended).
fn started_view<'a>(
    scope: &Scope<'a>,
    incident: &'a crate::model::Incident,
    day: chrono::NaiveDate,
) -> IncidentView<'a> {
    let base = scope.incident_url(&incident.slug);
    let latest = last_update_on(scope, incident, day).map(|u| UpdateView::new(scope, u, &base));
    let day_status = latest.as_ref().map(|u| u.status.clone());
    let latest = latest.map(|u| tera::Value::from_serializable(&u));
    let mut view = IncidentView::with_latest(scope, incident, base, latest);
    // The status it had at the end of that day, beside that day's last update.
    if let Some(status) = day_status {
        view.status = status;
    }
    view
}

/// An incident's last public update posted on a local day, up to now.
pub(super) fn last_update_on<'a>(
    scope: &Scope<'_>,
    incident: &'a crate::model::Incident,
    day: chrono::NaiveDate,
) -> Option<&'a crate::model::Update> {
    incident
        .updates
        .iter()
        .filter(|u| u.at <= scope.now && scope.local(u.at).date_naive() == day)
        .max_by_key(|u| u.at)
}

/// An incident still open on a day after the one it started, with that day's last update.
fn continuing_view<'a>(
    scope: &Scope<'a>,
    incident: &'a crate::model::Incident,
    day: chrono::NaiveDate,
) -> ContinuingView<'a> {
    let url = scope.incident_url(&incident.slug);
    ContinuingView {
        latest: last_update_on(scope, incident, day).map(|u| UpdateView::new(scope, u, &url)),
        url,
        title: &incident.title,
        since: scope.fill(
            "continuing_since",
            "date",
            &scope
                .lang
                .short_date(scope.local(incident.started).date_naive()),
        ),
    }
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
        more: None,
    }
}

/// Everything a day of the status page could list, before the busy day's cut.
struct DayEntries<'a> {
    incidents: Vec<&'a crate::model::Incident>,
    maintenances: Vec<&'a crate::model::Maintenance>,
    continuing: Vec<&'a crate::model::Incident>,
}

impl<'a> DayEntries<'a> {
    fn is_empty(&self) -> bool {
        self.incidents.is_empty() && self.maintenances.is_empty() && self.continuing.is_empty()
    }

    /// The day as shown: its first `DAY_ENTRIES` entries, and what it leaves out.
    fn into_day(
        mut self,
        scope: &Scope<'a>,
        day: chrono::NaiveDate,
        page_room: &mut usize,
    ) -> DayView<'a> {
        let mut room = DAY_ENTRIES.min(*page_room);
        let before = room;
        let mut left_out = LeftOut::default();
        left_out.cut(&mut self.incidents, &mut room, |i| i.started);
        left_out.cut(&mut self.maintenances, &mut room, |m| m.starts);
        left_out.cut(&mut self.continuing, &mut room, |i| i.started);
        *page_room -= before - room;
        DayView {
            date: scope.lang.date(day),
            iso: day.to_string(),
            incidents: self
                .incidents
                .into_iter()
                .map(|i| started_view(scope, i, day))
                .collect(),
            maintenances: self
                .maintenances
                .into_iter()
                .map(|m| MaintenanceView::new(scope, m))
                .collect(),
            continuing: self
                .continuing
                .into_iter()
                .map(|i| continuing_view(scope, i, day))
                .collect(),
            more: left_out.view(scope, "day_more"),
        }
    }
}

/// What a busy day leaves out: how many entries, and when the newest of them started.
#[derive(Default)]
struct LeftOut {
    count: usize,
    newest: Option<crate::model::Instant>,
}

impl LeftOut {
    /// Keeps the entries that fit in `room`, which they use up, and counts the others.
    fn cut<T>(&mut self, entries: &mut Vec<T>, room: &mut usize, at: impl Fn(&T) -> Instant) {
        let kept = entries.len().min(*room);
        *room -= kept;
        for entry in &entries[kept..] {
            self.count += 1;
            self.newest = self.newest.max(Some(at(entry)));
        }
        entries.truncate(kept);
    }

    /// "5 more in the history", linking to the history page that lists the newest of them.
    fn view(&self, scope: &Scope<'_>, key: &str) -> Option<MoreView> {
        let newest = self.newest?;
        Some(MoreView {
            count: self.count,
            text: scope.fill(key, "count", &self.count.to_string()),
            url: format!(
                "{}{}",
                scope.base,
                crate::plan::history_path(scope.history_page_of(newest))
            ),
        })
    }
}
