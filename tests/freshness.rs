//! Every page carries when it was built and how long it stays fresh, for the script that
//! tells a reader a page is stale (`conformance/run freshness` drives it in Chromium with a
//! controlled clock). Without JavaScript the note stays hidden.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{build_fixture, build_root, read};

#[test]
fn every_page_says_when_it_was_built_once_the_cadence_has_passed() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    // `hidden`: without JavaScript, the page says only what the build knew.
    let note = "<p class=\"stale-note\" hidden data-built=\"2026-03-02T10:00:00+00:00\" data-stale-after=\"3600\">This page was built on Monday 2 March 2026, 10:00 and has not been updated since: the status may have changed.</p>";
    for page in ["index.html", "history/index.html", "404.html"] {
        let html = read(&out.join(page));
        assert!(
            html.contains(note),
            "{page} lacks the build time note:\n{html}"
        );
    }
}

#[test]
fn the_build_time_is_written_with_the_site_s_offset_and_cadence() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_guard, out) = build_root(root, "2026-11-23 10:30");
    let html = read(&out.join("incidents/2026-11-23-exports-en-echec/index.html"));
    assert!(
        html.contains("data-built=\"2026-11-23T10:30:00+01:00\" data-stale-after=\"7200\""),
        "the example site is in Europe/Paris with a 2 h cadence:\n{html}"
    );
}
