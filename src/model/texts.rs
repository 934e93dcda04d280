//! Where an incident's texts stand in its file. A build lets the texts of updates,
//! timeline entries and postmortem sections go once the incident is checked, keeping only
//! their places, and reads the file again for the pages that show them: at 50,000
//! incidents, the texts are most of the model.

use std::time::SystemTime;

use super::Incident;

/// What a file was when it was read: read again, it must be the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

/// Where each text of an incident is in its file, and whether the texts were let go.
#[derive(Debug, Clone)]
pub struct TextPlaces {
    pub stamp: FileStamp,
    /// The updates' texts, by the line of the update's heading.
    updates: Vec<Place>,
    /// The timeline entries' texts, by the line of the entry's heading.
    timeline: Vec<Place>,
    /// The postmortem sections' texts, by position in `Postmortem::sections`.
    sections: Vec<Place>,
    let_go: bool,
}

/// A text's bytes in the file, found by `key` (a heading's line, a section's position).
#[derive(Debug, Clone, Copy)]
struct Place {
    key: u32,
    start: u32,
    len: u32,
}

impl TextPlaces {
    /// The places in `file` (the text the incident was read from) of the incident's texts.
    /// A text that is not written as is in the file (a list item's indented lines) has no
    /// place and is kept.
    pub fn find(incident: &Incident, file: &str, stamp: FileStamp) -> Self {
        let mut finder = Finder { file, from: 0 };
        let mut updates: Vec<Place> = (incident.updates.iter())
            .filter_map(|u| finder.place(u.pos.line, &u.text))
            .collect();
        let mut timeline: Vec<Place> = (incident.timeline.iter())
            .filter_map(|e| finder.place(e.pos.line, &e.text))
            .collect();
        let sections = (incident.postmortem.sections().iter().enumerate())
            .filter_map(|(n, (_, text))| finder.place(n, text))
            .collect();
        updates.sort_by_key(|p| p.key);
        timeline.sort_by_key(|p| p.key);
        TextPlaces {
            stamp,
            updates,
            timeline,
            sections,
            let_go: false,
        }
    }

    /// Whether the texts were let go: pages that show them need the file read again.
    pub fn let_go(&self) -> bool {
        self.let_go
    }
}

/// Finds texts in a file, each searched from where the previous one was found (texts
/// come in the file's order), then from the start.
struct Finder<'f> {
    file: &'f str,
    from: usize,
}

impl Finder<'_> {
    fn place(&mut self, key: usize, text: &str) -> Option<Place> {
        if text.is_empty() {
            return None;
        }
        let start = match found_from(self.file, self.from, text) {
            Some(at) => at,
            None => found_from(self.file, 0, text)?,
        };
        self.from = start + text.len();
        Some(Place {
            key: u32::try_from(key).ok()?,
            start: u32::try_from(start).ok()?,
            len: u32::try_from(text.len()).ok()?,
        })
    }
}

/// Where `text` is in `file` from byte `from` on. Each text is found a few bytes after
/// the previous one, where a full substring search would cost more to set up than to run.
fn found_from(file: &str, from: usize, text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    let mut at = from;
    loop {
        let start = at + file.get(at..)?.find(first)?;
        if file.as_bytes()[start..].starts_with(text.as_bytes()) {
            return Some(start);
        }
        at = start + first.len_utf8();
    }
}

fn text_at(file: &str, place: Place) -> String {
    let start = place.start as usize;
    file.get(start..start + place.len as usize)
        .unwrap_or_default()
        .to_string()
}

fn place_of(places: &[Place], key: usize) -> Option<Place> {
    let key = u32::try_from(key).ok()?;
    let at = places.binary_search_by_key(&key, |p| p.key).ok()?;
    Some(places[at])
}

impl Incident {
    /// Lets go of every text that has a place in the file, and of the field positions only
    /// the checks read; `with_texts` gives the texts back.
    pub fn let_texts_go(&mut self) {
        let Some(places) = self.texts.as_mut() else {
            return;
        };
        for update in &mut self.updates {
            if place_of(&places.updates, update.pos.line).is_some() {
                update.text = String::new();
            }
        }
        for entry in &mut self.timeline {
            if place_of(&places.timeline, entry.pos.line).is_some() {
                entry.text = String::new();
            }
        }
        if !places.sections.is_empty() {
            let postmortem = &mut *self.postmortem;
            for place in &places.sections {
                if let Some(text) = postmortem.section_mut(place.key as usize) {
                    *text = String::new();
                }
            }
        }
        // Only the checks read where each field was written.
        self.positions = super::FieldPositions::default();
        places.let_go = true;
    }

    /// Whether its texts were let go (`let_texts_go`).
    pub fn texts_let_go(&self) -> bool {
        self.texts.as_ref().is_some_and(|t| t.let_go)
    }

    /// The incident with the texts it let go read from `file`, the text of its file as
    /// it was first read (`TextPlaces::stamp` says whether it still is).
    pub fn with_texts(&self, file: &str) -> Incident {
        let mut whole = self.clone();
        let Some(places) = whole.texts.as_mut() else {
            return whole;
        };
        for update in &mut whole.updates {
            if let Some(place) = place_of(&places.updates, update.pos.line) {
                update.text = text_at(file, place);
            }
        }
        for entry in &mut whole.timeline {
            if let Some(place) = place_of(&places.timeline, entry.pos.line) {
                entry.text = text_at(file, place);
            }
        }
        if !places.sections.is_empty() {
            let postmortem = &mut *whole.postmortem;
            for place in &places.sections {
                if let Some(text) = postmortem.section_mut(place.key as usize) {
                    *text = text_at(file, *place);
                }
            }
        }
        places.let_go = false;
        whole
    }
}
