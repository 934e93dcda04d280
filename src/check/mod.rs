//! Check: pure functions over the model that return diagnostics. `build` and `check` run
//! the same list, so they never disagree.

mod actions;
pub mod blameless;
mod client_promises;
mod component_updates;
mod confidential;
mod passages;
mod raw_html;
mod times;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Incident, Instant, Maintenance, PostmortemState, Site};

/// Every check of the site at `now`.
pub fn check_site(site: &Site, now: Instant) -> Diagnostics {
    use rayon::prelude::*;
    let checker = Checker::of(site);
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(checker.of_config(site));
    let per_incident: Vec<Vec<Diagnostic>> = site
        .incidents
        .par_iter()
        .map(|incident| checker.incident(site, incident, now))
        .collect();
    diagnostics.extend(per_incident.into_iter().flatten());
    for maintenance in &site.maintenances {
        diagnostics.extend(checker.maintenance(site, maintenance));
    }
    diagnostics.extend(duplicate_slugs(site));
    diagnostics
}

/// The checks of a site's configuration, and of each item on its own. An item's findings
/// depend only on the item, the configuration and the clock: what `vigie serve` keeps for
/// the items a save did not change. Together with `duplicate_slugs`, the rule that looks
/// at several items, they are `check_site`.
pub struct Checker {
    rules: blameless::Rules,
    names: confidential::Names,
}

impl Checker {
    /// The checker of `site`'s configuration.
    pub fn of(site: &Site) -> Self {
        Checker {
            rules: blameless::rules(site),
            names: confidential::Names::of(site),
        }
    }

    /// The findings about config.toml itself.
    pub fn of_config(&self, site: &Site) -> Vec<Diagnostic> {
        let mut found = unknown_disabled_rules(site);
        found.extend(confidential::of_config(&self.names, site));
        found
    }

    /// Every check of one incident at `now`.
    pub fn incident(&self, site: &Site, incident: &Incident, now: Instant) -> Vec<Diagnostic> {
        check_incident(site, &self.rules, &self.names, incident, now)
    }

    /// Every check of one maintenance window.
    pub fn maintenance(&self, site: &Site, maintenance: &Maintenance) -> Vec<Diagnostic> {
        let mut found = maintenance_components(site, maintenance);
        found.extend(maintenance_window(maintenance));
        found.extend(confidential::of_maintenance(&self.names, maintenance));
        found.extend(raw_html::of_maintenance(maintenance));
        found
    }
}

/// An error when `id` is no component of config.toml, for `field` (`components.<id>`).
fn unknown_component(
    site: &Site,
    file: &std::path::Path,
    pos: crate::model::Pos,
    field: &str,
    id: &str,
) -> Option<Diagnostic> {
    if site.config.component(id).is_some() {
        return None;
    }
    let known: Vec<&str> = site
        .config
        .components
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let hint = if known.is_empty() {
        "config.toml declares no component: add one under [[components]]".to_string()
    } else {
        match crate::diagnostic::closest(id, known.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? Known components: {}",
                known.join(", ")
            ),
            None => format!("known components: {}", known.join(", ")),
        }
    };
    Some(Diagnostic::error(file, pos, field, format!("unknown component `{id}`")).with_hint(hint))
}

fn unknown_components(site: &Site, incident: &Incident) -> Vec<Diagnostic> {
    incident
        .affected
        .iter()
        .filter_map(|a| {
            let field = format!("components.{}", a.id);
            unknown_component(site, &incident.source, a.pos, &field, &a.id)
        })
        .collect()
}

fn maintenance_components(site: &Site, maintenance: &Maintenance) -> Vec<Diagnostic> {
    maintenance
        .components
        .iter()
        .filter_map(|id| {
            let pos = maintenance.positions.get(&format!("components.{id}"));
            unknown_component(
                site,
                &maintenance.source,
                pos,
                &format!("components.{id}"),
                id,
            )
        })
        .collect()
}

/// A time as diagnostics write it: `2026-11-13 18:40 +01:00`.
fn shown(t: Instant) -> String {
    t.format("%Y-%m-%d %H:%M %:z").to_string()
}

fn updates_before_start(incident: &Incident) -> Vec<Diagnostic> {
    incident
        .updates
        .iter()
        .filter(|u| u.at < incident.started)
        .map(|u| {
            Diagnostic::error(
                &incident.source,
                u.pos,
                "update",
                format!(
                    "the update at {} is before the incident started ({})",
                    shown(u.at),
                    shown(incident.started)
                ),
            )
            .with_hint("fix the update's time, or move `started` earlier")
        })
        .collect()
}

fn promises_in_the_past(incident: &Incident) -> Vec<Diagnostic> {
    incident
        .updates
        .iter()
        .filter(|u| u.next.is_some_and(|next| next <= u.at))
        .map(|u| {
            Diagnostic::error(
                &incident.source,
                u.pos,
                "update.next",
                "the next update is promised before this one",
            )
            .with_hint("promise a later time, or a duration such as `next 2h`")
        })
        .collect()
}

fn entries_out_of_order(incident: &Incident) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for pair in incident.timeline.windows(2) {
        if pair[1].at < pair[0].at {
            found.push(
                Diagnostic::warning(&incident.source, pair[1].pos, "timeline", "this entry is earlier than the one above it")
                    .with_hint("entries are shown in time order; a time alone follows the entry above, so write the date"),
            );
        }
    }
    found
}

fn postmortem_of_open_incident(incident: &Incident) -> Option<Diagnostic> {
    (incident.postmortem.state == PostmortemState::Published && !incident.is_resolved()).then(
        || {
            Diagnostic::error(
                &incident.source,
                incident.positions.get("postmortem"),
                "postmortem",
                "the postmortem is published but the incident is not resolved",
            )
            .with_hint("set `postmortem: draft` until a `resolved` update is posted")
        },
    )
}

fn incident_without_updates(incident: &Incident) -> Option<Diagnostic> {
    incident.updates.is_empty().then(|| {
        Diagnostic::warning(
            &incident.source,
            incident.positions.get("title"),
            "updates",
            "the incident has no public update",
        )
        .with_hint("add `## Updates` with a first update such as `### 18:55 [investigating]`")
    })
}

fn abandoned_actions_without_reason(incident: &Incident) -> Vec<Diagnostic> {
    incident
        .postmortem
        .action_items
        .iter()
        .filter(|a| a.state == crate::model::ActionState::WontDo && a.reason.is_none())
        .map(|a| {
            Diagnostic::warning(
                &incident.source,
                a.pos,
                "action items",
                "the action item will not be done, but the postmortem does not say why",
            )
            .with_hint("add the reason in its brackets: `[reason: …]` (`[raison: …]`)")
        })
        .collect()
}

/// Every check of one incident.
fn check_incident(
    site: &Site,
    rules: &blameless::Rules,
    names: &confidential::Names,
    incident: &Incident,
    now: Instant,
) -> Vec<Diagnostic> {
    let mut found = blameless::check_incident(rules, incident);
    found.extend(unknown_components(site, incident));
    found.extend(component_updates::check_incident(site, incident));
    found.extend(updates_before_start(incident));
    found.extend(promises_in_the_past(incident));
    found.extend(entries_out_of_order(incident));
    found.extend(postmortem_of_open_incident(incident));
    found.extend(times::check_incident(incident, now));
    found.extend(incident_without_updates(incident));
    found.extend(abandoned_actions_without_reason(incident));
    found.extend(actions::unowned_or_undated(incident));
    found.extend(overdue_update(site, incident, now));
    found.extend(client_promises::check_incident(site, incident, now));
    found.extend(confidential::of_incident(names, incident));
    found.extend(raw_html::of_incident(incident));
    found.extend(stale_draft(site, incident, now));
    found
}

/// An open incident whose promised update time has passed: clients are waiting.
fn overdue_update(site: &Site, incident: &Incident, now: Instant) -> Option<Diagnostic> {
    let due = incident.next_update_due(&site.config)?;
    (incident.started <= now && due < now).then(|| {
        let late = crate::model::format_duration(now - due);
        Diagnostic::warning(
            &incident.source,
            incident.positions.get("title"),
            "updates",
            format!("the next update was due at {} and is {late} late", shown(due)),
        )
        .with_hint(format!("post an update now, even to say nothing has changed: `vigie update {} --status … --next 2h \"…\"`", incident.slug))
    })
}

/// A resolved incident whose postmortem is still a draft after the site's delay.
fn stale_draft(site: &Site, incident: &Incident, now: Instant) -> Option<Diagnostic> {
    let resolved = incident.resolved_at()?;
    let days = (now - resolved).num_days();
    (incident.postmortem.state == PostmortemState::Draft
        && days >= i64::from(site.config.postmortem_days))
    .then(|| {
        Diagnostic::warning(
            &incident.source,
            incident.positions.get("postmortem"),
            "postmortem",
            format!("the postmortem is still a draft {days} days after the incident was resolved"),
        )
        .with_hint(
            "finish it and set `postmortem: published`, or raise `postmortem_days` in config.toml",
        )
    })
}

fn unknown_disabled_rules(site: &Site) -> Vec<Diagnostic> {
    let known = blameless::built_in_ids();
    site.config
        .blameless
        .disable
        .iter()
        .filter(|(id, _)| !known.contains(&id.as_str()))
        .map(|(id, pos)| {
            Diagnostic::error(
                std::path::Path::new("config.toml"),
                *pos,
                "blameless.disable",
                format!("`{id}` is not a rule of the blameless check"),
            )
            .with_hint(crate::diagnostic::suggest(id, &known))
        })
        .collect()
}

fn maintenance_window(maintenance: &Maintenance) -> Option<Diagnostic> {
    (maintenance.ends <= maintenance.starts).then(|| {
        Diagnostic::error(
            &maintenance.source,
            maintenance.positions.get("ends"),
            "ends",
            format!(
                "the window ends ({}) before it starts ({})",
                shown(maintenance.ends),
                shown(maintenance.starts)
            ),
        )
        .with_hint("`ends` must be after `starts`")
    })
}

/// Two files that would publish to the same address: `a.md` and `a/index.md`, or an
/// incident and a maintenance window of the same name (a window is also served at
/// `incidents/<slug>/`, where Statuspage's clients open it).
pub fn duplicate_slugs(site: &Site) -> Vec<Diagnostic> {
    let incidents = site
        .incidents
        .iter()
        .map(|i| (i.slug.as_str(), i.source.as_path()));
    let maintenances = site
        .maintenances
        .iter()
        .map(|m| (m.slug.as_str(), m.source.as_path()));
    same_slugs(incidents.chain(maintenances))
}

fn same_slugs<'a>(
    sources: impl Iterator<Item = (&'a str, &'a std::path::Path)>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut seen: std::collections::HashMap<&str, &std::path::Path> =
        std::collections::HashMap::new();
    for (slug, source) in sources {
        match seen.get(slug) {
            Some(first) => found.push(
                Diagnostic::error(
                    source,
                    crate::model::Pos::new(1, 1),
                    "file name",
                    format!("`{slug}` is also the name of {}", first.display()),
                )
                .with_hint("rename one of the two files: each gets its own web address"),
            ),
            None => {
                seen.insert(slug, source);
            }
        }
    }
    found
}
