//! `vigie import`: writes entries read from an export into an incident's timeline, each in
//! its place in time among those already written, none twice, and only when the whole site
//! still checks; or shows them as a diff, writing nothing.

use std::path::Path;

use super::{Refusal, Words, indent_continuation, written_time};
use crate::diagnostic::{Diagnostic, Diagnostics, Error};
use crate::import::ImportedEntry;
use crate::load::body::SectionName;
use crate::model::{Config, Incident, Instant, Site, TimelineEntry, TimelineKind};

/// What an import wrote, or would write with `--dry-run`.
#[derive(Debug)]
pub struct Imported {
    pub path: std::path::PathBuf,
    /// The entries added, as a diff of the file: `@@ line N @@`, the line above, `+` lines.
    pub diff: String,
    pub added: usize,
    /// Entries the file already holds, or milestones it already has at that time.
    pub already: usize,
    /// The check's findings on the imported lines.
    pub warnings: Diagnostics,
    pub written: bool,
}

/// Whether to write, or only show what would be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    DryRun,
}

/// The time span of an incident that an import reads messages from: from its start (or its
/// first timeline entry, if earlier) to its resolution, or `now` while it is open.
pub fn window(incident: &Incident, now: Instant) -> (Instant, Instant) {
    let first = incident.timeline.iter().map(|e| e.at).min();
    let start = first.map_or(incident.started, |f| f.min(incident.started));
    let end = incident
        .latest_update()
        .filter(|u| u.status == crate::model::UpdateStatus::Resolved)
        .map_or(now, |u| u.at);
    (start, end)
}

/// Adds `entries` to `incident`'s timeline in time order, leaving out those already there.
pub fn import(
    root: &Path,
    site: &Site,
    incident: &Incident,
    entries: &[ImportedEntry],
    now: Instant,
    mode: Mode,
) -> Result<Imported, Refusal> {
    let path = root.join(&incident.source);
    let text = crate::fs::read_text(root, &path)?;
    let (new, already) = not_yet_written(incident, entries);
    let mut imported = Imported {
        path: incident.source.clone(),
        diff: String::new(),
        added: new.len(),
        already,
        warnings: Diagnostics::default(),
        written: false,
    };
    if new.is_empty() {
        return Ok(imported);
    }
    let placed = place(&site.config, incident, &new)?;
    let merged = merge(&text, &site.config, incident, &placed);
    imported.diff = merged.diff;
    let (site_after, warnings) = super::validate(root, &path, &merged.text, now)?;
    same_instants(&site_after, incident, &new)?;
    imported.warnings.extend(
        warnings
            .into_iter()
            .filter(|d| merged.lines.iter().any(|r| r.contains(&d.pos.line))),
    );
    if mode == Mode::Write {
        crate::fs::write(&path, merged.text.as_bytes())?;
        imported.written = true;
    }
    Ok(imported)
}

/// A text compared as a reader sees it: whatever the spacing and line breaks.
fn words_of(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn minute(at: Instant) -> Instant {
    use chrono::Timelike;
    at.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at)
}

/// The entries not yet in the timeline (same minute, kind and text), and how many were. A
/// detection or an acknowledgement already written at that minute is kept as written.
fn not_yet_written(incident: &Incident, entries: &[ImportedEntry]) -> (Vec<ImportedEntry>, usize) {
    let mut new: Vec<ImportedEntry> = Vec::new();
    let mut already = 0;
    for entry in entries {
        let entry = ImportedEntry {
            at: minute(entry.at),
            ..entry.clone()
        };
        let same = |at: Instant, kind: TimelineKind, text: &str| {
            at == entry.at
                && kind == entry.kind
                && (words_of(text) == words_of(&entry.text) || is_milestone(kind))
        };
        let written = incident
            .timeline
            .iter()
            .any(|e| same(e.at, e.kind, &e.text));
        if written || new.iter().any(|n| same(n.at, n.kind, &n.text)) {
            already += 1;
        } else {
            new.push(entry);
        }
    }
    new.sort_by_key(|e| e.at);
    (new, already)
}

fn is_milestone(kind: TimelineKind) -> bool {
    matches!(kind, TimelineKind::Detection | TimelineKind::Acknowledged)
}

/// Each new entry and the index, among the written entries in file order, of the one it goes
/// before (their count: at the end). Refused when the entries around its time are not in
/// time order: no place for it would keep the timeline readable.
fn place<'a>(
    config: &Config,
    incident: &'a Incident,
    new: &'a [ImportedEntry],
) -> Result<Vec<(usize, &'a ImportedEntry)>, Refusal> {
    let written = in_file_order(incident);
    let mut placed = Vec::new();
    for entry in new {
        let slot = written
            .iter()
            .rposition(|e| e.at <= entry.at)
            .map_or(0, |i| i + 1);
        if let Some(later) = written[..slot].iter().find(|e| e.at > entry.at) {
            let mut found = Diagnostics::default();
            found.push(
                Diagnostic::error(
                    &incident.source,
                    later.pos,
                    "timeline",
                    format!(
                        "cannot place the imported entry of {}: the timeline is not in time order around this entry, which comes before later ones",
                        config.local(entry.at).format("%Y-%m-%d %H:%M")
                    ),
                )
                .with_hint("put the timeline's entries in time order, then import again"),
            );
            return Err(Refusal::Invalid(found));
        }
        placed.push((slot, entry));
    }
    Ok(placed)
}

fn in_file_order(incident: &Incident) -> Vec<&TimelineEntry> {
    let mut written: Vec<&TimelineEntry> = incident.timeline.iter().collect();
    written.sort_by_key(|e| (e.pos.line, e.pos.column));
    written
}

/// The file with the entries inserted, the diff to show, and the lines they took.
struct Merged {
    text: String,
    diff: String,
    lines: Vec<std::ops::RangeInclusive<usize>>,
}

fn merge(
    text: &str,
    config: &Config,
    incident: &Incident,
    placed: &[(usize, &ImportedEntry)],
) -> Merged {
    let words = Words::of(config);
    let written = in_file_order(incident);
    let end = end_of_timeline(text);
    if end.2 {
        return new_section(text, config, incident, placed, &words);
    }
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if let Some(last) = lines.last_mut().filter(|l| !l.ends_with('\n')) {
        last.push('\n');
    }
    // Blocks by the line index they go before, built top to bottom (each entry's time is
    // written after the entry above it), inserted bottom to top.
    let mut blocks: Vec<(usize, Vec<String>)> = Vec::new();
    let mut previous = Some(incident.started);
    let mut index = 0;
    for (slot, entry) in placed {
        while index < *slot {
            previous = Some(written[index].at);
            index += 1;
        }
        let at = match written.get(*slot) {
            Some(next) => next.pos.line.saturating_sub(1),
            None => end.0,
        };
        let line = entry_line(&words, config, entry, previous);
        previous = Some(entry.at);
        match blocks.last_mut() {
            Some((last, block)) if *last == at => block.push(line),
            _ => blocks.push((at, vec![line])),
        }
    }
    let mut diff = String::new();
    let mut ranges = Vec::new();
    let mut shift = 0;
    for (at, block) in &blocks {
        let mut added: Vec<String> = block
            .iter()
            .flat_map(|b| b.lines().map(|l| format!("{l}\n")).collect::<Vec<_>>())
            .collect();
        if end.1 && *at == end.0 {
            added.insert(0, "\n".into());
        }
        let above = at
            .checked_sub(1)
            .and_then(|i| lines.get(i))
            .map_or("", |l| l.as_str());
        diff.push_str(&format!("@@ line {} @@\n  {}", at + 1 + shift, above));
        for line in &added {
            diff.push_str(&format!("+ {line}"));
        }
        ranges.push(at + 1 + shift..=at + shift + added.len());
        shift += added.len();
    }
    for (at, block) in blocks.iter().rev() {
        let mut added: Vec<String> = block.clone();
        if end.1 && *at == end.0 {
            added.insert(0, "\n".into());
        }
        let at = (*at).min(lines.len());
        lines.splice(at..at, added);
    }
    Merged {
        text: lines.concat(),
        diff,
        lines: ranges,
    }
}

/// Where entries after the last one go: the line index after the timeline's last written
/// line; whether a blank line must come first (an empty section); whether the section is
/// missing. A missing section is added at the end of the file.
fn end_of_timeline(text: &str) -> (usize, bool, bool) {
    let (body_start, body) = super::body_of(text);
    let (parsed, _) = crate::load::body::split_sections(body, body_start);
    match parsed.section(SectionName::Timeline) {
        Some(found) => match found.lines.iter().rev().find(|l| !l.text.trim().is_empty()) {
            Some(last) => (last.number, false, false),
            None => (found.heading.line, true, false),
        },
        None => (text.split_inclusive('\n').count(), true, true),
    }
}

/// The file with a timeline section added at its end, holding the entries.
fn new_section(
    text: &str,
    config: &Config,
    incident: &Incident,
    placed: &[(usize, &ImportedEntry)],
    words: &Words,
) -> Merged {
    let mut previous = Some(incident.started);
    let mut block = String::new();
    for (_, entry) in placed {
        block.push_str(&entry_line(words, config, entry, previous));
        previous = Some(entry.at);
    }
    let heading = words.heading(SectionName::Timeline);
    let merged = super::insert_in_section(text, SectionName::Timeline, heading, &block);
    // The heading, a blank line, then the entries, at the end of the file.
    let entries = block.lines().count();
    let heading_line = (merged.lines().count() + 1).saturating_sub(entries + 2);
    let mut diff = format!("@@ line {heading_line} @@\n+ ## {heading}\n+\n");
    for line in block.lines() {
        diff.push_str(&format!("+ {line}\n"));
    }
    Merged {
        text: merged,
        diff,
        lines: vec![heading_line + 2..=heading_line + 1 + entries],
    }
}

/// One entry as the file holds it: `- 18:52 [appel, CSM, destinataires: …] Texte`,
/// internal. To whom is written `destinataires:` (`audience:`); a tag that names clients of
/// `[[clients]]` by id (`[appel 18:52, pour: morel]`) is written `pour: morel`, addressed
/// to them.
fn entry_line(
    words: &Words,
    config: &Config,
    entry: &ImportedEntry,
    previous: Option<Instant>,
) -> String {
    let mut attributes = vec![words.kind(entry.kind).to_string()];
    attributes.extend(entry.who.clone());
    if let Some(channel) = &entry.channel {
        attributes.push(format!("{}: {channel}", words.pick("channel", "canal")));
    }
    if let Some(audience) = &entry.audience {
        let key = if names_clients(config, audience) {
            words.pick("for", "pour")
        } else {
            words.pick("audience", "destinataires")
        };
        attributes.push(format!("{key}: {audience}"));
    }
    format!(
        "- {} [{}] {}\n",
        written_time(config, entry.at, previous),
        attributes.join(", "),
        indent_continuation(entry.text.trim())
    )
}

/// Whether `audience` is only ids of clients of `[[clients]]`.
fn names_clients(config: &Config, audience: &str) -> bool {
    let mut ids = audience.split_whitespace().peekable();
    ids.peek().is_some() && ids.all(|id| config.client(id).is_some())
}

/// Refuses a merge after which an entry is read at another time than the one imported, or
/// an entry already written moved: the file is left as it was.
fn same_instants(after: &Site, before: &Incident, new: &[ImportedEntry]) -> Result<(), Refusal> {
    let Some(now) = after.incidents.iter().find(|i| i.slug == before.slug) else {
        return Err(Error::new(format!(
            "{} could not be read back",
            before.source.display()
        ))
        .into());
    };
    let mut expected: Vec<(Instant, TimelineKind)> = before
        .timeline
        .iter()
        .map(|e| (e.at, e.kind))
        .chain(new.iter().map(|e| (e.at, e.kind)))
        .collect();
    let mut found: Vec<(Instant, TimelineKind)> =
        now.timeline.iter().map(|e| (e.at, e.kind)).collect();
    expected.sort_by_key(|(at, kind)| (*at, kind.as_str()));
    found.sort_by_key(|(at, kind)| (*at, kind.as_str()));
    if expected != found {
        return Err(Error::new(format!(
            "{}: the imported entries could not be placed without changing the time of another entry; nothing was written",
            before.source.display()
        ))
        .into());
    }
    Ok(())
}
