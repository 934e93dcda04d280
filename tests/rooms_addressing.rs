//! Checks of what is addressed to clients: postmortem sections
//! (`## What we did for you [for: acme]`) checked where they are written and held to their
//! confidential names, and nothing addressed to a client who cannot read its incident.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use common::{copy_of, fixture, read, vigie};

/// A copy of the rooms fixture with the shared incident's `from` replaced by `to`.
fn edited(from: &str, to: &str) -> tempfile::TempDir {
    let site = copy_of(&fixture("rooms"));
    let path = site.path().join("content/incidents/shared.md");
    let text = read(&path);
    assert!(text.contains(from), "{from} not in the fixture");
    std::fs::write(&path, text.replace(from, to)).expect("write");
    site
}

fn check(site: &Path) -> common::Run {
    vigie(&[
        "check",
        "--root",
        site.to_str().expect("utf-8"),
        "--now",
        "2026-04-03 10:30",
    ])
}

fn assert_error(site: &Path, expected: &str) {
    let run = check(site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[test]
fn an_unknown_client_in_a_sections_brackets_is_an_error_where_it_is_written() {
    let site = edited("Your sandbox [for: initech]", "Your sandbox [for: initek]");
    assert_error(
        site.path(),
        "error: content/incidents/shared.md:53:39: section.for: unknown client `initek`\n  hint: did you mean `initech`? Clients of config.toml: acme, globex, initech\n",
    );
}

#[test]
fn a_sections_brackets_say_only_whom_it_is_for() {
    let site = edited("Your sandbox [for: initech]", "Your sandbox [public]");
    assert_error(
        site.path(),
        "error: content/incidents/shared.md:53:33: section.for: `[public]`: a section's brackets say only whom it is addressed to, with `for:`\n  hint: write `## What we did for you [for: acme]` (`[pour: acme]` in French): a title of your own, then whom the section is for\n",
    );
    let site = edited(
        "## INITECH-HEADING Your sandbox [for: initech]",
        "## [for: initech]",
    );
    assert_error(
        site.path(),
        "error: content/incidents/shared.md:53:4: section.for: the section has no title before its brackets\n",
    );
    let site = edited("Your sandbox [for: initech]", "Your sandbox [for: ]");
    assert_error(
        site.path(),
        "error: content/incidents/shared.md:53:39: section.for: `for:` names no client\n",
    );
}

#[test]
fn a_maintenance_window_has_no_section_to_address() {
    let site = copy_of(&fixture("rooms"));
    let path = site.path().join("content/maintenance/upgrade.md");
    let text = format!("{}\n## For you [for: acme]\n\nHello.\n", read(&path));
    std::fs::write(&path, text).expect("write");
    let run = check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "section.for: a maintenance window has no postmortem section to address to a client\n  hint: address the whole window with `for: [acme]` in its front matter\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_clients_confidential_names_are_allowed_in_their_section_alone() {
    let site = edited(
        "ACME-SECTION We replayed",
        "ACME-SECTION ACME-SECRET and Acme Corp: we replayed",
    );
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = edited(
        "GLOBEX-SECTION Vos rapports",
        "GLOBEX-SECTION ACME-SECRET, vos rapports",
    );
    assert_error(
        site.path(),
        "error: content/incidents/shared.md:51:16: section: `ACME-SECRET` is confidential to client `acme` (config.toml) and would be published here, in the room of globex\n",
    );
    let site = edited(
        "## ACME-HEADING What we did",
        "## ACME-HEADING GLOBEX-SECRET",
    );
    assert_error(
        site.path(),
        "section: `GLOBEX-SECRET` is confidential to client `globex` (config.toml) and would be published here, in the room of acme\n",
    );
}

#[test]
fn a_note_for_a_client_who_cannot_read_the_incident_is_refused() {
    let site = copy_of(&fixture("rooms"));
    let root = site.path().to_str().expect("utf-8");
    let path = site.path().join("content/incidents/only-acme.md");
    let before = read(&path);
    let run = vigie(&[
        "note",
        "only-acme",
        "--root",
        root,
        "--now",
        "2026-04-02 08:46",
        "--kind",
        "call",
        "--who",
        "CSM",
        "--for",
        "globex",
        "Called them.",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: content/incidents/only-acme.md:17:26: timeline.for: client `globex` would never read this: the incident is addressed only to acme\n  hint: add `globex` to the incident's `for:` in its front matter, or address this to acme\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(read(&path), before, "nothing was written");
    let addressed_to_both = before.replace("for: [acme]", "for: [acme, globex]");
    std::fs::write(&path, addressed_to_both).expect("write");
    let again = vigie(&[
        "note",
        "only-acme",
        "--root",
        root,
        "--now",
        "2026-04-02 08:46",
        "--kind",
        "call",
        "--who",
        "CSM",
        "--for",
        "globex",
        "Called them.",
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
}

#[test]
fn an_update_for_a_client_who_cannot_read_the_incident_is_an_error() {
    let site = copy_of(&fixture("rooms"));
    let path = site.path().join("content/incidents/only-globex.md");
    let text = read(&path);
    let update = text.find("\n### ").expect("an update") + 1;
    let head_end = text[update..].find(']').expect("its brackets") + update;
    let mut edited = text.clone();
    edited.insert_str(head_end, ", for: initech");
    std::fs::write(&path, edited).expect("write");
    let run = check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("update.for: client `initech` would never read this: the incident is addressed only to globex\n"),
        "{}",
        run.stderr
    );
}
