//! Small model values for unit tests.

use chrono::Duration;

use super::{
    AffectedComponent, ComponentStatus, Config, FieldPositions, Impact, Incident, Instant,
    Maintenance, Pos, Update, UpdateStatus,
};

pub fn at(text: &str) -> Instant {
    chrono::DateTime::parse_from_rfc3339(text).expect("time")
}

pub fn config() -> Config {
    Config {
        title: String::new(),
        description: None,
        base_url: "https://x.example/".into(),
        language: "en".into(),
        timezone: None,
        cadence: Duration::hours(2),
        theme: "default".into(),
        components: Vec::new(),
        history_days: 14,
        postmortem_days: 5,
        confidential: Vec::new(),
        subscribe_email: None,
        clients: Vec::new(),
        positions: super::FieldPositions::default(),
        blameless: super::Blameless::default(),
        import: super::ImportSettings::default(),
    }
}

pub fn incident(impact: Impact, updates: &[(&str, UpdateStatus, Option<&str>)]) -> Incident {
    Incident {
        slug: "i".into(),
        source: "i.md".into(),
        title: "I".into(),
        impact,
        started: at("2026-01-01T10:00:00Z"),
        affected: vec![AffectedComponent {
            id: "api".into(),
            status: ComponentStatus::MajorOutage,
            pos: Pos::default(),
        }],
        clients: Vec::new(),
        cadence: None,
        milestones: Vec::new(),
        updates: updates
            .iter()
            .map(|(t, status, next)| Update {
                at: at(t),
                status: *status,
                next: next.map(at),
                components: Vec::new(),
                clients: Vec::new(),
                text: "x".into(),
                pos: Pos::default(),
            })
            .collect(),
        timeline: Vec::new(),
        postmortem: super::SharedPostmortem::default(),
        internal_notes: String::new(),
        assets: Vec::new(),
        positions: FieldPositions::default(),
        texts: None,
    }
}

pub fn maintenance(starts: &str, ends: &str) -> Maintenance {
    Maintenance {
        slug: "m".into(),
        source: "m.md".into(),
        title: "M".into(),
        description: String::new(),
        components: vec!["api".into()],
        clients: Vec::new(),
        starts: at(starts),
        ends: at(ends),
        updates: Vec::new(),
        assets: Vec::new(),
        positions: FieldPositions::default(),
    }
}
