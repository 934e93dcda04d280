//! Watch: tells `vigie serve` which of the site's files changed. The operating system's
//! file notifications (inotify, FSEvents, ReadDirectoryChangesW, through the `notify`
//! crate) wake it only when a file changes, so an idle preview costs nothing; where they
//! are unavailable (some network and container file systems), the files are looked at
//! every 25 ms instead.

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
/// in several steps), so that one save makes one rebuild.
const SETTLE: Duration = Duration::from_millis(15);

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
    while let Ok(first) = events.recv() {
        let mut paths = BTreeSet::new();
        add_paths(&mut paths, first);
        loop {
            match events.recv_timeout(SETTLE) {
                Ok(event) => add_paths(&mut paths, event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        watch_new_folders(root, watcher, &paths);
        if !paths.is_empty() {
            changed(&paths);
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

/// The paths of an event that may change the site: not mere reads.
fn add_paths(paths: &mut BTreeSet<PathBuf>, event: notify::Result<notify::Event>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    paths.extend(event.paths);
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
}
