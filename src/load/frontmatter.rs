//! Splitting a content file into front matter and body, and reading the front matter.
//!
//! YAML between `---` lines or TOML between `+++` lines, with one schema and one strictness
//! policy: unknown keys are errors (with the closest known key as a hint), free-form data
//! goes in `extra`. Line numbers count from the top of the file.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::Problem;
use crate::model::Pos;

#[cfg(test)]
pub use plain::assert_agrees_everywhere as assert_quick_reading_agrees;
mod plain;

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// A file cut in two.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub syntax: Syntax,
    /// The front matter, without its fences.
    pub front: &'a str,
    /// The file line of the front matter's first line.
    pub front_line: usize,
    pub body: &'a str,
    /// The file line of the body's first line.
    pub body_line: usize,
}

impl<'a> Split<'a> {
    /// A whole TOML file (`config.toml`, `notify.toml`), read as front matter with no body.
    pub fn whole_toml(text: &'a str) -> Self {
        Split {
            syntax: Syntax::Toml,
            front: text,
            front_line: 1,
            body: "",
            body_line: 1,
        }
    }
}

/// Cuts `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Problem> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let syntax = match first {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => {
            return Err(Problem {
                pos: Pos::new(1, 1),
                field: "front matter".into(),
                message: "the file does not start with front matter".into(),
                hint: Some(
                    "start the file with a `---` line, the fields (`title: ...`), and another \
                     `---` line"
                        .into(),
                ),
            });
        }
    };
    let fence = first;
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = front_start;
    for (line, raw) in (2..).zip(text[front_start..].split_inclusive('\n')) {
        if raw.trim_end() == fence {
            let body_start = offset + raw.len();
            return Ok(Split {
                syntax,
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(Problem {
        pos: Pos::new(1, 1),
        field: "front matter".into(),
        message: format!("the front matter opened on line 1 is never closed by a `{fence}` line"),
        hint: Some(format!(
            "add a line with only `{fence}` after the last field"
        )),
    })
}

/// Reads the front matter into `T`, which should deny unknown fields. `known` lists the
/// accepted keys, for the hint on a misspelled one.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>, known: &[&str]) -> Result<T, Problem> {
    let result = match split.syntax {
        Syntax::Yaml => parse_yaml(split.front),
        Syntax::Toml => parse_toml(split.front),
    };
    result.map_err(|(local, message)| {
        let pos = Pos::new(local.line + split.front_line - 1, local.column);
        explain(pos, &message, known, split)
    })
}

/// Reads YAML front matter: plain front matter quickly, any other by serde_saphyr.
fn parse_yaml<T: DeserializeOwned>(front: &str) -> Result<T, (Pos, String)> {
    if front.trim().is_empty() {
        return serde_saphyr::from_str("{}").map_err(|e| (Pos::new(1, 1), e.to_string()));
    }
    if let Some(value) = plain::read(front) {
        return Ok(value);
    }
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(front, options).map_err(|e| {
        let pos = e.location().map_or(Pos::new(1, 1), |l| {
            Pos::new(l.line().max(1) as usize, l.column().max(1) as usize)
        });
        (pos, yaml_message(&e.to_string()))
    })
}

/// The first line of saphyr's message, without its own position suffix.
fn yaml_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

fn parse_toml<T: DeserializeOwned>(front: &str) -> Result<T, (Pos, String)> {
    toml::from_str(front).map_err(|e| {
        let pos = e
            .span()
            .map_or(Pos::new(1, 1), |span| Pos::of_offset(front, span.start));
        (pos, e.message().trim().to_string())
    })
}

/// Turns a parser message into a diagnostic, with the closest key for an unknown one.
fn explain(pos: Pos, message: &str, known: &[&str], split: &Split<'_>) -> Problem {
    if let Some(key) = backticked_after(message, "unknown field") {
        let pos = locate(split, &[key.as_str()]).unwrap_or(pos);
        let hint = match crate::diagnostic::closest(&key, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? Known keys: {}", known.join(", ")),
            None => format!(
                "known keys: {}; put free-form data under `extra`",
                known.join(", ")
            ),
        };
        return Problem {
            pos,
            field: key.clone(),
            message: format!("unknown key `{key}`"),
            hint: Some(hint),
        };
    }
    if let Some(key) = backticked_after(message, "missing field") {
        return Problem {
            pos: Pos::new(split.front_line.saturating_sub(1).max(1), 1),
            field: key.clone(),
            message: format!("the required key `{key}` is missing"),
            hint: Some(format!("add a line `{key}: ...` to the front matter")),
        };
    }
    if let Some(problem) = in_the_writers_words(pos, message) {
        return problem;
    }
    Problem {
        pos,
        field: "front matter".into(),
        message: message.to_string(),
        hint: Some(match split.syntax {
            Syntax::Yaml => "the front matter between the `---` lines must be YAML".into(),
            Syntax::Toml => "the front matter between the `+++` lines must be TOML".into(),
        }),
    }
}

/// The parser's messages that speak of its own settings, said as what the writer did.
fn in_the_writers_words(pos: Pos, message: &str) -> Option<Problem> {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return Some(Problem::new(
            pos,
            key,
            format!("the key `{key}` is written twice"),
            "keep one of the two lines",
        ));
    }
    message.contains("budget breached").then(|| {
        Problem::new(
            pos,
            "front matter",
            "the front matter is too large or too deeply nested to read",
            "keep the front matter to a few keys; long lists and data go below it, in the text, or in a file beside the incident",
        )
    })
}

fn backticked_after(message: &str, marker: &str) -> Option<String> {
    let rest = &message[message.find(marker)? + marker.len()..];
    let start = rest.find('`')? + 1;
    let end = start + rest[start..].find('`')?;
    Some(rest[start..end].to_string())
}

/// Where a key is written in the front matter, as a file position. `path` walks nested
/// tables: `["components", "api"]`.
pub fn locate(split: &Split<'_>, path: &[&str]) -> Option<Pos> {
    locate_in(split, &key_lines(split), path)
}

/// A line of front matter as `locate` reads it: its indent, the key it sets, the table it
/// opens (TOML).
#[derive(Debug, Clone, Copy)]
pub struct KeyLine<'a> {
    indent: usize,
    key: Option<&'a str>,
    table: Option<&'a str>,
}

/// The front matter's lines, read once for all the positions a file's checks may need.
pub fn key_lines<'a>(split: &Split<'a>) -> Vec<KeyLine<'a>> {
    split
        .front
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            KeyLine {
                indent: line.len() - trimmed.len(),
                key: key_of(trimmed),
                table: (split.syntax == Syntax::Toml)
                    .then(|| table_of(line))
                    .flatten(),
            }
        })
        .collect()
}

/// `locate`, for a caller that holds the front matter's `key_lines`.
pub fn locate_in(split: &Split<'_>, lines: &[KeyLine<'_>], path: &[&str]) -> Option<Pos> {
    let mut search_from = 0;
    let mut min_indent = 0;
    let mut found = None;
    for (depth, key) in path.iter().enumerate() {
        let (index, indent) =
            lines
                .iter()
                .enumerate()
                .skip(search_from)
                .find_map(|(i, line)| {
                    let is_key = line.key == Some(*key) || line.table == Some(*key);
                    (is_key && (depth == 0 || line.indent >= min_indent))
                        .then_some((i, line.indent))
                })?;
        search_from = index + 1;
        min_indent = indent + 1;
        if split.syntax == Syntax::Toml {
            min_indent = 0;
        }
        found = Some(Pos::new(split.front_line + index, indent + 1));
    }
    found
}

/// Where the text `value` of the key written at `key` starts, on the key's line; the key's
/// own position when the value is not found there (a quoted or folded value).
pub fn value_pos(split: &Split<'_>, key: Pos, value: &str) -> Pos {
    let value = value.trim();
    let Some(line) = split
        .front
        .lines()
        .nth(key.line.saturating_sub(split.front_line))
    else {
        return key;
    };
    let after_key = line.find([':', '=']).map_or(0, |i| i + 1);
    // Nearly always the value follows the key and its spaces: it is then found there, the
    // first place it is, as it starts with no space.
    let written = &line[after_key..];
    let spaces = written.len() - written.trim_start().len();
    let at = if written[spaces..].starts_with(value) {
        Some(spaces)
    } else {
        written.find(value)
    };
    match at.filter(|_| !value.is_empty()) {
        Some(at) => Pos::new(key.line, line[..after_key + at].chars().count() + 1),
        None => key,
    }
}

/// The key of a `key: value` (YAML) or `key = value` (TOML) line.
pub fn key_of(line: &str) -> Option<&str> {
    let line = line.strip_prefix("- ").unwrap_or(line);
    let end = line.bytes().position(|b| b == b':' || b == b'=')?;
    let key = line[..end].trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.starts_with('#')).then_some(key)
}

fn table_of(line: &str) -> Option<&str> {
    let line = line.trim();
    line.strip_prefix('[')?.strip_suffix(']').map(str::trim)
}

/// A time as written in front matter: a YAML string or a TOML datetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeText(pub String);

impl<'de> Deserialize<'de> for TimeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = TimeText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a time such as 2026-11-06 18:40")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TimeText, E> {
                Ok(TimeText(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TimeText, A::Error> {
                // TOML hands a datetime over as a one-entry map.
                let entry: Option<(String, String)> = map.next_entry()?;
                entry.map(|(_, v)| TimeText(v)).ok_or_else(|| {
                    serde::de::Error::custom("expected a time such as 2026-11-06 18:40")
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Front {
        title: String,
        started: TimeText,
        #[serde(default)]
        components: std::collections::BTreeMap<String, String>,
    }

    const KNOWN: &[&str] = &["title", "started", "components"];

    #[test]
    fn splits_yaml_and_counts_lines_from_the_top() {
        let text = "---\ntitle: A\n---\nbody\n";
        let split = split(text).unwrap();
        assert_eq!(split.syntax, Syntax::Yaml);
        assert_eq!(split.front, "title: A\n");
        assert_eq!(split.body, "body\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let problem = split("---\ntitle: A\n").unwrap_err();
        assert!(problem.message.contains("never closed"));
    }

    #[test]
    fn yaml_and_toml_read_the_same() {
        let yaml =
            "---\ntitle: A\nstarted: 2026-11-06 18:40\ncomponents:\n  api: major_outage\n---\n";
        let toml = "+++\ntitle = \"A\"\nstarted = 2026-11-06T18:40:00+01:00\n[components]\napi = \"major_outage\"\n+++\n";
        let a: Front = parse(&split(yaml).unwrap(), KNOWN).unwrap();
        let b: Front = parse(&split(toml).unwrap(), KNOWN).unwrap();
        assert_eq!(a.title, b.title);
        assert_eq!(a.started.0, "2026-11-06 18:40");
        assert_eq!(b.started.0, "2026-11-06T18:40:00+01:00");
        assert_eq!(a.components, b.components);
    }

    #[test]
    fn unknown_key_suggests_the_closest_known_one() {
        let text = "---\ntitle: A\nstarted: 2026-11-06 18:40\ncomponets: {}\n---\n";
        let problem = parse::<Front>(&split(text).unwrap(), KNOWN).unwrap_err();
        assert_eq!(problem.message, "unknown key `componets`");
        assert_eq!(problem.pos, Pos::new(4, 1));
        assert!(
            problem
                .hint
                .unwrap()
                .starts_with("did you mean `components`?")
        );
    }

    #[test]
    fn a_value_is_found_where_it_is_first_written_on_its_key_s_line() {
        let text = "---\ntitle:   Panne de l’API\nété: \"x\"\nsub: a a\nnone: >\n---\n";
        let split = split(text).unwrap();
        let at = |key: &str| locate(&split, &[key]).unwrap();
        assert_eq!(
            value_pos(&split, at("title"), "Panne de l’API"),
            Pos::new(2, 10)
        );
        // Quoted: found inside the quotes, in characters.
        assert_eq!(value_pos(&split, at("été"), "x"), Pos::new(3, 7));
        assert_eq!(value_pos(&split, at("sub"), " a "), Pos::new(4, 6));
        // Folded or empty: the key's own position.
        assert_eq!(value_pos(&split, at("none"), "folded"), Pos::new(5, 1));
        assert_eq!(value_pos(&split, at("sub"), ""), Pos::new(4, 1));
    }

    #[test]
    fn keys_are_read_before_a_colon_or_an_equals_sign() {
        assert_eq!(key_of("title: A"), Some("title"));
        assert_eq!(key_of("- \"é\" = 1"), Some("é"));
        assert_eq!(key_of("  x: a = b"), Some("x"));
        assert_eq!(key_of("# note: no"), None);
        assert_eq!(key_of(": x"), None);
        assert_eq!(key_of("just text"), None);
    }

    #[test]
    fn locates_nested_keys() {
        let text = "---\ntitle: A\ncomponents:\n  web: x\n  api: y\n---\n";
        let split = split(text).unwrap();
        assert_eq!(locate(&split, &["components", "api"]), Some(Pos::new(5, 3)));
        assert_eq!(locate(&split, &["title"]), Some(Pos::new(2, 1)));
    }
}
