//! `vigie notify`'s e-mail against a real SMTP server (aiosmtpd, started by the test): each
//! message parsed back by Python's e-mail parser and checked: headers, threading, both
//! parts, absolute links, language, list headers, one recipient per message.
//!
//! These tests never skip: without aiosmtpd they fail, naming what to install
//! (`.ci/run` installs it).

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod notify_support;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use notify_support::{UPDATES, notify, record, site};

const NOW: &str = "2026-04-01 12:00";
const SINCE: &str = "2026-04-01 00:00";

/// An aiosmtpd server on 127.0.0.1, stopped when dropped.
struct SmtpServer {
    port: u16,
    child: Child,
    outbox: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> Self {
        Self::start_with(&[])
    }

    /// A server that requires these credentials (`[user, password]`), or none, and speaks
    /// TLS when given `--starttls CERT KEY` or `--tls CERT KEY` (smtp_sink.py).
    fn start_with(options: &[&str]) -> Self {
        let check = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .output();
        match check {
            Ok(out) if out.status.success() => {}
            _ => panic!(
                "the e-mail tests need Python 3 with aiosmtpd, a real SMTP server: \
                 `python3 -m pip install aiosmtpd` (.ci/run installs it); they never skip"
            ),
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let outbox = tempfile::tempdir().expect("outbox");
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notify_support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(outbox.path())
            .args(options)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server says it is ready");
        assert_eq!(line.trim(), "ready");
        SmtpServer {
            port,
            child,
            outbox,
        }
    }

    /// Every message accepted so far, in order.
    fn messages(&self) -> Vec<serde_json::Value> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.outbox.path())
            .expect("outbox")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                serde_json::from_str(&std::fs::read_to_string(p).expect("message")).expect("JSON")
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn header<'a>(message: &'a serde_json::Value, name: &str) -> Vec<&'a str> {
    message["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .filter(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .filter_map(|h| h[1].as_str())
        .collect()
}

fn one(message: &serde_json::Value, name: &str) -> String {
    let values = header(message, name);
    assert_eq!(values.len(), 1, "one {name} header: {values:?}");
    values[0].to_string()
}

fn email_site(port: u16, recipients: &str) -> tempfile::TempDir {
    site(&format!(
        "retries = 1\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n\
         from = \"Test status <status@example.com>\"\n\
         unsubscribe = \"https://status.example.com/unsubscribe\"\n\n\
         [[destinations]]\nname = \"clients\"\nkind = \"email\"\nrecipients_env = \"RECIPIENTS\"\n\
         # {recipients}\n"
    ))
}

#[test]
fn each_update_is_an_email_in_one_thread_with_both_parts() {
    let server = SmtpServer::start();
    let dir = email_site(server.port, "");
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("RECIPIENTS", "ana@client.example, bo@client.example")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let messages = server.messages();
    assert_eq!(messages.len(), 6, "three updates, to each recipient alone");
    let root_id = "<incident.2026-04-01-api-errors.update.20260401T080500Z@status.example.com>";
    for (n, message) in messages.iter().enumerate() {
        let to = one(message, "To");
        let (mine, other) = if n % 2 == 0 {
            ("ana@client.example", "bo@client.example")
        } else {
            ("bo@client.example", "ana@client.example")
        };
        assert_eq!(to, mine);
        assert_eq!(message["rcpt_tos"], serde_json::json!([mine]));
        let raw = message["raw"].as_str().expect("raw");
        assert!(
            !raw.contains(other),
            "another recipient's address is never visible"
        );
        assert!(header(message, "Bcc").is_empty() && header(message, "Cc").is_empty());
        assert_eq!(one(message, "From"), "Test status <status@example.com>");
        assert_eq!(one(message, "Content-Language"), "en");
        assert_eq!(
            one(message, "List-Id"),
            "\"Test status\" <clients.status.example.com>"
        );
        assert_eq!(
            one(message, "List-Unsubscribe"),
            "<https://status.example.com/unsubscribe>"
        );
        assert_eq!(one(message, "X-Vigie-Event"), UPDATES[n / 2]);
        assert_eq!(message["content_type"], "multipart/alternative");
    }
    let first = &messages[0];
    assert_eq!(one(first, "Subject"), "[Investigating] API errors");
    assert_eq!(one(first, "Message-ID"), root_id);
    assert!(
        header(first, "In-Reply-To").is_empty(),
        "the thread's first message"
    );
    let second = &messages[2];
    assert_eq!(one(second, "Subject"), "[Monitoring] API errors");
    assert_eq!(
        one(second, "Message-ID"),
        "<incident.2026-04-01-api-errors.update.20260401T085000Z@status.example.com>"
    );
    assert_eq!(one(second, "In-Reply-To"), root_id);
    assert_eq!(one(second, "References"), root_id);
    assert_eq!(one(&messages[4], "In-Reply-To"), root_id);
    let link = "https://status.example.com/incidents/2026-04-01-api-errors/";
    // On the wire, lines end in CRLF.
    let text = second["text"]
        .as_str()
        .expect("a text part")
        .replace("\r\n", "\n");
    assert!(
        text.starts_with("API errors · Monitoring\n\nA fix is out; some calls are still slow.\n"),
        "{text}"
    );
    assert!(
        text.contains("Affected: API (degraded performance)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "We will write again by Wednesday 1 April 2026, 12:50 (Europe/Paris) at the latest"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("Live status: {link}\n")), "{text}");
    let html = second["html"].as_str().expect("an HTML part");
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(
        html.contains("A fix is out; some calls are still slow."),
        "{html}"
    );
    let hrefs: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(hrefs.len(), 2, "{html}");
    for href in hrefs {
        let href = href.replace("&#x2F;", "/");
        assert!(
            href.starts_with("https://status.example.com/"),
            "absolute: {href}"
        );
    }
    for message in &messages {
        let raw = message["raw"].as_str().expect("raw");
        assert!(!raw.contains("INTERNAL"), "nothing internal is ever sent");
    }
}

#[test]
fn a_rejected_recipient_is_owed_and_the_others_served() {
    let server = SmtpServer::start();
    let dir = email_site(server.port, "");
    let env = [("RECIPIENTS", "ana@client.example, reject-me@client.example")];
    let args = ["--now", "2026-04-01 10:10", "--since", SINCE];
    let site_at_ten = dir
        .path()
        .join("content/incidents/2026-04-01-api-errors.md");
    // Only the first update exists at 10:10.
    let text = std::fs::read_to_string(&site_at_ten).expect("incident");
    let first_only = text
        .split("### 10:50")
        .next()
        .expect("before the second update")
        .to_string()
        + "## Timeline\n";
    std::fs::write(&site_at_ten, &first_only).expect("write");
    let run = notify(dir.path(), &args, &env);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].contains("550"), "{}", lines[0]);
    assert!(
        lines[0].starts_with(&format!(
            "owed: {} to clients (recipient 2 of RECIPIENTS): the SMTP server refused it: ",
            UPDATES[0]
        )),
        "{}",
        lines[0]
    );
    assert!(
        !lines[0].contains("reject-me"),
        "no address in the output: {}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "error: 1 sent, 1 still owed: the next run sends them"
    );
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(one(&messages[0], "To"), "ana@client.example");
    let recorded = record(dir.path());
    let sent: Vec<&serde_json::Value> =
        recorded.iter().filter(|l| l["outcome"] == "sent").collect();
    assert_eq!(sent.len(), 1);
    let record_text =
        std::fs::read_to_string(dir.path().join("notify-record.jsonl")).expect("record");
    assert!(
        !record_text.contains("client.example"),
        "the record holds no address"
    );
    // The next run: the served recipient gets nothing twice; the rejected one is still owed.
    let again = notify(dir.path(), &args, &env);
    assert_eq!(again.code, 1);
    assert_eq!(server.messages().len(), 1);
    assert!(
        again.stderr.contains("0 sent, 1 still owed"),
        "{}",
        again.stderr
    );
}

#[test]
fn the_password_comes_from_its_variable_and_authenticates() {
    let server = SmtpServer::start_with(&["status@example.com", "hunter2"]);
    let toml = |password_env: &str| {
        format!(
            "retries = 1\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\
             username = \"status@example.com\"\npassword_env = \"{password_env}\"\n\
             from = \"Test status <status@example.com>\"\n\n\
             [[destinations]]\nname = \"clients\"\nkind = \"email\"\nrecipients = [\"ana@client.example\"]\n",
            server.port
        )
    };
    let args = ["--now", NOW, "--since", SINCE];
    // A wrong password: the server refuses, the deliveries are owed, the password is not
    // printed.
    let dir = site(&toml("SMTP_PASSWORD"));
    let refused = notify(dir.path(), &args, &[("SMTP_PASSWORD", "wrong-one")]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("error: 0 sent, 3 still owed"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("wrong-one"));
    assert!(server.messages().is_empty());
    // The right one, from the variable: every update arrives.
    let accepted = notify(dir.path(), &args, &[("SMTP_PASSWORD", "hunter2")]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    assert_eq!(server.messages().len(), 3);
}

/// A throwaway certificate authority and a certificate it signed for 127.0.0.1, made by
/// openssl (`.ci/run` installs it): `ca.pem`, `server.pem`, `server.key` in the folder.
fn certificates(name: &str) -> tempfile::TempDir {
    certificates_for(name, "IP:127.0.0.1")
}

/// `certificates`, with the server's certificate for `names` (`subjectAltName`).
fn certificates_for(name: &str, names: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("certificates");
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("the TLS tests need openssl (.ci/run installs it); they never skip");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let key = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let subject = format!("/CN={name} test CA");
    openssl(
        &[
            &[
                "req", "-x509", "-days", "2", "-keyout", "ca.key", "-out", "ca.pem",
            ],
            &key[..],
            &["-subj", subject.as_str()],
        ]
        .concat(),
    );
    openssl(
        &[
            &["req", "-new", "-keyout", "server.key", "-out", "server.csr"],
            &key[..],
            &["-subj", "/CN=127.0.0.1"],
        ]
        .concat(),
    );
    std::fs::write(
        dir.path().join("server.ext"),
        format!(
            "subjectAltName = {names}\nbasicConstraints = CA:FALSE\n\
             keyUsage = digitalSignature\nextendedKeyUsage = serverAuth\n"
        ),
    )
    .expect("extensions");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
    dir
}

/// A TLS server (`--starttls` or `--tls`) presenting a certificate of `certs`, requiring
/// a password.
fn tls_server(mode: &str, certs: &Path) -> SmtpServer {
    let cert = certs.join("server.pem");
    let key = certs.join("server.key");
    SmtpServer::start_with(&[
        "status@example.com",
        "hunter2",
        mode,
        cert.to_str().expect("UTF-8 path"),
        key.to_str().expect("UTF-8 path"),
    ])
}

/// A site sending to `port` with `security`, trusting `ca_file` when given.
fn tls_site(port: u16, security: &str, ca_file: Option<&Path>) -> tempfile::TempDir {
    let ca_line = match ca_file {
        Some(_) => "ca_file = \"private-ca.pem\"\n",
        None => "",
    };
    let dir = site(&format!(
        "retries = 1\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"{security}\"\n\
         username = \"status@example.com\"\npassword_env = \"SMTP_PASSWORD\"\n{ca_line}\
         from = \"Test status <status@example.com>\"\n\n\
         [[destinations]]\nname = \"clients\"\nkind = \"email\"\nrecipients = [\"ana@client.example\"]\n"
    ));
    if let Some(ca) = ca_file {
        std::fs::copy(ca, dir.path().join("private-ca.pem")).expect("the CA file");
    }
    dir
}

#[test]
fn starttls_and_implicit_tls_deliver_to_a_server_the_named_ca_signed() {
    let certs = certificates("Private");
    for (mode, security) in [("--starttls", "starttls"), ("--tls", "tls")] {
        let server = tls_server(mode, certs.path());
        let dir = tls_site(server.port, security, Some(&certs.path().join("ca.pem")));
        let run = notify(
            dir.path(),
            &["--now", NOW, "--since", SINCE],
            &[("SMTP_PASSWORD", "hunter2")],
        );
        assert_eq!(run.code, 0, "{security}: {}", run.stderr);
        // The server takes no command but STARTTLS before it (`--starttls`), or speaks only
        // TLS (`--tls`), and takes the password only over TLS: each message went encrypted.
        let messages = server.messages();
        assert_eq!(messages.len(), 3, "{security}: three updates");
        for (message, event) in messages.iter().zip(UPDATES) {
            assert_eq!(one(message, "X-Vigie-Event"), event);
            assert_eq!(one(message, "To"), "ana@client.example");
        }
        let sent = record(dir.path())
            .iter()
            .filter(|l| l["outcome"] == "sent")
            .count();
        assert_eq!(sent, 3, "{security}");
    }
}

#[test]
fn a_server_whose_certificate_is_not_trusted_is_refused_naming_it() {
    let certs = certificates("Private");
    let stranger = certificates("Stranger");
    // Without `ca_file`, and with the file of another authority: refused either way.
    let cases = [
        ("--starttls", "starttls", None),
        ("--tls", "tls", None),
        ("--tls", "tls", Some(stranger.path().join("ca.pem"))),
    ];
    for (mode, security, ca) in cases {
        let server = tls_server(mode, certs.path());
        let dir = tls_site(server.port, security, ca.as_deref());
        let run = notify(
            dir.path(),
            &["--now", NOW, "--since", SINCE],
            &[("SMTP_PASSWORD", "hunter2")],
        );
        assert_eq!(run.code, 1, "{security}: {}", run.stderr);
        let lines: Vec<&str> = run.stderr.lines().collect();
        let refused = format!(
            "owed: {} to clients (recipient 1 of `recipients`): the SMTP server 127.0.0.1:{} \
             is not trusted: invalid peer certificate: UnknownIssuer; if a private \
             certificate authority signed its certificate, name that authority's file in \
             [smtp] ca_file (tried 1 times)",
            UPDATES[0], server.port
        );
        assert_eq!(lines[0], refused, "{security}");
        assert_eq!(
            lines.last().copied(),
            Some("error: 0 sent, 3 still owed: the next run sends them"),
            "{security}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("hunter2"), "no password in the output");
        assert!(server.messages().is_empty(), "{security}: nothing arrived");
        assert!(
            record(dir.path()).iter().all(|l| l["outcome"] != "sent"),
            "{security}: nothing is recorded as sent"
        );
    }
}

#[test]
fn a_certificate_for_another_name_is_refused_naming_both() {
    let certs = certificates_for("Private", "DNS:mail.example.test");
    let server = tls_server("--tls", certs.path());
    let dir = tls_site(server.port, "tls", Some(&certs.path().join("ca.pem")));
    let run = notify(
        dir.path(),
        &["--now", NOW, "--since", SINCE],
        &[("SMTP_PASSWORD", "hunter2")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "owed: {} to clients (recipient 1 of `recipients`): the SMTP server 127.0.0.1:{} \
             is not trusted: invalid peer certificate: certificate not valid for name \
             \"127.0.0.1\"; certificate is only valid for DnsName(\"mail.example.test\"); \
             write in [smtp] host a name its certificate is for (tried 1 times)",
            UPDATES[0], server.port
        )
    );
    assert!(server.messages().is_empty(), "nothing arrived");
    assert!(
        record(dir.path()).iter().all(|l| l["outcome"] != "sent"),
        "nothing is recorded as sent"
    );
}
