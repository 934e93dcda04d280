//! The dependency record of the preview: what the shared outputs (the pages that list
//! several items) read at the last render, so that after a save only those a change can
//! reach are rendered again. An output kept is one whose every input is provably the
//! same: the same items in the same order, none of them changed, the same page count.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::model::{Audience, ComponentStatus, Indicator, Instant, Site};
use crate::plan::Job;

/// What the shared outputs read, recorded at each render.
#[derive(Default)]
pub(super) struct Reads {
    /// The source files of each history page's entries, in their order, one list a page.
    history: Vec<Vec<Arc<Path>>>,
    /// What each item gives the outputs that list only some items, by its source file.
    items: HashMap<Arc<Path>, ItemReads>,
    /// How many pages of open action items there are.
    action_item_pages: usize,
    /// Every component's status by the clock (the badges).
    statuses: HashMap<String, ComponentStatus>,
    /// The overall state (the site's badge).
    indicator: Option<Indicator>,
}

/// What one item gives the outputs that list only some items.
#[derive(Debug, PartialEq, Eq)]
struct ItemReads {
    /// The components whose feeds may list it (`history/<id>.atom`, `.rss`).
    components: Vec<String>,
    /// Whether the pages of open action items list it.
    open_actions: bool,
    /// Whether it is a maintenance window (which the calendar may list).
    maintenance: bool,
    /// Whether it is under way (what the embedded status shows).
    active: bool,
}

impl Reads {
    /// What the shared outputs of `site`, rendered for `audience` at `now`, read.
    pub(super) fn of(site: &Site, now: Instant, audience: Audience<'_>) -> Self {
        // Each item's source file, copied once and shared by the history and the items.
        let incident_sources: Vec<Arc<Path>> = (site.incidents.iter())
            .map(|i| Arc::from(i.source.as_path()))
            .collect();
        let maintenance_sources: Vec<Arc<Path>> = (site.maintenances.iter())
            .map(|m| Arc::from(m.source.as_path()))
            .collect();
        let order = crate::render::history_order(site, now);
        let source = |entry: &crate::render::HistoryRef| match *entry {
            crate::render::HistoryRef::Incident(n) => Arc::clone(&incident_sources[n]),
            crate::render::HistoryRef::Maintenance(n) => Arc::clone(&maintenance_sources[n]),
        };
        let mut history: Vec<Vec<Arc<Path>>> = order
            .chunks(crate::plan::HISTORY_PAGE_SIZE)
            .map(|page| page.iter().map(source).collect())
            .collect();
        if history.is_empty() {
            history.push(Vec::new());
        }
        let incidents = site
            .incidents
            .iter()
            .zip(&incident_sources)
            .map(|(i, source)| {
                let reads = ItemReads {
                    components: i.affected.iter().map(|a| a.id.clone()).collect(),
                    open_actions: i.postmortem_shown(audience)
                        && i.postmortem.open_action_items().next().is_some(),
                    maintenance: false,
                    active: i.is_active(now),
                };
                (Arc::clone(source), reads)
            });
        let maintenances =
            (site.maintenances.iter())
                .zip(&maintenance_sources)
                .map(|(m, source)| {
                    let reads = ItemReads {
                        components: m.components.clone(),
                        open_actions: false,
                        maintenance: true,
                        active: m.state(now).is_active(),
                    };
                    (Arc::clone(source), reads)
                });
        Reads {
            history,
            items: incidents.chain(maintenances).collect(),
            action_item_pages: crate::plan::action_item_pages(site, audience),
            statuses: (site.component_statuses(now).into_iter())
                .map(|(id, status)| (id.to_string(), status))
                .collect(),
            indicator: Some(site.indicator(now)),
        }
    }

    /// Whether `source` is the source file of an item of the site recorded.
    pub(super) fn has_item(&self, source: &Path) -> bool {
        self.items.contains_key(source)
    }

    /// The output paths of the shared pages `self` has that `newer` no longer has: the
    /// history and action items pages past their new count.
    pub(super) fn pages_gone(&self, newer: &Reads) -> Vec<String> {
        let history = (newer.history.len() + 1..=self.history.len())
            .map(|page| format!("{}index.html", crate::plan::history_path(page)));
        let actions = (newer.action_item_pages + 1..=self.action_item_pages)
            .map(|page| format!("{}index.html", crate::plan::action_items_path(page)));
        history.chain(actions).collect()
    }
}

/// Which shared outputs a change reaches, from the record before and after it.
pub(super) struct Reach<'r> {
    before: &'r Reads,
    after: &'r Reads,
    /// The items changed, added or removed, by source file.
    touched: BTreeSet<&'r Path>,
    /// The components those items touch, before or after the change.
    components: BTreeSet<&'r str>,
    /// Whether one of them has or had open action items shown.
    open_actions: bool,
    /// Whether one of them is or was a maintenance window.
    maintenance: bool,
    /// Whether one of them is or was under way.
    active: bool,
}

impl<'r> Reach<'r> {
    /// The reach of a change to the items `changed` tells, between `before` and `after`.
    pub(super) fn of(before: &'r Reads, after: &'r Reads, changed: impl Fn(&Path) -> bool) -> Self {
        // Every item now, then those before that are gone: when every item before is
        // still there (as many items, each found), none is gone.
        let mut found = 0;
        let mut touched: BTreeSet<&Path> = (after.items.iter())
            .filter(|(source, reads)| {
                let earlier = before.items.get(*source);
                found += usize::from(earlier.is_some());
                changed(source) || earlier != Some(*reads)
            })
            .map(|(source, _)| &**source)
            .collect();
        if found != before.items.len() {
            touched.extend(
                (before.items.keys())
                    .filter(|source| !after.items.contains_key(*source))
                    .map(|source| &**source),
            );
        }
        let reads = || {
            touched.iter().flat_map(|source| {
                [before.items.get(*source), after.items.get(*source)]
                    .into_iter()
                    .flatten()
            })
        };
        Reach {
            components: reads()
                .flat_map(|item| item.components.iter().map(String::as_str))
                .collect(),
            open_actions: reads().any(|item| item.open_actions),
            maintenance: reads().any(|item| item.maintenance),
            active: reads().any(|item| item.active),
            touched,
            before,
            after,
        }
    }

    /// Whether the shared output of `job` must be rendered again: what it shows may have
    /// changed. An output that lists every item, or that this record does not follow, is.
    pub(super) fn renders(&self, job: &Job<'_>) -> bool {
        let (before, after) = (self.before, self.after);
        match job {
            // The theme's files, and pages that show no item: only config.toml and the
            // theme change them, and a change there renders everything.
            Job::NotFound | Job::Stylesheet | Job::Script | Job::Embed => false,
            Job::History(page) => {
                let listed = after.history.get(page - 1);
                before.history.len() != after.history.len()
                    || before.history.get(page - 1) != listed
                    || listed
                        .is_some_and(|sources| sources.iter().any(|s| self.touched.contains(&**s)))
            }
            Job::ComponentFeed(_, id) => self.components.contains(id),
            Job::ActionItems(_) => {
                self.open_actions || before.action_item_pages != after.action_item_pages
            }
            Job::Calendar => self.maintenance,
            Job::Badge(Some(id)) => before.statuses.get(*id) != after.statuses.get(*id),
            Job::Badge(None) => before.indicator != after.indicator,
            // What is under way, and the overall state.
            Job::EmbedPage => self.active || before.indicator != after.indicator,
            _ => true,
        }
    }
}
