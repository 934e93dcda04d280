//! Reads one scheduled-maintenance file into a `Maintenance`.

use serde::Deserialize;

use super::body::{self, SectionName};
use super::frontmatter::{self, TimeText};
use super::time;
use super::{ContentFile, Problem};
use crate::model::{
    Config, FieldPositions, Instant, Maintenance, MaintenanceStatus, MaintenanceUpdate, Pos,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MaintenanceFront {
    title: String,
    starts: TimeText,
    ends: TimeText,
    #[serde(default)]
    components: Vec<String>,
    /// The clients the window is addressed to: it is then in their rooms only.
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
    "starts",
    "ends",
    "components",
    "for",
    "pour",
    "extra",
];
const EXAMPLE: &str = "### 22:00 [in_progress]";

/// Reads a maintenance window, or every problem that keeps it from being read.
pub fn read_maintenance(
    file: &ContentFile,
    text: &str,
    config: &Config,
) -> Result<Maintenance, Vec<Problem>> {
    let split = frontmatter::split(text).map_err(|p| vec![p])?;
    let front: MaintenanceFront = frontmatter::parse(&split, KEYS).map_err(|p| vec![p])?;
    let mut problems = Vec::new();
    let key_lines = frontmatter::key_lines(&split);
    let at =
        |key: &str| frontmatter::locate_in(&split, &key_lines, &[key]).unwrap_or(Pos::new(2, 1));
    let time_of = |text: &TimeText, key: &str, problems: &mut Vec<Problem>| {
        let resolved =
            time::parse_time(&text.0).and_then(|w| time::resolve_time(w, config.timezone, None));
        resolved
            .map_err(|p| problems.push(Problem::new(at(key), key, p.message, p.hint)))
            .ok()
    };
    let starts = time_of(&front.starts, "starts", &mut problems);
    let ends = time_of(&front.ends, "ends", &mut problems);
    if !super::is_valid_slug(&file.slug) {
        problems.push(Problem::new(
            Pos::new(1, 1),
            "file name",
            format!("`{}` cannot be used in a web address", file.slug),
            format!("rename the file to `{}.md`", super::slugify(&file.slug)),
        ));
    }
    let (body, section_problems) = body::split_sections(split.body, split.body_line);
    problems.extend(section_problems);
    problems.extend(body.addressed().map(|(_, section)| {
        Problem::new(
            section.heading,
            "section.for",
            "a maintenance window has no postmortem section to address to a client",
            "address the whole window with `for: [acme]` in its front matter",
        )
    }));
    let (Some(starts), Some(ends)) = (starts, ends) else {
        return Err(problems);
    };
    let updates = read_updates(&body, starts, config, &mut problems);
    let for_pos = match at("for") {
        p if p.line == split.front_line => at("pour"),
        p => p,
    };
    let clients: Vec<_> = front
        .for_clients
        .iter()
        .flat_map(|ids| super::clients::addressees(config, (ids, for_pos), "for", &mut problems))
        .collect();
    let mut positions = FieldPositions::default();
    // Every key, the title's text and each component, exactly.
    positions.reserve(KEYS.len() + 1 + front.components.len());
    for key in KEYS {
        positions.insert(*key, at(key));
    }
    let title = frontmatter::value_pos(&split, at("title"), &front.title);
    positions.insert("title.text", title);
    for id in &front.components {
        positions.insert(
            format!("components.{id}"),
            locate_item(split.front, split.front_line, id),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(first) = body.preamble.iter().find(|l| !l.text.trim().is_empty()) {
        positions.insert("description", Pos::new(first.number, 1));
    }
    let description: Vec<&str> = body
        .preamble
        .iter()
        .skip_while(|l| l.text.trim().is_empty())
        .map(|l| l.text)
        .collect();
    Ok(Maintenance {
        slug: file.slug.clone(),
        source: file.relative.clone(),
        title: super::title_text(&front.title),
        description: description.join("\n").trim().to_string(),
        components: front.components,
        clients,
        starts,
        ends,
        updates,
        assets: Vec::new(),
        positions,
    })
}

fn read_updates(
    body: &body::Body<'_>,
    starts: Instant,
    config: &Config,
    problems: &mut Vec<Problem>,
) -> Vec<MaintenanceUpdate> {
    let Some(section) = body.section(SectionName::Updates) else {
        return Vec::new();
    };
    let (blocks, block_problems) = body::heading_blocks(section, "updates", EXAMPLE);
    problems.extend(block_problems);
    let mut previous = starts;
    let mut updates = Vec::new();
    for block in blocks {
        let head = match body::entry_head(block.head, block.head_line, block.head_column, EXAMPLE) {
            Ok(head) => head,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let at = time::parse_time(head.time)
            .and_then(|w| time::resolve_time(w, config.timezone, Some(previous)));
        let status = head
            .attributes
            .first()
            .and_then(|(a, _)| MaintenanceStatus::parse(a));
        match (at, status) {
            (Ok(at), Some(status)) => {
                previous = at;
                updates.push(MaintenanceUpdate {
                    at,
                    status,
                    text: block.text.clone(),
                    pos: head.time_pos,
                });
            }
            (Err(p), _) => problems.push(Problem::new(head.time_pos, "update", p.message, p.hint)),
            (Ok(_), None) => {
                let word = head.attributes.first().map_or("", |(a, _)| a);
                let hint = crate::diagnostic::suggest(word, &MaintenanceStatus::spellings());
                problems.push(Problem::new(
                    head.time_pos,
                    "update",
                    format!("`{word}` is not a maintenance status"),
                    hint,
                ));
            }
        }
    }
    updates
}

/// The position of a `- id` list item in the front matter.
fn locate_item(front: &str, front_line: usize, id: &str) -> Pos {
    front
        .lines()
        .enumerate()
        .find_map(|(i, line)| line.find(id).map(|c| Pos::new(front_line + i, c + 1)))
        .unwrap_or(Pos::new(front_line, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick reading of plain front matter gives what serde_saphyr gives, on every
    /// maintenance window of the example and test sites and on near misses of each field.
    #[test]
    fn front_matter_reads_the_same_quickly_or_not() {
        const BASE: &str =
            "title: Database upgrade\nstarts: 2026-11-06 22:00\nends: 2026-11-07 01:00\n";
        let templates = [
            "title: {}\nstarts: 2026-11-06 22:00\nends: 2026-11-07 01:00\n".to_string(),
            "title: A\nstarts: {}\nends: 2026-11-07 01:00\n".to_string(),
            format!("{BASE}components:\n  - {{}}\n  - api\n"),
            format!("{BASE}components:\n  api: {{}}\n"),
            format!("{BASE}components: {{}}\n"),
            format!("{BASE}components: {{}}\nfor: [acme]\n"),
            format!("{BASE}for:\n    - {{}}\n"),
            format!("{BASE}extra: {{}}\n"),
        ];
        let templates: Vec<&str> = templates.iter().map(String::as_str).collect();
        let taken = frontmatter::assert_quick_reading_agrees::<MaintenanceFront>(&templates);
        assert!(taken > 100, "the quick reading is taken {taken} times");
    }
}
