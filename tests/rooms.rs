//! Client rooms: what is addressed to a client reaches their room and nobody else's, in
//! every output format; the public site has none of it, the team's site all of it.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;
mod notify_support;

use std::path::{Path, PathBuf};

use common::{all_files, copy_of, fixture, read, vigie};

const CLIENTS: [&str; 3] = ["acme", "globex", "initech"];

/// The places of the format that can be addressed to a client, each with its canary
/// (`ACME-UPDATE` for acme): an update, a whole incident (title, updates), a timeline
/// entry (text, channel), a workaround, feedback, an action item (text, owner), a
/// postmortem section (heading, text) and a whole maintenance window (title, description).
const PLACES: [&str; 11] = [
    "UPDATE",
    "INCIDENT-TITLE",
    "INCIDENT-UPDATE",
    "ENTRY",
    "CHANNEL",
    "ACTION",
    "WINDOW",
    "WINDOW-TEXT",
    "FEEDBACK",
    "HEADING",
    "SECTION",
];

/// Every canary planted for `client`.
fn canaries(client: &str) -> Vec<String> {
    let upper = client.to_uppercase();
    PLACES.iter().map(|p| format!("{upper}-{p}")).collect()
}

/// When the incidents addressed to a single client are open (badges, embeds, the
/// unresolved API), and after everything was resolved (postmortems, feeds).
const CLOCKS: [&str; 2] = ["2026-04-02 08:30", "2026-04-03 10:30"];

fn build(args: &[&str], now: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("out");
    let root = fixture("rooms");
    let mut all = vec![
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--now",
        now,
    ];
    all.extend_from_slice(args);
    let out_text = out.to_str().expect("utf-8").to_string();
    if args.contains(&"--rooms") {
        all.push(&out_text);
    } else {
        all.extend(["--output", &out_text]);
    }
    let run = vigie(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

/// Every file's text under `dir`, by path.
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    all_files(dir)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

fn assert_none_of(files: &[(PathBuf, String)], canaries: &[String], whose: &str) {
    for (path, text) in files {
        for canary in canaries {
            assert!(
                !text.contains(canary),
                "{canary} in {whose}: {}",
                path.display()
            );
        }
    }
}

/// The text of `path` in `files`.
fn text_of<'a>(files: &'a [(PathBuf, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn each_room_has_its_own_canaries_and_no_other_clients() {
    for now in CLOCKS {
        let (_guard, rooms) = build(&["--rooms"], now);
        for client in CLIENTS {
            let files = texts(&rooms.join(client));
            assert!(files.len() > 25, "{client}: {} files", files.len());
            for other in CLIENTS.iter().filter(|o| **o != client) {
                assert_none_of(&files, &canaries(other), client);
                let name = format!("{}{} Corp", &other[..1].to_uppercase(), &other[1..]);
                assert_none_of(&files, &[name, format!("/{other}/")], client);
            }
        }
    }
}

#[test]
fn a_room_shows_what_is_addressed_to_its_client_in_every_format() {
    let (_guard, open) = build(&["--audience", "client:acme"], CLOCKS[0]);
    let files = texts(&open);
    for (path, canary) in [
        ("index.html", "ACME-INCIDENT-TITLE"),
        ("embed/index.html", "ACME-INCIDENT-TITLE"),
        ("api/v2/incidents/unresolved.json", "ACME-INCIDENT-UPDATE"),
        ("api/v2/summary.json", "ACME-INCIDENT-TITLE"),
        ("maintenance.ics", "ACME-WINDOW"),
        ("api/v2/scheduled-maintenances/upcoming.json", "ACME-WINDOW"),
        ("maintenance/window-acme/index.html", "ACME-WINDOW-TEXT"),
    ] {
        assert!(
            text_of(&files, path).contains(canary),
            "{canary} not in {path}"
        );
    }
    assert!(
        text_of(&files, "badges/exports.svg").contains("Degraded"),
        "the incident addressed to acme degrades exports in acme's room"
    );
    let (_guard, later) = build(&["--audience", "client:acme"], CLOCKS[1]);
    let files = texts(&later);
    for (path, canary) in [
        ("incidents/shared/index.html", "ACME-UPDATE"),
        ("incidents/shared/postmortem/index.html", "ACME-ENTRY"),
        ("incidents/shared/postmortem/index.html", "ACME-CHANNEL"),
        ("incidents/shared/postmortem/index.html", "ACME-FEEDBACK"),
        ("incidents/shared/postmortem/index.html", "ACME-ACTION"),
        ("incidents/shared/postmortem/index.html", "ACME-HEADING"),
        ("incidents/shared/postmortem/index.html", "ACME-SECTION"),
        ("incidents/shared/report/index.html", "ACME-HEADING"),
        ("incidents/shared/report/index.html", "ACME-SECTION"),
        ("action-items/index.html", "ACME-ACTION"),
        ("api/v2/incidents.json", "ACME-UPDATE"),
        ("history.atom", "ACME-UPDATE"),
        ("history.rss", "ACME-INCIDENT-TITLE"),
        ("history/index.html", "ACME-INCIDENT-TITLE"),
        ("maintenance/window-acme/window-acme.ics", "ACME-WINDOW"),
    ] {
        assert!(
            text_of(&files, path).contains(canary),
            "{canary} not in {path}"
        );
    }
}

#[test]
fn the_public_site_has_no_client_canary_and_the_team_site_has_them_all() {
    let every: Vec<String> = CLIENTS.iter().flat_map(|c| canaries(c)).collect();
    for now in CLOCKS {
        let (_guard, public) = build(&[], now);
        let files = texts(&public);
        assert_none_of(&files, &every, "the public site");
        assert_none_of(
            &files,
            &["Acme Corp".into(), "Globex".into(), "initech".into()],
            "the public site",
        );
        assert!(
            text_of(&files, "badges/exports.svg").contains("Operational"),
            "an incident addressed to a client leaves the public status alone"
        );
    }
    let (_guard, internal) = build(&["--audience", "internal"], CLOCKS[1]);
    let all: String = texts(&internal).into_iter().map(|(_, t)| t).collect();
    for canary in &every {
        assert!(
            all.contains(canary.as_str()),
            "{canary} not on the team's site"
        );
    }
}

#[test]
fn rooms_are_not_indexed_say_whose_they_are_and_speak_their_language() {
    let (_guard, rooms) = build(&["--rooms"], CLOCKS[1]);
    let acme = read(&rooms.join("acme/index.html"));
    assert!(acme.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(acme.contains("Acme Corp&#39;s room: private to Acme Corp."));
    let globex = read(&rooms.join("globex/index.html"));
    assert!(globex.contains("<html lang=\"fr\">"));
    assert!(globex.contains("Espace Globex Corp : réservé à Globex Corp."));
    for client in CLIENTS {
        for (path, text) in texts(&rooms.join(client)) {
            if path.extension().is_some_and(|e| e == "html") {
                assert!(
                    text.contains("<meta name=\"robots\" content=\"noindex"),
                    "{client}/{} is indexable",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn rooms_never_go_where_the_public_site_is_published() {
    let root = fixture("rooms");
    let root_text = root.to_str().expect("utf-8");
    let public = root.join("public");
    let run = vigie(&[
        "build",
        "--root",
        root_text,
        "--rooms",
        public.join("rooms").to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "is where the public site is published (the default output, ",
        ) && run.stderr.contains(
            "): the rooms' folder never goes there; write it outside, e.g. --rooms ../status-rooms"
        ),
        "{}",
        run.stderr
    );
    let run = vigie(&["build", "--root", root_text, "--audience", "client:acme"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --audience client:acme needs --output DIR: a client's room never goes to public/\n"
    );
    assert!(!public.exists());
}

#[test]
fn a_room_for_an_unknown_client_is_refused_with_the_known_ones() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let run = vigie(&[
        "build",
        "--root",
        fixture("rooms").to_str().expect("utf-8"),
        "--audience",
        "client:acmee",
        "--output",
        dir.path().join("out").to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with(
            "error: --audience client:acmee: no client `acmee` in config.toml (clients of config.toml: acme, globex, initech)\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists());
}

/// A copy of the rooms fixture with `text` appended to the shared incident's timeline.
fn with_entry(entry: &str) -> tempfile::TempDir {
    let site = copy_of(&fixture("rooms"));
    let path = site.path().join("content/incidents/shared.md");
    let text = read(&path).replace("- 10:45 [feedback", &format!("{entry}\n- 10:45 [feedback"));
    std::fs::write(&path, text).expect("write");
    site
}

fn check(site: &Path) -> common::Run {
    vigie(&[
        "check",
        "--root",
        site.to_str().expect("utf-8"),
        "--now",
        CLOCKS[1],
    ])
}

#[test]
fn an_unknown_client_in_brackets_is_an_error_where_it_is_written() {
    let site = with_entry("- 10:44 [message, CSM, for: acme globx] Wrote to them.");
    let run = check(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: content/incidents/shared.md:39:34: timeline.for: unknown client `globx`\n  hint: did you mean `globex`? Clients of config.toml: acme, globex, initech\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_clients_confidential_names_are_errors_in_another_clients_room() {
    let site = copy_of(&fixture("rooms"));
    let path = site.path().join("content/incidents/shared.md");
    let text = read(&path).replace(
        "### 10:30 [identified, for: initech]",
        "### 10:28 [identified, for: globex]\nLike ACME-SECRET, your reports are late.\n\n### 10:30 [identified, for: initech]",
    );
    std::fs::write(&path, text).expect("write");
    let run = check(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: content/incidents/shared.md:23:6: update: `ACME-SECRET` is confidential to client `acme` (config.toml) and would be published here, in the room of globex\n  hint: keep it in what is addressed to `acme` alone (`for: acme`), internal entries and notes; say \"a client\" elsewhere\n"
        ),
        "{}",
        run.stderr
    );
    let site = with_entry("- 10:44 [message, CSM, public] Acme Corp was called.");
    let run = check(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "timeline: `Acme Corp` is confidential to client `acme` (config.toml) and would be published here\n"
        ),
        "{}",
        run.stderr
    );
    let site = with_entry("- 10:44 [message, CSM, for: acme] ACME-SECRET and Acme Corp, yours.");
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_message_for_a_client_has_what_is_addressed_to_them_and_no_one_else_gets_it() {
    let root = fixture("rooms");
    let message = |extra: &[&str]| {
        let mut args = vec![
            "message",
            "--root",
            root.to_str().expect("utf-8"),
            "--now",
            CLOCKS[0],
        ];
        args.extend_from_slice(extra);
        vigie(&args)
    };
    let acme = message(&["only-acme", "--for", "acme"]);
    assert_eq!(acme.code, 0, "{}", acme.stderr);
    assert!(
        acme.stdout
            .contains("ACME-INCIDENT-UPDATE Your exports are late."),
        "{}",
        acme.stdout
    );
    let globex = message(&["only-globex", "--for", "globex", "--channel", "email"]);
    assert_eq!(globex.code, 0, "{}", globex.stderr);
    assert!(
        globex.stdout.contains("GLOBEX-INCIDENT-UPDATE"),
        "{}",
        globex.stdout
    );
    for (run, whose) in [(&acme, "acme"), (&globex, "globex")] {
        for other in CLIENTS.iter().filter(|c| **c != whose) {
            assert_none_of(
                &[(PathBuf::new(), run.stdout.clone())],
                &canaries(other),
                whose,
            );
        }
    }
    for refused in [
        message(&["only-acme"]),
        message(&["only-acme", "--for", "globex"]),
    ] {
        assert_eq!(refused.code, 1, "{}", refused.stdout);
        assert!(!refused.stdout.contains("ACME"), "{}", refused.stdout);
        assert!(refused.stderr.contains("only-acme"), "{}", refused.stderr);
    }
}

#[test]
fn a_client_reads_their_own_report_of_an_incident_in_their_language() {
    let (_guard, rooms) = build(&["--rooms"], CLOCKS[1]);
    let report = read(&rooms.join("acme/incidents/shared/report/index.html"));
    let text = common::visible_text(&report);
    for expected in [
        "Incident report for Acme Corp Exports failing",
        "Your components affected Exports · Partial outage",
        "Updates written for you Wednesday 1 April 2026, 10:20 · Identified ACME-UPDATE Your 12 export templates",
        "10:12 Call · ACME-CHANNEL · CSM → ACME-AUDIENCE ACME-ENTRY Called their operations director. Next update promised: 10:40 ✓ kept",
        "10:20 Status page update · Identified ACME-UPDATE",
        "Promises made to you Update promises kept: 3 of 3.",
        "Wednesday 1 April 2026, 10:12 · Call — Next update promised: 10:40: kept (news at 10:20)",
        "Workarounds offered to you Wednesday 1 April 2026, 10:14 · CSM ACME-WORKAROUND Manual extraction offered.",
        "Your feedback ACME-FEEDBACK Thanks for the calls.",
        "ACME-ACTION Replay the 12 templates before each release ACME-OWNER",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(report.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    let incident = read(&rooms.join("acme/incidents/shared/index.html"));
    assert!(
        incident.contains("<a href=\"/acme/incidents/shared/report/\">Your incident report →</a>")
    );
    let globex = common::visible_text(&read(
        &rooms.join("globex/incidents/shared/report/index.html"),
    ));
    for expected in [
        "Rapport d'incident pour Globex Corp Exports failing",
        "Vos composants touchés Reports · Performances dégradées",
        "Les promesses qui vous ont été faites",
        "Vos retours GLOBEX-FEEDBACK",
        "Les actions qui vous concernent",
    ] {
        assert!(globex.contains(expected), "{expected:?} not in {globex}");
    }
    assert!(
        rooms
            .join("acme/incidents/only-acme/report/index.html")
            .exists()
    );
    assert!(!rooms.join("acme/incidents/upgrade").join("report").exists());
    let (_guard, public) = build(&[], CLOCKS[1]);
    assert!(!public.join("incidents/shared/report").exists());
    assert!(!read(&public.join("incidents/shared/index.html")).contains("report/"));
}

/// The example site's rooms: its key client of the story, and a second client.
#[test]
fn the_example_has_its_key_client_as_a_room_and_a_second_client_with_its_own_canary() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let rooms = dir.path().join("rooms");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = vigie(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--now",
        "2026-11-23 10:30",
        "--rooms",
        rooms.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let story = "incidents/2026-11-13-rapports-hebdomadaires";
    let report = common::visible_text(&read(
        &rooms.join(format!("morel/{story}/report/index.html")),
    ));
    for expected in [
        "Rapport d'incident pour Morel & Associés",
        "Vos composants touchés Rapports hebdomadaires · Panne majeure",
        "Appel · CSM → directrice des opérations Appel à votre directrice des opérations",
        "Canal partagé #cadran-morel-rapports ouvert",
        "Extraction manuelle de vos 37 modèles personnalisés",
        "Plan de communication écrit avec votre directrice des opérations",
        "08:15 · client « Vos appels toutes les deux heures ont permis à mon équipe de dormir un peu.",
        "Rejouer vos 37 modèles personnalisés en pré-production",
    ] {
        assert!(report.contains(expected), "{expected:?} not in {report}");
    }
    let vidal =
        read(&rooms.join("transports-vidal/incidents/2026-11-23-exports-en-echec/index.html"));
    assert!(
        vidal.contains("flotte-hebdo"),
        "the second client's own update"
    );
    for (path, text) in texts(&rooms.join("transports-vidal")) {
        for other in ["Morel", "cadran-morel", "Synthèse hebdomadaire agences"] {
            assert!(
                !text.contains(other),
                "{other} in transports-vidal/{}",
                path.display()
            );
        }
    }
    for (path, text) in texts(&rooms.join("morel")) {
        for other in ["flotte-hebdo", "Transports Vidal", "transports-vidal"] {
            assert!(!text.contains(other), "{other} in morel/{}", path.display());
        }
    }
    let (_guard, public) = common::build_root(root, "2026-11-23 10:30");
    for (path, text) in texts(&public) {
        for private in [
            "Morel",
            "cadran-morel",
            "flotte-hebdo",
            "Vidal",
            "Synthèse hebdomadaire agences",
        ] {
            assert!(
                !text.contains(private),
                "{private} in public/{}",
                path.display()
            );
        }
    }
}

#[test]
fn check_warns_per_client_when_a_promise_made_to_them_was_broken() {
    let site = copy_of(&fixture("rooms"));
    let path = site.path().join("content/incidents/shared.md");
    let text = read(&path).replace("ACME-AUDIENCE, next 10:40]", "ACME-AUDIENCE, next 10:15]");
    std::fs::write(&path, text).expect("write");
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: content/incidents/shared.md:32:3: promise: a promise made to client `acme` was broken: news promised by 2026-04-01 10:15 +00:00; news came at 2026-04-01 10:20 +00:00, 5 min late\n  hint: tell acme why in the next message, and say so in their report; promise only what the team can keep\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("a promise made to client").count(),
        1,
        "{}",
        run.stderr
    );
    let report = common::visible_text(&read(
        &build_site_at(site.path()).join("acme/incidents/shared/report/index.html"),
    ));
    assert!(
        report.contains(
            "10:12 · Call — Next update promised: 10:15: not kept: news came at 10:20, 5 min late"
        ),
        "{report}"
    );
}

/// Every room of the site at `root`, at the later clock.
fn build_site_at(root: &Path) -> PathBuf {
    let rooms = root.join("../rooms-out");
    let run = vigie(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--now",
        CLOCKS[1],
        "--rooms",
        rooms.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    rooms
}

#[test]
fn the_csm_writes_for_a_client_with_for() {
    let site = copy_of(&fixture("rooms"));
    let root = site.path().to_str().expect("utf-8").to_string();
    let run = vigie(&[
        "update",
        "only-acme",
        "--root",
        &root,
        "--now",
        "2026-04-02 08:40",
        "--status",
        "identified",
        "--next",
        "2h",
        "--for",
        "acme",
        "Your exports restart now.",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("### 08:40 [identified, for: acme, next 2h]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("only the clients it is addressed to read it, in their rooms")
    );
    let run = vigie(&[
        "note",
        "shared",
        "--root",
        &root,
        "--now",
        "2026-04-02 08:46",
        "--kind",
        "call",
        "--who",
        "CSM",
        "--for",
        "acme",
        "--for",
        "globex",
        "Called both.",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("- 2026-04-02 08:46 [call, CSM, for: acme globex] Called both."),
        "{}",
        run.stdout
    );
    let run = vigie(&[
        "note",
        "only-acme",
        "--root",
        &root,
        "--now",
        "2026-04-02 08:47",
        "--kind",
        "call",
        "--for",
        "acmee",
        "Called.",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("timeline.for: unknown client `acmee`\n  hint: did you mean `acme`?"),
        "{}",
        run.stderr
    );
    let shared = read(&site.path().join("content/incidents/shared.md"));
    assert!(shared.contains("Called both."));
    let text = read(&site.path().join("content/incidents/only-acme.md"));
    assert!(text.contains("Your exports restart now.") && !text.contains("Called.\n"));
}

#[test]
fn a_room_lists_the_components_its_client_uses_first() {
    let (_guard, rooms) = build(&["--rooms"], CLOCKS[0]);
    let services = |client: &str| {
        let html = read(&rooms.join(format!("{client}/index.html")));
        let start = html.find("id=\"components-title\"").expect("the services");
        let end = html[start..].find("</section>").expect("their end") + start;
        common::visible_text(&html[start..end])
    };
    let acme = services("acme");
    assert!(
        acme.contains("Components Your services Degraded performance Exports Degraded performance"),
        "{acme}"
    );
    let globex = services("globex");
    assert!(
        globex.contains("Vos services Opérationnel Reports Opérationnel"),
        "{globex}"
    );
    let reports = globex.find("Reports").expect("reports");
    assert!(globex[reports..].contains("API"), "then the API: {globex}");
    let (_guard, public) = build(&[], CLOCKS[0]);
    let html = read(&public.join("index.html"));
    assert!(!html.contains("Your services"));
}

#[test]
fn check_renders_every_room_so_that_a_site_that_passes_it_builds_them() {
    let site = copy_of(&fixture("rooms"));
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_guard, public) = build(&[], CLOCKS[1]);
    let (_guard, rooms) = build(&["--rooms"], CLOCKS[1]);
    let count = |dir: &Path| {
        all_files(dir)
            .iter()
            .filter(|(p, _)| p.file_name().is_none_or(|n| n != ".vigie-output"))
            .count()
    };
    assert_eq!(
        run.stdout,
        format!("checked: {} files render\n", count(&public) + count(&rooms))
    );
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).expect("folder");
    std::fs::write(
        templates.join("client_report.html"),
        "{{ no_such_value.at_all }}",
    )
    .expect("write");
    let run = check(site.path());
    assert_eq!(
        run.code, 1,
        "a broken room template fails check: {}",
        run.stdout
    );
    assert!(run.stderr.contains("client_report.html"), "{}", run.stderr);
}

#[test]
fn an_imported_tag_naming_a_client_addresses_the_entry_to_them() {
    let site = copy_of(&fixture("rooms"));
    let history = site.path().join("history.json");
    // 2026-04-01 10:16 and 10:17 UTC.
    std::fs::write(
        &history,
        r#"{"ok": true, "messages": [
  {"type": "message", "text": "[call 10:16, for: globex] Called their reporting lead.", "user": "U1", "ts": "1775038560.000100", "user_profile": {"real_name": "Sam", "display_name": "Sam", "name": "sam"}},
  {"type": "message", "text": "[call 10:17, for: their CTO] Called the CTO.", "user": "U1", "ts": "1775038620.000100", "user_profile": {"real_name": "Sam", "display_name": "Sam", "name": "sam"}}
]}"#,
    )
    .expect("write");
    let run = vigie(&[
        "import",
        "slack",
        history.to_str().expect("utf-8"),
        "--root",
        site.path().to_str().expect("utf-8"),
        "--incident",
        "shared",
        "--now",
        CLOCKS[1],
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&site.path().join("content/incidents/shared.md"));
    assert!(
        text.contains("[call, team member, for: globex] Called their reporting lead."),
        "{text}"
    );
    assert!(
        text.contains("[call, team member, audience: their CTO] Called the CTO."),
        "{text}"
    );
}

#[test]
fn notifications_carry_nothing_addressed_to_a_client() {
    let site = copy_of(&fixture("rooms"));
    std::fs::write(
        site.path().join("notify.toml"),
        "[[destinations]]\nname = \"hook\"\nkind = \"webhook\"\nurl_env = \"ROOMS_HOOK\"\n\
         events = [\"incident\", \"component\", \"maintenance\", \"postmortem\"]\n",
    )
    .expect("write notify.toml");
    let args = [
        "--dry-run",
        "--now",
        CLOCKS[1],
        "--since",
        "2026-01-01 00:00",
    ];
    let run = notify_support::notify(site.path(), &args, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(webhook) ────"), "{}", run.stdout);
    for client in CLIENTS {
        for canary in canaries(client) {
            assert!(!run.stdout.contains(&canary), "{canary} in a notification");
        }
    }
}
