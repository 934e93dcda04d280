//! `vigie notify`: the command line of the notification stage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{dated_time, finish};
use crate::diagnostic::Diagnostics;

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// The site's folder, holding config.toml, notify.toml and content/.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The clock of the run, e.g. "2026-11-23 10:30" (site timezone).
    #[arg(long, value_name = "TIME", value_parser = dated_time)]
    now: Option<String>,
    /// Print what would be sent where, as its reader would read it; send and record nothing.
    #[arg(long)]
    dry_run: bool,
    /// For destinations running for the first time: send events from this time on, instead
    /// of those within the horizon of notify.toml.
    #[arg(long, value_name = "TIME", value_parser = dated_time)]
    since: Option<String>,
}

impl NotifyArgs {
    pub fn run(self) -> ExitCode {
        let request = crate::notify::Request {
            root: &self.root,
            now: self.now.as_deref(),
            since: self.since.as_deref(),
            dry_run: self.dry_run,
        };
        let mut diagnostics = Diagnostics::default();
        let mut stdout = std::io::stdout().lock();
        let outcome = crate::notify::run(&request, &mut stdout, &mut diagnostics);
        drop(stdout);
        let outcome = match outcome {
            Ok(summary) if summary.owed.is_empty() => Ok(match self.dry_run {
                true => "dry run: nothing was sent".to_string(),
                false => format!("notified: {} sent, nothing owed", summary.sent),
            }),
            Ok(summary) => {
                let mut stderr = std::io::stderr().lock();
                for (event, destination, why) in &summary.owed {
                    let _ = writeln!(stderr, "owed: {event} to {destination}: {why}");
                }
                Err(Some(crate::diagnostic::Error::new(format!(
                    "{} sent, {} still owed: the next run sends them",
                    summary.sent,
                    summary.owed.len()
                ))))
            }
            Err(error) => Err(Some(error)),
        };
        finish(&diagnostics, outcome)
    }
}
