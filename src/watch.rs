//! Watch: tells `vigie serve` which of the site's files changed. The operating system's
//! file notifications (inotify, FSEvents, ReadDirectoryChangesW, through the `notify`
//! crate) wake it only when a file changes, so an idle preview costs nothing; where they
//! are unavailable (some network and container file systems), the files are looked at
//! every 25 ms instead. A save is handed over once its files are whole: where the system
//! says that a file was closed after writing (inotify), or renamed into place, at once;
//! otherwise after a short wait for the rest of the editor's writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, SystemTime};

/// What a build reads, under the site's root.
pub const WATCHED: &[&str] = &[
    "config.toml",
    "content",
    "templates",
    "i18n",
    "static",
    "themes",
];

/// How long the watcher waits after a change for the rest of a save (editors write a file
/// in several steps), so that one save makes one rebuild, when the operating system does
/// not say that the writes are done.
const SETTLE: Duration = Duration::from_millis(15);

/// How long it waits for more once every file of a save is whole (closed after writing,
/// or renamed into place): the few system calls an editor makes around a save.
const WHOLE: Duration = Duration::from_millis(2);

/// How long it waits at most for a file being written to be closed.
const WRITING: Duration = Duration::from_secs(2);

/// The shortest pause between two looks at the site's files, when polling.
const POLL_PAUSE: Duration = Duration::from_millis(25);

/// Calls `changed` with the files that changed under `root`, a save at a time, forever.
/// Calls `armed` first, once no change can go unseen: a change made before it may be
/// missed, so a first build made after it never misses one.
pub fn watch(root: &Path, armed: impl FnOnce(), mut changed: impl FnMut(&BTreeSet<PathBuf>)) {
    match notifications(root) {
        Ok((mut watcher, events)) => {
            armed();
            wait_for_events(root, &mut watcher, &events, &mut changed);
        }
        Err(_) => poll(root, armed, &mut changed),
    }
}

type Events = Receiver<notify::Result<notify::Event>>;

/// A watcher of the operating system's notifications on the site's folders.
fn notifications(root: &Path) -> notify::Result<(notify::RecommendedWatcher, Events)> {
    use notify::Watcher;
    let (sender, events) = channel();
    let mut watcher = notify::recommended_watcher(sender)?;
    // The root itself, not recursively: config.toml, and folders created later.
    watcher.watch(root, notify::RecursiveMode::NonRecursive)?;
    for name in WATCHED {
        let path = root.join(name);
        if path.is_dir() {
            watcher.watch(&path, notify::RecursiveMode::Recursive)?;
        }
    }
    Ok((watcher, events))
}

/// Hands each save's changed files to `changed` until the watcher stops.
fn wait_for_events(
    root: &Path,
    watcher: &mut notify::RecommendedWatcher,
    events: &Events,
    changed: &mut impl FnMut(&BTreeSet<PathBuf>),
) {
    use notify::Watcher;
    // inotify says when a file opened for writing is closed: a file being written is
    // waited for until then.
    let closes = notify::RecommendedWatcher::kind() == notify::WatcherKind::Inotify;
    while let Ok(first) = events.recv() {
        let mut save = Save::new(closes);
        save.add(first);
        loop {
            match events.recv_timeout(save.wait()) {
                Ok(event) => save.add(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        watch_new_folders(root, watcher, &save.paths);
        if !save.paths.is_empty() {
            changed(&save.paths);
        }
    }
}

/// The files of one save, as its events arrive, and whether their writes are done.
struct Save {
    /// The paths that may have changed.
    paths: BTreeSet<PathBuf>,
    /// What the latest event says of each path seen.
    states: std::collections::HashMap<PathBuf, FileState>,
    /// The paths created during this save: an editor's temporary files.
    created: BTreeSet<PathBuf>,
    /// Whether the watcher reports files closed after writing.
    closes: bool,
}

/// What the events of a save say of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileState {
    /// Closed after writing, renamed into place, or a temporary file gone again: its
    /// bytes are all there.
    Whole,
    /// Created or written to and not closed yet.
    Writing,
    /// Anything else (removed, renamed away, its attributes changed): more may follow.
    Unsure,
}

impl Save {
    fn new(closes: bool) -> Self {
        Save {
            paths: BTreeSet::new(),
            states: std::collections::HashMap::new(),
            created: BTreeSet::new(),
            closes,
        }
    }

    /// Takes in one event of the save.
    fn add(&mut self, event: notify::Result<notify::Event>) {
        use notify::EventKind::{Access, Create, Modify, Remove};
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
        let Ok(event) = event else { return };
        let state = |path: &PathBuf| match event.kind {
            Access(AccessKind::Close(AccessMode::Write)) => Some(FileState::Whole),
            // Reads change nothing.
            Access(_) => None,
            Modify(ModifyKind::Name(RenameMode::To)) => Some(FileState::Whole),
            // From the first path to the second: the second is in place.
            Modify(ModifyKind::Name(RenameMode::Both)) if Some(path) == event.paths.last() => {
                Some(FileState::Whole)
            }
            Modify(ModifyKind::Name(_)) | Remove(_) if self.created.contains(path) => {
                Some(FileState::Whole)
            }
            Create(CreateKind::File) | Modify(ModifyKind::Data(_)) if self.closes => {
                Some(FileState::Writing)
            }
            _ => Some(FileState::Unsure),
        };
        let states: Vec<(PathBuf, FileState)> = (event.paths.iter())
            .filter_map(|path| Some((path.clone(), state(path)?)))
            .collect();
        if matches!(event.kind, Create(_)) {
            self.created.extend(event.paths.iter().cloned());
        }
        for (path, state) in states {
            // A close alone (a file opened for writing, left as it was) changes nothing.
            let closed = matches!(event.kind, Access(_));
            if !closed || self.paths.contains(&path) {
                self.paths.insert(path.clone());
                self.states.insert(path, state);
            }
        }
    }

    /// How long to wait for the save's next event before handing it over.
    fn wait(&self) -> Duration {
        let states = || self.states.values();
        if states().any(|s| *s == FileState::Writing) {
            WRITING
        } else if states().any(|s| *s == FileState::Unsure) {
            SETTLE
        } else {
            WHOLE
        }
    }
}

/// Watches a folder a build reads (`templates/`, `content/`...) created after the start.
fn watch_new_folders(
    root: &Path,
    watcher: &mut notify::RecommendedWatcher,
    paths: &BTreeSet<PathBuf>,
) {
    use notify::Watcher;
    for path in paths {
        let watched = path.parent() == Some(root)
            && path
                .file_name()
                .is_some_and(|name| WATCHED.iter().any(|w| name == *w));
        if watched && path.is_dir() {
            let _ = watcher.watch(path, notify::RecursiveMode::Recursive);
        }
    }
}

/// Looks at the files every 25 ms, or, on a site so large that a look takes longer, after
/// four times what a look took: polling never takes more than a fifth of a core.
fn poll(root: &Path, armed: impl FnOnce(), changed: &mut impl FnMut(&BTreeSet<PathBuf>)) {
    let mut seen = fingerprint(root);
    armed();
    let mut pause = POLL_PAUSE;
    loop {
        std::thread::sleep(pause);
        let looking = std::time::Instant::now();
        let current = fingerprint(root);
        pause = POLL_PAUSE.max(looking.elapsed() * 4);
        if current != seen {
            let paths = differences(&seen, &current);
            seen = current;
            changed(&paths);
        }
    }
}

/// Each file a build reads, with its size and modification time.
type Fingerprint = std::collections::BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

fn fingerprint(root: &Path) -> Fingerprint {
    let mut files = Fingerprint::new();
    for entry in WATCHED
        .iter()
        .flat_map(|name| walkdir::WalkDir::new(root.join(name)))
        .flatten()
    {
        if let Ok(meta) = entry.metadata()
            && meta.is_file()
        {
            files.insert(
                entry.path().to_path_buf(),
                (meta.len(), meta.modified().ok()),
            );
        }
    }
    files
}

/// The files added, changed or removed between two looks.
fn differences(before: &Fingerprint, after: &Fingerprint) -> BTreeSet<PathBuf> {
    let changed = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone());
    let removed = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .cloned();
    changed.chain(removed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_files_added_changed_and_removed() {
        let stamp = |n| (n, None);
        let before: Fingerprint = [("a", 1), ("b", 2), ("c", 3)]
            .into_iter()
            .map(|(p, n)| (PathBuf::from(p), stamp(n)))
            .collect();
        let after: Fingerprint = [("a", 1), ("b", 5), ("d", 4)]
            .into_iter()
            .map(|(p, n)| (PathBuf::from(p), stamp(n)))
            .collect();
        let names: Vec<PathBuf> = differences(&before, &after).into_iter().collect();
        assert_eq!(names, ["b", "c", "d"].map(PathBuf::from));
    }

    fn event(kind: notify::EventKind, paths: &[&str]) -> notify::Result<notify::Event> {
        let mut event = notify::Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        Ok(event)
    }

    fn modified() -> notify::EventKind {
        notify::EventKind::Modify(notify::event::ModifyKind::Data(
            notify::event::DataChange::Any,
        ))
    }

    fn closed() -> notify::EventKind {
        notify::EventKind::Access(notify::event::AccessKind::Close(
            notify::event::AccessMode::Write,
        ))
    }

    fn renamed(mode: notify::event::RenameMode) -> notify::EventKind {
        notify::EventKind::Modify(notify::event::ModifyKind::Name(mode))
    }

    #[test]
    fn a_file_closed_after_writing_is_whole_and_one_being_written_is_waited_for() {
        let mut save = Save::new(true);
        save.add(event(modified(), &["a.md"]));
        assert_eq!(save.wait(), WRITING);
        save.add(event(closed(), &["a.md"]));
        assert_eq!(save.wait(), WHOLE);
        // Without word of closes, the wait for the rest of a save stays.
        let mut save = Save::new(false);
        save.add(event(modified(), &["a.md"]));
        assert_eq!(save.wait(), SETTLE);
    }

    #[test]
    fn a_file_renamed_into_place_is_whole_and_one_renamed_away_is_not() {
        use notify::event::{CreateKind, RenameMode};
        // An atomic save: a temporary file written, then renamed over the file.
        let mut save = Save::new(true);
        let create = notify::EventKind::Create(CreateKind::File);
        save.add(event(create, &["a.md.tmp"]));
        save.add(event(modified(), &["a.md.tmp"]));
        save.add(event(closed(), &["a.md.tmp"]));
        save.add(event(renamed(RenameMode::From), &["a.md.tmp"]));
        save.add(event(renamed(RenameMode::To), &["a.md"]));
        save.add(event(renamed(RenameMode::Both), &["a.md.tmp", "a.md"]));
        assert_eq!(save.wait(), WHOLE);
        assert_eq!(
            save.paths,
            BTreeSet::from(["a.md", "a.md.tmp"].map(PathBuf::from))
        );
        // The file moved aside before its new version is written: more is to come.
        let mut save = Save::new(true);
        save.add(event(renamed(RenameMode::From), &["a.md"]));
        save.add(event(renamed(RenameMode::To), &["a.md~"]));
        save.add(event(renamed(RenameMode::Both), &["a.md", "a.md~"]));
        assert_eq!(save.wait(), SETTLE);
    }

    #[test]
    fn a_file_opened_for_writing_and_left_as_it_was_is_no_change() {
        let mut save = Save::new(true);
        save.add(event(closed(), &["a.md"]));
        assert!(save.paths.is_empty());
    }

    /// A file written in two steps, the second long after the wait for the rest of a save:
    /// it is handed over once closed, whole.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_half_written_file_is_never_handed_over() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = std::fs::canonicalize(dir.path()).expect("absolute path");
        std::fs::create_dir_all(root.join("content/incidents")).expect("folder");
        let (armed, is_armed) = channel();
        let (seen, texts) = channel();
        let watched = root.clone();
        std::thread::spawn(move || {
            let armed = move || {
                let _ = armed.send(());
            };
            watch(&watched, armed, |paths| {
                for path in paths {
                    let _ = seen.send(std::fs::read_to_string(path).unwrap_or_default());
                }
            });
        });
        is_armed.recv().expect("watching");
        let path = root.join("content/incidents/a.md");
        let mut file = std::fs::File::create(&path).expect("file created");
        file.write_all(b"first half, ").expect("written");
        file.flush().expect("written");
        std::thread::sleep(SETTLE * 10);
        file.write_all(b"second half").expect("written");
        drop(file);
        let first = texts
            .recv_timeout(Duration::from_secs(10))
            .expect("a save handed over");
        assert_eq!(first, "first half, second half");
    }
}
