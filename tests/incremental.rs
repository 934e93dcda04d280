//! The preview's incremental rebuild (`vigie serve`): after each of a set of edits, the
//! outputs it holds are byte for byte those of a full build of the same files at the same
//! clock, its diagnostics are printed as a full check prints them, and an edit of one
//! incident or maintenance window reads, checks and renders again only what it reaches.

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
    at(root, NOW)
}

fn at<'a>(root: &'a Path, now: &'a str) -> Request<'a> {
    Request {
        root,
        base_url: None,
        now: Some(now),
        strict: false,
        audience: Audience::Public,
    }
}

/// Every output of a full build of the site at `root`, by path.
fn full_build(request: &Request<'_>) -> BTreeMap<String, Vec<u8>> {
    let (diagnostics, outcome) = render_site(request);
    let Outcome::Rendered(outputs) = outcome else {
        panic!("the site does not build: {diagnostics:?}");
    };
    outputs
        .into_iter()
        .map(|o| (o.path.to_string_lossy().into_owned(), o.bytes))
        .collect()
}

/// The diagnostics as `vigie check` and `vigie serve` print them.
fn printed(diagnostics: &vigie::diagnostic::Diagnostics) -> String {
    let mut out = Vec::new();
    vigie::diagnostic::report(diagnostics, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Rebuilds `preview` after `changed` files changed, and checks that it prints what a full
/// check prints and holds exactly what a full build gives. Returns what it rendered.
fn rebuild_matches_full_build(preview: &mut Preview, root: &Path, changed: &[&str]) -> Extent {
    rebuild_at_matches_full_build(preview, &request(root), changed)
}

fn rebuild_at_matches_full_build(
    preview: &mut Preview,
    request: &Request<'_>,
    changed: &[&str],
) -> Extent {
    let root = request.root;
    let changed: BTreeSet<PathBuf> = changed.iter().map(|p| root.join(p)).collect();
    let (diagnostics, outcome, extent) = preview.rebuild(request, &changed);
    assert!(
        matches!(outcome, Outcome::Rendered(_)),
        "the preview does not build: {diagnostics:?}"
    );
    let (checked, _) = render_site(request);
    assert_eq!(
        printed(&diagnostics),
        printed(&checked),
        "after a change to {changed:?}"
    );
    let held: BTreeMap<String, Vec<u8>> = preview
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let expected = full_build(request);
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

#[test]
fn a_save_reads_only_the_saved_file() {
    let (_guard, root) = copy_of("busy");
    let mut preview = Preview::new();
    rebuild_matches_full_build(&mut preview, &root, &[]);
    assert!(preview.timings().read_everything);
    edit(&root, "content/incidents/search-slow.md", |text| {
        text + "\n### 14:45 [monitoring]\nA fix is out.\n"
    });
    partial(rebuild_matches_full_build(
        &mut preview,
        &root,
        &["content/incidents/search-slow.md"],
    ));
    let timings = preview.timings();
    assert!(!timings.read_everything);
    assert_eq!(timings.files_read, 1);
}

#[test]
fn saves_in_two_minutes_give_each_minutes_build() {
    let (_guard, root) = copy_of("busy");
    let mut preview = Preview::new();
    rebuild_at_matches_full_build(&mut preview, &at(&root, "2026-06-10 14:50"), &[]);
    let file = "content/incidents/search-slow.md";
    edit(&root, file, |text| {
        text + "\n### 14:45 [monitoring]\nA fix is out.\n"
    });
    partial(rebuild_at_matches_full_build(
        &mut preview,
        &at(&root, "2026-06-10 14:50"),
        &[file],
    ));
    // A save in the next minute, the clock not yet followed: everything is rendered at it.
    edit(&root, file, |text| text + "\nStill fine.\n");
    assert_eq!(
        rebuild_at_matches_full_build(&mut preview, &at(&root, "2026-06-10 14:51"), &[file]),
        Extent::Full
    );
    // `vigie serve` renders again at each new minute (no file changed), so that a save in
    // that minute renders only what it reaches. The late update's warning moves with it.
    assert_eq!(
        rebuild_at_matches_full_build(&mut preview, &at(&root, "2026-06-10 15:32"), &[]),
        Extent::Full
    );
    edit(&root, file, |text| text + "\nStill fine at 15:32.\n");
    partial(rebuild_at_matches_full_build(
        &mut preview,
        &at(&root, "2026-06-10 15:32"),
        &[file],
    ));
}

#[test]
fn an_error_and_its_fix_are_reported_as_a_full_check_reports_them() {
    let (_guard, root) = copy_of("busy");
    let mut preview = Preview::new();
    rebuild_matches_full_build(&mut preview, &root, &[]);
    let file = "content/incidents/search-slow.md";
    let written = std::fs::read_to_string(root.join(file)).expect("read");
    // An error the checks find (the item loads), then one that keeps the file out.
    let errors = [
        written.clone() + "\n### 2026-06-01 09:00 [identified]\nBefore it started.\n",
        written.replace("impact:", "impact: huge\nwas:"),
    ];
    for wrong in errors {
        std::fs::write(root.join(file), &wrong).expect("written");
        let (diagnostics, outcome, _) =
            preview.rebuild(&request(&root), &BTreeSet::from([root.join(file)]));
        assert!(matches!(outcome, Outcome::Invalid), "{diagnostics:?}");
        let (checked, full) = render_site(&request(&root));
        assert!(matches!(full, Outcome::Invalid));
        assert_eq!(printed(&diagnostics), printed(&checked));
        assert!(printed(&diagnostics).contains("error: content/incidents/search-slow.md"));
    }
    std::fs::write(root.join(file), &written).expect("written");
    partial(rebuild_matches_full_build(&mut preview, &root, &[file]));
}

#[test]
fn a_renamed_file_a_new_window_and_a_second_file_of_one_name() {
    let (_guard, root) = copy_of("busy");
    let mut preview = Preview::new();
    rebuild_matches_full_build(&mut preview, &root, &[]);
    // Renamed: the old address goes, the new one comes.
    let (from, to) = (
        "content/incidents/search-slow.md",
        "content/incidents/search-latency.md",
    );
    std::fs::rename(root.join(from), root.join(to)).expect("renamed");
    partial(rebuild_matches_full_build(&mut preview, &root, &[from, to]));
    assert!(
        !preview
            .files
            .contains_key("incidents/search-slow/index.html")
    );
    assert!(
        preview
            .files
            .contains_key("incidents/search-latency/index.html")
    );

    // A new maintenance window.
    let window = "content/maintenance/database-upgrade.md";
    edit(&root, window, |_| {
        "---\ntitle: Database upgrade\nstarts: 2026-06-12 22:00\nends: 2026-06-12 23:00\ncomponents: [accounts]\n---\n\nA short pause of sign-ins.\n".to_string()
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[window]));
    assert!(
        preview
            .files
            .contains_key("maintenance/database-upgrade/index.html")
    );

    // A folder of the same name as a file: both are reported, as a full check does.
    let twin = "content/incidents/search-latency/index.md";
    std::fs::create_dir_all(root.join("content/incidents/search-latency")).expect("folder");
    std::fs::copy(root.join(to), root.join(twin)).expect("copied");
    let (diagnostics, outcome, _) =
        preview.rebuild(&request(&root), &BTreeSet::from([root.join(twin)]));
    assert!(matches!(outcome, Outcome::Invalid), "{diagnostics:?}");
    let (checked, _) = render_site(&request(&root));
    assert_eq!(printed(&diagnostics), printed(&checked));
    assert!(printed(&diagnostics).contains("is also the name of"));
    std::fs::remove_file(root.join(twin)).expect("removed");
    partial(rebuild_matches_full_build(&mut preview, &root, &[twin]));

    // An editor's backup beside the files: noted as a full check notes it.
    let backup = "content/incidents/search-latency.md~";
    std::fs::copy(root.join(to), root.join(backup)).expect("copied");
    partial(rebuild_matches_full_build(&mut preview, &root, &[backup]));
    std::fs::remove_file(root.join(backup)).expect("removed");
    partial(rebuild_matches_full_build(&mut preview, &root, &[backup]));
}
