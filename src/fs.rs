//! File-system calls whose errors name the path. Every read and write of vigie goes here.

use std::path::Path;

use crate::diagnostic::Error;

/// Reads a UTF-8 text file, stripping a leading byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(format!("cannot read {}", path.display())).caused_by(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(format!("{} is not UTF-8 text", path.display())).caused_by(&e.utf8_error())
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Writes `bytes` to `path`, creating its parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| Error::new(format!("cannot write {}", path.display())).caused_by(&e))
}

pub fn create_dir_all(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path)
        .map_err(|e| Error::new(format!("cannot create folder {}", path.display())).caused_by(&e))
}

pub fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to).map_err(|e| {
        Error::new(format!(
            "cannot move {} to {}",
            from.display(),
            to.display()
        ))
        .caused_by(&e)
    })
}

pub fn remove_dir_all(path: &Path) -> Result<(), Error> {
    std::fs::remove_dir_all(path)
        .map_err(|e| Error::new(format!("cannot remove {}", path.display())).caused_by(&e))
}

/// Whether `path` exists; an unreadable parent counts as absent.
pub fn exists(path: &Path) -> bool {
    path.try_exists().unwrap_or(false)
}
