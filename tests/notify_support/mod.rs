//! What the notification tests share: a real HTTP receiver on 127.0.0.1 that records what
//! it is sent (and can fail or hold requests), a small site with an incident, and a way to
//! run `vigie notify` with environment variables.

#![allow(dead_code, reason = "each test file uses a different subset")]
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test helper that cannot do its job fails the test"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Whether the receiver answered it with a success.
    pub accepted: bool,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }

    pub fn event(&self) -> String {
        self.header("X-Vigie-Event")
            .expect("every request names its event")
            .to_string()
    }
}

/// A webhook receiver: answers HTTP 500 to its first `failures` requests, then 200; while
/// `hold` is set, it keeps every request after the first waiting, unanswered.
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    failures: Arc<AtomicUsize>,
    hold: Arc<AtomicBool>,
}

impl Receiver {
    pub fn start(failures: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let receiver = Receiver {
            url,
            received: Arc::default(),
            failures: Arc::new(AtomicUsize::new(failures)),
            hold: Arc::default(),
        };
        let (received, failures, hold) = (
            receiver.received.clone(),
            receiver.failures.clone(),
            receiver.hold.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (received, failures, hold) = (received.clone(), failures.clone(), hold.clone());
                std::thread::spawn(move || serve(stream, &received, &failures, &hold));
            }
        });
        receiver
    }

    /// Keeps requests after the first one waiting, unanswered, until `release`.
    pub fn hold(&self) {
        self.hold.store(true, Ordering::SeqCst);
    }

    pub fn release(&self) {
        self.hold.store(false, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// The requests answered with a success.
    pub fn accepted(&self) -> Vec<Received> {
        self.received().into_iter().filter(|r| r.accepted).collect()
    }

    /// Waits up to ten seconds for `count` requests (answered or not).
    pub fn wait_for(&self, count: usize) {
        for _ in 0..1000 {
            if self.received.lock().expect("lock").len() >= count {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the receiver did not get {count} requests");
    }
}

fn serve(
    stream: TcpStream,
    received: &Mutex<Vec<Received>>,
    failures: &AtomicUsize,
    hold: &AtomicBool,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let failing = failures
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let first = received.lock().expect("lock").is_empty();
    let held = hold.load(Ordering::SeqCst) && !first;
    let request = Received {
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        accepted: !failing && !held,
    };
    received.lock().expect("lock").push(request.clone());
    if !request.accepted && !failing {
        // Held: never answered while the hold lasts.
        while hold.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        return;
    }
    let status = if failing {
        "500 Internal Server Error"
    } else {
        "200 OK"
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
    );
}

/// What a run of `vigie notify` printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `vigie notify ARGS` on the site at `root`, with the environment variables `env`.
pub fn notify(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = command(root, args, env).output().expect("vigie runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The command `vigie notify ARGS` on `root`, not started.
pub fn command(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vigie"));
    command
        .arg("notify")
        .arg("--root")
        .arg(root)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
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

/// An incident of three public updates, with an internal entry and internal notes that
/// must never be sent.
pub const INCIDENT: &str = "---
title: API errors
impact: major
started: 2026-04-01 10:00
components:
  api: partial_outage
---

## Updates

### 10:05 [investigating, next 11:00]
We are looking into errors on the API.

### 10:50 [monitoring, api: degraded_performance]
A fix is out; some calls are still slow.

### 11:30 [resolved]
Every call works again.

## Timeline

- 10:02 [detection, on-call engineer] INTERNAL-ENTRY the alert fired.

## Internal notes

INTERNAL-NOTES: the on-call phone number.
";

/// The ids of the incident's three updates, in order.
pub const UPDATES: [&str; 3] = [
    "incident/2026-04-01-api-errors/update/20260401T080500Z",
    "incident/2026-04-01-api-errors/update/20260401T085000Z",
    "incident/2026-04-01-api-errors/update/20260401T093000Z",
];

/// A site with the incident and `notify` as its notify.toml.
pub fn site(notify: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/incidents")).expect("folder");
    std::fs::write(root.join("config.toml"), CONFIG).expect("config");
    std::fs::write(
        root.join("content/incidents/2026-04-01-api-errors.md"),
        INCIDENT,
    )
    .expect("incident");
    std::fs::write(root.join("notify.toml"), notify).expect("notify.toml");
    dir
}

/// The lines of the delivery record.
pub fn record(root: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(root.join("notify-record.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}
