//! The postmortem's response metrics and customer-communication record, on fixtures.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{all_files, build_fixture, build_root, read, site, visible_text};

fn section(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    visible_text(&html[start..end])
}

fn postmortem(slug: &str) -> (tempfile::TempDir, String) {
    let (guard, out) = build_fixture("response", "2026-11-01 12:00");
    let html = read(&out.join(format!("incidents/{slug}/postmortem/index.html")));
    (guard, html)
}

#[test]
fn metrics_count_real_time_across_a_clock_change() {
    let (_guard, html) = postmortem("dst-night");
    let response = section(&html, "response");
    for expected in [
        "Time to detect 10 min 23:00 → 23:10 detection minus the start of the impact",
        "Time to acknowledge 2 min 23:10 → 23:12 acknowledgement minus detection",
        "Time to first customer contact 5 min 23:10 → 23:15",
        "Time to mitigate 5 h 40 min 23:00 → Sunday 25 October 03:40 mitigation minus the start of the impact",
        "Time to resolve 6 h 23:00 → Sunday 25 October 04:00 resolution (the resolved update) minus the start of the impact",
        "Impact duration 5 h 50 min 23:00 → Sunday 25 October 03:50 the end of the impact minus its start",
    ] {
        assert!(response.contains(expected), "{expected}\n{response}");
    }
}

#[test]
fn missing_milestones_are_unknown_never_zero() {
    let (_guard, html) = postmortem("unknowns");
    let response = section(&html, "response");
    assert!(
        response.contains("Time to detect 30 min"),
        "set by hand: {response}"
    );
    assert!(
        response.contains(
            "Time to acknowledge unknown 10:30 → unknown acknowledgement minus detection"
        )
    );
    assert!(response.contains("Time to mitigate unknown 10:00 → unknown"));
    assert!(response.contains("Impact duration unknown 10:00 → unknown"));
    assert!(
        response.contains("Time to first customer contact 15 min"),
        "the first update"
    );
    assert!(!response.contains(" 0 min"), "{response}");
}

#[test]
fn the_communication_record_audits_promises_and_links_to_the_timeline() {
    let (_guard, html) = postmortem("dst-night");
    let record = section(&html, "communications");
    assert!(record.contains("Update promises kept: 1 of 3."), "{record}");
    assert!(record.contains(
        "Longest silence: 4 h 30 min, from Sunday 25 October 2026, 00:30 to Sunday 25 October 2026, 04:00."
    ));
    assert!(html.contains(
        "<a href=\"#t-20261024-2320\">Update promised by Sunday 25 October 2026, 00:00, came at 00:10 (10 min late).</a>"
    ), "the broken promise links to the update that made it");
    assert!(html.contains(
        "<a href=\"#t-20261025-0030\">Update promised by Sunday 25 October 2026, 02:00, came at 04:00 (3 h late).</a>"
    ));
    assert!(
        html.contains(
            "<a href=\"#t-20261025-0130\">Sunday 25 October 2026, 01:30 · support lead</a>"
        ),
        "a workaround links to its row"
    );
    assert!(
        html.contains("<a href=\"#t-20261025-0900\">Sunday 25 October 2026, 09:00 · customer</a>")
    );
    for target in [
        "t-20261024-2320",
        "t-20261025-0030",
        "t-20261025-0130",
        "t-20261025-0900",
    ] {
        assert_eq!(
            html.matches(&format!("id=\"{target}\"")).count(),
            1,
            "{target}"
        );
    }
    assert!(
        !record.contains("Email to every customer"),
        "told in the timeline only"
    );
}

#[test]
fn the_timeline_tells_each_communication_once_with_its_promise_kept_or_broken() {
    let (_guard, html) = postmortem("dst-night");
    let timeline = section(&html, "timeline");
    assert!(timeline.contains("23:15 Call · support lead → largest customer Called to warn them."));
    assert!(timeline.contains(
        "00:30 Message · email · support lead → all customers Email to every customer. Next update promised: 02:00 ✗ broken"
    ), "{timeline}");
    assert!(timeline.contains(
        "00:10 Status page update · Identified A disk is full. Next update promised: 01:00 ✓ kept"
    ), "{timeline}");
    assert!(
        timeline.contains("01:30 Fallback · support lead Offered the read-only mirror meanwhile.")
    );
    assert!(
        timeline
            .contains("09:00 Customer feedback · customer \"Thanks for the email, it helped.\"")
    );
    for told in [
        "A disk is full.",
        "Email to every customer.",
        "Called to warn them.",
        "Offered the read-only mirror",
        "Thanks for the email",
    ] {
        assert_eq!(html.matches(told).count(), 1, "{told} told once");
    }
}

#[test]
fn the_site_cadence_makes_a_promise_where_an_update_names_none() {
    let (_guard, html) = postmortem("unknowns");
    let record = section(&html, "communications");
    assert!(record.contains("Update promises kept: 0 of 1."), "{record}");
    let timeline = section(&html, "timeline");
    assert!(timeline.contains(
        "10:45 Status page update · Investigating The API is slow. Next update expected by 11:45 (1 h cadence) ✗ broken"
    ), "{timeline}");
}

#[test]
fn internal_feedback_stays_internal() {
    let (_guard, out) = build_fixture("response", "2026-11-01 12:00");
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("INTERNAL-FEEDBACK"), "{}", path.display());
    }
}

#[test]
fn the_incident_chart_draws_phases_communications_broken_promises_and_milestones() {
    let (_guard, html) = postmortem("dst-night");
    let start = html
        .find("<figure class=\"incident-chart\"")
        .expect("chart");
    let whole = &html[start..start + html[start..].find("</figure>").expect("closed")];
    // The wide layout; the phone's draws the same things.
    let figure = &whole[..whole.find("</svg>").expect("svg")];
    let bands: Vec<&str> = figure
        .match_indices("class=\"chart-band chart-band--")
        .map(|(i, m)| {
            let rest = &figure[i + m.len()..];
            &rest[..rest.find('"').expect("quote")]
        })
        .collect();
    assert_eq!(bands, ["unannounced", "investigating", "identified"]);
    assert_eq!(
        figure
            .matches("class=\"chart-mark chart-mark--update\"")
            .count(),
        3
    );
    assert_eq!(
        figure
            .matches("class=\"chart-mark chart-mark--contact\"")
            .count(),
        2
    );
    assert_eq!(figure.matches("<g class=\"chart-late\">").count(), 2);
    assert!(figure.contains("<title>Update promised by 02:00, came 3 h late.</title>"));
    assert!(figure.contains(">Resolved 04:00</text>"), "{figure}");
    let words = visible_text(&whole[whole.find("<details").expect("text equivalent")..]);
    assert!(words.contains(
        "Identified from Sunday 25 October 2026, 00:10 to Sunday 25 October 2026, 04:00 (4 h 50 min)."
    ), "{words}");
    assert!(words.contains("Mitigated: Sunday 25 October 2026, 03:40"));
    // Midnight is a day's tick, labelled with the day; the other ticks with their time.
    let day_tick = figure
        .find("<line class=\"chart-tick chart-tick--day\"")
        .expect("a tick at midnight");
    assert_eq!(figure.matches("chart-tick--day").count(), 1);
    assert!(figure[day_tick..].contains(">Sunday 25</text>"), "{figure}");
    assert!(figure.contains(">23:30</text>"), "{figure}");
    // Each layout's description says the sentences of the text equivalent, in order.
    let sentences: String = whole
        .match_indices("<li>")
        .skip_while(|(i, _)| *i < whole.find("<details").expect("text equivalent"))
        .map(|(i, m)| {
            let rest = &whole[i + m.len()..];
            format!("{} ", &rest[..rest.find("</li>").expect("closed")])
        })
        .collect();
    assert!(sentences.contains("Mitigated: Sunday 25 October 2026, 03:40 "));
    for layout in ["wide", "narrow"] {
        assert!(
            whole.contains(&format!(
                "<desc id=\"chart-desc-{layout}\">{sentences}</desc>"
            )),
            "{layout}: {whole}"
        );
    }
}

#[test]
fn a_theme_can_show_the_latest_update_on_the_postmortem() {
    let incident = "---\ntitle: Exports late\nimpact: minor\nstarted: 2026-05-01 09:00\ncomponents:\n  api: degraded_performance\npostmortem: published\n---\n\n## Updates\n\n### 09:10 [investigating]\nExports are *late*.\n\n### 11:00 [resolved]\nExports are **on time** again.\n\n## Summary\n\nExports were late.\n";
    let dir = site(&[
        ("config.toml", common::CONFIG),
        ("content/incidents/exports.md", incident),
        (
            "templates/postmortem.html",
            "<main>{{ incident.latest.status.text }} at {{ incident.latest.when }}: {{ incident.latest.html | safe }}</main>",
        ),
    ]);
    let (_guard, out) = build_root(dir.path(), "2026-05-02 12:00");
    let html = read(&out.join("incidents/exports/postmortem/index.html"));
    assert_eq!(
        html.trim(),
        "<main>Resolved at Friday 1 May 2026, 11:00: <p>Exports are <strong>on time</strong> again.</p>\n</main>"
    );
}

#[test]
fn the_reliability_page_sums_and_takes_medians_per_month_and_component() {
    let (_guard, out) = build_fixture("response", "2026-11-01 12:00");
    let text = visible_text(&read(&out.join("reliability/index.html")));
    assert!(text.contains(
        "Month Incidents Impact Median time to detect Median time to resolve Promises kept October 2026 2 7 h 50 min 20 min 4 h 1 / 4"
    ), "impact 5 h 50 + 2 h, detection 10 and 30 min, resolution 6 h and 2 h: {text}");
    assert!(text.contains("API 2 7 h 50 min 20 min 4 h 1 / 4"), "{text}");
    // On 21 October, the daylight-saving night had not come yet.
    let earlier = common::fixture_without("response", &["content/incidents/dst-night.md"]);
    let (_guard, early) = common::build_root(earlier.path(), "2026-10-21 12:00");
    let text = visible_text(&read(&early.join("reliability/index.html")));
    assert!(
        text.contains("October 2026 1 2 h 30 min 2 h 0 / 1"),
        "only what was resolved by then: {text}"
    );
}

/// A resolved incident of `api` with a published postmortem and this timeline.
fn with_timeline(timeline: &str) -> (tempfile::TempDir, String) {
    let incident = format!(
        "---\ntitle: Exports late\nimpact: minor\nstarted: 2026-05-01 09:00\ncomponents:\n  api: degraded_performance\npostmortem: published\n---\n\n## Updates\n\n### 09:10 [investigating, next 09:40]\nExports are late.\n\n### 11:00 [resolved]\nExports are on time.\n\n## Timeline\n\n{timeline}\n## Summary\n\nExports were late.\n"
    );
    let dir = site(&[
        ("config.toml", common::CONFIG),
        ("content/incidents/exports.md", &incident),
    ]);
    let (guard, out) = build_root(dir.path(), "2026-05-02 12:00");
    drop(dir);
    let html = read(&out.join("incidents/exports/postmortem/index.html"));
    (guard, html)
}

#[test]
fn a_check_in_is_listed_as_a_check_in_not_as_a_message() {
    let (_guard, html) = with_timeline(
        "- 09:40 [check-in, CSM, public, channel: phone, audience: largest customer] Checked in on their exports.\n- 10:00 [message, CSM, public, channel: email, audience: all customers] Wrote to every customer.\n",
    );
    let timeline = section(&html, "timeline");
    assert!(
        timeline.contains(
            "09:40 Check-in · phone · CSM → largest customer Checked in on their exports."
        ),
        "{timeline}"
    );
    assert!(
        timeline.contains("10:00 Message · email · CSM → all customers Wrote to every customer."),
        "{timeline}"
    );
    assert!(
        timeline.contains("Next update promised: 09:40 ✓ kept"),
        "a check-in at the promised minute keeps the promise: {timeline}"
    );
}

#[test]
fn a_communication_at_the_same_minute_does_not_keep_an_update_promise() {
    let (_guard, html) = with_timeline(
        "- 09:10 [message, CSM, public, channel: email, audience: all customers] Wrote to every customer.\n- 10:00 [check-in, CSM, public, channel: phone, audience: largest customer] Checked in on their exports.\n",
    );
    assert!(
        section(&html, "timeline").contains("Next update promised: 09:40 ✗ broken"),
        "{html}"
    );
    let record = section(&html, "communications");
    assert!(
        record
            .contains("Update promised by Friday 1 May 2026, 09:40, came at 10:00 (20 min late)."),
        "{record}"
    );
}

/// A `<text>` of a drawing: its box from its position, anchor, font size and length.
#[derive(Debug)]
struct Label {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_string())
}

fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} in {tag}"))
}

/// Every label of an SVG, with its estimated box (0.6 em a character, as wide as system
/// fonts draw these labels, and a line from 0.8 em above the baseline to 0.2 em below).
fn labels(svg: &str, font: f64) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<text ") {
        rest = &rest[at..];
        let tag_end = rest.find('>').expect("tag");
        let tag = &rest[..tag_end];
        let close = rest.find("</text>").expect("closed");
        let raw = &rest[tag_end + 1..close];
        let mut text = String::new();
        let mut entity = false;
        for c in raw.chars() {
            match c {
                '&' => entity = true,
                ';' if entity => {
                    entity = false;
                    text.push('_');
                }
                _ if entity => {}
                _ => text.push(c),
            }
        }
        let width = text.chars().count() as f64 * 0.6 * font;
        let x = number(tag, "x");
        let y = number(tag, "y");
        let left = match attribute(tag, "text-anchor").as_deref() {
            Some("middle") => x - width / 2.0,
            Some("end") => x - width,
            _ => x,
        };
        labels.push(Label {
            text,
            left,
            right: left + width,
            top: y - 0.8 * font,
            bottom: y + 0.2 * font,
        });
        rest = &rest[close..];
    }
    labels
}

/// The boxes of the broken promises drawn over the phases.
fn broken_promises(svg: &str) -> Vec<Label> {
    svg.match_indices("<rect class=\"chart-late-over\"")
        .map(|(at, _)| {
            let tag = &svg[at..at + svg[at..].find('>').expect("tag")];
            let (x, y) = (number(tag, "x"), number(tag, "y"));
            Label {
                text: "broken promise".to_string(),
                left: x,
                right: x + number(tag, "width"),
                top: y,
                bottom: y + number(tag, "height"),
            }
        })
        .collect()
}

/// Fails when two labels of a postmortem's picture overlap, one crosses a broken promise or
/// runs off the drawing, in either layout.
fn assert_labels_apart(html: &str, page: &str) {
    let svgs: Vec<&str> = html
        .match_indices("<svg class=\"chart chart--")
        .map(|(at, _)| &html[at..at + html[at..].find("</svg>").expect("svg")])
        .collect();
    assert_eq!(svgs.len(), 2, "a wide and a phone layout: {page}");
    for svg in svgs {
        let open = &svg[..svg.find('>').expect("tag")];
        let font = number(open, "font-size");
        let view: Vec<f64> = attribute(open, "viewBox")
            .expect("viewBox")
            .split(' ')
            .map(|v| v.parse().expect("number"))
            .collect();
        let labels = labels(svg, font);
        assert!(labels.len() > 3, "{page}: {labels:?}");
        let promises = broken_promises(svg);
        for (n, a) in labels.iter().enumerate() {
            assert!(!a.text.trim().is_empty(), "{page}: an empty label: {a:?}");
            assert!(
                a.left >= 0.0 && a.right <= view[2] && a.top >= 0.0 && a.bottom <= view[3],
                "{page}: {a:?} runs off the picture ({view:?})"
            );
            for b in labels[n + 1..].iter().chain(&promises) {
                let apart = a.right <= b.left
                    || b.right <= a.left
                    || a.bottom <= b.top
                    || b.bottom <= a.top;
                assert!(apart, "{page}: {a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn no_two_labels_of_the_picture_overlap_in_either_layout() {
    for slug in ["dst-night", "unknowns"] {
        let (_guard, html) = postmortem(slug);
        assert_labels_apart(&html, slug);
    }
    // The story: four milestones within an hour, three days of ticks.
    let (_guard, out) = common::build_root(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "2026-11-23 10:30",
    );
    let html = read(&out.join("incidents/2026-11-13-rapports-hebdomadaires/postmortem/index.html"));
    assert!(
        html.contains("chart-late-over"),
        "the story broke a promise"
    );
    assert_labels_apart(&html, "the story");
}
