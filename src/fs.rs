//! File-system calls whose errors name the path. Every read and write of vigie goes here.

use std::path::Path;

use crate::diagnostic::Error;

/// The largest content file vigie reads: far above any real incident (the story of the
/// example is 17 KB), low enough that a stray file cannot exhaust memory.
pub const MAX_CONTENT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a content file, refusing one larger than `MAX_CONTENT_BYTES`.
pub fn read_content(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let cannot_read =
        |e: std::io::Error| Error::new(format!("cannot read {}", path.display())).caused_by(&e);
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    if size > MAX_CONTENT_BYTES {
        return Err(Error::new(format!(
            "{} is {} MB, over the limit of {} MB for a content file: split it, or move attachments beside it",
            path.display(),
            size / (1024 * 1024),
            MAX_CONTENT_BYTES / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.read_to_end(&mut bytes).map_err(cannot_read)?;
    text_of(path, bytes)
}

/// Refuses a symbolic link whose target lies outside `root`: content and theme files are
/// the site's own, and a link must not publish a file from elsewhere on the machine.
pub fn refuse_link_out(path: &Path, root: &Path) -> Result<(), Error> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let target = std::fs::canonicalize(path).map_err(|e| {
        Error::new(format!("cannot follow the link {}", path.display())).caused_by(&e)
    })?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{} is a link to {}, outside the site: vigie does not follow it",
            path.display(),
            target.display()
        )))
    }
}

/// Reads a UTF-8 text file, stripping a leading byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(format!("cannot read {}", path.display())).caused_by(&e))?;
    text_of(path, bytes)
}

/// The text of file `path`, read as `bytes`: UTF-8, without a leading byte-order mark.
fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
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
