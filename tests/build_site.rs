//! End-to-end: fixture sites built by the real binary, outputs checked as users see them.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::PathBuf;

use common::{all_files, build_fixture, item, read, vigie};

#[test]
fn component_status_is_derived_for_every_status() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    let html = read(&out.join("index.html"));
    let expect = [
        ("calm", "Operational"),
        ("slow", "Degraded performance"),
        ("half", "Partial outage"),
        ("down", "Major outage"),
        ("works", "Under maintenance"),
        ("healed", "Operational"),
        ("mixed", "Partial outage"),
    ];
    for (id, status) in expect {
        let row = item(&html, &format!("id=\"component-{id}\""));
        assert!(
            row.contains(&format!("</span>{status}</span>")),
            "{id} should be {status}:\n{row}"
        );
    }
    assert!(html.contains("<h1 id=\"banner-title\">Major outage</h1>"));
}

#[test]
fn maintenance_ends_and_the_site_turns_calm_once_incidents_resolve() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 11:30");
    let html = read(&out.join("index.html"));
    let works = item(&html, "id=\"component-works\"");
    assert!(works.contains("</span>Operational</span>"), "{works}");
}

#[test]
fn ongoing_incident_shows_latest_update_and_next_promise() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let html = read(&out.join("index.html"));
    assert!(html.contains("<h1 id=\"banner-title\">Partial outage</h1>"));
    assert!(html.contains("A faulty configuration change was identified."));
    assert!(html.contains(
        "<p class=\"next-update\" data-late=\"Next update expected since 10:30\"><time datetime=\"2026-03-02T10:30:00+00:00\">Next update by 10:30</time></p>"
    ), "with JavaScript, the reader's clock shows the promise late as soon as it passes");
    assert!(html.contains("Affected: API (Partial outage), Web app (Degraded performance)"));
    // Each time of the window is a time of its own, for the reader's local time.
    assert!(
        html.contains("<time datetime=\"2026-03-05T22:00:00+00:00\">Thursday 5 March 2026, 22:00</time> to <time datetime=\"2026-03-05T23:30:00+00:00\">23:30</time>"),
        "maintenance window shown: {html}"
    );
    assert!(html.contains("Duration: 1 h 30 min"), "{html}");
}

#[test]
fn late_update_is_flagged_as_late() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 11:00");
    let html = read(&out.join("index.html"));
    assert!(
        html.contains("next-update--late\" data-late=\"Next update expected since 10:30\"><time datetime=\"2026-03-02T10:30:00+00:00\">Next update expected since 10:30</time></p>"),
        "{html}"
    );
}

#[test]
fn incident_page_lists_every_update_newest_first() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let html = read(&out.join("incidents/api-errors/index.html"));
    let identified = html
        .find("A faulty configuration change")
        .expect("latest update");
    let investigating = html.find("We are seeing errors").expect("first update");
    assert!(identified < investigating, "newest first");
    // The latest update in full; the earlier ones under their day, with the time of day.
    assert!(
        html.contains(
            "<time datetime=\"2026-03-02T09:40:00+00:00\">Monday 2 March 2026, 09:40</time>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<h3 class=\"timeline-day\"><time datetime=\"2026-03-02\">Monday 2 March 2026</time></h3>"),
        "{html}"
    );
    assert!(
        html.contains("<time datetime=\"2026-03-02T09:10:00+00:00\">09:10</time>"),
        "{html}"
    );
    assert!(
        !html.contains("Read the postmortem"),
        "no postmortem for an ongoing incident"
    );
}

#[test]
fn published_postmortem_has_its_page_and_link() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let incident = read(&out.join("incidents/old-outage/index.html"));
    assert!(incident.contains("href=\"/incidents/old-outage/postmortem/\""));
    let pm = read(&out.join("incidents/old-outage/postmortem/index.html"));
    assert!(pm.contains("<h2 id=\"summary-title\">Summary</h2>"));
    assert!(pm.contains("Reports were delayed by one hour."));
    assert!(pm.contains("Add an alert on report lag"));
    assert!(pm.contains("<time datetime=\"2026-03-15\">15 March 2026</time>"));
    assert!(pm.contains(">Done</span>"));
    assert!(pm.contains("<dd>1 h</dd>"), "impact duration: {pm}");
}

#[test]
fn draft_postmortem_is_never_published() {
    let (_guard, out) = build_fixture("french", "2026-11-23 10:00");
    assert!(!out.join("incidents/rapports/postmortem").exists());
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Brouillon : à ne pas publier"),
            "draft text in {}",
            path.display()
        );
    }
}

#[test]
fn internal_timeline_entries_never_reach_public_output() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("INTERNAL-CANARY"),
            "internal entry leaked into {}",
            path.display()
        );
    }
}

#[test]
fn french_site_speaks_french_with_french_dates() {
    let (_guard, out) = build_fixture("french", "2026-11-23 10:00");
    let html = read(&out.join("index.html"));
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Tous les services fonctionnent normalement"));
    assert!(html.contains("État au lundi 23 novembre 2026 à 10:00"));
    let incident = read(&out.join("incidents/rapports/index.html"));
    assert!(
        incident.contains("<time datetime=\"2026-11-13\">vendredi 13 novembre 2026</time>"),
        "{incident}"
    );
    assert!(incident.contains(">18:55</time>"), "{incident}");
    assert!(incident.contains(">Résolu</span>"));
    assert!(incident.contains("<dd>2 j 11 h 30 min</dd>"), "{incident}");
    let history = read(&out.join("history/index.html"));
    assert!(history.contains(">novembre 2026</h2>"));
}

#[test]
fn english_site_speaks_english() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let html = read(&out.join("index.html"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Status as of Monday 2 March 2026, 10:00"));
    assert!(html.contains("Times are in the Europe/London time zone."));
}

#[test]
fn base_url_path_prefixes_every_link() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    let html = read(&out.join("index.html"));
    assert!(html.contains("href=\"/sub/incidents/down/\""));
    assert!(html.contains("href=\"/sub/assets/style."));
    assert!(!html.contains("href=\"/incidents/"));
}

#[test]
fn every_page_kind_is_written() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    for page in [
        "index.html",
        "404.html",
        "history/index.html",
        "incidents/api-errors/index.html",
        "incidents/old-outage/index.html",
        "incidents/old-outage/postmortem/index.html",
        "maintenance/db-upgrade/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let mut assets: Vec<String> = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assets.sort();
    assert_eq!(assets.len(), 2, "one stylesheet and one script: {assets:?}");
    assert!(assets[0].starts_with("style.") && assets[0].ends_with(".css"));
    assert!(assets[1].starts_with("vigie.") && assets[1].ends_with(".js"));
}

#[test]
fn history_lists_incidents_and_maintenance_newest_first_by_month() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let html = read(&out.join("history/index.html"));
    let march = html.find(">March 2026</h2>").expect("March");
    let february = html.find(">February 2026</h2>").expect("February");
    assert!(march < february);
    let maintenance = html.find("Database upgrade").expect("maintenance listed");
    let api = html
        .find("Elevated API error rate")
        .expect("incident listed");
    assert!(
        maintenance < api,
        "the 5 March maintenance comes before the 2 March incident"
    );
}

#[test]
fn pages_make_no_external_request() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let pages = all_files(&out).into_iter().filter(|(path, _)| {
        path.extension()
            .is_some_and(|e| e == "html" || e == "css" || e == "svg")
    });
    for (path, bytes) in pages {
        let text = String::from_utf8_lossy(&bytes);
        for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(!text.contains(attr), "{} loads {attr}", path.display());
        }
    }
}

#[test]
fn same_input_and_clock_give_identical_output() {
    let (_a, first) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let (_b, second) = build_fixture("ongoing-en", "2026-03-02 10:00");
    assert_eq!(all_files(&first), all_files(&second));
}

#[test]
fn check_renders_without_writing() {
    let root = common::fixture("ongoing-en");
    let run = vigie(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--now",
        "2026-03-02 10:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!root.join("public").exists());
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let built = all_files(&out)
        .iter()
        .filter(|(path, _)| path != std::path::Path::new(".vigie-output"))
        .count();
    assert_eq!(run.stdout, format!("checked: {built} files render\n"));
}

#[test]
fn incident_folder_images_are_published_beside_the_page() {
    let (_guard, out) = build_fixture("bundle", "2026-06-01 12:00");
    assert!(out.join("incidents/with-image/graph.svg").is_file());
    assert!(
        !out.join("incidents/with-image/index.md").exists(),
        "the source is not published"
    );
    let page = read(&out.join("incidents/with-image/index.html"));
    assert!(
        page.contains("src=\"/status/incidents/with-image/graph.svg\""),
        "{page}"
    );
    let pm = read(&out.join("incidents/with-image/postmortem/index.html"));
    assert!(
        pm.contains("src=\"/status/incidents/with-image/graph.svg\""),
        "{pm}"
    );
}

#[test]
fn maintenance_folder_images_are_published_beside_the_page() {
    let (_guard, out) = build_fixture("bundle", "2026-06-01 12:00");
    assert!(out.join("maintenance/new-racks/plan.svg").is_file());
    assert!(!out.join("maintenance/new-racks/index.md").exists());
    let page = read(&out.join("maintenance/new-racks/index.html"));
    assert_eq!(
        page.matches("src=\"/status/maintenance/new-racks/plan.svg\"")
            .count(),
        2,
        "description and update: {page}"
    );
}

#[test]
fn base_url_option_overrides_the_config() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let root = common::fixture("bundle");
    let run = vigie(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--output",
        out.to_str().expect("utf-8"),
        "--now",
        "2026-06-01 12:00",
        "--base-url",
        "https://status.example.org/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&out.join("index.html"));
    assert!(html.contains("href=\"/incidents/with-image/\""), "{html}");
}

#[test]
fn maintenance_page_shows_window_components_and_state() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-05 22:30");
    let page = read(&out.join("maintenance/db-upgrade/index.html"));
    assert!(page.contains("<time datetime=\"2026-03-05T22:00:00+00:00\">Thursday 5 March 2026, 22:00</time> to <time datetime=\"2026-03-05T23:30:00+00:00\">23:30</time>"), "{page}");
    assert!(page.contains("<dd>1 h 30 min</dd>"), "{page}");
    assert!(page.contains("<dd>API</dd>"));
    assert!(page.contains(">In progress</span>"));
    let index = read(&out.join("index.html"));
    assert!(index.contains("<h2 id=\"maintenance-active-title\">Maintenance in progress</h2>"));
    assert!(
        index.contains("<h1 id=\"banner-title\">Partial outage</h1>"),
        "the open incident sets the banner"
    );
    let api = item(&index, "id=\"component-api\"");
    assert!(
        api.contains("Partial outage"),
        "the open incident outweighs the maintenance: {api}"
    );
}

#[test]
fn quiet_days_are_grouped_in_the_recent_history() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let html = read(&out.join("index.html"));
    assert!(
        html.contains("<h3>Saturday 28 February – Sunday 1 March 2026</h3>"),
        "{html}"
    );
    assert!(html.contains("<h3>Tuesday 17 February – Thursday 26 February 2026</h3>"));
    assert_eq!(
        html.matches("<p class=\"quiet\">No incidents reported.</p>")
            .count(),
        2
    );
}

#[test]
fn pages_with_something_active_reload_themselves_and_say_so() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let index = read(&out.join("index.html"));
    assert!(index.contains("<noscript><meta http-equiv=\"refresh\" content=\"120\"></noscript>"));
    assert!(
        index.contains(" data-refresh=\"120\" "),
        "the script's reload, which can be paused"
    );
    assert!(index.contains(
        "<noscript><p class=\"refresh\">This page reloads itself every 2 minutes during the incident.</p></noscript>"
    ));
    assert_eq!(
        common::visible_text(&index)
            .matches("every 2 minutes")
            .count(),
        1,
        "said once to a reader without a script"
    );
    let open = read(&out.join("incidents/api-errors/index.html"));
    assert!(open.contains("http-equiv=\"refresh\""));
    for calm in [
        "incidents/old-outage/index.html",
        "incidents/old-outage/postmortem/index.html",
        "history/index.html",
        "maintenance/db-upgrade/index.html",
    ] {
        let html = read(&out.join(calm));
        assert!(!html.contains("http-equiv=\"refresh\""), "{calm} reloads");
        assert!(!html.contains("data-refresh="), "{calm} reloads");
    }
    let (_guard, calm) = build_fixture("ongoing-en", "2026-03-06 12:00");
    let index = read(&calm.join("index.html"));
    assert!(
        index.contains("<noscript><meta http-equiv=\"refresh\""),
        "still open"
    );
    let (_guard, during) = build_fixture("statuses", "2026-05-01 12:00");
    let html = read(&during.join("index.html"));
    assert!(
        html.contains("data-refresh=\"120\""),
        "open incidents in the statuses fixture"
    );
}

#[test]
fn the_script_adds_local_times_from_the_site_timezone() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let index = read(&out.join("index.html"));
    assert!(
        index
            .contains("<body data-local-time=\"{time} your time\" data-timezone=\"Europe/London\""),
        "{index}"
    );
    let script = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "js"))
        .expect("script");
    let name = script
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(index.contains(&format!("<script src=\"/assets/{name}\" defer></script>")));
}

/// Builds a site made of `files` at `now`: its folder (removed when dropped) and its output.
fn build_files(files: &[(String, String)], now: &str) -> (tempfile::TempDir, PathBuf) {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = common::site(&refs);
    let out = dir.path().join("public");
    let run = vigie(&[
        "build",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--now",
        now,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

#[test]
fn history_is_paginated_fifty_entries_a_page_newest_first() {
    let mut files: Vec<(String, String)> = vec![("config.toml".into(), common::CONFIG.into())];
    for n in 1..=120 {
        let day = 1 + (n - 1) / 4;
        let hour = 8 + (n - 1) % 4;
        files.push((
            format!("content/incidents/i{n:03}.md"),
            format!(
                "---\ntitle: Incident {n:03}\nimpact: minor\nstarted: 2026-0{}-{:02} {hour:02}:00\ncomponents:\n  api: degraded_performance\n---\n## Updates\n### {hour:02}:30 [resolved]\nDone.\n",
                if day > 28 { 2 } else { 1 },
                if day > 28 { day - 28 } else { day },
            ),
        ));
    }
    let (_dir, out) = build_files(&files, "2026-03-01 12:00");
    let first = read(&out.join("history/index.html"));
    let second = read(&out.join("history/page/2/index.html"));
    let third = read(&out.join("history/page/3/index.html"));
    assert!(!out.join("history/page/4").exists());
    assert!(!out.join("history/page/1").exists(), "page 1 is history/");
    for (page, html, count, newest) in [
        (&first, "Page 1 of 3", 50, "Incident 120"),
        (&second, "Page 2 of 3", 50, "Incident 070"),
        (&third, "Page 3 of 3", 20, "Incident 020"),
    ] {
        assert!(
            page.contains(&format!("<p class=\"meta\">{html}</p>")),
            "{page}"
        );
        assert_eq!(page.matches("<li class=\"history-entry\">").count(), count);
        let first_title = page.find("Incident ").expect("an entry");
        assert!(
            page[first_title..].starts_with(newest),
            "{html} starts with {newest}"
        );
    }
    assert!(first.contains("<a href=\"/history/page/2/\" rel=\"next\">Older →</a>"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(second.contains("<a href=\"/history/\" rel=\"prev\">← Newer</a>"));
    assert!(second.contains("<a href=\"/history/page/3/\" rel=\"next\">"));
    assert!(!third.contains("rel=\"next\""));
    assert!(third.contains("Incident 001"));
}

#[test]
fn open_action_items_are_paginated_a_hundred_a_page_most_urgent_first() {
    let mut files: Vec<(String, String)> = vec![("config.toml".into(), common::CONFIG.into())];
    for n in 1..=30 {
        let items: String = (1..=5)
            .map(|k| {
                let due = (n - 1) * 5 + k; // 1 to 150: item 150 is due last
                format!(
                    "- [ ] Action {due:03} [owner: platform team, due: 2027-{:02}-{:02}]\n",
                    1 + (due - 1) / 28,
                    1 + (due - 1) % 28
                )
            })
            .collect();
        files.push((
            format!("content/incidents/i{n:03}.md"),
            format!(
                "---\ntitle: Incident {n:03}\nimpact: minor\nstarted: 2026-01-{n:02} 08:00\ncomponents:\n  api: degraded_performance\npostmortem: published\n---\n## Updates\n### 08:30 [resolved]\nDone.\n## Summary\nA summary.\n## Action items\n{items}- [x] Done already [owner: platform team]\n",
            ),
        ));
    }
    let (_dir, out) = build_files(&files, "2026-03-01 12:00");
    let first = read(&out.join("action-items/index.html"));
    let second = read(&out.join("action-items/page/2/index.html"));
    assert!(!out.join("action-items/page/3").exists());
    assert!(
        !out.join("action-items/page/1").exists(),
        "page 1 is action-items/"
    );
    for (page, label, count, most_urgent, least_urgent) in [
        (&first, "Page 1 of 2", 100, "Action 001", "Action 100"),
        (&second, "Page 2 of 2", 50, "Action 101", "Action 150"),
    ] {
        assert!(
            page.contains("<p>150 open action items, 0 overdue.</p>"),
            "{page}"
        );
        assert!(
            page.contains(&format!("<p class=\"meta\">{label}</p>")),
            "{page}"
        );
        assert_eq!(page.matches("<td data-label=\"Action\">").count(), count);
        let first_action = page.find("Action 0").or(page.find("Action 1"));
        assert!(page[first_action.expect("an action")..].starts_with(most_urgent));
        assert!(page.contains(least_urgent));
        assert!(!page.contains("Done already"));
    }
    assert!(first.contains("<a href=\"/action-items/page/2/\" rel=\"next\">Less urgent →</a>"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(second.contains("<a href=\"/action-items/\" rel=\"prev\">← More urgent</a>"));
    assert!(!second.contains("rel=\"next\""));
}

#[test]
fn recent_days_list_maintenance_that_took_place() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 12:00");
    let html = read(&out.join("index.html"));
    let day = item(&html, "<li class=\"day-maintenance\">");
    assert!(
        day.contains("<a href=\"/sub/maintenance/works/\">Planned works</a>"),
        "{day}"
    );
    assert!(day.contains("Maintenance · Completed"));
    assert!(
        day.contains("Friday 1 May 2026, 09:30</time> to <time"),
        "{day}"
    );
    let (_guard, before) = build_fixture("statuses", "2026-05-01 09:00");
    let html = read(&before.join("index.html"));
    assert!(
        !html.contains("class=\"day-maintenance\""),
        "not before it starts"
    );
}

#[test]
fn three_open_incidents_show_most_severe_first_beside_maintenance_in_progress() {
    let (_guard, out) = build_fixture("busy", "2026-06-10 14:50");
    let text = common::visible_text(&read(&out.join("index.html")));
    assert!(
        text.contains("Major outage Status as of Wednesday 10 June 2026, 14:50"),
        "{text}"
    );
    let order: Vec<usize> = [
        "Checkout unavailable",
        "Webhooks delivered late",
        "Slow search results",
    ]
    .iter()
    .map(|t| text.find(t).unwrap_or_else(|| panic!("{t}")))
    .collect();
    assert!(
        order.is_sorted(),
        "critical, then major, then minor: {order:?}"
    );
    assert!(text.contains("Next update by 15:05"));
    assert!(
        text.contains("Next update expected since 14:20"),
        "the cadence promised it: {text}"
    );
    assert!(text.contains("Email provider switch"));
    assert!(text.contains("Email receipts Under maintenance"), "{text}");
}

#[test]
fn embed_js_is_a_small_self_contained_script_in_the_sites_language() {
    let (_guard, out) = common::build_root(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "2026-11-23 10:30",
    );
    let script = common::read(&out.join("embed.js"));
    assert!(script.len() < 6 * 1024, "{} bytes", script.len());
    assert!(!script.contains("__VIGIE_WORDS__"));
    assert!(script.contains(r#""lang":"fr""#));
    assert!(script.contains(r#""incident":"Incident en cours""#));
    assert!(script.contains(r#""dismiss":"Fermer""#));
    assert!(
        script.contains(r#""identified":"Cause identifiée""#),
        "the statuses as pages say them"
    );
    assert!(script.contains(r#"base + "api/v2/summary.json""#));
    assert!(script.contains("attachShadow"));
    for dependency in ["import ", "require(", "eval(", "innerHTML"] {
        assert!(!script.contains(dependency), "{dependency}");
    }
}

#[test]
fn the_embed_page_says_the_status_and_opens_links_in_the_framing_page() {
    let (_guard, out) = common::build_root(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "2026-11-23 10:30",
    );
    let page = common::read(&out.join("embed/index.html"));
    let text = common::visible_text(&page);
    assert!(
        text.contains(
            "Exports CSV et Excel en échec pour une partie des comptes · Cause identifiée"
        ),
        "{text}"
    );
    assert!(page.contains(r#"<a href="/incidents/2026-11-23-exports-en-echec/" target="_top">"#));
    assert!(!page.contains("<nav"), "no navigation inside a frame");
}
