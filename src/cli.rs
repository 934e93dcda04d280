//! The command line: one `Args` struct per subcommand, each with a `run` method.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{Outcome, Request, render_site};
use crate::diagnostic::{self, Diagnostics};

/// Incident notes in Markdown in, a static status page and blameless postmortems out.
#[derive(Debug, Parser)]
#[command(name = "vigie", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site and render every page in memory, without writing anything.
    Check(CheckArgs),
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
        };
        let (diagnostics, outcome) = render_site(&request);
        let output = self.output.unwrap_or_else(|| self.site.root.join("public"));
        let outcome = match outcome {
            Outcome::Rendered(outputs) => match crate::write::publish(&outputs, &output) {
                Ok(()) => Ok(format!(
                    "built {} files into {}",
                    outputs.len() + 1,
                    output.display()
                )),
                Err(error) => Err(Some(error)),
            },
            Outcome::Invalid => Err(None),
            Outcome::Failed(error) => Err(Some(error)),
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
        };
        let (diagnostics, outcome) = render_site(&request);
        let outcome = match outcome {
            Outcome::Rendered(outputs) => Ok(format!("checked: {} files render", outputs.len())),
            Outcome::Invalid => Err(None),
            Outcome::Failed(error) => Err(Some(error)),
        };
        finish(&diagnostics, outcome)
    }
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
