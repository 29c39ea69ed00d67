//! The journal: an intent before the calls, an outcome after, readable after a crash between
//! the two, and no revoke without it.

mod common;

use common::faulty::{Faulty, RevokeFault};
use common::harness::Harness;
use sgtui::app::{Mode, Settings};
use sgtui::ec2::MemoryEc2;
use sgtui::journal::{self, Entry, PeerRecord};
use sgtui::model::Direction;

fn memory() -> MemoryEc2 {
    MemoryEc2::new(common::contract_account()).unwrap()
}

fn settings() -> Settings {
    Settings {
        demo: true,
        ..Settings::default()
    }
}

// Groups sort as app, db, web: "G" selects web; Enter focuses its inbound rules, the first of
// which is tcp 22 from 0.0.0.0/0 ("ssh from anywhere").
const MARK_WEB_SSH: &str = "G<Enter><Space>";

#[tokio::test]
async fn each_batch_writes_its_intent_then_its_outcome() {
    let mut h = Harness::start(memory(), settings()).await;
    h.keys(MARK_WEB_SSH).await;
    let ssh = h.app.session.marks.iter().next().unwrap().clone();
    h.keys("dy<Esc>").await;
    let lines = h.journal_entries(2).await;
    assert_eq!(lines.len(), 2, "{lines:?}");
    let Entry::Intent(intent) = &lines[0] else {
        panic!("first the intent: {lines:?}")
    };
    assert_eq!(intent.region.as_deref(), Some("us-east-1"));
    assert_eq!(intent.account.as_deref(), Some("123456789012"));
    assert_eq!(intent.calls.len(), 1);
    assert_eq!(intent.calls[0].action, "RevokeSecurityGroupIngress");
    assert_eq!(intent.calls[0].by, "rule_ids");
    let rule = &intent.calls[0].rules[0];
    assert_eq!(rule.rule_id, ssh);
    assert_eq!(rule.direction, Direction::Inbound);
    assert_eq!(
        (rule.protocol.as_str(), rule.from_port, rule.to_port),
        ("tcp", 22, 22)
    );
    assert_eq!(rule.peer, PeerRecord::CidrIpv4("0.0.0.0/0".into()));
    assert_eq!(rule.description.as_deref(), Some("ssh from anywhere"));
    let Entry::Outcome(outcome) = &lines[1] else {
        panic!("then the outcome: {lines:?}")
    };
    assert_eq!(outcome.batch, intent.batch);
    assert_eq!(outcome.outcomes.len(), 1);
    assert_eq!(outcome.outcomes[0].subject, ssh);
    assert_eq!(outcome.outcomes[0].outcome, "revoked");

    // A second batch: two more lines, under a batch id of its own.
    h.keys("<Space>dy<Esc>").await;
    let lines = h.journal_entries(4).await;
    assert_eq!(lines.len(), 4);
    let (Entry::Intent(first), Entry::Intent(second)) = (&lines[0], &lines[2]) else {
        panic!("{lines:?}")
    };
    assert_ne!(first.batch, second.batch);
}

#[tokio::test]
async fn a_crash_between_intent_and_outcome_leaves_a_readable_intent() {
    let mut h = Harness::start(Faulty::new(memory(), RevokeFault::NeverAnswers), settings()).await;
    h.patient = false;
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy").await;
    assert!(matches!(h.app.mode, Mode::Revoking(_)));
    let path = h.journal_path();
    // The process dies here: only what is on disk counts. A line cut short by the crash is
    // reported as such, and the intent before it still reads.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, br#"{"kind":"outcome","batch":"te"#))
        .unwrap();
    let read = journal::read(&path).unwrap();
    assert_eq!(read.len(), 2);
    let Ok(Entry::Intent(intent)) = &read[0] else {
        panic!("{read:?}")
    };
    assert_eq!(intent.calls[0].rules.len(), 1);
    assert!(
        read[1].as_ref().is_err_and(|e| e.starts_with("line 2")),
        "{read:?}"
    );
}

#[tokio::test]
async fn nothing_is_sent_when_the_journal_cannot_be_written() {
    let full = std::path::Path::new("/dev/full");
    if !full.exists() {
        return; // Only where the OS offers a device that refuses writes.
    }
    let mut h = Harness::start_with_journal_at(memory(), settings(), full).await;
    let before = h.backend.rules();
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy").await;
    let Mode::Results(results) = &h.app.mode else {
        panic!("{:?}", h.app.session.message)
    };
    assert!(
        results
            .outcomes
            .iter()
            .all(|o| matches!(&o.outcome, sgtui::revoke::Outcome::Failed(e) if e.message.contains("journal"))),
        "{:?}",
        results.outcomes
    );
    assert_eq!(h.backend.rules(), before, "nothing was revoked");
}

#[tokio::test]
async fn without_a_journal_nothing_can_be_confirmed() {
    let mut h = Harness::start_without_journal(memory(), settings()).await;
    let before = h.backend.rules();
    assert!(
        h.app
            .session
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("Revokes are off")
    );
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy").await;
    assert!(
        matches!(h.app.mode, Mode::Preview(_)),
        "still in the preview"
    );
    assert!(
        h.app
            .session
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("--journal")
    );
    assert_eq!(h.backend.rules(), before);
}

#[tokio::test]
async fn ctrl_c_during_a_batch_waits_for_its_calls_and_journals_them() {
    let mut h = Harness::start(
        Faulty::new(
            memory(),
            RevokeFault::TakesA(std::time::Duration::from_secs(1)),
        ),
        settings(),
    )
    .await;
    h.patient = false;
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy").await;
    assert!(
        matches!(h.app.mode, Mode::Revoking(_)),
        "the calls take a second"
    );
    h.keys("<C-c>").await;
    assert!(
        h.app.session.quit_when_done && !h.app.session.should_quit,
        "the first Ctrl-C waits"
    );
    h.wait_until("the batch to finish", |app| app.session.should_quit)
        .await;
    let lines = h.journal_entries(2).await;
    assert!(
        matches!(lines[0], Entry::Intent(_)) && matches!(lines[1], Entry::Outcome(_)),
        "{lines:?}"
    );
    assert_eq!(h.backend.inner.rules().len(), memory().rules().len() - 1);
}

#[tokio::test]
async fn a_second_ctrl_c_aborts_and_the_journal_says_so() {
    let mut h = Harness::start(Faulty::new(memory(), RevokeFault::NeverAnswers), settings()).await;
    h.patient = false;
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy<C-c><C-c>").await;
    assert!(h.app.session.should_quit);
    let lines = h.journal_entries(2).await;
    let (Entry::Intent(intent), Entry::Aborted(aborted)) = (&lines[0], &lines[1]) else {
        panic!("an intent, then the abort: {lines:?}")
    };
    assert_eq!(aborted.batch, intent.batch);
    assert!(
        aborted.reason.contains("0 of 1 calls answered"),
        "{}",
        aborted.reason
    );
}
