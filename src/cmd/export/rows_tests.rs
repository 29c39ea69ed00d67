use super::{COLUMNS, Row, rows};
use crate::analysis::{Judged, Matcher, Policy, RuleSignals, Signals};
use crate::inventory::Inventory;
use crate::model::lang::Filter;
use crate::model::{
    Direction, GroupRef, NetworkInterface, Peer, PortRange, Protocol, Rule, SecurityGroup,
};

fn group(id: &str, name: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: "a group".into(),
        vpc_id: Some("vpc-1".into()),
        owner_id: None,
        tags: Default::default(),
        listed_rules: None,
    }
}

fn rule(id: &str, group: &str, direction: Direction, ports: (i32, i32), peer: Peer) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction,
        protocol: if ports.0 < 0 {
            Protocol::All
        } else {
            Protocol::Tcp
        },
        ports: PortRange::new(ports.0, ports.1),
        peer,
        description: None,
        tags: Default::default(),
    }
}

fn v4(s: &str) -> Peer {
    Peer::Ipv4(s.parse().unwrap())
}

fn to_group(id: &str) -> Peer {
    Peer::Group(GroupRef {
        group_id: id.into(),
        user_id: Some("111111111111".into()),
        vpc_id: None,
        peering_status: None,
    })
}

#[test]
fn a_rule_is_one_row_of_plain_values() {
    let web = group("sg-1", "web");
    let mut ssh = rule(
        "sgr-1",
        "sg-1",
        Direction::Inbound,
        (22, 22),
        v4("0.0.0.0/0"),
    );
    ssh.description = Some("ssh, \"anywhere\"".into());
    let row = Row::of(Some("eu-west-1"), &web, &ssh, &RuleSignals::default());
    assert_eq!(
        row,
        Row {
            region: Some("eu-west-1".into()),
            group_id: "sg-1".into(),
            group_name: "web".into(),
            vpc_id: Some("vpc-1".into()),
            rule_id: Some("sgr-1".into()),
            direction: "in",
            protocol: "tcp".into(),
            from_port: 22,
            to_port: 22,
            peer_kind: "cidr4",
            peer: "0.0.0.0/0".into(),
            signals: String::new(),
            reasons: vec![],
            description: Some("ssh, \"anywhere\"".into()),
        }
    );
    let cells = row.cells();
    assert_eq!(cells.len(), COLUMNS.len());
    assert_eq!(cells[5].as_deref(), Some("in"));
    assert_eq!(cells[12].as_deref(), Some("ssh, \"anywhere\""));
}

#[test]
fn each_peer_has_its_kind_and_ec2s_protocol_and_ports() {
    let web = group("sg-1", "web");
    let kinds = [
        (v4("10.0.0.0/8"), "cidr4", "10.0.0.0/8"),
        (
            Peer::Ipv6("2001:db8::/32".parse().unwrap()),
            "cidr6",
            "2001:db8::/32",
        ),
        (Peer::PrefixList("pl-1".into()), "prefix-list", "pl-1"),
        (to_group("sg-2"), "group", "sg-2"),
        (Peer::Unknown("odd".into()), "unknown", "odd"),
    ];
    for (peer, kind, value) in kinds {
        let all = rule("sgr-9", "sg-1", Direction::Outbound, (-1, -1), peer);
        let row = Row::of(None, &web, &all, &RuleSignals::default());
        assert_eq!((row.peer_kind, row.peer.as_str()), (kind, value));
        assert_eq!((row.direction, row.protocol.as_str()), ("out", "-1"));
        assert_eq!((row.from_port, row.to_port), (-1, -1));
        assert_eq!(
            (row.region.as_ref(), row.description.as_ref()),
            (None, None)
        );
    }
    let mut icmp = rule(
        "sgr-8",
        "sg-1",
        Direction::Inbound,
        (8, -1),
        v4("10.0.0.0/8"),
    );
    icmp.protocol = Protocol::Icmp;
    let row = Row::of(None, &web, &icmp, &RuleSignals::default());
    assert_eq!(
        (row.protocol.as_str(), row.from_port, row.to_port),
        ("icmp", 8, -1)
    );
    icmp.protocol = Protocol::Number(50);
    assert_eq!(
        Row::of(None, &web, &icmp, &RuleSignals::default()).protocol,
        "50"
    );
}

/// Two groups, given out of order: web (sg-1) with an outbound rule, a redundant ssh rule and
/// the all-ports rule covering it (first in the pane: ports 0-65535 sort before 22); app (sg-2)
/// with one rule from web.
fn inventory() -> Inventory {
    let mut inventory = Inventory::default();
    inventory.add_rules(vec![
        rule(
            "sgr-out",
            "sg-1",
            Direction::Outbound,
            (-1, -1),
            v4("0.0.0.0/0"),
        ),
        rule(
            "sgr-ssh",
            "sg-1",
            Direction::Inbound,
            (22, 22),
            v4("0.0.0.0/0"),
        ),
        rule(
            "sgr-all",
            "sg-1",
            Direction::Inbound,
            (0, 65535),
            v4("0.0.0.0/0"),
        ),
        rule(
            "sgr-app",
            "sg-2",
            Direction::Inbound,
            (8080, 8080),
            to_group("sg-1"),
        ),
    ]);
    inventory.add_groups(vec![group("sg-1", "web"), group("sg-2", "app")]);
    inventory
}

fn signals(inventory: &Inventory) -> Signals {
    let judged = Judged {
        policy: &Policy::default(),
        interfaces_known: true,
        stale: &|_| false,
    };
    Signals::compute(inventory, &judged)
}

/// The rule ids of the rows `filter` gives, in order.
fn ids(inventory: &Inventory, filter: &str) -> Vec<String> {
    let filter = Filter::parse(filter).unwrap();
    let signals = signals(inventory);
    let matcher = Matcher::new(&filter, inventory.network()).with_signals(Some(&signals));
    rows(inventory, Some("r"), &matcher, &signals)
        .map(|row| row.rule_id.expect("an id"))
        .collect()
}

#[test]
fn rows_come_in_the_panes_order_groups_by_name_inbound_then_outbound() {
    let inventory = inventory();
    assert_eq!(
        ids(&inventory, ""),
        ["sgr-app", "sgr-all", "sgr-ssh", "sgr-out"]
    );
}

#[test]
fn the_filter_keeps_the_rules_it_matches_one_by_one() {
    let inventory = inventory();
    assert_eq!(
        ids(&inventory, "port:22"),
        ["sgr-all", "sgr-ssh", "sgr-out"]
    );
    assert_eq!(ids(&inventory, "port:22 dir:in"), ["sgr-all", "sgr-ssh"]);
    assert_eq!(ids(&inventory, "web"), ["sgr-all", "sgr-ssh", "sgr-out"]);
    assert_eq!(ids(&inventory, "-port:22"), ["sgr-app"]);
    assert_eq!(ids(&inventory, "sg:sg-1"), ["sgr-app"]);
    assert!(ids(&inventory, "stale").is_empty());
}

#[test]
fn signal_words_are_judged_and_each_row_carries_its_marks_and_reasons() {
    let inventory = inventory();
    assert_eq!(ids(&inventory, "risky"), ["sgr-all", "sgr-ssh"]);
    assert_eq!(ids(&inventory, "redundant"), ["sgr-ssh"]);
    assert_eq!(
        ids(&inventory, "unused"),
        ["sgr-app"],
        "app: no interface, no reference"
    );
    let filter = Filter::default();
    let signals = signals(&inventory);
    let matcher = Matcher::new(&filter, inventory.network()).with_signals(Some(&signals));
    let ssh = rows(&inventory, None, &matcher, &signals)
        .find(|r| r.rule_id.as_deref() == Some("sgr-ssh"))
        .unwrap();
    assert_eq!(ssh.signals, "!=");
    assert_eq!(ssh.reasons.len(), 2);
    assert!(ssh.reasons[0].starts_with("! risky: "), "{:?}", ssh.reasons);
    assert!(
        ssh.reasons[1].starts_with("= redundant: covered by sgr-all"),
        "{:?}",
        ssh.reasons
    );
}

#[test]
fn ip_looks_through_the_interfaces_of_a_referenced_group() {
    let mut inventory = inventory();
    assert_eq!(
        ids(&inventory, "ip:10.9.9.9"),
        ["sgr-all", "sgr-ssh", "sgr-out"]
    );
    assert!(ids(&inventory, "ip:10.9.9.9 sg:sg-1").is_empty());
    let eni = NetworkInterface::sample("eni-1", &["sg-1"], "10.9.9.9");
    inventory.network_mut().add_interfaces(vec![eni]);
    assert_eq!(ids(&inventory, "ip:10.9.9.9 sg:sg-1"), ["sgr-app"]);
}
