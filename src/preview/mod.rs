//! Preview: the site as `vigie serve` holds it in memory, and the record of which outputs
//! each incident and maintenance window produced and what the shared outputs read, so that
//! a saved change renders again only what it reaches: the changed items' own pages, and the
//! shared pages that show them (`reach.rs`: the history pages that list them, the feeds of
//! the components they touch, the action items pages when they have open ones, ...).
//! The loaded and checked site is held between saves (`held.rs`): a save of incident or
//! maintenance files reads and checks again only those. A change to anything else
//! (config.toml, the theme, templates, language files) reads and renders everything; so
//! does a clock that moved to another minute, which `vigie serve` renders ahead of a save
//! while the preview is in use.

mod held;
mod reach;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::build::{Outcome, Request};
use crate::diagnostic::{Diagnostics, Error};
use crate::model::{Instant, Site};
use crate::plan::Job;
use held::HeldSite;
use reach::{Reach, Reads};

/// The outputs of the last build that rendered, and what produced them.
#[derive(Default)]
pub struct Preview {
    /// Every output, by its path under the site (`incidents/x/index.html`).
    pub files: HashMap<String, Vec<u8>>,
    /// The outputs of each incident's or maintenance window's own jobs, by its source file.
    owned: HashMap<PathBuf, Vec<String>>,
    /// The clock of that build, to the minute: pages show no finer time.
    minute: Option<Instant>,
    /// Files changed since that build, not yet rendered (a build failed in between).
    pending: BTreeSet<PathBuf>,
    /// Whether the next build must render everything.
    stale: bool,
    /// The site as last loaded and checked, when a save can update it.
    held: Option<HeldSite>,
    /// What the shared outputs read at that build: a save renders again only those it
    /// can reach.
    reads: Reads,
    /// The outputs the last build rendered, by path.
    rendered: Vec<String>,
    /// How long each step of the last rebuild took.
    timings: Timings,
}

/// What a build of the preview did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// Every output rendered.
    Full,
    /// Only these many outputs rendered again.
    Partial(usize),
}

/// How long each step of a rebuild took, and how much it did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// The content files read (all of them when the whole site was read).
    pub files_read: usize,
    /// Whether the whole site was read.
    pub read_everything: bool,
    pub read: Duration,
    pub check: Duration,
    pub render: Duration,
}

impl Preview {
    /// A preview with nothing built yet: its first build renders everything.
    pub fn new() -> Self {
        Preview {
            stale: true,
            ..Preview::default()
        }
    }

    /// How long each step of the last rebuild took.
    pub fn timings(&self) -> Timings {
        self.timings
    }

    /// The paths of the outputs the last rebuild rendered, in order.
    pub fn rendered(&self) -> &[String] {
        &self.rendered
    }

    /// Builds the site again after `changed` files changed (all of them when `stale`), and
    /// keeps the outputs when it renders. The diagnostics and the outcome are those of a
    /// full build; `Outcome::Rendered` holds no output (they are in `files`).
    pub fn rebuild(
        &mut self,
        request: &Request<'_>,
        changed: &BTreeSet<PathBuf>,
    ) -> (Diagnostics, Outcome, Extent) {
        self.timings = Timings::default();
        self.pending.extend(changed.iter().cloned());
        let (now, diagnostics) = match self.checked(request, changed) {
            Ok(checked) => checked,
            Err((diagnostics, outcome)) => return (diagnostics, outcome, Extent::Full),
        };
        let Some(held) = self.held.take() else {
            return (diagnostics, Outcome::Invalid, Extent::Full);
        };
        let result = self.render(request, &held.site, now);
        self.held = Some(held);
        match result {
            Ok(extent) => (diagnostics, Outcome::Rendered(Vec::new()), extent),
            Err(error) => {
                self.stale = true;
                (diagnostics, Outcome::Failed(error), Extent::Full)
            }
        }
    }

    /// Brings the held site up to date with `changed` files, reading again only those when
    /// they are items' files, and checks it: the clock and the diagnostics, or how the
    /// build stops, as a full build says.
    fn checked(
        &mut self,
        request: &Request<'_>,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<(Instant, Diagnostics), (Diagnostics, Outcome)> {
        let reading = std::time::Instant::now();
        let sources = self.read(request, changed)?;
        self.timings.read = reading.elapsed();
        let checking = std::time::Instant::now();
        let Some(held) = self.held.as_mut() else {
            return Err((Diagnostics::default(), Outcome::Invalid));
        };
        let now = match crate::build::resolve_now(request.now, &held.site) {
            Ok(now) => now,
            // As a full build says it (a broken config.toml can make `--now` unreadable).
            Err(error) => {
                self.held = None;
                return Err(match crate::build::checked_site(request) {
                    Err(stopped) => stopped,
                    Ok((_, _, diagnostics)) => (diagnostics, Outcome::Failed(error)),
                });
            }
        };
        // The clock, when it is the computer's, to the minute: what a build given that
        // minute with `--now` shows.
        let now = if request.now.is_none() {
            to_minute(now)
        } else {
            now
        };
        held.check(now, &sources);
        let diagnostics = held.diagnostics(request.strict);
        self.timings.check = checking.elapsed();
        if diagnostics.has_errors() {
            return Err((diagnostics, Outcome::Invalid));
        }
        if let crate::model::Audience::Client(id) = request.audience {
            let asked = format!("--audience client:{id}");
            if let Err(error) = crate::build::known_client(&held.site, id, &asked) {
                return Err((diagnostics, Outcome::Failed(error)));
            }
        }
        Ok((now, diagnostics))
    }

    /// Reads again what `changed` reaches: only those files when each is an incident's or
    /// a maintenance window's, the whole site otherwise. The source files of the items
    /// that changed (all of them after a whole read).
    fn read(
        &mut self,
        request: &Request<'_>,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<BTreeSet<PathBuf>, (Diagnostics, Outcome)> {
        let only_items = changed.iter().all(|path| is_item_file(request.root, path));
        if let Some(held) = self.held.as_mut().filter(|_| only_items) {
            match held.update(request.root, changed) {
                Ok(update) => {
                    self.timings.files_read = update.read;
                    return Ok(update.sources);
                }
                // Read again from scratch: the error, if it lasts, is said below.
                Err(_) => self.held = None,
            }
        }
        self.held = None;
        let held = HeldSite::load(request.root, request.base_url)
            .map_err(|(diagnostics, error)| (diagnostics, Outcome::Failed(error)))?;
        self.timings.read_everything = true;
        self.timings.files_read = held.site.incidents.len() + held.site.maintenances.len();
        self.held = Some(held);
        Ok(BTreeSet::new())
    }

    /// Renders what the changes since the last render reach, everything when the clock
    /// moved to another minute or a file other than an item's changed.
    fn render(
        &mut self,
        request: &Request<'_>,
        site: &Site,
        now: Instant,
    ) -> Result<Extent, Error> {
        let rendering = std::time::Instant::now();
        let site = crate::build::read_by_audience(site, request.audience);
        let minute = to_minute(now);
        let full = self.stale
            || self.minute != Some(minute)
            || self
                .pending
                .iter()
                .any(|path| !is_item_file(request.root, path));
        let result = if full {
            self.render_everything(request, &site, now)
        } else {
            self.render_reached(request, &site, now)
        };
        if result.is_ok() {
            self.minute = Some(minute);
            self.pending.clear();
            self.stale = false;
        }
        self.timings.render = rendering.elapsed();
        result
    }

    fn render_everything(
        &mut self,
        request: &Request<'_>,
        site: &Site,
        now: Instant,
    ) -> Result<Extent, Error> {
        let jobs = crate::plan::plan(site, now, request.audience);
        let rendered = render(request, site, now, &jobs)?;
        self.rendered = sorted_paths(&rendered);
        self.files = rendered.into_iter().collect();
        self.owned = owners(&Sources::of(site), &jobs);
        self.reads = Reads::of(site, now, request.audience);
        Ok(Extent::Full)
    }

    /// Renders the pages of the items whose files changed and the shared pages the change
    /// can reach, and drops what removed items, or changed ones, no longer produce.
    fn render_reached(
        &mut self,
        request: &Request<'_>,
        site: &Site,
        now: Instant,
    ) -> Result<Extent, Error> {
        let all = crate::plan::plan(site, now, request.audience);
        let sources = Sources::of(site);
        let changed = Changed::of(request.root, &self.pending);
        let reached = |source: &Path| !self.owned.contains_key(source) || changed.reaches(source);
        let reads = Reads::of(site, now, request.audience);
        let reach = Reach::of(&self.reads, &reads, |source| changed.reaches(source));
        let mut jobs: Vec<Job<'_>> = all
            .iter()
            .filter(|job| match sources.owner(job) {
                Some(source) => reached(source),
                None => reach.renders(job),
            })
            .cloned()
            .collect();
        costliest_first(&mut jobs);
        let rendered = render(request, site, now, &jobs)?;
        let count = rendered.len();
        // What the items not reached produce is unchanged: only the others' is made again.
        let files = &mut self.files;
        self.owned.retain(|source, paths| {
            let kept = reads.has_item(source) && !changed.reaches(source);
            if !kept {
                for path in paths.drain(..) {
                    files.remove(&path);
                }
            }
            kept
        });
        for path in self.reads.pages_gone(&reads) {
            self.files.remove(&path);
        }
        self.rendered = sorted_paths(&rendered);
        self.files.extend(rendered);
        self.owned.extend(owners(&sources, &jobs));
        self.reads = reads;
        Ok(Extent::Partial(count))
    }
}

/// Puts the two costliest pages a save renders where each core starts: the status page
/// first, and reliability in the middle of the list, where the render's second thread
/// begins (the list is split in halves). Each core then starts with one of them, and they
/// share the rest, instead of one core rendering both while the other runs out of work.
fn costliest_first(jobs: &mut [Job<'_>]) {
    if let Some(at) = jobs.iter().position(|job| matches!(job, Job::StatusPage)) {
        jobs[..=at].rotate_right(1);
    }
    let middle = jobs.len() / 2;
    match jobs.iter().position(|job| matches!(job, Job::Reliability)) {
        Some(at) if middle > 0 && at < middle => jobs[at..=middle].rotate_left(1),
        Some(at) if middle > 0 => jobs[middle..=at].rotate_right(1),
        _ => {}
    }
}

/// The paths of `rendered`, in order.
fn sorted_paths(rendered: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut paths: Vec<String> = rendered.iter().map(|(path, _)| path.clone()).collect();
    paths.sort();
    paths
}

/// The files changed since the last render, relative to the site's root.
struct Changed {
    paths: BTreeSet<PathBuf>,
}

impl Changed {
    fn of(root: &Path, pending: &BTreeSet<PathBuf>) -> Self {
        let paths = pending
            .iter()
            .map(|path| path.strip_prefix(root).unwrap_or(path).to_path_buf())
            .collect();
        Changed { paths }
    }

    /// Whether a change reaches the item read from `source` (relative to the root): it is
    /// that file, or a file of its folder when the item is a folder (`slug/index.md`).
    fn reaches(&self, source: &Path) -> bool {
        self.paths.contains(source)
            || (source.file_name().is_some_and(|name| name == "index.md")
                && source
                    .parent()
                    .is_some_and(|folder| self.paths.iter().any(|path| path.starts_with(folder))))
    }
}

/// The clock, to the minute.
fn to_minute(now: Instant) -> Instant {
    use chrono::Timelike;
    now.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now)
}

/// Renders `jobs` into memory: each output's path (with `/`) and bytes.
fn render(
    request: &Request<'_>,
    site: &Site,
    now: Instant,
    jobs: &[Job<'_>],
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let kept = Mutex::new(Vec::with_capacity(jobs.len()));
    let keep = |mut output: crate::render::Output| {
        output.bytes.shrink_to_fit();
        let path = output.path.to_string_lossy().replace('\\', "/");
        kept.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path, output.bytes));
        Ok(())
    };
    crate::build::render_jobs(request.root, site, now, request.audience, jobs, &keep)?;
    Ok(kept
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// The source files of the site's items, by the output folder and slug of their pages.
struct Sources<'a> {
    by_slug: HashMap<(&'static str, &'a str), &'a Path>,
}

impl<'a> Sources<'a> {
    fn of(site: &'a Site) -> Self {
        let incidents = site
            .incidents
            .iter()
            .map(|i| (("incidents", i.slug.as_str()), i.source.as_path()));
        let maintenances = site
            .maintenances
            .iter()
            .map(|m| (("maintenance", m.slug.as_str()), m.source.as_path()));
        Sources {
            by_slug: incidents.chain(maintenances).collect(),
        }
    }

    /// The source file of the item a job belongs to; none for a shared page.
    fn owner(&self, job: &Job<'a>) -> Option<&'a Path> {
        match job {
            Job::Incident(i) | Job::Postmortem(i) => Some(i.source.as_path()),
            Job::Maintenance(m) | Job::MaintenanceAlias(m) | Job::MaintenanceEvent(m) => {
                Some(m.source.as_path())
            }
            Job::Asset { kind, slug, .. } => self.by_slug.get(&(*kind, *slug)).copied(),
            _ => None,
        }
    }
}

/// The output paths of each item's own jobs, by its source file.
fn owners(sources: &Sources<'_>, jobs: &[Job<'_>]) -> HashMap<PathBuf, Vec<String>> {
    let mut owned: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for job in jobs {
        if let Some(source) = sources.owner(job) {
            owned
                .entry(source.to_path_buf())
                .or_default()
                .push(output_path(job));
        }
    }
    owned
}

/// Where an item's job writes, as the renderer names it.
fn output_path(job: &Job<'_>) -> String {
    match job {
        Job::Incident(i) => format!("incidents/{}/index.html", i.slug),
        Job::Postmortem(i) => format!("incidents/{}/postmortem/index.html", i.slug),
        Job::Maintenance(m) => format!("maintenance/{}/index.html", m.slug),
        Job::MaintenanceAlias(m) => format!("incidents/{}/index.html", m.slug),
        Job::MaintenanceEvent(m) => crate::render::calendar::event_path(&m.slug),
        Job::Asset { kind, slug, file } => {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            format!("{kind}/{slug}/{name}")
        }
        _ => String::new(),
    }
}

/// Whether `path` is an incident's or a maintenance window's file (its Markdown, or a
/// file of its folder): a change there reaches that item and the shared pages only.
fn is_item_file(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    ["incidents", "maintenance"]
        .iter()
        .any(|kind| relative.starts_with(Path::new("content").join(kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_page_starts_the_render_and_reliability_its_second_half() {
        let mut jobs = vec![
            Job::Reliability,
            Job::History(1),
            Job::NotFound,
            Job::StatusPage,
            Job::Calendar,
            Job::EmbedPage,
        ];
        costliest_first(&mut jobs);
        let names: Vec<String> = jobs.iter().map(|job| format!("{job:?}")).collect();
        assert_eq!(
            names,
            [
                "StatusPage",
                "History(1)",
                "NotFound",
                "Reliability",
                "Calendar",
                "EmbedPage"
            ]
        );
    }
}
