//! One event written for one destination's language and kind, as of the event's time: the
//! site is cut to what clients could read then, so that a late run still sends the words,
//! statuses and promise of that moment.

use std::path::Path;

use super::config::Kind;
use super::events::{Event, Subject};
use super::formats;
use crate::diagnostic::Error;
use crate::model::Site;
use crate::render::Renderer;
use crate::render::api::WebhookSubject;
use crate::render::notice::Notice;

/// An event written out, in one language: every body a destination may need.
#[derive(Debug, Clone)]
pub struct Written {
    pub notice: Notice,
    pub text: String,
    pub html: String,
    /// Statuspage's webhook body.
    pub webhook: String,
}

impl Written {
    /// The body posted to a chat or webhook destination.
    pub fn body(&self, kind: Kind) -> String {
        match kind {
            Kind::Slack => formats::slack(&self.notice).to_string(),
            Kind::Discord => formats::discord(&self.notice).to_string(),
            Kind::Teams => formats::teams(&self.notice).to_string(),
            Kind::Webhook | Kind::Email => self.webhook.clone(),
        }
    }
}

/// Writes `event` in language `lang`, as of its time.
pub fn write(
    root: &Path,
    site: &Site,
    event: &Event<'_>,
    lang: &str,
    unsubscribe: &str,
) -> Result<Written, Error> {
    let snapshot = as_of(site, event);
    let renderer = Renderer::in_language(root, &snapshot, event.at, lang)?;
    let id = event.id.as_str();
    let (notice, webhook) = match &event.subject {
        Subject::Update { incident, .. } => (
            renderer.update_notice(&incident.slug, id)?,
            WebhookSubject::Incident(&incident.slug),
        ),
        Subject::ComponentChange {
            incident,
            component,
            old,
            new,
            ..
        } => (
            renderer.component_notice(&incident.slug, component, (*old, *new), id)?,
            WebhookSubject::ComponentUpdate {
                component,
                old: *old,
                new: *new,
                at: event.at,
            },
        ),
        Subject::Maintenance { maintenance, phase } => (
            renderer.maintenance_notice(&maintenance.slug, phase.as_str(), id)?,
            WebhookSubject::Maintenance(&maintenance.slug),
        ),
        Subject::Postmortem { incident } => (
            renderer.postmortem_notice(&incident.slug, id)?,
            WebhookSubject::Incident(&incident.slug),
        ),
    };
    Ok(Written {
        text: renderer.notice_text(&notice, unsubscribe)?,
        html: renderer.notice_html(&notice, unsubscribe)?,
        webhook: renderer.webhook_body(webhook, id, unsubscribe)?,
        notice,
    })
}

/// The site as clients could read it when `event` happened: its incident with the updates
/// posted by then, or its maintenance window with the updates posted by then.
fn as_of(site: &Site, event: &Event<'_>) -> Site {
    let mut snapshot = Site {
        config: site.config.clone(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
    };
    match &event.subject {
        Subject::Update { incident, .. } | Subject::ComponentChange { incident, .. } => {
            let mut incident = (*incident).clone();
            incident.updates.retain(|u| u.at <= event.at);
            snapshot.incidents.push(incident);
        }
        Subject::Postmortem { incident } => snapshot.incidents.push((*incident).clone()),
        Subject::Maintenance { maintenance, .. } => {
            let mut maintenance = (*maintenance).clone();
            maintenance.updates.retain(|u| u.at <= event.at);
            snapshot.maintenances.push(maintenance);
        }
    }
    snapshot
}
