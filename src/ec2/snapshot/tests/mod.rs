//! The snapshot parser on hand-written exports holding every shape EC2 writes (the fixtures in
//! `tests/fixtures/snapshot/`), its errors, its round trip, and the backend that serves it.

mod backend;
mod errors;
mod round_trip;

use super::*;
use crate::model::{Direction, GroupRef, Peer, PortRange, Protocol};

const GROUPS: &str = include_str!("../../../../tests/fixtures/snapshot/security-groups.json");
const RULES: &str = include_str!("../../../../tests/fixtures/snapshot/security-group-rules.json");
const INTERFACES: &str =
    include_str!("../../../../tests/fixtures/snapshot/network-interfaces.json");

const WEB: &str = "sg-0a1b2c3d4e5f60001";
const DB: &str = "sg-0a1b2c3d4e5f60002";
const ESP: &str = "sg-0a1b2c3d4e5f60004";
const CLASSIC: &str = "sg-5e7d3a21";
const OPS: &str = "sg-0a1b2c3d4e5f60007";

fn groups_only() -> Snapshot {
    Snapshot::parse(SnapshotTexts {
        groups: GROUPS,
        ..SnapshotTexts::default()
    })
    .expect("the groups fixture reads")
}

fn whole() -> Snapshot {
    Snapshot::parse(SnapshotTexts {
        groups: GROUPS,
        rules: Some(RULES),
        interfaces: Some(INTERFACES),
    })
    .expect("the three fixtures read")
}

/// The rules of a group in one direction, in the answer's order.
fn rules_of<'a>(s: &'a Snapshot, group: &str, direction: Direction) -> Vec<&'a Rule> {
    (s.rules.iter())
        .filter(|r| r.group_id == group && r.direction == direction)
        .collect()
}

/// The peers of the answer counted from its JSON, apart from the parser.
fn peers_in_json(text: &str) -> usize {
    let answer: serde_json::Value = serde_json::from_str(text).unwrap();
    let groups = answer["SecurityGroups"].as_array().unwrap();
    let lists = [
        "IpRanges",
        "Ipv6Ranges",
        "PrefixListIds",
        "UserIdGroupPairs",
    ];
    (groups.iter())
        .flat_map(|g| ["IpPermissions", "IpPermissionsEgress"].map(|k| g.get(k)))
        .flatten()
        .flat_map(|ps| ps.as_array().unwrap())
        .flat_map(|p| lists.map(|l| p.get(l).and_then(|v| v.as_array()).map_or(0, Vec::len)))
        .sum()
}

#[test]
fn every_peer_of_every_permission_is_one_rule_without_an_id() {
    let s = groups_only();
    assert_eq!(s.groups.len(), 7);
    assert_eq!(s.rules.len(), peers_in_json(GROUPS));
    assert!(!s.rule_ids && s.interfaces.is_none());
    assert!(
        s.rules.iter().all(|r| r.ec2_id().is_none()),
        "no id is made up"
    );
    let keys: std::collections::HashSet<&str> = s.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(keys.len(), s.rules.len(), "each rule has a key of its own");
}

#[test]
fn one_permission_with_many_peers_is_a_rule_per_peer_in_ec2s_order() {
    let s = groups_only();
    let https: Vec<&Rule> = rules_of(&s, WEB, Direction::Inbound)
        .into_iter()
        .filter(|r| r.ports == PortRange::new(443, 443))
        .collect();
    let peers: Vec<String> = https.iter().map(|r| r.peer.short()).collect();
    assert_eq!(
        peers,
        [
            "0.0.0.0/0",
            "198.51.100.0/24",
            "203.0.113.10/32",
            "::/0",
            "2001:db8:1234::/48",
            "pl-0a1b2c3d4e5f67890",
            "sg-0a1b2c3d4e5f60003",
            "sg-0a1b2c3d4e5f60007",
        ]
    );
    assert!(https.iter().all(|r| r.protocol == Protocol::Tcp));
    let descriptions: Vec<Option<&str>> = https.iter().map(|r| r.description.as_deref()).collect();
    assert_eq!(descriptions[0], Some("public HTTPS"));
    assert_eq!(descriptions[2], None, "a missing Description");
    assert_eq!(descriptions[6], Some("from the ALB"));
}

#[test]
fn protocols_and_ports_read_as_ec2_gives_them() {
    let s = groups_only();
    let web_out = rules_of(&s, WEB, Direction::Outbound);
    assert_eq!(web_out.len(), 2);
    assert!(
        (web_out.iter()).all(|r| r.protocol == Protocol::All && r.ports == PortRange::ANY),
        "-1 without FromPort/ToPort"
    );
    let db_out = rules_of(&s, DB, Direction::Outbound);
    assert_eq!(
        (db_out[0].protocol, db_out[0].ports),
        (Protocol::All, PortRange::ANY)
    );
    let web_in = rules_of(&s, WEB, Direction::Inbound);
    let icmp = web_in
        .iter()
        .find(|r| r.protocol == Protocol::Icmp)
        .unwrap();
    assert_eq!(icmp.ports, PortRange::new(-1, -1), "icmp, every type");
    let ping6 = web_in
        .iter()
        .find(|r| r.protocol == Protocol::Icmpv6)
        .unwrap();
    assert_eq!(ping6.ports, PortRange::new(128, -1));
    let esp = rules_of(&s, ESP, Direction::Inbound);
    assert_eq!(
        (esp[0].protocol, esp[0].ports),
        (Protocol::Number(50), PortRange::ANY)
    );
    assert_eq!(esp[0].protocol_ports(), "esp (proto 50)");
    let ops = rules_of(&s, OPS, Direction::Inbound);
    assert_eq!(ops[1].ports, PortRange::new(8000, 8999));
}

#[test]
fn cross_account_peered_and_classic_references_keep_what_ec2_said() {
    let s = groups_only();
    let db_in = rules_of(&s, DB, Direction::Inbound);
    let refs: Vec<&GroupRef> = (db_in.iter())
        .map(|r| match &r.peer {
            Peer::Group(g) => g,
            other => panic!("not a group: {other:?}"),
        })
        .collect();
    assert_eq!(refs[0].user_id.as_deref(), Some("123456789012"));
    let peered = refs[1];
    assert_eq!(peered.group_id, "sg-0f9e8d7c6b5a40321");
    assert_eq!(peered.user_id.as_deref(), Some("210987654321"));
    assert_eq!(peered.vpc_id.as_deref(), Some("vpc-0b2c3d4e5f6a70812"));
    assert_eq!(peered.peering_status.as_deref(), Some("active"));
    let shared = refs[2];
    assert_eq!(shared.user_id.as_deref(), Some("111122223333"));
    assert_eq!((&shared.vpc_id, &shared.peering_status), (&None, &None));
    let classic = rules_of(&s, CLASSIC, Direction::Inbound);
    assert!(
        matches!(&classic[0].peer, Peer::Group(g) if g.user_id.as_deref() == Some("amazon-elb"))
    );
}

#[test]
fn groups_keep_their_vpc_owner_tags_and_text_exactly() {
    let s = groups_only();
    let group = |id: &str| s.groups.iter().find(|g| g.id == id).unwrap();
    let classic = group(CLASSIC);
    assert_eq!(classic.vpc_id, None, "EC2-Classic: no VpcId");
    assert!(rules_of(&s, CLASSIC, Direction::Outbound).is_empty());
    let web = group(WEB);
    assert_eq!(web.vpc_id.as_deref(), Some("vpc-0a1b2c3d4e5f60789"));
    assert_eq!(web.owner_id.as_deref(), Some("123456789012"));
    assert_eq!(web.tags.get("team").map(String::as_str), Some("storefront"));
    assert!(
        group(DB).tags.len() == 1 && group(ESP).tags.is_empty(),
        "Tags may be missing"
    );
    let ops = group(OPS);
    assert_eq!(ops.description, "ops tools \u{2014} jump hosts");
    assert_eq!(ops.tags["owner"], "ops\u{202e}\u{7}");
    assert!(
        rules_of(&s, OPS, Direction::Outbound).is_empty(),
        "no IpPermissionsEgress key"
    );
    let rdp = &rules_of(&s, OPS, Direction::Inbound)[0];
    assert_eq!(
        rdp.description.as_deref(),
        Some("RDP for caf\u{e9} staff \x1b[31mred\x1b[0m \u{202e}evil\u{202c}")
    );
}

#[test]
fn the_rules_answer_gives_each_rule_its_id_and_tags() {
    let s = whole();
    assert!(s.rule_ids);
    let answer: RulesAnswer = serde_json::from_str(RULES).unwrap();
    let mut from_file: Vec<&str> = (answer.security_group_rules.iter())
        .map(|r| r.security_group_rule_id.as_str())
        .collect();
    let mut given: Vec<&str> = s.rules.iter().map(|r| r.ec2_id().unwrap()).collect();
    from_file.sort();
    given.sort();
    assert_eq!(given, from_file, "every rule once, with the file's id");
    for shape in &answer.security_group_rules {
        let rule = (s.rules.iter())
            .find(|r| r.id == shape.security_group_rule_id)
            .unwrap();
        assert_eq!(rule.group_id, shape.group_id);
        assert_eq!(rule.direction, Direction::from_egress(shape.is_egress));
        assert_eq!(rule.protocol.api_name(), shape.ip_protocol);
        assert_eq!(rule.tags, groups::tags_of(&shape.tags));
    }
    assert!(s.rules.iter().any(|r| r.tags.contains_key("ticket")));
    assert!(s.notes.is_empty(), "{:?}", s.notes);
}

#[test]
fn interfaces_read_each_address_once() {
    let s = whole();
    let interfaces = s.interfaces.as_ref().unwrap();
    assert_eq!(interfaces.len(), 4);
    let web = &interfaces[0];
    let private: Vec<String> = web.private_ips.iter().map(ToString::to_string).collect();
    assert_eq!(private, ["10.20.1.10", "10.20.1.11"]);
    let public: Vec<String> = web.public_ips.iter().map(ToString::to_string).collect();
    assert_eq!(public, ["198.51.100.200"]);
    assert_eq!(web.ipv6[0].to_string(), "2001:db8:1234:1::10");
    assert_eq!(web.attachment.as_deref(), Some("i-0a1b2c3d4e5f60001"));
    let alb = &interfaces[1];
    assert_eq!(
        (alb.attachment.as_deref(), alb.requester_id.as_deref()),
        (None, Some("amazon-elb"))
    );
    let lambda = &interfaces[3];
    assert_eq!(lambda.interface_type, "lambda");
    assert_eq!(lambda.group_ids, [OPS, "sg-0a1b2c3d4e5f60006"]);
}
