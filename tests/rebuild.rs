//! A rebuild writes over the output before last, set aside beside the output folder: a file
//! that already holds the bytes to write is left as it is, with its time; every other one
//! is written, whatever stood in its place; the output is always that of a fresh build.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{CONFIG, all_files, site, vigie};

const NOW: &str = "2026-05-01 12:00";

/// A resolved incident whose only update says `text`.
fn incident(slug: &str, text: &str) -> (String, String) {
    (
        format!("content/incidents/{slug}.md"),
        format!(
            "---\ntitle: {slug}\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [resolved]\n{text}\n"
        ),
    )
}

/// A site of two incidents, `x` and `y`.
fn two_incidents() -> tempfile::TempDir {
    let (x, y) = (incident("x", "Fixed."), incident("y", "Fixed."));
    site(&[("config.toml", CONFIG), (&x.0, &x.1), (&y.0, &y.1)])
}

/// Builds the site at `root` into its folder `output` and returns that folder.
fn build(root: &Path, output: &str) -> PathBuf {
    let out = root.join(output);
    let run = vigie(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--now",
        NOW,
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

/// Builds twice, so that the first output is set aside as `.public.vigie-new`, to be
/// written over by the next build, and returns that folder.
fn built_twice(root: &Path) -> PathBuf {
    build(root, "public");
    build(root, "public");
    let spare = root.join(".public.vigie-new");
    assert!(spare.join("incidents/x/index.html").is_file());
    spare
}

/// A time long before any build, to tell a file left as it was from one written again.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

/// Sets the time of every file under `dir` to `long_ago()`.
fn age_files(dir: &Path) {
    for (path, _) in all_files(dir) {
        let file = std::fs::File::options()
            .write(true)
            .open(dir.join(path))
            .expect("open");
        file.set_modified(long_ago()).expect("set time");
    }
}

/// The files under `dir` written since `long_ago()`.
fn written_again(dir: &Path) -> Vec<PathBuf> {
    all_files(dir)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| {
            let modified = std::fs::metadata(dir.join(path))
                .and_then(|m| m.modified())
                .expect("time");
            modified != long_ago()
        })
        .collect()
}

#[test]
fn a_rebuild_after_one_incident_changed_writes_its_pages_and_the_shared_ones_only() {
    let dir = two_incidents();
    let spare = built_twice(dir.path());
    age_files(&spare);
    let before = all_files(&spare);
    let (y, text) = incident("y", "Fixed: the cache was full.");
    std::fs::write(dir.path().join(y), text).expect("edit");
    let public = build(dir.path(), "public");
    let after = all_files(&public);
    let changed: Vec<PathBuf> = after
        .iter()
        .filter(|file| !before.contains(file))
        .map(|(path, _)| path.clone())
        .collect();
    assert_eq!(
        written_again(&public),
        changed,
        "exactly the files whose bytes changed are written"
    );
    for page in ["incidents/y/index.html", "index.html", "history.atom"] {
        assert!(
            changed.contains(&PathBuf::from(page)),
            "{page} is written again: {changed:?}"
        );
    }
    assert!(
        !changed.contains(&PathBuf::from("incidents/x/index.html")),
        "the other incident's page keeps its time"
    );
    assert!(
        after == all_files(&build(dir.path(), "fresh")),
        "the same files, byte for byte, as a build into an empty folder"
    );
}

#[test]
fn a_file_left_longer_shorter_or_with_other_bytes_of_the_same_length_is_written_again() {
    let dir = two_incidents();
    let spare = built_twice(dir.path());
    let page = |path: &str| spare.join(path);
    let bytes = std::fs::read(page("incidents/x/index.html")).expect("page");
    let mut same_length = bytes.clone();
    *same_length.last_mut().expect("not empty") ^= 1;
    std::fs::write(page("incidents/x/index.html"), same_length).expect("write");
    let bytes = std::fs::read(page("incidents/y/index.html")).expect("page");
    std::fs::write(
        page("incidents/y/index.html"),
        [&bytes[..], b"more"].concat(),
    )
    .expect("write");
    let bytes = std::fs::read(page("index.html")).expect("page");
    std::fs::write(page("index.html"), &bytes[..bytes.len() / 2]).expect("write");
    std::fs::write(page("history.rss"), "").expect("write");
    age_files(&spare);
    let public = build(dir.path(), "public");
    assert_eq!(
        written_again(&public),
        [
            "history.rss",
            "incidents/x/index.html",
            "incidents/y/index.html",
            "index.html"
        ]
        .map(PathBuf::from),
        "the four files that differ, and only them, are written"
    );
    assert!(
        all_files(&public) == all_files(&build(dir.path(), "fresh")),
        "the same files, byte for byte, as a build into an empty folder"
    );
}

#[test]
fn a_link_left_where_a_page_goes_is_replaced_by_the_page_and_never_followed() {
    let dir = two_incidents();
    let spare = built_twice(dir.path());
    let page = spare.join("incidents/x/index.html");
    let elsewhere = dir.path().join("elsewhere.html");
    std::fs::rename(&page, &elsewhere).expect("move the page away");
    std::os::unix::fs::symlink(&elsewhere, &page).expect("link");
    let gone = dir.path().join("gone.html");
    let dangling = spare.join("incidents/y/index.html");
    std::fs::remove_file(&dangling).expect("remove");
    std::os::unix::fs::symlink(&gone, &dangling).expect("link");
    let public = build(dir.path(), "public");
    for path in ["incidents/x/index.html", "incidents/y/index.html"] {
        let kind = std::fs::symlink_metadata(public.join(path)).expect("page");
        assert!(kind.is_file(), "{path} is a file of its own, not a link");
    }
    assert!(!gone.exists(), "nothing is written where a link leads");
    assert!(elsewhere.is_file());
    assert!(
        all_files(&public) == all_files(&build(dir.path(), "fresh")),
        "the same files, byte for byte, as a build into an empty folder"
    );
}
