//! The picture of an incident on its postmortem: a time axis with the status phases as
//! coloured, labelled bands, broken update promises over them, the customer communications
//! on lanes of their own, and the milestones as labelled lines. The geometry is computed
//! here, twice: a wide layout and a phone layout, each with every label placed so that none
//! overlaps another or runs off the picture. Under them, one lane per affected component
//! with the statuses the updates gave it. The partial `incident_chart.html` draws both as
//! inline SVG (the stylesheet shows the one that fits), with a legend and a text equivalent.

use chrono::{Datelike, Duration, Timelike};
use serde::Serialize;

use crate::model::{Channel, CommunicationRecord, Incident, Instant, Milestone};
use crate::render::i18n::Lang;
use crate::render::scope::Scope;

use super::Word;
pub use super::chart_labels::text_width;
use super::chart_labels::{GAP, band_label_x, place_milestones};
use super::coordinates::as_text;

/// The margin on each side of the plot.
pub(super) const SIDE: f64 = 12.0;

/// The incident's picture: what it shows, once, and its two layouts.
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Drawn on a wide screen and in print.
    pub wide: ChartLayout,
    /// Drawn on a phone: narrower, taller, text at its natural size.
    pub narrow: ChartLayout,
    /// The phases the picture shows, in order of first appearance, for its legend.
    pub phases: Vec<Word>,
    /// Whether a promise was broken (the legend then explains its mark).
    pub broken_promise: bool,
    /// One sentence per phase, milestone and broken promise: the picture in words.
    pub description: Vec<String>,
    /// The same sentences in one text, each followed by a space: the SVG's description.
    pub description_text: String,
}

/// One layout of the picture, in SVG units.
#[derive(Debug, Serialize)]
pub struct ChartLayout {
    /// `wide` or `narrow`: the suffix of the layout's ids and classes.
    pub name: &'static str,
    #[serde(serialize_with = "as_text")]
    pub width: f64,
    #[serde(serialize_with = "as_text")]
    pub height: f64,
    #[serde(serialize_with = "as_text")]
    pub font_size: f64,
    /// The vertical position of each lane.
    #[serde(serialize_with = "shared_lanes")]
    pub lanes: Lanes,
    pub bands: Vec<Band>,
    pub ticks: Vec<Tick>,
    pub marks: Vec<Mark>,
    pub late: Vec<Late>,
    pub milestones: Vec<MilestoneMark>,
    /// One lane per affected component, under the milestones, with the statuses the
    /// incident gave it.
    pub components: Vec<ComponentLane>,
}

/// A component's lane under the picture: its name, then a strip of its statuses.
#[derive(Debug, Serialize)]
pub struct ComponentLane {
    /// The baseline of its name.
    #[serde(serialize_with = "as_text")]
    pub label_y: f64,
    /// The top of its strip.
    #[serde(serialize_with = "as_text")]
    pub strip_y: f64,
    #[serde(serialize_with = "as_text")]
    pub strip_height: f64,
    pub name: String,
    pub segments: Vec<LaneSegment>,
}

/// One status of a component, for as long as it lasted.
#[derive(Debug, Serialize)]
pub struct LaneSegment {
    #[serde(serialize_with = "as_text")]
    pub x: f64,
    #[serde(serialize_with = "as_text")]
    pub width: f64,
    /// The component status, for the colour.
    pub code: &'static str,
    pub title: String,
}

/// Where each lane of the picture lies, from the top: the time labels, the phases, the
/// broken promises, the status-page updates, the other contacts, then the milestone labels.
/// Another lane is one more entry of `Lanes::stack`. Each is written as text, with the
/// lines' and marks' ends that lie just off a lane computed here.
#[derive(Debug, Serialize)]
pub struct Lanes {
    /// The font size they are stacked for, which makes all of them.
    #[serde(skip)]
    pub font: f64,
    #[serde(serialize_with = "as_text")]
    pub tick_label_y: f64,
    #[serde(serialize_with = "as_text")]
    pub band_y: f64,
    #[serde(serialize_with = "as_text")]
    pub band_height: f64,
    #[serde(serialize_with = "as_text")]
    pub band_label_y: f64,
    #[serde(serialize_with = "as_text")]
    pub late_y: f64,
    #[serde(serialize_with = "as_text")]
    pub update_y: f64,
    #[serde(serialize_with = "as_text")]
    pub contact_y: f64,
    /// The baseline of the first row of milestone labels.
    #[serde(serialize_with = "as_text")]
    pub milestone_y: f64,
    #[serde(serialize_with = "as_text")]
    pub row_height: f64,
    /// A tick's line: from just above the phases to just under the contacts.
    #[serde(serialize_with = "as_text")]
    pub tick_top: f64,
    #[serde(serialize_with = "as_text")]
    pub tick_bottom: f64,
    /// The top of a contact's diamond.
    #[serde(serialize_with = "as_text")]
    pub contact_top: f64,
    /// A broken promise's mark over the phases: a little taller than the band.
    #[serde(serialize_with = "as_text")]
    pub late_over_y: f64,
    #[serde(serialize_with = "as_text")]
    pub late_over_height: f64,
    /// A milestone's line: from just above the phases to just above its label's first row.
    #[serde(serialize_with = "as_text")]
    pub milestone_top: f64,
    #[serde(serialize_with = "as_text")]
    pub milestone_bottom: f64,
}

impl Lanes {
    /// Lanes stacked from the top, each as tall as the font needs.
    pub(super) fn stack(font: f64) -> Self {
        let tick_label_y = font + 2.0;
        let band_y = tick_label_y + 10.0;
        let band_height = font * 2.4;
        let late_y = band_y + band_height + 6.0;
        let update_y = late_y + 10.0 + 12.0;
        let contact_y = update_y + 18.0;
        let milestone_y = contact_y + 12.0 + font;
        Lanes {
            font,
            tick_label_y,
            band_y,
            band_height,
            band_label_y: band_y + band_height / 2.0 + font * 0.35,
            late_y,
            update_y,
            contact_y,
            milestone_y,
            row_height: font + 6.0,
            tick_top: band_y - 6.0,
            tick_bottom: contact_y + 8.0,
            contact_top: contact_y - 4.0,
            late_over_y: band_y - 3.0,
            late_over_height: band_height + 6.0,
            milestone_top: band_y - 4.0,
            milestone_bottom: milestone_y - font - 2.0,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Band {
    #[serde(serialize_with = "as_text")]
    pub x: f64,
    #[serde(serialize_with = "as_text")]
    pub width: f64,
    /// The update status, for the colour and pattern.
    pub code: &'static str,
    pub label: String,
    /// Whether the label fits inside the band, clear of the broken promises drawn over it.
    pub labelled: bool,
    /// Where the label starts.
    #[serde(serialize_with = "as_text")]
    pub label_x: f64,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    #[serde(serialize_with = "as_text")]
    pub x: f64,
    /// Where its label is drawn (centred), kept inside the picture.
    #[serde(serialize_with = "as_text")]
    pub label_x: f64,
    pub label: String,
    /// A day boundary, drawn stronger.
    pub day: bool,
}

#[derive(Debug, Serialize)]
pub struct Mark {
    #[serde(serialize_with = "as_text")]
    pub x: f64,
    /// The left of a contact's diamond (a square of 8 turned about `x`).
    #[serde(serialize_with = "as_text")]
    pub x_left: f64,
    /// `update` (status page) or `contact` (call, message, check-in).
    pub kind: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Late {
    #[serde(serialize_with = "as_text")]
    pub x: f64,
    #[serde(serialize_with = "as_text")]
    pub width: f64,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct MilestoneMark {
    #[serde(serialize_with = "as_text")]
    pub x: f64,
    /// Where the label starts (anchored at its start), kept inside the picture.
    #[serde(serialize_with = "as_text")]
    pub label_x: f64,
    pub label: String,
    /// The label's row, so that close milestones do not overlap.
    pub row: usize,
    #[serde(serialize_with = "as_text")]
    pub y: f64,
}

/// What the picture shows, independent of its size.
struct Story {
    start: Instant,
    end: Instant,
    phases: Vec<(Instant, Instant, &'static str, String)>,
    communications: Vec<(Instant, &'static str, String)>,
    late: Vec<(Instant, Instant, String)>,
    milestones: Vec<(Instant, String)>,
    /// Each affected component's name and its statuses: from, to, status, title.
    components: Vec<(String, Vec<ComponentStretch>)>,
}

/// A status of a component from one instant to another, with its title.
type ComponentStretch = (Instant, Instant, &'static str, String);

/// The time scale of one layout: instants to x.
struct Scale {
    from: Instant,
    span: f64,
    width: f64,
}

impl Scale {
    fn x(&self, t: Instant) -> f64 {
        let seconds = (t - self.from).num_seconds() as f64;
        SIDE + (seconds / self.span).clamp(0.0, 1.0) * (self.width - 2.0 * SIDE)
    }

    fn width(&self, from: Instant, to: Instant) -> f64 {
        (self.x(to) - self.x(from)).max(0.0)
    }
}

impl ChartView {
    /// The picture of a resolved incident, with `record`, its communication record for the
    /// scope's audience; none for an incident without updates.
    pub fn new(
        scope: &Scope<'_>,
        incident: &Incident,
        record: &CommunicationRecord<'_>,
    ) -> Option<Self> {
        let mut description = Vec::new();
        let story = Story::new(scope, incident, record, &mut description)?;
        let mut phases: Vec<Word> = Vec::new();
        for (_, _, code, label) in &story.phases {
            if !phases.iter().any(|p| p.code == *code) {
                phases.push(Word {
                    code,
                    text: label.clone(),
                });
            }
        }
        Some(ChartView {
            wide: ChartLayout::new(scope, &story, "wide", 960.0, 15.0),
            narrow: ChartLayout::new(scope, &story, "narrow", 360.0, 13.0),
            phases,
            broken_promise: !story.late.is_empty(),
            description_text: description.iter().fold(String::new(), |mut text, line| {
                text.push_str(line);
                text.push(' ');
                text
            }),
            description,
        })
    }
}

impl Story {
    fn new(
        scope: &Scope<'_>,
        incident: &Incident,
        record: &CommunicationRecord<'_>,
        description: &mut Vec<String>,
    ) -> Option<Self> {
        let lang = &scope.lang;
        let updates = incident.updates_in_order();
        let end = incident.resolved_at()?;
        let start = incident
            .milestone(Milestone::ImpactStarted)
            .unwrap_or(incident.started)
            .min(incident.started);
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
            let label = Lang::word(&lang.update_status, status.as_str());
            // Consecutive phases of the same status are one.
            match phases.last_mut() {
                Some(last) if last.2 == status.as_str() && last.1 == pair[0].at => {
                    last.1 = pair[1].at;
                }
                _ => phases.push((pair[0].at, pair[1].at, status.as_str(), label)),
            }
        }
        let mut sentences = PhaseSentences::new(scope);
        for (from, to, _, label) in &phases {
            description.push(sentences.phase(label, *from, *to));
        }
        let channels = [
            lang.text("status_page_update"),
            Lang::word(&lang.timeline_kind, "call"),
            Lang::word(&lang.timeline_kind, "message"),
            Lang::word(&lang.timeline_kind, "check-in"),
        ];
        let communications = record
            .communications
            .iter()
            .map(|c| {
                let (kind, what) = match c.channel {
                    Channel::StatusPage => ("update", &channels[0]),
                    Channel::Call => ("contact", &channels[1]),
                    Channel::Message => ("contact", &channels[2]),
                    Channel::CheckIn => ("contact", &channels[3]),
                };
                (
                    c.at,
                    kind,
                    format!("{} · {what}", lang.time(scope.local(c.at))),
                )
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
                Some((promise.due, came, title))
            })
            .collect();
        let mut milestones = Vec::new();
        for m in Milestone::ALL {
            let Some(at) = incident.milestone(*m) else {
                continue;
            };
            let name = Lang::word(&lang.milestone, m.as_str());
            description.push(format!(
                "{name}{}{}",
                lang.text("colon"),
                lang.datetime(scope.local(at))
            ));
            milestones.push((at, format!("{name} {}", lang.time(scope.local(at)))));
        }
        Some(Story {
            start,
            end,
            phases,
            communications,
            late,
            milestones,
            components: component_stretches(scope, incident, &mut sentences, description),
        })
    }
}

impl ChartLayout {
    fn new(scope: &Scope<'_>, story: &Story, name: &'static str, width: f64, font: f64) -> Self {
        let span = (story.end - story.start).num_seconds().max(60) as f64;
        let scale = Scale {
            from: story.start,
            span,
            width,
        };
        let lanes = Lanes::stack(font);
        let late: Vec<Late> = story
            .late
            .iter()
            .map(|(due, came, title)| Late {
                x: scale.x(*due),
                width: scale.width(*due, *came).max(3.0),
                title: title.clone(),
            })
            .collect();
        let over: Vec<(f64, f64)> = late.iter().map(|l| (l.x, l.x + l.width)).collect();
        let bands = story
            .phases
            .iter()
            .map(|(from, to, code, label)| {
                let (x, band_width) = (scale.x(*from), scale.width(*from, *to));
                let label_x = band_label_x((x, x + band_width), text_width(label, font), &over);
                Band {
                    x,
                    width: band_width,
                    code,
                    labelled: label_x.is_some(),
                    label_x: label_x.unwrap_or(x),
                    label: label.clone(),
                }
            })
            .collect();
        let marks = story
            .communications
            .iter()
            .map(|(at, kind, title)| Mark {
                x: scale.x(*at),
                x_left: scale.x(*at) - 4.0,
                kind,
                title: title.clone(),
            })
            .collect();
        let placed: Vec<(f64, String)> = story
            .milestones
            .iter()
            .map(|(at, label)| (scale.x(*at), label.clone()))
            .collect();
        let milestones = place_milestones(&placed, width, font, &lanes);
        let rows = milestones.iter().map(|m| m.row + 1).max().unwrap_or(1);
        let top = lanes.milestone_y + (rows - 1) as f64 * lanes.row_height + 8.0;
        let components = component_lanes(story, &scale, top, font);
        let height = top + components.len() as f64 * lane_height(font);
        ChartLayout {
            name,
            width,
            height,
            components,
            font_size: font,
            ticks: ticks(scope, &scale, story, font),
            lanes,
            bands,
            marks,
            late,
            milestones,
        }
    }
}

/// The most lane stacks a thread keeps made into template values: a chart has two sizes.
const KEPT_LANES: usize = 8;

thread_local! {
    /// The lanes this thread has made into template values, by font size: every picture of
    /// a size has the same lanes, made once and shared.
    static LANE_VALUES: std::cell::RefCell<Vec<(u64, tera::Value)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Serializes a layout's lanes as the template value its thread made for their font size.
fn shared_lanes<S: serde::Serializer>(lanes: &Lanes, serializer: S) -> Result<S::Ok, S::Error> {
    let font = lanes.font.to_bits();
    let value = LANE_VALUES.with(|kept| {
        let mut kept = kept.borrow_mut();
        if let Some((_, value)) = kept.iter().find(|(size, _)| *size == font) {
            return value.clone();
        }
        if kept.len() >= KEPT_LANES {
            kept.clear();
        }
        let value = tera::Value::from_serializable(lanes);
        kept.push((font, value.clone()));
        value
    });
    value.serialize(serializer)
}

/// The height of a component's lane: a gap, its name, then its strip.
fn lane_height(font: f64) -> f64 {
    font * 2.4 + 16.0
}

/// Each affected component's lane, from `top` down.
fn component_lanes(story: &Story, scale: &Scale, top: f64, font: f64) -> Vec<ComponentLane> {
    story
        .components
        .iter()
        .enumerate()
        .map(|(n, (name, stretches))| {
            let y = top + n as f64 * lane_height(font);
            ComponentLane {
                label_y: y + font + 8.0,
                strip_y: y + font + 12.0,
                strip_height: font,
                name: name.clone(),
                segments: stretches
                    .iter()
                    .map(|(from, to, code, title)| LaneSegment {
                        x: scale.x(*from),
                        width: scale.width(*from, *to),
                        code,
                        title: title.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Each affected component, in config.toml's order, with the statuses the incident gave
/// it; each status is also said in words in `description`.
fn component_stretches(
    scope: &Scope<'_>,
    incident: &Incident,
    sentences: &mut PhaseSentences<'_, '_>,
    description: &mut Vec<String>,
) -> Vec<(String, Vec<ComponentStretch>)> {
    let lang = &scope.lang;
    let colon = lang.text("colon");
    let segments = incident.segments();
    let components = &scope.site.config.components;
    let mut affected: Vec<_> = incident.affected.iter().collect();
    affected.sort_by_key(|a| components.iter().position(|c| c.id == a.id));
    affected
        .into_iter()
        .map(|a| {
            let name = scope
                .site
                .config
                .component(&a.id)
                .map_or_else(|| a.id.clone(), |c| c.name.clone());
            let stretches = segments
                .iter()
                .filter(|s| s.component == a.id)
                .filter_map(|s| {
                    let to = s.to?;
                    let status = Lang::word(&lang.component_status, s.status.as_str());
                    let phase = sentences.phase(&status, s.from, to);
                    let title = format!("{name}{colon}{phase}");
                    description.push(title.clone());
                    Some((s.from, to, s.status.as_str(), title))
                })
                .collect();
            (name, stretches)
        })
        .collect()
}

/// The sentence that says a phase in words (`chart_phase`): its status, from when to when,
/// and for how long. Phases follow one another, and a component's status changes with an
/// update: the date and time of each instant said is kept for the next sentence that says it.
struct PhaseSentences<'s, 'a> {
    scope: &'s Scope<'a>,
    template: String,
    /// The template cut at its placeholders, when filling it in one pass says what
    /// replacing them one after the other would.
    pieces: Option<Vec<Piece>>,
    said: Vec<(Instant, String)>,
}

/// A part of the phase sentence's template: its own text, or the place of one of its
/// values, in the order of `PHASE_PLACEHOLDERS`.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Value(usize),
}

/// The placeholders of `chart_phase`, in the order they are replaced.
const PHASE_PLACEHOLDERS: [&str; 4] = ["{status}", "{from}", "{to}", "{duration}"];

impl<'s, 'a> PhaseSentences<'s, 'a> {
    fn new(scope: &'s Scope<'a>) -> Self {
        let template = scope.lang.text("chart_phase");
        PhaseSentences {
            scope,
            pieces: cut_at_placeholders(&template),
            template,
            said: Vec::new(),
        }
    }

    fn phase(&mut self, status: &str, from: Instant, to: Instant) -> String {
        let lang = &self.scope.lang;
        let from_text = self.datetime(from);
        let to_text = self.datetime(to);
        let duration = lang.duration(to - from);
        fill_phase(
            &self.template,
            self.pieces.as_deref(),
            [status, &from_text, &to_text, &duration],
        )
    }

    /// The local date and time of `at`, as `Lang::datetime` writes it.
    fn datetime(&mut self, at: Instant) -> String {
        if let Some((_, text)) = self.said.iter().find(|(said, _)| *said == at) {
            return text.clone();
        }
        let text = self.scope.lang.datetime(self.scope.local(at));
        self.said.push((at, text.clone()));
        text
    }
}

/// `template` cut at the placeholders of `PHASE_PLACEHOLDERS`, or `None` when it has a `{`
/// that starts none of them: replacing one placeholder could then make another.
fn cut_at_placeholders(template: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(brace) = rest.find('{') {
        let (text, from_brace) = rest.split_at(brace);
        let slot = PHASE_PLACEHOLDERS
            .iter()
            .position(|p| from_brace.starts_with(p))?;
        if !text.is_empty() {
            pieces.push(Piece::Text(text.to_string()));
        }
        pieces.push(Piece::Value(slot));
        rest = &from_brace[PHASE_PLACEHOLDERS[slot].len()..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Some(pieces)
}

/// The phase sentence: `template` with each placeholder of `PHASE_PLACEHOLDERS` replaced by
/// its value, one after the other; in one pass over `pieces` (the template cut) when no
/// value has a `{` that a later replacement could take for a placeholder.
fn fill_phase(template: &str, pieces: Option<&[Piece]>, values: [&str; 4]) -> String {
    match pieces {
        Some(pieces) if !values.iter().any(|v| v.contains('{')) => {
            let mut sentence = String::with_capacity(
                template.len() + values.iter().map(|v| v.len()).sum::<usize>(),
            );
            for piece in pieces {
                match piece {
                    Piece::Text(text) => sentence.push_str(text),
                    Piece::Value(slot) => sentence.push_str(values[*slot]),
                }
            }
            sentence
        }
        _ => PHASE_PLACEHOLDERS
            .iter()
            .zip(values)
            .fold(template.to_string(), |sentence, (placeholder, value)| {
                sentence.replace(placeholder, value)
            }),
    }
}

/// Time labels at the smallest round step whose labels have room; day boundaries marked.
/// Labels are kept inside the picture; one that would touch its neighbour is not written.
fn ticks(scope: &Scope<'_>, scale: &Scale, story: &Story, font: f64) -> Vec<Tick> {
    let steps = [15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
    let minutes = (story.end - story.start).num_minutes().max(1);
    let room = text_width("sam. 14", font).max(text_width("00:00", font)) + GAP;
    let plot = scale.width - 2.0 * SIDE;
    let step = steps
        .iter()
        .copied()
        .find(|s| *s as f64 / minutes as f64 * plot >= room)
        .unwrap_or(10080);
    let local_start = scope.local(story.start);
    let offset_minutes = i64::from(local_start.offset().local_minus_utc()) / 60;
    let since_midnight = (story.start.timestamp() / 60 + offset_minutes).rem_euclid(1440);
    let first = story.start + Duration::minutes((step - since_midnight % step) % step);
    let mut ticks: Vec<Tick> = Vec::new();
    let mut t = first;
    while t <= story.end {
        let local = scope.local(t);
        let day = local.hour() == 0 && local.minute() == 0;
        let label = if day || step >= 1440 {
            let weekday = local.weekday().num_days_from_monday() as usize;
            format!("{} {}", scope.lang.weekdays[weekday], local.day())
        } else {
            scope.lang.time(local)
        };
        let x = scale.x(t);
        let half = text_width(&label, font) / 2.0;
        let label_x = x.clamp(half, scale.width - half);
        let free = ticks.last().is_none_or(|last| {
            last.label.is_empty()
                || last.label_x + text_width(&last.label, font) / 2.0 + GAP <= label_x - half
        });
        ticks.push(Tick {
            x,
            label_x,
            label: if free { label } else { String::new() },
            day,
        });
        t += Duration::minutes(step);
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A layout's lanes, shared.
    #[derive(Serialize)]
    struct Shared {
        #[serde(serialize_with = "shared_lanes")]
        lanes: Lanes,
    }

    /// A layout's lanes, made each time.
    #[derive(Serialize)]
    struct Plain {
        lanes: Lanes,
    }

    #[test]
    fn shared_lanes_are_those_of_their_font_size() {
        for font in [15.0, 13.0, 15.0, 13.0, 11.5] {
            let shared = tera::Value::from_serializable(&Shared {
                lanes: Lanes::stack(font),
            });
            let plain = tera::Value::from_serializable(&Plain {
                lanes: Lanes::stack(font),
            });
            assert_eq!(shared, plain, "{font}");
        }
        let wide = tera::Value::from_serializable(&Shared {
            lanes: Lanes::stack(15.0),
        });
        let narrow = tera::Value::from_serializable(&Shared {
            lanes: Lanes::stack(13.0),
        });
        assert_ne!(wide, narrow);
    }

    /// What `chart_phase` says, replaced placeholder after placeholder.
    fn replaced(template: &str, values: [&str; 4]) -> String {
        template
            .replace("{status}", values[0])
            .replace("{from}", values[1])
            .replace("{to}", values[2])
            .replace("{duration}", values[3])
    }

    #[test]
    fn phase_sentences_filled_in_one_pass_say_what_replacing_says() {
        let templates = [
            "{status} from {from} to {to} ({duration}).",
            "{status} du {from} au {to} ({duration}).",
            "{duration}: {status}, {status} {to}{from}",
            "no placeholder",
            "",
            // A `{` that starts no placeholder: an empty value makes `{to}` of `{t{from}o}`.
            "{t{from}o} {status}",
            "{{status}from} {to}",
            "{unknown} {from}",
            "{status",
            "tail {",
        ];
        let values = [
            [
                "Investigating",
                "Mon 2 Nov 18:00",
                "Mon 2 Nov 18:40",
                "40 min",
            ],
            ["", "", "", ""],
            ["a {to} b", "x", "y", "z"],
            ["s", "{duration}", "t", "d"],
            ["s", "f", "t", "{"],
            ["Identified", "", "{from}", "1 h"],
        ];
        for template in templates {
            let pieces = cut_at_placeholders(template);
            for v in values {
                assert_eq!(
                    fill_phase(template, pieces.as_deref(), v),
                    replaced(template, v),
                    "{template:?} {v:?}"
                );
            }
        }
        assert!(cut_at_placeholders("{status} from {from} to {to} ({duration}).").is_some());
        assert!(cut_at_placeholders("{t{from}o}").is_none());
    }
}
