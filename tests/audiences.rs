//! What is internal never reaches public output, in any format; the internal site has it
//! all and is marked noindex.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;
mod notify_support;

use common::{all_files, fixture, read, vigie, visible_text};

/// Every internal place the format allows, each with its own canary.
const CANARIES: &[&str] = &[
    "CANARY-EXTRA-CONFIG",
    "CANARY-EXTRA-INCIDENT",
    "CANARY-EXTRA-MAINTENANCE",
    "CANARY-COMMENT",
    "CANARY-WHO",
    "CANARY-ENTRY",
    "CANARY-CHANNEL",
    "CANARY-AUDIENCE",
    "CANARY-FEEDBACK",
    "CANARY-NOTES",
    "CANARY-DRAFT-SUMMARY",
    "CANARY-DRAFT-ACTION",
    "CANARY-OPEN-POSTMORTEM",
    "CANARY-CLIENT",
];

fn build(audience: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("site");
    build_into(audience, &out);
    (dir, out)
}

fn build_into(audience: &str, out: &std::path::Path) {
    let run = vigie(&[
        "build",
        "--root",
        fixture("canaries").to_str().expect("utf-8"),
        "--now",
        "2026-04-03 10:30",
        "--audience",
        audience,
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn no_canary_reaches_any_public_file() {
    let (_guard, out) = build("public");
    let files = all_files(&out);
    assert!(
        files.len() > 20,
        "pages, API, feeds, calendar, badges: {}",
        files.len()
    );
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for canary in CANARIES {
            assert!(!text.contains(canary), "{canary} in {}", path.display());
        }
    }
}

#[test]
fn a_public_build_written_over_the_internal_site_keeps_none_of_it() {
    let (_guard, fresh) = build("public");
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("site");
    build_into("internal", &out);
    build_into("public", &out);
    let spare = dir.path().join(".site.vigie-new");
    assert!(
        read(&spare.join("incidents/published/postmortem/index.html")).contains("CANARY-ENTRY"),
        "the internal site is set aside, to be written over by the next build"
    );
    assert!(spare.join("incidents/draft/postmortem/index.html").exists());
    build_into("public", &out);
    let files = all_files(&out);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for canary in CANARIES {
            assert!(!text.contains(canary), "{canary} in {}", path.display());
        }
    }
    assert!(
        files == all_files(&fresh),
        "the same files, byte for byte, as a public build into an empty folder"
    );
}

#[test]
fn the_internal_site_has_what_the_team_wrote_and_is_not_indexed() {
    let (_guard, out) = build("internal");
    let published = read(&out.join("incidents/published/postmortem/index.html"));
    for canary in [
        "CANARY-ENTRY",
        "CANARY-WHO",
        "CANARY-NOTES",
        "CANARY-FEEDBACK",
        "CANARY-CHANNEL",
        "CANARY-AUDIENCE",
    ] {
        assert!(
            published.contains(canary),
            "{canary} missing from the internal postmortem"
        );
    }
    // The internal message is in the timeline, once, with where it went and to whom.
    let timeline = &published[published
        .find("<section id=\"timeline\"")
        .expect("a timeline")..];
    assert!(
        visible_text(timeline).contains("10:10 Message · CANARY-CHANNEL · CSM → CANARY-AUDIENCE Internal Wrote to the biggest client."),
        "{}",
        visible_text(timeline)
    );
    assert_eq!(
        published.matches("Wrote to the biggest client").count(),
        1,
        "told once"
    );
    assert!(published.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(published.contains("Internal version: do not share."));
    let draft = read(&out.join("incidents/draft/postmortem/index.html"));
    assert!(draft.contains("CANARY-DRAFT-SUMMARY") && draft.contains("CANARY-DRAFT-ACTION"));
    assert!(out.join("incidents/open/postmortem/index.html").exists());
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for canary in ["CANARY-EXTRA-CONFIG", "CANARY-COMMENT"] {
            assert!(!text.contains(canary), "{canary} in {}", path.display());
        }
    }
}

#[test]
fn the_internal_site_never_goes_to_public() {
    let run = vigie(&[
        "build",
        "--root",
        fixture("canaries").to_str().expect("utf-8"),
        "--audience",
        "internal",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --audience internal needs --output DIR: the internal site never goes to public/\n"
    );
    assert!(!fixture("canaries").join("public").exists());
}

#[test]
fn no_canary_reaches_any_notification() {
    let root = fixture("canaries");
    let args = ["--now", "2026-04-03 10:30", "--since", "2026-01-01 00:00"];
    let dry = notify_support::notify(&root, &[&["--dry-run"][..], &args[..]].concat(), &[]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    for kind in ["email", "slack", "discord", "teams", "webhook"] {
        assert!(
            dry.stdout.contains(&format!("({kind}) ────")),
            "{kind} in the dry run"
        );
    }
    assert!(dry.stdout.contains("/postmortem · hook (webhook)"));
    assert!(dry.stdout.contains("maintenance/works/scheduled"));
    for canary in CANARIES.iter().chain(&["CANARY-RECIPIENT"]) {
        assert!(!dry.stdout.contains(canary), "{canary} in the dry run");
    }
    // Sent for real to every chat and webhook (the e-mail part has its own test).
    let receiver = notify_support::Receiver::start(0);
    let copy = common::copy_of(&root);
    let mut toml = read(&copy.path().join("notify.toml"));
    let email = toml
        .find("[[destinations]]\nname = \"clients\"")
        .expect("e-mail destination");
    let chat = toml
        .find("[[destinations]]\nname = \"chat\"")
        .expect("chat destination");
    toml.replace_range(email..chat, "");
    std::fs::write(copy.path().join("notify.toml"), toml).expect("write");
    let urls: Vec<(String, String)> = ["SLACK", "DISCORD", "TEAMS", "HOOK"]
        .iter()
        .map(|k| (format!("CANARY_{k}"), format!("{}/{k}", receiver.url)))
        .collect();
    let env: Vec<(&str, &str)> = urls.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let run = notify_support::notify(copy.path(), &args, &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = receiver.accepted();
    assert!(
        got.len() >= 20,
        "every event to every destination: {}",
        got.len()
    );
    for request in got {
        for canary in CANARIES.iter().chain(&["CANARY-RECIPIENT"]) {
            assert!(
                !request.body.contains(canary),
                "{canary} sent to {}",
                request.path
            );
        }
    }
}

#[test]
fn no_recipient_address_reaches_the_public_or_internal_site() {
    for audience in ["public", "internal"] {
        let (_guard, out) = build(audience);
        for (path, bytes) in all_files(&out) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("CANARY-RECIPIENT") && !text.contains("notify.toml"),
                "{audience}: {}",
                path.display()
            );
        }
    }
}
