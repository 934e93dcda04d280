//! The texts of the site that clients read, each with where it stands in its file and who
//! may read it: what the confidential-name and raw-HTML checks read, so that both read the
//! same places.

use std::path::Path;

use crate::model::{ClientRef, Incident, Maintenance, Pos, PostmortemState, Site, Visibility};

/// One text clients read.
#[derive(Debug, Clone)]
pub struct Passage<'a> {
    pub file: &'a Path,
    /// The field named in a diagnostic: `title`, `update`, `timeline`, `summary`, …
    pub field: &'static str,
    pub text: &'a str,
    /// Whether the text is Markdown (rendered) or shown as written (escaped).
    pub markdown: bool,
    /// Where the text's first character stands.
    pub start: Pos,
    /// The column lines after the first start at (list items' continuation lines).
    pub indent: usize,
    /// The clients it is addressed to, who alone read it with the team; every client and
    /// the public when empty.
    pub to: &'a [ClientRef],
}

impl Passage<'_> {
    /// The position in the file of byte `offset` of the text.
    pub fn pos_at(&self, offset: usize) -> Pos {
        let within = Pos::of_offset(self.text, offset);
        let column = if within.line == 1 {
            self.start.column + within.column - 1
        } else {
            self.indent + within.column
        };
        Pos::new(self.start.line + within.line - 1, column)
    }
}

/// A text shown as written (escaped), starting at `start`.
pub fn plain<'a>(file: &'a Path, field: &'static str, text: &'a str, start: Pos) -> Passage<'a> {
    Passage {
        file,
        field,
        text,
        markdown: false,
        start,
        indent: 0,
        to: &[],
    }
}

fn markdown<'a>(
    file: &'a Path,
    field: &'static str,
    text: &'a str,
    start: Pos,
    indent: usize,
) -> Passage<'a> {
    Passage {
        markdown: true,
        indent,
        ..plain(file, field, text, start)
    }
}

/// What clients read of an incident: its title, public updates and timeline entries, what
/// is addressed to clients, and its postmortem once published.
pub fn of_incident(incident: &Incident) -> Vec<Passage<'_>> {
    let file = incident.source.as_path();
    let whole = incident.clients.as_slice();
    let to = |clients| addressed(whole, clients);
    let title = plain(
        file,
        "title",
        &incident.title,
        incident.positions.get("title.text"),
    );
    let mut found = vec![Passage { to: whole, ..title }];
    for update in &incident.updates {
        let start = Pos::new(update.pos.line + 1, 1);
        let text = markdown(file, "update", &update.text, start, 0);
        found.push(Passage {
            to: to(&update.clients),
            ..text
        });
    }
    for entry in incident
        .timeline
        .iter()
        .filter(|e| e.visibility == Visibility::Public || !e.clients.is_empty())
    {
        let to = to(&entry.clients);
        found.push(Passage {
            to,
            ..markdown(file, "timeline", &entry.text, entry.pos, 2)
        });
        for text in [&entry.who, &entry.channel, &entry.audience]
            .into_iter()
            .flatten()
        {
            found.push(Passage {
                to,
                ..plain(file, "timeline", text, entry.pos)
            });
        }
    }
    if incident.postmortem.state == PostmortemState::Published {
        found.extend(published_postmortem(incident));
    }
    found
}

/// Who a part of an incident is addressed to: its own clients, else the incident's.
fn addressed<'a>(incident: &'a [ClientRef], part: &'a [ClientRef]) -> &'a [ClientRef] {
    if part.is_empty() { incident } else { part }
}

fn published_postmortem(incident: &Incident) -> Vec<Passage<'_>> {
    let file = incident.source.as_path();
    let pm = &incident.postmortem;
    let whole = incident.clients.as_slice();
    let mut found = Vec::new();
    for (id, text) in pm.sections() {
        if let Some(line) = pm.line_of(id) {
            let section = markdown(file, id, text, Pos::new(line, 1), 0);
            found.push(Passage {
                to: whole,
                ..section
            });
        }
    }
    for section in &pm.addressed {
        let to = addressed(whole, &section.clients);
        let title = Pos::new(section.pos.line, 4);
        found.push(Passage {
            to,
            ..plain(file, "section", &section.title, title)
        });
        let start = Pos::new(section.text_line, 1);
        found.push(Passage {
            to,
            ..markdown(file, "section", &section.text, start, 0)
        });
    }
    for item in &pm.action_items {
        let to = addressed(whole, &item.clients);
        let start = Pos::new(item.pos.line, item.pos.column + 4);
        found.push(Passage {
            to,
            ..markdown(file, "action items", &item.text, start, 2)
        });
        for text in [&item.owner, &item.link].into_iter().flatten() {
            found.push(Passage {
                to,
                ..plain(file, "action items", text, item.pos)
            });
        }
    }
    found
}

/// What clients read of a maintenance window: its title, description and updates.
pub fn of_maintenance(maintenance: &Maintenance) -> Vec<Passage<'_>> {
    let file = maintenance.source.as_path();
    let positions = &maintenance.positions;
    let to = maintenance.clients.as_slice();
    let mut found = vec![
        plain(
            file,
            "title",
            &maintenance.title,
            positions.get("title.text"),
        ),
        markdown(
            file,
            "description",
            &maintenance.description,
            positions.get("description"),
            0,
        ),
    ];
    for update in &maintenance.updates {
        let start = Pos::new(update.pos.line + 1, 1);
        found.push(markdown(file, "update", &update.text, start, 0));
    }
    for passage in &mut found {
        passage.to = to;
    }
    found
}

/// What clients read of config.toml: the site's title and description, and each
/// component's id (in addresses and the API), name, description and group.
pub fn of_config(site: &Site) -> Vec<Passage<'_>> {
    let file = Path::new("config.toml");
    let config = &site.config;
    let at = |key: &str| config.positions.get(key);
    let mut found = vec![plain(file, "title", &config.title, at("title"))];
    if let Some(description) = &config.description {
        found.push(plain(file, "description", description, at("description")));
    }
    for c in &config.components {
        for (field, text) in c.public_texts() {
            let pos = at(&format!("components.{}.{field}", c.id));
            found.push(plain(file, "components", text, pos));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_the_line_and_column_of_the_file() {
        let passage = Passage {
            file: Path::new("x.md"),
            field: "timeline",
            text: "first line\nsécond line",
            markdown: true,
            start: Pos::new(10, 20),
            indent: 2,
            to: &[],
        };
        assert_eq!(passage.pos_at(0), Pos::new(10, 20));
        assert_eq!(passage.pos_at(6), Pos::new(10, 26));
        assert_eq!(passage.pos_at(11), Pos::new(11, 3));
        // `é` is two bytes and one column.
        assert_eq!(passage.pos_at(14), Pos::new(11, 5));
    }
}
