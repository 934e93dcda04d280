//! Action items a published postmortem commits to: each open one needs someone to do it and a
//! date to do it by, or it is a wish.

use crate::diagnostic::Diagnostic;
use crate::model::{ActionState, Incident, PostmortemState};

/// An open action item of a published postmortem without an owner or a due date.
pub fn unowned_or_undated(incident: &Incident) -> Vec<Diagnostic> {
    if incident.postmortem.state != PostmortemState::Published {
        return Vec::new();
    }
    incident
        .postmortem
        .action_items
        .iter()
        .filter(|a| a.state == ActionState::Open)
        .filter_map(|a| {
            let missing = match (&a.owner, &a.due) {
                (None, None) => "owner and no due date",
                (None, Some(_)) => "owner",
                (Some(_), None) => "due date",
                (Some(_), Some(_)) => return None,
            };
            Some(
                Diagnostic::warning(
                    &incident.source,
                    a.pos,
                    "action items",
                    format!("the action item has no {missing}: nobody is bound to do it by a date"),
                )
                .with_hint("add them in its brackets: `[owner: platform team, due: 2026-12-04]` (`[responsable: …, échéance: …]`)"),
            )
        })
        .collect()
}
