//! The status page's "Subscribe" section and the feed of each component.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, build_root, read, site, vigie, visible_text};

const API_DOWN: &str = "---
title: API down
impact: major
started: 2026-04-01 10:00
components:
  api: major_outage
---

## Updates

### 10:05 [investigating]
The API answers nothing.
";

const WEB_SLOW: &str = "---
title: Web app slow
impact: minor
started: 2026-04-02 10:00
components:
  web: degraded_performance
---

## Updates

### 10:05 [investigating]
Pages load slowly.
";

fn two_incidents(config: &str) -> tempfile::TempDir {
    site(&[
        ("config.toml", config),
        ("content/incidents/2026-04-01-api-down.md", API_DOWN),
        ("content/incidents/2026-04-02-web-slow.md", WEB_SLOW),
    ])
}

#[test]
fn the_status_page_lists_every_way_to_follow_it() {
    let config = CONFIG.replace(
        "timezone = \"Europe/Paris\"\n",
        "timezone = \"Europe/Paris\"\nsubscribe_email = \"status@example.com\"\n",
    );
    let dir = two_incidents(&config);
    let (_guard, out) = build_root(dir.path(), "2026-04-02 12:00");
    let index = read(&out.join("index.html"));
    let start = index
        .find("<section class=\"subscribe-ways\"")
        .expect("a Subscribe section");
    let section = &index[start..start + index[start..].find("</section>").expect("its end")];
    assert_eq!(
        visible_text(section),
        "Subscribe \
         Every incident and maintenance, in a feed reader: Atom · RSS \
         A feed per component API: Atom · RSS Web app: Atom · RSS \
         Maintenance windows in your calendar: maintenance calendar (.ics) \
         In a Slack channel, type: /feed subscribe https://status.example.com/history.atom \
         Updates by e-mail, on request: status@example.com"
    );
    for link in [
        "href=\"/history.atom\"",
        "href=\"/history.rss\"",
        "href=\"/history/api.atom\"",
        "href=\"/history/web.rss\"",
        "href=\"/maintenance.ics\"",
        "href=\"mailto:status@example.com\"",
    ] {
        assert!(section.contains(link), "{link} in {section}");
    }
}

#[test]
fn without_an_address_the_section_offers_no_e_mail() {
    let dir = two_incidents(CONFIG);
    let (_guard, out) = build_root(dir.path(), "2026-04-02 12:00");
    let index = read(&out.join("index.html"));
    assert!(index.contains("id=\"subscribe-title\""));
    assert!(!index.contains("mailto:"));
}

#[test]
fn each_component_has_a_feed_of_its_own_incidents() {
    let dir = two_incidents(CONFIG);
    let (_guard, out) = build_root(dir.path(), "2026-04-02 12:00");
    let api = read(&out.join("history/api.atom"));
    assert!(api.contains("<title>Test status · API</title>"), "{api}");
    assert!(api.contains("<id>https://status.example.com/history/api.atom</id>"));
    assert!(api.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://status.example.com/history/api.atom\"/>"
    ));
    assert!(api.contains("<title>API down · Investigating</title>"));
    assert!(!api.contains("Web app slow"));
    let web = read(&out.join("history/web.rss"));
    assert!(
        web.contains("Web app slow") && !web.contains("API down"),
        "{web}"
    );
    let all = read(&out.join("history.atom"));
    assert!(all.contains("API down") && all.contains("Web app slow"));
    assert!(all.contains("<id>https://status.example.com/</id>"));
}

#[test]
fn a_subscription_address_that_is_not_one_is_refused() {
    let config = CONFIG.replace(
        "timezone = \"Europe/Paris\"\n",
        "timezone = \"Europe/Paris\"\nsubscribe_email = \"Status <status@example.com>\"\n",
    );
    let dir = two_incidents(&config);
    let run = vigie(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--now",
        "2026-04-02 12:00",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: config.toml:5:1: subscribe_email: `Status <status@example.com>` is not an e-mail address\n  hint: write the address clients write to, e.g. `status@example.com`\n"
        ),
        "{}",
        run.stderr
    );
}
