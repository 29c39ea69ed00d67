//! One suite of cases, run against the in-memory backend and against a moto server over real
//! HTTP through aws-sdk-ec2, so that the two backends cannot drift apart.

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use common::{Snapshot, contract_account, snapshot};
use futures::TryStreamExt;
use sgtui::analysis::signals::Risk;
use sgtui::analysis::{Judged, Matcher, Policy, Signals, Usage};
use sgtui::ec2::{
    AuthorizeRequest, DryRunVerdict, Ec2, Permission, RevokeRequest, RevokeTarget, collect_all,
    pages, prefix_lists_with_entries, revoke_recovering,
};
use sgtui::inventory::{Inventory, Network};
use sgtui::model::lang::Filter;
use sgtui::model::{Direction, GroupRef, NetworkInterface, Peer, PortRange, Protocol, Rule};

/// Runs a case against both backends: `memory` and `moto` test functions in a module. Moto is
/// seeded with the contract fixture; the in-memory backend holds the fixture too, or the account
/// given after `memory:`.
macro_rules! contract {
    (memory: $memory:expr; $($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn memory() {
                let backend = crate::common::memory_backend($memory);
                super::$case(&backend).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn moto() {
                let (backend, _client) = crate::common::moto_backend(&crate::common::contract_account()).await;
                super::$case(&backend).await;
            }
        }
    )*};
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
    rules_pages_are_every_rule_in_the_order_of_the_pages,
    a_group_reference_names_a_loaded_group,
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

/// The listing the loads use (read ahead by the SDK backend) holds what the pages one by one
/// hold, in the same order.
async fn rules_pages_are_every_rule_in_the_order_of_the_pages<B: Ec2>(backend: &B) {
    let pages: Vec<_> = backend.rules_pages().try_collect().await.unwrap();
    let ahead: Vec<Rule> = pages.into_iter().flat_map(|p| p.items).collect();
    let one_by_one = collect_all(|token| backend.describe_rules_page(token))
        .await
        .unwrap();
    assert!(!ahead.is_empty());
    assert_eq!(ahead, one_by_one);
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
    for direction in [Direction::Inbound, Direction::Outbound] {
        assert_eq!(
            after.rules_of("app", direction).len(),
            before.rules_of("app", direction).len() - 1
        );
    }
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

// Revokes by properties (`IpPermissions`), and rules that vanish before a revoke by ids.

contract!(
    property_revoke_removes_only_the_named_peer,
    property_revoke_matching_nothing_in_a_non_default_vpc_fails,
    property_revoke_with_one_unmatched_peer_in_a_non_default_vpc_revokes_nothing,
    property_revoke_of_ipv6_prefix_list_and_group_peers,
    property_revoke_of_icmp_and_all_traffic,
    a_rule_deleted_between_load_and_revoke_is_already_gone,
);

fn by_properties(
    group: &str,
    s: &Snapshot,
    direction: Direction,
    spec: &str,
    peers: &[&str],
) -> RevokeRequest {
    let sample = s
        .rules_of(group, direction)
        .into_iter()
        .find(|r| r.protocol_ports() == spec)
        .unwrap_or_else(|| panic!("{group} has no {spec} rule to take protocol and ports from"));
    let peers = peers
        .iter()
        .map(|p| {
            if let Some(g) = s.groups.iter().find(|g| g.name == *p) {
                Peer::Group(sgtui::model::GroupRef {
                    group_id: g.id.clone(),
                    user_id: None,
                    vpc_id: None,
                    peering_status: None,
                })
            } else if let Some(list) = s.prefix_list(p) {
                Peer::PrefixList(list.id.clone())
            } else if p.contains(':') {
                Peer::Ipv6(p.parse().unwrap())
            } else {
                Peer::Ipv4(p.parse().unwrap())
            }
        })
        .collect();
    RevokeRequest {
        group_id: s.group(group).id.clone(),
        direction,
        target: RevokeTarget::Permissions(vec![Permission {
            protocol: sample.protocol,
            ports: sample.ports,
            peers,
        }]),
    }
}

async fn property_revoke_removes_only_the_named_peer<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let target = before
        .rule("app", Direction::Inbound, "tcp 443", "10.1.4.0/24")
        .id
        .clone();
    let req = by_properties(
        "app",
        &before,
        Direction::Inbound,
        "tcp 443",
        &["10.1.4.0/24"],
    );
    let response = backend
        .revoke(req, false)
        .await
        .expect("revoke by properties");
    assert!(response.returned);
    assert!(response.unknown_permissions.is_empty());
    let after = snapshot(backend).await;
    let mut expected = all_ids(&before);
    expected.retain(|id| id != &target);
    assert_eq!(
        all_ids(&after),
        expected,
        "the permission's other peers stay"
    );
    after.rule("app", Direction::Inbound, "tcp 443", "10.1.3.0/24");
    after.rule("app", Direction::Inbound, "tcp 443", "10.1.5.0/24");
}

async fn property_revoke_matching_nothing_in_a_non_default_vpc_fails<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let req = by_properties(
        "app",
        &before,
        Direction::Inbound,
        "tcp 443",
        &["10.9.9.0/24"],
    );
    let err = backend
        .revoke(req, false)
        .await
        .expect_err("nothing matches");
    assert_eq!(err.code, sgtui::ec2::codes::PERMISSION_NOT_FOUND, "{err}");
    assert_eq!(all_ids(&snapshot(backend).await), all_ids(&before));
}

async fn property_revoke_with_one_unmatched_peer_in_a_non_default_vpc_revokes_nothing<B: Ec2>(
    backend: &B,
) {
    let before = snapshot(backend).await;
    let req = by_properties(
        "app",
        &before,
        Direction::Inbound,
        "tcp 443",
        &["10.1.3.0/24", "10.9.9.0/24"],
    );
    let err = backend
        .revoke(req, false)
        .await
        .expect_err("one peer matches nothing");
    assert_eq!(err.code, sgtui::ec2::codes::PERMISSION_NOT_FOUND, "{err}");
    assert_eq!(
        all_ids(&snapshot(backend).await),
        all_ids(&before),
        "nothing was revoked"
    );
}

async fn property_revoke_of_ipv6_prefix_list_and_group_peers<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let targets = [
        before
            .rule("web", Direction::Inbound, "tcp 443", "::/0")
            .id
            .clone(),
        before
            .rule("db", Direction::Outbound, "tcp 443", "s3-us-east-1")
            .id
            .clone(),
        before
            .rule("db", Direction::Inbound, "tcp 5432", "app")
            .id
            .clone(),
    ];
    let calls = [
        by_properties("web", &before, Direction::Inbound, "tcp 443", &["::/0"]),
        by_properties(
            "db",
            &before,
            Direction::Outbound,
            "tcp 443",
            &["s3-us-east-1"],
        ),
        // moto 5.2.5 compares a group pair's description too, so a described reference cannot
        // be revoked by properties there (EC2 ignores descriptions): db's reference has none.
        by_properties("db", &before, Direction::Inbound, "tcp 5432", &["app"]),
    ];
    for req in calls {
        let response = backend
            .revoke(req.clone(), false)
            .await
            .unwrap_or_else(|e| panic!("{req:?}: {e}"));
        assert!(
            response.returned && response.unknown_permissions.is_empty(),
            "{response:?}"
        );
    }
    let after = snapshot(backend).await;
    let mut expected = all_ids(&before);
    expected.retain(|id| !targets.contains(id));
    assert_eq!(all_ids(&after), expected);
    // The IPv4 peer of web's tcp 443 stays.
    after.rule("web", Direction::Inbound, "tcp 443", "0.0.0.0/0");
}

async fn property_revoke_of_icmp_and_all_traffic<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let targets = [
        before
            .rule("web", Direction::Inbound, "icmp echo-request", "10.0.0.0/8")
            .id
            .clone(),
        before
            .rule("web", Direction::Outbound, "all traffic", "0.0.0.0/0")
            .id
            .clone(),
    ];
    let calls = [
        by_properties(
            "web",
            &before,
            Direction::Inbound,
            "icmp echo-request",
            &["10.0.0.0/8"],
        ),
        by_properties(
            "web",
            &before,
            Direction::Outbound,
            "all traffic",
            &["0.0.0.0/0"],
        ),
    ];
    for req in calls {
        let response = backend
            .revoke(req.clone(), false)
            .await
            .unwrap_or_else(|e| panic!("{req:?}: {e}"));
        assert!(
            response.returned && response.unknown_permissions.is_empty(),
            "{response:?}"
        );
    }
    let mut expected = all_ids(&before);
    expected.retain(|id| !targets.contains(id));
    assert_eq!(all_ids(&snapshot(backend).await), expected);
}

async fn a_rule_deleted_between_load_and_revoke_is_already_gone<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let ssh = before
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .id
        .clone();
    let http = before
        .rule("web", Direction::Inbound, "tcp 80", "10.0.0.0/8")
        .id
        .clone();
    // Someone else removes the ssh rule after sgtui loaded it.
    backend
        .revoke(
            request("web", &before, Direction::Inbound, vec![ssh.clone()]),
            false,
        )
        .await
        .expect("removal by someone else");
    let sent = revoke_recovering(
        backend,
        request(
            "web",
            &before,
            Direction::Inbound,
            vec![ssh.clone(), http.clone()],
        ),
    )
    .await;
    assert_eq!(sent.already_gone, vec![ssh.clone()]);
    assert!(
        sent.first_error
            .as_ref()
            .is_some_and(|e| e.is_rule_not_found()),
        "{sent:?}"
    );
    assert!(sent.result.as_ref().is_ok_and(|r| r.returned), "{sent:?}");
    let mut expected = all_ids(&before);
    expected.retain(|id| id != &ssh && id != &http);
    assert_eq!(
        all_ids(&snapshot(backend).await),
        expected,
        "the remaining rule was revoked"
    );
}

// Authorize (undo): a revoked rule comes back with its description; an existing one is a
// duplicate; a dry run changes nothing.

contract!(
    authorize_puts_a_revoked_rule_back_with_its_description,
    authorizing_an_existing_rule_is_a_duplicate,
    an_authorize_dry_run_changes_nothing,
);

fn authorize_request(rule: &sgtui::model::Rule) -> AuthorizeRequest {
    AuthorizeRequest {
        group_id: rule.group_id.clone(),
        direction: rule.direction,
        protocol: rule.protocol,
        ports: rule.ports,
        peer: rule.peer.clone(),
        description: rule.description.clone(),
        tags: rule.tags.clone(),
    }
}

async fn authorize_puts_a_revoked_rule_back_with_its_description<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let office = before
        .rule("web", Direction::Inbound, "tcp 80", "10.0.0.0/8")
        .clone();
    let ping = before
        .rule("web", Direction::Inbound, "icmp echo-request", "10.0.0.0/8")
        .clone();
    let req = request(
        "web",
        &before,
        Direction::Inbound,
        vec![office.id.clone(), ping.id.clone()],
    );
    backend.revoke(req, false).await.expect("revoke");
    for rule in [&office, &ping] {
        backend
            .authorize(authorize_request(rule), false)
            .await
            .unwrap_or_else(|e| panic!("authorize {rule}: {e}"));
    }
    let after = snapshot(backend).await;
    let back = after.rule("web", Direction::Inbound, "tcp 80", "10.0.0.0/8");
    assert_eq!(back.description.as_deref(), Some("office"));
    after.rule("web", Direction::Inbound, "icmp echo-request", "10.0.0.0/8");
    assert_eq!(after.rules.len(), before.rules.len());
}

async fn authorizing_an_existing_rule_is_a_duplicate<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let ssh = before.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0");
    let err = backend
        .authorize(authorize_request(ssh), false)
        .await
        .expect_err("the rule exists");
    assert_eq!(err.code, sgtui::ec2::codes::PERMISSION_DUPLICATE, "{err}");
    assert_eq!(all_ids(&snapshot(backend).await), all_ids(&before));
}

async fn an_authorize_dry_run_changes_nothing<B: Ec2>(backend: &B) {
    let before = snapshot(backend).await;
    let mut rule = before
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .clone();
    rule.ports = sgtui::model::PortRange::new(2222, 2222);
    let result = backend.authorize(authorize_request(&rule), true).await;
    assert_eq!(
        DryRunVerdict::from_result(result.map(|_| Default::default())),
        DryRunVerdict::Allowed
    );
    assert_eq!(all_ids(&snapshot(backend).await), all_ids(&before));
}

/// Following a reference needs its peer to name a group of the same listing, both ways.
async fn a_group_reference_names_a_loaded_group<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    for (group, direction, peer) in [
        ("app", Direction::Outbound, "db"),
        ("db", Direction::Inbound, "app"),
    ] {
        let rule = s.rule(group, direction, "tcp 5432", peer);
        let Peer::Group(reference) = &rule.peer else {
            panic!("{group}'s rule to {peer} is not a group reference: {rule:?}")
        };
        assert_eq!(reference.group_id, s.group(peer).id);
        assert!(s.groups.iter().any(|g| g.id == reference.group_id));
    }
}

// Who is in a group (network interfaces) and what a prefix list holds. Ids and public addresses
// are the server's own, so interfaces are compared by what the fixture sets.

contract!(
    interfaces_say_who_is_in_each_group,
    interfaces_come_in_pages_that_join_up,
    a_prefix_list_a_rule_uses_is_described_with_its_entries,
    unknown_prefix_lists_are_left_out,
);

/// What both backends must agree on about an interface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    description: String,
    /// Group names, sorted.
    groups: Vec<String>,
    private_ips: Vec<Ipv4Addr>,
    ipv6: Vec<Ipv6Addr>,
    public_ips: usize,
    attached: bool,
}

fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

fn seen(eni: &NetworkInterface, group_name: &impl Fn(&str) -> String) -> Seen {
    Seen {
        description: eni.description.clone(),
        groups: sorted(eni.group_ids.iter().map(|g| group_name(g)).collect()),
        private_ips: eni.private_ips.clone(),
        ipv6: eni.ipv6.clone(),
        public_ips: eni.public_ips.len(),
        attached: eni.attachment.is_some(),
    }
}

async fn all_interfaces<B: Ec2>(backend: &B) -> Vec<NetworkInterface> {
    collect_all(|token| backend.describe_interfaces_page(token))
        .await
        .expect("describe interfaces")
}

fn interface<'a>(all: &'a [NetworkInterface], description: &str) -> &'a NetworkInterface {
    let found: Vec<_> = all
        .iter()
        .filter(|i| i.description == description)
        .collect();
    assert_eq!(found.len(), 1, "{description}: {all:?}");
    found[0]
}

async fn interfaces_say_who_is_in_each_group<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    let all = all_interfaces(backend).await;
    let account = contract_account();
    let name_in = |id: &str| s.groups.iter().find(|g| g.id == id).unwrap().name.clone();
    let got = sorted(all.iter().map(|i| seen(i, &name_in)).collect());
    let fixture_name = |id: &str| {
        account
            .groups
            .iter()
            .find(|g| g.id == id)
            .unwrap()
            .name
            .clone()
    };
    let expected = sorted(
        account
            .network_interfaces
            .iter()
            .map(|i| Seen {
                description: i.description.clone(),
                groups: sorted(i.groups.iter().map(|g| fixture_name(g)).collect()),
                private_ips: i.private_ips.iter().map(|a| a.parse().unwrap()).collect(),
                ipv6: i.ipv6.iter().map(|a| a.parse().unwrap()).collect(),
                public_ips: i.public_ips.len(),
                attached: i.attachment.is_some(),
            })
            .collect(),
    );
    assert_eq!(got, expected);

    // A group no interface uses; an interface in two groups.
    let web = &s.group("web").id;
    assert!(!all.iter().any(|i| i.in_group(web)), "{all:?}");
    let migrations = interface(&all, "db migrations");
    for group in ["app", "db"] {
        assert!(migrations.in_group(&s.group(group).id), "{migrations:?}");
    }
    let in_db: Vec<&str> = all
        .iter()
        .filter(|i| i.in_group(&s.group("db").id))
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(sorted(in_db), ["db migrations", "db replica"]);

    let app = interface(&all, "app server 1");
    assert!(app.id.starts_with("eni-"), "{app:?}");
    assert_eq!(app.vpc_id, s.group("app").vpc_id);
    assert!(
        app.attachment
            .as_deref()
            .is_some_and(|i| i.starts_with("i-"))
    );
    assert!(app.holds(IpAddr::V4(Ipv4Addr::new(10, 1, 1, 11))));
    assert!(app.holds("2001:db8:1::10".parse().unwrap()));
    assert!(
        !app.holds(IpAddr::V4(app.public_ips[0])),
        "a public address is not held"
    );
    // Interfaces of one fixture subnet share a subnet; the others are elsewhere.
    let subnet = |d: &str| interface(&all, d).subnet_id.clone().expect("a subnet");
    assert_eq!(subnet("app server 1"), subnet("db migrations"));
    assert_ne!(subnet("app server 1"), subnet("db replica"));
}

async fn interfaces_come_in_pages_that_join_up<B: Ec2>(backend: &B) {
    let walked: Vec<_> = pages(|token| backend.describe_interfaces_page(token))
        .try_collect()
        .await
        .expect("every page");
    let (last, before_last) = walked.split_last().expect("at least one page");
    assert!(last.next_token.is_none());
    assert!(before_last.iter().all(|p| p.next_token.is_some()));
    let ids: Vec<&str> = walked
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.id.as_str()))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no interface comes twice: {ids:?}");
    assert_eq!(ids.len(), contract_account().network_interfaces.len());
}

async fn a_prefix_list_a_rule_uses_is_described_with_its_entries<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    let rule = s.rule("db", Direction::Outbound, "tcp 443", "s3-us-east-1");
    let Peer::PrefixList(id) = &rule.peer else {
        panic!("{rule:?}")
    };
    let lists = backend
        .describe_prefix_lists(vec![id.clone()])
        .await
        .expect("describe prefix lists");
    assert_eq!(lists.len(), 1, "{lists:?}");
    let list = &lists[0];
    assert_eq!(&list.id, id);
    assert_eq!(list.name, "s3-us-east-1");
    assert_eq!(list.address_family.as_deref(), Some("IPv4"));
    assert_eq!(list.max_entries, Some(5));
    assert_eq!(list.owner_id.as_deref(), Some("123456789012"));

    let entries = backend
        .prefix_list_entries(id.clone())
        .await
        .expect("entries");
    let got = sorted(
        entries
            .iter()
            .map(|e| (e.cidr.to_string(), e.description.clone()))
            .collect(),
    );
    let fixture = &contract_account().prefix_lists[0];
    let expected = sorted(
        fixture
            .entries
            .iter()
            .map(|e| (e.cidr.clone(), e.description.clone()))
            .collect(),
    );
    assert_eq!(got, expected);
    assert!(
        entries
            .iter()
            .any(|e| e.contains("52.217.3.4".parse().unwrap()))
    );
}

async fn unknown_prefix_lists_are_left_out<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    let known = s
        .prefix_list("s3-us-east-1")
        .expect("the fixture list")
        .id
        .clone();
    let unknown = "pl-0fedcba9876543210".to_string();
    let lists = backend
        .describe_prefix_lists(vec![unknown.clone(), known.clone()])
        .await
        .expect("describe prefix lists");
    let ids: Vec<&str> = lists.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, [known.as_str()]);
    for ids in [vec![unknown], vec![]] {
        let lists = backend.describe_prefix_lists(ids).await;
        assert_eq!(lists, Ok(vec![]));
    }
    // GetManagedPrefixListEntries of an unknown list: EC2 (and the memory backend) answer
    // InvalidPrefixListID.NotFound, moto 5.2.5 an empty list; see ec2_shapes.rs.
}

// What `ip:` finds through them: the interfaces of a group a rule references, and a prefix
// list's entries, loaded as the app loads them.

contract!(
    ip_looks_through_the_interfaces_of_a_referenced_group,
    ip_looks_through_a_prefix_lists_entries,
);

/// The interfaces and the prefix lists the rules use, as the app loads them.
async fn network<B: Ec2>(backend: &B, s: &Snapshot) -> Network {
    let mut network = Network::default();
    network.add_interfaces(all_interfaces(backend).await);
    let used = s.prefix_lists.iter().map(|p| p.id.clone()).collect();
    let lists = prefix_lists_with_entries(backend, used)
        .await
        .expect("prefix lists and their entries");
    network.set_prefix_lists(lists);
    network
}

/// A rule a filter matched: its properties and peer, and how the match was found.
type Found = (String, Option<String>);

/// Each group `filter` shows, by name, with its matching rules (properties and peer, and how
/// the match was found).
fn found(s: &Snapshot, network: &Network, filter: &str) -> Vec<(String, Vec<Found>)> {
    let filter = Filter::parse(filter).expect("a valid filter");
    let matcher = Matcher::new(&filter, network);
    let mut shown = Vec::new();
    // moto adds each VPC's default group, which the fixture does not hold.
    for group in s.groups.iter().filter(|g| g.name != "default") {
        let rules: Vec<&Rule> = s.rules.iter().filter(|r| r.group_id == group.id).collect();
        if !matcher.group(group, rules.iter().copied()).shown {
            continue;
        }
        let hits = sorted(
            rules
                .iter()
                .filter_map(|r| {
                    let hit = matcher.rule(group, r)?;
                    Some((
                        format!("{} {}", r.protocol_ports(), r.peer.short()),
                        hit.via.map(|v| v.to_string()),
                    ))
                })
                .collect(),
        );
        shown.push((group.name.clone(), hits));
    }
    sorted(shown)
}

async fn ip_looks_through_the_interfaces_of_a_referenced_group<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    let all = all_interfaces(backend).await;
    let network = network(backend, &s).await;
    let (app, db) = (&s.group("app").id, &s.group("db").id);
    let server = &interface(&all, "app server 1").id;
    // 10.1.1.11 is app server 1's second private address: db admits it on 5432 through its
    // reference to app, and through 10.1.0.0/16 directly.
    assert_eq!(
        found(&s, &network, "ip:10.1.1.11 port:5432 dir:in"),
        [(
            "db".to_string(),
            sorted(vec![
                (
                    format!("tcp 5432 {app}"),
                    Some(format!("via {server} in {app}"))
                ),
                ("tcp 5432 10.1.0.0/16".to_string(), None),
            ])
        )]
    );
    // An interface in two groups is found through either; app's outbound rule names db.
    let migrations = &interface(&all, "db migrations").id;
    assert_eq!(
        found(&s, &network, &format!("ip:10.1.1.20 sg:{db}")),
        [(
            "app".to_string(),
            vec![(
                format!("tcp 5432 {db}"),
                Some(format!("via {migrations} in {db}"))
            )]
        )]
    );
    // A public address is not a group member's as a reference sees it, and an IPv6 one is.
    assert!(found(&s, &network, "ip:203.0.113.10 port:5432 dir:in").is_empty());
    assert_eq!(
        found(&s, &network, "ip:2001:db8:1::10 port:5432"),
        [(
            "db".to_string(),
            vec![(
                format!("tcp 5432 {app}"),
                Some(format!("via {server} in {app}"))
            )]
        )]
    );
}

async fn ip_looks_through_a_prefix_lists_entries<B: Ec2>(backend: &B) {
    let s = snapshot(backend).await;
    let network = network(backend, &s).await;
    let list = &s
        .prefix_list("s3-us-east-1")
        .expect("the fixture's list")
        .id;
    // 52.217.1.1 is inside the entry 52.216.0.0/15; db and web also let all traffic out to
    // the world.
    let world = ("all traffic 0.0.0.0/0".to_string(), None);
    assert_eq!(
        found(&s, &network, "ip:52.217.1.1 dir:out"),
        [
            (
                "db".to_string(),
                sorted(vec![
                    world.clone(),
                    (
                        format!("tcp 443 {list}"),
                        Some(format!("via {list} entry 52.216.0.0/15"))
                    ),
                ])
            ),
            ("web".to_string(), vec![world]),
        ]
    );
    assert!(found(&s, &network, &format!("ip:52.218.0.1 pl:{list}")).is_empty());
}

// What moto lacks: DescribeStaleSecurityGroups (its answers are tested in ec2_shapes.rs and on
// the in-memory backend). On moto the call must fail clearly, and nothing else with it.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moto_does_not_answer_stale_groups_and_says_so() {
    let (backend, _client) = common::moto_backend(&contract_account()).await;
    let s = snapshot(&backend).await;
    let vpc = s.group("app").vpc_id.clone().expect("app is in a VPC");
    let err = collect_all(|token| backend.describe_stale_groups_page(vpc.clone(), token))
        .await
        .expect_err("moto 5.2.5 does not implement DescribeStaleSecurityGroups");
    assert_eq!(
        err.code,
        sgtui::ec2::codes::NOT_SUPPORTED_BY_ENDPOINT,
        "{err}"
    );
    assert!(err.is_not_supported_by_endpoint());
    assert_eq!(
        err.message,
        "this endpoint does not answer DescribeStaleSecurityGroups \
         (it answered HTTP 500 without an EC2 error)"
    );
    assert!(
        err.hint().contains("everything else works"),
        "{}",
        err.hint()
    );
    // Non-fatal: the same backend goes on answering.
    let again = snapshot(&backend).await;
    assert_eq!(again.groups.len(), s.groups.len());
}

// The audit signals, judged on what each backend answers: usage from the interfaces and the
// references between groups, risky, wide and redundant rules from the rules. EC2 (and so moto)
// gives every VPC a group named "default" that the fixture cannot hold (seeding one into moto
// is InvalidGroup.Duplicate, and the screens tests list the fixture's groups): the in-memory
// backend is given one per VPC, as EC2 would have it. Stale references are left out: moto lacks
// DescribeStaleSecurityGroups (above), and the in-memory backend's are tested on their own.

contract!(
    memory: crate::with_default_groups(crate::common::contract_account());
    usage_tells_in_use_referenced_unused_and_default,
    risky_wide_and_redundant_rules_are_found_alike,
);

/// The account with a default group in each of its VPCs, as EC2 creates them: all traffic in
/// from the group itself, all traffic out.
fn with_default_groups(mut account: sgtui::ec2::Account) -> sgtui::ec2::Account {
    let vpcs: Vec<String> = account.vpcs.iter().map(|v| v.id.clone()).collect();
    for (n, vpc) in vpcs.iter().enumerate() {
        let id = format!("sg-00000000000000d{n:02}");
        account.groups.push(
            serde_json::from_value(serde_json::json!({
                "id": id,
                "name": "default",
                "description": "default VPC security group",
                "vpc_id": vpc,
                "inbound": [{"protocol": "-1", "referenced_group_id": id}],
                "outbound": [{"protocol": "-1", "cidr_ipv4": "0.0.0.0/0"}],
            }))
            .expect("a default group"),
        );
    }
    account
}

/// The backend's groups, rules and interfaces, judged as the app judges them once the
/// interfaces are loaded.
async fn judged<B: Ec2>(backend: &B) -> (Snapshot, Signals) {
    let s = snapshot(backend).await;
    let mut inventory = Inventory::default();
    inventory.add_groups(s.groups.clone());
    inventory.add_rules(s.rules.clone());
    inventory
        .network_mut()
        .add_interfaces(all_interfaces(backend).await);
    let policy = Policy::default();
    let signals = Signals::compute(
        &inventory,
        &Judged {
            policy: &policy,
            interfaces_known: true,
            stale: &|_| false,
        },
    );
    (s, signals)
}

/// Each group's name and usage, sorted.
fn usages(s: &Snapshot, signals: &Signals) -> Vec<(String, Usage)> {
    let mut found: Vec<(String, Usage)> = s
        .groups
        .iter()
        .map(|g| (g.name.clone(), signals.group(&g.id).usage))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn named(items: &[(&str, Usage)]) -> Vec<(String, Usage)> {
    items.iter().map(|(n, u)| (n.to_string(), *u)).collect()
}

/// A peer as both backends can agree on it: a group or a prefix list by name.
fn peer_named(s: &Snapshot, peer: &Peer) -> String {
    match peer {
        Peer::Group(g) => s
            .groups
            .iter()
            .find(|x| x.id == g.group_id)
            .map_or_else(|| g.group_id.clone(), |x| x.name.clone()),
        Peer::PrefixList(id) => s
            .prefix_lists
            .iter()
            .find(|p| &p.id == id)
            .map_or_else(|| id.clone(), |p| p.name.clone()),
        other => other.short(),
    }
}

fn described(s: &Snapshot, rule: &Rule) -> String {
    format!("{} {}", rule.protocol_ports(), peer_named(s, &rule.peer))
}

/// Every rule that carries a signal: its group, direction, properties with the peer named, its
/// marks and, when redundant, the rule that covers it described the same way.
fn flagged(s: &Snapshot, signals: &Signals) -> Vec<String> {
    let mut found: Vec<String> = s
        .rules
        .iter()
        .filter(|r| !signals.rule(&r.id).is_empty())
        .map(|r| {
            let group = s.groups.iter().find(|g| g.id == r.group_id).unwrap();
            let found = signals.rule(&r.id);
            let cover = found.redundant.as_ref().map_or(String::new(), |c| {
                let by = s.rules.iter().find(|x| x.id == c.rule_id).unwrap();
                assert_eq!(by.group_id, r.group_id, "covered within its group");
                assert_eq!(by.direction, r.direction, "covered within its direction");
                format!(" by {}", described(s, by))
            });
            format!(
                "{} {:?} {} {}{cover}",
                group.name,
                r.direction,
                described(s, r),
                found.marks()
            )
        })
        .collect();
    found.sort();
    found
}

async fn authorize<B: Ec2>(
    backend: &B,
    group_id: &str,
    direction: Direction,
    protocol: Protocol,
    ports: (i32, i32),
    peer: Peer,
) {
    let request = AuthorizeRequest {
        group_id: group_id.to_string(),
        direction,
        protocol,
        ports: PortRange::new(ports.0, ports.1),
        peer,
        description: None,
        tags: Default::default(),
    };
    backend
        .authorize(request, false)
        .await
        .expect("authorize a rule");
}

fn group_peer(group_id: &str) -> Peer {
    Peer::Group(GroupRef {
        group_id: group_id.to_string(),
        user_id: None,
        vpc_id: None,
        peering_status: None,
    })
}

async fn usage_tells_in_use_referenced_unused_and_default<B: Ec2>(backend: &B) {
    let (s, signals) = judged(backend).await;
    // app and db hold interfaces (db migrations is in both), and reference each other; web
    // holds none and nothing references it; each VPC's default group holds none.
    let expected = named(&[
        ("app", Usage::InUse(3)),
        ("db", Usage::InUse(2)),
        ("default", Usage::Default),
        ("default", Usage::Default),
        ("web", Usage::Unused),
    ]);
    assert_eq!(usages(&s, &signals), expected);
    assert_eq!(signals.totals().unused, 1);

    // The default group of web's VPC lets web in, and web itself: only the other group's
    // reference counts, and the default group stays default.
    let web = s.group("web");
    let default = s
        .groups
        .iter()
        .find(|g| g.name == "default" && g.vpc_id == web.vpc_id)
        .expect("the default group of web's VPC");
    authorize(
        backend,
        &default.id,
        Direction::Inbound,
        Protocol::Tcp,
        (443, 443),
        group_peer(&web.id),
    )
    .await;
    authorize(
        backend,
        &web.id,
        Direction::Inbound,
        Protocol::All,
        (-1, -1),
        group_peer(&web.id),
    )
    .await;
    let (s, signals) = judged(backend).await;
    let expected = named(&[
        ("app", Usage::InUse(3)),
        ("db", Usage::InUse(2)),
        ("default", Usage::Default),
        ("default", Usage::Default),
        ("web", Usage::Referenced(1)),
    ]);
    assert_eq!(usages(&s, &signals), expected);
    assert_eq!(signals.totals().unused, 0);
}

async fn risky_wide_and_redundant_rules_are_found_alike<B: Ec2>(backend: &B) {
    let (s, signals) = judged(backend).await;
    // ssh from anywhere is risky; https from anywhere (v4 and v6) is not.
    assert_eq!(flagged(&s, &signals), ["web Inbound tcp 22 0.0.0.0/0 !"]);
    let web = &s.group("web").id;
    assert_eq!(
        signals
            .rule(&s.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0").id)
            .risky,
        Some(Risk::Ports(Protocol::Tcp, vec![22]))
    );

    // All traffic from ::/0 is risky and covers web's tcp 443 from ::/0; a port inside app's
    // debug range from half its CIDR is covered by it; every port to the S3 list covers db's
    // tcp 443 to the same list; a /15 of a provider's public range is wide.
    let app = &s.group("app").id;
    let db = &s.group("db").id;
    let list = s
        .prefix_list("s3-us-east-1")
        .expect("the fixture's list")
        .id
        .clone();
    let v6_world = Peer::Ipv6("::/0".parse().unwrap());
    authorize(
        backend,
        web,
        Direction::Inbound,
        Protocol::All,
        (-1, -1),
        v6_world,
    )
    .await;
    let half = Peer::Ipv4("10.1.2.0/25".parse().unwrap());
    authorize(
        backend,
        app,
        Direction::Inbound,
        Protocol::Tcp,
        (8443, 8443),
        half,
    )
    .await;
    let s3 = Peer::PrefixList(list);
    authorize(
        backend,
        db,
        Direction::Outbound,
        Protocol::Tcp,
        (0, 65535),
        s3,
    )
    .await;
    let provider = Peer::Ipv4("52.94.0.0/15".parse().unwrap());
    authorize(
        backend,
        web,
        Direction::Inbound,
        Protocol::Tcp,
        (8080, 8080),
        provider,
    )
    .await;

    let (s, signals) = judged(backend).await;
    assert_eq!(
        flagged(&s, &signals),
        [
            "app Inbound tcp 8443 10.1.2.0/25 = by tcp 8000-8999 10.1.2.0/24",
            "db Outbound tcp 443 s3-us-east-1 = by tcp all s3-us-east-1",
            "web Inbound all traffic ::/0 !",
            "web Inbound tcp 22 0.0.0.0/0 !",
            "web Inbound tcp 443 ::/0 = by all traffic ::/0",
            "web Inbound tcp 8080 52.94.0.0/15 ~",
        ]
    );
    let totals = signals.totals();
    assert_eq!(
        (totals.risky, totals.wide, totals.redundant, totals.stale),
        (2, 1, 3, 0)
    );
    assert_eq!(signals.group(web).risky, 2);
    assert_eq!(signals.group(db).redundant, 1);
}
