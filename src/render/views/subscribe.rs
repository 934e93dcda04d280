//! The status page's "Subscribe" section: every way the site offers to follow it (the
//! feeds, a feed per component, the maintenance calendar, Slack's `/feed subscribe`, the
//! address for updates by e-mail).

use serde::Serialize;

use super::Scope;

#[derive(Debug, Serialize)]
pub struct SubscribeView {
    pub atom: String,
    pub rss: String,
    pub components: Vec<ComponentFeedView>,
    pub calendar: String,
    /// What to type in a Slack channel: `/feed subscribe https://…/history.atom`.
    pub slack: String,
    /// The address clients write to for updates by e-mail (`subscribe_email`).
    pub email: Option<String>,
}

/// A component's own feeds.
#[derive(Debug, Serialize)]
pub struct ComponentFeedView {
    pub name: String,
    pub atom: String,
    pub rss: String,
}

impl SubscribeView {
    pub fn new(scope: &Scope<'_>) -> Self {
        let base = &scope.base;
        let config = &scope.site.config;
        SubscribeView {
            atom: format!("{base}history.atom"),
            rss: format!("{base}history.rss"),
            components: config
                .components
                .iter()
                .map(|c| ComponentFeedView {
                    name: c.name.clone(),
                    atom: format!("{base}history/{}.atom", c.id),
                    rss: format!("{base}history/{}.rss", c.id),
                })
                .collect(),
            calendar: format!("{base}maintenance.ics"),
            slack: format!("/feed subscribe {}", scope.absolute_url("history.atom")),
            email: config.subscribe_email.clone(),
        }
    }
}
