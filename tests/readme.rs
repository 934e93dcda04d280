//! The README's five-minute walkthrough, run as written: its commands are read from the
//! README itself and run on a copy of the example site, on several dates.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{Duration, NaiveDateTime};

/// The `vigie` commands of the README's walkthrough, in order, each split into its words.
fn walkthrough() -> Vec<Vec<String>> {
    let readme = common::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    let start = readme
        .find("## Five minutes for a CSM")
        .expect("the walkthrough");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut commands = Vec::new();
    let mut in_shell = false;
    for line in section.lines() {
        match line.trim() {
            "```sh" => in_shell = true,
            "```" => in_shell = false,
            command if in_shell && command.starts_with("vigie ") => {
                commands.push(shell_words(command));
            }
            _ => {}
        }
    }
    commands
}

/// The words of a shell command line: double-quoted words kept whole, a comment dropped.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            '#' if !quoted && word.is_none() => break,
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The example site (config.toml and content/) in a fresh temporary folder.
fn example_copy() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(root.join("config.toml"), dir.path().join("config.toml")).expect("config");
    common::copy(&root.join("content"), &dir.path().join("content"));
    dir
}

/// Runs `words` (a README command, `vigie` first) in `site`, with `now` added when given.
fn run(site: &Path, words: &[String], now: Option<&str>) -> common::Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vigie"));
    command.current_dir(site).args(&words[1..]);
    if let Some(now) = now {
        command.args(["--now", now]);
    }
    let output = command.output().expect("vigie runs");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every command of the walkthrough on a copy of the example, each a few minutes after the
/// one before from `start` (or on the real clock), then the postmortem published.
fn walk(start: Option<&str>) {
    let commands = walkthrough();
    assert!(
        commands.len() >= 6,
        "the walkthrough's commands: {commands:?}"
    );
    let site = example_copy();
    let start = start.map(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("a time"));
    let at = |n: i64| {
        start.map(|s| {
            (s + Duration::minutes(5 * n))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
    };
    let mut created = None;
    for (n, words) in commands.iter().enumerate() {
        let now = at(n as i64);
        let ran = run(site.path(), words, now.as_deref());
        assert_eq!(
            ran.code,
            0,
            "`{}` at {now:?}:\n{}",
            words.join(" "),
            ran.stderr
        );
        if words[1] == "new" {
            let path = ran
                .stdout
                .lines()
                .next()
                .expect("the file created")
                .to_string();
            assert!(path.ends_with("-api-lente.md"), "{}", ran.stdout);
            created = Some(path);
        }
        if words[1] == "message" {
            assert!(ran.stdout.starts_with("Objet : "), "{}", ran.stdout);
        }
        assert!(
            words[1] == "message" || ran.stdout.contains("push to publish"),
            "says what to do next: {}",
            ran.stdout
        );
    }
    let created = created.expect("an incident was created");
    let file = site.path().join(&created);
    let text = common::read(&file);
    assert!(
        text.contains("[résolu]\nLes temps de réponse sont revenus à la normale.\n"),
        "{text}"
    );
    std::fs::write(
        &file,
        text.replace("postmortem: brouillon", "postmortem: publié"),
    )
    .expect("publish the postmortem");
    let now = at(commands.len() as i64);
    let build = run(
        site.path(),
        &["vigie".into(), "build".into()],
        now.as_deref(),
    );
    assert_eq!(build.code, 0, "{}", build.stderr);
    let slug = created
        .trim_start_matches("content/incidents/")
        .trim_end_matches(".md");
    assert!(
        site.path()
            .join(format!("public/incidents/{slug}/postmortem/index.html"))
            .is_file()
    );
}

#[test]
fn the_walkthrough_works_the_morning_of_the_example() {
    walk(Some("2026-11-23 10:40"));
}

#[test]
fn the_walkthrough_works_months_later_across_midnight() {
    walk(Some("2027-03-15 23:50"));
}

#[test]
fn the_walkthrough_works_today() {
    walk(None);
}

#[test]
fn shell_words_keep_quotes_and_drop_comments() {
    assert_eq!(
        shell_words("vigie message api-lente --channel email     # an e-mail"),
        ["vigie", "message", "api-lente", "--channel", "email"]
    );
    assert_eq!(
        shell_words("vigie resolve api-lente \"Fini : tout va bien.\""),
        ["vigie", "resolve", "api-lente", "Fini : tout va bien."]
    );
}
