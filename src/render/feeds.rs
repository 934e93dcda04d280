//! The views of the history feeds (`history.atom`, `history.rss`): one entry per incident
//! and maintenance, whose date moves with each public update. The templates
//! `history.atom.xml` and `history.rss.xml` lay them out. An item's entry is built once
//! and shared by every feed that lists it.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::Utc;
use serde::Serialize;

use super::i18n::Lang;
use super::scope::Scope;
use crate::markdown::{to_html, to_plain_text};
use crate::model::{Incident, Instant, Maintenance, StatusChange};

/// How many entries a feed holds: the most recently updated.
const FEED_LIMIT: usize = 50;

/// A feed, for either template.
#[derive(Debug, Serialize)]
pub struct FeedView<'a> {
    pub title: String,
    pub subtitle: String,
    pub lang: &'a str,
    /// The feed's Atom id: the status page's address for the site's feed, the feed's own
    /// for a component's.
    pub id: String,
    /// The status page's full address.
    pub site_url: String,
    pub atom_url: String,
    pub rss_url: String,
    /// RFC 3339, for Atom.
    pub updated: String,
    /// RFC 2822, for RSS.
    pub updated_rfc2822: String,
    /// Each a `FeedEntry`, as a template value shared with the other feeds that list it.
    pub entries: Vec<tera::Value>,
}

/// An incident or a maintenance window.
#[derive(Debug, Serialize)]
pub struct FeedEntry<'a> {
    pub id: String,
    pub url: String,
    pub title: String,
    pub published: String,
    pub updated: String,
    pub updated_rfc2822: String,
    /// The latest update, as plain text.
    pub summary: String,
    /// Every public update, newest first, as HTML (escaped by the template).
    pub content_html: String,
    pub category: &'a str,
}

impl<'a> FeedView<'a> {
    /// The site's feed: every incident and maintenance window.
    pub fn new(scope: &'a Scope<'a>) -> Self {
        Self::of(scope, None)
    }

    /// The feed of one component (`history/<id>.atom`): the incidents that affect it and
    /// the maintenance windows that touch it.
    pub fn for_component(scope: &'a Scope<'a>, id: &str) -> Self {
        Self::of(scope, Some(id))
    }

    fn of(scope: &'a Scope<'a>, component: Option<&str>) -> Self {
        // Choose the most recently updated first, then build only their entries.
        let now = scope.now;
        let mut chosen: Vec<(Instant, &str, Item<'a>)> = scope
            .site
            .incidents
            .iter()
            .filter(|i| i.started <= now)
            .filter(|i| touches(component, i.affected.iter().map(|a| a.id.as_str())))
            .map(|i| (i.last_updated(now), i.slug.as_str(), Item::Incident(i)))
            .chain(scope.site.maintenances.iter().filter_map(|m| {
                if !touches(component, m.components.iter().map(String::as_str)) {
                    return None;
                }
                let announced = m.announced(now)?;
                let updated = m.last_change(now).unwrap_or(announced);
                Some((updated, m.slug.as_str(), Item::Maintenance(m)))
            }))
            .collect();
        chosen.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        chosen.truncate(FEED_LIMIT);
        let entries: Vec<(Instant, tera::Value)> = chosen
            .into_iter()
            .filter_map(|(_, _, item)| scope.feed_entries.get_or_build(scope, item))
            .collect();
        let updated = entries.first().map_or(scope.now, |(at, _)| *at);
        let config = &scope.site.config;
        let site_url = scope.absolute_url("");
        let (title, path) = match component {
            None => (config.title.clone(), "history".to_string()),
            Some(id) => {
                let name = config.component(id).map_or(id, |c| c.name.as_str());
                (
                    format!("{} · {name}", config.title),
                    format!("history/{id}"),
                )
            }
        };
        FeedView {
            title,
            subtitle: config
                .description
                .clone()
                .unwrap_or_else(|| scope.lang.text("feed_subtitle")),
            lang: &config.language,
            id: match component {
                None => site_url.clone(),
                Some(_) => scope.absolute_url(&format!("{path}.atom")),
            },
            site_url,
            atom_url: scope.absolute_url(&format!("{path}.atom")),
            rss_url: scope.absolute_url(&format!("{path}.rss")),
            updated: rfc3339(updated),
            updated_rfc2822: rfc2822(updated),
            entries: entries.into_iter().map(|(_, entry)| entry).collect(),
        }
    }
}

/// Whether a feed for `component` (every component when `None`) shows an item touching
/// the components `ids`.
fn touches<'i>(component: Option<&str>, mut ids: impl Iterator<Item = &'i str>) -> bool {
    component.is_none_or(|wanted| ids.any(|id| id == wanted))
}

/// An incident or a maintenance window chosen for a feed.
#[derive(Clone, Copy)]
enum Item<'a> {
    Incident(&'a Incident),
    Maintenance(&'a Maintenance),
}

impl<'a> Item<'a> {
    /// Its entry, as a template value, and the time it was last updated; none for a
    /// window not yet announced.
    fn entry(self, scope: &Scope<'a>) -> BuiltEntry {
        let (updated, entry) = match self {
            Item::Incident(i) => incident_entry(scope, i),
            Item::Maintenance(m) => maintenance_entry(scope, m)?,
        };
        Some((updated, tera::Value::from_serializable(&entry)))
    }
}

/// An item's entry, or none for a window not yet announced, and the time it was last
/// updated.
type BuiltEntry = Option<(Instant, tera::Value)>;

/// The entries built so far, by item: an item is listed by the site's two feeds and by
/// two feeds per component it touches, and its entry (every update's Markdown) is built
/// once for all of them. It holds at most the 50 entries of each feed.
#[derive(Default)]
pub struct SharedEntries {
    /// By slug, incidents then maintenance windows.
    built: Mutex<[HashMap<String, BuiltEntry>; 2]>,
}

impl SharedEntries {
    fn get_or_build<'a>(&self, scope: &Scope<'a>, item: Item<'a>) -> BuiltEntry {
        let (kind, slug) = match item {
            Item::Incident(i) => (0, &i.slug),
            Item::Maintenance(m) => (1, &m.slug),
        };
        let lock = || self.built.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(built) = lock()[kind].get(slug.as_str()) {
            return built.clone();
        }
        // Built without the lock, so that other feeds go on meanwhile; two feeds building
        // the same entry at once build the same value.
        let built = item.entry(scope);
        lock()[kind].insert(slug.clone(), built.clone());
        built
    }
}

fn rfc3339(t: Instant) -> String {
    t.with_timezone(&Utc).to_rfc3339()
}

fn rfc2822(t: Instant) -> String {
    t.with_timezone(&Utc).to_rfc2822()
}

/// One update as a feed shows it: "Identified · Monday 2 March 2026, 09:40", then its text.
fn update_html(scope: &Scope<'_>, status: &str, at: Instant, text: &str, bundle: &str) -> String {
    format!(
        "<p><strong>{} · {}</strong></p>\n{}",
        escape(status),
        escape(&scope.lang.datetime(scope.local(at))),
        to_html(text, Some(bundle))
    )
}

/// The components an update moved, as a line of its entry: "API: Operational · Web app:
/// Degraded performance", or nothing.
fn changes_html(scope: &Scope<'_>, changes: &[StatusChange<'_>]) -> String {
    if changes.is_empty() {
        return "\n".to_string();
    }
    let colon = scope.lang.text("colon");
    let line = changes
        .iter()
        .map(|c| {
            let name = scope
                .site
                .config
                .component(c.component)
                .map_or(c.component, |k| k.name.as_str());
            let status = Lang::word(&scope.lang.component_status, c.new.as_str());
            escape(&format!("{name}{colon}{status}"))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    format!("\n<p>{line}</p>\n")
}

fn incident_entry<'a>(scope: &Scope<'a>, incident: &'a Incident) -> (Instant, FeedEntry<'a>) {
    let url = scope.absolute_url(&format!("incidents/{}/", incident.slug));
    // Every update, as on the pages: `check` refuses one dated after the clock.
    let mut updates = incident.updates_in_order();
    updates.reverse();
    let updated = updates.first().map_or(incident.started, |u| u.at);
    let mut steps = incident.component_steps();
    steps.reverse();
    let content_html = updates
        .iter()
        .zip(&steps)
        .map(|(u, step)| {
            let status = Lang::word(&scope.lang.update_status, u.status.as_str());
            let moved = changes_html(scope, &step.changes);
            update_html(scope, &status, u.at, &u.text, &url).replacen("\n", &moved, 1)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let status = Lang::word(&scope.lang.update_status, incident.status().as_str());
    let entry = FeedEntry {
        id: url.clone(),
        title: format!("{} · {}", incident.title, status),
        published: rfc3339(incident.started),
        updated: rfc3339(updated),
        updated_rfc2822: rfc2822(updated),
        summary: updates
            .first()
            .map(|u| to_plain_text(&u.text))
            .unwrap_or_default(),
        content_html,
        category: "incident",
        url,
    };
    (updated, entry)
}

/// A maintenance window's entry, once announced by an update or started.
fn maintenance_entry<'a>(
    scope: &Scope<'a>,
    maintenance: &'a Maintenance,
) -> Option<(Instant, FeedEntry<'a>)> {
    let url = scope.absolute_url(&format!("maintenance/{}/", maintenance.slug));
    let mut updates: Vec<_> = maintenance
        .updates
        .iter()
        .filter(|u| u.at <= scope.now)
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));
    let announced = maintenance.announced(scope.now)?;
    let updated = maintenance.last_change(scope.now).unwrap_or(announced);
    let window = scope.fill(
        "maintenance_window_text",
        "window",
        &format!(
            "{} → {}",
            scope.lang.datetime(scope.local(maintenance.starts)),
            scope.lang.datetime(scope.local(maintenance.ends))
        ),
    );
    let mut content_html = format!(
        "<p><strong>{}</strong></p>\n{}",
        escape(&window),
        to_html(&maintenance.description, Some(&url))
    );
    for u in &updates {
        let status = Lang::word(&scope.lang.maintenance_state, u.status.as_str());
        content_html.push('\n');
        content_html.push_str(&update_html(scope, &status, u.at, &u.text, &url));
    }
    let state = Lang::word(
        &scope.lang.maintenance_state,
        maintenance.state(scope.now).as_str(),
    );
    let entry = FeedEntry {
        id: url.clone(),
        title: format!(
            "{} · {} · {}",
            maintenance.title,
            scope.lang.text("maintenance"),
            state
        ),
        published: rfc3339(announced),
        updated: rfc3339(updated),
        updated_rfc2822: rfc2822(updated),
        summary: window,
        content_html,
        category: "maintenance",
        url,
    };
    Some((updated, entry))
}

/// Escapes text placed inside the HTML of an entry (the template escapes it all once more,
/// as Atom's `type="html"` and RSS's description expect).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
