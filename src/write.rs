//! Write: the only code that touches the output folder. The new site is written aside and
//! swapped in, so a failed build leaves the previous output as it was. The folder it is
//! written in is the output before last, written over in place; a file that already holds
//! the bytes to write is left as it is.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::Error;
use crate::render::Output;

/// The file that marks a folder as vigie's output, so that vigie never replaces a folder
/// it did not write.
pub const MARKER: &str = ".vigie-output";

/// A build being written beside its output folder, swapped in when complete.
pub struct Staging {
    staging: PathBuf,
    out_dir: PathBuf,
    /// What this build wrote, relative to the staging folder, when that folder was there
    /// before the build: the rest of it goes before the swap. None for a new folder, which
    /// holds only what the build writes.
    written: Option<Mutex<HashSet<PathBuf>>>,
}

impl Staging {
    /// Prepares to replace `out_dir`: refuses a folder vigie did not write. The staging
    /// folder may hold an older output, or what an interrupted build left: the build writes
    /// over it, and `finish` clears the rest.
    pub fn prepare(out_dir: &Path) -> Result<Self, Error> {
        refuse_foreign_folder(out_dir)?;
        let staging = sibling(out_dir, "new")?;
        // The staging folder is the output before last, set aside to be written over; a
        // link there is not vigie's and is never followed.
        if crate::fs::is_other_than_folder(&staging) {
            crate::fs::remove_file(&staging)?;
        }
        Ok(Staging {
            written: crate::fs::is_plain_folder(&staging).then(|| Mutex::new(HashSet::new())),
            staging,
            out_dir: out_dir.to_path_buf(),
        })
    }

    /// Writes one output into the staging folder.
    pub fn write(&self, output: &Output) -> Result<(), Error> {
        if !is_inside(&output.path) {
            return Err(Error::new(format!(
                "refusing to write {} outside the output folder",
                output.path.display()
            )));
        }
        write_over(
            &self.staging,
            &output.path,
            &output.bytes,
            self.written.is_some(),
        )?;
        if let Some(written) = &self.written {
            written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(output.path.clone());
        }
        Ok(())
    }

    /// Marks the staging folder as vigie's, clears what an older output left in it, and
    /// swaps it in.
    pub fn finish(self) -> Result<(), Error> {
        write_over(
            &self.staging,
            Path::new(MARKER),
            b"This folder is written by vigie build and replaced on each build.\n",
            self.written.is_some(),
        )?;
        if let Some(written) = self.written {
            let mut written = written
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            written.insert(PathBuf::from(MARKER));
            sweep(&self.staging, &written)?;
        }
        swap_in(&self.staging, &self.out_dir)
    }

    /// Leaves the output folder as it was. What was written stays in the staging folder,
    /// which the next build writes over.
    pub fn abandon(self) {}
}

/// Writes `bytes` at `path` inside `root`, over whatever a previous output left there: a
/// file is overwritten in place, a file or folder in the way is removed. In a `reused`
/// folder, a file that already holds exactly these bytes is left as it is, untouched since
/// the build that wrote them, and a link in the way is removed, never followed.
fn write_over(root: &Path, path: &Path, bytes: &[u8], reused: bool) -> Result<(), Error> {
    use crate::fs::{Overwrite, Standing};
    let full = root.join(path);
    if reused {
        match crate::fs::standing(&full) {
            Standing::File { len } if len == bytes.len() as u64 => {
                if crate::fs::holds_exactly(&full, bytes) {
                    return Ok(());
                }
            }
            Standing::Other => crate::fs::remove_file(&full)?,
            Standing::Nothing | Standing::File { .. } | Standing::Folder => {}
        }
    }
    match crate::fs::overwrite(&full, bytes)? {
        Overwrite::Done => return Ok(()),
        Overwrite::FolderInTheWay => crate::fs::remove_dir_all(&full)?,
        Overwrite::MissingFolder => make_folder_over(root, path.parent().unwrap_or(Path::new("")))?,
    }
    match crate::fs::overwrite(&full, bytes)? {
        Overwrite::Done => Ok(()),
        Overwrite::MissingFolder | Overwrite::FolderInTheWay => {
            Err(Error::new(format!("cannot write {}", full.display())))
        }
    }
}

/// Creates folder `path` inside `root`, removing any file that stands where one of its
/// folders must be.
fn make_folder_over(root: &Path, path: &Path) -> Result<(), Error> {
    let full = root.join(path);
    if crate::fs::create_dir_all(&full).is_ok() {
        return Ok(());
    }
    let mut folder = root.to_path_buf();
    for part in path.components() {
        folder.push(part);
        if crate::fs::is_other_than_folder(&folder) {
            crate::fs::remove_file(&folder)?;
        }
    }
    crate::fs::create_dir_all(&full)
}

/// Removes from `root` every file and folder this build did not write: what remains of the
/// output two builds ago, or of an interrupted build.
fn sweep(root: &Path, written: &HashSet<PathBuf>) -> Result<(), Error> {
    let folders: HashSet<&Path> = written
        .iter()
        .flat_map(|path| path.ancestors().skip(1))
        .collect();
    sweep_folder(root, Path::new(""), written, &folders)
}

fn sweep_folder(
    root: &Path,
    folder: &Path,
    written: &HashSet<PathBuf>,
    folders: &HashSet<&Path>,
) -> Result<(), Error> {
    use rayon::prelude::*;
    crate::fs::read_dir(&root.join(folder))?
        .into_par_iter()
        .try_for_each(|(name, kind)| {
            let path = folder.join(name);
            if kind.is_dir() && folders.contains(path.as_path()) {
                sweep_folder(root, &path, written, folders)
            } else if kind.is_dir() {
                crate::fs::remove_dir_all(&root.join(&path))
            } else if written.contains(&path) {
                Ok(())
            } else {
                crate::fs::remove_file(&root.join(&path))
            }
        })
}

/// Moves the old output aside and the new one in (two renames), then keeps the old one as
/// the next build's staging folder (a third). The next build writes over its files instead
/// of deleting a tree and creating another: deleting ten thousand files takes longer than
/// building them, and ext4 then scans past their inodes each time it creates a file for a
/// minute or more. When that rename fails, a background process removes the old output.
fn swap_in(staging: &Path, out_dir: &Path) -> Result<(), Error> {
    if !crate::fs::exists(out_dir) {
        return crate::fs::rename(staging, out_dir);
    }
    let old = sibling(out_dir, &format!("{OLD}{}", unique_suffix()))?;
    crate::fs::rename(out_dir, &old)?;
    if let Err(error) = crate::fs::rename(staging, out_dir) {
        let _ = crate::fs::rename(&old, out_dir);
        return Err(error);
    }
    if crate::fs::rename(&old, staging).is_err() {
        remove_in_background(&old);
    }
    Ok(())
}

/// The prefix of the kind of a previous output set aside: `.public.vigie-old-…`.
const OLD: &str = "old-";

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// Starts `vigie remove-old-output DIR`, which outlives this process; removes the folder
/// here when no process can be started.
fn remove_in_background(old: &Path) {
    let started = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("remove-old-output")
            .arg(old)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if started.is_err() {
        let _ = std::fs::remove_dir_all(old);
    }
}

/// `vigie remove-old-output DIR`: removes a previous output set aside by a build, and
/// nothing else (the name must be `.NAME.vigie-old-…`).
/// Refuses to write a site for the team where the public one is published: the site's
/// `public/`, and the folder its `netlify.toml` publishes, however the path is spelled
/// (`./public`, an absolute path, `x/../public`, a link), inside them or around them.
pub fn refuse_public_output(root: &Path, output: &Path, site: PrivateSite) -> Result<(), Error> {
    let output = resolved(output);
    for (folder, named_by) in published_folders(root) {
        let folder = resolved(&folder);
        if output.starts_with(&folder) || folder.starts_with(&output) {
            return Err(Error::new(format!(
                "{} {} is where the public site is published ({named_by}, {}): {} never goes there; write it outside, e.g. {} {}",
                site.flag(),
                output.display(),
                folder.display(),
                site.what(),
                site.flag(),
                site.example(),
            )));
        }
    }
    Ok(())
}

/// A site only some may read, which never goes where the public one is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivateSite {
    /// `--audience internal --output DIR`.
    Internal,
    /// `--audience client:ID --output DIR`.
    Room,
    /// `--rooms DIR`.
    Rooms,
}

impl PrivateSite {
    /// The option that names its folder.
    pub fn flag(self) -> &'static str {
        match self {
            PrivateSite::Internal | PrivateSite::Room => "--output",
            PrivateSite::Rooms => "--rooms",
        }
    }

    /// What it is, in an error.
    pub fn what(self) -> &'static str {
        match self {
            PrivateSite::Internal => "the team's site",
            PrivateSite::Room => "a client's room",
            PrivateSite::Rooms => "the rooms' folder",
        }
    }

    fn example(self) -> &'static str {
        match self {
            PrivateSite::Internal => "../status-internal",
            PrivateSite::Room | PrivateSite::Rooms => "../status-rooms",
        }
    }
}

/// The folders the site publishes, each with what names it.
fn published_folders(root: &Path) -> Vec<(PathBuf, String)> {
    let mut folders = vec![(root.join("public"), "the default output".to_string())];
    let netlify = root.join("netlify.toml");
    let Ok(text) = crate::fs::read_text(root, &netlify) else {
        return folders;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return folders;
    };
    let build = table.get("build").and_then(toml::Value::as_table);
    let setting = |key: &str| build.and_then(|b| b.get(key)).and_then(toml::Value::as_str);
    if let Some(publish) = setting("publish") {
        let base = root.join(setting("base").unwrap_or(""));
        folders.push((base.join(publish), "netlify.toml's publish".to_string()));
    }
    folders
}

/// `path` made absolute, its `.` and `..` read and its links followed (even a link to a
/// folder that does not exist yet): two spellings of one folder give the same path.
fn resolved(path: &Path) -> PathBuf {
    use std::collections::VecDeque;
    let absolute =
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let mut parts: VecDeque<PathBuf> = absolute
        .components()
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect();
    let mut out = PathBuf::new();
    let mut links_followed = 0;
    while let Some(part) = parts.pop_front() {
        match part.components().next() {
            Some(Component::CurDir) | None => {}
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(_) => out.push(&part),
        }
        let is_link = std::fs::symlink_metadata(&out).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && links_followed < 40 {
            links_followed += 1;
            let Ok(target) = std::fs::read_link(&out) else {
                continue;
            };
            out.pop();
            for part in target.components().rev() {
                parts.push_front(PathBuf::from(part.as_os_str()));
            }
        }
    }
    out
}

pub fn remove_old_output(dir: &Path) -> Result<(), Error> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !(name.starts_with('.') && name.contains(&format!(".vigie-{OLD}"))) {
        return Err(Error::new(format!(
            "{} is not a previous output set aside by vigie build",
            dir.display()
        )));
    }
    crate::fs::remove_dir_all(dir)
}

/// Refuses to replace a non-empty folder that has no marker of a previous build.
fn refuse_foreign_folder(out_dir: &Path) -> Result<(), Error> {
    if !out_dir.is_dir() {
        if crate::fs::exists(out_dir) {
            return Err(Error::new(format!(
                "{} exists and is not a folder",
                out_dir.display()
            )));
        }
        return Ok(());
    }
    let is_empty = std::fs::read_dir(out_dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if is_empty || crate::fs::exists(&out_dir.join(MARKER)) {
        return Ok(());
    }
    Err(Error::new(format!(
        "{} is not the output of a previous vigie build (it has no {MARKER} file): \
         refusing to replace it; choose another --output or empty it",
        out_dir.display()
    )))
}

/// `.NAME.vigie-KIND` beside `out_dir`, on the same file system so the swap is a rename.
fn sibling(out_dir: &Path, kind: &str) -> Result<PathBuf, Error> {
    let name = out_dir
        .file_name()
        .ok_or_else(|| Error::new(format!("{} cannot be an output folder", out_dir.display())))?;
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.vigie-{kind}", name.to_string_lossy())))
}

/// Whether a relative output path stays inside the output folder.
fn is_inside(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(is_inside(Path::new("incidents/a/index.html")));
        assert!(!is_inside(Path::new("../a")));
        assert!(!is_inside(Path::new("/etc/passwd")));
    }
}
