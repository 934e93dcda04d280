//! Component status per update: an update moves a component (`api: operational` in its
//! brackets), and the status page, the uptime bars, the API, the feeds and the postmortem
//! all follow the same minute-by-minute segments. Invalid settings are refused with the
//! exact message.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{build_root, read, site, vigie, visible_text};
use serde_json::{Value, json};

const CONFIG: &str = r#"title = "Test status"
base_url = "https://status.example.com/"
language = "en"
timezone = "Europe/Paris"

[[components]]
id = "api"
name = "API"
group = "Platform"

[[components]]
id = "web"
name = "Web app"
"#;

/// The API down and the web app partly down from 09:00; at 10:00 the API is back and the
/// web app only slow; `rest` is appended to the updates.
fn incident(rest: &str) -> String {
    let postmortem = if rest.contains("[resolved]") {
        "published"
    } else {
        "draft"
    };
    format!(
        "---\ntitle: API and web app down\nimpact: major\nstarted: 2026-05-01 09:00\n\
         components:\n  api: major_outage\n  web: partial_outage\npostmortem: {postmortem}\n---\n\
         ## Updates\n### 09:10 [investigating]\nBoth are down.\n\
         ### 10:00 [identified, api: operational, web: performances dégradées]\n\
         The API is back; the web app is slow.\n{rest}\n## Summary\nTwo steps.\n"
    )
}

fn built(rest: &str, now: &str) -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/steps.md", &incident(rest)),
    ]);
    let (guard, out) = build_root(dir.path(), now);
    (dir, guard, out)
}

fn json_of(out: &std::path::Path, file: &str) -> Value {
    serde_json::from_str(&read(&out.join("api/v2").join(file))).expect("json")
}

fn component<'a>(components: &'a Value, id: &str) -> &'a Value {
    components
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// A component's entry on the status page, up to the next component.
fn entry<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!(r#"<li class="component" id="component-{id}""#))
        .unwrap_or_else(|| panic!("no {id}"));
    let rest = &page[start + 1..];
    let end = rest
        .find(r#"<li class="component" "#)
        .map_or(page.len(), |e| start + 1 + e);
    &page[start..end]
}

#[test]
fn the_status_page_shows_the_api_back_while_the_web_app_is_still_slow() {
    let (_dir, _guard, out) = built("", "2026-05-01 10:30");
    let page = read(&out.join("index.html"));
    let api = visible_text(entry(&page, "api"));
    let web = visible_text(entry(&page, "web"));
    assert!(api.starts_with("API Operational"), "{api}");
    assert!(web.starts_with("Web app Degraded performance"), "{web}");
    let incident = read(&out.join("incidents/steps/index.html"));
    assert!(
        visible_text(&incident).contains("API Operational Web app Degraded performance"),
        "the update says what it moved"
    );
}

#[test]
fn the_api_reports_each_update_old_and_new_statuses_and_when_each_component_moved() {
    let (_dir, _guard, out) = built("", "2026-05-01 10:30");
    let summary = json_of(&out, "summary.json");
    let components = &summary["components"];
    assert_eq!(component(components, "api")["status"], "operational");
    assert_eq!(
        component(components, "web")["status"],
        "degraded_performance"
    );
    assert_eq!(
        component(components, "api")["updated_at"],
        component(components, "web")["updated_at"],
        "both moved at 10:00"
    );
    let incident = &summary["incidents"][0];
    assert_eq!(
        incident["started_at"], "2026-05-01T09:00:00.000+02:00",
        "the page's own offset, as Statuspage writes it"
    );
    assert_eq!(summary["page"]["url"], "https://status.example.com");
    let positions: Vec<(&str, i64)> = components
        .as_array()
        .expect("list")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id"),
                c["position"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        positions,
        [("group-platform", 1), ("api", 1), ("web", 2)],
        "positions count from 1 inside a group"
    );
    let updates = &incident["incident_updates"];
    assert_eq!(
        updates[0]["affected_components"],
        json!([
            {"code": "api", "name": "Platform - API", "old_status": "major_outage", "new_status": "operational"},
            {"code": "web", "name": "Web app", "old_status": "partial_outage", "new_status": "degraded_performance"}
        ])
    );
    assert_eq!(
        updates[1]["affected_components"],
        json!([
            {"code": "api", "name": "Platform - API", "old_status": "operational", "new_status": "major_outage"},
            {"code": "web", "name": "Web app", "old_status": "operational", "new_status": "partial_outage"}
        ])
    );
}

#[test]
fn resolving_gives_back_only_what_was_still_affected_and_the_postmortem_draws_each_lane() {
    let (_dir, _guard, out) = built("### 11:00 [resolved]\nAll good.\n", "2026-05-01 12:00");
    let summary = json_of(&out, "incidents.json");
    assert_eq!(
        summary["incidents"][0]["incident_updates"][0]["affected_components"],
        json!([{"code": "web", "name": "Web app", "old_status": "degraded_performance", "new_status": "operational"}])
    );
    let postmortem = visible_text(&read(&out.join("incidents/steps/postmortem/index.html")));
    for lane in [
        "API: Major outage from Friday 1 May 2026, 09:00 to Friday 1 May 2026, 10:00 (1 h).",
        "API: Operational from Friday 1 May 2026, 10:00 to Friday 1 May 2026, 11:00 (1 h).",
        "Web app: Partial outage from Friday 1 May 2026, 09:00 to Friday 1 May 2026, 10:00 (1 h).",
        "Web app: Degraded performance from Friday 1 May 2026, 10:00 to Friday 1 May 2026, 11:00 (1 h).",
    ] {
        assert!(postmortem.contains(lane), "missing {lane}");
    }
    assert!(
        postmortem.contains("API (Major outage), Web app (Partial outage)"),
        "the key facts give each component the worst status it had"
    );
    let page = read(&out.join("index.html"));
    // One hour of major outage for the API; one of partial outage (half) for the web app.
    assert!(
        entry(&page, "api").contains("Friday 1 May: Major outage for 1 h (API and web app down)")
    );
    assert!(
        entry(&page, "web").contains("Friday 1 May: Partial outage for 2 h (API and web app down)")
    );
    // 89 whole days and today up to 12:00.
    let ninety_days: f64 = 89.0 * 1440.0 + 12.0 * 60.0;
    for (id, down) in [("api", 60.0_f64), ("web", 30.0)] {
        // Shown rounded down: 99.977 is 99.97.
        let uptime = (10_000.0 * (1.0 - down / ninety_days)).floor() / 100.0;
        let shown = format!("{uptime:.2}% uptime");
        assert!(entry(&page, id).contains(&shown), "{id}: {shown}");
    }
    let feed = read(&out.join("history.atom"));
    assert!(feed.contains("&lt;p&gt;API: Operational · Web app: Degraded performance&lt;/p&gt;"));
}

fn errors(rest: &str) -> String {
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/steps.md", &incident(rest)),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root, "--now", "2026-05-01 12:00"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stderr
}

const TAIL: &str = "1 error, 0 warnings\nnothing was written: fix the errors above and run again\n";

#[test]
fn an_unknown_component_gets_the_closest_as_a_hint() {
    assert_eq!(
        errors("### 10:30 [monitoring, apii: operational]\nWatching.\n"),
        format!(
            "error: content/incidents/steps.md:15:24: update.components.apii: unknown component `apii`\n  hint: did you mean `api`? Known components: api, web\n{TAIL}"
        )
    );
}

#[test]
fn an_unknown_status_points_at_the_word() {
    assert_eq!(
        errors("### 10:30 [monitoring, web: panne partiele]\nWatching.\n"),
        format!(
            "error: content/incidents/steps.md:15:29: update.components.web: `panne partiele` is not a component status\n  hint: did you mean `panne partielle`? Accepted: operational, under_maintenance, degraded_performance, partial_outage, major_outage\n{TAIL}"
        )
    );
}

#[test]
fn a_component_the_incident_does_not_affect_must_be_declared() {
    let dir = site(&[
        (
            "config.toml",
            &format!("{CONFIG}\n[[components]]\nid = \"mail\"\nname = \"Mail\"\n"),
        ),
        (
            "content/incidents/steps.md",
            &incident("### 10:30 [monitoring, mail: major_outage]\nWatching.\n"),
        ),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root, "--now", "2026-05-01 12:00"]);
    assert_eq!(
        run.stderr,
        format!(
            "error: content/incidents/steps.md:15:24: update.components.mail: `mail` is not among the components this incident affects\n  hint: add it under `components:` in the front matter with its status when the incident started, e.g. `mail: major_outage`\n{TAIL}"
        )
    );
}

#[test]
fn resolving_cannot_leave_a_component_affected() {
    assert_eq!(
        errors("### 11:00 [resolved, web: degraded_performance]\nDone.\n"),
        format!(
            "error: content/incidents/steps.md:15:22: update.components.web: the incident is resolved here, yet this update leaves `web` degraded_performance\n  hint: resolving sets every component back to operational: post a `monitoring` update while a component is still affected, and resolve once it is not\n{TAIL}"
        )
    );
}
