//! What `vigie check` says about raw HTML that clients would see as typed, wherever it is
//! written: the line quoted as clients read it, in an update's later lines, in a maintenance
//! window's text, and a comment in a field shown as written.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, site, vigie};

const HINT: &str = "  hint: write it in backticks to show it as code; vigie keeps only inline tags such as <b>, <sup> or <kbd>\n";

/// `vigie check` of a site with these content files: (exit code, stderr).
fn check(files: &[(&str, &str)]) -> (i32, String) {
    let mut all = vec![("config.toml", CONFIG)];
    all.extend_from_slice(files);
    let dir = site(&all);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root, "--now", "2026-05-01T12:00+02:00"]);
    (run.code, run.stderr)
}

fn incident(updates: &str) -> String {
    format!(
        "---\ntitle: Reports late\nimpact: minor\nstarted: 2026-05-01 10:00\ncomponents:\n  api: degraded_performance\n---\n## Updates\n### 10:05 [investigating]\n{updates}"
    )
}

#[test]
fn the_warning_quotes_the_tag_s_own_line_cut_after_80_characters() {
    let long =
        "Some customers see a blank <script> error on the report page while the export runs late.";
    let exactly_80 = format!("{} <object> {}", "x".repeat(60), "y".repeat(10));
    assert_eq!(exactly_80.chars().count(), 80);
    let text = format!("Looking.\n{long}\n{exactly_80}\nNext update by 11:00.\n");
    let (code, stderr) = check(&[("content/incidents/x.md", &incident(&text))]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "warning: content/incidents/x.md:11:28: update: `<script>` is not HTML vigie publishes: it is shown as typed, \"Some customers see a blank <script> error on the report page while the export ru…\"\n{HINT}warning: content/incidents/x.md:12:62: update: `<object>` is not HTML vigie publishes: it is shown as typed, \"{exactly_80}\"\n{HINT}0 errors, 2 warnings\n"
        )
    );
}

#[test]
fn raw_html_in_a_maintenance_window_is_warned_about() {
    let window = "---\ntitle: Database upgrade\nstarts: 2026-05-08 22:00\nends: 2026-05-08 23:30\ncomponents: [api]\n---\nThe <iframe> dashboard may pause.\n";
    let (code, stderr) = check(&[("content/maintenance/db.md", window)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "warning: content/maintenance/db.md:7:5: description: `<iframe>` is not HTML vigie publishes: it is shown as typed, \"The <iframe> dashboard may pause.\"\n{HINT}0 errors, 1 warning\n"
        )
    );
}

#[test]
fn a_comment_in_a_public_timeline_entry_s_who_is_refused() {
    let text = "Looking.\n\n## Timeline\n\n- 10:30 [message, CSM <!-- Paul -->, public] Called the client.\n";
    let (code, stderr) = check(&[("content/incidents/x.md", &incident(text))]);
    assert_eq!(code, 1, "{stderr}");
    // The line of the entry; the column is the entry's, not the comment's.
    assert!(
        stderr.contains("error: content/incidents/x.md:14:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(": timeline: a comment here would be shown to clients as typed\n  hint: comments belong in the text below the front matter; remove it from here\n"),
        "{stderr}"
    );
}
