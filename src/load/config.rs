//! Reads `config.toml`: the site's title, URL, language, timezone, cadence and components.

use std::path::Path;

use serde::Deserialize;

use super::Problem;
use super::frontmatter::{self, Split};
use crate::diagnostic::{Diagnostics, Error};
use crate::model::{Blameless, BlamelessScope, Component, Config, CustomRule, Pos};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    language: Option<String>,
    timezone: Option<String>,
    cadence: Option<String>,
    description: Option<String>,
    theme: Option<String>,
    history_days: Option<u32>,
    postmortem_days: Option<u32>,
    #[serde(default)]
    confidential: Vec<String>,
    subscribe_email: Option<String>,
    #[serde(default)]
    components: Vec<RawComponent>,
    #[serde(default)]
    clients: Vec<super::clients::RawClient>,
    blameless: Option<RawBlameless>,
    #[serde(default)]
    people: std::collections::BTreeMap<String, String>,
    import: Option<RawImport>,
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "free-form data for templates, read but not used yet"
    )]
    extra: Option<toml::Table>,
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "timezone",
    "cadence",
    "description",
    "theme",
    "history_days",
    "postmortem_days",
    "confidential",
    "subscribe_email",
    "components",
    "clients",
    "blameless",
    "people",
    "import",
    "extra",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    /// A timeline kind, and the words that give it to a message starting with one of them.
    #[serde(default)]
    keywords: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlameless {
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    pattern: String,
    message: String,
    suggestion: Option<String>,
    #[serde(default)]
    scope: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    id: String,
    name: String,
    description: Option<String>,
    group: Option<String>,
}

/// Reads `config.toml` under `root`. Problems in it are diagnostics; a missing file is an
/// error, since nothing else can be read without it.
pub fn load_config(root: &Path, diagnostics: &mut Diagnostics) -> Result<Config, Error> {
    let path = root.join("config.toml");
    if !crate::fs::exists(&path) {
        return Err(Error::new(format!(
            "no config.toml in {}: run vigie in a site's folder or give it with --root",
            root.display()
        )));
    }
    let text = crate::fs::read_text(root, &path)?;
    let file = Path::new("config.toml");
    let split = Split::whole_toml(&text);
    let raw: RawConfig = match frontmatter::parse(&split, KEYS) {
        Ok(raw) => raw,
        Err(problem) => {
            diagnostics.push(in_config_words(problem, &text).into_diagnostic(file));
            return Ok(fallback_config());
        }
    };
    let (config, problems) = resolve(root, raw, &split);
    diagnostics.extend(problems.into_iter().map(|p| p.into_diagnostic(file)));
    Ok(config)
}

/// A TOML problem of config.toml said of config.toml, not of a front matter: named by the
/// key of its line.
fn in_config_words(problem: Problem, text: &str) -> Problem {
    if problem.field != "front matter" {
        return problem;
    }
    let line = text
        .lines()
        .nth(problem.pos.line.saturating_sub(1))
        .unwrap_or("");
    let key = frontmatter::key_of(line)
        .unwrap_or("config.toml")
        .to_string();
    if problem.message == "duplicate key" {
        return Problem::new(
            problem.pos,
            &key,
            format!("the key `{key}` is written twice"),
            "keep one of the two lines",
        );
    }
    let expected = [
        ("expected a string", "text in quotes", "\"…\""),
        ("expected a sequence", "a list", "[\"…\", \"…\"]"),
        ("expected u32", "a whole number", "14"),
    ];
    if let Some((_, what, example)) = expected
        .iter()
        .find(|(e, _, _)| problem.message.contains(e))
    {
        return Problem::new(
            problem.pos,
            &key,
            format!("`{key}` must be {what}"),
            format!("write it `{key} = {example}`"),
        );
    }
    Problem {
        field: key,
        hint: Some("config.toml is TOML: `key = \"text\"`, `key = 14`, one key a line; every key is in docs/format.md".into()),
        ..problem
    }
}

/// The configuration used to go on reading content after `config.toml` failed to parse, so
/// that every problem of the run is reported at once.
fn fallback_config() -> Config {
    Config {
        title: String::new(),
        description: None,
        base_url: "/".into(),
        language: "en".into(),
        timezone: None,
        cadence: chrono::Duration::hours(2),
        theme: "default".into(),
        components: Vec::new(),
        history_days: 14,
        postmortem_days: 5,
        confidential: Vec::new(),
        subscribe_email: None,
        clients: Vec::new(),
        blameless: Blameless::default(),
        import: crate::model::ImportSettings::default(),
        positions: crate::model::FieldPositions::default(),
    }
}

fn resolve(root: &Path, raw: RawConfig, split: &Split<'_>) -> (Config, Vec<Problem>) {
    let mut problems = Vec::new();
    let at = |key: &str| frontmatter::locate(split, &[key]).unwrap_or(Pos::new(1, 1));
    let mut config = fallback_config();
    config.title = raw.title;
    config.description = raw.description;
    config.theme = raw.theme.unwrap_or_else(|| "default".into());
    config.history_days = raw.history_days.unwrap_or(14);
    config.postmortem_days = raw.postmortem_days.unwrap_or(5);
    config.confidential = raw
        .confidential
        .into_iter()
        .filter(|name| !name.trim().is_empty())
        .collect();
    if let Some(email) = raw.subscribe_email.map(|e| e.trim().to_string()) {
        if is_email_address(&email) {
            config.subscribe_email = Some(email);
        } else {
            problems.push(Problem::new(
                at("subscribe_email"),
                "subscribe_email",
                format!("`{email}` is not an e-mail address"),
                "write the address clients write to, e.g. `status@example.com`",
            ));
        }
    }
    match normalize_base_url(&raw.base_url) {
        Some(url) => config.base_url = url,
        None => problems.push(Problem::new(
            at("base_url"),
            "base_url",
            format!("`{}` is not an http(s) URL", raw.base_url),
            "write the public address of the status page, e.g. `https://status.example.com/`",
        )),
    }
    let languages = crate::theme::language_codes(root, &config.theme);
    if let Some(language) = raw.language {
        let known = &languages;
        if known.contains(&language) {
            config.language = language;
        } else {
            problems.push(Problem::new(
                at("language"),
                "language",
                format!("no language file for `{language}`"),
                format!(
                    "available: {}; add one as i18n/{language}.toml in the site",
                    known.join(", ")
                ),
            ));
        }
    }
    if let Some(zone) = raw.timezone {
        match zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => config.timezone = Some(tz),
            Err(_) => problems.push(unknown_timezone(&zone, at("timezone"))),
        }
    }
    if let Some(cadence) = raw.cadence {
        match super::time::parse_duration(&cadence) {
            Ok(d) => config.cadence = d,
            Err(p) => problems.push(Problem::new(at("cadence"), "cadence", p.message, p.hint)),
        }
    }
    config.components = components(raw.components, split, &mut problems);
    config.positions = public_positions(&config, split);
    let known = super::clients::Known {
        components: &config.components,
        languages: &languages,
        site_language: &config.language,
    };
    config.clients = super::clients::read_clients(raw.clients, &known, split, &mut problems);
    if let Some(blameless) = raw.blameless {
        config.blameless = read_blameless(blameless, split, &mut problems);
    }
    config.import = read_import(raw.people, raw.import, split, &mut problems);
    (config, problems)
}

/// `[people]` (a name or chat handle, and the role written in its place) and `[import]`
/// (the words that give an imported message its kind).
fn read_import(
    people: std::collections::BTreeMap<String, String>,
    raw: Option<RawImport>,
    split: &Split<'_>,
    problems: &mut Vec<Problem>,
) -> crate::model::ImportSettings {
    let mut settings = crate::model::ImportSettings::default();
    for (name, role) in people {
        if role.trim().is_empty() || role.contains([',', '[', ']']) {
            problems.push(Problem::new(
                locate_value(split.front, &role),
                &format!("people.{name}"),
                format!("`{role}` cannot be written as a role in a timeline entry"),
                "write a role without commas or brackets, such as `CSM` or `tech lead`",
            ));
            continue;
        }
        settings.people.push((name, role.trim().to_string()));
    }
    for (kind, words) in raw.map(|r| r.keywords).unwrap_or_default() {
        let Some(parsed) = crate::model::TimelineKind::parse(&kind) else {
            problems.push(Problem::new(
                locate_key(split.front, &kind),
                &format!("import.keywords.{kind}"),
                format!("`{kind}` is not a timeline kind"),
                crate::diagnostic::suggest_among(
                    &kind,
                    &crate::model::TimelineKind::spellings(),
                    &crate::model::TimelineKind::canonical(),
                ),
            ));
            continue;
        };
        settings.keywords.extend(
            words
                .into_iter()
                .filter(|w| !w.trim().is_empty())
                .map(|w| (w.trim().to_string(), parsed)),
        );
    }
    settings
}

/// The `[blameless]` table: team members, rules turned off, rules added.
fn read_blameless(raw: RawBlameless, split: &Split<'_>, problems: &mut Vec<Problem>) -> Blameless {
    let disable = raw
        .disable
        .into_iter()
        .map(|id| {
            let pos = locate_value(split.front, &id);
            (id, pos)
        })
        .collect();
    let mut rules = Vec::new();
    for rule in raw.rules {
        let pos = locate_value(split.front, &rule.id);
        if let Err(e) = regex::RegexBuilder::new(&rule.pattern)
            .case_insensitive(true)
            .build()
        {
            problems.push(Problem::new(
                pos,
                "blameless.rules.pattern",
                format!(
                    "the pattern of rule `{}` is not a regular expression: {e}",
                    rule.id
                ),
                "write a regular expression such as `\\bblame\\b`",
            ));
            continue;
        }
        let mut scopes = Vec::new();
        for scope in &rule.scope {
            match BlamelessScope::parse(scope) {
                Some(s) => scopes.push(s),
                None => problems.push(Problem::new(
                    pos,
                    "blameless.rules.scope",
                    format!("`{scope}` is not a scope of rule `{}`", rule.id),
                    crate::diagnostic::suggest(scope, &BlamelessScope::canonical()),
                )),
            }
        }
        rules.push(CustomRule {
            id: rule.id,
            pattern: rule.pattern,
            message: rule.message,
            suggestion: rule.suggestion,
            scopes,
        });
    }
    Blameless {
        people: raw.people,
        disable,
        rules,
    }
}

fn unknown_timezone(zone: &str, pos: Pos) -> Problem {
    let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
    let hint = match crate::diagnostic::closest(zone, names) {
        Some(close) => format!("did you mean `{close}`? Use an IANA name such as Europe/Paris"),
        None => "use an IANA name such as Europe/Paris or America/New_York".into(),
    };
    Problem::new(pos, "timezone", format!("unknown timezone `{zone}`"), hint)
}

fn components(
    raw: Vec<RawComponent>,
    split: &Split<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Component> {
    let mut components: Vec<Component> = Vec::new();
    for c in raw {
        let pos = locate_value(split.front, &c.id);
        if !super::is_valid_slug(&c.id) {
            problems.push(Problem::new(
                pos,
                "components.id",
                format!(
                    "the component id `{}` is not lowercase letters, digits and dashes",
                    c.id
                ),
                format!("write it `{}`", super::slugify(&c.id)),
            ));
        } else if components.iter().any(|known| known.id == c.id) {
            problems.push(Problem::new(
                pos,
                "components.id",
                format!("the component id `{}` is used twice", c.id),
                "give each component its own id",
            ));
        }
        components.push(Component {
            id: c.id,
            name: c.name,
            description: c.description,
            group: c.group,
        });
    }
    components
}

/// Where each text clients read is written, for the checks that refuse some of it.
fn public_positions(config: &Config, split: &Split<'_>) -> crate::model::FieldPositions {
    let mut positions = crate::model::FieldPositions::default();
    positions.insert("title", locate_text(split.front, &config.title));
    if let Some(description) = &config.description {
        positions.insert("description", locate_text(split.front, description));
    }
    for c in &config.components {
        for (field, text) in c.public_texts() {
            let key = format!("components.{}.{field}", c.id);
            positions.insert(key, locate_text(split.front, text));
        }
    }
    positions
}

/// The position of the first line that holds `"value"`.
pub(super) fn locate_value(text: &str, value: &str) -> Pos {
    let quoted = format!("\"{value}\"");
    text.lines()
        .enumerate()
        .find_map(|(i, line)| line.find(&quoted).map(|c| Pos::new(i + 1, c + 1)))
        .unwrap_or(Pos::new(1, 1))
}

/// Where the first line that sets `key` (bare or quoted) starts.
fn locate_key(text: &str, key: &str) -> Pos {
    text.lines()
        .position(|line| frontmatter::key_of(line).map(|k| k.trim_matches('"')) == Some(key))
        .map_or(Pos::new(1, 1), |i| Pos::new(i + 1, 1))
}

/// Where the text of the first `"value"` starts (after its quote).
fn locate_text(text: &str, value: &str) -> Pos {
    match locate_value(text, value) {
        Pos { line: 1, column: 1 } => Pos::new(1, 1),
        quote => Pos::new(quote.line, quote.column + 1),
    }
}

/// `name@domain.tld`, without spaces or angle brackets.
fn is_email_address(text: &str) -> bool {
    let Some((name, domain)) = text.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.contains(|c: char| c.is_whitespace() || "<>\"(),;:".contains(c))
}

/// Accepts `http(s)://host[/path]` and makes sure it ends with `/`.
fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Overrides the base URL (for `--base-url`), checking it the same way.
pub fn override_base_url(config: &mut Config, url: &str) -> Result<(), Error> {
    config.base_url = normalize_base_url(url).ok_or_else(|| {
        Error::new(format!(
            "--base-url `{url}` is not an http(s) URL such as https://status.example.com/"
        ))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_gain_a_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://s.example.com").as_deref(),
            Some("https://s.example.com/")
        );
        assert_eq!(
            normalize_base_url("http://x/y/").as_deref(),
            Some("http://x/y/")
        );
        assert_eq!(normalize_base_url("s.example.com"), None);
        assert_eq!(normalize_base_url("https://"), None);
    }

    #[test]
    fn subscription_addresses_are_plain_addresses() {
        assert!(is_email_address("statut@cadran.example"));
        assert!(!is_email_address("statut"));
        assert!(!is_email_address("a@b@c.example"));
        assert!(!is_email_address("Statut <statut@cadran.example>"));
        assert!(!is_email_address("statut@cadran"));
    }
}
