//! Names listed as `confidential` in config.toml, refused wherever a client could read
//! them: in text as readers see it (whatever the Markdown, the line breaks, the case or
//! the accents), and in every address the site publishes (file names, component ids). A
//! client's own names (`[[clients]]`: its name and `confidential`) are allowed in what is
//! addressed to that client alone, and refused in what anyone else reads.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::passages::{self, Passage};
use crate::diagnostic::Diagnostic;
use crate::model::{ClientRef, Incident, Maintenance, Pos, Site};

/// The site's confidential names, each as listed and folded for matching.
pub struct Names {
    names: Vec<Name>,
}

/// One confidential name: as listed, folded, and the client whose room alone may show it
/// (none for the site's own list: no client's room may).
struct Name {
    listed: String,
    folded: String,
    owner: Option<String>,
}

impl Name {
    /// Whether a passage addressed to `to` (everyone when empty) may not show it.
    fn refused_in(&self, to: &[ClientRef]) -> bool {
        match &self.owner {
            None => true,
            Some(owner) => to.is_empty() || to.iter().any(|c| &c.id != owner),
        }
    }
}

impl Names {
    pub fn of(site: &Site) -> Self {
        let site_names = site.config.confidential.iter().map(|n| (n, None));
        let client_names = site
            .config
            .clients
            .iter()
            .flat_map(|c| c.confidential.iter().map(move |n| (n, Some(c.id.clone()))));
        let names = site_names
            .chain(client_names)
            .map(|(name, owner)| Name {
                listed: name.clone(),
                folded: folded(name).0,
                owner,
            })
            .filter(|name| !name.folded.is_empty())
            .collect();
        Self { names }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The first confidential name in a passage, and where it starts when that can be told
    /// from the source (a name that only shows once Markdown is read, such as the text of
    /// a link split over its markup, is placed at the passage's start).
    fn find(&self, passage: &Passage<'_>) -> Option<(&Name, Pos)> {
        let (text, offsets) = folded(passage.text);
        if let Some((name, at)) = self.first_in(&text, passage.to) {
            return Some((name, passage.pos_at(offsets[at])));
        }
        if !passage.markdown {
            return None;
        }
        let (shown, _) = folded(&crate::markdown::to_plain_text(passage.text));
        self.first_in(&shown, passage.to)
            .map(|(name, _)| (name, passage.start))
    }

    /// The first name refused to readers `to` found in folded text, as whole words, with
    /// the index of its first character.
    fn first_in(&self, text: &str, to: &[ClientRef]) -> Option<(&Name, usize)> {
        let padded = format!(" {text} ");
        self.names
            .iter()
            .filter(|name| name.refused_in(to))
            .filter_map(|name| {
                padded
                    .find(&format!(" {} ", name.folded))
                    .map(|byte| (name, text[..byte].chars().count()))
            })
            .min_by_key(|(_, at)| *at)
    }
}

/// Text folded as a reader compares it: words of lowercase letters and digits, without
/// accents, ligatures spelled out, entities decoded, the Markdown characters that do not
/// show (`*`, `` ` ``, `~`, `\`, brackets) left out, and every other run of characters
/// (spaces, line breaks, punctuation) one space. With it, for each character, the byte
/// offset in `text` it comes from.
fn folded(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    let mut push = |c: char, at: usize, out: &mut String| {
        if c.is_alphanumeric() {
            out.push(c);
            offsets.push(at);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
            offsets.push(at);
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let c = match entity_at(&text[at..]) {
            Some((decoded, len)) => {
                while chars.peek().is_some_and(|(i, _)| *i < at + len) {
                    chars.next();
                }
                decoded
            }
            None => c,
        };
        if matches!(c, '*' | '`' | '~' | '\\' | '[' | ']') {
            continue;
        }
        for lower in c.to_lowercase() {
            for base in spelled_out(lower) {
                push(base, at, &mut out);
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
        offsets.pop();
    }
    (out, offsets)
}

/// A lowercase character without its accents, and ligatures as their letters.
fn spelled_out(c: char) -> Vec<char> {
    match c {
        'œ' => vec!['o', 'e'],
        'æ' => vec!['a', 'e'],
        'ß' => vec!['s', 's'],
        'ø' => vec!['o'],
        'ł' => vec!['l'],
        'đ' => vec!['d'],
        _ => c
            .nfd()
            .filter(|d| !unicode_normalization::char::is_combining_mark(*d))
            .collect(),
    }
}

/// The character of an entity at the start of `text` (`&amp;`, `&#233;`), and its length.
/// Markdown reads a number of up to 7 digits (`&#0000233;`) or 6 hexadecimal digits
/// (`&#x0000e9;`), at most 8 characters between `&` and `;`; a longer one shows as typed.
fn entity_at(text: &str) -> Option<(char, usize)> {
    let name = text.strip_prefix('&')?;
    let semi = name.find(';').filter(|i| *i <= 8)?;
    crate::markdown::entity(&name[..semi]).map(|c| (c, semi + 2))
}

fn refused(file: &Path, pos: Pos, field: &str, name: &Name, place: &str) -> Diagnostic {
    let whose = match &name.owner {
        Some(owner) => format!("confidential to client `{owner}`"),
        None => "confidential".to_string(),
    };
    Diagnostic::error(
        file,
        pos,
        field,
        format!(
            "`{}` is {whose} (config.toml) and would be published {place}",
            name.listed
        ),
    )
}

/// Who reads a passage addressed to `to`, in an error.
fn readers(to: &[ClientRef]) -> String {
    if to.is_empty() {
        return "here".to_string();
    }
    let ids: Vec<&str> = to.iter().map(|c| c.id.as_str()).collect();
    format!("here, in the room of {}", ids.join(" and "))
}

fn in_text(names: &Names, passages: &[Passage<'_>]) -> Vec<Diagnostic> {
    passages
        .iter()
        .filter_map(|passage| {
            let (name, pos) = names.find(passage)?;
            let hint = match &name.owner {
                Some(owner) => format!(
                    "keep it in what is addressed to `{owner}` alone (`for: {owner}`), internal entries and notes; say \"a client\" elsewhere"
                ),
                None => "say \"a client\" in public text; keep the name in internal entries and notes"
                    .to_string(),
            };
            let place = readers(passage.to);
            Some(refused(passage.file, pos, passage.field, name, &place).with_hint(hint))
        })
        .collect()
}

/// A name in a file or folder name: it would be in the page's address, the JSON ids and
/// the feeds.
fn in_address(
    names: &Names,
    file: &Path,
    (address, to): (&str, &[ClientRef]),
    what: &str,
) -> Option<Diagnostic> {
    let passage = Passage {
        to,
        ..passages::plain(file, "file name", address, Pos::new(1, 1))
    };
    let (name, _) = names.find(&passage)?;
    Some(
        refused(
            file,
            Pos::new(1, 1),
            "file name",
            name,
            &format!("in the address of {what} (`{address}`)"),
        )
        .with_hint("rename the file without the name: its name is part of the page's address"),
    )
}

/// Every confidential name an incident would publish.
pub fn of_incident(names: &Names, incident: &Incident) -> Vec<Diagnostic> {
    if names.is_empty() {
        return Vec::new();
    }
    let mut found = in_text(names, &passages::of_incident(incident));
    found.extend(in_address(
        names,
        &incident.source,
        (&incident.slug, &incident.clients),
        "the incident",
    ));
    found.extend(in_assets(
        names,
        &incident.source,
        &incident.assets,
        &incident.clients,
    ));
    found
}

/// Every confidential name a maintenance window would publish.
pub fn of_maintenance(names: &Names, maintenance: &Maintenance) -> Vec<Diagnostic> {
    if names.is_empty() {
        return Vec::new();
    }
    let mut found = in_text(names, &passages::of_maintenance(maintenance));
    found.extend(in_address(
        names,
        &maintenance.source,
        (&maintenance.slug, &maintenance.clients),
        "the maintenance window",
    ));
    found.extend(in_assets(
        names,
        &maintenance.source,
        &maintenance.assets,
        &maintenance.clients,
    ));
    found
}

fn in_assets(
    names: &Names,
    source: &Path,
    assets: &[std::path::PathBuf],
    to: &[ClientRef],
) -> Vec<Diagnostic> {
    assets
        .iter()
        .filter_map(|asset| {
            let name = asset.file_name()?.to_string_lossy();
            let shown = source.parent().unwrap_or(source).join(name.as_ref());
            in_address(
                names,
                &shown,
                (&name, to),
                "a file published beside the page",
            )
        })
        .collect()
}

/// Every confidential name config.toml would publish.
pub fn of_config(names: &Names, site: &Site) -> Vec<Diagnostic> {
    if names.is_empty() {
        return Vec::new();
    }
    in_text(names, &passages::of_config(site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Names {
        let mut config = crate::model::testing::config();
        config.confidential = list.iter().map(|s| (*s).to_string()).collect();
        Names::of(&Site {
            config,
            incidents: Vec::new(),
            maintenances: Vec::new(),
        })
    }

    fn found(names: &Names, text: &str) -> Option<(String, Pos)> {
        let passage = Passage {
            file: Path::new("x.md"),
            field: "update",
            text,
            markdown: true,
            start: Pos::new(10, 1),
            indent: 0,
            to: &[],
        };
        names.find(&passage).map(|(n, p)| (n.listed.clone(), p))
    }

    #[test]
    fn a_name_is_found_however_it_is_written() {
        let list = names(&["Société Générale & Fils"]);
        for text in [
            "Société Générale & Fils",
            "société générale & fils",
            "SOCIETE GENERALE & FILS",
            "Société\nGénérale & Fils",
            "Société  Générale &  Fils",
            "**Société Générale** & Fils",
            "Société Générale \\& Fils",
            "Société Générale &amp; Fils",
            "Soci&#233;t&eacute; Générale & Fils",
            "Société-Générale & Fils",
            "`Société Générale & Fils`",
            "[Société Générale](https://example.com) & Fils",
            "Soci*é*t*é* Générale & Fils",
        ] {
            assert!(found(&list, text).is_some(), "not found in {text:?}");
        }
        assert!(found(&list, "Société Générale et Fils").is_none());
        assert!(
            found(&list, "Société Générales & Fils").is_none(),
            "whole words only"
        );
    }

    #[test]
    fn a_name_is_placed_where_it_starts_even_across_lines() {
        let list = names(&["Acme Corp"]);
        assert_eq!(
            found(&list, "The exports of\nour client ACME\ncorp stopped."),
            Some(("Acme Corp".into(), Pos::new(11, 12)))
        );
    }

    #[test]
    fn ligatures_and_other_accents_fold() {
        let list = names(&["Cœur Müller"]);
        assert!(found(&list, "coeur muller").is_some());
        assert!(found(&list, "CŒUR MÜLLER").is_some());
        let list = names(&["Coeur Muller"]);
        assert!(found(&list, "Cœur Müller").is_some());
    }

    #[test]
    fn ligatures_and_letters_with_a_stroke_are_read_as_their_letters() {
        let list = names(&["Straße Ærø Łódź Đakovo"]);
        assert!(found(&list, "strasse aero lodz dakovo").is_some());
        let list = names(&["Strasse Aero Lodz Dakovo"]);
        assert!(found(&list, "STRASSE ÆRØ ŁÓDŹ ĐAKOVO").is_some());
        assert!(found(&list, "Straße Ærø Łódź Đakovo").is_some());
    }

    #[test]
    fn an_entity_is_read_as_the_character_it_shows_and_nothing_after_it() {
        let list = names(&["AT&T"]);
        for text in [
            "We called AT&amp;T.",
            "We called AT&#38;T.",
            "We called AT&#x26;T.",
        ] {
            assert_eq!(
                found(&list, text),
                Some(("AT&T".into(), Pos::new(10, 11))),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_number_too_long_for_markdown_is_read_as_typed() {
        let list = names(&["Société"]);
        assert!(found(&list, "Soci&#0000233;t&#x0000E9;").is_some());
        assert!(found(&list, "Soci&#00000233;té").is_none());
        assert!(found(&list, "Soci&#x00000E9;té").is_none());
        assert!(found(&list, "Soci&#000000233;té").is_none());
    }
}
