//! `vigie import`: the story's shared Slack channel, its Teams twin and its alerts, imported
//! into a copy of the example, end to end with the real binary.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot read its fixture fails"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, read, vigie, visible_text};

const NOW: &str = "2026-11-23 10:30";
const STORY: &str = "content/incidents/2026-11-13-rapports-hebdomadaires/index.md";
const CHANNEL: &str = "incident-rapports-client";

/// The roles of the story's people, as a site writes them in config.toml.
const PEOPLE: &str = r#"
[people]
"Sophie Lambert" = "CSM"
"karim.benali" = "développeur back-end"
"Alice Durand" = "tech lead"

[import.keywords]
"décision" = ["Décision :"]
"#;

/// Everyone in the fixtures' exports: none may be written into the site.
const NAMES: &[&str] = &[
    "Sophie",
    "Lambert",
    "Karim",
    "Benali",
    "Alice",
    "Durand",
    "Julien",
    "Nathalie",
    "Roux",
    "sophie.lambert",
    "U01SOPHIE",
];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn imports(name: &str) -> String {
    fixture("imports")
        .join(name)
        .to_str()
        .expect("utf-8 path")
        .to_string()
}

/// A copy of the example site with `[people]` and `[import]` in its config.toml.
fn example_with_people() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    common::copy(&example().join("content"), &dir.path().join("content"));
    let config = read(&example().join("config.toml"));
    std::fs::write(dir.path().join("config.toml"), config + PEOPLE).expect("config");
    dir
}

/// Removes the story's customer communications written by hand (calls and everything said in
/// the Slack channel) and returns the time and kind of each, as `18:52 appel`.
fn remove_communications(root: &Path) -> Vec<String> {
    remove_entries(root, |line| {
        line.contains("[appel") || line.contains("canal: Slack")
    })
}

/// Removes the story's timeline entries whose first line `which` picks, and returns the time
/// and kind of each.
fn remove_entries(root: &Path, which: impl Fn(&str) -> bool) -> Vec<String> {
    let path = root.join(STORY);
    let text = read(&path);
    let mut kept = String::new();
    let mut removed = Vec::new();
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("- ") {
            skipping = which(line);
            if skipping {
                removed.extend(time_and_kind(line));
            }
        } else if !line.starts_with("  ") {
            skipping = false;
        }
        if !skipping {
            kept.push_str(line);
        }
    }
    std::fs::write(&path, kept).expect("write");
    removed
}

/// `18:52 appel` of `- 2026-11-13 18:52 [appel, CSM, …] …`.
fn time_and_kind(line: &str) -> Option<String> {
    let (time, rest) = line.strip_prefix("- ")?.split_once(" [")?;
    let time = time.rsplit(' ').next()?;
    let kind = rest.split([',', ']']).next()?;
    Some(format!("{time} {kind}"))
}

/// What the CSM does after an import: marks `public` the entries clients may read.
fn mark_public(root: &Path, which: &[String]) {
    let path = root.join(STORY);
    let text = read(&path);
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("- ")
            && !line.contains(", public")
            && time_and_kind(line).is_some_and(|t| which.contains(&t))
        {
            let (head, rest) = line.split_once(']').expect("brackets");
            out.push_str(&format!("{head}, public]{rest}"));
        } else {
            out.push_str(line);
        }
    }
    std::fs::write(&path, out).expect("write");
}

fn import(root: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--root",
        root.to_str().expect("utf-8 path"),
        "--incident",
        "rapports-hebdomadaires",
        "--now",
        NOW,
    ]);
    vigie(&all)
}

/// The communication audit of the story's published postmortem, as a reader sees it.
fn record(root: &Path) -> String {
    section(root, "communications")
}

/// A section of the story's published postmortem, as a reader sees it.
fn section(root: &Path, id: &str) -> String {
    let (_guard, out) = common::build_root(root, NOW);
    let html = read(&out.join("incidents/2026-11-13-rapports-hebdomadaires/postmortem/index.html"));
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .expect("the section");
    let end = html[start..].find("</section>").expect("its end") + start;
    visible_text(&html[start..end])
}

#[test]
fn the_story_channel_gives_back_the_communication_record() {
    let site = example_with_people();
    let removed = remove_communications(site.path());
    assert_eq!(removed.len(), 15, "{removed:?}");
    let run = import(
        site.path(),
        &["slack", &imports("slack-export"), "--channel", CHANNEL],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{STORY}: 26 entries added")),
        "{}",
        run.stdout
    );
    for note in [
        "note: 1 deleted message(s) left out",
        "note: 1 bot message(s) left out",
        "note: Julien Petit is not in [people] of config.toml",
        "note: Nathalie Roux is not in [people] of config.toml",
    ] {
        assert!(run.stderr.contains(note), "{note} in\n{}", run.stderr);
    }
    let written = read(&site.path().join(STORY));
    for name in NAMES {
        assert!(!written.contains(name), "{name} written in\n{written}");
    }
    for line in [
        "- 18:52 [appel, CSM, pour: directrice des opérations du client] Appel : ce qui se passe, ce que nous savons, ce qui va suivre. Engagement de donner des nouvelles toutes les deux heures jusqu'à la résolution.\n",
        "- 19:20 [décision, tech lead, canal: Slack] Décision : pas de retour à la 4.11, la 4.12 contient une migration de données qui ne se défait pas sans risque. On part sur un correctif ciblé, développeur back-end s'en charge.\n",
        "- 20:10 [retour client, client, canal: Slack] Est-ce que les données de la semaine sont touchées ?\n  ↳ 20:14, CSM : Non : les données sont intactes, seule la génération des rapports est bloquée.\n",
        "- 21:35 [message, CSM, canal: Slack] Procédure d'extraction manuelle, essayée sur un rapport : (fichier joint : extraction-manuelle.pdf)\n",
        "- 12:41 [message, membre de l'équipe, canal: Slack] Les 6 modèles restants",
        "- 22:42 [secours, CSM, canal: Slack] Solution de secours proposée au client",
    ] {
        assert!(written.contains(line), "{line} not in\n{written}");
    }
    for left_out in [
        "Je garde le canal ouvert",
        "FIRING",
        "This message was deleted",
        "Bon week-end",
    ] {
        assert!(!written.contains(left_out), "{left_out} written");
    }
    assert!(
        !written.contains(", public, canal: Slack] Point"),
        "imported entries are internal"
    );

    let again = import(
        site.path(),
        &["slack", &imports("slack-export"), "--channel", CHANNEL],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains(&format!(
            "{STORY}: nothing to add, 26 already in the timeline"
        )),
        "{}",
        again.stdout
    );
    assert_eq!(
        read(&site.path().join(STORY)),
        written,
        "a second import adds nothing"
    );

    mark_public(site.path(), &removed);
    assert_eq!(record(site.path()), record(&example()), "the same audit");
    // The timeline tells each communication: the same up to the customer's feedback, which
    // the import writes with the thread's replies.
    let imported = section(site.path(), "timeline");
    let original = section(&example(), "timeline");
    let (imported_timeline, imported_feedback) = imported
        .split_once("Retour client · client")
        .expect("feedback");
    let (original_timeline, _) = original
        .split_once("Retour client · client")
        .expect("feedback");
    assert_eq!(imported_timeline, original_timeline);
    assert!(
        imported_feedback.contains(
            "On sait que l'erreur n'était pas volontaire. Ce qui compte pour nous, c'est comment vous avez géré. Vous avez été présents. On reste."
        ),
        "{imported_feedback}"
    );
    for kept in [
        "Solution de secours proposée au client",
        "Plan de communication rédigé avec le client",
        "Point : 31 modèles sur 37 validés.",
        "CSM → directrice des opérations du client",
    ] {
        assert!(
            imported_timeline.contains(kept),
            "{kept} not in the timeline"
        );
    }
}

#[test]
fn a_dry_run_shows_the_diff_and_leaves_the_file_byte_for_byte() {
    let site = example_with_people();
    remove_communications(site.path());
    let before = std::fs::read(site.path().join(STORY)).expect("read");
    let run = import(
        site.path(),
        &[
            "slack",
            &imports("slack-export"),
            "--channel",
            CHANNEL,
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("26 entries to add; nothing written (--dry-run)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "\n+ - 11:00 [point, CSM, canal: Slack] Point : 31 modèles sur 37 validés.\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.starts_with("@@ line "), "{}", run.stdout);
    assert_eq!(
        std::fs::read(site.path().join(STORY)).expect("read"),
        before
    );
}

#[test]
fn the_api_history_of_the_channel_writes_what_the_export_folder_writes() {
    let from_folder = example_with_people();
    let from_history = example_with_people();
    remove_communications(from_folder.path());
    remove_communications(from_history.path());
    let run = import(
        from_folder.path(),
        &["slack", &imports("slack-export"), "--channel", CHANNEL],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = import(
        from_history.path(),
        &["slack", &imports("slack-history.json")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&from_history.path().join(STORY)),
        read(&from_folder.path().join(STORY))
    );
}

#[test]
fn an_export_of_several_channels_needs_one_named() {
    let site = example_with_people();
    let run = import(site.path(), &["slack", &imports("slack-export")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "the export holds 2 channels: name one with --channel (general, incident-rapports-client)"
        ),
        "{}",
        run.stderr
    );
    let run = import(
        site.path(),
        &["slack", &imports("slack-export"), "--channel", "#incident"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "no channel `incident` in this export; its channels: general, incident-rapports-client"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_timeline_out_of_time_order_is_refused_with_the_entry_named() {
    let site = example_with_people();
    remove_communications(site.path());
    let path = site.path().join(STORY);
    let text = read(&path).replace(
        "- 20:30 [note, développeur back-end]",
        "- 2026-11-14 20:30 [note, développeur back-end]",
    );
    std::fs::write(&path, &text).expect("write");
    let run = import(
        site.path(),
        &["slack", &imports("slack-export"), "--channel", CHANNEL],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("cannot place the imported entry of 2026-11-14 11:00: the timeline is not in time order around this entry"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("put the timeline's entries in time order, then import again")
    );
    assert_eq!(read(&path), text, "nothing written");
}

/// One incident, resolved, for small imports.
const INCIDENT: &str = "---\ntitle: API errors\nimpact: minor\nstarted: 2026-05-04 09:00\ncomponents:\n  api: partial_outage\npostmortem: draft\n---\n\n## Updates\n\n### 09:10 [investigating]\nWe are looking into API errors.\n\n### 11:00 [resolved]\nFixed.\n\n## Timeline\n\n- 09:00 [impact] Errors start.\n- 10:30 [fix, on-call engineer] Rollback.\n";

#[test]
fn the_blameless_check_speaks_of_the_imported_lines() {
    let history = r#"{"ok": true, "messages": [
      {"type": "message", "ts": "1777884600.000100", "user": "U1", "user_team": "T1", "text": "Root cause: a human error during the rollout.", "user_profile": {"real_name": "Ana Silva", "name": "ana", "team": "T1"}},
      {"type": "message", "ts": "1777881600.000100", "user": "U2", "user_team": "T2", "text": "Any news?", "user_profile": {"real_name": "Bo Client", "name": "bo", "team": "T2"}},
      {"type": "message", "ts": "1777880400.000100", "user": "U1", "user_team": "T1", "text": "Looking at it.", "user_profile": {"real_name": "Ana Silva", "name": "ana", "team": "T1"}}
    ]}"#;
    let config = format!("{}\n[people]\nana = \"on-call engineer\"\n", common::CONFIG);
    let site = common::site(&[
        ("config.toml", &config),
        ("content/incidents/2026-05-04-api.md", INCIDENT),
        ("history.json", history),
    ]);
    let root = site.path().to_str().expect("utf-8 path");
    let file = site.path().join("history.json");
    let run = vigie(&[
        "import",
        "slack",
        file.to_str().expect("utf-8 path"),
        "--root",
        root,
        "--incident",
        "api",
        "--now",
        "2026-05-05 10:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = read(&site.path().join("content/incidents/2026-05-04-api.md"));
    assert!(written.ends_with(
        "- 09:00 [impact] Errors start.\n- 09:40 [message, on-call engineer, channel: Slack] Looking at it.\n- 10:00 [feedback, client, channel: Slack] Any news?\n- 10:30 [fix, on-call engineer] Rollback.\n- 10:50 [message, on-call engineer, channel: Slack] Root cause: a human error during the rollout.\n"
    ), "{written}");
    assert!(
        run.stderr
            .contains("warning: content/incidents/2026-05-04-api.md:24:17 human-error"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("human error"), "{}", run.stderr);
    assert!(
        run.stderr.contains("note: Bo Client is not in [people]"),
        "{}",
        run.stderr
    );
    assert!(!written.contains("Ana") && !written.contains("Bo Client"));
}

#[test]
fn alerts_give_the_detection_and_the_acknowledgement() {
    let site = example_with_people();
    let removed = remove_entries(site.path(), |line| {
        line.contains("[alerte") || line.contains("[prise en charge")
    });
    assert_eq!(removed, ["18:40 alerte", "18:45 prise en charge"]);
    let run = import(site.path(), &["alerts", &imports("alertmanager.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{STORY}: 1 entries added")),
        "{}",
        run.stdout
    );
    let run = import(
        site.path(),
        &["alerts", &imports("pagerduty-log-entries.json")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "{STORY}: 1 entries added, 1 already in the timeline"
        )),
        "{}",
        run.stdout
    );
    let written = read(&site.path().join(STORY));
    assert!(written.contains(
        "- 18:40 [détection, supervision] Alerte « génération incomplète : 0 rapport sur 37 attendus pour les modèles personnalisés ».\n- 18:45 [prise en charge, CSM] Alerte prise en charge dans PagerDuty.\n- 18:52 [appel,"
    ), "{written}");
    assert!(!written.contains("Sophie") && !written.contains("Alice Durand"));
    assert_eq!(
        section(site.path(), "response"),
        section(&example(), "response")
    );
    let again = import(
        site.path(),
        &["alerts", &imports("pagerduty-log-entries.json")],
    );
    assert!(
        again.stdout.contains("nothing to add, 2 already"),
        "{}",
        again.stdout
    );
}

#[test]
fn the_story_channel_on_teams_gives_back_the_same_record() {
    let site = example_with_people();
    let removed = remove_communications(site.path());
    let run = import(site.path(), &["teams", &imports("teams-messages.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{STORY}: 26 entries added")),
        "{}",
        run.stdout
    );
    for note in [
        "note: 1 deleted message(s) left out",
        "note: 1 bot message(s) left out",
        "note: Karim Benali is not in [people] of config.toml",
    ] {
        assert!(run.stderr.contains(note), "{note} in\n{}", run.stderr);
    }
    let written = read(&site.path().join(STORY));
    for name in NAMES {
        assert!(!written.contains(name), "{name} written in\n{written}");
    }
    assert!(written.contains(
        "- 19:20 [décision, tech lead, canal: Teams] Décision : pas de retour à la 4.11, la 4.12 contient une migration de données qui ne se défait pas sans risque. On part sur un correctif ciblé, membre de l'équipe s'en charge.\n"
    ), "{written}");
    assert!(written.contains("(fichier joint : extraction-manuelle.pdf)"));
    let again = import(site.path(), &["teams", &imports("teams-messages.json")]);
    assert!(
        again.stdout.contains("nothing to add, 26 already"),
        "{}",
        again.stdout
    );

    mark_public(site.path(), &removed);
    assert_eq!(record(site.path()), record(&example()), "the same audit");
    let imported = section(site.path(), "timeline");
    let original = section(&example(), "timeline").replace(" · Slack", " · Teams");
    assert!(original.contains(" · Teams"), "the channel is named");
    let (imported_timeline, _) = imported
        .split_once("Retour client · client")
        .expect("feedback");
    let (original_timeline, _) = original
        .split_once("Retour client · client")
        .expect("feedback");
    assert_eq!(imported_timeline, original_timeline);
}

#[test]
fn an_incident_without_a_timeline_gets_one() {
    let history = r#"{"ok": true, "messages": [
      {"type": "message", "ts": "1777880400.000100", "user": "U1", "text": "Looking at it.\n\n## Notes", "user_profile": {"real_name": "Ana Silva", "name": "ana"}}
    ]}"#;
    let config = format!("{}\n[people]\nana = \"on-call engineer\"\n", common::CONFIG);
    let incident = INCIDENT.split("\n## Timeline").next().expect("updates");
    let site = common::site(&[
        ("config.toml", &config),
        ("content/incidents/2026-05-04-api.md", incident),
        ("history.json", history),
    ]);
    let root = site.path().to_str().expect("utf-8 path");
    let file = site.path().join("history.json");
    let run = vigie(&[
        "import",
        "slack",
        file.to_str().expect("utf-8 path"),
        "--root",
        root,
        "--incident",
        "api",
        "--now",
        "2026-05-05 10:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("@@ line 18 @@\n+ ## Timeline\n+\n+ - 09:40 [message, on-call engineer, channel: Slack] Looking at it.\n+   \\## Notes\n"), "{}", run.stdout);
    let written = read(&site.path().join("content/incidents/2026-05-04-api.md"));
    assert!(
        written.ends_with("Fixed.\n\n## Timeline\n\n- 09:40 [message, on-call engineer, channel: Slack] Looking at it.\n  \\## Notes\n"),
        "{written}"
    );
}
