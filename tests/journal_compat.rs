//! A journal written by sgtui 0.1.0 (`tests/fixtures/journal-0.1.0.jsonl`: five batches on the
//! demo account, by rule ids and by properties, with a denied call and unmatched peers, and two
//! restores) stays readable: every line parses, its batches are listed, and a batch is restored
//! through the history and undo screens.

mod common;

use common::harness::Harness;
use sgtui::app::{Mode, RestorePhase, Settings};
use sgtui::ec2::{Account, MemoryEc2};
use sgtui::journal::{self, Entry};
use sgtui::model::OutcomeKind;
use sgtui::restore::{self, RestoreOutcome};

const FIXTURE: &str = "tests/fixtures/journal-0.1.0.jsonl";

fn entries() -> Vec<Entry> {
    journal::read(std::path::Path::new(FIXTURE))
        .expect("the fixture is there")
        .into_iter()
        .map(|line| line.expect("every line of 0.1.0 parses"))
        .collect()
}

#[test]
fn every_line_parses_and_every_batch_is_listed_with_its_restore_planned() {
    let entries = entries();
    assert_eq!(entries.len(), 12);
    let batches = restore::history(&entries);
    // The history plans every batch in one pass, exactly as planning that batch alone does.
    for batch in &batches {
        assert_eq!(
            Ok(batch.restore.clone()),
            restore::plan(&entries, Some(&batch.id))
        );
    }
    let listed: Vec<(String, usize)> = batches
        .iter()
        .map(|b| (b.id.rsplit('-').next().unwrap().to_string(), b.rules))
        .collect();
    let expected = [("1", 3), ("2", 1), ("3", 1), ("4", 0), ("5", 5)];
    let expected: Vec<(String, usize)> =
        expected.iter().map(|(i, n)| (i.to_string(), *n)).collect();
    assert_eq!(listed, expected);
    // Batch 3 revoked one rule; the call IAM denied was held back, so its rule is in the
    // outcome only, as failed, and the restore puts back just the revoked one.
    let third = &batches[2].restore;
    assert_eq!(third.items.len(), 1);
    assert!(third.skipped.is_empty());
    let kinds = |batch: &str| -> Vec<OutcomeKind> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Outcome(o) if o.batch.ends_with(batch) => Some(o),
                _ => None,
            })
            .flat_map(|o| o.outcomes.iter().map(|r| r.outcome))
            .collect()
    };
    assert_eq!(kinds("-3"), [OutcomeKind::Revoked, OutcomeKind::Failed]);
    // Batch 4 by properties failed in a non-default VPC: nothing to restore.
    assert_eq!(kinds("-4"), [OutcomeKind::Failed]);
    assert!(batches[3].restore.items.is_empty());
    // Batch 5 by properties had unmatched peers and revoked rules.
    let fifth = kinds("-5");
    assert_eq!(
        fifth
            .iter()
            .filter(|k| **k == OutcomeKind::Unmatched)
            .count(),
        8
    );
    assert_eq!(
        fifth.iter().filter(|k| **k == OutcomeKind::Revoked).count(),
        5
    );
    let restored: usize = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Restore(r) => Some(r.outcomes.len()),
            _ => None,
        })
        .sum();
    assert_eq!(restored, 8);
}

#[tokio::test]
async fn a_batch_of_0_1_0_is_restored_through_the_history() {
    let entries = entries();
    let plan = restore::history(&entries)[0].restore.clone();
    // The demo account as it was after that batch: its three rules revoked.
    let backend = MemoryEc2::new(Account::demo()).unwrap();
    for item in &plan.items {
        assert!(backend.delete_rule_out_of_band(&item.original_id));
    }
    let before = backend.rules().len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    std::fs::copy(FIXTURE, &path).unwrap();
    let settings = Settings {
        demo: true,
        ..Settings::default()
    };
    let mut h = Harness::start_with_journal_at(backend, settings, &path).await;
    h.keys("h").await;
    let Mode::History(history) = &h.app.mode else {
        panic!("no history: {:?}", h.app.session.message)
    };
    assert_eq!(history.batches.len(), 5, "every batch is listed");
    assert!(h.screen(120, 30).contains(&plan.batch));
    // Newest first: the first batch is the last in the list.
    h.keys("Gu").await;
    let Mode::Restore(view) = &h.app.mode else {
        panic!("no undo: {:?}", h.app.session.message)
    };
    assert_eq!(view.plan.batch, plan.batch);
    assert_eq!(view.phase, RestorePhase::Ready);
    h.keys("y").await;
    let Mode::Restore(view) = &h.app.mode else {
        panic!("no undo")
    };
    assert!(
        view.outcomes
            .iter()
            .all(|o| matches!(o, Some(RestoreOutcome::Restored(_)))),
        "{:?}",
        view.outcomes
    );
    let rules = h.backend.rules();
    assert_eq!(rules.len(), before + 3);
    assert!(rules.iter().any(|r| {
        r.protocol_ports() == "tcp 22"
            && r.peer.short() == "0.0.0.0/0"
            && r.description.as_deref() == Some("emergency access - ticket OPS-2210")
    }));
    // The restore is journaled after the fixture's lines, in the same format.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let lines = loop {
        h.settle().await;
        let lines = journal::read(&path).unwrap();
        if lines.len() > 12 || std::time::Instant::now() > deadline {
            break lines;
        }
    };
    assert_eq!(lines.len(), 13);
    assert!(
        matches!(lines.last(), Some(Ok(Entry::Restore(r))) if r.of_batch == plan.batch
            && r.outcomes.iter().all(|o| o.outcome == OutcomeKind::Restored))
    );
}
