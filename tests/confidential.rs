//! Where `vigie check` refuses a confidential name and where it allows it: every text and
//! address a client reads, each error placed at the line and column the writer goes to, and
//! a client's own names allowed in what is addressed to that client alone.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use common::{copy_of, fixture, read, site, vigie};

/// `vigie check` of the site at `root` with the clock at `now`: (exit code, stderr).
fn check(root: &Path, now: &str) -> (i32, String) {
    let run = vigie(&[
        "check",
        "--root",
        root.to_str().expect("utf-8"),
        "--now",
        now,
    ]);
    (run.code, run.stderr)
}

/// The first line of each error, in the order `check` prints them.
fn errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with("error: "))
        .collect()
}

/// Replaces `from` with `to` in the file at `path`, which must hold it.
fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// A copy of the rooms fixture in which `name` is written in every place only acme reads:
/// the file name of an incident addressed to acme and of a file published beside it, its
/// title, an update's second line, a timeline entry (who, channel, audience and its
/// continuation line), its published postmortem's summary and action item; in the shared
/// incident, the heading and text of acme's section and an action item for acme (owner and
/// continuation line); and a window for acme (title, description, update).
fn acme_reads(name: &str) -> tempfile::TempDir {
    let site = copy_of(&fixture("rooms"));
    let incidents = site.path().join("content/incidents");
    let slug = name.to_lowercase();
    let folder = incidents.join(format!("{slug}-exports"));
    std::fs::create_dir(&folder).expect("folder");
    std::fs::rename(incidents.join("only-acme.md"), folder.join("index.md")).expect("move");
    std::fs::write(folder.join(format!("{slug}.png")), "\u{89}PNG").expect("write");
    let only_acme = folder.join("index.md");
    edit(
        &only_acme,
        "title: ACME-INCIDENT-TITLE exports",
        &format!("title: {name} exports"),
    );
    edit(
        &only_acme,
        "for: [acme]\n",
        "for: [acme]\npostmortem: published\n",
    );
    edit(
        &only_acme,
        "ACME-INCIDENT-UPDATE Your exports are late.\n",
        &format!(
            "Your exports are late,\n{name}.\n\n### 08:40 [resolved]\nExports are on time again.\n\n## Timeline\n\n- 08:20 [call, {name} desk, public, channel: {name} line, audience: {name} board] Called\n  {name} back.\n\n## Summary\n\nThe exports of {name} were late.\n\n## Action items\n\n- [ ] Warn {name} first [owner: Support, due: 2026-05-01]\n"
        ),
    );
    let shared = incidents.join("shared.md");
    edit(
        &shared,
        "## ACME-HEADING What we did for you [for: acme]",
        &format!("## ACME-HEADING What we did for {name} [for: acme]"),
    );
    edit(
        &shared,
        "ACME-SECTION We replayed your 12 export templates by hand.",
        &format!("ACME-SECTION We replayed the 12 export templates of {name} by hand."),
    );
    edit(
        &shared,
        "- [ ] ACME-ACTION Replay the 12 templates before each release [owner: ACME-OWNER,",
        &format!("- [ ] ACME-ACTION Replay the 12 templates [owner: {name} ops,"),
    );
    edit(
        &shared,
        "for: acme]\n- [x] GLOBEX-ACTION",
        &format!("for: acme]\n  before each release of {name}\n- [x] GLOBEX-ACTION"),
    );
    let window = site.path().join("content/maintenance/window-acme.md");
    edit(
        &window,
        "title: ACME-WINDOW migration",
        &format!("title: {name} migration"),
    );
    edit(
        &window,
        "ACME-WINDOW-TEXT Your exports",
        &format!("{name}: your exports"),
    );
    let update =
        format!("\n## Updates\n\n### 2026-04-12 02:00 [in_progress]\nStarted for {name}.\n");
    std::fs::write(&window, read(&window) + &update).expect("write");
    site
}

#[test]
fn a_clients_own_confidential_names_are_allowed_in_what_is_addressed_to_them_alone() {
    let site = acme_reads("ACME-SECRET");
    let (code, stderr) = check(site.path(), "2026-04-03 10:30");
    assert_eq!(code, 0, "{stderr}");
    assert!(errors(&stderr).is_empty(), "{stderr}");
    assert!(!stderr.contains("confidential"), "{stderr}");
}

#[test]
fn another_clients_confidential_name_is_refused_where_it_is_written_in_a_room() {
    let site = acme_reads("GLOBEX-SECRET");
    let (code, stderr) = check(site.path(), "2026-04-03 10:30");
    assert_eq!(code, 1, "{stderr}");
    let refused =
        "`GLOBEX-SECRET` is confidential to client `globex` (config.toml) and would be published";
    let in_room = format!("{refused} here, in the room of acme");
    let folder = "content/incidents/globex-secret-exports";
    assert_eq!(
        errors(&stderr),
        [
            format!(
                "error: {folder}/globex-secret.png:1:1: file name: {refused} in the address of a file published beside the page (`globex-secret.png`)"
            ),
            format!(
                "error: {folder}/index.md:1:1: file name: {refused} in the address of the incident (`globex-secret-exports`)"
            ),
            format!("error: {folder}/index.md:2:8: title: {in_room}"),
            format!("error: {folder}/index.md:15:1: update: {in_room}"),
            // Who, channel and audience are placed at their entry.
            format!("error: {folder}/index.md:22:3: timeline: {in_room}"),
            format!("error: {folder}/index.md:22:3: timeline: {in_room}"),
            format!("error: {folder}/index.md:22:3: timeline: {in_room}"),
            format!("error: {folder}/index.md:23:3: timeline: {in_room}"),
            format!("error: {folder}/index.md:27:16: summary: {in_room}"),
            format!("error: {folder}/index.md:31:12: action items: {in_room}"),
            format!("error: content/incidents/shared.md:45:33: section: {in_room}"),
            format!("error: content/incidents/shared.md:47:53: section: {in_room}"),
            format!("error: content/incidents/shared.md:60:3: action items: {in_room}"),
            format!("error: content/incidents/shared.md:61:26: action items: {in_room}"),
            format!("error: content/maintenance/window-acme.md:2:8: title: {in_room}"),
            format!("error: content/maintenance/window-acme.md:9:1: description: {in_room}"),
            format!("error: content/maintenance/window-acme.md:14:13: update: {in_room}"),
        ]
    );
    assert!(
        stderr.contains(&format!(
            "{in_room}\n  hint: keep it in what is addressed to `globex` alone (`for: globex`), internal entries and notes; say \"a client\" elsewhere\n"
        )),
        "{stderr}"
    );
}

/// A site whose config lists `Acme Bank` as confidential and names it in its description
/// and a component's group.
const CONFIDENTIAL_CONFIG: &str = r#"title = "Test status"
base_url = "https://status.example.com/"
language = "en"
timezone = "Europe/Paris"
description = "Reports for Acme Bank"
confidential = ["Acme Bank"]

[[components]]
id = "api"
name = "API"
group = "Acme Bank clients"

[[components]]
id = "web"
name = "Web app"
"#;

/// A resolved incident whose postmortem (`published` or `draft`) names `Acme Bank` in its
/// summary and action items, with a public timeline entry naming it.
fn incident_with_postmortem(state: &str) -> String {
    format!(
        "---\ntitle: Reports late\nimpact: minor\nstarted: 2026-05-01 10:00\ncomponents:\n  api: degraded_performance\npostmortem: {state}\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n### 10:30 [resolved]\nFixed.\n## Timeline\n- 10:10 [call, Acme Bank desk, public] We called\n  them: Acme\n  Bank was late.\n- 10:12 [call, CSM] Acme Bank, internal: allowed.\n## Summary\nThe reports of Acme Bank were late.\n## Action items\n- [ ] Warn them first [owner: Acme Bank, due: 2026-06-01]\n- [ ] Tell Acme Bank first [owner: Platform, due: 2026-06-01]\n- [ ] Tell them first [owner: Platform, due: 2026-06-01]\n  and then Acme\n  Bank too.\n"
    )
}

const WINDOW: &str = "---\ntitle: Database upgrade\nstarts: 2026-05-03 22:00\nends: 2026-05-03 23:00\n---\nThe database moves.\n## Updates\n### 2026-05-03 22:00 [in_progress]\nStarted for Acme Bank.\n";

#[test]
fn a_confidential_name_is_refused_in_every_public_text_where_it_is_written() {
    let dir = site(&[
        ("config.toml", CONFIDENTIAL_CONFIG),
        (
            "content/incidents/x.md",
            &incident_with_postmortem("published"),
        ),
        ("content/maintenance/m.md", WINDOW),
    ]);
    let (code, stderr) = check(dir.path(), "2026-05-04 12:00");
    assert_eq!(code, 1, "{stderr}");
    let refused = "`Acme Bank` is confidential (config.toml) and would be published here";
    assert_eq!(
        errors(&stderr),
        [
            format!("error: config.toml:5:28: description: {refused}"),
            format!("error: config.toml:11:10: components: {refused}"),
            format!("error: content/incidents/x.md:15:3: timeline: {refused}"),
            format!("error: content/incidents/x.md:16:9: timeline: {refused}"),
            format!("error: content/incidents/x.md:20:16: summary: {refused}"),
            format!("error: content/incidents/x.md:22:3: action items: {refused}"),
            format!("error: content/incidents/x.md:23:12: action items: {refused}"),
            format!("error: content/incidents/x.md:25:12: action items: {refused}"),
            format!("error: content/maintenance/m.md:9:13: update: {refused}"),
        ]
    );
}

#[test]
fn a_draft_postmortem_may_name_a_confidential_name_until_it_is_published() {
    let config = CONFIDENTIAL_CONFIG
        .replace("description = \"Reports for Acme Bank\"\n", "")
        .replace("group = \"Acme Bank clients\"\n", "");
    let incident = incident_with_postmortem("draft").replace(
        "[call, Acme Bank desk, public] We called\n  them: Acme\n  Bank was late.",
        "[call, CSM, public] We called them.",
    );
    let dir = site(&[
        ("config.toml", &config),
        ("content/incidents/x.md", &incident),
    ]);
    let (code, stderr) = check(dir.path(), "2026-05-04 12:00");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("confidential"), "{stderr}");
}
