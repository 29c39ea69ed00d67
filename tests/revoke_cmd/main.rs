//! `sgtui revoke` through the real binary: on the demo (`demo.rs`) and account files
//! (`account_file.rs`), against moto, checked through the EC2 API afterwards and put back with
//! `sgtui restore` (`moto.rs`), and asking on a terminal (`terminal.rs`). The plan and each
//! verdict and outcome on stdout, progress on stderr, the journal, and the exit codes its help
//! documents.

#[path = "../common/mod.rs"]
mod common;

mod account_file;
mod demo;
mod interrupt;
mod moto;
mod terminal;

use std::path::PathBuf;
use std::process::Output;

use common::binary::sgtui_with;
use sgtui::journal::{self, BatchOutcome, Entry, Intent};

/// Exit codes, as `sgtui revoke --help` gives them.
const NOT_REVOKED: i32 = 1;
const USAGE: i32 = 2;
const NOT_SENT: i32 = 4;

/// A user with nothing set up, whose revokes are journaled in a file of their own.
struct User {
    home: tempfile::TempDir,
}

impl User {
    fn new() -> Self {
        Self {
            home: tempfile::tempdir().expect("a home folder"),
        }
    }

    fn journal(&self) -> PathBuf {
        self.home.path().join("revokes.jsonl")
    }

    /// `sgtui revoke --journal JOURNAL args…`; `env` adds variables.
    fn revoke(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let journal = self.journal();
        let mut all = vec!["revoke", "--journal", journal.to_str().unwrap()];
        all.extend(args);
        sgtui_with(self.home.path(), &all, env)
    }

    /// `sgtui args…` as this user.
    fn sgtui(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        sgtui_with(self.home.path(), args, env)
    }

    /// The journal's entries; none when nothing was ever written to it.
    fn entries(&self) -> Vec<Entry> {
        match journal::read(&self.journal()) {
            Ok(lines) => lines
                .into_iter()
                .map(|l| l.expect("a journal line"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("the journal: {e}"),
        }
    }

    /// The one batch journaled: its intent and its outcome.
    fn batch(&self) -> (Intent, BatchOutcome) {
        match &self.entries()[..] {
            [Entry::Intent(intent), Entry::Outcome(outcome)] => {
                assert_eq!(intent.batch, outcome.batch);
                (intent.clone(), outcome.clone())
            }
            other => panic!("not one batch: {other:?}"),
        }
    }
}

/// The rule ids a batch meant to revoke.
fn intended(intent: &Intent) -> Vec<String> {
    let mut ids: Vec<String> = (intent.calls.iter())
        .flat_map(|c| c.rules.iter().map(|r| r.rule_id.clone()))
        .collect();
    ids.sort();
    ids
}

/// Each subject of an outcome with its kind, `sgr-… revoked`, sorted.
fn judged(outcome: &BatchOutcome) -> Vec<String> {
    let mut lines: Vec<String> = (outcome.outcomes.iter())
        .map(|o| format!("{} {}", o.subject, o.outcome.label()))
        .collect();
    lines.sort();
    lines
}

/// The lines of stdout that start with an outcome's label, e.g. `revoked`.
fn outcome_lines<'a>(stdout: &'a str, label: &str) -> Vec<&'a str> {
    let label = format!("{label} ");
    stdout.lines().filter(|l| l.starts_with(&label)).collect()
}
