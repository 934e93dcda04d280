//! The postmortem page: its sections, timeline, response, record and action items.

use serde::Serialize;

use super::response::{CommunicationView, ResponseView, communication_row};
use super::{incident::*, timeline::*};
use crate::markdown::{frame_pictures, to_html};
use crate::model::{
    ActionItem, AddressedSection, CommunicationRecord, Incident, Instant, TimelineEntry, Visibility,
};
use crate::render::i18n::Lang;

use super::*;

/// A titled section of a postmortem.
#[derive(Debug, Serialize)]
pub struct SectionView {
    pub id: String,
    pub title: String,
    pub html: String,
}

/// An action item.
#[derive(Debug, Serialize)]
pub struct ActionItemView {
    pub html: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub due_iso: Option<String>,
    pub state: Word,
    pub kind: Option<Word>,
    pub priority: Option<Word>,
    pub link: Option<String>,
    pub reason: Option<String>,
    /// Open after its due date, on the day of the build.
    pub overdue: bool,
}

/// `incidents/<slug>/postmortem/index.html`.
#[derive(Debug, Serialize)]
pub struct PostmortemPage<'a> {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub incident: IncidentView<'a>,
    pub heading: String,
    /// Summary, impact, trigger, causes, detection, resolution, lessons: the ones written,
    /// then those addressed to clients (`SectionView`s).
    pub sections: tera::Value,
    /// The summary, when written (the first of `sections`): the page shows it before the
    /// response.
    pub summary: Option<tera::Value>,
    /// The sections after the summary: all of `sections` when there is none.
    pub other_sections: tera::Value,
    pub response: ResponseView,
    /// The internal notes, on the internal site only.
    pub internal_notes: Option<String>,
    pub chart: Option<super::chart::ChartView>,
    pub timeline: Vec<TimelineDay>,
    pub communications: CommunicationView,
    pub action_items: Vec<ActionItemView>,
}

impl<'a> PostmortemPage<'a> {
    pub fn new(scope: &'a Scope<'a>, incident: &'a Incident) -> Self {
        let bundle = scope.incident_url(&incident.slug);
        let pm = &incident.postmortem;
        let section = |id: &'static str, text: &str| {
            (!text.trim().is_empty()).then(|| SectionView {
                id: id.to_string(),
                title: scope.lang.text(&format!("pm_{id}")),
                html: frame_pictures(&to_html(text, Some(&bundle))),
            })
        };
        let record = incident.communication_record(scope.site.config.cadence, scope.audience);
        let (timeline, latest_html) = timeline_rows(scope, incident, &record, &bundle);
        let sections: Vec<SectionView> = pm
            .sections()
            .into_iter()
            .filter_map(|(id, text)| section(id, text))
            .chain(addressed_sections(&incident.postmortem.addressed, &bundle))
            .collect();
        let (sections, summary, other_sections) = summary_first(&sections);
        PostmortemPage {
            site: SiteView::shared(scope, false),
            incident: incident_view(scope, incident, bundle.clone(), latest_html),
            heading: scope
                .lang
                .text("postmortem_of")
                .replace("{title}", &incident.title),
            sections,
            summary,
            other_sections,
            response: ResponseView::new(scope, incident),
            internal_notes: (scope.audience == crate::model::Audience::Internal
                && !incident.internal_notes.trim().is_empty())
            .then(|| to_html(&incident.internal_notes, Some(&bundle))),
            chart: super::chart::ChartView::new(scope, incident, &record),
            timeline: by_day(scope, timeline),
            communications: CommunicationView::of_record(scope, incident, &record),
            action_items: pm
                .action_items
                .iter()
                .map(|a| ActionItemView::new(scope, a, &bundle))
                .collect(),
        }
    }
}

/// The sections as template values, made once: all of them, the summary when it is the
/// first, and the others.
fn summary_first(sections: &[SectionView]) -> (tera::Value, Option<tera::Value>, tera::Value) {
    let values: Vec<tera::Value> = sections
        .iter()
        .map(tera::Value::from_serializable)
        .collect();
    let has_summary = sections.first().is_some_and(|s| s.id == "summary");
    let summary = has_summary.then(|| values[0].clone());
    let others = values[usize::from(has_summary)..].to_vec();
    (
        tera::Value::from(values),
        summary,
        tera::Value::from(others),
    )
}

/// The incident as its pages show it at the top, its latest update's HTML taken from the
/// timeline's row of that update (the same Markdown, converted once); `bundle` is the
/// incident's address.
fn incident_view<'a>(
    scope: &Scope<'a>,
    incident: &'a Incident,
    bundle: String,
    latest_html: Option<String>,
) -> IncidentView<'a> {
    let latest = incident.latest_update().map(|update| {
        let view = UpdateView {
            iso: update.at.to_rfc3339(),
            when: scope.datetime(update.at),
            status: word(update.status.as_str(), &scope.lang.update_status),
            html: latest_html.unwrap_or_else(|| to_html(&update.text, Some(&bundle))),
            components: Vec::new(),
        };
        let step = incident.component_steps().pop();
        let view = view.moving(scope, step.map(|s| s.changes).unwrap_or_default());
        tera::Value::from_serializable(&view)
    });
    IncidentView::with_latest(scope, incident, bundle, latest)
}

/// The sections addressed to clients the audience reads (the site is already read by
/// it), after the others, anchored `for-1`, `for-2`, ….
pub fn addressed_sections<'s>(
    sections: impl IntoIterator<Item = &'s AddressedSection>,
    bundle: &str,
) -> Vec<SectionView> {
    sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| SectionView {
            id: format!("for-{}", i + 1),
            title: s.title.clone(),
            html: frame_pictures(&to_html(&s.text, Some(bundle))),
        })
        .collect()
}

/// The timeline the audience reads, each thing once and in time order: the customer
/// communications of `record` (status-page updates, calls, messages, check-ins) with the
/// promise each made and whether it was kept, then every other entry it may see. With them,
/// the HTML of the incident's latest update, which its row holds.
fn timeline_rows(
    scope: &Scope<'_>,
    incident: &Incident,
    record: &CommunicationRecord<'_>,
    bundle: &str,
) -> (Vec<(Instant, TimelineRow)>, Option<String>) {
    let latest = incident.latest_update().map(|u| u.text.as_str());
    let mut latest_html = None;
    let communications = record.communications.iter().map(|c| {
        let row = communication_row(scope, c, bundle);
        if latest_html.is_none() && latest == Some(c.text) {
            latest_html = Some(row.html.clone());
        }
        (c.at, row)
    });
    let entries = incident
        .timeline
        .iter()
        .filter(|e| scope.audience.sees(e.visibility) && !e.kind.is_customer_contact())
        .map(|e: &TimelineEntry| {
            (
                e.at,
                TimelineRow {
                    id: None,
                    iso: e.at.to_rfc3339(),
                    time: scope.lang.time(scope.local(e.at)),
                    kind: timeline_kind(scope, e),
                    who: timeline_who(scope, e),
                    html: to_html(&e.text, Some(bundle)),
                    is_update: false,
                    promise: e.next.map(|next| scope.promise(e.at, next)),
                    promise_kept: None,
                    internal: e.visibility == Visibility::Internal,
                },
            )
        });
    let mut rows: Vec<_> = communications.chain(entries).collect();
    rows.sort_by_key(|(at, _)| *at);
    anchor_minutes(scope, &mut rows);
    (rows, latest_html)
}

/// What a timeline row says of an entry's kind: with its channel on the team's site,
/// where the timeline is the whole record.
fn timeline_kind(scope: &Scope<'_>, entry: &TimelineEntry) -> String {
    let kind = Lang::word(&scope.lang.timeline_kind, entry.kind.as_str());
    match (&entry.channel, scope.audience) {
        (Some(channel), crate::model::Audience::Internal) => format!("{kind} · {channel}"),
        _ => kind,
    }
}

/// Who a timeline row names: with to whom on the team's site.
fn timeline_who(scope: &Scope<'_>, entry: &TimelineEntry) -> Option<String> {
    match scope.audience {
        crate::model::Audience::Internal => {
            super::response::who_to_whom(entry.who.as_deref(), entry.audience.as_deref())
        }
        crate::model::Audience::Public | crate::model::Audience::Client(_) => entry.who.clone(),
    }
}

impl ActionItemView {
    pub(super) fn new(scope: &Scope<'_>, item: &ActionItem, bundle: &str) -> Self {
        let today = scope.local(scope.now).date_naive();
        ActionItemView {
            html: to_html(&item.text, Some(bundle)),
            owner: item.owner.clone(),
            due: item.due.map(|d| scope.lang.plain_date(d)),
            due_iso: item.due.map(|d| d.to_string()),
            state: word(item.state.as_str(), &scope.lang.action_state),
            kind: item.kind.map(|k| word(k.as_str(), &scope.lang.action_kind)),
            priority: item
                .priority
                .map(|p| word(p.as_str(), &scope.lang.priority)),
            link: item.link.clone(),
            reason: item.reason.clone(),
            overdue: item.is_overdue(today),
        }
    }
}
