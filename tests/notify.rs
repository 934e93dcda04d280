//! `vigie notify` end to end, against a real HTTP receiver on 127.0.0.1: the payload of each
//! kind of destination field by field, and the delivery guarantees of
//! docs/notifications.md, one test per line of its failure table.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod notify_support;

use hmac::{KeyInit, Mac};
use notify_support::{Receiver, UPDATES, command, notify, record, site};

const NOW: &str = "2026-04-01 12:00";
const SINCE: &str = "2026-04-01 00:00";

/// A notify.toml with one destination of `kind` posting to `$HOOK_URL`.
fn one_destination(kind: &str, extra: &str) -> String {
    format!(
        "retries = 2\nbackoff = \"0s\"\n\n[[destinations]]\nname = \"hook\"\nkind = \"{kind}\"\nurl_env = \"HOOK_URL\"\n{extra}"
    )
}

fn signature(key: &str, body: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).expect("any key");
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

#[test]
fn the_webhook_carries_statuspages_payload_signed_with_the_key() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination(
        "webhook",
        "secret_env = \"HOOK_KEY\"\nevents = [\"incident\", \"component\"]\n",
    ));
    let url = format!("{}/statuspage", receiver.url);
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("HOOK_URL", &url), ("HOOK_KEY", "s3cret")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().last(),
        Some("notified: 6 sent, nothing owed")
    );
    let got = receiver.accepted();
    let events: Vec<String> = got.iter().map(|r| r.event()).collect();
    assert_eq!(
        events,
        [
            "component/api/2026-04-01-api-errors/20260401T080500Z",
            UPDATES[0],
            "component/api/2026-04-01-api-errors/20260401T085000Z",
            UPDATES[1],
            "component/api/2026-04-01-api-errors/20260401T093000Z",
            UPDATES[2],
        ]
    );
    for request in &got {
        assert_eq!(request.path, "/statuspage");
        assert_eq!(
            request.header("X-Vigie-Signature"),
            Some(signature("s3cret", &request.body).as_str())
        );
        assert!(
            request
                .header("Content-Type")
                .is_some_and(|t| t.starts_with("application/json"))
        );
    }
    // The first update, as Statuspage sends an incident: the incident as it stood then.
    let first = got[1].json();
    assert_eq!(first["meta"]["event_id"], UPDATES[0]);
    assert_eq!(
        first["meta"]["unsubscribe"], "https://status.example.com/",
        "without [smtp], the site's address"
    );
    assert_eq!(first["page"]["status_indicator"], "major");
    assert_eq!(first["page"]["status_description"], "Partial System Outage");
    let incident = &first["incident"];
    assert_eq!(incident["id"], "2026-04-01-api-errors");
    assert_eq!(incident["name"], "API errors");
    assert_eq!(incident["status"], "investigating");
    assert_eq!(incident["impact"], "major");
    assert_eq!(
        incident["shortlink"],
        "https://status.example.com/incidents/2026-04-01-api-errors/"
    );
    let updates = incident["incident_updates"].as_array().expect("updates");
    assert_eq!(updates.len(), 1, "only the updates posted by then");
    assert_eq!(updates[0]["body"], "We are looking into errors on the API.");
    assert_eq!(updates[0]["status"], "investigating");
    // The resolution: three updates, newest first.
    let last = got[5].json();
    assert_eq!(last["incident"]["status"], "resolved");
    assert_eq!(
        last["incident"]["incident_updates"][0]["body"],
        "Every call works again."
    );
    assert_eq!(
        last["incident"]["incident_updates"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(last["page"]["status_indicator"], "none");
    // A component's change, as Statuspage's component_update.
    let change = got[2].json();
    assert_eq!(change["component_update"]["component_id"], "api");
    assert_eq!(change["component_update"]["old_status"], "partial_outage");
    assert_eq!(
        change["component_update"]["new_status"],
        "degraded_performance"
    );
    assert_eq!(change["component"]["name"], "API");
    assert_eq!(change["component"]["status"], "degraded_performance");
    assert!(change.get("incident").is_none());
}

#[test]
fn slack_discord_and_teams_each_get_their_own_format() {
    let receiver = Receiver::start(0);
    let toml = "retries = 1\n\n[[destinations]]\nname = \"slack\"\nkind = \"slack\"\nurl_env = \"SLACK_URL\"\n\n[[destinations]]\nname = \"discord\"\nkind = \"discord\"\nurl_env = \"DISCORD_URL\"\n\n[[destinations]]\nname = \"teams\"\nkind = \"teams\"\nurl_env = \"TEAMS_URL\"\n";
    let dir = site(toml);
    let (slack, discord, teams) = (
        format!("{}/slack", receiver.url),
        format!("{}/discord", receiver.url),
        format!("{}/teams", receiver.url),
    );
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[
            ("SLACK_URL", &slack),
            ("DISCORD_URL", &discord),
            ("TEAMS_URL", &teams),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = receiver.accepted();
    assert_eq!(got.len(), 9, "each update, to each");
    let body = |path: &str| {
        got.iter()
            .find(|r| r.path == path && r.event() == UPDATES[0])
            .expect("a request on that path")
            .json()
    };
    let link = "https://status.example.com/incidents/2026-04-01-api-errors/";
    let slack = body("/slack");
    assert_eq!(slack["blocks"][0]["type"], "header");
    assert_eq!(
        slack["blocks"][0]["text"]["text"],
        "[Investigating] API errors"
    );
    assert_eq!(
        slack["blocks"][1]["text"]["text"],
        "We are looking into errors on the API."
    );
    let fields = slack["blocks"][2]["fields"].as_array().expect("facts");
    assert_eq!(fields[0]["text"], "*Impact*\nMajor");
    assert_eq!(fields[1]["text"], "*Affected*\nAPI (partial outage)");
    let promise = slack["blocks"][3]["text"]["text"]
        .as_str()
        .expect("promise");
    assert!(promise.contains("11:00"), "{promise}");
    assert_eq!(
        slack["blocks"][4]["text"]["text"],
        format!("<{link}|Live status>")
    );
    assert_eq!(slack["blocks"][5]["elements"][0]["text"], UPDATES[0]);
    assert_eq!(slack["text"], format!("[Investigating] API errors {link}"));
    let discord = body("/discord");
    let embed = &discord["embeds"][0];
    assert_eq!(embed["title"], "[Investigating] API errors");
    assert_eq!(embed["url"], link);
    assert_eq!(embed["color"], 0xE0_6C_00);
    assert!(
        embed["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("We are looking into errors on the API.\n\n"))
    );
    assert_eq!(embed["fields"][0]["name"], "Impact");
    assert_eq!(embed["footer"]["text"], UPDATES[0]);
    assert_eq!(discord["allowed_mentions"]["parse"], serde_json::json!([]));
    let teams = body("/teams");
    let card = &teams["attachments"][0];
    assert_eq!(
        card["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(card["content"]["type"], "AdaptiveCard");
    assert_eq!(card["content"]["body"][1]["text"], "API errors");
    assert_eq!(card["content"]["body"][2]["text"], "Investigating");
    assert_eq!(card["content"]["body"][4]["type"], "FactSet");
    assert_eq!(card["content"]["actions"][0]["url"], link);
    for request in &got {
        assert!(!request.body.contains("INTERNAL"), "{}", request.body);
    }
}

#[test]
fn two_runs_in_a_row_send_once() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("webhook", ""));
    let env = [("HOOK_URL", receiver.url.as_str())];
    let first = notify(dir.path(), &["--now", NOW, "--since", SINCE], &env);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(receiver.accepted().len(), 3);
    let second = notify(dir.path(), &["--now", NOW, "--since", SINCE], &env);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(second.stdout, "notified: 0 sent, nothing owed\n");
    assert_eq!(receiver.received().len(), 3, "nothing sent the second time");
}

#[test]
fn a_failing_receiver_is_retried_then_owed_until_it_recovers() {
    // Two failures: the first event's two attempts. The events after it wait their turn.
    let receiver = Receiver::start(2);
    let dir = site(&one_destination("webhook", ""));
    let env = [("HOOK_URL", receiver.url.as_str())];
    let run = notify(dir.path(), &["--now", NOW, "--since", SINCE], &env);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "owed: {} to hook: the receiver answered HTTP 500 (tried 2 times)\n\
             owed: {} to hook: waits for an earlier delivery that failed\n\
             owed: {} to hook: waits for an earlier delivery that failed\n\
             error: 0 sent, 3 still owed: the next run sends them\n",
            UPDATES[0], UPDATES[1], UPDATES[2]
        )
    );
    assert_eq!(receiver.received().len(), 2, "the first event, tried twice");
    assert!(receiver.accepted().is_empty());
    let again = notify(dir.path(), &["--now", NOW], &env);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, UPDATES, "the owed events, in order, once each");
}

#[test]
fn a_run_killed_midway_is_finished_by_the_next() {
    let receiver = Receiver::start(0);
    receiver.hold();
    let dir = site(&one_destination("webhook", ""));
    let env = [("HOOK_URL", receiver.url.as_str())];
    let mut child = command(dir.path(), &["--now", NOW, "--since", SINCE], &env)
        .spawn()
        .expect("vigie starts");
    // The first delivery is answered and recorded; the second is in flight when the run
    // is killed.
    receiver.wait_for(2);
    child.kill().expect("kill");
    child.wait().expect("killed");
    receiver.release();
    let sent: Vec<String> = record(dir.path())
        .iter()
        .filter(|l| l["outcome"] == "sent")
        .map(|l| l["event"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        sent,
        [UPDATES[0]],
        "what was sent before the kill is recorded"
    );
    let run = notify(dir.path(), &["--now", NOW], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: Vec<String> = receiver.received().iter().map(|r| r.event()).collect();
    // The delivery in flight at the kill arrives twice, with the same event id; nothing
    // else is repeated and nothing is lost.
    assert_eq!(events, [UPDATES[0], UPDATES[1], UPDATES[1], UPDATES[2]]);
}

/// A second `vigie notify` run while a first one holds the lock (its receiver holding a
/// delivery), with the webhook's address or without it: the receiver, the site, the second
/// run, and whether the first one succeeded.
fn second_run_while_one_runs(
    with_secret: bool,
) -> (Receiver, tempfile::TempDir, notify_support::Run, bool) {
    let receiver = Receiver::start(0);
    receiver.hold();
    let dir = site(&one_destination("webhook", ""));
    let env = [("HOOK_URL", receiver.url.as_str())];
    let first = command(dir.path(), &["--now", NOW, "--since", SINCE], &env)
        .spawn()
        .expect("vigie starts");
    receiver.wait_for(2);
    let second_env: &[(&str, &str)] = if with_secret { &env } else { &[] };
    let second = notify(dir.path(), &["--now", NOW, "--since", SINCE], second_env);
    receiver.release();
    let finished = first.wait_with_output().expect("the first run ends");
    (receiver, dir, second, finished.status.success())
}

#[test]
fn a_second_run_at_once_is_refused() {
    let (receiver, dir, second, first_succeeded) = second_run_while_one_runs(true);
    assert_eq!(second.code, 1);
    assert_eq!(
        second.stderr,
        format!(
            "error: another vigie notify is running on this site (it holds {}): nothing was sent; run again once it has finished\n",
            dir.path().join("notify-record.jsonl.lock").display()
        )
    );
    assert!(first_succeeded);
    // The delivery held while the second run was refused failed, and was tried again.
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, UPDATES);
}

#[test]
fn a_missing_secret_is_named_even_while_another_run_holds_the_lock() {
    let (_receiver, _dir, second, first_succeeded) = second_run_while_one_runs(false);
    assert_eq!(second.code, 1);
    assert_eq!(
        second.stderr,
        "error: the environment variable HOOK_URL is not set: it holds the address of the webhook destination `hook` (notify.toml)\n"
    );
    assert!(first_succeeded);
}

#[test]
fn the_first_run_sends_nothing_older_than_the_horizon() {
    let receiver = Receiver::start(0);
    let dir = site(&format!(
        "horizon = \"1h\"\n{}",
        one_destination("webhook", "")
    ));
    let env = [("HOOK_URL", receiver.url.as_str())];
    // At 12:00 with a horizon of one hour, only the 11:30 update is recent.
    let run = notify(dir.path(), &["--now", NOW], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, [UPDATES[2]]);
    let outcomes: Vec<String> = record(dir.path())
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l["outcome"].as_str().unwrap_or(""),
                l["event"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "joined ".to_string(),
            format!("skipped {}", UPDATES[0]),
            format!("skipped {}", UPDATES[1]),
            format!("sent {}", UPDATES[2]),
        ]
    );
    // Later, an update written long after the last run is still sent: the horizon is for
    // the first run only.
    let path = dir
        .path()
        .join("content/incidents/2026-04-01-api-errors.md");
    let text = std::fs::read_to_string(&path).expect("incident");
    let text = text.replace(
        "\n## Timeline",
        "### 2026-04-02 09:00 [resolved]\nThe postmortem will follow.\n\n## Timeline",
    );
    std::fs::write(&path, text).expect("write");
    let later = notify(dir.path(), &["--now", "2026-04-03 12:00"], &env);
    assert_eq!(later.code, 0, "{}", later.stderr);
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(
        events,
        [
            UPDATES[2],
            "incident/2026-04-01-api-errors/update/20260402T070000Z"
        ]
    );
}

#[test]
fn an_event_at_the_very_start_of_the_horizon_is_sent() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("webhook", ""));
    // From the minute of the resolution: it is not older than the horizon.
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", "2026-04-01 11:30"],
        &[("HOOK_URL", &receiver.url)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, [UPDATES[2]]);
}

#[test]
fn a_missing_secret_names_its_variable() {
    let dir = site(&one_destination("slack", ""));
    let run = notify(dir.path(), &["--now", NOW], &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: the environment variable HOOK_URL is not set: it holds the address of the slack destination `hook` (notify.toml)\n"
    );
    assert!(record(dir.path()).is_empty(), "nothing recorded");
}

#[test]
fn a_blank_secret_is_refused_as_empty_and_a_secret_is_read_without_its_spaces() {
    let dir = site(&one_destination("slack", ""));
    let blank = notify(dir.path(), &["--now", NOW], &[("HOOK_URL", " \n")]);
    assert_eq!(blank.code, 1);
    assert_eq!(
        blank.stderr,
        "error: the environment variable HOOK_URL is empty: it must hold the address of the slack destination `hook` (notify.toml)\n"
    );
    assert!(record(dir.path()).is_empty(), "nothing recorded");
    // A secret pasted with a space or a newline around it still works.
    let receiver = Receiver::start(0);
    let padded = format!(" {}\n", receiver.url);
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("HOOK_URL", &padded)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(receiver.accepted().len(), 3);
}

#[test]
fn a_wrong_destination_is_named() {
    let dir = site("[[destinations]]\nname = \"hook\"\nkind = \"slak\"\nurl_env = \"HOOK_URL\"\n");
    let run = notify(
        dir.path(),
        &["--now", NOW],
        &[("HOOK_URL", "http://127.0.0.1:9/")],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: notify.toml:3:9: destinations.kind: `slak` is not a kind of destination\n  \
         hint: did you mean `slack`? Accepted: email, slack, discord, teams, webhook\n\
         1 error, 0 warnings\n\
         error: notify.toml has errors: nothing was sent\n"
    );
}

#[test]
fn a_dry_run_shows_each_message_and_sends_nothing() {
    let receiver = Receiver::start(0);
    let toml = format!(
        "{}\n[[destinations]]\nname = \"api-only\"\nkind = \"slack\"\nurl_env = \"OTHER_URL\"\ncomponents = [\"web\"]\n",
        one_destination("slack", "")
    );
    let dir = site(&toml);
    let run = notify(
        dir.path(),
        &["--dry-run", "--now", NOW, "--since", SINCE],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(receiver.received().is_empty());
    assert!(
        !dir.path().join("notify-record.jsonl").exists(),
        "nothing recorded"
    );
    let heads: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("────"))
        .collect();
    assert_eq!(
        heads,
        UPDATES
            .iter()
            .map(|u| format!("──── {u} · hook (slack) ────"))
            .collect::<Vec<_>>(),
        "the destination of another component gets nothing"
    );
    assert!(run.stdout.contains(
        "[Monitoring] API errors\n\nA fix is out; some calls are still slow.\n\nImpact: Major\nAffected: API (degraded performance)\n"
    ), "{}", run.stdout);
    assert!(run.stdout.ends_with("dry run: nothing was sent\n"));
    assert!(!run.stdout.contains("INTERNAL"));
}

#[test]
fn a_dry_run_shows_the_webhooks_json_as_its_receiver_gets_it() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("webhook", ""));
    let dry = notify(
        dir.path(),
        &["--dry-run", "--now", NOW, "--since", SINCE],
        &[],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("HOOK_URL", &receiver.url)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = receiver.accepted();
    assert_eq!(got.len(), 3);
    for (update, request) in UPDATES.iter().zip(&got) {
        let shown = format!("──── {update} · hook (webhook) ────\n{}\n\n", request.body);
        assert!(
            dry.stdout.contains(&shown),
            "{shown} not in\n{}",
            dry.stdout
        );
    }
}

#[test]
fn the_example_site_dry_run_tells_the_story() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = notify(
        root,
        &[
            "--dry-run",
            "--since",
            "2026-11-13 00:00",
            "--now",
            "2026-11-23 10:30",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!root.join("notify-record.jsonl").exists());
    for expected in [
        "──── incident/2026-11-13-rapports-hebdomadaires/update/20261113T175500Z · clients-e-mail (email) ────\nTo: each recipient of clients-e-mail, alone\nSubject: [Analyse en cours] Rapports hebdomadaires non générés pour une partie des comptes\n",
        "In-Reply-To: <incident.2026-11-13-rapports-hebdomadaires.update.20261113T175500Z@statut.cadran.example>\n",
        "Nous revenons vers vous au plus tard le vendredi 13 novembre 2026 à 20:55 (Europe/Paris), même si rien n'a changé.\n",
        "──── incident/2026-11-13-rapports-hebdomadaires/postmortem · slack-partage (slack) ────\n[Post-mortem] Rapports hebdomadaires",
        "──── maintenance/2026-11-28-base-de-donnees/scheduled · clients-e-mail (email) ────\n",
    ] {
        assert!(run.stdout.contains(expected), "missing: {expected}");
    }
    assert!(
        !run.stdout.contains("Morel"),
        "a confidential name never goes out"
    );
}

#[test]
fn mistakes_in_notify_toml_are_named_with_their_line_and_a_hint() {
    let cases = [
        (
            "horizon = 3\n",
            "error: notify.toml:1:11: horizon: `horizon` must be text in quotes\n  hint: notify.toml is TOML: `key = \"text\"`, `key = 3`, `key = [\"a\", \"b\"]`; every key is in docs/notifications.md\n",
        ),
        (
            "[[destinations]]\nname = \"chat\"\nkind = \"slack\"\nurl = \"https://hooks.slack.com/services/T0/B0/x\"\n",
            "error: notify.toml:4:1: destinations.url: unknown key `url`\n  hint: a secret is never written in notify.toml: write `url_env = \"VARIABLE\"` and put it in that environment variable\n",
        ),
        (
            "[[destinations]]\nname = \"chat\"\nkind = \"slack\"\nurl_env = \"U\"\nlangage = \"fr\"\n",
            "error: notify.toml:5:1: destinations.langage: unknown key `langage`\n  hint: did you mean `language`? Accepted: name, kind, events, components, language, recipients, recipients_env, url_env, secret_env\n",
        ),
        (
            "[[destinations]]\nname = \"chat\"\nkind = \"slack\"\nurl_env = \"U\"\nlanguage = \"de\"\n",
            "error: notify.toml:5:13: destinations.language: no language file for `de`\n  hint: available: en, fr; add one as i18n/de.toml in the site\n",
        ),
        (
            "[[destinations]]\nname = \"chat\"\nkind = \"slack\"\nurl_env = \"U\"\ncomponents = [\"apii\"]\n",
            "error: notify.toml:5:16: destinations.components: no component `apii` in config.toml\n  hint: did you mean `api`? Accepted: api, web\n",
        ),
        (
            "[[destinations]]\nname = \"chat\"\nkind = \"slack\"\nurl_env = \"U\"\n\n[[destinations]]\nname = \"chat\"\nkind = \"discord\"\nurl_env = \"V\"\n",
            "error: notify.toml:7:9: destinations.name: the destination name `chat` is used twice\n  hint: give each destination its own name: the delivery record goes by it\n",
        ),
        (
            "[[destinations]]\nname = \"de\"\nkind = \"slack\"\nurl_env = \"U\"\n\n[[ destinations ]]\nname = \"chat\"\nkind = \"slack\"\nurl_env = \"V\"\nlanguage = \"de\"\n",
            "error: notify.toml:10:13: destinations.language: no language file for `de`\n  hint: available: en, fr; add one as i18n/de.toml in the site\n",
        ),
        (
            "[[destinations]]\nname = \"mail\"\nkind = \"email\"\nrecipients_env = \"R\"\n",
            "error: notify.toml:1:1: smtp: an e-mail destination needs an [smtp] table\n  hint: add [smtp] with host, port, security, from (docs/notifications.md)\n",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"status\"\nsecurity = \"starttls\"\n",
            "error: notify.toml:3:1: smtp.from: `status` is not a sender address: Invalid input\n  hint: write it `Name <status@example.com>` or `status@example.com`\n",
        ),
    ];
    for (toml, expected) in cases {
        let dir = site(toml);
        let run = notify(dir.path(), &["--dry-run", "--now", NOW], &[]);
        assert_eq!(run.code, 1, "{toml}");
        assert_eq!(
            run.stderr,
            format!(
                "{expected}1 error, 0 warnings\nerror: notify.toml has errors: nothing was sent\n"
            ),
            "{toml}"
        );
    }
}

#[test]
fn a_destination_reads_its_own_language() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("slack", "language = \"fr\"\n"));
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("HOOK_URL", &receiver.url)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = receiver.accepted()[0].json();
    assert_eq!(
        first["blocks"][0]["text"]["text"],
        "[Analyse en cours] API errors"
    );
    assert_eq!(
        first["blocks"][4]["text"]["text"],
        "<https://status.example.com/incidents/2026-04-01-api-errors/|Suivi en direct>"
    );
}

#[test]
fn a_site_that_fails_its_checks_sends_nothing() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("webhook", ""));
    let config = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        format!("confidential = [\"errors on the API\"]\n{text}"),
    )
    .expect("write");
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("HOOK_URL", &receiver.url)],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with(
            "error: the site has errors: nothing was sent (a notification says what the page says)\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("confidential"), "{}", run.stderr);
    assert!(receiver.received().is_empty());
    assert!(record(dir.path()).is_empty());
}

#[test]
fn an_update_is_sent_from_the_minute_it_is_posted_not_before() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("webhook", ""));
    let env = [("HOOK_URL", receiver.url.as_str())];
    // Two minutes before the 11:30 update: within the few minutes two clocks may differ, so
    // the site checks, but the update has not been posted yet.
    let early = notify(
        dir.path(),
        &["--now", "2026-04-01 11:28", "--since", SINCE],
        &env,
    );
    assert_eq!(early.code, 0, "{}", early.stderr);
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, UPDATES[..2]);
    let on_time = notify(dir.path(), &["--now", "2026-04-01 11:30"], &env);
    assert_eq!(on_time.code, 0, "{}", on_time.stderr);
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, UPDATES);
}

/// A window announced two days ahead, started on time and completed before its end.
const MAINTENANCE: &str = "---
title: Database upgrade
starts: 2026-04-01 13:00
ends: 2026-04-01 15:00
components: [web]
---
The web app is read-only during the upgrade.

## Updates

### 2026-03-30 09:00 [scheduled]
The upgrade is planned on 1 April from 13:00 to 15:00.

### 2026-04-01 13:00 [in_progress]
The upgrade has started.

### 14:30 [completed]
The upgrade is done, ahead of the window.
";

#[test]
fn a_maintenance_window_is_told_when_announced_started_and_completed() {
    let receiver = Receiver::start(0);
    let toml = format!(
        "{}\n[[destinations]]\nname = \"discord\"\nkind = \"discord\"\nurl_env = \"DISCORD_URL\"\nevents = [\"maintenance\"]\n\n[[destinations]]\nname = \"teams\"\nkind = \"teams\"\nurl_env = \"TEAMS_URL\"\nevents = [\"maintenance\"]\n",
        one_destination("webhook", "events = [\"maintenance\"]\n")
    );
    let dir = site(&toml);
    std::fs::create_dir_all(dir.path().join("content/maintenance")).expect("folder");
    std::fs::write(
        dir.path()
            .join("content/maintenance/2026-04-01-database.md"),
        MAINTENANCE,
    )
    .expect("maintenance");
    let (discord, teams) = (
        format!("{}/discord", receiver.url),
        format!("{}/teams", receiver.url),
    );
    let env = [
        ("HOOK_URL", receiver.url.as_str()),
        ("DISCORD_URL", discord.as_str()),
        ("TEAMS_URL", teams.as_str()),
    ];
    let id = |phase: &str| format!("maintenance/2026-04-01-database/{phase}");
    // Two minutes before the completed update: announced and started, not completed.
    let during = notify(
        dir.path(),
        &["--now", "2026-04-01 14:28", "--since", "2026-03-30 00:00"],
        &env,
    );
    assert_eq!(during.code, 0, "{}", during.stderr);
    let hooks = |phase: &str| -> Vec<serde_json::Value> {
        receiver
            .accepted()
            .into_iter()
            .filter(|r| r.path == "/" && r.event() == id(phase))
            .map(|r| r.json())
            .collect()
    };
    let events: Vec<String> = receiver
        .accepted()
        .iter()
        .filter(|r| r.path == "/")
        .map(|r| r.event())
        .collect();
    assert_eq!(events, [id("scheduled"), id("started")]);
    // Announced: the window as it stood then, with its one update.
    let announced = &hooks("scheduled")[0]["incident"];
    assert_eq!(announced["status"], "scheduled");
    assert_eq!(
        announced["incident_updates"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        announced["incident_updates"][0]["body"],
        "The upgrade is planned on 1 April from 13:00 to 15:00."
    );
    // Completed at its update, half an hour before the window's end.
    let done = notify(dir.path(), &["--now", "2026-04-01 14:30"], &env);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let completed = &hooks("completed")[0]["incident"];
    assert_eq!(completed["status"], "completed");
    assert_eq!(
        completed["incident_updates"][0]["body"],
        "The upgrade is done, ahead of the window."
    );
    assert_eq!(
        completed["incident_updates"].as_array().map(Vec::len),
        Some(3)
    );
    // Each chat tells it in the colour of maintenance.
    let chat = |path: &str| -> serde_json::Value {
        receiver
            .accepted()
            .into_iter()
            .find(|r| r.path == path && r.event() == id("started"))
            .expect("the start, on that path")
            .json()
    };
    let embed = &chat("/discord")["embeds"][0];
    assert_eq!(embed["title"], "[In progress] Database upgrade");
    assert_eq!(embed["color"], 0x1F_6F_EB);
    let status = &chat("/teams")["attachments"][0]["content"]["body"][2];
    assert_eq!(status["text"], "In progress");
    assert_eq!(status["color"], "Accent");
}

#[test]
fn discord_and_teams_colour_a_change_by_how_serious_it_is() {
    let receiver = Receiver::start(0);
    let toml = "[[destinations]]\nname = \"discord\"\nkind = \"discord\"\nurl_env = \"DISCORD_URL\"\nevents = [\"component\"]\n\n[[destinations]]\nname = \"teams\"\nkind = \"teams\"\nurl_env = \"TEAMS_URL\"\nevents = [\"component\"]\n";
    let dir = site(toml);
    let path = dir
        .path()
        .join("content/incidents/2026-04-01-api-errors.md");
    let text = std::fs::read_to_string(&path).expect("incident");
    std::fs::write(
        &path,
        text.replace("api: partial_outage", "api: major_outage"),
    )
    .expect("write");
    let (discord, teams) = (
        format!("{}/discord", receiver.url),
        format!("{}/teams", receiver.url),
    );
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("DISCORD_URL", &discord), ("TEAMS_URL", &teams)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = receiver.accepted();
    let colours = |path: &str, colour: fn(&serde_json::Value) -> serde_json::Value| {
        got.iter()
            .filter(|r| r.path == path)
            .map(|r| colour(&r.json()))
            .collect::<Vec<_>>()
    };
    // A major outage, then degraded performance, then operational again.
    assert_eq!(
        colours("/discord", |b| b["embeds"][0]["color"].clone()),
        [0xC0_1C_28, 0xE5_A5_0A, 0x1A_7F_37]
    );
    assert_eq!(
        colours("/teams", |b| {
            b["attachments"][0]["content"]["body"][2]["color"].clone()
        }),
        ["Attention", "Warning", "Good"]
    );
}

#[test]
fn a_record_line_cut_short_by_a_killed_run_is_written_over() {
    let receiver = Receiver::start(0);
    let dir = site(&one_destination("webhook", ""));
    let env = [("HOOK_URL", receiver.url.as_str())];
    let first = notify(
        dir.path(),
        &["--now", "2026-04-01 11:28", "--since", SINCE],
        &env,
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    // A run killed while it wrote a line leaves it cut short, without its newline.
    let path = dir.path().join("notify-record.jsonl");
    let mut text = std::fs::read_to_string(&path).expect("record");
    text.push_str("{\"outcome\":\"sent\",\"destin");
    std::fs::write(&path, &text).expect("write");
    let second = notify(dir.path(), &["--now", NOW], &env);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(
        second.stdout.lines().last(),
        Some("notified: 1 sent, nothing owed")
    );
    let third = notify(dir.path(), &["--now", NOW], &env);
    assert_eq!(third.code, 0, "{}", third.stderr);
    assert_eq!(third.stdout, "notified: 0 sent, nothing owed\n");
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, UPDATES, "each once");
    assert_eq!(record(dir.path()).len(), 4, "joined, then three sent");
}

#[test]
fn a_damaged_record_line_is_named_and_nothing_is_sent() {
    let joined = r#"{"outcome":"joined","destination":"hook","at":"2026-04-01T12:00:00+02:00"}"#;
    for (text, line) in [
        (format!("damaged\n{joined}\n"), 1),
        (format!("{joined}\ndamaged\n"), 2),
    ] {
        let receiver = Receiver::start(0);
        let dir = site(&one_destination("webhook", ""));
        let path = dir.path().join("notify-record.jsonl");
        std::fs::write(&path, &text).expect("record");
        let run = notify(
            dir.path(),
            &["--now", NOW, "--since", SINCE],
            &[("HOOK_URL", &receiver.url)],
        );
        assert_eq!(run.code, 1, "{text}");
        assert_eq!(
            run.stderr,
            format!(
                "error: {}:{line}: this line of the delivery record cannot be read: expected \
                 value at line 1 column 1 (restore it from the repository's history)\n",
                path.display()
            ),
            "{text}"
        );
        assert!(receiver.received().is_empty());
        assert_eq!(std::fs::read_to_string(&path).ok(), Some(text));
    }
}

#[test]
fn a_record_in_a_folder_of_its_own_is_made_with_its_folder() {
    let receiver = Receiver::start(0);
    let dir = site(&format!(
        "record = \"state/notify/record.jsonl\"\n{}",
        one_destination("webhook", "")
    ));
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("HOOK_URL", &receiver.url)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("state/notify/record.jsonl"))
        .expect("the record, in its folder");
    assert_eq!(text.lines().count(), 4, "joined, then three sent");
    assert!(dir.path().join("state/notify/record.jsonl.lock").exists());
    assert!(!dir.path().join("notify-record.jsonl").exists());
}
