//! Helpers shared by the end-to-end tests: run the real `vigie` binary on a site.

#![allow(dead_code, reason = "each test file uses a different subset")]
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test helper that cannot do its job fails the test"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `vigie` printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `vigie ARGS` and captures its output.
pub fn vigie(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .output()
        .expect("vigie runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds a fixture into a fresh temporary folder and returns it (kept alive by the guard).
pub fn build_fixture(name: &str, now: &str) -> (tempfile::TempDir, PathBuf) {
    build_root(&fixture(name), now)
}

/// Builds the site at `root` into a fresh temporary folder, with the clock at `now`.
pub fn build_root(root: &Path, now: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let run = vigie(&[
        "build",
        "--root",
        root.to_str().expect("utf-8 path"),
        "--output",
        out.to_str().expect("utf-8 path"),
        "--now",
        now,
    ]);
    assert_eq!(
        run.code,
        0,
        "build of {} failed:\n{}",
        root.display(),
        run.stderr
    );
    (dir, out)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The HTML of the element that starts at `marker`, up to its closing `</li>`.
pub fn item<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in page"));
    let end = html[start..]
        .find("</li>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Every file under `dir`, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("readable");
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                bytes,
            )
        })
        .collect();
    files.sort();
    files
}

/// A copy of the folder `from` in a fresh temporary folder.
pub fn copy_of(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy(from, dir.path());
    dir
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("entry");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of fixture `name` as it stood before the files `later` were written: the
/// incidents that had not started yet removed, so that the site builds at an earlier clock.
pub fn fixture_without(name: &str, later: &[&str]) -> tempfile::TempDir {
    let dir = copy_of(&fixture(name));
    for path in later {
        std::fs::remove_file(dir.path().join(path)).expect("remove a later file");
    }
    dir
}

/// A site written from `(path, text)` pairs into a temporary folder.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }
    dir
}

pub const CONFIG: &str = r#"title = "Test status"
base_url = "https://status.example.com/"
language = "en"
timezone = "Europe/Paris"

[[components]]
id = "api"
name = "API"

[[components]]
id = "web"
name = "Web app"
"#;

/// The text a reader sees in an HTML page or fragment: tags removed, the common entities
/// decoded, runs of whitespace made one space.
pub fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}
