//! The command line: one `Args` struct per subcommand, each with a `run` method.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod authoring;
mod import;
mod notify;

use authoring::{IncidentText, Next, append, author, next_steps};

use crate::build::{Outcome, Request};
use crate::diagnostic::{self, Diagnostics};

/// What `vigie --version` says: the version and the commit it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("VIGIE_COMMIT"),
    ")"
);

/// Incident notes in Markdown in, a static status page and blameless postmortems out.
#[derive(Debug, Parser)]
#[command(name = "vigie", version = VERSION, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Start an incident or a maintenance window: writes its file and prints its path.
    #[command(subcommand)]
    New(NewCommand),
    /// Append a public update to an incident, at the current time.
    Update(UpdateArgs),
    /// Append a timeline entry to an incident (internal unless --public), at the current time.
    Note(NoteArgs),
    /// Close an incident with a last public update.
    Resolve(ResolveArgs),
    /// Preview the site on 127.0.0.1, rebuilt and reloaded on every change.
    Serve(ServeArgs),
    /// Removes a previous output set aside by a build (started by `vigie build` itself).
    #[command(hide = true)]
    RemoveOldOutput { dir: PathBuf },
    /// Start a new site: config.toml, one component and a sample incident that builds.
    Init(InitArgs),
    /// Print a ready-to-send customer message about an incident's latest update.
    Message(MessageArgs),
    /// Check the site and render every page in memory, without writing anything.
    Check(CheckArgs),
    /// Add a chat channel's messages or an alerting tool's milestones to an incident's
    /// timeline, as internal entries, in time order, none twice.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Deliver every public event not yet delivered to the destinations of notify.toml
    /// (e-mail, Slack, Discord, Teams, webhooks), none lost, none twice.
    Notify(notify::NotifyArgs),
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// A new incident in content/incidents/, with a first "investigating" update.
    Incident(NewIncidentArgs),
    /// A new maintenance window in content/maintenance/, announced by a "scheduled" update.
    Maintenance(NewMaintenanceArgs),
}

#[derive(Debug, Args)]
struct NewIncidentArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// What clients see, e.g. "Weekly reports not sent".
    title: String,
    /// none, minor, major or critical (aucun, mineur, majeur, critique).
    #[arg(long, value_parser = impact)]
    impact: crate::model::Impact,
    /// An affected component's id, as `ID` or `ID=STATUS` (repeat for several).
    #[arg(long = "component", value_name = "ID[=STATUS]", value_parser = component)]
    components: Vec<(String, Option<crate::model::ComponentStatus>)>,
    /// The first update's promise: a time (`16:00`) or a duration (`2h`). Default: the cadence.
    #[arg(long, value_name = "WHEN")]
    next: Option<String>,
    /// The first update's text. Default: the language's template.
    #[arg(long)]
    text: Option<String>,
}

#[derive(Debug, Args)]
struct NewMaintenanceArgs {
    #[command(flatten)]
    site: SiteArgs,
    title: String,
    /// When the window starts, e.g. "2026-11-28 22:00" (site timezone).
    #[arg(long, value_name = "TIME")]
    starts: String,
    /// When it ends.
    #[arg(long, value_name = "TIME")]
    ends: String,
    /// A component's id (repeat for several).
    #[arg(long = "component", value_name = "ID")]
    components: Vec<String>,
    /// What will happen, for clients.
    #[arg(long)]
    description: Option<String>,
}

#[derive(Debug, Args)]
struct UpdateArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// investigating, identified, monitoring (enquête, identifié, surveillance).
    #[arg(long, value_parser = update_status)]
    status: crate::model::UpdateStatus,
    /// When the next update will come: a time (`22:50`) or a duration (`2h`).
    #[arg(long, value_name = "WHEN")]
    next: Option<String>,
    /// A component this update moves, as `ID=STATUS` (`api=operational`; repeat for several).
    #[arg(long = "component", value_name = "ID=STATUS", value_parser = component_setting)]
    components: Vec<(String, crate::model::ComponentStatus)>,
    /// Reopen a resolved incident: the update tells clients so.
    #[arg(long)]
    reopen: bool,
    /// Address it to a client of `[[clients]]` (repeat for several): only their room shows
    /// it.
    #[arg(long = "for", value_name = "CLIENT")]
    clients: Vec<String>,
    #[command(flatten)]
    incident: IncidentText,
}

#[derive(Debug, Args)]
struct NoteArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// What happened: detection, call, message, check-in, fallback, decision, fix, deploy…
    #[arg(long, value_parser = timeline_kind)]
    kind: crate::model::TimelineKind,
    /// Who, by role: `CSM`, `on-call engineer`.
    #[arg(long)]
    who: Option<String>,
    /// Where a customer communication went: `Slack`, `email`.
    #[arg(long)]
    channel: Option<String>,
    /// Clients may read it (in the postmortem's timeline).
    #[arg(long)]
    public: bool,
    /// Address it to a client of `[[clients]]` (repeat for several): their room shows it,
    /// nobody else's.
    #[arg(long = "for", value_name = "CLIENT")]
    clients: Vec<String>,
    #[command(flatten)]
    incident: IncidentText,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The site's folder, holding config.toml and content/.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// A fixed clock for the preview (default: the real time at each rebuild).
    #[arg(long, value_name = "TIME", value_parser = dated_time)]
    now: Option<String>,
    /// Whose site to preview: `public`, `internal` (the team's) or `client:ID` (a
    /// client's room).
    #[arg(long, default_value = "public", value_parser = parse_audience, value_name = "AUDIENCE")]
    audience: AudienceArg,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The new site's folder; the current one by default.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The site's language: en or fr.
    #[arg(long, default_value = "en", value_parser = ["en", "fr"])]
    lang: String,
    /// The site's timezone, an IANA name such as `Europe/Paris` (default: this machine's).
    #[arg(long, value_name = "ZONE", value_parser = timezone)]
    timezone: Option<chrono_tz::Tz>,
    /// The clock, for the sample incident's date (default: now).
    #[arg(long, value_name = "TIME", value_parser = dated_time)]
    now: Option<String>,
}

#[derive(Debug, Args)]
struct MessageArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The incident (with or without its date); default: the only open incident.
    incident: Option<String>,
    /// Where it will be posted: slack or email.
    #[arg(long, default_value = "slack", value_parser = ["slack", "email"])]
    channel: String,
    /// The message's language (a language file of the theme or site); default: the site's,
    /// or the client's with `--for`.
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// The message for one client of `[[clients]]`: with what is addressed to them, and
    /// nothing addressed to another.
    #[arg(long = "for", value_name = "CLIENT")]
    for_client: Option<String>,
}

#[derive(Debug, Args)]
struct ResolveArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The incident (default: the only open one), then the last word for clients.
    #[command(flatten)]
    incident: IncidentText,
}

/// Reads a word of a vocabulary for clap, listing the accepted ones when it is not one.
fn vocabulary<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    accepted: Vec<&str>,
) -> Result<T, String> {
    parse(text).ok_or_else(|| format!("`{text}` is not one of {}", accepted.join(", ")))
}

fn timezone(text: &str) -> Result<chrono_tz::Tz, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "`{text}` is not an IANA timezone: write it like `Europe/Paris` or `America/New_York`"
        )
    })
}

fn impact(text: &str) -> Result<crate::model::Impact, String> {
    use crate::model::Impact;
    vocabulary(text, Impact::parse, Impact::canonical())
}

fn update_status(text: &str) -> Result<crate::model::UpdateStatus, String> {
    use crate::model::UpdateStatus;
    vocabulary(text, UpdateStatus::parse, UpdateStatus::canonical())
}

fn timeline_kind(text: &str) -> Result<crate::model::TimelineKind, String> {
    use crate::model::TimelineKind;
    vocabulary(text, TimelineKind::parse, TimelineKind::canonical())
}

fn component(text: &str) -> Result<(String, Option<crate::model::ComponentStatus>), String> {
    use crate::model::ComponentStatus;
    match text.split_once('=') {
        None => Ok((text.trim().to_string(), None)),
        Some((id, status)) => {
            let accepted: Vec<&str> = ComponentStatus::canonical()[1..].to_vec();
            let status = vocabulary(status, ComponentStatus::parse, accepted)?;
            Ok((id.trim().to_string(), Some(status)))
        }
    }
}

/// `ID=STATUS` of `vigie update --component`: any component status, operational included.
fn component_setting(text: &str) -> Result<(String, crate::model::ComponentStatus), String> {
    use crate::model::ComponentStatus;
    let Some((id, status)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` says no status: write `{}=operational` (or another status)",
            text.trim()
        ));
    };
    let status = vocabulary(status, ComponentStatus::parse, ComponentStatus::canonical())?;
    Ok((id.trim().to_string(), status))
}

/// Options every command that reads a site shares.
#[derive(Debug, Args)]
struct SiteArgs {
    /// The site's folder, holding config.toml and content/.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The clock of the run, e.g. "2026-11-09 08:00" (site timezone) or
    /// "2026-11-09T08:00+01:00". Fixing it makes a build reproducible.
    #[arg(long, value_name = "TIME", value_parser = dated_time)]
    now: Option<String>,
    /// Makes the blameless check's warnings errors (docs/blameless.md).
    #[arg(long)]
    strict: bool,
}

/// Accepts `--now` when it reads as a dated time; placing it in the site's timezone waits
/// for config.toml.
fn dated_time(text: &str) -> Result<String, String> {
    let hint = "write `2026-11-06 18:40` (site timezone) or `2026-11-06T18:40+01:00`";
    match crate::load::time::parse_time(text) {
        Ok(crate::load::time::WrittenTime::Clock(_)) => {
            Err(format!("`{text}` has no date: {hint}"))
        }
        Ok(_) => Ok(text.to_string()),
        Err(_) => Err(format!("`{text}` is not a time: {hint}")),
    }
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site; replaced as a whole on success. Default: ROOT/public.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Who the site is for: `public` (default); `internal`, the team's complete site with
    /// internal timeline entries, internal notes and draft postmortems, marked noindex; or
    /// `client:ID`, the room of a client of config.toml's `[[clients]]`, marked noindex.
    #[arg(long, default_value = "public", value_parser = parse_audience, conflicts_with = "rooms")]
    audience: AudienceArg,
    /// Builds every client's room, each into its own folder of DIR (`DIR/acme/`); never
    /// under the public output.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    rooms: Option<PathBuf>,
    /// The public address of the site, overriding config.toml's base_url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
}

impl Cli {
    /// Runs the command and returns the process exit code.
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Build(args) => args.run(),
            Command::Check(args) => args.run(),
            Command::Import(command) => command.run(),
            Command::Notify(args) => args.run(),
            Command::Message(args) => args.run(),
            Command::Init(args) => args.run(),
            Command::RemoveOldOutput { dir } => match crate::write::remove_old_output(&dir) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(error),
            },
            Command::Serve(args) => {
                let audience = args.audience.audience();
                match crate::serve::serve(&args.root, args.port, args.now.as_deref(), audience) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(error) => fail(error),
                }
            }
            Command::New(NewCommand::Incident(args)) => {
                let spec = crate::author::NewIncident {
                    title: args.title,
                    impact: args.impact,
                    components: args.components,
                    next: args.next,
                    text: args.text,
                };
                author(&args.site, Next::FirstUpdate, |root, site, now| {
                    crate::author::new_incident(root, site, &spec, now)
                })
            }
            Command::New(NewCommand::Maintenance(args)) => {
                let spec = crate::author::NewMaintenance {
                    title: args.title,
                    starts: args.starts,
                    ends: args.ends,
                    components: args.components,
                    description: args.description,
                };
                author(&args.site, Next::Publish, |root, site, now| {
                    crate::author::new_maintenance(root, site, &spec, now)
                })
            }
            Command::Update(args) => {
                let (incident, text) = args.incident.split();
                let addition = crate::author::Addition::Update {
                    status: args.status,
                    next: args.next.clone(),
                    components: args.components.clone(),
                    text: text.to_string(),
                    resolved: if args.reopen {
                        crate::author::OnResolved::Reopen
                    } else {
                        crate::author::OnResolved::Refuse
                    },
                    clients: args.clients.clone(),
                };
                let next = if args.clients.is_empty() {
                    Next::Publish
                } else {
                    Next::Room
                };
                append(&args.site, incident, &addition, next)
            }
            Command::Note(args) => {
                let (incident, text) = args.incident.split();
                let addition = crate::author::Addition::Note {
                    kind: args.kind,
                    who: args.who.clone(),
                    public: args.public,
                    channel: args.channel.clone(),
                    text: text.to_string(),
                    clients: args.clients.clone(),
                };
                let next = if !args.clients.is_empty() {
                    Next::Room
                } else if args.public {
                    Next::Publish
                } else {
                    Next::Internal
                };
                append(&args.site, incident, &addition, next)
            }
            Command::Resolve(args) => {
                let (incident, text) = args.incident.split();
                let addition = crate::author::Addition::Update {
                    status: crate::model::UpdateStatus::Resolved,
                    next: None,
                    components: Vec::new(),
                    text: text.to_string(),
                    resolved: crate::author::OnResolved::Refuse,
                    clients: Vec::new(),
                };
                append(&args.site, incident, &addition, Next::Postmortem)
            }
        }
    }
}

/// `--audience` as written: `public`, `internal` or `client:ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AudienceArg {
    Public,
    Internal,
    Client(String),
}

fn parse_audience(text: &str) -> Result<AudienceArg, String> {
    match text {
        "public" => Ok(AudienceArg::Public),
        "internal" => Ok(AudienceArg::Internal),
        _ => match text.strip_prefix("client:") {
            Some(id) if !id.is_empty() => Ok(AudienceArg::Client(id.to_string())),
            _ => Err("expected `public`, `internal` or `client:ID` (an id of [[clients]])".into()),
        },
    }
}

impl AudienceArg {
    fn audience(&self) -> crate::model::Audience<'_> {
        match self {
            AudienceArg::Public => crate::model::Audience::Public,
            AudienceArg::Internal => crate::model::Audience::Internal,
            AudienceArg::Client(id) => crate::model::Audience::Client(id),
        }
    }
}

impl BuildArgs {
    fn run(self) -> ExitCode {
        let request = Request {
            root: &self.site.root,
            base_url: self.base_url.as_deref(),
            now: self.site.now.as_deref(),
            strict: self.site.strict,
            audience: self.audience.audience(),
        };
        use crate::write::PrivateSite;
        let private = match (&self.rooms, request.audience) {
            (Some(_), _) => Some(PrivateSite::Rooms),
            (None, crate::model::Audience::Internal) => Some(PrivateSite::Internal),
            (None, crate::model::Audience::Client(_)) => Some(PrivateSite::Room),
            (None, crate::model::Audience::Public) => None,
        };
        if private.is_some() && self.output.is_none() && self.rooms.is_none() {
            let (asked, what) = match &self.audience {
                AudienceArg::Client(id) => (format!("client:{id}"), "a client's room"),
                _ => ("internal".to_string(), "the internal site"),
            };
            let _ = writeln!(
                std::io::stderr(),
                "error: --audience {asked} needs --output DIR: {what} never goes to public/"
            );
            return ExitCode::from(2);
        }
        let output = self
            .rooms
            .clone()
            .or_else(|| self.output.clone())
            .unwrap_or_else(|| self.site.root.join("public"));
        let refused = private.and_then(|site| {
            crate::write::refuse_public_output(&self.site.root, &output, site).err()
        });
        if let Some(error) = refused {
            diagnostic::report_error(&error, &mut std::io::stderr());
            return ExitCode::from(2);
        }
        let staging = match crate::write::Staging::prepare(&output) {
            Ok(staging) => staging,
            Err(error) => return fail(error),
        };
        let written = std::sync::atomic::AtomicUsize::new(0);
        let write = |page: crate::render::Output| {
            staging.write(&page)?;
            written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        };
        let (diagnostics, outcome) = if self.rooms.is_some() {
            crate::build::render_rooms_to(&request, &write)
        } else {
            crate::build::render_site_to(&request, &write)
        };
        let outcome = match outcome {
            Outcome::Rendered(_) => match staging.finish() {
                Ok(()) => Ok(format!(
                    "built {} files into {}",
                    written.into_inner() + 1,
                    output.display()
                )),
                Err(error) => Err(Some(error)),
            },
            Outcome::Invalid => {
                staging.abandon();
                Err(None)
            }
            Outcome::Failed(error) => {
                staging.abandon();
                let started = written.load(std::sync::atomic::Ordering::Relaxed) > 0;
                Err(Some(if started {
                    error.context(format!(
                        "the site was not published; {} is unchanged",
                        output.display()
                    ))
                } else {
                    error
                }))
            }
        };
        finish(&diagnostics, outcome)
    }
}

impl CheckArgs {
    fn run(self) -> ExitCode {
        let request = Request {
            root: &self.site.root,
            base_url: None,
            now: self.site.now.as_deref(),
            strict: self.site.strict,
            audience: crate::model::Audience::Public,
        };
        // Every page is rendered, then dropped: check writes nothing and keeps nothing.
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let count = |_: crate::render::Output| {
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        };
        let (mut diagnostics, outcome) = crate::build::render_all_audiences_to(&request, &count);
        let notify = notify_config_checked(&self.site.root, &mut diagnostics);
        let outcome = match outcome {
            Outcome::Rendered(_) if diagnostics.has_errors() => Err(None),
            Outcome::Rendered(_) => notify
                .map(|()| format!("checked: {} files render", rendered.into_inner()))
                .map_err(Some),
            Outcome::Invalid => Err(None),
            Outcome::Failed(error) => Err(Some(error)),
        };
        finish(&diagnostics, outcome)
    }
}

/// `notify.toml`'s problems, when the site has one and its config.toml reads (its own
/// problems are reported by the build already).
fn notify_config_checked(
    root: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Result<(), diagnostic::Error> {
    let mut reported = Diagnostics::default();
    match crate::load::config::load_config(root, &mut reported) {
        Ok(config) if !reported.has_errors() => crate::notify::check(root, &config, diagnostics),
        _ => Ok(()),
    }
}

impl InitArgs {
    fn run(self) -> ExitCode {
        let timezone = match self.timezone {
            Some(zone) => Ok(zone),
            None => crate::author::machine_timezone(std::env::var("TZ").ok().as_deref()),
        };
        let site = timezone.and_then(|timezone| {
            let now = match self.now.as_deref() {
                None => chrono::Utc::now().fixed_offset(),
                Some(text) => crate::load::time::parse_time(text)
                    .and_then(|w| crate::load::time::resolve_time(w, Some(timezone), None))
                    .map_err(|p| diagnostic::Error::new(format!("--now: {}", p.message)))?,
            };
            Ok(crate::author::NewSite {
                dir: self.dir.clone(),
                french: self.lang == "fr",
                timezone,
                now,
            })
        });
        match site.and_then(|site| crate::author::init(&site).map(|paths| (site, paths))) {
            Ok((site, paths)) => {
                let mut out = std::io::stdout().lock();
                for path in paths {
                    let _ = writeln!(out, "{}", path.display());
                }
                let _ = write!(out, "{}", next_steps(&site));
                ExitCode::SUCCESS
            }
            Err(error) => fail(error),
        }
    }
}

impl MessageArgs {
    fn run(self) -> ExitCode {
        let site = match crate::load::load_site(&self.site.root) {
            Ok((site, _)) => site,
            Err(error) => return fail(error),
        };
        let audience = match self.for_client.as_deref() {
            Some(id) => crate::model::Audience::Client(id),
            None => crate::model::Audience::Public,
        };
        let (site, client_language) = match crate::build::read_by(&site, audience) {
            Ok(read) => read,
            Err(error) => return fail(error),
        };
        let message = crate::build::resolve_now(self.site.now.as_deref(), &site).and_then(|now| {
            let picked = crate::author::pick(&site, self.incident.as_deref(), now)?;
            if picked.by_default {
                let _ = writeln!(
                    std::io::stderr(),
                    "incident: {} (the only open one)",
                    picked.incident.slug
                );
            }
            let code = self
                .lang
                .as_deref()
                .or(client_language.as_deref())
                .unwrap_or(&site.config.language);
            crate::render::Renderer::in_language(&self.site.root, &site, now, code)?
                .customer_message(&picked.incident.slug, &self.channel)
        });
        match message {
            Ok(text) => {
                let _ = write!(std::io::stdout(), "{text}");
                ExitCode::SUCCESS
            }
            Err(error) => fail(error),
        }
    }
}

/// Prints an error that stopped a command; exit code 1.
fn fail(error: diagnostic::Error) -> ExitCode {
    finish(&Diagnostics::default(), Err(Some(error)))
}

/// Prints what happened: diagnostics and errors on stderr, success on stdout.
fn finish(
    diagnostics: &Diagnostics,
    outcome: Result<String, Option<diagnostic::Error>>,
) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    diagnostic::report(diagnostics, &mut stderr);
    match outcome {
        Ok(message) => {
            let _ = writeln!(std::io::stdout(), "{message}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            if let Some(error) = error {
                diagnostic::report_error(&error, &mut stderr);
            } else {
                let _ = writeln!(
                    stderr,
                    "nothing was written: fix the errors above and run again"
                );
            }
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
