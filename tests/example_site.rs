//! The example site in `content/` (the story of the weekly reports, in French), built as the
//! README's first command builds it, with the clock fixed on Monday 23 November 2026 10:30,
//! while the exports incident is still open.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use std::path::Path;

use common::{all_files, build_root, item, read, visible_text};

const NOW: &str = "2026-11-23 10:30";
const STORY: &str = "incidents/2026-11-13-rapports-hebdomadaires";

fn build_example() -> (tempfile::TempDir, std::path::PathBuf) {
    build_root(Path::new(env!("CARGO_MANIFEST_DIR")), NOW)
}

#[test]
fn every_page_kind_of_the_example_is_built() {
    let (_guard, out) = build_example();
    for page in [
        "index.html",
        "history/index.html",
        "404.html",
        "incidents/2026-11-23-exports-en-echec/index.html",
        "incidents/2026-11-19-lenteurs-tableau-de-bord/index.html",
        "incidents/2026-11-13-rapports-hebdomadaires/index.html",
        "incidents/2026-11-13-rapports-hebdomadaires/postmortem/index.html",
        "incidents/2026-11-13-rapports-hebdomadaires/rapports-generes.svg",
        "maintenance/2026-11-28-base-de-donnees/index.html",
        "maintenance/2026-11-07-service-e-mail/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
}

#[test]
fn status_page_shows_the_open_incident_and_what_comes_next() {
    let (_guard, out) = build_example();
    let html = read(&out.join("index.html"));
    let text = visible_text(&html);
    assert!(
        text.contains("Panne partielle État au lundi 23 novembre 2026 à 10:30"),
        "{text}"
    );
    assert!(text.contains("Prochaine mise à jour au plus tard à 11:00"));
    assert!(
        text.contains(
            "Services touchés : Exports CSV et Excel (Panne partielle), API publique (Opérationnel)"
        ),
        "the most affected component comes first; the API came back at 10:25"
    );
    let api = visible_text(item(&html, "id=\"component-api\""));
    assert!(api.contains("> API publique Opérationnel"), "{api}");
    let exports = visible_text(item(&html, "id=\"component-exports\""));
    assert!(
        exports.contains(
            "> Exports CSV et Excel Panne partielle Exports à la demande depuis le tableau de bord et l'API. lundi 23 novembre : Panne partielle"
        ),
        "{exports}"
    );
    let reports = visible_text(item(&html, "id=\"component-rapports-hebdo\""));
    assert!(
        reports.contains("> Rapports hebdomadaires Opérationnel"),
        "{reports}"
    );
    assert!(
        text.contains("API publique Opérationnel api.cadran.example, version 3.")
            && text.contains("Autres services Opérationnel Notifications e-mail Opérationnel"),
        "a component without a group is not listed under the group above, and the heading of the others says their state: {text}"
    );
    let (maintenance, components) = (
        text.find("Maintenances planifiées").expect("maintenance"),
        text.find("Services Rapports").expect("components"),
    );
    assert!(
        maintenance < components,
        "maintenance comes before the components"
    );
    assert!(text.contains("Maintenances planifiées Mise à niveau de la base de données principale Planifiée samedi 28 novembre 2026 à 22:00 → dimanche 29 novembre 2026 à 01:00 · Durée : 3 h"), "{text}");
    assert!(html.contains("<time datetime=\"2026-11-28T22:00:00+01:00\">samedi 28 novembre 2026 à 22:00</time> → <time datetime=\"2026-11-29T01:00:00+01:00\">dimanche 29 novembre 2026 à 01:00</time>"), "each time of the window is its own: {html}");
    let (banner, notice) = (
        html.find("id=\"banner-title\"").expect("banner"),
        html.find("id=\"refresh-control\"").expect("notice"),
    );
    assert!(
        banner < notice,
        "the state comes first, the reload notice after it"
    );
}

#[test]
fn recent_history_shows_the_weekend_the_story_lasted() {
    let (_guard, out) = build_example();
    let text = visible_text(&read(&out.join("index.html")));
    // Each day of the weekend says what changed that day: its last update and the status it
    // left the incident in, not the same line three times.
    for (day, status, said) in [
        (
            "samedi 14 novembre 2026",
            "Cause identifiée",
            "L'écart d'ordre sur les deux rapports est corrigé.",
        ),
        (
            "dimanche 15 novembre 2026",
            "Cause identifiée",
            "Le correctif est validé.",
        ),
        (
            "lundi 16 novembre 2026",
            "Résolu",
            "Les rapports hebdomadaires de tous les comptes ont été envoyés",
        ),
    ] {
        let expected = format!(
            "{day} Rapports hebdomadaires non générés pour une partie des comptes {status} en cours depuis le vendredi 13 novembre {said}"
        );
        assert!(
            text.contains(&expected),
            "{day} does not say what changed: {text}"
        );
    }
    assert!(
        text.contains("vendredi 13 novembre 2026 Rapports hebdomadaires non générés pour une partie des comptes Cause identifiée Durée : 2 j 14 h 30 min Un premier correctif est écrit"),
        "the first day shows that day's last update: {text}"
    );
    assert!(text.contains("mardi 17 novembre – mercredi 18 novembre 2026 Aucun incident signalé."));
    assert!(
        text.contains("Lenteurs du tableau de bord Résolu Durée : 2 h 25 min"),
        "{text}"
    );
}

#[test]
fn story_postmortem_reads_as_a_postmortem() {
    let (_guard, out) = build_example();
    let html = read(&out.join(STORY).join("postmortem/index.html"));
    let text = visible_text(&html);
    assert!(text.contains("Impact Critique Début vendredi 13 novembre 2026 à 18:00 Résolu lundi 16 novembre 2026 à 08:30 Durée 2 j 14 h 30 min"), "{text}");
    // The story in one screen (the facts, the picture, the summary, the response in
    // numbers), then the contents and the rest.
    let order = [
        "Résumé",
        "La réponse en chiffres",
        "Sommaire",
        "Impact",
        "Déclencheur",
        "Causes contributives",
        "Détection",
        "Résolution",
        "Ce qui a bien fonctionné",
        "Ce qui a mal fonctionné",
        "Là où nous avons eu de la chance",
        "Enseignements",
        "Actions",
        "Communication avec le client",
        "Chronologie",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|title| {
            html.find(&format!("-title\">{title}</h2>"))
                .unwrap_or_else(|| panic!("no section {title}"))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "sections out of order: {positions:?}"
    );
    assert!(text.contains(
        "Geler les mises en production le vendredi après 14:00 pour les composants du lot hebdomadaire tech lead Processus Moyenne 1er décembre 2026 À faire"
    ), "{text}");
    assert!(html.contains(
        "<div class=\"picture\" role=\"region\" tabindex=\"0\" aria-label=\"Rapports à modèle personnalisé générés du vendredi 13 au lundi 16 novembre : aucun jusqu'au lundi 05:40, les 37 à 06:20, avant l'envoi de 07:00\"><img src=\"/incidents/2026-11-13-rapports-hebdomadaires/rapports-generes.svg\""
    ), "the author's picture has a frame of its own, named by its text alternative");
}

#[test]
fn story_timeline_is_grouped_by_day_with_public_entries_only() {
    let (_guard, out) = build_example();
    let html = read(&out.join(STORY).join("postmortem/index.html"));
    let timeline = &html[html.find("<section id=\"timeline\"").expect("timeline")..];
    let text = visible_text(&timeline[..timeline.find("</section>").expect("its end")]);
    assert!(text.starts_with("Chronologie vendredi 13 novembre 2026 18:52 Appel · CSM → directrice des opérations du client Appel : ce qui se passe, ce que nous savons, ce qui va suivre."), "{text}");
    assert!(text.contains(
        "samedi 14 novembre 2026 09:00 Mise à jour de la page d'état · Cause identifiée"
    ));
    assert!(text.contains("Prochaine mise à jour promise : samedi 14 novembre 2026 à 09:00"));
    assert!(text.contains("08:15 Retour client · client Dans le canal partagé, le client écrit : « On sait que l'erreur n'était pas volontaire."));
    assert!(
        !text.contains("Le lot de génération du vendredi s'arrête"),
        "internal entry shown"
    );
    assert!(
        !text.contains("fuseau du serveur au lieu de celui du compte"),
        "internal note shown"
    );
}

#[test]
fn customer_communication_record_audits_the_promises_told_in_the_timeline() {
    let (_guard, out) = build_example();
    let html = read(&out.join(STORY).join("postmortem/index.html"));
    let start = html.find("<section id=\"communications\"").expect("record");
    let end = start + html[start..].find("</section>").expect("its end");
    let record = visible_text(&html[start..end]);
    assert!(
        record.contains("Promesses de mise à jour tenues : 16 sur 17."),
        "{record}"
    );
    assert!(html.contains(
        "<a href=\"#t-20261114-1300\">Mise à jour promise pour le samedi 14 novembre 2026 à 15:00, arrivée à 15:20 (20 min de retard).</a>"
    ), "{record}");
    assert!(record.contains("Solutions de contournement proposées vendredi 13 novembre 2026 à 22:42 · CSM samedi 14 novembre 2026 à 14:30 · CSM"), "{record}");
    assert!(
        record.contains("Retours des clients lundi 16 novembre 2026 à 08:15 · client"),
        "{record}"
    );
    let timeline = visible_text(&html[html.find("<section id=\"timeline\"").expect("timeline")..]);
    assert!(timeline.contains(
        "13:00 Mise à jour de la page d'état · Cause identifiée Les 6 modèles restants utilisent une semaine de référence décalée (du mardi au lundi). Le correctif doit aussi couvrir ce cas ; nous le complétons. Prochaine mise à jour promise : 15:00 ✗ non tenue"
    ), "{timeline}");
    for told in [
        "Ouverture d'un canal Slack partagé",
        "Les 6 modèles restants utilisent une semaine de référence décalée",
        "Solution de secours proposée au client",
        "On sait que",
    ] {
        assert_eq!(html.matches(told).count(), 1, "{told} is told once");
    }
}

#[test]
fn internal_notes_and_draft_postmortems_stay_private() {
    let (_guard, out) = build_example();
    assert!(
        !out.join("incidents/2026-11-20-connexion-sso/postmortem")
            .exists()
    );
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "06 00 00 00 00",
            "pp-bastion-2",
            "Brouillon en cours de relecture",
            "Le lot de génération du vendredi s'arrête",
        ] {
            assert!(
                !text.contains(secret),
                "{secret:?} published in {}",
                path.display()
            );
        }
    }
}

#[test]
fn history_lists_everything_newest_first_with_status_impact_and_postmortem() {
    let (_guard, out) = build_example();
    let html = read(&out.join("history/index.html"));
    let text = visible_text(&html);
    assert!(text.contains(
        "Rapports hebdomadaires non générés pour une partie des comptes Résolu Impact : Critique vendredi 13 novembre 2026 à 18:00 · 2 j 14 h 30 min · Post-mortem"
    ), "{text}");
    assert!(text.contains(
        "Exports CSV et Excel en échec pour une partie des comptes Cause identifiée Impact : Majeur lundi 23 novembre 2026 à 09:10 · en cours depuis 1 h 20 min"
    ), "{text}");
    let titles = [
        "Mise à niveau de la base de données principale",
        "Exports CSV et Excel en échec",
        "Connexion par SSO impossible",
        "Lenteurs du tableau de bord",
        "Rapports hebdomadaires non générés",
        "Notifications e-mail envoyées avec retard",
        "Changement du prestataire",
    ];
    let positions: Vec<usize> = titles
        .iter()
        .map(|t| text.find(t).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(positions.is_sorted(), "newest first: {positions:?}");
    assert!(
        html.contains("href=\"/incidents/2026-11-13-rapports-hebdomadaires/postmortem/\""),
        "postmortem link"
    );
    // A completed maintenance window speaks the maintenance pills' language, not the green
    // of a resolved incident.
    assert!(html.contains("<span class=\"tag tag--completed\">Maintenance · Terminée</span>"));
    assert!(
        text.contains("Maintenance : où en est un créneau planifié (le carré se remplit à mesure) Planifiée En cours Vérification Terminée"),
        "the key explains the maintenance pills: {text}"
    );
    let css = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "css"))
        .map(|p| read(&p))
        .expect("a stylesheet");
    let rules: Vec<&str> = css
        .lines()
        .filter(|l| l.contains(".tag--completed") && l.contains('{') && !l.contains("::before"))
        .collect();
    assert!(!rules.is_empty(), "a rule for completed maintenance");
    for rule in rules {
        assert!(
            !rule.contains("--ok"),
            "completed maintenance looks resolved: {rule}"
        );
    }
}

#[test]
fn uptime_bars_show_ninety_days_with_words_for_each() {
    let (_guard, out) = build_example();
    let html = read(&out.join("index.html"));
    let reports = item_block(&html, "id=\"component-rapports-hebdo\"");
    assert_eq!(
        reports.matches("<i></i>").count() + reports.matches("<i class=\"").count(),
        90
    );
    // A day something happened is an item of a list that screen readers read; a quiet
    // day's bar holds no words.
    assert!(
        reports.contains("<div class=\"uptime-bars\" role=\"list\" aria-label=\"Jours avec un incident ou une maintenance\">"),
        "{reports}"
    );
    assert!(reports.contains(
        "<i class=\"major_outage\" role=\"listitem\"><span>samedi 14 novembre : Panne majeure pendant 1 j (Rapports hebdomadaires non générés pour une partie des comptes)</span></i>"
    ), "{reports}");
    assert_eq!(reports.matches("role=\"listitem\"").count(), 4, "{reports}");
    assert!(!reports.contains("Aucun incident signalé"));
    let text = visible_text(reports);
    assert!(
        text.contains("97,08 % de disponibilité (90 derniers jours)"),
        "{text}"
    );
    // A phone shows the last 30 bars, four of them red: its figure is over those 30 days.
    assert!(
        text.contains("91,16 % de disponibilité (30 derniers jours)"),
        "{text}"
    );
    assert!(text.contains(
        "vendredi 13 novembre : Panne majeure pendant 6 h (Rapports hebdomadaires non générés pour une partie des comptes)"
    ), "the days are told in words: {text}");
    let api = visible_text(item_block(&html, "id=\"component-api\""));
    assert!(
        api.contains("100,00 % de disponibilité"),
        "degraded performance is not downtime: {api}"
    );
}

/// The HTML of a component's row: from `marker` to the end of its `<li>` (bars included).
fn item_block<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html.find(marker).expect("marker");
    let end = html[start..]
        .find("<li class=\"component\"")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn open_action_items_of_published_postmortems_are_listed_most_urgent_first() {
    let (_guard, out) = build_example();
    let html = read(&out.join("action-items/index.html"));
    let text = visible_text(&html);
    assert!(
        text.contains("5 actions ouvertes, dont 1 en retard."),
        "{text}"
    );
    let order: Vec<usize> = [
        "Nommer une seconde personne",
        "Geler les mises en production",
        "Alerter dès le premier compte",
        "Proposer l'extraction manuelle",
        "Copier chaque semaine",
    ]
    .iter()
    .map(|t| text.find(t).unwrap_or_else(|| panic!("{t}")))
    .collect();
    assert!(order.is_sorted(), "by due date: {order:?}");
    // Grouped under their postmortem, named once; every item here is open, so no row
    // says "to do".
    assert!(text.contains(
        "Rapports hebdomadaires non générés pour une partie des comptes Action Responsable Type Priorité Échéance Nommer une seconde personne pour publier les mises à jour pendant un incident critique direction Customer Success Processus Haute 20 novembre 2026 En retard"
    ), "{text}");
    assert_eq!(html.matches("<section class=\"action-group\"").count(), 1);
    assert!(!text.contains("À faire"), "{text}");
    assert!(
        !text.contains("Tester le planificateur"),
        "done items are not listed"
    );
    assert!(
        !text.contains("Revenir à l'ancien planificateur"),
        "abandoned items are not listed"
    );
    assert!(
        !text.contains("Surveiller l'expiration"),
        "draft postmortems are not listed"
    );
    assert!(html.contains("<a href=\"https://suivi.cadran.example/OBS-88\">Suivi</a>"));
    let pm = visible_text(&read(&out.join(STORY).join("postmortem/index.html")));
    assert!(pm.contains(
        "Revenir à l'ancien planificateur Raison : la migration de données de la 4.12 ne se défait pas sans risque tech lead Prévenir Abandonné"
    ), "{pm}");
}

#[test]
fn the_story_incident_page_shows_the_latest_update_then_a_list_by_day() {
    let (_guard, out) = build_example();
    let html = read(&out.join(STORY).join("index.html"));
    let latest = item(&html, "<li class=\"update\">");
    assert!(
        latest.contains("lundi 16 novembre 2026 à 08:30"),
        "the latest update comes first, in full: {latest}"
    );
    let days: Vec<&str> = html
        .match_indices("<h3 class=\"timeline-day\">")
        .map(|(at, _)| &html[at..at + 90])
        .collect();
    assert_eq!(days.len(), 4, "{days:?}");
    // A status is said where it changes, not on each of the 13 updates that kept it.
    assert_eq!(html.matches("tag--identified").count(), 1, "{html}");
    assert!(html.contains(
        "<dt>Résolu</dt><dd><time datetime=\"2026-11-16T08:30:00+01:00\">lundi 16 novembre 2026 à 08:30</time></dd>"
    ), "the resolution is a time with its reader's local time: {html}");
}

#[test]
fn a_component_without_incidents_has_nothing_to_measure_rather_than_unknown_times() {
    let (_guard, out) = build_example();
    let text = visible_text(&read(&out.join("reliability/index.html")));
    assert!(text.contains("API publique 0 — — — —"), "{text}");
    assert!(
        text.contains("Notifications e-mail 1 1 h 10 min inconnu 1 h 10 min"),
        "unknown stays for an incident without its milestone: {text}"
    );
    assert!(!text.contains("API publique inconnu"), "{text}");
}

#[test]
fn the_reliability_page_gives_each_component_its_availability_per_month() {
    let (_guard, out) = build_example();
    let html = read(&out.join("reliability/index.html"));
    let text = visible_text(&html);
    // Rapports hebdomadaires: in a major outage from Friday 13 18:00 to its resolution on
    // Monday 16 08:30 (3,750 min) of November up to the 23rd at 10:30 (32,310 min).
    assert!(
        text.contains(
            "Disponibilité par mois Service novembre 2026 Rapports hebdomadaires 88,39 %"
        ),
        "{text}"
    );
    assert!(text.contains("API publique 100,00 %"), "{text}");
    assert!(
        text.contains("Incidents résolus par semaine"),
        "a record of one month is drawn week by week: {text}"
    );
    for week in [
        "semaine du lundi 26 octobre 0",
        "semaine du lundi 9 novembre 2",
        "semaine du lundi 23 novembre 0",
    ] {
        assert!(text.contains(week), "{week}: {text}");
    }
    assert_eq!(
        html.matches("<svg class=\"chart--narrow\"").count(),
        2,
        "each chart has a phone layout"
    );
}

#[test]
fn in_the_open_exports_incident_the_api_comes_back_first_in_every_output() {
    let (_guard, out) = build_example();
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("api/v2/summary.json"))).expect("json");
    let status = |id: &str| {
        summary["components"]
            .as_array()
            .expect("components")
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
    };
    assert_eq!(status("api"), Some("operational".into()));
    assert_eq!(status("exports"), Some("partial_outage".into()));
    let latest = &summary["incidents"][0]["incident_updates"][0];
    assert_eq!(
        latest["affected_components"],
        serde_json::json!([{"code": "api", "name": "Application - API publique", "old_status": "degraded_performance", "new_status": "operational"}])
    );
    let page = visible_text(&read(
        &out.join("incidents/2026-11-23-exports-en-echec/index.html"),
    ));
    assert!(
        page.contains(
            "Cause identifiée lundi 23 novembre 2026 à 10:25 API publique Opérationnel Les appels"
        ),
        "{page}"
    );
    let feed = read(&out.join("history.atom"));
    assert!(feed.contains("&lt;p&gt;API publique : Opérationnel&lt;/p&gt;"));
    let badge = read(&out.join("badges/api.svg"));
    assert!(badge.contains("Opérationnel"), "{badge}");
}
