//! The pipeline: load, check, plan, render, and (for `build`) write. `check` and `build`
//! share every step but the last, so a site that passes `check` builds.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostics, Error};
use crate::load::time::{self, WrittenTime};
use crate::model::{Instant, Site};
use crate::render::{Output, Renderer};

/// What a run was asked to do.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub root: &'a Path,
    pub base_url: Option<&'a str>,
    /// `--now` as written; the current time when absent.
    pub now: Option<&'a str>,
    /// `--strict`: blameless warnings are errors.
    pub strict: bool,
    /// `--audience internal`: the team's complete site.
    pub audience: crate::model::Audience,
}

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every page rendered; `outputs` holds them.
    Rendered(Vec<Output>),
    /// The content has errors; they are in the diagnostics.
    Invalid,
    /// Something stopped the run.
    Failed(Error),
}

/// Where rendered outputs go, as each is rendered (from any thread).
pub type Sink<'s> = dyn Fn(Output) -> Result<(), Error> + Sync + 's;

/// Loads, checks and renders the site into memory, outputs in path order.
pub fn render_site(request: &Request<'_>) -> (Diagnostics, Outcome) {
    let kept = std::sync::Mutex::new(Vec::new());
    let keep = |mut output: Output| {
        // Kept for a while: without the room its buffer was given to be written into.
        output.bytes.shrink_to_fit();
        kept.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(output);
        Ok(())
    };
    let (diagnostics, outcome) = render_site_to(request, &keep);
    let outcome = match outcome {
        Outcome::Rendered(_) => {
            let mut outputs = kept
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            outputs.sort_by(|a, b| a.path.cmp(&b.path));
            Outcome::Rendered(outputs)
        }
        other => other,
    };
    (diagnostics, outcome)
}

/// Loads, checks and renders the site, handing each output to `sink` as soon as it is
/// rendered (a build writes it to the staging folder: the site is never all in memory).
/// `Outcome::Rendered` then holds no output.
pub fn render_site_to(request: &Request<'_>, sink: &Sink<'_>) -> (Diagnostics, Outcome) {
    let (diagnostics, checked) = load_checked(request);
    let (site, now) = match checked {
        Ok(checked) => checked,
        Err(outcome) => return (diagnostics, outcome),
    };
    let rendered = render_all(request.root, &site, now, request.audience, sink);
    release(site);
    match rendered {
        Ok(()) => (diagnostics, Outcome::Rendered(Vec::new())),
        Err(error) => (diagnostics, Outcome::Failed(error)),
    }
}

/// Loads and checks the site: the model and the clock of the run, or how the run ended
/// (`Invalid` or `Failed`) when it cannot render.
pub fn load_checked(request: &Request<'_>) -> (Diagnostics, Result<(Site, Instant), Outcome>) {
    let (mut site, mut diagnostics) = match crate::load::load_site(request.root) {
        Ok(loaded) => loaded,
        Err(error) => return (Diagnostics::default(), Err(Outcome::Failed(error))),
    };
    if let Some(url) = request.base_url
        && let Err(error) = crate::load::config::override_base_url(&mut site.config, url)
    {
        return (diagnostics, Err(Outcome::Failed(error)));
    }
    let now = match resolve_now(request.now, &site) {
        Ok(now) => now,
        // A broken config.toml (no timezone read) can make `--now` unreadable: its own
        // errors are what to fix first.
        Err(_) if diagnostics.has_errors() => return (diagnostics, Err(Outcome::Invalid)),
        Err(error) => return (diagnostics, Err(Outcome::Failed(error))),
    };
    diagnostics.extend(crate::check::check_site(&site, now));
    if request.strict {
        diagnostics.make_lints_errors();
    }
    diagnostics.sort();
    if diagnostics.has_errors() {
        return (diagnostics, Err(Outcome::Invalid));
    }
    (diagnostics, Ok((site, now)))
}

/// Renders every page of `site` into memory and drops it, as `vigie check` does: what a
/// command checks before it writes a change.
pub fn render_in_memory(root: &Path, site: &Site, now: Instant) -> Result<(), Error> {
    render_all(root, site, now, crate::model::Audience::Public, &|_| Ok(()))
}

fn render_all(
    root: &Path,
    site: &Site,
    now: Instant,
    audience: crate::model::Audience,
    sink: &Sink<'_>,
) -> Result<(), Error> {
    let jobs = crate::plan::plan(site, now, audience);
    render_jobs(root, site, now, audience, &jobs, sink)
}

/// Renders `jobs` of `site`, on every core, handing each output to `sink`.
pub fn render_jobs(
    root: &Path,
    site: &Site,
    now: Instant,
    audience: crate::model::Audience,
    jobs: &[crate::plan::Job<'_>],
    sink: &Sink<'_>,
) -> Result<(), Error> {
    let renderer = Renderer::new(root, site, now)?.for_audience(audience);
    jobs.par_iter()
        .try_for_each(|job| renderer.render(job).and_then(sink))
}

/// Frees the site on another thread. Its many small allocations take tens of milliseconds
/// to free at 10,000 incidents, which the result need not wait for: the command may well
/// exit first, and `serve` goes on serving.
pub fn release(site: Site) {
    let freeing = std::thread::Builder::new().name("release".into());
    // Should no thread start, the site is freed here, when the closure is dropped.
    let _ = freeing.spawn(move || drop(site));
}

/// The clock of the run: `--now` read like a time in the site's files, or the current time.
pub fn resolve_now(now: Option<&str>, site: &Site) -> Result<Instant, Error> {
    let Some(text) = now else {
        return Ok(chrono::Utc::now().fixed_offset());
    };
    let problem = |message: String, hint: String| Error::new(format!("--now: {message} ({hint})"));
    let written = time::parse_time(text).map_err(|p| problem(p.message, p.hint))?;
    if let WrittenTime::Clock(_) = written {
        return Err(problem(
            format!("`{text}` has no date"),
            "write `2026-11-06 18:40`".into(),
        ));
    }
    time::resolve_time(written, site.config.timezone, None).map_err(|p| problem(p.message, p.hint))
}
