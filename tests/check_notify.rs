//! `vigie check` reads `notify.toml` when the site has one: the same problems `vigie
//! notify` stops on, with file, line, column, field and hint, and without the secrets
//! (their variables are set where notifications are sent, not where the site is checked).

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod notify_support;

use std::path::Path;
use std::process::Command;

use notify_support::{Run, site};

const NOW: &str = "2026-04-01 12:00";

/// `vigie check` on the site at `root`, with no variable of notify.toml set.
fn check(root: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(["--now", NOW])
        .env_remove("SMTP_PASSWORD")
        .env_remove("RECIPIENTS")
        .env_remove("HOOK_URL")
        .output()
        .expect("vigie runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const SMTP: &str = "[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"starttls\"\n\
     username = \"status@example.com\"\npassword_env = \"SMTP_PASSWORD\"\n\
     from = \"Test status <status@example.com>\"\n";

const EMAIL: &str =
    "\n[[destinations]]\nname = \"clients\"\nkind = \"email\"\nrecipients_env = \"RECIPIENTS\"\n";

#[test]
fn a_valid_notify_toml_checks_without_its_secrets() {
    let dir = site(&format!(
        "{SMTP}{EMAIL}\n[[destinations]]\nname = \"hook\"\nkind = \"slack\"\nurl_env = \"HOOK_URL\"\n"
    ));
    let run = check(dir.path());
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("checked: "), "{}", run.stdout);
}

#[test]
fn a_wrong_destination_kind_is_the_same_error_as_notify_gives() {
    let dir = site("[[destinations]]\nname = \"hook\"\nkind = \"slak\"\nurl_env = \"HOOK_URL\"\n");
    let run = check(dir.path());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: notify.toml:3:9: destinations.kind: `slak` is not a kind of destination\n  \
         hint: did you mean `slack`? Accepted: email, slack, discord, teams, webhook\n\
         1 error, 0 warnings\n\
         nothing was written: fix the errors above and run again\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_secret_written_in_the_file_is_refused() {
    let dir = site(
        "[[destinations]]\nname = \"hook\"\nkind = \"slack\"\nurl = \"https://hooks.slack.com/x\"\n",
    );
    let run = check(dir.path());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: notify.toml:4:1: destinations.url: unknown key `url`\n  \
         hint: a secret is never written in notify.toml: write `url_env = \"VARIABLE\"` and put \
         it in that environment variable\n\
         1 error, 0 warnings\n\
         nothing was written: fix the errors above and run again\n"
    );
}

#[test]
fn an_unknown_component_is_named() {
    let dir = site(
        "[[destinations]]\nname = \"hook\"\nkind = \"slack\"\nurl_env = \"HOOK_URL\"\n\
         components = [\"apii\"]\n",
    );
    let run = check(dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: notify.toml:5:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`apii`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`api`"),
        "the hint names it: {}",
        run.stderr
    );
}

#[test]
fn a_ca_file_that_is_missing_or_no_certificate_is_named() {
    let dir = site(&format!(
        "{SMTP}ca_file = \"certs/private-ca.pem\"\n{EMAIL}"
    ));
    let hint = "  hint: name the PEM file of the certificate authority that signed the SMTP \
                server's certificate, relative to the site's folder \
                (`-----BEGIN CERTIFICATE-----`)\n";
    let missing = check(dir.path());
    assert_eq!(missing.code, 1);
    assert_eq!(
        missing.stderr,
        format!(
            "error: notify.toml:7:12: smtp.ca_file: `certs/private-ca.pem` cannot be read: \
             there is no such file\n{hint}\
             1 error, 0 warnings\n\
             nothing was written: fix the errors above and run again\n"
        )
    );
    std::fs::create_dir_all(dir.path().join("certs")).expect("certs");
    std::fs::write(
        dir.path().join("certs/private-ca.pem"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .expect("not a certificate");
    let not_one = check(dir.path());
    assert_eq!(not_one.code, 1);
    assert_eq!(
        not_one.stderr,
        format!(
            "error: notify.toml:7:12: smtp.ca_file: `certs/private-ca.pem` holds no PEM \
             certificate\n{hint}\
             1 error, 0 warnings\n\
             nothing was written: fix the errors above and run again\n"
        )
    );
}

#[test]
fn a_site_without_notify_toml_checks_as_before() {
    let dir = site("");
    std::fs::remove_file(dir.path().join("notify.toml")).expect("no notify.toml");
    let run = check(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}

#[test]
fn a_notify_toml_that_is_not_text_fails_the_check_naming_where() {
    let dir = site("");
    std::fs::write(
        dir.path().join("notify.toml"),
        b"horizon = \"24h\"\n# caf\xe9\n",
    )
    .expect("a Latin-1 notify.toml");
    let run = check(dir.path());
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: notify.toml:2:6: the file is not UTF-8 text: save it as UTF-8 in your editor\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn each_secret_written_in_the_file_is_refused_with_the_variable_to_name_instead() {
    let cases = [
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"status@example.com\"\npassword = \"hunter2\"\n",
            "notify.toml:4:1: smtp.password: unknown key `password`",
            "password_env",
        ),
        (
            "[[destinations]]\nname = \"hook\"\nkind = \"slack\"\nwebhook = \"https://hooks.slack.com/x\"\n",
            "notify.toml:4:1: destinations.webhook: unknown key `webhook`",
            "url_env",
        ),
        (
            "[[destinations]]\nname = \"hook\"\nkind = \"webhook\"\nurl_env = \"HOOK_URL\"\nsecret = \"s3cret\"\n",
            "notify.toml:5:1: destinations.secret: unknown key `secret`",
            "secret_env",
        ),
    ];
    for (toml, problem, variable) in cases {
        let run = check(site(toml).path());
        assert_eq!(run.code, 1, "{toml}");
        assert_eq!(
            run.stderr,
            format!(
                "error: {problem}\n  \
                 hint: a secret is never written in notify.toml: write `{variable} = \"VARIABLE\"` \
                 and put it in that environment variable\n\
                 1 error, 0 warnings\n\
                 nothing was written: fix the errors above and run again\n"
            ),
            "{toml}"
        );
    }
}

#[test]
fn an_unknown_key_is_matched_against_the_keys_of_its_own_table() {
    let cases = [
        (
            "retrie = 3\n",
            "notify.toml:1:1: retrie: unknown key `retrie`\n  \
             hint: did you mean `retries`? Accepted: horizon, record, retries, backoff, smtp, \
             destinations",
        ),
        (
            "[smtp]\nhosts = \"smtp.example.com\"\nfrom = \"status@example.com\"\n",
            "notify.toml:2:1: smtp.hosts: unknown key `hosts`\n  \
             hint: did you mean `host`? Accepted: host, port, security, username, password_env, \
             from, unsubscribe, ca_file",
        ),
    ];
    for (toml, expected) in cases {
        let run = check(site(toml).path());
        assert_eq!(run.code, 1, "{toml}");
        assert_eq!(
            run.stderr,
            format!(
                "error: {expected}\n1 error, 0 warnings\n\
                 nothing was written: fix the errors above and run again\n"
            ),
            "{toml}"
        );
    }
}

#[test]
fn an_email_destination_needs_recipients_in_the_file_or_in_a_variable() {
    let email = |recipients: &str| {
        site(&format!(
            "{SMTP}\n[[destinations]]\nname = \"clients\"\nkind = \"email\"\n{recipients}"
        ))
    };
    let listed = check(email("recipients = [\"ops@example.com\"]\n").path());
    assert_eq!(listed.stderr, "");
    assert_eq!(listed.code, 0);
    let neither = check(email("").path());
    assert_eq!(neither.code, 1);
    assert_eq!(
        neither.stderr,
        "error: notify.toml:9:9: destinations.recipients_env: the email destination `clients` \
         has no `recipients_env`\n  \
         hint: name the variable that holds the addresses, comma-separated (or list \
         `recipients`)\n\
         1 error, 0 warnings\n\
         nothing was written: fix the errors above and run again\n"
    );
}
