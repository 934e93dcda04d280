//! The notify job of `.github/workflows/status-page.yml`, run for real: its `run:` steps,
//! read from the workflow, each run as GitHub runs one (bash -eo pipefail), in a fresh clone
//! of a real git repository standing for GitHub's, on a machine with no git identity of its
//! own, with vigie on the PATH and a local receiver as the Slack webhook. The delivery
//! record goes back to the repository, the next machine sends nothing twice, and a commit
//! pushed during the run does not lose the record.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod notify_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use notify_support::{Receiver, UPDATES, site};

/// The `run:` scripts of the notify job, in order, and the variables its notify step hands
/// to vigie.
fn notify_job() -> (Vec<(String, String)>, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/status-page.yml");
    let text = std::fs::read_to_string(path).expect("the workflow");
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
    let steps = workflow["jobs"]["notify"]["steps"]
        .as_array()
        .expect("the notify job's steps");
    let scripts: Vec<(String, String)> = steps
        .iter()
        .filter_map(|step| {
            let run = step["run"].as_str()?;
            let name = step["name"].as_str().expect("a run step has a name");
            Some((name.to_string(), run.to_string()))
        })
        .collect();
    let notify = steps
        .iter()
        .find(|step| step["name"] == "Notify subscribers")
        .expect("the notify step");
    let variables = notify["env"]
        .as_object()
        .expect("its env")
        .keys()
        .cloned()
        .collect();
    (scripts, variables)
}

/// A machine: a home without git configuration, vigie on the PATH.
struct Machine {
    home: tempfile::TempDir,
    temp: tempfile::TempDir,
}

impl Machine {
    fn new() -> Self {
        Machine {
            home: tempfile::tempdir().expect("home"),
            temp: tempfile::tempdir().expect("runner temp"),
        }
    }

    fn command(&self, program: &str, dir: &Path) -> Command {
        let vigie_dir = Path::new(env!("CARGO_BIN_EXE_vigie"))
            .parent()
            .expect("the binary's folder");
        let mut command = Command::new(program);
        command
            .current_dir(dir)
            .env_clear()
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    vigie_dir.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GITHUB_REF_NAME", "main")
            .env("RUNNER_TEMP", self.temp.path());
        command
    }

    fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let output = self
            .command("git", dir)
            .args([
                "-c",
                "user.name=Someone",
                "-c",
                "user.email=someone@example.com",
            ])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs one step's script in `dir`, as GitHub runs a `run:` step.
    fn step(&self, dir: &Path, script: &str, env: &[(&str, &str)]) -> Output {
        self.command("bash", dir)
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .envs(env.iter().copied())
            .output()
            .expect("bash runs")
    }
}

/// The repository standing for GitHub's: a bare repository whose `main` holds the site.
fn origin(machine: &Machine, receiver_env: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let bare = tempfile::tempdir().expect("origin");
    machine.git(bare.path(), &["init", "--quiet", "--bare", "-b", "main"]);
    let seed = site(&format!(
        "horizon = \"10000d\"\nretries = 1\n\n[[destinations]]\nname = \"shared-slack\"\n\
         kind = \"slack\"\nurl_env = \"{receiver_env}\"\n"
    ));
    let at = seed.path();
    machine.git(at, &["init", "--quiet", "-b", "main"]);
    machine.git(at, &["add", "."]);
    machine.git(at, &["commit", "--quiet", "-m", "The site"]);
    let url = bare.path().to_str().expect("UTF-8 path");
    machine.git(at, &["remote", "add", "origin", url]);
    machine.git(at, &["push", "--quiet", "origin", "main"]);
    (bare, seed)
}

/// `actions/checkout`: a fresh clone of `main`.
fn checkout(machine: &Machine, origin: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("workspace");
    let work = dir.path().join("site");
    let from = origin.to_str().expect("UTF-8 path");
    machine.git(
        dir.path(),
        &["clone", "--quiet", "-b", "main", from, "site"],
    );
    (dir, work)
}

/// The record on origin's `main`, and the subject of its last commit.
fn origin_record(machine: &Machine, origin: &Path) -> (String, String) {
    let show = machine
        .command("git", origin)
        .args(["show", "main:notify-record.jsonl"])
        .output()
        .expect("git runs");
    let subject = machine.git(origin, &["log", "-1", "--format=%s", "main"]);
    (
        String::from_utf8_lossy(&show.stdout).into_owned(),
        String::from_utf8_lossy(&subject.stdout).trim().to_string(),
    )
}

fn sent_lines(record: &str) -> usize {
    record.lines().filter(|l| l.contains("\"sent\"")).count()
}

#[test]
fn the_notify_job_sends_commits_its_record_back_and_sends_nothing_twice() {
    let (scripts, variables) = notify_job();
    let names: Vec<&str> = scripts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "The latest delivery record",
            "Notify subscribers",
            "Commit the delivery record back"
        ]
    );
    let slack = "VIGIE_SLACK_WEBHOOK";
    assert!(variables.iter().any(|v| v == slack), "{variables:?}");
    let receiver = Receiver::start(0);
    let machine = Machine::new();
    let (origin, _seed) = origin(&machine, slack);
    let env = [(slack, receiver.url.as_str())];

    // The first run: every update sent, the record committed back to main.
    let (_first, work) = checkout(&machine, origin.path());
    for (name, script) in &scripts {
        let out = machine.step(&work, script, &env);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let events: Vec<String> = receiver.accepted().iter().map(|r| r.event()).collect();
    assert_eq!(events, UPDATES);
    let (record, subject) = origin_record(&machine, origin.path());
    assert_eq!(sent_lines(&record), 3, "{record}");
    assert_eq!(subject, "Delivery record of vigie notify");

    // The next run, on another machine: nothing sent twice, nothing to commit.
    let next = Machine::new();
    let (_second, work) = checkout(&next, origin.path());
    for (name, script) in &scripts {
        let out = next.step(&work, script, &env);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(receiver.accepted().len(), 3, "nothing sent twice");
    let (again, subject) = origin_record(&machine, origin.path());
    assert_eq!(again, record);
    assert_eq!(
        subject, "Delivery record of vigie notify",
        "no empty commit"
    );
}

#[test]
fn a_commit_pushed_while_the_record_goes_back_keeps_both() {
    let (scripts, _) = notify_job();
    let slack = "VIGIE_SLACK_WEBHOOK";
    let receiver = Receiver::start(0);
    let machine = Machine::new();
    let (origin, seed) = origin(&machine, slack);
    let env = [(slack, receiver.url.as_str())];
    let (_first, work) = checkout(&machine, origin.path());
    // Someone pushes to main at the very moment the record is pushed: a hook of the
    // runner's clone pushes their commit first, once, so that the record's push is refused
    // and the step must rebase and push again.
    let hook = work.join(".git/hooks/pre-push");
    let mark = machine.temp.path().join("pushed-meanwhile");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh
[ -e '{mark}' ] && exit 0
touch '{mark}'
\
             env -u GIT_DIR -u GIT_INDEX_FILE -u GIT_WORK_TREE git -C '{seed}' \\\n  \
             -c user.name=Someone -c user.email=someone@example.com \\\n  \
             commit --quiet --allow-empty -m 'An edit'\n\
             env -u GIT_DIR -u GIT_INDEX_FILE -u GIT_WORK_TREE git -C '{seed}' push --quiet origin main\n",
            mark = mark.display(),
            seed = seed.path().display(),
        ),
    )
    .expect("hook");
    let made_executable = Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .expect("chmod");
    assert!(made_executable.success());
    for (name, script) in &scripts {
        let out = machine.step(&work, script, &env);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(mark.exists(), "the other commit was pushed during the step");
    let (record, subject) = origin_record(&machine, origin.path());
    assert_eq!(sent_lines(&record), 3, "{record}");
    assert_eq!(subject, "Delivery record of vigie notify");
    let log = machine.git(origin.path(), &["log", "--format=%s", "main"]);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout),
        "Delivery record of vigie notify\nAn edit\nThe site\n",
        "both commits are on main"
    );
}
