//! The authoring commands on a fixture site with a fixed clock: each file compared byte for
//! byte, what was written by hand left exactly as it was, invalid changes refused.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use common::{fixture, read, vigie};

/// A copy of the `authoring` fixture in a temporary folder.
fn authoring_site() -> tempfile::TempDir {
    common::copy_of(&fixture("authoring"))
}

fn run(dir: &Path, args: &[&str]) -> common::Run {
    let root = dir.to_str().expect("utf-8");
    let mut all = vec![args[0], "--root", root];
    all.extend(&args[1..]);
    vigie(&all)
}

const STORY: &str = "content/incidents/2026-11-13-rapports.md";

#[test]
fn new_incident_writes_a_complete_file_in_the_sites_language() {
    let dir = authoring_site();
    let created = vigie(&[
        "new",
        "incident",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--now",
        "2026-11-25 14:10",
        "API lente : temps de réponse élevés",
        "--impact",
        "minor",
        "--component",
        "api",
    ]);
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert_eq!(
        created.stdout,
        "content/incidents/2026-11-25-api-lente-temps-de-reponse-eleves.md
  ### 14:10 [enquête, prochain 16:10]
  Nous analysons un problème qui touche l'API.
next: look at it with `vigie serve`, then commit and push to publish (CI runs `vigie check` and `vigie build`); then keep clients informed with `vigie update 2026-11-25-api-lente-temps-de-reponse-eleves --status identified --next 2h \"…\"`
"
    );
    assert_eq!(
        read(
            &dir.path()
                .join("content/incidents/2026-11-25-api-lente-temps-de-reponse-eleves.md")
        ),
        "---
title: \"API lente : temps de réponse élevés\"
impact: mineur
started: 2026-11-25 14:10
components:
  api: performances dégradées
postmortem: brouillon
---

## Mises à jour

### 14:10 [enquête, prochain 16:10]
Nous analysons un problème qui touche l'API.

## Chronologie

## Notes internes

## Résumé

## Impact

## Déclencheur

## Causes contributives

## Détection

## Résolution

## Ce qui a bien fonctionné

## Ce qui a mal fonctionné

## Là où nous avons eu de la chance

## Enseignements

## Actions
"
    );
    let again = vigie(&[
        "new",
        "incident",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--now",
        "2026-11-25 15:00",
        "API lente : temps de réponse élevés",
        "--impact",
        "major",
        "--component",
        "api=major_outage",
        "--next",
        "30min",
        "--text",
        "L'API ne répond plus.",
    ]);
    assert!(
        again
            .stdout
            .starts_with("content/incidents/2026-11-25-api-lente-temps-de-reponse-eleves-2.md\n"),
        "{}",
        again.stdout
    );
    let second = read(
        &dir.path()
            .join("content/incidents/2026-11-25-api-lente-temps-de-reponse-eleves-2.md"),
    );
    assert!(second.contains(
        "impact: majeur\nstarted: 2026-11-25 15:00\ncomponents:\n  api: panne majeure\n"
    ));
    assert!(second.contains("### 15:00 [enquête, prochain 30min]\nL'API ne répond plus.\n"));
}

#[test]
fn update_note_and_resolve_append_and_keep_what_was_written_by_hand() {
    let dir = authoring_site();
    let d = dir.path();
    let update = run(
        d,
        &[
            "update",
            "--now",
            "2026-11-13 20:50",
            "2026-11-13-rapports",
            "--status",
            "identified",
            "--next",
            "22:50",
            "La cause est identifiée.",
        ],
    );
    assert_eq!(update.code, 0, "{}", update.stderr);
    assert_eq!(
        update.stdout,
        format!(
            "{STORY}\n  ### 20:50 [identifié, prochain 22:50]\n  La cause est identifiée.\nnext: commit and push to publish (CI runs `vigie check` and `vigie build`)\n"
        )
    );
    let note = run(
        d,
        &[
            "note",
            "--now",
            "2026-11-13 20:52",
            "2026-11-13-rapports",
            "--kind",
            "call",
            "--who",
            "CSM",
            "--public",
            "--channel",
            "téléphone",
            "Appel au client.\nPromesse : un point toutes les deux heures.",
        ],
    );
    assert_eq!(note.code, 0, "{}", note.stderr);
    assert_eq!(
        note.stdout,
        format!(
            "{STORY}\n  - 20:52 [appel, CSM, public, canal: téléphone] Appel au client.\nnext: commit and push to publish (CI runs `vigie check` and `vigie build`)\n"
        )
    );
    let resolve = run(
        d,
        &[
            "resolve",
            "--now",
            "2026-11-16 07:05",
            "2026-11-13-rapports",
            "Les rapports sont partis.",
        ],
    );
    assert_eq!(resolve.code, 0, "{}", resolve.stderr);
    assert_eq!(
        read(&d.join(STORY)),
        "---
title: Rapports non envoyés
impact: critique
started: 2026-11-13 18:40
components:
  rapports: panne majeure
---

## Mises à jour

### 18:55 [enquête, prochain 20:55]
Les rapports ne partent plus.
   Une ligne indentée, gardée telle quelle.

### 20:50 [identifié, prochain 22:50]
La cause est identifiée.

### 2026-11-16 07:05 [résolu]
Les rapports sont partis.

## Chronologie
- 18:40 [alerte, supervision]   Alerte.   <!-- écrit à la main -->

- 20:52 [appel, CSM, public, canal: téléphone] Appel au client.
  Promesse : un point toutes les deux heures.

## Résumé

À écrire.
"
    );
    let check = run(d, &["check", "--now", "2026-11-16 08:00"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_change_that_would_make_the_file_invalid_is_refused_and_nothing_is_written() {
    let dir = authoring_site();
    let before = read(&dir.path().join(STORY));
    let refused = run(
        dir.path(),
        &[
            "update",
            "--now",
            "2026-11-13 20:50",
            "2026-11-13-rapports",
            "--status",
            "identified",
            "--next",
            "bientôt",
            "x",
        ],
    );
    assert_eq!(refused.code, 1);
    assert_eq!(
        refused.stderr,
        "error: content/incidents/2026-11-13-rapports.md:15:23: update.next: `bientôt` is not a time\n  hint: write `18:40`, `2026-11-06 18:40` or `2026-11-06T18:40+01:00`\n1 error, 0 warnings\nnothing was written: fix the errors above and run again\n"
    );
    assert_eq!(read(&dir.path().join(STORY)), before);
}

#[test]
fn an_unknown_incident_is_named_with_the_closest() {
    let dir = authoring_site();
    let unknown = run(dir.path(), &["resolve", "2026-11-13-rapport", "Fini."]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stderr,
        "error: no incident `2026-11-13-rapport` in content/incidents/ (did you mean `2026-11-13-rapports`? Accepted: 2026-11-13-rapports)\n"
    );
}

#[test]
fn new_maintenance_announces_the_window() {
    let dir = authoring_site();
    let root = dir.path().to_str().expect("utf-8");
    let created = vigie(&[
        "new",
        "maintenance",
        "--root",
        root,
        "--now",
        "2026-11-20 10:00",
        "Mise à niveau de la base",
        "--starts",
        "2026-11-28 22:00",
        "--ends",
        "2026-11-29 01:00",
        "--component",
        "api",
        "--description",
        "L'API peut être indisponible quelques minutes.",
    ]);
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert!(
        created
            .stdout
            .starts_with("content/maintenance/2026-11-28-mise-a-niveau-de-la-base.md\n"),
        "{}",
        created.stdout
    );
    assert_eq!(
        read(
            &dir.path()
                .join("content/maintenance/2026-11-28-mise-a-niveau-de-la-base.md")
        ),
        "---
title: Mise à niveau de la base
starts: 2026-11-28 22:00
ends: 2026-11-29 01:00
components: [api]
---
L'API peut être indisponible quelques minutes.

## Mises à jour

### 2026-11-20 10:00 [planifiée]
Maintenance planifiée du samedi 28 novembre 2026 à 22:00 au dimanche 29 novembre 2026 à 01:00.
"
    );
}

#[test]
fn message_prints_a_ready_to_send_customer_message() {
    let dir = authoring_site();
    let slack = run(
        dir.path(),
        &[
            "message",
            "--now",
            "2026-11-13 19:00",
            "2026-11-13-rapports",
        ],
    );
    assert_eq!(slack.code, 0, "{}", slack.stderr);
    assert_eq!(
        slack.stdout,
        "*Rapports non envoyés* · Analyse en cours
Impact : Critique · Services touchés : Rapports hebdomadaires (panne majeure)

Les rapports ne partent plus. Une ligne indentée, gardée telle quelle.

Prochaine mise à jour au plus tard : vendredi 13 novembre 2026 à 20:55 (Europe/Paris)
Suivi en direct : https://statut.example.fr/incidents/2026-11-13-rapports/
"
    );
    let email = run(
        dir.path(),
        &[
            "message",
            "--now",
            "2026-11-13 19:00",
            "2026-11-13-rapports",
            "--channel",
            "email",
            "--lang",
            "en",
        ],
    );
    assert_eq!(
        email.stdout,
        "Subject: [Investigating] Rapports non envoyés

Hello,

Les rapports ne partent plus. Une ligne indentée, gardée telle quelle.

Impact: Critical
Affected: Rapports hebdomadaires (major outage)
Update posted: Friday 13 November 2026, 18:55

We will write again by Friday 13 November 2026, 20:55 (Europe/Paris) at the latest, even if nothing has changed.
Live status: https://statut.example.fr/incidents/2026-11-13-rapports/

Best regards,
État des services
"
    );
}

/// Runs `vigie ARGS` with the environment variable `TZ` set to `tz` (unset when `None`).
fn vigie_in_zone(tz: Option<&str>, args: &[&str]) -> common::Run {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vigie"));
    command.args(args);
    match tz {
        Some(tz) => command.env("TZ", tz),
        None => command.env_remove("TZ"),
    };
    let output = command.output().expect("vigie runs");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn init_starts_a_site_that_builds_and_publishes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = dir.path().join("status");
    let path = site.to_str().expect("utf-8");
    let init = vigie_in_zone(
        Some("America/Montreal"),
        &["init", path, "--lang", "fr", "--now", "2026-11-25 12:00"],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert_eq!(
        init.stdout,
        format!(
            "{}\n{}\n{}\n{}\n{}\n\n\
             The site is in {path}, in the America/Montreal timezone (change it in config.toml). Next steps:\n  \
             1. Look at it: `vigie serve --root {path}`, then open http://127.0.0.1:8000/\n  \
             2. Edit config.toml: the title, the address it is published at (base_url), the components your clients know\n  \
             3. Put the folder in its own GitHub repository and push; in the repository's settings, Pages -> Source: GitHub Actions. .github/workflows/status-page.yml checks and publishes it on every push with a released vigie, and posts an update from a form (Actions -> Status page -> Run workflow); on Netlify, netlify.toml does the same build\n  \
             4. At the first incident: `vigie new incident \"…\" --impact minor --component website`, then `vigie update`, `vigie resolve`, and push each time\n",
            site.join("config.toml").display(),
            site.join("content/incidents/2026-11-24-pages-lentes.md")
                .display(),
            site.join(".gitignore").display(),
            site.join(".github/workflows/status-page.yml").display(),
            site.join("netlify.toml").display(),
        )
    );
    assert!(read(&site.join("config.toml")).contains("timezone = \"America/Montreal\"\n"));
    assert_eq!(
        read(&site.join(".gitignore")),
        "# vigie build's output, and the previous one, which the next build writes over.\n/public/\n/.public.vigie-*\n"
    );
    let workflow = read(&site.join(".github/workflows/status-page.yml"));
    for step in [
        "  VIGIE_VERSION: \"0.1.0\"\n",
        "      - uses: vigie-status/vigie@v0.1.0\n",
        "          base-url: ${{ steps.pages.outputs.base_url }}/\n",
        "            command=(vigie update --status \"$STATUS\" \"${next[@]}\" \"${incident[@]}\" \"$TEXT\")\n",
        "        uses: actions/deploy-pages@v5\n",
    ] {
        assert!(workflow.contains(step), "{step} in {workflow}");
    }
    let netlify = read(&site.join("netlify.toml"));
    for line in [
        "  VIGIE_VERSION = \"0.1.0\"\n",
        "    release=\"${VIGIE_DOWNLOAD_URL:-https://github.com/vigie-status/vigie/releases/download/v$VIGIE_VERSION}\"; \\\n",
        "    echo \"$expected  $work/$archive\" | sha256sum -c -; \\\n",
        "  publish = \"public\"\n",
    ] {
        assert!(netlify.contains(line), "{line} in {netlify}");
    }
    let build = vigie(&["build", "--root", path, "--now", "2026-11-25 12:00"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(build.stderr, "", "no warning");
    assert!(read(&site.join("public/index.html")).contains("Pages lentes sur le site"));
    let again = vigie(&["init", path, "--timezone", "Europe/Paris"]);
    assert_eq!(again.code, 1, "a site is never overwritten");
}

#[test]
fn init_asks_for_the_timezone_rather_than_guess_utc() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = dir.path().join("status");
    let path = site.to_str().expect("utf-8");
    let unknown = vigie_in_zone(Some("Mars/Olympus"), &["init", path]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stderr,
        "error: TZ is `Mars/Olympus`, which is not a timezone vigie knows: give the site's timezone with --timezone, e.g. `--timezone Europe/Paris` (an IANA name)\n"
    );
    assert!(!site.exists(), "nothing written");
    let given = vigie_in_zone(
        Some("Mars/Olympus"),
        &["init", path, "--timezone", "Asia/Tokyo"],
    );
    assert_eq!(given.code, 0, "{}", given.stderr);
    assert!(read(&site.join("config.toml")).contains("timezone = \"Asia/Tokyo\"\n"));
    let bad = vigie(&["init", path, "--timezone", "Paris"]);
    assert_eq!(bad.code, 2, "a usage error");
    assert!(
        bad.stderr.contains("`Paris` is not an IANA timezone"),
        "{}",
        bad.stderr
    );
}

#[test]
fn check_warns_when_an_update_is_overdue_or_a_draft_lingers() {
    let dir = authoring_site();
    let late = run(dir.path(), &["check", "--now", "2026-11-13 21:25"]);
    assert_eq!(late.code, 0);
    assert_eq!(
        late.stderr,
        "warning: content/incidents/2026-11-13-rapports.md:2:1: updates: the next update was due at 2026-11-13 20:55 +01:00 and is 30 min late\n  hint: post an update now, even to say nothing has changed: `vigie update 2026-11-13-rapports --status … --next 2h \"…\"`\n0 errors, 1 warning\n"
    );
    let root = dir.path().to_str().expect("utf-8");
    let slug = "2026-11-14-lenteurs";
    let created = vigie(&[
        "new",
        "incident",
        "--root",
        root,
        "--now",
        "2026-11-14 09:00",
        "Lenteurs",
        "--impact",
        "minor",
    ]);
    assert!(
        created
            .stdout
            .starts_with(&format!("content/incidents/{slug}.md\n")),
        "{}",
        created.stderr
    );
    let resolved = run(
        dir.path(),
        &["resolve", "--now", "2026-11-14 10:00", slug, "Fini."],
    );
    assert_eq!(resolved.code, 0, "{}", resolved.stderr);
    let week_later = run(dir.path(), &["check", "--now", "2026-11-19 10:00"]);
    assert!(
        week_later.stderr.contains(&format!(
            "warning: content/incidents/{slug}.md:5:1: postmortem: the postmortem is still a draft 5 days after the incident was resolved\n"
        )),
        "{}",
        week_later.stderr
    );
}

#[test]
fn an_update_moves_a_component_in_the_sites_words_and_an_unaffected_one_is_refused() {
    let dir = authoring_site();
    let moved = run(
        dir.path(),
        &[
            "update",
            "--now",
            "2026-11-13 20:50",
            "2026-11-13-rapports",
            "--status",
            "identified",
            "--component",
            "rapports=degraded_performance",
            "La génération reprend lentement.",
        ],
    );
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert!(
        read(&dir.path().join(STORY)).contains(
            "### 20:50 [identifié, rapports: performances dégradées]\nLa génération reprend lentement.\n"
        )
    );
    let before = read(&dir.path().join(STORY));
    let refused = run(
        dir.path(),
        &[
            "update",
            "--now",
            "2026-11-13 21:10",
            "2026-11-13-rapports",
            "--status",
            "monitoring",
            "--component",
            "api=major_outage",
            "x",
        ],
    );
    assert_eq!(
        refused.stderr,
        "error: content/incidents/2026-11-13-rapports.md:18:26: update.components.api: `api` is not among the components this incident affects\n  hint: add it under `components:` in the front matter with its status when the incident started, e.g. `api: major_outage`\n1 error, 0 warnings\nnothing was written: fix the errors above and run again\n"
    );
    assert_eq!(read(&dir.path().join(STORY)), before);
    let usage = run(
        dir.path(),
        &[
            "update",
            "--status",
            "monitoring",
            "--component",
            "api",
            "x",
        ],
    );
    assert_eq!(usage.code, 2);
    assert!(
        usage
            .stderr
            .contains("`api` says no status: write `api=operational` (or another status)"),
        "{}",
        usage.stderr
    );
}

#[test]
fn version_says_the_version_and_the_commit() {
    let run = vigie(&["--version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stdout.trim_end();
    let commit = line
        .strip_prefix(concat!("vigie ", env!("CARGO_PKG_VERSION"), " (commit "))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("`vigie --version` said {line:?}"));
    let from_git = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string());
    match from_git {
        Some(head) => assert_eq!(commit, head, "the commit of the checkout"),
        None => assert_eq!(commit, "unknown"),
    }
}
