//! The body of a content file: `##` sections, and the entries inside them.
//!
//! Sections are found by their heading, in English or French (`## Updates`,
//! `## Mises à jour`). An entry starts with a time and a bracket of attributes:
//! `### 20:50 [identified, next 22:50]` for an update, `- 18:52 [call, CSM] text` for a
//! timeline entry. Fenced code is never read as structure.

use super::Problem;
use crate::model::{Pos, fold_word, folded_word};

/// A line of the file with its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub number: usize,
    pub text: &'a str,
}

/// The sections a body may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionName {
    Updates,
    Timeline,
    Notes,
    Summary,
    Impact,
    Trigger,
    Causes,
    Detection,
    Resolution,
    WentWell,
    WentWrong,
    Lucky,
    Lessons,
    ActionItems,
    /// A postmortem section of the writer's own title, addressed to clients:
    /// `## What we did for you [for: acme]`.
    Addressed,
}

/// Accepted headings, English first, then French; compared without case or accents.
const HEADINGS: &[(SectionName, &[&str])] = &[
    (SectionName::Updates, &["Updates", "Mises à jour"]),
    (SectionName::Timeline, &["Timeline", "Chronologie"]),
    (SectionName::Notes, &["Internal notes", "Notes internes"]),
    (SectionName::Summary, &["Summary", "Résumé"]),
    (SectionName::Impact, &["Impact"]),
    (SectionName::Trigger, &["Trigger", "Déclencheur"]),
    (
        SectionName::Causes,
        &["Contributing causes", "Causes contributives", "Causes"],
    ),
    (SectionName::Detection, &["Detection", "Détection"]),
    (SectionName::Resolution, &["Resolution", "Résolution"]),
    (
        SectionName::WentWell,
        &["What went well", "Ce qui a bien fonctionné"],
    ),
    (
        SectionName::WentWrong,
        &[
            "What went wrong",
            "Ce qui a mal fonctionné",
            "Ce qui n'a pas fonctionné",
        ],
    ),
    (
        SectionName::Lucky,
        &[
            "Where we got lucky",
            "Là où nous avons eu de la chance",
            "Nos coups de chance",
        ],
    ),
    (
        SectionName::Lessons,
        &["Lessons learned", "Enseignements", "Leçons apprises"],
    ),
    (SectionName::ActionItems, &["Action items", "Actions"]),
];

impl SectionName {
    fn from_heading(heading: &str) -> Option<Self> {
        // A heading written exactly as listed, as nearly all are, is found without folding
        // it: each listed heading with the section its folded form names.
        static AS_LISTED: std::sync::LazyLock<Vec<(&'static str, Option<SectionName>)>> =
            std::sync::LazyLock::new(|| {
                HEADINGS
                    .iter()
                    .flat_map(|(_, headings)| headings.iter())
                    .map(|h| (*h, SectionName::from_folded(&fold_word(h))))
                    .collect()
            });
        // No heading has a digit, and folding keeps digits: an update's heading
        // (`### 2026-11-06 18:40 [identified]`), met on every line that starts with `#`,
        // is no section's, and is seen so at its first character.
        if heading.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        match AS_LISTED.iter().find(|(listed, _)| *listed == heading) {
            Some((_, name)) => *name,
            None => Self::from_folded(&fold_word(heading)),
        }
    }

    /// The section whose heading, folded, is `folded`.
    fn from_folded(folded: &str) -> Option<Self> {
        // Every heading, folded once for the life of the program.
        static FOLDED: std::sync::LazyLock<Vec<(String, SectionName)>> =
            std::sync::LazyLock::new(|| {
                HEADINGS
                    .iter()
                    .flat_map(|(name, headings)| headings.iter().map(|h| (fold_word(h), *name)))
                    .collect()
            });
        FOLDED
            .iter()
            .find(|(heading, _)| heading == folded)
            .map(|(_, name)| *name)
    }

    /// The heading vigie writes for the section: the English one, or the French one (the
    /// second of `HEADINGS`) on a French site.
    pub fn heading(self, french: bool) -> &'static str {
        let names = HEADINGS
            .iter()
            .find(|(name, _)| *name == self)
            .map_or(&[][..], |(_, names)| *names);
        let index = usize::from(french && names.len() > 1);
        names.get(index).copied().unwrap_or("")
    }

    /// Every accepted heading, for hints.
    pub fn all_headings() -> Vec<&'static str> {
        HEADINGS
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
            .collect()
    }
}

/// A `##` section and its lines (without the heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    pub name: SectionName,
    pub heading: Pos,
    pub lines: Vec<Line<'a>>,
    /// An addressed section's title and the clients of its brackets (`acme globex`), with
    /// where they are written.
    pub addressed: Option<Addressing<'a>>,
}

/// `## What we did for you [for: acme]`: the title, and the ids after `for:`/`pour:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressing<'a> {
    pub title: &'a str,
    pub ids: &'a str,
    pub ids_pos: Pos,
}

/// A body cut into the text before any section and the sections.
#[derive(Debug, Clone, Default)]
pub struct Body<'a> {
    pub preamble: Vec<Line<'a>>,
    pub sections: Vec<Section<'a>>,
}

impl<'a> Body<'a> {
    /// The section called `name`, if the body has it.
    pub fn section(&self, name: SectionName) -> Option<&Section<'a>> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// The sections addressed to clients, in the order they are written.
    pub fn addressed(&self) -> impl Iterator<Item = (&Addressing<'a>, &Section<'a>)> {
        self.sections
            .iter()
            .filter_map(|s| s.addressed.as_ref().map(|a| (a, s)))
    }
}

/// Cuts a body into sections. `first_line` is the file line of the body's first line.
pub fn split_sections(body: &str, first_line: usize) -> (Body<'_>, Vec<Problem>) {
    let mut result = Body::default();
    let mut problems = Vec::new();
    let mut fence: Option<&str> = None;
    let mut lines = body.lines().peekable();
    let mut number = first_line;
    while let Some(text) = lines.next() {
        let line = Line { number, text };
        number += 1;
        let heading = if fence.is_none() {
            text.strip_prefix("## ")
        } else {
            None
        };
        if fence.is_none() && heading.is_none() {
            problems.extend(near_miss(text, lines.peek().copied(), line.number));
        }
        fence = next_fence(fence, text);
        match heading {
            Some(title) if is_bracketed(title) => match addressing(title, line.number) {
                Ok(addressing) => result.sections.push(Section {
                    name: SectionName::Addressed,
                    heading: Pos::new(line.number, 1),
                    lines: Vec::new(),
                    addressed: Some(addressing),
                }),
                Err(problem) => problems.push(problem),
            },
            Some(title) => match SectionName::from_heading(title.trim().trim_end_matches('#')) {
                Some(name) if result.section(name).is_some() => problems.push(Problem {
                    pos: Pos::new(line.number, 1),
                    field: "section".into(),
                    message: format!("the section `## {}` appears twice", title.trim()),
                    hint: Some("merge the two sections into one".into()),
                }),
                Some(name) => result.sections.push(Section {
                    name,
                    heading: Pos::new(line.number, 1),
                    lines: Vec::new(),
                    addressed: None,
                }),
                None => problems.push(unknown_section(title.trim(), line.number)),
            },
            None => match result.sections.last_mut() {
                Some(section) => section.lines.push(line),
                None => result.preamble.push(line),
            },
        }
    }
    (result, problems)
}

/// A line that reads like a section heading but is not one (`##Internal notes`,
/// `# Internal notes`, ` ## Résumé`, `**Actions**`, or a heading underlined with `===` or
/// `---`): its text would join the section above it, public or not.
fn near_miss(text: &str, next: Option<&str>, line: usize) -> Option<Problem> {
    let trimmed = text.trim_start();
    let marked = trimmed.starts_with('#') || trimmed.starts_with("**") || trimmed.starts_with("__");
    let underlined = !marked
        && next.is_some_and(|next| {
            // Nearly every next line starts with neither: it is then no underline.
            if !next.trim_start().starts_with(['=', '-']) {
                return false;
            }
            let next = next.trim();
            !next.is_empty() && (next.chars().all(|c| c == '=') || next.chars().all(|c| c == '-'))
        });
    if !(marked || underlined) {
        return None;
    }
    let name = trimmed
        .trim_start_matches('#')
        .trim()
        .trim_end_matches('#')
        .trim_matches(['*', '_', ' '])
        .trim_end_matches(':')
        .trim_matches(['*', '_', ' ']);
    let section = SectionName::from_heading(name)?;
    let french = fold_word(section.heading(true)) == fold_word(name);
    let heading = section.heading(french);
    Some(Problem {
        pos: Pos::new(line, text.len() - trimmed.len() + 1),
        field: "section".into(),
        message: format!(
            "`{}` reads like the section heading `## {heading}` but is not one: its text would join the section above",
            text.trim()
        ),
        hint: Some(format!(
            "write `## {heading}` at the start of the line: two `#`, a space, the name; or reword it if it is not a section"
        )),
    })
}

/// Whether a heading ends with brackets: `## What we did for you [for: acme]`.
fn is_bracketed(title: &str) -> bool {
    let title = title.trim_end();
    title.ends_with(']') && title.contains('[')
}

const ADDRESSED_EXAMPLE: &str = "write `## What we did for you [for: acme]` (`[pour: acme]` in French): a title of your own, then whom the section is for";

/// Reads the heading of an addressed section, `TITLE [for: ids]` written from column 4
/// of line `line`.
fn addressing(title: &str, line: usize) -> Result<Addressing<'_>, Problem> {
    let trimmed = title.trim_end();
    let open = trimmed.rfind('[').unwrap_or(0);
    let column_of = |byte: usize| 4 + title[..byte].chars().count();
    let problem = |byte: usize, message: String| Problem {
        pos: Pos::new(line, column_of(byte)),
        field: "section.for".into(),
        message,
        hint: Some(ADDRESSED_EXAMPLE.into()),
    };
    let name = trimmed[..open].trim();
    if name.is_empty() {
        return Err(problem(
            0,
            "the section has no title before its brackets".into(),
        ));
    }
    let inside = &trimmed[open + 1..trimmed.len() - 1];
    let (key, ids) = inside.split_once(':').unwrap_or((inside, ""));
    if !matches!(&*folded_word(key), "for" | "pour") || ids.contains(',') {
        return Err(problem(
            open,
            format!(
                "`[{inside}]`: a section's brackets say only whom it is addressed to, with `for:`"
            ),
        ));
    }
    let ids_byte = open + 1 + key.len() + 1 + (ids.len() - ids.trim_start().len());
    Ok(Addressing {
        title: name,
        ids: ids.trim(),
        ids_pos: Pos::new(line, column_of(ids_byte)),
    })
}

fn unknown_section(title: &str, line: usize) -> Problem {
    let accepted = SectionName::all_headings();
    Problem {
        pos: Pos::new(line, 4),
        field: "section".into(),
        message: format!("unknown section `## {title}`"),
        hint: Some(crate::diagnostic::suggest(title, &accepted)),
    }
}

/// Tracks fenced code blocks: returns the fence still open after `line`.
fn next_fence<'f>(open: Option<&'f str>, line: &'f str) -> Option<&'f str> {
    let trimmed = line.trim_start();
    let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
    match (open, marker) {
        (None, Some(m)) => Some(m),
        (Some(open), Some(m))
            if open == m
                && trimmed
                    .trim_end()
                    .chars()
                    .all(|c| c == m.as_bytes()[0] as char) =>
        {
            None
        }
        (open, _) => open,
    }
}

/// An entry's first line, cut into its time, its bracket of attributes and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryHead<'a> {
    pub time: &'a str,
    pub time_pos: Pos,
    pub attributes: Vec<(&'a str, Pos)>,
    pub rest: &'a str,
}

/// Reads `TIME [attr, attr] rest` starting at column `column` of line `line`.
pub fn entry_head<'a>(
    text: &'a str,
    line: usize,
    column: usize,
    example: &str,
) -> Result<EntryHead<'a>, Problem> {
    let col = |offset: usize| column + text[..offset].chars().count();
    let bytes = text.as_bytes();
    let Some(open) = bytes.iter().position(|&b| b == b'[') else {
        return Err(Problem {
            pos: Pos::new(line, column),
            field: "entry".into(),
            message: format!("`{}` has no `[...]` after its time", text.trim()),
            hint: Some(format!("write it like `{example}`")),
        });
    };
    let Some(close) = bytes[open..]
        .iter()
        .position(|&b| b == b']')
        .map(|i| i + open)
    else {
        return Err(Problem {
            pos: Pos::new(line, col(open)),
            field: "entry".into(),
            message: "the `[` is never closed".into(),
            hint: Some(format!("write it like `{example}`")),
        });
    };
    // Up to its `]`, a head is nearly always ASCII, where a byte is a column.
    let ascii = bytes[..close].is_ascii();
    let col = |offset: usize| if ascii { column + offset } else { col(offset) };
    let time = text[..open].trim();
    let time_offset = text.len() - text.trim_start().len();
    let mut attributes = Vec::with_capacity(4);
    let mut offset = open + 1;
    for part in bytes[open + 1..close].split(|&b| b == b',') {
        // `,` is one byte: the part's ends are ends of characters.
        let part = &text[offset..offset + part.len()];
        let trimmed = part.trim_start();
        let attribute = trimmed.trim_end();
        if !attribute.is_empty() {
            let lead = part.len() - trimmed.len();
            attributes.push((attribute, Pos::new(line, col(offset + lead))));
        }
        offset += part.len() + 1;
    }
    Ok(EntryHead {
        time,
        time_pos: Pos::new(line, col(time_offset)),
        attributes,
        rest: text[close + 1..].trim(),
    })
}

/// A block of a section: its first line (without the `### ` or `- ` marker) and the text
/// that follows, dedented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    pub head: &'a str,
    pub head_line: usize,
    pub head_column: usize,
    pub text: String,
}

/// Cuts a section into blocks that start with `### ` headings (updates).
pub fn heading_blocks<'a>(
    section: &Section<'a>,
    field: &str,
    example: &str,
) -> (Vec<Block<'a>>, Vec<Problem>) {
    collect_blocks(section, field, example, |line| {
        line.strip_prefix("### ").map(|h| (h, 5))
    })
}

/// Cuts a section into Markdown list items (timeline entries, action items).
pub fn list_blocks<'a>(
    section: &Section<'a>,
    field: &str,
    example: &str,
) -> (Vec<Block<'a>>, Vec<Problem>) {
    collect_blocks(section, field, example, |line| {
        line.strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .map(|h| (h, 3))
    })
}

fn collect_blocks<'a>(
    section: &Section<'a>,
    field: &str,
    example: &str,
    starts: impl Fn(&'a str) -> Option<(&'a str, usize)>,
) -> (Vec<Block<'a>>, Vec<Problem>) {
    // Each block's head, and the range of its text's lines in `section.lines`.
    let mut found: Vec<(&'a str, usize, usize, std::ops::Range<usize>)> = Vec::new();
    let mut problems = Vec::new();
    let mut fence = None;
    for (n, line) in section.lines.iter().enumerate() {
        let start = if fence.is_none() {
            starts(line.text)
        } else {
            None
        };
        fence = next_fence(fence, line.text);
        if let Some((head, column)) = start {
            found.push((head, line.number, column, n + 1..n + 1));
            continue;
        }
        match found.last_mut() {
            Some((_, _, _, lines)) => lines.end = n + 1,
            None if line.text.trim().is_empty() => {}
            None => problems.push(Problem {
                pos: Pos::new(line.number, 1),
                field: field.into(),
                message: "text before the first entry of the section".into(),
                hint: Some(format!("start each entry like `{example}`")),
            }),
        }
    }
    let blocks = found
        .into_iter()
        .map(|(head, head_line, head_column, lines)| Block {
            head,
            head_line,
            head_column,
            text: block_text(&section.lines[lines]),
        })
        .collect();
    (blocks, problems)
}

/// The text of a block's lines, dedented, without trailing blank space: written once into
/// a string of its size.
fn block_text(lines: &[Line<'_>]) -> String {
    let size = lines.iter().map(|l| dedent(l.text).len() + 1).sum();
    let mut text = String::with_capacity(size);
    for line in lines {
        text.push_str(dedent(line.text));
        text.push('\n');
    }
    text.truncate(text.trim_end().len());
    text
}

/// Removes up to four leading spaces (the indentation of a list item's continuation).
fn dedent(line: &str) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(4)..]
}

/// The section's text as Markdown, for free-form sections.
pub fn section_text(section: &Section<'_>) -> String {
    trimmed_lines(&section.lines)
}

/// The lines joined, without the blank space around them: written once into a string of
/// its size.
fn trimmed_lines(lines: &[Line<'_>]) -> String {
    let written = |l: &Line<'_>| !l.text.trim().is_empty();
    let (Some(first), Some(last)) = (
        lines.iter().position(written),
        lines.iter().rposition(written),
    ) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let size = lines.iter().map(|l| l.text.len() + 1).sum();
    let mut text = String::with_capacity(size);
    for (i, line) in lines.iter().enumerate() {
        let mut line = line.text;
        if i == 0 {
            line = line.trim_start();
        }
        if i == lines.len() - 1 {
            line = line.trim_end();
        }
        if i > 0 {
            text.push('\n');
        }
        text.push_str(line);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_as_listed_name_the_section_their_folded_form_names() {
        for (name, headings) in HEADINGS {
            for heading in *headings {
                assert_eq!(SectionName::from_heading(heading), Some(*name), "{heading}");
                let shouted = heading.to_uppercase();
                assert_eq!(
                    SectionName::from_heading(&shouted),
                    Some(*name),
                    "{shouted}"
                );
            }
        }
        assert_eq!(
            SectionName::from_heading("mises a  jour"),
            Some(SectionName::Updates)
        );
        assert_eq!(SectionName::from_heading("Update"), None);
        let with_digits = HEADINGS
            .iter()
            .flat_map(|(_, headings)| headings.iter())
            .filter(|h| h.bytes().any(|b| b.is_ascii_digit()));
        assert_eq!(with_digits.count(), 0, "no heading has a digit");
        assert_eq!(
            SectionName::from_heading("2026-11-06 18:40 [identified]"),
            None
        );
    }

    #[test]
    fn finds_sections_in_both_languages() {
        let body = "## Mises à jour\n### 18:40 [enquête]\nTexte\n## Timeline\n- 18:40 [call] x\n";
        let (body, problems) = split_sections(body, 10);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(body.sections.len(), 2);
        assert_eq!(body.sections[0].name, SectionName::Updates);
        assert_eq!(body.sections[0].heading, Pos::new(10, 1));
        assert_eq!(body.sections[1].name, SectionName::Timeline);
    }

    #[test]
    fn headings_inside_code_fences_are_text() {
        let body = "## Summary\n```\n## Not a section\n```\n";
        let (body, problems) = split_sections(body, 1);
        assert!(problems.is_empty());
        assert_eq!(body.sections.len(), 1);
        assert_eq!(
            section_text(&body.sections[0]),
            "```\n## Not a section\n```"
        );
    }

    #[test]
    fn a_line_that_reads_like_a_heading_is_refused() {
        for (body, column, heading) in [
            ("## Updates\n##Internal notes\nsecret", 1, "Internal notes"),
            ("## Updates\n# Internal notes\nsecret", 1, "Internal notes"),
            (
                "## Updates\n### Notes internes\nsecret",
                1,
                "Notes internes",
            ),
            (
                "## Updates\n   ## Internal notes\nsecret",
                4,
                "Internal notes",
            ),
            (
                "## Updates\nInternal notes\n==============\nsecret",
                1,
                "Internal notes",
            ),
            (
                "## Updates\nNotes internes\n---\nsecret",
                1,
                "Notes internes",
            ),
            (
                "## Updates\n**Internal notes:**\nsecret",
                1,
                "Internal notes",
            ),
            ("## Updates\n## Internal notes ##\n#Résumé\n", 1, "Résumé"),
            (
                "## Updates\nInternal notes\n \t===  \nsecret",
                1,
                "Internal notes",
            ),
            (
                "## Updates\n**Internal notes**\n---\nsecret",
                1,
                "Internal notes",
            ),
        ] {
            let (_, problems) = split_sections(body, 1);
            assert_eq!(problems.len(), 1, "{body:?}: {problems:?}");
            assert_eq!(
                problems[0].pos,
                Pos::new(2 + usize::from(body.contains("##\n#R")), column),
                "{body:?}"
            );
            assert!(
                problems[0]
                    .message
                    .contains(&format!("reads like the section heading `## {heading}`")),
                "{body:?}: {}",
                problems[0].message
            );
        }
    }

    #[test]
    fn text_that_only_mentions_a_section_is_not_a_heading() {
        for body in [
            "## Summary\nThe internal notes say more.\n",
            "## Summary\nImpact\n\nmore",
            "## Summary\n- Internal notes\n---\n",
            "## Summary\nInternal notes\n-=-\n",
            "## Summary\nInternal notes\n- item\n",
            "## Summary\nInternal notes\n=== more\n",
            "## Summary\nInternal notes\n \n",
            "## Summary\n```\n# Internal notes\n```\n",
            "## Updates\n### 18:40 [investigating]\nText\n",
        ] {
            let (_, problems) = split_sections(body, 1);
            assert!(problems.is_empty(), "{body:?}: {problems:?}");
        }
    }

    #[test]
    fn unknown_section_suggests_the_closest() {
        let (_, problems) = split_sections("## Chronologe\n", 7);
        assert_eq!(problems[0].message, "unknown section `## Chronologe`");
        assert_eq!(problems[0].pos, Pos::new(7, 4));
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .starts_with("did you mean `Chronologie`?")
        );
    }

    #[test]
    fn entry_heads_give_time_attributes_and_positions() {
        let head = entry_head("20:50 [identified, next 22:50] rest", 4, 5, "").unwrap();
        assert_eq!(head.time, "20:50");
        assert_eq!(head.time_pos, Pos::new(4, 5));
        assert_eq!(
            head.attributes,
            vec![
                ("identified", Pos::new(4, 12)),
                ("next 22:50", Pos::new(4, 24))
            ]
        );
        assert_eq!(head.rest, "rest");
    }

    #[test]
    fn entry_heads_count_columns_in_characters_before_and_after_an_accent() {
        // ASCII up to the `]`: a byte is a column.
        let head = entry_head("18:40 [appel, CSM] Réunion", 3, 3, "").unwrap();
        assert_eq!(head.attributes[1], ("CSM", Pos::new(3, 17)));
        // An accent before the `]`: the columns after it are one less than its bytes.
        let head = entry_head("18h40 [enquête, prochain 20:00]", 7, 5, "").unwrap();
        assert_eq!(head.time_pos, Pos::new(7, 5));
        assert_eq!(
            head.attributes,
            vec![
                ("enquête", Pos::new(7, 12)),
                ("prochain 20:00", Pos::new(7, 21))
            ]
        );
        let head = entry_head("  é [  a ,, b ]", 1, 1, "").unwrap();
        assert_eq!(head.time, "é");
        assert_eq!(head.time_pos, Pos::new(1, 3));
        assert_eq!(
            head.attributes,
            vec![("a", Pos::new(1, 8)), ("b", Pos::new(1, 13))]
        );
    }

    #[test]
    fn a_section_s_text_is_its_lines_joined_without_the_blank_space_around() {
        let texts = ["", " ", "  a ", "b", "\t", " c  d "];
        // Every list of up to four of these lines.
        for n in 0..=4u32 {
            for mut code in 0..texts.len().pow(n) {
                let lines: Vec<Line<'_>> = (0..n)
                    .map(|number| {
                        let text = texts[code % texts.len()];
                        code /= texts.len();
                        Line {
                            number: number as usize,
                            text,
                        }
                    })
                    .collect();
                let joined: Vec<&str> = lines.iter().map(|l| l.text).collect();
                assert_eq!(
                    trimmed_lines(&lines),
                    joined.join("\n").trim(),
                    "{joined:?}"
                );
            }
        }
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        let body = "## Timeline\n- 18:40 [call] one\n  two\n- 19:00 [note] three\n";
        let (body, _) = split_sections(body, 1);
        let (blocks, problems) = list_blocks(&body.sections[0], "timeline", "");
        assert!(problems.is_empty());
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].head, "18:40 [call] one");
        assert_eq!(blocks[0].text, "two");
        assert_eq!(blocks[1].head_line, 4);
    }
}
