//! The blameless check end to end: its warnings as printed, `--strict`, the site's own
//! rules and team members. Each rule's wording is tested in `src/check/blameless.rs`.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{CONFIG, site, vigie};

const INCIDENT: &str = "---
title: Reports late
impact: minor
started: 2026-05-01 10:00
postmortem: draft
---

## Updates

### 10:05 [identified]
The reports will be restored by 14:00.

### 11:00 [resolved]
Reports are on time.

## Contributing causes

Obviously, Bob forgot the migration.
The vendor's advice <!-- vigie-allow: counterfactual --> says we should have patched.

## Action items

- [ ] Be more careful with migrations [owner: Bob]
";

fn check(config: &str, strict: bool) -> common::Run {
    let dir = site(&[
        ("config.toml", config),
        ("content/incidents/late.md", INCIDENT),
    ]);
    let root = dir.path().to_str().expect("utf-8").to_string();
    let mut args = vec!["check", "--root", &root, "--now", "2026-05-01 12:00"];
    if strict {
        args.push("--strict");
    }
    vigie(&args)
}

fn with_blameless(table: &str) -> String {
    format!("{CONFIG}\n{table}")
}

#[test]
fn blameful_writing_is_reported_as_file_line_column_rule_message_suggestion() {
    let config = with_blameless("[blameless]\npeople = [\"Bob\"]\n");
    let run = check(&config, false);
    assert_eq!(run.code, 0, "warnings by default: {}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: content/incidents/late.md:11:13 public-eta: a public update promises when the incident will be resolved: \"will be restored by\" (promise the time of the next update instead: `next 22:50`)\n\
         warning: content/incidents/late.md:18:1 hindsight: a hindsight word makes the answer look obvious, which it was not at the time: \"Obviously\" (remove the word, and say what made the situation hard to read)\n\
         warning: content/incidents/late.md:18:12 person-as-cause: the analysis names a person or a role as the cause of the failure: \"Bob\" (name the condition that let the failure happen, and owners by team or role)\n\
         warning: content/incidents/late.md:23:3 person-as-cause: the analysis names a person or a role as the cause of the failure: \"Bob\" (name the condition that let the failure happen, and owners by team or role)\n\
         warning: content/incidents/late.md:23:7 fix-people: this action item tries to fix people, who will err again under the same conditions: \"Be more careful\" (change the system instead: a check, a safeguard, an automation, a clearer tool)\n\
         0 errors, 5 warnings\n"
    );
}

#[test]
fn strict_makes_them_errors() {
    let run = check(CONFIG, true);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: content/incidents/late.md:11:13 public-eta: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "3 errors, 0 warnings\nnothing was written: fix the errors above and run again\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_adds_its_own_rules_and_turns_off_built_in_ones() {
    let config = with_blameless(
        "[blameless]\ndisable = [\"hindsight\", \"public-eta\", \"fix-people\"]\n\n[[blameless.rules]]\nid = \"no-vendor-blame\"\npattern = \"vendor's advice\"\nmessage = \"the vendor is a partner\"\nsuggestion = \"say what the advice missed\"\nscope = [\"analysis\"]\n",
    );
    let run = check(&config, false);
    assert_eq!(
        run.stderr,
        "warning: content/incidents/late.md:19:5 no-vendor-blame: the vendor is a partner: \"vendor's advice\" (say what the advice missed)\n0 errors, 1 warning\n"
    );
}

#[test]
fn an_unknown_rule_to_disable_is_an_error() {
    let config = with_blameless("[blameless]\ndisable = [\"hindsigth\"]\n");
    let run = check(&config, false);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: config.toml:15:12: blameless.disable: `hindsigth` is not a rule of the blameless check\n  hint: did you mean `hindsight`?"),
        "{}",
        run.stderr
    );
}
