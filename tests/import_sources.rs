//! `vigie import` on a small English site, one export format's edge at a time: which alert
//! marks the detection and who acknowledged, which chat messages are bots', deleted or the
//! customer's, end to end with the real binary.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot read its fixture fails"
)]

mod common;

use common::{read, vigie};

/// One incident, resolved, started at 09:00 in Paris (07:00 UTC).
const INCIDENT: &str = "---\ntitle: API errors\nimpact: minor\nstarted: 2026-05-04 09:00\ncomponents:\n  api: partial_outage\npostmortem: draft\n---\n\n## Updates\n\n### 09:10 [investigating]\nWe are looking into API errors.\n\n### 11:00 [resolved]\nFixed.\n\n## Timeline\n\n- 09:00 [impact] Errors start.\n- 10:30 [fix, on-call engineer] Rollback.\n";

const PATH: &str = "content/incidents/2026-05-04-api.md";

/// The test site's config.toml in `language`, Ana Silva in `[people]`.
fn config(language: &str) -> String {
    common::CONFIG.replace("language = \"en\"", &format!("language = \"{language}\""))
        + "\n[people]\n\"Ana Silva\" = \"on-call engineer\"\n"
}

/// Runs `vigie import TOOL EXPORT` on the small English site, with `files` (the export, as
/// paths and texts) beside it, and returns the run and the incident file as written.
fn import(tool: &str, export: &str, files: &[(&str, &str)]) -> (common::Run, String) {
    import_in("en", tool, export, files)
}

/// As `import`, on a site written in `language`.
fn import_in(
    language: &str,
    tool: &str,
    export: &str,
    files: &[(&str, &str)],
) -> (common::Run, String) {
    let config = config(language);
    let mut all = vec![("config.toml", config.as_str()), (PATH, INCIDENT)];
    all.extend_from_slice(files);
    let site = common::site(&all);
    let file = site.path().join(export);
    let run = vigie(&[
        "import",
        tool,
        file.to_str().expect("utf-8 path"),
        "--root",
        site.path().to_str().expect("utf-8 path"),
        "--incident",
        "api",
        "--now",
        "2026-05-05 10:00",
    ]);
    let written = read(&site.path().join(PATH));
    (run, written)
}

/// Imports the alert file `json`.
fn import_alerts(json: &str) -> (common::Run, String) {
    import("alerts", "alerts.json", &[("alerts.json", json)])
}

/// An Alertmanager alert, as its webhook lists it.
fn alert(status: &str, name: &str, starts_at: &str) -> String {
    format!(
        r#"{{"status": "{status}", "labels": {{"alertname": "{name}", "severity": "critical"}}, "annotations": {{}}, "startsAt": "{starts_at}", "endsAt": "0001-01-01T00:00:00Z"}}"#
    )
}

#[test]
fn an_alert_resolved_by_the_time_of_the_webhook_still_marks_the_detection() {
    let webhook = format!(
        r#"{{"version": "4", "status": "firing", "alerts": [{}, {}]}}"#,
        alert("firing", "ApiLatencyHigh", "2026-05-04T07:05:00Z"),
        alert("resolved", "ApiErrorsHigh", "2026-05-04T07:02:00Z"),
    );
    let (run, written) = import_alerts(&webhook);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains(
            "- 09:00 [impact] Errors start.\n- 09:02 [detection, monitoring] Alert “ApiErrorsHigh”.\n- 10:30"
        ),
        "{written}"
    );
}

#[test]
fn an_alert_of_no_known_status_is_not_the_detection() {
    let webhook = format!(
        r#"{{"version": "4", "status": "firing", "alerts": [{}, {}]}}"#,
        alert("firing", "ApiLatencyHigh", "2026-05-04T07:05:00Z"),
        alert("suppressed", "ApiErrorsHigh", "2026-05-04T07:02:00Z"),
    );
    let (run, written) = import_alerts(&webhook);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains("- 09:05 [detection, monitoring] Alert “ApiLatencyHigh”.\n"),
        "{written}"
    );
    assert!(!written.contains("ApiErrorsHigh"), "{written}");
}

/// A PagerDuty incident's log: triggered at 09:01 in Paris, then acknowledged by `agent`
/// (`"type"` and `"summary"` of its reference) at 09:04.
fn pagerduty(agent_type: &str, agent: &str) -> String {
    format!(
        r#"{{"log_entries": [
          {{"type": "trigger_log_entry", "created_at": "2026-05-04T07:01:00Z", "summary": "Triggered through the API.",
            "agent": {{"type": "service_reference", "summary": "API"}},
            "incident": {{"type": "incident_reference", "summary": "[#12] API error rate above 5 %"}}}},
          {{"type": "acknowledge_log_entry", "created_at": "2026-05-04T07:04:00Z",
            "agent": {{"type": "{agent_type}", "summary": "{agent}"}},
            "incident": {{"type": "incident_reference", "summary": "[#12] API error rate above 5 %"}}}}
        ], "more": false}}"#
    )
}

#[test]
fn an_acknowledgement_by_someone_in_people_is_written_with_their_role_and_no_note() {
    let (run, written) = import_alerts(&pagerduty("user_reference", "Ana Silva"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains(
            "- 09:00 [impact] Errors start.\n- 09:01 [detection, monitoring] Alert “API error rate above 5 %”.\n- 09:04 [acknowledged, on-call engineer] Alert acknowledged in PagerDuty.\n- 10:30"
        ),
        "{written}"
    );
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}

#[test]
fn an_acknowledgement_by_someone_not_in_people_is_a_team_member_and_a_note() {
    let (run, written) = import_alerts(&pagerduty("user_reference", "Bo Jones"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains("- 09:04 [acknowledged, team member] Alert acknowledged in PagerDuty.\n"),
        "{written}"
    );
    assert!(
        run.stderr.contains(
            "note: Bo Jones is not in [people] of config.toml: written as a generic role; add `\"Bo Jones\" = \"ROLE\"` under [people] to name their role"
        ),
        "{}",
        run.stderr
    );
    assert!(!written.contains("Bo Jones"), "{written}");
}

#[test]
fn an_acknowledgement_by_an_integration_is_the_monitorings() {
    let (run, written) = import_alerts(&pagerduty("service_reference", "API"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains("- 09:04 [acknowledged, monitoring] Alert acknowledged in PagerDuty.\n"),
        "{written}"
    );
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}

#[test]
fn an_alert_file_with_nothing_that_fired_is_refused_and_nothing_written() {
    let webhook = format!(
        r#"{{"version": "4", "status": "firing", "alerts": [{}]}}"#,
        alert("suppressed", "ApiErrorsHigh", "2026-05-04T07:02:00Z"),
    );
    let (run, written) = import_alerts(&webhook);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("alerts.json: no alert that fired nor any trigger or acknowledgement in it"),
        "{}",
        run.stderr
    );
    assert_eq!(written, INCIDENT);
}

/// A Slack message of the API's history: `user` wrote `text` at `ts`, from team `team`.
fn said(ts: &str, user: &str, team: &str, text: &str) -> String {
    format!(
        r#"{{"type": "message", "ts": "{ts}", "user": "{user}", "user_team": "{team}", "text": "{text}"}}"#
    )
}

/// The team of Ana (the on-call engineer) and a bot, and a customer, Bo.
const USERS: &str = r#"[
  {"id": "U1", "name": "ana", "real_name": "Ana Silva", "team_id": "T9TEAM"},
  {"id": "U9", "name": "deploy-bot", "team_id": "T9TEAM", "is_bot": true},
  {"id": "U2", "name": "bo", "real_name": "Bo Client", "team_id": "T1CLIENT"}
]"#;

#[test]
fn slack_bots_and_deleted_messages_of_every_form_are_left_out_and_counted() {
    let history = format!(
        r#"{{"ok": true, "messages": [{}, {}, {}, {}, {}, {}]}}"#,
        said("1777880400.000100", "U1", "T9TEAM", "Looking at it."),
        r#"{"type": "message", "subtype": "bot_message", "ts": "1777880460.000100", "username": "alerts", "text": "FIRING: API errors"}"#,
        r#"{"type": "message", "ts": "1777880520.000100", "bot_id": "B1", "text": "Deploy finished"}"#,
        said("1777880580.000100", "U9", "T9TEAM", "Rollback started"),
        r#"{"type": "message", "subtype": "tombstone", "ts": "1777880640.000100", "user": "USLACKBOT", "text": "This message was deleted."}"#,
        r#"{"type": "message", "subtype": "message_deleted", "hidden": true, "ts": "1777880700.000100", "user": "U1", "text": "typo"}"#,
    );
    let (run, written) = import(
        "slack",
        "history.json",
        &[("history.json", &history), ("users.json", USERS)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "note: 2 deleted message(s) left out\nnote: 3 bot message(s) left out\n"
    );
    assert!(
        written.ends_with(
            "- 09:00 [impact] Errors start.\n- 09:40 [message, on-call engineer, channel: Slack] Looking at it.\n- 10:30 [fix, on-call engineer] Rollback.\n"
        ),
        "{written}"
    );
}

#[test]
fn a_slack_history_takes_the_team_with_the_most_people_as_the_home_team() {
    let history = format!(
        r#"{{"ok": true, "messages": [{}, {}]}}"#,
        said("1777880400.000100", "U1", "T9TEAM", "Looking at it."),
        said("1777880460.000100", "U2", "T1CLIENT", "Any news?"),
    );
    let (run, written) = import(
        "slack",
        "history.json",
        &[("history.json", &history), ("users.json", USERS)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains(
            "- 09:40 [message, on-call engineer, channel: Slack] Looking at it.\n- 09:41 [feedback, client, channel: Slack] Any news?\n"
        ),
        "{written}"
    );
}

#[test]
fn in_a_shared_slack_channel_the_team_is_the_creators_even_when_the_customer_is_more() {
    let users = r#"[
      {"id": "U2", "name": "bo", "real_name": "Bo Client", "team_id": "T1CLIENT"},
      {"id": "U3", "name": "cy", "real_name": "Cy Client", "team_id": "T1CLIENT"},
      {"id": "U1", "name": "ana", "real_name": "Ana Silva", "team_id": "T9TEAM"}
    ]"#;
    let day = format!(
        "[{}, {}, {}]",
        said("1777880400.000100", "U2", "T1CLIENT", "Any news?"),
        said("1777880700.000100", "U1", "T9TEAM", "Looking at it."),
        said("1777880760.000100", "U3", "T1CLIENT", "Thanks."),
    );
    let (run, written) = import(
        "slack",
        "export",
        &[
            (
                "export/channels.json",
                r#"[{"id": "C1", "name": "incident-api", "creator": "U1"}]"#,
            ),
            ("export/users.json", users),
            ("export/incident-api/2026-05-04.json", &day),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains(
            "- 09:40 [feedback, client, channel: Slack] Any news?\n- 09:45 [message, on-call engineer, channel: Slack] Looking at it.\n- 09:46 [feedback, client, channel: Slack] Thanks.\n"
        ),
        "{written}"
    );
}

#[test]
fn a_teams_message_without_a_known_sender_is_kept_and_an_applications_is_a_bot() {
    let messages = r#"{"value": [
      {"id": "1", "messageType": "message", "createdDateTime": "2026-05-04T07:40:00Z",
       "from": {"user": {"id": "u1", "displayName": "Ana Silva", "tenantId": "t-team"}},
       "body": {"contentType": "html", "content": "<p>Looking at it.</p>"}},
      {"id": "2", "messageType": "message", "createdDateTime": "2026-05-04T07:42:00Z",
       "from": null, "body": {"contentType": "text", "content": "Restarting the workers."}},
      {"id": "3", "messageType": "message", "createdDateTime": "2026-05-04T07:43:00Z",
       "from": {"application": {"id": "a1", "displayName": "Deploy bot"}},
       "body": {"contentType": "text", "content": "Deploy finished"}}
    ]}"#;
    let (run, written) = import("teams", "messages.json", &[("messages.json", messages)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("note: 1 bot message(s) left out\n"),
        "{}",
        run.stderr
    );
    assert!(
        written.contains(
            "- 09:40 [message, on-call engineer, channel: Teams] Looking at it.\n- 09:42 [message, team member, channel: Teams] Restarting the workers.\n- 10:30"
        ),
        "{written}"
    );
}

#[test]
fn a_teams_message_in_divs_and_breaks_keeps_its_lines() {
    let messages = r#"{"value": [
      {"id": "1", "messageType": "message", "createdDateTime": "2026-05-04T07:40:00Z",
       "from": {"user": {"id": "u1", "displayName": "Ana Silva", "tenantId": "t-team"}},
       "body": {"contentType": "html",
                "content": "<div>Two leads:</div><div>the workers,<br>then the queue.</div>"}}
    ]}"#;
    let (run, written) = import("teams", "messages.json", &[("messages.json", messages)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written.contains(
            "- 09:40 [message, on-call engineer, channel: Teams] Two leads:\n  the workers,\n  then the queue.\n- 10:30"
        ),
        "{written}"
    );
}

#[test]
fn chat_messages_from_the_incidents_start_to_its_resolution_are_read_and_no_others() {
    let history = format!(
        r#"{{"ok": true, "messages": [{}, {}, {}, {}]}}"#,
        said("1777877999.000000", "U1", "T9TEAM", "Too early."),
        said("1777878000.000000", "U1", "T9TEAM", "At the start."),
        said("1777885200.000000", "U1", "T9TEAM", "At the resolution."),
        said("1777885201.000000", "U1", "T9TEAM", "Too late."),
    );
    let (run, written) = import(
        "slack",
        "history.json",
        &[("history.json", &history), ("users.json", USERS)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "note: 2 message(s) outside the incident (before it started or after it was resolved) left out\n"
    );
    for line in [
        "- 09:00 [message, on-call engineer, channel: Slack] At the start.\n",
        "- 11:00 [message, on-call engineer, channel: Slack] At the resolution.\n",
    ] {
        assert!(written.contains(line), "{line} not in\n{written}");
    }
    assert!(!written.contains("Too"), "{written}");
}

#[test]
fn a_tag_of_several_words_gives_its_kind() {
    let history = format!(
        r#"{{"ok": true, "messages": [{}]}}"#,
        said(
            "1777880400.000100",
            "U1",
            "T9TEAM",
            "[solution de secours] Export manuel proposé."
        ),
    );
    let (run, written) = import_in(
        "fr",
        "slack",
        "history.json",
        &[("history.json", &history), ("users.json", USERS)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        written
            .contains("- 09:40 [secours, on-call engineer, canal: Slack] Export manuel proposé.\n"),
        "{written}"
    );
}
