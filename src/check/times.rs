//! The times of an incident against each other and against the build's clock: updates in
//! time order, nothing dated after the clock. A page that shows a wrong latest update, or an
//! incident that has not happened yet, is worse than no page.

use chrono::Duration;

use super::shown;
use crate::diagnostic::Diagnostic;
use crate::model::{Incident, Instant};

/// How far after the build's clock an update may be dated: the clocks of the machine that
/// wrote it and of the one that builds may differ by a little.
pub const CLOCK_SLACK: Duration = Duration::minutes(5);

/// Every check of an incident's times at `now`.
pub fn check_incident(incident: &Incident, now: Instant) -> Vec<Diagnostic> {
    let mut found = updates_out_of_order(incident);
    found.extend(updates_in_the_future(incident, now));
    found.extend(incident_in_the_future(incident, now));
    found
}

/// An update dated before the one above it: the page and the API would disagree on which
/// is the latest, and the file reads wrong.
fn updates_out_of_order(incident: &Incident) -> Vec<Diagnostic> {
    incident
        .updates
        .windows(2)
        .filter(|pair| pair[1].at < pair[0].at)
        .map(|pair| {
            Diagnostic::error(
                &incident.source,
                pair[1].pos,
                "update",
                format!(
                    "this update ({}) is earlier than the one above it ({})",
                    shown(pair[1].at),
                    shown(pair[0].at)
                ),
            )
            .with_hint("write updates in time order, each new one at the end of the section; check its date")
        })
        .collect()
}

/// An update dated after the build's clock (beyond a few minutes): it has not been posted.
fn updates_in_the_future(incident: &Incident, now: Instant) -> Vec<Diagnostic> {
    incident
        .updates
        .iter()
        .filter(|u| u.at > now + CLOCK_SLACK)
        .map(|u| {
            Diagnostic::error(
                &incident.source,
                u.pos,
                "update",
                format!(
                    "the update is dated {}, after the build's clock ({})",
                    shown(u.at),
                    shown(now)
                ),
            )
            .with_hint("an update is written when it is posted: check its date (a time alone follows the update above it)")
        })
        .collect()
}

/// An incident that starts after the build's clock: an incident is written once it has
/// begun. Maintenance, announced ahead, is another kind of file.
fn incident_in_the_future(incident: &Incident, now: Instant) -> Option<Diagnostic> {
    (incident.started > now + CLOCK_SLACK).then(|| {
        Diagnostic::error(
            &incident.source,
            incident.positions.get("started"),
            "started",
            format!(
                "the incident starts in the future ({}, the build's clock is {})",
                shown(incident.started),
                shown(now)
            ),
        )
        .with_hint("check the date of `started`; work announced ahead is a maintenance: `vigie new maintenance`")
    })
}
