//! Render: turns one job into one output file, in memory. Nothing here touches the output
//! folder.

pub mod api;
pub mod badges;
mod bar_chart;
pub mod calendar;
mod escape;
pub mod feeds;
pub mod i18n;
pub mod message;
pub mod notice;
pub mod reliability;
mod scope;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::Error;
use crate::model::{Instant, Site};
use crate::plan::{FeedKind, Job};
use badges::BadgeView;
use feeds::FeedView;
use i18n::Lang;
pub(crate) use scope::{HistoryRef, history_order};
use views::{
    HistoryPage, IncidentPage, MaintenancePage, MaintenanceView, NotFoundPage, PostmortemPage,
    Scope, SiteView, StatusPage,
};

/// A file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Holds what every job needs: templates, language, stylesheet, the site and the clock.
pub struct Renderer<'a> {
    tera: Tera,
    /// The largest output of each template so far: the next one's buffer starts that big,
    /// instead of growing by copies as the page is written.
    sizes: HashMap<String, AtomicUsize>,
    scope: Scope<'a>,
    stylesheet: String,
    script: String,
}

impl<'a> Renderer<'a> {
    /// Loads the theme (embedded, with the site's overrides) for `site`.
    pub fn new(root: &Path, site: &'a Site, now: Instant) -> Result<Self, Error> {
        Self::in_language(root, site, now, &site.config.language)
    }

    /// The same renderer, for another audience.
    #[must_use]
    pub fn for_audience(mut self, audience: crate::model::Audience<'a>) -> Self {
        self.scope.audience = audience;
        self
    }

    /// A renderer whose words are those of language `code` rather than the site's.
    pub fn in_language(
        root: &Path,
        site: &'a Site,
        now: Instant,
        code: &str,
    ) -> Result<Self, Error> {
        let config = &site.config;
        let lang_text = crate::theme::language_file(root, &config.theme, code)?;
        let lang = Lang::parse(&lang_text, &format!("{code}.toml"))?;
        let stylesheet = crate::theme::stylesheet(root, &config.theme)?;
        let stylesheet_path = format!(
            "assets/style.{:016x}.css",
            fingerprint(stylesheet.as_bytes())
        );
        let script = crate::theme::script(root, &config.theme)?;
        let script_path = format!("assets/vigie.{:016x}.js", fingerprint(script.as_bytes()));
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape::escape_html);
        tera.register_filter("safe", escape::safe);
        let templates = crate::theme::templates(root, &config.theme)?;
        let sizes = templates
            .iter()
            .map(|(name, _)| (name.clone(), AtomicUsize::new(0)))
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| Error::new("the theme's templates cannot be read").caused_by(&e))?;
        // The theme's strings are the same on every page: turned into a template value once.
        tera.global_context().insert("t", &lang.strings);
        let base = config.base_path();
        let scope = Scope {
            site,
            lang,
            now,
            stylesheet: format!("{base}{stylesheet_path}"),
            script: format!("{base}{script_path}"),
            base,
            audience: crate::model::Audience::Public,
            history: std::sync::OnceLock::new(),
            open_actions: std::sync::OnceLock::new(),
            api: std::sync::OnceLock::new(),
            statuses: std::sync::OnceLock::new(),
            feed_entries: feeds::SharedEntries::default(),
            site_views: Default::default(),
        };
        Ok(Renderer {
            tera,
            sizes,
            scope,
            stylesheet,
            script,
        })
    }

    /// The message a CSM sends customers about incident `slug`'s latest update, for a
    /// channel (`slack`, `email`), from the template `message_<channel>.txt`.
    pub fn customer_message(&self, slug: &str, channel: &str) -> Result<String, Error> {
        let incident = self.incident(slug)?;
        let view = message::MessageView::new(&self.scope, incident);
        let output = self.render_template(
            &format!("message_{channel}.txt"),
            &format!("{slug} ({channel})"),
            &view,
        )?;
        Ok(String::from_utf8_lossy(&output.bytes).into_owned())
    }

    /// Produces the output of one job.
    pub fn render(&self, job: &Job<'_>) -> Result<Output, Error> {
        self.share_site_views()?;
        let scope = &self.scope;
        match job {
            Job::StatusPage => {
                self.render_template("index.html", "index.html", &StatusPage::new(scope))
            }
            Job::Reliability => self.render_template(
                "reliability.html",
                "reliability/index.html",
                &reliability::ReliabilityPage::new(scope),
            ),
            Job::ActionItems(page) => self.render_template(
                "action_items.html",
                &format!("{}index.html", crate::plan::action_items_path(*page)),
                &views::ActionItemsPage::new(scope, *page),
            ),
            Job::History(page) => self.render_template(
                "history.html",
                &format!("{}index.html", crate::plan::history_path(*page)),
                &HistoryPage::new(scope, *page),
            ),
            Job::NotFound => self.render_template(
                "404.html",
                "404.html",
                &NotFoundPage {
                    site: SiteView::shared(scope, false),
                },
            ),
            Job::Incident(incident) => self.render_template(
                "incident.html",
                &format!("incidents/{}/index.html", incident.slug),
                &IncidentPage::new(scope, incident),
            ),
            Job::Postmortem(incident) => {
                let page = PostmortemPage::new(scope, incident);
                self.render_template(
                    "postmortem.html",
                    &format!("incidents/{}/postmortem/index.html", incident.slug),
                    &page,
                )
            }
            Job::ClientReport(incident, client) => {
                let page = views::ClientReportPage::new(scope, incident, client);
                self.render_template(
                    "client_report.html",
                    &format!("incidents/{}/report/index.html", incident.slug),
                    &page,
                )
            }
            Job::Maintenance(maintenance) | Job::MaintenanceAlias(maintenance) => {
                let slug = &maintenance.slug;
                let page = MaintenancePage {
                    site: SiteView::shared(scope, maintenance.state(scope.now).is_active()),
                    maintenance: MaintenanceView::new(scope, maintenance),
                };
                let folder = match job {
                    Job::MaintenanceAlias(_) => "incidents",
                    _ => "maintenance",
                };
                self.render_template(
                    "maintenance.html",
                    &format!("{folder}/{slug}/index.html"),
                    &page,
                )
            }
            Job::Api(file) => {
                let text = api::render(scope, *file).map_err(|e| {
                    Error::new(format!("cannot write {}", file.path())).caused_by(&e)
                })?;
                Ok(Output {
                    path: PathBuf::from(file.path()),
                    bytes: text.into_bytes(),
                })
            }
            Job::Feed(kind) => {
                let (template, path) = match kind {
                    FeedKind::Atom => ("history.atom.xml", "history.atom"),
                    FeedKind::Rss => ("history.rss.xml", "history.rss"),
                };
                self.render_template(
                    template,
                    path,
                    &Feed {
                        feed: FeedView::new(scope),
                    },
                )
            }
            Job::ComponentFeed(kind, id) => {
                let (template, extension) = match kind {
                    FeedKind::Atom => ("history.atom.xml", "atom"),
                    FeedKind::Rss => ("history.rss.xml", "rss"),
                };
                self.render_template(
                    template,
                    &format!("history/{id}.{extension}"),
                    &Feed {
                        feed: FeedView::for_component(scope, id),
                    },
                )
            }
            Job::Calendar => Ok(Output {
                path: PathBuf::from("maintenance.ics"),
                bytes: calendar::render(scope).into_bytes(),
            }),
            Job::MaintenanceEvent(maintenance) => Ok(Output {
                path: PathBuf::from(calendar::event_path(&maintenance.slug)),
                bytes: calendar::render_event(scope, maintenance).into_bytes(),
            }),
            Job::Badge(component) => {
                let badge = match component {
                    Some(id) => BadgeView::component(scope, id),
                    None => BadgeView::overall(scope),
                };
                let path = format!("badges/{}.svg", component.unwrap_or("status"));
                self.render_template("badge.svg", &path, &Badge { badge })
            }
            Job::Stylesheet => Ok(Output {
                path: PathBuf::from(scope.stylesheet.trim_start_matches(&scope.base)),
                bytes: self.stylesheet.clone().into_bytes(),
            }),
            Job::Script => Ok(Output {
                path: PathBuf::from(scope.script.trim_start_matches(&scope.base)),
                bytes: self.script.clone().into_bytes(),
            }),
            Job::EmbedPage => self.render_template(
                "embed.html",
                "embed/index.html",
                &StatusPage::current(scope),
            ),
            Job::Embed => Ok(Output {
                path: PathBuf::from("embed.js"),
                bytes: embed_script(scope).into_bytes(),
            }),
            Job::Asset { kind, slug, file } => {
                let name = file.file_name().map(PathBuf::from).unwrap_or_default();
                let bytes = std::fs::read(file).map_err(|e| {
                    Error::new(format!("cannot read {}", file.display())).caused_by(&e)
                })?;
                Ok(Output {
                    path: Path::new(kind).join(slug).join(name),
                    bytes,
                })
            }
        }
    }

    /// Makes what every page shows (`SiteView`) into template values, once for all the
    /// pages of a render: for the pages that do not reload themselves, then for those that
    /// do. Each holds its frame (`site.frame`): the blocks of `partials/frame.html`, which
    /// show only `site` and `t`, rendered here once instead of on every page.
    fn share_site_views(&self) -> Result<(), Error> {
        for active in [false, true] {
            let shared = &self.scope.site_views[usize::from(active)];
            if shared.get().is_none() {
                // Two threads may both make it: the same value, one kept.
                let _ = shared.set(self.site_view(active)?);
            }
        }
        Ok(())
    }

    /// `SiteView` as a template value, with its frame.
    fn site_view(&self, active: bool) -> Result<tera::Value, Error> {
        let site = tera::Value::from_serializable(&SiteView::refreshing(&self.scope, active));
        let mut context = Context::new();
        context.insert_value("site", site.clone());
        let mut frame = tera::Map::new();
        for block in FRAME_BLOCKS {
            let html = self
                .tera
                .render_block(FRAME, block, &context)
                .map_err(|e| Error::new(format!("cannot render {FRAME}")).caused_by(&e))?;
            frame.insert(block.into(), tera::Value::safe_string(&html));
        }
        let mut fields = site.as_map().cloned().unwrap_or_default();
        fields.insert("frame".into(), frame.into());
        Ok(fields.into())
    }

    fn incident(&self, slug: &str) -> Result<&'a crate::model::Incident, Error> {
        self.scope
            .site
            .incidents
            .iter()
            .find(|i| i.slug == slug)
            .ok_or_else(|| Error::new(format!("no incident `{slug}`")))
    }

    fn render_template(
        &self,
        template: &str,
        path: &str,
        view: &impl Serialize,
    ) -> Result<Output, Error> {
        let context = Context::from_serialize(view)
            .map_err(|e| Error::new(format!("cannot prepare {path}")).caused_by(&e))?;
        let size = self.sizes.get(template);
        let mut bytes = Vec::with_capacity(size.map_or(0, |s| s.load(Ordering::Relaxed)));
        self.tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| {
                Error::new(format!("cannot render {path} with the template {template}"))
                    .caused_by(&e)
            })?;
        if let Some(size) = size {
            size.fetch_max(bytes.len(), Ordering::Relaxed);
        }
        Ok(Output {
            path: PathBuf::from(path),
            bytes,
        })
    }
}

/// The template of the frame every page shares, and its blocks (`site.frame.<block>`).
const FRAME: &str = "partials/frame.html";
const FRAME_BLOCKS: [&str; 4] = ["page_start", "head_links", "body_start", "page_end"];

/// The context of the feed templates: `feed`.
#[derive(Serialize)]
struct Feed<'a> {
    feed: FeedView<'a>,
}

/// The context of the badge template: `badge`.
#[derive(Serialize)]
struct Badge {
    badge: BadgeView,
}

/// FNV-1a: a stable fingerprint for asset names (not a security hash).
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `embed.js` with the site's words: its language, the notice's texts and the statuses.
fn embed_script(scope: &Scope<'_>) -> String {
    let lang = &scope.lang;
    let statuses: serde_json::Map<String, serde_json::Value> = lang
        .update_status
        .iter()
        .chain(&lang.maintenance_state)
        .map(|(code, text)| (code.clone(), serde_json::Value::from(text.as_str())))
        .collect();
    let words = serde_json::json!({
        "lang": scope.site.config.language,
        "incident": lang.text("embed_incident"),
        "maintenance": lang.text("embed_maintenance"),
        "details": lang.text("embed_details"),
        "dismiss": lang.text("embed_dismiss"),
        "statuses": statuses,
    });
    crate::theme::EMBED.replace("__VIGIE_WORDS__", &words.to_string())
}
