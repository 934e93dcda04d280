//! The nginx configuration of docs/rooms/nginx.conf, served by a real nginx over rooms
//! built by vigie: an anonymous request is refused, each client's login opens their room
//! and no other. Needs `nginx` and `openssl` (`.ci/run` installs them).

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, read, vigie};

/// An nginx started by the test, stopped when the test ends.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port free at the time of asking.
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// The line of an htpasswd file for `user`, hashed by `openssl passwd -apr1`.
fn htpasswd(user: &str, password: &str) -> String {
    let out = Command::new("openssl")
        .args(["passwd", "-apr1", password])
        .output()
        .expect("openssl runs (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!("{user}:{}", String::from_utf8_lossy(&out.stdout).trim())
}

/// Standard base64, for the `Authorization` header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// GET `path`, with a login when given: the whole response (status line, headers, body).
fn get(port: u16, path: &str, login: Option<(&str, &str)>) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let auth = login.map_or(String::new(), |(user, password)| {
        format!(
            "Authorization: Basic {}\r\n",
            base64(format!("{user}:{password}").as_bytes())
        )
    });
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: rooms.status.example\r\n{auth}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

fn status(response: &str) -> &str {
    response.split_whitespace().nth(1).unwrap_or("")
}

/// Starts nginx with the documented server block, pointed at `rooms` and at the password
/// files of `logins`, on `port`.
fn serve(rooms: &Path, dir: &Path, port: u16) -> Nginx {
    let documented = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rooms/nginx.conf"));
    let server = documented
        .replace("listen 8080;", &format!("listen 127.0.0.1:{port};"))
        .replace("/srv/status-rooms", rooms.to_str().expect("utf-8"))
        .replace("/etc/nginx/rooms/", &format!("{}/", dir.display()));
    assert_ne!(
        server, documented,
        "the documented configuration changed shape"
    );
    std::fs::write(dir.join("rooms.conf"), server).expect("write");
    let temp = |name: &str| format!("{name} {}/{name};", dir.display());
    let main = format!(
        "daemon off;\nuser root root;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  {} {} {} {} {}\n  include {dir}/rooms.conf;\n}}\n",
        temp("client_body_temp_path"),
        temp("proxy_temp_path"),
        temp("fastcgi_temp_path"),
        temp("uwsgi_temp_path"),
        temp("scgi_temp_path"),
        dir = dir.display()
    );
    std::fs::write(dir.join("nginx.conf"), main).expect("write");
    let child = Command::new("nginx")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx runs (.ci/run installs it: apt-get install nginx)");
    let nginx = Nginx(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

#[test]
fn nginx_refuses_anonymous_requests_and_opens_each_room_to_its_client_only() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let rooms = dir.path().join("rooms");
    let port = free_port();
    let run = vigie(&[
        "build",
        "--root",
        fixture("rooms").to_str().expect("utf-8"),
        "--now",
        "2026-04-03 10:30",
        "--base-url",
        "https://rooms.status.example/",
        "--rooms",
        rooms.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let logins = [
        ("acme", "acme-pass"),
        ("globex", "globex-pass"),
        ("initech", "initech-pass"),
    ];
    for (client, password) in logins {
        let line = htpasswd(client, password);
        std::fs::write(dir.path().join(format!("{client}.htpasswd")), line + "\n").expect("write");
    }
    let _nginx = serve(&rooms, dir.path(), port);

    let anonymous = get(port, "/acme/", None);
    assert_eq!(status(&anonymous), "401", "{anonymous}");
    assert!(
        anonymous.contains("WWW-Authenticate: Basic realm=\"Acme Corp\""),
        "{anonymous}"
    );
    assert!(!anonymous.contains("ACME"), "{anonymous}");

    let acme = get(port, "/acme/incidents/shared/report/", Some(logins[0]));
    assert_eq!(status(&acme), "200", "{acme}");
    assert!(acme.contains("Incident report for Acme Corp"), "{acme}");
    assert!(acme.contains("X-Robots-Tag: noindex, nofollow"), "{acme}");
    assert!(acme.contains("Cache-Control: private, no-store"), "{acme}");
    assert!(
        acme.contains("href=\"/acme/incidents/shared/\""),
        "the room's links stay in the room"
    );

    let wrong_room = get(port, "/globex/", Some(logins[0]));
    assert_eq!(
        status(&wrong_room),
        "401",
        "acme's login opens acme's room only"
    );
    let wrong_password = get(port, "/acme/", Some(("acme", "globex-pass")));
    assert_eq!(status(&wrong_password), "401");
    let globex = get(port, "/globex/", Some(logins[1]));
    assert_eq!(status(&globex), "200");
    assert!(globex.contains("Espace Globex Corp"), "{globex}");
    for listing in ["/", "/rooms/", "/acme"] {
        let response = get(port, listing, Some(logins[0]));
        assert!(
            ["404", "301"].contains(&status(&response)) && !response.contains("globex"),
            "{listing}: {response}"
        );
    }
}
