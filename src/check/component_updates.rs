//! Component status per update: each component an update names is a component of
//! config.toml that the incident affects, and a resolving update moves none away from
//! operational.

use super::unknown_component;
use crate::diagnostic::Diagnostic;
use crate::model::{ComponentChange, Incident, Site, Update, UpdateStatus};

/// Every problem of the components the incident's updates set.
pub fn check_incident(site: &Site, incident: &Incident) -> Vec<Diagnostic> {
    incident
        .updates
        .iter()
        .flat_map(|u| u.components.iter().map(move |c| (u, c)))
        .filter_map(|(update, change)| check_change(site, incident, update, change))
        .collect()
}

fn check_change(
    site: &Site,
    incident: &Incident,
    update: &Update,
    change: &ComponentChange,
) -> Option<Diagnostic> {
    let field = format!("update.components.{}", change.id);
    if let Some(unknown) = unknown_component(site, &incident.source, change.pos, &field, &change.id)
    {
        return Some(unknown);
    }
    if !incident.affected.iter().any(|a| a.id == change.id) {
        return Some(not_affected(incident, change, &field));
    }
    (update.status == UpdateStatus::Resolved && !change.status.is_operational()).then(|| {
        Diagnostic::error(
            &incident.source,
            change.pos,
            &field,
            format!(
                "the incident is resolved here, yet this update leaves `{}` {}",
                change.id,
                change.status.as_str()
            ),
        )
        .with_hint(
            "resolving sets every component back to operational: post a `monitoring` update \
             while a component is still affected, and resolve once it is not",
        )
    })
}

/// A component the update sets that the front matter does not list as affected.
fn not_affected(incident: &Incident, change: &ComponentChange, field: &str) -> Diagnostic {
    Diagnostic::error(
        &incident.source,
        change.pos,
        field,
        format!(
            "`{}` is not among the components this incident affects",
            change.id
        ),
    )
    .with_hint(format!(
        "add it under `components:` in the front matter with its status when the incident \
         started, e.g. `{}: {}`",
        change.id,
        change.status.as_str()
    ))
}
