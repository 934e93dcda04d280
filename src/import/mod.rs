//! Reading what the team already has (a chat channel's export, an alerting tool's log) into
//! typed timeline entries: a role in place of each person, the kind a tag or keyword gives,
//! customer messages as feedback. Writing them into an incident is `author::import`'s job.

pub mod alerts;
pub mod slack;
pub mod teams;

use crate::model::{Config, ImportSettings, Instant, TimelineKind};

/// A timeline entry read from an export, as it will be written (always internal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEntry {
    pub at: Instant,
    pub kind: TimelineKind,
    pub who: Option<String>,
    /// Where it was said: `Slack`, `Teams`; none for a call, which went by phone.
    pub channel: Option<String>,
    /// To whom, when the tag says so (`pour: …`).
    pub audience: Option<String>,
    pub text: String,
}

/// A chat message as every export gives it, before the site's rules apply.
#[derive(Debug, Clone, Default)]
pub struct ChatMessage {
    /// The export's id of the message, to attach replies to it.
    pub id: String,
    /// The message it answers, in a thread.
    pub parent: Option<String>,
    pub at: Option<Instant>,
    pub author: Author,
    /// The last text, after any edit, as plain text.
    pub text: String,
    pub deleted: bool,
    pub bot: bool,
    /// Names of the files attached: named, never copied.
    pub files: Vec<String>,
}

/// Who wrote a message: every name the export knows them by, and whether they belong to
/// another organisation (the customer, in a shared channel).
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub names: Vec<String>,
    pub external: bool,
}

/// What an import read, and what it left out or guessed, to tell the person importing.
#[derive(Debug, Default)]
pub struct Reading {
    pub entries: Vec<ImportedEntry>,
    pub notes: Vec<String>,
}

/// The tool a chat export comes from, as written in the entries' channel.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub tool: &'static str,
}

/// Turns chat messages into timeline entries: those in `window`, bots and deleted messages
/// left out (and counted), replies of the team folded into the entry of their thread.
pub fn entries_of(
    messages: Vec<ChatMessage>,
    config: &Config,
    window: (Instant, Instant),
    source: Source,
) -> Reading {
    let mut reading = Reading::default();
    let words = Words::of(config);
    let mut left_out = LeftOut::default();
    let mut unknown = Unknown::default();
    let mut kept: Vec<(ChatMessage, Instant)> = Vec::new();
    for message in messages {
        let Some(at) = message.at else { continue };
        if message.deleted {
            left_out.deleted += 1;
        } else if message.bot {
            left_out.bots += 1;
        } else if at < window.0 || at > window.1 {
            left_out.outside += 1;
        } else {
            kept.push((message, at));
        }
    }
    kept.sort_by_key(|(m, at)| (*at, m.id.clone()));
    let ids: Vec<String> = kept.iter().map(|(m, _)| m.id.clone()).collect();
    let mut by_id: Vec<Option<usize>> = Vec::new();
    for (message, at) in &kept {
        let text = with_files(&message.text, &message.files, &words);
        if text.trim().is_empty() {
            by_id.push(None);
            continue;
        }
        let role = role_of(&message.author, &config.import, &words, &mut unknown);
        let parent = message
            .parent
            .as_ref()
            .filter(|p| **p != message.id)
            .and_then(|p| ids.iter().position(|id| id == p))
            .and_then(|i| by_id.get(i).copied().flatten());
        match parent {
            Some(entry) if !message.author.external => {
                let folded = &mut reading.entries[entry].text;
                let local = config.local(*at).format("%H:%M");
                folded.push_str(&format!("\n↳ {local}, {role} : {}", one_line(&text)));
                by_id.push(Some(entry));
            }
            _ => {
                let entry = entry_of(*at, &message.author, role, &text, config, source);
                reading.entries.push(entry);
                by_id.push(Some(reading.entries.len() - 1));
            }
        }
    }
    reading.entries.sort_by_key(|e| e.at);
    reading.notes = left_out.notes();
    reading.notes.extend(unknown.notes());
    reading
}

/// The authors an import could not give a role from `[people]`, to tell the person
/// importing: each name once, and how many messages named no author at all.
#[derive(Debug, Default)]
struct Unknown {
    names: Vec<String>,
    nameless: usize,
}

impl Unknown {
    fn notes(&self) -> impl Iterator<Item = String> + '_ {
        let named = self.names.iter().map(|name| {
            format!(
                "{name} is not in [people] of config.toml: written as a generic role; add `\"{name}\" = \"ROLE\"` under [people] to name their role"
            )
        });
        let nameless = (self.nameless > 0).then(|| {
            format!(
                "{} message(s) with no author's name: written as a generic role",
                self.nameless
            )
        });
        named.chain(nameless)
    }
}

/// Messages an import does not write, counted for the person importing.
#[derive(Debug, Default)]
struct LeftOut {
    deleted: usize,
    bots: usize,
    outside: usize,
}

impl LeftOut {
    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.deleted > 0 {
            notes.push(format!("{} deleted message(s) left out", self.deleted));
        }
        if self.bots > 0 {
            notes.push(format!("{} bot message(s) left out", self.bots));
        }
        if self.outside > 0 {
            notes.push(format!(
                "{} message(s) outside the incident (before it started or after it was resolved) left out",
                self.outside
            ));
        }
        notes
    }
}

/// The entry a top-level message (or a customer's reply) becomes.
fn entry_of(
    at: Instant,
    author: &Author,
    role: String,
    text: &str,
    config: &Config,
    source: Source,
) -> ImportedEntry {
    // Tags are the team's: a customer's message stays what they wrote, as feedback.
    let tag = (!author.external)
        .then(|| Tag::read(text, at, config))
        .flatten();
    let kind = match &tag {
        Some(tag) => tag.kind,
        None if author.external => TimelineKind::Feedback,
        None => keyword_kind(text, &config.import).unwrap_or(TimelineKind::Message),
    };
    let (at, audience, text) = match tag {
        Some(tag) => (tag.at, tag.audience, tag.rest),
        None => (at, None, text.trim().to_string()),
    };
    ImportedEntry {
        at,
        kind,
        who: Some(role),
        channel: (kind != TimelineKind::Call).then(|| source.tool.to_string()),
        audience,
        text,
    }
}

/// The kind a configured keyword gives a message that starts with it.
fn keyword_kind(text: &str, settings: &ImportSettings) -> Option<TimelineKind> {
    let start = text.trim_start().to_lowercase();
    settings
        .keywords
        .iter()
        .find(|(word, _)| start.starts_with(&word.to_lowercase()))
        .map(|(_, kind)| *kind)
}

/// A tag the CSM writes at the start of a message: `[fallback]`, `[appel 18:52, pour: …]`.
#[derive(Debug, PartialEq)]
struct Tag {
    kind: TimelineKind,
    /// When it happened: the time in the tag (a call noted after it), else the message's.
    at: Instant,
    audience: Option<String>,
    rest: String,
}

impl Tag {
    fn read(text: &str, at: Instant, config: &Config) -> Option<Tag> {
        let inner = text.trim_start().strip_prefix('[')?;
        let (inside, rest) = inner.split_once(']')?;
        let mut parts = inside.split(',').map(str::trim);
        let first = parts.next()?;
        let (word, time) = match first.rsplit_once(' ') {
            Some((word, time)) if chrono::NaiveTime::parse_from_str(time, "%H:%M").is_ok() => {
                (word, Some(time))
            }
            _ => (first, None),
        };
        let kind = TimelineKind::parse(word)?;
        let mut audience = None;
        for part in parts {
            if let Some((key, value)) = part.split_once(':')
                && ["pour", "for", "to", "audience"].contains(&key.trim().to_lowercase().as_str())
            {
                audience = Some(value.trim().to_string());
            }
        }
        let at = time.and_then(|t| clock_before(t, at, config)).unwrap_or(at);
        Some(Tag {
            kind,
            at,
            audience,
            rest: rest.trim().to_string(),
        })
    }
}

/// The last time `HH:MM`, in the site's timezone, at or before `posted` and within 12 hours
/// of it: the moment a note posted afterwards speaks of.
fn clock_before(clock: &str, posted: Instant, config: &Config) -> Option<Instant> {
    let time = chrono::NaiveTime::parse_from_str(clock, "%H:%M").ok()?;
    let local = config.local(posted);
    [0, 1].into_iter().find_map(|days| {
        let date = local.date_naive() - chrono::Duration::days(days);
        let candidate = crate::load::time::resolve_time(
            crate::load::time::WrittenTime::Local(date.and_time(time)),
            config.timezone,
            None,
        )
        .ok()?;
        (candidate <= posted && posted - candidate <= crate::load::time::BARE_TIME_REACH)
            .then_some(candidate)
    })
}

/// The role written for a message's author: theirs in `[people]`, else a generic one (and
/// their name kept to warn about, never to write).
fn role_of(
    author: &Author,
    settings: &ImportSettings,
    words: &Words,
    unknown: &mut Unknown,
) -> String {
    let known = settings.people.iter().find(|(name, _)| {
        author
            .names
            .iter()
            .any(|n| n.trim().to_lowercase() == name.trim().to_lowercase())
    });
    if let Some((_, role)) = known {
        return role.clone();
    }
    match author.names.first() {
        Some(name) if !unknown.names.contains(name) => unknown.names.push(name.clone()),
        Some(_) => {}
        None => unknown.nameless += 1,
    }
    if author.external {
        words.client.to_string()
    } else {
        words.team_member.to_string()
    }
}

/// The role written in place of a person mentioned in a message (`@name`).
pub fn mentioned_role(author: &Author, config: &Config) -> String {
    let mut unknown = Unknown::default();
    role_of(author, &config.import, &Words::of(config), &mut unknown)
}

/// The text with the names of its attachments after it.
fn with_files(text: &str, files: &[String], words: &Words) -> String {
    let mut text = paragraphs(text);
    if !files.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("({} : {})", words.files, files.join(", ")));
    }
    text
}

/// The text's lines without blank ones: a timeline entry continues on its indented lines,
/// and a blank line would end it. A line starting with `#` keeps it as text, not a heading.
fn paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            if l.trim_start().starts_with('#') {
                format!("\\{}", l.trim_start())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words an import writes, in the site's language.
struct Words {
    team_member: &'static str,
    client: &'static str,
    files: &'static str,
}

impl Words {
    fn of(config: &Config) -> Self {
        if config.language == "fr" {
            Words {
                team_member: "membre de l'équipe",
                client: "client",
                files: "fichier joint",
            }
        } else {
            Words {
                team_member: "team member",
                client: "client",
                files: "attached",
            }
        }
    }
}

/// Reads a JSON file of an export, its errors naming the file.
pub fn read_json<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
) -> Result<T, crate::diagnostic::Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        crate::diagnostic::Error::new(format!("cannot read {}", path.display())).caused_by(&e)
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        crate::diagnostic::Error::new(format!(
            "{}:{}:{}: not the JSON this import reads: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// Plain text of an HTML body (Teams): tags dropped, paragraphs and breaks as new lines,
/// the common entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_lowercase();
        if tag.starts_with("br") || tag.starts_with("/p") || tag.starts_with("/div") {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&nbsp;` as the characters they stand for.
pub fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            timezone: Some(chrono_tz::Europe::Paris),
            language: "fr".into(),
            ..crate::model::testing::config()
        }
    }

    #[test]
    fn a_tag_gives_the_kind_the_time_and_to_whom() {
        let posted = crate::model::testing::at("2026-11-13T19:08:00+01:00");
        let tag = Tag::read(
            "[appel 18:52, pour: directrice des opérations du client] Appel : la suite.",
            posted,
            &config(),
        )
        .expect("tag");
        assert_eq!(tag.kind, TimelineKind::Call);
        assert_eq!(
            tag.at,
            crate::model::testing::at("2026-11-13T18:52:00+01:00")
        );
        assert_eq!(
            tag.audience.as_deref(),
            Some("directrice des opérations du client")
        );
        assert_eq!(tag.rest, "Appel : la suite.");
        assert_eq!(Tag::read("[lien] texte", posted, &config()), None);
    }

    #[test]
    fn a_call_noted_after_midnight_is_dated_the_day_before() {
        let posted = crate::model::testing::at("2026-11-14T00:20:00+01:00");
        let at = clock_before("23:50", posted, &config()).expect("time");
        assert_eq!(at, crate::model::testing::at("2026-11-13T23:50:00+01:00"));
    }

    #[test]
    fn a_tag_time_up_to_twelve_hours_back_dates_the_entry_and_an_older_one_does_not() {
        let posted = crate::model::testing::at("2026-11-13T20:00:00+01:00");
        let at = |text: &str| Tag::read(text, posted, &config()).expect("tag").at;
        assert_eq!(
            at("[appel 08:00] Appel du matin."),
            crate::model::testing::at("2026-11-13T08:00:00+01:00")
        );
        assert_eq!(at("[appel 07:59] Appel de la veille ?"), posted);
    }

    #[test]
    fn html_bodies_read_as_text() {
        assert_eq!(
            html_to_text("<p>Point&nbsp;: 31 modèles &amp; 6 autres</p><p>l&#39;équipe</p>"),
            "Point : 31 modèles & 6 autres\nl'équipe\n"
        );
    }

    #[test]
    fn a_customer_tag_stays_their_words_and_an_empty_message_is_no_entry() {
        let at = crate::model::testing::at("2026-11-13T20:00:00+01:00");
        let message = |id: &str, text: &str, external: bool| ChatMessage {
            id: id.into(),
            at: Some(at),
            author: Author {
                names: vec!["Bo".into()],
                external,
            },
            text: text.into(),
            ..ChatMessage::default()
        };
        let reading = entries_of(
            vec![
                message("1", "[décision] On attend lundi.", true),
                message("2", "  ", false),
            ],
            &config(),
            (at, at),
            Source { tool: "Slack" },
        );
        assert_eq!(reading.entries.len(), 1);
        assert_eq!(reading.entries[0].kind, TimelineKind::Feedback);
        assert_eq!(reading.entries[0].text, "[décision] On attend lundi.");
        assert_eq!(reading.entries[0].who.as_deref(), Some("client"));
    }

    #[test]
    fn messages_without_an_author_are_counted_not_named() {
        let at = crate::model::testing::at("2026-11-13T20:00:00+01:00");
        let message = |id: &str, names: &[&str]| ChatMessage {
            id: id.into(),
            at: Some(at),
            author: Author {
                names: names.iter().map(|n| n.to_string()).collect(),
                external: false,
            },
            text: format!("Point {id}."),
            ..ChatMessage::default()
        };
        let reading = entries_of(
            vec![
                message("1", &[]),
                message("2", &["Bo"]),
                message("3", &[]),
                message("4", &["Bo"]),
            ],
            &config(),
            (at, at),
            Source { tool: "Slack" },
        );
        assert_eq!(reading.entries.len(), 4);
        assert_eq!(
            reading.notes,
            [
                "Bo is not in [people] of config.toml: written as a generic role; add `\"Bo\" = \"ROLE\"` under [people] to name their role",
                "2 message(s) with no author's name: written as a generic role",
            ]
        );
        let one = entries_of(
            vec![message("1", &[])],
            &config(),
            (at, at),
            Source { tool: "Slack" },
        );
        assert_eq!(
            one.notes,
            ["1 message(s) with no author's name: written as a generic role"]
        );
    }

    #[test]
    fn a_line_like_a_heading_stays_text() {
        assert_eq!(
            paragraphs("Voir :\n\n## Notes\n- un"),
            "Voir :\n\\## Notes\n- un"
        );
    }
}
