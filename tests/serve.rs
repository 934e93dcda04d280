//! `vigie serve` over real HTTP on 127.0.0.1: a page served, a change picked up, a build
//! error shown in the page.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{CONFIG, site};

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
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args([
            "serve",
            "--port",
            "0",
            "--now",
            "2026-05-01 12:00",
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

    std::fs::write(
        dir.path().join("content/incidents/api.md"),
        INCIDENT.replace("impact: major", "impact: huge"),
    )
    .expect("write");
    let printed_before = server.stderr.lock().expect("stderr").len();
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
