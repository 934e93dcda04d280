//! A build lets each incident's texts go once it is checked and reads its file again for
//! the pages that show them: what it renders is byte for byte what the whole site held in
//! memory gives, and a file changed in between stops it with an error naming the file.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::path::Path;

use vigie::build::{Outcome, Request};
use vigie::model::Audience;
use vigie::render::Output;

const NOW: &str = "2026-06-20 12:00";

/// A site of 160 incidents, one a day from 1 January, 1 of 3 with a published postmortem:
/// more than the feeds and the API list, most older than the status page's recent days.
/// Texts of every shape: on several lines, after an entry's `]`, in indented list items.
fn write_site(root: &Path) {
    let incidents = root.join("content/incidents");
    std::fs::create_dir_all(&incidents).expect("content folder");
    std::fs::write(root.join("config.toml"), common::CONFIG).expect("config");
    for n in 0..160 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("day") + chrono::Duration::days(n);
        let component = if n % 2 == 0 { "api" } else { "web" };
        let postmortem = if n % 3 == 0 {
            format!(
                "\n## Summary\nIncident {n} in short.\n\nA second paragraph.\n\n## Contributing causes\n- A queue filled up.\n- Its alert was muted.\n\n## Action items\n- [ ] Alert on the queue {n} [owner: platform team]\n  with a second line\n"
            )
        } else {
            String::new()
        };
        let text = format!(
            "---\ntitle: Incident {n}\nimpact: minor\nstarted: {day} 09:00\ncomponents:\n  {component}: degraded_performance\npostmortem: {}\n---\n\n## Updates\n\n### {day} 09:10 [investigating]\nIncident {n}: pages load slowly.\nSecond line of {n}.\n\n### {day} 10:00 [resolved]\n  Indented text of {n}, kept as written.\n\n## Timeline\n\n- {day} 09:00 [impact] Latency rises for {n}.\n- {day} 09:05 [detection, on-call, public] The alert fires\n  and wakes the on-call engineer.\n{postmortem}",
            if n % 3 == 0 { "published" } else { "none" },
        );
        std::fs::write(incidents.join(format!("i{n:03}.md")), text).expect("incident");
    }
}

fn request<'a>(root: &'a Path, audience: Audience<'a>) -> Request<'a> {
    Request {
        root,
        base_url: None,
        now: Some(NOW),
        strict: false,
        audience,
    }
}

/// Every output of the site under `root` rendered from the whole site in memory, as the
/// preview holds it, in path order.
fn rendered_whole(root: &Path, audience: Audience<'static>) -> Vec<Output> {
    let (site, now, _) = vigie::build::checked_site(&request(root, audience)).expect("checked");
    let site = vigie::build::as_read_by(site, audience);
    let jobs = vigie::plan::plan(&site, now, audience);
    let kept = std::sync::Mutex::new(Vec::new());
    let keep = |output: Output| {
        kept.lock().expect("outputs").push(output);
        Ok(())
    };
    vigie::build::render_jobs(root, &site, now, audience, &jobs, &keep).expect("rendered");
    let mut outputs = kept.into_inner().expect("outputs");
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs
}

#[test]
fn a_build_renders_what_the_whole_site_in_memory_renders() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    for audience in [Audience::Public, Audience::Internal] {
        let (diagnostics, outcome) = vigie::build::render_site(&request(dir.path(), audience));
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let Outcome::Rendered(outputs) = outcome else {
            panic!("{audience:?}: not rendered: {outcome:?}");
        };
        let whole = rendered_whole(dir.path(), audience);
        assert_eq!(outputs.len(), whole.len(), "{audience:?}");
        for (lean, whole) in outputs.iter().zip(&whole) {
            assert_eq!(lean.path, whole.path, "{audience:?}");
            assert!(
                lean.bytes == whole.bytes,
                "{audience:?}: {} differs",
                lean.path.display()
            );
        }
    }
    // The texts are on the pages, old incidents' included.
    let page = |path: &str| {
        let (_, outcome) = vigie::build::render_site(&request(dir.path(), Audience::Public));
        let Outcome::Rendered(outputs) = outcome else {
            panic!("not rendered");
        };
        let output = outputs.into_iter().find(|o| o.path == Path::new(path));
        String::from_utf8(output.expect(path).bytes).expect("utf-8")
    };
    let incident = page("incidents/i003/index.html");
    assert!(
        incident.contains("Incident 3: pages load slowly."),
        "{incident}"
    );
    assert!(incident.contains("Indented text of 3, kept as written."));
    let postmortem = page("incidents/i003/postmortem/index.html");
    assert!(postmortem.contains("Incident 3 in short."), "{postmortem}");
    assert!(postmortem.contains("Its alert was muted."));
    assert!(postmortem.contains("and wakes the on-call engineer."));
    let feed = page("history.atom");
    assert!(feed.contains("Incident 159: pages load slowly."), "{feed}");
}

#[test]
fn a_file_changed_after_it_was_checked_stops_the_build_with_its_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let root = dir.path();
    let mut diagnostics = vigie::diagnostic::Diagnostics::default();
    let config = vigie::load::config::load_config(root, &mut diagnostics).expect("config");
    let (site, _) = vigie::load::load_site_checked(root, config, &mut diagnostics, |_| Vec::new())
        .expect("loaded");
    let (whole, _) = vigie::load::load_site(root).expect("loaded");
    let lean = (site.incidents.iter())
        .find(|i| i.slug == "i003")
        .expect("i003");
    assert!(lean.texts_let_go());
    assert!(lean.updates.iter().all(|u| u.text.is_empty()));
    assert!(lean.postmortem.summary.is_empty());
    let again = vigie::load::texts_again(root, lean).expect("read again");
    let expected = whole
        .incidents
        .iter()
        .find(|i| i.slug == "i003")
        .expect("i003");
    assert_eq!(again.updates, expected.updates);
    assert_eq!(again.timeline, expected.timeline);
    assert_eq!(again.postmortem.sections(), expected.postmortem.sections());
    assert_eq!(
        again.postmortem.action_items,
        expected.postmortem.action_items
    );

    let file = root.join("content/incidents/i003.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("pages load slowly", "pages load  slowly"),
    )
    .expect("write");
    let error = vigie::load::texts_again(root, lean).expect_err("changed");
    assert_eq!(
        error.to_string(),
        "content/incidents/i003.md changed while the site was being built: build again"
    );
}
