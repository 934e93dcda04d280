//! Pages stay small whatever the history: a site with forty incidents a day and four years
//! of maintenance windows, built end to end. The status page stays under 100 KB, a busy day
//! says how many more it leaves out and links to the history page that lists them, and the
//! calendar feed holds the recent and upcoming windows only.

#![allow(
    clippy::expect_used,
    reason = "a test that cannot set up its site fails"
)]

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{read, vigie};

const NOW: &str = "2026-11-23 12:00";

/// Incidents a day, on each of the 13 days before `NOW`.
const PER_DAY: u32 = 40;

const COMPONENTS: [&str; 3] = ["api", "dashboard", "exports"];

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("folder");
    std::fs::write(path, text).expect("file written");
}

/// The slug of incident `k` (0 the earliest) of the day `back` days before `NOW`.
fn slug(back: u32, k: u32) -> String {
    format!("d{back:02}-k{k:02}")
}

/// A site under `root`: `PER_DAY` incidents a day for 13 days, each touching one component,
/// with updates of several paragraphs; and a maintenance window every week for four years
/// back and one year ahead.
fn busy_site(root: &Path) {
    let mut config = String::from(
        "title = \"Acme status\"\nbase_url = \"https://status.acme.example/\"\nlanguage = \"en\"\ntimezone = \"UTC\"\n",
    );
    for id in COMPONENTS {
        write!(config, "\n[[components]]\nid = \"{id}\"\nname = \"{id}\"\n").expect("text");
    }
    write(&root.join("config.toml"), &config);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let paragraph = "The queue that feeds the reports fell behind after a configuration change. \
                     We are moving the backlog to a second set of workers and watching the delay. ";
    for back in 1..=13 {
        let day = today - chrono::Duration::days(i64::from(back));
        for k in 0..PER_DAY {
            let (hour, minute) = (k / 3, (k % 3) * 20);
            let text = format!(
                "---\ntitle: Slow {component} {back} {k}\nimpact: minor\nstarted: {day} {hour:02}:{minute:02}\ncomponents:\n  {component}: degraded_performance\n---\n\n## Updates\n\n### {day} {hour:02}:{m1:02} [investigating]\n{p}\n\n{p}\n\n### {day} {hour:02}:{m2:02} [resolved]\n{p}\n",
                component = COMPONENTS[(k % 3) as usize],
                m1 = minute + 5,
                m2 = minute + 15,
                p = paragraph.repeat(3),
            );
            write(
                &root.join(format!("content/incidents/{}.md", slug(back, k))),
                &text,
            );
        }
    }
    for week in -52..=208 {
        let day = today - chrono::Duration::weeks(week);
        let text = format!(
            "---\ntitle: Database upgrade {week}\nstarts: {day} 02:00\nends: {day} 03:00\ncomponents: [api]\n---\nA short pause of the API.\n"
        );
        write(
            &root.join(format!("content/maintenance/upgrade-{:03}.md", week + 52)),
            &text,
        );
    }
}

/// The busy site, built once for all the tests of this file (it has 520 incidents): its
/// output folder, under the test's temporary folder in `target/`.
fn built() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temporary folder");
        let (site, out) = (dir.path().join("site"), dir.path().join("public"));
        busy_site(&site);
        let run = vigie(&[
            "build",
            "--root",
            site.to_str().expect("utf-8 path"),
            "--output",
            out.to_str().expect("utf-8 path"),
            "--now",
            NOW,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        (dir, out)
    });
    out
}

#[test]
fn a_busy_history_leaves_the_status_page_under_100_kb() {
    let out = built();
    let bytes = std::fs::metadata(out.join("index.html"))
        .expect("a status page")
        .len();
    assert!(bytes <= 100 * 1024, "the status page is {bytes} bytes");
}

#[test]
fn a_busy_day_lists_five_entries_and_links_to_the_history_for_the_rest() {
    let out = built();
    let page = read(&out.join("index.html"));
    let day = page
        .split("<time datetime=\"2026-11-18\">")
        .nth(1)
        .expect("18 November on the page")
        .split("<li class=\"day\">")
        .next()
        .expect("its entries");
    let listed: Vec<u32> = (0..PER_DAY)
        .filter(|k| day.contains(&format!("/incidents/{}/", slug(5, *k))))
        .collect();
    // The day's latest five, newest first.
    assert_eq!(listed, vec![35, 36, 37, 38, 39]);
    let more = page
        .split("<li class=\"day-more\">")
        .nth(5)
        .expect("a sixth busy day")
        .split("</li>")
        .next()
        .expect("its entry");
    assert_eq!(
        more,
        "<a href=\"/history/page/5/\">35 more in the full history</a>"
    );
    // The history page linked lists the newest incident the day left out.
    let history = read(&out.join("history/page/5/index.html"));
    assert!(history.contains(&format!("/incidents/{}/", slug(5, 34))));
}

#[test]
fn the_recent_days_list_forty_entries_in_all_and_count_the_rest() {
    let out = built();
    let page = read(&out.join("index.html"));
    let days = page
        .split("<ol class=\"days\">")
        .nth(1)
        .expect("the recent days");
    let listed = days.matches("<a href=\"/incidents/").count()
        + days.matches("<a href=\"/maintenance/").count();
    // Today's maintenance window, five incidents on each of seven days, four on the eighth.
    assert_eq!(listed, 1 + 7 * 5 + 4);
    let oldest = page
        .split("<time datetime=\"2026-11-10\">")
        .nth(1)
        .expect("10 November on the page")
        .split("</li>")
        .next()
        .expect("its entries");
    assert!(
        oldest.contains("<li class=\"day-more\"><a href=\"/history/page/"),
        "{oldest}"
    );
    assert!(
        oldest.contains(">40 more in the full history</a>"),
        "{oldest}"
    );
}

#[test]
fn the_status_page_shows_the_five_soonest_windows_and_counts_the_rest() {
    let out = built();
    let page = read(&out.join("index.html"));
    let upcoming = page
        .split("id=\"upcoming-title\"")
        .nth(1)
        .expect("upcoming maintenance")
        .split("</section>")
        .next()
        .expect("its section");
    let shown: Vec<&str> = [
        "upgrade-051",
        "upgrade-050",
        "upgrade-049",
        "upgrade-048",
        "upgrade-047",
    ]
    .into_iter()
    .filter(|slug| upcoming.contains(&format!("/maintenance/{slug}/")))
    .collect();
    assert_eq!(shown.len(), 5, "{upcoming}");
    assert!(!upcoming.contains("/maintenance/upgrade-046/"));
    assert!(
        upcoming.contains("<a href=\"/history/\">47 more planned, in the full history</a>"),
        "{upcoming}"
    );
}

#[test]
fn an_uptime_bar_names_one_incident_and_counts_the_others() {
    let out = built();
    let page = read(&out.join("index.html"));
    // On 18 November, 14 incidents touched the first component (k = 0, 3, … 39).
    assert!(
        page.contains(
            "title=\"Wednesday 18 November 2026: Degraded performance for 3 h 30 min (Slow api 5 39 and 13 more)\""
        ),
        "{}",
        common::item(&page, "title=\"Wednesday 18 November 2026")
    );
}

#[test]
fn the_calendar_holds_recent_and_upcoming_windows_only() {
    let out = built();
    let calendar = read(&out.join("maintenance.ics"));
    let uids: Vec<&str> = calendar
        .lines()
        .filter_map(|line| line.strip_prefix("UID:"))
        .collect();
    // 90 days back: the windows of the last 12 weeks and this week's; 366 days ahead: 52.
    let expected: Vec<String> = (-52..=12)
        .map(|week: i32| format!("upgrade-{:03}@status.acme.example", week + 52))
        .collect();
    assert_eq!(uids, expected);
    // An older window keeps its own calendar file, beside its page.
    assert!(
        read(&out.join("maintenance/upgrade-200/upgrade-200.ics"))
            .contains("UID:upgrade-200@status.acme.example")
    );
}
