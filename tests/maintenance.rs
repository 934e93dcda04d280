//! A maintenance window's state as clients see it, at the instants where it changes: the
//! window's own start and end, and the updates that end it early, start it early or hold it
//! in verification. Each case is a site of one window on `api`, built at one clock.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, build_root, item, read, site};
use serde_json::Value;

/// A window on `api` from 22:00 to 23:30 on 5 March 2026 (Paris), with these updates.
fn window(updates: &str) -> tempfile::TempDir {
    let text = format!(
        "---\ntitle: Database upgrade\nstarts: 2026-03-05 22:00\nends: 2026-03-05 23:30\ncomponents: [api]\n---\nThe API may pause.\n\n## Updates\n\n{updates}"
    );
    site(&[
        ("config.toml", CONFIG),
        ("content/maintenance/db-upgrade.md", &text),
    ])
}

/// What clients see of the window at `now`: its state in the API, the status page's
/// banner, the `api` component's status, and the state on the window's own page.
struct Seen {
    api_status: String,
    banner: String,
    component: String,
    page_state: String,
    active: usize,
    upcoming: usize,
    /// The API's `created_at`, `updated_at` and `resolved_at`, in UTC.
    times: [String; 3],
}

fn seen(dir: &tempfile::TempDir, now: &str) -> Seen {
    let (_guard, out) = build_root(dir.path(), now);
    let json = |file: &str| -> Value {
        serde_json::from_str(&read(&out.join("api/v2").join(file))).expect("valid JSON")
    };
    let all = json("scheduled-maintenances.json");
    let count = |file: &str| {
        json(file)["scheduled_maintenances"]
            .as_array()
            .expect("array")
            .len()
    };
    let index = read(&out.join("index.html"));
    let banner = between(&index, "<h1 id=\"banner-title\">", "</h1>");
    let row = item(&index, "id=\"component-api\"");
    let component = ["Operational", "Under maintenance"]
        .into_iter()
        .find(|s| row.contains(&format!("</span>{s}</span>")))
        .unwrap_or_else(|| panic!("no status in {row}"))
        .to_string();
    let page = read(&out.join("maintenance/db-upgrade/index.html"));
    Seen {
        api_status: all["scheduled_maintenances"][0]["status"]
            .as_str()
            .expect("status")
            .to_string(),
        banner,
        component,
        page_state: between(&page, "<span class=\"tag tag--maintenance tag--", "</span>")
            .split_once("\">")
            .expect("the state's pill")
            .1
            .to_string(),
        active: count("scheduled-maintenances/active.json"),
        upcoming: count("scheduled-maintenances/upcoming.json"),
        times: ["created_at", "updated_at", "resolved_at"]
            .map(|key| all["scheduled_maintenances"][0][key].to_string()),
    }
}

fn between(html: &str, start: &str, end: &str) -> String {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let to = from + html[from..].find(end).expect("closed");
    html[from..to].to_string()
}

fn assert_in_progress(seen: &Seen, state: &str, api: &str) {
    assert_eq!(seen.api_status, api);
    assert_eq!(seen.page_state, state);
    assert_eq!(seen.banner, "Maintenance in progress");
    assert_eq!(seen.component, "Under maintenance");
    assert_eq!((seen.active, seen.upcoming), (1, 0));
}

fn assert_scheduled(seen: &Seen) {
    assert_eq!(seen.api_status, "scheduled");
    assert_eq!(seen.page_state, "Scheduled");
    assert_eq!(seen.banner, "All systems operational");
    assert_eq!(seen.component, "Operational");
    assert_eq!((seen.active, seen.upcoming), (0, 1));
}

fn assert_completed(seen: &Seen) {
    assert_eq!(seen.api_status, "completed");
    assert_eq!(seen.page_state, "Completed");
    assert_eq!(seen.banner, "All systems operational");
    assert_eq!(seen.component, "Operational");
    assert_eq!((seen.active, seen.upcoming), (0, 0));
}

#[test]
fn the_window_starts_and_ends_at_its_exact_instants() {
    let dir = window("");
    assert_scheduled(&seen(&dir, "2026-03-05 21:59"));
    let started = seen(&dir, "2026-03-05 22:00");
    assert_in_progress(&started, "In progress", "in_progress");
    assert_eq!(
        started.times,
        [
            "\"2026-03-05T22:00:00.000+01:00\"",
            "\"2026-03-05T22:00:00.000+01:00\"",
            "null"
        ],
        "announced and changed when it started (22:00 in Paris)"
    );
    assert_in_progress(
        &seen(&dir, "2026-03-05 23:29"),
        "In progress",
        "in_progress",
    );
    let ended = seen(&dir, "2026-03-05 23:30");
    assert_completed(&ended);
    assert_eq!(
        ended.times,
        [
            "\"2026-03-05T22:00:00.000+01:00\"",
            "\"2026-03-05T23:30:00.000+01:00\"",
            "\"2026-03-05T23:30:00.000+01:00\""
        ],
        "changed and resolved at its end"
    );
}

#[test]
fn the_window_counts_as_announced_from_its_first_update() {
    let dir = window("### 2026-03-01 10:00 [scheduled]\nUpgrade planned on Thursday night.\n");
    let before = seen(&dir, "2026-03-01 09:59");
    assert_scheduled(&before);
    let announced = seen(&dir, "2026-03-01 10:00");
    assert_scheduled(&announced);
    assert_eq!(
        announced.times,
        [
            "\"2026-03-01T10:00:00.000+01:00\"",
            "\"2026-03-01T10:00:00.000+01:00\"",
            "null"
        ]
    );
    let started = seen(&dir, "2026-03-05 22:10");
    assert_eq!(
        started.times[..2],
        [
            "\"2026-03-01T10:00:00.000+01:00\"",
            "\"2026-03-05T22:00:00.000+01:00\""
        ],
        "first announced, last changed when it started"
    );
}

#[test]
fn a_verifying_update_keeps_components_under_maintenance_past_the_window() {
    let dir = window("### 2026-03-05 23:20 [verifying]\nChecking replication.\n");
    assert_in_progress(&seen(&dir, "2026-03-05 23:20"), "Verifying", "verifying");
    assert_in_progress(&seen(&dir, "2026-03-05 23:45"), "Verifying", "verifying");
}

#[test]
fn an_in_progress_update_before_the_window_starts_it_early() {
    let dir = window("### 2026-03-05 21:40 [in_progress]\nStarting early.\n");
    assert_scheduled(&seen(&dir, "2026-03-05 21:39"));
    assert_in_progress(
        &seen(&dir, "2026-03-05 21:40"),
        "In progress",
        "in_progress",
    );
}

#[test]
fn an_in_progress_update_does_not_outlast_the_window_without_a_completed_one() {
    let dir = window("### 2026-03-05 22:00 [in_progress]\nStarted.\n");
    assert_in_progress(
        &seen(&dir, "2026-03-05 23:29"),
        "In progress",
        "in_progress",
    );
    assert_completed(&seen(&dir, "2026-03-05 23:30"));
    let late = window("### 2026-03-05 23:40 [in_progress]\nStill at it.\n");
    assert_completed(&seen(&late, "2026-03-05 23:50"));
}

#[test]
fn a_completed_update_ends_the_window_at_its_own_time() {
    let dir = window("### 2026-03-05 22:50 [completed]\nDone early.\n");
    assert_in_progress(
        &seen(&dir, "2026-03-05 22:49"),
        "In progress",
        "in_progress",
    );
    let done = seen(&dir, "2026-03-05 22:50");
    assert_completed(&done);
    assert_eq!(
        done.times[1..],
        [
            "\"2026-03-05T22:50:00.000+01:00\"",
            "\"2026-03-05T22:50:00.000+01:00\""
        ],
        "changed and resolved at the completed update"
    );
}

#[test]
fn a_page_built_between_two_updates_reads_the_one_already_posted() {
    // A rebuild at 23:40 must not let the 23:50 update hide the 23:20 one.
    let dir = window(
        "### 2026-03-05 23:20 [verifying]\nChecking replication.\n\n### 2026-03-05 23:50 [completed]\nAll done.\n",
    );
    assert_in_progress(
        &seen(&dir, "2026-03-05 23:10"),
        "In progress",
        "in_progress",
    );
    assert_in_progress(&seen(&dir, "2026-03-05 23:40"), "Verifying", "verifying");
    assert_completed(&seen(&dir, "2026-03-05 23:50"));
}
