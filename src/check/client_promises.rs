//! Promises made to a client (a call, a message or an update addressed to them with
//! `next …`) that the next communication they read did not keep: one warning per client,
//! where the promise is written.

use crate::diagnostic::Diagnostic;
use crate::model::{Audience, Communication, Incident, Instant, Pos, Promise, Site};

/// Every promise made to a client of the site in `incident` and broken by `now`.
pub fn check_incident(site: &Site, incident: &Incident, now: Instant) -> Vec<Diagnostic> {
    if !incident.has_addressed_content() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for client in &site.config.clients {
        let Some(read) = incident.read_by(Audience::Client(&client.id)) else {
            continue;
        };
        let record = read.communication_record(site.config.cadence, Audience::Client(&client.id));
        for (communication, promise) in record.broken() {
            if promise.kept_by.is_none() && promise.due >= now {
                continue;
            }
            let Some(pos) = made_to(&read, communication, &client.id) else {
                continue;
            };
            found.push(broken(incident, pos, &client.id, promise));
        }
    }
    found
}

/// Where the communication is written, when it is addressed to `client`.
fn made_to(incident: &Incident, c: &Communication<'_>, client: &str) -> Option<Pos> {
    let theirs = |clients: &[crate::model::ClientRef]| clients.iter().any(|r| r.id == client);
    let update = incident
        .updates
        .iter()
        .find(|u| u.at == c.at && u.text == c.text && theirs(&u.clients))
        .map(|u| u.pos);
    update.or_else(|| {
        incident
            .timeline
            .iter()
            .find(|e| e.at == c.at && e.text == c.text && theirs(&e.clients))
            .map(|e| e.pos)
    })
}

fn broken(incident: &Incident, pos: Pos, client: &str, promise: Promise) -> Diagnostic {
    let due = super::shown(promise.due);
    let what = match (promise.kept_by, promise.lateness()) {
        (Some(at), Some(late)) => format!(
            "news came at {}, {} late",
            super::shown(at),
            crate::model::format_duration(late)
        ),
        _ => "no news followed".to_string(),
    };
    Diagnostic::warning(
        &incident.source,
        pos,
        "promise",
        format!("a promise made to client `{client}` was broken: news promised by {due}; {what}"),
    )
    .with_hint(format!(
        "tell {client} why in the next message, and say so in their report; promise only what the team can keep"
    ))
}
