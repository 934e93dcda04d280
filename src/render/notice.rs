//! A notification's words: what `vigie notify` tells subscribers about one event, built once
//! and written in every format (e-mail text and HTML from the theme's templates; Slack,
//! Discord and Teams payloads; Statuspage's webhook body), so that each says the same.

use serde::Serialize;

use super::Renderer;
use super::api::{self, WebhookSubject};
use super::i18n::Lang;
use super::message::MessageView;
use crate::diagnostic::Error;
use crate::markdown::to_plain_text;
use crate::model::{ComponentStatus, Incident, Maintenance};

/// What one notification says, in the destination's language.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// The event's stable id, carried by every message.
    pub event: String,
    pub site_title: String,
    /// The language code (`fr`).
    pub lang: String,
    /// `[Identifié] Rapports hebdomadaires non envoyés`
    pub subject: String,
    pub status: String,
    /// How serious, for colours: `critical`, `major`, `minor`, `maintenance`, `none`.
    pub tone: &'static str,
    pub title: String,
    /// The update's text, as plain text.
    pub text: String,
    pub facts: Vec<Fact>,
    /// "We will write again by 20:55 at the latest…", or the resolution's last word.
    pub promise: Option<String>,
    /// The page to follow, absolute.
    pub url: String,
    /// The words of the link: "Live status".
    pub follow: String,
    /// What separates a label from its value in the language: `: `, ` : `.
    pub colon: String,
}

/// A labelled line of a notification: "Impact: Major outage".
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// What the e-mail templates read: the notice and the list's unsubscribe address.
#[derive(Debug, Serialize)]
struct EmailView<'n> {
    notice: &'n Notice,
    unsubscribe: &'n str,
    why: String,
}

impl Renderer<'_> {
    /// The notice of update `number` of incident `slug`: `vigie message`'s words, as of the
    /// renderer's clock.
    pub fn update_notice(&self, slug: &str, event: &str) -> Result<Notice, Error> {
        let incident = self.incident(slug)?;
        let scope = &self.scope;
        let t = &scope.lang.strings;
        let view = MessageView::new(scope, incident);
        let mut facts = vec![self.fact("impact", view.impact.clone())];
        if !view.components.is_empty() {
            facts.push(self.fact("affected_components", view.components.clone()));
        }
        facts.push(self.fact("msg_posted", view.posted.clone()));
        let promise = match &view.next {
            Some(next) => Some(scope.lang.text("msg_next_promise").replace("{time}", next)),
            None if view.resolved => t.get("msg_resolved").cloned(),
            None => None,
        };
        Ok(Notice {
            subject: format!("[{}] {}", view.status, view.title),
            status: view.status,
            tone: incident.impact.as_str(),
            title: view.title.to_string(),
            text: view.latest,
            facts,
            promise,
            url: view.url,
            ..self.notice_base(event)
        })
    }

    /// The notice of a component's status change made by the incident `slug`'s latest
    /// update (as of the renderer's clock).
    pub fn component_notice(
        &self,
        slug: &str,
        component: &str,
        change: (ComponentStatus, ComponentStatus),
        event: &str,
    ) -> Result<Notice, Error> {
        let incident = self.incident(slug)?;
        let lang = &self.scope.lang;
        let name = self
            .scope
            .site
            .config
            .component(component)
            .map_or(component, |c| c.name.as_str());
        let status = |s: ComponentStatus| Lang::word(&lang.component_status, s.as_str());
        let text = lang
            .text("notify_component_changed")
            .replace("{component}", name)
            .replace("{old}", &status(change.0))
            .replace("{new}", &status(change.1));
        Ok(Notice {
            subject: format!("[{}] {name}", status(change.1)),
            status: status(change.1),
            tone: tone_of_component(change.1),
            title: name.to_string(),
            text,
            facts: vec![self.fact("incident", incident.title.clone())],
            promise: None,
            url: self.incident_address(incident),
            ..self.notice_base(event)
        })
    }

    /// The notice of a maintenance window announced, started or completed.
    pub fn maintenance_notice(
        &self,
        slug: &str,
        phase: &str,
        event: &str,
    ) -> Result<Notice, Error> {
        let scope = &self.scope;
        let maintenance = scope
            .site
            .maintenances
            .iter()
            .find(|m| m.slug == slug)
            .ok_or_else(|| Error::new(format!("no maintenance `{slug}`")))?;
        let state = match phase {
            "scheduled" => "scheduled",
            "started" => "in_progress",
            _ => "completed",
        };
        let status = Lang::word(&scope.lang.maintenance_state, state);
        let text = match phase {
            "scheduled" => to_plain_text(&maintenance.description),
            "started" => scope.lang.text("maintenance_started_update"),
            _ => scope.lang.text("maintenance_completed_update"),
        };
        let mut facts = vec![Fact {
            label: scope.lang.text("maintenance"),
            value: self.window(maintenance),
        }];
        let names = self.component_names(maintenance.components.iter().map(String::as_str));
        if !names.is_empty() {
            facts.push(self.fact("affected_components", names));
        }
        Ok(Notice {
            subject: format!("[{status}] {}", maintenance.title),
            status,
            tone: "maintenance",
            title: maintenance.title.clone(),
            text,
            facts,
            promise: None,
            url: scope.absolute_url(&format!("maintenance/{slug}/")),
            ..self.notice_base(event)
        })
    }

    /// The notice of a postmortem published: its summary and its address.
    pub fn postmortem_notice(&self, slug: &str, event: &str) -> Result<Notice, Error> {
        let incident = self.incident(slug)?;
        let lang = &self.scope.lang;
        let status = lang.text("postmortem");
        let summary = to_plain_text(&incident.postmortem.summary);
        let text = if summary.trim().is_empty() {
            lang.text("notify_postmortem_published")
        } else {
            summary
        };
        Ok(Notice {
            subject: format!("[{status}] {}", incident.title),
            status,
            tone: "none",
            title: incident.title.clone(),
            text,
            facts: Vec::new(),
            promise: None,
            url: format!("{}postmortem/", self.incident_address(incident)),
            ..self.notice_base(event)
        })
    }

    /// The e-mail's text part, from the theme's `notify_email.txt`.
    pub fn notice_text(&self, notice: &Notice, unsubscribe: &str) -> Result<String, Error> {
        self.email_part("notify_email.txt", notice, unsubscribe)
    }

    /// The e-mail's HTML part, from the theme's `notify_email.html`.
    pub fn notice_html(&self, notice: &Notice, unsubscribe: &str) -> Result<String, Error> {
        self.email_part("notify_email.html", notice, unsubscribe)
    }

    /// Statuspage's webhook body about `subject`, as of the renderer's clock.
    pub fn webhook_body(
        &self,
        subject: WebhookSubject<'_>,
        event: &str,
        unsubscribe: &str,
    ) -> Result<String, Error> {
        api::webhook(&self.scope, subject, event, unsubscribe)
            .ok_or_else(|| Error::new(format!("cannot write the webhook body of {event}")))
    }

    fn email_part(
        &self,
        template: &str,
        notice: &Notice,
        unsubscribe: &str,
    ) -> Result<String, Error> {
        let view = EmailView {
            notice,
            unsubscribe,
            why: self
                .scope
                .lang
                .text("notify_why")
                .replace("{site}", &notice.site_title),
        };
        let output = self.render_template(template, &notice.event, &view)?;
        String::from_utf8(output.bytes)
            .map_err(|e| Error::new(format!("{template} is not UTF-8")).caused_by(&e))
    }

    fn notice_base(&self, event: &str) -> Notice {
        let scope = &self.scope;
        Notice {
            event: event.to_string(),
            site_title: scope.site.config.title.clone(),
            lang: scope.lang.code.clone(),
            subject: String::new(),
            status: String::new(),
            tone: "none",
            title: String::new(),
            text: String::new(),
            facts: Vec::new(),
            promise: None,
            url: scope.absolute_url(""),
            follow: scope.lang.text("msg_follow"),
            colon: scope.lang.text("colon"),
        }
    }

    fn fact(&self, key: &str, value: String) -> Fact {
        Fact {
            label: self.scope.lang.text(key),
            value,
        }
    }

    fn incident_address(&self, incident: &Incident) -> String {
        self.scope
            .absolute_url(&format!("incidents/{}/", incident.slug))
    }

    fn component_names<'c>(&self, ids: impl Iterator<Item = &'c str>) -> String {
        let config = &self.scope.site.config;
        ids.map(|id| config.component(id).map_or(id, |c| c.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "du lundi 28 novembre à 22:00 à 23:30": the window's start and end.
    fn window(&self, maintenance: &Maintenance) -> String {
        let scope = &self.scope;
        scope
            .lang
            .text("scheduled_for")
            .replace("{start}", &scope.datetime(maintenance.starts))
            .replace(
                "{end}",
                &scope.time_or_datetime_after(maintenance.starts, maintenance.ends),
            )
    }
}

fn tone_of_component(status: ComponentStatus) -> &'static str {
    match status {
        ComponentStatus::Operational => "none",
        ComponentStatus::UnderMaintenance => "maintenance",
        ComponentStatus::DegradedPerformance => "minor",
        ComponentStatus::PartialOutage => "major",
        ComponentStatus::MajorOutage => "critical",
    }
}
