//! One suite of cases, run against the in-memory backend and against a moto server over real
//! HTTP through aws-sdk-ec2, so that the two backends cannot drift apart.

mod common;

use common::{Snapshot, contract_account, snapshot};
use sgtui::ec2::{DryRunVerdict, Ec2, RevokeRequest};
use sgtui::model::{Direction, Peer, Protocol};

/// Runs a case against both backends: `memory` and `moto` test functions in a module.
macro_rules! contract {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn memory() {
                let backend = crate::common::memory_backend(crate::common::contract_account());
                super::$case(&backend).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn moto() {
                let (backend, _client) = crate::common::moto_backend(&crate::common::contract_account()).await;
                super::$case(&backend).await;
            }
        }
    )*};
}

contract!(
    loads_groups_and_rules_with_ids,
    dry_run_is_allowed_and_changes_nothing,
    revokes_one_rule_by_id,
    revokes_several_rules_in_one_call,
    revokes_both_directions,
    one_unknown_id_revokes_nothing,
    an_id_of_the_other_direction_revokes_nothing,
    refresh_of_groups_sees_only_their_rules,
);

fn ids(rules: &[&sgtui::model::Rule]) -> Vec<String> {
    let mut ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    ids.sort();
    ids
}

fn all_ids(s: &Snapshot) -> Vec<String> {
    ids(&s.rules.iter().collect::<Vec<_>>())
}

fn request(
    group: &str,
    s: &Snapshot,
    direction: Direction,
    rule_ids: Vec<String>,
) -> RevokeRequest {
    RevokeRequest::by_ids(s.group(group).id.clone(), direction, rule_ids)
}

async fn loads_groups_and_rules_with_ids<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    let account = contract_account();
    for spec in &account.groups {
        let group = s.group(&spec.name);
        assert!(group.id.starts_with("sg-"), "{group:?}");
        assert_eq!(group.description, spec.description);
        assert!(
            group
                .vpc_id
                .as_deref()
                .is_some_and(|v| v.starts_with("vpc-"))
        );
        assert_eq!(
            s.rules_of(&spec.name, Direction::Inbound).len(),
            spec.inbound.len(),
            "{}",
            spec.name
        );
        assert_eq!(
            s.rules_of(&spec.name, Direction::Outbound).len(),
            spec.outbound.len(),
            "{}",
            spec.name
        );
    }
    assert_eq!(
        s.group("web").tags.get("team").map(String::as_str),
        Some("platform")
    );
    // app and db share the non-default VPC; web is in the default one.
    assert_eq!(s.group("app").vpc_id, s.group("db").vpc_id);
    assert_ne!(s.group("app").vpc_id, s.group("web").vpc_id);
    for rule in &s.rules {
        assert!(rule.id.starts_with("sgr-"), "{rule:?}");
    }
    let mut unique = all_ids(&s);
    unique.dedup();
    assert_eq!(unique.len(), s.rules.len(), "rule ids are unique");

    let ssh = s.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0");
    assert_eq!(ssh.description.as_deref(), Some("ssh from anywhere"));
    assert!(ssh.peer.is_world());
    let v6 = s.rule("web", Direction::Inbound, "tcp 443", "::/0");
    assert!(matches!(v6.peer, Peer::Ipv6(_)));
    let ping = s.rule("web", Direction::Inbound, "icmp echo-request", "10.0.0.0/8");
    assert_eq!(ping.protocol, Protocol::Icmp);
    let all = s.rule("web", Direction::Outbound, "all traffic", "0.0.0.0/0");
    assert_eq!(all.protocol, Protocol::All);
    let to_db = s.rule("app", Direction::Outbound, "tcp 5432", "db");
    assert!(matches!(&to_db.peer, Peer::Group(g) if g.group_id == s.group("db").id));
    // moto 5.2.5 returns no description for group-reference peers in
    // DescribeSecurityGroupRules (EC2 does), so the description is checked on CIDR peers only.
    s.rule("app", Direction::Inbound, "tcp 8000-8999", "10.1.2.0/24");
    s.rule("app", Direction::Outbound, "udp 53", "10.1.0.2/32");
}

async fn dry_run_is_allowed_and_changes_nothing<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let ssh = before.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0");
    let req = request("web", &before, Direction::Inbound, vec![ssh.id.clone()]);
    let verdict = DryRunVerdict::from_result(backend.revoke(req, true).await);
    assert_eq!(verdict, DryRunVerdict::Allowed);
    let req = request(
        "app",
        &before,
        Direction::Outbound,
        ids(&before.rules_of("app", Direction::Outbound)),
    );
    let verdict = DryRunVerdict::from_result(backend.revoke(req, true).await);
    assert_eq!(verdict, DryRunVerdict::Allowed);
    assert_eq!(all_ids(&snapshot(backend).await), all_ids(&before));
}

async fn revokes_one_rule_by_id<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let ssh = before
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .id
        .clone();
    let req = request("web", &before, Direction::Inbound, vec![ssh.clone()]);
    let response = backend.revoke(req, false).await.expect("revoke");
    assert!(response.returned);
    if let Some(revoked) = &response.revoked_rule_ids {
        assert_eq!(revoked, &vec![ssh.clone()]);
    }
    let after = snapshot(backend).await;
    let mut expected = all_ids(&before);
    expected.retain(|id| id != &ssh);
    assert_eq!(all_ids(&after), expected, "exactly the one rule is gone");
}

async fn revokes_several_rules_in_one_call<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let targets = vec![
        before
            .rule("web", Direction::Inbound, "tcp 443", "0.0.0.0/0")
            .id
            .clone(),
        before
            .rule("web", Direction::Inbound, "tcp 443", "::/0")
            .id
            .clone(),
        before
            .rule("web", Direction::Inbound, "tcp 80", "10.0.0.0/8")
            .id
            .clone(),
    ];
    let req = request("web", &before, Direction::Inbound, targets.clone());
    assert!(backend.revoke(req, false).await.expect("revoke").returned);
    let after = snapshot(backend).await;
    let left = ids(&after.rules_of("web", Direction::Inbound));
    assert_eq!(
        left,
        ids(&[
            before.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0"),
            before.rule("web", Direction::Inbound, "icmp echo-request", "10.0.0.0/8"),
        ])
    );
    let mut expected = all_ids(&before);
    expected.retain(|id| !targets.contains(id));
    assert_eq!(all_ids(&after), expected);
}

async fn revokes_both_directions<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let inbound = before
        .rule("app", Direction::Inbound, "tcp 8080", "10.1.0.0/24")
        .id
        .clone();
    let outbound = before
        .rule("app", Direction::Outbound, "tcp 5432", "db")
        .id
        .clone();
    let r1 = backend
        .revoke(
            request("app", &before, Direction::Inbound, vec![inbound.clone()]),
            false,
        )
        .await
        .expect("ingress");
    let r2 = backend
        .revoke(
            request("app", &before, Direction::Outbound, vec![outbound.clone()]),
            false,
        )
        .await
        .expect("egress");
    assert!(r1.returned && r2.returned);
    let after = snapshot(backend).await;
    let mut expected = all_ids(&before);
    expected.retain(|id| id != &inbound && id != &outbound);
    assert_eq!(all_ids(&after), expected);
    assert_eq!(after.rules_of("app", Direction::Inbound).len(), 1);
    assert_eq!(after.rules_of("app", Direction::Outbound).len(), 1);
}

async fn one_unknown_id_revokes_nothing<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let ssh = before
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .id
        .clone();
    let req = request(
        "web",
        &before,
        Direction::Inbound,
        vec![ssh, "sgr-0123456789abcdef0".to_string()],
    );
    let err = backend
        .revoke(req, false)
        .await
        .expect_err("one id is unknown");
    assert!(err.is_rule_not_found(), "{err}");
    assert_eq!(
        all_ids(&snapshot(backend).await),
        all_ids(&before),
        "nothing was revoked"
    );
}

async fn an_id_of_the_other_direction_revokes_nothing<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let inbound = before
        .rule("db", Direction::Inbound, "tcp 5432", "10.1.0.0/16")
        .id
        .clone();
    let outbound = before
        .rule("db", Direction::Outbound, "all traffic", "0.0.0.0/0")
        .id
        .clone();
    let req = request("db", &before, Direction::Inbound, vec![inbound, outbound]);
    let err = backend
        .revoke(req, false)
        .await
        .expect_err("an egress id in an ingress call");
    assert!(err.is_rule_not_found(), "{err}");
    assert_eq!(all_ids(&snapshot(backend).await), all_ids(&before));
}

async fn refresh_of_groups_sees_only_their_rules<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let ssh = before
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .id
        .clone();
    let req = request("web", &before, Direction::Inbound, vec![ssh.clone()]);
    backend.revoke(req, false).await.expect("revoke");
    let web = before.group("web").id.clone();
    let db = before.group("db").id.clone();
    let rules = backend
        .describe_rules_of_groups(vec![web.clone(), db.clone()])
        .await
        .expect("refresh");
    assert!(rules.iter().all(|r| r.group_id == web || r.group_id == db));
    let mut got: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    got.sort();
    let mut expected: Vec<String> = before
        .rules
        .iter()
        .filter(|r| (r.group_id == web || r.group_id == db) && r.id != ssh)
        .map(|r| r.id.clone())
        .collect();
    expected.sort();
    assert_eq!(got, expected, "the revoked rule is gone, the others kept");
}
