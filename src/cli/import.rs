//! `vigie import slack|teams|alerts`: an export into an incident's timeline, or, with
//! `--dry-run`, the diff of what it would add.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{SiteArgs, fail, finish};
use crate::diagnostic::{self, Diagnostics, Error};
use crate::model::Site;

#[derive(Debug, Subcommand)]
pub(super) enum ImportCommand {
    /// A Slack export (the folder Slack's export writes, or a channel's history as the API
    /// returns it): its messages become internal timeline entries, people named by role.
    Slack(SlackArgs),
    /// A Teams channel's messages as Microsoft Graph returns them (JSON), as for Slack.
    Teams(FileArgs),
    /// An Alertmanager webhook payload or a PagerDuty incident's log entries (JSON): the
    /// detection and acknowledgement milestones.
    Alerts(FileArgs),
}

/// What every import takes: the site, the incident, and whether to write.
#[derive(Debug, Args)]
pub(super) struct ImportOptions {
    #[command(flatten)]
    site: SiteArgs,
    /// The incident (its file name, with or without its date); default: the only open one.
    #[arg(long, value_name = "SLUG")]
    incident: Option<String>,
    /// Print what would be added, as a diff of the file, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
pub(super) struct SlackArgs {
    /// The export's folder (with users.json and channels.json) or a history JSON file.
    export: PathBuf,
    /// The channel to read, in an export of several.
    #[arg(long, value_name = "NAME")]
    channel: Option<String>,
    #[command(flatten)]
    options: ImportOptions,
}

#[derive(Debug, Args)]
pub(super) struct FileArgs {
    /// The JSON file.
    file: PathBuf,
    #[command(flatten)]
    options: ImportOptions,
}

impl ImportCommand {
    pub(super) fn run(self) -> ExitCode {
        match self {
            ImportCommand::Slack(args) => args.options.run(|site| {
                crate::import::slack::read(&args.export, args.channel.as_deref(), &site.config)
                    .map(|m| Source::Messages("Slack", m))
            }),
            ImportCommand::Teams(args) => args.options.run(|site| {
                crate::import::teams::read(&args.file, &site.config)
                    .map(|m| Source::Messages("Teams", m))
            }),
            ImportCommand::Alerts(args) => args.options.run(|site| {
                crate::import::alerts::read(&args.file, &site.config).map(Source::Read)
            }),
        }
    }
}

/// What a reader returns: chat messages, still to turn into entries within the incident's
/// time, or entries already.
enum Source {
    Messages(&'static str, Vec<crate::import::ChatMessage>),
    Read(crate::import::Reading),
}

impl ImportOptions {
    fn run(self, read: impl FnOnce(&Site) -> Result<Source, Error>) -> ExitCode {
        let site = match crate::load::load_site(&self.site.root) {
            Ok((site, _)) => site,
            Err(error) => return fail(error),
        };
        let now = match crate::build::resolve_now(self.site.now.as_deref(), &site) {
            Ok(now) => now,
            Err(error) => return fail(error),
        };
        let picked = match crate::author::pick(&site, self.incident.as_deref(), now) {
            Ok(picked) => picked,
            Err(error) => return fail(error),
        };
        let incident = picked.incident;
        let reading = match read(&site) {
            Ok(Source::Messages(tool, messages)) => crate::import::entries_of(
                messages,
                &site.config,
                crate::author::window(incident, now),
                crate::import::Source { tool },
            ),
            Ok(Source::Read(reading)) => reading,
            Err(error) => return fail(error),
        };
        let mode = if self.dry_run {
            crate::author::Mode::DryRun
        } else {
            crate::author::Mode::Write
        };
        let mut stderr = std::io::stderr().lock();
        for note in &reading.notes {
            let _ = writeln!(stderr, "note: {note}");
        }
        let imported = crate::author::import(
            &self.site.root,
            &site,
            incident,
            &reading.entries,
            now,
            mode,
        );
        match imported {
            Ok(imported) => {
                diagnostic::report(&imported.warnings, &mut stderr);
                print(&imported, &incident.slug);
                ExitCode::SUCCESS
            }
            Err(crate::author::Refusal::Invalid(found)) => finish(&found, Err(None)),
            Err(crate::author::Refusal::Failed(error)) => {
                finish(&Diagnostics::default(), Err(Some(error)))
            }
        }
    }
}

/// The diff, then what was done and what to do next.
fn print(imported: &crate::author::Imported, slug: &str) {
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}", imported.diff);
    let path = imported.path.display();
    let already = if imported.already > 0 {
        format!(", {} already in the timeline", imported.already)
    } else {
        String::new()
    };
    let _ = if imported.written {
        writeln!(
            out,
            "{path}: {} entries added{already}\nnext: read them, mark `public` those clients may read, then commit and push; `vigie build --audience internal --output DIR` shows the team's record of {slug}",
            imported.added
        )
    } else if imported.added > 0 {
        writeln!(
            out,
            "{path}: {} entries to add{already}; nothing written (--dry-run)",
            imported.added
        )
    } else {
        writeln!(out, "{path}: nothing to add{already}")
    };
}
