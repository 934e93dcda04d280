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
        let reads = |clients: &[ClientRef]| audience.reads(Visibility::Public, clients);
        if !(self.postmortem.action_items.iter()).all(|a| reads(&a.clients))
            || !(self.postmortem.addressed.iter()).all(|s| reads(&s.clients))
        {
            let postmortem = &mut *self.postmortem;
            postmortem.action_items.retain(|a| reads(&a.clients));
            postmortem.addressed.retain(|s| reads(&s.clients));
        }
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

    fn entry(visibility: Visibility, clients: &[&str]) -> crate::model::TimelineEntry {
        crate::model::TimelineEntry {
            at: crate::model::testing::at("2026-01-01T10:30:00Z"),
            kind: crate::model::TimelineKind::Call,
            who: None,
            visibility,
            channel: None,
            audience: None,
            next: None,
            clients: to(clients),
            text: "x".into(),
            pos: Pos::default(),
        }
    }

    fn action_item(clients: &[&str]) -> crate::model::ActionItem {
        crate::model::ActionItem {
            text: "x".into(),
            owner: None,
            due: None,
            kind: None,
            priority: None,
            link: None,
            state: crate::model::ActionState::Open,
            reason: None,
            clients: to(clients),
            pos: Pos::default(),
        }
    }

    fn section(clients: &[&str]) -> crate::model::AddressedSection {
        crate::model::AddressedSection {
            title: "What we did for you".into(),
            clients: to(clients),
            ..Default::default()
        }
    }

    fn public_incident() -> Incident {
        use crate::model::{Impact, UpdateStatus};
        crate::model::testing::incident(
            Impact::Minor,
            &[("2026-01-01T10:05:00Z", UpdateStatus::Investigating, None)],
        )
    }

    /// A public incident with one part addressed to `clients`: the incident itself, its
    /// update, a timeline entry, an action item or a postmortem section.
    fn addressed_by_part(clients: &[&str]) -> Vec<(&'static str, Incident)> {
        let mut parts = Vec::new();
        let mut i = public_incident();
        i.clients = to(clients);
        parts.push(("incident", i));
        let mut i = public_incident();
        i.updates[0].clients = to(clients);
        parts.push(("update", i));
        let mut i = public_incident();
        i.timeline.push(entry(Visibility::Public, clients));
        parts.push(("timeline entry", i));
        let mut i = public_incident();
        i.postmortem.action_items.push(action_item(clients));
        parts.push(("action item", i));
        let mut i = public_incident();
        i.postmortem.addressed.push(section(clients));
        parts.push(("postmortem section", i));
        parts
    }

    #[test]
    fn any_part_addressed_to_a_client_makes_the_incident_addressed_and_concern_them() {
        let public = public_incident();
        assert!(!public.has_addressed_content());
        assert!(!public.concerns("acme"));
        for (part, incident) in addressed_by_part(&["acme"]) {
            assert!(incident.has_addressed_content(), "{part}");
            assert!(incident.concerns("acme"), "{part}");
            assert!(!incident.concerns("globex"), "{part}");
        }
    }

    #[test]
    fn a_site_has_addressed_content_when_an_incident_or_a_window_is_addressed() {
        use crate::model::testing::{config, maintenance};
        let mut site = Site {
            config: config(),
            incidents: vec![public_incident()],
            maintenances: vec![maintenance("2026-01-02T22:00:00Z", "2026-01-03T01:00:00Z")],
        };
        assert!(!site.has_addressed_content());
        site.maintenances[0].clients = to(&["acme"]);
        assert!(site.has_addressed_content());
        site.maintenances[0].clients.clear();
        site.incidents[0].updates[0].clients = to(&["acme"]);
        assert!(site.has_addressed_content());
    }

    #[test]
    fn a_client_has_a_report_of_what_concerns_them_or_affects_their_components() {
        use crate::model::testing::config;
        let mut config = config();
        config.clients = vec![Client {
            id: "acme".into(),
            name: "Acme".into(),
            language: "fr".into(),
            components: vec!["exports".into()],
            contacts: Vec::new(),
            confidential: Vec::new(),
            pos: Pos::default(),
        }];
        let acme = config.client("acme").unwrap();
        assert_eq!(config.client("globex"), None);
        let api_down = public_incident();
        assert!(!api_down.is_reported_to(acme));
        let mut exports_down = public_incident();
        exports_down.affected[0].id = "exports".into();
        assert!(exports_down.is_reported_to(acme));
        let mut told_acme = public_incident();
        told_acme.updates[0].clients = to(&["acme"]);
        assert!(told_acme.is_reported_to(acme));
    }

    #[test]
    fn only_the_team_sees_what_is_internal_once_the_site_is_read() {
        for audience in [Audience::Public, Audience::Client("acme")] {
            assert!(audience.sees(Visibility::Public));
            assert!(!audience.sees(Visibility::Internal));
        }
        assert!(Audience::Internal.sees(Visibility::Public));
        assert!(Audience::Internal.sees(Visibility::Internal));
    }

    #[test]
    fn an_incident_read_by_a_client_keeps_the_team_s_entries_and_makes_theirs_readable() {
        let mut i = public_incident();
        i.internal_notes = "notes".into();
        i.timeline = vec![
            entry(Visibility::Internal, &[]),
            entry(Visibility::Internal, &["acme"]),
            entry(Visibility::Public, &["globex"]),
        ];
        let kept = |i: &Incident| -> Vec<(Visibility, Vec<String>)> {
            i.timeline
                .iter()
                .map(|e| {
                    (
                        e.visibility,
                        e.clients.iter().map(|c| c.id.clone()).collect(),
                    )
                })
                .collect()
        };
        let acme = i.read_by(Audience::Client("acme")).unwrap();
        assert_eq!(
            kept(&acme),
            [
                (Visibility::Internal, vec![]),
                (Visibility::Public, vec!["acme".to_string()]),
            ]
        );
        assert!(acme.internal_notes.is_empty());
        let team = i.read_by(Audience::Internal).unwrap();
        assert_eq!(team.timeline, i.timeline);
        assert_eq!(team.internal_notes, "notes");
        assert_eq!(
            kept(&i.read_by(Audience::Public).unwrap()),
            [(Visibility::Internal, vec![])]
        );
        i.clients = to(&["globex"]);
        assert!(i.read_by(Audience::Client("acme")).is_none());
        assert!(i.read_by(Audience::Client("globex")).is_some());
    }
}
