//! `maintenance.ics`: the maintenance windows as an iCalendar feed (RFC 5545) that calendar
//! apps subscribe to; and beside each window's page, that window alone, to add to a calendar. Written here rather than by a template: the format's escaping and
//! line folding are rules, not layout.

use chrono::Utc;

use super::scope::Scope;
use crate::markdown::to_plain_text;
use crate::model::{Instant, Maintenance, MaintenanceState};

/// The calendar's text, lines ending in CRLF.
pub fn render(scope: &Scope<'_>) -> String {
    let config = &scope.site.config;
    let mut lines = head();
    lines.extend([
        format!(
            "X-WR-CALNAME:{}",
            text(&format!(
                "{} · {}",
                config.title,
                scope.lang.text("maintenance")
            ))
        ),
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H".to_string(),
        "X-PUBLISHED-TTL:PT1H".to_string(),
    ]);
    for maintenance in scope
        .site
        .maintenances
        .iter()
        .filter(|m| within_horizon(scope.now, m))
    {
        lines.extend(event(scope, maintenance));
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|line| fold(line)).collect()
}

/// How far back the calendar keeps windows that ended: a subscribed calendar keeps what
/// it has seen, so the feed needs only what may still change or be looked up.
pub const CALENDAR_PAST_DAYS: i64 = 90;

/// How far ahead the calendar lists windows.
pub const CALENDAR_FUTURE_DAYS: i64 = 366;

/// Whether the calendar feed lists `maintenance`: it has not ended more than
/// `CALENDAR_PAST_DAYS` ago, and starts within `CALENDAR_FUTURE_DAYS`. The feed stays
/// small whatever the history; each window keeps its own calendar file beside its page.
pub fn within_horizon(now: Instant, maintenance: &Maintenance) -> bool {
    event_end(now, maintenance) >= now - chrono::Duration::days(CALENDAR_PAST_DAYS)
        && maintenance.starts <= now + chrono::Duration::days(CALENDAR_FUTURE_DAYS)
}

/// When a window's event ends: when it was completed, or when it is planned to end.
fn event_end(now: Instant, maintenance: &Maintenance) -> Instant {
    if maintenance.state(now) == MaintenanceState::Completed {
        maintenance.completed_at().max(maintenance.starts)
    } else {
        maintenance.ends
    }
}

/// Where a window's own calendar file is written, under the output folder.
pub fn event_path(slug: &str) -> String {
    format!("maintenance/{slug}/{slug}.ics")
}

/// One window as a calendar of its own (no feed properties: it is imported once), with the
/// same event, so that a calendar that also subscribes to the feed keeps one copy.
pub fn render_event(scope: &Scope<'_>, maintenance: &Maintenance) -> String {
    let mut lines = head();
    lines.extend(event(scope, maintenance));
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|line| fold(line)).collect()
}

/// The lines every calendar opens with.
fn head() -> Vec<String> {
    vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//vigie//maintenance calendar//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ]
}

fn event(scope: &Scope<'_>, maintenance: &Maintenance) -> Vec<String> {
    let url = scope.absolute_url(&format!("maintenance/{}/", maintenance.slug));
    let host = url
        .split_once("://")
        .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
    let updates: Vec<_> = maintenance
        .updates
        .iter()
        .filter(|u| u.at <= scope.now)
        .collect();
    let changed = maintenance
        .last_change(scope.now)
        .unwrap_or(maintenance.starts);
    let components: Vec<&str> = maintenance
        .components
        .iter()
        .filter_map(|id| scope.site.config.component(id))
        .map(|c| c.name.as_str())
        .collect();
    let mut description = to_plain_text(&maintenance.description);
    if !components.is_empty() {
        description.push_str(&format!(
            "\n\n{}{}{}",
            scope.lang.text("affected_components"),
            scope.lang.text("colon"),
            components.join(", ")
        ));
    }
    description.push_str(&format!("\n\n{url}"));
    let ends = event_end(scope.now, maintenance);
    vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@{}", maintenance.slug, host),
        format!("DTSTAMP:{}", utc(changed)),
        format!("LAST-MODIFIED:{}", utc(changed)),
        format!("SEQUENCE:{}", updates.len()),
        format!("DTSTART:{}", utc(maintenance.starts)),
        format!("DTEND:{}", utc(ends)),
        format!("SUMMARY:{}", text(&maintenance.title)),
        format!("DESCRIPTION:{}", text(&description)),
        format!("URL:{url}"),
        "STATUS:CONFIRMED".to_string(),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ]
}

/// A UTC date-time: `20261128T210000Z`.
fn utc(t: Instant) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, never inside a character (RFC 5545 §3.1), and ends
/// it with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn text_values_escape_what_rfc_5545_reserves() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
