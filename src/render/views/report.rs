//! A client's own incident report, in their room: what happened to them, what we told them
//! and when, the promises made to them and whether each was kept, the workarounds offered
//! to them, their feedback and the action items that concern them. It prints as a
//! document to send.

use serde::Serialize;

use super::postmortem::ActionItemView;
use super::response::{CommunicationView, communication_row};
use super::timeline::{TimelineDay, TimelineRow, anchor_minutes, by_day};
use super::*;
use crate::markdown::to_html;
use crate::model::{Client, Communication, Incident, TimelineKind, Visibility};

/// `incidents/<slug>/report/index.html`, in a client's room.
#[derive(Debug, Serialize)]
pub struct ClientReportPage<'a> {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub incident: IncidentView<'a>,
    /// "Incident report for Acme Corp".
    pub heading: String,
    /// "Prepared for Acme Corp on …".
    pub prepared: String,
    /// The client's components the incident affected, with the worst status it gave each.
    pub their_components: Vec<ComponentStatusView>,
    /// The summary of the published postmortem, if any.
    pub summary: Option<String>,
    /// The published postmortem's sections addressed to the client.
    pub their_sections: Vec<super::postmortem::SectionView>,
    /// The updates addressed to the client, oldest first.
    pub their_updates: Vec<UpdateView>,
    /// Every communication the client received, each with its text, under its day.
    pub told: Vec<TimelineDay>,
    /// The audit of that record: promises kept, longest silence.
    pub communications: CommunicationView,
    /// The workarounds offered to the client, with their text.
    pub workarounds: Vec<TimelineRow>,
    /// What the client said.
    pub feedback: Vec<TimelineRow>,
    /// Each promise made to the client, in time order, and whether it was kept.
    pub promises: Vec<PromiseView>,
    pub action_items: Vec<ActionItemView>,
}

/// A component and a status, in words.
#[derive(Debug, Serialize)]
pub struct ComponentStatusView {
    pub name: String,
    pub status: Word,
}

/// A promise of news: when and how it was made, by when, and whether it was kept.
#[derive(Debug, Serialize)]
pub struct PromiseView {
    pub made: String,
    pub text: String,
    pub kept: bool,
}

impl<'a> ClientReportPage<'a> {
    pub fn new(scope: &'a Scope<'a>, incident: &'a Incident, client: &'a Client) -> Self {
        let bundle = scope.incident_url(&incident.slug);
        let lang = &scope.lang;
        let published = incident.postmortem.state == crate::model::PostmortemState::Published;
        ClientReportPage {
            site: SiteView::shared(scope, false),
            incident: IncidentView::new(scope, incident),
            heading: lang.text("client_report").replace("{client}", &client.name),
            prepared: lang
                .text("client_report_prepared")
                .replace("{client}", &client.name)
                .replace("{date}", &scope.datetime(scope.now)),
            their_components: their_components(scope, incident, client),
            summary: (published && !incident.postmortem.summary.trim().is_empty())
                .then(|| to_html(&incident.postmortem.summary, Some(&bundle))),
            their_sections: super::postmortem::addressed_sections(
                incident
                    .postmortem
                    .addressed
                    .iter()
                    .filter(|s| published && s.clients.iter().any(|c| c.id == client.id)),
                &bundle,
            ),
            their_updates: incident
                .updates_in_order()
                .into_iter()
                .filter(|u| u.clients.iter().any(|c| c.id == client.id))
                .map(|u| UpdateView::new(scope, u, &bundle))
                .collect(),
            told: told(scope, incident, &bundle),
            communications: CommunicationView::new(scope, incident),
            workarounds: entries_of(scope, incident, TimelineKind::Fallback, &bundle),
            feedback: entries_of(scope, incident, TimelineKind::Feedback, &bundle),
            promises: promises(scope, incident),
            action_items: incident
                .postmortem
                .action_items
                .iter()
                .filter(|a| published || a.clients.iter().any(|c| c.id == client.id))
                .map(|a| ActionItemView::new(scope, a, &bundle))
                .collect(),
        }
    }
}

/// Every communication of the record the client reads, each with its text (a status-page
/// update's included: the report is all the client reads of what they were told).
fn told(scope: &Scope<'_>, incident: &Incident, bundle: &str) -> Vec<TimelineDay> {
    let record = incident.communication_record(scope.site.config.cadence, scope.audience);
    let mut rows: Vec<_> = record
        .communications
        .iter()
        .map(|c| (c.at, communication_row(scope, c, bundle)))
        .collect();
    anchor_minutes(scope, &mut rows);
    by_day(scope, rows)
}

/// The entries of one kind the client may read (workarounds, feedback), with their text.
fn entries_of(
    scope: &Scope<'_>,
    incident: &Incident,
    kind: TimelineKind,
    bundle: &str,
) -> Vec<TimelineRow> {
    let lang = &scope.lang;
    incident
        .timeline
        .iter()
        .filter(|e| e.kind == kind && e.visibility == Visibility::Public)
        .map(|e| TimelineRow {
            id: None,
            iso: e.at.to_rfc3339(),
            time: lang.datetime(scope.local(e.at)),
            kind: Lang::word(&lang.timeline_kind, e.kind.as_str()),
            who: e.who.clone(),
            html: to_html(&e.text, Some(bundle)),
            is_update: false,
            promise: None,
            promise_kept: None,
            internal: false,
        })
        .collect()
}

/// The components of the client the incident affected, with the worst status of each.
fn their_components(
    scope: &Scope<'_>,
    incident: &Incident,
    client: &Client,
) -> Vec<ComponentStatusView> {
    incident
        .worst_statuses()
        .into_iter()
        .filter(|(id, _)| client.components.iter().any(|c| c == id))
        .map(|(id, status)| ComponentStatusView {
            name: scope
                .site
                .config
                .component(id)
                .map_or(id, |c| c.name.as_str())
                .to_string(),
            status: word(status.as_str(), &scope.lang.component_status),
        })
        .collect()
}

/// Every promise of the record the client reads, with whether the next communication
/// kept it.
fn promises(scope: &Scope<'_>, incident: &Incident) -> Vec<PromiseView> {
    let record = incident.communication_record(scope.site.config.cadence, scope.audience);
    record
        .communications
        .iter()
        .filter_map(|c| c.promise.map(|p| (c, p)))
        .map(|(c, p)| {
            let lang = &scope.lang;
            let due = scope.promise(c.at, p.due);
            let outcome = match p.kept_by {
                Some(at) if p.is_kept() => lang
                    .text("client_report_kept")
                    .replace("{at}", &lang.time(scope.local(at))),
                Some(at) => lang
                    .text("client_report_late")
                    .replace("{at}", &lang.time(scope.local(at)))
                    .replace("{late}", &lang.duration(at - p.due)),
                None => lang.text("client_report_not_kept"),
            };
            PromiseView {
                made: made(scope, c),
                text: format!("{due}: {outcome}"),
                kept: p.is_kept(),
            }
        })
        .collect()
}

/// When and how a promise was made: `13/11 18:52 · Appel`.
fn made(scope: &Scope<'_>, c: &Communication<'_>) -> String {
    let lang = &scope.lang;
    let how = match c.channel {
        crate::model::Channel::StatusPage => lang.text("status_page_update"),
        crate::model::Channel::Call => Lang::word(&lang.timeline_kind, "call"),
        crate::model::Channel::Message => Lang::word(&lang.timeline_kind, "message"),
        crate::model::Channel::CheckIn => Lang::word(&lang.timeline_kind, "check-in"),
    };
    format!("{} · {how}", scope.datetime(c.at))
}
