//! The delivery record: one JSON line per delivery (sent or skipped) and per destination
//! joined, appended and flushed to disk right after each send, so that a run killed midway
//! leaves what it sent recorded; a line the kill cut short is written over by the next. And
//! the lock that keeps two runs from sending at once.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::Error;
use crate::model::Instant;

/// What a line of the record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Sent,
    /// Older than the horizon when the destination joined: never to be sent.
    Skipped,
    /// The destination's first run: the horizon was applied then.
    Joined,
}

#[derive(Debug, Serialize, Deserialize)]
struct Line {
    outcome: Outcome,
    destination: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    event: String,
    /// For e-mail, a hash of the recipient's address (never the address).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    to: String,
    /// When the run wrote it (RFC 3339).
    at: String,
}

/// The deliveries already made, read from the record file.
#[derive(Debug)]
pub struct Record {
    path: PathBuf,
    done: HashSet<(String, String, String)>,
    joined: HashMap<String, Instant>,
    /// Where a last line cut short by a killed run begins: the next line is written there.
    cut_short: Option<u64>,
}

impl Record {
    /// Reads the record at `path`; none yet is an empty record. A last line cut short by a
    /// killed run is ignored; any other unreadable line is an error naming it.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let mut record = Record {
            path: path.to_path_buf(),
            done: HashSet::new(),
            joined: HashMap::new(),
            cut_short: None,
        };
        if !crate::fs::exists(path) {
            return Ok(record);
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(format!("cannot read {}", path.display())).caused_by(&e))?;
        let count = text.lines().count();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Line>(line) {
                Ok(line) => record.remember(line),
                Err(_) if n + 1 == count && !text.ends_with('\n') => {
                    record.cut_short = Some((text.len() - line.len()) as u64);
                }
                Err(e) => {
                    return Err(Error::new(format!(
                        "{}:{}: this line of the delivery record cannot be read: {e} \
                         (restore it from the repository's history)",
                        path.display(),
                        n + 1
                    )));
                }
            }
        }
        Ok(record)
    }

    fn remember(&mut self, line: Line) {
        match line.outcome {
            Outcome::Joined => {
                let at = chrono::DateTime::parse_from_rfc3339(&line.at).unwrap_or_default();
                self.joined.entry(line.destination).or_insert(at);
            }
            Outcome::Sent | Outcome::Skipped => {
                self.done.insert((line.event, line.destination, line.to));
            }
        }
    }

    /// Whether `event` went (or was skipped for good) to `destination` (and recipient).
    pub fn has(&self, event: &str, destination: &str, to: &str) -> bool {
        self.done
            .contains(&(event.to_string(), destination.to_string(), to.to_string()))
    }

    /// When `destination` first ran, if it has.
    pub fn joined(&self, destination: &str) -> Option<Instant> {
        self.joined.get(destination).copied()
    }

    /// Appends a line (over a last line cut short) and flushes it to disk before
    /// returning. The record's folder exists: the lock, taken first, made it.
    pub fn append(
        &mut self,
        outcome: Outcome,
        destination: &str,
        event: &str,
        to: &str,
        at: Instant,
    ) -> Result<(), Error> {
        let line = Line {
            outcome,
            destination: destination.to_string(),
            event: event.to_string(),
            to: to.to_string(),
            at: at.to_rfc3339(),
        };
        let mut text = serde_json::to_string(&line)
            .map_err(|e| Error::new("cannot write the delivery record").caused_by(&e))?;
        text.push('\n');
        let fail = |e: std::io::Error| {
            Error::new(format!("cannot write {}", self.path.display())).caused_by(&e)
        };
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(fail)?;
        if let Some(at) = self.cut_short.take() {
            file.set_len(at).map_err(fail)?;
        }
        file.write_all(text.as_bytes()).map_err(fail)?;
        file.sync_data().map_err(fail)?;
        self.remember(line);
        Ok(())
    }
}

/// How the record names an e-mail recipient: a hash of the address, never the address.
pub fn recipient_key(address: &str) -> String {
    let digest = Sha256::digest(address.trim().to_lowercase().as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// An exclusive lock on the record: held while a run sends, released when it ends or is
/// killed (the system drops the lock with the process).
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

impl Lock {
    /// Takes the lock of the record at `record`, or says another run holds it.
    pub fn take(record: &Path) -> Result<Self, Error> {
        let mut name = record.as_os_str().to_os_string();
        name.push(".lock");
        let path = PathBuf::from(name);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::fs::create_dir_all(parent)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::new(format!("cannot open {}", path.display())).caused_by(&e))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::new(format!(
                "another vigie notify is running on this site (it holds {}): \
                 nothing was sent; run again once it has finished",
                path.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(Error::new(format!("cannot lock {}", path.display())).caused_by(&e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_recorded_by_a_hash_that_ignores_case() {
        let key = recipient_key("Alice@Example.com");
        assert_eq!(key, recipient_key(" alice@example.com "));
        assert_eq!(key.len(), 16);
        assert!(!key.contains('@'));
    }
}
