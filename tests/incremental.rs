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

/// The components of the site `long_history` writes.
const COMPONENTS: [&str; 4] = ["web", "api", "search", "email"];

/// `long_history(count)` and a preview that rendered it whole, checked against a full
/// build.
fn previewed_history(count: usize) -> (tempfile::TempDir, PathBuf, Preview) {
    let (guard, root) = long_history(count);
    let mut preview = Preview::new();
    rebuild_matches_full_build(&mut preview, &root, &[]);
    (guard, root, preview)
}

/// A site of `count` resolved incidents, one a day back from 9 June 2026 (`incident-000`
/// the newest), each touching one or two of four components, every fifth with a published
/// postmortem and five open action items; and one maintenance window of 20 May: `count +
/// 1` entries of history, 50 a page.
fn long_history(count: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = std::fs::canonicalize(dir.path()).expect("absolute path");
    std::fs::create_dir_all(root.join("content/incidents")).expect("folder");
    std::fs::create_dir_all(root.join("content/maintenance")).expect("folder");
    let mut config = String::from(
        "title = \"Long history\"\nbase_url = \"https://status.long.example/\"\nlanguage = \"en\"\ntimezone = \"Europe/Paris\"\ncadence = \"1h\"\n",
    );
    for id in COMPONENTS {
        config.push_str(&format!(
            "\n[[components]]\nid = \"{id}\"\nname = \"{id}\"\n"
        ));
    }
    std::fs::write(root.join("config.toml"), config).expect("config.toml");
    for n in 0..count {
        std::fs::write(root.join(incident_file(n)), incident_text(n)).expect("incident");
    }
    std::fs::write(
        root.join("content/maintenance/network.md"),
        "---\ntitle: Network upgrade\nstarts: 2026-05-20 22:00\nends: 2026-05-20 23:00\ncomponents: [api]\n---\nA short pause.\n\n## Updates\n\n### 2026-05-18 09:00 [scheduled]\nPlanned.\n\n### 2026-05-20 23:00 [completed]\nDone.\n",
    )
    .expect("maintenance");
    (dir, root)
}

fn incident_file(n: usize) -> String {
    format!("content/incidents/incident-{n:03}.md")
}

/// The day incident `n` of `long_history` started: `n` days before 9 June 2026.
fn day_of(n: usize) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 9).expect("a date")
        - chrono::Duration::days(i64::try_from(n).expect("a day"));
    day.to_string()
}

fn incident_text(n: usize) -> String {
    let day = day_of(n);
    let mut components = format!("  {}: degraded_performance\n", COMPONENTS[n % 4]);
    if n.is_multiple_of(3) {
        components += &format!("  {}: partial_outage\n", COMPONENTS[(n + 1) % 4]);
    }
    let published = n.is_multiple_of(5);
    let mut text = format!(
        "---\ntitle: Incident {n}\nimpact: minor\nstarted: {day} 10:00\ncomponents:\n{components}{}---\n\n## Updates\n\n### {day} 10:05 [investigating]\nSomething is slow.\n\n### {day} 11:00 [resolved]\nAll is well again.\n",
        if published {
            "postmortem: published\n"
        } else {
            ""
        }
    );
    if published {
        text += "\n## Summary\n\nA queue backed up.\n\n## Action items\n\n";
        for k in 1..=5 {
            text += &format!("- [ ] Alert {n}.{k} [owner: SRE, due: 2026-09-01]\n");
        }
    }
    text
}

/// The shared outputs every save of an item renders again: the pages that show every
/// item, or the latest ones (the status page, the API, the site's feeds, reliability).
fn always_rendered() -> Vec<String> {
    let mut paths: Vec<String> = [
        "index.html",
        "reliability/index.html",
        "history.atom",
        "history.rss",
    ]
    .map(String::from)
    .to_vec();
    paths.extend(vigie::plan::ApiFile::ALL.map(|file| file.path().to_string()));
    paths
}

fn sorted(mut paths: Vec<String>) -> Vec<String> {
    paths.sort();
    paths
}

#[test]
fn a_save_of_an_old_incident_renders_its_page_and_the_pages_that_list_it() {
    let (_guard, root, mut preview) = previewed_history(120);
    let everything = preview.files.len();
    // Incident 101 is on the third history page, touches the api component only, and has
    // no action items.
    let file = incident_file(101);
    edit(&root, &file, |text| {
        text.replace("Something is slow.", "Searches are slow.")
    });
    let count = partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    let mut expected = always_rendered();
    expected.extend(
        [
            "incidents/incident-101/index.html",
            "history/page/3/index.html",
            "history/api.atom",
            "history/api.rss",
        ]
        .map(String::from),
    );
    assert_eq!(preview.rendered(), sorted(expected));
    // What `vigie serve` prints after the save.
    assert_eq!(
        format!("{count} of {everything} files rendered again"),
        "16 of 183 files rendered again"
    );
}

#[test]
fn an_incident_moved_to_another_history_page_renders_the_pages_between() {
    let (_guard, root, mut preview) = previewed_history(120);
    // From the third page to the first: every page between shifts by one.
    let file = incident_file(110);
    edit(&root, &file, |text| {
        text.replace(&day_of(110), "2026-06-09")
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    assert_history_pages_rendered(
        &preview,
        &["history/", "history/page/2/", "history/page/3/"],
    );
    // Within the same page, a few hours later: that page only.
    edit(&root, &file, |text| {
        text.replace("started: 2026-06-09 10:00", "started: 2026-06-09 09:30")
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    let pages: Vec<&String> = (preview.rendered().iter())
        .filter(|path| path.starts_with("history/") && path.ends_with(".html"))
        .collect();
    assert_eq!(pages, ["history/index.html"]);
}

#[test]
fn an_item_added_or_removed_shifts_every_history_page_and_can_end_one() {
    // 100 incidents and a maintenance window: three pages, the last with one entry.
    let (_guard, root, mut preview) = previewed_history(100);
    assert!(preview.files.contains_key("history/page/3/index.html"));

    // A new incident, the newest: every entry moves one place down.
    let added = "content/incidents/newest.md";
    edit(&root, added, |_| {
        "---\ntitle: Newest\nimpact: major\nstarted: 2026-06-10 09:00\ncomponents:\n  web: major_outage\n---\n\n## Updates\n\n### 09:05 [investigating, next 15:00]\nThe site is down.\n".to_string()
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[added]));
    assert_history_pages_rendered(
        &preview,
        &["history/", "history/page/2/", "history/page/3/"],
    );

    // Removed again, and the maintenance window too: two pages are left.
    std::fs::remove_file(root.join(added)).expect("removed");
    partial(rebuild_matches_full_build(&mut preview, &root, &[added]));
    let window = "content/maintenance/network.md";
    std::fs::remove_file(root.join(window)).expect("removed");
    partial(rebuild_matches_full_build(&mut preview, &root, &[window]));
    assert!(!preview.files.contains_key("history/page/3/index.html"));
    assert!(preview.rendered().contains(&"maintenance.ics".to_string()));
}

#[test]
fn a_change_of_components_renders_the_feeds_of_both() {
    let (_guard, root, mut preview) = previewed_history(120);
    // Incident 2 touches the search component only; now email instead.
    let file = incident_file(2);
    edit(&root, &file, |text| {
        text.replace(
            "search: degraded_performance",
            "email: degraded_performance",
        )
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    let feeds: Vec<&String> = (preview.rendered().iter())
        .filter(|path| path.starts_with("history/") && !path.ends_with(".html"))
        .collect();
    assert_eq!(
        feeds,
        [
            "history/email.atom",
            "history/email.rss",
            "history/search.atom",
            "history/search.rss"
        ]
    );
}

#[test]
fn action_items_added_and_closed_render_their_pages() {
    // 20 published postmortems with 5 open action items each: one page of 100.
    let (_guard, root, mut preview) = previewed_history(100);
    let pages = |preview: &Preview| -> Vec<String> {
        (preview.rendered().iter())
            .filter(|path| path.starts_with("action-items/"))
            .cloned()
            .collect()
    };

    // A change to an incident without action items leaves their page as it was.
    let plain = incident_file(1);
    edit(&root, &plain, |text| text.replace("slow", "very slow"));
    partial(rebuild_matches_full_build(&mut preview, &root, &[&plain]));
    assert_eq!(pages(&preview), Vec::<String>::new());

    // One more: a second page.
    let file = incident_file(5);
    edit(&root, &file, |text| {
        text + "- [ ] Alert 5.6 [owner: SRE, due: 2026-07-01]\n"
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    assert_eq!(
        pages(&preview),
        ["action-items/index.html", "action-items/page/2/index.html"]
    );

    // Two closed: one page again.
    edit(&root, &file, |text| {
        text.replace("- [ ] Alert 5.6", "- [x] Alert 5.6")
            .replace("- [ ] Alert 5.1", "- [x] Alert 5.1")
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    assert_eq!(pages(&preview), ["action-items/index.html"]);
    assert!(!preview.files.contains_key("action-items/page/2/index.html"));

    // An incident with action items whose title changes: the pages name it.
    let titled = incident_file(10);
    edit(&root, &titled, |text| {
        text.replace("title: Incident 10", "title: Queue backed up")
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&titled]));
    assert_eq!(pages(&preview), ["action-items/index.html"]);
}

/// Asserts that the last rebuild rendered each of the history `pages` (their folders).
fn assert_history_pages_rendered(preview: &Preview, pages: &[&str]) {
    for page in pages {
        let path = format!("{page}index.html");
        assert!(preview.rendered().contains(&path), "{path} not rendered");
    }
}

#[test]
fn incidents_moved_into_and_out_of_the_uptime_bars_give_the_full_build() {
    // The bars cover 90 days back from 10 June: from 13 March, incident 88's day.
    let (_guard, root, mut preview) = previewed_history(120);
    // Outside the bars: a change of words, then moved into them, and out again.
    let file = incident_file(100);
    edit(&root, &file, |text| text.replace("slow", "very slow"));
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    edit(&root, &file, |text| {
        text.replace(&day_of(100), "2026-05-01")
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    edit(&root, &file, |text| {
        text.replace("2026-05-01", "2025-12-01")
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    // Started before the bars and resolved in them: it colours their first days.
    let file = incident_file(109);
    edit(&root, &file, |text| {
        text.replace(
            &format!("### {} 11:00", day_of(109)),
            "### 2026-03-15 11:00",
        )
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    // Never resolved: every bar of its component.
    edit(&root, &file, |text| {
        text.replace(
            "### 2026-03-15 11:00 [resolved]",
            "### 2026-03-15 11:00 [monitoring]",
        )
    });
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    // The first day of the bars, and the day before it.
    let file = incident_file(88);
    edit(&root, &file, |text| text.replace(&day_of(88), &day_of(89)));
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
    edit(&root, &file, |text| text.replace(&day_of(89), &day_of(88)));
    partial(rebuild_matches_full_build(&mut preview, &root, &[&file]));
}
