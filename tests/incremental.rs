//! The preview's incremental rebuild (`vigie serve`): after each of a set of edits, the
//! outputs it holds are byte for byte those of a full build of the same files, and an edit
//! of one incident or maintenance window renders again only what it reaches.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use vigie::build::{Outcome, Request, render_site};
use vigie::model::Audience;
use vigie::preview::{Extent, Preview};

const NOW: &str = "2026-06-10 14:50";

/// A copy of fixture `name` in a temporary folder, and its absolute path.
fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = std::fs::canonicalize(dir.path()).expect("absolute path");
    let from = common::fixture(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("fixture file");
        let to = root.join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("folder");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    (dir, root)
}

fn request(root: &Path) -> Request<'_> {
    Request {
        root,
        base_url: None,
        now: Some(NOW),
        strict: false,
        audience: Audience::Public,
    }
}

/// Every output of a full build of the site at `root`, by path.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let (diagnostics, outcome) = render_site(&request(root));
    let Outcome::Rendered(outputs) = outcome else {
        panic!("the site does not build: {diagnostics:?}");
    };
    outputs
        .into_iter()
        .map(|o| (o.path.to_string_lossy().into_owned(), o.bytes))
        .collect()
}

/// Rebuilds `preview` after `changed` files changed, and checks that it now holds exactly
/// what a full build gives. Returns what the rebuild rendered.
fn rebuild_matches_full_build(preview: &mut Preview, root: &Path, changed: &[&str]) -> Extent {
    let changed: BTreeSet<PathBuf> = changed.iter().map(|p| root.join(p)).collect();
    let (diagnostics, outcome, extent) = preview.rebuild(&request(root), &changed);
    assert!(
        matches!(outcome, Outcome::Rendered(_)),
        "the preview does not build: {diagnostics:?}"
    );
    let held: BTreeMap<String, Vec<u8>> = preview
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let expected = full_build(root);
    let held_paths: Vec<&String> = held.keys().collect();
    let expected_paths: Vec<&String> = expected.keys().collect();
    assert_eq!(held_paths, expected_paths, "after a change to {changed:?}");
    for (path, bytes) in &expected {
        assert!(
            held[path] == *bytes,
            "{path} differs from a full build after a change to {changed:?}"
        );
    }
    extent
}

fn edit(root: &Path, path: &str, change: impl FnOnce(String) -> String) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(&file, change(text)).expect("file written");
}

/// The number of outputs an incident's change renders again on the busy fixture: the
/// shared pages, and the incident's page.
fn partial(extent: Extent) -> usize {
    match extent {
        Extent::Partial(count) => count,
        Extent::Full => panic!("a full rebuild where a partial one was expected"),
    }
}

#[test]
fn each_edit_gives_the_output_of_a_full_build() {
    let (_guard, root) = copy_of("busy");
    let mut preview = Preview::new();
    assert_eq!(
        rebuild_matches_full_build(&mut preview, &root, &[]),
        Extent::Full
    );
    let everything = preview.files.len();

    // An incident changes: a new update, which changes its status everywhere.
    edit(&root, "content/incidents/search-slow.md", |text| {
        text + "\n### 14:40 [resolved]\nSearch is fast again.\n"
    });
    let changed = partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/incidents/search-slow.md"],
    ));
    assert!(changed < everything, "{changed} of {everything} rendered");

    // An incident is added.
    edit(&root, "content/incidents/login-errors.md", |_| {
        "---\ntitle: Login errors\nimpact: major\nstarted: 2026-06-10 14:20\ncomponents:\n  accounts: partial_outage\n---\n\n## Updates\n\n### 14:25 [investigating, next 15:00]\nSome customers cannot sign in.\n".to_string()
    });
    partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/incidents/login-errors.md"],
    ));

    // An incident is removed.
    std::fs::remove_file(root.join("content/incidents/webhooks-delayed.md")).expect("removed");
    partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/incidents/webhooks-delayed.md"],
    ));
    assert!(
        !preview
            .files
            .contains_key("incidents/webhooks-delayed/index.html")
    );

    // A maintenance window moves.
    edit(&root, "content/maintenance/email-provider.md", |text| {
        text.replace("ends: 2026-06-10 16:00", "ends: 2026-06-10 17:30")
    });
    partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/maintenance/email-provider.md"],
    ));

    // The configuration changes: everything is rendered again.
    edit(&root, "config.toml", |text| {
        text.replace("Northwind status", "Northwind service status")
    });
    assert_eq!(
        rebuild_matches_full_build(&mut preview, &root, &["config.toml"]),
        Extent::Full
    );
}

#[test]
fn a_failed_build_in_between_keeps_the_changes_for_the_next_one() {
    let (_guard, root) = copy_of("busy");
    let mut preview = Preview::new();
    rebuild_matches_full_build(&mut preview, &root, &[]);
    let file = "content/incidents/checkout-down.md";
    edit(&root, file, |text| {
        text.replace("impact: critical", "impact: huge")
    });
    let (_, outcome, _) = preview.rebuild(&request(&root), &BTreeSet::from([root.join(file)]));
    assert!(matches!(outcome, Outcome::Invalid));
    edit(&root, file, |text| {
        text.replace("impact: huge", "impact: major")
            .replace("Checkout unavailable", "Checkout down")
    });
    // The second change names the file again; a change elsewhere would not, and the first
    // change must still be rendered.
    partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/incidents/search-slow.md"],
    ));
    let page =
        String::from_utf8_lossy(&preview.files["incidents/checkout-down/index.html"]).into_owned();
    assert!(page.contains("Checkout down"));
}

#[test]
fn a_picture_beside_an_incident_reaches_its_folder() {
    let (_guard, root) = copy_of("bundle");
    let mut preview = Preview::new();
    rebuild_matches_full_build(&mut preview, &root, &[]);
    edit(&root, "content/incidents/with-image/graph.svg", |text| {
        text.replace("</svg>", "<!-- redrawn --></svg>")
    });
    partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/incidents/with-image/graph.svg"],
    ));
}
