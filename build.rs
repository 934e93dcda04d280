//! Build script: the commit `vigie --version` reports, as `VIGIE_COMMIT`.
//!
//! From a crate packaged by `cargo package` (what `cargo install vigie` builds), the commit
//! is the one cargo recorded in `.cargo_vcs_info.json`; from a git checkout, git's `HEAD`;
//! otherwise `unknown`.

use std::path::Path;
use std::process::Command;

fn main() {
    watch(".cargo_vcs_info.json");
    let commit = packaged_commit()
        .or_else(checkout_commit)
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=VIGIE_COMMIT={commit}");
}

/// The commit `cargo package` wrote into the packaged crate: `"sha1": "<40 hex digits>"`.
fn packaged_commit() -> Option<String> {
    let info = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    let after = info.split("\"sha1\"").nth(1)?;
    let sha: String = after
        .trim_start_matches([' ', ':', '"'])
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (sha.len() == 40).then(|| sha[..12].to_string())
}

/// The checkout's `HEAD`.
fn checkout_commit() -> Option<String> {
    watch_git_head();
    git(&["rev-parse", "--short=12", "HEAD"])
}

/// Rebuild when `HEAD` moves: on a new commit or another branch.
fn watch_git_head() {
    for file in ["HEAD", "packed-refs"] {
        if let Some(path) = git(&["rev-parse", "--git-path", file]) {
            watch(&path);
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &branch])
    {
        watch(&path);
    }
}

/// Rebuild when `path` changes or goes, if it is there: cargo takes a missing path as
/// changed, so watching one would rebuild the crate on every cargo command.
fn watch(path: &str) {
    if Path::new(path).exists() {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// A git command's trimmed output, if git is there and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}
