//! Promises made to a client, as `vigie check` reports them: one warning per promise the
//! next communication that client read did not keep, placed where the promise is written
//! (an update or a timeline entry addressed to them), and none for a promise still due.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, Run, site, vigie};

/// Two clients, `acme` and `globex`, on the shared test config.
fn config() -> String {
    format!(
        "{CONFIG}\n[[clients]]\nid = \"acme\"\nname = \"Acme Corp\"\n\n[[clients]]\nid = \"globex\"\nname = \"Globex Corp\"\n"
    )
}

/// `vigie check` of a site of one incident, clock at 10:00 (Paris).
fn check(incident: &str) -> Run {
    let config = config();
    let dir = site(&[
        ("config.toml", &config),
        ("content/incidents/x.md", incident),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    vigie(&["check", "--root", root, "--now", "2026-12-01 10:00"])
}

const HINT: &str = "  hint: tell acme why in the next message, and say so in their report; promise only what the team can keep\n";

/// Acme is promised news by 09:20 in an update addressed to them and gets it at 09:30; a
/// call at 09:30 promises news by 09:40 and nothing follows for them by 10:00. Globex is
/// promised news by 11:00, still to come. A public update and another message to acme are
/// written in the same minute as the call.
#[test]
fn each_broken_promise_is_reported_where_it_was_made_and_one_still_due_is_not() {
    let run = check(
        "---\ntitle: Exports failing\nimpact: major\nstarted: 2026-12-01 09:00\n---\n## Updates\n\
         ### 09:00 [investigating]\nExports fail.\n\n\
         ### 09:10 [identified, for: acme, next 09:20]\nYour exports are among those failing.\n\n\
         ### 09:30 [identified]\nThe cause is found.\n\n\
         ## Timeline\n\
         - 09:30 [message, CSM, for: acme] Wrote to them.\n\
         - 09:30 [call, CSM, for: acme, next 09:40] Called them.\n\
         - 09:45 [message, CSM, for: globex, next 11:00] Wrote to their lead.\n",
    );
    assert_eq!(run.code, 0, "a warning does not fail the check");
    assert_eq!(
        run.stderr,
        format!(
            "warning: content/incidents/x.md:10:5: promise: a promise made to client `acme` was broken: news promised by 2026-12-01 09:20 +01:00; news came at 2026-12-01 09:30 +01:00, 10 min late\n{HINT}\
             warning: content/incidents/x.md:18:3: promise: a promise made to client `acme` was broken: news promised by 2026-12-01 09:40 +01:00; no news followed\n{HINT}\
             0 errors, 2 warnings\n"
        )
    );
}
