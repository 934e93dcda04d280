//! File-system calls whose errors name the path. Every read and write of vigie goes here.

use std::path::Path;

use crate::diagnostic::Error;

/// The largest content file vigie reads: far above any real incident (the story of the
/// example is 17 KB), low enough that a stray file cannot exhaust memory.
pub const MAX_CONTENT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a content file is not text vigie reads.
#[derive(Debug)]
pub enum Unreadable {
    /// Larger than `MAX_CONTENT_BYTES`.
    TooLarge { bytes: u64 },
    /// Not UTF-8: where the first byte that is not stands.
    NotUtf8 { pos: crate::model::Pos },
}

/// Reads the content file `relative` of the site at `root`: its text, or why it is not
/// text vigie reads (larger than `MAX_CONTENT_BYTES`, not UTF-8). Errors name the file as
/// the site does, relative to it.
pub fn read_content(root: &Path, relative: &Path) -> Result<Result<String, Unreadable>, Error> {
    Ok(read_content_stamped(root, relative)?.map(|(text, _)| text))
}

/// `read_content`, with what the file was as it was read (its length and time of change):
/// read again later, a different stamp says it changed in between.
pub fn read_content_stamped(
    root: &Path,
    relative: &Path,
) -> Result<Result<(String, crate::model::FileStamp), Unreadable>, Error> {
    let cannot_read =
        |e: std::io::Error| Error::new(format!("cannot read {}", relative.display())).caused_by(&e);
    let mut file = std::fs::File::open(root.join(relative)).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    let size = metadata.len();
    if size > MAX_CONTENT_BYTES {
        return Ok(Err(Unreadable::TooLarge { bytes: size }));
    }
    let stamp = crate::model::FileStamp {
        len: size,
        modified: metadata.modified().ok(),
    };
    let bytes =
        read_to_end_sized(&mut file, usize::try_from(size).unwrap_or(0)).map_err(cannot_read)?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Ok((without_bom(text), stamp)),
        Err(e) => Err(Unreadable::NotUtf8 {
            pos: pos_of_bad_byte(e.as_bytes(), e.utf8_error().valid_up_to()),
        }),
    })
}

/// Reads `file` from where it stands to its end, `size` bytes as its metadata just said,
/// into room for one byte more: one read takes it all and one more finds the end. Read
/// through `take`, which looks for no size hint: `File::read_to_end` would ask the file for
/// its size and position again, two more system calls for each of the twenty thousand
/// reads of a build of 10,000 incidents. A file that grew meanwhile is read to its end.
fn read_to_end_sized(file: &mut impl std::io::Read, size: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(size + 1);
    file.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The line and column of the byte at `valid_up_to`, the first that is not UTF-8.
fn pos_of_bad_byte(bytes: &[u8], valid_up_to: usize) -> crate::model::Pos {
    let before = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or("");
    crate::model::Pos::of_offset(before, before.len())
}

fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Refuses a symbolic link whose target lies outside `root`: content and theme files are
/// the site's own, and a link must not publish a file from elsewhere on the machine.
pub fn refuse_link_out(path: &Path, root: &Path) -> Result<(), Error> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let shown = path.strip_prefix(root).unwrap_or(path);
    let target = std::fs::canonicalize(path).map_err(|e| {
        Error::new(format!("cannot follow the link {}", shown.display())).caused_by(&e)
    })?;
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&real_root) {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{} is a link to {}, outside the site: vigie does not follow it",
            shown.display(),
            target.display()
        )))
    }
}

/// Reads a UTF-8 text file of the site at `root`, stripping a leading byte-order mark.
/// Errors name the file relative to the site.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Error> {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(format!("cannot read {}", shown.display())).caused_by(&e))?;
    text_of(shown, bytes)
}

/// The bytes of a small file the configuration names, or why they cannot be read in a few
/// words, for a diagnostic that names the file and the key.
pub fn read_named(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder".to_string(),
        _ => e.to_string(),
    })
}

/// The text of file `path`, read as `bytes`: UTF-8, without a leading byte-order mark.
fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(without_bom(text)),
        Err(e) => {
            let pos = pos_of_bad_byte(e.as_bytes(), e.utf8_error().valid_up_to());
            Err(Error::new(format!(
                "{}:{}:{}: the file is not UTF-8 text: save it as UTF-8 in your editor",
                path.display(),
                pos.line,
                pos.column
            )))
        }
    }
}

/// Writes `bytes` to `path`, creating its parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| Error::new(format!("cannot write {}", path.display())).caused_by(&e))
}

/// What `overwrite` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Overwrite {
    Done,
    /// Nothing written: the file's folder does not exist, or a file stands in its place.
    MissingFolder,
    /// Nothing written: a folder stands at the file's path.
    FolderInTheWay,
}

/// Writes `bytes` over the file at `path`, in place: an existing file keeps its inode, so
/// that rewriting a tree of files allocates none, and is not truncated to nothing first,
/// which would make ext4 flush it on close.
pub fn overwrite(path: &Path, bytes: &[u8]) -> Result<Overwrite, Error> {
    use std::io::{ErrorKind, Write};
    let cannot_write =
        |e: std::io::Error| Error::new(format!("cannot write {}", path.display())).caused_by(&e);
    let opened = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    let mut file = match opened {
        Ok(file) => file,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(Overwrite::MissingFolder);
        }
        Err(e) if e.kind() == ErrorKind::IsADirectory => return Ok(Overwrite::FolderInTheWay),
        Err(e) => return Err(cannot_write(e)),
    };
    file.write_all(bytes).map_err(cannot_write)?;
    file.set_len(bytes.len() as u64).map_err(cannot_write)?;
    Ok(Overwrite::Done)
}

/// What stands at a path of the output, seen without following a link.
#[derive(Debug, PartialEq, Eq)]
pub enum Standing {
    Nothing,
    /// A file, of this many bytes.
    File {
        len: u64,
    },
    Folder,
    /// A link, or anything else that is neither a file nor a folder.
    Other,
}

/// What stands at `path`, a link seen as itself; what cannot be seen counts as nothing, and
/// writing there then says why.
pub fn standing(path: &Path) -> Standing {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Standing::File { len: m.len() },
        Ok(m) if m.is_dir() => Standing::Folder,
        Ok(_) => Standing::Other,
        Err(_) => Standing::Nothing,
    }
}

/// Whether the file at `path`, known to be `bytes.len()` long, holds exactly `bytes`: read a
/// piece at a time, no further than the first piece that differs. A file that cannot be
/// read does not.
pub fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    thread_local! {
        /// Where a piece of the file is read, kept from one file to the next: zeroing a new
        /// one for each file would cost more than the comparison.
        static PIECE: std::cell::RefCell<Box<[u8]>> =
            std::cell::RefCell::new(vec![0; 64 * 1024].into_boxed_slice());
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    PIECE.with_borrow_mut(|piece| {
        bytes.chunks(piece.len()).all(|expected| {
            let read = &mut piece[..expected.len()];
            file.read_exact(read).is_ok() && read == expected
        })
    })
}

/// The names and kinds of what folder `path` holds.
pub fn read_dir(path: &Path) -> Result<Vec<(std::ffi::OsString, std::fs::FileType)>, Error> {
    let cannot_list =
        |e: std::io::Error| Error::new(format!("cannot list {}", path.display())).caused_by(&e);
    std::fs::read_dir(path)
        .map_err(cannot_list)?
        .map(|entry| {
            let entry = entry.map_err(cannot_list)?;
            Ok((entry.file_name(), entry.file_type().map_err(cannot_list)?))
        })
        .collect()
}

pub fn remove_file(path: &Path) -> Result<(), Error> {
    std::fs::remove_file(path)
        .map_err(|e| Error::new(format!("cannot remove {}", path.display())).caused_by(&e))
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

/// Whether `path` is a folder itself, not a link to one.
pub fn is_plain_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Whether something other than a folder, even a link to one, stands at `path`.
pub fn is_other_than_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir())
}

/// Whether `path` exists; an unreadable parent counts as absent.
pub fn exists(path: &Path) -> bool {
    path.try_exists().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, reason = "tests fail loudly")]

    use super::*;

    /// A file over three pieces long, to compare across the pieces.
    fn long_file(dir: &Path) -> (std::path::PathBuf, Vec<u8>) {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let path = dir.join("long.html");
        std::fs::write(&path, &bytes).expect("write");
        (path, bytes)
    }

    #[test]
    fn a_file_holds_exactly_its_bytes_and_no_others() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (path, mut bytes) = long_file(dir.path());
        assert!(holds_exactly(&path, &bytes));
        for at in [0, 70_000, 199_999] {
            bytes[at] ^= 1;
            assert!(!holds_exactly(&path, &bytes), "a byte differs at {at}");
            bytes[at] ^= 1;
        }
        assert!(!holds_exactly(&dir.path().join("missing"), b""));
        assert!(!holds_exactly(dir.path(), b"x"), "a folder holds no bytes");
    }

    #[test]
    fn a_file_is_read_to_its_end_whatever_size_it_was_said_to_be() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (path, bytes) = long_file(dir.path());
        for said in [0, 1, 65_536, bytes.len() - 1, bytes.len(), bytes.len() + 7] {
            let mut file = std::fs::File::open(&path).expect("open");
            let read = read_to_end_sized(&mut file, said).expect("read");
            assert_eq!(read, bytes, "said to be {said} bytes long");
        }
        let empty = dir.path().join("empty.md");
        std::fs::write(&empty, b"").expect("write");
        let mut file = std::fs::File::open(&empty).expect("open");
        assert_eq!(read_to_end_sized(&mut file, 0).expect("read"), b"");
        // A reader that gives its bytes in two pieces: a short read is followed by another.
        let mut trickle = std::io::Read::chain(&b"ab"[..], &b"cd"[..]);
        assert_eq!(read_to_end_sized(&mut trickle, 1).expect("read"), b"abcd");
    }

    #[test]
    fn a_content_file_is_read_with_its_stamp() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("a.md"), "\u{feff}---\ntitle: é\n").expect("write");
        let (text, stamp) = read_content_stamped(dir.path(), Path::new("a.md"))
            .expect("read")
            .expect("text");
        assert_eq!(text, "---\ntitle: é\n");
        assert_eq!(stamp.len, 17);
        std::fs::write(dir.path().join("b.md"), b"ok\xff").expect("write");
        assert!(matches!(
            read_content(dir.path(), Path::new("b.md")).expect("read"),
            Err(Unreadable::NotUtf8 { .. })
        ));
    }

    #[test]
    fn what_stands_at_a_path_is_seen_without_following_a_link() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (path, bytes) = long_file(dir.path());
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).expect("link");
        assert_eq!(
            standing(&path),
            Standing::File {
                len: bytes.len() as u64
            }
        );
        assert_eq!(standing(&link), Standing::Other);
        assert_eq!(standing(dir.path()), Standing::Folder);
        assert_eq!(standing(&dir.path().join("missing")), Standing::Nothing);
    }
}
