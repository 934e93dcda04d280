//! Reads one incident file into an `Incident`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::body::{self, Block, Body, SectionName};
use super::frontmatter::{self, Split, TimeText};
use super::time::{self, WrittenTime};
use super::{ContentFile, Problem};
use crate::model::{
    ActionItem, ActionKind, ActionState, AddressedSection, AffectedComponent, ClientRef,
    ComponentChange, ComponentStatus, Config, FieldPositions, Impact, Incident, Instant, Milestone,
    Pos, Postmortem, PostmortemState, Priority, TimelineEntry, TimelineKind, Update, UpdateStatus,
    Visibility,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentFront {
    title: String,
    impact: String,
    started: TimeText,
    #[serde(default)]
    components: BTreeMap<String, String>,
    cadence: Option<String>,
    postmortem: Option<String>,
    /// Milestones the timeline cannot say, by name.
    #[serde(default)]
    milestones: BTreeMap<String, TimeText>,
    /// The clients the whole incident is addressed to: it is then in their rooms only.
    #[serde(default, rename = "for", alias = "pour")]
    for_clients: Vec<String>,
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "free-form data, never published unless a template asks"
    )]
    extra: Option<serde_json::Value>,
}

const KEYS: &[&str] = &[
    "title",
    "impact",
    "started",
    "components",
    "cadence",
    "postmortem",
    "milestones",
    "for",
    "pour",
    "extra",
];

pub const UPDATE_EXAMPLE: &str = "### 20:50 [identified, next 22:50]";
pub const TIMELINE_EXAMPLE: &str = "- 18:52 [call, CSM] Called the client";
pub const ACTION_EXAMPLE: &str =
    "- [ ] Alert when a report is not sent [owner: Platform, due: 2026-12-01]";

/// Reads an incident, or every problem that keeps it from being read.
pub fn read_incident(
    file: &ContentFile,
    text: &str,
    config: &Config,
) -> Result<Incident, Vec<Problem>> {
    let split = frontmatter::split(text).map_err(|p| vec![p])?;
    let front: IncidentFront = frontmatter::parse(&split, KEYS).map_err(|p| vec![p])?;
    let mut reader = Reader {
        config,
        problems: Vec::new(),
        split: &split,
        front_lines: frontmatter::key_lines(&split),
    };
    reader.check_slug(&file.slug);
    match reader.incident(file, front) {
        Some(incident) if reader.problems.is_empty() => Ok(incident),
        _ => Err(reader.problems),
    }
}

/// Collects the problems of one file while reading it.
struct Reader<'a> {
    config: &'a Config,
    split: &'a Split<'a>,
    /// The lines of the front matter, cut once for every field's position.
    front_lines: Vec<frontmatter::KeyLine<'a>>,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn at(&self, path: &[&str]) -> Pos {
        frontmatter::locate_in(self.split, &self.front_lines, path)
            .unwrap_or(Pos::new(self.split.front_line, 1))
    }

    fn problem(
        &mut self,
        pos: Pos,
        field: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.problems.push(Problem::new(pos, field, message, hint));
    }

    fn check_slug(&mut self, slug: &str) {
        if !super::is_valid_slug(slug) {
            self.problem(
                Pos::new(1, 1),
                "file name",
                format!("`{slug}` cannot be used in a web address"),
                format!("rename the file to `{}.md`", super::slugify(slug)),
            );
        }
    }

    fn incident(&mut self, file: &ContentFile, front: IncidentFront) -> Option<Incident> {
        let positions = self.positions(&front);
        let title = super::title_text(&front.title);
        if title.is_empty() {
            self.problem(
                self.at(&["title"]),
                "title",
                "the title is empty",
                "say what clients see",
            );
        }
        let impact =
            self.word::<Impact>(&front.impact, "impact", Impact::parse, Impact::canonical());
        let started = self.front_time(&front.started, "started");
        let affected = self.affected(&front.components);
        let milestones = self.milestones(&front.milestones);
        let cadence = front
            .cadence
            .as_deref()
            .and_then(|c| self.duration(c, "cadence"));
        let state = front
            .postmortem
            .as_deref()
            .map_or(Some(PostmortemState::None), |s| {
                self.word(
                    s,
                    "postmortem",
                    PostmortemState::parse,
                    PostmortemState::canonical(),
                )
            });
        let (body, problems) = body::split_sections(self.split.body, self.split.body_line);
        self.problems.extend(problems);
        self.check_preamble(&body);
        let started = started?;
        let clients = self.front_clients(&front.for_clients);
        let updates = self.updates(&body, started);
        let timeline = self.timeline(&body, started);
        let mut postmortem = self.postmortem(&body);
        postmortem.state = state?;
        let parts: Vec<(&str, &[ClientRef])> = updates
            .iter()
            .map(|u| ("update.for", u.clients.as_slice()))
            .chain(
                timeline
                    .iter()
                    .map(|e| ("timeline.for", e.clients.as_slice())),
            )
            .chain(
                postmortem
                    .action_items
                    .iter()
                    .map(|a| ("action items.for", a.clients.as_slice())),
            )
            .chain(
                postmortem
                    .addressed
                    .iter()
                    .map(|s| ("section.for", s.clients.as_slice())),
            )
            .collect();
        super::clients::unread_addressees(&clients, &parts, &mut self.problems);
        Some(Incident {
            slug: file.slug.clone(),
            source: file.relative.clone(),
            title,
            impact: impact?,
            started,
            affected,
            clients,
            cadence,
            milestones,
            updates,
            timeline,
            postmortem: postmortem.shared(),
            internal_notes: text_of(&body, SectionName::Notes),
            assets: Vec::new(),
            positions,
            texts: None,
        })
    }

    fn positions(&self, front: &IncidentFront) -> FieldPositions {
        let mut positions = FieldPositions::default();
        // Every key, each component, and the title's text: exactly, as every incident
        // holds its positions for the whole run.
        positions.reserve(KEYS.len() + front.components.len() + 1);
        for key in KEYS {
            positions.insert(*key, self.at(&[key]));
        }
        for id in front.components.keys() {
            positions.insert(format!("components.{id}"), self.at(&["components", id]));
        }
        let title = frontmatter::value_pos(self.split, self.at(&["title"]), &front.title);
        positions.insert("title.text", title);
        positions
    }

    fn word<T>(
        &mut self,
        text: &str,
        field: &str,
        parse: fn(&str) -> Option<T>,
        accepted: Vec<&str>,
    ) -> Option<T> {
        let parsed = parse(text);
        if parsed.is_none() {
            let hint = crate::diagnostic::suggest(text, &accepted);
            self.problem(
                self.at(&[field]),
                field,
                format!("`{text}` is not a valid {field}"),
                hint,
            );
        }
        parsed
    }

    fn front_time(&mut self, text: &TimeText, field: &str) -> Option<Instant> {
        self.front_time_at(text, &[field], field)
    }

    /// A dated time of the front matter, at `path` (`["milestones", "detected"]`).
    fn front_time_at(&mut self, text: &TimeText, path: &[&str], field: &str) -> Option<Instant> {
        let pos = self.at(path);
        let written = match time::parse_time(&text.0) {
            Ok(WrittenTime::Clock(_)) => {
                self.problem(
                    pos,
                    field,
                    format!("`{}` has no date", text.0),
                    "write `2026-11-06 18:40`",
                );
                return None;
            }
            Ok(w) => w,
            Err(p) => {
                self.problem(pos, field, p.message, p.hint);
                return None;
            }
        };
        match time::resolve_time(written, self.config.timezone, None) {
            Ok(t) => Some(t),
            Err(p) => {
                self.problem(pos, field, p.message, p.hint);
                None
            }
        }
    }

    fn duration(&mut self, text: &str, field: &str) -> Option<chrono::Duration> {
        match time::parse_duration(text) {
            Ok(d) => Some(d),
            Err(p) => {
                self.problem(self.at(&[field]), field, p.message, p.hint);
                None
            }
        }
    }

    /// The milestones set in the front matter: `detected: 2026-11-13 18:40`.
    fn milestones(&mut self, written: &BTreeMap<String, TimeText>) -> Vec<(Milestone, Instant)> {
        let mut milestones = Vec::new();
        for (name, text) in written {
            let field = format!("milestones.{name}");
            let Some(milestone) = Milestone::parse(name) else {
                let hint = crate::diagnostic::suggest_among(
                    name,
                    &Milestone::spellings(),
                    &Milestone::canonical(),
                );
                self.problem(
                    self.at(&["milestones", name]),
                    &field,
                    format!("`{name}` is not a milestone"),
                    hint,
                );
                continue;
            };
            if let Some(at) = self.front_time_at(text, &["milestones", name], &field) {
                milestones.push((milestone, at));
            }
        }
        milestones
    }

    fn affected(&mut self, components: &BTreeMap<String, String>) -> Vec<AffectedComponent> {
        let mut affected = Vec::new();
        for (id, status) in components {
            let pos = self.at(&["components", id]);
            match ComponentStatus::parse(status) {
                Some(ComponentStatus::Operational) | None => {
                    let accepted: Vec<&str> = ComponentStatus::ALL[1..]
                        .iter()
                        .map(|s| s.as_str())
                        .collect();
                    let hint = crate::diagnostic::suggest(status, &accepted);
                    self.problem(
                        pos,
                        &format!("components.{id}"),
                        format!("`{status}` is not a status an incident gives a component"),
                        hint,
                    );
                }
                Some(status) => affected.push(AffectedComponent {
                    id: id.clone(),
                    status,
                    pos,
                }),
            }
        }
        affected
    }

    fn check_preamble(&mut self, body: &Body<'_>) {
        if let Some(line) = body.preamble.iter().find(|l| !l.text.trim().is_empty()) {
            self.problem(
                Pos::new(line.number, 1),
                "body",
                "text before the first section",
                "put it under a section such as `## Updates` (`## Mises à jour`) or `## Internal notes`",
            );
        }
    }

    fn updates(&mut self, body: &Body<'_>, started: Instant) -> Vec<Update> {
        let Some(section) = body.section(SectionName::Updates) else {
            return Vec::new();
        };
        let (blocks, problems) = body::heading_blocks(section, "updates", UPDATE_EXAMPLE);
        self.problems.extend(problems);
        let mut previous = started;
        let mut updates = Vec::with_capacity(blocks.len());
        for block in blocks {
            if let Some(update) = self.update(block, previous) {
                previous = update.at;
                updates.push(update);
            }
        }
        updates
    }

    fn update(&mut self, block: Block<'_>, previous: Instant) -> Option<Update> {
        let head = self.head(&block, UPDATE_EXAMPLE)?;
        let at = self.entry_time(head.time, head.time_pos, previous, "update")?;
        if let Some(far) = time::bare_time_too_far(head.time, previous, at) {
            let problem = far.of_update();
            self.problem(head.time_pos, "update", problem.message, problem.hint);
        }
        let mut status = None;
        let mut next = None;
        let mut components: Vec<ComponentChange> = Vec::new();
        let mut clients = Vec::new();
        let mut understood = true;
        for (attribute, pos) in &head.attributes {
            if let Some(s) = UpdateStatus::parse(attribute) {
                status = Some(s);
            } else if let Some(promise) = next_promise(attribute) {
                next = self.next_time(promise, *pos, at, "update");
            } else if let Some(ids) = addressing(attribute) {
                let start = after_key(attribute, ids, *pos);
                clients.extend(self.addressees(ids, start, "update.for"));
            } else if let Some((id, word)) = component_setting(attribute) {
                understood &= self.component_change(id, word, *pos, &mut components);
            } else {
                understood = false;
                let mut shown = UpdateStatus::canonical();
                shown.push("next 22:50");
                shown.push("api: operational");
                let hint =
                    crate::diagnostic::suggest_among(attribute, &UpdateStatus::spellings(), &shown);
                self.problem(
                    *pos,
                    "update",
                    format!(
                        "`{attribute}` is neither a status, `next ...` nor `component: status`"
                    ),
                    hint,
                );
            }
        }
        if !head.rest.is_empty() {
            self.problem(
                head.time_pos,
                "update",
                "text after the `]` of an update heading",
                "write the update's text on the lines below the heading",
            );
        }
        let Some(status) = status else {
            if understood {
                let hint = format!(
                    "add one of {} in the brackets: `{UPDATE_EXAMPLE}`",
                    UpdateStatus::canonical().join(", ")
                );
                self.problem(head.time_pos, "update", "the update has no status", hint);
            }
            return None;
        };
        if block.text.trim().is_empty() {
            self.problem(
                head.time_pos,
                "update",
                "the update has no text",
                "write what clients should know on the lines below the heading",
            );
        }
        Some(Update {
            at,
            status,
            next,
            components,
            clients,
            text: block.text,
            pos: head.time_pos,
        })
    }

    /// Reads `api: operational` of an update's brackets into `components`; false when the
    /// status is not a component status or the component is already set.
    fn component_change(
        &mut self,
        id: &str,
        word: (&str, usize),
        pos: Pos,
        components: &mut Vec<ComponentChange>,
    ) -> bool {
        let (word, offset) = word;
        let field = format!("update.components.{id}");
        let Some(status) = ComponentStatus::parse(word) else {
            let hint = crate::diagnostic::suggest_among(
                word,
                &ComponentStatus::spellings(),
                &ComponentStatus::canonical(),
            );
            self.problem(
                Pos::new(pos.line, pos.column + offset),
                &field,
                format!("`{word}` is not a component status"),
                hint,
            );
            return false;
        };
        if components.iter().any(|c| c.id == id) {
            self.problem(
                pos,
                &field,
                format!("`{id}` is set twice in the same update"),
                "keep one status for it in the brackets",
            );
            return false;
        }
        components.push(ComponentChange {
            id: id.to_string(),
            status,
            pos,
        });
        true
    }

    /// Whether the site declares clients: `pour:` of a timeline entry then names the
    /// clients it is addressed to, else (as before clients) to whom in words.
    fn addresses_clients(&self) -> bool {
        !self.config.clients.is_empty()
    }

    /// The clients `ids` (`acme globex`, its first character at `pos`) names.
    fn addressees(&mut self, ids: &str, pos: Pos, field: &str) -> Vec<ClientRef> {
        super::clients::addressees(self.config, (ids, pos), field, &mut self.problems)
    }

    /// The clients of the front matter's `for:`.
    fn front_clients(&mut self, ids: &[String]) -> Vec<ClientRef> {
        let pos = match self.at(&["for"]) {
            p if p.line == self.split.front_line => self.at(&["pour"]),
            p => p,
        };
        ids.iter()
            .flat_map(|id| self.addressees(id, pos, "for"))
            .collect()
    }

    fn head<'b>(&mut self, block: &Block<'b>, example: &str) -> Option<body::EntryHead<'b>> {
        match body::entry_head(block.head, block.head_line, block.head_column, example) {
            Ok(head) => Some(head),
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    fn entry_time(
        &mut self,
        text: &str,
        pos: Pos,
        previous: Instant,
        field: &str,
    ) -> Option<Instant> {
        let resolved = time::parse_time(text)
            .and_then(|w| time::resolve_time(w, self.config.timezone, Some(previous)));
        match resolved {
            Ok(t) => Some(t),
            Err(p) => {
                self.problem(pos, field, p.message, p.hint);
                None
            }
        }
    }

    /// The promise `next …` of the update or timeline entry (`maker`) at `at`.
    fn next_time(&mut self, promise: &str, pos: Pos, at: Instant, maker: &str) -> Option<Instant> {
        if let Ok(duration) = time::parse_duration(promise) {
            return Some(at + duration);
        }
        let resolved = self.entry_time(promise, pos, at, "update.next");
        if let Some(far) = resolved.and_then(|next| time::bare_time_too_far(promise, at, next)) {
            let problem = far.of_promise(maker);
            self.problem(pos, "update.next", problem.message, problem.hint);
        }
        if resolved == Some(at) {
            self.problem(
                pos,
                "update.next",
                "the next update is promised for the time of this one",
                "promise a later time, or a duration such as `next 2h`",
            );
        }
        resolved
    }

    fn timeline(&mut self, body: &Body<'_>, started: Instant) -> Vec<TimelineEntry> {
        let Some(section) = body.section(SectionName::Timeline) else {
            return Vec::new();
        };
        let (blocks, problems) = body::list_blocks(section, "timeline", TIMELINE_EXAMPLE);
        self.problems.extend(problems);
        let mut previous = started;
        let mut entries = Vec::with_capacity(blocks.len());
        for block in blocks {
            if let Some(entry) = self.timeline_entry(&block, previous) {
                previous = entry.at;
                entries.push(entry);
            }
        }
        entries
    }

    fn timeline_entry(&mut self, block: &Block<'_>, previous: Instant) -> Option<TimelineEntry> {
        let head = self.head(block, TIMELINE_EXAMPLE)?;
        let at = self.entry_time(head.time, head.time_pos, previous, "timeline")?;
        let mut attributes = head.attributes.iter();
        let Some((first, first_pos)) = attributes.next() else {
            self.problem(
                head.time_pos,
                "timeline",
                "the entry has no kind",
                format!("write it like `{TIMELINE_EXAMPLE}`"),
            );
            return None;
        };
        let Some(kind) = TimelineKind::parse(first) else {
            let hint = crate::diagnostic::suggest_among(
                first,
                &TimelineKind::spellings(),
                &TimelineKind::canonical(),
            );
            self.problem(
                *first_pos,
                "timeline",
                format!("`{first}` is not a kind of timeline entry"),
                hint,
            );
            return None;
        };
        let mut visibility = Visibility::Internal;
        let mut who: Option<String> = None;
        let mut channel: Option<String> = None;
        let mut audience: Option<String> = None;
        let mut next: Option<Instant> = None;
        let mut clients = Vec::new();
        for (attribute, pos) in attributes {
            if let Some(v) = Visibility::parse(attribute) {
                visibility = v;
            } else if let Some(promise) = next_promise(attribute) {
                next = self.next_time(promise, *pos, at, "entry");
            } else if let Some(ids) = addressing(attribute).filter(|_| self.addresses_clients()) {
                let start = after_key(attribute, ids, *pos);
                clients.extend(self.addressees(ids, start, "timeline.for"));
            } else if let Some((key, value)) = attribute.split_once(':') {
                match &*crate::model::folded_word(key) {
                    "channel" | "canal" => channel = Some(value.trim().to_string()),
                    "audience" | "pour" | "destinataires" => {
                        audience = Some(value.trim().to_string());
                    }
                    _ => self.problem(
                        *pos,
                        "timeline",
                        format!("`{}` is not an attribute of a timeline entry", key.trim()),
                        crate::diagnostic::suggest(
                            key,
                            &[
                                "channel",
                                "audience",
                                "for",
                                "canal",
                                "pour",
                                "destinataires",
                            ],
                        ),
                    ),
                }
            } else if who.is_none() {
                who = Some((*attribute).to_string());
            } else {
                let message = format!(
                    "`{attribute}` is one attribute too many: the entry already says who ({})",
                    who.as_deref().unwrap_or("")
                );
                self.problem(
                    *pos,
                    "timeline",
                    message,
                    "write `[kind, who]`, then `public` if clients may see it",
                );
            }
        }
        let text = entry_text(head.rest, &block.text);
        if text.is_empty() {
            self.problem(
                head.time_pos,
                "timeline",
                "the entry has no text",
                "say what happened after the `]`",
            );
        }
        Some(TimelineEntry {
            at,
            kind,
            who,
            visibility,
            channel,
            audience,
            next,
            clients,
            text,
            pos: head.time_pos,
        })
    }

    fn postmortem(&mut self, body: &Body<'_>) -> Postmortem {
        Postmortem {
            state: PostmortemState::None,
            summary: text_of(body, SectionName::Summary),
            impact: text_of(body, SectionName::Impact),
            trigger: text_of(body, SectionName::Trigger),
            causes: text_of(body, SectionName::Causes),
            detection: text_of(body, SectionName::Detection),
            resolution: text_of(body, SectionName::Resolution),
            went_well: text_of(body, SectionName::WentWell),
            went_wrong: text_of(body, SectionName::WentWrong),
            lucky: text_of(body, SectionName::Lucky),
            lessons: text_of(body, SectionName::Lessons),
            action_items: self.action_items(body),
            addressed: self.addressed_sections(body),
            lines: POSTMORTEM_SECTIONS
                .iter()
                .filter_map(|(id, name)| {
                    let section = body.section(*name)?;
                    let first = section.lines.iter().find(|l| !l.text.trim().is_empty())?;
                    Some((*id, first.number))
                })
                .collect(),
        }
    }

    /// `## What we did for you [for: acme]`: the sections addressed to clients.
    fn addressed_sections(&mut self, body: &Body<'_>) -> Vec<AddressedSection> {
        body.addressed()
            .map(|(addressing, section)| AddressedSection {
                title: addressing.title.to_string(),
                text: body::section_text(section),
                clients: self.addressees(addressing.ids, addressing.ids_pos, "section.for"),
                pos: section.heading,
                text_line: section
                    .lines
                    .iter()
                    .find(|l| !l.text.trim().is_empty())
                    .map_or(section.heading.line, |l| l.number),
            })
            .collect()
    }

    fn action_items(&mut self, body: &Body<'_>) -> Vec<ActionItem> {
        let Some(section) = body.section(SectionName::ActionItems) else {
            return Vec::new();
        };
        let (blocks, problems) = body::list_blocks(section, "action items", ACTION_EXAMPLE);
        self.problems.extend(problems);
        blocks.iter().filter_map(|b| self.action_item(b)).collect()
    }

    fn action_item(&mut self, block: &Block<'_>) -> Option<ActionItem> {
        let pos = Pos::new(block.head_line, block.head_column);
        let (state, rest) = match block.head.get(..4) {
            Some("[ ] ") => (ActionState::Open, &block.head[4..]),
            Some("[x] " | "[X] ") => (ActionState::Done, &block.head[4..]),
            Some("[-] " | "[~] ") => (ActionState::WontDo, &block.head[4..]),
            _ => (ActionState::Open, block.head),
        };
        let (text, attributes) = match rest
            .trim_end()
            .strip_suffix(']')
            .and_then(|r| r.rfind('[').map(|i| (&r[..i], &r[i + 1..])))
        {
            Some((text, attributes)) => (text.trim(), attributes),
            None => (rest.trim(), ""),
        };
        let mut item = ActionItem {
            text: [text, block.text.as_str()].join("\n").trim().to_string(),
            owner: None,
            due: None,
            kind: None,
            priority: None,
            link: None,
            state,
            reason: None,
            clients: Vec::new(),
            pos,
        };
        for attribute in attributes
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            self.action_attribute(&mut item, attribute, pos);
        }
        Some(item)
    }

    fn action_word<T>(
        &mut self,
        value: &str,
        key: &str,
        parse: fn(&str) -> Option<T>,
        accepted: Vec<&str>,
        pos: Pos,
    ) -> Option<T> {
        let parsed = parse(value);
        if parsed.is_none() {
            self.problem(
                pos,
                &format!("action items.{key}"),
                format!("`{value}` is not a {key} of action item"),
                crate::diagnostic::suggest(value, &accepted),
            );
        }
        parsed
    }

    fn action_attribute(&mut self, item: &mut ActionItem, attribute: &str, pos: Pos) {
        let (key, value) = attribute
            .split_once(':')
            .map_or((attribute, ""), |(k, v)| (k.trim(), v.trim()));
        match &*crate::model::folded_word(key) {
            "owner" | "responsable" => item.owner = Some(value.to_string()),
            "due" | "echeance" => match time::parse_date(value) {
                Ok(date) => item.due = Some(date),
                Err(p) => self.problem(pos, "action items.due", p.message, p.hint),
            },
            "type" => {
                item.kind = self.action_word(
                    value,
                    "type",
                    ActionKind::parse,
                    ActionKind::canonical(),
                    pos,
                );
            }
            "priority" | "priorite" => {
                item.priority = self.action_word(
                    value,
                    "priority",
                    Priority::parse,
                    Priority::canonical(),
                    pos,
                );
            }
            "link" | "lien" | "suivi" => {
                if value.starts_with("https://") || value.starts_with("http://") {
                    item.link = Some(value.to_string());
                } else {
                    self.problem(
                        pos,
                        "action items.link",
                        format!("`{value}` is not an http(s) address"),
                        "give the address of the ticket, e.g. `https://tracker.example/INC-12`",
                    );
                }
            }
            "reason" | "raison" | "motif" => item.reason = Some(value.to_string()),
            "for" | "pour" => {
                let clients = self.addressees(value, pos, "action items.for");
                item.clients.extend(clients);
            }
            _ => {
                let hint = crate::diagnostic::suggest(key, ACTION_KEYS);
                self.problem(
                    pos,
                    "action items",
                    format!("unknown attribute `{key}`"),
                    hint,
                );
            }
        }
    }
}

/// The postmortem's sections, by the id the model gives them.
const POSTMORTEM_SECTIONS: &[(&str, SectionName)] = &[
    ("summary", SectionName::Summary),
    ("impact", SectionName::Impact),
    ("trigger", SectionName::Trigger),
    ("causes", SectionName::Causes),
    ("detection", SectionName::Detection),
    ("resolution", SectionName::Resolution),
    ("went_well", SectionName::WentWell),
    ("went_wrong", SectionName::WentWrong),
    ("lucky", SectionName::Lucky),
    ("lessons", SectionName::Lessons),
];

/// The keys of an action item's brackets, English then French.
const ACTION_KEYS: &[&str] = &[
    "owner",
    "due",
    "type",
    "priority",
    "link",
    "reason",
    "for",
    "responsable",
    "échéance",
    "priorité",
    "lien",
    "raison",
    "pour",
];

/// `next 22:50`, `prochain 2h`: the promise after the keyword.
/// `api: operational` of an update's brackets: the component's id, and the status with
/// its offset in the attribute. The id has a letter, so `22:50` is not one.
fn component_setting(attribute: &str) -> Option<(&str, (&str, usize))> {
    let (id, word) = attribute.split_once(':')?;
    let id = id.trim();
    let readable = id.chars().any(|c| c.is_alphabetic())
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    let status = word.trim();
    let offset = attribute.len() - word.trim_start().len();
    (readable && !status.is_empty()).then_some((id, (status, offset)))
}

/// Where `ids`, the end of `attribute` written at `pos`, starts.
fn after_key(attribute: &str, ids: &str, pos: Pos) -> Pos {
    let key = &attribute[..attribute.len() - ids.len()];
    Pos::new(pos.line, pos.column + key.chars().count())
}

/// `for: acme globex` (`pour:`) of brackets: the ids of the clients it is addressed to.
fn addressing(attribute: &str) -> Option<&str> {
    let (key, ids) = attribute.split_once(':')?;
    matches!(&*crate::model::folded_word(key), "for" | "pour").then_some(ids)
}

fn next_promise(attribute: &str) -> Option<&str> {
    let (word, rest) = attribute.split_once(char::is_whitespace)?;
    let word = crate::model::folded_word(word);
    matches!(&*word, "next" | "prochain" | "prochaine").then(|| {
        let rest = rest.trim();
        rest.strip_prefix("point ")
            .or_else(|| rest.strip_prefix("à "))
            .or_else(|| rest.strip_prefix("at "))
            .unwrap_or(rest)
            .trim()
    })
}

/// A timeline entry's text: what follows its `]`, then the lines below it, trimmed; written
/// once into a string of its size.
fn entry_text(rest: &str, below: &str) -> String {
    let (rest, below) = match (rest.trim_start(), below.trim_end()) {
        ("", below) => ("", below.trim_start()),
        (rest, "") => (rest.trim_end(), ""),
        pair => pair,
    };
    let mut text = String::with_capacity(rest.len() + 1 + below.len());
    text.push_str(rest);
    if !rest.is_empty() && !below.is_empty() {
        text.push('\n');
    }
    text.push_str(below);
    text
}

fn text_of(body: &Body<'_>, name: SectionName) -> String {
    body.section(name)
        .map(body::section_text)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_s_text_is_its_rest_and_the_lines_below_joined_and_trimmed() {
        for rest in ["", " ", "Called", " Called  ", "\n"] {
            for below in ["", "\n", "  more", "more\n\n", " \t", "a\n  b  "] {
                let joined = [rest, below].join("\n").trim().to_string();
                assert_eq!(entry_text(rest, below), joined, "{rest:?} {below:?}");
            }
        }
    }

    /// The quick reading of plain front matter gives what serde_saphyr gives, on every
    /// incident of the example and test sites and on near misses of each field.
    #[test]
    fn front_matter_reads_the_same_quickly_or_not() {
        const BASE: &str = "title: Exports failing\nimpact: minor\nstarted: 2026-11-06 18:40\n";
        let templates = [
            "title: {}\nimpact: minor\nstarted: 2026-11-06 18:40\n".to_string(),
            "title: A\nimpact: {}\nstarted: 2026-11-06 18:40\n".to_string(),
            "title: A\nimpact: minor\nstarted: {}\n".to_string(),
            format!("{BASE}cadence: {{}}\npostmortem: {{}}\n"),
            format!("{BASE}components:\n  api: {{}}\n  web: major_outage\n"),
            format!("{BASE}components:\n  {{}}: major_outage\n"),
            format!("{BASE}milestones:\n  detected: {{}}\n"),
            format!("{BASE}milestones:\n  {{}}: 2026-11-06 18:50\n"),
            format!("{BASE}for:\n  - {{}}\n  - acme\n"),
            format!("{BASE}pour:\n - {{}}\n"),
            format!("{BASE}for: {{}}\n"),
            format!("{BASE}components:\n  api: major_outage\nfor: {{}}\n"),
            format!("{BASE}extra: {{}}\n"),
            format!("{BASE}{{}}: x\n"),
            format!("{{}}\n{BASE}"),
        ];
        let templates: Vec<&str> = templates.iter().map(String::as_str).collect();
        let taken = frontmatter::assert_quick_reading_agrees::<IncidentFront>(&templates);
        assert!(taken > 500, "the quick reading is taken {taken} times");
    }
}
