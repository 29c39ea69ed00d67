//! A batch over 500 groups, through the real keymap, update and effect runner: one call per
//! group and direction (dry runs and revokes alike), never more at once than the runner allows.

mod common;

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::faulty::{Faulty, RevokeCall, RevokeFault};
use common::harness::Harness;
use sgtui::app::{Mode, Settings};
use sgtui::ec2::CALL_CONCURRENCY;
use sgtui::ec2::{Account, MemoryEc2};
use sgtui::model::Direction;

const GROUPS: usize = 500;

/// 500 groups in one VPC, each with two inbound rules and one outbound rule.
fn fleet() -> Account {
    let groups: Vec<_> = (0..GROUPS)
        .map(|i| {
            serde_json::json!({
                "id": format!("sg-{:017x}", i + 1),
                "name": format!("svc-{i:03}"),
                "description": "one service",
                "vpc_id": "vpc-0a000000000000001",
                "inbound": [
                    {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "10.0.0.0/8"},
                    {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}
                ],
                "outbound": [{"protocol": "-1", "cidr_ipv4": "0.0.0.0/0"}]
            })
        })
        .collect();
    let account = serde_json::json!({
        "account_id": "123456789012",
        "region": "eu-west-1",
        "vpcs": [{"id": "vpc-0a000000000000001", "cidr": "10.0.0.0/16"}],
        "groups": groups,
    });
    serde_json::from_value(account).expect("the fleet is an account")
}

/// How many calls each group and direction got, of dry runs (`true`) or revokes.
fn per_call(calls: &[RevokeCall], dry_run: bool) -> HashMap<(String, Direction), usize> {
    let mut counts = HashMap::new();
    for call in calls.iter().filter(|c| c.dry_run == dry_run) {
        *counts
            .entry((call.group_id.clone(), call.direction))
            .or_default() += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_500_group_batch_makes_one_call_per_group_and_direction_within_the_concurrency() {
    let backend = MemoryEc2::new(fleet()).expect("a valid fleet");
    // Each revoke takes a while, so calls overlap whenever the runner lets them.
    let faulty = Faulty::new(backend, RevokeFault::TakesA(Duration::from_millis(3)));
    let mut h = Harness::start(faulty, Settings::default()).await;
    assert_eq!(h.app.session.inventory.groups().len(), GROUPS);
    assert_eq!(h.app.session.inventory.rule_count(), 3 * GROUPS);

    // Every rule of every group, in both directions: the filter matches all of them.
    h.keys("/").await;
    h.type_text("vpc:vpc-0a000000000000001").await;
    h.keys("<Enter>A").await;
    assert_eq!(h.app.session.marks.len(), 3 * GROUPS);

    h.keys("d").await;
    h.wait_for_verdicts().await;
    let Mode::Preview(preview) = &h.app.mode else {
        panic!("the preview is open: {:?}", h.app.mode.kind());
    };
    assert_eq!(preview.plan.calls.len(), 2 * GROUPS);

    h.keys("y").await;
    h.wait_for_results().await;

    let calls = h.backend.revokes.lock().unwrap().clone();
    for dry_run in [true, false] {
        let counts = per_call(&calls, dry_run);
        assert_eq!(counts.len(), 2 * GROUPS, "dry runs: {dry_run}");
        assert!(counts.values().all(|n| *n == 1), "dry runs: {dry_run}");
    }
    assert_eq!(calls.len(), 4 * GROUPS);
    // Every dry run was answered before the first revoke was sent.
    assert!(calls[..2 * GROUPS].iter().all(|c| c.dry_run));

    let most = h.backend.most_at_once.load(Ordering::SeqCst);
    assert!(most <= CALL_CONCURRENCY, "{most} calls at once");
    assert_eq!(most, CALL_CONCURRENCY, "the calls overlap up to the limit");

    // Every rule revoked, as the refresh shows.
    assert_eq!(h.app.session.inventory.rule_count(), 0);
    let screen = h.screen(100, 30);
    assert!(
        screen.contains(&format!("{} revoked", 3 * GROUPS)),
        "{screen}"
    );
}
