//! The build's clock against the times written in an incident: a few minutes of slack for
//! machines whose clocks differ, not one more; two updates in the same minute are in order.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, Run, site, vigie};

const NOW: &str = "2026-12-01 10:00";

/// `vigie check` of a site of one incident, clock at 10:00 (Paris).
fn check(incident: &str) -> Run {
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/x.md", incident),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    vigie(&["check", "--root", root, "--now", NOW])
}

fn incident(started: &str, updates: &str) -> String {
    format!("---\ntitle: T\nimpact: minor\nstarted: {started}\n---\n## Updates\n{updates}")
}

#[test]
fn an_update_up_to_five_minutes_after_the_clock_is_accepted_not_one_more() {
    let within = check(&incident(
        "2026-12-01 09:00",
        "### 09:10 [investigating]\nLooking.\n\n### 10:05 [identified]\nFound.\n",
    ));
    assert_eq!(within.code, 0, "{}", within.stderr);
    let beyond = check(&incident(
        "2026-12-01 09:00",
        "### 09:10 [investigating]\nLooking.\n\n### 10:06 [identified]\nFound.\n",
    ));
    assert_eq!(beyond.code, 1);
    assert!(
        beyond.stderr.starts_with("error: content/incidents/x.md:10:5: update: the update is dated 2026-12-01 10:06 +01:00, after the build's clock (2026-12-01 10:00 +01:00)\n"),
        "{}",
        beyond.stderr
    );
}

#[test]
fn an_incident_starting_up_to_five_minutes_after_the_clock_is_accepted_not_one_more() {
    let within = check(&incident("2026-12-01 10:05", ""));
    assert_eq!(within.code, 0, "{}", within.stderr);
    let beyond = check(&incident("2026-12-01 10:06", ""));
    assert_eq!(beyond.code, 1);
    assert!(
        beyond.stderr.contains("error: content/incidents/x.md:4:1: started: the incident starts in the future (2026-12-01 10:06 +01:00, the build's clock is 2026-12-01 10:00 +01:00)\n"),
        "{}",
        beyond.stderr
    );
}

#[test]
fn two_updates_in_the_same_minute_are_in_order() {
    let run = check(&incident(
        "2026-12-01 09:00",
        "### 09:10 [investigating]\nLooking.\n\n### 09:10 [identified]\nFound at once.\n",
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
}
