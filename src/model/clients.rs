//! Key clients and what is addressed to them: who reads what (`Audience`), and the site as
//! one audience reads it (`Site::read_by`), the one filter every output format renders from.

use super::{Incident, Pos, Site, Visibility};

/// Who a build is for: clients (the public site), the team (everything, marked noindex), or
/// one key client (the public site plus what is addressed to them, marked noindex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience<'a> {
    #[default]
    Public,
    Internal,
    /// The room of the client with this id (`[[clients]]` in config.toml).
    Client(&'a str),
}

impl Audience<'_> {
    /// Whether this audience may read what has this visibility and is addressed to
    /// `clients` (nobody in particular when empty). What is addressed to clients is theirs
    /// to read, whatever its visibility, and nobody else's but the team's.
    pub fn reads(self, visibility: Visibility, clients: &[ClientRef]) -> bool {
        match self {
            Audience::Internal => true,
            Audience::Public => clients.is_empty() && visibility == Visibility::Public,
            Audience::Client(_) if clients.is_empty() => visibility == Visibility::Public,
            Audience::Client(id) => clients.iter().any(|c| c.id == id),
        }
    }

    /// Whether this audience may read what has this visibility, once the site is read by
    /// it (`Site::read_by` has already left out what is addressed to others).
    pub fn sees(self, visibility: Visibility) -> bool {
        self == Audience::Internal || visibility == Visibility::Public
    }

    /// Whether the build is one only some may read (the team's site, a client's room):
    /// its pages are marked noindex.
    pub fn is_private(self) -> bool {
        self != Audience::Public
    }
}

/// A key client (`[[clients]]` in config.toml): who they are, the language their room is
/// written in, the components they use, the roles of their contacts, and the names only
/// their room may show.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub id: String,
    pub name: String,
    /// The language code of their room and report (the site's when not said).
    pub language: String,
    /// Component ids, shown first in their room.
    pub components: Vec<String>,
    /// Their contacts, by role (`directrice des opérations`).
    pub contacts: Vec<String>,
    /// Names allowed in what is addressed to them only: their own name is one.
    pub confidential: Vec<String>,
    pub pos: Pos,
}

/// A client something is addressed to (`for: acme`), with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRef {
    pub id: String,
    pub pos: Pos,
}

impl super::Config {
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }
}

impl Site {
    /// Whether anything of the site is addressed to a client.
    pub fn has_addressed_content(&self) -> bool {
        self.incidents.iter().any(Incident::has_addressed_content)
            || self.maintenances.iter().any(|m| !m.clients.is_empty())
    }

    /// The site as `audience` reads it: what is addressed to other clients (or, for the
    /// public, to any client) left out, and what is addressed to this client made readable
    /// to them. Every output format of a build renders from it, so none can show more.
    pub fn read_by(&self, audience: Audience<'_>) -> Site {
        let mut site = self.clone();
        if audience == Audience::Internal {
            return site;
        }
        site.incidents
            .retain(|i| audience.reads(Visibility::Public, &i.clients));
        site.maintenances
            .retain(|m| audience.reads(Visibility::Public, &m.clients));
        for incident in &mut site.incidents {
            incident.keep_what(audience);
        }
        site
    }
}

impl Incident {
    /// Whether the incident or any of its updates, entries or action items is addressed
    /// to a client.
    pub fn has_addressed_content(&self) -> bool {
        !self.clients.is_empty()
            || self.updates.iter().any(|u| !u.clients.is_empty())
            || self.timeline.iter().any(|e| !e.clients.is_empty())
            || self
                .postmortem
                .action_items
                .iter()
                .any(|a| !a.clients.is_empty())
            || !self.postmortem.addressed.is_empty()
    }

    /// Whether `client` is named among who the incident or any of its parts is addressed
    /// to.
    pub fn concerns(&self, client: &str) -> bool {
        let named = |clients: &[ClientRef]| clients.iter().any(|c| c.id == client);
        named(&self.clients)
            || self.updates.iter().any(|u| named(&u.clients))
            || self.timeline.iter().any(|e| named(&e.clients))
            || self
                .postmortem
                .action_items
                .iter()
                .any(|a| named(&a.clients))
            || self.postmortem.addressed.iter().any(|s| named(&s.clients))
    }

    /// Whether `client` has a report of the incident in their room: something of it is
    /// addressed to them, or it affects a component they use.
    pub fn is_reported_to(&self, client: &Client) -> bool {
        self.concerns(&client.id)
            || self
                .affected
                .iter()
                .any(|a| client.components.contains(&a.id))
    }

    /// The incident as `audience` reads it, or none when it is not theirs to read.
    pub fn read_by(&self, audience: Audience<'_>) -> Option<Incident> {
        if !audience.reads(Visibility::Public, &self.clients) {
            return None;
        }
        let mut incident = self.clone();
        if audience != Audience::Internal {
            incident.keep_what(audience);
        }
        Some(incident)
    }

    /// Leaves only what `audience` reads (not the team: it reads everything).
    fn keep_what(&mut self, audience: Audience<'_>) {
        self.updates
            .retain(|u| audience.reads(Visibility::Public, &u.clients));
        // The team's own entries stay: milestones are read from them; views show only
        // what the audience sees.
        self.timeline
            .retain(|e| e.clients.is_empty() || audience.reads(e.visibility, &e.clients));
        for entry in &mut self.timeline {
            if !entry.clients.is_empty() {
                entry.visibility = Visibility::Public;
            }
        }
        self.postmortem
            .action_items
            .retain(|a| audience.reads(Visibility::Public, &a.clients));
        self.postmortem
            .addressed
            .retain(|s| audience.reads(Visibility::Public, &s.clients));
        self.internal_notes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(ids: &[&str]) -> Vec<ClientRef> {
        ids.iter()
            .map(|id| ClientRef {
                id: (*id).into(),
                pos: Pos::default(),
            })
            .collect()
    }

    #[test]
    fn what_is_addressed_to_clients_is_theirs_and_the_teams_alone() {
        let acme = Audience::Client("acme");
        let globex = Audience::Client("globex");
        let addressed = to(&["acme", "initech"]);
        for visibility in [Visibility::Public, Visibility::Internal] {
            assert!(acme.reads(visibility, &addressed));
            assert!(!globex.reads(visibility, &addressed));
            assert!(!Audience::Public.reads(visibility, &addressed));
            assert!(Audience::Internal.reads(visibility, &addressed));
        }
        for audience in [acme, globex, Audience::Public] {
            assert!(audience.reads(Visibility::Public, &[]));
            assert!(!audience.reads(Visibility::Internal, &[]));
            assert!(audience.is_private() == (audience != Audience::Public));
        }
    }

    #[test]
    fn a_site_read_by_a_client_keeps_their_parts_and_drops_the_others() {
        use crate::model::testing::{config, incident};
        use crate::model::{Impact, UpdateStatus};
        let mut i = incident(
            Impact::Minor,
            &[
                ("2026-01-01T10:05:00Z", UpdateStatus::Investigating, None),
                ("2026-01-01T10:10:00Z", UpdateStatus::Identified, None),
                ("2026-01-01T10:20:00Z", UpdateStatus::Identified, None),
            ],
        );
        i.updates[1].clients = to(&["acme"]);
        i.updates[2].clients = to(&["globex"]);
        i.internal_notes = "notes".into();
        let mut only_globex = i.clone();
        only_globex.clients = to(&["globex"]);
        let site = Site {
            config: config(),
            incidents: vec![i, only_globex],
            maintenances: Vec::new(),
        };
        let times = |s: &Site| -> Vec<Vec<String>> {
            s.incidents
                .iter()
                .map(|i| {
                    i.updates
                        .iter()
                        .map(|u| u.at.format("%H:%M").to_string())
                        .collect()
                })
                .collect()
        };
        let acme = site.read_by(Audience::Client("acme"));
        assert_eq!(times(&acme), [["10:05", "10:10"]]);
        assert!(acme.incidents[0].internal_notes.is_empty());
        assert_eq!(times(&site.read_by(Audience::Public)), [["10:05"]]);
        assert_eq!(
            times(&site.read_by(Audience::Client("globex"))),
            [["10:05", "10:20"], ["10:05", "10:20"]]
        );
        assert_eq!(site.read_by(Audience::Internal).incidents.len(), 2);
    }
}
