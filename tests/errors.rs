//! Every kind of content error, with the exact message a user reads: file:line:col, field,
//! what was expected and a hint. Exit code 1, nothing written.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, all_files, site, vigie};

/// Checks a one-incident site and returns stderr, asserting exit code 1.
fn errors_of(incident: &str) -> String {
    errors_of_site(&[
        ("config.toml", CONFIG),
        ("content/incidents/x.md", incident),
    ])
}

fn errors_of_site(files: &[(&str, &str)]) -> String {
    errors_of_site_at(files, "2026-05-01T10:40+02:00")
}

/// Checks a one-incident site with the clock at `now`, and returns stderr.
fn errors_of_at(incident: &str, now: &str) -> String {
    errors_of_site_at(
        &[
            ("config.toml", CONFIG),
            ("content/incidents/x.md", incident),
        ],
        now,
    )
}

fn errors_of_site_at(files: &[(&str, &str)], now: &str) -> String {
    let dir = site(files);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["build", "--root", root, "--now", now]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        !dir.path().join("public").exists(),
        "nothing may be written"
    );
    run.stderr
}

const DONE: &str = "nothing was written: fix the errors above and run again\n";

#[test]
fn unknown_component_lists_the_known_ones() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\ncomponents:\n  apii: major_outage\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:6:3: components.apii: unknown component `apii`\n  hint: did you mean `api`? Known components: api, web\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn misspelled_key_suggests_the_closest() {
    let stderr = errors_of("---\ntitle: T\nimpcat: minor\nstarted: 2026-05-01 10:00\n---\n");
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:3:1: impcat: unknown key `impcat`\n  hint: did you mean `impact`? Known keys: title, impact, started, components, cadence, postmortem, milestones, for, pour, extra\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn toml_front_matter_reports_the_same_way() {
    let stderr =
        errors_of("+++\ntitle = \"T\"\nimpcat = \"minor\"\nstarted = \"2026-05-01 10:00\"\n+++\n");
    assert!(
        stderr.starts_with("error: content/incidents/x.md:3:1: impcat: unknown key `impcat`\n"),
        "{stderr}"
    );
}

#[test]
fn update_before_the_start_says_so() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 2026-05-01 09:00 [investigating]\nLooking.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:7:5: update: the update at 2026-05-01 09:00 +02:00 is before the incident started (2026-05-01 10:00 +02:00)\n  hint: fix the update's time, or move `started` earlier\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn time_without_offset_and_no_timezone_says_how_to_fix_it() {
    let config = CONFIG.replace("timezone = \"Europe/Paris\"\n", "");
    let stderr = errors_of_site(&[
        ("config.toml", &config),
        (
            "content/incidents/x.md",
            "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n",
        ),
    ]);
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:4:1: started: 2026-05-01 10:00 has no offset and the site has no timezone\n  hint: add `timezone = \"Europe/Paris\"` (an IANA name) to config.toml, or write the offset: `2026-05-01T10:00+01:00`\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn bad_impact_lists_the_accepted_words() {
    let stderr = errors_of("---\ntitle: T\nimpact: severe\nstarted: 2026-05-01 10:00\n---\n");
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:3:1: impact: `severe` is not a valid impact\n  hint: accepted: none, minor, major, critical\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn misspelled_status_suggests_the_closest() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigatin]\nLooking.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:7:12: update: `investigatin` is neither a status, `next ...` nor `component: status`\n  hint: did you mean `investigating`? Accepted: investigating, identified, monitoring, resolved, next 22:50, api: operational\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn misspelled_timeline_kind_suggests_the_closest() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n## Timeline\n- 10:00 [appell, CSM] Called.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:10:10: timeline: `appell` is not a kind of timeline entry\n  hint: did you mean `appel`? Accepted: impact, detection, acknowledged, call, message, check-in, fallback, decision, fix, deploy, verification, mitigated, recovery, feedback, note\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn unknown_section_suggests_the_closest_heading() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n## Chronologe\n",
    );
    assert!(
        stderr.starts_with("error: content/incidents/x.md:9:4: section: unknown section `## Chronologe`\n  hint: did you mean `Chronologie`?"),
        "{stderr}"
    );
}

#[test]
fn bad_time_gives_the_accepted_forms() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10h7 [investigating]\nLooking.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:7:5: update: `10h7` is not a time\n  hint: write `18:40`, `2026-11-06 18:40` or `2026-11-06T18:40+01:00`\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn missing_front_matter_is_explained() {
    let stderr = errors_of("# Hello\n");
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:1:1: front matter: the file does not start with front matter\n  hint: start the file with a `---` line, the fields (`title: ...`), and another `---` line\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn publishing_the_postmortem_of_an_open_incident_is_refused() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\npostmortem: published\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:5:1: postmortem: the postmortem is published but the incident is not resolved\n  hint: set `postmortem: draft` until a `resolved` update is posted\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn config_errors_name_the_key() {
    let config = CONFIG.replace(
        "timezone = \"Europe/Paris\"",
        "timezone = \"Europe/Pariss\"",
    );
    let stderr = errors_of_site(&[("config.toml", &config)]);
    assert_eq!(
        stderr,
        format!(
            "error: config.toml:4:1: timezone: unknown timezone `Europe/Pariss`\n  hint: did you mean `Europe/Paris`? Use an IANA name such as Europe/Paris\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn every_error_of_a_run_is_reported() {
    let stderr = errors_of_site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/a.md",
            "---\ntitle: A\nimpact: severe\nstarted: 2026-05-01 10:00\n---\n",
        ),
        (
            "content/incidents/b.md",
            "---\ntitle: B\nimpact: minor\nstarted: 2026-05-01 10:00\ncomponents:\n  nope: major_outage\n---\n",
        ),
    ]);
    assert!(
        stderr.contains("content/incidents/a.md:3:1: impact:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/incidents/b.md:6:3: components.nope:"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors, 1 warning\n"), "{stderr}");
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x.md",
            "---\ntitle: Fine\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n",
        ),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let now = "2026-05-01T12:00+02:00";
    assert_eq!(vigie(&["build", "--root", root, "--now", now]).code, 0);
    let before = all_files(&dir.path().join("public"));
    std::fs::write(
        dir.path().join("content/incidents/x.md"),
        "---\ntitle: Broken\nimpact: severe\nstarted: 2026-05-01 10:00\n---\n",
    )
    .expect("write");
    assert_eq!(vigie(&["build", "--root", root, "--now", now]).code, 1);
    assert_eq!(all_files(&dir.path().join("public")), before);
}

#[test]
fn a_folder_that_vigie_did_not_write_is_never_replaced() {
    let dir = site(&[("config.toml", CONFIG), ("public/precious.txt", "keep me")]);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["build", "--root", root, "--now", "2026-05-01T10:40+02:00"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("is not the output of a previous vigie build"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("public/precious.txt").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(vigie(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(vigie(&[]).code, 2);
}

#[test]
fn an_unreadable_now_is_a_usage_error() {
    let run = vigie(&["check", "--now", "yesterday"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value 'yesterday' for '--now <TIME>': `yesterday` is not a time: \
             write `2026-11-06 18:40` (site timezone) or `2026-11-06T18:40+01:00`\n"
        ),
        "{}",
        run.stderr
    );
    let run = vigie(&["build", "--now", "10:30"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`10:30` has no date"), "{}", run.stderr);
}

#[test]
fn a_missing_config_says_where_vigie_looked() {
    let dir = site(&[("content/.keep", "")]);
    let run = vigie(&["check", "--root", dir.path().to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: no config.toml in "),
        "{}",
        run.stderr
    );
}

#[test]
fn two_files_for_one_address_are_refused() {
    let incident = "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n";
    let stderr = errors_of_site(&[
        ("config.toml", CONFIG),
        ("content/incidents/a.md", incident),
        ("content/incidents/a/index.md", incident),
    ]);
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/a.md:1:1: file name: `a` is also the name of content/incidents/a/index.md\n  hint: rename one of the two files: each gets its own web address\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_unknown_timeline_attribute_suggests_the_closest() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Timeline\n- 10:05 [message, CSM, public, chanel: Slack] Told them.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:7:32: timeline: `chanel` is not an attribute of a timeline entry\n  hint: did you mean `channel`? Accepted: channel, audience, for, canal, pour, destinataires\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_unknown_milestone_lists_the_milestones() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\nmilestones:\n  detectd: 2026-05-01 10:20\n---\n## Updates\n### 10:30 [investigating]\nx\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:6:3: milestones.detectd: `detectd` is not a milestone\n  hint: did you mean `detected`? Accepted: impact_started, detected, acknowledged, first_contact, mitigated, impact_ended, resolved\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn action_item_type_and_link_are_checked() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:30 [resolved]\nx\n## Action items\n- [ ] Add an alert [type: prevnt, link: tracker/12]\n",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:10:3: action items.type: `prevnt` is not a type of action item\n  hint: did you mean `prevent`? Accepted: prevent, detect, mitigate, process, other\n\
             error: content/incidents/x.md:10:3: action items.link: `tracker/12` is not an http(s) address\n  hint: give the address of the ticket, e.g. `https://tracker.example/INC-12`\n\
             2 errors, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_abandoned_action_item_must_say_why() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x.md",
            "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:30 [resolved]\nx\n## Action items\n- [-] Rewrite everything\n",
        ),
    ]);
    let run = vigie(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--now",
        "2026-05-01 12:00",
    ]);
    assert_eq!(run.code, 0, "a warning does not fail the check");
    assert_eq!(
        run.stderr,
        "warning: content/incidents/x.md:10:3: action items: the action item will not be done, but the postmortem does not say why\n  hint: add the reason in its brackets: `[reason: …]` (`[raison: …]`)\n0 errors, 1 warning\n"
    );
}

#[test]
fn a_link_leading_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().expect("temporary folder");
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "SECRET").expect("write");
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x/index.md",
            "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [resolved]\nx\n",
        ),
    ]);
    std::os::unix::fs::symlink(&secret, dir.path().join("content/incidents/x/graph.svg"))
        .expect("symlink");
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["build", "--root", root, "--now", "2026-05-01 12:00"]);
    assert_eq!(run.code, 1);
    let target = std::fs::canonicalize(&secret).expect("canonical");
    assert_eq!(
        run.stderr,
        format!(
            "error: content/incidents/x/graph.svg is a link to {}, outside the site: vigie does not follow it\n",
            target.display()
        )
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_content_file_over_the_size_limit_is_refused() {
    let big = format!(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [resolved]\n{}\n",
        "x".repeat(9 * 1024 * 1024)
    );
    let dir = site(&[("config.toml", CONFIG), ("content/incidents/big.md", &big)]);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: content/incidents/big.md:1:1: file: the file is 9.0 MB, over the 8 MB a content file may hold\n  hint: a file this large is usually a pasted log or export: keep a summary in the text, and put the rest in a file beside it (the incident as a folder, `SLUG/index.md`, with the file next to it) and link to it\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn updates_out_of_order_are_refused_and_timeline_entries_warned_about() {
    let updates = "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 2026-05-01 11:00 [identified]\nSecond.\n\n### 2026-05-01 10:30 [investigating]\nFirst.\n";
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x.md",
            &format!(
                "{updates}## Timeline\n- 2026-05-01 10:20 [note] later\n- 2026-05-01 10:10 [note] earlier\n"
            ),
        ),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root, "--now", "2026-05-01 11:30"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: content/incidents/x.md:10:5: update: this update (2026-05-01 10:30 +02:00) is earlier than the one above it (2026-05-01 11:00 +02:00)\n  hint: write updates in time order, each new one at the end of the section; check its date\n\
             warning: content/incidents/x.md:14:3: timeline: this entry is earlier than the one above it\n  hint: entries are shown in time order; a time alone follows the entry above, so write the date\n\
             1 error, 1 warning\n{DONE}"
        )
    );
}

/// An update written after one posted after midnight, meaning the evening before: read as
/// the coming evening, it would be the page's latest update, 23 hours ahead.
#[test]
fn a_bare_time_far_after_the_update_above_needs_its_date() {
    let stderr = errors_of_at(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-12-01 23:40\n---\n## Updates\n### 2026-12-02 00:30 [investigating]\nLooking.\n\n### 23:55 [identified]\nFound.\n",
        "2026-12-02 00:40",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:10:5: update: `23:55` reads as 2026-12-02 23:55, 23 h 25 min after the update above: a time without a date must be within 12 h of it\n  hint: write `2026-12-02 23:55` if you mean that day, or `2026-12-01 23:55` if you mean the day before (and put the update in its place, in time order)\n1 error, 0 warnings\n{DONE}"
        )
    );
}

/// `next 00:15` on an update at 00:30 meant a quarter of an hour ago, not tomorrow.
#[test]
fn a_promise_without_a_date_far_after_its_update_needs_its_date() {
    let stderr = errors_of_at(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-12-02 00:20\n---\n## Updates\n### 00:30 [investigating, next 00:15]\nLooking.\n",
        "2026-12-02 00:40",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:7:27: update.next: `next 00:15` reads as 2026-12-03 00:15, 23 h 45 min after this update: 00:15 on 2026-12-02 has already passed\n  hint: write `next 2026-12-03 00:15` if you mean the next day, or promise a later time or a duration such as `next 2h`\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_update_dated_after_the_clock_is_refused() {
    let stderr = errors_of_at(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-12-01 09:00\n---\n## Updates\n### 09:10 [investigating]\nLooking.\n\n### 11:30 [identified]\nFound.\n",
        "2026-12-01 10:00",
    );
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:10:5: update: the update is dated 2026-12-01 11:30 +01:00, after the build's clock (2026-12-01 10:00 +01:00)\n  hint: an update is written when it is posted: check its date (a time alone follows the update above it)\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn an_incident_that_starts_after_the_clock_is_refused() {
    let stderr = errors_of_at(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-12-11 09:00\n---\n## Updates\n### 2026-12-01 09:10 [investigating]\nLooking.\n",
        "2026-12-01 10:00",
    );
    assert!(
        stderr.starts_with(
            "error: content/incidents/x.md:4:1: started: the incident starts in the future (2026-12-11 09:00 +01:00, the build's clock is 2026-12-01 10:00 +01:00)\n  hint: check the date of `started`; work announced ahead is a maintenance: `vigie new maintenance`\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_confidential_name_in_public_text_is_refused() {
    let config = CONFIG.replacen(
        "timezone = \"Europe/Paris\"\n",
        "timezone = \"Europe/Paris\"\nconfidential = [\"Acme Bank\"]\n",
        1,
    );
    let stderr = errors_of_site(&[
        ("config.toml", &config),
        (
            "content/incidents/x.md",
            "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nWe called acme bank about it.\n## Timeline\n- 10:06 [call, CSM] Called Acme Bank: internal, allowed.\n",
        ),
    ]);
    assert_eq!(
        stderr,
        format!(
            "error: content/incidents/x.md:8:11: update: `Acme Bank` is confidential (config.toml) and would be published here\n  hint: say \"a client\" in public text; keep the name in internal entries and notes\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn a_rebuild_writes_over_the_output_before_last_and_keeps_nothing_else_of_it() {
    let incident = |slug: &str| {
        (
            format!("content/incidents/{slug}.md"),
            format!(
                "---\ntitle: {slug}\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [resolved]\nx\n"
            ),
        )
    };
    let (x, y) = (incident("x"), incident("y"));
    let dir = site(&[("config.toml", CONFIG), (&x.0, &x.1), (&y.0, &y.1)]);
    let root = dir.path().to_str().expect("utf-8");
    let build = |output: &str| {
        let out = dir.path().join(output);
        let run = vigie(&[
            "build",
            "--root",
            root,
            "--now",
            "2026-05-01 12:00",
            "--output",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        out
    };
    build("public");
    build("public");
    // The first build's output is now set aside; make it as untidy as it can get.
    let spare = dir.path().join(".public.vigie-new");
    let page = spare.join("incidents/x/index.html");
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&page).expect("kept"));
    std::fs::write(spare.join("stray.html"), "stray").expect("write");
    std::fs::create_dir_all(spare.join("incidents/gone")).expect("folder");
    std::fs::write(spare.join("incidents/gone/index.html"), "gone").expect("write");
    std::fs::remove_dir_all(spare.join("incidents/y")).expect("remove");
    std::fs::write(spare.join("incidents/y"), "a file where a folder goes").expect("write");
    std::fs::remove_file(spare.join("index.html")).expect("remove");
    std::fs::create_dir_all(spare.join("index.html/inside")).expect("a folder where a file goes");
    let public = build("public");
    let inode_now = std::os::unix::fs::MetadataExt::ino(
        &std::fs::metadata(public.join("incidents/x/index.html")).expect("page"),
    );
    assert_eq!(
        inode_now, inode,
        "the page is written over in place, not created anew"
    );
    assert!(
        all_files(&public) == all_files(&build("fresh")),
        "the same files, byte for byte, as a build into an empty folder"
    );
    let leftovers = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".vigie-old-"))
        .count();
    assert_eq!(leftovers, 0, "nothing is set aside to be deleted");
    let refused = vigie(&[
        "remove-old-output",
        dir.path().join("content").to_str().expect("utf-8"),
    ]);
    assert_eq!(
        refused.code, 1,
        "only a previous output set aside is ever removed"
    );
    assert!(dir.path().join("content/incidents/x.md").exists());
}

#[test]
fn an_open_action_item_without_an_owner_or_a_due_date_is_warned_about() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x.md",
            "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\npostmortem: published\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n\n### 10:30 [resolved]\nFixed.\n\n## Action items\n\n- [ ] Alert sooner [owner: on-call team, due: 2026-05-20]\n- [ ] Add a canary\n- [ ] Test restores [owner: platform team]\n- [ ] Document the runbook [due: 2026-05-30]\n- [x] Roll back the change\n",
        ),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root, "--now", "2026-05-01 11:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hint = "  hint: add them in its brackets: `[owner: platform team, due: 2026-12-04]` (`[responsable: …, échéance: …]`)\n";
    assert_eq!(
        run.stderr,
        format!(
            "warning: content/incidents/x.md:17:3: action items: the action item has no owner and no due date: nobody is bound to do it by a date\n{hint}\
             warning: content/incidents/x.md:18:3: action items: the action item has no due date: nobody is bound to do it by a date\n{hint}\
             warning: content/incidents/x.md:19:3: action items: the action item has no owner: nobody is bound to do it by a date\n{hint}\
             0 errors, 3 warnings\n"
        )
    );
}

/// The same rule for a customer communication's promise in the timeline.
#[test]
fn a_timeline_promise_without_a_date_far_after_its_entry_needs_its_date() {
    let stderr = errors_of_at(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-12-02 00:20\n---\n## Updates\n### 00:25 [investigating]\nLooking.\n## Timeline\n- 00:30 [message, CSM, public, next 00:15] Sent.\n",
        "2026-12-02 00:40",
    );
    assert!(
        stderr.starts_with(
            "error: content/incidents/x.md:10:32: update.next: `next 00:15` reads as 2026-12-03 00:15, 23 h 45 min after this entry: 00:15 on 2026-12-02 has already passed\n"
        ),
        "{stderr}"
    );
}

#[test]
fn import_settings_name_the_role_or_kind_that_cannot_be_written() {
    let config = format!(
        "{CONFIG}\n[people]\n\"Ana\" = \"CSM, astreinte\"\n\n[import.keywords]\nsecour = [\"Plan B\"]\n"
    );
    let stderr = errors_of_site(&[("config.toml", &config)]);
    assert_eq!(
        stderr,
        format!(
            "error: config.toml:15:9: people.Ana: `CSM, astreinte` cannot be written as a role in a timeline entry\n  hint: write a role without commas or brackets, such as `CSM` or `tech lead`\nerror: config.toml:18:1: import.keywords.secour: `secour` is not a timeline kind\n  hint: did you mean `secours`? Accepted: impact, detection, acknowledged, call, message, check-in, fallback, decision, fix, deploy, verification, mitigated, recovery, feedback, note\n2 errors, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn a_maintenance_window_on_an_unknown_component_is_refused() {
    let stderr = errors_of_site(&[
        ("config.toml", CONFIG),
        (
            "content/maintenance/m.md",
            "---\ntitle: Upgrade\nstarts: 2026-05-03 22:00\nends: 2026-05-03 23:00\ncomponents: [api, apii]\n---\nThe database moves.\n",
        ),
    ]);
    assert_eq!(
        stderr,
        format!(
            "error: content/maintenance/m.md:5:19: components.apii: unknown component `apii`\n  hint: did you mean `api`? Known components: api, web\n1 error, 0 warnings\n{DONE}"
        )
    );
}

#[test]
fn a_next_update_promised_before_its_own_update_is_refused() {
    let stderr = errors_of(
        "---\ntitle: T\nimpact: minor\nstarted: 2026-05-01 10:00\n---\n## Updates\n### 10:05 [investigating]\nLooking.\n\n### 10:20 [identified, next 2026-05-01 10:10]\nFound.\n",
    );
    assert_eq!(
        stderr,
        format!(
            "warning: content/incidents/x.md:2:1: updates: the next update was due at 2026-05-01 10:10 +02:00 and is 30 min late\n  hint: post an update now, even to say nothing has changed: `vigie update x --status … --next 2h \"…\"`\n\
             error: content/incidents/x.md:10:5: update.next: the next update is promised before this one\n  hint: promise a later time, or a duration such as `next 2h`\n1 error, 1 warning\n{DONE}"
        )
    );
}
