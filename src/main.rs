//! The `vigie` command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    vigie::cli::Cli::parse().run()
}
