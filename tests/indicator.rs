//! The site's overall state, as the status page's banner, the API's `status.json` and the
//! badge say it, for each kind of open incident and beside maintenance.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, build_root, read, site};
use serde_json::Value;

/// An incident on `api` since 09:00 on 1 May 2026 (Paris), still open.
fn open_incident(impact: &str) -> String {
    format!(
        "---\ntitle: Slow search\nimpact: {impact}\nstarted: 2026-05-01 09:00\ncomponents:\n  api: degraded_performance\n---\n\n## Updates\n\n### 09:05 [investigating]\nSearch answers slowly.\n"
    )
}

const WORKS: &str = "---\ntitle: Router swap\nstarts: 2026-05-01 09:30\nends: 2026-05-01 11:00\ncomponents: [web]\n---\nThe web app may pause.\n";

/// What the site says of itself at 10:00: the banner, the API's indicator and
/// description, and the badge's words and colour.
fn overall(files: &[(&str, &str)]) -> (String, String, String, String, String) {
    overall_at(files, "2026-05-01 10:00")
}

fn overall_at(files: &[(&str, &str)], now: &str) -> (String, String, String, String, String) {
    let mut all = vec![("config.toml", CONFIG)];
    all.extend_from_slice(files);
    let dir = site(&all);
    let (_guard, out) = build_root(dir.path(), now);
    let index = read(&out.join("index.html"));
    let start = index.find("<h1 id=\"banner-title\">").expect("banner") + 22;
    let banner = index[start..start + index[start..].find("</h1>").expect("closed")].to_string();
    let status: Value =
        serde_json::from_str(&read(&out.join("api/v2/status.json"))).expect("valid JSON");
    let badge = read(&out.join("badges/status.svg"));
    let label = badge
        .split("aria-label=\"status: ")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("badge label")
        .to_string();
    let fill = badge
        .split("<rect x=")
        .nth(1)
        .and_then(|rect| rect.split("fill=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("the message's colour")
        .to_string();
    (
        banner,
        status["status"]["indicator"]
            .as_str()
            .expect("indicator")
            .into(),
        status["status"]["description"]
            .as_str()
            .expect("description")
            .into(),
        label,
        fill,
    )
}

#[test]
fn a_minor_incident_alone_is_a_minor_disruption_not_all_systems_operational() {
    let incident = open_incident("minor");
    let (banner, indicator, description, badge, colour) =
        overall(&[("content/incidents/search.md", &incident)]);
    assert_eq!(banner, "Minor disruption");
    assert_eq!(indicator, "minor");
    assert_eq!(description, "Minor Service Outage");
    assert_eq!(badge, "Minor disruption");
    assert_eq!(colour, "#8a5a00", "amber, not green");
}

#[test]
fn a_minor_incident_outranks_maintenance_in_progress() {
    let incident = open_incident("minor");
    let (banner, indicator, _, badge, _) = overall(&[
        ("content/incidents/search.md", &incident),
        ("content/maintenance/router.md", WORKS),
    ]);
    assert_eq!(
        (banner.as_str(), indicator.as_str(), badge.as_str()),
        ("Minor disruption", "minor", "Minor disruption")
    );
}

#[test]
fn an_incident_without_impact_leaves_the_site_operational_or_in_maintenance() {
    let incident = open_incident("none");
    let (banner, indicator, description, badge, colour) =
        overall(&[("content/incidents/search.md", &incident)]);
    assert_eq!(banner, "All systems operational");
    assert_eq!(indicator, "none");
    assert_eq!(description, "All Systems Operational");
    assert_eq!(badge, "All systems operational");
    assert_eq!(colour, "#1a7f4b");
    let (banner, indicator, _, badge, colour) = overall(&[
        ("content/incidents/search.md", &incident),
        ("content/maintenance/router.md", WORKS),
    ]);
    assert_eq!(
        (banner.as_str(), indicator.as_str(), badge.as_str()),
        (
            "Maintenance in progress",
            "maintenance",
            "Maintenance in progress"
        )
    );
    assert_eq!(colour, "#1f5fad");
}

#[test]
fn an_incident_counts_from_the_minute_it_started() {
    // Its first update at the minute it starts: a clock a minute earlier is within the few
    // minutes two machines' clocks may differ, so the site still builds.
    let incident = open_incident("major").replace("### 09:05", "### 09:00");
    let files = [("content/incidents/search.md", incident.as_str())];
    assert_eq!(
        overall_at(&files, "2026-05-01 08:59").1,
        "none",
        "not yet started"
    );
    assert_eq!(overall_at(&files, "2026-05-01 09:00").1, "major");
}
