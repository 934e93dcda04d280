//! Which incident a command is about: the one named (by its file name, with or without its
//! date), or, when none is named, the only open one.

use crate::diagnostic::Error;
use crate::model::{Incident, Instant, Site};

/// The incident a command works on, and how it was found.
#[derive(Debug)]
pub struct Picked<'a> {
    pub incident: &'a Incident,
    /// True when no incident was named and this is the only open one: the command says so.
    pub by_default: bool,
}

/// The incident named `name` (`2026-11-25-api-lente`, or `api-lente` without its date), or
/// the only open incident at `now` when `name` is `None`.
pub fn pick<'a>(site: &'a Site, name: Option<&str>, now: Instant) -> Result<Picked<'a>, Error> {
    match name {
        Some(name) => named(site, name, now).map(|incident| Picked {
            incident,
            by_default: false,
        }),
        None => only_open(site, now).map(|incident| Picked {
            incident,
            by_default: true,
        }),
    }
}

/// Refuses a text that is only an incident's name: the text was forgotten after it
/// (`vigie update api-lente --status identified`), and would be posted to clients.
pub fn refuse_name_as_text(site: &Site, text: &str) -> Result<(), Error> {
    let text = text.trim();
    let is_name = site
        .incidents
        .iter()
        .any(|i| i.slug == text || undated(&i.slug) == text);
    if is_name {
        return Err(Error::new(format!(
            "`{text}` is the name of an incident, and there is no text for clients: write it after the name, in quotes: `{text} \"…\"`"
        )));
    }
    Ok(())
}

/// The slug without its leading `YYYY-MM-DD-` date, when it has one.
fn undated(slug: &str) -> &str {
    let dated = slug.len() > 11
        && slug.as_bytes()[10] == b'-'
        && chrono::NaiveDate::parse_from_str(&slug[..10], "%Y-%m-%d").is_ok();
    if dated { &slug[11..] } else { slug }
}

fn named<'a>(site: &'a Site, name: &str, now: Instant) -> Result<&'a Incident, Error> {
    let name = name.trim().trim_end_matches(".md");
    if let Some(exact) = site.incidents.iter().find(|i| i.slug == name) {
        return Ok(exact);
    }
    let same: Vec<&Incident> = site
        .incidents
        .iter()
        .filter(|i| undated(&i.slug) == name)
        .collect();
    let open: Vec<&Incident> = same.iter().copied().filter(|i| i.is_active(now)).collect();
    match (same.as_slice(), open.as_slice()) {
        ([only], _) | (_, [only]) => Ok(only),
        ([], _) => Err(unknown(site, name)),
        _ => Err(Error::new(format!(
            "`{name}` is the name of several incidents: {}; give the one you mean with its date",
            slugs(&same)
        ))),
    }
}

fn only_open(site: &Site, now: Instant) -> Result<&Incident, Error> {
    let open: Vec<&Incident> = site.incidents.iter().filter(|i| i.is_active(now)).collect();
    match open.as_slice() {
        [only] => Ok(only),
        [] => Err(Error::new(
            "no incident is open: name the incident, e.g. `vigie note 2026-11-13-reports …`, or start one with `vigie new incident`",
        )),
        several => Err(Error::new(format!(
            "{} incidents are open: {}; name the one you mean before the text, e.g. `{}`",
            several.len(),
            slugs(several),
            undated(&several[0].slug)
        ))),
    }
}

fn slugs(incidents: &[&Incident]) -> String {
    incidents
        .iter()
        .map(|i| i.slug.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown(site: &Site, name: &str) -> Error {
    let slugs: Vec<&str> = site.incidents.iter().map(|i| i.slug.as_str()).collect();
    let hint = crate::diagnostic::suggest(name, &slugs);
    Error::new(format!(
        "no incident `{name}` in content/incidents/ ({hint})"
    ))
}

#[cfg(test)]
mod tests {
    use super::undated;

    #[test]
    fn a_dated_slug_is_known_by_its_name_alone() {
        assert_eq!(undated("2026-11-25-api-lente"), "api-lente");
        assert_eq!(undated("api-lente"), "api-lente");
        assert_eq!(undated("2026-13-25-api"), "2026-13-25-api");
        assert_eq!(undated("2026-11-25"), "2026-11-25");
    }
}
