//! `reliability/index.html`: the record across incidents, for engineers and managers. Per
//! month and per component: incidents, minutes of impact, median times to detect and to
//! resolve, update promises kept; each chart has its numbers in a table beside it.

use chrono::{Datelike, Duration};
use serde::Serialize;

use super::i18n::Lang;
use super::scope::Scope;
use super::views::SiteView;
use crate::model::{Incident, MetricKind, Milestone};

#[derive(Debug, Serialize)]
pub struct ReliabilityPage<'a> {
    pub site: SiteView<'a>,
    pub months: Vec<Row>,
    pub components: Vec<Row>,
    pub month_chart: BarChart,
    pub component_chart: BarChart,
}

/// One line of a table: a month or a component.
#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub incidents: usize,
    pub impact: String,
    pub impact_minutes: i64,
    pub median_detect: String,
    pub median_resolve: String,
    /// "17 / 18", or "—" when no promise was made.
    pub promises: String,
}

/// A horizontal bar chart: one bar per row, the value written at its end.
#[derive(Debug, Serialize)]
pub struct BarChart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub y: f64,
    pub width: f64,
    pub value: String,
}

const BAR_HEIGHT: f64 = 22.0;
const LABEL_WIDTH: f64 = 200.0;
const CHART_WIDTH: f64 = 640.0;

impl<'a> ReliabilityPage<'a> {
    pub fn new(scope: &'a Scope<'a>) -> Self {
        let lang = &scope.lang;
        let resolved: Vec<&Incident> = scope
            .site
            .incidents
            .iter()
            .filter(|i| i.started <= scope.now && i.resolved_at().is_some_and(|r| r <= scope.now))
            .collect();
        let mut months: Vec<((i32, u32), Vec<&Incident>)> = Vec::new();
        for incident in &resolved {
            let local = scope.local(incident.started);
            let key = (local.year(), local.month0());
            match months.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(incident),
                None => months.push((key, vec![incident])),
            }
        }
        months.sort_by_key(|(k, _)| std::cmp::Reverse(*k));
        let month_rows: Vec<Row> = months
            .iter()
            .map(|((year, month0), list)| row(scope, lang.month_year(*year, *month0), list))
            .collect();
        let component_rows: Vec<Row> = scope
            .site
            .config
            .components
            .iter()
            .map(|c| {
                let list: Vec<&Incident> = resolved
                    .iter()
                    .copied()
                    .filter(|i| i.affected.iter().any(|a| a.id == c.id))
                    .collect();
                row(scope, c.name.clone(), &list)
            })
            .collect();
        let month_chart = bars(
            month_rows
                .iter()
                .rev()
                .map(|r| (r.label.clone(), r.incidents as f64, r.incidents.to_string())),
        );
        let component_chart = bars(
            component_rows
                .iter()
                .map(|r| (r.label.clone(), r.impact_minutes as f64, r.impact.clone())),
        );
        ReliabilityPage {
            site: SiteView::new(scope),
            months: month_rows,
            components: component_rows,
            month_chart,
            component_chart,
        }
    }
}

/// The numbers of a set of resolved incidents.
fn row(scope: &Scope<'_>, label: String, incidents: &[&Incident]) -> Row {
    let lang = &scope.lang;
    let impact: Duration = incidents
        .iter()
        .filter_map(|i| impact_of(i))
        .fold(Duration::zero(), |sum, d| sum + d);
    let (kept, made) = incidents.iter().fold((0, 0), |(kept, made), i| {
        let record =
            i.communication_record(scope.site.config.cadence, crate::model::Audience::Public);
        (kept + record.promises_kept, made + record.promises_made)
    });
    Row {
        label,
        incidents: incidents.len(),
        impact: lang.duration(impact),
        impact_minutes: impact.num_minutes(),
        median_detect: median_of(lang, incidents, MetricKind::TimeToDetect),
        median_resolve: median_of(lang, incidents, MetricKind::TimeToResolve),
        promises: if made == 0 {
            "—".to_string()
        } else {
            format!("{kept} / {made}")
        },
    }
}

/// How long the impact lasted: to its end when known, else to the resolution.
fn impact_of(incident: &Incident) -> Option<Duration> {
    let start = incident.milestone(Milestone::ImpactStarted)?;
    let end = incident
        .milestone(Milestone::ImpactEnded)
        .or_else(|| incident.milestone(Milestone::Resolved))?;
    Some(end - start)
}

/// The median of a metric over the incidents where it is known; "unknown" when it never is;
/// "—" when there was no incident to measure.
fn median_of(lang: &Lang, incidents: &[&Incident], kind: MetricKind) -> String {
    if incidents.is_empty() {
        return "—".to_string();
    }
    let mut values: Vec<Duration> = incidents
        .iter()
        .filter_map(|i| i.metric(kind).value)
        .collect();
    if values.is_empty() {
        return lang.text("unknown");
    }
    values.sort();
    let middle = values.len() / 2;
    let median = if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2
    };
    lang.duration(median)
}

fn bars(rows: impl Iterator<Item = (String, f64, String)>) -> BarChart {
    let rows: Vec<(String, f64, String)> = rows.collect();
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let room = CHART_WIDTH - LABEL_WIDTH - 90.0;
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(n, (label, value, text))| Bar {
            label,
            y: n as f64 * (BAR_HEIGHT + 8.0) + 4.0,
            width: (value / max * room).max(if value > 0.0 { 2.0 } else { 0.0 }),
            value: text,
        })
        .collect();
    BarChart {
        width: CHART_WIDTH,
        height: bars.len() as f64 * (BAR_HEIGHT + 8.0) + 8.0,
        bars,
    }
}
