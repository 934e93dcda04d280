//! The authoring commands write only what checks: each refused change leaves every file as
//! it was, byte for byte, and prints what `vigie check` would print of the site with it.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use common::{CONFIG, all_files, fixture, read, site, vigie};

fn run(dir: &Path, args: &[&str]) -> common::Run {
    let root = dir.to_str().expect("utf-8");
    let words = if args[0] == "new" { 2 } else { 1 };
    let mut all = args[..words].to_vec();
    all.extend(["--root", root]);
    all.extend(&args[words..]);
    vigie(&all)
}

const DONE: &str = "nothing was written: fix the errors above and run again\n";
const STORY: &str = "content/incidents/2026-11-13-rapports.md";
const PUBLISH: &str =
    "next: commit and push to publish (CI runs `vigie check` and `vigie build`)\n";

/// Runs a command that must be refused, and checks that no file changed.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = all_files(dir);
    let run = run(dir, args);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "", "nothing is said to be written");
    assert!(all_files(dir) == before, "a refused change writes nothing");
    run.stderr
}

#[test]
fn an_unknown_component_is_refused_with_what_check_would_say() {
    let dir = common::copy_of(&fixture("authoring"));
    let now = ["--now", "2026-11-13 19:00"];
    let stderr = refused(
        dir.path(),
        &[
            "new",
            "incident",
            "API lente",
            "--impact",
            "minor",
            "--component",
            "apii",
            now[0],
            now[1],
        ],
    );
    let expected = format!(
        "error: content/incidents/2026-11-13-api-lente.md:6:3: components.apii: unknown component `apii`\n  hint: did you mean `api`? Known components: rapports, api\n1 error, 0 warnings\n{DONE}"
    );
    assert_eq!(stderr, expected);
    // The same file written by hand: `vigie check` says the same, word for word.
    let file = dir.path().join("content/incidents/2026-11-13-api-lente.md");
    std::fs::write(
        &file,
        "---\ntitle: API lente\nimpact: mineur\nstarted: 2026-11-13 19:00\ncomponents:\n  apii: performances dégradées\n---\n\n## Mises à jour\n\n### 19:00 [enquête]\nx\n",
    )
    .expect("write");
    let check = run(dir.path(), &["check", "--now", "2026-11-13 19:00"]);
    assert_eq!(check.stderr, expected);
}

#[test]
fn a_maintenance_ending_before_it_starts_is_refused() {
    let dir = common::copy_of(&fixture("authoring"));
    let stderr = refused(
        dir.path(),
        &[
            "new",
            "maintenance",
            "DB upgrade",
            "--starts",
            "2026-12-05 22:00",
            "--ends",
            "2026-12-05 21:00",
            "--now",
            "2026-11-13 19:00",
        ],
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/maintenance/2026-12-05-db-upgrade.md:4:1: ends: the window ends (2026-12-05 21:00 +01:00) before it starts (2026-12-05 22:00 +01:00)\n  hint: `ends` must be after `starts`\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn a_maintenance_with_times_without_a_date_is_refused() {
    let dir = common::copy_of(&fixture("authoring"));
    let stderr = refused(
        dir.path(),
        &[
            "new",
            "maintenance",
            "DB upgrade",
            "--starts",
            "22:00",
            "--ends",
            "23:00",
            "--now",
            "2026-11-13 19:00",
        ],
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/maintenance/2026-11-13-db-upgrade.md:3:1: starts: `22:00` has no date\n  hint: the first time of a file needs its date: write `2026-11-06 18:40`\n\
             error: content/maintenance/2026-11-13-db-upgrade.md:4:1: ends: `23:00` has no date\n  hint: the first time of a file needs its date: write `2026-11-06 18:40`\n\
             2 errors, 0 warnings\n{DONE}"
        )
    );
    assert!(!dir.path().join("content/maintenance").exists());
}

#[test]
fn a_promise_in_the_past_is_refused() {
    let dir = common::copy_of(&fixture("authoring"));
    let stderr = refused(
        dir.path(),
        &[
            "update",
            "2026-11-13-rapports",
            "--status",
            "identified",
            "--next",
            "20:00",
            "--now",
            "2026-11-13 20:50",
            "Trouvé.",
        ],
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/2026-11-13-rapports.md:15:23: update.next: `next 20:00` reads as 2026-11-14 20:00, 23 h 10 min after this update: 20:00 on 2026-11-13 has already passed\n  hint: write `next 2026-11-14 20:00` if you mean the next day, or promise a later time or a duration such as `next 2h`\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_error_elsewhere_in_the_site_refuses_the_change_too() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/2026-05-01-api.md",
            "---\ntitle: API errors\nimpact: major\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n",
        ),
        (
            "content/incidents/2026-04-01-old.md",
            "---\ntitle: Old\nimpact: huge\nstarted: 2026-04-01 10:00\n---\n",
        ),
    ]);
    let stderr = refused(
        dir.path(),
        &[
            "update",
            "--status",
            "identified",
            "--now",
            "2026-05-01 10:30",
            "Found it.",
        ],
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/2026-04-01-old.md:3:1: impact: `huge` is not a valid impact\n  hint: accepted: none, minor, major, critical\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_update_to_a_resolved_incident_is_refused_unless_it_reopens_it() {
    let dir = common::copy_of(&fixture("authoring"));
    let d = dir.path();
    let resolve = run(
        d,
        &[
            "resolve",
            "--now",
            "2026-11-13 21:00",
            "Les rapports sont partis.",
        ],
    );
    assert_eq!(resolve.code, 0, "{}", resolve.stderr);
    let stderr = refused(
        d,
        &[
            "update",
            "rapports",
            "--status",
            "identified",
            "--now",
            "2026-11-13 21:30",
            "Encore.",
        ],
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/2026-11-13-rapports.md:15:5: update: the incident is resolved, since 2026-11-13 21:00: an update would reopen it\n  hint: if it is back, add `--reopen`: the update then tells clients the incident is reopened; to add to its record, use `vigie note`\n1 error, 0 warnings\n{DONE}"
        )
    );
    let again = refused(
        d,
        &["resolve", "rapports", "--now", "2026-11-13 21:30", "Fini."],
    );
    assert!(again.starts_with("error: content/incidents/2026-11-13-rapports.md:15:5: update: the incident is already resolved, since 2026-11-13 21:00\n"), "{again}");
    let reopened = run(
        d,
        &[
            "update",
            "rapports",
            "--reopen",
            "--status",
            "identified",
            "--now",
            "2026-11-13 21:30",
            "Les rapports repartent en erreur.",
        ],
    );
    assert_eq!(reopened.code, 0, "{}", reopened.stderr);
    assert!(read(&d.join(STORY)).contains(
        "### 21:00 [résolu]\nLes rapports sont partis.\n\n### 21:30 [identifié]\nNous rouvrons cet incident. Les rapports repartent en erreur.\n"
    ));
    let check = run(d, &["check", "--now", "2026-11-13 21:35"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn without_a_name_the_only_open_incident_is_meant_and_named() {
    let dir = common::copy_of(&fixture("authoring"));
    let d = dir.path();
    let note = run(
        d,
        &[
            "note",
            "--kind",
            "detection",
            "--who",
            "supervision",
            "--now",
            "2026-11-13 19:00",
            "Alerte sur la latence.",
        ],
    );
    assert_eq!(note.code, 0, "{}", note.stderr);
    assert_eq!(
        note.stdout,
        format!(
            "incident: 2026-11-13-rapports (the only open one)\n{STORY}\n  - 19:00 [détection, supervision] Alerte sur la latence.\nnext: commit and push to publish (CI runs `vigie check` and `vigie build`); this entry stays internal, for the postmortem\n"
        )
    );
    let message = run(d, &["message", "--now", "2026-11-13 19:05"]);
    assert_eq!(message.code, 0, "{}", message.stderr);
    assert_eq!(
        message.stderr,
        "incident: 2026-11-13-rapports (the only open one)\n"
    );
    assert!(message.stdout.starts_with("*Rapports non envoyés*"));
    let second = run(
        d,
        &[
            "new",
            "incident",
            "Lenteurs",
            "--impact",
            "minor",
            "--now",
            "2026-11-13 19:10",
        ],
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    let ambiguous = refused(
        d,
        &[
            "update",
            "--status",
            "identified",
            "--now",
            "2026-11-13 19:20",
            "Trouvé.",
        ],
    );
    assert_eq!(
        ambiguous,
        "error: 2 incidents are open: 2026-11-13-lenteurs, 2026-11-13-rapports; name the one you mean before the text, e.g. `lenteurs`\n"
    );
    let named = run(
        d,
        &[
            "update",
            "lenteurs",
            "--status",
            "identified",
            "--now",
            "2026-11-13 19:20",
            "Trouvé.",
        ],
    );
    assert_eq!(
        named.stdout,
        format!(
            "content/incidents/2026-11-13-lenteurs.md\n  ### 19:20 [identifié]\n  Trouvé.\n{PUBLISH}"
        )
    );
}

#[test]
fn the_first_update_is_right_with_zero_one_or_several_components() {
    let dir = site(&[("config.toml", CONFIG)]);
    let d = dir.path();
    let none = run(
        d,
        &[
            "new",
            "incident",
            "Slow pages",
            "--impact",
            "minor",
            "--now",
            "2026-05-01 10:00",
        ],
    );
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(
        read(&d.join("content/incidents/2026-05-01-slow-pages.md"))
            .contains("### 10:00 [investigating, next 12:00]\nWe are investigating a problem.\n\n")
    );
    let several = run(
        d,
        &[
            "new",
            "incident",
            "Errors",
            "--impact",
            "major",
            "--component",
            "api",
            "--component",
            "web",
            "--now",
            "2026-05-01 10:05",
        ],
    );
    assert_eq!(several.code, 0, "{}", several.stderr);
    assert!(read(&d.join("content/incidents/2026-05-01-errors.md")).contains(
        "### 10:05 [investigating, next 12:05]\nWe are investigating a problem affecting API and Web app.\n\n"
    ));
}

/// An update more than 12 hours after the one above it, the same day, carries its date: a
/// time alone may not reach that far.
#[test]
fn an_update_late_in_the_day_is_written_with_its_date() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/2026-05-01-api.md",
            "---\ntitle: API errors\nimpact: major\nstarted: 2026-05-01 00:20\n---\n## Updates\n### 00:30 [investigating]\nLooking.\n",
        ),
    ]);
    let update = run(
        dir.path(),
        &[
            "update",
            "api",
            "--status",
            "monitoring",
            "--now",
            "2026-05-01 23:55",
            "Watching.",
        ],
    );
    assert_eq!(update.code, 0, "{}", update.stderr);
    assert!(
        read(&dir.path().join("content/incidents/2026-05-01-api.md")).ends_with(
            "### 00:30 [investigating]\nLooking.\n\n### 2026-05-01 23:55 [monitoring]\nWatching.\n"
        )
    );
}

/// `vigie check` renders every page: so does a command before it writes.
#[test]
fn a_site_whose_pages_do_not_render_refuses_the_change_as_check_does() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/2026-05-01-api.md",
            "---\ntitle: API errors\nimpact: major\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n",
        ),
        ("templates/404.html", "{% if %}\n"),
    ]);
    let check = run(dir.path(), &["check", "--now", "2026-05-01 10:40"]);
    assert_eq!(check.code, 1);
    let stderr = refused(
        dir.path(),
        &[
            "update",
            "--status",
            "monitoring",
            "--now",
            "2026-05-01 10:40",
            "Watching.",
        ],
    );
    assert!(
        stderr.starts_with("error: the theme's templates cannot be read\n"),
        "{stderr}"
    );
    assert_eq!(stderr, check.stderr);
}

/// `vigie update api --status identified`, the text forgotten: the name is not posted as
/// the update to the only open incident.
#[test]
fn an_incident_name_alone_is_not_taken_for_the_text() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/2026-05-01-api.md",
            "---\ntitle: API errors\nimpact: major\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n",
        ),
    ]);
    let stderr = refused(
        dir.path(),
        &[
            "update",
            "api",
            "--status",
            "identified",
            "--now",
            "2026-05-01 10:30",
        ],
    );
    assert_eq!(
        stderr,
        "error: `api` is the name of an incident, and there is no text for clients: write it after the name, in quotes: `api \"…\"`\n"
    );
}
