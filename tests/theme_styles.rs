//! Every element the status page marks with a class is drawn by the theme's stylesheet: a
//! class without a rule is a part of the page left in the browser's default look (a bullet
//! beside a disclosure arrow, a line in plain body text). Built end to end: the example site
//! with a busy day and more maintenance windows than the page shows, so that the lines
//! that count what was left out, and the Subscribe section's feeds per service, are there.

#![allow(
    clippy::expect_used,
    reason = "a test that cannot set up its site fails"
)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{build_root, copy, read};

const NOW: &str = "2026-11-23 10:30";

/// Classes that only mark an element for a script, a test or a later rule, each with why
/// it needs no look of its own.
const HOOKS: &[&str] = &[
    // An operational day's bar keeps the bars' colour, `.bar`'s.
    "bar--operational",
    // An incident that goes on from an earlier day reads as any other of the day.
    "day-continuing",
];

/// The example site, with eight incidents on 17 November and eight windows in December.
fn busy_example(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("config.toml"), root.join("config.toml")).expect("config");
    for k in 0..8 {
        let hour = 8 + k;
        std::fs::write(
            root.join(format!("content/incidents/2026-11-17-lenteurs-{k}.md")),
            format!(
                "---\ntitle: Lenteurs de l'API {k}\nimpact: minor\nstarted: 2026-11-17 {hour:02}:00\n\
                 components:\n  api: degraded_performance\n---\n\n## Updates\n\n\
                 ### 2026-11-17 {hour:02}:05 [investigating]\nLes appels à l'API sont lents.\n\n\
                 ### 2026-11-17 {hour:02}:40 [resolved]\nLes temps de réponse sont revenus à la normale.\n"
            ),
        )
        .expect("incident");
    }
    for w in 1..=8 {
        let day = format!("2026-12-{:02}", w * 3);
        std::fs::write(
            root.join(format!("content/maintenance/{day}-mise-a-jour.md")),
            format!(
                "---\ntitle: Mise à jour {w}\nstarts: {day} 02:00\nends: {day} 03:00\n\
                 components: [api]\n---\nUne courte pause de l'API.\n"
            ),
        )
        .expect("maintenance");
    }
}

/// The class names a stylesheet's selectors name.
fn styled_classes(css: &str) -> BTreeSet<String> {
    let mut classes = BTreeSet::new();
    for (at, _) in css.match_indices('.') {
        let name: String = css[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            classes.insert(name);
        }
    }
    classes
}

/// The class names of a page's elements.
fn page_classes(html: &str) -> BTreeSet<String> {
    html.split("class=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_class_of_the_status_page_is_styled() {
    let site = tempfile::tempdir().expect("site");
    busy_example(site.path());
    let (_guard, out) = build_root(site.path(), NOW);
    let html = read(&out.join("index.html"));
    for part in [
        "<li class=\"day-more\">",
        "<p class=\"upcoming-more\">",
        "<summary>Un flux par service</summary>",
    ] {
        assert!(html.contains(part), "the page has {part}");
    }
    let stylesheet = html
        .split("<link rel=\"stylesheet\" href=\"/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page names its stylesheet");
    let styled = styled_classes(&read(&out.join(stylesheet)));
    let unstyled: Vec<String> = page_classes(&html)
        .into_iter()
        .filter(|class| !styled.contains(class) && !HOOKS.contains(&class.as_str()))
        .collect();
    assert!(
        unstyled.is_empty(),
        "classes of the status page without a rule in {stylesheet}: {unstyled:?}"
    );
}
