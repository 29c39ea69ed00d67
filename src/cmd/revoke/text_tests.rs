use super::{allowed, outcomes, where_line};
use crate::analysis::{Judged, Policy, Signals};
use crate::ec2::{ApiError, Connection, DryRunVerdict, codes};
use crate::inventory::Inventory;
use crate::model::{Direction, Peer, PortRange, Protocol, Rule, SecurityGroup};
use crate::revoke::{Outcome, RevokePlan, RuleOutcome, Subject};

fn inventory() -> (Inventory, Rule, Signals) {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![SecurityGroup {
        id: "sg-1".into(),
        name: "web\u{202e}".into(),
        description: "a group".into(),
        vpc_id: Some("vpc-1".into()),
        owner_id: None,
        tags: Default::default(),
        listed_rules: None,
    }]);
    let ssh = Rule {
        id: "sgr-1".into(),
        group_id: "sg-1".into(),
        direction: Direction::Inbound,
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
        description: Some("ssh\x1b[2J".into()),
        tags: Default::default(),
    };
    inventory.add_rules(vec![ssh.clone()]);
    let judged = Judged {
        policy: &Policy::default(),
        interfaces_known: true,
        stale: &|_| false,
    };
    let signals = Signals::compute(&inventory, &judged);
    (inventory, ssh, signals)
}

#[test]
fn where_says_the_region_and_account_and_what_else_is_known() {
    assert_eq!(where_line(&Connection::default()), "Region ?");
    let connection = Connection {
        profile: Some("ops".into()),
        region: Some("eu-west-1".into()),
        endpoint: Some("http://127.0.0.1:5000".into()),
        account_id: Some("123456789012".into()),
    };
    assert_eq!(
        where_line(&connection),
        "Region eu-west-1, account 123456789012, profile ops, endpoint http://127.0.0.1:5000"
    );
}

#[test]
fn the_plan_lists_each_call_its_verdict_and_its_rules_inert() {
    let (inventory, ssh, signals) = inventory();
    let plan = RevokePlan::by_rule_ids([&ssh]);
    assert_eq!(
        super::plan(&plan, &[DryRunVerdict::Allowed], &inventory, &signals),
        [
            "1 call naming 1 rule. Nothing has been changed yet.",
            " 1. RevokeSecurityGroupIngress sg-1 (web\\u{202e}) · 1 rule by id",
            "    dry run: ✔ allowed (DryRunOperation)",
            "      sgr-1 tcp 22 from 0.0.0.0/0 (anywhere)  \"ssh\\x1b[2J\"  (! risky: sensitive \
             tcp port 22 (ssh) from anywhere)",
            "1 of 1 calls allowed by the dry run.",
        ]
    );
    let denied = [DryRunVerdict::Denied("not you\x07".into())];
    let lines = super::plan(&plan, &denied, &inventory, &signals);
    assert_eq!(
        lines[2],
        "    dry run: ✘ denied (UnauthorizedOperation), will not be sent: not you\\x07"
    );
    assert_eq!(lines[4], "0 of 1 calls allowed by the dry run.");
    assert_eq!(allowed(&denied), 0);
    // Before any dry run (nothing to revoke): no verdicts, no count.
    assert_eq!(super::plan(&plan, &[], &inventory, &signals).len(), 3);
}

#[test]
fn each_outcome_says_its_call_and_why_then_the_tally() {
    let (inventory, ssh, _) = inventory();
    let plan = RevokePlan::by_rule_ids([&ssh]);
    let failed = ApiError::new(codes::UNAUTHORIZED, "not you");
    let said = outcomes(
        &plan,
        &[
            RuleOutcome {
                subject: Subject::Rule(ssh.clone()),
                listed: None,
                call: 0,
                outcome: Outcome::Failed(failed),
            },
            RuleOutcome {
                subject: Subject::Properties("tcp 80 10.0.0.0/8".into()),
                listed: None,
                call: 0,
                outcome: Outcome::AlreadyGone,
            },
        ],
        &inventory,
    );
    assert_eq!(
        said,
        [
            "failed       sgr-1 tcp 22 from 0.0.0.0/0 (anywhere)  \"ssh\\x1b[2J\"",
            "             call #1 RevokeSecurityGroupIngress sg-1 (web\\u{202e})",
            "             UnauthorizedOperation: not you",
            "already gone (no rule) tcp 80 10.0.0.0/8",
            "             call #1 RevokeSecurityGroupIngress sg-1 (web\\u{202e})",
            "             already gone: removed by someone else before this call",
            "Revoke finished: 0 revoked, 1 already gone, 0 left, 0 unmatched, 1 failed.",
        ]
    );
}
