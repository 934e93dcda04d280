//! The Statuspage-compatible JSON API under `api/v2/`: expected values on fixtures. The
//! files are also validated against the project's JSON Schema by `conformance/run`.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use common::{all_files, build_fixture, read};
use serde_json::{Value, json};

fn api(out: &Path, file: &str) -> Value {
    serde_json::from_str(&read(&out.join("api/v2").join(file))).expect("valid JSON")
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|v| v["id"].as_str().expect("id"))
        .collect()
}

#[test]
fn every_api_file_is_written() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    for file in [
        "summary.json",
        "status.json",
        "components.json",
        "incidents.json",
        "incidents/unresolved.json",
        "scheduled-maintenances.json",
        "scheduled-maintenances/upcoming.json",
        "scheduled-maintenances/active.json",
    ] {
        let value = api(&out, file);
        assert_eq!(value["page"]["name"], "Every status", "{file}");
    }
}

#[test]
fn status_and_page_say_what_statuspage_says() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    let status = api(&out, "status.json");
    assert_eq!(
        status,
        json!({
            "page": {
                "id": status["page"]["id"],
                "name": "Every status",
                "url": "https://status.example.com/sub",
                "time_zone": "UTC",
                "updated_at": "2026-05-01T09:30:00.000Z"
            },
            "status": { "indicator": "critical", "description": "Major System Outage" }
        })
    );
    let id = status["page"]["id"].as_str().expect("page id");
    assert_eq!(id.len(), 12);
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
}

#[test]
fn components_carry_the_derived_status_in_order() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    let components = api(&out, "components.json")["components"].clone();
    let got: Vec<(&str, &str, i64)> = components
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id"),
                c["status"].as_str().expect("status"),
                c["position"].as_i64().expect("position"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("calm", "operational", 1),
            ("slow", "degraded_performance", 2),
            ("half", "partial_outage", 3),
            ("down", "major_outage", 4),
            ("works", "under_maintenance", 5),
            ("healed", "operational", 6),
            ("mixed", "partial_outage", 7),
        ]
    );
    assert_eq!(components[6]["updated_at"], "2026-05-01T08:35:00.000Z");
}

#[test]
fn groups_are_components_listing_their_members() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let components = api(&out, "components.json")["components"].clone();
    assert_eq!(
        ids(&components),
        ["group-platform", "api", "web", "reports"]
    );
    let group = &components[0];
    assert_eq!(group["group"], true);
    assert_eq!(group["components"], json!(["api", "web"]));
    assert_eq!(group["status"], "partial_outage", "its worst member");
    assert_eq!(components[1]["group_id"], "group-platform");
    assert_eq!(components[3]["group_id"], Value::Null);
    assert!(components[3].get("components").is_none());
}

#[test]
fn unresolved_incidents_are_the_open_ones_with_their_updates_newest_first() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let open = api(&out, "incidents/unresolved.json")["incidents"].clone();
    assert_eq!(ids(&open), ["api-errors"]);
    let incident = &open[0];
    assert_eq!(incident["status"], "identified");
    assert_eq!(incident["impact"], "major");
    assert_eq!(incident["started_at"], "2026-03-02T09:00:00.000+00:00");
    assert_eq!(incident["created_at"], "2026-03-02T09:10:00.000+00:00");
    assert_eq!(incident["resolved_at"], Value::Null);
    assert_eq!(
        incident["shortlink"],
        "https://status.acme.example/incidents/api-errors/"
    );
    let updates = incident["incident_updates"].as_array().expect("updates");
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0]["status"], "identified");
    assert!(
        updates[0]["body"]
            .as_str()
            .expect("body")
            .starts_with("A faulty configuration change was identified.")
    );
    assert_eq!(updates[0]["affected_components"], Value::Null);
    assert_eq!(
        updates[1]["affected_components"],
        json!([
            {"code": "api", "name": "Platform - API", "old_status": "operational", "new_status": "partial_outage"},
            {"code": "web", "name": "Platform - Web app", "old_status": "operational", "new_status": "degraded_performance"}
        ])
    );
    assert_eq!(ids(&incident["components"]), ["api", "web"]);
    assert_eq!(
        incident["components"][0]["position"], 1,
        "the first of its group"
    );
}

#[test]
fn resolved_incidents_say_when_and_give_components_back() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let all = api(&out, "incidents.json")["incidents"].clone();
    assert_eq!(ids(&all), ["api-errors", "old-outage"]);
    let old = &all[1];
    assert_eq!(old["status"], "resolved");
    assert_eq!(old["resolved_at"], "2026-02-27T15:00:00.000+00:00");
    assert_eq!(
        old["incident_updates"][0]["affected_components"],
        json!([{"code": "reports", "name": "Reports", "old_status": "degraded_performance", "new_status": "operational"}])
    );
}

#[test]
fn maintenance_is_listed_by_state() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    let active = api(&out, "scheduled-maintenances/active.json");
    let works = &active["scheduled_maintenances"][0];
    assert_eq!(works["id"], "works");
    assert_eq!(works["status"], "in_progress");
    assert_eq!(works["impact"], "maintenance");
    assert_eq!(works["scheduled_for"], "2026-05-01T09:30:00.000Z");
    assert_eq!(works["scheduled_until"], "2026-05-01T11:00:00.000Z");
    assert_eq!(
        works["incident_updates"],
        json!([{
            "id": "works-1",
            "status": "in_progress",
            "body": "Scheduled maintenance is currently in progress. We will provide updates as necessary.",
            "incident_id": "works",
            "created_at": "2026-05-01T09:30:00.000Z",
            "updated_at": "2026-05-01T09:30:00.000Z",
            "display_at": "2026-05-01T09:30:00.000Z",
            "affected_components": [{"code": "works", "name": "Works", "old_status": "operational", "new_status": "under_maintenance"}],
            "deliver_notifications": true,
            "custom_tweet": null,
            "tweet_id": null
        }]),
        "Statuspage posts the start of the window by itself"
    );
    assert_eq!(
        api(&out, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"],
        json!([])
    );
    // At 08:00, two of the incidents had not started yet.
    let earlier = common::fixture_without(
        "statuses",
        &["content/incidents/down.md", "content/incidents/half.md"],
    );
    let (_guard, before) = common::build_root(earlier.path(), "2026-05-01 08:00");
    let upcoming = api(&before, "scheduled-maintenances/upcoming.json");
    assert_eq!(ids(&upcoming["scheduled_maintenances"]), ["works"]);
    assert_eq!(upcoming["scheduled_maintenances"][0]["status"], "scheduled");
    let summary = api(&before, "summary.json");
    assert_eq!(ids(&summary["scheduled_maintenances"]), ["works"]);
    let (_guard, after) = build_fixture("statuses", "2026-05-01 12:00");
    let all = api(&after, "scheduled-maintenances.json");
    assert_eq!(all["scheduled_maintenances"][0]["status"], "completed");
    let latest = &all["scheduled_maintenances"][0]["incident_updates"][0];
    assert_eq!(
        latest["status"], "completed",
        "the status and the latest update agree"
    );
    assert_eq!(latest["created_at"], "2026-05-01T11:00:00.000Z");
    assert_eq!(
        latest["affected_components"],
        json!([{"code": "works", "name": "Works", "old_status": "under_maintenance", "new_status": "operational"}])
    );
    assert_eq!(
        all["scheduled_maintenances"][0]["resolved_at"],
        "2026-05-01T11:00:00.000Z"
    );
}

#[test]
fn the_api_holds_no_internal_text() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    for (path, bytes) in all_files(&out.join("api")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("INTERNAL-CANARY"),
            "internal text in {}",
            path.display()
        );
    }
}

#[test]
fn every_shortlink_and_id_opens_a_page_of_the_site_maintenance_included() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let incidents = api(&out, "incidents.json")["incidents"].clone();
    let maintenances = api(&out, "scheduled-maintenances.json")["scheduled_maintenances"].clone();
    let all: Vec<&Value> = incidents
        .as_array()
        .expect("incidents")
        .iter()
        .chain(maintenances.as_array().expect("maintenance"))
        .collect();
    assert!(
        all.iter().any(|i| i["id"] == "db-upgrade"),
        "a maintenance is checked"
    );
    for item in all {
        let id = item["id"].as_str().expect("id");
        let shortlink = item["shortlink"].as_str().expect("shortlink");
        assert_eq!(
            shortlink,
            format!("https://status.acme.example/incidents/{id}/"),
            "Statuspage's address for an incident or a maintenance"
        );
        let page = read(&out.join(format!("incidents/{id}/index.html")));
        let title = item["name"].as_str().expect("name");
        assert!(page.contains(title), "{id}: {title}");
    }
}
