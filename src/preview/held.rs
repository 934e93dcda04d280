//! The site as the preview holds it between saves: the model, what each content file gave
//! (its item, its problems), and each item's findings at the clock of the last check. A
//! save of incident or maintenance files reads again only those files and checks again only
//! their items, then the rule that looks at several items (two files of one name); the
//! diagnostics are those a full `vigie check` of the same files gives, in the same order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::check::Checker;
use crate::diagnostic::{Diagnostic, Diagnostics, Error};
use crate::load::{ContentFile, Loaded};
use crate::model::{Incident, Instant, Maintenance, Site};

/// The loaded site and what the preview keeps of its last load and check.
pub struct HeldSite {
    pub site: Site,
    /// The problems found in config.toml as it was read.
    config_problems: Vec<Diagnostic>,
    /// The notes on editors' files passed over in `content/`.
    notes: Vec<Diagnostic>,
    /// Each incident file listed, by absolute path.
    incident_files: BTreeMap<PathBuf, HeldFile>,
    /// Each maintenance file listed, by absolute path.
    maintenance_files: BTreeMap<PathBuf, HeldFile>,
    checker: Checker,
    /// The findings about config.toml itself.
    config_findings: Vec<Diagnostic>,
    /// The clock the items' findings were computed at.
    checked_at: Option<Instant>,
    /// Each item's findings at `checked_at`, by its source file.
    findings: HashMap<PathBuf, Vec<Diagnostic>>,
}

/// What one content file gave when it was last read.
struct HeldFile {
    /// The file as listed; its path relative to the site's root is its item's source.
    file: ContentFile,
    /// The problems found in the file and its folder.
    problems: Vec<Diagnostic>,
    /// Whether it gave an item (a file with errors gives none).
    gave_item: bool,
}

/// What a save changed in the model.
#[derive(Debug, Default)]
pub struct Update {
    /// The content files read again.
    pub read: usize,
    /// The source files of the items added, changed or removed.
    pub sources: BTreeSet<PathBuf>,
}

impl HeldSite {
    /// Reads the whole site under `root` (with `base_url` in place of config.toml's); on
    /// failure, the diagnostics found so far and why it stopped, as a full build says.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Self, (Diagnostics, Error)> {
        let mut config_problems = Diagnostics::default();
        let mut config = crate::load::config::load_config(root, &mut config_problems)
            .map_err(|error| (Diagnostics::default(), error))?;
        let listing = crate::load::list_content(root).map_err(|e| (Diagnostics::default(), e))?;
        let (incidents, maintenances) = crate::load::load_listed(root, &listing, &config)
            .map_err(|error| (Diagnostics::default(), error))?;
        let config_problems: Vec<Diagnostic> = config_problems.into_iter().collect();
        if let Some(url) = base_url
            && let Err(error) = crate::load::config::override_base_url(&mut config, url)
        {
            let mut so_far = Diagnostics::default();
            so_far.extend(config_problems);
            return Err((so_far, error));
        }
        let mut site = Site {
            config,
            incidents: Vec::new(),
            maintenances: Vec::new(),
        };
        let incident_files = hold(&listing.incidents, incidents, &mut site.incidents);
        let maintenance_files = hold(&listing.maintenances, maintenances, &mut site.maintenances);
        site.incidents.sort_by(crate::load::incident_order);
        site.maintenances.sort_by(crate::load::maintenance_order);
        let checker = Checker::of(&site);
        let config_findings = checker.of_config(&site);
        Ok(HeldSite {
            site,
            config_problems,
            notes: listing.notes,
            incident_files,
            maintenance_files,
            checker,
            config_findings,
            checked_at: None,
            findings: HashMap::new(),
        })
    }

    /// Reads again the content files among `changed` (each an incident's or a maintenance
    /// window's file, or a file of its folder), those added and those removed.
    pub fn update(&mut self, root: &Path, changed: &BTreeSet<PathBuf>) -> Result<Update, Error> {
        let listing = if self.lists_the_same(root, changed) {
            None
        } else {
            Some(crate::load::list_content(root)?)
        };
        if let Some(listing) = &listing {
            self.notes.clone_from(&listing.notes);
        }
        let config = &self.site.config;
        let mut update = Update::default();
        let incidents = Kind {
            files: &mut self.incident_files,
            items: &mut self.site.incidents,
            source: |i: &Incident| i.source.as_path(),
            order: crate::load::incident_order,
        };
        incidents.update(
            root,
            listing.as_ref().map(|l| &l.incidents[..]),
            changed,
            &mut update,
            |file| crate::load::load_incident(root, file, config),
        )?;
        let maintenances = Kind {
            files: &mut self.maintenance_files,
            items: &mut self.site.maintenances,
            source: |m: &Maintenance| m.source.as_path(),
            order: crate::load::maintenance_order,
        };
        maintenances.update(
            root,
            listing.as_ref().map(|l| &l.maintenances[..]),
            changed,
            &mut update,
            |file| crate::load::load_maintenance(root, file, config),
        )?;
        Ok(update)
    }

    /// Whether listing `content/` again would find the files held: each changed path is a
    /// held file, still a plain file, or a file of a held item's folder. A file added,
    /// removed, renamed or left by an editor beside the others is listed again.
    fn lists_the_same(&self, root: &Path, changed: &BTreeSet<PathBuf>) -> bool {
        let held = || {
            self.incident_files
                .values()
                .chain(self.maintenance_files.values())
        };
        changed.iter().all(|path| {
            let path = root.join(path);
            let is_held = self.incident_files.contains_key(&path)
                || self.maintenance_files.contains_key(&path);
            let is_plain_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            let in_a_folder = || {
                held().any(|h| {
                    h.file
                        .bundle
                        .as_ref()
                        .is_some_and(|folder| path.starts_with(folder) && path != *folder)
                })
            };
            (is_held && is_plain_file) || (!is_held && in_a_folder())
        })
    }

    /// Checks the items of `sources` again at `now`, or every item when the last check was
    /// at another time.
    pub fn check(&mut self, now: Instant, sources: &BTreeSet<PathBuf>) {
        if self.checked_at != Some(now) {
            self.check_everything(now);
            return;
        }
        for source in sources {
            self.findings.remove(source);
            let site = &self.site;
            let found = if let Some(i) = site.incidents.iter().find(|i| &i.source == source) {
                self.checker.incident(site, i, now)
            } else if let Some(m) = site.maintenances.iter().find(|m| &m.source == source) {
                self.checker.maintenance(site, m)
            } else {
                continue;
            };
            self.findings.insert(source.clone(), found);
        }
    }

    fn check_everything(&mut self, now: Instant) {
        use rayon::prelude::*;
        let site = &self.site;
        let checker = &self.checker;
        let incidents: Vec<(PathBuf, Vec<Diagnostic>)> = site
            .incidents
            .par_iter()
            .map(|i| (i.source.clone(), checker.incident(site, i, now)))
            .collect();
        let maintenances = site
            .maintenances
            .iter()
            .map(|m| (m.source.clone(), checker.maintenance(site, m)));
        self.findings = incidents.into_iter().chain(maintenances).collect();
        self.checked_at = Some(now);
    }

    /// The diagnostics of the last load and check, as `vigie check` prints them.
    pub fn diagnostics(&self, strict: bool) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.config_problems.iter().cloned());
        diagnostics.extend(self.notes.iter().cloned());
        for held in self
            .incident_files
            .values()
            .chain(self.maintenance_files.values())
        {
            diagnostics.extend(held.problems.iter().cloned());
        }
        diagnostics.extend(self.config_findings.iter().cloned());
        let sources = (self.site.incidents.iter().map(|i| &i.source))
            .chain(self.site.maintenances.iter().map(|m| &m.source));
        for source in sources {
            diagnostics.extend(self.findings.get(source).into_iter().flatten().cloned());
        }
        diagnostics.extend(crate::check::duplicate_slugs(&self.site));
        if strict {
            diagnostics.make_lints_errors();
        }
        diagnostics.sort();
        diagnostics
    }
}

/// The files of one kind (incidents or maintenance windows) as listed, and their items
/// in the model's order.
fn hold<T>(
    listed: &[ContentFile],
    loaded: Vec<Loaded<T>>,
    items: &mut Vec<T>,
) -> BTreeMap<PathBuf, HeldFile> {
    let mut files = BTreeMap::new();
    for (file, loaded) in listed.iter().zip(loaded) {
        files.insert(
            file.absolute.clone(),
            HeldFile {
                file: file.clone(),
                problems: loaded.diagnostics,
                gave_item: loaded.item.is_some(),
            },
        );
        items.extend(loaded.item);
    }
    files
}

/// One kind of item in the held site: its files, its items, and how to tell them apart.
struct Kind<'a, T> {
    files: &'a mut BTreeMap<PathBuf, HeldFile>,
    items: &'a mut Vec<T>,
    source: fn(&T) -> &Path,
    order: fn(&T, &T) -> std::cmp::Ordering,
}

impl<T> Kind<'_, T> {
    /// Drops the files no longer listed, and reads again those `changed` reaches and those
    /// added, each item put back at its place in the model's order.
    fn update(
        self,
        root: &Path,
        listed: Option<&[ContentFile]>,
        changed: &BTreeSet<PathBuf>,
        update: &mut Update,
        load: impl Fn(&ContentFile) -> Result<Loaded<T>, Error>,
    ) -> Result<(), Error> {
        let Kind {
            files,
            items,
            source,
            order,
        } = self;
        let changed: BTreeSet<PathBuf> = changed.iter().map(|path| root.join(path)).collect();
        // A file added, saved, in the folder of an item that is a folder, or whose errors
        // kept it out of the model: it is the one being fixed.
        let reached = |file: &ContentFile, held: Option<&HeldFile>| {
            held.is_none_or(|held| !held.gave_item)
                || changed.contains(&file.absolute)
                || file
                    .bundle
                    .as_ref()
                    .is_some_and(|folder| changed.iter().any(|path| path.starts_with(folder)))
        };
        let to_read: Vec<ContentFile> = match listed {
            Some(listed) => {
                drop_unlisted(files, items, source, listed, update);
                listed
                    .iter()
                    .filter(|file| reached(file, files.get(&file.absolute)))
                    .cloned()
                    .collect()
            }
            None => files
                .values()
                .filter(|held| reached(&held.file, Some(held)))
                .map(|held| held.file.clone())
                .collect(),
        };
        for file in to_read {
            if let Some(held) = files.remove(&file.absolute) {
                remove_item(items, source, &held, update);
            }
            let loaded = load(&file)?;
            update.read += 1;
            update.sources.insert(file.relative.clone());
            if let Some(item) = loaded.item {
                let at = items.partition_point(|i| order(i, &item).is_lt());
                items.insert(at, item);
                files.insert(
                    file.absolute.clone(),
                    held_file(file, loaded.diagnostics, true),
                );
            } else {
                files.insert(
                    file.absolute.clone(),
                    held_file(file, loaded.diagnostics, false),
                );
            }
        }
        Ok(())
    }
}

fn held_file(file: ContentFile, problems: Vec<Diagnostic>, gave_item: bool) -> HeldFile {
    HeldFile {
        file,
        problems,
        gave_item,
    }
}

/// Drops the files no longer listed, and their items.
fn drop_unlisted<T>(
    files: &mut BTreeMap<PathBuf, HeldFile>,
    items: &mut Vec<T>,
    source: fn(&T) -> &Path,
    listed: &[ContentFile],
    update: &mut Update,
) {
    let listed_paths: BTreeSet<&Path> = listed.iter().map(|f| f.absolute.as_path()).collect();
    let gone: Vec<PathBuf> = files
        .keys()
        .filter(|path| !listed_paths.contains(path.as_path()))
        .cloned()
        .collect();
    for path in gone {
        if let Some(held) = files.remove(&path) {
            remove_item(items, source, &held, update);
        }
    }
}

/// Takes the item `held` gave out of `items`.
fn remove_item<T>(
    items: &mut Vec<T>,
    source: fn(&T) -> &Path,
    held: &HeldFile,
    update: &mut Update,
) {
    update.sources.insert(held.file.relative.clone());
    if held.gave_item
        && let Some(at) = items.iter().position(|i| source(i) == held.file.relative)
    {
        items.remove(at);
    }
}
