//! What every view needs: the site, its language, the clock, the output's addresses, and
//! the orders computed once for all pages (the history, the open action items).

use super::i18n::Lang;
use std::collections::HashMap;

use crate::model::{ComponentStatus, Incident, Instant, Maintenance, Site};

/// What every view needs: the site, its language, the clock and the output's URL prefix.
pub struct Scope<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub now: Instant,
    pub base: String,
    pub stylesheet: String,
    pub script: String,
    pub audience: crate::model::Audience<'a>,
    /// Every incident started by the clock and every maintenance window, newest first, by
    /// position in the site: sorted once, cut into history pages.
    pub history: std::sync::OnceLock<Vec<HistoryRef>>,
    /// The open action items of the postmortems shown, the most urgent first, by position
    /// (incident, item): sorted once, cut into pages.
    pub open_actions: std::sync::OnceLock<OpenActions>,
    /// What every file of the API shares (computed on first use).
    pub api: std::sync::OnceLock<super::api::ApiBase>,
    /// Every component's status by the clock, for the badges and the status page
    /// (computed on first use).
    pub statuses: std::sync::OnceLock<HashMap<String, ComponentStatus>>,
    /// The feeds' entries, each built once for every feed that lists it.
    pub feed_entries: super::feeds::SharedEntries,
    /// What every page shows (`SiteView`) as a template value, made on first use: for
    /// the pages that do not reload themselves, then for those that do.
    pub site_views: [std::sync::OnceLock<tera::Value>; 2],
}

/// An entry of the history, by its position in `site.incidents` or `site.maintenances`.
#[derive(Debug, Clone, Copy)]
pub enum HistoryRef {
    Incident(usize),
    Maintenance(usize),
}

impl<'a> Scope<'a> {
    /// A component's status by the clock: `operational` for an id the site does not list.
    pub(super) fn component_status(&self, id: &str) -> ComponentStatus {
        let site = self.site;
        let statuses = self.statuses.get_or_init(|| {
            (site.component_statuses(self.now).into_iter())
                .map(|(id, status)| (id.to_string(), status))
                .collect()
        });
        statuses
            .get(id)
            .copied()
            .unwrap_or(ComponentStatus::Operational)
    }

    /// The entries of history page `page` (from 1), newest first, and how many entries
    /// the history has (sorted on first use).
    pub(super) fn history_page(&self, page: usize) -> (Vec<HistoryItem<'a>>, usize) {
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

    /// The history page (from 1) that lists an item started at `at`: the history is
    /// newest first, so it follows the items started after `at`.
    pub(super) fn history_page_of(&self, at: Instant) -> usize {
        let site = self.site;
        let all = self.history.get_or_init(|| history_order(site, self.now));
        let newer = all.partition_point(|r| {
            let started = match *r {
                HistoryRef::Incident(n) => site.incidents[n].started,
                HistoryRef::Maintenance(n) => site.maintenances[n].starts,
            };
            started > at
        });
        newer / crate::plan::HISTORY_PAGE_SIZE + 1
    }

    /// The open action items of the postmortems shown, the most urgent first: the soonest
    /// due, then the highest priority, then the latest incident (sorted on first use).
    pub(super) fn open_actions(&self) -> &OpenActions {
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
    pub(super) order: Vec<(usize, usize)>,
    pub(super) overdue: usize,
}

impl Scope<'_> {
    /// A time in the site's timezone (or as written, when the site has none).
    pub fn local(&self, t: Instant) -> Instant {
        self.site.config.local(t)
    }

    pub(super) fn datetime(&self, t: Instant) -> String {
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
    pub(super) fn fill_time(&self, key: &str, t: Instant) -> String {
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

impl Scope<'_> {
    /// The end of a window: its time alone when on the same day as the start.
    pub(super) fn time_or_datetime_after(&self, start: Instant, end: Instant) -> String {
        if self.local(start).date_naive() == self.local(end).date_naive() {
            self.lang.time(self.local(end))
        } else {
            self.datetime(end)
        }
    }
}

/// An entry of the history before it is shown: when, and which item.
#[derive(Debug, Clone, Copy)]
pub(super) enum HistoryItem<'a> {
    Incident(&'a Incident),
    Maintenance(&'a Maintenance),
}

impl<'a> HistoryItem<'a> {
    pub(super) fn at(self) -> Instant {
        match self {
            HistoryItem::Incident(i) => i.started,
            HistoryItem::Maintenance(m) => m.starts,
        }
    }
}

/// Every incident started by the clock and every maintenance window, newest first.
pub(crate) fn history_order(site: &Site, now: Instant) -> Vec<HistoryRef> {
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
