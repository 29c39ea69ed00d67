//! The TUI on an offline snapshot, through ratatui's TestBackend: it says it is a read-only
//! snapshot and names the file, shows rules without ids as such, says usage is unknown without
//! the interfaces, and refuses to preview or revoke anything.

mod common;

use common::harness::Harness;
use insta::assert_snapshot;
use sgtui::app::{Mode, Settings};
use sgtui::ec2::{Snapshot, SnapshotEc2, SnapshotTexts};

const GROUPS: &str = include_str!("fixtures/snapshot/security-groups.json");
const RULES: &str = include_str!("fixtures/snapshot/security-group-rules.json");
const INTERFACES: &str = include_str!("fixtures/snapshot/network-interfaces.json");

/// The fixture's groups, with the rules and interfaces answers when asked.
fn backend(rules: bool, interfaces: bool) -> SnapshotEc2 {
    let texts = SnapshotTexts {
        groups: GROUPS,
        rules: rules.then_some(RULES),
        interfaces: interfaces.then_some(INTERFACES),
    };
    SnapshotEc2::new(Snapshot::parse(texts).unwrap(), Some("eu-west-1".into()))
}

/// What `sgtui --snapshot FILE` starts with, saying what the snapshot lacks.
fn settings(lacks: &str) -> Settings {
    Settings {
        read_only: true,
        demo: true,
        snapshot: Some("security-groups.json".into()),
        startup_warning: Some(format!(
            "Reading the snapshot security-groups.json: read-only, nothing is sent to EC2.{lacks}"
        )),
        ..Settings::default()
    }
}

const NO_IDS_NO_USAGE: &str = " Its rules have no ids. It holds no network interfaces: who uses \
                               a group is unknown.";

#[tokio::test]
async fn a_snapshot_without_rule_ids_says_so_and_shows_no_made_up_id() {
    let mut h = Harness::start(backend(false, false), settings(NO_IDS_NO_USAGE)).await;
    // web-prod (the last group by name) and its inbound rules.
    h.keys("G<Enter>").await;
    let screen = h.screen(130, 30);
    for said in [
        "SNAPSHOT",
        "READ-ONLY",
        "snapshot security-groups.json",
        "Loaded 7 groups and 35 rules. Reading the snapshot",
        "who uses a group is unknown",
    ] {
        assert!(screen.contains(said), "{said:?} missing:\n{screen}");
    }
    assert!(!screen.contains("DEMO"), "{screen}");
    assert!(
        !screen.contains("unidentified"),
        "a key shown as an id:\n{screen}"
    );
    assert!(
        !screen.contains("unused"),
        "usage is unknown, not unused:\n{screen}"
    );
    assert_snapshot!(screen);
    h.keys("i").await;
    let details = h.screen(130, 40);
    assert!(
        details.contains("(none: a snapshot without its rules file)"),
        "{details}"
    );
    assert!(details.contains("usage unknown"), "{details}");
}

#[tokio::test]
async fn nothing_can_be_previewed_or_revoked_on_a_snapshot() {
    let mut h = Harness::start(backend(true, true), settings("")).await;
    h.keys("G<Enter><Space>").await;
    assert_eq!(h.app.session.marks.len(), 1, "marking still works");
    for key in ["d", "R"] {
        h.keys(key).await;
        assert!(matches!(h.app.mode, Mode::Browse), "{key} left browse");
        let message = h.app.session.message.clone().unwrap().text;
        assert_eq!(
            message,
            "A snapshot (security-groups.json) is read-only: nothing can be revoked or dry-run. \
             Run sgtui on the account to revoke."
        );
    }
    let screen = h.screen(130, 30);
    assert!(
        screen.contains("sgr-0"),
        "ids from the rules answer:\n{screen}"
    );
    assert_snapshot!(screen);
}

#[tokio::test]
async fn with_the_interfaces_usage_is_judged() {
    let h = Harness::start(backend(false, true), settings("")).await;
    let screen = h.screen(130, 30);
    let unused: Vec<&str> = (screen.lines())
        .filter(|l| l.contains("unused") && l.contains("sg-"))
        .map(|l| l.split_whitespace().nth(2).unwrap())
        .collect();
    // No interface is in them, and no rule references them.
    assert_eq!(unused, ["legacy-classic", "vpn-esp"], "{screen}");
}
