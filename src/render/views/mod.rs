//! The views templates receive: serializable structs built from the model, one constructor
//! per view, one file per page kind. Every computed value (local times, durations, "next
//! update by") is computed here, so templates only lay things out.

pub mod chart;
mod chart_labels;
mod coordinates;
mod history;
mod incident;
mod postmortem;
mod report;
pub mod response;
mod status;
mod subscribe;
mod timeline;

use serde::Serialize;

use crate::render::i18n::Lang;

pub use super::scope::Scope;
pub use history::{ActionItemsPage, HistoryPage};
pub use incident::{IncidentPage, IncidentView, MaintenancePage, MaintenanceView, UpdateView};
pub use postmortem::PostmortemPage;
pub use report::ClientReportPage;
pub use status::{StatusPage, UPTIME_DAYS, UptimeView, percent};
pub use timeline::{TimelineDay, TimelineRow, by_day};

/// A word and its code, e.g. `{ code: "major_outage", text: "Panne majeure" }`: templates
/// use the code for the style and always show the text.
#[derive(Debug, Clone)]
pub struct Word {
    pub code: &'static str,
    pub text: String,
}

/// The fields of a word, as a template reads them.
#[derive(Serialize)]
struct WordFields<'a> {
    code: &'static str,
    text: &'a str,
}

/// The most words a thread keeps made into template values: every status, impact and
/// state in a language or two is far fewer.
const KEPT_WORDS: usize = 256;

thread_local! {
    /// The words this thread has made into template values. A site's pages show the same
    /// few dozen words tens of thousands of times: each is made once and shared.
    static WORD_VALUES: std::cell::RefCell<Vec<(&'static str, String, tera::Value)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = WORD_VALUES.with(|kept| {
            let mut kept = kept.borrow_mut();
            if let Some((_, _, value)) = kept
                .iter()
                .find(|(code, text, _)| *code == self.code && *text == self.text)
            {
                return value.clone();
            }
            if kept.len() >= KEPT_WORDS {
                kept.clear();
            }
            let value = tera::Value::from_serializable(&WordFields {
                code: self.code,
                text: &self.text,
            });
            kept.push((self.code, self.text.clone(), value.clone()));
            value
        });
        value.serialize(serializer)
    }
}

/// What every page shows: title, navigation, language, times note.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub lang: &'a str,
    pub base: &'a str,
    pub stylesheet: &'a str,
    pub script: &'a str,
    pub status_as_of: String,
    pub times_note: String,
    /// The site's IANA timezone, for the script that adds the reader's local times.
    pub timezone: Option<&'static str>,
    /// Seconds between reloads while something is active on the page; none otherwise.
    pub refresh: Option<u32>,
    /// The team's internal site: marked noindex, and says so on every page.
    pub internal: bool,
    /// In a client's room, the banner that says whose it is (the room is marked noindex).
    pub room: Option<String>,
    /// When the page was built, for the script that says so once the page is stale.
    pub built: BuiltView,
    /// The words of the two pill languages, for the key that explains them once.
    pub key: KeyView,
}

/// When a page was built and how long it stays fresh: with JavaScript, a page the reader
/// opens more than one cadence after its build says when it was built (a scheduled rebuild
/// may be late or missed). Without JavaScript the note stays hidden.
#[derive(Debug, Serialize)]
pub struct BuiltView {
    /// The build's instant, RFC 3339, with the site's offset.
    pub iso: String,
    /// Seconds after the build when the page counts as stale: the site's cadence.
    pub stale_after: i64,
    /// "This page was built on …": shown only once stale.
    pub note: String,
}

impl BuiltView {
    fn new(scope: &Scope<'_>) -> Self {
        BuiltView {
            iso: scope.local(scope.now).to_rfc3339(),
            stale_after: scope.site.config.cadence.num_seconds(),
            note: scope.fill("page_built", "datetime", &scope.datetime(scope.now)),
        }
    }
}

/// An incident's status is a step of the response (a ring that fills up); its impact is a
/// severity (a colour and a shape). The key lists both, in order.
#[derive(Debug, Serialize)]
pub struct KeyView {
    pub statuses: Vec<Word>,
    pub impacts: Vec<Word>,
    /// The states of a maintenance window, a language of their own.
    pub maintenance: Vec<Word>,
}

impl KeyView {
    fn new(lang: &Lang) -> Self {
        KeyView {
            statuses: ["investigating", "identified", "monitoring", "resolved"]
                .into_iter()
                .map(|code| word(code, &lang.update_status))
                .collect(),
            impacts: ["none", "minor", "major", "critical"]
                .into_iter()
                .map(|code| word(code, &lang.impact))
                .collect(),
            maintenance: ["scheduled", "in_progress", "verifying", "completed"]
                .into_iter()
                .map(|code| word(code, &lang.maintenance_state))
                .collect(),
        }
    }
}

impl<'a> SiteView<'a> {
    pub fn new(scope: &'a Scope<'a>) -> Self {
        let config = &scope.site.config;
        let zone = config.timezone.map_or_else(
            || scope.local(scope.now).format("UTC%:z").to_string(),
            |tz| tz.name().to_string(),
        );
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            lang: &scope.lang.code,
            base: &scope.base,
            stylesheet: &scope.stylesheet,
            script: &scope.script,
            status_as_of: scope.fill("status_as_of", "datetime", &scope.datetime(scope.now)),
            times_note: scope.fill("times_in", "timezone", &zone),
            timezone: config.timezone.map(|tz| tz.name()),
            refresh: None,
            internal: scope.audience == crate::model::Audience::Internal,
            room: room_banner(scope),
            built: BuiltView::new(scope),
            key: KeyView::new(&scope.lang),
        }
    }

    /// The same, for a page that reloads itself while `active`.
    pub fn refreshing(scope: &'a Scope<'a>, active: bool) -> Self {
        SiteView {
            refresh: active.then_some(REFRESH_SECONDS),
            ..SiteView::new(scope)
        }
    }

    /// The view as a template value, for a page that reloads itself while `active`:
    /// made once for all the pages of a render, with its frame (`site.frame`), by the
    /// renderer before any page. Made here without its frame only for a view built outside
    /// a render.
    pub fn shared(scope: &'a Scope<'a>, active: bool) -> tera::Value {
        scope.site_views[usize::from(active)]
            .get_or_init(|| tera::Value::from_serializable(&SiteView::refreshing(scope, active)))
            .clone()
    }
}

/// The banner of a client's room: whose it is, and what it shows.
fn room_banner(scope: &Scope<'_>) -> Option<String> {
    let crate::model::Audience::Client(id) = scope.audience else {
        return None;
    };
    let name = scope.site.config.client(id).map_or(id, |c| c.name.as_str());
    Some(scope.lang.text("room_site").replace("{client}", name))
}

/// How often a page with an active incident or maintenance reloads itself.
pub const REFRESH_SECONDS: u32 = 120;

/// A component on the status page with its current status.
#[derive(Debug, Serialize)]
pub struct ComponentView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub status: Word,
    /// The recent days, on the status page only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime: Option<UptimeView>,
}

fn word(code: &'static str, table: &std::collections::BTreeMap<String, String>) -> Word {
    Word {
        code,
        text: Lang::word(table, code),
    }
}

fn component_views<'a>(
    scope: &Scope<'a>,
    ids: impl Iterator<Item = (&'a str, &'static str)>,
) -> Vec<ComponentView<'a>> {
    ids.filter_map(|(id, status)| {
        let component = scope.site.config.component(id)?;
        Some(ComponentView {
            id: &component.id,
            name: &component.name,
            description: component.description.as_deref(),
            status: word(status, &scope.lang.component_status),
            uptime: None,
        })
    })
    .collect()
}

/// "Page 2 of 5", when there is more than one page.
fn page_label(scope: &Scope<'_>, page: usize, pages: usize) -> Option<String> {
    (pages > 1).then(|| {
        scope
            .lang
            .text("page_of")
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    })
}

/// `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundPage {
    /// `SiteView`, shared by every page.
    pub site: tera::Value,
}
