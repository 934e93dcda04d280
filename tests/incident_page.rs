//! The incident page's updates as a theme reads them: every update, newest first, in
//! `updates`, and those before the latest again under their day in `earlier`.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot set up its site fails"
)]

mod common;

use common::{CONFIG, build_root, read, site};

const INCIDENT: &str = "---
title: Slow exports
impact: minor
started: 2026-03-01 23:30
components:
  api: degraded_performance
---

## Updates

### 2026-03-01 23:40 [investigating]
Exports are slow.

### 2026-03-02 08:10 [investigating]
Still looking.

### 2026-03-02 09:40 [identified]
A full disk.
";

/// A theme's incident page that writes each update's fields, one line each.
const TEMPLATE: &str = "{% for u in updates %}all {{ u.iso }} {{ u.time }} {{ u.status_changed }} {{ u.status.code }} {{ u.when }} {{ u.html | safe }}{% endfor %}
{% for day in earlier %}day {{ day.iso }} {{ day.date }}
{% for u in day.updates %}row {{ u.iso }} {{ u.time }} {{ u.status_changed }} {{ u.status.code }} {{ u.html | safe }}{% endfor %}{% endfor %}
latest {{ incident.latest.iso }}
";

#[test]
fn every_update_says_its_time_of_day_and_whether_its_status_changed() {
    let site = site(&[
        ("config.toml", CONFIG),
        ("content/incidents/slow-exports.md", INCIDENT),
        ("templates/incident.html", TEMPLATE),
    ]);
    let (_guard, out) = build_root(site.path(), "2026-03-02 10:00");
    let page = read(&out.join("incidents/slow-exports/index.html"));
    let expected = "all 2026-03-02T09:40:00+01:00 09:40 true identified Monday 2 March 2026, 09:40 <p>A full disk.</p>
all 2026-03-02T08:10:00+01:00 08:10 false investigating Monday 2 March 2026, 08:10 <p>Still looking.</p>
all 2026-03-01T23:40:00+01:00 23:40 true investigating Sunday 1 March 2026, 23:40 <p>Exports are slow.</p>

day 2026-03-02 Monday 2 March 2026
row 2026-03-02T08:10:00+01:00 08:10 false investigating <p>Still looking.</p>
day 2026-03-01 Sunday 1 March 2026
row 2026-03-01T23:40:00+01:00 23:40 true investigating <p>Exports are slow.</p>

latest 2026-03-02T09:40:00+01:00
";
    assert_eq!(page, expected);
}
