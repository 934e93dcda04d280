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

#[test]
fn an_update_due_at_the_clock_is_not_late_yet_one_due_a_minute_before_is() {
    let on_time = check(&incident(
        "2026-12-01 08:00",
        "### 08:00 [investigating]\nLooking.\n",
    ));
    assert_eq!((on_time.code, on_time.stderr.as_str()), (0, ""));
    let late = check(&incident(
        "2026-12-01 07:59",
        "### 07:59 [investigating]\nLooking.\n",
    ));
    assert_eq!(late.code, 0, "a warning does not fail the check");
    assert_eq!(
        late.stderr,
        "warning: content/incidents/x.md:2:1: updates: the next update was due at 2026-12-01 09:59 +01:00 and is 1 min late\n  hint: post an update now, even to say nothing has changed: `vigie update x --status … --next 2h \"…\"`\n0 errors, 1 warning\n"
    );
}

#[test]
fn two_timeline_entries_in_the_same_minute_are_in_order() {
    let run = check(&format!(
        "{}## Timeline\n- 09:05 [detection] Alert fired.\n- 09:05 [note] Paged the team.\n",
        incident(
            "2026-12-01 09:00",
            "### 09:10 [investigating]\nLooking.\n\n"
        )
    ));
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}
