//! `vigie serve` over real HTTP on 127.0.0.1: a page served, a change picked up, a build
//! error shown in the page; a client's room previewed with `--audience client:ID`.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{CONFIG, copy_of, fixture, site};

/// The server, killed when the test ends.
struct Server {
    child: Child,
    port: u16,
    /// Everything it has printed on stderr so far.
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Waits until stderr, after its first `from` bytes, holds `text` (at most 10 s), and
    /// returns all of it.
    fn eventually_prints(&self, from: usize, text: &str) -> String {
        let start = Instant::now();
        loop {
            let printed = self.stderr.lock().expect("stderr").clone();
            if printed[from.min(printed.len())..].contains(text)
                || start.elapsed() > Duration::from_secs(10)
            {
                return printed;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    start_as(root, "public")
}

/// Serves the site at `root` as `audience` reads it.
fn start_as(root: &std::path::Path, audience: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args([
            "serve",
            "--port",
            "0",
            "--now",
            "2026-05-01 12:00",
            "--audience",
            audience,
            "--root",
        ])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigie serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut pipe = BufReader::new(child.stderr.take().expect("stderr"));
    let filled = Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut line = String::new();
        while pipe.read_line(&mut line).is_ok_and(|n| n > 0) {
            filled.lock().expect("stderr").push_str(&line);
            line.clear();
        }
    });
    Server {
        child,
        port,
        stderr,
    }
}

/// GET `path`: the status code and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// Waits until `path` answers with a body containing `text` (at most 10 s).
fn eventually(port: u16, path: &str, text: &str) -> (u16, String) {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if body.contains(text) || start.elapsed() > Duration::from_secs(10) {
            return (status, body);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

const INCIDENT: &str = "---\ntitle: API errors\nimpact: major\nstarted: 2026-05-01 10:00\ncomponents:\n  api: partial_outage\n---\n## Updates\n### 10:05 [investigating, next 13:00]\nWe are looking.\n";

#[test]
fn serves_the_site_rebuilds_on_change_and_shows_errors() {
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/api.md", INCIDENT),
    ]);
    let server = start(dir.path());
    let (status, page) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(page.contains("API errors"), "{page}");
    assert!(
        page.contains("<script src=\"/__vigie/reload.js?v=")
            && page.contains("script-src 'self'; connect-src 'self';"),
        "the page reloads after a rebuild, with a script its policy allows"
    );
    let (status, script) = get(server.port, "/__vigie/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("/__vigie/version"), "{script}");
    let (status, incident) = get(server.port, "/incidents/api/");
    assert_eq!(status, 200);
    assert!(incident.contains("We are looking."));
    let (status, _) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    let (_, version) = get(server.port, "/__vigie/version");

    let updated = format!("{INCIDENT}\n### 10:40 [identified, next 13:00]\nA bad deploy.\n");
    std::fs::write(dir.path().join("content/incidents/api.md"), updated).expect("write");
    let (status, incident) = eventually(server.port, "/incidents/api/", "A bad deploy.");
    assert_eq!(status, 200);
    assert!(
        incident.contains("A bad deploy."),
        "the change is picked up"
    );
    let (_, newer) = get(server.port, "/__vigie/version");
    assert_ne!(version, newer, "open pages see a new version and reload");

    // Measured before the change: the rebuild may print as soon as the file is written.
    let printed_before = server.stderr.lock().expect("stderr").len();
    std::fs::write(
        dir.path().join("content/incidents/api.md"),
        INCIDENT.replace("impact: major", "impact: huge"),
    )
    .expect("write");
    let (status, error) = eventually(server.port, "/", "is not a valid impact");
    assert_eq!(status, 500);
    assert!(
        error.contains("error: content/incidents/api.md:3:1: impact: `huge` is not a valid impact"),
        "{error}"
    );
    // The terminal says it too, not only the page.
    let printed = server.eventually_prints(printed_before, "is not a valid impact");
    assert!(
        printed[printed_before..].contains(
            "error: content/incidents/api.md:3:1: impact: `huge` is not a valid impact\n  hint: accepted: none, minor, major, critical\n1 error, 0 warnings\n["
        ),
        "{printed}"
    );
    assert!(printed.contains("] the site does not build: fix the errors above and save (the preview shows them too)\n"), "{printed}");
    // Fixed: the terminal says the preview is up to date again.
    let fixed_at = printed.len();
    std::fs::write(dir.path().join("content/incidents/api.md"), INCIDENT).expect("write");
    let printed = server.eventually_prints(fixed_at, "the preview is up to date");
    assert!(printed[fixed_at..].contains("] rebuilt: "), "{printed}");
    assert!(!dir.path().join("public").exists(), "serve writes nothing");
}

#[test]
fn previews_a_clients_room_and_rebuilds_it_on_change() {
    let dir = copy_of(&fixture("rooms"));
    let server = start_as(dir.path(), "client:acme");
    let (status, page) = get(server.port, "/incidents/shared/");
    assert_eq!(status, 200);
    assert!(page.contains("ACME-UPDATE"), "{page}");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(page.contains("Acme Corp&#39;s room: private to Acme Corp."));
    for other in ["GLOBEX-", "INITECH-"] {
        assert!(!page.contains(other), "{other} in acme's room");
    }
    let (status, report) = get(server.port, "/incidents/shared/report/");
    assert_eq!(status, 200);
    assert!(report.contains("Incident report for Acme Corp"), "{report}");
    assert!(report.contains("ACME-SECTION"), "{report}");
    let path = dir.path().join("content/incidents/shared.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("ACME-UPDATE Your 12", "ACME-UPDATE Your twelve"),
    )
    .expect("write");
    let (_, page) = eventually(server.port, "/incidents/shared/", "Your twelve");
    assert!(
        page.contains("ACME-UPDATE Your twelve"),
        "the change is picked up"
    );
    assert!(!dir.path().join("public").exists(), "serve writes nothing");

    let globex = start_as(dir.path(), "client:globex");
    let (_, page) = get(globex.port, "/incidents/shared/");
    assert!(
        page.contains("GLOBEX-UPDATE") && !page.contains("ACME-"),
        "{page}"
    );
    assert!(page.contains("<html lang=\"fr\">"), "globex reads French");
}

#[test]
fn a_room_of_no_client_is_an_error_in_the_preview() {
    let dir = copy_of(&fixture("rooms"));
    let server = start_as(dir.path(), "client:acmee");
    let (status, page) = get(server.port, "/");
    assert_eq!(status, 500);
    assert!(
        page.contains("--audience client:acmee: no client `acmee` in config.toml (clients of config.toml: acme, globex, initech)"),
        "{page}"
    );
    let printed = server.eventually_prints(0, "no client `acmee`");
    assert!(printed.contains("the site does not build"), "{printed}");
}

#[test]
fn a_save_prints_the_diagnostics_a_full_check_prints() {
    let dir = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/api.md", INCIDENT),
    ]);
    let server = start(dir.path());
    let saved_at = server
        .eventually_prints(0, "the preview is up to date")
        .len();
    // A new incident with no update yet: a warning, found by the checks of that file only.
    std::fs::write(
        dir.path().join("content/incidents/db.md"),
        "---\ntitle: Slow database\nimpact: minor\nstarted: 2026-05-01 11:00\ncomponents:\n  api: degraded_performance\n---\n",
    )
    .expect("write");
    let printed = server.eventually_prints(saved_at, "rendered again");
    let after = &printed[saved_at..];
    let summary = after
        .find("rendered again")
        .expect("an incremental rebuild");
    let report = &after[..after[..summary].rfind('[').expect("the summary line")];
    assert!(
        report.contains("warning: content/incidents/db.md"),
        "{after}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(["check", "--now", "2026-05-01 12:00", "--root"])
        .arg(dir.path())
        .output()
        .expect("vigie check runs");
    assert_eq!(report, String::from_utf8_lossy(&check.stderr));
}
