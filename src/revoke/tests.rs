use super::*;
use crate::ec2::{Permission, RevokeResponse, RevokeTarget};
use crate::model::{Peer, PortRange, Protocol};

fn rule(id: &str, group: &str, direction: Direction) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction,
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
        description: None,
        tags: Default::default(),
    }
}

#[test]
fn one_call_per_group_and_direction() {
    let rules = [
        rule("sgr-3", "sg-b", Direction::Inbound),
        rule("sgr-1", "sg-a", Direction::Outbound),
        rule("sgr-2", "sg-a", Direction::Inbound),
        rule("sgr-4", "sg-a", Direction::Inbound),
        rule("sgr-4", "sg-a", Direction::Inbound),
    ];
    let plan = RevokePlan::by_rule_ids(&rules);
    let calls: Vec<_> = plan
        .calls
        .iter()
        .map(|c| {
            (
                c.request.group_id.as_str(),
                c.request.direction,
                c.request.rule_ids().to_vec(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        vec![
            (
                "sg-a",
                Direction::Inbound,
                vec!["sgr-2".to_string(), "sgr-4".to_string()]
            ),
            ("sg-a", Direction::Outbound, vec!["sgr-1".to_string()]),
            ("sg-b", Direction::Inbound, vec!["sgr-3".to_string()]),
        ]
    );
    assert_eq!(plan.rule_count(), 4);
    assert_eq!(plan.group_ids(), vec!["sg-a", "sg-b"]);
}

#[test]
fn outcomes_come_from_the_state_after_the_refresh() {
    let rules = [
        rule("sgr-1", "sg-a", Direction::Inbound),
        rule("sgr-2", "sg-a", Direction::Inbound),
        rule("sgr-3", "sg-b", Direction::Inbound),
        rule("sgr-4", "sg-c", Direction::Inbound),
        rule("sgr-5", "sg-d", Direction::Inbound),
    ];
    let plan = RevokePlan::by_rule_ids(&rules);
    let ok = RevokeResponse {
        returned: true,
        ..Default::default()
    };
    let denied = ApiError::new(codes::UNAUTHORIZED, "no");
    let results = vec![
        CallResult::Sent(Sent::plain(Ok(ok.clone()))),
        CallResult::Sent(Sent::plain(Err(ApiError::new(
            codes::GROUP_NOT_FOUND,
            "gone",
        )))),
        CallResult::Sent(Sent::plain(Ok(RevokeResponse::default()))),
        CallResult::NotSent(denied.clone()),
    ];
    // sgr-2 is still there although its call succeeded.
    let after = [rule("sgr-2", "sg-a", Direction::Inbound)];
    let outcomes = report(&plan, &results, Ok(&after));
    let labels: Vec<_> = outcomes
        .iter()
        .map(|o| {
            (
                o.subject.rule().unwrap().id.as_str(),
                o.outcome.label(),
                o.call,
            )
        })
        .collect();
    assert_eq!(
        labels,
        vec![
            ("sgr-1", "revoked", 0),
            ("sgr-2", "left", 0),
            ("sgr-3", "failed", 1),
            ("sgr-4", "failed", 2),
            ("sgr-5", "failed", 3),
        ]
    );
    assert_eq!(
        outcomes[3].outcome,
        Outcome::Failed(ApiError::new(
            codes::RETURN_FALSE,
            "EC2 answered Return=false without an error"
        ))
    );
    assert_eq!(outcomes[4].outcome, Outcome::Failed(denied));
}

#[test]
fn a_failed_refresh_leaves_successes_unverified() {
    let rules = [rule("sgr-1", "sg-a", Direction::Inbound)];
    let plan = RevokePlan::by_rule_ids(&rules);
    let err = ApiError::new(codes::THROTTLED, "slow down");
    let results = vec![CallResult::Sent(Sent::plain(Ok(RevokeResponse {
        returned: true,
        ..Default::default()
    })))];
    let outcomes = report(&plan, &results, Err(&err));
    assert_eq!(outcomes[0].outcome, Outcome::Unverified(err));
}

#[test]
fn only_allowed_dry_runs_are_sent() {
    assert_eq!(CallResult::held_back(&DryRunVerdict::Allowed), None);
    let held = CallResult::held_back(&DryRunVerdict::Denied("no".into()));
    assert!(matches!(held, Some(CallResult::NotSent(e)) if e.code == codes::UNAUTHORIZED));
    let held = CallResult::held_back(&DryRunVerdict::Failed(ApiError::new(codes::THROTTLED, "x")));
    assert!(matches!(held, Some(CallResult::NotSent(e)) if e.code == codes::THROTTLED));
}

#[test]
fn rules_gone_before_the_call_are_reported_as_already_gone() {
    let rules = [
        rule("sgr-1", "sg-a", Direction::Inbound),
        rule("sgr-2", "sg-a", Direction::Inbound),
    ];
    let plan = RevokePlan::by_rule_ids(&rules);
    let results = vec![CallResult::Sent(Sent {
        result: Ok(RevokeResponse {
            returned: true,
            ..Default::default()
        }),
        already_gone: vec!["sgr-1".into()],
        first_error: Some(ApiError::new(codes::RULE_ID_NOT_FOUND, "gone")),
    })];
    let outcomes = report(&plan, &results, Ok(&[]));
    let labels: Vec<_> = outcomes.iter().map(|o| o.outcome.label()).collect();
    assert_eq!(labels, vec!["already gone", "revoked"]);
}

fn tcp22(peers: &[&str]) -> Permission {
    Permission {
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peers: peers
            .iter()
            .map(|p| Peer::Ipv4(p.parse().unwrap()))
            .collect(),
    }
}

#[test]
fn a_plan_by_properties_has_one_call_per_group_with_what_each_peer_matches() {
    let a = [rule("sgr-1", "sg-a", Direction::Inbound)];
    let b = [rule("sgr-2", "sg-b", Direction::Outbound)];
    // The typed CIDR is not canonical; it still matches 0.0.0.0/0 as EC2 would.
    let permission = tcp22(&["0.0.0.5/0", "10.0.0.0/8"]);
    let plan = RevokePlan::by_properties(
        Direction::Inbound,
        &permission,
        [("sg-a", &a[..]), ("sg-b", &b[..])],
    );
    assert_eq!(plan.calls.len(), 2);
    assert_eq!(plan.calls[0].rules, a.to_vec());
    assert_eq!(plan.calls[0].unmatched, vec!["tcp 22 10.0.0.0/8"]);
    // sg-b's rule is outbound: nothing matches an inbound spec there.
    assert!(plan.calls[1].rules.is_empty());
    assert_eq!(
        plan.calls[1].unmatched,
        vec!["tcp 22 0.0.0.0/0", "tcp 22 10.0.0.0/8"]
    );
    assert!(
        matches!(&plan.calls[1].request.target, RevokeTarget::Permissions(p) if p == &vec![permission.clone()])
    );
}

/// With several regions loaded, a typed group names the one in each group's own region; the
/// call carries it scoped (the fleet sends it plain), and what matches nothing reads as typed.
#[test]
fn a_typed_group_names_the_one_in_each_groups_region() {
    let to_db = |id: &str, group: &str, db: &str| Rule {
        peer: Peer::Group(crate::model::GroupRef {
            group_id: db.into(),
            user_id: None,
            vpc_id: None,
            peering_status: None,
        }),
        ..rule(id, group, Direction::Inbound)
    };
    let eu = [to_db(
        "sgr-1@eu-west-1",
        "sg-a@eu-west-1",
        "sg-db@eu-west-1",
    )];
    let us = [to_db(
        "sgr-1@us-east-1",
        "sg-a@us-east-1",
        "sg-other@us-east-1",
    )];
    let db = to_db("typed", "typed", "sg-db").peer;
    let permission = Permission {
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peers: vec![db],
    };
    let plan = RevokePlan::by_properties(
        Direction::Inbound,
        &permission,
        [("sg-a@eu-west-1", &eu[..]), ("sg-a@us-east-1", &us[..])],
    );
    assert_eq!(plan.calls[0].rules, eu.to_vec());
    assert!(matches!(
        &plan.calls[0].request.target,
        RevokeTarget::Permissions(p) if p[0].peers == vec![eu[0].peer.clone()]
    ));
    assert!(plan.calls[1].rules.is_empty());
    assert_eq!(plan.calls[1].unmatched, vec!["tcp 22 sg-db"]);
}

#[test]
fn outcomes_of_a_revoke_by_properties() {
    let a = [rule("sgr-1", "sg-a", Direction::Inbound)];
    let b = [rule("sgr-2", "sg-b", Direction::Inbound)];
    let plan = RevokePlan::by_properties(
        Direction::Inbound,
        &tcp22(&["0.0.0.0/0", "10.0.0.0/8"]),
        [("sg-a", &a[..]), ("sg-b", &b[..])],
    );
    // sg-a is in a default VPC: EC2 revokes the match and lists the other peer as unknown.
    // sg-b is not: the unmatched peer fails the whole call.
    let results = vec![
        CallResult::Sent(Sent::plain(Ok(RevokeResponse {
            returned: true,
            revoked_rule_ids: Some(vec!["sgr-1".into()]),
            unknown_permissions: vec!["tcp 22 10.0.0.0/8".into()],
        }))),
        CallResult::Sent(Sent::plain(Err(ApiError::new(
            codes::PERMISSION_NOT_FOUND,
            "no",
        )))),
    ];
    let after = [b[0].clone()];
    let outcomes = report(&plan, &results, Ok(&after));
    let got: Vec<_> = outcomes
        .iter()
        .map(|o| {
            let subject = match &o.subject {
                Subject::Rule(r) => r.id.clone(),
                Subject::Properties(t) => t.clone(),
            };
            (subject, o.outcome.label(), o.call)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("sgr-1".to_string(), "revoked", 0),
            ("tcp 22 10.0.0.0/8".to_string(), "unmatched", 0),
            ("sgr-2".to_string(), "failed", 1),
            ("tcp 22 10.0.0.0/8".to_string(), "failed", 1),
        ]
    );
    let listed: Vec<_> = outcomes.iter().map(|o| o.listed).collect();
    assert_eq!(
        listed,
        vec![
            Some(ListedByEc2::RevokedSecurityGroupRules),
            Some(ListedByEc2::UnknownIpPermissions),
            None,
            None,
        ]
    );
}

#[test]
fn only_outcomes_that_may_leave_the_rule_behind_are_failures() {
    let e = ApiError::new(codes::UNAUTHORIZED, "no");
    for failure in [
        Outcome::Failed(e.clone()),
        Outcome::Left,
        Outcome::Unverified(e),
    ] {
        assert!(failure.is_failure(), "{failure:?}");
    }
    for fine in [
        Outcome::Revoked,
        Outcome::AlreadyGone,
        Outcome::Unmatched("tcp 22 0.0.0.0/0".into()),
    ] {
        assert!(!fine.is_failure(), "{fine:?}");
    }
}
