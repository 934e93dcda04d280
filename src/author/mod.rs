//! Writing incidents from the command line, at 2 a.m.: `new`, `update`, `note`, `resolve`.
//!
//! Each command composes the lines a person would have typed, in the site's language,
//! appends them at the end of the right section (nothing already written is touched), and
//! writes the file only when the whole site, with the change, checks without error.

mod init;
mod pick;
mod sentence;

pub use init::{NewSite, WORKFLOW_PATH, init, machine_timezone};
pub use pick::{Picked, pick};

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostics, Error};
use crate::load::body::{self, SectionName};
use crate::model::{
    ComponentStatus, Config, Impact, Incident, Instant, Site, TimelineKind, UpdateStatus,
};

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
        text: String,
        /// What to do when the incident is resolved.
        resolved: OnResolved,
    },
    Note {
        kind: TimelineKind,
        who: Option<String>,
        public: bool,
        channel: Option<String>,
        text: String,
    },
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

    fn kind(&self, kind: TimelineKind) -> &'static str {
        if self.french {
            kind.french()
        } else {
            kind.as_str()
        }
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
    let text = crate::fs::read_text(&path)?;
    let words = Words::of(&site.config);
    let (section, block) = match addition {
        Addition::Update {
            status,
            next,
            text,
            resolved,
        } => {
            let text = reopened(&words, incident, *status, *resolved, text)?;
            let previous = incident.updates.iter().map(|u| u.at).max();
            let mut attributes = vec![words.status(*status).to_string()];
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
    // `fs::write` creates the folder of a new file (`content/maintenance/`).
    crate::fs::write(path, text.as_bytes())?;
    Ok(Written {
        path: relative.to_path_buf(),
        added: summary_of(block),
        chosen: None,
        warnings: mine,
    })
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

/// The component status an incident of this impact gives by default.
pub fn default_status(impact: Impact) -> ComponentStatus {
    match impact {
        Impact::Critical => ComponentStatus::MajorOutage,
        Impact::Major => ComponentStatus::PartialOutage,
        Impact::Minor | Impact::None => ComponentStatus::DegradedPerformance,
    }
}

/// What `vigie new incident` needs.
#[derive(Debug, Clone)]
pub struct NewIncident {
    pub title: String,
    pub impact: Impact,
    /// Component ids, each with the status to give it (the impact's default when none).
    pub components: Vec<(String, Option<ComponentStatus>)>,
    /// The promise of the first update (`2h`, `16:00`); the site's cadence when none.
    pub next: Option<String>,
    /// The first update's text; the language's template when none.
    pub text: Option<String>,
}

/// Creates `content/incidents/<date>-<title>.md`: front matter, a first `investigating`
/// update, an empty timeline and postmortem skeleton (a draft, never published as is).
pub fn new_incident(
    root: &Path,
    site: &Site,
    spec: &NewIncident,
    now: Instant,
) -> Result<Written, Refusal> {
    let config = &site.config;
    let words = Words::of(config);
    let local = config.local(now);
    let slug = free_slug(
        root,
        "incidents",
        &format!("{}-{}", local.format("%Y-%m-%d"), short_slug(&spec.title)),
    );
    let components: Vec<String> = spec
        .components
        .iter()
        .map(|(id, status)| {
            let status = status.unwrap_or(default_status(spec.impact));
            let word = if words.french {
                status.french()
            } else {
                status.as_str()
            };
            format!("  {id}: {word}\n")
        })
        .collect();
    // The promise is written once, in the brackets: the page says it.
    let next = spec
        .next
        .clone()
        .unwrap_or_else(|| written_time(config, now + config.cadence, Some(now)));
    let names: Vec<&str> = spec
        .components
        .iter()
        .map(|(id, _)| {
            config
                .component(id)
                .map_or(id.as_str(), |c| c.name.as_str())
        })
        .collect();
    let text = spec
        .text
        .clone()
        .unwrap_or_else(|| sentence::investigating(words.french, &names));
    let mut file = String::new();
    file.push_str("---\n");
    file.push_str(&format!("title: {}\n", yaml_string(&spec.title)));
    file.push_str(&format!(
        "impact: {}\n",
        if words.french {
            spec.impact.french()
        } else {
            spec.impact.as_str()
        }
    ));
    file.push_str(&format!("started: {}\n", local.format("%Y-%m-%d %H:%M")));
    if !components.is_empty() {
        file.push_str("components:\n");
        file.extend(components);
    }
    file.push_str(&format!(
        "postmortem: {}\n",
        words.pick("draft", "brouillon")
    ));
    file.push_str("---\n\n");
    file.push_str(&format!("## {}\n\n", words.heading(SectionName::Updates)));
    let first = format!(
        "### {} [{}, {} {}]\n{}\n",
        local.format("%H:%M"),
        words.status(UpdateStatus::Investigating),
        words.next(),
        next.trim(),
        text.trim()
    );
    file.push_str(&first);
    for section in [
        SectionName::Timeline,
        SectionName::Notes,
        SectionName::Summary,
        SectionName::Impact,
        SectionName::Trigger,
        SectionName::Causes,
        SectionName::Detection,
        SectionName::Resolution,
        SectionName::WentWell,
        SectionName::WentWrong,
        SectionName::Lucky,
        SectionName::Lessons,
        SectionName::ActionItems,
    ] {
        file.push_str(&format!("\n## {}\n", words.heading(section)));
    }
    let path = root.join("content/incidents").join(format!("{slug}.md"));
    write_if_valid(root, &path, &file, &first, now)
}

/// What `vigie new maintenance` needs.
#[derive(Debug, Clone)]
pub struct NewMaintenance {
    pub title: String,
    /// As written: `2026-11-28 22:00`, read in the site's timezone.
    pub starts: String,
    pub ends: String,
    pub components: Vec<String>,
    pub description: Option<String>,
}

/// Creates `content/maintenance/<date>-<title>.md` with a `scheduled` update announcing it.
pub fn new_maintenance(
    root: &Path,
    site: &Site,
    spec: &NewMaintenance,
    now: Instant,
) -> Result<Written, Refusal> {
    let config = &site.config;
    let words = Words::of(config);
    let local = config.local(now);
    let date = dated_day(config, &spec.starts).unwrap_or_else(|| local.date_naive());
    let slug = free_slug(
        root,
        "maintenance",
        &format!("{}-{}", date.format("%Y-%m-%d"), short_slug(&spec.title)),
    );
    let mut file = String::new();
    file.push_str("---\n");
    file.push_str(&format!("title: {}\n", yaml_string(&spec.title)));
    file.push_str(&format!("starts: {}\n", spec.starts.trim()));
    file.push_str(&format!("ends: {}\n", spec.ends.trim()));
    file.push_str(&format!("components: [{}]\n", spec.components.join(", ")));
    file.push_str("---\n");
    if let Some(description) = &spec.description {
        file.push_str(description.trim());
        file.push('\n');
    }
    let spoken = |written: &str| {
        spoken_time(root, config, written).unwrap_or_else(|| written.trim().to_string())
    };
    let (starts, ends) = (spoken(&spec.starts), spoken(&spec.ends));
    let announce = if words.french {
        format!("Maintenance planifiée du {starts} au {ends}.")
    } else {
        format!("Maintenance scheduled from {starts} to {ends}.")
    };
    let first = format!(
        "### {} [{}]\n{announce}\n",
        local.format("%Y-%m-%d %H:%M"),
        words.pick("scheduled", "planifiée"),
    );
    file.push_str(&format!(
        "\n## {}\n\n{first}",
        words.heading(SectionName::Updates),
    ));
    let path = root.join("content/maintenance").join(format!("{slug}.md"));
    write_if_valid(root, &path, &file, &first, now)
}

/// A dated time as running text says it in the site's language (`samedi 28 novembre 2026 à
/// 22:00`); `None` when it is not a dated time (the check then says why).
fn spoken_time(root: &Path, config: &Config, written: &str) -> Option<String> {
    use crate::load::time::{WrittenTime, parse_time, resolve_time};
    let at = match parse_time(written).ok()? {
        WrittenTime::Clock(_) => return None,
        dated => resolve_time(dated, config.timezone, None).ok()?,
    };
    let text = crate::theme::language_file(root, &config.theme, &config.language).ok()?;
    let lang = crate::render::i18n::Lang::parse(&text, &config.language).ok()?;
    Some(lang.datetime(config.local(at)))
}

/// The local day of a time written with its date; `None` for a time alone or no time (the
/// check then says what is wrong with it).
fn dated_day(config: &Config, written: &str) -> Option<chrono::NaiveDate> {
    use crate::load::time::{WrittenTime, parse_time, resolve_time};
    match parse_time(written).ok()? {
        WrittenTime::Clock(_) => None,
        dated => resolve_time(dated, config.timezone, None)
            .ok()
            .map(|t| config.local(t).date_naive()),
    }
}

/// A title made an address, cut at a word within 50 characters.
fn short_slug(title: &str) -> String {
    let slug = crate::load::slugify(title);
    if slug.len() <= 50 {
        return slug;
    }
    let cut = slug[..50].rfind('-').unwrap_or(50);
    slug[..cut].to_string()
}

/// `base`, or `base-2`, `base-3`… when a file or folder of that name exists.
fn free_slug(root: &Path, kind: &str, base: &str) -> String {
    let folder = root.join("content").join(kind);
    let taken = |slug: &str| {
        crate::fs::exists(&folder.join(format!("{slug}.md")))
            || crate::fs::exists(&folder.join(slug))
    };
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| base.to_string())
}

/// A YAML scalar: as written when plain text reads back the same, double-quoted otherwise.
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !text.ends_with(':');
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}
