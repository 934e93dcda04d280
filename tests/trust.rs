//! What a hurried writer types must never cut, leak or inject: each class of mistake that
//! went wrong without a word, with several variants, checked in every format clients read.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, all_files, read, site, vigie, visible_text};

const NOW: &str = "2026-05-01T12:00+02:00";

/// Runs `vigie check` on a site and returns (exit code, stderr).
fn check(dir: &tempfile::TempDir) -> (i32, String) {
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["check", "--root", root, "--now", NOW]);
    (run.code, run.stderr)
}

/// Builds a site into its `public/` and returns the folder.
fn build(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let root = dir.path().to_str().expect("utf-8");
    let run = vigie(&["build", "--root", root, "--now", NOW]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.path().join("public")
}

/// An incident file whose one update says `text`.
fn incident_saying(text: &str) -> String {
    format!(
        "---\ntitle: Reports late\nimpact: minor\nstarted: 2026-05-01 10:00\ncomponents:\n  api: degraded_performance\n---\n## Updates\n### 10:05 [investigating]\n{text}\n"
    )
}

const TAGS: &[&str] = &[
    "<script>",
    "<style>",
    "<template>",
    "<textarea>",
    "<title>",
    "<noscript>",
    "<iframe>",
    "<xmp>",
    "<plaintext>",
    "<select>",
    "<svg>",
];

#[test]
fn a_tag_name_in_prose_never_cuts_an_update_in_any_format() {
    for tag in TAGS {
        for text in [
            format!("Some customers see a blank {tag} error.\n\nNext update by 11:00."),
            format!("{tag} errors on the report page.\n\nNext update by 11:00."),
            format!("- exports show {tag}\n- reports are late\n\nNext update by 11:00."),
        ] {
            let dir = site(&[
                ("config.toml", CONFIG),
                ("content/incidents/x.md", &incident_saying(&text)),
            ]);
            let out = build(&dir);
            let root = dir.path().to_str().expect("utf-8");
            let message = vigie(&["message", "x", "--root", root, "--now", NOW]);
            assert_eq!(message.code, 0, "{}", message.stderr);
            let shown = [
                visible_text(&read(&out.join("incidents/x/index.html"))),
                visible_text(&read(&out.join("index.html"))),
                visible_text(
                    &read(&out.join("history.rss"))
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&"),
                ),
                visible_text(
                    &read(&out.join("history.atom"))
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&"),
                ),
                read(&out.join("api/v2/incidents.json")),
                message.stdout,
            ];
            for (n, format) in shown.iter().enumerate() {
                assert!(
                    format.contains("Next update by 11:00."),
                    "format {n} cut the update written {text:?}:\n{format}"
                );
                assert!(
                    format.contains(tag.trim_start_matches('<').trim_end_matches('>')),
                    "format {n} lost {tag} from {text:?}:\n{format}"
                );
            }
        }
    }
}

#[test]
fn check_warns_where_raw_html_is_shown_as_typed_and_says_what_clients_see() {
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x.md",
            &incident_saying("Some customers see a blank <script> error.\nPress <kbd>F5</kbd>."),
        ),
    ]);
    let (code, stderr) = check(&dir);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "warning: content/incidents/x.md:10:28: update: `<script>` is not HTML vigie publishes: it is shown as typed, \"Some customers see a blank <script> error.\"\n  hint: write it in backticks to show it as code; vigie keeps only inline tags such as <b>, <sup> or <kbd>\n0 errors, 1 warning\n"
    );
}

#[test]
fn a_comment_never_closed_is_an_error_and_a_comment_in_a_title_is_not_shown() {
    for (text, line, column) in [
        (
            "We are looking. <!-- ask Paul\n\nNext update by 11:00.",
            10,
            17,
        ),
        ("<!-- note for the team\n\nNext update by 11:00.", 10, 1),
        ("- first\n- second <!-- draft", 11, 10),
    ] {
        let dir = site(&[
            ("config.toml", CONFIG),
            ("content/incidents/x.md", &incident_saying(text)),
        ]);
        let (code, stderr) = check(&dir);
        assert_eq!(code, 1, "{text:?}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: content/incidents/x.md:{line}:{column}: update: this comment is never closed: clients would see a stray `<!--`, or nothing of what follows\n  hint: close it with `-->`, or remove it\n")),
            "{text:?}: {stderr}"
        );
    }
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/x.md",
            &incident_saying("Looking.").replace(
                "title: Reports late",
                "title: Reports late <!-- for Acme -->",
            ),
        ),
    ]);
    let out = build(&dir);
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("for Acme"),
            "{} shows the comment",
            path.display()
        );
    }
    assert!(read(&out.join("incidents/x/index.html")).contains("Reports late</"));
}

/// A site whose config lists `Société Générale & Fils` as confidential.
fn confidential_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let config = CONFIG.replacen(
        "timezone = \"Europe/Paris\"\n",
        "timezone = \"Europe/Paris\"\nconfidential = [\"Société Générale & Fils\"]\n",
        1,
    );
    let mut all = vec![("config.toml", config.as_str())];
    all.extend_from_slice(files);
    site(&all)
}

#[test]
fn a_confidential_name_is_refused_however_it_is_written() {
    for (text, at) in [
        ("The exports of Société\nGénérale & Fils are late.", "10:16"),
        (
            "The exports of Société  Générale  &  Fils are late.",
            "10:16",
        ),
        (
            "The exports of **Société Générale & Fils** are late.",
            "10:18",
        ),
        (
            "The exports of Société Générale \\& Fils are late.",
            "10:16",
        ),
        (
            "The exports of Société Générale &amp; Fils are late.",
            "10:16",
        ),
        ("The exports of Societe Generale & Fils are late.", "10:16"),
        ("The exports of SOCIÉTÉ GÉNÉRALE & FILS are late.", "10:16"),
        (
            "The exports of [Société Générale](https://example.com) & Fils are late.",
            "10:1",
        ),
    ] {
        let dir = confidential_site(&[("content/incidents/x.md", &incident_saying(text))]);
        let (code, stderr) = check(&dir);
        assert_eq!(code, 1, "{text:?} passed: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: content/incidents/x.md:{at}: update: `Société Générale & Fils` is confidential (config.toml) and would be published here\n  hint: say \"a client\" in public text; keep the name in internal entries and notes\n1 error, 0 warnings\nnothing was written: fix the errors above and run again\n"
            ),
            "{text:?}"
        );
    }
}

#[test]
fn a_confidential_name_is_refused_in_addresses_config_and_maintenance() {
    let maintenance = "---\ntitle: Upgrade for Societe Generale & Fils\nstarts: 2026-05-03 22:00\nends: 2026-05-03 23:00\n---\nThe database of société générale &amp; fils moves.\n";
    let component = CONFIG.replacen(
        "name = \"Web app\"",
        "name = \"Web app\"\ndescription = \"Dashboards of Société Générale & Fils\"",
        1,
    );
    let config = component.replacen(
        "timezone = \"Europe/Paris\"\n",
        "timezone = \"Europe/Paris\"\nconfidential = [\"Société Générale & Fils\"]\n",
        1,
    );
    let dir = site(&[
        ("config.toml", &config),
        (
            "content/incidents/societe-generale-fils-exports.md",
            &incident_saying("Looking."),
        ),
        ("content/incidents/y/index.md", &incident_saying("Looking.")),
        ("content/incidents/y/societe_generale_fils.png", "\u{89}PNG"),
        ("content/maintenance/m.md", maintenance),
    ]);
    let (code, stderr) = check(&dir);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "error: config.toml:14:30: components: `Société Générale & Fils` is confidential (config.toml) and would be published here",
        "error: content/incidents/societe-generale-fils-exports.md:1:1: file name: `Société Générale & Fils` is confidential (config.toml) and would be published in the address of the incident (`societe-generale-fils-exports`)\n  hint: rename the file without the name: its name is part of the page's address",
        "error: content/incidents/y/societe_generale_fils.png:1:1: file name: `Société Générale & Fils` is confidential (config.toml) and would be published in the address of a file published beside the page (`societe_generale_fils.png`)",
        "error: content/maintenance/m.md:2:20: title: `Société Générale & Fils` is confidential",
        "error: content/maintenance/m.md:6:17: description: `Société Générale & Fils` is confidential",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.ends_with(
            "5 errors, 0 warnings\nnothing was written: fix the errors above and run again\n"
        ),
        "{stderr}"
    );
}

/// Runs `vigie ARGS` in `dir`.
fn vigie_in(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("vigie runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_team_site_is_never_written_where_the_public_one_is_published() {
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/x.md", &incident_saying("Looking.")),
        (
            "netlify.toml",
            "[build]\n  base = \"\"\n  command = \"vigie build --output dist\"\n  publish = \"dist\"\n",
        ),
    ]);
    let root = dir.path();
    let real_root = std::fs::canonicalize(root).expect("real path");
    std::fs::create_dir_all(root.join("x")).expect("folder");
    std::os::unix::fs::symlink(root.join("public"), root.join("link-to-public")).expect("link");
    let absolute = root.join("public");
    for (output, published, named_by) in [
        ("public", "public", "the default output"),
        ("./public", "public", "the default output"),
        (
            absolute.to_str().expect("utf-8"),
            "public",
            "the default output",
        ),
        ("x/../public", "public", "the default output"),
        ("public/team", "public", "the default output"),
        ("link-to-public", "public", "the default output"),
        ("dist", "dist", "netlify.toml's publish"),
        ("./dist/", "dist", "netlify.toml's publish"),
        (".", "public", "the default output"),
    ] {
        let (code, stderr) = vigie_in(
            root,
            &[
                "build",
                "--audience",
                "internal",
                "--now",
                NOW,
                "--output",
                output,
            ],
        );
        assert_eq!(code, 2, "--output {output} was accepted: {stderr}");
        let expected = format!(
            "{} is where the public site is published ({named_by}, {}): the team's site never goes there; write it outside, e.g. --output ../status-internal\n",
            "",
            real_root.join(published).display()
        );
        assert!(
            stderr.ends_with(&expected[1..]),
            "--output {output}: {stderr}"
        );
        assert!(!root.join("public").exists() && !root.join("dist").exists());
    }
    let (code, stderr) = vigie_in(
        root,
        &[
            "build",
            "--audience",
            "internal",
            "--now",
            NOW,
            "--output",
            "../team-site",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn only_pictures_pdf_and_plain_data_are_published_beside_a_page() {
    let source = incident_saying("Looking.") + "## Internal notes\nCANARY-SOURCE\n";
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/x/index.md", &source),
        ("content/incidents/x/graph.png", "\u{89}PNG"),
        ("content/incidents/x/report.pdf", "%PDF-1.4"),
        ("content/incidents/x/latency.csv", "t,ms\n"),
        (
            "content/incidents/x/plain.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\"/></svg>",
        ),
        ("content/incidents/x/index.md~", &source),
        ("content/incidents/x/#index.md#", &source),
        ("content/incidents/x/index.md.orig", &source),
        ("content/incidents/x/index.md.bak", &source),
        ("content/incidents/x/.index.md.swp", &source),
        ("content/incidents/x/copy of index.md", &source),
        ("content/incidents/x/page.html", "<script>alert(1)</script>"),
        ("content/incidents/x/app.js", "alert(1)"),
        ("content/incidents/y.md~", &source),
    ]);
    let root = dir.path();
    // Emacs's lock file: a link to nowhere, beside the file being edited.
    std::os::unix::fs::symlink(
        "csm@laptop.4242:1700000000",
        root.join("content/incidents/x/.#index.md"),
    )
    .expect("link");
    std::os::unix::fs::symlink(
        "csm@laptop.4242:1700000000",
        root.join("content/incidents/.#y.md"),
    )
    .expect("link");
    let (code, stderr) = check(&dir);
    assert_eq!(code, 0, "{stderr}");
    let editor = "not read and not published: an editor's backup, autosave or hidden file\n  hint: nothing to do; delete it when the editor is closed";
    let other = "not published: beside a page, vigie publishes only pictures (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF and plain data (TXT, CSV, JSON)\n  hint: a page's text goes in its index.md; move other files out of content/";
    for (file, message) in [
        ("content/incidents/.#y.md", editor),
        ("content/incidents/y.md~", editor),
        ("content/incidents/x/#index.md#", editor),
        ("content/incidents/x/.#index.md", editor),
        ("content/incidents/x/.index.md.swp", editor),
        ("content/incidents/x/index.md.bak", editor),
        ("content/incidents/x/index.md.orig", editor),
        ("content/incidents/x/index.md~", editor),
        ("content/incidents/x/app.js", other),
        ("content/incidents/x/copy of index.md", other),
        ("content/incidents/x/page.html", other),
    ] {
        assert!(
            stderr.contains(&format!("warning: {file}:1:1: file: {message}\n")),
            "no note for {file}:\n{stderr}"
        );
    }
    assert!(stderr.ends_with("0 errors, 11 warnings\n"), "{stderr}");
    let out = build(&dir);
    let published: Vec<String> = all_files(&out.join("incidents/x"))
        .into_iter()
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert_eq!(
        published,
        [
            "graph.png",
            "index.html",
            "latency.csv",
            "plain.svg",
            "report.pdf"
        ]
    );
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("CANARY-SOURCE"), "{}", path.display());
    }
}

#[test]
fn an_svg_that_could_run_a_script_is_refused() {
    for (svg, what, pos) in [
        (
            "<svg>\n<script>alert(document.cookie)</script></svg>",
            "a script",
            "2:1",
        ),
        ("<svg onload=\"alert(1)\"/>", "an event handler", "1:5"),
        (
            "<svg>\n<foreignObject><iframe/></foreignObject></svg>",
            "a foreign object (HTML inside the picture)",
            "2:1",
        ),
        (
            "<svg>\n<image href=\"https://tracker.example/p.png\"/></svg>",
            "a reference to another file or site",
            "2:8",
        ),
    ] {
        let dir = site(&[
            ("config.toml", CONFIG),
            ("content/incidents/x/index.md", &incident_saying("Looking.")),
            ("content/incidents/x/graph.svg", svg),
        ]);
        let (code, stderr) = check(&dir);
        assert_eq!(code, 1, "{svg} passed: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: content/incidents/x/graph.svg:{pos}: svg: the picture holds {what}, which would run or load when it is opened on the status page's site\n  hint: export it again as a plain picture (or as PNG); vigie publishes an SVG only without scripts, event handlers, foreign objects or outside references\n1 error, 0 warnings\nnothing was written: fix the errors above and run again\n"
            ),
            "{svg}"
        );
    }
}

#[test]
fn a_near_miss_heading_never_publishes_internal_notes() {
    for (notes, line) in [
        ("##Internal notes", 12),
        ("# Internal notes", 12),
        ("### Notes internes", 12),
        ("Internal notes\n===", 12),
        ("Internal notes\n---", 12),
        ("**Internal notes**", 12),
    ] {
        let text = format!(
            "{}\n\n{notes}\nCANARY-NOTES: the client is Acme.\n",
            incident_saying("Looking.").trim_end()
        );
        let dir = site(&[("config.toml", CONFIG), ("content/incidents/x.md", &text)]);
        let (code, stderr) = check(&dir);
        assert_eq!(code, 1, "{notes:?} passed: {stderr}");
        let first = notes.lines().next().unwrap_or_default();
        assert!(
            stderr.starts_with(&format!("error: content/incidents/x.md:{line}:1: section: `{first}` reads like the section heading `## ")),
            "{notes:?}: {stderr}"
        );
    }
}

#[test]
fn every_page_carries_the_content_security_policy_any_host_enforces() {
    let netlify = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("netlify.toml"));
    let header = netlify
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("netlify.toml sends a policy");
    // `frame-ancestors` is not read from a <meta>: only a header can say it.
    let policy = header.replace("; frame-ancestors 'none'", "");
    let tag = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">");
    let (_guard, out) = common::build_fixture("ongoing-en", "2026-03-02 10:00");
    let mut pages = 0;
    for (path, bytes) in all_files(&out) {
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let page = String::from_utf8_lossy(&bytes);
            let head = &page[..page.find("<title>").expect("a title")];
            assert!(head.contains(&tag), "{} lacks {tag}", path.display());
        }
    }
    assert!(pages >= 9, "{pages} pages");
}

#[test]
fn errors_speak_the_writers_language_with_paths_relative_to_the_site() {
    let front = "---\ntitle: A\nimpact: minor\nstarted: 2026-05-01 10:00\n";
    let dir = site(&[
        ("config.toml", CONFIG),
        (
            "content/incidents/twice.md",
            &format!("{front}title: B\n---\n## Updates\n### 10:05 [investigating]\nx\n"),
        ),
        (
            "content/incidents/deep.md",
            &format!(
                "{front}extra:\n  x: [{}]\n---\n## Updates\n### 10:05 [investigating]\nx\n",
                vec!["1"; 300_000].join(",")
            ),
        ),
    ]);
    std::fs::write(
        dir.path().join("content/incidents/latin1.md"),
        [
            front.as_bytes(),
            b"---\n## Updates\n### 10:05 [investigating]\nCaf\xe9 ferm\xe9\n",
        ]
        .concat(),
    )
    .expect("write");
    let (code, stderr) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: content/incidents/deep.md:6:"),
        "{stderr}"
    );
    let rest = &stderr[stderr.find(": front matter:").expect("front matter")..];
    assert_eq!(
        rest,
        ": front matter: the front matter is too large or too deeply nested to read\n  hint: keep the front matter to a few keys; long lists and data go below it, in the text, or in a file beside the incident\nerror: content/incidents/latin1.md:8:4: file: the file is not UTF-8 text: the character here is in another encoding\n  hint: save the file as UTF-8 in your editor (Save As, Encoding: UTF-8)\nerror: content/incidents/twice.md:5:1: title: the key `title` is written twice\n  hint: keep one of the two lines\n3 errors, 0 warnings\nnothing was written: fix the errors above and run again\n"
    );
    std::fs::write(dir.path().join("config.toml"), b"title = \"Caf\xe9\"\n").expect("write");
    let (code, stderr) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: config.toml:1:13: the file is not UTF-8 text: save it as UTF-8 in your editor\n"
    );
}

#[test]
fn config_errors_name_the_key_of_their_line() {
    for (config, expected) in [
        (
            "title = \"A\"\ntitle = \"B\"\nbase_url = \"https://x.example/\"\n",
            "error: config.toml:2:1: title: the key `title` is written twice\n  hint: keep one of the two lines\n",
        ),
        (
            "title = \"A\"\nbase_url = \"https://x.example/\"\ncadence = 3\n",
            "error: config.toml:3:11: cadence: `cadence` must be text in quotes\n  hint: write it `cadence = \"…\"`\n",
        ),
        (
            "title = \"A\"\nbase_url = \"https://x.example/\"\nhistory_days = \"14\"\n",
            "error: config.toml:3:16: history_days: `history_days` must be a whole number\n  hint: write it `history_days = 14`\n",
        ),
        (
            "title = \"A\"\nbase_url = \"https://x.example/\"\nconfidential = \"Acme\"\n",
            "error: config.toml:3:16: confidential: `confidential` must be a list\n  hint: write it `confidential = [\"…\", \"…\"]`\n",
        ),
    ] {
        let dir = site(&[("config.toml", config)]);
        let (code, stderr) = check(&dir);
        assert_eq!(code, 1, "{config}");
        assert!(stderr.starts_with(expected), "{config}\n{stderr}");
    }
}

/// The headers netlify.toml sends for `path`, merged from every rule that matches it.
fn netlify_headers(path: &str) -> std::collections::BTreeMap<String, String> {
    let text = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("netlify.toml"));
    let config: toml::Table = toml::from_str(&text).expect("netlify.toml reads");
    let mut headers = std::collections::BTreeMap::new();
    for rule in config["headers"].as_array().expect("[[headers]]") {
        let pattern = rule["for"].as_str().expect("for");
        let matches = match pattern.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == pattern,
        };
        if matches {
            for (name, value) in rule["values"].as_table().expect("values") {
                headers.insert(name.clone(), value.as_str().expect("text").to_string());
            }
        }
    }
    headers
}

#[test]
fn what_other_sites_read_is_served_to_any_origin_with_its_type() {
    for (path, kind) in [
        ("/api/v2/summary.json", "application/json; charset=utf-8"),
        (
            "/api/v2/incidents/unresolved.json",
            "application/json; charset=utf-8",
        ),
        ("/badges/status.svg", "image/svg+xml"),
        ("/history.atom", "application/atom+xml; charset=utf-8"),
        ("/history.rss", "application/rss+xml; charset=utf-8"),
        ("/maintenance.ics", "text/calendar; charset=utf-8"),
        ("/embed.js", "text/javascript; charset=utf-8"),
    ] {
        let headers = netlify_headers(path);
        assert_eq!(
            headers
                .get("Access-Control-Allow-Origin")
                .map(String::as_str),
            Some("*"),
            "{path}"
        );
        assert_eq!(
            headers.get("Content-Type").map(String::as_str),
            Some(kind),
            "{path}"
        );
    }
    assert!(
        netlify_headers("/embed/")["Content-Security-Policy"].ends_with("; frame-ancestors *"),
        "the embed page may be framed by any site"
    );
    for page in ["/", "/incidents/x/", "/history/", "/embedded/"] {
        let headers = netlify_headers(page);
        assert!(
            !headers.contains_key("Access-Control-Allow-Origin"),
            "{page} is for people, not for other sites"
        );
        assert!(headers["Content-Security-Policy"].ends_with("frame-ancestors 'none'"));
    }
}
