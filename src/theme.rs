//! The theme: templates, language files and the stylesheet.
//!
//! The default theme is embedded in the binary, so a site builds with no theme folder on
//! disk. A site overrides any single file: `templates/NAME` and `i18n/CODE.toml` in the site
//! win over `themes/THEME/...`, which wins over the embedded default.

use std::path::Path;

use crate::diagnostic::Error;

/// `(name, text)` for each file of the default theme's `templates/` folder.
macro_rules! default_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, by name.
pub const TEMPLATES: &[(&str, &str)] = default_templates![
    "base.html",
    "index.html",
    "incident.html",
    "postmortem.html",
    "client_report.html",
    "maintenance.html",
    "history.html",
    "404.html",
    "embed.html",
    "action_items.html",
    "reliability.html",
    "history.atom.xml",
    "history.rss.xml",
    "badge.svg",
    "message_slack.txt",
    "message_email.txt",
    "notify_email.txt",
    "notify_email.html",
    "partials/banner.html",
    "partials/subscribe.html",
    "partials/components.html",
    "partials/incident_card.html",
    "partials/maintenance_card.html",
    "partials/update.html",
    "partials/history_entry.html",
    "partials/uptime.html",
    "partials/response.html",
    "partials/action_row.html",
    "partials/incident_chart.html",
    "partials/bar_chart.html",
    "partials/reliability_table.html",
    "partials/incident_facts.html",
    "partials/postmortem_facts.html",
    "partials/postmortem_contents.html",
    "partials/action_items.html",
    "partials/timeline_days.html",
    "partials/pm_section.html",
    "partials/communications.html",
    "partials/refresh.html",
    "partials/span.html",
    "partials/key.html",
    "partials/frame.html",
];

/// The default theme's language files, by code.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/i18n/en.toml")),
    ("fr", include_str!("../themes/default/i18n/fr.toml")),
];

/// The default theme's script: local times and the pausable auto-refresh.
pub const SCRIPT: &str = include_str!("../themes/default/static/vigie.js");

/// The notice another site includes with one tag (`embed.js`); `__VIGIE_WORDS__` is
/// replaced by the site's words.
pub const EMBED: &str = include_str!("../themes/default/static/embed.js");

/// The default theme's stylesheet.
pub const STYLESHEET: &str = include_str!("../themes/default/static/style.css");

/// The folders that may override the embedded theme, most specific first.
fn override_dirs(root: &Path, theme: &str, kind: &str) -> [std::path::PathBuf; 2] {
    [root.join(kind), root.join("themes").join(theme).join(kind)]
}

/// Every language code the site can use: embedded ones and those the site or theme adds.
pub fn language_codes(root: &Path, theme: &str) -> Vec<String> {
    let mut codes: Vec<String> = LANGUAGES
        .iter()
        .map(|(code, _)| (*code).to_string())
        .collect();
    for dir in override_dirs(root, theme, "i18n") {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml")
                && let Some(stem) = path.file_stem()
            {
                codes.push(stem.to_string_lossy().to_string());
            }
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

/// The text of the language file for `code`.
pub fn language_file(root: &Path, theme: &str, code: &str) -> Result<String, Error> {
    let name = format!("{code}.toml");
    for dir in override_dirs(root, theme, "i18n") {
        let path = dir.join(&name);
        if crate::fs::exists(&path) {
            return crate::fs::read_text(root, &path);
        }
    }
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| (*text).to_string())
        .ok_or_else(|| Error::new(format!("no language file for `{code}`")))
}

/// Every template, with the site's and the theme's overrides applied.
pub fn templates(root: &Path, theme: &str) -> Result<Vec<(String, String)>, Error> {
    let mut templates: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
    for dir in override_dirs(root, theme, "templates").iter().rev() {
        for (name, text) in files_under(dir, root)? {
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => templates.push((name, text)),
            }
        }
    }
    Ok(templates)
}

/// The stylesheet, with the site's or theme's `static/style.css` when there is one.
pub fn stylesheet(root: &Path, theme: &str) -> Result<String, Error> {
    static_file(root, theme, "style.css", STYLESHEET)
}

/// The script, with the site's or theme's `static/vigie.js` when there is one.
pub fn script(root: &Path, theme: &str) -> Result<String, Error> {
    static_file(root, theme, "vigie.js", SCRIPT)
}

fn static_file(root: &Path, theme: &str, name: &str, default: &str) -> Result<String, Error> {
    for dir in override_dirs(root, theme, "static") {
        let path = dir.join(name);
        if crate::fs::exists(&path) {
            crate::fs::refuse_link_out(&path, root)?;
            return crate::fs::read_text(root, &path);
        }
    }
    Ok(default.to_string())
}

/// `(name relative to dir, text)` of every file under `dir`.
fn files_under(dir: &Path, root: &Path) -> Result<Vec<(String, String)>, Error> {
    if !crate::fs::exists(dir) {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Error::new(format!("cannot list {}", dir.display())).caused_by(&e))?;
        crate::fs::refuse_link_out(entry.path(), root)?;
        if entry.path().is_file() {
            let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = name.to_string_lossy().replace('\\', "/");
            files.push((name, crate::fs::read_text(root, entry.path())?));
        }
    }
    Ok(files)
}
