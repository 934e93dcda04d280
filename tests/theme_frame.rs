//! The frame every page shares (head, header, footer) comes from `partials/frame.html`,
//! rendered once per build and written by `base.html` around each page: a site sees the
//! same pages as when `base.html` held it all, and its own frame on every page.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot set up its site fails"
)]

mod common;

use std::path::Path;

use common::{all_files, build_root, copy_of, fixture};

/// A site with an incident under way (pages that reload themselves) and resolved ones.
const SITE: &str = "ongoing-en";
const NOW: &str = "2026-03-02 10:00";

fn theme_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    std::fs::read_to_string(&path).expect("the default theme's template")
}

/// The text of block `name` of `partials/frame.html`.
fn frame_block(frame: &str, name: &str) -> String {
    let start = format!("{{% block {name} %}}");
    let end = format!("{{% endblock {name} %}}");
    let from = frame.find(&start).expect("the block opens") + start.len();
    let to = frame.find(&end).expect("the block closes");
    frame[from..to].to_string()
}

/// `base.html` with each frame block written in place, as it was before the frame.
fn base_without_frame() -> String {
    let frame = theme_file("partials/frame.html");
    let mut base = theme_file("base.html");
    for block in ["page_start", "head_links", "body_start", "page_end"] {
        let written = format!("{{{{ site.frame.{block} | safe }}}}");
        assert!(base.contains(&written), "base.html writes {block}");
        base = base.replace(&written, &frame_block(&frame, block));
    }
    base
}

#[test]
fn pages_are_those_of_a_base_that_holds_the_whole_frame() {
    let (_default_guard, default) = build_root(&fixture(SITE), NOW);
    let site = copy_of(&fixture(SITE));
    std::fs::create_dir_all(site.path().join("templates")).expect("templates folder");
    std::fs::write(
        site.path().join("templates/base.html"),
        base_without_frame(),
    )
    .expect("base.html written");
    let (_guard, whole) = build_root(site.path(), NOW);
    let default_files = all_files(&default);
    let pages = default_files
        .iter()
        .filter(|(path, bytes)| {
            path.extension().is_some_and(|e| e == "html")
                && String::from_utf8_lossy(bytes).contains("<footer class=\"site-footer\">")
        })
        .count();
    assert!(pages > 5, "only {pages} pages with the frame");
    assert!(
        default_files.iter().any(|(_, bytes)| {
            String::from_utf8_lossy(bytes).contains("http-equiv=\"refresh\"")
        }),
        "a page reloads itself"
    );
    assert_eq!(default_files, all_files(&whole));
}

#[test]
fn a_site_that_writes_its_own_frame_sees_it_on_every_page() {
    let frame = theme_file("partials/frame.html").replace(
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\"><p>Our own footer for {{ site.title }}</p>",
    );
    let site = copy_of(&fixture(SITE));
    std::fs::create_dir_all(site.path().join("templates/partials")).expect("templates folder");
    std::fs::write(site.path().join("templates/partials/frame.html"), frame)
        .expect("frame written");
    let (_guard, out) = build_root(site.path(), NOW);
    let mut pages = 0;
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        if path.extension().is_some_and(|e| e == "html") && text.contains("</footer>") {
            assert_eq!(
                text.matches("<p>Our own footer for ").count(),
                1,
                "{}",
                path.display()
            );
            pages += 1;
        }
    }
    assert!(pages > 5, "only {pages} pages");
}
