//! The typed, immutable model of a site: configuration, components, incidents, maintenance.
//!
//! Built by `load`, read by `check`, `plan` and `render`. Items refer to each other by key
//! (component id, incident slug). Text is kept as Markdown source: rendering is not the
//! model's business.

mod clients;
mod response;
mod segments;
mod status;
#[cfg(test)]
pub(crate) mod testing;
mod texts;
mod uptime;
mod words;

use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset};
use chrono_tz::Tz;

pub use clients::{Audience, Client, ClientRef};
pub use response::{Channel, Communication, CommunicationRecord, Metric, MetricKind, Promise};
pub use segments::{ComponentStep, Segment, StatusChange};
pub use status::{Indicator, MaintenanceState};
pub use texts::{FileStamp, TextPlaces};
pub use uptime::{UptimeDay, down_weight};
pub use words::fold as fold_word;
pub use words::folded as folded_word;
pub use words::{
    ActionKind, ActionState, BlamelessScope, ComponentStatus, Impact, MaintenanceStatus, Milestone,
    PostmortemState, Priority, TimelineKind, UpdateStatus, Visibility,
};

/// A point in time with the offset it was written or resolved with.
pub type Instant = DateTime<FixedOffset>;

/// Where something stands in a source file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const fn new(line: usize, column: usize) -> Self {
        Self { line, column }
    }

    /// The line and column of byte `offset` of `text` (a column counts characters).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let end = (0..=offset.min(text.len()))
            .rev()
            .find(|&at| text.is_char_boundary(at))
            .unwrap_or(0);
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Self::new(line, column)
    }
}

/// The whole site as read from disk.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub incidents: Vec<Incident>,
    pub maintenances: Vec<Maintenance>,
}

/// `config.toml`, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    /// The language code (`fr`, `en`): the theme has a language file for it.
    pub language: String,
    pub timezone: Option<Tz>,
    pub cadence: Duration,
    pub theme: String,
    pub components: Vec<Component>,
    pub history_days: u32,
    /// Days after the resolution when a draft postmortem earns a warning.
    pub postmortem_days: u32,
    /// Names that must never be published (customers, partners): allowed in internal
    /// places, an error anywhere clients can read.
    pub confidential: Vec<String>,
    /// The address clients write to for updates by e-mail, shown in the page's "Subscribe"
    /// section.
    pub subscribe_email: Option<String>,
    /// Key clients, each with a room of their own (`[[clients]]`).
    pub clients: Vec<Client>,
    pub blameless: Blameless,
    /// How `vigie import` names people and reads tags (`[people]`, `[import]`).
    pub import: ImportSettings,
    /// Where each text of config.toml that clients read is written (`title`,
    /// `description`, `components.<id>.name`, `….description`, `….group`).
    pub positions: FieldPositions,
}

/// A duration for messages: `2 h 15 min`, `3 d 4 h`, `40 min`.
pub fn format_duration(d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} d"));
    }
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if mins > 0 || parts.is_empty() {
        parts.push(format!("{mins} min"));
    }
    parts.join(" ")
}

/// How `vigie import` turns chat messages into timeline entries: `[people]` and `[import]`
/// in config.toml.
#[derive(Debug, Clone, Default)]
pub struct ImportSettings {
    /// A person's name or chat handle, as written in config.toml, and the role written in
    /// their place.
    pub people: Vec<(String, String)>,
    /// Words that give a message its kind when the message starts with one of them.
    pub keywords: Vec<(String, TimelineKind)>,
}

/// The site's additions to the blameless check (`[blameless]` in config.toml).
#[derive(Debug, Clone, Default)]
pub struct Blameless {
    /// Team members' names: a postmortem's analysis must not name them.
    pub people: Vec<String>,
    /// Built-in rules the site turns off, with where each is named.
    pub disable: Vec<(String, Pos)>,
    pub rules: Vec<CustomRule>,
}

/// A rule a site adds to the blameless check.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub id: String,
    /// A regular expression, matched without regard to case.
    pub pattern: String,
    pub message: String,
    pub suggestion: Option<String>,
    /// Where it applies; everywhere when empty.
    pub scopes: Vec<BlamelessScope>,
}

impl Config {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// A time in the site's timezone (or as written, when the site has none).
    pub fn local(&self, t: Instant) -> Instant {
        match self.timezone {
            Some(tz) => t.with_timezone(&tz).fixed_offset(),
            None => t,
        }
    }

    /// The path part of the base URL, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }
}

/// One part of the service a client cares about.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub group: Option<String>,
}

impl Component {
    /// Every text of the component that clients read, by field: its id (in addresses and
    /// the API), name, description and group.
    pub fn public_texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("id", Some(&self.id)),
            ("name", Some(&self.name)),
            ("description", self.description.as_ref()),
            ("group", self.group.as_ref()),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.map(|t| (field, t.as_str())))
    }
}

/// One incident file.
#[derive(Debug, Clone)]
pub struct Incident {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub impact: Impact,
    pub started: Instant,
    pub affected: Vec<AffectedComponent>,
    /// The clients the whole incident is addressed to (`for:` in the front matter): none
    /// for a public incident.
    pub clients: Vec<ClientRef>,
    pub cadence: Option<Duration>,
    /// Milestones set by hand, where the timeline cannot say.
    pub milestones: Vec<(Milestone, Instant)>,
    pub updates: Vec<Update>,
    pub timeline: Vec<TimelineEntry>,
    /// Shared: two incidents in three have none, and share one empty postmortem
    /// (`Postmortem::shared`); an incident is held for the whole run.
    pub postmortem: SharedPostmortem,
    pub internal_notes: String,
    /// Files published beside the incident's page (images of an `index.md` folder).
    pub assets: Vec<PathBuf>,
    pub positions: FieldPositions,
    /// Where its texts are in its file, when it was read for a build (`let_texts_go`).
    pub texts: Option<Box<TextPlaces>>,
}

/// A component an incident affects, with the status it has from `started` until an update
/// sets another.
#[derive(Debug, Clone, PartialEq)]
pub struct AffectedComponent {
    pub id: String,
    pub status: ComponentStatus,
    pub pos: Pos,
}

/// A public update, as posted on the status page.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub at: Instant,
    pub status: UpdateStatus,
    pub next: Option<Instant>,
    /// The components this update moves: `api: operational` in its brackets.
    pub components: Vec<ComponentChange>,
    /// The clients it is addressed to (`for: acme`): none for everyone.
    pub clients: Vec<ClientRef>,
    pub text: String,
    pub pos: Pos,
}

/// A component's status as set by one update, from then on.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentChange {
    pub id: String,
    pub status: ComponentStatus,
    pub pos: Pos,
}

/// One entry of the internal timeline: what happened, who did it, who may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub at: Instant,
    pub kind: TimelineKind,
    pub who: Option<String>,
    pub visibility: Visibility,
    /// Where a customer communication went: `Slack`, `e-mail`, …
    pub channel: Option<String>,
    /// To whom: `client`, `all customers`, …
    pub audience: Option<String>,
    /// The next update this communication promised.
    pub next: Option<Instant>,
    /// The clients it is addressed to (`for: acme`): theirs to read, whatever its
    /// visibility, and no other client's.
    pub clients: Vec<ClientRef>,
    pub text: String,
    pub pos: Pos,
}

/// The blameless postmortem of an incident: Markdown sections and action items.
#[derive(Debug, Clone, Default)]
pub struct Postmortem {
    pub state: PostmortemState,
    pub summary: String,
    pub impact: String,
    pub trigger: String,
    pub causes: String,
    pub detection: String,
    pub resolution: String,
    pub went_well: String,
    pub went_wrong: String,
    pub lucky: String,
    pub lessons: String,
    pub action_items: Vec<ActionItem>,
    /// Sections of the writer's own title addressed to clients
    /// (`## What we did for you [for: acme]`).
    pub addressed: Vec<AddressedSection>,
    /// The line each written section's text starts on, by section id, for diagnostics.
    pub lines: Vec<(&'static str, usize)>,
}

/// An incident's postmortem, read like a `Postmortem`: the incidents that have none share
/// one, and a change makes a copy of its own (`Postmortem::shared`).
#[derive(Debug, Clone, Default)]
pub struct SharedPostmortem(std::sync::Arc<Postmortem>);

impl std::ops::Deref for SharedPostmortem {
    type Target = Postmortem;
    fn deref(&self) -> &Postmortem {
        &self.0
    }
}

impl std::ops::DerefMut for SharedPostmortem {
    fn deref_mut(&mut self) -> &mut Postmortem {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

/// A postmortem section addressed to clients: theirs to read and the team's, nobody
/// else's.
#[derive(Debug, Clone, Default)]
pub struct AddressedSection {
    pub title: String,
    pub text: String,
    pub clients: Vec<ClientRef>,
    /// Where its heading is.
    pub pos: Pos,
    /// The line its text starts on.
    pub text_line: usize,
}

impl Postmortem {
    /// The postmortem to hold: the one empty postmortem every incident without one
    /// shares, or this one.
    pub fn shared(self) -> SharedPostmortem {
        static EMPTY: std::sync::LazyLock<std::sync::Arc<Postmortem>> =
            std::sync::LazyLock::new(std::sync::Arc::default);
        SharedPostmortem(if self.is_empty() {
            std::sync::Arc::clone(&EMPTY)
        } else {
            std::sync::Arc::new(self)
        })
    }

    /// Whether nothing of it is written: no state, section, action item or position.
    fn is_empty(&self) -> bool {
        self.state == PostmortemState::None
            && self.sections().iter().all(|(_, text)| text.is_empty())
            && self.action_items.is_empty()
            && self.addressed.is_empty()
            && self.lines.is_empty()
    }

    /// The action items still open, each with its position among all the items.
    pub fn open_action_items(&self) -> impl Iterator<Item = (usize, &ActionItem)> {
        self.action_items
            .iter()
            .enumerate()
            .filter(|(_, a)| a.state == ActionState::Open)
    }

    /// The written sections, by id (`summary`, `causes`, …), in the order a postmortem
    /// reads them.
    pub fn sections(&self) -> [(&'static str, &str); 10] {
        [
            ("summary", &self.summary),
            ("impact", &self.impact),
            ("trigger", &self.trigger),
            ("causes", &self.causes),
            ("detection", &self.detection),
            ("resolution", &self.resolution),
            ("went_well", &self.went_well),
            ("went_wrong", &self.went_wrong),
            ("lucky", &self.lucky),
            ("lessons", &self.lessons),
        ]
    }

    /// The text of the section at position `n` of `sections`, to change.
    pub fn section_mut(&mut self, n: usize) -> Option<&mut String> {
        Some(match n {
            0 => &mut self.summary,
            1 => &mut self.impact,
            2 => &mut self.trigger,
            3 => &mut self.causes,
            4 => &mut self.detection,
            5 => &mut self.resolution,
            6 => &mut self.went_well,
            7 => &mut self.went_wrong,
            8 => &mut self.lucky,
            9 => &mut self.lessons,
            _ => return None,
        })
    }

    /// The line a section's text starts on.
    pub fn line_of(&self, id: &str) -> Option<usize> {
        self.lines.iter().find(|(s, _)| *s == id).map(|(_, l)| *l)
    }
}

/// Something the team commits to do after the incident.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    pub text: String,
    /// A role or a team, not a person's name.
    pub owner: Option<String>,
    pub due: Option<chrono::NaiveDate>,
    pub kind: Option<ActionKind>,
    pub priority: Option<Priority>,
    /// Where the work is tracked: an http(s) address.
    pub link: Option<String>,
    pub state: ActionState,
    /// Why it will not be done.
    pub reason: Option<String>,
    /// The clients it concerns (`for: acme`): shown to them only, and to the team.
    pub clients: Vec<ClientRef>,
    pub pos: Pos,
}

impl ActionItem {
    /// Whether it is still open after its due date, on the day `today`.
    pub fn is_overdue(&self, today: chrono::NaiveDate) -> bool {
        self.state == ActionState::Open && self.due.is_some_and(|due| due < today)
    }
}

/// A scheduled maintenance window.
#[derive(Debug, Clone)]
pub struct Maintenance {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub description: String,
    pub components: Vec<String>,
    /// The clients the window is addressed to (`for:`): none for a public one.
    pub clients: Vec<ClientRef>,
    pub starts: Instant,
    pub ends: Instant,
    pub updates: Vec<MaintenanceUpdate>,
    /// The other files of its folder, published beside its page.
    pub assets: Vec<PathBuf>,
    pub positions: FieldPositions,
}

/// A public update about a maintenance window.
#[derive(Debug, Clone, PartialEq)]
pub struct MaintenanceUpdate {
    pub at: Instant,
    pub status: MaintenanceStatus,
    pub text: String,
    pub pos: Pos,
}

/// Where each front-matter field was written, keyed by its dotted path
/// (`title`, `components.weekly-reports`).
#[derive(Debug, Clone, Default)]
pub struct FieldPositions {
    /// The fixed fields' names are not copied: every file has them.
    entries: Vec<(std::borrow::Cow<'static, str>, Pos)>,
}

impl FieldPositions {
    pub fn insert(&mut self, field: impl Into<std::borrow::Cow<'static, str>>, pos: Pos) {
        self.entries.push((field.into(), pos));
    }

    /// Room for `more` fields.
    pub fn reserve(&mut self, more: usize) {
        self.entries.reserve_exact(more);
    }

    /// The position of `field`, or of the front matter's first line when it was not written.
    pub fn get(&self, field: &str) -> Pos {
        self.entries
            .iter()
            .find(|(name, _)| name == field)
            .map_or(Pos::new(1, 1), |(_, pos)| *pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{at, config};

    #[test]
    fn a_position_counts_lines_from_one_and_characters_not_bytes() {
        let text = "title = \"Panne\"\nété = 1\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(
            Pos::of_offset(text, text.find('=').unwrap()),
            Pos::new(1, 7)
        );
        assert_eq!(
            Pos::of_offset(text, text.find("= 1").unwrap()),
            Pos::new(2, 5)
        );
        assert_eq!(Pos::of_offset(text, text.len() + 10), Pos::new(3, 1));
    }

    #[test]
    fn a_position_inside_a_character_is_the_character_s_own() {
        // Byte 4 is the second byte of the second `é`.
        assert_eq!(Pos::of_offset("aéé", 4), Pos::new(1, 3));
    }

    #[test]
    fn durations_read_in_days_hours_and_minutes_leaving_out_the_zeros() {
        for (minutes, shown) in [
            (-5, "0 min"),
            (0, "0 min"),
            (40, "40 min"),
            (60, "1 h"),
            (135, "2 h 15 min"),
            (1440, "1 d"),
            (1445, "1 d 5 min"),
            (4560, "3 d 4 h"),
            (4561, "3 d 4 h 1 min"),
        ] {
            assert_eq!(
                format_duration(Duration::minutes(minutes)),
                shown,
                "{minutes} min"
            );
        }
    }

    fn component(id: &str, name: &str) -> Component {
        Component {
            id: id.into(),
            name: name.into(),
            description: None,
            group: None,
        }
    }

    #[test]
    fn a_component_is_found_by_its_id() {
        let mut config = config();
        config.components = vec![component("api", "API"), component("web", "Web app")];
        assert_eq!(
            config.component("web").map(|c| c.name.as_str()),
            Some("Web app")
        );
        assert_eq!(
            config.component("api").map(|c| c.name.as_str()),
            Some("API")
        );
        assert_eq!(config.component("exports"), None);
    }

    #[test]
    fn times_are_shown_in_the_site_s_timezone_or_as_written() {
        let mut config = config();
        let written = at("2026-07-01T08:30:00+00:00");
        assert_eq!(
            config.local(written).to_rfc3339(),
            "2026-07-01T08:30:00+00:00"
        );
        config.timezone = Some(chrono_tz::Europe::Paris);
        assert_eq!(
            config.local(written).to_rfc3339(),
            "2026-07-01T10:30:00+02:00"
        );
    }

    #[test]
    fn the_base_path_is_the_address_s_path_between_slashes() {
        let mut config = config();
        for (url, path) in [
            ("https://status.example.com", "/"),
            ("https://status.example.com/", "/"),
            ("https://example.com/status", "/status/"),
            ("https://example.com/status/", "/status/"),
            ("status.example.com/x", "/"),
        ] {
            config.base_url = url.into();
            assert_eq!(config.base_path(), path, "{url}");
        }
    }

    #[test]
    fn a_component_s_public_texts_are_those_it_has_by_field() {
        let mut api = component("api", "API");
        api.description = Some("Public API".into());
        assert_eq!(
            api.public_texts().collect::<Vec<_>>(),
            [
                ("id", "api"),
                ("name", "API"),
                ("description", "Public API")
            ]
        );
        api.group = Some("Core".into());
        assert_eq!(api.public_texts().last(), Some(("group", "Core")));
    }

    fn action_item(state: ActionState, due: Option<&str>) -> ActionItem {
        ActionItem {
            text: "Alert on the export queue".into(),
            owner: None,
            due: due.and_then(|d| d.parse().ok()),
            kind: None,
            priority: None,
            link: None,
            state,
            reason: None,
            clients: Vec::new(),
            pos: Pos::default(),
        }
    }

    #[test]
    fn open_action_items_keep_their_place_among_all_items() {
        let postmortem = Postmortem {
            action_items: vec![
                action_item(ActionState::Done, None),
                action_item(ActionState::Open, None),
                action_item(ActionState::WontDo, None),
                action_item(ActionState::Open, None),
            ],
            ..Postmortem::default()
        };
        let open: Vec<usize> = postmortem.open_action_items().map(|(n, _)| n).collect();
        assert_eq!(open, [1, 3]);
    }

    #[test]
    fn an_action_item_is_overdue_from_the_day_after_its_due_date_while_open() {
        let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
        let due = action_item(ActionState::Open, Some("2026-01-10"));
        assert!(!due.is_overdue(day("2026-01-09")));
        assert!(!due.is_overdue(day("2026-01-10")));
        assert!(due.is_overdue(day("2026-01-11")));
        assert!(!action_item(ActionState::Done, Some("2026-01-10")).is_overdue(day("2026-01-11")));
        assert!(!action_item(ActionState::Open, None).is_overdue(day("2026-01-11")));
    }

    #[test]
    fn postmortem_sections_come_in_reading_order_with_their_text_and_line() {
        let postmortem = Postmortem {
            summary: "S".into(),
            impact: "I".into(),
            trigger: "T".into(),
            causes: "C".into(),
            detection: "D".into(),
            resolution: "R".into(),
            went_well: "W".into(),
            went_wrong: "X".into(),
            lucky: "L".into(),
            lessons: "E".into(),
            lines: vec![("summary", 12), ("causes", 20)],
            ..Postmortem::default()
        };
        assert_eq!(
            postmortem.sections(),
            [
                ("summary", "S"),
                ("impact", "I"),
                ("trigger", "T"),
                ("causes", "C"),
                ("detection", "D"),
                ("resolution", "R"),
                ("went_well", "W"),
                ("went_wrong", "X"),
                ("lucky", "L"),
                ("lessons", "E"),
            ]
        );
        assert_eq!(postmortem.line_of("causes"), Some(20));
        assert_eq!(postmortem.line_of("summary"), Some(12));
        assert_eq!(postmortem.line_of("lessons"), None);
    }

    #[test]
    fn a_field_s_position_is_where_it_was_written_or_the_first_line() {
        let mut positions = FieldPositions::default();
        positions.insert("title", Pos::new(2, 8));
        positions.insert(String::from("components.api"), Pos::new(5, 3));
        assert_eq!(positions.get("components.api"), Pos::new(5, 3));
        assert_eq!(positions.get("title"), Pos::new(2, 8));
        assert_eq!(positions.get("started"), Pos::new(1, 1));
    }
}
