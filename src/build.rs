//! The pipeline: load, check, plan, render, and (for `build`) write. `check` and `build`
//! share every step but the last, so a site that passes `check` builds.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostics, Error};
use crate::load::time::{self, WrittenTime};
use crate::model::{Instant, Site};
use crate::plan::Job;
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
    pub audience: crate::model::Audience<'a>,
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
    checked_then(request, |site, now| match request.audience {
        crate::model::Audience::Client(id) => {
            known_client(site, id, &format!("--audience client:{id}"))
                .and_then(|()| render_all(request.root, site, now, request.audience, sink))
        }
        audience => render_all(request.root, site, now, audience, sink),
    })
}

/// Loads, checks and renders every client's room, handing each output to `sink` under
/// the folder named by the client's id (`acme/index.html`); each room's address is the
/// base URL's followed by the id (`https://rooms.example/acme/`).
pub fn render_rooms_to(request: &Request<'_>, sink: &Sink<'_>) -> (Diagnostics, Outcome) {
    checked_then(request, |site, now| {
        if site.config.clients.is_empty() {
            return Err(Error::new(
                "config.toml declares no client: add them under [[clients]] (docs/format.md)",
            ));
        }
        render_rooms(request.root, site, now, sink)
    })
}

/// Loads, checks and renders the public site and every client's room, as `vigie check`
/// does: a site that passes it builds, rooms included.
pub fn render_all_audiences_to(request: &Request<'_>, sink: &Sink<'_>) -> (Diagnostics, Outcome) {
    checked_then(request, |site, now| {
        render_all(request.root, site, now, request.audience, sink)
            .and_then(|()| render_rooms(request.root, site, now, sink))
    })
}

/// Loads and checks the site, then renders it with `render`: the diagnostics, and the
/// outcome (`Rendered` with no output, as each went to a sink).
fn checked_then(
    request: &Request<'_>,
    render: impl FnOnce(&Site, Instant) -> Result<(), Error>,
) -> (Diagnostics, Outcome) {
    let (mut site, now, diagnostics) = match checked_site_lean(request) {
        Ok(checked) => checked,
        Err(stopped) => return stopped,
    };
    let rendered =
        texts_for_shared_pages(request.root, &mut site, now).and_then(|()| render(&site, now));
    release(site);
    match rendered {
        Ok(()) => (diagnostics, Outcome::Rendered(Vec::new())),
        Err(error) => (diagnostics, Outcome::Failed(error)),
    }
}

/// Renders every client's room, each output under the folder named by the client's id.
fn render_rooms(root: &Path, site: &Site, now: Instant, sink: &Sink<'_>) -> Result<(), Error> {
    site.config.clients.iter().try_for_each(|client| {
        let in_room = |mut output: Output| {
            output.path = Path::new(&client.id).join(&output.path);
            sink(output)
        };
        let audience = crate::model::Audience::Client(&client.id);
        let mut room = site.read_by(audience);
        room.config.base_url = format!("{}{}/", site.config.base_url, client.id);
        texts_for_shared_pages(root, &mut room, now)?;
        render_read(root, &room, now, audience, &in_room)
    })
}

/// The site as `audience` reads it, with the client's language for a client; an error
/// when the client is not one of config.toml.
pub fn read_by(
    site: &Site,
    audience: crate::model::Audience<'_>,
) -> Result<(Site, Option<String>), Error> {
    let language = match audience {
        crate::model::Audience::Client(id) => {
            known_client(site, id, &format!("--for {id}"))?;
            site.config.client(id).map(|c| c.language.clone())
        }
        _ => None,
    };
    Ok((site.read_by(audience), language))
}

/// An error when `id` is no client of config.toml.
/// `asked` is the option as written, for the message.
pub fn known_client(site: &Site, id: &str, asked: &str) -> Result<(), Error> {
    if site.config.client(id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = site.config.clients.iter().map(|c| c.id.as_str()).collect();
    let known = if ids.is_empty() {
        "config.toml declares none: add them under [[clients]]".to_string()
    } else {
        format!("clients of config.toml: {}", ids.join(", "))
    };
    Err(Error::new(format!(
        "{asked}: no client `{id}` in config.toml ({known})"
    )))
}

/// The site loaded and checked at the run's clock, or how the run stops.
pub fn checked_site(
    request: &Request<'_>,
) -> Result<(Site, Instant, Diagnostics), (Diagnostics, Outcome)> {
    let (mut site, mut diagnostics) = match crate::load::load_site(request.root) {
        Ok(loaded) => loaded,
        Err(error) => return Err((Diagnostics::default(), Outcome::Failed(error))),
    };
    if let Some(url) = request.base_url
        && let Err(error) = crate::load::config::override_base_url(&mut site.config, url)
    {
        return Err((diagnostics, Outcome::Failed(error)));
    }
    let now = match resolve_now(request.now, &site) {
        Ok(now) => now,
        // A broken config.toml (no timezone read) can make `--now` unreadable: its own
        // errors are what to fix first.
        Err(_) if diagnostics.has_errors() => return Err((diagnostics, Outcome::Invalid)),
        Err(error) => return Err((diagnostics, Outcome::Failed(error))),
    };
    diagnostics.extend(crate::check::check_site(&site, now));
    finished(request, site, now, diagnostics)
}

/// The site loaded and checked as `checked_site` does, each incident checked as soon as it
/// is read and then without the texts its file holds (`load::load_site_checked`): a
/// build's or a check's memory does not hold every text of the site. When config.toml,
/// `--base-url` or `--now` cannot be read first, as `checked_site`.
fn checked_site_lean(
    request: &Request<'_>,
) -> Result<(Site, Instant, Diagnostics), (Diagnostics, Outcome)> {
    let mut diagnostics = Diagnostics::default();
    let Ok(mut config) = crate::load::config::load_config(request.root, &mut diagnostics) else {
        return checked_site(request);
    };
    if let Some(url) = request.base_url
        && crate::load::config::override_base_url(&mut config, url).is_err()
    {
        return checked_site(request);
    }
    let Ok(now) = resolve_now_in(request.now, &config) else {
        return checked_site(request);
    };
    let config_only = Site {
        config: config.clone(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
    };
    let checker = crate::check::Checker::of(&config_only);
    let check = |incident: &crate::model::Incident| checker.incident(&config_only, incident, now);
    let (site, found) =
        match crate::load::load_site_checked(request.root, config, &mut diagnostics, check) {
            Ok(loaded) => loaded,
            Err(error) => return Err((Diagnostics::default(), Outcome::Failed(error))),
        };
    // As `check::check_site`, with each incident's findings made as it was read.
    diagnostics.extend(checker.of_config(&site));
    diagnostics.extend(found);
    for maintenance in &site.maintenances {
        diagnostics.extend(checker.maintenance(&site, maintenance));
    }
    diagnostics.extend(crate::check::duplicate_slugs(&site));
    finished(request, site, now, diagnostics)
}

/// The site and its diagnostics once checked: `--strict` applied, in order, and how the
/// run stops when they hold an error.
fn finished(
    request: &Request<'_>,
    site: Site,
    now: Instant,
    mut diagnostics: Diagnostics,
) -> Result<(Site, Instant, Diagnostics), (Diagnostics, Outcome)> {
    if request.strict {
        diagnostics.make_lints_errors();
    }
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err((diagnostics, Outcome::Invalid));
    }
    Ok((site, now, diagnostics))
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
    audience: crate::model::Audience<'_>,
    sink: &Sink<'_>,
) -> Result<(), Error> {
    if needs_reading_by(site, audience) {
        let mut read = site.read_by(audience);
        texts_for_shared_pages(root, &mut read, now)?;
        return render_read(root, &read, now, audience, sink);
    }
    render_read(root, site, now, audience, sink)
}

/// Renders `site`, already read by `audience` (`Site::read_by`).
fn render_read(
    root: &Path,
    site: &Site,
    now: Instant,
    audience: crate::model::Audience<'_>,
    sink: &Sink<'_>,
) -> Result<(), Error> {
    let jobs = crate::plan::plan(site, now, audience);
    render_jobs(root, site, now, audience, &jobs, sink)
}

/// Renders `jobs` of `site`, already read by `audience`, on every core, in the audience's
/// language, handing each output to `sink`.
pub fn render_jobs(
    root: &Path,
    site: &Site,
    now: Instant,
    audience: crate::model::Audience<'_>,
    jobs: &[crate::plan::Job<'_>],
    sink: &Sink<'_>,
) -> Result<(), Error> {
    let language = match audience {
        crate::model::Audience::Client(id) => site
            .config
            .client(id)
            .map_or(site.config.language.as_str(), |c| c.language.as_str()),
        _ => site.config.language.as_str(),
    };
    let renderer = Renderer::in_language(root, site, now, language)?.for_audience(audience);
    jobs.par_iter()
        .try_for_each(|job| render_job(root, &renderer, job).and_then(sink))
}

/// Renders one job; an incident's own page with the texts it let go read again from its
/// file (`Incident::let_texts_go`).
fn render_job(root: &Path, renderer: &Renderer<'_>, job: &Job<'_>) -> Result<Output, Error> {
    let whole = |incident: &crate::model::Incident| crate::load::texts_again(root, incident);
    match job {
        Job::Incident(incident) if incident.texts_let_go() => {
            renderer.render(&Job::Incident(&whole(incident)?))
        }
        Job::Postmortem(incident) if incident.texts_let_go() => {
            renderer.render(&Job::Postmortem(&whole(incident)?))
        }
        Job::ClientReport(incident, client) if incident.texts_let_go() => {
            renderer.render(&Job::ClientReport(&whole(incident)?, client))
        }
        _ => renderer.render(job),
    }
}

/// How many of the latest incidents, overall and for each component, have their texts
/// read again for the shared pages: the feeds and the API list 50 of them.
const LISTED_WHOLE: usize = 100;

/// Reads again the texts the shared pages show (`Incident::let_texts_go`): those of the
/// incidents still open or started or updated in the status page's recent days (one
/// day more on each side), and of the latest `LISTED_WHOLE` by start and by latest update,
/// overall and for each component, that the feeds and the API list.
fn texts_for_shared_pages(root: &Path, site: &mut Site, now: Instant) -> Result<(), Error> {
    let shown = shown_whole(site, now);
    site.incidents
        .par_iter_mut()
        .zip(shown)
        .filter(|(incident, shown)| *shown && incident.texts_let_go())
        .try_for_each(|(incident, _)| {
            *incident = crate::load::texts_again(root, incident)?;
            Ok(())
        })
}

/// Which incidents the shared pages may show with their texts, by position in the site.
fn shown_whole(site: &Site, now: Instant) -> Vec<bool> {
    let recent = now - chrono::Duration::days(i64::from(site.config.history_days) + 1);
    let mut shown: Vec<bool> = (site.incidents.iter())
        .map(|i| {
            !i.is_resolved() || i.started >= recent || i.updates.iter().any(|u| u.at >= recent)
        })
        .collect();
    let components = site.config.components.iter().map(|c| Some(c.id.as_str()));
    for component in std::iter::once(None).chain(components) {
        let listed: Vec<(usize, &crate::model::Incident)> = (site.incidents.iter().enumerate())
            .filter(|(_, i)| component.is_none_or(|id| i.affected.iter().any(|a| a.id == id)))
            .collect();
        for latest in [
            latest_of(&listed, |i| (i.started <= now, i.started)),
            latest_of(&listed, |i| (i.started <= now, i.last_updated(now))),
        ] {
            latest.into_iter().for_each(|n| shown[n] = true);
        }
    }
    shown
}

/// The positions of the `LISTED_WHOLE` incidents of `listed` with the highest `key`.
fn latest_of<K: Ord>(
    listed: &[(usize, &crate::model::Incident)],
    key: impl Fn(&crate::model::Incident) -> K,
) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = listed.iter().map(|(n, i)| (key(i), *n)).collect();
    if keyed.len() > LISTED_WHOLE {
        keyed.select_nth_unstable_by(LISTED_WHOLE - 1, |a, b| b.0.cmp(&a.0));
        keyed.truncate(LISTED_WHOLE);
    }
    keyed.into_iter().map(|(_, n)| n).collect()
}

/// The site as `audience` reads it: the same site when nothing in it is kept from them.
pub fn as_read_by(site: Site, audience: crate::model::Audience<'_>) -> Site {
    if needs_reading_by(&site, audience) {
        site.read_by(audience)
    } else {
        site
    }
}

/// The site as `audience` reads it, borrowed when nothing in it is kept from them.
pub fn read_by_audience<'s>(
    site: &'s Site,
    audience: crate::model::Audience<'_>,
) -> std::borrow::Cow<'s, Site> {
    if needs_reading_by(site, audience) {
        std::borrow::Cow::Owned(site.read_by(audience))
    } else {
        std::borrow::Cow::Borrowed(site)
    }
}

/// Whether `audience` reads less than the whole site: the team reads everything, and the
/// public all of a site that addresses nothing to a client.
fn needs_reading_by(site: &Site, audience: crate::model::Audience<'_>) -> bool {
    match audience {
        crate::model::Audience::Internal => false,
        crate::model::Audience::Public => site.has_addressed_content(),
        crate::model::Audience::Client(_) => true,
    }
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
    resolve_now_in(now, &site.config)
}

/// `resolve_now` with the site's configuration alone.
fn resolve_now_in(now: Option<&str>, config: &crate::model::Config) -> Result<Instant, Error> {
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
    time::resolve_time(written, config.timezone, None).map_err(|p| problem(p.message, p.hint))
}
