//! Raw HTML in text clients read: a tag vigie shows as typed earns a warning that says
//! what will be shown; a comment never closed is an error, as it would hide the rest.

use super::passages::{self, Passage};
use crate::diagnostic::Diagnostic;
use crate::model::{Incident, Maintenance};

/// The raw-HTML findings of an incident's public text.
pub fn of_incident(incident: &Incident) -> Vec<Diagnostic> {
    of_passages(&passages::of_incident(incident))
}

/// The raw-HTML findings of a maintenance window's text.
pub fn of_maintenance(maintenance: &Maintenance) -> Vec<Diagnostic> {
    of_passages(&passages::of_maintenance(maintenance))
}

fn of_passages(passages: &[Passage<'_>]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for passage in passages.iter().filter(|p| p.text.contains('<')) {
        if !passage.markdown {
            found.extend(comment_in_plain_text(passage));
            continue;
        }
        found.extend(unclosed_comment(passage));
        found.extend(shown_as_typed(passage));
    }
    found
}

fn unclosed_comment(passage: &Passage<'_>) -> Option<Diagnostic> {
    let at = crate::markdown::unclosed_comment(passage.text)?;
    Some(
        Diagnostic::error(
            passage.file,
            passage.pos_at(at),
            passage.field,
            "this comment is never closed: clients would see a stray `<!--`, or nothing of what follows",
        )
        .with_hint("close it with `-->`, or remove it"),
    )
}

/// A comment in a text shown as written (a title, a name): it would show as typed.
fn comment_in_plain_text(passage: &Passage<'_>) -> Option<Diagnostic> {
    let at = passage.text.find("<!--")?;
    Some(
        Diagnostic::error(
            passage.file,
            passage.pos_at(at),
            passage.field,
            "a comment here would be shown to clients as typed",
        )
        .with_hint("comments belong in the text below the front matter; remove it from here"),
    )
}

fn shown_as_typed(passage: &Passage<'_>) -> Vec<Diagnostic> {
    crate::markdown::shown_as_typed(passage.text)
        .into_iter()
        .map(|tag| {
            Diagnostic::warning(
                passage.file,
                passage.pos_at(tag.offset),
                passage.field,
                format!(
                    "`{}` is not HTML vigie publishes: it is shown as typed, \"{}\"",
                    tag.written,
                    shown_line(passage.text, tag.offset)
                ),
            )
            .with_hint(
                "write it in backticks to show it as code; vigie keeps only inline tags such as <b>, <sup> or <kbd>",
            )
        })
        .collect()
}

/// The line around byte `offset` as clients read it, cut to about 80 characters.
fn shown_line(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let shown = crate::markdown::to_plain_text(&text[start..end]);
    let shown = shown.lines().next().unwrap_or("").trim();
    if shown.chars().count() > 80 {
        format!("{}…", shown.chars().take(80).collect::<String>())
    } else {
        shown.to_string()
    }
}
