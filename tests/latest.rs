//! The status page, the incident page, the JSON API, the feeds and `vigie message` agree on
//! which update is the latest, and say when the next one is due in correct language.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, build_root, read, site, vigie};

/// An update posted a couple of minutes "ahead" of the build's clock (the two machines'
/// clocks differ): every output shows it as the latest, none leaves it out.
#[test]
fn every_output_shows_the_same_latest_update() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/2026-05-01-api.md",
            "---\ntitle: API errors\nimpact: major\nstarted: 2026-05-01 10:00\ncomponents:\n  api: partial_outage\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n\n### 10:32 [identified, next 12:00]\nA bad deploy.\n",
        ),
    ]);
    let now = "2026-05-01 10:30";
    let (_guard, out) = build_root(dir.path(), now);
    let index = read(&out.join("index.html"));
    assert!(index.contains("A bad deploy."), "{index}");
    let page = read(&out.join("incidents/2026-05-01-api/index.html"));
    assert!(
        page.find("A bad deploy.") < page.find("Looking."),
        "newest first"
    );
    let api: serde_json::Value =
        serde_json::from_str(&read(&out.join("api/v2/incidents/unresolved.json"))).expect("json");
    let incident = &api["incidents"][0];
    assert_eq!(incident["status"], "identified");
    assert_eq!(incident["incident_updates"][0]["body"], "A bad deploy.");
    assert_eq!(incident["updated_at"], "2026-05-01T10:32:00.000+02:00");
    let atom = read(&out.join("history.atom"));
    assert!(
        atom.contains("<updated>2026-05-01T08:32:00+00:00</updated>"),
        "{atom}"
    );
    let root = dir.path().to_str().expect("utf-8");
    let message = vigie(&["message", "--root", root, "--now", now]);
    assert!(
        message.stdout.contains("A bad deploy."),
        "{}",
        message.stdout
    );
}

/// French running text gives a date its article: "au plus tard le samedi 14 novembre…".
#[test]
fn a_next_update_on_another_day_reads_right_in_french() {
    let dir = common::copy_of(&common::fixture("authoring"));
    let file = dir.path().join("content/incidents/2026-11-13-rapports.md");
    let text = read(&file).replace(
        "### 18:55 [enquête, prochain 20:55]",
        "### 18:55 [enquête, prochain 2026-11-14 09:00]",
    );
    std::fs::write(&file, text).expect("write");
    let (_guard, out) = build_root(dir.path(), "2026-11-13 19:00");
    let index = common::visible_text(&read(&out.join("index.html")));
    assert!(
        index.contains("Prochaine mise à jour au plus tard le samedi 14 novembre 2026 à 09:00"),
        "{index}"
    );
    let (_guard, late) = build_root(dir.path(), "2026-11-14 09:30");
    let index = common::visible_text(&read(&late.join("index.html")));
    assert!(
        index.contains("Mise à jour attendue depuis 09:00"),
        "{index}"
    );
    let (_guard, later) = build_root(dir.path(), "2026-11-15 09:30");
    let index = common::visible_text(&read(&later.join("index.html")));
    assert!(
        index.contains("Mise à jour attendue depuis le samedi 14 novembre 2026 à 09:00"),
        "{index}"
    );
}
