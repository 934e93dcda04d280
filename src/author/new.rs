//! `vigie new incident` and `vigie new maintenance`: a new file, named after its date and
//! title, written only when the site checks with it.

use std::path::Path;

use super::{Refusal, Words, Written, sentence, write_if_valid, written_time};
use crate::load::body::SectionName;
use crate::model::{ComponentStatus, Config, Impact, Instant, Site, UpdateStatus};

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
    let first = first_update(config, &words, spec, now);
    let mut file = incident_front_matter(&words, spec, local);
    file.push_str(&format!("## {}\n\n", words.heading(SectionName::Updates)));
    file.push_str(&first);
    for section in SKELETON {
        file.push_str(&format!("\n## {}\n", words.heading(section)));
    }
    let path = root.join("content/incidents").join(format!("{slug}.md"));
    write_if_valid(root, &path, &file, &first, now)
}

/// The sections of a new incident after its updates: the record, then the postmortem.
const SKELETON: [SectionName; 13] = [
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
];

/// The front matter of a new incident, its draft postmortem included.
fn incident_front_matter(words: &Words, spec: &NewIncident, local: Instant) -> String {
    let mut front = String::from("---\n");
    front.push_str(&format!("title: {}\n", yaml_string(&spec.title)));
    let impact = if words.french {
        spec.impact.french()
    } else {
        spec.impact.as_str()
    };
    front.push_str(&format!("impact: {impact}\n"));
    front.push_str(&format!("started: {}\n", local.format("%Y-%m-%d %H:%M")));
    if !spec.components.is_empty() {
        front.push_str("components:\n");
    }
    for (id, status) in &spec.components {
        let status = status.unwrap_or(default_status(spec.impact));
        let word = if words.french {
            status.french()
        } else {
            status.as_str()
        };
        front.push_str(&format!("  {id}: {word}\n"));
    }
    front.push_str(&format!(
        "postmortem: {}\n",
        words.pick("draft", "brouillon")
    ));
    front.push_str("---\n\n");
    front
}

/// The first update of a new incident: `investigating`, its promise in the brackets only
/// (the page says it), and the text given or a sentence naming the components.
fn first_update(config: &Config, words: &Words, spec: &NewIncident, now: Instant) -> String {
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
    format!(
        "### {} [{}, {} {}]\n{}\n",
        config.local(now).format("%H:%M"),
        words.status(UpdateStatus::Investigating),
        words.next(),
        next.trim(),
        text.trim()
    )
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
