//! The history feeds, the maintenance calendar and the badges, on fixtures. Real parsers
//! (feedparser, xmllint with the Atom RELAX NG schema, icalendar) check them in
//! `conformance/run`.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{all_files, build_fixture, read};

#[test]
fn atom_has_one_entry_per_incident_and_maintenance_newest_update_first() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let atom = read(&out.join("history.atom"));
    assert!(atom.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    assert!(
        atom.contains("<updated>2026-03-02T09:40:00+00:00</updated>\n  <author>"),
        "the feed's date is its newest entry's:\n{atom}"
    );
    let ids: Vec<&str> = atom
        .match_indices("<id>")
        .map(|(i, _)| &atom[i + 4..i + atom[i..].find("</id>").expect("closed")])
        .collect();
    assert_eq!(
        ids,
        [
            "https://status.acme.example/",
            "https://status.acme.example/incidents/api-errors/",
            "https://status.acme.example/incidents/old-outage/",
        ]
    );
    assert!(atom.contains("<title>Elevated API error rate · Identified</title>"));
    assert!(atom.contains(
        "<content type=\"html\">&lt;p&gt;&lt;strong&gt;Identified · Monday 2 March 2026, 09:40&lt;/strong&gt;&lt;/p&gt;\n&lt;p&gt;A faulty configuration change was identified."
    ), "{atom}");
    assert!(
        !atom.contains("Database upgrade"),
        "a window no update has announced enters the feed when it starts"
    );
}

#[test]
fn a_maintenance_window_enters_the_feed_when_announced_or_started() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-05 22:30");
    let atom = read(&out.join("history.atom"));
    assert!(atom.contains(
        "<title>Database upgrade · Maintenance · In progress</title>\n    <id>https://status.acme.example/maintenance/db-upgrade/</id>"
    ), "{atom}");
    assert!(atom.contains(
        "<published>2026-03-05T22:00:00+00:00</published>\n    <updated>2026-03-05T22:00:00+00:00</updated>"
    ));
    let (_guard, bundle) = build_fixture("bundle", "2026-06-03 12:00");
    let atom = read(&bundle.join("history.atom"));
    assert!(
        atom.contains("<title>New racks · Maintenance · Scheduled</title>"),
        "{atom}"
    );
    assert!(atom.contains(
        "<published>2026-06-02T09:00:00+00:00</published>\n    <updated>2026-06-02T09:00:00+00:00</updated>"
    ), "announced by its first update:\n{atom}");
}

#[test]
fn an_entry_moves_with_each_public_update() {
    // At 09:20, the 09:40 update had not been written yet.
    let earlier = common::copy_of(&common::fixture("ongoing-en"));
    let file = earlier.path().join("content/incidents/api-errors.md");
    let text = read(&file);
    let cut = text.find("### 09:40").expect("the 09:40 update");
    let end = text.find("## Timeline").expect("the timeline");
    std::fs::write(&file, format!("{}{}", &text[..cut], &text[end..])).expect("write");
    let (_guard, early) = common::build_root(earlier.path(), "2026-03-02 09:20");
    let atom = read(&early.join("history.atom"));
    assert!(atom.contains(
        "<published>2026-03-02T09:00:00+00:00</published>\n    <updated>2026-03-02T09:10:00+00:00</updated>"
    ), "{atom}");
    let (_guard, later) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let atom = read(&later.join("history.atom"));
    assert!(atom.contains(
        "<published>2026-03-02T09:00:00+00:00</published>\n    <updated>2026-03-02T09:40:00+00:00</updated>"
    ), "{atom}");
}

#[test]
fn rss_carries_the_same_entries_with_rfc_2822_dates() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let rss = read(&out.join("history.rss"));
    assert!(rss.contains("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"));
    assert!(rss.contains("<lastBuildDate>Mon, 2 Mar 2026 09:40:00 +0000</lastBuildDate>"));
    assert_eq!(rss.matches("<item>").count(), 2);
    assert!(rss.contains(
        "<guid isPermaLink=\"true\">https://status.acme.example/incidents/api-errors/</guid>\n      <pubDate>Mon, 2 Mar 2026 09:40:00 +0000</pubDate>"
    ), "{rss}");
}

#[test]
fn the_calendar_lists_each_window_with_escaped_folded_text() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    let ics = read(&out.join("maintenance.ics"));
    assert!(ics.lines().all(|line| line.len() <= 75), "{ics}");
    assert!(
        ics.split('\n').all(|l| l.is_empty() || l.ends_with('\r')),
        "CRLF line ends"
    );
    let unfolded = ics.replace("\r\n ", "");
    let event = "BEGIN:VEVENT\r\n\
        UID:db-upgrade@status.acme.example\r\n\
        DTSTAMP:20260305T220000Z\r\n\
        LAST-MODIFIED:20260305T220000Z\r\n\
        SEQUENCE:0\r\n\
        DTSTART:20260305T220000Z\r\n\
        DTEND:20260305T233000Z\r\n\
        SUMMARY:Database upgrade\r\n\
        DESCRIPTION:The API may be unavailable for a few minutes.\\n\\nAffected: API\\n\\nhttps://status.acme.example/maintenance/db-upgrade/\r\n\
        URL:https://status.acme.example/maintenance/db-upgrade/\r\n\
        STATUS:CONFIRMED\r\n\
        TRANSP:TRANSPARENT\r\n\
        END:VEVENT\r\n";
    assert!(unfolded.contains(event), "{unfolded}");
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(unfolded.ends_with("END:VCALENDAR\r\n"));

    // The window's page offers that window alone, the same event, to add to a calendar.
    let single = read(&out.join("maintenance/db-upgrade/db-upgrade.ics"));
    assert!(single.lines().all(|line| line.len() <= 75), "{single}");
    let single = single.replace("\r\n ", "");
    assert_eq!(
        single,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//vigie//maintenance calendar//EN\r\n\
             CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n{event}END:VCALENDAR\r\n"
        )
    );
    let page = read(&out.join("maintenance/db-upgrade/index.html"));
    assert!(
        page.contains("<a href=\"/maintenance/db-upgrade/db-upgrade.ics\" download>Add this window to my calendar</a>"),
        "{page}"
    );
}

#[test]
fn a_finished_window_ends_in_the_calendar_when_it_really_ended() {
    let (_guard, out) = build_fixture("bundle", "2026-06-11 12:00");
    let ics = read(&out.join("maintenance.ics")).replace("\r\n ", "");
    assert!(
        ics.contains("DTSTART:20260610T220000Z\r\nDTEND:20260610T230000Z\r\n"),
        "{ics}"
    );
    assert!(ics.contains("SEQUENCE:1\r\n"));
}

#[test]
fn badges_give_the_status_in_words_and_colour() {
    let (_guard, out) = build_fixture("statuses", "2026-05-01 10:00");
    let overall = read(&out.join("badges/status.svg"));
    assert!(
        overall.contains("aria-label=\"status: Major outage\""),
        "{overall}"
    );
    assert!(overall.contains("fill=\"#b42318\""));
    for (id, text, colour) in [
        ("calm", "Calm: Operational", "#1a7f4b"),
        ("slow", "Slow: Degraded performance", "#8a5a00"),
        ("half", "Half: Partial outage", "#b04400"),
        ("down", "Down: Major outage", "#b42318"),
        ("works", "Works: Under maintenance", "#1f5fad"),
    ] {
        let svg = read(&out.join(format!("badges/{id}.svg")));
        assert!(svg.contains(&format!("<title>{text}</title>")), "{svg}");
        assert!(svg.contains(&format!("fill=\"{colour}\"")), "{id}: {svg}");
    }
}

#[test]
fn feeds_and_calendar_hold_no_internal_text() {
    let (_guard, out) = build_fixture("ongoing-en", "2026-03-02 10:00");
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("INTERNAL-CANARY"), "{}", path.display());
    }
}
