//! Reads `notify.toml`: where notifications go, what each destination wants, and the names
//! of the environment variables that hold the secrets.

use std::path::{Path, PathBuf};

use chrono::Duration;
use serde::Deserialize;

use crate::diagnostic::{Diagnostics, Error};
use crate::load::Problem;
use crate::load::frontmatter::{self, Split};
use crate::model::Pos;

/// The file beside `config.toml` that configures `vigie notify`.
pub const FILE: &str = "notify.toml";

/// `notify.toml`, resolved.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    pub horizon: Duration,
    /// The delivery record, relative to the site's folder.
    pub record: PathBuf,
    pub retries: u32,
    pub backoff: std::time::Duration,
    pub smtp: Option<Smtp>,
    pub destinations: Vec<Destination>,
}

/// How e-mail leaves: the SMTP server and the sender.
#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    /// The variable that holds the password.
    pub password_env: Option<String>,
    pub from: String,
    pub unsubscribe: String,
    /// A private certificate authority trusted besides the public ones, for a server whose
    /// certificate it signed.
    pub ca: Option<TrustedCa>,
}

/// The `ca_file` of `[smtp]`: its path as written and its PEM certificates.
#[derive(Debug, Clone)]
pub struct TrustedCa {
    pub file: String,
    pub pem: Vec<u8>,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    /// A relay on the same machine or network, without encryption.
    None,
}

/// Where a kind of message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Slack,
    Discord,
    Teams,
    Webhook,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Slack => "slack",
            Kind::Discord => "discord",
            Kind::Teams => "teams",
            Kind::Webhook => "webhook",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Kind::Email,
            Kind::Slack,
            Kind::Discord,
            Kind::Teams,
            Kind::Webhook,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// The kinds of event a destination may ask for.
pub const EVENT_KINDS: [&str; 4] = ["incident", "component", "maintenance", "postmortem"];

/// One place notifications go.
#[derive(Debug, Clone)]
pub struct Destination {
    pub name: String,
    pub kind: Kind,
    /// Which event kinds (of `EVENT_KINDS`) it wants.
    pub events: Vec<String>,
    /// Only events touching these components; every component when empty.
    pub components: Vec<String>,
    pub language: Option<String>,
    /// E-mail: the addresses written in the file.
    pub recipients: Vec<String>,
    /// E-mail: the variable holding more addresses, comma-separated.
    pub recipients_env: Option<String>,
    /// Chat and webhook: the variable holding the address to post to.
    pub url_env: Option<String>,
    /// Webhook: the variable holding the signing key.
    pub secret_env: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotify {
    horizon: Option<String>,
    record: Option<String>,
    retries: Option<u32>,
    backoff: Option<String>,
    smtp: Option<RawSmtp>,
    #[serde(default)]
    destinations: Vec<RawDestination>,
}

const KEYS: &[&str] = &[
    "horizon",
    "record",
    "retries",
    "backoff",
    "smtp",
    "destinations",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: String,
    port: Option<u16>,
    security: Option<String>,
    username: Option<String>,
    password_env: Option<String>,
    from: String,
    unsubscribe: Option<String>,
    ca_file: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDestination {
    name: String,
    kind: String,
    events: Option<Vec<String>>,
    #[serde(default)]
    components: Vec<String>,
    language: Option<String>,
    #[serde(default)]
    recipients: Vec<String>,
    recipients_env: Option<String>,
    url_env: Option<String>,
    secret_env: Option<String>,
}

/// What notify.toml may name of the site: its component ids and its languages.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    pub components: &'a [&'a str],
    pub languages: &'a [String],
}

/// Reads `notify.toml` under `root`; its problems are diagnostics naming line and field.
pub fn load(
    root: &Path,
    known: Known<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<NotifyConfig, Error> {
    let path = root.join(FILE);
    if !crate::fs::exists(&path) {
        return Err(Error::new(format!(
            "no {FILE} in {}: it says where notifications go (docs/notifications.md)",
            root.display()
        )));
    }
    let text = crate::fs::read_text(root, &path)?;
    let split = Split::whole_toml(&text);
    let file = Path::new(FILE);
    let mut problems = Vec::new();
    let config = match frontmatter::parse::<RawNotify>(&split, KEYS) {
        Ok(raw) => resolve(raw, &split, Site { root, known }, &mut problems),
        Err(problem) => {
            problems.push(in_notify_words(problem, &text));
            None
        }
    };
    diagnostics.extend(problems.into_iter().map(|p| p.into_diagnostic(file)));
    config.ok_or_else(|| Error::new(format!("{FILE} has errors: nothing was sent")))
}

const SMTP_KEYS: &[&str] = &[
    "host",
    "port",
    "security",
    "username",
    "password_env",
    "from",
    "unsubscribe",
    "ca_file",
];

const DESTINATION_KEYS: &[&str] = &[
    "name",
    "kind",
    "events",
    "components",
    "language",
    "recipients",
    "recipients_env",
    "url_env",
    "secret_env",
];

/// A TOML problem said of notify.toml: named by the key of its line, with the keys of the
/// table it is in, and the way to give a secret when one is written in the file.
fn in_notify_words(problem: Problem, text: &str) -> Problem {
    let lines: Vec<&str> = text.lines().collect();
    let line = lines
        .get(problem.pos.line.saturating_sub(1))
        .copied()
        .unwrap_or("");
    let table = lines
        .iter()
        .take(problem.pos.line.saturating_sub(1))
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim().to_string())
        .unwrap_or_default();
    let key = frontmatter::key_of(line).unwrap_or(FILE).to_string();
    let field = if table.is_empty() {
        key.clone()
    } else {
        format!("{table}.{key}")
    };
    let keys = match table.as_str() {
        "smtp" => SMTP_KEYS,
        "destinations" => DESTINATION_KEYS,
        _ => KEYS,
    };
    let hint = if problem.message.starts_with("unknown key") {
        match key.as_str() {
            "url" | "webhook" | "password" | "secret" => {
                let variable = if key == "webhook" {
                    "url"
                } else {
                    key.as_str()
                };
                format!(
                    "a secret is never written in {FILE}: write `{variable}_env = \"VARIABLE\"` \
                     and put it in that environment variable"
                )
            }
            _ => crate::diagnostic::suggest(&key, keys),
        }
    } else {
        format!(
            "{FILE} is TOML: `key = \"text\"`, `key = 3`, `key = [\"a\", \"b\"]`; \
             every key is in docs/notifications.md"
        )
    };
    let expected = [
        ("expected a string", "text in quotes"),
        ("expected a sequence", "a list"),
        ("expected u", "a whole number"),
        ("expected a boolean", "true or false"),
    ];
    let message = match expected.iter().find(|(e, _)| problem.message.contains(e)) {
        Some((_, what)) => format!("`{key}` must be {what}"),
        None => problem.message,
    };
    Problem {
        field,
        message,
        hint: Some(hint),
        pos: problem.pos,
    }
}

/// What notify.toml is read against: the site's folder and what it declares.
#[derive(Clone, Copy)]
struct Site<'a> {
    root: &'a Path,
    known: Known<'a>,
}

fn resolve(
    raw: RawNotify,
    split: &Split<'_>,
    site: Site<'_>,
    problems: &mut Vec<Problem>,
) -> Option<NotifyConfig> {
    let known = site.known;
    let at = |key: &str| frontmatter::locate(split, &[key]).unwrap_or(Pos::new(1, 1));
    let before = problems.len();
    let horizon = match raw.horizon.as_deref() {
        None => Duration::hours(24),
        Some(text) => crate::load::time::parse_duration(text)
            .map_err(|p| problems.push(Problem::new(at("horizon"), "horizon", p.message, p.hint)))
            .unwrap_or_default(),
    };
    let backoff = match raw.backoff.as_deref() {
        None => std::time::Duration::from_secs(2),
        Some(text) => parse_wait(text).unwrap_or_else(|| {
            problems.push(Problem::new(
                at("backoff"),
                "backoff",
                format!("`{text}` is not a wait"),
                "write it like `2s`, `500ms` or `1min`",
            ));
            std::time::Duration::ZERO
        }),
    };
    // A wrong [smtp] is said by its own problems, not again as a missing one.
    let has_smtp = raw.smtp.is_some();
    let smtp = raw.smtp.and_then(|s| smtp(s, split, site.root, problems));
    let mut destinations: Vec<Destination> = Vec::new();
    for (index, d) in raw.destinations.into_iter().enumerate() {
        if let Some(d) = destination(d, index, split, known, problems) {
            if destinations.iter().any(|known| known.name == d.name) {
                problems.push(Problem::new(
                    locate_in_destination(split.front, index, &d.name),
                    "destinations.name",
                    format!("the destination name `{}` is used twice", d.name),
                    "give each destination its own name: the delivery record goes by it",
                ));
            }
            destinations.push(d);
        }
    }
    if !has_smtp && destinations.iter().any(|d| d.kind == Kind::Email) {
        problems.push(Problem::new(
            Pos::new(1, 1),
            "smtp",
            "an e-mail destination needs an [smtp] table",
            "add [smtp] with host, port, security, from (docs/notifications.md)",
        ));
    }
    (problems.len() == before).then(|| NotifyConfig {
        horizon,
        record: PathBuf::from(raw.record.unwrap_or_else(|| "notify-record.jsonl".into())),
        retries: raw.retries.unwrap_or(3).max(1),
        backoff,
        smtp,
        destinations,
    })
}

fn smtp(raw: RawSmtp, split: &Split<'_>, root: &Path, problems: &mut Vec<Problem>) -> Option<Smtp> {
    let security = match raw.security.as_deref().unwrap_or("starttls") {
        "starttls" => Security::StartTls,
        "tls" => Security::Tls,
        "none" => Security::None,
        other => {
            problems.push(Problem::new(
                frontmatter::locate(split, &["smtp", "security"]).unwrap_or(Pos::new(1, 1)),
                "smtp.security",
                format!("`{other}` is not a kind of SMTP security"),
                "write `starttls` (port 587), `tls` (port 465) or `none` (a local relay)",
            ));
            return None;
        }
    };
    if let Err(e) = raw.from.parse::<lettre::message::Mailbox>() {
        problems.push(Problem::new(
            frontmatter::locate(split, &["smtp", "from"]).unwrap_or(Pos::new(1, 1)),
            "smtp.from",
            format!("`{}` is not a sender address: {e}", raw.from),
            "write it `Name <status@example.com>` or `status@example.com`",
        ));
        return None;
    }
    let ca = match raw.ca_file {
        None => None,
        Some(file) => Some(
            trusted_ca(file, split, root)
                .map_err(|p| problems.push(p))
                .ok()?,
        ),
    };
    let port = raw.port.unwrap_or(match security {
        Security::Tls => 465,
        Security::StartTls => 587,
        Security::None => 25,
    });
    let unsubscribe = raw.unsubscribe.unwrap_or_else(|| {
        let address = raw
            .from
            .rsplit_once('<')
            .map_or(raw.from.as_str(), |(_, a)| a.trim_end_matches('>'));
        format!("mailto:{}?subject=unsubscribe", address.trim())
    });
    Some(Smtp {
        host: raw.host,
        port,
        security,
        username: raw.username,
        password_env: raw.password_env,
        from: raw.from,
        unsubscribe,
        ca,
    })
}

/// Reads `[smtp] ca_file`, relative to the site's folder: one or more PEM certificates.
fn trusted_ca(file: String, split: &Split<'_>, root: &Path) -> Result<TrustedCa, Problem> {
    let pos = locate_value(split.front, &file);
    let problem = |message: String| {
        Problem::new(
            pos,
            "smtp.ca_file",
            message,
            "name the PEM file of the certificate authority that signed the SMTP server's \
             certificate, relative to the site's folder (`-----BEGIN CERTIFICATE-----`)",
        )
    };
    let pem = crate::fs::read_named(&root.join(&file))
        .map_err(|why| problem(format!("`{file}` cannot be read: {why}")))?;
    let certificates = lettre::transport::smtp::client::Certificate::from_pem(&pem);
    let has_one = String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----");
    match (certificates, has_one) {
        (Ok(_), true) => Ok(TrustedCa { file, pem }),
        _ => Err(problem(format!("`{file}` holds no PEM certificate"))),
    }
}

fn destination(
    raw: RawDestination,
    index: usize,
    split: &Split<'_>,
    known: Known<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Destination> {
    let known_components = known.components;
    let locate = |value: &str| locate_in_destination(split.front, index, value);
    let pos = locate(&raw.name);
    let before = problems.len();
    if !crate::load::is_valid_slug(&raw.name) {
        problems.push(Problem::new(
            pos,
            "destinations.name",
            format!(
                "the destination name `{}` is not lowercase letters, digits and dashes",
                raw.name
            ),
            format!("write it `{}`", crate::load::slugify(&raw.name)),
        ));
    }
    let kinds = ["email", "slack", "discord", "teams", "webhook"];
    let Some(kind) = Kind::parse(&raw.kind) else {
        problems.push(Problem::new(
            locate(&raw.kind),
            "destinations.kind",
            format!("`{}` is not a kind of destination", raw.kind),
            crate::diagnostic::suggest(&raw.kind, &kinds),
        ));
        return None;
    };
    let events = raw.events.unwrap_or_else(|| {
        ["incident", "maintenance", "postmortem"]
            .map(String::from)
            .to_vec()
    });
    for event in events.iter().filter(|e| !EVENT_KINDS.contains(&e.as_str())) {
        problems.push(Problem::new(
            locate(event),
            "destinations.events",
            format!("`{event}` is not a kind of event"),
            crate::diagnostic::suggest(event, &EVENT_KINDS),
        ));
    }
    for id in raw
        .components
        .iter()
        .filter(|c| !known_components.contains(&c.as_str()))
    {
        problems.push(Problem::new(
            locate(id),
            "destinations.components",
            format!("no component `{id}` in config.toml"),
            crate::diagnostic::suggest(id, known_components),
        ));
    }
    if let Some(language) = raw
        .language
        .as_ref()
        .filter(|l| !known.languages.contains(l))
    {
        problems.push(Problem::new(
            locate(language),
            "destinations.language",
            format!("no language file for `{language}`"),
            format!(
                "available: {}; add one as i18n/{language}.toml in the site",
                known.languages.join(", ")
            ),
        ));
    }
    let needs = |present: bool, key: &str, why: &str| {
        (!present).then(|| {
            Problem::new(
                pos,
                &format!("destinations.{key}"),
                format!(
                    "the {} destination `{}` has no `{key}`",
                    kind.as_str(),
                    raw.name
                ),
                why.to_string(),
            )
        })
    };
    problems.extend(match kind {
        Kind::Email => needs(
            !raw.recipients.is_empty() || raw.recipients_env.is_some(),
            "recipients_env",
            "name the variable that holds the addresses, comma-separated (or list `recipients`)",
        ),
        _ => needs(
            raw.url_env.is_some(),
            "url_env",
            "name the environment variable that holds the webhook's address",
        ),
    });
    (problems.len() == before).then_some(Destination {
        name: raw.name,
        kind,
        events,
        components: raw.components,
        language: raw.language,
        recipients: raw.recipients,
        recipients_env: raw.recipients_env,
        url_env: raw.url_env,
        secret_env: raw.secret_env,
    })
}

/// A short wait: `2s`, `500ms`, `1min`, `0s`.
fn parse_wait(text: &str) -> Option<std::time::Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    match unit.trim() {
        "ms" => Some(std::time::Duration::from_millis(number)),
        "s" => Some(std::time::Duration::from_secs(number)),
        "min" => Some(std::time::Duration::from_secs(number * 60)),
        _ => None,
    }
}

/// The position of the first line that holds `"value"` (after its quote).
fn locate_value(text: &str, value: &str) -> Pos {
    locate_in_lines(text, 0..usize::MAX, value).unwrap_or(Pos::new(1, 1))
}

/// The position of `"value"` in the `index`-th `[[destinations]]` table (from its header
/// to the next table's), so that a value two destinations share is placed in the one it is
/// said of; anywhere in the file when the tables are not written under headers.
fn locate_in_destination(text: &str, index: usize, value: &str) -> Pos {
    let headers: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim().starts_with('['))
        .map(|(i, _)| i)
        .collect();
    let own = text
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let compact: String = line.split_whitespace().collect();
            compact.starts_with("[[destinations]]")
        })
        .nth(index)
        .map(|(start, _)| {
            let end = headers.iter().copied().find(|h| *h > start);
            start..end.unwrap_or(usize::MAX)
        });
    own.and_then(|lines| locate_in_lines(text, lines, value))
        .unwrap_or_else(|| locate_value(text, value))
}

/// The position of `"value"` (after its quote) in the first of `lines` (0-based) that holds it.
fn locate_in_lines(text: &str, lines: std::ops::Range<usize>, value: &str) -> Option<Pos> {
    let quoted = format!("\"{value}\"");
    let all: Vec<&str> = text.lines().collect();
    let end = lines.end.min(all.len());
    all.get(lines.start..end)?
        .iter()
        .zip(lines.start..)
        .find_map(|(line, i)| line.find(&quoted).map(|c| Pos::new(i + 1, c + 2)))
}

/// The value of an environment variable named in `notify.toml`, or an error naming it.
pub fn secret(variable: &str, what: &str) -> Result<String, Error> {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_string()),
        Ok(_) => Err(Error::new(format!(
            "the environment variable {variable} is empty: it must hold {what} ({FILE})"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::new(format!(
            "the environment variable {variable} is not valid UTF-8: it must hold {what} ({FILE})"
        ))),
        Err(std::env::VarError::NotPresent) => Err(Error::new(format!(
            "the environment variable {variable} is not set: it holds {what} ({FILE})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_in_milliseconds_seconds_and_minutes() {
        assert_eq!(parse_wait("0s"), Some(std::time::Duration::ZERO));
        assert_eq!(
            parse_wait("250ms"),
            Some(std::time::Duration::from_millis(250))
        );
        assert_eq!(
            parse_wait("2 min"),
            Some(std::time::Duration::from_secs(120))
        );
        assert_eq!(parse_wait("soon"), None);
        assert_eq!(parse_wait("3h"), None);
    }
}
