//! Write: the only code that touches the output folder. The new site is written aside and
//! swapped in, so a failed build leaves the previous output as it was.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Error;
use crate::render::Output;

/// The file that marks a folder as vigie's output, so that vigie never replaces a folder
/// it did not write.
pub const MARKER: &str = ".vigie-output";

/// A build being written beside its output folder, swapped in when complete.
pub struct Staging {
    staging: PathBuf,
    out_dir: PathBuf,
}

impl Staging {
    /// Prepares to replace `out_dir`: refuses a folder vigie did not write, clears what an
    /// interrupted build left.
    pub fn prepare(out_dir: &Path) -> Result<Self, Error> {
        refuse_foreign_folder(out_dir)?;
        let staging = sibling(out_dir, "new")?;
        if crate::fs::exists(&staging) {
            crate::fs::remove_dir_all(&staging)?;
        }
        Ok(Staging {
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
        crate::fs::write(&self.staging.join(&output.path), &output.bytes)
    }

    /// Marks the staging folder as vigie's and swaps it in.
    pub fn finish(self) -> Result<(), Error> {
        crate::fs::write(
            &self.staging.join(MARKER),
            b"This folder is written by vigie build and replaced on each build.\n",
        )?;
        swap_in(&self.staging, &self.out_dir)
    }

    /// Drops what was written: the output folder stays as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Moves the old output aside and the new one in (two renames), then has the old one
/// removed by a background process: deleting a tree of ten thousand files takes longer
/// than building it, and nobody needs to wait for it.
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
    remove_in_background(&old);
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
