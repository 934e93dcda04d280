//! The postmortem's sections: the summary before the response, the others after the
//! contents, whether a summary was written or not.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{build_root, read, site};

/// A resolved incident of `api` with a published postmortem made of `sections`.
fn incident(sections: &str) -> String {
    format!(
        "---\ntitle: Exports late\nimpact: minor\nstarted: 2026-05-01 09:00\ncomponents:\n  api: degraded_performance\npostmortem: published\n---\n\n## Updates\n\n### 09:10 [investigating]\nExports are late.\n\n### 11:00 [resolved]\nExports are on time.\n\n{sections}"
    )
}

/// The postmortem page of an incident with `sections`, built with the site's own
/// `templates` (name, text) over the default theme.
fn postmortem(sections: &str, templates: &[(&str, &str)]) -> String {
    let text = incident(sections);
    let mut files = vec![
        ("config.toml", common::CONFIG),
        ("content/incidents/exports.md", text.as_str()),
    ];
    files.extend_from_slice(templates);
    let dir = site(&files);
    let (_guard, out) = build_root(dir.path(), "2026-05-02 12:00");
    read(&out.join("incidents/exports/postmortem/index.html"))
}

/// The ids of the page's `<section>`s, in order.
fn section_ids(html: &str) -> Vec<String> {
    html.split("<section id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("an id")].to_string())
        .collect()
}

/// The anchors the contents link to, in order.
fn contents(html: &str) -> Vec<String> {
    let start = html.find("<nav class=\"contents\"").expect("contents");
    let nav = &html[start..start + html[start..].find("</nav>").expect("end of contents")];
    nav.split("<a href=\"#")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("an anchor")].to_string())
        .collect()
}

const ALL: &str = "## Summary\n\nExports were late.\n\n## Impact\n\nReports came an hour late.\n\n## Lessons learned\n\nWatch the queue.\n";
const NO_SUMMARY: &str =
    "## Impact\n\nReports came an hour late.\n\n## Lessons learned\n\nWatch the queue.\n";

#[test]
fn the_summary_comes_before_the_response_and_the_others_after_the_contents() {
    let html = postmortem(ALL, &[]);
    assert_eq!(
        section_ids(&html),
        [
            "summary",
            "response",
            "impact",
            "lessons",
            "action-items",
            "communications",
            "timeline"
        ]
    );
    assert_eq!(
        contents(&html),
        [
            "summary",
            "response",
            "impact",
            "lessons",
            "action-items",
            "communications",
            "timeline"
        ]
    );
    let summary = &html[html.find("<section id=\"summary\"").expect("summary")..];
    assert!(summary.contains("<h2 id=\"summary-title\">Summary</h2>"));
    assert!(summary.contains("Exports were late."));
}

#[test]
fn without_a_summary_every_section_comes_after_the_contents() {
    let html = postmortem(NO_SUMMARY, &[]);
    assert_eq!(
        section_ids(&html),
        [
            "response",
            "impact",
            "lessons",
            "action-items",
            "communications",
            "timeline"
        ]
    );
    assert_eq!(
        contents(&html),
        [
            "response",
            "impact",
            "lessons",
            "action-items",
            "communications",
            "timeline"
        ]
    );
    assert!(!html.contains("id=\"summary\""));
}

#[test]
fn a_theme_still_lists_every_section_from_sections() {
    let theme = (
        "templates/partials/postmortem_contents.html",
        "<nav class=\"contents\">{% for section in sections %}<a href=\"#{{ section.id }}\">{{ section.title }}</a>{% endfor %}</nav>",
    );
    for (sections, ids) in [
        (ALL, &["summary", "impact", "lessons"][..]),
        (NO_SUMMARY, &["impact", "lessons"][..]),
    ] {
        let html = postmortem(sections, &[theme]);
        assert_eq!(contents(&html), ids);
    }
}
