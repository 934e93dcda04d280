//! Slack: a workspace or channel export (a folder with `users.json`, `channels.json` and one
//! JSON file per day in each channel's folder) or one channel's history in the API's shape
//! (`conversations.history`: `{"messages": [...]}`).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{Author, ChatMessage, read_json};
use crate::diagnostic::Error;
use crate::model::Config;

#[derive(Debug, Deserialize)]
struct User {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    team_id: Option<String>,
    #[serde(default)]
    is_bot: bool,
    #[serde(default)]
    is_stranger: bool,
    #[serde(default)]
    profile: Profile,
}

#[derive(Debug, Default, Deserialize)]
struct Profile {
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    team: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Channel {
    name: String,
    #[serde(default)]
    creator: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Message {
    #[serde(default)]
    subtype: Option<String>,
    #[serde(default)]
    ts: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    thread_ts: Option<String>,
    #[serde(default)]
    bot_id: Option<String>,
    #[serde(default)]
    hidden: bool,
    #[serde(default)]
    files: Vec<File>,
    #[serde(default)]
    user_profile: Option<Profile>,
    #[serde(default)]
    user_team: Option<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    mode: Option<String>,
}

#[derive(Debug, Deserialize)]
struct History {
    messages: Vec<Message>,
}

/// What Slack's export knows of the workspace: its people and its own team.
#[derive(Default)]
struct Directory {
    users: HashMap<String, User>,
    home_team: Option<String>,
}

/// Reads `export` (a folder or a history file) into chat messages; `channel` names the
/// channel of a folder with several.
pub fn read(
    export: &Path,
    channel: Option<&str>,
    config: &Config,
) -> Result<Vec<ChatMessage>, Error> {
    if export.is_dir() {
        read_folder(export, channel, config)
    } else {
        let history: History = read_json(export)?;
        let beside = export.parent().map(|p| p.join("users.json"));
        let users = match beside.filter(|p| p.is_file()) {
            Some(users) => read_json(&users)?,
            None => users_of(&history.messages),
        };
        let directory = directory_of(users, None);
        Ok(messages_of(history.messages, &directory, config))
    }
}

fn read_folder(
    export: &Path,
    channel: Option<&str>,
    config: &Config,
) -> Result<Vec<ChatMessage>, Error> {
    let channels: Vec<Channel> = read_json(&export.join("channels.json"))?;
    let users: Vec<User> = read_json(&export.join("users.json"))?;
    let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    let chosen = match (
        channel.map(|c| c.trim_start_matches('#')),
        channels.as_slice(),
    ) {
        (Some(name), _) => channels.iter().find(|c| c.name == name).ok_or_else(|| {
            Error::new(format!(
                "{}: no channel `{name}` in this export; its channels: {}",
                export.display(),
                names.join(", ")
            ))
        })?,
        (None, [only]) => only,
        (None, _) => {
            return Err(Error::new(format!(
                "{}: the export holds {} channels: name one with --channel ({})",
                export.display(),
                names.len(),
                names.join(", ")
            )));
        }
    };
    let directory = directory_of(users, chosen.creator.as_deref());
    let folder = export.join(&chosen.name);
    let mut days: Vec<_> = crate::fs::read_dir(&folder)?
        .into_iter()
        .filter_map(|(name, _)| name.into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    days.sort();
    let mut messages = Vec::new();
    for day in days {
        let of_day: Vec<Message> = read_json(&folder.join(day))?;
        messages.extend(of_day);
    }
    Ok(messages_of(messages, &directory, config))
}

/// The people a history names in its messages' profiles, when no `users.json` is beside it.
fn users_of(messages: &[Message]) -> Vec<User> {
    let mut users: Vec<User> = Vec::new();
    for m in messages {
        let (Some(id), Some(profile)) = (&m.user, &m.user_profile) else {
            continue;
        };
        if users.iter().any(|u| &u.id == id) {
            continue;
        }
        users.push(User {
            id: id.clone(),
            name: profile.name.clone().unwrap_or_default(),
            real_name: profile.real_name.clone(),
            team_id: m.user_team.clone().or(profile.team.clone()),
            is_bot: false,
            is_stranger: false,
            profile: Profile {
                real_name: profile.real_name.clone(),
                display_name: profile.display_name.clone(),
                name: profile.name.clone(),
                team: profile.team.clone(),
            },
        });
    }
    users
}

/// The people of `users.json`, and the team of the channel's creator (else the most common
/// one): anyone of another team is the customer.
fn directory_of(users: Vec<User>, creator: Option<&str>) -> Directory {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for team in users.iter().filter_map(|u| u.team_id.clone()) {
        *counts.entry(team).or_default() += 1;
    }
    let creator_team = creator
        .and_then(|id| users.iter().find(|u| u.id == id))
        .and_then(|u| u.team_id.clone());
    let home_team = creator_team.or_else(|| {
        counts
            .into_iter()
            .max_by_key(|(team, n)| (*n, std::cmp::Reverse(team.clone())))
            .map(|(team, _)| team)
    });
    Directory {
        users: users.into_iter().map(|u| (u.id.clone(), u)).collect(),
        home_team,
    }
}

/// Subtypes that are the channel's housekeeping, not something anyone said.
const HOUSEKEEPING: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_purpose",
    "channel_topic",
    "channel_name",
    "channel_archive",
    "pinned_item",
    "group_join",
];

fn messages_of(messages: Vec<Message>, directory: &Directory, config: &Config) -> Vec<ChatMessage> {
    messages
        .into_iter()
        .filter(|m| {
            !m.subtype
                .as_deref()
                .is_some_and(|s| HOUSEKEEPING.contains(&s))
        })
        .map(|m| chat_message(m, directory, config))
        .collect()
}

fn chat_message(m: Message, directory: &Directory, config: &Config) -> ChatMessage {
    let subtype = m.subtype.as_deref().unwrap_or("");
    let user = m.user.as_deref().and_then(|id| directory.users.get(id));
    let deleted = m.hidden || matches!(subtype, "tombstone" | "message_deleted");
    let bot = subtype == "bot_message" || m.bot_id.is_some() || user.is_some_and(|u| u.is_bot);
    let author = author_of(&m, user, directory);
    let files = m
        .files
        .iter()
        .filter(|f| f.mode.as_deref() != Some("tombstone"))
        .filter_map(|f| f.name.clone().or_else(|| f.title.clone()))
        .collect();
    ChatMessage {
        id: m.ts.clone(),
        parent: m.thread_ts.clone().filter(|t| *t != m.ts),
        at: instant_of(&m.ts),
        author,
        text: plain_text(&m.text, directory, config),
        deleted,
        bot,
        files,
    }
}

fn author_of(m: &Message, user: Option<&User>, directory: &Directory) -> Author {
    let mut names = Vec::new();
    let mut team = m.user_team.clone();
    if let Some(user) = user {
        names.extend(user.real_name.clone());
        names.extend(user.profile.real_name.clone());
        names.extend(user.profile.display_name.clone());
        names.push(user.name.clone());
        team = team.or(user.team_id.clone());
    }
    if let Some(profile) = &m.user_profile {
        names.extend(profile.real_name.clone());
        names.extend(profile.display_name.clone());
        names.extend(profile.name.clone());
        team = team.or(profile.team.clone());
    }
    names.extend(m.user.clone());
    names.retain(|n| !n.trim().is_empty());
    names.dedup();
    let other_team = match (&team, &directory.home_team) {
        (Some(team), Some(home)) => team != home,
        _ => false,
    };
    Author {
        names,
        external: user.is_some_and(|u| u.is_stranger) || other_team,
    }
}

/// `1605280112.000200`: seconds since 1970 in UTC, and microseconds.
fn instant_of(ts: &str) -> Option<crate::model::Instant> {
    let (seconds, micros) = ts.split_once('.').unwrap_or((ts, "0"));
    let seconds: i64 = seconds.parse().ok()?;
    let micros: u32 = format!("{micros:0<6}").get(..6)?.parse().ok()?;
    chrono::DateTime::from_timestamp(seconds, micros * 1000).map(|t| t.fixed_offset())
}

/// Slack's markup as plain text: a mention as the person's role (never their name), a
/// channel as `#name`, a link as its label and address, entities decoded.
fn plain_text(text: &str, directory: &Directory, config: &Config) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inside = &rest[start + 1..start + end];
        out.push_str(&markup(inside, directory, config));
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    super::decode_entities(&out)
}

fn markup(inside: &str, directory: &Directory, config: &Config) -> String {
    let (target, label) = match inside.split_once('|') {
        Some((t, l)) => (t, Some(l)),
        None => (inside, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        let author = match directory.users.get(id) {
            Some(user) => author_of(
                &Message {
                    subtype: None,
                    ts: String::new(),
                    user: Some(id.to_string()),
                    text: String::new(),
                    thread_ts: None,
                    bot_id: None,
                    hidden: false,
                    files: Vec::new(),
                    user_profile: None,
                    user_team: None,
                },
                Some(user),
                directory,
            ),
            None => Author {
                names: vec![id.to_string()],
                external: false,
            },
        };
        return super::mentioned_role(&author, config);
    }
    if let Some(channel) = target.strip_prefix('#') {
        return format!("#{}", label.unwrap_or(channel));
    }
    if let Some(special) = target.strip_prefix('!') {
        return format!("@{}", label.unwrap_or(special));
    }
    match label {
        Some(label) if label != target => format!("{label} ({target})"),
        _ => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_times_are_utc_seconds_with_microseconds() {
        let at = instant_of("1794592325.000200").expect("time");
        assert_eq!(at.to_rfc3339(), "2026-11-13T17:52:05.000200+00:00");
    }

    #[test]
    fn links_and_channels_read_as_text() {
        let config = crate::model::testing::config();
        let directory = Directory::default();
        assert_eq!(
            plain_text(
                "Voir <https://suivi.example/PLAT-412|PLAT-412> dans <#C01|incident> &amp; <!here>",
                &directory,
                &config
            ),
            "Voir PLAT-412 (https://suivi.example/PLAT-412) dans #incident & @here"
        );
    }

    #[test]
    fn a_link_labelled_with_its_own_address_is_written_once() {
        let config = crate::model::testing::config();
        assert_eq!(
            plain_text(
                "<https://suivi.example/PLAT-412|https://suivi.example/PLAT-412>",
                &Directory::default(),
                &config
            ),
            "https://suivi.example/PLAT-412"
        );
    }
}
