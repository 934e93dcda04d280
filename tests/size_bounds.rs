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

/// The site `write_site` writes, built into a folder under the test's temporary folder in
/// `target/` with the clock at `NOW`: the folder (kept alive by the guard) and the output.
fn built_site(write_site: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temporary folder");
    let (site, out) = (dir.path().join("site"), dir.path().join("public"));
    write_site(&site);
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
    let (_, out) = BUILT.get_or_init(|| built_site(busy_site));
    out
}

/// Components of the site with many components: 12, in 3 groups.
const MANY: usize = 12;

/// A site under `root` with `MANY` components: on each of the 13 days before `NOW`,
/// `PER_DAY` incidents each touching two components, and before them an incident every
/// other day for the rest of the uptime bars' 90 days.
fn many_components_site(root: &Path) {
    let mut config = String::from(
        "title = \"Acme status\"\nbase_url = \"https://status.acme.example/\"\nlanguage = \"en\"\ntimezone = \"UTC\"\n",
    );
    for c in 0..MANY {
        let group = ["Platform", "Reporting", "Billing"][c % 3];
        write!(
            config,
            "\n[[components]]\nid = \"c{c:02}\"\nname = \"Component {c}\"\ngroup = \"{group}\"\n"
        )
        .expect("text");
    }
    write(&root.join("config.toml"), &config);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let statuses = ["degraded_performance", "partial_outage", "major_outage"];
    let mut n = 0_usize;
    for back in 1..=89_u32 {
        let day = today - chrono::Duration::days(i64::from(back));
        let count = match back {
            1..=13 => PER_DAY,
            _ if back % 2 == 0 => 1,
            _ => 0,
        };
        for k in 0..count {
            let (hour, minute) = (k / 3, (k % 3) * 20);
            let (first, second) = (n % MANY, (n + 5) % MANY);
            let status = statuses[n % 3];
            let text = format!(
                "---\ntitle: Slow requests on two services {n}\nimpact: minor\nstarted: {day} {hour:02}:{minute:02}\ncomponents:\n  c{first:02}: {status}\n  c{second:02}: {status}\n---\n\n## Updates\n\n### {day} {hour:02}:{m1:02} [investigating]\nRequests are slow; we are looking into it.\n\n### {day} {hour:02}:{m2:02} [resolved]\nRequests are fast again.\n",
                m1 = minute + 5,
                m2 = minute + 15,
            );
            write(&root.join(format!("content/incidents/i{n:05}.md")), &text);
            n += 1;
        }
    }
}

/// The site with many components, built once: its status page.
fn many_components_page() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        let (_dir, out) = built_site(many_components_site);
        read(&out.join("index.html"))
    })
}

#[test]
fn twelve_components_with_a_busy_history_leave_the_status_page_under_100_kb() {
    let page = many_components_page();
    assert!(
        page.len() <= 100 * 1024,
        "the status page is {} bytes",
        page.len()
    );
    // Every component has its 90 bars; only the days something happened hold words.
    assert_eq!(page.matches("<div class=\"uptime-bars\"").count(), MANY);
    let bars = page.matches("<i></i>").count() + page.matches("<i class=\"").count();
    assert_eq!(bars, MANY * 90);
    let words = page.matches("role=\"listitem\"").count();
    assert!(words < MANY * 40, "{words} bars with words");
}

#[test]
fn a_quiet_days_bar_has_no_words_and_a_busy_days_bar_is_a_list_item() {
    let page = many_components_page();
    let first = page
        .split("id=\"component-c00\"")
        .nth(1)
        .expect("the first component")
        .split("</li>")
        .next()
        .expect("its entry");
    // From 14 to 89 days back, an incident every other day touches two components: the
    // first component's oldest is incident 552, on 6 September; the days before are quiet.
    assert!(
        first.contains("<div class=\"uptime-bars\" role=\"list\" aria-label=\"Days with an incident or maintenance\"><i></i><i></i><i></i><i></i><i></i><i></i><i></i><i></i><i></i><i></i><i></i><i class=\"degraded_performance\""),
        "{first}"
    );
    assert!(
        first.contains("<i class=\"degraded_performance\" role=\"listitem\"><span>Sunday 6 September: Degraded performance for 15 min (Slow requests on two services 552)</span></i>"),
        "{first}"
    );
}

/// A site under `root` with `MANY` components where every one of the 89 days before `NOW`
/// has three incidents, each touching two components of its own: six busy bars a day, more
/// than the status page describes in words.
fn busiest_bars_site(root: &Path) {
    let mut config = String::from(
        "title = \"Acme status\"\nbase_url = \"https://status.acme.example/\"\nlanguage = \"en\"\ntimezone = \"UTC\"\n",
    );
    for c in 0..MANY {
        write!(
            config,
            "\n[[components]]\nid = \"c{c:02}\"\nname = \"Component {c}\"\n"
        )
        .expect("text");
    }
    write(&root.join("config.toml"), &config);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    for back in 1..=89_u32 {
        let day = today - chrono::Duration::days(i64::from(back));
        for k in 0..3_u32 {
            let first = (back as usize * 6 + k as usize * 2) % MANY;
            let text = format!(
                "---\ntitle: Outage {back} {k}\nimpact: major\nstarted: {day} 0{k}:00\ncomponents:\n  c{first:02}: major_outage\n  c{second:02}: major_outage\n---\n\n## Updates\n\n### {day} 0{k}:05 [investigating]\nDown.\n\n### {day} 0{k}:45 [resolved]\nUp again.\n",
                second = first + 1,
            );
            write(
                &root.join(format!("content/incidents/o{back:02}-{k}.md")),
                &text,
            );
        }
    }
}

#[test]
fn on_the_busiest_history_the_older_bars_show_their_colour_and_the_page_says_from_when() {
    let (_dir, out) = built_site(busiest_bars_site);
    let page = read(&out.join("index.html"));
    // Six busy bars a day: the 41 most recent days give 246 bars with words, a 42nd
    // would pass 250. The days before show their colour only.
    assert_eq!(page.matches("role=\"listitem\"").count(), 41 * 6);
    assert!(
        page.contains("<p class=\"uptime-legend\">So many days had an incident or maintenance that the bars before Tuesday 13 October show their colour only: the full history lists every day. <a href=\"/history/\">"),
        "{}",
        common::item(&page, "So many days")
    );
    // Component 0 is touched every other day: on 14 October (40 days back), described, and
    // on 12 October (42 days back), in colour only.
    let first = page
        .split("id=\"component-c00\"")
        .nth(1)
        .expect("the first component")
        .split("</li>")
        .next()
        .expect("its entry");
    assert!(first.contains("<i class=\"major_outage\"></i>"), "{first}");
    assert!(
        first.contains("<i class=\"major_outage\" role=\"listitem\"><span>Wednesday 14 October: Major outage for 45 min (Outage 40 0)</span></i>"),
        "{first}"
    );
    assert!(!first.contains("Monday 12 October"), "{first}");
    let bars = page.matches("<i></i>").count() + page.matches("<i class=\"").count();
    assert_eq!(bars, MANY * 90);
    assert!(
        page.len() <= 100 * 1024,
        "the status page is {} bytes",
        page.len()
    );
}

#[test]
fn a_history_with_fewer_busy_bars_describes_every_one_and_says_nothing_more() {
    let page = many_components_page();
    assert!(!page.contains("So many days"));
    // Every bar that is not quiet has words.
    assert_eq!(
        page.matches("<i class=\"").count(),
        page.matches("role=\"listitem\"").count()
    );
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
        .split("<time datetime=\"2026-11-19\">")
        .nth(1)
        .expect("19 November on the page")
        .split("<li class=\"day\">")
        .next()
        .expect("its entries");
    let listed: Vec<u32> = (0..PER_DAY)
        .filter(|k| day.contains(&format!("/incidents/{}/", slug(4, *k))))
        .collect();
    // The day's latest five, newest first.
    assert_eq!(listed, vec![35, 36, 37, 38, 39]);
    // 18 November, the fifth busy day, lists the four the page still has room for.
    let more = page
        .split("<li class=\"day-more\">")
        .nth(5)
        .expect("a fifth busy day")
        .split("</li>")
        .next()
        .expect("its entry");
    assert_eq!(
        more,
        "<a href=\"/history/page/5/\">36 more in the full history</a>"
    );
    // The history page linked lists the newest incident the day left out.
    let history = read(&out.join("history/page/5/index.html"));
    assert!(history.contains(&format!("/incidents/{}/", slug(5, 35))));
}

#[test]
fn the_recent_days_list_twenty_five_entries_in_all_and_count_the_rest() {
    let out = built();
    let page = read(&out.join("index.html"));
    let days = page
        .split("<ol class=\"days\">")
        .nth(1)
        .expect("the recent days");
    let listed = days.matches("<a href=\"/incidents/").count()
        + days.matches("<a href=\"/maintenance/").count();
    // Today's maintenance window, five incidents on each of four days, four on the fifth.
    assert_eq!(listed, 1 + 4 * 5 + 4);
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
            "<i class=\"degraded_performance\" role=\"listitem\"><span>Wednesday 18 November: Degraded performance for 3 h 30 min (Slow api 5 39 and 13 more)</span></i>"
        ),
        "{}",
        common::item(&page, "Wednesday 18 November:")
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

/// A site under `root` with one incident of 30 minutes on the 10th of each of the `months`
/// months before November 2026.
fn long_record_site(root: &Path, months: u32) {
    write(
        &root.join("config.toml"),
        "title = \"Acme status\"\nbase_url = \"https://status.acme.example/\"\nlanguage = \"en\"\ntimezone = \"UTC\"\n\n[[components]]\nid = \"api\"\nname = \"API\"\n",
    );
    let november = chrono::NaiveDate::from_ymd_opt(2026, 11, 10).expect("a date");
    for back in 1..=months {
        let day = november - chrono::Months::new(back);
        let text = format!(
            "---\ntitle: Slow API {back}\nimpact: minor\nstarted: {day} 10:00\ncomponents:\n  api: degraded_performance\n---\n\n## Updates\n\n### {day} 10:05 [investigating]\nSlow.\n\n### {day} 10:30 [resolved]\nFast again.\n"
        );
        write(
            &root.join(format!("content/incidents/r{back:03}.md")),
            &text,
        );
    }
}

/// The rows of the reliability page's table by month, as label and incident count.
fn record_rows(months: u32) -> (Vec<(String, String)>, usize) {
    let (_dir, out) = built_site(|site| long_record_site(site, months));
    let page = read(&out.join("reliability/index.html"));
    let table = page
        .split("role=\"region\" aria-labelledby=\"by-month-title\"")
        .nth(1)
        .expect("the table by month")
        .split("</table>")
        .next()
        .expect("its end");
    let rows = table
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let (label, rest) = row.split_once("</th>").expect("a row's label");
            let count = rest
                .split_once('>')
                .and_then(|(_, r)| r.split_once('<'))
                .expect("its count")
                .0;
            (label.to_string(), count.to_string())
        })
        .collect();
    (rows, page.len())
}

#[test]
fn the_reliability_record_lists_two_years_month_by_month_and_sums_the_months_before() {
    let (rows, short) = record_rows(24);
    assert_eq!(rows.len(), 24);
    assert_eq!(rows[0], ("October 2026".to_string(), "1".to_string()));
    assert_eq!(rows[23], ("November 2024".to_string(), "1".to_string()));
    // Ten years: the same 24 months, then one row for the 96 months before them.
    let (rows, long) = record_rows(120);
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[23], ("November 2024".to_string(), "1".to_string()));
    assert_eq!(
        rows[24],
        ("Before November 2024".to_string(), "96".to_string())
    );
    assert!(
        long < short + 2048,
        "{long} bytes for ten years, {short} for two"
    );
}
