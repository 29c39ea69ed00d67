use super::super::MemoryEc2;
use super::*;
use crate::ec2::{Ec2, collect_all};
use crate::model::{PortRange, Protocol};

const ACCOUNT: &str = "123456789012";

/// `app` and `db` in vpc-app, `live` across the peering pcx-1 in vpc-peer. `app` references
/// two deleted groups of vpc-peer (on one port), `live` over a deleted peering, and `live` as
/// it is; `web` references a deleted group of another account's VPC over no known peering.
const JSON: &str = r#"{
  "account_id": "123456789012", "region": "eu-west-1",
  "vpcs": [{"id": "vpc-app", "cidr": "10.0.0.0/16"}, {"id": "vpc-peer", "cidr": "10.1.0.0/16"},
           {"id": "vpc-empty", "cidr": "10.2.0.0/16"}],
  "groups": [
    {"id": "sg-app", "name": "app", "description": "app servers", "vpc_id": "vpc-app",
     "inbound": [
       {"id": "sgr-1", "protocol": "tcp", "from_port": 5432, "to_port": 5432,
        "referenced_group_id": "sg-gone1", "referenced_vpc_id": "vpc-peer",
        "vpc_peering_connection_id": "pcx-1"},
       {"id": "sgr-2", "protocol": "tcp", "from_port": 5432, "to_port": 5432,
        "referenced_group_id": "sg-gone2", "referenced_vpc_id": "vpc-peer",
        "vpc_peering_connection_id": "pcx-1"},
       {"id": "sgr-3", "protocol": "tcp", "from_port": 443, "to_port": 443,
        "referenced_group_id": "sg-live", "referenced_vpc_id": "vpc-peer",
        "vpc_peering_connection_id": "pcx-1"},
       {"id": "sgr-4", "protocol": "udp", "from_port": 53, "to_port": 53,
        "referenced_group_id": "sg-live", "referenced_vpc_id": "vpc-peer",
        "vpc_peering_connection_id": "pcx-1", "peering_status": "deleted"},
       {"id": "sgr-5", "protocol": "tcp", "from_port": 22, "to_port": 22,
        "referenced_group_id": "sg-db"}],
     "outbound": [
       {"id": "sgr-6", "protocol": "-1", "referenced_group_id": "sg-gone1",
        "referenced_vpc_id": "vpc-peer", "vpc_peering_connection_id": "pcx-1"}]},
    {"id": "sg-web", "name": "web", "description": "web", "vpc_id": "vpc-app",
     "inbound": [
       {"id": "sgr-7", "protocol": "tcp", "from_port": 80, "to_port": 80,
        "referenced_group_id": "sg-gone3", "referenced_vpc_id": "vpc-other",
        "referenced_user_id": "210987654321"}]},
    {"id": "sg-db", "name": "db", "description": "db", "vpc_id": "vpc-app",
     "inbound": [{"id": "sgr-8", "protocol": "tcp", "from_port": 5432, "to_port": 5432,
                  "referenced_group_id": "sg-app"}]},
    {"id": "sg-live", "name": "live", "description": "peer", "vpc_id": "vpc-peer",
     "inbound": [{"id": "sgr-9", "protocol": "tcp", "from_port": 443, "to_port": 443,
                  "referenced_group_id": "sg-app", "referenced_vpc_id": "vpc-app",
                  "vpc_peering_connection_id": "pcx-1"}]}
  ],
  "denied": []
}"#;

fn backend(page_size: usize) -> MemoryEc2 {
    MemoryEc2::new(Account::from_json(JSON).expect("valid JSON"))
        .expect("a valid account")
        .with_page_size(page_size)
}

async fn stale_of(b: &MemoryEc2, vpc: &str) -> Result<Vec<StaleGroup>, ApiError> {
    collect_all(|t| b.describe_stale_groups_page(vpc.into(), t)).await
}

fn pair(group: &str, vpc: &str, user: &str) -> StaleGroupPair {
    StaleGroupPair {
        group_id: group.into(),
        group_name: None,
        user_id: Some(user.into()),
        vpc_id: Some(vpc.into()),
        vpc_peering_connection_id: None,
        peering_status: None,
    }
}

fn over_pcx(mut p: StaleGroupPair, status: &str) -> StaleGroupPair {
    p.vpc_peering_connection_id = Some("pcx-1".into());
    p.peering_status = Some(status.into());
    p
}

fn stale_rule(protocol: Protocol, port: i32, groups: Vec<StaleGroupPair>) -> StaleRule {
    StaleRule {
        protocol,
        ports: PortRange::new(port, port),
        groups,
        prefix_list_ids: vec![],
        ip_ranges: vec![],
    }
}

#[tokio::test]
async fn references_to_deleted_groups_or_over_a_deleted_peering_are_stale() {
    let stale = stale_of(&backend(25), "vpc-app").await.unwrap();
    let gone = |g: &str| over_pcx(pair(g, "vpc-peer", ACCOUNT), "active");
    let mut live_over_deleted = over_pcx(pair("sg-live", "vpc-peer", ACCOUNT), "deleted");
    live_over_deleted.group_name = Some("live".into());
    assert_eq!(
        stale,
        [
            StaleGroup {
                id: "sg-app".into(),
                name: "app".into(),
                vpc_id: Some("vpc-app".into()),
                description: "app servers".into(),
                inbound: vec![
                    // Two references on one port are one permission, as EC2 folds them.
                    stale_rule(
                        Protocol::Tcp,
                        5432,
                        vec![gone("sg-gone1"), gone("sg-gone2")]
                    ),
                    stale_rule(Protocol::Udp, 53, vec![live_over_deleted]),
                ],
                outbound: vec![stale_rule(Protocol::All, -1, vec![gone("sg-gone1")])],
            },
            StaleGroup {
                id: "sg-web".into(),
                name: "web".into(),
                vpc_id: Some("vpc-app".into()),
                description: "web".into(),
                inbound: vec![stale_rule(
                    Protocol::Tcp,
                    80,
                    vec![pair("sg-gone3", "vpc-other", "210987654321")]
                )],
                outbound: vec![],
            },
        ]
    );
}

#[tokio::test]
async fn the_model_recognises_exactly_the_stale_rules() {
    let b = backend(25);
    let stale = stale_of(&b, "vpc-app").await.unwrap();
    let is_stale = |rule: &Rule| stale.iter().any(|g| g.is_stale(rule));
    let mut found: Vec<String> = b
        .rules()
        .into_iter()
        .filter(|r| is_stale(r))
        .map(|r| r.id)
        .collect();
    found.sort();
    assert_eq!(found, ["sgr-1", "sgr-2", "sgr-4", "sgr-6", "sgr-7"]);
}

#[tokio::test]
async fn a_live_reference_across_the_peering_is_not_stale() {
    let b = backend(25);
    assert_eq!(stale_of(&b, "vpc-peer").await, Ok(vec![]));
    assert_eq!(stale_of(&b, "vpc-empty").await, Ok(vec![]));
    let app = stale_of(&b, "vpc-app").await.unwrap();
    let tcp_443 = app[0].inbound.iter().any(|r| r.ports.from == 443);
    assert!(!tcp_443, "sg-live exists: {app:?}");
}

#[tokio::test]
async fn pages_join_up() {
    let b = backend(1);
    let first = b
        .describe_stale_groups_page("vpc-app".into(), None)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].id, "sg-app");
    let second = b
        .describe_stale_groups_page("vpc-app".into(), first.next_token.clone())
        .await
        .unwrap();
    assert_eq!(second.items[0].id, "sg-web");
    assert_eq!(second.next_token, None);
    let whole = stale_of(&backend(25), "vpc-app").await.unwrap();
    assert_eq!(stale_of(&b, "vpc-app").await.unwrap(), whole);
    let bad = b
        .describe_stale_groups_page("vpc-app".into(), Some("9".into()))
        .await;
    assert_eq!(bad.unwrap_err().code, "InvalidNextToken");
}

#[tokio::test]
async fn an_unknown_vpc_is_not_found() {
    let b = backend(25);
    for vpc in ["vpc-nope", "vpc-other", ""] {
        let err = stale_of(&b, vpc).await.unwrap_err();
        assert_eq!(err.code, codes::VPC_NOT_FOUND, "{vpc}");
        assert_eq!(err.message, format!("The vpc ID '{vpc}' does not exist"));
    }
}

#[tokio::test]
async fn iam_can_deny_the_call() {
    let json = JSON.replace(
        r#""denied": []"#,
        r#""denied": [{"action": "DescribeStaleSecurityGroups"}]"#,
    );
    let b = MemoryEc2::new(Account::from_json(&json).unwrap()).unwrap();
    let err = stale_of(&b, "vpc-app").await.unwrap_err();
    assert_eq!(err.code, codes::UNAUTHORIZED);
}

#[tokio::test]
async fn a_revoked_stale_rule_is_stale_no_more() {
    let b = backend(25);
    assert!(b.delete_rule_out_of_band("sgr-7"));
    let stale = stale_of(&b, "vpc-app").await.unwrap();
    let ids: Vec<&str> = stale.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["sg-app"]);
}

#[test]
fn a_peering_needs_a_remote_vpc_a_reference_and_a_local_vpc() {
    let load = |rule: &str, group_vpc: &str| {
        let json = format!(
            r#"{{"account_id": "1", "region": "r", "groups": [{{"id": "sg-1", "name": "a",
                 "description": "a", {group_vpc} "inbound": [{rule}]}}]}}"#
        );
        MemoryEc2::new(Account::from_json(&json).unwrap()).err()
    };
    let in_vpc = r#""vpc_id": "vpc-1","#;
    let no_vpc = r#"{"id": "sgr-1", "protocol": "tcp", "from_port": 1, "to_port": 1,
        "referenced_group_id": "sg-9", "vpc_peering_connection_id": "pcx-1"}"#;
    assert_eq!(
        load(no_vpc, in_vpc).as_deref(),
        Some("rule sgr-1: vpc_peering_connection_id needs referenced_vpc_id")
    );
    let no_group = r#"{"id": "sgr-1", "protocol": "tcp", "cidr_ipv4": "10.0.0.0/8",
        "referenced_vpc_id": "vpc-2"}"#;
    assert_eq!(
        load(no_group, in_vpc).as_deref(),
        Some("rule sgr-1: a referenced account, VPC or peering needs referenced_group_id")
    );
    let fine = r#"{"id": "sgr-1", "protocol": "tcp", "from_port": 1, "to_port": 1,
        "referenced_group_id": "sg-9", "referenced_vpc_id": "vpc-2",
        "vpc_peering_connection_id": "pcx-1"}"#;
    assert_eq!(load(fine, in_vpc), None);
    assert_eq!(
        load(fine, "").as_deref(),
        Some("group sg-1: a rule crosses pcx-1, but the group is in no VPC")
    );
}

#[tokio::test]
async fn the_demo_shows_stale_references_in_both_directions() {
    let demo = Account::demo();
    let vpcs: Vec<String> = demo.vpcs.iter().map(|v| v.id.clone()).collect();
    let b = MemoryEc2::new(demo).unwrap();
    let mut stale = Vec::new();
    for vpc in &vpcs {
        stale.extend(stale_of(&b, vpc).await.expect("every demo VPC answers"));
    }
    let inbound: usize = stale.iter().map(|g| g.inbound.len()).sum();
    let outbound: usize = stale.iter().map(|g| g.outbound.len()).sum();
    assert!(inbound >= 1 && outbound >= 1, "{stale:?}");
    let pairs = stale
        .iter()
        .flat_map(|g| g.inbound.iter().chain(&g.outbound))
        .flat_map(|r| &r.groups);
    for pair in pairs {
        assert!(pair.vpc_peering_connection_id.is_some(), "{pair:?}");
        assert!(pair.group_name.is_none(), "the group is gone: {pair:?}");
    }
}

#[tokio::test]
async fn a_revoked_stale_rule_cannot_be_put_back() {
    use crate::ec2::{AuthorizeRequest, RevokeRequest};
    let b = backend(25);
    let rule = b.rules().into_iter().find(|r| r.id == "sgr-1").unwrap();
    let request = RevokeRequest::by_ids("sg-app", Direction::Inbound, vec!["sgr-1".into()]);
    b.revoke(request, false).await.expect("revoked");
    let again = AuthorizeRequest {
        group_id: rule.group_id.clone(),
        direction: rule.direction,
        protocol: rule.protocol,
        ports: rule.ports,
        peer: rule.peer.clone(),
        description: None,
        tags: Default::default(),
    };
    // The dry run checks permissions only; the real call finds the group gone.
    let dry = b.authorize(again.clone(), true).await.unwrap_err();
    assert_eq!(dry.code, codes::DRY_RUN_OPERATION);
    let err = b.authorize(again, false).await.unwrap_err();
    assert_eq!(err.code, codes::GROUP_NOT_FOUND);
    assert_eq!(err.message, "The security group 'sg-gone1' does not exist");
    // The live group across the peering can be referenced again.
    let live = b.rules().into_iter().find(|r| r.id == "sgr-3").unwrap();
    let request = RevokeRequest::by_ids("sg-app", Direction::Inbound, vec!["sgr-3".into()]);
    b.revoke(request, false).await.expect("revoked");
    let back = AuthorizeRequest {
        group_id: live.group_id,
        direction: live.direction,
        protocol: live.protocol,
        ports: live.ports,
        peer: live.peer,
        description: None,
        tags: Default::default(),
    };
    assert!(b.authorize(back, false).await.is_ok());
}
