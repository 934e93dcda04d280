//! Reads `[[clients]]` of config.toml: key clients, each with a room of their own.

use serde::Deserialize;

use super::Problem;
use super::frontmatter::Split;
use crate::model::{Client, ClientRef, Component, Config, Pos};

/// One `[[clients]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClient {
    id: String,
    name: String,
    language: Option<String>,
    #[serde(default)]
    components: Vec<String>,
    #[serde(default)]
    contacts: Vec<String>,
    #[serde(default)]
    confidential: Vec<String>,
}

/// What checking a client needs from the rest of config.toml.
pub(super) struct Known<'a> {
    pub components: &'a [Component],
    pub languages: &'a [String],
    pub site_language: &'a str,
}

/// The clients of config.toml, each checked: an id fit for a folder name and used once,
/// components of the site, a language the theme has.
pub(super) fn read_clients(
    raw: Vec<RawClient>,
    known: &Known<'_>,
    split: &Split<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Client> {
    let mut clients: Vec<Client> = Vec::new();
    for c in raw {
        let pos = super::config::locate_value(split.front, &c.id);
        if !super::is_valid_slug(&c.id) {
            problems.push(Problem::new(
                pos,
                "clients.id",
                format!(
                    "the client id `{}` is not lowercase letters, digits and dashes",
                    c.id
                ),
                format!(
                    "write it `{}`: it names the room's folder",
                    super::slugify(&c.id)
                ),
            ));
        } else if clients.iter().any(|known| known.id == c.id) {
            problems.push(Problem::new(
                pos,
                "clients.id",
                format!("the client id `{}` is used twice", c.id),
                "give each client its own id",
            ));
        }
        for id in &c.components {
            check_component(id, &c.id, known.components, split, problems);
        }
        let language = match c.language {
            Some(language) if !known.languages.contains(&language) => {
                problems.push(Problem::new(
                    super::config::locate_value(split.front, &language),
                    &format!("clients.{}.language", c.id),
                    format!("no language file for `{language}`"),
                    format!("available: {}", known.languages.join(", ")),
                ));
                known.site_language.to_string()
            }
            Some(language) => language,
            None => known.site_language.to_string(),
        };
        let mut confidential = vec![c.name.clone()];
        confidential.extend(c.confidential.into_iter().filter(|n| !n.trim().is_empty()));
        clients.push(Client {
            id: c.id,
            name: c.name,
            language,
            components: c.components,
            contacts: c.contacts,
            confidential,
            pos,
        });
    }
    clients
}

fn check_component(
    id: &str,
    client: &str,
    components: &[Component],
    split: &Split<'_>,
    problems: &mut Vec<Problem>,
) {
    if components.iter().any(|c| c.id == id) {
        return;
    }
    let known: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
    let hint = match crate::diagnostic::closest(id, known.iter().copied()) {
        Some(close) => format!(
            "did you mean `{close}`? Known components: {}",
            known.join(", ")
        ),
        None => format!("known components: {}", known.join(", ")),
    };
    let pos: Pos = super::config::locate_value(split.front, id);
    problems.push(Problem::new(
        pos,
        &format!("clients.{client}.components"),
        format!("unknown component `{id}`"),
        hint,
    ));
}

/// The clients `ids` (`acme globex`, its first character at `pos`) names, each known to
/// config.toml; an unknown one is a problem of `field`, placed on its own column.
pub(super) fn addressees(
    config: &Config,
    (ids, pos): (&str, Pos),
    field: &str,
    problems: &mut Vec<Problem>,
) -> Vec<ClientRef> {
    let mut clients: Vec<ClientRef> = Vec::new();
    if ids.trim().is_empty() {
        problems.push(Problem::new(
            pos,
            field,
            "`for:` names no client",
            format!("name a client of config.toml: {}", known_clients(config)),
        ));
    }
    let mut end = 0;
    for id in ids.split_whitespace() {
        let offset = ids[end..].find(id).map_or(end, |i| end + i);
        end = offset + id.len();
        let at = Pos::new(pos.line, pos.column + ids[..offset].chars().count());
        if config.client(id).is_none() {
            problems.push(unknown_client(config, id, at, field));
        } else if !clients.iter().any(|c| c.id == id) {
            clients.push(ClientRef {
                id: id.to_string(),
                pos: at,
            });
        }
    }
    clients
}

fn unknown_client(config: &Config, id: &str, at: Pos, field: &str) -> Problem {
    let close = crate::diagnostic::closest(id, config.clients.iter().map(|c| c.id.as_str()));
    let hint = match close {
        Some(close) => format!(
            "did you mean `{close}`? Clients of config.toml: {}",
            known_clients(config)
        ),
        None if config.clients.is_empty() => {
            format!("config.toml declares no client: add `{id}` under [[clients]] (docs/format.md)")
        }
        None => format!("clients of config.toml: {}", known_clients(config)),
    };
    Problem::new(at, field, format!("unknown client `{id}`"), hint)
}

/// The ids of config.toml's clients, for hints.
fn known_clients(config: &Config) -> String {
    if config.clients.is_empty() {
        return "none yet: declare them under [[clients]]".into();
    }
    let ids: Vec<&str> = config.clients.iter().map(|c| c.id.as_str()).collect();
    ids.join(", ")
}

/// What is addressed to a client who cannot read the incident it is part of (the incident
/// is addressed only to others) would reach nobody: each such addressee is an error where
/// it is written, for the CSM to address the incident to them too or the part to a client
/// who reads it.
pub(super) fn unread_addressees(
    incident: &[ClientRef],
    parts: &[(&str, &[ClientRef])],
    problems: &mut Vec<Problem>,
) {
    if incident.is_empty() {
        return;
    }
    let readers: Vec<&str> = incident.iter().map(|c| c.id.as_str()).collect();
    let readers = readers.join(" ");
    for (field, clients) in parts {
        for client in clients
            .iter()
            .filter(|c| !incident.iter().any(|i| i.id == c.id))
        {
            problems.push(Problem::new(
                client.pos,
                field,
                format!(
                    "client `{}` would never read this: the incident is addressed only to {readers}",
                    client.id
                ),
                format!(
                    "add `{}` to the incident's `for:` in its front matter, or address this to {readers}",
                    client.id
                ),
            ));
        }
    }
}
