//! `vigie notify`: delivers every public event not yet delivered to the destinations of
//! `notify.toml` (e-mail, Slack, Discord, Teams, webhooks), none lost, none twice. The
//! guarantees and the failure table are in docs/notifications.md.

pub mod config;
pub mod events;
mod formats;
mod message;
pub mod record;
mod transport;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use config::{Destination, Kind, NotifyConfig};
use events::Event;
use message::Written;
use record::{Lock, Outcome, Record};

use crate::diagnostic::{Diagnostics, Error};
use crate::model::{Instant, Site};

/// What `vigie notify` was asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub root: &'a Path,
    /// `--now` as written; the current time when absent.
    pub now: Option<&'a str>,
    /// `--since`: replaces the horizon of destinations running for the first time.
    pub since: Option<&'a str>,
    /// Print what would be sent; send nothing, record nothing.
    pub dry_run: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub sent: usize,
    /// Each delivery still owed: event, destination, why.
    pub owed: Vec<(String, String, String)>,
}

/// Loads the site and `notify.toml`, then delivers (or, in a dry run, prints) every event
/// each destination has not had yet.
pub fn run(
    request: &Request<'_>,
    out: &mut dyn Write,
    diagnostics: &mut Diagnostics,
) -> Result<Summary, Error> {
    let (site, loaded) = crate::load::load_site(request.root)?;
    diagnostics.extend(loaded);
    let now = crate::build::resolve_now(request.now, &site)?;
    diagnostics.extend(crate::check::check_site(&site, now));
    if diagnostics.has_errors() {
        return Err(Error::new(
            "the site has errors: nothing was sent (a notification says what the page says)",
        ));
    }
    // What clients everywhere read: nothing internal, nothing addressed to one client.
    let site = site.read_by(crate::model::Audience::Public);
    let config = load_config(request.root, &site.config, diagnostics)?;
    let since = match request.since {
        Some(text) => Some(crate::build::resolve_now(Some(text), &site).map_err(|e| {
            Error::new(format!(
                "--since: {}",
                e.to_string().trim_start_matches("--now: ")
            ))
        })?),
        None => None,
    };
    // Read before the lock: a missing secret is reported as such, even while another run
    // holds the lock.
    let secrets = match request.dry_run {
        true => Secrets::default(),
        false => Secrets::resolve(&config)?,
    };
    let record_path = request.root.join(&config.record);
    // Held until the run ends: a second run at once stops here.
    let _lock = match request.dry_run {
        true => None,
        false => Some(Lock::take(&record_path)?),
    };
    let mut record = Record::read(&record_path)?;
    let run = Run {
        root: request.root,
        site: &site,
        config: &config,
        now,
        since,
        dry_run: request.dry_run,
        secrets,
        http: transport::Http::new(),
        written: HashMap::new(),
    };
    run.deliver_all(&mut record, out)
}

/// `notify.toml`, read against the site's components and languages.
fn load_config(
    root: &Path,
    site: &crate::model::Config,
    diagnostics: &mut Diagnostics,
) -> Result<NotifyConfig, Error> {
    let ids: Vec<&str> = site.components.iter().map(|c| c.id.as_str()).collect();
    let languages = crate::theme::language_codes(root, &site.theme);
    let known = config::Known {
        components: &ids,
        languages: &languages,
    };
    config::load(root, known, diagnostics)
}

/// `vigie check`'s reading of `notify.toml`, when the site has one: the problems `vigie
/// notify` would stop on, as diagnostics. Secrets are not read: their variables are set
/// where notifications are sent, not where the site is checked. An error when the file
/// cannot be read, or when it has problems: those are among the diagnostics, which `vigie
/// check` reports instead of the error.
pub fn check(
    root: &Path,
    site: &crate::model::Config,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    if !crate::fs::exists(&root.join(config::FILE)) {
        return Ok(());
    }
    load_config(root, site, diagnostics).map(|_| ())
}

/// The secrets of a run, read from the environment before anything is sent.
#[derive(Default)]
struct Secrets {
    password: Option<String>,
    /// By destination name: where to post, or whom to write to.
    urls: HashMap<String, String>,
    keys: HashMap<String, String>,
    recipients: HashMap<String, Vec<String>>,
}

impl Secrets {
    fn resolve(config: &NotifyConfig) -> Result<Self, Error> {
        let mut secrets = Secrets::default();
        if let Some(variable) = config.smtp.as_ref().and_then(|s| s.password_env.as_deref()) {
            secrets.password = Some(config::secret(variable, "the SMTP password")?);
        }
        for d in &config.destinations {
            if let Some(variable) = &d.url_env {
                let what = format!(
                    "the address of the {} destination `{}`",
                    d.kind.as_str(),
                    d.name
                );
                secrets
                    .urls
                    .insert(d.name.clone(), config::secret(variable, &what)?);
            }
            if let Some(variable) = &d.secret_env {
                let what = format!("the signing key of `{}`", d.name);
                secrets
                    .keys
                    .insert(d.name.clone(), config::secret(variable, &what)?);
            }
            let mut recipients = d.recipients.clone();
            if let Some(variable) = &d.recipients_env {
                let what = format!("the recipients of `{}`", d.name);
                let list = config::secret(variable, &what)?;
                recipients.extend(
                    list.split([',', ';', '\n'])
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(String::from),
                );
            }
            secrets.recipients.insert(d.name.clone(), recipients);
        }
        Ok(secrets)
    }
}

struct Run<'a> {
    root: &'a Path,
    site: &'a Site,
    config: &'a NotifyConfig,
    now: Instant,
    since: Option<Instant>,
    dry_run: bool,
    secrets: Secrets,
    http: transport::Http,
    /// Each event written once per language.
    written: HashMap<(String, String), Written>,
}

impl Run<'_> {
    fn deliver_all(mut self, record: &mut Record, out: &mut dyn Write) -> Result<Summary, Error> {
        let events = events::public_events(self.site, self.now);
        let mut summary = Summary::default();
        let mailer = match (&self.config.smtp, self.dry_run) {
            (Some(smtp), false) => Some(
                transport::Mailer::new(smtp, self.secrets.password.clone()).map_err(Error::new)?,
            ),
            _ => None,
        };
        let mut horizons = HashMap::new();
        for destination in &self.config.destinations {
            horizons.insert(destination.name.as_str(), self.join(record, destination)?);
        }
        // After a failure, a recipient's later events wait too: they arrive in order.
        let mut stuck: Vec<(&str, String)> = Vec::new();
        for event in &events {
            for destination in self.config.destinations.iter().filter(|d| wants(d, event)) {
                let horizon = horizons.get(destination.name.as_str()).copied().flatten();
                for (label, to) in self.recipients(destination) {
                    let key = match destination.kind {
                        Kind::Email => record::recipient_key(&to),
                        _ => String::new(),
                    };
                    let name = destination.name.as_str();
                    if record.has(&event.id, name, &key) {
                        continue;
                    }
                    if horizon.is_some_and(|start| event.at < start) {
                        if !self.dry_run {
                            record.append(Outcome::Skipped, name, &event.id, &key, self.now)?;
                        }
                        continue;
                    }
                    if stuck.contains(&(name, key.clone())) {
                        let why = "waits for an earlier delivery that failed".to_string();
                        summary.owed.push((event.id.clone(), label, why));
                        continue;
                    }
                    let written = self.written(event, destination)?;
                    if self.dry_run {
                        self.show(out, destination, event, &written)?;
                        continue;
                    }
                    match self.send(destination, event, &written, &to, mailer.as_ref()) {
                        Ok(()) => {
                            record.append(Outcome::Sent, name, &event.id, &key, self.now)?;
                            summary.sent += 1;
                            let _ = writeln!(out, "sent {} to {name}", event.id);
                        }
                        Err(why) => {
                            stuck.push((name, key));
                            summary.owed.push((event.id.clone(), label, why));
                        }
                    }
                }
            }
        }
        Ok(summary)
    }

    /// The start of the horizon when `destination` runs for the first time (recorded as
    /// joined, except in a dry run); `None` once it has joined.
    fn join(
        &self,
        record: &mut Record,
        destination: &Destination,
    ) -> Result<Option<Instant>, Error> {
        if record.joined(&destination.name).is_some() {
            return Ok(None);
        }
        let start = self.since.unwrap_or(self.now - self.config.horizon);
        if !self.dry_run {
            record.append(Outcome::Joined, &destination.name, "", "", self.now)?;
        }
        Ok(Some(start))
    }

    /// Who gets a copy, and how the output names them without their address: each e-mail
    /// recipient by position, or the one chat or webhook (an empty address).
    fn recipients(&self, destination: &Destination) -> Vec<(String, String)> {
        let name = destination.name.clone();
        match destination.kind {
            Kind::Email if !self.dry_run => {
                let list = self
                    .secrets
                    .recipients
                    .get(&name)
                    .cloned()
                    .unwrap_or_default();
                let source = match (
                    &destination.recipients_env,
                    destination.recipients.is_empty(),
                ) {
                    (Some(variable), true) => variable.clone(),
                    (Some(variable), false) => format!("`recipients`, then {variable}"),
                    (None, _) => "`recipients`".to_string(),
                };
                list.into_iter()
                    .enumerate()
                    .map(|(n, to)| (format!("{name} (recipient {} of {source})", n + 1), to))
                    .collect()
            }
            _ => vec![(name, String::new())],
        }
    }

    fn written(&mut self, event: &Event<'_>, destination: &Destination) -> Result<Written, Error> {
        let lang = destination
            .language
            .clone()
            .unwrap_or_else(|| self.site.config.language.clone());
        let key = (event.id.clone(), lang);
        if let Some(written) = self.written.get(&key) {
            return Ok(written.clone());
        }
        let written = message::write(self.root, self.site, event, &key.1, &self.unsubscribe())
            .map_err(|e| e.context(format!("cannot write the notification of {}", event.id)))?;
        self.written.insert(key, written.clone());
        Ok(written)
    }

    fn unsubscribe(&self) -> String {
        self.config.smtp.as_ref().map_or_else(
            || self.site.config.base_url.clone(),
            |s| s.unsubscribe.clone(),
        )
    }

    /// Sends one delivery, trying `retries` times with a doubling wait.
    fn send(
        &self,
        destination: &Destination,
        event: &Event<'_>,
        written: &Written,
        to: &str,
        mailer: Option<&transport::Mailer>,
    ) -> Result<(), String> {
        let mut wait = self.config.backoff;
        let mut attempt = 1;
        loop {
            let result = match destination.kind {
                Kind::Email => match mailer {
                    Some(mailer) => mailer.send(&self.mail(destination, event, written, to)),
                    None => Err("no [smtp] table".into()),
                },
                _ => self.post(destination, event, written),
            };
            match result {
                Ok(()) => return Ok(()),
                Err(why) if attempt >= self.config.retries => {
                    return Err(format!("{why} (tried {attempt} times)"));
                }
                Err(_) => {
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                    attempt += 1;
                }
            }
        }
    }

    fn post(
        &self,
        destination: &Destination,
        event: &Event<'_>,
        written: &Written,
    ) -> Result<(), String> {
        let url = self
            .secrets
            .urls
            .get(&destination.name)
            .ok_or_else(|| "no address to post to".to_string())?;
        let body = written.body(destination.kind);
        let mut headers = vec![("X-Vigie-Event", event.id.clone())];
        if let Some(key) = self.secrets.keys.get(&destination.name) {
            headers.push(("X-Vigie-Signature", transport::signature(key, &body)));
        }
        self.http.post(url, &body, &headers)
    }

    fn mail<'w>(
        &'w self,
        destination: &Destination,
        event: &'w Event<'_>,
        written: &'w Written,
        to: &'w str,
    ) -> transport::Mail<'w> {
        let root = event.thread_root();
        transport::Mail {
            to,
            subject: &written.notice.subject,
            text: written.text.clone(),
            html: written.html.clone(),
            message_id: self.message_id(&event.id),
            thread_root: (root != event.id).then(|| self.message_id(&root)),
            lang: &written.notice.lang,
            list_id: format!(
                "\"{}\" <{}.{}>",
                self.site.config.title.replace('"', "'"),
                destination.name,
                self.host()
            ),
            unsubscribe: self
                .config
                .smtp
                .as_ref()
                .map_or("", |s| s.unsubscribe.as_str()),
            event: &event.id,
        }
    }

    /// `<incident.SLUG.update.STAMP@host>`: the same for an event in every run.
    fn message_id(&self, event: &str) -> String {
        format!("<{}@{}>", event.replace('/', "."), self.host())
    }

    /// The site's host name, from its base URL.
    fn host(&self) -> String {
        let url = &self.site.config.base_url;
        let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        rest.split(['/', ':'])
            .next()
            .unwrap_or("localhost")
            .to_string()
    }

    /// A dry run's view of one delivery, as its reader would read it.
    fn show(
        &self,
        out: &mut dyn Write,
        destination: &Destination,
        event: &Event<'_>,
        written: &Written,
    ) -> Result<(), Error> {
        let head = format!(
            "──── {} · {} ({}) ────",
            event.id,
            destination.name,
            destination.kind.as_str()
        );
        let body = match destination.kind {
            Kind::Email => {
                let mail = self.mail(destination, event, written, "");
                let mut headers = format!(
                    "To: each recipient of {}, alone\nSubject: {}\nMessage-ID: {}\n",
                    destination.name, mail.subject, mail.message_id
                );
                if let Some(root) = &mail.thread_root {
                    headers.push_str(&format!("In-Reply-To: {root}\nReferences: {root}\n"));
                }
                headers.push_str(&format!(
                    "Content-Language: {}\nList-Id: {}\nList-Unsubscribe: <{}>\n",
                    mail.lang, mail.list_id, mail.unsubscribe
                ));
                format!("{headers}\n{}", written.text)
            }
            Kind::Webhook => written.webhook.clone() + "\n",
            _ => formats::chat_text(&written.notice),
        };
        writeln!(out, "{head}\n{body}")
            .map_err(|e| Error::new("cannot print the dry run").caused_by(&e))
    }
}

/// Whether `destination` asked for `event`: its kind, and one of its components.
fn wants(destination: &Destination, event: &Event<'_>) -> bool {
    destination.events.iter().any(|k| k == event.kind())
        && (destination.components.is_empty()
            || event
                .components
                .iter()
                .any(|c| destination.components.iter().any(|d| d == c)))
}
