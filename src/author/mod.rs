//! Writing incidents from the command line, at 2 a.m.: `new`, `update`, `note`, `resolve`.
//!
//! Each command composes the lines a person would have typed, in the site's language,
//! appends them at the end of the right section (nothing already written is touched), and
//! writes the file only when the whole site, with the change, checks without error.

mod import;
mod init;
mod new;
mod pick;
mod publishing;
mod sentence;

pub use import::{Imported, Mode, import, window};
pub use init::{NewSite, init, machine_timezone};
pub use new::{NewIncident, NewMaintenance, default_status, new_incident, new_maintenance};
pub use pick::{Picked, pick, refuse_name_as_text};
pub use publishing::{NETLIFY_PATH, WORKFLOW_PATH};

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostics, Error};
use crate::load::body::{self, SectionName};
use crate::model::{ComponentStatus, Config, Incident, Instant, Site, TimelineKind, UpdateStatus};

/// Why a command did not write: content errors (the file is left as it was) or a failure.
#[derive(Debug)]
pub enum Refusal {
    Invalid(Diagnostics),
    Failed(Error),
}

impl From<Error> for Refusal {
    fn from(error: Error) -> Self {
        Refusal::Failed(error)
    }
}

/// What was written, what to tell the person who wrote it, and the warnings the check still
/// has about it.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    /// The lines added, as the file now has them: the heading or entry, and the first line of
    /// its text.
    pub added: String,
    /// The incident written to, when the command did not name it (the only open one).
    pub chosen: Option<String>,
    pub warnings: Diagnostics,
}

/// What to append to an incident.
#[derive(Debug, Clone)]
pub enum Addition {
    Update {
        status: UpdateStatus,
        next: Option<String>,
        /// The components the update moves, with their new status.
        components: Vec<(String, ComponentStatus)>,
        text: String,
        /// What to do when the incident is resolved.
        resolved: OnResolved,
        /// The clients it is addressed to (`for: acme`): none for everyone.
        clients: Vec<String>,
    },
    Note {
        kind: TimelineKind,
        who: Option<String>,
        public: bool,
        channel: Option<String>,
        text: String,
        /// The clients it is addressed to (`pour: acme`): none for the team or everyone.
        clients: Vec<String>,
    },
}

impl Addition {
    /// The text clients or the team will read.
    pub fn text(&self) -> &str {
        match self {
            Addition::Update { text, .. } | Addition::Note { text, .. } => text,
        }
    }
}

/// What an update does to an incident already resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnResolved {
    /// Refuse: a resolved incident is not reopened by mistake.
    Refuse,
    /// Reopen it, with an update that says so (`vigie update --reopen`).
    Reopen,
}

/// The words of the site's language, for the lines vigie writes.
struct Words {
    french: bool,
}

impl Words {
    fn of(config: &Config) -> Self {
        Words {
            french: config.language == "fr",
        }
    }

    fn pick(&self, english: &'static str, french: &'static str) -> &'static str {
        if self.french { french } else { english }
    }

    fn heading(&self, section: SectionName) -> &'static str {
        section.heading(self.french)
    }

    fn status(&self, status: UpdateStatus) -> &'static str {
        if self.french {
            status.french()
        } else {
            status.as_str()
        }
    }

    fn component_status(&self, status: ComponentStatus) -> &'static str {
        if self.french {
            status.french()
        } else {
            status.as_str()
        }
    }

    fn kind(&self, kind: TimelineKind) -> &'static str {
        if self.french {
            kind.french()
        } else {
            kind.as_str()
        }
    }

    /// `for: acme globex` (`pour:`), when addressed to clients.
    fn addressed(&self, clients: &[String]) -> Option<String> {
        (!clients.is_empty())
            .then(|| format!("{}: {}", self.pick("for", "pour"), clients.join(" ")))
    }

    fn next(&self) -> &'static str {
        self.pick("next", "prochain")
    }
}

/// A time as a person writes it in the file: `14:20` on the same local day as `previous`
/// and within the 12 hours a time without a date may reach, the date too otherwise.
fn written_time(config: &Config, at: Instant, previous: Option<Instant>) -> String {
    let local = config.local(at);
    let same_day = previous.is_some_and(|p| {
        let p = config.local(p);
        p.date_naive() == local.date_naive()
            && p <= local
            && local - p <= crate::load::time::BARE_TIME_REACH
    });
    if same_day {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Appends an update or a timeline entry to `incident`, and resolves it with
/// `Addition::Update { status: Resolved, .. }`.
pub fn append(
    root: &Path,
    site: &Site,
    incident: &Incident,
    addition: &Addition,
    now: Instant,
) -> Result<Written, Refusal> {
    let path = root.join(&incident.source);
    let text = crate::fs::read_text(root, &path)?;
    let words = Words::of(&site.config);
    let (section, block) = match addition {
        Addition::Update {
            status,
            next,
            components,
            text,
            resolved,
            clients,
        } => {
            let text = reopened(&words, incident, *status, *resolved, text)?;
            let previous = incident.updates.iter().map(|u| u.at).max();
            let mut attributes = vec![words.status(*status).to_string()];
            attributes.extend(
                components
                    .iter()
                    .map(|(id, status)| format!("{id}: {}", words.component_status(*status))),
            );
            attributes.extend(words.addressed(clients));
            if let Some(next) = next {
                attributes.push(format!("{} {}", words.next(), next.trim()));
            }
            (
                SectionName::Updates,
                format!(
                    "### {} [{}]\n{}\n",
                    written_time(&site.config, now, previous.or(Some(incident.started))),
                    attributes.join(", "),
                    text.trim()
                ),
            )
        }
        Addition::Note {
            kind,
            who,
            public,
            channel,
            text,
            clients,
        } => {
            let previous = incident.timeline.iter().map(|e| e.at).max();
            let mut attributes = vec![words.kind(*kind).to_string()];
            attributes.extend(who.clone());
            if *public {
                attributes.push("public".into());
            }
            if let Some(channel) = channel {
                attributes.push(format!("{}: {channel}", words.pick("channel", "canal")));
            }
            attributes.extend(words.addressed(clients));
            (
                SectionName::Timeline,
                format!(
                    "- {} [{}] {}\n",
                    written_time(&site.config, now, previous.or(Some(incident.started))),
                    attributes.join(", "),
                    indent_continuation(text.trim())
                ),
            )
        }
    };
    let new_text = insert_in_section(&text, section, words.heading(section), &block);
    write_if_valid(root, &path, &new_text, &block, now)
}

/// The text of an update to a resolved incident: refused, unless it reopens the incident,
/// and then it says so to clients.
fn reopened(
    words: &Words,
    incident: &Incident,
    status: UpdateStatus,
    resolved: OnResolved,
    text: &str,
) -> Result<String, Refusal> {
    let Some(update) = incident
        .latest_update()
        .filter(|u| u.status == UpdateStatus::Resolved)
    else {
        return Ok(text.to_string());
    };
    let refuse = |message: &str, hint: &str| {
        let mut found = Diagnostics::default();
        found.push(
            crate::diagnostic::Diagnostic::error(&incident.source, update.pos, "update", message)
                .with_hint(hint),
        );
        Err(Refusal::Invalid(found))
    };
    let when = update.at.format("%Y-%m-%d %H:%M");
    if status == UpdateStatus::Resolved {
        return refuse(
            &format!("the incident is already resolved, since {when}"),
            "edit the resolved update by hand to change its text",
        );
    }
    match resolved {
        OnResolved::Refuse => refuse(
            &format!("the incident is resolved, since {when}: an update would reopen it"),
            "if it is back, add `--reopen`: the update then tells clients the incident is reopened; to add to its record, use `vigie note`",
        ),
        OnResolved::Reopen => Ok(format!(
            "{} {}",
            words.pick(
                "We are reopening this incident.",
                "Nous rouvrons cet incident."
            ),
            text.trim()
        )),
    }
}

/// Continuation lines of a list item are indented by two spaces.
fn indent_continuation(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n  ")
}

/// The text with `block` added at the end of `section` (after its last written line), or
/// with the section, headed `heading`, added at the end of the file when it has none.
pub fn insert_in_section(text: &str, section: SectionName, heading: &str, block: &str) -> String {
    let (body_start, body) = body_of(text);
    let (parsed, _) = body::split_sections(body, body_start);
    let Some(found) = parsed.section(section) else {
        let mut out = text.trim_end_matches(['\n', '\r']).to_string();
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&format!("## {heading}\n\n{block}"));
        return out;
    };
    let after = found
        .lines
        .iter()
        .rev()
        .find(|l| !l.text.trim().is_empty())
        .map_or(found.heading.line, |l| l.number);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let split = after.min(lines.len());
    let mut out: String = lines[..split].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(block);
    let rest = lines[split..].concat();
    let rest = rest.trim_start_matches(['\n', '\r']);
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

/// The 1-based line where the body starts, and the body (after the front matter).
fn body_of(text: &str) -> (usize, &str) {
    match crate::load::frontmatter::split(text) {
        Ok(split) => (split.body_line, split.body),
        Err(_) => (1, text),
    }
}

/// Writes `text` to `path` (a change, or a new file) when the whole site, with it, checks
/// without error; every diagnostic `vigie check` would print otherwise, the file untouched.
fn write_if_valid(
    root: &Path,
    path: &Path,
    text: &str,
    block: &str,
    now: Instant,
) -> Result<Written, Refusal> {
    let (_, mine) = validate(root, path, text, now)?;
    let relative = path.strip_prefix(root).unwrap_or(path);
    // `fs::write` creates the folder of a new file (`content/maintenance/`).
    crate::fs::write(path, text.as_bytes())?;
    Ok(Written {
        path: relative.to_path_buf(),
        added: summary_of(block),
        chosen: None,
        warnings: mine,
    })
}

/// Loads, checks and renders the whole site with `path` holding `text`, as `vigie check`
/// does: the site, and the warnings about that file; every diagnostic when one is an error.
fn validate(
    root: &Path,
    path: &Path,
    text: &str,
    now: Instant,
) -> Result<(Site, Diagnostics), Refusal> {
    let (site, mut diagnostics) = crate::load::load_site_with(root, Some((path, text)))?;
    diagnostics.extend(crate::check::check_site(&site, now));
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err(Refusal::Invalid(diagnostics));
    }
    // As `vigie check`, every page is rendered: a change that breaks a page is not written.
    crate::build::render_in_memory(root, &site, now)?;
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut mine = Diagnostics::default();
    mine.extend(diagnostics.into_iter().filter(|d| d.file == relative));
    Ok((site, mine))
}

/// The heading or entry of a block vigie wrote, and the first line of its text.
fn summary_of(block: &str) -> String {
    let mut lines = block.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("");
    match lines.next() {
        Some(text) if first.starts_with('#') => format!("{first}\n{text}"),
        _ => first.to_string(),
    }
}
