//! Load: reads `config.toml` and `content/` into the model, with a diagnostic for every
//! problem found on the way. A file with errors is left out of the model; the others load.

mod assets;
pub mod body;
mod clients;
pub mod config;
pub mod frontmatter;
mod incident;
mod maintenance;
pub mod time;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Error};
use crate::model::{Config, FileStamp, Incident, Maintenance, Pos, Site, TextPlaces};

/// A problem found in a file, before it is tied to the file's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub field: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(pos: Pos, field: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            pos,
            field: field.into(),
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn into_diagnostic(self, file: &Path) -> Diagnostic {
        Diagnostic::error(file, self.pos, &self.field, self.message).with_hint_opt(self.hint)
    }
}

/// A content file found on disk: where it is, and the slug it gives.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// The path relative to the site root, as shown in diagnostics.
    pub relative: PathBuf,
    pub absolute: PathBuf,
    pub slug: String,
    /// The folder of an `index.md` incident or maintenance, whose other files are published
    /// beside its page.
    pub bundle: Option<PathBuf>,
}

/// Reads the whole site under `root`.
pub fn load_site(root: &Path) -> Result<(Site, Diagnostics), Error> {
    load_site_with(root, None)
}

/// Reads the whole site, with the file at `replaced.0` read as the text `replaced.1`: how
/// a command checks a change before writing it.
pub fn load_site_with(
    root: &Path,
    replaced: Option<(&Path, &str)>,
) -> Result<(Site, Diagnostics), Error> {
    let mut diagnostics = Diagnostics::default();
    let config = config::load_config(root, &mut diagnostics)?;
    let (incidents, maintenances) = read_content(
        root,
        &config,
        replaced,
        &mut diagnostics,
        |file, text, _| incident::read_incident(file, text, &config),
        |incident| incident,
    )?;
    Ok((
        Site {
            config,
            incidents,
            maintenances,
        },
        diagnostics,
    ))
}

/// Reads the content of the site under `root` as a build does, with `config` read and
/// the problems found so far in `diagnostics`: each incident is checked by `check` as
/// soon as it is read, then lets go of the texts its file holds as written
/// (`Incident::let_texts_go`), so that the texts of the whole site are never in memory at
/// once; a page that shows them reads the file again (`texts_again`). Returns the site,
/// and what the checks found in the incidents.
pub fn load_site_checked(
    root: &Path,
    config: Config,
    diagnostics: &mut Diagnostics,
    check: impl Fn(&Incident) -> Vec<Diagnostic> + Sync,
) -> Result<(Site, Vec<Diagnostic>), Error> {
    let found = std::sync::Mutex::new(Vec::new());
    let (incidents, maintenances) = read_content(
        root,
        &config,
        None,
        diagnostics,
        |file, text, stamp| {
            let mut incident = incident::read_incident(file, text, &config)?;
            incident.texts = stamp.map(|stamp| Box::new(TextPlaces::find(&incident, text, stamp)));
            Ok(incident)
        },
        |mut incident| {
            let checked = check(&incident);
            found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(checked);
            incident.let_texts_go();
            incident
        },
    )?;
    let site = Site {
        config,
        incidents,
        maintenances,
    };
    let found = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok((site, found))
}

/// Reads every incident and maintenance window under `root` on the reading threads, in
/// the site's order: `read_incident` reads an incident's file, `finish_incident` takes it
/// once it has its pictures. The problems found go to `diagnostics`.
fn read_content(
    root: &Path,
    config: &Config,
    replaced: Option<(&Path, &str)>,
    diagnostics: &mut Diagnostics,
    read_incident: impl Fn(&ContentFile, &str, Option<FileStamp>) -> Result<Incident, Vec<Problem>>
    + Sync,
    finish_incident: impl Fn(Incident) -> Incident + Sync,
) -> Result<(Vec<Incident>, Vec<Maintenance>), Error> {
    let read = || {
        let incidents = read_all(
            root,
            "incidents",
            replaced,
            &read_incident,
            |incident, assets| finish_incident(Incident { assets, ..incident }),
        )?;
        let maintenances = read_all(
            root,
            "maintenance",
            replaced,
            |file, text, _| maintenance::read_maintenance(file, text, config),
            |maintenance, assets| Maintenance {
                assets,
                ..maintenance
            },
        )?;
        Ok::<_, Error>((incidents, maintenances))
    };
    let ((mut incidents, incident_problems), (mut maintenances, maintenance_problems)) =
        match readers() {
            Some(pool) => pool.install(read),
            None => read(),
        }?;
    diagnostics.extend(incident_problems);
    diagnostics.extend(maintenance_problems);
    // Files are listed in path order, so the sort keeps it among equals, as the orders say.
    incidents.sort_by(incident_order);
    maintenances.sort_by(maintenance_order);
    Ok((incidents, maintenances))
}

/// `incident` with the texts it let go (`Incident::let_texts_go`) read again from its
/// file under `root`; an error naming the file when it changed since it was first read.
pub fn texts_again(root: &Path, incident: &Incident) -> Result<Incident, Error> {
    let Some(places) = incident.texts.as_ref().filter(|t| t.let_go()) else {
        return Ok(incident.clone());
    };
    let changed = || {
        Error::new(format!(
            "{} changed while the site was being built: build again",
            incident.source.display()
        ))
    };
    match crate::fs::read_content_stamped(root, &incident.source)? {
        Ok((text, stamp)) if stamp == places.stamp => Ok(incident.with_texts(&text)),
        _ => Err(changed()),
    }
}

/// Items read from content files, each with the pictures of its folder, and the problems
/// found: in the files that could not be read, and beside those that could.
type ReadAll<T> = (Vec<T>, Vec<Diagnostic>);

/// The outcome of reading one content file: the item with the pictures of its folder and
/// the problems found beside it, or the problems that kept it from being read.
type ReadOne<T> = Result<Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>, Error>;

/// One content file as read: the item and its folder's files, or the problems that kept it
/// from being read.
type FileRead<T> = Result<Result<(T, assets::Bundle), Vec<Diagnostic>>, Error>;

/// Reads every file of `content/<kind>/` on every thread of the pool, in file-name order: the items read,
/// each given the pictures of its folder by `with_assets`, and the problems of those that
/// could not be. The items are moved once, into a list of their number: at 50,000
/// incidents, every extra list of them held while loading is tens of megabytes.
fn read_all<T: Send>(
    root: &Path,
    kind: &str,
    replaced: Option<(&Path, &str)>,
    read_one: impl Fn(&ContentFile, &str, Option<FileStamp>) -> Result<T, Vec<Problem>> + Sync,
    with_assets: impl Fn(T, Vec<PathBuf>) -> T + Sync,
) -> Result<ReadAll<T>, Error> {
    use rayon::prelude::*;
    let (mut files, notes) = content_files(root, kind)?;
    files.extend(replaced.and_then(|(path, _)| new_content_file(root, kind, path, &files)));
    let mut items = Vec::with_capacity(files.len());
    let mut problems = notes;
    // A few files at a time: the results of all of them, held beside the items, would be
    // tens of megabytes at 50,000 incidents.
    for files in files.chunks(READ_AT_ONCE) {
        let results: Vec<ReadOne<T>> = files
            .par_iter()
            .map(|file| {
                Ok(match read_file(root, file, replaced, &read_one)? {
                    Ok((item, bundle)) => {
                        Ok((with_assets(item, bundle.assets), bundle.diagnostics))
                    }
                    Err(problems) => Err(problems),
                })
            })
            .collect();
        for result in results {
            match result? {
                Ok((item, found)) => {
                    problems.extend(found);
                    items.push(item);
                }
                Err(found) => problems.extend(found),
            }
        }
    }
    Ok((items, problems))
}

/// How many files `read_all` reads before it moves their items into the list.
const READ_AT_ONCE: usize = 1024;

/// Reads one content file (as the text `replaced.1` when it is `replaced.0`): the item
/// with its folder's files, or the problems that keep it out of the model. `read_one` is
/// given the file's text and, when it was read from disk, its stamp.
fn read_file<T>(
    root: &Path,
    file: &ContentFile,
    replaced: Option<(&Path, &str)>,
    read_one: impl Fn(&ContentFile, &str, Option<FileStamp>) -> Result<T, Vec<Problem>>,
) -> FileRead<T> {
    let (text, stamp) = match replaced {
        Some((path, text)) if path == file.absolute => (text.to_string(), None),
        _ => match crate::fs::read_content_stamped(root, &file.relative)? {
            Ok((text, stamp)) => (text, Some(stamp)),
            Err(unreadable) => {
                return Ok(Err(vec![
                    unreadable_file(&unreadable).into_diagnostic(&file.relative),
                ]));
            }
        },
    };
    let read = read_one(file, &text, stamp);
    // The text is no longer needed once read: at 50,000 incidents, each file's text held
    // a moment longer raises the peak.
    drop(text);
    Ok(match read {
        Ok(item) => Ok((item, bundle_of(root, file)?)),
        Err(problems) => Err(problems
            .into_iter()
            .map(|p| p.into_diagnostic(&file.relative))
            .collect()),
    })
}

/// The content files of a site, as a full load finds them.
#[derive(Debug, Clone)]
pub struct Listing {
    pub incidents: Vec<ContentFile>,
    pub maintenances: Vec<ContentFile>,
    /// A note for each editor's file passed over.
    pub notes: Vec<Diagnostic>,
}

/// Lists the content files of the site under `root`, without reading them.
pub fn list_content(root: &Path) -> Result<Listing, Error> {
    let (incidents, mut notes) = content_files(root, "incidents")?;
    let (maintenances, maintenance_notes) = content_files(root, "maintenance")?;
    notes.extend(maintenance_notes);
    Ok(Listing {
        incidents,
        maintenances,
        notes,
    })
}

/// One content file as read: its item (none when the file has errors), and the problems
/// found in it and in its folder, in the order a full load reports them.
#[derive(Debug)]
pub struct Loaded<T> {
    pub item: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one incident's file of a listing, as a full load with `config` reads it.
pub fn load_incident(
    root: &Path,
    file: &ContentFile,
    config: &crate::model::Config,
) -> Result<Loaded<Incident>, Error> {
    let read = read_file(root, file, None, |file, text, _| {
        incident::read_incident(file, text, config)
    })?;
    Ok(loaded(read, |incident, assets| Incident {
        assets,
        ..incident
    }))
}

/// Reads one maintenance window's file of a listing, as a full load with `config` reads it.
pub fn load_maintenance(
    root: &Path,
    file: &ContentFile,
    config: &crate::model::Config,
) -> Result<Loaded<Maintenance>, Error> {
    let read = read_file(root, file, None, |file, text, _| {
        maintenance::read_maintenance(file, text, config)
    })?;
    Ok(loaded(read, |maintenance, assets| Maintenance {
        assets,
        ..maintenance
    }))
}

/// Every file of `listing` read, on the threads a full load reads with, in its order.
pub type LoadedContent = (Vec<Loaded<Incident>>, Vec<Loaded<Maintenance>>);

/// Reads every file of `listing` with `config`, each as `load_incident` or
/// `load_maintenance` reads it.
pub fn load_listed(
    root: &Path,
    listing: &Listing,
    config: &crate::model::Config,
) -> Result<LoadedContent, Error> {
    use rayon::prelude::*;
    let read = || {
        let incidents = listing
            .incidents
            .par_iter()
            .map(|file| load_incident(root, file, config))
            .collect::<Result<Vec<_>, Error>>()?;
        let maintenances = listing
            .maintenances
            .par_iter()
            .map(|file| load_maintenance(root, file, config))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok((incidents, maintenances))
    };
    match readers() {
        Some(pool) => pool.install(read),
        None => read(),
    }
}

fn loaded<T>(
    read: Result<(T, assets::Bundle), Vec<Diagnostic>>,
    with_assets: impl FnOnce(T, Vec<PathBuf>) -> T,
) -> Loaded<T> {
    match read {
        Ok((item, bundle)) => Loaded {
            item: Some(with_assets(item, bundle.assets)),
            diagnostics: bundle.diagnostics,
        },
        Err(diagnostics) => Loaded {
            item: None,
            diagnostics,
        },
    }
}

/// The order of incidents in the model: the latest started first, then by slug, then by
/// file (as listed).
pub fn incident_order(a: &Incident, b: &Incident) -> std::cmp::Ordering {
    b.started
        .cmp(&a.started)
        .then(a.slug.cmp(&b.slug))
        .then(a.source.cmp(&b.source))
}

/// The order of maintenance windows in the model: the latest first, then by slug, then
/// by file (as listed).
pub fn maintenance_order(a: &Maintenance, b: &Maintenance) -> std::cmp::Ordering {
    b.starts
        .cmp(&a.starts)
        .then(a.slug.cmp(&b.slug))
        .then(a.source.cmp(&b.source))
}

/// Why a content file cannot be read, said for its writer.
pub fn unreadable_file(unreadable: &crate::fs::Unreadable) -> Problem {
    match unreadable {
        crate::fs::Unreadable::TooLarge { bytes } => Problem::new(
            Pos::new(1, 1),
            "file",
            format!(
                "the file is {:.1} MB, over the {} MB a content file may hold",
                *bytes as f64 / (1024.0 * 1024.0),
                crate::fs::MAX_CONTENT_BYTES / (1024 * 1024)
            ),
            "a file this large is usually a pasted log or export: keep a summary in the text, and put the rest in a file beside it (the incident as a folder, `SLUG/index.md`, with the file next to it) and link to it",
        ),
        crate::fs::Unreadable::NotUtf8 { pos } => Problem::new(
            *pos,
            "file",
            "the file is not UTF-8 text: the character here is in another encoding",
            "save the file as UTF-8 in your editor (Save As, Encoding: UTF-8)",
        ),
    }
}

/// More threads than cores for reading content: a file whose pages the system has let go
/// of waits for the disk, and the other threads go on meanwhile. None if they cannot start.
fn readers() -> Option<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores * 4)
        .build()
        .ok()
}

/// The Markdown files of `content/<kind>/`: `slug.md`, or `slug/index.md` with its images;
/// and a note for each editor's file passed over.
fn content_files(root: &Path, kind: &str) -> Result<(Vec<ContentFile>, Vec<Diagnostic>), Error> {
    let folder = root.join("content").join(kind);
    if !crate::fs::exists(&folder) {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for entry in walkdir::WalkDir::new(&folder)
        .min_depth(1)
        .max_depth(2)
        .sort_by_file_name()
    {
        let entry = entry
            .map_err(|e| Error::new(format!("cannot list {}", folder.display())).caused_by(&e))?;
        let path = entry.path();
        if entry.depth() == 1 && assets::is_editor_file(&entry.file_name().to_string_lossy()) {
            notes.push(assets::editor_file_note(root, path));
            continue;
        }
        if entry.depth() == 2 && entry.file_name() != "index.md" {
            // The other files of an incident's folder: read with it (`bundle_of`).
            continue;
        }
        // The listing tells a file's type; only a link costs more calls.
        let is_file = if entry.path_is_symlink() {
            crate::fs::refuse_link_out(path, root)?;
            path.is_file()
        } else {
            entry.file_type().is_file()
        };
        if !is_file || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Some(file) = content_file(root, path, entry.depth()) else {
            continue;
        };
        files.push(file);
    }
    Ok((files, notes))
}

/// The file a command is about to create in `content/<kind>/`, read with the others so that
/// the site is checked with it before it is written.
fn new_content_file(
    root: &Path,
    kind: &str,
    path: &Path,
    files: &[ContentFile],
) -> Option<ContentFile> {
    let in_kind = path.parent()? == root.join("content").join(kind);
    let listed = files.iter().any(|f| f.absolute == path);
    (in_kind && !listed && path.extension()? == "md")
        .then(|| content_file(root, path, 1))
        .flatten()
}

fn content_file(root: &Path, path: &Path, depth: usize) -> Option<ContentFile> {
    let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let stem = path.file_stem()?.to_string_lossy().to_string();
    match depth {
        1 => Some(ContentFile {
            relative,
            absolute: path.to_path_buf(),
            slug: stem,
            bundle: None,
        }),
        2 if stem == "index" => {
            let folder = path.parent()?;
            let slug = folder.file_name()?.to_string_lossy().to_string();
            Some(ContentFile {
                relative,
                absolute: path.to_path_buf(),
                slug,
                bundle: Some(folder.to_path_buf()),
            })
        }
        _ => None,
    }
}

/// The files published beside an incident's or maintenance window's page, from its folder.
fn bundle_of(root: &Path, file: &ContentFile) -> Result<assets::Bundle, Error> {
    match &file.bundle {
        Some(folder) => assets::bundle(root, folder),
        None => Ok(assets::Bundle::default()),
    }
}

/// A title as clients read it: without the writer's comments (`<!-- … -->`), trimmed. A
/// comment never closed is left for the checks to refuse.
pub fn title_text(written: &str) -> String {
    let mut title = String::with_capacity(written.len());
    let mut rest = written;
    while let Some(open) = rest.find("<!--") {
        let Some(close) = rest[open + 4..].find("-->") else {
            break;
        };
        title.push_str(&rest[..open]);
        rest = &rest[open + 4 + close + 3..];
    }
    title.push_str(rest);
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `slug` is safe as a URL path segment: lowercase letters, digits and dashes.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug made from any text: `Rapports Hebdo (v2).md` gives `rapports-hebdo-v2`.
pub fn slugify(text: &str) -> String {
    let folded = crate::model::fold_word(text);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_checked_and_made() {
        assert!(is_valid_slug("2026-11-06-rapports"));
        assert!(!is_valid_slug("Rapports"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug(""));
        assert_eq!(slugify("Rapports Hebdo (v2)"), "rapports-hebdo-v2");
        assert_eq!(slugify("Été à Paris"), "ete-a-paris");
    }

    #[test]
    fn comments_are_not_part_of_a_title() {
        assert_eq!(
            title_text("Exports <!-- Acme --> en retard"),
            "Exports en retard"
        );
        assert_eq!(title_text(" <!--a-->Panne<!--b--> "), "Panne");
        assert_eq!(
            title_text("Panne <!-- jamais fermé"),
            "Panne <!-- jamais fermé"
        );
    }
}

#[cfg(test)]
mod robustness {
    //! Any text given to a parser gives a result or an error, never a panic.

    use super::{body, frontmatter, time};

    /// A small deterministic generator of awkward strings (xorshift), so the test needs no
    /// extra crate and fails the same way every time.
    fn awkward_strings(count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "-", "+", ":", "h", "H", "T", "Z", " ", "\n", "[", "]", ",", "#", "## ", "### ", "- ",
            "---", "+++", "```", "0", "1", "2", "9", "18", "2026", "-11-", "é", "’", "日本", "🙂",
            "\u{feff}", "\t", "next ", "résolu", "call", "public", "[ ] ", "[x] ", "owner:",
            "\r\n",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = (next() % 24) as usize;
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn parsers_never_panic() {
        let after = chrono::DateTime::parse_from_rfc3339("2026-11-13T18:40:00+01:00").ok();
        for text in awkward_strings(20_000) {
            if let Ok(written) = time::parse_time(&text) {
                let _ = time::resolve_time(written, Some(chrono_tz::Europe::Paris), after);
                let _ = time::resolve_time(written, None, None);
            }
            let _ = time::parse_duration(&text);
            let _ = time::parse_date(&text);
            let _ = body::entry_head(&text, 1, 1, "");
            let (sections, _) = body::split_sections(&text, 1);
            for section in &sections.sections {
                let _ = body::list_blocks(section, "f", "");
                let _ = body::heading_blocks(section, "f", "");
            }
            if let Ok(split) = frontmatter::split(&text) {
                let _ = frontmatter::locate(&split, &["components", "api"]);
            }
        }
    }

    #[test]
    fn incident_reader_never_panics() {
        let config = crate::model::Config {
            timezone: Some(chrono_tz::Europe::Paris),
            ..crate::model::testing::config()
        };
        let file = super::ContentFile {
            relative: "x.md".into(),
            absolute: "x.md".into(),
            slug: "x".into(),
            bundle: None,
        };
        let front = "---\ntitle: T\nimpact: minor\nstarted: 2026-11-13 18:40\n---\n";
        for text in awkward_strings(5_000) {
            let _ = super::incident::read_incident(
                &file,
                &format!("{front}## Updates\n{text}"),
                &config,
            );
            let _ = super::incident::read_incident(
                &file,
                &format!("{front}## Timeline\n{text}"),
                &config,
            );
            let _ = super::incident::read_incident(
                &file,
                &format!("{front}## Actions\n{text}"),
                &config,
            );
            let _ = super::incident::read_incident(&file, &format!("{front}{text}"), &config);
            let _ = super::incident::read_incident(&file, &text, &config);
        }
    }
}
