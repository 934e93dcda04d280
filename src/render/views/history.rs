//! The pages that list: the history by month, and the open action items, both paginated.

use chrono::Datelike;
use serde::Serialize;

use super::incident::{SpanView, duration_text, postmortem_url, window_text};
use super::postmortem::ActionItemView;
use super::*;
use crate::render::scope::HistoryItem;

/// An open action item on the page of all of them, with the postmortem it comes from.
#[derive(Debug, Serialize)]
pub struct OpenActionView<'a> {
    pub item: ActionItemView,
    pub incident: &'a str,
    pub postmortem_url: String,
}

/// The open action items of one postmortem, the most urgent first.
#[derive(Debug, Serialize)]
pub struct ActionGroupView<'a> {
    pub incident: &'a str,
    pub postmortem_url: String,
    pub items: Vec<ActionItemView>,
}

/// The items of a page grouped by postmortem, the group of the most urgent item first, each
/// keeping the order of urgency.
pub fn by_postmortem(items: Vec<OpenActionView<'_>>) -> Vec<ActionGroupView<'_>> {
    let mut groups: Vec<ActionGroupView<'_>> = Vec::new();
    for entry in items {
        match groups
            .iter_mut()
            .find(|g| g.postmortem_url == entry.postmortem_url)
        {
            Some(group) => group.items.push(entry.item),
            None => groups.push(ActionGroupView {
                incident: entry.incident,
                postmortem_url: entry.postmortem_url,
                items: vec![entry.item],
            }),
        }
    }
    groups
}

/// `action-items/index.html` and `action-items/page/N/index.html`: the open action items
/// of every published postmortem, the most urgent first, grouped by postmortem.
#[derive(Debug, Serialize)]
pub struct ActionItemsPage<'a> {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub groups: Vec<ActionGroupView<'a>>,
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
            site: SiteView::shared(scope, false),
            groups: by_postmortem(items),
            summary,
            page_label: page_label(scope, page, pages),
            previous_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < pages).then(|| url(page + 1)),
        }
    }
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
    /// A maintenance window's start and end, each a time of its own.
    pub span: Option<SpanView>,
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
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub months: Vec<MonthView<'a>>,
    /// "Page 2 of 5", when there is more than one.
    pub page_label: Option<String>,
    pub newer_url: Option<String>,
    pub older_url: Option<String>,
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
            site: SiteView::shared(scope, false),
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
                span: None,
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
            detail: scope.lang.duration(maintenance.ends - maintenance.starts),
            span: Some(SpanView::window(scope, maintenance)),
            postmortem_url: None,
        },
    }
}
