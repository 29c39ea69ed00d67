//! On the demo account: the in-memory backend answers as EC2 does (a denied group, a default
//! VPC that leaves a peer unmatched, another VPC that refuses it).

use std::collections::BTreeSet;

use insta::assert_snapshot;
use sgtui::cli::RevokeArgs;
use sgtui::cmd::revoke::{calls, select::Selection};
use sgtui::ec2::{Account, DryRunVerdict, MemoryEc2};

use super::common::binary::{exits, stderr};
use super::common::{demo::judged_demo, snapshot};
use super::{NOT_REVOKED, NOT_SENT, USAGE, User, intended, judged, outcome_lines};

const BASTION: &str = "sg-f5cd6bb8671b960b8";
/// In the default VPC, without ssh from anywhere.
const DEFAULT: &str = "sg-c2f25c333805d43dd";
/// In the prod VPC, without ssh from anywhere.
const VAULT: &str = "sg-aeb069379e0a3664f";
const SSH_FROM_ANYWHERE: &str = "in tcp 22 0.0.0.0/0";

/// `--spec` ssh from anywhere in bastion, audit-locked (where every revoke is denied), the
/// default VPC's default group and vault.
fn four_groups(more: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec!["--demo", "--spec", SSH_FROM_ANYWHERE, "--group"];
    args.push(
        "sg-f5cd6bb8671b960b8,sg-ebd1be4a665baed93,sg-c2f25c333805d43dd,sg-aeb069379e0a3664f",
    );
    args.extend(more);
    args
}

#[test]
fn help_documents_the_ways_to_name_rules_and_the_exit_codes() {
    let out = User::new().sgtui(&["revoke", "--help"], &[]);
    assert_snapshot!("revoke_help", exits(0, &out));
}

#[test]
fn a_dry_run_prints_the_plan_and_each_verdict_and_journals_nothing() {
    let user = User::new();
    let out = user.revoke(&four_groups(&["--dry-run"]), &[]);
    // audit-locked's dry run is denied: a dry run that would not all be allowed exits 1.
    assert_snapshot!("demo_dry_run", exits(NOT_REVOKED, &out));
    let err = stderr(&out);
    assert!(
        err.contains("sgtui: asking EC2 for 4 dry-run verdict(s)"),
        "{err}"
    );
    assert!(err.lines().all(|l| l.starts_with("sgtui: ")), "{err}");
    assert!(user.entries().is_empty(), "a dry run journals nothing");

    let out = user.revoke(
        &[
            "--demo",
            "--spec",
            SSH_FROM_ANYWHERE,
            "--group",
            BASTION,
            "--dry-run",
        ],
        &[],
    );
    let text = exits(0, &out);
    assert!(
        text.contains("1 of 1 calls allowed by the dry run."),
        "{text}"
    );
    assert!(
        text.ends_with("Dry run only: nothing was changed.\n"),
        "{text}"
    );
    assert!(user.entries().is_empty());
}

#[tokio::test]
async fn a_dry_run_changes_nothing_in_the_account() {
    let backend = MemoryEc2::new(Account::demo()).unwrap();
    let before = snapshot(&backend).await.rules;
    let (inventory, signals) = judged_demo().await;
    let args = RevokeArgs {
        filter: Some("risky".into()),
        ..RevokeArgs::default()
    };
    let plan = (Selection::parse(&args).unwrap().selection)
        .plan(&inventory, &signals)
        .unwrap();
    assert!(plan.rule_count() > 10, "{}", plan.rule_count());
    let verdicts = calls::dry_run(&backend, &plan).await;
    assert_eq!(verdicts.len(), plan.calls.len());
    assert!(verdicts.contains(&DryRunVerdict::Allowed));
    assert_eq!(snapshot(&backend).await.rules, before);
}

#[test]
fn a_confirmed_revoke_prints_each_outcome_and_journals_intent_then_outcome() {
    let user = User::new();
    let out = user.revoke(&four_groups(&["--yes"]), &[]);
    // Two subjects failed (audit-locked's denied dry run, vault's call refused by EC2).
    assert_snapshot!("demo_outcomes", exits(NOT_REVOKED, &out));
    let err = stderr(&out);
    assert!(err.contains("sgtui: journaled as batch "), "{err}");
    let (intent, outcome) = user.batch();
    assert_eq!(intent.region.as_deref(), Some("eu-west-1"));
    let groups: Vec<&str> = intent.calls.iter().map(|c| c.group_id.as_str()).collect();
    assert_eq!(
        groups,
        [BASTION, DEFAULT, VAULT],
        "the calls sent: not audit-locked's"
    );
    assert_eq!(
        judged(&outcome),
        [
            "sgr-71fdf78243e2b12ff failed",
            "sgr-90202f6db9332aa6a revoked",
            "tcp 22 0.0.0.0/0 failed",
            "tcp 22 0.0.0.0/0 unmatched",
        ]
    );
}

#[test]
fn by_rule_id_every_rule_revoked_exits_0_and_the_batch_can_be_restored() {
    let user = User::new();
    let ids = [
        "sgr-1d06c1ef9a68559b3",
        "sgr-1d31bad4b02709263",
        "sgr-90202f6db9332aa6a",
    ];
    let out = user.revoke(
        &[
            "--demo",
            "--yes",
            "--rule-id",
            &ids[..2].join(","),
            "--rule-id",
            ids[2],
        ],
        &[],
    );
    let text = exits(0, &out);
    assert!(text.contains("3 calls naming 3 rules."), "{text}");
    assert_eq!(outcome_lines(text, "revoked").len(), 3, "{text}");
    assert!(
        text.ends_with(
            "Revoke finished: 3 revoked, 0 already gone, 0 left, 0 unmatched, 0 failed.\n"
        )
    );
    let (intent, _) = user.batch();
    assert_eq!(intended(&intent), ids.map(String::from));
    let plan = sgtui::restore::plan(&user.entries(), None).unwrap();
    let restorable: BTreeSet<&str> = plan.items.iter().map(|i| i.original_id.as_str()).collect();
    assert_eq!(restorable, ids.into());

    // Without --journal, the demo journals apart from the real journal.
    let out = user.sgtui(&["revoke", "--demo", "--yes", "--rule-id", ids[0]], &[]);
    exits(0, &out);
    let state = user.home.path().join("state/sgtui");
    assert!(state.join("demo-journal.jsonl").exists());
    assert!(!state.join("journal.jsonl").exists());
}

#[test]
fn a_filter_revokes_exactly_the_rules_export_selects() {
    let user = User::new();
    let filter = "risky dir:in vpc:vpc-d9987d5ae889d7449";
    let out = user.sgtui(
        &["export", "--demo", "--format", "ndjson", "--filter", filter],
        &[],
    );
    let mut exported: Vec<String> = (exits(0, &out).lines())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["rule_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    exported.sort();
    assert_eq!(exported.len(), 2, "{exported:?}");
    let out = user.revoke(&["--demo", "--yes", "--filter", filter], &[]);
    let text = exits(0, &out);
    assert_eq!(outcome_lines(text, "revoked").len(), 2, "{text}");
    let (intent, _) = user.batch();
    assert_eq!(intended(&intent), exported);
}

#[test]
fn unknown_rule_ids_are_named_and_nothing_is_sent() {
    let user = User::new();
    let out = user.revoke(
        &[
            "--demo",
            "--yes",
            "--rule-id",
            "sgr-90202f6db9332aa6a,sgr-gone,sgr-\x1b[2J",
        ],
        &[],
    );
    assert!(exits(USAGE, &out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("sgtui: --rule-id: no rule sgr-gone, sgr-\\x1b[2J here; nothing was sent\n  "),
        "{err}"
    );
    assert!(user.entries().is_empty());
    let out = user.revoke(
        &[
            "--demo",
            "--yes",
            "--spec",
            SSH_FROM_ANYWHERE,
            "--group",
            "sg-nope",
        ],
        &[],
    );
    exits(USAGE, &out);
    assert!(stderr(&out).contains("--group: no group sg-nope here"));
}

#[test]
fn without_a_terminal_or_yes_nothing_is_sent() {
    let user = User::new();
    let out = user.revoke(&["--demo", "--rule-id", "sgr-90202f6db9332aa6a"], &[]);
    let text = exits(NOT_SENT, &out);
    assert!(
        text.contains("1 of 1 calls allowed by the dry run."),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("sgtui: not confirmed: standard input is not a terminal"),
        "{err}"
    );
    assert!(err.contains("Pass --yes"), "{err}");
    assert!(user.entries().is_empty());
}

#[test]
fn read_only_dry_runs_and_sends_nothing() {
    let user = User::new();
    let ssh = "sgr-90202f6db9332aa6a";
    let by_flag = user.revoke(&["--demo", "--yes", "--read-only", "--rule-id", ssh], &[]);
    let by_env = user.revoke(
        &["--demo", "--yes", "--rule-id", ssh],
        &[("SGTUI_READ_ONLY", "1")],
    );
    for out in [by_flag, by_env] {
        let text = exits(NOT_SENT, &out);
        assert!(text.contains("dry run: ✔ allowed"), "{text}");
        assert!(
            stderr(&out).contains("sgtui: read-only"),
            "{}",
            stderr(&out)
        );
        assert!(user.entries().is_empty());
    }
    // A dry run is what read-only allows.
    let out = user.revoke(
        &[
            "--demo",
            "--read-only",
            "--dry-run",
            "--rule-id",
            "sgr-90202f6db9332aa6a",
        ],
        &[],
    );
    exits(0, &out);
}

#[test]
fn a_selection_of_nothing_is_nothing_to_revoke() {
    let user = User::new();
    let out = user.revoke(&["--demo", "--yes", "--filter", "desc:no-such-rule"], &[]);
    let text = exits(0, &out);
    assert!(
        text.ends_with("Nothing to revoke: no rule is selected; nothing was sent.\n"),
        "{text}"
    );
    assert!(!stderr(&out).contains("dry-run"), "no call, no dry run");
    // A spec that matches in none of its groups: the plan says where, and nothing is sent.
    let out = user.revoke(
        &[
            "--demo",
            "--yes",
            "--spec",
            SSH_FROM_ANYWHERE,
            "--group",
            VAULT,
        ],
        &[],
    );
    let text = exits(0, &out);
    assert!(
        text.contains("no rule matches tcp 22 0.0.0.0/0 here"),
        "{text}"
    );
    assert!(user.entries().is_empty());
}

#[test]
fn usage_errors_exit_2_on_one_line() {
    let user = User::new();
    for args in [
        &["--demo"][..],
        &["--demo", "--rule-id", "sgr-1", "--filter", "open"],
        &["--demo", "--spec", SSH_FROM_ANYWHERE],
        &["--demo", "--group", BASTION, "--rule-id", "sgr-1"],
        &["--demo", "--spec", "in tcp 0.0.0.0/0", "--group", BASTION],
        &["--demo", "--filter", "port:99999"],
        &["--demo", "--filter", ""],
    ] {
        let out = user.revoke(args, &[]);
        assert_eq!(out.status.code(), Some(USAGE), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = user.revoke(
        &["--demo", "--spec", "in tcp 0.0.0.0/0", "--group", BASTION],
        &[],
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).starts_with("sgtui: --spec: "));
}
