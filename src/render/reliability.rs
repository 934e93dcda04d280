//! `reliability/index.html`: the record across incidents, for engineers and managers. Per
//! month and per component: incidents, minutes of impact, median times to detect and to
//! resolve, update promises kept, and each component's availability month by month; each
//! chart has its numbers in a table beside it.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::bar_chart::{self, BarChart};
use super::i18n::Lang;
use super::scope::Scope;
use super::views::{SiteView, percent};
use crate::model::{Incident, MetricKind, Milestone, Site};

#[derive(Debug, Serialize)]
pub struct ReliabilityPage {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
    pub months: Vec<Row>,
    pub components: Vec<Row>,
    /// Incidents per month; per week while the record is shorter than three months, where
    /// a bar a month would say nothing.
    pub time_chart: BarChart,
    pub time_chart_label: String,
    pub component_chart: BarChart,
    pub availability: Availability,
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

/// Each component's availability per month, newest month first, as the status page counts
/// it (docs/format.md): the current month up to the clock.
#[derive(Debug, Serialize)]
pub struct Availability {
    pub months: Vec<String>,
    pub components: Vec<AvailabilityRow>,
}

#[derive(Debug, Serialize)]
pub struct AvailabilityRow {
    pub name: String,
    /// "99,95 %" per month, in the order of `months`.
    pub percents: Vec<String>,
    /// Whether a month had any downtime, per month.
    pub down: Vec<bool>,
}

/// The months the availability table goes back, at most.
const AVAILABILITY_MONTHS: usize = 12;

/// The months the table and the chart of incidents per month list one by one, at most;
/// the older ones are summed in one last row, so that the page stays the same size
/// whatever the length of the record.
pub const RECORD_MONTHS: usize = 24;

impl ReliabilityPage {
    pub fn new<'a>(scope: &'a Scope<'a>) -> Self {
        let lang = &scope.lang;
        let facts: Vec<Facts<'_>> = scope
            .site
            .incidents
            .iter()
            .filter(|i| i.started <= scope.now && i.resolved_at().is_some_and(|r| r <= scope.now))
            .map(|i| Facts::of(scope, i))
            .collect();
        let resolved: Vec<&Facts<'_>> = facts.iter().collect();
        let months = group_by(scope, &resolved, |date| (date.year(), date.month0()));
        let mut month_rows: Vec<Row> = months
            .iter()
            .take(RECORD_MONTHS)
            .map(|((year, month0), list)| row(scope, lang.month_year(*year, *month0), list))
            .collect();
        let component_rows: Vec<Row> = scope
            .site
            .config
            .components
            .iter()
            .map(|c| {
                let list: Vec<&Facts<'_>> = resolved
                    .iter()
                    .copied()
                    .filter(|f| f.incident.affected.iter().any(|a| a.id == c.id))
                    .collect();
                row(scope, c.name.clone(), &list)
            })
            .collect();
        let (time_chart, time_chart_label) = if months.len() < 3 {
            (
                weekly_chart(scope, &resolved),
                lang.text("chart_incidents_per_week"),
            )
        } else {
            let rows: Vec<bar_chart::Row> = month_rows
                .iter()
                .rev()
                .map(|r| bar_chart::Row {
                    label: r.label.clone(),
                    value: r.incidents as f64,
                    text: r.incidents.to_string(),
                })
                .collect();
            (BarChart::new(&rows), lang.text("chart_incidents_per_month"))
        };
        month_rows.extend(earlier_months(scope, &months));
        let component_chart = BarChart::new(
            &component_rows
                .iter()
                .map(|r| bar_chart::Row {
                    label: r.label.clone(),
                    value: r.impact_minutes as f64,
                    text: r.impact.clone(),
                })
                .collect::<Vec<_>>(),
        );
        ReliabilityPage {
            site: SiteView::shared(scope, false),
            months: month_rows,
            components: component_rows,
            time_chart,
            time_chart_label,
            component_chart,
            availability: availability(scope),
        }
    }
}

/// The months before the last `RECORD_MONTHS`, summed in one row: "Before March 2025".
fn earlier_months(scope: &Scope<'_>, months: &[((i32, u32), Vec<&Facts<'_>>)]) -> Option<Row> {
    let ((year, month0), _) = months.get(RECORD_MONTHS - 1)?;
    let earlier: Vec<&Facts<'_>> = (months.get(RECORD_MONTHS..)?.iter())
        .flat_map(|(_, list)| list.iter().copied())
        .collect();
    if earlier.is_empty() {
        return None;
    }
    let label = (scope.lang.text("months_before"))
        .replace("{month}", &scope.lang.month_year(*year, *month0));
    Some(row(scope, label, &earlier))
}

/// Incidents grouped by a key of their local start date, the newest key first.
fn group_by<'f, 'i, K: Ord + Copy>(
    scope: &Scope<'_>,
    incidents: &[&'f Facts<'i>],
    key: impl Fn(NaiveDate) -> K,
) -> Vec<(K, Vec<&'f Facts<'i>>)> {
    let mut groups: Vec<(K, Vec<&Facts<'i>>)> = Vec::new();
    for incident in incidents {
        let k = key(scope.local(incident.incident.started).date_naive());
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, list)) => list.push(incident),
            None => groups.push((k, vec![incident])),
        }
    }
    groups.sort_by_key(|(k, _)| std::cmp::Reverse(*k));
    groups
}

/// Resolved incidents per week (from Monday), every week from the one that holds the first
/// day of the first incident's month to the current one, oldest first.
fn weekly_chart(scope: &Scope<'_>, resolved: &[&Facts<'_>]) -> BarChart {
    let monday =
        |date: NaiveDate| date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let this_week = monday(scope.local(scope.now).date_naive());
    let first = resolved
        .iter()
        .map(|f| {
            let date = scope.local(f.incident.started).date_naive();
            monday(date.with_day(1).unwrap_or(date))
        })
        .min()
        .unwrap_or(this_week);
    let weeks = group_by(scope, resolved, monday);
    let rows: Vec<bar_chart::Row> = std::iter::successors(Some(first), |w| {
        Some(*w + Duration::days(7)).filter(|next| *next <= this_week)
    })
    .map(|week| {
        let count = weeks
            .iter()
            .find(|(w, _)| *w == week)
            .map_or(0, |(_, list)| list.len());
        bar_chart::Row {
            label: scope.fill("week_of", "date", &scope.lang.short_date(week)),
            value: count as f64,
            text: count.to_string(),
        }
    })
    .collect();
    BarChart::new(&rows)
}

/// Each component's availability in each month from the first incident's (at most a year
/// back) to the current one.
fn availability(scope: &Scope<'_>) -> Availability {
    let today = scope.local(scope.now).date_naive();
    let first_incident = scope
        .site
        .incidents
        .iter()
        .filter(|i| i.started <= scope.now)
        .map(|i| scope.local(i.started).date_naive())
        .min()
        .unwrap_or(today);
    let mut months: Vec<NaiveDate> = Vec::new();
    let mut month = today.with_day(1).unwrap_or(today);
    loop {
        months.push(month);
        if month <= first_incident || months.len() == AVAILABILITY_MONTHS {
            break;
        }
        match month.pred_opt().and_then(|d| d.with_day(1)) {
            Some(previous) => month = previous,
            None => break,
        }
    }
    let oldest = months.last().copied().unwrap_or(today);
    let days = (today - oldest).num_days() + 1;
    let by_component = scope
        .site
        .uptime_by_component(u32::try_from(days).unwrap_or(u32::MAX), scope.now);
    let components = scope
        .site
        .config
        .components
        .iter()
        .map(|c| {
            let days = by_component
                .get(c.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let ratios: Vec<f64> = months
                .iter()
                .map(|m| {
                    let month_days: Vec<_> = days
                        .iter()
                        .filter(|d| d.date.year() == m.year() && d.date.month() == m.month())
                        .cloned()
                        .collect();
                    Site::uptime_ratio(&month_days)
                })
                .collect();
            AvailabilityRow {
                name: c.name.clone(),
                percents: ratios
                    .iter()
                    .map(|r| format!("{} %", percent(scope, *r)))
                    .collect(),
                down: ratios.iter().map(|r| *r < 1.0).collect(),
            }
        })
        .collect();
    Availability {
        months: months
            .iter()
            .map(|m| scope.lang.month_year(m.year(), m.month0()))
            .collect(),
        components,
    }
}

/// What the page counts of one resolved incident, worked out once: an incident is in its
/// month's row and in the row of each component it affected.
struct Facts<'i> {
    incident: &'i Incident,
    impact: Option<Duration>,
    promises_kept: usize,
    promises_made: usize,
    detect: Option<Duration>,
    resolve: Option<Duration>,
}

impl<'i> Facts<'i> {
    fn of(scope: &Scope<'_>, incident: &'i Incident) -> Self {
        let record = incident
            .communication_record(scope.site.config.cadence, crate::model::Audience::Public);
        Facts {
            incident,
            impact: impact_of(incident),
            promises_kept: record.promises_kept,
            promises_made: record.promises_made,
            detect: incident.metric(MetricKind::TimeToDetect).value,
            resolve: incident.metric(MetricKind::TimeToResolve).value,
        }
    }
}

/// The numbers of a set of resolved incidents.
fn row(scope: &Scope<'_>, label: String, incidents: &[&Facts<'_>]) -> Row {
    let lang = &scope.lang;
    let impact: Duration = incidents
        .iter()
        .filter_map(|f| f.impact)
        .fold(Duration::zero(), |sum, d| sum + d);
    let (kept, made) = incidents.iter().fold((0, 0), |(kept, made), f| {
        (kept + f.promises_kept, made + f.promises_made)
    });
    Row {
        label,
        incidents: incidents.len(),
        impact: if incidents.is_empty() {
            "—".to_string()
        } else {
            lang.duration(impact)
        },
        impact_minutes: impact.num_minutes(),
        median_detect: median_of(lang, incidents, |f| f.detect),
        median_resolve: median_of(lang, incidents, |f| f.resolve),
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
fn median_of(
    lang: &Lang,
    incidents: &[&Facts<'_>],
    metric: impl Fn(&Facts<'_>) -> Option<Duration>,
) -> String {
    if incidents.is_empty() {
        return "—".to_string();
    }
    let mut values: Vec<Duration> = incidents.iter().filter_map(|f| metric(f)).collect();
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
