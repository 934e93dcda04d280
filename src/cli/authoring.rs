//! The authoring commands' shared part: which incident, the text, and what they print once
//! they have written (what was added, what to do next) or why they wrote nothing.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::{SiteArgs, fail, finish};
use crate::diagnostic;

/// The incident a command is about, then its text: `[INCIDENT] TEXT`.
#[derive(Debug, Args)]
pub(super) struct IncidentText {
    /// The incident (its file name, with or without its date: `2026-11-25-api-lente` or
    /// `api-lente`; default: the only open incident), then the text, in Markdown.
    #[arg(value_name = "[INCIDENT] TEXT", num_args = 1..=2, required = true)]
    words: Vec<String>,
}

impl IncidentText {
    /// The incident named, if any, and the text.
    pub(super) fn split(&self) -> (Option<&str>, &str) {
        match self.words.as_slice() {
            [incident, text] => (Some(incident.as_str()), text.as_str()),
            [text] => (None, text.as_str()),
            _ => (None, ""),
        }
    }
}

/// What to do once a command has written: said after what it added.
#[derive(Debug, Clone, Copy)]
pub(super) enum Next {
    /// A new incident: look, publish, then keep clients informed.
    FirstUpdate,
    /// Something clients will read.
    Publish,
    /// An internal timeline entry.
    Internal,
    /// Something addressed to clients: in their rooms only.
    Room,
    /// A resolved incident: publish, then the postmortem.
    Postmortem,
}

impl Next {
    fn advice(self, slug: &str) -> String {
        let publish = "commit and push to publish (CI runs `vigie check` and `vigie build`)";
        match self {
            Next::FirstUpdate => format!(
                "next: look at it with `vigie serve`, then {publish}; then keep clients informed with `vigie update {slug} --status identified --next 2h \"…\"`"
            ),
            Next::Publish => format!("next: {publish}"),
            Next::Internal => {
                format!("next: {publish}; this entry stays internal, for the postmortem")
            }
            Next::Room => format!(
                "next: {publish}; only the clients it is addressed to read it, in their rooms (`vigie build --rooms DIR`)"
            ),
            Next::Postmortem => format!(
                "next: {publish}; then write the postmortem in the same file and publish it by setting `postmortem: published`"
            ),
        }
    }
}

/// Runs an authoring command that adds to an incident: the one named, or the only open one.
pub(super) fn append(
    args: &SiteArgs,
    incident: Option<&str>,
    addition: &crate::author::Addition,
    next: Next,
) -> ExitCode {
    author(args, next, |root, site, now| {
        if incident.is_none() {
            crate::author::refuse_name_as_text(site, addition.text())?;
        }
        let picked = crate::author::pick(site, incident, now)?;
        let written = crate::author::append(root, site, picked.incident, addition, now)?;
        Ok(crate::author::Written {
            chosen: picked.by_default.then(|| picked.incident.slug.clone()),
            ..written
        })
    })
}

/// Runs an authoring command: reads the site and the clock, writes, prints the path of the
/// file written, what was added and what to do next (or why nothing was written).
pub(super) fn author(
    args: &SiteArgs,
    next: Next,
    command: impl FnOnce(
        &std::path::Path,
        &crate::model::Site,
        crate::model::Instant,
    ) -> Result<crate::author::Written, crate::author::Refusal>,
) -> ExitCode {
    let site = match crate::load::load_site(&args.root) {
        Ok((site, _)) => site,
        Err(error) => return fail(error),
    };
    let now = match crate::build::resolve_now(args.now.as_deref(), &site) {
        Ok(now) => now,
        Err(error) => return fail(error),
    };
    match command(&args.root, &site, now) {
        Ok(written) => {
            if written.warnings.iter().next().is_some() {
                diagnostic::report(&written.warnings, &mut std::io::stderr().lock());
            }
            let slug = written
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut out = std::io::stdout().lock();
            if let Some(slug) = &written.chosen {
                let _ = writeln!(out, "incident: {slug} (the only open one)");
            }
            let _ = writeln!(out, "{}", written.path.display());
            for line in written.added.lines() {
                let _ = writeln!(out, "  {line}");
            }
            let _ = writeln!(out, "{}", next.advice(&slug));
            ExitCode::SUCCESS
        }
        Err(crate::author::Refusal::Invalid(diagnostics)) => finish(&diagnostics, Err(None)),
        Err(crate::author::Refusal::Failed(error)) => fail(error),
    }
}

/// What to do after `vigie init`.
pub(super) fn next_steps(site: &crate::author::NewSite) -> String {
    let dir = site.dir.display();
    format!(
        "\nThe site is in {dir}, in the {} timezone (change it in config.toml). Next steps:\n  \
         1. Look at it: `vigie serve --root {dir}`, then open http://127.0.0.1:8000/\n  \
         2. Edit config.toml: the title, the address it is published at (base_url), the components your clients know\n  \
         3. Put the folder in its own GitHub repository and push; in the repository's settings, Pages -> Source: GitHub Actions. {} checks and publishes it on every push with a released vigie, and posts an update from a form (Actions -> Status page -> Run workflow); on Netlify, {} does the same build\n  \
         4. At the first incident: `vigie new incident \"…\" --impact minor --component website`, then `vigie update`, `vigie resolve`, and push each time\n",
        site.timezone.name(),
        crate::author::WORKFLOW_PATH,
        crate::author::NETLIFY_PATH,
    )
}
