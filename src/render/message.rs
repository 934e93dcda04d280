//! The view of a ready-to-send customer message about an incident's latest update.

use serde::Serialize;

use super::i18n::Lang;
use super::scope::Scope;
use crate::markdown::to_plain_text;
use crate::model::Incident;

#[derive(Debug, Serialize)]
pub struct MessageView<'a> {
    pub site_title: &'a str,
    pub title: &'a str,
    pub status: String,
    pub impact: String,
    /// "Rapports hebdomadaires (panne majeure), API (performances dégradées)"
    pub components: String,
    /// The latest update as plain text.
    pub latest: String,
    /// When it was posted, in the site's timezone.
    pub posted: String,
    /// "20:55 (Europe/Paris)", or none once resolved.
    pub next: Option<String>,
    pub resolved: bool,
    pub url: String,
}

impl<'a> MessageView<'a> {
    pub fn new(scope: &'a Scope<'a>, incident: &'a Incident) -> Self {
        let lang = &scope.lang;
        let latest = incident.latest_update();
        let zone = scope
            .site
            .config
            .timezone
            .map_or_else(String::new, |tz| format!(" ({})", tz.name()));
        let components = incident
            .current_statuses()
            .into_iter()
            .map(|(id, status)| {
                let name = scope
                    .site
                    .config
                    .component(id)
                    .map_or(id, |c| c.name.as_str());
                format!(
                    "{name} ({})",
                    Lang::word(&lang.component_status, status.as_str()).to_lowercase()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        MessageView {
            site_title: &scope.site.config.title,
            title: &incident.title,
            status: Lang::word(&lang.update_status, incident.status().as_str()),
            impact: Lang::word(&lang.impact, incident.impact.as_str()),
            components,
            latest: latest.map(|u| to_plain_text(&u.text)).unwrap_or_default(),
            posted: latest
                .map(|u| lang.datetime(scope.local(u.at)))
                .unwrap_or_default(),
            next: incident
                .next_update_due(&scope.site.config)
                .map(|n| format!("{}{zone}", lang.datetime(scope.local(n)))),
            resolved: incident.is_resolved(),
            url: scope.absolute_url(&format!("incidents/{}/", incident.slug)),
        }
    }
}
