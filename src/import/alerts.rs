//! Alerts: an Alertmanager webhook payload (or a list of them) or a PagerDuty incident's log
//! entries give the detection (the first alert) and the acknowledgement milestones.

use std::path::Path;

use serde::Deserialize;

use super::{Author, ImportedEntry, Reading, read_json};
use crate::diagnostic::Error;
use crate::model::{Config, Instant, TimelineKind};

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AlertFile {
    PagerDuty { log_entries: Vec<LogEntry> },
    Alertmanager(Webhook),
    Deliveries(Vec<Webhook>),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Webhook {
    alerts: Vec<Alert>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Alert {
    #[serde(default)]
    status: String,
    #[serde(default)]
    labels: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    annotations: std::collections::BTreeMap<String, String>,
    starts_at: String,
}

#[derive(Debug, Deserialize)]
struct LogEntry {
    #[serde(rename = "type")]
    kind: String,
    created_at: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    agent: Option<Reference>,
    #[serde(default)]
    channel: Option<Reference>,
    #[serde(default)]
    incident: Option<Reference>,
}

#[derive(Debug, Deserialize)]
struct Reference {
    #[serde(default)]
    summary: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

/// Reads the milestones of an alert file.
pub fn read(file: &Path, config: &Config) -> Result<Reading, Error> {
    let parsed: AlertFile = read_json(file)?;
    let french = config.language == "fr";
    let mut reading = Reading::default();
    match parsed {
        AlertFile::Alertmanager(webhook) => {
            reading.entries.extend(first_firing(webhook.alerts, french))
        }
        AlertFile::Deliveries(list) => {
            let alerts = list.into_iter().flat_map(|w| w.alerts).collect();
            reading.entries.extend(first_firing(alerts, french));
        }
        AlertFile::PagerDuty { log_entries } => {
            reading = pagerduty(log_entries, config);
        }
    }
    if reading.entries.is_empty() {
        return Err(Error::new(format!(
            "{}: no alert that fired nor any trigger or acknowledgement in it",
            file.display()
        )));
    }
    Ok(reading)
}

fn instant(text: &str) -> Option<Instant> {
    chrono::DateTime::parse_from_rfc3339(text).ok()
}

fn monitoring(french: bool) -> String {
    if french { "supervision" } else { "monitoring" }.to_string()
}

fn alert_text(french: bool, name: &str) -> String {
    if french {
        format!("Alerte « {name} ».")
    } else {
        format!("Alert “{name}”.")
    }
}

/// The first alert that fired: the detection.
fn first_firing(alerts: Vec<Alert>, french: bool) -> Option<ImportedEntry> {
    let (at, alert) = alerts
        .iter()
        .filter(|a| a.status == "firing" || a.status == "resolved")
        .filter_map(|a| Some((instant(&a.starts_at)?, a)))
        .min_by_key(|(at, _)| *at)?;
    let name = alert
        .annotations
        .get("summary")
        .or_else(|| alert.labels.get("alertname"))
        .cloned()
        .unwrap_or_default();
    Some(ImportedEntry {
        at,
        kind: TimelineKind::Detection,
        who: Some(monitoring(french)),
        channel: None,
        audience: None,
        text: alert_text(french, name.trim()),
    })
}

/// The first trigger (detection) and the first acknowledgement of a PagerDuty incident.
fn pagerduty(entries: Vec<LogEntry>, config: &Config) -> Reading {
    let french = config.language == "fr";
    let mut reading = Reading::default();
    let first = |kind: &str| {
        entries
            .iter()
            .filter(|e| e.kind == kind)
            .filter_map(|e| Some((instant(&e.created_at)?, e)))
            .min_by_key(|(at, _)| *at)
    };
    if let Some((at, entry)) = first("trigger_log_entry") {
        let name = entry
            .incident
            .as_ref()
            .and_then(|i| i.summary.clone())
            .or_else(|| entry.channel.as_ref().and_then(|c| c.summary.clone()))
            .or_else(|| entry.summary.clone())
            .unwrap_or_default();
        // `[#2231] title`: PagerDuty's incident number before its title.
        let name = match name.strip_prefix("[#").and_then(|n| n.split_once("] ")) {
            Some((_, title)) => title.to_string(),
            None => name,
        };
        reading.entries.push(ImportedEntry {
            at,
            kind: TimelineKind::Detection,
            who: Some(monitoring(french)),
            channel: None,
            audience: None,
            text: alert_text(french, name.trim()),
        });
    }
    if let Some((at, entry)) = first("acknowledge_log_entry") {
        let agent = entry.agent.as_ref();
        let is_user = agent.is_some_and(|a| a.kind.as_deref() == Some("user_reference"));
        let who = match agent.and_then(|a| a.summary.clone()) {
            Some(name) if is_user => {
                let author = Author {
                    names: vec![name.clone()],
                    external: false,
                };
                if !config
                    .import
                    .people
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(&name))
                {
                    reading.notes.push(format!(
                        "{name} is not in [people] of config.toml: written as a generic role; add `\"{name}\" = \"ROLE\"` under [people] to name their role"
                    ));
                }
                super::mentioned_role(&author, config)
            }
            _ => monitoring(french),
        };
        reading.entries.push(ImportedEntry {
            at,
            kind: TimelineKind::Acknowledged,
            who: Some(who),
            channel: None,
            audience: None,
            text: if french {
                "Alerte prise en charge dans PagerDuty.".into()
            } else {
                "Alert acknowledged in PagerDuty.".into()
            },
        });
    }
    reading
}
