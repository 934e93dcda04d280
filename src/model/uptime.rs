//! Uptime: how each component fared, day by day, over the recent past.
//!
//! The definition, shown on the status page and in docs/format.md: a component's time
//! counts as down while an incident gives it `major_outage` (fully) or `partial_outage`
//! (half); `degraded_performance` is shown but is not downtime; maintenance is shown and
//! is never downtime. An incident gives each component the status of its front matter from
//! `started`, then the status each update sets, minute by minute, until its `resolved`
//! update (or the clock, while open). Where incidents overlap, the worst status
//! counts. Every day of the period counts, the current one up to the clock.

use chrono::{Duration, NaiveDate, TimeZone};

use super::{ComponentStatus, Instant, Site};

/// One component on one local day.
#[derive(Debug, Clone, PartialEq)]
pub struct UptimeDay<'a> {
    pub date: NaiveDate,
    /// The worst status the component had during the day.
    pub worst: ComponentStatus,
    /// Minutes with any status other than operational.
    pub affected_minutes: i64,
    /// Minutes counted as down, partial outages weighing half.
    pub down_minutes: f64,
    /// Minutes of the day up to the clock (1440 for a past day).
    pub counted_minutes: i64,
    /// The incidents and maintenance windows that touched it that day, by slug.
    pub incidents: Vec<&'a str>,
    pub maintenances: Vec<&'a str>,
}

/// How much of its time a status counts as downtime.
pub fn down_weight(status: ComponentStatus) -> f64 {
    match status {
        ComponentStatus::MajorOutage => 1.0,
        ComponentStatus::PartialOutage => 0.5,
        _ => 0.0,
    }
}

/// A stretch of time during which something gave the component a status.
struct Stretch<'a> {
    component: &'a str,
    from: Instant,
    to: Instant,
    status: ComponentStatus,
    incident: Option<&'a str>,
    maintenance: Option<&'a str>,
}

impl Site {
    /// The last `days` local days of component `id`, oldest first, the last one being the
    /// day of `now`.
    pub fn uptime_days(&self, id: &str, days: u32, now: Instant) -> Vec<UptimeDay<'_>> {
        self.uptime_by_component(days, now)
            .remove(id)
            .unwrap_or_else(|| uptime_of_days(&self.day_bounds(days, now), &[]))
    }

    /// The last `days` local dates, oldest first, the last one being the day of `now`.
    fn window_dates(&self, days: u32, now: Instant) -> Vec<NaiveDate> {
        let today = self.local_date(now);
        (0..days)
            .rev()
            .filter_map(|back| today.checked_sub_signed(Duration::days(i64::from(back))))
            .collect()
    }

    /// `uptime_days` of every component. Only the incidents and windows that reach the
    /// window are looked at, and each component's stretches are sorted once into the days
    /// they touch: the cost follows what the last `days` days hold, not the whole history.
    pub fn uptime_by_component(
        &self,
        days: u32,
        now: Instant,
    ) -> std::collections::HashMap<&str, Vec<UptimeDay<'_>>> {
        let bounds = self.day_bounds(days, now);
        let window_start = bounds.first().map_or(now, |b| b.start);
        let mut stretches: std::collections::HashMap<&str, Vec<Stretch<'_>>> = self
            .config
            .components
            .iter()
            .map(|c| (c.id.as_str(), Vec::new()))
            .collect();
        for stretch in self.stretches(window_start, now) {
            stretches
                .entry(stretch.component)
                .or_default()
                .push(stretch);
        }
        stretches
            .into_iter()
            .map(|(id, list)| (id, uptime_of_days(&bounds, &list)))
            .collect()
    }

    /// Where each of the last `days` local days begins and ends (its end no later than
    /// `now`), oldest first.
    fn day_bounds(&self, days: u32, now: Instant) -> Vec<DayBounds> {
        self.window_dates(days, now)
            .into_iter()
            .map(|date| {
                let start = self.local_midnight(date);
                let end = self
                    .local_midnight(date.succ_opt().unwrap_or(date))
                    .min(now)
                    .max(start);
                DayBounds { date, start, end }
            })
            .collect()
    }

    /// The share of counted time a component was up, from 0 to 1.
    pub fn uptime_ratio(days: &[UptimeDay<'_>]) -> f64 {
        let counted: i64 = days.iter().map(|d| d.counted_minutes).sum();
        if counted == 0 {
            return 1.0;
        }
        let down: f64 = days.iter().map(|d| d.down_minutes).sum();
        (1.0 - down / counted as f64).clamp(0.0, 1.0)
    }

    /// Every stretch of a non-operational status that overlaps `[from, now]`, each with
    /// its component.
    fn stretches(&self, from: Instant, now: Instant) -> Vec<Stretch<'_>> {
        let incidents = self
            .incidents
            .iter()
            // An incident resolved gives no status after its resolution (its last update):
            // one resolved before `from` has no stretch to look at.
            .filter(|i| i.started <= now && i.resolved_at().is_none_or(|at| at > from))
            .flat_map(|i| {
                i.segments()
                    .into_iter()
                    .filter(|s| !s.status.is_operational() && s.from <= now)
                    .map(move |s| Stretch {
                        component: s.component,
                        from: s.from,
                        to: s.to.filter(|t| *t <= now).unwrap_or(now),
                        status: s.status,
                        incident: Some(i.slug.as_str()),
                        maintenance: None,
                    })
            });
        let maintenances = self
            .maintenances
            .iter()
            .filter(|m| m.starts <= now)
            .flat_map(|m| {
                let to = m.completed_at().min(m.ends.max(m.starts)).min(now);
                m.components.iter().map(move |c| Stretch {
                    component: c.as_str(),
                    from: m.starts,
                    to,
                    status: ComponentStatus::UnderMaintenance,
                    incident: None,
                    maintenance: Some(m.slug.as_str()),
                })
            });
        incidents
            .chain(maintenances)
            .filter(|s| s.to > s.from && s.to > from)
            .collect()
    }

    /// The local date of an instant, in the site's timezone (or its own offset).
    fn local_date(&self, t: Instant) -> NaiveDate {
        match self.config.timezone {
            Some(tz) => t.with_timezone(&tz).date_naive(),
            None => t.with_timezone(&chrono::Utc).date_naive(),
        }
    }

    /// The instant a local day begins (the first valid local time on daylight-saving days).
    fn local_midnight(&self, date: NaiveDate) -> Instant {
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        match self.config.timezone {
            Some(tz) => tz
                .from_local_datetime(&midnight)
                .earliest()
                .unwrap_or_else(|| tz.from_utc_datetime(&midnight))
                .fixed_offset(),
            None => chrono::Utc.from_utc_datetime(&midnight).fixed_offset(),
        }
    }
}

/// One local day of the window: where it begins, and where it ends (no later than the
/// clock).
struct DayBounds {
    date: NaiveDate,
    start: Instant,
    end: Instant,
}

/// The days of `bounds` for one component, from its stretches in the order found: each
/// stretch is looked at on the days it touches only.
fn uptime_of_days<'a>(bounds: &[DayBounds], stretches: &[Stretch<'a>]) -> Vec<UptimeDay<'a>> {
    let mut touching: Vec<Vec<&Stretch<'a>>> = bounds.iter().map(|_| Vec::new()).collect();
    for stretch in stretches {
        // The days end in order: those before `first` end before the stretch begins.
        let first = bounds.partition_point(|day| day.end <= stretch.from);
        for (day, inside) in bounds[first..].iter().zip(&mut touching[first..]) {
            if day.start >= stretch.to {
                break;
            }
            if stretch.from < day.end && stretch.to > day.start {
                inside.push(stretch);
            }
        }
    }
    bounds
        .iter()
        .zip(touching)
        .map(|(day, inside)| uptime_day(day, &inside))
        .collect()
}

/// One component's day, from the stretches that overlap it.
fn uptime_day<'a>(day: &DayBounds, inside: &[&Stretch<'a>]) -> UptimeDay<'a> {
    let (start, end) = (day.start, day.end);
    let mut cuts: Vec<Instant> = vec![start, end];
    for s in inside {
        cuts.extend([s.from.max(start), s.to.min(end)]);
    }
    cuts.sort();
    cuts.dedup();
    let mut affected = 0;
    let mut down = 0.0;
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let worst = inside
            .iter()
            .filter(|s| s.from <= from && s.to >= to)
            .map(|s| s.status)
            .max();
        if let Some(status) = worst {
            let minutes = (to - from).num_seconds() as f64 / 60.0;
            affected += (to - from).num_seconds();
            down += minutes * down_weight(status);
        }
    }
    let mut incidents: Vec<&'a str> = inside.iter().filter_map(|s| s.incident).collect();
    incidents.dedup();
    let mut maintenances: Vec<&'a str> = inside.iter().filter_map(|s| s.maintenance).collect();
    maintenances.dedup();
    UptimeDay {
        date: day.date,
        worst: inside
            .iter()
            .map(|s| s.status)
            .max()
            .unwrap_or(ComponentStatus::Operational),
        affected_minutes: (affected + 59) / 60,
        down_minutes: down,
        counted_minutes: (end - start).num_minutes(),
        incidents,
        maintenances,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{at, config, incident, maintenance};
    use crate::model::{Impact, UpdateStatus};

    fn site(
        incidents: Vec<crate::model::Incident>,
        maintenances: Vec<crate::model::Maintenance>,
    ) -> Site {
        let mut config = config();
        config.timezone = Some(chrono_tz::Europe::Paris);
        Site {
            config,
            incidents,
            maintenances,
        }
    }

    /// An incident on `api` with `status`, from `from` to a resolution at `to` (open if None).
    fn outage(from: &str, to: Option<&str>, status: ComponentStatus) -> crate::model::Incident {
        let mut updates = vec![(from, UpdateStatus::Investigating, None)];
        if let Some(to) = to {
            updates.push((to, UpdateStatus::Resolved, None));
        }
        let mut i = incident(Impact::Major, &updates);
        i.started = at(from);
        i.affected[0].status = status;
        i
    }

    fn day<'a>(days: &'a [UptimeDay<'a>], date: &str) -> &'a UptimeDay<'a> {
        days.iter()
            .find(|d| d.date.to_string() == date)
            .expect("day in range")
    }

    #[test]
    fn an_incident_across_midnight_counts_on_both_local_days() {
        // 23:00 to 01:30 in Paris (UTC+1 in January).
        let site = site(
            vec![outage(
                "2026-01-10T22:00:00Z",
                Some("2026-01-11T00:30:00Z"),
                ComponentStatus::MajorOutage,
            )],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        assert_eq!(days.len(), 90);
        let first = day(&days, "2026-01-10");
        assert_eq!((first.affected_minutes, first.down_minutes), (60, 60.0));
        assert_eq!(first.worst, ComponentStatus::MajorOutage);
        let second = day(&days, "2026-01-11");
        assert_eq!((second.affected_minutes, second.down_minutes), (90, 90.0));
        assert_eq!(second.incidents, ["i"]);
        assert_eq!(day(&days, "2026-01-12").worst, ComponentStatus::Operational);
    }

    #[test]
    fn partial_outages_weigh_half_and_degraded_performance_nothing() {
        let site = site(
            vec![
                outage(
                    "2026-01-10T08:00:00Z",
                    Some("2026-01-10T10:00:00Z"),
                    ComponentStatus::PartialOutage,
                ),
                outage(
                    "2026-01-11T08:00:00Z",
                    Some("2026-01-11T10:00:00Z"),
                    ComponentStatus::DegradedPerformance,
                ),
            ],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        assert_eq!(day(&days, "2026-01-10").down_minutes, 60.0);
        let degraded = day(&days, "2026-01-11");
        assert_eq!(
            (degraded.affected_minutes, degraded.down_minutes),
            (120, 0.0)
        );
    }

    #[test]
    fn overlapping_incidents_count_once_at_the_worst_status() {
        let site = site(
            vec![
                outage(
                    "2026-01-10T08:00:00Z",
                    Some("2026-01-10T10:00:00Z"),
                    ComponentStatus::PartialOutage,
                ),
                outage(
                    "2026-01-10T09:00:00Z",
                    Some("2026-01-10T11:00:00Z"),
                    ComponentStatus::MajorOutage,
                ),
            ],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        let d = day(&days, "2026-01-10");
        assert_eq!(d.affected_minutes, 180);
        assert_eq!(d.down_minutes, 30.0 + 120.0);
    }

    #[test]
    fn maintenance_shows_but_is_never_downtime() {
        let mut m = maintenance("2026-01-10T21:00:00Z", "2026-01-10T23:00:00Z");
        m.slug = "works".into();
        let site = site(Vec::new(), vec![m]);
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        let d = day(&days, "2026-01-10");
        assert_eq!(d.worst, ComponentStatus::UnderMaintenance);
        assert_eq!(d.down_minutes, 0.0);
        assert_eq!(d.maintenances, ["works"]);
        assert_eq!(Site::uptime_ratio(&days), 1.0);
    }

    #[test]
    fn an_open_incident_counts_up_to_the_clock_and_today_is_partial() {
        let site = site(
            vec![outage(
                "2026-01-20T10:00:00Z",
                None,
                ComponentStatus::MajorOutage,
            )],
            Vec::new(),
        );
        let now = at("2026-01-20T11:00:00Z");
        let days = site.uptime_days("api", 90, now);
        let today = days.last().expect("today");
        assert_eq!(today.date.to_string(), "2026-01-20");
        assert_eq!(
            today.counted_minutes,
            11 * 60 + 60,
            "midnight Paris is 23:00 UTC"
        );
        assert_eq!(today.down_minutes, 60.0);
        // 90 days back reach 26 October 2025, when Paris left summer time: 25 hours.
        let counted = 88 * 1440 + 25 * 60 + 12 * 60;
        let expected = 1.0 - 60.0 / f64::from(counted);
        assert!((Site::uptime_ratio(&days) - expected).abs() < 1e-12);
    }

    #[test]
    fn each_status_an_update_sets_weighs_for_as_long_as_it_lasted() {
        // Major outage 09:00-10:00 Paris, partial outage until 11:00, then operational
        // until the resolution at 12:00: 60 + 30 minutes down, 120 affected.
        let mut i = outage(
            "2026-01-10T08:00:00Z",
            Some("2026-01-10T11:00:00Z"),
            ComponentStatus::MajorOutage,
        );
        for (t, status) in [
            ("2026-01-10T09:00:00Z", ComponentStatus::PartialOutage),
            ("2026-01-10T10:00:00Z", ComponentStatus::Operational),
        ] {
            let mut update = i.updates[0].clone();
            update.at = at(t);
            update.components = vec![crate::model::ComponentChange {
                id: "api".into(),
                status,
                pos: crate::model::Pos::default(),
            }];
            i.updates.insert(i.updates.len() - 1, update);
        }
        let site = site(vec![i], Vec::new());
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        let d = day(&days, "2026-01-10");
        assert_eq!((d.affected_minutes, d.down_minutes), (120, 90.0));
        assert_eq!(d.worst, ComponentStatus::MajorOutage);
        assert_eq!(
            site.incidents[0].status_at("api", at("2026-01-10T09:30:00Z")),
            Some(ComponentStatus::PartialOutage)
        );
    }

    #[test]
    fn the_window_is_the_last_days_up_to_today() {
        let site = site(
            vec![outage(
                "2025-10-20T10:00:00Z",
                Some("2025-10-22T10:00:00Z"),
                ComponentStatus::MajorOutage,
            )],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T11:00:00Z"));
        assert_eq!(days[0].date.to_string(), "2025-10-23");
        assert!(
            days.iter().all(|d| d.incidents.is_empty()),
            "ended before the window"
        );
        let days = site.uptime_days("api", 91, at("2026-01-20T11:00:00Z"));
        assert_eq!(days[0].date.to_string(), "2025-10-22");
        assert_eq!(
            days[0].down_minutes,
            12.0 * 60.0,
            "until 10:00 UTC, 12:00 in Paris (summer time)"
        );
    }

    #[test]
    fn an_incident_from_local_midnight_to_local_midnight_marks_only_its_own_day() {
        // From midnight to midnight in Paris (23:00 UTC the evening before).
        let site = site(
            vec![outage(
                "2026-01-09T23:00:00Z",
                Some("2026-01-10T23:00:00Z"),
                ComponentStatus::MajorOutage,
            )],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        let before = day(&days, "2026-01-09");
        assert_eq!(before.worst, ComponentStatus::Operational);
        assert!(before.incidents.is_empty(), "{before:?}");
        let during = day(&days, "2026-01-10");
        assert_eq!(during.worst, ComponentStatus::MajorOutage);
        assert_eq!(
            (during.affected_minutes, during.down_minutes),
            (1440, 1440.0)
        );
        let after = day(&days, "2026-01-11");
        assert_eq!(after.worst, ComponentStatus::Operational);
        assert!(after.incidents.is_empty(), "{after:?}");
        assert_eq!(after.down_minutes, 0.0);
    }

    #[test]
    fn an_incident_of_no_length_leaves_the_day_operational() {
        let site = site(
            vec![outage(
                "2026-01-10T09:00:00Z",
                Some("2026-01-10T09:00:00Z"),
                ComponentStatus::MajorOutage,
            )],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        let d = day(&days, "2026-01-10");
        assert_eq!(d.worst, ComponentStatus::Operational);
        assert!(d.incidents.is_empty());
        assert_eq!((d.affected_minutes, d.down_minutes), (0, 0.0));
        assert_eq!(Site::uptime_ratio(&days), 1.0);
    }

    #[test]
    fn a_part_of_a_minute_counts_as_a_minute_affected() {
        let site = site(
            vec![outage(
                "2026-01-10T09:00:00Z",
                Some("2026-01-10T09:00:30Z"),
                ComponentStatus::MajorOutage,
            )],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T12:00:00Z"));
        let d = day(&days, "2026-01-10");
        assert_eq!((d.affected_minutes, d.down_minutes), (1, 0.5));
    }

    #[test]
    fn an_incident_open_since_before_the_window_counts_on_every_day() {
        let site = site(
            vec![
                outage("2025-06-01T10:00:00Z", None, ComponentStatus::PartialOutage),
                // Resolved long before the window: nothing in it.
                outage(
                    "2025-06-01T10:00:00Z",
                    Some("2025-06-02T10:00:00Z"),
                    ComponentStatus::MajorOutage,
                ),
            ],
            Vec::new(),
        );
        let days = site.uptime_days("api", 90, at("2026-01-20T11:00:00Z"));
        assert!(days[..89].iter().all(|d| d.counted_minutes >= 1380
            && d.down_minutes == d.counted_minutes as f64 / 2.0
            && d.worst == ComponentStatus::PartialOutage));
        assert_eq!(days[89].down_minutes, 12.0 * 60.0 / 2.0);
        assert!(days.iter().all(|d| d.incidents.len() == 1));
    }

    #[test]
    fn an_incident_reopened_in_the_window_counts_from_its_new_update() {
        // Resolved in June, then an update in January sets it investigating again.
        let mut i = outage(
            "2025-06-01T10:00:00Z",
            Some("2025-06-02T10:00:00Z"),
            ComponentStatus::MajorOutage,
        );
        let mut reopened = i.updates[0].clone();
        reopened.at = at("2026-01-10T08:00:00Z");
        i.updates.push(reopened);
        let site = site(vec![i], Vec::new());
        let days = site.uptime_days("api", 90, at("2026-01-10T12:00:00Z"));
        let today = days.last().expect("today");
        assert_eq!(today.down_minutes, 4.0 * 60.0);
        assert_eq!(day(&days, "2026-01-09").worst, ComponentStatus::Operational);
    }
}
