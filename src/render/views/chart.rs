//! The picture of an incident on its postmortem: a time axis with the status phases as
//! coloured, labelled bands, the customer communications as marks, broken update promises
//! as red spans, the milestones as labelled lines, and one lane per affected component
//! with the statuses the updates gave it. The geometry is computed here; the
//! partial `incident_chart.html` draws it as inline SVG, with a text equivalent.

use chrono::Duration;
use serde::Serialize;

use crate::model::{Channel, Incident, Instant, Milestone};
use crate::render::i18n::Lang;
use crate::render::scope::Scope;

/// The drawing's width in SVG units; it scales to the page.
const WIDTH: f64 = 960.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;

#[derive(Debug, Serialize)]
pub struct ChartView {
    pub width: f64,
    pub height: f64,
    pub bands: Vec<Band>,
    pub ticks: Vec<Tick>,
    pub marks: Vec<Mark>,
    pub late: Vec<Late>,
    pub milestones: Vec<MilestoneMark>,
    /// One lane per affected component, with the statuses the incident gave it.
    pub lanes: Vec<Lane>,
    /// One sentence per phase, milestone and broken promise: the picture in words.
    pub description: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Band {
    pub x: f64,
    pub width: f64,
    /// The update status, for the colour and pattern.
    pub code: &'static str,
    pub label: String,
    /// Whether the label fits inside the band.
    pub labelled: bool,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    pub x: f64,
    pub label: String,
    /// A day boundary, drawn stronger.
    pub day: bool,
}

#[derive(Debug, Serialize)]
pub struct Mark {
    pub x: f64,
    /// `update` (status page) or `contact` (call, message, check-in).
    pub kind: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Late {
    pub x: f64,
    pub width: f64,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct MilestoneMark {
    pub x: f64,
    pub label: String,
    /// The label's row, so that close milestones do not overlap.
    pub row: usize,
    pub y: f64,
    /// Anchor the label at its end when it would run past the right edge.
    pub anchor: &'static str,
}

/// A component's row under the picture: its name, then a strip of its statuses.
#[derive(Debug, Serialize)]
pub struct Lane {
    pub y: f64,
    pub name: String,
    pub segments: Vec<LaneSegment>,
}

/// One status of a component, for as long as it lasted.
#[derive(Debug, Serialize)]
pub struct LaneSegment {
    pub x: f64,
    pub width: f64,
    /// The component status, for the colour.
    pub code: &'static str,
    pub title: String,
}

/// The time scale: instants to x.
struct Scale {
    from: Instant,
    span: f64,
}

impl Scale {
    fn x(&self, t: Instant) -> f64 {
        let seconds = (t - self.from).num_seconds() as f64;
        LEFT + (seconds / self.span).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
    }

    fn width(&self, from: Instant, to: Instant) -> f64 {
        (self.x(to) - self.x(from)).max(0.0)
    }
}

const MILESTONE_Y: f64 = 112.0;
const ROW_HEIGHT: f64 = 16.0;

impl ChartView {
    /// The picture of a resolved incident; none for an incident without updates.
    pub fn new(scope: &Scope<'_>, incident: &Incident) -> Option<Self> {
        let lang = &scope.lang;
        let updates = incident.updates_in_order();
        let end = incident.resolved_at()?;
        let start = incident
            .milestone(Milestone::ImpactStarted)
            .unwrap_or(incident.started)
            .min(incident.started);
        let span = (end - start).num_seconds().max(60) as f64;
        let scale = Scale { from: start, span };
        let mut description = Vec::new();

        let mut bands = Vec::new();
        let mut phases: Vec<(Instant, Instant, &'static str, String)> = Vec::new();
        if let Some(first) = updates.first()
            && first.at > start
        {
            phases.push((
                start,
                first.at,
                "unannounced",
                lang.text("chart_before_first_update"),
            ));
        }
        for pair in updates.windows(2) {
            let status = pair[0].status;
            phases.push((
                pair[0].at,
                pair[1].at,
                status.as_str(),
                Lang::word(&lang.update_status, status.as_str()),
            ));
        }
        // Merge consecutive phases of the same status.
        let mut merged: Vec<(Instant, Instant, &'static str, String)> = Vec::new();
        for phase in phases {
            match merged.last_mut() {
                Some(last) if last.2 == phase.2 && last.1 == phase.0 => last.1 = phase.1,
                _ => merged.push(phase),
            }
        }
        for (from, to, code, label) in merged {
            let width = scale.width(from, to);
            description.push(
                lang.text("chart_phase")
                    .replace("{status}", &label)
                    .replace("{from}", &lang.datetime(scope.local(from)))
                    .replace("{to}", &lang.datetime(scope.local(to)))
                    .replace("{duration}", &lang.duration(to - from)),
            );
            bands.push(Band {
                x: scale.x(from),
                width,
                code,
                labelled: width > label.chars().count() as f64 * 7.0 + 8.0,
                label,
            });
        }

        let record = incident.communication_record(scope.site.config.cadence, scope.audience);
        let marks = record
            .communications
            .iter()
            .map(|c| Mark {
                x: scale.x(c.at),
                kind: if c.channel == Channel::StatusPage {
                    "update"
                } else {
                    "contact"
                },
                title: format!(
                    "{} · {}",
                    lang.time(scope.local(c.at)),
                    match c.channel {
                        Channel::StatusPage => lang.text("status_page_update"),
                        Channel::Call => Lang::word(&lang.timeline_kind, "call"),
                        Channel::Message => Lang::word(&lang.timeline_kind, "message"),
                        Channel::CheckIn => Lang::word(&lang.timeline_kind, "check-in"),
                    }
                ),
            })
            .collect();
        let late = record
            .broken()
            .filter_map(|(_, promise)| {
                let came = promise.kept_by?;
                let title = lang
                    .text("chart_late")
                    .replace("{due}", &lang.time(scope.local(promise.due)))
                    .replace("{late}", &lang.duration(came - promise.due));
                description.push(title.clone());
                Some(Late {
                    x: scale.x(promise.due),
                    width: scale.width(promise.due, came).max(2.0),
                    title,
                })
            })
            .collect();

        let mut milestones: Vec<MilestoneMark> = Vec::new();
        let mut row_ends: Vec<f64> = Vec::new();
        for m in Milestone::ALL {
            let Some(at) = incident.milestone(*m) else {
                continue;
            };
            let name = Lang::word(&lang.milestone, m.as_str());
            let label = format!("{name} {}", lang.time(scope.local(at)));
            description.push(format!(
                "{name}{}{}",
                lang.text("colon"),
                lang.datetime(scope.local(at))
            ));
            let x = scale.x(at);
            let text_width = label.chars().count() as f64 * 7.2;
            let anchor = if x + text_width > WIDTH - RIGHT {
                "end"
            } else {
                "start"
            };
            let (left, right) = if anchor == "end" {
                (x - text_width, x)
            } else {
                (x, x + text_width)
            };
            let row = row_ends
                .iter()
                .position(|end| *end + 8.0 < left)
                .unwrap_or(row_ends.len());
            if row == row_ends.len() {
                row_ends.push(right);
            } else {
                row_ends[row] = right;
            }
            milestones.push(MilestoneMark {
                x,
                label,
                row,
                y: MILESTONE_Y + row as f64 * ROW_HEIGHT,
                anchor,
            });
        }
        let top = MILESTONE_Y + row_ends.len().max(1) as f64 * ROW_HEIGHT + 8.0;
        let lanes = lanes(scope, incident, &scale, top, &mut description);
        let height = top + lanes.len() as f64 * LANE_HEIGHT;

        Some(ChartView {
            width: WIDTH,
            height,
            bands,
            ticks: ticks(scope, &scale, start, end),
            marks,
            late,
            milestones,
            lanes,
            description,
        })
    }
}

const LANE_HEIGHT: f64 = 34.0;

/// One lane per affected component, from `top` down, in config.toml's order; each status
/// the incident gave the component is also said in words in `description`.
fn lanes(
    scope: &Scope<'_>,
    incident: &Incident,
    scale: &Scale,
    top: f64,
    description: &mut Vec<String>,
) -> Vec<Lane> {
    let lang = &scope.lang;
    let segments = incident.segments();
    let mut affected: Vec<_> = incident.affected.iter().collect();
    let components = &scope.site.config.components;
    affected.sort_by_key(|a| components.iter().position(|c| c.id == a.id));
    affected
        .into_iter()
        .enumerate()
        .map(|(n, a)| {
            let name = scope
                .site
                .config
                .component(&a.id)
                .map_or_else(|| a.id.clone(), |c| c.name.clone());
            let strip = segments
                .iter()
                .filter(|s| s.component == a.id)
                .filter_map(|s| {
                    let to = s.to?;
                    let status = Lang::word(&lang.component_status, s.status.as_str());
                    let phase = lang
                        .text("chart_phase")
                        .replace("{status}", &status)
                        .replace("{from}", &lang.datetime(scope.local(s.from)))
                        .replace("{to}", &lang.datetime(scope.local(to)))
                        .replace("{duration}", &lang.duration(to - s.from));
                    let title = format!("{name}{}{phase}", lang.text("colon"));
                    description.push(title.clone());
                    Some(LaneSegment {
                        x: scale.x(s.from),
                        width: scale.width(s.from, to),
                        code: s.status.as_str(),
                        title,
                    })
                })
                .collect();
            Lane {
                y: top + n as f64 * LANE_HEIGHT,
                name,
                segments: strip,
            }
        })
        .collect()
}

/// Time labels at a round step, no more than about ten; day boundaries marked.
fn ticks(scope: &Scope<'_>, scale: &Scale, start: Instant, end: Instant) -> Vec<Tick> {
    let steps = [15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
    let minutes = (end - start).num_minutes().max(1);
    let step = steps
        .iter()
        .copied()
        .find(|s| minutes / s <= 10)
        .unwrap_or(10080);
    let local_start = scope.local(start);
    let offset_minutes = i64::from(local_start.offset().local_minus_utc()) / 60;
    let since_midnight = (start.timestamp() / 60 + offset_minutes).rem_euclid(1440);
    let first = start + Duration::minutes((step - since_midnight % step) % step);
    let mut ticks = Vec::new();
    let mut t = first;
    while t <= end {
        let local = scope.local(t);
        let day = local.format("%H:%M").to_string() == "00:00";
        ticks.push(Tick {
            x: scale.x(t),
            label: if day || step >= 1440 {
                use chrono::Datelike;
                let weekday = local.weekday().num_days_from_monday() as usize;
                format!("{} {}", scope.lang.weekdays[weekday], local.day())
            } else {
                scope.lang.time(local)
            },
            day,
        });
        t += Duration::minutes(step);
    }
    ticks
}
