//! `vigie init`: a new site that builds as it is, in the timezone it will be read in, with the
//! files that publish it from its own repository (GitHub Pages, Netlify).

use std::path::PathBuf;

use chrono_tz::Tz;

use super::publishing::{NETLIFY_PATH, WORKFLOW_PATH, netlify_toml, workflow};
use crate::diagnostic::Error;
use crate::model::Instant;

/// What `vigie init` needs.
#[derive(Debug, Clone)]
pub struct NewSite {
    pub dir: PathBuf,
    pub french: bool,
    /// The site's timezone: how every time is read and shown.
    pub timezone: Tz,
    /// The clock, for the sample incident's date.
    pub now: Instant,
}

/// The machine's timezone, when it can be told: `TZ` (`Europe/Paris`, `:Europe/Paris`), else
/// the zone `/etc/localtime` links to, else `/etc/timezone`. An error that asks for
/// `--timezone` otherwise: a site is never put in UTC by default.
pub fn machine_timezone(tz_variable: Option<&str>) -> Result<Tz, Error> {
    let ask =
        "give the site's timezone with --timezone, e.g. `--timezone Europe/Paris` (an IANA name)";
    if let Some(value) = tz_variable.map(str::trim).filter(|v| !v.is_empty()) {
        let name = value.trim_start_matches(':');
        let name = name.split("zoneinfo/").last().unwrap_or(name);
        return name.parse().map_err(|_| {
            Error::new(format!(
                "TZ is `{value}`, which is not a timezone vigie knows: {ask}"
            ))
        });
    }
    let linked = std::fs::read_link("/etc/localtime")
        .ok()
        .and_then(|target| {
            let target = target.to_string_lossy().into_owned();
            target.split("zoneinfo/").nth(1).map(str::to_string)
        });
    let written = || {
        std::fs::read_to_string("/etc/timezone")
            .ok()
            .map(|t| t.trim().to_string())
    };
    linked
        .or_else(written)
        .and_then(|name| name.parse().ok())
        .ok_or_else(|| Error::new(format!("this machine does not say its timezone: {ask}")))
}

/// `vigie init`: a new site in `dir` (config.toml, one component, one sample incident, the
/// CI workflow, netlify.toml and a .gitignore) that builds as it is. Refuses a folder that already has a
/// config.toml.
pub fn init(site: &NewSite) -> Result<Vec<PathBuf>, Error> {
    let dir = site.dir.as_path();
    let config_path = dir.join("config.toml");
    if crate::fs::exists(&config_path) {
        return Err(Error::new(format!(
            "{} already exists: vigie init starts a new site in an empty folder",
            config_path.display()
        )));
    }
    let (slug, sample) = sample_incident(site);
    let incident_path = dir.join("content/incidents").join(format!("{slug}.md"));
    crate::fs::create_dir_all(incident_path.parent().unwrap_or(dir))?;
    crate::fs::write(&config_path, config(site).as_bytes())?;
    crate::fs::write(&incident_path, sample.as_bytes())?;
    let mut written = vec![config_path, incident_path];
    let files = [
        (".gitignore", GITIGNORE.to_string()),
        (WORKFLOW_PATH, workflow()),
        (NETLIFY_PATH, netlify_toml()),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        if !crate::fs::exists(&path) {
            crate::fs::write(&path, text.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}

fn config(site: &NewSite) -> String {
    let t =
        |english: &'static str, french: &'static str| if site.french { french } else { english };
    format!(
        "# The site: see docs/format.md.\n\
         title = \"{}\"\n\
         base_url = \"https://status.example.com/\"\n\
         language = \"{}\"\n\
         timezone = \"{}\"\n\
         # Without a promise in an update, clients expect the next one after this.\n\
         cadence = \"2h\"\n\
         \n\
         [[components]]\n\
         id = \"website\"\n\
         name = \"{}\"\n\
         description = \"{}\"\n",
        t("Service status", "État des services"),
        t("en", "fr"),
        site.timezone.name(),
        t("Website", "Site web"),
        t("The public website.", "Le site public."),
    )
}

/// The sample incident, resolved the day before `now`: its slug and its text.
fn sample_incident(site: &NewSite) -> (String, String) {
    let t =
        |english: &'static str, french: &'static str| if site.french { french } else { english };
    let started = (site.now - chrono::Duration::days(1)).with_timezone(&site.timezone);
    let resolved = started + chrono::Duration::minutes(45);
    let text = format!(
        "---\n\
         title: {}\n\
         impact: minor\n\
         started: {}\n\
         components:\n  website: degraded_performance\n\
         ---\n\n\
         ## {}\n\n\
         ### {} [{}]\n{}\n\n\
         ### {} [{}]\n{}\n",
        t("Slow pages on the website", "Pages lentes sur le site"),
        started.format("%Y-%m-%d %H:%M"),
        t("Updates", "Mises à jour"),
        started.format("%H:%M"),
        t("investigating, next 1h", "enquête, prochain 1h"),
        t(
            "Some pages take several seconds to load. We are looking into it.",
            "Certaines pages mettent plusieurs secondes à s'afficher. Nous analysons la cause."
        ),
        resolved.format("%Y-%m-%d %H:%M"),
        t("resolved", "résolu"),
        t(
            "Pages load normally again.",
            "Les pages s'affichent de nouveau normalement."
        ),
    );
    let slug = format!(
        "{}-{}",
        started.format("%Y-%m-%d"),
        t("slow-pages", "pages-lentes")
    );
    (slug, text)
}

/// What a new site keeps out of git: the output, and the output before last that the next
/// build writes over.
const GITIGNORE: &str = "# vigie build's output, and the previous one, which the next build writes over.\n\
                         /public/\n\
                         /.public.vigie-*\n";

#[cfg(test)]
mod tests {
    use super::machine_timezone;

    #[test]
    fn the_tz_variable_names_the_zone() {
        assert_eq!(
            machine_timezone(Some("Europe/Paris")).ok(),
            Some(chrono_tz::Europe::Paris)
        );
        assert_eq!(
            machine_timezone(Some(":America/New_York")).ok(),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(
            machine_timezone(Some("/usr/share/zoneinfo/Asia/Tokyo")).ok(),
            Some(chrono_tz::Asia::Tokyo)
        );
        let error = machine_timezone(Some("CET-1CEST")).map(|_| ()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "TZ is `CET-1CEST`, which is not a timezone vigie knows: give the site's timezone with --timezone, e.g. `--timezone Europe/Paris` (an IANA name)"
        );
    }
}
